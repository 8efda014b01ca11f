/* main.c: the prefs-sandbox command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox-main"

#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "prefs-sandbox.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static char *
default_db_path (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "prefs-console", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_build_filename (dir, "sandbox.db", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *listen = NULL;
  g_autofree char *db = NULL;
  g_autofree char *secret_key = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *signing_key_file = NULL;
  g_autofree char *fault = NULL;
  gboolean seed_demo = FALSE;
  gboolean rate_limits = FALSE;
  int seed_users = 0;
  int bulk_limit = PREFS_SANDBOX_DEFAULT_BULK_LIMIT;
  const GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address to serve on; port 0 picks a free port (default 127.0.0.1:4010)", "ADDR:PORT" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      "SQLite database file, or :memory: (default $XDG_DATA_HOME/prefs-console/sandbox.db)",
      "PATH" },
    { "seed-demo", 0, 0, G_OPTION_ARG_NONE, &seed_demo,
      "Add the demo people (John Hammond, Ian Malcolm…) and their preference sets", NULL },
    { "seed-users", 0, 0, G_OPTION_ARG_INT, &seed_users,
      "Add N generated users (user-0000001, …)", "N" },
    { "secret-key", 0, 0, G_OPTION_ARG_STRING, &secret_key,
      "Secret API key that may call everything (default " PREFS_SANDBOX_DEFAULT_SECRET_KEY ")",
      "KEY" },
    { "public-key", 0, 0, G_OPTION_ARG_STRING, &public_key,
      "Public API key for client SDKs; needs a user token (default "
      PREFS_SANDBOX_DEFAULT_PUBLIC_KEY ")", "KEY" },
    { "signing-key-public", 0, 0, G_OPTION_ARG_FILENAME, &signing_key_file,
      "PEM public key that verifies RS256 user tokens (X-Knock-User-Token)", "PEM-FILE" },
    { "rate-limits", 0, 0, G_OPTION_ARG_NONE, &rate_limits,
      "Enforce Knock's rate-limit tiers and answer 429 with Retry-After", NULL },
    { "bulk-limit", 0, 0, G_OPTION_ARG_INT, &bulk_limit,
      "Most entries a bulk request may carry (default 1000)", "N" },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &fault,
      "Inject faults into writes: latency=MS,error-rate=R,rate-limit-rate=R,drop-rate=R,"
      "seed=N,bulk-delay=MS", "SPEC" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  guint sigint_id, sigterm_id;

  context = g_option_context_new ("- serve Knock's preferences API on loopback");
  g_option_context_set_summary (context,
                                "Serves the users, preference sets and bulk operations of "
                                "Knock's REST API (/v1/…) from a local SQLite database, for "
                                "the console, its tests and Knock's own SDKs.\n\n"
                                "The first line written to standard output is "
                                "“listening on http://ADDR:PORT”.");
  g_option_context_set_description (context,
                                    "Server SDKs authenticate with “Authorization: Bearer "
                                    "SECRET-KEY”; client SDKs with the public key and an RS256 "
                                    "user token signed by the key matching --signing-key-public.\n"
                                    "SIGINT or SIGTERM stops the server cleanly; unfinished bulk "
                                    "operations resume at the next start.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("prefs-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (argc > 1)
    {
      g_printerr ("prefs-sandbox: unexpected argument “%s” (see --help)\n", argv[1]);
      return EXIT_FAILURE;
    }
  if (seed_users < 0 || bulk_limit < 1)
    {
      g_printerr ("prefs-sandbox: --seed-users must be 0 or more and --bulk-limit 1 or more\n");
      return EXIT_FAILURE;
    }

  if (db == NULL && (db = default_db_path (&error)) == NULL)
    {
      g_printerr ("prefs-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  sandbox = prefs_sandbox_new (db, &error);
  if (sandbox == NULL)
    {
      g_printerr ("prefs-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (secret_key != NULL)
    prefs_sandbox_set_secret_key (sandbox, secret_key);
  if (public_key != NULL)
    prefs_sandbox_set_public_key (sandbox, public_key);
  prefs_sandbox_set_rate_limits (sandbox, rate_limits);
  prefs_sandbox_set_bulk_limit (sandbox, (guint) bulk_limit);

  if (signing_key_file != NULL)
    {
      g_autofree char *pem = NULL;

      if (!g_file_get_contents (signing_key_file, &pem, NULL, &error) ||
          !prefs_sandbox_set_signing_key_pem (sandbox, pem, &error))
        {
          g_printerr ("prefs-sandbox: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  if (!prefs_sandbox_set_fault_spec (sandbox, fault, &error) ||
      (seed_demo && !prefs_sandbox_seed_demo (sandbox, &error)) ||
      (seed_users > 0 && !prefs_sandbox_seed_users (sandbox, (guint) seed_users, &error)))
    {
      g_printerr ("prefs-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (!prefs_sandbox_start (sandbox, listen != NULL ? listen : "127.0.0.1:4010", &error))
    {
      g_printerr ("prefs-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Whoever starts us reads the first line to learn the port. */
  printf ("listening on %s\n", prefs_sandbox_get_base_url (sandbox));
  printf ("secret key: %s\n", secret_key != NULL ? secret_key : PREFS_SANDBOX_DEFAULT_SECRET_KEY);
  printf ("public key: %s\n", public_key != NULL ? public_key : PREFS_SANDBOX_DEFAULT_PUBLIC_KEY);
  printf ("database: %s\n", db);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  prefs_sandbox_stop (sandbox);
  return EXIT_SUCCESS;
}

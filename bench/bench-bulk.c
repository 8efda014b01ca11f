/* bench-bulk.c: one preset applied to many users through PrefsBulkJob, timed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-bulk BASE-URL SECRET-KEY N-USERS ID-PREFIX
 *
 * Applies Knock's documented example set as "default" to the users
 * ID-PREFIX00001 … and prints one line of key=value pairs for run-bench.
 */

#define G_LOG_DOMAIN "prefs-bench-bulk"

#include "config.h"

#include <string.h>

#include "prefs-bulk-job.h"

/* The body of "Setting the users preferences" in Knock's docs. */
static const char seed_body[] =
  "{\"channel_types\": {\"email\": true, \"sms\": false},"
  " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\":"
  " {\"email\": false, \"in_app_feed\": true, \"sms\": true}}}}";

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
  gboolean   timed_out;
  guint      n_errors;    /* attempts answered neither 2xx nor 429, or not at all */
  guint      n_bulk;      /* bulk POST attempts */
  guint      n_polls;     /* bulk operation GET attempts */
} Bench;

static void
on_response (PrefsClient *client,
             const char  *method,
             const char  *path,
             guint        status,
             gpointer     user_data)
{
  Bench *bench = user_data;

  if (status == 0 || (status >= 300 && status != 429))
    bench->n_errors++;
  if (g_strcmp0 (method, "POST") == 0)
    bench->n_bulk++;
  else if (path != NULL && strstr (path, "bulk_operations/") != NULL)
    bench->n_polls++;
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *bench = user_data;

  bench->ok = prefs_bulk_job_run_finish (PREFS_BULK_JOB (source), result, &bench->error);
  g_main_loop_quit (bench->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Bench *bench = user_data;

  g_set_error_literal (&bench->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "the job did not end within its time limit");
  bench->timed_out = TRUE;
  g_main_loop_quit (bench->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsClient) client = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autoptr(PrefsBulkJob) job = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Bench bench = { 0 };
  guint64 n_users;
  gint64 started, ended;
  guint timeout_id;

  if (argc != 5 ||
      !g_ascii_string_to_unsigned (argv[3], 10, 1, 10000000, &n_users, NULL))
    {
      g_printerr ("usage: %s BASE-URL SECRET-KEY N-USERS ID-PREFIX\n", argv[0]);
      return 2;
    }

  set = prefs_preference_set_new_from_data (seed_body, -1, &error);
  if (set == NULL)
    {
      g_printerr ("bench-bulk: %s\n", error->message);
      return 1;
    }
  prefs_preference_set_set_id (set, "default");

  ids = g_ptr_array_new_full ((guint) n_users + 1, g_free);
  for (guint64 i = 1; i <= n_users; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%s%05" G_GUINT64_FORMAT, argv[4], i));
  g_ptr_array_add (ids, NULL);

  client = prefs_client_new (NULL, argv[1], argv[2]);
  loop = g_main_loop_new (NULL, FALSE);
  bench.loop = loop;
  g_signal_connect (client, "response", G_CALLBACK (on_response), &bench);

  /* Building the job validates and de-duplicates the ids, so it is timed. */
  started = g_get_monotonic_time ();
  job = prefs_bulk_job_new (client, set, (const char * const *) ids->pdata, -1);
  prefs_bulk_job_run_async (job, NULL, on_run_done, &bench);
  timeout_id = g_timeout_add_seconds (600, on_timeout, &bench);
  g_main_loop_run (loop);
  ended = g_get_monotonic_time ();
  if (!bench.timed_out)
    g_source_remove (timeout_id);

  g_print ("seconds=%.3f requests=%u bulk_requests=%u poll_requests=%u rate_limited=%u "
           "retries=%u errors=%u chunks=%u submitted=%" G_GUINT64_FORMAT
           " succeeded=%" G_GUINT64_FORMAT " failed_rows=%" G_GUINT64_FORMAT " outcome=%s\n",
           (ended - started) / 1e6,
           prefs_client_get_n_requests (client),
           bench.n_bulk, bench.n_polls,
           prefs_client_get_n_rate_limited (client),
           prefs_client_get_n_retries (client),
           bench.n_errors,
           prefs_bulk_job_get_n_chunks (job),
           prefs_bulk_job_get_n_submitted (job),
           prefs_bulk_job_get_n_succeeded (job),
           prefs_bulk_job_get_n_failed (job),
           bench.ok ? "completed" : "failed");
  if (!bench.ok)
    {
      g_printerr ("bench-bulk: %s\n", bench.error != NULL ? bench.error->message : "unknown error");
      g_clear_error (&bench.error);
      return 1;
    }
  return 0;
}

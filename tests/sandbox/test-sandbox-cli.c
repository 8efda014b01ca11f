/* test-sandbox-cli.c: the prefs-sandbox command as a process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-test-sandbox-cli"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "prefs-sandbox.h"
#include "sandbox-test-util.h"

#define SK PREFS_SANDBOX_DEFAULT_SECRET_KEY

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  char             *base_url;
} Running;

static void
running_clear (Running *running)
{
  g_clear_object (&running->out);
  g_clear_object (&running->process);
  g_clear_pointer (&running->base_url, g_free);
}

static void
start_sandbox (Running    *running,
               const char *db,
               const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) PREFS_SANDBOX_EXE);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  if (extra != NULL)
    g_ptr_array_add (argv, (char *) extra);
  g_ptr_array_add (argv, NULL);

  running->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  running->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (running->process));
  line = g_data_input_stream_read_line_utf8 (running->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_regex_match_simple ("^listening on http://127\\.0\\.0\\.1:[1-9][0-9]*$", line, 0, 0));
  running->base_url = g_strdup (line + strlen ("listening on "));
}

static TestResponse *
call (SoupSession *session,
      Running     *running,
      const char  *method,
      const char  *path,
      const char  *body)
{
  g_autofree char *url = g_strconcat (running->base_url, path, NULL);

  return test_http (session, method, url, SK, NULL, body);
}

static char *
make_db_path (char **out_dir)
{
  g_autoptr(GError) error = NULL;

  *out_dir = g_dir_make_tmp ("prefs-sandbox-cli-XXXXXX", &error);
  g_assert_no_error (error);
  return g_build_filename (*out_dir, "sandbox.db", NULL);
}

static void
remove_db (const char *dir,
           const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static void
test_cli_serves_and_stops (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = make_db_path (&dir);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  Running running = { 0, };

  start_sandbox (&running, db, "--seed-demo");
  {
    g_autoptr(TestResponse) r = call (session, &running, "GET", "/v1/users/jhammond", NULL);
    JsonObject *user;

    g_assert_no_error (r->error);
    g_assert_cmpuint (r->status, ==, 200);
    user = test_response_object (r);
    g_assert_cmpstr (test_member_string (user, "name"), ==, "John Hammond");
  }

  g_subprocess_send_signal (running.process, SIGTERM);
  g_assert_true (g_subprocess_wait (running.process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (running.process));
  g_assert_cmpint (g_subprocess_get_exit_status (running.process), ==, 0);
  running_clear (&running);
  remove_db (dir, db);
}

static void
test_cli_help (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  const char *flags[] = { "--listen", "--db", "--seed-demo", "--seed-users", "--secret-key",
                          "--public-key", "--signing-key-public", "--rate-limits",
                          "--bulk-limit", "--fault" };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              PREFS_SANDBOX_EXE, "--help", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    g_assert_nonnull (strstr (out, flags[i]));
}

static JsonObject *
get_bulk (SoupSession  *session,
          Running      *running,
          const char   *op_id,
          TestResponse **out_response)
{
  g_autofree char *path = g_strconcat ("/v1/bulk_operations/", op_id, NULL);
  TestResponse *r = call (session, running, "GET", path, NULL);

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
  *out_response = r;
  return test_response_object (r);
}

static void
test_cli_kill_mid_bulk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = make_db_path (&dir);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GString) body = g_string_new ("{\"user_ids\": [");
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  Running running = { 0, };
  gboolean midway = FALSE;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (body, "%s\"killed-%04u\"", i > 0 ? ", " : "", i);
  g_string_append (body, "], \"preferences\": {\"workflows\": {\"dinosaurs-loose\": false}}}");

  /* Slow batches so that the kill lands in the middle. */
  start_sandbox (&running, db, "--fault=bulk-delay=30");
  {
    g_autoptr(TestResponse) r = call (session, &running, "POST", "/v1/users/bulk/preferences",
                                      body->str);

    g_assert_cmpuint (r->status, ==, 200);
    op_id = g_strdup (test_member_string (test_response_object (r), "id"));
  }

  for (guint attempt = 0; attempt < 2000 && !midway; attempt++)
    {
      g_autoptr(TestResponse) r = NULL;
      JsonObject *op = get_bulk (session, &running, op_id, &r);

      midway = g_str_equal (test_member_string (op, "status"), "processing") &&
               json_object_get_int_member (op, "processed_rows") > 0;
      if (!midway)
        g_usleep (2000);
    }
  g_assert_true (midway);

  g_subprocess_force_exit (running.process);
  g_assert_true (g_subprocess_wait (running.process, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (running.process));
  g_assert_cmpint (g_subprocess_get_term_sig (running.process), ==, SIGKILL);
  running_clear (&running);

  start_sandbox (&running, db, NULL);
  {
    gboolean done = FALSE;
    JsonObject *op = NULL;
    g_autoptr(TestResponse) last = NULL;

    for (guint attempt = 0; attempt < 5000 && !done; attempt++)
      {
        g_clear_pointer (&last, test_response_free);
        op = get_bulk (session, &running, op_id, &last);
        g_assert_cmpstr (test_member_string (op, "status"), !=, "failed");
        done = g_str_equal (test_member_string (op, "status"), "completed");
        if (!done)
          g_usleep (2000);
      }
    g_assert_true (done);
    g_assert_cmpint (json_object_get_int_member (op, "processed_rows"), ==, 1000);
    g_assert_cmpint (json_object_get_int_member (op, "success_count"), ==, 1000);
    g_assert_cmpint (json_object_get_int_member (op, "error_count"), ==, 0);
  }
  for (guint i = 0; i < 1000; i += 111)
    {
      g_autofree char *path = g_strdup_printf ("/v1/users/killed-%04u/preferences/default", i);
      g_autoptr(TestResponse) r = call (session, &running, "GET", path, NULL);
      JsonObject *set = test_response_object (r);
      JsonObject *workflows = json_object_get_object_member (set, "workflows");

      g_assert_nonnull (workflows);
      g_assert_false (json_object_get_boolean_member (workflows, "dinosaurs-loose"));
    }

  g_subprocess_send_signal (running.process, SIGINT);
  g_assert_true (g_subprocess_wait (running.process, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (running.process), ==, 0);
  running_clear (&running);
  remove_db (dir, db);
}

static void
test_cli_bad_option (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, PREFS_SANDBOX_EXE, "--db", ":memory:",
                              "--fault", "meteor-rate=1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-cli/serves-and-stops", test_cli_serves_and_stops);
  g_test_add_func ("/sandbox-cli/help", test_cli_help);
  g_test_add_func ("/sandbox-cli/bad-option", test_cli_bad_option);
  g_test_add_func ("/sandbox-cli/kill-mid-bulk", test_cli_kill_mid_bulk);

  return g_test_run ();
}

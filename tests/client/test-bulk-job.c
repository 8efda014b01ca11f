/* test-bulk-job.c: PrefsBulkJob against the in-process sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-bulk-job"

#include "config.h"

#include <string.h>

#include "prefs-bulk-job.h"
#include "test-util.h"

static PrefsPreferenceSet *
make_set (void)
{
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set =
    prefs_preference_set_new_from_data ("{\"id\": \"default\", \"channel_types\": "
                                        "{\"email\": false, \"sms\": true}}", -1, &error);

  g_assert_no_error (error);
  return set;
}

static GPtrArray *
make_ids (const char *prefix,
          guint       n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%s-%05u", prefix, i));
  return ids;
}

/* Checks through the API that @user_id got the set. */
static void
assert_applied (PrefsClient *client,
                const char  *user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) stored = NULL;
  GAsyncResult *result = NULL;
  const char *email[] = { "channel_types", "email", NULL };
  const char *sms[] = { "channel_types", "sms", NULL };

  prefs_client_get_set_async (client, NULL, user_id, "default", NULL, test_on_result, &result);
  stored = prefs_client_get_set_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (prefs_preference_set_lookup (stored, email));
  g_assert_false (prefs_setting_get_bool (prefs_preference_set_lookup (stored, email)));
  g_assert_nonnull (prefs_preference_set_lookup (stored, sms));
  g_assert_true (prefs_setting_get_bool (prefs_preference_set_lookup (stored, sms)));
  g_clear_object (&result);
}

static void
test_validate (void)
{
  PrefsClient *client = prefs_client_new (NULL, "http://127.0.0.1:9", "sk_test");
  g_autoptr(PrefsPreferenceSet) set = make_set ();
  g_autofree char *long_id = g_strnfill (257, 'x');
  g_autofree char *max_id = g_strnfill (256, 'y');
  const char *ids[] = { "a", "", "b", "a", long_id, "tab\there", "\xff\xfe", max_id, "b",
                        "ünïcödé", NULL };
  PrefsBulkJob *job = prefs_bulk_job_new (client, set, ids, -1);
  GPtrArray *valid = prefs_bulk_job_get_ids (job);
  GPtrArray *invalid = prefs_bulk_job_get_invalid_ids (job);
  PrefsBulkInvalidId *entry;

  g_assert_cmpuint (valid->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (valid, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (valid, 1), ==, "b");
  g_assert_cmpstr (g_ptr_array_index (valid, 2), ==, max_id);
  g_assert_cmpstr (g_ptr_array_index (valid, 3), ==, "ünïcödé");
  g_assert_cmpuint (prefs_bulk_job_get_n_duplicates (job), ==, 2);

  g_assert_cmpuint (invalid->len, ==, 4);
  entry = g_ptr_array_index (invalid, 0);
  g_assert_cmpuint (entry->index, ==, 1);
  g_assert_cmpstr (entry->reason, ==, "empty");
  entry = g_ptr_array_index (invalid, 1);
  g_assert_cmpuint (entry->index, ==, 4);
  g_assert_cmpstr (entry->reason, ==, "longer than 256 bytes");
  entry = g_ptr_array_index (invalid, 2);
  g_assert_cmpstr (entry->reason, ==, "contains a control character");
  entry = g_ptr_array_index (invalid, 3);
  g_assert_cmpstr (entry->reason, ==, "not valid UTF-8");
  g_assert_true (g_utf8_validate (entry->id, -1, NULL));

  g_assert_cmpuint (prefs_bulk_job_get_n_chunks (job), ==, 1);
  prefs_bulk_job_set_chunk_size (job, 3);
  g_assert_cmpuint (prefs_bulk_job_get_n_chunks (job), ==, 2);
  g_assert_cmpint (prefs_bulk_job_get_state (job), ==, PREFS_BULK_JOB_STATE_IDLE);

  g_assert_finalize_object (job);
  g_assert_finalize_object (client);
}

static void
test_nothing_valid (void)
{
  PrefsClient *client = prefs_client_new (NULL, "http://127.0.0.1:9", "sk_test");
  g_autoptr(PrefsPreferenceSet) set = make_set ();
  const char *ids[] = { "", "\x01", NULL };
  PrefsBulkJob *job = prefs_bulk_job_new (client, set, ids, -1);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  prefs_bulk_job_run_async (job, NULL, test_on_result, &result);
  g_assert_false (prefs_bulk_job_run_finish (job, test_wait_result (&result), &error));
  g_assert_error (error, PREFS_BULK_JOB_ERROR, PREFS_BULK_JOB_ERROR_NOTHING_TO_DO);
  g_clear_object (&result);

  g_assert_finalize_object (job);
  g_assert_finalize_object (client);
}

static void
on_notify_count (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
on_checkpoint (PrefsBulkJob *job,
               guint        *count)
{
  (*count)++;
}

static void
test_five_thousand (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (TRUE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(PrefsPreferenceSet) set = make_set ();
  g_autoptr(GPtrArray) ids = make_ids ("bulk", 5000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) operations = NULL;
  g_autoptr(GPtrArray) error_ids = NULL;
  PrefsBulkJob *job;
  GAsyncResult *result = NULL;
  guint n_progress = 0, n_checkpoints = 0;

  /* A few bad ones and a repeat among them. */
  g_ptr_array_insert (ids, 10, g_strdup (""));
  g_ptr_array_insert (ids, 2000, g_strdup ("new\nline"));
  g_ptr_array_insert (ids, 4000, g_strdup ("bulk-00001"));
  g_ptr_array_add (ids, NULL);

  job = prefs_bulk_job_new (client, set, (const char * const *) ids->pdata, -1);
  g_assert_cmpuint (prefs_bulk_job_get_n_ids (job), ==, 5000);
  g_assert_cmpuint (prefs_bulk_job_get_invalid_ids (job)->len, ==, 2);
  g_assert_cmpuint (prefs_bulk_job_get_n_duplicates (job), ==, 1);
  g_assert_cmpuint (prefs_bulk_job_get_n_chunks (job), ==, 5);

  g_signal_connect (job, "notify::n-processed", G_CALLBACK (on_notify_count), &n_progress);
  g_signal_connect (job, "checkpoint", G_CALLBACK (on_checkpoint), &n_checkpoints);

  prefs_bulk_job_run_async (job, NULL, test_on_result, &result);
  g_assert_cmpint (prefs_bulk_job_get_state (job), ==, PREFS_BULK_JOB_STATE_RUNNING);
  g_assert_true (prefs_bulk_job_run_finish (job, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_cmpint (prefs_bulk_job_get_state (job), ==, PREFS_BULK_JOB_STATE_COMPLETED);
  g_assert_cmpuint (prefs_bulk_job_get_n_submitted (job), ==, 5000);
  g_assert_cmpuint (prefs_bulk_job_get_n_processed (job), ==, 5000);
  g_assert_cmpuint (prefs_bulk_job_get_n_succeeded (job), ==, 5000);
  g_assert_cmpuint (prefs_bulk_job_get_n_failed (job), ==, 0);
  error_ids = prefs_bulk_job_dup_error_ids (job);
  g_assert_cmpuint (error_ids->len, ==, 0);
  operations = prefs_bulk_job_dup_operation_ids (job);
  g_assert_cmpuint (operations->len, ==, 5);
  g_assert_cmpuint (n_progress, >, 0);
  g_assert_cmpuint (n_checkpoints, >=, 5);
  /* Paced to tier 1: the sandbox never had to refuse a call. */
  g_assert_cmpuint (prefs_client_get_n_rate_limited (client), ==, 0);

  assert_applied (client, "bulk-00000");
  assert_applied (client, "bulk-02500");
  assert_applied (client, "bulk-04999");

  g_assert_finalize_object (job);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

typedef struct
{
  PrefsBulkJob *job;
  GCancellable *cancellable;
  char         *state;
  guint64       at;
} Pause;

static void
on_submitted_pause (PrefsBulkJob *job,
                    GParamSpec   *pspec,
                    Pause        *pause)
{
  if (pause->state == NULL && prefs_bulk_job_get_n_submitted (job) >= pause->at)
    {
      /* What the console would have saved before "the process restarts". */
      pause->state = prefs_bulk_job_serialize (job);
      g_cancellable_cancel (pause->cancellable);
    }
}

static void
test_resume (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, "bulk-delay=20", 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(PrefsPreferenceSet) set = make_set ();
  g_autoptr(GPtrArray) ids = make_ids ("resume", 3000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) operations = NULL;
  PrefsBulkJob *job;
  GAsyncResult *result = NULL;
  Pause pause = { 0, };

  job = prefs_bulk_job_new (client, set, (const char * const *) ids->pdata, ids->len);
  prefs_bulk_job_set_chunk_size (job, 500);
  g_assert_cmpuint (prefs_bulk_job_get_n_chunks (job), ==, 6);

  pause.job = job;
  pause.cancellable = cancellable;
  pause.at = 1000;
  g_signal_connect (job, "notify::n-submitted", G_CALLBACK (on_submitted_pause), &pause);

  prefs_bulk_job_run_async (job, cancellable, test_on_result, &result);
  g_assert_false (prefs_bulk_job_run_finish (job, test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (prefs_bulk_job_get_state (job), ==, PREFS_BULK_JOB_STATE_IDLE);
  g_assert_nonnull (pause.state);
  g_clear_object (&result);
  g_clear_error (&error);
  g_assert_finalize_object (job);

  /* A new process: only the saved text survives. */
  job = prefs_bulk_job_new_from_state (client, pause.state, &error);
  g_assert_no_error (error);
  g_assert_cmpint (prefs_bulk_job_get_state (job), ==, PREFS_BULK_JOB_STATE_IDLE);
  g_assert_cmpuint (prefs_bulk_job_get_n_ids (job), ==, 3000);
  g_assert_cmpuint (prefs_bulk_job_get_n_submitted (job), ==, 1000);
  operations = prefs_bulk_job_dup_operation_ids (job);
  g_assert_cmpuint (operations->len, ==, 2);
  g_clear_pointer (&operations, g_ptr_array_unref);

  prefs_bulk_job_run_async (job, NULL, test_on_result, &result);
  g_assert_true (prefs_bulk_job_run_finish (job, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_cmpint (prefs_bulk_job_get_state (job), ==, PREFS_BULK_JOB_STATE_COMPLETED);
  g_assert_cmpuint (prefs_bulk_job_get_n_submitted (job), ==, 3000);
  g_assert_cmpuint (prefs_bulk_job_get_n_succeeded (job), ==, 3000);
  operations = prefs_bulk_job_dup_operation_ids (job);
  g_assert_cmpuint (operations->len, ==, 6);
  assert_applied (client, "resume-00000");
  assert_applied (client, "resume-02999");

  /* A finished job's state resumes as finished. */
  {
    g_autofree char *state = prefs_bulk_job_serialize (job);
    PrefsBulkJob *done = prefs_bulk_job_new_from_state (client, state, &error);

    g_assert_no_error (error);
    g_assert_cmpint (prefs_bulk_job_get_state (done), ==, PREFS_BULK_JOB_STATE_COMPLETED);
    g_assert_cmpuint (prefs_bulk_job_get_n_succeeded (done), ==, 3000);
    g_assert_finalize_object (done);
  }

  g_free (pause.state);
  g_assert_finalize_object (job);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_bad_state (void)
{
  PrefsClient *client = prefs_client_new (NULL, "http://127.0.0.1:9", "sk_test");
  const char *states[] = {
    "",
    "not json",
    "[]",
    "{\"version\": 99}",
    "{\"version\": 1, \"set\": {\"id\": \"default\"}, \"chunk_size\": 10, \"ids\": [\"a\"],"
    " \"chunks\": [{\"start\": 0, \"length\": 5}]}",
    "{\"version\": 1, \"set\": {\"id\": \"default\"}, \"chunk_size\": 10, \"ids\": [\"\"],"
    " \"chunks\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(GError) error = NULL;
      PrefsBulkJob *job = prefs_bulk_job_new_from_state (client, states[i], &error);

      g_assert_null (job);
      g_assert_error (error, PREFS_BULK_JOB_ERROR, PREFS_BULK_JOB_ERROR_INVALID_STATE);
    }

  g_assert_finalize_object (client);
}

static void
test_split_on_422 (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(PrefsPreferenceSet) set = make_set ();
  g_autoptr(GPtrArray) ids = make_ids ("split", 300);
  g_autoptr(GError) error = NULL;
  PrefsBulkJob *job;
  GAsyncResult *result = NULL;

  prefs_sandbox_set_bulk_limit (sandbox, 100);

  job = prefs_bulk_job_new (client, set, (const char * const *) ids->pdata, ids->len);
  g_assert_cmpuint (prefs_bulk_job_get_n_chunks (job), ==, 1);

  prefs_bulk_job_run_async (job, NULL, test_on_result, &result);
  g_assert_true (prefs_bulk_job_run_finish (job, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* 300 and 150 were refused; 75 at a time went through. */
  g_assert_cmpuint (prefs_bulk_job_get_chunk_size (job), ==, 75);
  g_assert_cmpuint (prefs_bulk_job_get_n_chunks (job), ==, 4);
  g_assert_cmpuint (prefs_bulk_job_get_n_succeeded (job), ==, 300);
  assert_applied (client, "split-00000");
  assert_applied (client, "split-00299");

  g_assert_finalize_object (job);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
on_first_submit_cancel (PrefsBulkJob *job,
                        GParamSpec   *pspec,
                        gpointer      user_data)
{
  if (prefs_bulk_job_get_n_submitted (job) > 0)
    prefs_bulk_job_cancel (job);
}

static void
test_cancel (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(PrefsPreferenceSet) set = make_set ();
  g_autoptr(GPtrArray) ids = make_ids ("cancel", 50);
  g_autoptr(GError) error = NULL;
  PrefsBulkJob *job;
  GAsyncResult *result = NULL;

  job = prefs_bulk_job_new (client, set, (const char * const *) ids->pdata, ids->len);
  prefs_bulk_job_set_chunk_size (job, 10);
  g_signal_connect (job, "notify::n-submitted", G_CALLBACK (on_first_submit_cancel), NULL);

  prefs_bulk_job_run_async (job, NULL, test_on_result, &result);
  g_assert_false (prefs_bulk_job_run_finish (job, test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The chunk already sent was followed to its end; nothing else went. */
  g_assert_cmpint (prefs_bulk_job_get_state (job), ==, PREFS_BULK_JOB_STATE_CANCELLED);
  g_assert_cmpuint (prefs_bulk_job_get_n_submitted (job), ==, 10);
  g_assert_cmpuint (prefs_bulk_job_get_n_succeeded (job), ==, 10);
  assert_applied (client, "cancel-00009");
  {
    g_autoptr(PrefsPreferenceSet) stored = NULL;

    prefs_client_get_set_async (client, NULL, "cancel-00010", "default", NULL,
                                test_on_result, &result);
    stored = prefs_client_get_set_finish (client, test_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_true (prefs_preference_set_is_empty (stored));
    g_clear_object (&result);
  }

  g_assert_finalize_object (job);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/bulk-job/validate", test_validate);
  g_test_add_func ("/core/bulk-job/nothing-valid", test_nothing_valid);
  g_test_add_func ("/core/bulk-job/bad-state", test_bad_state);
  g_test_add_func ("/core/bulk-job/five-thousand", test_five_thousand);
  g_test_add_func ("/core/bulk-job/resume", test_resume);
  g_test_add_func ("/core/bulk-job/split-on-422", test_split_on_422);
  g_test_add_func ("/core/bulk-job/cancel", test_cancel);

  return g_test_run ();
}

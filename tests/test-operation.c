/* test-operation.c: PrefsOperation against the in-process sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-operation"

#include "config.h"

#include <string.h>

#include "prefs-operation.h"
#include "prefs-sandbox.h"

#define PRESET_JSON "{\"id\": \"default\", \"channel_types\": {\"email\": false, \"sms\": true}," \
                    " \"workflows\": {\"dinosaurs-loose\": false}}"

typedef struct
{
  PrefsSandbox *sandbox;
  PrefsClient  *client;
  PrefsStore   *store;
  guint         n_bulk_posts;
} Fixture;

static void
on_response (PrefsClient *client,
             const char  *method,
             const char  *path,
             guint        status,
             Fixture     *fixture)
{
  if (g_strcmp0 (method, "POST") == 0 && g_str_has_suffix (path, "users/bulk/preferences") &&
      status == 200)
    fixture->n_bulk_posts++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = prefs_sandbox_new (":memory:", &error);
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_seed_demo (fixture->sandbox, &error));
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_start (fixture->sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);

  fixture->client = prefs_client_new (NULL, prefs_sandbox_get_base_url (fixture->sandbox),
                                      PREFS_SANDBOX_DEFAULT_SECRET_KEY);
  g_signal_connect (fixture->client, "response", G_CALLBACK (on_response), fixture);
  fixture->store = prefs_store_new (":memory:", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  prefs_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Predicate) (gpointer data);

static gboolean
wait_for (Predicate predicate,
          gpointer  data,
          double    seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_timeout, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return predicate (data);
}

static gboolean
is_finished (gpointer data)
{
  return prefs_operation_get_finished (data);
}

static gboolean
is_inactive (gpointer data)
{
  return !prefs_operation_get_active (data);
}

static gboolean
first_chunk_sent (gpointer data)
{
  GPtrArray *jobs = prefs_operation_get_jobs (data);

  return prefs_bulk_job_get_n_submitted (g_ptr_array_index (jobs, 0)) > 0;
}

static void
run_to_end (PrefsOperation *operation)
{
  prefs_operation_start (operation);
  g_assert_true (prefs_operation_get_active (operation));
  g_assert_true (wait_for (is_finished, operation, 60));
  g_assert_false (prefs_operation_get_active (operation));
}

static PrefsPreferenceSet *
parse_set (const char *json)
{
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set = prefs_preference_set_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return set;
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static PrefsPreferenceSet *
get_set (Fixture    *fixture,
         const char *user_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set;

  prefs_client_get_set_async (fixture->client, NULL, user_id, "default", NULL, on_result,
                              &result);
  g_assert_true (wait_for (has_result, &result, 10));
  set = prefs_client_get_set_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  return set;
}

/* Equal as preferences: the server's "__typename" is not a preference. */
static gboolean
same_set (PrefsPreferenceSet *a,
          PrefsPreferenceSet *b)
{
  g_autoptr(PrefsPreferenceSet) a_copy = prefs_preference_set_copy (a);
  g_autoptr(PrefsPreferenceSet) b_copy = prefs_preference_set_copy (b);
  JsonObject *extra;

  extra = prefs_preference_set_get_extra (a_copy);
  if (json_object_has_member (extra, "__typename"))
    json_object_remove_member (extra, "__typename");
  extra = prefs_preference_set_get_extra (b_copy);
  if (json_object_has_member (extra, "__typename"))
    json_object_remove_member (extra, "__typename");
  return prefs_preference_set_equal (a_copy, b_copy);
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

static void
test_apply (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) preset = parse_set (PRESET_JSON);
  const char *ids[] = { "jhammond", "dnedry", "imalcolm", "dnedry", NULL };
  g_autoptr(PrefsOperation) operation = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;

  operation = prefs_operation_new (fixture->client, fixture->store, "Local", "Quiet email",
                                   preset, ids, -1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_QUEUED);
  g_assert_cmpuint (prefs_operation_get_n_users (operation), ==, 3);
  g_assert_cmpuint (prefs_operation_get_n_duplicates (operation), ==, 1);
  g_assert_cmpuint (prefs_operation_get_n_calls (operation), ==, 1);
  g_assert_cmpstr (prefs_operation_get_target_set_id (operation), ==, "default");
  g_assert_cmpint (prefs_operation_get_created_at (operation), >, 0);

  /* It is in the store before it starts. */
  stored = prefs_store_list_bulk_jobs (fixture->store, "Local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_clear_pointer (&stored, g_ptr_array_unref);

  run_to_end (operation);
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_cmpuint (prefs_operation_get_n_succeeded (operation), ==, 3);
  g_assert_cmpuint (prefs_operation_get_n_failed (operation), ==, 0);
  g_assert_cmpuint (prefs_operation_get_n_processed (operation), ==, 3);
  g_assert_cmpfloat (prefs_operation_get_fraction (operation), ==, 1.0);
  g_assert_cmpint (prefs_operation_get_finished_at (operation), >=,
                   prefs_operation_get_started_at (operation));
  g_assert_null (prefs_operation_get_error_message (operation));
  g_assert_cmpuint (fixture->n_bulk_posts, ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PrefsPreferenceSet) set = get_set (fixture, ids[i]);

      g_assert_true (same_set (set, preset));
    }

  stored = prefs_store_list_bulk_jobs (fixture->store, "Local", &error);
  g_assert_no_error (error);
  g_assert_true (((PrefsStoredBulkJob *) g_ptr_array_index (stored, 0))->finished);

  failed = prefs_operation_dup_failed_ids (operation);
  g_assert_cmpuint (failed->len, ==, 0);
  g_assert_null (prefs_operation_new_retry (operation, &error));
  g_assert_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NOTHING_TO_DO);
  g_clear_error (&error);
  g_assert_null (prefs_operation_new_revert (operation, &error));
  g_assert_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NO_SNAPSHOT);
}

static void
test_nothing_valid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) preset = parse_set (PRESET_JSON);
  const char *ids[] = { "", "tab\there", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  g_assert_null (prefs_operation_new (fixture->client, fixture->store, "Local", NULL, preset,
                                      ids, -1, FALSE, &error));
  g_assert_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NOTHING_TO_DO);
  g_clear_error (&error);
  stored = prefs_store_list_bulk_jobs (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 0);
}

static void
test_chunks_and_report (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) preset = parse_set (PRESET_JSON);
  g_autoptr(GPtrArray) ids = make_ids ("bulk", 2500);
  g_autofree char *too_long = g_strnfill (257, 'x');
  g_autoptr(PrefsOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_invalid_lines = 0, n_succeeded_lines = 0;

  g_ptr_array_insert (ids, 10, g_strdup (""));
  g_ptr_array_insert (ids, 500, g_strdup ("tab\there"));
  g_ptr_array_insert (ids, 1500, g_strdup (too_long));
  g_ptr_array_add (ids, g_strdup ("new\nline"));
  g_ptr_array_add (ids, g_strdup ("bell\a"));
  g_ptr_array_add (ids, g_strdup ("quote\"d,id"));
  g_ptr_array_add (ids, NULL);

  operation = prefs_operation_new (fixture->client, fixture->store, "Local", "Quiet email",
                                   preset, (const char * const *) ids->pdata, -1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_operation_get_n_users (operation), ==, 2501);
  g_assert_cmpuint (prefs_operation_get_n_invalid (operation), ==, 5);
  g_assert_cmpuint (prefs_operation_get_n_calls (operation), ==, 3);
  g_assert_cmpuint (prefs_bulk_job_get_n_chunks (g_ptr_array_index (prefs_operation_get_jobs (operation), 0)),
                    ==, 3);

  run_to_end (operation);
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_cmpuint (prefs_operation_get_n_succeeded (operation), ==, 2501);
  g_assert_cmpuint (fixture->n_bulk_posts, ==, 3);

  csv = prefs_operation_export_csv (operation);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "id,status,error");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], ",invalid,") != NULL)
        n_invalid_lines++;
      else if (g_str_has_suffix (lines[i], ",succeeded,"))
        n_succeeded_lines++;
    }
  g_assert_cmpuint (n_succeeded_lines, ==, 2501);
  g_assert_cmpuint (n_invalid_lines, ==, 5);
  g_assert_nonnull (strstr (csv, "\r\n\"quote\"\"d,id\",succeeded,\r\n"));
  g_assert_true (g_str_has_prefix (lines[1], "bulk-00000,succeeded,"));
}

static void
test_snapshot_revert (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) preset = parse_set (PRESET_JSON);
  g_autoptr(GPtrArray) ids = make_ids ("fresh", 70);
  const char *demo[] = { "jhammond", "dnedry", "imalcolm" };
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PrefsOperation) operation = NULL;
  g_autoptr(PrefsOperation) revert = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      g_ptr_array_insert (ids, i, g_strdup (demo[i]));
      g_ptr_array_add (before, get_set (fixture, demo[i]));
      g_assert_false (same_set (g_ptr_array_index (before, i), preset));
    }
  g_ptr_array_add (ids, NULL);

  operation = prefs_operation_new (fixture->client, fixture->store, "Local", "Quiet email",
                                   preset, (const char * const *) ids->pdata, -1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (prefs_operation_get_wants_snapshot (operation));
  g_assert_false (prefs_operation_get_has_snapshot (operation));

  run_to_end (operation);
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_true (prefs_operation_get_has_snapshot (operation));
  g_assert_cmpuint (prefs_operation_get_n_snapshotted (operation), ==, 73);
  g_assert_cmpuint (prefs_store_snapshot_count (fixture->store,
                                                prefs_operation_get_store_id (operation), NULL),
                    ==, 73);
  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      g_autoptr(PrefsPreferenceSet) set = get_set (fixture, demo[i]);

      g_assert_true (same_set (set, preset));
    }

  revert = prefs_operation_new_revert (operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (prefs_operation_get_kind (revert), ==, PREFS_OPERATION_KIND_REVERT);
  g_assert_cmpint (prefs_operation_get_source_id (revert), ==,
                   prefs_operation_get_store_id (operation));
  g_assert_cmpuint (prefs_operation_get_n_users (revert), ==, 73);
  /* 70 users had the same (empty) set: one bulk call; the 3 others: PUTs. */
  g_assert_cmpuint (prefs_operation_get_jobs (revert)->len, ==, 1);
  g_assert_cmpuint (prefs_operation_get_n_calls (revert), ==, 1 + 3);

  fixture->n_bulk_posts = 0;
  run_to_end (revert);
  g_assert_cmpint (prefs_operation_get_state (revert), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_cmpuint (prefs_operation_get_n_succeeded (revert), ==, 73);
  g_assert_cmpuint (fixture->n_bulk_posts, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      g_autoptr(PrefsPreferenceSet) set = get_set (fixture, demo[i]);

      g_assert_true (same_set (set, g_ptr_array_index (before, i)));
    }
  for (guint i = 3; i < 73; i += 23)
    {
      g_autoptr(PrefsPreferenceSet) set = get_set (fixture, g_ptr_array_index (ids, i));

      g_assert_true (prefs_preference_set_is_empty (set));
    }
}

static void
test_cancel_and_retry (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) preset = parse_set (PRESET_JSON);
  g_autoptr(GPtrArray) ids = make_ids ("retry", 2500);
  g_autoptr(PrefsOperation) operation = NULL;
  g_autoptr(PrefsOperation) retry = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  g_ptr_array_add (ids, NULL);
  operation = prefs_operation_new (fixture->client, fixture->store, "Local", "Quiet email",
                                   preset, (const char * const *) ids->pdata, -1, FALSE, &error);
  g_assert_no_error (error);

  prefs_operation_start (operation);
  g_assert_true (wait_for (first_chunk_sent, operation, 30));
  prefs_operation_cancel (operation);
  g_assert_true (wait_for (is_finished, operation, 30));
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_CANCELLED);
  /* The second call was already on its way (waiting for its turn at
   * 1 call/s) when the cancel came; the third was never sent. */
  g_assert_cmpuint (prefs_operation_get_n_succeeded (operation), ==, 2000);
  g_assert_cmpuint (fixture->n_bulk_posts, ==, 2);

  failed = prefs_operation_dup_failed_ids (operation);
  g_assert_cmpuint (failed->len, ==, 500);
  g_assert_cmpstr (g_ptr_array_index (failed, 0), ==, "retry-02000");

  csv = prefs_operation_export_csv (operation);
  g_assert_nonnull (strstr (csv, "\r\nretry-02499,not sent,cancelled\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nretry-01999,succeeded,\r\n"));

  retry = prefs_operation_new_retry (operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (prefs_operation_get_kind (retry), ==, PREFS_OPERATION_KIND_RETRY);
  g_assert_cmpint (prefs_operation_get_source_id (retry), ==,
                   prefs_operation_get_store_id (operation));
  g_assert_cmpstr (prefs_operation_get_preset_name (retry), ==, "Quiet email");
  g_assert_cmpuint (prefs_operation_get_n_users (retry), ==, 500);
  run_to_end (retry);
  g_assert_cmpint (prefs_operation_get_state (retry), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_cmpuint (prefs_operation_get_n_succeeded (retry), ==, 500);

  {
    g_autoptr(PrefsPreferenceSet) set = get_set (fixture, "retry-02499");

    g_assert_true (same_set (set, preset));
  }
}

static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) preset = parse_set (PRESET_JSON);
  g_autoptr(GPtrArray) ids = make_ids ("resume", 2500);
  PrefsOperation *operation;
  g_autoptr(PrefsOperation) resumed = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 store_id;

  g_ptr_array_add (ids, NULL);
  operation = prefs_operation_new (fixture->client, fixture->store, "Local", "Quiet email",
                                   preset, (const char * const *) ids->pdata, -1, FALSE, &error);
  g_assert_no_error (error);
  store_id = prefs_operation_get_store_id (operation);

  prefs_operation_start (operation);
  g_assert_true (wait_for (first_chunk_sent, operation, 30));
  /* The app quits. */
  prefs_operation_pause (operation);
  g_assert_true (wait_for (is_inactive, operation, 30));
  g_assert_false (prefs_operation_get_finished (operation));
  g_assert_finalize_object (operation);
  g_assert_cmpuint (fixture->n_bulk_posts, ==, 1);

  /* ... and starts again. */
  stored = prefs_operation_list_stored (fixture->client, fixture->store, "Local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  resumed = g_object_ref (g_ptr_array_index (stored, 0));
  g_assert_cmpint (prefs_operation_get_store_id (resumed), ==, store_id);
  g_assert_cmpint (prefs_operation_get_state (resumed), ==, PREFS_OPERATION_STATE_RUNNING);
  g_assert_cmpuint (prefs_operation_get_n_users (resumed), ==, 2500);
  g_assert_cmpstr (prefs_operation_get_preset_name (resumed), ==, "Quiet email");

  run_to_end (resumed);
  g_assert_cmpint (prefs_operation_get_state (resumed), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_cmpuint (prefs_operation_get_n_succeeded (resumed), ==, 2500);
  /* The first chunk was not sent twice. */
  g_assert_cmpuint (fixture->n_bulk_posts, ==, 3);

  {
    g_autoptr(PrefsPreferenceSet) set = get_set (fixture, "resume-02499");

    g_assert_true (same_set (set, preset));
  }
}

static void
test_bad_stored (Fixture       *fixture,
                 gconstpointer  data)
{
  PrefsStoredBulkJob row = { 0 };
  g_autoptr(GError) error = NULL;

  row.id = 7;
  row.environment = (char *) "Local";
  row.state = (char *) "{\"format\": 1, \"kind\": \"apply\", \"state\": \"running\"}";
  g_assert_null (prefs_operation_new_from_stored (fixture->client, fixture->store, &row,
                                                  &error));
  g_assert_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_INVALID_STATE);
  g_clear_error (&error);

  row.state = (char *) "not json";
  g_assert_null (prefs_operation_new_from_stored (fixture->client, fixture->store, &row,
                                                  &error));
  g_assert_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_INVALID_STATE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/operation/apply", Fixture, NULL, fixture_setup, test_apply,
              fixture_teardown);
  g_test_add ("/core/operation/nothing-valid", Fixture, NULL, fixture_setup,
              test_nothing_valid, fixture_teardown);
  g_test_add ("/core/operation/chunks-and-report", Fixture, NULL, fixture_setup,
              test_chunks_and_report, fixture_teardown);
  g_test_add ("/core/operation/snapshot-revert", Fixture, NULL, fixture_setup,
              test_snapshot_revert, fixture_teardown);
  g_test_add ("/core/operation/cancel-and-retry", Fixture, NULL, fixture_setup,
              test_cancel_and_retry, fixture_teardown);
  g_test_add ("/core/operation/resume", Fixture, NULL, fixture_setup, test_resume,
              fixture_teardown);
  g_test_add ("/core/operation/bad-stored", Fixture, NULL, fixture_setup, test_bad_stored,
              fixture_teardown);

  return g_test_run ();
}

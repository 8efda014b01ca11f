/* test-client.c: PrefsClient against the in-process sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <string.h>

#include "prefs-client.h"
#include "test-util.h"

/* ---- log capture, to prove keys never reach a log ---- */

static GString *captured_log;

static void
capture_handler (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  if (captured_log != NULL)
    {
      g_string_append (captured_log, message);
      g_string_append_c (captured_log, '\n');
    }
  else if (g_test_verbose ())
    g_test_message ("%s", message);
}

static PrefsPreferenceSet *
make_set (const char *id,
          gboolean    email)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"channel_types\": "
                                           "{\"email\": %s, \"sms\": false}}",
                                           id, email ? "true" : "false");
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set = prefs_preference_set_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return set;
}

static gboolean
set_email (PrefsPreferenceSet *set)
{
  const char *path[] = { "channel_types", "email", NULL };
  PrefsSetting *setting = prefs_preference_set_lookup (set, path);

  g_assert_nonnull (setting);
  return prefs_setting_get_bool (setting);
}

/* ---- every call ---- */

static void
test_users (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 30);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPageInfo) page_info = NULL;
  g_autoptr(PrefsPageInfo) page_info2 = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) users2 = NULL;
  g_autoptr(PrefsUser) user = NULL;
  GAsyncResult *result = NULL;
  const PrefsClientFailure *failure;

  prefs_client_list_users_async (client, 5, NULL, TRUE, NULL, test_on_result, &result);
  users = prefs_client_list_users_finish (client, test_wait_result (&result), &page_info,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 5);
  g_assert_nonnull (page_info);
  g_assert_nonnull (prefs_page_info_get_after (page_info));
  g_assert_null (prefs_client_get_failure (client, result));
  /* include[]=preferences brought the sets along. */
  g_assert_nonnull (prefs_user_get_preferences (g_ptr_array_index (users, 0)));
  g_clear_object (&result);

  prefs_client_list_users_async (client, 5, prefs_page_info_get_after (page_info), FALSE,
                                 NULL, test_on_result, &result);
  users2 = prefs_client_list_users_finish (client, test_wait_result (&result), &page_info2,
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users2->len, ==, 5);
  g_assert_cmpstr (prefs_user_get_id (g_ptr_array_index (users, 0)), !=,
                   prefs_user_get_id (g_ptr_array_index (users2, 0)));
  g_clear_object (&result);

  prefs_client_get_user_async (client, "jhammond", NULL, test_on_result, &result);
  user = prefs_client_get_user_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prefs_user_get_id (user), ==, "jhammond");
  g_assert_cmpstr (prefs_user_get_name (user), ==, "John Hammond");
  g_clear_object (&result);
  g_clear_object (&user);

  prefs_client_get_user_async (client, "nobody with ünicode?", NULL, test_on_result, &result);
  user = prefs_client_get_user_finish (client, test_wait_result (&result), &error);
  g_assert_null (user);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_NOT_FOUND);
  failure = prefs_client_get_failure (client, result);
  g_assert_nonnull (failure);
  g_assert_cmpuint (failure->status, ==, 404);
  g_assert_cmpstr (failure->code, ==, "resource_missing");
  g_assert_nonnull (failure->request_id);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Refused before sending. */
  prefs_client_get_user_async (client, "", NULL, test_on_result, &result);
  user = prefs_client_get_user_finish (client, test_wait_result (&result), &error);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&result);

  g_assert_cmpuint (prefs_client_get_n_rate_limited (client), ==, 0);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_identify (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) props = json_object_new ();
  g_autoptr(PrefsUser) user = NULL;
  GAsyncResult *result = NULL;

  json_object_set_string_member (props, "name", "Ada Lovelace");
  json_object_set_string_member (props, "email", "ada@example.com");
  json_object_set_string_member (props, "plan", "analytical");

  prefs_client_identify_user_async (client, "ada", props, NULL, test_on_result, &result);
  user = prefs_client_identify_user_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prefs_user_get_name (user), ==, "Ada Lovelace");
  g_clear_object (&result);
  g_clear_object (&user);

  prefs_client_get_user_async (client, "ada", NULL, test_on_result, &result);
  user = prefs_client_get_user_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prefs_user_get_email (user), ==, "ada@example.com");
  g_assert_true (json_object_has_member (prefs_user_get_extra (user), "plan"));
  g_clear_object (&result);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
check_sets_of (PrefsClient *client,
               const char  *collection,
               const char  *recipient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = make_set ("default", TRUE);
  g_autoptr(PrefsPreferenceSet) tenant = make_set ("tenant-a", FALSE);
  g_autoptr(PrefsPreferenceSet) stored = NULL;
  g_autoptr(PrefsPreferenceSet) patch = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  GAsyncResult *result = NULL;
  const char *sms_path[] = { "channel_types", "sms", NULL };
  const char *push_path[] = { "channel_types", "push", NULL };

  prefs_client_put_set_async (client, collection, recipient, set, FALSE, NULL,
                              test_on_result, &result);
  stored = prefs_client_put_set_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (set_email (stored));
  g_clear_object (&result);
  g_clear_object (&stored);

  prefs_client_put_set_async (client, collection, recipient, tenant, FALSE, NULL,
                              test_on_result, &result);
  stored = prefs_client_put_set_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_object (&stored);

  /* Merge: only push is sent; email and sms stay as they were. */
  patch = prefs_preference_set_new_from_data ("{\"id\": \"default\", \"channel_types\": "
                                              "{\"push\": false}}", -1, &error);
  g_assert_no_error (error);
  prefs_client_put_set_async (client, collection, recipient, patch, TRUE, NULL,
                              test_on_result, &result);
  stored = prefs_client_put_set_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_object (&stored);

  prefs_client_get_set_async (client, collection, recipient, "default", NULL,
                              test_on_result, &result);
  stored = prefs_client_get_set_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (set_email (stored));
  g_assert_nonnull (prefs_preference_set_lookup (stored, sms_path));
  g_assert_false (prefs_setting_get_bool (prefs_preference_set_lookup (stored, push_path)));
  g_clear_object (&result);
  g_clear_object (&stored);

  prefs_client_list_sets_async (client, collection, recipient, NULL, test_on_result, &result);
  sets = prefs_client_list_sets_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 2);
  g_clear_object (&result);

  prefs_client_delete_set_async (client, collection, recipient, "tenant-a", NULL,
                                 test_on_result, &result);
  g_assert_true (prefs_client_delete_set_finish (client, test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* A missing set reads as an empty one. */
  prefs_client_get_set_async (client, collection, recipient, "tenant-a", NULL,
                              test_on_result, &result);
  stored = prefs_client_get_set_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (prefs_preference_set_is_empty (stored));
  g_clear_object (&result);
}

static void
test_sets (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);

  check_sets_of (client, NULL, "set-tester");
  check_sets_of (client, "projects", "project 1 with spaces");

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_bulk (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = make_set ("default", FALSE);
  g_autoptr(PrefsBulkOperation) operation = NULL;
  const char *ids[] = { "bulk-a", "bulk-b", "bulk-c" };
  GAsyncResult *result = NULL;
  g_autofree char *operation_id = NULL;

  prefs_client_bulk_set_preferences_async (client, ids, G_N_ELEMENTS (ids), set, NULL,
                                           test_on_result, &result);
  operation = prefs_client_bulk_set_preferences_finish (client, test_wait_result (&result),
                                                        &error);
  g_assert_no_error (error);
  operation_id = g_strdup (prefs_bulk_operation_get_id (operation));
  g_assert_nonnull (operation_id);
  g_clear_object (&result);

  while (!prefs_bulk_status_is_final (prefs_bulk_operation_get_status (operation)))
    {
      g_clear_object (&operation);
      test_spin (50);
      prefs_client_get_bulk_operation_async (client, operation_id, NULL,
                                             test_on_result, &result);
      operation = prefs_client_get_bulk_operation_finish (client, test_wait_result (&result),
                                                          &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }
  g_assert_cmpint (prefs_bulk_operation_get_status (operation), ==,
                   PREFS_BULK_STATUS_COMPLETED);
  g_assert_cmpint (prefs_bulk_operation_get_success_count (operation), ==, 3);

  prefs_client_get_bulk_operation_async (client, "00000000-0000-0000-0000-000000000000", NULL,
                                         test_on_result, &result);
  g_clear_object (&operation);
  operation = prefs_client_get_bulk_operation_finish (client, test_wait_result (&result),
                                                      &error);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_NOT_FOUND);
  g_clear_object (&result);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_invalid_params (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  GAsyncResult *result = NULL;
  const PrefsClientFailure *failure;
  g_autoptr(PrefsClientFailure) copy = NULL;

  prefs_client_list_users_async (client, 51, NULL, FALSE, NULL, test_on_result, &result);
  users = prefs_client_list_users_finish (client, test_wait_result (&result), NULL, &error);
  g_assert_null (users);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_PARAMS);
  g_assert_nonnull (strstr (error->message, "page_size"));

  failure = prefs_client_get_failure (client, result);
  g_assert_nonnull (failure);
  g_assert_cmpuint (failure->status, ==, 422);
  g_assert_cmpstr (failure->code, ==, "invalid_params");
  g_assert_nonnull (failure->message);
  g_assert_nonnull (prefs_client_failure_lookup_field (failure, "page_size"));
  copy = prefs_client_failure_copy (failure);
  g_assert_cmpuint (copy->errors->len, ==, failure->errors->len);
  /* Not retried: a 422 will not change. */
  g_assert_cmpuint (prefs_client_get_n_retries (client), ==, 0);
  g_clear_object (&result);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_unauthorized_and_redaction (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  const char *wrong_key = "sk_test_this_is_not_the_key_123";
  PrefsClient *client = prefs_client_new (NULL, prefs_sandbox_get_base_url (sandbox),
                                          wrong_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) user = NULL;
  g_autofree char *redacted = prefs_client_redact_key (wrong_key);
  GAsyncResult *result = NULL;

  g_assert_cmpstr (redacted, ==, "Bearer sk_…REDACTED");

  captured_log = g_string_new (NULL);

  prefs_client_get_user_async (client, "jhammond", NULL, test_on_result, &result);
  user = prefs_client_get_user_finish (client, test_wait_result (&result), &error);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, wrong_key));
  g_assert_null (strstr (error->message, "this_is_not"));
  g_assert_cmpuint (prefs_client_get_failure (client, result)->status, ==, 401);
  g_clear_object (&result);

  g_assert_nonnull (strstr (captured_log->str, "GET "));
  g_assert_nonnull (strstr (captured_log->str, "/v1/users/jhammond"));
  g_assert_nonnull (strstr (captured_log->str, "401"));
  g_assert_nonnull (strstr (captured_log->str, "Bearer sk_…REDACTED"));
  g_assert_null (strstr (captured_log->str, "this_is_not"));
  g_string_free (captured_log, TRUE);
  captured_log = NULL;

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_environment (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = prefs_client_new (NULL, "http://127.0.0.1:9/", "sk_wrong");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) user = NULL;
  g_autofree char *with_slash = g_strconcat (prefs_sandbox_get_base_url (sandbox), "/", NULL);
  GAsyncResult *result = NULL;

  g_assert_cmpstr (prefs_client_get_base_url (client), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (prefs_client_get_user_agent (client), ==, "prefs-console/" PACKAGE_VERSION);

  g_unsetenv ("KNOCK_API_KEY");
  g_unsetenv ("KNOCK_BASE_URL");
  g_assert_false (prefs_client_apply_environment (client));

  g_setenv ("KNOCK_API_KEY", PREFS_SANDBOX_DEFAULT_SECRET_KEY, TRUE);
  g_setenv ("KNOCK_BASE_URL", with_slash, TRUE);
  g_assert_true (prefs_client_apply_environment (client));
  g_unsetenv ("KNOCK_API_KEY");
  g_unsetenv ("KNOCK_BASE_URL");
  g_assert_cmpstr (prefs_client_get_base_url (client), ==,
                   prefs_sandbox_get_base_url (sandbox));

  prefs_client_get_user_async (client, "dnedry", NULL, test_on_result, &result);
  user = prefs_client_get_user_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

/* ---- pacing, faults, cancellation ---- */

typedef struct
{
  guint n_done;
  guint n_failed;
  guint n_429_seen;
} Burst;

static void
on_burst_put (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) stored = NULL;

  stored = prefs_client_put_set_finish (PREFS_CLIENT (object), result, &error);
  if (stored == NULL)
    {
      g_test_message ("write failed: %s", error->message);
      burst->n_failed++;
    }
  burst->n_done++;
}

static void
on_response (PrefsClient *client,
             const char  *method,
             const char  *path,
             guint        status,
             Burst       *burst)
{
  if (status == 429)
    burst->n_429_seen++;
}

static void
test_rate_limited_burst (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (TRUE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  Burst burst = { 0, };
  const guint n = 500;

  g_signal_connect (client, "response", G_CALLBACK (on_response), &burst);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *user_id = g_strdup_printf ("burst-%03u", i);
      g_autoptr(PrefsPreferenceSet) set = make_set ("default", i % 2 == 0);

      prefs_client_put_set_async (client, NULL, user_id, set, FALSE, NULL,
                                  on_burst_put, &burst);
    }

  while (burst.n_done < n)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (burst.n_failed, ==, 0);
  g_assert_cmpuint (burst.n_429_seen, ==, 0);
  g_assert_cmpuint (prefs_client_get_n_rate_limited (client), ==, 0);
  g_assert_cmpuint (prefs_client_get_n_requests (client), ==, n);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_faults_exactly_once (void)
{
  PrefsSandbox *sandbox =
    test_sandbox_start (FALSE, "error-rate=0.1,rate-limit-rate=0.05,drop-rate=0.05,seed=7", 0);
  PrefsClient *client = test_client_new (sandbox);
  Burst burst = { 0, };
  const guint n = 120;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *user_id = g_strdup_printf ("fault-%03u", i);
      g_autoptr(PrefsPreferenceSet) set = make_set ("default", i % 3 == 0);

      prefs_client_put_set_async (client, NULL, user_id, set, FALSE, NULL,
                                  on_burst_put, &burst);
    }
  while (burst.n_done < n)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (burst.n_failed, ==, 0);
  /* The faults were met and got over. */
  g_assert_cmpuint (prefs_client_get_n_retries (client), >, 0);

  /* Reads are not faulted: check every write landed as sent. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *user_id = g_strdup_printf ("fault-%03u", i);
      g_autoptr(PrefsPreferenceSet) stored = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sets = NULL;
      GAsyncResult *result = NULL;

      prefs_client_get_set_async (client, NULL, user_id, "default", NULL,
                                  test_on_result, &result);
      stored = prefs_client_get_set_finish (client, test_wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpint (set_email (stored), ==, i % 3 == 0);
      g_clear_object (&result);

      /* Exactly one set per user: no retry wrote anything else. */
      prefs_client_list_sets_async (client, NULL, user_id, NULL, test_on_result, &result);
      sets = prefs_client_list_sets_finish (client, test_wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sets->len, ==, 1);
      g_clear_object (&result);
    }

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel_mid_request (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, "latency=5000", 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PrefsPreferenceSet) set = make_set ("default", TRUE);
  g_autoptr(PrefsPreferenceSet) stored = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  prefs_client_put_set_async (client, NULL, "slow", set, FALSE, cancellable,
                              test_on_result, &result);
  g_timeout_add (200, cancel_cb, cancellable);
  stored = prefs_client_put_set_finish (client, test_wait_result (&result), &error);
  g_assert_null (stored);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Nothing is retried after a cancel. */
  g_assert_cmpuint (prefs_client_get_n_requests (client), ==, 1);
  g_clear_object (&result);
  g_clear_error (&error);

  /* Cancelled before it starts. */
  prefs_client_get_set_async (client, NULL, "slow", "default", cancellable,
                              test_on_result, &result);
  g_assert_null (prefs_client_get_set_finish (client, test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
on_response_cancel (PrefsClient  *client,
                    const char   *method,
                    const char   *path,
                    guint         status,
                    GCancellable *cancellable)
{
  /* The first failed attempt: cancel while the retry waits. */
  if (status >= 500)
    g_timeout_add (50, cancel_cb, cancellable);
}

static void
test_cancel_mid_retry (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, "error-rate=1.0,seed=1", 0);
  PrefsClient *client = test_client_new (sandbox);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PrefsPreferenceSet) set = make_set ("default", TRUE);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gulong handler;

  handler = g_signal_connect (client, "response", G_CALLBACK (on_response_cancel), cancellable);
  prefs_client_put_set_async (client, NULL, "retrying", set, FALSE, cancellable,
                              test_on_result, &result);
  g_assert_null (prefs_client_put_set_finish (client, test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_clear_error (&error);
  g_signal_handler_disconnect (client, handler);

  /* Without a cancel, the attempts are capped and the last error told. */
  prefs_client_set_max_attempts (client, 3);
  prefs_client_put_set_async (client, NULL, "retrying", set, FALSE, NULL,
                              test_on_result, &result);
  g_assert_null (prefs_client_put_set_finish (client, test_wait_result (&result), &error));
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_SERVER_ERROR);
  g_assert_cmpuint (prefs_client_get_failure (client, result)->status, >=, 500);
  g_clear_object (&result);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("G_MESSAGES_DEBUG", "prefs-client", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("prefs-client", G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE,
                     capture_handler, NULL);

  g_test_add_func ("/core/client/users", test_users);
  g_test_add_func ("/core/client/identify", test_identify);
  g_test_add_func ("/core/client/sets", test_sets);
  g_test_add_func ("/core/client/bulk", test_bulk);
  g_test_add_func ("/core/client/invalid-params", test_invalid_params);
  g_test_add_func ("/core/client/unauthorized-and-redaction", test_unauthorized_and_redaction);
  g_test_add_func ("/core/client/environment", test_environment);
  g_test_add_func ("/core/client/rate-limited-burst", test_rate_limited_burst);
  g_test_add_func ("/core/client/faults-exactly-once", test_faults_exactly_once);
  g_test_add_func ("/core/client/cancel-mid-request", test_cancel_mid_request);
  g_test_add_func ("/core/client/cancel-mid-retry", test_cancel_mid_retry);

  return g_test_run ();
}

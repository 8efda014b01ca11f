/* test-store.c: PrefsStore migrations and tables, the in-memory secret store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "prefs-memory-secret-store.h"
#include "prefs-store.h"

static char *
make_db_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("prefs-store-XXXXXX", &error);

  g_assert_no_error (error);
  /* A directory that does not exist yet: the store must create it. */
  return g_build_filename (dir, "nested", "console.db", NULL);
}

static void
remove_db (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *parent = g_path_get_dirname (dir);
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
  g_rmdir (parent);
}

static void
test_migrate_from_empty (void)
{
  g_autofree char *path = make_db_path ();
  g_autoptr(GError) error = NULL;
  PrefsStore *store;

  store = prefs_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (prefs_store_get_schema_version (store), ==, PREFS_STORE_SCHEMA_VERSION);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (prefs_store_save_environment (store, "staging", "http://x", FALSE, &error));
  g_assert_finalize_object (store);

  /* Opening again keeps the data and does not migrate twice. */
  store = prefs_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (prefs_store_get_schema_version (store), ==, PREFS_STORE_SCHEMA_VERSION);
  {
    g_autoptr(GPtrArray) envs = prefs_store_list_environments (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (envs->len, ==, 1);
  }
  g_assert_finalize_object (store);

  remove_db (path);
}

static void
test_too_new (void)
{
  g_autofree char *path = make_db_path ();
  g_autoptr(GError) error = NULL;
  PrefsStore *store;
  sqlite3 *db = NULL;

  store = prefs_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  /* A later version of the console migrated this file further. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO schema_version (version) VALUES (99);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = prefs_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_TOO_NEW);

  remove_db (path);
}

static void
test_default_path (void)
{
  g_autofree char *path = prefs_store_get_default_path ();

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "prefs-console/console.db"));
}

static void
test_unopenable (void)
{
  g_autoptr(GError) error = NULL;
  PrefsStore *store = prefs_store_new ("/proc/no-such-dir/console.db", &error);

  g_assert_null (store);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_OPEN);
}

static void
test_environments (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsStore) store = prefs_store_new (":memory:", &error);
  g_autoptr(GPtrArray) envs = NULL;
  PrefsStoredEnvironment *env;

  g_assert_no_error (error);
  g_assert_true (prefs_store_save_environment (store, "prod", "https://api.knock.app", TRUE,
                                               &error));
  g_assert_true (prefs_store_save_environment (store, "local", "http://127.0.0.1:1/", FALSE,
                                               &error));
  /* Saving again updates in place. */
  g_assert_true (prefs_store_save_environment (store, "local", "http://127.0.0.1:2", FALSE,
                                               &error));
  g_assert_no_error (error);

  envs = prefs_store_list_environments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (envs->len, ==, 2);
  env = g_ptr_array_index (envs, 0);
  g_assert_cmpstr (env->name, ==, "local");
  g_assert_cmpstr (env->base_url, ==, "http://127.0.0.1:2");
  g_assert_false (env->production);
  env = g_ptr_array_index (envs, 1);
  g_assert_cmpstr (env->name, ==, "prod");
  g_assert_true (env->production);
  g_clear_pointer (&envs, g_ptr_array_unref);

  g_assert_true (prefs_store_delete_environment (store, "prod", &error));
  envs = prefs_store_list_environments (store, &error);
  g_assert_cmpuint (envs->len, ==, 1);
}

static void
test_bulk_jobs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsStore) store = prefs_store_new (":memory:", &error);
  g_autoptr(GPtrArray) jobs = NULL;
  PrefsStoredBulkJob *job;
  gint64 a, b;

  g_assert_no_error (error);
  a = prefs_store_add_bulk_job (store, "local", "{\"version\":1}", &error);
  g_assert_no_error (error);
  b = prefs_store_add_bulk_job (store, "prod", "{\"version\":1,\"x\":2}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, >, a);

  g_assert_true (prefs_store_update_bulk_job (store, a, "{\"version\":1,\"done\":true}", TRUE,
                                              &error));
  g_assert_no_error (error);
  g_assert_false (prefs_store_update_bulk_job (store, 9999, "{}", TRUE, &error));
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  jobs = prefs_store_list_bulk_jobs (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  /* Newest first. */
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->id, ==, b);
  g_clear_pointer (&jobs, g_ptr_array_unref);

  jobs = prefs_store_list_bulk_jobs (store, "local", &error);
  g_assert_cmpuint (jobs->len, ==, 1);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->id, ==, a);
  g_assert_cmpstr (job->state, ==, "{\"version\":1,\"done\":true}");
  g_assert_true (job->finished);
  g_assert_cmpint (job->created_at, >, 0);
  g_clear_pointer (&jobs, g_ptr_array_unref);

  g_assert_true (prefs_store_delete_bulk_job (store, a, &error));
  jobs = prefs_store_list_bulk_jobs (store, "local", &error);
  g_assert_cmpuint (jobs->len, ==, 0);
}

static void
test_drafts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsStore) store = prefs_store_new (":memory:", &error);
  g_autoptr(PrefsStoredDraft) draft = NULL;
  g_autoptr(GPtrArray) drafts = NULL;

  g_assert_no_error (error);
  g_assert_true (prefs_store_save_draft (store, "local", NULL, "u1", "default",
                                         "{\"a\":1}", &error));
  g_assert_true (prefs_store_save_draft (store, "local", "projects", "u1", "default",
                                         "{\"b\":2}", &error));
  g_assert_true (prefs_store_save_draft (store, "local", NULL, "u1", "default",
                                         "{\"a\":3}", &error));
  g_assert_no_error (error);

  draft = prefs_store_get_draft (store, "local", NULL, "u1", "default", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft->json, ==, "{\"a\":3}");
  g_assert_null (draft->collection);
  g_assert_cmpint (draft->updated_at, >, 0);
  g_clear_pointer (&draft, prefs_stored_draft_free);

  /* A user and an object with the same id are different recipients. */
  draft = prefs_store_get_draft (store, "local", "projects", "u1", "default", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft->json, ==, "{\"b\":2}");
  g_assert_cmpstr (draft->collection, ==, "projects");
  g_clear_pointer (&draft, prefs_stored_draft_free);

  drafts = prefs_store_list_drafts (store, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);

  g_assert_true (prefs_store_delete_draft (store, "local", NULL, "u1", "default", &error));
  draft = prefs_store_get_draft (store, "local", NULL, "u1", "default", &error);
  g_assert_null (draft);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND);
}

static void
test_journal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsStore) store = prefs_store_new (":memory:", &error);
  g_autoptr(PrefsJournalEntry) entry = NULL;
  gint64 first, second;

  g_assert_no_error (error);
  first = prefs_store_journal_add (store, "local", NULL, "u1", "default", "{\"v\":1}", &error);
  second = prefs_store_journal_add (store, "local", NULL, "u1", "default", "{\"v\":2}", &error);
  prefs_store_journal_add (store, "local", NULL, "u2", "default", "{\"v\":9}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);

  entry = prefs_store_journal_get_latest (store, "local", NULL, "u1", "default", &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->id, ==, second);
  g_assert_cmpstr (entry->json_before, ==, "{\"v\":2}");
  g_assert_cmpstr (entry->recipient_id, ==, "u1");

  /* Undo applied: the entry goes, the one before becomes the latest. */
  g_assert_true (prefs_store_journal_delete (store, entry->id, &error));
  g_clear_pointer (&entry, prefs_journal_entry_free);
  entry = prefs_store_journal_get_latest (store, "local", NULL, "u1", "default", &error);
  g_assert_cmpint (entry->id, ==, first);
  g_assert_true (prefs_store_journal_delete (store, entry->id, &error));
  g_clear_pointer (&entry, prefs_journal_entry_free);

  entry = prefs_store_journal_get_latest (store, "local", NULL, "u1", "default", &error);
  g_assert_null (entry);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  entry = prefs_store_journal_get_latest (store, "other-env", NULL, "u2", "default", &error);
  g_assert_null (entry);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_memory_secret_store (void)
{
  PrefsSecretStore *store = prefs_memory_secret_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result = NULL;
  char *secret;

  prefs_secret_store_lookup_async (store, "local", NULL, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_clear_object (&result);

  prefs_secret_store_store_async (store, "local", "sk_test_one", NULL, on_result, &result);
  g_assert_true (prefs_secret_store_store_finish (store, wait_result (&result), &error));
  g_clear_object (&result);
  prefs_secret_store_store_async (store, "prod", "sk_live_two", NULL, on_result, &result);
  g_assert_true (prefs_secret_store_store_finish (store, wait_result (&result), &error));
  g_clear_object (&result);

  prefs_secret_store_lookup_async (store, "local", NULL, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "sk_test_one");
  g_free (secret);
  g_clear_object (&result);

  prefs_secret_store_clear_async (store, "local", NULL, on_result, &result);
  g_assert_true (prefs_secret_store_clear_finish (store, wait_result (&result), &error));
  g_clear_object (&result);

  prefs_secret_store_lookup_async (store, "local", NULL, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_null (secret);
  g_clear_object (&result);

  prefs_secret_store_lookup_async (store, "prod", NULL, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_cmpstr (secret, ==, "sk_live_two");
  g_free (secret);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  prefs_secret_store_lookup_async (store, "prod", cancellable, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_null (secret);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  g_assert_finalize_object (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store/migrate-from-empty", test_migrate_from_empty);
  g_test_add_func ("/core/store/too-new", test_too_new);
  g_test_add_func ("/core/store/default-path", test_default_path);
  g_test_add_func ("/core/store/unopenable", test_unopenable);
  g_test_add_func ("/core/store/environments", test_environments);
  g_test_add_func ("/core/store/bulk-jobs", test_bulk_jobs);
  g_test_add_func ("/core/store/drafts", test_drafts);
  g_test_add_func ("/core/store/journal", test_journal);
  g_test_add_func ("/core/secret-store/memory", test_memory_secret_store);

  return g_test_run ();
}

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

/* The schema as version 1 of the console left it, written by hand so the
 * test does not depend on the migrations it checks. */
static const char v1_schema[] =
  "CREATE TABLE schema_version (version INTEGER NOT NULL);"
  "CREATE TABLE environments ("
  "  name TEXT PRIMARY KEY NOT NULL, base_url TEXT NOT NULL,"
  "  production INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE bulk_jobs ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, environment TEXT NOT NULL, state TEXT NOT NULL,"
  "  finished INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX bulk_jobs_environment ON bulk_jobs (environment, created_at);"
  "CREATE TABLE drafts ("
  "  environment TEXT NOT NULL, collection TEXT NOT NULL, recipient_id TEXT NOT NULL,"
  "  set_id TEXT NOT NULL, json TEXT NOT NULL, updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (environment, collection, recipient_id, set_id));"
  "CREATE TABLE journal ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, environment TEXT NOT NULL,"
  "  collection TEXT NOT NULL, recipient_id TEXT NOT NULL, set_id TEXT NOT NULL,"
  "  json_before TEXT NOT NULL, created_at INTEGER NOT NULL);"
  "CREATE INDEX journal_recipient ON journal (environment, collection, recipient_id, set_id, id);"
  "INSERT INTO schema_version (version) VALUES (1);"
  "INSERT INTO environments VALUES ('staging', 'http://s', 0);"
  "INSERT INTO bulk_jobs (environment, state, finished, created_at, updated_at)"
  "  VALUES ('staging', '{\"version\":1}', 1, 100, 200);"
  "INSERT INTO journal (environment, collection, recipient_id, set_id, json_before, created_at)"
  "  VALUES ('staging', '', 'u1', 'default', '{\"v\":1}', 300);";

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_migrate_from_v1 (void)
{
  g_autofree char *path = make_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) envs = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(PrefsJournalEntry) entry = NULL;
  PrefsStoredBulkJob *job;
  PrefsStore *store;
  sqlite3 *db = NULL;
  char *message = NULL;
  gint64 preset_id;

  g_assert_cmpint (PREFS_STORE_SCHEMA_VERSION, ==, 2);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, v1_schema, NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  sqlite3_close (db);

  store = prefs_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (prefs_store_get_schema_version (store), ==, 2);

  /* The version 1 data is still there. */
  envs = prefs_store_list_environments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (envs->len, ==, 1);
  g_assert_cmpstr (((PrefsStoredEnvironment *) g_ptr_array_index (envs, 0))->name, ==, "staging");
  jobs = prefs_store_list_bulk_jobs (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->created_at, ==, 100);
  g_assert_true (job->finished);
  entry = prefs_store_journal_get_latest (store, "staging", NULL, "u1", "default", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entry->json_before, ==, "{\"v\":1}");

  /* And the version 2 tables work, on the old rows too. */
  g_assert_true (prefs_store_snapshot_add (store, job->id, "u1", "default", "{}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_store_snapshot_count (store, job->id, &error), ==, 1);
  preset_id = prefs_store_save_preset (store, 0, "Quiet", "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (preset_id, >, 0);
  g_assert_finalize_object (store);

  g_assert_cmpint (count_rows (path, "SELECT MAX(version) FROM schema_version;"), ==, 2);
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                     "AND tbl_name = 'snapshots' AND sql IS NOT NULL;"), ==, 1);

  /* Opening again does not migrate again. */
  store = prefs_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (prefs_store_get_schema_version (store), ==, 2);
  g_assert_cmpuint (prefs_store_snapshot_count (store, job->id, &error), ==, 1);
  g_assert_finalize_object (store);
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM schema_version;"), ==, 2);

  /* The schema itself ties snapshots to their job, whoever deletes it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON; DELETE FROM bulk_jobs;", NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  sqlite3_close (db);
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM snapshots;"), ==, 0);

  remove_db (path);
}

static void
test_presets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsStore) store = prefs_store_new (":memory:", &error);
  g_autoptr(PrefsStoredPreset) preset = NULL;
  g_autoptr(GPtrArray) presets = NULL;
  gint64 quiet, loud, id;

  g_assert_no_error (error);

  presets = prefs_store_list_presets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, 0);
  g_clear_pointer (&presets, g_ptr_array_unref);

  quiet = prefs_store_save_preset (store, 0, "Quiet", "{\"channel_types\":{\"email\":false}}",
                                   &error);
  g_assert_no_error (error);
  loud = prefs_store_save_preset (store, 0, "Loud", "{\"channel_types\":{\"email\":true}}",
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (quiet, >, 0);
  g_assert_cmpint (loud, >, quiet);

  preset = prefs_store_get_preset (store, quiet, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preset->id, ==, quiet);
  g_assert_cmpstr (preset->name, ==, "Quiet");
  g_assert_cmpstr (preset->json, ==, "{\"channel_types\":{\"email\":false}}");
  g_assert_cmpint (preset->created_at, >, 0);
  g_assert_cmpint (preset->updated_at, >=, preset->created_at);
  g_clear_pointer (&preset, prefs_stored_preset_free);

  /* A second preset with a taken name is refused, saying why. */
  id = prefs_store_save_preset (store, 0, "Quiet", "{}", &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_QUERY);
  g_assert_cmpstr (error->message, ==, "A preset named “Quiet” exists already");
  g_clear_error (&error);
  /* So is renaming onto it. */
  id = prefs_store_save_preset (store, loud, "Quiet", "{}", &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_QUERY);
  g_assert_cmpstr (error->message, ==, "A preset named “Quiet” exists already");
  g_clear_error (&error);

  /* Updating keeps the id; saving under its own name is fine. */
  id = prefs_store_save_preset (store, loud, "Loud", "{\"v\":2}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, loud);
  id = prefs_store_save_preset (store, loud, "All on", "{\"v\":3}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, loud);
  preset = prefs_store_get_preset (store, loud, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preset->name, ==, "All on");
  g_assert_cmpstr (preset->json, ==, "{\"v\":3}");
  g_clear_pointer (&preset, prefs_stored_preset_free);

  /* Sorted by name. */
  presets = prefs_store_list_presets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, 2);
  g_assert_cmpstr (((PrefsStoredPreset *) g_ptr_array_index (presets, 0))->name, ==, "All on");
  g_assert_cmpstr (((PrefsStoredPreset *) g_ptr_array_index (presets, 1))->name, ==, "Quiet");
  g_clear_pointer (&presets, g_ptr_array_unref);

  /* Unknown ids. */
  preset = prefs_store_get_preset (store, 9999, &error);
  g_assert_null (preset);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  id = prefs_store_save_preset (store, 9999, "Ghost", "{}", &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (prefs_store_delete_preset (store, quiet, &error));
  g_assert_no_error (error);
  preset = prefs_store_get_preset (store, quiet, &error);
  g_assert_null (preset);
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The name is free again. */
  id = prefs_store_save_preset (store, 0, "Quiet", "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, loud);

  presets = prefs_store_list_presets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, 2);
}

static void
assert_snapshot_entry (GPtrArray  *entries,
                       guint       index,
                       const char *recipient_id,
                       const char *json_before)
{
  PrefsJournalEntry *entry;

  g_assert_cmpuint (index, <, entries->len);
  entry = g_ptr_array_index (entries, index);
  g_assert_cmpint (entry->id, >, 0);
  g_assert_null (entry->environment);
  g_assert_null (entry->collection);
  g_assert_cmpstr (entry->recipient_id, ==, recipient_id);
  g_assert_cmpstr (entry->set_id, ==, "default");
  g_assert_cmpstr (entry->json_before, ==, json_before);
  g_assert_cmpint (entry->created_at, >, 0);
}

static void
test_snapshots (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsStore) store = prefs_store_new (":memory:", &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  gint64 a, b;

  g_assert_no_error (error);
  a = prefs_store_add_bulk_job (store, "local", "{\"version\":1}", &error);
  b = prefs_store_add_bulk_job (store, "local", "{\"version\":1}", &error);
  g_assert_no_error (error);

  entries = prefs_store_snapshot_list (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_assert_cmpuint (prefs_store_snapshot_count (store, a, &error), ==, 0);
  g_assert_no_error (error);

  /* Recipients out of alphabetical order: the list keeps the order taken. */
  g_assert_true (prefs_store_snapshot_add (store, a, "zed", "default", "{\"z\":1}", &error));
  g_assert_true (prefs_store_snapshot_add (store, a, "amy", "default", "{\"a\":1}", &error));
  g_assert_true (prefs_store_snapshot_add (store, b, "bob", "default", "{\"b\":1}", &error));
  g_assert_no_error (error);

  /* A snapshot belongs to a job that exists. */
  g_assert_false (prefs_store_snapshot_add (store, 9999, "x", "default", "{}", &error));
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_QUERY);
  g_clear_error (&error);

  /* Many at once, in one transaction. */
  batch = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_journal_entry_free);
  for (guint i = 0; i < 2000; i++)
    {
      PrefsJournalEntry *entry = g_new0 (PrefsJournalEntry, 1);

      entry->recipient_id = g_strdup_printf ("user-%04u", i);
      entry->set_id = g_strdup ("default");
      entry->json_before = g_strdup_printf ("{\"n\":%u}", i);
      g_ptr_array_add (batch, entry);
    }
  g_assert_true (prefs_store_snapshot_add_many (store, a, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_store_snapshot_count (store, a, &error), ==, 2002);
  g_assert_cmpuint (prefs_store_snapshot_count (store, b, &error), ==, 1);
  g_assert_no_error (error);

  /* A failing batch stores nothing. */
  g_assert_false (prefs_store_snapshot_add_many (store, 9999, batch, &error));
  g_assert_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_QUERY);
  g_clear_error (&error);
  g_assert_cmpuint (prefs_store_snapshot_count (store, 9999, &error), ==, 0);
  g_assert_no_error (error);
  g_ptr_array_set_size (batch, 0);
  g_assert_true (prefs_store_snapshot_add_many (store, a, batch, &error));
  g_assert_no_error (error);

  entries = prefs_store_snapshot_list (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2002);
  assert_snapshot_entry (entries, 0, "zed", "{\"z\":1}");
  assert_snapshot_entry (entries, 1, "amy", "{\"a\":1}");
  assert_snapshot_entry (entries, 2, "user-0000", "{\"n\":0}");
  assert_snapshot_entry (entries, 2001, "user-1999", "{\"n\":1999}");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Deleting the snapshot keeps the job and the other job's snapshot. */
  g_assert_true (prefs_store_snapshot_delete (store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_store_snapshot_count (store, a, &error), ==, 0);
  g_assert_cmpuint (prefs_store_snapshot_count (store, b, &error), ==, 1);
  {
    g_autoptr(GPtrArray) jobs = prefs_store_list_bulk_jobs (store, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (jobs->len, ==, 2);
  }

  /* Deleting a job deletes its snapshot. */
  g_assert_true (prefs_store_snapshot_add (store, a, "amy", "default", "{}", &error));
  g_assert_true (prefs_store_delete_bulk_job (store, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_store_snapshot_count (store, b, &error), ==, 0);
  g_assert_cmpuint (prefs_store_snapshot_count (store, a, &error), ==, 1);
  g_assert_no_error (error);
  entries = prefs_store_snapshot_list (store, b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/store/migrate-from-empty", test_migrate_from_empty);
  g_test_add_func ("/core/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/core/store/too-new", test_too_new);
  g_test_add_func ("/core/store/default-path", test_default_path);
  g_test_add_func ("/core/store/unopenable", test_unopenable);
  g_test_add_func ("/core/store/environments", test_environments);
  g_test_add_func ("/core/store/bulk-jobs", test_bulk_jobs);
  g_test_add_func ("/core/store/drafts", test_drafts);
  g_test_add_func ("/core/store/journal", test_journal);
  g_test_add_func ("/core/store/presets", test_presets);
  g_test_add_func ("/core/store/snapshots", test_snapshots);
  g_test_add_func ("/core/secret-store/memory", test_memory_secret_store);

  return g_test_run ();
}

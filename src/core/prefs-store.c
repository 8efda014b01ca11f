/* prefs-store.c: the console's local state in one SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-store"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

struct _PrefsStore
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
  int      schema_version;
};

G_DEFINE_FINAL_TYPE (PrefsStore, prefs_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (prefs-store-error-quark, prefs_store_error)

/* Each entry brings the schema from version i to i + 1. Never edit one
 * that has shipped: add another. */
static const char * const migrations[] = {
  "CREATE TABLE environments ("
  "  name        TEXT PRIMARY KEY NOT NULL,"
  "  base_url    TEXT NOT NULL,"
  "  production  INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE bulk_jobs ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  environment TEXT NOT NULL,"
  "  state       TEXT NOT NULL,"
  "  finished    INTEGER NOT NULL DEFAULT 0,"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL"
  ");"
  "CREATE INDEX bulk_jobs_environment ON bulk_jobs (environment, created_at);"
  "CREATE TABLE drafts ("
  "  environment  TEXT NOT NULL,"
  "  collection   TEXT NOT NULL,"   /* '' for users */
  "  recipient_id TEXT NOT NULL,"
  "  set_id       TEXT NOT NULL,"
  "  json         TEXT NOT NULL,"
  "  updated_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (environment, collection, recipient_id, set_id)"
  ");"
  "CREATE TABLE journal ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  environment  TEXT NOT NULL,"
  "  collection   TEXT NOT NULL,"
  "  recipient_id TEXT NOT NULL,"
  "  set_id       TEXT NOT NULL,"
  "  json_before  TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL"
  ");"
  "CREATE INDEX journal_recipient ON journal (environment, collection, recipient_id, set_id, id);",

  "CREATE TABLE presets ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  json        TEXT NOT NULL,"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE snapshots ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  bulk_job_id  INTEGER NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,"
  "  recipient_id TEXT NOT NULL,"
  "  set_id       TEXT NOT NULL,"
  "  json_before  TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL"
  ");"
  "CREATE INDEX snapshots_bulk_job ON snapshots (bulk_job_id, id);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PREFS_STORE_SCHEMA_VERSION);

void
prefs_stored_environment_free (PrefsStoredEnvironment *env)
{
  if (env == NULL)
    return;
  g_free (env->name);
  g_free (env->base_url);
  g_free (env);
}

void
prefs_stored_bulk_job_free (PrefsStoredBulkJob *job)
{
  if (job == NULL)
    return;
  g_free (job->environment);
  g_free (job->state);
  g_free (job);
}

void
prefs_stored_draft_free (PrefsStoredDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->environment);
  g_free (draft->collection);
  g_free (draft->recipient_id);
  g_free (draft->set_id);
  g_free (draft->json);
  g_free (draft);
}

void
prefs_journal_entry_free (PrefsJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->environment);
  g_free (entry->collection);
  g_free (entry->recipient_id);
  g_free (entry->set_id);
  g_free (entry->json_before);
  g_free (entry);
}

static void
prefs_store_finalize (GObject *object)
{
  PrefsStore *self = PREFS_STORE (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (prefs_store_parent_class)->finalize (object);
}

static void
prefs_store_class_init (PrefsStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prefs_store_finalize;
}

static void
prefs_store_init (PrefsStore *self)
{
}

static gboolean
set_sqlite_error (PrefsStore  *self,
                  GError     **error,
                  PrefsStoreError code,
                  const char  *what)
{
  g_set_error (error, PREFS_STORE_ERROR, code, "%s: %s", what,
               self->db ? sqlite3_errmsg (self->db) : _("no database"));
  return FALSE;
}

static gboolean
exec (PrefsStore  *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_QUERY, "%s",
                   message ? message : _("unknown SQLite error"));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (PrefsStore  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not prepare a query"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static gboolean
step_done (PrefsStore    *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not write"));
  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text ? text : "", -1, SQLITE_TRANSIENT);
}

/* Savepoints rather than BEGIN, so that these nest in a caller's transaction. */
static gboolean
transaction_begin (PrefsStore  *self,
                   GError     **error)
{
  return exec (self, "SAVEPOINT prefs_store;", error);
}

static gboolean
transaction_commit (PrefsStore  *self,
                    GError     **error)
{
  return exec (self, "RELEASE prefs_store;", error);
}

static void
transaction_rollback (PrefsStore *self)
{
  exec (self, "ROLLBACK TO prefs_store; RELEASE prefs_store;", NULL);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
migrate (PrefsStore  *self,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = 0;

  if (!exec (self, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);",
             error))
    return FALSE;

  stmt = prepare (self, "SELECT MAX(version) FROM schema_version;", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);

  if (version > PREFS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_TOO_NEW,
                   /* Translators: %s is a file name, the numbers are database schema versions */
                   _("The database %s has schema version %d; this console knows %d"),
                   self->path, version, PREFS_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (int i = version; i < PREFS_STORE_SCHEMA_VERSION; i++)
    {
      g_autofree char *record = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!exec (self, "BEGIN IMMEDIATE;", &local_error))
        goto failed;
      record = g_strdup_printf ("INSERT INTO schema_version (version) VALUES (%d);", i + 1);
      if (!exec (self, migrations[i], &local_error) || !exec (self, record, &local_error))
        {
          exec (self, "ROLLBACK;", NULL);
          goto failed;
        }
      if (!exec (self, "COMMIT;", &local_error))
        goto failed;
      continue;

    failed:
      g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_MIGRATE,
                   /* Translators: %s is a file name, %d a schema version, the last %s the reason */
                   _("Could not migrate %s to version %d: %s"), self->path, i + 1,
                   local_error->message);
      return FALSE;
    }

  self->schema_version = PREFS_STORE_SCHEMA_VERSION;
  return TRUE;
}

/**
 * prefs_store_get_default_path:
 *
 * Returns: (transfer full): where the console keeps its database
 */
char *
prefs_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "prefs-console", "console.db", NULL);
}

/**
 * prefs_store_new:
 * @path: (nullable): the database file, ":memory:", or %NULL for the default
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the opened, migrated store
 */
PrefsStore *
prefs_store_new (const char  *path,
                 GError     **error)
{
  g_autoptr(PrefsStore) self = g_object_new (PREFS_TYPE_STORE, NULL);

  self->path = path ? g_strdup (path) : prefs_store_get_default_path ();

  if (g_strcmp0 (self->path, ":memory:") != 0)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_OPEN,
                       /* Translators: %s is a folder, the second %s the reason */
                       _("Could not create %s: %s"), dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_OPEN,
                   /* Translators: %s is a file name, the second %s the reason */
                   _("Could not open %s: %s"),
                   self->path, self->db ? sqlite3_errmsg (self->db) : _("out of memory"));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;", error))
    return NULL;
  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * prefs_store_get_schema_version:
 * @self: a #PrefsStore
 *
 * Returns: the schema version the database is at
 */
int
prefs_store_get_schema_version (PrefsStore *self)
{
  g_return_val_if_fail (PREFS_IS_STORE (self), 0);
  return self->schema_version;
}

/**
 * prefs_store_save_environment:
 * @self: a #PrefsStore
 * @name: the environment's unique name
 * @base_url: its API base URL
 * @production: whether it is a production environment
 * @error: return location for a #GError
 *
 * Adds or updates an environment.
 *
 * Returns: %TRUE on success
 */
gboolean
prefs_store_save_environment (PrefsStore  *self,
                              const char  *name,
                              const char  *base_url,
                              gboolean     production,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && base_url != NULL, FALSE);

  stmt = prepare (self,
                  "INSERT INTO environments (name, base_url, production) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (name) DO UPDATE SET base_url = ?2, production = ?3;", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, base_url);
  sqlite3_bind_int (stmt, 3, production ? 1 : 0);
  return step_done (self, stmt, error);
}

/**
 * prefs_store_list_environments:
 * @self: a #PrefsStore
 * @error: return location for a #GError
 *
 * Returns: (element-type PrefsStoredEnvironment) (transfer full): by name
 */
GPtrArray *
prefs_store_list_environments (PrefsStore  *self,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT name, base_url, production FROM environments ORDER BY name;",
                  error);
  if (stmt == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_stored_environment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PrefsStoredEnvironment *env = g_new0 (PrefsStoredEnvironment, 1);

      env->name = column_dup (stmt, 0);
      env->base_url = column_dup (stmt, 1);
      env->production = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (result, env);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read environments"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * prefs_store_delete_environment:
 * @self: a #PrefsStore
 * @name: the environment's name
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success (also when there was no such environment)
 */
gboolean
prefs_store_delete_environment (PrefsStore  *self,
                                const char  *name,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);

  stmt = prepare (self, "DELETE FROM environments WHERE name = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  return step_done (self, stmt, error);
}

/**
 * prefs_store_add_bulk_job:
 * @self: a #PrefsStore
 * @environment: the environment the job runs in
 * @state: the serialized job
 * @error: return location for a #GError
 *
 * Returns: the new row's id, or 0 on error
 */
gint64
prefs_store_add_bulk_job (PrefsStore  *self,
                          const char  *environment,
                          const char  *state,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (PREFS_IS_STORE (self), 0);
  g_return_val_if_fail (environment != NULL && state != NULL, 0);

  stmt = prepare (self,
                  "INSERT INTO bulk_jobs (environment, state, finished, created_at, updated_at) "
                  "VALUES (?1, ?2, 0, ?3, ?3);", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, environment);
  bind_text (stmt, 2, state);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * prefs_store_update_bulk_job:
 * @self: a #PrefsStore
 * @id: the row's id
 * @state: the serialized job
 * @finished: whether the job has ended
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PREFS_STORE_ERROR_NOT_FOUND for an unknown id
 */
gboolean
prefs_store_update_bulk_job (PrefsStore  *self,
                             gint64       id,
                             const char  *state,
                             gboolean     finished,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  stmt = prepare (self,
                  "UPDATE bulk_jobs SET state = ?2, finished = ?3, updated_at = ?4 "
                  "WHERE id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, state);
  sqlite3_bind_int (stmt, 3, finished ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, now_seconds ());
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is the local number of a bulk job */
                   _("No bulk job %s"), id_text);
      return FALSE;
    }
  return TRUE;
}

/**
 * prefs_store_list_bulk_jobs:
 * @self: a #PrefsStore
 * @environment: (nullable): only this environment's, or all
 * @error: return location for a #GError
 *
 * Returns: (element-type PrefsStoredBulkJob) (transfer full): newest first
 */
GPtrArray *
prefs_store_list_bulk_jobs (PrefsStore  *self,
                            const char  *environment,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, environment, state, finished, created_at, updated_at "
                  "FROM bulk_jobs WHERE ?1 IS NULL OR environment = ?1 "
                  "ORDER BY created_at DESC, id DESC;", error);
  if (stmt == NULL)
    return NULL;
  if (environment != NULL)
    bind_text (stmt, 1, environment);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_stored_bulk_job_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PrefsStoredBulkJob *job = g_new0 (PrefsStoredBulkJob, 1);

      job->id = sqlite3_column_int64 (stmt, 0);
      job->environment = column_dup (stmt, 1);
      job->state = column_dup (stmt, 2);
      job->finished = sqlite3_column_int (stmt, 3) != 0;
      job->created_at = sqlite3_column_int64 (stmt, 4);
      job->updated_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (result, job);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read bulk jobs"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * prefs_store_delete_bulk_job:
 * @self: a #PrefsStore
 * @id: the row's id
 * @error: return location for a #GError
 *
 * Deletes the job with its snapshot.
 *
 * Returns: %TRUE on success
 */
gboolean
prefs_store_delete_bulk_job (PrefsStore  *self,
                             gint64       id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) snapshots = NULL;
  g_autoptr(sqlite3_stmt) job = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);

  /* The foreign key cascades too; deleting by hand also covers a
   * connection that has foreign keys off. */
  snapshots = prepare (self, "DELETE FROM snapshots WHERE bulk_job_id = ?1;", error);
  if (snapshots == NULL)
    return FALSE;
  job = prepare (self, "DELETE FROM bulk_jobs WHERE id = ?1;", error);
  if (job == NULL)
    return FALSE;
  sqlite3_bind_int64 (snapshots, 1, id);
  sqlite3_bind_int64 (job, 1, id);

  if (!transaction_begin (self, error))
    return FALSE;
  if (!step_done (self, snapshots, error) || !step_done (self, job, error))
    {
      transaction_rollback (self);
      return FALSE;
    }
  return transaction_commit (self, error);
}

static void
bind_recipient (sqlite3_stmt *stmt,
                const char   *environment,
                const char   *collection,
                const char   *recipient_id,
                const char   *set_id)
{
  bind_text (stmt, 1, environment);
  bind_text (stmt, 2, collection);
  bind_text (stmt, 3, recipient_id);
  bind_text (stmt, 4, set_id);
}

static char *
column_collection (sqlite3_stmt *stmt,
                   int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text && *text ? g_strdup ((const char *) text) : NULL;
}

/**
 * prefs_store_save_draft:
 * @self: a #PrefsStore
 * @environment: the environment
 * @collection: (nullable): %NULL for a user, else the object collection
 * @recipient_id: the recipient
 * @set_id: the set
 * @json: the draft set as JSON
 * @error: return location for a #GError
 *
 * Saves or replaces a draft.
 *
 * Returns: %TRUE on success
 */
gboolean
prefs_store_save_draft (PrefsStore  *self,
                        const char  *environment,
                        const char  *collection,
                        const char  *recipient_id,
                        const char  *set_id,
                        const char  *json,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);
  g_return_val_if_fail (environment && recipient_id && set_id && json, FALSE);

  stmt = prepare (self,
                  "INSERT INTO drafts (environment, collection, recipient_id, set_id, json, "
                  "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                  "ON CONFLICT (environment, collection, recipient_id, set_id) "
                  "DO UPDATE SET json = ?5, updated_at = ?6;", error);
  if (stmt == NULL)
    return FALSE;
  bind_recipient (stmt, environment, collection, recipient_id, set_id);
  bind_text (stmt, 5, json);
  sqlite3_bind_int64 (stmt, 6, now_seconds ());
  return step_done (self, stmt, error);
}

static PrefsStoredDraft *
read_draft (sqlite3_stmt *stmt)
{
  PrefsStoredDraft *draft = g_new0 (PrefsStoredDraft, 1);

  draft->environment = column_dup (stmt, 0);
  draft->collection = column_collection (stmt, 1);
  draft->recipient_id = column_dup (stmt, 2);
  draft->set_id = column_dup (stmt, 3);
  draft->json = column_dup (stmt, 4);
  draft->updated_at = sqlite3_column_int64 (stmt, 5);
  return draft;
}

/**
 * prefs_store_get_draft:
 * @self: a #PrefsStore
 * @environment: the environment
 * @collection: (nullable): %NULL for a user, else the object collection
 * @recipient_id: the recipient
 * @set_id: the set
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the draft
 */
PrefsStoredDraft *
prefs_store_get_draft (PrefsStore  *self,
                       const char  *environment,
                       const char  *collection,
                       const char  *recipient_id,
                       const char  *set_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT environment, collection, recipient_id, set_id, json, updated_at "
                  "FROM drafts WHERE environment = ?1 AND collection = ?2 "
                  "AND recipient_id = ?3 AND set_id = ?4;", error);
  if (stmt == NULL)
    return NULL;
  bind_recipient (stmt, environment, collection, recipient_id, set_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_draft (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND, _("No draft"));
  else
    set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read the draft"));
  return NULL;
}

/**
 * prefs_store_list_drafts:
 * @self: a #PrefsStore
 * @environment: the environment
 * @error: return location for a #GError
 *
 * Returns: (element-type PrefsStoredDraft) (transfer full): newest first
 */
GPtrArray *
prefs_store_list_drafts (PrefsStore  *self,
                         const char  *environment,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT environment, collection, recipient_id, set_id, json, updated_at "
                  "FROM drafts WHERE environment = ?1 ORDER BY updated_at DESC, rowid DESC;",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, environment);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_stored_draft_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, read_draft (stmt));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read drafts"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * prefs_store_delete_draft:
 * @self: a #PrefsStore
 * @environment: the environment
 * @collection: (nullable): %NULL for a user, else the object collection
 * @recipient_id: the recipient
 * @set_id: the set
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success (also when there was no draft)
 */
gboolean
prefs_store_delete_draft (PrefsStore  *self,
                          const char  *environment,
                          const char  *collection,
                          const char  *recipient_id,
                          const char  *set_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);

  stmt = prepare (self,
                  "DELETE FROM drafts WHERE environment = ?1 AND collection = ?2 "
                  "AND recipient_id = ?3 AND set_id = ?4;", error);
  if (stmt == NULL)
    return FALSE;
  bind_recipient (stmt, environment, collection, recipient_id, set_id);
  return step_done (self, stmt, error);
}

/**
 * prefs_store_journal_add:
 * @self: a #PrefsStore
 * @environment: the environment
 * @collection: (nullable): %NULL for a user, else the object collection
 * @recipient_id: the recipient
 * @set_id: the set
 * @json_before: the set as it was before the write
 * @error: return location for a #GError
 *
 * Returns: the entry's id, or 0 on error
 */
gint64
prefs_store_journal_add (PrefsStore  *self,
                         const char  *environment,
                         const char  *collection,
                         const char  *recipient_id,
                         const char  *set_id,
                         const char  *json_before,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), 0);
  g_return_val_if_fail (environment && recipient_id && set_id && json_before, 0);

  stmt = prepare (self,
                  "INSERT INTO journal (environment, collection, recipient_id, set_id, "
                  "json_before, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6);", error);
  if (stmt == NULL)
    return 0;
  bind_recipient (stmt, environment, collection, recipient_id, set_id);
  bind_text (stmt, 5, json_before);
  sqlite3_bind_int64 (stmt, 6, now_seconds ());
  if (!step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * prefs_store_journal_get_latest:
 * @self: a #PrefsStore
 * @environment: the environment
 * @collection: (nullable): %NULL for a user, else the object collection
 * @recipient_id: the recipient
 * @set_id: the set
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the newest entry
 */
PrefsJournalEntry *
prefs_store_journal_get_latest (PrefsStore  *self,
                                const char  *environment,
                                const char  *collection,
                                const char  *recipient_id,
                                const char  *set_id,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, environment, collection, recipient_id, set_id, json_before, "
                  "created_at FROM journal WHERE environment = ?1 AND collection = ?2 "
                  "AND recipient_id = ?3 AND set_id = ?4 ORDER BY id DESC LIMIT 1;", error);
  if (stmt == NULL)
    return NULL;
  bind_recipient (stmt, environment, collection, recipient_id, set_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      PrefsJournalEntry *entry = g_new0 (PrefsJournalEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->environment = column_dup (stmt, 1);
      entry->collection = column_collection (stmt, 2);
      entry->recipient_id = column_dup (stmt, 3);
      entry->set_id = column_dup (stmt, 4);
      entry->json_before = column_dup (stmt, 5);
      entry->created_at = sqlite3_column_int64 (stmt, 6);
      return entry;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND, _("Nothing to undo"));
  else
    set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read the journal"));
  return NULL;
}

/**
 * prefs_store_journal_delete:
 * @self: a #PrefsStore
 * @id: the entry's id
 * @error: return location for a #GError
 *
 * Removes an entry, after its undo was applied.
 *
 * Returns: %TRUE on success
 */
gboolean
prefs_store_journal_delete (PrefsStore  *self,
                            gint64       id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);

  stmt = prepare (self, "DELETE FROM journal WHERE id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (self, stmt, error);
}

/**
 * prefs_store_snapshot_add:
 * @self: a #PrefsStore
 * @bulk_job_id: the bulk job about to change the set
 * @recipient_id: the user
 * @set_id: the set
 * @json_before: the set as it was before the job
 * @error: return location for a #GError
 *
 * For many recipients at once, prefs_store_snapshot_add_many() is much
 * faster: each call here is a transaction of its own.
 *
 * Returns: %TRUE on success; %PREFS_STORE_ERROR_QUERY for an unknown job
 */
gboolean
prefs_store_snapshot_add (PrefsStore  *self,
                          gint64       bulk_job_id,
                          const char  *recipient_id,
                          const char  *set_id,
                          const char  *json_before,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);
  g_return_val_if_fail (recipient_id && set_id && json_before, FALSE);

  stmt = prepare (self,
                  "INSERT INTO snapshots (bulk_job_id, recipient_id, set_id, json_before, "
                  "created_at) VALUES (?1, ?2, ?3, ?4, ?5);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bulk_job_id);
  bind_text (stmt, 2, recipient_id);
  bind_text (stmt, 3, set_id);
  bind_text (stmt, 4, json_before);
  sqlite3_bind_int64 (stmt, 5, now_seconds ());
  return step_done (self, stmt, error);
}

/**
 * prefs_store_snapshot_add_many:
 * @self: a #PrefsStore
 * @bulk_job_id: the bulk job about to change the sets
 * @entries: (element-type PrefsJournalEntry): recipient_id, set_id and
 *   json_before of each; other fields are ignored
 * @error: return location for a #GError
 *
 * Adds all of @entries in one transaction, with one prepared statement.
 *
 * Returns: %TRUE when all were stored; on error none is
 */
gboolean
prefs_store_snapshot_add_many (PrefsStore  *self,
                               gint64       bulk_job_id,
                               GPtrArray   *entries,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  /* Checked before the transaction starts, so a bad entry leaves none open. */
  for (guint i = 0; i < entries->len; i++)
    {
      const PrefsJournalEntry *entry = g_ptr_array_index (entries, i);

      g_return_val_if_fail (entry != NULL, FALSE);
      g_return_val_if_fail (entry->recipient_id && entry->set_id && entry->json_before, FALSE);
    }

  if (entries->len == 0)
    return TRUE;

  stmt = prepare (self,
                  "INSERT INTO snapshots (bulk_job_id, recipient_id, set_id, json_before, "
                  "created_at) VALUES (?1, ?2, ?3, ?4, ?5);", error);
  if (stmt == NULL)
    return FALSE;
  if (!transaction_begin (self, error))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      const PrefsJournalEntry *entry = g_ptr_array_index (entries, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, bulk_job_id);
      bind_text (stmt, 2, entry->recipient_id);
      bind_text (stmt, 3, entry->set_id);
      bind_text (stmt, 4, entry->json_before);
      sqlite3_bind_int64 (stmt, 5, now);
      if (!step_done (self, stmt, error))
        {
          /* Finalized first: a pending statement can block the rollback. */
          g_clear_pointer (&stmt, sqlite3_finalize);
          transaction_rollback (self);
          return FALSE;
        }
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!transaction_commit (self, error))
    {
      transaction_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * prefs_store_snapshot_list:
 * @self: a #PrefsStore
 * @bulk_job_id: the bulk job
 * @error: return location for a #GError
 *
 * Returns: (element-type PrefsJournalEntry) (transfer full): the job's
 *   snapshot in the order it was taken; empty when it has none
 */
GPtrArray *
prefs_store_snapshot_list (PrefsStore  *self,
                           gint64       bulk_job_id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, recipient_id, set_id, json_before, created_at FROM snapshots "
                  "WHERE bulk_job_id = ?1 ORDER BY id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, bulk_job_id);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_journal_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PrefsJournalEntry *entry = g_new0 (PrefsJournalEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->recipient_id = column_dup (stmt, 1);
      entry->set_id = column_dup (stmt, 2);
      entry->json_before = column_dup (stmt, 3);
      entry->created_at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (result, entry);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read the snapshot"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * prefs_store_snapshot_count:
 * @self: a #PrefsStore
 * @bulk_job_id: the bulk job
 * @error: return location for a #GError
 *
 * Returns: how many sets the job's snapshot holds; 0 with @error set on error
 */
guint
prefs_store_snapshot_count (PrefsStore  *self,
                            gint64       bulk_job_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT COUNT(*) FROM snapshots WHERE bulk_job_id = ?1;", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, bulk_job_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not count the snapshot"));
      return 0;
    }
  return (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
}

/**
 * prefs_store_snapshot_delete:
 * @self: a #PrefsStore
 * @bulk_job_id: the bulk job
 * @error: return location for a #GError
 *
 * Forgets the job's snapshot (after it was reverted, or is no longer
 * wanted), keeping the job.
 *
 * Returns: %TRUE on success (also when there was none)
 */
gboolean
prefs_store_snapshot_delete (PrefsStore  *self,
                             gint64       bulk_job_id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);

  stmt = prepare (self, "DELETE FROM snapshots WHERE bulk_job_id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bulk_job_id);
  return step_done (self, stmt, error);
}

void
prefs_stored_preset_free (PrefsStoredPreset *preset)
{
  if (preset == NULL)
    return;
  g_free (preset->name);
  g_free (preset->json);
  g_free (preset);
}

static PrefsStoredPreset *
read_preset (sqlite3_stmt *stmt)
{
  PrefsStoredPreset *preset = g_new0 (PrefsStoredPreset, 1);

  preset->id = sqlite3_column_int64 (stmt, 0);
  preset->name = column_dup (stmt, 1);
  preset->json = column_dup (stmt, 2);
  preset->created_at = sqlite3_column_int64 (stmt, 3);
  preset->updated_at = sqlite3_column_int64 (stmt, 4);
  return preset;
}

/**
 * prefs_store_save_preset:
 * @self: a #PrefsStore
 * @id: the preset to update, or 0 to create one
 * @name: its name, unique among presets
 * @json: the PreferenceSet's canonical text
 * @error: return location for a #GError
 *
 * Returns: the preset's id, or 0 on error: %PREFS_STORE_ERROR_QUERY
 *   (with a message fit for a person) when another preset has @name,
 *   %PREFS_STORE_ERROR_NOT_FOUND when there is no preset @id
 */
gint64
prefs_store_save_preset (PrefsStore  *self,
                         gint64       id,
                         const char  *name,
                         const char  *json,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), 0);
  g_return_val_if_fail (id >= 0, 0);
  g_return_val_if_fail (name != NULL && json != NULL, 0);

  if (id == 0)
    stmt = prepare (self,
                    "INSERT INTO presets (name, json, created_at, updated_at) "
                    "VALUES (?1, ?2, ?3, ?3);", error);
  else
    stmt = prepare (self,
                    "UPDATE presets SET name = ?1, json = ?2, updated_at = ?3 WHERE id = ?4;",
                    error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, json);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  if (id != 0)
    sqlite3_bind_int64 (stmt, 4, id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_QUERY,
                     _("A preset named “%s” exists already"), name);
      else
        set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not save the preset"));
      return 0;
    }

  if (id == 0)
    return sqlite3_last_insert_rowid (self->db);
  if (sqlite3_changes (self->db) == 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is the local number of a preset */
                   _("No preset %s"), id_text);
      return 0;
    }
  return id;
}

/**
 * prefs_store_list_presets:
 * @self: a #PrefsStore
 * @error: return location for a #GError
 *
 * Returns: (element-type PrefsStoredPreset) (transfer full): by name
 */
GPtrArray *
prefs_store_list_presets (PrefsStore  *self,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, name, json, created_at, updated_at FROM presets "
                  "ORDER BY name, id;", error);
  if (stmt == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_stored_preset_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, read_preset (stmt));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read presets"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/**
 * prefs_store_get_preset:
 * @self: a #PrefsStore
 * @id: the preset's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the preset, or %NULL with
 *   %PREFS_STORE_ERROR_NOT_FOUND
 */
PrefsStoredPreset *
prefs_store_get_preset (PrefsStore  *self,
                        gint64       id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PREFS_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, name, json, created_at, updated_at FROM presets WHERE id = ?1;",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_preset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is the local number of a preset */
                   _("No preset %s"), id_text);
    }
  else
    set_sqlite_error (self, error, PREFS_STORE_ERROR_QUERY, _("Could not read the preset"));
  return NULL;
}

/**
 * prefs_store_delete_preset:
 * @self: a #PrefsStore
 * @id: the preset's id
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success (also when there was no such preset, like the
 *   other deletions here)
 */
gboolean
prefs_store_delete_preset (PrefsStore  *self,
                           gint64       id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PREFS_IS_STORE (self), FALSE);

  stmt = prepare (self, "DELETE FROM presets WHERE id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (self, stmt, error);
}

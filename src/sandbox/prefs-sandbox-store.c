/* prefs-sandbox-store.c: the sandbox's SQLite storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox-store"

#include "config.h"

#include "prefs-sandbox-store.h"

#include <sqlite3.h>

#include "prefs-sandbox.h"

struct _PrefsSandboxStore
{
  sqlite3    *db;
  /* SQL text -> sqlite3_stmt, prepared once and reset on each use. */
  GHashTable *statements;
};

/* Each entry brings the schema from version i to i + 1; never edit a
 * released entry, append a new one. */
static const char * const migrations[] = {
  "CREATE TABLE users ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  props TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE TABLE preference_sets ("
  "  collection TEXT NOT NULL,"
  "  owner_id TEXT NOT NULL,"
  "  set_id TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (collection, owner_id, set_id)) WITHOUT ROWID;"
  "CREATE TABLE bulk_operations ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  estimated_total_rows INTEGER NOT NULL,"
  "  processed_rows INTEGER NOT NULL,"
  "  success_count INTEGER NOT NULL,"
  "  error_count INTEGER NOT NULL,"
  "  error_items TEXT NOT NULL,"
  "  payload TEXT,"
  "  inserted_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  started_at TEXT,"
  "  completed_at TEXT,"
  "  failed_at TEXT);"
  "CREATE INDEX bulk_operations_status ON bulk_operations (status, seq);"
  "CREATE TABLE bulk_items ("
  "  op_id TEXT NOT NULL,"
  "  idx INTEGER NOT NULL,"
  "  item TEXT NOT NULL,"
  "  PRIMARY KEY (op_id, idx)) WITHOUT ROWID;",
};

void
prefs_sandbox_user_row_free (PrefsSandboxUserRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->props);
  g_free (row->created_at);
  g_free (row->updated_at);
  g_free (row);
}

void
prefs_sandbox_bulk_row_free (PrefsSandboxBulkRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->name);
  g_free (row->status);
  g_free (row->error_items);
  g_free (row->payload);
  g_free (row->inserted_at);
  g_free (row->updated_at);
  g_free (row->started_at);
  g_free (row->completed_at);
  g_free (row->failed_at);
  g_free (row);
}

static gboolean
set_error (PrefsSandboxStore  *store,
           GError            **error)
{
  g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_STORAGE,
               "SQLite: %s", sqlite3_errmsg (store->db));
  return FALSE;
}

static gboolean
exec (PrefsSandboxStore  *store,
      const char         *sql,
      GError            **error)
{
  char *message = NULL;

  if (sqlite3_exec (store->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_STORAGE,
                   "SQLite: %s", message != NULL ? message : "unknown error");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
stmt (PrefsSandboxStore  *store,
      const char         *sql,
      GError            **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (store->statements, sql);

  if (statement != NULL)
    {
      sqlite3_reset (statement);
      sqlite3_clear_bindings (statement);
      return statement;
    }

  if (sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &statement, NULL) != SQLITE_OK)
    {
      set_error (store, error);
      return NULL;
    }
  g_hash_table_insert (store->statements, (gpointer) sql, statement);
  return statement;
}

static void
bind_text (sqlite3_stmt *statement,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (statement, index);
  else
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *statement,
             int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (statement, index));
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (PrefsSandboxStore  *store,
           sqlite3_stmt       *statement,
           GError            **error)
{
  int rc = sqlite3_step (statement);

  sqlite3_reset (statement);
  if (rc != SQLITE_DONE)
    return set_error (store, error);
  return TRUE;
}

static gboolean
migrate (PrefsSandboxStore  *store,
         GError            **error)
{
  sqlite3_stmt *statement;
  gint64 version = 0;

  if (!exec (store, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", error))
    return FALSE;

  statement = stmt (store, "SELECT max(version) FROM schema_version", error);
  if (statement == NULL)
    return FALSE;
  if (sqlite3_step (statement) == SQLITE_ROW)
    version = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);

  if (version > (gint64) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_STORAGE,
                   "The database has schema version %" G_GINT64_FORMAT
                   ", newer than this sandbox knows (%u)",
                   version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (gint64 i = version; i < (gint64) G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *record = g_strdup_printf ("INSERT INTO schema_version (version) VALUES (%"
                                                 G_GINT64_FORMAT ")", i + 1);

      if (!prefs_sandbox_store_begin (store, error))
        return FALSE;
      if (!exec (store, migrations[i], error) || !exec (store, record, error) ||
          !prefs_sandbox_store_commit (store, error))
        {
          prefs_sandbox_store_rollback (store);
          return FALSE;
        }
    }
  return TRUE;
}

PrefsSandboxStore *
prefs_sandbox_store_open (const char  *path,
                          GError     **error)
{
  g_autoptr(PrefsSandboxStore) store = g_new0 (PrefsSandboxStore, 1);
  int rc;

  store->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) sqlite3_finalize);

  rc = sqlite3_open_v2 (path, &store->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_STORAGE,
                   "Could not open %s: %s", path,
                   store->db != NULL ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (store->db, 5000);
  if (!exec (store, "PRAGMA journal_mode=WAL", error) ||
      !exec (store, "PRAGMA synchronous=NORMAL", error) ||
      !exec (store, "PRAGMA foreign_keys=ON", error) ||
      !migrate (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

void
prefs_sandbox_store_free (PrefsSandboxStore *store)
{
  if (store == NULL)
    return;
  g_clear_pointer (&store->statements, g_hash_table_unref);
  if (store->db != NULL)
    sqlite3_close (store->db);
  g_free (store);
}

gboolean
prefs_sandbox_store_begin (PrefsSandboxStore  *store,
                           GError            **error)
{
  sqlite3_stmt *statement = stmt (store, "BEGIN IMMEDIATE", error);

  return statement != NULL && step_done (store, statement, error);
}

gboolean
prefs_sandbox_store_commit (PrefsSandboxStore  *store,
                            GError            **error)
{
  sqlite3_stmt *statement = stmt (store, "COMMIT", error);

  return statement != NULL && step_done (store, statement, error);
}

void
prefs_sandbox_store_rollback (PrefsSandboxStore *store)
{
  if (!sqlite3_get_autocommit (store->db))
    exec (store, "ROLLBACK", NULL);
}

void
prefs_sandbox_store_set_bulk_load (PrefsSandboxStore *store,
                                   gboolean           enabled)
{
  /* A failed seed is simply re-run, so losing it on a crash is acceptable. */
  exec (store, enabled ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL", NULL);
  exec (store, enabled ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-2000", NULL);
}

static PrefsSandboxUserRow *
read_user_row (sqlite3_stmt *statement)
{
  PrefsSandboxUserRow *row = g_new0 (PrefsSandboxUserRow, 1);

  row->seq = sqlite3_column_int64 (statement, 0);
  row->id = column_text (statement, 1);
  row->props = column_text (statement, 2);
  row->created_at = column_text (statement, 3);
  row->updated_at = column_text (statement, 4);
  return row;
}

gboolean
prefs_sandbox_store_get_user (PrefsSandboxStore    *store,
                              const char           *id,
                              PrefsSandboxUserRow **out_row,
                              GError              **error)
{
  sqlite3_stmt *statement;
  int rc;

  *out_row = NULL;
  statement = stmt (store, "SELECT seq, id, props, created_at, updated_at FROM users WHERE id = ?",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, id);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    *out_row = read_user_row (statement);
  sqlite3_reset (statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (store, error);
  return *out_row != NULL;
}

gboolean
prefs_sandbox_store_put_user (PrefsSandboxStore  *store,
                              const char         *id,
                              const char         *props,
                              const char         *now,
                              GError            **error)
{
  sqlite3_stmt *statement;

  statement = stmt (store,
                    "INSERT INTO users (id, props, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) "
                    "ON CONFLICT (id) DO UPDATE SET props = excluded.props, "
                    "updated_at = excluded.updated_at",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, id);
  bind_text (statement, 2, props);
  bind_text (statement, 3, now);
  return step_done (store, statement, error);
}

gboolean
prefs_sandbox_store_ensure_user (PrefsSandboxStore  *store,
                                 const char         *id,
                                 const char         *now,
                                 GError            **error)
{
  sqlite3_stmt *statement;

  statement = stmt (store,
                    "INSERT INTO users (id, props, created_at, updated_at) VALUES (?1, '{}', ?2, ?2) "
                    "ON CONFLICT (id) DO NOTHING",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, id);
  bind_text (statement, 2, now);
  return step_done (store, statement, error);
}

gboolean
prefs_sandbox_store_delete_user (PrefsSandboxStore  *store,
                                 const char         *id,
                                 gboolean           *out_existed,
                                 GError            **error)
{
  sqlite3_stmt *statement;

  statement = stmt (store, "DELETE FROM users WHERE id = ?", error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, id);
  if (!step_done (store, statement, error))
    return FALSE;
  *out_existed = sqlite3_changes (store->db) > 0;

  statement = stmt (store, "DELETE FROM preference_sets WHERE collection = '' AND owner_id = ?",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, id);
  return step_done (store, statement, error);
}

GPtrArray *
prefs_sandbox_store_list_users (PrefsSandboxStore  *store,
                                gint64              after_seq,
                                gint64              before_seq,
                                guint               limit,
                                gboolean           *out_more,
                                GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_sandbox_user_row_free);
  sqlite3_stmt *statement;
  gboolean backwards = before_seq > 0;
  int rc;

  if (backwards)
    statement = stmt (store,
                      "SELECT seq, id, props, created_at, updated_at FROM users "
                      "WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2",
                      error);
  else
    statement = stmt (store,
                      "SELECT seq, id, props, created_at, updated_at FROM users "
                      "WHERE seq > ?1 ORDER BY seq ASC LIMIT ?2",
                      error);
  if (statement == NULL)
    return NULL;

  sqlite3_bind_int64 (statement, 1, backwards ? before_seq : after_seq);
  sqlite3_bind_int64 (statement, 2, (gint64) limit + 1);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_user_row (statement));
  sqlite3_reset (statement);
  if (rc != SQLITE_DONE)
    {
      set_error (store, error);
      return NULL;
    }

  *out_more = rows->len > limit;
  if (*out_more)
    g_ptr_array_remove_index (rows, rows->len - 1);

  if (backwards)
    {
      for (guint i = 0; i < rows->len / 2; i++)
        {
          gpointer tmp = rows->pdata[i];

          rows->pdata[i] = rows->pdata[rows->len - 1 - i];
          rows->pdata[rows->len - 1 - i] = tmp;
        }
    }
  return g_steal_pointer (&rows);
}

gboolean
prefs_sandbox_store_has_users_beyond (PrefsSandboxStore  *store,
                                      gint64              seq,
                                      gboolean            earlier,
                                      gboolean           *out_has,
                                      GError            **error)
{
  sqlite3_stmt *statement;
  int rc;

  if (earlier)
    statement = stmt (store, "SELECT 1 FROM users WHERE seq < ? LIMIT 1", error);
  else
    statement = stmt (store, "SELECT 1 FROM users WHERE seq > ? LIMIT 1", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, seq);
  rc = sqlite3_step (statement);
  sqlite3_reset (statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (store, error);
  *out_has = rc == SQLITE_ROW;
  return TRUE;
}

gint64
prefs_sandbox_store_count_users (PrefsSandboxStore  *store,
                                 GError            **error)
{
  sqlite3_stmt *statement = stmt (store, "SELECT count(*) FROM users", error);
  gint64 count = -1;

  if (statement == NULL)
    return -1;
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int64 (statement, 0);
  else
    set_error (store, error);
  sqlite3_reset (statement);
  return count;
}

gboolean
prefs_sandbox_store_get_set (PrefsSandboxStore  *store,
                             const char         *collection,
                             const char         *owner_id,
                             const char         *set_id,
                             char              **out_body,
                             GError            **error)
{
  sqlite3_stmt *statement;
  int rc;

  *out_body = NULL;
  statement = stmt (store,
                    "SELECT body FROM preference_sets "
                    "WHERE collection = ? AND owner_id = ? AND set_id = ?",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, collection);
  bind_text (statement, 2, owner_id);
  bind_text (statement, 3, set_id);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    *out_body = column_text (statement, 0);
  sqlite3_reset (statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (store, error);
  return *out_body != NULL;
}

gboolean
prefs_sandbox_store_put_set (PrefsSandboxStore  *store,
                             const char         *collection,
                             const char         *owner_id,
                             const char         *set_id,
                             const char         *body,
                             const char         *now,
                             GError            **error)
{
  sqlite3_stmt *statement;

  statement = stmt (store,
                    "INSERT OR REPLACE INTO preference_sets "
                    "(collection, owner_id, set_id, body, updated_at) VALUES (?, ?, ?, ?, ?)",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, collection);
  bind_text (statement, 2, owner_id);
  bind_text (statement, 3, set_id);
  bind_text (statement, 4, body);
  bind_text (statement, 5, now);
  return step_done (store, statement, error);
}

gboolean
prefs_sandbox_store_delete_set (PrefsSandboxStore  *store,
                                const char         *collection,
                                const char         *owner_id,
                                const char         *set_id,
                                GError            **error)
{
  sqlite3_stmt *statement;

  statement = stmt (store,
                    "DELETE FROM preference_sets WHERE collection = ? AND owner_id = ? AND set_id = ?",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, collection);
  bind_text (statement, 2, owner_id);
  bind_text (statement, 3, set_id);
  return step_done (store, statement, error);
}

GPtrArray *
prefs_sandbox_store_list_sets (PrefsSandboxStore  *store,
                               const char         *collection,
                               const char         *owner_id,
                               GError            **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *statement;
  int rc;

  statement = stmt (store,
                    "SELECT body FROM preference_sets WHERE collection = ? AND owner_id = ? "
                    "ORDER BY set_id",
                    error);
  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, collection);
  bind_text (statement, 2, owner_id);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (bodies, column_text (statement, 0));
  sqlite3_reset (statement);
  if (rc != SQLITE_DONE)
    {
      set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&bodies);
}

#define BULK_COLUMNS "id, name, status, estimated_total_rows, processed_rows, success_count, " \
                     "error_count, error_items, payload, inserted_at, updated_at, started_at, " \
                     "completed_at, failed_at"

static PrefsSandboxBulkRow *
read_bulk_row (sqlite3_stmt *statement)
{
  PrefsSandboxBulkRow *row = g_new0 (PrefsSandboxBulkRow, 1);

  row->id = column_text (statement, 0);
  row->name = column_text (statement, 1);
  row->status = column_text (statement, 2);
  row->estimated_total_rows = sqlite3_column_int64 (statement, 3);
  row->processed_rows = sqlite3_column_int64 (statement, 4);
  row->success_count = sqlite3_column_int64 (statement, 5);
  row->error_count = sqlite3_column_int64 (statement, 6);
  row->error_items = column_text (statement, 7);
  row->payload = column_text (statement, 8);
  row->inserted_at = column_text (statement, 9);
  row->updated_at = column_text (statement, 10);
  row->started_at = column_text (statement, 11);
  row->completed_at = column_text (statement, 12);
  row->failed_at = column_text (statement, 13);
  return row;
}

static void
bind_bulk_row (sqlite3_stmt        *statement,
               PrefsSandboxBulkRow *row)
{
  bind_text (statement, 1, row->id);
  bind_text (statement, 2, row->name);
  bind_text (statement, 3, row->status);
  sqlite3_bind_int64 (statement, 4, row->estimated_total_rows);
  sqlite3_bind_int64 (statement, 5, row->processed_rows);
  sqlite3_bind_int64 (statement, 6, row->success_count);
  sqlite3_bind_int64 (statement, 7, row->error_count);
  bind_text (statement, 8, row->error_items != NULL ? row->error_items : "[]");
  bind_text (statement, 9, row->payload);
  bind_text (statement, 10, row->inserted_at);
  bind_text (statement, 11, row->updated_at);
  bind_text (statement, 12, row->started_at);
  bind_text (statement, 13, row->completed_at);
  bind_text (statement, 14, row->failed_at);
}

gboolean
prefs_sandbox_store_insert_bulk (PrefsSandboxStore    *store,
                                 PrefsSandboxBulkRow  *row,
                                 GPtrArray            *items,
                                 GError              **error)
{
  sqlite3_stmt *statement;

  statement = stmt (store,
                    "INSERT INTO bulk_operations (" BULK_COLUMNS ") "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_bulk_row (statement, row);
  if (!step_done (store, statement, error))
    return FALSE;

  statement = stmt (store, "INSERT INTO bulk_items (op_id, idx, item) VALUES (?, ?, ?)", error);
  if (statement == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      sqlite3_reset (statement);
      bind_text (statement, 1, row->id);
      sqlite3_bind_int64 (statement, 2, i);
      bind_text (statement, 3, g_ptr_array_index (items, i));
      if (!step_done (store, statement, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
prefs_sandbox_store_get_bulk (PrefsSandboxStore    *store,
                              const char           *id,
                              PrefsSandboxBulkRow **out_row,
                              GError              **error)
{
  sqlite3_stmt *statement;
  int rc;

  *out_row = NULL;
  statement = stmt (store, "SELECT " BULK_COLUMNS " FROM bulk_operations WHERE id = ?", error);
  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, id);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    *out_row = read_bulk_row (statement);
  sqlite3_reset (statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (store, error);
  return *out_row != NULL;
}

gboolean
prefs_sandbox_store_update_bulk (PrefsSandboxStore    *store,
                                 PrefsSandboxBulkRow  *row,
                                 GError              **error)
{
  sqlite3_stmt *statement;

  statement = stmt (store,
                    "UPDATE bulk_operations SET name = ?2, status = ?3, estimated_total_rows = ?4, "
                    "processed_rows = ?5, success_count = ?6, error_count = ?7, error_items = ?8, "
                    "payload = ?9, inserted_at = ?10, updated_at = ?11, started_at = ?12, "
                    "completed_at = ?13, failed_at = ?14 WHERE id = ?1",
                    error);
  if (statement == NULL)
    return FALSE;
  bind_bulk_row (statement, row);
  return step_done (store, statement, error);
}

gboolean
prefs_sandbox_store_next_unfinished_bulk (PrefsSandboxStore    *store,
                                          PrefsSandboxBulkRow **out_row,
                                          GError              **error)
{
  sqlite3_stmt *statement;
  int rc;

  *out_row = NULL;
  statement = stmt (store,
                    "SELECT " BULK_COLUMNS " FROM bulk_operations "
                    "WHERE status IN ('queued', 'processing') ORDER BY seq LIMIT 1",
                    error);
  if (statement == NULL)
    return FALSE;
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    *out_row = read_bulk_row (statement);
  sqlite3_reset (statement);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (store, error);
  return *out_row != NULL;
}

GPtrArray *
prefs_sandbox_store_get_bulk_items (PrefsSandboxStore  *store,
                                    const char         *op_id,
                                    gint64              offset,
                                    guint               limit,
                                    GError            **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *statement;
  int rc;

  statement = stmt (store,
                    "SELECT item FROM bulk_items WHERE op_id = ? AND idx >= ? ORDER BY idx LIMIT ?",
                    error);
  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, op_id);
  sqlite3_bind_int64 (statement, 2, offset);
  sqlite3_bind_int64 (statement, 3, limit);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (items, column_text (statement, 0));
  sqlite3_reset (statement);
  if (rc != SQLITE_DONE)
    {
      set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

gboolean
prefs_sandbox_store_delete_bulk_items (PrefsSandboxStore  *store,
                                       const char         *op_id,
                                       GError            **error)
{
  sqlite3_stmt *statement = stmt (store, "DELETE FROM bulk_items WHERE op_id = ?", error);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, op_id);
  return step_done (store, statement, error);
}

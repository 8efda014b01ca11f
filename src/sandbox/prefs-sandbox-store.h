/* prefs-sandbox-store.h: the sandbox's SQLite storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Owner collection of user preference sets; object collections are valid
 * ids and so never empty, which keeps the two apart. */
#define PREFS_SANDBOX_USERS_COLLECTION ""

typedef struct _PrefsSandboxStore PrefsSandboxStore;

typedef struct
{
  gint64  seq;
  char   *id;
  char   *props;       /* JSON object text: every field but id and the timestamps */
  char   *created_at;
  char   *updated_at;
} PrefsSandboxUserRow;

void prefs_sandbox_user_row_free (PrefsSandboxUserRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsSandboxUserRow, prefs_sandbox_user_row_free)

typedef struct
{
  char   *id;
  char   *name;
  char   *status;
  gint64  estimated_total_rows;
  gint64  processed_rows;
  gint64  success_count;
  gint64  error_count;
  char   *error_items;   /* JSON array text */
  char   *payload;       /* JSON text the rows are processed with, or NULL */
  char   *inserted_at;
  char   *updated_at;
  char   *started_at;    /* nullable */
  char   *completed_at;  /* nullable */
  char   *failed_at;     /* nullable */
} PrefsSandboxBulkRow;

void prefs_sandbox_bulk_row_free (PrefsSandboxBulkRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsSandboxBulkRow, prefs_sandbox_bulk_row_free)

PrefsSandboxStore *prefs_sandbox_store_open            (const char           *path,
                                                        GError              **error);
void               prefs_sandbox_store_free            (PrefsSandboxStore    *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsSandboxStore, prefs_sandbox_store_free)

gboolean           prefs_sandbox_store_begin           (PrefsSandboxStore    *store,
                                                        GError              **error);
gboolean           prefs_sandbox_store_commit          (PrefsSandboxStore    *store,
                                                        GError              **error);
void               prefs_sandbox_store_rollback        (PrefsSandboxStore    *store);
/* Trades durability for speed while a large seed runs. */
void               prefs_sandbox_store_set_bulk_load   (PrefsSandboxStore    *store,
                                                        gboolean              enabled);

/* Users. get returns FALSE with no error when the user does not exist. */
gboolean           prefs_sandbox_store_get_user        (PrefsSandboxStore    *store,
                                                        const char           *id,
                                                        PrefsSandboxUserRow **out_row,
                                                        GError              **error);
/* Inserts, or updates props and updated_at keeping seq and created_at. */
gboolean           prefs_sandbox_store_put_user        (PrefsSandboxStore    *store,
                                                        const char           *id,
                                                        const char           *props,
                                                        const char           *now,
                                                        GError              **error);
/* Inserts only if missing. */
gboolean           prefs_sandbox_store_ensure_user     (PrefsSandboxStore    *store,
                                                        const char           *id,
                                                        const char           *now,
                                                        GError              **error);
/* Removes the user and its sets; *out_existed tells whether it was there. */
gboolean           prefs_sandbox_store_delete_user     (PrefsSandboxStore    *store,
                                                        const char           *id,
                                                        gboolean             *out_existed,
                                                        GError              **error);
/* Users in creation order. @after_seq > 0: those after it, ascending;
 * @before_seq > 0: those before it, still returned ascending. At most
 * @limit rows; *out_more tells whether more exist beyond them. */
GPtrArray         *prefs_sandbox_store_list_users      (PrefsSandboxStore    *store,
                                                        gint64                after_seq,
                                                        gint64                before_seq,
                                                        guint                 limit,
                                                        gboolean             *out_more,
                                                        GError              **error);
/* Whether any user exists strictly before (@earlier TRUE) or after @seq. */
gboolean           prefs_sandbox_store_has_users_beyond (PrefsSandboxStore   *store,
                                                         gint64               seq,
                                                         gboolean             earlier,
                                                         gboolean            *out_has,
                                                         GError             **error);
gint64             prefs_sandbox_store_count_users     (PrefsSandboxStore    *store,
                                                        GError              **error);

/* Preference sets, stored as canonical JSON text. */
gboolean           prefs_sandbox_store_get_set         (PrefsSandboxStore    *store,
                                                        const char           *collection,
                                                        const char           *owner_id,
                                                        const char           *set_id,
                                                        char                **out_body,
                                                        GError              **error);
gboolean           prefs_sandbox_store_put_set         (PrefsSandboxStore    *store,
                                                        const char           *collection,
                                                        const char           *owner_id,
                                                        const char           *set_id,
                                                        const char           *body,
                                                        const char           *now,
                                                        GError              **error);
gboolean           prefs_sandbox_store_delete_set      (PrefsSandboxStore    *store,
                                                        const char           *collection,
                                                        const char           *owner_id,
                                                        const char           *set_id,
                                                        GError              **error);
/* (element-type utf8): bodies ordered by set id. */
GPtrArray         *prefs_sandbox_store_list_sets       (PrefsSandboxStore    *store,
                                                        const char           *collection,
                                                        const char           *owner_id,
                                                        GError              **error);

/* Bulk operations and their pending rows. */
gboolean           prefs_sandbox_store_insert_bulk     (PrefsSandboxStore    *store,
                                                        PrefsSandboxBulkRow  *row,
                                                        GPtrArray            *items,
                                                        GError              **error);
gboolean           prefs_sandbox_store_get_bulk        (PrefsSandboxStore    *store,
                                                        const char           *id,
                                                        PrefsSandboxBulkRow **out_row,
                                                        GError              **error);
gboolean           prefs_sandbox_store_update_bulk     (PrefsSandboxStore    *store,
                                                        PrefsSandboxBulkRow  *row,
                                                        GError              **error);
/* The oldest operation still queued or processing, if any. */
gboolean           prefs_sandbox_store_next_unfinished_bulk (PrefsSandboxStore    *store,
                                                             PrefsSandboxBulkRow **out_row,
                                                             GError              **error);
/* (element-type utf8): items @offset .. @offset + @limit - 1 of an operation. */
GPtrArray         *prefs_sandbox_store_get_bulk_items  (PrefsSandboxStore    *store,
                                                        const char           *op_id,
                                                        gint64                offset,
                                                        guint                 limit,
                                                        GError              **error);
/* Drops the rows of a finished operation. */
gboolean           prefs_sandbox_store_delete_bulk_items (PrefsSandboxStore  *store,
                                                          const char         *op_id,
                                                          GError            **error);

G_END_DECLS

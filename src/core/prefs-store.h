/* prefs-store.h: the console's local state in one SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PREFS_STORE_ERROR (prefs_store_error_quark ())

typedef enum
{
  PREFS_STORE_ERROR_OPEN,       /* the file could not be opened or created */
  PREFS_STORE_ERROR_MIGRATE,    /* the schema could not be brought up to date */
  PREFS_STORE_ERROR_TOO_NEW,    /* written by a newer version of the console */
  PREFS_STORE_ERROR_QUERY,      /* a statement failed */
  PREFS_STORE_ERROR_NOT_FOUND,
} PrefsStoreError;

GQuark prefs_store_error_quark (void);

#define PREFS_STORE_SCHEMA_VERSION 2

/* Recipients below: @collection NULL for a user, else the object collection. */

typedef struct
{
  char     *name;
  char     *base_url;
  gboolean  production;
} PrefsStoredEnvironment;

typedef struct
{
  gint64    id;
  char     *environment;
  char     *state;        /* the serialized PrefsBulkJob */
  gboolean  finished;
  gint64    created_at;   /* unix seconds */
  gint64    updated_at;
} PrefsStoredBulkJob;

typedef struct
{
  char     *environment;
  char     *collection;   /* (nullable) */
  char     *recipient_id;
  char     *set_id;
  char     *json;
  gint64    updated_at;
} PrefsStoredDraft;

typedef struct
{
  gint64    id;
  char     *environment;
  char     *collection;   /* (nullable) */
  char     *recipient_id;
  char     *set_id;
  char     *json_before;  /* the set as it was before the console wrote it */
  gint64    created_at;
} PrefsJournalEntry;

void prefs_stored_environment_free (PrefsStoredEnvironment *env);
void prefs_stored_bulk_job_free    (PrefsStoredBulkJob     *job);
void prefs_stored_draft_free       (PrefsStoredDraft       *draft);
void prefs_journal_entry_free      (PrefsJournalEntry      *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsStoredEnvironment, prefs_stored_environment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsStoredBulkJob, prefs_stored_bulk_job_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsStoredDraft, prefs_stored_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsJournalEntry, prefs_journal_entry_free)

#define PREFS_TYPE_STORE (prefs_store_get_type ())
G_DECLARE_FINAL_TYPE (PrefsStore, prefs_store, PREFS, STORE, GObject)

/* The default path: $XDG_DATA_HOME/prefs-console/console.db */
char              *prefs_store_get_default_path (void);

/* Opens (creating directories and the file as needed) and migrates.
 * @path: (nullable): a file, ":memory:", or NULL for the default path.
 * Holds no secrets. Calls are synchronous: the database is local and small. */
PrefsStore        *prefs_store_new              (const char   *path,
                                                 GError      **error);
int                prefs_store_get_schema_version (PrefsStore *self);

/* Environments (no secrets: keys live in a PrefsSecretStore). */
gboolean           prefs_store_save_environment   (PrefsStore   *self,
                                                   const char   *name,
                                                   const char   *base_url,
                                                   gboolean      production,
                                                   GError      **error);
/* (element-type PrefsStoredEnvironment) (transfer full), sorted by name */
GPtrArray         *prefs_store_list_environments  (PrefsStore   *self,
                                                   GError      **error);
gboolean           prefs_store_delete_environment (PrefsStore   *self,
                                                   const char   *name,
                                                   GError      **error);

/* Bulk-operation history: the serialized job, enough to resume polling. */
gint64             prefs_store_add_bulk_job       (PrefsStore   *self,
                                                   const char   *environment,
                                                   const char   *state,
                                                   GError      **error);
gboolean           prefs_store_update_bulk_job    (PrefsStore   *self,
                                                   gint64        id,
                                                   const char   *state,
                                                   gboolean      finished,
                                                   GError      **error);
/* Newest first. @environment: (nullable): all when NULL. */
GPtrArray         *prefs_store_list_bulk_jobs     (PrefsStore   *self,
                                                   const char   *environment,
                                                   GError      **error);
gboolean           prefs_store_delete_bulk_job    (PrefsStore   *self,
                                                   gint64        id,
                                                   GError      **error);

/* Unsaved drafts, one per environment, recipient and set. */
gboolean           prefs_store_save_draft         (PrefsStore   *self,
                                                   const char   *environment,
                                                   const char   *collection,
                                                   const char   *recipient_id,
                                                   const char   *set_id,
                                                   const char   *json,
                                                   GError      **error);
/* NULL with PREFS_STORE_ERROR_NOT_FOUND when there is none. */
PrefsStoredDraft  *prefs_store_get_draft          (PrefsStore   *self,
                                                   const char   *environment,
                                                   const char   *collection,
                                                   const char   *recipient_id,
                                                   const char   *set_id,
                                                   GError      **error);
/* Most recently updated first. */
GPtrArray         *prefs_store_list_drafts        (PrefsStore   *self,
                                                   const char   *environment,
                                                   GError      **error);
gboolean           prefs_store_delete_draft       (PrefsStore   *self,
                                                   const char   *environment,
                                                   const char   *collection,
                                                   const char   *recipient_id,
                                                   const char   *set_id,
                                                   GError      **error);

/* The undo journal. */
gint64             prefs_store_journal_add        (PrefsStore   *self,
                                                   const char   *environment,
                                                   const char   *collection,
                                                   const char   *recipient_id,
                                                   const char   *set_id,
                                                   const char   *json_before,
                                                   GError      **error);
/* The newest entry for this recipient and set; NULL with
 * PREFS_STORE_ERROR_NOT_FOUND when there is none. */
PrefsJournalEntry *prefs_store_journal_get_latest (PrefsStore   *self,
                                                   const char   *environment,
                                                   const char   *collection,
                                                   const char   *recipient_id,
                                                   const char   *set_id,
                                                   GError      **error);
gboolean           prefs_store_journal_delete     (PrefsStore   *self,
                                                   gint64        id,
                                                   GError      **error);

/* Snapshots of a bulk job: the sets of its users as they were before it
 * ran, so the whole operation can be reverted. Kept apart from the
 * per-recipient journal above (which serves Undo of single saves). */
gboolean           prefs_store_snapshot_add       (PrefsStore   *self,
                                                   gint64        bulk_job_id,
                                                   const char   *recipient_id,
                                                   const char   *set_id,
                                                   const char   *json_before,
                                                   GError      **error);
/* The same for many recipients in one transaction: all are stored or
 * none. Uses each entry's recipient_id, set_id and json_before; ignores
 * the rest. @entries: (element-type PrefsJournalEntry) */
gboolean           prefs_store_snapshot_add_many  (PrefsStore   *self,
                                                   gint64        bulk_job_id,
                                                   GPtrArray    *entries,
                                                   GError      **error);
/* (element-type PrefsJournalEntry) (transfer full): the job's snapshot,
 * in the order it was taken (entries carry environment NULL and the job's
 * recipients; collection is NULL: bulk work is on users). */
GPtrArray         *prefs_store_snapshot_list      (PrefsStore   *self,
                                                   gint64        bulk_job_id,
                                                   GError      **error);
guint              prefs_store_snapshot_count     (PrefsStore   *self,
                                                   gint64        bulk_job_id,
                                                   GError      **error);
gboolean           prefs_store_snapshot_delete    (PrefsStore   *self,
                                                   gint64        bulk_job_id,
                                                   GError      **error);

/* Presets: named PreferenceSets kept on this machine, for every
 * environment. @json is a PreferenceSet's canonical text. */
typedef struct
{
  gint64    id;
  char     *name;
  char     *json;
  gint64    created_at;
  gint64    updated_at;
} PrefsStoredPreset;

void prefs_stored_preset_free (PrefsStoredPreset *preset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsStoredPreset, prefs_stored_preset_free)

/* Creates (@id 0) or updates a preset; returns its id, 0 on error. Names
 * are unique (PREFS_STORE_ERROR_QUERY with a clear message otherwise). */
gint64             prefs_store_save_preset        (PrefsStore   *self,
                                                   gint64        id,
                                                   const char   *name,
                                                   const char   *json,
                                                   GError      **error);
/* (element-type PrefsStoredPreset) (transfer full), sorted by name */
GPtrArray         *prefs_store_list_presets       (PrefsStore   *self,
                                                   GError      **error);
/* NULL with PREFS_STORE_ERROR_NOT_FOUND when there is none. */
PrefsStoredPreset *prefs_store_get_preset         (PrefsStore   *self,
                                                   gint64        id,
                                                   GError      **error);
gboolean           prefs_store_delete_preset      (PrefsStore   *self,
                                                   gint64        id,
                                                   GError      **error);

G_END_DECLS

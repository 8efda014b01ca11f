/* prefs-operation.h: one bulk operation started from the console, kept in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "prefs-bulk-job.h"
#include "prefs-client.h"
#include "prefs-store.h"

G_BEGIN_DECLS

#define PREFS_OPERATION_ERROR (prefs_operation_error_quark ())

typedef enum
{
  PREFS_OPERATION_ERROR_INVALID_STATE,  /* a stored operation that cannot be read */
  PREFS_OPERATION_ERROR_NOTHING_TO_DO,  /* no valid id, no failed id, nothing to revert */
  PREFS_OPERATION_ERROR_NO_SNAPSHOT,    /* revert of an operation without a snapshot */
  PREFS_OPERATION_ERROR_STORE,          /* the local store refused to save it */
} PrefsOperationError;

GQuark prefs_operation_error_quark (void);

typedef enum
{
  PREFS_OPERATION_STATE_QUEUED,
  PREFS_OPERATION_STATE_SNAPSHOTTING,
  PREFS_OPERATION_STATE_RUNNING,
  PREFS_OPERATION_STATE_COMPLETED,   /* everything sent and ended; some ids may have failed */
  PREFS_OPERATION_STATE_FAILED,      /* a call failed for good; see error-message */
  PREFS_OPERATION_STATE_CANCELLED,
} PrefsOperationState;

GType prefs_operation_state_get_type (void) G_GNUC_CONST;
#define PREFS_TYPE_OPERATION_STATE (prefs_operation_state_get_type ())

typedef enum
{
  PREFS_OPERATION_KIND_APPLY,
  PREFS_OPERATION_KIND_RETRY,
  PREFS_OPERATION_KIND_REVERT,
} PrefsOperationKind;

GType prefs_operation_kind_get_type (void) G_GNUC_CONST;
#define PREFS_TYPE_OPERATION_KIND (prefs_operation_kind_get_type ())

/* "queued", "snapshotting", … for logs and reports (not translated). */
const char *prefs_operation_state_to_string (PrefsOperationState state);

/* Groups of more than this many users whose previous sets are identical
 * are reverted with bulk calls; smaller ones with one PUT per user. */
#define PREFS_OPERATION_REVERT_BULK_MIN_GROUP 60

#define PREFS_TYPE_OPERATION (prefs_operation_get_type ())
G_DECLARE_FINAL_TYPE (PrefsOperation, prefs_operation, PREFS, OPERATION, GObject)

/* Properties (read-only, all notify): store-id, environment, kind,
 * preset-name, target-set-id, source-id (the operation a retry or revert
 * came from, 0 if none), n-users (valid, de-duplicated ids), n-invalid,
 * n-duplicates, n-calls (bulk calls it makes), wants-snapshot,
 * has-snapshot, n-snapshotted, state, active (work is going on in this
 * process), finished, fraction (0-1), n-processed, n-succeeded, n-failed,
 * created-at, started-at, finished-at, updated-at (unix seconds, 0 when
 * not yet), error-message (nullable).
 * Signals: ::finished when it reaches completed, failed or cancelled. */

/* A new operation applying @set (its id is the target set: "default" or a
 * tenant) to @ids, saved in @store at once as queued. Invalid and
 * duplicate ids are counted and reported, not sent.
 * @preset_name: (nullable): what the Operations page calls it.
 * @n_ids: -1 if @ids is NULL-terminated. */
PrefsOperation     *prefs_operation_new              (PrefsClient          *client,
                                                      PrefsStore           *store,
                                                      const char           *environment,
                                                      const char           *preset_name,
                                                      PrefsPreferenceSet   *set,
                                                      const char * const   *ids,
                                                      gssize                n_ids,
                                                      gboolean              snapshot,
                                                      GError              **error);
/* An operation read back from the store, e.g. after a restart:
 * prefs_operation_start() goes on where it stopped. */
PrefsOperation     *prefs_operation_new_from_stored  (PrefsClient          *client,
                                                      PrefsStore           *store,
                                                      const PrefsStoredBulkJob *stored,
                                                      GError              **error);
/* Every operation of @environment in @store, newest first; rows that
 * cannot be read are skipped with a warning.
 * Returns: (element-type PrefsOperation) (transfer full) */
GPtrArray          *prefs_operation_list_stored      (PrefsClient          *client,
                                                      PrefsStore           *store,
                                                      const char           *environment,
                                                      GError              **error);

/* A new (queued) operation applying the same set again to the ids that
 * failed, were not sent, or errored on the server. */
PrefsOperation     *prefs_operation_new_retry        (PrefsOperation       *self,
                                                      GError              **error);
/* A new (queued) operation putting each user's snapshotted set back.
 * Users whose previous sets are identical form a group; a group of more
 * than PREFS_OPERATION_REVERT_BULK_MIN_GROUP users costs one tier-1 bulk
 * call (1/s) per 1,000 of them, which beats PUTs (tier 3, 60/s); smaller
 * groups are written with one PUT per user. */
PrefsOperation     *prefs_operation_new_revert       (PrefsOperation       *self,
                                                      GError              **error);

/* Starts or resumes the work (snapshot, then bulk calls and polling, then
 * PUTs of a revert). Does nothing when finished or already active. */
void                prefs_operation_start            (PrefsOperation       *self);
/* Stops sending: what was sent is followed to its end, then the state is
 * cancelled. */
void                prefs_operation_cancel           (PrefsOperation       *self);
/* Stops all work in this process at once and saves where it was, so
 * prefs_operation_new_from_stored() can resume it (the app is quitting). */
void                prefs_operation_pause            (PrefsOperation       *self);
/* Removes the operation and its snapshot from the store. */
gboolean            prefs_operation_delete           (PrefsOperation       *self,
                                                      GError              **error);

gint64              prefs_operation_get_store_id     (PrefsOperation       *self);
const char         *prefs_operation_get_environment  (PrefsOperation       *self);
PrefsOperationKind  prefs_operation_get_kind         (PrefsOperation       *self);
const char         *prefs_operation_get_preset_name  (PrefsOperation       *self);
const char         *prefs_operation_get_target_set_id (PrefsOperation      *self);
gint64              prefs_operation_get_source_id    (PrefsOperation       *self);
PrefsOperationState prefs_operation_get_state        (PrefsOperation       *self);
gboolean            prefs_operation_get_active       (PrefsOperation       *self);
gboolean            prefs_operation_get_finished     (PrefsOperation       *self);
gboolean            prefs_operation_get_wants_snapshot (PrefsOperation     *self);
gboolean            prefs_operation_get_has_snapshot (PrefsOperation       *self);
guint               prefs_operation_get_n_snapshotted (PrefsOperation      *self);
guint               prefs_operation_get_n_users      (PrefsOperation       *self);
guint               prefs_operation_get_n_invalid    (PrefsOperation       *self);
guint               prefs_operation_get_n_duplicates (PrefsOperation       *self);
guint               prefs_operation_get_n_calls      (PrefsOperation       *self);
double              prefs_operation_get_fraction     (PrefsOperation       *self);
guint64             prefs_operation_get_n_processed  (PrefsOperation       *self);
guint64             prefs_operation_get_n_succeeded  (PrefsOperation       *self);
guint64             prefs_operation_get_n_failed     (PrefsOperation       *self);
gint64              prefs_operation_get_created_at   (PrefsOperation       *self);
gint64              prefs_operation_get_started_at   (PrefsOperation       *self);
gint64              prefs_operation_get_finished_at  (PrefsOperation       *self);
gint64              prefs_operation_get_updated_at   (PrefsOperation       *self);
/* (nullable) */
const char         *prefs_operation_get_error_message (PrefsOperation      *self);
/* (transfer none): the set applied (the first one, for a revert) */
PrefsPreferenceSet *prefs_operation_get_set          (PrefsOperation       *self);
/* (transfer none): the bulk jobs, in the order they run
 * (element-type PrefsBulkJob) */
GPtrArray          *prefs_operation_get_jobs         (PrefsOperation       *self);

/* (element-type utf8) (transfer full): the ids a retry would send:
 * error items of the server, ids never sent, failed PUTs. */
GPtrArray          *prefs_operation_dup_failed_ids   (PrefsOperation       *self);
/* (element-type PrefsBulkInvalidId) (transfer none): ids refused before
 * anything was sent */
GPtrArray          *prefs_operation_get_invalid_ids  (PrefsOperation       *self);

/* A CSV report, one line per id given: "id,status,error" with status
 * succeeded, failed, invalid, not sent or pending. RFC 4180 quoting. */
char               *prefs_operation_export_csv       (PrefsOperation       *self);

G_END_DECLS

/* prefs-bulk-job.h: one PreferenceSet applied to many users, in chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-client.h"

G_BEGIN_DECLS

#define PREFS_BULK_JOB_ERROR (prefs_bulk_job_error_quark ())

typedef enum
{
  PREFS_BULK_JOB_ERROR_INVALID_STATE,  /* a serialized state that cannot be resumed */
  PREFS_BULK_JOB_ERROR_BUSY,           /* already running, or already ended */
  PREFS_BULK_JOB_ERROR_NOTHING_TO_DO,  /* no valid id at all */
} PrefsBulkJobError;

GQuark prefs_bulk_job_error_quark (void);

typedef enum
{
  PREFS_BULK_JOB_STATE_IDLE,       /* not started, or paused by its GCancellable */
  PREFS_BULK_JOB_STATE_RUNNING,
  PREFS_BULK_JOB_STATE_COMPLETED,  /* every chunk sent and every operation ended */
  PREFS_BULK_JOB_STATE_FAILED,     /* a call failed for good; see the error property */
  PREFS_BULK_JOB_STATE_CANCELLED,  /* prefs_bulk_job_cancel(): what was sent has ended */
} PrefsBulkJobState;

GType prefs_bulk_job_state_get_type (void) G_GNUC_CONST;
#define PREFS_TYPE_BULK_JOB_STATE (prefs_bulk_job_state_get_type ())

/* An id refused before anything was sent. */
typedef struct
{
  guint  index;   /* position in the list given to the job */
  char  *id;      /* the id, made valid UTF-8 for display */
  char  *reason;
} PrefsBulkInvalidId;

void prefs_bulk_invalid_id_free (PrefsBulkInvalidId *invalid);

#define PREFS_BULK_JOB_DEFAULT_CHUNK_SIZE 1000
#define PREFS_BULK_JOB_MAX_ID_BYTES 256

#define PREFS_TYPE_BULK_JOB (prefs_bulk_job_get_type ())
G_DECLARE_FINAL_TYPE (PrefsBulkJob, prefs_bulk_job, PREFS, BULK_JOB, GObject)

/* Properties (all notify): state, error (GError), chunk-size, n-ids (valid,
 * de-duplicated), n-invalid, n-duplicates, n-chunks, n-submitted (ids sent),
 * n-processed, n-succeeded, n-failed, n-error-items (sums over the
 * operations' last known state).
 * Signals: ::checkpoint when something worth persisting changed (an
 * operation was started, a chunk split, an operation ended): save
 * prefs_bulk_job_serialize() then to resume after a restart. */

/* Validates (1-256 bytes of UTF-8, no control characters) and
 * de-duplicates @ids, keeping the first of each in order.
 * @n_ids: -1 if @ids is NULL-terminated. */
PrefsBulkJob       *prefs_bulk_job_new               (PrefsClient          *client,
                                                      PrefsPreferenceSet   *set,
                                                      const char * const   *ids,
                                                      gssize                n_ids);
/* A job from prefs_bulk_job_serialize(): running it goes on polling what
 * was sent and sending what was not. */
PrefsBulkJob       *prefs_bulk_job_new_from_state    (PrefsClient          *client,
                                                      const char           *state,
                                                      GError              **error);
/* Everything needed to resume: set, ids, invalid ids, chunks with their
 * operation ids and last known operation. JSON text. */
char               *prefs_bulk_job_serialize         (PrefsBulkJob         *self);

/* True when @id would be accepted; else @out_reason says why. */
gboolean            prefs_bulk_job_validate_id       (const char           *id,
                                                      const char          **out_reason);

PrefsBulkJobState   prefs_bulk_job_get_state         (PrefsBulkJob         *self);
const GError       *prefs_bulk_job_get_error         (PrefsBulkJob         *self);
PrefsPreferenceSet *prefs_bulk_job_get_set           (PrefsBulkJob         *self);
/* Only before anything was sent; 1 to 1,000. */
void                prefs_bulk_job_set_chunk_size    (PrefsBulkJob         *self,
                                                      guint                 chunk_size);
guint               prefs_bulk_job_get_chunk_size    (PrefsBulkJob         *self);
guint               prefs_bulk_job_get_n_ids         (PrefsBulkJob         *self);
/* (element-type utf8) (transfer none): the valid ids, in order */
GPtrArray          *prefs_bulk_job_get_ids           (PrefsBulkJob         *self);
/* (element-type PrefsBulkInvalidId) (transfer none) */
GPtrArray          *prefs_bulk_job_get_invalid_ids   (PrefsBulkJob         *self);
guint               prefs_bulk_job_get_n_duplicates  (PrefsBulkJob         *self);
guint               prefs_bulk_job_get_n_chunks      (PrefsBulkJob         *self);
guint64             prefs_bulk_job_get_n_submitted   (PrefsBulkJob         *self);
guint64             prefs_bulk_job_get_n_processed   (PrefsBulkJob         *self);
guint64             prefs_bulk_job_get_n_succeeded   (PrefsBulkJob         *self);
guint64             prefs_bulk_job_get_n_failed      (PrefsBulkJob         *self);
/* (element-type utf8) (transfer full): ids of every operation's error_items */
GPtrArray          *prefs_bulk_job_dup_error_ids     (PrefsBulkJob         *self);
/* (element-type utf8) (transfer full): the operation ids started so far */
GPtrArray          *prefs_bulk_job_dup_operation_ids (PrefsBulkJob         *self);

/* Runs until every chunk is sent and every operation has ended. Cancelling
 * @cancellable pauses the job at once (state IDLE; serialize and resume
 * later); prefs_bulk_job_cancel() instead stops sending and lets what was
 * sent end. */
void                prefs_bulk_job_run_async         (PrefsBulkJob         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
/* FALSE with G_IO_ERROR_CANCELLED after either kind of cancel. */
gboolean            prefs_bulk_job_run_finish        (PrefsBulkJob         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* Stops sending what has not been sent. */
void                prefs_bulk_job_cancel            (PrefsBulkJob         *self);

G_END_DECLS

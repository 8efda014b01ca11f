/* prefs-bulk-job.c: one PreferenceSet applied to many users, in chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-bulk-job"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-bulk-job.h"

#include <string.h>

#define STATE_FORMAT_VERSION 1
#define POLL_FIRST_MS        200
#define POLL_MAX_MS          3000

typedef struct
{
  guint               start;
  guint               length;
  char               *operation_id;  /* NULL until sent */
  PrefsBulkOperation *operation;     /* last known state */
} Chunk;

struct _PrefsBulkJob
{
  GObject             parent_instance;

  PrefsClient        *client;
  PrefsPreferenceSet *set;
  GPtrArray          *ids;           /* (element-type utf8) valid, de-duplicated */
  GPtrArray          *invalid;       /* (element-type PrefsBulkInvalidId) */
  guint               n_duplicates;
  guint               chunk_size;
  GPtrArray          *chunks;        /* (element-type Chunk), in id order */

  PrefsBulkJobState   state;
  GError             *error;
  gboolean            cancel_requested;

  GTask              *task;          /* of the run in progress */
  gboolean            submitting;
  gboolean            poll_in_flight;
  GSource            *poll_source;
  guint               poll_interval_ms;
  guint               poll_cursor;   /* next chunk to poll in this pass */

  guint64             n_submitted;
  guint64             n_processed;
  guint64             n_succeeded;
  guint64             n_failed;
};

G_DEFINE_FINAL_TYPE (PrefsBulkJob, prefs_bulk_job, G_TYPE_OBJECT)
G_DEFINE_QUARK (prefs-bulk-job-error-quark, prefs_bulk_job_error)
G_DEFINE_ENUM_TYPE (PrefsBulkJobState, prefs_bulk_job_state,
                    G_DEFINE_ENUM_VALUE (PREFS_BULK_JOB_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (PREFS_BULK_JOB_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (PREFS_BULK_JOB_STATE_COMPLETED, "completed"),
                    G_DEFINE_ENUM_VALUE (PREFS_BULK_JOB_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (PREFS_BULK_JOB_STATE_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_CHUNK_SIZE,
  PROP_N_IDS,
  PROP_N_INVALID,
  PROP_N_DUPLICATES,
  PROP_N_CHUNKS,
  PROP_N_SUBMITTED,
  PROP_N_PROCESSED,
  PROP_N_SUCCEEDED,
  PROP_N_FAILED,
  PROP_N_ERROR_ITEMS,
  N_PROPS
};

enum {
  SIGNAL_CHECKPOINT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void poll_schedule (PrefsBulkJob *self);
static void submit_next (PrefsBulkJob *self);

void
prefs_bulk_invalid_id_free (PrefsBulkInvalidId *invalid)
{
  if (invalid == NULL)
    return;
  g_free (invalid->id);
  g_free (invalid->reason);
  g_free (invalid);
}

static Chunk *
chunk_new (guint start,
           guint length)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->start = start;
  chunk->length = length;
  return chunk;
}

static void
chunk_free (Chunk *chunk)
{
  g_free (chunk->operation_id);
  g_clear_object (&chunk->operation);
  g_free (chunk);
}

static gboolean
chunk_is_pending (Chunk *chunk)
{
  return chunk->operation_id != NULL &&
         (chunk->operation == NULL ||
          !prefs_bulk_status_is_final (prefs_bulk_operation_get_status (chunk->operation)));
}

static void
prefs_bulk_job_dispose (GObject *object)
{
  PrefsBulkJob *self = PREFS_BULK_JOB (object);

  /* A running job is kept alive by its task, so there is none here. */
  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
  g_clear_object (&self->client);

  G_OBJECT_CLASS (prefs_bulk_job_parent_class)->dispose (object);
}

static void
prefs_bulk_job_finalize (GObject *object)
{
  PrefsBulkJob *self = PREFS_BULK_JOB (object);

  g_clear_object (&self->set);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->invalid, g_ptr_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (prefs_bulk_job_parent_class)->finalize (object);
}

static guint
count_error_items (PrefsBulkJob *self)
{
  guint n = 0;

  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, i);

      if (chunk->operation != NULL)
        n += prefs_bulk_operation_get_error_items (chunk->operation)->len;
    }
  return n;
}

static void
prefs_bulk_job_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PrefsBulkJob *self = PREFS_BULK_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_N_IDS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_N_INVALID:
      g_value_set_uint (value, self->invalid->len);
      break;
    case PROP_N_DUPLICATES:
      g_value_set_uint (value, self->n_duplicates);
      break;
    case PROP_N_CHUNKS:
      g_value_set_uint (value, self->chunks->len);
      break;
    case PROP_N_SUBMITTED:
      g_value_set_uint64 (value, self->n_submitted);
      break;
    case PROP_N_PROCESSED:
      g_value_set_uint64 (value, self->n_processed);
      break;
    case PROP_N_SUCCEEDED:
      g_value_set_uint64 (value, self->n_succeeded);
      break;
    case PROP_N_FAILED:
      g_value_set_uint64 (value, self->n_failed);
      break;
    case PROP_N_ERROR_ITEMS:
      g_value_set_uint (value, count_error_items (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_bulk_job_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PrefsBulkJob *self = PREFS_BULK_JOB (object);

  switch (prop_id)
    {
    case PROP_CHUNK_SIZE:
      prefs_bulk_job_set_chunk_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_bulk_job_class_init (PrefsBulkJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = prefs_bulk_job_dispose;
  object_class->finalize = prefs_bulk_job_finalize;
  object_class->get_property = prefs_bulk_job_get_property;
  object_class->set_property = prefs_bulk_job_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PREFS_TYPE_BULK_JOB_STATE,
                       PREFS_BULK_JOB_STATE_IDLE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL, 1, 1000, PREFS_BULK_JOB_DEFAULT_CHUNK_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_IDS] = g_param_spec_uint ("n-ids", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_INVALID] = g_param_spec_uint ("n-invalid", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DUPLICATES] =
    g_param_spec_uint ("n-duplicates", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_CHUNKS] = g_param_spec_uint ("n-chunks", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_SUBMITTED] =
    g_param_spec_uint64 ("n-submitted", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_PROCESSED] =
    g_param_spec_uint64 ("n-processed", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_SUCCEEDED] =
    g_param_spec_uint64 ("n-succeeded", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_FAILED] =
    g_param_spec_uint64 ("n-failed", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_ERROR_ITEMS] =
    g_param_spec_uint ("n-error-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHECKPOINT] =
    g_signal_new ("checkpoint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
prefs_bulk_job_init (PrefsBulkJob *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->invalid = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_bulk_invalid_id_free);
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  self->chunk_size = PREFS_BULK_JOB_DEFAULT_CHUNK_SIZE;
  self->poll_interval_ms = POLL_FIRST_MS;
}

/**
 * prefs_bulk_job_validate_id:
 * @id: (nullable): a user id
 * @out_reason: (out) (optional): why it is refused
 *
 * Returns: %TRUE if the API would accept @id
 */
gboolean
prefs_bulk_job_validate_id (const char  *id,
                            const char **out_reason)
{
  const char *reason = NULL;

  if (id == NULL || *id == '\0')
    reason = _("empty");
  else if (strlen (id) > PREFS_BULK_JOB_MAX_ID_BYTES)
    reason = _("longer than 256 bytes");
  else if (!g_utf8_validate (id, -1, NULL))
    reason = _("not valid UTF-8");
  else
    {
      for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_iscntrl (g_utf8_get_char (p)))
          {
            reason = _("contains a control character");
            break;
          }
    }

  if (out_reason != NULL)
    *out_reason = reason;
  return reason == NULL;
}

/* Cuts the ids from @first on into chunks of the chunk size, replacing
 * any chunks that covered them (all of them unsent). */
static void
rechunk_from (PrefsBulkJob *self,
              guint         first)
{
  guint n_chunks = self->chunks->len;

  while (self->chunks->len > 0)
    {
      Chunk *last = g_ptr_array_index (self->chunks, self->chunks->len - 1);

      if (last->start < first)
        break;
      g_assert (last->operation_id == NULL);
      g_ptr_array_remove_index (self->chunks, self->chunks->len - 1);
    }

  for (guint start = first; start < self->ids->len; start += self->chunk_size)
    g_ptr_array_add (self->chunks,
                     chunk_new (start, MIN (self->chunk_size, self->ids->len - start)));

  if (n_chunks != self->chunks->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHUNKS]);
}

/**
 * prefs_bulk_job_new:
 * @client: the client to send through
 * @set: the set to apply (its id names the set replaced)
 * @ids: (array length=n_ids): user ids
 * @n_ids: how many, or -1 if @ids is %NULL-terminated
 *
 * Returns: (transfer full): a job, not started
 */
PrefsBulkJob *
prefs_bulk_job_new (PrefsClient        *client,
                    PrefsPreferenceSet *set,
                    const char * const *ids,
                    gssize              n_ids)
{
  PrefsBulkJob *self;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (PREFS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (set), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  if (n_ids < 0)
    n_ids = g_strv_length ((char **) ids);

  self = g_object_new (PREFS_TYPE_BULK_JOB, NULL);
  self->client = g_object_ref (client);
  self->set = prefs_preference_set_copy (set);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (gssize i = 0; i < n_ids; i++)
    {
      const char *reason = NULL;

      if (!prefs_bulk_job_validate_id (ids[i], &reason))
        {
          PrefsBulkInvalidId *invalid = g_new0 (PrefsBulkInvalidId, 1);

          invalid->index = (guint) i;
          invalid->id = ids[i] ? g_utf8_make_valid (ids[i], -1) : g_strdup ("");
          invalid->reason = g_strdup (reason);
          g_ptr_array_add (self->invalid, invalid);
          continue;
        }
      if (!g_hash_table_add (seen, (gpointer) ids[i]))
        {
          self->n_duplicates++;
          continue;
        }
      g_ptr_array_add (self->ids, g_strdup (ids[i]));
    }

  rechunk_from (self, 0);
  return self;
}

/**
 * prefs_bulk_job_get_state:
 * @self: a #PrefsBulkJob
 *
 * Returns: where the job is
 */
PrefsBulkJobState
prefs_bulk_job_get_state (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), PREFS_BULK_JOB_STATE_IDLE);
  return self->state;
}

/**
 * prefs_bulk_job_get_error:
 * @self: a #PrefsBulkJob
 *
 * Returns: (nullable) (transfer none): why the job failed
 */
const GError *
prefs_bulk_job_get_error (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), NULL);
  return self->error;
}

/**
 * prefs_bulk_job_get_set:
 * @self: a #PrefsBulkJob
 *
 * Returns: (transfer none): the set the job applies
 */
PrefsPreferenceSet *
prefs_bulk_job_get_set (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), NULL);
  return self->set;
}

static gboolean
anything_sent (PrefsBulkJob *self)
{
  for (guint i = 0; i < self->chunks->len; i++)
    if (((Chunk *) g_ptr_array_index (self->chunks, i))->operation_id != NULL)
      return TRUE;
  return FALSE;
}

/**
 * prefs_bulk_job_set_chunk_size:
 * @self: a #PrefsBulkJob
 * @chunk_size: ids per call, 1 to 1,000
 *
 * Changes how many ids go in one call; only before anything was sent.
 */
void
prefs_bulk_job_set_chunk_size (PrefsBulkJob *self,
                               guint         chunk_size)
{
  g_return_if_fail (PREFS_IS_BULK_JOB (self));
  g_return_if_fail (!anything_sent (self));

  chunk_size = CLAMP (chunk_size, 1, 1000);
  if (self->chunk_size == chunk_size)
    return;
  self->chunk_size = chunk_size;
  rechunk_from (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

/**
 * prefs_bulk_job_get_chunk_size:
 * @self: a #PrefsBulkJob
 *
 * Returns: ids per call (smaller after the server refused a chunk)
 */
guint
prefs_bulk_job_get_chunk_size (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->chunk_size;
}

/**
 * prefs_bulk_job_get_n_ids:
 * @self: a #PrefsBulkJob
 *
 * Returns: the valid, de-duplicated ids
 */
guint
prefs_bulk_job_get_n_ids (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->ids->len;
}

/**
 * prefs_bulk_job_get_ids:
 * @self: a #PrefsBulkJob
 *
 * Returns: (element-type utf8) (transfer none): the valid ids in order
 */
GPtrArray *
prefs_bulk_job_get_ids (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), NULL);
  return self->ids;
}

/**
 * prefs_bulk_job_get_invalid_ids:
 * @self: a #PrefsBulkJob
 *
 * Returns: (element-type PrefsBulkInvalidId) (transfer none): refused ids
 */
GPtrArray *
prefs_bulk_job_get_invalid_ids (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), NULL);
  return self->invalid;
}

/**
 * prefs_bulk_job_get_n_duplicates:
 * @self: a #PrefsBulkJob
 *
 * Returns: how many repeated ids were dropped
 */
guint
prefs_bulk_job_get_n_duplicates (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->n_duplicates;
}

/**
 * prefs_bulk_job_get_n_chunks:
 * @self: a #PrefsBulkJob
 *
 * Returns: how many calls the ids are cut into
 */
guint
prefs_bulk_job_get_n_chunks (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->chunks->len;
}

/**
 * prefs_bulk_job_get_n_submitted:
 * @self: a #PrefsBulkJob
 *
 * Returns: ids in operations started
 */
guint64
prefs_bulk_job_get_n_submitted (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->n_submitted;
}

/**
 * prefs_bulk_job_get_n_processed:
 * @self: a #PrefsBulkJob
 *
 * Returns: rows the server has processed
 */
guint64
prefs_bulk_job_get_n_processed (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->n_processed;
}

/**
 * prefs_bulk_job_get_n_succeeded:
 * @self: a #PrefsBulkJob
 *
 * Returns: rows the server applied
 */
guint64
prefs_bulk_job_get_n_succeeded (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->n_succeeded;
}

/**
 * prefs_bulk_job_get_n_failed:
 * @self: a #PrefsBulkJob
 *
 * Returns: rows the server could not apply
 */
guint64
prefs_bulk_job_get_n_failed (PrefsBulkJob *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), 0);
  return self->n_failed;
}

/**
 * prefs_bulk_job_dup_error_ids:
 * @self: a #PrefsBulkJob
 *
 * Returns: (element-type utf8) (transfer full): the ids the server refused
 */
GPtrArray *
prefs_bulk_job_dup_error_ids (PrefsBulkJob *self)
{
  GPtrArray *result;

  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), NULL);

  result = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, i);
      GPtrArray *items;

      if (chunk->operation == NULL)
        continue;
      items = prefs_bulk_operation_get_error_items (chunk->operation);
      for (guint j = 0; j < items->len; j++)
        {
          PrefsBulkErrorItem *item = g_ptr_array_index (items, j);

          g_ptr_array_add (result, g_strdup (item->id));
        }
    }
  return result;
}

/**
 * prefs_bulk_job_dup_operation_ids:
 * @self: a #PrefsBulkJob
 *
 * Returns: (element-type utf8) (transfer full): the operations started
 */
GPtrArray *
prefs_bulk_job_dup_operation_ids (PrefsBulkJob *self)
{
  GPtrArray *result;

  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), NULL);

  result = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, i);

      if (chunk->operation_id != NULL)
        g_ptr_array_add (result, g_strdup (chunk->operation_id));
    }
  return result;
}

/* ---- progress ---- */

static void
update_counter (PrefsBulkJob *self,
                guint64      *field,
                guint64       value,
                guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_progress (PrefsBulkJob *self)
{
  guint64 submitted = 0, processed = 0, succeeded = 0, failed = 0;
  gboolean error_items_changed;

  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, i);

      if (chunk->operation_id == NULL)
        continue;
      submitted += chunk->length;
      if (chunk->operation != NULL)
        {
          processed += MAX (0, prefs_bulk_operation_get_processed_rows (chunk->operation));
          succeeded += MAX (0, prefs_bulk_operation_get_success_count (chunk->operation));
          failed += MAX (0, prefs_bulk_operation_get_error_count (chunk->operation));
        }
    }

  /* Error items only change along with the counts below. */
  error_items_changed = failed != self->n_failed || processed != self->n_processed;

  g_object_freeze_notify (G_OBJECT (self));
  update_counter (self, &self->n_submitted, submitted, PROP_N_SUBMITTED);
  update_counter (self, &self->n_processed, processed, PROP_N_PROCESSED);
  update_counter (self, &self->n_succeeded, succeeded, PROP_N_SUCCEEDED);
  update_counter (self, &self->n_failed, failed, PROP_N_FAILED);
  if (error_items_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERROR_ITEMS]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_state (PrefsBulkJob      *self,
           PrefsBulkJobState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* ---- running ---- */

static void
stop_polling (PrefsBulkJob *self)
{
  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
}

/* Ends the run. Takes ownership of @error (NULL: success). */
static void
run_finish (PrefsBulkJob      *self,
            PrefsBulkJobState  state,
            GError            *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_assert (task != NULL);

  stop_polling (self);
  self->submitting = FALSE;
  self->poll_in_flight = FALSE;

  if (state == PREFS_BULK_JOB_STATE_FAILED && error != NULL)
    {
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  set_state (self, state);
  g_signal_emit (self, signals[SIGNAL_CHECKPOINT], 0);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static Chunk *
first_unsent (PrefsBulkJob *self,
              guint        *out_index)
{
  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, i);

      if (chunk->operation_id == NULL)
        {
          if (out_index != NULL)
            *out_index = i;
          return chunk;
        }
    }
  return NULL;
}

static gboolean
any_pending (PrefsBulkJob *self)
{
  for (guint i = 0; i < self->chunks->len; i++)
    if (chunk_is_pending (g_ptr_array_index (self->chunks, i)))
      return TRUE;
  return FALSE;
}

static void
check_done (PrefsBulkJob *self)
{
  gboolean unsent;

  if (self->task == NULL || self->submitting || self->poll_in_flight || any_pending (self))
    return;

  unsent = first_unsent (self, NULL) != NULL;
  if (unsent && !self->cancel_requested)
    return;

  if (self->cancel_requested && unsent)
    run_finish (self, PREFS_BULK_JOB_STATE_CANCELLED,
                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The bulk job was cancelled")));
  else
    run_finish (self, PREFS_BULK_JOB_STATE_COMPLETED, NULL);
}

/* Ends the run after a call failed: a cancel pauses it, anything else
 * fails it. Takes ownership of @error. */
static void
run_fail (PrefsBulkJob *self,
          GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    run_finish (self, PREFS_BULK_JOB_STATE_IDLE, error);
  else
    run_finish (self, PREFS_BULK_JOB_STATE_FAILED, error);
}

static gboolean
is_too_large (const PrefsClientFailure *failure)
{
  return failure != NULL && failure->status == 422 &&
         prefs_client_failure_lookup_field (failure, "user_ids") != NULL;
}

static void
on_submitted (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrefsBulkJob *self = g_task_get_source_object (task);
  PrefsClient *client = PREFS_CLIENT (object);
  g_autoptr(PrefsBulkOperation) operation = NULL;
  GError *error = NULL;
  Chunk *chunk;
  guint index;

  operation = prefs_client_bulk_set_preferences_finish (client, result, &error);

  if (task != self->task)
    {
      /* A run that already ended: nothing of it may touch the state. */
      g_clear_error (&error);
      return;
    }
  self->submitting = FALSE;

  chunk = first_unsent (self, &index);
  g_assert (chunk != NULL);

  if (operation == NULL)
    {
      const PrefsClientFailure *failure = prefs_client_get_failure (client, result);

      if (is_too_large (failure) && chunk->length > 1)
        {
          /* The server takes fewer ids per call than we thought: halve
           * the chunks from here on and go on. */
          g_debug ("Server refused %u ids in one call; trying %u", chunk->length,
                   chunk->length / 2);
          g_clear_error (&error);
          self->chunk_size = MAX (1, chunk->length / 2);
          rechunk_from (self, chunk->start);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
          g_signal_emit (self, signals[SIGNAL_CHECKPOINT], 0);
          submit_next (self);
          return;
        }

      run_fail (self, error);
      return;
    }

  chunk->operation_id = g_strdup (prefs_bulk_operation_get_id (operation));
  chunk->operation = g_steal_pointer (&operation);
  update_progress (self);
  g_signal_emit (self, signals[SIGNAL_CHECKPOINT], 0);

  /* Look at the new operation soon. */
  self->poll_interval_ms = POLL_FIRST_MS;
  poll_schedule (self);
  submit_next (self);
}

static void
submit_next (PrefsBulkJob *self)
{
  Chunk *chunk;
  g_autofree const char **ids = NULL;

  if (self->task == NULL || self->submitting)
    return;

  chunk = first_unsent (self, NULL);
  if (chunk == NULL || self->cancel_requested)
    {
      check_done (self);
      return;
    }

  ids = g_new0 (const char *, chunk->length + 1);
  for (guint i = 0; i < chunk->length; i++)
    ids[i] = g_ptr_array_index (self->ids, chunk->start + i);

  self->submitting = TRUE;
  prefs_client_bulk_set_preferences_async (self->client, ids, chunk->length, self->set,
                                           g_task_get_cancellable (self->task),
                                           on_submitted, g_object_ref (self->task));
}

static void poll_next (PrefsBulkJob *self);

static void
on_polled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrefsBulkJob *self = g_task_get_source_object (task);
  g_autoptr(PrefsBulkOperation) operation = NULL;
  GError *error = NULL;

  operation = prefs_client_get_bulk_operation_finish (PREFS_CLIENT (object), result, &error);

  if (task != self->task)
    {
      g_clear_error (&error);
      return;
    }
  self->poll_in_flight = FALSE;

  if (operation == NULL)
    {
      run_fail (self, error);
      return;
    }

  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, i);

      if (g_strcmp0 (chunk->operation_id, prefs_bulk_operation_get_id (operation)) == 0)
        {
          PrefsBulkStatus status = prefs_bulk_operation_get_status (operation);
          gboolean ended = prefs_bulk_status_is_final (status);

          g_set_object (&chunk->operation, operation);
          if (ended)
            g_signal_emit (self, signals[SIGNAL_CHECKPOINT], 0);
          break;
        }
    }
  update_progress (self);

  poll_next (self);
}

/* Polls the pending operations one after the other, then waits. */
static void
poll_next (PrefsBulkJob *self)
{
  if (self->task == NULL)
    return;

  for (; self->poll_cursor < self->chunks->len; self->poll_cursor++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, self->poll_cursor);

      if (!chunk_is_pending (chunk))
        continue;

      self->poll_cursor++;
      self->poll_in_flight = TRUE;
      prefs_client_get_bulk_operation_async (self->client, chunk->operation_id,
                                             g_task_get_cancellable (self->task),
                                             on_polled, g_object_ref (self->task));
      return;
    }

  /* A pass is over: back off before the next one. */
  self->poll_interval_ms = MIN (POLL_MAX_MS, self->poll_interval_ms * 3 / 2);
  if (any_pending (self))
    poll_schedule (self);
  else
    check_done (self);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  PrefsBulkJob *self = user_data;

  g_clear_pointer (&self->poll_source, g_source_unref);

  if (self->task == NULL)
    return G_SOURCE_REMOVE;

  if (g_task_get_cancellable (self->task) != NULL &&
      g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      run_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("Operation was cancelled")));
      return G_SOURCE_REMOVE;
    }

  self->poll_cursor = 0;
  poll_next (self);
  return G_SOURCE_REMOVE;
}

static void
poll_schedule (PrefsBulkJob *self)
{
  GCancellable *cancellable;

  if (self->task == NULL || self->poll_in_flight)
    return;
  /* A new operation makes a sooner pass worth it. */
  stop_polling (self);

  self->poll_source = g_timeout_source_new (self->poll_interval_ms);
  cancellable = g_task_get_cancellable (self->task);
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (self->poll_source, cancel_source);
    }
  /* The task holds the job while the source exists; dispose removes it. */
  g_source_set_callback (self->poll_source, poll_timeout_cb, self, NULL);
  g_source_attach (self->poll_source, g_task_get_context (self->task));
}

/**
 * prefs_bulk_job_run_async:
 * @self: a #PrefsBulkJob
 * @cancellable: (nullable): pauses the job when cancelled
 * @callback: called when the job has ended
 * @user_data: data for @callback
 *
 * Sends the chunks, paced to the bulk tier, and polls each operation
 * until it ends.
 */
void
prefs_bulk_job_run_async (PrefsBulkJob        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PREFS_IS_BULK_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, prefs_bulk_job_run_async);

  if (self->state != PREFS_BULK_JOB_STATE_IDLE)
    {
      g_task_return_new_error (task, PREFS_BULK_JOB_ERROR, PREFS_BULK_JOB_ERROR_BUSY,
                               _("The bulk job is running or has ended"));
      return;
    }
  if (self->ids->len == 0)
    {
      g_task_return_new_error (task, PREFS_BULK_JOB_ERROR, PREFS_BULK_JOB_ERROR_NOTHING_TO_DO,
                               /* Translators: %u is how many ids were given */
                               _("None of the %u ids is valid"), self->invalid->len);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  self->task = g_steal_pointer (&task);
  self->poll_interval_ms = POLL_FIRST_MS;
  g_clear_error (&self->error);
  set_state (self, PREFS_BULK_JOB_STATE_RUNNING);

  if (any_pending (self))
    poll_schedule (self);
  submit_next (self);
}

/**
 * prefs_bulk_job_run_finish:
 * @self: a #PrefsBulkJob
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every chunk was sent and every operation ended
 */
gboolean
prefs_bulk_job_run_finish (PrefsBulkJob  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * prefs_bulk_job_cancel:
 * @self: a #PrefsBulkJob
 *
 * Sends nothing more; operations already started are still followed to
 * their end, then the run ends with state CANCELLED.
 */
void
prefs_bulk_job_cancel (PrefsBulkJob *self)
{
  g_return_if_fail (PREFS_IS_BULK_JOB (self));

  if (self->cancel_requested)
    return;
  self->cancel_requested = TRUE;

  if (self->state == PREFS_BULK_JOB_STATE_IDLE && first_unsent (self, NULL) != NULL &&
      !any_pending (self))
    set_state (self, PREFS_BULK_JOB_STATE_CANCELLED);
  else
    check_done (self);
}

/* ---- serialization ---- */

/**
 * prefs_bulk_job_serialize:
 * @self: a #PrefsBulkJob
 *
 * Returns: (transfer full): the job's state as JSON text
 */
char *
prefs_bulk_job_serialize (PrefsBulkJob *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (PREFS_IS_BULK_JOB (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, STATE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "set");
  json_builder_add_value (builder, prefs_preference_set_to_json (self->set));
  json_builder_set_member_name (builder, "chunk_size");
  json_builder_add_int_value (builder, self->chunk_size);
  json_builder_set_member_name (builder, "cancelled");
  json_builder_add_boolean_value (builder, self->cancel_requested);
  json_builder_set_member_name (builder, "n_duplicates");
  json_builder_add_int_value (builder, self->n_duplicates);

  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->ids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->ids, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "invalid");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->invalid->len; i++)
    {
      PrefsBulkInvalidId *invalid = g_ptr_array_index (self->invalid, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, invalid->index);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, invalid->id);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, invalid->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "chunks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, chunk->start);
      json_builder_set_member_name (builder, "length");
      json_builder_add_int_value (builder, chunk->length);
      json_builder_set_member_name (builder, "operation_id");
      if (chunk->operation_id != NULL)
        json_builder_add_string_value (builder, chunk->operation_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "operation");
      if (chunk->operation != NULL)
        json_builder_add_value (builder, prefs_bulk_operation_to_json (chunk->operation));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return prefs_json_to_string (root, FALSE);
}

static gboolean
bad_state (GError     **error,
           const char  *what)
{
  g_set_error (error, PREFS_BULK_JOB_ERROR, PREFS_BULK_JOB_ERROR_INVALID_STATE,
               /* Translators: %s says what is wrong with the saved job */
               _("The saved bulk job cannot be resumed: %s"), what);
  return FALSE;
}

static gboolean
get_uint_member (JsonObject *object,
                 const char *name,
                 guint64     max,
                 guint64    *out_value)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < 0 || (guint64) value > max)
    return FALSE;
  *out_value = (guint64) value;
  return TRUE;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
load_chunks (PrefsBulkJob  *self,
             JsonArray     *chunks,
             GError       **error)
{
  guint expected_start = 0;

  for (guint i = 0; i < json_array_get_length (chunks); i++)
    {
      JsonNode *node = json_array_get_element (chunks, i);
      JsonObject *object;
      JsonNode *operation;
      guint64 start, length;
      Chunk *chunk;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_state (error, _("a chunk is not an object"));
      object = json_node_get_object (node);
      if (!get_uint_member (object, "start", self->ids->len, &start) ||
          !get_uint_member (object, "length", 1000, &length) ||
          start != expected_start || length == 0 || start + length > self->ids->len)
        return bad_state (error, _("the chunks do not cover the ids in order"));
      expected_start += length;

      chunk = chunk_new (start, length);
      g_ptr_array_add (self->chunks, chunk);
      chunk->operation_id = g_strdup (get_string_member (object, "operation_id"));

      operation = json_object_get_member (object, "operation");
      if (operation != NULL && !JSON_NODE_HOLDS_NULL (operation))
        {
          g_autoptr(GError) local_error = NULL;

          chunk->operation = prefs_bulk_operation_new_from_json (operation, &local_error);
          if (chunk->operation == NULL)
            return bad_state (error, local_error->message);
        }
      if (chunk->operation != NULL && chunk->operation_id == NULL)
        return bad_state (error, _("an operation without an id"));
    }

  if (expected_start != self->ids->len)
    return bad_state (error, _("the chunks do not cover every id"));
  return TRUE;
}

/**
 * prefs_bulk_job_new_from_state:
 * @client: the client to send through
 * @state: text from prefs_bulk_job_serialize()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the job, ready to run on
 */
PrefsBulkJob *
prefs_bulk_job_new_from_state (PrefsClient  *client,
                               const char   *state,
                               GError      **error)
{
  g_autoptr(PrefsBulkJob) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *set_node;
  JsonNode *cancelled;
  JsonArray *ids;
  JsonArray *invalid;
  JsonArray *chunks;
  guint64 version, chunk_size, n_duplicates = 0;

  g_return_val_if_fail (PREFS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  root = prefs_json_parse (state, -1, &local_error);
  if (root == NULL)
    {
      bad_state (error, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      bad_state (error, _("not an object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!get_uint_member (object, "version", G_MAXINT, &version) ||
      version != STATE_FORMAT_VERSION)
    {
      bad_state (error, _("unknown format version"));
      return NULL;
    }

  self = g_object_new (PREFS_TYPE_BULK_JOB, NULL);
  self->client = g_object_ref (client);

  set_node = json_object_get_member (object, "set");
  if (set_node == NULL ||
      !(self->set = prefs_preference_set_new_from_json (set_node, &local_error)))
    {
      bad_state (error, local_error ? local_error->message : _("no set"));
      return NULL;
    }

  if (!get_uint_member (object, "chunk_size", 1000, &chunk_size) || chunk_size == 0)
    {
      bad_state (error, _("bad chunk_size"));
      return NULL;
    }
  self->chunk_size = chunk_size;
  get_uint_member (object, "n_duplicates", G_MAXUINT, &n_duplicates);
  self->n_duplicates = n_duplicates;

  cancelled = json_object_get_member (object, "cancelled");
  self->cancel_requested = cancelled != NULL && JSON_NODE_HOLDS_VALUE (cancelled) &&
                           json_node_get_value_type (cancelled) == G_TYPE_BOOLEAN &&
                           json_node_get_boolean (cancelled);

  ids = get_array_member (object, "ids");
  if (ids == NULL)
    {
      bad_state (error, _("no ids"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *node = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !prefs_bulk_job_validate_id (json_node_get_string (node), NULL))
        {
          bad_state (error, _("an id is not valid"));
          return NULL;
        }
      g_ptr_array_add (self->ids, g_strdup (json_node_get_string (node)));
    }

  invalid = get_array_member (object, "invalid");
  for (guint i = 0; invalid != NULL && i < json_array_get_length (invalid); i++)
    {
      JsonNode *node = json_array_get_element (invalid, i);
      PrefsBulkInvalidId *entry;
      guint64 index = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = g_new0 (PrefsBulkInvalidId, 1);
      get_uint_member (json_node_get_object (node), "index", G_MAXUINT, &index);
      entry->index = index;
      entry->id = g_strdup (get_string_member (json_node_get_object (node), "id"));
      entry->reason = g_strdup (get_string_member (json_node_get_object (node), "reason"));
      if (entry->id == NULL)
        entry->id = g_strdup ("");
      if (entry->reason == NULL)
        entry->reason = g_strdup (_("invalid"));
      g_ptr_array_add (self->invalid, entry);
    }

  chunks = get_array_member (object, "chunks");
  if (chunks == NULL || !load_chunks (self, chunks, error))
    {
      if (chunks == NULL)
        bad_state (error, _("no chunks"));
      return NULL;
    }

  update_progress (self);

  if (first_unsent (self, NULL) == NULL && !any_pending (self))
    self->state = PREFS_BULK_JOB_STATE_COMPLETED;
  else if (self->cancel_requested && !any_pending (self))
    self->state = PREFS_BULK_JOB_STATE_CANCELLED;

  return g_steal_pointer (&self);
}

/* prefs-operation.c: one bulk operation started from the console, kept in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-operation"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-operation.h"

#include <string.h>

/* An operation is a list of parts run one after the other: bulk jobs (one
 * for an apply or a retry, one per large group of a revert) and, for a
 * revert, one list of users written with a PUT each. Its whole state is a
 * JSON document in the store's bulk job table, saved at each checkpoint of
 * a job, so a restart resumes it where it stopped. */

#define FORMAT_VERSION      1
#define SNAPSHOT_WINDOW     8   /* GETs in flight while taking a snapshot */
#define PUT_WINDOW          4   /* PUTs in flight while reverting */
#define PUT_SAVE_EVERY      50  /* results between two saves of a PUT part */
#define SNAPSHOT_SAVE_EVERY 100 /* sets read between two writes of the snapshot */

#define PUT_PENDING   'p'
#define PUT_SUCCEEDED 's'
#define PUT_FAILED    'f'

typedef enum
{
  PART_BULK,
  PART_PUT,
} PartType;

typedef struct
{
  PartType      type;
  PrefsBulkJob *job;      /* PART_BULK */
  GPtrArray    *ids;      /* PART_PUT (element-type utf8) */
  char         *status;   /* PART_PUT: one of PUT_* per id */
  GHashTable   *errors;   /* PART_PUT: id -> message */
  guint         cursor;
  guint         in_flight;
  guint         unsaved;
} Part;

typedef enum
{
  STOP_NONE,
  STOP_PAUSE,
  STOP_CANCEL,
  STOP_FAIL,
} StopReason;

struct _PrefsOperation
{
  GObject              parent_instance;

  PrefsClient         *client;
  PrefsStore          *store;
  gint64               store_id;
  char                *environment;
  PrefsOperationKind   kind;
  char                *preset_name;
  char                *target_set_id;
  gint64               source_id;
  gboolean             wants_snapshot;
  gboolean             has_snapshot;
  guint                n_snapshotted;

  PrefsOperationState  state;
  gboolean             active;
  gboolean             cancel_requested;
  StopReason           stop;
  char                *error_message;
  gint64               created_at;
  gint64               started_at;
  gint64               finished_at;
  gint64               updated_at;

  GPtrArray           *parts;       /* (element-type Part) */
  guint                current_part;
  GPtrArray           *jobs;        /* (element-type PrefsBulkJob) view of the bulk parts */
  GPtrArray           *no_invalid;  /* empty, for operations without bulk parts */
  GCancellable        *cancellable;

  /* snapshot in progress */
  GPtrArray           *snap_queue;  /* (element-type utf8) */
  GPtrArray           *snap_pending; /* (element-type PrefsJournalEntry) read, not yet stored */
  guint                snap_cursor;
  guint                snap_in_flight;

  /* sets of a revert's PUT part, id -> PrefsJournalEntry */
  GHashTable          *revert_sets;

  guint64              n_processed;
  guint64              n_succeeded;
  guint64              n_failed;
  double               fraction;
};

G_DEFINE_FINAL_TYPE (PrefsOperation, prefs_operation, G_TYPE_OBJECT)
G_DEFINE_QUARK (prefs-operation-error-quark, prefs_operation_error)
G_DEFINE_ENUM_TYPE (PrefsOperationState, prefs_operation_state,
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_STATE_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_STATE_SNAPSHOTTING, "snapshotting"),
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_STATE_COMPLETED, "completed"),
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_STATE_CANCELLED, "cancelled"))
G_DEFINE_ENUM_TYPE (PrefsOperationKind, prefs_operation_kind,
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_KIND_APPLY, "apply"),
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_KIND_RETRY, "retry"),
                    G_DEFINE_ENUM_VALUE (PREFS_OPERATION_KIND_REVERT, "revert"))

enum {
  PROP_0,
  PROP_STORE_ID,
  PROP_ENVIRONMENT,
  PROP_KIND,
  PROP_PRESET_NAME,
  PROP_TARGET_SET_ID,
  PROP_SOURCE_ID,
  PROP_N_USERS,
  PROP_N_INVALID,
  PROP_N_DUPLICATES,
  PROP_N_CALLS,
  PROP_WANTS_SNAPSHOT,
  PROP_HAS_SNAPSHOT,
  PROP_N_SNAPSHOTTED,
  PROP_STATE,
  PROP_ACTIVE,
  PROP_FINISHED,
  PROP_FRACTION,
  PROP_N_PROCESSED,
  PROP_N_SUCCEEDED,
  PROP_N_FAILED,
  PROP_CREATED_AT,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_UPDATED_AT,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void run_next_part (PrefsOperation *self);
static void snapshot_pump (PrefsOperation *self);
static void put_pump (PrefsOperation *self, Part *part);

const char *
prefs_operation_state_to_string (PrefsOperationState state)
{
  switch (state)
    {
    case PREFS_OPERATION_STATE_QUEUED:
      return "queued";
    case PREFS_OPERATION_STATE_SNAPSHOTTING:
      return "snapshotting";
    case PREFS_OPERATION_STATE_RUNNING:
      return "running";
    case PREFS_OPERATION_STATE_COMPLETED:
      return "completed";
    case PREFS_OPERATION_STATE_FAILED:
      return "failed";
    case PREFS_OPERATION_STATE_CANCELLED:
      return "cancelled";
    default:
      return "unknown";
    }
}

static gboolean
state_from_string (const char          *str,
                   PrefsOperationState *out_state)
{
  for (PrefsOperationState s = PREFS_OPERATION_STATE_QUEUED;
       s <= PREFS_OPERATION_STATE_CANCELLED; s++)
    if (g_strcmp0 (str, prefs_operation_state_to_string (s)) == 0)
      {
        *out_state = s;
        return TRUE;
      }
  return FALSE;
}

static const char *
kind_to_string (PrefsOperationKind kind)
{
  switch (kind)
    {
    case PREFS_OPERATION_KIND_RETRY:
      return "retry";
    case PREFS_OPERATION_KIND_REVERT:
      return "revert";
    case PREFS_OPERATION_KIND_APPLY:
    default:
      return "apply";
    }
}

static gboolean
is_final (PrefsOperationState state)
{
  return state == PREFS_OPERATION_STATE_COMPLETED ||
         state == PREFS_OPERATION_STATE_FAILED ||
         state == PREFS_OPERATION_STATE_CANCELLED;
}

/* ---- parts ---- */

static void
part_free (Part *part)
{
  if (part == NULL)
    return;
  g_clear_object (&part->job);
  g_clear_pointer (&part->ids, g_ptr_array_unref);
  g_free (part->status);
  g_clear_pointer (&part->errors, g_hash_table_unref);
  g_free (part);
}

static Part *
part_new_put (GPtrArray *ids)
{
  Part *part = g_new0 (Part, 1);

  part->type = PART_PUT;
  part->ids = g_ptr_array_ref (ids);
  part->status = g_malloc (ids->len + 1);
  memset (part->status, PUT_PENDING, ids->len);
  part->status[ids->len] = '\0';
  part->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return part;
}

static gboolean
part_is_done (Part *part)
{
  if (part->type == PART_BULK)
    return prefs_bulk_job_get_state (part->job) == PREFS_BULK_JOB_STATE_COMPLETED;
  return strchr (part->status, PUT_PENDING) == NULL;
}

/* ---- properties ---- */

static void
notify (PrefsOperation *self,
        guint           prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_counts (PrefsOperation *self)
{
  guint64 processed = 0, succeeded = 0, failed = 0;
  guint n_users = prefs_operation_get_n_users (self);
  double fraction;

  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);

      if (part->type == PART_BULK)
        {
          processed += prefs_bulk_job_get_n_processed (part->job);
          succeeded += prefs_bulk_job_get_n_succeeded (part->job);
          failed += prefs_bulk_job_get_n_failed (part->job);
        }
      else
        {
          /* A PUT is processed when it has an answer. */
          for (const char *c = part->status; *c != '\0'; c++)
            {
              if (*c == PUT_SUCCEEDED)
                succeeded++, processed++;
              else if (*c == PUT_FAILED)
                failed++, processed++;
            }
        }
    }

  if (n_users == 0)
    fraction = is_final (self->state) ? 1.0 : 0.0;
  else
    fraction = MIN (1.0, (double) processed / (double) n_users);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_processed != processed)
    {
      self->n_processed = processed;
      notify (self, PROP_N_PROCESSED);
    }
  if (self->n_succeeded != succeeded)
    {
      self->n_succeeded = succeeded;
      notify (self, PROP_N_SUCCEEDED);
    }
  if (self->n_failed != failed)
    {
      self->n_failed = failed;
      notify (self, PROP_N_FAILED);
    }
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      notify (self, PROP_FRACTION);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_active (PrefsOperation *self,
            gboolean        active)
{
  if (self->active == active)
    return;
  self->active = active;
  notify (self, PROP_ACTIVE);
}

static void
set_error_message (PrefsOperation *self,
                   const char     *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  notify (self, PROP_ERROR_MESSAGE);
}

/* ---- persistence ---- */

static JsonNode *
to_json (PrefsOperation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_to_string (self->kind));
  json_builder_set_member_name (builder, "preset_name");
  json_builder_add_string_value (builder, self->preset_name);
  json_builder_set_member_name (builder, "target_set_id");
  json_builder_add_string_value (builder, self->target_set_id);
  json_builder_set_member_name (builder, "source_id");
  json_builder_add_int_value (builder, self->source_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, prefs_operation_state_to_string (self->state));
  json_builder_set_member_name (builder, "cancel_requested");
  json_builder_add_boolean_value (builder, self->cancel_requested);
  json_builder_set_member_name (builder, "wants_snapshot");
  json_builder_add_boolean_value (builder, self->wants_snapshot);
  json_builder_set_member_name (builder, "has_snapshot");
  json_builder_add_boolean_value (builder, self->has_snapshot);
  json_builder_set_member_name (builder, "error");
  if (self->error_message != NULL)
    json_builder_add_string_value (builder, self->error_message);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, self->created_at);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_int_value (builder, self->started_at);
  json_builder_set_member_name (builder, "finished_at");
  json_builder_add_int_value (builder, self->finished_at);
  json_builder_set_member_name (builder, "current_part");
  json_builder_add_int_value (builder, self->current_part);

  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);

      json_builder_begin_object (builder);
      if (part->type == PART_BULK)
        {
          g_autofree char *text = prefs_bulk_job_serialize (part->job);
          JsonNode *job = prefs_json_parse (text, -1, NULL);

          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "bulk");
          json_builder_set_member_name (builder, "job");
          if (job != NULL)
            json_builder_add_value (builder, job);
          else
            json_builder_add_null_value (builder);
        }
      else
        {
          GHashTableIter iter;
          gpointer key, value;

          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "put");
          json_builder_set_member_name (builder, "ids");
          json_builder_begin_array (builder);
          for (guint j = 0; j < part->ids->len; j++)
            json_builder_add_string_value (builder, g_ptr_array_index (part->ids, j));
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, part->status);
          json_builder_set_member_name (builder, "errors");
          json_builder_begin_object (builder);
          g_hash_table_iter_init (&iter, part->errors);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              json_builder_set_member_name (builder, key);
              json_builder_add_string_value (builder, value);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
save (PrefsOperation *self)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->store_id == 0)
    return;

  root = to_json (self);
  text = prefs_json_to_string (root, FALSE);
  if (!prefs_store_update_bulk_job (self->store, self->store_id, text, is_final (self->state),
                                    &error))
    g_warning ("Could not save bulk operation %" G_GINT64_FORMAT ": %s",
               self->store_id, error->message);

  self->updated_at = g_get_real_time () / G_USEC_PER_SEC;
  notify (self, PROP_UPDATED_AT);
}

static void
set_state (PrefsOperation      *self,
           PrefsOperationState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_STATE);
  if (is_final (state))
    notify (self, PROP_FINISHED);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
finish (PrefsOperation      *self,
        PrefsOperationState  state,
        const char          *error_message)
{
  if (is_final (self->state))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (error_message != NULL)
    set_error_message (self, error_message);
  self->finished_at = g_get_real_time () / G_USEC_PER_SEC;
  notify (self, PROP_FINISHED_AT);
  set_state (self, state);
  update_counts (self);
  set_active (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));

  g_clear_pointer (&self->snap_queue, g_ptr_array_unref);
  g_clear_pointer (&self->revert_sets, g_hash_table_unref);
  save (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

/* ---- GObject ---- */

static void
on_job_notify (PrefsOperation *self)
{
  update_counts (self);
}

static void
on_job_checkpoint (PrefsOperation *self)
{
  save (self);
}

static void
add_bulk_part (PrefsOperation *self,
               PrefsBulkJob   *job)
{
  Part *part = g_new0 (Part, 1);

  part->type = PART_BULK;
  part->job = g_object_ref (job);
  g_ptr_array_add (self->parts, part);
  g_ptr_array_add (self->jobs, g_object_ref (job));

  g_signal_connect_swapped (job, "notify::n-processed", G_CALLBACK (on_job_notify), self);
  g_signal_connect_swapped (job, "notify::n-succeeded", G_CALLBACK (on_job_notify), self);
  g_signal_connect_swapped (job, "notify::n-failed", G_CALLBACK (on_job_notify), self);
  g_signal_connect_swapped (job, "notify::n-chunks", G_CALLBACK (on_job_notify), self);
  g_signal_connect_swapped (job, "checkpoint", G_CALLBACK (on_job_checkpoint), self);
}

static void
prefs_operation_dispose (GObject *object)
{
  PrefsOperation *self = PREFS_OPERATION (object);

  for (guint i = 0; self->jobs != NULL && i < self->jobs->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->jobs, i), self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (prefs_operation_parent_class)->dispose (object);
}

static void
prefs_operation_finalize (GObject *object)
{
  PrefsOperation *self = PREFS_OPERATION (object);

  g_free (self->environment);
  g_free (self->preset_name);
  g_free (self->target_set_id);
  g_free (self->error_message);
  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->no_invalid, g_ptr_array_unref);
  g_clear_pointer (&self->snap_queue, g_ptr_array_unref);
  g_clear_pointer (&self->snap_pending, g_ptr_array_unref);
  g_clear_pointer (&self->revert_sets, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (prefs_operation_parent_class)->finalize (object);
}

static void
prefs_operation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PrefsOperation *self = PREFS_OPERATION (object);

  switch (prop_id)
    {
    case PROP_STORE_ID:
      g_value_set_int64 (value, self->store_id);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_string (value, self->environment);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_PRESET_NAME:
      g_value_set_string (value, self->preset_name);
      break;
    case PROP_TARGET_SET_ID:
      g_value_set_string (value, self->target_set_id);
      break;
    case PROP_SOURCE_ID:
      g_value_set_int64 (value, self->source_id);
      break;
    case PROP_N_USERS:
      g_value_set_uint (value, prefs_operation_get_n_users (self));
      break;
    case PROP_N_INVALID:
      g_value_set_uint (value, prefs_operation_get_n_invalid (self));
      break;
    case PROP_N_DUPLICATES:
      g_value_set_uint (value, prefs_operation_get_n_duplicates (self));
      break;
    case PROP_N_CALLS:
      g_value_set_uint (value, prefs_operation_get_n_calls (self));
      break;
    case PROP_WANTS_SNAPSHOT:
      g_value_set_boolean (value, self->wants_snapshot);
      break;
    case PROP_HAS_SNAPSHOT:
      g_value_set_boolean (value, self->has_snapshot);
      break;
    case PROP_N_SNAPSHOTTED:
      g_value_set_uint (value, self->n_snapshotted);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_FINISHED:
      g_value_set_boolean (value, is_final (self->state));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
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
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PROP_FINISHED_AT:
      g_value_set_int64 (value, self->finished_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_operation_class_init (PrefsOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = prefs_operation_dispose;
  object_class->finalize = prefs_operation_finalize;
  object_class->get_property = prefs_operation_get_property;

  properties[PROP_STORE_ID] =
    g_param_spec_int64 ("store-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_string ("environment", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PREFS_TYPE_OPERATION_KIND,
                       PREFS_OPERATION_KIND_APPLY, flags);
  properties[PROP_PRESET_NAME] =
    g_param_spec_string ("preset-name", NULL, NULL, NULL, flags);
  properties[PROP_TARGET_SET_ID] =
    g_param_spec_string ("target-set-id", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_ID] =
    g_param_spec_int64 ("source-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_N_USERS] =
    g_param_spec_uint ("n-users", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_INVALID] =
    g_param_spec_uint ("n-invalid", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_DUPLICATES] =
    g_param_spec_uint ("n-duplicates", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_CALLS] =
    g_param_spec_uint ("n-calls", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_WANTS_SNAPSHOT] =
    g_param_spec_boolean ("wants-snapshot", NULL, NULL, FALSE, flags);
  properties[PROP_HAS_SNAPSHOT] =
    g_param_spec_boolean ("has-snapshot", NULL, NULL, FALSE, flags);
  properties[PROP_N_SNAPSHOTTED] =
    g_param_spec_uint ("n-snapshotted", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PREFS_TYPE_OPERATION_STATE,
                       PREFS_OPERATION_STATE_QUEUED, flags);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE, flags);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_N_PROCESSED] =
    g_param_spec_uint64 ("n-processed", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_N_SUCCEEDED] =
    g_param_spec_uint64 ("n-succeeded", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_N_FAILED] =
    g_param_spec_uint64 ("n-failed", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STARTED_AT] =
    g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FINISHED_AT] =
    g_param_spec_int64 ("finished-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
prefs_operation_init (PrefsOperation *self)
{
  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->no_invalid = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->snap_pending = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_journal_entry_free);
  self->target_set_id = g_strdup ("default");
}

static PrefsOperation *
operation_new (PrefsClient *client,
               PrefsStore  *store,
               const char  *environment)
{
  PrefsOperation *self = g_object_new (PREFS_TYPE_OPERATION, NULL);

  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  self->environment = g_strdup (environment);
  return self;
}

/* Inserts the new operation in the store. */
static gboolean
insert (PrefsOperation  *self,
        GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  self->created_at = g_get_real_time () / G_USEC_PER_SEC;
  self->updated_at = self->created_at;
  root = to_json (self);
  text = prefs_json_to_string (root, FALSE);
  self->store_id = prefs_store_add_bulk_job (self->store, self->environment, text, &local_error);
  if (self->store_id <= 0)
    {
      g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_STORE,
                   _("Could not keep the operation: %s"),
                   local_error != NULL ? local_error->message : _("unknown error"));
      return FALSE;
    }
  update_counts (self);
  return TRUE;
}

/**
 * prefs_operation_new:
 * @client: the client of the environment
 * @store: where the operation is kept
 * @environment: the environment's name
 * @preset_name: (nullable): a name to show
 * @set: the set to apply; its id is the target set
 * @ids: user ids
 * @n_ids: their number, or -1 when NULL-terminated
 * @snapshot: whether to read and keep every user's set first
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a queued operation, already stored
 */
PrefsOperation *
prefs_operation_new (PrefsClient         *client,
                     PrefsStore          *store,
                     const char          *environment,
                     const char          *preset_name,
                     PrefsPreferenceSet  *set,
                     const char * const  *ids,
                     gssize               n_ids,
                     gboolean             snapshot,
                     GError             **error)
{
  g_autoptr(PrefsOperation) self = NULL;
  g_autoptr(PrefsBulkJob) job = NULL;
  const char *set_id;

  g_return_val_if_fail (PREFS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PREFS_IS_STORE (store), NULL);
  g_return_val_if_fail (environment != NULL, NULL);
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (set), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  job = prefs_bulk_job_new (client, set, ids, n_ids);
  if (prefs_bulk_job_get_n_ids (job) == 0)
    {
      g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NOTHING_TO_DO,
                   /* Translators: %u is how many ids were given */
                   _("None of the %u ids is a valid user id"),
                   prefs_bulk_job_get_invalid_ids (job)->len);
      return NULL;
    }

  self = operation_new (client, store, environment);
  self->kind = PREFS_OPERATION_KIND_APPLY;
  self->preset_name = g_strdup (preset_name);
  set_id = prefs_preference_set_get_id (set);
  g_free (self->target_set_id);
  self->target_set_id = g_strdup (set_id != NULL && *set_id != '\0' ? set_id : "default");
  self->wants_snapshot = snapshot;
  add_bulk_part (self, job);

  if (!insert (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- reading back ---- */

static gboolean
bad_stored (GError     **error,
            const char  *what)
{
  g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_INVALID_STATE,
               /* Translators: %s says what is wrong with the stored record */
               _("The stored operation cannot be read: %s"), what);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return MAX (0, json_node_get_int (node));
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static gboolean
load_put_part (PrefsOperation  *self,
               JsonObject      *object,
               GError         **error)
{
  JsonNode *ids_node = json_object_get_member (object, "ids");
  JsonNode *errors_node = json_object_get_member (object, "errors");
  const char *status = member_string (object, "status");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;
  Part *part;

  if (ids_node == NULL || !JSON_NODE_HOLDS_ARRAY (ids_node))
    return bad_stored (error, _("a revert part has no ids"));
  array = json_node_get_array (ids_node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !prefs_bulk_job_validate_id (json_node_get_string (node), NULL))
        return bad_stored (error, _("a revert part has an invalid id"));
      g_ptr_array_add (ids, g_strdup (json_node_get_string (node)));
    }
  if (status == NULL || strlen (status) != ids->len ||
      strspn (status, "psf") != ids->len)
    return bad_stored (error, _("a revert part has a bad status"));

  part = part_new_put (ids);
  memcpy (part->status, status, ids->len);
  if (errors_node != NULL && JSON_NODE_HOLDS_OBJECT (errors_node))
    {
      JsonObject *errors = json_node_get_object (errors_node);
      g_autoptr(GList) members = json_object_get_members (errors);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *message = member_string (errors, l->data);

          if (message != NULL)
            g_hash_table_replace (part->errors, g_strdup (l->data), g_strdup (message));
        }
    }
  g_ptr_array_add (self->parts, part);
  return TRUE;
}

static gboolean
load (PrefsOperation  *self,
      const char      *text,
      GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *parts_node;
  JsonArray *parts;
  const char *str;

  root = prefs_json_parse (text, -1, &local_error);
  if (root == NULL)
    return bad_stored (error, local_error->message);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return bad_stored (error, _("not an object"));
  object = json_node_get_object (root);
  if (member_int (object, "format") != FORMAT_VERSION)
    return bad_stored (error, _("unknown format"));

  str = member_string (object, "kind");
  if (g_strcmp0 (str, "retry") == 0)
    self->kind = PREFS_OPERATION_KIND_RETRY;
  else if (g_strcmp0 (str, "revert") == 0)
    self->kind = PREFS_OPERATION_KIND_REVERT;
  else if (g_strcmp0 (str, "apply") == 0)
    self->kind = PREFS_OPERATION_KIND_APPLY;
  else
    return bad_stored (error, _("unknown kind"));

  if (!state_from_string (member_string (object, "state"), &self->state))
    return bad_stored (error, _("unknown state"));

  self->preset_name = g_strdup (member_string (object, "preset_name"));
  if ((str = member_string (object, "target_set_id")) != NULL)
    {
      g_free (self->target_set_id);
      self->target_set_id = g_strdup (str);
    }
  self->source_id = member_int (object, "source_id");
  self->cancel_requested = member_bool (object, "cancel_requested");
  self->wants_snapshot = member_bool (object, "wants_snapshot");
  self->has_snapshot = member_bool (object, "has_snapshot");
  self->error_message = g_strdup (member_string (object, "error"));
  self->created_at = member_int (object, "created_at");
  self->started_at = member_int (object, "started_at");
  self->finished_at = member_int (object, "finished_at");
  self->current_part = member_int (object, "current_part");

  parts_node = json_object_get_member (object, "parts");
  if (parts_node == NULL || !JSON_NODE_HOLDS_ARRAY (parts_node))
    return bad_stored (error, _("no parts"));
  parts = json_node_get_array (parts_node);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      JsonNode *node = json_array_get_element (parts, i);
      JsonObject *part;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_stored (error, _("a part is not an object"));
      part = json_node_get_object (node);
      str = member_string (part, "type");

      if (g_strcmp0 (str, "bulk") == 0)
        {
          JsonNode *job_node = json_object_get_member (part, "job");
          g_autofree char *job_text = NULL;
          g_autoptr(PrefsBulkJob) job = NULL;

          if (job_node == NULL || !JSON_NODE_HOLDS_OBJECT (job_node))
            return bad_stored (error, _("a bulk part has no job"));
          job_text = prefs_json_to_string (job_node, FALSE);
          job = prefs_bulk_job_new_from_state (self->client, job_text, &local_error);
          if (job == NULL)
            return bad_stored (error, local_error->message);
          add_bulk_part (self, job);
        }
      else if (g_strcmp0 (str, "put") == 0)
        {
          if (!load_put_part (self, part, error))
            return FALSE;
        }
      else
        return bad_stored (error, _("unknown part type"));
    }
  if (self->parts->len == 0)
    return bad_stored (error, _("no parts"));
  self->current_part = MIN (self->current_part, self->parts->len);

  if (self->wants_snapshot)
    self->n_snapshotted = prefs_store_snapshot_count (self->store, self->store_id, NULL);

  return TRUE;
}

/**
 * prefs_operation_new_from_stored:
 * @client: the client of the environment
 * @store: the store @stored came from
 * @stored: a row of prefs_store_list_bulk_jobs()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the operation as it was last saved
 */
PrefsOperation *
prefs_operation_new_from_stored (PrefsClient              *client,
                                 PrefsStore               *store,
                                 const PrefsStoredBulkJob *stored,
                                 GError                  **error)
{
  g_autoptr(PrefsOperation) self = NULL;

  g_return_val_if_fail (PREFS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PREFS_IS_STORE (store), NULL);
  g_return_val_if_fail (stored != NULL, NULL);

  self = operation_new (client, store, stored->environment);
  self->store_id = stored->id;
  self->updated_at = stored->updated_at;
  if (stored->state == NULL || !load (self, stored->state, error))
    {
      if (stored->state == NULL)
        bad_stored (error, _("empty"));
      return NULL;
    }
  if (self->created_at == 0)
    self->created_at = stored->created_at;
  update_counts (self);
  return g_steal_pointer (&self);
}

/**
 * prefs_operation_list_stored:
 * @client: the client of the environment
 * @store: the store
 * @environment: the environment's name
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PrefsOperation): newest first
 */
GPtrArray *
prefs_operation_list_stored (PrefsClient  *client,
                             PrefsStore   *store,
                             const char   *environment,
                             GError      **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (PREFS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PREFS_IS_STORE (store), NULL);

  rows = prefs_store_list_bulk_jobs (store, environment, error);
  if (rows == NULL)
    return NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      const PrefsStoredBulkJob *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) local_error = NULL;
      PrefsOperation *operation = prefs_operation_new_from_stored (client, store, row,
                                                                   &local_error);

      if (operation == NULL)
        g_warning ("Skipping bulk operation %" G_GINT64_FORMAT ": %s", row->id,
                   local_error->message);
      else
        g_ptr_array_add (result, operation);
    }
  return g_steal_pointer (&result);
}

/* ---- retry and revert ---- */

/* A revert of @source's snapshot, restricted to @only when not NULL. */
static PrefsOperation *
build_revert (PrefsOperation  *source,
              gint64           snapshot_id,
              GHashTable      *only,
              GError         **error)
{
  g_autoptr(PrefsOperation) self = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) groups = NULL;     /* set id + json -> GPtrArray of ids */
  g_autoptr(GPtrArray) order = NULL;       /* keys of @groups as first seen */
  g_autoptr(GPtrArray) put_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;

  entries = prefs_store_snapshot_list (source->store, snapshot_id, &local_error);
  if (entries == NULL)
    {
      g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NO_SNAPSHOT,
                   _("The snapshot could not be read: %s"), local_error->message);
      return NULL;
    }

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) g_ptr_array_unref);
  order = g_ptr_array_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      PrefsJournalEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *key = NULL;
      GPtrArray *ids;

      if (entry->recipient_id == NULL || entry->json_before == NULL ||
          (only != NULL && !g_hash_table_contains (only, entry->recipient_id)) ||
          g_hash_table_contains (seen, entry->recipient_id))
        continue;
      g_hash_table_add (seen, entry->recipient_id);

      key = g_strconcat (entry->set_id != NULL ? entry->set_id : "default", "\n",
                         entry->json_before, NULL);
      ids = g_hash_table_lookup (groups, key);
      if (ids == NULL)
        {
          ids = g_ptr_array_new ();
          g_ptr_array_add (order, g_strdup (key));
          g_hash_table_insert (groups, g_strdup (key), ids);
        }
      g_ptr_array_add (ids, entry->recipient_id);
    }

  if (order->len == 0)
    {
      g_ptr_array_foreach (order, (GFunc) g_free, NULL);
      g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NOTHING_TO_DO,
                   _("There is nothing to revert"));
      return NULL;
    }

  self = operation_new (source->client, source->store, source->environment);
  self->kind = PREFS_OPERATION_KIND_REVERT;
  self->preset_name = g_strdup (source->preset_name);
  g_free (self->target_set_id);
  self->target_set_id = g_strdup (source->target_set_id);
  self->source_id = snapshot_id;

  for (guint i = 0; i < order->len; i++)
    {
      g_autofree char *key = g_ptr_array_index (order, i);
      GPtrArray *ids = g_hash_table_lookup (groups, key);
      const char *json = strchr (key, '\n') + 1;

      if (ids->len > PREFS_OPERATION_REVERT_BULK_MIN_GROUP)
        {
          g_autoptr(PrefsPreferenceSet) set = NULL;
          g_autoptr(PrefsBulkJob) job = NULL;
          g_autofree char *set_id = g_strndup (key, json - 1 - key);

          set = prefs_preference_set_new_from_data (json, -1, &local_error);
          if (set == NULL)
            {
              for (guint j = i + 1; j < order->len; j++)
                g_free (g_ptr_array_index (order, j));
              g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NO_SNAPSHOT,
                           _("The snapshot holds a set that cannot be read: %s"),
                           local_error->message);
              return NULL;
            }
          prefs_preference_set_set_id (set, set_id);
          job = prefs_bulk_job_new (self->client, set, (const char * const *) ids->pdata,
                                    ids->len);
          add_bulk_part (self, job);
        }
      else
        {
          for (guint j = 0; j < ids->len; j++)
            g_ptr_array_add (put_ids, g_strdup (g_ptr_array_index (ids, j)));
        }
    }
  if (put_ids->len > 0)
    g_ptr_array_add (self->parts, part_new_put (put_ids));

  if (!insert (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * prefs_operation_new_retry:
 * @self: a finished #PrefsOperation
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a queued operation over the failed ids
 */
PrefsOperation *
prefs_operation_new_retry (PrefsOperation  *self,
                           GError         **error)
{
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(PrefsOperation) retry = NULL;

  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);

  failed = prefs_operation_dup_failed_ids (self);
  if (failed->len == 0)
    {
      g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NOTHING_TO_DO,
                   _("No id failed"));
      return NULL;
    }

  if (self->kind == PREFS_OPERATION_KIND_REVERT)
    {
      /* Each failed user gets its own previous set again. */
      g_autoptr(GHashTable) only = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < failed->len; i++)
        g_hash_table_add (only, g_ptr_array_index (failed, i));
      retry = build_revert (self, self->source_id, only, error);
      if (retry == NULL)
        return NULL;
      retry->kind = PREFS_OPERATION_KIND_RETRY;
      retry->source_id = self->store_id;
      save (retry);
      return g_steal_pointer (&retry);
    }

  g_ptr_array_add (failed, NULL);
  retry = prefs_operation_new (self->client, self->store, self->environment, self->preset_name,
                               prefs_operation_get_set (self),
                               (const char * const *) failed->pdata, -1,
                               self->wants_snapshot, error);
  if (retry == NULL)
    return NULL;
  retry->kind = PREFS_OPERATION_KIND_RETRY;
  retry->source_id = self->store_id;
  save (retry);
  return g_steal_pointer (&retry);
}

/**
 * prefs_operation_new_revert:
 * @self: an operation that took a snapshot
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a queued operation restoring the
 *   snapshot
 */
PrefsOperation *
prefs_operation_new_revert (PrefsOperation  *self,
                            GError         **error)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);

  if (!self->has_snapshot)
    {
      g_set_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NO_SNAPSHOT,
                   _("This operation kept no snapshot of the sets it replaced"));
      return NULL;
    }
  return build_revert (self, self->store_id, NULL, error);
}

/* ---- snapshot ---- */

typedef struct
{
  PrefsOperation *self;
  char           *id;
} SnapData;

static void
snap_data_free (SnapData *data)
{
  g_object_unref (data->self);
  g_free (data->id);
  g_free (data);
}

/* Writes the sets read so far in one transaction. */
static gboolean
snapshot_flush (PrefsOperation *self)
{
  g_autoptr(GError) error = NULL;

  if (self->snap_pending->len == 0)
    return TRUE;
  if (!prefs_store_snapshot_add_many (self->store, self->store_id, self->snap_pending, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not keep the snapshot: %s"),
                                                  error->message);

      set_error_message (self, message);
      g_ptr_array_set_size (self->snap_pending, 0);
      return FALSE;
    }
  g_ptr_array_set_size (self->snap_pending, 0);
  return TRUE;
}

/* Called when nothing is in flight any more after a stop. */
static void
stopped (PrefsOperation *self)
{
  StopReason stop = self->stop;

  /* What was read before a pause stays useful after a restart. */
  if (stop == STOP_PAUSE)
    snapshot_flush (self);
  else
    g_ptr_array_set_size (self->snap_pending, 0);
  self->stop = STOP_NONE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (stop == STOP_CANCEL)
    {
      finish (self, PREFS_OPERATION_STATE_CANCELLED, NULL);
    }
  else if (stop == STOP_FAIL)
    {
      finish (self, PREFS_OPERATION_STATE_FAILED, NULL);
    }
  else
    {
      set_active (self, FALSE);
      save (self);
    }
}

static void
snapshot_done (PrefsOperation *self)
{
  if (!snapshot_flush (self))
    {
      finish (self, PREFS_OPERATION_STATE_FAILED, NULL);
      return;
    }
  g_clear_pointer (&self->snap_queue, g_ptr_array_unref);
  self->has_snapshot = TRUE;
  notify (self, PROP_HAS_SNAPSHOT);
  set_state (self, PREFS_OPERATION_STATE_RUNNING);
  save (self);
  run_next_part (self);
}

static void
on_snapshot_got (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SnapData *data = user_data;
  PrefsOperation *self = data->self;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = prefs_client_get_set_finish (PREFS_CLIENT (object), result, &error);
  self->snap_in_flight--;

  if (self->stop == STOP_NONE && set == NULL &&
      g_error_matches (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_NOT_FOUND))
    {
      /* A user that does not exist yet: reverting gives it an empty set. */
      set = prefs_preference_set_new (self->target_set_id);
      g_clear_error (&error);
    }

  if (self->stop == STOP_NONE && set == NULL)
    {
      /* Translators: the first %s is a user id, the second the reason */
      g_autofree char *message = g_strdup_printf (_("Could not read the set of %s: %s"),
                                                  data->id, error->message);

      set_error_message (self, message);
      self->stop = STOP_FAIL;
      g_cancellable_cancel (self->cancellable);
    }
  else if (self->stop == STOP_NONE)
    {
      PrefsJournalEntry *entry = g_new0 (PrefsJournalEntry, 1);

      entry->recipient_id = g_strdup (data->id);
      entry->set_id = g_strdup (self->target_set_id);
      entry->json_before = prefs_preference_set_to_string (set, FALSE);
      g_ptr_array_add (self->snap_pending, entry);
      self->n_snapshotted++;
      notify (self, PROP_N_SNAPSHOTTED);

      if (self->snap_pending->len >= SNAPSHOT_SAVE_EVERY && !snapshot_flush (self))
        {
          self->stop = STOP_FAIL;
          g_cancellable_cancel (self->cancellable);
        }
    }

  if (self->stop != STOP_NONE)
    {
      if (self->snap_in_flight == 0)
        stopped (self);
    }
  else
    snapshot_pump (self);

  snap_data_free (data);
}

static void
snapshot_pump (PrefsOperation *self)
{
  while (self->stop == STOP_NONE && self->snap_in_flight < SNAPSHOT_WINDOW &&
         self->snap_cursor < self->snap_queue->len)
    {
      SnapData *data = g_new0 (SnapData, 1);

      data->self = g_object_ref (self);
      data->id = g_strdup (g_ptr_array_index (self->snap_queue, self->snap_cursor++));
      self->snap_in_flight++;
      prefs_client_get_set_async (self->client, NULL, data->id, self->target_set_id,
                                  self->cancellable, on_snapshot_got, data);
    }

  if (self->stop == STOP_NONE && self->snap_in_flight == 0 &&
      self->snap_cursor >= self->snap_queue->len)
    snapshot_done (self);
}

static void
snapshot_start (PrefsOperation *self)
{
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  set_state (self, PREFS_OPERATION_STATE_SNAPSHOTTING);

  /* After a restart, what was already read is kept. */
  taken = prefs_store_snapshot_list (self->store, self->store_id, NULL);
  for (guint i = 0; taken != NULL && i < taken->len; i++)
    {
      PrefsJournalEntry *entry = g_ptr_array_index (taken, i);

      g_hash_table_add (done, entry->recipient_id);
    }
  self->n_snapshotted = g_hash_table_size (done);
  notify (self, PROP_N_SNAPSHOTTED);

  g_clear_pointer (&self->snap_queue, g_ptr_array_unref);
  self->snap_queue = g_ptr_array_new_with_free_func (g_free);
  self->snap_cursor = 0;
  for (guint i = 0; i < self->jobs->len; i++)
    {
      GPtrArray *ids = prefs_bulk_job_get_ids (g_ptr_array_index (self->jobs, i));

      for (guint j = 0; j < ids->len; j++)
        if (!g_hash_table_contains (done, g_ptr_array_index (ids, j)))
          g_ptr_array_add (self->snap_queue, g_strdup (g_ptr_array_index (ids, j)));
    }
  save (self);
  snapshot_pump (self);
}

/* ---- PUTs of a revert ---- */

typedef struct
{
  PrefsOperation *self;
  Part           *part;
  guint           index;
} PutData;

static void
put_data_free (PutData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

static gboolean
load_revert_sets (PrefsOperation *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (self->revert_sets != NULL)
    return TRUE;

  entries = prefs_store_snapshot_list (self->store, self->source_id, &error);
  if (entries == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The snapshot could not be read: %s"),
                                                  error->message);

      finish (self, PREFS_OPERATION_STATE_FAILED, message);
      return FALSE;
    }
  self->revert_sets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) prefs_journal_entry_free);
  for (guint i = 0; i < entries->len; i++)
    {
      PrefsJournalEntry *entry = g_ptr_array_index (entries, i);

      if (entry->recipient_id != NULL && !g_hash_table_contains (self->revert_sets,
                                                                 entry->recipient_id))
        {
          g_ptr_array_index (entries, i) = NULL;
          g_hash_table_insert (self->revert_sets, entry->recipient_id, entry);
        }
    }
  g_ptr_array_set_free_func (entries, (GDestroyNotify) prefs_journal_entry_free);
  return TRUE;
}

static void
put_result (PrefsOperation *self,
            Part           *part,
            guint           index,
            char            status,
            const char     *message)
{
  part->status[index] = status;
  if (message != NULL)
    g_hash_table_replace (part->errors, g_strdup (g_ptr_array_index (part->ids, index)),
                          g_strdup (message));
  update_counts (self);
  if (++part->unsaved >= PUT_SAVE_EVERY)
    {
      part->unsaved = 0;
      save (self);
    }
}

static void
on_put_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PutData *data = user_data;
  PrefsOperation *self = data->self;
  Part *part = data->part;
  g_autoptr(PrefsPreferenceSet) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = prefs_client_put_set_finish (PREFS_CLIENT (object), result, &error);
  part->in_flight--;

  if (stored != NULL)
    put_result (self, part, data->index, PUT_SUCCEEDED, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    put_result (self, part, data->index, PUT_FAILED, error->message);

  put_data_free (data);

  if (self->stop != STOP_NONE)
    {
      if (part->in_flight == 0)
        stopped (self);
      return;
    }
  put_pump (self, part);
}

static void
put_pump (PrefsOperation *self,
          Part           *part)
{
  while (self->stop == STOP_NONE && !self->cancel_requested && part->in_flight < PUT_WINDOW &&
         part->cursor < part->ids->len)
    {
      guint index = part->cursor++;
      const char *id = g_ptr_array_index (part->ids, index);
      PrefsJournalEntry *entry;
      g_autoptr(PrefsPreferenceSet) set = NULL;
      g_autoptr(GError) error = NULL;
      PutData *data;

      if (part->status[index] != PUT_PENDING)
        continue;

      entry = g_hash_table_lookup (self->revert_sets, id);
      if (entry == NULL)
        {
          put_result (self, part, index, PUT_FAILED, _("not in the snapshot"));
          continue;
        }
      set = prefs_preference_set_new_from_data (entry->json_before, -1, &error);
      if (set == NULL)
        {
          put_result (self, part, index, PUT_FAILED, error->message);
          continue;
        }
      prefs_preference_set_set_id (set, entry->set_id != NULL ? entry->set_id
                                                              : self->target_set_id);

      data = g_new0 (PutData, 1);
      data->self = g_object_ref (self);
      data->part = part;
      data->index = index;
      part->in_flight++;
      prefs_client_put_set_async (self->client, NULL, id, set, FALSE, self->cancellable,
                                  on_put_done, data);
    }

  if (part->in_flight == 0 && self->stop == STOP_NONE &&
      (part->cursor >= part->ids->len || self->cancel_requested))
    {
      part->unsaved = 0;
      if (part_is_done (part))
        self->current_part++;
      save (self);
      run_next_part (self);
    }
}

/* ---- running ---- */

static void
on_job_run (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PrefsOperation) self = user_data;
  PrefsBulkJob *job = PREFS_BULK_JOB (object);
  g_autoptr(GError) error = NULL;

  prefs_bulk_job_run_finish (job, result, &error);
  update_counts (self);

  if (prefs_bulk_job_get_state (job) == PREFS_BULK_JOB_STATE_IDLE)
    {
      /* Paused by our cancellable (pause or dispose). */
      stopped (self);
      return;
    }
  if (prefs_bulk_job_get_state (job) == PREFS_BULK_JOB_STATE_COMPLETED)
    self->current_part++;
  run_next_part (self);
}

static void
run_next_part (PrefsOperation *self)
{
  while (self->current_part < self->parts->len)
    {
      Part *part = g_ptr_array_index (self->parts, self->current_part);

      if (part_is_done (part))
        {
          self->current_part++;
          continue;
        }

      if (part->type == PART_BULK)
        {
          PrefsBulkJobState job_state = prefs_bulk_job_get_state (part->job);

          if (job_state == PREFS_BULK_JOB_STATE_FAILED)
            {
              const GError *job_error = prefs_bulk_job_get_error (part->job);

              finish (self, PREFS_OPERATION_STATE_FAILED,
                      job_error != NULL ? job_error->message : _("A bulk call failed"));
              return;
            }
          if (job_state == PREFS_BULK_JOB_STATE_CANCELLED || self->cancel_requested)
            {
              if (job_state == PREFS_BULK_JOB_STATE_IDLE)
                prefs_bulk_job_cancel (part->job);
              finish (self, PREFS_OPERATION_STATE_CANCELLED, NULL);
              return;
            }
          prefs_bulk_job_run_async (part->job, self->cancellable, on_job_run,
                                    g_object_ref (self));
          return;
        }

      if (self->cancel_requested)
        {
          finish (self, PREFS_OPERATION_STATE_CANCELLED, NULL);
          return;
        }
      if (!load_revert_sets (self))
        return;
      part->cursor = 0;
      put_pump (self, part);
      return;
    }

  finish (self, PREFS_OPERATION_STATE_COMPLETED, NULL);
}

/**
 * prefs_operation_start:
 * @self: a #PrefsOperation
 *
 * Starts the operation, or resumes one read from the store.
 */
void
prefs_operation_start (PrefsOperation *self)
{
  g_return_if_fail (PREFS_IS_OPERATION (self));

  if (self->active || is_final (self->state))
    return;

  set_active (self, TRUE);
  if (self->started_at == 0)
    {
      self->started_at = g_get_real_time () / G_USEC_PER_SEC;
      notify (self, PROP_STARTED_AT);
    }

  if (self->cancel_requested)
    {
      /* Cancelled while nothing ran: a job resumed from the store still
       * follows what it had sent. */
      run_next_part (self);
      return;
    }

  if (self->wants_snapshot && !self->has_snapshot)
    {
      snapshot_start (self);
      return;
    }

  set_state (self, PREFS_OPERATION_STATE_RUNNING);
  save (self);
  run_next_part (self);
}

/**
 * prefs_operation_cancel:
 * @self: a #PrefsOperation
 *
 * Sends nothing more. What was already sent is followed to its end.
 */
void
prefs_operation_cancel (PrefsOperation *self)
{
  g_return_if_fail (PREFS_IS_OPERATION (self));

  if (is_final (self->state) || self->cancel_requested)
    return;
  self->cancel_requested = TRUE;

  if (!self->active)
    {
      if (self->current_part < self->parts->len)
        {
          Part *part = g_ptr_array_index (self->parts, self->current_part);

          if (part->type == PART_BULK)
            prefs_bulk_job_cancel (part->job);
        }
      finish (self, PREFS_OPERATION_STATE_CANCELLED, NULL);
      return;
    }

  if (self->state == PREFS_OPERATION_STATE_SNAPSHOTTING)
    {
      self->stop = STOP_CANCEL;
      g_cancellable_cancel (self->cancellable);
      if (self->snap_in_flight == 0)
        stopped (self);
      return;
    }

  if (self->current_part < self->parts->len)
    {
      Part *part = g_ptr_array_index (self->parts, self->current_part);

      /* The job ends the run itself; PUTs stop being sent and the pump
       * ends the part when the last answer is in. */
      if (part->type == PART_BULK)
        prefs_bulk_job_cancel (part->job);
    }
  save (self);
}

/**
 * prefs_operation_pause:
 * @self: a #PrefsOperation
 *
 * Stops everything at once; the stored state resumes later.
 */
void
prefs_operation_pause (PrefsOperation *self)
{
  g_return_if_fail (PREFS_IS_OPERATION (self));

  if (!self->active || self->stop != STOP_NONE)
    return;

  self->stop = STOP_PAUSE;
  save (self);
  g_cancellable_cancel (self->cancellable);

  /* Whatever was in flight reports back and calls stopped(); a snapshot
   * between two batches has nothing in flight. */
  if (self->state == PREFS_OPERATION_STATE_SNAPSHOTTING && self->snap_in_flight == 0)
    stopped (self);
}

/**
 * prefs_operation_delete:
 * @self: a #PrefsOperation that is not active
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the operation and its snapshot are gone
 */
gboolean
prefs_operation_delete (PrefsOperation  *self,
                        GError         **error)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), FALSE);

  if (!prefs_store_snapshot_delete (self->store, self->store_id, error))
    return FALSE;
  return prefs_store_delete_bulk_job (self->store, self->store_id, error);
}

/* ---- accessors ---- */

gint64
prefs_operation_get_store_id (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->store_id;
}

const char *
prefs_operation_get_environment (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);
  return self->environment;
}

PrefsOperationKind
prefs_operation_get_kind (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), PREFS_OPERATION_KIND_APPLY);
  return self->kind;
}

const char *
prefs_operation_get_preset_name (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);
  return self->preset_name;
}

const char *
prefs_operation_get_target_set_id (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);
  return self->target_set_id;
}

gint64
prefs_operation_get_source_id (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->source_id;
}

PrefsOperationState
prefs_operation_get_state (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), PREFS_OPERATION_STATE_QUEUED);
  return self->state;
}

gboolean
prefs_operation_get_active (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), FALSE);
  return self->active;
}

gboolean
prefs_operation_get_finished (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), FALSE);
  return is_final (self->state);
}

gboolean
prefs_operation_get_wants_snapshot (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), FALSE);
  return self->wants_snapshot;
}

gboolean
prefs_operation_get_has_snapshot (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), FALSE);
  return self->has_snapshot;
}

guint
prefs_operation_get_n_snapshotted (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->n_snapshotted;
}

guint
prefs_operation_get_n_users (PrefsOperation *self)
{
  guint n = 0;

  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);

  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);

      n += part->type == PART_BULK ? prefs_bulk_job_get_n_ids (part->job) : part->ids->len;
    }
  return n;
}

guint
prefs_operation_get_n_invalid (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return prefs_operation_get_invalid_ids (self)->len;
}

guint
prefs_operation_get_n_duplicates (PrefsOperation *self)
{
  guint n = 0;

  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);

  for (guint i = 0; i < self->jobs->len; i++)
    n += prefs_bulk_job_get_n_duplicates (g_ptr_array_index (self->jobs, i));
  return n;
}

/* Bulk calls plus PUTs. */
guint
prefs_operation_get_n_calls (PrefsOperation *self)
{
  guint n = 0;

  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);

  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);

      n += part->type == PART_BULK ? prefs_bulk_job_get_n_chunks (part->job) : part->ids->len;
    }
  return n;
}

double
prefs_operation_get_fraction (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0.0);
  return self->fraction;
}

guint64
prefs_operation_get_n_processed (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->n_processed;
}

guint64
prefs_operation_get_n_succeeded (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->n_succeeded;
}

guint64
prefs_operation_get_n_failed (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->n_failed;
}

gint64
prefs_operation_get_created_at (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->created_at;
}

gint64
prefs_operation_get_started_at (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->started_at;
}

gint64
prefs_operation_get_finished_at (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->finished_at;
}

gint64
prefs_operation_get_updated_at (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), 0);
  return self->updated_at;
}

const char *
prefs_operation_get_error_message (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);
  return self->error_message;
}

PrefsPreferenceSet *
prefs_operation_get_set (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);

  if (self->jobs->len == 0)
    return NULL;
  return prefs_bulk_job_get_set (g_ptr_array_index (self->jobs, 0));
}

GPtrArray *
prefs_operation_get_jobs (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);
  return self->jobs;
}

GPtrArray *
prefs_operation_get_invalid_ids (PrefsOperation *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);

  /* Only an apply or a retry is given ids from outside: one job. */
  if (self->jobs->len == 0)
    return self->no_invalid;
  return prefs_bulk_job_get_invalid_ids (g_ptr_array_index (self->jobs, 0));
}

/* Whether every sent chunk of @job has an ended operation. */
static gboolean
job_sent_ended (PrefsBulkJob *job)
{
  PrefsBulkJobState state = prefs_bulk_job_get_state (job);

  return state == PREFS_BULK_JOB_STATE_COMPLETED || state == PREFS_BULK_JOB_STATE_CANCELLED;
}

GPtrArray *
prefs_operation_dup_failed_ids (PrefsOperation *self)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);

  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);

      if (part->type == PART_BULK)
        {
          g_autoptr(GPtrArray) errors = prefs_bulk_job_dup_error_ids (part->job);
          GPtrArray *ids = prefs_bulk_job_get_ids (part->job);

          for (guint j = 0; j < errors->len; j++)
            if (g_hash_table_add (seen, g_ptr_array_index (errors, j)))
              g_ptr_array_add (result, g_strdup (g_ptr_array_index (errors, j)));
          /* Chunks go out in order: what follows the sent ids never left. */
          for (guint64 j = prefs_bulk_job_get_n_submitted (part->job); j < ids->len; j++)
            if (g_hash_table_add (seen, g_ptr_array_index (ids, j)))
              g_ptr_array_add (result, g_strdup (g_ptr_array_index (ids, j)));
        }
      else
        {
          for (guint j = 0; j < part->ids->len; j++)
            if (part->status[j] != PUT_SUCCEEDED &&
                g_hash_table_add (seen, g_ptr_array_index (part->ids, j)))
              g_ptr_array_add (result, g_strdup (g_ptr_array_index (part->ids, j)));
        }
    }
  return g_steal_pointer (&result);
}

static void
csv_field (GString    *out,
           const char *field)
{
  if (field[strcspn (field, ",\"\r\n")] == '\0')
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_line (GString    *out,
          const char *id,
          const char *status,
          const char *error)
{
  csv_field (out, id);
  g_string_append_c (out, ',');
  csv_field (out, status);
  g_string_append_c (out, ',');
  csv_field (out, error != NULL ? error : "");
  g_string_append (out, "\r\n");
}

/**
 * prefs_operation_export_csv:
 * @self: a #PrefsOperation
 *
 * Returns: (transfer full): the report as CSV text with a header line
 */
char *
prefs_operation_export_csv (PrefsOperation *self)
{
  GString *out = g_string_new ("id,status,error\r\n");
  GPtrArray *invalid;

  g_return_val_if_fail (PREFS_IS_OPERATION (self), NULL);

  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);

      if (part->type == PART_BULK)
        {
          GPtrArray *ids = prefs_bulk_job_get_ids (part->job);
          guint64 n_submitted = prefs_bulk_job_get_n_submitted (part->job);
          g_autoptr(GPtrArray) errors = prefs_bulk_job_dup_error_ids (part->job);
          g_autoptr(GHashTable) failed = g_hash_table_new (g_str_hash, g_str_equal);
          gboolean ended = job_sent_ended (part->job);
          const GError *job_error = prefs_bulk_job_get_error (part->job);

          for (guint j = 0; j < errors->len; j++)
            g_hash_table_add (failed, g_ptr_array_index (errors, j));

          for (guint j = 0; j < ids->len; j++)
            {
              const char *id = g_ptr_array_index (ids, j);

              if (g_hash_table_contains (failed, id))
                csv_line (out, id, "failed", "rejected by the server");
              else if (j >= n_submitted)
                csv_line (out, id, "not sent",
                          self->state == PREFS_OPERATION_STATE_CANCELLED ? "cancelled"
                          : job_error != NULL ? job_error->message : NULL);
              else if (ended)
                csv_line (out, id, "succeeded", NULL);
              else
                csv_line (out, id, "pending", NULL);
            }
        }
      else
        {
          for (guint j = 0; j < part->ids->len; j++)
            {
              const char *id = g_ptr_array_index (part->ids, j);

              if (part->status[j] == PUT_SUCCEEDED)
                csv_line (out, id, "succeeded", NULL);
              else if (part->status[j] == PUT_FAILED)
                csv_line (out, id, "failed", g_hash_table_lookup (part->errors, id));
              else if (is_final (self->state))
                csv_line (out, id, "not sent",
                          self->state == PREFS_OPERATION_STATE_CANCELLED ? "cancelled" : NULL);
              else
                csv_line (out, id, "pending", NULL);
            }
        }
    }

  invalid = prefs_operation_get_invalid_ids (self);
  for (guint i = 0; i < invalid->len; i++)
    {
      PrefsBulkInvalidId *entry = g_ptr_array_index (invalid, i);

      csv_line (out, entry->id, "invalid", entry->reason);
    }

  return g_string_free (out, FALSE);
}

/* prefs-bulk-operation.c: an asynchronous bulk job on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-bulk-operation"

#include "config.h"

#include "prefs-bulk-operation.h"

#include <string.h>

static const GEnumValue bulk_status_values[] = {
  { PREFS_BULK_STATUS_QUEUED, "PREFS_BULK_STATUS_QUEUED", "queued" },
  { PREFS_BULK_STATUS_PROCESSING, "PREFS_BULK_STATUS_PROCESSING", "processing" },
  { PREFS_BULK_STATUS_COMPLETED, "PREFS_BULK_STATUS_COMPLETED", "completed" },
  { PREFS_BULK_STATUS_FAILED, "PREFS_BULK_STATUS_FAILED", "failed" },
  { 0, NULL, NULL }
};

#define N_BULK_STATUSES (G_N_ELEMENTS (bulk_status_values) - 1)

/**
 * prefs_bulk_status_get_type:
 *
 * The GEnum type of #PrefsBulkStatus; value nicks are the wire names.
 */
GType
prefs_bulk_status_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType id = g_enum_register_static (g_intern_static_string ("PrefsBulkStatus"),
                                         bulk_status_values);
      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

/**
 * prefs_bulk_status_to_string:
 * @status: a status
 *
 * Returns: (nullable): the wire name ("queued"...), or %NULL for a value
 *   outside the enum.
 */
const char *
prefs_bulk_status_to_string (PrefsBulkStatus status)
{
  if ((guint) status >= N_BULK_STATUSES)
    return NULL;

  return bulk_status_values[status].value_nick;
}

/**
 * prefs_bulk_status_from_string:
 * @str: (nullable): a wire name
 * @out_status: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @str is one of the four statuses.
 */
gboolean
prefs_bulk_status_from_string (const char      *str,
                               PrefsBulkStatus *out_status)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < N_BULK_STATUSES; i++)
    {
      if (strcmp (bulk_status_values[i].value_nick, str) == 0)
        {
          if (out_status != NULL)
            *out_status = (PrefsBulkStatus) bulk_status_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * prefs_bulk_status_is_final:
 * @status: a status
 *
 * Returns: %TRUE once the operation will not change any more (completed or
 *   failed), so pollers can stop.
 */
gboolean
prefs_bulk_status_is_final (PrefsBulkStatus status)
{
  return status == PREFS_BULK_STATUS_COMPLETED || status == PREFS_BULK_STATUS_FAILED;
}

/**
 * prefs_bulk_error_item_free:
 * @item: (nullable): an error item
 *
 * Frees an entry of error_items.
 */
void
prefs_bulk_error_item_free (PrefsBulkErrorItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->collection);
  g_free (item);
}

/* The string fields, in the order of the table below. */
enum {
  FIELD_ID,
  FIELD_NAME,
  FIELD_PROGRESS_PATH,
  FIELD_INSERTED_AT,
  FIELD_UPDATED_AT,
  FIELD_STARTED_AT,
  FIELD_COMPLETED_AT,
  FIELD_FAILED_AT,
  N_FIELDS
};

/* The integer fields. */
enum {
  COUNT_ESTIMATED_TOTAL_ROWS,
  COUNT_PROCESSED_ROWS,
  COUNT_SUCCESS_COUNT,
  COUNT_ERROR_COUNT,
  N_COUNTS
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PROGRESS_PATH,
  PROP_INSERTED_AT,
  PROP_UPDATED_AT,
  PROP_STARTED_AT,
  PROP_COMPLETED_AT,
  PROP_FAILED_AT,
  PROP_ESTIMATED_TOTAL_ROWS,
  PROP_PROCESSED_ROWS,
  PROP_SUCCESS_COUNT,
  PROP_ERROR_COUNT,
  PROP_STATUS,
  N_PROPS
};

typedef struct
{
  const char     *key;
  const char     *property;
  PrefsJsonFlags  flags;
} FieldInfo;

/* The spec marks inserted_at and updated_at required but does not forbid
 * null; timestamps are read leniently so a half-written job still shows. */
static const FieldInfo string_fields[N_FIELDS] = {
  [FIELD_ID] = { "id", "id", PREFS_JSON_REQUIRED },
  [FIELD_NAME] = { "name", "name", PREFS_JSON_REQUIRED },
  [FIELD_PROGRESS_PATH] = { "progress_path", "progress-path", PREFS_JSON_NULLABLE },
  [FIELD_INSERTED_AT] = { "inserted_at", "inserted-at",
                          PREFS_JSON_REQUIRED | PREFS_JSON_NULLABLE },
  [FIELD_UPDATED_AT] = { "updated_at", "updated-at", PREFS_JSON_REQUIRED | PREFS_JSON_NULLABLE },
  [FIELD_STARTED_AT] = { "started_at", "started-at", PREFS_JSON_NULLABLE },
  [FIELD_COMPLETED_AT] = { "completed_at", "completed-at", PREFS_JSON_NULLABLE },
  [FIELD_FAILED_AT] = { "failed_at", "failed-at", PREFS_JSON_NULLABLE },
};

static const FieldInfo count_fields[N_COUNTS] = {
  [COUNT_ESTIMATED_TOTAL_ROWS] = { "estimated_total_rows", "estimated-total-rows",
                                   PREFS_JSON_REQUIRED },
  [COUNT_PROCESSED_ROWS] = { "processed_rows", "processed-rows", PREFS_JSON_REQUIRED },
  [COUNT_SUCCESS_COUNT] = { "success_count", "success-count", PREFS_JSON_REQUIRED },
  [COUNT_ERROR_COUNT] = { "error_count", "error-count", PREFS_JSON_OPTIONAL },
};

struct _PrefsBulkOperation
{
  GObject parent_instance;

  char            *strings[N_FIELDS];
  gint64           counts[N_COUNTS];
  PrefsBulkStatus  status;
  GPtrArray       *error_items;
};

G_DEFINE_FINAL_TYPE (PrefsBulkOperation, prefs_bulk_operation, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
prefs_bulk_operation_finalize (GObject *object)
{
  PrefsBulkOperation *self = (PrefsBulkOperation *) object;

  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->strings[i], g_free);
  g_clear_pointer (&self->error_items, g_ptr_array_unref);

  G_OBJECT_CLASS (prefs_bulk_operation_parent_class)->finalize (object);
}

static void
prefs_bulk_operation_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PrefsBulkOperation *self = PREFS_BULK_OPERATION (object);

  if (prop_id >= PROP_ID && prop_id < PROP_ID + N_FIELDS)
    g_value_set_string (value, self->strings[prop_id - PROP_ID]);
  else if (prop_id >= PROP_ESTIMATED_TOTAL_ROWS && prop_id < PROP_ESTIMATED_TOTAL_ROWS + N_COUNTS)
    g_value_set_int64 (value, self->counts[prop_id - PROP_ESTIMATED_TOTAL_ROWS]);
  else if (prop_id == PROP_STATUS)
    g_value_set_enum (value, self->status);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
prefs_bulk_operation_class_init (PrefsBulkOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prefs_bulk_operation_finalize;
  object_class->get_property = prefs_bulk_operation_get_property;

  /* A BulkOperation is one answer of the server; a poller reads a new one
   * each time, so the properties are read-only. */
  for (guint i = 0; i < N_FIELDS; i++)
    properties[PROP_ID + i] =
      g_param_spec_string (string_fields[i].property, NULL, NULL,
                           NULL,
                           (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < N_COUNTS; i++)
    properties[PROP_ESTIMATED_TOTAL_ROWS + i] =
      g_param_spec_int64 (count_fields[i].property, NULL, NULL,
                          0, G_MAXINT64, 0,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       PREFS_TYPE_BULK_STATUS,
                       PREFS_BULK_STATUS_QUEUED,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prefs_bulk_operation_init (PrefsBulkOperation *self)
{
  self->error_items = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_bulk_error_item_free);
}

static void
read_error_items (PrefsBulkOperation *self,
                  JsonObject         *object,
                  const char         *path,
                  PrefsProblems      *problems)
{
  g_autofree char *items_path = prefs_path_join (path, "error_items");
  JsonNode *member = json_object_get_member (object, "error_items");
  JsonArray *array;
  guint n;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return;

  if (!JSON_NODE_HOLDS_ARRAY (member))
    {
      prefs_problems_add (problems, items_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an array, got %s", prefs_json_describe_type (member));
      return;
    }

  array = json_node_get_array (member);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      char index[16];
      g_autofree char *item_path = NULL;
      g_autofree char *id = NULL;
      g_autofree char *collection = NULL;
      PrefsBulkErrorItem *item;
      JsonObject *item_object;
      gboolean ok;

      g_snprintf (index, sizeof index, "%u", i);
      item_path = prefs_path_join (items_path, index);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          prefs_problems_add (problems, item_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                              "expected an object, got %s", prefs_json_describe_type (element));
          continue;
        }

      item_object = json_node_get_object (element);
      ok = prefs_json_read_string (item_object, item_path, "id", PREFS_JSON_REQUIRED, &id,
                                   problems);
      ok &= prefs_json_read_string (item_object, item_path, "collection", PREFS_JSON_NULLABLE,
                                    &collection, problems);
      if (!ok)
        continue;

      item = g_new0 (PrefsBulkErrorItem, 1);
      item->id = g_steal_pointer (&id);
      item->collection = g_steal_pointer (&collection);
      g_ptr_array_add (self->error_items, item);
    }
}

/**
 * prefs_bulk_operation_new_from_json_full:
 * @node: a BulkOperation object
 * @path: (nullable): where @node sits in its document, for messages
 * @problems: where problems go
 *
 * Reads a BulkOperation. The spec's required fields must be there; counts
 * are integers of at least 0; status is one of the four statuses;
 * error_items entries need an "id". Unknown keys are ignored.
 *
 * Returns: (transfer full) (nullable): the operation, or %NULL if any
 *   problem was added.
 */
PrefsBulkOperation *
prefs_bulk_operation_new_from_json_full (JsonNode      *node,
                                         const char    *path,
                                         PrefsProblems *problems)
{
  g_autoptr(PrefsBulkOperation) self = NULL;
  g_autofree char *typename = NULL;
  g_autofree char *status = NULL;
  JsonObject *object;
  guint n_problems;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an object, got %s", prefs_json_describe_type (node));
      return NULL;
    }

  object = json_node_get_object (node);
  n_problems = prefs_problems_get_count (problems);
  self = g_object_new (PREFS_TYPE_BULK_OPERATION, NULL);

  prefs_json_read_string (object, path, "__typename", PREFS_JSON_OPTIONAL, &typename, problems);

  for (guint i = 0; i < N_FIELDS; i++)
    prefs_json_read_string (object, path, string_fields[i].key, string_fields[i].flags,
                            &self->strings[i], problems);

  if (self->strings[FIELD_ID] != NULL && self->strings[FIELD_ID][0] == '\0')
    {
      g_autofree char *id_path = prefs_path_join (path, "id");

      prefs_problems_add (problems, id_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                          "must not be empty");
    }

  for (guint i = 0; i < N_COUNTS; i++)
    prefs_json_read_int (object, path, count_fields[i].key, count_fields[i].flags,
                         0, G_MAXINT64, &self->counts[i], problems);

  if (prefs_json_read_string (object, path, "status", PREFS_JSON_REQUIRED, &status, problems) &&
      !prefs_bulk_status_from_string (status, &self->status))
    {
      g_autofree char *status_path = prefs_path_join (path, "status");
      g_autofree char *escaped = g_strescape (status, NULL);

      prefs_problems_add (problems, status_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                          "unknown status \"%s\", expected queued, processing, completed "
                          "or failed", escaped);
    }

  read_error_items (self, object, path, problems);

  if (prefs_problems_get_count (problems) != n_problems)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * prefs_bulk_operation_new_from_json:
 * @node: a BulkOperation object
 * @error: return location for a %PREFS_PARSE_ERROR
 *
 * Returns: (transfer full) (nullable): the operation, or %NULL with @error
 *   listing every problem.
 */
PrefsBulkOperation *
prefs_bulk_operation_new_from_json (JsonNode  *node,
                                    GError   **error)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsBulkOperation) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  self = prefs_bulk_operation_new_from_json_full (node, "", problems);
  if (!prefs_problems_to_error (problems, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
set_nullable_string (JsonObject *object,
                     const char *key,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, key, value);
  else
    json_object_set_null_member (object, key);
}

/**
 * prefs_bulk_operation_to_json:
 * @self: an operation
 *
 * Returns: (transfer full): every field of the schema with
 *   "__typename": "BulkOperation", null for unset timestamps, keys sorted.
 */
JsonNode *
prefs_bulk_operation_to_json (PrefsBulkOperation *self)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *items;

  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  object = json_object_new ();
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  json_object_set_string_member (object, "__typename", "BulkOperation");
  for (guint i = 0; i < N_FIELDS; i++)
    set_nullable_string (object, string_fields[i].key, self->strings[i]);
  for (guint i = 0; i < N_COUNTS; i++)
    json_object_set_int_member (object, count_fields[i].key, self->counts[i]);
  json_object_set_string_member (object, "status", prefs_bulk_status_to_string (self->status));

  items = json_array_sized_new (self->error_items->len);
  for (guint i = 0; i < self->error_items->len; i++)
    {
      PrefsBulkErrorItem *item = g_ptr_array_index (self->error_items, i);
      JsonObject *item_object = json_object_new ();

      set_nullable_string (item_object, "collection", item->collection);
      json_object_set_string_member (item_object, "id", item->id);
      json_array_add_object_element (items, item_object);
    }
  json_object_set_array_member (object, "error_items", items);

  return prefs_json_sorted_copy (node);
}

/**
 * prefs_bulk_operation_get_id:
 * @self: an operation
 *
 * Returns: the operation's id (a uuid), to poll it with.
 */
const char *
prefs_bulk_operation_get_id (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_ID];
}

/**
 * prefs_bulk_operation_get_name:
 * @self: an operation
 *
 * Returns: what the operation does, e.g. "users.bulk_set_preferences".
 */
const char *
prefs_bulk_operation_get_name (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_NAME];
}

/**
 * prefs_bulk_operation_get_status:
 * @self: an operation
 *
 * Returns: where the operation stands.
 */
PrefsBulkStatus
prefs_bulk_operation_get_status (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), PREFS_BULK_STATUS_QUEUED);

  return self->status;
}

/**
 * prefs_bulk_operation_get_estimated_total_rows:
 * @self: an operation
 *
 * Returns: how many rows the server expects to process.
 */
gint64
prefs_bulk_operation_get_estimated_total_rows (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), 0);

  return self->counts[COUNT_ESTIMATED_TOTAL_ROWS];
}

/**
 * prefs_bulk_operation_get_processed_rows:
 * @self: an operation
 *
 * Returns: how many rows are processed so far.
 */
gint64
prefs_bulk_operation_get_processed_rows (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), 0);

  return self->counts[COUNT_PROCESSED_ROWS];
}

/**
 * prefs_bulk_operation_get_success_count:
 * @self: an operation
 *
 * Returns: how many rows succeeded.
 */
gint64
prefs_bulk_operation_get_success_count (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), 0);

  return self->counts[COUNT_SUCCESS_COUNT];
}

/**
 * prefs_bulk_operation_get_error_count:
 * @self: an operation
 *
 * Returns: how many rows failed (0 when the server did not say).
 */
gint64
prefs_bulk_operation_get_error_count (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), 0);

  return self->counts[COUNT_ERROR_COUNT];
}

/**
 * prefs_bulk_operation_get_progress_path:
 * @self: an operation
 *
 * Returns: (nullable): where to poll the operation, as the server sent it.
 */
const char *
prefs_bulk_operation_get_progress_path (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_PROGRESS_PATH];
}

/**
 * prefs_bulk_operation_get_inserted_at:
 * @self: an operation
 *
 * Returns: (nullable): when the operation was created (ISO 8601).
 */
const char *
prefs_bulk_operation_get_inserted_at (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_INSERTED_AT];
}

/**
 * prefs_bulk_operation_get_updated_at:
 * @self: an operation
 *
 * Returns: (nullable): when the operation last changed (ISO 8601).
 */
const char *
prefs_bulk_operation_get_updated_at (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_UPDATED_AT];
}

/**
 * prefs_bulk_operation_get_started_at:
 * @self: an operation
 *
 * Returns: (nullable): when processing started, %NULL while queued.
 */
const char *
prefs_bulk_operation_get_started_at (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_STARTED_AT];
}

/**
 * prefs_bulk_operation_get_completed_at:
 * @self: an operation
 *
 * Returns: (nullable): when the operation completed.
 */
const char *
prefs_bulk_operation_get_completed_at (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_COMPLETED_AT];
}

/**
 * prefs_bulk_operation_get_failed_at:
 * @self: an operation
 *
 * Returns: (nullable): when the operation failed.
 */
const char *
prefs_bulk_operation_get_failed_at (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->strings[FIELD_FAILED_AT];
}

/**
 * prefs_bulk_operation_get_error_items:
 * @self: an operation
 *
 * Returns: (element-type PrefsBulkErrorItem) (transfer none): the rows that
 *   failed, possibly empty, never %NULL.
 */
GPtrArray *
prefs_bulk_operation_get_error_items (PrefsBulkOperation *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_OPERATION (self), NULL);

  return self->error_items;
}

/* prefs-bulk-operation.h: an asynchronous bulk job on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-json.h"

G_BEGIN_DECLS

typedef enum
{
  PREFS_BULK_STATUS_QUEUED,
  PREFS_BULK_STATUS_PROCESSING,
  PREFS_BULK_STATUS_COMPLETED,
  PREFS_BULK_STATUS_FAILED,
} PrefsBulkStatus;

GType        prefs_bulk_status_get_type     (void) G_GNUC_CONST;
#define PREFS_TYPE_BULK_STATUS (prefs_bulk_status_get_type ())
const char  *prefs_bulk_status_to_string    (PrefsBulkStatus  status);
gboolean     prefs_bulk_status_from_string  (const char      *str,
                                             PrefsBulkStatus *out_status);
/* completed or failed */
gboolean     prefs_bulk_status_is_final     (PrefsBulkStatus  status);

/* One entry of error_items. */
typedef struct
{
  char *id;
  char *collection;  /* (nullable) */
} PrefsBulkErrorItem;

void         prefs_bulk_error_item_free     (PrefsBulkErrorItem *item);

#define PREFS_TYPE_BULK_OPERATION (prefs_bulk_operation_get_type ())
G_DECLARE_FINAL_TYPE (PrefsBulkOperation, prefs_bulk_operation, PREFS, BULK_OPERATION, GObject)

/* Properties: id, name, status, estimated-total-rows, processed-rows,
 * success-count, error-count, progress-path, inserted-at, updated-at,
 * started-at, completed-at, failed-at (timestamps as ISO 8601 strings,
 * nullable where the spec allows). error_items through the accessor. */
PrefsBulkOperation  *prefs_bulk_operation_new_from_json_full (JsonNode           *node,
                                                              const char         *path,
                                                              PrefsProblems      *problems);
PrefsBulkOperation  *prefs_bulk_operation_new_from_json      (JsonNode           *node,
                                                              GError            **error);
/* Every field of the schema, "__typename": "BulkOperation", sorted keys. */
JsonNode            *prefs_bulk_operation_to_json            (PrefsBulkOperation *self);

const char          *prefs_bulk_operation_get_id             (PrefsBulkOperation *self);
const char          *prefs_bulk_operation_get_name           (PrefsBulkOperation *self);
PrefsBulkStatus      prefs_bulk_operation_get_status         (PrefsBulkOperation *self);
gint64               prefs_bulk_operation_get_estimated_total_rows
                                                             (PrefsBulkOperation *self);
gint64               prefs_bulk_operation_get_processed_rows (PrefsBulkOperation *self);
gint64               prefs_bulk_operation_get_success_count  (PrefsBulkOperation *self);
gint64               prefs_bulk_operation_get_error_count    (PrefsBulkOperation *self);
const char          *prefs_bulk_operation_get_progress_path  (PrefsBulkOperation *self);
const char          *prefs_bulk_operation_get_inserted_at    (PrefsBulkOperation *self);
const char          *prefs_bulk_operation_get_updated_at     (PrefsBulkOperation *self);
const char          *prefs_bulk_operation_get_started_at     (PrefsBulkOperation *self);
const char          *prefs_bulk_operation_get_completed_at   (PrefsBulkOperation *self);
const char          *prefs_bulk_operation_get_failed_at      (PrefsBulkOperation *self);
/* (element-type PrefsBulkErrorItem) (transfer none), never NULL */
GPtrArray           *prefs_bulk_operation_get_error_items    (PrefsBulkOperation *self);

G_END_DECLS

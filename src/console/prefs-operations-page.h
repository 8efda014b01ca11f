/* prefs-operations-page.h: every bulk operation of an environment, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-connection.h"
#include "prefs-operation.h"

G_BEGIN_DECLS

#define PREFS_TYPE_OPERATIONS_PAGE (prefs_operations_page_get_type ())
G_DECLARE_FINAL_TYPE (PrefsOperationsPage, prefs_operations_page, PREFS, OPERATIONS_PAGE, GtkWidget)

/* Actions (parameter: the operation's store id, "x"): operations.retry,
 * operations.revert (asks first), operations.export (CSV file chooser),
 * operations.cancel.
 * Properties: connection.
 * Signals: ::toast (AdwToast) for the window's overlay. */

GtkWidget       *prefs_operations_page_new            (void);
/* Lists the environment's operations and resumes the unfinished ones. */
void             prefs_operations_page_set_connection (PrefsOperationsPage *self,
                                                       PrefsConnection     *connection);
PrefsConnection *prefs_operations_page_get_connection (PrefsOperationsPage *self);
/* Shows an operation started elsewhere (the Apply Preset dialog) on top. */
void             prefs_operations_page_add            (PrefsOperationsPage *self,
                                                       PrefsOperation      *operation);
/* (transfer none) (element-type PrefsOperation): newest first */
GListModel      *prefs_operations_page_get_operations (PrefsOperationsPage *self);
/* (nullable) (transfer none) */
PrefsOperation  *prefs_operations_page_lookup         (PrefsOperationsPage *self,
                                                       gint64               store_id);

/* The row actions without their dialogs, for tests and scripts: each
 * returns the new, started operation (transfer none) or NULL with @error. */
PrefsOperation  *prefs_operations_page_retry          (PrefsOperationsPage *self,
                                                       PrefsOperation      *operation,
                                                       GError             **error);
PrefsOperation  *prefs_operations_page_revert         (PrefsOperationsPage *self,
                                                       PrefsOperation      *operation,
                                                       GError             **error);
gboolean         prefs_operations_page_export         (PrefsOperationsPage *self,
                                                       PrefsOperation      *operation,
                                                       GFile               *file,
                                                       GError             **error);

G_END_DECLS

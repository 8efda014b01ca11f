/* prefs-conditions-dialog.h: edit the conditions of one preference entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-preference-tree.h"

G_BEGIN_DECLS

#define PREFS_TYPE_CONDITIONS_DIALOG (prefs_conditions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PrefsConditionsDialog, prefs_conditions_dialog, PREFS, CONDITIONS_DIALOG,
                      AdwWindow)

GtkWidget *prefs_conditions_dialog_new            (PrefsPreferenceNode   *node);
/* Rows as a person filled them in; for tests. */
guint      prefs_conditions_dialog_get_n_rows     (PrefsConditionsDialog *self);
void       prefs_conditions_dialog_add_row        (PrefsConditionsDialog *self,
                                                   const char            *variable,
                                                   PrefsOperator          op,
                                                   const char            *argument);
/* Writes the rows to the node; FALSE with a message shown in the dialog
 * when a row is incomplete. */
gboolean   prefs_conditions_dialog_apply          (PrefsConditionsDialog *self);
/* The message shown after a refused apply, or NULL. */
const char *prefs_conditions_dialog_get_problem   (PrefsConditionsDialog *self);

G_END_DECLS

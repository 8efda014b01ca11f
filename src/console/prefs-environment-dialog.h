/* prefs-environment-dialog.h: add, edit or remove an environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-secret-store.h"
#include "prefs-store.h"

G_BEGIN_DECLS

/* What keeps the fields from being saved; the dialog shows the message. */
typedef enum
{
  PREFS_ENVIRONMENT_PROBLEM_NONE,
  PREFS_ENVIRONMENT_PROBLEM_NAME_EMPTY,
  PREFS_ENVIRONMENT_PROBLEM_NAME_TAKEN,
  PREFS_ENVIRONMENT_PROBLEM_BASE_URL_INVALID,
  PREFS_ENVIRONMENT_PROBLEM_KEY_MISSING,
  PREFS_ENVIRONMENT_PROBLEM_KEY_INVALID,
  PREFS_ENVIRONMENT_PROBLEM_BUSY,          /* a save or remove is under way */
  PREFS_ENVIRONMENT_PROBLEM_STORAGE,       /* the store refused to write */
} PrefsEnvironmentProblem;

#define PREFS_TYPE_ENVIRONMENT_DIALOG (prefs_environment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PrefsEnvironmentDialog, prefs_environment_dialog,
                      PREFS, ENVIRONMENT_DIALOG, AdwWindow)

/* Adds an environment when @name is NULL, else edits the one called @name
 * (its name then stays: drafts and the journal are kept under it).
 * Signals: ::saved (const char *name) after the environment and its key
 * were written; ::removed (const char *name) after both were deleted. The
 * window closes itself after either. */
GtkWidget        *prefs_environment_dialog_new            (PrefsStore             *store,
                                                          PrefsSecretStore       *secrets,
                                                          const char             *name);

gboolean          prefs_environment_dialog_get_editing    (PrefsEnvironmentDialog *self);

/* What a person types; the key is never read back. */
void              prefs_environment_dialog_set_name       (PrefsEnvironmentDialog *self,
                                                          const char             *name);
const char       *prefs_environment_dialog_get_name       (PrefsEnvironmentDialog *self);
void              prefs_environment_dialog_set_base_url   (PrefsEnvironmentDialog *self,
                                                          const char             *base_url);
const char       *prefs_environment_dialog_get_base_url   (PrefsEnvironmentDialog *self);
void              prefs_environment_dialog_set_secret_key (PrefsEnvironmentDialog *self,
                                                          const char             *key);
void              prefs_environment_dialog_set_production (PrefsEnvironmentDialog *self,
                                                          gboolean                production);
gboolean          prefs_environment_dialog_get_production (PrefsEnvironmentDialog *self);

/* Checks the fields and shows the first problem inline. */
PrefsEnvironmentProblem
                  prefs_environment_dialog_validate       (PrefsEnvironmentDialog *self);
/* What the Save button does: validates, then writes the environment and,
 * when one was typed, the key; ::saved follows once the key is stored.
 * Returns NONE when saving started. */
PrefsEnvironmentProblem
                  prefs_environment_dialog_save           (PrefsEnvironmentDialog *self);
/* (nullable): the message shown under the fields. */
const char       *prefs_environment_dialog_get_message    (PrefsEnvironmentDialog *self);

/* What the Remove button does: presents the confirmation and returns it
 * (transfer none); its "remove" response removes the environment. NULL
 * when adding. */
AdwMessageDialog *prefs_environment_dialog_ask_remove     (PrefsEnvironmentDialog *self);
/* Removes without asking: the key, then the store row; ::removed follows. */
void              prefs_environment_dialog_remove         (PrefsEnvironmentDialog *self);

G_END_DECLS

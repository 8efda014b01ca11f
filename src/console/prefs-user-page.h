/* prefs-user-page.h: one recipient's preference set, edited and saved safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-connection.h"
#include "prefs-preference-tree.h"

G_BEGIN_DECLS

#define PREFS_TYPE_USER_PAGE (prefs_user_page_get_type ())
G_DECLARE_FINAL_TYPE (PrefsUserPage, prefs_user_page, PREFS, USER_PAGE, GtkWidget)

/* Actions: user.save (Ctrl+S), user.revert, user.undo (the last save),
 * user.add-set (a tenant set), user.reload.
 * Properties: connection, collection (NULL for users), recipient-id,
 * set-id, title, subtitle, dirty, busy.
 * Signals: ::toast (AdwToast) for the window's overlay; ::save-as-preset
 * (PrefsPreferenceSet, the working set) for "Save as Preset…"; ::loaded after a
 * set arrived (or failed); ::saved after a save finished (or failed). */

GtkWidget           *prefs_user_page_new            (void);
/* Opens a recipient: its sets are listed, @set_id (or "default") loaded,
 * and a draft left from an earlier session is restored over it. */
void                 prefs_user_page_open           (PrefsUserPage   *self,
                                                     PrefsConnection *connection,
                                                     const char      *collection,
                                                     const char      *recipient_id,
                                                     const char      *set_id);
const char          *prefs_user_page_get_recipient_id (PrefsUserPage *self);
const char          *prefs_user_page_get_set_id     (PrefsUserPage   *self);
gboolean             prefs_user_page_get_dirty      (PrefsUserPage   *self);
gboolean             prefs_user_page_get_busy       (PrefsUserPage   *self);
/* (nullable) (transfer none) */
PrefsPreferenceTree *prefs_user_page_get_tree       (PrefsUserPage   *self);
/* What the header shows: the name (or id), and id · email · state. */
const char          *prefs_user_page_get_title      (PrefsUserPage   *self);
const char          *prefs_user_page_get_subtitle   (PrefsUserPage   *self);
/* The last error shown on the page, for tests; NULL when all is well. */
const char          *prefs_user_page_get_problem    (PrefsUserPage   *self);

/* Saves the working set: reads it again first, and when someone else
 * changed it since it was loaded, asks before overwriting. */
void                 prefs_user_page_save           (PrefsUserPage   *self);
/* Drops the unsaved changes (and their draft). */
void                 prefs_user_page_revert         (PrefsUserPage   *self);
/* What to do on a conflict, for tests that cannot click a dialog:
 * NULL asks; "overwrite" or "reload" answer at once. */
void                 prefs_user_page_set_conflict_answer (PrefsUserPage *self,
                                                          const char    *answer);

G_END_DECLS

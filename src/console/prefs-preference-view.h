/* prefs-preference-view.h: the editable tree of a PreferenceSet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-preference-tree.h"

G_BEGIN_DECLS

#define PREFS_TYPE_PREFERENCE_VIEW (prefs_preference_view_get_type ())
G_DECLARE_FINAL_TYPE (PrefsPreferenceView, prefs_preference_view, PREFS, PREFERENCE_VIEW, GtkWidget)

/* Actions of the "preferences" group, for rows and menus:
 *   preferences.add (i: PrefsNodeKind)     asks for a key and adds it
 *   preferences.remove (s: path)           clears a workflow, category or channel
 *   preferences.edit-conditions (s: path)  opens the conditions editor
 *   preferences.report-error (s: message)  emits ::message
 * Signals:
 *   ::message (s)   something a person should read (a refused edit) */

GtkWidget           *prefs_preference_view_new       (void);
PrefsPreferenceTree *prefs_preference_view_get_tree  (PrefsPreferenceView *self);
void                 prefs_preference_view_set_tree  (PrefsPreferenceView *self,
                                                      PrefsPreferenceTree *tree);
/* Expands every row (sections, workflows, categories). */
void                 prefs_preference_view_expand_all (PrefsPreferenceView *self);

G_END_DECLS

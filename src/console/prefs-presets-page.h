/* prefs-presets-page.h: named PreferenceSets kept on this machine, edited in the tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-preference-tree.h"
#include "prefs-store.h"

G_BEGIN_DECLS

#define PREFS_PRESETS_PAGE_ERROR (prefs_presets_page_error_quark ())

typedef enum
{
  PREFS_PRESETS_PAGE_ERROR_EMPTY_NAME,   /* a preset needs a name */
  PREFS_PRESETS_PAGE_ERROR_NAME_TAKEN,   /* another preset has that name */
  PREFS_PRESETS_PAGE_ERROR_NO_SELECTION, /* no store, or no preset selected */
  PREFS_PRESETS_PAGE_ERROR_UNREADABLE,   /* the stored preset is not a valid set */
} PrefsPresetsPageError;

GQuark prefs_presets_page_error_quark (void);

#define PREFS_TYPE_PRESETS_PAGE (prefs_presets_page_get_type ())
G_DECLARE_FINAL_TYPE (PrefsPresetsPage, prefs_presets_page, PREFS, PRESETS_PAGE, GtkWidget)

/* Actions of the "presets" group:
 *   presets.new, presets.import, presets.export (file choosers and dialogs),
 *   presets.save (Ctrl+S), presets.revert, presets.rename, presets.duplicate,
 *   presets.delete (a toast offers Undo), presets.apply (emits ::apply),
 *   presets.add-key (i: PrefsNodeKind), presets.back (when folded).
 * Properties: store, dirty (the selected preset has unsaved edits).
 * Signals:
 *   ::toast (AdwToast)  for the window's overlay
 *   ::apply (gint64)    the person asked to apply this saved preset to users
 *
 * Export writes {"name": NAME, "preferences": SET} (two-space indented;
 * SET without "id"); import accepts that and a bare PreferenceSet, whose
 * name then comes from the file name. A name already in use gets " (2)",
 * " (3)"... on import. */

GtkWidget           *prefs_presets_page_new              (void);
PrefsStore          *prefs_presets_page_get_store        (PrefsPresetsPage   *self);
void                 prefs_presets_page_set_store        (PrefsPresetsPage   *self,
                                                          PrefsStore         *store);

/* Reads the presets from the store again (keeps the selection if it is
 * still there). */
void                 prefs_presets_page_reload           (PrefsPresetsPage   *self);
guint                prefs_presets_page_get_n_presets    (PrefsPresetsPage   *self);
/* (transfer none): the presets, sorted by name; items have "id" and "name". */
GListModel          *prefs_presets_page_get_model        (PrefsPresetsPage   *self);

/* Selects a preset. With unsaved edits in the selected one, asks first
 * (Discard / Save / Cancel) and returns FALSE; the selection follows the
 * answer. Returns TRUE when @id is now selected. */
gboolean             prefs_presets_page_select_preset    (PrefsPresetsPage   *self,
                                                          gint64              id);
/* 0 when nothing is selected. */
gint64               prefs_presets_page_get_selected_id  (PrefsPresetsPage   *self);
const char          *prefs_presets_page_get_selected_name (PrefsPresetsPage  *self);
/* (nullable) (transfer none): the editor's tree over the selected preset. */
PrefsPreferenceTree *prefs_presets_page_get_tree         (PrefsPresetsPage   *self);
gboolean             prefs_presets_page_get_dirty        (PrefsPresetsPage   *self);

/* Writes the selected preset's working set (canonical JSON, no "id"). */
gboolean             prefs_presets_page_save_selected    (PrefsPresetsPage   *self,
                                                          GError            **error);
/* Drops the selected preset's unsaved edits. */
void                 prefs_presets_page_revert_selected  (PrefsPresetsPage   *self);
/* Renames the selected preset; its unsaved edits stay unsaved. */
gboolean             prefs_presets_page_rename_selected  (PrefsPresetsPage   *self,
                                                          const char         *name,
                                                          GError            **error);
/* Copies the selected preset as saved, as "Copy of NAME" (made unique),
 * and selects the copy. Returns the new id, 0 on error. */
gint64               prefs_presets_page_duplicate_selected (PrefsPresetsPage *self,
                                                          GError            **error);
/* Deletes the selected preset and offers Undo in a toast. */
gboolean             prefs_presets_page_delete_selected  (PrefsPresetsPage   *self,
                                                          GError            **error);

/* Creates a preset from @set under @name (which must be free) and selects
 * it. Returns the new id, 0 on error. */
gint64               prefs_presets_page_create           (PrefsPresetsPage   *self,
                                                          const char         *name,
                                                          PrefsPreferenceSet *set,
                                                          GError            **error);
/* "Save as Preset": asks for a name, prefilled with @suggested_name (made
 * unique), then creates a preset from a copy of @set and selects it. */
void                 prefs_presets_page_add_from_set     (PrefsPresetsPage   *self,
                                                          const char         *suggested_name,
                                                          PrefsPreferenceSet *set);

/* Imports a JSON file; on any problem nothing is imported and the error
 * (PREFS_PARSE_ERROR) lists each field path. Returns the new id, 0 on error. */
gint64               prefs_presets_page_import_file      (PrefsPresetsPage   *self,
                                                          GFile              *file,
                                                          GError            **error);
/* What the Import file chooser does: imports @file and, on a problem,
 * says in a dialog what is wrong with it. Returns the new id, 0 on error. */
gint64               prefs_presets_page_import_and_report (PrefsPresetsPage *self,
                                                          GFile              *file);
/* Exports preset @id as saved. */
gboolean             prefs_presets_page_export_file      (PrefsPresetsPage   *self,
                                                          gint64              id,
                                                          GFile              *file,
                                                          GError            **error);

G_END_DECLS

/* prefs-bulk-dialog.h: apply a preset to many users, after a dry run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-connection.h"
#include "prefs-operation.h"

G_BEGIN_DECLS

typedef enum
{
  PREFS_BULK_SOURCE_SELECTION,  /* the users selected on the Users page */
  PREFS_BULK_SOURCE_PASTE,      /* ids pasted into the text view */
  PREFS_BULK_SOURCE_FILE,       /* a CSV file */
} PrefsBulkSource;

/* What would happen, before anything is sent. */
typedef struct
{
  guint      n_users;          /* valid, unique ids */
  guint      n_duplicates;     /* ids dropped because they came before */
  guint      n_calls;          /* bulk calls: ceil (n_users / 1000) */
  guint      estimated_seconds;/* at 1 call/s, plus snapshot reads at 200/s */
  GPtrArray *invalid;          /* (element-type utf8): "Line 3: …" or "id: reason" */
  guint      n_previewed;      /* users whose current set was read */
  guint      n_preview_changed;/* of those, users whose set would change */
  guint      n_preview_failed; /* users whose set could not be read */
} PrefsBulkDryRun;

#define PREFS_TYPE_BULK_DIALOG (prefs_bulk_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PrefsBulkDialog, prefs_bulk_dialog, PREFS, BULK_DIALOG, AdwWindow)

/* Actions: bulk.start, bulk.choose-file.
 * Properties: can-start, busy (a file or the preview is loading).
 * Signals: ::started (PrefsOperation) after the operation was created and
 * started; the dialog then closes. */

/* @selected_ids: (nullable): the Users page's selection;
 * @preset_id: the preset to preselect, 0 for the first. */
GtkWidget             *prefs_bulk_dialog_new              (PrefsConnection     *connection,
                                                           const char * const  *selected_ids,
                                                           gint64               preset_id);

void                   prefs_bulk_dialog_set_source       (PrefsBulkDialog     *self,
                                                           PrefsBulkSource      source);
PrefsBulkSource        prefs_bulk_dialog_get_source       (PrefsBulkDialog     *self);
/* Replaces the pasted text and switches to PREFS_BULK_SOURCE_PASTE. */
void                   prefs_bulk_dialog_set_pasted_text  (PrefsBulkDialog     *self,
                                                           const char          *text);
/* Reads @file (asynchronously; busy meanwhile) and switches to
 * PREFS_BULK_SOURCE_FILE. */
void                   prefs_bulk_dialog_load_file        (PrefsBulkDialog     *self,
                                                           GFile               *file);
void                   prefs_bulk_dialog_set_preset       (PrefsBulkDialog     *self,
                                                           gint64               preset_id);
void                   prefs_bulk_dialog_set_target_set   (PrefsBulkDialog     *self,
                                                           const char          *set_id);
void                   prefs_bulk_dialog_set_snapshot     (PrefsBulkDialog     *self,
                                                           gboolean             snapshot);
/* What the person typed to confirm a production run. */
void                   prefs_bulk_dialog_set_confirmation (PrefsBulkDialog     *self,
                                                           const char          *text);

/* (transfer none) (element-type utf8): the ids that would be sent */
GPtrArray             *prefs_bulk_dialog_get_ids          (PrefsBulkDialog     *self);
/* (transfer none): the dry run for the current inputs */
const PrefsBulkDryRun *prefs_bulk_dialog_get_dry_run      (PrefsBulkDialog     *self);
/* (transfer full): the dry run as the dialog shows it */
char                  *prefs_bulk_dialog_dup_dry_run_text (PrefsBulkDialog     *self);
gboolean               prefs_bulk_dialog_get_can_start    (PrefsBulkDialog     *self);
gboolean               prefs_bulk_dialog_get_busy         (PrefsBulkDialog     *self);

/* Creates the operation, starts it, emits ::started and closes. FALSE
 * with @error when it cannot (can-start is FALSE, or the store failed). */
gboolean               prefs_bulk_dialog_start            (PrefsBulkDialog     *self,
                                                           GError             **error);

G_END_DECLS

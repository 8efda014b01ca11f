/* prefs-bulk-dialog.c: apply a preset to many users, after a dry run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-bulk-dialog"

#include "config.h"

#include "prefs-bulk-dialog.h"

#include <glib/gi18n.h>

#include "prefs-id-list.h"

/* Every input recomputes the dry run at once; reading the current sets of
 * the first users (the preview) waits until the inputs settle, and a newer
 * preview cancels an older one. */

#define PREVIEW_MAX        20
#define PREVIEW_DELAY_MS   300
#define BULK_CALLS_PER_S   1.0
#define READS_PER_S        200.0

typedef struct
{
  char               *id;
  PrefsPreferenceSet *current;  /* NULL when it could not be read */
  char               *error;
} PreviewEntry;

struct _PrefsBulkDialog
{
  AdwWindow        parent_instance;

  /* template */
  AdwComboRow     *source_row;
  GtkStringList   *source_list;
  AdwActionRow    *file_row;
  GtkWidget       *paste_frame;
  GtkTextView     *paste_view;
  GtkLabel        *ids_label;
  GtkLabel        *problems_label;
  AdwComboRow     *preset_row;
  GtkStringList   *preset_list;
  AdwEntryRow     *target_row;
  GtkSwitch       *snapshot_switch;
  GtkLabel        *dry_run_label;
  GtkListBox      *preview_list;
  GtkWidget       *confirm_group;
  AdwEntryRow     *confirm_row;

  /* state */
  PrefsConnection *connection;
  GPtrArray       *selected;      /* (element-type utf8) as given */
  PrefsBulkSource  source;
  PrefsIdList     *pasted;
  PrefsIdList     *file;
  char            *file_name;
  GPtrArray       *presets;       /* (element-type PrefsStoredPreset) */
  PrefsPreferenceSet *preset_set; /* the chosen preset with the target id */
  char            *preset_problem;
  GPtrArray       *ids;           /* (element-type utf8) */
  PrefsBulkDryRun  dry_run;
  GPtrArray       *preview;       /* (element-type PreviewEntry) */
  guint            preview_pending;
  guint            preview_source;
  GCancellable    *cancellable;
  GCancellable    *preview_cancellable;
  GtkFileChooserNative *file_chooser;
  guint            loading;
  gboolean         can_start;
  gboolean         busy;
  gboolean         updating;
};

G_DEFINE_FINAL_TYPE (PrefsBulkDialog, prefs_bulk_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CAN_START,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNAL_STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void refresh (PrefsBulkDialog *self);

static void
preview_entry_free (PreviewEntry *entry)
{
  g_free (entry->id);
  g_clear_object (&entry->current);
  g_free (entry->error);
  g_free (entry);
}

static void
update_busy (PrefsBulkDialog *self)
{
  gboolean busy = self->loading > 0 || self->preview_pending > 0 || self->preview_source != 0;

  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- the dry run ---- */

static char *
format_duration (guint seconds)
{
  if (seconds < 60)
    /* Translators: an estimated duration */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u second",
                                         "about %u seconds", MAX (seconds, 1)), MAX (seconds, 1));
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u minute",
                                         "about %u minutes", (seconds + 59) / 60),
                            (seconds + 59) / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u hour", "about %u hours",
                                       (seconds + 3599) / 3600), (seconds + 3599) / 3600);
}

static char *
format_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("not set"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("on") : _("off"));
  return prefs_json_to_string (node, FALSE);
}

char *
prefs_bulk_dialog_dup_dry_run_text (PrefsBulkDialog *self)
{
  GString *text = g_string_new (NULL);
  g_autofree char *duration = NULL;

  g_return_val_if_fail (PREFS_IS_BULK_DIALOG (self), NULL);

  if (self->dry_run.n_users == 0)
    {
      g_string_append (text, _("No valid user id yet."));
      return g_string_free (text, FALSE);
    }

  duration = format_duration (self->dry_run.estimated_seconds);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%u user", "%u users",
                                       self->dry_run.n_users),
                          self->dry_run.n_users);
  g_string_append (text, "\n");
  /* Translators: "3 bulk calls (at most 1,000 users each)" */
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u bulk call (at most 1,000 users each)",
                                       "%u bulk calls (at most 1,000 users each)",
                                       self->dry_run.n_calls),
                          self->dry_run.n_calls);
  g_string_append (text, "\n");
  /* Translators: "Sending takes about 3 seconds at Knock's limit of 1 bulk call per second, …" */
  g_string_append_printf (text, _("Sending takes %s at Knock’s limit of 1 bulk call per second, "
                                  "then progress is polled until Knock has processed every user"),
                          duration);
  if (self->dry_run.n_duplicates > 0)
    {
      g_string_append (text, "\n");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u duplicate removed",
                                           "%u duplicates removed", self->dry_run.n_duplicates),
                              self->dry_run.n_duplicates);
    }
  if (self->dry_run.invalid->len > 0)
    {
      g_string_append (text, "\n");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u invalid id will be skipped",
                                           "%u invalid ids will be skipped",
                                           self->dry_run.invalid->len),
                              self->dry_run.invalid->len);
    }
  if (self->dry_run.n_previewed > 0)
    {
      g_string_append (text, "\n");
      /* Translators: "Of the first 20 users, 12 would change" */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Of the first %u user, %u would change",
                                           "Of the first %u users, %u would change",
                                           self->dry_run.n_previewed),
                              self->dry_run.n_previewed, self->dry_run.n_preview_changed);
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
preview_row (PrefsBulkDialog *self,
             PreviewEntry    *entry)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  if (entry->current == NULL)
    {
      /* Translators: the current set of a user could not be read */
      subtitle = g_strdup_printf (_("Could not read the current set: %s"), entry->error);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), FALSE);
      return row;
    }

  changes = prefs_preference_set_diff (entry->current, self->preset_set);
  if (changes->len == 0)
    {
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), _("No change"));
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), FALSE);
      return row;
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change", "%u changes",
                                           changes->len), changes->len);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  for (guint i = 0; i < changes->len; i++)
    {
      PrefsChange *change = g_ptr_array_index (changes, i);
      GtkWidget *child = adw_action_row_new ();
      g_autofree char *old_value = format_value (change->old_value);
      g_autofree char *new_value = format_value (change->new_value);
      g_autofree char *what = g_strdup_printf ("%s → %s", old_value, new_value);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (child), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), change->path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), what);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
    }
  return row;
}

static void
show_preview (PrefsBulkDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_list))) != NULL)
    gtk_list_box_remove (self->preview_list, child);

  self->dry_run.n_previewed = 0;
  self->dry_run.n_preview_changed = 0;
  self->dry_run.n_preview_failed = 0;

  if (self->preview != NULL && self->preset_set != NULL && self->preview_pending == 0)
    {
      for (guint i = 0; i < self->preview->len; i++)
        {
          PreviewEntry *entry = g_ptr_array_index (self->preview, i);

          if (entry->current == NULL)
            self->dry_run.n_preview_failed++;
          else
            {
              g_autoptr(GPtrArray) changes = prefs_preference_set_diff (entry->current,
                                                                        self->preset_set);

              self->dry_run.n_previewed++;
              if (changes->len > 0)
                self->dry_run.n_preview_changed++;
            }
          gtk_list_box_append (self->preview_list, preview_row (self, entry));
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->preview_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->preview_list)) != NULL);

  {
    g_autofree char *text = prefs_bulk_dialog_dup_dry_run_text (self);

    gtk_label_set_text (self->dry_run_label, text);
  }
}

typedef struct
{
  PrefsBulkDialog *self;
  PreviewEntry    *entry;
  GCancellable    *cancellable;
} PreviewData;

static void
on_preview_got (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PreviewData *data = user_data;
  g_autoptr(PrefsBulkDialog) self = data->self;
  g_autoptr(GCancellable) cancellable = data->cancellable;
  PreviewEntry *entry = data->entry;
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set;

  g_free (data);
  set = prefs_client_get_set_finish (PREFS_CLIENT (object), result, &error);

  /* An older preview: its entries are gone with it. */
  if (cancellable != self->preview_cancellable)
    {
      g_clear_object (&set);
      return;
    }

  if (set != NULL)
    entry->current = set;
  else
    entry->error = g_strdup (error->message);

  if (--self->preview_pending == 0)
    show_preview (self);
  update_busy (self);
}

static gboolean
start_preview (gpointer user_data)
{
  PrefsBulkDialog *self = user_data;
  PrefsClient *client = prefs_connection_get_client (self->connection);

  self->preview_source = 0;
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  self->preview_pending = 0;

  if (self->preset_set != NULL && self->ids->len > 0)
    {
      self->preview_cancellable = g_cancellable_new ();
      self->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) preview_entry_free);
      for (guint i = 0; i < MIN (self->ids->len, PREVIEW_MAX); i++)
        {
          PreviewEntry *entry = g_new0 (PreviewEntry, 1);
          PreviewData *data = g_new0 (PreviewData, 1);

          entry->id = g_strdup (g_ptr_array_index (self->ids, i));
          g_ptr_array_add (self->preview, entry);
          data->self = g_object_ref (self);
          data->entry = entry;
          data->cancellable = g_object_ref (self->preview_cancellable);
          self->preview_pending++;
          prefs_client_get_set_async (client, NULL, entry->id,
                                      prefs_preference_set_get_id (self->preset_set),
                                      self->preview_cancellable, on_preview_got, data);
        }
    }

  show_preview (self);
  update_busy (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (PrefsBulkDialog *self)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  self->preview_pending = 0;
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, start_preview, self);
}

/* ---- inputs ---- */

static const char *
target_set (PrefsBulkDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->target_row));

  return text;
}

static void
load_preset_set (PrefsBulkDialog *self)
{
  guint index = adw_combo_row_get_selected (self->preset_row);
  g_autofree char *target = g_strstrip (g_strdup (target_set (self)));
  const char *reason = NULL;

  g_clear_object (&self->preset_set);
  g_clear_pointer (&self->preset_problem, g_free);

  if (self->presets->len == 0 || index >= self->presets->len)
    {
      self->preset_problem = g_strdup (_("There is no preset yet: save one on the Presets page "
                                         "first"));
      return;
    }
  if (!prefs_bulk_job_validate_id (target, &reason))
    {
      /* Translators: the target set id is not valid, and why */
      self->preset_problem = g_strdup_printf (_("The target set is not valid: %s"), reason);
      return;
    }

  {
    PrefsStoredPreset *preset = g_ptr_array_index (self->presets, index);
    g_autoptr(GError) error = NULL;

    self->preset_set = prefs_preference_set_new_from_data (preset->json, -1, &error);
    if (self->preset_set == NULL)
      {
        self->preset_problem = g_strdup_printf (_("The preset cannot be read: %s"),
                                                error->message);
        return;
      }
    prefs_preference_set_set_id (self->preset_set, target);
  }
}

static void
collect_ids (PrefsBulkDialog *self)
{
  PrefsIdList *list = NULL;

  g_ptr_array_set_size (self->ids, 0);
  g_ptr_array_set_size (self->dry_run.invalid, 0);
  self->dry_run.n_duplicates = 0;

  if (self->source == PREFS_BULK_SOURCE_SELECTION)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < self->selected->len; i++)
        {
          const char *id = g_ptr_array_index (self->selected, i);
          const char *reason = NULL;

          if (!prefs_bulk_job_validate_id (id, &reason))
            {
              g_autofree char *shown = g_utf8_make_valid (id, -1);

              g_ptr_array_add (self->dry_run.invalid, g_strdup_printf ("%s: %s", shown, reason));
            }
          else if (!g_hash_table_add (seen, (gpointer) id))
            self->dry_run.n_duplicates++;
          else
            g_ptr_array_add (self->ids, g_strdup (id));
        }
      return;
    }

  list = self->source == PREFS_BULK_SOURCE_PASTE ? self->pasted : self->file;
  if (list == NULL)
    return;

  for (guint i = 0; i < list->ids->len; i++)
    g_ptr_array_add (self->ids, g_strdup (g_ptr_array_index (list->ids, i)));
  self->dry_run.n_duplicates = list->n_duplicates;
  for (guint i = 0; i < list->problems->len; i++)
    {
      PrefsIdListProblem *problem = g_ptr_array_index (list->problems, i);

      /* Translators: a line of a pasted list or CSV file that was skipped:
       * "Line 3: more than one column (a,b)" */
      g_ptr_array_add (self->dry_run.invalid,
                       g_strdup_printf (_("Line %u: %s (%s)"), problem->line, problem->reason,
                                        problem->text));
    }
}

static void
update_can_start (PrefsBulkDialog *self)
{
  gboolean can_start = self->ids->len > 0 && self->preset_set != NULL && self->loading == 0;

  if (can_start && prefs_connection_get_production (self->connection))
    can_start = g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)),
                           prefs_connection_get_name (self->connection)) == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.start", can_start);
  if (self->can_start == can_start)
    return;
  self->can_start = can_start;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_START]);
}

static void
refresh (PrefsBulkDialog *self)
{
  g_autofree char *ids_text = NULL;
  g_autofree char *problems = NULL;

  if (self->updating)
    return;

  collect_ids (self);
  load_preset_set (self);

  self->dry_run.n_users = self->ids->len;
  self->dry_run.n_calls = (self->ids->len + PREFS_BULK_JOB_DEFAULT_CHUNK_SIZE - 1) /
                          PREFS_BULK_JOB_DEFAULT_CHUNK_SIZE;
  /* The first call goes at once; each next one a second later. Snapshot
   * reads are tier 4. */
  self->dry_run.estimated_seconds = self->dry_run.n_calls > 0
                                    ? (guint) ((self->dry_run.n_calls - 1) / BULK_CALLS_PER_S) + 1
                                    : 0;
  if (gtk_switch_get_active (self->snapshot_switch))
    self->dry_run.estimated_seconds += (guint) (self->ids->len / READS_PER_S);

  if (self->source == PREFS_BULK_SOURCE_FILE && self->file == NULL)
    ids_text = g_strdup (self->loading > 0 ? _("Reading the file…") : _("No file chosen"));
  else
    {
      g_autofree char *users = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u valid user id",
                                                             "%u valid user ids",
                                                             self->ids->len),
                                                self->ids->len);
      g_autofree char *dups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u duplicate removed",
                                                            "%u duplicates removed",
                                                            self->dry_run.n_duplicates),
                                               self->dry_run.n_duplicates);
      g_autofree char *bad = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line skipped",
                                                           "%u lines skipped",
                                                           self->dry_run.invalid->len),
                                              self->dry_run.invalid->len);

      if (self->source == PREFS_BULK_SOURCE_FILE && self->file_name != NULL)
        ids_text = g_strdup_printf ("%s: %s · %s · %s", self->file_name, users, dups, bad);
      else
        ids_text = g_strdup_printf ("%s · %s · %s", users, dups, bad);
    }
  gtk_label_set_text (self->ids_label, ids_text);

  if (self->dry_run.invalid->len > 0 || self->preset_problem != NULL)
    {
      GString *text = g_string_new (self->preset_problem);

      for (guint i = 0; i < MIN (self->dry_run.invalid->len, 100); i++)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, g_ptr_array_index (self->dry_run.invalid, i));
        }
      if (self->dry_run.invalid->len > 100)
        g_string_append_printf (text, "\n%s", _("…and more"));
      problems = g_string_free (text, FALSE);
    }
  gtk_label_set_text (self->problems_label, problems != NULL ? problems : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->file_row), self->source == PREFS_BULK_SOURCE_FILE);
  gtk_widget_set_visible (self->paste_frame, self->source == PREFS_BULK_SOURCE_PASTE);

  update_can_start (self);
  schedule_preview (self);
  show_preview (self);
  update_busy (self);
}

static void
on_source_selected (PrefsBulkDialog *self)
{
  guint index = adw_combo_row_get_selected (self->source_row);

  if (index > PREFS_BULK_SOURCE_FILE)
    return;
  self->source = index;
  refresh (self);
}

static void
on_paste_changed (PrefsBulkDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_clear_pointer (&self->pasted, prefs_id_list_free);
  self->pasted = prefs_id_list_parse (text, -1);
  if (self->source == PREFS_BULK_SOURCE_PASTE)
    refresh (self);
}

static void
on_input_changed (PrefsBulkDialog *self)
{
  refresh (self);
}

static void
on_confirm_changed (PrefsBulkDialog *self)
{
  update_can_start (self);
}

/* ---- files ---- */

static void
on_file_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PrefsBulkDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading--;
      g_clear_pointer (&self->file, prefs_id_list_free);
      g_free (self->file_name);
      /* Translators: a CSV file could not be read, and why */
      self->file_name = g_strdup_printf (_("Could not read the file: %s"), error->message);
      refresh (self);
      return;
    }

  self->loading--;
  g_clear_pointer (&self->file, prefs_id_list_free);
  self->file = prefs_id_list_parse (contents, length);
  g_free (self->file_name);
  self->file_name = g_file_get_basename (G_FILE (object));
  refresh (self);
}

void
prefs_bulk_dialog_load_file (PrefsBulkDialog *self,
                             GFile           *file)
{
  g_return_if_fail (PREFS_IS_BULK_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_pointer (&self->file, prefs_id_list_free);
  self->loading++;
  prefs_bulk_dialog_set_source (self, PREFS_BULK_SOURCE_FILE);
  refresh (self);
  g_file_load_contents_async (file, self->cancellable, on_file_loaded, g_object_ref (self));
}

static void
drop_file_chooser (PrefsBulkDialog *self)
{
  if (self->file_chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->file_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
}

static void
on_file_chosen (GtkNativeDialog *native,
                int              response,
                PrefsBulkDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  drop_file_chooser (self);
  if (file != NULL)
    prefs_bulk_dialog_load_file (self, file);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PrefsBulkDialog *self = PREFS_BULK_DIALOG (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  drop_file_chooser (self);
  self->file_chooser = gtk_file_chooser_native_new (_("Choose a List of User Ids"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV and text files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  g_signal_connect (self->file_chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

/* ---- starting ---- */

gboolean
prefs_bulk_dialog_start (PrefsBulkDialog  *self,
                         GError          **error)
{
  g_autoptr(PrefsOperation) operation = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  PrefsStoredPreset *preset;

  g_return_val_if_fail (PREFS_IS_BULK_DIALOG (self), FALSE);

  if (!self->can_start)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The users, the preset and the confirmation are not all there"));
      return FALSE;
    }

  preset = g_ptr_array_index (self->presets, adw_combo_row_get_selected (self->preset_row));
  ids = g_ptr_array_new ();
  for (guint i = 0; i < self->ids->len; i++)
    g_ptr_array_add (ids, g_ptr_array_index (self->ids, i));
  g_ptr_array_add (ids, NULL);

  operation = prefs_operation_new (prefs_connection_get_client (self->connection),
                                   prefs_connection_get_store (self->connection),
                                   prefs_connection_get_name (self->connection),
                                   preset->name, self->preset_set,
                                   (const char * const *) ids->pdata, -1,
                                   gtk_switch_get_active (self->snapshot_switch), error);
  if (operation == NULL)
    return FALSE;

  prefs_operation_start (operation);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, operation);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PrefsBulkDialog *self = PREFS_BULK_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!prefs_bulk_dialog_start (self, &error))
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("Can’t Start the Operation"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* ---- GObject ---- */

static void
prefs_bulk_dialog_dispose (GObject *object)
{
  PrefsBulkDialog *self = PREFS_BULK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  drop_file_chooser (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_BULK_DIALOG);
  g_clear_object (&self->connection);
  g_clear_object (&self->preset_set);

  G_OBJECT_CLASS (prefs_bulk_dialog_parent_class)->dispose (object);
}

static void
prefs_bulk_dialog_finalize (GObject *object)
{
  PrefsBulkDialog *self = PREFS_BULK_DIALOG (object);

  g_clear_pointer (&self->selected, g_ptr_array_unref);
  g_clear_pointer (&self->pasted, prefs_id_list_free);
  g_clear_pointer (&self->file, prefs_id_list_free);
  g_free (self->file_name);
  g_clear_pointer (&self->presets, g_ptr_array_unref);
  g_free (self->preset_problem);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->dry_run.invalid, g_ptr_array_unref);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview_cancellable);

  G_OBJECT_CLASS (prefs_bulk_dialog_parent_class)->finalize (object);
}

static void
prefs_bulk_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PrefsBulkDialog *self = PREFS_BULK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CAN_START:
      g_value_set_boolean (value, self->can_start);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_bulk_dialog_class_init (PrefsBulkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_bulk_dialog_dispose;
  object_class->finalize = prefs_bulk_dialog_finalize;
  object_class->get_property = prefs_bulk_dialog_get_property;

  properties[PROP_CAN_START] =
    g_param_spec_boolean ("can-start", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, PREFS_TYPE_OPERATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/Preferences/prefs-bulk-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, source_list);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, paste_frame);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, paste_view);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, ids_label);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, preset_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, preset_list);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, snapshot_switch);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, dry_run_label);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, preview_list);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, confirm_group);
  gtk_widget_class_bind_template_child (widget_class, PrefsBulkDialog, confirm_row);

  gtk_widget_class_install_action (widget_class, "bulk.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "bulk.choose-file", NULL, choose_file_action);
}

static void
prefs_bulk_dialog_init (PrefsBulkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected = g_ptr_array_new_with_free_func (g_free);
  self->presets = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_stored_preset_free);
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->dry_run.invalid = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.start", FALSE);
}

GtkWidget *
prefs_bulk_dialog_new (PrefsConnection    *connection,
                       const char * const *selected_ids,
                       gint64              preset_id)
{
  PrefsBulkDialog *self;
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *selection_text = NULL;
  guint n_selected;

  g_return_val_if_fail (PREFS_IS_CONNECTION (connection), NULL);

  self = g_object_new (PREFS_TYPE_BULK_DIALOG, NULL);
  self->connection = g_object_ref (connection);
  self->updating = TRUE;

  for (guint i = 0; selected_ids != NULL && selected_ids[i] != NULL; i++)
    g_ptr_array_add (self->selected, g_strdup (selected_ids[i]));
  n_selected = self->selected->len;

  /* Translators: where the users come from; %u is how many are selected */
  selection_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Selected user (%u)",
                                                 "Selected users (%u)", n_selected), n_selected);
  gtk_string_list_append (self->source_list, selection_text);
  gtk_string_list_append (self->source_list, _("Pasted list"));
  gtk_string_list_append (self->source_list, _("CSV file"));
  self->source = n_selected > 0 ? PREFS_BULK_SOURCE_SELECTION : PREFS_BULK_SOURCE_PASTE;
  adw_combo_row_set_selected (self->source_row, self->source);

  presets = prefs_store_list_presets (prefs_connection_get_store (connection), &error);
  if (presets == NULL)
    g_warning ("Could not list the presets: %s", error->message);
  for (guint i = 0; presets != NULL && i < presets->len; i++)
    {
      PrefsStoredPreset *preset = g_ptr_array_index (presets, i);

      gtk_string_list_append (self->preset_list, preset->name);
      if (preset->id == preset_id)
        adw_combo_row_set_selected (self->preset_row, i);
      g_ptr_array_add (self->presets, g_steal_pointer (&g_ptr_array_index (presets, i)));
    }

  gtk_widget_set_visible (self->confirm_group, prefs_connection_get_production (connection));
  if (prefs_connection_get_production (connection))
    {
      /* Translators: %s is the name of a production environment */
      g_autofree char *title = g_strdup_printf (_("Type “%s” to confirm"),
                                                prefs_connection_get_name (connection));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->confirm_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->confirm_row), title);
      gtk_widget_add_css_class (GTK_WIDGET (self), "production");
    }

  g_signal_connect_swapped (self->source_row, "notify::selected",
                            G_CALLBACK (on_source_selected), self);
  g_signal_connect_swapped (self->preset_row, "notify::selected",
                            G_CALLBACK (on_input_changed), self);
  g_signal_connect_swapped (self->target_row, "changed", G_CALLBACK (on_input_changed), self);
  g_signal_connect_swapped (self->snapshot_switch, "notify::active",
                            G_CALLBACK (on_input_changed), self);
  g_signal_connect_swapped (self->confirm_row, "changed", G_CALLBACK (on_confirm_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->paste_view), "changed",
                            G_CALLBACK (on_paste_changed), self);

  self->updating = FALSE;
  refresh (self);
  return GTK_WIDGET (self);
}

/* ---- setters for people and tests ---- */

void
prefs_bulk_dialog_set_source (PrefsBulkDialog *self,
                              PrefsBulkSource  source)
{
  g_return_if_fail (PREFS_IS_BULK_DIALOG (self));
  g_return_if_fail (source <= PREFS_BULK_SOURCE_FILE);

  /* notify::selected refreshes when it changes. */
  if (adw_combo_row_get_selected (self->source_row) != source)
    adw_combo_row_set_selected (self->source_row, source);
  else if (self->source != source)
    {
      self->source = source;
      refresh (self);
    }
}

PrefsBulkSource
prefs_bulk_dialog_get_source (PrefsBulkDialog *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_DIALOG (self), PREFS_BULK_SOURCE_SELECTION);
  return self->source;
}

void
prefs_bulk_dialog_set_pasted_text (PrefsBulkDialog *self,
                                   const char      *text)
{
  g_return_if_fail (PREFS_IS_BULK_DIALOG (self));

  prefs_bulk_dialog_set_source (self, PREFS_BULK_SOURCE_PASTE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->paste_view),
                            text != NULL ? text : "", -1);
}

void
prefs_bulk_dialog_set_preset (PrefsBulkDialog *self,
                              gint64           preset_id)
{
  g_return_if_fail (PREFS_IS_BULK_DIALOG (self));

  for (guint i = 0; i < self->presets->len; i++)
    if (((PrefsStoredPreset *) g_ptr_array_index (self->presets, i))->id == preset_id)
      adw_combo_row_set_selected (self->preset_row, i);
}

void
prefs_bulk_dialog_set_target_set (PrefsBulkDialog *self,
                                  const char      *set_id)
{
  g_return_if_fail (PREFS_IS_BULK_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->target_row), set_id != NULL ? set_id : "");
}

void
prefs_bulk_dialog_set_snapshot (PrefsBulkDialog *self,
                                gboolean         snapshot)
{
  g_return_if_fail (PREFS_IS_BULK_DIALOG (self));

  gtk_switch_set_active (self->snapshot_switch, snapshot);
}

void
prefs_bulk_dialog_set_confirmation (PrefsBulkDialog *self,
                                    const char      *text)
{
  g_return_if_fail (PREFS_IS_BULK_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), text != NULL ? text : "");
}

GPtrArray *
prefs_bulk_dialog_get_ids (PrefsBulkDialog *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_DIALOG (self), NULL);
  return self->ids;
}

const PrefsBulkDryRun *
prefs_bulk_dialog_get_dry_run (PrefsBulkDialog *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_DIALOG (self), NULL);
  return &self->dry_run;
}

gboolean
prefs_bulk_dialog_get_can_start (PrefsBulkDialog *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_DIALOG (self), FALSE);
  return self->can_start;
}

gboolean
prefs_bulk_dialog_get_busy (PrefsBulkDialog *self)
{
  g_return_val_if_fail (PREFS_IS_BULK_DIALOG (self), FALSE);
  return self->busy;
}

/* prefs-presets-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-presets-page"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-presets-page.h"

#include "prefs-json.h"
#include "prefs-preference-view.h"

/* The list shows what the store holds and is read again after every
 * change this page makes, so it never drifts from the database. The
 * editor works like the user page: the tree edits a working copy of the
 * preset's set, compared with the set as saved for the dirty marks. */

G_DEFINE_QUARK (prefs-presets-page-error-quark, prefs_presets_page_error)

/* ---- one row of the list ---- */

#define PREFS_TYPE_PRESET_ITEM (prefs_preset_item_get_type ())
G_DECLARE_FINAL_TYPE (PrefsPresetItem, prefs_preset_item, PREFS, PRESET_ITEM, GObject)

struct _PrefsPresetItem
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
};

G_DEFINE_FINAL_TYPE (PrefsPresetItem, prefs_preset_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_ID,
  ITEM_PROP_NAME,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
prefs_preset_item_finalize (GObject *object)
{
  PrefsPresetItem *self = PREFS_PRESET_ITEM (object);

  g_free (self->name);

  G_OBJECT_CLASS (prefs_preset_item_parent_class)->finalize (object);
}

static void
prefs_preset_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PrefsPresetItem *self = PREFS_PRESET_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case ITEM_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_preset_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PrefsPresetItem *self = PREFS_PRESET_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case ITEM_PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_preset_item_class_init (PrefsPresetItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prefs_preset_item_finalize;
  object_class->get_property = prefs_preset_item_get_property;
  object_class->set_property = prefs_preset_item_set_property;

  item_properties[ITEM_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
prefs_preset_item_init (PrefsPresetItem *self)
{
}

/* ---- the page ---- */

struct _PrefsPresetsPage
{
  GtkWidget             parent_instance;

  /* template */
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *editor_pane;
  GtkListBox           *preset_list;
  AdwWindowTitle       *window_title;
  GtkStack             *editor_stack;
  AdwStatusPage        *broken_page;
  PrefsPreferenceView  *preference_view;

  /* state */
  PrefsStore           *store;
  GListStore           *presets;
  GtkSortListModel     *sorted;
  gint64                selected_id;
  char                 *selected_name;
  PrefsPreferenceSet   *base;
  PrefsPreferenceSet   *working;
  PrefsPreferenceTree  *tree;
  gulong                tree_dirty_id;
  GtkFileChooserNative *file_chooser;
  gint64                export_id;
  gboolean              updating_list;
};

G_DEFINE_FINAL_TYPE (PrefsPresetsPage, prefs_presets_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DIRTY,
  N_PROPS
};

enum {
  TOAST,
  APPLY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean request_select (PrefsPresetsPage *self,
                                gint64            id);

static void
show_toast (PrefsPresetsPage *self,
            AdwToast         *toast)
{
  g_autoptr(AdwToast) owned = g_object_ref_sink (toast);

  g_signal_emit (self, signals[TOAST], 0, owned);
}

static void
toast_message (PrefsPresetsPage *self,
               const char       *message)
{
  show_toast (self, adw_toast_new (message));
}

static GtkWindow *
parent_window (PrefsPresetsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static AdwMessageDialog *
message_dialog_new (PrefsPresetsPage *self,
                    const char       *heading,
                    const char       *body)
{
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  return dialog;
}

/* Errors a person has to read in full (a list of field problems) go to a
 * dialog rather than a toast that fades away. */
static void
show_error_dialog (PrefsPresetsPage *self,
                   const char       *heading,
                   const char       *body)
{
  AdwMessageDialog *dialog = message_dialog_new (self, heading, body);

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_dirty (PrefsPresetsPage *self)
{
  return self->tree != NULL && prefs_preference_tree_get_dirty (self->tree);
}

static gboolean
require_store (PrefsPresetsPage  *self,
               GError           **error)
{
  if (self->store != NULL)
    return TRUE;

  g_set_error_literal (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_NO_SELECTION,
                       _("No preset store is open"));
  return FALSE;
}

static gboolean
require_selection (PrefsPresetsPage  *self,
                   GError           **error)
{
  if (!require_store (self, error))
    return FALSE;
  if (self->selected_id != 0)
    return TRUE;

  g_set_error_literal (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_NO_SELECTION,
                       _("No preset is selected"));
  return FALSE;
}

/* The stored form: the request body (no "id", no "__typename"), with
 * sorted keys, so equal sets are equal text. */
static char *
canonical_json (PrefsPreferenceSet *set)
{
  g_autoptr(JsonNode) node = prefs_preference_set_to_request_json (set, FALSE);

  return prefs_json_to_string (node, FALSE);
}

/* ---- names ---- */

static gboolean
name_taken (PrefsPresetsPage *self,
            const char       *name,
            gint64            except_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->presets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PrefsPresetItem) item = g_list_model_get_item (G_LIST_MODEL (self->presets), i);

      if (item->id != except_id && g_strcmp0 (item->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_name (PrefsPresetsPage  *self,
            const char        *name,
            gint64             except_id,
            GError           **error)
{
  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_EMPTY_NAME,
                           _("A preset needs a name"));
      return FALSE;
    }

  if (name_taken (self, name, except_id))
    {
      g_set_error (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_NAME_TAKEN,
                   _("A preset named “%s” already exists"), name);
      return FALSE;
    }

  return TRUE;
}

/* @name itself when free, else "@name (2)", "@name (3)"... */
static char *
unique_name (PrefsPresetsPage *self,
             const char       *name)
{
  if (!name_taken (self, name, 0))
    return g_strdup (name);

  for (guint n = 2;; n++)
    {
      /* Translators: a preset name made unique: "<name> (<number>)" */
      g_autofree char *candidate = g_strdup_printf (_("%s (%u)"), name, n);

      if (!name_taken (self, candidate, 0))
        return g_steal_pointer (&candidate);
    }
}

/* ---- title and actions ---- */

static void
update_title (PrefsPresetsPage *self)
{
  g_autofree char *title = NULL;
  const char *subtitle = "";

  if (self->selected_id == 0)
    {
      adw_window_title_set_title (self->window_title, "");
      adw_window_title_set_subtitle (self->window_title, "");
      return;
    }

  if (is_dirty (self))
    {
      title = g_strdup_printf ("• %s", self->selected_name);
      subtitle = _("Unsaved changes");
    }
  else
    {
      title = g_strdup (self->selected_name);
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
update_actions (PrefsPresetsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_store = self->store != NULL;
  gboolean selected = has_store && self->selected_id != 0;
  gboolean loaded = selected && self->tree != NULL;
  gboolean dirty = is_dirty (self);

  gtk_widget_action_set_enabled (widget, "presets.new", has_store);
  gtk_widget_action_set_enabled (widget, "presets.import", has_store);
  gtk_widget_action_set_enabled (widget, "presets.export", loaded);
  gtk_widget_action_set_enabled (widget, "presets.save", loaded && dirty);
  gtk_widget_action_set_enabled (widget, "presets.revert", loaded && dirty);
  gtk_widget_action_set_enabled (widget, "presets.rename", selected);
  gtk_widget_action_set_enabled (widget, "presets.duplicate", selected);
  gtk_widget_action_set_enabled (widget, "presets.delete", selected);
  gtk_widget_action_set_enabled (widget, "presets.add-key", loaded);
  /* What is applied is the preset as saved: unsaved edits must not look
   * as if they were part of it. */
  gtk_widget_action_set_enabled (widget, "presets.apply", loaded && !dirty);
}

static void
on_tree_dirty (PrefsPresetsPage *self)
{
  update_title (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
set_sets (PrefsPresetsPage   *self,
          PrefsPreferenceSet *base,
          PrefsPreferenceSet *working)
{
  gboolean was_dirty = is_dirty (self);

  if (self->tree != NULL)
    g_clear_signal_handler (&self->tree_dirty_id, self->tree);

  g_set_object (&self->base, base);
  g_set_object (&self->working, working);
  g_clear_object (&self->tree);

  if (working != NULL)
    {
      self->tree = prefs_preference_tree_new (working, base);
      self->tree_dirty_id = g_signal_connect_swapped (self->tree, "notify::dirty",
                                                      G_CALLBACK (on_tree_dirty), self);
    }

  prefs_preference_view_set_tree (self->preference_view, self->tree);
  update_title (self);
  update_actions (self);
  if (was_dirty != is_dirty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
clear_selection (PrefsPresetsPage *self)
{
  self->selected_id = 0;
  g_clear_pointer (&self->selected_name, g_free);
  set_sets (self, NULL, NULL);
}

/* ---- the list ---- */

static guint
find_position (PrefsPresetsPage *self,
               gint64            id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PrefsPresetItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (item->id == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
select_row (PrefsPresetsPage *self,
            gint64            id)
{
  guint position = find_position (self, id);

  self->updating_list = TRUE;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_list_box_select_row (self->preset_list,
                             gtk_list_box_get_row_at_index (self->preset_list, (int) position));
  else
    gtk_list_box_unselect_all (self->preset_list);
  self->updating_list = FALSE;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  PrefsPresetItem *preset = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (preset->name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, preset->name, -1);
  return row;
}

static gint64
row_id (PrefsPresetsPage *self,
        GtkListBoxRow    *row)
{
  g_autoptr(PrefsPresetItem) item = NULL;
  int index = gtk_list_box_row_get_index (row);

  if (index < 0)
    return 0;
  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), (guint) index);
  return item != NULL ? item->id : 0;
}

static void
reload_list (PrefsPresetsPage *self)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (self->store != NULL)
    {
      stored = prefs_store_list_presets (self->store, &error);
      if (stored == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not read the presets: %s"), error->message);

          toast_message (self, message);
        }
    }

  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      PrefsStoredPreset *preset = g_ptr_array_index (stored, i);

      g_ptr_array_add (items, g_object_new (PREFS_TYPE_PRESET_ITEM,
                                            "id", preset->id,
                                            "name", preset->name,
                                            NULL));
    }

  self->updating_list = TRUE;
  g_list_store_splice (self->presets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->presets)),
                       items->pdata, items->len);
  self->updating_list = FALSE;

  gtk_stack_set_visible_child_name (self->main_stack, items->len > 0 ? "presets" : "empty");

  if (self->selected_id != 0 &&
      find_position (self, self->selected_id) == GTK_INVALID_LIST_POSITION)
    clear_selection (self);

  select_row (self, self->selected_id);
  update_actions (self);
}

/* ---- the editor ---- */

static gboolean
open_preset (PrefsPresetsPage *self,
             gint64            id)
{
  g_autoptr(PrefsStoredPreset) preset = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autoptr(PrefsPreferenceSet) working = NULL;
  g_autoptr(GError) error = NULL;

  preset = prefs_store_get_preset (self->store, id, &error);
  if (preset == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the preset: %s"),
                                                  error->message);

      toast_message (self, message);
      select_row (self, self->selected_id);
      return FALSE;
    }

  self->selected_id = id;
  g_free (self->selected_name);
  self->selected_name = g_strdup (preset->name);

  set = prefs_preference_set_new_from_data (preset->json, -1, &error);
  if (set == NULL)
    {
      /* The database was written by something else, or damaged: show why
       * and still allow renaming or deleting it. */
      set_sets (self, NULL, NULL);
      adw_status_page_set_description (self->broken_page, error->message);
      gtk_stack_set_visible_child_name (self->editor_stack, "broken");
    }
  else
    {
      working = prefs_preference_set_copy (set);
      set_sets (self, set, working);
      gtk_stack_set_visible_child_name (self->editor_stack, "editor");
    }

  select_row (self, id);
  update_title (self);
  update_actions (self);
  return TRUE;
}

static void
open_first (PrefsPresetsPage *self)
{
  g_autoptr(PrefsPresetItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), 0);

  if (item != NULL)
    open_preset (self, item->id);
}

static void
show_editor_when_folded (PrefsPresetsPage *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
}

static void
on_unsaved_response (AdwMessageDialog *dialog,
                     const char       *response,
                     PrefsPresetsPage *self)
{
  const gint64 *target = g_object_get_data (G_OBJECT (dialog), "target-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") == 0)
    {
      if (!prefs_presets_page_save_selected (self, &error))
        {
          show_error_dialog (self, _("Can’t Save the Preset"), error->message);
          return;
        }
    }
  else if (g_strcmp0 (response, "discard") == 0)
    {
      prefs_presets_page_revert_selected (self);
    }
  else
    {
      return;
    }

  /* Not dirty any more, so this opens the target at once. */
  if (request_select (self, *target))
    show_editor_when_folded (self);
}

static void
ask_unsaved (PrefsPresetsPage *self,
             gint64            target_id)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("The preset “%s” has unsaved changes. Changes which are not saved "
                            "will be lost."), self->selected_name);
  dialog = message_dialog_new (self, _("Save Changes?"), body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "target-id",
                          g_memdup2 (&target_id, sizeof target_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unsaved_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
request_select (PrefsPresetsPage *self,
                gint64            id)
{
  if (self->store == NULL)
    return FALSE;

  if (id == self->selected_id)
    {
      select_row (self, id);
      return TRUE;
    }

  if (is_dirty (self))
    {
      /* The list keeps showing the preset being edited until answered. */
      select_row (self, self->selected_id);
      ask_unsaved (self, id);
      return FALSE;
    }

  return open_preset (self, id);
}

static void
on_row_selected (PrefsPresetsPage *self,
                 GtkListBoxRow    *row)
{
  if (self->updating_list || row == NULL)
    return;

  request_select (self, row_id (self, row));
}

static void
on_row_activated (PrefsPresetsPage *self,
                  GtkListBoxRow    *row)
{
  if (row_id (self, row) == self->selected_id)
    show_editor_when_folded (self);
}

static void
on_view_message (PrefsPresetsPage *self,
                 const char       *message)
{
  toast_message (self, message);
}

/* ---- creating ---- */

static gint64
create_preset (PrefsPresetsPage  *self,
               const char        *name,
               const char        *json,
               GError           **error)
{
  gint64 id;

  if (!require_store (self, error) || !check_name (self, name, 0, error))
    return 0;

  id = prefs_store_save_preset (self->store, 0, name, json, error);
  if (id == 0)
    return 0;

  reload_list (self);
  return id;
}

gint64
prefs_presets_page_create (PrefsPresetsPage    *self,
                           const char          *name,
                           PrefsPreferenceSet  *set,
                           GError             **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *json = NULL;
  gint64 id;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (set), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  stripped = g_strstrip (g_strdup (name));
  json = canonical_json (set);
  id = create_preset (self, stripped, json, error);
  if (id != 0)
    request_select (self, id);
  return id;
}

/* A dialog that asks for a name and says at once why one cannot be used. */
typedef void (*NameCallback) (PrefsPresetsPage *self,
                              const char       *name,
                              gpointer          data);

typedef struct
{
  GWeakRef        page;
  gint64          except_id;
  NameCallback    callback;
  gpointer        data;
  GDestroyNotify  destroy;
  GtkEditable    *entry;
  GtkLabel       *problem;
} NameRequest;

static void
name_request_free (NameRequest *request)
{
  g_weak_ref_clear (&request->page);
  if (request->destroy != NULL)
    request->destroy (request->data);
  g_free (request);
}

static void
on_name_changed (AdwMessageDialog *dialog)
{
  NameRequest *request = g_object_get_data (G_OBJECT (dialog), "name-request");
  g_autoptr(PrefsPresetsPage) self = g_weak_ref_get (&request->page);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (request->entry)));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self == NULL)
    return;

  ok = check_name (self, name, request->except_id, &error);
  adw_message_dialog_set_response_enabled (dialog, "ok", ok);
  gtk_label_set_text (request->problem, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (request->problem), !ok);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (request->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (request->entry), "error");
}

static void
on_name_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  NameRequest *request = g_object_get_data (G_OBJECT (dialog), "name-request");
  g_autoptr(PrefsPresetsPage) self = g_weak_ref_get (&request->page);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (request->entry)));

  if (self == NULL || g_strcmp0 (response, "ok") != 0)
    return;

  request->callback (self, name, request->data);
}

static void
ask_name (PrefsPresetsPage *self,
          const char       *heading,
          const char       *body,
          const char       *initial,
          const char       *verb,
          gint64            except_id,
          NameCallback      callback,
          gpointer          data,
          GDestroyNotify    destroy)
{
  AdwMessageDialog *dialog = message_dialog_new (self, heading, body);
  NameRequest *request = g_new0 (NameRequest, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *problem = gtk_label_new (NULL);

  g_weak_ref_init (&request->page, self);
  request->except_id = except_id;
  request->callback = callback;
  request->data = data;
  request->destroy = destroy;
  request->entry = GTK_EDITABLE (entry);
  request->problem = GTK_LABEL (problem);

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), initial);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preset name"), -1);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, problem, NULL, -1);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), problem);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ok", verb, NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_extra_child (dialog, box);

  g_object_set_data_full (G_OBJECT (dialog), "name-request", request,
                          (GDestroyNotify) name_request_free);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_name_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_name_response), NULL);
  on_name_changed (dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

static void
create_named (PrefsPresetsPage *self,
              const char       *name,
              gpointer          data)
{
  PrefsPreferenceSet *set = data;
  g_autoptr(PrefsPreferenceSet) empty = NULL;
  g_autoptr(GError) error = NULL;

  if (set == NULL)
    set = empty = prefs_preference_set_new (NULL);

  if (prefs_presets_page_create (self, name, set, &error) == 0)
    show_error_dialog (self, _("Can’t Create the Preset"), error->message);
  else
    show_editor_when_folded (self);
}

void
prefs_presets_page_add_from_set (PrefsPresetsPage   *self,
                                 const char         *suggested_name,
                                 PrefsPreferenceSet *set)
{
  g_autofree char *initial = NULL;

  g_return_if_fail (PREFS_IS_PRESETS_PAGE (self));
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (set));

  if (suggested_name == NULL || suggested_name[0] == '\0')
    suggested_name = _("New Preset");
  initial = unique_name (self, suggested_name);

  /* A copy: the set it came from may go on changing. */
  ask_name (self, _("Save as Preset"),
            _("The preferences are kept on this computer under this name, to apply to other "
              "users later."),
            initial, _("_Save"), 0, create_named, prefs_preference_set_copy (set),
            g_object_unref);
}

/* ---- saving, renaming, duplicating, deleting ---- */

gboolean
prefs_presets_page_save_selected (PrefsPresetsPage  *self,
                                  GError           **error)
{
  g_autoptr(PrefsPreferenceSet) saved = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_selection (self, error))
    return FALSE;
  if (self->working == NULL)
    {
      g_set_error_literal (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_UNREADABLE,
                           _("The preset could not be read, so there is nothing to save"));
      return FALSE;
    }

  json = canonical_json (self->working);
  if (prefs_store_save_preset (self->store, self->selected_id, self->selected_name, json,
                               error) == 0)
    return FALSE;

  /* The tree stays (and so does what is expanded); only its base moves. */
  saved = prefs_preference_set_copy (self->working);
  g_set_object (&self->base, saved);
  prefs_preference_tree_set_base (self->tree, saved);
  on_tree_dirty (self);
  return TRUE;
}

void
prefs_presets_page_revert_selected (PrefsPresetsPage *self)
{
  g_autoptr(PrefsPreferenceSet) working = NULL;

  g_return_if_fail (PREFS_IS_PRESETS_PAGE (self));

  if (self->base == NULL)
    return;

  working = prefs_preference_set_copy (self->base);
  set_sets (self, self->base, working);
}

gboolean
prefs_presets_page_rename_selected (PrefsPresetsPage  *self,
                                    const char        *name,
                                    GError           **error)
{
  g_autoptr(PrefsStoredPreset) preset = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_selection (self, error))
    return FALSE;

  stripped = g_strstrip (g_strdup (name));
  if (g_strcmp0 (stripped, self->selected_name) == 0)
    return TRUE;
  if (!check_name (self, stripped, self->selected_id, error))
    return FALSE;

  /* Written with the text as saved: renaming does not save the edits. */
  preset = prefs_store_get_preset (self->store, self->selected_id, error);
  if (preset == NULL)
    return FALSE;
  if (prefs_store_save_preset (self->store, self->selected_id, stripped, preset->json,
                               error) == 0)
    return FALSE;

  g_free (self->selected_name);
  self->selected_name = g_steal_pointer (&stripped);
  reload_list (self);
  update_title (self);
  return TRUE;
}

gint64
prefs_presets_page_duplicate_selected (PrefsPresetsPage  *self,
                                       GError           **error)
{
  g_autoptr(PrefsStoredPreset) preset = NULL;
  g_autofree char *copy_name = NULL;
  g_autofree char *name = NULL;
  gint64 id;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!require_selection (self, error))
    return 0;

  preset = prefs_store_get_preset (self->store, self->selected_id, error);
  if (preset == NULL)
    return 0;

  /* Translators: the name of a duplicated preset */
  copy_name = g_strdup_printf (_("Copy of %s"), preset->name);
  name = unique_name (self, copy_name);
  id = create_preset (self, name, preset->json, error);
  if (id != 0)
    request_select (self, id);
  return id;
}

static void
on_undo_delete (AdwToast         *toast,
                PrefsPresetsPage *self)
{
  PrefsStoredPreset *preset = g_object_get_data (G_OBJECT (toast), "deleted-preset");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (preset == NULL || self->store == NULL)
    return;

  /* Someone may have taken the name since: keep both rather than fail. */
  name = unique_name (self, preset->name);
  id = create_preset (self, name, preset->json, &error);
  g_object_set_data (G_OBJECT (toast), "deleted-preset", NULL);

  if (id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not restore the preset: %s"),
                                                  error->message);

      toast_message (self, message);
      return;
    }

  request_select (self, id);
}

gboolean
prefs_presets_page_delete_selected (PrefsPresetsPage  *self,
                                    GError           **error)
{
  g_autoptr(PrefsStoredPreset) preset = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint position;
  guint n;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_selection (self, error))
    return FALSE;

  preset = prefs_store_get_preset (self->store, self->selected_id, error);
  if (preset == NULL)
    return FALSE;
  if (!prefs_store_delete_preset (self->store, self->selected_id, error))
    return FALSE;

  position = find_position (self, self->selected_id);
  clear_selection (self);
  reload_list (self);

  /* The neighbour takes the deleted preset's place. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  if (n > 0)
    {
      g_autoptr(PrefsPresetItem) item = NULL;

      if (position == GTK_INVALID_LIST_POSITION || position >= n)
        position = n - 1;
      item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
      open_preset (self, item->id);
    }

  /* Translators: a toast after deleting a preset */
  title = g_strdup_printf (_("Preset “%s” deleted"), preset->name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "deleted-preset", g_steal_pointer (&preset),
                          (GDestroyNotify) prefs_stored_preset_free);
  /* The toast lives in the window's overlay, so its button reaches the
   * page through a signal that ends with the page. */
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete), self, 0);
  show_toast (self, toast);
  return TRUE;
}

/* ---- import and export ---- */

/* Reads at most one byte over the bound, so a huge file is refused by
 * prefs_json_parse without being read whole. */
static GBytes *
read_bounded (GFile   *file,
              GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = NULL;
  gsize size = (gsize) PREFS_JSON_MAX_BYTES + 1;
  gsize length = 0;

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  buffer = g_malloc (size);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, size, &length, NULL, error))
    return NULL;

  return g_bytes_new_take (g_realloc (g_steal_pointer (&buffer), MAX (length, 1)), length);
}

/* A wrapper {"name", "preferences"} or a bare PreferenceSet. A
 * PreferenceSet has neither member, so either one marks the wrapper. */
static PrefsPreferenceSet *
read_document (JsonNode  *root,
               char     **out_name,
               GError   **error)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autofree char *name = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      prefs_problems_add (problems, "", PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected a preset or a preference set object, got %s",
                          prefs_json_describe_type (root));
      prefs_problems_to_error (problems, error);
      return NULL;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "preferences") || json_object_has_member (object, "name"))
    {
      prefs_json_read_string (object, "", "name", PREFS_JSON_NULLABLE, &name, problems);
      if (json_object_has_member (object, "preferences"))
        set = prefs_preference_set_new_from_json_full (json_object_get_member (object,
                                                                               "preferences"),
                                                       "preferences", problems);
      else
        prefs_problems_add (problems, "preferences", PREFS_PARSE_ERROR_MISSING_FIELD,
                            "missing: a preset file holds its set under \"preferences\"");
    }
  else
    {
      set = prefs_preference_set_new_from_json_full (root, "", problems);
    }

  if (!prefs_problems_to_error (problems, error))
    return NULL;

  *out_name = g_steal_pointer (&name);
  return g_steal_pointer (&set);
}

static char *
name_from_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  char *name;

  if (basename == NULL)
    return NULL;
  if (g_str_has_suffix (basename, ".json"))
    basename[strlen (basename) - strlen (".json")] = '\0';

  name = g_utf8_make_valid (basename, -1);
  return g_strstrip (name);
}

gint64
prefs_presets_page_import_file (PrefsPresetsPage  *self,
                                GFile             *file,
                                GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autofree char *read_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *json = NULL;
  g_autofree char *message = NULL;
  gint64 id;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), 0);
  g_return_val_if_fail (G_IS_FILE (file), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!require_store (self, error))
    return 0;

  bytes = read_bounded (file, error);
  if (bytes == NULL)
    return 0;

  root = prefs_json_parse (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                           error);
  if (root == NULL)
    return 0;

  set = read_document (root, &read_name, error);
  if (set == NULL)
    return 0;

  if (read_name != NULL)
    g_strstrip (read_name);
  if (read_name == NULL || read_name[0] == '\0')
    {
      g_free (read_name);
      read_name = name_from_file (file);
    }
  if (read_name == NULL || read_name[0] == '\0')
    {
      g_free (read_name);
      read_name = g_strdup (_("Imported Preset"));
    }

  name = unique_name (self, read_name);
  json = canonical_json (set);
  id = create_preset (self, name, json, error);
  if (id == 0)
    return 0;

  request_select (self, id);

  /* Translators: a toast after importing a preset file */
  message = g_strdup_printf (_("Imported “%s”"), name);
  toast_message (self, message);
  return id;
}

gboolean
prefs_presets_page_export_file (PrefsPresetsPage  *self,
                                gint64             id,
                                GFile             *file,
                                GError           **error)
{
  g_autoptr(PrefsStoredPreset) preset = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_store (self, error))
    return FALSE;

  preset = prefs_store_get_preset (self->store, id, error);
  if (preset == NULL)
    return FALSE;

  set = prefs_preference_set_new_from_data (preset->json, -1, error);
  if (set == NULL)
    return FALSE;

  object = json_object_new ();
  json_object_set_string_member (object, "name", preset->name);
  json_object_set_member (object, "preferences",
                          prefs_preference_set_to_request_json (set, FALSE));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);

  json = prefs_json_to_string (root, TRUE);
  text = g_string_new (json);
  g_string_append_c (text, '\n');

  return g_file_replace_contents (file, text->str, text->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

gint64
prefs_presets_page_import_and_report (PrefsPresetsPage *self,
                                      GFile            *file)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), 0);
  g_return_val_if_fail (G_IS_FILE (file), 0);

  id = prefs_presets_page_import_file (self, file, &error);
  if (id == 0)
    {
      /* Translators: the body of the dialog after a failed import; %s is
       * the list of problems, one "field path: problem" per line */
      g_autofree char *body = g_strdup_printf (_("Nothing was imported.\n\n%s"), error->message);

      show_error_dialog (self, _("Can’t Import the Preset"), body);
      return 0;
    }

  show_editor_when_folded (self);
  return id;
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  return filter;
}

static void
drop_file_chooser (PrefsPresetsPage *self)
{
  if (self->file_chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->file_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
}

static void
on_import_response (GtkNativeDialog  *native,
                    int               response,
                    PrefsPresetsPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  drop_file_chooser (self);

  if (file != NULL)
    prefs_presets_page_import_and_report (self, file);
}

static void
on_export_response (GtkNativeDialog  *native,
                    int               response,
                    PrefsPresetsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  drop_file_chooser (self);

  if (file == NULL)
    return;

  if (!prefs_presets_page_export_file (self, self->export_id, file, &error))
    {
      show_error_dialog (self, _("Can’t Export the Preset"), error->message);
      return;
    }
  toast_message (self, _("Preset exported"));
}

static void
open_file_chooser (PrefsPresetsPage     *self,
                   GtkFileChooserAction  action,
                   const char           *title,
                   const char           *accept,
                   GCallback             on_response)
{
  g_autoptr(GtkFileFilter) filter = json_filter ();

  drop_file_chooser (self);
  self->file_chooser = gtk_file_chooser_native_new (title, parent_window (self), action,
                                                    accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), filter);
  g_signal_connect (self->file_chooser, "response", on_response, self);
}

/* ---- actions ---- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);
  g_autofree char *initial = unique_name (self, _("New Preset"));

  ask_name (self, _("New Preset"),
            _("A preset is a named preference set that can be applied to many users at once."),
            initial, _("_Create"), 0, create_named, NULL, NULL);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);

  open_file_chooser (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Import Preset"), _("_Import"),
                     G_CALLBACK (on_import_response));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);
  g_autofree char *file_name = NULL;

  if (self->selected_id == 0)
    return;

  self->export_id = self->selected_id;
  file_name = g_strdup_printf ("%s.json", self->selected_name);
  /* A name cannot hold a directory separator. */
  g_strdelimit (file_name, G_DIR_SEPARATOR_S, '-');

  open_file_chooser (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Preset"), _("_Export"),
                     G_CALLBACK (on_export_response));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->file_chooser), file_name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!is_dirty (self))
    return;

  if (!prefs_presets_page_save_selected (self, &error))
    show_error_dialog (self, _("Can’t Save the Preset"), error->message);
  else
    toast_message (self, _("Preset saved"));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  prefs_presets_page_revert_selected (PREFS_PRESETS_PAGE (widget));
}

static void
rename_named (PrefsPresetsPage *self,
              const char       *name,
              gpointer          data)
{
  g_autoptr(GError) error = NULL;

  if (!prefs_presets_page_rename_selected (self, name, &error))
    show_error_dialog (self, _("Can’t Rename the Preset"), error->message);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);

  if (self->selected_id == 0)
    return;

  ask_name (self, _("Rename Preset"), NULL, self->selected_name, _("_Rename"),
            self->selected_id, rename_named, NULL, NULL);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (prefs_presets_page_duplicate_selected (self, &error) == 0)
    show_error_dialog (self, _("Can’t Duplicate the Preset"), error->message);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!prefs_presets_page_delete_selected (self, &error))
    show_error_dialog (self, _("Can’t Delete the Preset"), error->message);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);

  if (self->selected_id == 0 || is_dirty (self))
    return;

  g_signal_emit (self, signals[APPLY], 0, self->selected_id);
}

static void
add_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->preference_view), "preferences.add",
                                      parameter);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- GObject ---- */

static void
prefs_presets_page_dispose (GObject *object)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (object);

  drop_file_chooser (self);
  if (self->tree != NULL)
    g_clear_signal_handler (&self->tree_dirty_id, self->tree);

  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_PRESETS_PAGE);

  g_clear_object (&self->tree);
  g_clear_object (&self->working);
  g_clear_object (&self->base);
  g_clear_object (&self->sorted);
  g_clear_object (&self->presets);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (prefs_presets_page_parent_class)->dispose (object);
}

static void
prefs_presets_page_finalize (GObject *object)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (object);

  g_free (self->selected_name);

  G_OBJECT_CLASS (prefs_presets_page_parent_class)->finalize (object);
}

static void
prefs_presets_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, is_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_presets_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PrefsPresetsPage *self = PREFS_PRESETS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      prefs_presets_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_presets_page_class_init (PrefsPresetsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_presets_page_dispose;
  object_class->finalize = prefs_presets_page_finalize;
  object_class->get_property = prefs_presets_page_get_property;
  object_class->set_property = prefs_presets_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PREFS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/prefs-presets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, preset_list);
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, broken_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsPresetsPage, preference_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_view_message);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "presets.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "presets.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "presets.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "presets.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "presets.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "presets.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "presets.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "presets.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "presets.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "presets.add-key", "i", add_key_action);
  gtk_widget_class_install_action (widget_class, "presets.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "presets.save", NULL);

  g_type_ensure (PREFS_TYPE_PREFERENCE_VIEW);
}

static void
prefs_presets_page_init (PrefsPresetsPage *self)
{
  GtkStringSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->presets = g_list_store_new (PREFS_TYPE_PRESET_ITEM);
  sorter = gtk_string_sorter_new (gtk_property_expression_new (PREFS_TYPE_PRESET_ITEM, NULL,
                                                               "name"));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->presets)),
                                          GTK_SORTER (sorter));
  gtk_list_box_bind_model (self->preset_list, G_LIST_MODEL (self->sorted),
                           create_row, NULL, NULL);

  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  update_title (self);
  update_actions (self);
}

GtkWidget *
prefs_presets_page_new (void)
{
  return g_object_new (PREFS_TYPE_PRESETS_PAGE, NULL);
}

PrefsStore *
prefs_presets_page_get_store (PrefsPresetsPage *self)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), NULL);
  return self->store;
}

void
prefs_presets_page_set_store (PrefsPresetsPage *self,
                              PrefsStore       *store)
{
  g_return_if_fail (PREFS_IS_PRESETS_PAGE (self));
  g_return_if_fail (store == NULL || PREFS_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  clear_selection (self);
  reload_list (self);
  open_first (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
prefs_presets_page_reload (PrefsPresetsPage *self)
{
  g_return_if_fail (PREFS_IS_PRESETS_PAGE (self));

  reload_list (self);
  if (self->selected_id == 0)
    open_first (self);
}

guint
prefs_presets_page_get_n_presets (PrefsPresetsPage *self)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->presets));
}

GListModel *
prefs_presets_page_get_model (PrefsPresetsPage *self)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

gboolean
prefs_presets_page_select_preset (PrefsPresetsPage *self,
                                  gint64            id)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), FALSE);

  if (find_position (self, id) == GTK_INVALID_LIST_POSITION)
    return FALSE;
  return request_select (self, id);
}

gint64
prefs_presets_page_get_selected_id (PrefsPresetsPage *self)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), 0);
  return self->selected_id;
}

const char *
prefs_presets_page_get_selected_name (PrefsPresetsPage *self)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), NULL);
  return self->selected_name;
}

PrefsPreferenceTree *
prefs_presets_page_get_tree (PrefsPresetsPage *self)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), NULL);
  return self->tree;
}

gboolean
prefs_presets_page_get_dirty (PrefsPresetsPage *self)
{
  g_return_val_if_fail (PREFS_IS_PRESETS_PAGE (self), FALSE);
  return is_dirty (self);
}

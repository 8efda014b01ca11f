/* test-presets-page.c: create, edit, save, rename, duplicate, delete, import and export presets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "console-test-util.h"
#include "prefs-json.h"
#include "prefs-presets-page.h"

typedef struct
{
  PrefsStore       *store;
  GtkWidget        *window;
  PrefsPresetsPage *page;
  GPtrArray        *toasts;
  gint64            applied;
  char             *tmpdir;
} Fixture;

static void
on_toast (PrefsPresetsPage *page,
          AdwToast         *toast,
          Fixture          *fixture)
{
  g_ptr_array_add (fixture->toasts, g_object_ref (toast));
}

static void
on_apply (PrefsPresetsPage *page,
          gint64            id,
          Fixture          *fixture)
{
  fixture->applied = id;
}

static void
open_page (Fixture *fixture)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 600);
  fixture->page = PREFS_PRESETS_PAGE (prefs_presets_page_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  g_signal_connect (fixture->page, "toast", G_CALLBACK (on_toast), fixture);
  g_signal_connect (fixture->page, "apply", G_CALLBACK (on_apply), fixture);
  g_object_set (fixture->page, "store", fixture->store, NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  console_test_spin (0.05);
}

static void
close_page (Fixture *fixture)
{
  PrefsPresetsPage *page = fixture->page;

  if (fixture->window == NULL)
    return;

  g_object_ref (page);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  fixture->page = NULL;
  g_assert_finalize_object (page);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = prefs_store_new (":memory:", &error);
  g_assert_no_error (error);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->tmpdir = g_dir_make_tmp ("test-presets-XXXXXX", &error);
  g_assert_no_error (error);
  open_page (fixture);
}

static void
remove_tmpdir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_page (fixture);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  g_assert_finalize_object (fixture->store);
  remove_tmpdir (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

/* ---- helpers ---- */

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        g_assert_null (found);
        found = l->data;
      }
  return found;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  console_test_spin (0.02);
}

static GtkEditable *
dialog_entry (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);

  g_assert_nonnull (box);
  return GTK_EDITABLE (gtk_widget_get_first_child (box));
}

static GtkLabel *
dialog_problem (AdwMessageDialog *dialog)
{
  return GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (dialog_entry (dialog))));
}

static gint64
create (Fixture    *fixture,
        const char *name,
        const char *json)
{
  g_autoptr(PrefsPreferenceSet) set = console_test_parse_set (json);
  g_autoptr(GError) error = NULL;
  gint64 id = prefs_presets_page_create (fixture->page, name, set, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static PrefsPreferenceNode *
node (Fixture    *fixture,
      const char *path)
{
  PrefsPreferenceTree *tree = prefs_presets_page_get_tree (fixture->page);
  PrefsPreferenceNode *found;

  g_assert_nonnull (tree);
  found = prefs_preference_tree_find (tree, path);
  g_assert_nonnull (found);
  return found;
}

static char *
stored_json (Fixture *fixture,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsStoredPreset) preset = prefs_store_get_preset (fixture->store, id, &error);

  g_assert_no_error (error);
  return g_strdup (preset->json);
}

/* The names in the page's list, in its order, joined by "|". */
static char *
listed_names (Fixture *fixture)
{
  GListModel *model = prefs_presets_page_get_model (fixture->page);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *name = NULL;

      g_object_get (item, "name", &name, NULL);
      if (i > 0)
        g_string_append_c (names, '|');
      g_string_append (names, name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gint64
find_by_name (Fixture    *fixture,
              const char *name)
{
  g_autoptr(GPtrArray) presets = prefs_store_list_presets (fixture->store, NULL);

  g_assert_nonnull (presets);
  for (guint i = 0; i < presets->len; i++)
    {
      PrefsStoredPreset *preset = g_ptr_array_index (presets, i);

      if (g_strcmp0 (preset->name, name) == 0)
        return preset->id;
    }
  return 0;
}

static GtkWidget *
find_status_page (GtkWidget  *widget,
                  const char *title)
{
  if (ADW_IS_STATUS_PAGE (widget) &&
      g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_status_page (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* ---- tests ---- */

static void
test_empty_and_new (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *empty = find_status_page (GTK_WIDGET (fixture->page), "No Presets");
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  g_assert_nonnull (empty);
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 0);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, 0);
  g_assert_null (prefs_presets_page_get_tree (fixture->page));
  g_assert_true (gtk_widget_get_mapped (empty));

  /* New Preset asks for a name, and refuses an empty one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.new", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  entry = dialog_entry (dialog);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "New Preset");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));

  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog_problem (dialog))));
  g_assert_cmpstr (gtk_label_get_text (dialog_problem (dialog)), ==, "A preset needs a name");

  gtk_editable_set_text (entry, " Quiet hours ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog_problem (dialog))));
  respond (dialog, "ok");

  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 1);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "Quiet hours");
  g_assert_nonnull (prefs_presets_page_get_tree (fixture->page));
  g_assert_false (prefs_presets_page_get_dirty (fixture->page));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.email")), ==,
                   PREFS_TOGGLE_UNSET);
  console_test_spin (0.05);
  g_assert_false (gtk_widget_get_mapped (empty));
  /* Wide enough for the list and the editor side by side. */
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (find_widget (GTK_WIDGET (fixture->page),
                                                                   ADW_TYPE_LEAFLET))));

  /* A second New Preset proposes a free name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.new", NULL));
  dialog = find_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (dialog_entry (dialog)), ==, "New Preset");
  gtk_editable_set_text (dialog_entry (dialog), "Quiet hours");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  g_assert_cmpstr (gtk_label_get_text (dialog_problem (dialog)), ==,
                   "A preset named “Quiet hours” already exists");
  respond (dialog, "cancel");
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 1);
}

static void
test_edit_save_reopen (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) saved_set = NULL;
  g_autofree char *json = NULL;
  PrefsPreferenceTree *tree;
  gint64 id;
  gint64 other;

  other = create (fixture, "Another", "{}");
  id = create (fixture, "Email only", "{\"channel_types\": {\"email\": true}}");
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, id);
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.email")), ==,
                   PREFS_TOGGLE_ON);

  /* Edits go through the tree; the page says there is something to save. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.sms"),
                                                  PREFS_TOGGLE_OFF, NULL));
  tree = prefs_presets_page_get_tree (fixture->page);
  g_assert_true (prefs_preference_tree_add_key (tree, PREFS_NODE_WORKFLOW, "new-comment", NULL));
  g_assert_true (prefs_preference_node_set_state (
                   node (fixture, "workflows.new-comment.channel_types.push"),
                   PREFS_TOGGLE_OFF, NULL));
  g_assert_true (prefs_presets_page_get_dirty (fixture->page));

  /* Apply means the preset as saved, so it waits for the save. */
  fixture->applied = 0;
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.apply", NULL);
  g_assert_cmpint (fixture->applied, ==, 0);

  /* Nothing is written before Save. */
  json = stored_json (fixture, id);
  g_assert_null (strstr (json, "sms"));
  g_clear_pointer (&json, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.save", NULL));
  g_assert_false (prefs_presets_page_get_dirty (fixture->page));
  g_assert_true (prefs_presets_page_get_tree (fixture->page) == tree);

  json = stored_json (fixture, id);
  g_assert_null (strstr (json, "\"id\""));
  saved_set = console_test_parse_set (json);
  g_assert_true (prefs_preference_set_equal (saved_set,
                                             prefs_preference_tree_get_working (tree)));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.apply", NULL);
  g_assert_cmpint (fixture->applied, ==, id);

  /* A new page on the same store shows what was saved. */
  close_page (fixture);
  open_page (fixture);
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 2);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, other);
  g_assert_true (prefs_presets_page_select_preset (fixture->page, id));
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "Email only");
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.sms")), ==,
                   PREFS_TOGGLE_OFF);
  g_assert_cmpint (prefs_preference_node_get_state (
                     node (fixture, "workflows.new-comment.channel_types.push")), ==,
                   PREFS_TOGGLE_OFF);
  g_assert_false (prefs_presets_page_get_dirty (fixture->page));

  /* Revert drops edits. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.email"),
                                                  PREFS_TOGGLE_UNSET, NULL));
  g_assert_true (prefs_presets_page_get_dirty (fixture->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.revert",
                                             NULL));
  g_assert_false (prefs_presets_page_get_dirty (fixture->page));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.email")), ==,
                   PREFS_TOGGLE_ON);
}

static void
test_unsaved_switch (Fixture       *fixture,
                     gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkListBox *list;
  g_autofree char *a_before = NULL;
  g_autofree char *a_after = NULL;
  g_autofree char *b_after = NULL;
  gint64 a;
  gint64 b;

  b = create (fixture, "B", "{}");
  a = create (fixture, "A", "{\"channel_types\": {\"email\": true}}");
  a_before = stored_json (fixture, a);

  /* Without edits, switching is immediate. */
  g_assert_true (prefs_presets_page_select_preset (fixture->page, b));
  g_assert_null (find_dialog ());
  g_assert_true (prefs_presets_page_select_preset (fixture->page, a));

  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.email"),
                                                  PREFS_TOGGLE_OFF, NULL));

  /* Cancel stays on A with its edits. */
  g_assert_false (prefs_presets_page_select_preset (fixture->page, b));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "discard"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, a);
  respond (dialog, "cancel");
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, a);
  g_assert_true (prefs_presets_page_get_dirty (fixture->page));

  /* Discard opens B and leaves A as it was. */
  g_assert_false (prefs_presets_page_select_preset (fixture->page, b));
  respond (find_dialog (), "discard");
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, b);
  g_assert_false (prefs_presets_page_get_dirty (fixture->page));
  a_after = stored_json (fixture, a);
  g_assert_cmpstr (a_after, ==, a_before);

  /* Picking a row in the list asks the same question. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.email"),
                                                  PREFS_TOGGLE_ON, NULL));
  list = GTK_LIST_BOX (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, b);
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 1));
  respond (dialog, "discard");
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, a);
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 0));
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (find_dialog ());
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, b);

  /* Save writes B, then opens A. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.chat"),
                                                  PREFS_TOGGLE_ON, NULL));
  g_assert_false (prefs_presets_page_select_preset (fixture->page, a));
  respond (find_dialog (), "save");
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, a);
  b_after = stored_json (fixture, b);
  g_assert_nonnull (strstr (b_after, "\"chat\":true"));
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json_before = NULL;
  g_autofree char *json_after = NULL;
  g_autofree char *names = NULL;
  AdwMessageDialog *dialog;
  gint64 beta;

  create (fixture, "Alpha", "{}");
  beta = create (fixture, "Beta", "{\"channel_types\": {\"sms\": false}}");
  json_before = stored_json (fixture, beta);

  /* Unsaved edits stay unsaved through a rename. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.sms"),
                                                  PREFS_TOGGLE_ON, NULL));

  g_assert_false (prefs_presets_page_rename_selected (fixture->page, "Alpha", &error));
  g_assert_error (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_NAME_TAKEN);
  g_assert_cmpstr (error->message, ==, "A preset named “Alpha” already exists");
  g_clear_error (&error);

  g_assert_false (prefs_presets_page_rename_selected (fixture->page, "  ", &error));
  g_assert_error (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_EMPTY_NAME);
  g_clear_error (&error);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "Beta");

  g_assert_true (prefs_presets_page_rename_selected (fixture->page, "Aardvark", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "Aardvark");
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, beta);
  g_assert_true (prefs_presets_page_get_dirty (fixture->page));
  json_after = stored_json (fixture, beta);
  g_assert_cmpstr (json_after, ==, json_before);
  names = listed_names (fixture);
  g_assert_cmpstr (names, ==, "Aardvark|Alpha");
  g_clear_pointer (&names, g_free);

  /* The dialog says why a name cannot be used before it is accepted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.rename", NULL));
  dialog = find_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (dialog_entry (dialog)), ==, "Aardvark");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  gtk_editable_set_text (dialog_entry (dialog), "Alpha");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog_problem (dialog))));
  g_assert_cmpstr (gtk_label_get_text (dialog_problem (dialog)), ==,
                   "A preset named “Alpha” already exists");
  gtk_editable_set_text (dialog_entry (dialog), "Zebra");
  respond (dialog, "ok");
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "Zebra");
  names = listed_names (fixture);
  g_assert_cmpstr (names, ==, "Alpha|Zebra");
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *names = NULL;
  gint64 alpha;
  gint64 first;
  gint64 second;

  alpha = create (fixture, "Alpha", "{\"workflows\": {\"welcome\": false}}");
  original = stored_json (fixture, alpha);

  first = prefs_presets_page_duplicate_selected (fixture->page, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (first, !=, alpha);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, first);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "Copy of Alpha");
  copy = stored_json (fixture, first);
  g_assert_cmpstr (copy, ==, original);

  g_assert_true (prefs_presets_page_select_preset (fixture->page, alpha));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.duplicate",
                                             NULL));
  second = prefs_presets_page_get_selected_id (fixture->page);
  g_assert_cmpint (second, !=, alpha);
  g_assert_cmpint (second, !=, first);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==,
                   "Copy of Alpha (2)");
  names = listed_names (fixture);
  g_assert_cmpstr (names, ==, "Alpha|Copy of Alpha|Copy of Alpha (2)");
}

static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *restored_json = NULL;
  AdwToast *toast;
  gint64 a;
  gint64 b;
  gint64 restored;

  b = create (fixture, "B", "{}");
  a = create (fixture, "A", "{\"categories\": {\"marketing\": false}, "
                           "\"commercial_subscribed\": false}");
  json = stored_json (fixture, a);
  g_ptr_array_set_size (fixture->toasts, 0);

  g_assert_true (prefs_presets_page_delete_selected (fixture->page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 1);
  g_assert_cmpint (find_by_name (fixture, "A"), ==, 0);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, b);

  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  toast = g_ptr_array_index (fixture->toasts, 0);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Preset “A” deleted");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");

  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 2);
  restored = find_by_name (fixture, "A");
  g_assert_cmpint (restored, >, 0);
  restored_json = stored_json (fixture, restored);
  g_assert_cmpstr (restored_json, ==, json);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, restored);

  /* A second click does not make a second copy. */
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 2);

  /* Deleting the last one shows the empty page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.delete", NULL));
  g_assert_true (prefs_presets_page_delete_selected (fixture->page, &error));
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 0);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, 0);
  g_assert_false (prefs_presets_page_delete_selected (fixture->page, &error));
  g_assert_error (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_NO_SELECTION);
  console_test_spin (0.05);
  g_assert_true (gtk_widget_get_mapped (find_status_page (GTK_WIDGET (fixture->page),
                                                          "No Presets")));
}

static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *rich =
    "{\"channel_types\": {\"email\": true, \"sms\": false},"
    " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\": {\"email\": false,"
    "   \"in_app_feed\": true}},"
    "   \"welcome\": {\"conditions\": [{\"variable\": \"recipient.tier\","
    "     \"operator\": \"equal_to\", \"argument\": \"gold\"}]}},"
    " \"categories\": {\"marketing\": false},"
    " \"commercial_subscribed\": true}";
  g_autofree char *path = g_build_filename (fixture->tmpdir, "Rich.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bare = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *original = NULL;
  g_autofree char *imported_json = NULL;
  g_autofree char *bare_json = NULL;
  JsonObject *object;
  gint64 id;
  gint64 imported;
  gint64 from_bare;

  id = create (fixture, "Rich", rich);
  original = stored_json (fixture, id);

  g_assert_true (prefs_presets_page_export_file (fixture->page, id, file, &error));
  g_assert_no_error (error);

  /* The wrapper, indented, without the set's id. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_true (g_str_has_suffix (contents, "}\n"));
  g_assert_nonnull (strstr (contents, "\n  \"name\": \"Rich\""));
  root = prefs_json_parse (contents, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Rich");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "preferences")));
  g_assert_false (json_object_has_member (json_object_get_object_member (object, "preferences"),
                                          "id"));

  imported = prefs_presets_page_import_file (fixture->page, file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imported, >, 0);
  g_assert_cmpint (imported, !=, id);
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, imported);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "Rich (2)");
  imported_json = stored_json (fixture, imported);
  g_assert_cmpstr (imported_json, ==, original);

  /* A bare set as the API answers it (id, __typename): named after the file. */
  bare = write_file (fixture, "From the API.json",
                     "{\"__typename\": \"PreferenceSet\", \"id\": \"default\","
                     " \"channel_types\": {\"push\": false}, \"channels\": null,"
                     " \"workflows\": null, \"categories\": null,"
                     " \"commercial_subscribed\": null}");
  from_bare = prefs_presets_page_import_file (fixture->page, bare, &error);
  g_assert_no_error (error);
  g_assert_cmpint (from_bare, >, 0);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "From the API");
  bare_json = stored_json (fixture, from_bare);
  g_assert_null (strstr (bare_json, "\"id\""));
  g_assert_null (strstr (bare_json, "__typename"));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.push")), ==,
                   PREFS_TOGGLE_OFF);
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 3);
}

typedef struct
{
  const char *file_name;
  const char *contents;
  GQuark      domain;
  int         code;
  const char *needles[3];
} BadFile;

static void
test_import_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  const BadFile bad[] = {
    { "malformed.json", "{\"channel_types\": {\"email\": tru",
      PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON, { "byte offset", NULL } },
    { "fax.json", "{\"channel_types\": {\"email\": true, \"fax\": true}}",
      PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE, { "channel_types.fax", NULL } },
    { "wrapped-fax.json",
      "{\"name\": \"Fax\", \"preferences\": {\"workflows\": {\"a\": {\"channel_types\":"
      " {\"fax\": false}}}}}",
      PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE,
      { "preferences.workflows.a.channel_types.fax", NULL } },
    { "wrong-types.json", "{\"name\": 5, \"preferences\": {\"channel_types\": []}}",
      PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE,
      { "name: ", "preferences.channel_types: ", NULL } },
    { "not-a-set.json", "{\"name\": \"X\", \"preferences\": [true]}",
      PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE, { "preferences: ", NULL } },
    { "no-set.json", "{\"name\": \"X\"}",
      PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_MISSING_FIELD, { "preferences: ", NULL } },
    { "array.json", "[1, 2]",
      PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE, { "an array", NULL } },
  };
  g_autofree char *missing_path = g_build_filename (fixture->tmpdir, "missing.json", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GError) error = NULL;
  gint64 kept;

  kept = create (fixture, "Kept", "{}");
  g_ptr_array_set_size (fixture->toasts, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GFile) file = write_file (fixture, bad[i].file_name, bad[i].contents);

      g_test_message ("importing %s", bad[i].file_name);
      g_assert_cmpint (prefs_presets_page_import_file (fixture->page, file, &error), ==, 0);
      g_assert_error (error, bad[i].domain, bad[i].code);
      for (guint n = 0; bad[i].needles[n] != NULL; n++)
        g_assert_nonnull (strstr (error->message, bad[i].needles[n]));
      g_clear_error (&error);

      g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 1);
      g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, kept);
    }

  /* What a person sees: every problem, by field path, in a dialog. */
  {
    g_autoptr(GFile) file = write_file (fixture, "two-problems.json",
                                        "{\"name\": \"Two\", \"preferences\": {\"channel_types\":"
                                        " {\"fax\": true}, \"workflows\": {\"a\": 3}}}");
    AdwMessageDialog *dialog;
    const char *body;

    g_assert_null (find_dialog ());
    g_assert_cmpint (prefs_presets_page_import_and_report (fixture->page, file), ==, 0);
    dialog = find_dialog ();
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Can’t Import the Preset");
    body = adw_message_dialog_get_body (dialog);
    g_assert_true (g_str_has_prefix (body, "Nothing was imported."));
    g_assert_nonnull (strstr (body, "\npreferences.channel_types.fax: "));
    g_assert_nonnull (strstr (body, "\npreferences.workflows.a: "));
    respond (dialog, "close");
    g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 1);
  }

  g_assert_cmpint (prefs_presets_page_import_file (fixture->page, missing, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 1);
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

static void
test_add_from_set (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autofree char *json = NULL;
  AdwMessageDialog *dialog;
  gint64 id;

  create (fixture, "jhammond", "{}");
  set = console_test_parse_set ("{\"id\": \"default\", \"channel_types\": {\"email\": false}}");

  prefs_presets_page_add_from_set (fixture->page, "jhammond", set);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save as Preset");
  g_assert_cmpstr (gtk_editable_get_text (dialog_entry (dialog)), ==, "jhammond (2)");

  /* The preset is what the set was when asked, not what it became. */
  prefs_preference_set_set_channel_types (set, NULL);
  respond (dialog, "ok");

  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 2);
  g_assert_cmpstr (prefs_presets_page_get_selected_name (fixture->page), ==, "jhammond (2)");
  id = prefs_presets_page_get_selected_id (fixture->page);
  g_assert_cmpint (id, ==, find_by_name (fixture, "jhammond (2)"));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.email")), ==,
                   PREFS_TOGGLE_OFF);
  json = stored_json (fixture, id);
  g_assert_null (strstr (json, "\"id\""));

  /* Cancel creates nothing. */
  prefs_presets_page_add_from_set (fixture->page, NULL, set);
  dialog = find_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (dialog_entry (dialog)), ==, "New Preset");
  respond (dialog, "cancel");
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 2);
}

static void
test_unreadable_preset (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->tmpdir, "broken.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *broken;
  gint64 id;

  /* Written by something else: the page says so and lets it be renamed
   * or deleted, but never edits or exports it. */
  id = prefs_store_save_preset (fixture->store, 0, "Broken",
                                "{\"channel_types\": {\"fax\": true}}", &error);
  g_assert_no_error (error);
  close_page (fixture);
  open_page (fixture);

  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, id);
  g_assert_null (prefs_presets_page_get_tree (fixture->page));
  console_test_spin (0.05);
  broken = find_status_page (GTK_WIDGET (fixture->page), "Can’t Read This Preset");
  g_assert_nonnull (broken);
  g_assert_true (gtk_widget_get_mapped (broken));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (broken)),
                            "channel_types.fax"));

  g_assert_false (prefs_presets_page_save_selected (fixture->page, &error));
  g_assert_error (error, PREFS_PRESETS_PAGE_ERROR, PREFS_PRESETS_PAGE_ERROR_UNREADABLE);
  g_clear_error (&error);
  g_assert_false (prefs_presets_page_export_file (fixture->page, id, file, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (prefs_presets_page_rename_selected (fixture->page, "Damaged", &error));
  g_assert_no_error (error);
  g_assert_true (prefs_presets_page_delete_selected (fixture->page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_presets_page_get_n_presets (fixture->page), ==, 0);
}

static void
test_folded (Fixture       *fixture,
             gconstpointer  data)
{
  AdwLeaflet *leaflet;
  GtkListBox *list;
  GtkWidget *list_pane;
  gint64 b;

  close_page (fixture);
  open_page (fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 600);
  create (fixture, "A", "{}");
  b = create (fixture, "B", "{}");
  console_test_spin (0.2);

  leaflet = ADW_LEAFLET (find_widget (GTK_WIDGET (fixture->page), ADW_TYPE_LEAFLET));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  list_pane = adw_leaflet_get_visible_child (leaflet);
  list = GTK_LIST_BOX (find_widget (list_pane, GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);

  /* Picking a preset in the narrow list opens its editor; Back returns. */
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 1));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpint (prefs_presets_page_get_selected_id (fixture->page), ==, b);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) != list_pane);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "presets.back", NULL));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == list_pane);
}

int
main (int   argc,
      char *argv[])
{
  if (!console_test_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/console/presets-page/empty-and-new", test_empty_and_new);
  ADD ("/console/presets-page/edit-save-reopen", test_edit_save_reopen);
  ADD ("/console/presets-page/unsaved-switch", test_unsaved_switch);
  ADD ("/console/presets-page/rename", test_rename);
  ADD ("/console/presets-page/duplicate", test_duplicate);
  ADD ("/console/presets-page/delete-undo", test_delete_undo);
  ADD ("/console/presets-page/export-import", test_export_import);
  ADD ("/console/presets-page/import-invalid", test_import_invalid);
  ADD ("/console/presets-page/add-from-set", test_add_from_set);
  ADD ("/console/presets-page/unreadable-preset", test_unreadable_preset);
  ADD ("/console/presets-page/folded", test_folded);

#undef ADD

  return g_test_run ();
}

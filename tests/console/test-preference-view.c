/* test-preference-view.c: the tree widget, its toggles and the conditions editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "console-test-util.h"
#include "prefs-conditions-dialog.h"
#include "prefs-node-label.h"
#include "prefs-preference-view.h"
#include "prefs-state-switch.h"

static const char *seed_json =
  "{\"channel_types\": {\"email\": true, \"sms\": false},"
  " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\":"
  "   {\"email\": false, \"in_app_feed\": true, \"sms\": true}}}}";

/* The three buttons of a switch, in order: not set, on, off. */
static GtkToggleButton *
switch_button (GtkWidget *state_switch,
               guint      index)
{
  GtkWidget *box = gtk_widget_get_first_child (state_switch);
  GtkWidget *button = gtk_widget_get_first_child (box);

  for (guint i = 0; i < index; i++)
    button = gtk_widget_get_next_sibling (button);
  return GTK_TOGGLE_BUTTON (button);
}

static void
test_state_switch (void)
{
  g_autoptr(PrefsPreferenceSet) base = console_test_parse_set (seed_json);
  g_autoptr(PrefsPreferenceSet) working = prefs_preference_set_copy (base);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (working, base);
  PrefsPreferenceNode *sms = prefs_preference_tree_find (tree, "channel_types.sms");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *state_switch = prefs_state_switch_new ();
  const char *path[] = { "channel_types", "sms", NULL };

  gtk_window_set_child (GTK_WINDOW (window), state_switch);
  prefs_node_cell_set_node (PREFS_NODE_CELL (state_switch), sms);
  gtk_window_present (GTK_WINDOW (window));

  /* It shows the entry's state: sms is off. */
  g_assert_false (gtk_toggle_button_get_active (switch_button (state_switch, 0)));
  g_assert_false (gtk_toggle_button_get_active (switch_button (state_switch, 1)));
  g_assert_true (gtk_toggle_button_get_active (switch_button (state_switch, 2)));

  /* Pressing "On" writes through to the working set. */
  gtk_toggle_button_set_active (switch_button (state_switch, 1), TRUE);
  g_assert_cmpint (prefs_preference_node_get_state (sms), ==, PREFS_TOGGLE_ON);
  g_assert_true (prefs_setting_get_bool (prefs_preference_set_lookup (working, path)));
  g_assert_true (prefs_preference_tree_get_dirty (tree));

  /* "Not set" removes the entry. */
  gtk_toggle_button_set_active (switch_button (state_switch, 0), TRUE);
  g_assert_null (prefs_preference_set_lookup (working, path));

  /* A change made elsewhere shows on the switch. */
  g_assert_true (prefs_preference_node_set_state (sms, PREFS_TOGGLE_OFF, NULL));
  g_assert_true (gtk_toggle_button_get_active (switch_button (state_switch, 2)));
  g_assert_false (gtk_toggle_button_get_active (switch_button (state_switch, 0)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_state_switch_refused (void)
{
  g_autoptr(PrefsPreferenceSet) set = console_test_parse_set ("{\"workflows\": {\"off\": false}}");
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  PrefsPreferenceNode *child = prefs_preference_tree_find (tree, "workflows.off.channel_types.email");
  GtkWidget *state_switch = g_object_ref_sink (prefs_state_switch_new ());

  prefs_node_cell_set_node (PREFS_NODE_CELL (state_switch), child);
  /* The children of a workflow that is off cannot be changed. */
  g_assert_false (gtk_widget_get_sensitive (gtk_widget_get_first_child (state_switch)));

  prefs_node_cell_set_node (PREFS_NODE_CELL (state_switch), NULL);
  g_assert_finalize_object (state_switch);
}

static void
on_message (PrefsPreferenceView *view,
            const char          *message,
            char               **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static void
test_view_actions (void)
{
  g_autoptr(PrefsPreferenceSet) set = console_test_parse_set (seed_json);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = prefs_preference_view_new ();
  g_autofree char *message = NULL;
  const char *workflow_path[] = { "workflows", "dinosaurs-loose", NULL };

  gtk_window_set_child (GTK_WINDOW (window), view);
  prefs_preference_view_set_tree (PREFS_PREFERENCE_VIEW (view), tree);
  g_signal_connect (view, "message", G_CALLBACK (on_message), &message);
  gtk_window_present (GTK_WINDOW (window));
  console_test_spin (0.2);

  g_assert_true (prefs_preference_view_get_tree (PREFS_PREFERENCE_VIEW (view)) == tree);

  gtk_widget_activate_action (view, "preferences.report-error", "s", "refused for a reason");
  g_assert_cmpstr (message, ==, "refused for a reason");

  g_assert_nonnull (prefs_preference_set_lookup (set, workflow_path));
  gtk_widget_activate_action (view, "preferences.remove", "s", "workflows.dinosaurs-loose");
  g_assert_null (prefs_preference_set_lookup (set, workflow_path));
  g_assert_null (prefs_preference_tree_find (tree, "workflows.dinosaurs-loose"));

  /* Expanding everything walks the growing model without trouble. */
  g_assert_true (prefs_preference_tree_add_key (tree, PREFS_NODE_WORKFLOW, "new-comment", NULL));
  prefs_preference_view_expand_all (PREFS_PREFERENCE_VIEW (view));
  console_test_spin (0.1);

  prefs_preference_view_set_tree (PREFS_PREFERENCE_VIEW (view), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_node_label (void)
{
  g_autoptr(PrefsPreferenceSet) base = console_test_parse_set (seed_json);
  g_autoptr(PrefsPreferenceSet) working = prefs_preference_set_copy (base);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (working, base);
  PrefsPreferenceNode *email = prefs_preference_tree_find (tree, "channel_types.email");
  GtkWidget *label = g_object_ref_sink (g_object_new (PREFS_TYPE_NODE_LABEL, "node", email, NULL));
  GtkWidget *box = gtk_widget_get_first_child (label);
  GtkWidget *text_box = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (text_box);
  GtkWidget *dirty = gtk_widget_get_next_sibling (text_box);
  GtkWidget *error = gtk_widget_get_next_sibling (dirty);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==, "Email");
  g_assert_false (gtk_widget_get_visible (dirty));
  g_assert_false (gtk_widget_get_visible (error));

  g_assert_true (prefs_preference_node_set_state (email, PREFS_TOGGLE_OFF, NULL));
  g_assert_true (gtk_widget_get_visible (dirty));

  prefs_preference_tree_set_field_error (tree, "channel_types.email", "not allowed here");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (error), ==, "not allowed here");

  prefs_node_cell_set_node (PREFS_NODE_CELL (label), NULL);
  g_assert_finalize_object (label);
}

static void
test_conditions_dialog (void)
{
  g_autoptr(PrefsPreferenceSet) set = console_test_parse_set (seed_json);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  PrefsPreferenceNode *sms = prefs_preference_tree_find (tree, "channel_types.sms");
  GtkWidget *dialog;
  GPtrArray *conditions;

  dialog = prefs_conditions_dialog_new (sms);
  g_assert_cmpuint (prefs_conditions_dialog_get_n_rows (PREFS_CONDITIONS_DIALOG (dialog)), ==, 0);

  /* A row without a variable is refused with a message, nothing written. */
  prefs_conditions_dialog_add_row (PREFS_CONDITIONS_DIALOG (dialog), "  ",
                                   PREFS_OPERATOR_EQUAL_TO, "US");
  g_assert_false (prefs_conditions_dialog_apply (PREFS_CONDITIONS_DIALOG (dialog)));
  g_assert_nonnull (prefs_conditions_dialog_get_problem (PREFS_CONDITIONS_DIALOG (dialog)));
  g_assert_cmpint (prefs_preference_node_get_state (sms), ==, PREFS_TOGGLE_OFF);
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = prefs_conditions_dialog_new (sms);
  prefs_conditions_dialog_add_row (PREFS_CONDITIONS_DIALOG (dialog), "recipient.country_code",
                                   PREFS_OPERATOR_EQUAL_TO, "US");
  /* A unary operator drops its argument. */
  prefs_conditions_dialog_add_row (PREFS_CONDITIONS_DIALOG (dialog), "recipient.phone_number",
                                   PREFS_OPERATOR_EXISTS, "ignored");
  g_assert_true (prefs_conditions_dialog_apply (PREFS_CONDITIONS_DIALOG (dialog)));
  g_assert_null (prefs_conditions_dialog_get_problem (PREFS_CONDITIONS_DIALOG (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpint (prefs_preference_node_get_state (sms), ==, PREFS_TOGGLE_CONDITIONAL);
  conditions = prefs_preference_node_get_conditions (sms);
  g_assert_cmpuint (conditions->len, ==, 2);
  g_assert_cmpstr (prefs_condition_get_argument (g_ptr_array_index (conditions, 0)), ==, "US");
  g_assert_cmpint (prefs_condition_get_operator (g_ptr_array_index (conditions, 1)), ==,
                   PREFS_OPERATOR_EXISTS);
  g_assert_null (prefs_condition_get_argument (g_ptr_array_index (conditions, 1)));

  /* The editor opens with what is there. */
  dialog = prefs_conditions_dialog_new (sms);
  g_assert_cmpuint (prefs_conditions_dialog_get_n_rows (PREFS_CONDITIONS_DIALOG (dialog)), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  if (!console_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/console/preference-view/state-switch", test_state_switch);
  g_test_add_func ("/console/preference-view/state-switch-refused", test_state_switch_refused);
  g_test_add_func ("/console/preference-view/actions", test_view_actions);
  g_test_add_func ("/console/preference-view/node-label", test_node_label);
  g_test_add_func ("/console/preference-view/conditions-dialog", test_conditions_dialog);

  return g_test_run ();
}

/* test-preference-tree.c: the tree of toggles over a PreferenceSet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "prefs-preference-tree.h"

/* The body of the seed document's setPreferences call. */
static const char *seed_json =
  "{\"channel_types\": {\"email\": true, \"sms\": false},"
  " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\":"
  "   {\"email\": false, \"in_app_feed\": true, \"sms\": true}}}}";

static PrefsPreferenceSet *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set = prefs_preference_set_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static PrefsPreferenceNode *
child (GListModel *model,
       guint       position)
{
  g_autoptr(PrefsPreferenceNode) node = g_list_model_get_item (model, position);

  g_assert_nonnull (node);
  return node;  /* the model keeps it alive */
}

static PrefsPreferenceNode *
find (PrefsPreferenceTree *tree,
      const char          *path)
{
  PrefsPreferenceNode *node = prefs_preference_tree_find (tree, path);

  g_assert_nonnull (node);
  return node;
}

static void
test_tree_empty (void)
{
  g_autoptr(PrefsPreferenceSet) set = prefs_preference_set_new ("default");
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  GListModel *root = prefs_preference_tree_get_root (tree);
  GListModel *channel_types;

  g_assert_cmpuint (g_list_model_get_n_items (root), ==, 5);
  g_assert_cmpstr (prefs_preference_node_get_key (child (root, 0)), ==, "channel_types");
  g_assert_cmpstr (prefs_preference_node_get_key (child (root, 1)), ==, "workflows");
  g_assert_cmpstr (prefs_preference_node_get_key (child (root, 2)), ==, "categories");
  g_assert_cmpstr (prefs_preference_node_get_key (child (root, 3)), ==, "channels");
  g_assert_cmpint (prefs_preference_node_get_kind (child (root, 4)), ==, PREFS_NODE_COMMERCIAL);

  channel_types = prefs_preference_node_get_children (child (root, 0));
  g_assert_cmpuint (g_list_model_get_n_items (channel_types), ==, PREFS_N_CHANNEL_TYPES);
  for (guint i = 0; i < PREFS_N_CHANNEL_TYPES; i++)
    g_assert_cmpint (prefs_preference_node_get_state (child (channel_types, i)), ==,
                     PREFS_TOGGLE_UNSET);
  g_assert_cmpstr (prefs_preference_node_get_key (child (channel_types, 1)), ==, "in_app_feed");

  g_assert_cmpuint (g_list_model_get_n_items (prefs_preference_node_get_children (child (root, 1))),
                    ==, 0);
  g_assert_false (prefs_preference_tree_get_dirty (tree));
}

static void
test_tree_seed_states (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse (seed_json);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  PrefsPreferenceNode *workflow = find (tree, "workflows.dinosaurs-loose");
  GListModel *children = prefs_preference_node_get_children (workflow);

  g_assert_cmpint (prefs_preference_node_get_state (find (tree, "channel_types.email")), ==,
                   PREFS_TOGGLE_ON);
  g_assert_cmpint (prefs_preference_node_get_state (find (tree, "channel_types.sms")), ==,
                   PREFS_TOGGLE_OFF);
  g_assert_cmpint (prefs_preference_node_get_state (find (tree, "channel_types.push")), ==,
                   PREFS_TOGGLE_UNSET);
  g_assert_cmpint (prefs_preference_node_get_state (workflow), ==, PREFS_TOGGLE_CUSTOM);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, PREFS_N_CHANNEL_TYPES);
  g_assert_cmpint (prefs_preference_node_get_state (
                     find (tree, "workflows.dinosaurs-loose.channel_types.email")),
                   ==, PREFS_TOGGLE_OFF);
  g_assert_cmpint (prefs_preference_node_get_state (
                     find (tree, "workflows.dinosaurs-loose.channel_types.in_app_feed")),
                   ==, PREFS_TOGGLE_ON);
  g_assert_cmpint (prefs_preference_node_get_state (
                     find (tree, "workflows.dinosaurs-loose.channel_types.chat")),
                   ==, PREFS_TOGGLE_UNSET);
}

/* Toggling writes through to the working set, and the dirty marks follow
 * the comparison with the base set, back to clean when undone by hand. */
static void
test_tree_write_through_and_dirty (void)
{
  g_autoptr(PrefsPreferenceSet) base = parse (seed_json);
  g_autoptr(PrefsPreferenceSet) working = prefs_preference_set_copy (base);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (working, base);
  PrefsPreferenceNode *email = find (tree, "channel_types.email");
  PrefsPreferenceNode *section = find (tree, "channel_types");
  const char *email_path[] = { "channel_types", "email", NULL };
  g_autoptr(GError) error = NULL;
  PrefsSetting *setting;

  g_assert_false (prefs_preference_tree_get_dirty (tree));
  g_assert_true (prefs_preference_node_set_state (email, PREFS_TOGGLE_OFF, &error));
  g_assert_no_error (error);

  setting = prefs_preference_set_lookup (working, email_path);
  g_assert_nonnull (setting);
  g_assert_cmpint (prefs_setting_get_kind (setting), ==, PREFS_SETTING_BOOL);
  g_assert_false (prefs_setting_get_bool (setting));
  g_assert_true (prefs_preference_node_get_dirty (email));
  g_assert_true (prefs_preference_node_get_dirty (section));
  g_assert_true (prefs_preference_tree_get_dirty (tree));
  g_assert_false (prefs_preference_node_get_dirty (find (tree, "channel_types.sms")));

  /* "Not set" removes the entry: an honest third state. */
  g_assert_true (prefs_preference_node_set_state (email, PREFS_TOGGLE_UNSET, &error));
  g_assert_null (prefs_preference_set_lookup (working, email_path));
  g_assert_cmpint (prefs_preference_node_get_state (email), ==, PREFS_TOGGLE_UNSET);
  g_assert_true (prefs_preference_node_get_dirty (email));

  g_assert_true (prefs_preference_node_set_state (email, PREFS_TOGGLE_ON, &error));
  g_assert_false (prefs_preference_node_get_dirty (email));
  g_assert_false (prefs_preference_tree_get_dirty (tree));
  g_assert_true (prefs_preference_set_equal (working, base));
}

static void
test_tree_child_of_bool_workflow (void)
{
  g_autoptr(PrefsPreferenceSet) set =
    parse ("{\"workflows\": {\"on-one\": true, \"off-one\": false}}");
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  PrefsPreferenceNode *on_email = find (tree, "workflows.on-one.channel_types.email");
  PrefsPreferenceNode *off_email = find (tree, "workflows.off-one.channel_types.email");
  const char *on_path[] = { "workflows", "on-one", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (prefs_preference_node_get_editable (on_email));
  g_assert_false (prefs_preference_node_get_editable (off_email));

  /* true and {} mean the same, so the workflow becomes an object. */
  g_assert_true (prefs_preference_node_set_state (on_email, PREFS_TOGGLE_OFF, &error));
  g_assert_no_error (error);
  g_assert_cmpint (prefs_setting_get_kind (prefs_preference_set_lookup (set, on_path)), ==,
                   PREFS_SETTING_OBJECT);
  g_assert_cmpint (prefs_preference_node_get_state (find (tree, "workflows.on-one")), ==,
                   PREFS_TOGGLE_CUSTOM);
  text = prefs_preference_set_to_string (set, FALSE);
  g_assert_nonnull (strstr (text, "\"on-one\":{\"channel_types\":{\"email\":false}}"));

  /* A workflow that is off stays off: its channels are refused. */
  g_assert_false (prefs_preference_node_set_state (off_email, PREFS_TOGGLE_ON, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "off-one"));
}

static void
test_tree_add_and_remove_keys (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse (seed_json);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  GListModel *workflows = prefs_preference_node_get_children (find (tree, "workflows"));
  PrefsPreferenceNode *dinosaurs = find (tree, "workflows.dinosaurs-loose");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (workflows), ==, 1);
  g_assert_true (prefs_preference_tree_add_key (tree, PREFS_NODE_WORKFLOW, "  a-first ", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (workflows), ==, 2);
  /* Sorted, and the existing node object is kept. */
  g_assert_cmpstr (prefs_preference_node_get_key (child (workflows, 0)), ==, "a-first");
  g_assert_true (child (workflows, 1) == dinosaurs);
  g_assert_cmpint (prefs_preference_node_get_state (child (workflows, 0)), ==, PREFS_TOGGLE_ON);

  g_assert_false (prefs_preference_tree_add_key (tree, PREFS_NODE_WORKFLOW, "a-first", &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (prefs_preference_tree_add_key (tree, PREFS_NODE_CATEGORY, "   ", &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (prefs_preference_tree_add_key (tree, PREFS_NODE_CHANNEL_TYPE, "fax", &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_true (prefs_preference_tree_add_key (tree, PREFS_NODE_CHANNEL,
                                                "aef6e715-df82-4ab6-b61e-b743e249f7b6", &error));
  g_assert_cmpuint (g_list_model_get_n_items (
                      prefs_preference_node_get_children (find (tree, "channels"))), ==, 1);

  /* Clearing a workflow removes it from the tree. */
  g_assert_true (prefs_preference_node_set_state (dinosaurs, PREFS_TOGGLE_UNSET, &error));
  g_assert_cmpuint (g_list_model_get_n_items (workflows), ==, 1);
  g_assert_null (prefs_preference_tree_find (tree, "workflows.dinosaurs-loose"));
}

static void
test_tree_follows_outside_changes (void)
{
  g_autoptr(PrefsPreferenceSet) set = prefs_preference_set_new ("default");
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  const char *path[] = { "categories", "marketing", NULL };
  g_autoptr(PrefsSetting) off = prefs_setting_new_bool (PREFS_SCOPE_CATEGORY, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_null (prefs_preference_tree_find (tree, "categories.marketing"));
  g_assert_true (prefs_preference_set_replace (set, path, off, &error));
  g_assert_no_error (error);
  g_assert_cmpint (prefs_preference_node_get_state (find (tree, "categories.marketing")), ==,
                   PREFS_TOGGLE_OFF);
}

static void
test_tree_conditions (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse (seed_json);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  PrefsPreferenceNode *sms = find (tree, "channel_types.sms");
  PrefsPreferenceNode *workflow = find (tree, "workflows.dinosaurs-loose");
  g_autoptr(GPtrArray) conditions = g_ptr_array_new_with_free_func (
    (GDestroyNotify) prefs_condition_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (conditions, prefs_condition_new ("recipient.country_code",
                                                    PREFS_OPERATOR_EQUAL_TO, "US"));
  g_assert_true (prefs_preference_node_set_conditions (sms, conditions, &error));
  g_assert_no_error (error);
  g_assert_cmpint (prefs_preference_node_get_state (sms), ==, PREFS_TOGGLE_CONDITIONAL);
  g_assert_nonnull (prefs_preference_node_get_summary (sms));
  g_assert_nonnull (strstr (prefs_preference_node_get_summary (sms), "recipient.country_code"));
  g_assert_cmpuint (prefs_preference_node_get_conditions (sms)->len, ==, 1);

  /* Conditions on a workflow keep its channel settings. */
  g_assert_true (prefs_preference_node_set_conditions (workflow, conditions, &error));
  g_assert_cmpint (prefs_preference_node_get_state (workflow), ==, PREFS_TOGGLE_CONDITIONAL);
  g_assert_cmpint (prefs_preference_node_get_state (
                     find (tree, "workflows.dinosaurs-loose.channel_types.email")),
                   ==, PREFS_TOGGLE_OFF);

  /* Removing them leaves the workflow custom, and the channel type unset. */
  g_assert_true (prefs_preference_node_set_conditions (workflow, NULL, &error));
  g_assert_cmpint (prefs_preference_node_get_state (workflow), ==, PREFS_TOGGLE_CUSTOM);
  g_assert_true (prefs_preference_node_set_conditions (sms, NULL, &error));
  g_assert_cmpint (prefs_preference_node_get_state (sms), ==, PREFS_TOGGLE_UNSET);

  /* CONDITIONAL is not a state a toggle can be set to directly. */
  g_assert_false (prefs_preference_node_set_state (sms, PREFS_TOGGLE_CONDITIONAL, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
}

static void
test_tree_field_errors (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse (seed_json);
  g_autoptr(PrefsPreferenceTree) tree = prefs_preference_tree_new (set, NULL);
  PrefsPreferenceNode *node;

  node = prefs_preference_tree_set_field_error (tree,
                                                "workflows.dinosaurs-loose.channel_types.fax",
                                                "unknown channel type");
  g_assert_true (node == find (tree, "workflows.dinosaurs-loose"));
  g_assert_cmpstr (prefs_preference_node_get_error (node), ==, "unknown channel type");

  node = prefs_preference_tree_set_field_error (tree, "channel_types.email", "bad");
  g_assert_true (node == find (tree, "channel_types.email"));
  g_assert_null (prefs_preference_node_get_error (find (tree, "workflows.dinosaurs-loose")));

  node = prefs_preference_tree_set_field_error (tree, "categories.unknown.x", "no such");
  g_assert_true (node == find (tree, "categories"));

  g_assert_null (prefs_preference_tree_set_field_error (tree, NULL, NULL));
  g_assert_null (prefs_preference_node_get_error (find (tree, "categories")));
  g_assert_null (prefs_preference_tree_find (tree, "workflows.nope"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/preference-tree/empty", test_tree_empty);
  g_test_add_func ("/core/preference-tree/seed-states", test_tree_seed_states);
  g_test_add_func ("/core/preference-tree/write-through-and-dirty",
                   test_tree_write_through_and_dirty);
  g_test_add_func ("/core/preference-tree/child-of-bool-workflow",
                   test_tree_child_of_bool_workflow);
  g_test_add_func ("/core/preference-tree/add-and-remove-keys", test_tree_add_and_remove_keys);
  g_test_add_func ("/core/preference-tree/follows-outside-changes",
                   test_tree_follows_outside_changes);
  g_test_add_func ("/core/preference-tree/conditions", test_tree_conditions);
  g_test_add_func ("/core/preference-tree/field-errors", test_tree_field_errors);

  return g_test_run ();
}

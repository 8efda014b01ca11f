/* test-user-page.c: load, edit, save, conflicts, undo, drafts, a 422 on its row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "console-test-util.h"
#include "prefs-user-page.h"

typedef struct
{
  PrefsSandbox    *sandbox;
  PrefsConnection *connection;
  GtkWidget       *window;
  PrefsUserPage   *page;
  gboolean         loaded;
  gboolean         saved;
  gboolean         saved_ok;
} Fixture;

static void
on_loaded (PrefsUserPage *page,
           Fixture       *fixture)
{
  fixture->loaded = TRUE;
}

static void
on_saved (PrefsUserPage *page,
          gboolean       ok,
          Fixture       *fixture)
{
  fixture->saved = TRUE;
  fixture->saved_ok = ok;
}

static void
open_page (Fixture    *fixture,
           const char *user_id)
{
  fixture->window = gtk_window_new ();
  fixture->page = PREFS_USER_PAGE (prefs_user_page_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  g_signal_connect (fixture->page, "loaded", G_CALLBACK (on_loaded), fixture);
  g_signal_connect (fixture->page, "saved", G_CALLBACK (on_saved), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));

  fixture->loaded = FALSE;
  prefs_user_page_open (fixture->page, fixture->connection, NULL, user_id, NULL);
  g_assert_true (console_test_wait_flag (&fixture->loaded, 10));
  g_assert_nonnull (prefs_user_page_get_tree (fixture->page));
}

static void
close_page (Fixture *fixture)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  fixture->page = NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sandbox = console_test_start_sandbox ();
  fixture->connection = console_test_connect (fixture->sandbox, "test", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_page (fixture);
  g_clear_object (&fixture->connection);
  prefs_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

static void
on_get_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PrefsPreferenceSet **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = prefs_client_get_set_finish (PREFS_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static void
on_put_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PrefsPreferenceSet **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = prefs_client_put_set_finish (PREFS_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

/* The set as the server has it now, through the API. */
static PrefsPreferenceSet *
server_set (Fixture    *fixture,
            const char *user_id)
{
  PrefsPreferenceSet *set = NULL;
  gboolean expired = FALSE;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  prefs_client_get_set_async (prefs_connection_get_client (fixture->connection), NULL, user_id,
                              "default", NULL, on_get_done, &set);
  while (set == NULL && !expired)
    {
      g_main_context_iteration (NULL, TRUE);
      expired = g_get_monotonic_time () > deadline;
    }
  g_assert_nonnull (set);
  return set;
}

static void
put_server_set (Fixture    *fixture,
                const char *user_id,
                const char *json)
{
  g_autoptr(PrefsPreferenceSet) set = console_test_parse_set (json);
  PrefsPreferenceSet *stored = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  prefs_preference_set_set_id (set, "default");
  prefs_client_put_set_async (prefs_connection_get_client (fixture->connection), NULL, user_id,
                              set, FALSE, NULL, on_put_done, &stored);
  while (stored == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (stored);
  g_object_unref (stored);
}

static PrefsPreferenceNode *
node (Fixture    *fixture,
      const char *path)
{
  PrefsPreferenceNode *found = prefs_preference_tree_find (prefs_user_page_get_tree (fixture->page),
                                                           path);

  g_assert_nonnull (found);
  return found;
}

static void
save_and_wait (Fixture *fixture)
{
  fixture->saved = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.save", NULL);
  g_assert_true (console_test_wait_flag (&fixture->saved, 10));
}

static void
test_load_edit_save_undo (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) original = NULL;
  g_autoptr(PrefsPreferenceSet) after_save = NULL;
  g_autoptr(PrefsPreferenceSet) after_undo = NULL;
  g_autoptr(PrefsJournalEntry) journal = NULL;
  PrefsStore *store = prefs_connection_get_store (fixture->connection);

  put_server_set (fixture, "jhammond", "{\"channel_types\": {\"email\": true}}");
  original = server_set (fixture, "jhammond");
  open_page (fixture, "jhammond");

  g_assert_cmpstr (prefs_user_page_get_set_id (fixture->page), ==, "default");
  g_assert_false (prefs_user_page_get_dirty (fixture->page));
  /* The header says whose set this is: name, then id and email. */
  console_test_spin (0.3);
  g_assert_cmpstr (prefs_user_page_get_title (fixture->page), ==, "John Hammond");
  g_assert_nonnull (strstr (prefs_user_page_get_subtitle (fixture->page), "jhammond"));
  g_assert_nonnull (strstr (prefs_user_page_get_subtitle (fixture->page), "@"));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.email")), ==,
                   PREFS_TOGGLE_ON);

  /* The seed document's change, made through the tree. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.sms"),
                                                  PREFS_TOGGLE_OFF, NULL));
  g_assert_true (prefs_preference_tree_add_key (prefs_user_page_get_tree (fixture->page),
                                                PREFS_NODE_WORKFLOW, "dinosaurs-loose", NULL));
  g_assert_true (prefs_preference_node_set_state (
                   node (fixture, "workflows.dinosaurs-loose.channel_types.email"),
                   PREFS_TOGGLE_OFF, NULL));
  g_assert_true (prefs_preference_node_set_state (
                   node (fixture, "workflows.dinosaurs-loose.channel_types.in_app_feed"),
                   PREFS_TOGGLE_ON, NULL));
  g_assert_true (prefs_preference_node_set_state (
                   node (fixture, "workflows.dinosaurs-loose.channel_types.sms"),
                   PREFS_TOGGLE_ON, NULL));
  g_assert_true (prefs_user_page_get_dirty (fixture->page));
  g_assert_cmpstr (prefs_user_page_get_title (fixture->page), ==, "• John Hammond");

  save_and_wait (fixture);
  g_assert_true (fixture->saved_ok);
  g_assert_false (prefs_user_page_get_dirty (fixture->page));
  g_assert_null (prefs_user_page_get_problem (fixture->page));

  after_save = server_set (fixture, "jhammond");
  {
    g_autoptr(PrefsPreferenceSet) expected = console_test_parse_set (
      "{\"__typename\": \"PreferenceSet\", \"id\": \"default\","
      " \"channel_types\": {\"email\": true, \"sms\": false},"
      " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\":"
      " {\"email\": false, \"in_app_feed\": true, \"sms\": true}}}}");
    g_autofree char *want = prefs_preference_set_to_string (expected, FALSE);
    g_autofree char *got = prefs_preference_set_to_string (after_save, FALSE);

    g_assert_cmpstr (got, ==, want);
  }

  /* The set as it was before sits in the journal; Undo puts it back. */
  journal = prefs_store_journal_get_latest (store, "test", NULL, "jhammond", "default", NULL);
  g_assert_nonnull (journal);

  fixture->saved = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.undo", NULL);
  g_assert_true (console_test_wait_flag (&fixture->saved, 10));
  g_assert_true (fixture->saved_ok);

  after_undo = server_set (fixture, "jhammond");
  g_assert_true (prefs_preference_set_equal (after_undo, original));
  g_clear_pointer (&journal, prefs_journal_entry_free);
  journal = prefs_store_journal_get_latest (store, "test", NULL, "jhammond", "default", NULL);
  g_assert_null (journal);
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PrefsPreferenceSet) theirs = NULL;
  g_autoptr(PrefsPreferenceSet) mine = NULL;

  put_server_set (fixture, "imalcolm", "{\"channel_types\": {\"email\": true}}");
  open_page (fixture, "imalcolm");

  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.push"),
                                                  PREFS_TOGGLE_OFF, NULL));
  /* Someone else writes while this page has unsaved work. */
  put_server_set (fixture, "imalcolm", "{\"channel_types\": {\"chat\": false}}");

  /* "Discard mine and reload": theirs stays, the page shows it. */
  prefs_user_page_set_conflict_answer (fixture->page, "reload");
  save_and_wait (fixture);
  g_assert_false (fixture->saved_ok);
  g_assert_false (prefs_user_page_get_dirty (fixture->page));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.chat")), ==,
                   PREFS_TOGGLE_OFF);
  theirs = server_set (fixture, "imalcolm");
  g_assert_nonnull (prefs_preference_set_get_channel_types (theirs));
  g_assert_null (prefs_setting_map_lookup (prefs_preference_set_get_channel_types (theirs),
                                           "push"));

  /* Another write behind its back; this time overwrite. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.push"),
                                                  PREFS_TOGGLE_OFF, NULL));
  put_server_set (fixture, "imalcolm", "{\"channel_types\": {\"http\": true}}");
  prefs_user_page_set_conflict_answer (fixture->page, "overwrite");
  save_and_wait (fixture);
  g_assert_true (fixture->saved_ok);
  mine = server_set (fixture, "imalcolm");
  g_assert_nonnull (prefs_setting_map_lookup (prefs_preference_set_get_channel_types (mine),
                                              "push"));
  g_assert_null (prefs_setting_map_lookup (prefs_preference_set_get_channel_types (mine),
                                           "http"));

  /* Cancel leaves both sides alone and the edit in place. */
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.sms"),
                                                  PREFS_TOGGLE_ON, NULL));
  put_server_set (fixture, "imalcolm", "{}");
  prefs_user_page_set_conflict_answer (fixture->page, "cancel");
  save_and_wait (fixture);
  g_assert_false (fixture->saved_ok);
  g_assert_true (prefs_user_page_get_dirty (fixture->page));
}

static void
test_field_error (Fixture       *fixture,
                  gconstpointer  data)
{
  PrefsPreferenceNode *channel;

  put_server_set (fixture, "esattler", "{}");
  open_page (fixture, "esattler");

  /* The server takes channels by uuid only: its 422 names the row. */
  g_assert_true (prefs_preference_tree_add_key (prefs_user_page_get_tree (fixture->page),
                                                PREFS_NODE_CHANNEL, "pager", NULL));
  save_and_wait (fixture);
  g_assert_false (fixture->saved_ok);
  g_assert_true (prefs_user_page_get_dirty (fixture->page));
  g_assert_nonnull (prefs_user_page_get_problem (fixture->page));
  g_assert_nonnull (strstr (prefs_user_page_get_problem (fixture->page), "channels.pager"));

  channel = node (fixture, "channels.pager");
  g_assert_nonnull (prefs_preference_node_get_error (channel));
}

static void
test_drafts_and_revert (Fixture       *fixture,
                        gconstpointer  data)
{
  PrefsStore *store = prefs_connection_get_store (fixture->connection);
  g_autoptr(PrefsStoredDraft) draft = NULL;
  g_autoptr(PrefsPreferenceSet) untouched = NULL;

  put_server_set (fixture, "dnedry", "{\"channel_types\": {\"email\": true}}");
  open_page (fixture, "dnedry");
  g_assert_true (prefs_preference_node_set_state (node (fixture, "channel_types.email"),
                                                  PREFS_TOGGLE_OFF, NULL));
  /* The draft is written shortly after the change, and on closing. */
  close_page (fixture);

  draft = prefs_store_get_draft (store, "test", NULL, "dnedry", "default", NULL);
  g_assert_nonnull (draft);
  g_assert_nonnull (strstr (draft->json, "\"email\":false"));

  /* Opening again brings the unsaved work back; the server never saw it. */
  open_page (fixture, "dnedry");
  g_assert_true (prefs_user_page_get_dirty (fixture->page));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.email")), ==,
                   PREFS_TOGGLE_OFF);
  untouched = server_set (fixture, "dnedry");
  g_assert_true (prefs_setting_get_bool (
    prefs_setting_map_lookup (prefs_preference_set_get_channel_types (untouched), "email")));

  /* Revert drops the edit and its draft. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "user.revert", NULL);
  g_assert_false (prefs_user_page_get_dirty (fixture->page));
  g_assert_cmpint (prefs_preference_node_get_state (node (fixture, "channel_types.email")), ==,
                   PREFS_TOGGLE_ON);
  g_clear_pointer (&draft, prefs_stored_draft_free);
  draft = prefs_store_get_draft (store, "test", NULL, "dnedry", "default", NULL);
  g_assert_null (draft);
}

static void
test_load_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PrefsClient) client = prefs_client_new (NULL, prefs_sandbox_get_base_url (fixture->sandbox),
                                                    "sk_wrong");
  g_autoptr(PrefsConnection) wrong = prefs_connection_new ("wrong", FALSE, client,
                                                           prefs_connection_get_store (fixture->connection));

  fixture->window = gtk_window_new ();
  fixture->page = PREFS_USER_PAGE (prefs_user_page_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  g_signal_connect (fixture->page, "loaded", G_CALLBACK (on_loaded), fixture);
  prefs_user_page_open (fixture->page, wrong, NULL, "jhammond", NULL);
  g_assert_true (console_test_wait_flag (&fixture->loaded, 10));

  /* No tree to edit, and the reason is shown. */
  g_assert_null (prefs_user_page_get_tree (fixture->page));
  g_assert_nonnull (prefs_user_page_get_problem (fixture->page));
}

int
main (int   argc,
      char *argv[])
{
  if (!console_test_init (&argc, &argv))
    return 0;

  g_test_add ("/console/user-page/load-edit-save-undo", Fixture, NULL,
              fixture_set_up, test_load_edit_save_undo, fixture_tear_down);
  g_test_add ("/console/user-page/conflict", Fixture, NULL,
              fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/console/user-page/field-error", Fixture, NULL,
              fixture_set_up, test_field_error, fixture_tear_down);
  g_test_add ("/console/user-page/drafts-and-revert", Fixture, NULL,
              fixture_set_up, test_drafts_and_revert, fixture_tear_down);
  g_test_add ("/console/user-page/load-error", Fixture, NULL,
              fixture_set_up, test_load_error, fixture_tear_down);

  return g_test_run ();
}

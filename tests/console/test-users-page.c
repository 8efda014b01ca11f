/* test-users-page.c: the users list against the in-process sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "console-test-util.h"
#include "prefs-users-page.h"

#define WAIT_SECONDS 20.0

/* A sandbox with the demo people and @n_users generated ones after them. */
static PrefsSandbox *
start_sandbox_with_users (guint n_users)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsSandbox) sandbox = prefs_sandbox_new (":memory:", &error);

  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_seed_demo (sandbox, &error));
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_seed_users (sandbox, n_users, &error));
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_start (sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);

  return g_steal_pointer (&sandbox);
}

/* The page inside a shown window, so that it is laid out and scrolls. */
static GtkWindow *
show_page (PrefsUsersPage *page)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 800, 600);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  return window;
}

static void
destroy_page (GtkWindow      *window,
              PrefsUsersPage *page)
{
  g_object_ref (page);
  gtk_window_destroy (window);
  g_assert_finalize_object (page);
}

static void
iterate_briefly (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (1000);
}

static gboolean
wait_state (PrefsUsersPage *page,
            const char     *state)
{
  gint64 end = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);

  while (g_strcmp0 (prefs_users_page_get_state (page), state) != 0
         && g_get_monotonic_time () < end)
    iterate_briefly ();

  return g_strcmp0 (prefs_users_page_get_state (page), state) == 0;
}

static gboolean
wait_n_items_above (GListModel *model,
                    guint       n)
{
  gint64 end = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);

  while (g_list_model_get_n_items (model) <= n && g_get_monotonic_time () < end)
    iterate_briefly ();

  return g_list_model_get_n_items (model) > n;
}

/* Waits until the list has loaded all it will load for now. */
static void
wait_idle (PrefsUsersPage *page)
{
  PrefsUserList *list = prefs_users_page_get_user_list (page);

  g_assert_true (console_test_wait_property (list, "loading", FALSE, WAIT_SECONDS));
  console_test_spin (0.2);
  g_assert_true (console_test_wait_property (list, "loading", FALSE, WAIT_SECONDS));
}

static gboolean
wait_laid_out (GtkAdjustment *adjustment)
{
  gint64 end = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);

  while (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment)
         && g_get_monotonic_time () < end)
    iterate_briefly ();

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment);
}

static GtkWidget *
find_child (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(PrefsUser) user = g_list_model_get_item (model, position);

  g_assert_nonnull (user);
  return g_strdup (prefs_user_get_id (user));
}

static gboolean
model_has_id (GListModel *model,
              const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *other = id_at (model, i);

      if (g_strcmp0 (other, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_user_activated (PrefsUsersPage *page,
                   PrefsUser      *user,
                   PrefsUser     **out)
{
  g_assert_true (PREFS_IS_USER (user));
  g_set_object (out, user);
}

static void
test_loads (void)
{
  g_autoptr(PrefsSandbox) sandbox = console_test_start_sandbox ();
  g_autoptr(PrefsConnection) connection = console_test_connect (sandbox, "Local", NULL);
  PrefsUsersPage *page = PREFS_USERS_PAGE (prefs_users_page_new ());
  GtkWindow *window = show_page (page);
  g_autoptr(PrefsUser) activated = NULL;
  GListModel *model;
  GtkWidget *column_view;

  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "disconnected");
  g_assert_null (prefs_users_page_get_user_list (page));

  prefs_users_page_set_connection (page, connection);
  g_assert_true (prefs_users_page_get_connection (page) == connection);
  g_assert_nonnull (prefs_users_page_get_user_list (page));
  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "loading");

  g_assert_true (wait_state (page, "list"));
  model = G_LIST_MODEL (prefs_users_page_get_model (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_true (model_has_id (model, "jhammond"));
  g_assert_true (model_has_id (model, "dnedry"));
  g_assert_true (model_has_id (model, "imalcolm"));
  g_assert_true (model_has_id (model, "esattler"));
  g_assert_null (prefs_users_page_get_message (page));

  /* Double-click or Enter on a row. */
  g_signal_connect (page, "user-activated", G_CALLBACK (on_user_activated), &activated);
  column_view = find_child (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (column_view);
  g_signal_emit_by_name (column_view, "activate", 0);
  g_assert_nonnull (activated);
  {
    g_autofree char *first = id_at (model, 0);

    g_assert_cmpstr (prefs_user_get_id (activated), ==, first);
  }

  /* Another connection starts over with a list of its own. */
  prefs_users_page_set_connection (page, NULL);
  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "disconnected");
  g_assert_null (prefs_users_page_get_user_list (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  prefs_users_page_set_connection (page, connection);
  g_assert_true (wait_state (page, "list"));

  destroy_page (window, page);
}

static void
test_pages_further (void)
{
  g_autoptr(PrefsSandbox) sandbox = start_sandbox_with_users (400);
  g_autoptr(PrefsConnection) connection = console_test_connect (sandbox, "Local", NULL);
  PrefsUsersPage *page = PREFS_USERS_PAGE (prefs_users_page_new ());
  GtkWindow *window = show_page (page);
  PrefsUserList *list;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  guint n_before;

  prefs_users_page_set_connection (page, connection);
  g_assert_true (wait_state (page, "list"));
  wait_idle (page);
  list = prefs_users_page_get_user_list (page);

  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_before, >=, PREFS_USER_LIST_DEFAULT_PAGE_SIZE);
  g_assert_cmpuint (n_before, <, 400);
  g_assert_true (prefs_user_list_get_has_more (list));

  /* Scrolling to the bottom loads what comes next. */
  /* Status pages scroll too: take the one around the list. */
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
    find_child (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW), GTK_TYPE_SCROLLED_WINDOW));
  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  g_assert_true (wait_laid_out (adjustment));
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment)
                            - gtk_adjustment_get_page_size (adjustment));
  g_assert_true (wait_n_items_above (G_LIST_MODEL (list), n_before));
  wait_idle (page);

  /* So does the Load More action. */
  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (prefs_user_list_get_has_more (list))
    {
      gtk_widget_activate_action (GTK_WIDGET (page), "users.load-more", NULL);
      g_assert_true (wait_n_items_above (G_LIST_MODEL (list), n_before));
    }

  /* Refresh starts again from the first page. */
  gtk_widget_activate_action (GTK_WIDGET (page), "users.refresh", NULL);
  g_assert_true (prefs_user_list_get_loading (list));
  g_assert_true (wait_state (page, "list"));

  destroy_page (window, page);
}

static void
test_filter (void)
{
  g_autoptr(PrefsSandbox) sandbox = console_test_start_sandbox ();
  g_autoptr(PrefsConnection) connection = console_test_connect (sandbox, "Local", NULL);
  PrefsUsersPage *page = PREFS_USERS_PAGE (prefs_users_page_new ());
  GtkWindow *window = show_page (page);
  GListModel *model;
  guint n_all;

  prefs_users_page_set_connection (page, connection);
  g_assert_true (wait_state (page, "list"));
  wait_idle (page);
  model = G_LIST_MODEL (prefs_users_page_get_model (page));
  n_all = g_list_model_get_n_items (model);

  /* By name, case-insensitively. */
  prefs_users_page_set_search_text (page, "MALCOLM");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autofree char *id = id_at (model, 0);

    g_assert_cmpstr (id, ==, "imalcolm");
  }

  /* By email. */
  prefs_users_page_set_search_text (page, "@hammond.example");
  g_assert_true (model_has_id (model, "tmurphy"));
  g_assert_true (model_has_id (model, "lmurphy"));
  g_assert_false (model_has_id (model, "jhammond"));

  /* By id. */
  prefs_users_page_set_search_text (page, "sattler");
  g_assert_true (model_has_id (model, "esattler"));
  g_assert_cmpuint (g_list_model_get_n_items (model), <, n_all);
  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "list");

  prefs_users_page_set_search_text (page, "no-such-person-anywhere");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "no-matches");
  g_assert_nonnull (strstr (prefs_users_page_get_status_text (page), "no-such-person-anywhere"));

  prefs_users_page_set_search_text (page, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_all);
  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "list");

  /* Ctrl+F opens the search bar. */
  prefs_users_page_focus_search (page);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (
    find_child (GTK_WIDGET (page), GTK_TYPE_SEARCH_BAR))));

  destroy_page (window, page);
}

static void
test_lookup (void)
{
  g_autoptr(PrefsSandbox) sandbox = start_sandbox_with_users (120);
  g_autoptr(PrefsConnection) connection = console_test_connect (sandbox, "Local", NULL);
  PrefsUsersPage *page = PREFS_USERS_PAGE (prefs_users_page_new ());
  GtkWindow *window = show_page (page);
  g_autoptr(PrefsUser) activated = NULL;
  GtkWidget *entry;
  gint64 end;

  prefs_users_page_set_connection (page, connection);
  g_assert_true (wait_state (page, "list"));
  g_signal_connect (page, "user-activated", G_CALLBACK (on_user_activated), &activated);

  /* Found, whether loaded or not. */
  prefs_users_page_lookup (page, "user-0000120");
  end = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);
  while (activated == NULL && g_get_monotonic_time () < end)
    iterate_briefly ();
  g_assert_nonnull (activated);
  g_assert_cmpstr (prefs_user_get_id (activated), ==, "user-0000120");
  g_assert_null (prefs_users_page_get_message (page));
  g_clear_object (&activated);

  /* Enter in the search entry; not found. */
  prefs_users_page_set_search_text (page, "nobody-at-all");
  entry = find_child (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  g_signal_emit_by_name (entry, "activate");
  end = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);
  while (prefs_users_page_get_message (page) == NULL && g_get_monotonic_time () < end)
    iterate_briefly ();
  g_assert_cmpstr (prefs_users_page_get_message (page), ==, "No user with the id “nobody-at-all”");
  g_assert_null (activated);

  /* Enter on an exact id that is loaded. */
  prefs_users_page_set_search_text (page, "dnedry");
  g_assert_null (prefs_users_page_get_message (page));
  g_signal_emit_by_name (entry, "activate");
  end = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);
  while (activated == NULL && g_get_monotonic_time () < end)
    iterate_briefly ();
  g_assert_nonnull (activated);
  g_assert_cmpstr (prefs_user_get_id (activated), ==, "dnedry");

  destroy_page (window, page);
}

static void
test_unauthorized (void)
{
  g_autoptr(PrefsSandbox) sandbox = console_test_start_sandbox ();
  g_autoptr(PrefsClient) client = NULL;
  g_autoptr(PrefsStore) store = NULL;
  g_autoptr(PrefsConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  PrefsUsersPage *page = PREFS_USERS_PAGE (prefs_users_page_new ());
  GtkWindow *window = show_page (page);
  const char *text;

  client = prefs_client_new (NULL, prefs_sandbox_get_base_url (sandbox), "sk_not_the_key");
  store = prefs_store_new (":memory:", &error);
  g_assert_no_error (error);
  connection = prefs_connection_new ("Staging", FALSE, client, store);

  prefs_users_page_set_connection (page, connection);
  g_assert_true (wait_state (page, "unauthorized"));
  text = prefs_users_page_get_status_text (page);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Staging"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (prefs_users_page_get_model (page))),
                    ==, 0);

  /* The key is fixed; Retry. */
  prefs_client_set_secret_key (client, PREFS_SANDBOX_DEFAULT_SECRET_KEY);
  gtk_widget_activate_action (GTK_WIDGET (page), "users.refresh", NULL);
  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "loading");
  g_assert_true (wait_state (page, "list"));
  g_assert_true (model_has_id (G_LIST_MODEL (prefs_users_page_get_model (page)), "jhammond"));

  destroy_page (window, page);
}

static void
test_offline (void)
{
  g_autoptr(PrefsSandbox) sandbox = console_test_start_sandbox ();
  g_autoptr(PrefsConnection) connection = console_test_connect (sandbox, "Local", NULL);
  g_autoptr(GError) error = NULL;
  PrefsClient *client = prefs_connection_get_client (connection);
  PrefsUsersPage *page = PREFS_USERS_PAGE (prefs_users_page_new ());
  GtkWindow *window = show_page (page);
  const char *text;

  /* One attempt per call: the test is about the page, not the retries. */
  prefs_client_set_max_attempts (client, 1);

  prefs_users_page_set_connection (page, connection);
  g_assert_true (wait_state (page, "list"));
  wait_idle (page);

  prefs_sandbox_stop (sandbox);
  gtk_widget_activate_action (GTK_WIDGET (page), "users.refresh", NULL);
  g_assert_true (wait_state (page, "offline"));
  text = prefs_users_page_get_status_text (page);
  g_assert_nonnull (text);
  g_assert_cmpstr (text, !=, "");

  /* Retry while still offline stays offline. */
  gtk_widget_activate_action (GTK_WIDGET (page), "users.refresh", NULL);
  g_assert_cmpstr (prefs_users_page_get_state (page), ==, "loading");
  g_assert_true (wait_state (page, "offline"));

  /* The server is back; Retry. */
  g_assert_true (prefs_sandbox_start (sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);
  prefs_client_set_base_url (client, prefs_sandbox_get_base_url (sandbox));
  gtk_widget_activate_action (GTK_WIDGET (page), "users.refresh", NULL);
  g_assert_true (wait_state (page, "list"));

  destroy_page (window, page);
}

static void
test_selected_ids (void)
{
  g_autoptr(PrefsSandbox) sandbox = console_test_start_sandbox ();
  g_autoptr(PrefsConnection) connection = console_test_connect (sandbox, "Local", NULL);
  PrefsUsersPage *page = PREFS_USERS_PAGE (prefs_users_page_new ());
  GtkWindow *window = show_page (page);
  GtkSelectionModel *selection;
  g_auto(GStrv) ids = NULL;
  g_autofree char *first = NULL;
  g_autofree char *third = NULL;

  prefs_users_page_set_connection (page, connection);
  g_assert_true (wait_state (page, "list"));
  wait_idle (page);
  selection = prefs_users_page_get_model (page);

  ids = prefs_users_page_get_selected_ids (page);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
  g_clear_pointer (&ids, g_strfreev);

  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  first = id_at (G_LIST_MODEL (selection), 0);
  third = id_at (G_LIST_MODEL (selection), 2);
  ids = prefs_users_page_get_selected_ids (page);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, first);
  g_assert_cmpstr (ids[1], ==, third);
  g_clear_pointer (&ids, g_strfreev);

  /* Selecting all of a filtered list selects what shows. */
  prefs_users_page_set_search_text (page, "murphy");
  gtk_selection_model_select_all (selection);
  ids = prefs_users_page_get_selected_ids (page);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) ids, "tmurphy"));
  g_assert_true (g_strv_contains ((const char * const *) ids, "lmurphy"));

  destroy_page (window, page);
}

int
main (int   argc,
      char *argv[])
{
  if (!console_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/console/users-page/loads", test_loads);
  g_test_add_func ("/console/users-page/pages-further", test_pages_further);
  g_test_add_func ("/console/users-page/filter", test_filter);
  g_test_add_func ("/console/users-page/lookup", test_lookup);
  g_test_add_func ("/console/users-page/unauthorized", test_unauthorized);
  g_test_add_func ("/console/users-page/offline", test_offline);
  g_test_add_func ("/console/users-page/selected-ids", test_selected_ids);

  return g_test_run ();
}

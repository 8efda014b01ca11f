/* test-user-list.c: PrefsUserList over the sandbox's paged user list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-user-list"

#include "config.h"

#include "prefs-user-list.h"
#include "test-util.h"

static void
wait_not_loading (PrefsUserList *list)
{
  while (prefs_user_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  guint added;
  guint removed;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->added += added;
  changes->removed += removed;
}

static void
test_paging_to_the_end (void)
{
  /* 16 demo people plus 10,000 generated users. */
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 10000);
  PrefsClient *client = test_client_new (sandbox);
  PrefsUserList *list = prefs_user_list_new (client);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Changes changes = { 0, };
  guint n_items;
  guint pages = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == PREFS_TYPE_USER);
  g_assert_true (prefs_user_list_get_has_more (list));

  /* The view scrolls to the end of what is loaded, over and over. */
  while (prefs_user_list_get_has_more (list))
    {
      n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
      prefs_user_list_ensure_loaded (list, n_items > 0 ? n_items - 1 : 0);
      g_assert_true (prefs_user_list_get_loading (list));
      wait_not_loading (list);
      g_assert_null (prefs_user_list_get_error (list));
      pages++;
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_items, ==, 10016);
  g_assert_cmpuint (changes.added, ==, 10016);
  g_assert_cmpuint (pages, ==, (10016 + 49) / 50);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PrefsUser) user = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_true (g_hash_table_add (seen, g_strdup (prefs_user_get_id (user))));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n_items));

  /* Near the start nothing more loads; at the end nothing is left. */
  prefs_user_list_ensure_loaded (list, 0);
  g_assert_false (prefs_user_list_get_loading (list));
  prefs_user_list_load_more (list);
  g_assert_false (prefs_user_list_get_loading (list));

  /* Refresh drops everything and loads the first page again. */
  prefs_user_list_refresh (list);
  g_assert_cmpuint (changes.removed, ==, 10016);
  g_assert_true (prefs_user_list_get_loading (list));
  wait_not_loading (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
  g_assert_true (prefs_user_list_get_has_more (list));

  /* Only what was loaded is held: a position far from the end loads nothing. */
  prefs_user_list_ensure_loaded (list, 0);
  wait_not_loading (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);

  g_assert_finalize_object (list);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_error_then_retry (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 120);
  PrefsClient *client = test_client_new (sandbox);
  PrefsUserList *list = prefs_user_list_new (client);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = g_strdup (prefs_sandbox_get_base_url (sandbox));
  guint loaded;

  prefs_user_list_set_page_size (list, 40);
  prefs_client_set_max_attempts (client, 2);

  prefs_user_list_load_more (list);
  wait_not_loading (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 40);

  /* The server goes away mid-way. */
  prefs_client_set_base_url (client, "http://127.0.0.1:9");
  prefs_user_list_load_more (list);
  wait_not_loading (list);
  g_assert_nonnull (prefs_user_list_get_error (list));
  g_assert_true (g_error_matches (prefs_user_list_get_error (list), PREFS_CLIENT_ERROR,
                                  PREFS_CLIENT_ERROR_TRANSPORT));
  loaded = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (loaded, ==, 40);
  g_assert_true (prefs_user_list_get_has_more (list));

  /* Scrolling does not hammer a failing server... */
  prefs_user_list_ensure_loaded (list, loaded - 1);
  g_assert_false (prefs_user_list_get_loading (list));

  /* ...an explicit retry picks up where it failed. */
  prefs_client_set_base_url (client, base_url);
  prefs_user_list_load_more (list);
  wait_not_loading (list);
  g_assert_null (prefs_user_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 80);

  while (prefs_user_list_get_has_more (list))
    {
      prefs_user_list_load_more (list);
      wait_not_loading (list);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 136);

  g_assert_finalize_object (list);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_lookup (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  PrefsUserList *list = prefs_user_list_new (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) user = NULL;
  GAsyncResult *result = NULL;

  /* Found on the server though nothing is loaded. */
  prefs_user_list_lookup_async (list, "imalcolm", NULL, test_on_result, &result);
  user = prefs_user_list_lookup_finish (list, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prefs_user_get_id (user), ==, "imalcolm");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_clear_object (&result);
  g_clear_object (&user);

  /* Exact ids only. */
  prefs_user_list_lookup_async (list, "imalc", NULL, test_on_result, &result);
  user = prefs_user_list_lookup_finish (list, test_wait_result (&result), &error);
  g_assert_null (user);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (g_strstr_len (error->message, -1, "imalc"));
  g_clear_object (&result);

  g_assert_finalize_object (list);
  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

static void
test_dispose_while_loading (void)
{
  PrefsSandbox *sandbox = test_sandbox_start (FALSE, NULL, 0);
  PrefsClient *client = test_client_new (sandbox);
  PrefsUserList *list = prefs_user_list_new (client);

  prefs_user_list_load_more (list);
  g_assert_true (prefs_user_list_get_loading (list));
  /* The load holds the list; dropping ours must not crash when it ends. */
  g_object_unref (list);
  test_spin (100);

  g_assert_finalize_object (client);
  test_sandbox_finish (sandbox);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/user-list/paging-to-the-end", test_paging_to_the_end);
  g_test_add_func ("/core/user-list/error-then-retry", test_error_then_retry);
  g_test_add_func ("/core/user-list/lookup", test_lookup);
  g_test_add_func ("/core/user-list/dispose-while-loading", test_dispose_while_loading);

  return g_test_run ();
}

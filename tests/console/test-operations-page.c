/* test-operations-page.c: the Operations page, driven without clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-operations-page"

#include "config.h"

#include <string.h>

#include "console-test-util.h"
#include "prefs-operations-page.h"

#define PRESET_JSON "{\"id\": \"default\", \"channel_types\": {\"email\": false}}"

typedef struct
{
  PrefsSandbox    *sandbox;
  PrefsConnection *connection;
  PrefsPreferenceSet *preset;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->sandbox = console_test_start_sandbox ();
  fixture->connection = console_test_connect (fixture->sandbox, "Local", NULL);
  fixture->preset = console_test_parse_set (PRESET_JSON);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->preset);
  g_clear_object (&fixture->connection);
  prefs_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

static PrefsOperation *
new_operation (Fixture            *fixture,
               const char * const *ids,
               gboolean            snapshot)
{
  g_autoptr(GError) error = NULL;
  PrefsOperation *operation;

  operation = prefs_operation_new (prefs_connection_get_client (fixture->connection),
                                   prefs_connection_get_store (fixture->connection),
                                   prefs_connection_get_name (fixture->connection),
                                   "Quiet email", fixture->preset, ids, -1, snapshot, &error);
  g_assert_no_error (error);
  return operation;
}

static GtkWidget *
new_page (void)
{
  GtkWidget *page = prefs_operations_page_new ();

  g_object_ref_sink (page);
  return page;
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *page = new_page ();
  GtkWidget *stack;

  prefs_operations_page_set_connection (PREFS_OPERATIONS_PAGE (page), fixture->connection);
  g_assert_cmpuint (g_list_model_get_n_items (
                      prefs_operations_page_get_operations (PREFS_OPERATIONS_PAGE (page))), ==, 0);
  stack = gtk_widget_get_first_child (gtk_widget_get_first_child (page));
  stack = gtk_widget_get_next_sibling (stack);
  g_assert_true (GTK_IS_STACK (stack));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");

  g_assert_finalize_object (page);
}

static void
test_list_and_resume (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *three[] = { "jhammond", "dnedry", "imalcolm", NULL };
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PrefsOperation) done = new_operation (fixture, three, FALSE);
  PrefsOperation *unfinished;
  g_autoptr(PrefsOperation) resumed = NULL;
  GListModel *model;
  GtkWidget *page;

  prefs_operation_start (done);
  g_assert_true (console_test_wait_property (done, "finished", TRUE, 30));

  for (guint i = 0; i < 2500; i++)
    g_ptr_array_add (many, g_strdup_printf ("page-%05u", i));
  g_ptr_array_add (many, NULL);
  unfinished = new_operation (fixture, (const char * const *) many->pdata, FALSE);
  prefs_operation_start (unfinished);
  /* The app quits after the first call. */
  while (prefs_bulk_job_get_n_submitted (g_ptr_array_index (prefs_operation_get_jobs (unfinished),
                                                            0)) == 0)
    g_main_context_iteration (NULL, TRUE);
  prefs_operation_pause (unfinished);
  g_assert_true (console_test_wait_property (unfinished, "active", FALSE, 30));
  g_assert_finalize_object (unfinished);

  page = new_page ();
  prefs_operations_page_set_connection (PREFS_OPERATIONS_PAGE (page), fixture->connection);
  model = prefs_operations_page_get_operations (PREFS_OPERATIONS_PAGE (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Newest first; the unfinished one runs again at once. */
  resumed = g_list_model_get_item (model, 0);
  g_assert_cmpuint (prefs_operation_get_n_users (resumed), ==, 2500);
  g_assert_true (prefs_operation_get_active (resumed));
  {
    g_autoptr(PrefsOperation) second = g_list_model_get_item (model, 1);

    g_assert_cmpuint (prefs_operation_get_n_users (second), ==, 3);
    g_assert_cmpint (prefs_operation_get_state (second), ==, PREFS_OPERATION_STATE_COMPLETED);
  }

  g_assert_true (console_test_wait_property (resumed, "finished", TRUE, 30));
  g_assert_cmpint (prefs_operation_get_state (resumed), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_cmpuint (prefs_operation_get_n_succeeded (resumed), ==, 2500);
  g_assert_cmpfloat (prefs_operation_get_fraction (resumed), ==, 1.0);

  g_assert_finalize_object (page);
}

static void
test_live_and_actions (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *two[] = { "jhammond", "dnedry", NULL };
  g_autoptr(PrefsOperation) operation = new_operation (fixture, two, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  PrefsOperation *revert;
  GListModel *model;
  GtkWidget *page;
  GtkWidget *stack;

  page = new_page ();
  prefs_operations_page_set_connection (PREFS_OPERATIONS_PAGE (page), fixture->connection);
  /* What the window does after the dialog started one. */
  prefs_operation_start (operation);
  prefs_operations_page_add (PREFS_OPERATIONS_PAGE (page), operation);
  model = prefs_operations_page_get_operations (PREFS_OPERATIONS_PAGE (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  stack = gtk_widget_get_next_sibling (gtk_widget_get_first_child (
                                         gtk_widget_get_first_child (page)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "list");

  g_assert_true (console_test_wait_property (operation, "finished", TRUE, 30));
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_COMPLETED);

  /* Nothing failed: nothing to retry. */
  g_assert_null (prefs_operations_page_retry (PREFS_OPERATIONS_PAGE (page), operation, &error));
  g_assert_error (error, PREFS_OPERATION_ERROR, PREFS_OPERATION_ERROR_NOTHING_TO_DO);
  g_clear_error (&error);

  file = g_file_new_tmp ("report-XXXXXX.csv", &stream, &error);
  g_assert_no_error (error);
  g_assert_true (prefs_operations_page_export (PREFS_OPERATIONS_PAGE (page), operation, file,
                                               &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "id,status,error\r\njhammond,succeeded,\r\n"));
  g_file_delete (file, NULL, NULL);

  revert = prefs_operations_page_revert (PREFS_OPERATIONS_PAGE (page), operation, &error);
  g_assert_no_error (error);
  g_assert_nonnull (revert);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr(PrefsOperation) first = g_list_model_get_item (model, 0);

    g_assert_true (first == revert);
  }
  g_assert_true (console_test_wait_property (revert, "finished", TRUE, 30));
  g_assert_cmpint (prefs_operation_get_state (revert), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_cmpuint (prefs_operation_get_n_succeeded (revert), ==, 2);

  /* Cancel through the row's action: a finished operation stays as it was. */
  gtk_widget_activate_action (page, "operations.cancel", "x",
                              prefs_operation_get_store_id (operation));
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_COMPLETED);

  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  if (!console_test_init (&argc, &argv))
    return 0;

  g_test_add ("/console/operations-page/empty", Fixture, NULL, fixture_setup, test_empty,
              fixture_teardown);
  g_test_add ("/console/operations-page/list-and-resume", Fixture, NULL, fixture_setup,
              test_list_and_resume, fixture_teardown);
  g_test_add ("/console/operations-page/live-and-actions", Fixture, NULL, fixture_setup,
              test_live_and_actions, fixture_teardown);

  return g_test_run ();
}

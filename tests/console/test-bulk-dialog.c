/* test-bulk-dialog.c: the Apply Preset dialog, driven without clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-bulk-dialog"

#include "config.h"

#include <string.h>

#include "console-test-util.h"
#include "prefs-bulk-dialog.h"

#define PRESET_JSON "{\"id\": \"default\", \"channel_types\": {\"email\": false}}"

typedef struct
{
  PrefsSandbox    *sandbox;
  PrefsConnection *connection;
  gint64           preset_id;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PrefsStore *store;

  fixture->sandbox = console_test_start_sandbox ();
  fixture->connection = console_test_connect (fixture->sandbox, "Local", NULL);
  store = prefs_connection_get_store (fixture->connection);
  g_assert_cmpint (prefs_store_save_preset (store, 0, "Another", "{\"id\": \"default\"}",
                                            &error), >, 0);
  fixture->preset_id = prefs_store_save_preset (store, 0, "Quiet email", PRESET_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->preset_id, >, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->connection);
  prefs_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

static void
destroy_dialog (PrefsBulkDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  const char *selected[] = { "jhammond", "dnedry", "jhammond", NULL };
  PrefsBulkDialog *dialog;
  const PrefsBulkDryRun *dry_run;
  g_autofree char *text = NULL;

  dialog = PREFS_BULK_DIALOG (prefs_bulk_dialog_new (fixture->connection, selected,
                                                     fixture->preset_id));
  g_object_ref (dialog);
  g_assert_cmpint (prefs_bulk_dialog_get_source (dialog), ==, PREFS_BULK_SOURCE_SELECTION);
  g_assert_cmpuint (prefs_bulk_dialog_get_ids (dialog)->len, ==, 2);
  dry_run = prefs_bulk_dialog_get_dry_run (dialog);
  g_assert_cmpuint (dry_run->n_users, ==, 2);
  g_assert_cmpuint (dry_run->n_duplicates, ==, 1);
  g_assert_cmpuint (dry_run->n_calls, ==, 1);
  g_assert_cmpuint (dry_run->invalid->len, ==, 0);
  g_assert_true (prefs_bulk_dialog_get_can_start (dialog));

  /* The current sets of the users arrive and say what would change. */
  g_assert_true (console_test_wait_property (dialog, "busy", TRUE, 5));
  g_assert_true (console_test_wait_property (dialog, "busy", FALSE, 10));
  g_assert_cmpuint (dry_run->n_previewed, ==, 2);
  g_assert_cmpuint (dry_run->n_preview_changed, ==, 2);
  text = prefs_bulk_dialog_dup_dry_run_text (dialog);
  g_assert_nonnull (strstr (text, "2 users"));
  g_assert_nonnull (strstr (text, "1 bulk call"));
  g_assert_nonnull (strstr (text, "Of the first 2 users, 2 would change"));

  /* A bad target set stops it. */
  prefs_bulk_dialog_set_target_set (dialog, "");
  g_assert_false (prefs_bulk_dialog_get_can_start (dialog));
  prefs_bulk_dialog_set_target_set (dialog, "tenant-a");
  g_assert_true (prefs_bulk_dialog_get_can_start (dialog));

  destroy_dialog (dialog);
}

static void
test_paste (Fixture       *fixture,
            gconstpointer  data)
{
  PrefsBulkDialog *dialog;
  const PrefsBulkDryRun *dry_run;

  dialog = PREFS_BULK_DIALOG (prefs_bulk_dialog_new (fixture->connection, NULL, 0));
  g_object_ref (dialog);
  g_assert_cmpint (prefs_bulk_dialog_get_source (dialog), ==, PREFS_BULK_SOURCE_PASTE);
  g_assert_false (prefs_bulk_dialog_get_can_start (dialog));

  prefs_bulk_dialog_set_pasted_text (dialog, "jhammond\ndnedry\njhammond\nfoo,bar\n\nimalcolm\n");
  dry_run = prefs_bulk_dialog_get_dry_run (dialog);
  g_assert_cmpuint (dry_run->n_users, ==, 3);
  g_assert_cmpuint (dry_run->n_duplicates, ==, 1);
  g_assert_cmpuint (dry_run->invalid->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (dry_run->invalid, 0), "Line 4: "));
  g_assert_true (prefs_bulk_dialog_get_can_start (dialog));

  destroy_dialog (dialog);
}

static void
test_csv_file (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  PrefsBulkDialog *dialog;
  const PrefsBulkDryRun *dry_run;
  const char *csv = "user_id\r\njhammond\r\n\"dnedry\"\r\na,b,c\r\ntab\there\r\nimalcolm\r\n";

  file = g_file_new_tmp ("bulk-XXXXXX.csv", &stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);

  dialog = PREFS_BULK_DIALOG (prefs_bulk_dialog_new (fixture->connection, NULL, 0));
  g_object_ref (dialog);
  prefs_bulk_dialog_load_file (dialog, file);
  g_assert_cmpint (prefs_bulk_dialog_get_source (dialog), ==, PREFS_BULK_SOURCE_FILE);
  g_assert_false (prefs_bulk_dialog_get_can_start (dialog));
  g_assert_true (console_test_wait_property (dialog, "can-start", TRUE, 10));

  dry_run = prefs_bulk_dialog_get_dry_run (dialog);
  g_assert_cmpuint (dry_run->n_users, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (prefs_bulk_dialog_get_ids (dialog), 1), ==, "dnedry");
  g_assert_cmpuint (dry_run->invalid->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (dry_run->invalid, 0), "Line 4: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (dry_run->invalid, 1), "Line 5: "));

  g_file_delete (file, NULL, NULL);
  destroy_dialog (dialog);
}

static void
test_dry_run_numbers (Fixture       *fixture,
                      gconstpointer  data)
{
  GString *text = g_string_new (NULL);
  PrefsBulkDialog *dialog;
  const PrefsBulkDryRun *dry_run;

  for (guint i = 0; i < 2500; i++)
    g_string_append_printf (text, "user-%05u\n", i);
  g_string_append (text, "x\ty\n");

  dialog = PREFS_BULK_DIALOG (prefs_bulk_dialog_new (fixture->connection, NULL, 0));
  g_object_ref (dialog);
  prefs_bulk_dialog_set_pasted_text (dialog, text->str);
  dry_run = prefs_bulk_dialog_get_dry_run (dialog);
  g_assert_cmpuint (dry_run->n_users, ==, 2500);
  g_assert_cmpuint (dry_run->n_calls, ==, 3);
  /* 3 calls at 1 call/s: the first at once, the last 2 s later. */
  g_assert_cmpuint (dry_run->estimated_seconds, ==, 3);
  g_assert_cmpuint (dry_run->invalid->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (dry_run->invalid, 0), "Line 2501: "));

  /* Reading 2,500 sets first at 200/s adds about 12 s. */
  prefs_bulk_dialog_set_snapshot (dialog, TRUE);
  g_assert_cmpuint (dry_run->estimated_seconds, ==, 3 + 12);

  g_string_free (text, TRUE);
  destroy_dialog (dialog);
}

static void
test_production (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PrefsConnection) production = NULL;
  const char *selected[] = { "jhammond", NULL };
  PrefsBulkDialog *dialog;
  g_autoptr(GError) error = NULL;

  production = prefs_connection_new ("Production EU", TRUE,
                                     prefs_connection_get_client (fixture->connection),
                                     prefs_connection_get_store (fixture->connection));
  dialog = PREFS_BULK_DIALOG (prefs_bulk_dialog_new (production, selected, 0));
  g_object_ref (dialog);
  g_assert_false (prefs_bulk_dialog_get_can_start (dialog));
  g_assert_false (prefs_bulk_dialog_start (dialog, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  prefs_bulk_dialog_set_confirmation (dialog, "production eu");
  g_assert_false (prefs_bulk_dialog_get_can_start (dialog));
  prefs_bulk_dialog_set_confirmation (dialog, "Production EU");
  g_assert_true (prefs_bulk_dialog_get_can_start (dialog));

  destroy_dialog (dialog);
}

static void
on_started (PrefsBulkDialog *dialog,
            PrefsOperation  *operation,
            PrefsOperation **out)
{
  *out = g_object_ref (operation);
}

static void
test_start (Fixture       *fixture,
            gconstpointer  data)
{
  const char *selected[] = { "jhammond", "dnedry", NULL };
  g_autoptr(PrefsOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  PrefsBulkDialog *dialog;

  dialog = PREFS_BULK_DIALOG (prefs_bulk_dialog_new (fixture->connection, selected,
                                                     fixture->preset_id));
  g_object_ref (dialog);
  prefs_bulk_dialog_set_snapshot (dialog, TRUE);
  /* Let the preview's reads end, so nothing holds the dialog after it closes. */
  g_assert_true (console_test_wait_property (dialog, "busy", FALSE, 10));
  g_signal_connect (dialog, "started", G_CALLBACK (on_started), &operation);
  g_assert_true (prefs_bulk_dialog_start (dialog, &error));
  g_assert_no_error (error);
  g_assert_nonnull (operation);
  g_assert_cmpstr (prefs_operation_get_preset_name (operation), ==, "Quiet email");
  g_assert_cmpuint (prefs_operation_get_n_users (operation), ==, 2);
  g_assert_true (prefs_operation_get_wants_snapshot (operation));
  /* It closed itself. */
  g_assert_finalize_object (dialog);

  g_assert_true (console_test_wait_property (operation, "finished", TRUE, 30));
  g_assert_cmpint (prefs_operation_get_state (operation), ==, PREFS_OPERATION_STATE_COMPLETED);
  g_assert_true (prefs_operation_get_has_snapshot (operation));

  stored = prefs_store_list_bulk_jobs (prefs_connection_get_store (fixture->connection), "Local",
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  if (!console_test_init (&argc, &argv))
    return 0;

  g_test_add ("/console/bulk-dialog/selection", Fixture, NULL, fixture_setup, test_selection,
              fixture_teardown);
  g_test_add ("/console/bulk-dialog/paste", Fixture, NULL, fixture_setup, test_paste,
              fixture_teardown);
  g_test_add ("/console/bulk-dialog/csv-file", Fixture, NULL, fixture_setup, test_csv_file,
              fixture_teardown);
  g_test_add ("/console/bulk-dialog/dry-run-numbers", Fixture, NULL, fixture_setup,
              test_dry_run_numbers, fixture_teardown);
  g_test_add ("/console/bulk-dialog/production", Fixture, NULL, fixture_setup, test_production,
              fixture_teardown);
  g_test_add ("/console/bulk-dialog/start", Fixture, NULL, fixture_setup, test_start,
              fixture_teardown);

  return g_test_run ();
}

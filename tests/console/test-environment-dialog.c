/* test-environment-dialog.c: adding, editing and removing environments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "console-test-util.h"
#include "prefs-environment-dialog.h"
#include "prefs-memory-secret-store.h"

#define WAIT_SECONDS 10.0

typedef struct
{
  PrefsStore       *store;
  PrefsSecretStore *secrets;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = prefs_store_new (":memory:", &error);
  g_assert_no_error (error);
  fixture->secrets = prefs_memory_secret_store_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->secrets);
  g_assert_finalize_object (fixture->store);
}

static void
on_lookup (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = prefs_secret_store_lookup_finish (PREFS_SECRET_STORE (object), result, &error);
  g_assert_no_error (error);
  if (*out == NULL)
    *out = g_strdup ("");
}

/* The stored key of @name, "" when there is none. */
static char *
lookup_key (PrefsSecretStore *secrets,
            const char       *name)
{
  char *key = NULL;
  gint64 end = g_get_monotonic_time () + (gint64) (WAIT_SECONDS * G_USEC_PER_SEC);

  prefs_secret_store_lookup_async (secrets, name, NULL, on_lookup, &key);
  while (key == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (key);
  return key;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (prefs_secret_store_store_finish (PREFS_SECRET_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* An environment as an earlier dialog would have left it. */
static void
add_environment (Fixture    *fixture,
                 const char *name,
                 const char *base_url,
                 gboolean    production,
                 const char *key)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (prefs_store_save_environment (fixture->store, name, base_url, production,
                                               &error));
  g_assert_no_error (error);
  prefs_secret_store_store_async (fixture->secrets, name, key, NULL, on_stored, &done);
  g_assert_true (console_test_wait_flag (&done, WAIT_SECONDS));
}

/* The stored environment called @name, or NULL. */
static PrefsStoredEnvironment *
find_environment (Fixture    *fixture,
                  const char *name)
{
  g_autoptr(GPtrArray) environments = NULL;
  g_autoptr(GError) error = NULL;

  environments = prefs_store_list_environments (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < environments->len; i++)
    {
      PrefsStoredEnvironment *environment = g_ptr_array_index (environments, i);

      if (g_strcmp0 (environment->name, name) == 0)
        {
          PrefsStoredEnvironment *copy = g_new0 (PrefsStoredEnvironment, 1);

          copy->name = g_strdup (environment->name);
          copy->base_url = g_strdup (environment->base_url);
          copy->production = environment->production;
          return copy;
        }
    }
  return NULL;
}

typedef struct
{
  char     *name;
  gboolean  done;
} Outcome;

static void
on_outcome (PrefsEnvironmentDialog *dialog,
            const char             *name,
            Outcome                *outcome)
{
  g_assert_false (outcome->done);
  outcome->name = g_strdup (name);
  outcome->done = TRUE;
}

static PrefsEnvironmentDialog *
new_dialog (Fixture    *fixture,
            const char *name)
{
  PrefsEnvironmentDialog *dialog;

  dialog = PREFS_ENVIRONMENT_DIALOG (prefs_environment_dialog_new (fixture->store,
                                                                   fixture->secrets, name));
  /* Ours until the end of the test, even after it closes itself. */
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
finish_dialog (PrefsEnvironmentDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  PrefsEnvironmentDialog *dialog;
  Outcome saved = { NULL, FALSE };

  add_environment (fixture, "Staging", "https://api.knock.app", FALSE, "sk_test_staging");
  dialog = new_dialog (fixture, NULL);
  g_signal_connect (dialog, "saved", G_CALLBACK (on_outcome), &saved);

  g_assert_false (prefs_environment_dialog_get_editing (dialog));
  g_assert_cmpstr (prefs_environment_dialog_get_base_url (dialog), ==, "https://api.knock.app");
  g_assert_null (prefs_environment_dialog_get_message (dialog));

  /* Empty name. */
  prefs_environment_dialog_set_name (dialog, "   ");
  prefs_environment_dialog_set_secret_key (dialog, "sk_test_new");
  g_assert_cmpint (prefs_environment_dialog_save (dialog), ==,
                   PREFS_ENVIRONMENT_PROBLEM_NAME_EMPTY);
  g_assert_cmpstr (prefs_environment_dialog_get_message (dialog), ==,
                   "Enter a name for the environment.");

  /* Typing clears the message. */
  prefs_environment_dialog_set_name (dialog, "staging");
  g_assert_null (prefs_environment_dialog_get_message (dialog));

  /* Taken, whatever the case. */
  g_assert_cmpint (prefs_environment_dialog_save (dialog), ==,
                   PREFS_ENVIRONMENT_PROBLEM_NAME_TAKEN);
  g_assert_nonnull (strstr (prefs_environment_dialog_get_message (dialog), "“staging”"));
  g_assert_nonnull (strstr (prefs_environment_dialog_get_message (dialog), "already exists"));

  /* Base URLs. */
  prefs_environment_dialog_set_name (dialog, "Production");
  {
    const char *bad_urls[] = {
      "", "api.knock.app", "ftp://api.knock.app", "https://", "http:///v1",
      "https://api.knock.app/?x=1", "not a url",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
      {
        prefs_environment_dialog_set_base_url (dialog, bad_urls[i]);
        g_assert_cmpint (prefs_environment_dialog_validate (dialog), ==,
                         PREFS_ENVIRONMENT_PROBLEM_BASE_URL_INVALID);
        g_assert_nonnull (strstr (prefs_environment_dialog_get_message (dialog),
                                  "http:// or https://"));
      }
  }
  prefs_environment_dialog_set_base_url (dialog, "http://127.0.0.1:4000");
  g_assert_cmpint (prefs_environment_dialog_validate (dialog), ==,
                   PREFS_ENVIRONMENT_PROBLEM_NONE);
  g_assert_null (prefs_environment_dialog_get_message (dialog));

  /* Keys: required when adding, and shaped like one. */
  prefs_environment_dialog_set_secret_key (dialog, "");
  g_assert_cmpint (prefs_environment_dialog_save (dialog), ==,
                   PREFS_ENVIRONMENT_PROBLEM_KEY_MISSING);
  g_assert_cmpstr (prefs_environment_dialog_get_message (dialog), ==,
                   "Enter the secret key of the environment.");
  {
    const char *bad_keys[] = { "pk_test_public", "sk_", "sk_has space", "secret" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
      {
        prefs_environment_dialog_set_secret_key (dialog, bad_keys[i]);
        g_assert_cmpint (prefs_environment_dialog_save (dialog), ==,
                         PREFS_ENVIRONMENT_PROBLEM_KEY_INVALID);
        g_assert_nonnull (strstr (prefs_environment_dialog_get_message (dialog), "“sk_”"));
      }
  }

  /* Nothing was written by any of it. */
  g_assert_false (saved.done);
  g_assert_null (find_environment (fixture, "Production"));

  finish_dialog (dialog);
}

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  PrefsEnvironmentDialog *dialog = new_dialog (fixture, NULL);
  g_autoptr(PrefsStoredEnvironment) stored = NULL;
  g_autofree char *key = NULL;
  Outcome saved = { NULL, FALSE };

  g_signal_connect (dialog, "saved", G_CALLBACK (on_outcome), &saved);
  prefs_environment_dialog_set_name (dialog, "  Production ");
  prefs_environment_dialog_set_base_url (dialog, "https://api.knock.app/");
  prefs_environment_dialog_set_secret_key (dialog, " sk_live_abc123\n");
  prefs_environment_dialog_set_production (dialog, TRUE);

  g_assert_cmpint (prefs_environment_dialog_save (dialog), ==, PREFS_ENVIRONMENT_PROBLEM_NONE);
  g_assert_true (console_test_wait_flag (&saved.done, WAIT_SECONDS));
  g_assert_cmpstr (saved.name, ==, "Production");
  g_assert_null (prefs_environment_dialog_get_message (dialog));
  /* It closed itself. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  stored = find_environment (fixture, "Production");
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->base_url, ==, "https://api.knock.app/");
  g_assert_true (stored->production);
  key = lookup_key (fixture->secrets, "Production");
  g_assert_cmpstr (key, ==, "sk_live_abc123");

  g_free (saved.name);
  finish_dialog (dialog);
}

static void
test_edit_keeps_key (Fixture       *fixture,
                     gconstpointer  data)
{
  PrefsEnvironmentDialog *dialog;
  g_autoptr(PrefsStoredEnvironment) stored = NULL;
  g_autofree char *key = NULL;
  Outcome saved = { NULL, FALSE };

  add_environment (fixture, "Staging", "https://staging.example", FALSE, "sk_test_staging");
  dialog = new_dialog (fixture, "Staging");
  g_signal_connect (dialog, "saved", G_CALLBACK (on_outcome), &saved);

  g_assert_true (prefs_environment_dialog_get_editing (dialog));
  g_assert_cmpstr (prefs_environment_dialog_get_name (dialog), ==, "Staging");
  g_assert_cmpstr (prefs_environment_dialog_get_base_url (dialog), ==,
                   "https://staging.example");
  g_assert_false (prefs_environment_dialog_get_production (dialog));

  /* The key field stays empty: saving keeps the stored key. */
  prefs_environment_dialog_set_base_url (dialog, "https://eu.staging.example");
  prefs_environment_dialog_set_production (dialog, TRUE);
  g_assert_cmpint (prefs_environment_dialog_save (dialog), ==, PREFS_ENVIRONMENT_PROBLEM_NONE);
  g_assert_true (console_test_wait_flag (&saved.done, WAIT_SECONDS));
  g_assert_cmpstr (saved.name, ==, "Staging");

  stored = find_environment (fixture, "Staging");
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->base_url, ==, "https://eu.staging.example");
  g_assert_true (stored->production);
  key = lookup_key (fixture->secrets, "Staging");
  g_assert_cmpstr (key, ==, "sk_test_staging");

  g_free (saved.name);
  finish_dialog (dialog);
}

static void
test_edit_replaces_key (Fixture       *fixture,
                        gconstpointer  data)
{
  PrefsEnvironmentDialog *dialog;
  g_autofree char *key = NULL;
  Outcome saved = { NULL, FALSE };

  add_environment (fixture, "Staging", "https://staging.example", TRUE, "sk_test_old");
  dialog = new_dialog (fixture, "Staging");
  g_signal_connect (dialog, "saved", G_CALLBACK (on_outcome), &saved);
  g_assert_true (prefs_environment_dialog_get_production (dialog));

  /* A bad key is refused when editing too. */
  prefs_environment_dialog_set_secret_key (dialog, "pk_test_public");
  g_assert_cmpint (prefs_environment_dialog_save (dialog), ==,
                   PREFS_ENVIRONMENT_PROBLEM_KEY_INVALID);
  key = lookup_key (fixture->secrets, "Staging");
  g_assert_cmpstr (key, ==, "sk_test_old");
  g_clear_pointer (&key, g_free);

  prefs_environment_dialog_set_secret_key (dialog, "sk_test_new");
  g_assert_cmpint (prefs_environment_dialog_save (dialog), ==, PREFS_ENVIRONMENT_PROBLEM_NONE);
  g_assert_true (console_test_wait_flag (&saved.done, WAIT_SECONDS));
  key = lookup_key (fixture->secrets, "Staging");
  g_assert_cmpstr (key, ==, "sk_test_new");

  g_free (saved.name);
  finish_dialog (dialog);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  PrefsEnvironmentDialog *dialog;
  AdwMessageDialog *confirm;
  g_autoptr(PrefsStoredEnvironment) other = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other_key = NULL;
  Outcome removed = { NULL, FALSE };

  add_environment (fixture, "Staging", "https://staging.example", FALSE, "sk_test_staging");
  add_environment (fixture, "Production", "https://api.knock.app", TRUE, "sk_live_prod");

  /* Nothing to remove while adding. */
  dialog = new_dialog (fixture, NULL);
  g_assert_null (prefs_environment_dialog_ask_remove (dialog));
  finish_dialog (dialog);

  dialog = new_dialog (fixture, "Staging");
  g_signal_connect (dialog, "removed", G_CALLBACK (on_outcome), &removed);

  /* Cancel keeps everything. */
  confirm = prefs_environment_dialog_ask_remove (dialog);
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Remove Environment?");
  g_assert_true (adw_message_dialog_has_response (confirm, "remove"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  console_test_spin (0.1);
  g_assert_false (removed.done);
  g_assert_nonnull (find_environment (fixture, "Staging"));

  /* Remove deletes the row and the key. */
  confirm = prefs_environment_dialog_ask_remove (dialog);
  adw_message_dialog_response (confirm, "remove");
  g_assert_true (console_test_wait_flag (&removed.done, WAIT_SECONDS));
  g_assert_cmpstr (removed.name, ==, "Staging");
  g_assert_null (find_environment (fixture, "Staging"));
  key = lookup_key (fixture->secrets, "Staging");
  g_assert_cmpstr (key, ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* The other one is untouched. */
  other = find_environment (fixture, "Production");
  g_assert_nonnull (other);
  other_key = lookup_key (fixture->secrets, "Production");
  g_assert_cmpstr (other_key, ==, "sk_live_prod");

  g_free (removed.name);
  finish_dialog (dialog);
}

int
main (int   argc,
      char *argv[])
{
  if (!console_test_init (&argc, &argv))
    return 0;

  g_test_add ("/console/environment-dialog/validation", Fixture, NULL,
              fixture_set_up, test_validation, fixture_tear_down);
  g_test_add ("/console/environment-dialog/add", Fixture, NULL,
              fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/console/environment-dialog/edit-keeps-key", Fixture, NULL,
              fixture_set_up, test_edit_keeps_key, fixture_tear_down);
  g_test_add ("/console/environment-dialog/edit-replaces-key", Fixture, NULL,
              fixture_set_up, test_edit_replaces_key, fixture_tear_down);
  g_test_add ("/console/environment-dialog/remove", Fixture, NULL,
              fixture_set_up, test_remove, fixture_tear_down);

  return g_test_run ();
}

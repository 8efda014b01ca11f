/* test-libsecret-store.c: PrefsLibsecretStore against a real Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-libsecret-store"

#include "config.h"

#include "prefs-libsecret-store.h"

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_round_trip (void)
{
  PrefsSecretStore *store = prefs_libsecret_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *environment = g_strdup_printf ("client-test-%d", (int) getpid ());
  g_autofree char *secret = NULL;
  GAsyncResult *result = NULL;

  prefs_secret_store_store_async (store, environment, "sk_test_keyring", NULL,
                                  on_result, &result);
  if (!prefs_secret_store_store_finish (store, wait_result (&result), &error))
    {
      /* Run outside run-with-keyring.sh there may be no unlocked keyring. */
      g_autofree char *why = g_strdup_printf ("no usable Secret Service: %s", error->message);

      g_test_skip (why);
      g_clear_object (&result);
      g_object_unref (store);
      return;
    }
  g_clear_object (&result);

  prefs_secret_store_lookup_async (store, environment, NULL, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "sk_test_keyring");
  g_clear_pointer (&secret, g_free);
  g_clear_object (&result);

  /* Another environment's key is another item. */
  prefs_secret_store_lookup_async (store, "client-test-other", NULL, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_clear_object (&result);

  prefs_secret_store_clear_async (store, environment, NULL, on_result, &result);
  g_assert_true (prefs_secret_store_clear_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  prefs_secret_store_lookup_async (store, environment, NULL, on_result, &result);
  secret = prefs_secret_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_clear_object (&result);

  /* Clearing what is not there is fine. */
  prefs_secret_store_clear_async (store, environment, NULL, on_result, &result);
  g_assert_true (prefs_secret_store_clear_finish (store, wait_result (&result), &error));
  g_clear_object (&result);

  g_object_unref (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/secret-store/libsecret", test_round_trip);

  return g_test_run ();
}

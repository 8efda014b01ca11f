/* console-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "console-test-util.h"

gboolean
console_test_init (int    *argc,
                   char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

PrefsSandbox *
console_test_start_sandbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsSandbox) sandbox = prefs_sandbox_new (":memory:", &error);

  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_seed_demo (sandbox, &error));
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_start (sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);

  return g_steal_pointer (&sandbox);
}

PrefsConnection *
console_test_connect (PrefsSandbox *sandbox,
                      const char   *name,
                      PrefsStore   *store)
{
  g_autoptr(PrefsClient) client = NULL;
  g_autoptr(PrefsStore) own_store = NULL;
  g_autoptr(GError) error = NULL;

  client = prefs_client_new (NULL, prefs_sandbox_get_base_url (sandbox),
                             PREFS_SANDBOX_DEFAULT_SECRET_KEY);
  if (store == NULL)
    {
      own_store = prefs_store_new (":memory:", &error);
      g_assert_no_error (error);
      store = own_store;
    }

  return prefs_connection_new (name, FALSE, client, store);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
console_test_wait_flag (gboolean *flag,
                        double    seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_timeout, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);
  return *flag;
}

gboolean
console_test_wait_property (gpointer    object,
                            const char *property,
                            gboolean    value,
                            double      seconds)
{
  gboolean expired = FALSE;
  gboolean current = !value;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_timeout, &expired);

  for (;;)
    {
      g_object_get (object, property, &current, NULL);
      if (current == value || expired)
        break;
      g_main_context_iteration (NULL, TRUE);
    }

  if (!expired)
    g_source_remove (id);
  return current == value;
}

void
console_test_spin (double seconds)
{
  gboolean expired = FALSE;

  g_timeout_add ((guint) (seconds * 1000), on_timeout, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

PrefsPreferenceSet *
console_test_parse_set (const char *json)
{
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set = prefs_preference_set_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return set;
}

/* test-util.c: helpers shared by the client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-util"

#include "config.h"

#include "test-util.h"

PrefsSandbox *
test_sandbox_start (gboolean    rate_limits,
                    const char *fault_spec,
                    guint       n_users)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsSandbox) sandbox = prefs_sandbox_new (":memory:", &error);

  g_assert_no_error (error);
  g_assert_nonnull (sandbox);

  prefs_sandbox_set_rate_limits (sandbox, rate_limits);
  g_assert_true (prefs_sandbox_set_fault_spec (sandbox, fault_spec, &error));
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_seed_demo (sandbox, &error));
  g_assert_no_error (error);
  if (n_users > 0)
    {
      g_assert_true (prefs_sandbox_seed_users (sandbox, n_users, &error));
      g_assert_no_error (error);
    }
  g_assert_true (prefs_sandbox_start (sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);
  g_assert_nonnull (prefs_sandbox_get_base_url (sandbox));

  return g_steal_pointer (&sandbox);
}

void
test_sandbox_finish (PrefsSandbox *sandbox)
{
  prefs_sandbox_stop (sandbox);
  /* Let the server's pending sources run down before checking for leaks. */
  test_spin (20);
  g_object_unref (sandbox);
}

PrefsClient *
test_client_new (PrefsSandbox *sandbox)
{
  return prefs_client_new (NULL, prefs_sandbox_get_base_url (sandbox),
                           PREFS_SANDBOX_DEFAULT_SECRET_KEY);
}

void
test_on_result (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
spin_done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

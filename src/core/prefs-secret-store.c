/* prefs-secret-store.c: where API keys live, per environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-secret-store"

#include "config.h"

#include "prefs-secret-store.h"

G_DEFINE_INTERFACE (PrefsSecretStore, prefs_secret_store, G_TYPE_OBJECT)

static void
prefs_secret_store_default_init (PrefsSecretStoreInterface *iface)
{
}

/**
 * prefs_secret_store_lookup_async:
 * @self: a #PrefsSecretStore
 * @environment: the environment's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up the key of an environment.
 */
void
prefs_secret_store_lookup_async (PrefsSecretStore    *self,
                                 const char          *environment,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PREFS_IS_SECRET_STORE (self));
  g_return_if_fail (environment != NULL);

  PREFS_SECRET_STORE_GET_IFACE (self)->lookup_async (self, environment, cancellable,
                                                     callback, user_data);
}

/**
 * prefs_secret_store_lookup_finish:
 * @self: a #PrefsSecretStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the key, or %NULL if none is stored
 *   (then @error is not set)
 */
char *
prefs_secret_store_lookup_finish (PrefsSecretStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (PREFS_IS_SECRET_STORE (self), NULL);

  return PREFS_SECRET_STORE_GET_IFACE (self)->lookup_finish (self, result, error);
}

/**
 * prefs_secret_store_store_async:
 * @self: a #PrefsSecretStore
 * @environment: the environment's name
 * @secret: the key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stores the key of an environment, replacing any.
 */
void
prefs_secret_store_store_async (PrefsSecretStore    *self,
                                const char          *environment,
                                const char          *secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PREFS_IS_SECRET_STORE (self));
  g_return_if_fail (environment != NULL);
  g_return_if_fail (secret != NULL);

  PREFS_SECRET_STORE_GET_IFACE (self)->store_async (self, environment, secret, cancellable,
                                                    callback, user_data);
}

/**
 * prefs_secret_store_store_finish:
 * @self: a #PrefsSecretStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if stored
 */
gboolean
prefs_secret_store_store_finish (PrefsSecretStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (PREFS_IS_SECRET_STORE (self), FALSE);

  return PREFS_SECRET_STORE_GET_IFACE (self)->store_finish (self, result, error);
}

/**
 * prefs_secret_store_clear_async:
 * @self: a #PrefsSecretStore
 * @environment: the environment's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Forgets the key of an environment.
 */
void
prefs_secret_store_clear_async (PrefsSecretStore    *self,
                                const char          *environment,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PREFS_IS_SECRET_STORE (self));
  g_return_if_fail (environment != NULL);

  PREFS_SECRET_STORE_GET_IFACE (self)->clear_async (self, environment, cancellable,
                                                    callback, user_data);
}

/**
 * prefs_secret_store_clear_finish:
 * @self: a #PrefsSecretStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE unless the store failed
 */
gboolean
prefs_secret_store_clear_finish (PrefsSecretStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (PREFS_IS_SECRET_STORE (self), FALSE);

  return PREFS_SECRET_STORE_GET_IFACE (self)->clear_finish (self, result, error);
}

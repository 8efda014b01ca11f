/* prefs-libsecret-store.c: keys in the system keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-libsecret-store"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-libsecret-store.h"

#include <libsecret/secret.h>

struct _PrefsLibsecretStore
{
  GObject parent_instance;
};

static void secret_store_iface_init (PrefsSecretStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PrefsLibsecretStore, prefs_libsecret_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PREFS_TYPE_SECRET_STORE,
                                                      secret_store_iface_init))

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    PREFS_LIBSECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "environment", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
prefs_libsecret_store_class_init (PrefsLibsecretStoreClass *klass)
{
}

static void
prefs_libsecret_store_init (PrefsLibsecretStore *self)
{
}

/**
 * prefs_libsecret_store_new:
 *
 * Returns: (transfer full): a store backed by the Secret Service
 */
PrefsSecretStore *
prefs_libsecret_store_new (void)
{
  return g_object_new (PREFS_TYPE_LIBSECRET_STORE, NULL);
}

static void
on_lookup (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

static void
libsecret_lookup_async (PrefsSecretStore    *store,
                        const char          *environment,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_lookup_async);
  secret_password_lookup (get_schema (), cancellable, on_lookup, task,
                          "environment", environment, NULL);
}

static char *
libsecret_lookup_finish (PrefsSecretStore  *store,
                         GAsyncResult      *result,
                         GError           **error)
{
  g_autofree char *secret = NULL;
  char *copy;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  /* libsecret's memory is non-pageable; hand out plain memory the caller
   * can g_free(). */
  copy = g_task_propagate_pointer (G_TASK (result), error);
  if (copy == NULL)
    return NULL;
  secret = g_strdup (copy);
  secret_password_free (copy);
  return g_steal_pointer (&secret);
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to clear: fine here. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
libsecret_store_async (PrefsSecretStore    *store,
                       const char          *environment,
                       const char          *secret,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  /* Translators: the keyring item's label; %s is the environment's name */
  g_autofree char *label = g_strdup_printf (_("Knock API key (%s)"), environment);

  g_task_set_source_tag (task, libsecret_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, on_stored, task,
                         "environment", environment, NULL);
}

static gboolean
libsecret_boolean_finish (PrefsSecretStore  *store,
                          GAsyncResult      *result,
                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
libsecret_clear_async (PrefsSecretStore    *store,
                       const char          *environment,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_clear_async);
  secret_password_clear (get_schema (), cancellable, on_cleared, task,
                         "environment", environment, NULL);
}

static void
secret_store_iface_init (PrefsSecretStoreInterface *iface)
{
  iface->lookup_async = libsecret_lookup_async;
  iface->lookup_finish = libsecret_lookup_finish;
  iface->store_async = libsecret_store_async;
  iface->store_finish = libsecret_boolean_finish;
  iface->clear_async = libsecret_clear_async;
  iface->clear_finish = libsecret_boolean_finish;
}

/* prefs-memory-secret-store.c: keys kept in memory, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-memory-secret-store"

#include "config.h"

#include "prefs-memory-secret-store.h"

#include <string.h>

struct _PrefsMemorySecretStore
{
  GObject     parent_instance;

  GHashTable *secrets;  /* environment -> key */
};

static void secret_store_iface_init (PrefsSecretStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PrefsMemorySecretStore, prefs_memory_secret_store,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PREFS_TYPE_SECRET_STORE,
                                                      secret_store_iface_init))

static void
free_secret (gpointer data)
{
  char *secret = data;

  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
prefs_memory_secret_store_finalize (GObject *object)
{
  PrefsMemorySecretStore *self = PREFS_MEMORY_SECRET_STORE (object);

  g_clear_pointer (&self->secrets, g_hash_table_unref);

  G_OBJECT_CLASS (prefs_memory_secret_store_parent_class)->finalize (object);
}

static void
prefs_memory_secret_store_class_init (PrefsMemorySecretStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = prefs_memory_secret_store_finalize;
}

static void
prefs_memory_secret_store_init (PrefsMemorySecretStore *self)
{
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_secret);
}

/**
 * prefs_memory_secret_store_new:
 *
 * Returns: (transfer full): an empty in-memory store
 */
PrefsSecretStore *
prefs_memory_secret_store_new (void)
{
  return g_object_new (PREFS_TYPE_MEMORY_SECRET_STORE, NULL);
}

static void
memory_lookup_async (PrefsSecretStore    *store,
                     const char          *environment,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  PrefsMemorySecretStore *self = PREFS_MEMORY_SECRET_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_lookup_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->secrets, environment)),
                         g_free);
}

static char *
memory_lookup_finish (PrefsSecretStore  *store,
                      GAsyncResult      *result,
                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
memory_store_async (PrefsSecretStore    *store,
                    const char          *environment,
                    const char          *secret,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  PrefsMemorySecretStore *self = PREFS_MEMORY_SECRET_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_store_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_hash_table_replace (self->secrets, g_strdup (environment), g_strdup (secret));
  g_task_return_boolean (task, TRUE);
}

static gboolean
memory_boolean_finish (PrefsSecretStore  *store,
                       GAsyncResult      *result,
                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
memory_clear_async (PrefsSecretStore    *store,
                    const char          *environment,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  PrefsMemorySecretStore *self = PREFS_MEMORY_SECRET_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_clear_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_hash_table_remove (self->secrets, environment);
  g_task_return_boolean (task, TRUE);
}

static void
secret_store_iface_init (PrefsSecretStoreInterface *iface)
{
  iface->lookup_async = memory_lookup_async;
  iface->lookup_finish = memory_lookup_finish;
  iface->store_async = memory_store_async;
  iface->store_finish = memory_boolean_finish;
  iface->clear_async = memory_clear_async;
  iface->clear_finish = memory_boolean_finish;
}

/* prefs-secret-store.h: where API keys live, per environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PREFS_TYPE_SECRET_STORE (prefs_secret_store_get_type ())
G_DECLARE_INTERFACE (PrefsSecretStore, prefs_secret_store, PREFS, SECRET_STORE, GObject)

struct _PrefsSecretStoreInterface
{
  GTypeInterface parent_iface;

  void      (*lookup_async)  (PrefsSecretStore     *self,
                              const char           *environment,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  char     *(*lookup_finish) (PrefsSecretStore     *self,
                              GAsyncResult         *result,
                              GError              **error);
  void      (*store_async)   (PrefsSecretStore     *self,
                              const char           *environment,
                              const char           *secret,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  gboolean  (*store_finish)  (PrefsSecretStore     *self,
                              GAsyncResult         *result,
                              GError              **error);
  void      (*clear_async)   (PrefsSecretStore     *self,
                              const char           *environment,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  gboolean  (*clear_finish)  (PrefsSecretStore     *self,
                              GAsyncResult         *result,
                              GError              **error);
};

/* The key of @environment; the finish returns NULL without an error when
 * none is stored. */
void      prefs_secret_store_lookup_async  (PrefsSecretStore     *self,
                                            const char           *environment,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char     *prefs_secret_store_lookup_finish (PrefsSecretStore     *self,
                                            GAsyncResult         *result,
                                            GError              **error);
/* Stores (or replaces) the key of @environment. */
void      prefs_secret_store_store_async   (PrefsSecretStore     *self,
                                            const char           *environment,
                                            const char           *secret,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  prefs_secret_store_store_finish  (PrefsSecretStore     *self,
                                            GAsyncResult         *result,
                                            GError              **error);
/* Forgets the key of @environment; forgetting nothing is not an error. */
void      prefs_secret_store_clear_async   (PrefsSecretStore     *self,
                                            const char           *environment,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  prefs_secret_store_clear_finish  (PrefsSecretStore     *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS

/* prefs-libsecret-store.h: keys in the system keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-secret-store.h"

G_BEGIN_DECLS

#define PREFS_LIBSECRET_SCHEMA_NAME "org.example.Preferences.ApiKey"

#define PREFS_TYPE_LIBSECRET_STORE (prefs_libsecret_store_get_type ())
G_DECLARE_FINAL_TYPE (PrefsLibsecretStore, prefs_libsecret_store,
                      PREFS, LIBSECRET_STORE, GObject)

/* Keys under the schema "org.example.Preferences.ApiKey", one item per
 * environment (attribute "environment"), in the default collection. */
PrefsSecretStore *prefs_libsecret_store_new (void);

G_END_DECLS

/* prefs-memory-secret-store.h: keys kept in memory, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-secret-store.h"

G_BEGIN_DECLS

#define PREFS_TYPE_MEMORY_SECRET_STORE (prefs_memory_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (PrefsMemorySecretStore, prefs_memory_secret_store,
                      PREFS, MEMORY_SECRET_STORE, GObject)

/* Keys live as long as the object; nothing touches the disk or D-Bus. */
PrefsSecretStore *prefs_memory_secret_store_new (void);

G_END_DECLS

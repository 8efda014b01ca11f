/* prefs-connection.h: one environment the console is connected to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "prefs-client.h"
#include "prefs-store.h"

G_BEGIN_DECLS

#define PREFS_TYPE_CONNECTION (prefs_connection_get_type ())
G_DECLARE_FINAL_TYPE (PrefsConnection, prefs_connection, PREFS, CONNECTION, GObject)

/* Properties: name (the environment's name, the key of its drafts and
 * journal), production, client, store. All construct-only. */
PrefsConnection *prefs_connection_new            (const char      *name,
                                                  gboolean         production,
                                                  PrefsClient     *client,
                                                  PrefsStore      *store);
const char      *prefs_connection_get_name       (PrefsConnection *self);
gboolean         prefs_connection_get_production (PrefsConnection *self);
PrefsClient     *prefs_connection_get_client     (PrefsConnection *self);
PrefsStore      *prefs_connection_get_store      (PrefsConnection *self);

G_END_DECLS

/* prefs-sandbox-private.h: what the sandbox's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-sandbox.h"
#include "prefs-sandbox-store.h"

G_BEGIN_DECLS

PrefsSandboxStore *prefs_sandbox_get_store      (PrefsSandbox  *self);

/* ISO 8601 in UTC with microseconds, as every timestamp the API returns. */
char              *prefs_sandbox_now_string     (void);

/* Checks an id from a path or a body: 1-256 bytes of UTF-8, no control
 * characters. */
gboolean           prefs_sandbox_id_is_valid    (const char    *id);

/* Parses @json as a PreferenceSetRequest and stores it, canonical, as set
 * @set_id of the owner. For trusted text such as demo data. */
gboolean           prefs_sandbox_store_set_text (PrefsSandbox  *self,
                                                 const char    *collection,
                                                 const char    *owner_id,
                                                 const char    *set_id,
                                                 const char    *json,
                                                 const char    *now,
                                                 GError       **error);

G_END_DECLS

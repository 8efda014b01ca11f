/* prefs-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-sandbox.h"
#include "prefs-secret-store.h"
#include "prefs-store.h"

G_BEGIN_DECLS

#define PREFS_TYPE_APPLICATION (prefs_application_get_type ())
G_DECLARE_FINAL_TYPE (PrefsApplication, prefs_application, PREFS, APPLICATION, AdwApplication)

/* The name under which the built-in local sandbox keeps drafts and journal. */
#define PREFS_LOCAL_ENVIRONMENT "local-sandbox"
/* The environment made from KNOCK_API_KEY / KNOCK_BASE_URL. */
#define PREFS_ENV_ENVIRONMENT "environment-variables"

PrefsApplication *prefs_application_new                 (void);
/* (transfer none); NULL with @error when the local database can't open. */
PrefsStore       *prefs_application_get_store           (PrefsApplication  *self,
                                                         GError           **error);
PrefsSecretStore *prefs_application_get_secret_store    (PrefsApplication  *self);
/* Starts the built-in sandbox on a free loopback port the first time;
 * returns its base URL (transfer none). */
const char       *prefs_application_ensure_local_sandbox (PrefsApplication *self,
                                                          GError          **error);
/* --environment NAME and --user ID from the command line, or NULL. */
const char       *prefs_application_get_option_environment (PrefsApplication *self);
const char       *prefs_application_get_option_user     (PrefsApplication  *self);

G_END_DECLS

/* prefs-sandbox-auth.h: API keys and RS256 user tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PREFS_SANDBOX_TOKEN_INVALID,   /* malformed, wrong algorithm or bad signature */
  PREFS_SANDBOX_TOKEN_EXPIRED,
} PrefsSandboxTokenError;

#define PREFS_SANDBOX_TOKEN_ERROR (prefs_sandbox_token_error_quark ())
GQuark   prefs_sandbox_token_error_quark      (void);

/* Checks that @pem looks like a PEM public key before it is used. */
gboolean prefs_sandbox_auth_check_public_pem  (const char  *pem,
                                               GError     **error);

/* Verifies an RS256 token against @pem and its exp (seconds since the
 * epoch, compared with @now). Returns the subject (the user id). */
char    *prefs_sandbox_auth_verify_user_token (const char  *pem,
                                               const char  *token,
                                               gint64       now,
                                               GError     **error);

/* The key of an "Authorization: Bearer KEY" header, or NULL. */
char    *prefs_sandbox_auth_bearer_key        (const char  *authorization);

G_END_DECLS

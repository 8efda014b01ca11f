/* prefs-sandbox-auth.c: API keys and RS256 user tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox-auth"

#include "config.h"

#include "prefs-sandbox-auth.h"

#include <errno.h>
#include <string.h>
#include <jwt.h>

#include "prefs-sandbox.h"

G_DEFINE_QUARK (prefs-sandbox-token-error-quark, prefs_sandbox_token_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (jwt_t, jwt_free)

gboolean
prefs_sandbox_auth_check_public_pem (const char  *pem,
                                     GError     **error)
{
  if (pem == NULL || strstr (pem, "-----BEGIN PUBLIC KEY-----") == NULL ||
      strstr (pem, "-----END PUBLIC KEY-----") == NULL)
    {
      g_set_error_literal (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG,
                           "The signing key is not a PEM public key "
                           "(\"-----BEGIN PUBLIC KEY-----\")");
      return FALSE;
    }
  return TRUE;
}

char *
prefs_sandbox_auth_verify_user_token (const char  *pem,
                                      const char  *token,
                                      gint64       now,
                                      GError     **error)
{
  g_autoptr(jwt_t) jwt = NULL;
  const char *sub;
  long exp;

  if (pem == NULL)
    {
      g_set_error_literal (error, PREFS_SANDBOX_TOKEN_ERROR, PREFS_SANDBOX_TOKEN_INVALID,
                           "No signing key is configured to verify user tokens");
      return NULL;
    }

  if (jwt_decode (&jwt, token, (const unsigned char *) pem, (int) strlen (pem)) != 0 ||
      jwt == NULL)
    {
      g_set_error_literal (error, PREFS_SANDBOX_TOKEN_ERROR, PREFS_SANDBOX_TOKEN_INVALID,
                           "The user token is malformed or its signature does not verify");
      return NULL;
    }

  /* The header names the algorithm, so a token signed HS256 with the PEM
   * text as its secret would also "verify": only RS256 is trusted. */
  if (jwt_get_alg (jwt) != JWT_ALG_RS256)
    {
      g_set_error_literal (error, PREFS_SANDBOX_TOKEN_ERROR, PREFS_SANDBOX_TOKEN_INVALID,
                           "The user token must be signed with RS256");
      return NULL;
    }

  errno = 0;
  exp = jwt_get_grant_int (jwt, "exp");
  if (errno == 0 && exp <= now)
    {
      g_set_error_literal (error, PREFS_SANDBOX_TOKEN_ERROR, PREFS_SANDBOX_TOKEN_EXPIRED,
                           "The user token has expired");
      return NULL;
    }

  sub = jwt_get_grant (jwt, "sub");
  if (sub == NULL || *sub == '\0')
    {
      g_set_error_literal (error, PREFS_SANDBOX_TOKEN_ERROR, PREFS_SANDBOX_TOKEN_INVALID,
                           "The user token has no subject");
      return NULL;
    }
  return g_strdup (sub);
}

char *
prefs_sandbox_auth_bearer_key (const char *authorization)
{
  const char *key;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  key = authorization + 7;
  while (*key == ' ')
    key++;
  if (*key == '\0')
    return NULL;
  return g_strstrip (g_strdup (key));
}

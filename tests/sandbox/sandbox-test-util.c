/* sandbox-test-util.c: HTTP helpers shared by the sandbox tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox-test"

#include "config.h"

#include "sandbox-test-util.h"

#include <stdlib.h>
#include <string.h>
#include <jwt.h>

void
test_response_free (TestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_error (&response->error);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->body, g_free);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

typedef struct
{
  GBytes  *bytes;
  GError  *error;
  gboolean done;
} Pending;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                      &pending->error);
  pending->done = TRUE;
}

TestResponse *
test_http (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *key,
           const char  *user_token,
           const char  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  TestResponse *response = g_new0 (TestResponse, 1);
  SoupMessageHeaders *headers;
  Pending pending = { 0, };

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (key != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", key, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (user_token != NULL)
    soup_message_headers_replace (headers, "X-Knock-User-Token", user_token);
  soup_message_headers_replace (headers, "Idempotency-Key", "test-idempotency-key");
  soup_message_headers_replace (headers, "X-Stainless-Lang", "c");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);

  if (pending.error != NULL)
    {
      response->error = pending.error;
      return response;
    }

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = g_bytes_get_size (pending.bytes) > 0 ?
                   g_strndup (g_bytes_get_data (pending.bytes, NULL),
                              g_bytes_get_size (pending.bytes)) :
                   g_strdup ("");
  g_bytes_unref (pending.bytes);
  if (*response->body != '\0')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, response->body, -1, NULL))
        response->json = json_node_copy (json_parser_get_root (parser));
    }
  return response;
}

JsonObject *
test_response_object (TestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

const char *
test_member_string (JsonObject *object,
                    const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

char *
test_data_path (const char *name)
{
  return g_build_filename (TEST_DATA_DIR, name, NULL);
}

char *
test_sign_token (const char *key_file,
                 const char *sub,
                 gint64      exp)
{
  g_autofree char *path = test_data_path (key_file);
  g_autofree char *pem = NULL;
  jwt_t *jwt = NULL;
  char *encoded;
  char *token;

  g_assert_true (g_file_get_contents (path, &pem, NULL, NULL));
  g_assert_cmpint (jwt_new (&jwt), ==, 0);
  g_assert_cmpint (jwt_add_grant (jwt, "sub", sub), ==, 0);
  g_assert_cmpint (jwt_add_grant_int (jwt, "iat", (long) (g_get_real_time () / G_USEC_PER_SEC)), ==, 0);
  g_assert_cmpint (jwt_add_grant_int (jwt, "exp", (long) exp), ==, 0);
  g_assert_cmpint (jwt_set_alg (jwt, JWT_ALG_RS256, (const unsigned char *) pem,
                                (int) strlen (pem)), ==, 0);
  encoded = jwt_encode_str (jwt);
  g_assert_nonnull (encoded);
  token = g_strdup (encoded);
  free (encoded);
  jwt_free (jwt);
  return token;
}

/* sandbox-test-util.h: HTTP helpers shared by the sandbox tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint               status;        /* 0 on a transport error */
  GError             *error;         /* the transport error */
  JsonNode           *json;          /* the parsed body, or NULL */
  char               *body;
  SoupMessageHeaders *headers;
} TestResponse;

void          test_response_free   (TestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestResponse, test_response_free)

/* Sends one request from this thread's main context and iterates it until
 * the answer is in, so a server on the same context keeps serving. */
TestResponse *test_http            (SoupSession *session,
                                    const char  *method,
                                    const char  *url,
                                    const char  *key,
                                    const char  *user_token,
                                    const char  *body);

JsonObject   *test_response_object (TestResponse *response);
const char   *test_member_string   (JsonObject   *object,
                                    const char   *name);
/* Signs an RS256 token for @sub with the PEM private key in @key_file. */
char         *test_sign_token      (const char   *key_file,
                                    const char   *sub,
                                    gint64        exp);
char         *test_data_path       (const char   *name);

G_END_DECLS

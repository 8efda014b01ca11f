/* test-client-raw.c: PrefsClient against a raw socket server that misbehaves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-client-raw"

#include "config.h"

#include <string.h>

#include "prefs-client.h"

#define HUGE_BODY (50 * 1024 * 1024)

/* A tiny HTTP/1.1 server on 127.0.0.1:0. Each connection runs in its own
 * thread, so a handler may block writing 50 MB or waiting forever without
 * stopping the client's main loop. The path's last segment picks the
 * behaviour. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  GMutex          lock;
  char           *last_request;      /* request line and headers */
  char           *idempotency_keys;  /* of retry-once, comma separated */
  gint            retry_once_count;
  gint            active;            /* handlers running */
} RawServer;

static RawServer *server;

static gboolean
write_all (GOutputStream *out,
           const char    *data,
           gsize          length)
{
  return g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
}

static gboolean
respond (GOutputStream *out,
         const char    *status,
         const char    *content_type,
         const char    *body,
         gsize          length)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: %s\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                           status, content_type, length);

  return write_all (out, head, strlen (head)) && write_all (out, body, length);
}

static void
stream_forever (GOutputStream *out)
{
  g_autofree char *block = g_malloc (65536);

  memset (block, 'x', 65536);
  for (gsize sent = 0; sent < HUGE_BODY; sent += 65536)
    if (!write_all (out, block, 65536))
      return;
}

static const char *
behaviour_of (const char *request_line)
{
  if (strstr (request_line, "/retry-once/") != NULL)
    return "retry-once";
  if (strstr (request_line, "/users/") == NULL)
    return "";
  return strstr (request_line, "/users/") + strlen ("/users/");
}

/* Returns FALSE when the connection must close. */
static gboolean
handle_one (GDataInputStream *in,
            GOutputStream    *out)
{
  g_autofree char *line = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *idempotency_key = NULL;
  guint64 content_length = 0;
  const char *behaviour;
  char *space;

  line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  if (line == NULL)
    return FALSE;
  g_string_append_printf (request, "%s\n", line);

  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (header == NULL)
        return FALSE;
      if (*header == '\0')
        break;
      g_string_append_printf (request, "%s\n", header);
      if (g_ascii_strncasecmp (header, "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoull (header + 15, NULL, 10);
      if (g_ascii_strncasecmp (header, "Idempotency-Key:", 16) == 0)
        idempotency_key = g_strstrip (g_strdup (header + 16));
    }
  if (content_length > 0)
    {
      g_autoptr(GBytes) body = g_input_stream_read_bytes (G_INPUT_STREAM (in), content_length,
                                                          NULL, NULL);
      if (body == NULL)
        return FALSE;
    }

  g_mutex_lock (&server->lock);
  g_free (server->last_request);
  server->last_request = g_strdup (request->str);
  g_mutex_unlock (&server->lock);

  /* "GET /path HTTP/1.1": cut at the second space. */
  space = strrchr (line, ' ');
  if (space != NULL)
    *space = '\0';
  behaviour = behaviour_of (line);

  if (g_str_equal (behaviour, "echo"))
    {
      const char *body = "{\"__typename\": \"User\", \"id\": \"echo\", \"name\": \"Echo\"}";

      return respond (out, "200 OK", "application/json", body, strlen (body));
    }
  if (g_str_equal (behaviour, "retry-once"))
    {
      const char *body = "{\"id\": \"default\", \"channel_types\": {\"email\": true}}";
      gboolean first;

      g_mutex_lock (&server->lock);
      first = server->retry_once_count++ == 0;
      {
        char *keys = g_strconcat (server->idempotency_keys ? server->idempotency_keys : "",
                                  idempotency_key ? idempotency_key : "(none)", ",", NULL);

        g_free (server->idempotency_keys);
        server->idempotency_keys = keys;
      }
      g_mutex_unlock (&server->lock);

      if (first)
        {
          const char *error = "{\"code\": \"unavailable\", \"message\": \"try again\", "
                              "\"status\": 503, \"type\": \"api_error\"}";

          return respond (out, "503 Service Unavailable", "application/json", error,
                          strlen (error));
        }
      return respond (out, "200 OK", "application/json", body, strlen (body));
    }
  if (g_str_equal (behaviour, "truncated"))
    {
      const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: 1000\r\n\r\n{\"id\": \"trunc";

      write_all (out, head, strlen (head));
      return FALSE;
    }
  if (g_str_equal (behaviour, "garbage"))
    {
      static const char body[] = "\x00\x01\x02garbage\xff\xfe{{{";

      return respond (out, "200 OK", "application/json", body, sizeof body - 1);
    }
  if (g_str_equal (behaviour, "html") || g_str_equal (behaviour, "html200"))
    {
      const char *body = "<html><head><title>502 Bad Gateway</title></head>"
                         "<body><h1>Bad Gateway</h1></body></html>";

      return respond (out, g_str_equal (behaviour, "html") ? "502 Bad Gateway" : "200 OK",
                      "text/html", body, strlen (body));
    }
  if (g_str_equal (behaviour, "wrong-shape"))
    {
      const char *body = "{\"id\": 5, \"name\": [1, 2]}";

      return respond (out, "200 OK", "application/json", body, strlen (body));
    }
  if (g_str_equal (behaviour, "knock-422"))
    {
      const char *body = "{\"code\": \"invalid_params\", \"message\": \"Bad\", \"status\": 422, "
                         "\"type\": \"invalid_request_error\", \"errors\": ["
                         "{\"field\": \"workflows.x.channel_types.fax\", \"message\": \"unknown\","
                         " \"type\": \"invalid\"}, 7, {\"message\": \"no field\"}]}";

      return respond (out, "422 Unprocessable Entity", "application/json", body, strlen (body));
    }
  if (g_str_equal (behaviour, "huge"))
    {
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json"
                                               "\r\nContent-Length: %d\r\n\r\n", HUGE_BODY);

      if (write_all (out, head, strlen (head)))
        stream_forever (out);
      return FALSE;
    }
  if (g_str_equal (behaviour, "huge-unbounded"))
    {
      const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Connection: close\r\n\r\n";

      if (write_all (out, head, strlen (head)))
        stream_forever (out);
      return FALSE;
    }
  if (g_str_equal (behaviour, "silent"))
    {
      char buffer[256];

      /* Until the client gives up and closes. */
      while (g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, NULL, NULL) > 0)
        ;
      return FALSE;
    }

  {
    const char *body = "{\"errors\": {\"detail\": \"404 Not Found\"}}";

    return respond (out, "404 Not Found", "application/json", body, strlen (body));
  }
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  g_autoptr(GDataInputStream) in =
    g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_atomic_int_inc (&server->active);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  while (handle_one (in, out))
    ;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_atomic_int_add (&server->active, -1);

  return TRUE;
}

static void
server_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  server = g_new0 (RawServer, 1);
  g_mutex_init (&server->lock);
  server->service = g_threaded_socket_service_new (16);
  g_signal_connect (server->service, "run", G_CALLBACK (on_run), NULL);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_service_start (server->service);
}

static void
server_stop (void)
{
  /* Every handler must have ended: the client closed what it abandoned. */
  for (guint i = 0; i < 500 && g_atomic_int_get (&server->active) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (g_atomic_int_get (&server->active), ==, 0);

  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  g_free (server->last_request);
  g_free (server->idempotency_keys);
  g_mutex_clear (&server->lock);
  g_clear_pointer (&server, g_free);
}

static PrefsClient *
raw_client_new (const char *prefix)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", server->port, prefix);
  PrefsClient *client = prefs_client_new (NULL, url, "sk_test_raw_secret");

  prefs_client_set_request_timeout (client, 1.0);
  prefs_client_set_deadline (client, 5.0);
  prefs_client_set_max_attempts (client, 2);
  return client;
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* GETs /v1/users/@behaviour and returns the error. */
static GError *
get_user_error (PrefsClient  *client,
                const char   *behaviour,
                GAsyncResult **out_result)
{
  GAsyncResult *result = NULL;
  GError *error = NULL;
  g_autoptr(PrefsUser) user = NULL;

  prefs_client_get_user_async (client, behaviour, NULL, on_result, &result);
  user = prefs_client_get_user_finish (client, wait_result (&result), &error);
  g_assert_null (user);
  g_assert_nonnull (error);
  if (out_result != NULL)
    *out_result = result;
  else
    g_object_unref (result);
  return error;
}

static void
test_request_shape (void)
{
  PrefsClient *client;
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) user = NULL;
  GAsyncResult *result = NULL;

  server_start ();
  client = raw_client_new ("/knock-proxy/");

  prefs_client_get_user_async (client, "echo", NULL, on_result, &result);
  user = prefs_client_get_user_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prefs_user_get_name (user), ==, "Echo");
  g_clear_object (&result);

  g_mutex_lock (&server->lock);
  g_assert_true (g_str_has_prefix (server->last_request, "GET /knock-proxy/v1/users/echo "));
  g_assert_nonnull (strstr (server->last_request, "User-Agent: prefs-console/" PACKAGE_VERSION));
  g_assert_nonnull (strstr (server->last_request, "Authorization: Bearer sk_test_raw_secret"));
  g_assert_nonnull (strstr (server->last_request, "Accept: application/json"));
  /* Reads carry no idempotency key. */
  g_assert_null (strstr (server->last_request, "Idempotency-Key"));
  g_mutex_unlock (&server->lock);

  g_assert_finalize_object (client);
  server_stop ();
}

static void
test_idempotency_key_kept (void)
{
  PrefsClient *client;
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = prefs_preference_set_new ("default");
  g_autoptr(PrefsPreferenceSet) stored = NULL;
  g_auto(GStrv) keys = NULL;
  GAsyncResult *result = NULL;

  server_start ();
  client = raw_client_new ("");

  prefs_client_put_set_async (client, NULL, "retry-once", set, FALSE, NULL, on_result, &result);
  stored = prefs_client_put_set_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_clear_object (&result);
  g_assert_cmpuint (prefs_client_get_n_retries (client), ==, 1);

  g_mutex_lock (&server->lock);
  keys = g_strsplit (server->idempotency_keys, ",", -1);
  g_mutex_unlock (&server->lock);
  g_assert_cmpuint (g_strv_length (keys), ==, 3);  /* two and the empty tail */
  g_assert_cmpstr (keys[0], !=, "(none)");
  g_assert_cmpuint (strlen (keys[0]), ==, 36);
  g_assert_cmpstr (keys[0], ==, keys[1]);

  g_assert_finalize_object (client);
  server_stop ();
}

static void
test_truncated (void)
{
  PrefsClient *client;
  g_autoptr(GError) error = NULL;

  server_start ();
  client = raw_client_new ("");
  error = get_user_error (client, "truncated", NULL);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_TRANSPORT);
  g_assert_null (strstr (error->message, "sk_test_raw_secret"));
  g_assert_finalize_object (client);
  server_stop ();
}

static void
test_garbage (void)
{
  PrefsClient *client;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  server_start ();
  client = raw_client_new ("");

  error = get_user_error (client, "garbage", &result);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (prefs_client_get_failure (client, result)->status, ==, 200);
  g_clear_object (&result);
  g_clear_error (&error);

  error = get_user_error (client, "wrong-shape", NULL);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  error = get_user_error (client, "html200", NULL);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_RESPONSE);

  /* None of these is worth a retry. */
  g_assert_cmpuint (prefs_client_get_n_retries (client), ==, 0);

  g_assert_finalize_object (client);
  server_stop ();
}

static void
test_html_error_page (void)
{
  PrefsClient *client;
  g_autoptr(GError) error = NULL;
  const PrefsClientFailure *failure;
  GAsyncResult *result = NULL;

  server_start ();
  client = raw_client_new ("");

  error = get_user_error (client, "html", &result);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_SERVER_ERROR);
  failure = prefs_client_get_failure (client, result);
  g_assert_cmpuint (failure->status, ==, 502);
  g_assert_null (failure->code);
  g_assert_null (failure->message);
  g_assert_cmpuint (failure->errors->len, ==, 0);
  /* A 5xx is retried, up to the cap. */
  g_assert_cmpuint (prefs_client_get_n_requests (client), ==, 2);
  g_clear_object (&result);
  g_clear_error (&error);

  error = get_user_error (client, "knock-422", &result);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_PARAMS);
  failure = prefs_client_get_failure (client, result);
  g_assert_cmpstr (failure->code, ==, "invalid_params");
  /* The entry that is not an object is skipped; the one without a field kept. */
  g_assert_cmpuint (failure->errors->len, ==, 2);
  g_assert_cmpstr (prefs_client_failure_lookup_field (failure, "workflows.x.channel_types.fax"),
                   ==, "unknown");
  g_assert_nonnull (strstr (error->message, "workflows.x.channel_types.fax"));
  g_clear_object (&result);

  g_assert_finalize_object (client);
  server_stop ();
}

static void
test_huge_bodies (void)
{
  PrefsClient *client;
  g_autoptr(GError) error = NULL;

  server_start ();
  client = raw_client_new ("");

  error = get_user_error (client, "huge", NULL);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_clear_error (&error);

  prefs_client_set_max_response_bytes (client, 1024 * 1024);
  error = get_user_error (client, "huge-unbounded", NULL);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than"));

  g_assert_finalize_object (client);
  server_stop ();
}

static void
test_never_answers (void)
{
  PrefsClient *client;
  g_autoptr(GError) error = NULL;

  server_start ();
  client = raw_client_new ("");

  error = get_user_error (client, "silent", NULL);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpuint (prefs_client_get_n_requests (client), ==, 2);

  g_assert_finalize_object (client);
  server_stop ();
}

static void
test_bad_base_url (void)
{
  PrefsClient *client = prefs_client_new (NULL, "not a url", "sk_test");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) user = NULL;
  GAsyncResult *result = NULL;

  prefs_client_get_user_async (client, "x", NULL, on_result, &result);
  user = prefs_client_get_user_finish (client, wait_result (&result), &error);
  g_assert_error (error, PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_ARGUMENT);
  g_clear_object (&result);

  g_assert_finalize_object (client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/client-raw/request-shape", test_request_shape);
  g_test_add_func ("/core/client-raw/idempotency-key-kept", test_idempotency_key_kept);
  g_test_add_func ("/core/client-raw/truncated", test_truncated);
  g_test_add_func ("/core/client-raw/garbage", test_garbage);
  g_test_add_func ("/core/client-raw/html-error-page", test_html_error_page);
  g_test_add_func ("/core/client-raw/huge-bodies", test_huge_bodies);
  g_test_add_func ("/core/client-raw/never-answers", test_never_answers);
  g_test_add_func ("/core/client-raw/bad-base-url", test_bad_base_url);

  return g_test_run ();
}

/* prefs-client.c: Knock's preferences API over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-client"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-client.h"

#include <string.h>

#define DEFAULT_CONNECT_TIMEOUT 10.0
#define DEFAULT_REQUEST_TIMEOUT 30.0
#define DEFAULT_DEADLINE        120.0
#define DEFAULT_MAX_ATTEMPTS    8
#define BACKOFF_BASE_MS         250
#define BACKOFF_MAX_MS          8000
#define RETRY_AFTER_MAX_S       300
#define READ_CHUNK              65536

struct _PrefsClient
{
  GObject           parent_instance;

  SoupSession      *session;
  PrefsRateLimiter *limiter;
  char             *base_url;
  char             *secret_key;
  char             *user_agent;
  double            connect_timeout;
  double            request_timeout;
  double            deadline;
  guint             max_attempts;
  guint64           max_response_bytes;

  guint             n_requests;
  guint             n_rate_limited;
  guint             n_retries;
};

G_DEFINE_FINAL_TYPE (PrefsClient, prefs_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (prefs-client-error-quark, prefs_client_error)
G_DEFINE_BOXED_TYPE (PrefsClientFailure, prefs_client_failure,
                     prefs_client_failure_copy, prefs_client_failure_free)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BASE_URL,
  PROP_SECRET_KEY,
  PROP_USER_AGENT,
  PROP_CONNECT_TIMEOUT,
  PROP_REQUEST_TIMEOUT,
  PROP_DEADLINE,
  PROP_MAX_ATTEMPTS,
  PROP_MAX_RESPONSE_BYTES,
  PROP_N_REQUESTS,
  PROP_N_RATE_LIMITED,
  PROP_N_RETRIES,
  N_PROPS
};

enum {
  SIGNAL_RESPONSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define FAILURE_KEY "prefs-client-failure"

/* ---- PrefsClientFailure ---- */

static void
field_error_free (PrefsFieldError *entry)
{
  g_free (entry->field);
  g_free (entry->message);
  g_free (entry->type);
  g_free (entry);
}

static PrefsClientFailure *
failure_new (guint status)
{
  PrefsClientFailure *failure = g_new0 (PrefsClientFailure, 1);

  failure->status = status;
  failure->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) field_error_free);
  return failure;
}

/**
 * prefs_client_failure_copy:
 * @failure: a #PrefsClientFailure
 *
 * Returns: (transfer full): a deep copy
 */
PrefsClientFailure *
prefs_client_failure_copy (const PrefsClientFailure *failure)
{
  PrefsClientFailure *copy;

  g_return_val_if_fail (failure != NULL, NULL);

  copy = failure_new (failure->status);
  copy->code = g_strdup (failure->code);
  copy->message = g_strdup (failure->message);
  copy->type = g_strdup (failure->type);
  copy->request_id = g_strdup (failure->request_id);
  for (guint i = 0; i < failure->errors->len; i++)
    {
      const PrefsFieldError *entry = g_ptr_array_index (failure->errors, i);
      PrefsFieldError *entry_copy = g_new0 (PrefsFieldError, 1);

      entry_copy->field = g_strdup (entry->field);
      entry_copy->message = g_strdup (entry->message);
      entry_copy->type = g_strdup (entry->type);
      g_ptr_array_add (copy->errors, entry_copy);
    }
  return copy;
}

/**
 * prefs_client_failure_free:
 * @failure: (nullable): a #PrefsClientFailure
 *
 * Frees @failure.
 */
void
prefs_client_failure_free (PrefsClientFailure *failure)
{
  if (failure == NULL)
    return;
  g_free (failure->code);
  g_free (failure->message);
  g_free (failure->type);
  g_free (failure->request_id);
  g_ptr_array_unref (failure->errors);
  g_free (failure);
}

/**
 * prefs_client_failure_lookup_field:
 * @failure: a #PrefsClientFailure
 * @field: a field path such as "user_ids"
 *
 * Returns: (nullable): the message of the first 422 entry for @field
 */
const char *
prefs_client_failure_lookup_field (const PrefsClientFailure *failure,
                                   const char               *field)
{
  g_return_val_if_fail (failure != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < failure->errors->len; i++)
    {
      const PrefsFieldError *entry = g_ptr_array_index (failure->errors, i);

      if (g_strcmp0 (entry->field, field) == 0)
        return entry->message ? entry->message : "";
    }
  return NULL;
}

/* ---- the object ---- */

static void
prefs_client_dispose (GObject *object)
{
  PrefsClient *self = PREFS_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->limiter);

  G_OBJECT_CLASS (prefs_client_parent_class)->dispose (object);
}

static void
prefs_client_finalize (GObject *object)
{
  PrefsClient *self = PREFS_CLIENT (object);

  g_free (self->base_url);
  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_free (self->secret_key);
  g_free (self->user_agent);

  G_OBJECT_CLASS (prefs_client_parent_class)->finalize (object);
}

static void
prefs_client_constructed (GObject *object)
{
  PrefsClient *self = PREFS_CLIENT (object);

  G_OBJECT_CLASS (prefs_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = g_object_new (SOUP_TYPE_SESSION,
                                  "user-agent", self->user_agent,
                                  "timeout", (guint) self->connect_timeout,
                                  "idle-timeout", 60,
                                  NULL);
}

static void
prefs_client_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PrefsClient *self = PREFS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_double (value, self->connect_timeout);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_double (value, self->request_timeout);
      break;
    case PROP_DEADLINE:
      g_value_set_double (value, self->deadline);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    case PROP_MAX_RESPONSE_BYTES:
      g_value_set_uint64 (value, self->max_response_bytes);
      break;
    case PROP_N_REQUESTS:
      g_value_set_uint (value, self->n_requests);
      break;
    case PROP_N_RATE_LIMITED:
      g_value_set_uint (value, self->n_rate_limited);
      break;
    case PROP_N_RETRIES:
      g_value_set_uint (value, self->n_retries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_client_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PrefsClient *self = PREFS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_BASE_URL:
      prefs_client_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_SECRET_KEY:
      prefs_client_set_secret_key (self, g_value_get_string (value));
      break;
    case PROP_USER_AGENT:
      prefs_client_set_user_agent (self, g_value_get_string (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      self->connect_timeout = g_value_get_double (value);
      break;
    case PROP_REQUEST_TIMEOUT:
      prefs_client_set_request_timeout (self, g_value_get_double (value));
      break;
    case PROP_DEADLINE:
      prefs_client_set_deadline (self, g_value_get_double (value));
      break;
    case PROP_MAX_ATTEMPTS:
      prefs_client_set_max_attempts (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RESPONSE_BYTES:
      prefs_client_set_max_response_bytes (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_client_class_init (PrefsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = prefs_client_dispose;
  object_class->finalize = prefs_client_finalize;
  object_class->constructed = prefs_client_constructed;
  object_class->get_property = prefs_client_get_property;
  object_class->set_property = prefs_client_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, PREFS_CLIENT_DEFAULT_BASE_URL, rw);
  /* Not readable, so that no property dump ever shows it. */
  properties[PROP_SECRET_KEY] =
    g_param_spec_string ("secret-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, "prefs-console/" PACKAGE_VERSION, rw);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_double ("connect-timeout", NULL, NULL, 0, 3600, DEFAULT_CONNECT_TIMEOUT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_double ("request-timeout", NULL, NULL, 0, 3600, DEFAULT_REQUEST_TIMEOUT, rw);
  properties[PROP_DEADLINE] =
    g_param_spec_double ("deadline", NULL, NULL, 0, 86400, DEFAULT_DEADLINE, rw);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, 100, DEFAULT_MAX_ATTEMPTS, rw);
  properties[PROP_MAX_RESPONSE_BYTES] =
    g_param_spec_uint64 ("max-response-bytes", NULL, NULL, 1, G_MAXUINT64,
                         PREFS_CLIENT_MAX_RESPONSE_BYTES, rw);
  properties[PROP_N_REQUESTS] =
    g_param_spec_uint ("n-requests", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_RATE_LIMITED] =
    g_param_spec_uint ("n-rate-limited", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_RETRIES] =
    g_param_spec_uint ("n-retries", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_RESPONSE] =
    g_signal_new ("response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
}

static void
prefs_client_init (PrefsClient *self)
{
  self->limiter = prefs_rate_limiter_new ();
  self->base_url = g_strdup (PREFS_CLIENT_DEFAULT_BASE_URL);
  self->user_agent = g_strdup ("prefs-console/" PACKAGE_VERSION);
  self->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  self->request_timeout = DEFAULT_REQUEST_TIMEOUT;
  self->deadline = DEFAULT_DEADLINE;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->max_response_bytes = PREFS_CLIENT_MAX_RESPONSE_BYTES;
}

/**
 * prefs_client_new:
 * @session: (nullable): the #SoupSession to send through, or %NULL
 * @base_url: (nullable): the API's base URL, %NULL for Knock's
 * @secret_key: (nullable): the environment's secret key
 *
 * Returns: (transfer full): a new client
 */
PrefsClient *
prefs_client_new (SoupSession *session,
                  const char  *base_url,
                  const char  *secret_key)
{
  g_return_val_if_fail (!session || SOUP_IS_SESSION (session), NULL);

  return g_object_new (PREFS_TYPE_CLIENT,
                       "session", session,
                       "base-url", base_url ? base_url : PREFS_CLIENT_DEFAULT_BASE_URL,
                       "secret-key", secret_key,
                       NULL);
}

/**
 * prefs_client_apply_environment:
 * @self: a #PrefsClient
 *
 * Lets KNOCK_API_KEY and KNOCK_BASE_URL override the configured key and URL.
 *
 * Returns: %TRUE if either variable was applied
 */
gboolean
prefs_client_apply_environment (PrefsClient *self)
{
  const char *key;
  const char *url;
  gboolean applied = FALSE;

  g_return_val_if_fail (PREFS_IS_CLIENT (self), FALSE);

  key = g_getenv ("KNOCK_API_KEY");
  url = g_getenv ("KNOCK_BASE_URL");

  if (key != NULL && *key != '\0')
    {
      prefs_client_set_secret_key (self, key);
      applied = TRUE;
    }
  if (url != NULL && *url != '\0')
    {
      prefs_client_set_base_url (self, url);
      applied = TRUE;
    }
  return applied;
}

/**
 * prefs_client_get_session:
 * @self: a #PrefsClient
 *
 * Returns: (transfer none): the session requests go through
 */
SoupSession *
prefs_client_get_session (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), NULL);
  return self->session;
}

/**
 * prefs_client_get_base_url:
 * @self: a #PrefsClient
 *
 * Returns: the base URL, without a trailing slash
 */
const char *
prefs_client_get_base_url (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), NULL);
  return self->base_url;
}

/**
 * prefs_client_set_base_url:
 * @self: a #PrefsClient
 * @base_url: (nullable): "http://host:port", with or without a path prefix
 *   and a trailing slash; %NULL for Knock's
 *
 * Changes where requests go.
 */
void
prefs_client_set_base_url (PrefsClient *self,
                           const char  *base_url)
{
  g_autofree char *url = NULL;
  gsize len;

  g_return_if_fail (PREFS_IS_CLIENT (self));

  url = g_strstrip (g_strdup (base_url ? base_url : PREFS_CLIENT_DEFAULT_BASE_URL));
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  if (g_strcmp0 (url, self->base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

/**
 * prefs_client_set_secret_key:
 * @self: a #PrefsClient
 * @secret_key: (nullable): the key sent as "Authorization: Bearer"
 *
 * Changes the key. The key is never logged nor put in an error.
 */
void
prefs_client_set_secret_key (PrefsClient *self,
                             const char  *secret_key)
{
  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (g_strcmp0 (secret_key, self->secret_key) == 0)
    return;

  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_free (self->secret_key);
  self->secret_key = g_strdup (secret_key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET_KEY]);
}

/**
 * prefs_client_has_secret_key:
 * @self: a #PrefsClient
 *
 * Returns: %TRUE if a non-empty key is set
 */
gboolean
prefs_client_has_secret_key (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), FALSE);
  return self->secret_key != NULL && *self->secret_key != '\0';
}

/**
 * prefs_client_get_user_agent:
 * @self: a #PrefsClient
 *
 * Returns: the User-Agent sent with each request
 */
const char *
prefs_client_get_user_agent (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), NULL);
  return self->user_agent;
}

/**
 * prefs_client_set_user_agent:
 * @self: a #PrefsClient
 * @user_agent: (nullable): the User-Agent, %NULL for the default
 *
 * Changes the User-Agent header of requests.
 */
void
prefs_client_set_user_agent (PrefsClient *self,
                             const char  *user_agent)
{
  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (user_agent == NULL)
    user_agent = "prefs-console/" PACKAGE_VERSION;
  if (g_strcmp0 (user_agent, self->user_agent) == 0)
    return;

  g_free (self->user_agent);
  self->user_agent = g_strdup (user_agent);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_AGENT]);
}

/**
 * prefs_client_set_request_timeout:
 * @self: a #PrefsClient
 * @seconds: the longest one attempt may take, 0 for no limit
 *
 * Sets the per-attempt timeout.
 */
void
prefs_client_set_request_timeout (PrefsClient *self,
                                  double       seconds)
{
  g_return_if_fail (PREFS_IS_CLIENT (self));

  seconds = MAX (0.0, seconds);
  if (self->request_timeout == seconds)
    return;
  self->request_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_TIMEOUT]);
}

/**
 * prefs_client_set_deadline:
 * @self: a #PrefsClient
 * @seconds: the longest one call may take with its retries, 0 for no limit
 *
 * Sets the overall deadline of each call.
 */
void
prefs_client_set_deadline (PrefsClient *self,
                           double       seconds)
{
  g_return_if_fail (PREFS_IS_CLIENT (self));

  seconds = MAX (0.0, seconds);
  if (self->deadline == seconds)
    return;
  self->deadline = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEADLINE]);
}

/**
 * prefs_client_set_max_attempts:
 * @self: a #PrefsClient
 * @max_attempts: attempts per call, at least 1
 *
 * Caps retries.
 */
void
prefs_client_set_max_attempts (PrefsClient *self,
                               guint        max_attempts)
{
  g_return_if_fail (PREFS_IS_CLIENT (self));

  max_attempts = MAX (1, max_attempts);
  if (self->max_attempts == max_attempts)
    return;
  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

/**
 * prefs_client_set_max_response_bytes:
 * @self: a #PrefsClient
 * @max_bytes: the largest body read
 *
 * Bodies larger than this are refused with INVALID_RESPONSE.
 */
void
prefs_client_set_max_response_bytes (PrefsClient *self,
                                     gsize        max_bytes)
{
  g_return_if_fail (PREFS_IS_CLIENT (self));

  max_bytes = MAX (1, max_bytes);
  if (self->max_response_bytes == max_bytes)
    return;
  self->max_response_bytes = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_BYTES]);
}

/**
 * prefs_client_get_rate_limiter:
 * @self: a #PrefsClient
 *
 * Returns: (transfer none): the limiter that paces this client
 */
PrefsRateLimiter *
prefs_client_get_rate_limiter (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), NULL);
  return self->limiter;
}

/**
 * prefs_client_get_n_requests:
 * @self: a #PrefsClient
 *
 * Returns: how many attempts were sent
 */
guint
prefs_client_get_n_requests (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), 0);
  return self->n_requests;
}

/**
 * prefs_client_get_n_rate_limited:
 * @self: a #PrefsClient
 *
 * Returns: how many 429 answers came back
 */
guint
prefs_client_get_n_rate_limited (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), 0);
  return self->n_rate_limited;
}

/**
 * prefs_client_get_n_retries:
 * @self: a #PrefsClient
 *
 * Returns: how many attempts were retries
 */
guint
prefs_client_get_n_retries (PrefsClient *self)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), 0);
  return self->n_retries;
}

/**
 * prefs_client_redact_key:
 * @key: (nullable): a key
 *
 * Returns: (transfer full): "Bearer sk_…REDACTED", keeping only the key's
 *   kind, or "(none)"
 */
char *
prefs_client_redact_key (const char *key)
{
  if (key == NULL || *key == '\0')
    return g_strdup ("(none)");
  if (g_str_has_prefix (key, "sk_") || g_str_has_prefix (key, "pk_"))
    return g_strdup_printf ("Bearer %.3s…REDACTED", key);
  return g_strdup ("Bearer …REDACTED");
}

/**
 * prefs_client_get_failure:
 * @self: a #PrefsClient
 * @result: the #GAsyncResult of any call of @self
 *
 * Returns: (transfer none) (nullable): what the server said when the call
 *   failed with an HTTP error; valid as long as @result
 */
const PrefsClientFailure *
prefs_client_get_failure (PrefsClient  *self,
                          GAsyncResult *result)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_object_get_data (G_OBJECT (result), FAILURE_KEY);
}

/* ---- one call: attempts, retries, reading, parsing ---- */

typedef gpointer (*ParseFunc) (JsonNode  *root,
                               GError   **error);

typedef struct
{
  char           *method;
  char           *path;              /* after "/v1/", escaped, with the query */
  GBytes         *body;              /* (nullable) */
  PrefsRateTier   tier;
  char           *idempotency_key;   /* (nullable): writes only */
  ParseFunc       parse;             /* NULL: the body is ignored */
  GDestroyNotify  result_free;

  guint           attempt;
  gint64          started_us;
  gint64          deadline_us;       /* 0: none */

  /* The attempt in flight. */
  SoupMessage    *msg;
  GCancellable   *attempt_cancellable;
  gulong          cancelled_id;
  GSource        *timeout_source;
  gboolean        timed_out;
  GInputStream   *stream;
  gboolean        body_complete;
  GByteArray     *buffer;
  gint64          attempt_started_us;
} Call;

static void
call_end_attempt (Call  *call,
                  GTask *task)
{
  if (call->timeout_source != NULL)
    {
      g_source_destroy (call->timeout_source);
      g_clear_pointer (&call->timeout_source, g_source_unref);
    }
  if (call->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), call->cancelled_id);
      call->cancelled_id = 0;
    }
  if (call->stream != NULL && !call->body_complete && call->attempt_cancellable != NULL)
    {
      /* Abandoning a body half read: cancelling makes libsoup drop the
       * connection instead of draining the rest. */
      g_cancellable_cancel (call->attempt_cancellable);
    }
  g_clear_object (&call->stream);
  g_clear_object (&call->attempt_cancellable);
  g_clear_object (&call->msg);
  g_clear_pointer (&call->buffer, g_byte_array_unref);
  call->timed_out = FALSE;
  call->body_complete = FALSE;
}

static void
call_free (Call *call)
{
  g_assert (call->cancelled_id == 0);
  g_assert (call->timeout_source == NULL);

  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->idempotency_key);
  g_clear_object (&call->msg);
  g_clear_object (&call->attempt_cancellable);
  g_clear_object (&call->stream);
  g_clear_pointer (&call->buffer, g_byte_array_unref);
  g_free (call);
}

static void start_attempt (GTask *task);

static void
call_return_error (GTask              *task,
                   GError             *error,
                   PrefsClientFailure *failure)
{
  Call *call = g_task_get_task_data (task);

  call_end_attempt (call, task);
  if (failure != NULL)
    g_object_set_data_full (G_OBJECT (task), FAILURE_KEY, failure,
                            (GDestroyNotify) prefs_client_failure_free);
  g_task_return_error (task, error);
}

static gboolean
call_is_cancelled (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

static void
call_return_cancelled (GTask *task)
{
  call_return_error (task,
                     g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("Operation was cancelled")),
                     NULL);
}

/* Removes the key from text that came from elsewhere, should a server echo it. */
static char *
scrub_key (PrefsClient *self,
           const char  *text)
{
  g_autoptr(GString) str = NULL;

  if (text == NULL)
    return NULL;

  str = g_string_new (text);
  if (self->secret_key != NULL && strlen (self->secret_key) >= 4)
    g_string_replace (str, self->secret_key, "…REDACTED", 0);
  return g_string_free (g_steal_pointer (&str), FALSE);
}

static gboolean
retry_wait_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (call_is_cancelled (task))
    call_return_cancelled (task);
  else
    start_attempt (task);

  return G_SOURCE_REMOVE;
}

static gint64
backoff_ms (guint attempt)
{
  gint64 delay = BACKOFF_BASE_MS;

  for (guint i = 1; i < attempt && delay < BACKOFF_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_MS);

  /* Half fixed, half random, so that clients failing together do not
   * come back together. */
  return delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
}

/* Retries if attempts and time remain; otherwise fails with @error.
 * Takes ownership of @error and @failure. */
static void
call_retry_or_fail (GTask              *task,
                    GError             *error,
                    PrefsClientFailure *failure,
                    gint64              retry_after_ms)
{
  PrefsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  gint64 delay_ms;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GSource) source = NULL;

  call_end_attempt (call, task);

  if (call_is_cancelled (task))
    {
      g_error_free (error);
      prefs_client_failure_free (failure);
      call_return_cancelled (task);
      return;
    }

  delay_ms = MAX (backoff_ms (call->attempt), retry_after_ms);

  if (call->attempt >= self->max_attempts ||
      (call->deadline_us != 0 && now + delay_ms * 1000 >= call->deadline_us))
    {
      call_return_error (task, error, failure);
      return;
    }

  g_debug ("%s %s: retrying in %" G_GINT64_FORMAT " ms (%s)",
           call->method, call->path, delay_ms, error->message);
  g_error_free (error);
  prefs_client_failure_free (failure);

  /* The cancellable as a child source wakes the wait as soon as the call
   * is cancelled, instead of at the end of the backoff. */
  source = g_timeout_source_new ((guint) delay_ms);
  if (g_task_get_cancellable (task) != NULL)
    {
      g_autoptr(GSource) cancel_source =
        g_cancellable_source_new (g_task_get_cancellable (task));

      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (source, cancel_source);
    }
  g_task_attach_source (task, source, retry_wait_cb);
}

static gboolean
status_is_retryable (guint status)
{
  return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

static PrefsClientError
status_to_code (guint status)
{
  switch (status)
    {
    case 401: return PREFS_CLIENT_ERROR_UNAUTHORIZED;
    case 403: return PREFS_CLIENT_ERROR_FORBIDDEN;
    case 404: return PREFS_CLIENT_ERROR_NOT_FOUND;
    case 422: return PREFS_CLIENT_ERROR_INVALID_PARAMS;
    case 429: return PREFS_CLIENT_ERROR_RATE_LIMITED;
    default:
      if (status >= 500)
        return PREFS_CLIENT_ERROR_SERVER_ERROR;
      return PREFS_CLIENT_ERROR_CLIENT_ERROR;
    }
}

static const char *
dup_member_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Reads Knock's error body when there is one; a body that is not JSON
 * (an HTML page from a proxy) leaves the strings NULL. */
static PrefsClientFailure *
failure_from_response (PrefsClient *self,
                       guint        status,
                       SoupMessage *msg,
                       GByteArray  *body)
{
  PrefsClientFailure *failure = failure_new (status);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *errors;

  failure->request_id = g_strdup (soup_message_headers_get_one (headers, "x-request-id"));

  if (body == NULL || body->len == 0)
    return failure;

  root = prefs_json_parse ((const char *) body->data, body->len, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return failure;

  object = json_node_get_object (root);
  failure->code = scrub_key (self, dup_member_string (object, "code"));
  failure->message = scrub_key (self, dup_member_string (object, "message"));
  failure->type = scrub_key (self, dup_member_string (object, "type"));

  errors = json_object_get_member (object, "errors");
  if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors))
    {
      JsonArray *array = json_node_get_array (errors);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonObject *item_object;
          PrefsFieldError *entry;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          item_object = json_node_get_object (item);

          entry = g_new0 (PrefsFieldError, 1);
          entry->field = g_strdup (dup_member_string (item_object, "field"));
          if (entry->field == NULL)
            entry->field = g_strdup ("");
          entry->message = scrub_key (self, dup_member_string (item_object, "message"));
          entry->type = g_strdup (dup_member_string (item_object, "type"));
          g_ptr_array_add (failure->errors, entry);
        }
    }
  else if (errors != NULL && JSON_NODE_HOLDS_OBJECT (errors) && failure->message == NULL)
    {
      /* Knock's unrouted-path shape: {"errors": {"detail": "404 Not Found"}} */
      failure->message = scrub_key (self, dup_member_string (json_node_get_object (errors),
                                                             "detail"));
    }

  return failure;
}

static GError *
error_from_failure (const PrefsClientFailure *failure)
{
  GString *message = g_string_new (NULL);
  PrefsClientError code = status_to_code (failure->status);

  switch (code)
    {
    case PREFS_CLIENT_ERROR_UNAUTHORIZED:
      g_string_append (message, _("The server did not accept the API key"));
      break;
    case PREFS_CLIENT_ERROR_FORBIDDEN:
      g_string_append (message, _("The API key may not do this"));
      break;
    case PREFS_CLIENT_ERROR_NOT_FOUND:
      g_string_append (message, _("Not found"));
      break;
    case PREFS_CLIENT_ERROR_INVALID_PARAMS:
      g_string_append (message, _("The server refused the request as invalid"));
      break;
    case PREFS_CLIENT_ERROR_RATE_LIMITED:
      g_string_append (message, _("Too many requests"));
      break;
    case PREFS_CLIENT_ERROR_SERVER_ERROR:
      g_string_append (message, _("The server failed"));
      break;
    case PREFS_CLIENT_ERROR_CLIENT_ERROR:
    case PREFS_CLIENT_ERROR_TRANSPORT:
    case PREFS_CLIENT_ERROR_TIMEOUT:
    case PREFS_CLIENT_ERROR_INVALID_RESPONSE:
    case PREFS_CLIENT_ERROR_INVALID_ARGUMENT:
    default:
      g_string_append (message, _("The server refused the request"));
      break;
    }

  g_string_append_printf (message, " (HTTP %u", failure->status);
  if (failure->code != NULL)
    g_string_append_printf (message, ", %s", failure->code);
  g_string_append (message, ")");
  if (failure->message != NULL)
    g_string_append_printf (message, ": %s", failure->message);
  for (guint i = 0; i < failure->errors->len; i++)
    {
      const PrefsFieldError *entry = g_ptr_array_index (failure->errors, i);

      g_string_append_printf (message, "\n%s: %s", entry->field,
                              entry->message ? entry->message : _("invalid"));
    }

  {
    g_autofree char *text = g_string_free (message, FALSE);

    return g_error_new_literal (PREFS_CLIENT_ERROR, code, text);
  }
}

/* Seconds ("120") or an HTTP date; -1 when absent or unreadable. */
static gint64
parse_retry_after_ms (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, RETRY_AFTER_MAX_S * 100, &seconds, NULL))
    return (gint64) MIN (seconds, RETRY_AFTER_MAX_S) * 1000;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return CLAMP (g_date_time_difference (when, now) / 1000, 0, RETRY_AFTER_MAX_S * 1000);
}

static void
log_attempt (PrefsClient *self,
             Call        *call,
             guint        status,
             const char  *outcome)
{
  g_autofree char *redacted = prefs_client_redact_key (self->secret_key);
  double ms = (double) (g_get_monotonic_time () - call->attempt_started_us) / 1000.0;

  g_debug ("%s %s/v1/%s -> %u %s in %.1f ms (attempt %u, Authorization: %s)",
           call->method, self->base_url, call->path, status, outcome, ms,
           call->attempt, redacted);

  g_signal_emit (self, signals[SIGNAL_RESPONSE], 0, call->method, call->path, status);
}

static void
complete_attempt (GTask *task)
{
  PrefsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gpointer result;

  log_attempt (self, call, status, soup_message_get_reason_phrase (call->msg)
                                     ? soup_message_get_reason_phrase (call->msg) : "");

  if (status >= 200 && status < 300)
    {
      if (call->parse == NULL)
        {
          call_end_attempt (call, task);
          g_task_return_boolean (task, TRUE);
          return;
        }

      root = prefs_json_parse ((const char *) call->buffer->data, call->buffer->len, &error);
      if (root == NULL)
        {
          call_return_error (task,
                             g_error_new (PREFS_CLIENT_ERROR,
                                          PREFS_CLIENT_ERROR_INVALID_RESPONSE,
                                          /* Translators: %u is an HTTP status code, %s the parser's explanation */
                                          _("The server's answer (HTTP %u) is not valid JSON: %s"),
                                          status, error->message),
                             failure_new (status));
          return;
        }

      result = call->parse (root, &error);
      if (result == NULL)
        {
          call_return_error (task,
                             g_error_new (PREFS_CLIENT_ERROR,
                                          PREFS_CLIENT_ERROR_INVALID_RESPONSE,
                                          /* Translators: %s lists what was wrong with the answer */
                                          _("The server's answer is not what was expected: %s"),
                                          error->message),
                             failure_new (status));
          return;
        }

      call_end_attempt (call, task);
      g_task_return_pointer (task, result, call->result_free);
      return;
    }
  else
    {
      PrefsClientFailure *failure = failure_from_response (self, status, call->msg, call->buffer);
      GError *status_error = error_from_failure (failure);

      if (status_is_retryable (status))
        {
          gint64 retry_after_ms = parse_retry_after_ms (call->msg);

          if (status == 429)
            {
              self->n_rate_limited++;
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RATE_LIMITED]);
              prefs_rate_limiter_hold (self->limiter, call->tier,
                                       MAX (retry_after_ms, 0) * 1000);
            }
          call_retry_or_fail (task, status_error, failure, retry_after_ms);
        }
      else
        {
          call_return_error (task, status_error, failure);
        }
    }
}

/* Any failure to get a whole answer. Takes ownership of @error. */
static void
attempt_failed (GTask  *task,
                GError *error)
{
  PrefsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GError *mapped;

  if (call_is_cancelled (task))
    {
      g_error_free (error);
      log_attempt (self, call, 0, "cancelled");
      call_return_cancelled (task);
      return;
    }

  if (call->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      log_attempt (self, call, 0, "timed out");
      mapped = g_error_new (PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_TIMEOUT,
                            _("The server did not answer in time"));
    }
  else
    {
      g_autofree char *text = scrub_key (self, error->message);

      log_attempt (self, call, 0, text);
      mapped = g_error_new (PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_TRANSPORT,
                            /* Translators: %s is the network library's explanation */
                            _("Could not reach the server: %s"), text);
    }
  g_error_free (error);

  call_retry_or_fail (task, mapped, NULL, -1);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrefsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      attempt_failed (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      call->body_complete = TRUE;
      complete_attempt (task);
      return;
    }

  if (call->buffer->len + g_bytes_get_size (bytes) > self->max_response_bytes)
    {
      guint status = soup_message_get_status (call->msg);
      g_autofree char *limit = g_strdup_printf ("%" G_GUINT64_FORMAT, self->max_response_bytes);

      log_attempt (self, call, status, "body too large");
      call_return_error (task,
                         g_error_new (PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_RESPONSE,
                                      /* Translators: %s is the size limit, a number of bytes */
                                      _("The server's answer is larger than %s bytes"),
                                      limit),
                         failure_new (status));
      return;
    }

  g_byte_array_append (call->buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (call->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   call->attempt_cancellable, on_read,
                                   g_steal_pointer (&task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrefsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  SoupMessageHeaders *headers;

  call->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->stream == NULL)
    {
      attempt_failed (task, error);
      return;
    }

  headers = soup_message_get_response_headers (call->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > self->max_response_bytes)
    {
      guint status = soup_message_get_status (call->msg);
      g_autofree char *limit = g_strdup_printf ("%" G_GUINT64_FORMAT, self->max_response_bytes);

      log_attempt (self, call, status, "body too large");
      call_return_error (task,
                         g_error_new (PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_RESPONSE,
                                      /* Translators: %s is the size limit, a number of bytes */
                                      _("The server's answer is larger than %s bytes"),
                                      limit),
                         failure_new (status));
      return;
    }

  call->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (call->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   call->attempt_cancellable, on_read,
                                   g_steal_pointer (&task));
}

/* libsoup resends a message by itself when a kept-alive connection turns
 * out to be closed, but it does not rewind the body stream it already
 * read; give it a fresh one. */
static void
on_restarted (SoupMessage *msg,
              GBytes      *body)
{
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->timed_out = TRUE;
  g_clear_pointer (&call->timeout_source, g_source_unref);
  if (call->attempt_cancellable != NULL)
    g_cancellable_cancel (call->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
forward_cancel_idle_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
forward_cancel_cb (GCancellable *outer,
                   GCancellable *attempt)
{
  /* Deferred so that nothing completes (and disconnects this handler)
   * while @outer is still emitting ::cancelled. */
  g_idle_add_full (G_PRIORITY_HIGH, forward_cancel_idle_cb, g_object_ref (attempt),
                   g_object_unref);
}

static void
send_attempt (GTask *task)
{
  PrefsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable = g_task_get_cancellable (task);
  double timeout_s = self->request_timeout;
  gint64 now;

  url = g_strconcat (self->base_url, "/v1/", call->path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      call_return_error (task,
                         g_error_new (PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_ARGUMENT,
                                      _("The base URL “%s” is not an http or https URL"),
                                      self->base_url),
                         NULL);
      return;
    }

  call->attempt++;
  if (call->attempt > 1)
    {
      self->n_retries++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RETRIES]);
    }
  self->n_requests++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REQUESTS]);

  call->msg = soup_message_new_from_uri (call->method, uri);
  headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "User-Agent", self->user_agent);
  if (prefs_client_has_secret_key (self))
    {
      auth = g_strconcat ("Bearer ", self->secret_key, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
      memset (auth, 0, strlen (auth));
    }
  if (call->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", call->idempotency_key);
  if (call->body != NULL)
    {
      soup_message_set_request_body_from_bytes (call->msg, "application/json", call->body);
      g_signal_connect_data (call->msg, "restarted", G_CALLBACK (on_restarted),
                             g_bytes_ref (call->body), (GClosureNotify) g_bytes_unref, 0);
    }

  call->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    call->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                g_object_ref (call->attempt_cancellable),
                                                g_object_unref);

  now = g_get_monotonic_time ();
  if (call->deadline_us != 0)
    {
      double left = (double) (call->deadline_us - now) / G_USEC_PER_SEC;

      timeout_s = timeout_s > 0 ? MIN (timeout_s, left) : left;
      timeout_s = MAX (timeout_s, 0.001);
    }
  if (timeout_s > 0)
    {
      call->timeout_source = g_timeout_source_new ((guint) (timeout_s * 1000));
      g_source_set_callback (call->timeout_source, attempt_timeout_cb, task, NULL);
      g_source_attach (call->timeout_source, g_task_get_context (task));
    }

  call->attempt_started_us = now;
  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                           call->attempt_cancellable, on_sent, g_object_ref (task));
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!prefs_rate_limiter_acquire_finish (PREFS_RATE_LIMITER (object), result, &error))
    {
      g_error_free (error);
      call_return_cancelled (task);
      return;
    }
  if (call_is_cancelled (task))
    {
      call_return_cancelled (task);
      return;
    }

  send_attempt (task);
}

static void
start_attempt (GTask *task)
{
  PrefsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  prefs_rate_limiter_acquire_async (self->limiter, call->tier,
                                    g_task_get_cancellable (task),
                                    on_token, g_object_ref (task));
}

static gboolean
method_is_write (const char *method)
{
  return g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0;
}

/* Starts a call. @body: (transfer full) (nullable). */
static void
call_start (PrefsClient         *self,
            gpointer             source_tag,
            const char          *method,
            char                *path,
            JsonNode            *body,
            PrefsRateTier        tier,
            ParseFunc            parse,
            GDestroyNotify       result_free,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  call = g_new0 (Call, 1);
  call->method = g_strdup (method);
  call->path = path;
  call->tier = tier;
  call->parse = parse;
  call->result_free = result_free;
  call->started_us = g_get_monotonic_time ();
  if (self->deadline > 0)
    call->deadline_us = call->started_us + (gint64) (self->deadline * G_USEC_PER_SEC);
  if (body != NULL)
    {
      char *text = prefs_json_to_string (body, FALSE);

      call->body = g_bytes_new_take (text, strlen (text));
      json_node_unref (body);
    }
  /* One key for all the attempts of a write, so a retry of a write that
   * did land is recognised by the server as the same write. */
  if (method_is_write (method))
    call->idempotency_key = g_uuid_string_random ();
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  start_attempt (task);
}

static void
report_invalid_argument (PrefsClient         *self,
                         gpointer             source_tag,
                         const char          *message,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           PREFS_CLIENT_ERROR, PREFS_CLIENT_ERROR_INVALID_ARGUMENT,
                           "%s", message);
}

static gboolean
id_is_valid (const char *id)
{
  return id != NULL && *id != '\0' && strlen (id) <= 256 && g_utf8_validate (id, -1, NULL);
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

static char *
recipient_path (const char *collection,
                const char *recipient_id)
{
  g_autofree char *id = escape (recipient_id);

  if (collection == NULL)
    return g_strconcat ("users/", id, NULL);
  else
    {
      g_autofree char *coll = escape (collection);

      return g_strconcat ("objects/", coll, "/", id, NULL);
    }
}

static gpointer
propagate (PrefsClient   *self,
           GAsyncResult  *result,
           gpointer       source_tag,
           GError       **error)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- parsers ---- */

static JsonObject *
expect_object (JsonNode  *root,
               GError   **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE,
                   "expected an object, got %s", prefs_json_describe_type (root));
      return NULL;
    }
  return json_node_get_object (root);
}

typedef struct
{
  GPtrArray     *users;
  PrefsPageInfo *page_info;
} UsersPage;

static void
users_page_free (UsersPage *page)
{
  g_clear_pointer (&page->users, g_ptr_array_unref);
  g_clear_object (&page->page_info);
  g_free (page);
}

static gpointer
parse_users_page (JsonNode  *root,
                  GError   **error)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PrefsPageInfo) page_info = NULL;
  JsonObject *object;
  JsonNode *entries;
  JsonNode *info;
  UsersPage *page;

  if (!(object = expect_object (root, error)))
    return NULL;

  entries = json_object_get_member (object, "entries");
  if (entries == NULL || !JSON_NODE_HOLDS_ARRAY (entries))
    prefs_problems_add (problems, "entries", PREFS_PARSE_ERROR_WRONG_TYPE,
                        "expected an array, got %s",
                        entries ? prefs_json_describe_type (entries) : "nothing");
  else
    {
      JsonArray *array = json_node_get_array (entries);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *index = g_strdup_printf ("%u", i);
          g_autofree char *path = prefs_path_join ("entries", index);
          PrefsUser *user = prefs_user_new_from_json_full (json_array_get_element (array, i),
                                                           path, problems);

          if (user != NULL)
            g_ptr_array_add (users, user);
        }
    }

  info = json_object_get_member (object, "page_info");
  if (info == NULL)
    prefs_problems_add (problems, "page_info", PREFS_PARSE_ERROR_MISSING_FIELD,
                        "missing");
  else
    page_info = prefs_page_info_new_from_json_full (info, "page_info", problems);

  if (!prefs_problems_to_error (problems, error))
    return NULL;
  if (page_info == NULL)
    {
      g_set_error_literal (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE,
                           "page_info: unreadable");
      return NULL;
    }

  page = g_new0 (UsersPage, 1);
  page->users = g_steal_pointer (&users);
  page->page_info = g_steal_pointer (&page_info);
  return page;
}

static gpointer
parse_user (JsonNode  *root,
            GError   **error)
{
  return prefs_user_new_from_json (root, error);
}

static gpointer
parse_set (JsonNode  *root,
           GError   **error)
{
  return prefs_preference_set_new_from_json (root, error);
}

static gpointer
parse_sets (JsonNode  *root,
            GError   **error)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE,
                   "expected an array, got %s", prefs_json_describe_type (root));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%u", i);
      PrefsPreferenceSet *set =
        prefs_preference_set_new_from_json_full (json_array_get_element (array, i),
                                                 path, problems);

      if (set != NULL)
        g_ptr_array_add (sets, set);
    }

  if (!prefs_problems_to_error (problems, error))
    return NULL;
  return g_steal_pointer (&sets);
}

static gpointer
parse_bulk_operation (JsonNode  *root,
                      GError   **error)
{
  return prefs_bulk_operation_new_from_json (root, error);
}

/* ---- the calls ---- */

/**
 * prefs_client_list_users_async:
 * @self: a #PrefsClient
 * @page_size: 1-50, or 0 for the server's default
 * @after: (nullable): the cursor after which the page starts
 * @include_preferences: whether each user carries its preference sets
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one page of users.
 */
void
prefs_client_list_users_async (PrefsClient         *self,
                               guint                page_size,
                               const char          *after,
                               gboolean             include_preferences,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GString *path;
  const char *sep = "?";

  g_return_if_fail (PREFS_IS_CLIENT (self));

  path = g_string_new ("users");
  if (page_size > 0)
    {
      g_string_append_printf (path, "%spage_size=%u", sep, page_size);
      sep = "&";
    }
  if (after != NULL)
    {
      g_autofree char *escaped = escape (after);

      g_string_append_printf (path, "%safter=%s", sep, escaped);
      sep = "&";
    }
  if (include_preferences)
    g_string_append_printf (path, "%sinclude%%5B%%5D=preferences", sep);

  call_start (self, prefs_client_list_users_async, "GET", g_string_free (path, FALSE), NULL,
              PREFS_RATE_TIER_4, parse_users_page, (GDestroyNotify) users_page_free,
              cancellable, callback, user_data);
}

/**
 * prefs_client_list_users_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @out_page_info: (out) (optional) (transfer full): the page's cursors
 * @error: return location for a #GError
 *
 * Returns: (element-type PrefsUser) (transfer full): the users of the page
 */
GPtrArray *
prefs_client_list_users_finish (PrefsClient    *self,
                                GAsyncResult   *result,
                                PrefsPageInfo **out_page_info,
                                GError        **error)
{
  UsersPage *page = propagate (self, result, prefs_client_list_users_async, error);
  GPtrArray *users;

  if (out_page_info != NULL)
    *out_page_info = NULL;
  if (page == NULL)
    return NULL;

  users = g_steal_pointer (&page->users);
  if (out_page_info != NULL)
    *out_page_info = g_steal_pointer (&page->page_info);
  users_page_free (page);
  return users;
}

/**
 * prefs_client_get_user_async:
 * @self: a #PrefsClient
 * @user_id: the user's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one user; a missing user is %PREFS_CLIENT_ERROR_NOT_FOUND.
 */
void
prefs_client_get_user_async (PrefsClient         *self,
                             const char          *user_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (!id_is_valid (user_id))
    {
      report_invalid_argument (self, prefs_client_get_user_async,
                               _("A user id is 1 to 256 bytes of UTF-8"), callback, user_data);
      return;
    }

  call_start (self, prefs_client_get_user_async, "GET", recipient_path (NULL, user_id), NULL,
              PREFS_RATE_TIER_4, parse_user, g_object_unref, cancellable, callback, user_data);
}

/**
 * prefs_client_get_user_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the user
 */
PrefsUser *
prefs_client_get_user_finish (PrefsClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate (self, result, prefs_client_get_user_async, error);
}

/**
 * prefs_client_identify_user_async:
 * @self: a #PrefsClient
 * @user_id: the user's id
 * @properties: (nullable): the members to set
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Creates or updates a user.
 */
void
prefs_client_identify_user_async (PrefsClient         *self,
                                  const char          *user_id,
                                  JsonObject          *properties_,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  JsonNode *body;

  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (!id_is_valid (user_id))
    {
      report_invalid_argument (self, prefs_client_identify_user_async,
                               _("A user id is 1 to 256 bytes of UTF-8"), callback, user_data);
      return;
    }

  body = json_node_new (JSON_NODE_OBJECT);
  if (properties_ != NULL)
    json_node_set_object (body, properties_);
  else
    json_node_take_object (body, json_object_new ());

  call_start (self, prefs_client_identify_user_async, "PUT", recipient_path (NULL, user_id),
              body, PREFS_RATE_TIER_3, parse_user, g_object_unref,
              cancellable, callback, user_data);
}

/**
 * prefs_client_identify_user_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the user as stored
 */
PrefsUser *
prefs_client_identify_user_finish (PrefsClient   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate (self, result, prefs_client_identify_user_async, error);
}

static gboolean
check_recipient (PrefsClient         *self,
                 gpointer             source_tag,
                 const char          *collection,
                 const char          *recipient_id,
                 const char          *set_id,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  const char *message = NULL;

  if (!id_is_valid (recipient_id))
    message = _("A recipient id is 1 to 256 bytes of UTF-8");
  else if (collection != NULL && !id_is_valid (collection))
    message = _("A collection name is 1 to 256 bytes of UTF-8");
  else if (set_id != NULL && !id_is_valid (set_id))
    message = _("A preference set id is 1 to 256 bytes of UTF-8");

  if (message != NULL)
    report_invalid_argument (self, source_tag, message, callback, user_data);
  return message == NULL;
}

/**
 * prefs_client_list_sets_async:
 * @self: a #PrefsClient
 * @collection: (nullable): %NULL for a user, else the object's collection
 * @recipient_id: the user's or object's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches every preference set of a recipient.
 */
void
prefs_client_list_sets_async (PrefsClient         *self,
                              const char          *collection,
                              const char          *recipient_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *base = NULL;

  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (!check_recipient (self, prefs_client_list_sets_async, collection, recipient_id, NULL,
                        callback, user_data))
    return;

  base = recipient_path (collection, recipient_id);
  call_start (self, prefs_client_list_sets_async, "GET",
              g_strconcat (base, "/preferences", NULL), NULL, PREFS_RATE_TIER_4,
              parse_sets, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * prefs_client_list_sets_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (element-type PrefsPreferenceSet) (transfer full): the sets
 */
GPtrArray *
prefs_client_list_sets_finish (PrefsClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return propagate (self, result, prefs_client_list_sets_async, error);
}

/**
 * prefs_client_get_set_async:
 * @self: a #PrefsClient
 * @collection: (nullable): %NULL for a user, else the object's collection
 * @recipient_id: the user's or object's id
 * @set_id: "default" or a tenant id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one preference set (an empty one if none is stored).
 */
void
prefs_client_get_set_async (PrefsClient         *self,
                            const char          *collection,
                            const char          *recipient_id,
                            const char          *set_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *base = NULL;
  g_autofree char *set = NULL;

  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (!check_recipient (self, prefs_client_get_set_async, collection, recipient_id,
                        set_id ? set_id : "", callback, user_data))
    return;

  base = recipient_path (collection, recipient_id);
  set = escape (set_id);
  call_start (self, prefs_client_get_set_async, "GET",
              g_strconcat (base, "/preferences/", set, NULL), NULL, PREFS_RATE_TIER_4,
              parse_set, g_object_unref, cancellable, callback, user_data);
}

/**
 * prefs_client_get_set_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the set
 */
PrefsPreferenceSet *
prefs_client_get_set_finish (PrefsClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return propagate (self, result, prefs_client_get_set_async, error);
}

/**
 * prefs_client_put_set_async:
 * @self: a #PrefsClient
 * @collection: (nullable): %NULL for a user, else the object's collection
 * @recipient_id: the user's or object's id
 * @set: the set, written under its id
 * @merge: deep-merge into what is stored instead of replacing it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Writes a preference set.
 */
void
prefs_client_put_set_async (PrefsClient         *self,
                            const char          *collection,
                            const char          *recipient_id,
                            PrefsPreferenceSet  *set,
                            gboolean             merge,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *base = NULL;
  g_autofree char *set_id = NULL;

  g_return_if_fail (PREFS_IS_CLIENT (self));
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (set));

  if (!check_recipient (self, prefs_client_put_set_async, collection, recipient_id,
                        prefs_preference_set_get_id (set) ? prefs_preference_set_get_id (set) : "",
                        callback, user_data))
    return;

  base = recipient_path (collection, recipient_id);
  set_id = escape (prefs_preference_set_get_id (set));
  call_start (self, prefs_client_put_set_async, "PUT",
              g_strconcat (base, "/preferences/", set_id, NULL),
              prefs_preference_set_to_request_json (set, merge), PREFS_RATE_TIER_3,
              parse_set, g_object_unref, cancellable, callback, user_data);
}

/**
 * prefs_client_put_set_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the set as stored
 */
PrefsPreferenceSet *
prefs_client_put_set_finish (PrefsClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return propagate (self, result, prefs_client_put_set_async, error);
}

/**
 * prefs_client_delete_set_async:
 * @self: a #PrefsClient
 * @collection: (nullable): %NULL for a user, else the object's collection
 * @recipient_id: the user's or object's id
 * @set_id: the set's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes a preference set.
 */
void
prefs_client_delete_set_async (PrefsClient         *self,
                               const char          *collection,
                               const char          *recipient_id,
                               const char          *set_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *base = NULL;
  g_autofree char *set = NULL;

  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (!check_recipient (self, prefs_client_delete_set_async, collection, recipient_id,
                        set_id ? set_id : "", callback, user_data))
    return;

  base = recipient_path (collection, recipient_id);
  set = escape (set_id);
  call_start (self, prefs_client_delete_set_async, "DELETE",
              g_strconcat (base, "/preferences/", set, NULL), NULL, PREFS_RATE_TIER_3,
              NULL, NULL, cancellable, callback, user_data);
}

/**
 * prefs_client_delete_set_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the set is gone
 */
gboolean
prefs_client_delete_set_finish (PrefsClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (PREFS_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, prefs_client_delete_set_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * prefs_client_bulk_set_preferences_async:
 * @self: a #PrefsClient
 * @user_ids: (array length=n_user_ids): the users
 * @n_user_ids: how many, 1 to 1,000
 * @set: the set that replaces the set of its id for each user
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts a bulk operation; the server answers at once with it queued.
 */
void
prefs_client_bulk_set_preferences_async (PrefsClient         *self,
                                         const char * const  *user_ids,
                                         guint                n_user_ids,
                                         PrefsPreferenceSet  *set,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonArray) ids = NULL;
  JsonNode *preferences;
  JsonObject *body_object;
  JsonNode *body;

  g_return_if_fail (PREFS_IS_CLIENT (self));
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (set));
  g_return_if_fail (user_ids != NULL || n_user_ids == 0);

  if (n_user_ids == 0)
    {
      report_invalid_argument (self, prefs_client_bulk_set_preferences_async,
                               _("A bulk operation needs at least one user id"),
                               callback, user_data);
      return;
    }

  ids = json_array_sized_new (n_user_ids);
  for (guint i = 0; i < n_user_ids; i++)
    json_array_add_string_element (ids, user_ids[i]);

  preferences = prefs_preference_set_to_request_json (set, FALSE);
  if (JSON_NODE_HOLDS_OBJECT (preferences) && prefs_preference_set_get_id (set) != NULL)
    json_object_set_string_member (json_node_get_object (preferences), "id",
                                   prefs_preference_set_get_id (set));

  body_object = json_object_new ();
  json_object_set_array_member (body_object, "user_ids", g_steal_pointer (&ids));
  json_object_set_member (body_object, "preferences", preferences);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, body_object);

  call_start (self, prefs_client_bulk_set_preferences_async, "POST",
              g_strdup ("users/bulk/preferences"), body, PREFS_RATE_TIER_1,
              parse_bulk_operation, g_object_unref, cancellable, callback, user_data);
}

/**
 * prefs_client_bulk_set_preferences_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the operation as queued
 */
PrefsBulkOperation *
prefs_client_bulk_set_preferences_finish (PrefsClient   *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return propagate (self, result, prefs_client_bulk_set_preferences_async, error);
}

/**
 * prefs_client_get_bulk_operation_async:
 * @self: a #PrefsClient
 * @operation_id: the operation's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the state of a bulk operation.
 */
void
prefs_client_get_bulk_operation_async (PrefsClient         *self,
                                       const char          *operation_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (PREFS_IS_CLIENT (self));

  if (!id_is_valid (operation_id))
    {
      report_invalid_argument (self, prefs_client_get_bulk_operation_async,
                               _("A bulk operation id is 1 to 256 bytes of UTF-8"),
                               callback, user_data);
      return;
    }

  id = escape (operation_id);
  call_start (self, prefs_client_get_bulk_operation_async, "GET",
              g_strconcat ("bulk_operations/", id, NULL), NULL, PREFS_RATE_TIER_4,
              parse_bulk_operation, g_object_unref, cancellable, callback, user_data);
}

/**
 * prefs_client_get_bulk_operation_finish:
 * @self: a #PrefsClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the operation
 */
PrefsBulkOperation *
prefs_client_get_bulk_operation_finish (PrefsClient   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return propagate (self, result, prefs_client_get_bulk_operation_async, error);
}

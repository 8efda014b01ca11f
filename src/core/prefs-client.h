/* prefs-client.h: Knock's preferences API over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "prefs-bulk-operation.h"
#include "prefs-page-info.h"
#include "prefs-preference-set.h"
#include "prefs-rate-limiter.h"
#include "prefs-user.h"

G_BEGIN_DECLS

#define PREFS_CLIENT_ERROR (prefs_client_error_quark ())

/* Codes of PREFS_CLIENT_ERROR. Cancellation is reported as
 * G_IO_ERROR_CANCELLED, as GLib code expects. */
typedef enum
{
  PREFS_CLIENT_ERROR_TRANSPORT,         /* no answer: refused, dropped, DNS, TLS */
  PREFS_CLIENT_ERROR_TIMEOUT,           /* no complete answer in time */
  PREFS_CLIENT_ERROR_UNAUTHORIZED,      /* 401 */
  PREFS_CLIENT_ERROR_FORBIDDEN,         /* 403 */
  PREFS_CLIENT_ERROR_NOT_FOUND,         /* 404 */
  PREFS_CLIENT_ERROR_INVALID_PARAMS,    /* 422: see PrefsClientFailure's field errors */
  PREFS_CLIENT_ERROR_RATE_LIMITED,      /* 429 after every retry */
  PREFS_CLIENT_ERROR_CLIENT_ERROR,      /* any other 4xx */
  PREFS_CLIENT_ERROR_SERVER_ERROR,      /* 5xx after every retry */
  PREFS_CLIENT_ERROR_INVALID_RESPONSE,  /* not the JSON it should be, or too large */
  PREFS_CLIENT_ERROR_INVALID_ARGUMENT,  /* refused before sending: bad URL, bad id */
} PrefsClientError;

GQuark prefs_client_error_quark (void);

/* One entry of a 422's "errors". */
typedef struct
{
  char *field;    /* "workflows.new-comment.channel_types.fax", "user_ids" */
  char *message;
  char *type;     /* (nullable) */
} PrefsFieldError;

/* What the server said when a call failed. A GError carries only a code
 * and a message, so the details of a failure live beside it: every call's
 * GAsyncResult holds one, read with prefs_client_get_failure() (before or
 * after the _finish). It is there for any HTTP error answer; for transport
 * errors status is 0 and the strings are NULL. */
typedef struct
{
  guint      status;      /* HTTP status, 0 when no answer came */
  char      *code;        /* (nullable) Knock's "code", e.g. "invalid_params" */
  char      *message;     /* (nullable) Knock's "message" */
  char      *type;        /* (nullable) Knock's "type" */
  char      *request_id;  /* (nullable) the x-request-id header */
  GPtrArray *errors;      /* (element-type PrefsFieldError), never NULL */
} PrefsClientFailure;

#define PREFS_TYPE_CLIENT_FAILURE (prefs_client_failure_get_type ())
GType               prefs_client_failure_get_type  (void) G_GNUC_CONST;
PrefsClientFailure *prefs_client_failure_copy      (const PrefsClientFailure *failure);
void                prefs_client_failure_free      (PrefsClientFailure       *failure);
/* The message of the 422 entry for @field, or NULL. */
const char         *prefs_client_failure_lookup_field (const PrefsClientFailure *failure,
                                                       const char               *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsClientFailure, prefs_client_failure_free)

#define PREFS_CLIENT_DEFAULT_BASE_URL "https://api.knock.app"
#define PREFS_CLIENT_MAX_RESPONSE_BYTES (8 * 1024 * 1024)

#define PREFS_TYPE_CLIENT (prefs_client_get_type ())
G_DECLARE_FINAL_TYPE (PrefsClient, prefs_client, PREFS, CLIENT, GObject)

/* Properties:
 *   session              SoupSession (construct-only; NULL makes one)
 *   base-url             "https://api.knock.app", "http://host:port",
 *                        "http://host/prefix/" (requests go to <base>/v1/...)
 *   secret-key           write-only in spirit: never logged, never in errors
 *   user-agent           "prefs-console/VERSION" by default, sent on each request
 *                        (an injected session with a user-agent of its own
 *                        sends that one: libsoup replaces the header)
 *   connect-timeout      seconds; the I/O timeout of a session the client
 *                        makes (an injected session keeps its own)
 *   request-timeout      seconds for one attempt (0: none)
 *   deadline             seconds for a call, retries included (0: none)
 *   max-attempts         attempts per call (1 = no retry), default 8
 *   max-response-bytes   larger bodies are refused (INVALID_RESPONSE)
 *   n-requests           attempts sent (read-only)
 *   n-rate-limited       429 answers received (read-only)
 *   n-retries            attempts that were retries (read-only)
 * Signals:
 *   ::response (method, path, status) after each attempt; status 0 when no
 *   answer came. For tests and a status bar. */

/* @session: (nullable): the session to send through, or NULL to make one. */
PrefsClient        *prefs_client_new                  (SoupSession   *session,
                                                       const char    *base_url,
                                                       const char    *secret_key);

/* KNOCK_API_KEY and KNOCK_BASE_URL, when set and not empty, replace the key
 * and base URL, as they do for Knock's own SDKs. Returns TRUE if either did. */
gboolean            prefs_client_apply_environment    (PrefsClient   *self);

SoupSession        *prefs_client_get_session          (PrefsClient   *self);
const char         *prefs_client_get_base_url         (PrefsClient   *self);
void                prefs_client_set_base_url         (PrefsClient   *self,
                                                       const char    *base_url);
void                prefs_client_set_secret_key       (PrefsClient   *self,
                                                       const char    *secret_key);
gboolean            prefs_client_has_secret_key       (PrefsClient   *self);
const char         *prefs_client_get_user_agent       (PrefsClient   *self);
void                prefs_client_set_user_agent       (PrefsClient   *self,
                                                       const char    *user_agent);
void                prefs_client_set_request_timeout  (PrefsClient   *self,
                                                       double         seconds);
void                prefs_client_set_deadline         (PrefsClient   *self,
                                                       double         seconds);
void                prefs_client_set_max_attempts     (PrefsClient   *self,
                                                       guint          max_attempts);
void                prefs_client_set_max_response_bytes (PrefsClient *self,
                                                       gsize          max_bytes);
/* (transfer none): the pacing of this client's requests. */
PrefsRateLimiter   *prefs_client_get_rate_limiter     (PrefsClient   *self);
guint               prefs_client_get_n_requests       (PrefsClient   *self);
guint               prefs_client_get_n_rate_limited   (PrefsClient   *self);
guint               prefs_client_get_n_retries        (PrefsClient   *self);

/* "Bearer sk_…REDACTED": what logs show instead of a key. */
char               *prefs_client_redact_key           (const char    *key);

/* (transfer none) (nullable): the failure of the call that gave @result,
 * NULL if the call succeeded or failed without reaching a server answer. */
const PrefsClientFailure *prefs_client_get_failure    (PrefsClient   *self,
                                                       GAsyncResult  *result);

/* Users. @collection arguments below: NULL for a user, else the object
 * collection of @recipient_id. */

/* One page of users. @page_size 1-50 (0: server default); @after: (nullable)
 * cursor of the previous page. */
void                prefs_client_list_users_async     (PrefsClient          *self,
                                                       guint                 page_size,
                                                       const char           *after,
                                                       gboolean              include_preferences,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* Returns: (element-type PrefsUser) (transfer full); @out_page_info: (out)
 * (transfer full) (optional). */
GPtrArray          *prefs_client_list_users_finish    (PrefsClient          *self,
                                                       GAsyncResult         *result,
                                                       PrefsPageInfo       **out_page_info,
                                                       GError              **error);

void                prefs_client_get_user_async       (PrefsClient          *self,
                                                       const char           *user_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PrefsUser          *prefs_client_get_user_finish      (PrefsClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* PUT /v1/users/{id}: upserts; only the members of @properties change.
 * @properties: (nullable): the body, e.g. {"name": "Ada"}. */
void                prefs_client_identify_user_async  (PrefsClient          *self,
                                                       const char           *user_id,
                                                       JsonObject           *properties,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PrefsUser          *prefs_client_identify_user_finish (PrefsClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Preference sets of a user or an object. */
void                prefs_client_list_sets_async      (PrefsClient          *self,
                                                       const char           *collection,
                                                       const char           *recipient_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* Returns: (element-type PrefsPreferenceSet) (transfer full) */
GPtrArray          *prefs_client_list_sets_finish     (PrefsClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void                prefs_client_get_set_async        (PrefsClient          *self,
                                                       const char           *collection,
                                                       const char           *recipient_id,
                                                       const char           *set_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PrefsPreferenceSet *prefs_client_get_set_finish       (PrefsClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Writes @set under its id; @merge deep-merges instead of replacing.
 * Returns the set as stored. */
void                prefs_client_put_set_async        (PrefsClient          *self,
                                                       const char           *collection,
                                                       const char           *recipient_id,
                                                       PrefsPreferenceSet   *set,
                                                       gboolean              merge,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PrefsPreferenceSet *prefs_client_put_set_finish       (PrefsClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void                prefs_client_delete_set_async     (PrefsClient          *self,
                                                       const char           *collection,
                                                       const char           *recipient_id,
                                                       const char           *set_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean            prefs_client_delete_set_finish    (PrefsClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* POST /v1/users/bulk/preferences: @set replaces the set of its id for
 * every user of @user_ids (1-1,000 of them). */
void                prefs_client_bulk_set_preferences_async  (PrefsClient          *self,
                                                              const char * const   *user_ids,
                                                              guint                 n_user_ids,
                                                              PrefsPreferenceSet   *set,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
PrefsBulkOperation *prefs_client_bulk_set_preferences_finish (PrefsClient          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void                prefs_client_get_bulk_operation_async    (PrefsClient          *self,
                                                              const char           *operation_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
PrefsBulkOperation *prefs_client_get_bulk_operation_finish   (PrefsClient          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS

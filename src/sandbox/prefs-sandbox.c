/* prefs-sandbox.c: Knock's preferences API served on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox"

#include "config.h"

#include "prefs-sandbox.h"

#include <string.h>
#include <libsoup/soup.h>

#include "prefs-json.h"
#include "prefs-preference-set.h"
#include "prefs-sandbox-auth.h"
#include "prefs-sandbox-faults.h"
#include "prefs-sandbox-private.h"
#include "prefs-sandbox-store.h"

/* Largest request body accepted; larger ones get 413 before being read. */
#define MAX_BODY_BYTES PREFS_JSON_MAX_BYTES
/* Rows of a bulk operation applied per main-loop iteration (one transaction). */
#define BULK_BATCH_ROWS 25
#define MAX_ID_BYTES 256

G_DEFINE_QUARK (prefs-sandbox-error-quark, prefs_sandbox_error)

struct _PrefsSandbox
{
  GObject              parent_instance;

  PrefsSandboxStore   *store;
  char                *secret_key;
  char                *public_key;
  char                *signing_pem;
  gboolean             rate_limits;
  guint                bulk_limit;
  PrefsSandboxFaults  *faults;
  PrefsSandboxLimiter *limiter;

  SoupServer          *server;
  GMainContext        *context;
  char                *base_url;
  guint16              port;
  GSource             *bulk_source;
  /* DelayedRequest: requests paused by injected latency */
  GPtrArray           *delayed;
};

G_DEFINE_FINAL_TYPE (PrefsSandbox, prefs_sandbox, G_TYPE_OBJECT)

typedef enum
{
  METHOD_GET = 1 << 0,
  METHOD_PUT = 1 << 1,
  METHOD_POST = 1 << 2,
  METHOD_DELETE = 1 << 3,
} Method;

typedef enum
{
  ROUTE_USERS,
  ROUTE_USER,
  ROUTE_BULK_IDENTIFY,
  ROUTE_BULK_PREFERENCES,
  ROUTE_SETS,
  ROUTE_SET,
  ROUTE_SET_SECTION,
  ROUTE_SET_ENTRY,
  ROUTE_BULK_OPERATION,
} RouteKind;

typedef struct
{
  RouteKind  kind;
  guint      methods;
  /* PREFS_SANDBOX_USERS_COLLECTION for users, else an object collection */
  char      *collection;
  char      *owner_id;
  char      *set_id;
  char      *section;     /* "channel_types", "workflows" or "categories" */
  char      *key;
  char      *op_id;
  /* What a public key with a user token may call. */
  gboolean   user_scoped;
  /* The first path parameter that is not a valid id, and its name. */
  const char *bad_field;
} Route;

static void
route_clear (Route *route)
{
  g_clear_pointer (&route->collection, g_free);
  g_clear_pointer (&route->owner_id, g_free);
  g_clear_pointer (&route->set_id, g_free);
  g_clear_pointer (&route->section, g_free);
  g_clear_pointer (&route->key, g_free);
  g_clear_pointer (&route->op_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Route, route_clear)

typedef struct
{
  PrefsSandbox      *self;
  SoupServerMessage *msg;
  GSource           *source;
} DelayedRequest;

static void
delayed_request_free (DelayedRequest *delayed)
{
  if (delayed->source != NULL)
    {
      g_source_destroy (delayed->source);
      g_source_unref (delayed->source);
    }
  g_clear_object (&delayed->msg);
  g_free (delayed);
}

static void bulk_schedule (PrefsSandbox *self);

/* ---- small helpers ---- */

char *
prefs_sandbox_now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gboolean
prefs_sandbox_id_is_valid (const char *id)
{
  size_t len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > MAX_ID_BYTES || !g_utf8_validate (id, (gssize) len, NULL))
    return FALSE;
  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

PrefsSandboxStore *
prefs_sandbox_get_store (PrefsSandbox *self)
{
  return self->store;
}

static const char *
problem_type (PrefsParseError code)
{
  switch (code)
    {
    case PREFS_PARSE_ERROR_INVALID_JSON: return "invalid_json";
    case PREFS_PARSE_ERROR_INVALID_UTF8: return "invalid_utf8";
    case PREFS_PARSE_ERROR_TOO_LARGE: return "too_large";
    case PREFS_PARSE_ERROR_TOO_DEEP: return "too_deep";
    case PREFS_PARSE_ERROR_WRONG_TYPE: return "wrong_type";
    case PREFS_PARSE_ERROR_MISSING_FIELD: return "missing_field";
    case PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE: return "unknown_channel_type";
    case PREFS_PARSE_ERROR_UNKNOWN_OPERATOR: return "unknown_operator";
    case PREFS_PARSE_ERROR_INVALID_VALUE: return "invalid_value";
    default: return "invalid_value";
    }
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  char *text = prefs_json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

static void
respond_object (SoupServerMessage *msg,
                guint              status,
                JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  respond_node (msg, status, node);
}

static JsonObject *
error_object (guint       status,
              const char *type,
              const char *code,
              const char *message)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "code", code);
  json_object_set_string_member (object, "message", message);
  json_object_set_int_member (object, "status", status);
  json_object_set_string_member (object, "type", type);
  return object;
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *type,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonObject) object = error_object (status, type, code, message);

  respond_object (msg, status, object);
}

static void
respond_no_content (SoupServerMessage *msg)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
respond_storage_error (SoupServerMessage *msg,
                       GError            *error)
{
  g_warning ("Storage failed: %s", error->message);
  respond_error (msg, 500, "api_error", "internal_error", "The sandbox could not store the data");
}

static void
respond_problems (SoupServerMessage *msg,
                  PrefsProblems     *problems)
{
  g_autoptr(JsonObject) object = error_object (422, "invalid_request_error", "invalid_params",
                                               "The request has invalid parameters");
  JsonArray *errors = json_array_new ();
  GPtrArray *items = prefs_problems_get_items (problems);

  for (guint i = 0; i < items->len; i++)
    {
      PrefsProblem *problem = g_ptr_array_index (items, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "field", problem->path);
      json_object_set_string_member (entry, "message", problem->message);
      json_object_set_string_member (entry, "type", problem_type (problem->code));
      json_array_add_object_element (errors, entry);
    }
  json_object_set_array_member (object, "errors", errors);
  respond_object (msg, 422, object);
}

static void
respond_invalid_field (SoupServerMessage *msg,
                       const char        *field,
                       PrefsParseError    code,
                       const char        *message)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();

  prefs_problems_add (problems, field, code, "%s", message);
  respond_problems (msg, problems);
}

static void
respond_not_found (SoupServerMessage *msg,
                   const char        *what)
{
  g_autofree char *message = g_strdup_printf ("The %s was not found", what);

  respond_error (msg, 404, "invalid_request_error", "resource_missing", message);
}

/* Reads the request body as a JSON object, or answers the error and
 * returns NULL. */
static JsonNode *
read_body_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size > MAX_BODY_BYTES)
    {
      respond_error (msg, 413, "invalid_request_error", "request_too_large",
                     "The request body is too large");
      return NULL;
    }
  if (size == 0)
    {
      respond_error (msg, 400, "invalid_request_error", "invalid_json",
                     "The request needs a JSON object body");
      return NULL;
    }

  node = prefs_json_parse (data != NULL ? data : "", (gssize) size, &error);
  if (node == NULL)
    {
      if (g_error_matches (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_TOO_LARGE))
        respond_error (msg, 413, "invalid_request_error", "request_too_large", error->message);
      else
        respond_error (msg, 400, "invalid_request_error", "invalid_json", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      respond_invalid_field (msg, "", PREFS_PARSE_ERROR_WRONG_TYPE,
                             "The body must be a JSON object");
      return NULL;
    }
  return g_steal_pointer (&node);
}

static JsonNode *
parse_trusted (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* A copy of @object without the members that steer a write rather than
 * describe a set. */
static JsonNode *
set_request_node (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "__persistence_strategy__") || g_str_equal (name, "id") ||
          g_str_equal (name, "__typename"))
        continue;
      json_object_set_member (copy, name, json_node_copy (json_object_get_member (object, name)));
    }
  json_node_take_object (node, copy);
  return node;
}

static JsonNode *
set_response_json (PrefsPreferenceSet *set)
{
  JsonNode *node = prefs_preference_set_to_json (set);

  if (JSON_NODE_HOLDS_OBJECT (node) &&
      !json_object_has_member (json_node_get_object (node), "__typename"))
    json_object_set_string_member (json_node_get_object (node), "__typename", "PreferenceSet");
  return node;
}

/* The stored set, or an empty one with @set_id when there is none. */
static PrefsPreferenceSet *
load_set (PrefsSandbox  *self,
          const char    *collection,
          const char    *owner_id,
          const char    *set_id,
          GError       **error)
{
  g_autofree char *body = NULL;
  g_autoptr(GError) local_error = NULL;
  PrefsPreferenceSet *set;

  if (!prefs_sandbox_store_get_set (self->store, collection, owner_id, set_id, &body, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return prefs_preference_set_new (set_id);
    }

  set = prefs_preference_set_new_from_data (body, -1, error);
  if (set != NULL)
    prefs_preference_set_set_id (set, set_id);
  return set;
}

static gboolean
save_set (PrefsSandbox        *self,
          const char          *collection,
          const char          *owner_id,
          PrefsPreferenceSet  *set,
          const char          *now,
          GError             **error)
{
  g_autofree char *text = prefs_preference_set_to_string (set, FALSE);

  if (g_str_equal (collection, PREFS_SANDBOX_USERS_COLLECTION) &&
      !prefs_sandbox_store_ensure_user (self->store, owner_id, now, error))
    return FALSE;
  return prefs_sandbox_store_put_set (self->store, collection, owner_id,
                                      prefs_preference_set_get_id (set), text, now, error);
}

gboolean
prefs_sandbox_store_set_text (PrefsSandbox  *self,
                              const char    *collection,
                              const char    *owner_id,
                              const char    *set_id,
                              const char    *json,
                              const char    *now,
                              GError       **error)
{
  g_autoptr(PrefsPreferenceSet) set = prefs_preference_set_new_from_data (json, -1, error);

  if (set == NULL)
    return FALSE;
  prefs_preference_set_set_id (set, set_id);
  return save_set (self, collection, owner_id, set, now, error);
}

/* ---- users ---- */

static const char * const user_string_fields[] = {
  "name", "email", "phone_number", "avatar", "timezone", "locale", NULL,
};

static JsonObject *
user_json (PrefsSandboxUserRow *row)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonNode) props = parse_trusted (row->props);

  json_object_set_string_member (object, "__typename", "User");
  json_object_set_string_member (object, "id", row->id);
  for (guint i = 0; user_string_fields[i] != NULL; i++)
    json_object_set_null_member (object, user_string_fields[i]);

  if (props != NULL && JSON_NODE_HOLDS_OBJECT (props))
    {
      JsonObject *props_object = json_node_get_object (props);
      g_autoptr(GList) members = json_object_get_members (props_object);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (props_object, l->data)));
    }

  json_object_set_string_member (object, "created_at", row->created_at);
  json_object_set_string_member (object, "updated_at", row->updated_at);
  return object;
}

static gboolean
is_reserved_user_member (const char *name)
{
  return g_str_equal (name, "id") || g_str_equal (name, "__typename") ||
         g_str_equal (name, "preferences") || g_str_equal (name, "created_at") ||
         g_str_equal (name, "updated_at");
}

/* Checks an identify body; problems go to @problems under @prefix. The
 * parsed preference sets are returned in @out_sets (set id -> set). */
static void
check_identify (JsonObject     *body,
                const char     *prefix,
                PrefsProblems  *problems,
                GHashTable    **out_sets)
{
  g_autoptr(GHashTable) sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      g_object_unref);
  JsonNode *preferences;

  for (guint i = 0; user_string_fields[i] != NULL; i++)
    {
      JsonNode *member = json_object_get_member (body, user_string_fields[i]);

      if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
          !(JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING))
        {
          g_autofree char *path = prefs_path_join (prefix, user_string_fields[i]);

          prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                              "must be a string or null, not %s",
                              prefs_json_describe_type (member));
        }
    }

  preferences = json_object_get_member (body, "preferences");
  if (preferences != NULL && !JSON_NODE_HOLDS_NULL (preferences))
    {
      g_autofree char *path = prefs_path_join (prefix, "preferences");

      if (!JSON_NODE_HOLDS_OBJECT (preferences))
        prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                            "must be an object of preference sets, not %s",
                            prefs_json_describe_type (preferences));
      else
        {
          JsonObject *object = json_node_get_object (preferences);
          g_autoptr(GList) members = json_object_get_members (object);

          for (GList *l = members; l != NULL; l = l->next)
            {
              const char *set_id = l->data;
              JsonNode *value = json_object_get_member (object, set_id);
              g_autofree char *set_path = prefs_path_join (path, set_id);
              g_autoptr(JsonNode) request = NULL;
              PrefsPreferenceSet *set;

              if (!prefs_sandbox_id_is_valid (set_id))
                {
                  prefs_problems_add (problems, set_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                                      "is not a valid preference set id");
                  continue;
                }
              if (!JSON_NODE_HOLDS_OBJECT (value))
                {
                  prefs_problems_add (problems, set_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                                      "must be a preference set object, not %s",
                                      prefs_json_describe_type (value));
                  continue;
                }
              request = set_request_node (json_node_get_object (value));
              set = prefs_preference_set_new_from_json_full (request, set_path, problems);
              if (set != NULL)
                g_hash_table_insert (sets, g_strdup (set_id), set);
            }
        }
    }

  *out_sets = g_steal_pointer (&sets);
}

/* Applies a checked identify: only the members sent change; sets merge. */
static gboolean
apply_identify (PrefsSandbox  *self,
                const char    *user_id,
                JsonObject    *body,
                GHashTable    *sets,
                const char    *now,
                GError       **error)
{
  g_autoptr(PrefsSandboxUserRow) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) props = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *props_text = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!prefs_sandbox_store_get_user (self->store, user_id, &row, &local_error) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  props = row != NULL ? parse_trusted (row->props) : NULL;
  if (props == NULL || !JSON_NODE_HOLDS_OBJECT (props))
    {
      g_clear_pointer (&props, json_node_unref);
      props = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (props, json_object_new ());
    }

  members = json_object_get_members (body);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (is_reserved_user_member (l->data))
        continue;
      json_object_set_member (json_node_get_object (props), l->data,
                              json_node_copy (json_object_get_member (body, l->data)));
    }

  props_text = prefs_json_to_string (props, FALSE);
  if (!prefs_sandbox_store_put_user (self->store, user_id, props_text, now, error))
    return FALSE;

  g_hash_table_iter_init (&iter, sets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(PrefsPreferenceSet) base = NULL;
      g_autoptr(PrefsPreferenceSet) merged = NULL;

      base = load_set (self, PREFS_SANDBOX_USERS_COLLECTION, user_id, key, error);
      if (base == NULL)
        return FALSE;
      merged = prefs_preference_set_merge (base, value);
      prefs_preference_set_set_id (merged, key);
      if (!save_set (self, PREFS_SANDBOX_USERS_COLLECTION, user_id, merged, now, error))
        return FALSE;
    }
  return TRUE;
}

static void
handle_get_user (PrefsSandbox      *self,
                 SoupServerMessage *msg,
                 Route             *route)
{
  g_autoptr(PrefsSandboxUserRow) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (!prefs_sandbox_store_get_user (self->store, route->owner_id, &row, &error))
    {
      if (error != NULL)
        respond_storage_error (msg, error);
      else
        respond_not_found (msg, "user");
      return;
    }
  object = user_json (row);
  respond_object (msg, 200, object);
}

static void
handle_put_user (PrefsSandbox      *self,
                 SoupServerMessage *msg,
                 Route             *route)
{
  g_autoptr(JsonNode) body = read_body_object (msg);
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(GHashTable) sets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = prefs_sandbox_now_string ();

  if (body == NULL)
    return;
  check_identify (json_node_get_object (body), "", problems, &sets);
  if (prefs_problems_get_count (problems) > 0)
    {
      respond_problems (msg, problems);
      return;
    }

  if (!prefs_sandbox_store_begin (self->store, &error) ||
      !apply_identify (self, route->owner_id, json_node_get_object (body), sets, now, &error) ||
      !prefs_sandbox_store_commit (self->store, &error))
    {
      prefs_sandbox_store_rollback (self->store);
      respond_storage_error (msg, error);
      return;
    }
  handle_get_user (self, msg, route);
}

static void
handle_delete_user (PrefsSandbox      *self,
                    SoupServerMessage *msg,
                    Route             *route)
{
  g_autoptr(GError) error = NULL;
  gboolean existed = FALSE;

  /* Deleting what is gone is a success: a retried DELETE must not fail. */
  if (!prefs_sandbox_store_begin (self->store, &error) ||
      !prefs_sandbox_store_delete_user (self->store, route->owner_id, &existed, &error) ||
      !prefs_sandbox_store_commit (self->store, &error))
    {
      prefs_sandbox_store_rollback (self->store);
      respond_storage_error (msg, error);
      return;
    }
  respond_no_content (msg);
}

static char *
encode_cursor (gint64 seq)
{
  g_autofree char *plain = g_strdup_printf ("users:%" G_GINT64_FORMAT, seq);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

static gboolean
decode_cursor (const char *cursor,
               gint64     *out_seq)
{
  gsize len = 0;
  g_autofree guchar *decoded = NULL;
  g_autofree char *plain = NULL;
  guint64 seq;

  if (cursor == NULL || *cursor == '\0')
    return FALSE;
  decoded = g_base64_decode (cursor, &len);
  if (decoded == NULL || len < 7)
    return FALSE;
  plain = g_strndup ((const char *) decoded, len);
  if (strlen (plain) != len || !g_str_has_prefix (plain, "users:") ||
      !g_ascii_string_to_unsigned (plain + 6, 10, 1, G_MAXINT64, &seq, NULL))
    return FALSE;
  *out_seq = (gint64) seq;
  return TRUE;
}

static void
set_cursor_member (JsonObject *object,
                   const char *name,
                   gboolean    present,
                   gint64      seq)
{
  if (present)
    {
      g_autofree char *cursor = encode_cursor (seq);

      json_object_set_string_member (object, name, cursor);
    }
  else
    json_object_set_null_member (object, name);
}

static JsonObject *
sets_object (PrefsSandbox  *self,
             const char    *collection,
             const char    *owner_id,
             gboolean       as_map,
             JsonArray    **out_array,
             GError       **error)
{
  g_autoptr(GPtrArray) bodies = prefs_sandbox_store_list_sets (self->store, collection,
                                                              owner_id, error);
  g_autoptr(JsonObject) map = json_object_new ();
  g_autoptr(JsonArray) array = json_array_new ();

  if (bodies == NULL)
    return NULL;
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(PrefsPreferenceSet) set = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonNode *node;

      set = prefs_preference_set_new_from_data (g_ptr_array_index (bodies, i), -1, &local_error);
      if (set == NULL)
        {
          g_warning ("A stored preference set does not parse: %s", local_error->message);
          continue;
        }
      node = set_response_json (set);
      if (as_map)
        json_object_set_member (map, prefs_preference_set_get_id (set), node);
      else
        json_array_add_element (array, node);
    }
  if (out_array != NULL)
    *out_array = g_steal_pointer (&array);
  return g_steal_pointer (&map);
}

static void
handle_list_users (PrefsSandbox      *self,
                   SoupServerMessage *msg,
                   GHashTable        *query)
{
  const char *page_size_text = query != NULL ? g_hash_table_lookup (query, "page_size") : NULL;
  const char *after = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  const char *before = query != NULL ? g_hash_table_lookup (query, "before") : NULL;
  const char *include = query != NULL ? g_hash_table_lookup (query, "include[]") : NULL;
  gboolean with_preferences;
  guint64 page_size = 50;
  gint64 after_seq = 0, before_seq = 0;
  gboolean more = FALSE, has_other_side = FALSE;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  JsonArray *entries = json_array_new ();
  JsonObject *page_info = json_object_new ();

  if (include == NULL && query != NULL)
    include = g_hash_table_lookup (query, "include");
  with_preferences = include != NULL && strstr (include, "preferences") != NULL;

  json_object_set_array_member (result, "entries", entries);
  json_object_set_object_member (result, "page_info", page_info);

  if (page_size_text != NULL &&
      !g_ascii_string_to_unsigned (page_size_text, 10, 1, 50, &page_size, NULL))
    {
      respond_invalid_field (msg, "page_size", PREFS_PARSE_ERROR_INVALID_VALUE,
                             "must be a whole number from 1 to 50");
      return;
    }
  if (after != NULL && *after != '\0' && !decode_cursor (after, &after_seq))
    {
      respond_invalid_field (msg, "after", PREFS_PARSE_ERROR_INVALID_VALUE,
                             "is not a cursor this API returned");
      return;
    }
  if (before != NULL && *before != '\0' && !decode_cursor (before, &before_seq))
    {
      respond_invalid_field (msg, "before", PREFS_PARSE_ERROR_INVALID_VALUE,
                             "is not a cursor this API returned");
      return;
    }

  rows = prefs_sandbox_store_list_users (self->store, after_seq, before_seq, (guint) page_size,
                                         &more, &error);
  if (rows == NULL)
    {
      respond_storage_error (msg, error);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      PrefsSandboxUserRow *row = g_ptr_array_index (rows, i);
      JsonObject *entry = user_json (row);

      if (with_preferences)
        {
          JsonObject *map = sets_object (self, PREFS_SANDBOX_USERS_COLLECTION, row->id, TRUE,
                                         NULL, &error);

          if (map == NULL)
            {
              json_object_unref (entry);
              respond_storage_error (msg, error);
              return;
            }
          json_object_set_object_member (entry, "preferences", map);
        }
      json_array_add_object_element (entries, entry);
    }

  json_object_set_string_member (page_info, "__typename", "PageInfo");
  json_object_set_int_member (page_info, "page_size", (gint64) page_size);
  if (rows->len == 0)
    {
      json_object_set_null_member (page_info, "after");
      json_object_set_null_member (page_info, "before");
    }
  else
    {
      PrefsSandboxUserRow *first = g_ptr_array_index (rows, 0);
      PrefsSandboxUserRow *last = g_ptr_array_index (rows, rows->len - 1);

      if (before_seq > 0)
        {
          if (!prefs_sandbox_store_has_users_beyond (self->store, last->seq, FALSE,
                                                     &has_other_side, &error))
            {
              respond_storage_error (msg, error);
              return;
            }
          set_cursor_member (page_info, "before", more, first->seq);
          set_cursor_member (page_info, "after", has_other_side, last->seq);
        }
      else
        {
          if (!prefs_sandbox_store_has_users_beyond (self->store, first->seq, TRUE,
                                                     &has_other_side, &error))
            {
              respond_storage_error (msg, error);
              return;
            }
          set_cursor_member (page_info, "after", more, last->seq);
          set_cursor_member (page_info, "before", has_other_side, first->seq);
        }
    }
  respond_object (msg, 200, result);
}

/* ---- preference sets ---- */

static void
handle_list_sets (PrefsSandbox      *self,
                  SoupServerMessage *msg,
                  Route             *route)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonObject) map = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  map = sets_object (self, route->collection, route->owner_id, FALSE, &array, &error);
  if (map == NULL)
    {
      respond_storage_error (msg, error);
      return;
    }
  json_node_set_array (node, array);
  respond_node (msg, 200, node);
}

static void
handle_get_set (PrefsSandbox      *self,
                SoupServerMessage *msg,
                Route             *route)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autoptr(JsonNode) node = NULL;

  set = load_set (self, route->collection, route->owner_id, route->set_id, &error);
  if (set == NULL)
    {
      respond_storage_error (msg, error);
      return;
    }
  node = set_response_json (set);
  respond_node (msg, 200, node);
}

static void
handle_delete_set (PrefsSandbox      *self,
                   SoupServerMessage *msg,
                   Route             *route)
{
  g_autoptr(GError) error = NULL;

  if (!prefs_sandbox_store_begin (self->store, &error) ||
      !prefs_sandbox_store_delete_set (self->store, route->collection, route->owner_id,
                                       route->set_id, &error) ||
      !prefs_sandbox_store_commit (self->store, &error))
    {
      prefs_sandbox_store_rollback (self->store);
      respond_storage_error (msg, error);
      return;
    }
  respond_no_content (msg);
}

/* Stores @patch replacing the set, or merged into it, or (with @entry_path)
 * replacing one entry of it; answers with the stored set. */
static void
write_set (PrefsSandbox        *self,
           SoupServerMessage   *msg,
           Route               *route,
           PrefsPreferenceSet  *patch,
           gboolean             merge,
           const char * const  *entry_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) result = NULL;
  g_autofree char *now = prefs_sandbox_now_string ();
  g_autoptr(JsonNode) node = NULL;

  if (!prefs_sandbox_store_begin (self->store, &error))
    {
      respond_storage_error (msg, error);
      return;
    }

  if (entry_path != NULL || merge)
    {
      g_autoptr(PrefsPreferenceSet) base = load_set (self, route->collection, route->owner_id,
                                                     route->set_id, &error);

      if (base == NULL)
        goto storage_failed;

      if (entry_path != NULL)
        {
          PrefsSetting *value = prefs_preference_set_lookup (patch, entry_path);

          result = g_object_ref (base);
          if (!prefs_preference_set_replace (result, entry_path, value, &error))
            {
              prefs_sandbox_store_rollback (self->store);
              respond_invalid_field (msg, entry_path[1], PREFS_PARSE_ERROR_INVALID_VALUE,
                                     error->message);
              return;
            }
        }
      else
        result = prefs_preference_set_merge (base, patch);
    }
  else
    result = g_object_ref (patch);

  prefs_preference_set_set_id (result, route->set_id);
  if (!save_set (self, route->collection, route->owner_id, result, now, &error) ||
      !prefs_sandbox_store_commit (self->store, &error))
    goto storage_failed;

  node = set_response_json (result);
  respond_node (msg, 200, node);
  return;

storage_failed:
  prefs_sandbox_store_rollback (self->store);
  respond_storage_error (msg, error);
}

/* Knock's channels are addressed by uuid: any other key under a channels
 * map is refused, at its own path. */
static void
check_channel_map (PrefsSettingMap *map,
                   const char      *path,
                   PrefsProblems   *problems)
{
  g_autofree const char **keys = map != NULL ? prefs_setting_map_get_keys (map) : NULL;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_uuid_string_is_valid (keys[i]))
      {
        g_autofree char *field = prefs_path_join (path, keys[i]);

        prefs_problems_add (problems, field, PREFS_PARSE_ERROR_INVALID_VALUE,
                            "is not a channel id (a uuid)");
      }
}

static void
check_channel_ids (PrefsPreferenceSet *set,
                   PrefsProblems      *problems)
{
  static const char *sections[] = { "workflows", "categories" };

  check_channel_map (prefs_preference_set_get_channels (set), "channels", problems);

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      PrefsSettingMap *map = g_str_equal (sections[s], "workflows")
                             ? prefs_preference_set_get_workflows (set)
                             : prefs_preference_set_get_categories (set);
      g_autofree const char **keys = map != NULL ? prefs_setting_map_get_keys (map) : NULL;

      for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
        {
          PrefsSetting *entry = prefs_setting_map_lookup (map, keys[i]);
          g_autofree char *entry_path = NULL;
          g_autofree char *channels_path = NULL;

          if (prefs_setting_get_kind (entry) != PREFS_SETTING_OBJECT)
            continue;
          entry_path = prefs_path_join (sections[s], keys[i]);
          channels_path = prefs_path_join (entry_path, "channels");
          check_channel_map (prefs_setting_get_channels (entry), channels_path, problems);
        }
    }
}

static PrefsPreferenceSet *
parse_patch (SoupServerMessage *msg,
             JsonNode          *request)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsPreferenceSet) set = NULL;

  set = prefs_preference_set_new_from_json_full (request, "", problems);
  if (set != NULL)
    check_channel_ids (set, problems);
  if (prefs_problems_get_count (problems) > 0 || set == NULL)
    {
      if (prefs_problems_get_count (problems) == 0)
        prefs_problems_add (problems, "", PREFS_PARSE_ERROR_INVALID_VALUE,
                            "is not a preference set");
      respond_problems (msg, problems);
      return NULL;
    }
  return g_steal_pointer (&set);
}

static void
handle_put_set (PrefsSandbox      *self,
                SoupServerMessage *msg,
                Route             *route)
{
  g_autoptr(JsonNode) body = read_body_object (msg);
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(PrefsPreferenceSet) patch = NULL;
  JsonNode *strategy;
  gboolean merge = FALSE;

  if (body == NULL)
    return;

  strategy = json_object_get_member (json_node_get_object (body), "__persistence_strategy__");
  if (strategy != NULL)
    {
      const char *value = JSON_NODE_HOLDS_VALUE (strategy) &&
                          json_node_get_value_type (strategy) == G_TYPE_STRING ?
                          json_node_get_string (strategy) : NULL;

      if (g_strcmp0 (value, "merge") == 0)
        merge = TRUE;
      else if (g_strcmp0 (value, "replace") != 0)
        {
          respond_invalid_field (msg, "__persistence_strategy__", PREFS_PARSE_ERROR_INVALID_VALUE,
                                 "must be \"merge\" or \"replace\"");
          return;
        }
    }

  request = set_request_node (json_node_get_object (body));
  patch = parse_patch (msg, request);
  if (patch != NULL)
    write_set (self, msg, route, patch, merge, NULL);
}

static void
handle_put_section (PrefsSandbox      *self,
                    SoupServerMessage *msg,
                    Route             *route)
{
  g_autoptr(JsonNode) body = read_body_object (msg);
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(PrefsPreferenceSet) patch = NULL;
  JsonObject *object;

  if (body == NULL)
    return;

  request = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_object_set_member (object, route->section, json_node_copy (body));
  json_node_take_object (request, object);

  patch = parse_patch (msg, request);
  if (patch != NULL)
    write_set (self, msg, route, patch, TRUE, NULL);
}

static void
handle_put_entry (PrefsSandbox      *self,
                  SoupServerMessage *msg,
                  Route             *route)
{
  g_autoptr(JsonNode) body = read_body_object (msg);
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(PrefsPreferenceSet) patch = NULL;
  JsonObject *body_object;
  JsonObject *section;
  JsonObject *object;
  JsonNode *subscribed;
  gboolean by_flag;

  if (body == NULL)
    return;

  body_object = json_node_get_object (body);
  subscribed = json_object_get_member (body_object, "subscribed");
  by_flag = subscribed != NULL;
  if (by_flag && !(JSON_NODE_HOLDS_VALUE (subscribed) &&
                   json_node_get_value_type (subscribed) == G_TYPE_BOOLEAN))
    {
      respond_invalid_field (msg, "subscribed", PREFS_PARSE_ERROR_WRONG_TYPE,
                             "must be true or false");
      return;
    }
  if (!by_flag && g_str_equal (route->section, "channel_types"))
    {
      respond_invalid_field (msg, "subscribed", PREFS_PARSE_ERROR_MISSING_FIELD,
                             "is required");
      return;
    }

  section = json_object_new ();
  if (by_flag)
    json_object_set_boolean_member (section, route->key, json_node_get_boolean (subscribed));
  else
    json_object_set_member (section, route->key, json_node_copy (body));
  object = json_object_new ();
  json_object_set_object_member (object, route->section, section);
  request = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (request, object);

  patch = parse_patch (msg, request);
  if (patch == NULL)
    return;

  if (by_flag)
    write_set (self, msg, route, patch, TRUE, NULL);
  else
    {
      /* A setting object is stored as given, not merged into the old one. */
      const char * const entry_path[] = { route->section, route->key, NULL };

      write_set (self, msg, route, patch, FALSE, entry_path);
    }
}

/* ---- bulk operations ---- */

/* progress_path is a URI in Knock's spec (format: uri, an absolute URL in
 * its example), so it carries the sandbox's own base URL. */
static JsonObject *
bulk_json (PrefsSandbox        *self,
           PrefsSandboxBulkRow *row)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonNode) items = parse_trusted (row->error_items);
  g_autofree char *progress_path = g_strconcat (self->base_url != NULL ? self->base_url : "",
                                                "/v1/bulk_operations/", row->id, NULL);

  json_object_set_string_member (object, "__typename", "BulkOperation");
  json_object_set_string_member (object, "id", row->id);
  json_object_set_string_member (object, "name", row->name);
  json_object_set_string_member (object, "status", row->status);
  json_object_set_int_member (object, "estimated_total_rows", row->estimated_total_rows);
  json_object_set_int_member (object, "processed_rows", row->processed_rows);
  json_object_set_int_member (object, "success_count", row->success_count);
  json_object_set_int_member (object, "error_count", row->error_count);
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    json_object_set_member (object, "error_items", g_steal_pointer (&items));
  else
    json_object_set_array_member (object, "error_items", json_array_new ());
  json_object_set_string_member (object, "progress_path", progress_path);
  json_object_set_string_member (object, "inserted_at", row->inserted_at);
  json_object_set_string_member (object, "updated_at", row->updated_at);
  json_object_set_string_member (object, "started_at", row->started_at);
  json_object_set_string_member (object, "completed_at", row->completed_at);
  json_object_set_string_member (object, "failed_at", row->failed_at);
  return object;
}

static void
handle_get_bulk (PrefsSandbox      *self,
                 SoupServerMessage *msg,
                 Route             *route)
{
  g_autoptr(PrefsSandboxBulkRow) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (!prefs_sandbox_store_get_bulk (self->store, route->op_id, &row, &error))
    {
      if (error != NULL)
        respond_storage_error (msg, error);
      else
        respond_not_found (msg, "bulk operation");
      return;
    }
  object = bulk_json (self, row);
  respond_object (msg, 200, object);
}

static void
start_bulk (PrefsSandbox      *self,
            SoupServerMessage *msg,
            const char        *name,
            JsonArray         *array,
            JsonNode          *payload)
{
  g_autoptr(PrefsSandboxBulkRow) row = g_new0 (PrefsSandboxBulkRow, 1);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *now = prefs_sandbox_now_string ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (items, prefs_json_to_string (json_array_get_element (array, i), FALSE));

  row->id = g_uuid_string_random ();
  row->name = g_strdup (name);
  row->status = g_strdup ("queued");
  row->estimated_total_rows = items->len;
  row->error_items = g_strdup ("[]");
  row->payload = payload != NULL ? prefs_json_to_string (payload, FALSE) : NULL;
  row->inserted_at = g_strdup (now);
  row->updated_at = g_strdup (now);

  if (!prefs_sandbox_store_begin (self->store, &error) ||
      !prefs_sandbox_store_insert_bulk (self->store, row, items, &error) ||
      !prefs_sandbox_store_commit (self->store, &error))
    {
      prefs_sandbox_store_rollback (self->store);
      respond_storage_error (msg, error);
      return;
    }

  bulk_schedule (self);
  object = bulk_json (self, row);
  respond_object (msg, 200, object);
}

static JsonArray *
bulk_array_member (SoupServerMessage *msg,
                   PrefsSandbox      *self,
                   JsonObject        *body,
                   const char        *name)
{
  JsonNode *member = json_object_get_member (body, name);
  guint length;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      respond_invalid_field (msg, name, member == NULL ? PREFS_PARSE_ERROR_MISSING_FIELD :
                                                         PREFS_PARSE_ERROR_WRONG_TYPE,
                             "must be an array");
      return NULL;
    }
  length = json_array_get_length (json_node_get_array (member));
  if (length == 0 || length > self->bulk_limit)
    {
      g_autofree char *message = g_strdup_printf ("must hold from 1 to %u entries, not %u",
                                                  self->bulk_limit, length);

      respond_invalid_field (msg, name, PREFS_PARSE_ERROR_INVALID_VALUE, message);
      return NULL;
    }
  return json_node_get_array (member);
}

static void
handle_bulk_preferences (PrefsSandbox      *self,
                         SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = read_body_object (msg);
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autoptr(JsonNode) payload = NULL;
  JsonObject *payload_object;
  JsonArray *user_ids;
  JsonNode *preferences;
  JsonNode *set_id_node;
  const char *set_id = "default";

  if (body == NULL)
    return;
  user_ids = bulk_array_member (msg, self, json_node_get_object (body), "user_ids");
  if (user_ids == NULL)
    return;

  preferences = json_object_get_member (json_node_get_object (body), "preferences");
  if (preferences == NULL || !JSON_NODE_HOLDS_OBJECT (preferences))
    {
      respond_invalid_field (msg, "preferences", preferences == NULL ?
                             PREFS_PARSE_ERROR_MISSING_FIELD : PREFS_PARSE_ERROR_WRONG_TYPE,
                             "must be a preference set object");
      return;
    }

  set_id_node = json_object_get_member (json_node_get_object (preferences), "id");
  if (set_id_node != NULL && !JSON_NODE_HOLDS_NULL (set_id_node))
    {
      set_id = JSON_NODE_HOLDS_VALUE (set_id_node) &&
               json_node_get_value_type (set_id_node) == G_TYPE_STRING ?
               json_node_get_string (set_id_node) : NULL;
      if (!prefs_sandbox_id_is_valid (set_id))
        {
          respond_invalid_field (msg, "preferences.id", PREFS_PARSE_ERROR_INVALID_VALUE,
                                 "is not a valid preference set id");
          return;
        }
    }

  request = set_request_node (json_node_get_object (preferences));
  set = prefs_preference_set_new_from_json_full (request, "preferences", problems);
  if (prefs_problems_get_count (problems) > 0 || set == NULL)
    {
      if (prefs_problems_get_count (problems) == 0)
        prefs_problems_add (problems, "preferences", PREFS_PARSE_ERROR_INVALID_VALUE,
                            "is not a preference set");
      respond_problems (msg, problems);
      return;
    }
  prefs_preference_set_set_id (set, set_id);

  payload = json_node_new (JSON_NODE_OBJECT);
  payload_object = json_object_new ();
  json_object_set_string_member (payload_object, "set_id", set_id);
  json_object_set_member (payload_object, "preferences", prefs_preference_set_to_json (set));
  json_node_take_object (payload, payload_object);

  start_bulk (self, msg, "users.bulk_set_preferences", user_ids, payload);
}

static void
handle_bulk_identify (PrefsSandbox      *self,
                      SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = read_body_object (msg);
  JsonArray *users;

  if (body == NULL)
    return;
  users = bulk_array_member (msg, self, json_node_get_object (body), "users");
  if (users == NULL)
    return;
  start_bulk (self, msg, "users.bulk_identify", users, NULL);
}

static void
add_error_item (JsonArray  *error_items,
                const char *id)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "id", id);
  json_object_set_string_member (entry, "collection", "$users");
  json_array_add_object_element (error_items, entry);
}

/* Applies one row; returns FALSE with no error when the row itself is bad. */
static gboolean
bulk_apply_item (PrefsSandbox         *self,
                 PrefsSandboxBulkRow  *row,
                 PrefsPreferenceSet   *payload_set,
                 const char           *item_text,
                 JsonArray            *error_items,
                 const char           *now,
                 GError              **error)
{
  g_autoptr(JsonNode) item = parse_trusted (item_text);
  const char *user_id = NULL;

  if (payload_set != NULL)
    {
      if (item != NULL && JSON_NODE_HOLDS_VALUE (item) &&
          json_node_get_value_type (item) == G_TYPE_STRING)
        user_id = json_node_get_string (item);
      if (!prefs_sandbox_id_is_valid (user_id))
        {
          add_error_item (error_items, user_id != NULL ? user_id : item_text);
          return FALSE;
        }
      return save_set (self, PREFS_SANDBOX_USERS_COLLECTION, user_id, payload_set, now, error);
    }
  else
    {
      g_autoptr(PrefsProblems) problems = prefs_problems_new ();
      g_autoptr(GHashTable) sets = NULL;
      JsonNode *id_node;

      if (item != NULL && JSON_NODE_HOLDS_OBJECT (item))
        {
          id_node = json_object_get_member (json_node_get_object (item), "id");
          if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) &&
              json_node_get_value_type (id_node) == G_TYPE_STRING)
            user_id = json_node_get_string (id_node);
        }
      if (!prefs_sandbox_id_is_valid (user_id))
        {
          add_error_item (error_items, user_id != NULL ? user_id : item_text);
          return FALSE;
        }
      check_identify (json_node_get_object (item), "", problems, &sets);
      if (prefs_problems_get_count (problems) > 0)
        {
          add_error_item (error_items, user_id);
          return FALSE;
        }
      return apply_identify (self, user_id, json_node_get_object (item), sets, now, error);
    }
}

static gboolean
bulk_run_batch (PrefsSandbox  *self,
                gboolean      *out_more,
                GError       **error)
{
  g_autoptr(PrefsSandboxBulkRow) row = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(PrefsPreferenceSet) payload_set = NULL;
  g_autoptr(JsonNode) error_items_node = NULL;
  g_autofree char *now = prefs_sandbox_now_string ();
  JsonArray *error_items;

  *out_more = FALSE;
  if (!prefs_sandbox_store_begin (self->store, error))
    return FALSE;

  if (!prefs_sandbox_store_next_unfinished_bulk (self->store, &row, error))
    {
      if (error != NULL && *error != NULL)
        goto failed;
      prefs_sandbox_store_rollback (self->store);
      return TRUE;
    }

  if (row->payload != NULL)
    {
      g_autoptr(JsonNode) payload = parse_trusted (row->payload);
      JsonNode *preferences = NULL;
      const char *set_id = NULL;

      if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
        {
          preferences = json_object_get_member (json_node_get_object (payload), "preferences");
          set_id = json_object_get_string_member_with_default (json_node_get_object (payload),
                                                               "set_id", NULL);
        }
      if (preferences != NULL && set_id != NULL)
        payload_set = prefs_preference_set_new_from_json (preferences, NULL);
      if (payload_set == NULL)
        {
          /* A payload that no longer parses cannot be applied: fail the operation. */
          g_free (row->status);
          row->status = g_strdup ("failed");
          g_free (row->failed_at);
          row->failed_at = g_strdup (now);
          g_free (row->updated_at);
          row->updated_at = g_strdup (now);
          if (!prefs_sandbox_store_update_bulk (self->store, row, error) ||
              !prefs_sandbox_store_delete_bulk_items (self->store, row->id, error) ||
              !prefs_sandbox_store_commit (self->store, error))
            goto failed;
          *out_more = TRUE;
          return TRUE;
        }
      prefs_preference_set_set_id (payload_set, set_id);
    }

  if (g_str_equal (row->status, "queued"))
    {
      g_free (row->status);
      row->status = g_strdup ("processing");
      g_free (row->started_at);
      row->started_at = g_strdup (now);
    }

  items = prefs_sandbox_store_get_bulk_items (self->store, row->id, row->processed_rows,
                                              BULK_BATCH_ROWS, error);
  if (items == NULL)
    goto failed;

  error_items_node = parse_trusted (row->error_items);
  if (error_items_node == NULL || !JSON_NODE_HOLDS_ARRAY (error_items_node))
    {
      g_clear_pointer (&error_items_node, json_node_unref);
      error_items_node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (error_items_node, json_array_new ());
    }
  error_items = json_node_get_array (error_items_node);

  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GError) item_error = NULL;

      if (bulk_apply_item (self, row, payload_set, g_ptr_array_index (items, i), error_items,
                           now, &item_error))
        row->success_count++;
      else if (item_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&item_error));
          goto failed;
        }
      else
        row->error_count++;
    }

  row->processed_rows += items->len;
  g_free (row->error_items);
  row->error_items = prefs_json_to_string (error_items_node, FALSE);
  g_free (row->updated_at);
  row->updated_at = g_strdup (now);
  if (items->len < BULK_BATCH_ROWS || row->processed_rows >= row->estimated_total_rows)
    {
      g_free (row->status);
      row->status = g_strdup ("completed");
      g_free (row->completed_at);
      row->completed_at = g_strdup (now);
      if (!prefs_sandbox_store_delete_bulk_items (self->store, row->id, error))
        goto failed;
    }

  if (!prefs_sandbox_store_update_bulk (self->store, row, error) ||
      !prefs_sandbox_store_commit (self->store, error))
    goto failed;

  *out_more = TRUE;
  return TRUE;

failed:
  prefs_sandbox_store_rollback (self->store);
  return FALSE;
}

static gboolean
bulk_tick (gpointer user_data)
{
  PrefsSandbox *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean more = FALSE;

  if (!bulk_run_batch (self, &more, &error))
    {
      /* Leave the operation where it was: the next tick (or the next start
       * of the sandbox) retries the same batch. */
      g_warning ("A bulk operation batch failed: %s", error->message);
      return G_SOURCE_CONTINUE;
    }
  if (more)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->bulk_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
bulk_schedule (PrefsSandbox *self)
{
  guint delay = prefs_sandbox_faults_get_bulk_delay (self->faults);

  if (self->bulk_source != NULL || self->server == NULL)
    return;

  /* Low priority so requests keep being answered while an operation runs. */
  self->bulk_source = delay > 0 ? g_timeout_source_new (delay) : g_idle_source_new ();
  g_source_set_priority (self->bulk_source, G_PRIORITY_LOW);
  g_source_set_callback (self->bulk_source, bulk_tick, self, NULL);
  g_source_set_name (self->bulk_source, "[prefs-sandbox] bulk operations");
  g_source_attach (self->bulk_source, self->context);
}

static void
bulk_unschedule (PrefsSandbox *self)
{
  if (self->bulk_source != NULL)
    {
      g_source_destroy (self->bulk_source);
      g_clear_pointer (&self->bulk_source, g_source_unref);
    }
}

/* ---- routing ---- */

static Method
method_from_string (const char *method)
{
  if (g_str_equal (method, "GET"))
    return METHOD_GET;
  if (g_str_equal (method, "PUT"))
    return METHOD_PUT;
  if (g_str_equal (method, "POST"))
    return METHOD_POST;
  if (g_str_equal (method, "DELETE"))
    return METHOD_DELETE;
  return 0;
}

static char *
allow_header (guint methods)
{
  GString *allow = g_string_new (NULL);

  if (methods & METHOD_GET)
    g_string_append (allow, "GET, ");
  if (methods & METHOD_PUT)
    g_string_append (allow, "PUT, ");
  if (methods & METHOD_POST)
    g_string_append (allow, "POST, ");
  if (methods & METHOD_DELETE)
    g_string_append (allow, "DELETE, ");
  g_string_append (allow, "OPTIONS");
  return g_string_free (allow, FALSE);
}

static gboolean
is_section (const char *segment)
{
  return g_strcmp0 (segment, "channel_types") == 0 || g_strcmp0 (segment, "workflows") == 0 ||
         g_strcmp0 (segment, "categories") == 0;
}

/* Takes a decoded path parameter, remembering the first invalid one. */
static char *
take_param (Route      *route,
            const char *segment,
            const char *field)
{
  if (route->bad_field == NULL && !prefs_sandbox_id_is_valid (segment))
    route->bad_field = field;
  return g_strdup (segment != NULL ? segment : "");
}

/* Routes the preference-set part of a path: segs[0] is "preferences". */
static gboolean
route_sets (Route       *route,
            char       **segs,
            guint        n)
{
  if (n == 1)
    {
      route->kind = ROUTE_SETS;
      route->methods = METHOD_GET;
      return TRUE;
    }
  route->set_id = take_param (route, segs[1], "id");
  if (n == 2)
    {
      route->kind = ROUTE_SET;
      route->methods = METHOD_GET | METHOD_PUT | METHOD_DELETE;
      return TRUE;
    }
  if (!is_section (segs[2]))
    return FALSE;
  route->section = g_strdup (segs[2]);
  if (n == 3)
    {
      route->kind = ROUTE_SET_SECTION;
      route->methods = METHOD_PUT;
      return TRUE;
    }
  if (n == 4)
    {
      route->kind = ROUTE_SET_ENTRY;
      route->methods = METHOD_PUT;
      route->key = take_param (route, segs[3], "key");
      return TRUE;
    }
  return FALSE;
}

/* @segs are the decoded segments after "/v1" (NULL where a segment did not
 * decode). Returns FALSE for an unrouted path. */
static gboolean
route_path (Route  *route,
            char  **segs,
            guint   n)
{
  if (n == 0)
    return FALSE;

  if (g_strcmp0 (segs[0], "users") == 0)
    {
      if (n == 1)
        {
          route->kind = ROUTE_USERS;
          route->methods = METHOD_GET;
          return TRUE;
        }
      if (n == 3 && g_strcmp0 (segs[1], "bulk") == 0 && g_strcmp0 (segs[2], "identify") == 0)
        {
          route->kind = ROUTE_BULK_IDENTIFY;
          route->methods = METHOD_POST;
          return TRUE;
        }
      if (n == 3 && g_strcmp0 (segs[1], "bulk") == 0 && g_strcmp0 (segs[2], "preferences") == 0)
        {
          route->kind = ROUTE_BULK_PREFERENCES;
          route->methods = METHOD_POST;
          return TRUE;
        }
      route->collection = g_strdup (PREFS_SANDBOX_USERS_COLLECTION);
      route->owner_id = take_param (route, segs[1], "user_id");
      route->user_scoped = TRUE;
      if (n == 2)
        {
          route->kind = ROUTE_USER;
          route->methods = METHOD_GET | METHOD_PUT | METHOD_DELETE;
          return TRUE;
        }
      if (g_strcmp0 (segs[2], "preferences") != 0)
        return FALSE;
      return route_sets (route, segs + 2, n - 2);
    }

  if (g_strcmp0 (segs[0], "objects") == 0 && n >= 4 && g_strcmp0 (segs[3], "preferences") == 0)
    {
      route->collection = take_param (route, segs[1], "collection");
      route->owner_id = take_param (route, segs[2], "object_id");
      return route_sets (route, segs + 3, n - 3);
    }

  if (g_strcmp0 (segs[0], "bulk_operations") == 0 && n == 2)
    {
      route->kind = ROUTE_BULK_OPERATION;
      route->methods = METHOD_GET;
      route->op_id = take_param (route, segs[1], "id");
      return TRUE;
    }

  return FALSE;
}

static PrefsSandboxTier
route_tier (Route  *route,
            Method  method)
{
  if (route->kind == ROUTE_BULK_IDENTIFY || route->kind == ROUTE_BULK_PREFERENCES)
    return PREFS_SANDBOX_TIER_1;
  if (method == METHOD_GET)
    return PREFS_SANDBOX_TIER_4;
  return PREFS_SANDBOX_TIER_3;
}

/* A public key may only reach the user's own record and sets. */
static gboolean
route_allows_public (Route  *route,
                     Method  method)
{
  if (!route->user_scoped)
    return FALSE;
  if (route->kind == ROUTE_USER)
    return method == METHOD_GET || method == METHOD_PUT;
  return TRUE;
}

/* ---- the request pipeline ---- */

static void
set_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (soup_message_headers_get_one (headers, "x-request-id") == NULL)
    {
      g_autofree char *request_id = g_uuid_string_random ();

      soup_message_headers_replace (headers, "x-request-id", request_id);
    }
  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (headers, "Access-Control-Allow-Methods",
                                "GET, PUT, POST, DELETE, OPTIONS");
  soup_message_headers_replace (headers, "Access-Control-Allow-Headers",
                                "authorization, content-type, x-knock-user-token, "
                                "x-knock-client, x-knock-branch, idempotency-key, "
                                "x-stainless-arch, x-stainless-lang, x-stainless-os, "
                                "x-stainless-package-version, x-stainless-retry-count, "
                                "x-stainless-runtime, x-stainless-runtime-version, "
                                "x-stainless-timeout, user-agent");
  soup_message_headers_replace (headers, "Access-Control-Expose-Headers",
                                "x-request-id, retry-after");
  soup_message_headers_replace (headers, "Access-Control-Max-Age", "600");
}

static void
respond_rate_limited (SoupServerMessage *msg,
                      guint              retry_after)
{
  g_autofree char *seconds = g_strdup_printf ("%u", MAX (retry_after, 1));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", seconds);
  respond_error (msg, 429, "rate_limit_error", "rate_limit_exceeded",
                 "Too many requests; retry after the time in Retry-After");
}

/* Checks the key and token; answers and returns FALSE when refused. */
static gboolean
authorize (PrefsSandbox      *self,
           SoupServerMessage *msg,
           Route             *route,
           Method             method,
           char             **out_key)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *key = prefs_sandbox_auth_bearer_key (soup_message_headers_get_one (headers,
                                                                                     "Authorization"));
  const char *token;
  g_autofree char *sub = NULL;
  g_autoptr(GError) error = NULL;

  if (key == NULL)
    {
      respond_error (msg, 401, "authentication_error", "api_key_missing",
                     "An API key is required: Authorization: Bearer KEY");
      return FALSE;
    }

  if (g_strcmp0 (key, self->secret_key) == 0)
    {
      *out_key = g_steal_pointer (&key);
      return TRUE;
    }

  if (g_strcmp0 (key, self->public_key) != 0)
    {
      respond_error (msg, 401, "authentication_error", "api_key_invalid",
                     "The API key is not valid for this environment");
      return FALSE;
    }

  token = soup_message_headers_get_one (headers, "X-Knock-User-Token");
  if (token == NULL || *token == '\0')
    {
      respond_error (msg, 401, "authentication_error", "missing_user_token",
                     "A public key needs a user token (X-Knock-User-Token)");
      return FALSE;
    }

  sub = prefs_sandbox_auth_verify_user_token (self->signing_pem, token,
                                              g_get_real_time () / G_USEC_PER_SEC, &error);
  if (sub == NULL)
    {
      respond_error (msg, 401, "authentication_error", "invalid_user_token", error->message);
      return FALSE;
    }

  if (!route_allows_public (route, method) || g_strcmp0 (sub, route->owner_id) != 0)
    {
      respond_error (msg, 403, "authorization_error", "forbidden",
                     "The user token does not allow access to this resource");
      return FALSE;
    }

  *out_key = g_steal_pointer (&key);
  return TRUE;
}

static void
dispatch (PrefsSandbox      *self,
          SoupServerMessage *msg,
          Route             *route,
          Method             method,
          GHashTable        *query)
{
  switch (route->kind)
    {
    case ROUTE_USERS:
      handle_list_users (self, msg, query);
      break;
    case ROUTE_USER:
      if (method == METHOD_GET)
        handle_get_user (self, msg, route);
      else if (method == METHOD_PUT)
        handle_put_user (self, msg, route);
      else
        handle_delete_user (self, msg, route);
      break;
    case ROUTE_BULK_IDENTIFY:
      handle_bulk_identify (self, msg);
      break;
    case ROUTE_BULK_PREFERENCES:
      handle_bulk_preferences (self, msg);
      break;
    case ROUTE_SETS:
      handle_list_sets (self, msg, route);
      break;
    case ROUTE_SET:
      if (method == METHOD_GET)
        handle_get_set (self, msg, route);
      else if (method == METHOD_PUT)
        handle_put_set (self, msg, route);
      else
        handle_delete_set (self, msg, route);
      break;
    case ROUTE_SET_SECTION:
      handle_put_section (self, msg, route);
      break;
    case ROUTE_SET_ENTRY:
      handle_put_entry (self, msg, route);
      break;
    case ROUTE_BULK_OPERATION:
      handle_get_bulk (self, msg, route);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
drop_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  /* The write was applied; the client only never hears about it. */
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static void
process_request (PrefsSandbox      *self,
                 SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method_name = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (uri);
  const char *query_text = g_uri_get_query (uri);
  g_autoptr(GHashTable) query = NULL;
  g_auto(GStrv) raw = NULL;
  g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func (g_free);
  g_auto(Route) route = { 0, };
  g_autofree char *key = NULL;
  Method method = method_from_string (method_name);
  guint n_raw;
  guint status = 0;
  PrefsSandboxFault fault = PREFS_SANDBOX_FAULT_NONE;
  gsize body_length = 0;

  set_common_headers (msg);

  if (g_str_equal (method_name, "OPTIONS"))
    {
      respond_no_content (msg);
      return;
    }

  raw = g_strsplit (path != NULL ? path : "", "/", -1);
  n_raw = g_strv_length (raw);
  /* "/v1/users/" is "/v1/users"; any other empty segment is unrouted. */
  if (n_raw > 3 && *raw[n_raw - 1] == '\0')
    n_raw--;
  for (guint i = 2; i < n_raw; i++)
    {
      if (*raw[i] == '\0')
        {
          n_raw = 0;
          break;
        }
      g_ptr_array_add (segs, g_uri_unescape_segment (raw[i], NULL, NULL));
    }

  if (n_raw < 3 || *raw[0] != '\0' || !g_str_equal (raw[1], "v1") ||
      !route_path (&route, (char **) segs->pdata, segs->len))
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonObject *errors = json_object_new ();

      json_object_set_string_member (errors, "detail", "404 Not Found");
      json_object_set_object_member (object, "errors", errors);
      respond_object (msg, 404, object);
      return;
    }

  if (method == 0 || (route.methods & method) == 0)
    {
      g_autofree char *allow = allow_header (route.methods);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allow);
      respond_error (msg, 405, "invalid_request_error", "method_not_allowed",
                     "This method is not allowed on this path");
      return;
    }

  if (!authorize (self, msg, &route, method, &key))
    return;

  if (route.bad_field != NULL)
    {
      respond_invalid_field (msg, route.bad_field, PREFS_PARSE_ERROR_INVALID_VALUE,
                             "must be 1 to 256 bytes of UTF-8 without control characters");
      return;
    }

  if (self->rate_limits)
    {
      guint retry_after = 0;

      if (!prefs_sandbox_limiter_take (self->limiter, key, route_tier (&route, method),
                                       g_get_monotonic_time (), &retry_after))
        {
          respond_rate_limited (msg, retry_after);
          return;
        }
    }

  body_length = (gsize) soup_server_message_get_request_body (msg)->length;
  if (body_length > MAX_BODY_BYTES)
    {
      respond_error (msg, 413, "invalid_request_error", "request_too_large",
                     "The request body is too large");
      return;
    }

  if (query_text != NULL)
    query = soup_form_decode (query_text);

  /* Injected faults hit writes only. An error or a 429 is answered
   * before anything is applied; a dropped connection happens after the
   * write has committed. Either way a write is applied fully or not at
   * all, and every write here is idempotent in effect (PUT replaces or
   * merges the same values, DELETE of what is gone succeeds), so a
   * client that retries ends with the write applied exactly once. */
  if (method != METHOD_GET)
    fault = prefs_sandbox_faults_roll (self->faults, &status);

  switch (fault)
    {
    case PREFS_SANDBOX_FAULT_ERROR:
      respond_error (msg, status, "api_error",
                     status == 503 ? "service_unavailable" : "internal_error",
                     "Injected fault: the sandbox failed this request");
      return;
    case PREFS_SANDBOX_FAULT_RATE_LIMIT:
      respond_rate_limited (msg, 1);
      return;
    case PREFS_SANDBOX_FAULT_DROP:
      dispatch (self, msg, &route, method, query);
      drop_connection (msg);
      return;
    case PREFS_SANDBOX_FAULT_NONE:
    default:
      dispatch (self, msg, &route, method, query);
      return;
    }
}

static gboolean
delayed_request_cb (gpointer user_data)
{
  DelayedRequest *delayed = user_data;
  PrefsSandbox *self = delayed->self;

  process_request (self, delayed->msg);
  soup_server_message_unpause (delayed->msg);
  g_ptr_array_remove (self->delayed, delayed);
  return G_SOURCE_REMOVE;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  PrefsSandbox *self = user_data;
  guint latency = prefs_sandbox_faults_get_latency (self->faults);
  Method method = method_from_string (soup_server_message_get_method (msg));

  if (latency > 0 && method != 0 && method != METHOD_GET)
    {
      DelayedRequest *delayed = g_new0 (DelayedRequest, 1);

      /* Pause rather than sleep: the loop keeps serving everyone else. */
      delayed->self = self;
      delayed->msg = g_object_ref (msg);
      delayed->source = g_timeout_source_new (latency);
      g_source_set_callback (delayed->source, delayed_request_cb, delayed, NULL);
      g_source_attach (delayed->source, self->context);
      g_ptr_array_add (self->delayed, delayed);
      soup_server_message_pause (msg);
      return;
    }

  process_request (self, msg);
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  /* Refuse before reading the body, so a huge upload is never buffered. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > MAX_BODY_BYTES)
    {
      set_common_headers (msg);
      respond_error (msg, 413, "invalid_request_error", "request_too_large",
                     "The request body is too large");
    }
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
}

/* ---- the object ---- */

static void
prefs_sandbox_dispose (GObject *object)
{
  PrefsSandbox *self = PREFS_SANDBOX (object);

  prefs_sandbox_stop (self);
  G_OBJECT_CLASS (prefs_sandbox_parent_class)->dispose (object);
}

static void
prefs_sandbox_finalize (GObject *object)
{
  PrefsSandbox *self = PREFS_SANDBOX (object);

  g_clear_pointer (&self->store, prefs_sandbox_store_free);
  g_clear_pointer (&self->secret_key, g_free);
  g_clear_pointer (&self->public_key, g_free);
  g_clear_pointer (&self->signing_pem, g_free);
  g_clear_pointer (&self->faults, prefs_sandbox_faults_free);
  g_clear_pointer (&self->limiter, prefs_sandbox_limiter_free);
  g_clear_pointer (&self->delayed, g_ptr_array_unref);
  g_clear_pointer (&self->base_url, g_free);
  G_OBJECT_CLASS (prefs_sandbox_parent_class)->finalize (object);
}

static void
prefs_sandbox_class_init (PrefsSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = prefs_sandbox_dispose;
  object_class->finalize = prefs_sandbox_finalize;
}

static void
prefs_sandbox_init (PrefsSandbox *self)
{
  self->secret_key = g_strdup (PREFS_SANDBOX_DEFAULT_SECRET_KEY);
  self->public_key = g_strdup (PREFS_SANDBOX_DEFAULT_PUBLIC_KEY);
  self->bulk_limit = PREFS_SANDBOX_DEFAULT_BULK_LIMIT;
  self->limiter = prefs_sandbox_limiter_new ();
  self->delayed = g_ptr_array_new_with_free_func ((GDestroyNotify) delayed_request_free);
}

PrefsSandbox *
prefs_sandbox_new (const char  *db_path,
                   GError     **error)
{
  g_autoptr(PrefsSandbox) self = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (PREFS_TYPE_SANDBOX, NULL);
  self->store = prefs_sandbox_store_open (db_path, error);
  if (self->store == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

void
prefs_sandbox_set_secret_key (PrefsSandbox *self,
                              const char   *key)
{
  g_return_if_fail (PREFS_IS_SANDBOX (self));
  g_return_if_fail (key != NULL && *key != '\0');

  g_free (self->secret_key);
  self->secret_key = g_strdup (key);
}

void
prefs_sandbox_set_public_key (PrefsSandbox *self,
                              const char   *key)
{
  g_return_if_fail (PREFS_IS_SANDBOX (self));
  g_return_if_fail (key != NULL && *key != '\0');

  g_free (self->public_key);
  self->public_key = g_strdup (key);
}

gboolean
prefs_sandbox_set_signing_key_pem (PrefsSandbox  *self,
                                   const char    *pem,
                                   GError       **error)
{
  g_return_val_if_fail (PREFS_IS_SANDBOX (self), FALSE);

  if (!prefs_sandbox_auth_check_public_pem (pem, error))
    return FALSE;
  g_free (self->signing_pem);
  self->signing_pem = g_strdup (pem);
  return TRUE;
}

void
prefs_sandbox_set_rate_limits (PrefsSandbox *self,
                               gboolean      enabled)
{
  g_return_if_fail (PREFS_IS_SANDBOX (self));

  self->rate_limits = !!enabled;
}

void
prefs_sandbox_set_bulk_limit (PrefsSandbox *self,
                              guint         limit)
{
  g_return_if_fail (PREFS_IS_SANDBOX (self));
  g_return_if_fail (limit > 0);

  self->bulk_limit = limit;
}

gboolean
prefs_sandbox_set_fault_spec (PrefsSandbox  *self,
                              const char    *spec,
                              GError       **error)
{
  PrefsSandboxFaults *faults = NULL;

  g_return_val_if_fail (PREFS_IS_SANDBOX (self), FALSE);

  if (spec != NULL && *spec != '\0')
    {
      faults = prefs_sandbox_faults_new_from_spec (spec, error);
      if (faults == NULL)
        return FALSE;
    }
  g_clear_pointer (&self->faults, prefs_sandbox_faults_free);
  self->faults = faults;
  return TRUE;
}

static gboolean
parse_address (const char      *address,
               GSocketAddress **out_address,
               GError         **error)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  colon = address != NULL ? strrchr (address, ':') : NULL;
  if (colon == NULL || colon == address ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT16, &port, NULL))
    {
      g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG,
                   "“%s” is not an address of the form ADDR:PORT", address ? address : "");
      return FALSE;
    }

  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  *out_address = g_inet_socket_address_new_from_string (host, (guint) port);
  if (*out_address == NULL)
    {
      g_set_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG,
                   "“%s” is not an IP address", host);
      return FALSE;
    }
  return TRUE;
}

gboolean
prefs_sandbox_start (PrefsSandbox  *self,
                     const char    *address,
                     GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(SoupServer) server = NULL;
  GSList *uris;
  GInetAddress *inet;
  g_autofree char *host = NULL;

  g_return_val_if_fail (PREFS_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  if (!parse_address (address != NULL ? address : "127.0.0.1:0", &socket_address, error))
    return FALSE;

  server = soup_server_new ("server-header", "prefs-sandbox/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (server, NULL, server_callback, self, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), self);

  if (!soup_server_listen (server, socket_address, 0, error))
    {
      g_prefix_error (error, "Could not listen on %s: ", address);
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = PREFS_SANDBOX_ERROR;
          (*error)->code = PREFS_SANDBOX_ERROR_LISTEN;
        }
      return FALSE;
    }

  uris = soup_server_get_uris (server);
  self->port = uris != NULL ? (guint16) g_uri_get_port (uris->data) : 0;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (socket_address));
  host = g_inet_address_to_string (inet);
  g_free (self->base_url);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    self->base_url = g_strdup_printf ("http://[%s]:%u", host, self->port);
  else
    self->base_url = g_strdup_printf ("http://%s:%u", host, self->port);

  self->server = g_steal_pointer (&server);
  self->context = g_main_context_ref_thread_default ();

  /* Operations left unfinished by an earlier run pick up where they were. */
  bulk_schedule (self);
  return TRUE;
}

const char *
prefs_sandbox_get_base_url (PrefsSandbox *self)
{
  g_return_val_if_fail (PREFS_IS_SANDBOX (self), NULL);

  return self->server != NULL ? self->base_url : NULL;
}

guint16
prefs_sandbox_get_port (PrefsSandbox *self)
{
  g_return_val_if_fail (PREFS_IS_SANDBOX (self), 0);

  return self->server != NULL ? self->port : 0;
}

void
prefs_sandbox_stop (PrefsSandbox *self)
{
  g_return_if_fail (PREFS_IS_SANDBOX (self));

  bulk_unschedule (self);
  if (self->delayed != NULL)
    g_ptr_array_set_size (self->delayed, 0);
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_signal_handlers_disconnect_by_data (self->server, self);
      g_clear_object (&self->server);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
}

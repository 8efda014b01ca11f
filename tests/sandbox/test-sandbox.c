/* test-sandbox.c: the sandbox's HTTP API, over real HTTP on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-test-sandbox"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "prefs-sandbox.h"
#include "sandbox-test-util.h"

#define SK PREFS_SANDBOX_DEFAULT_SECRET_KEY
#define PK PREFS_SANDBOX_DEFAULT_PUBLIC_KEY

typedef struct
{
  PrefsSandbox *sandbox;
  SoupSession  *session;
  char         *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem_path = test_data_path ("test-signing-key.pub.pem");
  g_autofree char *pem = NULL;

  fixture->dir = g_dir_make_tmp ("prefs-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->sandbox = prefs_sandbox_new (":memory:", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pem_path, &pem, NULL, NULL));
  g_assert_true (prefs_sandbox_set_signing_key_pem (fixture->sandbox, pem, &error));
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_start (fixture->sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prefs_sandbox_get_port (fixture->sandbox), >, 0);
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sandbox);
  if (fixture->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (fixture->dir);
      g_clear_pointer (&fixture->dir, g_free);
    }
}

static TestResponse *
call_full (Fixture    *fixture,
           const char *method,
           const char *path,
           const char *key,
           const char *token,
           const char *body)
{
  g_autofree char *url = g_strconcat (prefs_sandbox_get_base_url (fixture->sandbox), path, NULL);

  return test_http (fixture->session, method, url, key, token, body);
}

static TestResponse *
call (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *body)
{
  return call_full (fixture, method, path, SK, NULL, body);
}

/* Checks Knock's error shape and returns its object. */
static JsonObject *
assert_error (TestResponse *response,
              guint         status,
              const char   *type,
              const char   *code)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  object = test_response_object (response);
  g_assert_cmpstr (test_member_string (object, "type"), ==, type);
  if (code != NULL)
    g_assert_cmpstr (test_member_string (object, "code"), ==, code);
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, status);
  g_assert_nonnull (test_member_string (object, "message"));
  return object;
}

static void
assert_field_error (TestResponse *response,
                    const char   *field)
{
  JsonObject *object = assert_error (response, 422, "invalid_request_error", "invalid_params");
  JsonArray *errors = json_object_get_array_member (object, "errors");
  gboolean found = FALSE;

  g_assert_nonnull (errors);
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *entry = json_array_get_object_element (errors, i);

      g_assert_nonnull (test_member_string (entry, "message"));
      g_assert_nonnull (test_member_string (entry, "type"));
      if (g_strcmp0 (test_member_string (entry, "field"), field) == 0)
        found = TRUE;
    }
  if (!found)
    g_error ("No error for field %s in %s", field, response->body);
}

static JsonObject *
assert_ok (TestResponse *response,
           guint         status)
{
  g_assert_no_error (response->error);
  if (response->status != status)
    g_error ("Expected %u, got %u: %s", status, response->status, response->body);
  return response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json) ?
         json_node_get_object (response->json) : NULL;
}

/* The value at a dotted path of @object, or NULL. */
static JsonNode *
lookup (JsonObject *object,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static void
assert_bool_at (JsonObject *object,
                const char *path,
                gboolean    value)
{
  JsonNode *node = lookup (object, path);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    g_error ("%s is not a boolean", path);
  g_assert_cmpint (json_node_get_boolean (node), ==, value);
}

static void
assert_null_at (JsonObject *object,
                const char *path)
{
  JsonNode *node = lookup (object, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
}

static void
test_users (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TestResponse) missing = call (fixture, "GET", "/v1/users/agrant", NULL);
  g_autoptr(TestResponse) created = NULL;
  g_autoptr(TestResponse) updated = NULL;
  g_autoptr(TestResponse) fetched = NULL;
  g_autoptr(TestResponse) sets = NULL;
  g_autoptr(TestResponse) deleted = NULL;
  g_autoptr(TestResponse) deleted_again = NULL;
  g_autoptr(TestResponse) gone = NULL;
  g_autoptr(TestResponse) gone_sets = NULL;
  g_autoptr(TestResponse) bad_type = NULL;
  JsonObject *user;

  assert_error (missing, 404, "invalid_request_error", "resource_missing");

  created = call (fixture, "PUT", "/v1/users/agrant",
                  "{\"name\": \"Alan Grant\", \"email\": \"alan@dig.example\", \"site\": \"Montana\","
                  " \"preferences\": {\"default\": {\"channel_types\": {\"email\": true}}}}");
  user = assert_ok (created, 200);
  g_assert_cmpstr (test_member_string (user, "__typename"), ==, "User");
  g_assert_cmpstr (test_member_string (user, "id"), ==, "agrant");
  g_assert_cmpstr (test_member_string (user, "site"), ==, "Montana");
  assert_null_at (user, "phone_number");
  g_assert_nonnull (test_member_string (user, "created_at"));
  g_assert_true (g_str_has_suffix (test_member_string (user, "updated_at"), "Z"));

  /* Identify: only the sent fields change; nested preferences merge. */
  updated = call (fixture, "PUT", "/v1/users/agrant",
                  "{\"phone_number\": \"+15555550100\","
                  " \"preferences\": {\"default\": {\"channel_types\": {\"sms\": false}}}}");
  user = assert_ok (updated, 200);
  g_assert_cmpstr (test_member_string (user, "name"), ==, "Alan Grant");
  g_assert_cmpstr (test_member_string (user, "email"), ==, "alan@dig.example");
  g_assert_cmpstr (test_member_string (user, "phone_number"), ==, "+15555550100");

  fetched = call (fixture, "GET", "/v1/users/agrant/preferences/default", NULL);
  user = assert_ok (fetched, 200);
  assert_bool_at (user, "channel_types.email", TRUE);
  assert_bool_at (user, "channel_types.sms", FALSE);

  bad_type = call (fixture, "PUT", "/v1/users/agrant",
                   "{\"email\": 42, \"preferences\": {\"default\": {\"channel_types\": {\"fax\": true}}}}");
  assert_field_error (bad_type, "email");
  assert_field_error (bad_type, "preferences.default.channel_types.fax");

  deleted = call (fixture, "DELETE", "/v1/users/agrant", NULL);
  assert_ok (deleted, 204);
  deleted_again = call (fixture, "DELETE", "/v1/users/agrant", NULL);
  assert_ok (deleted_again, 204);
  gone = call (fixture, "GET", "/v1/users/agrant", NULL);
  assert_error (gone, 404, "invalid_request_error", "resource_missing");
  gone_sets = call (fixture, "GET", "/v1/users/agrant/preferences", NULL);
  assert_ok (gone_sets, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (gone_sets->json));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (gone_sets->json)), ==, 0);
}

static void
put_user (Fixture    *fixture,
          const char *id)
{
  g_autofree char *path = g_strconcat ("/v1/users/", id, NULL);
  g_autoptr(TestResponse) response = call (fixture, "PUT", path, "{\"name\": \"Someone\"}");

  assert_ok (response, 200);
}

static void
test_users_pagination (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;
  g_autofree char *second_page_before = NULL;
  guint pages = 0;
  const char *bad_sizes[] = { "0", "51", "abc", "-1" };

  g_assert_true (prefs_sandbox_seed_users (fixture->sandbox, 120, &error));
  g_assert_no_error (error);

  for (;;)
    {
      g_autofree char *path = after != NULL ?
        g_strdup_printf ("/v1/users?page_size=50&after=%s", after) :
        g_strdup ("/v1/users");
      g_autoptr(TestResponse) page = call (fixture, "GET", path, NULL);
      JsonObject *object = assert_ok (page, 200);
      JsonArray *entries = json_object_get_array_member (object, "entries");
      JsonObject *page_info = json_object_get_object_member (object, "page_info");
      JsonNode *after_node = json_object_get_member (page_info, "after");

      g_assert_cmpstr (test_member_string (page_info, "__typename"), ==, "PageInfo");
      g_assert_cmpint (json_object_get_int_member (page_info, "page_size"), ==, 50);
      for (guint i = 0; i < json_array_get_length (entries); i++)
        g_ptr_array_add (seen, g_strdup (test_member_string (json_array_get_object_element (entries, i),
                                                            "id")));
      pages++;
      if (pages == 2)
        second_page_before = g_strdup (test_member_string (page_info, "before"));

      /* Users created while paging come after everything already listed. */
      if (pages == 1)
        {
          put_user (fixture, "zz-late-1");
          put_user (fixture, "aa-late-2");
        }

      g_clear_pointer (&after, g_free);
      if (JSON_NODE_HOLDS_NULL (after_node))
        break;
      after = g_uri_escape_string (json_node_get_string (after_node), NULL, FALSE);
      g_assert_cmpuint (pages, <, 10);
    }

  g_assert_cmpuint (seen->len, ==, 122);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "user-0000001");
  g_assert_cmpstr (g_ptr_array_index (seen, 119), ==, "user-0000120");
  g_assert_cmpstr (g_ptr_array_index (seen, 120), ==, "zz-late-1");
  g_assert_cmpstr (g_ptr_array_index (seen, 121), ==, "aa-late-2");

  /* "before" of page two leads back to page one. */
  g_assert_nonnull (second_page_before);
  {
    g_autofree char *escaped = g_uri_escape_string (second_page_before, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/v1/users?page_size=10&before=%s", escaped);
    g_autoptr(TestResponse) back = call (fixture, "GET", path, NULL);
    JsonObject *object = assert_ok (back, 200);
    JsonArray *entries = json_object_get_array_member (object, "entries");

    g_assert_cmpuint (json_array_get_length (entries), ==, 10);
    g_assert_cmpstr (test_member_string (json_array_get_object_element (entries, 9), "id"), ==,
                     "user-0000050");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/users?page_size=%s", bad_sizes[i]);
      g_autoptr(TestResponse) response = call (fixture, "GET", path, NULL);

      assert_field_error (response, "page_size");
    }
  {
    g_autoptr(TestResponse) response = call (fixture, "GET", "/v1/users?after=not-a-cursor", NULL);

    assert_field_error (response, "after");
  }
}

static void
test_users_include_preferences (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TestResponse) put = call (fixture, "PUT", "/v1/users/hwu/preferences/lab",
                                      "{\"workflows\": {\"gene-splice\": true}}");
  g_autoptr(TestResponse) list = NULL;
  JsonObject *entry;

  assert_ok (put, 200);
  list = call (fixture, "GET", "/v1/users?include[]=preferences", NULL);
  entry = json_array_get_object_element (json_object_get_array_member (assert_ok (list, 200),
                                                                       "entries"), 0);
  g_assert_cmpstr (test_member_string (entry, "id"), ==, "hwu");
  assert_bool_at (entry, "preferences.lab.workflows.gene-splice", TRUE);
}

static void
test_sets_replace_merge (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TestResponse) empty = call (fixture, "GET", "/v1/users/jhammond/preferences/default",
                                        NULL);
  g_autoptr(TestResponse) replaced = NULL;
  g_autoptr(TestResponse) merged = NULL;
  g_autoptr(TestResponse) replaced_again = NULL;
  g_autoptr(TestResponse) user = NULL;
  g_autoptr(TestResponse) list = NULL;
  g_autoptr(TestResponse) deleted = NULL;
  g_autoptr(TestResponse) after_delete = NULL;
  JsonObject *set;

  /* Never 404: an empty set with the id. */
  set = assert_ok (empty, 200);
  g_assert_cmpstr (test_member_string (set, "id"), ==, "default");
  assert_null_at (set, "channel_types");
  assert_null_at (set, "workflows");

  replaced = call (fixture, "PUT", "/v1/users/jhammond/preferences/default",
                   "{\"channel_types\": {\"email\": true, \"sms\": false},"
                   " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\":"
                   " {\"email\": false, \"in_app_feed\": true, \"sms\": true}}}}");
  set = assert_ok (replaced, 200);
  assert_bool_at (set, "workflows.dinosaurs-loose.channel_types.sms", TRUE);

  /* PUT creates the user. */
  user = call (fixture, "GET", "/v1/users/jhammond", NULL);
  assert_ok (user, 200);

  merged = call (fixture, "PUT", "/v1/users/jhammond/preferences/default",
                 "{\"__persistence_strategy__\": \"merge\", \"channel_types\": {\"push\": true},"
                 " \"categories\": {\"park-alerts\": false}}");
  set = assert_ok (merged, 200);
  assert_bool_at (set, "channel_types.email", TRUE);
  assert_bool_at (set, "channel_types.sms", FALSE);
  assert_bool_at (set, "channel_types.push", TRUE);
  assert_bool_at (set, "categories.park-alerts", FALSE);
  assert_bool_at (set, "workflows.dinosaurs-loose.channel_types.in_app_feed", TRUE);

  replaced_again = call (fixture, "PUT", "/v1/users/jhammond/preferences/default",
                         "{\"channel_types\": {\"chat\": true}}");
  set = assert_ok (replaced_again, 200);
  assert_bool_at (set, "channel_types.chat", TRUE);
  g_assert_null (lookup (set, "channel_types.email"));
  assert_null_at (set, "workflows");
  assert_null_at (set, "categories");

  {
    g_autoptr(TestResponse) tenant = call (fixture, "PUT", "/v1/users/jhammond/preferences/isla-nublar",
                                           "{\"commercial_subscribed\": false}");
    assert_ok (tenant, 200);
  }
  list = call (fixture, "GET", "/v1/users/jhammond/preferences", NULL);
  assert_ok (list, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (list->json));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list->json)), ==, 2);

  deleted = call (fixture, "DELETE", "/v1/users/jhammond/preferences/default", NULL);
  assert_ok (deleted, 204);
  after_delete = call (fixture, "GET", "/v1/users/jhammond/preferences/default", NULL);
  set = assert_ok (after_delete, 200);
  assert_null_at (set, "channel_types");
}

static void
test_sets_sub_paths (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *base = "/v1/users/esattler/preferences/default";
  g_autofree char *channel_types = g_strconcat (base, "/channel_types", NULL);
  g_autofree char *email = g_strconcat (base, "/channel_types/email", NULL);
  g_autofree char *fax = g_strconcat (base, "/channel_types/fax", NULL);
  g_autofree char *workflows = g_strconcat (base, "/workflows", NULL);
  g_autofree char *workflow = g_strconcat (base, "/workflows/dinosaurs-loose", NULL);
  g_autofree char *categories = g_strconcat (base, "/categories", NULL);
  g_autofree char *category = g_strconcat (base, "/categories/botany", NULL);
  JsonObject *set;

  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", channel_types,
                                      "{\"email\": true, \"sms\": true}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "channel_types.sms", TRUE);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", channel_types, "{\"push\": false}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "channel_types.sms", TRUE);
    assert_bool_at (set, "channel_types.push", FALSE);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", email, "{\"subscribed\": false}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "channel_types.email", FALSE);
    assert_bool_at (set, "channel_types.sms", TRUE);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", email, "{\"subscribed\": \"yes\"}");
    assert_field_error (r, "subscribed");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", fax, "{\"subscribed\": true}");
    assert_field_error (r, "channel_types.fax");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", workflow,
                                      "{\"channel_types\": {\"email\": true, \"sms\": true}}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "workflows.dinosaurs-loose.channel_types.sms", TRUE);
  }
  {
    /* A setting object is stored as given: sms is gone afterwards. */
    g_autoptr(TestResponse) r = call (fixture, "PUT", workflow,
                                      "{\"channel_types\": {\"email\": false}}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "workflows.dinosaurs-loose.channel_types.email", FALSE);
    g_assert_null (lookup (set, "workflows.dinosaurs-loose.channel_types.sms"));
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", workflow, "{\"subscribed\": false}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "workflows.dinosaurs-loose", FALSE);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", workflows,
                                      "{\"raptor-sighting\": true, \"fence-power-down\": false}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "workflows.dinosaurs-loose", FALSE);
    assert_bool_at (set, "workflows.raptor-sighting", TRUE);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", categories, "{\"marketing\": false}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "categories.marketing", FALSE);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", category,
                                      "{\"conditions\": [{\"variable\": \"recipient.role\","
                                      " \"operator\": \"equal_to\", \"argument\": \"botanist\"}]}");
    set = assert_ok (r, 200);
    assert_bool_at (set, "categories.marketing", FALSE);
    g_assert_nonnull (lookup (set, "categories.botany.conditions"));
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", category,
                                      "{\"conditions\": [{\"variable\": \"x\","
                                      " \"operator\": \"resembles\", \"argument\": null}]}");
    assert_error (r, 422, "invalid_request_error", "invalid_params");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", base, NULL);
    set = assert_ok (r, 200);
    assert_bool_at (set, "channel_types.push", FALSE);
    assert_bool_at (set, "workflows.fence-power-down", FALSE);
  }
}

static void
test_sets_invalid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TestResponse) r = call (fixture, "PUT", "/v1/users/dnedry/preferences/default",
                                    "{\"channel_types\": {\"fax\": true},"
                                    " \"workflows\": {\"new-comment\": {\"channel_types\":"
                                    " {\"pigeon\": true}}}, \"commercial_subscribed\": 3}");
  g_autoptr(TestResponse) not_json = call (fixture, "PUT", "/v1/users/dnedry/preferences/default",
                                           "{\"channel_types\": ");
  g_autoptr(TestResponse) array = call (fixture, "PUT", "/v1/users/dnedry/preferences/default",
                                        "[1, 2]");
  g_autoptr(TestResponse) strategy = call (fixture, "PUT", "/v1/users/dnedry/preferences/default",
                                           "{\"__persistence_strategy__\": \"shred\"}");
  g_autoptr(TestResponse) channels = call (fixture, "PUT", "/v1/users/dnedry/preferences/default",
                                           "{\"channels\": {\"not-a-uuid\": true},"
                                           " \"workflows\": {\"w\": {\"channels\":"
                                           " {\"aef6e715-df82-4ab6-b61e-b743e249f7b6\": true,"
                                           " \"pager\": false}}}}");
  g_autoptr(TestResponse) untouched = NULL;

  assert_field_error (r, "channel_types.fax");
  assert_field_error (r, "workflows.new-comment.channel_types.pigeon");
  assert_field_error (r, "commercial_subscribed");
  assert_error (not_json, 400, "invalid_request_error", "invalid_json");
  assert_field_error (array, "");
  assert_field_error (strategy, "__persistence_strategy__");
  /* Channels are addressed by uuid, at every level. */
  assert_field_error (channels, "channels.not-a-uuid");
  assert_field_error (channels, "workflows.w.channels.pager");

  /* Nothing was written by the refused requests. */
  untouched = call (fixture, "GET", "/v1/users/dnedry", NULL);
  assert_error (untouched, 404, "invalid_request_error", "resource_missing");
}

static void
test_objects (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TestResponse) empty_list = call (fixture, "GET", "/v1/objects/parks/isla-nublar/preferences",
                                             NULL);
  g_autoptr(TestResponse) put = NULL;
  g_autoptr(TestResponse) merged = NULL;
  g_autoptr(TestResponse) entry = NULL;
  g_autoptr(TestResponse) list = NULL;
  g_autoptr(TestResponse) deleted = NULL;
  g_autoptr(TestResponse) empty = NULL;
  g_autoptr(TestResponse) user_view = NULL;
  JsonObject *set;

  assert_ok (empty_list, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (empty_list->json)), ==, 0);

  put = call (fixture, "PUT", "/v1/objects/parks/isla-nublar/preferences/default",
              "{\"channel_types\": {\"email\": true}}");
  set = assert_ok (put, 200);
  assert_bool_at (set, "channel_types.email", TRUE);

  merged = call (fixture, "PUT", "/v1/objects/parks/isla-nublar/preferences/default",
                 "{\"__persistence_strategy__\": \"merge\", \"channel_types\": {\"sms\": false}}");
  set = assert_ok (merged, 200);
  assert_bool_at (set, "channel_types.email", TRUE);
  assert_bool_at (set, "channel_types.sms", FALSE);

  entry = call (fixture, "PUT", "/v1/objects/parks/isla-nublar/preferences/default/workflows/dinosaurs-loose",
                "{\"subscribed\": true}");
  set = assert_ok (entry, 200);
  assert_bool_at (set, "workflows.dinosaurs-loose", TRUE);

  list = call (fixture, "GET", "/v1/objects/parks/isla-nublar/preferences", NULL);
  assert_ok (list, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list->json)), ==, 1);

  /* Objects and users with the same id do not share sets. */
  user_view = call (fixture, "GET", "/v1/users/isla-nublar/preferences/default", NULL);
  set = assert_ok (user_view, 200);
  assert_null_at (set, "channel_types");

  deleted = call (fixture, "DELETE", "/v1/objects/parks/isla-nublar/preferences/default", NULL);
  assert_ok (deleted, 204);
  empty = call (fixture, "GET", "/v1/objects/parks/isla-nublar/preferences/default", NULL);
  set = assert_ok (empty, 200);
  assert_null_at (set, "channel_types");
}

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *own = test_sign_token ("test-signing-key.pem", "imalcolm", now + 3600);
  g_autofree char *other = test_sign_token ("test-signing-key.pem", "dnedry", now + 3600);
  g_autofree char *expired = test_sign_token ("test-signing-key.pem", "imalcolm", now - 60);
  g_autofree char *forged = test_sign_token ("test-other-key.pem", "imalcolm", now + 3600);
  const char *set_path = "/v1/users/imalcolm/preferences/default";

  {
    g_autoptr(TestResponse) r = call_full (fixture, "PUT", set_path, SK, NULL,
                                           "{\"channel_types\": {\"email\": true}}");
    assert_ok (r, 200);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, PK, own, NULL);
    assert_bool_at (assert_ok (r, 200), "channel_types.email", TRUE);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "PUT", "/v1/users/imalcolm/preferences/default/channel_types/sms",
                                           PK, own, "{\"subscribed\": true}");
    assert_bool_at (assert_ok (r, 200), "channel_types.sms", TRUE);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "PUT", "/v1/users/imalcolm", PK, own,
                                           "{\"name\": \"Ian Malcolm\"}");
    assert_ok (r, 200);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", "/v1/users/imalcolm/preferences", PK, own,
                                           NULL);
    assert_ok (r, 200);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, PK, other, NULL);
    assert_error (r, 403, "authorization_error", NULL);
  }
  {
    /* A public key never reaches the list of users or other resources. */
    g_autoptr(TestResponse) r = call_full (fixture, "GET", "/v1/users", PK, own, NULL);
    assert_error (r, 403, "authorization_error", NULL);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "DELETE", "/v1/users/imalcolm", PK, own, NULL);
    assert_error (r, 403, "authorization_error", NULL);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, PK, expired, NULL);
    assert_error (r, 401, "authentication_error", "invalid_user_token");
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, PK, forged, NULL);
    assert_error (r, 401, "authentication_error", "invalid_user_token");
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, PK, "not.a.token", NULL);
    assert_error (r, 401, "authentication_error", "invalid_user_token");
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, PK, NULL, NULL);
    assert_error (r, 401, "authentication_error", "missing_user_token");
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, NULL, NULL, NULL);
    assert_error (r, 401, "authentication_error", NULL);
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "GET", set_path, "sk_test_wrong", NULL, NULL);
    assert_error (r, 401, "authentication_error", NULL);
  }
  {
    /* The secret key sees everything and needs no token. */
    g_autoptr(TestResponse) r = call_full (fixture, "GET", "/v1/users", SK, NULL, NULL);
    assert_ok (r, 200);
  }
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/nowhere", NULL);
    JsonObject *errors;

    g_assert_cmpuint (r->status, ==, 404);
    errors = json_object_get_object_member (test_response_object (r), "errors");
    g_assert_cmpstr (test_member_string (errors, "detail"), ==, "404 Not Found");
    g_assert_nonnull (soup_message_headers_get_one (r->headers, "x-request-id"));
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v2/users", NULL);
    g_assert_cmpuint (r->status, ==, 404);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/users/x/preferences/default/unknown", NULL);
    g_assert_cmpuint (r->status, ==, 404);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "POST", "/v1/users/x/preferences/default", "{}");
    assert_error (r, 405, "invalid_request_error", NULL);
    g_assert_nonnull (soup_message_headers_get_one (r->headers, "Allow"));
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "DELETE", "/v1/users", NULL);
    assert_error (r, 405, "invalid_request_error", NULL);
  }
  {
    g_autoptr(GString) big = g_string_new ("{\"channel_types\": {\"email\": true}, \"pad\": \"");
    g_autoptr(TestResponse) r = NULL;

    while (big->len < 5 * 1024 * 1024)
      g_string_append (big, "0123456789abcdef0123456789abcdef");
    g_string_append (big, "\"}");
    r = call (fixture, "PUT", "/v1/users/big/preferences/default", big->str);
    assert_error (r, 413, "invalid_request_error", NULL);
  }
  {
    g_autoptr(GString) long_id = g_string_new ("/v1/users/");
    g_autoptr(TestResponse) r = NULL;

    for (guint i = 0; i < 257; i++)
      g_string_append_c (long_id, 'a');
    r = call (fixture, "GET", long_id->str, NULL);
    assert_field_error (r, "user_id");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/users/bad%01id", NULL);
    assert_field_error (r, "user_id");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/users/bad%FFid/preferences", NULL);
    assert_field_error (r, "user_id");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", "/v1/objects/parks/a%7Fb/preferences/default",
                                      "{}");
    assert_field_error (r, "object_id");
  }
  {
    /* Escaped spaces and non-ASCII are fine inside an id. */
    g_autoptr(TestResponse) put = call (fixture, "PUT", "/v1/users/caf%C3%A9%20one", "{}");
    g_autoptr(TestResponse) get = call (fixture, "GET", "/v1/users/caf%C3%A9%20one", NULL);

    assert_ok (put, 200);
    g_assert_cmpstr (test_member_string (assert_ok (get, 200), "id"), ==, "café one");
  }
  {
    g_autoptr(TestResponse) r = call_full (fixture, "OPTIONS", "/v1/users/x/preferences/default",
                                           NULL, NULL, NULL);
    const char *allow;

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Access-Control-Allow-Origin"), ==, "*");
    allow = soup_message_headers_get_one (r->headers, "Access-Control-Allow-Headers");
    g_assert_nonnull (strstr (allow, "authorization"));
    g_assert_nonnull (strstr (allow, "x-knock-user-token"));
    g_assert_nonnull (strstr (allow, "content-type"));
  }
}

static JsonObject *
poll_bulk (Fixture    *fixture,
           const char *id,
           const char *until_status,
           gint64      min_processed,
           TestResponse **out_response)
{
  g_autofree char *path = g_strconcat ("/v1/bulk_operations/", id, NULL);

  for (guint attempt = 0; attempt < 4000; attempt++)
    {
      g_autoptr(TestResponse) r = call (fixture, "GET", path, NULL);
      JsonObject *op = assert_ok (r, 200);
      const char *status = test_member_string (op, "status");

      g_assert_cmpstr (status, !=, "failed");
      if (g_str_equal (status, until_status) &&
          json_object_get_int_member (op, "processed_rows") >= min_processed)
        {
          *out_response = g_steal_pointer (&r);
          return op;
        }
      g_usleep (1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_error ("Bulk operation %s never reached %s", id, until_status);
  return NULL;
}

static void
test_bulk_preferences (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"user_ids\": [");
  g_autoptr(TestResponse) started = NULL;
  g_autoptr(TestResponse) finished = NULL;
  g_autoptr(TestResponse) set = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *progress_path = NULL;
  JsonObject *op;
  JsonArray *error_items;

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (body, "\"bulk-%03u\", ", i);
  g_string_append (body, "\"\", 7], \"preferences\": {\"id\": \"isla-sorna\","
                   " \"channel_types\": {\"email\": false},"
                   " \"workflows\": {\"dinosaurs-loose\": {\"channel_types\": {\"sms\": true}}}}}");

  started = call (fixture, "POST", "/v1/users/bulk/preferences", body->str);
  op = assert_ok (started, 200);
  g_assert_cmpstr (test_member_string (op, "__typename"), ==, "BulkOperation");
  g_assert_cmpstr (test_member_string (op, "status"), ==, "queued");
  g_assert_cmpstr (test_member_string (op, "name"), ==, "users.bulk_set_preferences");
  g_assert_cmpint (json_object_get_int_member (op, "estimated_total_rows"), ==, 122);
  g_assert_cmpint (json_object_get_int_member (op, "processed_rows"), ==, 0);
  op_id = g_strdup (test_member_string (op, "id"));
  g_assert_true (g_uuid_string_is_valid (op_id));
  /* A URI as the spec says: the sandbox's own base URL and the path. */
  progress_path = g_strconcat (prefs_sandbox_get_base_url (fixture->sandbox),
                               "/v1/bulk_operations/", op_id, NULL);
  g_assert_cmpstr (test_member_string (op, "progress_path"), ==, progress_path);
  assert_null_at (op, "completed_at");

  op = poll_bulk (fixture, op_id, "completed", 122, &finished);
  g_assert_cmpint (json_object_get_int_member (op, "success_count"), ==, 120);
  g_assert_cmpint (json_object_get_int_member (op, "error_count"), ==, 2);
  error_items = json_object_get_array_member (op, "error_items");
  g_assert_cmpuint (json_array_get_length (error_items), ==, 2);
  g_assert_cmpstr (test_member_string (json_array_get_object_element (error_items, 0), "id"), ==, "");
  g_assert_nonnull (test_member_string (op, "started_at"));
  g_assert_nonnull (test_member_string (op, "completed_at"));
  /* Microseconds, UTC. */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$",
                                       test_member_string (op, "completed_at"), 0, 0));

  set = call (fixture, "GET", "/v1/users/bulk-077/preferences/isla-sorna", NULL);
  assert_bool_at (assert_ok (set, 200), "workflows.dinosaurs-loose.channel_types.sms", TRUE);

  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/bulk_operations/00000000-0000-4000-8000-000000000000",
                                      NULL);
    assert_error (r, 404, "invalid_request_error", "resource_missing");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "POST", "/v1/users/bulk/preferences",
                                      "{\"user_ids\": [], \"preferences\": {}}");
    assert_field_error (r, "user_ids");
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "POST", "/v1/users/bulk/preferences",
                                      "{\"user_ids\": [\"a\"], \"preferences\":"
                                      " {\"channel_types\": {\"fax\": true}}}");
    assert_field_error (r, "preferences.channel_types.fax");
  }
  {
    g_autoptr(GString) too_many = g_string_new ("{\"user_ids\": [");
    g_autoptr(TestResponse) r = NULL;

    for (guint i = 0; i < 1001; i++)
      g_string_append_printf (too_many, "%s\"u%u\"", i > 0 ? ", " : "", i);
    g_string_append (too_many, "], \"preferences\": {}}");
    r = call (fixture, "POST", "/v1/users/bulk/preferences", too_many->str);
    assert_field_error (r, "user_ids");
  }
  {
    g_autoptr(TestResponse) r = NULL;

    prefs_sandbox_set_bulk_limit (fixture->sandbox, 2);
    r = call (fixture, "POST", "/v1/users/bulk/preferences",
              "{\"user_ids\": [\"a\", \"b\", \"c\"], \"preferences\": {}}");
    assert_field_error (r, "user_ids");
  }
}

static void
test_bulk_identify (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TestResponse) started = call (fixture, "POST", "/v1/users/bulk/identify",
                                          "{\"users\": [{\"id\": \"gharding\", \"name\": \"Gerry Harding\"},"
                                          " {\"id\": \"rarnold\", \"email\": \"ray@ingen.example\","
                                          " \"preferences\": {\"default\": {\"channel_types\": {\"sms\": true}}}},"
                                          " {\"name\": \"no id\"}]}");
  g_autoptr(TestResponse) finished = NULL;
  g_autoptr(TestResponse) user = NULL;
  g_autoptr(TestResponse) set = NULL;
  JsonObject *op = assert_ok (started, 200);
  g_autofree char *op_id = g_strdup (test_member_string (op, "id"));

  g_assert_cmpstr (test_member_string (op, "name"), ==, "users.bulk_identify");
  op = poll_bulk (fixture, op_id, "completed", 3, &finished);
  g_assert_cmpint (json_object_get_int_member (op, "success_count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (op, "error_count"), ==, 1);

  user = call (fixture, "GET", "/v1/users/gharding", NULL);
  g_assert_cmpstr (test_member_string (assert_ok (user, 200), "name"), ==, "Gerry Harding");
  set = call (fixture, "GET", "/v1/users/rarnold/preferences/default", NULL);
  assert_bool_at (assert_ok (set, 200), "channel_types.sms", TRUE);

  {
    g_autoptr(TestResponse) r = call (fixture, "POST", "/v1/users/bulk/identify", "{\"users\": 3}");
    assert_field_error (r, "users");
  }
}

static void
test_bulk_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("prefs-sandbox-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "sandbox.db", NULL);
  g_autoptr(GString) body = g_string_new ("{\"user_ids\": [");
  g_autofree char *op_id = NULL;
  Fixture fixture = { 0, };
  gint64 processed_before;

  g_assert_no_error (error);
  fixture.session = soup_session_new ();
  fixture.sandbox = prefs_sandbox_new (db, &error);
  g_assert_no_error (error);
  /* Slow batches, so the operation is surely stopped half-way. */
  g_assert_true (prefs_sandbox_set_fault_spec (fixture.sandbox, "bulk-delay=20", &error));
  g_assert_true (prefs_sandbox_start (fixture.sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (body, "%s\"restart-%03u\"", i > 0 ? ", " : "", i);
  g_string_append (body, "], \"preferences\": {\"channel_types\": {\"push\": false}}}");

  {
    g_autoptr(TestResponse) started = call (&fixture, "POST", "/v1/users/bulk/preferences", body->str);
    g_autoptr(TestResponse) midway = NULL;
    JsonObject *op;

    op_id = g_strdup (test_member_string (assert_ok (started, 200), "id"));
    op = poll_bulk (&fixture, op_id, "processing", 1, &midway);
    processed_before = json_object_get_int_member (op, "processed_rows");
    g_assert_cmpint (processed_before, <, 400);
  }

  prefs_sandbox_stop (fixture.sandbox);
  g_clear_object (&fixture.sandbox);

  fixture.sandbox = prefs_sandbox_new (db, &error);
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_start (fixture.sandbox, "127.0.0.1:0", &error));
  g_assert_no_error (error);
  {
    g_autoptr(TestResponse) finished = NULL;
    g_autoptr(TestResponse) first = call (&fixture, "GET", "/v1/users/restart-000/preferences/default", NULL);
    g_autoptr(TestResponse) last = NULL;
    JsonObject *op = poll_bulk (&fixture, op_id, "completed", 400, &finished);

    g_assert_cmpint (json_object_get_int_member (op, "success_count"), ==, 400);
    g_assert_cmpint (json_object_get_int_member (op, "processed_rows"), ==, 400);
    g_assert_cmpint (json_object_get_int_member (op, "error_count"), ==, 0);
    assert_bool_at (assert_ok (first, 200), "channel_types.push", FALSE);
    last = call (&fixture, "GET", "/v1/users/restart-399/preferences/default", NULL);
    assert_bool_at (assert_ok (last, 200), "channel_types.push", FALSE);
  }

  fixture_tear_down (&fixture, NULL);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

static void
test_rate_limits (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *body = "{\"user_ids\": [\"a\"], \"preferences\": {}}";
  g_autoptr(TestResponse) first = NULL;
  g_autoptr(TestResponse) second = NULL;
  g_autoptr(TestResponse) read = NULL;
  guint64 retry_after = 0;

  prefs_sandbox_set_rate_limits (fixture->sandbox, TRUE);
  first = call (fixture, "POST", "/v1/users/bulk/preferences", body);
  assert_ok (first, 200);
  /* Tier 1: one bulk request per second. */
  second = call (fixture, "POST", "/v1/users/bulk/preferences", body);
  assert_error (second, 429, "rate_limit_error", NULL);
  g_assert_true (g_ascii_string_to_unsigned (soup_message_headers_get_one (second->headers, "Retry-After"),
                                             10, 1, 60, &retry_after, NULL));
  g_assert_cmpuint (retry_after, >=, 1);
  /* Reads have their own, larger tier. */
  read = call (fixture, "GET", "/v1/users", NULL);
  assert_ok (read, 200);

  prefs_sandbox_set_rate_limits (fixture->sandbox, FALSE);
  {
    g_autoptr(TestResponse) third = call (fixture, "POST", "/v1/users/bulk/preferences", body);
    assert_ok (third, 200);
  }
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *path = "/v1/users/tmurphy/preferences/default";

  g_assert_false (prefs_sandbox_set_fault_spec (fixture->sandbox, "error-rate=2", &error));
  g_assert_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_false (prefs_sandbox_set_fault_spec (fixture->sandbox, "meteor=1", &error));
  g_assert_error (error, PREFS_SANDBOX_ERROR, PREFS_SANDBOX_ERROR_CONFIG);
  g_clear_error (&error);

  /* Errors are answered before anything is applied. */
  g_assert_true (prefs_sandbox_set_fault_spec (fixture->sandbox, "error-rate=1,seed=3", &error));
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", path, "{\"channel_types\": {\"email\": true}}");
    g_autoptr(TestResponse) get = call (fixture, "GET", path, NULL);

    g_assert_true (r->status == 500 || r->status == 503);
    assert_error (r, r->status, "api_error", NULL);
    assert_null_at (assert_ok (get, 200), "channel_types");
  }

  g_assert_true (prefs_sandbox_set_fault_spec (fixture->sandbox, "rate-limit-rate=1", &error));
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", path, "{\"channel_types\": {\"email\": true}}");
    g_autoptr(TestResponse) get = call (fixture, "GET", path, NULL);

    assert_error (r, 429, "rate_limit_error", NULL);
    g_assert_nonnull (soup_message_headers_get_one (r->headers, "Retry-After"));
    assert_null_at (assert_ok (get, 200), "channel_types");
  }

  /* A dropped connection: the client sees a transport error, the write
   * was applied. */
  g_assert_true (prefs_sandbox_set_fault_spec (fixture->sandbox, "drop-rate=1", &error));
  {
    g_autoptr(TestResponse) r = call (fixture, "PUT", path, "{\"channel_types\": {\"sms\": true}}");
    g_autoptr(TestResponse) get = call (fixture, "GET", path, NULL);

    g_assert_nonnull (r->error);
    g_assert_cmpuint (r->status, ==, 0);
    assert_bool_at (assert_ok (get, 200), "channel_types.sms", TRUE);
  }

  /* Latency delays writes without blocking the loop. */
  g_assert_true (prefs_sandbox_set_fault_spec (fixture->sandbox, "latency=50", &error));
  {
    gint64 start = g_get_monotonic_time ();
    g_autoptr(TestResponse) r = call (fixture, "PUT", path, "{\"channel_types\": {\"push\": true}}");

    assert_bool_at (assert_ok (r, 200), "channel_types.push", TRUE);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 50 * 1000);
  }

  /* A seeded mix is reproducible. */
  {
    guint statuses[2][20];

    for (guint run = 0; run < 2; run++)
      {
        g_assert_true (prefs_sandbox_set_fault_spec (fixture->sandbox,
                                                     "error-rate=0.3,rate-limit-rate=0.3,seed=42",
                                                     &error));
        for (guint i = 0; i < 20; i++)
          {
            g_autoptr(TestResponse) r = call (fixture, "PUT", path, "{}");

            statuses[run][i] = r->status;
          }
      }
    g_assert_cmpmem (statuses[0], sizeof statuses[0], statuses[1], sizeof statuses[1]);
  }

  g_assert_true (prefs_sandbox_set_fault_spec (fixture->sandbox, NULL, &error));
  g_assert_no_error (error);
}

static void
test_seed (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *people[] = { "jhammond", "dnedry", "imalcolm", "esattler" };
  guint total = 0;
  g_autofree char *after = NULL;

  g_assert_true (prefs_sandbox_seed_demo (fixture->sandbox, &error));
  g_assert_no_error (error);
  g_assert_true (prefs_sandbox_seed_users (fixture->sandbox, 250, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *path = g_strconcat ("/v1/users/", people[i], NULL);
      g_autoptr(TestResponse) r = call (fixture, "GET", path, NULL);
      JsonObject *user = assert_ok (r, 200);

      g_assert_nonnull (test_member_string (user, "name"));
      g_assert_nonnull (strchr (test_member_string (user, "email"), '@'));
    }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/users/jhammond/preferences/default", NULL);
    assert_bool_at (assert_ok (r, 200), "workflows.dinosaurs-loose.channel_types.sms", TRUE);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/users/esattler/preferences", NULL);
    assert_ok (r, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (r->json)), >=, 2);
  }
  {
    g_autoptr(TestResponse) r = call (fixture, "GET", "/v1/users/user-0000250", NULL);
    assert_ok (r, 200);
  }

  do
    {
      g_autofree char *path = after != NULL ?
        g_strdup_printf ("/v1/users?after=%s", after) : g_strdup ("/v1/users");
      g_autoptr(TestResponse) r = call (fixture, "GET", path, NULL);
      JsonObject *object = assert_ok (r, 200);
      JsonNode *next = json_object_get_member (json_object_get_object_member (object, "page_info"),
                                               "after");

      total += json_array_get_length (json_object_get_array_member (object, "entries"));
      g_clear_pointer (&after, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        after = g_uri_escape_string (json_node_get_string (next), NULL, FALSE);
    }
  while (after != NULL);
  g_assert_cmpuint (total, ==, 250 + 16);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("users", test_users);
  ADD ("users/pagination", test_users_pagination);
  ADD ("users/include-preferences", test_users_include_preferences);
  ADD ("sets/replace-merge", test_sets_replace_merge);
  ADD ("sets/sub-paths", test_sets_sub_paths);
  ADD ("sets/invalid", test_sets_invalid);
  ADD ("objects", test_objects);
  ADD ("auth", test_auth);
  ADD ("errors", test_errors);
  ADD ("bulk/preferences", test_bulk_preferences);
  ADD ("bulk/identify", test_bulk_identify);
  g_test_add_func ("/sandbox/bulk/restart", test_bulk_restart);
  ADD ("rate-limits", test_rate_limits);
  ADD ("faults", test_faults);
  ADD ("seed", test_seed);

#undef ADD

  return g_test_run ();
}

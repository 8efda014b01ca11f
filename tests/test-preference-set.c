/* test-preference-set.c: the PreferenceSet model and its evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preference-set"

#include "config.h"

#include <string.h>

#include "prefs-evaluation.h"
#include "prefs-preference-set.h"

#define FIXTURE_DIR TEST_DATA_DIR "/preference-sets"

/* ---- helpers ---- */

static PrefsPreferenceSet *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set;

  set = prefs_preference_set_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static char *
read_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (FIXTURE_DIR, name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static PrefsPreferenceSet *
parse_fixture (const char *name)
{
  g_autofree char *contents = read_fixture (name);

  return parse_ok (contents);
}

/* Drops null members below the top level and the request-only key, so that
 * what the model writes can be compared with what the document said. */
static void
strip_nulls (JsonNode *node,
             gboolean  top)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *value = json_object_get_member (object, name);

          if (top && g_str_equal (name, "__persistence_strategy__"))
            json_object_remove_member (object, name);
          else if (JSON_NODE_HOLDS_NULL (value) && !top)
            json_object_remove_member (object, name);
          else
            strip_nulls (value, FALSE);
        }

      if (top)
        {
          const char *five[] = { "channel_types", "channels", "workflows", "categories",
                                 "commercial_subscribed" };

          for (guint i = 0; i < G_N_ELEMENTS (five); i++)
            if (!json_object_has_member (object, five[i]))
              json_object_set_null_member (object, five[i]);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        strip_nulls (json_array_get_element (array, i), FALSE);
    }
}

static void
expect_error (const char      *json,
              gssize           length,
              PrefsParseError  code,
              const char      *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;

  set = prefs_preference_set_new_from_data (json, length, &error);
  g_assert_null (set);
  g_assert_error (error, PREFS_PARSE_ERROR, (int) code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("expected \"%s\" in the message \"%s\"", fragment, error->message);
}

static char *
node_to_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(unset)");

  return prefs_json_to_string (node, FALSE);
}

static PrefsChange *
find_change (GPtrArray  *changes,
             const char *path)
{
  for (guint i = 0; i < changes->len; i++)
    {
      PrefsChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->path, path))
        return change;
    }

  return NULL;
}

static void
assert_change (GPtrArray  *changes,
               const char *path,
               const char *old_text,
               const char *new_text)
{
  PrefsChange *change = find_change (changes, path);
  g_autofree char *old_str = NULL;
  g_autofree char *new_str = NULL;

  if (change == NULL)
    g_error ("no change at %s", path);

  old_str = node_to_string (change->old_value);
  new_str = node_to_string (change->new_value);
  g_assert_cmpstr (old_str, ==, old_text);
  g_assert_cmpstr (new_str, ==, new_text);
}

/* ---- round trips ---- */

static void
test_round_trip (gconstpointer data)
{
  const char *name = data;
  g_autofree char *contents = read_fixture (name);
  g_autoptr(PrefsPreferenceSet) first = parse_ok (contents);
  g_autoptr(PrefsPreferenceSet) second = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *pretty = NULL;
  g_autoptr(PrefsPreferenceSet) from_pretty = NULL;

  text = prefs_preference_set_to_string (first, FALSE);
  second = parse_ok (text);
  g_assert_true (prefs_preference_set_equal (first, second));

  text_again = prefs_preference_set_to_string (second, FALSE);
  g_assert_cmpstr (text, ==, text_again);

  pretty = prefs_preference_set_to_string (first, TRUE);
  from_pretty = parse_ok (pretty);
  g_assert_true (prefs_preference_set_equal (first, from_pretty));

  /* Nothing the document said is lost on the way. */
  input = prefs_json_parse (contents, -1, &error);
  g_assert_no_error (error);
  strip_nulls (input, TRUE);
  output = prefs_preference_set_to_json (first);
  strip_nulls (output, TRUE);
  if (!prefs_json_equal (input, output))
    {
      g_autofree char *in_text = prefs_json_to_string (input, FALSE);
      g_autofree char *out_text = prefs_json_to_string (output, FALSE);

      g_error ("%s changed on the way:\n  in:  %s\n  out: %s", name, in_text, out_text);
    }
}

static void
test_seed_dinosaurs_loose (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse_fixture ("seed-set-preferences.json");
  const char *email[] = { "workflows", "dinosaurs-loose", "channel_types", "email", NULL };
  const char *feed[] = { "workflows", "dinosaurs-loose", "channel_types", "in_app_feed", NULL };
  const char *sms[] = { "workflows", "dinosaurs-loose", "channel_types", "sms", NULL };
  const char *top_sms[] = { "channel_types", "sms", NULL };
  PrefsSetting *setting;

  setting = prefs_preference_set_lookup (set, email);
  g_assert_nonnull (setting);
  g_assert_false (prefs_setting_get_bool (setting));
  setting = prefs_preference_set_lookup (set, feed);
  g_assert_nonnull (setting);
  g_assert_true (prefs_setting_get_bool (setting));
  setting = prefs_preference_set_lookup (set, sms);
  g_assert_nonnull (setting);
  g_assert_true (prefs_setting_get_bool (setting));
  setting = prefs_preference_set_lookup (set, top_sms);
  g_assert_nonnull (setting);
  g_assert_false (prefs_setting_get_bool (setting));
  g_assert_null (prefs_preference_set_get_id (set));
  g_assert_null (prefs_preference_set_get_categories (set));
}

static void
test_canonical_bytes (void)
{
  g_autoptr(PrefsPreferenceSet) a = parse_ok (
    "{\"workflows\":{\"b\":true,\"a\":false},\"id\":\"default\","
    "\"channel_types\":{\"sms\":true,\"email\":false}}");
  g_autoptr(PrefsPreferenceSet) b = parse_ok (
    "{\"channel_types\":{\"email\":false,\"sms\":true},\"id\":\"default\","
    "\"workflows\":{\"a\":false,\"b\":true}}");
  g_autofree char *text_a = prefs_preference_set_to_string (a, FALSE);
  g_autofree char *text_b = prefs_preference_set_to_string (b, FALSE);

  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpstr (text_a, ==,
                   "{\"categories\":null,\"channel_types\":{\"email\":false,\"sms\":true},"
                   "\"channels\":null,\"commercial_subscribed\":null,\"id\":\"default\","
                   "\"workflows\":{\"a\":false,\"b\":true}}");
}

static void
test_empty_set (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse_ok (
    "{\"id\":\"default\",\"channel_types\":null,\"channels\":null,\"workflows\":null,"
    "\"categories\":null,\"commercial_subscribed\":null}");
  g_autoptr(PrefsPreferenceSet) fresh = prefs_preference_set_new ("default");
  g_autoptr(PrefsPreferenceSet) with_true = parse_ok ("{\"channel_types\":{\"email\":true}}");

  g_assert_true (prefs_preference_set_is_empty (set));
  g_assert_true (prefs_preference_set_equal (set, fresh));
  g_assert_cmpstr (prefs_preference_set_get_id (set), ==, "default");
  g_assert_false (prefs_preference_set_is_empty (with_true));
}

static void
test_request_json (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse_fixture ("unknown-keys.json");
  g_autoptr(JsonNode) plain = prefs_preference_set_to_request_json (set, FALSE);
  g_autoptr(JsonNode) merge = prefs_preference_set_to_request_json (set, TRUE);
  g_autoptr(JsonNode) response = prefs_preference_set_to_json (set);
  JsonObject *object;

  object = json_node_get_object (plain);
  g_assert_false (json_object_has_member (object, "id"));
  g_assert_false (json_object_has_member (object, "__typename"));
  g_assert_false (json_object_has_member (object, "__persistence_strategy__"));
  g_assert_true (json_object_has_member (object, "future_member"));
  g_assert_true (json_object_has_member (object, "channels"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "channels")));

  object = json_node_get_object (merge);
  g_assert_cmpstr (json_object_get_string_member (object, "__persistence_strategy__"), ==,
                   "merge");
  g_assert_false (json_object_has_member (object, "id"));

  object = json_node_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "tenant-acme");
  g_assert_cmpstr (json_object_get_string_member (object, "__typename"), ==, "PreferenceSet");
}

static void
test_persistence_strategy_not_kept (void)
{
  g_autoptr(PrefsPreferenceSet) request = parse_fixture ("docs-merge-request.json");
  g_autoptr(PrefsPreferenceSet) plain = parse_fixture ("docs-merge-existing.json");
  g_autofree char *text = prefs_preference_set_to_string (request, FALSE);

  g_assert_null (strstr (text, "__persistence_strategy__"));
  g_assert_cmpuint (json_object_get_size (prefs_preference_set_get_extra (request)), ==, 0);
  g_assert_false (prefs_preference_set_equal (request, plain));
}

static void
test_strategy_and_nulls (void)
{
  g_autoptr(PrefsPreferenceSet) tenant = parse_fixture ("docs-tenant-default-replace.json");
  g_autoptr(PrefsPreferenceSet) types = parse_fixture ("docs-tenant-channel-types-replace.json");
  g_autoptr(PrefsPreferenceSet) object = parse_fixture ("spec-workflow-setting-object.json");
  const char *collab[] = { "categories", "collaboration", NULL };
  const char *wf[] = { "workflows", "dinosaurs-loose", NULL };
  PrefsSetting *setting;
  PrefsSettingMap *map;

  setting = prefs_preference_set_lookup (tenant, collab);
  g_assert_nonnull (setting);
  g_assert_cmpstr (prefs_setting_get_strategy (setting), ==, "replace");

  map = prefs_preference_set_get_channel_types (types);
  g_assert_nonnull (map);
  g_assert_cmpstr (prefs_setting_map_get_strategy (map), ==, "replace");
  g_assert_cmpuint (prefs_setting_map_get_size (map), ==, 2);

  setting = prefs_preference_set_lookup (object, wf);
  g_assert_nonnull (setting);
  g_assert_null (prefs_setting_get_conditions (setting));
  g_assert_nonnull (prefs_setting_get_channels (setting));
}

/* ---- malformed input ---- */

static void
test_malformed_types (void)
{
  expect_error ("[]", -1, PREFS_PARSE_ERROR_WRONG_TYPE, "preference set object");
  expect_error ("\"default\"", -1, PREFS_PARSE_ERROR_WRONG_TYPE, "preference set object");
  expect_error ("{\"channel_types\":\"email\"}", -1, PREFS_PARSE_ERROR_WRONG_TYPE,
                "channel_types: expected an object, got a string");
  expect_error ("{\"channels\":[true]}", -1, PREFS_PARSE_ERROR_WRONG_TYPE, "channels: ");
  expect_error ("{\"workflows\":{\"dinosaurs-loose\":3}}", -1, PREFS_PARSE_ERROR_WRONG_TYPE,
                "workflows.dinosaurs-loose: expected a boolean or an object");
  expect_error ("{\"categories\":{\"marketing\":\"off\"}}", -1, PREFS_PARSE_ERROR_WRONG_TYPE,
                "categories.marketing: ");
  expect_error ("{\"workflows\":{\"a\":{\"channel_types\":[]}}}", -1,
                PREFS_PARSE_ERROR_WRONG_TYPE, "workflows.a.channel_types: expected an object");
  expect_error ("{\"workflows\":{\"a\":{\"channels\":7}}}", -1,
                PREFS_PARSE_ERROR_WRONG_TYPE, "workflows.a.channels: ");
  expect_error ("{\"workflows\":{\"a\":{\"conditions\":{}}}}", -1,
                PREFS_PARSE_ERROR_WRONG_TYPE, "workflows.a.conditions: expected an array");
  expect_error ("{\"channel_types\":{\"sms\":{\"conditions\":null}}}", -1,
                PREFS_PARSE_ERROR_WRONG_TYPE, "channel_types.sms.conditions: ");
  expect_error ("{\"channel_types\":{\"sms\":{\"conditions\":[true]}}}", -1,
                PREFS_PARSE_ERROR_WRONG_TYPE,
                "channel_types.sms.conditions[0]: expected a condition");
  expect_error ("{\"channel_types\":{\"email\":1}}", -1, PREFS_PARSE_ERROR_WRONG_TYPE,
                "channel_types.email: expected a boolean or an object, got a number");
  expect_error ("{\"commercial_subscribed\":\"yes\"}", -1, PREFS_PARSE_ERROR_WRONG_TYPE,
                "commercial_subscribed: ");
  expect_error ("{\"commercial_subscribed\":{}}", -1, PREFS_PARSE_ERROR_MISSING_FIELD,
                "commercial_subscribed.conditions: ");
  expect_error ("{\"id\":5}", -1, PREFS_PARSE_ERROR_WRONG_TYPE, "id: expected a string");
  expect_error ("{\"id\":null}", -1, PREFS_PARSE_ERROR_WRONG_TYPE, "id: ");
  expect_error ("{\"id\":\"\"}", -1, PREFS_PARSE_ERROR_INVALID_VALUE, "id: ");
  expect_error ("{\"channel_types\":{\"email\":null}}", -1, PREFS_PARSE_ERROR_WRONG_TYPE,
                "channel_types.email: ");
}

static void
test_malformed_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;

  set = prefs_preference_set_new_from_data (
    "{\"workflows\":{\"dinosaurs-loose\":{\"channel_types\":{\"fax\":true}}}}", -1, &error);
  g_assert_null (set);
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE);
  g_assert_cmpstr (error->message, ==,
                   "workflows.dinosaurs-loose.channel_types.fax: unknown channel type");

  expect_error ("{\"channel_types\":{\"pigeon\":false}}", -1,
                PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE, "channel_types.pigeon: ");
  expect_error ("{\"channel_types\":{\"sms\":{\"conditions\":[{\"variable\":\"v\","
                "\"operator\":\"roughly\",\"argument\":\"x\"}]}}}", -1,
                PREFS_PARSE_ERROR_UNKNOWN_OPERATOR,
                "channel_types.sms.conditions[0].operator: unknown operator");
  expect_error ("{\"workflows\":{\"a\":{\"conditions\":[{\"operator\":\"exists\","
                "\"argument\":null}]}}}", -1, PREFS_PARSE_ERROR_MISSING_FIELD,
                "workflows.a.conditions[0].variable: ");
  expect_error ("{\"workflows\":{\"a\":{\"conditions\":[{\"variable\":\"v\","
                "\"argument\":null}]}}}", -1, PREFS_PARSE_ERROR_MISSING_FIELD,
                "workflows.a.conditions[0].operator: ");
  expect_error ("{\"workflows\":{\"a\":{\"conditions\":[{\"variable\":\"v\","
                "\"operator\":\"exists\"}]}}}", -1, PREFS_PARSE_ERROR_MISSING_FIELD,
                "workflows.a.conditions[0].argument: ");
  expect_error ("{\"workflows\":{\"a\":{\"conditions\":[{\"variable\":\"v\","
                "\"operator\":\"equal_to\",\"argument\":3}]}}}", -1,
                PREFS_PARSE_ERROR_WRONG_TYPE, "workflows.a.conditions[0].argument: ");
  expect_error ("{\"workflows\":{\"a\":{\"__strategy__\":\"overwrite\"}}}", -1,
                PREFS_PARSE_ERROR_INVALID_VALUE, "workflows.a.__strategy__: ");
  expect_error ("{\"workflows\":{\"a\":{\"__strategy__\":true}}}", -1,
                PREFS_PARSE_ERROR_WRONG_TYPE, "workflows.a.__strategy__: ");
  expect_error ("{\"channel_types\":{\"__strategy__\":\"sideways\"}}", -1,
                PREFS_PARSE_ERROR_INVALID_VALUE, "channel_types.__strategy__: ");
  expect_error ("{\"workflows\":{\"\":true}}", -1, PREFS_PARSE_ERROR_INVALID_VALUE,
                "workflows: empty keys");
  expect_error ("{\"\":true}", -1, PREFS_PARSE_ERROR_INVALID_VALUE, "empty keys");
  expect_error ("{\"__persistence_strategy__\":\"upsert\"}", -1,
                PREFS_PARSE_ERROR_INVALID_VALUE, "__persistence_strategy__: ");
}

static void
test_malformed_bounds (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"future\":");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_autofree char *big = NULL;
  gsize big_len = 10 * 1024 * 1024;
  JsonNode *node;

  /* Deep text is refused before json-glib sees it. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  expect_error (deep->str, -1, PREFS_PARSE_ERROR_TOO_DEEP, NULL);

  /* A tree built in memory is bounded too. */
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, json_object_new ());
  node = root;
  for (guint i = 0; i < PREFS_JSON_MAX_DEPTH + 8; i++)
    {
      JsonNode *child = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (child, json_object_new ());
      json_object_set_member (json_node_get_object (node), "future", child);
      node = child;
    }
  set = prefs_preference_set_new_from_json (root, &error);
  g_assert_null (set);
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_TOO_DEEP);

  /* 10 MB of otherwise valid JSON. */
  big = g_malloc (big_len + 1);
  memset (big, ' ', big_len);
  memcpy (big, "{\"x\":\"", 6);
  memset (big + 6, 'a', big_len - 8);
  memcpy (big + big_len - 2, "\"}", 2);
  big[big_len] = '\0';
  expect_error (big, (gssize) big_len, PREFS_PARSE_ERROR_TOO_LARGE, NULL);

  expect_error ("{\"workflows\":{\"caf\xc3\x28\":true}}", -1, PREFS_PARSE_ERROR_INVALID_UTF8,
                NULL);
  expect_error ("{\"workflows\":", -1, PREFS_PARSE_ERROR_INVALID_JSON, NULL);
}

static void
test_malformed_several (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPreferenceSet) set = NULL;
  g_auto(GStrv) lines = NULL;

  set = prefs_preference_set_new_from_data (
    "{\"channel_types\":{\"fax\":true,\"email\":\"yes\"},"
    "\"workflows\":{\"a\":3,\"b\":{\"conditions\":[{\"variable\":\"v\"}]}}}", -1, &error);
  g_assert_null (set);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PREFS_PARSE_ERROR);

  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_nonnull (strstr (error->message, "channel_types.fax: unknown channel type"));
  g_assert_nonnull (strstr (error->message, "channel_types.email: expected a boolean"));
  g_assert_nonnull (strstr (error->message, "workflows.a: expected a boolean"));
  g_assert_nonnull (strstr (error->message, "workflows.b.conditions[0].operator: "));
  g_assert_nonnull (strstr (error->message, "workflows.b.conditions[0].argument: "));
}

static void
test_problems_under_path (void)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  PrefsPreferenceSet *set;
  PrefsProblem *problem;

  node = prefs_json_parse ("{\"channel_types\":{\"fax\":true}}", -1, &error);
  g_assert_no_error (error);

  set = prefs_preference_set_new_from_json_full (node, "entries.0.preferences.default",
                                                 problems);
  g_assert_null (set);
  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 1);
  problem = g_ptr_array_index (prefs_problems_get_items (problems), 0);
  g_assert_cmpstr (problem->path, ==, "entries.0.preferences.default.channel_types.fax");
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE);
}

/* ---- conditions ---- */

static void
test_condition_basics (void)
{
  g_autoptr(PrefsCondition) a = prefs_condition_new ("recipient.country_code",
                                                     PREFS_OPERATOR_EQUAL_TO, "US");
  g_autoptr(PrefsCondition) b = prefs_condition_new ("recipient.country_code",
                                                     PREFS_OPERATOR_EQUAL_TO, "US");
  g_autoptr(PrefsCondition) c = prefs_condition_new ("recipient.phone",
                                                     PREFS_OPERATOR_EXISTS, NULL);
  g_autoptr(PrefsCondition) parsed = NULL;
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display_a = prefs_condition_to_display (a);
  g_autofree char *display_c = prefs_condition_to_display (c);
  g_autofree char *text = NULL;

  g_assert_cmpstr (display_a, ==, "recipient.country_code equal_to US");
  g_assert_cmpstr (display_c, ==, "recipient.phone exists");
  g_assert_true (prefs_condition_equal (a, b));
  g_assert_false (prefs_condition_equal (a, c));
  g_assert_null (prefs_condition_get_argument (c));

  node = prefs_condition_to_json (c);
  text = prefs_json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"argument\":null,\"operator\":\"exists\",\"variable\":\"recipient.phone\"}");

  /* Every operator of the spec reads back. */
  for (guint op = 0; op < PREFS_N_OPERATORS; op++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"variable\":\"v\",\"operator\":\"%s\",\"argument\":\"1\"}",
        prefs_operator_to_string (op));
      g_autoptr(JsonNode) cond_node = prefs_json_parse (json, -1, &error);
      g_autoptr(PrefsCondition) cond = NULL;

      g_assert_no_error (error);
      cond = prefs_condition_from_json (cond_node, "c", problems);
      g_assert_nonnull (cond);
      g_assert_cmpint (prefs_condition_get_operator (cond), ==, op);
    }
  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 0);

  g_clear_pointer (&node, json_node_unref);
  node = prefs_json_parse ("{\"variable\":\"v\",\"operator\":\"exists\",\"argument\":null,"
                           "\"x-extra\":[1]}", -1, &error);
  g_assert_no_error (error);
  parsed = prefs_condition_from_json (node, "c", problems);
  g_assert_nonnull (parsed);
  g_assert_false (prefs_condition_equal (parsed, c));
}

/* ---- equal and copy ---- */

static void
test_equal (void)
{
  g_autoptr(PrefsPreferenceSet) a = parse_fixture ("unknown-keys.json");
  g_autoptr(PrefsPreferenceSet) b = parse_fixture ("unknown-keys.json");
  g_autoptr(PrefsPreferenceSet) other_extra = NULL;
  g_autoptr(PrefsPreferenceSet) other_cond = NULL;
  g_autoptr(PrefsPreferenceSet) other_id = NULL;
  g_autofree char *contents = read_fixture ("unknown-keys.json");
  g_autoptr(GString) edited = NULL;

  g_assert_true (prefs_preference_set_equal (a, b));
  g_assert_true (prefs_preference_set_equal (NULL, NULL));
  g_assert_false (prefs_preference_set_equal (a, NULL));

  edited = g_string_new (contents);
  g_string_replace (edited, "\"kept\"", "\"changed\"", 1);
  other_extra = parse_ok (edited->str);
  g_assert_false (prefs_preference_set_equal (a, other_extra));

  g_string_assign (edited, contents);
  g_string_replace (edited, "\"pro\"", "\"free\"", 1);
  other_cond = parse_ok (edited->str);
  g_assert_false (prefs_preference_set_equal (a, other_cond));

  g_string_assign (edited, contents);
  g_string_replace (edited, "tenant-acme", "default", 1);
  other_id = parse_ok (edited->str);
  g_assert_false (prefs_preference_set_equal (a, other_id));
}

static void
test_copy_independent (void)
{
  g_autoptr(PrefsPreferenceSet) original = parse_fixture ("docs-overview-preference-grid.json");
  g_autoptr(PrefsPreferenceSet) copy = prefs_preference_set_copy (original);
  g_autofree char *before = prefs_preference_set_to_string (original, FALSE);
  g_autofree char *after = NULL;
  g_autoptr(PrefsSetting) off = prefs_setting_new_bool (PREFS_SCOPE_CHANNEL_TYPE, FALSE);
  g_autoptr(GError) error = NULL;
  const char *path[] = { "categories", "collaboration", "channel_types", "in_app_feed", NULL };
  const char *wf_path[] = { "workflows", "invoice-issued", NULL };
  PrefsSetting *setting;

  g_assert_true (prefs_preference_set_equal (original, copy));

  g_assert_true (prefs_preference_set_replace (copy, path, off, &error));
  g_assert_no_error (error);

  setting = prefs_preference_set_lookup (copy, wf_path);
  prefs_setting_set_strategy (setting, "replace");
  prefs_setting_map_remove (prefs_setting_get_channels (setting),
                            "6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  after = prefs_preference_set_to_string (original, FALSE);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (prefs_preference_set_equal (original, copy));
}

/* ---- path access ---- */

static void
count_changed (PrefsPreferenceSet *set,
               guint              *count)
{
  (*count)++;
}

static void
test_path_lookup (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse_fixture ("spec-preference-set-request.json");
  const char *sms[] = { "channel_types", "sms", NULL };
  const char *email[] = { "channel_types", "email", NULL };
  const char *channel[] = { "channels", "2f641633-95d3-4555-9222-9f1eb7888a80", NULL };
  const char *commercial[] = { "commercial_subscribed", NULL };
  const char *marketing[] = { "categories", "marketing", NULL };
  const char *marketing_email[] = { "categories", "marketing", "channel_types", "email", NULL };
  const char *transactional_email[] = { "categories", "transactional", "channel_types", "email",
                                        NULL };
  const char *bad_type[] = { "channel_types", "fax", NULL };
  const char *bad_top[] = { "settings", "x", NULL };
  const char *too_long[] = { "workflows", "dinosaurs-loose", "channel_types", "email", "x",
                             NULL };
  const char *bad_sub[] = { "workflows", "dinosaurs-loose", "conditions", "0", NULL };
  const char *empty[] = { NULL };
  PrefsSetting *setting;

  g_assert_null (prefs_preference_set_lookup (set, sms));
  setting = prefs_preference_set_lookup (set, email);
  g_assert_nonnull (setting);
  g_assert_cmpint (prefs_setting_get_scope (setting), ==, PREFS_SCOPE_CHANNEL_TYPE);
  setting = prefs_preference_set_lookup (set, channel);
  g_assert_nonnull (setting);
  g_assert_cmpint (prefs_setting_get_kind (setting), ==, PREFS_SETTING_OBJECT);
  g_assert_cmpuint (prefs_setting_get_conditions (setting)->len, ==, 1);
  setting = prefs_preference_set_lookup (set, commercial);
  g_assert_nonnull (setting);
  g_assert_true (prefs_setting_get_bool (setting));
  setting = prefs_preference_set_lookup (set, marketing);
  g_assert_nonnull (setting);
  g_assert_false (prefs_setting_get_bool (setting));
  g_assert_null (prefs_preference_set_lookup (set, marketing_email));
  setting = prefs_preference_set_lookup (set, transactional_email);
  g_assert_nonnull (setting);
  g_assert_false (prefs_setting_get_bool (setting));

  g_assert_null (prefs_preference_set_lookup (set, bad_type));
  g_assert_null (prefs_preference_set_lookup (set, bad_top));
  g_assert_null (prefs_preference_set_lookup (set, too_long));
  g_assert_null (prefs_preference_set_lookup (set, bad_sub));
  g_assert_null (prefs_preference_set_lookup (set, empty));
}

static void
test_path_replace (void)
{
  g_autoptr(PrefsPreferenceSet) set = prefs_preference_set_new ("default");
  g_autoptr(PrefsSetting) on = prefs_setting_new_bool (PREFS_SCOPE_CHANNEL_TYPE, TRUE);
  g_autoptr(PrefsSetting) channel_off = prefs_setting_new_bool (PREFS_SCOPE_CHANNEL, FALSE);
  g_autoptr(PrefsSetting) wf_off = prefs_setting_new_bool (PREFS_SCOPE_WORKFLOW, FALSE);
  g_autoptr(PrefsSetting) commercial = prefs_setting_new_bool (PREFS_SCOPE_COMMERCIAL, FALSE);
  g_autoptr(GError) error = NULL;
  const char *nested[] = { "workflows", "dinosaurs-loose", "channel_types", "sms", NULL };
  const char *nested_channel[] = { "categories", "alerts", "channels", "chan-1", NULL };
  const char *wf[] = { "workflows", "dinosaurs-loose", NULL };
  const char *wf_email[] = { "workflows", "dinosaurs-loose", "channel_types", "email", NULL };
  const char *commercial_path[] = { "commercial_subscribed", NULL };
  const char *bad_type[] = { "channel_types", "fax", NULL };
  const char *bad_top[] = { "preferences", NULL };
  g_autofree char *text = NULL;
  guint changed = 0;

  g_signal_connect (set, "changed", G_CALLBACK (count_changed), &changed);

  /* Maps and the workflow object are created on the way. */
  g_assert_true (prefs_preference_set_replace (set, nested, on, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (prefs_preference_set_lookup (set, nested) == on);
  g_assert_true (prefs_preference_set_replace (set, nested_channel, channel_off, &error));
  g_assert_true (prefs_preference_set_replace (set, commercial_path, commercial, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);

  text = prefs_preference_set_to_string (set, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"categories\":{\"alerts\":{\"channels\":{\"chan-1\":false}}},"
                   "\"channel_types\":null,\"channels\":null,\"commercial_subscribed\":false,"
                   "\"id\":\"default\","
                   "\"workflows\":{\"dinosaurs-loose\":{\"channel_types\":{\"sms\":true}}}}");

  /* A scope mismatch, an invalid path. */
  g_assert_false (prefs_preference_set_replace (set, nested, channel_off, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (prefs_preference_set_replace (set, bad_type, on, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "channel_types.fax"));
  g_clear_error (&error);
  g_assert_false (prefs_preference_set_replace (set, bad_top, NULL, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 3);

  /* A bool parent cannot hold channel settings. */
  g_assert_true (prefs_preference_set_replace (set, wf, wf_off, &error));
  g_assert_cmpuint (changed, ==, 4);
  g_assert_false (prefs_preference_set_replace (set, wf_email, on, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "workflows.dinosaurs-loose"));
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_null (prefs_preference_set_lookup (set, wf_email));

  /* Removal. */
  g_assert_true (prefs_preference_set_replace (set, wf, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (prefs_preference_set_lookup (set, wf));
  g_assert_true (prefs_preference_set_replace (set, commercial_path, NULL, &error));
  g_assert_null (prefs_preference_set_get_commercial_subscribed (set));
  g_assert_cmpuint (changed, ==, 6);

  /* Setters emit too. */
  prefs_preference_set_set_channels (set, NULL);
  prefs_preference_set_set_id (set, "tenant-1");
  prefs_preference_set_set_id (set, "tenant-1");
  g_assert_cmpuint (changed, ==, 8);
}

static void
test_unknown_kept_after_edit (void)
{
  g_autoptr(PrefsPreferenceSet) set = parse_fixture ("unknown-keys.json");
  g_autoptr(PrefsSetting) on = prefs_setting_new_bool (PREFS_SCOPE_CHANNEL_TYPE, TRUE);
  g_autoptr(PrefsSetting) channel_on = prefs_setting_new_bool (PREFS_SCOPE_CHANNEL, TRUE);
  g_autoptr(GError) error = NULL;
  const char *wf_email[] = { "workflows", "dinosaurs-loose", "channel_types", "email", NULL };
  const char *top_channel[] = { "channels", "c-1", NULL };
  g_autofree char *text = NULL;
  g_autoptr(PrefsPreferenceSet) again = NULL;

  g_assert_true (prefs_preference_set_replace (set, wf_email, on, &error));
  g_assert_true (prefs_preference_set_replace (set, top_channel, channel_on, &error));
  g_assert_no_error (error);

  text = prefs_preference_set_to_string (set, FALSE);
  g_assert_nonnull (strstr (text, "\"__typename\":\"PreferenceSet\""));
  g_assert_nonnull (strstr (text, "\"__typename\":\"PreferenceSetChannelTypes\""));
  g_assert_nonnull (strstr (text, "\"future_member\":{\"nested\":[1,2,{\"deep\":true}]}"));
  g_assert_nonnull (strstr (text, "\"labels\":[\"a\",\"b\"]"));
  g_assert_nonnull (strstr (text, "\"note\":\"kept\""));
  g_assert_nonnull (strstr (text, "\"priority\":3"));
  g_assert_nonnull (strstr (text, "\"__strategy__\":\"merge\""));
  g_assert_nonnull (strstr (text, "\"email\":true,\"sms\":false"));

  again = parse_ok (text);
  g_assert_true (prefs_preference_set_equal (set, again));
}

/* ---- merge ---- */

static void
assert_merge (const char *base_json,
              const char *patch_json,
              const char *expected_json)
{
  g_autoptr(PrefsPreferenceSet) base = parse_ok (base_json);
  g_autoptr(PrefsPreferenceSet) patch = parse_ok (patch_json);
  g_autoptr(PrefsPreferenceSet) expected = parse_ok (expected_json);
  g_autoptr(PrefsPreferenceSet) merged = prefs_preference_set_merge (base, patch);
  g_autofree char *base_before = prefs_preference_set_to_string (base, FALSE);
  g_autofree char *base_after = NULL;

  if (!prefs_preference_set_equal (merged, expected))
    {
      g_autofree char *got = prefs_preference_set_to_string (merged, FALSE);
      g_autofree char *want = prefs_preference_set_to_string (expected, FALSE);

      g_error ("merge gave\n  %s\nexpected\n  %s", got, want);
    }

  base_after = prefs_preference_set_to_string (base, FALSE);
  g_assert_cmpstr (base_before, ==, base_after);
}

static void
test_merge_docs (void)
{
  g_autofree char *existing = read_fixture ("docs-merge-existing.json");
  g_autofree char *request = read_fixture ("docs-merge-request.json");
  g_autofree char *result = read_fixture ("docs-merge-result.json");

  assert_merge (existing, request, result);
}

static void
test_merge_cases (void)
{
  /* Nested workflow channel_types merge key by key. */
  assert_merge ("{\"workflows\":{\"a\":{\"channel_types\":{\"email\":true,\"sms\":true},"
                "\"channels\":{\"c1\":true}},\"b\":false}}",
                "{\"workflows\":{\"a\":{\"channel_types\":{\"sms\":false,\"push\":true},"
                "\"channels\":{\"c2\":false}}}}",
                "{\"workflows\":{\"a\":{\"channel_types\":{\"email\":true,\"sms\":false,"
                "\"push\":true},\"channels\":{\"c1\":true,\"c2\":false}},\"b\":false}}");

  /* A bool replaces an object. */
  assert_merge ("{\"workflows\":{\"a\":{\"channel_types\":{\"email\":true}}}}",
                "{\"workflows\":{\"a\":false}}",
                "{\"workflows\":{\"a\":false}}");

  /* An object replaces a bool. */
  assert_merge ("{\"categories\":{\"c\":false}}",
                "{\"categories\":{\"c\":{\"channel_types\":{\"email\":true}}}}",
                "{\"categories\":{\"c\":{\"channel_types\":{\"email\":true}}}}");

  /* "__strategy__": "replace" replaces the whole object. */
  assert_merge ("{\"categories\":{\"c\":{\"channel_types\":{\"email\":true,\"sms\":true}}}}",
                "{\"categories\":{\"c\":{\"__strategy__\":\"replace\","
                "\"channel_types\":{\"email\":false}}}}",
                "{\"categories\":{\"c\":{\"__strategy__\":\"replace\","
                "\"channel_types\":{\"email\":false}}}}");
  assert_merge ("{\"channel_types\":{\"email\":true,\"sms\":true}}",
                "{\"channel_types\":{\"__strategy__\":\"replace\",\"email\":false}}",
                "{\"channel_types\":{\"__strategy__\":\"replace\",\"email\":false}}");

  /* Conditions replace; the rest of the object stays. */
  assert_merge ("{\"workflows\":{\"a\":{\"channel_types\":{\"email\":true},\"conditions\":"
                "[{\"variable\":\"v\",\"operator\":\"exists\",\"argument\":null}]}}}",
                "{\"workflows\":{\"a\":{\"conditions\":[{\"variable\":\"w\","
                "\"operator\":\"equal_to\",\"argument\":\"1\"}]}}}",
                "{\"workflows\":{\"a\":{\"channel_types\":{\"email\":true},\"conditions\":"
                "[{\"variable\":\"w\",\"operator\":\"equal_to\",\"argument\":\"1\"}]}}}");

  /* A conditions object replaces a bool channel type and vice versa. */
  assert_merge ("{\"channel_types\":{\"sms\":{\"conditions\":[{\"variable\":\"v\","
                "\"operator\":\"exists\",\"argument\":null}]}}}",
                "{\"channel_types\":{\"sms\":true}}",
                "{\"channel_types\":{\"sms\":true}}");

  /* Null maps: an unset member of the patch keeps the base; an unset base
   * takes the patch. */
  assert_merge ("{\"workflows\":{\"a\":true},\"channel_types\":null}",
                "{\"workflows\":null,\"channel_types\":{\"email\":false},"
                "\"commercial_subscribed\":false}",
                "{\"workflows\":{\"a\":true},\"channel_types\":{\"email\":false},"
                "\"commercial_subscribed\":false}");

  /* The base's id stays; unknown members merge. */
  assert_merge ("{\"id\":\"default\",\"__typename\":\"PreferenceSet\",\"x\":1}",
                "{\"id\":\"other\",\"x\":2,\"y\":3}",
                "{\"id\":\"default\",\"__typename\":\"PreferenceSet\",\"x\":2,\"y\":3}");
}

/* ---- diff ---- */

static GPtrArray *
diff_json (const char *old_json,
           const char *new_json)
{
  g_autoptr(PrefsPreferenceSet) old_set = parse_ok (old_json);
  g_autoptr(PrefsPreferenceSet) new_set = parse_ok (new_json);

  return prefs_preference_set_diff (old_set, new_set);
}

static void
test_diff (void)
{
  g_autoptr(PrefsPreferenceSet) a = parse_fixture ("docs-overview-preference-grid.json");
  g_autoptr(PrefsPreferenceSet) b = parse_fixture ("docs-overview-preference-grid.json");
  g_autoptr(GPtrArray) changes = prefs_preference_set_diff (a, b);

  g_assert_cmpuint (changes->len, ==, 0);
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* One leaf inside two objects. */
  changes = diff_json ("{\"workflows\":{\"dinosaurs-loose\":{\"channel_types\":"
                       "{\"email\":true,\"sms\":true}}}}",
                       "{\"workflows\":{\"dinosaurs-loose\":{\"channel_types\":"
                       "{\"email\":false,\"sms\":true}}}}");
  g_assert_cmpuint (changes->len, ==, 1);
  assert_change (changes, "workflows.dinosaurs-loose.channel_types.email", "true", "false");
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* A whole workflow changing form is one change. */
  changes = diff_json ("{\"workflows\":{\"a\":true}}",
                       "{\"workflows\":{\"a\":{\"channel_types\":{\"email\":false}}}}");
  g_assert_cmpuint (changes->len, ==, 1);
  assert_change (changes, "workflows.a", "true", "{\"channel_types\":{\"email\":false}}");
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* Added and removed keys, sorted by path. */
  changes = diff_json ("{\"channel_types\":{\"email\":true},\"workflows\":{\"gone\":false},"
                       "\"commercial_subscribed\":true,\"__typename\":\"PreferenceSet\"}",
                       "{\"channel_types\":{\"email\":true,\"sms\":false},"
                       "\"categories\":{\"new\":true}}");
  g_assert_cmpuint (changes->len, ==, 5);
  assert_change (changes, "channel_types.sms", "(unset)", "false");
  assert_change (changes, "workflows.gone", "false", "(unset)");
  assert_change (changes, "categories.new", "(unset)", "true");
  assert_change (changes, "commercial_subscribed", "true", "(unset)");
  assert_change (changes, "__typename", "\"PreferenceSet\"", "(unset)");
  for (guint i = 1; i < changes->len; i++)
    {
      PrefsChange *prev = g_ptr_array_index (changes, i - 1);
      PrefsChange *cur = g_ptr_array_index (changes, i);

      g_assert_cmpint (strcmp (prev->path, cur->path), <, 0);
    }
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* Conditions changed: a workflow's are one leaf, a channel type's are
   * its entry. */
  changes = diff_json ("{\"workflows\":{\"a\":{\"channel_types\":{\"email\":true},"
                       "\"conditions\":[{\"variable\":\"v\",\"operator\":\"exists\","
                       "\"argument\":null}]}},\"channel_types\":{\"sms\":{\"conditions\":"
                       "[{\"variable\":\"c\",\"operator\":\"equal_to\",\"argument\":\"US\"}]}}}",
                       "{\"workflows\":{\"a\":{\"channel_types\":{\"email\":true},"
                       "\"conditions\":[{\"variable\":\"v\",\"operator\":\"not_exists\","
                       "\"argument\":null}]}},\"channel_types\":{\"sms\":{\"conditions\":"
                       "[{\"variable\":\"c\",\"operator\":\"equal_to\",\"argument\":\"CA\"}]}}}");
  g_assert_cmpuint (changes->len, ==, 2);
  assert_change (changes, "workflows.a.conditions",
                 "[{\"argument\":null,\"operator\":\"exists\",\"variable\":\"v\"}]",
                 "[{\"argument\":null,\"operator\":\"not_exists\",\"variable\":\"v\"}]");
  assert_change (changes, "channel_types.sms",
                 "{\"conditions\":[{\"argument\":\"US\",\"operator\":\"equal_to\","
                 "\"variable\":\"c\"}]}",
                 "{\"conditions\":[{\"argument\":\"CA\",\"operator\":\"equal_to\","
                 "\"variable\":\"c\"}]}");
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* Strategy and unknown members inside a workflow. */
  changes = diff_json ("{\"workflows\":{\"a\":{\"labels\":[1]}}}",
                       "{\"workflows\":{\"a\":{\"__strategy__\":\"replace\",\"labels\":[2]}}}");
  g_assert_cmpuint (changes->len, ==, 2);
  assert_change (changes, "workflows.a.__strategy__", "(unset)", "\"replace\"");
  assert_change (changes, "workflows.a.labels", "[1]", "[2]");
}

/* ---- evaluation ---- */

static void
assert_evaluation (PrefsPreferenceSet *user,
                   PrefsPreferenceSet *tenant,
                   PrefsPreferenceSet *environment,
                   const char         *workflow,
                   const char * const *categories,
                   PrefsChannelType    type,
                   const char         *channel_id,
                   PrefsVerdict        verdict,
                   PrefsLayer          layer,
                   const char         *path)
{
  PrefsEvaluation evaluation = { 0, };

  prefs_evaluate (user, tenant, environment, workflow, categories, type, channel_id,
                  &evaluation);
  g_assert_cmpint (evaluation.verdict, ==, verdict);
  g_assert_cmpstr (prefs_layer_to_string (evaluation.layer), ==, prefs_layer_to_string (layer));
  g_assert_cmpstr (evaluation.path, ==, path);
  prefs_evaluation_clear (&evaluation);
  g_assert_null (evaluation.path);
}

static void
test_evaluate_unset (void)
{
  g_autoptr(PrefsPreferenceSet) user = prefs_preference_set_new ("default");

  assert_evaluation (user, NULL, NULL, "dinosaurs-loose", NULL, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_SEND, PREFS_LAYER_NONE, NULL);
  assert_evaluation (NULL, NULL, NULL, "dinosaurs-loose", NULL, PREFS_CHANNEL_TYPE_SMS, "c-1",
                     PREFS_VERDICT_SEND, PREFS_LAYER_NONE, NULL);
}

static void
test_evaluate_layers (void)
{
  g_autoptr(PrefsPreferenceSet) user_off = parse_ok ("{\"workflows\":{\"a\":false}}");
  g_autoptr(PrefsPreferenceSet) user_email_on = parse_ok ("{\"channel_types\":{\"email\":true}}");
  g_autoptr(PrefsPreferenceSet) tenant = parse_ok (
    "{\"channel_types\":{\"email\":false},\"workflows\":{\"a\":true}}");
  g_autoptr(PrefsPreferenceSet) environment = parse_ok (
    "{\"channel_types\":{\"email\":true,\"sms\":false},\"workflows\":{\"a\":true}}");
  g_autoptr(PrefsPreferenceSet) empty = prefs_preference_set_new ("default");

  /* The user's false blocks whatever the defaults say. */
  assert_evaluation (user_off, tenant, environment, "a", NULL, PREFS_CHANNEL_TYPE_PUSH, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_USER, "workflows.a");

  /* The tenant default is used when the user sets nothing. */
  assert_evaluation (empty, tenant, environment, "b", NULL, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_TENANT, "channel_types.email");

  /* The environment default comes last. */
  assert_evaluation (empty, tenant, environment, "b", NULL, PREFS_CHANNEL_TYPE_SMS, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_ENVIRONMENT, "channel_types.sms");
  assert_evaluation (NULL, NULL, environment, "b", NULL, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_SEND, PREFS_LAYER_ENVIRONMENT, "channel_types.email");

  /* The user beats the tenant. */
  assert_evaluation (user_email_on, tenant, environment, "b", NULL, PREFS_CHANNEL_TYPE_EMAIL,
                     NULL, PREFS_VERDICT_SEND, PREFS_LAYER_USER, "channel_types.email");

  /* The most specific true entry decides a send. */
  assert_evaluation (user_email_on, tenant, NULL, "a", NULL, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_SEND, PREFS_LAYER_TENANT, "workflows.a");
}

static void
test_evaluate_channel_beats_type (void)
{
  g_autoptr(PrefsPreferenceSet) user = parse_fixture ("docs-channel-beats-channel-type.json");
  g_autoptr(PrefsPreferenceSet) nested = parse_ok (
    "{\"workflows\":{\"a\":{\"channel_types\":{\"chat\":true},"
    "\"channels\":{\"slack-1\":false}}}}");

  assert_evaluation (user, NULL, NULL, "a", NULL, PREFS_CHANNEL_TYPE_EMAIL,
                     "550e8400-e29b-41d4-a716-446655440000",
                     PREFS_VERDICT_SEND, PREFS_LAYER_USER,
                     "channels.550e8400-e29b-41d4-a716-446655440000");
  assert_evaluation (user, NULL, NULL, "a", NULL, PREFS_CHANNEL_TYPE_EMAIL, "other-channel",
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_USER, "channel_types.email");
  assert_evaluation (user, NULL, NULL, "a", NULL, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_USER, "channel_types.email");

  assert_evaluation (nested, NULL, NULL, "a", NULL, PREFS_CHANNEL_TYPE_CHAT, "slack-1",
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_USER, "workflows.a.channels.slack-1");
  assert_evaluation (nested, NULL, NULL, "a", NULL, PREFS_CHANNEL_TYPE_CHAT, "slack-2",
                     PREFS_VERDICT_SEND, PREFS_LAYER_USER, "workflows.a.channel_types.chat");
}

static void
test_evaluate_category_blocks (void)
{
  g_autoptr(PrefsPreferenceSet) user = parse_ok (
    "{\"categories\":{\"marketing\":false},"
    "\"workflows\":{\"promo\":{\"channel_types\":{\"email\":true}}}}");
  g_autoptr(PrefsPreferenceSet) tenant = parse_ok (
    "{\"categories\":{\"digest\":{\"channel_types\":{\"email\":false}}}}");
  const char *marketing[] = { "product", "marketing", NULL };
  const char *product[] = { "product", NULL };
  const char *digest[] = { "digest", NULL };

  assert_evaluation (user, NULL, NULL, "promo", marketing, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_USER, "categories.marketing");
  assert_evaluation (user, NULL, NULL, "promo", product, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_SEND, PREFS_LAYER_USER, "workflows.promo.channel_types.email");
  assert_evaluation (user, tenant, NULL, "promo", digest, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_TENANT,
                     "categories.digest.channel_types.email");
}

static void
test_evaluate_conditional (void)
{
  g_autoptr(PrefsPreferenceSet) user = parse_fixture ("spec-preference-set.json");
  g_autoptr(PrefsPreferenceSet) wf = parse_fixture ("docs-preference-conditions.json");
  const char *transactional[] = { "transactional", NULL };

  assert_evaluation (user, NULL, NULL, "any", NULL, PREFS_CHANNEL_TYPE_SMS, NULL,
                     PREFS_VERDICT_CONDITIONAL, PREFS_LAYER_USER, "channel_types.sms");
  assert_evaluation (user, NULL, NULL, "any", transactional, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_USER,
                     "categories.transactional.channel_types.email");
  assert_evaluation (user, NULL, NULL, "any", transactional, PREFS_CHANNEL_TYPE_SMS, NULL,
                     PREFS_VERDICT_CONDITIONAL, PREFS_LAYER_USER, "channel_types.sms");
  /* A false entry beats a conditional one checked before it. */
  assert_evaluation (wf, user, NULL, "dinosaurs-loose", transactional, PREFS_CHANNEL_TYPE_PUSH,
                     NULL, PREFS_VERDICT_BLOCKED, PREFS_LAYER_TENANT, "channel_types.push");
  assert_evaluation (wf, NULL, NULL, "dinosaurs-loose", NULL, PREFS_CHANNEL_TYPE_PUSH, NULL,
                     PREFS_VERDICT_CONDITIONAL, PREFS_LAYER_USER, "workflows.dinosaurs-loose");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_evaluate_replace_strategy (void)
{
  g_autoptr(PrefsPreferenceSet) user = parse_fixture ("docs-tenant-user-set.json");
  g_autoptr(PrefsPreferenceSet) tenant = parse_fixture ("docs-tenant-default-replace.json");
  g_autoptr(PrefsPreferenceSet) user_types = parse_ok ("{\"channel_types\":{\"email\":true}}");
  g_autoptr(PrefsPreferenceSet) tenant_types =
    parse_fixture ("docs-tenant-channel-types-replace.json");
  const char *collaboration[] = { "collaboration", NULL };
  const char *updates[] = { "project-updates", NULL };

  /* The tenant's replace overrides the user's opt-in... */
  assert_evaluation (user, tenant, NULL, "new-comment", collaboration, PREFS_CHANNEL_TYPE_EMAIL,
                     NULL, PREFS_VERDICT_BLOCKED, PREFS_LAYER_TENANT,
                     "categories.collaboration.channel_types.email");
  /* ...but only where it is set. */
  assert_evaluation (user, tenant, NULL, "new-comment", updates, PREFS_CHANNEL_TYPE_EMAIL,
                     NULL, PREFS_VERDICT_SEND, PREFS_LAYER_USER,
                     "categories.project-updates.channel_types.email");

  /* A replacing map overrides the user's entry of the same map. */
  assert_evaluation (user_types, tenant_types, NULL, "a", NULL, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_BLOCKED, PREFS_LAYER_TENANT, "channel_types.email");
  assert_evaluation (user_types, NULL, tenant_types, "a", NULL, PREFS_CHANNEL_TYPE_SMS, NULL,
                     PREFS_VERDICT_SEND, PREFS_LAYER_ENVIRONMENT, "channel_types.sms");
  assert_evaluation (user_types, NULL, NULL, "a", NULL, PREFS_CHANNEL_TYPE_EMAIL, NULL,
                     PREFS_VERDICT_SEND, PREFS_LAYER_USER, "channel_types.email");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_open (FIXTURE_DIR, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (file, strlen (file) - strlen (".json"));
      g_autofree char *test_path = g_strconcat ("/core/preference-set/round-trip/", stem, NULL);

      g_test_add_data_func (test_path, file, test_round_trip);
    }

  g_test_add_func ("/core/preference-set/seed-dinosaurs-loose", test_seed_dinosaurs_loose);
  g_test_add_func ("/core/preference-set/canonical-bytes", test_canonical_bytes);
  g_test_add_func ("/core/preference-set/empty", test_empty_set);
  g_test_add_func ("/core/preference-set/request-json", test_request_json);
  g_test_add_func ("/core/preference-set/persistence-strategy-not-kept",
                   test_persistence_strategy_not_kept);
  g_test_add_func ("/core/preference-set/strategy-and-nulls", test_strategy_and_nulls);
  g_test_add_func ("/core/preference-set/malformed/types", test_malformed_types);
  g_test_add_func ("/core/preference-set/malformed/values", test_malformed_values);
  g_test_add_func ("/core/preference-set/malformed/bounds", test_malformed_bounds);
  g_test_add_func ("/core/preference-set/malformed/several", test_malformed_several);
  g_test_add_func ("/core/preference-set/malformed/under-path", test_problems_under_path);
  g_test_add_func ("/core/preference-set/condition", test_condition_basics);
  g_test_add_func ("/core/preference-set/equal", test_equal);
  g_test_add_func ("/core/preference-set/copy-independent", test_copy_independent);
  g_test_add_func ("/core/preference-set/path/lookup", test_path_lookup);
  g_test_add_func ("/core/preference-set/path/replace", test_path_replace);
  g_test_add_func ("/core/preference-set/path/unknown-kept", test_unknown_kept_after_edit);
  g_test_add_func ("/core/preference-set/merge/docs", test_merge_docs);
  g_test_add_func ("/core/preference-set/merge/cases", test_merge_cases);
  g_test_add_func ("/core/preference-set/diff", test_diff);
  g_test_add_func ("/core/preference-set/evaluate/unset", test_evaluate_unset);
  g_test_add_func ("/core/preference-set/evaluate/layers", test_evaluate_layers);
  g_test_add_func ("/core/preference-set/evaluate/channel-beats-type",
                   test_evaluate_channel_beats_type);
  g_test_add_func ("/core/preference-set/evaluate/category-blocks",
                   test_evaluate_category_blocks);
  g_test_add_func ("/core/preference-set/evaluate/replace-strategy",
                   test_evaluate_replace_strategy);
  g_test_add_func ("/core/preference-set/evaluate/conditional", test_evaluate_conditional);

  return g_test_run ();
}

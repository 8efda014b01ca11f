/* test-models.c: User, PageInfo and BulkOperation as the API sends them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-models"

#include "config.h"

#include <string.h>

#include "prefs-bulk-operation.h"
#include "prefs-json.h"
#include "prefs-page-info.h"
#include "prefs-user.h"

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = prefs_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "models", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  JsonNode *node;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  node = prefs_json_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static void
assert_json_equal (JsonNode *actual,
                   JsonNode *expected)
{
  if (!prefs_json_equal (actual, expected))
    {
      g_autofree char *a = prefs_json_to_string (actual, TRUE);
      g_autofree char *e = prefs_json_to_string (expected, TRUE);

      g_assert_cmpstr (a, ==, e);
    }
}

/* Checks that to_json gives keys in order at the top level, as promised to
 * callers that hand the node to JsonGenerator. */
static void
assert_members_sorted (JsonNode *node)
{
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

  for (GList *l = members; l != NULL && l->next != NULL; l = l->next)
    g_assert_cmpint (strcmp (l->data, l->next->data), <, 0);
}

/* Problems for a document, collected under @path. */
static PrefsProblems *
collect (gpointer   (*parse) (JsonNode *, const char *, PrefsProblems *),
         const char  *text,
         const char  *path)
{
  g_autoptr(JsonNode) node = parse_text (text);
  PrefsProblems *problems = prefs_problems_new ();
  gpointer result = parse (node, path, problems);

  /* A model comes back only when nothing was wrong. */
  if (prefs_problems_get_count (problems) > 0)
    g_assert_null (result);
  g_clear_object (&result);

  return problems;
}

static PrefsProblem *
problem_at (PrefsProblems *problems,
            guint          index)
{
  g_assert_cmpuint (index, <, prefs_problems_get_count (problems));

  return g_ptr_array_index (prefs_problems_get_items (problems), index);
}

static const PrefsProblem *
find_problem (PrefsProblems *problems,
              const char    *path)
{
  GPtrArray *items = prefs_problems_get_items (problems);

  for (guint i = 0; i < items->len; i++)
    {
      PrefsProblem *problem = g_ptr_array_index (items, i);

      if (g_strcmp0 (problem->path, path) == 0)
        return problem;
    }

  return NULL;
}

static gpointer
parse_page_info (JsonNode      *node,
                 const char    *path,
                 PrefsProblems *problems)
{
  return prefs_page_info_new_from_json_full (node, path, problems);
}

static gpointer
parse_bulk (JsonNode      *node,
            const char    *path,
            PrefsProblems *problems)
{
  return prefs_bulk_operation_new_from_json_full (node, path, problems);
}

static gpointer
parse_user (JsonNode      *node,
            const char    *path,
            PrefsProblems *problems)
{
  return prefs_user_new_from_json_full (node, path, problems);
}

/* PageInfo */

static void
test_page_info_spec_example (void)
{
  g_autoptr(JsonNode) fixture = load_fixture ("page-info.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPageInfo) info = prefs_page_info_new_from_json (fixture, &error);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_null (prefs_page_info_get_after (info));
  g_assert_null (prefs_page_info_get_before (info));
  g_assert_cmpuint (prefs_page_info_get_page_size (info), ==, 25);

  json = prefs_page_info_to_json (info);
  assert_json_equal (json, fixture);
  assert_members_sorted (json);

  text = prefs_json_to_string (json, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"__typename\":\"PageInfo\",\"after\":null,\"before\":null,"
                   "\"page_size\":25}");
}

static void
test_page_info_round_trip (void)
{
  g_autoptr(PrefsPageInfo) info = prefs_page_info_new ("next \"cursor\"", "prev", 50);
  g_autoptr(JsonNode) json = prefs_page_info_to_json (info);
  g_autofree char *text = prefs_json_to_string (json, FALSE);
  g_autoptr(JsonNode) reparsed = parse_text (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsPageInfo) again = prefs_page_info_new_from_json (reparsed, &error);
  g_autoptr(JsonNode) json_again = NULL;
  g_autofree char *after = NULL;
  guint page_size = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (prefs_page_info_get_after (again), ==, "next \"cursor\"");
  g_assert_cmpstr (prefs_page_info_get_before (again), ==, "prev");
  g_assert_cmpuint (prefs_page_info_get_page_size (again), ==, 50);

  json_again = prefs_page_info_to_json (again);
  assert_json_equal (json_again, json);

  g_object_get (again, "after", &after, "page-size", &page_size, NULL);
  g_assert_cmpstr (after, ==, "next \"cursor\"");
  g_assert_cmpuint (page_size, ==, 50);
}

static void
test_page_info_invalid (void)
{
  g_autoptr(PrefsProblems) wrong = collect (parse_page_info,
                                            "{\"after\": 5, \"before\": [],"
                                            " \"page_size\": \"25\"}",
                                            "page_info");
  g_autoptr(PrefsProblems) negative = collect (parse_page_info, "{\"page_size\": -1}", "");
  g_autoptr(PrefsProblems) fraction = collect (parse_page_info, "{\"page_size\": 2.5}", "");
  g_autoptr(PrefsProblems) missing = collect (parse_page_info, "{\"after\": null}", "");
  g_autoptr(PrefsProblems) not_object = collect (parse_page_info, "[]", "page_info");
  g_autoptr(PrefsProblems) fine = collect (parse_page_info, "{\"page_size\": 0}", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse_text ("{\"page_size\": -3, \"after\": true}");
  g_autoptr(PrefsPageInfo) info = prefs_page_info_new_from_json (node, &error);

  g_assert_cmpuint (prefs_problems_get_count (wrong), ==, 3);
  g_assert_cmpstr (problem_at (wrong, 0)->path, ==, "page_info.after");
  g_assert_cmpint (problem_at (wrong, 0)->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);
  g_assert_cmpstr (problem_at (wrong, 0)->message, ==, "expected a string or null, got a number");
  g_assert_cmpstr (problem_at (wrong, 1)->path, ==, "page_info.before");
  g_assert_cmpstr (problem_at (wrong, 2)->path, ==, "page_info.page_size");
  g_assert_cmpstr (problem_at (wrong, 2)->message, ==, "expected an integer, got a string");

  g_assert_cmpuint (prefs_problems_get_count (negative), ==, 1);
  g_assert_cmpint (problem_at (negative, 0)->code, ==, PREFS_PARSE_ERROR_INVALID_VALUE);

  g_assert_cmpuint (prefs_problems_get_count (fraction), ==, 1);
  g_assert_cmpint (problem_at (fraction, 0)->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);

  g_assert_cmpuint (prefs_problems_get_count (missing), ==, 1);
  g_assert_cmpstr (problem_at (missing, 0)->path, ==, "page_size");
  g_assert_cmpint (problem_at (missing, 0)->code, ==, PREFS_PARSE_ERROR_MISSING_FIELD);

  g_assert_cmpuint (prefs_problems_get_count (not_object), ==, 1);
  g_assert_cmpstr (problem_at (not_object, 0)->path, ==, "page_info");
  g_assert_cmpstr (problem_at (not_object, 0)->message, ==, "expected an object, got an array");

  g_assert_cmpuint (prefs_problems_get_count (fine), ==, 0);

  g_assert_null (info);
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "after: expected a string or null, got a boolean"));
  g_assert_nonnull (strstr (error->message, "page_size: must be at least 0, got -3"));
}

/* BulkOperation */

static void
test_bulk_status (void)
{
  const char *names[] = { "queued", "processing", "completed", "failed" };
  PrefsBulkStatus status = PREFS_BULK_STATUS_FAILED;
  g_autoptr(GEnumClass) klass = g_type_class_ref (PREFS_TYPE_BULK_STATUS);

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (names));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      PrefsBulkStatus parsed = PREFS_BULK_STATUS_QUEUED;

      g_assert_true (prefs_bulk_status_from_string (names[i], &parsed));
      g_assert_cmpstr (prefs_bulk_status_to_string (parsed), ==, names[i]);
      g_assert_cmpstr (g_enum_get_value (klass, (int) parsed)->value_nick, ==, names[i]);
    }

  g_assert_false (prefs_bulk_status_is_final (PREFS_BULK_STATUS_QUEUED));
  g_assert_false (prefs_bulk_status_is_final (PREFS_BULK_STATUS_PROCESSING));
  g_assert_true (prefs_bulk_status_is_final (PREFS_BULK_STATUS_COMPLETED));
  g_assert_true (prefs_bulk_status_is_final (PREFS_BULK_STATUS_FAILED));

  g_assert_false (prefs_bulk_status_from_string ("done", &status));
  g_assert_false (prefs_bulk_status_from_string ("Queued", &status));
  g_assert_false (prefs_bulk_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, PREFS_BULK_STATUS_FAILED);
}

static void
test_bulk_spec_example (void)
{
  g_autoptr(JsonNode) fixture = load_fixture ("bulk-operation.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsBulkOperation) op = prefs_bulk_operation_new_from_json (fixture, &error);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *name = NULL;
  PrefsBulkStatus status = PREFS_BULK_STATUS_QUEUED;
  gint64 total = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (prefs_bulk_operation_get_id (op), ==, "123e4567-e89b-12d3-a456-426614174000");
  g_assert_cmpstr (prefs_bulk_operation_get_name (op), ==, "Bulk operation name");
  g_assert_cmpint (prefs_bulk_operation_get_status (op), ==, PREFS_BULK_STATUS_PROCESSING);
  g_assert_cmpint (prefs_bulk_operation_get_estimated_total_rows (op), ==, 1000);
  g_assert_cmpint (prefs_bulk_operation_get_processed_rows (op), ==, 0);
  g_assert_cmpint (prefs_bulk_operation_get_success_count (op), ==, 0);
  g_assert_cmpint (prefs_bulk_operation_get_error_count (op), ==, 0);
  g_assert_cmpuint (prefs_bulk_operation_get_error_items (op)->len, ==, 0);
  g_assert_cmpstr (prefs_bulk_operation_get_progress_path (op), ==,
                   "https://api.switchboard.com/v1/bulk_operations/"
                   "123e4567-e89b-12d3-a456-426614174000");
  g_assert_cmpstr (prefs_bulk_operation_get_inserted_at (op), ==, "2024-05-22T12:00:00Z");
  g_assert_cmpstr (prefs_bulk_operation_get_updated_at (op), ==, "2024-05-22T12:00:00Z");
  g_assert_null (prefs_bulk_operation_get_started_at (op));
  g_assert_null (prefs_bulk_operation_get_completed_at (op));
  g_assert_null (prefs_bulk_operation_get_failed_at (op));

  g_object_get (op,
                "name", &name,
                "status", &status,
                "estimated-total-rows", &total,
                NULL);
  g_assert_cmpstr (name, ==, "Bulk operation name");
  g_assert_cmpint (status, ==, PREFS_BULK_STATUS_PROCESSING);
  g_assert_cmpint (total, ==, 1000);

  /* The example has every field of the schema, so to_json must give it back. */
  json = prefs_bulk_operation_to_json (op);
  assert_json_equal (json, fixture);
  assert_members_sorted (json);
}

static void
test_bulk_round_trip (void)
{
  g_autoptr(JsonNode) fixture = load_fixture ("bulk-operation-completed.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsBulkOperation) op = prefs_bulk_operation_new_from_json (fixture, &error);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) reparsed = NULL;
  g_autoptr(PrefsBulkOperation) again = NULL;
  g_autoptr(JsonNode) json_again = NULL;
  g_autofree char *text_again = NULL;
  GPtrArray *items;
  PrefsBulkErrorItem *item;

  g_assert_no_error (error);
  g_assert_cmpint (prefs_bulk_operation_get_status (op), ==, PREFS_BULK_STATUS_COMPLETED);
  g_assert_true (prefs_bulk_status_is_final (prefs_bulk_operation_get_status (op)));
  g_assert_cmpint (prefs_bulk_operation_get_error_count (op), ==, 2);
  g_assert_cmpstr (prefs_bulk_operation_get_started_at (op), ==, "2024-05-22T12:00:01.500000Z");

  items = prefs_bulk_operation_get_error_items (op);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->id, ==, "bad\001id");
  g_assert_null (item->collection);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (item->id, ==, "");
  g_assert_cmpstr (item->collection, ==, "projects");

  json = prefs_bulk_operation_to_json (op);
  assert_json_equal (json, fixture);

  text = prefs_json_to_string (json, FALSE);
  reparsed = parse_text (text);
  again = prefs_bulk_operation_new_from_json (reparsed, &error);
  g_assert_no_error (error);
  json_again = prefs_bulk_operation_to_json (again);
  text_again = prefs_json_to_string (json_again, FALSE);
  g_assert_cmpstr (text_again, ==, text);
}

static void
test_bulk_minimal (void)
{
  /* Only the required fields: the optional ones come back as defaults. */
  g_autoptr(JsonNode) node = parse_text ("{\"id\": \"op\", \"name\": \"n\","
                                         " \"status\": \"queued\","
                                         " \"estimated_total_rows\": 2, \"processed_rows\": 0,"
                                         " \"success_count\": 0, \"updated_at\": \"u\","
                                         " \"inserted_at\": \"i\", \"unknown\": {\"x\": 1}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsBulkOperation) op = prefs_bulk_operation_new_from_json (node, &error);
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpint (prefs_bulk_operation_get_status (op), ==, PREFS_BULK_STATUS_QUEUED);
  g_assert_cmpint (prefs_bulk_operation_get_error_count (op), ==, 0);
  g_assert_nonnull (prefs_bulk_operation_get_error_items (op));
  g_assert_null (prefs_bulk_operation_get_progress_path (op));

  json = prefs_bulk_operation_to_json (op);
  object = json_node_get_object (json);
  g_assert_cmpuint (json_object_get_size (object), ==, 15);
  g_assert_cmpstr (json_object_get_string_member (object, "__typename"), ==, "BulkOperation");
  g_assert_true (json_object_get_null_member (object, "started_at"));
  g_assert_true (json_object_get_null_member (object, "progress_path"));
  g_assert_cmpint (json_object_get_int_member (object, "error_count"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "error_items")),
                    ==, 0);
  g_assert_false (json_object_has_member (object, "unknown"));
}

static void
test_bulk_missing_fields (void)
{
  const char *required[] = {
    "id", "name", "status", "estimated_total_rows", "processed_rows", "success_count",
    "updated_at", "inserted_at",
  };
  g_autoptr(PrefsProblems) problems = collect (parse_bulk, "{\"__typename\": \"BulkOperation\"}",
                                               "operation");
  g_autoptr(JsonNode) node = parse_text ("{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsBulkOperation) op = prefs_bulk_operation_new_from_json (node, &error);

  g_assert_cmpuint (prefs_problems_get_count (problems), ==, G_N_ELEMENTS (required));

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *path = g_strconcat ("operation.", required[i], NULL);
      g_autofree char *line = g_strconcat (required[i], ": required field is missing", NULL);
      const PrefsProblem *problem = find_problem (problems, path);

      g_assert_nonnull (problem);
      g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_MISSING_FIELD);
      g_assert_nonnull (strstr (error->message, line));
    }

  g_assert_null (op);
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_MISSING_FIELD);
}

static void
test_bulk_unknown_status (void)
{
  g_autoptr(PrefsProblems) unknown = collect (parse_bulk,
                                              "{\"id\": \"op\", \"name\": \"n\","
                                              " \"status\": \"done\","
                                              " \"estimated_total_rows\": 1,"
                                              " \"processed_rows\": 1,"
                                              " \"success_count\": 1, \"updated_at\": null,"
                                              " \"inserted_at\": null}", "");
  g_autoptr(PrefsProblems) wrong = collect (parse_bulk,
                                            "{\"id\": \"op\", \"name\": \"n\", \"status\": 2,"
                                            " \"estimated_total_rows\": 1, \"processed_rows\": 1,"
                                            " \"success_count\": 1, \"updated_at\": \"u\","
                                            " \"inserted_at\": \"i\"}", "");

  g_assert_cmpuint (prefs_problems_get_count (unknown), ==, 1);
  g_assert_cmpstr (problem_at (unknown, 0)->path, ==, "status");
  g_assert_cmpint (problem_at (unknown, 0)->code, ==, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (problem_at (unknown, 0)->message, "\"done\""));

  g_assert_cmpuint (prefs_problems_get_count (wrong), ==, 1);
  g_assert_cmpstr (problem_at (wrong, 0)->path, ==, "status");
  g_assert_cmpint (problem_at (wrong, 0)->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);
}

static void
test_bulk_bad_counts (void)
{
  g_autoptr(PrefsProblems) problems = collect (parse_bulk,
                                               "{\"id\": \"op\", \"name\": \"n\","
                                               " \"status\": \"failed\","
                                               " \"estimated_total_rows\": -1,"
                                               " \"processed_rows\": \"3\","
                                               " \"success_count\": 1.5, \"error_count\": null,"
                                               " \"updated_at\": 7, \"inserted_at\": \"i\"}",
                                               "entries.0");
  const PrefsProblem *problem;

  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 5);

  problem = find_problem (problems, "entries.0.estimated_total_rows");
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_assert_cmpstr (problem->message, ==, "must be at least 0, got -1");

  problem = find_problem (problems, "entries.0.processed_rows");
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);

  problem = find_problem (problems, "entries.0.success_count");
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);

  problem = find_problem (problems, "entries.0.error_count");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->message, ==, "expected an integer, got null");

  problem = find_problem (problems, "entries.0.updated_at");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->message, ==, "expected a string or null, got a number");
}

static void
test_bulk_bad_error_items (void)
{
  const char *head = "{\"id\": \"op\", \"name\": \"n\", \"status\": \"completed\","
                     " \"estimated_total_rows\": 1, \"processed_rows\": 1,"
                     " \"success_count\": 0, \"updated_at\": \"u\", \"inserted_at\": \"i\","
                     " \"error_items\": ";
  g_autofree char *not_array_doc = g_strconcat (head, "{\"id\": \"x\"}}", NULL);
  g_autofree char *bad_items_doc = g_strconcat (head, "[\"x\", {\"collection\": \"c\"},"
                                                " {\"id\": 5, \"collection\": []},"
                                                " {\"id\": \"ok\"}]}", NULL);
  g_autoptr(PrefsProblems) not_array = collect (parse_bulk, not_array_doc, "");
  g_autoptr(PrefsProblems) bad_items = collect (parse_bulk, bad_items_doc, "");
  const PrefsProblem *problem;

  g_assert_cmpuint (prefs_problems_get_count (not_array), ==, 1);
  g_assert_cmpstr (problem_at (not_array, 0)->path, ==, "error_items");
  g_assert_cmpstr (problem_at (not_array, 0)->message, ==, "expected an array, got an object");

  g_assert_cmpuint (prefs_problems_get_count (bad_items), ==, 4);

  problem = find_problem (bad_items, "error_items.0");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->message, ==, "expected an object, got a string");

  problem = find_problem (bad_items, "error_items.1.id");
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_MISSING_FIELD);

  problem = find_problem (bad_items, "error_items.2.id");
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);

  problem = find_problem (bad_items, "error_items.2.collection");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->message, ==, "expected a string or null, got an array");

  g_assert_null (find_problem (bad_items, "error_items.3.id"));
}

/* User */

static void
test_user_spec_example (void)
{
  g_autoptr(JsonNode) fixture = load_fixture ("user.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) user = prefs_user_new_from_json (fixture, &error);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (prefs_user_get_id (user), ==, "user_id");
  g_assert_cmpstr (prefs_user_get_name (user), ==, "Dr. Ian Malcolm");
  g_assert_cmpstr (prefs_user_get_email (user), ==, "ian.malcolm@chaos.theory");
  g_assert_null (prefs_user_get_created_at (user));
  g_assert_cmpstr (prefs_user_get_updated_at (user), ==, "2024-05-22T12:00:00Z");
  g_assert_null (prefs_user_get_phone_number (user));
  g_assert_null (prefs_user_get_avatar (user));
  g_assert_null (prefs_user_get_timezone (user));
  g_assert_null (prefs_user_get_locale (user));
  g_assert_cmpstr (prefs_user_get_display_name (user), ==, "Dr. Ian Malcolm");
  g_assert_cmpuint (json_object_get_size (prefs_user_get_extra (user)), ==, 0);
  g_assert_null (prefs_user_get_preferences (user));
  g_assert_null (prefs_user_get_preference_set (user, "default"));

  /* Every standard field comes out, null where unset; no "preferences". */
  json = prefs_user_to_json (user);
  assert_members_sorted (json);
  text = prefs_json_to_string (json, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"__typename\":\"User\",\"avatar\":null,\"created_at\":null,"
                   "\"email\":\"ian.malcolm@chaos.theory\",\"id\":\"user_id\","
                   "\"locale\":null,\"name\":\"Dr. Ian Malcolm\",\"phone_number\":null,"
                   "\"timezone\":null,\"updated_at\":\"2024-05-22T12:00:00Z\"}");
}

static void
test_user_round_trip (void)
{
  g_autoptr(PrefsUser) user = prefs_user_new ("u-1");
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) reparsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) again = NULL;
  g_autoptr(JsonNode) json_again = NULL;
  g_autofree char *text_again = NULL;

  prefs_user_set_name (user, "Ellie \"Sattler\"");
  prefs_user_set_email (user, "ellie@ingen.net");
  prefs_user_set_phone_number (user, "+15555550100");
  prefs_user_set_avatar (user, "https://example.com/a.png");
  prefs_user_set_timezone (user, "America/Denver");
  prefs_user_set_locale (user, "en-US");
  prefs_user_set_created_at (user, "2024-01-01T00:00:00Z");
  prefs_user_set_updated_at (user, "2024-05-22T12:00:00.123456Z");
  json_object_set_int_member (prefs_user_get_extra (user), "visits", 3);

  json = prefs_user_to_json (user);
  text = prefs_json_to_string (json, TRUE);
  reparsed = parse_text (text);
  again = prefs_user_new_from_json (reparsed, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (prefs_user_get_name (again), ==, "Ellie \"Sattler\"");
  g_assert_cmpstr (prefs_user_get_locale (again), ==, "en-US");
  g_assert_cmpstr (prefs_user_get_updated_at (again), ==, "2024-05-22T12:00:00.123456Z");
  g_assert_cmpint (json_object_get_int_member (prefs_user_get_extra (again), "visits"), ==, 3);

  json_again = prefs_user_to_json (again);
  assert_json_equal (json_again, json);
  text_again = prefs_json_to_string (json_again, TRUE);
  g_assert_cmpstr (text_again, ==, text);
}

static void
test_user_custom_properties (void)
{
  const char *doc = "{\"id\": \"jane\", \"__typename\": \"User\", \"plan\": \"enterprise\","
                    " \"seats\": 12, \"ratio\": 0.25, \"beta\": true, \"nothing\": null,"
                    " \"tags\": [\"a\", {\"b\": [1, 2]}],"
                    " \"address\": {\"city\": \"Isla Nublar\", \"zip\": null}}";
  g_autoptr(JsonNode) node = parse_text (doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsUser) user = prefs_user_new_from_json (node, &error);
  g_autoptr(JsonNode) json = NULL;
  JsonObject *extra;
  JsonObject *input = json_node_get_object (node);
  JsonObject *output;
  const char *custom[] = { "plan", "seats", "ratio", "beta", "nothing", "tags", "address" };

  g_assert_no_error (error);

  extra = prefs_user_get_extra (user);
  g_assert_cmpuint (json_object_get_size (extra), ==, G_N_ELEMENTS (custom));
  g_assert_false (json_object_has_member (extra, "id"));
  g_assert_false (json_object_has_member (extra, "__typename"));

  json = prefs_user_to_json (user);
  output = json_node_get_object (json);

  for (guint i = 0; i < G_N_ELEMENTS (custom); i++)
    {
      g_assert_true (prefs_json_equal (json_object_get_member (extra, custom[i]),
                                       json_object_get_member (input, custom[i])));
      g_assert_true (prefs_json_equal (json_object_get_member (output, custom[i]),
                                       json_object_get_member (input, custom[i])));
    }

  /* Display name falls back to the id when there is no name or email. */
  g_assert_cmpstr (prefs_user_get_display_name (user), ==, "jane");
}

static void
test_user_wrong_types (void)
{
  g_autoptr(PrefsProblems) problems = collect (parse_user,
                                               "{\"id\": \"u\", \"email\": 5, \"name\": [],"
                                               " \"timezone\": {}, \"locale\": false,"
                                               " \"preferences\": \"all\"}",
                                               "entries.3");
  g_autoptr(JsonNode) node = parse_text ("{\"id\": \"u\", \"email\": 5, \"phone_number\": true}");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 5);
  g_assert_cmpstr (find_problem (problems, "entries.3.email")->message, ==,
                   "expected a string or null, got a number");
  g_assert_cmpstr (find_problem (problems, "entries.3.name")->message, ==,
                   "expected a string or null, got an array");
  g_assert_cmpstr (find_problem (problems, "entries.3.timezone")->message, ==,
                   "expected a string or null, got an object");
  g_assert_cmpstr (find_problem (problems, "entries.3.locale")->message, ==,
                   "expected a string or null, got a boolean");
  g_assert_cmpstr (find_problem (problems, "entries.3.preferences")->message, ==,
                   "expected an object, got a string");

  {
    g_autoptr(PrefsProblems) listed = prefs_problems_new ();
    g_autoptr(PrefsUser) none = prefs_user_new_from_json_full (node, "entries.3", listed);

    g_assert_null (none);
    g_assert_false (prefs_problems_to_error (listed, &error));
    g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_WRONG_TYPE);
    g_assert_cmpstr (error->message, ==,
                     "entries.3.email: expected a string or null, got a number\n"
                     "entries.3.phone_number: expected a string or null, got a boolean");
  }
}

static void
test_user_missing_id (void)
{
  g_autoptr(PrefsProblems) missing = collect (parse_user, "{\"name\": \"x\"}", "entries.0");
  g_autoptr(PrefsProblems) empty = collect (parse_user, "{\"id\": \"\"}", "");
  g_autoptr(PrefsProblems) number = collect (parse_user, "{\"id\": 42}", "");
  g_autoptr(PrefsProblems) null = collect (parse_user, "{\"id\": null}", "");
  g_autoptr(PrefsProblems) not_object = collect (parse_user, "\"user\"", "entries.1");

  g_assert_cmpuint (prefs_problems_get_count (missing), ==, 1);
  g_assert_cmpstr (problem_at (missing, 0)->path, ==, "entries.0.id");
  g_assert_cmpint (problem_at (missing, 0)->code, ==, PREFS_PARSE_ERROR_MISSING_FIELD);

  g_assert_cmpuint (prefs_problems_get_count (empty), ==, 1);
  g_assert_cmpstr (problem_at (empty, 0)->path, ==, "id");
  g_assert_cmpint (problem_at (empty, 0)->code, ==, PREFS_PARSE_ERROR_INVALID_VALUE);

  g_assert_cmpuint (prefs_problems_get_count (number), ==, 1);
  g_assert_cmpint (problem_at (number, 0)->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);
  g_assert_cmpstr (problem_at (number, 0)->message, ==, "expected a string, got a number");

  g_assert_cmpuint (prefs_problems_get_count (null), ==, 1);
  g_assert_cmpint (problem_at (null, 0)->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);

  g_assert_cmpuint (prefs_problems_get_count (not_object), ==, 1);
  g_assert_cmpstr (problem_at (not_object, 0)->path, ==, "entries.1");
  g_assert_cmpstr (problem_at (not_object, 0)->message, ==, "expected an object, got a string");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GHashTable *counts)
{
  const char *name = g_param_spec_get_name (pspec);

  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));

  g_hash_table_insert (counts, (gpointer) name, GUINT_TO_POINTER (count + 1));
}

static guint
notifications (GHashTable *counts,
               const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_user_properties (void)
{
  g_autoptr(PrefsUser) user = prefs_user_new ("u-7");
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *id = NULL;
  g_autofree char *display = NULL;
  g_autofree char *phone = NULL;
  char *name_copy;

  g_signal_connect (user, "notify", G_CALLBACK (count_notify), counts);

  g_assert_cmpstr (prefs_user_get_display_name (user), ==, "u-7");

  prefs_user_set_email (user, "a@b.c");
  g_assert_cmpuint (notifications (counts, "email"), ==, 1);
  g_assert_cmpuint (notifications (counts, "display-name"), ==, 1);
  g_assert_cmpstr (prefs_user_get_display_name (user), ==, "a@b.c");

  /* The same value again, from a different buffer: no notification. */
  name_copy = g_strdup ("a@b.c");
  prefs_user_set_email (user, name_copy);
  g_free (name_copy);
  g_assert_cmpuint (notifications (counts, "email"), ==, 1);

  prefs_user_set_name (user, "Alan");
  g_assert_cmpuint (notifications (counts, "name"), ==, 1);
  g_assert_cmpuint (notifications (counts, "display-name"), ==, 2);

  /* The name hides the email, so changing the email leaves the display name. */
  prefs_user_set_email (user, "alan@ingen.net");
  g_assert_cmpuint (notifications (counts, "email"), ==, 2);
  g_assert_cmpuint (notifications (counts, "display-name"), ==, 2);

  prefs_user_set_name (user, NULL);
  g_assert_cmpuint (notifications (counts, "name"), ==, 2);
  g_assert_cmpuint (notifications (counts, "display-name"), ==, 3);
  g_assert_cmpstr (prefs_user_get_display_name (user), ==, "alan@ingen.net");
  prefs_user_set_name (user, NULL);
  g_assert_cmpuint (notifications (counts, "name"), ==, 2);

  g_object_set (user, "phone-number", "+1555", NULL);
  g_object_set (user, "phone-number", "+1555", NULL);
  g_assert_cmpuint (notifications (counts, "phone-number"), ==, 1);

  g_object_get (user, "id", &id, "display-name", &display, "phone-number", &phone, NULL);
  g_assert_cmpstr (id, ==, "u-7");
  g_assert_cmpstr (display, ==, "alan@ingen.net");
  g_assert_cmpstr (phone, ==, "+1555");

  prefs_user_set_timezone (user, "Europe/Paris");
  prefs_user_set_timezone (user, "Europe/Paris");
  g_assert_cmpuint (notifications (counts, "timezone"), ==, 1);

  g_signal_handlers_disconnect_by_func (user, count_notify, counts);
}

static void
test_user_list_spec_example (void)
{
  g_autoptr(JsonNode) fixture = load_fixture ("list-users.json");
  JsonObject *root = json_node_get_object (fixture);
  JsonArray *entries = json_object_get_array_member (root, "entries");
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsUser) user = NULL;
  g_autoptr(PrefsPageInfo) info = NULL;
  g_autoptr(JsonNode) info_json = NULL;

  user = prefs_user_new_from_json_full (json_array_get_element (entries, 0), "entries.0",
                                        problems);
  info = prefs_page_info_new_from_json_full (json_object_get_member (root, "page_info"),
                                             "page_info", problems);
  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 0);

  g_assert_cmpstr (prefs_user_get_id (user), ==, "user_id");
  g_assert_cmpuint (prefs_page_info_get_page_size (info), ==, 25);
  g_assert_null (prefs_page_info_get_after (info));

  info_json = prefs_page_info_to_json (info);
  assert_json_equal (info_json, json_object_get_member (root, "page_info"));
}

static void
test_user_list_with_preferences (void)
{
  g_autoptr(JsonNode) fixture = load_fixture ("list-users-preferences.json");
  JsonObject *root = json_node_get_object (fixture);
  JsonArray *entries = json_object_get_array_member (root, "entries");
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PrefsPageInfo) info = NULL;
  PrefsUser *jane;
  PrefsUser *robert;
  PrefsPreferenceSet *set;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      g_autofree char *path = g_strdup_printf ("entries.%u", i);
      PrefsUser *user = prefs_user_new_from_json_full (json_array_get_element (entries, i),
                                                       path, problems);

      g_assert_nonnull (user);
      g_ptr_array_add (users, user);
    }
  info = prefs_page_info_new_from_json_full (json_object_get_member (root, "page_info"),
                                             "page_info", problems);
  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 0);
  g_assert_cmpstr (prefs_page_info_get_after (info), ==, "cursor-2");

  jane = g_ptr_array_index (users, 0);
  g_assert_cmpstr (prefs_user_get_locale (jane), ==, "en-US");
  g_assert_cmpstr (prefs_user_get_timezone (jane), ==, "America/New_York");
  g_assert_cmpstr (json_object_get_string_member (prefs_user_get_extra (jane), "plan"), ==,
                   "enterprise");
  g_assert_false (json_object_has_member (prefs_user_get_extra (jane), "preferences"));
  g_assert_cmpuint (g_hash_table_size (prefs_user_get_preferences (jane)), ==, 1);
  set = prefs_user_get_preference_set (jane, "default");
  g_assert_nonnull (set);
  g_assert_cmpstr (prefs_preference_set_get_id (set), ==, "default");
  g_assert_null (prefs_user_get_preference_set (jane, "tenant-a"));

  robert = g_ptr_array_index (users, 1);
  g_assert_cmpstr (prefs_user_get_display_name (robert), ==, "robert");
  g_assert_nonnull (prefs_user_get_preferences (robert));
  g_assert_cmpuint (g_hash_table_size (prefs_user_get_preferences (robert)), ==, 0);

  /* Each user survives to_json -> text -> parse unchanged, sets included. */
  for (guint i = 0; i < users->len; i++)
    {
      PrefsUser *user = g_ptr_array_index (users, i);
      g_autoptr(JsonNode) json = prefs_user_to_json (user);
      g_autofree char *text = prefs_json_to_string (json, FALSE);
      g_autoptr(JsonNode) reparsed = parse_text (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(PrefsUser) again = prefs_user_new_from_json (reparsed, &error);
      g_autoptr(JsonNode) json_again = NULL;
      g_autofree char *text_again = NULL;

      g_assert_no_error (error);
      g_assert_true (json_object_has_member (json_node_get_object (json), "preferences"));
      json_again = prefs_user_to_json (again);
      text_again = prefs_json_to_string (json_again, FALSE);
      g_assert_cmpstr (text_again, ==, text);
    }

  /* The set's own fields come back as sent. */
  {
    g_autoptr(JsonNode) json = prefs_user_to_json (jane);
    JsonObject *sets = json_object_get_object_member (json_node_get_object (json),
                                                      "preferences");
    JsonObject *sent = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (json_array_get_element (entries, 0)),
                                     "preferences"),
      "default");
    JsonObject *out = json_object_get_object_member (sets, "default");
    const char *keys[] = { "id", "channel_types", "categories", "commercial_subscribed" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_assert_true (prefs_json_equal (json_object_get_member (out, keys[i]),
                                       json_object_get_member (sent, keys[i])));
  }
}

static void
test_user_bad_preferences (void)
{
  g_autoptr(PrefsProblems) problems = collect (parse_user,
                                               "{\"id\": \"u\", \"preferences\":"
                                               " {\"default\": {\"id\": \"default\","
                                               " \"channel_types\": {\"fax\": true}}}}",
                                               "entries.2");
  GPtrArray *items = prefs_problems_get_items (problems);
  gboolean found = FALSE;

  g_assert_cmpuint (items->len, >, 0);
  for (guint i = 0; i < items->len; i++)
    {
      PrefsProblem *problem = g_ptr_array_index (items, i);

      g_assert_true (g_str_has_prefix (problem->path, "entries.2.preferences.default"));
      if (g_str_has_suffix (problem->path, "fax"))
        found = TRUE;
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/page-info/spec-example", test_page_info_spec_example);
  g_test_add_func ("/core/page-info/round-trip", test_page_info_round_trip);
  g_test_add_func ("/core/page-info/invalid", test_page_info_invalid);

  g_test_add_func ("/core/bulk-operation/status", test_bulk_status);
  g_test_add_func ("/core/bulk-operation/spec-example", test_bulk_spec_example);
  g_test_add_func ("/core/bulk-operation/round-trip", test_bulk_round_trip);
  g_test_add_func ("/core/bulk-operation/minimal", test_bulk_minimal);
  g_test_add_func ("/core/bulk-operation/missing-fields", test_bulk_missing_fields);
  g_test_add_func ("/core/bulk-operation/unknown-status", test_bulk_unknown_status);
  g_test_add_func ("/core/bulk-operation/bad-counts", test_bulk_bad_counts);
  g_test_add_func ("/core/bulk-operation/bad-error-items", test_bulk_bad_error_items);

  g_test_add_func ("/core/user/spec-example", test_user_spec_example);
  g_test_add_func ("/core/user/round-trip", test_user_round_trip);
  g_test_add_func ("/core/user/custom-properties", test_user_custom_properties);
  g_test_add_func ("/core/user/wrong-types", test_user_wrong_types);
  g_test_add_func ("/core/user/missing-id", test_user_missing_id);
  g_test_add_func ("/core/user/properties", test_user_properties);
  g_test_add_func ("/core/user/list-spec-example", test_user_list_spec_example);
  g_test_add_func ("/core/user/list-with-preferences", test_user_list_with_preferences);
  g_test_add_func ("/core/user/bad-preferences", test_user_bad_preferences);

  return g_test_run ();
}

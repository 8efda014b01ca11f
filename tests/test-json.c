/* test-json.c: bounded parsing, canonical output, problems and vocabularies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-json"

#include "config.h"

#include <string.h>

#include "prefs-json.h"
#include "prefs-types.h"

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = prefs_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static void
assert_parse_fails (const char      *data,
                    gssize           length,
                    PrefsParseError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = prefs_json_parse (data, length, &error);

  g_assert_null (node);
  g_assert_error (error, PREFS_PARSE_ERROR, (int) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static char *
canonical (const char *text,
           gboolean    pretty)
{
  g_autoptr(JsonNode) node = parse_ok (text);

  return prefs_json_to_string (node, pretty);
}

static void
test_parse_valid (void)
{
  g_autoptr(JsonNode) object = parse_ok ("{\"a\": [1, 2.5, true, null, \"x\"], \"b\": {}}");
  g_autoptr(JsonNode) array = parse_ok (" [ ] ");
  g_autoptr(JsonNode) string = parse_ok ("\"caf\xc3\xa9\"");
  g_autoptr(JsonNode) number = parse_ok ("-12");
  g_autoptr(JsonNode) null = parse_ok ("null");
  g_autoptr(JsonNode) prefix = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *a;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (object));
  a = json_object_get_array_member (json_node_get_object (object), "a");
  g_assert_cmpuint (json_array_get_length (a), ==, 5);
  g_assert_cmpint (json_array_get_int_element (a, 0), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (a, 1), ==, 2.5);
  g_assert_true (json_array_get_boolean_element (a, 2));
  g_assert_true (json_array_get_null_element (a, 3));
  g_assert_cmpstr (json_array_get_string_element (a, 4), ==, "x");

  g_assert_true (JSON_NODE_HOLDS_ARRAY (array));
  g_assert_cmpstr (json_node_get_string (string), ==, "caf\xc3\xa9");
  g_assert_cmpint (json_node_get_int (number), ==, -12);
  g_assert_true (JSON_NODE_HOLDS_NULL (null));

  /* An explicit length reads only that prefix. */
  prefix = prefs_json_parse ("[1]garbage", 3, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (prefix));

  /* Parsed documents are sealed: nobody edits data that came from outside. */
  g_assert_true (json_node_is_immutable (object));
}

static void
test_parse_empty (void)
{
  assert_parse_fails ("", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("", 0, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails (" \n\t ", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails (NULL, -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails (NULL, 0, PREFS_PARSE_ERROR_INVALID_JSON);
}

static void
test_parse_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = prefs_json_parse ("{\"a\": [1, 2", -1, &error);

  g_assert_null (node);
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON);
  /* json-glib's position comes through. */
  g_assert_nonnull (strstr (error->message, ":1:"));

  assert_parse_fails ("{\"a\": ", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("\"unterminated", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("[1, 2,", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("{\"a\": 1}", 5, PREFS_PARSE_ERROR_INVALID_JSON);
}

static void
test_parse_garbage (void)
{
  assert_parse_fails ("garbage", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("{]", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("[1]]", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("1 2", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("<html></html>", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  /* Extensions json-glib would accept but JSON does not have. */
  assert_parse_fails ("'single'", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("/* comment */ 1", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("# comment\n1", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  assert_parse_fails ("\"raw\ttab\"", -1, PREFS_PARSE_ERROR_INVALID_JSON);
  /* A NUL byte inside the stated length. */
  assert_parse_fails ("\"a\0b\"", 5, PREFS_PARSE_ERROR_INVALID_JSON);
}

static void
test_parse_strict_grammar (void)
{
  /* json-glib reads all of these somehow; JSON does not allow them. */
  const char *refused[] = {
    "0x10", "01", "1.", ".5", "+1", "-", "1e", "[1-2]", "TRUE", "nul", "nulls", "Infinity",
    "NaN", "\"\\x41\"", "\"\\u12\"", "\"\\", "99999999999999999999",
    "9223372036854775808", "-9223372036854775809", "1e400", "[-1e999]",
  };
  g_autoptr(JsonNode) max = parse_ok ("9223372036854775807");
  g_autoptr(JsonNode) min = parse_ok ("-9223372036854775808");
  g_autoptr(JsonNode) numbers = parse_ok ("[-0, 0, 1.5e-3, -2.5E+3, 10]");
  g_autoptr(JsonNode) words = parse_ok ("[true, false, null]");
  JsonArray *array = json_node_get_array (numbers);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_parse_fails (refused[i], -1, PREFS_PARSE_ERROR_INVALID_JSON);

  g_assert_cmpint (json_node_get_int (max), ==, G_MAXINT64);
  g_assert_cmpint (json_node_get_int (min), ==, G_MININT64);
  g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, 1.5e-3);
  g_assert_cmpfloat (json_array_get_double_element (array, 3), ==, -2500.0);
  g_assert_cmpint (json_array_get_int_element (array, 4), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (words)), ==, 3);
}

static void
test_parse_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = prefs_json_parse ("\"\xff\"", -1, &error);

  g_assert_null (node);
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "offset 1"));

  /* Overlong "/", a UTF-16 surrogate, a truncated sequence, and bad bytes
   * deep in an otherwise fine document. */
  assert_parse_fails ("\"\xc0\xaf\"", -1, PREFS_PARSE_ERROR_INVALID_UTF8);
  assert_parse_fails ("\"\xed\xa0\x80\"", -1, PREFS_PARSE_ERROR_INVALID_UTF8);
  assert_parse_fails ("\"\xe2\x82\"", -1, PREFS_PARSE_ERROR_INVALID_UTF8);
  assert_parse_fails ("{\"a\": [\"ok\", \"\xfe\"]}", -1, PREFS_PARSE_ERROR_INVALID_UTF8);
}

static void
test_parse_too_large (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autofree char *body = g_malloc (size + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, size);
  g_autofree char *limit_text = g_strdup_printf ("%d", PREFS_JSON_MAX_BYTES);

  memset (body, ' ', size);
  body[0] = '[';
  body[size - 1] = ']';
  body[size] = '\0';

  node = prefs_json_parse (body, (gssize) size, &error);
  g_assert_null (node);
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, size_text));
  g_assert_nonnull (strstr (error->message, limit_text));

  assert_parse_fails (body, -1, PREFS_PARSE_ERROR_TOO_LARGE);
  assert_parse_fails (body, PREFS_JSON_MAX_BYTES + 1, PREFS_PARSE_ERROR_TOO_LARGE);
}

static void
test_parse_at_size_limit (void)
{
  gsize size = PREFS_JSON_MAX_BYTES;
  g_autofree char *body = g_malloc (size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  memset (body, 'a', size);
  body[0] = '"';
  body[size - 1] = '"';

  node = prefs_json_parse (body, (gssize) size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_node_get_string (node)), ==, size - 2);
}

static char *
nested_arrays (guint depth,
               gboolean closed)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  if (closed)
    for (guint i = 0; i < depth; i++)
      g_string_append_c (s, ']');

  return g_string_free (s, FALSE);
}

static void
test_parse_too_deep (void)
{
  g_autofree char *open = nested_arrays (100000, FALSE);
  g_autofree char *closed = nested_arrays (100000, TRUE);
  g_autofree char *objects = NULL;
  GString *s = g_string_new (NULL);

  assert_parse_fails (open, -1, PREFS_PARSE_ERROR_TOO_DEEP);
  assert_parse_fails (closed, -1, PREFS_PARSE_ERROR_TOO_DEEP);

  for (guint i = 0; i < 100000; i++)
    g_string_append (s, "{\"a\":");
  objects = g_string_free (s, FALSE);
  assert_parse_fails (objects, -1, PREFS_PARSE_ERROR_TOO_DEEP);
}

static void
test_parse_depth_limit (void)
{
  g_autofree char *at_limit = nested_arrays (PREFS_JSON_MAX_DEPTH, TRUE);
  g_autofree char *over_limit = nested_arrays (PREFS_JSON_MAX_DEPTH + 1, TRUE);
  g_autoptr(JsonNode) node = parse_ok (at_limit);
  g_autoptr(GString) mixed = g_string_new (NULL);
  g_autoptr(JsonNode) mixed_node = NULL;
  g_autoptr(GString) sequential = g_string_new ("[");
  g_autoptr(JsonNode) sequential_node = NULL;
  JsonNode *inner = node;
  guint depth = 0;

  while (JSON_NODE_HOLDS_ARRAY (inner))
    {
      depth++;
      if (json_array_get_length (json_node_get_array (inner)) == 0)
        break;
      inner = json_array_get_element (json_node_get_array (inner), 0);
    }
  g_assert_cmpuint (depth, ==, PREFS_JSON_MAX_DEPTH);

  assert_parse_fails (over_limit, -1, PREFS_PARSE_ERROR_TOO_DEEP);

  /* Objects and arrays count alike. */
  for (guint i = 0; i < PREFS_JSON_MAX_DEPTH / 2; i++)
    g_string_append (mixed, "{\"k\":[");
  g_string_append (mixed, "1");
  for (guint i = 0; i < PREFS_JSON_MAX_DEPTH / 2; i++)
    g_string_append (mixed, "]}");
  mixed_node = parse_ok (mixed->str);
  g_string_prepend_c (mixed, '[');
  g_string_append_c (mixed, ']');
  assert_parse_fails (mixed->str, -1, PREFS_PARSE_ERROR_TOO_DEEP);

  /* Depth is nesting, not the number of containers. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (sequential, i == 0 ? "[[]]" : ",[[]]");
  g_string_append_c (sequential, ']');
  sequential_node = parse_ok (sequential->str);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sequential_node)), ==, 1000);
}

static void
test_parse_brackets_in_strings (void)
{
  g_autofree char *brackets = nested_arrays (1000, FALSE);
  g_autofree char *doc = g_strdup_printf ("{\"a\": \"%s\", \"b\": \"\\\"[{[{\\\\\", \"c\": 1}",
                                          brackets);
  g_autoptr(JsonNode) node = parse_ok (doc);
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpuint (strlen (json_object_get_string_member (object, "a")), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (object, "b"), ==, "\"[{[{\\");
  g_assert_cmpint (json_object_get_int_member (object, "c"), ==, 1);

  /* An escaped quote does not end a string, so what follows still counts. */
  {
    g_autofree char *deep = nested_arrays (PREFS_JSON_MAX_DEPTH + 1, TRUE);
    g_autofree char *tricky = g_strdup_printf ("[\"\\\"\", %s]", deep);

    assert_parse_fails (tricky, -1, PREFS_PARSE_ERROR_TOO_DEEP);
  }
}

static void
test_to_string_sorted (void)
{
  g_autofree char *a = canonical ("{\"b\": 1,"
                                  " \"a\": {\"z\": true, \"y\": [3, {\"q\": 1, \"p\": 2}]},"
                                  " \"B\": null}", FALSE);
  g_autofree char *b = canonical ("{\"a\": {\"y\": [3, {\"p\": 2, \"q\": 1}], \"z\": true},"
                                  " \"B\": null, \"b\": 1}", FALSE);
  g_autofree char *again = NULL;
  g_autoptr(JsonNode) node = parse_ok (a);

  /* Byte order: upper case before lower case. */
  g_assert_cmpstr (a, ==, "{\"B\":null,\"a\":{\"y\":[3,{\"p\":2,\"q\":1}],\"z\":true},\"b\":1}");
  g_assert_cmpstr (a, ==, b);

  again = prefs_json_to_string (node, FALSE);
  g_assert_cmpstr (again, ==, a);
}

static void
test_to_string_pretty (void)
{
  g_autofree char *pretty = canonical ("{\"b\": [1, {}], \"a\": {\"c\": []}, \"d\": \"x\"}", TRUE);
  g_autofree char *scalar = canonical ("true", TRUE);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *compact = NULL;

  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"a\": {\n"
                   "    \"c\": []\n"
                   "  },\n"
                   "  \"b\": [\n"
                   "    1,\n"
                   "    {}\n"
                   "  ],\n"
                   "  \"d\": \"x\"\n"
                   "}");
  g_assert_cmpstr (scalar, ==, "true");

  node = parse_ok (pretty);
  compact = prefs_json_to_string (node, FALSE);
  g_assert_cmpstr (compact, ==, "{\"a\":{\"c\":[]},\"b\":[1,{}],\"d\":\"x\"}");
}

static void
test_to_string_escaping (void)
{
  const char *text = "q\"b\\s/n\nt\tr\rb\bf\fc\001d\037e\x7f caf\xc3\xa9 \xf0\x9f\x90\xa6";
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) key_node = NULL;
  g_autofree char *key_out = NULL;
  JsonObject *object;

  json_node_set_string (node, text);
  out = prefs_json_to_string (node, FALSE);
  g_assert_cmpstr (out, ==,
                   "\"q\\\"b\\\\s/n\\nt\\tr\\rb\\bf\\fc\\u0001d\\u001fe\\u007f "
                   "caf\xc3\xa9 \xf0\x9f\x90\xa6\"");

  back = parse_ok (out);
  g_assert_cmpstr (json_node_get_string (back), ==, text);
  g_assert_true (prefs_json_equal (node, back));

  /* Keys are escaped the same way. */
  object = json_object_new ();
  json_object_set_int_member (object, "a\"b\n", 1);
  key_node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  key_out = prefs_json_to_string (key_node, FALSE);
  g_assert_cmpstr (key_out, ==, "{\"a\\\"b\\n\":1}");

  /* JSON escapes in the input, including a surrogate pair, decode. */
  {
    g_autoptr(JsonNode) escaped = parse_ok ("\"\\u00e9\\ud83d\\ude00\\/\"");

    g_assert_cmpstr (json_node_get_string (escaped), ==, "\xc3\xa9\xf0\x9f\x98\x80/");
  }
}

static void
test_to_string_numbers (void)
{
  const double values[] = { 0.1, -0.5, 1e300, 1.0 / 3.0, 5e-324, 123456789.125, -2.0 };
  g_autoptr(JsonNode) one = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) big = json_node_new (JSON_NODE_VALUE);
  g_autofree char *one_text = NULL;
  g_autofree char *big_text = NULL;
  g_autofree char *ints = canonical ("[0, -1, 9007199254740993]", FALSE);

  g_assert_cmpstr (ints, ==, "[0,-1,9007199254740993]");

  json_node_set_double (one, 1.0);
  one_text = prefs_json_to_string (one, FALSE);
  g_assert_cmpstr (one_text, ==, "1.0");

  json_node_set_int (big, G_MAXINT64);
  big_text = prefs_json_to_string (big, FALSE);
  g_assert_cmpstr (big_text, ==, "9223372036854775807");

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) back = NULL;

      json_node_set_double (node, values[i]);
      text = prefs_json_to_string (node, FALSE);
      back = parse_ok (text);
      g_assert_cmpint (json_node_get_value_type (back), ==, G_TYPE_DOUBLE);
      g_assert_cmpfloat (json_node_get_double (back), ==, values[i]);
    }
}

static void
test_equal (void)
{
  g_autoptr(JsonNode) a = parse_ok ("{\"x\": 1, \"y\": [1, 2, {\"k\": null}], \"z\": \"s\"}");
  g_autoptr(JsonNode) b = parse_ok ("{\"z\": \"s\", \"y\": [1.0, 2, {\"k\": null}], \"x\": 1.0}");
  g_autoptr(JsonNode) reordered = parse_ok ("{\"x\": 1, \"y\": [2, 1, {\"k\": null}],"
                                            " \"z\": \"s\"}");
  g_autoptr(JsonNode) missing = parse_ok ("{\"x\": 1, \"y\": [1, 2, {\"k\": null}]}");
  g_autoptr(JsonNode) extra = parse_ok ("{\"x\": 1, \"y\": [1, 2, {\"k\": null}], \"z\": \"s\","
                                        " \"w\": 0}");
  g_autoptr(JsonNode) renamed = parse_ok ("{\"x\": 1, \"y\": [1, 2, {\"k\": null}],"
                                          " \"Z\": \"s\"}");
  g_autoptr(JsonNode) one = parse_ok ("1");
  g_autoptr(JsonNode) one_double = parse_ok ("1.0");
  g_autoptr(JsonNode) one_half = parse_ok ("1.5");
  g_autoptr(JsonNode) true_node = parse_ok ("true");
  g_autoptr(JsonNode) string_one = parse_ok ("\"1\"");
  g_autoptr(JsonNode) null = parse_ok ("null");
  g_autoptr(JsonNode) empty_array = parse_ok ("[]");
  g_autoptr(JsonNode) empty_object = parse_ok ("{}");

  g_assert_true (prefs_json_equal (a, a));
  g_assert_true (prefs_json_equal (a, b));
  g_assert_true (prefs_json_equal (b, a));
  g_assert_false (prefs_json_equal (a, reordered));
  g_assert_false (prefs_json_equal (a, missing));
  g_assert_false (prefs_json_equal (missing, a));
  g_assert_false (prefs_json_equal (a, extra));
  g_assert_false (prefs_json_equal (a, renamed));

  g_assert_true (prefs_json_equal (one, one_double));
  g_assert_true (prefs_json_equal (one_double, one));
  g_assert_false (prefs_json_equal (one, one_half));
  g_assert_false (prefs_json_equal (one, true_node));
  g_assert_false (prefs_json_equal (one, string_one));
  g_assert_false (prefs_json_equal (null, one));
  g_assert_false (prefs_json_equal (empty_array, empty_object));
  g_assert_false (prefs_json_equal (null, NULL));
  g_assert_true (prefs_json_equal (NULL, NULL));
}

static void
test_describe_type (void)
{
  const struct { const char *json; const char *expected; } cases[] = {
    { "null", "null" },
    { "true", "a boolean" },
    { "1", "a number" },
    { "1.5", "a number" },
    { "\"s\"", "a string" },
    { "[]", "an array" },
    { "{}", "an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse_ok (cases[i].json);

      g_assert_cmpstr (prefs_json_describe_type (node), ==, cases[i].expected);
    }
}

static void
test_problems (void)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsProblems) none = prefs_problems_new ();
  g_autoptr(GError) error = NULL;
  PrefsProblem *second;

  g_assert_true (prefs_problems_to_error (none, &error));
  g_assert_no_error (error);

  prefs_problems_add (problems, "channel_types.fax", PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE,
                      "unknown channel type \"%s\"", "fax");
  prefs_problems_add (problems, "", PREFS_PARSE_ERROR_MISSING_FIELD, "the root is odd");
  prefs_problems_add (problems, "entries.3.email", PREFS_PARSE_ERROR_WRONG_TYPE,
                      "expected a string or null, got %s", "a number");
  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 3);

  second = g_ptr_array_index (prefs_problems_get_items (problems), 1);
  g_assert_cmpstr (second->path, ==, "");
  g_assert_cmpint (second->code, ==, PREFS_PARSE_ERROR_MISSING_FIELD);
  g_assert_cmpstr (second->message, ==, "the root is odd");

  g_assert_false (prefs_problems_to_error (problems, &error));
  g_assert_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE);
  g_assert_cmpstr (error->message, ==,
                   "channel_types.fax: unknown channel type \"fax\"\n"
                   "the root is odd\n"
                   "entries.3.email: expected a string or null, got a number");

  /* The quark is stable and named. */
  g_assert_cmpstr (g_quark_to_string (PREFS_PARSE_ERROR), ==, "prefs-parse-error-quark");
}

static void
test_path_join (void)
{
  g_autofree char *a = prefs_path_join ("workflows", "a");
  g_autofree char *b = prefs_path_join ("", "a");
  g_autofree char *c = prefs_path_join (NULL, "a");
  g_autofree char *d = prefs_path_join ("entries.3", "preferences");

  g_assert_cmpstr (a, ==, "workflows.a");
  g_assert_cmpstr (b, ==, "a");
  g_assert_cmpstr (c, ==, "a");
  g_assert_cmpstr (d, ==, "entries.3.preferences");
}

static void
test_sorted_copy (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"b\": {\"d\": 1, \"c\": [{\"f\": 1, \"e\": 2}]},"
                                       " \"a\": \"x\"}");
  g_autoptr(JsonNode) copy = prefs_json_sorted_copy (node);
  JsonObject *object = json_node_get_object (copy);
  JsonObject *inner;
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GList) inner_members = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *generated = NULL;

  g_assert_true (prefs_json_equal (node, copy));
  g_assert_cmpstr (members->data, ==, "a");
  g_assert_cmpstr (members->next->data, ==, "b");

  inner = json_object_get_object_member (object, "b");
  inner_members = json_object_get_members (inner);
  g_assert_cmpstr (inner_members->data, ==, "c");

  json_generator_set_root (generator, copy);
  generated = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (generated, ==, "{\"a\":\"x\",\"b\":{\"c\":[{\"e\":2,\"f\":1}],\"d\":1}}");

  /* The copy is editable although the parsed document is sealed. */
  g_assert_false (json_node_is_immutable (copy));
  json_object_set_int_member (object, "z", 3);
  json_node_set_string (json_object_get_member (object, "a"), "y");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==, "x");
}

static void
test_read_helpers (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"s\": \"v\", \"n\": null, \"i\": 7, \"neg\": -1,"
                                       " \"f\": 2.5, \"whole\": 3.0, \"b\": true}");
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  JsonObject *object = json_node_get_object (node);
  g_autofree char *s = NULL;
  g_autofree char *kept = g_strdup ("kept");
  gint64 i = -100;
  PrefsProblem *problem;

  g_assert_true (prefs_json_read_string (object, "root", "s", PREFS_JSON_REQUIRED, &s, problems));
  g_assert_cmpstr (s, ==, "v");
  g_assert_true (prefs_json_read_string (object, "root", "n", PREFS_JSON_NULLABLE, &s, problems));
  g_assert_null (s);
  g_assert_true (prefs_json_read_string (object, "root", "absent", PREFS_JSON_OPTIONAL, &kept,
                                         problems));
  g_assert_cmpstr (kept, ==, "kept");
  g_assert_true (prefs_json_read_int (object, "root", "i", PREFS_JSON_REQUIRED, 0, 10, &i,
                                      problems));
  g_assert_cmpint (i, ==, 7);
  g_assert_true (prefs_json_read_int (object, "root", "whole", PREFS_JSON_REQUIRED, 0, 10, &i,
                                      problems));
  g_assert_cmpint (i, ==, 3);
  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 0);

  g_assert_false (prefs_json_read_string (object, "root", "n", PREFS_JSON_REQUIRED, &s, problems));
  g_assert_false (prefs_json_read_string (object, "root", "i", PREFS_JSON_NULLABLE, &s, problems));
  g_assert_false (prefs_json_read_string (object, "root", "gone", PREFS_JSON_REQUIRED, &s,
                                          problems));
  g_assert_false (prefs_json_read_int (object, "root", "neg", PREFS_JSON_REQUIRED, 0, G_MAXINT64,
                                       &i, problems));
  g_assert_false (prefs_json_read_int (object, "root", "f", PREFS_JSON_REQUIRED, 0, 10, &i,
                                       problems));
  g_assert_false (prefs_json_read_int (object, "root", "b", PREFS_JSON_REQUIRED, 0, 10, &i,
                                       problems));
  g_assert_cmpint (i, ==, 3);
  g_assert_cmpuint (prefs_problems_get_count (problems), ==, 6);

  problem = g_ptr_array_index (prefs_problems_get_items (problems), 0);
  g_assert_cmpstr (problem->path, ==, "root.n");
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);
  g_assert_cmpstr (problem->message, ==, "expected a string, got null");

  problem = g_ptr_array_index (prefs_problems_get_items (problems), 1);
  g_assert_cmpstr (problem->message, ==, "expected a string or null, got a number");

  problem = g_ptr_array_index (prefs_problems_get_items (problems), 2);
  g_assert_cmpstr (problem->path, ==, "root.gone");
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_MISSING_FIELD);

  problem = g_ptr_array_index (prefs_problems_get_items (problems), 3);
  g_assert_cmpstr (problem->path, ==, "root.neg");
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_INVALID_VALUE);
  g_assert_cmpstr (problem->message, ==, "must be at least 0, got -1");

  problem = g_ptr_array_index (prefs_problems_get_items (problems), 4);
  g_assert_cmpint (problem->code, ==, PREFS_PARSE_ERROR_WRONG_TYPE);

  problem = g_ptr_array_index (prefs_problems_get_items (problems), 5);
  g_assert_cmpstr (problem->message, ==, "expected an integer, got a boolean");
}

static void
test_channel_types (void)
{
  const char *expected[PREFS_N_CHANNEL_TYPES] = {
    "email", "in_app_feed", "sms", "push", "chat", "http",
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (PREFS_TYPE_CHANNEL_TYPE);
  PrefsChannelType type = PREFS_CHANNEL_TYPE_CHAT;

  g_assert_cmpuint (klass->n_values, ==, PREFS_N_CHANNEL_TYPES);

  for (guint i = 0; i < PREFS_N_CHANNEL_TYPES; i++)
    {
      PrefsChannelType parsed = PREFS_N_CHANNEL_TYPES;

      g_assert_cmpstr (prefs_channel_type_to_string (i), ==, expected[i]);
      g_assert_true (prefs_channel_type_from_string (expected[i], &parsed));
      g_assert_cmpint (parsed, ==, i);
      g_assert_cmpstr (g_enum_get_value (klass, (int) i)->value_nick, ==, expected[i]);
    }

  g_assert_false (prefs_channel_type_from_string ("fax", &type));
  g_assert_false (prefs_channel_type_from_string ("EMAIL", &type));
  g_assert_false (prefs_channel_type_from_string ("", &type));
  g_assert_false (prefs_channel_type_from_string ("email ", &type));
  g_assert_false (prefs_channel_type_from_string (NULL, &type));
  g_assert_cmpint (type, ==, PREFS_CHANNEL_TYPE_CHAT);
  g_assert_true (prefs_channel_type_from_string ("sms", NULL));
  g_assert_null (prefs_channel_type_to_string (PREFS_N_CHANNEL_TYPES));
}

static void
test_operators (void)
{
  /* The spec's Condition.operator enum, in its own order. */
  const char *spec[] = {
    "equal_to", "not_equal_to", "greater_than", "less_than", "greater_than_or_equal_to",
    "less_than_or_equal_to", "contains", "not_contains", "empty", "not_empty", "exists",
    "not_exists", "contains_all", "not_contains_all", "is_timestamp", "is_not_timestamp",
    "is_timestamp_on_or_after", "is_timestamp_before", "is_timestamp_on_or_after_date",
    "is_timestamp_before_date", "is_timestamp_between", "is_between", "is_audience_member",
    "is_not_audience_member",
  };
  const char *unary[] = {
    "empty", "not_empty", "exists", "not_exists", "is_timestamp", "is_not_timestamp", NULL,
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (PREFS_TYPE_OPERATOR);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  PrefsOperator op = PREFS_OPERATOR_IS_BETWEEN;
  guint n_unary = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (spec) == PREFS_N_OPERATORS);
  g_assert_cmpuint (klass->n_values, ==, PREFS_N_OPERATORS);

  for (guint i = 0; i < G_N_ELEMENTS (spec); i++)
    {
      PrefsOperator parsed = PREFS_N_OPERATORS;

      g_assert_true (prefs_operator_from_string (spec[i], &parsed));
      g_assert_cmpstr (prefs_operator_to_string (parsed), ==, spec[i]);
      g_assert_cmpstr (g_enum_get_value (klass, (int) parsed)->value_nick, ==, spec[i]);
      g_assert_false (g_hash_table_contains (seen, spec[i]));
      g_hash_table_add (seen, (gpointer) spec[i]);
    }

  for (guint i = 0; i < PREFS_N_OPERATORS; i++)
    {
      gboolean is_unary = g_strv_contains (unary, prefs_operator_to_string (i));

      g_assert_cmpint (prefs_operator_takes_argument (i), ==, !is_unary);
      if (is_unary)
        n_unary++;
    }
  g_assert_cmpuint (n_unary, ==, G_N_ELEMENTS (unary) - 1);

  g_assert_false (prefs_operator_from_string ("equals", &op));
  g_assert_false (prefs_operator_from_string ("EQUAL_TO", &op));
  g_assert_false (prefs_operator_from_string ("", &op));
  g_assert_false (prefs_operator_from_string (NULL, &op));
  g_assert_cmpint (op, ==, PREFS_OPERATOR_IS_BETWEEN);
  g_assert_null (prefs_operator_to_string (PREFS_N_OPERATORS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/parse/valid", test_parse_valid);
  g_test_add_func ("/core/json/parse/empty", test_parse_empty);
  g_test_add_func ("/core/json/parse/truncated", test_parse_truncated);
  g_test_add_func ("/core/json/parse/garbage", test_parse_garbage);
  g_test_add_func ("/core/json/parse/strict-grammar", test_parse_strict_grammar);
  g_test_add_func ("/core/json/parse/invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/core/json/parse/too-large", test_parse_too_large);
  g_test_add_func ("/core/json/parse/at-size-limit", test_parse_at_size_limit);
  g_test_add_func ("/core/json/parse/too-deep", test_parse_too_deep);
  g_test_add_func ("/core/json/parse/depth-limit", test_parse_depth_limit);
  g_test_add_func ("/core/json/parse/brackets-in-strings", test_parse_brackets_in_strings);
  g_test_add_func ("/core/json/to-string/sorted", test_to_string_sorted);
  g_test_add_func ("/core/json/to-string/pretty", test_to_string_pretty);
  g_test_add_func ("/core/json/to-string/escaping", test_to_string_escaping);
  g_test_add_func ("/core/json/to-string/numbers", test_to_string_numbers);
  g_test_add_func ("/core/json/equal", test_equal);
  g_test_add_func ("/core/json/describe-type", test_describe_type);
  g_test_add_func ("/core/json/problems", test_problems);
  g_test_add_func ("/core/json/path-join", test_path_join);
  g_test_add_func ("/core/json/sorted-copy", test_sorted_copy);
  g_test_add_func ("/core/json/read-helpers", test_read_helpers);
  g_test_add_func ("/core/types/channel-types", test_channel_types);
  g_test_add_func ("/core/types/operators", test_operators);

  return g_test_run ();
}

/* prefs-json.c: bounded, checked JSON for data that comes from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-json"

#include "config.h"

#include "prefs-json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (prefs-parse-error-quark, prefs_parse_error)

struct _PrefsProblems
{
  GPtrArray *items;
};

/**
 * prefs_problem_free:
 * @problem: (nullable): a problem
 *
 * Frees a problem and its strings.
 */
void
prefs_problem_free (PrefsProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

/**
 * prefs_problems_new:
 *
 * Returns: (transfer full): an empty collector of problems.
 */
PrefsProblems *
prefs_problems_new (void)
{
  PrefsProblems *problems = g_new0 (PrefsProblems, 1);

  problems->items = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_problem_free);

  return problems;
}

/**
 * prefs_problems_free:
 * @problems: (nullable): a collector
 *
 * Frees the collector and every problem in it.
 */
void
prefs_problems_free (PrefsProblems *problems)
{
  if (problems == NULL)
    return;

  g_ptr_array_unref (problems->items);
  g_free (problems);
}

/**
 * prefs_problems_add:
 * @problems: a collector
 * @path: (nullable): dotted path of the field, "" or %NULL for the root
 * @code: what kind of problem
 * @format: printf-style message, without the path
 *
 * Records one problem.
 */
void
prefs_problems_add (PrefsProblems   *problems,
                    const char      *path,
                    PrefsParseError  code,
                    const char      *format,
                    ...)
{
  PrefsProblem *problem;
  va_list args;

  g_return_if_fail (problems != NULL);
  g_return_if_fail (format != NULL);

  problem = g_new0 (PrefsProblem, 1);
  problem->path = g_strdup (path != NULL ? path : "");
  problem->code = code;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems->items, problem);
}

/**
 * prefs_problems_get_count:
 * @problems: a collector
 *
 * Returns: how many problems were added.
 */
guint
prefs_problems_get_count (PrefsProblems *problems)
{
  g_return_val_if_fail (problems != NULL, 0);

  return problems->items->len;
}

/**
 * prefs_problems_get_items:
 * @problems: a collector
 *
 * Returns: (element-type PrefsProblem) (transfer none): the problems in the
 *   order they were added.
 */
GPtrArray *
prefs_problems_get_items (PrefsProblems *problems)
{
  g_return_val_if_fail (problems != NULL, NULL);

  return problems->items;
}

/**
 * prefs_problems_to_error:
 * @problems: a collector
 * @error: return location for the combined error
 *
 * Turns every problem into one error, so a caller sees all of them at once.
 * The error has the code of the first problem; its message has one line per
 * problem, "path: message", or the message alone for the root.
 *
 * Returns: %TRUE if there was no problem; %FALSE with @error set otherwise.
 */
gboolean
prefs_problems_to_error (PrefsProblems  *problems,
                         GError        **error)
{
  g_autoptr(GString) message = NULL;
  PrefsProblem *first;

  g_return_val_if_fail (problems != NULL, FALSE);

  if (problems->items->len == 0)
    return TRUE;

  message = g_string_new (NULL);

  for (guint i = 0; i < problems->items->len; i++)
    {
      PrefsProblem *problem = g_ptr_array_index (problems->items, i);

      if (i > 0)
        g_string_append_c (message, '\n');
      if (problem->path[0] != '\0')
        g_string_append_printf (message, "%s: ", problem->path);
      g_string_append (message, problem->message);
    }

  first = g_ptr_array_index (problems->items, 0);
  g_set_error_literal (error, PREFS_PARSE_ERROR, first->code, message->str);

  return FALSE;
}

/**
 * prefs_path_join:
 * @parent: (nullable): the parent's path, "" or %NULL for the root
 * @key: a member name or an array index
 *
 * Returns: (transfer full): "parent.key", or "key" at the root.
 */
char *
prefs_path_join (const char *parent,
                 const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (parent == NULL || parent[0] == '\0')
    return g_strdup (key);

  return g_strconcat (parent, ".", key, NULL);
}

static gboolean
fail_at (GError     **error,
         const char  *what,
         gsize        offset)
{
  g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
               "%s at byte offset %" G_GSIZE_FORMAT, what, offset);
  return FALSE;
}

/* Checks one escape after a backslash at data[*i]; leaves *i on its last byte. */
static gboolean
check_escape (const char  *data,
              gsize        length,
              gsize       *i,
              GError     **error)
{
  gsize start = *i;

  *i += 1;
  if (*i >= length)
    return fail_at (error, "Unterminated string", start);

  switch (data[*i])
    {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
      return TRUE;

    case 'u':
      for (guint k = 0; k < 4; k++)
        {
          *i += 1;
          if (*i >= length || !g_ascii_isxdigit (data[*i]))
            return fail_at (error, "Invalid \\u escape", start);
        }
      return TRUE;

    default:
      return fail_at (error, "Invalid escape", start);
    }
}

/* Checks a number against JSON's grammar, which json-glib does not: it takes
 * hex, leading zeros and ".5", and wraps integers that overflow. Leaves *i
 * on the number's last byte. */
static gboolean
check_number (const char  *data,
              gsize        length,
              gsize       *i,
              GError     **error)
{
  gsize start = *i;
  gsize p = *i;
  gsize int_start;
  gboolean is_integer = TRUE;

  if (data[p] == '-')
    p++;

  int_start = p;
  if (p < length && data[p] == '0')
    p++;
  else if (p < length && data[p] >= '1' && data[p] <= '9')
    while (p < length && g_ascii_isdigit (data[p]))
      p++;
  else
    return fail_at (error, "Invalid number", start);

  if (p < length && data[p] == '.')
    {
      is_integer = FALSE;
      p++;
      if (p >= length || !g_ascii_isdigit (data[p]))
        return fail_at (error, "Invalid number", start);
      while (p < length && g_ascii_isdigit (data[p]))
        p++;
    }

  if (p < length && (data[p] == 'e' || data[p] == 'E'))
    {
      is_integer = FALSE;
      p++;
      if (p < length && (data[p] == '+' || data[p] == '-'))
        p++;
      if (p >= length || !g_ascii_isdigit (data[p]))
        return fail_at (error, "Invalid number", start);
      while (p < length && g_ascii_isdigit (data[p]))
        p++;
    }

  if (p < length && (g_ascii_isalnum (data[p]) || data[p] == '.' || data[p] == '-' ||
                     data[p] == '+'))
    return fail_at (error, "Invalid number", start);

  if (is_integer)
    {
      /* Compare digit strings: 19 digits may still be too many. */
      const char *limit = data[start] == '-' ? "9223372036854775808" : "9223372036854775807";
      gsize n_digits = p - int_start;

      if (n_digits > 19 ||
          (n_digits == 19 && memcmp (data + int_start, limit, 19) > 0))
        return fail_at (error, "Integer out of range", start);
    }
  else
    {
      /* JSON has no infinities; 1e400 would read as one. */
      g_autofree char *text = g_strndup (data + start, p - start);

      if (!isfinite (g_ascii_strtod (text, NULL)))
        return fail_at (error, "Number out of range", start);
    }

  *i = p - 1;
  return TRUE;
}

/* Walks the raw bytes once, before json-glib sees them, so that nesting is
 * bounded without recursion and json-glib's extensions (comments, single
 * quotes, hex numbers, bare words) are refused: they would let a '"' hide
 * brackets from this scan, or read a document differently from other JSON
 * parsers. The grammar of the structure itself is left to json-glib. */
static gboolean
check_structure (const char  *data,
                 gsize        length,
                 GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (!check_escape (data, length, &i, error))
                return FALSE;
            }
          else if (c == '"')
            {
              in_string = FALSE;
            }
          else if (c < 0x20)
            {
              g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
                           "Unescaped control character 0x%02x in a string at byte offset %"
                           G_GSIZE_FORMAT, c, i);
              return FALSE;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          depth++;
          if (depth > PREFS_JSON_MAX_DEPTH)
            {
              g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_TOO_DEEP,
                           "Nesting deeper than %d levels at byte offset %" G_GSIZE_FORMAT,
                           PREFS_JSON_MAX_DEPTH, i);
              return FALSE;
            }
          break;

        case ']':
        case '}':
          /* Unbalanced closers are json-glib's to report. */
          if (depth > 0)
            depth--;
          break;

        case ' ': case '\t': case '\n': case '\r':
        case ':': case ',':
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!check_number (data, length, &i, error))
            return FALSE;
          break;

        case 't': case 'f': case 'n':
          {
            const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
            gsize n = strlen (word);

            if (length - i < n || memcmp (data + i, word, n) != 0 ||
                (length - i > n && g_ascii_isalnum (data[i + n])))
              return fail_at (error, "Unexpected word", i);
            i += n - 1;
          }
          break;

        default:
          if (g_ascii_isalpha (c))
            return fail_at (error, "Unexpected word", i);

          if (c < 0x20 || c >= 0x7f)
            g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
                         "Unexpected byte 0x%02x at byte offset %" G_GSIZE_FORMAT, c, i);
          else
            g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
                         "Unexpected character '%c' at byte offset %" G_GSIZE_FORMAT, c, i);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * prefs_json_parse:
 * @data: (nullable): the bytes to parse
 * @length: length of @data in bytes, or -1 if it is NUL-terminated
 * @error: return location for a %PREFS_PARSE_ERROR
 *
 * Parses untrusted bytes. Size, UTF-8 and nesting depth are checked before
 * json-glib sees them, so a hostile body can exhaust neither memory nor the
 * stack. Empty input is not JSON.
 *
 * Returns: (transfer full) (nullable): the root node, or %NULL with @error set.
 */
JsonNode *
prefs_json_parse (const char  *data,
                  gssize       length,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  const char *end = NULL;
  gsize len;

  if (data == NULL)
    {
      g_set_error_literal (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
                           "No data to parse");
      return NULL;
    }

  if (length < 0)
    len = strlen (data);
  else
    len = (gsize) length;

  if (len > PREFS_JSON_MAX_BYTES)
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_TOO_LARGE,
                   "Document is %" G_GSIZE_FORMAT " bytes, over the limit of %d bytes",
                   len, PREFS_JSON_MAX_BYTES);
      return NULL;
    }

  if (!g_utf8_validate (data, (gssize) len, &end))
    {
      gsize offset = (gsize) (end - data);

      /* g_utf8_validate stops at a NUL byte too; NUL is valid UTF-8 but
       * never valid JSON outside a string, nor raw inside one. */
      if (offset < len && data[offset] == '\0')
        g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
                     "NUL byte at byte offset %" G_GSIZE_FORMAT, offset);
      else
        g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_UTF8,
                     "Invalid UTF-8 at byte offset %" G_GSIZE_FORMAT, offset);
      return NULL;
    }

  if (!check_structure (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
                   "Invalid JSON: %s", local_error->message);
      return NULL;
    }

  /* json-glib accepts empty or all-blank input with no root. */
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_JSON,
                           "Invalid JSON: the document is empty");
      return NULL;
    }

  return root;
}

static void
append_string (GString    *out,
               const char *str)
{
  g_autofree char *valid = NULL;

  /* Nodes built by code may hold anything; never write invalid UTF-8. */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');

  for (const guchar *p = (const guchar *) str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }

  g_string_append_c (out, '"');
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN or infinities. */
  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  /* The shortest of these that reads back as the same double. */
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);

  /* Keep it a double when read back. */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
append_indent (GString *out,
               gboolean pretty,
               guint    level)
{
  if (!pretty)
    return;

  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp ((const char *) a, (const char *) b);
}

static void
append_node (GString  *out,
             JsonNode *node,
             gboolean  pretty,
             guint     level)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        default:
          /* json-glib holds nothing else; write valid JSON regardless. */
          g_string_append (out, "null");
          break;
        }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_indent (out, pretty, level + 1);
            append_node (out, json_array_get_element (array, i), pretty, level + 1);
          }
        if (n > 0)
          append_indent (out, pretty, level);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        GList *members = json_object_get_members (object);
        gboolean first = TRUE;

        members = g_list_sort (members, compare_keys);

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            const char *key = l->data;

            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_indent (out, pretty, level + 1);
            append_string (out, key);
            g_string_append (out, pretty ? ": " : ":");
            append_node (out, json_object_get_member (object, key), pretty, level + 1);
          }
        if (members != NULL)
          append_indent (out, pretty, level);
        g_string_append_c (out, '}');

        g_list_free (members);
      }
      break;

    default:
      g_string_append (out, "null");
      break;
    }
}

/**
 * prefs_json_to_string:
 * @node: a node
 * @pretty: whether to indent by two spaces, one member per line
 *
 * Serializes with object members sorted by key (byte order) at every level,
 * so equal documents give equal bytes. Doubles are written with enough
 * digits to read back exactly; strings escape quotes, backslashes and
 * control characters and keep other UTF-8 as it is.
 *
 * Returns: (transfer full): the JSON text.
 */
char *
prefs_json_to_string (JsonNode *node,
                      gboolean  pretty)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  append_node (out, node, pretty, 0);

  return g_string_free (out, FALSE);
}

static gboolean
is_number (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
values_equal (JsonNode *a,
              JsonNode *b)
{
  GType ta = json_node_get_value_type (a);
  GType tb = json_node_get_value_type (b);

  if (is_number (a) && is_number (b))
    {
      if (ta == G_TYPE_INT64 && tb == G_TYPE_INT64)
        return json_node_get_int (a) == json_node_get_int (b);

      if (ta == G_TYPE_DOUBLE && tb == G_TYPE_DOUBLE)
        return json_node_get_double (a) == json_node_get_double (b);

      /* Mixed: equal only if the double is exactly that integer. */
      {
        gint64 i = ta == G_TYPE_INT64 ? json_node_get_int (a) : json_node_get_int (b);
        double d = ta == G_TYPE_DOUBLE ? json_node_get_double (a) : json_node_get_double (b);

        if (!isfinite (d) || d != floor (d) || d < -9223372036854775808.0 ||
            d >= 9223372036854775808.0)
          return FALSE;

        return (gint64) d == i;
      }
    }

  if (ta != tb)
    return FALSE;

  if (ta == G_TYPE_BOOLEAN)
    return !json_node_get_boolean (a) == !json_node_get_boolean (b);

  if (ta == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;

  return FALSE;
}

/**
 * prefs_json_equal:
 * @a: (nullable): a node
 * @b: (nullable): another node
 *
 * Deep structural equality: object member order does not matter, array
 * order does, and an integer equals a double of the same value.
 *
 * Returns: %TRUE if @a and @b hold the same document; two %NULL are equal.
 */
gboolean
prefs_json_equal (JsonNode *a,
                  JsonNode *b)
{
  JsonNodeType type;

  if (a == NULL || b == NULL)
    return a == b;

  if (a == b)
    return TRUE;

  type = json_node_get_node_type (a);
  if (type != json_node_get_node_type (b))
    return FALSE;

  switch (type)
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      return values_equal (a, b);

    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);
        guint n = json_array_get_length (aa);

        if (n != json_array_get_length (ab))
          return FALSE;

        for (guint i = 0; i < n; i++)
          {
            if (!prefs_json_equal (json_array_get_element (aa, i),
                                   json_array_get_element (ab, i)))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        JsonObjectIter iter;
        const char *key;
        JsonNode *member;

        if (json_object_get_size (oa) != json_object_get_size (ob))
          return FALSE;

        json_object_iter_init (&iter, oa);
        while (json_object_iter_next (&iter, &key, &member))
          {
            JsonNode *other = json_object_get_member (ob, key);

            if (other == NULL || !prefs_json_equal (member, other))
              return FALSE;
          }
        return TRUE;
      }

    default:
      return FALSE;
    }
}

/**
 * prefs_json_describe_type:
 * @node: (nullable): a node
 *
 * Returns: (transfer none): the node's type for messages: "null",
 *   "a boolean", "a number", "a string", "an array" or "an object".
 */
const char *
prefs_json_describe_type (JsonNode *node)
{
  if (node == NULL)
    return "null";

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return "null";

    case JSON_NODE_ARRAY:
      return "an array";

    case JSON_NODE_OBJECT:
      return "an object";

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          return "a boolean";
        case G_TYPE_INT64:
        case G_TYPE_DOUBLE:
          return "a number";
        case G_TYPE_STRING:
          return "a string";
        default:
          return "a value";
        }

    default:
      return "a value";
    }
}

/**
 * prefs_json_sorted_copy:
 * @node: a node
 *
 * Copies @node deeply, inserting object members in key (byte) order at
 * every level, so that JsonGenerator writes them sorted too.
 *
 * Returns: (transfer full): a mutable copy.
 */
JsonNode *
prefs_json_sorted_copy (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        JsonArray *copy = json_array_sized_new (n);

        for (guint i = 0; i < n; i++)
          json_array_add_element (copy, prefs_json_sorted_copy (json_array_get_element (array,
                                                                                        i)));
        return json_node_init_array (json_node_alloc (), copy);
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *copy = json_object_new ();
        GList *members = g_list_sort (json_object_get_members (object), compare_keys);
        JsonNode *result;

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (copy, l->data,
                                  prefs_json_sorted_copy (json_object_get_member (object,
                                                                                  l->data)));
        g_list_free (members);

        result = json_node_init_object (json_node_alloc (), copy);
        json_object_unref (copy);
        return result;
      }

    case JSON_NODE_NULL:
    case JSON_NODE_VALUE:
    default:
      {
        JsonNode *copy = json_node_copy (node);

        /* A copy of a sealed value is sealed too; the result is meant to be
         * editable, so build a fresh one. */
        if (json_node_is_immutable (copy))
          {
            json_node_unref (copy);
            copy = json_node_alloc ();
            if (JSON_NODE_HOLDS_NULL (node))
              json_node_init_null (copy);
            else
              {
                GValue value = G_VALUE_INIT;

                json_node_get_value (node, &value);
                json_node_init (copy, JSON_NODE_VALUE);
                json_node_set_value (copy, &value);
                g_value_unset (&value);
              }
          }
        return copy;
      }
    }
}

static JsonNode *
lookup_member (JsonObject     *object,
               const char     *path,
               const char     *key,
               PrefsJsonFlags  flags,
               gboolean       *ok,
               PrefsProblems  *problems)
{
  JsonNode *member = json_object_get_member (object, key);

  *ok = TRUE;

  if (member == NULL && (flags & PREFS_JSON_REQUIRED) != 0)
    {
      g_autofree char *member_path = prefs_path_join (path, key);

      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_MISSING_FIELD,
                          "required field is missing");
      *ok = FALSE;
    }

  return member;
}

/**
 * prefs_json_read_string:
 * @object: the object holding the member
 * @path: (nullable): the object's path, for messages
 * @key: the member's name
 * @flags: whether the member is required and whether null is allowed
 * @out_value: (inout): replaced with a copy of the string (NULL for an
 *   accepted null); untouched when the member is absent
 * @problems: where problems go
 *
 * Returns: %FALSE if a problem was added.
 */
gboolean
prefs_json_read_string (JsonObject      *object,
                        const char      *path,
                        const char      *key,
                        PrefsJsonFlags   flags,
                        char           **out_value,
                        PrefsProblems   *problems)
{
  g_autofree char *member_path = NULL;
  JsonNode *member;
  gboolean ok;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  member = lookup_member (object, path, key, flags, &ok, problems);
  if (member == NULL)
    return ok;

  if (JSON_NODE_HOLDS_NULL (member) && (flags & PREFS_JSON_NULLABLE) != 0)
    {
      g_clear_pointer (out_value, g_free);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      char *copy = g_strdup (json_node_get_string (member));

      g_free (*out_value);
      *out_value = copy;
      return TRUE;
    }

  member_path = prefs_path_join (path, key);
  prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                      "expected a string%s, got %s",
                      (flags & PREFS_JSON_NULLABLE) != 0 ? " or null" : "",
                      prefs_json_describe_type (member));
  return FALSE;
}

/**
 * prefs_json_read_int:
 * @object: the object holding the member
 * @path: (nullable): the object's path, for messages
 * @key: the member's name
 * @flags: whether the member is required and whether null is allowed
 * @min: smallest value accepted
 * @max: largest value accepted
 * @out_value: (inout): replaced with the value; untouched when the member
 *   is absent or an accepted null
 * @problems: where problems go
 *
 * Returns: %FALSE if a problem was added.
 */
gboolean
prefs_json_read_int (JsonObject     *object,
                     const char     *path,
                     const char     *key,
                     PrefsJsonFlags  flags,
                     gint64          min,
                     gint64          max,
                     gint64         *out_value,
                     PrefsProblems  *problems)
{
  g_autofree char *member_path = NULL;
  JsonNode *member;
  gboolean ok;
  gint64 value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  member = lookup_member (object, path, key, flags, &ok, problems);
  if (member == NULL)
    return ok;

  if (JSON_NODE_HOLDS_NULL (member) && (flags & PREFS_JSON_NULLABLE) != 0)
    return TRUE;

  member_path = prefs_path_join (path, key);

  if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
    {
      value = json_node_get_int (member);
    }
  else if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (member);

      /* 25.0 is an integer written oddly; 2.5 is not one. */
      if (!isfinite (d) || d != floor (d))
        {
          prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                              "expected an integer, got a number with a fraction");
          return FALSE;
        }
      if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        {
          if (d > 0)
            prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                                "must be at most %" G_GINT64_FORMAT ", got %g", max, d);
          else
            prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                                "must be at least %" G_GINT64_FORMAT ", got %g", min, d);
          return FALSE;
        }
      value = (gint64) d;
    }
  else
    {
      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an integer%s, got %s",
                          (flags & PREFS_JSON_NULLABLE) != 0 ? " or null" : "",
                          prefs_json_describe_type (member));
      return FALSE;
    }

  if (value < min)
    {
      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                          "must be at least %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
                          min, value);
      return FALSE;
    }

  if (value > max)
    {
      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                          "must be at most %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
                          max, value);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

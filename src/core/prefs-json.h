/* prefs-json.h: bounded, checked JSON for data that comes from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PREFS_PARSE_ERROR (prefs_parse_error_quark ())

/* Codes of PREFS_PARSE_ERROR. When several problems are found at once the
 * error has the code of the first one and its message lists all of them,
 * one per line, each starting with the field path. */
typedef enum
{
  PREFS_PARSE_ERROR_INVALID_JSON,         /* not JSON at all, or truncated */
  PREFS_PARSE_ERROR_INVALID_UTF8,
  PREFS_PARSE_ERROR_TOO_LARGE,            /* over the size bound */
  PREFS_PARSE_ERROR_TOO_DEEP,             /* over the nesting bound */
  PREFS_PARSE_ERROR_WRONG_TYPE,           /* e.g. a number where a bool belongs */
  PREFS_PARSE_ERROR_MISSING_FIELD,
  PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE,
  PREFS_PARSE_ERROR_UNKNOWN_OPERATOR,
  PREFS_PARSE_ERROR_INVALID_VALUE,        /* right type, value not allowed */
} PrefsParseError;

GQuark prefs_parse_error_quark (void);

/* Bounds applied to every document parsed from outside. */
#define PREFS_JSON_MAX_BYTES (4 * 1024 * 1024)
#define PREFS_JSON_MAX_DEPTH 32

/* One problem found while reading a document: where and what. */
typedef struct
{
  char            *path;     /* dotted field path, "" for the root */
  PrefsParseError  code;
  char            *message;  /* the problem alone, without the path */
} PrefsProblem;

void          prefs_problem_free        (PrefsProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsProblem, prefs_problem_free)

/* Collects problems; turns them into one GError. */
typedef struct _PrefsProblems PrefsProblems;

PrefsProblems *prefs_problems_new          (void);
void           prefs_problems_free         (PrefsProblems   *problems);
void           prefs_problems_add          (PrefsProblems   *problems,
                                            const char      *path,
                                            PrefsParseError  code,
                                            const char      *format,
                                            ...) G_GNUC_PRINTF (4, 5);
guint          prefs_problems_get_count    (PrefsProblems   *problems);
/* (element-type PrefsProblem) (transfer none) */
GPtrArray     *prefs_problems_get_items    (PrefsProblems   *problems);
/* Returns FALSE and sets @error ("path: message" lines) if any problem was added. */
gboolean       prefs_problems_to_error     (PrefsProblems   *problems,
                                            GError         **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsProblems, prefs_problems_free)

/* Joins a parent path and a key: ("workflows", "a") -> "workflows.a"; ("", "a") -> "a". */
char         *prefs_path_join           (const char  *parent,
                                         const char  *key);

/* Parses untrusted bytes: checks size, UTF-8 and nesting depth before
 * handing them to json-glib, so a hostile body cannot exhaust the stack.
 * Returns the root node or NULL with a PREFS_PARSE_ERROR. */
JsonNode     *prefs_json_parse          (const char  *data,
                                         gssize       length,
                                         GError     **error);

/* Serializes with object members sorted by key (byte order) at every level,
 * so equal documents give equal bytes. @pretty indents by two spaces. */
char         *prefs_json_to_string      (JsonNode    *node,
                                         gboolean     pretty);

/* Deep structural equality; object member order does not matter, integers
 * and doubles compare by value. NULL equals NULL. */
gboolean      prefs_json_equal          (JsonNode    *a,
                                         JsonNode    *b);

/* The name of a node's type for error messages: "a string", "a number"... */
const char   *prefs_json_describe_type  (JsonNode    *node);

/* Deep copy whose objects have their members inserted in key (byte) order
 * at every level, for callers that hand nodes to JsonGenerator. The copy
 * is mutable. */
JsonNode     *prefs_json_sorted_copy    (JsonNode    *node);

/* How prefs_json_read_string() and prefs_json_read_int() treat a member. */
typedef enum
{
  PREFS_JSON_OPTIONAL = 0,
  PREFS_JSON_REQUIRED = 1 << 0,   /* missing is a MISSING_FIELD problem */
  PREFS_JSON_NULLABLE = 1 << 1,   /* null is accepted (a string reads as NULL) */
} PrefsJsonFlags;

/* Reads member @key of @object (found at @path) as a string into
 * @out_value (replacing what it held; untouched when the member is absent).
 * Problems go to @problems under "path.key". Returns FALSE on a problem. */
gboolean      prefs_json_read_string    (JsonObject     *object,
                                         const char     *path,
                                         const char     *key,
                                         PrefsJsonFlags  flags,
                                         char          **out_value,
                                         PrefsProblems  *problems);
/* The same for an integer within [@min, @max] (a number with a fraction is
 * WRONG_TYPE, out of range INVALID_VALUE). A null, when @flags allow it,
 * leaves @out_value untouched. */
gboolean      prefs_json_read_int       (JsonObject     *object,
                                         const char     *path,
                                         const char     *key,
                                         PrefsJsonFlags  flags,
                                         gint64          min,
                                         gint64          max,
                                         gint64         *out_value,
                                         PrefsProblems  *problems);

G_END_DECLS

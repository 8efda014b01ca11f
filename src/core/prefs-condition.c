/* prefs-condition.c: one condition of a preference entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-condition"

#include "config.h"

#include "prefs-condition.h"

struct _PrefsCondition
{
  gatomicrefcount  ref_count;
  char            *variable;
  PrefsOperator    op;
  char            *argument;
  /* Members we do not know, kept so that a round trip loses nothing. */
  JsonObject      *extra;
};

G_DEFINE_BOXED_TYPE (PrefsCondition, prefs_condition, prefs_condition_ref, prefs_condition_unref)

static PrefsCondition *
condition_alloc (const char    *variable,
                 PrefsOperator  op,
                 const char    *argument)
{
  PrefsCondition *self = g_new0 (PrefsCondition, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->variable = g_strdup (variable);
  self->op = op;
  self->argument = g_strdup (argument);
  self->extra = json_object_new ();

  return self;
}

/**
 * prefs_condition_new:
 * @variable: the variable to test, such as "recipient.country_code"
 * @op: the operator
 * @argument: (nullable): the argument, NULL for the unary operators
 *
 * Returns: (transfer full): a new condition
 */
PrefsCondition *
prefs_condition_new (const char    *variable,
                     PrefsOperator  op,
                     const char    *argument)
{
  g_return_val_if_fail (variable != NULL, NULL);
  g_return_val_if_fail ((guint) op < PREFS_N_OPERATORS, NULL);

  return condition_alloc (variable, op, argument);
}

/**
 * prefs_condition_ref:
 * @self: a condition
 *
 * Returns: (transfer full): @self
 */
PrefsCondition *
prefs_condition_ref (PrefsCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * prefs_condition_unref:
 * @self: a condition
 *
 * Drops a reference; frees the condition with the last one.
 */
void
prefs_condition_unref (PrefsCondition *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->variable);
  g_free (self->argument);
  json_object_unref (self->extra);
  g_free (self);
}

/**
 * prefs_condition_get_variable:
 * @self: a condition
 *
 * Returns: the variable tested
 */
const char *
prefs_condition_get_variable (PrefsCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->variable;
}

/**
 * prefs_condition_get_operator:
 * @self: a condition
 *
 * Returns: the operator
 */
PrefsOperator
prefs_condition_get_operator (PrefsCondition *self)
{
  g_return_val_if_fail (self != NULL, PREFS_OPERATOR_EQUAL_TO);

  return self->op;
}

/**
 * prefs_condition_get_argument:
 * @self: a condition
 *
 * Returns: (nullable): the argument, NULL when it is null
 */
const char *
prefs_condition_get_argument (PrefsCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->argument;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node;
}

/**
 * prefs_condition_equal:
 * @a: a condition
 * @b: a condition
 *
 * Returns: TRUE if both say the same, unknown members included
 */
gboolean
prefs_condition_equal (PrefsCondition *a,
                       PrefsCondition *b)
{
  g_autoptr(JsonNode) extra_a = NULL;
  g_autoptr(JsonNode) extra_b = NULL;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->op != b->op ||
      g_strcmp0 (a->variable, b->variable) != 0 ||
      g_strcmp0 (a->argument, b->argument) != 0)
    return FALSE;

  extra_a = object_node (a->extra);
  extra_b = object_node (b->extra);
  return prefs_json_equal (extra_a, extra_b);
}

/**
 * prefs_condition_to_display:
 * @self: a condition
 *
 * Returns: (transfer full): a one-line text such as
 *   "recipient.country_code equal_to US"
 */
char *
prefs_condition_to_display (PrefsCondition *self)
{
  const char *op;

  g_return_val_if_fail (self != NULL, NULL);

  op = prefs_operator_to_string (self->op);
  if (self->argument == NULL)
    return g_strdup_printf ("%s %s", self->variable, op);

  return g_strdup_printf ("%s %s %s", self->variable, op, self->argument);
}

/* Reads a required string member; NULL after reporting a problem. With
 * @nullable, a JSON null is accepted: *out_null tells it apart. */
static gboolean
read_string_member (JsonObject     *object,
                    const char     *member,
                    const char     *path,
                    gboolean        nullable,
                    PrefsProblems  *problems,
                    const char    **out_value)
{
  g_autofree char *member_path = prefs_path_join (path, member);
  JsonNode *node;

  *out_value = NULL;

  if (!json_object_has_member (object, member))
    {
      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_MISSING_FIELD,
                          "required field is missing");
      return FALSE;
    }

  node = json_object_get_member (object, member);
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected a string%s, got %s",
                          nullable ? " or null" : "",
                          prefs_json_describe_type (node));
      return FALSE;
    }

  *out_value = json_node_get_string (node);
  return TRUE;
}

/**
 * prefs_condition_from_json:
 * @node: the JSON of one condition
 * @path: the field path of @node, for problems
 * @problems: where problems go
 *
 * Reads {variable, operator, argument}; all three are required, argument may
 * be null. Other members are kept.
 *
 * Returns: (transfer full) (nullable): the condition, NULL if any problem
 */
PrefsCondition *
prefs_condition_from_json (JsonNode      *node,
                           const char    *path,
                           PrefsProblems *problems)
{
  JsonObject *object;
  const char *variable = NULL;
  const char *op_name = NULL;
  const char *argument = NULL;
  PrefsOperator op = PREFS_OPERATOR_EQUAL_TO;
  gboolean ok = TRUE;
  PrefsCondition *self;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected a condition object, got %s",
                          prefs_json_describe_type (node));
      return NULL;
    }

  object = json_node_get_object (node);

  if (read_string_member (object, "variable", path, FALSE, problems, &variable) &&
      variable[0] == '\0')
    {
      g_autofree char *member_path = prefs_path_join (path, "variable");

      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                          "must not be empty");
      ok = FALSE;
    }
  else if (variable == NULL)
    ok = FALSE;

  if (!read_string_member (object, "operator", path, FALSE, problems, &op_name))
    ok = FALSE;
  else if (!prefs_operator_from_string (op_name, &op))
    {
      g_autofree char *member_path = prefs_path_join (path, "operator");

      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_UNKNOWN_OPERATOR,
                          "unknown operator \"%s\"", op_name);
      ok = FALSE;
    }

  if (!read_string_member (object, "argument", path, TRUE, problems, &argument))
    ok = FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (member[0] == '\0')
        {
          prefs_problems_add (problems, path, PREFS_PARSE_ERROR_INVALID_VALUE,
                              "empty keys are not allowed");
          ok = FALSE;
        }
    }

  if (!ok)
    return NULL;

  self = condition_alloc (variable, op, argument);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (g_str_equal (member, "variable") ||
          g_str_equal (member, "operator") ||
          g_str_equal (member, "argument"))
        continue;

      json_object_set_member (self->extra, member, json_node_copy (value));
    }

  return self;
}

/**
 * prefs_condition_to_json:
 * @self: a condition
 *
 * Returns: (transfer full): the condition as a JSON object
 */
JsonNode *
prefs_condition_to_json (PrefsCondition *self)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  object = json_object_new ();

  json_object_iter_init (&iter, self->extra);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (object, member, json_node_copy (value));

  json_object_set_string_member (object, "variable", self->variable);
  json_object_set_string_member (object, "operator", prefs_operator_to_string (self->op));
  if (self->argument != NULL)
    json_object_set_string_member (object, "argument", self->argument);
  else
    json_object_set_null_member (object, "argument");

  node = object_node (object);
  json_object_unref (object);
  return node;
}

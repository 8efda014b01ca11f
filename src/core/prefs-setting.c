/* prefs-setting.c: the value of one preference entry, and maps of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-setting"

#include "config.h"

#include "prefs-setting.h"

#include <string.h>

#define STRATEGY_KEY "__strategy__"

struct _PrefsSetting
{
  gatomicrefcount   ref_count;
  PrefsScope        scope;
  PrefsSettingKind  kind;
  gboolean          value;

  /* OBJECT only. */
  GPtrArray        *conditions;     /* (nullable) element-type PrefsCondition */
  char             *strategy;       /* (nullable) */
  PrefsSettingMap  *channel_types;  /* (nullable) workflows and categories */
  PrefsSettingMap  *channels;       /* (nullable) workflows and categories */
  JsonObject       *extra;
};

struct _PrefsSettingMap
{
  gatomicrefcount  ref_count;
  PrefsScope       scope;
  GTree           *entries;  /* char * -> PrefsSetting *, byte order */
  char            *strategy;
  JsonObject      *extra;
};

G_DEFINE_BOXED_TYPE (PrefsSetting, prefs_setting, prefs_setting_ref, prefs_setting_unref)
G_DEFINE_BOXED_TYPE (PrefsSettingMap, prefs_setting_map, prefs_setting_map_ref,
                     prefs_setting_map_unref)

static gboolean
scope_is_valid (PrefsScope scope)
{
  return (guint) scope <= PREFS_SCOPE_CATEGORY;
}

static gboolean
scope_has_maps (PrefsScope scope)
{
  return scope == PREFS_SCOPE_WORKFLOW || scope == PREFS_SCOPE_CATEGORY;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node;
}

static gboolean
json_objects_equal (JsonObject *a,
                    JsonObject *b)
{
  g_autoptr(JsonNode) node_a = object_node (a);
  g_autoptr(JsonNode) node_b = object_node (b);

  return prefs_json_equal (node_a, node_b);
}

static void
copy_members (JsonObject *from,
              JsonObject *to)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (to, member, json_node_copy (value));
}

static GPtrArray *
copy_conditions (GPtrArray *conditions)
{
  GPtrArray *copy;

  if (conditions == NULL)
    return NULL;

  copy = g_ptr_array_new_full (conditions->len, (GDestroyNotify) prefs_condition_unref);
  for (guint i = 0; i < conditions->len; i++)
    g_ptr_array_add (copy, prefs_condition_ref (g_ptr_array_index (conditions, i)));

  return copy;
}

static gboolean
conditions_equal (GPtrArray *a,
                  GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (!prefs_condition_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;

  return TRUE;
}

/**
 * prefs_setting_json_depth:
 * @node: (nullable): a JSON node
 * @limit: the deepest level of interest
 *
 * Returns: the nesting depth of @node, or @limit + 1 if it is deeper
 */
guint
prefs_setting_json_depth (JsonNode *node,
                          guint     limit)
{
  guint deepest = 0;

  if (node == NULL)
    return 0;

  if (limit == 0)
    return JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node) ? 1 : 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          guint depth = prefs_setting_json_depth (value, limit - 1);

          deepest = MAX (deepest, depth);
          if (deepest >= limit)
            break;
        }
      return deepest + 1;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n && deepest < limit; i++)
        {
          guint depth = prefs_setting_json_depth (json_array_get_element (array, i), limit - 1);

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }

  return 0;
}

static gboolean
check_depth (JsonNode      *node,
             const char    *path,
             PrefsProblems *problems)
{
  if (prefs_setting_json_depth (node, PREFS_JSON_MAX_DEPTH) > PREFS_JSON_MAX_DEPTH)
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_TOO_DEEP,
                          "nested deeper than %d levels", PREFS_JSON_MAX_DEPTH);
      return FALSE;
    }

  return TRUE;
}

/* "__strategy__": a string; "replace" and "merge" are the values Knock knows. */
static gboolean
read_strategy (JsonNode       *node,
               const char     *path,
               PrefsProblems  *problems,
               const char    **out_strategy)
{
  g_autofree char *member_path = prefs_path_join (path, STRATEGY_KEY);
  const char *strategy;

  *out_strategy = NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected a string, got %s", prefs_json_describe_type (node));
      return FALSE;
    }

  strategy = json_node_get_string (node);
  if (!g_str_equal (strategy, "replace") && !g_str_equal (strategy, "merge"))
    {
      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                          "expected \"replace\" or \"merge\", got \"%s\"", strategy);
      return FALSE;
    }

  *out_strategy = strategy;
  return TRUE;
}

/* ---- PrefsSetting ---- */

static PrefsSetting *
setting_alloc (PrefsScope       scope,
               PrefsSettingKind kind)
{
  PrefsSetting *self = g_new0 (PrefsSetting, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->scope = scope;
  self->kind = kind;
  self->value = TRUE;
  if (kind == PREFS_SETTING_OBJECT)
    self->extra = json_object_new ();

  return self;
}

/**
 * prefs_setting_new_bool:
 * @scope: where the setting lives
 * @value: the boolean
 *
 * Returns: (transfer full): a plain true/false setting
 */
PrefsSetting *
prefs_setting_new_bool (PrefsScope scope,
                        gboolean   value)
{
  PrefsSetting *self;

  g_return_val_if_fail (scope_is_valid (scope), NULL);

  self = setting_alloc (scope, PREFS_SETTING_BOOL);
  self->value = !!value;
  return self;
}

/**
 * prefs_setting_new_object:
 * @scope: where the setting lives
 *
 * For a workflow or category the object has no member; for the other scopes,
 * whose object form requires "conditions", it has an empty list.
 *
 * Returns: (transfer full): an object setting
 */
PrefsSetting *
prefs_setting_new_object (PrefsScope scope)
{
  PrefsSetting *self;

  g_return_val_if_fail (scope_is_valid (scope), NULL);

  self = setting_alloc (scope, PREFS_SETTING_OBJECT);
  if (!scope_has_maps (scope))
    self->conditions = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_condition_unref);

  return self;
}

/**
 * prefs_setting_new_conditions:
 * @scope: where the setting lives
 * @conditions: (element-type PrefsCondition): the conditions, copied
 *
 * Returns: (transfer full): an object setting with these conditions
 */
PrefsSetting *
prefs_setting_new_conditions (PrefsScope  scope,
                              GPtrArray  *conditions)
{
  PrefsSetting *self;

  g_return_val_if_fail (scope_is_valid (scope), NULL);
  g_return_val_if_fail (conditions != NULL, NULL);

  self = setting_alloc (scope, PREFS_SETTING_OBJECT);
  self->conditions = copy_conditions (conditions);
  return self;
}

/**
 * prefs_setting_ref:
 * @self: a setting
 *
 * Returns: (transfer full): @self
 */
PrefsSetting *
prefs_setting_ref (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * prefs_setting_unref:
 * @self: a setting
 *
 * Drops a reference; frees the setting with the last one.
 */
void
prefs_setting_unref (PrefsSetting *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->conditions, g_ptr_array_unref);
  g_clear_pointer (&self->strategy, g_free);
  g_clear_pointer (&self->channel_types, prefs_setting_map_unref);
  g_clear_pointer (&self->channels, prefs_setting_map_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_free (self);
}

/**
 * prefs_setting_copy:
 * @self: a setting
 *
 * Returns: (transfer full): a deep copy sharing nothing mutable with @self
 */
PrefsSetting *
prefs_setting_copy (PrefsSetting *self)
{
  PrefsSetting *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = setting_alloc (self->scope, self->kind);
  copy->value = self->value;
  if (self->kind == PREFS_SETTING_BOOL)
    return copy;

  copy->conditions = copy_conditions (self->conditions);
  copy->strategy = g_strdup (self->strategy);
  if (self->channel_types != NULL)
    copy->channel_types = prefs_setting_map_copy (self->channel_types);
  if (self->channels != NULL)
    copy->channels = prefs_setting_map_copy (self->channels);
  copy_members (self->extra, copy->extra);

  return copy;
}

static gboolean
maps_equal (PrefsSettingMap *a,
            PrefsSettingMap *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return prefs_setting_map_equal (a, b);
}

/**
 * prefs_setting_equal:
 * @a: (nullable): a setting
 * @b: (nullable): a setting
 *
 * Returns: TRUE if both have the same scope and say the same, unknown members
 *   included; two NULLs are equal
 */
gboolean
prefs_setting_equal (PrefsSetting *a,
                     PrefsSetting *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->scope != b->scope || a->kind != b->kind)
    return FALSE;

  if (a->kind == PREFS_SETTING_BOOL)
    return a->value == b->value;

  return conditions_equal (a->conditions, b->conditions) &&
         g_strcmp0 (a->strategy, b->strategy) == 0 &&
         maps_equal (a->channel_types, b->channel_types) &&
         maps_equal (a->channels, b->channels) &&
         json_objects_equal (a->extra, b->extra);
}

/**
 * prefs_setting_get_scope:
 * @self: a setting
 *
 * Returns: where the setting lives
 */
PrefsScope
prefs_setting_get_scope (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, PREFS_SCOPE_CHANNEL_TYPE);

  return self->scope;
}

/**
 * prefs_setting_get_kind:
 * @self: a setting
 *
 * Returns: whether the setting is a boolean or an object
 */
PrefsSettingKind
prefs_setting_get_kind (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, PREFS_SETTING_BOOL);

  return self->kind;
}

/**
 * prefs_setting_get_bool:
 * @self: a setting
 *
 * Returns: the boolean of a BOOL setting, TRUE for an OBJECT setting
 */
gboolean
prefs_setting_get_bool (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->kind == PREFS_SETTING_BOOL ? self->value : TRUE;
}

/**
 * prefs_setting_get_conditions:
 * @self: a setting
 *
 * Returns: (element-type PrefsCondition) (nullable) (transfer none): the
 *   conditions, NULL when absent
 */
GPtrArray *
prefs_setting_get_conditions (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->conditions;
}

/**
 * prefs_setting_set_conditions:
 * @self: an OBJECT setting
 * @conditions: (element-type PrefsCondition) (nullable): copied; NULL
 *   removes the member
 */
void
prefs_setting_set_conditions (PrefsSetting *self,
                              GPtrArray    *conditions)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->kind == PREFS_SETTING_OBJECT);

  g_clear_pointer (&self->conditions, g_ptr_array_unref);
  self->conditions = copy_conditions (conditions);
}

/**
 * prefs_setting_get_channel_types:
 * @self: a setting
 *
 * Returns: (nullable) (transfer none): the channel_types of a workflow or
 *   category object
 */
PrefsSettingMap *
prefs_setting_get_channel_types (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->channel_types;
}

static void
set_map (PrefsSetting     *self,
         PrefsSettingMap **field,
         PrefsSettingMap  *map)
{
  if (map != NULL)
    prefs_setting_map_ref (map);
  g_clear_pointer (field, prefs_setting_map_unref);
  *field = map;
}

/**
 * prefs_setting_set_channel_types:
 * @self: a workflow or category OBJECT setting
 * @map: (nullable): a map of scope CHANNEL_TYPE; a reference is taken
 */
void
prefs_setting_set_channel_types (PrefsSetting    *self,
                                 PrefsSettingMap *map)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->kind == PREFS_SETTING_OBJECT && scope_has_maps (self->scope));
  g_return_if_fail (map == NULL || map->scope == PREFS_SCOPE_CHANNEL_TYPE);

  set_map (self, &self->channel_types, map);
}

/**
 * prefs_setting_get_channels:
 * @self: a setting
 *
 * Returns: (nullable) (transfer none): the channels of a workflow or category
 *   object
 */
PrefsSettingMap *
prefs_setting_get_channels (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->channels;
}

/**
 * prefs_setting_set_channels:
 * @self: a workflow or category OBJECT setting
 * @map: (nullable): a map of scope CHANNEL; a reference is taken
 */
void
prefs_setting_set_channels (PrefsSetting    *self,
                            PrefsSettingMap *map)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->kind == PREFS_SETTING_OBJECT && scope_has_maps (self->scope));
  g_return_if_fail (map == NULL || map->scope == PREFS_SCOPE_CHANNEL);

  set_map (self, &self->channels, map);
}

/**
 * prefs_setting_get_strategy:
 * @self: a setting
 *
 * Returns: (nullable): the "__strategy__" of an OBJECT setting
 */
const char *
prefs_setting_get_strategy (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->strategy;
}

/**
 * prefs_setting_set_strategy:
 * @self: an OBJECT setting
 * @strategy: (nullable): "replace", "merge", or NULL to remove it
 */
void
prefs_setting_set_strategy (PrefsSetting *self,
                            const char   *strategy)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->kind == PREFS_SETTING_OBJECT);

  if (g_strcmp0 (self->strategy, strategy) == 0)
    return;

  g_free (self->strategy);
  self->strategy = g_strdup (strategy);
}

/**
 * prefs_setting_get_extra:
 * @self: a setting
 *
 * Returns: (nullable) (transfer none): the unknown members of an OBJECT
 *   setting, NULL for a BOOL one
 */
JsonObject *
prefs_setting_get_extra (PrefsSetting *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->extra;
}

static PrefsSettingMap *map_parse (JsonNode      *node,
                                   PrefsScope     scope,
                                   const char    *path,
                                   PrefsProblems *problems);

static GPtrArray *
conditions_parse (JsonNode      *node,
                  const char    *path,
                  PrefsProblems *problems)
{
  g_autoptr(GPtrArray) conditions = NULL;
  JsonArray *array;
  gboolean ok = TRUE;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an array of conditions, got %s",
                          prefs_json_describe_type (node));
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  conditions = g_ptr_array_new_full (n, (GDestroyNotify) prefs_condition_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);
      PrefsCondition *condition;

      condition = prefs_condition_from_json (json_array_get_element (array, i),
                                             element_path, problems);
      if (condition == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (conditions, condition);
    }

  return ok ? g_steal_pointer (&conditions) : NULL;
}

static PrefsSetting *
setting_parse (JsonNode      *node,
               PrefsScope     scope,
               const char    *path,
               PrefsProblems *problems)
{
  g_autoptr(PrefsSetting) self = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  gboolean ok = TRUE;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return prefs_setting_new_bool (scope, json_node_get_boolean (node));

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected a boolean or an object, got %s",
                          prefs_json_describe_type (node));
      return NULL;
    }

  self = setting_alloc (scope, PREFS_SETTING_OBJECT);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *member_path = NULL;

      if (member[0] == '\0')
        {
          prefs_problems_add (problems, path, PREFS_PARSE_ERROR_INVALID_VALUE,
                              "empty keys are not allowed");
          ok = FALSE;
          continue;
        }

      member_path = prefs_path_join (path, member);

      if (g_str_equal (member, STRATEGY_KEY))
        {
          const char *strategy;

          if (read_strategy (value, path, problems, &strategy))
            self->strategy = g_strdup (strategy);
          else
            ok = FALSE;
        }
      else if (g_str_equal (member, "conditions"))
        {
          /* Only the workflow/category form declares conditions nullable. */
          if (scope_has_maps (scope) && JSON_NODE_HOLDS_NULL (value))
            continue;

          self->conditions = conditions_parse (value, member_path, problems);
          if (self->conditions == NULL)
            ok = FALSE;
        }
      else if (scope_has_maps (scope) &&
               (g_str_equal (member, "channel_types") || g_str_equal (member, "channels")))
        {
          gboolean is_types = g_str_equal (member, "channel_types");
          PrefsSettingMap *map;

          if (JSON_NODE_HOLDS_NULL (value))
            continue;

          map = map_parse (value,
                           is_types ? PREFS_SCOPE_CHANNEL_TYPE : PREFS_SCOPE_CHANNEL,
                           member_path, problems);
          if (map == NULL)
            ok = FALSE;
          else if (is_types)
            self->channel_types = map;
          else
            self->channels = map;
        }
      else
        {
          json_object_set_member (self->extra, member, json_node_copy (value));
        }
    }

  if (!scope_has_maps (scope) && ok && self->conditions == NULL)
    {
      g_autofree char *member_path = prefs_path_join (path, "conditions");

      prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_MISSING_FIELD,
                          "required field is missing");
      ok = FALSE;
    }

  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * prefs_setting_from_json:
 * @node: the JSON of the setting
 * @scope: where the setting lives, which decides its object form
 * @path: the field path of @node, for problems
 * @problems: where problems go
 *
 * Returns: (transfer full) (nullable): the setting, NULL if any problem
 */
PrefsSetting *
prefs_setting_from_json (JsonNode      *node,
                         PrefsScope     scope,
                         const char    *path,
                         PrefsProblems *problems)
{
  g_return_val_if_fail (scope_is_valid (scope), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  if (!check_depth (node, path, problems))
    return NULL;

  return setting_parse (node, scope, path, problems);
}

static JsonNode *
conditions_to_json (GPtrArray *conditions)
{
  JsonArray *array = json_array_sized_new (conditions->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < conditions->len; i++)
    json_array_add_element (array, prefs_condition_to_json (g_ptr_array_index (conditions, i)));

  json_node_take_array (node, array);
  return node;
}

/**
 * prefs_setting_to_json:
 * @self: a setting
 *
 * Returns: (transfer full): a boolean node, or an object with only the
 *   members that are set
 */
JsonNode *
prefs_setting_to_json (PrefsSetting *self)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == PREFS_SETTING_BOOL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, self->value);
      return node;
    }

  object = json_object_new ();
  copy_members (self->extra, object);

  if (self->strategy != NULL)
    json_object_set_string_member (object, STRATEGY_KEY, self->strategy);
  if (self->conditions != NULL)
    json_object_set_member (object, "conditions", conditions_to_json (self->conditions));
  if (self->channel_types != NULL)
    json_object_set_member (object, "channel_types",
                            prefs_setting_map_to_json (self->channel_types));
  if (self->channels != NULL)
    json_object_set_member (object, "channels", prefs_setting_map_to_json (self->channels));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* ---- PrefsSettingMap ---- */

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (a, b);
}

/**
 * prefs_setting_map_new:
 * @scope: the scope of the values
 *
 * Returns: (transfer full): an empty map
 */
PrefsSettingMap *
prefs_setting_map_new (PrefsScope scope)
{
  PrefsSettingMap *self;

  g_return_val_if_fail (scope_is_valid (scope), NULL);

  self = g_new0 (PrefsSettingMap, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->scope = scope;
  self->entries = g_tree_new_full (compare_keys, NULL, g_free,
                                   (GDestroyNotify) prefs_setting_unref);
  self->extra = json_object_new ();

  return self;
}

/**
 * prefs_setting_map_ref:
 * @self: a map
 *
 * Returns: (transfer full): @self
 */
PrefsSettingMap *
prefs_setting_map_ref (PrefsSettingMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * prefs_setting_map_unref:
 * @self: a map
 *
 * Drops a reference; frees the map with the last one.
 */
void
prefs_setting_map_unref (PrefsSettingMap *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_tree_unref (self->entries);
  g_free (self->strategy);
  json_object_unref (self->extra);
  g_free (self);
}

static gboolean
copy_entry (gpointer key,
            gpointer value,
            gpointer user_data)
{
  PrefsSettingMap *copy = user_data;

  g_tree_insert (copy->entries, g_strdup (key), prefs_setting_copy (value));
  return FALSE;
}

/**
 * prefs_setting_map_copy:
 * @self: a map
 *
 * Returns: (transfer full): a deep copy sharing nothing mutable with @self
 */
PrefsSettingMap *
prefs_setting_map_copy (PrefsSettingMap *self)
{
  PrefsSettingMap *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = prefs_setting_map_new (self->scope);
  g_tree_foreach (self->entries, copy_entry, copy);
  copy->strategy = g_strdup (self->strategy);
  copy_members (self->extra, copy->extra);

  return copy;
}

typedef struct
{
  GTree    *other;
  gboolean  equal;
} EqualData;

static gboolean
compare_entry (gpointer key,
               gpointer value,
               gpointer user_data)
{
  EqualData *data = user_data;

  if (!prefs_setting_equal (value, g_tree_lookup (data->other, key)))
    {
      data->equal = FALSE;
      return TRUE;
    }

  return FALSE;
}

/**
 * prefs_setting_map_equal:
 * @a: (nullable): a map
 * @b: (nullable): a map
 *
 * Returns: TRUE if both hold equal settings under the same keys
 */
gboolean
prefs_setting_map_equal (PrefsSettingMap *a,
                         PrefsSettingMap *b)
{
  EqualData data;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->scope != b->scope ||
      g_tree_nnodes (a->entries) != g_tree_nnodes (b->entries) ||
      g_strcmp0 (a->strategy, b->strategy) != 0 ||
      !json_objects_equal (a->extra, b->extra))
    return FALSE;

  data.other = b->entries;
  data.equal = TRUE;
  g_tree_foreach (a->entries, compare_entry, &data);

  return data.equal;
}

/**
 * prefs_setting_map_get_scope:
 * @self: a map
 *
 * Returns: the scope of the values
 */
PrefsScope
prefs_setting_map_get_scope (PrefsSettingMap *self)
{
  g_return_val_if_fail (self != NULL, PREFS_SCOPE_CHANNEL_TYPE);

  return self->scope;
}

/**
 * prefs_setting_map_get_size:
 * @self: a map
 *
 * Returns: the number of entries
 */
guint
prefs_setting_map_get_size (PrefsSettingMap *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (guint) g_tree_nnodes (self->entries);
}

/**
 * prefs_setting_map_lookup:
 * @self: a map
 * @key: a key
 *
 * Returns: (nullable) (transfer none): the setting under @key
 */
PrefsSetting *
prefs_setting_map_lookup (PrefsSettingMap *self,
                          const char      *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_tree_lookup (self->entries, key);
}

/**
 * prefs_setting_map_insert:
 * @self: a map
 * @key: a non-empty key; a channel type name in a CHANNEL_TYPE map
 * @value: a setting of the map's scope; a reference is taken
 */
void
prefs_setting_map_insert (PrefsSettingMap *self,
                          const char      *key,
                          PrefsSetting    *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && key[0] != '\0');
  g_return_if_fail (value != NULL);
  g_return_if_fail (value->scope == self->scope);
  g_return_if_fail (self->scope != PREFS_SCOPE_CHANNEL_TYPE ||
                    prefs_channel_type_from_string (key, NULL));

  g_tree_replace (self->entries, g_strdup (key), prefs_setting_ref (value));
}

/**
 * prefs_setting_map_remove:
 * @self: a map
 * @key: a key
 *
 * Returns: TRUE if there was an entry under @key
 */
gboolean
prefs_setting_map_remove (PrefsSettingMap *self,
                          const char      *key)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return g_tree_remove (self->entries, key);
}

static gboolean
collect_key (gpointer key,
             gpointer value,
             gpointer user_data)
{
  g_ptr_array_add (user_data, key);
  return FALSE;
}

/**
 * prefs_setting_map_get_keys:
 * @self: a map
 *
 * Returns: (transfer container) (array zero-terminated=1): the keys in byte
 *   order; free the array with g_free(), not the strings
 */
const char **
prefs_setting_map_get_keys (PrefsSettingMap *self)
{
  GPtrArray *keys;

  g_return_val_if_fail (self != NULL, NULL);

  keys = g_ptr_array_sized_new (g_tree_nnodes (self->entries) + 1);
  g_tree_foreach (self->entries, collect_key, keys);
  g_ptr_array_add (keys, NULL);

  return (const char **) g_ptr_array_free (keys, FALSE);
}

/**
 * prefs_setting_map_get_strategy:
 * @self: a map
 *
 * Returns: (nullable): the map's own "__strategy__"
 */
const char *
prefs_setting_map_get_strategy (PrefsSettingMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->strategy;
}

/**
 * prefs_setting_map_set_strategy:
 * @self: a map
 * @strategy: (nullable): "replace", "merge", or NULL to remove it
 */
void
prefs_setting_map_set_strategy (PrefsSettingMap *self,
                                const char      *strategy)
{
  g_return_if_fail (self != NULL);

  if (g_strcmp0 (self->strategy, strategy) == 0)
    return;

  g_free (self->strategy);
  self->strategy = g_strdup (strategy);
}

/**
 * prefs_setting_map_get_extra:
 * @self: a map
 *
 * Returns: (transfer none): the other "__"-prefixed members, kept verbatim
 */
JsonObject *
prefs_setting_map_get_extra (PrefsSettingMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->extra;
}

static PrefsSettingMap *
map_parse (JsonNode      *node,
           PrefsScope     scope,
           const char    *path,
           PrefsProblems *problems)
{
  g_autoptr(PrefsSettingMap) self = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  gboolean ok = TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an object, got %s", prefs_json_describe_type (node));
      return NULL;
    }

  self = prefs_setting_map_new (scope);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *member_path = NULL;
      PrefsSetting *setting;

      if (member[0] == '\0')
        {
          prefs_problems_add (problems, path, PREFS_PARSE_ERROR_INVALID_VALUE,
                              "empty keys are not allowed");
          ok = FALSE;
          continue;
        }

      if (g_str_equal (member, STRATEGY_KEY))
        {
          const char *strategy;

          if (read_strategy (value, path, problems, &strategy))
            self->strategy = g_strdup (strategy);
          else
            ok = FALSE;
          continue;
        }

      /* Knock's own markers ("__typename"...), never entry keys. */
      if (g_str_has_prefix (member, "__"))
        {
          json_object_set_member (self->extra, member, json_node_copy (value));
          continue;
        }

      member_path = prefs_path_join (path, member);

      if (scope == PREFS_SCOPE_CHANNEL_TYPE && !prefs_channel_type_from_string (member, NULL))
        {
          prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_UNKNOWN_CHANNEL_TYPE,
                              "unknown channel type");
          ok = FALSE;
          continue;
        }

      setting = setting_parse (value, scope, member_path, problems);
      if (setting == NULL)
        {
          ok = FALSE;
          continue;
        }

      g_tree_replace (self->entries, g_strdup (member), setting);
    }

  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * prefs_setting_map_from_json:
 * @node: the JSON object of the map
 * @scope: the scope of the values
 * @path: the field path of @node, for problems
 * @problems: where problems go
 *
 * Returns: (transfer full) (nullable): the map, NULL if any problem
 */
PrefsSettingMap *
prefs_setting_map_from_json (JsonNode      *node,
                             PrefsScope     scope,
                             const char    *path,
                             PrefsProblems *problems)
{
  g_return_val_if_fail (scope_is_valid (scope), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  if (!check_depth (node, path, problems))
    return NULL;

  return map_parse (node, scope, path, problems);
}

static gboolean
entry_to_json (gpointer key,
               gpointer value,
               gpointer user_data)
{
  json_object_set_member (user_data, key, prefs_setting_to_json (value));
  return FALSE;
}

/**
 * prefs_setting_map_to_json:
 * @self: a map
 *
 * Returns: (transfer full): the map as a JSON object
 */
JsonNode *
prefs_setting_map_to_json (PrefsSettingMap *self)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  object = json_object_new ();
  copy_members (self->extra, object);
  if (self->strategy != NULL)
    json_object_set_string_member (object, STRATEGY_KEY, self->strategy);
  g_tree_foreach (self->entries, entry_to_json, object);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* prefs-preference-set.c: a recipient's PreferenceSet, the single source of truth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-preference-set"

#include "config.h"

#include "prefs-preference-set.h"

#include <string.h>

struct _PrefsPreferenceSet
{
  GObject          parent_instance;

  char            *id;
  PrefsSettingMap *channel_types;
  PrefsSettingMap *channels;
  PrefsSettingMap *workflows;
  PrefsSettingMap *categories;
  PrefsSetting    *commercial_subscribed;
  JsonObject      *extra;
};

G_DEFINE_FINAL_TYPE (PrefsPreferenceSet, prefs_preference_set, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The five members, in one table so parsing, output, diff and merge agree. */
typedef struct
{
  const char *name;
  PrefsScope  scope;
  gsize       offset;
} MapMember;

static const MapMember map_members[] = {
  { "categories", PREFS_SCOPE_CATEGORY, G_STRUCT_OFFSET (PrefsPreferenceSet, categories) },
  { "channel_types", PREFS_SCOPE_CHANNEL_TYPE,
    G_STRUCT_OFFSET (PrefsPreferenceSet, channel_types) },
  { "channels", PREFS_SCOPE_CHANNEL, G_STRUCT_OFFSET (PrefsPreferenceSet, channels) },
  { "workflows", PREFS_SCOPE_WORKFLOW, G_STRUCT_OFFSET (PrefsPreferenceSet, workflows) },
};

#define MAP_FIELD(self, member) \
  (G_STRUCT_MEMBER_P ((self), (member)->offset))

static PrefsSettingMap *
get_map (PrefsPreferenceSet *self,
         const MapMember    *member)
{
  return *(PrefsSettingMap **) MAP_FIELD (self, member);
}

static void
store_map (PrefsPreferenceSet *self,
           const MapMember    *member,
           PrefsSettingMap    *map)
{
  PrefsSettingMap **field = MAP_FIELD (self, member);

  if (map != NULL)
    prefs_setting_map_ref (map);
  g_clear_pointer (field, prefs_setting_map_unref);
  *field = map;
}

static const MapMember *
find_map_member (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (map_members); i++)
    if (g_str_equal (map_members[i].name, name))
      return &map_members[i];

  return NULL;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node;
}

static void
prefs_preference_set_finalize (GObject *object)
{
  PrefsPreferenceSet *self = (PrefsPreferenceSet *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->channel_types, prefs_setting_map_unref);
  g_clear_pointer (&self->channels, prefs_setting_map_unref);
  g_clear_pointer (&self->workflows, prefs_setting_map_unref);
  g_clear_pointer (&self->categories, prefs_setting_map_unref);
  g_clear_pointer (&self->commercial_subscribed, prefs_setting_unref);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (prefs_preference_set_parent_class)->finalize (object);
}

static void
prefs_preference_set_class_init (PrefsPreferenceSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prefs_preference_set_finalize;

  /**
   * PrefsPreferenceSet::changed:
   *
   * Emitted after any member of the set changed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
prefs_preference_set_init (PrefsPreferenceSet *self)
{
  self->extra = json_object_new ();
}

/**
 * prefs_change_free:
 * @change: (nullable): a change
 *
 * Frees @change and its values.
 */
void
prefs_change_free (PrefsChange *change)
{
  if (change == NULL)
    return;

  g_free (change->path);
  g_clear_pointer (&change->old_value, json_node_unref);
  g_clear_pointer (&change->new_value, json_node_unref);
  g_free (change);
}

/**
 * prefs_preference_set_new:
 * @id: (nullable): "default", a tenant id, or NULL for a request body
 *
 * Returns: (transfer full): an empty set
 */
PrefsPreferenceSet *
prefs_preference_set_new (const char *id)
{
  PrefsPreferenceSet *self = g_object_new (PREFS_TYPE_PREFERENCE_SET, NULL);

  self->id = g_strdup (id);
  return self;
}

static gboolean
member_is_null (JsonNode *node)
{
  return JSON_NODE_HOLDS_NULL (node);
}

/**
 * prefs_preference_set_new_from_json_full:
 * @node: a PreferenceSet or PreferenceSetRequest
 * @path: the field path of @node ("" for a whole document)
 * @problems: where problems go
 *
 * Returns: (transfer full) (nullable): the set, or NULL when any problem was
 *   added to @problems
 */
PrefsPreferenceSet *
prefs_preference_set_new_from_json_full (JsonNode      *node,
                                         const char    *path,
                                         PrefsProblems *problems)
{
  g_autoptr(PrefsPreferenceSet) self = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected a preference set object, got %s",
                          prefs_json_describe_type (node));
      return NULL;
    }

  /* A node built in memory never went through prefs_json_parse's bound. */
  if (prefs_setting_json_depth (node, PREFS_JSON_MAX_DEPTH) > PREFS_JSON_MAX_DEPTH)
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_TOO_DEEP,
                          "nested deeper than %d levels", PREFS_JSON_MAX_DEPTH);
      return NULL;
    }

  self = prefs_preference_set_new (NULL);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *member_path = NULL;
      const MapMember *map_member;

      if (member[0] == '\0')
        {
          prefs_problems_add (problems, path, PREFS_PARSE_ERROR_INVALID_VALUE,
                              "empty keys are not allowed");
          ok = FALSE;
          continue;
        }

      member_path = prefs_path_join (path, member);
      map_member = find_map_member (member);

      if (map_member != NULL)
        {
          g_autoptr(PrefsSettingMap) map = NULL;

          if (member_is_null (value))
            continue;

          map = prefs_setting_map_from_json (value, map_member->scope, member_path, problems);
          if (map == NULL)
            ok = FALSE;
          else
            store_map (self, map_member, map);
        }
      else if (g_str_equal (member, "commercial_subscribed"))
        {
          if (member_is_null (value))
            continue;

          self->commercial_subscribed = prefs_setting_from_json (value, PREFS_SCOPE_COMMERCIAL,
                                                                 member_path, problems);
          if (self->commercial_subscribed == NULL)
            ok = FALSE;
        }
      else if (g_str_equal (member, "id"))
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            {
              prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                                  "expected a string, got %s", prefs_json_describe_type (value));
              ok = FALSE;
            }
          else if (json_node_get_string (value)[0] == '\0')
            {
              prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                                  "must not be empty");
              ok = FALSE;
            }
          else
            {
              g_free (self->id);
              self->id = g_strdup (json_node_get_string (value));
            }
        }
      else if (g_str_equal (member, "__persistence_strategy__"))
        {
          /* How a request is stored, not part of the set. */
          const char *strategy;

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            {
              prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_WRONG_TYPE,
                                  "expected a string, got %s", prefs_json_describe_type (value));
              ok = FALSE;
              continue;
            }

          strategy = json_node_get_string (value);
          if (!g_str_equal (strategy, "merge") && !g_str_equal (strategy, "replace"))
            {
              prefs_problems_add (problems, member_path, PREFS_PARSE_ERROR_INVALID_VALUE,
                                  "expected \"merge\" or \"replace\", got \"%s\"", strategy);
              ok = FALSE;
            }
        }
      else
        {
          json_object_set_member (self->extra, member, json_node_copy (value));
        }
    }

  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * prefs_preference_set_new_from_json:
 * @node: a PreferenceSet or PreferenceSetRequest
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the set, or NULL with a
 *   PREFS_PARSE_ERROR listing every problem found
 */
PrefsPreferenceSet *
prefs_preference_set_new_from_json (JsonNode  *node,
                                    GError   **error)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsPreferenceSet) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = prefs_preference_set_new_from_json_full (node, "", problems);
  if (!prefs_problems_to_error (problems, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * prefs_preference_set_new_from_data:
 * @data: JSON text from outside
 * @length: its length, or -1 if nul-terminated
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the set, or NULL with a
 *   PREFS_PARSE_ERROR
 */
PrefsPreferenceSet *
prefs_preference_set_new_from_data (const char  *data,
                                    gssize       length,
                                    GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = prefs_json_parse (data, length, error);
  if (root == NULL)
    return NULL;

  return prefs_preference_set_new_from_json (root, error);
}

static JsonObject *
build_object (PrefsPreferenceSet *self,
              gboolean            with_id)
{
  JsonObject *object = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, self->extra);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (!with_id && g_str_equal (member, "__typename"))
        continue;
      json_object_set_member (object, member, json_node_copy (value));
    }

  if (with_id && self->id != NULL)
    json_object_set_string_member (object, "id", self->id);

  for (guint i = 0; i < G_N_ELEMENTS (map_members); i++)
    {
      PrefsSettingMap *map = get_map (self, &map_members[i]);

      if (map != NULL)
        json_object_set_member (object, map_members[i].name, prefs_setting_map_to_json (map));
      else
        json_object_set_null_member (object, map_members[i].name);
    }

  if (self->commercial_subscribed != NULL)
    json_object_set_member (object, "commercial_subscribed",
                            prefs_setting_to_json (self->commercial_subscribed));
  else
    json_object_set_null_member (object, "commercial_subscribed");

  return object;
}

/**
 * prefs_preference_set_to_json:
 * @self: a set
 *
 * The response shape: "id" (left out while the set has none),
 * channel_types, channels, workflows, categories and commercial_subscribed
 * (null where unset), and the unknown members.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
prefs_preference_set_to_json (PrefsPreferenceSet *self)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  json_node_take_object (node, build_object (self, TRUE));
  return node;
}

/**
 * prefs_preference_set_to_request_json:
 * @self: a set
 * @merge: whether the body asks the API to deep-merge
 *
 * Returns: (transfer full): the PreferenceSetRequest body for a PUT
 */
JsonNode *
prefs_preference_set_to_request_json (PrefsPreferenceSet *self,
                                      gboolean            merge)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  object = build_object (self, FALSE);
  if (merge)
    json_object_set_string_member (object, "__persistence_strategy__", "merge");

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/**
 * prefs_preference_set_to_string:
 * @self: a set
 * @pretty: whether to indent
 *
 * Returns: (transfer full): the canonical text of prefs_preference_set_to_json()
 */
char *
prefs_preference_set_to_string (PrefsPreferenceSet *self,
                                gboolean            pretty)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  node = prefs_preference_set_to_json (self);
  return prefs_json_to_string (node, pretty);
}

/**
 * prefs_preference_set_copy:
 * @self: a set
 *
 * Returns: (transfer full): a deep copy sharing nothing mutable with @self
 */
PrefsPreferenceSet *
prefs_preference_set_copy (PrefsPreferenceSet *self)
{
  PrefsPreferenceSet *copy;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  copy = prefs_preference_set_new (self->id);

  for (guint i = 0; i < G_N_ELEMENTS (map_members); i++)
    {
      PrefsSettingMap *map = get_map (self, &map_members[i]);

      if (map != NULL)
        {
          g_autoptr(PrefsSettingMap) map_copy = prefs_setting_map_copy (map);

          store_map (copy, &map_members[i], map_copy);
        }
    }

  if (self->commercial_subscribed != NULL)
    copy->commercial_subscribed = prefs_setting_copy (self->commercial_subscribed);

  json_object_iter_init (&iter, self->extra);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (copy->extra, member, json_node_copy (value));

  return copy;
}

/**
 * prefs_preference_set_equal:
 * @a: (nullable): a set
 * @b: (nullable): a set
 *
 * Returns: TRUE if both sets have the same id and say the same, unknown
 *   members included
 */
gboolean
prefs_preference_set_equal (PrefsPreferenceSet *a,
                            PrefsPreferenceSet *b)
{
  g_autoptr(JsonNode) extra_a = NULL;
  g_autoptr(JsonNode) extra_b = NULL;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (a), FALSE);
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (b), FALSE);

  if (g_strcmp0 (a->id, b->id) != 0)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (map_members); i++)
    if (!prefs_setting_map_equal (get_map (a, &map_members[i]), get_map (b, &map_members[i])))
      return FALSE;

  if (!prefs_setting_equal (a->commercial_subscribed, b->commercial_subscribed))
    return FALSE;

  extra_a = object_node (a->extra);
  extra_b = object_node (b->extra);
  return prefs_json_equal (extra_a, extra_b);
}

/**
 * prefs_preference_set_is_empty:
 * @self: a set
 *
 * Returns: TRUE when no member is set (empty maps count as unset)
 */
gboolean
prefs_preference_set_is_empty (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (map_members); i++)
    {
      PrefsSettingMap *map = get_map (self, &map_members[i]);

      if (map != NULL && prefs_setting_map_get_size (map) > 0)
        return FALSE;
    }

  return self->commercial_subscribed == NULL;
}

/**
 * prefs_preference_set_get_id:
 * @self: a set
 *
 * Returns: (nullable): the id, "default" or a tenant id
 */
const char *
prefs_preference_set_get_id (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  return self->id;
}

/**
 * prefs_preference_set_set_id:
 * @self: a set
 * @id: (nullable): the new id
 *
 * Emits ::changed when the id really changes.
 */
void
prefs_preference_set_set_id (PrefsPreferenceSet *self,
                             const char         *id)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  prefs_preference_set_changed (self);
}

static void
set_map_member (PrefsPreferenceSet *self,
                const char         *name,
                PrefsSettingMap    *map)
{
  const MapMember *member = find_map_member (name);

  g_return_if_fail (map == NULL || prefs_setting_map_get_scope (map) == member->scope);

  store_map (self, member, map);
  prefs_preference_set_changed (self);
}

/**
 * prefs_preference_set_get_channel_types:
 * @self: a set
 *
 * Returns: (nullable) (transfer none): the set's own channel_types map
 */
PrefsSettingMap *
prefs_preference_set_get_channel_types (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  return self->channel_types;
}

/**
 * prefs_preference_set_set_channel_types:
 * @self: a set
 * @map: (nullable): a map of scope CHANNEL_TYPE; a reference is taken
 */
void
prefs_preference_set_set_channel_types (PrefsPreferenceSet *self,
                                        PrefsSettingMap    *map)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (self));

  set_map_member (self, "channel_types", map);
}

/**
 * prefs_preference_set_get_channels:
 * @self: a set
 *
 * Returns: (nullable) (transfer none): the set's own channels map
 */
PrefsSettingMap *
prefs_preference_set_get_channels (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  return self->channels;
}

/**
 * prefs_preference_set_set_channels:
 * @self: a set
 * @map: (nullable): a map of scope CHANNEL; a reference is taken
 */
void
prefs_preference_set_set_channels (PrefsPreferenceSet *self,
                                   PrefsSettingMap    *map)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (self));

  set_map_member (self, "channels", map);
}

/**
 * prefs_preference_set_get_workflows:
 * @self: a set
 *
 * Returns: (nullable) (transfer none): the set's own workflows map
 */
PrefsSettingMap *
prefs_preference_set_get_workflows (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  return self->workflows;
}

/**
 * prefs_preference_set_set_workflows:
 * @self: a set
 * @map: (nullable): a map of scope WORKFLOW; a reference is taken
 */
void
prefs_preference_set_set_workflows (PrefsPreferenceSet *self,
                                    PrefsSettingMap    *map)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (self));

  set_map_member (self, "workflows", map);
}

/**
 * prefs_preference_set_get_categories:
 * @self: a set
 *
 * Returns: (nullable) (transfer none): the set's own categories map
 */
PrefsSettingMap *
prefs_preference_set_get_categories (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  return self->categories;
}

/**
 * prefs_preference_set_set_categories:
 * @self: a set
 * @map: (nullable): a map of scope CATEGORY; a reference is taken
 */
void
prefs_preference_set_set_categories (PrefsPreferenceSet *self,
                                     PrefsSettingMap    *map)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (self));

  set_map_member (self, "categories", map);
}

/**
 * prefs_preference_set_get_commercial_subscribed:
 * @self: a set
 *
 * Returns: (nullable) (transfer none): commercial_subscribed
 */
PrefsSetting *
prefs_preference_set_get_commercial_subscribed (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  return self->commercial_subscribed;
}

/**
 * prefs_preference_set_set_commercial_subscribed:
 * @self: a set
 * @setting: (nullable): a setting of scope COMMERCIAL; a reference is taken
 */
void
prefs_preference_set_set_commercial_subscribed (PrefsPreferenceSet *self,
                                                PrefsSetting       *setting)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (self));
  g_return_if_fail (setting == NULL ||
                    prefs_setting_get_scope (setting) == PREFS_SCOPE_COMMERCIAL);

  if (setting != NULL)
    prefs_setting_ref (setting);
  g_clear_pointer (&self->commercial_subscribed, prefs_setting_unref);
  self->commercial_subscribed = setting;
  prefs_preference_set_changed (self);
}

/**
 * prefs_preference_set_get_extra:
 * @self: a set
 *
 * Returns: (transfer none): the unknown top-level members, kept verbatim
 */
JsonObject *
prefs_preference_set_get_extra (PrefsPreferenceSet *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  return self->extra;
}

/**
 * prefs_preference_set_changed:
 * @self: a set
 *
 * Emits ::changed; call it after changing one of the set's maps in place.
 */
void
prefs_preference_set_changed (PrefsPreferenceSet *self)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_SET (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- Path access ---- */

/* A path resolved against the grammar of the header, not against the data. */
typedef struct
{
  const MapMember *top;        /* NULL for commercial_subscribed */
  const char      *entry;      /* key in the top-level map */
  const char      *sub;        /* "channel_types" or "channels" under a workflow/category */
  const char      *sub_entry;  /* key in that map */
  PrefsScope       scope;      /* of the value the path names */
} ParsedPath;

static gboolean
valid_key (PrefsScope  scope,
           const char *key)
{
  if (key == NULL || key[0] == '\0')
    return FALSE;
  if (scope == PREFS_SCOPE_CHANNEL_TYPE)
    return prefs_channel_type_from_string (key, NULL);

  /* "__" keys are the map's own markers, never entries. */
  return !g_str_has_prefix (key, "__");
}

static gboolean
parse_path (const char * const *path,
            ParsedPath         *out)
{
  guint len;

  memset (out, 0, sizeof *out);

  if (path == NULL)
    return FALSE;

  len = g_strv_length ((char **) path);
  if (len == 0)
    return FALSE;

  if (g_str_equal (path[0], "commercial_subscribed"))
    {
      out->scope = PREFS_SCOPE_COMMERCIAL;
      return len == 1;
    }

  out->top = find_map_member (path[0]);
  if (out->top == NULL || len < 2 || !valid_key (out->top->scope, path[1]))
    return FALSE;

  out->entry = path[1];
  out->scope = out->top->scope;
  if (len == 2)
    return TRUE;

  if (len != 4 ||
      (out->top->scope != PREFS_SCOPE_WORKFLOW && out->top->scope != PREFS_SCOPE_CATEGORY))
    return FALSE;

  if (g_str_equal (path[2], "channel_types"))
    out->scope = PREFS_SCOPE_CHANNEL_TYPE;
  else if (g_str_equal (path[2], "channels"))
    out->scope = PREFS_SCOPE_CHANNEL;
  else
    return FALSE;

  if (!valid_key (out->scope, path[3]))
    return FALSE;

  out->sub = path[2];
  out->sub_entry = path[3];
  return TRUE;
}

static PrefsSettingMap *
sub_map (PrefsSetting *parent,
         const char   *sub)
{
  if (g_str_equal (sub, "channel_types"))
    return prefs_setting_get_channel_types (parent);

  return prefs_setting_get_channels (parent);
}

/**
 * prefs_preference_set_lookup:
 * @self: a set
 * @path: a NULL-terminated array of keys
 *
 * Returns: (nullable) (transfer none): the setting at @path, or NULL if it is
 *   unset or @path is not a valid path
 */
PrefsSetting *
prefs_preference_set_lookup (PrefsPreferenceSet *self,
                             const char * const *path)
{
  ParsedPath parsed;
  PrefsSettingMap *map;
  PrefsSetting *entry;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), NULL);

  if (!parse_path (path, &parsed))
    return NULL;

  if (parsed.top == NULL)
    return self->commercial_subscribed;

  map = get_map (self, parsed.top);
  if (map == NULL)
    return NULL;

  entry = prefs_setting_map_lookup (map, parsed.entry);
  if (entry == NULL || parsed.sub == NULL)
    return entry;

  if (prefs_setting_get_kind (entry) != PREFS_SETTING_OBJECT)
    return NULL;

  map = sub_map (entry, parsed.sub);
  return map != NULL ? prefs_setting_map_lookup (map, parsed.sub_entry) : NULL;
}

static char *
path_to_display (const char * const *path)
{
  if (path == NULL || path[0] == NULL)
    return g_strdup ("(empty path)");

  return g_strjoinv (".", (char **) path);
}

/**
 * prefs_preference_set_replace:
 * @self: a set
 * @path: a NULL-terminated array of keys
 * @value: (nullable): the new setting (a reference is taken), or NULL to
 *   remove the entry
 * @error: a #GError
 *
 * Creates the maps and the workflow/category object on the way when setting.
 *
 * Returns: TRUE on success; FALSE with PREFS_PARSE_ERROR_INVALID_VALUE on an
 *   invalid path, a scope mismatch or a parent that is a plain bool
 */
gboolean
prefs_preference_set_replace (PrefsPreferenceSet  *self,
                              const char * const  *path,
                              PrefsSetting        *value,
                              GError             **error)
{
  ParsedPath parsed;
  g_autofree char *display = NULL;
  PrefsSettingMap *map;
  PrefsSetting *parent;
  PrefsSettingMap *child_map;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = path_to_display (path);

  if (!parse_path (path, &parsed))
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   "%s: not a preference path", display);
      return FALSE;
    }

  if (value != NULL && prefs_setting_get_scope (value) != parsed.scope)
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   "%s: the setting belongs elsewhere", display);
      return FALSE;
    }

  if (parsed.top == NULL)
    {
      prefs_preference_set_set_commercial_subscribed (self, value);
      return TRUE;
    }

  map = get_map (self, parsed.top);

  if (parsed.sub == NULL)
    {
      if (value != NULL)
        {
          if (map == NULL)
            {
              g_autoptr(PrefsSettingMap) created = prefs_setting_map_new (parsed.top->scope);

              store_map (self, parsed.top, created);
              map = created;
            }
          prefs_setting_map_insert (map, parsed.entry, value);
        }
      else if (map != NULL)
        {
          prefs_setting_map_remove (map, parsed.entry);
        }

      prefs_preference_set_changed (self);
      return TRUE;
    }

  parent = map != NULL ? prefs_setting_map_lookup (map, parsed.entry) : NULL;

  if (parent != NULL && prefs_setting_get_kind (parent) != PREFS_SETTING_OBJECT)
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   "%s: %s.%s is a plain boolean", display, parsed.top->name, parsed.entry);
      return FALSE;
    }

  if (value == NULL)
    {
      child_map = parent != NULL ? sub_map (parent, parsed.sub) : NULL;
      if (child_map != NULL)
        prefs_setting_map_remove (child_map, parsed.sub_entry);

      prefs_preference_set_changed (self);
      return TRUE;
    }

  if (map == NULL)
    {
      g_autoptr(PrefsSettingMap) created = prefs_setting_map_new (parsed.top->scope);

      store_map (self, parsed.top, created);
      map = created;
    }

  if (parent == NULL)
    {
      g_autoptr(PrefsSetting) created = prefs_setting_new_object (parsed.top->scope);

      prefs_setting_map_insert (map, parsed.entry, created);
      parent = created;
    }

  child_map = sub_map (parent, parsed.sub);
  if (child_map == NULL)
    {
      g_autoptr(PrefsSettingMap) created = prefs_setting_map_new (parsed.scope);

      if (parsed.scope == PREFS_SCOPE_CHANNEL_TYPE)
        prefs_setting_set_channel_types (parent, created);
      else
        prefs_setting_set_channels (parent, created);
      child_map = created;
    }

  prefs_setting_map_insert (child_map, parsed.sub_entry, value);
  prefs_preference_set_changed (self);
  return TRUE;
}

/* ---- Diff ---- */

static void
add_change (GPtrArray  *changes,
            const char *path,
            JsonNode   *old_value,
            JsonNode   *new_value)
{
  PrefsChange *change;

  if (old_value == NULL && new_value == NULL)
    return;
  if (old_value != NULL && new_value != NULL && prefs_json_equal (old_value, new_value))
    {
      json_node_unref (old_value);
      json_node_unref (new_value);
      return;
    }

  change = g_new0 (PrefsChange, 1);
  change->path = g_strdup (path);
  change->old_value = old_value;
  change->new_value = new_value;
  g_ptr_array_add (changes, change);
}

static JsonNode *
setting_json_or_null (PrefsSetting *setting)
{
  return setting != NULL ? prefs_setting_to_json (setting) : NULL;
}

static JsonNode *
string_node_or_null (const char *str)
{
  JsonNode *node;

  if (str == NULL)
    return NULL;

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, str);
  return node;
}

static JsonNode *
member_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  return node != NULL ? json_node_copy (node) : NULL;
}

/* Every key of either object, each once. */
static GPtrArray *
union_of_members (JsonObject *a,
                  JsonObject *b)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonObject *objects[2] = { a, b };

  for (guint i = 0; i < 2; i++)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (objects[i] == NULL)
        continue;

      json_object_iter_init (&iter, objects[i]);
      while (json_object_iter_next (&iter, &member, &value))
        {
          if (i == 1 && a != NULL && json_object_has_member (a, member))
            continue;
          g_ptr_array_add (names, g_strdup (member));
        }
    }

  return names;
}

static void
diff_extra (GPtrArray  *changes,
            const char *path,
            JsonObject *old_extra,
            JsonObject *new_extra)
{
  g_autoptr(GPtrArray) names = union_of_members (old_extra, new_extra);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *member_path = prefs_path_join (path, name);

      add_change (changes, member_path, member_or_null (old_extra, name),
                  member_or_null (new_extra, name));
    }
}

static void diff_setting (GPtrArray    *changes,
                          const char   *path,
                          PrefsSetting *old_setting,
                          PrefsSetting *new_setting);

static void
diff_map (GPtrArray       *changes,
          const char      *path,
          PrefsSettingMap *old_map,
          PrefsSettingMap *new_map)
{
  g_autofree const char **old_keys = NULL;
  g_autofree const char **new_keys = NULL;
  g_autofree char *strategy_path = NULL;

  if (old_map == NULL && new_map == NULL)
    return;

  if (old_map != NULL)
    {
      old_keys = prefs_setting_map_get_keys (old_map);
      for (guint i = 0; old_keys[i] != NULL; i++)
        {
          g_autofree char *entry_path = prefs_path_join (path, old_keys[i]);
          PrefsSetting *other = new_map != NULL
                                ? prefs_setting_map_lookup (new_map, old_keys[i]) : NULL;

          diff_setting (changes, entry_path,
                        prefs_setting_map_lookup (old_map, old_keys[i]), other);
        }
    }

  if (new_map != NULL)
    {
      new_keys = prefs_setting_map_get_keys (new_map);
      for (guint i = 0; new_keys[i] != NULL; i++)
        {
          g_autofree char *entry_path = NULL;

          if (old_map != NULL && prefs_setting_map_lookup (old_map, new_keys[i]) != NULL)
            continue;

          entry_path = prefs_path_join (path, new_keys[i]);
          diff_setting (changes, entry_path, NULL,
                        prefs_setting_map_lookup (new_map, new_keys[i]));
        }
    }

  strategy_path = prefs_path_join (path, "__strategy__");
  add_change (changes, strategy_path,
              string_node_or_null (old_map ? prefs_setting_map_get_strategy (old_map) : NULL),
              string_node_or_null (new_map ? prefs_setting_map_get_strategy (new_map) : NULL));

  diff_extra (changes, path,
              old_map ? prefs_setting_map_get_extra (old_map) : NULL,
              new_map ? prefs_setting_map_get_extra (new_map) : NULL);
}

static JsonNode *
conditions_json_or_null (PrefsSetting *setting)
{
  GPtrArray *conditions = prefs_setting_get_conditions (setting);
  JsonArray *array;
  JsonNode *node;

  if (conditions == NULL)
    return NULL;

  array = json_array_sized_new (conditions->len);
  for (guint i = 0; i < conditions->len; i++)
    json_array_add_element (array, prefs_condition_to_json (g_ptr_array_index (conditions, i)));

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

static void
diff_setting (GPtrArray    *changes,
              const char   *path,
              PrefsSetting *old_setting,
              PrefsSetting *new_setting)
{
  PrefsScope scope;
  g_autofree char *conditions_path = NULL;
  g_autofree char *strategy_path = NULL;
  g_autofree char *types_path = NULL;
  g_autofree char *channels_path = NULL;

  if (prefs_setting_equal (old_setting, new_setting))
    return;

  scope = prefs_setting_get_scope (old_setting != NULL ? old_setting : new_setting);

  /* Only two workflow/category objects are compared member by member; any
   * other change is a change of the whole entry. */
  if (old_setting == NULL || new_setting == NULL ||
      (scope != PREFS_SCOPE_WORKFLOW && scope != PREFS_SCOPE_CATEGORY) ||
      prefs_setting_get_kind (old_setting) != PREFS_SETTING_OBJECT ||
      prefs_setting_get_kind (new_setting) != PREFS_SETTING_OBJECT)
    {
      add_change (changes, path, setting_json_or_null (old_setting),
                  setting_json_or_null (new_setting));
      return;
    }

  types_path = prefs_path_join (path, "channel_types");
  diff_map (changes, types_path, prefs_setting_get_channel_types (old_setting),
            prefs_setting_get_channel_types (new_setting));

  channels_path = prefs_path_join (path, "channels");
  diff_map (changes, channels_path, prefs_setting_get_channels (old_setting),
            prefs_setting_get_channels (new_setting));

  conditions_path = prefs_path_join (path, "conditions");
  add_change (changes, conditions_path, conditions_json_or_null (old_setting),
              conditions_json_or_null (new_setting));

  strategy_path = prefs_path_join (path, "__strategy__");
  add_change (changes, strategy_path,
              string_node_or_null (prefs_setting_get_strategy (old_setting)),
              string_node_or_null (prefs_setting_get_strategy (new_setting)));

  diff_extra (changes, path, prefs_setting_get_extra (old_setting),
              prefs_setting_get_extra (new_setting));
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const PrefsChange *change_a = *(const PrefsChange * const *) a;
  const PrefsChange *change_b = *(const PrefsChange * const *) b;

  return strcmp (change_a->path, change_b->path);
}

/**
 * prefs_preference_set_diff:
 * @old_set: the set before
 * @new_set: the set after
 *
 * An unset member and an empty map have no entries, so they do not differ
 * here; the id is not compared.
 *
 * Returns: (element-type PrefsChange) (transfer full): every leaf entry
 *   that differs, sorted by path
 */
GPtrArray *
prefs_preference_set_diff (PrefsPreferenceSet *old_set,
                           PrefsPreferenceSet *new_set)
{
  GPtrArray *changes;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (old_set), NULL);
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (new_set), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_change_free);

  for (guint i = 0; i < G_N_ELEMENTS (map_members); i++)
    diff_map (changes, map_members[i].name, get_map (old_set, &map_members[i]),
              get_map (new_set, &map_members[i]));

  if (!prefs_setting_equal (old_set->commercial_subscribed, new_set->commercial_subscribed))
    add_change (changes, "commercial_subscribed",
                setting_json_or_null (old_set->commercial_subscribed),
                setting_json_or_null (new_set->commercial_subscribed));

  diff_extra (changes, "", old_set->extra, new_set->extra);

  g_ptr_array_sort (changes, compare_changes);
  return changes;
}

/* ---- Merge ---- */

static gboolean
is_replace (const char *strategy)
{
  return g_strcmp0 (strategy, "replace") == 0;
}

static void
merge_members (JsonObject *into,
               JsonObject *from)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (into, member, json_node_copy (value));
}

static PrefsSettingMap *merge_maps (PrefsSettingMap *base,
                                    PrefsSettingMap *patch);

static PrefsSetting *
merge_settings (PrefsSetting *base,
                PrefsSetting *patch)
{
  PrefsScope scope = prefs_setting_get_scope (patch);
  PrefsSetting *result;
  PrefsSettingMap *patch_map;

  if (base == NULL ||
      prefs_setting_get_kind (patch) == PREFS_SETTING_BOOL ||
      prefs_setting_get_kind (base) == PREFS_SETTING_BOOL ||
      (scope != PREFS_SCOPE_WORKFLOW && scope != PREFS_SCOPE_CATEGORY) ||
      is_replace (prefs_setting_get_strategy (patch)))
    return prefs_setting_copy (patch);

  result = prefs_setting_copy (base);

  patch_map = prefs_setting_get_channel_types (patch);
  if (patch_map != NULL)
    {
      g_autoptr(PrefsSettingMap) merged =
        merge_maps (prefs_setting_get_channel_types (base), patch_map);

      prefs_setting_set_channel_types (result, merged);
    }

  patch_map = prefs_setting_get_channels (patch);
  if (patch_map != NULL)
    {
      g_autoptr(PrefsSettingMap) merged =
        merge_maps (prefs_setting_get_channels (base), patch_map);

      prefs_setting_set_channels (result, merged);
    }

  if (prefs_setting_get_conditions (patch) != NULL)
    prefs_setting_set_conditions (result, prefs_setting_get_conditions (patch));

  if (prefs_setting_get_strategy (patch) != NULL)
    prefs_setting_set_strategy (result, prefs_setting_get_strategy (patch));

  merge_members (prefs_setting_get_extra (result), prefs_setting_get_extra (patch));

  return result;
}

static PrefsSettingMap *
merge_maps (PrefsSettingMap *base,
            PrefsSettingMap *patch)
{
  g_autofree const char **keys = NULL;
  PrefsSettingMap *result;

  if (base == NULL || is_replace (prefs_setting_map_get_strategy (patch)))
    return prefs_setting_map_copy (patch);

  result = prefs_setting_map_copy (base);
  keys = prefs_setting_map_get_keys (patch);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(PrefsSetting) merged =
        merge_settings (prefs_setting_map_lookup (base, keys[i]),
                        prefs_setting_map_lookup (patch, keys[i]));

      prefs_setting_map_insert (result, keys[i], merged);
    }

  if (prefs_setting_map_get_strategy (patch) != NULL)
    prefs_setting_map_set_strategy (result, prefs_setting_map_get_strategy (patch));

  merge_members (prefs_setting_map_get_extra (result), prefs_setting_map_get_extra (patch));

  return result;
}

/**
 * prefs_preference_set_merge:
 * @base: the stored set
 * @patch: the set to merge onto it
 *
 * Maps merge key by key; a bool or a conditions object replaces what was
 * there; a workflow/category object merges into an object (channel_types
 * and channels merge, conditions replace) unless it carries "__strategy__":
 * "replace", as does a map that carries it. Members unset in @patch keep
 * @base's value.
 *
 * Returns: (transfer full): a new set with @base's id
 */
PrefsPreferenceSet *
prefs_preference_set_merge (PrefsPreferenceSet *base,
                            PrefsPreferenceSet *patch)
{
  PrefsPreferenceSet *result;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (base), NULL);
  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (patch), NULL);

  result = prefs_preference_set_copy (base);

  for (guint i = 0; i < G_N_ELEMENTS (map_members); i++)
    {
      PrefsSettingMap *patch_map = get_map (patch, &map_members[i]);
      g_autoptr(PrefsSettingMap) merged = NULL;

      if (patch_map == NULL)
        continue;

      merged = merge_maps (get_map (base, &map_members[i]), patch_map);
      store_map (result, &map_members[i], merged);
    }

  if (patch->commercial_subscribed != NULL)
    {
      g_clear_pointer (&result->commercial_subscribed, prefs_setting_unref);
      result->commercial_subscribed = prefs_setting_copy (patch->commercial_subscribed);
    }

  merge_members (result->extra, patch->extra);

  return result;
}

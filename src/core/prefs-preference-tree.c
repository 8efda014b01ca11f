/* prefs-preference-tree.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-preference-tree"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-preference-tree.h"

struct _PrefsPreferenceNode
{
  GObject              parent_instance;

  PrefsPreferenceTree *tree;        /* not owned: the tree owns its nodes */
  PrefsNodeKind        kind;
  char                *key;
  char                *title;
  GStrv                path;        /* NULL for sections */
  char                *path_string;
  PrefsToggleState     state;
  char                *summary;
  char                *error;
  GListStore          *children;    /* sections, workflows, categories */
  guint                dirty : 1;
  guint                editable : 1;
};

struct _PrefsPreferenceTree
{
  GObject              parent_instance;

  PrefsPreferenceSet  *working;
  PrefsPreferenceSet  *base;
  GListStore          *root;
  gulong               changed_id;
  gboolean             dirty;
};

G_DEFINE_FINAL_TYPE (PrefsPreferenceNode, prefs_preference_node, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (PrefsPreferenceTree, prefs_preference_tree, G_TYPE_OBJECT)

enum {
  NODE_PROP_0,
  NODE_PROP_KIND,
  NODE_PROP_KEY,
  NODE_PROP_TITLE,
  NODE_PROP_PATH_STRING,
  NODE_PROP_STATE,
  NODE_PROP_SUMMARY,
  NODE_PROP_DIRTY,
  NODE_PROP_EDITABLE,
  NODE_PROP_ERROR,
  N_NODE_PROPS
};

static GParamSpec *node_properties[N_NODE_PROPS];

enum {
  TREE_PROP_0,
  TREE_PROP_DIRTY,
  N_TREE_PROPS
};

static GParamSpec *tree_properties[N_TREE_PROPS];

static void sync_node (PrefsPreferenceNode *node);

GType
prefs_node_kind_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { PREFS_NODE_SECTION, "PREFS_NODE_SECTION", "section" },
    { PREFS_NODE_CHANNEL_TYPE, "PREFS_NODE_CHANNEL_TYPE", "channel-type" },
    { PREFS_NODE_CHANNEL, "PREFS_NODE_CHANNEL", "channel" },
    { PREFS_NODE_WORKFLOW, "PREFS_NODE_WORKFLOW", "workflow" },
    { PREFS_NODE_CATEGORY, "PREFS_NODE_CATEGORY", "category" },
    { PREFS_NODE_COMMERCIAL, "PREFS_NODE_COMMERCIAL", "commercial" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("PrefsNodeKind", values));

  return type_id;
}

GType
prefs_toggle_state_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { PREFS_TOGGLE_UNSET, "PREFS_TOGGLE_UNSET", "unset" },
    { PREFS_TOGGLE_ON, "PREFS_TOGGLE_ON", "on" },
    { PREFS_TOGGLE_OFF, "PREFS_TOGGLE_OFF", "off" },
    { PREFS_TOGGLE_CONDITIONAL, "PREFS_TOGGLE_CONDITIONAL", "conditional" },
    { PREFS_TOGGLE_CUSTOM, "PREFS_TOGGLE_CUSTOM", "custom" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("PrefsToggleState", values));

  return type_id;
}

static PrefsScope
scope_for_kind (PrefsNodeKind kind)
{
  switch (kind)
    {
    case PREFS_NODE_CHANNEL_TYPE:
      return PREFS_SCOPE_CHANNEL_TYPE;
    case PREFS_NODE_CHANNEL:
      return PREFS_SCOPE_CHANNEL;
    case PREFS_NODE_WORKFLOW:
      return PREFS_SCOPE_WORKFLOW;
    case PREFS_NODE_CATEGORY:
      return PREFS_SCOPE_CATEGORY;
    case PREFS_NODE_COMMERCIAL:
      return PREFS_SCOPE_COMMERCIAL;
    case PREFS_NODE_SECTION:
    default:
      g_assert_not_reached ();
    }
}

const char *
prefs_channel_type_get_title (PrefsChannelType type)
{
  switch (type)
    {
    case PREFS_CHANNEL_TYPE_EMAIL:
      return _("Email");
    case PREFS_CHANNEL_TYPE_IN_APP_FEED:
      return _("In-app feed");
    case PREFS_CHANNEL_TYPE_SMS:
      return _("SMS");
    case PREFS_CHANNEL_TYPE_PUSH:
      return _("Push");
    case PREFS_CHANNEL_TYPE_CHAT:
      return _("Chat");
    case PREFS_CHANNEL_TYPE_HTTP:
      return _("HTTP");
    default:
      return prefs_channel_type_to_string (type);
    }
}

static const char *
section_title (const char *member)
{
  if (g_str_equal (member, "channel_types"))
    return _("Channel types");
  if (g_str_equal (member, "workflows"))
    return _("Workflows");
  if (g_str_equal (member, "categories"))
    return _("Categories");
  if (g_str_equal (member, "channels"))
    return _("Channels");
  g_assert_not_reached ();
}

/* ---- PrefsPreferenceNode ---- */

static void
prefs_preference_node_finalize (GObject *object)
{
  PrefsPreferenceNode *self = PREFS_PREFERENCE_NODE (object);

  g_free (self->key);
  g_free (self->title);
  g_strfreev (self->path);
  g_free (self->path_string);
  g_free (self->summary);
  g_free (self->error);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (prefs_preference_node_parent_class)->finalize (object);
}

static void
prefs_preference_node_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PrefsPreferenceNode *self = PREFS_PREFERENCE_NODE (object);

  switch (prop_id)
    {
    case NODE_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case NODE_PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case NODE_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case NODE_PROP_PATH_STRING:
      g_value_set_string (value, self->path_string);
      break;
    case NODE_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case NODE_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case NODE_PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    case NODE_PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    case NODE_PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_preference_node_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PrefsPreferenceNode *self = PREFS_PREFERENCE_NODE (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case NODE_PROP_STATE:
      /* Bindings from toggles land here; a refused value leaves the node
       * as it was and says why, the console shows the same message. */
      if (!prefs_preference_node_set_state (self, g_value_get_enum (value), &error))
        g_debug ("%s: %s", self->path_string, error->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_preference_node_class_init (PrefsPreferenceNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prefs_preference_node_finalize;
  object_class->get_property = prefs_preference_node_get_property;
  object_class->set_property = prefs_preference_node_set_property;

  node_properties[NODE_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PREFS_TYPE_NODE_KIND, PREFS_NODE_SECTION,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_PATH_STRING] =
    g_param_spec_string ("path-string", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PREFS_TYPE_TOGGLE_STATE, PREFS_TOGGLE_UNSET,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_NODE_PROPS, node_properties);
}

static void
prefs_preference_node_init (PrefsPreferenceNode *self)
{
  self->editable = TRUE;
}

static PrefsPreferenceNode *
node_new (PrefsPreferenceTree *tree,
          PrefsNodeKind        kind,
          const char          *key,
          const char          *title,
          const char * const  *path)
{
  PrefsPreferenceNode *self = g_object_new (PREFS_TYPE_PREFERENCE_NODE, NULL);

  self->tree = tree;
  self->kind = kind;
  self->key = g_strdup (key);
  self->title = g_strdup (title);
  if (path != NULL)
    {
      self->path = g_strdupv ((char **) path);
      self->path_string = g_strjoinv (".", self->path);
    }
  else
    {
      self->path_string = g_strdup (key);
    }

  if (kind == PREFS_NODE_SECTION || kind == PREFS_NODE_WORKFLOW || kind == PREFS_NODE_CATEGORY)
    self->children = g_list_store_new (PREFS_TYPE_PREFERENCE_NODE);

  return self;
}

PrefsNodeKind
prefs_preference_node_get_kind (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), PREFS_NODE_SECTION);
  return self->kind;
}

const char *
prefs_preference_node_get_key (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);
  return self->key;
}

const char *
prefs_preference_node_get_title (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);
  return self->title;
}

const char * const *
prefs_preference_node_get_path (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);
  return (const char * const *) self->path;
}

const char *
prefs_preference_node_get_path_string (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);
  return self->path_string;
}

PrefsToggleState
prefs_preference_node_get_state (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), PREFS_TOGGLE_UNSET);
  return self->state;
}

const char *
prefs_preference_node_get_summary (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);
  return self->summary;
}

gboolean
prefs_preference_node_get_dirty (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), FALSE);
  return self->dirty;
}

gboolean
prefs_preference_node_get_editable (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), FALSE);
  return self->editable;
}

GListModel *
prefs_preference_node_get_children (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);
  return self->children != NULL ? G_LIST_MODEL (self->children) : NULL;
}

const char *
prefs_preference_node_get_error (PrefsPreferenceNode *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);
  return self->error;
}

static PrefsSetting *
node_lookup (PrefsPreferenceNode *self,
             PrefsPreferenceSet  *set)
{
  if (set == NULL || self->path == NULL)
    return NULL;
  return prefs_preference_set_lookup (set, (const char * const *) self->path);
}

GPtrArray *
prefs_preference_node_get_conditions (PrefsPreferenceNode *self)
{
  PrefsSetting *setting;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), NULL);

  setting = node_lookup (self, self->tree->working);
  if (setting == NULL || prefs_setting_get_kind (setting) != PREFS_SETTING_OBJECT)
    return NULL;
  return prefs_setting_get_conditions (setting);
}

/* The workflow or category entry that holds a nested node, if any. */
static PrefsSetting *
parent_setting (PrefsPreferenceNode *self)
{
  const char *parent_path[3] = { NULL, NULL, NULL };

  if (self->path == NULL || g_strv_length (self->path) != 4)
    return NULL;

  parent_path[0] = self->path[0];
  parent_path[1] = self->path[1];
  return prefs_preference_set_lookup (self->tree->working, parent_path);
}

/* Setting a channel inside a workflow that is plain "true" first turns the
 * workflow into an object: "true" and "{}" mean the same, so nothing the
 * person did not ask for changes. A workflow set to false stays refused:
 * giving it children would switch it back on. */
static gboolean
prepare_parent (PrefsPreferenceNode  *self,
                GError              **error)
{
  PrefsSetting *parent = parent_setting (self);
  const char *parent_path[3] = { NULL, NULL, NULL };
  g_autoptr(PrefsSetting) object = NULL;

  if (parent == NULL || prefs_setting_get_kind (parent) == PREFS_SETTING_OBJECT)
    return TRUE;

  if (!prefs_setting_get_bool (parent))
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("“%s” is turned off; turn it on or clear it before changing its channels"),
                   self->path[1]);
      return FALSE;
    }

  parent_path[0] = self->path[0];
  parent_path[1] = self->path[1];
  object = prefs_setting_new_object (prefs_setting_get_scope (parent));
  return prefs_preference_set_replace (self->tree->working, parent_path, object, error);
}

gboolean
prefs_preference_node_set_state (PrefsPreferenceNode  *self,
                                 PrefsToggleState      state,
                                 GError              **error)
{
  g_autoptr(PrefsSetting) value = NULL;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), FALSE);

  if (self->path == NULL)
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("A section has no value of its own"));
      return FALSE;
    }

  if (state == self->state)
    return TRUE;

  switch (state)
    {
    case PREFS_TOGGLE_UNSET:
      break;
    case PREFS_TOGGLE_ON:
    case PREFS_TOGGLE_OFF:
      value = prefs_setting_new_bool (scope_for_kind (self->kind), state == PREFS_TOGGLE_ON);
      break;
    case PREFS_TOGGLE_CONDITIONAL:
    case PREFS_TOGGLE_CUSTOM:
    default:
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("Conditions are set with the conditions editor"));
      return FALSE;
    }

  if (!prepare_parent (self, error))
    return FALSE;

  return prefs_preference_set_replace (self->tree->working,
                                       (const char * const *) self->path, value, error);
}

gboolean
prefs_preference_node_set_conditions (PrefsPreferenceNode  *self,
                                      GPtrArray            *conditions,
                                      GError              **error)
{
  PrefsSetting *current;
  g_autoptr(PrefsSetting) value = NULL;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (self), FALSE);

  if (self->path == NULL)
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("A section has no conditions"));
      return FALSE;
    }

  current = node_lookup (self, self->tree->working);

  if (conditions == NULL || conditions->len == 0)
    {
      /* A workflow object keeps its channels; anything else goes back to
       * "not set", the honest meaning of "no conditions". */
      if (current != NULL && prefs_setting_get_kind (current) == PREFS_SETTING_OBJECT &&
          (self->kind == PREFS_NODE_WORKFLOW || self->kind == PREFS_NODE_CATEGORY))
        {
          value = prefs_setting_copy (current);
          prefs_setting_set_conditions (value, NULL);
        }
    }
  else if (current != NULL && prefs_setting_get_kind (current) == PREFS_SETTING_OBJECT)
    {
      value = prefs_setting_copy (current);
      prefs_setting_set_conditions (value, conditions);
    }
  else
    {
      value = prefs_setting_new_conditions (scope_for_kind (self->kind), conditions);
    }

  if (!prepare_parent (self, error))
    return FALSE;

  return prefs_preference_set_replace (self->tree->working,
                                       (const char * const *) self->path, value, error);
}

static void
node_set_string (PrefsPreferenceNode *self,
                 char               **field,
                 const char          *value,
                 guint                prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), node_properties[prop]);
}

static char *
conditions_summary (GPtrArray *conditions)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; conditions != NULL && i < conditions->len; i++)
    {
      g_autofree char *one = prefs_condition_to_display (g_ptr_array_index (conditions, i));

      if (i > 0)
        /* Translators: joins two conditions that must both hold */
        g_string_append (text, _(" and "));
      g_string_append (text, one);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static PrefsSettingMap *
section_map (PrefsPreferenceSet *set,
             const char         *member)
{
  if (set == NULL)
    return NULL;
  if (g_str_equal (member, "workflows"))
    return prefs_preference_set_get_workflows (set);
  if (g_str_equal (member, "categories"))
    return prefs_preference_set_get_categories (set);
  if (g_str_equal (member, "channels"))
    return prefs_preference_set_get_channels (set);
  if (g_str_equal (member, "channel_types"))
    return prefs_preference_set_get_channel_types (set);
  return NULL;
}

static gboolean
maps_equal (PrefsSettingMap *a,
            PrefsSettingMap *b)
{
  gboolean a_empty = a == NULL || prefs_setting_map_get_size (a) == 0;
  gboolean b_empty = b == NULL || prefs_setting_map_get_size (b) == 0;

  if (a_empty || b_empty)
    return a_empty == b_empty;
  return prefs_setting_map_equal (a, b);
}

/* The children a container should have now, in display order: the six
 * channel types, then channels (sorted); or the section's keys (sorted). */
static GPtrArray *
wanted_children (PrefsPreferenceNode *self)
{
  GPtrArray *wanted = g_ptr_array_new_with_free_func (g_object_unref);
  PrefsPreferenceTree *tree = self->tree;

  if (self->kind == PREFS_NODE_SECTION && g_str_equal (self->key, "channel_types"))
    {
      for (guint t = 0; t < PREFS_N_CHANNEL_TYPES; t++)
        {
          const char *name = prefs_channel_type_to_string (t);
          const char *path[] = { "channel_types", name, NULL };

          g_ptr_array_add (wanted, node_new (tree, PREFS_NODE_CHANNEL_TYPE, name,
                                             prefs_channel_type_get_title (t), path));
        }
    }
  else if (self->kind == PREFS_NODE_SECTION)
    {
      PrefsSettingMap *map = section_map (tree->working, self->key);
      PrefsNodeKind kind = g_str_equal (self->key, "workflows") ? PREFS_NODE_WORKFLOW
                         : g_str_equal (self->key, "categories") ? PREFS_NODE_CATEGORY
                         : PREFS_NODE_CHANNEL;
      g_autofree const char **keys = map != NULL ? prefs_setting_map_get_keys (map) : NULL;

      for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
        {
          const char *path[] = { self->key, keys[i], NULL };

          g_ptr_array_add (wanted, node_new (tree, kind, keys[i], keys[i], path));
        }
    }
  else if (self->kind == PREFS_NODE_WORKFLOW || self->kind == PREFS_NODE_CATEGORY)
    {
      PrefsSetting *setting = node_lookup (self, tree->working);
      PrefsSettingMap *channels = NULL;
      g_autofree const char **keys = NULL;

      for (guint t = 0; t < PREFS_N_CHANNEL_TYPES; t++)
        {
          const char *name = prefs_channel_type_to_string (t);
          const char *path[] = { self->path[0], self->path[1], "channel_types", name, NULL };

          g_ptr_array_add (wanted, node_new (tree, PREFS_NODE_CHANNEL_TYPE, name,
                                             prefs_channel_type_get_title (t), path));
        }

      if (setting != NULL && prefs_setting_get_kind (setting) == PREFS_SETTING_OBJECT)
        channels = prefs_setting_get_channels (setting);
      keys = channels != NULL ? prefs_setting_map_get_keys (channels) : NULL;
      for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
        {
          const char *path[] = { self->path[0], self->path[1], "channels", keys[i], NULL };

          g_ptr_array_add (wanted, node_new (tree, PREFS_NODE_CHANNEL, keys[i], keys[i], path));
        }
    }

  return wanted;
}

static gboolean
same_entry (PrefsPreferenceNode *a,
            PrefsPreferenceNode *b)
{
  return a->kind == b->kind && g_str_equal (a->path_string, b->path_string);
}

/* Brings a container's children in line with the set, keeping the node
 * objects of entries that stay so that expanded rows stay expanded. */
static void
sync_children (PrefsPreferenceNode *self)
{
  g_autoptr(GPtrArray) wanted = NULL;
  guint pos = 0;

  if (self->children == NULL)
    return;

  wanted = wanted_children (self);

  for (guint i = 0; i < wanted->len; i++)
    {
      PrefsPreferenceNode *want = g_ptr_array_index (wanted, i);
      gboolean found = FALSE;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->children));

      /* Drop existing nodes up to the wanted one if it exists further on. */
      for (guint j = pos; j < n; j++)
        {
          g_autoptr(PrefsPreferenceNode) have =
            g_list_model_get_item (G_LIST_MODEL (self->children), j);

          if (same_entry (have, want))
            {
              if (j > pos)
                g_list_store_splice (self->children, pos, j - pos, NULL, 0);
              found = TRUE;
              break;
            }
        }

      if (!found)
        g_list_store_insert (self->children, pos, want);
      pos++;
    }

  if (pos < g_list_model_get_n_items (G_LIST_MODEL (self->children)))
    g_list_store_splice (self->children, pos,
                         g_list_model_get_n_items (G_LIST_MODEL (self->children)) - pos,
                         NULL, 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->children)); i++)
    {
      g_autoptr(PrefsPreferenceNode) child =
        g_list_model_get_item (G_LIST_MODEL (self->children), i);

      sync_node (child);
    }
}

static void
sync_node (PrefsPreferenceNode *self)
{
  PrefsPreferenceTree *tree = self->tree;
  PrefsToggleState state = PREFS_TOGGLE_UNSET;
  g_autofree char *summary = NULL;
  gboolean dirty;
  gboolean editable = TRUE;

  if (self->kind == PREFS_NODE_SECTION)
    {
      dirty = tree->base != NULL &&
              !maps_equal (section_map (tree->working, self->key),
                           section_map (tree->base, self->key));
    }
  else
    {
      PrefsSetting *now = node_lookup (self, tree->working);
      PrefsSetting *before = node_lookup (self, tree->base);
      PrefsSetting *parent = parent_setting (self);

      if (now != NULL && prefs_setting_get_kind (now) == PREFS_SETTING_BOOL)
        {
          state = prefs_setting_get_bool (now) ? PREFS_TOGGLE_ON : PREFS_TOGGLE_OFF;
        }
      else if (now != NULL)
        {
          GPtrArray *conditions = prefs_setting_get_conditions (now);

          if (conditions != NULL && conditions->len > 0)
            {
              state = PREFS_TOGGLE_CONDITIONAL;
              summary = conditions_summary (conditions);
            }
          else
            {
              state = PREFS_TOGGLE_CUSTOM;
              summary = g_strdup (_("On, with settings per channel type or channel"));
            }
        }

      if (tree->base == NULL)
        dirty = FALSE;
      else if (now == NULL || before == NULL)
        dirty = now != before;
      else
        dirty = !prefs_setting_equal (now, before);

      if (parent != NULL && prefs_setting_get_kind (parent) == PREFS_SETTING_BOOL &&
          !prefs_setting_get_bool (parent))
        editable = FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), node_properties[NODE_PROP_STATE]);
    }
  node_set_string (self, &self->summary, summary, NODE_PROP_SUMMARY);
  if (self->dirty != dirty)
    {
      self->dirty = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), node_properties[NODE_PROP_DIRTY]);
    }
  if (self->editable != editable)
    {
      self->editable = editable;
      g_object_notify_by_pspec (G_OBJECT (self), node_properties[NODE_PROP_EDITABLE]);
    }

  sync_children (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- PrefsPreferenceTree ---- */

static void
sync_tree (PrefsPreferenceTree *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->root));
  gboolean dirty;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PrefsPreferenceNode) node = g_list_model_get_item (G_LIST_MODEL (self->root), i);

      sync_node (node);
    }

  dirty = self->base != NULL && !prefs_preference_set_equal (self->working, self->base);
  if (dirty != self->dirty)
    {
      self->dirty = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_DIRTY]);
    }
}

static void
on_working_changed (PrefsPreferenceTree *self)
{
  sync_tree (self);
}

static void
prefs_preference_tree_dispose (GObject *object)
{
  PrefsPreferenceTree *self = PREFS_PREFERENCE_TREE (object);

  g_clear_signal_handler (&self->changed_id, self->working);
  g_clear_object (&self->root);

  G_OBJECT_CLASS (prefs_preference_tree_parent_class)->dispose (object);
}

static void
prefs_preference_tree_finalize (GObject *object)
{
  PrefsPreferenceTree *self = PREFS_PREFERENCE_TREE (object);

  g_clear_object (&self->working);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (prefs_preference_tree_parent_class)->finalize (object);
}

static void
prefs_preference_tree_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PrefsPreferenceTree *self = PREFS_PREFERENCE_TREE (object);

  switch (prop_id)
    {
    case TREE_PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_preference_tree_class_init (PrefsPreferenceTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = prefs_preference_tree_dispose;
  object_class->finalize = prefs_preference_tree_finalize;
  object_class->get_property = prefs_preference_tree_get_property;

  tree_properties[TREE_PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_TREE_PROPS, tree_properties);
}

static void
prefs_preference_tree_init (PrefsPreferenceTree *self)
{
  self->root = g_list_store_new (PREFS_TYPE_PREFERENCE_NODE);
}

PrefsPreferenceTree *
prefs_preference_tree_new (PrefsPreferenceSet *working,
                           PrefsPreferenceSet *base)
{
  static const char *sections[] = { "channel_types", "workflows", "categories", "channels" };
  const char *commercial_path[] = { "commercial_subscribed", NULL };
  PrefsPreferenceTree *self;
  g_autoptr(PrefsPreferenceNode) commercial = NULL;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_SET (working), NULL);
  g_return_val_if_fail (base == NULL || PREFS_IS_PREFERENCE_SET (base), NULL);

  self = g_object_new (PREFS_TYPE_PREFERENCE_TREE, NULL);
  self->working = g_object_ref (working);
  self->base = base != NULL ? g_object_ref (base) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autoptr(PrefsPreferenceNode) node =
        node_new (self, PREFS_NODE_SECTION, sections[i], section_title (sections[i]), NULL);

      g_list_store_append (self->root, node);
    }

  commercial = node_new (self, PREFS_NODE_COMMERCIAL, "commercial_subscribed",
                         _("Commercial subscription"), commercial_path);
  g_list_store_append (self->root, commercial);

  self->changed_id = g_signal_connect_swapped (working, "changed",
                                               G_CALLBACK (on_working_changed), self);
  sync_tree (self);

  return self;
}

PrefsPreferenceSet *
prefs_preference_tree_get_working (PrefsPreferenceTree *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_TREE (self), NULL);
  return self->working;
}

PrefsPreferenceSet *
prefs_preference_tree_get_base (PrefsPreferenceTree *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_TREE (self), NULL);
  return self->base;
}

void
prefs_preference_tree_set_base (PrefsPreferenceTree *self,
                                PrefsPreferenceSet  *base)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_TREE (self));
  g_return_if_fail (base == NULL || PREFS_IS_PREFERENCE_SET (base));

  if (g_set_object (&self->base, base))
    sync_tree (self);
}

GListModel *
prefs_preference_tree_get_root (PrefsPreferenceTree *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_TREE (self), NULL);
  return G_LIST_MODEL (self->root);
}

GListModel *
prefs_preference_tree_create_children (gpointer item,
                                       gpointer user_data)
{
  GListModel *children;

  if (!PREFS_IS_PREFERENCE_NODE (item))
    return NULL;

  children = prefs_preference_node_get_children (item);
  return children != NULL ? g_object_ref (children) : NULL;
}

gboolean
prefs_preference_tree_add_key (PrefsPreferenceTree  *self,
                               PrefsNodeKind         kind,
                               const char           *key,
                               GError              **error)
{
  const char *member;
  const char *path[3] = { NULL, NULL, NULL };
  g_autoptr(PrefsSetting) value = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_TREE (self), FALSE);

  switch (kind)
    {
    case PREFS_NODE_WORKFLOW:
      member = "workflows";
      break;
    case PREFS_NODE_CATEGORY:
      member = "categories";
      break;
    case PREFS_NODE_CHANNEL:
      member = "channels";
      break;
    case PREFS_NODE_SECTION:
    case PREFS_NODE_CHANNEL_TYPE:
    case PREFS_NODE_COMMERCIAL:
    default:
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("Only workflows, categories and channels can be added"));
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (key != NULL ? key : ""));
  if (*trimmed == '\0')
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("The key cannot be empty"));
      return FALSE;
    }
  if (!g_utf8_validate (trimmed, -1, NULL) || strlen (trimmed) > 256)
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("The key must be valid text of at most 256 bytes"));
      return FALSE;
    }

  path[0] = member;
  path[1] = trimmed;
  if (prefs_preference_set_lookup (self->working, path) != NULL)
    {
      g_set_error (error, PREFS_PARSE_ERROR, PREFS_PARSE_ERROR_INVALID_VALUE,
                   _("“%s” is already in %s"), trimmed, member);
      return FALSE;
    }

  value = prefs_setting_new_bool (scope_for_kind (kind), TRUE);
  return prefs_preference_set_replace (self->working, path, value, error);
}

/* Walks down the nodes whose path is @field or a prefix of it. With
 * @exact, only a node whose path equals @field is kept; otherwise the
 * deepest one on the way is. */
static void
find_in (GListModel           *model,
         const char           *field,
         gboolean              exact,
         PrefsPreferenceNode **best)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PrefsPreferenceNode) node = g_list_model_get_item (model, i);
      gsize len = strlen (node->path_string);
      gboolean equal = g_str_equal (node->path_string, field);
      gboolean prefix = strncmp (field, node->path_string, len) == 0 && field[len] == '.';

      if (equal || (prefix && !exact))
        *best = node;
      if (equal)
        return;
      if (prefix && node->children != NULL)
        {
          find_in (G_LIST_MODEL (node->children), field, exact, best);
          return;
        }
    }
}

PrefsPreferenceNode *
prefs_preference_tree_find (PrefsPreferenceTree *self,
                            const char          *path_string)
{
  PrefsPreferenceNode *found = NULL;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_TREE (self), NULL);

  if (path_string == NULL)
    return NULL;

  find_in (G_LIST_MODEL (self->root), path_string, TRUE, &found);
  return found;
}

static void
clear_errors (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PrefsPreferenceNode) node = g_list_model_get_item (model, i);

      node_set_string (node, &node->error, NULL, NODE_PROP_ERROR);
      if (node->children != NULL)
        clear_errors (G_LIST_MODEL (node->children));
    }
}

PrefsPreferenceNode *
prefs_preference_tree_set_field_error (PrefsPreferenceTree *self,
                                       const char          *field,
                                       const char          *message)
{
  PrefsPreferenceNode *node;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_TREE (self), NULL);

  clear_errors (G_LIST_MODEL (self->root));
  if (field == NULL)
    return NULL;

  /* The deepest node whose path is the field or a prefix of it: a 422 on
   * "workflows.a.channel_types.fax" lands on workflow "a". */
  node = NULL;
  find_in (G_LIST_MODEL (self->root), field, FALSE, &node);

  if (node != NULL)
    node_set_string (node, &node->error, message, NODE_PROP_ERROR);

  return node;
}

gboolean
prefs_preference_tree_get_dirty (PrefsPreferenceTree *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_TREE (self), FALSE);
  return self->dirty;
}

/* prefs-evaluation.c: would a message be sent, and which entry decides it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-evaluation"

#include "config.h"

#include "prefs-evaluation.h"

/**
 * prefs_evaluation_clear:
 * @evaluation: an evaluation filled by prefs_evaluate()
 *
 * Frees what @evaluation holds and resets it.
 */
void
prefs_evaluation_clear (PrefsEvaluation *evaluation)
{
  g_return_if_fail (evaluation != NULL);

  g_clear_pointer (&evaluation->path, g_free);
  evaluation->verdict = PREFS_VERDICT_SEND;
  evaluation->layer = PREFS_LAYER_NONE;
}

/**
 * prefs_layer_to_string:
 * @layer: a layer
 *
 * Returns: a stable name: "none", "user", "tenant" or "environment"
 */
const char *
prefs_layer_to_string (PrefsLayer layer)
{
  switch (layer)
    {
    case PREFS_LAYER_NONE:
      return "none";
    case PREFS_LAYER_USER:
      return "user";
    case PREFS_LAYER_TENANT:
      return "tenant";
    case PREFS_LAYER_ENVIRONMENT:
      return "environment";
    default:
      return "unknown";
    }
}

/* One applicable entry once its layer is known. */
typedef struct
{
  PrefsVerdict  verdict;
  PrefsLayer    layer;
  char         *path;
  guint         specificity;  /* higher is more specific */
} Entry;

static PrefsVerdict
verdict_of (PrefsSetting *setting)
{
  GPtrArray *conditions;

  if (prefs_setting_get_kind (setting) == PREFS_SETTING_BOOL)
    return prefs_setting_get_bool (setting) ? PREFS_VERDICT_SEND : PREFS_VERDICT_BLOCKED;

  conditions = prefs_setting_get_conditions (setting);
  if (conditions != NULL && conditions->len > 0)
    return PREFS_VERDICT_CONDITIONAL;

  /* An object without conditions is not a refusal at this level. */
  return PREFS_VERDICT_SEND;
}

static gboolean
map_replaces (PrefsSettingMap *map)
{
  return map != NULL && g_strcmp0 (prefs_setting_map_get_strategy (map), "replace") == 0;
}

/* Whether @set marks @path, or the workflow/category or map holding it,
 * "__strategy__": "replace": then its value overrides the layers above it,
 * as Knock does for a tenant admin's forced defaults. */
static gboolean
layer_replaces (PrefsPreferenceSet *set,
                const char * const *path)
{
  const char *entry_path[] = { path[0], path[1], NULL };
  PrefsSettingMap *top_map = NULL;
  PrefsSetting *entry;

  if (g_str_equal (path[0], "channel_types"))
    top_map = prefs_preference_set_get_channel_types (set);
  else if (g_str_equal (path[0], "channels"))
    top_map = prefs_preference_set_get_channels (set);
  else if (g_str_equal (path[0], "workflows"))
    top_map = prefs_preference_set_get_workflows (set);
  else if (g_str_equal (path[0], "categories"))
    top_map = prefs_preference_set_get_categories (set);

  if (map_replaces (top_map))
    return TRUE;

  entry = prefs_preference_set_lookup (set, entry_path);
  if (entry == NULL || prefs_setting_get_kind (entry) != PREFS_SETTING_OBJECT)
    return FALSE;

  if (g_strcmp0 (prefs_setting_get_strategy (entry), "replace") == 0)
    return TRUE;

  if (path[2] == NULL)
    return FALSE;

  if (g_str_equal (path[2], "channel_types"))
    return map_replaces (prefs_setting_get_channel_types (entry));

  return map_replaces (prefs_setting_get_channels (entry));
}

/* The first layer that sets @path decides it, unless a lower layer
 * replaces it; FALSE if none does. */
static gboolean
find_entry (PrefsPreferenceSet * const *layers,
            const char * const         *path,
            guint                       specificity,
            Entry                      *out)
{
  static const PrefsLayer layer_ids[] = {
    PREFS_LAYER_USER, PREFS_LAYER_TENANT, PREFS_LAYER_ENVIRONMENT
  };
  guint first = 0;

  /* The lowest layer that replaces wins: its marker survives the merge of
   * each layer onto the one below it. */
  for (guint i = G_N_ELEMENTS (layer_ids) - 1; i > 0; i--)
    {
      if (layers[i] != NULL && layer_replaces (layers[i], path))
        {
          first = i;
          break;
        }
    }

  for (guint i = first; i < G_N_ELEMENTS (layer_ids); i++)
    {
      PrefsSetting *setting;

      if (layers[i] == NULL)
        continue;

      setting = prefs_preference_set_lookup (layers[i], path);
      if (setting == NULL)
        continue;

      out->verdict = verdict_of (setting);
      out->layer = layer_ids[i];
      out->path = g_strjoinv (".", (char **) path);
      out->specificity = specificity;
      return TRUE;
    }

  return FALSE;
}

/* The channel entry of one level: channels[@channel_id] beats
 * channel_types[@type_name]. @prefix is {} for the top level or
 * {"workflows", KEY} / {"categories", KEY}. */
static gboolean
find_channel_entry (PrefsPreferenceSet * const *layers,
                    const char                 *top,
                    const char                 *key,
                    const char                 *type_name,
                    const char                 *channel_id,
                    guint                       specificity,
                    Entry                      *out)
{
  if (channel_id != NULL)
    {
      const char *path_top[] = { "channels", channel_id, NULL };
      const char *path_nested[] = { top, key, "channels", channel_id, NULL };

      if (find_entry (layers, top == NULL ? path_top : path_nested, specificity, out))
        return TRUE;
    }

  {
    const char *path_top[] = { "channel_types", type_name, NULL };
    const char *path_nested[] = { top, key, "channel_types", type_name, NULL };

    return find_entry (layers, top == NULL ? path_top : path_nested, specificity, out);
  }
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->path, g_free);
}

/**
 * prefs_evaluate:
 * @user: (nullable): the recipient's own set
 * @tenant_default: (nullable): the tenant's default set
 * @environment_default: (nullable): the environment's default set
 * @workflow_key: the workflow
 * @category_keys: (nullable) (array zero-terminated=1): the workflow's categories
 * @channel_type: the type of the channel the message goes through
 * @channel_id: (nullable): the channel's id
 * @out: (out caller-allocates): the verdict; clear it with
 *   prefs_evaluation_clear()
 *
 * Applies the rules given in the header: every applicable entry must be
 * true, each looked up user first; the first false entry blocks; else the
 * first conditional entry makes it conditional; else the most specific true
 * entry decides, or nothing at all (PREFS_LAYER_NONE).
 */
void
prefs_evaluate (PrefsPreferenceSet *user,
                PrefsPreferenceSet *tenant_default,
                PrefsPreferenceSet *environment_default,
                const char         *workflow_key,
                const char * const *category_keys,
                PrefsChannelType    channel_type,
                const char         *channel_id,
                PrefsEvaluation    *out)
{
  PrefsPreferenceSet *layers[3] = { user, tenant_default, environment_default };
  g_autoptr(GArray) entries = NULL;
  const char *type_name;
  const Entry *decider = NULL;
  Entry entry;

  g_return_if_fail (out != NULL);
  out->verdict = PREFS_VERDICT_SEND;
  out->layer = PREFS_LAYER_NONE;
  out->path = NULL;

  g_return_if_fail (workflow_key != NULL);
  type_name = prefs_channel_type_to_string (channel_type);
  g_return_if_fail (type_name != NULL);

  entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (entries, entry_clear);

  /* Specificity, low to high: the top-level channel entry, a category, its
   * channel entry, the workflow, the workflow's channel entry. */
  for (guint i = 0; category_keys != NULL && category_keys[i] != NULL; i++)
    {
      const char *path[] = { "categories", category_keys[i], NULL };

      if (find_entry (layers, path, 1, &entry))
        g_array_append_val (entries, entry);
      if (find_channel_entry (layers, "categories", category_keys[i], type_name, channel_id,
                              2, &entry))
        g_array_append_val (entries, entry);
    }

  {
    const char *path[] = { "workflows", workflow_key, NULL };

    if (find_entry (layers, path, 3, &entry))
      g_array_append_val (entries, entry);
    if (find_channel_entry (layers, "workflows", workflow_key, type_name, channel_id, 4, &entry))
      g_array_append_val (entries, entry);
  }

  if (find_channel_entry (layers, NULL, NULL, type_name, channel_id, 0, &entry))
    g_array_append_val (entries, entry);

  for (guint i = 0; i < entries->len && decider == NULL; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);

      if (e->verdict == PREFS_VERDICT_BLOCKED)
        decider = e;
    }

  for (guint i = 0; i < entries->len && decider == NULL; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);

      if (e->verdict == PREFS_VERDICT_CONDITIONAL)
        decider = e;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);

      if (decider == NULL || (decider->verdict == PREFS_VERDICT_SEND &&
                              e->specificity > decider->specificity))
        decider = e;
    }

  if (decider == NULL)
    return;

  out->verdict = decider->verdict;
  out->layer = decider->layer;
  out->path = g_strdup (decider->path);
}

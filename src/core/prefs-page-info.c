/* prefs-page-info.c: the cursors of one page of a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-page-info"

#include "config.h"

#include "prefs-page-info.h"

struct _PrefsPageInfo
{
  GObject parent_instance;

  char  *after;
  char  *before;
  guint  page_size;
};

G_DEFINE_FINAL_TYPE (PrefsPageInfo, prefs_page_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AFTER,
  PROP_BEFORE,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
prefs_page_info_finalize (GObject *object)
{
  PrefsPageInfo *self = (PrefsPageInfo *) object;

  g_clear_pointer (&self->after, g_free);
  g_clear_pointer (&self->before, g_free);

  G_OBJECT_CLASS (prefs_page_info_parent_class)->finalize (object);
}

static void
prefs_page_info_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PrefsPageInfo *self = PREFS_PAGE_INFO (object);

  switch (prop_id)
    {
    case PROP_AFTER:
      g_value_set_string (value, self->after);
      break;

    case PROP_BEFORE:
      g_value_set_string (value, self->before);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_page_info_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PrefsPageInfo *self = PREFS_PAGE_INFO (object);

  switch (prop_id)
    {
    case PROP_AFTER:
      g_free (self->after);
      self->after = g_value_dup_string (value);
      break;

    case PROP_BEFORE:
      g_free (self->before);
      self->before = g_value_dup_string (value);
      break;

    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_page_info_class_init (PrefsPageInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = prefs_page_info_finalize;
  object_class->get_property = prefs_page_info_get_property;
  object_class->set_property = prefs_page_info_set_property;

  /* A page is a snapshot of the server's answer: nothing changes later. */
  properties[PROP_AFTER] =
    g_param_spec_string ("after", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BEFORE] =
    g_param_spec_string ("before", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
prefs_page_info_init (PrefsPageInfo *self)
{
}

/**
 * prefs_page_info_new:
 * @after: (nullable): cursor of the next page, %NULL on the last page
 * @before: (nullable): cursor of the previous page
 * @page_size: entries per page
 *
 * Returns: (transfer full): a new page info.
 */
PrefsPageInfo *
prefs_page_info_new (const char *after,
                     const char *before,
                     guint       page_size)
{
  return g_object_new (PREFS_TYPE_PAGE_INFO,
                       "after", after,
                       "before", before,
                       "page-size", page_size,
                       NULL);
}

/**
 * prefs_page_info_new_from_json_full:
 * @node: a PageInfo object
 * @path: (nullable): where @node sits in its document, for messages
 * @problems: where problems go
 *
 * Reads a PageInfo: "after" and "before" strings or null, "page_size" an
 * integer of at least 0. "__typename" is accepted and other keys ignored.
 *
 * Returns: (transfer full) (nullable): the page info, or %NULL if any
 *   problem was added.
 */
PrefsPageInfo *
prefs_page_info_new_from_json_full (JsonNode      *node,
                                    const char    *path,
                                    PrefsProblems *problems)
{
  g_autofree char *after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *typename = NULL;
  gint64 page_size = 0;
  JsonObject *object;
  guint n_problems;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      prefs_problems_add (problems, path, PREFS_PARSE_ERROR_WRONG_TYPE,
                          "expected an object, got %s", prefs_json_describe_type (node));
      return NULL;
    }

  object = json_node_get_object (node);
  n_problems = prefs_problems_get_count (problems);

  prefs_json_read_string (object, path, "__typename", PREFS_JSON_OPTIONAL, &typename,
                          problems);
  prefs_json_read_string (object, path, "after", PREFS_JSON_NULLABLE, &after, problems);
  prefs_json_read_string (object, path, "before", PREFS_JSON_NULLABLE, &before, problems);
  prefs_json_read_int (object, path, "page_size", PREFS_JSON_REQUIRED, 0, G_MAXUINT,
                       &page_size, problems);

  if (prefs_problems_get_count (problems) != n_problems)
    return NULL;

  return prefs_page_info_new (after, before, (guint) page_size);
}

/**
 * prefs_page_info_new_from_json:
 * @node: a PageInfo object
 * @error: return location for a %PREFS_PARSE_ERROR
 *
 * Returns: (transfer full) (nullable): the page info, or %NULL with @error
 *   listing every problem.
 */
PrefsPageInfo *
prefs_page_info_new_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(PrefsProblems) problems = prefs_problems_new ();
  g_autoptr(PrefsPageInfo) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  self = prefs_page_info_new_from_json_full (node, "", problems);
  if (!prefs_problems_to_error (problems, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * prefs_page_info_to_json:
 * @self: a page info
 *
 * Returns: (transfer full): {"__typename": "PageInfo", "after", "before",
 *   "page_size"} with keys in order.
 */
JsonNode *
prefs_page_info_to_json (PrefsPageInfo *self)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (PREFS_IS_PAGE_INFO (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "__typename", "PageInfo");
  if (self->after != NULL)
    json_object_set_string_member (object, "after", self->after);
  else
    json_object_set_null_member (object, "after");
  if (self->before != NULL)
    json_object_set_string_member (object, "before", self->before);
  else
    json_object_set_null_member (object, "before");
  json_object_set_int_member (object, "page_size", self->page_size);

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  return node;
}

/**
 * prefs_page_info_get_after:
 * @self: a page info
 *
 * Returns: (nullable): the cursor of the next page, %NULL on the last page.
 */
const char *
prefs_page_info_get_after (PrefsPageInfo *self)
{
  g_return_val_if_fail (PREFS_IS_PAGE_INFO (self), NULL);

  return self->after;
}

/**
 * prefs_page_info_get_before:
 * @self: a page info
 *
 * Returns: (nullable): the cursor of the previous page.
 */
const char *
prefs_page_info_get_before (PrefsPageInfo *self)
{
  g_return_val_if_fail (PREFS_IS_PAGE_INFO (self), NULL);

  return self->before;
}

/**
 * prefs_page_info_get_page_size:
 * @self: a page info
 *
 * Returns: the number of entries per page.
 */
guint
prefs_page_info_get_page_size (PrefsPageInfo *self)
{
  g_return_val_if_fail (PREFS_IS_PAGE_INFO (self), 0);

  return self->page_size;
}

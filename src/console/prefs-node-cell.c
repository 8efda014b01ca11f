/* prefs-node-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-node-cell"

#include "config.h"

#include "prefs-node-cell.h"

typedef struct
{
  PrefsPreferenceNode *node;
  gulong               notify_id;
} PrefsNodeCellPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PrefsNodeCell, prefs_node_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sync_cell (PrefsNodeCell *self)
{
  PrefsNodeCellClass *klass = PREFS_NODE_CELL_GET_CLASS (self);

  if (klass->sync != NULL)
    klass->sync (self);
}

static void
prefs_node_cell_dispose (GObject *object)
{
  PrefsNodeCell *self = PREFS_NODE_CELL (object);
  GtkWidget *child;

  prefs_node_cell_set_node (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (prefs_node_cell_parent_class)->dispose (object);
}

static void
prefs_node_cell_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PrefsNodeCell *self = PREFS_NODE_CELL (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_object (value, prefs_node_cell_get_node (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_node_cell_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PrefsNodeCell *self = PREFS_NODE_CELL (object);

  switch (prop_id)
    {
    case PROP_NODE:
      prefs_node_cell_set_node (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_node_cell_class_init (PrefsNodeCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_node_cell_dispose;
  object_class->get_property = prefs_node_cell_get_property;
  object_class->set_property = prefs_node_cell_set_property;

  properties[PROP_NODE] =
    g_param_spec_object ("node", NULL, NULL, PREFS_TYPE_PREFERENCE_NODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
prefs_node_cell_init (PrefsNodeCell *self)
{
}

PrefsPreferenceNode *
prefs_node_cell_get_node (PrefsNodeCell *self)
{
  PrefsNodeCellPrivate *priv = prefs_node_cell_get_instance_private (self);

  g_return_val_if_fail (PREFS_IS_NODE_CELL (self), NULL);
  return priv->node;
}

void
prefs_node_cell_set_node (PrefsNodeCell       *self,
                          PrefsPreferenceNode *node)
{
  PrefsNodeCellPrivate *priv = prefs_node_cell_get_instance_private (self);

  g_return_if_fail (PREFS_IS_NODE_CELL (self));
  g_return_if_fail (node == NULL || PREFS_IS_PREFERENCE_NODE (node));

  if (priv->node == node)
    return;

  if (priv->node != NULL)
    g_clear_signal_handler (&priv->notify_id, priv->node);
  g_set_object (&priv->node, node);
  if (node != NULL)
    priv->notify_id = g_signal_connect_swapped (node, "notify", G_CALLBACK (sync_cell), self);

  sync_cell (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
}

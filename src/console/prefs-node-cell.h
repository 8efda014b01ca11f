/* prefs-node-cell.h: a widget that shows one node of the preference tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "prefs-preference-tree.h"

G_BEGIN_DECLS

#define PREFS_TYPE_NODE_CELL (prefs_node_cell_get_type ())
G_DECLARE_DERIVABLE_TYPE (PrefsNodeCell, prefs_node_cell, PREFS, NODE_CELL, GtkWidget)

/* The cells of a tree row: each subclass builds its child in init and
 * redraws it in sync(), which runs when the node changes or is replaced. */
struct _PrefsNodeCellClass
{
  GtkWidgetClass parent_class;

  void (*sync) (PrefsNodeCell *self);
};

/* (nullable) (transfer none) */
PrefsPreferenceNode *prefs_node_cell_get_node (PrefsNodeCell       *self);
void                 prefs_node_cell_set_node (PrefsNodeCell       *self,
                                               PrefsPreferenceNode *node);

G_END_DECLS

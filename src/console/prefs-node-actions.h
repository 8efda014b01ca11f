/* prefs-node-actions.h: the action cell of a preference tree row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "prefs-node-cell.h"

G_BEGIN_DECLS

#define PREFS_TYPE_NODE_ACTIONS (prefs_node_actions_get_type ())
G_DECLARE_FINAL_TYPE (PrefsNodeActions, prefs_node_actions, PREFS, NODE_ACTIONS, PrefsNodeCell)

/* The node is set with prefs_node_cell_set_node () or the "node" property. */

G_END_DECLS

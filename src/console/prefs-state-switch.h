/* prefs-state-switch.h: a three-state toggle for one preference entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "prefs-node-cell.h"

G_BEGIN_DECLS

#define PREFS_TYPE_STATE_SWITCH (prefs_state_switch_get_type ())
G_DECLARE_FINAL_TYPE (PrefsStateSwitch, prefs_state_switch, PREFS, STATE_SWITCH, PrefsNodeCell)

/* The node is set with prefs_node_cell_set_node () or the "node" property. */
GtkWidget *prefs_state_switch_new (void);

G_END_DECLS

/* prefs-preference-tree.h: a PreferenceSet as a tree of toggles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "prefs-preference-set.h"

G_BEGIN_DECLS

typedef enum
{
  PREFS_NODE_SECTION,       /* "Channel types", "Workflows", "Categories", "Channels" */
  PREFS_NODE_CHANNEL_TYPE,
  PREFS_NODE_CHANNEL,
  PREFS_NODE_WORKFLOW,
  PREFS_NODE_CATEGORY,
  PREFS_NODE_COMMERCIAL,
} PrefsNodeKind;

/* What a toggle shows. CUSTOM is a workflow or category given as an object
 * without conditions of its own: it is on, and its children say more. */
typedef enum
{
  PREFS_TOGGLE_UNSET,
  PREFS_TOGGLE_ON,
  PREFS_TOGGLE_OFF,
  PREFS_TOGGLE_CONDITIONAL,
  PREFS_TOGGLE_CUSTOM,
} PrefsToggleState;

/* What a person reads for a channel type: "Email", "In-app feed"… */
const char *prefs_channel_type_get_title (PrefsChannelType type);

GType prefs_node_kind_get_type    (void) G_GNUC_CONST;
GType prefs_toggle_state_get_type (void) G_GNUC_CONST;
#define PREFS_TYPE_NODE_KIND    (prefs_node_kind_get_type ())
#define PREFS_TYPE_TOGGLE_STATE (prefs_toggle_state_get_type ())

#define PREFS_TYPE_PREFERENCE_NODE (prefs_preference_node_get_type ())
G_DECLARE_FINAL_TYPE (PrefsPreferenceNode, prefs_preference_node, PREFS, PREFERENCE_NODE, GObject)

#define PREFS_TYPE_PREFERENCE_TREE (prefs_preference_tree_get_type ())
G_DECLARE_FINAL_TYPE (PrefsPreferenceTree, prefs_preference_tree, PREFS, PREFERENCE_TREE, GObject)

/* A node's properties: kind, key (the last path segment, or the section's
 * member name), title (what a person reads), path (dotted), state,
 * summary (the conditions as text, or NULL), dirty (differs from the base
 * set), editable. Nodes live as long as their entry; reading them never
 * changes the set, setting "state" writes through to the working set. */
PrefsNodeKind        prefs_preference_node_get_kind       (PrefsPreferenceNode *self);
const char          *prefs_preference_node_get_key        (PrefsPreferenceNode *self);
const char          *prefs_preference_node_get_title      (PrefsPreferenceNode *self);
/* The path as used by prefs_preference_set_lookup (); NULL for sections. */
const char * const  *prefs_preference_node_get_path       (PrefsPreferenceNode *self);
/* Dotted path for display and for matching a 422's field. */
const char          *prefs_preference_node_get_path_string
                                                          (PrefsPreferenceNode *self);
PrefsToggleState     prefs_preference_node_get_state      (PrefsPreferenceNode *self);
/* Writes through: UNSET removes the entry, ON/OFF store a boolean. To make
 * an entry conditional use prefs_preference_node_set_conditions (). Fails
 * (returns FALSE with @error) when the entry cannot take the value, e.g. a
 * child of a workflow that is a plain boolean. */
gboolean             prefs_preference_node_set_state      (PrefsPreferenceNode *self,
                                                           PrefsToggleState     state,
                                                           GError             **error);
/* (element-type PrefsCondition) (nullable) (transfer none) */
GPtrArray           *prefs_preference_node_get_conditions (PrefsPreferenceNode *self);
gboolean             prefs_preference_node_set_conditions (PrefsPreferenceNode *self,
                                                           GPtrArray           *conditions,
                                                           GError             **error);
const char          *prefs_preference_node_get_summary    (PrefsPreferenceNode *self);
gboolean             prefs_preference_node_get_dirty      (PrefsPreferenceNode *self);
/* FALSE for the children of a workflow or category that is turned off. */
gboolean             prefs_preference_node_get_editable   (PrefsPreferenceNode *self);
/* (nullable) (transfer none): children of sections, workflows, categories. */
GListModel          *prefs_preference_node_get_children   (PrefsPreferenceNode *self);
/* A message set on the node from outside (a 422 naming this field). */
const char          *prefs_preference_node_get_error      (PrefsPreferenceNode *self);

/* The tree over @working, compared with @base for dirty marks (both are
 * referenced; @base may be NULL, then nothing is dirty). The tree follows
 * the working set's ::changed signal, whoever changes it. */
PrefsPreferenceTree *prefs_preference_tree_new            (PrefsPreferenceSet  *working,
                                                           PrefsPreferenceSet  *base);
PrefsPreferenceSet  *prefs_preference_tree_get_working    (PrefsPreferenceTree *self);
PrefsPreferenceSet  *prefs_preference_tree_get_base       (PrefsPreferenceTree *self);
void                 prefs_preference_tree_set_base       (PrefsPreferenceTree *self,
                                                           PrefsPreferenceSet  *base);
/* Sections, then the commercial subscription node. (transfer none) */
GListModel          *prefs_preference_tree_get_root       (PrefsPreferenceTree *self);
/* The create function for a GtkTreeListModel over the root. */
GListModel          *prefs_preference_tree_create_children
                                                          (gpointer             item,
                                                           gpointer             user_data);
/* Adds a workflow, category or channel key (set to "on"); fails with a
 * clear error on an empty or existing key, or another kind. */
gboolean             prefs_preference_tree_add_key        (PrefsPreferenceTree *self,
                                                           PrefsNodeKind        kind,
                                                           const char          *key,
                                                           GError             **error);
/* The node at a dotted path, or NULL. (transfer none) */
PrefsPreferenceNode *prefs_preference_tree_find           (PrefsPreferenceTree *self,
                                                           const char          *path_string);
/* Marks the node a 422 names (the longest node path that prefixes
 * @field); clears every mark when @field is NULL. Returns the node. */
PrefsPreferenceNode *prefs_preference_tree_set_field_error
                                                          (PrefsPreferenceTree *self,
                                                           const char          *field,
                                                           const char          *message);
gboolean             prefs_preference_tree_get_dirty      (PrefsPreferenceTree *self);

G_END_DECLS

/* prefs-node-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-node-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-node-actions.h"

/* "Edit conditions" for every entry, "Remove" for the keys a person adds
 * (workflows, categories, channels); both name the entry by its path in
 * the "preferences.*" actions of the view. */
struct _PrefsNodeActions
{
  PrefsNodeCell        parent_instance;

  GtkWidget           *box;
  GtkWidget           *conditions;
  GtkWidget           *remove;
};

G_DEFINE_FINAL_TYPE (PrefsNodeActions, prefs_node_actions, PREFS_TYPE_NODE_CELL)

static void
sync_from_node (PrefsNodeCell *cell)
{
  PrefsNodeActions *self = PREFS_NODE_ACTIONS (cell);
  PrefsPreferenceNode *node = prefs_node_cell_get_node (cell);
  PrefsNodeKind kind = PREFS_NODE_SECTION;
  const char *path = NULL;
  const char *title = "";
  gboolean removable;

  if (node != NULL)
    {
      kind = prefs_preference_node_get_kind (node);
      path = prefs_preference_node_get_path_string (node);
      title = prefs_preference_node_get_title (node);
    }

  removable = node != NULL &&
              (kind == PREFS_NODE_WORKFLOW || kind == PREFS_NODE_CATEGORY ||
               kind == PREFS_NODE_CHANNEL) &&
              g_strv_length ((char **) prefs_preference_node_get_path (node)) == 2;

  gtk_widget_set_visible (self->conditions, node != NULL && kind != PREFS_NODE_SECTION);
  gtk_widget_set_visible (self->remove, removable);

  if (path != NULL)
    {
      g_autofree char *conditions_name = NULL;
      g_autofree char *remove_name = NULL;

      /* The target first: an action name without its target is refused. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->conditions), "s", path);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->conditions),
                                      "preferences.edit-conditions");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove), "s", path);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove), "preferences.remove");
      /* Translators: accessible name of a button, %s is a workflow, channel… */
      conditions_name = g_strdup_printf (_("Edit conditions of %s"), title);
      /* Translators: accessible name of a button, %s is a workflow, channel… */
      remove_name = g_strdup_printf (_("Remove %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->conditions),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, conditions_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
    }
}

static void
prefs_node_actions_class_init (PrefsNodeActionsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PrefsNodeCellClass *cell_class = PREFS_NODE_CELL_CLASS (klass);

  cell_class->sync = sync_from_node;
  gtk_widget_class_set_css_name (widget_class, "prefs-node-actions");
}

static void
prefs_node_actions_init (PrefsNodeActions *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_halign (self->box, GTK_ALIGN_END);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->conditions = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_tooltip_text (self->conditions, _("Edit Conditions"));
  gtk_widget_add_css_class (self->conditions, "flat");
  gtk_box_append (GTK_BOX (self->box), self->conditions);

  self->remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (self->remove, _("Remove"));
  gtk_widget_add_css_class (self->remove, "flat");
  gtk_box_append (GTK_BOX (self->box), self->remove);

  sync_from_node (PREFS_NODE_CELL (self));
}

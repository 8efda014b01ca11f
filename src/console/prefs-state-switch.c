/* prefs-state-switch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-state-switch"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-state-switch.h"

/* Three linked toggle buttons: "Not set", "On", "Off". A conditional or
 * custom entry has none of them pressed; pressing one replaces it. When a
 * write is refused, the switch activates "preferences.report-error" with
 * the message so the page can show it. */
struct _PrefsStateSwitch
{
  PrefsNodeCell  parent_instance;

  GtkWidget     *box;
  GtkWidget     *buttons[3];
  gboolean       syncing;
};

G_DEFINE_FINAL_TYPE (PrefsStateSwitch, prefs_state_switch, PREFS_TYPE_NODE_CELL)

static const PrefsToggleState button_states[3] = {
  PREFS_TOGGLE_UNSET, PREFS_TOGGLE_ON, PREFS_TOGGLE_OFF
};

static void
update_accessible_names (PrefsStateSwitch *self)
{
  PrefsPreferenceNode *node = prefs_node_cell_get_node (PREFS_NODE_CELL (self));
  const char *labels[3] = { _("Not set"), _("On"), _("Off") };
  const char *title = node != NULL ? prefs_preference_node_get_title (node) : NULL;
  const char *path = node != NULL ? prefs_preference_node_get_path_string (node) : NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = NULL;

      /* Translators: accessible name of a toggle: "<entry>: <state>", e.g. "Email: Off" */
      name = title != NULL ? g_strdup_printf (_("%s: %s"), title, labels[i]) : g_strdup (labels[i]);
      /* The description is the entry's path, which tells apart "Email"
       * at the top from "Email" inside a workflow. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, path != NULL ? path : "",
                                      -1);
    }
}

static void
sync_from_node (PrefsStateSwitch *self)
{
  PrefsPreferenceNode *node = prefs_node_cell_get_node (PREFS_NODE_CELL (self));
  PrefsToggleState state = PREFS_TOGGLE_UNSET;
  gboolean editable = TRUE;

  if (node != NULL)
    {
      state = prefs_preference_node_get_state (node);
      editable = prefs_preference_node_get_editable (node);
    }

  self->syncing = TRUE;
  for (guint i = 0; i < 3; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->buttons[i]), button_states[i] == state);
  self->syncing = FALSE;

  gtk_widget_set_sensitive (self->box, node != NULL && editable);
  /* Sections have no value of their own. */
  gtk_widget_set_visible (self->box, node != NULL && prefs_preference_node_get_path (node) != NULL);
}

static void
prefs_state_switch_sync (PrefsNodeCell *cell)
{
  PrefsStateSwitch *self = PREFS_STATE_SWITCH (cell);

  update_accessible_names (self);
  sync_from_node (self);
}

static void
on_button_toggled (GtkToggleButton  *button,
                   PrefsStateSwitch *self)
{
  PrefsPreferenceNode *node = prefs_node_cell_get_node (PREFS_NODE_CELL (self));
  g_autoptr(GError) error = NULL;
  PrefsToggleState state = PREFS_TOGGLE_UNSET;

  if (self->syncing || node == NULL)
    return;

  if (!gtk_toggle_button_get_active (button))
    {
      /* Pressing the active button again is not a way to leave all three
       * unpressed: the entry keeps its state. */
      sync_from_node (self);
      return;
    }

  for (guint i = 0; i < 3; i++)
    if (self->buttons[i] == GTK_WIDGET (button))
      state = button_states[i];

  if (!prefs_preference_node_set_state (node, state, &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "preferences.report-error", "s",
                                error->message);

  sync_from_node (self);
}

static void
prefs_state_switch_class_init (PrefsStateSwitchClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PrefsNodeCellClass *cell_class = PREFS_NODE_CELL_CLASS (klass);

  cell_class->sync = prefs_state_switch_sync;

  gtk_widget_class_set_css_name (widget_class, "prefs-state-switch");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
prefs_state_switch_init (PrefsStateSwitch *self)
{
  const char *labels[3] = { C_("preference state", "Not set"), C_("preference state", "On"),
                            C_("preference state", "Off") };
  const char *tooltips[3] = {
    _("Not set: inherits the default, which sends"),
    _("On: send"),
    _("Off: do not send"),
  };

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->box, "linked");
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  for (guint i = 0; i < 3; i++)
    {
      self->buttons[i] = gtk_toggle_button_new_with_label (labels[i]);
      gtk_widget_set_tooltip_text (self->buttons[i], tooltips[i]);
      gtk_widget_add_css_class (self->buttons[i], "flat");
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->buttons[i]),
                                     GTK_TOGGLE_BUTTON (self->buttons[0]));
      g_signal_connect (self->buttons[i], "toggled", G_CALLBACK (on_button_toggled), self);
      gtk_box_append (GTK_BOX (self->box), self->buttons[i]);
    }

  update_accessible_names (self);
  sync_from_node (self);
}

GtkWidget *
prefs_state_switch_new (void)
{
  return g_object_new (PREFS_TYPE_STATE_SWITCH, NULL);
}


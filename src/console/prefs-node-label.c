/* prefs-node-label.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-node-label"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-node-label.h"

/* The entry's title, a mark when it differs from the saved set, its
 * conditions in words, and the server's complaint about it if any. */
struct _PrefsNodeLabel
{
  PrefsNodeCell        parent_instance;

  GtkWidget           *box;
  GtkWidget           *title;
  GtkWidget           *dirty;
  GtkWidget           *summary;
  GtkWidget           *error;
};

G_DEFINE_FINAL_TYPE (PrefsNodeLabel, prefs_node_label, PREFS_TYPE_NODE_CELL)

static void
sync_from_node (PrefsNodeCell *cell)
{
  PrefsNodeLabel *self = PREFS_NODE_LABEL (cell);
  PrefsPreferenceNode *node = prefs_node_cell_get_node (cell);
  const char *summary = NULL;
  const char *error = NULL;
  gboolean dirty = FALSE;
  PrefsNodeKind kind = PREFS_NODE_SECTION;

  if (node != NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->title), prefs_preference_node_get_title (node));
      summary = prefs_preference_node_get_summary (node);
      error = prefs_preference_node_get_error (node);
      dirty = prefs_preference_node_get_dirty (node);
      kind = prefs_preference_node_get_kind (node);
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (self->title), "");
    }

  if (kind == PREFS_NODE_SECTION)
    gtk_widget_add_css_class (self->title, "heading");
  else
    gtk_widget_remove_css_class (self->title, "heading");

  if (kind == PREFS_NODE_CHANNEL)
    gtk_widget_add_css_class (self->title, "monospace");
  else
    gtk_widget_remove_css_class (self->title, "monospace");

  gtk_widget_set_visible (self->dirty, dirty);
  gtk_label_set_label (GTK_LABEL (self->summary), summary != NULL ? summary : "");
  gtk_widget_set_tooltip_text (self->summary, summary);
  gtk_widget_set_visible (self->summary, summary != NULL);
  gtk_widget_set_visible (self->error, error != NULL);
  gtk_widget_set_tooltip_text (self->error, error);
  if (error != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->error),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, error, -1);
}

static void
prefs_node_label_class_init (PrefsNodeLabelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PrefsNodeCellClass *cell_class = PREFS_NODE_CELL_CLASS (klass);

  cell_class->sync = sync_from_node;
  gtk_widget_class_set_css_name (widget_class, "prefs-node-label");
}

static void
prefs_node_label_init (PrefsNodeLabel *self)
{
  GtkWidget *text_box;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (text_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), text_box);

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append (GTK_BOX (text_box), self->title);

  self->summary = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  /* One line, the whole text in the tooltip: rows keep their height and
   * the tree still fits a 360 px window. */
  gtk_label_set_ellipsize (GTK_LABEL (self->summary), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->summary, "caption");
  gtk_widget_add_css_class (self->summary, "dim-label");
  gtk_box_append (GTK_BOX (text_box), self->summary);

  self->dirty = gtk_image_new_from_icon_name ("media-record-symbolic");
  gtk_widget_add_css_class (self->dirty, "accent");
  gtk_widget_set_tooltip_text (self->dirty, _("Changed, not saved"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dirty),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Changed, not saved"), -1);
  gtk_box_append (GTK_BOX (self->box), self->dirty);

  self->error = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (self->error, "error");
  gtk_box_append (GTK_BOX (self->box), self->error);

  sync_from_node (PREFS_NODE_CELL (self));
}

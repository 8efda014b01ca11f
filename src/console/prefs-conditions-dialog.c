/* prefs-conditions-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-conditions-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-conditions-dialog.h"

struct _PrefsConditionsDialog
{
  AdwWindow            parent_instance;

  PrefsPreferenceNode *node;
  GtkWidget           *list;
  GtkWidget           *problem;
  GtkWidget           *empty;
};

G_DEFINE_FINAL_TYPE (PrefsConditionsDialog, prefs_conditions_dialog, ADW_TYPE_WINDOW)

/* One row: variable, operator, argument, and a remove button. The widgets
 * are found again through these keys on the row. */
#define ROW_VARIABLE "prefs-variable"
#define ROW_OPERATOR "prefs-operator"
#define ROW_ARGUMENT "prefs-argument"

static void
update_empty (PrefsConditionsDialog *self)
{
  gtk_widget_set_visible (self->empty, prefs_conditions_dialog_get_n_rows (self) == 0);
}

static void
on_operator_changed (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     GtkWidget   *argument)
{
  PrefsOperator op = gtk_drop_down_get_selected (dropdown);

  gtk_widget_set_sensitive (argument, prefs_operator_takes_argument (op));
}

static void
on_remove_clicked (GtkButton             *button,
                   PrefsConditionsDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), row);
  update_empty (self);
}

void
prefs_conditions_dialog_add_row (PrefsConditionsDialog *self,
                                 const char            *variable,
                                 PrefsOperator          op,
                                 const char            *argument)
{
  g_autoptr(GtkStringList) operators = gtk_string_list_new (NULL);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *variable_entry;
  GtkWidget *operator_dropdown;
  GtkWidget *argument_entry;
  GtkWidget *remove;

  g_return_if_fail (PREFS_IS_CONDITIONS_DIALOG (self));

  for (guint i = 0; i < PREFS_N_OPERATORS; i++)
    gtk_string_list_append (operators, prefs_operator_to_string (i));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  variable_entry = gtk_entry_new ();
  gtk_widget_set_hexpand (variable_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (variable_entry), "recipient.country_code");
  gtk_editable_set_text (GTK_EDITABLE (variable_entry), variable != NULL ? variable : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (variable_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Variable"), -1);
  gtk_box_append (GTK_BOX (box), variable_entry);

  operator_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&operators)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (operator_dropdown), op);
  gtk_accessible_update_property (GTK_ACCESSIBLE (operator_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Operator"), -1);
  gtk_box_append (GTK_BOX (box), operator_dropdown);

  argument_entry = gtk_entry_new ();
  gtk_widget_set_hexpand (argument_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (argument_entry), _("Argument"));
  gtk_editable_set_text (GTK_EDITABLE (argument_entry), argument != NULL ? argument : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (argument_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Argument"), -1);
  gtk_widget_set_sensitive (argument_entry, prefs_operator_takes_argument (op));
  gtk_box_append (GTK_BOX (box), argument_entry);
  g_signal_connect (operator_dropdown, "notify::selected",
                    G_CALLBACK (on_operator_changed), argument_entry);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Condition"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Condition"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  gtk_box_append (GTK_BOX (box), remove);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), ROW_VARIABLE, variable_entry);
  g_object_set_data (G_OBJECT (row), ROW_OPERATOR, operator_dropdown);
  g_object_set_data (G_OBJECT (row), ROW_ARGUMENT, argument_entry);
  gtk_list_box_append (GTK_LIST_BOX (self->list), row);

  update_empty (self);
}

guint
prefs_conditions_dialog_get_n_rows (PrefsConditionsDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (PREFS_IS_CONDITIONS_DIALOG (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (self->list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

const char *
prefs_conditions_dialog_get_problem (PrefsConditionsDialog *self)
{
  g_return_val_if_fail (PREFS_IS_CONDITIONS_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (self->problem))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->problem));
}

static void
show_problem (PrefsConditionsDialog *self,
              const char            *message)
{
  gtk_label_set_label (GTK_LABEL (self->problem), message != NULL ? message : "");
  gtk_widget_set_visible (self->problem, message != NULL);
}

gboolean
prefs_conditions_dialog_apply (PrefsConditionsDialog *self)
{
  g_autoptr(GPtrArray) conditions = NULL;
  g_autoptr(GError) error = NULL;
  guint index = 0;

  g_return_val_if_fail (PREFS_IS_CONDITIONS_DIALOG (self), FALSE);

  conditions = g_ptr_array_new_with_free_func ((GDestroyNotify) prefs_condition_unref);

  for (GtkWidget *row = gtk_widget_get_first_child (self->list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *variable_entry = g_object_get_data (G_OBJECT (row), ROW_VARIABLE);
      GtkWidget *operator_dropdown = g_object_get_data (G_OBJECT (row), ROW_OPERATOR);
      GtkWidget *argument_entry = g_object_get_data (G_OBJECT (row), ROW_ARGUMENT);
      g_autofree char *variable = NULL;
      const char *argument;
      PrefsOperator op;

      if (variable_entry == NULL)
        continue;
      index++;

      variable = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (variable_entry))));
      op = gtk_drop_down_get_selected (GTK_DROP_DOWN (operator_dropdown));
      argument = gtk_editable_get_text (GTK_EDITABLE (argument_entry));

      if (*variable == '\0')
        {
          g_autofree char *message =
            g_strdup_printf (_("Condition %u needs a variable, such as “recipient.country_code”"),
                             index);
          show_problem (self, message);
          gtk_widget_grab_focus (variable_entry);
          return FALSE;
        }

      if (!prefs_operator_takes_argument (op))
        argument = NULL;

      g_ptr_array_add (conditions, prefs_condition_new (variable, op, argument));
    }

  if (!prefs_preference_node_set_conditions (self->node, conditions, &error))
    {
      show_problem (self, error->message);
      return FALSE;
    }

  show_problem (self, NULL);
  return TRUE;
}

static void
on_apply_clicked (PrefsConditionsDialog *self)
{
  if (prefs_conditions_dialog_apply (self))
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_add_clicked (PrefsConditionsDialog *self)
{
  prefs_conditions_dialog_add_row (self, NULL, PREFS_OPERATOR_EQUAL_TO, NULL);
}

static void
prefs_conditions_dialog_dispose (GObject *object)
{
  PrefsConditionsDialog *self = PREFS_CONDITIONS_DIALOG (object);

  g_clear_object (&self->node);

  G_OBJECT_CLASS (prefs_conditions_dialog_parent_class)->dispose (object);
}

static void
prefs_conditions_dialog_class_init (PrefsConditionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_conditions_dialog_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
prefs_conditions_dialog_init (PrefsConditionsDialog *self)
{
  GtkWidget *content;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *apply;
  GtkWidget *body;
  GtkWidget *intro;
  GtkWidget *scroller;
  GtkWidget *add;

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 420);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_window_set_content (ADW_WINDOW (self), content);

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  apply = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (on_apply_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), apply);
  gtk_box_append (GTK_BOX (content), header);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (content), scroller);

  body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), body);

  intro = gtk_label_new (_("A message is sent only when every condition holds when it is sent."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (body), intro);

  self->problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem), 0);
  gtk_widget_add_css_class (self->problem, "error");
  gtk_widget_set_visible (self->problem, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->problem),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
  gtk_box_append (GTK_BOX (body), self->problem);

  self->empty = gtk_label_new (_("No conditions: applying clears them."));
  gtk_label_set_xalign (GTK_LABEL (self->empty), 0);
  gtk_box_append (GTK_BOX (body), self->empty);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Conditions"), -1);
  gtk_box_append (GTK_BOX (body), self->list);

  add = gtk_button_new_with_mnemonic (_("Add _Condition"));
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked), self);
  gtk_box_append (GTK_BOX (body), add);
}

GtkWidget *
prefs_conditions_dialog_new (PrefsPreferenceNode *node)
{
  PrefsConditionsDialog *self;
  GPtrArray *conditions;
  g_autofree char *title = NULL;

  g_return_val_if_fail (PREFS_IS_PREFERENCE_NODE (node), NULL);

  self = g_object_new (PREFS_TYPE_CONDITIONS_DIALOG, NULL);
  self->node = g_object_ref (node);

  /* Translators: title of a window, %s is an entry such as "Email" */
  title = g_strdup_printf (_("Conditions of %s"), prefs_preference_node_get_title (node));
  gtk_window_set_title (GTK_WINDOW (self), title);

  conditions = prefs_preference_node_get_conditions (node);
  for (guint i = 0; conditions != NULL && i < conditions->len; i++)
    {
      PrefsCondition *condition = g_ptr_array_index (conditions, i);

      prefs_conditions_dialog_add_row (self,
                                       prefs_condition_get_variable (condition),
                                       prefs_condition_get_operator (condition),
                                       prefs_condition_get_argument (condition));
    }
  update_empty (self);

  return GTK_WIDGET (self);
}

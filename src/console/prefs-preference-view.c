/* prefs-preference-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-preference-view"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-conditions-dialog.h"
#include "prefs-node-actions.h"
#include "prefs-node-label.h"
#include "prefs-preference-view.h"
#include "prefs-state-switch.h"

struct _PrefsPreferenceView
{
  GtkWidget            parent_instance;

  GtkWidget           *scroller;
  GtkColumnView       *column_view;

  PrefsPreferenceTree *tree;
  GtkTreeListModel    *tree_model;
};

G_DEFINE_FINAL_TYPE (PrefsPreferenceView, prefs_preference_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TREE,
  N_PROPS
};

enum {
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
report (PrefsPreferenceView *self,
        const char          *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
report_error_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  report (PREFS_PREFERENCE_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsPreferenceView *self = PREFS_PREFERENCE_VIEW (widget);
  PrefsPreferenceNode *node;
  g_autoptr(GError) error = NULL;

  if (self->tree == NULL)
    return;

  node = prefs_preference_tree_find (self->tree, g_variant_get_string (parameter, NULL));
  if (node == NULL)
    return;

  if (!prefs_preference_node_set_state (node, PREFS_TOGGLE_UNSET, &error))
    report (self, error->message);
}

static void
edit_conditions_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PrefsPreferenceView *self = PREFS_PREFERENCE_VIEW (widget);
  PrefsPreferenceNode *node;
  GtkWidget *dialog;

  if (self->tree == NULL)
    return;

  node = prefs_preference_tree_find (self->tree, g_variant_get_string (parameter, NULL));
  if (node == NULL)
    return;

  dialog = prefs_conditions_dialog_new (node);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  PrefsPreferenceView *view;
  GtkWidget           *entry;
  PrefsNodeKind        kind;
} AddKeyData;

static void
add_key_data_free (gpointer data)
{
  AddKeyData *add = data;

  g_clear_object (&add->view);
  g_clear_object (&add->entry);
  g_free (add);
}

static void
on_add_key_response (AdwMessageDialog *dialog,
                     const char       *response,
                     AddKeyData       *add)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0 || add->view->tree == NULL)
    return;

  if (!prefs_preference_tree_add_key (add->view->tree, add->kind,
                                      gtk_editable_get_text (GTK_EDITABLE (add->entry)),
                                      &error))
    report (add->view, error->message);
}

static void
on_add_key_entry_changed (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "add", *text != '\0');
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PrefsPreferenceView *self = PREFS_PREFERENCE_VIEW (widget);
  PrefsNodeKind kind = g_variant_get_int32 (parameter);
  const char *heading;
  const char *body;
  const char *placeholder;
  AdwMessageDialog *dialog;
  AddKeyData *add;

  switch (kind)
    {
    case PREFS_NODE_WORKFLOW:
      heading = _("Add Workflow");
      body = _("The key of the workflow, as in Knock’s dashboard.");
      placeholder = "new-comment";
      break;
    case PREFS_NODE_CATEGORY:
      heading = _("Add Category");
      body = _("The key of the category.");
      placeholder = "marketing";
      break;
    case PREFS_NODE_CHANNEL:
      heading = _("Add Channel");
      body = _("The id of the channel, as in Knock’s dashboard.");
      placeholder = "aef6e715-df82-4ab6-b61e-b743e249f7b6";
      break;
    case PREFS_NODE_SECTION:
    case PREFS_NODE_CHANNEL_TYPE:
    case PREFS_NODE_COMMERCIAL:
    default:
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (widget)), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);

  add = g_new0 (AddKeyData, 1);
  add->view = g_object_ref (self);
  add->kind = kind;
  add->entry = g_object_ref_sink (gtk_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (add->entry), placeholder);
  /* Enter presses "Add", which answers and closes the dialog. */
  gtk_entry_set_activates_default (GTK_ENTRY (add->entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  adw_message_dialog_set_extra_child (dialog, add->entry);
  g_signal_connect (add->entry, "changed", G_CALLBACK (on_add_key_entry_changed), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_add_key_response), add,
                         (GClosureNotify) (void (*) (void)) add_key_data_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
prefs_preference_view_dispose (GObject *object)
{
  PrefsPreferenceView *self = PREFS_PREFERENCE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_PREFERENCE_VIEW);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->tree);

  G_OBJECT_CLASS (prefs_preference_view_parent_class)->dispose (object);
}

static void
prefs_preference_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PrefsPreferenceView *self = PREFS_PREFERENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TREE:
      g_value_set_object (value, self->tree);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_preference_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PrefsPreferenceView *self = PREFS_PREFERENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TREE:
      prefs_preference_view_set_tree (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_preference_view_class_init (PrefsPreferenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_preference_view_dispose;
  object_class->get_property = prefs_preference_view_get_property;
  object_class->set_property = prefs_preference_view_set_property;

  properties[PROP_TREE] =
    g_param_spec_object ("tree", NULL, NULL, PREFS_TYPE_PREFERENCE_TREE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/prefs-preference-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsPreferenceView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PrefsPreferenceView, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "preferences.report-error", "s",
                                   report_error_action);
  gtk_widget_class_install_action (widget_class, "preferences.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "preferences.edit-conditions", "s",
                                   edit_conditions_action);
  gtk_widget_class_install_action (widget_class, "preferences.add", "i", add_action);

  g_type_ensure (PREFS_TYPE_NODE_ACTIONS);
  g_type_ensure (PREFS_TYPE_NODE_LABEL);
  g_type_ensure (PREFS_TYPE_STATE_SWITCH);
}

static void
prefs_preference_view_init (PrefsPreferenceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
prefs_preference_view_new (void)
{
  return g_object_new (PREFS_TYPE_PREFERENCE_VIEW, NULL);
}

PrefsPreferenceTree *
prefs_preference_view_get_tree (PrefsPreferenceView *self)
{
  g_return_val_if_fail (PREFS_IS_PREFERENCE_VIEW (self), NULL);
  return self->tree;
}

void
prefs_preference_view_set_tree (PrefsPreferenceView *self,
                                PrefsPreferenceTree *tree)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (PREFS_IS_PREFERENCE_VIEW (self));
  g_return_if_fail (tree == NULL || PREFS_IS_PREFERENCE_TREE (tree));

  if (!g_set_object (&self->tree, tree))
    return;

  g_clear_object (&self->tree_model);
  if (tree != NULL)
    {
      self->tree_model = gtk_tree_list_model_new (g_object_ref (prefs_preference_tree_get_root (tree)),
                                                   FALSE, FALSE,
                                                   prefs_preference_tree_create_children,
                                                   NULL, NULL);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tree_model)));
    }
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  /* Sections open by default: a person comes to see the toggles. */
  for (guint i = 0; tree != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

      if (item != NULL && prefs_preference_node_get_kind (PREFS_PREFERENCE_NODE (item)) ==
                          PREFS_NODE_SECTION)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TREE]);
}

void
prefs_preference_view_expand_all (PrefsPreferenceView *self)
{
  g_return_if_fail (PREFS_IS_PREFERENCE_VIEW (self));

  /* The model grows as rows open, so walk it until the end. */
  for (guint i = 0; self->tree_model != NULL &&
                    i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);

      if (row != NULL && gtk_tree_list_row_is_expandable (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

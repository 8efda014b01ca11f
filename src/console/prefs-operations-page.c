/* prefs-operations-page.c: every bulk operation of an environment, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-operations-page"

#include "config.h"

#include "prefs-operations-page.h"

#include <glib/gi18n.h>
#include <string.h>

/* The list box is bound to a GListStore of PrefsOperation; each row
 * follows its operation's notify signals, so running ones update live and
 * nothing about an operation is copied into the page. */

#define MAX_ERROR_IDS_SHOWN 50

struct _PrefsOperationsPage
{
  GtkWidget             parent_instance;

  /* template */
  GtkWidget            *box;
  GtkStack             *stack;
  GtkListBox           *list_box;

  /* state */
  PrefsConnection      *connection;
  GListStore           *operations;
  GtkFileChooserNative *file_chooser;
  gint64                export_id;
};

G_DEFINE_FINAL_TYPE (PrefsOperationsPage, prefs_operations_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
toast (PrefsOperationsPage *self,
       const char          *message)
{
  g_autoptr(AdwToast) owned = g_object_ref_sink (adw_toast_new (message));

  g_signal_emit (self, signals[TOAST], 0, owned);
}

/* ---- rows ---- */

typedef struct
{
  AdwExpanderRow *row;
  GtkProgressBar *progress;
  AdwActionRow   *counts_row;
  AdwActionRow   *times_row;
  AdwActionRow   *errors_row;
  GtkWidget      *retry_button;
  GtkWidget      *revert_button;
  GtkWidget      *cancel_button;
} RowWidgets;

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("—");
  time = g_date_time_new_from_unix_local (unix_seconds);
  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("—");
}

static const char *
state_text (PrefsOperationState state)
{
  switch (state)
    {
    case PREFS_OPERATION_STATE_QUEUED:
      return _("Queued");
    case PREFS_OPERATION_STATE_SNAPSHOTTING:
      return _("Taking a snapshot");
    case PREFS_OPERATION_STATE_RUNNING:
      return _("Running");
    case PREFS_OPERATION_STATE_COMPLETED:
      return _("Completed");
    case PREFS_OPERATION_STATE_FAILED:
      return _("Failed");
    case PREFS_OPERATION_STATE_CANCELLED:
      return _("Cancelled");
    default:
      return "";
    }
}

static void
update_row (PrefsOperation *operation,
            GParamSpec     *pspec,
            RowWidgets     *widgets)
{
  PrefsOperationState state = prefs_operation_get_state (operation);
  const char *preset = prefs_operation_get_preset_name (operation);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *times = NULL;
  g_autofree char *created = format_time (prefs_operation_get_created_at (operation));
  g_autofree char *started = format_time (prefs_operation_get_started_at (operation));
  g_autofree char *finished = format_time (prefs_operation_get_finished_at (operation));
  g_autoptr(GPtrArray) failed = NULL;
  guint n_users = prefs_operation_get_n_users (operation);

  if (preset == NULL)
    preset = _("Unnamed preset");
  switch (prefs_operation_get_kind (operation))
    {
    case PREFS_OPERATION_KIND_RETRY:
      /* Translators: title of a retry of an operation: "Retry: <preset>" */
      title = g_strdup_printf (_("Retry: %s"), preset);
      break;
    case PREFS_OPERATION_KIND_REVERT:
      /* Translators: title of a revert of an operation: "Revert: <preset>" */
      title = g_strdup_printf (_("Revert: %s"), preset);
      break;
    case PREFS_OPERATION_KIND_APPLY:
    default:
      title = g_strdup (preset);
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widgets->row), title);

  /* Translators: "Running · set default · 2,500 users · 2024-05-01 10:00:00" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · set %s · %u user · %s",
                                           "%s · set %s · %u users · %s", n_users),
                              state_text (state), prefs_operation_get_target_set_id (operation),
                              n_users, created);
  adw_expander_row_set_subtitle (widgets->row, subtitle);

  if (state == PREFS_OPERATION_STATE_SNAPSHOTTING && n_users > 0)
    gtk_progress_bar_set_fraction (widgets->progress,
                                   (double) prefs_operation_get_n_snapshotted (operation) /
                                   n_users);
  else
    gtk_progress_bar_set_fraction (widgets->progress, prefs_operation_get_fraction (operation));

  /* The counts are formatted first: a translatable string cannot hold
   * G_GUINT64_FORMAT, which xgettext does not understand. */
  {
    g_autofree char *n_processed = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                    prefs_operation_get_n_processed (operation));
    g_autofree char *n_succeeded = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                    prefs_operation_get_n_succeeded (operation));
    g_autofree char *n_failed = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                 prefs_operation_get_n_failed (operation));

    /* Translators: "1000 of 2500 processed · 990 succeeded · 10 failed" */
    counts = g_strdup_printf (_("%s of %u processed · %s succeeded · %s failed"),
                              n_processed, n_users, n_succeeded, n_failed);
  }
  if (prefs_operation_get_error_message (operation) != NULL)
    {
      g_autofree char *with_error = g_strdup_printf ("%s\n%s", counts,
                                                     prefs_operation_get_error_message (operation));

      g_free (counts);
      counts = g_steal_pointer (&with_error);
    }
  adw_action_row_set_subtitle (widgets->counts_row, counts);

  /* Translators: timestamps of an operation */
  times = g_strdup_printf (_("Created %s · started %s · ended %s"), created, started, finished);
  adw_action_row_set_subtitle (widgets->times_row, times);

  failed = prefs_operation_dup_failed_ids (operation);
  if (prefs_operation_get_finished (operation) && failed->len > 0)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < MIN (failed->len, MAX_ERROR_IDS_SHOWN); i++)
        {
          if (i > 0)
            g_string_append (text, ", ");
          g_string_append (text, g_ptr_array_index (failed, i));
        }
      if (failed->len > MAX_ERROR_IDS_SHOWN)
        g_string_append_printf (text, " %s", _("…and more (export the report)"));
      adw_action_row_set_subtitle (widgets->errors_row, text->str);
      g_string_free (text, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (widgets->errors_row),
                          prefs_operation_get_finished (operation) && failed->len > 0);

  gtk_widget_set_visible (widgets->retry_button,
                          prefs_operation_get_finished (operation) && failed->len > 0);
  gtk_widget_set_visible (widgets->revert_button,
                          prefs_operation_get_finished (operation) &&
                          prefs_operation_get_has_snapshot (operation));
  gtk_widget_set_visible (widgets->cancel_button, !prefs_operation_get_finished (operation));
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               gint64      store_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_int64 (store_id));
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  PrefsOperation *operation = item;
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  gint64 id = prefs_operation_get_store_id (operation);
  GtkWidget *buttons;
  GtkWidget *export_button;
  GtkWidget *buttons_row;

  widgets->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widgets->row), FALSE);

  widgets->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_valign (GTK_WIDGET (widgets->progress), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (widgets->progress), 120, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"), -1);
  adw_expander_row_add_action (widgets->row, GTK_WIDGET (widgets->progress));

  widgets->counts_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widgets->counts_row), _("Progress"));
  adw_expander_row_add_row (widgets->row, GTK_WIDGET (widgets->counts_row));

  widgets->times_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widgets->times_row), _("Times"));
  adw_expander_row_add_row (widgets->row, GTK_WIDGET (widgets->times_row));

  widgets->errors_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widgets->errors_row),
                                 _("Failed or not sent"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widgets->errors_row), FALSE);
  adw_expander_row_add_row (widgets->row, GTK_WIDGET (widgets->errors_row));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_set_margin_bottom (buttons, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  widgets->retry_button = action_button (_("Retry _Failed"), "operations.retry", id);
  widgets->revert_button = action_button (_("_Revert…"), "operations.revert", id);
  export_button = action_button (_("_Export Report…"), "operations.export", id);
  widgets->cancel_button = action_button (_("_Cancel"), "operations.cancel", id);
  gtk_widget_add_css_class (widgets->cancel_button, "destructive-action");
  gtk_box_append (GTK_BOX (buttons), widgets->retry_button);
  gtk_box_append (GTK_BOX (buttons), widgets->revert_button);
  gtk_box_append (GTK_BOX (buttons), export_button);
  gtk_box_append (GTK_BOX (buttons), widgets->cancel_button);
  buttons_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (buttons_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (buttons_row), buttons);
  adw_expander_row_add_row (widgets->row, buttons_row);

  g_object_set_data_full (G_OBJECT (widgets->row), "prefs-row-widgets", widgets, g_free);
  g_signal_connect (operation, "notify", G_CALLBACK (update_row), widgets);
  /* The handler above must die with the row, not with the operation. */
  g_object_set_data_full (G_OBJECT (widgets->row), "prefs-operation",
                          g_object_ref (operation), g_object_unref);
  update_row (operation, NULL, widgets);

  return GTK_WIDGET (widgets->row);
}

static void
on_row_destroy (GtkWidget *row)
{
  PrefsOperation *operation = g_object_get_data (G_OBJECT (row), "prefs-operation");
  RowWidgets *widgets = g_object_get_data (G_OBJECT (row), "prefs-row-widgets");

  if (operation != NULL && widgets != NULL)
    g_signal_handlers_disconnect_by_data (operation, widgets);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GtkWidget *row = create_row (item, user_data);

  g_signal_connect (row, "destroy", G_CALLBACK (on_row_destroy), NULL);
  return row;
}

static void
update_stack (PrefsOperationsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->operations)) > 0
                                    ? "list" : "empty");
}

/* ---- the list ---- */

PrefsOperation *
prefs_operations_page_lookup (PrefsOperationsPage *self,
                              gint64               store_id)
{
  g_return_val_if_fail (PREFS_IS_OPERATIONS_PAGE (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->operations)); i++)
    {
      g_autoptr(PrefsOperation) operation = g_list_model_get_item (G_LIST_MODEL (self->operations),
                                                                   i);

      if (prefs_operation_get_store_id (operation) == store_id)
        return operation;
    }
  return NULL;
}

void
prefs_operations_page_add (PrefsOperationsPage *self,
                           PrefsOperation      *operation)
{
  g_return_if_fail (PREFS_IS_OPERATIONS_PAGE (self));
  g_return_if_fail (PREFS_IS_OPERATION (operation));

  if (prefs_operations_page_lookup (self, prefs_operation_get_store_id (operation)) != NULL)
    return;
  g_list_store_insert (self->operations, 0, operation);
  update_stack (self);
}

GListModel *
prefs_operations_page_get_operations (PrefsOperationsPage *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATIONS_PAGE (self), NULL);
  return G_LIST_MODEL (self->operations);
}

PrefsConnection *
prefs_operations_page_get_connection (PrefsOperationsPage *self)
{
  g_return_val_if_fail (PREFS_IS_OPERATIONS_PAGE (self), NULL);
  return self->connection;
}

void
prefs_operations_page_set_connection (PrefsOperationsPage *self,
                                      PrefsConnection     *connection)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PREFS_IS_OPERATIONS_PAGE (self));
  g_return_if_fail (connection == NULL || PREFS_IS_CONNECTION (connection));

  if (!g_set_object (&self->connection, connection))
    return;

  /* Operations of the environment left keep running: they write to the
   * store, and the page shows them again when it comes back. */
  g_list_store_remove_all (self->operations);

  if (connection != NULL)
    {
      stored = prefs_operation_list_stored (prefs_connection_get_client (connection),
                                            prefs_connection_get_store (connection),
                                            prefs_connection_get_name (connection), &error);
      if (stored == NULL)
        toast (self, error->message);
      for (guint i = 0; stored != NULL && i < stored->len; i++)
        {
          PrefsOperation *operation = g_ptr_array_index (stored, i);

          g_list_store_append (self->operations, operation);
          if (!prefs_operation_get_finished (operation))
            prefs_operation_start (operation);
        }
    }

  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/* ---- actions ---- */

PrefsOperation *
prefs_operations_page_retry (PrefsOperationsPage  *self,
                             PrefsOperation       *operation,
                             GError              **error)
{
  g_autoptr(PrefsOperation) retry = NULL;

  g_return_val_if_fail (PREFS_IS_OPERATIONS_PAGE (self), NULL);
  g_return_val_if_fail (PREFS_IS_OPERATION (operation), NULL);

  retry = prefs_operation_new_retry (operation, error);
  if (retry == NULL)
    return NULL;
  prefs_operation_start (retry);
  prefs_operations_page_add (self, retry);
  return retry;
}

PrefsOperation *
prefs_operations_page_revert (PrefsOperationsPage  *self,
                              PrefsOperation       *operation,
                              GError              **error)
{
  g_autoptr(PrefsOperation) revert = NULL;

  g_return_val_if_fail (PREFS_IS_OPERATIONS_PAGE (self), NULL);
  g_return_val_if_fail (PREFS_IS_OPERATION (operation), NULL);

  revert = prefs_operation_new_revert (operation, error);
  if (revert == NULL)
    return NULL;
  prefs_operation_start (revert);
  prefs_operations_page_add (self, revert);
  return revert;
}

gboolean
prefs_operations_page_export (PrefsOperationsPage  *self,
                              PrefsOperation       *operation,
                              GFile                *file,
                              GError              **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (PREFS_IS_OPERATIONS_PAGE (self), FALSE);
  g_return_val_if_fail (PREFS_IS_OPERATION (operation), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  csv = prefs_operation_export_csv (operation);
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static PrefsOperation *
operation_for_action (PrefsOperationsPage *self,
                      GVariant            *parameter)
{
  return prefs_operations_page_lookup (self, g_variant_get_int64 (parameter));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PrefsOperationsPage *self = PREFS_OPERATIONS_PAGE (widget);
  PrefsOperation *operation = operation_for_action (self, parameter);
  g_autoptr(GError) error = NULL;

  if (operation == NULL)
    return;
  if (prefs_operations_page_retry (self, operation, &error) == NULL)
    toast (self, error->message);
  else
    toast (self, _("Retrying the failed users"));
}

static void
on_revert_response (AdwMessageDialog    *dialog,
                    const char          *response,
                    PrefsOperationsPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "prefs-store-id"));
  PrefsOperation *operation;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "revert") != 0)
    return;
  operation = prefs_operations_page_lookup (self, id);
  if (operation == NULL)
    return;
  if (prefs_operations_page_revert (self, operation, &error) == NULL)
    toast (self, error->message);
  else
    toast (self, _("Reverting: each user’s previous set is being put back"));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsOperationsPage *self = PREFS_OPERATIONS_PAGE (widget);
  PrefsOperation *operation = operation_for_action (self, parameter);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  guint n_users;

  if (operation == NULL)
    return;

  n_users = prefs_operation_get_n_users (operation);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The set of %u user goes back to what it was before "
                                       "this operation. Changes made since then are lost.",
                                       "The sets of %u users go back to what they were before "
                                       "this operation. Changes made since then are lost.",
                                       n_users), n_users);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                           : NULL,
                                                       _("Revert the Operation?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "revert", _("_Revert"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "revert", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "prefs-store-id",
                     GSIZE_TO_POINTER ((gsize) prefs_operation_get_store_id (operation)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_revert_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsOperation *operation = operation_for_action (PREFS_OPERATIONS_PAGE (widget), parameter);

  if (operation != NULL)
    prefs_operation_cancel (operation);
}

static void
drop_file_chooser (PrefsOperationsPage *self)
{
  if (self->file_chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->file_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
}

static void
on_export_response (GtkNativeDialog     *native,
                    int                  response,
                    PrefsOperationsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  PrefsOperation *operation;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  drop_file_chooser (self);
  operation = prefs_operations_page_lookup (self, self->export_id);
  if (file == NULL || operation == NULL)
    return;

  if (!prefs_operations_page_export (self, operation, file, &error))
    toast (self, error->message);
  else
    toast (self, _("Report exported"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsOperationsPage *self = PREFS_OPERATIONS_PAGE (widget);
  PrefsOperation *operation = operation_for_action (self, parameter);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  if (operation == NULL)
    return;

  drop_file_chooser (self);
  self->export_id = prefs_operation_get_store_id (operation);
  self->file_chooser = gtk_file_chooser_native_new (_("Export Report"),
                                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                         : NULL,
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("operation-%" G_GINT64_FORMAT ".csv", self->export_id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->file_chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  g_signal_connect (self->file_chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

/* ---- GObject ---- */

static void
prefs_operations_page_dispose (GObject *object)
{
  PrefsOperationsPage *self = PREFS_OPERATIONS_PAGE (object);

  drop_file_chooser (self);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_OPERATIONS_PAGE);
  g_clear_object (&self->operations);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (prefs_operations_page_parent_class)->dispose (object);
}

static void
prefs_operations_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PrefsOperationsPage *self = PREFS_OPERATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_operations_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PrefsOperationsPage *self = PREFS_OPERATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      prefs_operations_page_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_operations_page_class_init (PrefsOperationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_operations_page_dispose;
  object_class->get_property = prefs_operations_page_get_property;
  object_class->set_property = prefs_operations_page_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, PREFS_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/Preferences/prefs-operations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsOperationsPage, box);
  gtk_widget_class_bind_template_child (widget_class, PrefsOperationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PrefsOperationsPage, list_box);

  gtk_widget_class_install_action (widget_class, "operations.retry", "x", retry_action);
  gtk_widget_class_install_action (widget_class, "operations.revert", "x", revert_action);
  gtk_widget_class_install_action (widget_class, "operations.export", "x", export_action);
  gtk_widget_class_install_action (widget_class, "operations.cancel", "x", cancel_action);
}

static void
prefs_operations_page_init (PrefsOperationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->operations = g_list_store_new (PREFS_TYPE_OPERATION);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->operations), create_row_cb,
                           self, NULL);
  update_stack (self);
}

GtkWidget *
prefs_operations_page_new (void)
{
  return g_object_new (PREFS_TYPE_OPERATIONS_PAGE, NULL);
}

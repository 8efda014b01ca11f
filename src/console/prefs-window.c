/* prefs-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-application.h"
#include "prefs-connection.h"
#include "prefs-bulk-dialog.h"
#include "prefs-environment-dialog.h"
#include "prefs-operations-page.h"
#include "prefs-presets-page.h"
#include "prefs-user-page.h"
#include "prefs-users-page.h"
#include "prefs-window.h"

struct _PrefsWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *production_revealer;
  GtkLabel             *production_label;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkDropDown          *environment_dropdown;
  GtkListBox           *navigation;
  GtkMenuButton        *menu_button;
  GtkListBoxRow        *users_row;
  GtkListBoxRow        *objects_row;
  GtkListBoxRow        *presets_row;
  GtkListBoxRow        *operations_row;
  PrefsPresetsPage     *presets_page;
  PrefsOperationsPage  *operations_page;
  GtkStack             *content_stack;
  AdwWindowTitle       *users_title;
  PrefsUsersPage       *users_page;
  PrefsUserPage        *user_page;
  AdwEntryRow          *object_collection;
  AdwEntryRow          *object_id;

  /* state */
  GSettings            *settings;
  GtkStringList        *environment_names;   /* what the dropdown shows */
  GPtrArray            *environment_keys;    /* the matching environment names */
  PrefsConnection      *connection;
  GCancellable         *cancellable;
  char                 *pending_user;        /* --user, opened once connected */
  const char           *after_leave;         /* the page to show once the editor is left */
  gboolean              filling_environments;
};

G_DEFINE_FINAL_TYPE (PrefsWindow, prefs_window, ADW_TYPE_APPLICATION_WINDOW)

static PrefsApplication *
get_app (PrefsWindow *self)
{
  return PREFS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
toast (PrefsWindow *self,
       const char  *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
on_page_toast (PrefsWindow *self,
               AdwToast    *page_toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (page_toast));
}

static void
show_content (PrefsWindow *self,
              const char  *name)
{
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));

  if (g_str_equal (name, "users"))
    gtk_list_box_select_row (self->navigation, self->users_row);
  else if (g_str_equal (name, "objects"))
    gtk_list_box_select_row (self->navigation, self->objects_row);
  else if (g_str_equal (name, "presets"))
    gtk_list_box_select_row (self->navigation, self->presets_row);
  else if (g_str_equal (name, "operations"))
    gtk_list_box_select_row (self->navigation, self->operations_row);
}

/* ---- connecting ---- */

static void
set_connection (PrefsWindow     *self,
                PrefsConnection *connection)
{
  g_autofree char *bar = NULL;
  gboolean production;

  g_set_object (&self->connection, connection);
  g_object_set (self->users_page, "connection", connection, NULL);
  /* Operations belong to an environment: this also resumes its
   * unfinished ones. */
  prefs_operations_page_set_connection (self->operations_page, connection);

  production = connection != NULL && prefs_connection_get_production (connection);
  if (production)
    {
      /* Translators: the bar shown across the window on a production environment */
      bar = g_strdup_printf (_("Production: %s. Changes reach real people."),
                             prefs_connection_get_name (connection));
      gtk_label_set_label (self->production_label, bar);
      gtk_widget_add_css_class (GTK_WIDGET (self), "production");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "production");
    }
  gtk_revealer_set_reveal_child (self->production_revealer, production);

  if (connection != NULL)
    {
      adw_window_title_set_subtitle (self->users_title,
                                     gtk_string_list_get_string (
                                       self->environment_names,
                                       gtk_drop_down_get_selected (self->environment_dropdown)));
      g_settings_set_string (self->settings, "last-environment",
                             prefs_connection_get_name (connection));
    }

  if (connection != NULL && self->pending_user != NULL)
    {
      g_autofree char *user_id = g_steal_pointer (&self->pending_user);

      prefs_user_page_open (self->user_page, connection, NULL, user_id, NULL);
      show_content (self, "user");
    }
  else
    {
      show_content (self, "users");
    }
}

static PrefsConnection *
make_connection (PrefsWindow *self,
                 const char  *name,
                 const char  *base_url,
                 const char  *key,
                 gboolean     production)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PrefsClient) client = NULL;
  PrefsStore *store;

  store = prefs_application_get_store (get_app (self), &error);
  if (store == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The local database could not open: %s"),
                                                  error->message);
      toast (self, message);
      return NULL;
    }

  client = prefs_client_new (NULL, base_url, key);
  return prefs_connection_new (name, production, client, store);
}

typedef struct
{
  PrefsWindow *window;
  char        *name;
  char        *base_url;
  gboolean     production;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_clear_object (&data->window);
  g_free (data->name);
  g_free (data->base_url);
  g_free (data);
}

static void
on_key_found (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LookupData *data = user_data;
  PrefsWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autoptr(PrefsConnection) connection = NULL;

  key = prefs_secret_store_lookup_finish (PREFS_SECRET_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      lookup_data_free (data);
      return;
    }

  if (key == NULL)
    {
      g_autofree char *message = NULL;

      if (error != NULL)
        message = g_strdup_printf (_("The key of “%s” could not be read from the keyring: %s"),
                                   data->name, error->message);
      else
        message = g_strdup_printf (_("“%s” has no key in the keyring; edit the environment to add one"),
                                   data->name);
      toast (self, message);
    }

  /* Without a key the users page shows "unauthorized" with a way out. */
  connection = make_connection (self, data->name, data->base_url, key, data->production);
  if (connection != NULL)
    set_connection (self, connection);

  lookup_data_free (data);
}

static void
connect_environment (PrefsWindow *self,
                     const char  *name)
{
  g_autoptr(PrefsConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_str_equal (name, PREFS_LOCAL_ENVIRONMENT))
    {
      const char *base_url = prefs_application_ensure_local_sandbox (get_app (self), &error);

      if (base_url == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The local sandbox could not start: %s"),
                                                      error->message);
          toast (self, message);
          set_connection (self, NULL);
          return;
        }
      connection = make_connection (self, name, base_url, PREFS_SANDBOX_DEFAULT_SECRET_KEY, FALSE);
      set_connection (self, connection);
    }
  else if (g_str_equal (name, PREFS_ENV_ENVIRONMENT))
    {
      const char *base_url = g_getenv ("KNOCK_BASE_URL");

      if (base_url == NULL || *base_url == '\0')
        base_url = PREFS_CLIENT_DEFAULT_BASE_URL;
      connection = make_connection (self, name, base_url, g_getenv ("KNOCK_API_KEY"), FALSE);
      set_connection (self, connection);
    }
  else
    {
      g_autoptr(GPtrArray) environments = NULL;
      PrefsStore *store = prefs_application_get_store (get_app (self), &error);

      environments = store != NULL ? prefs_store_list_environments (store, &error) : NULL;
      for (guint i = 0; environments != NULL && i < environments->len; i++)
        {
          PrefsStoredEnvironment *env = g_ptr_array_index (environments, i);
          LookupData *data;

          if (!g_str_equal (env->name, name))
            continue;

          data = g_new0 (LookupData, 1);
          data->window = g_object_ref (self);
          data->name = g_strdup (env->name);
          data->base_url = g_strdup (env->base_url);
          data->production = env->production;
          prefs_secret_store_lookup_async (prefs_application_get_secret_store (get_app (self)),
                                           env->name, self->cancellable, on_key_found, data);
          return;
        }

      {
        g_autofree char *message = g_strdup_printf (_("There is no environment named “%s”"), name);
        toast (self, message);
      }
    }
}

static const char *
selected_environment (PrefsWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->environment_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->environment_keys->len)
    return NULL;
  return g_ptr_array_index (self->environment_keys, selected);
}

static void
select_environment (PrefsWindow *self,
                    const char  *name)
{
  for (guint i = 0; i < self->environment_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->environment_keys, i), name))
      {
        gtk_drop_down_set_selected (self->environment_dropdown, i);
        return;
      }
}

static void
fill_environments (PrefsWindow *self)
{
  g_autoptr(GPtrArray) stored = NULL;
  PrefsStore *store;

  self->filling_environments = TRUE;

  gtk_string_list_splice (self->environment_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->environment_names)),
                          NULL);
  g_ptr_array_set_size (self->environment_keys, 0);

  gtk_string_list_append (self->environment_names, _("Local sandbox"));
  g_ptr_array_add (self->environment_keys, g_strdup (PREFS_LOCAL_ENVIRONMENT));

  if (g_getenv ("KNOCK_API_KEY") != NULL && *g_getenv ("KNOCK_API_KEY") != '\0')
    {
      gtk_string_list_append (self->environment_names, _("From KNOCK_API_KEY"));
      g_ptr_array_add (self->environment_keys, g_strdup (PREFS_ENV_ENVIRONMENT));
    }

  store = prefs_application_get_store (get_app (self), NULL);
  stored = store != NULL ? prefs_store_list_environments (store, NULL) : NULL;
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      PrefsStoredEnvironment *env = g_ptr_array_index (stored, i);
      g_autofree char *label = NULL;

      /* Translators: an environment in the switcher, marked as production */
      label = env->production ? g_strdup_printf (_("%s (production)"), env->name)
                              : g_strdup (env->name);
      gtk_string_list_append (self->environment_names, label);
      g_ptr_array_add (self->environment_keys, g_strdup (env->name));
    }

  self->filling_environments = FALSE;
}

static void
on_environment_selected (PrefsWindow *self)
{
  const char *name;

  if (self->filling_environments)
    return;

  name = selected_environment (self);
  if (name != NULL &&
      (self->connection == NULL || !g_str_equal (name, prefs_connection_get_name (self->connection))))
    connect_environment (self, name);
}

static void
on_environment_saved (PrefsWindow *self,
                      const char  *name)
{
  fill_environments (self);
  select_environment (self, name);
  /* Edited in place: reconnect so a new URL or key takes effect. */
  connect_environment (self, name);
}

static void
on_environment_removed (PrefsWindow *self,
                        const char  *name)
{
  g_autofree char *message = g_strdup_printf (_("Environment “%s” removed"), name);

  fill_environments (self);
  /* Whatever was open there is gone: back to the local sandbox. */
  select_environment (self, PREFS_LOCAL_ENVIRONMENT);
  connect_environment (self, PREFS_LOCAL_ENVIRONMENT);
  toast (self, message);
}

static void
open_environment_dialog (PrefsWindow *self,
                         const char  *name)
{
  g_autoptr(GError) error = NULL;
  PrefsStore *store = prefs_application_get_store (get_app (self), &error);
  GtkWidget *dialog;

  if (store == NULL)
    {
      toast (self, error->message);
      return;
    }

  dialog = GTK_WIDGET (prefs_environment_dialog_new (
    store, prefs_application_get_secret_store (get_app (self)), name));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_environment_saved), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "removed", G_CALLBACK (on_environment_removed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_environment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  open_environment_dialog (PREFS_WINDOW (widget), NULL);
}

static void
edit_environment_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PrefsWindow *self = PREFS_WINDOW (widget);
  const char *name = selected_environment (self);

  if (name == NULL || g_str_equal (name, PREFS_LOCAL_ENVIRONMENT) ||
      g_str_equal (name, PREFS_ENV_ENVIRONMENT))
    {
      toast (self, _("The built-in environments cannot be edited; add one of your own"));
      return;
    }
  open_environment_dialog (self, name);
}

/* ---- leaving the editor ---- */

static void
leave_editor (PrefsWindow *self)
{
  show_content (self, self->after_leave != NULL ? self->after_leave : "users");
  self->after_leave = NULL;
}

static void
on_saved_then_leave (PrefsUserPage *page,
                     gboolean       ok,
                     PrefsWindow   *self)
{
  g_signal_handlers_disconnect_by_func (page, on_saved_then_leave, self);
  if (ok)
    leave_editor (self);
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     PrefsWindow      *self)
{
  if (g_str_equal (response, "discard"))
    {
      prefs_user_page_revert (self->user_page);
      leave_editor (self);
    }
  else if (g_str_equal (response, "save"))
    {
      g_signal_connect (self->user_page, "saved", G_CALLBACK (on_saved_then_leave), self);
      prefs_user_page_save (self->user_page);
    }
  else
    {
      self->after_leave = NULL;
    }
}

/* Asks "Discard changes?" when the editor holds unsaved work, then shows
 * @target. */
static void
request_leave_editor (PrefsWindow *self,
                      const char  *target)
{
  AdwMessageDialog *dialog;

  self->after_leave = target;

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "user") ||
      !prefs_user_page_get_dirty (self->user_page))
    {
      leave_editor (self);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (self), _("Discard Changes?"),
    _("The preferences of this recipient have unsaved changes.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_users_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  request_leave_editor (PREFS_WINDOW (widget), "users");
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PrefsWindow *self = PREFS_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PrefsWindow *self = PREFS_WINDOW (widget);

  request_leave_editor (self, "users");
  prefs_users_page_focus_search (self->users_page);
}

static void
on_operation_started (PrefsWindow    *self,
                      PrefsOperation *operation)
{
  prefs_operations_page_add (self->operations_page, operation);
  request_leave_editor (self, "operations");
}

static void
open_bulk_dialog (PrefsWindow *self,
                  gint64       preset_id)
{
  g_auto(GStrv) selected = NULL;
  GtkWidget *dialog;

  if (self->connection == NULL)
    {
      toast (self, _("Connect to an environment first"));
      return;
    }

  selected = prefs_users_page_get_selected_ids (self->users_page);
  dialog = prefs_bulk_dialog_new (self->connection, (const char * const *) selected, preset_id);
  g_signal_connect_object (dialog, "started", G_CALLBACK (on_operation_started), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
apply_preset_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_bulk_dialog (PREFS_WINDOW (widget), 0);
}

static void
on_preset_apply (PrefsWindow *self,
                 gint64       preset_id)
{
  open_bulk_dialog (self, preset_id);
}

static void
on_save_as_preset (PrefsWindow        *self,
                   PrefsPreferenceSet *set)
{
  g_autofree char *name = g_strdup (prefs_user_page_get_recipient_id (self->user_page));

  prefs_presets_page_add_from_set (self->presets_page, name, set);
  request_leave_editor (self, "presets");
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PrefsWindow *self = PREFS_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_menu_button_popup (self->menu_button);
}

static void
on_navigation_row_activated (PrefsWindow   *self,
                             GtkListBoxRow *row)
{
  request_leave_editor (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_user_activated (PrefsWindow *self,
                   PrefsUser   *user)
{
  if (self->connection == NULL)
    return;

  prefs_user_page_open (self->user_page, self->connection, NULL, prefs_user_get_id (user), NULL);
  show_content (self, "user");
}

static void
on_open_object (PrefsWindow *self)
{
  g_autofree char *collection =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->object_collection))));
  g_autofree char *object_id =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->object_id))));

  if (self->connection == NULL)
    return;

  if (*collection == '\0' || *object_id == '\0')
    {
      toast (self, _("Enter both the collection and the object id"));
      return;
    }

  prefs_user_page_open (self->user_page, self->connection, collection, object_id, NULL);
  show_content (self, "user");
}

/* ---- GObject ---- */

static void
prefs_window_dispose (GObject *object)
{
  PrefsWindow *self = PREFS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  g_clear_object (&self->environment_names);
  g_clear_pointer (&self->environment_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (prefs_window_parent_class)->dispose (object);
}

static void
prefs_window_finalize (GObject *object)
{
  PrefsWindow *self = PREFS_WINDOW (object);

  g_free (self->pending_user);

  G_OBJECT_CLASS (prefs_window_parent_class)->finalize (object);
}

/* Runs once the window belongs to its application: "application" is not
 * a construct property, so this cannot happen in constructed(). */
static void
prefs_window_start (PrefsWindow *self)
{
  PrefsApplication *app = get_app (self);
  const char *option_environment = prefs_application_get_option_environment (app);
  g_autofree char *last = g_settings_get_string (self->settings, "last-environment");
  const char *initial;

  self->pending_user = g_strdup (prefs_application_get_option_user (app));
  fill_environments (self);
  prefs_presets_page_set_store (self->presets_page, prefs_application_get_store (app, NULL));

  /* The command line first, then the environment variables, then where
   * the console was last time; a newcomer lands on the local sandbox. */
  if (option_environment != NULL)
    initial = option_environment;
  else if (g_getenv ("KNOCK_API_KEY") != NULL && *g_getenv ("KNOCK_API_KEY") != '\0')
    initial = PREFS_ENV_ENVIRONMENT;
  else if (*last != '\0')
    initial = last;
  else
    initial = PREFS_LOCAL_ENVIRONMENT;

  self->filling_environments = TRUE;
  select_environment (self, initial);
  self->filling_environments = FALSE;
  connect_environment (self, initial);
}

static void
prefs_window_class_init (PrefsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_window_dispose;
  object_class->finalize = prefs_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/prefs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, production_revealer);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, production_label);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, environment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, navigation);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, users_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, objects_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, presets_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, operations_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, presets_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, operations_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, users_title);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, users_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, user_page);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, object_collection);
  gtk_widget_class_bind_template_child (widget_class, PrefsWindow, object_id);
  gtk_widget_class_bind_template_callback (widget_class, on_page_toast);
  gtk_widget_class_bind_template_callback (widget_class, on_navigation_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_open_object);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_apply);

  gtk_widget_class_install_action (widget_class, "win.show-users", NULL, show_users_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-menu", NULL, show_menu_action);
  gtk_widget_class_install_action (widget_class, "win.apply-preset", NULL, apply_preset_action);
  gtk_widget_class_install_action (widget_class, "win.add-environment", NULL,
                                   add_environment_action);
  gtk_widget_class_install_action (widget_class, "win.edit-environment", NULL,
                                   edit_environment_action);

  g_type_ensure (PREFS_TYPE_USERS_PAGE);
  g_type_ensure (PREFS_TYPE_PRESETS_PAGE);
  g_type_ensure (PREFS_TYPE_OPERATIONS_PAGE);
  g_type_ensure (PREFS_TYPE_USER_PAGE);
}

static void
prefs_window_init (PrefsWindow *self)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  self->settings = g_settings_new ("org.example.Preferences");
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  self->environment_names = gtk_string_list_new (NULL);
  self->environment_keys = g_ptr_array_new_with_free_func (g_free);
  gtk_drop_down_set_model (self->environment_dropdown, G_LIST_MODEL (self->environment_names));
  g_signal_connect_swapped (self->environment_dropdown, "notify::selected",
                            G_CALLBACK (on_environment_selected), self);
  g_signal_connect_swapped (self->users_page, "user-activated",
                            G_CALLBACK (on_user_activated), self);
  g_signal_connect_swapped (self->user_page, "save-as-preset",
                            G_CALLBACK (on_save_as_preset), self);
}

PrefsWindow *
prefs_window_new (PrefsApplication *application)
{
  PrefsWindow *self = g_object_new (PREFS_TYPE_WINDOW, "application", application, NULL);

  prefs_window_start (self);
  return self;
}

/* prefs-environment-dialog.c: add, edit or remove an environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-environment-dialog"

#include "config.h"

#include "prefs-environment-dialog.h"

#include <glib/gi18n.h>

#include "prefs-client.h"

struct _PrefsEnvironmentDialog
{
  AdwWindow         parent_instance;

  /* Template children */
  AdwWindowTitle   *window_title;
  AdwEntryRow      *name_row;
  AdwEntryRow      *base_url_row;
  AdwActionRow     *key_row;
  GtkPasswordEntry *key_entry;
  GtkSwitch        *production_switch;
  GtkLabel         *message_label;
  GtkWidget        *remove_group;

  PrefsStore       *store;
  PrefsSecretStore *secrets;
  GCancellable     *cancellable;
  char             *original_name;   /* NULL when adding */
  char             *saving_name;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (PrefsEnvironmentDialog, prefs_environment_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SECRETS,
  PROP_ORIGINAL_NAME,
  N_PROPS
};

enum {
  SAVED,
  REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
get_stripped (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static void
show_message (PrefsEnvironmentDialog *self,
              const char             *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
mark_row (GtkWidget *row,
          gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
set_busy (PrefsEnvironmentDialog *self,
          gboolean                busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "environment.save", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "environment.remove",
                                 !busy && self->original_name != NULL);
}

static gboolean
name_is_taken (PrefsEnvironmentDialog  *self,
               const char              *name,
               GError                 **error)
{
  g_autoptr(GPtrArray) environments = NULL;
  g_autofree char *folded = g_utf8_casefold (name, -1);

  environments = prefs_store_list_environments (self->store, error);
  if (environments == NULL)
    return FALSE;

  /* Names differing only in case would be told apart by nobody. */
  for (guint i = 0; i < environments->len; i++)
    {
      const PrefsStoredEnvironment *environment = g_ptr_array_index (environments, i);
      g_autofree char *other = g_utf8_casefold (environment->name, -1);

      if (g_strcmp0 (folded, other) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
base_url_is_valid (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && host != NULL && host[0] != '\0'
         && g_uri_get_query (uri) == NULL && g_uri_get_fragment (uri) == NULL;
}

static gboolean
key_is_valid (const char *key)
{
  if (!g_str_has_prefix (key, "sk_") || key[3] == '\0')
    return FALSE;

  for (const char *p = key; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || (guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static void
clear_marks (PrefsEnvironmentDialog *self)
{
  mark_row (GTK_WIDGET (self->name_row), FALSE);
  mark_row (GTK_WIDGET (self->base_url_row), FALSE);
  mark_row (GTK_WIDGET (self->key_row), FALSE);
}

static PrefsEnvironmentProblem
problem (PrefsEnvironmentDialog  *self,
         PrefsEnvironmentProblem  code,
         GtkWidget               *row,
         const char              *message)
{
  mark_row (row, TRUE);
  show_message (self, message);
  return code;
}

static void
on_field_changed (PrefsEnvironmentDialog *self)
{
  /* A message about what was just corrected would only mislead. */
  if (!self->busy)
    {
      clear_marks (self);
      show_message (self, NULL);
    }
}

static void
close_after_success (PrefsEnvironmentDialog *self)
{
  set_busy (self, FALSE);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
write_environment (PrefsEnvironmentDialog *self,
                   const char             *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = get_stripped (GTK_EDITABLE (self->base_url_row));

  if (!prefs_store_save_environment (self->store, name, base_url,
                                     gtk_switch_get_active (self->production_switch),
                                     &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is why the local database refused the change */
      text = g_strdup_printf (_("Could not save the environment: %s"), error->message);
      show_message (self, text);
      set_busy (self, FALSE);
      return FALSE;
    }

  return TRUE;
}

static void
on_key_stored (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PrefsEnvironmentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!prefs_secret_store_store_finish (PREFS_SECRET_STORE (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s is why the keyring refused the key */
      text = g_strdup_printf (_("Could not store the secret key: %s"), error->message);
      show_message (self, text);
      set_busy (self, FALSE);
      return;
    }

  name = g_steal_pointer (&self->saving_name);
  if (!write_environment (self, name))
    return;

  g_signal_emit (self, signals[SAVED], 0, name);
  close_after_success (self);
}

static void
on_key_cleared (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PrefsEnvironmentDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!prefs_secret_store_clear_finish (PREFS_SECRET_STORE (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s is why the keyring refused */
      text = g_strdup_printf (_("Could not remove the secret key: %s"), error->message);
      show_message (self, text);
      set_busy (self, FALSE);
      return;
    }

  if (!prefs_store_delete_environment (self->store, self->original_name, &error)
      && !g_error_matches (error, PREFS_STORE_ERROR, PREFS_STORE_ERROR_NOT_FOUND))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is why the local database refused the change */
      text = g_strdup_printf (_("Could not remove the environment: %s"), error->message);
      show_message (self, text);
      set_busy (self, FALSE);
      return;
    }

  g_signal_emit (self, signals[REMOVED], 0, self->original_name);
  close_after_success (self);
}

static void
on_remove_response (AdwMessageDialog       *dialog,
                    const char             *response,
                    PrefsEnvironmentDialog *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    prefs_environment_dialog_remove (self);
}

static void
on_entry_activated (PrefsEnvironmentDialog *self)
{
  prefs_environment_dialog_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  prefs_environment_dialog_save (PREFS_ENVIRONMENT_DIALOG (widget));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  prefs_environment_dialog_ask_remove (PREFS_ENVIRONMENT_DIALOG (widget));
}

static void
load_environment (PrefsEnvironmentDialog *self)
{
  g_autoptr(GPtrArray) environments = NULL;
  g_autoptr(GError) error = NULL;

  environments = prefs_store_list_environments (self->store, &error);
  if (environments == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is why the local database could not be read */
      text = g_strdup_printf (_("Could not read the environment: %s"), error->message);
      show_message (self, text);
      return;
    }

  for (guint i = 0; i < environments->len; i++)
    {
      const PrefsStoredEnvironment *environment = g_ptr_array_index (environments, i);

      if (g_strcmp0 (environment->name, self->original_name) == 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), environment->base_url);
          gtk_switch_set_active (self->production_switch, environment->production);
          return;
        }
    }
}

static void
prefs_environment_dialog_constructed (GObject *object)
{
  PrefsEnvironmentDialog *self = PREFS_ENVIRONMENT_DIALOG (object);
  gboolean editing = self->original_name != NULL;

  G_OBJECT_CLASS (prefs_environment_dialog_parent_class)->constructed (object);

  g_assert (PREFS_IS_STORE (self->store));
  g_assert (PREFS_IS_SECRET_STORE (self->secrets));

  gtk_widget_set_visible (self->remove_group, editing);
  if (editing)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Environment"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->original_name);
      /* Drafts and the undo journal are kept under the name. */
      gtk_editable_set_editable (GTK_EDITABLE (self->name_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);
      /* The stored key is never shown; only a typed one replaces it. */
      g_object_set (self->key_entry, "placeholder-text", _("Unchanged"), NULL);
      adw_action_row_set_subtitle (self->key_row, _("Leave empty to keep the stored key"));
      load_environment (self);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Environment"));
      gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), PREFS_CLIENT_DEFAULT_BASE_URL);
      g_object_set (self->key_entry, "placeholder-text", "sk_…", NULL);
    }
  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));

  set_busy (self, FALSE);
  on_field_changed (self);
}

static void
prefs_environment_dialog_dispose (GObject *object)
{
  PrefsEnvironmentDialog *self = PREFS_ENVIRONMENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);

  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_ENVIRONMENT_DIALOG);

  G_OBJECT_CLASS (prefs_environment_dialog_parent_class)->dispose (object);
}

static void
prefs_environment_dialog_finalize (GObject *object)
{
  PrefsEnvironmentDialog *self = PREFS_ENVIRONMENT_DIALOG (object);

  g_free (self->original_name);
  g_free (self->saving_name);

  G_OBJECT_CLASS (prefs_environment_dialog_parent_class)->finalize (object);
}

static void
prefs_environment_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PrefsEnvironmentDialog *self = PREFS_ENVIRONMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SECRETS:
      g_value_set_object (value, self->secrets);
      break;
    case PROP_ORIGINAL_NAME:
      g_value_set_string (value, self->original_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_environment_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PrefsEnvironmentDialog *self = PREFS_ENVIRONMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SECRETS:
      self->secrets = g_value_dup_object (value);
      break;
    case PROP_ORIGINAL_NAME:
      self->original_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
prefs_environment_dialog_class_init (PrefsEnvironmentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = prefs_environment_dialog_constructed;
  object_class->dispose = prefs_environment_dialog_dispose;
  object_class->finalize = prefs_environment_dialog_finalize;
  object_class->get_property = prefs_environment_dialog_get_property;
  object_class->set_property = prefs_environment_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PREFS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRETS] =
    g_param_spec_object ("secrets", NULL, NULL, PREFS_TYPE_SECRET_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGINAL_NAME] =
    g_param_spec_string ("original-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[REMOVED] =
    g_signal_new ("removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/example/Preferences/prefs-environment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, key_entry);
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, production_switch);
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, PrefsEnvironmentDialog, remove_group);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "environment.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "environment.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "environment.save", NULL);
}

static void
prefs_environment_dialog_init (PrefsEnvironmentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
prefs_environment_dialog_new (PrefsStore       *store,
                              PrefsSecretStore *secrets,
                              const char       *name)
{
  g_return_val_if_fail (PREFS_IS_STORE (store), NULL);
  g_return_val_if_fail (PREFS_IS_SECRET_STORE (secrets), NULL);

  return g_object_new (PREFS_TYPE_ENVIRONMENT_DIALOG,
                       "store", store,
                       "secrets", secrets,
                       "original-name", name,
                       NULL);
}

gboolean
prefs_environment_dialog_get_editing (PrefsEnvironmentDialog *self)
{
  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), FALSE);
  return self->original_name != NULL;
}

void
prefs_environment_dialog_set_name (PrefsEnvironmentDialog *self,
                                   const char             *name)
{
  g_return_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self));
  g_return_if_fail (self->original_name == NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
}

const char *
prefs_environment_dialog_get_name (PrefsEnvironmentDialog *self)
{
  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
prefs_environment_dialog_set_base_url (PrefsEnvironmentDialog *self,
                                       const char             *base_url)
{
  g_return_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), base_url != NULL ? base_url : "");
}

const char *
prefs_environment_dialog_get_base_url (PrefsEnvironmentDialog *self)
{
  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->base_url_row));
}

void
prefs_environment_dialog_set_secret_key (PrefsEnvironmentDialog *self,
                                         const char             *key)
{
  g_return_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->key_entry), key != NULL ? key : "");
}

void
prefs_environment_dialog_set_production (PrefsEnvironmentDialog *self,
                                         gboolean                production)
{
  g_return_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self));
  gtk_switch_set_active (self->production_switch, production);
}

gboolean
prefs_environment_dialog_get_production (PrefsEnvironmentDialog *self)
{
  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), FALSE);
  return gtk_switch_get_active (self->production_switch);
}

PrefsEnvironmentProblem
prefs_environment_dialog_validate (PrefsEnvironmentDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), PREFS_ENVIRONMENT_PROBLEM_NONE);

  clear_marks (self);
  show_message (self, NULL);

  name = get_stripped (GTK_EDITABLE (self->name_row));
  base_url = get_stripped (GTK_EDITABLE (self->base_url_row));
  key = get_stripped (GTK_EDITABLE (self->key_entry));

  if (name[0] == '\0')
    return problem (self, PREFS_ENVIRONMENT_PROBLEM_NAME_EMPTY, GTK_WIDGET (self->name_row),
                    _("Enter a name for the environment."));

  if (self->original_name == NULL)
    {
      if (name_is_taken (self, name, &error))
        {
          g_autofree char *text = NULL;

          /* Translators: %s is the name of an environment */
          text = g_strdup_printf (_("An environment called “%s” already exists. "
                                    "Choose another name."), name);
          return problem (self, PREFS_ENVIRONMENT_PROBLEM_NAME_TAKEN,
                          GTK_WIDGET (self->name_row), text);
        }
      if (error != NULL)
        {
          g_autofree char *text = NULL;

          text = g_strdup_printf (_("Could not read the environments: %s"), error->message);
          return problem (self, PREFS_ENVIRONMENT_PROBLEM_STORAGE,
                          GTK_WIDGET (self->name_row), text);
        }
    }

  if (!base_url_is_valid (base_url))
    return problem (self, PREFS_ENVIRONMENT_PROBLEM_BASE_URL_INVALID,
                    GTK_WIDGET (self->base_url_row),
                    _("The base URL must be an http:// or https:// address with a host, "
                      "such as https://api.knock.app."));

  if (key[0] == '\0' && self->original_name == NULL)
    return problem (self, PREFS_ENVIRONMENT_PROBLEM_KEY_MISSING, GTK_WIDGET (self->key_row),
                    _("Enter the secret key of the environment."));

  if (key[0] != '\0' && !key_is_valid (key))
    return problem (self, PREFS_ENVIRONMENT_PROBLEM_KEY_INVALID, GTK_WIDGET (self->key_row),
                    _("A secret key starts with “sk_” and has no spaces. Copy it from the "
                      "API keys of the environment in the Knock dashboard."));

  return PREFS_ENVIRONMENT_PROBLEM_NONE;
}

PrefsEnvironmentProblem
prefs_environment_dialog_save (PrefsEnvironmentDialog *self)
{
  PrefsEnvironmentProblem result;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), PREFS_ENVIRONMENT_PROBLEM_NONE);

  if (self->busy)
    return PREFS_ENVIRONMENT_PROBLEM_BUSY;

  result = prefs_environment_dialog_validate (self);
  if (result != PREFS_ENVIRONMENT_PROBLEM_NONE)
    return result;

  name = self->original_name != NULL
    ? g_strdup (self->original_name)
    : get_stripped (GTK_EDITABLE (self->name_row));
  key = get_stripped (GTK_EDITABLE (self->key_entry));

  set_busy (self, TRUE);

  if (key[0] == '\0')
    {
      if (!write_environment (self, name))
        return PREFS_ENVIRONMENT_PROBLEM_STORAGE;
      g_signal_emit (self, signals[SAVED], 0, name);
      close_after_success (self);
      return PREFS_ENVIRONMENT_PROBLEM_NONE;
    }

  /* The key goes first: an environment row without its key would be
   * listed but could not connect. */
  g_free (self->saving_name);
  self->saving_name = g_steal_pointer (&name);
  prefs_secret_store_store_async (self->secrets, self->saving_name, key, self->cancellable,
                                  on_key_stored, g_object_ref (self));
  return PREFS_ENVIRONMENT_PROBLEM_NONE;
}

const char *
prefs_environment_dialog_get_message (PrefsEnvironmentDialog *self)
{
  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    return NULL;
  return gtk_label_get_text (self->message_label);
}

AdwMessageDialog *
prefs_environment_dialog_ask_remove (PrefsEnvironmentDialog *self)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  g_return_val_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self), NULL);

  if (self->original_name == NULL || self->busy)
    return NULL;

  /* Translators: %s is the name of an environment */
  body = g_strdup_printf (_("“%s” and its secret key will be removed from this computer. "
                            "Its users stay on the server."),
                          self->original_name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Remove Environment?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* It goes away with this window once the removal closes it. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

void
prefs_environment_dialog_remove (PrefsEnvironmentDialog *self)
{
  g_return_if_fail (PREFS_IS_ENVIRONMENT_DIALOG (self));
  g_return_if_fail (self->original_name != NULL);

  if (self->busy)
    return;

  show_message (self, NULL);
  set_busy (self, TRUE);
  /* The key goes first: if the keyring refuses, the environment is still
   * listed and the removal can be tried again. */
  prefs_secret_store_clear_async (self->secrets, self->original_name, self->cancellable,
                                  on_key_cleared, g_object_ref (self));
}

/* prefs-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "prefs-application.h"
#include "prefs-libsecret-store.h"
#include "prefs-memory-secret-store.h"
#include "prefs-window.h"

struct _PrefsApplication
{
  AdwApplication    parent_instance;

  PrefsStore       *store;
  PrefsSecretStore *secrets;
  PrefsSandbox     *sandbox;
  char             *option_environment;
  char             *option_user;
};

G_DEFINE_FINAL_TYPE (PrefsApplication, prefs_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "environment", 'e', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open this environment (“local-sandbox” for the built-in sandbox)"), N_("NAME") },
  { "user", 'u', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the preferences of this user"), N_("ID") },
  { NULL }
};

static gint
prefs_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  PrefsApplication *self = PREFS_APPLICATION (app);

  g_clear_pointer (&self->option_environment, g_free);
  g_clear_pointer (&self->option_user, g_free);
  g_variant_dict_lookup (options, "environment", "s", &self->option_environment);
  g_variant_dict_lookup (options, "user", "s", &self->option_user);

  return -1;
}

static void
prefs_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (prefs_window_new (PREFS_APPLICATION (app)));

  gtk_window_present (window);
}

static void
prefs_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "Preferences Console contributors", NULL };
  PrefsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* The same words as the metainfo, which the About window of this
   * libadwaita cannot read by itself. */
  adw_show_about_window (window,
                         "application-name", _("Preferences Console"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Manage the notification preferences of your users"),
                         "developer-name", _("Preferences Console contributors"),
                         "developers", developers,
                         "copyright", "© 2026 Preferences Console contributors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://example.org/preferences-console",
                         "issue-url", "https://example.org/preferences-console/issues",
                         "release-notes-version", PACKAGE_VERSION,
                         "release-notes", _("<p>First release.</p>"),
                         /* Translators: put your name here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
prefs_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  PrefsApplication *self = user_data;
  GList *windows;

  /* Close windows one by one: each keeps its unsaved work as a draft. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "quit", prefs_application_quit_action },
  { "about", prefs_application_about_action },
};

static void
prefs_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *close_accels[] = { "<primary>w", NULL };
  static const char *help_accels[] = { "<primary>question", NULL };
  static const char *search_accels[] = { "<primary>f", NULL };
  static const char *menu_accels[] = { "F10", NULL };

  G_APPLICATION_CLASS (prefs_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-menu", menu_accels);
}

static void
prefs_application_shutdown (GApplication *app)
{
  PrefsApplication *self = PREFS_APPLICATION (app);

  if (self->sandbox != NULL)
    prefs_sandbox_stop (self->sandbox);

  G_APPLICATION_CLASS (prefs_application_parent_class)->shutdown (app);
}

static void
prefs_application_finalize (GObject *object)
{
  PrefsApplication *self = PREFS_APPLICATION (object);

  g_clear_object (&self->sandbox);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_free (self->option_environment);
  g_free (self->option_user);

  G_OBJECT_CLASS (prefs_application_parent_class)->finalize (object);
}

static void
prefs_application_class_init (PrefsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = prefs_application_finalize;
  app_class->activate = prefs_application_activate;
  app_class->startup = prefs_application_startup;
  app_class->shutdown = prefs_application_shutdown;
  app_class->handle_local_options = prefs_application_handle_local_options;
}

static void
prefs_application_init (PrefsApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Find users and edit the notification preferences Knock keeps for them.\n"
      "KNOCK_API_KEY and KNOCK_BASE_URL in the environment add an environment of their own."));
}

PrefsApplication *
prefs_application_new (void)
{
  /* NON_UNIQUE: each start is its own process, so a command-line
   * --environment always opens, and tests can run side by side. */
  return g_object_new (PREFS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PREFIX,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

PrefsStore *
prefs_application_get_store (PrefsApplication  *self,
                             GError           **error)
{
  g_return_val_if_fail (PREFS_IS_APPLICATION (self), NULL);

  if (self->store == NULL)
    self->store = prefs_store_new (NULL, error);

  return self->store;
}

PrefsSecretStore *
prefs_application_get_secret_store (PrefsApplication *self)
{
  g_return_val_if_fail (PREFS_IS_APPLICATION (self), NULL);

  /* PREFS_SECRET_STORE=memory keeps keys in this process only: for tests
   * and machines without a keyring. */
  if (self->secrets == NULL)
    {
      if (g_strcmp0 (g_getenv ("PREFS_SECRET_STORE"), "memory") == 0)
        self->secrets = prefs_memory_secret_store_new ();
      else
        self->secrets = prefs_libsecret_store_new ();
    }

  return self->secrets;
}

const char *
prefs_application_ensure_local_sandbox (PrefsApplication  *self,
                                        GError           **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PrefsSandbox) sandbox = NULL;
  gboolean fresh;

  g_return_val_if_fail (PREFS_IS_APPLICATION (self), NULL);

  if (self->sandbox != NULL)
    return prefs_sandbox_get_base_url (self->sandbox);

  /* A file of its own, so what is saved to the local sandbox is still
   * there next time; demo data the first time only. */
  dir = g_build_filename (g_get_user_data_dir (), "prefs-console", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  path = g_build_filename (dir, "local-sandbox.db", NULL);
  fresh = !g_file_test (path, G_FILE_TEST_EXISTS);

  sandbox = prefs_sandbox_new (path, error);
  if (sandbox == NULL)
    return NULL;
  if (fresh && !prefs_sandbox_seed_demo (sandbox, error))
    return NULL;
  if (!prefs_sandbox_start (sandbox, "127.0.0.1:0", error))
    return NULL;

  self->sandbox = g_steal_pointer (&sandbox);
  return prefs_sandbox_get_base_url (self->sandbox);
}

const char *
prefs_application_get_option_environment (PrefsApplication *self)
{
  g_return_val_if_fail (PREFS_IS_APPLICATION (self), NULL);
  return self->option_environment;
}

const char *
prefs_application_get_option_user (PrefsApplication *self)
{
  g_return_val_if_fail (PREFS_IS_APPLICATION (self), NULL);
  return self->option_user;
}

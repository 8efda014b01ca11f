/* prefs-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-application"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-application.h"
#include "prefs-window.h"

struct _PrefsApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PrefsApplication, prefs_application, ADW_TYPE_APPLICATION)

static void
prefs_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (prefs_window_new (GTK_APPLICATION (app)));

  gtk_window_present (window);
}

static void
prefs_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "Preferences Console contributors", NULL };
  PrefsApplication *self = user_data;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  adw_show_about_window (window,
                         "application-name", _("Preferences Console"),
                         "application-icon", APP_ID,
                         "developer-name", _("Preferences Console contributors"),
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "copyright", "© 2026 Preferences Console contributors",
                         "license-type", GTK_LICENSE_GPL_3_0,
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

  /* Close windows one by one so each can keep unsaved work. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  if (windows != NULL)
    gtk_window_close (GTK_WINDOW (windows->data));
  else
    g_application_quit (G_APPLICATION (self));
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

  G_APPLICATION_CLASS (prefs_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
prefs_application_class_init (PrefsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = prefs_application_activate;
  app_class->startup = prefs_application_startup;
}

static void
prefs_application_init (PrefsApplication *self)
{
}

PrefsApplication *
prefs_application_new (void)
{
  return g_object_new (PREFS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PREFIX,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

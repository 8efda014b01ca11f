/* prefs-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "prefs-window.h"

struct _PrefsWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PrefsWindow, prefs_window, ADW_TYPE_APPLICATION_WINDOW)

static void
prefs_window_dispose (GObject *object)
{
  PrefsWindow *self = PREFS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PREFS_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (prefs_window_parent_class)->dispose (object);
}

static void
prefs_window_class_init (PrefsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = prefs_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/prefs-window.ui");
}

static void
prefs_window_init (PrefsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new ("org.example.Preferences");
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

PrefsWindow *
prefs_window_new (GtkApplication *application)
{
  return g_object_new (PREFS_TYPE_WINDOW, "application", application, NULL);
}

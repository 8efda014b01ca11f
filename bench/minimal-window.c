/* minimal-window.c: the smallest GTK 4 application window, for start-up and memory references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows one window holding one label, "minimal-window-ready", which the
 * console benchmark waits for over AT-SPI exactly as it waits for the
 * console's first users.
 */

#define G_LOG_DOMAIN "prefs-bench-minimal"

#include "config.h"

#include <gtk/gtk.h>

static void
on_activate (GtkApplication *app,
             gpointer        user_data)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *label = gtk_label_new ("minimal-window-ready");

  gtk_window_set_title (GTK_WINDOW (window), "Minimal window");
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;

  /* Non-unique, like a benchmark run: no name to own on the session bus. */
  app = gtk_application_new ("org.example.Preferences.BenchMinimal",
                             G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* prefs-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PREFS_TYPE_WINDOW (prefs_window_get_type ())
G_DECLARE_FINAL_TYPE (PrefsWindow, prefs_window, PREFS, WINDOW, AdwApplicationWindow)

typedef struct _PrefsApplication PrefsApplication;

PrefsWindow *prefs_window_new (PrefsApplication *application);

G_END_DECLS

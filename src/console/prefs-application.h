/* prefs-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PREFS_TYPE_APPLICATION (prefs_application_get_type ())
G_DECLARE_FINAL_TYPE (PrefsApplication, prefs_application, PREFS, APPLICATION, AdwApplication)

PrefsApplication *prefs_application_new (void);

G_END_DECLS

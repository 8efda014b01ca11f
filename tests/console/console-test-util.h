/* console-test-util.h: what every widget test needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-connection.h"
#include "prefs-sandbox.h"

G_BEGIN_DECLS

/* g_test_init + gtk/adw init. Without a display prints the TAP skip line
 * and returns FALSE: the caller then returns 0. */
gboolean          console_test_init            (int          *argc,
                                                char       ***argv);

/* A sandbox on 127.0.0.1 with a free port and the demo data, in memory. */
PrefsSandbox     *console_test_start_sandbox   (void);

/* A connection named @name to @sandbox with the default secret key and an
 * in-memory store (or @store when given). */
PrefsConnection  *console_test_connect         (PrefsSandbox *sandbox,
                                                const char   *name,
                                                PrefsStore   *store);

/* Iterates the default main context until *@flag is TRUE or @seconds pass;
 * returns *@flag. */
gboolean          console_test_wait_flag       (gboolean     *flag,
                                                double        seconds);
/* Iterates until @object's boolean @property equals @value. */
gboolean          console_test_wait_property   (gpointer      object,
                                                const char   *property,
                                                gboolean      value,
                                                double        seconds);
/* Iterates the main context for @seconds. */
void              console_test_spin            (double        seconds);

/* A set from JSON text; asserts it parses (test data, not outside data). */
PrefsPreferenceSet *console_test_parse_set     (const char   *json);

G_END_DECLS

/* test-util.h: helpers shared by the client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-client.h"
#include "prefs-sandbox.h"

G_BEGIN_DECLS

/* A sandbox on 127.0.0.1, a free port, in memory. @fault_spec: (nullable). */
PrefsSandbox *test_sandbox_start   (gboolean       rate_limits,
                                    const char    *fault_spec,
                                    guint          n_users);
void          test_sandbox_finish  (PrefsSandbox  *sandbox);
/* A client aimed at @sandbox with its default key. */
PrefsClient  *test_client_new      (PrefsSandbox  *sandbox);

/* GAsyncReadyCallback storing a reference to the result in *user_data. */
void          test_on_result       (GObject       *object,
                                    GAsyncResult  *result,
                                    gpointer       user_data);
/* Iterates the main context until *slot is set; returns it. */
GAsyncResult *test_wait_result     (GAsyncResult **slot);
/* Iterates the main context for about @ms milliseconds. */
void          test_spin            (guint          ms);

G_END_DECLS

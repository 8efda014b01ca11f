/* prefs-users-page.h: the users of one environment, paged as they scroll
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "prefs-connection.h"
#include "prefs-user-list.h"

G_BEGIN_DECLS

#define PREFS_TYPE_USERS_PAGE (prefs_users_page_get_type ())
G_DECLARE_FINAL_TYPE (PrefsUsersPage, prefs_users_page, PREFS, USERS_PAGE, GtkWidget)

/* Properties: connection (PrefsConnection, settable any time: each new one
 * gets its own PrefsUserList), state (read-only, see get_state).
 * Signals: ::user-activated (PrefsUser *user): a row was activated or an
 * exact-id search found the user. */
GtkWidget         *prefs_users_page_new                (void);

PrefsConnection   *prefs_users_page_get_connection     (PrefsUsersPage  *self);
void               prefs_users_page_set_connection     (PrefsUsersPage  *self,
                                                        PrefsConnection *connection);
/* (transfer none) (nullable): the list of the current connection. */
PrefsUserList     *prefs_users_page_get_user_list      (PrefsUsersPage  *self);
/* (transfer none): what the view shows, the loaded users the search text
 * lets through, with their selection. */
GtkSelectionModel *prefs_users_page_get_model          (PrefsUsersPage  *self);
/* (transfer full): the ids of the selected users, in list order. */
GStrv              prefs_users_page_get_selected_ids   (PrefsUsersPage  *self);

void               prefs_users_page_refresh            (PrefsUsersPage  *self);
void               prefs_users_page_focus_search       (PrefsUsersPage  *self);
/* Types @text into the search entry: filters the loaded users. */
void               prefs_users_page_set_search_text    (PrefsUsersPage  *self,
                                                        const char      *text);
/* What Enter in the search entry does: looks up the exact id @user_id on
 * the server; emits ::user-activated when found, else shows a message. */
void               prefs_users_page_lookup             (PrefsUsersPage  *self,
                                                        const char      *user_id);

/* The page shown: "disconnected", "loading", "empty", "offline",
 * "unauthorized", "error", "list" or "no-matches". */
const char        *prefs_users_page_get_state          (PrefsUsersPage  *self);
/* (nullable): the inline message (a failed lookup), NULL when none shows. */
const char        *prefs_users_page_get_message        (PrefsUsersPage  *self);
/* (nullable): the description of the status page shown, e.g. the error. */
const char        *prefs_users_page_get_status_text    (PrefsUsersPage  *self);

G_END_DECLS

/* prefs-user-list.h: the cursor-paged user list as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-client.h"

G_BEGIN_DECLS

#define PREFS_USER_LIST_DEFAULT_PAGE_SIZE 50

#define PREFS_TYPE_USER_LIST (prefs_user_list_get_type ())
G_DECLARE_FINAL_TYPE (PrefsUserList, prefs_user_list, PREFS, USER_LIST, GObject)

/* A GListModel of PrefsUser holding only the pages loaded so far.
 * Properties: client (construct-only), page-size, include-preferences,
 * loading, has-more, error (GError, NULL when the last load worked),
 * n-items. Nothing loads until load_more, ensure_loaded or refresh. */
PrefsUserList *prefs_user_list_new                  (PrefsClient    *client);

PrefsClient   *prefs_user_list_get_client           (PrefsUserList  *self);
guint          prefs_user_list_get_page_size        (PrefsUserList  *self);
void           prefs_user_list_set_page_size        (PrefsUserList  *self,
                                                     guint           page_size);
gboolean       prefs_user_list_get_include_preferences (PrefsUserList *self);
void           prefs_user_list_set_include_preferences (PrefsUserList *self,
                                                        gboolean       include);
gboolean       prefs_user_list_get_loading          (PrefsUserList  *self);
gboolean       prefs_user_list_get_has_more         (PrefsUserList  *self);
/* (nullable) (transfer none): why the last load failed. */
const GError  *prefs_user_list_get_error            (PrefsUserList  *self);

/* Loads the next page unless one is loading or the end was reached. After
 * an error it retries the page that failed. */
void           prefs_user_list_load_more            (PrefsUserList  *self);
/* The view's hint: loads the next page when @position is within a page of
 * the end of what is loaded. */
void           prefs_user_list_ensure_loaded        (PrefsUserList  *self,
                                                     guint           position);
/* Drops everything loaded and loads the first page again. */
void           prefs_user_list_refresh              (PrefsUserList  *self);

/* Finds one user by exact id on the server (not only among those loaded).
 * A missing user is PREFS_CLIENT_ERROR_NOT_FOUND. */
void           prefs_user_list_lookup_async         (PrefsUserList        *self,
                                                     const char           *user_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
PrefsUser     *prefs_user_list_lookup_finish        (PrefsUserList        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS

/* prefs-page-info.h: the cursors of one page of a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-json.h"

G_BEGIN_DECLS

#define PREFS_TYPE_PAGE_INFO (prefs_page_info_get_type ())
G_DECLARE_FINAL_TYPE (PrefsPageInfo, prefs_page_info, PREFS, PAGE_INFO, GObject)

/* Properties: after (nullable: NULL on the last page), before (nullable),
 * page-size. */
PrefsPageInfo  *prefs_page_info_new                (const char     *after,
                                                    const char     *before,
                                                    guint           page_size);
PrefsPageInfo  *prefs_page_info_new_from_json_full (JsonNode       *node,
                                                    const char     *path,
                                                    PrefsProblems  *problems);
PrefsPageInfo  *prefs_page_info_new_from_json      (JsonNode       *node,
                                                    GError        **error);
/* {"__typename": "PageInfo", "after", "before", "page_size"} */
JsonNode       *prefs_page_info_to_json            (PrefsPageInfo  *self);
const char     *prefs_page_info_get_after          (PrefsPageInfo  *self);
const char     *prefs_page_info_get_before         (PrefsPageInfo  *self);
guint           prefs_page_info_get_page_size      (PrefsPageInfo  *self);

G_END_DECLS

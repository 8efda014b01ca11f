/* prefs-user.h: a Knock user as the API returns it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-preference-set.h"

G_BEGIN_DECLS

#define PREFS_TYPE_USER (prefs_user_get_type ())
G_DECLARE_FINAL_TYPE (PrefsUser, prefs_user, PREFS, USER, GObject)

/* Properties (all strings nullable but "id"): id, name, email, phone-number,
 * avatar, timezone, locale, created-at, updated-at (ISO 8601 as sent). Custom
 * properties (any other key) are kept verbatim in the extra object. When the
 * list was fetched with include[]=preferences, the user carries its sets. */
PrefsUser           *prefs_user_new                  (const char   *id);
/* Reads a User; problems go to @problems under @path. NULL if any. */
PrefsUser           *prefs_user_new_from_json_full   (JsonNode      *node,
                                                      const char    *path,
                                                      PrefsProblems *problems);
PrefsUser           *prefs_user_new_from_json        (JsonNode      *node,
                                                      GError       **error);
/* Sorted keys, "__typename": "User", null for unset standard fields. */
JsonNode            *prefs_user_to_json              (PrefsUser     *self);

const char          *prefs_user_get_id               (PrefsUser     *self);
const char          *prefs_user_get_name             (PrefsUser     *self);
void                 prefs_user_set_name             (PrefsUser     *self,
                                                      const char    *name);
const char          *prefs_user_get_email            (PrefsUser     *self);
void                 prefs_user_set_email            (PrefsUser     *self,
                                                      const char    *email);
const char          *prefs_user_get_phone_number     (PrefsUser     *self);
void                 prefs_user_set_phone_number     (PrefsUser     *self,
                                                      const char    *phone_number);
const char          *prefs_user_get_avatar           (PrefsUser     *self);
void                 prefs_user_set_avatar           (PrefsUser     *self,
                                                      const char    *avatar);
const char          *prefs_user_get_timezone         (PrefsUser     *self);
void                 prefs_user_set_timezone         (PrefsUser     *self,
                                                      const char    *timezone);
const char          *prefs_user_get_locale           (PrefsUser     *self);
void                 prefs_user_set_locale           (PrefsUser     *self,
                                                      const char    *locale);
const char          *prefs_user_get_created_at       (PrefsUser     *self);
void                 prefs_user_set_created_at       (PrefsUser     *self,
                                                      const char    *created_at);
const char          *prefs_user_get_updated_at       (PrefsUser     *self);
void                 prefs_user_set_updated_at       (PrefsUser     *self,
                                                      const char    *updated_at);
/* A name for lists: the name, else the email, else the id. */
const char          *prefs_user_get_display_name     (PrefsUser     *self);
/* Custom properties (transfer none, never NULL). */
JsonObject          *prefs_user_get_extra            (PrefsUser     *self);

/* Sets included with the user; NULL when the response had no "preferences".
 * (element-type utf8 PrefsPreferenceSet) (transfer none) */
GHashTable          *prefs_user_get_preferences      (PrefsUser     *self);
/* (nullable) (transfer none) */
PrefsPreferenceSet  *prefs_user_get_preference_set   (PrefsUser     *self,
                                                      const char    *set_id);

G_END_DECLS

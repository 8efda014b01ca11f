/* prefs-preference-set.h: a recipient's PreferenceSet, the single source of truth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-setting.h"

G_BEGIN_DECLS

#define PREFS_TYPE_PREFERENCE_SET (prefs_preference_set_get_type ())
G_DECLARE_FINAL_TYPE (PrefsPreferenceSet, prefs_preference_set, PREFS, PREFERENCE_SET, GObject)

/* One changed entry between two sets. A NULL value means "not set". */
typedef struct
{
  char     *path;       /* "workflows.dinosaurs-loose.channel_types.email" */
  JsonNode *old_value;  /* (nullable) */
  JsonNode *new_value;  /* (nullable) */
} PrefsChange;

void                 prefs_change_free                        (PrefsChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsChange, prefs_change_free)

PrefsPreferenceSet  *prefs_preference_set_new                 (const char          *id);
/* Reads a PreferenceSet or a PreferenceSetRequest. Every problem is
 * collected; the error (PREFS_PARSE_ERROR) names each field path. */
PrefsPreferenceSet  *prefs_preference_set_new_from_json       (JsonNode            *node,
                                                               GError             **error);
PrefsPreferenceSet  *prefs_preference_set_new_from_data       (const char          *data,
                                                               gssize               length,
                                                               GError             **error);
/* Like new_from_json, but reports problems into @problems under @path
 * (for documents that embed sets, such as users with include[]=preferences). */
PrefsPreferenceSet  *prefs_preference_set_new_from_json_full  (JsonNode            *node,
                                                               const char          *path,
                                                               PrefsProblems       *problems);

/* The response shape: id, channel_types, channels, workflows, categories,
 * commercial_subscribed (null where unset), unknown keys; sorted keys. */
JsonNode            *prefs_preference_set_to_json             (PrefsPreferenceSet  *self);
/* The PreferenceSetRequest body for a PUT: the same without "id" and
 * "__typename"; @merge adds "__persistence_strategy__": "merge". */
JsonNode            *prefs_preference_set_to_request_json     (PrefsPreferenceSet  *self,
                                                               gboolean             merge);
/* Canonical text of to_json: byte-for-byte comparable. */
char                *prefs_preference_set_to_string           (PrefsPreferenceSet  *self,
                                                               gboolean             pretty);

PrefsPreferenceSet  *prefs_preference_set_copy                (PrefsPreferenceSet  *self);
gboolean             prefs_preference_set_equal               (PrefsPreferenceSet  *a,
                                                               PrefsPreferenceSet  *b);
/* TRUE when nothing at all is set (what the API returns for a missing set). */
gboolean             prefs_preference_set_is_empty            (PrefsPreferenceSet  *self);

const char          *prefs_preference_set_get_id              (PrefsPreferenceSet  *self);
void                 prefs_preference_set_set_id              (PrefsPreferenceSet  *self,
                                                               const char          *id);

/* Each top-level member; NULL means null/unset. Setters take a reference and
 * emit ::changed. Maps returned are the set's own: after changing one in
 * place, call prefs_preference_set_changed(). */
PrefsSettingMap     *prefs_preference_set_get_channel_types   (PrefsPreferenceSet  *self);
void                 prefs_preference_set_set_channel_types   (PrefsPreferenceSet  *self,
                                                               PrefsSettingMap     *map);
PrefsSettingMap     *prefs_preference_set_get_channels        (PrefsPreferenceSet  *self);
void                 prefs_preference_set_set_channels        (PrefsPreferenceSet  *self,
                                                               PrefsSettingMap     *map);
PrefsSettingMap     *prefs_preference_set_get_workflows       (PrefsPreferenceSet  *self);
void                 prefs_preference_set_set_workflows       (PrefsPreferenceSet  *self,
                                                               PrefsSettingMap     *map);
PrefsSettingMap     *prefs_preference_set_get_categories      (PrefsPreferenceSet  *self);
void                 prefs_preference_set_set_categories      (PrefsPreferenceSet  *self,
                                                               PrefsSettingMap     *map);
PrefsSetting        *prefs_preference_set_get_commercial_subscribed
                                                              (PrefsPreferenceSet  *self);
void                 prefs_preference_set_set_commercial_subscribed
                                                              (PrefsPreferenceSet  *self,
                                                               PrefsSetting        *setting);
/* Unknown top-level members, kept verbatim (transfer none, never NULL). */
JsonObject          *prefs_preference_set_get_extra           (PrefsPreferenceSet  *self);
/* Emits ::changed. */
void                 prefs_preference_set_changed             (PrefsPreferenceSet  *self);

/* Path access. A path is a NULL-terminated array of keys:
 *   {"channel_types", "email"}, {"channels", UUID}, {"commercial_subscribed"},
 *   {"workflows", KEY}, {"workflows", KEY, "channel_types", TYPE},
 *   {"workflows", KEY, "channels", UUID}, and the same under "categories".
 * lookup returns the setting there, or NULL if unset or not a valid path. */
PrefsSetting        *prefs_preference_set_lookup              (PrefsPreferenceSet  *self,
                                                               const char * const  *path);
/* Sets (or with @value NULL, removes) the entry at @path, creating the maps
 * and the workflow/category object on the way. Fails with
 * PREFS_PARSE_ERROR_INVALID_VALUE on an invalid path, a scope mismatch, or a
 * parent that is a plain bool. Emits ::changed on success. */
gboolean             prefs_preference_set_replace             (PrefsPreferenceSet  *self,
                                                               const char * const  *path,
                                                               PrefsSetting        *value,
                                                               GError             **error);

/* (element-type PrefsChange) (transfer full): every leaf entry that differs,
 * sorted by path. Leaves are channel_types/channels entries, workflow and
 * category booleans and conditions, commercial_subscribed, unknown keys. */
GPtrArray           *prefs_preference_set_diff                (PrefsPreferenceSet  *old_set,
                                                               PrefsPreferenceSet  *new_set);

/* A new set: @patch deep-merged onto @base as the API's "merge" strategy
 * does. Maps merge key by key; a bool or a conditions object replaces what
 * was there; a workflow/category object merges into an object (its
 * channel_types and channels merge, its conditions replace) unless it carries
 * "__strategy__": "replace"; the result keeps @base's id. */
PrefsPreferenceSet  *prefs_preference_set_merge               (PrefsPreferenceSet  *base,
                                                               PrefsPreferenceSet  *patch);

G_END_DECLS

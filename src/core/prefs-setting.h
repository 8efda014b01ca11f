/* prefs-setting.h: the value of one preference entry, and maps of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-condition.h"

G_BEGIN_DECLS

/* Where a setting lives decides which object form it may take. */
typedef enum
{
  PREFS_SCOPE_CHANNEL_TYPE,  /* channel_types.X:  bool | {conditions}                          */
  PREFS_SCOPE_CHANNEL,       /* channels.UUID:    bool | {conditions}                          */
  PREFS_SCOPE_COMMERCIAL,    /* commercial_subscribed: bool | {conditions}                     */
  PREFS_SCOPE_WORKFLOW,      /* workflows.KEY:    bool | {channel_types?, channels?, conditions?} */
  PREFS_SCOPE_CATEGORY,      /* categories.KEY:   same as a workflow                            */
} PrefsScope;

typedef enum
{
  PREFS_SETTING_BOOL,
  PREFS_SETTING_OBJECT,
} PrefsSettingKind;

typedef struct _PrefsSetting    PrefsSetting;
typedef struct _PrefsSettingMap PrefsSettingMap;

/* ---- PrefsSetting: mutable, ref-counted ---- */

#define PREFS_TYPE_SETTING (prefs_setting_get_type ())
GType             prefs_setting_get_type          (void) G_GNUC_CONST;

PrefsSetting     *prefs_setting_new_bool          (PrefsScope        scope,
                                                   gboolean          value);
/* An object form with no member set: for a workflow or category, "{}". */
PrefsSetting     *prefs_setting_new_object        (PrefsScope        scope);
/* An object form with these conditions (element-type PrefsCondition, copied). */
PrefsSetting     *prefs_setting_new_conditions    (PrefsScope        scope,
                                                   GPtrArray        *conditions);
PrefsSetting     *prefs_setting_ref               (PrefsSetting     *self);
void              prefs_setting_unref             (PrefsSetting     *self);
/* A deep copy that shares nothing mutable with @self. */
PrefsSetting     *prefs_setting_copy              (PrefsSetting     *self);
gboolean          prefs_setting_equal             (PrefsSetting     *a,
                                                   PrefsSetting     *b);

PrefsScope        prefs_setting_get_scope         (PrefsSetting     *self);
PrefsSettingKind  prefs_setting_get_kind          (PrefsSetting     *self);
/* The boolean of a BOOL setting; TRUE for an OBJECT setting. */
gboolean          prefs_setting_get_bool          (PrefsSetting     *self);

/* (element-type PrefsCondition) (nullable) (transfer none): NULL when absent. */
GPtrArray        *prefs_setting_get_conditions    (PrefsSetting     *self);
/* Only on OBJECT settings. NULL removes the member. Copies the array. */
void              prefs_setting_set_conditions    (PrefsSetting     *self,
                                                   GPtrArray        *conditions);

/* Workflow and category objects only; (nullable) (transfer none). */
PrefsSettingMap  *prefs_setting_get_channel_types (PrefsSetting     *self);
void              prefs_setting_set_channel_types (PrefsSetting     *self,
                                                   PrefsSettingMap  *map);
PrefsSettingMap  *prefs_setting_get_channels      (PrefsSetting     *self);
void              prefs_setting_set_channels      (PrefsSetting     *self,
                                                   PrefsSettingMap  *map);

/* "__strategy__" of an OBJECT setting (tenant defaults use "replace"); nullable. */
const char       *prefs_setting_get_strategy      (PrefsSetting     *self);
void              prefs_setting_set_strategy      (PrefsSetting     *self,
                                                   const char       *strategy);

/* Unknown members of an OBJECT setting, kept verbatim; (nullable) (transfer none). */
JsonObject       *prefs_setting_get_extra         (PrefsSetting     *self);

/* Reads a setting of @scope; problems go to @problems under @path. NULL if any. */
PrefsSetting     *prefs_setting_from_json         (JsonNode         *node,
                                                   PrefsScope        scope,
                                                   const char       *path,
                                                   PrefsProblems    *problems);
JsonNode         *prefs_setting_to_json           (PrefsSetting     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsSetting, prefs_setting_unref)

/* ---- PrefsSettingMap: key -> PrefsSetting, kept sorted by key; ref-counted ---- */

#define PREFS_TYPE_SETTING_MAP (prefs_setting_map_get_type ())
GType             prefs_setting_map_get_type      (void) G_GNUC_CONST;

/* @scope is the scope of the values: CHANNEL_TYPE for a channel_types map,
 * whose keys must be the six channel types. */
PrefsSettingMap  *prefs_setting_map_new           (PrefsScope        scope);
PrefsSettingMap  *prefs_setting_map_ref           (PrefsSettingMap  *self);
void              prefs_setting_map_unref         (PrefsSettingMap  *self);
PrefsSettingMap  *prefs_setting_map_copy          (PrefsSettingMap  *self);
gboolean          prefs_setting_map_equal         (PrefsSettingMap  *a,
                                                   PrefsSettingMap  *b);
PrefsScope        prefs_setting_map_get_scope     (PrefsSettingMap  *self);
guint             prefs_setting_map_get_size      (PrefsSettingMap  *self);
/* (nullable) (transfer none) */
PrefsSetting     *prefs_setting_map_lookup        (PrefsSettingMap  *self,
                                                   const char       *key);
/* Takes a reference on @value; the value's scope must be the map's. */
void              prefs_setting_map_insert        (PrefsSettingMap  *self,
                                                   const char       *key,
                                                   PrefsSetting     *value);
gboolean          prefs_setting_map_remove        (PrefsSettingMap  *self,
                                                   const char       *key);
/* Sorted keys, NULL-terminated; free with g_free (the strings are the map's). */
const char      **prefs_setting_map_get_keys      (PrefsSettingMap  *self);

/* "__strategy__" of the map itself (a tenant default may mark a whole
 * channel_types or channels map "replace"); nullable. */
const char       *prefs_setting_map_get_strategy  (PrefsSettingMap  *self);
void              prefs_setting_map_set_strategy  (PrefsSettingMap  *self,
                                                   const char       *strategy);
/* Other "__"-prefixed members of the map ("__typename"...), kept verbatim;
 * (transfer none, never NULL). */
JsonObject       *prefs_setting_map_get_extra     (PrefsSettingMap  *self);

PrefsSettingMap  *prefs_setting_map_from_json     (JsonNode         *node,
                                                   PrefsScope        scope,
                                                   const char       *path,
                                                   PrefsProblems    *problems);
JsonNode         *prefs_setting_map_to_json       (PrefsSettingMap  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsSettingMap, prefs_setting_map_unref)

/* Nesting depth of arrays and objects in @node (a scalar is 0, {} is 1),
 * measured no further than @limit + 1 so a hostile tree costs little. */
guint             prefs_setting_json_depth        (JsonNode         *node,
                                                   guint             limit);

G_END_DECLS

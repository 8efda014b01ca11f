/* prefs-condition.h: one condition of a preference entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-json.h"
#include "prefs-types.h"

G_BEGIN_DECLS

/* {variable, operator, argument}; argument may be null. Unknown keys of the
 * object are kept verbatim. Immutable once built; ref-counted. */
typedef struct _PrefsCondition PrefsCondition;

#define PREFS_TYPE_CONDITION (prefs_condition_get_type ())
GType            prefs_condition_get_type      (void) G_GNUC_CONST;

PrefsCondition  *prefs_condition_new           (const char      *variable,
                                                PrefsOperator    op,
                                                const char      *argument);
PrefsCondition  *prefs_condition_ref           (PrefsCondition  *self);
void             prefs_condition_unref         (PrefsCondition  *self);
const char      *prefs_condition_get_variable  (PrefsCondition  *self);
PrefsOperator    prefs_condition_get_operator  (PrefsCondition  *self);
const char      *prefs_condition_get_argument  (PrefsCondition  *self);
gboolean         prefs_condition_equal         (PrefsCondition  *a,
                                                PrefsCondition  *b);
/* "recipient.country_code equal_to US" */
char            *prefs_condition_to_display    (PrefsCondition  *self);

/* Reads one condition; problems go to @problems under @path. NULL if any. */
PrefsCondition  *prefs_condition_from_json     (JsonNode        *node,
                                                const char      *path,
                                                PrefsProblems   *problems);
JsonNode        *prefs_condition_to_json       (PrefsCondition  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrefsCondition, prefs_condition_unref)

G_END_DECLS

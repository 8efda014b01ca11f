/* prefs-types.h: the fixed vocabularies of a PreferenceSet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The six channel types Knock knows, in the order the console shows them. */
typedef enum
{
  PREFS_CHANNEL_TYPE_EMAIL,
  PREFS_CHANNEL_TYPE_IN_APP_FEED,
  PREFS_CHANNEL_TYPE_SMS,
  PREFS_CHANNEL_TYPE_PUSH,
  PREFS_CHANNEL_TYPE_CHAT,
  PREFS_CHANNEL_TYPE_HTTP,
} PrefsChannelType;

#define PREFS_N_CHANNEL_TYPES 6

/* Every operator of the spec's Condition.operator enum. */
typedef enum
{
  PREFS_OPERATOR_EQUAL_TO,
  PREFS_OPERATOR_NOT_EQUAL_TO,
  PREFS_OPERATOR_GREATER_THAN,
  PREFS_OPERATOR_LESS_THAN,
  PREFS_OPERATOR_GREATER_THAN_OR_EQUAL_TO,
  PREFS_OPERATOR_LESS_THAN_OR_EQUAL_TO,
  PREFS_OPERATOR_CONTAINS,
  PREFS_OPERATOR_NOT_CONTAINS,
  PREFS_OPERATOR_CONTAINS_ALL,
  PREFS_OPERATOR_NOT_CONTAINS_ALL,
  PREFS_OPERATOR_EMPTY,
  PREFS_OPERATOR_NOT_EMPTY,
  PREFS_OPERATOR_EXISTS,
  PREFS_OPERATOR_NOT_EXISTS,
  PREFS_OPERATOR_IS_TIMESTAMP,
  PREFS_OPERATOR_IS_NOT_TIMESTAMP,
  PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER,
  PREFS_OPERATOR_IS_TIMESTAMP_BEFORE,
  PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER_DATE,
  PREFS_OPERATOR_IS_TIMESTAMP_BEFORE_DATE,
  PREFS_OPERATOR_IS_TIMESTAMP_BETWEEN,
  PREFS_OPERATOR_IS_BETWEEN,
  PREFS_OPERATOR_IS_AUDIENCE_MEMBER,
  PREFS_OPERATOR_IS_NOT_AUDIENCE_MEMBER,
} PrefsOperator;

#define PREFS_N_OPERATORS 24

GType        prefs_channel_type_get_type     (void) G_GNUC_CONST;
#define PREFS_TYPE_CHANNEL_TYPE (prefs_channel_type_get_type ())
const char  *prefs_channel_type_to_string    (PrefsChannelType  type);
gboolean     prefs_channel_type_from_string  (const char       *str,
                                              PrefsChannelType *out_type);

GType        prefs_operator_get_type         (void) G_GNUC_CONST;
#define PREFS_TYPE_OPERATOR (prefs_operator_get_type ())
const char  *prefs_operator_to_string        (PrefsOperator     op);
gboolean     prefs_operator_from_string      (const char       *str,
                                              PrefsOperator    *out_op);
/* FALSE for the unary operators (empty, not_empty, exists, not_exists,
 * is_timestamp, is_not_timestamp), whose argument is conventionally null. */
gboolean     prefs_operator_takes_argument   (PrefsOperator     op);

G_END_DECLS

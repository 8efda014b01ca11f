/* prefs-types.c: the fixed vocabularies of a PreferenceSet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-types"

#include "config.h"

#include "prefs-types.h"

#include <string.h>

/* Indexed by enum value; the strings are the wire names. */
static const GEnumValue channel_type_values[] = {
  { PREFS_CHANNEL_TYPE_EMAIL, "PREFS_CHANNEL_TYPE_EMAIL", "email" },
  { PREFS_CHANNEL_TYPE_IN_APP_FEED, "PREFS_CHANNEL_TYPE_IN_APP_FEED", "in_app_feed" },
  { PREFS_CHANNEL_TYPE_SMS, "PREFS_CHANNEL_TYPE_SMS", "sms" },
  { PREFS_CHANNEL_TYPE_PUSH, "PREFS_CHANNEL_TYPE_PUSH", "push" },
  { PREFS_CHANNEL_TYPE_CHAT, "PREFS_CHANNEL_TYPE_CHAT", "chat" },
  { PREFS_CHANNEL_TYPE_HTTP, "PREFS_CHANNEL_TYPE_HTTP", "http" },
  { 0, NULL, NULL }
};

G_STATIC_ASSERT (G_N_ELEMENTS (channel_type_values) == PREFS_N_CHANNEL_TYPES + 1);

static const GEnumValue operator_values[] = {
  { PREFS_OPERATOR_EQUAL_TO, "PREFS_OPERATOR_EQUAL_TO", "equal_to" },
  { PREFS_OPERATOR_NOT_EQUAL_TO, "PREFS_OPERATOR_NOT_EQUAL_TO", "not_equal_to" },
  { PREFS_OPERATOR_GREATER_THAN, "PREFS_OPERATOR_GREATER_THAN", "greater_than" },
  { PREFS_OPERATOR_LESS_THAN, "PREFS_OPERATOR_LESS_THAN", "less_than" },
  { PREFS_OPERATOR_GREATER_THAN_OR_EQUAL_TO, "PREFS_OPERATOR_GREATER_THAN_OR_EQUAL_TO",
    "greater_than_or_equal_to" },
  { PREFS_OPERATOR_LESS_THAN_OR_EQUAL_TO, "PREFS_OPERATOR_LESS_THAN_OR_EQUAL_TO",
    "less_than_or_equal_to" },
  { PREFS_OPERATOR_CONTAINS, "PREFS_OPERATOR_CONTAINS", "contains" },
  { PREFS_OPERATOR_NOT_CONTAINS, "PREFS_OPERATOR_NOT_CONTAINS", "not_contains" },
  { PREFS_OPERATOR_CONTAINS_ALL, "PREFS_OPERATOR_CONTAINS_ALL", "contains_all" },
  { PREFS_OPERATOR_NOT_CONTAINS_ALL, "PREFS_OPERATOR_NOT_CONTAINS_ALL", "not_contains_all" },
  { PREFS_OPERATOR_EMPTY, "PREFS_OPERATOR_EMPTY", "empty" },
  { PREFS_OPERATOR_NOT_EMPTY, "PREFS_OPERATOR_NOT_EMPTY", "not_empty" },
  { PREFS_OPERATOR_EXISTS, "PREFS_OPERATOR_EXISTS", "exists" },
  { PREFS_OPERATOR_NOT_EXISTS, "PREFS_OPERATOR_NOT_EXISTS", "not_exists" },
  { PREFS_OPERATOR_IS_TIMESTAMP, "PREFS_OPERATOR_IS_TIMESTAMP", "is_timestamp" },
  { PREFS_OPERATOR_IS_NOT_TIMESTAMP, "PREFS_OPERATOR_IS_NOT_TIMESTAMP", "is_not_timestamp" },
  { PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER, "PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER",
    "is_timestamp_on_or_after" },
  { PREFS_OPERATOR_IS_TIMESTAMP_BEFORE, "PREFS_OPERATOR_IS_TIMESTAMP_BEFORE",
    "is_timestamp_before" },
  { PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER_DATE, "PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER_DATE",
    "is_timestamp_on_or_after_date" },
  { PREFS_OPERATOR_IS_TIMESTAMP_BEFORE_DATE, "PREFS_OPERATOR_IS_TIMESTAMP_BEFORE_DATE",
    "is_timestamp_before_date" },
  { PREFS_OPERATOR_IS_TIMESTAMP_BETWEEN, "PREFS_OPERATOR_IS_TIMESTAMP_BETWEEN",
    "is_timestamp_between" },
  { PREFS_OPERATOR_IS_BETWEEN, "PREFS_OPERATOR_IS_BETWEEN", "is_between" },
  { PREFS_OPERATOR_IS_AUDIENCE_MEMBER, "PREFS_OPERATOR_IS_AUDIENCE_MEMBER",
    "is_audience_member" },
  { PREFS_OPERATOR_IS_NOT_AUDIENCE_MEMBER, "PREFS_OPERATOR_IS_NOT_AUDIENCE_MEMBER",
    "is_not_audience_member" },
  { 0, NULL, NULL }
};

G_STATIC_ASSERT (G_N_ELEMENTS (operator_values) == PREFS_N_OPERATORS + 1);

/**
 * prefs_channel_type_get_type:
 *
 * The GEnum type of #PrefsChannelType; value nicks are the wire names.
 */
GType
prefs_channel_type_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType id = g_enum_register_static (g_intern_static_string ("PrefsChannelType"),
                                         channel_type_values);
      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

/**
 * prefs_channel_type_to_string:
 * @type: a channel type
 *
 * Returns: (nullable): the wire name ("email", "in_app_feed"...), or %NULL
 *   for a value outside the enum.
 */
const char *
prefs_channel_type_to_string (PrefsChannelType type)
{
  if ((guint) type >= PREFS_N_CHANNEL_TYPES)
    return NULL;

  return channel_type_values[type].value_nick;
}

/**
 * prefs_channel_type_from_string:
 * @str: (nullable): a wire name
 * @out_type: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @str is one of the six channel types.
 */
gboolean
prefs_channel_type_from_string (const char       *str,
                                PrefsChannelType *out_type)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < PREFS_N_CHANNEL_TYPES; i++)
    {
      if (strcmp (channel_type_values[i].value_nick, str) == 0)
        {
          if (out_type != NULL)
            *out_type = (PrefsChannelType) channel_type_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * prefs_operator_get_type:
 *
 * The GEnum type of #PrefsOperator; value nicks are the wire names.
 */
GType
prefs_operator_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType id = g_enum_register_static (g_intern_static_string ("PrefsOperator"),
                                         operator_values);
      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

/**
 * prefs_operator_to_string:
 * @op: an operator
 *
 * Returns: (nullable): the wire name ("equal_to"...), or %NULL for a value
 *   outside the enum.
 */
const char *
prefs_operator_to_string (PrefsOperator op)
{
  if ((guint) op >= PREFS_N_OPERATORS)
    return NULL;

  return operator_values[op].value_nick;
}

/**
 * prefs_operator_from_string:
 * @str: (nullable): a wire name
 * @out_op: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @str is one of the spec's operators.
 */
gboolean
prefs_operator_from_string (const char    *str,
                            PrefsOperator *out_op)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < PREFS_N_OPERATORS; i++)
    {
      if (strcmp (operator_values[i].value_nick, str) == 0)
        {
          if (out_op != NULL)
            *out_op = (PrefsOperator) operator_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * prefs_operator_takes_argument:
 * @op: an operator
 *
 * Returns: %FALSE for the unary operators, whose argument is conventionally
 *   null; %TRUE for all others.
 */
gboolean
prefs_operator_takes_argument (PrefsOperator op)
{
  switch (op)
    {
    case PREFS_OPERATOR_EMPTY:
    case PREFS_OPERATOR_NOT_EMPTY:
    case PREFS_OPERATOR_EXISTS:
    case PREFS_OPERATOR_NOT_EXISTS:
    case PREFS_OPERATOR_IS_TIMESTAMP:
    case PREFS_OPERATOR_IS_NOT_TIMESTAMP:
      return FALSE;

    case PREFS_OPERATOR_EQUAL_TO:
    case PREFS_OPERATOR_NOT_EQUAL_TO:
    case PREFS_OPERATOR_GREATER_THAN:
    case PREFS_OPERATOR_LESS_THAN:
    case PREFS_OPERATOR_GREATER_THAN_OR_EQUAL_TO:
    case PREFS_OPERATOR_LESS_THAN_OR_EQUAL_TO:
    case PREFS_OPERATOR_CONTAINS:
    case PREFS_OPERATOR_NOT_CONTAINS:
    case PREFS_OPERATOR_CONTAINS_ALL:
    case PREFS_OPERATOR_NOT_CONTAINS_ALL:
    case PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER:
    case PREFS_OPERATOR_IS_TIMESTAMP_BEFORE:
    case PREFS_OPERATOR_IS_TIMESTAMP_ON_OR_AFTER_DATE:
    case PREFS_OPERATOR_IS_TIMESTAMP_BEFORE_DATE:
    case PREFS_OPERATOR_IS_TIMESTAMP_BETWEEN:
    case PREFS_OPERATOR_IS_BETWEEN:
    case PREFS_OPERATOR_IS_AUDIENCE_MEMBER:
    case PREFS_OPERATOR_IS_NOT_AUDIENCE_MEMBER:
    default:
      return TRUE;
    }
}

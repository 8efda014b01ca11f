/* prefs-evaluation.h: would a message be sent, and which entry decides it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "prefs-preference-set.h"

G_BEGIN_DECLS

typedef enum
{
  PREFS_VERDICT_SEND,
  PREFS_VERDICT_BLOCKED,
  PREFS_VERDICT_CONDITIONAL,  /* depends on conditions evaluated at send time */
} PrefsVerdict;

typedef enum
{
  PREFS_LAYER_NONE,         /* nothing set anywhere: the default, send */
  PREFS_LAYER_USER,
  PREFS_LAYER_TENANT,       /* the tenant's default set */
  PREFS_LAYER_ENVIRONMENT,  /* the environment's default set */
} PrefsLayer;

typedef struct
{
  PrefsVerdict  verdict;
  PrefsLayer    layer;  /* where the deciding entry was found */
  char         *path;   /* the deciding entry, NULL for PREFS_LAYER_NONE */
} PrefsEvaluation;

void         prefs_evaluation_clear       (PrefsEvaluation *evaluation);
const char  *prefs_layer_to_string        (PrefsLayer       layer);

/* Rules: an unset entry counts as true; every applicable entry must be true
 * for a message to be sent; each entry is looked up in @user, then
 * @tenant_default, then @environment_default (either may be NULL) and the
 * first layer that sets it decides; a channels entry beats the matching
 * channel_types entry at the same level; a false category blocks the
 * workflows in it whatever their own settings say. Applicable entries, in
 * the order they are checked: each category in @category_keys (its bool,
 * then its channels[@channel_id] or channel_types[@channel_type]), the
 * workflow (its bool, then its channels/channel_types entry), then the
 * top-level channels/channel_types entry. The first false entry decides a
 * block; otherwise the first conditional entry makes the verdict
 * conditional; otherwise the most specific entry set true decides.
 * A "__strategy__": "replace" in a default set (on the entry's workflow or
 * category object, or on the map holding the entry) makes that layer's value
 * override the layers above it, user included.
 * @category_keys and @channel_id may be NULL. Fills @out (clear it after). */
void         prefs_evaluate               (PrefsPreferenceSet *user,
                                           PrefsPreferenceSet *tenant_default,
                                           PrefsPreferenceSet *environment_default,
                                           const char         *workflow_key,
                                           const char * const *category_keys,
                                           PrefsChannelType    channel_type,
                                           const char         *channel_id,
                                           PrefsEvaluation    *out);

G_END_DECLS

/* prefs-preference-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-preference-set"

#include "config.h"

#include "prefs-preference-set.h"

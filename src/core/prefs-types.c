/* prefs-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-types"

#include "config.h"

#include "prefs-types.h"

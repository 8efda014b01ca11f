/* prefs-condition.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-condition"

#include "config.h"

#include "prefs-condition.h"

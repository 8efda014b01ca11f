/* prefs-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-json"

#include "config.h"

#include "prefs-json.h"

/* prefs-setting.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-setting"

#include "config.h"

#include "prefs-setting.h"

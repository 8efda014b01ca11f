/* prefs-page-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-page-info"

#include "config.h"

#include "prefs-page-info.h"

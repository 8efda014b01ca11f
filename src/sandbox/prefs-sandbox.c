/* prefs-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-sandbox"

#include "config.h"

#include "prefs-sandbox.h"

/* prefs-user.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-user"

#include "config.h"

#include "prefs-user.h"

/* prefs-bulk-operation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-bulk-operation"

#include "config.h"

#include "prefs-bulk-operation.h"

/* prefs-evaluation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "prefs-evaluation"

#include "config.h"

#include "prefs-evaluation.h"

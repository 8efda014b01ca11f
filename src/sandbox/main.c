/* main.c: the prefs-sandbox command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "prefs-sandbox.h"

int
main (int   argc,
      char *argv[])
{
  return 1;
}

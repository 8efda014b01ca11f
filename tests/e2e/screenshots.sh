#!/usr/bin/env bash
# Screenshots of the real console windows, taken under a virtual display.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: screenshots.sh BUILDDIR OUTDIR
# Writes OUTDIR/users.png, user.png, effective.png and user-dark.png, each
# the console's window at 1280x800, on its built-in local sandbox.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 BUILDDIR OUTDIR" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
builddir="$(cd "$1" && pwd)"
mkdir -p "$2"
outdir="$(cd "$2" && pwd)"

for tool in dbus-run-session Xvfb import xdotool /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "screenshots: $tool is not installed" >&2
    exit 1
  fi
done

# A session bus, a display and a runtime directory of their own, whatever
# the desktop runs: the pictures must not show the desktop, the console must
# not find another instance of itself on the bus, and the accessibility bus
# must not share its socket with another session.
runtime="$(mktemp -d -t prefs-screenshots-XXXXXX)"
trap 'rm -rf "$runtime"' EXIT
XDG_RUNTIME_DIR="$runtime" dbus-run-session -- env -u DISPLAY -u WAYLAND_DISPLAY \
  /usr/bin/python3 "$here/screenshots.py" "$builddir" "$outdir"

#!/bin/sh
# run-with-keyring.sh: runs a test inside its own D-Bus session with an
# unlocked gnome-keyring in a throw-away HOME, so that libsecret has a
# Secret Service to talk to and the user's real keyring is never touched.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

test_program="$1"
shift

if ! command -v dbus-run-session >/dev/null 2>&1 ||
   ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  # The test skips by itself when no Secret Service answers.
  exec "$test_program" "$@"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
export HOME="$scratch"
export XDG_DATA_HOME="$scratch/data"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

dbus-run-session -- sh -c '
  printf "test-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  # The daemon claims its bus name a moment later; asking before that
  # would activate a second, locked one.
  if command -v gdbus >/dev/null 2>&1; then
    gdbus wait --session --timeout 10 org.freedesktop.secrets || true
  fi
  exec "$@"
' sh "$test_program" "$@"

#!/usr/bin/env bash
# run-sdk-test.sh: installs the pinned npm packages in the build tree, then runs one SDK test
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-sdk-test.sh NODE NPM ENV-DIR SCRIPT.mjs PREFS-SANDBOX
#
# ENV-DIR (in the build tree) keeps node_modules between runs; `npm ci` runs
# again only when package-lock.json changed. TAP goes to stdout, npm's output
# to stderr.
set -euo pipefail

if [ $# -ne 5 ]; then
  echo "Bail out! usage: $0 NODE NPM ENV-DIR SCRIPT.mjs PREFS-SANDBOX"
  exit 1
fi

node="$1"
npm="$2"
env_dir="$3"
script="$4"
sandbox="$5"
# Meson passes the executable relative to the build directory.
case "$sandbox" in
  /*) ;;
  *) sandbox="$PWD/$sandbox" ;;
esac
src_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$env_dir/node_modules/.prefs-package-lock.json"

mkdir -p "$env_dir"

# Tests of one build may share the directory: one installer at a time.
exec 9>"$env_dir/.install-lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi

if ! cmp -s "$src_dir/package-lock.json" "$stamp" 2>/dev/null; then
  cp "$src_dir/package.json" "$src_dir/package-lock.json" "$env_dir/"
  echo "run-sdk-test: npm ci in $env_dir" >&2
  if ! (cd "$env_dir" && "$npm" ci --no-audit --no-fund --loglevel=error) >&2; then
    echo "Bail out! npm ci failed in $env_dir (is the npm registry reachable?)"
    exit 1
  fi
  cp "$src_dir/package-lock.json" "$stamp"
fi

# ES modules resolve packages from their own directory, so the scripts run
# from beside node_modules.
cp "$src_dir"/*.mjs "$env_dir/"
exec 9>&-
exec "$node" "$env_dir/$script" "$sandbox"

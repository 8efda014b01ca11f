#!/bin/sh
# The Flatpak manifest: valid JSON, the right id, runtime and sdk, command,
# the permissions the console needs, the app built as a meson module, and no
# key that flatpak-builder does not know (its warnings count as failures).
set -u
manifest="$1"

/usr/bin/python3 - "$manifest" <<'PY' || exit 1
import json, sys
path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
except (OSError, ValueError) as e:
    print(f"not ok: {path}: {e}")
    sys.exit(1)

problems = []
def want(cond, msg):
    if not cond:
        problems.append(msg)

want(m.get("id") == "org.example.Preferences", "id must be org.example.Preferences")
want(m.get("runtime") == "org.gnome.Platform", "runtime must be org.gnome.Platform")
want(m.get("sdk") == "org.gnome.Sdk", "sdk must be org.gnome.Sdk")
want(isinstance(m.get("runtime-version"), str), "runtime-version must be a string")
want(m.get("command") == "prefs-console", "command must be prefs-console")
args = m.get("finish-args", [])
for needed in ("--share=network", "--socket=wayland", "--socket=fallback-x11"):
    want(needed in args, f"finish-args must include {needed}")
modules = m.get("modules", [])
app = [mod for mod in modules if isinstance(mod, dict) and mod.get("name") == "prefs-console"]
want(len(app) == 1, "one module must be named prefs-console")
if app:
    want(app[0].get("buildsystem") == "meson", "the prefs-console module must be built with meson")
    want(modules[-1] is app[0], "the prefs-console module must come last")
for p in problems:
    print(f"not ok: {path}: {p}")
sys.exit(1 if problems else 0)
PY

if command -v flatpak-builder >/dev/null 2>&1; then
  out=$(flatpak-builder --show-manifest "$manifest" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne 0 ] || printf '%s' "$out" | grep -qi 'warning\|unknown'; then
    echo "not ok: flatpak-builder --show-manifest: $out"
    exit 1
  fi
fi
echo "ok: $manifest"

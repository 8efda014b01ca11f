#!/bin/sh
# Every source file with translatable strings must be listed in po/POTFILES.in,
# and every listed file must exist.
set -u
top="$1"
cd "$top" || exit 1
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort -u)

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "not ok: po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done

found=$( (grep -rlE '(^|[^a-zA-Z0-9_])(_|N_|C_|NC_)\(' --include='*.c' src;
          grep -rl 'translatable="yes"' --include='*.ui' src;
          grep -rl '<summary>\|<description>' --include='*.xml' --include='*.xml.in' data;
          ls org.example.Preferences.desktop) | sort -u)

for f in $found; do
  if ! printf '%s\n' "$listed" | grep -qxF "$f"; then
    echo "not ok: $f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "ok: $(printf '%s\n' "$listed" | wc -l) files listed, all present"
exit "$status"

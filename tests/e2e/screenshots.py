# Screenshots of the real console windows on its built-in local sandbox:
# the users list, jhammond's preference tree, its effective view, and the
# tree again in the dark style.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: screenshots.py BUILDDIR OUTDIR (screenshots.sh gives it a session bus)

import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prefs_e2e as e2e  # noqa: E402

USER = "jhammond"


def shoot(console, path):
    """The screen under the console's main window, cut to that window."""
    # Let GTK paint what the accessibility tree already shows.
    time.sleep(1.0)
    x, y, width, height = console.geometry(console.xid)
    if width <= 0 or height <= 0:
        raise e2e.Failure("cannot read the geometry of the console's window")
    subprocess.run(["import", "-window", "root", "-crop", f"{width}x{height}+{x}+{y}",
                    "+repage", path], check=True, timeout=30)
    print(path, flush=True)


def expand_effective_row(console, title):
    """Opens the effective view's row for title, to show its channel types."""
    effective = console.find("the effective view (a list named \"Effective preferences\")",
                             role=console.pyatspi.ROLE_LIST, name="Effective preferences")
    label = console.find(f"the row \"{title}\" in the effective view",
                         role=console.pyatspi.ROLE_LABEL, name=title, root=effective)
    console.mouse_click(*console.center(label))


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(f"usage: {sys.argv[0]} BUILDDIR OUTDIR\n")
        return 2
    builddir = os.path.abspath(sys.argv[1])
    outdir = os.path.abspath(sys.argv[2])
    os.makedirs(outdir, exist_ok=True)
    e2e.ensure_session()
    home = e2e.temp_dir("screenshots")
    # No KNOCK_ variables: the console opens its built-in local sandbox.
    light = {"ADW_DEBUG_COLOR_SCHEME": "prefer-light"}
    dark = {"ADW_DEBUG_COLOR_SCHEME": "prefer-dark"}

    console = e2e.Console(builddir, home, extra_env=light)
    console.find("the users list", role=console.pyatspi.ROLE_TREE_TABLE, name="Users",
                 timeout=30)
    console.find(f"\"{USER}\" in the users list", role=console.pyatspi.ROLE_LABEL,
                 name=USER, timeout=30)
    shoot(console, os.path.join(outdir, "users.png"))
    console.quit()

    console = e2e.Console(builddir, home, args=("--user", USER), extra_env=light)
    console.wait_user_page(USER)
    shoot(console, os.path.join(outdir, "user.png"))
    tab = console.find("the \"Effective\" tab", role=console.pyatspi.ROLE_PAGE_TAB,
                       name="Effective")
    console.click(tab)
    expand_effective_row(console, "dinosaurs-loose")
    shoot(console, os.path.join(outdir, "effective.png"))
    console.quit()

    console = e2e.Console(builddir, home, args=("--user", USER), extra_env=dark)
    console.wait_user_page(USER)
    shoot(console, os.path.join(outdir, "user-dark.png"))
    console.quit()
    return 0


if __name__ == "__main__":
    try:
        status = main()
    except (e2e.Failure, e2e.Skip) as e:
        e2e.failure_screenshot()
        sys.stderr.write(f"screenshots: {e}\n")
        status = 1
    finally:
        e2e.stop_children()
    sys.exit(status)

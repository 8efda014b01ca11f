# console-probe.py: start-up and memory of the console and a minimal GTK window, seen over AT-SPI
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (inside Xvfb and dbus-run-session, with Debian's python3 for pyatspi):
#   console-probe.py CONFIG.json
# CONFIG: {"console": EXE, "minimal": EXE, "env": {...}, "runs": N, "work": DIR,
#          "scroll_users": N}
# Prints one JSON object with the results on stdout.

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

POLL = 0.010
START_LIMIT = 60.0
SCROLL_LIMIT = 600.0


# GTK 4.8 serves no AT-SPI cache object; libatspi warns about it once per
# application, which says nothing about the measurement.
GLib.log_set_handler("dbind", GLib.LogLevelFlags.LEVEL_WARNING, lambda *args: None)


def log(text):
    print(f"console-probe: {text}", file=sys.stderr, flush=True)


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        try:
            app = desktop.getChildAtIndex(i)
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def follow(app, path):
    node = app
    for index in path:
        if node is None or index >= node.childCount:
            return None
        node = node.getChildAtIndex(index)
    return node


def walk(node, path, visit):
    """Depth-first; @visit returns True to stop descending into a node."""
    try:
        if visit(node, path):
            return
        n = node.childCount
    except Exception:
        return
    for i in range(n):
        try:
            walk(node.getChildAtIndex(i), path + [i], visit)
        except Exception:
            continue


def vm_status(pid):
    values = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(VmRSS|VmHWM):\s+([0-9]+) kB", line)
            if m:
                values[m.group(1)] = int(m.group(2))
    return values


class App:
    def __init__(self, exe, env, work, n):
        home = os.path.join(work, f"home-{os.path.basename(exe)}-{n}")
        shutil.rmtree(home, ignore_errors=True)
        os.makedirs(os.path.join(home, "data"))
        full = dict(os.environ, **env, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
                    XDG_CONFIG_HOME=os.path.join(home, "config"),
                    XDG_CACHE_HOME=os.path.join(home, "cache"))
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen([exe], env=full, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def discover(exe, env, work, kind):
    """Runs the program once, unmeasured, to learn where the target label
    sits in its accessible tree, so that measured runs poll a few nodes
    instead of walking the whole tree."""
    app_run = App(exe, env, work, "discover")
    try:
        deadline = time.monotonic() + START_LIMIT
        while time.monotonic() < deadline:
            time.sleep(0.2)
            app = find_app(app_run.proc.pid)
            if app is None:
                continue
            found = {}

            def visit(node, path):
                role = node.getRoleName()
                if kind == "minimal" and role == "label" and node.name == "minimal-window-ready":
                    found["target"] = (path, node.name)
                elif kind == "console" and role == "list" and "list" not in found:
                    found["list"] = path
                    if node.childCount > 0:
                        cell_label = follow(node, [0, 0, 0])
                        if cell_label is not None and cell_label.name:
                            found["target"] = (path + [0, 0, 0], cell_label.name)
                    return True
                elif kind == "console" and role == "label" and \
                        re.match(r"^[0-9]+ users?( loaded)?$", node.name or ""):
                    found["footer"] = path
                return False

            walk(app, [], visit)
            if "target" in found and (kind == "minimal" or "footer" in found):
                return found
        raise RuntimeError(f"{os.path.basename(exe)}: no {kind} target within {START_LIMIT:.0f} s")
    finally:
        app_run.stop()


def measure_start(exe, env, work, n, found, keep=False):
    path, target = found["target"]
    run = App(exe, env, work, n)
    try:
        app = None
        deadline = run.t0 + START_LIMIT
        while time.monotonic() < deadline:
            if run.proc.poll() is not None:
                raise RuntimeError(f"{os.path.basename(exe)} exited with {run.proc.returncode}")
            try:
                if app is None:
                    app = find_app(run.proc.pid)
                node = follow(app, path) if app is not None else None
                if node is not None and node.name == target:
                    elapsed = time.monotonic() - run.t0
                    break
            except Exception:
                pass
            time.sleep(POLL)
        else:
            raise RuntimeError(f"{os.path.basename(exe)}: {target!r} not shown within {START_LIMIT:.0f} s")
        # Let the frame that shows it, and any idle work, settle.
        time.sleep(1.0)
        memory = vm_status(run.proc.pid)
    except BaseException:
        run.stop()
        raise
    if not keep:
        run.stop()
        return elapsed, memory, None, None
    return elapsed, memory, run, app


def scroll_to_end(run, app, found, n_users):
    """Moves keyboard focus into the column view, then presses End until
    the footer says every user is loaded."""
    footer = follow(app, found["footer"])
    subprocess.run(["xdotool", "key", "Tab"], check=False)
    time.sleep(0.3)
    t0 = time.monotonic()
    final = re.compile(r"^([0-9]+) users?$")
    presses = 0
    while time.monotonic() - t0 < SCROLL_LIMIT:
        subprocess.run(["xdotool", "key", "--delay", "10", "End", "End"], check=False)
        presses += 2
        time.sleep(0.02)
        name = footer.name or ""
        m = final.match(name)
        if m:
            break
        if presses % 400 == 0:
            log(f"scrolling: {name} after {presses} End presses")
    else:
        raise RuntimeError(f"the list did not reach its end within {SCROLL_LIMIT:.0f} s "
                           f"(footer: {footer.name!r})")
    seconds = time.monotonic() - t0
    loaded = int(m.group(1))
    # The last id must be among the bound rows once the view is at the end.
    last_id = f"user-{n_users:07d}"
    listing = follow(app, found["list"])
    shown = False
    for _ in range(10):
        subprocess.run(["xdotool", "key", "End"], check=False)
        time.sleep(0.5)
        for i in range(listing.childCount):
            label = follow(listing, [i, 0, 0])
            if label is not None and label.name == last_id:
                shown = True
                break
        if shown:
            break
    time.sleep(1.0)
    return {"seconds": seconds, "loaded": loaded, "presses": presses,
            "last_id": last_id, "last_id_shown": shown,
            "memory": vm_status(run.proc.pid)}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        config = json.load(f)
    env, work = config["env"], config["work"]
    minimal_env = {k: v for k, v in env.items() if not k.startswith("KNOCK_")}
    results = {"console": [], "minimal": []}

    found_console = discover(config["console"], env, work, "console")
    found_minimal = discover(config["minimal"], minimal_env, work, "minimal")
    results["console_target"] = found_console["target"][1]
    log(f"console target {found_console['target']}, footer {found_console['footer']}")

    for n in range(config["runs"]):
        for kind, exe, e, found in (("console", config["console"], env, found_console),
                                    ("minimal", config["minimal"], minimal_env, found_minimal)):
            elapsed, memory, _, _ = measure_start(exe, e, work, n, found)
            results[kind].append({"seconds": elapsed, "memory": memory})
            log(f"{kind} run {n + 1}: {elapsed * 1000:.0f} ms, VmRSS {memory.get('VmRSS')} kB")

    elapsed, memory, run, app = measure_start(config["console"], env, work, "scroll",
                                              found_console, keep=True)
    try:
        results["scroll"] = {"first_page": {"seconds": elapsed, "memory": memory}}
        results["scroll"].update(scroll_to_end(run, app, found_console, config["scroll_users"]))
    finally:
        run.stop()
    print(json.dumps(results))


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as e:
        print(json.dumps({"error": str(e)}))
        sys.exit(1)

# Harness for the end-to-end tests: drives the real console as a person does,
# through the accessibility tree, and checks the results through the HTTP API.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import atexit
import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

SECRET_KEY = "sk_test_sandbox"
SCREEN = "1280x800x24"
PR_SET_PDEATHSIG = 1

# Every process this harness starts, newest last; stopped in reverse order.
_children = []


class Skip(Exception):
    """A tool the test needs is not installed."""


class Failure(Exception):
    """What the person expected did not happen."""


class _Reported(Failure):
    """A failure already printed as a TAP line."""


def log(message):
    """Diagnostics go to stderr; stdout carries TAP only."""
    sys.stderr.write("# " + message + "\n")
    sys.stderr.flush()


def _stop(proc, name, grace=5.0):
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        log(f"{name} (pid {proc.pid}) ignored SIGTERM; killing it")
        proc.kill()
        proc.wait(grace)


def stop_children():
    while _children:
        proc, name = _children.pop()
        try:
            _stop(proc, name)
        except OSError:
            pass


def _on_signal(signum, frame):
    raise SystemExit(128 + signum)


def _die_with_parent():
    # If this script is killed outright (a fatal GLib error in the
    # accessibility library aborts it), its children must not outlive it.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def spawn(argv, name, **kwargs):
    proc = subprocess.Popen(argv, preexec_fn=_die_with_parent, **kwargs)
    _children.append((proc, name))
    return proc


def forget(proc):
    """The process ended on purpose; no need to stop it at exit."""
    _children[:] = [(p, n) for (p, n) in _children if p is not proc]


atexit.register(stop_children)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGHUP, _on_signal)


def ensure_session():
    """Gives this process a session bus and a display.

    Uses the ones it was started with (./run test provides both); otherwise
    starts the script again inside dbus-run-session, and its own Xvfb.
    """
    for tool in ("dbus-run-session", "xdotool"):
        if shutil.which(tool) is None:
            raise Skip(f"{tool} is not installed")

    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        if os.environ.get("PREFS_E2E_REEXEC"):
            raise Failure("dbus-run-session gave no DBUS_SESSION_BUS_ADDRESS")
        # The accessibility bus launcher puts its socket under
        # XDG_RUNTIME_DIR (or HOME/.cache): a private one keeps two sessions
        # on this machine from taking each other's socket.
        runtime = tempfile.mkdtemp(prefix="prefs-e2e-runtime-")
        env = dict(os.environ, PREFS_E2E_REEXEC="1", PREFS_E2E_RUNTIME_DIR=runtime,
                   XDG_RUNTIME_DIR=runtime)
        sys.stdout.flush()
        os.execvpe("dbus-run-session",
                   ["dbus-run-session", "--", sys.executable] + sys.argv, env)

    runtime = os.environ.get("PREFS_E2E_RUNTIME_DIR")
    if runtime and os.environ.get("PREFS_E2E_REEXEC"):
        atexit.register(shutil.rmtree, runtime, True)

    if not os.environ.get("DISPLAY"):
        if shutil.which("Xvfb") is None:
            raise Skip("no DISPLAY and Xvfb is not installed")
        read_fd, write_fd = os.pipe()
        spawn(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN,
               "-nolisten", "tcp", "-noreset"],
              "Xvfb", pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
              stderr=subprocess.DEVNULL)
        os.close(write_fd)
        number = b""
        deadline = time.monotonic() + 20
        try:
            while not number.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([read_fd], [], [], left)[0]:
                    break
                chunk = os.read(read_fd, 16)
                if not chunk:
                    break
                number += chunk
        finally:
            os.close(read_fd)
        if not number.strip().isdigit():
            raise Failure("Xvfb did not report its display number")
        os.environ["DISPLAY"] = ":" + number.decode().strip()
        log(f"started Xvfb on {os.environ['DISPLAY']}")

    # The console must talk to the accessibility bus; these would stop it.
    os.environ.pop("GTK_A11Y", None)
    os.environ.pop("NO_AT_BRIDGE", None)
    # Skip before any check runs if the person's hands are missing.
    import_atspi()


def import_atspi():
    try:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi  # noqa: F401
        import pyatspi
    except (ImportError, ValueError) as e:
        raise Skip(f"pyatspi is not available to {sys.executable}: {e}")
    return pyatspi


def _tap_stream():
    """A stream for TAP that nothing else writes to.

    Daemons the session bus starts (the accessibility registry) print on the
    standard output they inherit: that becomes standard error, and TAP goes
    to a duplicate of the original standard output, kept across the re-exec
    into dbus-run-session.
    """
    fd = os.environ.get("PREFS_E2E_TAP_FD")
    if fd is None:
        sys.stdout.flush()
        fd = os.dup(1)
        os.set_inheritable(fd, True)
        os.environ["PREFS_E2E_TAP_FD"] = str(fd)
        os.dup2(2, 1)
    return os.fdopen(int(fd), "w", buffering=1)


class Tap:
    """Prints TAP as the checks go; the plan comes last."""

    def __init__(self):
        self.count = 0
        self.failed = 0
        self.out = _tap_stream()

    def _print(self, line):
        self.out.write(line + "\n")
        self.out.flush()

    def ok(self, condition, description, detail=None):
        self.count += 1
        if condition:
            self._print(f"ok {self.count} - {description}")
        else:
            self.failed += 1
            self._print(f"not ok {self.count} - {description}")
            if detail:
                for line in str(detail).splitlines():
                    self._print(f"#   {line}")
        return condition

    def require(self, condition, description, detail=None):
        if not self.ok(condition, description, detail):
            raise _Reported(description)

    def finish(self):
        self._print(f"1..{self.count}")
        return 1 if self.failed else 0


def failure_screenshot():
    """What the screen showed when a check failed, for the person debugging."""
    if not os.environ.get("DISPLAY") or shutil.which("import") is None:
        return
    directory = os.environ.get("PREFS_E2E_FAILURE_DIR", tempfile.gettempdir())
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    path = os.path.join(directory, f"{name}-failure.png")
    try:
        subprocess.run(["import", "-window", "root", path], timeout=20, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log(f"screen at the failure: {path}")
    except (OSError, subprocess.SubprocessError):
        pass


def run_tap(main):
    """Runs main(tap) and turns its outcome into TAP and an exit status."""
    tap = Tap()
    try:
        ensure_session()
        main(tap)
    except Skip as e:
        if tap.count == 0:
            tap._print(f"1..0 # SKIP {e}")
            stop_children()
            return 0
        tap.ok(False, f"skipped half-way: {e}")
    except _Reported:
        failure_screenshot()
    except Failure as e:
        failure_screenshot()
        tap.ok(False, str(e))
    except BaseException as e:  # noqa: B036 - report signals and bugs as TAP
        tap.ok(False, f"unexpected {type(e).__name__}: {e}",
               traceback.format_exc())
    finally:
        stop_children()
    return tap.finish()


def wait_until(what, probe, timeout=20.0, interval=0.25):
    """Polls probe() until it returns something true; Failure naming what."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = probe()
            if value:
                return value
        except Failure:
            raise
        except Exception as e:  # the tree changes under our feet
            last_error = e
        if time.monotonic() >= deadline:
            extra = f" (last error: {last_error})" if last_error else ""
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what}{extra}")
        time.sleep(interval)


class Sandbox:
    """The sandbox command on a free loopback port, with the demo data."""

    def __init__(self, builddir):
        binary = os.path.join(builddir, "src", "sandbox", "prefs-sandbox")
        if not os.access(binary, os.X_OK):
            raise Failure(f"{binary} is not built")
        self.proc = spawn([binary, "--listen", "127.0.0.1:0", "--db", ":memory:",
                           "--seed-demo"], "prefs-sandbox",
                          stdout=subprocess.PIPE, text=True)
        if not select.select([self.proc.stdout], [], [], 30)[0]:
            raise Failure("the sandbox printed nothing within 30 s")
        line = self.proc.stdout.readline().strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            raise Failure(f"the sandbox printed {line!r} instead of 'listening on URL'")
        self.url = line[len(prefix):]
        log(f"sandbox at {self.url}")

    def api(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + SECRET_KEY)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


def normalize_set(pset):
    """A preference set without nulls and bookkeeping, to compare with a body."""
    if not isinstance(pset, dict):
        return pset
    return {k: normalize_set(v) for k, v in pset.items()
            if v is not None and k not in ("id", "__typename")}


class Console:
    """One run of prefs-console, found in the accessibility tree by its pid."""

    def __init__(self, builddir, data_home, args=(), sandbox=None, extra_env=None):
        self.pyatspi = import_atspi()
        from gi.repository import Atspi
        self.Atspi = Atspi
        binary = os.path.join(builddir, "src", "console", "prefs-console")
        if not os.access(binary, os.X_OK):
            raise Failure(f"{binary} is not built")
        home = os.path.join(data_home, "home")
        env = dict(os.environ)
        env.update({
            "HOME": home,
            "XDG_DATA_HOME": os.path.join(data_home, "data"),
            "XDG_CONFIG_HOME": os.path.join(data_home, "config"),
            "XDG_CACHE_HOME": os.path.join(data_home, "cache"),
            "XDG_STATE_HOME": os.path.join(data_home, "state"),
            "PREFS_SECRET_STORE": "memory",
            "GSETTINGS_BACKEND": "memory",
            "GSETTINGS_SCHEMA_DIR": os.path.join(builddir, "data"),
            "GSK_RENDERER": "cairo",
            "GDK_BACKEND": "x11",
            "MESA_SHADER_CACHE_DISABLE": "true",
            "LANGUAGE": "C",
            "LC_ALL": "C.UTF-8",
        })
        for key in ("KNOCK_API_KEY", "KNOCK_BASE_URL"):
            env.pop(key, None)
        if sandbox is not None:
            env["KNOCK_API_KEY"] = SECRET_KEY
            env["KNOCK_BASE_URL"] = sandbox.url
        if extra_env:
            env.update(extra_env)
        for d in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            os.makedirs(env[d], exist_ok=True)
        self.proc = spawn([binary] + list(args), "prefs-console", env=env)
        self.app = wait_until("prefs-console to appear on the accessibility bus",
                              self._find_app, timeout=30)
        # States and names change all the time; ask GTK each time.
        self.app.set_cache_mask(Atspi.Cache.NONE)
        self.window = wait_until("the console's main window", self._find_window, 20)
        self.xid = wait_until("the console's X window",
                              lambda: self._x_window(), 10)

    # -- finding things ---------------------------------------------------

    def _find_app(self):
        if self.proc.poll() is not None:
            raise Failure(f"prefs-console exited with status {self.proc.returncode}")
        desktop = self.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.get_process_id() == self.proc.pid:
                return app
        return None

    def _find_window(self):
        for i in range(self.app.childCount):
            child = self.app.getChildAtIndex(i)
            if child is not None and child.getRole() == self.pyatspi.ROLE_FRAME:
                return child
        return None

    def _x_window(self):
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                              str(self.proc.pid)], capture_output=True, text=True)
        ids = out.stdout.split()
        return ids[-1] if ids else None

    def alive(self):
        return self.proc.poll() is None

    def walk(self, root=None):
        """Every accessible under root (the application by default)."""
        stack = [root if root is not None else self.app]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            yield node
            try:
                count = node.childCount
            except Exception:
                continue
            for i in range(count - 1, -1, -1):
                try:
                    stack.append(node.getChildAtIndex(i))
                except Exception:
                    pass

    def find_all(self, role=None, name=None, description=None, root=None,
                 roles=None):
        found = []
        for node in self.walk(root):
            try:
                if role is not None and node.getRole() != role:
                    continue
                if roles is not None and node.getRole() not in roles:
                    continue
                if name is not None and node.name != name:
                    continue
                if description is not None and node.description != description:
                    continue
            except Exception:
                continue
            found.append(node)
        return found

    def on_screen(self, node):
        """GTK 4.8 sets no SHOWING state below the window: use the geometry."""
        try:
            ext = node.queryComponent().getExtents(self.pyatspi.WINDOW_COORDS)
        except Exception:
            return False
        return ext.width > 0 and ext.height > 0 and ext.x + ext.width > 0 and ext.y + ext.height > 0

    def find(self, what, timeout=15.0, visible=True, **criteria):
        """Waits for one accessible matching criteria; Failure naming what."""
        def probe():
            self._check_alive()
            nodes = self.find_all(**criteria)
            if visible:
                nodes = [n for n in nodes if self.on_screen(n)]
            return nodes[0] if nodes else None
        return wait_until(what, probe, timeout)

    def _check_alive(self):
        if not self.alive():
            raise Failure(f"prefs-console exited with status {self.proc.returncode}")

    # -- acting as a person -----------------------------------------------

    def geometry(self, xid):
        """X, Y, width, height of an X window, or zeros if it is gone."""
        out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", xid],
                             capture_output=True, text=True)
        geometry = dict(line.split("=", 1) for line in out.stdout.split() if "=" in line)
        try:
            return (int(geometry["X"]), int(geometry["Y"]),
                    int(geometry["WIDTH"]), int(geometry["HEIGHT"]))
        except (KeyError, ValueError):
            return (0, 0, 0, 0)

    def window_origin(self):
        x, y, _, _ = self.geometry(self.xid)
        return x, y

    def center(self, node):
        """Screen coordinates of the middle of node.

        GTK 4 reports extents relative to its window only.
        """
        ext = node.queryComponent().getExtents(self.pyatspi.WINDOW_COORDS)
        x, y = self.window_origin()
        return x + ext.x + ext.width // 2, y + ext.y + ext.height // 2

    def click(self, node, prefer_action=True):
        """Clicks a button: its AT-SPI action, or the mouse at its centre."""
        if prefer_action:
            try:
                action = node.queryAction()
                for i in range(action.nActions):
                    if action.getName(i) == "click":
                        action.doAction(i)
                        return
            except NotImplementedError:
                pass
        self.mouse_click(*self.center(node))

    def mouse_click(self, x, y, button=1):
        subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y),
                        "click", str(button)], check=True)

    def scroll(self, node, down=True, clicks=3):
        x, y = self.center(node)
        subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y),
                        "click", "--repeat", str(clicks), "5" if down else "4"],
                       check=True)

    def focus_window(self, at=None):
        """Gives keyboard focus to the main window, or to the window under node at.

        There is no window manager under Xvfb: every window opens at the
        origin, and nothing moves the keyboard focus to a new dialog.
        """
        window = self.xid
        if at is not None:
            # The newest of this process's windows that covers the node.
            x, y = self.center(at)
            out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                                  str(self.proc.pid)], capture_output=True, text=True)
            covering = []
            for xid in out.stdout.split():
                gx, gy, width, height = self.geometry(xid)
                if gx <= x < gx + width and gy <= y < gy + height:
                    covering.append(int(xid))
            if covering:
                window = str(max(covering))
        subprocess.run(["xdotool", "windowfocus", "--sync", window], check=False,
                       timeout=10)

    def key(self, *keys, at=None):
        self.focus_window(at)
        subprocess.run(["xdotool", "key", "--delay", "60"] + list(keys), check=True)

    def type_text(self, text, at=None):
        self.focus_window(at)
        subprocess.run(["xdotool", "type", "--delay", "60", text], check=True)

    def quit(self, timeout=15.0):
        """Ctrl+Q, then waits for the process to end."""
        self.key("ctrl+q")
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f"prefs-console did not exit within {timeout:.0f} s of Ctrl+Q")
        forget(self.proc)
        return status

    def button(self, label, timeout=15.0):
        """A visible push button a person knows by its label, like "Save".

        GTK 4.8 names a button with a mnemonic label "_Save Save"; the
        underline is what a screen reader would skip.
        """
        def matches(node):
            name = node.name or ""
            words = name.replace("_", "").split(" ")
            return name == label or words[0] == label or \
                " ".join(words[:len(words) // 2]) == label
        def probe():
            self._check_alive()
            for node in self.find_all(role=self.pyatspi.ROLE_PUSH_BUTTON):
                try:
                    if matches(node) and self.on_screen(node):
                        return node
                except Exception:
                    pass
            return None
        return wait_until(f"a button labelled \"{label}\"", probe, timeout)

    def entry(self, name, timeout=15.0):
        """A visible text entry (or search entry) with accessible name."""
        return self.find(f"a text entry named \"{name}\"", timeout=timeout, name=name,
                         roles=(self.pyatspi.ROLE_ENTRY, self.pyatspi.ROLE_TEXT))

    def wait_text(self, text, timeout=15.0):
        """Waits until some visible accessible is named text (a label, a toast)."""
        return self.find(f"\"{text}\" on screen", timeout=timeout, name=text)

    def open_user_by_search(self, user_id, toast=None):
        """Users page: Ctrl+F, types the id, Enter; waits for the user's page.

        A toast lasts a few seconds only: give its text to look for it first.
        """
        self.find("the users list (a tree table named \"Users\")",
                  role=self.pyatspi.ROLE_TREE_TABLE, name="Users", timeout=30)
        self.find(f"a row showing \"{user_id}\" in the users list",
                  role=self.pyatspi.ROLE_LABEL, name=user_id, timeout=30)
        self.key("ctrl+f")
        self.entry("Search users", timeout=10)
        self.type_text(user_id)
        self.key("Return")
        if toast is not None:
            self.wait_text(toast, timeout=15)
        self.wait_user_page(user_id)

    def wait_user_page(self, user_id):
        self.find(f"the user page title \"{user_id}\"",
                  role=self.pyatspi.ROLE_LABEL, name=user_id, timeout=20)
        self.tree()
        # The tree is there once the set is loaded: a channel type toggle.
        self.toggle("Email", "channel_types.email", "Not set", timeout=20)

    # -- the preference tree ----------------------------------------------

    STATES = ("Not set", "On", "Off")

    def is_pressed(self, node):
        states = node.getState()
        return states.contains(self.pyatspi.STATE_CHECKED) or \
            states.contains(self.pyatspi.STATE_PRESSED)

    def tree(self):
        return self.find("the preference tree (a tree table named \"Preferences\")",
                         role=self.pyatspi.ROLE_TREE_TABLE, name="Preferences")

    def visible_toggle(self, title, path, state):
        """The toggle button if its row is on screen now, else None."""
        for node in self.find_all(name=f"{title}: {state}", description=path):
            if self.on_screen(node):
                return node
        return None

    def toggle(self, title, path, state, timeout=15.0):
        """The toggle button "<title>: <state>" of the entry at path.

        Scrolls the preference tree when the row is not realized yet, as a
        person scrolls to find a row.
        """
        what = f"toggle button \"{title}: {state}\" with description \"{path}\""
        deadline = time.monotonic() + timeout
        tree = None
        direction_down = True
        scrolls = 0
        while True:
            self._check_alive()
            node = self.visible_toggle(title, path, state)
            if node is not None:
                return node
            if time.monotonic() >= deadline:
                raise Failure(f"{what} not found in the preference tree")
            if tree is None:
                try:
                    tree = self.tree()
                except Failure:
                    time.sleep(0.3)
                    continue
            self.scroll(tree, down=direction_down)
            scrolls += 1
            if scrolls % 8 == 0:
                direction_down = not direction_down
            time.sleep(0.3)

    def state_of(self, title, path):
        """Which of Not set / On / Off is pressed, or None."""
        names = {f"{title}: {state}": state for state in self.STATES}
        for attempt in range(2):
            found = {}
            for node in self.find_all(description=path):
                state = names.get(node.name)
                if state is not None and self.on_screen(node):
                    found[state] = node
            if len(found) == len(self.STATES):
                break
            # Not realized: scroll the row into view as toggle() does.
            self.toggle(title, path, self.STATES[0])
        else:
            raise Failure(f"the toggles of \"{title}\" ({path}) are not all on screen")
        pressed = [state for state in self.STATES if self.is_pressed(found[state])]
        return pressed[0] if len(pressed) == 1 else ("/".join(pressed) or None)

    def set_state(self, title, path, state):
        node = self.toggle(title, path, state)
        self.click(node)
        wait_until(f"\"{title}: {state}\" ({path}) to be pressed after a click",
                   lambda: self.is_pressed(self.toggle(title, path, state)), 10)


def temp_dir(name):
    path = tempfile.mkdtemp(prefix=f"prefs-e2e-{name}-")
    atexit.register(shutil.rmtree, path, True)
    return path


def builddir_from_argv():
    if len(sys.argv) < 2:
        sys.stderr.write(f"usage: {sys.argv[0]} BUILDDIR\n")
        sys.exit(2)
    return os.path.abspath(sys.argv[1])

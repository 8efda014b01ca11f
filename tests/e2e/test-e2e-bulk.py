# A person creates a preset in the console, applies it to three selected
# users, then to a CSV file of 2,500 ids with five bad lines, quits while
# that operation runs and opens the console again to see it finish; the
# sandbox must then hold the preset for every valid id and for no bad one.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-e2e-bulk.py BUILDDIR

import os
import random
import subprocess
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prefs_e2e as e2e  # noqa: E402

PRESET = "Quiet"
# What the person sets in the preset editor: Email Off, SMS Off.
EXPECTED = {"channel_types": {"email": False, "sms": False}}

# The people --seed-demo adds; the users list shows these ids.
DEMO_IDS = ("jhammond", "dnedry", "imalcolm", "esattler", "agrant", "rarnold",
            "rmuldoon", "dgennaro", "hwu", "tmurphy", "lmurphy", "gharding",
            "ldodgson", "eregis", "mbowman", "tbowman")

N_VALID = 2500
# Knock takes at most 1,000 ids per bulk call.
N_CALLS = (N_VALID + 999) // 1000


def valid_id(n):
    return f"bulk-e2e-{n:05d}"


# Bad lines of the CSV file: the bytes of the line, an id the sandbox must
# not have afterwards (None when no request can name it), and words of the
# reason the dialog gives.
JUNK = [
    (b'""', None, "empty"),
    (b"bulk-e2e-two,columns", "bulk-e2e-two", "more than one column"),
    (b"bulk-e2e-ctl\x01id", "bulk-e2e-ctl\x01id", "control character"),
    (b"b" * 300, "b" * 300, "longer than 256 bytes"),
    (b"bulk-e2e-\xff\xfeutf8", None, "not valid UTF-8"),
]


def write_csv(path):
    """2,500 valid ids after a header, with the junk spread among them.

    Returns the ids in file order and the 1-based line number of each
    junk line.
    """
    lines = [b"id"]
    ids = []
    junk_lines = []
    # Where each junk line goes, counted in valid ids written before it.
    positions = [7, 800, 1500, 2222, N_VALID]
    junk = iter(JUNK)
    for n in range(1, N_VALID + 1):
        lines.append(valid_id(n).encode())
        ids.append(valid_id(n))
        while positions and positions[0] == n:
            positions.pop(0)
            lines.append(next(junk)[0])
            junk_lines.append(len(lines))
    with open(path, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")
    return ids, junk_lines


# -- finding things a person sees ---------------------------------------------

def strip_mnemonic(name):
    """GTK 4.8 names a button with a mnemonic "_Save Save": keep "Save"."""
    words = (name or "").replace("_", "").split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return " ".join(words)


def button_in(console, label, root=None, timeout=15.0):
    """A visible push button labelled exactly label, under root."""
    def probe():
        console._check_alive()
        for node in console.find_all(role=console.pyatspi.ROLE_PUSH_BUTTON, root=root):
            try:
                if strip_mnemonic(node.name) == label and console.on_screen(node):
                    return node
            except Exception:
                pass
        return None
    return e2e.wait_until(f"a button labelled \"{label}\"", probe, timeout)


def visible_names(console, root=None):
    """The names of every visible accessible under root."""
    names = []
    for node in console.walk(root):
        try:
            if node.name and console.on_screen(node):
                names.append(node.name)
        except Exception:
            pass
    return names


def find_text(console, what, predicate, root=None, timeout=15.0):
    """Waits for a visible accessible whose name satisfies predicate."""
    def probe():
        console._check_alive()
        for name in visible_names(console, root):
            if predicate(name):
                return name
        return None
    return e2e.wait_until(what, probe, timeout)


def go_to(console, page):
    """Clicks a row of the sidebar ("Users", "Presets", "Operations")."""
    pages = console.find("the sidebar (a list named \"Pages\")", name="Pages",
                         roles=(console.pyatspi.ROLE_LIST_BOX, console.pyatspi.ROLE_LIST))
    label = console.find(f"the sidebar row \"{page}\"", role=console.pyatspi.ROLE_LABEL,
                         name=page, root=pages)
    console.mouse_click(*console.center(label))


def dialog_window(console, title, timeout=15.0):
    """A top-level window of the console titled title."""
    def probe():
        console._check_alive()
        for i in range(console.app.childCount):
            child = console.app.getChildAtIndex(i)
            if child is not None and child.name == title:
                return child
        return None
    return e2e.wait_until(f"the window \"{title}\"", probe, timeout)


def window_gone(console, title):
    for i in range(console.app.childCount):
        child = console.app.getChildAtIndex(i)
        if child is not None and child.name == title:
            return False
    return True


# -- the steps ----------------------------------------------------------------

def create_preset(console, tap):
    go_to(console, "Presets")
    console.click(console.button("New Preset", timeout=20))
    entry = console.entry("Preset name", timeout=10)
    console.key("ctrl+a", at=entry)
    console.type_text(PRESET, at=entry)
    console.click(button_in(console, "Create"))
    console.find(f"the preset editor titled \"{PRESET}\"", role=console.pyatspi.ROLE_LABEL,
                 name=PRESET, timeout=15)
    tap.ok(True, f"Presets → New Preset → \"{PRESET}\" → Create opens the preset editor")

    console.set_state("Email", "channel_types.email", "Off")
    console.set_state("SMS", "channel_types.sms", "Off")
    console.click(button_in(console, "Save"))
    console.wait_text("Preset saved", timeout=15)
    tap.ok(console.state_of("Email", "channel_types.email") == "Off" and
           console.state_of("SMS", "channel_types.sms") == "Off",
           "the preset has Email Off and SMS Off, and the toast \"Preset saved\" appears")


def select_three_users(console):
    """Clicks the first user row, then Ctrl+clicks the third and the fifth, as a
    person picks users who are not next to each other; returns their ids.

    In GTK 4.8 a column view's cells are list items of their own: the users
    page makes them non-selectable so that only the row handles a Ctrl+click
    (otherwise it toggles twice and nothing changes). This checks that.
    """
    pyatspi = console.pyatspi
    table = console.find("the users list (a tree table named \"Users\")",
                         role=pyatspi.ROLE_TREE_TABLE, name="Users", timeout=30)

    def id_labels():
        labels = []
        for node in console.find_all(role=pyatspi.ROLE_LABEL, root=table):
            if node.name in DEMO_IDS and console.on_screen(node):
                labels.append((console.center(node)[1], node.name, node))
        labels.sort(key=lambda t: t[0])
        return labels if len(labels) >= 3 else None

    labels = e2e.wait_until("five user ids in the users list",
                            lambda: (lambda l: l if l and len(l) >= 5 else None)(id_labels()),
                            30)[:5]
    console.mouse_click(*console.center(labels[0][2]))
    for index in (2, 4):
        x, y = console.center(labels[index][2])
        subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y),
                        "keydown", "ctrl", "click", "1", "keyup", "ctrl"], check=True)

    def selected():
        ids = []
        for node in console.find_all(role=pyatspi.ROLE_TABLE_ROW, root=table):
            if node.getState().contains(pyatspi.STATE_SELECTED):
                ids += [n.name for n in console.find_all(role=pyatspi.ROLE_LABEL, root=node)
                        if n.name in DEMO_IDS]
        return ids if len(ids) == 3 else None

    return e2e.wait_until("three rows of the users list to be selected", selected, 10)


def dry_run_text(console, dialog, what, predicate, timeout=20.0):
    return find_text(console, what, lambda n: "bulk call" in n and predicate(n),
                     root=dialog, timeout=timeout)


def wait_operation(console, what, prefix, timeout):
    """Waits for an operation row whose subtitle starts with prefix."""
    return find_text(console, what, lambda n: n.startswith(prefix), timeout=timeout)


def user_exists(sandbox, user_id):
    status, _ = sandbox.api("GET", "/v1/users/" + urllib.parse.quote(user_id, safe=""))
    return status == 200


def count_users(sandbox):
    total = 0
    after = None
    while True:
        path = "/v1/users?page_size=50"
        if after:
            path += "&after=" + urllib.parse.quote(after, safe="")
        status, body = sandbox.api("GET", path)
        if status != 200:
            raise e2e.Failure(f"GET {path} answered {status}: {body}")
        total += len(body["entries"])
        after = body["page_info"].get("after")
        if not after:
            return total


def choose_csv_source(console, dialog):
    """Opens the "Users from" combo row and picks "CSV file"."""
    pyatspi = console.pyatspi
    row_label = console.find("the \"Users from\" row", role=pyatspi.ROLE_LABEL,
                             name="Users from", root=dialog)
    console.mouse_click(*console.center(row_label))
    # The popover opens where the row is; without a window manager every
    # window sits at the origin, so its extents are screen coordinates too.
    item = console.find("\"CSV file\" in the sources popover", role=pyatspi.ROLE_LABEL,
                        name="CSV file", timeout=10)
    console.mouse_click(*console.center(item))


def load_csv(console, dialog, path):
    console.click(button_in(console, "Choose File…", root=dialog))
    chooser = dialog_window(console, "Choose a List of User Ids", timeout=15)
    console.key("ctrl+l", at=chooser)
    console.find("the location entry of the file chooser",
                 roles=(console.pyatspi.ROLE_TEXT, console.pyatspi.ROLE_ENTRY),
                 root=chooser, timeout=10)
    console.type_text(path, at=chooser)
    console.key("Return", at=chooser)
    e2e.wait_until("the file chooser to close",
                   lambda: window_gone(console, "Choose a List of User Ids"), 15)


def main(tap):
    builddir = e2e.builddir_from_argv()
    sandbox = e2e.Sandbox(builddir)
    home = e2e.temp_dir("bulk")
    n_demo = count_users(sandbox)
    tap.require(n_demo == len(DEMO_IDS), f"the sandbox starts with the {len(DEMO_IDS)} demo users",
                f"it has {n_demo}")

    console = e2e.Console(builddir, home, sandbox=sandbox)
    create_preset(console, tap)

    # -- step 1: three selected users ---------------------------------------
    go_to(console, "Users")
    chosen = select_three_users(console)
    e2e.log(f"selected {chosen}")
    console.click(console.button("Apply Preset…"))
    dialog = dialog_window(console, "Apply Preset")
    source = find_text(console, "the source \"Selected users (3)\"",
                       lambda n: n.startswith("Selected user"), root=dialog, timeout=10)
    tap.ok(source == "Selected users (3)",
           f"a click and two Ctrl+clicks select three users: the dialog offers \"{source}\"")
    find_text(console, f"the preset \"{PRESET}\" in the dialog", lambda n: n == PRESET,
              root=dialog, timeout=10)
    text = dry_run_text(console, dialog, "the dry run for three users",
                        lambda n: n.startswith("3 users"))
    tap.ok(text.startswith("3 users\n1 bulk call "),
           "the dry run says 3 users and 1 bulk call", text)
    apply = button_in(console, "Apply", root=dialog)
    e2e.wait_until("Apply to be enabled",
                   lambda: apply.getState().contains(console.pyatspi.STATE_SENSITIVE), 10)
    console.click(apply)
    e2e.wait_until("the dialog to close after Apply",
                   lambda: window_gone(console, "Apply Preset"), 15)
    started = time.monotonic()
    row = wait_operation(console, "the operation to show Completed on the Operations page",
                         "Completed · set default · 3 users", timeout=60)
    e2e.log(f"three users: {row!r} after {time.monotonic() - started:.1f} s")
    tap.ok(True, "the Operations page shows the operation for 3 users as Completed")

    stored = {}
    for user in chosen:
        status, body = sandbox.api("GET", f"/v1/users/{user}/preferences/default")
        stored[user] = e2e.normalize_set(body) if status == 200 else (status, body)
    tap.ok(all(s == EXPECTED for s in stored.values()),
           "each of the three users' default set equals the preset exactly",
           "\n".join(f"{u}: {s}" for u, s in stored.items()) + f"\nexpected: {EXPECTED}")

    # -- step 2: a CSV file of 2,500 ids and five bad lines ---------------
    csv_dir = e2e.temp_dir("bulk-csv")
    csv_path = os.path.join(csv_dir, "users.csv")
    ids, junk_lines = write_csv(csv_path)
    e2e.log(f"bad lines at {junk_lines}")

    go_to(console, "Users")
    console.click(console.button("Apply Preset…"))
    dialog = dialog_window(console, "Apply Preset")
    choose_csv_source(console, dialog)
    find_text(console, "\"No file chosen\"", lambda n: n == "No file chosen", root=dialog)
    load_csv(console, dialog, csv_path)
    ids_text = find_text(console, "the file's summary",
                         lambda n: n.startswith("users.csv: "), root=dialog, timeout=20)
    tap.ok(ids_text == f"users.csv: {N_VALID} valid user ids · 0 duplicates removed · "
           f"{len(JUNK)} lines skipped",
           "the CSV file chosen with Ctrl+L in the file chooser reads as 2500 ids, 5 skipped",
           ids_text)
    text = dry_run_text(console, dialog, f"the dry run for {N_VALID} users",
                        lambda n: n.startswith(f"{N_VALID} users"))
    tap.ok(text.startswith(f"{N_VALID} users\n{N_CALLS} bulk calls "),
           f"the dry run says {N_VALID} users and {N_CALLS} bulk calls", text)
    problems = find_text(console, "the bad lines", lambda n: n.startswith("Line "),
                         root=dialog)
    e2e.log("bad lines as the dialog shows them:\n" + problems)
    reported = [line for line in problems.splitlines() if line.startswith("Line ")]
    numbers = [int(line.split(":")[0].split(" ")[1]) for line in reported]
    reasons_ok = len(reported) == len(JUNK) and \
        all(reason in line for line, (_, _, reason) in zip(reported, JUNK))
    tap.ok(numbers == junk_lines and reasons_ok,
           f"the five bad lines are reported by their line numbers {junk_lines}, "
           "each with its reason", problems)

    # -- step 3: quit while it runs, open again ---------------------------
    apply = button_in(console, "Apply", root=dialog)
    e2e.wait_until("Apply to be enabled",
                   lambda: apply.getState().contains(console.pyatspi.STATE_SENSITIVE), 10)
    console.click(apply)
    applied = time.monotonic()
    # Ctrl+Q goes to the main window, so only once the dialog has gone.
    e2e.wait_until("the dialog to close after Apply",
                   lambda: window_gone(console, "Apply Preset"), 15)
    status = console.quit()
    e2e.log(f"quit {time.monotonic() - applied:.1f} s after Apply, status {status}")
    tap.ok(status == 0, f"Ctrl+Q right after Apply quits the console (exit status {status})")

    # The sandbox creates the users as it processes each call: fewer than
    # all of them means the console left work to do when it quit.
    done = count_users(sandbox) - len(DEMO_IDS)
    e2e.log(f"{done} of {N_VALID} users exist right after the quit")
    tap.ok(done < N_VALID and not user_exists(sandbox, ids[-1]),
           f"the operation was not finished at the quit: {done} of {N_VALID} users "
           f"exist and {ids[-1]} (last chunk) does not")

    console = e2e.Console(builddir, home, sandbox=sandbox)
    reopened = time.monotonic()
    go_to(console, "Operations")
    row = wait_operation(console, "the resumed operation to show Completed",
                         f"Completed · set default · {N_VALID} users", timeout=120)
    e2e.log(f"{N_VALID} users: {row!r} {time.monotonic() - reopened:.1f} s after reopening")
    tap.ok(True, f"the reopened console finishes the operation: \"{row}\"")

    sample = [ids[0], ids[-1]] + random.Random(2500).sample(ids[1:-1], 100)
    wrong = {}
    for user in sample:
        status, body = sandbox.api("GET", f"/v1/users/{user}/preferences/default")
        stored = e2e.normalize_set(body) if status == 200 else (status, body)
        if stored != EXPECTED or not user_exists(sandbox, user):
            wrong[user] = stored
    tap.ok(not wrong, f"{len(sample)} sampled ids (the first, the last, 100 random) "
           "exist and hold the preset", "\n".join(f"{u}: {s}" for u, s in wrong.items()))

    named = [junk_id for _, junk_id, _ in JUNK if junk_id is not None]
    present = [repr(j) for j in named if user_exists(sandbox, j)]
    total = count_users(sandbox)
    tap.ok(not present and total == len(DEMO_IDS) + N_VALID,
           f"no bad line became a user: the sandbox has {len(DEMO_IDS)} + {N_VALID} users",
           f"{total} users; present: {present}")

    status = console.quit()
    tap.ok(status == 0, f"the reopened console quits with Ctrl+Q (exit status {status})")


if __name__ == "__main__":
    sys.exit(e2e.run_tap(main))

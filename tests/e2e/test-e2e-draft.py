# A person changes a toggle and quits without saving; the change must come
# back as a draft when the console opens the same user again, and the server
# must not have seen it.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-e2e-draft.py BUILDDIR

import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prefs_e2e as e2e  # noqa: E402

USER = "jhammond"
PATH = f"/v1/users/{USER}/preferences/default"


def newest_change(directory):
    """The latest modification time of any file under directory, or 0."""
    newest = 0.0
    for root, _, files in os.walk(directory):
        for name in files:
            try:
                newest = max(newest, os.stat(os.path.join(root, name)).st_mtime)
            except OSError:
                pass
    return newest


def main(tap):
    builddir = e2e.builddir_from_argv()
    sandbox = e2e.Sandbox(builddir)
    home = e2e.temp_dir("draft")
    store = os.path.join(home, "data", "prefs-console")

    status, before = sandbox.api("GET", PATH)
    tap.require(status == 200, f"GET {PATH} answers 200", before)
    before = e2e.normalize_set(before)
    e2e.log(f"server set before: {before}")

    console = e2e.Console(builddir, home, sandbox=sandbox)
    console.open_user_by_search(USER)
    tap.ok(True, f"opened {USER} by searching the users list")

    original_sms = console.state_of("SMS", "channel_types.sms")
    original_email = console.state_of("Email", "channel_types.email")
    wanted_sms = "On" if original_sms != "On" else "Off"
    e2e.log(f"SMS was {original_sms}, Email was {original_email}; setting SMS {wanted_sms}")

    edited_at = time.time()
    console.set_state("SMS", "channel_types.sms", wanted_sms)
    tap.ok(console.state_of("SMS", "channel_types.sms") == wanted_sms,
           f"SMS shows {wanted_sms} after the click")

    # The draft is written shortly after the change; wait until the console's
    # local store has been touched since the click.
    e2e.wait_until(f"the console to write the draft under {store}",
                   lambda: newest_change(store) >= edited_at, timeout=15)
    tap.ok(True, "the draft reaches the local store without saving")

    status = console.quit()
    tap.ok(status == 0, f"Ctrl+Q quits the console without asking (exit status {status})")

    status, body = sandbox.api("GET", PATH)
    tap.ok(status == 200 and e2e.normalize_set(body) == before,
           "the server's set is unchanged after quitting without saving",
           f"now: {e2e.normalize_set(body)}\nbefore: {before}")

    console = e2e.Console(builddir, home, sandbox=sandbox)
    console.open_user_by_search(USER, toast="Unsaved changes restored")
    tap.ok(True, f"opened {USER} again in a new console on the same data directory, "
           "and the toast \"Unsaved changes restored\" appeared")

    sms = console.state_of("SMS", "channel_types.sms")
    tap.ok(sms == wanted_sms, f"SMS shows the draft's {wanted_sms} (it shows {sms})")
    email = console.state_of("Email", "channel_types.email")
    tap.ok(email == original_email,
           f"Email keeps its saved state {original_email} (it shows {email})")

    status, body = sandbox.api("GET", PATH)
    tap.ok(status == 200 and e2e.normalize_set(body) == before,
           "the server's set is still unchanged after the draft came back",
           f"now: {e2e.normalize_set(body)}\nbefore: {before}")

    status = console.quit()
    tap.ok(status == 0, f"the second console quits with Ctrl+Q (exit status {status})")


if __name__ == "__main__":
    sys.exit(e2e.run_tap(main))

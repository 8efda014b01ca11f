# A person edits jhammond's preferences in the console and saves them; the
# sandbox must then hold exactly the set of Knock's "Setting preferences" doc.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-e2e-edit-save.py BUILDDIR

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prefs_e2e as e2e  # noqa: E402

USER = "jhammond"
WORKFLOW = "dinosaurs-loose"
PATH = f"/v1/users/{USER}/preferences/default"

# The body of users.setPreferences in the seed document.
EXPECTED = {
    "channel_types": {"email": True, "sms": False},
    "workflows": {
        WORKFLOW: {
            "channel_types": {"email": False, "in_app_feed": True, "sms": True},
        },
    },
}


def add_workflow(console, tap, key):
    """More menu, "Add Workflow…", type the key, the dialog's Add button."""
    console.click(console.button("More"))
    item = console.find("the menu item \"Add Workflow…\" in the More menu",
                        name="Add Workflow…", timeout=10)
    console.click(item)
    entry = console.entry("Add Workflow", timeout=10)
    console.type_text(key, at=entry)
    console.click(console.button("Add"))
    e2e.wait_until("the Add Workflow dialog to close after Add",
                   lambda: not [n for n in console.find_all(name="Add Workflow",
                                                            roles=(console.pyatspi.ROLE_ENTRY,
                                                                   console.pyatspi.ROLE_TEXT))
                                if console.on_screen(n)], 10)
    console.toggle(key, f"workflows.{key}", "Not set", timeout=10)
    tap.ok(True, f"added workflow {key} with More → Add Workflow…")


def expand_row(console, title):
    """Clicks the expander arrow of the tree row titled title."""
    pyatspi = console.pyatspi

    def row_expander():
        for label in console.find_all(role=pyatspi.ROLE_LABEL, name=title):
            node = label
            # Up to the row's expander, which carries the expandable state.
            while node is not None and not node.getState().contains(pyatspi.STATE_EXPANDABLE):
                node = node.parent
            if node is not None and console.on_screen(node):
                return node
        return None

    expander = e2e.wait_until(f"the expandable tree row \"{title}\"", row_expander, 10)
    if expander.getState().contains(pyatspi.STATE_EXPANDED):
        return
    arrows = [n for n in console.find_all(role=pyatspi.ROLE_PUSH_BUTTON, name="Expand",
                                          root=expander) if console.on_screen(n)]
    if not arrows:
        raise e2e.Failure(f"the row \"{title}\" has no visible \"Expand\" arrow")
    console.mouse_click(*console.center(arrows[0]))
    e2e.wait_until(f"the row \"{title}\" to be expanded after clicking its arrow",
                   lambda: expander.getState().contains(pyatspi.STATE_EXPANDED), 10)


def main(tap):
    builddir = e2e.builddir_from_argv()
    sandbox = e2e.Sandbox(builddir)

    status, demo = sandbox.api("GET", PATH)
    tap.require(status == 200, f"GET {PATH} answers 200 before the test", demo)
    demo_has_workflow = WORKFLOW in (demo.get("workflows") or {})
    e2e.log(f"demo set of {USER}: {e2e.normalize_set(demo)}")

    # Start from an empty set so that what is saved is only what the person
    # sets in the console.
    status, body = sandbox.api("PUT", PATH, {})
    tap.require(status == 200, f"PUT {{}} to {PATH} empties the set", body)
    status, body = sandbox.api("GET", PATH)
    tap.require(status == 200 and e2e.normalize_set(body) == {},
                f"{USER}'s default set is empty before the console starts", body)

    console = e2e.Console(builddir, e2e.temp_dir("edit-save"), sandbox=sandbox)
    console.open_user_by_search(USER)
    tap.ok(True, f"opened {USER} by searching the users list and pressing Enter")

    console.set_state("Email", "channel_types.email", "On")
    console.set_state("SMS", "channel_types.sms", "Off")
    tap.ok(console.state_of("Email", "channel_types.email") == "On" and
           console.state_of("SMS", "channel_types.sms") == "Off",
           "channel types: Email On, SMS Off")

    if console.visible_toggle(WORKFLOW, f"workflows.{WORKFLOW}", "Not set") is None:
        e2e.log(f"{WORKFLOW} is not in the tree (the demo set "
                f"{'had' if demo_has_workflow else 'did not have'} it); adding it")
        add_workflow(console, tap, WORKFLOW)
    expand_row(console, WORKFLOW)
    tap.ok(True, f"expanded workflow {WORKFLOW}")

    base = f"workflows.{WORKFLOW}.channel_types"
    console.set_state("Email", f"{base}.email", "Off")
    console.set_state("In-app feed", f"{base}.in_app_feed", "On")
    console.set_state("SMS", f"{base}.sms", "On")
    tap.ok(console.state_of("Email", f"{base}.email") == "Off" and
           console.state_of("In-app feed", f"{base}.in_app_feed") == "On" and
           console.state_of("SMS", f"{base}.sms") == "On",
           f"{WORKFLOW}: Email Off, In-app feed On, SMS On")
    tap.ok(console.state_of("Email", "channel_types.email") == "On",
           "the top-level Email toggle is still On (the workflow's Email is another entry)")

    status, body = sandbox.api("GET", PATH)
    tap.ok(status == 200 and e2e.normalize_set(body) == {},
           "nothing is written to the server before Save", body)

    save = console.button("Save")
    console.click(save)

    # The server says when the save landed; the toast that also says so
    # is on screen for a few seconds only, too short to wait for reliably
    # on a slow (sanitizer) build.
    def saved():
        status, body = sandbox.api("GET", PATH)
        return status == 200 and e2e.normalize_set(body) != {}

    e2e.wait_until("the set to reach the server after Save", saved, timeout=30)
    status, body = sandbox.api("GET", PATH)
    stored = e2e.normalize_set(body)
    tap.ok(status == 200 and stored == EXPECTED,
           "the stored set equals the body of the seed document's setPreferences",
           f"stored:   {stored}\nexpected: {EXPECTED}")

    e2e.wait_until("Save to be disabled once nothing is left to save",
                   lambda: not save.getState().contains(console.pyatspi.STATE_SENSITIVE),
                   timeout=15)
    tap.ok(True, "Save is disabled after saving: nothing is left unsaved")

    tap.ok(console.alive(), "the console is still running after the save")


if __name__ == "__main__":
    sys.exit(e2e.run_tap(main))

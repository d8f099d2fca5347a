# SPDX-License-Identifier: GPL-3.0-or-later
"""Staff notifications, as a real notification server (Debian's
notification-daemon) receives them on the test's private D-Bus session:
dbus-monitor records every Notify call. One of each kind; a registration made
through the kiosk, which names its training and nobody; a database that cannot
be opened; and nothing at all when kiosk.conf turns them off."""

import os
import re
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import walk
from kiosk_driver import BUILD_DIR, Kiosk, own_program_env
from tremplin_test import HEADER, offer_row

SERVER = "/usr/lib/notification-daemon/notification-daemon"
NOTIFY_EACH = os.path.join(BUILD_DIR, "tests", "e2e", "notify-each")
TITLE = "Soudeuse TIG dernière place"
# What the walk-in types, and what must never reach a notification.
PERSONAL = ["Diallo", "Awa", "06 12 34 56 78", "0612345678", "+33612345678", "612345678",
            "awa.diallo@example.org"]


def parse_notify_calls(text):
    """The Notify calls in dbus-monitor's output, as dicts with the
    application's name, summary, body and urgency hint."""
    calls = []
    for block in re.split(r"^(?=method call |signal |method return |error )", text, flags=re.M):
        if not block.startswith("method call ") or "member=Notify" not in block.splitlines()[0]:
            continue
        # Top-level arguments are indented by three spaces: app_name,
        # replaces_id, app_icon, summary, body, actions, hints, timeout.
        strings = re.findall(r'^   string "(.*)"$', block, flags=re.M)
        urgency = re.search(r'string "urgency"\n\s+variant\s+byte (\d+)', block)
        calls.append({"app": strings[0], "summary": strings[2], "body": strings[3],
                      "urgency": int(urgency.group(1)) if urgency else None, "raw": block})
    return calls


class NotificationServer:
    """notification-daemon owning org.freedesktop.Notifications on the
    session bus, and dbus-monitor recording the Notify calls it gets."""

    def __init__(self, directory):
        self.log = os.path.join(directory, "notify-monitor.txt")

    def _has_owner(self):
        result = subprocess.run(
            ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
             "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner",
             "org.freedesktop.Notifications"], capture_output=True, text=True)
        return "true" in result.stdout

    def start(self):
        self.server = subprocess.Popen([SERVER], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait(self._has_owner, "notification-daemon did not take its name on the bus")
        self.out = open(self.log, "w")
        self.monitor = subprocess.Popen(
            ["dbus-monitor", "--session", "interface='org.freedesktop.Notifications',member='Notify'"],
            stdout=self.out, stderr=subprocess.DEVNULL)
        # dbus-monitor loses its unique name once it has become a monitor.
        self._wait(lambda: "member=NameLost" in self.text(), "dbus-monitor did not start")
        return self

    def stop(self):
        for process in (self.monitor, self.server):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        self.out.close()

    @staticmethod
    def _wait(ready, message, timeout=15):
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise AssertionError(message)
            time.sleep(0.1)

    def text(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def calls(self):
        return parse_notify_calls(self.text())

    def wait_for(self, summary, timeout=15):
        found = []
        self._wait(lambda: found.extend(c for c in self.calls() if c["summary"] == summary) or found,
                   f"no “{summary}” notification: {self.text()}", timeout)
        return found[0]


class Notifications(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk()
        self.addCleanup(self.kiosk.cleanup)
        self.server = NotificationServer(self.kiosk.dir).start()
        self.addCleanup(self.server.stop)

    def write_catalogue(self, seats):
        path = os.path.join(self.kiosk.dir, "catalogue.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join([HEADER, offer_row("TIG-1", seats=seats, category="other", title=TITLE),
                               offer_row("OTHER-1", seats=5)]) + "\n")
        self.add_config(Catalogue=path)

    def add_config(self, **values):
        with open(self.kiosk.conf, "a", encoding="utf-8") as f:
            f.writelines(f"{key}={value}\n" for key, value in values.items())

    def start_closed_kiosk(self):
        """A kiosk whose database path is a folder: it cannot open it and
        closes, with a warning in its log that must not abort it here."""
        os.mkdir(self.kiosk.db)
        self.kiosk.g_debug = ""
        self.kiosk.start()

    def test_each_kind_reaches_the_server(self):
        sent = subprocess.run([NOTIFY_EACH], capture_output=True, text=True, timeout=60,
                              env=own_program_env())
        self.assertEqual(sent.returncode, 0, sent.stderr)
        self.server.wait_for("Storage failing")
        got = [(c["app"], c["summary"], c["body"], c["urgency"]) for c in self.server.calls()]
        self.assertEqual(got, [
            ("Tremplin", "Registration completed", "Soudeur TIG: 4 seats left.", 0),
            ("Tremplin", "Registration completed", "Soudeur TIG: 1 seat left.", 0),
            ("Tremplin", "Training full",
             "Aide-soignant has no seats left. New registrations for it go on its waiting list.", 1),
            ("Tremplin", "Export written", "17 registrations written to /srv/exports/tremplin-2026-11-29.csv.", 1),
            ("Tremplin", "Storage failing", "The kiosk has stopped taking registrations: disk I/O error", 2),
        ])

    def test_registration_names_the_training_and_nobody(self):
        self.write_catalogue(seats=1)
        k = self.kiosk.start()
        person = walk.Walk(k)
        person.start()
        person.agree()
        person.answer_questions(walk.answers())
        person.choose_offer("soudeuse tig", TITLE)
        person.fill_details()
        k.click("Next")
        k.wait_for_text("Confirm my registration")
        self.assertEqual(self.server.calls(), [], "nothing is sent before the registration is stored")
        k.click("Confirm my registration")
        code = walk.receipt_code(k.find("QR code", timeout=15))

        completed = self.server.wait_for("Registration completed")
        self.assertEqual(completed["app"], "Tremplin")
        self.assertIn(TITLE, completed["body"])
        self.assertIn("no seats left", completed["body"])
        # The last seat went: staff also learn the training is full.
        full = self.server.wait_for("Training full")
        self.assertIn(TITLE, full["body"])
        self.assertEqual(len(self.server.calls()), 2)
        # Nothing that names the person, in any notification's text or hints.
        for call in self.server.calls():
            for text in PERSONAL + [code]:
                self.assertNotIn(text, call["raw"], call["summary"])

    def test_database_that_cannot_open_is_reported(self):
        self.start_closed_kiosk()
        failing = self.server.wait_for("Storage failing")
        self.assertTrue(failing["body"].startswith("The kiosk has stopped taking registrations: "),
                        failing["body"])
        self.assertIn(self.kiosk.db, failing["body"])
        self.assertEqual(failing["urgency"], 2)

    def test_turned_off_in_kiosk_conf_sends_nothing(self):
        self.add_config(Notifications="false")
        self.start_closed_kiosk()
        # The kiosk would have sent it before showing its window.
        time.sleep(1)
        self.assertEqual(self.server.calls(), [])
        self.assertIn("The kiosk is closed", self.kiosk.read_log())


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

"""Staff step in at the kiosk: Ctrl+Alt+S, a wrong then a right password,
the day's figures, a registration cancelled with a reason (its receipt then
says so), and "Lock" back to Welcome."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import walk
from kiosk_driver import Kiosk
from tremplin_test import HEADER, applicant, offer_row

PASSWORD = "Quatre-Saisons-2026"
TITLE = "Technicienne réseaux pour le personnel"


class Staff(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk(language="en")
        path = os.path.join(self.kiosk.dir, "catalogue.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join([HEADER, offer_row("STAFF-1", seats=3, title=TITLE)]) + "\n")
        with open(self.kiosk.conf, "a", encoding="utf-8") as f:
            f.write(f"Catalogue={path}\n")
        self.kiosk.start()
        self.addCleanup(self.kiosk.cleanup)
        done = self.kiosk.admin("staff-password", input=PASSWORD + "\n")
        self.assertEqual(done.returncode, 0, done.stderr)

    def register(self):
        done = self.kiosk.admin("register", "--json", "-", input=json.dumps(applicant("STAFF-1")))
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)["code"]

    def unlock(self):
        k = self.kiosk
        k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        k.type("Staff password", "Quatre-Saisons-2025")
        k.click("Unlock")
        k.wait_for_text("Wrong password")
        k.type("Staff password", PASSWORD)
        k.key("Return")
        k.wait_for_text("Registrations today:")

    def test_cancel_a_registration(self):
        k = self.kiosk
        code = self.register()
        self.unlock()
        k.wait_for_text("Registrations today: 1")
        k.wait_for_text("STAFF-1 — " + TITLE + ": 1 (seats left: 2)")
        self.assertFalse(k.shows("Diallo"))

        k.type("Receipt code", code)
        k.click("Find")
        k.wait_for_text("Name: Awa D.")
        self.assertFalse(k.shows("Diallo"))
        self.assertFalse(k.shows("awa.diallo@example.org"))
        k.click("Cancel this registration")
        k.click("Registered twice")
        k.click("Confirm the cancellation")
        k.wait_for_text("Cancelled today: 1")
        k.wait_for_text("Registrations today: 0")

        receipt = k.admin("receipt", code)
        self.assertEqual(receipt.returncode, 0, receipt.stderr)
        self.assertIn("Status: cancelled (Registered twice)", receipt.stdout)
        offers = json.loads(k.admin("offers", "--json").stdout)
        self.assertEqual([o["seats_left"] for o in offers if o["id"] == "STAFF-1"], [3])

        k.click("Lock")
        k.find(walk.welcome_start(k))
        self.assertFalse(k.shows("Registrations today"))
        self.assertFalse(k.shows(code))

    def test_cancel_goes_back_to_welcome(self):
        k = self.kiosk
        k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        k.find("Staff password", timeout=10)
        k.click("Cancel")
        k.find(walk.welcome_start(k))
        self.assertFalse(k.shows("Staff password"))


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

# SPDX-License-Identifier: GPL-3.0-or-later
"""One whole walk-in, driven by accessible names as a person would: answers,
a search, an offer, details typed with mistakes first, confirmation; then the
registration is in the database and the on-screen QR code verifies."""

import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import EDITABLE, Kiosk

FIELD_ERRORS = [
    # field, a mistake, what the error must say, the correction
    ("First name", "Aw4", "letters", "Awa"),
    ("Phone number", "12345", "10 digits", "06 12 34 56 78"),
    ("Email address", "awa.diallo@", "email", "awa.diallo@example.org"),
]


class WholeWalk(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk().start()
        self.addCleanup(self.kiosk.cleanup)

    def description(self, field):
        return self.kiosk.find(field, roles=EDITABLE).description or ""

    def test_walk_in_registers_and_receipt_verifies(self):
        k = self.kiosk
        person = walk.Walk(k)
        person.start()
        person.agree()
        person.answer_questions(walk.answers())
        k.wait_for_text("You can register")
        person.choose_offer("developpeuse javascript", "JavaScript full stack")

        k.wait_for_text("Your details")
        # Each mistake shows its error next to the field once the field is
        # left, and the error goes as soon as the value is corrected.
        for field, mistake, expected, correction in FIELD_ERRORS:
            k.type(field, mistake)
            k.focus("Last name")
            self.assertIn(expected, self.description(field).lower(), field)
            k.type(field, correction)
            k.focus("Last name")
            self.assertNotIn(expected, self.description(field).lower(), field)
        k.type("Last name", "Diallo")
        k.click("Next")

        k.wait_for_text("Confirm my registration")
        self.assertTrue(k.shows("Diallo"))
        self.assertTrue(k.shows("JavaScript full stack"))
        k.click("Confirm my registration")

        qr = k.find("QR code", timeout=15)
        code = walk.receipt_code(qr)
        self.assertTrue(k.shows(code))

        # The registration is stored: the command line finds it.
        receipt = k.admin("receipt", code)
        self.assertEqual(receipt.returncode, 0, receipt.stderr)
        self.assertIn("JavaScript full stack", receipt.stdout)

        # The QR code on screen decodes into a text that verify accepts.
        shot = k.screenshot(os.path.join(k.dir, "receipt.png"))
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", shot], capture_output=True)
        self.assertEqual(decoded.returncode, 0, decoded.stderr)
        payload = decoded.stdout.decode("utf-8").rstrip("\n")
        self.assertIn(code, payload)
        verified = k.admin("verify", input=payload)
        self.assertEqual(verified.returncode, 0, verified.stderr)
        self.assertIn(code, verified.stdout)

        # Finish: back to Welcome, with nothing of this person anywhere.
        k.click("Finish")
        k.find(walk.welcome_start(k))
        for text in ["Diallo", "Awa", code, "06 12 34 56 78"]:
            self.assertFalse(k.shows(text), text)


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

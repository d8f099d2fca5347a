# SPDX-License-Identifier: GPL-3.0-or-later
"""A walk-in with no physical keyboard: the details are typed by touching
the kiosk's on-screen keyboard alone (names with accents and a capital
accented letter, an email address, a phone number), found by the keys'
accessible names; the registration stored holds exactly what was typed."""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import CLICKABLE, EDITABLE, Kiosk, open_details

import pyatspi

FIRST = "Zoé"
LAST = "Hélène-Çelik"
EMAIL = "zoe.celik@exemple.fr"
PHONE = "0612345678"


class OnScreenKeyboard(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk(config={"OnScreenKeyboard": "true"}).start()
        self.addCleanup(self.kiosk.cleanup)

    def keyboard_shows(self):
        return bool(self.kiosk.find_all(name="On-screen keyboard"))

    def key(self, name):
        return self.kiosk.find(name, CLICKABLE, timeout=5)

    def has_key(self, name):
        return bool(self.kiosk.find_all(name, CLICKABLE))

    def press(self, name):
        self.kiosk.tap(self.key(name))

    def type_with_keys(self, text):
        """Touches one key a character (Shift first for a capital), or one
        key for ".fr"."""
        for key in walk.keyboard_keys(text):
            self.press(key)

    def focused_field(self):
        for node in self.kiosk.find_all(roles=EDITABLE):
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return node
        return None

    def wait_focus(self, name, timeout=5):
        deadline = time.monotonic() + timeout
        while True:
            node = self.focused_field()
            if node is not None and node.name == name:
                return node
            if time.monotonic() > deadline:
                self.fail(f"the focus is on {node.name if node else None!r}, not {name!r}")
            time.sleep(0.2)

    def field_text(self, name):
        return self.kiosk.field_text(self.kiosk.find(name, EDITABLE))

    def test_types_accents_and_email_with_keyboard_alone(self):
        k = self.kiosk
        person = walk.Walk(k)
        person.start()
        self.assertFalse(self.keyboard_shows(), "no text field on Welcome, no keyboard")
        person.agree()
        person.answer_questions(walk.answers())
        k.wait_for_text("You can register")
        person.choose_offer("developpeuse javascript", "JavaScript full stack")
        k.wait_for_text("Your details")

        # The page puts the focus on the first name: the letters show, with
        # the accented letters of French and no email keys.
        self.wait_focus("First name")
        self.assertTrue(self.keyboard_shows())
        for name in ["a", "z", "é", "ç", "ï", "Shift", "Delete", "Space", "Enter", "Hide keyboard",
                     "Digits and symbols"]:
            self.assertTrue(self.has_key(name), name)
        self.assertFalse(self.has_key(".com"))

        # A slip, then Delete.
        self.type_with_keys("Zx")
        self.press("Delete")
        self.type_with_keys("oé")
        self.assertEqual(self.field_text("First name"), FIRST)
        # Shift is for one letter: back to lower case after the Z.
        self.assertTrue(self.has_key("o"))

        # Enter goes on to the next field, as on a physical keyboard.
        self.press("Enter")
        self.wait_focus("Last name")
        self.type_with_keys(LAST)
        self.assertEqual(self.field_text("Last name"), LAST)

        self.press("Enter")
        self.wait_focus("Date of birth")
        # Numbers get the numeric pad: a date has its slash.
        self.assertTrue(self.has_key("/"))
        self.assertFalse(self.has_key("a"))

        self.press("Enter")
        self.wait_focus("Phone number")
        self.assertTrue(self.has_key("+"))
        self.assertFalse(self.has_key("a"))
        self.type_with_keys(PHONE)
        self.assertEqual(self.field_text("Phone number"), PHONE)

        self.press("Enter")
        self.wait_focus("Email address")
        for name in ["@", ".", "_", "-", ".fr", ".com"]:
            self.assertTrue(self.has_key(name), name)
        self.type_with_keys(EMAIL)
        self.assertEqual(self.field_text("Email address"), EMAIL)

        # Every field holds what was typed, nothing more.
        self.assertEqual(self.field_text("First name"), FIRST)
        self.assertEqual(self.field_text("Last name"), LAST)
        self.assertEqual(self.field_text("Phone number"), PHONE)

        # Postcode (filled from the answers), the optional identifier, then
        # Enter in the last field goes to the review.
        self.press("Enter")
        self.wait_focus("Postcode")
        self.press("Enter")
        self.wait_focus("Pôle emploi identifier")
        self.press("Enter")
        k.wait_for_text("Confirm my registration")
        self.assertFalse(self.keyboard_shows(), "no text field on the review, no keyboard")
        self.assertTrue(k.shows(LAST))
        k.click("Confirm my registration")

        code = walk.receipt_code(k.find("QR code", timeout=15))
        # Stored sealed, exactly as typed: the office's key opens it.
        person = open_details(k.db, code)["person"]
        self.assertEqual(person["first_name"], FIRST)
        self.assertEqual(person["last_name"], LAST)
        self.assertEqual(person["email"], EMAIL)
        self.assertEqual(person["phone"], "+33612345678")

        k.click("Finish")
        k.find(walk.welcome_start(k))
        self.assertFalse(self.keyboard_shows())


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

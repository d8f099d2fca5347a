# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole walk of test_walk.py again, by accessible names in the walk's
language: in Arabic (laid out right to left), in Chinese, with large text and
with high contrast. Each ends with a stored registration and an on-screen QR
code that verifies; the next walk-in is back in French, left to right."""

import os
import subprocess
import sys
import unittest

import pyatspi

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import Kiosk


class WalkInEveryWay(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk().start()  # the kiosk's default: French
        self.addCleanup(self.kiosk.cleanup)

    def x_of(self, name):
        node = self.kiosk.find(name, timeout=10)
        x, _, width, _ = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return x, width

    def back_is_right_of_next(self, person):
        back_x, _ = self.x_of(person._("Back"))
        next_x, next_width = self.x_of(person._("Next"))
        return back_x > next_x + next_width

    def walk_through(self, language, switch=None, on_question=None):
        k = self.kiosk
        person = walk.Walk(k, language)
        k.click(walk.NATIVE_NAMES[language])
        if switch:
            k.click(person._(switch))
        k.click(person._("Start"))
        person.agree()
        person.answer_questions(walk.answers(), on_question=on_question)
        k.wait_for_text(person._("You can register"))
        person.choose_offer("developpeuse javascript", "JavaScript full stack")
        k.wait_for_text(person._("Your details"))
        person.fill_details()
        k.click(person._("Next"))
        k.wait_for_text(person._("Confirm my registration"))
        self.assertTrue(k.shows("Diallo"))
        k.click(person._("Confirm my registration"))

        qr = k.find(person._("QR code"), timeout=15)
        code = walk.receipt_code(qr)
        self.assertTrue(k.shows(code))
        receipt = k.admin("receipt", code)
        self.assertEqual(receipt.returncode, 0, receipt.stderr)
        self.assertIn("JavaScript full stack", receipt.stdout)
        shot = k.screenshot(os.path.join(k.dir, f"receipt-{language}.png"))
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", shot], capture_output=True)
        self.assertEqual(decoded.returncode, 0, decoded.stderr)
        verified = k.admin("verify", input=decoded.stdout.decode("utf-8").rstrip("\n"))
        self.assertEqual(verified.returncode, 0, verified.stderr)
        self.assertIn(code, verified.stdout)

        k.click(person._("Finish"))
        k.find(walk.welcome_start(k))
        self.assertFalse(k.shows(code))
        return person

    def test_arabic_right_to_left(self):
        mirrored = []

        def check_mirrored(question_id):
            if question_id == "birth_date":
                mirrored.append(self.back_is_right_of_next(person))

        person = walk.Walk(self.kiosk, "ar")
        self.walk_through("ar", on_question=check_mirrored)
        self.assertEqual(mirrored, [True], "Back must be on the right of Next in Arabic")
        # The next walk-in reads French, left to right again.
        french = walk.Walk(self.kiosk, "fr")
        self.kiosk.click(french._("Start"))
        french.agree()
        self.kiosk.find(french._("Next"))
        self.assertFalse(self.back_is_right_of_next(french))

    def test_chinese(self):
        person = walk.Walk(self.kiosk, "zh_CN")
        # The Chinese texts are really shown: Start is not the English word.
        self.assertNotEqual(person._("Start"), "Start")
        self.walk_through("zh_CN")

    def test_large_text(self):
        self.walk_through("en", switch="Large text")

    def test_high_contrast(self):
        self.walk_through("fr", switch="High contrast")


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

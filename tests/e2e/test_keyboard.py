# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole walk-in with the keyboard alone — Tab, Enter, Escape and typing
(xdotool key presses, no click, no touch) — through to a stored
registration; the focus is always on something a person can see."""

import os
import subprocess
import sys
import time
import unittest

import pyatspi

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import Kiosk

MAX_TABS = 40


class KeyboardOnly(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk(language="en").start()
        self.addCleanup(self.kiosk.cleanup)
        self.person = walk.Walk(self.kiosk, "en")
        self.presses = 0

    # Keys

    def key(self, *keys):
        self.presses += 1
        subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)
        time.sleep(0.35)

    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "30", text], check=True)
        time.sleep(0.3)

    def focused(self, timeout=5):
        deadline = time.monotonic() + timeout
        while True:
            for node in self.kiosk.nodes():
                try:
                    if node.getState().contains(pyatspi.STATE_FOCUSED):
                        return node
                except Exception:
                    continue
            if time.monotonic() > deadline:
                raise AssertionError("nothing has the keyboard focus")
            time.sleep(0.2)

    def focused_name(self):
        return self.focused().name or ""

    def tab_to(self, name=None, contains=None, backwards=False):
        """Presses Tab (Shift+Tab) until the focus is on the control named
        @name (or whose name contains @contains)."""
        seen = []
        for _ in range(MAX_TABS):
            current = self.focused_name()
            if (name is not None and current == name) or (contains is not None and contains in current):
                return
            seen.append(current)
            self.key("shift+Tab" if backwards else "Tab")
        raise AssertionError(f"Tab never reaches {name or contains!r}; it goes round {seen}")

    def press(self, name=None, contains=None):
        self.tab_to(name, contains)
        self.key("Return")

    def wait_focus_on(self, name, timeout=10):
        deadline = time.monotonic() + timeout
        while self.focused_name() != name:
            if time.monotonic() > deadline:
                raise AssertionError(f"the focus is on {self.focused_name()!r}, not {name!r}")
            time.sleep(0.2)

    # The walk

    def answer_questions(self, given):
        p, k = self.person, self.kiosk
        for question_id in ["birth_date", "postcode", "qpv", "job_status", "unemployed_months",
                            "diploma", "gender", "in_training"]:
            if p.verdict_shown():
                return
            if not k.shows(p.question(question_id)):
                continue
            if question_id == "birth_date":
                date = given["birth_date"]
                # The day has the focus; Enter moves to the month, the year, then on.
                self.wait_focus_on(p._("Day"))
                for part in (f"{date.day:02}", f"{date.month:02}", str(date.year)):
                    self.type(part)
                    self.key("Return")
            elif question_id in ("postcode", "unemployed_months"):
                self.wait_focus_on(p.question(question_id))
                self.type(given[question_id])
                self.key("Return")
            else:
                self.press(p.answer_label(question_id, given[question_id]))
            time.sleep(0.3)

    def test_walk_with_the_keyboard_alone(self):
        p, k = self.person, self.kiosk
        # Welcome gives Start the focus: Enter starts.
        k.find(p._("Start"))
        self.wait_focus_on(p._("Start"))
        self.key("Return")
        k.wait_for_text(p._("Do you agree that we use your information in this way?"))
        self.wait_focus_on(p._("I agree"))
        # Escape goes back, Enter goes on again.
        self.key("Escape")
        self.wait_focus_on(p._("Start"))
        self.key("Return")
        self.wait_focus_on(p._("I agree"))
        # Tab goes round every control of the page, "No thanks" included,
        # not back to "I agree" alone.
        self.key("Tab")
        self.tab_to(p._("No thanks"))
        self.tab_to(p._("I agree"))
        self.key("Return")

        self.answer_questions(walk.answers())
        k.wait_for_text(p._("You can register"))
        self.press(p._("Choose a training"))

        self.press(contains=p._("All trainings"))
        self.tab_to(p._("Search trainings"))
        self.type("developpeuse javascript")
        self.press(contains="JavaScript full stack")
        self.press(p._("Choose this training"))

        k.wait_for_text(p._("Your details"))
        for field, text in [("First name", "Awa"), ("Last name", "Diallo"),
                            ("Phone number", "06 12 34 56 78"), ("Email address", "awa.diallo@example.org")]:
            self.tab_to(p._(field))
            self.type(text)
        self.press(p._("Next"))

        k.wait_for_text(p._("Confirm my registration"))
        self.assertTrue(k.shows("Diallo"))
        self.press(p._("Confirm my registration"))

        qr = k.find(p._("QR code"), timeout=15)
        code = walk.receipt_code(qr)
        receipt = k.admin("receipt", code)
        self.assertEqual(receipt.returncode, 0, receipt.stderr)
        self.assertIn("JavaScript full stack", receipt.stdout)

        # Finish, by keyboard too: the next walk-in meets Welcome.
        self.press(p._("Finish"))
        k.find(walk.welcome_start(k))
        self.assertFalse(k.shows(code))


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

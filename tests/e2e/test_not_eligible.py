# SPDX-License-Identifier: GPL-3.0-or-later
"""A walk-in who cannot register is told why and where to go instead, is
never stuck, and leaves nothing in the database."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import Kiosk


class NotEligible(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk().start()
        self.addCleanup(self.kiosk.cleanup)

    def test_under_18_is_sent_to_the_mission_locale(self):
        k = self.kiosk
        person = walk.Walk(k)
        person.start()
        person.agree()
        # Under 18: the kiosk stops asking at once.
        person.answer_birth_date(walk.years_ago(17))
        k.wait_for_text("Mission locale")
        self.assertFalse(k.find_all("Choose a training"))
        k.click("Finish")
        k.find(walk.welcome_start(k))
        stats = k.admin("stats")
        self.assertEqual(stats.returncode, 0, stats.stderr)
        self.assertRegex(stats.stdout, r"By status:\n\s+none")

    def test_outside_paris_gets_the_reason_and_can_go_back(self):
        k = self.kiosk
        person = walk.Walk(k)
        person.start()
        person.agree()
        person.answer_questions(walk.answers(postcode="93200"))
        k.wait_for_text("Where to go instead")
        # Not a dead end: Back returns to the answers to correct them.
        k.click("Back")
        k.find("What is the postcode of your home?")


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

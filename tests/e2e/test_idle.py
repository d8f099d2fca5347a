# SPDX-License-Identifier: GPL-3.0-or-later
"""A walk-in who walks away: after the idle time, "Are you still there?",
then everything entered is wiped and Welcome shows again."""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import Kiosk

# Longer where the kiosk runs slower (the sanitizer build): the walk to the
# details page must fit in one idle time.
IDLE_SECONDS = 5 * int(os.environ.get("TREMPLIN_TIME_SCALE", "1"))
COUNTDOWN_SECONDS = 20


class Idle(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk(config={"IdleSeconds": IDLE_SECONDS}).start()
        self.addCleanup(self.kiosk.cleanup)

    def reach_details(self):
        k = self.kiosk
        person = walk.Walk(k)
        person.start()
        person.agree()
        person.answer_questions(walk.answers())
        person.choose_offer("developpeuse", "Développeuse")
        k.type("Last name", "Zyxwandowska")

    def test_still_here_keeps_the_walk(self):
        self.reach_details()
        self.kiosk.wait_for_text("Are you still there?", timeout=IDLE_SECONDS + 5)
        self.kiosk.click("Yes, I am still here")
        self.kiosk.wait_gone("Are you still there?")
        self.assertTrue(self.kiosk.shows("Zyxwandowska"))

    def test_nobody_there_is_wiped(self):
        self.reach_details()
        self.kiosk.wait_for_text("Are you still there?", timeout=IDLE_SECONDS + 5)
        self.kiosk.find(walk.welcome_start(self.kiosk), timeout=COUNTDOWN_SECONDS + 10)
        time.sleep(0.5)
        for text in ["Zyxwandowska", "75018", "Développeuse", "Are you still there?"]:
            self.assertFalse(self.kiosk.shows(text), text)


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

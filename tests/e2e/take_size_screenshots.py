# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the walk by touch on the screen of tests/with-display
(SCREEN=WxH), for docs/screenshots/sizes: a question, the offers, the
details with the keyboard up, the receipt.

usage: SCREEN=WxH tests/with-display take_size_screenshots.py OUTPUT-DIR"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from test_sizes import Sizes


class Shots(Sizes):
    out = None
    count = 0

    def on_screen(self, name):
        Shots.count += 1
        # The screen as it is once the page has stopped moving.
        self.finger.settled(self.kiosk.app.getChildAtIndex(0))
        self.kiosk.screenshot(os.path.join(self.out, f"{Shots.count:02}-{name}.png"))


if __name__ == "__main__":
    Shots.out = sys.argv[1]
    os.makedirs(Shots.out, exist_ok=True)
    result = unittest.TextTestRunner(verbosity=2).run(unittest.defaultTestLoader.loadTestsFromTestCase(Shots))
    sys.exit(0 if result.wasSuccessful() else 1)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The kiosk as a walk-in meets it: full screen, and no key opens the GTK
inspector or closes the window."""

import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pyatspi
import walk
from kiosk_driver import Kiosk


class KioskMode(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk().start()
        self.addCleanup(self.kiosk.cleanup)

    def windows(self):
        return [self.kiosk.app.getChildAtIndex(i) for i in range(self.kiosk.app.childCount)]

    def test_fills_the_screen(self):
        screen = subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True, text=True,
                                check=True).stdout.split()
        time.sleep(1)
        [window] = self.windows()
        x, y, width, height = window.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        self.assertEqual((width, height), (int(screen[0]), int(screen[1])))

    def test_warnings_are_fatal_for_the_kiosk_only(self):
        def g_debug(pid):
            with open(f"/proc/{pid}/environ", "rb") as f:
                variables = dict(v.split(b"=", 1) for v in f.read().split(b"\0") if b"=" in v)
            return variables.get(b"G_DEBUG")
        try:
            kiosk_g_debug = g_debug(self.kiosk.process.pid)
        except PermissionError:
            # The kiosk makes itself undumpable (what a person types is in
            # its memory): only root reads its /proc files then.
            self.assertNotEqual(os.getuid(), 0)
            kiosk_g_debug = self.kiosk.command()[1]["G_DEBUG"].encode()
        self.assertEqual(kiosk_g_debug, b"fatal-warnings")
        self.assertIsNone(g_debug(os.getpid()), "the test driver itself must not abort on libatspi's warnings")

    def test_keys_open_nothing_and_close_nothing(self):
        self.kiosk.find(walk.welcome_start(self.kiosk))
        for keys in ["ctrl+shift+i", "ctrl+shift+d", "alt+F4", "ctrl+w", "ctrl+q"]:
            self.kiosk.key(keys)
        time.sleep(1)
        self.assertIsNone(self.kiosk.process.poll(), "the kiosk exited")
        self.assertEqual(len(self.windows()), 1, [w.name for w in self.windows()])
        self.kiosk.find(walk.welcome_start(self.kiosk))


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

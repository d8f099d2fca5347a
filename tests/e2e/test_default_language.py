"""A kiosk started on a fresh account, with no kiosk.conf anywhere and no
language in the environment (C.UTF-8), greets in French: the programme is
Paris'. A walk-in still picks their own language on Welcome."""

import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import CLICKABLE, KIOSK, Kiosk, own_program_env


class FreshKiosk(Kiosk):
    """The kiosk as installed: no --config, nothing in the XDG config dirs."""

    def start(self, timeout=30):
        env = own_program_env(self.g_debug)
        for name in ("LANGUAGE", "LC_MESSAGES"):
            env.pop(name, None)
        env.update(GSK_RENDERER="cairo", GTK_A11Y="atspi", NO_AT_BRIDGE="0", LANG="C.UTF-8",
                   LC_ALL="C.UTF-8", XDG_CONFIG_DIRS=os.path.join(self.dir, "no-config"),
                   XDG_CONFIG_HOME=os.path.join(self.dir, "config"),
                   XDG_DATA_HOME=os.path.join(self.dir, "data"))
        self.log = open(os.path.join(self.dir, "kiosk.log"), "w")
        self.process = subprocess.Popen([KIOSK, "--windowed"], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.app = self._find_app()
            if self.app is not None and self._first_window() is not None:
                return self
            if self.process.poll() is not None:
                raise AssertionError(f"the kiosk exited with {self.process.returncode}: {self.read_log()}")
            time.sleep(0.2)
        raise AssertionError("the kiosk did not show a window: " + self.read_log())


class DefaultLanguage(unittest.TestCase):
    def test_french_without_configuration(self):
        kiosk = FreshKiosk()
        self.addCleanup(kiosk.cleanup)
        kiosk.start()
        french = walk.Walk(kiosk, "fr")
        english = walk.Walk(kiosk, "en")
        self.assertNotEqual(french._("Start"), english._("Start"))
        kiosk.find(french._("Start"), CLICKABLE, timeout=15)
        self.assertFalse(kiosk.find_all(english._("Start"), CLICKABLE))
        # The walk-in's own choice still wins.
        kiosk.click("English")
        kiosk.find(english._("Start"), CLICKABLE)


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

# SPDX-License-Identifier: GPL-3.0-or-later
"""A kiosk started on a fresh account, with no kiosk.conf anywhere (only the
office key saved in its database beforehand), no locale in the environment
and its translations found by itself, greets in French: the programme is
Paris'. A walk-in still picks their own language
on Welcome."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import ADMIN, CLICKABLE, KIOSK, Kiosk, office_key


class FreshKiosk(Kiosk):
    """The kiosk as a new user starts it from the build: no --config, nothing
    in the XDG config dirs, no locale at all in the environment, and no
    TREMPLIN_LOCALEDIR pointing at the build's translations."""

    def command(self):
        _, env = super().command()
        for name in ("LANGUAGE", "LC_MESSAGES", "LANG", "LC_ALL", "TREMPLIN_LOCALEDIR"):
            env.pop(name, None)
        env.update(XDG_CONFIG_DIRS=os.path.join(self.dir, "no-config"),
                   XDG_CONFIG_HOME=os.path.join(self.dir, "config"))
        return [KIOSK, "--windowed"], env

    def start(self, timeout=30):
        # The one thing set up before the first start: the office key, in
        # the database the kiosk will find at its default place.
        _, env = self.command()
        db = os.path.join(env["XDG_DATA_HOME"], "tremplin", "tremplin.db")
        subprocess.run([ADMIN, "--db", db, "office-key", office_key()], env=env, check=True,
                       capture_output=True)
        return super().start(timeout)


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

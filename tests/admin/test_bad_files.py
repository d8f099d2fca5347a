# SPDX-License-Identifier: GPL-3.0-or-later
"""Every malformed catalogue, rules file and configuration in tests/fixtures
gives its error through the command line, and changes nothing."""

import glob
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tremplin_test import SOURCE_DIR, AdminTestCase, applicant, offer_row

FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures")


def cases(topic, pattern):
    for path in sorted(glob.glob(os.path.join(FIXTURES, topic, pattern))):
        expected = os.path.splitext(path)[0] + ".expected"
        with open(expected, encoding="utf-8") as f:
            yield path, f.read().strip()


class BadFiles(AdminTestCase):
    def test_catalogues(self):
        self.init()
        before = self.dump()
        found = list(cases("catalogues", "*.csv"))
        self.assertGreaterEqual(len(found), 8)
        for path, expected in found:
            with self.subTest(os.path.basename(path)):
                result = self.fails("import-offers", path)
                for line in expected.splitlines():
                    self.assertIn(line, result.stderr)
        self.assertEqual(self.dump(), before)

    def test_rules(self):
        self.init()
        before = self.dump()
        form = self.write("a.json", json.dumps(applicant("T-001")))
        found = list(cases("rules", "*.ini"))
        self.assertGreaterEqual(len(found), 8)
        for path, expected in found:
            with self.subTest(os.path.basename(path)):
                conf = self.write("kiosk.conf", f"[Kiosk]\nDatabase={self.db}\nRules={path}\n")
                result = self.fails("register", "--json", form, config=conf, db=False)
                for line in expected.splitlines():
                    self.assertIn(line, result.stderr)
        self.assertEqual(self.dump(), before)

    def test_configurations(self):
        for text, expected in [
            ("[Kiosk]\nIdleSeconds=soon\n", "IdleSeconds"),
            ("[Kiosk]\nIdleSeconds=2\n", "between 5 and 3600"),
            ("[Kiosk]\nOpen=maybe\n", "Open"),
            ("[Kiosque]\nId=x\n", "unknown section"),
            ("not a key file\n", "kiosk.conf"),
        ]:
            with self.subTest(text):
                conf = self.write("kiosk.conf", text)
                self.fails("offers", config=conf, expect=expected)


if __name__ == "__main__":
    unittest.main(verbosity=2)

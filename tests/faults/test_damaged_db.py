# SPDX-License-Identifier: GPL-3.0-or-later
"""A damaged or unreadable database: `tremplin-admin check` (and the other
commands) say what is wrong in one line, and leave the file byte for byte
as it was: cut short, a PNG where the database should be, an empty file, a
folder, and a file the user may not read (as nobody: root reads anything)."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
from tremplin_test import ADMIN, AdminTestCase, applicant, offer_row  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89" + b"\0" * 64


def digest(path):
    if os.path.isdir(path):
        return "folder"
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class DamagedDatabase(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.init(kiosk="k1", rows=[offer_row("D-001")])
        self.form = self.write("applicant.json", json.dumps(applicant("D-001")))
        for _ in range(10):
            self.ok("register", "--json", self.form)
        with open(self.db, "rb") as f:
            self.good = f.read()
        self.runs = self.problems = 0

    def damaged(self, name, content=None, folder=False):
        path = os.path.join(self.dir, name)
        if folder:
            os.mkdir(path)
        else:
            with open(path, "wb") as f:
                f.write(content)
        return path

    def assert_refused(self, path, expect, run=None):
        """Every command refuses @path with @expect and changes none of its bytes."""
        run = run or (lambda *args: subprocess.run([ADMIN, "--db", path, *args], capture_output=True,
                                                   text=True, env=self.env, timeout=60))
        before = digest(path)
        for args in (["check"], ["register", "--json", self.form], ["export", "--output", self.dir],
                     ["stats"], ["backup", os.path.join(self.dir, "backup.db")]):
            self.runs += 1
            result = run(*args)
            with self.subTest(path=os.path.basename(path), command=args[0]):
                self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
                self.assertEqual(result.stderr.count("\n"), 1, result.stderr)
                self.assertIn(expect, result.stderr)
                self.assertEqual(digest(path), before, f"{args[0]} changed {path}")
                self.assertFalse(os.path.exists(os.path.join(self.dir, "backup.db")))
        print(f"# {os.path.basename(path)}: {run('check').stderr.strip()}")

    def test_cut_short(self):
        for size in (50, 100, 4096, len(self.good) // 2):
            path = self.damaged(f"cut-{size}.db", self.good[:size])
            self.assert_refused(path, "is damaged (cut short or overwritten")
        self.report()

    def test_not_a_database(self):
        self.assert_refused(self.damaged("picture.db", PNG), "is not a Tremplin database")
        self.assert_refused(self.damaged("empty.db", b""), "is an empty file (0 bytes)")
        self.assert_refused(self.damaged("folder.db", folder=True), "is a folder, not a database file")
        self.report()

    @unittest.skipUnless(os.geteuid() != 0 or shutil.which("runuser"), "needs runuser to drop root")
    def test_unreadable(self):
        path = self.damaged("locked.db", self.good)
        os.chmod(path, 0)
        os.chmod(self.dir, 0o755)
        os.chmod(self.form, 0o644)
        if os.geteuid() == 0:
            def run(*args):
                return subprocess.run(["runuser", "-u", "nobody", "--", ADMIN, "--db", path, *args],
                                      capture_output=True, text=True, env=self.env, timeout=60)
        else:
            run = None
        self.assert_refused(path, "cannot be read or written by this user", run)
        self.report()

    def report(self):
        # A problem found fails the test at its assertion: reaching here means none.
        print(f"# {self.id().split('.')[-1]}: {self.runs} runs, 0 problems found")


if __name__ == "__main__":
    unittest.main(verbosity=2)

# SPDX-License-Identifier: GPL-3.0-or-later
"""What tremplin-admin leaves on the disk: a database (and its -wal, -shm)
and key readable by their owner only whatever the umask, an empty database
file called damage, a kiosk id altered in the file that cannot send an
export out of its folder, and no hidden copy of a day's details left by an
export that was killed."""

import json
import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
from tremplin_test import AdminTestCase, applicant, offer_row  # noqa: E402


def mode(path):
    return os.stat(path).st_mode & 0o7777


class AdminFiles(AdminTestCase):
    def test_database_is_private_whatever_the_umask(self):
        old = os.umask(0o022)
        try:
            self.init(kiosk="k1", rows=[offer_row("P-001")])
            # A reader keeps the WAL open, so that -wal and -shm stay to be seen.
            reader = sqlite3.connect(self.db)
            reader.execute("SELECT count(*) FROM offers").fetchall()
            self.ok("register", "--json", self.write("a.json", json.dumps(applicant("P-001"))))
            modes = {suffix: mode(self.db + suffix) for suffix in ("", "-wal", "-shm", ".key")}
            reader.close()
        finally:
            os.umask(old)
        shown = ", ".join(f"{suffix or 'db'} {m:04o}" for suffix, m in modes.items())
        print(f"# modes under umask 022: {shown}")
        self.assertEqual(modes, {"": 0o600, "-wal": 0o600, "-shm": 0o600, ".key": 0o600})

    def test_empty_database_is_damage(self):
        open(self.db, "wb").close()
        for args in (["check"], ["offers"], ["init", "--kiosk-id", "k1"]):
            with self.subTest(args[0]):
                self.fails(*args, expect="is an empty file (0 bytes)")
                self.assertEqual(os.path.getsize(self.db), 0)
                self.assertFalse(os.path.exists(self.db + "-wal"))

    def test_altered_kiosk_id_cannot_leave_the_folder(self):
        self.init(kiosk="k1", rows=[offer_row("P-001")])
        self.ok("register", "--json", self.write("a.json", json.dumps(applicant("P-001"))))
        db = sqlite3.connect(self.db)
        db.execute("UPDATE kiosk SET kiosk_id = 'x/../../escaped'")
        db.commit()
        db.close()
        out = os.path.join(self.dir, "a", "b", "usb")
        os.makedirs(out)
        self.fails("export", "--output", out, expect="is not a valid kiosk id")
        self.fails("check", expect="is not a valid kiosk id")
        found = [os.path.join(d, f) for d, _, files in os.walk(self.dir) for f in files
                 if "escaped" in f or f.startswith("tremplin-")]
        self.assertEqual(found, [])

    def test_kiosk_ids_one_rule(self):
        # The rule the store has always applied, now also init's.
        self.ok("init", "--kiosk-id", "mairie.18")
        self.fails("trust", "--kiosk-id", "../x", "--key", "A" * 43, expect="use 1 to 32 letters")

    def test_export_removes_what_a_killed_export_left(self):
        self.init(kiosk="k1", rows=[offer_row("P-001")])
        self.ok("register", "--json", self.write("a.json", json.dumps(applicant("P-001"))))
        out = os.path.join(self.dir, "usb")
        os.mkdir(out)
        stale = [".tremplin-k1-2026-11-28.sealed.Qq7Rr6.tmp", ".tremplin-k1-2026-11-28.csv.a1B2c3.tmp",
                 ".tremplin-k1-2026-11-27.jsonl.Zz9Yy8.tmp"]
        for name in stale + ["keep.tmp"]:
            with open(os.path.join(out, name), "w") as f:
                f.write("code;last_name\r\nABCD;Diallo\r\n")
        self.ok("export", "--output", out)
        left = sorted(os.listdir(out))
        self.assertEqual([n for n in left if n in stale], [], left)
        self.assertIn("keep.tmp", left)


if __name__ == "__main__":
    unittest.main(verbosity=2)

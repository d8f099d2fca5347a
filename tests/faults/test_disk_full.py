# SPDX-License-Identifier: GPL-3.0-or-later
"""A full disk: registration with the database, and export with the USB key,
on a small tmpfs filled up to a few bytes. Each attempt registers whole or
fails with a clear message and leaves nothing behind (no partial row, no
file, no hidden temporary one), and all works again once space is freed.
Needs to mount a tmpfs (root, as in CI): skipped (77) when not permitted."""

import errno
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
from tremplin_test import AdminTestCase, applicant, offer_row  # noqa: E402

LEFT = [0, 512, 2048, 4096, 8192, 16384, 32768, 65536]


def mount_tmpfs(path, size):
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", path],
                          capture_output=True, text=True)


def can_mount():
    with tempfile.TemporaryDirectory() as d:
        if os.geteuid() != 0 or mount_tmpfs(d, "64k").returncode != 0:
            return False
        subprocess.run(["umount", d], check=True)
        return True


def fill(path, leave):
    """Writes a filler file until only about @leave bytes are free."""
    filler = os.path.join(path, f"filler-{len(os.listdir(path))}")
    with open(filler, "wb") as f:
        chunk = b"\0" * 65536
        while True:
            free = os.statvfs(path).f_bavail * os.statvfs(path).f_frsize
            want = free - leave
            if want <= 0:
                break
            try:
                f.write(chunk[:min(len(chunk), want)])
                f.flush()
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
                break
    return filler


def files(path):
    return sorted(n for n in os.listdir(path) if not n.startswith("filler"))


class DiskFull(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.disk = os.path.join(self.dir, "disk")
        os.mkdir(self.disk)
        result = mount_tmpfs(self.disk, "1m")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.addCleanup(subprocess.run, ["umount", "-l", self.disk])
        self.runs = self.refused = 0

    def report(self, what):
        # A problem found fails the test at its assertion, so reaching here means none.
        print(f"# {what}: {self.runs} runs, {self.refused} refused cleanly for want of space, "
              f"0 problems found")

    def registered(self):
        out = subprocess.run(["sqlite3", self.db, "SELECT count(*) FROM registrations"],
                             capture_output=True, text=True, check=True)
        return int(out.stdout)

    def test_registration_on_a_full_disk(self):
        self.db = os.path.join(self.disk, "tremplin.db")
        self.init(kiosk="k1", rows=[offer_row("F-001", seats=1000)])
        form = self.write("applicant.json", json.dumps(applicant("F-001")))
        for leave in LEFT:
            with self.subTest(leave=leave):
                self.runs += 1
                before, count = self.dump(), self.registered()
                filler = fill(self.disk, leave)
                try:
                    result = self.admin("register", "--json", form)
                finally:
                    os.unlink(filler)
                if result.returncode == 0:
                    self.assertEqual(self.registered(), count + 1)
                else:
                    self.refused += 1
                    self.assertIn("the disk is full: free some space, then try again", result.stderr)
                    self.assertEqual(result.stderr.count("\n"), 1, result.stderr)
                    # Nothing half-written: the database as it was.
                    self.assertEqual(self.dump(), before)
                # Space again: it works, and the file is sound.
                self.ok("register", "--json", form)
                check = self.ok("check")
                self.assertIn("is sound", check.stdout)
        self.report("registration on a full disk")

    def test_export_to_a_full_key(self):
        self.init(kiosk="k1", rows=[offer_row("F-001", seats=1000)])
        form = self.write("applicant.json", json.dumps(applicant("F-001")))
        for _ in range(40):
            self.ok("register", "--json", form)
        key = os.path.join(self.disk, "TREMPLIN")
        os.mkdir(key)
        for leave in LEFT:
            with self.subTest(leave=leave):
                self.runs += 1
                events = self.events()
                filler = fill(self.disk, leave)
                try:
                    result = self.admin("export", "--output", key)
                finally:
                    os.unlink(filler)
                if result.returncode == 0:
                    self.assertEqual(len(files(key)), 1)
                    self.assertEqual(self.events(), events + 1)
                else:
                    self.refused += 1
                    self.assertIn("the disk is full: free some space, then try again", result.stderr)
                    self.assertEqual(files(key), [], "a failed export left a file")
                    self.assertEqual(self.events(), events)
                for name in files(key):
                    os.unlink(os.path.join(key, name))
                self.ok("export", "--output", key)
                self.assertEqual(len(files(key)), 1)
                for name in files(key):
                    os.unlink(os.path.join(key, name))
        self.report("export to a full USB key")

    def test_backup_to_a_full_disk(self):
        self.init(kiosk="k1", rows=[offer_row("F-001", seats=1000)])
        form = self.write("applicant.json", json.dumps(applicant("F-001")))
        for _ in range(10):
            self.ok("register", "--json", form)
        backup = os.path.join(self.disk, "tremplin-backup.db")
        for leave in LEFT + [256 * 1024]:
            with self.subTest(leave=leave):
                self.runs += 1
                filler = fill(self.disk, leave)
                try:
                    result = self.admin("backup", backup)
                finally:
                    os.unlink(filler)
                if result.returncode == 0:
                    out = subprocess.run(["sqlite3", backup, "PRAGMA integrity_check"],
                                         capture_output=True, text=True, check=True)
                    self.assertEqual(out.stdout.strip(), "ok")
                    os.unlink(backup)
                else:
                    self.refused += 1
                    self.assertIn("the disk is full: free some space, then try again", result.stderr)
                    self.assertEqual(files(self.disk), [], "a failed backup left a file")
                self.ok("backup", backup)
                os.unlink(backup)
        self.report("backup to a full disk")

    def events(self):
        out = subprocess.run(["sqlite3", self.db, "SELECT count(*) FROM events WHERE kind = 'export'"],
                             capture_output=True, text=True, check=True)
        return int(out.stdout)


if __name__ == "__main__":
    if not can_mount():
        print("SKIP: mounting a small tmpfs is not permitted here (run as root to test a full disk)")
        sys.exit(77)
    unittest.main(verbosity=2)

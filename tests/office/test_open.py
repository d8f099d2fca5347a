#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tremplin-office open: a kiosk's sealed exports, made by the real
tremplin-admin from a kiosk database whose details were in clear before it
migrated, give back byte for byte the CSV and JSON Lines that the clear
export of that database wrote (tests/fixtures/export); and a wrong
passphrase, a cut or altered file, or one sealed to another key write
nothing, with one line naming the file."""

import os
import stat
import unittest

from office_test import GOLDEN_DAYS, KioskExports, golden_path

# What the fixture's people typed: none of it may be in a sealed file.
DETAILS = [b"Diallo", b"Dupont", b"HYPERLINK", b"awa.diallo", b"612345678", b"1234567A",
           "王小明".encode(), "Zoë".encode()]


class Open(KioskExports):
    def setUp(self):
        super().setUp()
        self.config = self.kiosk()
        self.sealed = [self.export(self.config, day) for day in GOLDEN_DAYS]
        self.out = os.path.join(self.dir, "office")
        os.mkdir(self.out)

    def test_gives_back_the_clear_export(self):
        result = self.ok(*self.open_args(*self.sealed, output=self.out))
        written = result.stdout.split()
        self.assertEqual(len(written), 6)
        for day in GOLDEN_DAYS:
            for extension in ("csv", "jsonl"):
                path = os.path.join(self.out, os.path.basename(golden_path(day, extension)))
                self.assertIn(path, written)
                self.assertEqual(self.read_bytes(path), self.read_bytes(golden_path(day, extension)),
                                 f"{path} differs from the clear export")
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertIn("7 registrations of kiosk mairie-18-golden on 2026-11-28", result.stderr)
        self.assertEqual(self.listing(self.out), sorted(os.path.basename(p) for p in written))

    def test_sealed_files_show_their_manifest_and_no_detail(self):
        for path, day, count in zip(self.sealed, GOLDEN_DAYS, (7, 4, 1)):
            data = self.read_bytes(path)
            for detail in DETAILS:
                self.assertNotIn(detail, data, f"{detail!r} in clear in {path}")
            head = data.split(b"\n\n")[0].decode()
            self.assertIn(f"kiosk: mairie-18-golden\nday: {day}\nregistrations: {count}\n", head)
            self.assertIn(f"sealed-to: {self.office_key}", head)

    def test_wrong_passphrase_writes_nothing(self):
        wrong = self.write("wrong", "not the passphrase at all\n")
        self.fails("open", *self.sealed, "--passphrase-file", wrong, "--output", self.out,
                   expect="does not open the office key")
        self.assertEqual(self.listing(self.out), [])

    def assert_refused(self, damaged, expected):
        """With one damaged file among good ones, nothing at all is written."""
        result = self.fails(*self.open_args(self.sealed[0], damaged, self.sealed[2], output=self.out),
                            expect=expected)
        self.assertIn(damaged, result.stderr.strip().split("\n")[-1])
        self.assertEqual(self.listing(self.out), [])

    def test_cut_short(self):
        data = self.read_bytes(self.sealed[1])
        self.assert_refused(self.write("cut.sealed", data[: len(data) * 2 // 3]), "cut short or altered")
        self.assert_refused(self.write("header-only.sealed", data.split(b"\n\n")[0] + b"\n\n"),
                            "cut short or altered")

    def test_altered(self):
        data = bytearray(self.read_bytes(self.sealed[1]))
        body = data.index(b"\n\n") + 2
        middle = body + (len(data) - body) // 2
        data[middle] = ord("A") if data[middle] != ord("A") else ord("B")
        self.assert_refused(self.write("altered.sealed", bytes(data)), "cut short or altered")

    def test_altered_manifest(self):
        data = self.read_bytes(self.sealed[1]).replace(b"registrations: 4", b"registrations: 3")
        self.assert_refused(self.write("manifest.sealed", data), "manifest of this export was altered")

    def test_sealed_to_another_key(self):
        other_key = self.make_key(os.path.join(self.dir, "other.key"))
        other = self.kiosk("other-kiosk", office_key=other_key)
        folder = os.path.join(self.dir, "other-usb")
        os.mkdir(folder)
        path = self.export(other, GOLDEN_DAYS[1], folder)
        self.assert_refused(path, "sealed to another office key")

    def test_not_a_sealed_file(self):
        self.assert_refused(golden_path(GOLDEN_DAYS[0], "csv"), "not a Tremplin sealed export")
        self.assert_refused(os.path.join(self.dir, "missing.sealed"), "Could not read")

    def test_existing_files_kept_unless_forced(self):
        self.ok(*self.open_args(self.sealed[0], output=self.out))
        csv = os.path.join(self.out, os.path.basename(golden_path(GOLDEN_DAYS[0], "csv")))
        with open(csv, "w") as f:
            f.write("the office's own edits\n")
        self.fails(*self.open_args(*self.sealed, output=self.out), expect="--force")
        self.assertEqual(self.read_text(csv), "the office's own edits\n")
        self.assertEqual(len(self.listing(self.out)), 2)
        self.ok(*self.open_args(*self.sealed, output=self.out), "--force")
        self.assertEqual(self.read_bytes(csv), self.read_bytes(golden_path(GOLDEN_DAYS[0], "csv")))

    def test_one_day_given_twice(self):
        copy = self.write("copy.sealed", self.read_bytes(self.sealed[0]))
        self.fails(*self.open_args(self.sealed[0], copy, output=self.out), expect="give only one of them")
        self.assertEqual(self.listing(self.out), [])

    def test_default_folder_and_usage(self):
        here = os.path.join(self.dir, "here")
        os.mkdir(here)
        result = self.office(*self.open_args(self.sealed[2]), cwd=here)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.listing(here), [os.path.basename(golden_path(GOLDEN_DAYS[2], e))
                                              for e in ("csv", "jsonl")])
        self.fails("open", status=2, expect="missing argument")
        self.fails(*self.open_args(self.sealed[0], output=os.path.join(self.dir, "none")),
                   expect="does not exist")
        self.fails("open", self.sealed[0], "--key", os.path.join(self.dir, "none.key"),
                   expect="There is no office key file")


if __name__ == "__main__":
    unittest.main()

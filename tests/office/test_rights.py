#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tremplin-office find and erase, a person's rights, on sealed exports made
by the real tremplin-admin: every registration of one person found by code,
e-mail or phone; one erased from every file that holds it, a tombstone kept,
everything else opening to the same bytes."""

import csv
import io
import os
import unittest

from office_test import GOLDEN_DAYS, KioskExports, golden_path


def golden_rows(day):
    with open(golden_path(day, "csv"), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(io.StringIO(f.read(), newline=""), delimiter=";"))


class Rights(KioskExports):
    def setUp(self):
        super().setUp()
        self.config = self.kiosk()
        self.sealed = [self.export(self.config, day) for day in GOLDEN_DAYS]
        self.rows = {day: golden_rows(day) for day in GOLDEN_DAYS}

    def find(self, *args):
        result = self.ok("find", *args, *self.sealed, "--passphrase-file", self.secret)
        return [line.split("\t") for line in result.stdout.splitlines()], result.stderr

    def test_find_by_code(self):
        row = self.rows["2026-11-28"][3]
        found, said = self.find("--code", row["code"].lower().replace("-", " "))
        self.assertEqual(found, [[row["code"], "mairie-18-golden", "2026-11-28", row["offer_id"],
                                  row["status"], self.sealed[0]]])
        self.assertIn("1 registration found", said)

    def test_find_by_email_and_phone(self):
        everyone = [(day, r) for day in GOLDEN_DAYS for r in self.rows[day]]
        found, _ = self.find("--email", " AWA.Diallo@Example.ORG ")
        expected = sorted(r["code"] for _, r in everyone if r["email"] == "awa.diallo@example.org")
        self.assertEqual(sorted(line[0] for line in found), expected)
        self.assertGreater(len(expected), 5)
        self.assertEqual({line[2] for line in found},
                         {day for day, r in everyone if r["email"] == "awa.diallo@example.org"})

        found, _ = self.find("--phone", "+32 470 12 34 56")
        self.assertEqual([line[0] for line in found],
                         [r["code"] for _, r in everyone if r["phone"] == "'+32470123456"])
        found, said = self.find("--phone", "07 00 00 00 00")
        self.assertEqual(found, [])
        self.assertIn("No registration of this person", said)

    def test_find_usage(self):
        self.fails("find", *self.sealed, status=2, expect="give one of")
        self.fails("find", "--code", "X", "--email", "a@b.fr", *self.sealed, status=2, expect="give one of")
        self.fails("find", "--code", "0000-0000", *self.sealed, "--passphrase-file", self.secret)
        self.fails("find", "--email", "nobody", *self.sealed, "--passphrase-file", self.secret,
                   expect="not an e-mail address")

    def test_erase(self):
        row = self.rows["2026-11-28"][3]
        code = row["code"]
        before = [self.read_bytes(p) for p in self.sealed]
        result = self.ok("erase", "--code", code, "--reason", "Demande écrite du 30/11/2026",
                         *self.sealed, "--passphrase-file", self.secret,
                         env=dict(self.env, TREMPLIN_NOW="2026-12-01T10:00:00+01:00"))
        self.assertEqual(result.stdout.split(), [self.sealed[0]])
        self.assertIn(f"Registration {code} erased from {self.sealed[0]}", result.stderr)
        # The files that did not hold it are untouched, and nothing is left beside them.
        self.assertEqual([self.read_bytes(p) for p in self.sealed[1:]], before[1:])
        self.assertEqual(self.listing(self.usb), sorted(os.path.basename(p) for p in self.sealed))
        erased = self.read_bytes(self.sealed[0])
        self.assertNotEqual(erased, before[0])
        self.assertIn(b"registrations: 7\n", erased)

        found, _ = self.find("--code", code)
        self.assertEqual(found[0][:5], [code, "mairie-18-golden", "2026-11-28", row["offer_id"], row["status"]])
        self.assertEqual(found[0][6], "erased on 2026-12-01T09:00:00Z: Demande écrite du 30/11/2026")
        found, _ = self.find("--email", row["email"])
        self.assertEqual(found, [], "the erased details are still found")

        # Every other row opens to the same bytes; the erased one keeps its
        # clear cells only.
        out = os.path.join(self.dir, "office")
        os.mkdir(out)
        self.ok(*self.open_args(self.sealed[0], output=out))
        name = os.path.basename(golden_path("2026-11-28", "csv"))
        opened = self.read_bytes(os.path.join(out, name)).split(b"\r\n")
        golden = self.read_bytes(golden_path("2026-11-28", "csv")).split(b"\r\n")
        self.assertEqual(len(opened), len(golden))
        for i, (a, b) in enumerate(zip(opened, golden)):
            if i != 4:
                self.assertEqual(a, b)
        cells = next(csv.reader([opened[4].decode()], delimiter=";"))
        self.assertEqual(cells[:11], next(csv.reader([golden[4].decode()], delimiter=";"))[:11])
        self.assertEqual(cells[11:26], [""] * 15)
        self.assertEqual(cells[26:32], ["1", "0", "0", "1", "0", "1"])
        self.assertNotIn("王小明", opened[4].decode())
        jsonl = self.read_text(os.path.join(out, os.path.basename(golden_path("2026-11-28", "jsonl"))))
        self.assertNotIn("wang@", jsonl)

        # Twice: said, nothing changed; an unknown code fails.
        again = self.ok("erase", "--code", code, "--reason", "again", *self.sealed,
                        "--passphrase-file", self.secret)
        self.assertIn("already erased", again.stderr)
        self.assertEqual(self.read_bytes(self.sealed[0]), erased)
        elsewhere = self.rows["2026-11-29"][0]["code"]
        self.fails("erase", "--code", elsewhere, "--reason", "x", *self.sealed[:2],
                   "--passphrase-file", self.secret, expect="None of these files holds")
        self.fails("erase", "--code", "7KQ2-M9XD", "--reason", "x", *self.sealed,
                   "--passphrase-file", self.secret, expect="does not check out")

    def test_erase_usage(self):
        code = self.rows["2026-11-28"][0]["code"]
        self.fails("erase", "--code", code, *self.sealed, status=2, expect="--reason")
        for reason in ("", "   ", "line one\nline two", "x" * 301):
            self.fails("erase", "--code", code, "--reason", reason, *self.sealed,
                       "--passphrase-file", self.secret, expect="one line")
        before = [self.read_bytes(p) for p in self.sealed]
        wrong = self.write("wrong", "not the passphrase at all\n")
        self.fails("erase", "--code", code, "--reason", "x", *self.sealed, "--passphrase-file", wrong,
                   expect="does not open")
        self.assertEqual([self.read_bytes(p) for p in self.sealed], before)


if __name__ == "__main__":
    unittest.main()

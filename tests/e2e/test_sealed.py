# SPDX-License-Identifier: GPL-3.0-or-later
"""The proof that a stolen kiosk reveals nobody: people register through the
kiosk's screen (printing their receipt) and through `tremplin-admin
register`, staff reprint and cancel; then the bytes of the database, its
write-ahead log, a backup, the day's export, the logs of every program and
the print spool (CUPS's folders and the PDFs cups-pdf made, their text
extracted) are searched for every name, e-mail, phone and job-centre id
typed: none is found. Receipts still verify, the figures count everyone, and
the office, opening the day's export with its passphrase, gets every
person's details back exactly.

The print spool needs a CUPS scheduler of the test's own (private_cups.py,
root, cups-pdf); without one, the rest is still proved and the spool is
said to be left out."""

import glob
import json
import os
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import walk
from kiosk_driver import BUILD_DIR, Kiosk
from private_cups import PrivateCups, unavailable
from tremplin_test import HEADER, offer_row

# Walks on the screen are slow (half a minute each): a few of them, the
# rest through the command line.
N_KIOSK = int(os.environ.get("TREMPLIN_SEALED_KIOSK_WALKS", "6"))
N_TOTAL = 50
OFFER = "SEAL-1"
TITLE = "Développeuse web sans fuite"
PASSWORD = "Quatre-Saisons-2026"
QUEUE = f"tremplin-sealed-{os.getpid()}"
LETTERS = "BCDFGHJKLMNPRSTVZ"
OFFICE = os.path.join(BUILD_DIR, "src", "office", "tremplin-office")
# tests/demo/demo-office-key.c's key, which the test kiosk seals to.
OFFICE_KEY = os.path.join(BUILD_DIR, "demo-office", "office.key")
DEMO_OFFICE_PASSPHRASE = "demo office key, never for real people"


def person(i):
    """Someone whose every detail is unique to this test, and searchable."""
    suffix = LETTERS[i // len(LETTERS)] + LETTERS[i % len(LETTERS)].lower()
    return {
        "first_name": f"Aïssata{suffix}",
        "last_name": f"Quelmorin{suffix}",
        "phone": f"06 71 3{i // 10} {i % 10}{(i * 7) % 10} 4{i % 10}",
        "email": f"sealed.person{i:02}@example.org",
        "pole_emploi_id": f"97531{i:02}K",
    }


def searched_texts(p):
    """What a thief would look for: each detail as typed, as stored, in part."""
    digits = p["phone"].replace(" ", "")
    return [p["first_name"], p["last_name"], p["email"], p["pole_emploi_id"],
            p["phone"], digits, "+33" + digits[1:], digits[1:]]


def walk_in(k, p):
    person_ = walk.Walk(k)
    person_.start()
    person_.agree()
    person_.answer_questions(walk.answers())
    k.wait_for_text("You can register")
    person_.choose_offer("sans fuite", TITLE)
    k.wait_for_text("Your details")
    person_.fill_details(first=p["first_name"], last=p["last_name"], phone=p["phone"], email=p["email"])
    k.type(person_._("Pôle emploi identifier"), p["pole_emploi_id"])
    k.click("Next")
    k.wait_for_text("Confirm my registration")
    k.click("Confirm my registration")
    code = walk.receipt_code(k.find("QR code", timeout=15))
    return person_, code


class Sealed(unittest.TestCase):
    def setUp(self):
        self.cups = None
        reason = unavailable()
        if reason is None:
            self.cups = PrivateCups()
            self.cups.start()
            self.addCleanup(self.cups.stop)
            # Poppler's pdftops keeps the text of the page searchable.
            self.cups.add_pdf_queue(QUEUE, "pdftops-renderer-default=pdftops")
        else:
            print(f"# the print spool is left out: {reason}")
        config = {"Printer": QUEUE, "Paper": "80mm"} if self.cups else {}
        # GTK's CUPS backend warns when colord cannot be reached (as in
        # test_print.py); criticals still stop the kiosk.
        self.kiosk = Kiosk(config=config, language="en", g_debug="fatal-criticals" if self.cups else None)
        catalogue = os.path.join(self.kiosk.dir, "catalogue.csv")
        with open(catalogue, "w", encoding="utf-8", newline="") as f:
            f.write("\r\n".join([HEADER, offer_row(OFFER, seats=N_TOTAL + 10, title=TITLE)]) + "\r\n")
        with open(self.kiosk.conf, "a", encoding="utf-8") as f:
            f.write(f"Catalogue={catalogue}\n")
        self.addCleanup(self.kiosk.cleanup)
        self.admin_output = []

    def admin(self, *args, input=None):
        result = self.kiosk.admin(*args, input=input)
        self.admin_output.append(result.stdout + result.stderr)
        return result

    def ok(self, *args, input=None):
        result = self.admin(*args, input=input)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stderr}")
        return result

    def test_nobody_in_the_files(self):
        k = self.kiosk.start()
        people = [person(i) for i in range(N_TOTAL)]
        codes = []
        self.ok("staff-password", input=PASSWORD + "\n")

        for p in people[:N_KIOSK]:
            walker, code = walk_in(k, p)
            if self.cups:
                k.click("Print my receipt")
                k.wait_for_text("Printed", timeout=90)
            k.click(walker._("Finish"))
            k.find(walk.welcome_start(k))
            codes.append(code)
        for i, p in enumerate(people[N_KIOSK:], start=N_KIOSK):
            form = {"offer": OFFER, "session_id": f"paper-{i}",
                    "answers": {k_: str(v) for k_, v in walk.answers().items()},
                    "person": p}
            codes.append(json.loads(self.ok("register", "--json", "-", input=json.dumps(form)).stdout)["code"])
        self.assertEqual(len(set(codes)), N_TOTAL)

        # Staff: the figures count everyone; a receipt printed again, one
        # registration cancelled; the panel shows no name.
        _ = walk.Walk(k, k.language)._
        k.key("ctrl+alt+s")
        k.type(_("Staff password"), PASSWORD)
        k.key("Return")
        k.wait_for_text(f"Registrations today: {N_TOTAL}")
        k.type(_("Receipt code"), codes[0])
        k.click(_("Find"))
        k.wait_for_text("Code: " + codes[0])
        if self.cups:
            k.click(_("Print the receipt again"))
            k.wait_for_text(_("The receipt is printed."), timeout=90)
        k.type(_("Receipt code"), codes[-1])
        k.click(_("Find"))
        k.wait_for_text("Code: " + codes[-1])
        k.click("Cancel this registration")
        k.click("Registered twice")
        k.click("Confirm the cancellation")
        k.wait_for_text(f"Registrations today: {N_TOTAL - 1}")
        shown = "\n".join(k.texts())
        for p in people:
            for text in searched_texts(p):
                self.assertNotIn(text, shown, "the staff panel shows it")

        # Every receipt still verifies.
        with sqlite3.connect(self.kiosk.db, timeout=10) as db:
            payloads = [row[0] for row in db.execute("SELECT payload FROM registrations")]
        self.assertEqual(len(payloads), N_TOTAL)
        for payload in payloads:
            self.assertIn("Genuine", self.ok("verify", payload).stdout)
        stats = self.ok("stats").stdout
        self.assertRegex(stats, rf"registered\s+{N_TOTAL - 1}\n")
        self.assertRegex(stats, rf"cancelled\s+1\n")

        backup = os.path.join(self.kiosk.dir, "backup.db")
        self.ok("backup", backup)
        exported = self.ok("export", "--output", self.kiosk.dir).stdout.strip()
        self.assertTrue(exported.endswith(".sealed"), exported)
        if self.cups:
            # The printer has had the time to write every PDF (a reprint
            # takes the name of the first print of its receipt).
            deadline = time.monotonic() + 60
            while (len(glob.glob(os.path.join(self.cups.pdf_dir, "*.pdf"))) < N_KIOSK
                   and time.monotonic() < deadline):
                time.sleep(0.5)
            self.assertEqual(len(glob.glob(os.path.join(self.cups.pdf_dir, "*.pdf"))), N_KIOSK)
        self.codes = codes
        searched = self.search(people, [backup, exported])
        self.assert_office_opens(exported, dict(zip(codes, people)), cancelled=codes[-1])
        print(f"# {N_TOTAL} registrations ({N_KIOSK} on the screen), {len(searched)} files searched:")
        for path, size in searched:
            print(f"#   {path}: {size} bytes")

    def assert_office_opens(self, exported, people_by_code, cancelled):
        """The office opens the day's export with its passphrase and finds
        every person as they were typed."""
        office = os.path.join(self.kiosk.dir, "office")
        os.mkdir(office)
        result = subprocess.run([OFFICE, "open", exported, "--output", office, "--key", OFFICE_KEY],
                                input=DEMO_OFFICE_PASSPHRASE + "\n", capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        jsonl = next(path for path in result.stdout.split() if path.endswith(".jsonl"))
        with open(jsonl, encoding="utf-8") as f:
            rows = {row["code"]: row for row in map(json.loads, f)}
        self.assertEqual(sorted(rows), sorted(people_by_code))
        for code, p in people_by_code.items():
            row = rows[code]
            got = {key: row[key] for key in ("first_name", "last_name", "email", "pole_emploi_id")}
            self.assertEqual(got, {key: p[key] for key in got}, code)
            self.assertEqual(row["phone"].replace(" ", ""), p["phone"].replace(" ", ""), code)
            self.assertEqual(row["status"], "cancelled" if code == cancelled else "registered", code)

    def files(self, kept):
        """Every file that could keep a person's details, and the logs."""
        db = self.kiosk.db
        paths = [db, db + "-wal", db + "-journal", *kept, os.path.join(self.kiosk.dir, "kiosk.log")]
        if self.cups:
            for root, _, names in os.walk(self.cups.dir):
                paths += [os.path.join(root, n) for n in names]
        return [p for p in paths if os.path.isfile(p)]

    def search(self, people, kept):
        texts = [t for p in people for t in searched_texts(p)]
        encoded = [t.encode("utf-8") for t in texts]
        searched = []
        blobs = [("tremplin-admin's output", "\n".join(self.admin_output).encode("utf-8"))]
        for path in self.files(kept):
            with open(path, "rb") as f:
                data = f.read()
            blobs.append((path, data))
            if path.endswith(".pdf"):
                # Text in a PDF is compressed: read it as a person would.
                text = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout
                # The extraction works: the receipt's code is there.
                self.assertTrue(any(code.encode() in text for code in self.codes), text)
                blobs.append((path + " (its text)", text))
        # The search itself finds what is there: the codes and the
        # training's title, in clear by design, are in the database.
        stored = b"".join(data for name, data in blobs if name.startswith(self.kiosk.db))
        self.assertIn(TITLE.encode("utf-8"), stored)
        self.assertTrue(all(code.encode() in stored for code in self.codes))
        for name, data in blobs:
            searched.append((name, len(data)))
            for text, raw in zip(texts, encoded):
                self.assertNotIn(raw, data, f"{name} holds {text!r}")
        self.assertGreater(len(searched), 4)
        return searched


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

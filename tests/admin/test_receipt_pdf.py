# SPDX-License-Identifier: GPL-3.0-or-later
"""The printed receipt rendered to PDF: poppler (pdftoppm, pdftotext,
pdfinfo) and zbarimg, none of them written by this project, must find the
page size asked for, the words, and a QR code that `verify` accepts."""

import gettext
import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tremplin_test import BUILD_DIR, AdminTestCase, applicant, offer_row, office_key

MM = 72 / 25.4
TITLE = "Développeuse d’applications web et mobiles, parcours intensif en alternance"


def read(path):
    with open(path, "rb") as f:
        return f.read()


class ReceiptPdf(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.init(kiosk="mairie-18-01", rows=[offer_row("PC17-0042", title=TITLE)])
        self.registration = json.loads(self.register(applicant("PC17-0042")).stdout)
        self.code = self.registration["code"]

    def render(self, *paper):
        pdf = os.path.join(self.dir, "receipt-%s.pdf" % (paper[-1] if paper else "default"))
        self.ok("receipt", self.code, "--pdf", pdf, *paper)
        self.assertTrue(read(pdf).startswith(b"%PDF-"))
        return pdf

    def page_size(self, pdf):
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        self.assertRegex(info, r"Pages:\s+1\n")
        width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
        return float(width), float(height)

    def text_of(self, pdf):
        result = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True)
        return result.stdout.decode("utf-8")

    def scan(self, pdf):
        """The page as a 300 dpi picture, then zbarimg on it."""
        prefix = pdf[:-4]
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", pdf, prefix], check=True)
        result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", prefix + ".png"], capture_output=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        text = result.stdout.decode("utf-8")
        self.assertTrue(text.endswith("\n"))
        return text[:-1]

    def check_receipt(self, pdf):
        scanned = self.scan(pdf)
        self.assertEqual(scanned, self.registration["payload"])
        out = self.ok("verify", input=scanned + "\n").stdout
        self.assertIn("Genuine receipt", out)
        self.assertIn(self.code, out)
        text = self.text_of(pdf)
        self.assertIn(self.code, text)
        # The long title is wrapped, not cut: every word is on the page.
        words = " ".join(text.split())
        for word in TITLE.split():
            self.assertIn(word, words)
        for expected in ["PC17-0042", "École du Code", "12 rue Ordener 75018",
                         "mardi 9 février 2027 à 10 h", "identity document"]:
            self.assertIn(expected, words)

    def test_80mm_is_80mm_wide_and_scans(self):
        pdf = self.render("--paper", "80mm")
        width, height = self.page_size(pdf)
        self.assertAlmostEqual(width, 80 * MM, delta=0.1)
        # As tall as the receipt: longer than it is wide, far shorter than a roll.
        self.assertGreater(height, width)
        self.assertLess(height, 300 * MM)
        self.check_receipt(pdf)

    def test_80mm_is_the_default(self):
        self.assertAlmostEqual(self.page_size(self.render())[0], 80 * MM, delta=0.1)

    def test_a4_is_a4_and_scans(self):
        pdf = self.render("--paper", "a4")
        width, height = self.page_size(pdf)
        self.assertAlmostEqual(width, 210 * MM, delta=0.1)
        self.assertAlmostEqual(height, 297 * MM, delta=0.1)
        self.check_receipt(pdf)

    def test_longest_ids_still_scan_on_80mm(self):
        self.db = os.path.join(self.dir, "long.db")
        self.ok("init", "--kiosk-id", "K" * 32)
        self.ok("office-key", office_key())
        self.ok("import-offers", self.catalogue([offer_row("O" * 32)]))
        registration = json.loads(self.register(applicant("O" * 32)).stdout)
        pdf = os.path.join(self.dir, "long.pdf")
        self.ok("receipt", registration["code"], "--pdf", pdf)
        self.assertEqual(self.scan(pdf), registration["payload"])

    def test_waiting_list_says_so(self):
        self.db = os.path.join(self.dir, "full.db")
        self.ok("init", "--kiosk-id", "mairie-18-01")
        self.ok("office-key", office_key())
        self.ok("import-offers", self.catalogue([offer_row("FULL-1", seats=1)]))
        self.ok("register", "--json", self.write("a.json", json.dumps(applicant("FULL-1"))))
        waiting = self.register(applicant("FULL-1"))
        self.assertEqual(waiting.returncode, 0, waiting.stderr)
        waiting = json.loads(waiting.stdout)
        self.assertEqual(waiting["status"], "waiting_list")
        code = waiting["code"]
        pdf = os.path.join(self.dir, "waiting.pdf")
        self.ok("receipt", code, "--pdf", pdf)
        self.assertIn("waiting list", " ".join(self.text_of(pdf).split()))

    def test_in_arabic_and_chinese(self):
        """Printed in the person's language: Arabic letters joined and right
        to left, Chinese with a font that has it; the QR code the same."""
        localedir = os.environ.get("TREMPLIN_LOCALEDIR", os.path.join(BUILD_DIR, "po"))
        for language in ["ar", "zh_CN"]:
            with self.subTest(language=language):
                title = gettext.translation("tremplin", localedir, [language]).gettext("Registration receipt")
                self.assertNotEqual(title, "Registration receipt")
                self.env["LANGUAGE"] = language
                pdf = self.render("--paper", "80mm")
                del self.env["LANGUAGE"]
                fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
                self.assertIn(" ".join(title.split()), " ".join(self.text_of(pdf).split()))
                self.assertEqual(self.scan(pdf), self.registration["payload"])
                # Every glyph came from a real font: no empty boxes.
                self.assertNotRegex(fonts, r"(?m)^\[none\]")

    def test_bad_paper_is_a_usage_error(self):
        pdf = os.path.join(self.dir, "letter.pdf")
        result = self.fails("receipt", self.code, "--pdf", pdf, "--paper", "letter", status=2,
                            expect="letter")
        self.assertIn("80mm", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertFalse(os.path.exists(pdf))

    def test_paper_without_pdf_is_a_usage_error(self):
        self.fails("receipt", self.code, "--paper", "a4", status=2, expect="--pdf")

    def test_unwritable_folder_says_so_and_leaves_nothing(self):
        folder = os.path.join(self.dir, "missing")
        self.fails("receipt", self.code, "--pdf", os.path.join(folder, "r.pdf"), status=1,
                   expect="its folder does not exist: create it or choose another folder")
        self.assertFalse(os.path.exists(folder))

    def test_failed_write_keeps_the_old_file_and_no_temporary(self):
        pdf = self.render("--paper", "80mm")
        before = read(pdf)
        self.fails("receipt", "ZZZZ-ZZZZ", "--pdf", pdf, status=1)
        self.assertEqual(read(pdf), before)
        # A folder where the file should go: the rename fails after the PDF was written.
        blocked = os.path.join(self.dir, "blocked.pdf")
        os.mkdir(blocked)
        self.fails("receipt", self.code, "--pdf", blocked, status=1, expect="blocked.pdf")
        self.assertTrue(os.path.isdir(blocked))
        self.assertEqual([f for f in os.listdir(self.dir) if f.startswith(".")], [])

if __name__ == "__main__":
    unittest.main(verbosity=2)

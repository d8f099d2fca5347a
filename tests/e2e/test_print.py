# SPDX-License-Identifier: GPL-3.0-or-later
"""Printed receipts: with a Printer in kiosk.conf the receipt prints at once,
without a dialog, on a real CUPS queue (cups-pdf, a virtual PDF printer);
the PDF that comes out carries the code and a QR code that verifies. A
printer that does not exist is said on the page, in plain words.

The test runs a CUPS scheduler of its own (tests/e2e/private_cups.py, as
root), never the machine's, and skips only where that cannot be: not root,
or CUPS and cups-pdf not installed."""

import glob
import json
import os
import re
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import walk
from kiosk_driver import Kiosk
from private_cups import PrivateCups, unavailable
from tremplin_test import applicant


SKIP = 77  # meson's "skipped"
QUEUE = f"tremplin-test-{os.getpid()}"
WIDTH_80MM_PT = 80 / 25.4 * 72
cups = PrivateCups()


def walk_to_receipt(k):
    person = walk.Walk(k)
    person.start()
    person.agree()
    person.answer_questions(walk.answers())
    k.wait_for_text("You can register")
    person.choose_offer("developpeuse javascript", "JavaScript full stack")
    k.wait_for_text("Your details")
    person.fill_details()
    k.click("Next")
    k.wait_for_text("Confirm my registration")
    k.click("Confirm my registration")
    return walk.receipt_code(k.find("QR code", timeout=15))


def wait_for_new_pdf(directory, before, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = set(glob.glob(os.path.join(directory, "*.pdf"))) - before
        if new:
            path = new.pop()
            # cups-pdf writes the file, then sets its owner: wait until it stops growing.
            size = -1
            while size != os.path.getsize(path):
                size = os.path.getsize(path)
                time.sleep(0.5)
            return path
        time.sleep(0.3)
    raise AssertionError(f"no PDF came out in {directory}; queue: "
                         + cups.run("lpstat", "-W", "all", "-o").stdout
                         + "\nscheduler's log:\n" + cups.read_error_log())


class PrintedReceipt(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Poppler's pdftops keeps the text of the page searchable through
        # cups-pdf; Ghostscript, the default, turns letters into drawings.
        cups.add_pdf_queue(QUEUE, "pdftops-renderer-default=pdftops")

    def kiosk(self, **config):
        # The kiosk inherits CUPS_SERVER, the private scheduler's socket.
        # GTK's CUPS backend warns when colord (on the system bus) cannot be
        # reached, as on a CI machine; criticals still stop the kiosk.
        k = Kiosk(config=config, g_debug="fatal-criticals").start()
        self.addCleanup(k.cleanup)
        self.addCleanup(lambda: sys.stderr.write(k.read_log()))
        return k

    def test_print_button_prints_the_receipt_at_once(self):
        k = self.kiosk(Printer=QUEUE, Paper="80mm")
        out = cups.pdf_dir
        before = set(glob.glob(os.path.join(out, "*.pdf")))
        code = walk_to_receipt(k)

        k.click("Print my receipt")
        k.wait_for_text("Printed", timeout=90)
        self.assertFalse(k.shows("The printer did not answer"))
        # Printed without any dialog: the kiosk still has its one window.
        self.assertEqual(k.app.childCount, 1)

        self.assert_printed_receipt(k, wait_for_new_pdf(out, before), code, "JavaScript full stack")

    def assert_printed_receipt(self, k, pdf, code, title):
        """One 80 mm page with @code, @title and a QR code that verifies."""
        self.addCleanup(os.remove, pdf)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        print(info)
        self.assertRegex(info, r"Pages:\s+1\n")
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        width, height = float(size.group(1)), float(size.group(2))
        self.assertAlmostEqual(width, WIDTH_80MM_PT, delta=1.5)  # an 80 mm roll, as tall as the receipt
        self.assertGreater(height, width)

        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        self.assertIn(code, text)
        self.assertIn(title, text)

        image = os.path.join(k.dir, "printed")
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", pdf, image], check=True)
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", image + ".png"], capture_output=True)
        self.assertEqual(decoded.returncode, 0, decoded.stderr)
        payload = decoded.stdout.decode("utf-8").rstrip("\n")
        self.assertIn(code, payload)
        verified = k.admin("verify", input=payload)
        self.assertEqual(verified.returncode, 0, verified.stderr)
        self.assertIn(code, verified.stdout)

    def test_staff_print_a_receipt_again(self):
        k = self.kiosk(Printer=QUEUE, Paper="80mm")
        password = "Quatre-Saisons-2026"
        self.assertEqual(k.admin("staff-password", input=password + "\n").returncode, 0)
        offer = json.loads(k.admin("offers", "--json").stdout)[0]
        done = k.admin("register", "--json", "-", input=json.dumps(applicant(offer["id"])))
        self.assertEqual(done.returncode, 0, done.stderr)
        code = json.loads(done.stdout)["code"]
        out = cups.pdf_dir
        before = set(glob.glob(os.path.join(out, "*.pdf")))

        _ = walk.Walk(k, k.language)._  # staff read the kiosk's language, French here
        k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        k.type(_("Staff password"), password)
        k.key("Return")
        k.type(_("Receipt code"), code)
        k.click(_("Find"))
        k.click(_("Print the receipt again"))
        k.wait_for_text(_("The receipt is printed."), timeout=90)
        self.assertEqual(k.app.childCount, 1)
        self.assert_printed_receipt(k, wait_for_new_pdf(out, before), code, offer["title"][:20])

    def test_missing_printer_is_said_on_the_page(self):
        k = self.kiosk(Printer=f"{QUEUE}-unplugged")
        walk_to_receipt(k)
        k.click("Print my receipt")
        k.wait_for_text("The printer did not answer: ask a member of staff", timeout=90)
        self.assertEqual(k.app.childCount, 1)
        # The receipt is still there to photograph, and Finish still ends.
        k.find("QR code")
        k.click("Finish")

    def test_no_print_button_without_a_printer(self):
        k = self.kiosk()
        walk_to_receipt(k)
        k.find("Finish")
        self.assertEqual(k.find_all("Print my receipt"), [])


if __name__ == "__main__":
    reason = unavailable()
    if reason is not None:
        print(f"skipped: {reason}")
        sys.exit(SKIP)
    cups.start()
    try:
        program = unittest.main(verbosity=2, warnings="ignore", exit=False)
    finally:
        cups.stop()
    sys.exit(0 if program.result.wasSuccessful() else 1)

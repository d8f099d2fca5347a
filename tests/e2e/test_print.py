"""Printed receipts: with a Printer in kiosk.conf the receipt prints at once,
without a dialog, on a real CUPS queue (cups-pdf, a virtual PDF printer);
the PDF that comes out carries the code and a QR code that verifies. A
printer that does not exist is said on the page, in plain words.

CUPS runs here when it can: the test starts cupsd itself (as root) when no
scheduler is running, and skips only when cupsd cannot be started."""

import glob
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import walk
from kiosk_driver import Kiosk
from tremplin_test import applicant


SKIP = 77  # meson's "skipped"
CUPSD = "/usr/sbin/cupsd"
QUEUE = f"tremplin-test-{os.getpid()}"
WIDTH_80MM_PT = 80 / 25.4 * 72
started_cupsd = None


def scheduler_running():
    try:
        result = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and "not running" not in result.stdout


def start_cups():
    """Makes sure a scheduler answers; the reason it cannot, or None."""
    global started_cupsd
    if shutil.which("lpstat") is None or not os.path.exists(CUPSD):
        return "CUPS is not installed (apt-get install cups cups-client printer-driver-cups-pdf)"
    if scheduler_running():
        return None
    if os.geteuid() != 0:
        return "no CUPS scheduler is running and only root can start cupsd"
    started_cupsd = subprocess.Popen([CUPSD, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if scheduler_running():
            return None
        if started_cupsd.poll() is not None:
            return f"cupsd could not start: {started_cupsd.stderr.read().decode(errors='replace')}"
        time.sleep(0.3)
    return "cupsd did not answer within 20 seconds"


def stop_cups():
    if started_cupsd is not None and started_cupsd.poll() is None:
        started_cupsd.terminate()
        started_cupsd.wait(timeout=20)


def pdf_printer_model():
    models = subprocess.run(["lpinfo", "-m"], capture_output=True, text=True, timeout=60).stdout
    for line in models.splitlines():
        if "CUPS-PDF" in line:
            return line.split()[0]
    raise AssertionError("no CUPS-PDF printer model: install printer-driver-cups-pdf")


def cups_pdf_output_dir():
    """Where cups-pdf puts this user's jobs (Out= of cups-pdf.conf)."""
    out = "/var/spool/cups-pdf/${USER}"
    try:
        with open("/etc/cups/cups-pdf.conf", encoding="utf-8") as f:
            for line in f:
                if line.startswith("Out "):
                    out = line.split(None, 1)[1].strip()
    except OSError:
        pass
    user = pwd.getpwuid(os.getuid())
    return out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name)


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
                         + subprocess.run(["lpstat", "-W", "all", "-o"], capture_output=True, text=True).stdout)


class PrintedReceipt(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Poppler's pdftops keeps the text of the page searchable through
        # cups-pdf; Ghostscript, the default, turns letters into drawings.
        subprocess.run(["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-m", pdf_printer_model(),
                        "-o", "pdftops-renderer-default=pdftops"],
                       check=True, capture_output=True, timeout=60)

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["lpadmin", "-x", QUEUE], capture_output=True, timeout=60)

    def kiosk(self, **config):
        # GTK's CUPS backend warns when colord (on the system bus) cannot be
        # reached, as on a CI machine; criticals still stop the kiosk.
        k = Kiosk(config=config, g_debug="fatal-criticals").start()
        self.addCleanup(k.cleanup)
        self.addCleanup(lambda: sys.stderr.write(k.read_log()))
        return k

    def test_print_button_prints_the_receipt_at_once(self):
        k = self.kiosk(Printer=QUEUE, Paper="80mm")
        out = cups_pdf_output_dir()
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
        out = cups_pdf_output_dir()
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
    reason = start_cups()
    if reason is not None:
        print(f"skipped: {reason}")
        sys.exit(SKIP)
    try:
        program = unittest.main(verbosity=2, warnings="ignore", exit=False)
    finally:
        stop_cups()
    sys.exit(0 if program.result.wasSuccessful() else 1)

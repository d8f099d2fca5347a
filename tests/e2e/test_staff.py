# SPDX-License-Identifier: GPL-3.0-or-later
"""Staff step in at the kiosk: Ctrl+Alt+S, a wrong then a right password,
the day's figures, a registration cancelled with a reason (its receipt then
says so), registrations closed for the day and opened again, the day
exported to the export folder and to a real drive (read-only, full, pulled
out), and "Lock" back to Welcome."""

import contextlib
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import walk
from kiosk_driver import BUILD_DIR, CLICKABLE, Kiosk
from tremplin_test import HEADER, applicant, offer_row

OFFICE = os.path.join(BUILD_DIR, "src", "office", "tremplin-office")
# tests/demo/demo-office-key.c's passphrase: the kiosk seals to that key.
DEMO_OFFICE_PASSPHRASE = "demo office key, never for real people"

PASSWORD = "Quatre-Saisons-2026"
TITLE = "Technicienne réseaux pour le personnel"


def can_mount():
    if os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory() as probe:
        image = os.path.join(probe, "probe.img")
        subprocess.run(["truncate", "-s", "1M", image], check=True)
        subprocess.run(["mkfs.ext2", "-q", image], check=True)
        mounted = subprocess.run(["mount", "-o", "loop", image, probe + "/"], capture_output=True)
        if mounted.returncode != 0:
            return False
        subprocess.run(["umount", probe + "/"], check=True)
        return True


class Drive:
    """A real file system on a loop device, mounted where desktops mount USB
    keys (/media/NAME): GIO's volume monitor lists it by that name."""

    def __init__(self, name, size="4M"):
        self.name = name
        self.image = tempfile.NamedTemporaryFile(prefix="tremplin-drive-", suffix=".img", delete=False).name
        self.path = os.path.join("/media", name)
        subprocess.run(["truncate", "-s", size, self.image], check=True)
        subprocess.run(["mkfs.ext2", "-q", "-m", "0", self.image], check=True)
        os.makedirs(self.path, exist_ok=True)
        subprocess.run(["mount", "-o", "loop", self.image, self.path], check=True)

    def remount(self, options):
        subprocess.run(["mount", "-o", "remount," + options, self.path], check=True)

    def fill(self):
        subprocess.run(["dd", "if=/dev/zero", f"of={self.path}/filler", "bs=4k"], capture_output=True)

    def pull_out(self):
        if os.path.ismount(self.path):
            subprocess.run(["umount", "-l", self.path], check=True)

    def files(self):
        return sorted(os.path.relpath(p, self.path) for p in glob.glob(self.path + "/**", recursive=True)
                      if os.path.isfile(p))

    def remove(self):
        self.pull_out()
        with contextlib.suppress(OSError):
            os.rmdir(self.path)
        os.unlink(self.image)


class Staff(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk(language="en")
        path = os.path.join(self.kiosk.dir, "catalogue.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join([HEADER, offer_row("STAFF-1", seats=3, title=TITLE)]) + "\n")
        with open(self.kiosk.conf, "a", encoding="utf-8") as f:
            f.write(f"Catalogue={path}\n")
        self.kiosk.start()
        self.addCleanup(self.kiosk.cleanup)
        done = self.kiosk.admin("staff-password", input=PASSWORD + "\n")
        self.assertEqual(done.returncode, 0, done.stderr)

    def register(self):
        done = self.kiosk.admin("register", "--json", "-", input=json.dumps(applicant("STAFF-1")))
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)["code"]

    def unlock(self, closed=False):
        k = self.kiosk
        if closed:
            k.wait_for_text("Registrations are closed today.")
        else:
            k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        k.type("Staff password", "Quatre-Saisons-2025")
        k.click("Unlock")
        k.wait_for_text("Wrong password")
        k.type("Staff password", PASSWORD)
        k.key("Return")
        k.wait_for_text("Registrations today:")

    def test_cancel_a_registration(self):
        k = self.kiosk
        code = self.register()
        self.unlock()
        k.wait_for_text("Registrations today: 1")
        k.wait_for_text("STAFF-1 — " + TITLE + ": 1 (seats left: 2)")
        self.assertFalse(k.shows("Diallo"))

        k.type("Receipt code", code)
        k.click("Find")
        k.wait_for_text("Code: " + code)
        # The details are sealed to the office: no name, not even a first one.
        self.assertFalse(k.shows("Name:"))
        self.assertFalse(k.shows("Awa"))
        self.assertFalse(k.shows("Diallo"))
        self.assertFalse(k.shows("awa.diallo@example.org"))
        k.click("Cancel this registration")
        k.click("Registered twice")
        k.click("Confirm the cancellation")
        k.wait_for_text("Cancelled today: 1")
        k.wait_for_text("Registrations today: 0")

        receipt = k.admin("receipt", code)
        self.assertEqual(receipt.returncode, 0, receipt.stderr)
        self.assertIn("Status: cancelled (Registered twice)", receipt.stdout)
        offers = json.loads(k.admin("offers", "--json").stdout)
        self.assertEqual([o["seats_left"] for o in offers if o["id"] == "STAFF-1"], [3])

        k.click("Lock")
        k.find(walk.welcome_start(k))
        self.assertFalse(k.shows("Registrations today"))
        self.assertFalse(k.shows(code))

    def test_close_and_open_the_day(self):
        k = self.kiosk
        self.unlock()
        k.wait_for_text("Registrations are open today.")
        k.click("Close registrations for today")
        k.wait_for_text("Registrations are closed for today")
        k.click("Lock")
        k.wait_for_text("Registrations are closed today.")
        self.assertFalse(k.shows(walk.welcome_start(k)))

        # Closed for the day even after a restart, and opened again by staff.
        k.stop()
        k.start()
        self.unlock(closed=True)
        k.click("Open registrations again")
        k.wait_for_text("Registrations are open today.")
        k.click("Lock")
        k.find(walk.welcome_start(k))

    def export_files(self, folder):
        return sorted(glob.glob(os.path.join(folder, "tremplin-e2e-kiosk-*")))

    def assert_exported(self, folder, codes):
        """The day's one sealed file, which the office opens (with the demo
        office key the kiosk seals to) into the registrations made."""
        files = self.export_files(folder)
        self.assertEqual([os.path.splitext(f)[1] for f in files], [".sealed"], files)
        with open(files[0], "rb") as f:
            sealed = f.read()
        for code in codes:
            self.assertNotIn(code.encode(), sealed)
        office = tempfile.mkdtemp(prefix="tremplin-e2e-office-")
        self.addCleanup(subprocess.run, ["rm", "-rf", office])
        result = subprocess.run([OFFICE, "open", files[0], "--output", office,
                                 "--key", os.path.join(BUILD_DIR, "demo-office", "office.key")],
                                input=DEMO_OFFICE_PASSPHRASE + "\n", capture_output=True, text=True,
                                timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        csv_path, jsonl_path = result.stdout.split()
        with open(csv_path, encoding="utf-8-sig") as f:
            csv = f.read()
        with open(jsonl_path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        for code in codes:
            self.assertIn(code, csv)
        self.assertEqual(sorted(row["code"] for row in rows), sorted(codes))

    def test_export_to_the_export_folder(self):
        k = self.kiosk
        codes = [self.register(), self.register()]
        self.unlock()
        folder = os.path.join(k.dir, "exports")
        # Chosen by hand: a USB drive plugged into this machine (another
        # test's) would come first in the list.
        k.choose("Export folder " + folder)
        k.click("Export")
        k.wait_for_text("2 registrations of ")
        k.wait_for_text(folder)
        self.assert_exported(folder, codes)

    @unittest.skipUnless(can_mount(), "mounting a file system needs root and loop devices")
    def test_export_to_a_usb_drive(self):
        k = self.kiosk
        codes = [self.register()]
        drive = Drive(f"CLE-USB-{os.getpid()}")
        self.addCleanup(drive.remove)
        self.unlock()
        k.screenshot(os.path.join(k.dir, "staff-panel.png"))
        k.click(f"USB drive “{drive.name}”")
        k.click("Export")
        k.wait_for_text("1 registration of ")
        folder = os.path.join(drive.path, "Tremplin")
        self.assert_exported(folder, codes)

        # A read-only drive: said plainly, the files already there untouched.
        before = drive.files()
        drive.remount("ro")
        k.click("Export")
        k.wait_for_text("Nothing was exported to USB drive")
        k.wait_for_text("read-only")
        self.assertEqual(drive.files(), before)

        # A full drive: said plainly, no half file left behind.
        drive.remount("rw")
        for path in self.export_files(folder):
            os.unlink(path)
        drive.fill()
        codes.append(self.register())
        k.click("Export")
        k.wait_for_text("full")
        self.assertEqual(drive.files(), ["filler"])

        # Pulled out: the drive leaves the list; the folder is still there.
        drive.pull_out()
        deadline = time.monotonic() + 10
        while k.find_all(f"USB drive “{drive.name}”", roles=CLICKABLE):
            self.assertLess(time.monotonic(), deadline, "the drive pulled out is still offered")
            time.sleep(0.2)
        k.choose("Export folder " + os.path.join(k.dir, "exports"))
        k.click("Export")
        k.wait_for_text("2 registrations of ")
        self.assert_exported(os.path.join(k.dir, "exports"), codes)

    def test_lock_out_after_wrong_passwords(self):
        k = self.kiosk
        k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        for _ in range(3):
            k.type("Staff password", "Mauvais-Mot-2026")
            k.key("Return")
        k.wait_for_text("Wrong password. Too many tries: wait 30 seconds")
        # Even the right password waits, and a restart does not clear it.
        k.type("Staff password", PASSWORD)
        k.key("Return")
        k.wait_for_text("Too many tries: wait")
        self.assertFalse(k.shows("Registrations today"))
        k.stop()
        k.start()
        k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        k.type("Staff password", PASSWORD)
        k.key("Return")
        k.wait_for_text("Too many tries: wait")
        self.assertFalse(k.shows("Registrations today"))
        events = subprocess.run(["sqlite3", k.db, "SELECT kind, detail FROM events WHERE kind LIKE 'staff-%'"],
                                capture_output=True, text=True, check=True).stdout
        self.assertNotIn(PASSWORD, events)
        self.assertNotIn("Mauvais", events)
        self.assertGreaterEqual(events.count("staff-unlock"), 5, events)

    def test_locks_itself_when_idle(self):
        k = self.kiosk
        k.stop()
        with open(k.conf, "a", encoding="utf-8") as f:
            f.write("StaffIdleSeconds=5\n")  # the kiosk's default is 2 minutes
        k.start()
        self.unlock()
        started = time.monotonic()
        k.wait_gone("Registrations today", timeout=30)
        self.assertGreater(time.monotonic() - started, 3)
        k.find(walk.welcome_start(k))

    def test_cancel_goes_back_to_welcome(self):
        k = self.kiosk
        k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        k.find("Staff password", timeout=10)
        k.click("Cancel")
        k.find(walk.welcome_start(k))
        self.assertFalse(k.shows("Staff password"))


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

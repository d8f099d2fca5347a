# SPDX-License-Identifier: GPL-3.0-or-later
"""The systemd service and timer that export yesterday's registrations each
morning: systemd accepts them, and the service's commands write the files."""

import csv
import datetime
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import unittest
import zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
from tremplin_test import ADMIN, BUILD_DIR, AdminTestCase, applicant, offer_row

OFFICE = os.path.join(BUILD_DIR, "src", "office", "tremplin-office")
# tests/demo/demo-office-key.c's passphrase: the test kiosk seals to that key.
DEMO_OFFICE_PASSPHRASE = "demo office key, never for real people"

UNITS_DIR = os.path.join(BUILD_DIR, "packaging")
SERVICE = os.path.join(UNITS_DIR, "tremplin-export.service")
TIMER = os.path.join(UNITS_DIR, "tremplin-export.timer")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ANALYZE = shutil.which("systemd-analyze")
NEEDS_ANALYZE = "systemd-analyze is missing: apt-get install systemd"


def unit_values(path, key):
    """Every value of @key in the unit file at @path, in order."""
    with open(path, encoding="utf-8") as f:
        return [line.split("=", 1)[1].strip() for line in f if line.startswith(key + "=")]


def analyze(*args):
    return subprocess.run([ANALYZE, *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, SYSTEMD_LOG_COLOR="0", SYSTEMD_PAGER=""))


def paris_yesterday():
    return (datetime.datetime.now(PARIS).date() - datetime.timedelta(days=1)).isoformat()


class Verify(unittest.TestCase):
    def setUp(self):
        self.assertIsNotNone(ANALYZE, NEEDS_ANALYZE)

    def verify(self, *units):
        result = analyze("verify", "--man=no", *units)
        output = result.stdout + result.stderr
        complaints = [line for line in output.splitlines() if "tremplin-export" in line]
        return result.returncode, complaints, output

    def test_units_verify_without_a_warning(self):
        status, complaints, output = self.verify(SERVICE, TIMER)
        self.assertEqual(status, 0, output)
        self.assertEqual(complaints, [], output)

    def test_verify_would_catch_a_mistake(self):
        """The check above means something: an unknown key or an unescaped %
        in a copy of the units is reported."""
        broken_dir = os.path.join(BUILD_DIR, "tests", "packaging", "broken-units")
        shutil.rmtree(broken_dir, ignore_errors=True)
        os.makedirs(broken_dir)
        self.addCleanup(shutil.rmtree, broken_dir, ignore_errors=True)
        with open(SERVICE, encoding="utf-8") as f:
            text = f.read()
        broken = os.path.join(broken_dir, "tremplin-export.service")
        with open(broken, "w", encoding="utf-8") as f:
            f.write(text.replace("[Service]\n", "[Service]\nExportEveryDay=yes\n"))
        shutil.copy(TIMER, broken_dir)
        _, complaints, output = self.verify(broken, os.path.join(broken_dir, "tremplin-export.timer"))
        self.assertTrue(any("ExportEveryDay" in line for line in complaints), output)

        with open(broken, "w", encoding="utf-8") as f:
            f.write(text.replace("%%F", "%F"))
        status, complaints, output = self.verify(broken)
        self.assertNotEqual(status, 0, output)
        self.assertTrue(complaints, output)

    def test_hardened(self):
        """systemd's own exposure score stays in its "safe" band."""
        # --threshold counts in tenths of the score it prints.
        result = analyze("security", "--offline=yes", "--threshold=20", SERVICE)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        score = re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout + result.stderr)
        self.assertIsNotNone(score, result.stdout)
        self.assertLessEqual(float(score.group(1)), 2.0)


class Timer(unittest.TestCase):
    def setUp(self):
        self.assertIsNotNone(ANALYZE, NEEDS_ANALYZE)

    def test_every_morning_at_half_past_six_in_paris(self):
        (calendar,) = unit_values(TIMER, "OnCalendar")
        # Mid-January and mid-July: the run stays at 6:30 in Paris across
        # daylight saving time, which is 05:30 then 04:30 in UTC.
        for base, utc in [("2027-01-14 12:00:00 UTC", "2027-01-15 05:30:00 UTC"),
                          ("2027-07-14 12:00:00 UTC", "2027-07-15 04:30:00 UTC")]:
            result = subprocess.run([ANALYZE, "calendar", "--base-time=" + base, "--iterations=2", calendar],
                                    capture_output=True, text=True, timeout=60,
                                    env=dict(os.environ, TZ="UTC", SYSTEMD_LOG_COLOR="0"))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("Normalized form: *-*-* 06:30:00 Europe/Paris", result.stdout)
            self.assertIn(utc, result.stdout)

    def test_catches_up_after_a_night_switched_off(self):
        self.assertEqual(unit_values(TIMER, "Persistent"), ["true"])
        self.assertEqual(unit_values(TIMER, "Unit"), [])  # starts the service of the same name
        (delay,) = unit_values(TIMER, "RandomizedDelaySec")
        self.assertRegex(delay, r"^([1-9]|1[0-5])min$")


class ServiceCommands(AdminTestCase):
    """Runs the service's own ExecStart lines against a test kiosk."""

    def setUp(self):
        super().setUp()
        self.exports = os.path.join(self.dir, "exports")
        os.mkdir(self.exports)
        self.config = self.write("kiosk.conf", "[Kiosk]\nId=test-kiosk\n"
                                 f"Database={self.db}\nExportDirectory={self.exports}\n")
        self.init(rows=[offer_row("T-001"), offer_row("T-002")])

    def register_at(self, offer, moment):
        self.env["TREMPLIN_NOW"] = moment.isoformat()
        try:
            result = self.register(applicant(offer))
        finally:
            del self.env["TREMPLIN_NOW"]
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)["code"]

    def commands(self):
        """The ExecStart lines, pointed at the built tremplin-admin and the test
        configuration instead of the installed ones."""
        lines = unit_values(SERVICE, "ExecStart")
        self.assertEqual(len(lines), 1)
        commands = []
        for line in lines:
            self.assertNotIn("%", line.replace("%%", ""), "a lone % would be a unit specifier")
            argv = shlex.split(line.replace("%%", "%"))
            self.assertEqual(argv[:2], ["/bin/sh", "-c"])
            script = argv[2]
            match = re.search(r"exec (\S+/tremplin-admin) --config (\S+/kiosk\.conf) export ", script)
            self.assertIsNotNone(match, script)
            script = script.replace(match.group(1), shlex.quote(ADMIN)).replace(
                match.group(2), shlex.quote(self.config))
            commands.append(argv[:2] + [script])
        return commands

    def run_service(self):
        # The machine's own zone must not matter: the units ask for Paris.
        env = dict(self.env, TZ="Pacific/Kiritimati")
        for argv in self.commands():
            result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)

    def test_writes_yesterday_in_paris_sealed(self):
        for _ in range(2):  # once more if Paris passed midnight meanwhile
            yesterday = paris_yesterday()
            day = datetime.date.fromisoformat(yesterday)
            # Late yesterday and just after midnight in Paris: the second is
            # still yesterday in UTC, but belongs to today's export.
            late = datetime.datetime.combine(day, datetime.time(23, 30), PARIS)
            early = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 10), PARIS)
            older = late - datetime.timedelta(days=1)
            code = self.register_at("T-001", late)
            self.register_at("T-002", early)
            self.register_at("T-002", older)
            self.run_service()
            if paris_yesterday() == yesterday:
                break
            shutil.rmtree(self.exports)
            os.mkdir(self.exports)

        sealed_name = f"tremplin-test-kiosk-{yesterday}.sealed"
        self.assertEqual(os.listdir(self.exports), [sealed_name])

        # What the office opens it into.
        office = os.path.join(self.dir, "office")
        os.mkdir(office)
        result = subprocess.run([OFFICE, "open", os.path.join(self.exports, sealed_name),
                                 "--key", os.path.join(BUILD_DIR, "demo-office", "office.key"),
                                 "--output", office], input=DEMO_OFFICE_PASSPHRASE + "\n",
                                capture_output=True, text=True, env=self.env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(office, f"tremplin-test-kiosk-{yesterday}.csv"), encoding="utf-8-sig",
                  newline="") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        self.assertEqual(len(rows), 1, rows)
        self.assertEqual(rows[0]["offer_id"], "T-001")
        self.assertIn(code, rows[0].values())

        with open(os.path.join(office, f"tremplin-test-kiosk-{yesterday}.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        self.assertEqual([r["offer_id"] for r in records], ["T-001"])

    def test_missing_export_directory_fails_the_run(self):
        """systemd then marks the service failed, which staff see in
        systemctl --failed, rather than a silent morning without files."""
        os.rmdir(self.exports)
        env = dict(self.env, TZ="UTC")
        for argv in self.commands():
            result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
            self.assertNotEqual(result.returncode, 0)
            self.assertIn(self.exports, result.stderr)
            self.assertIn("does not exist", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash consistency: `tremplin-admin register` in a loop, and the kiosk's
own commit in a loop (fault-commit-loop), are killed with SIGKILL at random
moments, 200 times in all. After each kill the database is whole: SQLite's
integrity check and the store's own check pass, every receipt code printed
has its row, every row is complete, and the seats agree with the rows."""

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
from tremplin_test import ADMIN, BUILD_DIR, AdminTestCase, applicant, offer_row  # noqa: E402

COMMIT_LOOP = os.path.join(BUILD_DIR, "tests", "faults", "fault-commit-loop")
KILLS = int(os.environ.get("TREMPLIN_CRASH_KILLS", "200"))
SEATS = {"C-001": 25, "C-002": 60, "C-003": 100000}
REQUIRED = ("session_id", "code", "created_at", "local_date", "kiosk_id", "offer_id", "status",
            "verdict", "flags", "details", "payload")
# What sealing adds to the details (tr-seal.h): a row with less holds no person.
SEAL_OVERHEAD = 48


class Crash(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.init(kiosk="k1", rows=[offer_row(o, seats=s) for o, s in SEATS.items()])
        self.key = self.db + ".key"
        self.assertTrue(os.path.exists(self.key), os.listdir(self.dir))
        self.printed = set()
        self.problems = []

    def admin_loop(self, offer):
        form = self.write(f"applicant-{offer}.json", json.dumps(applicant(offer)))
        script = f'while :; do "$0" --db "$1" register --json "$2" || exit 1; done'
        return [ "sh", "-c", script, ADMIN, self.db, form]

    def kiosk_loop(self, offer):
        return [COMMIT_LOOP, self.db, self.key, offer]

    def kill_one(self, command, rng):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=self.env, start_new_session=True)
        time.sleep(rng.uniform(0.005, 0.2))
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate(timeout=30)
        if process.returncode != -signal.SIGKILL:
            self.problems.append(f"{command[0]} ended by itself ({process.returncode}): {err.decode()}")
        text = out.decode("utf-8", "replace")
        if command[0] == COMMIT_LOOP:
            # Only whole lines: a code cut by the kill was never shown.
            codes = text.split("\n")[:-1]
        else:
            codes = re.findall(r'"code" : "([^"]+)"', text)
        self.printed.update(codes)
        return len(codes)

    def check(self, round_):
        db = sqlite3.connect(self.db, timeout=10)
        try:
            integrity = db.execute("PRAGMA integrity_check").fetchall()
            if integrity != [("ok",)]:
                self.problems.append(f"round {round_}: integrity_check says {integrity}")
            rows = db.execute(f"SELECT id, {', '.join(REQUIRED)} FROM registrations ORDER BY id").fetchall()
        finally:
            db.close()
        codes = set()
        by_offer = {}
        for row in rows:
            values = dict(zip(("id",) + REQUIRED, row))
            codes.add(values["code"])
            empty = [k for k in REQUIRED if values[k] in (None, "")]
            if empty:
                self.problems.append(f"round {round_}: registration {values['id']} lacks {empty}")
            # The details are sealed: whole, they hold at least the two names.
            if len(values["details"] or b"") <= SEAL_OVERHEAD + len('{"person":{},"answers":{}}'):
                self.problems.append(f"round {round_}: registration {values['id']} has no sealed details")
            by_offer.setdefault(values["offer_id"], []).append((values["id"], values["status"]))
        missing = self.printed - codes
        if missing:
            self.problems.append(f"round {round_}: receipts shown but not stored: {sorted(missing)}")
        for offer, taken in by_offer.items():
            registered = [i for i, s in taken if s == "registered"]
            waiting = [i for i, s in taken if s == "waiting_list"]
            if len(registered) != min(SEATS[offer], len(taken)):
                self.problems.append(f"round {round_}: {offer} has {len(registered)} registered of "
                                     f"{len(taken)} for {SEATS[offer]} seats")
            if registered and waiting and max(registered) > min(waiting):
                self.problems.append(f"round {round_}: {offer} registered someone after its waiting list began")
        check = self.admin("check")
        if check.returncode != 0 or "is sound" not in check.stdout:
            self.problems.append(f"round {round_}: tremplin-admin check: {check.stderr.strip()}")
        return len(rows)

    def test_kill_registrations(self):
        seed = int(os.environ.get("TREMPLIN_CRASH_SEED", time.time_ns() % 1000000))
        rng = random.Random(seed)
        offers = list(SEATS)
        rows = 0
        for round_ in range(KILLS):
            offer = rng.choice(offers)
            command = self.admin_loop(offer) if round_ % 2 == 0 else self.kiosk_loop(offer)
            self.kill_one(command, rng)
            rows = self.check(round_)
            if len(self.problems) > 5:
                break
        print(f"# crash: seed {seed}, {round_ + 1} kills (half tremplin-admin register, half the kiosk's "
              f"commit), {len(self.printed)} receipts printed, {rows} rows stored, "
              f"{len(self.problems)} problems found")
        for problem in self.problems:
            print(f"# {problem}")
        self.assertEqual(self.problems, [])
        self.assertGreater(len(self.printed), 0, "no registration ever got through before the kill")


if __name__ == "__main__":
    unittest.main(verbosity=2)

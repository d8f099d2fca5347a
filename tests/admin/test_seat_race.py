# SPDX-License-Identifier: GPL-3.0-or-later
"""Two real processes racing for an offer's last seat: one registration and
one waiting-list entry, never an overbooked offer."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tremplin_test import ADMIN, AdminTestCase, applicant, offer_row

ROUNDS = 12


class SeatRace(AdminTestCase):
    def test_last_seat_goes_to_one_process(self):
        self.init(rows=[offer_row(f"R-{i:02}", seats=1) for i in range(ROUNDS)])
        for i in range(ROUNDS):
            path = self.write(f"a{i}.json", json.dumps(applicant(f"R-{i:02}")))
            racers = [subprocess.Popen([ADMIN, "--db", self.db, "register", "--json", path],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       env=self.env) for _ in range(2)]
            results = [r.communicate(timeout=60) + (r.returncode,) for r in racers]
            for out, err, status in results:
                self.assertEqual(status, 0, err)
            statuses = sorted(json.loads(out)["status"] for out, _, _ in results)
            self.assertEqual(statuses, ["registered", "waiting_list"], f"round {i}")
        offers = json.loads(self.ok("offers", "--json").stdout)
        self.assertTrue(all(o["seats_left"] == 0 for o in offers))
        self.ok("check")

    def test_many_writers_fill_exactly(self):
        seats = 5
        self.init(rows=[offer_row("R-BIG", seats=seats)])
        path = self.write("a.json", json.dumps(applicant("R-BIG")))
        racers = [subprocess.Popen([ADMIN, "--db", self.db, "register", "--json", path],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=self.env) for _ in range(12)]
        statuses = []
        for racer in racers:
            out, err = racer.communicate(timeout=120)
            self.assertEqual(racer.returncode, 0, err)
            statuses.append(json.loads(out)["status"])
        self.assertEqual(statuses.count("registered"), seats)
        self.assertEqual(statuses.count("waiting_list"), 12 - seats)
        self.ok("check")


if __name__ == "__main__":
    unittest.main(verbosity=2)

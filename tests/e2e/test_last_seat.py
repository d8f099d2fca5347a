# SPDX-License-Identifier: GPL-3.0-or-later
"""The last seat taken by someone else while a person types their details:
they are told before the commit and can take the waiting list."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import walk
from kiosk_driver import Kiosk
from tremplin_test import HEADER, applicant, offer_row

TITLE = "Analyste cybersécurité dernière place"


class LastSeat(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk()
        path = os.path.join(self.kiosk.dir, "catalogue.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join([HEADER, offer_row("LAST-1", seats=1, category="cybersecurity", title=TITLE),
                               offer_row("OTHER-1", seats=5)]) + "\n")
        with open(self.kiosk.conf, "a", encoding="utf-8") as f:
            f.write(f"Catalogue={path}\n")
        self.kiosk.start()
        self.addCleanup(self.kiosk.cleanup)

    def test_waiting_list_offered_before_commit(self):
        k = self.kiosk
        person = walk.Walk(k)
        person.start()
        person.agree()
        person.answer_questions(walk.answers())
        person.choose_offer("derniere place", TITLE)
        person.fill_details()
        k.click("Next")
        k.wait_for_text("Confirm my registration")

        # Meanwhile, staff register someone else for the last seat.
        taken = k.admin("register", "--json", "-", input=json.dumps(applicant("LAST-1")))
        self.assertEqual(taken.returncode, 0, taken.stderr)
        self.assertEqual(json.loads(taken.stdout)["status"], "registered")

        k.click("Confirm my registration")
        k.click("Join the waiting list")
        qr = k.find("QR code", timeout=15)
        self.assertTrue(k.shows("waiting list"))
        code = walk.receipt_code(qr)
        receipt = k.admin("receipt", code)
        self.assertIn("waiting list", receipt.stdout)
        offers = json.loads(k.admin("offers", "--json").stdout)
        self.assertEqual([o["seats_left"] for o in offers if o["id"] == "LAST-1"], [0])


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

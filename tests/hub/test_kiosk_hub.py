# SPDX-License-Identifier: GPL-3.0-or-later
"""The kiosk on its screen with the programme's hub (a real PostgreSQL 15):
a walk-in's empty seat lease is refilled on the spot before Confirm; with the
hub stopped, the kiosk still registers on the seat its lease holds, then
tells the next walk-in honestly that no seat can be confirmed and offers the
waiting list; once the hub is back, every registration reaches it exactly
once, and the staff panel says what was sent. Rules the office publishes
while the kiosk runs apply from the next walk-in, without a restart."""

import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, os.path.join(HERE, "..", "admin"))
import walk
from hubfixture import Hub
from kiosk_driver import Kiosk
from tremplin_test import HEADER, offer_row

KIOSK_ID = "e2e-kiosk"
OFFER = "HUB-1"
TITLE = "Développeuse web du hub"
PASSWORD = "Saint-Blaise-2027"


class KioskWithHub(unittest.TestCase):
    def setUp(self):
        self.hub = Hub().__enter__()
        self.addCleanup(self.hub.__exit__, None, None, None)
        self.hub.init()
        # Eight seats; the kiosk keeps one of them leased (HubLeaseSeats=1).
        catalogue = os.path.join(self.hub.dir, "catalogue.csv")
        with open(catalogue, "w", encoding="utf-8") as f:
            f.write("\n".join([HEADER, offer_row(OFFER, seats=8, title=TITLE)]) + "\n")
        self.hub.publish_catalogue(catalogue)
        self.rules = os.path.join(HERE, "..", "..", "data", "rules", "paris-code-2017.ini")
        self.hub.office("publish-rules", self.rules, "--key", self.hub.key_path,
                        "--passphrase-file", self.hub.passphrase_file)

        self.kiosk = Kiosk(language="en", office_key_text=self.hub.office_key)
        self.addCleanup(self.kiosk.cleanup)
        k = self.kiosk
        for command in (["init"], ["import-offers", catalogue]):
            done = k.admin(*command)
            self.assertEqual(done.returncode, 0, done.stderr)
        public_key = k.admin("public-key").stdout.split()[1]
        self.hub.enrol(KIOSK_ID, public_key)
        with open(k.conf, "a", encoding="utf-8") as f:
            f.write(f"Hub=host={self.hub.dir} dbname=tremplin\n"
                    f"HubPassword={self.hub.kiosk_passwords[KIOSK_ID]}\nHubLeaseSeats=1\n"
                    # Open until midnight, so that leases are taken at any
                    # hour the test runs (at 20:00 the day closes by default).
                    "HubCloseHour=24\n")
        done = k.admin("staff-password", input=PASSWORD + "\n")
        self.assertEqual(done.returncode, 0, done.stderr)
        k.start()

    def walk_to_confirm(self, first, last):
        k = self.kiosk
        person = walk.Walk(k)
        person.start()
        person.agree()
        person.answer_questions(walk.answers())
        person.choose_offer("du hub", TITLE)
        person.fill_details(first=first, last=last, email=f"{first.lower()}@example.org")
        k.click("Next")
        k.wait_for_text("Confirm my registration")
        k.click("Confirm my registration")

    def receipt(self):
        k = self.kiosk
        code = walk.receipt_code(k.find("QR code", timeout=20))
        waiting = k.shows("waiting list")
        k.click("Finish")
        return code, waiting

    def hub_rows(self):
        rows = self.hub.value("SELECT string_agg(code || ' ' || status, ',' ORDER BY local_id) "
                              "FROM hub.registrations")
        return rows.split(",") if rows else []

    def wait_for_hub_rows(self, count, timeout=120):
        deadline = time.monotonic() + timeout
        while len(self.hub_rows()) < count and time.monotonic() < deadline:
            time.sleep(0.5)
        return self.hub_rows()

    def wait_for_hub_value(self, sql, expected, timeout=60):
        deadline = time.monotonic() + timeout
        while (value := self.hub.value(sql)) != expected and time.monotonic() < deadline:
            time.sleep(0.5)
        return value

    def test_offline_within_the_lease_then_exactly_once(self):
        k = self.kiosk
        # No lease yet (nobody registered here): Confirm asks the hub first.
        self.walk_to_confirm("Awa", "Diallo")
        first, waiting = self.receipt()
        self.assertFalse(waiting, "the hub had free seats: the first walk-in is registered")
        self.assertEqual(self.wait_for_hub_rows(1), [f"{first} registered"])
        # The seat used is counted at the hub, and the same round tops the
        # lease up to one seat again.
        self.assertEqual(self.wait_for_hub_value(f"SELECT held FROM hub.leases WHERE kiosk_id = '{KIOSK_ID}' "
                                                 f"AND offer_id = '{OFFER}'", "1"), "1")

        self.hub.stop()
        # The seat still on the lease is given without the hub.
        self.walk_to_confirm("Fatou", "Camara")
        second, waiting = self.receipt()
        self.assertFalse(waiting, "the lease still held a seat")
        # The lease is spent and the hub cannot be asked: said so, honestly.
        self.walk_to_confirm("Ines", "Haddad")
        k.wait_for_text("No seat can be confirmed right now", timeout=20)
        k.click("Join the waiting list")
        third, waiting = self.receipt()
        self.assertTrue(waiting)

        self.hub.start()
        # The office changes a question meanwhile; the round that sends the
        # rows takes the new rules too.
        self.new_rules = os.path.join(self.hub.dir, "new-rules.ini")
        with open(self.rules, encoding="utf-8") as f:
            rules_text = f.read()
        self.assertIn("Text=What is your date of birth?\n", rules_text)
        with open(self.new_rules, "w", encoding="utf-8") as f:
            f.write(rules_text.replace("Text=What is your date of birth?\n", "Text=On what day were you born?\n"))
        self.hub.office("publish-rules", self.new_rules, "--key", self.hub.key_path,
                        "--passphrase-file", self.hub.passphrase_file)
        rows = self.wait_for_hub_rows(3)
        time.sleep(2)
        self.assertEqual(self.hub_rows(), [f"{first} registered", f"{second} registered", f"{third} waiting"],
                         "every registration at the hub, once, in order")
        self.assertEqual(rows, self.hub_rows())

        k.find(walk.welcome_start(k))
        k.key("ctrl+alt+s")
        k.type("Staff password", PASSWORD)
        k.key("Return")
        k.wait_for_text("Registrations today: 2")
        k.wait_for_text("Not yet sent: 0 registrations", timeout=30)
        self.assertTrue(k.shows("Last sync: "), k.texts())
        self.assertFalse(k.shows("Last sync: never"))

        # The rules the office published were checked and put beside the
        # database; the next walk-in is asked the changed question, with no
        # restart.
        with open(k.db + ".hub-rules", encoding="utf-8") as published, \
                open(self.new_rules, encoding="utf-8") as sent:
            self.assertEqual(published.read(), sent.read())
        k.click("Lock")
        person = walk.Walk(k)
        person.start()
        person.agree()
        k.wait_for_text("On what day were you born?")
        self.assertIn("Rules: the ones the office published at the hub, from this walk-in", k.read_log())
        # And from the kiosk's next start.
        k.stop()
        k.start()
        person = walk.Walk(k)
        person.start()
        person.agree()
        k.wait_for_text("On what day were you born?")
        self.assertIn("Rules: the ones the office published at the hub", k.read_log())


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

# SPDX-License-Identifier: GPL-3.0-or-later
"""The receipt's QR code, read back by zbarimg (a decoder this project did not
write), must give a text that `verify` accepts, and nothing else must pass."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tremplin_test import AdminTestCase, applicant, offer_row

LONG_ID = "K" * 32


class ReceiptQr(AdminTestCase):
    def scan(self, png):
        result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png], capture_output=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        text = result.stdout.decode("utf-8")
        self.assertTrue(text.endswith("\n"))
        return text[:-1]

    def register_and_scan(self, kiosk, offer):
        self.init(kiosk=kiosk, rows=[offer_row(offer)])
        registration = json.loads(self.register(applicant(offer)).stdout)
        png = os.path.join(self.dir, "receipt.png")
        self.ok("receipt", registration["code"], "--png", png)
        return registration, self.scan(png)

    def test_png_round_trips_through_zbarimg_and_verify(self):
        registration, scanned = self.register_and_scan("mairie-18-01", "PC17-0042")
        self.assertEqual(scanned, registration["payload"])
        first_line = scanned.split("\n")[0]
        self.assertIn(registration["code"], first_line)
        self.assertIn("PC17-0042", first_line)
        self.assertIn("Paris Code", first_line)
        out = self.ok("verify", input=scanned + "\n").stdout
        self.assertIn(registration["code"], out)

    def test_longest_ids_still_scan(self):
        registration, scanned = self.register_and_scan(LONG_ID, "O" * 32)
        self.assertEqual(scanned, registration["payload"])
        self.ok("verify", scanned)

    def test_changed_readable_line_is_rejected(self):
        registration, scanned = self.register_and_scan("mairie-18-01", "PC17-0042")
        line1, machine = scanned.split("\n")
        for forged in [line1.replace("PC17-0042", "PC17-0043") + "\n" + machine,
                       line1.replace("inscription", "annulation") + "\n" + machine,
                       line1 + " \n" + machine,
                       line1 + "\n" + machine + "\n",
                       machine]:
            self.fails("verify", forged, status=1)


if __name__ == "__main__":
    unittest.main(verbosity=2)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of every screen of the real kiosk, for docs/screenshots.

usage: take_screenshots.py LANGUAGE OUTPUT-DIR   (run inside tests/with-display)
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import Kiosk


def main(language, out):
    os.makedirs(out, exist_ok=True)
    count = 0

    def shot(kiosk, name):
        nonlocal count
        count += 1
        time.sleep(0.6)
        kiosk.screenshot(os.path.join(out, f"{count:02}-{name}.png"))

    kiosk = Kiosk(config={"IdleSeconds": 5}).start()
    try:
        person = walk.Walk(kiosk, language)
        kiosk.click(walk.NATIVE_NAMES[language])
        kiosk.find(person._("Start"))
        shot(kiosk, "welcome")
        kiosk.click(person._("Start"))
        shot(kiosk, "consent")
        person.agree()
        person.answer_questions(walk.answers(), on_question=lambda q: shot(kiosk, f"question-{q}"))
        shot(kiosk, "verdict")
        kiosk.click(person._("Choose a training"))
        shot(kiosk, "offers")
        kiosk.click(contains=person._("All trainings"))
        kiosk.type(person._("Search trainings"), "developpeuse")
        shot(kiosk, "offers-search")
        kiosk.click(contains="Développeuse")
        shot(kiosk, "offer")
        kiosk.click(person._("Choose this training"))
        kiosk.type(person._("Phone number"), "12345")
        kiosk.focus(person._("First name"))
        shot(kiosk, "details-error")
        person.fill_details()
        kiosk.click(person._("Next"))
        shot(kiosk, "review")
        kiosk.click(person._("Confirm my registration"))
        kiosk.find(person._("QR code"), timeout=15)
        shot(kiosk, "receipt")
        kiosk.click(person._("Finish"))
        # A walk-in who is not eligible, then one who walks away.
        person.start()
        person.agree()
        person.answer_birth_date(walk.years_ago(17))
        shot(kiosk, "not-eligible")
        kiosk.click(person._("Finish"))
        person.start()
        kiosk.wait_for_text(person._("Are you still there?"), timeout=15)
        shot(kiosk, "still-there")
    finally:
        kiosk.cleanup()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

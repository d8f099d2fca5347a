# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole walk by touch alone on the screen this test is given (SCREEN=WxH
of tests/with-display: 1024×600 panels up to portrait 1080×1920): every
control is touched by the pointer at its middle, after checking it is wholly
on screen, in its scrolled area and at least 44×44 px; the details are typed
on the on-screen keyboard (a name with a "c", an email address with its
"@"); the registration is stored. Then an Arabic walk-in reads the consent
page with its scroll bar on screen."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import walk
from kiosk_driver import CLICKABLE, EDITABLE, Kiosk, open_details
from touch import Finger, extents, inside

import pyatspi

FIRST = "Chloé"
LAST = "Lucas"
PHONE = "0612345678"
EMAIL = "chloe.lucas@exemple.fr"


class Sizes(unittest.TestCase):
    def setUp(self):
        self.kiosk = Kiosk(config={"OnScreenKeyboard": "true", "IdleSeconds": 600}).start()
        self.addCleanup(self.kiosk.cleanup)
        self.finger = Finger(self.kiosk)
        self.person = walk.Walk(self.kiosk, "fr")
        self._ = self.person._

    def on_screen(self, name):
        """Called at the screens worth a look (docs/screenshots/sizes)."""

    # The on-screen keyboard

    def key(self, name):
        # Keys' names change with Shift: wait for the one wanted.
        return self.finger.find(name, timeout=5)

    def type_keys(self, text):
        for key in walk.keyboard_keys(text, self._("Shift")):
            self.finger.touch(self.key(key))

    def keyboard(self):
        return self.kiosk.find(self._("On-screen keyboard"), timeout=10)

    def fill(self, field_name, text):
        field = self.finger.touch_field(field_name)
        self.keyboard()
        self.kiosk.find(self._("Hide keyboard"), CLICKABLE)
        self.type_keys(text)
        self.assertEqual(self.kiosk.field_text(field), text)
        return field

    def next(self):
        self.finger.press_fixed(self._("Next"))

    # The walk

    def answer(self, question_id, token):
        self.kiosk.wait_for_text(self.person.question(question_id), timeout=15)
        self.finger.press(self.person.answer_label(question_id, token))

    def answer_number(self, question_id, value):
        self.kiosk.wait_for_text(self.person.question(question_id), timeout=15)
        self.fill(self.person.question(question_id), value)
        self.next()

    def walk_to_verdict(self):
        k, _ = self.kiosk, self._
        self.finger.press(_("Start"))
        self.finger.press_fixed(_("I agree"))
        born = walk.years_ago(30)
        self.kiosk.wait_for_text(self.person.question("birth_date"), timeout=15)
        self.fill(_("Day"), f"{born.day:02}")
        self.fill(_("Month"), f"{born.month:02}")
        self.fill(_("Year"), str(born.year))
        self.next()
        self.answer_number("postcode", "75018")
        self.kiosk.wait_for_text(self.person.question("qpv"), timeout=15)
        self.on_screen("question")
        self.answer("qpv", "yes")
        self.answer("job_status", "registered")
        self.answer_number("unemployed_months", "14")
        self.answer("diploma", "bac")
        self.answer("gender", "woman")
        self.answer("in_training", "no")
        k.wait_for_text(_("You can register"), timeout=15)

    def choose_offer(self):
        _ = self._
        self.finger.press_fixed(_("Choose a training"))
        self.finger.press(contains=_("All trainings"))
        self.fill(_("Search trainings"), "javascript")
        self.finger.press(_("Hide keyboard"))
        self.kiosk.wait_gone(_("On-screen keyboard"))
        self.on_screen("offers")
        self.finger.press(contains="JavaScript full stack")
        self.finger.press_fixed(_("Choose this training"))

    def fill_details(self):
        _ = self._
        self.kiosk.wait_for_text(_("Your details"), timeout=15)
        self.fill(_("First name"), FIRST)
        # The keyboard speaks the session's language to a screen reader.
        self.assertEqual(self.keyboard().name, _("On-screen keyboard"))
        self.fill(_("Last name"), LAST)
        self.fill(_("Phone number"), PHONE)
        self.fill(_("Email address"), EMAIL)
        self.on_screen("details-keyboard")
        # With the keyboard up, Next is still on screen and touchable.
        self.next()

    def check_stored(self, code):
        # Sealed, exactly as typed: the office's key opens it.
        person = open_details(self.kiosk.db, code)["person"]
        self.assertEqual(person["first_name"], FIRST)
        self.assertEqual(person["last_name"], LAST)
        self.assertEqual(person["email"], EMAIL)
        self.assertEqual(person["phone"], "+33612345678")

    def arabic_consent(self):
        arabic = walk.Walk(self.kiosk, "ar")
        self.finger.press(walk.NATIVE_NAMES["ar"])
        self.finger.press(arabic._("Start"))
        agree = self.finger.find(arabic._("I agree"))
        self.finger.window_fills_screen()
        # Where the text is longer than the screen, its scroll bar shows,
        # on screen; where it fits (portrait), the whole text shows.
        self.finger.settled(agree)
        scroller, bar = self.finger.scroller_of(self.kiosk.find(arabic._("Who collects your information")))
        self.assertIsNotNone(bar, "the consent text is not in a scrolled area")
        box = extents(bar)
        if box[2] > 0 and box[3] > 0:
            box = self.finger.settled(bar)
            self.assertTrue(inside(box, self.finger.screen),
                            f"the scroll bar at {box} is not on the {self.finger.width}×{self.finger.height} screen")
            self.assertTrue(inside(box, extents(scroller)), f"the scroll bar at {box} is outside its text")
        else:
            last = self.kiosk.find(contains="CNIL")
            self.assertTrue(inside(self.finger.settled(last), extents(scroller)),
                            "the consent text is cut, with no scroll bar to read the rest")
        self.finger.touch(agree)
        self.kiosk.wait_for_text(arabic.question("birth_date"), timeout=15)

    def test_walk_by_touch(self):
        try:
            self.walk_by_touch()
        except Exception:
            # What the screen showed, for whoever reads the failure.
            shots = os.environ.get("MESON_BUILD_ROOT") or os.environ.get("TREMPLIN_BUILD_DIR")
            if shots:
                path = os.path.join(shots, f"test-sizes-{self.finger.width}x{self.finger.height}-failed.png")
                self.kiosk.screenshot(path)
                print(f"# screen when it failed: {path}", flush=True)
            raise

    def walk_by_touch(self):
        k, _ = self.kiosk, self._
        self.finger.window_fills_screen()
        self.walk_to_verdict()
        self.choose_offer()
        self.fill_details()
        self.finger.press_fixed(_("Confirm my registration"))
        code = walk.receipt_code(k.find(_("QR code"), timeout=20))
        self.on_screen("receipt")
        self.check_stored(code)
        self.finger.window_fills_screen()
        self.finger.press_fixed(_("Finish"))
        k.find(_("Start"), CLICKABLE, timeout=15)
        self.arabic_consent()
        print(f"# {self.finger.width}×{self.finger.height}: {self.finger.touched} touches", flush=True)


if __name__ == "__main__":
    unittest.main(verbosity=2, warnings="ignore")

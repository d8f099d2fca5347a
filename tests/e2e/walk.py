# SPDX-License-Identifier: GPL-3.0-or-later
"""The steps of a walk-in, shared by the end-to-end tests and the screenshot
script. Controls are found by the accessible names a screen reader reads, in
the walk's language: the kiosk's own translations (gettext) and the rules
file's texts."""

import configparser
import datetime
import gettext
import os
import re

from kiosk_driver import BUILD_DIR, SOURCE_DIR

RULES = os.path.join(SOURCE_DIR, "data", "rules", "paris-code-2017.ini")
NATIVE_NAMES = {"fr": "Français", "en": "English", "ar": "العربية", "es": "Español", "pt": "Português",
                "zh_CN": "简体中文", "ta": "தமிழ்", "tr": "Türkçe"}

ELIGIBLE = {
    "birth_date": None,  # 30 years ago, filled by answers()
    "postcode": "75018",
    "qpv": "yes",
    "job_status": "registered",
    "unemployed_months": "14",
    "diploma": "bac",
    "gender": "woman",
    "in_training": "no",
}


def years_ago(years):
    today = datetime.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def answers(**changes):
    result = dict(ELIGIBLE, birth_date=years_ago(30))
    result.update(changes)
    return result


class Walk:
    """A walk-in at @kiosk who reads @language."""

    def __init__(self, kiosk, language="en"):
        self.kiosk = kiosk
        self.language = language
        localedir = os.environ.get("TREMPLIN_LOCALEDIR", os.path.join(BUILD_DIR, "po"))
        self.translation = gettext.translation("tremplin", localedir, [language], fallback=True)
        self.rules = configparser.RawConfigParser(interpolation=None, strict=False)
        self.rules.optionxform = str
        self.rules.read(RULES, encoding="utf-8")

    def _(self, text):
        return self.translation.gettext(text)

    def rules_text(self, group, key):
        # As the kiosk reads it: Text[zh_CN], then Text[zh], then Text=.
        section = self.rules[group]
        for language in (self.language, self.language.split("_")[0]):
            if f"{key}[{language}]" in section:
                return section[f"{key}[{language}]"]
        return section.get(key)

    def question(self, question_id):
        return self.rules_text(f"Question {question_id}", "Text")

    def answer_label(self, question_id, token):
        return self.rules_text(f"Question {question_id}", f"Answer-{token}")

    # Steps

    def start(self):
        self.kiosk.click(NATIVE_NAMES[self.language])
        self.kiosk.click(self._("Start"))

    def agree(self):
        self.kiosk.click(self._("I agree"))

    def answer_birth_date(self, date):
        self.kiosk.type(self._("Day"), f"{date.day:02}")
        self.kiosk.type(self._("Month"), f"{date.month:02}")
        self.kiosk.type(self._("Year"), str(date.year))
        self.kiosk.click(self._("Next"))

    def answer_number(self, question_id, value):
        self.kiosk.type(self.question(question_id), value)
        self.kiosk.click(self._("Next"))

    def verdict_shown(self):
        return any(self.kiosk.shows(self._(text)) for text in
                   ["You can register", "You can register, on one condition", "You cannot register"])

    def answer_questions(self, given, on_question=None):
        """Answers the questions the kiosk asks, in its order, until the
        verdict; @on_question(id) is called as each question shows."""
        order = ["birth_date", "postcode", "qpv", "job_status", "unemployed_months", "diploma",
                 "gender", "in_training"]
        for question_id in order:
            if self.verdict_shown():
                return
            if not self.kiosk.shows(self.question(question_id)):
                continue  # skipped by the rules for these answers
            if on_question:
                on_question(question_id)
            if question_id == "birth_date":
                self.answer_birth_date(given["birth_date"])
            elif question_id in ("postcode", "unemployed_months"):
                self.answer_number(question_id, given[question_id])
            else:
                self.kiosk.click(self.answer_label(question_id, given[question_id]))

    def choose_offer(self, search, contains):
        self.kiosk.click(self._("Choose a training"))
        self.kiosk.click(contains=self._("All trainings"))
        self.kiosk.type(self._("Search trainings"), search)
        self.kiosk.click(contains=contains)
        self.kiosk.click(self._("Choose this training"))

    def fill_details(self, first="Awa", last="Diallo", phone="06 12 34 56 78",
                     email="awa.diallo@example.org"):
        self.kiosk.type(self._("First name"), first)
        self.kiosk.type(self._("Last name"), last)
        self.kiosk.type(self._("Phone number"), phone)
        self.kiosk.type(self._("Email address"), email)


def receipt_code(qr):
    """The human code, from the QR image's description."""
    return re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", qr.description).group(0)


def welcome_start(kiosk):
    """The Start button as Welcome names it in the kiosk's own language,
    where every walk-in ends."""
    return Walk(kiosk, kiosk.language)._("Start")


# Keys of the on-screen keyboard that type more than one character.
WORD_KEYS = [".fr", ".com"]


def keyboard_keys(text, shift="Shift"):
    """The on-screen keyboard's keys that type @text, in order: one a
    character, @shift (its name in the walk's language) before a capital,
    or one for a word key such as ".fr"."""
    while text:
        word = next((w for w in WORD_KEYS if text.startswith(w)), None)
        if word:
            yield word
            text = text[len(word):]
            continue
        char, text = text[0], text[1:]
        if char.isupper():
            yield shift
        yield char

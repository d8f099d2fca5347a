"""The steps of a walk-in, shared by the end-to-end tests and the screenshot
script. Names are the accessible names a screen reader reads (in English:
each walk starts by choosing English on Welcome)."""

import datetime
import re

ELIGIBLE = {
    "birth_date": None,  # 30 years ago, filled by answers()
    "postcode": "75018",
    "qpv": "Yes",
    "job_status": "I am looking for a job, and I am registered with Pôle emploi",
    "unemployed_months": "14",
    "diploma": "Baccalauréat (bac)",
    "gender": "A woman",
    "in_training": "No",
}

QUESTION_FIELDS = {
    "postcode": "What is the postcode of your home?",
    "unemployed_months": "For how many months have you been without a job?",
}


def years_ago(years):
    today = datetime.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def answers(**changes):
    result = dict(ELIGIBLE, birth_date=years_ago(30))
    result.update(changes)
    return result


def start(kiosk, language="English"):
    kiosk.click(language)
    kiosk.click("Start")


def agree(kiosk):
    kiosk.click("I agree")


def answer_birth_date(kiosk, date):
    kiosk.type("Day", f"{date.day:02}")
    kiosk.type("Month", f"{date.month:02}")
    kiosk.type("Year", str(date.year))
    kiosk.click("Next")


def answer_questions(kiosk, given, stop_after=None):
    """Answers the questions the kiosk asks, in its order; a question it skips
    is never looked for."""
    answer_birth_date(kiosk, given["birth_date"])
    if stop_after == "birth_date":
        return
    kiosk.type(QUESTION_FIELDS["postcode"], given["postcode"])
    kiosk.click("Next")
    for question in ["qpv", "job_status", "unemployed_months", "diploma", "gender", "in_training"]:
        if kiosk.shows("You can register") or kiosk.shows("You cannot register"):
            return
        value = given.get(question)
        if question == "qpv" and not kiosk.shows("Do you live in one of these neighbourhoods?"):
            continue
        if question == "unemployed_months":
            if not kiosk.shows(QUESTION_FIELDS[question]):
                continue
            kiosk.type(QUESTION_FIELDS[question], value)
            kiosk.click("Next")
            continue
        kiosk.click(value)
        if stop_after == question:
            return


def choose_offer(kiosk, search, contains):
    kiosk.click("Choose a training")
    kiosk.click(contains="All trainings")
    kiosk.type("Search trainings", search)
    kiosk.click(contains=contains)
    kiosk.click("Choose this training")


def fill_details(kiosk, first="Awa", last="Diallo", phone="06 12 34 56 78", email="awa.diallo@example.org"):
    kiosk.type("First name", first)
    kiosk.type("Last name", last)
    kiosk.type("Phone number", phone)
    kiosk.type("Email address", email)


def receipt_code(qr):
    """The human code, from the QR image's description."""
    return re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", qr.description).group(0)

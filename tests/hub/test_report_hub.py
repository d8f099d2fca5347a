#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tremplin-office report --hub: two real kiosk stores register people (some
on a waiting list, some cancelled before or after they reached the hub, one
outside the season), send them to the hub, and the report read from the hub
gives, in its CSV tables and its PDF's text, the figures counted here from
what the test sent; the same days exported by the kiosks and opened by the
office give the same tables with --from. A wrong passphrase, a login
without the office's rights, a hub that cannot be reached, or --hub beside
--from write nothing."""
import csv
import datetime
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import AdminKiosk, Hub, check, run, SOURCE_DIR, TREMPLIN_OFFICE, HUB_KIOSK  # noqa: E402

RULES = os.path.join(SOURCE_DIR, "data", "rules", "paris-code-2017.ini")
HEADER = ("id;title;category;provider;address;postcode;modality;audience;min_level;hours;"
          "start_date;end_date;seats;info_session;description")
# id, category, provider, seats (each kiosk's store counts its own seats).
OFFERS = [
    ("RH-DEV", "developer", "École du Code", 3),
    ("RH-MKT", "digital_marketing", "Agence Numérique", 5),
    ("RH-CYB", "cybersecurity", "École du Code", 1),
    ("RH-DATA", "data", "Data Lab Paris", 4),
    ("RH-SHOP", "ecommerce", "Agence Numérique", 2),
]
SEASON_1 = {"developer": 33, "digital_marketing": 19, "project_manager": 17, "ecommerce": 11,
            "cybersecurity": 3, "other": 17}
QPV_POSTCODES = {"75010", "75011", "75013", "75014", "75017", "75018", "75019", "75020"}
FLAGS = ["qpv", "under_26", "over_50", "no_diploma", "woman", "long_term_unemployed"]
DAYS = ["2026-11-30", "2026-12-01", "2026-12-02"]
OUTSIDE_SEASON = "2025-12-15"


def catalogue_text():
    rows = [f"{oid};Formation {oid};{category};{provider};12 rue Ordener;75018;on_site;all;none;400;"
            f"2027-03-01;2027-09-30;{seats};mardi 9 février 2027 à 10 h;Offre de test"
            for oid, category, provider, seats in OFFERS]
    return "\r\n".join([HEADER] + rows) + "\r\n"


def birth_date(years, on):
    day = datetime.date.fromisoformat(on)
    return day.replace(year=day.year - years, day=min(day.day, 28)).isoformat()


# Who comes: (kiosk, day, offer, age, postcode, gender, diploma, months without a job).
PEOPLE = [
    ("mairie-18", DAYS[0], "RH-DEV", 22, "75018", "woman", "none", 14),
    ("mairie-18", DAYS[0], "RH-DEV", 35, "75018", "man", "bac", 3),
    ("mairie-18", DAYS[0], "RH-CYB", 57, "75116", "woman", "bac", 20),
    ("mairie-18", DAYS[0], "RH-CYB", 30, "75001", "man", "none", 0),       # waiting list
    ("mairie-18", DAYS[1], "RH-DEV", 19, "75019", "woman", "none", 12),
    ("mairie-18", DAYS[1], "RH-DEV", 41, "75020", "man", "bac", 6),        # waiting list
    ("mairie-18", DAYS[1], "RH-MKT", 52, "75011", "woman", "bac", 30),
    ("mairie-18", DAYS[2], "RH-DATA", 24, "75013", "man", "none", 2),
    ("mairie-18", DAYS[2], "RH-MKT", 33, "75018", "woman", "bac", 13),     # cancelled before sent
    ("cite-19", DAYS[0], "RH-MKT", 28, "75019", "woman", "bac", 1),
    ("cite-19", DAYS[0], "RH-DATA", 61, "75019", "man", "none", 24),
    ("cite-19", DAYS[1], "RH-CYB", 23, "75020", "woman", "none", 15),
    ("cite-19", DAYS[1], "RH-CYB", 45, "75116", "man", "bac", 4),          # waiting list
    ("cite-19", DAYS[1], "RH-CYB", 38, "75014", "woman", "bac", 18),       # waiting list
    ("cite-19", DAYS[2], "RH-DEV", 26, "75010", "man", "bac", 0),
    ("cite-19", DAYS[2], "RH-DATA", 50, "75001", "woman", "none", 12),     # cancelled after sent
    ("cite-19", OUTSIDE_SEASON, "RH-DEV", 31, "75018", "woman", "bac", 5), # another season
]
CANCEL_BEFORE = 8
CANCEL_AFTER = 15


def answers(age, postcode, gender, diploma, months, day):
    given = {"birth_date": birth_date(age, day), "postcode": postcode,
             "job_status": "registered", "unemployed_months": months, "diploma": diploma,
             "gender": gender, "in_training": "no"}
    if postcode in QPV_POSTCODES:
        given["qpv"] = "yes" if months % 2 == 0 else "no"
    return given


def expected_flags(age, postcode, gender, diploma, months):
    return {"qpv": postcode in QPV_POSTCODES and months % 2 == 0, "under_26": age < 26,
            "over_50": age >= 50, "no_diploma": diploma == "none", "woman": gender == "woman",
            "long_term_unemployed": months >= 12}


def table(folder, name):
    with open(os.path.join(folder, name + ".csv"), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def pdf_text(folder):
    text = run(["pdftotext", "-layout", os.path.join(folder, "report.pdf"), "-"]).stdout
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)


def figures(sent):
    """The report's figures, counted here from what the kiosks registered."""
    kept = [p for p in sent if p["day"].startswith("2026")]
    live = [p for p in kept if not p["cancelled"]]
    fig = {
        "registered": sum(p["status"] == "registered" for p in live),
        "waiting_list": sum(p["status"] == "waiting_list" for p in live),
        "cancelled": sum(p["cancelled"] for p in kept),
        "registrations": len(live),
        "kiosks": {}, "days": [], "arrondissements": {}, "categories": dict.fromkeys(SEASON_1, 0),
        "flags": dict.fromkeys(FLAGS, 0), "offers": {},
    }
    total = 0
    for day in sorted({p["day"] for p in live}):
        total += sum(p["day"] == day for p in live)
        fig["days"].append((day, total))
    seats = {oid: s for oid, _, _, s in OFFERS}
    category = {oid: c for oid, c, _, _ in OFFERS}
    for oid in seats:
        fig["offers"][oid] = {"registered": 0, "waiting": 0, "cancelled": 0}
    for p in kept:
        if p["cancelled"]:
            fig["offers"][p["offer"]]["cancelled"] += 1
    for p in live:
        fig["kiosks"][p["kiosk"]] = fig["kiosks"].get(p["kiosk"], 0) + 1
        arrondissement = "75016" if p["postcode"] == "75116" else p["postcode"]
        fig["arrondissements"][arrondissement] = fig["arrondissements"].get(arrondissement, 0) + 1
        group = category[p["offer"]] if category[p["offer"]] in SEASON_1 else "other"
        fig["categories"][group] += 1
        for flag, value in p["flags"].items():
            fig["flags"][flag] += value
        fig["offers"][p["offer"]]["registered" if p["status"] == "registered" else "waiting"] += 1
    for oid, o in fig["offers"].items():
        o["filled"] = min(o["registered"], seats[oid])
        o["empty"] = seats[oid] - o["filled"]
    fig["unchosen"] = sorted(oid for oid, o in fig["offers"].items()
                             if not o["registered"] and not o["waiting"])
    fig["committed"] = fig["registered"] * 7500
    return fig


def check_figures(folder, fig):
    summary = {r["figure"]: float(r["value"]) for r in table(folder, "summary")}
    for name in ("registrations", "registered", "waiting_list", "cancelled"):
        check(summary[name] == fig[name], f"summary {name}: {summary[name]} != {fig[name]}")
    days = [(r["date"], int(r["cumulated"])) for r in table(folder, "registrations-per-day")]
    check(days == fig["days"], f"days: {days} != {fig['days']}")
    kiosks = {r["kiosk"]: int(r["registrations"]) for r in table(folder, "per-kiosk")}
    check(kiosks == fig["kiosks"], f"kiosks: {kiosks} != {fig['kiosks']}")
    arrondissements = {r["arrondissement"]: int(r["registrations"])
                       for r in table(folder, "per-arrondissement") if int(r["registrations"])}
    check(arrondissements == fig["arrondissements"],
          f"arrondissements: {arrondissements} != {fig['arrondissements']}")
    for row in table(folder, "categories"):
        count = fig["categories"][row["category"]]
        check(int(row["registrations"]) == count, f"category {row}: {count}")
        check(abs(float(row["share"]) - round(100 * count / fig["registrations"], 1)) < 0.051,
              f"category share {row}")
    audiences = {r["flag"]: int(r["count"]) for r in table(folder, "audiences")}
    check(audiences == fig["flags"], f"audiences: {audiences} != {fig['flags']}")
    labels = {r["flag"]: r["label"] for r in table(folder, "audiences")}
    check(labels["qpv"] == "Priority neighbourhood (QPV)", f"the rules' labels: {labels}")
    per_offer = {r["offer_id"]: r for r in table(folder, "seats-per-offer")}
    for oid, o in fig["offers"].items():
        row = per_offer[oid]
        check((int(row["filled"]), int(row["waiting_list"]), int(row["empty"])) ==
              (o["filled"], o["waiting"], o["empty"]), f"seats of {oid}: {row} != {o}")
        check(row["title"] == f"Formation {oid}", f"title of {oid} from the published catalogue: {row}")
    unchosen = sorted(r["offer_id"] for r in table(folder, "offers-nobody-chose"))
    check(unchosen == fig["unchosen"], f"nobody chose: {unchosen} != {fig['unchosen']}")
    money = table(folder, "money")[0]
    check(float(money["committed"]) == fig["committed"], f"money: {money}")

    text = pdf_text(folder)
    check(f"Registrations: {fig['registrations']} (registered: {fig['registered']}; "
          f"waiting list: {fig['waiting_list']}). Cancelled, not counted: {fig['cancelled']}." in text,
          f"the PDF's headline figures:\n{text[:1500]}")
    check(f"Money: {fig['committed']} € committed of a 1000000 € budget" in text, "the PDF's money")
    check(f"Offers nobody chose: {len(fig['unchosen'])} of" in text, "the PDF's offers nobody chose")
    for kiosk, count in fig["kiosks"].items():
        check(re.search(rf"{re.escape(kiosk)}\s+{count}\b", text), f"the PDF's count for {kiosk}")
    for row in table(folder, "audiences"):
        check(f"{row['share']} %" in text, f"the PDF's share of {row['flag']}")
    return text


with Hub() as hub:
    hub.init()
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    with open(catalogue, "w", encoding="utf-8", newline="") as f:
        f.write(catalogue_text())
    hub.publish_catalogue(catalogue)
    hub.office("publish-rules", RULES, "--key", hub.key_path, "--passphrase-file", hub.passphrase_file)
    kiosks = {}
    for name in ("mairie-18", "cite-19"):
        hub.enrol(name)
        kiosks[name] = AdminKiosk(hub, name, catalogue, enrol=False)

    # The walk-ins, each registered by the real store; what it answered is kept.
    sent = []
    for index, (kiosk, day, offer, age, postcode, gender, diploma, months) in enumerate(PEOPLE):
        form = {"offer": offer, "answers": answers(age, postcode, gender, diploma, months, day),
                "person": {"first_name": "Awa", "last_name": "Diallo", "phone": "06 12 34 56 78",
                           "email": f"awa{index}@example.org"}}
        result = kiosks[kiosk].register(form, f"{day}T{9 + index % 8:02d}:{index:02d}:00+01:00")
        sent.append({"kiosk": kiosk, "day": day, "offer": offer, "postcode": postcode,
                     "status": result["status"], "code": result["code"], "cancelled": False,
                     "flags": expected_flags(age, postcode, gender, diploma, months)})
    statuses = [p["status"] for p in sent]
    check(statuses.count("waiting_list") == 4, f"four on a waiting list: {statuses}")

    def cancel_in_store(person):
        out = run([HUB_KIOSK, "cancel-store", kiosks[person["kiosk"]].db, person["code"]]).stdout
        check(out.strip() == "cancelled", f"cancel-store: {out}")
        person["cancelled"] = True

    # One cancelled before the kiosk sent it; then everything goes to the hub.
    cancel_in_store(sent[CANCEL_BEFORE])
    for name, kiosk in kiosks.items():
        days = sorted({p["day"] for p in sent if p["kiosk"] == name})
        out = run([HUB_KIOSK, "push-store", hub.kiosk_conninfo(name), name, kiosk.db, *days]).stdout
        count = sum(p["kiosk"] == name for p in sent)
        check(out.strip() == f"sent={count} duplicates=0", f"push-store {name}: {out}")
    # One cancelled after the hub had it: the store and the hub both hear of it.
    cancel_in_store(sent[CANCEL_AFTER])
    hub.kiosk("cancel", sent[CANCEL_AFTER]["code"], kiosk="cite-19", ok=True)
    check(hub.value("SELECT count(*) FROM hub.registrations") == str(len(PEOPLE)), "every registration at the hub")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE cancelled_at IS NOT NULL") == "2",
          "two cancelled at the hub")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE details IS NULL") == "0", "sealed details at the hub")

    fig = figures(sent)
    office_args = ["--key", hub.key_path, "--passphrase-file", hub.passphrase_file]
    conninfo = hub.conninfo("office", "hub-test-office")

    # The report from the hub: offers and flags' names from the hub's publications.
    from_hub = os.path.join(hub.dir, "report-hub")
    result = run([TREMPLIN_OFFICE, "report", "--hub", conninfo, *office_args, "--season", "2026",
                  "--output", from_hub])
    check(f"Report of {fig['registrations']} registrations from the hub" in result.stdout, result.stdout)
    text = check_figures(from_hub, fig)
    check("Diallo" not in text and "Awa" not in text, "no name in the PDF")
    for name in os.listdir(from_hub):
        if name.endswith(".csv") or name.endswith(".svg"):
            with open(os.path.join(from_hub, name), encoding="utf-8-sig") as f:
                data = f.read()
            check("Diallo" not in data and "example.org" not in data, f"no personal detail in {name}")

    # A catalogue put at the hub behind the office's back (not signed by its
    # key) is passed over, as the kiosks pass it over, and said.
    hub.psql("INSERT INTO hub.publications (version, kind, payload, signature) VALUES "
             "(3, 'catalogue', convert_to('id;title\nRH-DEV;Forged\n', 'UTF8'), decode(repeat('ab', 64), 'hex'))")
    tampered = os.path.join(hub.dir, "report-tampered")
    result = run([TREMPLIN_OFFICE, "report", "--hub", conninfo, *office_args, "--season", "2026",
                  "--output", tampered])
    check("newest catalogue at the hub is not signed by the office key" in result.stderr, result.stderr)
    check_figures(tampered, fig)
    hub.psql("DELETE FROM hub.publications WHERE version = 3")

    # A date range: the first day alone.
    first_day = os.path.join(hub.dir, "report-first-day")
    run([TREMPLIN_OFFICE, "report", "--hub", conninfo, *office_args, "--from-date", DAYS[0],
         "--to-date", DAYS[0], "--output", first_day])
    check_figures(first_day, figures([p for p in sent if p["day"] == DAYS[0]]))

    # The same days exported by each kiosk, opened by the office, read with --from.
    usb = os.path.join(hub.dir, "usb")
    opened = os.path.join(hub.dir, "opened")
    os.makedirs(usb)
    os.makedirs(opened)
    sealed = []
    for name, kiosk in kiosks.items():
        for day in sorted({p["day"] for p in sent if p["kiosk"] == name}):
            sealed.append(kiosk.admin("export", "--date", day, "--output", usb).stdout.strip())
    run([TREMPLIN_OFFICE, "open", *sealed, *office_args, "--output", opened])
    csv_files = sorted(os.path.join(opened, n) for n in os.listdir(opened) if n.endswith(".csv"))
    check(len(csv_files) == len(sealed), f"opened: {os.listdir(opened)}")
    from_files = os.path.join(hub.dir, "report-files")
    run([TREMPLIN_OFFICE, "report", "--from", *csv_files, "--catalogue", catalogue, "--rules", RULES,
         "--season", "2026", "--output", from_files])
    check_figures(from_files, fig)
    tables = sorted(n for n in os.listdir(from_hub) if n.endswith(".csv"))
    check(tables == sorted(n for n in os.listdir(from_files) if n.endswith(".csv")), "the same tables")
    for name in tables:
        with open(os.path.join(from_hub, name), encoding="utf-8") as f:
            hub_rows = [line for line in f.read().splitlines() if not line.startswith("files;")]
        with open(os.path.join(from_files, name), encoding="utf-8") as f:
            file_rows = [line for line in f.read().splitlines() if not line.startswith("files;")]
        check(hub_rows == file_rows, f"{name}: from the hub {hub_rows} != from the files {file_rows}")

    # Failures: one clear line, exit 1 (2 for the command line), nothing written.
    def refused(*args, status=1, expect=None, stdin=None):
        out = os.path.join(hub.dir, "refused")
        os.makedirs(out, exist_ok=True)
        result = run([TREMPLIN_OFFICE, "report", *args, "--output", out], ok=False, stdin=stdin)
        lines = result.stderr.strip().splitlines()
        check(result.returncode == status, f"{args}: exit {result.returncode}: {result.stderr}")
        check(lines and lines[0].startswith("tremplin-office report: "), f"{args}: {result.stderr}")
        if expect:
            check(expect in lines[0], f"{args}: {lines[0]}")
        check(os.listdir(out) == [], f"{args} wrote {os.listdir(out)}")
        return lines[0]

    wrong = os.path.join(hub.dir, "wrong-passphrase")
    with open(wrong, "w") as f:
        f.write("not the passphrase at all\n")
    refused("--hub", conninfo, "--key", hub.key_path, "--passphrase-file", wrong,
            expect="does not open the office key")
    refused("--hub", conninfo, "--key", hub.key_path, stdin="not the passphrase at all\n",
            expect="does not open the office key")
    refused("--hub", hub.kiosk_conninfo("mairie-18"), *office_args, expect="The hub refused this login")
    hub.psql("CREATE ROLE stranger LOGIN PASSWORD 'stranger-password'")
    refused("--hub", hub.conninfo("stranger", "stranger-password"), *office_args,
            expect="The hub refused this login")
    refused("--hub", hub.conninfo("office", "not-the-password"), *office_args, expect="refused")
    refused("--hub", f"host={hub.dir}/nowhere dbname=tremplin user=office password=x", *office_args,
            expect="The hub cannot be reached")
    refused("--hub", conninfo, "--from", csv_files[0], *office_args, status=2, expect="not both")
    refused("--hub", conninfo, csv_files[0], *office_args, status=2, expect="not both")
    # Another office key (its passphrase right) opens no detail and verifies no publication.
    other = os.path.join(hub.dir, "other.key")
    run([os.environ["HUB_OFFICE"], "make-key", other, "correct horse battery staple"])
    refused("--hub", conninfo, "--key", other, "--passphrase-file", hub.passphrase_file,
            expect="The catalogue at the hub is not signed by the office key")
    refused("--hub", conninfo, "--key", other, "--passphrase-file", hub.passphrase_file,
            "--catalogue", catalogue, "--rules", RULES, expect="do not open with the office key")
print("ok")

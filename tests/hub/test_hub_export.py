#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tremplin-office hub export and hub provider-lists: three real kiosk stores
register people (one on a waiting list, one cancelled, one person at two
kiosks for the same offer), send them to the hub, and the office exports
them. The export is the CSV `tremplin-office open` writes for the same days
of the kiosks' sealed exports, line for line, with two columns more; every
field agrees with what was registered; a receipt altered at the hub is
flagged, a revoked kiosk's row made after its revocation is flagged, the
person registered twice is listed once with the other code named. The
providers' lists hold the people to invite, in order, under safe file
names. Bad days, a folder that cannot be written, a wrong passphrase or a
failed write: one line, exit 2 or 1, no file left."""
import csv
import json
import os
import re
import resource
import signal
import stat
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import AdminKiosk, Hub, check, run, SOURCE_DIR, TREMPLIN_OFFICE, HUB_KIOSK  # noqa: E402

RULES = os.path.join(SOURCE_DIR, "data", "rules", "paris-code-2017.ini")
HEADER = ("id;title;category;provider;address;postcode;modality;audience;min_level;hours;"
          "start_date;end_date;seats;info_session;description")
LONG_PROVIDER = "Université populaire " + "des métiers du numérique et de la donnée " * 6 + "(Île-de-France)"
# id, provider, seats (each kiosk's store counts its own), start, end.
OFFERS = [
    ("HX-DEV", "École du Code", 2, "2027-03-01", "2027-06-30"),
    ("HX-MKT", "Agence Numérique / Paris", 5, "2027-04-01", "2027-07-31"),
    ("HX-WEB", "agence numerique paris", 5, "2027-05-03", "2027-08-31"),
    ("HX-DATA", LONG_PROVIDER, 4, "2027-02-01", "2027-05-31"),
]
DAYS = ["2026-11-30", "2026-12-01"]

# (kiosk, day, offer, first name, last name, years old, e-mail)
PEOPLE = [
    ("mairie-18", DAYS[0], "HX-DEV", "Awa", "Diallo", 22, "awa@example.org"),
    ("mairie-18", DAYS[0], "HX-DEV", "Karim", "Benali", 35, "karim@example.org"),
    ("mairie-18", DAYS[0], "HX-DEV", "Léa", "Martin", 41, "lea@example.org"),          # waiting list
    ("mairie-18", DAYS[0], "HX-MKT", "Élodie", "N'Diaye-Morel", 29, "elodie@example.org"),
    ("cite-19", DAYS[0], "HX-MKT", "elodie", "NDIAYE MOREL", 29, "e.morel@example.net"),  # the same person
    ("cite-19", DAYS[0], "HX-DATA", "Élodie", "N'Diaye-Morel", 29, "elodie@example.org"),  # another offer
    ("cite-19", DAYS[0], "HX-WEB", "Paul", "Durand", 52, "paul@example.org"),           # cancelled
    ("cite-19", DAYS[1], "HX-WEB", "Inès", "Roux", 24, "ines@example.org"),              # receipt altered
    ("mairie-18", DAYS[1], "HX-DATA", "Jean", "Petit", 58, "jean@example.org"),
    ("gare-10", DAYS[1], "HX-DATA", "Sami", "Haddad", 31, "sami@example.org"),           # before revocation
    ("gare-10", DAYS[1], "HX-MKT", "Zoé", "Lambert", 27, "zoe@example.org"),             # after revocation
    ("mairie-18", DAYS[1], "HX-WEB", "Hugo", "Blanc", 45, "hugo@example.org"),
]
WAITING = 2
DUPLICATE = (3, 4)
CANCELLED = 6
ALTERED = 7
BEFORE_REVOCATION, AFTER_REVOCATION = 9, 10
REVOKED_AT = f"{DAYS[1]}T13:00:00+01:00"


def catalogue_text():
    rows = [f"{oid};Formation {oid};developer;{provider};12 rue Ordener;75018;on_site;all;none;400;"
            f"{start};{end};{seats};mardi 9 février 2027 à 10 h;Offre de test"
            for oid, provider, seats, start, end in OFFERS]
    return "\r\n".join([HEADER] + rows) + "\r\n"


def birth_date(years, on):
    return f"{int(on[:4]) - years}-{on[5:7]}-{min(int(on[8:]), 28):02d}"


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


with Hub() as hub:
    hub.init()
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    with open(catalogue, "w", encoding="utf-8", newline="") as f:
        f.write(catalogue_text())
    hub.publish_catalogue(catalogue)
    hub.office("publish-rules", RULES, "--key", hub.key_path, "--passphrase-file", hub.passphrase_file)
    kiosks = {name: AdminKiosk(hub, name, catalogue) for name in ("mairie-18", "cite-19", "gare-10")}

    sent = []
    for index, (kiosk, day, offer, first, last, age, email) in enumerate(PEOPLE):
        answers = {"birth_date": birth_date(age, DAYS[0]), "postcode": "75018", "qpv": "yes",
                   "job_status": "registered", "unemployed_months": 14, "diploma": "none",
                   "gender": "woman", "in_training": "no"}
        form = {"offer": offer, "answers": answers,
                "person": {"first_name": first, "last_name": last, "phone": f"06 12 34 56 {index:02d}",
                           "email": email}}
        hour = 13 + index % 4 if index == AFTER_REVOCATION else 9 + index % 3
        now = f"{day}T{hour:02d}:{index:02d}:00+01:00"
        result = kiosks[kiosk].register(form, now)
        sent.append({"kiosk": kiosk, "day": day, "offer": offer, "first": first, "last": last,
                     "birth_date": answers["birth_date"], "email": email,
                     "phone": f"06 12 34 56 {index:02d}", "code": result["code"], "status": result["status"]})
    check([p["status"] for p in sent].count("waiting_list") == 1 and sent[WAITING]["status"] == "waiting_list",
          f"one on the waiting list: {[p['status'] for p in sent]}")

    out = run([HUB_KIOSK, "cancel-store", kiosks["cite-19"].db, sent[CANCELLED]["code"]]).stdout
    check(out.strip() == "cancelled", f"cancel-store: {out}")
    sent[CANCELLED]["status"] = "cancelled"
    for name, kiosk in kiosks.items():
        days = sorted({p["day"] for p in sent if p["kiosk"] == name})
        out = run([HUB_KIOSK, "push-store", hub.kiosk_conninfo(name), name, kiosk.db, *days]).stdout
        check(out.strip() == f"sent={sum(p['kiosk'] == name for p in sent)} duplicates=0", f"push-store {name}: {out}")

    # A receipt altered at the hub: one character of its signature line.
    altered = sent[ALTERED]["code"]
    payload = hub.value(f"SELECT payload FROM hub.registrations WHERE code = '{altered}'")
    swapped = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    hub.psql(f"UPDATE hub.registrations SET payload = '{swapped}' WHERE code = '{altered}'")
    # Kiosk gare-10 stolen at 13:00 on the second day: revoked, as of then. Its
    # rows reached the hub when they were made; the one made after 13:00 is
    # no longer vouched for by the kiosk's key.
    hub.office("revoke-kiosk", "gare-10", "--reason", "stolen")
    hub.psql(f"UPDATE hub.kiosks SET revoked_at = '{REVOKED_AT}' WHERE id = 'gare-10'")
    hub.psql("UPDATE hub.registrations SET received_at = created_at + interval '1 minute'")

    office_args = ["--key", hub.key_path, "--passphrase-file", hub.passphrase_file]
    conninfo = hub.conninfo("office", "hub-test-office")

    def office(command, *args, ok=True, stdin=None, **kwargs):
        return run([TREMPLIN_OFFICE, "hub", command, "--hub", conninfo, *args], ok=ok, stdin=stdin, **kwargs)

    # ---- the kiosks' own exports, opened: what the hub's must repeat ----
    usb = os.path.join(hub.dir, "usb")
    opened = os.path.join(hub.dir, "opened")
    os.makedirs(usb)
    os.makedirs(opened)
    sealed = []
    for name, kiosk in kiosks.items():
        for day in sorted({p["day"] for p in sent if p["kiosk"] == name}):
            sealed.append(kiosk.admin("export", "--date", day, "--output", usb).stdout.strip())
    run([TREMPLIN_OFFICE, "open", *sealed, *office_args, "--output", opened])
    kiosk_lines = {}     # code → the CSV line the kiosk's export gives
    kiosk_header = None
    for name in sorted(os.listdir(opened)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(opened, name), "rb") as f:
            data = f.read()
        check(data.startswith(b"\xef\xbb\xbf"), f"{name}: BOM")
        lines = data[3:].decode("utf-8").split("\r\n")
        check(lines[-1] == "", f"{name}: CRLF after every row")
        kiosk_header = kiosk_header or lines[0]
        check(lines[0] == kiosk_header, "the same columns in every opened export")
        for line in lines[1:-1]:
            code = next(csv.reader([line], delimiter=";"))[1]
            kiosk_lines[code] = line
    check(len(kiosk_lines) == len(PEOPLE), f"every registration in the kiosks' exports: {len(kiosk_lines)}")

    # ---- hub export of both days ----
    exported = os.path.join(hub.dir, "exported")
    os.makedirs(exported)
    result = office("export", "--from", DAYS[0], "--to", DAYS[1], "--output", exported, *office_args)
    label = f"{DAYS[0]}_{DAYS[1]}"
    csv_path = os.path.join(exported, f"tremplin-hub-{label}.csv")
    jsonl_path = os.path.join(exported, f"tremplin-hub-{label}.jsonl")
    check(result.stdout.split() == [csv_path, jsonl_path], f"the files named: {result.stdout}")
    check(sorted(os.listdir(exported)) == sorted(os.path.basename(p) for p in (csv_path, jsonl_path)),
          f"nothing else written: {os.listdir(exported)}")
    for path in (csv_path, jsonl_path):
        check(stat.S_IMODE(os.stat(path).st_mode) == 0o600, f"{path} readable by its owner only")

    with open(csv_path, "rb") as f:
        data = f.read()
    check(data.startswith(b"\xef\xbb\xbf"), "the hub's CSV has the BOM")
    hub_lines = data[3:].decode("utf-8").split("\r\n")
    check(hub_lines[-1] == "", "CRLF after every row of the hub's CSV")
    check(hub_lines[0] == kiosk_header + ";receipt_check;same_person",
          f"the hub's columns are the kiosks' and two more:\n{hub_lines[0]}\n{kiosk_header}")
    rows = read_csv(csv_path)
    by_code = {r["code"]: r for r in rows}
    dup_kept, dup_left = sent[DUPLICATE[0]]["code"], sent[DUPLICATE[1]]["code"]
    expected_codes = [p["code"] for p in sent if p["code"] != dup_left]
    check(sorted(by_code) == sorted(expected_codes) and len(rows) == len(expected_codes),
          f"each registration once, the second of the same person left out: {sorted(by_code)}")

    # Line for line the kiosks' CSV, the two cells more at the end.
    expected_check = {p["code"]: "ok" for p in sent}
    expected_check[altered] = "bad_signature"
    expected_check[sent[AFTER_REVOCATION]["code"]] = "revoked_kiosk"
    expected_same = {p["code"]: "" for p in sent}
    expected_same[dup_kept] = dup_left
    for line in hub_lines[1:-1]:
        code = next(csv.reader([line], delimiter=";"))[1]
        want = f"{kiosk_lines[code]};{expected_check[code]};{expected_same[code]}"
        check(line == want, f"{code}: the hub's line\n{line}\ndiffers from the kiosk's\n{want}")

    # Field by field, what was registered.
    for p in sent:
        if p["code"] == dup_left:
            continue
        r = by_code[p["code"]]
        offer = next(o for o in OFFERS if o[0] == p["offer"])
        for column, value in (("kiosk_id", p["kiosk"]), ("local_date", p["day"]), ("offer_id", p["offer"]),
                              ("offer_title", f"Formation {p['offer']}"), ("offer_provider", offer[1]),
                              ("status", p["status"]), ("first_name", p["first"]), ("last_name", p["last"]),
                              ("birth_date", p["birth_date"]), ("email", p["email"]), ("phone", p["phone"]),
                              ("answer_birth_date", p["birth_date"]), ("flag_woman", "1")):
            check(r[column] == value, f"{p['code']} {column}: {r[column]!r} != {value!r}")
        check(r["registered_at"].startswith(p["day"] + "T"), f"{p['code']} registered_at {r['registered_at']}")
        check(r["cancel_reason"] == ("changed their mind" if p["status"] == "cancelled" else ""),
              f"{p['code']} cancel_reason {r['cancel_reason']!r}")

    # The JSON Lines: the same rows, keys in column order.
    columns = hub_lines[0].split(";")
    with open(jsonl_path, encoding="utf-8") as f:
        objects = [json.loads(line) for line in f]
    check([o["code"] for o in objects] == [r["code"] for r in rows], "the JSON Lines hold the CSV's rows, in order")
    for o, r in zip(objects, rows):
        check(list(o) == columns, f"JSON keys: {list(o)}")
        for column in columns:
            value = o[column]
            if isinstance(value, bool):
                value = "1" if value else "0"
            check(value == r[column] or r[column] == "'" + value, f"{r['code']} {column}: {o[column]!r} != {r[column]!r}")

    # What was found is said, one line each.
    stderr = result.stderr
    check(re.search(rf"registration {altered} .*does not verify", stderr), f"the altered receipt is said:\n{stderr}")
    check(re.search(rf"registration {sent[AFTER_REVOCATION]['code']} .*after kiosk gare-10 was revoked", stderr),
          f"the revoked kiosk's later row is said:\n{stderr}")
    check(sent[BEFORE_REVOCATION]["code"] not in stderr, "the revoked kiosk's earlier row is not flagged")
    check(stderr.count(dup_left) == 2 and f"only {dup_kept} is listed" in stderr,
          f"the same person is said once:\n{stderr}")
    check(f"{len(PEOPLE)} registrations at the hub" in stderr and "2 flagged" in stderr and "1 left out" in stderr,
          f"the summary:\n{stderr}")

    # One day alone: that day's rows only; again the kiosks' lines.
    one_day = os.path.join(hub.dir, "one-day")
    os.makedirs(one_day)
    office("export", "--day", DAYS[0], "--output", one_day, *office_args)
    day_rows = read_csv(os.path.join(one_day, f"tremplin-hub-{DAYS[0]}.csv"))
    check(sorted(r["code"] for r in day_rows) ==
          sorted(p["code"] for p in sent if p["day"] == DAYS[0] and p["code"] != dup_left),
          f"the first day alone: {[r['code'] for r in day_rows]}")
    # Again: the files are there, kept unless --force.
    again = office("export", "--day", DAYS[0], "--output", one_day, *office_args, ok=False)
    check(again.returncode == 1 and "already exists" in again.stderr and "--force" in again.stderr, again.stderr)
    office("export", "--day", DAYS[0], "--output", one_day, "--force", *office_args)

    # ---- provider lists ----
    lists = os.path.join(hub.dir, "lists")
    os.makedirs(lists)
    result = office("provider-lists", "--from", DAYS[0], "--to", DAYS[1], "--output", lists, *office_args)
    names = sorted(os.listdir(lists))
    check(len(names) == len(OFFERS), f"one list per provider: {names}")
    check(sorted(result.stdout.split()) == sorted(os.path.join(lists, n) for n in names), result.stdout)
    for name in names:
        check(re.fullmatch(rf"[a-z0-9-]+_{label}\.csv", name) and len(name) < 120, f"a safe file name: {name}")
        check(stat.S_IMODE(os.stat(os.path.join(lists, name)).st_mode) == 0o600, f"{name} mode")
    check(f"ecole-du-code_{label}.csv" in names, f"accents: {names}")
    paris = [n for n in names if n.startswith("agence-numerique-paris-")]
    check(len(paris) == 2 and paris[0] != paris[1], f"two providers of the same letters, two names: {names}")
    long_names = [n for n in names if n.startswith("universite-populaire-des-metiers")]
    check(len(long_names) == 1 and len(long_names[0]) <= 60 + 10 + len(label) + 5, f"a long name shortened: {names}")
    check(re.search(rf"{altered}.*does not verify", result.stderr) and "in no list" in result.stderr,
          f"the flagged rows left out, and said:\n{result.stderr}")

    invited = {}
    for name in names:
        with open(os.path.join(lists, name), "rb") as f:
            check(f.read(3) == b"\xef\xbb\xbf", f"{name}: BOM")
        for row in read_csv(os.path.join(lists, name)):
            invited[row["code"]] = (name, row)
    flagged = {altered, sent[AFTER_REVOCATION]["code"]}
    expected = [p for p in sent if p["status"] != "cancelled" and p["code"] != dup_left and p["code"] not in flagged]
    check(sorted(invited) == sorted(p["code"] for p in expected), f"who is invited: {sorted(invited)}")
    provider_file = {}
    for p in expected:
        name, row = invited[p["code"]]
        offer = next(o for o in OFFERS if o[0] == p["offer"])
        provider_file.setdefault(offer[1], name)
        check(provider_file[offer[1]] == name, f"one file per provider: {offer[1]}")
        for column, value in (("offer_id", p["offer"]), ("offer_title", f"Formation {p['offer']}"),
                              ("start_date", offer[3]), ("end_date", offer[4]),
                              ("info_session", "mardi 9 février 2027 à 10 h"), ("status", p["status"]),
                              ("last_name", p["last"]), ("first_name", p["first"]), ("phone", p["phone"]),
                              ("email", p["email"]), ("kiosk_id", p["kiosk"])):
            check(row[column] == value, f"list of {p['code']} {column}: {row[column]!r} != {value!r}")
    check(invited[dup_kept][1]["same_person"] == dup_left, "the same person's other code named in the list")
    dev = read_csv(os.path.join(lists, provider_file["École du Code"]))
    check([(r["code"], r["status"], r["position"]) for r in dev] ==
          [(sent[0]["code"], "registered", "1"), (sent[1]["code"], "registered", "2"),
           (sent[WAITING]["code"], "waiting_list", "1")], f"registered, then the waiting list: {dev}")
    data_list = read_csv(os.path.join(lists, long_names[0]))
    check([r["code"] for r in data_list] == [sent[5]["code"], sent[BEFORE_REVOCATION]["code"], sent[8]["code"]],
          f"in order of registration: {[r['code'] for r in data_list]}")

    # ---- mistakes: one line, exit 2 or 1, nothing written ----
    refused_dir = os.path.join(hub.dir, "refused")
    os.makedirs(refused_dir)

    def refused(command, *args, status, expect, stdin=None, folder=refused_dir, **kwargs):
        result = office(command, *args, "--output", folder, *office_args if stdin is None else [],
                        ok=False, stdin=stdin, **kwargs)
        lines = result.stderr.strip().splitlines()
        check(result.returncode == status, f"{command} {args}: exit {result.returncode}: {result.stderr}")
        check(len(lines) == 1 and lines[0].startswith("tremplin-office: "), f"{command} {args}: {result.stderr}")
        check(expect in lines[0], f"{command} {args}: {lines[0]}")
        if os.path.isdir(folder):
            check(os.listdir(folder) == [], f"{command} {args} wrote {os.listdir(folder)}")

    for command in ("export", "provider-lists"):
        refused(command, "--day", "2026-11-31", status=2, expect="is not a date")
        refused(command, "--day", "30/11/2026", status=2, expect="is not a date")
        refused(command, "--from", DAYS[1], "--to", DAYS[0], status=2, expect="is before --from")
        refused(command, "--from", DAYS[0], status=2, expect="give both --from and --to")
        refused(command, "--day", DAYS[0], "--to", DAYS[1], status=2, expect="not both")
        refused(command, status=2, expect="no day given")
        refused(command, "--day", DAYS[0], "--output-folder", "x", status=2, expect="Unknown option")
        refused(command, "--day", DAYS[0], status=1, expect="does not exist",
                folder=os.path.join(hub.dir, "nowhere"))
        refused(command, "--day", DAYS[0], status=1, expect="is a file, not a folder", folder=catalogue)
        refused(command, "--day", DAYS[0], "--key", hub.key_path, status=1, stdin="not the passphrase\n",
                expect="does not open the office key")
        refused(command, "--day", DAYS[0], "--key", hub.key_path, "--passphrase-file", catalogue,
                status=1, stdin="", expect="does not open the office key")
        if os.getuid() != 0:
            locked = os.path.join(hub.dir, "locked")
            os.makedirs(locked, exist_ok=True)
            os.chmod(locked, 0o500)
            refused(command, "--day", DAYS[0], status=1, expect="cannot be written into", folder=locked)
            os.chmod(locked, 0o700)

        # A write that fails half-way (no room for a single byte, as a full
        # disk): nothing is left, not even a temporary file.
        def no_room():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

        refused(command, "--day", DAYS[0], status=1, expect="Could not write", preexec_fn=no_room)

    # Details altered at the hub: nothing is written, the registration named.
    victim = sent[0]["code"]
    hub.psql(f"UPDATE hub.registrations SET details = set_byte(details, 40, get_byte(details, 40) # 1)"
             f" WHERE code = '{victim}'")
    for command in ("export", "provider-lists"):
        result = office(command, "--day", DAYS[0], "--output", refused_dir, *office_args, ok=False)
        lines = result.stderr.strip().splitlines()
        check(result.returncode == 1 and len(lines) == 1 and "do not open with the office key" in lines[0]
              and victim in lines[0], f"altered details: {result.stderr}")
        check(os.listdir(refused_dir) == [], f"altered details: {os.listdir(refused_dir)}")

    # A login that is not the office's.
    result = run([TREMPLIN_OFFICE, "hub", "export", "--hub", hub.kiosk_conninfo("mairie-18"), "--day", DAYS[0],
                  "--output", refused_dir, *office_args], ok=False)
    check(result.returncode == 1 and result.stderr.count("\n") == 1 and "The hub refused this login" in result.stderr,
          result.stderr)
    check(os.listdir(refused_dir) == [], "nothing written for a kiosk's login")
print("ok")

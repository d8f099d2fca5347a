# SPDX-License-Identifier: GPL-3.0-or-later
"""A made-up season as the kiosks export it (docs/export.md: the same columns,
in the same order, CSV and JSON Lines), and the report's figures counted
again straight from those rows, independently of the C code."""

import csv
import datetime
import io
import json
import os
import random

SOURCE_DIR = os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DEMO_CATALOGUE = os.path.join(SOURCE_DIR, "data", "catalogue", "demo-catalogue.csv")

FIXED = ["kiosk_id", "code", "registered_at", "local_date", "status",
         "offer_id", "offer_title", "offer_category", "offer_provider", "offer_postcode",
         "verdict", "last_name", "first_name", "birth_date", "phone", "email", "postcode",
         "pole_emploi_id"]
QUESTIONS = ["birth_date", "postcode", "qpv", "job_status", "unemployed_months", "diploma",
             "gender", "in_training"]
FLAGS = ["qpv", "under_26", "over_50", "no_diploma", "woman", "long_term_unemployed"]
COLUMNS = FIXED + ["answer_" + q for q in QUESTIONS] + ["flag_" + f for f in FLAGS] + ["cancel_reason"]
SEASON_1 = {"developer": 33, "digital_marketing": 19, "project_manager": 17, "ecommerce": 11,
            "cybersecurity": 3, "other": 17}


def catalogue(path=DEMO_CATALOGUE):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def make_rows(offers, n, kiosks=("mairie-18", "mairie-19", "cite-metiers"), days=30,
              start=datetime.date(2026, 11, 2), seed=17):
    rng = random.Random(seed)
    rows = []
    taken = {}
    # People crowd into a few offers: some fill up and keep a waiting list.
    weights = [(3 if o["category"] == "developer" else 1) * (40 if k % 7 == 0 else 1)
               for k, o in enumerate(offers)]
    for i in range(n):
        day = start + datetime.timedelta(days=min(days - 1, int(rng.random() ** 0.8 * days)))
        offer = rng.choices(offers, weights)[0]
        taken[offer["id"]] = taken.get(offer["id"], 0) + 1
        status = "registered" if taken[offer["id"]] <= int(offer["seats"]) else "waiting_list"
        if rng.random() < 0.03:
            status = "cancelled"
        postcode = rng.choice(["75018", "75019", "75020", "75011", "75116", "93200", "75001", "75013"])
        flags = {f: rng.random() < p for f, p in zip(FLAGS, [0.3, 0.25, 0.1, 0.15, 0.45, 0.2])}
        row = dict.fromkeys(COLUMNS, "")
        row.update({
            "kiosk_id": rng.choice(kiosks), "code": f"{i:04X}-TEST",
            "registered_at": f"{day.isoformat()}T10:{i % 60:02d}:00+01:00",
            "local_date": day.isoformat(), "status": status, "offer_id": offer["id"],
            "offer_title": offer["title"], "offer_category": offer["category"],
            "offer_provider": offer["provider"], "offer_postcode": offer["postcode"],
            "verdict": "eligible", "last_name": "Nom", "first_name": "Prénom",
            "birth_date": "1990-01-01", "phone": "06 12 34 56 78", "postcode": postcode,
            "answer_postcode": postcode, "answer_gender": "woman" if flags["woman"] else "man",
            "cancel_reason": "doublon" if status == "cancelled" else "",
        })
        for f in FLAGS:
            row["flag_" + f] = flags[f]
        rows.append(row)
    rows.sort(key=lambda r: (r["local_date"], r["code"]))
    return rows


def jsonl_line(row):
    return json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_text(rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = []
        for c in COLUMNS:
            v = row[c]
            if isinstance(v, bool):
                v = "1" if v else "0"
            if v and v[0] in "=+-@\t\r":
                v = "'" + v
            cells.append(v)
        writer.writerow(cells)
    return "\ufeff" + out.getvalue()


def write_day_files(rows, folder, fmt="jsonl"):
    """One file per kiosk and day, named as the export names them."""
    groups = {}
    for row in rows:
        groups.setdefault((row["kiosk_id"], row["local_date"]), []).append(row)
    paths = []
    for (kiosk, day), group in sorted(groups.items()):
        path = os.path.join(folder, f"tremplin-{kiosk}-{day}.{fmt}")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("".join(jsonl_line(r) for r in group) if fmt == "jsonl" else csv_text(group))
        paths.append(path)
    return paths


def figures(rows, offers, target=1000, cost=7500, budget=1000000):
    """Every figure of the report, counted from the rows."""
    active = [r for r in rows if r["status"] != "cancelled"]
    n = len(active)
    fig = {"registrations": n,
           "registered": sum(r["status"] == "registered" for r in rows),
           "waiting_list": sum(r["status"] == "waiting_list" for r in rows),
           "cancelled": sum(r["status"] == "cancelled" for r in rows)}
    days, total = [], 0
    for day in sorted({r["local_date"] for r in active}):
        total += sum(r["local_date"] == day for r in active)
        days.append((day, total))
    fig["days"] = days
    fig["kiosks"] = {}
    for r in active:
        fig["kiosks"][r["kiosk_id"]] = fig["kiosks"].get(r["kiosk_id"], 0) + 1
    arr = {}
    for r in active:
        p = r["postcode"] or r["answer_postcode"]
        key = "75016" if p == "75116" else p if p in [f"750{i:02d}" for i in range(1, 21)] else "outside"
        arr[key] = arr.get(key, 0) + 1
    fig["arrondissements"] = arr
    cats = dict.fromkeys(SEASON_1, 0)
    for r in active:
        cats[r["offer_category"] if r["offer_category"] in SEASON_1 else "other"] += 1
    fig["categories"] = cats
    fig["flags"] = {f: sum(bool(r["flag_" + f]) for r in active) for f in FLAGS}
    per_offer = {o["id"]: {"seats": int(o["seats"]), "registered": 0, "waiting": 0, "provider": o["provider"]}
                 for o in offers}
    for r in rows:
        o = per_offer.setdefault(r["offer_id"], {"seats": None, "registered": 0, "waiting": 0,
                                                 "provider": r["offer_provider"]})
        if r["status"] == "registered":
            o["registered"] += 1
        elif r["status"] == "waiting_list":
            o["waiting"] += 1
    for o in per_offer.values():
        o["filled"] = min(o["registered"], o["seats"]) if o["seats"] is not None else o["registered"]
        o["empty"] = o["seats"] - o["filled"] if o["seats"] is not None else None
    fig["offers"] = per_offer
    fig["unchosen"] = sorted(i for i, o in per_offer.items()
                             if o["seats"] is not None and o["registered"] == 0 and o["waiting"] == 0)
    providers = {}
    for o in per_offer.values():
        p = providers.setdefault(o["provider"], {"seats": 0, "filled": 0, "waiting": 0, "empty": 0})
        p["seats"] += o["seats"] or 0
        p["filled"] += o["filled"]
        p["waiting"] += o["waiting"]
        p["empty"] += o["empty"] or 0
    fig["providers"] = providers
    fig["committed"] = fig["registered"] * cost
    fig["budget"] = budget
    fig["target"] = target
    return fig

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub stopped in the middle of a day: kiosks (real stores, their sync
running) keep registering within their leases (the rest on the waiting
list), none oversells, and once the hub is back every registration reaches
it exactly once; the outbox sent again whole (acknowledgements lost) stores
nothing twice."""
import sys, os, sqlite3, subprocess
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue, local_rows

LEASED, UNLEASED, WALK_INS = 8, 3, 5

with Hub() as hub:
    hub.init()
    kiosks = [f"k{i}" for i in range(LEASED + UNLEASED)]
    for k in kiosks:
        hub.enrol(k)
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("DAY-1", 24)])
    hub.publish_catalogue(catalogue)

    # Morning: every kiosk gets the catalogue; the first ones take leases
    # of up to 3 seats.
    held = {}
    for k in kiosks:
        wanted = 3 if k in kiosks[:LEASED] else 0
        out = hub.kiosk("take", "DAY-1", wanted, os.path.join(hub.dir, k), kiosk=k, ok=True).stdout
        if wanted:
            held[k] = int(out.split("=")[1])
    # A lease takes at most a quarter of the free seats (at least one).
    check(list(held.values()) == [3, 3, 3, 3, 3, 3, 2, 1], f"leases: {held}")
    leased = sum(held.values())

    # The hub goes down; every kiosk goes on with its day at once.
    hub.stop()
    procs = {k: subprocess.Popen(hub.kiosk_command("day", "DAY-1", WALK_INS, os.path.join(hub.dir, k), 3, "top-up", kiosk=k),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in kiosks}
    receipts = {}
    for k, p in procs.items():
        out, err = p.communicate(timeout=120)
        check(p.returncode == 0, f"{k}: {err}")
        check(f"sent=0 unsent={WALK_INS}" in out, f"{k} sent something with the hub down: {out}")
        receipts[k] = [tuple(l.split()) for l in out.splitlines() if l.split()[0] in ("registered", "waiting")]
    for k in kiosks:
        registered = len([r for r in receipts[k] if r[0] == "registered"])
        check(registered == min(held.get(k, 0), WALK_INS), f"{k}: {registered} registered with {held.get(k, 0)} seats held")
        stored, unsent = local_rows(os.path.join(hub.dir, k))
        check(stored == sorted((k, s, c) for s, c in receipts[k]) and unsent == WALK_INS,
              f"{k}: its store holds the receipts given, all unsent")
    total = sum(1 for rs in receipts.values() for r in rs if r[0] == "registered")
    check(total == leased, f"{total} registered offline for {leased} seats leased")
    # The sync said why, for the staff panel.
    db = sqlite3.connect(os.path.join(hub.dir, "k0", "tremplin.db"))
    last_error = db.execute("SELECT last_error FROM sync_state").fetchone()[0]
    db.close()
    check(last_error, "the store records the last error of the sync")

    # Back: every kiosk's sync pushes its outbox.
    hub.start()
    for k in kiosks:
        out = hub.kiosk("push", os.path.join(hub.dir, k), kiosk=k, ok=True).stdout
        check(f"sent={WALK_INS} duplicates=0 unsent=0" in out, f"{k} push: {out}")
    given = sorted((k, s, c) for k, rs in receipts.items() for s, c in rs)
    rows = hub.psql("SELECT kiosk_id, status, code FROM hub.registrations").stdout.split()
    check(sorted(tuple(r.split("|")) for r in rows) == given, "the hub holds every receipt given, once")
    check(hub.value("SELECT registered || '/' || escrowed || '/' || seats FROM hub.offers") == f"{leased}/0/24",
          "every leased seat registered, none held, 24 seats")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE over_seats") == "0", "none over the seats")

    # A lost acknowledgement: the whole outbox marked unsent again is sent
    # again, acknowledged, stored once.
    for k in kiosks:
        d = os.path.join(hub.dir, k)
        db = sqlite3.connect(os.path.join(d, "tremplin.db"))
        db.execute("UPDATE registrations SET hub_sent_at = NULL")
        db.commit()
        db.close()
        out = hub.kiosk("push", d, kiosk=k, ok=True).stdout
        check(f"sent={WALK_INS} duplicates={WALK_INS} unsent=0" in out, f"{k} resend: {out}")
    check(hub.value("SELECT count(*) FROM hub.registrations") == str(len(given)), "still once each")
    check(hub.value("SELECT registered FROM hub.offers") == str(leased), "seats counted once")
print("ok")

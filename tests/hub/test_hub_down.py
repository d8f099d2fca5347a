#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub stopped in the middle of a day: kiosks keep registering within their
leases (the rest on the waiting list), none oversells, and once the hub is
back every registration reaches it exactly once; a resend of all of them
stores nothing twice."""
import sys, os, shutil, subprocess
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue

LEASED, UNLEASED, WALK_INS = 8, 3, 5

with Hub() as hub:
    hub.init()
    kiosks = [f"k{i}" for i in range(LEASED + UNLEASED)]
    for k in kiosks:
        hub.enrol(k)
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("DAY-1", 24)])
    hub.publish_catalogue(catalogue)

    # Morning: the first kiosks take leases of up to 3 seats.
    held = {}
    for k in kiosks[:LEASED]:
        out = hub.kiosk("take", "DAY-1", 3, os.path.join(hub.dir, k), kiosk=k, ok=True).stdout
        held[k] = int(out.split("=")[1])
    # A lease takes at most a quarter of the free seats (at least one).
    check(list(held.values()) == [3, 3, 3, 3, 3, 3, 2, 1], f"leases: {held}")
    leased = sum(held.values())

    # The hub goes down; every kiosk goes on with its day at once.
    hub.stop()
    procs = {k: subprocess.Popen(hub.kiosk_command("day", "DAY-1", WALK_INS, os.path.join(hub.dir, k), 3, kiosk=k),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in kiosks}
    receipts = {}
    for k, p in procs.items():
        out, err = p.communicate(timeout=120)
        check(p.returncode == 0, f"{k}: {err}")
        check(f"unsent={WALK_INS}" in out, f"{k} sent something with the hub down: {out}")
        receipts[k] = [tuple(l.split()) for l in out.splitlines() if l.split()[0] in ("registered", "waiting")]
    for k in kiosks:
        registered = len([r for r in receipts[k] if r[0] == "registered"])
        check(registered == min(held.get(k, 0), WALK_INS), f"{k}: {registered} registered with {held.get(k, 0)} seats held")
    total = sum(1 for rs in receipts.values() for r in rs if r[0] == "registered")
    check(total == leased, f"{total} registered offline for {leased} seats leased")

    # Back: every kiosk pushes its outbox.
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

    # A lost acknowledgement: every row sent again is acknowledged, stored once.
    for k in kiosks:
        d = os.path.join(hub.dir, k)
        for name in os.listdir(os.path.join(d, "sent")):
            shutil.copy(os.path.join(d, "sent", name), os.path.join(d, "outbox", name))
        out = hub.kiosk("push", d, kiosk=k, ok=True).stdout
        check(f"sent={WALK_INS} duplicates={WALK_INS} unsent=0" in out, f"{k} resend: {out}")
    check(hub.value("SELECT count(*) FROM hub.registrations") == str(len(given)), "still once each")
    check(hub.value("SELECT registered FROM hub.offers") == str(leased), "seats counted once")
print("ok")

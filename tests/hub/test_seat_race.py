#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""20 kiosk processes register at once for one offer with 10 seats: exactly 10
registered across the programme, the rest on waiting lists, and the hub's
rows are the receipts the kiosks gave, once each."""
import sys, os, subprocess
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue

KIOSKS = 20

def run_day(hub, offer, walk_ins, wanted):
    """Every kiosk's day at once; returns {kiosk: [(status, code)]}."""
    procs = {}
    for i in range(KIOSKS):
        kiosk = f"k{i:02d}"
        d = os.path.join(hub.dir, f"{offer}-{kiosk}")
        procs[kiosk] = subprocess.Popen(hub.kiosk_command("day", offer, walk_ins, d, wanted, kiosk=kiosk),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    receipts = {}
    for kiosk, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        check(proc.returncode == 0, f"{kiosk}: exit {proc.returncode}: {err}")
        check("unsent=0" in out, f"{kiosk} left rows unsent: {out}{err}")
        receipts[kiosk] = [tuple(line.split()) for line in out.splitlines() if line.split()[0] in ("registered", "waiting")]
    return receipts

def hub_rows(hub, offer):
    rows = hub.psql(f"SELECT kiosk_id, status, code FROM hub.registrations WHERE offer_id = '{offer}'").stdout
    return sorted(tuple(r.split("|")) for r in rows.split())

with Hub() as hub:
    hub.init()
    for i in range(KIOSKS):
        hub.enrol(f"k{i:02d}")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("RACE-1", 10), ("RACE-2", 10)])
    hub.publish_catalogue(catalogue)

    # One seat at a time: every seat is used at once.
    receipts = run_day(hub, "RACE-1", 2, 1)
    given = sorted((k, s, c) for k, rs in receipts.items() for s, c in rs)
    registered = [r for r in given if r[1] == "registered"]
    check(len(registered) == 10, f"{len(registered)} registered receipts for 10 seats")
    check(len(given) == 2 * KIOSKS, f"{len(given)} receipts for {2 * KIOSKS} walk-ins")
    check(hub_rows(hub, "RACE-1") == given, "the hub's rows are the receipts given, once each")
    check(hub.value("SELECT registered || '/' || escrowed FROM hub.offers WHERE id = 'RACE-1'") == "10/0",
          "the hub counts 10 registered, none held")

    # Leases of up to 3 seats: seats a kiosk holds are nobody else's, so
    # fewer may be registered today, never more; close of day returns them.
    receipts = run_day(hub, "RACE-2", 3, 3)
    given = sorted((k, s, c) for k, rs in receipts.items() for s, c in rs)
    registered = len([r for r in given if r[1] == "registered"])
    held = int(hub.value("SELECT escrowed FROM hub.offers WHERE id = 'RACE-2'"))
    check(registered <= 10 and registered + held == 10, f"RACE-2: {registered} registered + {held} held")
    check(hub_rows(hub, "RACE-2") == given, "RACE-2: the hub's rows are the receipts given")
    for i in range(KIOSKS):
        hub.kiosk("return", "RACE-2", 99, kiosk=f"k{i:02d}", ok=True)
    check(hub.value("SELECT escrowed FROM hub.offers WHERE id = 'RACE-2'") == "0", "every lease returned")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE over_seats") == "0", "no row over the seats")
    print(f"RACE-2 with leases of 3: {registered} registered, {held} held until close of day")
print("ok")

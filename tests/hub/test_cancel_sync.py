#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cancellations through a kiosk's sync: one cancelled before it was sent
goes to the hub cancelled and its seat stays this kiosk's to sell; one
cancelled after it was sent reaches the hub as a cancellation, once, and its
seat is free again for every kiosk. The hub's counts and the kiosk's lease
agree at every step."""
import sys, os, sqlite3, subprocess
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue, HUB_KIOSK


def cancel_in_store(db_path, code):
    """Staff cancelling in the kiosk's store, as its staff panel does."""
    result = subprocess.run([HUB_KIOSK, "cancel-store", db_path, code], capture_output=True, text=True)
    return result.stdout.strip()

with Hub() as hub:
    hub.init()
    hub.enrol("k1")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("CAN-1", 8)])
    hub.publish_catalogue(catalogue)
    d = os.path.join(hub.dir, "k1")
    db_path = os.path.join(d, "tremplin.db")
    check(hub.kiosk("take", "CAN-1", 2, d, kiosk="k1", ok=True).stdout.strip() == "held=2", "two seats leased")

    def local_lease():
        db = sqlite3.connect(db_path)
        held = db.execute("SELECT held FROM leases WHERE offer_id = 'CAN-1'").fetchone()[0]
        db.close()
        return held

    def counts():
        return hub.value("SELECT registered || '/' || escrowed FROM hub.offers WHERE id = 'CAN-1'")

    # Offline: two registered on the lease, one waiting.
    hub.stop()
    out = hub.kiosk("day", "CAN-1", 3, d, 2, kiosk="k1", ok=True).stdout
    receipts = [l.split() for l in out.splitlines() if l.split()[0] in ("registered", "waiting")]
    check([r[0] for r in receipts] == ["registered", "registered", "waiting"], f"day: {out}")
    first, second = receipts[0][1], receipts[1][1]

    # Cancelled before it was sent: the seat is back on the kiosk's lease.
    check(cancel_in_store(db_path, first) == "cancelled", "cancel the first")
    check(local_lease() == 1, f"the seat back on the lease: {local_lease()}")

    hub.start()
    out = hub.kiosk("push", d, kiosk="k1", ok=True).stdout
    check("sent=3 duplicates=0 unsent=0 cancellations=0" in out, f"push: {out}")
    check(hub.value(f"SELECT cancelled_at IS NOT NULL FROM hub.registrations WHERE code = '{first}'") == "t",
          "the first reached the hub cancelled")
    # The hub counted one seat (the second); the seat the first gave back is
    # still escrowed for this kiosk, which may sell it.
    check(counts() == "1/1", f"registered/escrowed: {counts()}")
    check(local_lease() == 1, "the kiosk still holds it")

    # Cancelled after it was sent: the cancellation goes, once; the seat is free for all.
    check(cancel_in_store(db_path, second) == "cancelled", "cancel the second")
    check(local_lease() == 1, "not back on the lease: it is the hub's")
    out = hub.kiosk("push", d, kiosk="k1", ok=True).stdout
    check("cancellations=1" in out, f"push: {out}")
    check(hub.value(f"SELECT cancelled_at IS NOT NULL FROM hub.registrations WHERE code = '{second}'") == "t",
          "the second cancelled at the hub")
    check(counts() == "0/1", f"registered/escrowed: {counts()}")
    out = hub.kiosk("push", d, kiosk="k1", ok=True).stdout
    check("sent=0 duplicates=0 unsent=0 cancellations=0" in out, f"nothing left to send: {out}")

    # Close of day: the lease goes back.
    hub.kiosk("close", d, kiosk="k1", ok=True)
    check(counts() == "0/0" and local_lease() == 0, f"all given back: {counts()} {local_lease()}")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE over_seats") == "0", "none over the seats")
print("ok")

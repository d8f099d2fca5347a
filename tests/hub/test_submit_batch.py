#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A kiosk's outbox goes to the hub in batches (hub.submit_registrations):
the hub answers every row in its place though it stores them offer by offer;
a row it refuses stays in the kiosk's outbox alone while the rest of its
batch is stored; a row sent again is a duplicate; a revoked kiosk has every
row refused and nothing stored. The office's `hub status` shows what a
kiosk had left to send at its last contact."""
import sys, os, sqlite3
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue


def unsent_codes(directory):
    db = sqlite3.connect(os.path.join(directory, "tremplin.db"))
    try:
        return sorted(c for (c,) in db.execute("SELECT code FROM registrations WHERE hub_sent_at IS NULL"))
    finally:
        db.close()


def unsent_at_hub(hub, kiosk):
    """What `hub status` says @kiosk had not yet sent at its last contact."""
    for line in hub.office("status").stdout.splitlines():
        words = line.split()
        if words and words[0] == kiosk:
            return words[5]
    return None


def registered_codes(output):
    return [line.split()[1] for line in output.splitlines() if line.startswith("registered ")]


with Hub() as hub:
    hub.init()
    hub.enrol("k1")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("BATCH-1", 20), ("BATCH-2", 20)])
    hub.publish_catalogue(catalogue)
    d = os.path.join(hub.dir, "k1")
    check(hub.kiosk("take", "BATCH-1", 4, d, kiosk="k1", ok=True).stdout.strip() == "held=4", "k1 leases 4 of BATCH-1")
    check(hub.kiosk("take", "BATCH-2", 1, d, kiosk="k1", ok=True).stdout.strip() == "held=1", "k1 leases 1 of BATCH-2")

    # Offline, the outbox fills with the offers interleaved: 1, 1, 2, 1, 1.
    hub.stop()
    first = registered_codes(hub.kiosk("day", "BATCH-1", 2, d, 4, kiosk="k1", ok=True).stdout)
    lone = registered_codes(hub.kiosk("day", "BATCH-2", 1, d, 1, kiosk="k1", ok=True).stdout)
    last = registered_codes(hub.kiosk("day", "BATCH-1", 2, d, 4, kiosk="k1", ok=True).stdout)
    check(len(first) == 2 and len(lone) == 1 and len(last) == 2, f"five registered offline: {first} {lone} {last}")
    hub.start()

    # Meanwhile BATCH-2 is gone from the hub: its row is refused, the four
    # others around it are stored.
    hub.psql("DELETE FROM hub.leases WHERE offer_id = 'BATCH-2'; DELETE FROM hub.offer_pool WHERE id = 'BATCH-2'")
    out = hub.kiosk("push", d, kiosk="k1").stdout
    check("sent=4 duplicates=0 unsent=1" in out and "refused=1" in out, f"push: {out}")
    check("no published offer BATCH-2" in out, f"the refusal is said: {out}")
    check(unsent_codes(d) == lone, f"only BATCH-2's row is left to send: {unsent_codes(d)} for {lone}")
    check(unsent_at_hub(hub, "k1") == "1", f"the office sees k1's backlog: {unsent_at_hub(hub, 'k1')}")
    stored = sorted(hub.psql("SELECT code FROM hub.registrations").stdout.split())
    check(stored == sorted(first + last), f"the hub holds the four others: {stored}")
    check(hub.value("SELECT held FROM hub.leases WHERE kiosk_id = 'k1' AND offer_id = 'BATCH-1'") == "0",
          "the four took BATCH-1's four leased seats")
    check(hub.value("SELECT registered || '/' || escrowed FROM hub.offers WHERE id = 'BATCH-1'") == "4/0",
          "BATCH-1 counts them once")

    # BATCH-2 back: the refused row goes with the next push, from the pool.
    hub.psql("INSERT INTO hub.offer_pool (id, seats) VALUES ('BATCH-2', 20)")
    out = hub.kiosk("push", d, kiosk="k1", ok=True).stdout
    check("sent=1 duplicates=0 unsent=0" in out and "refused=0" in out, f"push again: {out}")
    check(unsent_at_hub(hub, "k1") == "0", f"k1's backlog is gone: {unsent_at_hub(hub, 'k1')}")
    check(hub.value("SELECT registered || '/' || granted FROM hub.offers JOIN hub.offer_pool USING (id, seats)"
                    " WHERE id = 'BATCH-2'") == "1/1", "BATCH-2's row took a seat of its pool")

    # Two acknowledgements lost: the rows are sent again and answered as
    # duplicates, nothing stored twice.
    db = sqlite3.connect(os.path.join(d, "tremplin.db"))
    db.execute("UPDATE registrations SET hub_sent_at = NULL WHERE code IN (?, ?)", (first[1], last[0]))
    db.commit()
    db.close()
    out = hub.kiosk("push", d, kiosk="k1", ok=True).stdout
    check("sent=2 duplicates=2 unsent=0" in out, f"resent: {out}")
    check(hub.value("SELECT count(*) FROM hub.registrations") == "5", "five rows at the hub, once each")
    check(hub.value("SELECT registered FROM hub.offers WHERE id = 'BATCH-1'") == "4", "BATCH-1's seats counted once")

    # Revoked: the kiosk's batch is refused whole, nothing stored, all kept.
    check(hub.kiosk("take", "BATCH-1", 2, d, kiosk="k1", ok=True).stdout.strip() == "held=2", "k1 leases 2 more")
    hub.stop()
    late = registered_codes(hub.kiosk("day", "BATCH-1", 2, d, 2, kiosk="k1", ok=True).stdout)
    hub.start()
    hub.psql("UPDATE hub.kiosks SET revoked_at = now(), revoke_reason = 'stolen' WHERE id = 'k1'")
    out = hub.kiosk("push", d, kiosk="k1").stdout
    check("sent=0 duplicates=0 unsent=2" in out and "refused=2" in out and "error revoked" in out,
          f"revoked: {out}")
    check(unsent_codes(d) == sorted(late), f"both kept to send: {unsent_codes(d)}")
    check(hub.value("SELECT count(*) FROM hub.registrations") == "5", "nothing stored from a revoked kiosk")
print("ok")

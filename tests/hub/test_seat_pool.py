#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An offer's seats as one pool (003-seat-pool.sql): a registration on a
leased seat leaves the offer's row alone, so kiosks pushing for the same
training never wait for one another; the seats of a lease an hour past its
end go back to the pool when another kiosk asks; and the pool always equals
what is registered plus what is leased. A registration made on a lease the
hub took back, when the offer has no seat left, is kept and shown to the
office by `hub status`."""
import sys, os, sqlite3
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue

with Hub() as hub:
    hub.init()
    hub.enrol("k1")
    hub.enrol("k2")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("POOL-1", 8)])
    hub.publish_catalogue(catalogue)

    def pool():
        return hub.value("SELECT granted || '/' || seats FROM hub.offer_pool WHERE id = 'POOL-1'")

    def counts():
        return hub.value("SELECT registered || '/' || escrowed FROM hub.offers WHERE id = 'POOL-1'")

    def consistent():
        check(hub.value("SELECT p.granted = o.registered + o.escrowed FROM hub.offer_pool p"
                        " JOIN hub.offers o USING (id) WHERE id = 'POOL-1'") == "t",
              f"granted {pool()} is registered/escrowed {counts()}")

    # k1 leases two seats and registers two walk-ins on them while the hub is
    # down; their push takes them off its lease without a new version of the
    # offer's row.
    d1 = os.path.join(hub.dir, "k1")
    check(hub.kiosk("take", "POOL-1", 2, d1, kiosk="k1", ok=True).stdout.strip() == "held=2", "k1 leases two")
    check(pool() == "2/8", f"pool after the lease: {pool()}")
    version = hub.value("SELECT xmin FROM hub.offer_pool WHERE id = 'POOL-1'")
    hub.stop()
    out = hub.kiosk("day", "POOL-1", 2, d1, 2, kiosk="k1", ok=True).stdout
    check(out.count("registered ") == 2, f"two registered offline on the lease: {out}")
    hub.start()
    out = hub.kiosk("push", d1, kiosk="k1", ok=True).stdout
    check("sent=2 duplicates=0 unsent=0" in out, f"push: {out}")
    check(hub.value("SELECT xmin FROM hub.offer_pool WHERE id = 'POOL-1'") == version,
          "registrations on leased seats did not write the offer's row")
    check(counts() == "2/0" and pool() == "2/8", f"registered/escrowed {counts()}, pool {pool()}")
    consistent()

    # k1 leases two more, registers two walk-ins on them offline and stays
    # away. Half an hour past the lease's end its seats are still its own;
    # an hour past, they are the pool's again.
    check(hub.kiosk("take", "POOL-1", 2, d1, kiosk="k1", ok=True).stdout.strip() == "held=2", "k1 leases two more")
    hub.stop()
    out = hub.kiosk("day", "POOL-1", 2, d1, 2, kiosk="k1", ok=True).stdout
    check(out.count("registered ") == 2, f"two more registered offline on the lease: {out}")
    hub.start()
    d2 = os.path.join(hub.dir, "k2")
    hub.psql("UPDATE hub.leases SET expires_at = now() - interval '30 minutes' WHERE kiosk_id = 'k1'")
    check(hub.kiosk("take", "POOL-1", 8, d2, kiosk="k2", ok=True).stdout.strip() == "held=1",
          "k2 gets a quarter of the 4 seats free")
    check(hub.value("SELECT held FROM hub.leases WHERE kiosk_id = 'k1'") == "2", "a recent end: k1 keeps its seats")
    consistent()
    hub.psql("UPDATE hub.leases SET expires_at = now() - interval '61 minutes' WHERE kiosk_id = 'k1'")
    check(hub.kiosk("take", "POOL-1", 8, d2, kiosk="k2", ok=True).stdout.strip() == "held=3",
          "k2 gets a quarter of the 5 seats free once k1's are back")
    check(hub.value("SELECT held FROM hub.leases WHERE kiosk_id = 'k1'") == "0", "k1's lapsed seats taken back")
    check(counts() == "2/3" and pool() == "5/8", f"registered/escrowed {counts()}, pool {pool()}")
    consistent()

    # k1 comes back: the two it registered on its lapsed lease take seats
    # from the pool, which still has some.
    out = hub.kiosk("push", d1, kiosk="k1", ok=True).stdout
    check("sent=2 duplicates=0 unsent=0" in out, f"push: {out}")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE over_seats") == "0", "none over the seats")
    check(counts() == "4/3" and pool() == "7/8", f"registered/escrowed {counts()}, pool {pool()}")
    consistent()

    # Close of day at both kiosks: every leased seat is back in the pool.
    hub.kiosk("close", d1, kiosk="k1", ok=True)
    hub.kiosk("close", d2, kiosk="k2", ok=True)
    check(counts() == "4/0" and pool() == "4/8", f"after close: registered/escrowed {counts()}, pool {pool()}")
    consistent()
    check("no seat left" not in hub.office("status").stdout, "status: nobody over the seats yet")

    # The last four seats: k1 leases one and registers a walk-in on it
    # offline; past its lease's hour k2 takes it back with the three others
    # and sells them all; k1's late row finds the pool empty. It is kept and
    # the office is told.
    check(hub.kiosk("take", "POOL-1", 1, d1, kiosk="k1", ok=True).stdout.strip() == "held=1", "k1 leases one more")
    hub.stop()
    out = hub.kiosk("day", "POOL-1", 1, d1, 1, kiosk="k1", ok=True).stdout
    late = [line.split()[1] for line in out.splitlines() if line.startswith("registered ")]
    check(len(late) == 1, f"k1 registers one offline: {out}")
    hub.start()
    hub.psql("UPDATE hub.leases SET expires_at = now() - interval '61 minutes' WHERE kiosk_id = 'k1'")
    for _ in range(4):
        hub.kiosk("take", "POOL-1", 4, d2, kiosk="k2", ok=True)
    check(pool() == "8/8", f"k2 holds the last four: pool {pool()}")
    out = hub.kiosk("day", "POOL-1", 4, d2, 4, kiosk="k2", ok=True).stdout
    check("registered=4 waiting=0 sent=4 unsent=0" in out, f"k2 sells them: {out}")
    out = hub.kiosk("push", d1, kiosk="k1", ok=True).stdout
    check("sent=1 duplicates=0 unsent=0" in out, f"k1's late push is kept: {out}")
    check(hub.value("SELECT code FROM hub.registrations WHERE over_seats") == late[0], "flagged over the seats")
    check(pool() == "9/8", f"the pool counts it: {pool()}")
    consistent()
    status = hub.office("status").stdout
    check("Registered with no seat left" in status and late[0] in status.split("no seat left")[1],
          f"status names it: {status}")

    # The kiosks' offers lists learn the programme's free seats at their
    # next round: none left, though the catalogue says 8.
    hub.kiosk("sync", d2, kiosk="k2", ok=True)
    db = sqlite3.connect(os.path.join(d2, "tremplin.db"))
    free = db.execute("SELECT hub_free FROM offers WHERE id = 'POOL-1'").fetchone()[0]
    db.close()
    check(free == 0, f"k2's store knows POOL-1 is full: {free}")
print("ok")

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a kiosk's role may do: its own functions under its own id, nothing else,
and nothing at all once revoked; every refusal is in the server's log."""
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue

with Hub() as hub:
    hub.init()
    hub.enrol("k1")
    hub.enrol("k2")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("OFFER-1", 4)])
    hub.publish_catalogue(catalogue)

    # A kiosk's role reads no table, not even through a view of its own.
    for table in ("registrations", "kiosks", "leases", "offers", "publications", "refusals"):
        denied = hub.psql(f"SELECT count(*) FROM hub.{table}", user="kiosk_k1",
                          password=hub.kiosk_passwords["k1"], ok=False)
        check(denied.returncode != 0 and "permission denied" in denied.stderr,
              f"kiosk read hub.{table}: {denied.stdout}{denied.stderr}")
    # Nor may it call the office's functions, nor the internal one.
    for call in ("hub.revoke_kiosk('k2', 'x')", "hub.enrol_kiosk('k3', 'x', 'SCRAM-SHA-256$x')",
                 "hub.publish(1, 'rules', ''::bytea, ''::bytea, NULL)", "hub.next_version()",
                 "hub.caller_kiosk('k1')"):
        denied = hub.psql(f"SELECT {call}", user="kiosk_k1", password=hub.kiosk_passwords["k1"], ok=False)
        check(denied.returncode != 0 and "permission denied for function" in denied.stderr,
              f"kiosk called {call}: {denied.stdout}{denied.stderr}")
    # Nor create a table of its own in the hub's schema or public's.
    denied = hub.psql("CREATE TABLE hub.mine (x int)", user="kiosk_k1", password=hub.kiosk_passwords["k1"], ok=False)
    check(denied.returncode != 0, "kiosk created a table in hub")

    # Its own functions work.
    k1_dir = os.path.join(hub.dir, "k1")
    took = hub.kiosk("take", "OFFER-1", 1, k1_dir, kiosk="k1", ok=True)
    check("held=1" in took.stdout, f"take: {took.stdout}")
    day = hub.kiosk("day", "OFFER-1", 1, k1_dir, kiosk="k1", ok=True)
    check("registered=1" in day.stdout and "unsent=0" in day.stdout, f"day: {day.stdout}")
    code = day.stdout.split()[1]

    # Kiosk k1 writing under k2's id: refused, and said so.
    forged = hub.kiosk("take", "OFFER-1", 1, kiosk="k2", as_kiosk="k1")
    check(forged.returncode == 1 and "error refused" in forged.stdout and "may not write under the kiosk id k2" in forged.stdout,
          f"k1 as k2: {forged.stdout}{forged.stderr}")
    forged_dir = os.path.join(hub.dir, "forged")
    hub.kiosk("day", "OFFER-1", 1, forged_dir, kiosk="k2", as_kiosk="k1")
    pushed = hub.kiosk("push", forged_dir, kiosk="k2", as_kiosk="k1")
    check(pushed.returncode == 1 and "error refused" in pushed.stdout, f"push as k2: {pushed.stdout}")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE kiosk_id = 'k2'") == "0", "nothing stored under k2")
    # k2 cannot cancel k1's registration either.
    cancel = hub.kiosk("cancel", code, kiosk="k2")
    check(cancel.returncode == 1 and "has no registration" in cancel.stdout, f"k2 cancels k1's: {cancel.stdout}")
    # k1 can, once; twice is acknowledged.
    check(hub.kiosk("cancel", code, kiosk="k1", ok=True).stdout.strip() == "stored", "cancel")
    check(hub.kiosk("cancel", code, kiosk="k1", ok=True).stdout.strip() == "duplicate", "cancel again")
    check(hub.value("SELECT registered FROM hub.offers WHERE id = 'OFFER-1'") == "0", "the cancelled seat is free again")

    # Revoked: an open connection is refused at its next call, a new one at login.
    took = hub.kiosk("take", "OFFER-1", 2, kiosk="k2", ok=True)
    check("held=1" in took.stdout, f"k2 takes: {took.stdout}")   # a quarter of 4 seats, at least 1
    hub.office("revoke-kiosk", "k2", "--reason", "stolen from the town hall")
    revoked = hub.kiosk("take", "OFFER-1", 1, kiosk="k2")
    check(revoked.returncode == 1 and "error revoked" in revoked.stdout, f"revoked login: {revoked.stdout}")
    check(hub.value("SELECT escrowed FROM hub.offers WHERE id = 'OFFER-1'") == "0",
          "a revoked kiosk's seats are free again")
    # A connection opened before the revocation: the functions refuse it.
    sql = ("SELECT hub.take_lease('k1', 'OFFER-1', 1)")
    hub.psql("ALTER ROLE kiosk_k2 LOGIN")   # as if the role had slipped through
    late = hub.psql("SELECT * FROM hub.take_lease('k2', 'OFFER-1', 1)", user="kiosk_k2",
                    password=hub.kiosk_passwords["k2"], ok=False)
    check(late.returncode != 0 and "was revoked" in late.stderr, f"revoked call: {late.stderr}")

    # A role that is no kiosk's (the office's) cannot submit as a kiosk.
    office = hub.psql("SELECT * FROM hub.take_lease('k1', 'OFFER-1', 1)", user="office",
                      password="hub-test-office", ok=False)
    check(office.returncode != 0 and "permission denied" in office.stderr, f"office as kiosk: {office.stderr}")

    # The office reads everything; status says it.
    status = hub.office("status").stdout
    check("k2" in status and "revoked" in status and "OFFER-1" in status, f"status: {status}")

    # Every refusal is in the server's log with the role that asked.
    log = hub.server_log()
    check("kiosk_k1 ERROR:  hub: kiosk k1 may not write under the kiosk id k2" in log, "forgery logged")
    check("ERROR:  hub: kiosk k2 was revoked" in log, "revoked call logged")
    check('FATAL:  role "kiosk_k2" is not permitted to log in' in log, "revoked login logged")
    check("kiosk_k1 ERROR:  permission denied for table registrations" in log, "read attempt logged")
print("ok")

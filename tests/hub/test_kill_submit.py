#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A kiosk's push killed with SIGKILL at random moments, 100 times (between
the hub's acknowledgement and the kiosk marking the row sent, among
others): in the end every registration is at the hub exactly once, none
lost, and its seats are counted once."""
import sys, os, random, signal, subprocess, time
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue

ROWS, KILLS, SEATS = 300, 100, 40

with Hub() as hub:
    hub.init()
    hub.enrol("k1")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("KILL-1", 200)])
    hub.publish_catalogue(catalogue)
    d = os.path.join(hub.dir, "k1")
    # Leases until the kiosk holds SEATS seats (a quarter of the free ones each time).
    held = 0
    while held < SEATS:
        held = int(hub.kiosk("take", "KILL-1", SEATS, d, kiosk="k1", ok=True).stdout.split("=")[1])
    check(held == SEATS, f"held {held}")

    # A day offline fills the outbox.
    hub.stop()
    out = hub.kiosk("day", "KILL-1", ROWS, d, kiosk="k1", ok=True).stdout
    check(f"registered={SEATS} waiting={ROWS - SEATS} sent=0 unsent={ROWS}" in out, f"day: {out.splitlines()[-1]}")
    codes = sorted(l.split()[1] for l in out.splitlines() if l.split()[0] in ("registered", "waiting"))
    hub.start()

    rng = random.Random(int(os.environ.get("HUB_KILL_SEED", time.time_ns())))
    env = dict(os.environ, HUB_KIOSK_PAUSE_US="1500")
    killed = 0
    for _ in range(KILLS):
        p = subprocess.Popen(hub.kiosk_command("push", d, kiosk="k1"), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 0.06))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            killed += 1
        p.wait()
    sent_before = len(os.listdir(os.path.join(d, "sent")))
    final = hub.kiosk("push", d, kiosk="k1", ok=True).stdout
    check("unsent=0" in final, f"final push: {final}")
    duplicates = int(final.split("duplicates=")[1].split()[0])
    rows = sorted(hub.psql("SELECT code FROM hub.registrations").stdout.split())
    check(rows == codes, f"{len(rows)} rows at the hub for {len(codes)} registrations given")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE status = 'registered'") == str(SEATS),
          "every registered seat once")
    check(hub.value("SELECT registered || '/' || escrowed FROM hub.offers") == f"{SEATS}/0",
          "the hub counts each seat once, none left held")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE over_seats") == "0", "none over the seats")
    print(f"{killed} of {KILLS} pushes killed; {sent_before} rows marked sent before the last push, "
          f"which found {duplicates} already at the hub (acknowledged, then killed before marking)")
print("ok")

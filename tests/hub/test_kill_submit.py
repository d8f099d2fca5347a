#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A kiosk's sync (its real store, TrSync pushing the outbox) killed with
SIGKILL at random moments, 100 times: between the hub's acknowledgement and
the store marking the rows sent, inside the store's commits, while
connecting. In the end every registration is at the hub exactly once, none
lost, its seats counted once, and the store's outbox empty."""
import sys, os, random, signal, sqlite3, subprocess, time
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue, local_rows

ROWS, KILLS, SEATS = 300, 100, 40

with Hub() as hub:
    hub.init()
    hub.enrol("k1")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("KILL-1", 200)])
    hub.publish_catalogue(catalogue)
    d = os.path.join(hub.dir, "k1")
    held = int(hub.kiosk("take", "KILL-1", SEATS, d, kiosk="k1", ok=True).stdout.split("=")[1])
    check(held == SEATS, f"held {held}")

    # A day offline fills the outbox.
    hub.stop()
    out = hub.kiosk("day", "KILL-1", ROWS, d, SEATS, kiosk="k1", ok=True).stdout
    check(f"registered={SEATS} waiting={ROWS - SEATS} sent=0 unsent={ROWS}" in out, f"day: {out.splitlines()[-1]}")
    codes = sorted(l.split()[1] for l in out.splitlines() if l.split()[0] in ("registered", "waiting"))
    hub.start()

    # A push killed while the sanitizer build's leak check runs at its exit
    # makes that check report it could not read the process: the pushes
    # killed on purpose are not leak-checked (the last one, which finishes,
    # is).
    killed_env = dict(os.environ)
    if "ASAN_OPTIONS" in killed_env:
        killed_env["ASAN_OPTIONS"] += ":detect_leaks=0"
    seed = int(os.environ.get("HUB_KILL_SEED", time.time_ns()))
    rng = random.Random(seed)
    killed = tries = 0
    window = 0.3  # seconds: how long a whole push took lately, to kill within it
    started = time.monotonic()
    while killed < KILLS and tries < 4 * KILLS:
        tries += 1
        if tries > 10:
            # Once the first sends are through, a fifth of the rows lose their
            # acknowledgement again, so that every push has work to be
            # killed in: the sends that come back as duplicates.
            db = sqlite3.connect(os.path.join(d, "tremplin.db"))
            db.execute("UPDATE registrations SET hub_sent_at = NULL WHERE abs(random()) % 5 = 0")
            db.commit()
            db.close()
        began = time.monotonic()
        p = subprocess.Popen(hub.kiosk_command("push", d, kiosk="k1"), env=killed_env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, max(window, 0.05)))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            killed += 1
            p.wait()
        else:
            p.wait()
            window = 0.5 * window + 0.5 * 0.9 * (time.monotonic() - began)
    check(killed == KILLS, f"only {killed} pushes killed in {tries} tries")
    elapsed = time.monotonic() - started
    _, unsent_before = local_rows(d)
    final = hub.kiosk("push", d, kiosk="k1", ok=True).stdout
    check("unsent=0" in final, f"final push: {final}")
    duplicates = int(final.split("duplicates=")[1].split()[0])
    rows = sorted(hub.psql("SELECT code FROM hub.registrations").stdout.split())
    check(rows == codes, f"{len(rows)} rows at the hub for {len(codes)} registrations given (seed {seed})")
    stored, unsent = local_rows(d)
    check(sorted(c for _, _, c in stored) == codes and unsent == 0, "the store holds them all, all sent")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE status = 'registered'") == str(SEATS),
          "every registered seat once")
    check(hub.value("SELECT registered || '/' || escrowed FROM hub.offers") == f"{SEATS}/0",
          "the hub counts each seat once, none left held")
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE over_seats") == "0", "none over the seats")
    db = sqlite3.connect(os.path.join(d, "tremplin.db"))
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "the store is whole")
    check(db.execute("SELECT count(*) FROM registrations WHERE lease_seat = 1").fetchone()[0] == 0,
          "no seat left uncounted")
    db.close()
    print(f"{killed} of {tries} pushes killed in {elapsed:.1f} s (seed {seed}); {unsent_before} rows unsent "
          f"before the last push, which found {duplicates} already at the hub (acknowledged, then killed before marking)")
print("ok")

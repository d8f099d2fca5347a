#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kiosks' side of the hub under load, against a throwaway PostgreSQL 15
(tests/hub/hubfixture.py): 50 simulated kiosks, each a real store and its
sync, push 200 registrations each to one hub at once, beside the same rows
inserted by one plain libpq client, one transaction each, in the same run.
Then the seat lease's round trip (a refill on the spot, as the review page
asks it) and the sync's lag from the local commit to the hub's row.
Figures and ratios only: nothing here fails on time."""
import os, statistics, subprocess, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "hub"))
from hubfixture import Hub, check, write_catalogue

BENCH_HUB = os.environ["BENCH_HUB"]
KIOSKS = int(os.environ.get("BENCH_HUB_KIOSKS", "50"))
ROWS = int(os.environ.get("BENCH_HUB_ROWS", "200"))
LEASES, LIVE, LIVE_INTERVAL_MS = 20, 20, 50


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_all(hub, command, *args):
    """@command for every kiosk at once; returns each one's output."""
    procs = []
    for i in range(KIOSKS):
        k = f"b{i:02d}"
        procs.append(subprocess.Popen([BENCH_HUB, command, os.path.join(hub.dir, k), k, hub.kiosk_conninfo(k)]
                                      + [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True))
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=1800)
        check(p.returncode == 0, f"bench-hub {command}: {err}")
        outs.append(out)
    return outs


with Hub() as hub:
    hub.init()
    for i in range(KIOSKS):
        hub.enrol(f"b{i:02d}")
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("BENCH-1", 400000), ("BENCH-2", 400000), ("BENCH-3", 400000)])
    hub.publish_catalogue(catalogue)

    # Every kiosk's day committed first, nothing sent.
    run_all(hub, "fill", "BENCH-1", ROWS)
    total = KIOSKS * ROWS

    # 50 kiosks push at once through their sync.
    started = time.monotonic()
    outs = run_all(hub, "push")
    sync_seconds = time.monotonic() - started
    pushes = [int(o.split()[1]) / 1e6 for o in outs]
    check(hub.value("SELECT count(*) FROM hub.registrations") == str(total), "every row at the hub")

    # The same rows, one plain client, one transaction each.
    baseline = subprocess.run([BENCH_HUB, "baseline", hub.conninfo()], capture_output=True, text=True)
    check(baseline.returncode == 0, f"baseline: {baseline.stderr}")
    baseline_seconds = int(baseline.stdout.split()[1]) / 1e6

    # Seat lease round trips, every kiosk at once.
    lease_ms = [int(line.split()[1]) / 1000 for o in run_all(hub, "leases", "BENCH-2", LEASES)
                for line in o.splitlines()]

    # Sync lag: commit in the store → row at the hub, the sync's thread woken.
    commits = {}
    for o in run_all(hub, "live", "BENCH-3", LIVE, LIVE_INTERVAL_MS):
        for line in o.splitlines():
            _, code, at = line.split()
            commits[code] = int(at)
    received = hub.psql("SELECT code || ' ' || (extract(epoch FROM received_at) * 1000000)::bigint "
                        "FROM hub.registrations WHERE offer_id = 'BENCH-3'").stdout.split("\n")
    lag_ms = []
    for line in received:
        if line.strip():
            code, at = line.split()
            lag_ms.append((int(at) - commits[code]) / 1000)
    check(len(lag_ms) == KIOSKS * LIVE, f"{len(lag_ms)} live rows at the hub")

    print(f"hub: {KIOSKS} kiosks × {ROWS} registrations pushed through their sync at once: "
          f"{sync_seconds:.2f} s ({total / sync_seconds:.0f} rows/s; slowest kiosk {max(pushes):.2f} s)")
    print(f"hub: the same {total} rows by one plain libpq client, one transaction each: "
          f"{baseline_seconds:.2f} s ({total / baseline_seconds:.0f} rows/s)")
    print(f"hub: sync / plain client = {max(pushes) / baseline_seconds:.2f}× from the kiosks logging in to the last row "
          f"acknowledged (goal ≤ 2×); {sync_seconds / baseline_seconds:.2f}× with the {KIOSKS} kiosk processes' "
          f"start, store opening and login")
    print(f"hub: seat lease round trip (refill on the spot, {KIOSKS} kiosks at once): "
          f"p50 {percentile(lease_ms, 50):.1f} ms, p99 {percentile(lease_ms, 99):.1f} ms")
    print(f"hub: sync lag, local commit → row at the hub ({KIOSKS} kiosks, one commit each "
          f"{LIVE_INTERVAL_MS} ms): p50 {percentile(lag_ms, 50):.1f} ms, p99 {percentile(lag_ms, 99):.1f} ms")

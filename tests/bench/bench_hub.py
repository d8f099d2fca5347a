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
SPREAD = int(os.environ.get("BENCH_HUB_OFFERS", "10"))
LEASES, LIVE, LIVE_INTERVAL_MS = 20, 20, 50


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_all(hub, command, *args, offers=1, together=False):
    """@command for every kiosk at once; returns each one's output. With
    @offers, "{}" in an argument is the kiosk's offer, kiosks spread over
    that many. @together: each kiosk says "ready" once started, and all are
    told to go at the same moment."""
    procs = []
    for i in range(KIOSKS):
        k = f"b{i:02d}"
        actual = [str(a).replace("{}", str(i % offers + 1)) for a in args]
        procs.append(subprocess.Popen([BENCH_HUB, command, os.path.join(hub.dir, k), k, hub.kiosk_conninfo(k)]
                                      + actual, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    if together:
        for p in procs:
            check(p.stdout.readline() == "ready\n", f"bench-hub {command} did not start")
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
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
    write_catalogue(catalogue, [(f"BENCH-{i}", 400000) for i in range(1, SPREAD + 1)]
                    + [("HOT-1", 400000), ("LEASE-1", 400000), ("LIVE-1", 400000)])
    hub.publish_catalogue(catalogue)

    def push_through_sync(offer, spread):
        """Every kiosk's day committed first, nothing sent; then every kiosk
        started, and all told to push at once. Returns (seconds from the
        first kiosk's start of push to the last one's end, seconds with the
        processes' start)."""
        run_all(hub, "fill", offer, ROWS, offers=spread)
        started = time.monotonic()
        outs = run_all(hub, "push", together=True)
        wall = time.monotonic() - started
        spans = [o.split()[1:3] for o in outs]
        return (max(int(e) for _, e in spans) - min(int(s) for s, _ in spans)) / 1e6, wall

    # Each kiosk's walk-ins for one offer, the kiosks spread over SPREAD
    # offers (the programme has about a thousand; every seat counted at the
    # hub locks its offer's row) …
    total = KIOSKS * ROWS
    spread_seconds, spread_wall = push_through_sync("BENCH-{}", SPREAD)
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE status = 'registered'") == str(total),
          "every row at the hub, on a leased seat")
    # … and all of them for one offer, the worst case.
    hot_seconds, hot_wall = push_through_sync("HOT-1", 1)
    check(hub.value("SELECT count(*) FROM hub.registrations WHERE offer_id = 'HOT-1'") == str(total),
          "every row of the hot offer at the hub")

    # The same rows, one plain client, one transaction each.
    baseline = subprocess.run([BENCH_HUB, "baseline", hub.conninfo(), "BENCH-%"], capture_output=True, text=True)
    check(baseline.returncode == 0, f"baseline: {baseline.stderr}")
    baseline_seconds = int(baseline.stdout.split()[1]) / 1e6
    check(baseline.stdout.split()[3] == str(total), f"baseline: {baseline.stdout}")

    # Seat lease round trips, every kiosk at once.
    lease_ms = [int(line.split()[1]) / 1000 for o in run_all(hub, "leases", "LEASE-1", LEASES)
                for line in o.splitlines()]

    # Sync lag: commit in the store → row at the hub, the sync's thread woken.
    commits = {}
    for o in run_all(hub, "live", "LIVE-1", LIVE, LIVE_INTERVAL_MS):
        for line in o.splitlines():
            _, code, at = line.split()
            commits[code] = int(at)
    received = hub.psql("SELECT code || ' ' || (extract(epoch FROM received_at) * 1000000)::bigint "
                        "FROM hub.registrations WHERE offer_id = 'LIVE-1'").stdout.split("\n")
    lag_ms = []
    for line in received:
        if line.strip():
            code, at = line.split()
            lag_ms.append((int(at) - commits[code]) / 1000)
    check(len(lag_ms) == KIOSKS * LIVE, f"{len(lag_ms)} live rows at the hub")

    print(f"hub: {KIOSKS} kiosks × {ROWS} registrations pushed through their sync at once, spread over "
          f"{SPREAD} offers: {spread_seconds:.2f} s from the first push's start to the last one's end "
          f"({total / spread_seconds:.0f} rows/s; {spread_wall:.2f} s with the processes' start)")
    print(f"hub: the same, every one for one offer: {hot_seconds:.2f} s ({total / hot_seconds:.0f} rows/s; "
          f"{hot_wall:.2f} s with the processes' start)")
    print(f"hub: the same {total} rows by one plain libpq client, one transaction each: "
          f"{baseline_seconds:.2f} s ({total / baseline_seconds:.0f} rows/s)")
    print(f"hub: sync / plain client = {spread_seconds / baseline_seconds:.2f}× spread over offers (goal ≤ 2×), "
          f"{hot_seconds / baseline_seconds:.2f}× for one offer; with the kiosk processes' start "
          f"{spread_wall / baseline_seconds:.2f}× and {hot_wall / baseline_seconds:.2f}×")
    print(f"hub: seat lease round trip (refill on the spot, {KIOSKS} kiosks at once): "
          f"p50 {percentile(lease_ms, 50):.1f} ms, p99 {percentile(lease_ms, 99):.1f} ms")
    print(f"hub: sync lag, local commit → row at the hub ({KIOSKS} kiosks, one commit each "
          f"{LIVE_INTERVAL_MS} ms): p50 {percentile(lag_ms, 50):.1f} ms, p99 {percentile(lag_ms, 99):.1f} ms")

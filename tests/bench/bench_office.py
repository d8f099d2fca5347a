#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening a sealed export: `tremplin-office open` beside reading the same
rows in clear, in the same run.

Builds a kiosk database with the real command line (init, office-key,
import-offers, register: the person's details sealed at commit), multiplies
the one real registration into 100,000 rows of one day with the sqlite3
module (each row keeps its own copy of the sealed details, so each is opened
on its own), and exports the day with `tremplin-admin export`. Then, five
times each, alternating:

  - sealed: `tremplin-office open FILE` (the passphrase from a file, the
    quick "interactive" cost), which reads the sealed file, opens it, opens
    every row's details and writes the CSV and JSON Lines;
  - clear: `bench-office clear ROWS`, the same rows file with every row's
    details already opened (made once by `bench-office unseal`), read and
    written as the same CSV and JSON Lines by the same code.

Both must write the same bytes. Prints the medians, the peak memory, the
ratio (target of issue 13: at most 1.5), the fixed cost of a run (the
passphrase's key derivation and the program's start, measured on an empty
day) and the floor: opening 100,000 sealed details one after the other,
which no code can make cheaper on one processor. Nothing is asserted about
time; the script fails only when a command fails or the outputs differ.

    TREMPLIN_BUILD_DIR=_build /usr/bin/python3 tests/bench/bench_office.py
"""

import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_export as common  # noqa: E402  (the export benchmark's database and measures)

BUILD_DIR = common.BUILD_DIR
OFFICE = os.path.join(BUILD_DIR, "src", "office", "tremplin-office")
BENCH_OFFICE = os.path.join(BUILD_DIR, "tests", "bench", "bench-office")
N_ROWS = 100_000
RUNS = 5
TARGET = 1.5
PASSPHRASE = "benchmark only, never a real office"
EMPTY_DAY = "2027-03-16"


def run(env, *command):
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1200)
    if result.returncode != 0:
        common.fail(f"{' '.join(command)}: {result.stderr.strip()}")
    return result.stdout


def make_export(workdir, env):
    key = os.path.join(workdir, "office.key")
    secret = os.path.join(workdir, "passphrase")
    with open(secret, "w", encoding="utf-8") as f:
        f.write(PASSPHRASE + "\n")
    office_key = run(env, OFFICE, "init-key", "--key", key, "--cost", "interactive",
                     "--passphrase-file", secret).strip()
    db = os.path.join(workdir, "tremplin.db")
    catalogue = os.path.join(workdir, "catalogue.csv")
    common.write_catalogue(catalogue)
    common.admin(env, db, "init", "--kiosk-id", "bench-kiosk")
    common.admin(env, db, "office-key", office_key)
    common.admin(env, db, "import-offers", catalogue)
    common.admin(env, db, "register", "--json", "-", stdin=json.dumps(common.applicant()))
    common.fill(db, N_ROWS)
    out = os.path.join(workdir, "usb")
    os.mkdir(out)
    sealed = common.admin(env, db, "export", "--date", common.DAY, "--output", out).strip()
    empty = common.admin(env, db, "export", "--date", EMPTY_DAY, "--output", out).strip()
    return key, secret, sealed, empty


def main():
    common.become_subreaper()
    workdir = tempfile.mkdtemp(prefix="tremplin-bench-office-")
    try:
        env = common.child_env(workdir)
        key, secret, sealed, empty = make_export(workdir, env)
        rows = os.path.join(workdir, "clear.rows.jsonl")
        run(env, BENCH_OFFICE, "unseal", sealed, key, secret, rows)
        n_floor, floor = run(env, BENCH_OFFICE, "floor", sealed, key, secret).split()

        sealed_out = os.path.join(workdir, "sealed-out")
        clear_out = os.path.join(workdir, "clear-out")
        empty_out = os.path.join(workdir, "empty-out")
        for folder in (sealed_out, clear_out, empty_out):
            os.mkdir(folder)
        open_command = [OFFICE, "open", sealed, "--key", key, "--passphrase-file", secret,
                        "--output", sealed_out, "--force"]
        clear_command = [BENCH_OFFICE, "clear", rows, clear_out]
        empty_command = [OFFICE, "open", empty, "--key", key, "--passphrase-file", secret,
                         "--output", empty_out, "--force"]
        log = lambda name: (os.path.join(workdir, name + ".out"), os.path.join(workdir, name + ".err"))
        times = {"sealed": [], "clear": [], "empty": []}
        peaks = {"sealed": [], "clear": [], "empty": []}
        for _ in range(RUNS):
            for name, command in (("sealed", open_command), ("clear", clear_command), ("empty", empty_command)):
                elapsed, rss = common.run_measured(command, env, *log(name))
                times[name].append(elapsed)
                peaks[name].append(rss)

        for name in sorted(os.listdir(clear_out)):
            if not filecmp.cmp(os.path.join(sealed_out, name), os.path.join(clear_out, name), shallow=False):
                common.fail(f"{name}: the sealed and the clear rows gave different files")
        with open(os.path.join(sealed_out, sorted(os.listdir(sealed_out))[0]), "rb") as f:
            n_lines = f.read().count(b"\r\n") - 1
        if n_lines != N_ROWS:
            common.fail(f"the CSV holds {n_lines} rows, not {N_ROWS}")

        sealed_time = statistics.median(times["sealed"])
        clear_time = statistics.median(times["clear"])
        fixed = statistics.median(times["empty"])
        ratio = sealed_time / clear_time
        print(f"opening {N_ROWS:,} rows ({os.cpu_count()} processors; median of {RUNS} runs, wall time)")
        print(f"  sealed: tremplin-office open     {sealed_time:7.2f} s   peak {max(peaks['sealed']) / 1024:6.0f} MiB")
        print(f"  clear:  bench-office clear       {clear_time:7.2f} s   peak {max(peaks['clear']) / 1024:6.0f} MiB")
        print(f"  ratio sealed / clear             {ratio:7.2f}   target ≤ {TARGET}: "
              f"{'met' if ratio <= TARGET else 'not met'}")
        print(f"  fixed cost of a run (empty day: start, key derivation) {fixed:5.2f} s")
        print(f"  floor: {int(n_floor):,} details opened one after the other in {float(floor):.2f} s "
              f"({float(floor) / int(n_floor) * 1e6:.0f} µs each, one processor)")
        print(f"  byte-identical outputs: yes ({', '.join(sorted(os.listdir(clear_out)))})")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exporting a day: `tremplin-admin export` beside `sqlite3 -csv` over the same rows.

Builds two databases with the real command line (init, office-key,
import-offers, register: the details sealed at commit), then multiplies the
one real registration into 10,000 and 100,000 rows of one day with the
sqlite3 module. For each, runs the export and the baseline five times each,
alternating, and prints the median wall time and the peak memory (ru_maxrss
from os.wait4) of each process. The export writes the day's sealed file
(tremplin-KIOSK-DAY.sealed); the baseline, sqlite3 -csv, selects the same
clear columns and the sealed details in hex.

Targets (issue 2): the export no slower than sqlite3 at 100,000 rows, and the
same peak memory at 10,000 and at 100,000 rows. Since issue 13 the day is
sealed in one piece (a sealed box is written whole), so the export's memory
grows with the day: the second target is printed, no longer expected.
Nothing is asserted about time; the script fails only when a command fails
or a file does not hold the rows it should.

    TREMPLIN_BUILD_DIR=_build /usr/bin/python3 tests/bench/bench_export.py
"""

import csv
import ctypes
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

SOURCE_DIR = os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(SOURCE_DIR, "_build"))
ADMIN = os.path.join(BUILD_DIR, "src", "admin", "tremplin-admin")

# A pinned clock, so the day of the registrations is known.
NOW = "2027-03-15T10:00:00+01:00"
DAY = "2027-03-15"
# The local day 2027-03-15 in Paris (UTC+1) starts at this UTC second.
DAY_START_UTC = 1805065200  # 2027-03-14T23:00:00Z
SIZES = (10_000, 100_000)
RUNS = 5
N_OFFERS = 10
# Peak memory counts as "the same" within this margin.
RSS_MARGIN = 0.10

HEADER = ("id;title;category;provider;address;postcode;modality;audience;min_level;hours;"
          "start_date;end_date;seats;info_session;description")
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def fail(message):
    print(f"bench_export: {message}", file=sys.stderr)
    sys.exit(1)


def child_env(workdir):
    env = dict(os.environ, LC_ALL="C.UTF-8", TREMPLIN_NOW=NOW, XDG_CONFIG_DIRS=workdir,
               XDG_DATA_HOME=os.path.join(workdir, "data"))
    # The test suite's MALLOC_PERTURB_ makes every free() write the block:
    # a cost for the process that allocates more, not part of either program.
    env.pop("MALLOC_PERTURB_", None)
    return env


def admin(env, db, *args, stdin=None):
    result = subprocess.run([ADMIN, "--db", db, *args], input=stdin, capture_output=True,
                            text=True, env=env, timeout=600)
    if result.returncode != 0:
        fail(f"tremplin-admin {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def write_catalogue(path):
    rows = [HEADER]
    for i in range(N_OFFERS):
        rows.append(f"BX-{i:03d};Développeuse web et mobile, session {i};developer;"
                    f"École du Numérique de Belleville;12 rue de Belleville;750{11 + i % 10:02d};"
                    f"on_site;all;none;400;2027-04-01;2027-09-30;999999;"
                    f"mardi 23 mars 2027 à 10 h, sur place;Offre fictive pour la mesure")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(rows) + "\r\n")


def applicant():
    return {
        "offer": "BX-000",
        "answers": {"birth_date": "1994-05-12", "postcode": "75018", "qpv": "yes",
                    "job_status": "registered", "unemployed_months": 14, "diploma": "cap_bep",
                    "gender": "woman", "in_training": "no"},
        "person": {"first_name": "Awa", "last_name": "Diallo", "phone": "06 12 34 56 78",
                   "email": "awa.diallo@example.org", "pole_emploi_id": "1234567A"},
    }


def make_code(number):
    """A unique code of the receipt's shape (its check character is not kept:
    only the export reads these rows)."""
    chars = []
    for _ in range(8):
        number, digit = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def utc_iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def fill(db, n_rows):
    """Copies the one real registration until the day holds @n_rows."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    template = dict(connection.execute("SELECT * FROM registrations").fetchone())
    columns = list(template)
    rows = []
    for i in range(1, n_rows):
        row = dict(template)
        row["id"] = template["id"] + i
        row["session_id"] = f"bench-{i:08d}"
        row["code"] = make_code(i)
        row["created_at"] = utc_iso(DAY_START_UTC + i * 86_399 // n_rows)
        row["offer_id"] = f"BX-{i % N_OFFERS:03d}"
        rows.append(tuple(row[c] for c in columns))
    with connection:
        connection.executemany(
            f"INSERT INTO registrations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            rows)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    count = connection.execute("SELECT count(*) FROM registrations WHERE local_date = ?", (DAY,)).fetchone()[0]
    connection.close()
    if count != n_rows:
        fail(f"{db} holds {count} registrations for {DAY}, not {n_rows}")


def make_database(workdir, env, n_rows):
    db = os.path.join(workdir, f"tremplin-{n_rows}.db")
    catalogue = os.path.join(workdir, "catalogue.csv")
    write_catalogue(catalogue)
    admin(env, db, "init", "--kiosk-id", "bench-kiosk")
    admin(env, db, "office-key", office_key(workdir, env))
    admin(env, db, "import-offers", catalogue)
    admin(env, db, "register", "--json", "-", stdin=json.dumps(applicant()))
    fill(db, n_rows)
    return db


def office_key(workdir, env):
    """The public half of a throwaway office key (the demo key maker)."""
    maker = os.path.join(BUILD_DIR, "tests", "demo", "demo-office-key")
    return subprocess.run([maker, os.path.join(workdir, "office")], capture_output=True, text=True,
                          env=env, check=True).stdout.strip()


def baseline_sql():
    """What the export reads of each row, in SQL: the registration's clear
    columns joined with its offer, and its sealed details (in hex, as
    sqlite3 -csv can write them)."""
    cells = ["r.id", "r.session_id", "r.code", "r.created_at", "r.local_date", "r.kiosk_id", "r.offer_id",
             "o.title", "o.category", "o.provider", "o.postcode", "r.status", "r.verdict", "r.flags",
             "r.age_band", "r.woman", "r.qpv", "r.payload", "r.cancel_reason", "hex(r.details)"]
    return (f"SELECT {', '.join(cells)} FROM registrations r JOIN offers o ON o.id = r.offer_id "
            f"WHERE r.local_date = '{DAY}' ORDER BY r.created_at, r.id")


def manifest_rows(path):
    """The number of registrations a sealed file's clear manifest states."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("registrations: "):
                return int(line.split()[1])
            if not line.strip():
                break
    fail(f"{path} has no manifest")


# Linux keeps a process's peak RSS across fork and exec, so a program started
# straight from this Python process, grown by filling the databases, would
# report Python's size. So a small shell starts the program in the background
# and exits; this process, made a "child subreaper", adopts the program and
# waits for it with os.wait4: the peak is the program's own.
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        fail(f"prctl(PR_SET_CHILD_SUBREAPER): {os.strerror(ctypes.get_errno())}")


def run_measured(command, env, stdout_path, stderr_path):
    """Wall seconds and peak RSS (KiB) of one process."""
    read_end, write_end = os.pipe()
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        start = time.perf_counter()
        launcher = subprocess.Popen(["/bin/sh", "-c", f'"$@" & echo $! >&{write_end}', "sh", *command],
                                    stdout=out, stderr=err, env=env, pass_fds=(write_end,))
        os.close(write_end)
        pid = int(os.read(read_end, 64))
        os.close(read_end)
        launcher.wait()
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        with open(stderr_path, encoding="utf-8", errors="replace") as f:
            fail(f"{command[0]} exited with {os.waitstatus_to_exitcode(status)}: {f.read().strip()}")
    return elapsed, usage.ru_maxrss


def count_records(path):
    """CSV records, not lines: a receipt's QR text is two lines, quoted."""
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f))


def durability_cost(export_file):
    """What the export's durability costs on this disk, measured apart: the
    same bytes written to a temporary file beside it, then (timed) its fsync,
    the rename over the previous file and the folder's fsync, as the export
    does them. Median seconds of each over RUNS tries."""
    directory = os.path.dirname(export_file)
    temporary = os.path.join(directory, ".durability.tmp")
    with open(export_file, "rb") as f:
        data = f.read()
    fsyncs, renames, folder_syncs = [], [], []
    for _ in range(RUNS):
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            start = time.perf_counter()
            os.fsync(f.fileno())
            fsyncs.append(time.perf_counter() - start)
        start = time.perf_counter()
        os.rename(temporary, export_file)
        renames.append(time.perf_counter() - start)
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            start = time.perf_counter()
            os.fsync(fd)
            folder_syncs.append(time.perf_counter() - start)
        finally:
            os.close(fd)
    return statistics.median(fsyncs), statistics.median(renames), statistics.median(folder_syncs)


def bench_size(workdir, env, n_rows, sqlite3_program):
    db = make_database(workdir, env, n_rows)
    out_dir = os.path.join(workdir, f"export-{n_rows}")
    os.mkdir(out_dir)
    export_file = os.path.join(out_dir, f"tremplin-bench-kiosk-{DAY}.sealed")
    baseline_file = os.path.join(workdir, f"sqlite3-{n_rows}.csv")
    log = os.path.join(workdir, "stderr.txt")
    export_cmd = [ADMIN, "--db", db, "export", "--date", DAY, "--output", out_dir]

    # An untimed run of each first: both programs then start from the same
    # warm page cache.
    run_measured(export_cmd, env, os.devnull, log)
    baseline_cmd = [sqlite3_program, "-csv", "-readonly", db, baseline_sql()]
    run_measured(baseline_cmd, env, baseline_file, log)

    export_times, export_rss, baseline_times, baseline_rss = [], [], [], []
    for _ in range(RUNS):
        seconds, rss = run_measured(export_cmd, env, os.devnull, log)
        export_times.append(seconds)
        export_rss.append(rss)
        seconds, rss = run_measured(baseline_cmd, env, baseline_file, log)
        baseline_times.append(seconds)
        baseline_rss.append(rss)

    export_rows = manifest_rows(export_file)
    baseline_rows = count_records(baseline_file)
    if export_rows != n_rows or baseline_rows != n_rows:
        fail(f"expected {n_rows} rows, the export has {export_rows} and sqlite3 gave {baseline_rows}")
    file_sync, rename, folder_sync = durability_cost(export_file)
    return {
        "file_sync_s": file_sync,
        "rename_s": rename,
        "folder_sync_s": folder_sync,
        "rows": n_rows,
        "export_s": statistics.median(export_times),
        "baseline_s": statistics.median(baseline_times),
        "export_rss": max(export_rss),
        "baseline_rss": max(baseline_rss),
        "export_bytes": os.path.getsize(export_file),
        "baseline_bytes": os.path.getsize(baseline_file),
    }


def report(results):
    print("Export of one day (tremplin-admin export, sealed) vs sqlite3 -csv over the same rows")
    print(f"  median of {RUNS} runs each, alternating; peak RSS from os.wait4 (ru_maxrss), highest run")
    print(f"  {'rows':>8} {'export s':>9} {'sqlite3 s':>10} {'ratio':>7} "
          f"{'export RSS':>11} {'sqlite3 RSS':>12} {'export MB':>10} {'sqlite3 MB':>11}")
    for r in results:
        print(f"  {r['rows']:>8} {r['export_s']:>9.3f} {r['baseline_s']:>10.3f} "
              f"{r['export_s'] / r['baseline_s']:>6.2f}× {r['export_rss'] / 1024:>8.1f} MiB "
              f"{r['baseline_rss'] / 1024:>8.1f} MiB {r['export_bytes'] / 1e6:>10.1f} "
              f"{r['baseline_bytes'] / 1e6:>11.1f}")
    print("  (the export also syncs its file and folder to disk and records an event; sqlite3 does neither)")
    print("  durability, measured apart on the same bytes in the same folder (median of "
          f"{RUNS}): fsync of the file + rename over the last export + fsync of the folder")
    for r in results:
        total = r["file_sync_s"] + r["rename_s"] + r["folder_sync_s"]
        print(f"  {r['rows']:>8} rows: {r['file_sync_s'] * 1000:6.1f} + {r['rename_s'] * 1000:5.1f} + "
              f"{r['folder_sync_s'] * 1000:5.1f} ms = {total * 1000:6.1f} ms, "
              f"{total / r['export_s']:.0%} of the export's time")

    small, large = results[0], results[-1]
    ratio = large["export_s"] / large["baseline_s"]
    growth = large["export_rss"] / small["export_rss"]
    same_memory = large["export_rss"] <= small["export_rss"] * (1 + RSS_MARGIN)
    print(f"  target: no slower than sqlite3 at {large['rows']} rows (ratio ≤ 1.00): "
          f"{'met' if ratio <= 1.0 else 'NOT met'} ({ratio:.2f}×)")
    print(f"  target: same peak memory at {small['rows']} and {large['rows']} rows "
          f"(within {RSS_MARGIN:.0%}): {'met' if same_memory else 'not met (the day is sealed whole, see above)'} "
          f"({small['export_rss'] / 1024:.1f} → {large['export_rss'] / 1024:.1f} MiB, ×{growth:.2f})")


def main():
    if not os.access(ADMIN, os.X_OK):
        fail(f"{ADMIN} is not built; set TREMPLIN_BUILD_DIR to the build folder")
    sqlite3_program = shutil.which("sqlite3")
    if sqlite3_program is None:
        fail("the sqlite3 program is missing (Debian package sqlite3)")
    become_subreaper()
    workdir = tempfile.mkdtemp(prefix="tremplin-bench-export-")
    try:
        env = child_env(workdir)
        results = [bench_size(workdir, env, n, sqlite3_program) for n in SIZES]
        report(results)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

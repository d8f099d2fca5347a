# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench: the season report for 10,000 and 100,000 registrations (JSON
Lines day exports, the demo catalogue): wall time and peak memory, which
should stay flat since the rows are counted as they are read."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import season  # noqa: E402

BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(season.SOURCE_DIR, "_build"))
# The office program's report command, as the office runs it.
TOOL = [os.path.join(BUILD_DIR, "src", "office", "tremplin-office"), "report"]


def run(n, folder):
    offers = season.catalogue()
    rows = season.make_rows(offers, n, kiosks=tuple(f"kiosk-{k:02d}" for k in range(12)), days=120)
    files = season.write_day_files(rows, os.path.join(folder, "in"))
    out = os.path.join(folder, f"out-{n}")
    cmd = ["/usr/bin/time", "-f", "%e %M", *TOOL, "--catalogue", season.DEMO_CATALOGUE,
           "--output", out, *files]
    start = time.monotonic()
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.monotonic() - start
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return wall, int(kib), len(files)


def main():
    folder = tempfile.mkdtemp(prefix="tremplin-bench-report-")
    try:
        results = {}
        for n in (10000, 100000):
            shutil.rmtree(os.path.join(folder, "in"), ignore_errors=True)
            os.mkdir(os.path.join(folder, "in"))
            results[n] = run(n, folder)
            wall, kib, files = results[n]
            print(f"report, {n} registrations in {files} files: {wall:.2f} s, peak memory {kib / 1024:.1f} MiB")
        growth = results[100000][1] / results[10000][1]
        print(f"peak memory 100,000 / 10,000: {growth:.2f}×")
        ok = results[100000][0] <= 2.0 and growth <= 1.25
        print("report benchmark:", "within target (≤ 2 s, flat memory)" if ok else "OVER TARGET")
        return 0 if ok else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

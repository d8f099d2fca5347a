# SPDX-License-Identifier: GPL-3.0-or-later
"""Remakes docs/report/: the demo season's report (850 made-up registrations
on the demo catalogue, three kiosks, a month) as page images, the PDF and
the charts. Run after a build: python3 tests/report/demo_report.py"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import season  # noqa: E402

BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(season.SOURCE_DIR, "_build"))
# The office program's report command, as the office runs it.
TOOL = [os.path.join(BUILD_DIR, "src", "office", "tremplin-office"), "report"]
DOCS = os.path.join(season.SOURCE_DIR, "docs", "report")


def main():
    folder = tempfile.mkdtemp(prefix="tremplin-demo-report-")
    try:
        offers = season.catalogue()
        files = season.write_day_files(season.make_rows(offers, 850), folder)
        out = os.path.join(folder, "out")
        # Made-up audience targets, so that the demo shows how a target reads.
        config = os.path.join(folder, "report.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write("[Audience targets]\nqpv=30\nwoman=50\nunder_26=25\n")
        subprocess.run([*TOOL, "--catalogue", season.DEMO_CATALOGUE, "--rules",
                        os.path.join(season.SOURCE_DIR, "data", "rules", "paris-code-2017.ini"),
                        "--config", config, "--title", "Paris Code — demo season", "--page-images", "--output", out, *files],
                       check=True)
        shutil.rmtree(DOCS, ignore_errors=True)
        os.makedirs(DOCS)
        for path in glob.glob(os.path.join(out, "page-*.png")) + [os.path.join(out, "report.pdf")]:
            shutil.copy(path, DOCS)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: GPL-3.0-or-later
"""tremplin-office report on day exports: the figures in its CSV tables and in
the PDF's text (pdftotext) are those counted again here from the rows."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "admin"))
import season  # noqa: E402
from tremplin_test import AdminTestCase, applicant, offer_row  # noqa: E402

BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(season.SOURCE_DIR, "_build"))
# The office program's report command, as the office runs it.
TOOL = [os.path.join(BUILD_DIR, "src", "office", "tremplin-office"), "report"]
OFFICE = os.path.join(BUILD_DIR, "src", "office", "tremplin-office")
RULES = os.path.join(season.SOURCE_DIR, "data", "rules", "paris-code-2017.ini")


def table(folder, name):
    with open(os.path.join(folder, name + ".csv"), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def pdf_text(folder):
    text = subprocess.run(["pdftotext", "-layout", os.path.join(folder, "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    # "1 000 000" is one figure.
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tremplin-report-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.input = os.path.join(self.dir, "in")
        os.mkdir(self.input)
        self.out = os.path.join(self.dir, "out")

    def report(self, files, *options, status=0):
        result = subprocess.run([*TOOL, "--output", self.out, *options, *files],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, status, result.stderr)
        return result

    def check_figures(self, fig, offers_known=True):
        summary = {r["figure"]: r["value"] for r in table(self.out, "summary")}
        self.assertEqual(int(summary["registrations"]), fig["registrations"])
        self.assertEqual(int(summary["registered"]), fig["registered"])
        self.assertEqual(int(summary["waiting_list"]), fig["waiting_list"])
        self.assertEqual(int(summary["cancelled"]), fig["cancelled"])

        days = table(self.out, "registrations-per-day")
        self.assertEqual([(d["date"], int(d["cumulated"])) for d in days], fig["days"])
        self.assertTrue(all(int(d["target"]) == fig["target"] for d in days))

        kiosks = {r["kiosk"]: int(r["registrations"]) for r in table(self.out, "per-kiosk")}
        self.assertEqual(kiosks, fig["kiosks"])

        arrondissements = {r["arrondissement"]: int(r["registrations"])
                           for r in table(self.out, "per-arrondissement") if int(r["registrations"])}
        expected = dict(fig["arrondissements"])
        if "outside" in expected:
            expected["outside Paris"] = expected.pop("outside")
        self.assertEqual(arrondissements, expected)

        for row in table(self.out, "categories"):
            count = fig["categories"][row["category"]]
            self.assertEqual(int(row["registrations"]), count, row)
            share = round(100 * count / fig["registrations"], 1) if fig["registrations"] else 0
            self.assertAlmostEqual(float(row["share"]), share, places=1)
            self.assertEqual(float(row["season_1_share"]), season.SEASON_1[row["category"]])

        audiences = {r["flag"]: int(r["count"]) for r in table(self.out, "audiences")}
        if fig["registrations"]:
            self.assertEqual(audiences, fig["flags"])

        per_offer = {r["offer_id"]: r for r in table(self.out, "seats-per-offer")}
        for offer_id, o in fig["offers"].items():
            if o["registered"] or o["waiting"] or offers_known:
                row = per_offer[offer_id]
                self.assertEqual(int(row["filled"]), o["filled"], offer_id)
                self.assertEqual(int(row["waiting_list"]), o["waiting"], offer_id)
                if o["seats"] is not None:
                    self.assertEqual(int(row["empty"]), o["empty"], offer_id)
        self.assertEqual(sorted(r["offer_id"] for r in table(self.out, "offers-nobody-chose")),
                         fig["unchosen"])
        providers = {r["provider"]: r for r in table(self.out, "seats-per-provider")}
        for name, p in fig["providers"].items():
            for column, key in (("seats", "seats"), ("filled", "filled"),
                                ("waiting_list", "waiting"), ("empty", "empty")):
                self.assertEqual(int(providers[name][column]), p[key], (name, column))
        waiting = table(self.out, "longest-waiting-lists")
        longest = sorted((o["waiting"] for o in fig["offers"].values() if o["waiting"]), reverse=True)[:15]
        self.assertEqual([int(r["waiting_list"]) for r in waiting], longest)

        money = table(self.out, "money")[0]
        self.assertEqual(float(money["committed"]), fig["committed"])
        self.assertEqual(float(money["budget"]), fig["budget"])

        text = pdf_text(self.out)
        self.assertIn(f"Registrations: {fig['registrations']} (registered: {fig['registered']}; "
                      f"waiting list: {fig['waiting_list']}). Cancelled, not counted: {fig['cancelled']}.", text)
        self.assertIn(f"Money: {fig['committed']} € committed of a {fig['budget']} € budget", text)
        self.assertIn(f"Offers nobody chose: {len(fig['unchosen'])} of", text)
        if fig["days"]:
            # The cumulated line is labelled with its last value.
            self.assertRegex(text, rf"\b{fig['days'][-1][1]}\b")
        for kiosk, count in fig["kiosks"].items():
            self.assertRegex(text, rf"{re.escape(kiosk)}\s+{count}\b")
        for row in table(self.out, "audiences"):
            self.assertIn(f"{row['share']} %", text)
        return text

    def test_demo_season_jsonl(self):
        offers = season.catalogue()
        rows = season.make_rows(offers, 850)
        files = season.write_day_files(rows, self.input)
        self.report(files, "--catalogue", season.DEMO_CATALOGUE, "--rules", RULES)
        self.check_figures(season.figures(rows, offers))
        for name in ("registrations-per-day", "per-kiosk", "per-arrondissement", "categories",
                     "audiences", "seats-per-provider", "longest-waiting-lists", "money"):
            for ext in ("svg", "png"):
                self.assertGreater(os.path.getsize(os.path.join(self.out, f"{name}.{ext}")), 500, name)
        # Figures only: no name of a person anywhere.
        for name in os.listdir(self.out):
            if name.endswith(".csv"):
                with open(os.path.join(self.out, name), encoding="utf-8-sig") as f:
                    self.assertNotIn("Prénom", f.read(), name)
        self.assertNotIn("Prénom", pdf_text(self.out))

    def test_csv_exports_and_duplicates(self):
        offers = season.catalogue()
        rows = season.make_rows(offers, 300, seed=3)
        files = season.write_day_files(rows, self.input, "csv")
        # A day's JSON Lines beside its CSV: the same rows, counted once.
        files += season.write_day_files(rows, self.input, "jsonl")
        result = self.report(files, "--catalogue", season.DEMO_CATALOGUE)
        self.assertIn("left out", result.stderr)
        self.check_figures(season.figures(rows, offers))

    def test_targets_money_and_dates(self):
        offers = season.catalogue()
        rows = season.make_rows(offers, 400, seed=5)
        files = season.write_day_files(rows, self.input)
        config = os.path.join(self.dir, "report.conf")
        with open(config, "w") as f:
            f.write("[Report]\nTarget=500\nCostPerPerson=8000\nBudget=2000000\n\n[Audience targets]\nqpv=25\nwoman=50\n")
        kept = [r for r in rows if "2026-11-10" <= r["local_date"] <= "2026-11-20"]
        self.report(files, "--catalogue", season.DEMO_CATALOGUE, "--config", config,
                    "--from-date", "2026-11-10", "--to-date", "2026-11-20")
        self.check_figures(season.figures(kept, offers, target=500, cost=8000, budget=2000000))
        targets = {r["flag"]: r["target"] for r in table(self.out, "audiences")}
        self.assertEqual(targets["qpv"], "25")
        self.assertEqual(targets["woman"], "50")
        self.assertIn("target", pdf_text(self.out))

    def test_targets_from_the_rules_file(self):
        """A target the rules file states reaches the audiences' table; the
        report's configuration still wins over it."""
        offers = season.catalogue()
        files = season.write_day_files(season.make_rows(offers, 60, seed=7), self.input)
        with open(RULES, encoding="utf-8") as f:
            text = f.read()
        rules = os.path.join(self.dir, "rules.ini")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(text.replace("[Flag qpv]\n", "[Flag qpv]\nTarget=40\n")
                        .replace("[Flag woman]\n", "[Flag woman]\nTarget=50\n"))
        config = os.path.join(self.dir, "report.conf")
        with open(config, "w") as f:
            f.write("[Audience targets]\nwoman=45\n")
        self.report(files, "--catalogue", season.DEMO_CATALOGUE, "--rules", rules, "--config", config)
        targets = {r["flag"]: r["target"] for r in table(self.out, "audiences")}
        self.assertEqual((targets["qpv"], targets["woman"], targets["under_26"]), ("40", "45", ""))

    def test_season_filter(self):
        offers = season.catalogue()
        rows = season.make_rows(offers, 50, seed=13)
        files = season.write_day_files(rows, self.input)
        self.report(files, "--catalogue", season.DEMO_CATALOGUE, "--season", "2026")
        self.check_figures(season.figures(rows, offers))
        self.report(files, "--catalogue", season.DEMO_CATALOGUE, "--season", "2025")
        self.check_figures(season.figures([], offers))
        self.assertIn("From 2025-01-01 to 2025-12-31", pdf_text(self.out))

    def test_empty_season(self):
        path = os.path.join(self.input, "tremplin-k1-2026-11-02.jsonl")
        open(path, "w").close()
        # With the rules, the audiences' chart has its bars, every one at 0 %.
        self.report([path], "--catalogue", season.DEMO_CATALOGUE, "--rules", RULES)
        self.check_figures(season.figures([], season.catalogue()))
        self.assertEqual(len(table(self.out, "offers-nobody-chose")), 1000)

    def test_one_kiosk_without_catalogue(self):
        offers = season.catalogue()
        rows = season.make_rows(offers, 120, kiosks=("seul",), days=1)
        files = season.write_day_files(rows, self.input)
        self.report(files)
        fig = season.figures(rows, [])
        self.check_figures(fig, offers_known=False)

    def test_unexpected_categories_languages_and_long_names(self):
        offers = season.catalogue()[:20]
        rows = season.make_rows(offers, 60, seed=9)
        long_name = "Centre de formation aux métiers du numérique " * 8
        for i, row in enumerate(rows):
            if i % 4 == 0:
                row.update(offer_id=f"X-{i}", offer_category="quantum_computing",
                           offer_provider="مركز التدريب الرقمي", offer_title="تطوير الويب")
            elif i % 4 == 1:
                row.update(offer_id=f"Y-{i}", offer_provider="数字职业培训中心", offer_title="网页开发")
            elif i % 4 == 2:
                row.update(offer_id=f"Z-{i}", offer_provider=long_name.strip(), offer_title="=cmd|' /C calc'!A0")
        files = season.write_day_files(rows, self.input, "csv")
        self.report(files)
        self.check_figures(season.figures(rows, []), offers_known=False)
        detail = {r["category"]: int(r["registrations"]) for r in table(self.out, "categories-detail")}
        self.assertEqual(detail["quantum_computing"], sum(r["offer_category"] == "quantum_computing"
                                                          and r["status"] != "cancelled" for r in rows))
        text = pdf_text(self.out)
        self.assertIn("数字职业培训中心", text)
        self.assertIn("…", text)  # the long name is cut, not run over
        providers = {r["provider"] for r in table(self.out, "seats-per-provider")}
        self.assertIn(long_name.strip(), providers)

    def test_json_lines_written_otherwise(self):
        """Lines with spaces, escapes or a number still count (json-glib reads what the fast path does not)."""
        offers = season.catalogue()
        rows = season.make_rows(offers, 40, seed=11)
        path = os.path.join(self.input, "other.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for i, row in enumerate(rows):
                row = {c: row[c] for c in season.COLUMNS}
                if i % 3 == 0:
                    f.write(json.dumps(row) + "\n")  # \u00e9 escapes, ", " and ": "
                elif i % 3 == 1:
                    f.write(json.dumps(dict(row, extra=12), ensure_ascii=False) + "\n")
                else:
                    f.write(season.jsonl_line(row))
        self.report([path], "--catalogue", season.DEMO_CATALOGUE)
        self.check_figures(season.figures(rows, offers))

    def test_bad_input(self):
        path = os.path.join(self.input, "notes.txt")
        with open(path, "w") as f:
            f.write("{\"hello\": 1}\n")
        result = self.report([path], status=1)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        self.assertIn("not a row of a Tremplin day export", result.stderr)
        result = self.report([os.path.join(self.input, "missing.jsonl")], status=1)
        self.assertIn("is not a file", result.stderr)
        # The hub is one source, the export files another: not both at once.
        result = self.report([path], "--hub", "postgresql://hub", status=2)
        self.assertIn("not both", result.stderr)
        self.assertFalse(os.path.exists(self.out))
        self.report([], status=2)
        self.report([path], "--season", "2026", "--from-date", "2026-01-01", status=2)


class RealExportTest(AdminTestCase):
    """The files tremplin-admin export writes today, read as they are."""

    def test_admin_export(self):
        self.init(rows=[offer_row("T-001", seats=1), offer_row("T-002", category="ecommerce")])
        self.assertEqual(self.register(applicant("T-001")).returncode, 0)
        self.assertEqual(self.register(applicant("T-002", gender="man", qpv="no")).returncode, 0)
        self.assertEqual(self.register(applicant("T-002", postcode="75011")).returncode, 0)
        out = os.path.join(self.dir, "exports")
        os.mkdir(out)
        today = subprocess.run(["date", "+%Y-%m-%d"], capture_output=True, text=True,
                               env=dict(self.env, TZ="Europe/Paris")).stdout.strip()
        sealed = self.ok("export", "--date", today, "--output", out).stdout.strip()
        # The office opens the sealed file with the demo office key the
        # kiosk sealed to, into the day's CSV and JSON Lines.
        secret = os.path.join(self.dir, "passphrase")
        with open(secret, "w", encoding="utf-8") as f:
            f.write("demo office key, never for real people\n")
        opened = os.path.join(self.dir, "opened")
        os.mkdir(opened)
        result = subprocess.run([OFFICE, "open", sealed, "--key", os.path.join(BUILD_DIR, "demo-office", "office.key"),
                                 "--passphrase-file", secret, "--output", opened],
                                capture_output=True, text=True, env=self.env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        files = sorted(os.path.join(opened, n) for n in os.listdir(opened))
        with open([f for f in files if f.endswith(".jsonl")][0], encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        report_dir = os.path.join(self.dir, "report")
        result = subprocess.run([*TOOL, "--db", self.db, "--rules", RULES, "--output", report_dir, *files],
                                capture_output=True, text=True, env=self.env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        summary = {r["figure"]: float(r["value"]) for r in table(report_dir, "summary")}
        self.assertEqual(summary["registrations"], len(rows))
        self.assertEqual(summary["files"], 1)
        audiences = {r["flag"]: int(r["count"]) for r in table(report_dir, "audiences")}
        self.assertEqual(audiences["woman"], sum(r["flag_woman"] for r in rows))
        self.assertEqual(audiences["qpv"], sum(r["flag_qpv"] for r in rows))
        labels = {r["flag"]: r["label"] for r in table(report_dir, "audiences")}
        self.assertEqual(labels["over_50"], "50 and over")
        cats = {r["category"]: int(r["registrations"]) for r in table(report_dir, "categories")}
        self.assertEqual(cats["ecommerce"], 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)

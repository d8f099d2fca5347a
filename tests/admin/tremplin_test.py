# SPDX-License-Identifier: GPL-3.0-or-later
"""What the command-line tests share: the built tremplin-admin, a fresh
database per test, small catalogues and applicants."""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(SOURCE_DIR, "_build"))
ADMIN = os.path.join(BUILD_DIR, "src", "admin", "tremplin-admin")
DEMO_OFFICE_KEY = os.path.join(BUILD_DIR, "tests", "demo", "demo-office-key")
DEMO_CATALOGUE = os.path.join(SOURCE_DIR, "data", "catalogue", "demo-catalogue.csv")

HEADER = ("id;title;category;provider;address;postcode;modality;audience;min_level;hours;"
          "start_date;end_date;seats;info_session;description")


def offer_row(offer_id, seats=10, category="developer", audience="all", min_level="none",
              title=None, postcode="75018", start="2027-03-01"):
    title = title or f"Développeuse web {offer_id}"
    return (f"{offer_id};{title};{category};École du Code;12 rue Ordener;{postcode};on_site;"
            f"{audience};{min_level};400;{start};2027-09-30;{seats};"
            f"mardi 9 février 2027 à 10 h;Offre fictive de test")


def years_ago(years, days=0):
    today = datetime.date.today()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return (day - datetime.timedelta(days=days)).isoformat()


_office_key = None


def office_key():
    """The demo office key's public text ("office:…"), made once in the build
    folder, apart from any kiosk's data (tests/demo/demo-office-key.c)."""
    global _office_key
    if _office_key is None:
        _office_key = subprocess.run([DEMO_OFFICE_KEY, os.path.join(BUILD_DIR, "demo-office")],
                                     capture_output=True, text=True, check=True).stdout.strip()
    return _office_key


def applicant(offer, **answers):
    """An eligible applicant for @offer; keyword arguments change answers."""
    base = {
        "birth_date": years_ago(30), "postcode": "75018", "qpv": "yes",
        "job_status": "registered", "unemployed_months": 14, "diploma": "bac",
        "gender": "woman", "in_training": "no",
    }
    base.update(answers)
    return {
        "offer": offer,
        "answers": {k: v for k, v in base.items() if v is not None},
        "person": {"first_name": "Awa", "last_name": "Diallo", "phone": "06 12 34 56 78",
                   "email": "awa.diallo@example.org"},
    }


class AdminTestCase(unittest.TestCase):
    """Each test gets an empty folder and a database path in it."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tremplin-test-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.db = os.path.join(self.dir, "tremplin.db")
        self.env = dict(os.environ, LC_ALL="C.UTF-8", XDG_CONFIG_DIRS=self.dir,
                        XDG_DATA_HOME=os.path.join(self.dir, "data"))

    def admin(self, *args, input=None, config=None, db=True):
        cmd = [ADMIN]
        if config:
            cmd += ["--config", config]
        if db:
            cmd += ["--db", self.db]
        cmd += list(args)
        return subprocess.run(cmd, input=input, capture_output=True, text=True, env=self.env, timeout=60)

    def ok(self, *args, **kwargs):
        result = self.admin(*args, **kwargs)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stderr}")
        return result

    def fails(self, *args, expect=None, status=None, **kwargs):
        """Runs a command that must fail with one clear line on stderr."""
        result = self.admin(*args, **kwargs)
        self.assertNotEqual(result.returncode, 0, f"{args} succeeded: {result.stdout}")
        if status is not None:
            self.assertEqual(result.returncode, status, result.stderr)
        self.assertTrue(result.stderr.startswith("tremplin-admin: "), result.stderr)
        if expect:
            self.assertIn(expect, result.stderr)
        return result

    def write(self, name, text, encoding="utf-8"):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding=encoding, newline="") as f:
            f.write(text)
        return path

    def catalogue(self, rows, name="catalogue.csv"):
        return self.write(name, "\r\n".join([HEADER] + rows) + "\r\n")

    def init(self, kiosk="test-kiosk", rows=None):
        self.ok("init", "--kiosk-id", kiosk)
        self.ok("office-key", office_key())
        self.ok("import-offers", self.catalogue(rows or [offer_row("T-001"), offer_row("T-002")]))

    def register(self, data, *extra):
        path = self.write("applicant.json", json.dumps(data))
        return self.admin("register", "--json", path, *extra)

    def dump(self):
        """The database's content, to show that a failed command changed nothing."""
        result = subprocess.run(["sqlite3", self.db, ".dump"], capture_output=True, text=True, check=True)
        return hashlib.sha256(result.stdout.encode()).hexdigest()

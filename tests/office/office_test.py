# SPDX-License-Identifier: GPL-3.0-or-later
"""What the office tests share: the built tremplin-office and tremplin-admin,
a fresh folder per test, an office key made with a known passphrase, and
sealed exports made by a real kiosk database."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(SOURCE_DIR, "_build"))
OFFICE = os.path.join(BUILD_DIR, "src", "office", "tremplin-office")
ADMIN = os.path.join(BUILD_DIR, "src", "admin", "tremplin-admin")
FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures", "export")

PASSPHRASE = "correct horse battery staple"
GOLDEN_KIOSK = "mairie-18-golden"
GOLDEN_DAYS = ("2026-11-28", "2026-10-25", "2026-11-29")


class OfficeTestCase(unittest.TestCase):
    """Each test gets an empty folder; XDG_DATA_HOME is inside it."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tremplin-office-test-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.env = dict(os.environ, LC_ALL="C.UTF-8", XDG_CONFIG_DIRS=self.dir,
                        XDG_DATA_HOME=os.path.join(self.dir, "data"))
        self.default_key = os.path.join(self.dir, "data", "tremplin", "office.key")

    def office(self, *args, input=None, env=None):
        return subprocess.run([OFFICE, *args], input=input, capture_output=True, text=True,
                              env=env or self.env, timeout=120)

    def ok(self, *args, **kwargs):
        result = self.office(*args, **kwargs)
        self.assertEqual(result.returncode, 0, f"{args}: {result.stderr}")
        return result

    def fails(self, *args, expect=None, status=1, **kwargs):
        """Runs a command that must fail with one clear line on stderr."""
        result = self.office(*args, **kwargs)
        self.assertEqual(result.returncode, status, f"{args}: {result.stdout} {result.stderr}")
        lines = result.stderr.rstrip("\n").split("\n")
        self.assertTrue(lines[-1].startswith("tremplin-office: "), result.stderr)
        if expect:
            self.assertIn(expect, lines[-1])
        return result

    def make_key(self, path=None, passphrase=PASSPHRASE):
        """An office key (the quick cost); returns its public text."""
        args = ["init-key", "--cost", "interactive"] + (["--key", path] if path else [])
        return self.ok(*args, input=passphrase + "\n").stdout.strip()

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        return path

    @staticmethod
    def read_text(path):
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()

    @staticmethod
    def read_bytes(path):
        with open(path, "rb") as f:
            return f.read()

    def listing(self, folder):
        return sorted(os.listdir(folder))

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

    def office(self, *args, input=None, env=None, cwd=None):
        return subprocess.run([OFFICE, *args], input=input, capture_output=True, text=True,
                              env=env or self.env, cwd=cwd, timeout=120)

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


def golden_path(day, extension):
    return os.path.join(FIXTURES, f"tremplin-{GOLDEN_KIOSK}-{day}.{extension}")


class KioskExports(OfficeTestCase):
    """The schema-3 fixture database as a kiosk of this version has it (its
    clear details sealed to the office key as it migrates), and its days
    exported with the real tremplin-admin."""

    def setUp(self):
        super().setUp()
        self.office_key = self.make_key()
        self.usb = os.path.join(self.dir, "usb")
        os.mkdir(self.usb)
        self.secret = self.write("passphrase", PASSPHRASE + "\n")

    def kiosk(self, name="kiosk", office_key=None):
        """A kiosk database loaded from the fixture, and its kiosk.conf."""
        folder = os.path.join(self.dir, name)
        os.makedirs(folder)
        db = os.path.join(folder, "tremplin.db")
        with open(os.path.join(FIXTURES, "kiosk-v3.sql"), encoding="utf-8", newline="") as f:
            script = f.read()
        connection = sqlite3.connect(db)
        connection.executescript(script)
        connection.close()
        config = os.path.join(folder, "kiosk.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(f"[Kiosk]\nDatabase={db}\nKeyFile={folder}/kiosk.key\n"
                    f"OfficeKey={office_key or self.office_key}\n")
        return config

    def admin(self, config, *args):
        result = subprocess.run([ADMIN, "--config", config, *args], capture_output=True, text=True,
                                env=self.env, timeout=120)
        self.assertEqual(result.returncode, 0, f"tremplin-admin {args}: {result.stderr}")
        return result

    def export(self, config, day, folder=None):
        """The sealed file of @day, as tremplin-admin export writes it."""
        path = self.admin(config, "export", "--date", day, "--output", folder or self.usb).stdout.strip()
        self.assertTrue(path.endswith(f"-{day}.sealed"), path)
        return path

    def open_args(self, *files, output=None):
        args = ["open", *files, "--passphrase-file", self.secret]
        return args + (["--output", output] if output else [])

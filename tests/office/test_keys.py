#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tremplin-office init-key and public-key: the office key made under a
passphrase (asked on a terminal without echo, or read from a file or a
pipe), kept private, never replaced, and its public half printed."""

import os
import pty
import select
import stat
import subprocess
import time
import unittest

from office_test import OFFICE, PASSPHRASE, OfficeTestCase


class InitKey(OfficeTestCase):
    def test_from_standard_input(self):
        result = self.ok("init-key", "--cost", "interactive", input=PASSPHRASE + "\n")
        key = result.stdout.strip()
        self.assertRegex(key, r"^office:[A-Za-z0-9_-]{48}$")
        self.assertEqual(result.stdout.count("\n"), 1, "stdout holds the key only")
        # Said plainly: a lost passphrase or file loses every sealed detail.
        self.assertIn("lost for good", result.stderr)
        self.assertIn("Back it up", result.stderr)
        self.assertIn(self.default_key, result.stderr)
        self.assertIn("OfficeKey=", result.stderr)
        mode = stat.S_IMODE(os.stat(self.default_key).st_mode)
        self.assertEqual(mode, 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.default_key)).st_mode), 0o700)
        with open(self.default_key, encoding="ascii") as f:
            text = f.read()
        self.assertNotIn(PASSPHRASE, text)
        self.assertTrue(text.startswith("tremplin-office-key-v1\npublic " + key + "\n"))
        self.assertEqual(self.ok("public-key").stdout, key + "\n")

    def test_from_a_file_and_another_path(self):
        secret = self.write("secret.txt", PASSPHRASE + "\r\nsecond line ignored\n")
        path = os.path.join(self.dir, "keys", "office.key")
        key = self.ok("init-key", "--key", path, "--cost", "interactive",
                      "--passphrase-file", secret).stdout.strip()
        self.assertEqual(self.ok("public-key", "--key", path).stdout.strip(), key)
        self.assertFalse(os.path.exists(self.default_key))

    def test_never_replaces_a_key(self):
        key = self.make_key()
        before = self.read_text(self.default_key)
        self.fails("init-key", "--cost", "interactive", input=PASSPHRASE + "\n",
                   expect="already exists")
        self.assertEqual(self.read_text(self.default_key), before)
        self.assertEqual(self.ok("public-key").stdout.strip(), key)

    def test_bad_passphrases(self):
        for given, expected in [("short\n", "too short"), (" " + PASSPHRASE + "\n", "space"),
                                ("", "No passphrase on standard input")]:
            self.fails("init-key", "--cost", "interactive", input=given, expect=expected)
        self.fails("init-key", "--passphrase-file", os.path.join(self.dir, "none"),
                   expect="Could not read the passphrase file")
        self.assertFalse(os.path.exists(self.default_key))

    def test_usage(self):
        self.fails("init-key", "--cost", "fast", status=2, expect="moderate or interactive")
        self.fails("init-key", "extra", status=2, expect="unexpected argument")
        self.fails("no-such-command", status=2, expect="unknown command")
        self.fails(status=2, expect="no command given")
        self.assertIn(self.default_key, self.ok("init-key", "--help").stdout)
        out = self.ok("--help").stdout
        for command in ("init-key", "public-key", "open", "find", "erase"):
            self.assertIn(command, out)

    def test_public_key_errors(self):
        self.fails("public-key", expect="tremplin-office init-key")
        damaged = self.write("damaged.key", "not a key\n")
        self.fails("public-key", "--key", damaged, expect="not a Tremplin office key file")


class Terminal(OfficeTestCase):
    """On a terminal the passphrase is asked twice, and never shown."""

    def run_on_terminal(self, answers):
        master, slave = pty.openpty()
        process = subprocess.Popen([OFFICE, "init-key", "--cost", "interactive"], stdin=slave,
                                   stdout=subprocess.PIPE, stderr=slave, env=self.env)
        os.close(slave)
        seen = b""
        for prompt, answer in zip([b"for the office key: ", b"again: "], answers):
            seen += self.read_until(master, prompt)
            os.write(master, answer.encode() + b"\n")
        stdout, _ = process.communicate(timeout=60)
        try:
            while select.select([master], [], [], 0.2)[0]:
                seen += os.read(master, 4096)
        except OSError:
            pass
        os.close(master)
        return process.returncode, stdout.decode(), seen.decode(errors="replace")

    def read_until(self, fd, end):
        seen = b""
        deadline = time.monotonic() + 30
        while not seen.endswith(end):
            self.assertLess(time.monotonic(), deadline, f"no prompt; got {seen!r}")
            if select.select([fd], [], [], 1)[0]:
                seen += os.read(fd, 1)
        return seen

    def test_asked_twice_without_echo(self):
        status, stdout, seen = self.run_on_terminal([PASSPHRASE, PASSPHRASE])
        self.assertEqual(status, 0, seen)
        self.assertIn("New passphrase", seen)
        self.assertIn("again", seen)
        self.assertNotIn(PASSPHRASE, seen, "the passphrase was echoed")
        self.assertRegex(stdout.strip(), r"^office:")

    def test_two_different_passphrases(self):
        status, stdout, seen = self.run_on_terminal([PASSPHRASE, PASSPHRASE + "!"])
        self.assertEqual(status, 1)
        self.assertIn("differ", seen)
        self.assertEqual(stdout, "")
        self.assertFalse(os.path.exists(self.default_key))


if __name__ == "__main__":
    unittest.main()

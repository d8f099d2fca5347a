# SPDX-License-Identifier: GPL-3.0-or-later
"""Every language of po/LINGUAS is complete: the application's messages
(msgfmt --check --statistics: no untranslated, no fuzzy message, formats
that match; msgcmp: every message the sources mark for translation today is
in the catalogue, so a new message cannot reach a walk-in in English) and
the rules file's texts (every translatable key has a line
for the language, none empty)."""

import configparser
import os
import re
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ["TREMPLIN_SOURCE_DIR"]
PO_DIR = os.path.join(SOURCE_DIR, "po")
RULES = os.path.join(SOURCE_DIR, "data", "rules", "paris-code-2017.ini")
# The keywords of meson's "glib" gettext preset (po/meson.build).
XGETTEXT_KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3", "g_dpgettext2:2c,3"]
# The keys of the rules file a walk-in reads; see the file's own header.
TRANSLATABLE = re.compile(r"^(Name|Text|Help|Answer-[A-Za-z0-9_]+|Reason|Referral|Label|Meaning)$")


def languages():
    with open(os.path.join(PO_DIR, "LINGUAS"), encoding="utf-8") as f:
        return [line.split("#")[0].strip() for line in f if line.split("#")[0].strip()]


class Translations(unittest.TestCase):
    def test_every_language_is_listed(self):
        self.assertEqual(sorted(languages()), ["ar", "es", "fr", "pt", "ta", "tr", "zh_CN"])

    def test_messages_complete(self):
        for code in languages():
            with self.subTest(language=code):
                done = subprocess.run(
                    ["msgfmt", "--check", "--statistics", "-o", os.devnull, os.path.join(PO_DIR, code + ".po")],
                    capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertRegex(done.stderr.strip(), r"^\d+ translated messages?\.$")

    def test_catalogues_hold_every_message_of_the_sources(self):
        with open(os.path.join(PO_DIR, "POTFILES.in"), encoding="utf-8") as f:
            sources = [line.strip() for line in f if line.strip() and not line.startswith("#")]
        with tempfile.TemporaryDirectory() as scratch:
            template = os.path.join(scratch, "tremplin.pot")
            subprocess.run(["xgettext", "--from-code=UTF-8", "--directory", SOURCE_DIR, "--output", template,
                            *(f"--keyword={k}" for k in XGETTEXT_KEYWORDS), *sources],
                           check=True, capture_output=True)
            for code in languages():
                with self.subTest(language=code):
                    compared = subprocess.run(["msgcmp", "-N", os.path.join(PO_DIR, code + ".po"), template],
                                              capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
                    missing = [line for line in compared.stderr.splitlines() if "used but not defined" in line]
                    self.assertEqual(compared.returncode, 0,
                                     f"{len(missing)} messages of the sources are not in po/{code}.po "
                                     f"(ninja -C _build tremplin-update-po, then translate):\n"
                                     + compared.stderr[:3000])

    def test_potfiles_lists_every_file_with_messages(self):
        """A file whose messages are marked but not listed would reach a
        walk-in untranslated without any other test noticing."""
        with open(os.path.join(PO_DIR, "POTFILES.in"), encoding="utf-8") as f:
            listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
        marked = set()
        call = re.compile(r"\b(?:N?C?_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)\s*\(")
        for folder in ("src", "ui"):
            for root, _, names in os.walk(os.path.join(SOURCE_DIR, folder)):
                for name in names:
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8", errors="replace") as f:
                        text = f.read()
                    if (name.endswith((".c", ".h")) and call.search(text)) or \
                       (name.endswith(".ui") and 'translatable="yes"' in text):
                        marked.add(os.path.relpath(path, SOURCE_DIR))
        self.assertEqual(sorted(marked - listed), [], "marked for translation but not in po/POTFILES.in")
        missing = [path for path in listed if not os.path.exists(os.path.join(SOURCE_DIR, path))]
        self.assertEqual(missing, [], "in po/POTFILES.in but not in the tree")

    def test_rules_texts_complete(self):
        rules = configparser.RawConfigParser(interpolation=None, strict=True)
        rules.optionxform = str
        rules.read(RULES, encoding="utf-8")
        keys = [(group, key) for group in rules.sections() for key in rules[group]
                if TRANSLATABLE.match(key)]
        self.assertGreater(len(keys), 50)
        for code in languages():
            missing = [f"[{group}] {key}[{code}]=" for group, key in keys
                       if not rules[group].get(f"{key}[{code}]", "").strip()]
            self.assertEqual(missing, [], f"{code}: {len(missing)} texts of the rules file are not translated")


if __name__ == "__main__":
    unittest.main(verbosity=2)

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-source-headers — every source file names its licence (an SPDX line
# in its first lines) and every C file opens with a comment saying what it
# is for, so a reader knows both before reading any code.
#
# With --fix FILE.tsv, adds the missing SPDX lines, and the opening comments
# given as "path<TAB>what it is for" lines, instead of checking.
import os
import subprocess
import sys

SPDX = "SPDX-License-Identifier: GPL-3.0-or-later"
# How each kind of source file writes a one-line comment.
COMMENT = {
    ".c": "/* {} */", ".h": "/* {} */", ".css": "/* {} */", ".js": "/* {} */",
    ".py": "# {}", ".build": "# {}", ".sh": "# {}", ".sql": "-- {}",
    ".ui": "<!-- {} -->", ".xml": "<!-- {} -->",
}
# Lines that must stay first: an interpreter line, an XML declaration.
KEEP_FIRST = ("#!", "<?xml")


def comment_style(path, text):
    ext = os.path.splitext(path)[1]
    if os.path.basename(path) == "meson_options.txt":
        return "# {}"
    if ext in COMMENT:
        return COMMENT[ext]
    if text.startswith("#!"):
        return "# {}"
    return None


def source_files(root):
    listed = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True,
                            text=True, check=True).stdout.split("\n")
    for path in filter(None, listed):
        full = os.path.join(root, path)
        # The verifier's vendor/ files are others' work under their own
        # licences, kept byte for byte as npm gives them (tests/browser checks).
        if path.startswith(("tests/fuzz/corpus/", "tests/fuzz/crashes/", "src/verifier/vendor/")) or \
                not os.path.isfile(full):
            continue
        with open(full, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        style = comment_style(path, text)
        if style:
            yield path, full, text, style


def head_lines(text):
    lines = text.split("\n")
    return lines[1:] if lines and lines[0].startswith(KEEP_FIRST) else lines


def problems(root):
    for path, _, text, _ in source_files(root):
        lines = head_lines(text)
        if not any(SPDX in line for line in lines[:3]):
            yield f"{path}: no '{SPDX}' line at the top"
        if path.endswith(".c"):
            rest = [line for line in lines if SPDX not in line]
            if not rest or not rest[0].startswith("/*"):
                yield f"{path}: does not open with a comment saying what the file is for"


def fix(root, openings_path):
    openings = {}
    if openings_path:
        with open(openings_path, encoding="utf-8") as f:
            for line in filter(None, f.read().split("\n")):
                path, what = line.split("\t")
                openings[path] = what
    for path, full, text, style in source_files(root):
        lines = text.split("\n")
        at = 1 if lines[0].startswith(KEEP_FIRST) else 0
        added = []
        if not any(SPDX in line for line in lines[at:at + 3]):
            added.append(style.format(SPDX))
        if path in openings:
            added.append(style.format(f"{os.path.basename(path)} — {openings[path]}"))
        if added:
            lines[at:at] = added
            with open(full, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))


def main():
    root = sys.argv[-1]
    if len(sys.argv) == 4 and sys.argv[1] == "--fix":
        fix(root, sys.argv[2])
        return 0
    found = list(problems(root))
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"{len(found)} source files lack their licence line or opening comment", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The include structure of src/, checked against docs/architecture.md.

Every #include "..." in src/ is mapped to the room of the header it names
(src/core/<room>/ is core/<room>; src/<folder>/ is <folder>, whatever lies
below it). The check fails, naming file:line, on:

  - an arrow between rooms that the allowed-arrows table of
    docs/architecture.md does not list, or a room the table does not know;
  - a cycle between rooms (in the includes, or allowed by the table);
  - an include of a library the room may not use: never GTK, libadwaita,
    cairo, Pango, libpng or libpq in the core, and in its public headers
    neither libsodium, SQLite nor libqrencode (the core's .c files and its
    *-private.h headers may use those three); libpq in the sync room only;
  - a *-private.h header included from outside src/core, but for the core's
    unit tests (tests/core).

Headers that are not in the source tree (config.h, the generated
*-resources.h) are not anyone's room and are left out.

Usage: check-includes.py [SOURCE_DIR]   (default: two folders up)
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
ARROWS_BEGIN = "<!-- allowed-arrows:begin -->"
ARROWS_END = "<!-- allowed-arrows:end -->"
SOURCE_SUFFIXES = (".c", ".h")

# System headers by library, matched on the start of the included name.
LIBRARIES = {
    "GTK": ("gtk/", "gdk/", "gsk/"),
    "libadwaita": ("adwaita.h",),
    "libnotify": ("libnotify/",),
    "cairo": ("cairo.h", "cairo-", "cairo/"),
    "Pango": ("pango/",),
    "libpng": ("png.h", "pngconf.h", "libpng"),
    "libpq": ("libpq-fe.h", "libpq/", "postgresql/", "pg_config"),
    "libsodium": ("sodium.h", "sodium/"),
    "SQLite": ("sqlite3.h",),
    "libqrencode": ("qrencode.h",),
}
DRAWING_AND_SCREEN = {"GTK", "libadwaita", "libnotify", "cairo", "Pango", "libpng"}
# What a room may never include (the core's public headers: see forbidden()).
FORBIDDEN = {
    "core": DRAWING_AND_SCREEN | {"libpq"},
    "render": {"GTK", "libadwaita", "libnotify", "libpq"},
}
CORE_PUBLIC_HEADER_FORBIDDEN = FORBIDDEN["core"] | {"libsodium", "SQLite", "libqrencode"}
LIBPQ_ROOMS = {"sync"}


def room_of(relpath):
    """core/<room> for the core's rooms, else src/'s first folder; None outside src/."""
    parts = relpath.split("/")
    if parts[0] != "src" or len(parts) < 3:
        return None
    if parts[1] == "core":
        return "core/" + parts[2] if len(parts) > 3 else "core"
    return parts[1]


def is_private(header):
    return os.path.basename(header).endswith("-private.h")


def read_arrows(doc_path):
    """The table between the markers: room -> set of rooms it may include."""
    with open(doc_path, encoding="utf-8") as f:
        text = f.read()
    if ARROWS_BEGIN not in text or ARROWS_END not in text:
        sys.exit(f"{doc_path}: no table between {ARROWS_BEGIN} and {ARROWS_END}")
    table = text.split(ARROWS_BEGIN, 1)[1].split(ARROWS_END, 1)[0]
    arrows = {}
    for number, line in enumerate(table.splitlines()):
        cells = [c.strip().strip("`").strip() for c in line.strip().strip("|").split("|")]
        if not line.strip().startswith("|") or len(cells) < 2:
            continue
        if cells[0].lower() == "room" or set(cells[0]) <= set("-: "):
            continue
        targets = {t.strip().strip("`").strip() for t in cells[1].split(",")}
        arrows[cells[0]] = {t for t in targets if t and t not in ("—", "-", "nothing")}
    if not arrows:
        sys.exit(f"{doc_path}: the allowed-arrows table is empty")
    return arrows


def walk_sources(top, source_dir):
    for root, dirs, files in os.walk(os.path.join(source_dir, top)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                path = os.path.join(root, name)
                yield os.path.relpath(path, source_dir).replace(os.sep, "/")


def includes_of(source_dir, relpath):
    with open(os.path.join(source_dir, relpath), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield number, m.group(1) == '"', m.group(2)


def library_of(header):
    for library, starts in LIBRARIES.items():
        if header.startswith(starts):
            return library
    return None


def find_cycle(graph):
    """One cycle of @graph (node -> set of nodes) as a list of nodes, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", ".."))
    doc = os.path.join(source_dir, "docs", "architecture.md")
    arrows = read_arrows(doc)
    problems = []

    cycle = find_cycle(arrows)
    if cycle:
        problems.append(f"docs/architecture.md: the allowed-arrows table allows a cycle: {' -> '.join(cycle)}")

    sources = list(walk_sources("src", source_dir))
    headers = {}
    for path in sources:
        if path.endswith(".h"):
            name = os.path.basename(path)
            if name in headers:
                problems.append(f"{path}: a second header named {name} (the first is {headers[name]}); "
                                f'#include "{name}" would not say which')
            headers.setdefault(name, path)

    def resolve(including, name):
        beside = os.path.normpath(os.path.join(os.path.dirname(including), name)).replace(os.sep, "/")
        if beside in headers.values():
            return beside
        return headers.get(os.path.basename(name))

    used = {}
    for path in sources:
        room = room_of(path)
        if room not in arrows:
            problems.append(f"{path}: its room {room} is not in the allowed-arrows table of docs/architecture.md")
            continue
        in_core = room.startswith("core")
        public_core_header = in_core and path.endswith(".h") and not is_private(path)
        for number, quoted, name in includes_of(source_dir, path):
            where = f"{path}:{number}"
            library = library_of(name) if not quoted else None
            if library:
                if in_core and library in FORBIDDEN["core"]:
                    problems.append(f"{where}: the core may not use {library} (#include <{name}>)")
                elif public_core_header and library in CORE_PUBLIC_HEADER_FORBIDDEN:
                    problems.append(f"{where}: a public core header may not show {library} (#include <{name}>); "
                                    f"include it in the .c file or a *-private.h header")
                elif room in FORBIDDEN and library in FORBIDDEN[room]:
                    problems.append(f"{where}: the room {room} may not use {library} (#include <{name}>)")
                elif library == "libpq" and room not in LIBPQ_ROOMS:
                    problems.append(f"{where}: only the sync library talks to the hub; {room} may not "
                                    f"include libpq (#include <{name}>)")
                continue
            if not quoted:
                continue
            target = resolve(path, name)
            if target is None:
                continue  # generated (config.h, *-resources.h) or not ours
            target_room = room_of(target)
            if is_private(target) and not in_core:
                problems.append(f'{where}: #include "{name}": a *-private.h header is internal to the core')
            if target_room == room:
                continue
            used.setdefault(room, {}).setdefault(target_room, where)
            if target_room not in arrows[room]:
                allowed = ", ".join(sorted(arrows[room])) or "nothing"
                problems.append(f'{where}: #include "{name}": {room} -> {target_room} is not an allowed arrow '
                                f"({room} may include {allowed}; see docs/architecture.md)")

    cycle = find_cycle({room: set(targets) for room, targets in used.items()})
    if cycle:
        steps = [f"{a} -> {b} ({used[a][b]})" for a, b in zip(cycle, cycle[1:])]
        problems.append("a cycle between rooms: " + "; ".join(steps))

    # The tests include the core's public headers; its private ones are for
    # the core's own unit tests only.
    for path in walk_sources("tests", source_dir):
        if path.startswith("tests/core/"):
            continue
        for number, quoted, name in includes_of(source_dir, path):
            if quoted and is_private(name) and resolve(path, name) is not None:
                problems.append(f'{path}:{number}: #include "{name}": a *-private.h header is internal '
                                f"to the core (only tests/core may include one)")

    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} include(s) break the structure of docs/architecture.md", file=sys.stderr)
        return 1
    rooms = sorted({room_of(p) for p in sources})
    print(f"{len(sources)} files in {len(rooms)} rooms ({', '.join(rooms)}): every include follows "
          f"docs/architecture.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

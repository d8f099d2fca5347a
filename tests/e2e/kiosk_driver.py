# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real tremplin-kiosk as a person would, through what a screen
reader sees (AT-SPI): find a control by its accessible name, press it, type
into it. Run inside tests/with-display (a virtual screen and a private D-Bus
session)."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import warnings

import pyatspi

# pyatspi calls libatspi functions that newer versions deprecate.
warnings.filterwarnings("ignore", category=DeprecationWarning)

SOURCE_DIR = os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(SOURCE_DIR, "_build"))
KIOSK = os.path.join(BUILD_DIR, "src", "kiosk", "tremplin-kiosk")
# GLib's debug flags for our own programs (meson's e2e_env sets them): this
# driver and the daemons a test starts run without them, so a warning of
# libatspi's about another process cannot abort the test.
OWN_G_DEBUG = os.environ.get("TREMPLIN_G_DEBUG", "fatal-warnings")
ADMIN = os.path.join(BUILD_DIR, "src", "admin", "tremplin-admin")
DEMO_OFFICE_KEY = os.path.join(BUILD_DIR, "tests", "demo", "demo-office-key")
_office_key = None


def office_key():
    """The demo office key's public text ("office:…"), made once in the build
    folder, apart from any kiosk's data: a kiosk takes no registration
    without an office key to seal the details to."""
    global _office_key
    if _office_key is None:
        _office_key = subprocess.run([DEMO_OFFICE_KEY, os.path.join(BUILD_DIR, "demo-office")],
                                     capture_output=True, text=True, check=True).stdout.strip()
    return _office_key


def open_details(db, code):
    """The sealed details of registration @code, opened with the demo office
    key, as the office would: {"person": {…}, "answers": {…}}."""
    office_key()
    result = subprocess.run([DEMO_OFFICE_KEY, os.path.join(BUILD_DIR, "demo-office"), "open", db, code],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)

CLICKABLE = {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
             pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_LINK}
EDITABLE = {pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON}


def own_program_env(g_debug=None, **extra):
    """The environment for one of our programs: the test's, with warnings
    fatal (or g_debug's flags; "" for none)."""
    env = dict(os.environ, **extra)
    env["G_DEBUG"] = OWN_G_DEBUG if g_debug is None else g_debug
    return env


class NotFound(AssertionError):
    pass


class Kiosk:
    """One kiosk process with its own database and kiosk.conf."""

    mapped = set()  # characters given a key of their own on this display (map_keys)

    def __init__(self, config=None, catalogue=None, language="fr", g_debug=None, office_key_text=None):
        self.language = language
        self.g_debug = g_debug
        self.dir = tempfile.mkdtemp(prefix="tremplin-e2e-")
        self.db = os.path.join(self.dir, "tremplin.db")
        lines = ["[Kiosk]", "Id=e2e-kiosk", f"Database={self.db}", f"Language={language}",
                 f"ExportDirectory={self.dir}/exports", f"OfficeKey={office_key_text or office_key()}"]
        if catalogue:
            lines.append(f"Catalogue={catalogue}")
        # These walks type with a physical keyboard (xdotool); test_osk.py
        # turns the on-screen keyboard back on.
        config = dict({"OnScreenKeyboard": "false"}, **(config or {}))
        for key, value in config.items():
            lines.append(f"{key}={value}")
        self.conf = os.path.join(self.dir, "kiosk.conf")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.process = None
        self.app = None

    # Process

    def command(self):
        """The kiosk's command line and environment."""
        env = own_program_env(self.g_debug, GSK_RENDERER="cairo", GTK_A11Y="atspi", NO_AT_BRIDGE="0",
                              XDG_DATA_HOME=os.path.join(self.dir, "data"), LC_ALL="C.UTF-8")
        return [KIOSK, "--config", self.conf], env

    def start(self, timeout=30):
        args, env = self.command()
        self.log = open(os.path.join(self.dir, "kiosk.log"), "w")
        self.process = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.app = self._find_app()
            if self.app is not None and self._first_window() is not None:
                return self
            if self.process.poll() is not None:
                raise AssertionError(f"the kiosk exited with {self.process.returncode}: {self.read_log()}")
            time.sleep(0.2)
        raise AssertionError("the kiosk did not show a window: " + self.read_log())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.process:
            self.log.close()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def read_log(self):
        try:
            with open(os.path.join(self.dir, "kiosk.log"), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def _first_window(self):
        try:
            return self.app.getChildAtIndex(0) if self.app.childCount > 0 else None
        except Exception:
            return None

    # Finding

    def nodes(self, showing_only=True):
        """Every node of the kiosk's tree (depth first), on screen ones only."""
        stack = [self.app]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            try:
                state = node.getState()
                if showing_only and node is not self.app and not state.contains(pyatspi.STATE_VISIBLE):
                    continue
                yield node
                stack.extend(node.getChildAtIndex(i) for i in reversed(range(node.childCount)))
            except Exception:
                continue

    def find_all(self, name=None, roles=None, contains=None):
        found = []
        for node in self.nodes():
            try:
                if roles and node.getRole() not in roles:
                    continue
                label = node.name or ""
                if name is not None and label != name:
                    continue
                if contains is not None and contains not in label:
                    continue
                found.append(node)
            except Exception:
                continue
        return found

    def find(self, name=None, roles=None, contains=None, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            found = self.find_all(name, roles, contains)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise NotFound(f"nothing named {name or contains!r} on screen; seen: {self.names()[:80]}")
            time.sleep(0.2)

    def names(self):
        return [n.name for n in self.nodes() if n.name]

    def texts(self):
        """Every text on screen: names, descriptions and the contents of text fields."""
        out = []
        for node in self.nodes():
            try:
                if node.name:
                    out.append(node.name)
                if node.description:
                    out.append(node.description)
                if node.getRole() in EDITABLE | {pyatspi.ROLE_LABEL}:
                    out.append(self.field_text(node))
            except Exception:
                continue
        return out

    def shows(self, text):
        return any(text in t for t in self.texts())

    def wait_for_text(self, text, timeout=10):
        deadline = time.monotonic() + timeout
        while not self.shows(text):
            if time.monotonic() > deadline:
                raise NotFound(f"{text!r} never appeared; seen: {self.texts()[:60]}")
            time.sleep(0.2)

    def wait_gone(self, text, timeout=10):
        deadline = time.monotonic() + timeout
        while self.shows(text):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} is still on screen")
            time.sleep(0.2)

    # Acting

    def click(self, name=None, contains=None, timeout=10):
        node = self.find(name, CLICKABLE, contains, timeout)
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("click", "activate", "toggle", "press", "Activate"):
                action.doAction(i)
                break
        else:
            action.doAction(0)
        time.sleep(0.3)
        return node

    def choose(self, name, timeout=10):
        """Presses the toggle button @name unless it is pressed already: a
        click on the chosen one of a group would un-choose it."""
        node = self.find(name, CLICKABLE, timeout=timeout)
        states = node.getState()
        if not (states.contains(pyatspi.STATE_PRESSED) or states.contains(pyatspi.STATE_CHECKED)):
            self.click(name, timeout=timeout)
        return node

    def tap(self, node):
        """Touches the middle of @node on screen (the kiosk is full screen at 0,0)."""
        x, y, width, height = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        subprocess.run(["xdotool", "mousemove", str(x + width // 2), str(y + height // 2),
                        "click", "1"], check=True)
        time.sleep(0.3)

    def focus(self, name, timeout=10):
        """Touches a field until it has the keyboard focus (a page that has
        just appeared may still be laying itself out)."""
        deadline = time.monotonic() + timeout
        while True:
            node = self.find(name, EDITABLE, timeout=timeout)
            self.tap(node)
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                # A page may move the focus to its first field as it settles.
                time.sleep(0.3)
                if node.getState().contains(pyatspi.STATE_FOCUSED):
                    return node
            if time.monotonic() > deadline:
                raise AssertionError(f"the field {name!r} does not take the focus")
            time.sleep(0.3)

    def map_keys(self, text):
        """Gives every character of @text the keyboard lacks a key of its own,
        for good. xdotool would map one for the keystroke and take it back at
        once, and GTK reads the keymap as it is when it handles the keystroke,
        not as it was when it was typed: on a loaded machine the "ï" of
        "Aïssata" then came out as nothing."""
        wanted = {c for c in text if ord(c) > 127} - Kiosk.mapped
        if not wanted:
            return
        table = subprocess.run(["xmodmap", "-pke"], capture_output=True, text=True, check=True).stdout
        free = [int(line.split()[1]) for line in table.splitlines()
                if line.startswith("keycode") and line.rstrip().endswith("=")]
        for character in sorted(wanted):
            keysym = f"U{ord(character):04X}"
            subprocess.run(["xmodmap", "-e", f"keycode {free.pop()} = {keysym} {keysym}"], check=True)
            Kiosk.mapped.add(character)
        # The kiosk learns the new keymap before the keystrokes that follow.
        time.sleep(0.5)

    def type(self, name, text, clear=True):
        """Focuses a field and types @text with the keyboard (xdotool)."""
        self.map_keys(text)
        node = self.focus(name)
        if clear:
            subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+a", "BackSpace"], check=True)
        subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
        time.sleep(0.3)
        return node

    def key(self, *keys):
        subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)
        time.sleep(0.3)

    def field_text(self, node):
        # GTK 4.8 answers an end offset of -1 with nothing: ask for every character.
        text = node.queryText()
        return text.getText(0, text.characterCount)

    def screenshot(self, path):
        subprocess.run(f"xwd -root -silent | convert xwd:- {path}", shell=True, check=True)
        return path

    def admin(self, *args, input=None):
        return subprocess.run([ADMIN, "--config", self.conf, *args], capture_output=True, text=True,
                              input=input, timeout=60, env=own_program_env(self.g_debug))

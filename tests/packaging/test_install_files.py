# SPDX-License-Identifier: GPL-3.0-or-later
"""What `meson install` lays out: every file in its place, a desktop file and
an AppStream metainfo file that their validators accept, icons, and a kiosk
session unit that systemd accepts and rates as hardened."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

SOURCE_DIR = os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(SOURCE_DIR, "_build"))
APP_ID = "org.tremplin.Kiosk"
KIOSK_UNIT = os.path.join(BUILD_DIR, "packaging", "tremplin-kiosk.service")


def tool(name, package):
    path = shutil.which(name)
    if path is None:
        raise AssertionError(f"{name} is missing: apt-get install {package}")
    return path


def run(*argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, SYSTEMD_LOG_COLOR="0", SYSTEMD_PAGER=""), **kwargs)


def unit_values(path, key):
    with open(path, encoding="utf-8") as f:
        return [line.split("=", 1)[1].strip() for line in f if line.startswith(key + "=")]


class Installed(unittest.TestCase):
    """A DESTDIR install of this build, under its own prefix."""

    @classmethod
    def setUpClass(cls):
        cls.destdir = tempfile.mkdtemp(prefix="tremplin-install-")
        result = run("meson", "install", "-C", BUILD_DIR, "--no-rebuild", "--destdir", cls.destdir)
        if result.returncode != 0:
            shutil.rmtree(cls.destdir, ignore_errors=True)
            raise AssertionError("meson install failed:\n" + result.stdout + result.stderr)
        prefix = run("meson", "introspect", "--buildoptions", BUILD_DIR).stdout
        cls.prefix = re.search(r'"name": "prefix", "value": "([^"]+)"', prefix).group(1)
        cls.root = cls.destdir + cls.prefix

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.destdir, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def test_everything_in_its_place(self):
        expected = [
            "bin/tremplin-kiosk",
            "bin/tremplin-admin",
            "bin/tremplin-office",
            "share/tremplin/rules/paris-code-2017.ini",
            "share/tremplin/catalogue/demo-catalogue.csv",
            "share/tremplin/kiosk.conf.example",
            "share/tremplin/verifier/index.html",
            "share/tremplin/verifier/app.js",
            "share/tremplin/verifier/sw.js",
            "share/tremplin/verifier/vendor/jsQR.js",
            "share/tremplin/verifier/vendor/noble-ed25519.js",
            f"share/applications/{APP_ID}.desktop",
            f"share/metainfo/{APP_ID}.metainfo.xml",
            f"share/icons/hicolor/scalable/apps/{APP_ID}.svg",
            f"share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg",
            "share/glib-2.0/schemas/50_tremplin-kiosk.gschema.override",
            "share/man/man1/tremplin-kiosk.1",
            "share/man/man1/tremplin-admin.1",
            "share/man/man1/tremplin-office.1",
            "lib/systemd/system/tremplin-kiosk.service",
            "lib/systemd/system/tremplin-export.service",
            "lib/systemd/system/tremplin-export.timer",
            "lib/udev/rules.d/90-tremplin-usb-export.rules",
        ]
        with open(os.path.join(SOURCE_DIR, "po", "LINGUAS"), encoding="utf-8") as f:
            languages = [word for line in f for word in line.split("#")[0].split()]
        self.assertIn("fr", languages)
        expected += [f"share/locale/{lang}/LC_MESSAGES/tremplin.mo" for lang in languages]
        missing = [p for p in expected if not os.path.isfile(self.path(p))]
        self.assertEqual(missing, [], f"not installed under {self.root}")
        for program in ("bin/tremplin-kiosk", "bin/tremplin-admin", "bin/tremplin-office"):
            self.assertTrue(os.access(self.path(program), os.X_OK), program)

    def test_ui_is_compiled_in(self):
        """The templates and style travel inside the binary: nothing of ui/
        is installed (the web verifier's own style sheet aside), and the binary's resources hold the style sheet and the
        templates of the window and of staff mode."""
        installed = [os.path.join(d, f) for d, _, files in os.walk(self.root) for f in files]
        self.assertEqual([p for p in installed if p.endswith((".ui", ".css")) and "/tremplin/verifier/" not in p], [])
        listed = subprocess.run([tool("gresource", "libglib2.0-bin"), "list", self.path("bin/tremplin-kiosk")],
                                capture_output=True, text=True, check=True).stdout.split()
        for resource in ("style.css", "tr-window.ui", "staff/tr-staff-panel.ui"):
            self.assertIn(f"/org/tremplin/Kiosk/{resource}", listed)

    def test_desktop_file_validates(self):
        validate = tool("desktop-file-validate", "desktop-file-utils")
        desktop = self.path("share/applications", f"{APP_ID}.desktop")
        result = run(validate, desktop)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout.strip(), "", "no hint either")
        with open(desktop, encoding="utf-8") as f:
            entry = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line and not line.startswith("#"))
        self.assertEqual(entry["Icon"], APP_ID)
        self.assertEqual(entry["Exec"].split()[0], "tremplin-kiosk")

    def test_desktop_file_validator_catches_a_mistake(self):
        validate = tool("desktop-file-validate", "desktop-file-utils")
        with tempfile.TemporaryDirectory() as scratch:
            broken = os.path.join(scratch, f"{APP_ID}.desktop")
            with open(self.path("share/applications", f"{APP_ID}.desktop"), encoding="utf-8") as f:
                text = f.read()
            with open(broken, "w", encoding="utf-8") as f:
                f.write(text.replace("Type=Application\n", ""))
            self.assertNotEqual(run(validate, broken).returncode, 0)

    def test_metainfo_validates(self):
        appstreamcli = tool("appstreamcli", "appstream")
        metainfo = self.path("share/metainfo", f"{APP_ID}.metainfo.xml")
        result = run(appstreamcli, "validate", "--no-net", "--explain", metainfo)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotRegex(result.stdout, r"(?m)^[EW]:", result.stdout)

        component = ET.parse(metainfo).getroot()
        self.assertEqual(component.findtext("id"), APP_ID)
        self.assertEqual(component.find("launchable").text, f"{APP_ID}.desktop")
        self.assertIsNotNone(component.find("content_rating[@type='oars-1.1']"))
        release = component.find("releases/release")
        self.assertEqual(release.get("version"), subprocess.run(
            ["meson", "introspect", "--projectinfo", BUILD_DIR], capture_output=True, text=True
        ).stdout.split('"version": "')[1].split('"')[0])
        images = [i.text for i in component.findall("screenshots/screenshot/image")]
        self.assertGreaterEqual(len(images), 3)
        for url in images:
            self.assertTrue(url.startswith("https://"), url)
            # Each screenshot is one of the project's own, published as is.
            name = url.split("/docs/screenshots/", 1)[1]
            self.assertTrue(os.path.isfile(os.path.join(SOURCE_DIR, "docs", "screenshots", name)), url)

    def test_metainfo_validator_catches_a_mistake(self):
        appstreamcli = tool("appstreamcli", "appstream")
        with tempfile.TemporaryDirectory() as scratch:
            broken = os.path.join(scratch, f"{APP_ID}.metainfo.xml")
            with open(self.path("share/metainfo", f"{APP_ID}.metainfo.xml"), encoding="utf-8") as f:
                text = f.read()
            with open(broken, "w", encoding="utf-8") as f:
                f.write(re.sub(r"<summary>.*?</summary>", "", text, count=1))
            self.assertNotEqual(run(appstreamcli, "validate", "--no-net", broken).returncode, 0)

    def test_icons_are_svg_of_the_right_kind(self):
        svg = "{http://www.w3.org/2000/svg}svg"
        scalable = ET.parse(self.path(f"share/icons/hicolor/scalable/apps/{APP_ID}.svg")).getroot()
        symbolic = ET.parse(self.path(f"share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg")).getroot()
        self.assertEqual(scalable.tag, svg)
        self.assertEqual(symbolic.tag, svg)
        # A symbolic icon is 16×16 and drawn in one colour, which GTK recolours.
        self.assertEqual((symbolic.get("width"), symbolic.get("height")), ("16", "16"))
        with open(self.path(f"share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg"), encoding="utf-8") as f:
            colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", f.read()))
        self.assertEqual(len(colours), 1, colours)

    def test_inspector_key_binding_off(self):
        """The override names a real key of GTK's schema, and GLib accepts it."""
        compile_schemas = tool("glib-compile-schemas", "libglib2.0-bin")
        gsettings = tool("gsettings", "libglib2.0-bin")
        with tempfile.TemporaryDirectory() as schemas:
            shutil.copy("/usr/share/glib-2.0/schemas/org.gtk.gtk4.Settings.Debug.gschema.xml", schemas)
            shutil.copy(self.path("share/glib-2.0/schemas/50_tremplin-kiosk.gschema.override"), schemas)
            result = run(compile_schemas, "--strict", schemas)
            self.assertEqual(result.returncode, 0, result.stderr)
            env = dict(os.environ, GSETTINGS_SCHEMA_DIR=schemas, GSETTINGS_BACKEND="memory")
            value = subprocess.run([gsettings, "get", "org.gtk.gtk4.Settings.Debug", "enable-inspector-keybinding"],
                                   capture_output=True, text=True, env=env, timeout=30)
            self.assertEqual(value.stdout.strip(), "false", value.stderr)

    def test_units_point_at_the_installed_programs(self):
        bindir = os.path.join(self.prefix, "bin")
        for unit in ("tremplin-kiosk.service", "tremplin-export.service"):
            for line in unit_values(self.path("lib/systemd/system", unit), "ExecStart"):
                self.assertIn(os.path.join(bindir, ""), line, unit)


class KioskUnit(unittest.TestCase):
    def setUp(self):
        self.analyze = tool("systemd-analyze", "systemd")

    def test_verifies_without_a_warning(self):
        result = run(self.analyze, "verify", "--man=no", KIOSK_UNIT)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual([l for l in (result.stdout + result.stderr).splitlines() if "tremplin-kiosk" in l], [])

    def test_runs_cage_on_tty1_as_the_kiosk_user_and_restarts(self):
        (exec_start,) = unit_values(KIOSK_UNIT, "ExecStart")
        self.assertRegex(exec_start, r"^/usr/bin/cage .*-- \S+/tremplin-kiosk --config \S+/tremplin/kiosk\.conf$")
        self.assertNotIn("--windowed", exec_start)
        self.assertEqual(unit_values(KIOSK_UNIT, "User"), ["_tremplin"])
        self.assertEqual(unit_values(KIOSK_UNIT, "TTYPath"), ["/dev/tty1"])
        self.assertEqual(unit_values(KIOSK_UNIT, "Restart"), ["always"])
        self.assertEqual(unit_values(KIOSK_UNIT, "StartLimitIntervalSec"), ["0"])
        self.assertIn("getty@tty1.service", unit_values(KIOSK_UNIT, "Conflicts"))

    def test_hardened(self):
        for key, value in [("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                           ("ProtectHome", "yes"), ("PrivateTmp", "yes")]:
            self.assertEqual(unit_values(KIOSK_UNIT, key), [value], key)
        writable = " ".join(unit_values(KIOSK_UNIT, "ReadWritePaths")).split()
        self.assertIn("/var/lib/tremplin", writable)
        unset = " ".join(unit_values(KIOSK_UNIT, "UnsetEnvironment")).split()
        self.assertIn("GTK_DEBUG", unset)
        self.assertFalse(any("GTK_DEBUG" in v for v in unit_values(KIOSK_UNIT, "Environment")))
        result = run(self.analyze, "security", "--offline=yes", "--threshold=25", KIOSK_UNIT)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        score = re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout + result.stderr)
        self.assertIsNotNone(score, result.stdout)
        self.assertLessEqual(float(score.group(1)), 2.5)


if __name__ == "__main__":
    unittest.main(verbosity=2)

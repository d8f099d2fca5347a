# SPDX-License-Identifier: GPL-3.0-or-later
"""The Debian package, for real: built from a copy of the source tree with
dpkg-buildpackage, checked by lintian, installed with its dependencies into a
fresh Debian 12 root made by debootstrap, and then:

- its files land, the kiosk user and /var/lib/tremplin exist with the right
  owner and modes, and `tremplin-admin check` passes as the kiosk user;
- the kiosk session runs: the unit's own command line (cage with
  tremplin-kiosk) as the kiosk user, on a headless output; grim's screenshot
  shows the welcome screen filling the screen; killed, the application comes
  back by the unit's Restart= rule (systemd is not PID 1 in CI, so a small
  supervisor here applies the unit's ExecStart=, Restart=, RestartSec=,
  Environment= and UnsetEnvironment= as systemd would);
- removing the package keeps the data, purging deletes it.

Needs root (chroot, mounts in a private mount namespace) and the Debian
archive; exits 77 (skipped) with the reason when either is missing.

The fresh root and the downloaded packages are cached under
$TREMPLIN_TEST_CACHE (default /var/cache/tremplin-tests), so later runs skip
the downloads; delete that folder to start from nothing.
"""

import glob
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SOURCE_DIR = os.path.abspath(os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")))
BUILD_DIR = os.path.abspath(os.environ.get("TREMPLIN_BUILD_DIR", os.path.join(SOURCE_DIR, "_build")))
CACHE = os.environ.get("TREMPLIN_TEST_CACHE", "/var/cache/tremplin-tests")
MIRROR = "http://deb.debian.org/debian"
SKIP = 77
KIOSK_USER = "_tremplin"
DATA_DIR = "/var/lib/tremplin"
PACKAGE = "tremplin-kiosk"
TOOLS = {"dpkg-buildpackage": "dpkg-dev", "dh": "debhelper", "lintian": "lintian",
         "debootstrap": "debootstrap", "unshare": "util-linux"}

# The package cache is shared with the host, where the root's _apt user does
# not own it.
APT_OPTIONS = ["-o", "APT::Sandbox::User=root"]

# The libadwaita light theme's window background, which the kiosk's welcome
# screen is drawn on; cage's own background, outside any window, is black.
WINDOW_BACKGROUND = (0xfa, 0xfa, 0xfa)


def log(message):
    print(f"# {time.strftime('%H:%M:%S')} {message}", flush=True)


def skip(reason):
    print(f"SKIP: {reason}", flush=True)
    sys.exit(SKIP)


def run(argv, timeout=600, check=True, **kwargs):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{shlex.join(argv)} failed ({result.returncode}):\n"
                             f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    return result


def archive_reachable():
    try:
        socket.create_connection(("deb.debian.org", 80), timeout=10).close()
        return True
    except OSError:
        return False


def copy_source_tree(dest):
    """The project's files, without build directories, with packaging/debian
    as debian/, as someone building the package would lay them out."""
    shutil.copytree(SOURCE_DIR, dest, symlinks=True, ignore=shutil.ignore_patterns(
        "_build*", "_bench", ".git", "__pycache__", "shots", "debian"))
    shutil.copytree(os.path.join(SOURCE_DIR, "packaging", "debian"), os.path.join(dest, "debian"))


def build_package(workdir):
    source = os.path.join(workdir, "tremplin-0.1.0")
    copy_source_tree(source)
    env = dict(os.environ, DEB_BUILD_OPTIONS=f"nocheck parallel={os.cpu_count() or 1}", DEB_BUILD_PROFILES="nocheck",
               LC_ALL="C.UTF-8")
    for name in ("TREMPLIN_SOURCE_DIR", "TREMPLIN_BUILD_DIR", "TREMPLIN_LOCALEDIR", "MESON_BUILD_ROOT",
                 "MESON_SOURCE_ROOT", "G_DEBUG", "MALLOC_PERTURB_"):
        env.pop(name, None)
    run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=source, env=env, timeout=900)
    (deb,) = glob.glob(os.path.join(workdir, f"{PACKAGE}_*.deb"))
    return deb


def make_root(root):
    """A fresh Debian 12 minbase root: unpacked from the cache, or made by
    debootstrap and cached."""
    os.makedirs(CACHE, exist_ok=True)
    tarball = os.path.join(CACHE, "bookworm-minbase.tar")
    if not os.path.exists(tarball):
        fresh = tempfile.mkdtemp(prefix="debootstrap-", dir=CACHE)
        try:
            log(f"debootstrap --variant=minbase bookworm (cached in {tarball} for the next runs)")
            run(["debootstrap", "--variant=minbase", "bookworm", fresh, MIRROR], timeout=900)
            run(["tar", "-C", fresh, "-cf", tarball + ".part", "."])
            os.rename(tarball + ".part", tarball)
        finally:
            run(["rm", "-rf", "--one-file-system", fresh], check=False)
    os.makedirs(root)
    run(["tar", "-C", root, "-xf", tarball])
    # The folder made for it is private to root; as the root of a system it
    # must let every user through, or the kiosk user cannot even load libc.
    os.chmod(root, 0o755)
    with open(os.path.join(root, "etc/apt/sources.list"), "w", encoding="utf-8") as f:
        f.write(f"deb {MIRROR} bookworm main\n"
                f"deb {MIRROR} bookworm-updates main\n"
                "deb http://deb.debian.org/debian-security bookworm-security main\n")


def mount_into(root):
    """/proc, /dev and the package cache inside the root. The test runs in a
    mount namespace of its own, so the mounts vanish with it whatever
    happens."""
    archives = os.path.join(CACHE, "apt-archives")
    os.makedirs(os.path.join(archives, "partial"), exist_ok=True)
    run(["mount", "-t", "proc", "proc", os.path.join(root, "proc")])
    run(["mount", "--rbind", "/dev", os.path.join(root, "dev")])
    run(["mount", "--make-rslave", os.path.join(root, "dev")])
    run(["mount", "--bind", archives, os.path.join(root, "var/cache/apt/archives")])


def unmount_all(root):
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        points = [line.split()[4] for line in f]
    for point in sorted((p for p in points if p.startswith(root + "/")), key=len, reverse=True):
        subprocess.run(["umount", "-l", point], capture_output=True)
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        return not any(line.split()[4].startswith(root + "/") for line in f)


def processes_in(root):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/root") == root:
                    pids.append(int(entry))
            except OSError:
                pass
    return pids


class Root:
    """Runs commands inside the installed Debian root."""

    def __init__(self, path):
        self.path = path

    def run(self, argv, check=True, timeout=600, env=None):
        base = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C.UTF-8",
                "DEBIAN_FRONTEND": "noninteractive", "HOME": "/root"}
        return run(["chroot", self.path, "env", "-i", *(f"{k}={v}" for k, v in {**base, **(env or {})}.items()),
                    *argv], check=check, timeout=timeout)

    def as_kiosk_user(self, argv, check=True):
        return self.run(["setpriv", f"--reuid={KIOSK_USER}", f"--regid={KIOSK_USER}", "--clear-groups", *argv],
                        check=check, env={"HOME": DATA_DIR})

    def file(self, path):
        return os.path.join(self.path, path.lstrip("/"))

    def passwd(self, name):
        with open(self.file("/etc/passwd"), encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split(":")
                if fields[0] == name:
                    return fields
        return None

    def unit_values(self, unit, key):
        with open(self.file(f"/lib/systemd/system/{unit}"), encoding="utf-8") as f:
            return [line.split("=", 1)[1].strip() for line in f if line.startswith(key + "=")]


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    width, height, maxval, pixels = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S).groups()
    assert int(maxval) == 255
    return int(width), int(height), pixels


class Supervisor(threading.Thread):
    """Starts a unit's ExecStart= again whenever it exits, as its Restart=
    and RestartSec= tell systemd to."""

    def __init__(self, argv, restart, restart_sec):
        super().__init__(daemon=True)
        self.argv = argv
        self.restart = restart
        self.restart_sec = restart_sec
        self.starts = 0
        self.exits = []
        self.stopping = threading.Event()
        self.process = None
        self.log = tempfile.TemporaryFile()  # closed with the test process

    def should_restart(self, status):
        if self.restart == "always":
            return True
        if self.restart == "on-failure":
            return status != 0
        return False

    def run(self):
        while not self.stopping.is_set():
            self.process = subprocess.Popen(self.argv, stdout=self.log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
            self.starts += 1
            status = self.process.wait()
            self.exits.append(status)
            if self.stopping.is_set() or not self.should_restart(status):
                return
            self.stopping.wait(self.restart_sec)

    def stop(self):
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.join(timeout=20)
        self.log.close()

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]


class DebianPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        started = time.monotonic()
        cls.workdir = tempfile.mkdtemp(prefix="tremplin-deb-", dir=os.path.join(BUILD_DIR, "tests", "packaging"))
        root_path = os.path.join(cls.workdir, "root")
        try:
            # The build and the fresh root do not depend on each other.
            made = {}
            maker = threading.Thread(target=lambda: made.update(error=cls._make_root(root_path)))
            maker.start()
            log("dpkg-buildpackage -us -uc -b, DEB_BUILD_OPTIONS=nocheck")
            cls.deb = build_package(cls.workdir)
            log(f"built {os.path.basename(cls.deb)}")
            cls.lintian = run(["lintian", "--info", "--display-experimental", "--pedantic", "--fail-on", "error,warning",
                               cls.deb], check=False)
            maker.join()
            if made.get("error"):
                raise made["error"]
            cls.root = Root(root_path)
            mount_into(root_path)
            shutil.copy(cls.deb, cls.root.file("/tmp"))
            log("apt-get install ./tremplin-kiosk_*.deb grim (with its dependencies) in the fresh root")
            cls.root.run(["apt-get", "update", "-q"])
            cls.install = cls.root.run(["apt-get", *APT_OPTIONS, "install", "-y", "-q", "--no-install-recommends",
                                        "/tmp/" + os.path.basename(cls.deb), "grim"], timeout=900)
            log(f"installed ({time.monotonic() - started:.0f} s so far)")
        except BaseException:
            cls.tearDownClass()
            raise

    @staticmethod
    def _make_root(path):
        try:
            make_root(path)
            return None
        except BaseException as error:  # handed to the main thread
            return error

    @classmethod
    def tearDownClass(cls):
        root = os.path.join(cls.workdir, "root")
        for pid in processes_in(root):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.5)
        if unmount_all(root):
            run(["rm", "-rf", "--one-file-system", cls.workdir], check=False)
        else:
            log(f"left {cls.workdir} in place: something is still mounted in it")

    # -- the package as built -------------------------------------------------

    def test_01_lintian_clean(self):
        output = self.lintian.stdout + self.lintian.stderr
        print(output)
        self.assertEqual(self.lintian.returncode, 0, output)
        self.assertEqual(re.findall(r"(?m)^[EW]: .*", output), [], output)

    def test_02_files_land(self):
        for path in ["/usr/bin/tremplin-kiosk", "/usr/bin/tremplin-admin", "/usr/bin/tremplin-office",
                     "/usr/share/man/man1/tremplin-office.1.gz",
                     "/lib/systemd/system/tremplin-kiosk.service", "/lib/systemd/system/tremplin-export.service",
                     "/lib/systemd/system/tremplin-export.timer", "/etc/pam.d/tremplin-kiosk",
                     "/usr/share/applications/org.tremplin.Kiosk.desktop",
                     "/usr/share/metainfo/org.tremplin.Kiosk.metainfo.xml",
                     "/usr/share/icons/hicolor/scalable/apps/org.tremplin.Kiosk.svg",
                     "/usr/share/icons/hicolor/symbolic/apps/org.tremplin.Kiosk-symbolic.svg",
                     "/usr/share/tremplin/rules/paris-code-2017.ini",
                     "/usr/share/tremplin/catalogue/demo-catalogue.csv",
                     "/usr/share/tremplin/verifier/index.html",
                     "/usr/share/tremplin/verifier/vendor/jsQR.js",
                     "/usr/share/tremplin/verifier/vendor/noble-ed25519.js",
                     "/usr/share/locale/fr/LC_MESSAGES/tremplin.mo",
                     "/usr/share/glib-2.0/schemas/50_tremplin-kiosk.gschema.override",
                     "/lib/udev/rules.d/90-tremplin-usb-export.rules"]:
            self.assertTrue(os.path.isfile(self.root.file(path)), path)
        conffiles = self.root.run(["dpkg-query", "-W", "-f=${Conffiles}", PACKAGE]).stdout
        self.assertIn("/etc/tremplin/kiosk.conf", conffiles)
        with open(self.root.file("/etc/tremplin/kiosk.conf"), encoding="utf-8") as f:
            config = f.read()
        self.assertIn(f"Database={DATA_DIR}/tremplin.db", config)
        # Installing did not take tty1 over; the morning export is on.
        self.assertFalse(glob.glob(self.root.file("/etc/systemd/system/*.wants/tremplin-kiosk.service")))
        self.assertTrue(os.path.islink(self.root.file("/etc/systemd/system/timers.target.wants/tremplin-export.timer")))

    def test_03_inspector_key_binding_off_for_gtk(self):
        """The package's schema override is compiled into the root's schemas."""
        gsettings = shutil.which("gsettings")
        if gsettings is None:
            self.skipTest("gsettings is missing: apt-get install libglib2.0-bin")
        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=self.root.file("/usr/share/glib-2.0/schemas"),
                   GSETTINGS_BACKEND="memory")
        value = run([gsettings, "get", "org.gtk.gtk4.Settings.Debug", "enable-inspector-keybinding"], env=env)
        self.assertEqual(value.stdout.strip(), "false")

    def test_04_units_verify_in_the_installed_system(self):
        """Against the root's own systemd, users and programs (/usr/bin/cage...)."""
        result = self.root.run(["systemd-analyze", "verify", "--man=no", "/lib/systemd/system/tremplin-kiosk.service",
                                "/lib/systemd/system/tremplin-export.service",
                                "/lib/systemd/system/tremplin-export.timer"],
                               check=False, env={"SYSTEMD_LOG_COLOR": "0"})
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output)
        self.assertEqual([l for l in output.splitlines() if "tremplin" in l], [], output)

    def test_05_kiosk_user_and_private_data(self):
        user = self.root.passwd(KIOSK_USER)
        self.assertIsNotNone(user, "the kiosk user was not created")
        uid, gid, home, shell = int(user[2]), int(user[3]), user[5], user[6]
        self.assertLess(uid, 1000, "a system user")
        self.assertEqual(home, DATA_DIR)
        self.assertEqual(shell, "/usr/sbin/nologin")
        for path, mode in [(DATA_DIR, 0o700), (DATA_DIR + "/exports", 0o700), (DATA_DIR + "/tremplin.db.key", 0o600)]:
            info = os.stat(self.root.file(path))
            self.assertEqual((info.st_uid, info.st_gid), (uid, gid), path)
            self.assertEqual(info.st_mode & 0o777, mode, f"{path}: {oct(info.st_mode & 0o777)}")
        self.assertEqual(os.stat(self.root.file(DATA_DIR + "/tremplin.db")).st_uid, uid)
        self.assertIn("is ready", self.install.stdout, "postinst ran tremplin-admin init")

    def test_06_admin_check_passes_as_the_kiosk_user(self):
        result = self.root.as_kiosk_user(["tremplin-admin", "--config", "/etc/tremplin/kiosk.conf", "check"], check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        offers = self.root.as_kiosk_user(["tremplin-admin", "--config", "/etc/tremplin/kiosk.conf", "offers", "--all",
                                          "--json"])
        self.assertGreater(offers.stdout.count('"id"'), 100, "the demo catalogue was imported")
        # Any other user is kept out of the database.
        other = self.root.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                               "tremplin-admin", "--config", "/etc/tremplin/kiosk.conf", "check"], check=False)
        self.assertNotEqual(other.returncode, 0)

    # -- the kiosk session ----------------------------------------------------

    def wayland_display(self, runtime_dir):
        sockets = glob.glob(self.root.file(runtime_dir + "/wayland-[0-9]"))
        return os.path.basename(max(sockets, key=os.path.getmtime)) if sockets else None

    def screenshot(self, runtime_dir, name):
        shot = f"/tmp/{name}.ppm"
        result = self.root.run(["setpriv", f"--reuid={KIOSK_USER}", f"--regid={KIOSK_USER}", "--clear-groups",
                                "grim", "-t", "ppm", shot], check=False,
                               env={"XDG_RUNTIME_DIR": runtime_dir, "WAYLAND_DISPLAY": self.wayland_display(runtime_dir)})
        if result.returncode != 0:
            return None
        return read_ppm(self.root.file(shot))

    def welcome_fills_the_screen(self, picture):
        """True when the picture is the kiosk's window edge to edge: the
        border is the window's background all round (no black of cage's own
        background), and the middle holds the welcome screen's content."""
        width, height, pixels = picture
        def at(x, y):
            i = 3 * (y * width + x)
            return tuple(pixels[i:i + 3])
        border = ([at(x, y) for x in range(0, width, 7) for y in (0, 1, height - 2, height - 1)] +
                  [at(x, y) for y in range(0, height, 7) for x in (0, 1, width - 2, width - 1)])
        if any(max(abs(a - b) for a, b in zip(p, WINDOW_BACKGROUND)) > 6 for p in border):
            return False
        middle = {at(x, y) for x in range(width // 8, width * 7 // 8, 5) for y in range(height // 8, height * 7 // 8, 5)}
        return len(middle) > 20

    def kiosk_pids(self):
        binary = self.root.file("/usr/bin/tremplin-kiosk")
        pids = []
        for pid in processes_in(self.root.path):
            try:
                if os.readlink(f"/proc/{pid}/exe") == binary:
                    pids.append(pid)
            except OSError:
                pass
        return pids

    def wait_for_welcome(self, runtime_dir, name, old_pids=(), timeout=60):
        deadline = time.monotonic() + timeout
        picture = None
        while time.monotonic() < deadline:
            pids = [p for p in self.kiosk_pids() if p not in old_pids]
            if pids and self.wayland_display(runtime_dir) is not None:
                picture = self.screenshot(runtime_dir, name)
                if picture is not None and self.welcome_fills_the_screen(picture):
                    return pids[0], picture
            time.sleep(1)
        return None, picture

    def test_07_kiosk_session_shows_welcome_and_comes_back(self):
        unit = "tremplin-kiosk.service"
        (exec_start,) = self.root.unit_values(unit, "ExecStart")
        (restart,) = self.root.unit_values(unit, "Restart")
        (restart_sec,) = self.root.unit_values(unit, "RestartSec")
        (user,) = self.root.unit_values(unit, "User")
        unset = " ".join(self.root.unit_values(unit, "UnsetEnvironment")).split()
        self.assertEqual(user, KIOSK_USER)

        passwd = self.root.passwd(user)
        uid, gid = int(passwd[2]), int(passwd[3])
        # What logind's session gives the user: its runtime directory.
        runtime_dir = f"/run/user/{uid}"
        os.makedirs(self.root.file(runtime_dir), mode=0o700, exist_ok=True)
        os.chown(self.root.file(runtime_dir), uid, gid)

        # The service manager's environment, with a GTK_DEBUG someone set for
        # the whole machine, then the unit's Environment= and UnsetEnvironment=.
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "GTK_DEBUG": "interactive",
               "HOME": passwd[5], "USER": user, "LOGNAME": user, "SHELL": passwd[6], "XDG_RUNTIME_DIR": runtime_dir,
               # A machine with no screen: cage draws to a headless output.
               "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1"}
        for assignment in self.root.unit_values(unit, "Environment"):
            for word in shlex.split(assignment):
                key, value = word.split("=", 1)
                env[key] = value
        for key in unset:
            env.pop(key, None)

        argv = shlex.split(exec_start)
        self.assertEqual(argv[0], "/usr/bin/cage")
        # cage 0.1.4's wlroots (0.15) hands a full-screen client's buffer
        # straight to the headless output (direct scan-out), and screen
        # capture then reads an empty frame. On an output turned upside down
        # (-r twice: a screen mounted the other way up) cage composes every
        # frame itself, and grim turns the picture back upright.
        argv[1:1] = ["-r", "-r"]
        command = ["chroot", self.root.path, "setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups",
                   "env", "-i", *(f"{k}={v}" for k, v in env.items()), *argv]
        supervisor = Supervisor(command, restart, float(restart_sec.rstrip("s")))
        supervisor.start()
        try:
            first, picture = self.wait_for_welcome(runtime_dir, "welcome")
            self.assertIsNotNone(first, "no welcome screen filling the screen; cage and the kiosk said:\n"
                                 + supervisor.output())
            width, height, _ = picture
            self.assertEqual((width, height), (1280, 720), "wlroots' headless output")
            with open(f"/proc/{first}/environ", "rb") as f:
                environ = f.read().split(b"\0")
            self.assertFalse(any(v.startswith(b"GTK_DEBUG=") for v in environ), "GTK_DEBUG reached the kiosk")
            self.assertEqual(os.stat(f"/proc/{first}").st_uid, uid, "the kiosk runs as the kiosk user")

            # A crash: cage exits with its only client, and the rule starts
            # both again.
            os.kill(first, signal.SIGKILL)
            second, _ = self.wait_for_welcome(runtime_dir, "after-crash", old_pids=[first])
            self.assertIsNotNone(second, "the kiosk did not come back after a crash:\n" + supervisor.output())
            self.assertEqual(supervisor.starts, 2)

            # A clean exit too: a kiosk screen must never stay black.
            os.kill(second, signal.SIGTERM)
            third, _ = self.wait_for_welcome(runtime_dir, "after-exit", old_pids=[first, second])
            self.assertIsNotNone(third, "the kiosk did not come back after it exited:\n" + supervisor.output())
            self.assertEqual(supervisor.starts, 3)
        finally:
            supervisor.stop()

    def test_08_the_restart_logic_is_the_units(self):
        """The supervisor above follows Restart=; with Restart=no it would
        not have started the kiosk again."""
        supervisor = Supervisor(["true"], "no", 0)
        supervisor.run()
        supervisor.log.close()
        self.assertEqual(supervisor.starts, 1)
        supervisor = Supervisor(["false"], "on-failure", 0)
        supervisor.log.close()
        self.assertTrue(supervisor.should_restart(1))
        self.assertFalse(supervisor.should_restart(0))

    # -- removal ----------------------------------------------------------------

    def test_09_remove_keeps_the_data_and_purge_deletes_it(self):
        for pid in processes_in(self.root.path):  # the session test's leftovers
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.root.run(["apt-get", *APT_OPTIONS, "remove", "-y", "-q", PACKAGE])
        self.assertFalse(os.path.exists(self.root.file("/usr/bin/tremplin-kiosk")))
        for path in (DATA_DIR + "/tremplin.db", DATA_DIR + "/tremplin.db.key", "/etc/tremplin/kiosk.conf"):
            self.assertTrue(os.path.isfile(self.root.file(path)), f"{path} went with the package")
        self.assertIsNotNone(self.root.passwd(KIOSK_USER))

        # Installed again, it finds its database: same identity, no new key.
        with open(self.root.file(DATA_DIR + "/tremplin.db.key"), "rb") as f:
            key_before = f.read()
        reinstall = self.root.run(["apt-get", *APT_OPTIONS, "install", "-y", "-q", "--no-install-recommends",
                                   "/tmp/" + os.path.basename(self.deb)])
        self.assertNotIn("is ready", reinstall.stdout)
        with open(self.root.file(DATA_DIR + "/tremplin.db.key"), "rb") as f:
            self.assertEqual(f.read(), key_before)

        self.root.run(["apt-get", *APT_OPTIONS, "purge", "-y", "-q", PACKAGE])
        self.assertFalse(os.path.exists(self.root.file(DATA_DIR)))
        self.assertFalse(os.path.exists(self.root.file("/etc/tremplin/kiosk.conf")))


def main():
    if os.geteuid() != 0:
        skip("building the root for the package needs root (chroot, mounts)")
    missing = [f"{tool} ({package})" for tool, package in TOOLS.items() if shutil.which(tool) is None]
    if missing:
        print("missing: " + ", ".join(missing) + "; ./dev installs them", file=sys.stderr)
        sys.exit(1)
    if not os.path.exists(os.path.join(CACHE, "bookworm-minbase.tar")) and not archive_reachable():
        skip("the Debian archive (deb.debian.org) cannot be reached to make a Debian 12 root")
    if os.environ.get("TREMPLIN_IN_NAMESPACE") != "1":
        # Everything mounted from here on belongs to a private mount
        # namespace, which the kernel tears down when the test ends.
        os.environ["TREMPLIN_IN_NAMESPACE"] = "1"
        os.execvp("unshare", ["unshare", "--mount", "--propagation", "private", sys.executable, *sys.argv])
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()

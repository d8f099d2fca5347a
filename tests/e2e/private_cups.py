# SPDX-License-Identifier: GPL-3.0-or-later
"""A CUPS scheduler of the test run's own, so that tests never share the
machine's: two runs at once (two checkouts, `meson test --repeat` beside
another run) or a system cupsd started or stopped meanwhile cannot take a
queue away from a kiosk under test.

Everything lives in one temporary folder: the configuration, the spool, the
cache, the state, the logs, and a Unix socket, the only place it listens (no
network). start() sets CUPS_SERVER to that socket in this process's
environment, so lpadmin, lpstat and the kiosk started from here (libcups, and
so GTK's CUPS print backend, honour it) all talk to this scheduler only.

cups-pdf, the virtual PDF printer, reads its settings from the fixed folder
/etc/cups only. cupsd runs in a mount namespace of its own where /etc/cups is
the temporary folder, so its cups-pdf.conf sends the PDFs, the backend's spool
and its log there too. Where mounts are not permitted, a cups-pdf instance
named after this run is written to /etc/cups/cups-pdf-NAME.conf instead and
removed at stop()."""

import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
import time

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF_BACKEND = "/usr/lib/cups/backend/cups-pdf"
SYSTEM_CONFIG = "/etc/cups"
PR_SET_PDEATHSIG = 1


def unavailable():
    """Why a private scheduler cannot run here, or None."""
    if not os.path.exists(CUPSD) or shutil.which("lpadmin") is None:
        return "CUPS is not installed (apt-get install cups cups-client printer-driver-cups-pdf)"
    if not os.path.exists(CUPS_PDF_BACKEND):
        return "cups-pdf is not installed (apt-get install printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "only root can run a CUPS scheduler (cups-pdf's backend runs as root)"
    return None


def _die_with_parent():
    # A test killed outright leaves no scheduler behind.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _exit_on_sigterm(signum, frame):
    # meson's timeout sends SIGTERM: leave through the callers' finally
    # blocks, so that stop() removes the folder (and /etc/cups's instance).
    raise SystemExit(128 + signum)


class PrivateCups:
    def __init__(self):
        self.dir = None
        self.process = None
        self.instance_config = None
        self.device_uri = None
        self.saved_server = None
        self.server_set = False

    @property
    def socket(self):
        return os.path.join(self.dir, "cups.sock")

    @property
    def pdf_dir(self):
        """Where cups-pdf writes the PDFs of every queue of this scheduler."""
        return os.path.join(self.dir, "pdf")

    def start(self, timeout=20):
        # A short path: a Unix socket's name has at most 107 bytes.
        self.dir = tempfile.mkdtemp(prefix="tremplin-cups-", dir="/tmp")
        # Filters run as lp, and reach the spool through this folder.
        os.chmod(self.dir, 0o755)
        for sub in ("etc", "log", "pdf", "spool/tmp", "cache", "state", "ssl", "gs-tmp"):
            os.makedirs(os.path.join(self.dir, sub))
        etc = os.path.join(self.dir, "etc")
        self._write(etc, "cupsd.conf", f"""\
Listen {self.socket}
Browsing No
BrowseLocalProtocols none
WebInterface No
LogLevel info
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
        # DataDir and ServerBin stay at their defaults: the filters, the
        # backends (cups-pdf among them) and the MIME types are the system's.
        self._write(etc, "cups-files.conf", f"""\
ServerRoot {etc}
RequestRoot {self.dir}/spool
TempDir {self.dir}/spool/tmp
CacheDir {self.dir}/cache
StateDir {self.dir}/state
ServerKeychain {self.dir}/ssl
CreateSelfSignedCerts no
AccessLog {self.dir}/log/access_log
ErrorLog {self.dir}/log/error_log
PageLog {self.dir}/log/page_log
Printcap {self.dir}/printcap
User lp
Group lp
SystemGroup root
""")
        # Grp: the group cups-pdf switches to; lp is there wherever CUPS is.
        cups_pdf_conf = f"""\
Out {self.pdf_dir}
Spool {self.dir}/cups-pdf-spool
Log {self.dir}/log
GSTmp {self.dir}/gs-tmp
Grp lp
DecodeHexStrings 1
"""
        self._write(etc, "cups-pdf.conf", cups_pdf_conf)

        cupsd = [CUPSD, "-f", "-c", os.path.join(etc, "cupsd.conf"), "-s", os.path.join(etc, "cups-files.conf")]
        if self._can_mount_over_system_config(etc):
            command = ["unshare", "--mount", "--propagation", "private", "--",
                       "sh", "-c", f'mount --bind "$0" {SYSTEM_CONFIG} && exec "$@"', etc] + cupsd
            self.device_uri = "cups-pdf:/"
        else:
            name = os.path.basename(self.dir)
            self.instance_config = os.path.join(SYSTEM_CONFIG, f"cups-pdf-{name}.conf")
            self._write(SYSTEM_CONFIG, os.path.basename(self.instance_config), cups_pdf_conf)
            command = cupsd
            self.device_uri = f"cups-pdf:/{name}"

        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _exit_on_sigterm)
        self.saved_server = os.environ.get("CUPS_SERVER")
        os.environ["CUPS_SERVER"] = self.socket
        self.server_set = True
        with open(os.path.join(self.dir, "log", "cupsd-output"), "wb") as output:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output,
                                            stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self._read("cupsd-output") + self.read_error_log()
                self.stop()
                raise RuntimeError(f"the private cupsd could not start: {error}")
            if self._answers():
                return self
            time.sleep(0.2)
        log = self.read_error_log()
        self.stop()
        raise RuntimeError(f"the private cupsd did not answer within {timeout} s: {log}")

    def add_pdf_queue(self, name, *options):
        """Adds a cups-pdf queue; @options are lpadmin's -o NAME=VALUE."""
        models = self.run("lpinfo", "-m").stdout
        model = next((line.split()[0] for line in models.splitlines() if "CUPS-PDF" in line), None)
        if model is None:
            raise RuntimeError("no CUPS-PDF printer model: install printer-driver-cups-pdf")
        args = ["lpadmin", "-p", name, "-E", "-v", self.device_uri, "-m", model]
        for option in options:
            args += ["-o", option]
        self.run(*args)

    def run(self, *args):
        """Runs a CUPS client (lpadmin, lpstat…) against this scheduler."""
        return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60,
                              env=dict(os.environ, CUPS_SERVER=self.socket))

    def read_error_log(self):
        return self._read("error_log")

    def _read(self, log):
        try:
            with open(os.path.join(self.dir, "log", log), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.instance_config is not None:
            try:
                os.remove(self.instance_config)
            except FileNotFoundError:
                pass
            self.instance_config = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        if self.server_set:
            if self.saved_server is None:
                os.environ.pop("CUPS_SERVER", None)
            else:
                os.environ["CUPS_SERVER"] = self.saved_server
            self.server_set = False

    def _answers(self):
        try:
            result = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10,
                                    env=dict(os.environ, CUPS_SERVER=self.socket))
        except (OSError, subprocess.TimeoutExpired):
            return False
        return result.returncode == 0 and "not running" not in result.stdout

    @staticmethod
    def _can_mount_over_system_config(etc):
        """Tries the bind mount in a namespace that ends with the try."""
        if shutil.which("unshare") is None or not os.path.isdir(SYSTEM_CONFIG):
            return False
        result = subprocess.run(["unshare", "--mount", "--propagation", "private", "--",
                                 "mount", "--bind", etc, SYSTEM_CONFIG], capture_output=True)
        return result.returncode == 0

    @staticmethod
    def _write(directory, name, text):
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(text)

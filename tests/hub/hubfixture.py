# SPDX-License-Identifier: GPL-3.0-or-later
"""A throwaway PostgreSQL 15 cluster for one hub test, and the programs that use it.

Each test gets a fresh directory under /tmp (short: a Unix socket path must
fit in 107 bytes), a cluster listening on a socket there only
(listen_addresses=''), scram-sha-256 for every role, and stops it at the end,
even on failure (a with-block). When the tests run as root (CI), initdb and
the server run as the `postgres` user the package creates: initdb refuses
root.
"""
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile

PG_BIN = "/usr/lib/postgresql/15/bin"
SUPERUSER_PASSWORD = "hub-test-superuser"
OFFICE_PASSWORD = "hub-test-office"
PASSPHRASE = "correct horse battery staple"
HUB_OFFICE = os.environ.get("HUB_OFFICE", "")
TREMPLIN_OFFICE = os.environ.get("TREMPLIN_OFFICE", "")
HUB_KIOSK = os.environ.get("HUB_KIOSK", "")
TREMPLIN_ADMIN = os.environ.get("TREMPLIN_ADMIN", "")
SOURCE_DIR = os.environ.get("TREMPLIN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(command, env=None, ok=True, stdin=None, **kwargs):
    """@command's result; with @ok, a failure ends the test saying it."""
    result = subprocess.run(command, capture_output=True, text=True, env=env, input=stdin, timeout=300, **kwargs)
    if ok and result.returncode != 0:
        fail(f"{' '.join(command)}: exit {result.returncode}: {result.stdout}{result.stderr}")
    return result


class AdminKiosk:
    """A kiosk's own store, made and used with the real tremplin-admin: its
    id @name, the office key of @hub, the offers of @catalogue; enrolled at
    @hub with its receipt key when @enrol."""

    def __init__(self, hub, name, catalogue, enrol=True):
        self.name = name
        self.dir = os.path.join(hub.dir, name)
        os.makedirs(self.dir)
        self.db = os.path.join(self.dir, "tremplin.db")
        self.env = dict(os.environ, LC_ALL="C.UTF-8", XDG_CONFIG_DIRS=self.dir,
                        XDG_DATA_HOME=os.path.join(self.dir, "data"))
        self.admin("init", "--kiosk-id", name)
        self.admin("office-key", hub.office_key)
        self.admin("import-offers", catalogue)
        if enrol:
            kiosk_id, key = self.admin("public-key").stdout.split()
            check(kiosk_id == name, f"public-key: {kiosk_id}")
            hub.enrol(name, public_key=key)

    def admin(self, *args, now=None, ok=True):
        env = dict(self.env, TREMPLIN_NOW=now) if now else self.env
        return run([TREMPLIN_ADMIN, "--db", self.db, *args], env=env, ok=ok)

    def register(self, form, now):
        """Registers @form (register's JSON) at @now; returns register's JSON answer."""
        import json
        path = os.path.join(self.dir, "form.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(form, f)
        return json.loads(self.admin("register", "--json", path, now=now).stdout)


class Hub:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="trhub-", dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "server.log")
        self.as_postgres = os.getuid() == 0
        if self.as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.running = False
        self.kiosk_passwords = {}

    # The server -------------------------------------------------------
    def _pg(self, *args, check_status=True):
        command = [os.path.join(PG_BIN, args[0])] + list(args[1:])
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--"] + command
        result = subprocess.run(command, capture_output=True, text=True)
        if check_status and result.returncode != 0:
            fail(f"{' '.join(command)}: {result.stdout}{result.stderr}")
        return result

    def __enter__(self):
        pwfile = os.path.join(self.dir, "pwfile")
        with open(pwfile, "w") as f:
            f.write(SUPERUSER_PASSWORD + "\n")
        if self.as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        self._pg("initdb", "-D", self.data, "-U", "postgres", "--pwfile", pwfile,
                 "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        os.unlink(pwfile)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write("listen_addresses = ''\nunix_socket_directories = '%s'\n"
                    "fsync = off\nmax_connections = 100\nlog_min_error_statement = error\n"
                    "log_line_prefix = '%%m [%%p] %%u '\n" % self.dir)
        self.start()
        self.psql("CREATE DATABASE tremplin", db="postgres")
        return self

    def start(self):
        self._pg("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start")
        self.running = True

    def stop(self):
        if self.running:
            self._pg("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check_status=False)
            self.running = False

    def __exit__(self, *exc):
        self.stop()
        if exc[0] is not None and os.path.exists(self.log):
            with open(self.log) as f:
                sys.stderr.write("--- server log ---\n" + f.read()[-4000:])
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def server_log(self):
        with open(self.log) as f:
            return f.read()

    # Connections ------------------------------------------------------
    def conninfo(self, user="postgres", password=SUPERUSER_PASSWORD, db="tremplin"):
        return f"host={self.dir} dbname={db} user={user} password={password}"

    def kiosk_conninfo(self, kiosk):
        return self.conninfo(f"kiosk_{kiosk}", self.kiosk_passwords[kiosk])

    def psql(self, sql, user="postgres", password=SUPERUSER_PASSWORD, db="tremplin", ok=True):
        env = dict(os.environ, PGPASSWORD=password)
        result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                 "-h", self.dir, "-U", user, "-d", db, "-c", sql],
                                capture_output=True, text=True, env=env)
        if ok and result.returncode != 0:
            fail(f"psql {sql!r}: {result.stderr}")
        return result

    def value(self, sql):
        return self.psql(sql).stdout.strip()

    # The office -------------------------------------------------------
    def office(self, *args, user="office", password=OFFICE_PASSWORD, stdin=None, ok=True):
        command = [TREMPLIN_OFFICE, "hub", args[0], "--hub", self.conninfo(user, password)] + list(args[1:])
        result = subprocess.run(command, capture_output=True, text=True, input=stdin)
        if ok and result.returncode != 0:
            fail(f"{' '.join(args)}: exit {result.returncode}: {result.stdout}{result.stderr}")
        return result

    def init(self):
        """The hub's schema (as the database owner), an office login, an office key."""
        self.office("init", user="postgres", password=SUPERUSER_PASSWORD)
        self.psql(f"CREATE ROLE office LOGIN PASSWORD '{OFFICE_PASSWORD}' IN ROLE tremplin_office")
        self.key_path = os.path.join(self.dir, "office.key")
        made = subprocess.run([HUB_OFFICE, "make-key", self.key_path, PASSPHRASE],
                              capture_output=True, text=True)
        check(made.returncode == 0, f"make-key: {made.stderr}")
        self.office_key = made.stdout.strip()
        # The kiosks (hub-kiosk) seal to it and check publications against it.
        os.environ["HUB_OFFICE_KEY"] = self.office_key
        self.passphrase_file = os.path.join(self.dir, "passphrase")
        with open(self.passphrase_file, "w") as f:
            f.write(PASSPHRASE + "\n")

    def enrol(self, kiosk, public_key=None):
        """Enrols @kiosk with its receipt key (any valid key when not given)."""
        result = self.office("enrol-kiosk", kiosk, "--key", public_key or kiosk_public_key())
        match = re.search(r"^HubPassword=(\S+)$", result.stdout, re.M)
        check(match, f"enrol-kiosk printed no password: {result.stdout}")
        self.kiosk_passwords[kiosk] = match.group(1)

    def publish_catalogue(self, path, ok=True):
        return self.office("publish-catalogue", path, "--key", self.key_path,
                           "--passphrase-file", self.passphrase_file, ok=ok)

    # Kiosks -----------------------------------------------------------
    def kiosk(self, *args, kiosk, ok=None, as_kiosk=None):
        """hub-kiosk COMMAND CONNINFO KIOSK ARGS… for @kiosk (logging in as @as_kiosk's role)."""
        conninfo = self.kiosk_conninfo(as_kiosk or kiosk)
        result = subprocess.run([HUB_KIOSK, args[0], conninfo, kiosk] + [str(a) for a in args[1:]],
                                capture_output=True, text=True)
        if ok is True and result.returncode != 0:
            fail(f"hub-kiosk {args}: {result.stdout}{result.stderr}")
        return result

    def kiosk_command(self, *args, kiosk, as_kiosk=None):
        return [HUB_KIOSK, args[0], self.kiosk_conninfo(as_kiosk or kiosk), kiosk] + [str(a) for a in args[1:]]


def local_rows(directory, offer=None):
    """(kiosk_id, status, code) of the registrations a kiosk's store in
    @directory holds, as the hub names the statuses, and how many it has not
    sent."""
    import sqlite3
    db = sqlite3.connect(os.path.join(directory, "tremplin.db"))
    try:
        sql = "SELECT kiosk_id, status, code FROM registrations"
        rows = db.execute(sql + (" WHERE offer_id = ?" if offer else ""), (offer,) if offer else ()).fetchall()
        unsent = db.execute("SELECT count(*) FROM registrations WHERE hub_sent_at IS NULL").fetchone()[0]
    finally:
        db.close()
    names = {"registered": "registered", "waiting_list": "waiting"}
    return sorted((k, names.get(s, s), c) for k, s, c in rows), unsent


def kiosk_public_key():
    """Any valid receipt public key text (the hub stores it for verifiers)."""
    return "A" * 43


def write_catalogue(path, offers):
    """A catalogue CSV with @offers: [(id, seats)], in the format the core reads."""
    source = os.path.join(SOURCE_DIR, "data", "catalogue", "demo-catalogue.csv")
    with open(source, encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    header, template = lines[0], lines[1]
    cells = template.split(";")
    rows = []
    for offer_id, seats in offers:
        row = list(cells)
        row[0] = offer_id
        row[12] = str(seats)
        rows.append(";".join(row))
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n" + "\n".join(rows) + "\n")

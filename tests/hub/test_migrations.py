#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""hub init creates the schema and roles, and running it again changes nothing."""
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, SUPERUSER_PASSWORD

with Hub() as hub:
    first = hub.office("init", user="postgres", password=SUPERUSER_PASSWORD)
    check("3 migrations applied" in first.stdout, f"first init: {first.stdout}")
    tables = hub.value("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'hub'")
    check(tables == "kiosks,leases,offer_pool,publications,refusals,registrations,schema_migrations,settings",
          f"tables: {tables}")
    again = hub.office("init", user="postgres", password=SUPERUSER_PASSWORD)
    check("already up to date" in again.stdout, f"second init: {again.stdout}")
    check(hub.value("SELECT count(*) FROM hub.schema_migrations") == "3", "three migrations recorded")
    # Every statement of the migrations is re-runnable by hand too.
    for name in ("001-hub.sql", "002-last-seen.sql", "003-seat-pool.sql"):
        sql = open(os.path.join(os.environ["TREMPLIN_HUB_SQL_DIR"], name)).read()
        hub.psql(sql)
    # The office's init refuses a folder with no migration, in one line.
    empty = os.path.join(hub.dir, "empty")
    os.mkdir(empty)
    bad = hub.office("init", "--sql-dir", empty, user="postgres", password=SUPERUSER_PASSWORD, ok=False)
    check(bad.returncode == 1 and bad.stderr.count("\n") == 1 and "no NNN-*.sql" in bad.stderr,
          f"empty sql dir: {bad.returncode} {bad.stderr}")
    # No connection: one line saying so, exit 1.
    hub.stop()
    down = hub.office("status", ok=False)
    check(down.returncode == 1 and "cannot connect" in down.stderr, f"hub down: {down.stderr}")
print("ok")

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The office publishes the catalogue and the rules signed with its key; a
kiosk uses a publication only when the office key signed it and it loads:
a bad signature, another key's, or a signed file with a bad row is refused
and said why, and the publications around it still arrive."""
import sys, os, subprocess
sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check, write_catalogue, HUB_OFFICE, PASSPHRASE, SOURCE_DIR

with Hub() as hub:
    hub.init()
    hub.enrol("k1")
    good = os.path.join(hub.dir, "good.csv")
    write_catalogue(good, [("PUB-1", 5), ("PUB-2", 7)])
    out = hub.publish_catalogue(good).stdout
    check("published as version 1" in out, f"catalogue: {out}")
    rules = os.path.join(SOURCE_DIR, "data", "rules", "paris-code-2017.ini")
    out = hub.office("publish-rules", rules, "--key", hub.key_path, "--passphrase-file", hub.passphrase_file).stdout
    check("published as version 2" in out, f"rules: {out}")
    check(hub.value("SELECT string_agg(id || '=' || seats, ',' ORDER BY id) FROM hub.offers") == "PUB-1=5,PUB-2=7",
          "the catalogue's seats are the hub's")

    # A catalogue with a bad row is refused by the office command, before the passphrase, in one line.
    bad = os.path.join(hub.dir, "bad.csv")
    write_catalogue(bad, [("PUB-1", 5), ("PUB-3", "many")])
    refused = hub.office("publish-catalogue", bad, "--key", hub.key_path, stdin="", ok=False)
    check(refused.returncode == 1 and "does not load" in refused.stderr and ":3:" in refused.stderr,
          f"bad row: {refused.returncode} {refused.stderr}")
    # A wrong passphrase publishes nothing.
    wrong = os.path.join(hub.dir, "wrong")
    open(wrong, "w").write("not the passphrase at all\n")
    refused = hub.office("publish-catalogue", good, "--key", hub.key_path, "--passphrase-file", wrong, ok=False)
    check(refused.returncode == 1, f"wrong passphrase: {refused.stderr}")
    check(hub.value("SELECT max(version) FROM hub.publications") == "2", "nothing published by the refusals")

    # Behind the office's back (a tampered hub): a bad signature, and a
    # signed catalogue with a bad row.
    hub.psql("INSERT INTO hub.publications (version, kind, payload, signature) VALUES "
             "(3, 'catalogue', convert_to('id;title\nX;Y\n', 'UTF8'), decode(repeat('ab', 64), 'hex'))")
    signature = subprocess.run([HUB_OFFICE, "sign", hub.key_path, PASSPHRASE, "4", "catalogue", bad],
                               capture_output=True, text=True, check=True).stdout.strip()
    payload = open(bad, "rb").read().hex()
    hub.psql(f"INSERT INTO hub.publications (version, kind, payload, signature) VALUES "
             f"(4, 'catalogue', decode('{payload}', 'hex'), decode('{signature}', 'hex'))")
    out = hub.publish_catalogue(good).stdout
    check("published as version 5" in out, f"after the tampering: {out}")

    fetched = hub.kiosk("fetch", hub.office_key, 0, kiosk="k1", ok=True).stdout.splitlines()
    check(len(fetched) == 5, f"fetched: {fetched}")
    check(fetched[0].startswith("1 catalogue ok") and fetched[1].startswith("2 rules ok"), f"good ones: {fetched}")
    check(fetched[2].startswith("3 catalogue refused bad-signature") and "not signed by the office key" in fetched[2],
          f"bad signature: {fetched[2]}")
    check(fetched[3].startswith("4 catalogue refused bad-publication") and ":3:" in fetched[3],
          f"bad row: {fetched[3]}")
    check(fetched[4].startswith("5 catalogue ok"), f"after: {fetched[4]}")
    # Since N: only what came after.
    since = hub.kiosk("fetch", hub.office_key, 4, kiosk="k1", ok=True).stdout.splitlines()
    check(len(since) == 1 and since[0].startswith("5 "), f"since 4: {since}")

    # Checked against another office key, nothing is usable.
    other_key = os.path.join(hub.dir, "other.key")
    other = subprocess.run([HUB_OFFICE, "make-key", other_key, PASSPHRASE], capture_output=True, text=True, check=True).stdout.strip()
    fetched = hub.kiosk("fetch", other, 0, kiosk="k1", ok=True).stdout.splitlines()
    check(all("refused bad-signature" in line for line in fetched), f"another key: {fetched}")
print("ok")

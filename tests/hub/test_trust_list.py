#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`tremplin-office hub trust-list`: the web verifier's trust list made from
the hub's kiosk registry, signed by the office key (checked here with an
independent Ed25519), a revoked kiosk listed as revoked from that day; a
wrong passphrase or a login that may not read the registry writes nothing."""
import base64
import datetime
import json
import os
import sys
import zoneinfo

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import Hub, check


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def receipt_key():
    """A kiosk's receipt public key as `tremplin-admin public-key` prints it."""
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


with Hub() as hub:
    hub.init()
    keys = {"mairie-18-01": receipt_key(), "mairie-20-02": receipt_key()}
    for kiosk, key in keys.items():
        hub.office("enrol-kiosk", kiosk, "--key", key)
    hub.office("revoke-kiosk", "mairie-20-02", "--reason", "stolen")
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Paris")).date().isoformat()

    output = os.path.join(hub.dir, "trust-list.json")
    config = os.path.join(hub.dir, "config.json")
    done = hub.office("trust-list", output, "--key", hub.key_path,
                      "--passphrase-file", hub.passphrase_file, "--verifier-config", config)
    check("Trust list of 2 kiosks (1 revoked)" in done.stdout, f"trust-list said: {done.stdout}")

    with open(output, encoding="utf-8") as f:
        envelope = json.load(f)
    office_key = b64url_decode(hub.office_key[len("office:"):])[:32]
    # Raises if the signature is not the office key's over the body's bytes.
    Ed25519PublicKey.from_public_bytes(office_key).verify(
        b64url_decode(envelope["signature"]), envelope["signed"].encode("utf-8"))
    body = json.loads(envelope["signed"])
    check(body["office_key"] == hub.office_key, f"pinned key: {body['office_key']}")
    listed = {k["id"]: k for k in body["kiosks"]}
    check(sorted(listed) == sorted(keys), f"kiosks: {sorted(listed)}")
    for kiosk, key in keys.items():
        check(listed[kiosk]["public_key"] == key, f"{kiosk}'s key")
        check(listed[kiosk]["valid_from"] == today, f"{kiosk} from {listed[kiosk]['valid_from']}")
    check(listed["mairie-18-01"]["revoked_on"] is None, "mairie-18-01 is not revoked")
    check(listed["mairie-20-02"]["revoked_on"] == today, f"revoked on {listed['mairie-20-02']['revoked_on']}")
    with open(config, encoding="utf-8") as f:
        check(json.load(f)["office_key"] == hub.office_key, "the verifier's config pins the office key")

    # A wrong passphrase: one line, the published list untouched.
    before = open(output, "rb").read()
    wrong = os.path.join(hub.dir, "wrong")
    with open(wrong, "w") as f:
        f.write("not the passphrase\n")
    failed = hub.office("trust-list", output, "--key", hub.key_path, "--passphrase-file", wrong, ok=False)
    check(failed.returncode == 1 and failed.stderr.count("\n") == 1 and "passphrase" in failed.stderr,
          f"wrong passphrase: {failed.returncode} {failed.stderr}")
    check(open(output, "rb").read() == before, "a failed run left the published list as it was")

    # A kiosk's login may not read the registry: said, nothing written.
    hub.enrol("mairie-19-03")
    elsewhere = os.path.join(hub.dir, "kiosk-made.json")
    refused = hub.office("trust-list", elsewhere, "--key", hub.key_path, "--passphrase-file",
                         hub.passphrase_file, user="kiosk_mairie-19-03",
                         password=hub.kiosk_passwords["mairie-19-03"], ok=False)
    check(refused.returncode == 1 and "permission denied" in refused.stderr,
          f"kiosk login: {refused.returncode} {refused.stderr}")
    check(not os.path.exists(elsewhere), "nothing written for a refused login")
print("ok")

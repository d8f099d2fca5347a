#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""With a hub, `tremplin-admin verify` at one kiosk knows the receipts of
every kiosk of the programme, none trusted by hand: `hub trust-list`
publishes the list it signs, and each kiosk's sync keeps it. A kiosk
declared stolen has its receipts refused everywhere from the next list; a
list altered on a kiosk's disk is not used, and that is said."""
import json
import os
import sys
import zoneinfo
import datetime

sys.path.insert(0, os.path.dirname(__file__))
from hubfixture import AdminKiosk, Hub, check, write_catalogue

FORM = {"offer": "TRUST-1",
        "answers": {"birth_date": "1996-05-04", "postcode": "75018", "qpv": "yes",
                    "job_status": "registered", "unemployed_months": 14, "diploma": "bac",
                    "gender": "woman", "in_training": "no"},
        "person": {"first_name": "Mariam", "last_name": "Sow", "phone": "06 12 34 56 78"}}

with Hub() as hub:
    hub.init()
    catalogue = os.path.join(hub.dir, "catalogue.csv")
    write_catalogue(catalogue, [("TRUST-1", 10)])
    hub.publish_catalogue(catalogue)
    here = AdminKiosk(hub, "mairie-18-01", catalogue)
    there = AdminKiosk(hub, "gare-10-02", catalogue)
    own = here.register(FORM, None)["payload"]
    theirs = there.register(dict(FORM, person=dict(FORM["person"], first_name="Awa")), None)["payload"]
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Paris")).date().isoformat()

    def verify(payload):
        return here.admin("verify", payload, ok=False)

    def new_list():
        out = hub.office("trust-list", os.path.join(hub.dir, "trust-list.json"), "--key", hub.key_path,
                         "--passphrase-file", hub.passphrase_file).stdout
        check("published to every kiosk" in out, f"hub trust-list: {out}")
        synced = hub.kiosk("sync", here.dir, kiosk="mairie-18-01", ok=True).stdout
        check("bad=0" in synced, f"the kiosk took the list: {synced}")
        with open(here.db + ".hub-trust-list", encoding="utf-8") as kept, \
                open(os.path.join(hub.dir, "trust-list.json"), encoding="utf-8") as signed:
            check(kept.read() == signed.read(), "the kiosk keeps the list the office signed")

    # Before any list, the other kiosk is unknown here.
    result = verify(theirs)
    check(result.returncode == 1 and "gare-10-02" in result.stderr, f"before the list: {result.stderr}")

    new_list()
    result = verify(theirs)
    check(result.returncode == 0 and "Genuine receipt" in result.stdout and "Kiosk: gare-10-02" in result.stdout,
          f"with the list: {result.stdout}{result.stderr}")

    # Stolen: from the next list, none of its receipts is genuine, whatever
    # its date; this kiosk's own still are.
    hub.office("revoke-kiosk", "gare-10-02", "--reason", "stolen")
    new_list()
    result = verify(theirs)
    check(result.returncode == 1 and f"declared lost or stolen on {today}" in result.stderr
          and result.stderr.count("\n") == 1, f"revoked: {result.stdout}{result.stderr}")
    check(verify(own).returncode == 0, "this kiosk's own receipt is still genuine")

    # Someone edits the kept list to clear the revocation: its signature
    # no longer holds, so it is not used, and the stolen kiosk stays out.
    path = here.db + ".hub-trust-list"
    with open(path, encoding="utf-8") as f:
        envelope = json.load(f)
    envelope["signed"] = envelope["signed"].replace(f'"revoked_on":"{today}"', '"revoked_on":null')
    with open(path, "w", encoding="utf-8") as f:
        json.dump(envelope, f)
    result = verify(theirs)
    check(result.returncode == 1 and "trust list" in result.stderr and "is not used" in result.stderr
          and "gare-10-02" in result.stderr, f"altered list: {result.stderr}")
    check(verify(own).returncode == 0, "this kiosk's own receipt, altered list or not")
print("ok")

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-trust-list.h — the verifier's trust list: which kiosks' receipts are
 * genuine, signed with the office key.
 *
 * The office keeps a kiosk registry, a CSV file (';' or ','), header first:
 *   id;public_key;valid_from;valid_until;revoked_on
 *   mairie-18-01;<43 characters, as tremplin-admin public-key prints them>;2027-01-04;;
 * valid_from is required; valid_until (last day in service) and revoked_on
 * (the day the key was declared lost or stolen) may be empty.
 *
 * The trust list made from it is one line of JSON:
 *   {"format":"tremplin-trust-list-1","signed":"<BODY>","signature":"<SIG>"}
 * BODY is JSON text kept as a string, so that the signature covers its exact
 * bytes (the UTF-8 of that string, which is ASCII) and no reader has to
 * serialise JSON again the same way to check it:
 *   {"format":"tremplin-trust-list-1","issued_at":"2027-03-14T09:00:00Z",
 *    "office_key":"office:…","kiosks":[{"id":"mairie-18-01","public_key":"…",
 *    "valid_from":"2027-01-04","valid_until":null,"revoked_on":null}, …]}
 * SIG is base64url (no padding) of the office key's Ed25519 signature over
 * BODY. Kiosks come sorted by id. The web verifier (src/verifier/) reads it.
 */
#pragma once

#include <glib.h>
#include "tr-keys.h"
#include "tr-office-key.h"

G_BEGIN_DECLS

#define TR_TRUST_LIST_FORMAT "tremplin-trust-list-1"

typedef struct {
  char   *id;
  guint8  public_key[TR_PUBLIC_KEY_BYTES];
  char   *valid_from;   /* YYYY-MM-DD */
  char   *valid_until;  /* YYYY-MM-DD, or NULL while in service */
  char   *revoked_on;   /* YYYY-MM-DD, or NULL */
} TrTrustedKiosk;

void       tr_trusted_kiosk_free (TrTrustedKiosk *kiosk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrTrustedKiosk, tr_trusted_kiosk_free)

/* Reads a kiosk registry (@name says which file in errors, "kiosks.csv:3:
 * …"). Returns the kiosks (TrTrustedKiosk, sorted by id), or NULL with
 * @error (TR_ERROR_PARSE or TR_ERROR_INVALID) naming the first bad line:
 * no header, a bad id, key or date, a kiosk listed twice, or no kiosk. */
GPtrArray *tr_kiosk_registry_parse (const char  *data,
                                    gsize        length,
                                    const char  *name,
                                    GError     **error);
GPtrArray *tr_kiosk_registry_load  (const char  *path,
                                    GError     **error);

/* The trust list's text (one line, no final newline) for @kiosks, issued at
 * @issued_at, signed with @key. */
char      *tr_trust_list_build     (GPtrArray         *kiosks,
                                    GDateTime         *issued_at,
                                    const TrOfficeKey *key);

typedef struct {
  char      *issued_at;   /* as written: YYYY-MM-DDTHH:MM:SSZ */
  GPtrArray *kiosks;      /* TrTrustedKiosk */
} TrTrustList;

void       tr_trust_list_free      (TrTrustList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrTrustList, tr_trust_list_free)

/* Checks @text's signature against @office_key and reads it: NULL with
 * TR_ERROR_FORGED when the signature fails or the list was signed by
 * another office key, TR_ERROR_PARSE when it is no trust list. */
TrTrustList *tr_trust_list_parse   (const char    *text,
                                    gsize          length,
                                    const guint8  *office_key,
                                    GError       **error);

/* Writes @text to @path whole (through a temporary file), mode 0644: it
 * is public. */
gboolean   tr_trust_list_save      (const char  *path,
                                    const char  *text,
                                    GError     **error);

/* The verifier's configuration that pins @office_key, one line of JSON:
 *   {"office_key":"office:…"} */
char      *tr_trust_list_verifier_config (const guint8 *office_key);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-office-key.h — the programme office's key pair (libsodium).
 *
 * One Ed25519 key: it signs what the office publishes (the verifier's
 * trust list), and its X25519 twin opens what kiosks sealed. Kiosks hold
 * only the public half and seal personal details to it. The
 * private half exists on disk only inside the office key file, encrypted
 * under a passphrase (Argon2id, then XSalsa20-Poly1305): a stolen file
 * without the passphrase opens nothing, and a lost passphrase loses every
 * sealed detail for good.
 */
#pragma once

#include <glib.h>

#include "tr-office-key-text.h"

G_BEGIN_DECLS

/* Ed25519's signature size, spelt out so that users of this header need not
 * see libsodium (tr-office-key.c checks it against crypto_sign_BYTES). */
#define TR_OFFICE_SIGNATURE_BYTES 64

/* The first line of an office key file. */
#define TR_OFFICE_KEY_FILE_HEADER "tremplin-office-key-v1"

/* A passphrase shorter than this is refused: it guards every person's
 * details, and Argon2id only slows guessing, it cannot make a short
 * passphrase long. */
#define TR_OFFICE_PASSPHRASE_MIN_LENGTH 12

/* How hard the passphrase is made to guess (libsodium's limits):
 * MODERATE (256 MiB, about a second) for a real office, INTERACTIVE (64 MiB)
 * where that machine is small. The cost is written in the file, so opening
 * needs no option. */
typedef enum {
  TR_OFFICE_KEY_COST_MODERATE,
  TR_OFFICE_KEY_COST_INTERACTIVE,
} TrOfficeKeyCost;

gboolean tr_office_key_cost_from_token (const char *token, TrOfficeKeyCost *out);

/* The office key with its private half, once unlocked; wiped when freed. */
typedef struct _TrOfficeKey TrOfficeKey;

/* FALSE, with @error saying why (too short, blank at either end, not
 * UTF-8), for a passphrase that may not protect an office key. */
gboolean      tr_office_passphrase_check (const char *passphrase, GError **error);

/* Makes a new key pair and writes it to @path (mode 0600), the private
 * half sealed under @passphrase; @public_key (may be NULL) gets the public
 * half. Refuses (TR_ERROR_EXISTS) to overwrite a file: data sealed to the
 * old key would be lost with it. */
gboolean      tr_office_key_create      (const char       *path,
                                         const char       *passphrase,
                                         TrOfficeKeyCost   cost,
                                         guint8           *public_key,
                                         GError          **error);
/* The public half, which the file keeps readable without the passphrase. */
gboolean      tr_office_key_read_public (const char  *path,
                                         guint8      *public_key,
                                         GError     **error);
/* Opens the private half. A wrong passphrase and an altered file give the
 * same error (TR_ERROR_INVALID): the cipher cannot tell them apart. */
TrOfficeKey  *tr_office_key_unlock      (const char  *path,
                                         const char  *passphrase,
                                         GError     **error);
const guint8 *tr_office_key_get_public  (const TrOfficeKey *key);
/* Signs @length bytes of @data: @signature gets TR_OFFICE_SIGNATURE_BYTES. */
void          tr_office_key_sign        (const TrOfficeKey *key,
                                         const void        *data,
                                         gsize              length,
                                         guint8            *signature);
/* TRUE when @signature is the office key @public_key's over @data. */
gboolean      tr_office_key_verify      (const guint8 *public_key,
                                         const void   *data,
                                         gsize         length,
                                         const guint8 *signature);
void          tr_office_key_free        (TrOfficeKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrOfficeKey, tr_office_key_free)

/* The printable form, tr_office_key_to_text and tr_office_key_from_text,
 * is in tr-office-key-text.h (base room). */

G_END_DECLS

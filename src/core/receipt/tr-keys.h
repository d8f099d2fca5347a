/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-keys.h — the kiosk's Ed25519 key pair (libsodium).
 *
 * The private key lives in a file of its own, mode 0600, never in the
 * database or an export; the public key goes in the database.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts libsodium once per process (thread-safe); every function here
 * calls it, and so must any other user of libsodium. FALSE, with @error
 * (TR_ERROR_STORAGE), when the system gives no source of randomness. */
gboolean   tr_crypto_init (GError **error);

/* The first line of a key file; the second is the base64 of the 32-byte seed. */
#define TR_KEY_FILE_HEADER "tremplin-key-v1"

/* Ed25519's sizes, spelt out so that users of this header need not see
 * libsodium (tr-keys.c checks them against crypto_sign_*). */
#define TR_PUBLIC_KEY_BYTES 32
#define TR_SECRET_KEY_BYTES 64

typedef struct {
  guint8 public_key[TR_PUBLIC_KEY_BYTES];
  guint8 secret_key[TR_SECRET_KEY_BYTES];
} TrKeyPair;

/* Creates a new key pair and writes it to @path (mode 0600). Refuses
 * (TR_ERROR_EXISTS) to overwrite an existing file. */
TrKeyPair *tr_key_pair_create (const char *path, GError **error);
/* Loads a key file; an error says if it is missing, unreadable, too open
 * (readable by others) or not a key file. */
TrKeyPair *tr_key_pair_load   (const char *path, GError **error);
/* Wipes the secret before freeing. */
void       tr_key_pair_free   (TrKeyPair *pair);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrKeyPair, tr_key_pair_free)

/* The printable form of a public key (base64url, no padding: 43 characters)
 * and back; blanks around the text are ignored. */
char      *tr_public_key_to_text   (const guint8 *public_key);
gboolean   tr_public_key_from_text (const char *text, guint8 *public_key, GError **error);

G_END_DECLS

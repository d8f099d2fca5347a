/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-seal.c — sealing bytes to the office key, and opening them with its private half. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "tr-error.h"
#include "tr-keys.h"
#include "tr-office-key-private.h"
#include "tr-seal.h"

G_STATIC_ASSERT (TR_SEAL_OVERHEAD == crypto_box_SEALBYTES);

typedef struct {
  gpointer data;
  gsize    size;
} Wiped;

static void
wipe_and_free (gpointer user_data)
{
  Wiped *wiped = user_data;

  sodium_memzero (wiped->data, wiped->size);
  g_free (wiped->data);
  g_free (wiped);
}

GBytes *
tr_bytes_new_wiped (gpointer data, gsize size)
{
  Wiped *wiped = g_new (Wiped, 1);

  wiped->data = data;
  wiped->size = size;
  return g_bytes_new_with_free_func (data, size, wipe_and_free, wiped);
}

GBytes *
tr_seal (const guint8 *office_key, const void *data, gsize length)
{
  guint8 box_key[crypto_box_PUBLICKEYBYTES];
  guint8 *sealed;

  g_return_val_if_fail (office_key != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (tr_crypto_init (NULL), NULL);

  /* The office key is Ed25519; sealed boxes use its X25519 twin. A key
   * with no twin is refused where keys are read (tr_office_key_from_text). */
  if (crypto_sign_ed25519_pk_to_curve25519 (box_key, office_key) != 0)
    g_error ("tr_seal: not an office key");
  sealed = g_malloc (length + crypto_box_SEALBYTES);
  if (crypto_box_seal (sealed, data != NULL ? data : (const void *) "", length, box_key) != 0)
    g_error ("crypto_box_seal refused an office key");
  return g_bytes_new_take (sealed, length + crypto_box_SEALBYTES);
}

struct _TrSealPrepared {
  guint8 office_key[crypto_box_PUBLICKEYBYTES];
  guint8 ephemeral_public[crypto_box_PUBLICKEYBYTES];
  guint8 shared[crypto_box_BEFORENMBYTES];
  guint8 nonce[crypto_box_NONCEBYTES];
};

void
tr_seal_prepared_free (TrSealPrepared *prepared)
{
  if (prepared == NULL)
    return;
  sodium_memzero (prepared, sizeof *prepared);
  g_free (prepared);
}

/* What crypto_box_seal does before it encrypts (libsodium 1.0.18,
 * crypto_box_seal.c): an ephemeral key pair, the nonce
 * BLAKE2b-192 (ephemeral public key ‖ office key), and here also the key
 * both sides share, so that only the cipher pass is left. */
TrSealPrepared *
tr_seal_prepare (const guint8 *office_key)
{
  TrSealPrepared *prepared;
  guint8 box_key[crypto_box_PUBLICKEYBYTES];
  guint8 ephemeral_secret[crypto_box_SECRETKEYBYTES];
  crypto_generichash_state state;

  g_return_val_if_fail (office_key != NULL, NULL);
  g_return_val_if_fail (tr_crypto_init (NULL), NULL);

  /* The box is sealed to the Ed25519 key's X25519 twin, as in tr_seal. */
  if (crypto_sign_ed25519_pk_to_curve25519 (box_key, office_key) != 0)
    g_error ("tr_seal_prepare: not an office key");
  prepared = g_new0 (TrSealPrepared, 1);
  memcpy (prepared->office_key, office_key, sizeof prepared->office_key);
  crypto_box_keypair (prepared->ephemeral_public, ephemeral_secret);
  /* Fails only for a public key of small order. */
  if (crypto_box_beforenm (prepared->shared, box_key, ephemeral_secret) != 0)
    g_error ("crypto_box_beforenm refused an office key");
  sodium_memzero (ephemeral_secret, sizeof ephemeral_secret);
  crypto_generichash_init (&state, NULL, 0, crypto_box_NONCEBYTES);
  crypto_generichash_update (&state, prepared->ephemeral_public, sizeof prepared->ephemeral_public);
  crypto_generichash_update (&state, box_key, sizeof box_key);
  crypto_generichash_final (&state, prepared->nonce, sizeof prepared->nonce);
  return prepared;
}

const guint8 *
tr_seal_prepared_office_key (const TrSealPrepared *prepared)
{
  return prepared->office_key;
}

GBytes *
tr_seal_with_prepared (TrSealPrepared *prepared,
                       const void     *data,
                       gsize           length)
{
  guint8 *sealed;

  g_return_val_if_fail (prepared != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  sealed = g_malloc (length + crypto_box_SEALBYTES);
  memcpy (sealed, prepared->ephemeral_public, crypto_box_PUBLICKEYBYTES);
  crypto_box_easy_afternm (sealed + crypto_box_PUBLICKEYBYTES, data != NULL ? data : (const void *) "",
                           length, prepared->nonce, prepared->shared);
  tr_seal_prepared_free (prepared);
  return g_bytes_new_take (sealed, length + crypto_box_SEALBYTES);
}

GBytes *
tr_unseal (const TrOfficeKey *key, const void *sealed, gsize length, GError **error)
{
  gsize clear_length;
  guint8 *clear;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (sealed != NULL || length == 0, NULL);

  if (length < crypto_box_SEALBYTES)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The sealed details are cut short (%u bytes): they cannot be opened."),
                   (guint) length);
      return NULL;
    }
  clear_length = length - crypto_box_SEALBYTES;
  /* One byte more, so that text inside ends with a NUL. */
  clear = g_malloc0 (clear_length + 1);
  if (crypto_box_seal_open (clear, sealed, length, tr_office_key_get_box_public (key),
                            tr_office_key_get_box_secret (key)) != 0)
    {
      sodium_memzero (clear, clear_length);
      g_free (clear);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The sealed details do not open with this office key: they were altered, "
                     "or sealed to another office key."));
      return NULL;
    }
  return tr_bytes_new_wiped (clear, clear_length);
}

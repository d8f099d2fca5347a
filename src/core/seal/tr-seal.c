/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-seal.c — sealing bytes to the office key, and opening them with its private half. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

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

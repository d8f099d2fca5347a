/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-office-key-text.c — the office's public key written as text, "office:…" with a check. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sodium.h>

#include "tr-error.h"
#include "tr-office-key-text.h"

G_STATIC_ASSERT (TR_OFFICE_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);

#define TEXT_PREFIX "office:"
#define CHECK_BYTES 4
#define KEY_TEXT_LENGTH (sizeof TEXT_PREFIX - 1 + \
                         sodium_base64_ENCODED_LEN (TR_OFFICE_KEY_BYTES + CHECK_BYTES, \
                                                    sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1)

/* The receipt room's tr_crypto_init, which base cannot reach: sodium_init
 * may be called any number of times. */
static gboolean
crypto_ready (GError **error)
{
  if (sodium_init () >= 0)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
               _("The cryptography library could not start: this system gives it no "
                 "source of random numbers. Check that /dev/urandom exists."));
  return FALSE;
}

char *
tr_office_key_to_text (const guint8 *public_key)
{
  guint8 keyed[TR_OFFICE_KEY_BYTES + CHECK_BYTES];
  char text[KEY_TEXT_LENGTH + 1];

  g_return_val_if_fail (public_key != NULL, NULL);

  memcpy (keyed, public_key, TR_OFFICE_KEY_BYTES);
  crypto_generichash (keyed + TR_OFFICE_KEY_BYTES, CHECK_BYTES, public_key,
                      TR_OFFICE_KEY_BYTES, NULL, 0);
  memcpy (text, TEXT_PREFIX, sizeof TEXT_PREFIX - 1);
  sodium_bin2base64 (text + sizeof TEXT_PREFIX - 1, sizeof text - (sizeof TEXT_PREFIX - 1),
                     keyed, sizeof keyed, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (text);
}

gboolean
tr_office_key_from_text (const char *text, guint8 *public_key, GError **error)
{
  g_autofree char *trimmed = NULL;
  guint8 keyed[TR_OFFICE_KEY_BYTES + CHECK_BYTES];
  guint8 check[CHECK_BYTES];
  guint8 twin[crypto_box_PUBLICKEYBYTES];
  gsize decoded_length = 0;
  const char *base64;

  g_return_val_if_fail (public_key != NULL, FALSE);

  if (text != NULL)
    trimmed = g_strstrip (g_strdup (text));
  if (trimmed == NULL || !g_str_has_prefix (trimmed, TEXT_PREFIX) ||
      strlen (trimmed) != KEY_TEXT_LENGTH)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This is not an office key: an office key is “office:” and %d letters, "
                     "digits, “-” and “_”, as “tremplin-office public-key” prints it. Copy it "
                     "again in full."),
                   (int) (KEY_TEXT_LENGTH - (sizeof TEXT_PREFIX - 1)));
      return FALSE;
    }

  base64 = trimmed + sizeof TEXT_PREFIX - 1;
  if (!crypto_ready (error))
    return FALSE;
  if (sodium_base642bin (keyed, sizeof keyed, base64, strlen (base64), NULL, &decoded_length,
                         NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      decoded_length != sizeof keyed ||
      (crypto_generichash (check, sizeof check, keyed, TR_OFFICE_KEY_BYTES, NULL, 0),
       sodium_memcmp (check, keyed + TR_OFFICE_KEY_BYTES, CHECK_BYTES) != 0))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This office key has a typing mistake (its check does not match): copy "
                     "it again from “tremplin-office public-key”. Details sealed to a wrong "
                     "key could never be opened."));
      return FALSE;
    }
  /* A key with the right check but no X25519 twin could seal nothing. */
  if (crypto_sign_ed25519_pk_to_curve25519 (twin, keyed) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This office key is not a usable key (it is no point of the curve): make "
                     "the office key again with “tremplin-office init-key”."));
      return FALSE;
    }
  memcpy (public_key, keyed, TR_OFFICE_KEY_BYTES);
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A receipt's QR text as `tremplin-admin verify` and the kiosk check it:
 * Base45, the kiosk's signature, the readable line, against a fixed test key
 * (the one in fuzz-kiosk.key, with which the seed payloads were made). */
#include <sodium.h>

#include "fuzz-common.h"
#include "tr-base45.h"
#include "tr-error.h"
#include "tr-receipt.h"

/* The kiosk whose key is fuzz-kiosk.key (a test key, for fuzzing only;
 * make-seeds made it with `tremplin-admin init`). FUZZ_KIOSK_KEY is its
 * path, set by meson. */
#define FUZZ_KIOSK_ID "fuzz-kiosk"

static TrKeyPair keys;
static GHashTable *trusted;

/* The key file's second line is the base64 of the seed. tr_key_pair_load
 * would refuse a file that a checkout left readable by all. */
static void
load_key (const char *path, TrKeyPair *pair)
{
  g_autofree char *text = NULL;
  g_autofree guint8 *seed = NULL;
  g_auto(GStrv) lines = NULL;
  gsize seed_length = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (lines = g_strsplit (text, "\n", 3)) == NULL || g_strv_length (lines) < 2 ||
      (seed = g_base64_decode (lines[1], &seed_length)) == NULL ||
      seed_length != crypto_sign_SEEDBYTES)
    {
      g_printerr ("fuzz: cannot read the test key %s\n", path);
      abort ();
    }
  crypto_sign_seed_keypair (pair->public_key, pair->secret_key, seed);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  TrKeyPair other;

  fuzz_init ();
  if (!tr_crypto_init (NULL))
    abort ();
  load_key (FUZZ_KIOSK_KEY, &keys);
  /* A second kiosk, so that a receipt naming it fails on the signature. */
  other = keys;
  other.public_key[0] ^= 1;
  trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_hash_table_insert (trusted, g_strdup (FUZZ_KIOSK_ID), g_bytes_new (keys.public_key, sizeof keys.public_key));
  g_hash_table_insert (trusted, g_strdup ("paris-19-crimee"), g_bytes_new (other.public_key, sizeof other.public_key));
  return 0;
}

/* Strict Base45 has one spelling per byte string: what decodes must encode
 * back to the same text. */
static void
base45 (const char *text)
{
  g_autoptr(GBytes) bytes = tr_base45_decode (text, NULL);
  g_autofree char *again = NULL;
  gsize length;
  const guint8 *bytes_data;

  if (bytes == NULL)
    return;
  bytes_data = g_bytes_get_data (bytes, &length);
  again = tr_base45_encode (bytes_data, length);
  if (strcmp (again, text) != 0)
    {
      g_printerr ("Base45 “%s” decodes to bytes that encode as “%s”\n", text, again);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *payload = fuzz_string (data, size);
  g_autoptr(TrReceiptFacts) facts = NULL;
  g_autofree char *signed_again = NULL;
  const char *line2 = strchr (payload, '\n');
  g_autoptr(GError) error = NULL;

  base45 (payload);
  if (line2 != NULL && g_str_has_prefix (line2 + 1, "TR1:"))
    base45 (line2 + 1 + strlen ("TR1:"));

  facts = tr_receipt_verify (payload, trusted, &error);
  if (facts == NULL)
    {
      if (!g_error_matches (error, TR_ERROR, TR_ERROR_FORGED) &&
          !g_error_matches (error, TR_ERROR, TR_ERROR_UNKNOWN_KIOSK))
        {
          g_printerr ("verify failed with an unexpected error: %s\n", error->message);
          abort ();
        }
      return 0;
    }
  /* Signatures are deterministic: a genuine receipt is exactly what the
   * kiosk would sign for the same facts, so nothing else may pass. */
  signed_again = tr_receipt_sign (facts, &keys, &error);
  if (signed_again == NULL || strcmp (signed_again, payload) != 0)
    {
      g_printerr ("verify accepted a payload the kiosk would not write:\n%s\n", payload);
      abort ();
    }
  g_free (tr_receipt_readable_line (facts));
  return 0;
}

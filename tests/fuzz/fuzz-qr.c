/* A receipt's QR text as `tremplin-admin verify` and the kiosk check it:
 * Base45, the kiosk's signature, the readable line, against a fixed test key
 * (the one in fuzz-kiosk.key, with which the seed payloads were made). */
#include "fuzz-common.h"
#include "tr-base45.h"
#include "tr-error.h"
#include "tr-receipt.h"

/* The second line of fuzz-kiosk.key: a test key, for fuzzing only. */
#define FUZZ_KIOSK_ID "fuzz-kiosk"
#define FUZZ_KIOSK_SEED "Fd7wLGAHBr5XcFwxuLSKsbwq/Nk/bqq8w8E0kCmWsak="

static TrKeyPair keys;
static GHashTable *trusted;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gsize seed_length = 0;
  g_autofree guint8 *seed = g_base64_decode (FUZZ_KIOSK_SEED, &seed_length);
  TrKeyPair other;

  fuzz_init ();
  if (!tr_crypto_init (NULL) || seed_length != crypto_sign_SEEDBYTES)
    abort ();
  crypto_sign_seed_keypair (keys.public_key, keys.secret_key, seed);
  /* A second kiosk, so that a receipt naming it fails on the signature. */
  seed[0] ^= 1;
  crypto_sign_seed_keypair (other.public_key, other.secret_key, seed);
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

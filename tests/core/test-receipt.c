/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-receipt.c — signed receipts: round trip, tampering, trust, size. */
#include <glib/gstdio.h>
#include <string.h>

#include "tr-base45.h"
#include "tr-code.h"
#include "tr-error.h"
#include "tr-qr.h"
#include "tr-receipt.h"

#define LONG_KIOSK "mairie-paris-20e-salle-accueil-2"
#define LONG_OFFER "PC17-DEVELOPPEUR-WEB-FULLSTACK-9"

G_STATIC_ASSERT (sizeof LONG_KIOSK - 1 == TR_RECEIPT_MAX_ID_LENGTH);
G_STATIC_ASSERT (sizeof LONG_OFFER - 1 == TR_RECEIPT_MAX_ID_LENGTH);

typedef struct {
  char *dir;
  TrKeyPair *keys;
  TrKeyPair *other_keys;
  GHashTable *trusted;
} Fixture;

static TrKeyPair *
create_keys (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  TrKeyPair *keys = tr_key_pair_create (path, &error);

  g_assert_no_error (error);
  g_unlink (path);
  return keys;
}

static void
trust (GHashTable *trusted, const char *kiosk_id, const TrKeyPair *keys)
{
  g_hash_table_insert (trusted, g_strdup (kiosk_id),
                       g_bytes_new (keys->public_key, sizeof keys->public_key));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tremplin-receipt-XXXXXX", &error);
  g_assert_no_error (error);
  f->keys = create_keys (f->dir, "kiosk.key");
  f->other_keys = create_keys (f->dir, "other.key");
  f->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  trust (f->trusted, "paris-11-mairie", f->keys);
  trust (f->trusted, LONG_KIOSK, f->keys);
  trust (f->trusted, "paris-19-crimee", f->other_keys);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_rmdir (f->dir);
  g_free (f->dir);
  tr_key_pair_free (f->keys);
  tr_key_pair_free (f->other_keys);
  g_hash_table_unref (f->trusted);
}

static TrReceiptFacts *
make_facts (const char *kiosk, const char *code, const char *offer, const char *date,
            const char *status)
{
  TrReceiptFacts *facts = g_new0 (TrReceiptFacts, 1);

  facts->kiosk_id = g_strdup (kiosk);
  facts->code = g_strdup (code);
  facts->offer_id = g_strdup (offer);
  facts->date = g_strdup (date);
  facts->status = g_strdup (status);
  return facts;
}

static char *
sign (const TrReceiptFacts *facts, const TrKeyPair *keys)
{
  g_autoptr(GError) error = NULL;
  char *payload = tr_receipt_sign (facts, keys, &error);

  g_assert_no_error (error);
  g_assert_nonnull (payload);
  return payload;
}

static void
assert_same_facts (const TrReceiptFacts *a, const TrReceiptFacts *b)
{
  g_assert_cmpstr (a->kiosk_id, ==, b->kiosk_id);
  g_assert_cmpstr (a->code, ==, b->code);
  g_assert_cmpstr (a->offer_id, ==, b->offer_id);
  g_assert_cmpstr (a->date, ==, b->date);
  g_assert_cmpstr (a->status, ==, b->status);
}

static void
assert_rejected (const char *payload, GHashTable *trusted, TrErrorCode expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrReceiptFacts) facts = tr_receipt_verify (payload, trusted, &error);

  g_assert_null (facts);
  g_assert_error (error, TR_ERROR, (gint) expected);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(TrReceiptFacts) facts = make_facts ("paris-11-mairie", "3333-333X", "PC17-0042",
                                                "2027-03-14", "registered");
  g_autofree char *payload = sign (facts, f->keys);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrReceiptFacts) verified = NULL;
  const char *newline = strchr (payload, '\n');

  g_assert_nonnull (newline);
  g_assert_cmpmem (payload, newline - payload,
                   "Paris Code - inscription 3333-333X - formation PC17-0042 - 2027-03-14", 69);
  g_assert_true (g_str_has_prefix (newline + 1, "TR1:"));
  g_assert_null (strchr (newline + 1, '\n'));
  /* Nothing but printable ASCII: every phone shows it the same. */
  for (const char *p = payload; *p != '\0'; p++)
    g_assert_true (*p == '\n' || (*p >= ' ' && *p <= '~'));

  verified = tr_receipt_verify (payload, f->trusted, &error);
  g_assert_no_error (error);
  assert_same_facts (verified, facts);

  /* Ed25519 signatures are deterministic: same facts, same text. */
  {
    g_autofree char *again = sign (facts, f->keys);
    g_assert_cmpstr (again, ==, payload);
  }
}

static void
test_waiting_list (Fixture *f, gconstpointer data)
{
  g_autoptr(TrReceiptFacts) facts = make_facts ("paris-19-crimee", "3333-333X", "PC17-0042",
                                                "2027-03-14", "waiting_list");
  g_autofree char *payload = sign (facts, f->other_keys);
  g_autofree char *line = tr_receipt_readable_line (facts);
  g_autoptr(TrReceiptFacts) verified = tr_receipt_verify (payload, f->trusted, NULL);

  g_assert_cmpstr (line, ==,
                   "Paris Code - liste d'attente 3333-333X - formation PC17-0042 - 2027-03-14");
  g_assert_true (g_str_has_prefix (payload, line));
  g_assert_cmpint (payload[strlen (line)], ==, '\n');
  g_assert_nonnull (verified);
  assert_same_facts (verified, facts);
}

static void
test_random_receipts (Fixture *f, gconstpointer data)
{
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *code = tr_code_generate ();
      g_autofree char *offer = g_strdup_printf ("PC17-%04d", g_test_rand_int_range (0, 10000));
      g_autofree char *date = g_strdup_printf ("2027-%02d-%02d", g_test_rand_int_range (1, 13),
                                               g_test_rand_int_range (1, 29));
      g_autoptr(TrReceiptFacts) facts =
        make_facts (i % 2 ? "paris-11-mairie" : LONG_KIOSK, code, offer, date,
                    i % 3 ? "registered" : "waiting_list");
      g_autofree char *payload = sign (facts, f->keys);
      g_autoptr(TrReceiptFacts) verified = tr_receipt_verify (payload, f->trusted, NULL);
      g_autoptr(TrReceiptFacts) copy = tr_receipt_facts_copy (verified);

      g_assert_nonnull (verified);
      assert_same_facts (copy, facts);
    }
}

/* The longest ids the format takes still give QR version 10 or less at
 * level M, in both wordings. */
static void
test_longest_fits_version_10 (Fixture *f, gconstpointer data)
{
  const char *statuses[] = { "registered", "waiting_list" };

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(TrReceiptFacts) facts = make_facts (LONG_KIOSK, "ZZZZ-ZZZZ", LONG_OFFER,
                                                    "2027-12-31", statuses[i]);
      g_autofree char *payload = NULL;
      g_autoptr(TrQr) qr = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TrReceiptFacts) verified = NULL;

      g_free (facts->code);
      facts->code = g_strdup_printf ("ZZZZ-ZZZ%c", tr_code_check_character ("ZZZZZZZ"));
      payload = sign (facts, f->keys);
      qr = tr_qr_encode (payload, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %zu characters, QR version %d", statuses[i], strlen (payload),
                      qr->version);
      g_assert_cmpint (qr->version, <=, 10);
      verified = tr_receipt_verify (payload, f->trusted, NULL);
      g_assert_nonnull (verified);
      assert_same_facts (verified, facts);
    }
}

static void
flip_every_bit (const char *payload, GHashTable *trusted)
{
  gsize length = strlen (payload);
  guint rejected = 0;

  for (gsize i = 0; i < length; i++)
    for (int bit = 0; bit < 8; bit++)
      {
        g_autofree char *changed = g_strdup (payload);
        g_autoptr(GError) error = NULL;
        g_autoptr(TrReceiptFacts) facts = NULL;

        /* A flip to NUL cuts the C string short there: still a change
         * that must not pass. */
        changed[i] ^= (char) (1 << bit);
        facts = tr_receipt_verify (changed, trusted, &error);
        if (facts != NULL)
          g_error ("flipping bit %d of byte %zu gave a receipt that verifies: %s", bit, i, changed);
        g_assert_nonnull (error);
        g_assert_true (g_error_matches (error, TR_ERROR, TR_ERROR_FORGED) ||
                       g_error_matches (error, TR_ERROR, TR_ERROR_UNKNOWN_KIOSK));
        rejected++;
      }
  g_assert_cmpuint (rejected, ==, length * 8);
}

static void
test_every_bit_flip_rejected (Fixture *f, gconstpointer data)
{
  g_autoptr(TrReceiptFacts) small = make_facts ("paris-11-mairie", "3333-333X", "PC17-0042",
                                                "2027-03-14", "registered");
  g_autoptr(TrReceiptFacts) large = make_facts (LONG_KIOSK, "3333-333X", LONG_OFFER,
                                                "2027-03-14", "waiting_list");
  g_autofree char *small_payload = sign (small, f->keys);
  g_autofree char *large_payload = sign (large, f->keys);

  g_autoptr(TrReceiptFacts) small_back = tr_receipt_verify (small_payload, f->trusted, NULL);
  g_autoptr(TrReceiptFacts) large_back = tr_receipt_verify (large_payload, f->trusted, NULL);

  g_assert_nonnull (small_back);
  g_assert_nonnull (large_back);
  flip_every_bit (small_payload, f->trusted);
  flip_every_bit (large_payload, f->trusted);
}

static void
test_wrong_key_is_forged (Fixture *f, gconstpointer data)
{
  /* Signed with the other kiosk's key, but claiming to be paris-11-mairie. */
  g_autoptr(TrReceiptFacts) facts = make_facts ("paris-11-mairie", "3333-333X", "PC17-0042",
                                                "2027-03-14", "registered");
  g_autofree char *payload = sign (facts, f->other_keys);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrReceiptFacts) verified = tr_receipt_verify (payload, f->trusted, &error);

  g_assert_null (verified);
  g_assert_error (error, TR_ERROR, TR_ERROR_FORGED);
  g_assert_nonnull (strstr (error->message, "paris-11-mairie"));
}

static void
test_unknown_kiosk (Fixture *f, gconstpointer data)
{
  g_autoptr(TrReceiptFacts) facts = make_facts ("lyon-3-mairie", "3333-333X", "PC17-0042",
                                                "2027-03-14", "registered");
  g_autofree char *payload = sign (facts, f->keys);
  g_autoptr(GHashTable) empty = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrReceiptFacts) verified = tr_receipt_verify (payload, f->trusted, &error);

  g_assert_null (verified);
  g_assert_error (error, TR_ERROR, TR_ERROR_UNKNOWN_KIOSK);
  g_assert_nonnull (strstr (error->message, "lyon-3-mairie"));
  g_assert_nonnull (strstr (error->message, "tremplin-admin trust"));

  assert_rejected (payload, empty, TR_ERROR_UNKNOWN_KIOSK);
  assert_rejected (payload, NULL, TR_ERROR_UNKNOWN_KIOSK);

  /* Once trusted, it verifies. */
  trust (f->trusted, "lyon-3-mairie", f->keys);
  {
    g_autoptr(TrReceiptFacts) now = tr_receipt_verify (payload, f->trusted, NULL);
    g_assert_nonnull (now);
  }
}

static char *
swap_lines (const char *line1_from, const char *line2_from)
{
  const char *nl1 = strchr (line1_from, '\n');
  const char *nl2 = strchr (line2_from, '\n');

  return g_strdup_printf ("%.*s%s", (int) (nl1 - line1_from), line1_from, nl2);
}

static void
test_swapped_lines_rejected (Fixture *f, gconstpointer data)
{
  g_autoptr(TrReceiptFacts) a = make_facts ("paris-11-mairie", "3333-333X", "PC17-0042",
                                            "2027-03-14", "registered");
  g_autoptr(TrReceiptFacts) b = make_facts ("paris-11-mairie", "3333-333X", "PC17-0043",
                                            "2027-03-14", "registered");
  g_autoptr(TrReceiptFacts) c = make_facts ("paris-11-mairie", "3333-333X", "PC17-0042",
                                            "2027-03-14", "waiting_list");
  g_autofree char *pa = sign (a, f->keys);
  g_autofree char *pb = sign (b, f->keys);
  g_autofree char *pc = sign (c, f->keys);
  g_autofree char *ab = swap_lines (pa, pb);
  g_autofree char *ba = swap_lines (pb, pa);
  g_autofree char *ac = swap_lines (pa, pc);
  g_autofree char *ca = swap_lines (pc, pa);

  assert_rejected (ab, f->trusted, TR_ERROR_FORGED);
  assert_rejected (ba, f->trusted, TR_ERROR_FORGED);
  assert_rejected (ac, f->trusted, TR_ERROR_FORGED);
  assert_rejected (ca, f->trusted, TR_ERROR_FORGED);
}

static void
test_malformed_rejected (Fixture *f, gconstpointer data)
{
  g_autoptr(TrReceiptFacts) facts = make_facts ("paris-11-mairie", "3333-333X", "PC17-0042",
                                                "2027-03-14", "registered");
  g_autofree char *payload = sign (facts, f->keys);
  g_autofree char *line1 = g_strndup (payload, (gsize) (strchr (payload, '\n') - payload));
  const char *line2 = strchr (payload, '\n') + 1;
  g_autofree char *trailing = g_strconcat (payload, "\n", NULL);
  g_autofree char *trailing_blank = g_strconcat (payload, " ", NULL);
  g_autofree char *crlf = g_strconcat (line1, "\r\n", line2, NULL);
  g_autofree char *three = g_strconcat (line1, "\n", line2, "\nextra", NULL);
  g_autofree char *lower = g_strconcat (line1, "\n", line2, NULL);
  g_autofree char *no_prefix = g_strconcat (line1, "\n", line2 + 4, NULL);
  g_autofree char *tr2 = g_strconcat (line1, "\nTR2:", line2 + 4, NULL);
  g_autofree char *spaced = g_strconcat (line1, " \n", line2, NULL);
  g_autofree char *short_sig = g_strndup (payload, strlen (payload) - 3);
  g_autoptr(GBytes) machine = tr_base45_decode (line2 + 4, NULL);
  const guint8 *signature;

  for (char *p = lower + strlen (line1) + 5; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);

  /* The genuine signature behind a kiosk id that is missing or that the
   * format cannot hold. */
  g_assert_nonnull (machine);
  g_assert_cmpuint (g_bytes_get_size (machine), ==, strlen ("paris-11-mairie|") + 64);
  signature = (const guint8 *) g_bytes_get_data (machine, NULL) + strlen ("paris-11-mairie|");
  {
    /* With and without the "|" that ends the kiosk id. */
    const char *bad_kiosks[] = { "|", "paris|11|", "paris 11|", "paris\xc3\xa9|",
                                 "paris-11-mairie", "paris-11-mairie||" };
    for (gsize i = 0; i < G_N_ELEMENTS (bad_kiosks); i++)
      {
        g_autoptr(GByteArray) bytes = g_byte_array_new ();
        g_autofree char *encoded = NULL;
        g_autofree char *forged = NULL;

        g_byte_array_append (bytes, (const guint8 *) bad_kiosks[i], strlen (bad_kiosks[i]));
        g_byte_array_append (bytes, signature, 64);
        encoded = tr_base45_encode (bytes->data, bytes->len);
        forged = g_strconcat (line1, "\nTR1:", encoded, NULL);
        assert_rejected (forged, f->trusted, TR_ERROR_FORGED);
      }
  }
  {
    /* A NUL inside the kiosk id must not cut it to a trusted one. */
    g_autoptr(GByteArray) bytes = g_byte_array_new ();
    g_autofree char *encoded = NULL;
    g_autofree char *forged = NULL;

    g_byte_array_append (bytes, (const guint8 *) "paris-11-mairie\0x|", 18);
    g_byte_array_append (bytes, signature, 64);
    encoded = tr_base45_encode (bytes->data, bytes->len);
    forged = g_strconcat (line1, "\nTR1:", encoded, NULL);
    assert_rejected (forged, f->trusted, TR_ERROR_FORGED);
  }

  assert_rejected (trailing, f->trusted, TR_ERROR_FORGED);
  assert_rejected (trailing_blank, f->trusted, TR_ERROR_FORGED);
  assert_rejected (crlf, f->trusted, TR_ERROR_FORGED);
  assert_rejected (three, f->trusted, TR_ERROR_FORGED);
  assert_rejected (lower, f->trusted, TR_ERROR_FORGED);
  assert_rejected (no_prefix, f->trusted, TR_ERROR_FORGED);
  assert_rejected (tr2, f->trusted, TR_ERROR_FORGED);
  assert_rejected (spaced, f->trusted, TR_ERROR_FORGED);
  assert_rejected (short_sig, f->trusted, TR_ERROR_FORGED);
  /* Cut short or lengthened, line 2 reads as damaged, never as a receipt
   * from some other kiosk. */
  for (gsize cut = 1; cut < strlen (line2); cut++)
    {
      g_autofree char *cut_payload = g_strndup (payload, strlen (payload) - cut);
      assert_rejected (cut_payload, f->trusted, TR_ERROR_FORGED);
    }
  for (int extra = 1; extra <= 6; extra++)
    {
      g_autofree char *tail = g_strnfill ((gsize) extra, '0');
      g_autofree char *longer = g_strconcat (payload, tail, NULL);
      assert_rejected (longer, f->trusted, TR_ERROR_FORGED);
    }
  assert_rejected (line1, f->trusted, TR_ERROR_FORGED);
  assert_rejected (line2, f->trusted, TR_ERROR_FORGED);
  assert_rejected ("", f->trusted, TR_ERROR_FORGED);
  assert_rejected ("\n", f->trusted, TR_ERROR_FORGED);
  assert_rejected ("\nTR1:", f->trusted, TR_ERROR_FORGED);
  assert_rejected (NULL, f->trusted, TR_ERROR_FORGED);
}

static void
assert_sign_refuses (const TrReceiptFacts *facts, const TrKeyPair *keys)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = tr_receipt_sign (facts, keys, &error);
  g_autofree char *line = tr_receipt_readable_line (facts);

  g_assert_null (payload);
  g_assert_null (line);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
}

static void
test_sign_refuses_bad_facts (Fixture *f, gconstpointer data)
{
  const char *bad_ids[] = { "", "two words", "pipe|id", "é-accent", "tab\tid", "new\nline",
                            LONG_KIOSK "x", "del\x7f" };
  const char *bad_codes[] = { "3333-333Y", "3333333X", "3333-333x", "", "OOOO-OOOO" };
  const char *bad_dates[] = { "2027-02-30", "2027-3-14", "14/03/2027", "", "2027-03-14 " };
  const char *bad_statuses[] = { "", "Registered", "cancelled", "waiting list" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(TrReceiptFacts) k = make_facts (bad_ids[i], "3333-333X", "PC17-0042",
                                                "2027-03-14", "registered");
      g_autoptr(TrReceiptFacts) o = make_facts ("paris-11-mairie", "3333-333X", bad_ids[i],
                                                "2027-03-14", "registered");
      assert_sign_refuses (k, f->keys);
      assert_sign_refuses (o, f->keys);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_codes); i++)
    {
      g_autoptr(TrReceiptFacts) facts = make_facts ("k", bad_codes[i], "o", "2027-03-14",
                                                    "registered");
      assert_sign_refuses (facts, f->keys);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autoptr(TrReceiptFacts) facts = make_facts ("k", "3333-333X", "o", bad_dates[i],
                                                    "registered");
      assert_sign_refuses (facts, f->keys);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_statuses); i++)
    {
      g_autoptr(TrReceiptFacts) facts = make_facts ("k", "3333-333X", "o", "2027-03-14",
                                                    bad_statuses[i]);
      assert_sign_refuses (facts, f->keys);
    }
  {
    g_autoptr(TrReceiptFacts) facts = make_facts (NULL, "3333-333X", "o", "2027-03-14",
                                                  "registered");
    assert_sign_refuses (facts, f->keys);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/receipt/round-trip", test_round_trip);
  ADD ("/receipt/waiting-list", test_waiting_list);
  ADD ("/receipt/random-receipts", test_random_receipts);
  ADD ("/receipt/longest-fits-version-10", test_longest_fits_version_10);
  ADD ("/receipt/every-bit-flip-rejected", test_every_bit_flip_rejected);
  ADD ("/receipt/wrong-key-is-forged", test_wrong_key_is_forged);
  ADD ("/receipt/unknown-kiosk", test_unknown_kiosk);
  ADD ("/receipt/swapped-lines-rejected", test_swapped_lines_rejected);
  ADD ("/receipt/malformed-rejected", test_malformed_rejected);
  ADD ("/receipt/sign-refuses-bad-facts", test_sign_refuses_bad_facts);
#undef ADD

  return g_test_run ();
}

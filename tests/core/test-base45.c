/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-base45.c — RFC 9285's own examples, strict decoding, round trips. */
#include <string.h>

#include "tr-base45.h"
#include "tr-error.h"

typedef struct {
  const char *bytes;
  const char *base45;
} Vector;

/* RFC 9285, sections 4.3 and 4.4. */
static const Vector rfc_vectors[] = {
  { "AB", "BB8" },
  { "Hello!!", "%69 VD92EX0" },
  { "base-45", "UJCLQE7W581" },
  { "ietf!", "QED8WEX0" },
  { "", "" },
};

static void
test_rfc_encode (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rfc_vectors); i++)
    {
      const Vector *v = &rfc_vectors[i];
      g_autofree char *encoded = tr_base45_encode ((const guint8 *) v->bytes, strlen (v->bytes));
      g_assert_cmpstr (encoded, ==, v->base45);
    }
}

static void
test_rfc_decode (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rfc_vectors); i++)
    {
      const Vector *v = &rfc_vectors[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) decoded = tr_base45_decode (v->base45, &error);
      gsize size = 0;
      const char *data;

      g_assert_no_error (error);
      g_assert_nonnull (decoded);
      data = g_bytes_get_data (decoded, &size);
      g_assert_cmpmem (data, size, v->bytes, strlen (v->bytes));
    }
}

static void
assert_rejected (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) decoded = tr_base45_decode (text, &error);

  g_assert_null (decoded);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 20);
}

static void
test_strict_decoding (void)
{
  /* RFC 9285 section 6: "GGW" is 65536 + … and must be refused. */
  assert_rejected ("GGW");
  /* The largest triple is "FGW" (65535); one more is out. */
  assert_rejected (":::");
  /* A final pair is one byte, at most 255 = "U5". */
  assert_rejected ("V5");
  assert_rejected ("::");
  assert_rejected ("BB8V5");
  /* A dangling single character. */
  assert_rejected ("B");
  assert_rejected ("BB8B");
  /* Characters outside the 45. */
  assert_rejected ("bb8");
  assert_rejected ("BB8\n");
  assert_rejected ("BB=");
  assert_rejected ("BB8 é");
  assert_rejected ("QED8WEX0\r");
}

static void
test_boundaries_accepted (void)
{
  g_autoptr(GBytes) max_pair = tr_base45_decode ("FGW", NULL);
  g_autoptr(GBytes) max_single = tr_base45_decode ("U5", NULL);
  const guint8 ff_ff[] = { 0xff, 0xff };
  const guint8 ff[] = { 0xff };
  g_autofree char *encoded_pair = tr_base45_encode (ff_ff, 2);
  g_autofree char *encoded_single = tr_base45_encode (ff, 1);

  g_assert_nonnull (max_pair);
  g_assert_nonnull (max_single);
  g_assert_cmpmem (g_bytes_get_data (max_pair, NULL), g_bytes_get_size (max_pair), ff_ff, 2);
  g_assert_cmpmem (g_bytes_get_data (max_single, NULL), g_bytes_get_size (max_single), ff, 1);
  g_assert_cmpstr (encoded_pair, ==, "FGW");
  g_assert_cmpstr (encoded_single, ==, "U5");
}

static void
test_random_round_trips (void)
{
  for (int round = 0; round < 2000; round++)
    {
      gsize length = (gsize) g_test_rand_int_range (0, 200);
      g_autofree guint8 *data = g_malloc (length + 1);
      g_autofree char *encoded = NULL;
      g_autoptr(GBytes) decoded = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < length; i++)
        data[i] = (guint8) g_test_rand_int_range (0, 256);
      encoded = tr_base45_encode (data, length);
      g_assert_cmpuint (strlen (encoded), ==, length / 2 * 3 + (length % 2) * 2);
      decoded = tr_base45_decode (encoded, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (decoded, NULL), g_bytes_get_size (decoded), data, length);
    }
}

/* Strict decoding makes the encoding one-to-one: each accepted text is the
 * encoding of what it decodes to, so no altered text decodes silently to
 * the same bytes. */
static void
test_decoding_is_canonical (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  for (int a = 0; a < 45; a++)
    for (int b = 0; b < 45; b++)
      {
        char pair[3] = { alphabet[a], alphabet[b], '\0' };
        g_autoptr(GBytes) one = tr_base45_decode (pair, NULL);
        if (one != NULL)
          {
            g_autofree char *again = tr_base45_encode (g_bytes_get_data (one, NULL), 1);
            g_assert_cmpstr (again, ==, pair);
          }
        for (int c = 0; c < 45; c += 7)
          {
            char triple[4] = { alphabet[a], alphabet[b], alphabet[c], '\0' };
            g_autoptr(GBytes) two = tr_base45_decode (triple, NULL);
            if (two != NULL)
              {
                g_autofree char *back = tr_base45_encode (g_bytes_get_data (two, NULL), 2);
                g_assert_cmpstr (back, ==, triple);
              }
          }
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/base45/rfc-encode", test_rfc_encode);
  g_test_add_func ("/base45/rfc-decode", test_rfc_decode);
  g_test_add_func ("/base45/strict-decoding", test_strict_decoding);
  g_test_add_func ("/base45/boundaries-accepted", test_boundaries_accepted);
  g_test_add_func ("/base45/random-round-trips", test_random_round_trips);
  g_test_add_func ("/base45/decoding-is-canonical", test_decoding_is_canonical);

  return g_test_run ();
}

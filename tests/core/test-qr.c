/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-qr.c — QR codes of receipts, read back by zbarimg (zbar-tools). */
#include <glib/gstdio.h>
#include <string.h>

#include "tr-code.h"
#include "tr-error.h"
#include "tr-keys.h"
#include "tr-qr.h"
#include "tr-qr-png.h"
#include "tr-receipt.h"

typedef struct {
  char *dir;
  TrKeyPair *keys;
  GHashTable *trusted;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = NULL;

  f->dir = g_dir_make_tmp ("tremplin-qr-XXXXXX", &error);
  g_assert_no_error (error);
  key_path = g_build_filename (f->dir, "kiosk.key", NULL);
  f->keys = tr_key_pair_create (key_path, &error);
  g_assert_no_error (error);
  g_unlink (key_path);
  f->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  tr_key_pair_free (f->keys);
  g_hash_table_unref (f->trusted);
}

static char *
signed_payload (Fixture *f, const char *kiosk, const char *offer, const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = tr_code_generate ();
  TrReceiptFacts facts = {
    .kiosk_id = (char *) kiosk,
    .code = code,
    .offer_id = (char *) offer,
    .date = (char *) "2027-03-14",
    .status = (char *) status,
  };
  char *payload = tr_receipt_sign (&facts, f->keys, &error);

  g_assert_no_error (error);
  g_hash_table_replace (f->trusted, g_strdup (kiosk),
                        g_bytes_new (f->keys->public_key, sizeof f->keys->public_key));
  return payload;
}

/* What a decoder nobody here wrote reads in the picture. */
static char *
zbar_read (const char *png_path)
{
  /* QR only: zbar now and then also "finds" a 1D barcode inside a QR picture. */
  const char *argv[] = { "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png_path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("zbarimg");
  int status = 0;

  if (program == NULL)
    g_error ("zbarimg is not installed: install the zbar-tools package");
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("zbarimg could not read %s: %s", png_path, err);
  /* --raw ends the text with one newline of its own. */
  g_assert_true (g_str_has_suffix (out, "\n"));
  out[strlen (out) - 1] = '\0';
  return g_steal_pointer (&out);
}

static void
assert_png_header (const char *path, int expected_side)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  const guchar *bytes;
  guint32 width, height;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 33);
  bytes = (const guchar *) data;
  g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (bytes + 12, 4, "IHDR", 4);
  width = (guint32) bytes[16] << 24 | (guint32) bytes[17] << 16 | bytes[18] << 8 | bytes[19];
  height = (guint32) bytes[20] << 24 | (guint32) bytes[21] << 16 | bytes[22] << 8 | bytes[23];
  g_assert_cmpuint (width, ==, (guint) expected_side);
  g_assert_cmpuint (height, ==, (guint) expected_side);
  g_assert_cmpint (bytes[24], ==, 8);  /* bit depth */
  g_assert_cmpint (bytes[25], ==, 0);  /* grey */
}

static void
assert_zbar_round_trip (Fixture *f, const char *payload, int scale)
{
  g_autofree char *path = g_build_filename (f->dir, "receipt.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrQr) qr = tr_qr_encode (payload, &error);
  g_autofree char *decoded = NULL;
  g_autoptr(TrReceiptFacts) facts = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (qr->version, <=, 10);
  g_assert_true (tr_qr_write_png (qr, scale, path, &error));
  g_assert_no_error (error);
  assert_png_header (path, qr->size * scale);

  decoded = zbar_read (path);
  g_assert_cmpstr (decoded, ==, payload);

  facts = tr_receipt_verify (decoded, f->trusted, &error);
  g_assert_no_error (error);
  g_assert_nonnull (facts);
}

static void
test_receipt_read_by_zbar (Fixture *f, gconstpointer data)
{
  g_autofree char *payload = signed_payload (f, "paris-11-mairie", "PC17-0042", "registered");

  assert_zbar_round_trip (f, payload, 4);
}

static void
test_longest_receipt_read_by_zbar (Fixture *f, gconstpointer data)
{
  const char *statuses[] = { "registered", "waiting_list" };

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *payload = signed_payload (f, "mairie-paris-20e-salle-accueil-2",
                                                 "PC17-DEVELOPPEUR-WEB-FULLSTACK-9",
                                                 statuses[i]);
      g_autoptr(TrQr) qr = tr_qr_encode (payload, NULL);

      g_assert_cmpint (qr->version, <=, 10);
      assert_zbar_round_trip (f, payload, 3);
    }
}

static void
test_quiet_zone (Fixture *f, gconstpointer data)
{
  g_autofree char *payload = signed_payload (f, "paris-11-mairie", "PC17-0042", "registered");
  g_autoptr(TrQr) qr = tr_qr_encode (payload, NULL);
  int side = 17 + 4 * qr->version;

  g_assert_cmpint (qr->size, ==, side + 2 * TR_QR_QUIET_ZONE);
  for (int y = 0; y < qr->size; y++)
    for (int x = 0; x < qr->size; x++)
      if (x < TR_QR_QUIET_ZONE || y < TR_QR_QUIET_ZONE ||
          x >= qr->size - TR_QR_QUIET_ZONE || y >= qr->size - TR_QR_QUIET_ZONE)
        g_assert_false (tr_qr_is_dark (qr, x, y));

  /* The three finder patterns start right inside the quiet zone: a dark
   * 7×7 ring around a light ring around a dark 3×3 square. */
  for (int k = 0; k < 7; k++)
    {
      int q = TR_QR_QUIET_ZONE;
      g_assert_true (tr_qr_is_dark (qr, q + k, q));
      g_assert_true (tr_qr_is_dark (qr, q, q + k));
      g_assert_true (tr_qr_is_dark (qr, q + side - 1 - k, q));
      g_assert_true (tr_qr_is_dark (qr, q, q + side - 1 - k));
    }
  g_assert_false (tr_qr_is_dark (qr, TR_QR_QUIET_ZONE + 1, TR_QR_QUIET_ZONE + 1));
  g_assert_true (tr_qr_is_dark (qr, TR_QR_QUIET_ZONE + 3, TR_QR_QUIET_ZONE + 3));

  /* Outside the picture is light, not a crash. */
  g_assert_false (tr_qr_is_dark (qr, -1, 0));
  g_assert_false (tr_qr_is_dark (qr, 0, qr->size));
  g_assert_false (tr_qr_is_dark (qr, qr->size, qr->size));
}

static void
test_too_long_is_clean_error (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = g_strnfill (8000, 'a');
  g_autofree char *at_limit = g_strnfill (2331, 'a');  /* 40-M holds 2331 bytes */
  g_autoptr(GError) error = NULL;
  g_autoptr(TrQr) qr = tr_qr_encode (huge, &error);
  g_autoptr(TrQr) largest = NULL;
  g_autoptr(TrQr) empty = NULL;

  g_assert_null (qr);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);

  largest = tr_qr_encode (at_limit, &error);
  g_assert_no_error (error);
  g_assert_cmpint (largest->version, ==, 40);

  empty = tr_qr_encode ("", &error);
  g_assert_null (empty);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tr_qr_encode (NULL, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_write_png_errors_and_atomicity (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "qr.png", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-dir", "qr.png", NULL);
  g_autoptr(TrQr) qr = tr_qr_encode ("Paris Code", NULL);
  g_autoptr(TrQr) other = tr_qr_encode ("Paris Code - another text, another picture", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (tr_qr_write_png (qr, 0, path, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tr_qr_write_png (qr, 1000, path, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_false (tr_qr_write_png (qr, 4, missing, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  {
    g_autofree char *expected = g_strdup_printf ("Could not write %s: its folder does not exist: "
                                                 "create it or choose another folder", missing);
    g_assert_cmpstr (error->message, ==, expected);
  }
  g_clear_error (&error);

  /* Writing over an existing picture replaces it whole, leaving no
   * temporary file behind. */
  g_assert_true (tr_qr_write_png (qr, 2, path, &error));
  g_assert_no_error (error);
  assert_png_header (path, qr->size * 2);
  g_assert_true (tr_qr_write_png (other, 5, path, &error));
  g_assert_no_error (error);
  assert_png_header (path, other->size * 5);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
  {
    g_autofree char *text = zbar_read (path);
    g_assert_cmpstr (text, ==, "Paris Code - another text, another picture");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (tr_crypto_init (NULL));

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/qr/receipt-read-by-zbar", test_receipt_read_by_zbar);
  ADD ("/qr/longest-receipt-read-by-zbar", test_longest_receipt_read_by_zbar);
  ADD ("/qr/quiet-zone", test_quiet_zone);
  ADD ("/qr/too-long-is-clean-error", test_too_long_is_clean_error);
  ADD ("/qr/write-png-errors-and-atomicity", test_write_png_errors_and_atomicity);
#undef ADD

  return g_test_run ();
}

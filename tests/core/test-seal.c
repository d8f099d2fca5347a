/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-seal.c — tests of the office key, sealing, and the sealed export file. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tr-error.h"
#include "tr-office-key.h"
#include "tr-seal.h"
#include "tr-sealed-file.h"

#define PASSPHRASE "correct horse battery staple"

typedef struct {
  char  *dir;
  char  *key_path;
  guint8 public_key[TR_OFFICE_KEY_BYTES];
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tremplin-seal-XXXXXX", NULL);
  f->key_path = g_build_filename (f->dir, "office.key", NULL);
  g_assert_true (tr_office_key_create (f->key_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                       f->public_key, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->key_path);
  g_free (f->dir);
}

static gboolean
bytes_contain (const guint8 *bytes, gsize size, const char *text)
{
  gsize length = strlen (text);

  for (gsize i = 0; i + length <= size; i++)
    if (memcmp (bytes + i, text, length) == 0)
      return TRUE;
  return FALSE;
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_key_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = NULL;
  g_autofree char *text = read_text (f->key_path);
  g_autofree char *public_text = tr_office_key_to_text (f->public_key);
  GStatBuf st;
  guint8 read_back[TR_OFFICE_KEY_BYTES];

  /* Private to its owner, the public half readable without the passphrase,
   * and the private half nowhere in clear. */
  g_assert_cmpint (g_stat (f->key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_str_has_prefix (text, TR_OFFICE_KEY_FILE_HEADER "\npublic "));
  g_assert_nonnull (strstr (text, public_text));
  g_assert_true (tr_office_key_read_public (f->key_path, read_back, &error));
  g_assert_cmpmem (read_back, sizeof read_back, f->public_key, sizeof f->public_key);

  key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (tr_office_key_get_public (key), TR_OFFICE_KEY_BYTES,
                   f->public_key, TR_OFFICE_KEY_BYTES);

  /* Never overwritten: everything sealed to it depends on it. */
  g_assert_false (tr_office_key_create (f->key_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                        NULL, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_EXISTS);
}

static void
test_wrong_passphrase (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = tr_office_key_unlock (f->key_path, PASSPHRASE "!", &error);

  g_assert_null (key);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "passphrase does not open"));
}

/* A file whose public line was swapped for another key's would seal
 * details to a key nobody can open: unlocking it must fail. */
static void
test_altered_key_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.key", NULL);
  g_autofree char *text = read_text (f->key_path);
  g_autofree char *other = NULL;
  g_auto(GStrv) lines = NULL, other_lines = NULL;
  g_autofree char *mixed = NULL;

  g_assert_true (tr_office_key_create (other_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                       NULL, &error));
  other = read_text (other_path);
  lines = g_strsplit (text, "\n", -1);
  other_lines = g_strsplit (other, "\n", -1);
  g_free (lines[1]);
  lines[1] = g_strdup (other_lines[1]);
  mixed = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (f->key_path, mixed, -1, NULL));
  g_assert_null (tr_office_key_unlock (f->key_path, PASSPHRASE, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);

  /* Cut short: not a key file at all. */
  g_assert_true (g_file_set_contents (f->key_path, text, strlen (text) / 2, NULL));
  g_assert_null (tr_office_key_unlock (f->key_path, PASSPHRASE, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
}

/* The office signs what it publishes with the same key kiosks seal to. */
static void
test_signature (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  const char *list = "{\"kiosks\":[]}";
  guint8 signature[TR_OFFICE_SIGNATURE_BYTES];

  tr_office_key_sign (key, list, strlen (list), signature);
  g_assert_true (tr_office_key_verify (f->public_key, list, strlen (list), signature));
  signature[10] ^= 0x20;
  g_assert_false (tr_office_key_verify (f->public_key, list, strlen (list), signature));
}

static void
test_passphrase_rules (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tr_office_passphrase_check ("short", &error));
  g_assert_nonnull (strstr (error->message, "at least 12"));
  g_clear_error (&error);
  g_assert_false (tr_office_passphrase_check (" leading space here", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tr_office_passphrase_check ("\xff\xfe not text at all", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  /* Twelve characters, not bytes: a passphrase in any script. */
  g_assert_true (tr_office_passphrase_check ("été à la mer", &error));
  g_assert_no_error (error);
}

static void
test_key_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = tr_office_key_to_text (f->public_key);
  g_autofree char *padded = g_strdup_printf ("  %s\n", text);
  g_autofree char *typo = g_strdup (text);
  guint8 read_back[TR_OFFICE_KEY_BYTES];
  gsize last = strlen (typo) - 3;

  g_assert_true (g_str_has_prefix (text, "office:"));
  g_assert_true (tr_office_key_from_text (padded, read_back, &error));
  g_assert_cmpmem (read_back, sizeof read_back, f->public_key, sizeof f->public_key);

  /* One letter mistyped: the check catches it. */
  typo[last] = typo[last] == 'A' ? 'B' : 'A';
  g_assert_false (tr_office_key_from_text (typo, read_back, &error));
  g_assert_nonnull (strstr (error->message, "typing mistake"));
  g_clear_error (&error);

  /* A kiosk's signing key (43 characters, no prefix) is not an office key. */
  g_assert_false (tr_office_key_from_text ("Vx3-HdE0uCeHTTgMzHbbQF5C9bbOmTqAhVFZ6hOoWDo", read_back, &error));
  g_assert_nonnull (strstr (error->message, "not an office key"));
}

static void
test_seal_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  const char *details = "{\"first_name\":\"Aïcha\",\"phone\":\"0612345678\"}";
  g_autoptr(GBytes) sealed = tr_seal (f->public_key, details, strlen (details));
  g_autoptr(GBytes) clear = NULL;
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (sealed, &size);
  g_autofree guint8 *altered = g_memdup2 (bytes, size);

  g_assert_cmpuint (size, ==, strlen (details) + TR_SEAL_OVERHEAD);
  g_assert_false (bytes_contain (bytes, size, "Aïcha"));

  clear = tr_unseal (key, bytes, size, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (clear, NULL), ==, details);

  for (gsize i = 0; i < size; i += 7)
    {
      altered[i] ^= 0x01;
      g_assert_null (tr_unseal (key, altered, size, &error));
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_clear_error (&error);
      altered[i] ^= 0x01;
    }
  g_assert_null (tr_unseal (key, bytes, TR_SEAL_OVERHEAD - 1, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
}

/* A seal prepared ahead gives a sealed box that opens as tr_seal's does,
 * fresh each time, and only once. */
static void
test_seal_prepared (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  const char *details = "{\"first_name\":\"Aïcha\",\"phone\":\"0612345678\"}";
  TrSealPrepared *first = tr_seal_prepare (f->public_key);
  TrSealPrepared *second = tr_seal_prepare (f->public_key);
  g_autoptr(TrSealPrepared) unused = tr_seal_prepare (f->public_key);
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) two = NULL;
  g_autoptr(GBytes) clear = NULL;
  gsize size = 0;
  const guint8 *bytes;

  g_assert_no_error (error);
  g_assert_cmpmem (tr_seal_prepared_office_key (first), TR_OFFICE_KEY_BYTES, f->public_key, TR_OFFICE_KEY_BYTES);
  one = tr_seal_with_prepared (first, details, strlen (details));
  two = tr_seal_with_prepared (second, details, strlen (details));
  bytes = g_bytes_get_data (one, &size);
  g_assert_cmpuint (size, ==, strlen (details) + TR_SEAL_OVERHEAD);
  g_assert_false (bytes_contain (bytes, size, "Aïcha"));
  /* A new ephemeral key each time: the same details never seal alike. */
  g_assert_false (g_bytes_equal (one, two));
  clear = tr_unseal (key, bytes, size, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (clear, NULL), ==, details);
  g_clear_pointer (&clear, g_bytes_unref);
  clear = tr_unseal (key, g_bytes_get_data (two, NULL), g_bytes_get_size (two), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (clear, NULL), ==, details);
}

static GPtrArray *
export_members (void)
{
  GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_sealed_member_free);
  g_autoptr(GBytes) csv = g_bytes_new_static ("\xef\xbb\xbf" "code;nom\r\nK7F3-9QX2;Dupont\r\n", 31);
  g_autoptr(GBytes) jsonl = g_bytes_new_static ("{\"code\":\"K7F3-9QX2\",\"nom\":\"Dupont\"}\n", 35);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  g_ptr_array_add (members, tr_sealed_member_new ("tremplin-k1-2026-12-05.csv", csv));
  g_ptr_array_add (members, tr_sealed_member_new ("tremplin-k1-2026-12-05.jsonl", jsonl));
  g_ptr_array_add (members, tr_sealed_member_new ("empty.txt", empty));
  return members;
}

static char *
write_export (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = export_members ();
  char *path = g_build_filename (f->dir, "tremplin-k1-2026-12-05.sealed", NULL);

  g_assert_true (tr_sealed_file_write (path, "k1", "2026-12-05", 1, f->public_key, members, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_sealed_file_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_export (f);
  g_autofree char *text = read_text (path);
  g_autoptr(TrOfficeKey) key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  g_autoptr(TrSealedFile) file = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) expected = export_members ();

  /* Staff read what it carries; nobody reads who. */
  g_assert_true (g_str_has_prefix (text, TR_SEALED_FILE_HEADER "\nkiosk: k1\nday: 2026-12-05\n"
                                         "registrations: 1\nfiles: tremplin-k1-2026-12-05.csv "
                                         "tremplin-k1-2026-12-05.jsonl empty.txt\nsealed-to: office:"));
  g_assert_null (strstr (text, "Dupont"));

  file = tr_sealed_file_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file->kiosk_id, ==, "k1");
  g_assert_cmpstr (file->day, ==, "2026-12-05");
  g_assert_cmpuint (file->n_registrations, ==, 1);
  members = tr_sealed_file_open (file, key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, expected->len);
  for (guint i = 0; i < members->len; i++)
    {
      TrSealedMember *got = g_ptr_array_index (members, i);
      TrSealedMember *want = g_ptr_array_index (expected, i);
      g_assert_cmpstr (got->name, ==, want->name);
      g_assert_true (g_bytes_equal (got->contents, want->contents));
    }
}

static void
test_sealed_file_damage (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_export (f);
  g_autofree char *text = read_text (path);
  g_autoptr(TrOfficeKey) key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  g_autofree char *more = NULL;
  char *body = strstr (text, "\n\n") + 2;
  gsize length = strlen (text);
  g_autoptr(TrSealedFile) lying = NULL;

  /* Cut short, or one sealed character changed: the hash says so. */
  g_assert_null (tr_sealed_file_parse (text, length - 10, "cut", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cut short or altered"));
  g_clear_error (&error);
  body[5] = body[5] == 'A' ? 'B' : 'A';
  g_assert_null (tr_sealed_file_parse (text, length, "altered", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);

  /* A manifest that lies about its contents, hash and all, is noticed
   * once opened: the sealed part holds the true one. */
  g_free (text);
  text = read_text (path);
  more = g_strdup (text);
  memcpy (strstr (more, "registrations: 1"), "registrations: 7", 16);
  lying = tr_sealed_file_parse (more, strlen (more), "lying", &error);
  g_assert_no_error (error);
  g_assert_null (tr_sealed_file_open (lying, key, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "manifest of this export was altered"));
  g_clear_error (&error);

  /* Not ours at all. */
  g_assert_null (tr_sealed_file_parse ("code;nom\r\n", 10, "plain.csv", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
}

static void
test_sealed_to_another_key (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_export (f);
  g_autofree char *other_path = g_build_filename (f->dir, "other.key", NULL);
  g_autoptr(TrOfficeKey) other = NULL;
  g_autoptr(TrSealedFile) file = tr_sealed_file_read (path, &error);

  g_assert_true (tr_office_key_create (other_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                       NULL, &error));
  other = tr_office_key_unlock (other_path, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_null (tr_sealed_file_open (file, other, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "sealed to another office key"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/seal/key/file", test_key_file);
  ADD ("/seal/key/wrong-passphrase", test_wrong_passphrase);
  ADD ("/seal/key/altered-file", test_altered_key_file);
  ADD ("/seal/key/text", test_key_text);
  ADD ("/seal/key/signature", test_signature);
  g_test_add_func ("/seal/key/passphrase-rules", test_passphrase_rules);
  ADD ("/seal/round-trip", test_seal_round_trip);
  ADD ("/seal/prepared", test_seal_prepared);
  ADD ("/seal/file/round-trip", test_sealed_file_round_trip);
  ADD ("/seal/file/damage", test_sealed_file_damage);
  ADD ("/seal/file/another-key", test_sealed_to_another_key);
#undef ADD

  return g_test_run ();
}

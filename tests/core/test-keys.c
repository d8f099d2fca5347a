/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keys.c — the kiosk key file and the printable public key. */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tr-error.h"
#include "tr-keys.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tremplin-keys-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kiosk.key", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
write_file (const char *path, const char *contents, gssize length, int mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_NONE, mode, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
test_crypto_init (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tr_crypto_init (&error));
  g_assert_true (tr_crypto_init (&error));
  g_assert_no_error (error);
}

static void
test_create_writes_private_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrKeyPair) pair = tr_key_pair_create (f->path, &error);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (pair);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, strlen (TR_KEY_FILE_HEADER) + 1 + 44 + 1);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, TR_KEY_FILE_HEADER);
  g_assert_cmpuint (strlen (lines[1]), ==, 44);
  g_assert_cmpstr (lines[2], ==, "");
}

static void
test_load_gives_same_keys (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrKeyPair) created = tr_key_pair_create (f->path, &error);
  g_autoptr(TrKeyPair) loaded = NULL;
  const char message[] = "1|kiosk|3333-333X|PC17-0042|2027-03-14|registered";
  guint8 signature[crypto_sign_BYTES];

  g_assert_no_error (error);
  loaded = tr_key_pair_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpmem (loaded->public_key, sizeof loaded->public_key,
                   created->public_key, sizeof created->public_key);
  g_assert_cmpmem (loaded->secret_key, sizeof loaded->secret_key,
                   created->secret_key, sizeof created->secret_key);

  /* The loaded pair signs, and the created public key verifies. */
  crypto_sign_detached (signature, NULL, (const guint8 *) message, strlen (message),
                        loaded->secret_key);
  g_assert_cmpint (crypto_sign_verify_detached (signature, (const guint8 *) message,
                                                strlen (message), created->public_key), ==, 0);
}

static void
test_two_keys_differ (Fixture *f, gconstpointer data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.key", NULL);
  g_autoptr(TrKeyPair) a = tr_key_pair_create (f->path, NULL);
  g_autoptr(TrKeyPair) b = tr_key_pair_create (other, NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (memcmp (a->public_key, b->public_key, sizeof a->public_key) != 0);
}

static void
test_create_refuses_to_overwrite (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrKeyPair) first = tr_key_pair_create (f->path, &error);
  g_autoptr(TrKeyPair) second = NULL;
  g_autoptr(TrKeyPair) reloaded = NULL;
  g_autofree char *decoy = g_build_filename (f->dir, "decoy.txt", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.key", NULL);

  g_assert_no_error (error);
  second = tr_key_pair_create (f->path, &error);
  g_assert_null (second);
  g_assert_error (error, TR_ERROR, TR_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  /* The first key is still there, untouched. */
  reloaded = tr_key_pair_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (reloaded->public_key, 32, first->public_key, 32);

  /* Nor does it write through a symbolic link. */
  write_file (decoy, "keep me", -1, 0644);
  g_assert_cmpint (symlink (decoy, link), ==, 0);
  g_clear_pointer (&second, tr_key_pair_free);
  second = tr_key_pair_create (link, &error);
  g_assert_null (second);
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autofree char *kept = NULL;
    g_assert_true (g_file_get_contents (decoy, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "keep me");
  }
}

static void
test_create_in_missing_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "no-such-dir", "kiosk.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrKeyPair) pair = tr_key_pair_create (path, &error);

  g_assert_null (pair);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_load_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrKeyPair) pair = tr_key_pair_load (f->path, &error);

  g_assert_null (pair);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "tremplin-admin init"));
}

static void
test_load_refuses_open_file (Fixture *f, gconstpointer data)
{
  static const int open_modes[] = { 0640, 0604, 0620, 0602, 0660, 0644, 0666, 0610 };
  g_autoptr(TrKeyPair) created = tr_key_pair_create (f->path, NULL);

  g_assert_nonnull (created);
  for (gsize i = 0; i < G_N_ELEMENTS (open_modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrKeyPair) pair = NULL;
      g_autofree char *hint = g_strdup_printf ("chmod 600 %s", f->path);

      g_assert_cmpint (g_chmod (f->path, open_modes[i]), ==, 0);
      pair = tr_key_pair_load (f->path, &error);
      g_assert_null (pair);
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, hint));
    }

  /* Owner-only read, as a careful admin may set it, is fine. */
  g_assert_cmpint (g_chmod (f->path, 0400), ==, 0);
  {
    g_autoptr(TrKeyPair) pair = tr_key_pair_load (f->path, NULL);
    g_assert_nonnull (pair);
    g_assert_cmpmem (pair->public_key, 32, created->public_key, 32);
  }
}

static void
assert_not_a_key_file (const char *path, const char *contents, gssize length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrKeyPair) pair = NULL;

  g_unlink (path);
  write_file (path, contents, length, 0600);
  pair = tr_key_pair_load (path, &error);
  g_assert_null (pair);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_load_refuses_garbage (Fixture *f, gconstpointer data)
{
  const char good_seed[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  g_autofree char *good = g_strdup_printf ("%s\n%s\n", TR_KEY_FILE_HEADER, good_seed);
  g_autofree char *long_file = g_strnfill (4096, 'A');

  assert_not_a_key_file (f->path, "", 0);
  assert_not_a_key_file (f->path, "hello\n", -1);
  assert_not_a_key_file (f->path, long_file, -1);
  assert_not_a_key_file (f->path, "tremplin-key-v2\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", -1);
  assert_not_a_key_file (f->path, "tremplin-key-v1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n", -1);
  assert_not_a_key_file (f->path, "tremplin-key-v1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh*=\n", -1);
  assert_not_a_key_file (f->path, "tremplin-key-v1\r\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n", -1);
  assert_not_a_key_file (f->path, "tremplin-key-v1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\nmore\n", -1);
  assert_not_a_key_file (f->path, "tremplin-key-v1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n\n", -1);
  assert_not_a_key_file (f->path, "tremplin-key-v1\n\0AECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", 61);

  /* The same file, well formed, loads; without its final newline too. */
  g_unlink (f->path);
  write_file (f->path, good, -1, 0600);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TrKeyPair) pair = tr_key_pair_load (f->path, &error);
    guint8 seed[32];
    guint8 expected_public[32], expected_secret[64];

    g_assert_no_error (error);
    for (int i = 0; i < 32; i++)
      seed[i] = (guint8) i;
    crypto_sign_seed_keypair (expected_public, expected_secret, seed);
    g_assert_cmpmem (pair->public_key, 32, expected_public, 32);
  }
  g_unlink (f->path);
  write_file (f->path, good, (gssize) strlen (good) - 1, 0600);
  {
    g_autoptr(TrKeyPair) pair = tr_key_pair_load (f->path, NULL);
    g_assert_nonnull (pair);
  }

  /* A directory is not a key file. */
  g_unlink (f->path);
  g_assert_cmpint (g_mkdir (f->path, 0700), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TrKeyPair) pair = tr_key_pair_load (f->path, &error);
    g_assert_null (pair);
    g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  }
}

static gboolean
is_base64url (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
test_public_key_text (void)
{
  for (int round = 0; round < 200; round++)
    {
      guint8 public_key[32], secret_key[64], back[32];
      g_autofree char *text = NULL;
      g_autofree char *padded = NULL;
      g_autoptr(GError) error = NULL;

      crypto_sign_keypair (public_key, secret_key);
      text = tr_public_key_to_text (public_key);
      g_assert_cmpuint (strlen (text), ==, 43);
      g_assert_true (is_base64url (text));

      g_assert_true (tr_public_key_from_text (text, back, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (back, 32, public_key, 32);

      /* Pasted with blanks around it. */
      padded = g_strdup_printf ("  %s\n", text);
      memset (back, 0, sizeof back);
      g_assert_true (tr_public_key_from_text (padded, back, NULL));
      g_assert_cmpmem (back, 32, public_key, 32);
    }
}

static void
assert_bad_public_key (const char *text)
{
  g_autoptr(GError) error = NULL;
  guint8 key[32];

  memset (key, 0xAA, sizeof key);
  g_assert_false (tr_public_key_from_text (text, key, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "43"));
  /* Nothing half-written. */
  for (int i = 0; i < 32; i++)
    g_assert_cmpint (key[i], ==, 0xAA);
}

static void
test_public_key_text_refuses_bad (void)
{
  guint8 zero[32] = { 0 };
  g_autofree char *good = tr_public_key_to_text (zero);
  g_autofree char *short_text = g_strndup (good, 42);
  g_autofree char *long_text = g_strconcat (good, "A", NULL);
  g_autofree char *padded = g_strconcat (good, "=", NULL);
  g_autofree char *plus = g_strdup (good);
  g_autofree char *inner_blank = g_strdup (good);
  g_autofree char *non_canonical = g_strdup (good);

  g_assert_cmpstr (good, ==, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  plus[5] = '+';
  inner_blank[20] = ' ';
  /* The last character carries 2 unused bits; "B" sets one of them. */
  non_canonical[42] = 'B';

  assert_bad_public_key (short_text);
  assert_bad_public_key (long_text);
  assert_bad_public_key (padded);
  assert_bad_public_key (plus);
  assert_bad_public_key (inner_blank);
  assert_bad_public_key (non_canonical);
  assert_bad_public_key ("");
  assert_bad_public_key (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (tr_crypto_init (NULL));

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/keys/crypto-init", test_crypto_init);
  ADD ("/keys/create-writes-private-file", test_create_writes_private_file);
  ADD ("/keys/load-gives-same-keys", test_load_gives_same_keys);
  ADD ("/keys/two-keys-differ", test_two_keys_differ);
  ADD ("/keys/create-refuses-to-overwrite", test_create_refuses_to_overwrite);
  ADD ("/keys/create-in-missing-folder", test_create_in_missing_folder);
  ADD ("/keys/load-missing", test_load_missing);
  ADD ("/keys/load-refuses-open-file", test_load_refuses_open_file);
  ADD ("/keys/load-refuses-garbage", test_load_refuses_garbage);
  g_test_add_func ("/keys/public-key-text", test_public_key_text);
  g_test_add_func ("/keys/public-key-text-refuses-bad", test_public_key_text_refuses_bad);
#undef ADD

  return g_test_run ();
}

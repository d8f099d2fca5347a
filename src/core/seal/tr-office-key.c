/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-office-key.c — the office key pair, its passphrase-sealed file and its printable form. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "tr-error.h"
#include "tr-file.h"
#include "tr-keys.h"
#include "tr-office-key-private.h"

G_STATIC_ASSERT (TR_OFFICE_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (TR_OFFICE_SIGNATURE_BYTES == crypto_sign_BYTES);
G_STATIC_ASSERT (crypto_box_PUBLICKEYBYTES == crypto_sign_PUBLICKEYBYTES);

/* No office key file is longer; a longer one is not read into memory. */
#define KEY_FILE_MAX_SIZE 1024
/* Bounds on the cost a file may ask for, so that a crafted file cannot make
 * opening it take all the memory of the office's computer. */
#define MAX_MEMLIMIT ((gsize) 1 << 30)
#define MAX_OPSLIMIT 16

/* One Ed25519 identity: it signs the trust list, and its X25519 twin
 * (libsodium's conversion) opens what kiosks sealed to it. */
struct _TrOfficeKey {
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  guint8 box_public[crypto_box_PUBLICKEYBYTES];
  guint8 box_secret[crypto_box_SECRETKEYBYTES];
};

gboolean
tr_office_key_cost_from_token (const char *token, TrOfficeKeyCost *out)
{
  if (g_strcmp0 (token, "moderate") == 0)
    *out = TR_OFFICE_KEY_COST_MODERATE;
  else if (g_strcmp0 (token, "interactive") == 0)
    *out = TR_OFFICE_KEY_COST_INTERACTIVE;
  else
    return FALSE;
  return TRUE;
}

gboolean
tr_office_passphrase_check (const char *passphrase, GError **error)
{
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (!g_utf8_validate (passphrase, -1, NULL))
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("The passphrase is not valid text (UTF-8): type it again."));
  else if (g_utf8_strlen (passphrase, -1) < TR_OFFICE_PASSPHRASE_MIN_LENGTH)
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("The passphrase is too short: use at least %d characters, for example "
                   "four or five words you will remember."),
                 TR_OFFICE_PASSPHRASE_MIN_LENGTH);
  else if (g_ascii_isspace (passphrase[0]) || g_ascii_isspace (passphrase[strlen (passphrase) - 1]))
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("The passphrase starts or ends with a space, which is easy to forget "
                   "when typing it again: remove it."));
  else
    return TRUE;
  return FALSE;
}

void
tr_office_key_free (TrOfficeKey *key)
{
  if (key == NULL)
    return;
  sodium_memzero (key, sizeof *key);
  g_free (key);
}

const guint8 *
tr_office_key_get_public (const TrOfficeKey *key)
{
  return key->public_key;
}

const guint8 *
tr_office_key_get_box_public (const TrOfficeKey *key)
{
  return key->box_public;
}

const guint8 *
tr_office_key_get_box_secret (const TrOfficeKey *key)
{
  return key->box_secret;
}

void
tr_office_key_sign (const TrOfficeKey *key, const void *data, gsize length, guint8 *signature)
{
  g_return_if_fail (key != NULL && signature != NULL);

  crypto_sign_detached (signature, NULL, data, length, key->secret_key);
}

gboolean
tr_office_key_verify (const guint8 *public_key, const void *data, gsize length,
                      const guint8 *signature)
{
  g_return_val_if_fail (public_key != NULL && signature != NULL, FALSE);

  return tr_crypto_init (NULL) &&
         crypto_sign_verify_detached (signature, data, length, public_key) == 0;
}

/* Fills in the X25519 twin from the Ed25519 pair; FALSE for a public key
 * that has none (not a point of the curve: a damaged file). */
static gboolean
derive_box_keys (TrOfficeKey *key)
{
  return crypto_sign_ed25519_pk_to_curve25519 (key->box_public, key->public_key) == 0 &&
         crypto_sign_ed25519_sk_to_curve25519 (key->box_secret, key->secret_key) == 0;
}

static void
cost_limits (TrOfficeKeyCost cost, guint64 *opslimit, gsize *memlimit)
{
  switch (cost)
    {
    case TR_OFFICE_KEY_COST_INTERACTIVE:
      *opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case TR_OFFICE_KEY_COST_MODERATE:
    default:
      *opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      *memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    }
}

/* The key that the passphrase gives, for the secretbox around the private
 * half. FALSE only when the system lacks the memory asked for. */
static gboolean
derive_box_key (guint8 *box_key, const char *passphrase, const guint8 *salt,
                guint64 opslimit, gsize memlimit, GError **error)
{
  if (crypto_pwhash (box_key, crypto_secretbox_KEYBYTES, passphrase, strlen (passphrase),
                     salt, opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) == 0)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
               _("Not enough memory to derive the key from the passphrase (%u MiB needed): "
                 "close other programs and try again."),
               (guint) (memlimit >> 20));
  return FALSE;
}

static char *
to_base64 (const guint8 *data, gsize length)
{
  gsize size = sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_ORIGINAL);
  char *text = g_malloc (size);

  return sodium_bin2base64 (text, size, data, length, sodium_base64_VARIANT_ORIGINAL);
}

static gboolean
from_base64 (const char *text, guint8 *data, gsize length)
{
  gsize decoded = 0;
  const char *end = NULL;

  return sodium_base642bin (data, length, text, strlen (text), NULL, &decoded, &end,
                            sodium_base64_VARIANT_ORIGINAL) == 0 &&
         decoded == length && *end == '\0';
}

/* The file's four lines: header, public key, how the passphrase is
 * stretched (algorithm, ops, memory, salt), then the sealed private half
 * (nonce and ciphertext). */
static char *
key_file_text (const guint8 *public_key, const guint8 *salt, guint64 opslimit, gsize memlimit,
               const guint8 *boxed, gsize boxed_length)
{
  g_autofree char *public_text = tr_office_key_to_text (public_key);
  g_autofree char *salt_text = to_base64 (salt, crypto_pwhash_SALTBYTES);
  g_autofree char *boxed_text = to_base64 (boxed, boxed_length);

  return g_strdup_printf ("%s\npublic %s\nargon2id13 %" G_GUINT64_FORMAT " %" G_GSIZE_FORMAT
                          " %s\nsecret %s\n",
                          TR_OFFICE_KEY_FILE_HEADER, public_text, opslimit, memlimit,
                          salt_text, boxed_text);
}

#define BOXED_LENGTH (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + \
                      crypto_sign_SEEDBYTES)

gboolean
tr_office_key_create (const char       *path,
                      const char       *passphrase,
                      TrOfficeKeyCost   cost,
                      guint8           *public_key,
                      GError          **error)
{
  g_autoptr(TrOfficeKey) key = NULL;
  g_autofree char *text = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 box_key[crypto_secretbox_KEYBYTES];
  guint8 boxed[BOXED_LENGTH];
  guint8 seed[crypto_sign_SEEDBYTES];
  guint64 opslimit;
  gsize memlimit;
  gsize length;
  int fd, saved_errno = 0;

  g_return_val_if_fail (path != NULL && passphrase != NULL, FALSE);

  if (!tr_office_passphrase_check (passphrase, error) || !tr_crypto_init (error))
    return FALSE;

  cost_limits (cost, &opslimit, &memlimit);
  randombytes_buf (salt, sizeof salt);
  if (!derive_box_key (box_key, passphrase, salt, opslimit, memlimit, error))
    return FALSE;

  key = g_new0 (TrOfficeKey, 1);
  randombytes_buf (seed, sizeof seed);
  crypto_sign_seed_keypair (key->public_key, key->secret_key, seed);
  randombytes_buf (boxed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (boxed + crypto_secretbox_NONCEBYTES, seed, sizeof seed, boxed, box_key);
  sodium_memzero (box_key, sizeof box_key);
  sodium_memzero (seed, sizeof seed);
  text = key_file_text (key->public_key, salt, opslimit, memlimit, boxed, sizeof boxed);
  length = strlen (text);

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == EEXIST)
        g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                     _("An office key file already exists at %s and is kept: every detail "
                       "sealed to it needs it. Choose another path for a new key."), path);
      else
        tr_file_set_write_error (error, path, saved_errno);
      return FALSE;
    }
  if (write (fd, text, length) != (ssize_t) length || fsync (fd) != 0)
    {
      saved_errno = errno != 0 ? errno : ENOSPC;
      close (fd);
      g_unlink (path);
      tr_file_set_write_error (error, path, saved_errno);
      return FALSE;
    }
  close (fd);
  tr_file_sync_folder_of (path);

  if (public_key != NULL)
    memcpy (public_key, key->public_key, TR_OFFICE_KEY_BYTES);
  return TRUE;
}

typedef struct {
  guint8  public_key[TR_OFFICE_KEY_BYTES];
  guint8  salt[crypto_pwhash_SALTBYTES];
  guint64 opslimit;
  gsize   memlimit;
  guint8  boxed[BOXED_LENGTH];
} KeyFile;

static gboolean
parse_cost_line (const char *line, KeyFile *file)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  guint64 opslimit, memlimit;

  if (g_strv_length (words) != 4 || strcmp (words[0], "argon2id13") != 0 ||
      !g_ascii_string_to_unsigned (words[1], 10, crypto_pwhash_OPSLIMIT_MIN, MAX_OPSLIMIT,
                                   &opslimit, NULL) ||
      !g_ascii_string_to_unsigned (words[2], 10, crypto_pwhash_MEMLIMIT_MIN, MAX_MEMLIMIT,
                                   &memlimit, NULL) ||
      !from_base64 (words[3], file->salt, sizeof file->salt))
    return FALSE;
  file->opslimit = opslimit;
  file->memlimit = (gsize) memlimit;
  return TRUE;
}

static gboolean
read_key_file (const char *path, KeyFile *file, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  if (!tr_crypto_init (error))
    return FALSE;
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("There is no office key file at %s: make one with “tremplin-office "
                       "init-key”, or give the right path."), path);
      else
        g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                     _("Could not read the office key file %s: %s"), path, local_error->message);
      return FALSE;
    }

  lines = length <= KEY_FILE_MAX_SIZE && memchr (contents, '\0', length) == NULL
          ? g_strsplit (contents, "\n", -1) : NULL;
  if (lines == NULL || g_strv_length (lines) != 5 || lines[4][0] != '\0' ||
      strcmp (lines[0], TR_OFFICE_KEY_FILE_HEADER) != 0 ||
      !g_str_has_prefix (lines[1], "public ") ||
      !tr_office_key_from_text (lines[1] + strlen ("public "), file->public_key, NULL) ||
      !parse_cost_line (lines[2], file) ||
      !g_str_has_prefix (lines[3], "secret ") ||
      !from_base64 (lines[3] + strlen ("secret "), file->boxed, sizeof file->boxed))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s is not a Tremplin office key file, or it was damaged (its first line "
                     "should be “%s”): check the path, or restore the file from its backup."),
                   path, TR_OFFICE_KEY_FILE_HEADER);
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_office_key_read_public (const char *path, guint8 *public_key, GError **error)
{
  KeyFile file;

  g_return_val_if_fail (path != NULL && public_key != NULL, FALSE);

  if (!read_key_file (path, &file, error))
    return FALSE;
  memcpy (public_key, file.public_key, TR_OFFICE_KEY_BYTES);
  return TRUE;
}

TrOfficeKey *
tr_office_key_unlock (const char *path, const char *passphrase, GError **error)
{
  g_autoptr(TrOfficeKey) key = NULL;
  guint8 box_key[crypto_secretbox_KEYBYTES];
  guint8 seed[crypto_sign_SEEDBYTES];
  KeyFile file;
  gboolean opened;

  g_return_val_if_fail (path != NULL && passphrase != NULL, NULL);

  if (!read_key_file (path, &file, error) ||
      !derive_box_key (box_key, passphrase, file.salt, file.opslimit, file.memlimit, error))
    return NULL;

  key = g_new0 (TrOfficeKey, 1);
  opened = crypto_secretbox_open_easy (seed, file.boxed + crypto_secretbox_NONCEBYTES,
                                       sizeof file.boxed - crypto_secretbox_NONCEBYTES,
                                       file.boxed, box_key) == 0;
  sodium_memzero (box_key, sizeof box_key);
  if (opened)
    crypto_sign_seed_keypair (key->public_key, key->secret_key, seed);
  sodium_memzero (seed, sizeof seed);
  /* The public line is outside the box: it must be the private half's own. */
  if (!opened || sodium_memcmp (key->public_key, file.public_key, sizeof file.public_key) != 0 ||
      !derive_box_keys (key))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This passphrase does not open the office key %s (or the file was "
                     "altered): type it again, checking the keyboard's language and Caps Lock."),
                   path);
      return NULL;
    }
  return g_steal_pointer (&key);
}

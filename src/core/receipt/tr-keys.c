/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-keys.c — the kiosk's Ed25519 key pair and its key file. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "tr-error.h"
#include "tr-file.h"
#include "tr-keys.h"

G_STATIC_ASSERT (TR_PUBLIC_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (TR_SECRET_KEY_BYTES == crypto_sign_SECRETKEYBYTES);

#define SEED_BYTES crypto_sign_SEEDBYTES
#define SEED_BASE64_LENGTH (sodium_base64_ENCODED_LEN (SEED_BYTES, sodium_base64_VARIANT_ORIGINAL) - 1)
#define PUBLIC_TEXT_LENGTH (sodium_base64_ENCODED_LEN (crypto_sign_PUBLICKEYBYTES, \
                                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1)
/* Header, newline, base64, newline: anything longer is not a key file. */
#define KEY_FILE_MAX_LENGTH (sizeof TR_KEY_FILE_HEADER + SEED_BASE64_LENGTH + 1)

G_STATIC_ASSERT (SEED_BYTES == 32);

gboolean
tr_crypto_init (GError **error)
{
  static gsize result;

  if (g_once_init_enter (&result))
    g_once_init_leave (&result, sodium_init () >= 0 ? 1 : 2);

  if (result != 1)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("The cryptography library could not start: this system gives it no "
                     "source of random numbers. Check that /dev/urandom exists."));
      return FALSE;
    }
  return TRUE;
}

void
tr_key_pair_free (TrKeyPair *pair)
{
  if (pair == NULL)
    return;
  sodium_memzero (pair, sizeof *pair);
  g_free (pair);
}

static TrKeyPair *
key_pair_from_seed (const guint8 *seed)
{
  TrKeyPair *pair = g_new0 (TrKeyPair, 1);

  crypto_sign_seed_keypair (pair->public_key, pair->secret_key, seed);
  return pair;
}

static gboolean
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t written = write (fd, data, length);
      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= (gsize) written;
    }
  return TRUE;
}

static gboolean
write_key_file (int fd, const guint8 *seed)
{
  char text[KEY_FILE_MAX_LENGTH + 1];
  gsize header_length = strlen (TR_KEY_FILE_HEADER);
  gboolean ok;

  memcpy (text, TR_KEY_FILE_HEADER "\n", header_length + 1);
  sodium_bin2base64 (text + header_length + 1, SEED_BASE64_LENGTH + 1,
                     seed, SEED_BYTES, sodium_base64_VARIANT_ORIGINAL);
  text[KEY_FILE_MAX_LENGTH - 1] = '\n';
  text[KEY_FILE_MAX_LENGTH] = '\0';

  ok = write_all (fd, text, KEY_FILE_MAX_LENGTH) && fsync (fd) == 0;
  sodium_memzero (text, sizeof text);
  return ok;
}

TrKeyPair *
tr_key_pair_create (const char *path, GError **error)
{
  guint8 seed[SEED_BYTES];
  TrKeyPair *pair;
  int fd;
  int saved_errno;

  g_return_val_if_fail (path != NULL, NULL);

  if (!tr_crypto_init (error))
    return NULL;

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == EEXIST)
        g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                     _("A key file already exists at %s and is kept: receipts already "
                       "given depend on it. Remove it yourself only if this kiosk must get "
                       "a new identity."), path);
      else
        tr_file_set_write_error (error, path, saved_errno);
      return NULL;
    }

  randombytes_buf (seed, sizeof seed);
  if (!write_key_file (fd, seed))
    {
      saved_errno = errno;
      close (fd);
      g_unlink (path);
      sodium_memzero (seed, sizeof seed);
      tr_file_set_write_error (error, path, saved_errno);
      return NULL;
    }
  close (fd);
  /* The new file's name must survive a power cut as well as its content. */
  tr_file_sync_folder_of (path);

  pair = key_pair_from_seed (seed);
  sodium_memzero (seed, sizeof seed);
  return pair;
}

static gboolean
read_key_text (const char *path, char *text, gsize text_size, gsize *length, GError **error)
{
  struct stat st;
  ssize_t got = 0;
  gsize total = 0;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int saved_errno = errno;

  if (fd < 0)
    {
      if (saved_errno == ENOENT)
        g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("There is no key file at %s. Create this kiosk's keys with "
                       "“tremplin-admin init”, or give the right path."), path);
      else
        g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                     _("Could not open the key file %s: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s is not a key file: it is not a regular file."), path);
      return FALSE;
    }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      close (fd);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The key file %s can be read or changed by other users of this "
                     "computer, so it is not used. Make it private with: chmod 600 %s"),
                   path, path);
      return FALSE;
    }

  while (total < text_size)
    {
      got = read (fd, text + total, text_size - total);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      total += (gsize) got;
    }
  saved_errno = errno;
  close (fd);
  if (got < 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("Could not read the key file %s: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }
  *length = total;
  return TRUE;
}

static gboolean
parse_key_text (const char *text, gsize length, guint8 *seed)
{
  gsize header_length = strlen (TR_KEY_FILE_HEADER);
  const char *base64 = text + header_length + 1;
  gsize seed_length = 0;

  /* A final newline is what we write; an editor may have dropped it. */
  if (length == KEY_FILE_MAX_LENGTH && text[length - 1] == '\n')
    length--;
  if (length != KEY_FILE_MAX_LENGTH - 1 ||
      memcmp (text, TR_KEY_FILE_HEADER "\n", header_length + 1) != 0)
    return FALSE;

  return sodium_base642bin (seed, SEED_BYTES, base64, SEED_BASE64_LENGTH, NULL,
                            &seed_length, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
         seed_length == SEED_BYTES;
}

TrKeyPair *
tr_key_pair_load (const char *path, GError **error)
{
  /* One byte more than a key file can hold, to notice a longer file. */
  char text[KEY_FILE_MAX_LENGTH + 1];
  guint8 seed[SEED_BYTES];
  TrKeyPair *pair = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!tr_crypto_init (error))
    return NULL;
  if (!read_key_text (path, text, sizeof text, &length, error))
    return NULL;

  if (parse_key_text (text, length, seed))
    pair = key_pair_from_seed (seed);
  else
    g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                 _("%s is not a Tremplin key file (its first line should be “%s”); "
                   "check the path, or restore the file from a backup."),
                 path, TR_KEY_FILE_HEADER);

  sodium_memzero (text, sizeof text);
  sodium_memzero (seed, sizeof seed);
  return pair;
}

char *
tr_public_key_to_text (const guint8 *public_key)
{
  char text[PUBLIC_TEXT_LENGTH + 1];

  g_return_val_if_fail (public_key != NULL, NULL);

  sodium_bin2base64 (text, sizeof text, public_key, crypto_sign_PUBLICKEYBYTES,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (text);
}

gboolean
tr_public_key_from_text (const char *text, guint8 *public_key, GError **error)
{
  g_autofree char *trimmed = NULL;
  guint8 decoded[crypto_sign_PUBLICKEYBYTES];
  gsize decoded_length = 0;
  const char *end = NULL;

  g_return_val_if_fail (public_key != NULL, FALSE);

  if (text != NULL)
    trimmed = g_strstrip (g_strdup (text));
  if (trimmed == NULL || strlen (trimmed) != PUBLIC_TEXT_LENGTH ||
      sodium_base642bin (decoded, sizeof decoded, trimmed, PUBLIC_TEXT_LENGTH, NULL,
                         &decoded_length, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      decoded_length != crypto_sign_PUBLICKEYBYTES || end != trimmed + PUBLIC_TEXT_LENGTH)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This is not a kiosk public key: a key is 43 letters, digits, “-” and "
                     "“_”, as “tremplin-admin public-key” prints it. Copy it again in full."));
      return FALSE;
    }
  memcpy (public_key, decoded, sizeof decoded);
  return TRUE;
}

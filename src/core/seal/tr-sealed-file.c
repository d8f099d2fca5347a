/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sealed-file.c — writing, reading and opening the sealed export file. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sodium.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-file.h"
#include "tr-keys.h"
#include "tr-receipt.h"
#include "tr-seal.h"
#include "tr-sealed-file.h"

#define BASE64_LINE 76
/* More files than an export ever holds is not a sealed export. */
#define MAX_MEMBERS 16
#define MAX_NAME_LENGTH 200

TrSealedMember *
tr_sealed_member_new (const char *name, GBytes *contents)
{
  TrSealedMember *member = g_new (TrSealedMember, 1);

  member->name = g_strdup (name);
  member->contents = g_bytes_ref (contents);
  return member;
}

void
tr_sealed_member_free (TrSealedMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_bytes_unref (member->contents);
  g_free (member);
}

void
tr_sealed_file_free (TrSealedFile *file)
{
  if (file == NULL)
    return;
  g_free (file->kiosk_id);
  g_free (file->day);
  g_strfreev (file->names);
  g_clear_pointer (&file->sealed, g_bytes_unref);
  g_free (file);
}

/* A name the office writes a file under: never one that leaves the folder,
 * hides itself or breaks the manifest's line. */
static gboolean
member_name_is_valid (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > MAX_NAME_LENGTH || name[0] == '.' ||
      !g_utf8_validate (name, length, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '/' || c == '\\' || g_unichar_isspace (c) || !g_unichar_isprint (c))
        return FALSE;
    }
  return TRUE;
}

/* The lines both the clear manifest and the sealed part start with. */
static char *
manifest_text (const char *kiosk_id, const char *day, guint n_registrations,
               const char * const *names)
{
  g_autofree char *joined = g_strjoinv (" ", (char **) names);

  return g_strdup_printf ("%s\nkiosk: %s\nday: %s\nregistrations: %u\nfiles: %s\n",
                          TR_SEALED_FILE_HEADER, kiosk_id, day, n_registrations, joined);
}

static GBytes *
seal_members (const char *manifest, const guint8 *office_key, GPtrArray *members)
{
  g_autoptr(GByteArray) clear = g_byte_array_new ();
  GBytes *sealed;

  g_byte_array_append (clear, (const guint8 *) manifest, strlen (manifest));
  g_byte_array_append (clear, (const guint8 *) "\n", 1);
  for (guint i = 0; i < members->len; i++)
    {
      const TrSealedMember *member = g_ptr_array_index (members, i);
      g_autofree char *line = g_strdup_printf ("%s %" G_GSIZE_FORMAT "\n", member->name,
                                               g_bytes_get_size (member->contents));
      gsize size = 0;
      gconstpointer data = g_bytes_get_data (member->contents, &size);

      g_byte_array_append (clear, (const guint8 *) line, strlen (line));
      g_byte_array_append (clear, data, size);
    }
  sealed = tr_seal (office_key, clear->data, clear->len);
  sodium_memzero (clear->data, clear->len);
  return sealed;
}

static char *
sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

typedef struct {
  const char *path;
  const char *header;
  GBytes     *sealed;
} WriteData;

static void
on_write_failed (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  WriteData *data = user_data;

  tr_file_set_write_error (error, data->path, saved_errno);
}

static gboolean
write_sealed_file (FILE *out, gpointer user_data, GError **error)
{
  WriteData *data = user_data;
  gsize size = 0;
  const guint8 *sealed = g_bytes_get_data (data->sealed, &size);
  gsize line_bytes = BASE64_LINE / 4 * 3;
  char line[BASE64_LINE + 1];

  fputs (data->header, out);
  for (gsize at = 0; at < size; at += line_bytes)
    {
      sodium_bin2base64 (line, sizeof line, sealed + at, MIN (line_bytes, size - at),
                         sodium_base64_VARIANT_ORIGINAL);
      fputs (line, out);
      fputc ('\n', out);
    }
  return TRUE;
}

gboolean
tr_sealed_file_write (const char    *path,
                      const char    *kiosk_id,
                      const char    *day,
                      guint          n_registrations,
                      const guint8  *office_key,
                      GPtrArray     *members,
                      GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GBytes) sealed = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *header = NULL;
  WriteData data;

  g_return_val_if_fail (path != NULL && office_key != NULL && members != NULL, FALSE);
  g_return_val_if_fail (members->len > 0 && members->len <= MAX_MEMBERS, FALSE);
  g_return_val_if_fail (tr_clock_is_date (day), FALSE);

  if (!tr_kiosk_id_check (kiosk_id, error) || !tr_crypto_init (error))
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      const TrSealedMember *member = g_ptr_array_index (members, i);
      g_return_val_if_fail (member_name_is_valid (member->name), FALSE);
      g_ptr_array_add (names, member->name);
    }
  g_ptr_array_add (names, NULL);

  manifest = manifest_text (kiosk_id, day, n_registrations, (const char * const *) names->pdata);
  sealed = seal_members (manifest, office_key, members);
  key_text = tr_office_key_to_text (office_key);
  hash = sha256_hex (sealed);
  header = g_strdup_printf ("%ssealed-to: %s\nsha256: %s\n\n", manifest, key_text, hash);

  data.path = path;
  data.header = header;
  data.sealed = sealed;
  return tr_file_write_atomically (path, 0644, write_sealed_file, on_write_failed, &data, error);
}

/* The value of "@key: value" at line @index of @lines, or NULL. */
static const char *
manifest_value (char **lines, guint index, const char *key)
{
  gsize key_length = strlen (key);

  if (index >= g_strv_length (lines) || strncmp (lines[index], key, key_length) != 0 ||
      strncmp (lines[index] + key_length, ": ", 2) != 0)
    return NULL;
  return lines[index] + key_length + 2;
}

static gboolean
parse_count (const char *text, guint *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static char **
parse_names (const char *text)
{
  g_auto(GStrv) names = text != NULL ? g_strsplit (text, " ", -1) : NULL;
  guint n = names != NULL ? g_strv_length (names) : 0;

  if (n == 0 || n > MAX_MEMBERS)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      if (!member_name_is_valid (names[i]))
        return NULL;
      for (guint j = 0; j < i; j++)
        if (strcmp (names[i], names[j]) == 0)
          return NULL;
    }
  return g_steal_pointer (&names);
}

/* Decodes the base64 lines after the manifest; NULL on anything else. The
 * text is checked first (the alphabet, padding only at its very end), then
 * decoded by GLib, several times faster than libsodium's decoder on the
 * hundreds of megabytes a large day makes. */
static GBytes *
decode_body (const char *body, gsize length)
{
  gsize n_chars = 0, padding = 0, decoded_length;
  gint state = 0;
  guint save = 0;
  guint8 *decoded;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) body[i];

      if (c == '\n')
        continue;
      n_chars++;
      if (c == '=')
        {
          if (++padding > 2)
            return NULL;
        }
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
    }
  if (n_chars % 4 != 0)
    return NULL;
  decoded = g_malloc (n_chars / 4 * 3 + 3);
  decoded_length = g_base64_decode_step (body, length, decoded, &state, &save);
  return g_bytes_new_take (decoded, decoded_length);
}

static void
set_not_sealed_export (GError **error, const char *name)
{
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
               _("%s is not a Tremplin sealed export, or its first lines were altered (its "
                 "first line should be “%s”): check that this is the file a kiosk wrote."),
               name, TR_SEALED_FILE_HEADER);
}

TrSealedFile *
tr_sealed_file_parse (const char *text, gsize length, const char *name, GError **error)
{
  g_autoptr(TrSealedFile) file = g_new0 (TrSealedFile, 1);
  g_autofree char *manifest = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *hash = NULL;
  const char *blank = g_strstr_len (text, length, "\n\n");
  const char *body, *hash_text;

  g_return_val_if_fail (text != NULL && name != NULL, NULL);

  if (!tr_crypto_init (error))
    return NULL;
  if (blank == NULL || memchr (text, '\0', length) != NULL)
    {
      set_not_sealed_export (error, name);
      return NULL;
    }
  manifest = g_strndup (text, blank + 1 - text);
  lines = g_strsplit (manifest, "\n", -1);
  if (g_strv_length (lines) != 8 || strcmp (lines[0], TR_SEALED_FILE_HEADER) != 0 ||
      !g_utf8_validate (manifest, -1, NULL))
    {
      set_not_sealed_export (error, name);
      return NULL;
    }

  file->kiosk_id = g_strdup (manifest_value (lines, 1, "kiosk"));
  file->day = g_strdup (manifest_value (lines, 2, "day"));
  file->names = parse_names (manifest_value (lines, 4, "files"));
  hash_text = manifest_value (lines, 6, "sha256");
  if (file->kiosk_id == NULL || !tr_kiosk_id_check (file->kiosk_id, NULL) ||
      file->day == NULL || !tr_clock_is_date (file->day) ||
      !parse_count (manifest_value (lines, 3, "registrations"), &file->n_registrations) ||
      file->names == NULL || hash_text == NULL ||
      !tr_office_key_from_text (manifest_value (lines, 5, "sealed-to"), file->office_key, NULL))
    {
      set_not_sealed_export (error, name);
      return NULL;
    }

  body = blank + 2;
  file->sealed = decode_body (body, text + length - body);
  if (file->sealed != NULL)
    hash = sha256_hex (file->sealed);
  if (hash == NULL || strcmp (hash, hash_text) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s was cut short or altered after the kiosk wrote it (its sha256 does "
                     "not match its manifest): export the day again from the kiosk."), name);
      return NULL;
    }
  return g_steal_pointer (&file);
}

TrSealedFile *
tr_sealed_file_read (const char *path, GError **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, TR_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                   ? TR_ERROR_NOT_FOUND : TR_ERROR_STORAGE,
                   _("Could not read %s: %s"), path, local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > TR_SEALED_FILE_MAX_SIZE)
    {
      set_not_sealed_export (error, path);
      return NULL;
    }
  return tr_sealed_file_parse (g_mapped_file_get_contents (mapped) != NULL
                               ? g_mapped_file_get_contents (mapped) : "",
                               g_mapped_file_get_length (mapped), path, error);
}

/* Splits the opened part into its files; FALSE when it does not hold
 * exactly the files the manifest names, in order. */
static GPtrArray *
split_members (GBytes *clear, const TrSealedFile *file, gsize at)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_sealed_member_free);
  gsize size = 0;
  const char *data = g_bytes_get_data (clear, &size);

  for (guint i = 0; file->names[i] != NULL; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s ", file->names[i]);
      const char *newline;
      guint64 length;
      g_autofree char *number = NULL;
      g_autoptr(GBytes) contents = NULL;

      if (size - at < strlen (expected) || memcmp (data + at, expected, strlen (expected)) != 0)
        return NULL;
      at += strlen (expected);
      newline = memchr (data + at, '\n', size - at);
      if (newline == NULL)
        return NULL;
      number = g_strndup (data + at, newline - (data + at));
      at = newline + 1 - data;
      if (!g_ascii_string_to_unsigned (number, 10, 0, size - at, &length, NULL))
        return NULL;
      contents = g_bytes_new_from_bytes (clear, at, length);
      g_ptr_array_add (members, tr_sealed_member_new (file->names[i], contents));
      at += length;
    }
  return at == size ? g_steal_pointer (&members) : NULL;
}

GPtrArray *
tr_sealed_file_open (const TrSealedFile *file, const TrOfficeKey *key, GError **error)
{
  g_autoptr(GBytes) clear = NULL;
  g_autofree char *manifest = NULL;
  gsize size = 0, manifest_length;
  const char *data;
  GPtrArray *members = NULL;

  g_return_val_if_fail (file != NULL && key != NULL, NULL);

  if (sodium_memcmp (file->office_key, tr_office_key_get_public (key), TR_OFFICE_KEY_BYTES) != 0)
    {
      g_autofree char *sealed_to = tr_office_key_to_text (file->office_key);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This export is sealed to another office key (%s): open it with that "
                     "key's file and passphrase."), sealed_to);
      return NULL;
    }
  clear = tr_unseal (key, g_bytes_get_data (file->sealed, NULL), g_bytes_get_size (file->sealed),
                     error);
  if (clear == NULL)
    return NULL;

  manifest = manifest_text (file->kiosk_id, file->day, file->n_registrations,
                            (const char * const *) file->names);
  manifest_length = strlen (manifest);
  data = g_bytes_get_data (clear, &size);
  if (size > manifest_length && memcmp (data, manifest, manifest_length) == 0 &&
      data[manifest_length] == '\n')
    members = split_members (clear, file, manifest_length + 1);
  if (members == NULL)
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("The manifest of this export was altered: what it says (kiosk %s, %s, %u "
                   "registrations) is not what the kiosk sealed. Export the day again."),
                 file->kiosk_id, file->day, file->n_registrations);
  return members;
}

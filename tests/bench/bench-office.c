/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-office — the clear side of bench_office.py: the same rows as a sealed export, read with their details in clear.
 *
 *   bench-office unseal SEALED KEY PASSPHRASE-FILE ROWS
 *       writes the rows file of the sealed export SEALED with every row's
 *       details opened: the same lines, "details" in clear (base64 of the
 *       JSON the kiosk sealed). Setup, not measured.
 *   bench-office clear ROWS DIR
 *       reads ROWS and writes the day's CSV and JSON Lines into DIR, as
 *       `tremplin-office open` does for a sealed file, through the same
 *       code but for the sealing: what reading the rows in clear costs.
 *   bench-office floor SEALED KEY PASSPHRASE-FILE
 *       prints how long opening each row's details alone takes, on one
 *       processor: the part of opening that no code can make cheaper.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-export-rows.h"
#include "tr-office-key.h"
#include "tr-seal.h"
#include "tr-sealed-file.h"

static int
fail (const GError *error)
{
  g_printerr ("bench-office: %s\n", error->message);
  return 1;
}

static TrOfficeKey *
unlock (const char *key_path, const char *passphrase_file, GError **error)
{
  g_autofree char *passphrase = NULL;

  if (!g_file_get_contents (passphrase_file, &passphrase, NULL, error))
    return NULL;
  g_strchomp (passphrase);
  return tr_office_key_unlock (key_path, passphrase, error);
}

static GPtrArray *
open_members (const char *sealed_path, TrOfficeKey *key, GError **error)
{
  g_autoptr(TrSealedFile) file = tr_sealed_file_read (sealed_path, error);

  return file != NULL ? tr_sealed_file_open (file, key, error) : NULL;
}

/* Each line again, its sealed details replaced by their clear text. */
static int
unseal (const char *sealed_path, const char *key_path, const char *passphrase_file, const char *out_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = unlock (key_path, passphrase_file, &error);
  g_autoptr(GPtrArray) members = key != NULL ? open_members (sealed_path, key, &error) : NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (members == NULL)
    return fail (error);
  text = g_strndup (g_bytes_get_data (((TrSealedMember *) members->pdata[0])->contents, NULL),
                    g_bytes_get_size (((TrSealedMember *) members->pdata[0])->contents));
  lines = g_strsplit (text, "\n", -1);
  g_string_append_printf (out, "%s\n", lines[0]);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      JsonObject *object;
      const char *details;
      g_autofree guchar *sealed = NULL;
      g_autoptr(GBytes) clear = NULL;
      g_autofree char *encoded = NULL;
      g_autofree char *line = NULL;
      gsize length = 0;

      if (!json_parser_load_from_data (parser, lines[i], -1, &error))
        return fail (error);
      object = json_node_get_object (json_parser_get_root (parser));
      details = json_object_get_string_member_with_default (object, "details", NULL);
      if (details != NULL)
        {
          sealed = g_base64_decode (details, &length);
          clear = tr_unseal (key, sealed, length, &error);
          if (clear == NULL)
            return fail (error);
          encoded = g_base64_encode (g_bytes_get_data (clear, NULL), g_bytes_get_size (clear));
          json_object_set_string_member (object, "details", encoded);
        }
      line = json_to_string (json_parser_get_root (parser), FALSE);
      g_string_append_printf (out, "%s\n", line);
    }
  if (!g_file_set_contents (out_path, out->str, out->len, &error))
    return fail (error);
  return 0;
}

static GBytes *
as_is (gconstpointer details, gsize length, gpointer user_data, GError **error)
{
  return g_bytes_new (details, length);
}

static int
clear (const char *rows_path, const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (rows_path, FALSE, &error);
  g_autoptr(TrExportRows) rows = NULL;
  const char *extensions[] = { "csv", "jsonl" };

  if (mapped == NULL)
    return fail (error);
  rows = tr_export_rows_parse (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                               rows_path, &error);
  if (rows == NULL || !tr_export_rows_open_with (rows, as_is, NULL, &error))
    return fail (error);
  for (TrExportFormat format = TR_EXPORT_CSV; format <= TR_EXPORT_JSONL; format++)
    {
      g_autoptr(GBytes) table = tr_export_rows_to_table (rows, format);
      g_autofree char *name = tr_export_file_name (tr_export_rows_get_kiosk_id (rows),
                                                   tr_export_rows_get_day (rows), extensions[format]);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!g_file_set_contents_full (path, g_bytes_get_data (table, NULL), g_bytes_get_size (table),
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        return fail (error);
      g_print ("%s\n", path);
    }
  return 0;
}

static int
floor_time (const char *sealed_path, const char *key_path, const char *passphrase_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = unlock (key_path, passphrase_file, &error);
  g_autoptr(GPtrArray) members = key != NULL ? open_members (sealed_path, key, &error) : NULL;
  g_autoptr(GPtrArray) sealed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 start;

  if (members == NULL)
    return fail (error);
  text = g_strndup (g_bytes_get_data (((TrSealedMember *) members->pdata[0])->contents, NULL),
                    g_bytes_get_size (((TrSealedMember *) members->pdata[0])->contents));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *details;
      guchar *decoded;
      gsize length = 0;

      if (!json_parser_load_from_data (parser, lines[i], -1, &error))
        return fail (error);
      details = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                            "details", NULL);
      if (details == NULL)
        continue;
      decoded = g_base64_decode (details, &length);
      g_ptr_array_add (sealed, g_bytes_new_take (decoded, length));
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < sealed->len; i++)
    {
      gsize length = 0;
      gconstpointer data = g_bytes_get_data (sealed->pdata[i], &length);
      g_autoptr(GBytes) opened = tr_unseal (key, data, length, &error);

      if (opened == NULL)
        return fail (error);
    }
  g_print ("%u %.6f\n", sealed->len, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc == 6 && strcmp (argv[1], "unseal") == 0)
    return unseal (argv[2], argv[3], argv[4], argv[5]);
  if (argc == 4 && strcmp (argv[1], "clear") == 0)
    return clear (argv[2], argv[3]);
  if (argc == 5 && strcmp (argv[1], "floor") == 0)
    return floor_time (argv[2], argv[3], argv[4]);
  g_printerr ("usage: bench-office unseal SEALED KEY PASSPHRASE-FILE ROWS | clear ROWS DIR | "
              "floor SEALED KEY PASSPHRASE-FILE\n");
  return 2;
}

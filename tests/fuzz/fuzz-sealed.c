/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A kiosk's sealed export as `tremplin-office open`, find and erase read it:
 * the clear manifest and its hash (tr_sealed_file_parse), the sealed part
 * opened with a fixed test office key (fuzz-office.key), and the rows file
 * inside read, its details opened, written back as CSV and JSON Lines, one
 * person looked up and erased. An input that does not start as a sealed
 * export is read as the rows file itself: the fuzzer cannot forge a sealed
 * part, so that is how its mutations reach the rows reader. Details that do
 * not open with the key are read as clear JSON, for the same reason. */
#include <string.h>

#include "fuzz-common.h"
#include "tr-error.h"
#include "tr-export-rows.h"
#include "tr-office-key.h"
#include "tr-seal.h"
#include "tr-sealed-file.h"

/* The passphrase of fuzz-office.key (a test key, for fuzzing only;
 * make-seeds made it with `tremplin-office init-key`). FUZZ_OFFICE_KEY is
 * its path, set by meson. */
#define FUZZ_OFFICE_PASSPHRASE "fuzzing only, never a real office"

static TrOfficeKey *key;
static GDateTime *erased_at;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  key = tr_office_key_unlock (FUZZ_OFFICE_KEY, FUZZ_OFFICE_PASSPHRASE, &error);
  if (key == NULL)
    {
      g_printerr ("fuzz: cannot unlock the test office key %s: %s\n", FUZZ_OFFICE_KEY, error->message);
      abort ();
    }
  erased_at = g_date_time_new_from_iso8601 ("2027-03-14T10:00:00Z", NULL);
  return 0;
}

static GBytes *
unseal_or_clear (gconstpointer details, gsize length, gpointer user_data, GError **error)
{
  GBytes *clear = tr_unseal (key, details, length, NULL);

  return clear != NULL ? clear : g_bytes_new (details, length);
}

static void
check (gboolean condition, const char *what)
{
  if (!condition)
    {
      g_printerr ("fuzz-sealed: %s\n", what);
      abort ();
    }
}

/* Erasing rewrites the erased row's line and adds a tombstone: every other
 * line stays as it was. */
static void
check_one_line_changed (GBytes *before, GBytes *after)
{
  g_autofree char *old_text = g_strndup (g_bytes_get_data (before, NULL), g_bytes_get_size (before));
  g_autofree char *new_text = g_strndup (g_bytes_get_data (after, NULL), g_bytes_get_size (after));
  g_auto(GStrv) old_lines = g_strsplit (old_text, "\n", -1);
  g_auto(GStrv) new_lines = g_strsplit (new_text, "\n", -1);
  guint n_old = g_strv_length (old_lines), changed = 0;

  check (g_strv_length (new_lines) == n_old + 1, "erasing did not add exactly one line");
  for (guint i = 0; i + 1 < n_old; i++)
    changed += strcmp (old_lines[i], new_lines[i]) != 0;
  check (changed <= 1, "erasing changed more than the erased row's line");
}

/* Every row of what was read: the tables, a lookup, then an erasure that
 * must read back with the other lines unchanged. */
static void
exercise (TrExportRows *rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = tr_export_rows_to_text (rows);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(TrExportRows) again = NULL;
  g_autofree char *code = NULL;
  guint n_rows = tr_export_rows_get_n_rows (rows);
  TrExportEntry entry;

  if (tr_export_rows_open_with (rows, unseal_or_clear, NULL, &error))
    {
      g_autoptr(GBytes) csv = tr_export_rows_to_table (rows, TR_EXPORT_CSV);
      g_autoptr(GBytes) jsonl = tr_export_rows_to_table (rows, TR_EXPORT_JSONL);
      gsize size = 0;
      const char *text = g_bytes_get_data (csv, &size);

      check (size >= 5 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 && memcmp (text + size - 2, "\r\n", 2) == 0,
             "the CSV does not start with its BOM and end with CRLF");
      text = g_bytes_get_data (jsonl, &size);
      check (size == 0 || text[size - 1] == '\n', "the JSON Lines do not end with a line end");
      for (guint i = 0; i < n_rows; i++)
        tr_export_rows_matches (rows, i, TR_EXPORT_FIND_EMAIL, "awa.diallo@example.org");
    }
  g_clear_error (&error);

  if (n_rows == 0)
    return;
  tr_export_rows_get_entry (rows, 0, &entry);
  check (tr_export_rows_matches (rows, 0, TR_EXPORT_FIND_CODE, entry.code), "a row does not match its own code");
  code = g_strdup (entry.code);
  if (!tr_export_rows_erase (rows, code, "fuzz", erased_at, &error))
    {
      check (g_error_matches (error, TR_ERROR, TR_ERROR_EXISTS), "erasing a row's own code failed");
      return;
    }
  after = tr_export_rows_to_text (rows);
  again = tr_export_rows_parse (g_bytes_get_data (after, NULL), g_bytes_get_size (after), "again", &error);
  if (again == NULL)
    g_printerr ("fuzz-sealed: the rows no longer read once erased: %s\n", error->message);
  check (again != NULL, "erasing made the rows unreadable");
  check (tr_export_rows_get_n_rows (again) == n_rows, "erasing changed the number of rows");
  check_one_line_changed (before, after);
}

/* make-seeds runs the sealed seeds through the harness with
 * FUZZ_SEALED_DUMP_ROWS=DIR to get their rows files as seeds too. */
static void
dump_rows (const TrSealedFile *file)
{
  const char *folder = g_getenv ("FUZZ_SEALED_DUMP_ROWS");
  g_autoptr(GPtrArray) members = NULL;

  if (folder == NULL || (members = tr_sealed_file_open (file, key, NULL)) == NULL)
    return;
  for (guint i = 0; i < members->len; i++)
    {
      const TrSealedMember *member = g_ptr_array_index (members, i);
      g_autofree char *path = g_build_filename (folder, member->name, NULL);
      gsize size = 0;
      const char *data = g_bytes_get_data (member->contents, &size);

      g_file_set_contents (path, data != NULL ? data : "", size, NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrExportRows) rows = NULL;
  const char *text = (const char *) data;

  if (size >= strlen (TR_SEALED_FILE_HEADER) &&
      memcmp (data, TR_SEALED_FILE_HEADER, strlen (TR_SEALED_FILE_HEADER)) == 0)
    {
      g_autoptr(TrSealedFile) file = tr_sealed_file_parse (text, size, "fuzz.sealed", &error);

      if (file == NULL)
        return 0;
      dump_rows (file);
      rows = tr_export_rows_from_sealed (file, "fuzz.sealed", key, &error);
    }
  else
    rows = tr_export_rows_parse (size > 0 ? text : "", size, "fuzz.rows.jsonl", &error);
  if (rows == NULL)
    {
      check (error != NULL && strchr (error->message, '\n') == NULL, "a refusal is not one line");
      return 0;
    }
  exercise (rows);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export.c — a day's registrations written as CSV or JSON Lines, whole or not at all. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tr-export.h"
#include "tr-clock.h"
#include "tr-csv.h"
#include "tr-error.h"
#include "tr-text.h"
#include "tr-file.h"
#include "tr-person.h"
#include "tr-receipt.h"

#define CSV_SEPARATOR ';'
#define WRITE_BUFFER_SIZE (256 * 1024)

/* The columns before the answers, in file order (docs/export.md). */
static const char * const fixed_columns[] = {
  "kiosk_id", "code", "registered_at", "local_date", "status",
  "offer_id", "offer_title", "offer_category", "offer_provider", "offer_postcode",
  "verdict",
  "last_name", "first_name", "birth_date", "phone", "email", "postcode", "pole_emploi_id",
};

/* The personal details, in the order of their columns above. */
static const TrField person_columns[] = {
  TR_FIELD_LAST_NAME, TR_FIELD_FIRST_NAME, TR_FIELD_BIRTH_DATE, TR_FIELD_PHONE,
  TR_FIELD_EMAIL, TR_FIELD_POSTCODE, TR_FIELD_POLE_EMPLOI_ID,
};

gboolean
tr_export_format_from_token (const char     *token,
                             TrExportFormat *out)
{
  TrExportFormat format;

  if (g_strcmp0 (token, "csv") == 0)
    format = TR_EXPORT_CSV;
  else if (g_strcmp0 (token, "jsonl") == 0)
    format = TR_EXPORT_JSONL;
  else
    return FALSE;
  if (out != NULL)
    *out = format;
  return TRUE;
}

static const char *
format_extension (TrExportFormat format)
{
  return format == TR_EXPORT_CSV ? "csv" : "jsonl";
}

/* ---- one row ---------------------------------------------------------- */

/* The local time of the UTC hour last met: the rows of a day come in time
 * order, so one zone lookup serves the whole hour. */
typedef struct {
  char     utc_hour[14];   /* "2026-11-28T13", NUL-terminated */
  GString *local_hour;     /* "2026-11-28T14" */
  GString *offset;         /* "+01:00" */
  gboolean valid;
} HourCache;

/* The cells of one row, in column order. They point into SQLite's row, the
 * offer, or the few buffers below, all reused from row to row: memory does
 * not grow with the day and a row allocates nothing. */
typedef struct {
  TrExportFormat  format;
  GPtrArray      *columns;       /* column names */
  const char    **cells;         /* one per column, borrowed */
  GPtrArray      *person_keys;   /* NULL-terminated, const */
  GPtrArray      *question_ids;  /* NULL-terminated, const */
  GPtrArray      *flag_ids;      /* NULL-terminated, const */
  guint           n_questions;
  guint           n_flags;
  guint           first_flag;
  GString        *registered_at;
  char           *phone;         /* national form of this row's phone */
  HourCache       hour;
  GString        *line;          /* rows waiting to be written */
  FILE           *file;         /* borrowed while the day is written */
  const char     *path;         /* of that file, for the messages */
  guint           n_rows;
} Writer;

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
is_digits (const char *text, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* The store writes created_at as "YYYY-MM-DDTHH:MM:SSZ"; the date and hour
 * are checked when the hour is loaded, the minutes and seconds here, since
 * they are copied as they are. */
static gboolean
is_store_utc_time (const char *text)
{
  return strlen (text) == 20 &&
         is_digits (text, 4) && text[4] == '-' && is_digits (text + 5, 2) && text[7] == '-' &&
         is_digits (text + 8, 2) && text[10] == 'T' && is_digits (text + 11, 2) &&
         text[13] == ':' && is_digits (text + 14, 2) && text[14] <= '5' && text[16] == ':' &&
         is_digits (text + 17, 2) && text[17] <= '5' && text[19] == 'Z';
}

/* Remembers the local hour and offset of the UTC hour of @created_at, when
 * one offset holds for the whole hour in whole hours, so that minutes and
 * seconds carry over unchanged. FALSE when the hour does not qualify (a
 * transition inside it, an offset like +00:09:21) or the time is not real. */
static gboolean
load_hour (HourCache *cache, const char *created_at)
{
  g_autofree char *hour_text = g_strdup_printf ("%.13s:00:00Z", created_at);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (hour_text, NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *local_hour = NULL;
  g_autofree char *offset = NULL;
  GTimeZone *zone = tr_clock_local_zone ();
  gint64 seconds;
  int first, last;

  cache->valid = FALSE;
  if (start == NULL)
    return FALSE;
  seconds = g_date_time_to_unix (start);
  first = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, seconds);
  last = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, seconds + 3599);
  if (first < 0 || first != last || g_time_zone_get_offset (zone, first) % 3600 != 0)
    return FALSE;

  local = g_date_time_to_timezone (start, zone);
  local_hour = g_date_time_format (local, "%Y-%m-%dT%H");
  offset = g_date_time_format (local, "%:z");
  if (local_hour == NULL || offset == NULL)
    return FALSE;
  memcpy (cache->utc_hour, created_at, 13);
  cache->utc_hour[13] = '\0';
  g_string_assign (cache->local_hour, local_hour);
  g_string_assign (cache->offset, offset);
  cache->valid = TRUE;
  return TRUE;
}

static void
format_slowly (GString *out, const char *created_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (created_at, NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (utc == NULL)
    {
      g_string_assign (out, created_at);
      return;
    }
  local = g_date_time_to_timezone (utc, tr_clock_local_zone ());
  text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  g_string_assign (out, text);
}

/* "2026-11-28T13:05:09Z" → "2026-11-28T14:05:09+01:00", Europe/Paris. */
static const char *
registered_at_local (Writer *writer, const char *created_at)
{
  GString *out = writer->registered_at;
  HourCache *cache = &writer->hour;

  if (created_at == NULL)
    return "";
  if (is_store_utc_time (created_at) &&
      ((cache->valid && memcmp (cache->utc_hour, created_at, 13) == 0) ||
       load_hour (cache, created_at)))
    {
      g_string_truncate (out, 0);
      g_string_append_len (out, cache->local_hour->str, cache->local_hour->len);
      g_string_append_len (out, created_at + 13, 6);  /* ":MM:SS" */
      g_string_append_len (out, cache->offset->str, cache->offset->len);
    }
  else
    format_slowly (out, created_at);
  return out->str;
}

/* The phone is kept as +33…; people read and dial 06 12 34 56 78. */
static const char *
national_phone (Writer *writer, const char *e164)
{
  g_free (writer->phone);
  writer->phone = tr_phone_to_national (e164);
  return or_empty (writer->phone);
}

/* @values: the personal details, the answers, then the flags, as
 * tr_store_foreach_registration_values reads them. */
static void
fill_cells (Writer               *writer,
            const TrRegistration *registration,
            TrOffer              *offer,
            const char * const   *values)
{
  const TrOfferData *data = tr_offer_get_data (offer);
  const char **cells = writer->cells;
  guint column = 0, value = 0;

  cells[column++] = or_empty (registration->kiosk_id);
  cells[column++] = or_empty (registration->code);
  cells[column++] = registered_at_local (writer, registration->created_at);
  cells[column++] = or_empty (registration->local_date);
  cells[column++] = or_empty (registration->status);
  cells[column++] = or_empty (data->id);
  cells[column++] = or_empty (data->title);
  cells[column++] = or_empty (tr_category_to_token (data->category));
  cells[column++] = or_empty (data->provider);
  cells[column++] = or_empty (data->postcode);
  cells[column++] = or_empty (registration->verdict);

  for (guint i = 0; i < G_N_ELEMENTS (person_columns); i++, value++)
    cells[column++] = person_columns[i] == TR_FIELD_PHONE && values[value] != NULL
                      ? national_phone (writer, values[value])
                      : or_empty (values[value]);
  for (guint i = 0; i < writer->n_questions; i++, value++)
    cells[column++] = or_empty (values[value]);
  for (guint i = 0; i < writer->n_flags; i++, value++)
    cells[column++] = g_strcmp0 (values[value], "1") == 0 ? "1" : "0";
  cells[column] = or_empty (registration->cancel_reason);
}

/* ---- formats ---------------------------------------------------------- */

static void
csv_line (Writer *writer, const char * const *cells, guint n_cells)
{
  tr_csv_append_row (writer->line, cells, n_cells, CSV_SEPARATOR);
}

static void
json_append_valid_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_append_string (GString *out, const char *text)
{
  g_autofree char *valid = NULL;

  /* Nearly every text is valid already: copy only the others. */
  if (g_utf8_validate (text, -1, NULL))
    json_append_valid_string (out, text);
  else
    {
      valid = g_utf8_make_valid (text, -1);
      json_append_valid_string (out, valid);
    }
}

/* Written by hand rather than through a generator so that the keys keep the
 * column order and the bytes never depend on a library's choices. */
static void
jsonl_line (Writer *writer)
{
  g_string_append_c (writer->line, '{');
  for (guint i = 0; i < writer->columns->len; i++)
    {
      const char *value = writer->cells[i];

      if (i > 0)
        g_string_append_c (writer->line, ',');
      json_append_string (writer->line, g_ptr_array_index (writer->columns, i));
      g_string_append_c (writer->line, ':');
      if (i >= writer->first_flag && i < writer->first_flag + writer->n_flags)
        g_string_append (writer->line, g_str_equal (value, "1") ? "true" : "false");
      else
        json_append_string (writer->line, value);
    }
  g_string_append (writer->line, "}\n");
}

static gboolean
write_pending (Writer *writer, GError **error)
{
  if (fwrite (writer->line->str, 1, writer->line->len, writer->file) != writer->line->len)
    {
      tr_file_set_write_error (error, writer->path, errno);
      return FALSE;
    }
  g_string_truncate (writer->line, 0);
  return TRUE;
}

static gboolean
write_header (Writer *writer, GError **error)
{
  if (writer->format != TR_EXPORT_CSV)
    return TRUE;
  /* The BOM tells French Excel the file is UTF-8. */
  g_string_append (writer->line, "\xEF\xBB\xBF");
  csv_line (writer, (const char * const *) writer->columns->pdata, writer->columns->len);
  return write_pending (writer, error);
}

static gboolean
write_registration (const TrRegistration  *registration,
                    TrOffer               *offer,
                    const char * const    *values,
                    gpointer               user_data,
                    GError               **error)
{
  Writer *writer = user_data;

  fill_cells (writer, registration, offer, values);
  if (writer->format == TR_EXPORT_CSV)
    csv_line (writer, writer->cells, writer->columns->len);
  else
    jsonl_line (writer);
  writer->n_rows++;
  /* Rows gather in memory and go out a large block at a time: fewer, larger
   * writes, and the block stays the same size whatever the day holds. */
  return writer->line->len < WRITE_BUFFER_SIZE || write_pending (writer, error);
}

/* ---- columns ---------------------------------------------------------- */

static void
writer_init (Writer        *writer,
             TrRules       *rules,
             TrExportFormat format)
{
  const char * const *flag_ids = tr_rules_get_flag_ids (rules);

  memset (writer, 0, sizeof *writer);
  writer->format = format;
  writer->columns = g_ptr_array_new_with_free_func (g_free);
  writer->person_keys = g_ptr_array_new ();
  writer->question_ids = g_ptr_array_new ();
  writer->flag_ids = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
    g_ptr_array_add (writer->columns, g_strdup (fixed_columns[i]));
  for (guint i = 0; i < G_N_ELEMENTS (person_columns); i++)
    g_ptr_array_add (writer->person_keys, (gpointer) tr_field_to_key (person_columns[i]));

  writer->n_questions = tr_rules_get_n_questions (rules);
  for (guint i = 0; i < writer->n_questions; i++)
    {
      const char *id = tr_question_get_id (tr_rules_get_question (rules, i));
      g_ptr_array_add (writer->question_ids, (gpointer) id);
      g_ptr_array_add (writer->columns, g_strconcat ("answer_", id, NULL));
    }

  writer->first_flag = writer->columns->len;
  for (guint i = 0; flag_ids != NULL && flag_ids[i] != NULL; i++)
    {
      g_ptr_array_add (writer->flag_ids, (gpointer) flag_ids[i]);
      g_ptr_array_add (writer->columns, g_strconcat ("flag_", flag_ids[i], NULL));
    }
  writer->n_flags = writer->flag_ids->len;
  g_ptr_array_add (writer->columns, g_strdup ("cancel_reason"));

  g_ptr_array_add (writer->person_keys, NULL);
  g_ptr_array_add (writer->question_ids, NULL);
  g_ptr_array_add (writer->flag_ids, NULL);

  writer->cells = g_new0 (const char *, writer->columns->len);
  writer->registered_at = g_string_sized_new (32);
  writer->hour.local_hour = g_string_sized_new (16);
  writer->hour.offset = g_string_sized_new (8);
  /* Room for a full block and the row that overflows it. */
  writer->line = g_string_sized_new (WRITE_BUFFER_SIZE + 4096);
}

static void
free_string (GString **string)
{
  if (*string != NULL)
    g_string_free (g_steal_pointer (string), TRUE);
}

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->columns, g_ptr_array_unref);
  g_clear_pointer (&writer->cells, g_free);
  g_clear_pointer (&writer->person_keys, g_ptr_array_unref);
  g_clear_pointer (&writer->question_ids, g_ptr_array_unref);
  g_clear_pointer (&writer->flag_ids, g_ptr_array_unref);
  g_clear_pointer (&writer->phone, g_free);
  free_string (&writer->registered_at);
  free_string (&writer->hour.local_hour);
  free_string (&writer->hour.offset);
  free_string (&writer->line);
}

/* ---- the file --------------------------------------------------------- */

static gboolean
check_directory (const char *directory, GError **error)
{
  if (!g_file_test (directory, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The folder %s does not exist: plug in the USB key or create the folder, then export again"),
                   directory);
      return FALSE;
    }
  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s is a file, not a folder: give the folder to export into"), directory);
      return FALSE;
    }
  return TRUE;
}

static char *
export_detail (const char *date, TrExportFormat format, guint n_rows, const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format_extension (format));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, n_rows);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
check_arguments (TrStore *store, const char *date, GError **error)
{
  if (!tr_clock_is_date (date))
    {
      g_autofree char *shown = tr_text_excerpt (date);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("“%s” is not a date: write the day to export as YYYY-MM-DD, for example 2026-11-28"),
                   shown);
      return FALSE;
    }
  if (tr_store_get_kiosk_id (store) == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("This kiosk has no identity yet: run “tremplin-admin init” first"));
      return FALSE;
    }
  /* It names the file: it must not lead out of the folder. */
  return tr_kiosk_id_check (tr_store_get_kiosk_id (store), error);
}

typedef struct {
  TrStore    *store;
  Writer     *writer;
  const char *date;
  const char *path;
} Export;

/* Streams the day into the file. */
static gboolean
write_day (FILE *file, gpointer user_data, GError **error)
{
  Export *export = user_data;
  Writer *writer = export->writer;
  TrRegistrationColumns columns = {
    .person_keys = (const char * const *) writer->person_keys->pdata,
    .answer_keys = (const char * const *) writer->question_ids->pdata,
    .flag_ids = (const char * const *) writer->flag_ids->pdata,
  };

  writer->file = file;
  writer->path = export->path;
  setvbuf (file, NULL, _IOFBF, WRITE_BUFFER_SIZE);
  return write_header (writer, error) &&
         tr_store_foreach_registration_values (export->store, export->date, &columns,
                                               write_registration, writer, error) &&
         write_pending (writer, error);
}

static void
on_write_failed (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  Export *export = user_data;

  tr_file_set_write_error (error, export->path, saved_errno);
}

/* Writes the day's file; *@detail gets what its event should record. */
static char *
write_day_file (TrStore        *store,
                TrRules        *rules,
                const char     *date,
                TrExportFormat  format,
                const char     *directory,
                guint          *n_rows,
                char          **detail,
                GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  Writer writer;
  Export export = { store, &writer, date, NULL };

  g_return_val_if_fail (TR_IS_STORE (store), NULL);
  g_return_val_if_fail (TR_IS_RULES (rules), NULL);
  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (format == TR_EXPORT_CSV || format == TR_EXPORT_JSONL, NULL);

  if (!check_arguments (store, date, error) || !check_directory (directory, error))
    return NULL;

  tr_export_remove_stale (directory);
  name = g_strdup_printf ("tremplin-%s-%s.%s", tr_store_get_kiosk_id (store), date, format_extension (format));
  path = g_build_filename (directory, name, NULL);
  export.path = path;
  writer_init (&writer, rules, format);
  if (!tr_file_write_atomically (path, 0600, write_day, on_write_failed, &export, error))
    {
      writer_clear (&writer);
      return NULL;
    }

  if (n_rows != NULL)
    *n_rows = writer.n_rows;
  *detail = export_detail (date, format, writer.n_rows, name);
  writer_clear (&writer);
  return g_steal_pointer (&path);
}

/* An export is its files and its record: files without the record would
 * be copies of personal details the kiosk does not know it gave out. */
static gboolean
record_export (TrStore *store, const char * const *details, char **paths, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();

  if (tr_store_add_events (store, now, "export", details, error))
    return TRUE;
  for (guint i = 0; paths[i] != NULL; i++)
    g_unlink (paths[i]);
  g_prefix_error (error, _("The export could not be recorded, so its files were removed again: "));
  return FALSE;
}

char *
tr_export_day (TrStore       *store,
               TrRules       *rules,
               const char    *date,
               TrExportFormat format,
               const char    *directory,
               guint         *n_rows,
               GError       **error)
{
  g_autofree char *detail = NULL;
  char *paths[2] = { NULL, NULL };
  const char *details[2] = { NULL, NULL };

  paths[0] = write_day_file (store, rules, date, format, directory, n_rows, &detail, error);
  if (paths[0] == NULL)
    return NULL;
  details[0] = detail;
  if (!record_export (store, details, paths, error))
    g_clear_pointer (&paths[0], g_free);
  return paths[0];
}

guint
tr_export_remove_stale (const char *directory)
{
  guint removed = 0;

  g_return_val_if_fail (directory != NULL, 0);

  for (TrExportFormat format = TR_EXPORT_CSV; format <= TR_EXPORT_JSONL; format++)
    {
      g_autofree char *pattern = g_strdup_printf ("tremplin-*.%s", format_extension (format));
      removed += tr_file_remove_stale (directory, pattern);
    }
  if (removed > 0)
    g_message ("Removed %u unfinished export file(s) left in %s by an export that was stopped",
               removed, directory);
  return removed;
}

gboolean
tr_export_make_folder (const char  *directory,
                       GError     **error)
{
  if (g_mkdir_with_parents (directory, 0700) == 0)
    return TRUE;
  tr_file_set_write_error (error, directory, errno);
  return FALSE;
}

char **
tr_export_day_files (TrStore     *store,
                     TrRules     *rules,
                     const char  *date,
                     const char  *directory,
                     guint       *n_rows,
                     GError     **error)
{
  g_autofree char *csv_detail = NULL;
  g_autofree char *jsonl_detail = NULL;
  g_auto(GStrv) paths = g_new0 (char *, 3);
  const char *details[3] = { NULL, NULL, NULL };

  paths[0] = write_day_file (store, rules, date, TR_EXPORT_CSV, directory, n_rows, &csv_detail, error);
  if (paths[0] == NULL)
    return NULL;
  paths[1] = write_day_file (store, rules, date, TR_EXPORT_JSONL, directory, NULL, &jsonl_detail, error);
  if (paths[1] == NULL)
    {
      g_autofree char *name = g_strdup_printf ("tremplin-%s-%s.jsonl", tr_store_get_kiosk_id (store), date);
      g_autofree char *old_jsonl = g_build_filename (directory, name, NULL);

      /* Half an export would pass for a whole one in the office: the CSV
       * just written goes, and an earlier JSON Lines of the day with it,
       * which no longer has its CSV. */
      g_unlink (paths[0]);
      g_unlink (old_jsonl);
      return NULL;
    }
  details[0] = csv_detail;
  details[1] = jsonl_detail;
  if (!record_export (store, details, paths, error))
    return NULL;
  return g_steal_pointer (&paths);
}

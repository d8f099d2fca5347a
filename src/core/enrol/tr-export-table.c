/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-table.c — a day's registrations formatted as the office's CSV or JSON Lines, row by row. */
#include "config.h"

#include <string.h>

#include "tr-clock.h"
#include "tr-csv.h"
#include "tr-person.h"
#include "tr-export-table-private.h"

#define CSV_SEPARATOR ';'

/* The columns before the answers, in file order (docs/export.md). */
static const char * const fixed_columns[] = {
  "kiosk_id", "code", "registered_at", "local_date", "status",
  "offer_id", "offer_title", "offer_category", "offer_provider", "offer_postcode",
  "verdict",
  "last_name", "first_name", "birth_date", "phone", "email", "postcode", "pole_emploi_id",
};

/* The personal details, in the order of their columns above. */
static const char * const person_keys[TR_EXPORT_N_PERSON + 1] = {
  "last_name", "first_name", "birth_date", "phone", "email", "postcode", "pole_emploi_id", NULL,
};
#define PHONE_INDEX 3

/* The local time of the UTC hour last met: the rows of a day come in time
 * order, so one zone lookup serves the whole hour. */
typedef struct {
  char     utc_hour[14];   /* "2026-11-28T13", NUL-terminated */
  GString *local_hour;     /* "2026-11-28T14" */
  GString *offset;         /* "+01:00" */
  gboolean valid;
} HourCache;

/* The cells of a row point into the row given, or into the few buffers
 * below, reused from row to row: memory does not grow with the day and a
 * row allocates nothing. */
struct _TrExportTable {
  TrExportFormat  format;
  GPtrArray      *columns;       /* column names */
  const char    **cells;         /* one per column, borrowed */
  guint           n_questions;
  guint           n_flags;
  guint           first_flag;
  guint           n_extra;
  GString        *registered_at;
  char           *phone;         /* national form of this row's phone */
  HourCache       hour;
};

const char * const *
tr_export_person_keys (void)
{
  return person_keys;
}

/* ---- times and phones ------------------------------------------------ */

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
registered_at_local (TrExportTable *table, const char *created_at)
{
  GString *out = table->registered_at;
  HourCache *cache = &table->hour;

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
national_phone (TrExportTable *table, const char *e164)
{
  g_free (table->phone);
  table->phone = tr_phone_to_national (e164);
  return or_empty (table->phone);
}

static void
fill_cells (TrExportTable *table, const TrExportRow *row)
{
  const char **cells = table->cells;
  guint column = 0;

  cells[column++] = or_empty (row->kiosk_id);
  cells[column++] = or_empty (row->code);
  cells[column++] = registered_at_local (table, row->created_at);
  cells[column++] = or_empty (row->local_date);
  cells[column++] = or_empty (row->status);
  cells[column++] = or_empty (row->offer_id);
  cells[column++] = or_empty (row->offer_title);
  cells[column++] = or_empty (row->offer_category);
  cells[column++] = or_empty (row->offer_provider);
  cells[column++] = or_empty (row->offer_postcode);
  cells[column++] = or_empty (row->verdict);

  for (guint i = 0; i < TR_EXPORT_N_PERSON; i++)
    {
      const char *value = row->person != NULL ? row->person[i] : NULL;
      cells[column++] = i == PHONE_INDEX && value != NULL ? national_phone (table, value) : or_empty (value);
    }
  for (guint i = 0; i < table->n_questions; i++)
    cells[column++] = or_empty (row->answers != NULL ? row->answers[i] : NULL);
  for (guint i = 0; i < table->n_flags; i++)
    cells[column++] = row->flags != NULL && row->flags[i] ? "1" : "0";
  cells[column++] = or_empty (row->cancel_reason);
  for (guint i = 0; i < table->n_extra; i++)
    cells[column++] = or_empty (row->extra != NULL ? row->extra[i] : NULL);
}

/* ---- formats ---------------------------------------------------------- */

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

void
tr_export_json_append_string (GString *out, const char *text)
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

static void
jsonl_line (TrExportTable *table, GString *out)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < table->columns->len; i++)
    {
      const char *value = table->cells[i];

      if (i > 0)
        g_string_append_c (out, ',');
      tr_export_json_append_string (out, g_ptr_array_index (table->columns, i));
      g_string_append_c (out, ':');
      if (i >= table->first_flag && i < table->first_flag + table->n_flags)
        g_string_append (out, g_str_equal (value, "1") ? "true" : "false");
      else
        tr_export_json_append_string (out, value);
    }
  g_string_append (out, "}\n");
}

void
tr_export_table_append_header (TrExportTable *table, GString *out)
{
  if (table->format != TR_EXPORT_CSV)
    return;
  /* The BOM tells French Excel the file is UTF-8. */
  g_string_append (out, "\xEF\xBB\xBF");
  tr_csv_append_row (out, (const char * const *) table->columns->pdata, table->columns->len, CSV_SEPARATOR);
}

void
tr_export_table_append_row (TrExportTable *table, const TrExportRow *row, GString *out)
{
  fill_cells (table, row);
  if (table->format == TR_EXPORT_CSV)
    tr_csv_append_row (out, table->cells, table->columns->len, CSV_SEPARATOR);
  else
    jsonl_line (table, out);
}

/* ---- columns ---------------------------------------------------------- */

TrExportTable *
tr_export_table_new (TrExportFormat      format,
                     const char * const *question_ids,
                     const char * const *flag_ids)
{
  TrExportTable *table = g_new0 (TrExportTable, 1);

  g_return_val_if_fail (format == TR_EXPORT_CSV || format == TR_EXPORT_JSONL, NULL);

  table->format = format;
  table->columns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
    g_ptr_array_add (table->columns, g_strdup (fixed_columns[i]));
  for (guint i = 0; question_ids != NULL && question_ids[i] != NULL; i++)
    g_ptr_array_add (table->columns, g_strconcat ("answer_", question_ids[i], NULL));
  table->n_questions = table->columns->len - G_N_ELEMENTS (fixed_columns);
  table->first_flag = table->columns->len;
  for (guint i = 0; flag_ids != NULL && flag_ids[i] != NULL; i++)
    g_ptr_array_add (table->columns, g_strconcat ("flag_", flag_ids[i], NULL));
  table->n_flags = table->columns->len - table->first_flag;
  g_ptr_array_add (table->columns, g_strdup ("cancel_reason"));

  table->cells = g_new0 (const char *, table->columns->len);
  table->registered_at = g_string_sized_new (32);
  table->hour.local_hour = g_string_sized_new (16);
  table->hour.offset = g_string_sized_new (8);
  return table;
}

void
tr_export_table_add_columns (TrExportTable *table, const char * const *names)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_ptr_array_add (table->columns, g_strdup (names[i]));
      table->n_extra++;
    }
  g_free (table->cells);
  table->cells = g_new0 (const char *, table->columns->len);
}

void
tr_export_table_free (TrExportTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->columns);
  g_free (table->cells);
  g_free (table->phone);
  g_string_free (table->registered_at, TRUE);
  g_string_free (table->hour.local_hour, TRUE);
  g_string_free (table->hour.offset, TRUE);
  g_free (table);
}

guint
tr_export_table_get_n_questions (TrExportTable *table)
{
  return table->n_questions;
}

guint
tr_export_table_get_n_flags (TrExportTable *table)
{
  return table->n_flags;
}

GPtrArray *
tr_export_table_get_columns (TrExportTable *table)
{
  return table->columns;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-rows.c — the rows file of a sealed export: written by the kiosk, read, opened, searched and erased by the office. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>
#include <sodium.h>

#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-code.h"
#include "tr-error.h"
#include "tr-parallel-private.h"
#include "tr-person.h"
#include "tr-receipt.h"
#include "tr-seal.h"
#include "tr-text.h"
#include "tr-export-json-private.h"
#include "tr-export-rows-private.h"
#include "tr-export-table-private.h"

/* More questions or flags than any rules file has: a file claiming more is
 * not one a kiosk wrote. */
#define MAX_COLUMNS 256
#define MAX_ID_LENGTH 64
/* Rows opened per step of a thread: large enough that taking the next step
 * costs nothing, small enough that the threads end together. */
#define ROWS_PER_STEP 64

typedef struct {
  /* The clear columns, in rows->strings. */
  const char *code;
  const char *created_at;
  const char *local_date;
  const char *kiosk_id;
  const char *offer_id;
  const char *offer_title;
  const char *offer_category;
  const char *offer_provider;
  const char *offer_postcode;
  const char *status;
  const char *verdict;
  const char *cancel_reason;
  const char *details;       /* sealed, in base64 (decoded by the thread that
                              * opens it); NULL once erased */
  guint       line;          /* its line in rows->lines */
  /* Once opened: the person's values then the answers, pointing into
   * @buffer, which is wiped when freed. */
  const char **values;
  char        *buffer;
  gsize        buffer_size;
} Row;

typedef struct {
  const char *code;
  const char *erased_at;
  const char *reason;
} Tombstone;

/* A line of the file: where it lies in the text, or its new text. */
typedef struct {
  gsize  start;
  gsize  length;
  char  *replaced;     /* NULL while the line is the file's own */
  int    tombstone;    /* index in rows->tombstones, or -1 for a row */
} Line;

struct _TrExportRows {
  GBytes        *text;          /* the rows file as read */
  char          *name;
  char          *kiosk_id;
  char          *day;
  GPtrArray     *question_ids;  /* NULL-terminated */
  GPtrArray     *flag_ids;      /* NULL-terminated */
  guint          n_questions;
  guint          n_flags;
  gsize          header_length; /* the first line, its newline included */
  GArray        *rows;          /* of Row */
  GArray        *tombstones;    /* of Tombstone */
  GArray        *lines;         /* of Line, after the header */
  guint8        *flags;         /* n_rows × n_flags, 1 when set */
  GStringChunk  *strings;
  gboolean       opened;
};

/* ---- writing (the kiosk) -------------------------------------------- */

static void
append_member (GString *out, const char *key, const char *value)
{
  if (out->len > 0 && out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  tr_export_json_append_string (out, key);
  g_string_append_c (out, ':');
  if (value != NULL)
    tr_export_json_append_string (out, value);
  else
    g_string_append (out, "null");
}

static void
append_raw_member (GString *out, const char *key, const char *raw)
{
  g_string_append_c (out, ',');
  tr_export_json_append_string (out, key);
  g_string_append_c (out, ':');
  g_string_append (out, raw);
}

static void
append_array_member (GString *out, const char *key, const char * const *values)
{
  g_string_append_c (out, ',');
  tr_export_json_append_string (out, key);
  g_string_append (out, ":[");
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      tr_export_json_append_string (out, values[i]);
    }
  g_string_append_c (out, ']');
}

void
tr_export_rows_append_header (GString            *out,
                              const char         *kiosk_id,
                              const char         *day,
                              const char * const *question_ids,
                              const char * const *flag_ids)
{
  g_autoptr(TrExportTable) table = tr_export_table_new (TR_EXPORT_CSV, question_ids, flag_ids);
  GPtrArray *columns = tr_export_table_get_columns (table);
  g_autoptr(GString) line = g_string_new ("{");

  append_member (line, "format", TR_EXPORT_ROWS_FORMAT);
  append_member (line, "kiosk_id", kiosk_id);
  append_member (line, "day", day);
  append_array_member (line, "person", tr_export_person_keys ());
  append_array_member (line, "questions", question_ids);
  append_array_member (line, "flags", flag_ids);
  g_ptr_array_add (columns, NULL);
  append_array_member (line, "columns", (const char * const *) columns->pdata);
  g_ptr_array_remove_index (columns, columns->len - 1);
  g_string_append (line, "}\n");
  g_string_append_len (out, line->str, line->len);
}

/* The store's flags are a JSON array of ids it wrote itself: written again
 * id by id, so that nothing but such an array reaches the file. */
static void
append_flags (GString *out, const char *flags_json)
{
  g_autoptr(TrJsonReader) json = tr_json_reader_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (flags_json != NULL && tr_json_reader_read (json, flags_json, strlen (flags_json)) &&
      tr_json_type (json, 0) == TR_JSON_ARRAY)
    for (guint element = tr_json_first (json, 0); element != TR_JSON_NONE;
         element = tr_json_next (json, 0, element))
      if (tr_json_type (json, element) == TR_JSON_STRING)
        g_ptr_array_add (ids, (gpointer) tr_json_text (json, element));
  g_ptr_array_add (ids, NULL);
  append_array_member (out, "flags", (const char * const *) ids->pdata);
}

static const char *
tristate (int value)
{
  return value < 0 ? "null" : value > 0 ? "true" : "false";
}

void
tr_export_rows_append_row (GString *out, const TrExportRowSource *row)
{
  g_autoptr(GString) line = g_string_new ("{");
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, row->id);

  g_string_append (line, "\"id\":");
  g_string_append (line, id);
  append_member (line, "session_id", row->session_id);
  append_member (line, "code", row->code);
  append_member (line, "created_at", row->created_at);
  append_member (line, "local_date", row->local_date);
  append_member (line, "kiosk_id", row->kiosk_id);
  append_member (line, "offer_id", row->offer_id);
  append_member (line, "offer_title", row->offer != NULL ? row->offer->title : NULL);
  append_member (line, "offer_category", row->offer != NULL ? tr_category_to_token (row->offer->category) : NULL);
  append_member (line, "offer_provider", row->offer != NULL ? row->offer->provider : NULL);
  append_member (line, "offer_postcode", row->offer != NULL ? row->offer->postcode : NULL);
  append_member (line, "status", row->status);
  append_member (line, "verdict", row->verdict);
  append_flags (line, row->flags_json);
  append_member (line, "age_band", row->age_band);
  append_raw_member (line, "woman", tristate (row->woman));
  append_raw_member (line, "qpv", tristate (row->qpv));
  append_member (line, "payload", row->payload);
  append_member (line, "cancel_reason", row->cancel_reason);
  if (row->details != NULL)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (row->details, &size);
      gsize encoded_size = sodium_base64_ENCODED_LEN (size, sodium_base64_VARIANT_ORIGINAL);
      g_autofree char *encoded = g_malloc (encoded_size);

      sodium_bin2base64 (encoded, encoded_size, data, size, sodium_base64_VARIANT_ORIGINAL);
      append_member (line, "details", encoded);
    }
  else
    append_member (line, "details", NULL);
  g_string_append (line, "}\n");
  g_string_append_len (out, line->str, line->len);
}

/* ---- rows gathered elsewhere (the hub) -------------------------------- */

struct _TrExportRowsBuilder {
  GString *text;
};

TrExportRowsBuilder *
tr_export_rows_builder_new (const char         *kiosk_id,
                            const char         *day,
                            const char * const *question_ids,
                            const char * const *flag_ids)
{
  TrExportRowsBuilder *builder = g_new0 (TrExportRowsBuilder, 1);

  builder->text = g_string_sized_new (64 * 1024);
  tr_export_rows_append_header (builder->text, kiosk_id, day, question_ids, flag_ids);
  return builder;
}

void
tr_export_rows_builder_add (TrExportRowsBuilder *builder, const TrExportRowSource *row)
{
  tr_export_rows_append_row (builder->text, row);
}

void
tr_export_rows_builder_free (TrExportRowsBuilder *builder)
{
  if (builder == NULL)
    return;
  g_string_free (builder->text, TRUE);
  g_free (builder);
}

TrExportRows *
tr_export_rows_builder_end (TrExportRowsBuilder *builder, const char *name, GError **error)
{
  TrExportRows *rows = tr_export_rows_parse (builder->text->str, builder->text->len, name, error);

  tr_export_rows_builder_free (builder);
  return rows;
}

/* ---- reading ---------------------------------------------------------- */

static void
row_clear_values (Row *row)
{
  if (row->buffer != NULL)
    sodium_memzero (row->buffer, row->buffer_size);
  g_clear_pointer (&row->buffer, g_free);
  g_clear_pointer (&row->values, g_free);
  row->buffer_size = 0;
}

void
tr_export_rows_free (TrExportRows *rows)
{
  if (rows == NULL)
    return;
  for (guint i = 0; rows->rows != NULL && i < rows->rows->len; i++)
    {
      Row *row = &g_array_index (rows->rows, Row, i);
      row_clear_values (row);
    }
  for (guint i = 0; rows->lines != NULL && i < rows->lines->len; i++)
    g_free (g_array_index (rows->lines, Line, i).replaced);
  g_clear_pointer (&rows->rows, g_array_unref);
  g_clear_pointer (&rows->tombstones, g_array_unref);
  g_clear_pointer (&rows->lines, g_array_unref);
  g_clear_pointer (&rows->question_ids, g_ptr_array_unref);
  g_clear_pointer (&rows->flag_ids, g_ptr_array_unref);
  g_clear_pointer (&rows->strings, g_string_chunk_free);
  g_clear_pointer (&rows->text, g_bytes_unref);
  g_free (rows->flags);
  g_free (rows->name);
  g_free (rows->kiosk_id);
  g_free (rows->day);
  g_free (rows);
}

static void
set_damaged (GError **error, const char *name, guint line, const char *what)
{
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
               _("%s, line %u: %s. The export was damaged, or made by a newer Tremplin: "
                 "export the day again from the kiosk, or open it with a newer tremplin-office."),
               name, line, what);
}

/* The line as a JSON object: its node, or TR_JSON_NONE. */
static guint
read_object (TrJsonReader *json, const char *text, gsize length)
{
  if (!tr_json_reader_read (json, text, length) || tr_json_type (json, 0) != TR_JSON_OBJECT)
    return TR_JSON_NONE;
  return 0;
}

/* The string member @key: FALSE when it is something else, or missing and
 * not @optional (then *@out is NULL). */
static gboolean
get_string (TrJsonReader *json, guint object, const char *key, gboolean optional, const char **out)
{
  guint node = tr_json_member (json, object, key);

  *out = NULL;
  if (node == TR_JSON_NONE || tr_json_type (json, node) == TR_JSON_NULL)
    return optional;
  if (tr_json_type (json, node) != TR_JSON_STRING)
    return FALSE;
  *out = tr_json_text (json, node);
  return TRUE;
}

static gboolean
id_is_valid (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > MAX_ID_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '_' && id[i] != '-' && id[i] != '.')
      return FALSE;
  return TRUE;
}

/* The array member @key as a NULL-terminated array of strings (each a valid
 * id when @ids), or NULL. */
static GPtrArray *
get_string_array (TrJsonReader *json, guint object, const char *key, gboolean ids)
{
  guint node = tr_json_member (json, object, key);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (node == TR_JSON_NONE || tr_json_type (json, node) != TR_JSON_ARRAY)
    return NULL;
  for (guint element = tr_json_first (json, node); element != TR_JSON_NONE;
       element = tr_json_next (json, node, element))
    {
      const char *text = tr_json_text (json, element);

      if (tr_json_type (json, element) != TR_JSON_STRING || out->len >= MAX_COLUMNS * 2 ||
          (ids && !id_is_valid (text)))
        return NULL;
      g_ptr_array_add (out, g_strdup (text));
    }
  g_ptr_array_add (out, NULL);
  return g_steal_pointer (&out);
}

static gboolean
same_strings (GPtrArray *a, const char * const *b)
{
  guint i;

  for (i = 0; i + 1 < a->len && b[i] != NULL; i++)
    if (strcmp (g_ptr_array_index (a, i), b[i]) != 0)
      return FALSE;
  return i + 1 == a->len && b[i] == NULL;
}

static gboolean
has_duplicates (GPtrArray *ids)
{
  for (guint i = 0; i + 1 < ids->len; i++)
    for (guint j = 0; j < i; j++)
      if (strcmp (g_ptr_array_index (ids, i), g_ptr_array_index (ids, j)) == 0)
        return TRUE;
  return FALSE;
}

static gboolean
read_header (TrExportRows *rows, TrJsonReader *json, const char *text, gsize length, GError **error)
{
  g_autoptr(GPtrArray) person = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(TrExportTable) table = NULL;
  guint object = read_object (json, text, length);
  const char *format = NULL, *kiosk_id = NULL, *day = NULL;

  if (object == TR_JSON_NONE || !get_string (json, object, "format", FALSE, &format) ||
      g_strcmp0 (format, TR_EXPORT_ROWS_FORMAT) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s does not start as a Tremplin export's rows (“%s”): it was damaged, or "
                     "made by a newer Tremplin. Open it with a newer tremplin-office, or export "
                     "the day again from the kiosk."),
                   rows->name, TR_EXPORT_ROWS_FORMAT);
      return FALSE;
    }
  if (!get_string (json, object, "kiosk_id", FALSE, &kiosk_id) || !tr_kiosk_id_check (kiosk_id, NULL) ||
      !get_string (json, object, "day", FALSE, &day) || !tr_clock_is_date (day))
    {
      set_damaged (error, rows->name, 1, _("the kiosk or the day is missing or not valid"));
      return FALSE;
    }
  person = get_string_array (json, object, "person", TRUE);
  rows->question_ids = get_string_array (json, object, "questions", TRUE);
  rows->flag_ids = get_string_array (json, object, "flags", TRUE);
  columns = get_string_array (json, object, "columns", FALSE);
  if (person == NULL || !same_strings (person, tr_export_person_keys ()) ||
      rows->question_ids == NULL || rows->flag_ids == NULL || columns == NULL ||
      rows->question_ids->len > MAX_COLUMNS || rows->flag_ids->len > MAX_COLUMNS ||
      has_duplicates (rows->question_ids) || has_duplicates (rows->flag_ids))
    {
      set_damaged (error, rows->name, 1, _("the columns are missing or not valid"));
      return FALSE;
    }
  /* The columns follow from the questions and flags; a file whose columns
   * say otherwise was made to another layout. */
  table = tr_export_table_new (TR_EXPORT_CSV, (const char * const *) rows->question_ids->pdata,
                               (const char * const *) rows->flag_ids->pdata);
  g_ptr_array_add (tr_export_table_get_columns (table), NULL);
  if (!same_strings (columns, (const char * const *) tr_export_table_get_columns (table)->pdata))
    {
      set_damaged (error, rows->name, 1, _("the columns are not those of this version's export"));
      return FALSE;
    }
  rows->kiosk_id = g_strdup (kiosk_id);
  rows->day = g_strdup (day);
  rows->n_questions = rows->question_ids->len - 1;
  rows->n_flags = rows->flag_ids->len - 1;
  return TRUE;
}

static const char *
keep (TrExportRows *rows, const char *text, gboolean repeated)
{
  if (text == NULL)
    return NULL;
  /* Offers, days and statuses repeat from row to row: one copy of each. */
  return repeated ? g_string_chunk_insert_const (rows->strings, text)
                  : g_string_chunk_insert (rows->strings, text);
}

/* Base64 as the kiosk writes it (the original alphabet, padded): checked
 * here, decoded only by the thread that opens it. */
static gboolean
is_base64 (const char *text)
{
  gsize length = strlen (text), padding = 0;

  if (length % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '=' && i + 2 >= length)
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return padding == 0 || text[length - 1] == '=';
}

static GBytes *
decode_details (const char *text)
{
  gsize length = strlen (text);
  gsize max = length / 4 * 3 + 3;
  guint8 *decoded = g_malloc (max);
  gsize decoded_length = 0;
  const char *end = NULL;

  if (sodium_base642bin (decoded, max, text, length, NULL, &decoded_length, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0 || end != text + length)
    {
      g_free (decoded);
      return NULL;
    }
  return g_bytes_new_take (decoded, decoded_length);
}

static gboolean
read_tombstone (TrExportRows *rows, TrJsonReader *json, guint object, guint line_number, GError **error)
{
  Tombstone tombstone = { 0 };
  const char *kind = NULL, *code = NULL, *erased_at = NULL, *reason = NULL;

  if (!get_string (json, object, "tombstone", FALSE, &kind) || strcmp (kind, "erased") != 0 ||
      !get_string (json, object, "code", FALSE, &code) ||
      !get_string (json, object, "erased_at", FALSE, &erased_at) ||
      !get_string (json, object, "reason", FALSE, &reason))
    {
      set_damaged (error, rows->name, line_number, _("an erasure is not complete"));
      return FALSE;
    }
  tombstone.code = keep (rows, code, FALSE);
  tombstone.erased_at = keep (rows, erased_at, FALSE);
  tombstone.reason = keep (rows, reason, FALSE);
  g_array_append_val (rows->tombstones, tombstone);
  return TRUE;
}

/* The row's flag columns: set when its flags hold the column's id. */
static gboolean
read_flags (TrExportRows *rows, TrJsonReader *json, guint object, guint8 *flags)
{
  guint node = tr_json_member (json, object, "flags");

  if (node == TR_JSON_NONE || tr_json_type (json, node) == TR_JSON_NULL)
    return TRUE;
  if (tr_json_type (json, node) != TR_JSON_ARRAY)
    return FALSE;
  for (guint element = tr_json_first (json, node); element != TR_JSON_NONE;
       element = tr_json_next (json, node, element))
    {
      const char *id = tr_json_text (json, element);

      if (tr_json_type (json, element) != TR_JSON_STRING)
        return FALSE;
      for (guint f = 0; f < rows->n_flags; f++)
        if (strcmp (id, g_ptr_array_index (rows->flag_ids, f)) == 0)
          flags[f] = 1;
    }
  return TRUE;
}

static gboolean
read_row (TrExportRows *rows, TrJsonReader *json, guint object, guint line_number, GByteArray *flags,
          GError **error)
{
  Row row = { 0 };
  const char *texts[12] = { NULL };
  const char *details = NULL;
  /* Required, then optional: the CSV has an empty cell for what is missing. */
  static const char * const required[] = {
    "code", "created_at", "local_date", "kiosk_id", "offer_id", "status", "verdict",
  };
  static const char * const optional[] = {
    "offer_title", "offer_category", "offer_provider", "offer_postcode", "cancel_reason",
  };
  guint details_node = tr_json_member (json, object, "details");
  guint8 *row_flags;
  gboolean valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    valid = valid && get_string (json, object, required[i], FALSE, &texts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    valid = valid && get_string (json, object, optional[i], TRUE, &texts[G_N_ELEMENTS (required) + i]);
  if (!valid || details_node == TR_JSON_NONE || !get_string (json, object, "details", TRUE, &details))
    {
      set_damaged (error, rows->name, line_number, _("a registration lacks a column, or has one of the wrong kind"));
      return FALSE;
    }

  g_byte_array_set_size (flags, flags->len + rows->n_flags);
  row_flags = flags->data + flags->len - rows->n_flags;
  memset (row_flags, 0, rows->n_flags);
  if (!read_flags (rows, json, object, row_flags))
    {
      set_damaged (error, rows->name, line_number, _("the priority flags are not a list of ids"));
      return FALSE;
    }
  if (details != NULL && !is_base64 (details))
    {
      set_damaged (error, rows->name, line_number, _("the sealed details are not base64"));
      return FALSE;
    }

  row.code = keep (rows, texts[0], FALSE);
  row.created_at = keep (rows, texts[1], FALSE);
  row.local_date = keep (rows, texts[2], TRUE);
  row.kiosk_id = keep (rows, texts[3], TRUE);
  row.offer_id = keep (rows, texts[4], TRUE);
  row.status = keep (rows, texts[5], TRUE);
  row.verdict = keep (rows, texts[6], TRUE);
  row.offer_title = keep (rows, texts[7], TRUE);
  row.offer_category = keep (rows, texts[8], TRUE);
  row.offer_provider = keep (rows, texts[9], TRUE);
  row.offer_postcode = keep (rows, texts[10], TRUE);
  row.cancel_reason = keep (rows, texts[11], FALSE);
  row.details = keep (rows, details, FALSE);
  row.line = rows->lines->len - 1;
  g_array_append_val (rows->rows, row);
  return TRUE;
}

static gboolean
read_line (TrExportRows *rows, TrJsonReader *json, const char *text, gsize start, gsize length,
           guint line_number, GByteArray *flags, GError **error)
{
  guint object = read_object (json, text + start, length);
  Line line = { start, length, NULL, -1 };

  if (object == TR_JSON_NONE)
    {
      set_damaged (error, rows->name, line_number, _("it is not a JSON object"));
      return FALSE;
    }
  if (tr_json_member (json, object, "tombstone") != TR_JSON_NONE)
    line.tombstone = (int) rows->tombstones->len;
  g_array_append_val (rows->lines, line);
  return line.tombstone >= 0 ? read_tombstone (rows, json, object, line_number, error)
                             : read_row (rows, json, object, line_number, flags, error);
}

TrExportRows *
tr_export_rows_parse (const char  *text,
                      gsize        length,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(TrExportRows) rows = g_new0 (TrExportRows, 1);
  g_autoptr(TrJsonReader) json = tr_json_reader_new ();
  g_autoptr(GByteArray) flags = g_byte_array_new ();
  const char *newline;
  gsize at;
  guint line_number = 1;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  rows->name = g_strdup (name);
  rows->text = g_bytes_new (text, length);
  text = g_bytes_get_data (rows->text, NULL);
  rows->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  rows->tombstones = g_array_new (FALSE, TRUE, sizeof (Tombstone));
  rows->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  rows->strings = g_string_chunk_new (64 * 1024);

  if (length > 0 && memchr (text, '\0', length) != NULL)
    {
      set_damaged (error, name, 1, _("it holds a zero byte"));
      return NULL;
    }
  newline = text != NULL ? memchr (text, '\n', length) : NULL;
  if (newline == NULL || !read_header (rows, json, text, newline - text, error))
    {
      if (error != NULL && *error == NULL)
        read_header (rows, json, text != NULL ? text : "", 0, error);
      return NULL;
    }
  rows->header_length = newline + 1 - text;

  for (at = rows->header_length; at < length; at = newline + 1 - text)
    {
      line_number++;
      newline = memchr (text + at, '\n', length - at);
      if (newline == NULL)
        {
          set_damaged (error, name, line_number, _("the last line is cut short"));
          return NULL;
        }
      if (!read_line (rows, json, text, at, newline - (text + at), line_number, flags, error))
        return NULL;
    }
  rows->flags = g_byte_array_free (g_steal_pointer (&flags), FALSE);
  return g_steal_pointer (&rows);
}

char *
tr_export_file_name (const char *kiosk_id, const char *day, const char *extension)
{
  return g_strdup_printf ("tremplin-%s-%s.%s", kiosk_id, day, extension);
}

TrExportRows *
tr_export_rows_from_sealed (const TrSealedFile  *file,
                            const char          *name,
                            const TrOfficeKey   *key,
                            GError             **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(TrExportRows) rows = NULL;
  g_autofree char *expected = NULL;
  const TrSealedMember *member;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (file != NULL && name != NULL && key != NULL, NULL);

  members = tr_sealed_file_open (file, key, error);
  if (members == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  expected = tr_export_file_name (file->kiosk_id, file->day, "rows.jsonl");
  member = members->len == 1 ? g_ptr_array_index (members, 0) : NULL;
  if (member == NULL || strcmp (member->name, expected) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s does not hold a day's registrations (%s): it is another kind of sealed "
                     "file, or made by a newer Tremplin."), name, expected);
      return NULL;
    }
  data = g_bytes_get_data (member->contents, &size);
  rows = tr_export_rows_parse (data != NULL ? data : "", size, name, error);
  if (rows == NULL)
    return NULL;
  if (strcmp (rows->kiosk_id, file->kiosk_id) != 0 || strcmp (rows->day, file->day) != 0 ||
      rows->rows->len != file->n_registrations)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s: its rows (kiosk %s, %s, %u registrations) do not agree with its "
                     "manifest (kiosk %s, %s, %u): export the day again from the kiosk."),
                   name, rows->kiosk_id, rows->day, rows->rows->len,
                   file->kiosk_id, file->day, file->n_registrations);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

const char *
tr_export_rows_get_kiosk_id (TrExportRows *rows)
{
  return rows->kiosk_id;
}

const char *
tr_export_rows_get_day (TrExportRows *rows)
{
  return rows->day;
}

guint
tr_export_rows_get_n_rows (TrExportRows *rows)
{
  return rows->rows->len;
}

static const Tombstone *
find_tombstone (TrExportRows *rows, const char *code)
{
  for (guint i = 0; i < rows->tombstones->len; i++)
    {
      const Tombstone *tombstone = &g_array_index (rows->tombstones, Tombstone, i);
      if (strcmp (tombstone->code, code) == 0)
        return tombstone;
    }
  return NULL;
}

void
tr_export_rows_get_entry (TrExportRows *rows, guint index, TrExportEntry *entry)
{
  const Row *row;
  const Tombstone *tombstone;

  g_return_if_fail (index < rows->rows->len && entry != NULL);

  row = &g_array_index (rows->rows, Row, index);
  tombstone = find_tombstone (rows, row->code);
  entry->code = row->code;
  entry->kiosk_id = row->kiosk_id;
  entry->local_date = row->local_date;
  entry->offer_id = row->offer_id;
  entry->status = row->status;
  entry->has_details = row->details != NULL;
  entry->erased_at = tombstone != NULL ? tombstone->erased_at : NULL;
  entry->erase_reason = tombstone != NULL ? tombstone->reason : NULL;
}

/* ---- opening ---------------------------------------------------------- */

/* A value as SQLite's json_extract gave it to the clear export: strings as
 * they are, integers as written, other numbers in SQLite's "%!.15g", true
 * and false as 1 and 0, objects and arrays as their compact JSON; NULL for
 * null or a missing member. */
static char *
value_text (TrJsonReader *json, guint node)
{
  const char *text = tr_json_text (json, node);

  switch (node != TR_JSON_NONE ? tr_json_type (json, node) : TR_JSON_NULL)
    {
    case TR_JSON_STRING:
      return g_strdup (text);
    case TR_JSON_TRUE:
      return g_strdup ("1");
    case TR_JSON_FALSE:
      return g_strdup ("0");
    case TR_JSON_ARRAY:
    case TR_JSON_OBJECT:
      return tr_json_compact (json, node);
    case TR_JSON_NUMBER:
      {
        char formatted[G_ASCII_DTOSTR_BUF_SIZE + 2];
        char *end = NULL;
        gint64 integer;

        errno = 0;
        if (strpbrk (text, ".eE") == NULL)
          {
            integer = g_ascii_strtoll (text, &end, 10);
            if (errno == 0 && *end == '\0')
              return g_strdup_printf ("%" G_GINT64_FORMAT, integer);
          }
        g_ascii_formatd (formatted, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", g_ascii_strtod (text, NULL));
        if (strpbrk (formatted, ".eEni") == NULL)
          strcat (formatted, ".0");
        return g_strdup (formatted);
      }
    case TR_JSON_NULL:
    default:
      return NULL;
    }
}

/* Reads the opened details into the row's values. */
static gboolean
read_details (TrExportRows *rows, Row *row, TrJsonReader *json, GBytes *clear)
{
  const char * const *person_keys = tr_export_person_keys ();
  guint n_values = TR_EXPORT_N_PERSON + rows->n_questions;
  char *texts[TR_EXPORT_N_PERSON + MAX_COLUMNS];
  gsize size = 0, total = 0;
  const char *data = g_bytes_get_data (clear, &size);
  guint object, person, answers;
  char *at;

  if (data == NULL || (object = read_object (json, data, size)) == TR_JSON_NONE)
    return FALSE;
  person = tr_json_member (json, object, "person");
  answers = tr_json_member (json, object, "answers");
  if ((person != TR_JSON_NONE && tr_json_type (json, person) != TR_JSON_OBJECT &&
       tr_json_type (json, person) != TR_JSON_NULL) ||
      (answers != TR_JSON_NONE && tr_json_type (json, answers) != TR_JSON_OBJECT &&
       tr_json_type (json, answers) != TR_JSON_NULL))
    {
      tr_json_reader_wipe (json);
      return FALSE;
    }

  for (guint i = 0; i < n_values; i++)
    {
      guint from = i < TR_EXPORT_N_PERSON ? person : answers;
      const char *key = i < TR_EXPORT_N_PERSON ? person_keys[i]
                        : g_ptr_array_index (rows->question_ids, i - TR_EXPORT_N_PERSON);

      texts[i] = value_text (json, tr_json_member (json, from, key));
      total += texts[i] != NULL ? strlen (texts[i]) + 1 : 0;
    }
  tr_json_reader_wipe (json);

  /* One block per row, wiped when the rows are freed. */
  row_clear_values (row);
  row->buffer_size = MAX (total, 1);
  row->buffer = g_malloc (row->buffer_size);
  row->values = g_new0 (const char *, n_values);
  at = row->buffer;
  for (guint i = 0; i < n_values; i++)
    {
      gsize length;

      if (texts[i] == NULL)
        continue;
      length = strlen (texts[i]) + 1;
      memcpy (at, texts[i], length);
      row->values[i] = at;
      at += length;
      sodium_memzero (texts[i], length);
      g_free (texts[i]);
    }
  return TRUE;
}

typedef struct {
  TrExportRows        *rows;
  TrExportDetailsFunc  func;
  gpointer             user_data;
} Opening;

static gboolean
open_row (guint index, gpointer worker, gpointer user_data, GError **error)
{
  Opening *opening = user_data;
  TrJsonReader *json = worker;
  TrExportRows *rows = opening->rows;
  Row *row = &g_array_index (rows->rows, Row, index);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) clear = NULL;
  gsize size = 0;
  gconstpointer data;

  if (row->details == NULL)
    {
      row_clear_values (row);
      return TRUE;
    }
  sealed = decode_details (row->details);
  if (sealed != NULL)
    {
      data = g_bytes_get_data (sealed, &size);
      clear = opening->func (data != NULL ? data : "", size, opening->user_data, NULL);
    }
  if (clear == NULL)
    {
      g_autofree char *code = tr_text_excerpt (row->code);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s: the details of registration %s do not open with this "
                     "office key: they were altered, or sealed to another "
                     "office key. Export the day again from the kiosk."),
                   rows->name, code);
      return FALSE;
    }
  if (!read_details (rows, row, json, clear))
    {
      g_autofree char *code = tr_text_excerpt (row->code);
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s: the details of registration %s open but cannot be "
                     "read: the kiosk that sealed them is newer, or was "
                     "damaged."), rows->name, code);
      return FALSE;
    }
  return TRUE;
}

static gpointer
json_reader_new (gpointer user_data)
{
  return tr_json_reader_new ();
}

gboolean
tr_export_rows_open_with (TrExportRows         *rows,
                          TrExportDetailsFunc   func,
                          gpointer              user_data,
                          GError              **error)
{
  Opening opening = { rows, func, user_data };

  g_return_val_if_fail (rows != NULL && func != NULL, FALSE);

  if (!tr_parallel_for (rows->rows->len, ROWS_PER_STEP, "tr-open",
                        json_reader_new, (GDestroyNotify) tr_json_reader_free,
                        open_row, &opening, NULL, error))
    return FALSE;
  rows->opened = TRUE;
  return TRUE;
}

static GBytes *
unseal_details (gconstpointer details, gsize length, gpointer user_data, GError **error)
{
  return tr_unseal (user_data, details, length, error);
}

gboolean
tr_export_rows_open (TrExportRows *rows, const TrOfficeKey *key, GError **error)
{
  g_return_val_if_fail (key != NULL, FALSE);
  return tr_export_rows_open_with (rows, unseal_details, (gpointer) key, error);
}

GBytes *
tr_export_rows_to_table_with (TrExportRows             *rows,
                              TrExportFormat            format,
                              const TrExportTableExtra *extra)
{
  g_autoptr(TrExportTable) table = NULL;
  guint n_extra = 0;
  GString *out;
  gsize length;

  g_return_val_if_fail (rows != NULL && rows->opened, NULL);

  table = tr_export_table_new (format, (const char * const *) rows->question_ids->pdata,
                               (const char * const *) rows->flag_ids->pdata);
  if (extra != NULL && extra->columns != NULL)
    {
      n_extra = g_strv_length ((char **) extra->columns);
      tr_export_table_add_columns (table, extra->columns);
    }
  out = g_string_sized_new (4096 + (gsize) rows->rows->len * 512);
  tr_export_table_append_header (table, out);
  for (guint i = 0; i < rows->rows->len; i++)
    {
      const Row *row = &g_array_index (rows->rows, Row, i);
      TrExportRow cells = {
        .kiosk_id = row->kiosk_id,
        .code = row->code,
        .created_at = row->created_at,
        .local_date = row->local_date,
        .status = row->status,
        .offer_id = row->offer_id,
        .offer_title = row->offer_title,
        .offer_category = row->offer_category,
        .offer_provider = row->offer_provider,
        .offer_postcode = row->offer_postcode,
        .verdict = row->verdict,
        .person = row->values,
        .answers = row->values != NULL ? row->values + TR_EXPORT_N_PERSON : NULL,
        .flags = NULL,
        .cancel_reason = row->cancel_reason,
        .extra = n_extra > 0 && extra->cells != NULL ? extra->cells + (gsize) i * n_extra : NULL,
      };
      gboolean flags[MAX_COLUMNS];

      if (extra != NULL && extra->skip != NULL && extra->skip[i])
        continue;
      for (guint f = 0; f < rows->n_flags; f++)
        flags[f] = rows->flags[(gsize) i * rows->n_flags + f] != 0;
      cells.flags = flags;
      tr_export_table_append_row (table, &cells, out);
    }
  length = out->len;
  return tr_bytes_new_wiped (g_string_free (out, FALSE), length);
}

GBytes *
tr_export_rows_to_table (TrExportRows *rows, TrExportFormat format)
{
  return tr_export_rows_to_table_with (rows, format, NULL);
}

const char *
tr_export_rows_get_person_value (TrExportRows *rows, guint index, const char *key)
{
  const char * const *keys = tr_export_person_keys ();
  const Row *row;

  g_return_val_if_fail (rows != NULL && index < rows->rows->len, NULL);

  row = &g_array_index (rows->rows, Row, index);
  for (guint i = 0; row->values != NULL && keys[i] != NULL; i++)
    if (strcmp (keys[i], key) == 0)
      return row->values[i];
  return NULL;
}

/* ---- a person's rights ------------------------------------------------ */

char *
tr_export_find_normalise (TrExportFindBy by, const char *value, GError **error)
{
  g_autofree char *trimmed = NULL;

  if (!tr_text_check_utf8 (value, _("What was given to look for"), error))
    return NULL;
  switch (by)
    {
    case TR_EXPORT_FIND_CODE:
      return tr_code_normalise (value, error);
    case TR_EXPORT_FIND_PHONE:
      {
        g_autoptr(GString) digits = g_string_new (NULL);
        GDate today;
        char *phone;
        const char *p;

        g_date_clear (&today, 1);
        g_date_set_dmy (&today, 1, 1, 2000);
        phone = tr_person_check_field (TR_FIELD_PHONE, value, &today, NULL);
        if (phone != NULL)
          return phone;
        /* Not a number the kiosk takes (one from abroad, in a row written
         * some other way): its + and digits, blanks and dots left out. */
        for (p = value; *p != '\0'; p++)
          if (g_ascii_isdigit (*p) || (*p == '+' && digits->len == 0))
            g_string_append_c (digits, *p);
          else if (strchr (" .-()", *p) == NULL)
            break;
        if (*p == '\0' && digits->len >= 6 && digits->str[0] == '+')
          return g_string_free (g_steal_pointer (&digits), FALSE);
        return tr_person_check_field (TR_FIELD_PHONE, value, &today, error);
      }
    case TR_EXPORT_FIND_EMAIL:
    default:
      trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
      if (trimmed[0] == '\0' || strchr (trimmed, '@') == NULL)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("This is not an e-mail address: give it as the person wrote it, like "
                         "awa.diallo@example.org."));
          return NULL;
        }
      return g_utf8_strdown (trimmed, -1);
    }
}

gboolean
tr_export_rows_matches (TrExportRows *rows, guint index, TrExportFindBy by, const char *value)
{
  const Row *row;
  const char *stored;

  g_return_val_if_fail (rows != NULL && index < rows->rows->len && value != NULL, FALSE);

  row = &g_array_index (rows->rows, Row, index);
  switch (by)
    {
    case TR_EXPORT_FIND_CODE:
      return strcmp (row->code, value) == 0;
    case TR_EXPORT_FIND_PHONE:
      stored = tr_export_rows_get_person_value (rows, index, "phone");
      return stored != NULL && strcmp (stored, value) == 0;
    case TR_EXPORT_FIND_EMAIL:
    default:
      {
        g_autofree char *folded = NULL;
        stored = tr_export_rows_get_person_value (rows, index, "email");
        if (stored == NULL || !g_utf8_validate (stored, -1, NULL))
          return FALSE;
        folded = g_strstrip (g_utf8_strdown (stored, -1));
        return strcmp (folded, value) == 0;
      }
    }
}

/* The row's line again, with "details" null and every other member as it
 * was, in its order. */
static char *
line_without_details (TrExportRows *rows, const Line *line)
{
  g_autoptr(TrJsonReader) json = tr_json_reader_new ();
  const char *text = g_bytes_get_data (rows->text, NULL);
  GString *out = g_string_new ("{");
  gboolean read;

  if (line->replaced != NULL)
    read = tr_json_reader_read (json, line->replaced, strlen (line->replaced));
  else
    read = tr_json_reader_read (json, text + line->start, line->length);
  g_return_val_if_fail (read && tr_json_type (json, 0) == TR_JSON_OBJECT, g_string_free (out, TRUE));
  for (guint member = tr_json_first (json, 0); member != TR_JSON_NONE; member = tr_json_next (json, 0, member))
    {
      g_autofree char *value = strcmp (tr_json_key (json, member), "details") == 0
                               ? g_strdup ("null") : tr_json_compact (json, member);
      if (out->len > 1)
        g_string_append_c (out, ',');
      tr_export_json_append_string (out, tr_json_key (json, member));
      g_string_append_c (out, ':');
      g_string_append (out, value);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gboolean
tr_export_rows_erase (TrExportRows  *rows,
                      const char    *code,
                      const char    *reason,
                      GDateTime     *now,
                      GError       **error)
{
  g_autoptr(GString) tombstone_line = g_string_new ("{");
  g_autofree char *erased_at = NULL;
  g_autoptr(GDateTime) utc = NULL;
  Tombstone tombstone;
  Line line = { 0, 0, NULL, 0 };
  Row *row = NULL;
  const Tombstone *earlier;

  g_return_val_if_fail (rows != NULL && code != NULL && reason != NULL && now != NULL, FALSE);

  for (guint i = 0; i < rows->rows->len && row == NULL; i++)
    if (strcmp (g_array_index (rows->rows, Row, i).code, code) == 0)
      row = &g_array_index (rows->rows, Row, i);
  if (row == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("%s holds no registration %s"), rows->name, code);
      return FALSE;
    }
  earlier = find_tombstone (rows, code);
  if (earlier != NULL && row->details == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                   _("%s: registration %s was already erased on %s"), rows->name, code,
                   earlier->erased_at);
      return FALSE;
    }

  if (row->details != NULL)
    {
      Line *row_line = &g_array_index (rows->lines, Line, row->line);
      char *replaced = line_without_details (rows, row_line);

      g_free (row_line->replaced);
      row_line->replaced = replaced;
      row->details = NULL;
      row_clear_values (row);
    }

  utc = g_date_time_to_utc (now);
  erased_at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  append_member (tombstone_line, "tombstone", "erased");
  append_member (tombstone_line, "code", code);
  append_member (tombstone_line, "erased_at", erased_at);
  append_member (tombstone_line, "reason", reason);
  g_string_append_c (tombstone_line, '}');
  tombstone.code = keep (rows, code, FALSE);
  tombstone.erased_at = keep (rows, erased_at, FALSE);
  tombstone.reason = keep (rows, reason, FALSE);
  line.tombstone = (int) rows->tombstones->len;
  line.replaced = g_string_free (g_steal_pointer (&tombstone_line), FALSE);
  g_array_append_val (rows->tombstones, tombstone);
  g_array_append_val (rows->lines, line);
  return TRUE;
}

GBytes *
tr_export_rows_to_text (TrExportRows *rows)
{
  const char *text = g_bytes_get_data (rows->text, NULL);
  GString *out = g_string_sized_new (g_bytes_get_size (rows->text) + 256);

  g_string_append_len (out, text, rows->header_length);
  for (guint i = 0; i < rows->lines->len; i++)
    {
      const Line *line = &g_array_index (rows->lines, Line, i);

      if (line->replaced != NULL)
        g_string_append (out, line->replaced);
      else
        g_string_append_len (out, text + line->start, line->length);
      g_string_append_c (out, '\n');
    }
  return g_string_free_to_bytes (out);
}

gboolean
tr_export_rows_write_sealed (TrExportRows  *rows,
                             const char    *path,
                             const guint8  *office_key,
                             GError       **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_sealed_member_free);
  g_autoptr(GBytes) text = tr_export_rows_to_text (rows);
  g_autofree char *name = tr_export_file_name (rows->kiosk_id, rows->day, "rows.jsonl");

  g_ptr_array_add (members, tr_sealed_member_new (name, text));
  return tr_sealed_file_write (path, rows->kiosk_id, rows->day, rows->rows->len, office_key,
                               members, error);
}

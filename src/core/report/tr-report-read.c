/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report-read.c — the day exports (CSV or JSON Lines) read back row by row for the report. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "tr-report-private.h"
#include "tr-csv.h"
#include "tr-error.h"

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
check_row (const TrReportRow *row, const char *path, guint line, GError **error)
{
  if (row->status != NULL && row->local_date != NULL && row->offer_id != NULL)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("%s:%u: this is not a row of a Tremplin day export (no status, local_date or offer_id): give the .csv or .jsonl files that “tremplin-admin export” writes"),
               path, line);
  return FALSE;
}

static gboolean
add_json_line (TrReport *self, JsonParser *parser, const char *text, gsize length,
               const char *path, guint line, GError **error)
{
  g_autoptr(GError) parse_error = NULL;
  TrReportRow row = { 0 };
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, text, length, &parse_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s:%u: this line is not a JSON object: give the .csv or .jsonl files that “tremplin-admin export” writes"),
                   path, line);
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  row.kiosk_id = member_string (object, "kiosk_id");
  row.status = member_string (object, "status");
  row.local_date = member_string (object, "local_date");
  row.offer_id = member_string (object, "offer_id");
  row.offer_title = member_string (object, "offer_title");
  row.offer_category = member_string (object, "offer_category");
  row.offer_provider = member_string (object, "offer_provider");
  row.postcode = member_string (object, "postcode");
  if (row.postcode == NULL || *row.postcode == '\0')
    row.postcode = member_string (object, "answer_postcode");
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (g_str_has_prefix (name, "flag_") && row.n_flags < TR_REPORT_MAX_FLAGS)
      {
        row.flag_ids[row.n_flags] = name + 5;
        row.flags[row.n_flags] = JSON_NODE_HOLDS_VALUE (node) &&
                                 json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
                                 json_node_get_boolean (node);
        row.n_flags++;
      }
  if (!check_row (&row, path, line, error))
    return FALSE;
  tr_report_add_row (self, &row);
  return TRUE;
}

/* ---- the export's own JSON Lines, read fast ----------------------------- */

/* The export writes each line by hand: one object of strings and booleans.
 * Reading it without building a tree is several times faster than a
 * general parser; any line this does not understand goes to json-glib,
 * which reads it or says what is wrong. Decoded text is never longer than
 * its source, so it fits in a buffer the size of the line. */
typedef struct {
  const char *name;
  const char *value;   /* NULL for false/null, "1" for true */
  gboolean    boolean;
} Member;

typedef struct {
  char   *buffer;
  gsize   size;
  GArray *members;     /* of Member */
} FastLine;

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  return p;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);
      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* @p is after the opening quote; decodes into *@out and returns the
 * character after the closing quote, or NULL. */
static const char *
scan_string (const char *p, char **out)
{
  char *o = *out;

  for (;;)
    {
      guchar c = (guchar) *p++;
      gunichar u;
      int h;

      if (c == '"')
        break;
      if (c == '\0' || c < 0x20)
        return NULL;
      if (c != '\\')
        {
          *o++ = (char) c;
          continue;
        }
      switch (*p++)
        {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u':
          if ((h = hex4 (p)) < 0 || (h >= 0xD800 && h <= 0xDFFF))
            return NULL;  /* surrogates: json-glib's part */
          u = (gunichar) h;
          p += 4;
          o += g_unichar_to_utf8 (u, o);
          break;
        default:
          return NULL;
        }
    }
  *o++ = '\0';
  *out = o;
  return p;
}

static gboolean
scan_line (FastLine *fast, const char *text, gsize length)
{
  const char *p = skip_space (text);
  char *o;

  if (fast->size < length + 1)
    {
      fast->size = MAX (length + 1, fast->size * 2);
      fast->buffer = g_realloc (fast->buffer, fast->size);
    }
  o = fast->buffer;
  g_array_set_size (fast->members, 0);
  if (*p++ != '{')
    return FALSE;
  p = skip_space (p);
  if (*p == '}')
    return *skip_space (p + 1) == '\0';
  for (;;)
    {
      Member member = { NULL, NULL, FALSE };

      if (*p++ != '"')
        return FALSE;
      member.name = o;
      if ((p = scan_string (p, &o)) == NULL)
        return FALSE;
      p = skip_space (p);
      if (*p++ != ':')
        return FALSE;
      p = skip_space (p);
      if (*p == '"')
        {
          member.value = o;
          if ((p = scan_string (p + 1, &o)) == NULL)
            return FALSE;
        }
      else if (strncmp (p, "true", 4) == 0)
        member.boolean = TRUE, member.value = "1", p += 4;
      else if (strncmp (p, "false", 5) == 0)
        member.boolean = TRUE, p += 5;
      else if (strncmp (p, "null", 4) == 0)
        p += 4;
      else
        return FALSE;  /* numbers, arrays, objects: not the export's */
      g_array_append_val (fast->members, member);
      p = skip_space (p);
      if (*p == '}')
        return *skip_space (p + 1) == '\0';
      if (*p++ != ',')
        return FALSE;
      p = skip_space (p);
    }
}

static gboolean
add_fast_line (TrReport *self, FastLine *fast, const char *path, guint line, GError **error)
{
  TrReportRow row = { 0 };
  const char *answer_postcode = NULL;

  for (guint i = 0; i < fast->members->len; i++)
    {
      const Member *m = &g_array_index (fast->members, Member, i);
      const char *name = m->name;

      if (g_str_has_prefix (name, "flag_"))
        {
          if (row.n_flags < TR_REPORT_MAX_FLAGS)
            {
              row.flag_ids[row.n_flags] = name + 5;
              row.flags[row.n_flags] = m->boolean && m->value != NULL;
              row.n_flags++;
            }
          continue;
        }
      if (m->boolean)
        continue;
#define MEMBER(field) else if (strcmp (name, #field) == 0) row.field = m->value;
      if (0) ;
      MEMBER (kiosk_id) MEMBER (status) MEMBER (local_date) MEMBER (offer_id)
      MEMBER (offer_title) MEMBER (offer_category) MEMBER (offer_provider) MEMBER (postcode)
#undef MEMBER
      else if (strcmp (name, "answer_postcode") == 0)
        answer_postcode = m->value;
    }
  if (row.postcode == NULL || *row.postcode == '\0')
    row.postcode = answer_postcode;
  if (!check_row (&row, path, line, error))
    return FALSE;
  tr_report_add_row (self, &row);
  return TRUE;
}

/* JSON Lines are read a line at a time: memory stays the same whatever the
 * file's length. */
static gboolean
read_error (const char *path, int saved_errno, GError **error)
{
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("%s cannot be read: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* JSON Lines are read a line at a time (stdio, not GFile: no GIO module
 * scan for a plain file): memory stays the same whatever the file's length. */
static gboolean
add_jsonl (TrReport *self, const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));
  FastLine fast = { NULL, 0, members };
  char *text = NULL;
  size_t capacity = 0;
  ssize_t length;
  guint line = 0;
  gboolean ok = TRUE;
  FILE *file = fopen (path, "re");

  if (file == NULL)
    return read_error (path, errno, error);
  setvbuf (file, NULL, _IOFBF, 256 * 1024);
  errno = 0;
  while (ok && (length = getline (&text, &capacity, file)) >= 0)
    {
      line++;
      while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
        text[--length] = '\0';
      if (length == 0)
        continue;
      ok = scan_line (&fast, text, (gsize) length)
           ? add_fast_line (self, &fast, path, line, error)
           : add_json_line (self, parser, text, (gsize) length, path, line, error);
    }
  if (ok && ferror (file))
    ok = read_error (path, errno, error);
  fclose (file);
  free (text);
  g_free (fast.buffer);
  return ok;
}

typedef struct {
  int kiosk_id, status, local_date, offer_id, offer_title, offer_category, offer_provider;
  int postcode, answer_postcode;
  guint n_flags;
  int flag_columns[TR_REPORT_MAX_FLAGS];
  char *flag_ids[TR_REPORT_MAX_FLAGS];
} CsvColumns;

static void
csv_columns_init (CsvColumns *columns, GPtrArray *header)
{
  memset (columns, 0, sizeof *columns);
  columns->kiosk_id = columns->status = columns->local_date = columns->offer_id = -1;
  columns->offer_title = columns->offer_category = columns->offer_provider = -1;
  columns->postcode = columns->answer_postcode = -1;
  for (guint i = 0; i < header->len; i++)
    {
      const char *name = g_ptr_array_index (header, i);

      if (i == 0 && g_str_has_prefix (name, "\xEF\xBB\xBF"))
        name += 3;
#define COLUMN(field) if (strcmp (name, #field) == 0) columns->field = (int) i;
      COLUMN (kiosk_id) COLUMN (status) COLUMN (local_date) COLUMN (offer_id)
      COLUMN (offer_title) COLUMN (offer_category) COLUMN (offer_provider)
      COLUMN (postcode) COLUMN (answer_postcode)
#undef COLUMN
      if (g_str_has_prefix (name, "flag_") && columns->n_flags < TR_REPORT_MAX_FLAGS)
        {
          columns->flag_columns[columns->n_flags] = (int) i;
          columns->flag_ids[columns->n_flags] = g_strdup (name + 5);
          columns->n_flags++;
        }
    }
}

static void
csv_columns_clear (CsvColumns *columns)
{
  for (guint i = 0; i < columns->n_flags; i++)
    g_free (columns->flag_ids[i]);
}

static const char *
cell (GPtrArray *fields, int column)
{
  return column >= 0 && (guint) column < fields->len ? g_ptr_array_index (fields, column) : NULL;
}

/* The export's CSV makes a cell that starts like a formula inert with a
 * leading apostrophe; the report wants the value. */
static const char *
uninert (const char *text)
{
  return text != NULL && text[0] == '\'' && strchr ("=+-@\t\r", text[1]) != NULL && text[1] != '\0'
         ? text + 1 : text;
}

static gboolean
add_csv (TrReport *self, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(TrCsvReader) reader = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GError) csv_error = NULL;
  CsvColumns columns;
  GPtrArray *fields = NULL;
  guint line = 0;
  gsize size;

  if (!g_file_get_contents (path, &data, &size, &csv_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("%s cannot be read: %s"), path, csv_error->message);
      return FALSE;
    }
  reader = tr_csv_reader_new (data, size);
  if (!tr_csv_reader_next (reader, &header, &line, &csv_error))
    {
      if (csv_error == NULL)
        return TRUE;  /* an empty file: no rows */
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, "%s:%u: %s", path, line,
                   tr_csv_reader_get_problem (reader));
      return FALSE;
    }
  csv_columns_init (&columns, header);
  while (tr_csv_reader_next (reader, &fields, &line, &csv_error))
    {
      TrReportRow row = { 0 };

      row.kiosk_id = uninert (cell (fields, columns.kiosk_id));
      row.status = cell (fields, columns.status);
      row.local_date = cell (fields, columns.local_date);
      row.offer_id = uninert (cell (fields, columns.offer_id));
      row.offer_title = uninert (cell (fields, columns.offer_title));
      row.offer_category = cell (fields, columns.offer_category);
      row.offer_provider = uninert (cell (fields, columns.offer_provider));
      row.postcode = cell (fields, columns.postcode);
      if (row.postcode == NULL || *row.postcode == '\0')
        row.postcode = cell (fields, columns.answer_postcode);
      row.n_flags = columns.n_flags;
      for (guint i = 0; i < columns.n_flags; i++)
        {
          row.flag_ids[i] = columns.flag_ids[i];
          row.flags[i] = g_strcmp0 (cell (fields, columns.flag_columns[i]), "1") == 0;
        }
      if (!check_row (&row, path, line, error))
        {
          g_ptr_array_unref (fields);
          csv_columns_clear (&columns);
          return FALSE;
        }
      tr_report_add_row (self, &row);
      g_clear_pointer (&fields, g_ptr_array_unref);
    }
  csv_columns_clear (&columns);
  if (csv_error != NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, "%s:%u: %s", path, line,
                   tr_csv_reader_get_problem (reader));
      return FALSE;
    }
  return TRUE;
}

/* A CSV export starts with the BOM and its header; a JSON Lines one with '{'. */
gboolean
tr_report_read_file (TrReport *self, const char *path, GError **error)
{
  FILE *file;
  int first;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("%s is not a file: give the day exports (.csv or .jsonl) with --from FILE…"), path);
      return FALSE;
    }
  file = fopen (path, "re");
  if (file == NULL)
    return read_error (path, errno, error);
  first = fgetc (file);
  fclose (file);
  if (first == '{' || g_str_has_suffix (path, ".jsonl"))
    return add_jsonl (self, path, error);
  return add_csv (self, path, error);
}

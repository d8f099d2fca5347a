/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-csv.c — reading and writing CSV records as spreadsheets do (RFC 4180). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-csv.h"
#include "tr-error.h"

struct _TrCsvReader
{
  const char *data;
  const char *end;
  const char *pos;
  guint       line;       /* physical line at pos, 1-based */
  char        separator;
  char       *problem;    /* the last failure, without its line */
};

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* A spreadsheet writes the header with the separator it was told to use;
 * the more frequent of ';' and ',' on that line is the one. */
static char
detect_separator (const char *pos, const char *end)
{
  guint semicolons = 0, commas = 0;
  gboolean quoted = FALSE;

  for (; pos < end; pos++)
    {
      if (*pos == '"')
        quoted = !quoted;
      else if (!quoted && (*pos == '\n' || *pos == '\r'))
        break;
      else if (!quoted && *pos == ';')
        semicolons++;
      else if (!quoted && *pos == ',')
        commas++;
    }
  return commas > semicolons ? ',' : ';';
}

TrCsvReader *
tr_csv_reader_new (const char *data,
                   gsize       length)
{
  TrCsvReader *reader = g_new0 (TrCsvReader, 1);

  if (data == NULL)
    length = 0;
  reader->data = data != NULL ? data : "";
  reader->end = reader->data + length;
  reader->pos = reader->data;
  reader->line = 1;
  if (length >= 3 && memcmp (reader->data, utf8_bom, 3) == 0)
    reader->pos += 3;
  reader->separator = detect_separator (reader->pos, reader->end);
  return reader;
}

void
tr_csv_reader_free (TrCsvReader *reader)
{
  if (reader == NULL)
    return;
  g_free (reader->problem);
  g_free (reader);
}

char
tr_csv_reader_get_separator (TrCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, ';');
  return reader->separator;
}

const char *
tr_csv_reader_get_problem (TrCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return reader->problem;
}

static gboolean
is_line_end (const TrCsvReader *reader)
{
  return reader->pos < reader->end && (*reader->pos == '\n' || *reader->pos == '\r');
}

/* Steps over one line end (CRLF, LF or a lone CR) and counts it. */
static void
skip_line_end (TrCsvReader *reader)
{
  if (*reader->pos == '\r' && reader->pos + 1 < reader->end && reader->pos[1] == '\n')
    reader->pos++;
  reader->pos++;
  reader->line++;
}

static gboolean G_GNUC_PRINTF (5, 6)
fail (TrCsvReader  *reader,
      guint         line,
      guint        *out_line,
      GError      **error,
      const char   *format,
      ...)
{
  va_list args;

  g_free (reader->problem);
  va_start (args, format);
  reader->problem = g_strdup_vprintf (format, args);
  va_end (args);

  if (out_line != NULL)
    *out_line = line;
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("Line %u: %s"), line, reader->problem);
  return FALSE;
}

/* After text that follows a closing quote, the rest of the physical line is
 * dropped so that the next call starts with the next record. */
static void
skip_rest_of_line (TrCsvReader *reader)
{
  while (reader->pos < reader->end && !is_line_end (reader))
    reader->pos++;
  if (reader->pos < reader->end)
    skip_line_end (reader);
}

/* Reads a quoted field; reader->pos is on the opening quote. Line ends inside
 * are kept as "\n", whatever the file uses. */
static gboolean
read_quoted (TrCsvReader *reader,
             GString     *field,
             guint       *out_line,
             GError     **error)
{
  guint start_line = reader->line;

  reader->pos++;
  for (;;)
    {
      const char *run = reader->pos;

      while (reader->pos < reader->end && *reader->pos != '"' &&
             *reader->pos != '\n' && *reader->pos != '\r')
        reader->pos++;
      g_string_append_len (field, run, reader->pos - run);

      if (reader->pos >= reader->end)
        return fail (reader, start_line, out_line, error,
                     _("a quoted field starts here but its closing quote (\") is missing; "
                       "add the quote at the end of the text"));
      if (*reader->pos != '"')
        {
          skip_line_end (reader);
          g_string_append_c (field, '\n');
          continue;
        }
      if (reader->pos + 1 < reader->end && reader->pos[1] == '"')
        {
          g_string_append_c (field, '"');
          reader->pos += 2;
          continue;
        }
      reader->pos++;
      break;
    }

  if (reader->pos < reader->end && *reader->pos != reader->separator && !is_line_end (reader))
    {
      guint line = reader->line;

      skip_rest_of_line (reader);
      return fail (reader, line, out_line, error,
                   _("there is text after the closing quote of a field; "
                     "put the whole field inside the quotes, and write a quote inside it as two quotes (\"\")"));
    }
  return TRUE;
}

static void
read_plain (TrCsvReader *reader,
            GString     *field)
{
  const char *run = reader->pos;

  while (reader->pos < reader->end && *reader->pos != reader->separator && !is_line_end (reader))
    reader->pos++;
  g_string_append_len (field, run, reader->pos - run);
}

/* Spreadsheets leave empty lines between blocks; they hold no record. */
static void
skip_empty_lines (TrCsvReader *reader)
{
  while (is_line_end (reader))
    skip_line_end (reader);
}

static gboolean
check_utf8 (TrCsvReader *reader,
            const char  *start,
            guint        start_line,
            guint       *out_line,
            GError     **error)
{
  const char *bad;
  guint line = start_line;

  if (g_utf8_validate_len (start, reader->pos - start, &bad))
    return TRUE;

  for (const char *p = start; p < bad; p++)
    if (*p == '\n' || (*p == '\r' && (p + 1 >= bad || p[1] != '\n')))
      line++;
  return fail (reader, line, out_line, error,
               _("this line is not valid UTF-8 text; save the file with the character set "
                 "\"Unicode (UTF-8)\""));
}

gboolean
tr_csv_reader_next (TrCsvReader  *reader,
                    GPtrArray   **fields,
                    guint        *line,
                    GError      **error)
{
  g_autoptr(GPtrArray) record = NULL;
  g_autoptr(GString) field = NULL;
  const char *start;
  guint start_line;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  *fields = NULL;
  skip_empty_lines (reader);
  if (reader->pos >= reader->end)
    return FALSE;

  start = reader->pos;
  start_line = reader->line;
  record = g_ptr_array_new_with_free_func (g_free);
  field = g_string_sized_new (64);

  for (;;)
    {
      g_string_truncate (field, 0);
      if (reader->pos < reader->end && *reader->pos == '"')
        {
          if (!read_quoted (reader, field, line, error))
            return FALSE;
        }
      else
        read_plain (reader, field);

      g_ptr_array_add (record, g_strndup (field->str, field->len));

      if (reader->pos < reader->end && *reader->pos == reader->separator)
        {
          reader->pos++;
          continue;
        }
      break;
    }

  if (!check_utf8 (reader, start, start_line, line, error))
    {
      if (reader->pos < reader->end)
        skip_line_end (reader);
      return FALSE;
    }
  if (reader->pos < reader->end)
    skip_line_end (reader);

  if (line != NULL)
    *line = start_line;
  *fields = g_steal_pointer (&record);
  return TRUE;
}

static gboolean
needs_inert_prefix (const char *cell)
{
  return cell[0] != '\0' && strchr ("=+-@\t\r", cell[0]) != NULL;
}

static gboolean
needs_quotes (const char *cell, char separator)
{
  for (const char *p = cell; *p != '\0'; p++)
    if (*p == separator || *p == '"' || *p == '\r' || *p == '\n')
      return TRUE;
  return FALSE;
}

void
tr_csv_append_cell (GString    *out,
                    const char *cell,
                    char        separator)
{
  gboolean quoted;

  g_return_if_fail (out != NULL);

  if (cell == NULL)
    return;

  quoted = needs_quotes (cell, separator);
  if (quoted)
    g_string_append_c (out, '"');
  if (needs_inert_prefix (cell))
    g_string_append_c (out, '\'');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quoted)
    g_string_append_c (out, '"');
}

void
tr_csv_append_row (GString            *out,
                   const char * const *cells,
                   guint               n_cells,
                   char                separator)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (cells != NULL || n_cells == 0);

  for (guint i = 0; i < n_cells; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      tr_csv_append_cell (out, cells[i], separator);
    }
  g_string_append (out, "\r\n");
}

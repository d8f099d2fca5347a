/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-csv.h — CSV as spreadsheets write and read it (RFC 4180). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TrCsvReader TrCsvReader;

/* Reads @data (UTF-8, with or without BOM, CRLF or LF). The separator, ';' or
 * ',', is taken from the first line. Quoted fields may hold separators,
 * doubled quotes and newlines. */
TrCsvReader *tr_csv_reader_new           (const char *data, gsize length);
void         tr_csv_reader_free          (TrCsvReader *reader);
char         tr_csv_reader_get_separator (TrCsvReader *reader);
/* Returns the next record's fields in @fields (a new array of strings), and
 * the line on which it starts in @line (1-based). Returns FALSE at the end
 * (with @error unset) or on a malformed record (an unterminated quote, text
 * after a closing quote, invalid UTF-8), with @error naming the line and
 * @line set to the line of the problem. After a malformed record the next
 * call carries on with the following one, so every bad record can be
 * reported; an unterminated quote swallows the rest of the data. Empty lines
 * are skipped. Line ends inside a quoted field come back as "\n". */
gboolean     tr_csv_reader_next          (TrCsvReader *reader,
                                          GPtrArray  **fields,
                                          guint       *line,
                                          GError     **error);
/* After tr_csv_reader_next() failed: what was wrong, without the line
 * number, for callers that name the line their own way ("file.csv:12: …"). */
const char  *tr_csv_reader_get_problem   (TrCsvReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrCsvReader, tr_csv_reader_free)

/* Appends one cell for a French spreadsheet: quoted when it holds the
 * separator, a quote, CR or LF; a cell starting with = + - @ TAB or CR is made
 * inert with a leading apostrophe so a spreadsheet never runs it. */
void tr_csv_append_cell (GString *out, const char *cell, char separator);
/* Appends a whole record, cells separated by @separator, ended by CRLF. */
void tr_csv_append_row  (GString *out, const char * const *cells, guint n_cells, char separator);

G_END_DECLS

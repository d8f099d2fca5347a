/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c — tests of the CSV reader and writer against what spreadsheets write. */
#include <string.h>

#include "tr-csv.h"
#include "tr-error.h"

/* Reads one record and checks its fields and starting line. */
static void
assert_record (TrCsvReader        *reader,
               guint               expected_line,
               const char * const *expected)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  guint line = 0;
  guint n = g_strv_length ((char **) expected);

  g_assert_true (tr_csv_reader_next (reader, &fields, &line, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (line, ==, expected_line);
  g_assert_cmpuint (fields->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (fields, i), ==, expected[i]);
}

static void
assert_end (TrCsvReader *reader)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  guint line = 0;

  g_assert_false (tr_csv_reader_next (reader, &fields, &line, &error));
  g_assert_no_error (error);
  g_assert_null (fields);
}

/* Checks the next call fails on @expected_line with a message about it. */
static void
assert_failure (TrCsvReader *reader,
                guint        expected_line,
                const char  *expected_words)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line_words = g_strdup_printf ("Line %u:", expected_line);
  guint line = 0;

  g_assert_false (tr_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_null (fields);
  g_assert_cmpuint (line, ==, expected_line);
  g_assert_true (g_str_has_prefix (error->message, line_words));
  g_assert_nonnull (strstr (error->message, expected_words));
  g_assert_nonnull (strstr (tr_csv_reader_get_problem (reader), expected_words));
}

static TrCsvReader *
reader_for (const char *text)
{
  return tr_csv_reader_new (text, strlen (text));
}

static void
test_plain_lf (void)
{
  g_autoptr(TrCsvReader) reader = reader_for ("a;b;c\n1;;3\nx;y;z");

  g_assert_cmpint (tr_csv_reader_get_separator (reader), ==, ';');
  assert_record (reader, 1, (const char *[]) { "a", "b", "c", NULL });
  assert_record (reader, 2, (const char *[]) { "1", "", "3", NULL });
  /* The last line has no line end, as many editors save it. */
  assert_record (reader, 3, (const char *[]) { "x", "y", "z", NULL });
  assert_end (reader);
  assert_end (reader);
}

static void
test_separator_at_very_end (void)
{
  /* A last empty cell with no line end after it is still a cell. */
  static const char data[] = "a;b;c\n1;2;";
  /* Not NUL-terminated, so nothing may be read past the last byte. */
  g_autofree char *copy = g_memdup2 (data, sizeof data - 1);
  g_autoptr(TrCsvReader) reader = tr_csv_reader_new (copy, sizeof data - 1);

  assert_record (reader, 1, (const char *[]) { "a", "b", "c", NULL });
  assert_record (reader, 2, (const char *[]) { "1", "2", "", NULL });
  assert_end (reader);
}

static void
test_bom_crlf_comma (void)
{
  g_autoptr(TrCsvReader) reader =
    reader_for ("\xEF\xBB\xBFid,title,note\r\n7,\"Caf\xC3\xA9; cr\xC3\xA8me\",\"a, b\"\r\n");

  g_assert_cmpint (tr_csv_reader_get_separator (reader), ==, ',');
  /* The BOM is not part of the first name. */
  assert_record (reader, 1, (const char *[]) { "id", "title", "note", NULL });
  assert_record (reader, 2, (const char *[]) { "7", "Caf\xC3\xA9; cr\xC3\xA8me", "a, b", NULL });
  assert_end (reader);
}

static void
test_separator_from_header_only (void)
{
  /* Commas in the data rows must not sway the choice made on the header. */
  g_autoptr(TrCsvReader) reader = reader_for ("a;b\n\"x,y,z\";w,v,u\n");

  g_assert_cmpint (tr_csv_reader_get_separator (reader), ==, ';');
  assert_record (reader, 1, (const char *[]) { "a", "b", NULL });
  assert_record (reader, 2, (const char *[]) { "x,y,z", "w,v,u", NULL });
}

static void
test_quoted_fields (void)
{
  g_autoptr(TrCsvReader) reader =
    reader_for ("h1;h2;h3\r\n"
                "\"say \"\"hi\"\"\";\"two\r\nlines\";\"\"\r\n"
                "\"three\nmore\nlines\";end;\r\n"
                "after;the;multi\r\n");

  assert_record (reader, 1, (const char *[]) { "h1", "h2", "h3", NULL });
  /* A CRLF inside quotes comes back as one "\n". */
  assert_record (reader, 2, (const char *[]) { "say \"hi\"", "two\nlines", "", NULL });
  /* The record starting on line 4 spans three lines, and a trailing
   * separator means a last empty field. */
  assert_record (reader, 4, (const char *[]) { "three\nmore\nlines", "end", "", NULL });
  assert_record (reader, 7, (const char *[]) { "after", "the", "multi", NULL });
  assert_end (reader);
}

static void
test_empty_lines_skipped (void)
{
  g_autoptr(TrCsvReader) reader = reader_for ("\r\n\na;b\r\n\r\n\r\nc;d\n\n");

  assert_record (reader, 3, (const char *[]) { "a", "b", NULL });
  assert_record (reader, 6, (const char *[]) { "c", "d", NULL });
  assert_end (reader);
}

static void
test_lone_cr (void)
{
  g_autoptr(TrCsvReader) reader = reader_for ("a;b\rc;d\r");

  assert_record (reader, 1, (const char *[]) { "a", "b", NULL });
  assert_record (reader, 2, (const char *[]) { "c", "d", NULL });
  assert_end (reader);
}

static void
test_empty_input (void)
{
  g_autoptr(TrCsvReader) empty = tr_csv_reader_new ("", 0);
  g_autoptr(TrCsvReader) bom_only = reader_for ("\xEF\xBB\xBF");
  g_autoptr(TrCsvReader) null_data = tr_csv_reader_new (NULL, 0);

  assert_end (empty);
  assert_end (bom_only);
  assert_end (null_data);
  g_assert_cmpint (tr_csv_reader_get_separator (empty), ==, ';');
}

static void
test_unterminated_quote (void)
{
  g_autoptr(TrCsvReader) reader = reader_for ("a;b\nok;fine\n\"open;\nstill open\nand more\n");

  assert_record (reader, 1, (const char *[]) { "a", "b", NULL });
  assert_record (reader, 2, (const char *[]) { "ok", "fine", NULL });
  /* Named at the line where the quote opens, not where the file ends. */
  assert_failure (reader, 3, "closing quote");
  assert_end (reader);
}

static void
test_text_after_quote (void)
{
  g_autoptr(TrCsvReader) reader = reader_for ("a;b\n\"x\"y;z\nnext;one\n");

  assert_record (reader, 1, (const char *[]) { "a", "b", NULL });
  assert_failure (reader, 2, "after the closing quote");
  /* The reader carries on, so every bad record can be reported. */
  assert_record (reader, 3, (const char *[]) { "next", "one", NULL });
  assert_end (reader);
}

static void
test_invalid_utf8 (void)
{
  /* Latin-1 "é" (0xE9), as a spreadsheet saving in Windows-1252 writes it,
   * on the second line of a record that starts on line 2. */
  g_autoptr(TrCsvReader) reader = reader_for ("a;b\n\"one\r\ncaf\xE9\";x\r\nlast;row\n");

  assert_record (reader, 1, (const char *[]) { "a", "b", NULL });
  assert_failure (reader, 3, "UTF-8");
  assert_record (reader, 4, (const char *[]) { "last", "row", NULL });
  assert_end (reader);
}

static void
test_nul_byte_rejected (void)
{
  static const char data[] = "a;b\nx\0y;z\n";
  g_autoptr(TrCsvReader) reader = tr_csv_reader_new (data, sizeof data - 1);

  assert_record (reader, 1, (const char *[]) { "a", "b", NULL });
  assert_failure (reader, 2, "UTF-8");
}

static void
test_append_cell (void)
{
  static const struct { const char *cell; const char *written; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a;b", "\"a;b\"" },
    { "a,b", "a,b" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { "=1+2", "'=1+2" },
    { "+33612345678", "'+33612345678" },
    { "-5", "'-5" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tindent", "'\tindent" },
    { "\rstart", "\"'\rstart\"" },
    { "=HYPERLINK(\"x\";\"y\")", "\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\"" },
    { "a=b", "a=b" },
    { "Caf\xC3\xA9", "Caf\xC3\xA9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("");

      tr_csv_append_cell (out, cases[i].cell, ';');
      g_assert_cmpstr (out->str, ==, cases[i].written);
    }
}

static void
test_append_row (void)
{
  const char *cells[] = { "id", "a;b", NULL, "=x" };
  g_autoptr(GString) out = g_string_new ("");

  tr_csv_append_row (out, cells, G_N_ELEMENTS (cells), ';');
  g_assert_cmpstr (out->str, ==, "id;\"a;b\";;'=x\r\n");

  g_string_truncate (out, 0);
  tr_csv_append_row (out, cells, 2, ',');
  g_assert_cmpstr (out->str, ==, "id,a;b\r\n");
}

/* What the writer writes, the reader reads back (apart from the inert
 * apostrophe, which is the point). */
static void
test_round_trip (void)
{
  const char *cells[] = {
    "id", "with;semicolon", "with \"quotes\"", "multi\nline", "", "Caf\xC3\xA9 \xE2\x80\x94 \xE5\x8C\x97\xE4\xBA\xAC",
  };
  g_autoptr(GString) out = g_string_new ("");
  g_autoptr(TrCsvReader) reader = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  guint line;

  tr_csv_append_row (out, cells, G_N_ELEMENTS (cells), ';');
  tr_csv_append_row (out, cells, G_N_ELEMENTS (cells), ';');
  reader = tr_csv_reader_new (out->str, out->len);
  g_assert_cmpint (tr_csv_reader_get_separator (reader), ==, ';');
  for (guint record = 0; record < 2; record++)
    {
      g_clear_pointer (&fields, g_ptr_array_unref);
      g_assert_true (tr_csv_reader_next (reader, &fields, &line, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (line, ==, record == 0 ? 1 : 3);
      g_assert_cmpuint (fields->len, ==, G_N_ELEMENTS (cells));
      for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
        g_assert_cmpstr (g_ptr_array_index (fields, i), ==, cells[i]);
    }
  assert_end (reader);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/read/plain-lf", test_plain_lf);
  g_test_add_func ("/csv/read/separator-at-end", test_separator_at_very_end);
  g_test_add_func ("/csv/read/bom-crlf-comma", test_bom_crlf_comma);
  g_test_add_func ("/csv/read/separator-from-header", test_separator_from_header_only);
  g_test_add_func ("/csv/read/quoted-fields", test_quoted_fields);
  g_test_add_func ("/csv/read/empty-lines", test_empty_lines_skipped);
  g_test_add_func ("/csv/read/lone-cr", test_lone_cr);
  g_test_add_func ("/csv/read/empty-input", test_empty_input);
  g_test_add_func ("/csv/read/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/read/text-after-quote", test_text_after_quote);
  g_test_add_func ("/csv/read/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/csv/read/nul-byte", test_nul_byte_rejected);
  g_test_add_func ("/csv/write/cell", test_append_cell);
  g_test_add_func ("/csv/write/row", test_append_row);
  g_test_add_func ("/csv/round-trip", test_round_trip);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV reader on any bytes: every record, every problem, to the end. */
#include "fuzz-common.h"
#include "tr-csv.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

/* Writes a record back and reads it again: the writer's quoting must give a
 * record the reader takes, with as many fields. A header line first tells
 * the reader the separator, as in a real file. */
static void
round_trip (GPtrArray *fields, char separator)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(TrCsvReader) reader = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  guint line;

  g_string_printf (out, "id%ctitle%cseats\r\n", separator, separator);
  tr_csv_append_row (out, (const char * const *) fields->pdata, fields->len, separator);
  reader = tr_csv_reader_new (out->str, out->len);
  if (!tr_csv_reader_next (reader, &header, &line, NULL))
    abort ();
  if (!tr_csv_reader_next (reader, &again, &line, &error))
    {
      /* Only a record of one empty field is written as an empty line. */
      if (error == NULL && fields->len == 1 && *(char *) fields->pdata[0] == '\0')
        return;
      g_printerr ("a record written by tr_csv_append_row does not read back: %s\n",
                  error != NULL ? error->message : "no record");
      abort ();
    }
  if (again->len != fields->len)
    {
      g_printerr ("a record of %u fields read back with %u\n", fields->len, again->len);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(TrCsvReader) reader = tr_csv_reader_new ((const char *) data, size);
  char separator = tr_csv_reader_get_separator (reader);

  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GError) error = NULL;
      guint line = 0;

      if (tr_csv_reader_next (reader, &fields, &line, &error))
        {
          round_trip (fields, separator);
          continue;
        }
      if (error == NULL)
        break;
      (void) tr_csv_reader_get_problem (reader);
    }
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c — tests of a day's export: sealed by the kiosk, opened by the office into the CSV and JSON Lines, their bytes and columns, and the all-or-nothing write. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "store-fixture.h"
#include "tr-csv.h"
#include "tr-export.h"
#include "tr-export-rows.h"
#include "tr-rules.h"
#include "tr-sealed-file.h"

#define KIOSK "mairie-18-01"
#define BOM "\xEF\xBB\xBF"

static const char * const no_flags[] = { NULL };

typedef struct {
  StoreFixture  base;
  TrRules      *rules;
  char         *out;     /* the folder exports go to */
  char         *office;  /* where the office opens them */
} Fixture;

/* The rules built into the core: the answer and flag columns follow them. */
static TrRules *
shipped_rules (void)
{
  g_autoptr(GError) error = NULL;
  TrRules *rules = tr_rules_new_default (&error);

  g_assert_no_error (error);
  return rules;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;

  store_fixture_set_up (&fixture->base, KIOSK);
  fixture->rules = shipped_rules ();
  fixture->out = g_build_filename (fixture->base.dir, "usb", NULL);
  g_assert_cmpint (g_mkdir (fixture->out, 0700), ==, 0);
  fixture->office = g_build_filename (fixture->base.dir, "office", NULL);
  g_assert_cmpint (g_mkdir (fixture->office, 0700), ==, 0);

  offers = offer_list (make_offer ("DEV-7", 2, TR_CATEGORY_DEVELOPER, "Développeur \"full-stack\"; Paris"),
                       make_offer ("MKT-3", 30, TR_CATEGORY_DIGITAL_MARKETING, "Marketing digital"),
                       NULL);
  import_or_fail (fixture->base.store, offers, NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->rules);
  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->office, g_free);
  store_fixture_tear_down (&fixture->base);
}

static void
add (Fixture *fixture, const char *session, const char *offer, const char *when,
     const char *person, const char * const *flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration =
    register_person (&fixture->base, session, offer, when, person, flags, TRUE, &error);

  g_assert_no_error (error);
}

static char *
export_sealed (Fixture *fixture, const char *date, guint *n_rows)
{
  g_autoptr(GError) error = NULL;
  char *path = tr_export_day_sealed (fixture->base.store, fixture->rules, date, fixture->out, n_rows, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

/* The office's side: the sealed file opened with the test's office key. */
static TrExportRows *
open_sealed (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrSealedFile) file = tr_sealed_file_read (path, &error);
  g_autoptr(TrExportRows) rows = NULL;

  g_assert_no_error (error);
  rows = tr_export_rows_from_sealed (file, path, test_office ()->key, &error);
  g_assert_no_error (error);
  g_assert_true (tr_export_rows_open (rows, test_office ()->key, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&rows);
}

/* The day exported as the kiosk does it, sealed, then opened as the office
 * does it: the path of the CSV or JSON Lines file written from it. */
static char *
export (Fixture *fixture, const char *date, TrExportFormat format, guint *n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sealed = export_sealed (fixture, date, n_rows);
  g_autoptr(TrExportRows) rows = open_sealed (sealed);
  g_autoptr(GBytes) table = tr_export_rows_to_table (rows, format);
  g_autofree char *name = tr_export_file_name (KIOSK, date, format == TR_EXPORT_CSV ? "csv" : "jsonl");
  char *path = g_build_filename (fixture->office, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (table, NULL), g_bytes_get_size (table), &error));
  g_assert_no_error (error);
  return path;
}

static char *
read_file (const char *path, gsize *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* The header a given rules file calls for. */
static GPtrArray *
expected_columns (TrRules *rules)
{
  const char * const fixed[] = {
    "kiosk_id", "code", "registered_at", "local_date", "status", "offer_id", "offer_title",
    "offer_category", "offer_provider", "offer_postcode", "verdict", "last_name", "first_name",
    "birth_date", "phone", "email", "postcode", "pole_emploi_id",
  };
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);
  const char * const *flags = tr_rules_get_flag_ids (rules);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (columns, g_strdup (fixed[i]));
  for (guint i = 0; i < tr_rules_get_n_questions (rules); i++)
    g_ptr_array_add (columns, g_strconcat ("answer_", tr_question_get_id (tr_rules_get_question (rules, i)), NULL));
  for (guint i = 0; flags[i] != NULL; i++)
    g_ptr_array_add (columns, g_strconcat ("flag_", flags[i], NULL));
  g_ptr_array_add (columns, g_strdup ("cancel_reason"));
  return columns;
}

static char *
join_columns (GPtrArray *columns)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? ";" : "", (char *) g_ptr_array_index (columns, i));
  return g_string_free (joined, FALSE);
}

static guint
column_index (GPtrArray *columns, const char *name)
{
  guint index;

  if (!g_ptr_array_find_with_equal_func (columns, name, g_str_equal, &index))
    g_error ("no column %s", name);
  return index;
}

/* Every record of a CSV file, read back with the project's own reader. */
static GPtrArray *
read_csv (const char *contents, gsize length)
{
  g_autoptr(TrCsvReader) reader = tr_csv_reader_new (contents, length);
  g_autoptr(GError) error = NULL;
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *fields;
  guint line;

  while (tr_csv_reader_next (reader, &fields, &line, &error))
    g_ptr_array_add (records, fields);
  g_assert_no_error (error);
  g_assert_cmpint (tr_csv_reader_get_separator (reader), ==, ';');
  return records;
}

static const char *
cell (GPtrArray *records, guint row, GPtrArray *columns, const char *name)
{
  GPtrArray *record = g_ptr_array_index (records, row);
  return g_ptr_array_index (record, column_index (columns, name));
}

/* ---- CSV ------------------------------------------------------------- */

static const char *tricky_person =
  "{\"first_name\":\"=HYPERLINK(\\\"http://evil.example\\\")\",\"last_name\":\"Dupont; \\\"Jo\\\"\","
  "\"birth_date\":\"1990-04-02\",\"phone\":\"+33612345678\",\"email\":\"+cmd@example.org\","
  "\"postcode\":\"75018\",\"pole_emploi_id\":\"@SUM(1)\"}";

static void
test_csv_bytes (Fixture *fixture, gconstpointer data)
{
  const char * const flags[] = { "qpv", "woman", NULL };
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected_name = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GPtrArray) columns = expected_columns (fixture->rules);
  g_autoptr(GPtrArray) records = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length;
  guint n_rows = 99;

  add (fixture, "a", "DEV-7", "2026-11-28T13:03:12Z", tricky_person, flags);
  add (fixture, "b", "MKT-3", "2026-11-28T09:00:00Z", NULL, no_flags);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDateTime) now = at ("2026-11-28T16:00:00Z");
    g_autofree char *code = NULL;
    sqlite3 *db = raw_open (fixture->base.db_path);

    code = raw_text (db, "SELECT code FROM registrations WHERE session_id = 'b'");
    sqlite3_close (db);
    g_assert_true (tr_store_cancel (fixture->base.store, code, "-2+3 moved away", now, &error));
    g_assert_no_error (error);
  }

  path = export (fixture, "2026-11-28", TR_EXPORT_CSV, &n_rows);
  g_assert_cmpuint (n_rows, ==, 2);
  expected_name = g_build_filename (fixture->office, "tremplin-" KIOSK "-2026-11-28.csv", NULL);
  g_assert_cmpstr (path, ==, expected_name);
  contents = read_file (path, &length);

  /* UTF-8 with BOM, ';', CRLF after every record, nothing else. */
  g_assert_true (g_str_has_prefix (contents, BOM));
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\n')
      g_assert_cmpint (contents[i - 1], ==, '\r');
  lines = g_strsplit (contents + strlen (BOM), "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  header = join_columns (columns);
  g_assert_cmpstr (lines[0], ==, header);

  /* Quoting, inert formulas and the national phone, byte for byte. */
  g_assert_nonnull (strstr (lines[2], ";\"Dupont; \"\"Jo\"\"\";"));
  g_assert_nonnull (strstr (lines[2], ";\"'=HYPERLINK(\"\"http://evil.example\"\")\";"));
  g_assert_nonnull (strstr (lines[2], ";06 12 34 56 78;"));
  g_assert_nonnull (strstr (lines[2], ";'+cmd@example.org;"));
  g_assert_nonnull (strstr (lines[2], ";'@SUM(1);"));
  g_assert_nonnull (strstr (lines[2], ";\"Développeur \"\"full-stack\"\"; Paris\";"));
  g_assert_true (g_str_has_suffix (lines[1], ";'-2+3 moved away"));
  g_assert_null (strstr (contents, "+33612345678"));

  /* Time order: the 09:00 registration comes first. */
  records = read_csv (contents, length);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, 1))->len, ==, columns->len);
  g_assert_cmpstr (cell (records, 1, columns, "offer_id"), ==, "MKT-3");
  g_assert_cmpstr (cell (records, 1, columns, "status"), ==, "cancelled");
  g_assert_cmpstr (cell (records, 1, columns, "registered_at"), ==, "2026-11-28T10:00:00+01:00");
  g_assert_cmpstr (cell (records, 2, columns, "kiosk_id"), ==, KIOSK);
  g_assert_cmpstr (cell (records, 2, columns, "registered_at"), ==, "2026-11-28T14:03:12+01:00");
  g_assert_cmpstr (cell (records, 2, columns, "local_date"), ==, "2026-11-28");
  g_assert_cmpstr (cell (records, 2, columns, "status"), ==, "registered");
  g_assert_cmpstr (cell (records, 2, columns, "offer_category"), ==, "developer");
  g_assert_cmpstr (cell (records, 2, columns, "offer_provider"), ==, "École du Code");
  g_assert_cmpstr (cell (records, 2, columns, "offer_postcode"), ==, "75020");
  g_assert_cmpstr (cell (records, 2, columns, "verdict"), ==, "eligible");
  g_assert_cmpstr (cell (records, 2, columns, "last_name"), ==, "Dupont; \"Jo\"");
  g_assert_cmpstr (cell (records, 2, columns, "birth_date"), ==, "1990-04-02");
  g_assert_cmpstr (cell (records, 2, columns, "postcode"), ==, "75018");
  g_assert_cmpstr (cell (records, 2, columns, "answer_qpv"), ==, "yes");
  g_assert_cmpstr (cell (records, 2, columns, "answer_postcode"), ==, "75019");
  g_assert_cmpstr (cell (records, 2, columns, "answer_diploma"), ==, "");
  g_assert_cmpstr (cell (records, 2, columns, "flag_qpv"), ==, "1");
  g_assert_cmpstr (cell (records, 2, columns, "flag_woman"), ==, "1");
  g_assert_cmpstr (cell (records, 2, columns, "flag_under_26"), ==, "0");
  g_assert_cmpstr (cell (records, 2, columns, "cancel_reason"), ==, "");
  g_assert_cmpstr (cell (records, 1, columns, "email"), ==, "");
}

static void
test_same_day_twice_same_bytes (Fixture *fixture, gconstpointer data)
{
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_jsonl = NULL;
  g_autofree char *second_jsonl = NULL;
  g_autofree char *path = NULL;
  gsize first_length, second_length;

  add (fixture, "a", "DEV-7", "2026-11-28T13:03:12Z", tricky_person, no_flags);
  add (fixture, "b", "MKT-3", "2026-11-28T13:03:12Z", NULL, no_flags);
  add (fixture, "c", "DEV-7", "2026-11-28T08:00:00Z", NULL, no_flags);

  first_path = export (fixture, "2026-11-28", TR_EXPORT_CSV, NULL);
  first = read_file (first_path, &first_length);
  path = export (fixture, "2026-11-28", TR_EXPORT_JSONL, NULL);
  first_jsonl = read_file (path, NULL);
  g_clear_pointer (&path, g_free);

  /* Later, from another connection, with other days added meanwhile. */
  add (fixture, "d", "MKT-3", "2026-11-29T08:00:00Z", NULL, no_flags);
  g_clear_object (&fixture->base.store);
  fixture->base.store = tr_store_open (fixture->base.db_path, FALSE, NULL);
  second_path = export (fixture, "2026-11-28", TR_EXPORT_CSV, NULL);
  second = read_file (second_path, &second_length);
  path = export (fixture, "2026-11-28", TR_EXPORT_JSONL, NULL);
  second_jsonl = read_file (path, NULL);

  g_assert_cmpstr (first_path, ==, second_path);
  g_assert_cmpmem (first, first_length, second, second_length);
  g_assert_cmpstr (first_jsonl, ==, second_jsonl);
}

/* ---- JSON Lines ------------------------------------------------------ */

static void
test_jsonl_same_values (Fixture *fixture, gconstpointer data)
{
  const char * const flags[] = { "under_26", NULL };
  g_autofree char *csv_path = NULL;
  g_autofree char *jsonl_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *expected_name = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) columns = expected_columns (fixture->rules);
  g_auto(GStrv) lines = NULL;
  gsize csv_length;
  guint n_rows = 0, first_flag = column_index (columns, "flag_qpv");

  add (fixture, "a", "DEV-7", "2026-11-28T13:03:12Z", tricky_person, flags);
  add (fixture, "b", "MKT-3", "2026-11-28T15:00:00Z", NULL, no_flags);

  csv_path = export (fixture, "2026-11-28", TR_EXPORT_CSV, NULL);
  jsonl_path = export (fixture, "2026-11-28", TR_EXPORT_JSONL, &n_rows);
  g_assert_cmpuint (n_rows, ==, 2);
  expected_name = g_build_filename (fixture->office, "tremplin-" KIOSK "-2026-11-28.jsonl", NULL);
  g_assert_cmpstr (jsonl_path, ==, expected_name);
  csv = read_file (csv_path, &csv_length);
  jsonl = read_file (jsonl_path, NULL);
  records = read_csv (csv, csv_length);

  g_assert_false (g_str_has_prefix (jsonl, BOM));
  g_assert_null (strchr (jsonl, '\r'));
  g_assert_true (g_str_has_suffix (jsonl, "}\n"));
  lines = g_strsplit (jsonl, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);

  for (guint row = 0; row < 2; row++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GList) members = NULL;
      JsonObject *object;
      guint column = 0;

      g_assert_true (json_parser_load_from_data (parser, lines[row], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      g_assert_cmpuint (g_list_length (members), ==, columns->len);

      /* Same keys in the same order, same values; the CSV's inert prefix
       * is for spreadsheets only. */
      for (GList *l = members; l != NULL; l = l->next, column++)
        {
          const char *key = l->data;
          const char *csv_value = g_ptr_array_index ((GPtrArray *) g_ptr_array_index (records, row + 1), column);
          JsonNode *node = json_object_get_member (object, key);

          g_assert_cmpstr (key, ==, g_ptr_array_index (columns, column));
          if (column >= first_flag && column < columns->len - 1)
            {
              g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
              g_assert_cmpstr (json_node_get_boolean (node) ? "1" : "0", ==, csv_value);
            }
          else if (csv_value[0] == '\'')
            g_assert_cmpstr (json_node_get_string (node), ==, csv_value + 1);
          else
            g_assert_cmpstr (json_node_get_string (node), ==, csv_value);
        }
    }

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;

    g_assert_true (json_parser_load_from_data (parser, lines[0], -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "first_name"), ==, "=HYPERLINK(\"http://evil.example\")");
    g_assert_cmpstr (json_object_get_string_member (object, "phone"), ==, "06 12 34 56 78");
    g_assert_true (json_object_get_boolean_member (object, "flag_under_26"));
    g_assert_false (json_object_get_boolean_member (object, "flag_qpv"));
  }
}

/* ---- edges ----------------------------------------------------------- */

static void
test_empty_day (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) columns = expected_columns (fixture->rules);
  g_autofree char *header = join_columns (columns);
  g_autofree char *expected = g_strconcat (BOM, header, "\r\n", NULL);
  g_autofree char *csv_path = NULL;
  g_autofree char *jsonl_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *jsonl = NULL;
  gsize jsonl_length;
  guint n_rows = 99;

  add (fixture, "a", "DEV-7", "2026-11-27T13:03:12Z", NULL, no_flags);
  csv_path = export (fixture, "2026-11-28", TR_EXPORT_CSV, &n_rows);
  g_assert_cmpuint (n_rows, ==, 0);
  csv = read_file (csv_path, NULL);
  g_assert_cmpstr (csv, ==, expected);

  jsonl_path = export (fixture, "2026-11-28", TR_EXPORT_JSONL, &n_rows);
  jsonl = read_file (jsonl_path, &jsonl_length);
  g_assert_cmpuint (jsonl_length, ==, 0);
}

static guint
count_entries (const char *dir)
{
  GDir *listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (listing);
  while (g_dir_read_name (listing) != NULL)
    n++;
  g_dir_close (listing);
  return n;
}

static void
assert_export_fails (Fixture *fixture, const char *date, const char *directory,
                     int code, const char *words)
{
  g_autoptr(GError) error = NULL;
  char *path = tr_export_day_sealed (fixture->base.store, fixture->rules, date, directory, NULL, &error);

  g_assert_null (path);
  g_assert_error (error, TR_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

/* A folder this process cannot write to. Root writes through permissions,
 * so it gets a folder of a file system that refuses new files instead. */
static char *
unwritable_folder (Fixture *fixture)
{
  g_autofree char *probe = NULL;
  char *dir = g_build_filename (fixture->base.dir, "read-only", NULL);
  int fd;

  g_assert_cmpint (g_mkdir (dir, 0500), ==, 0);
  probe = g_build_filename (dir, "probe", NULL);
  fd = g_open (probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return dir;
  close (fd);
  g_unlink (probe);
  g_free (dir);

  g_clear_pointer (&probe, g_free);
  probe = g_build_filename ("/sys", ".tremplin-probe", NULL);
  fd = g_open (probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
    return g_strdup ("/sys");
  if (fd >= 0)
    {
      close (fd);
      g_unlink (probe);
    }
  return NULL;
}

static void
test_errors_leave_no_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (fixture->base.dir, "no-usb-key", NULL);
  g_autofree char *plain_file = g_build_filename (fixture->base.dir, "a-file", NULL);
  g_autofree char *read_only = NULL;
  const char *bad_dates[] = { "2026-02-30", "28/11/2026", "2026-11-28T00:00", "", "2026-1-28" };

  add (fixture, "a", "DEV-7", "2026-11-28T13:03:12Z", NULL, no_flags);

  assert_export_fails (fixture, "2026-11-28", missing, TR_ERROR_NOT_FOUND, "does not exist");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (plain_file, "x", 1, NULL));
  assert_export_fails (fixture, "2026-11-28", plain_file, TR_ERROR_INVALID, "not a folder");

  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    assert_export_fails (fixture, bad_dates[i], fixture->out, TR_ERROR_INVALID, "YYYY-MM-DD");
  assert_export_fails (fixture, NULL, fixture->out, TR_ERROR_INVALID, "YYYY-MM-DD");
  g_assert_cmpuint (count_entries (fixture->out), ==, 0);

  read_only = unwritable_folder (fixture);
  if (read_only == NULL)
    {
      g_test_skip ("no folder refuses this process's writes");
      return;
    }
  assert_export_fails (fixture, "2026-11-28", read_only, TR_ERROR_STORAGE, "read-only");
  if (!g_str_equal (read_only, "/sys"))
    g_assert_cmpuint (count_entries (read_only), ==, 0);
  else
    g_assert_false (g_file_test ("/sys/tremplin-" KIOSK "-2026-11-28.sealed", G_FILE_TEST_EXISTS));
  g_chmod (read_only, 0700);

  /* Nothing was recorded for the failed exports. */
  g_assert_cmpint (raw_int_at (fixture->base.db_path, "SELECT count(*) FROM events WHERE kind = 'export'"), ==, 0);
}

/* A failure half-way through the rows removes the temporary file too. */
static void
test_failure_midway_leaves_no_file (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db;

  add (fixture, "a", "DEV-7", "2026-11-28T08:00:00Z", NULL, no_flags);
  add (fixture, "b", "DEV-7", "2026-11-28T09:00:00Z", NULL, no_flags);
  db = raw_open (fixture->base.db_path);
  raw_exec (db, "PRAGMA foreign_keys = OFF;"
                "INSERT INTO registrations (session_id, code, created_at, local_date, kiosk_id, offer_id, status, "
                "verdict, flags, payload) VALUES ('orphan', 'X', '2026-11-28T10:00:00Z', "
                "'2026-11-28', '" KIOSK "', 'GONE', 'registered', 'eligible', '[]', '')");
  sqlite3_close (db);

  assert_export_fails (fixture, "2026-11-28", fixture->out, TR_ERROR_NOT_FOUND, "GONE");
  g_assert_cmpuint (count_entries (fixture->out), ==, 0);
  g_assert_cmpint (raw_int_at (fixture->base.db_path, "SELECT count(*) FROM events WHERE kind = 'export'"), ==, 0);
}

/* The day's file is written whole or not at all, and only recorded when it
 * is. */
static void
test_one_file_or_none (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *in_the_way = g_build_filename (fixture->out, "tremplin-" KIOSK "-2026-11-28.sealed", NULL);
  guint n_rows = 0;

  add (fixture, "a", "DEV-7", "2026-11-28T08:00:00Z", NULL, no_flags);
  path = tr_export_day_sealed (fixture->base.store, fixture->rules, "2026-11-28", fixture->out, &n_rows, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, in_the_way);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (n_rows, ==, 1);
  g_assert_cmpuint (count_entries (fixture->out), ==, 1);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_clear_pointer (&path, g_free);

  /* A folder where the file goes makes its rename fail. */
  g_assert_cmpint (g_mkdir (in_the_way, 0700), ==, 0);
  path = tr_export_day_sealed (fixture->base.store, fixture->rules, "2026-11-28", fixture->out, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_cmpuint (count_entries (fixture->out), ==, 1);
  g_assert_true (g_file_test (in_the_way, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (raw_int_at (fixture->base.db_path, "SELECT count(*) FROM events WHERE kind = 'export'"), ==, 1);
}

/* What the kiosk writes: a manifest anyone can read, the rows inside
 * sealed, each row's details the very bytes the store sealed; no detail in
 * clear anywhere in the file. */
static void
test_sealed_file (Fixture *fixture, gconstpointer data)
{
  const char * const flags[] = { "qpv", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TrSealedFile) file = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *member_text = NULL;
  g_autofree char *details = NULL;
  g_autofree char *key_line = g_strdup_printf ("sealed-to: %s\n", test_office ()->text);
  gsize length = 0;
  guint n_rows = 0;
  GStatBuf st;

  add (fixture, "a", "DEV-7", "2026-11-28T13:03:12Z", tricky_person, flags);
  add (fixture, "b", "MKT-3", "2026-11-28T14:00:00Z", NULL, no_flags);
  path = export_sealed (fixture, "2026-11-28", &n_rows);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_true (g_str_has_suffix (path, "/tremplin-" KIOSK "-2026-11-28.sealed"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  contents = read_file (path, &length);
  g_assert_true (g_str_has_prefix (contents, "tremplin-sealed-export-v1\nkiosk: " KIOSK "\nday: 2026-11-28\n"
                                             "registrations: 2\nfiles: tremplin-" KIOSK "-2026-11-28.rows.jsonl\n"));
  g_assert_nonnull (strstr (contents, key_line));
  for (guint i = 0; i < 6; i++)
    {
      const char *details_in_clear[] = { "Dupont", "HYPERLINK", "Diallo", "612345678", "cmd@example", "SUM(1)" };
      g_assert_false (bytes_contain (contents, length, details_in_clear[i]));
    }

  file = tr_sealed_file_read (path, &error);
  g_assert_no_error (error);
  members = tr_sealed_file_open (file, test_office ()->key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);
  member_text = g_strndup (g_bytes_get_data (((TrSealedMember *) members->pdata[0])->contents, NULL),
                           g_bytes_get_size (((TrSealedMember *) members->pdata[0])->contents));
  g_assert_true (g_str_has_prefix (member_text, "{\"format\":\"tremplin-sealed-rows-v1\""));
  g_assert_null (strstr (member_text, "Dupont"));

  {
    sqlite3 *db = raw_open (fixture->base.db_path);
    g_autofree char *code = raw_text (db, "SELECT code FROM registrations WHERE session_id = 'a'");

    sqlite3_close (db);
    registration = tr_store_find_by_code (fixture->base.store, code, &error);
  }
  g_assert_no_error (error);
  details = g_base64_encode (g_bytes_get_data (registration->details, NULL), g_bytes_get_size (registration->details));
  {
    g_autofree char *member = g_strdup_printf ("\"details\":\"%s\"}", details);
    g_assert_nonnull (strstr (member_text, member));
  }
}

/* With no office key there is nobody to seal to: no file. */
static void
test_needs_office_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = shipped_rules ();
  g_autoptr(TrKeyPair) keys = NULL;
  g_autoptr(TrStore) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-export-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "tremplin.db", NULL);
  g_autofree char *key = g_build_filename (dir, "kiosk.key", NULL);
  char *path;

  keys = tr_key_pair_create (key, &error);
  g_assert_no_error (error);
  store = tr_store_open (db, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (tr_store_set_identity (store, KIOSK, keys->public_key, &error));
  path = tr_export_day_sealed (store, rules, "2026-11-28", dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "OfficeKey="));
  g_clear_object (&store);
  remove_tree (dir);
}

/* A drive's own folder is made for the export; what stops it is said as a
 * failed export would say it. */
static void
test_make_folder (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nested = g_build_filename (fixture->out, "Tremplin", "2026", NULL);
  g_autofree char *file = g_build_filename (fixture->out, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "Tremplin", NULL);

  g_assert_true (tr_export_make_folder (nested, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_DIR));
  /* Already there is fine. */
  g_assert_true (tr_export_make_folder (nested, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_false (tr_export_make_folder (under_file, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, under_file));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOTDIR)));
  g_assert_false (g_file_test (under_file, G_FILE_TEST_EXISTS));
}

static void
test_needs_identity (void)
{
  StoreFixture base = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = shipped_rules ();
  char *path;

  store_fixture_set_up (&base, NULL);
  path = tr_export_day_sealed (base.store, rules, "2026-11-28", base.dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "init"));
  store_fixture_tear_down (&base);
}

typedef struct {
  const char *utc;
  const char *day;
  const char *local;
} Moment;

static void
test_local_midnight (Fixture *fixture, gconstpointer data)
{
  /* Paris is UTC+1 in winter and UTC+2 in summer. */
  const Moment moments[] = {
    { "2026-11-28T22:59:59Z", "2026-11-28", "2026-11-28T23:59:59+01:00" },
    { "2026-11-28T23:00:00Z", "2026-11-29", "2026-11-29T00:00:00+01:00" },
    { "2026-07-14T21:59:59Z", "2026-07-14", "2026-07-14T23:59:59+02:00" },
    { "2026-07-14T22:00:00Z", "2026-07-15", "2026-07-15T00:00:00+02:00" },
  };
  g_autoptr(GPtrArray) columns = expected_columns (fixture->rules);

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autofree char *session = g_strdup_printf ("m%u", i);
      add (fixture, session, "MKT-3", moments[i].utc, NULL, no_flags);
    }
  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) records = NULL;
      gsize length;
      guint n_rows = 0;

      path = export (fixture, moments[i].day, TR_EXPORT_CSV, &n_rows);
      g_assert_cmpuint (n_rows, ==, 1);
      contents = read_file (path, &length);
      records = read_csv (contents, length);
      g_assert_cmpuint (records->len, ==, 2);
      g_assert_cmpstr (cell (records, 1, columns, "registered_at"), ==, moments[i].local);
      g_assert_cmpstr (cell (records, 1, columns, "local_date"), ==, moments[i].day);
    }
}

/* The export works the local time out once per UTC hour; the days the
 * clocks change have rows on both sides of the change, and rows sharing an
 * hour. */
static void
test_clock_changes (Fixture *fixture, gconstpointer data)
{
  const Moment spring[] = {  /* 02:00 local does not exist on 2026-03-29 */
    { "2026-03-29T00:10:00Z", "2026-03-29", "2026-03-29T01:10:00+01:00" },
    { "2026-03-29T00:59:59Z", "2026-03-29", "2026-03-29T01:59:59+01:00" },
    { "2026-03-29T01:00:00Z", "2026-03-29", "2026-03-29T03:00:00+02:00" },
    { "2026-03-29T01:30:05Z", "2026-03-29", "2026-03-29T03:30:05+02:00" },
    { "2026-03-29T01:59:59Z", "2026-03-29", "2026-03-29T03:59:59+02:00" },
    { "2026-03-29T21:59:59Z", "2026-03-29", "2026-03-29T23:59:59+02:00" },
  };
  const Moment autumn[] = {  /* 02:00–02:59 local happens twice on 2026-10-25 */
    { "2026-10-25T00:30:00Z", "2026-10-25", "2026-10-25T02:30:00+02:00" },
    { "2026-10-25T00:59:59Z", "2026-10-25", "2026-10-25T02:59:59+02:00" },
    { "2026-10-25T01:00:00Z", "2026-10-25", "2026-10-25T02:00:00+01:00" },
    { "2026-10-25T01:30:00Z", "2026-10-25", "2026-10-25T02:30:00+01:00" },
    { "2026-10-25T22:59:59Z", "2026-10-25", "2026-10-25T23:59:59+01:00" },
  };
  const struct { const Moment *moments; guint n; } days[] = {
    { spring, G_N_ELEMENTS (spring) }, { autumn, G_N_ELEMENTS (autumn) },
  };
  g_autoptr(GPtrArray) columns = expected_columns (fixture->rules);

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    for (guint i = 0; i < days[d].n; i++)
      {
        g_autofree char *session = g_strdup_printf ("c%u-%u", d, i);
        add (fixture, session, "MKT-3", days[d].moments[i].utc, NULL, no_flags);
      }
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) records = NULL;
      gsize length;
      guint n_rows = 0;

      path = export (fixture, days[d].moments[0].day, TR_EXPORT_CSV, &n_rows);
      g_assert_cmpuint (n_rows, ==, days[d].n);
      contents = read_file (path, &length);
      records = read_csv (contents, length);
      g_assert_cmpuint (records->len, ==, days[d].n + 1);
      for (guint i = 0; i < days[d].n; i++)
        {
          g_assert_cmpstr (cell (records, i + 1, columns, "registered_at"), ==, days[d].moments[i].local);
          g_assert_cmpstr (cell (records, i + 1, columns, "local_date"), ==, days[d].moments[i].day);
        }
    }
}

static void
test_export_event (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db;

  add (fixture, "a", "DEV-7", "2026-11-28T13:03:12Z", tricky_person, no_flags);
  add (fixture, "b", "DEV-7", "2026-11-28T13:04:12Z", NULL, no_flags);
  path = export_sealed (fixture, "2026-11-28", NULL);

  db = raw_open (fixture->base.db_path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'export'"), ==, 1);
  detail = raw_text (db, "SELECT detail FROM events WHERE kind = 'export'");
  g_assert_cmpint (raw_int (db, "SELECT json_extract (detail, '$.rows') FROM events WHERE kind = 'export'"), ==, 2);
  sqlite3_close (db);
  g_assert_nonnull (strstr (detail, "\"date\":\"2026-11-28\""));
  g_assert_nonnull (strstr (detail, "\"format\":\"sealed\""));
  g_assert_nonnull (strstr (detail, "\"file\":\"tremplin-" KIOSK "-2026-11-28.sealed\""));
  g_assert_null (strstr (detail, "Dupont"));
  g_assert_null (strstr (detail, "Diallo"));
}

/* Many rows, written out of order: the file is in time order, complete. */
static void
test_many_rows_in_time_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) columns = expected_columns (fixture->rules);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const guint n = 600;
  gsize length;
  guint n_rows = 0;

  offers = offer_list (make_offer ("BIG", 10000, TR_CATEGORY_OTHER, NULL), NULL);
  import_or_fail (fixture->base.store, offers, NULL);
  for (guint i = 0; i < n; i++)
    {
      /* 7 is prime to 600: every second from 08:00:00 to 08:09:59, shuffled. */
      guint second = (i * 7) % n;
      g_autofree char *when = g_strdup_printf ("2026-11-28T08:%02u:%02uZ", second / 60, second % 60);
      g_autofree char *session = g_strdup_printf ("bulk-%u", i);
      add (fixture, session, "BIG", when, NULL, no_flags);
    }
  path = export (fixture, "2026-11-28", TR_EXPORT_CSV, &n_rows);
  g_assert_cmpuint (n_rows, ==, n);
  contents = read_file (path, &length);
  records = read_csv (contents, length);
  g_assert_cmpuint (records->len, ==, n + 1);
  for (guint i = 2; i < records->len; i++)
    g_assert_cmpstr (cell (records, i - 1, columns, "registered_at"), <, cell (records, i, columns, "registered_at"));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/export/csv/bytes", test_csv_bytes);
  ADD ("/export/csv/same-day-twice", test_same_day_twice_same_bytes);
  ADD ("/export/jsonl/same-values", test_jsonl_same_values);
  ADD ("/export/empty-day", test_empty_day);
  ADD ("/export/errors-leave-no-file", test_errors_leave_no_file);
  ADD ("/export/failure-midway-leaves-no-file", test_failure_midway_leaves_no_file);
  ADD ("/export/local-midnight", test_local_midnight);
  ADD ("/export/clock-changes", test_clock_changes);
  ADD ("/export/event", test_export_event);
  ADD ("/export/many-rows-in-time-order", test_many_rows_in_time_order);
  ADD ("/export/one-file-or-none", test_one_file_or_none);
  ADD ("/export/sealed-file", test_sealed_file);
  ADD ("/export/make-folder", test_make_folder);
  g_test_add_func ("/export/needs-identity", test_needs_identity);
  g_test_add_func ("/export/needs-office-key", test_needs_office_key);
  return g_test_run ();
}

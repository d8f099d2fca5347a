/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export-rows.c — tests of a sealed export's rows: written from a kiosk's registrations, opened back into the clear export's exact bytes, searched and erased. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "tr-error.h"
#include "tr-export-rows-private.h"
#include "tr-export-table-private.h"
#include "tr-office-key.h"
#include "tr-rules.h"
#include "tr-seal.h"
#include "tr-sealed-file.h"

#define PASSPHRASE "correct horse battery staple"
#define KIOSK "mairie-18-golden"

typedef struct {
  char        *dir;
  char        *key_path;
  guint8       public_key[TR_OFFICE_KEY_BYTES];
  TrOfficeKey *key;
  TrRules     *rules;
  sqlite3     *db;        /* the schema-3 fixture, details in clear */
} Fixture;

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("TREMPLIN_SOURCE_DIR"), "tests", "fixtures", "export", name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql_path = fixture_path ("kiosk-v3.sql");
  g_autofree char *sql = NULL;
  g_autofree char *db_path = NULL;

  f->dir = g_dir_make_tmp ("tremplin-rows-XXXXXX", NULL);
  f->key_path = g_build_filename (f->dir, "office.key", NULL);
  g_assert_true (tr_office_key_create (f->key_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                       f->public_key, &error));
  g_assert_no_error (error);
  f->key = tr_office_key_unlock (f->key_path, PASSPHRASE, &error);
  g_assert_no_error (error);
  f->rules = tr_rules_new_default (&error);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  db_path = g_build_filename (f->dir, "kiosk.db", NULL);
  g_assert_cmpint (sqlite3_open (db_path, &f->db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (f->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  sqlite3_close (f->db);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_clear_pointer (&f->key, tr_office_key_free);
  g_clear_object (&f->rules);
  g_free (f->key_path);
  g_free (f->dir);
}

static GPtrArray *
question_ids (TrRules *rules)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < tr_rules_get_n_questions (rules); i++)
    g_ptr_array_add (ids, (gpointer) tr_question_get_id (tr_rules_get_question (rules, i)));
  g_ptr_array_add (ids, NULL);
  return ids;
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* The rows file of @day, as a kiosk writes it: every registration of the
 * fixture, its person and answers sealed as the store seals them. */
static GBytes *
rows_of_day (Fixture *f, const char *day, const guint8 *office_key, guint *n_rows)
{
  g_autoptr(GPtrArray) questions = question_ids (f->rules);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  tr_export_rows_append_header (out, KIOSK, day, (const char * const *) questions->pdata,
                                tr_rules_get_flag_ids (f->rules));
  g_assert_cmpint (sqlite3_prepare_v2 (f->db,
                     "SELECT r.id, r.session_id, r.code, r.created_at, r.local_date, r.kiosk_id, r.offer_id,"
                     " r.status, r.verdict, r.flags, r.payload, r.cancel_reason, r.person, r.answers,"
                     " o.title, o.category, o.provider, o.postcode"
                     " FROM registrations r JOIN offers o ON o.id = r.offer_id"
                     " WHERE r.local_date = ? ORDER BY r.created_at, r.id", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  *n_rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *details = g_strdup_printf ("{\"person\":%s,\"answers\":%s}",
                                                  column_text (stmt, 12), column_text (stmt, 13));
      g_autoptr(GBytes) sealed = tr_seal (office_key, details, strlen (details));
      TrCategory category = TR_CATEGORY_OTHER;
      TrOfferData offer = {
        .title = (char *) column_text (stmt, 14),
        .provider = (char *) column_text (stmt, 16),
        .postcode = (char *) column_text (stmt, 17),
      };
      TrExportRowSource row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .session_id = column_text (stmt, 1),
        .code = column_text (stmt, 2),
        .created_at = column_text (stmt, 3),
        .local_date = column_text (stmt, 4),
        .kiosk_id = column_text (stmt, 5),
        .offer_id = column_text (stmt, 6),
        .offer = &offer,
        .status = column_text (stmt, 7),
        .verdict = column_text (stmt, 8),
        .flags_json = column_text (stmt, 9),
        .age_band = "26-49",
        .woman = 1,
        .qpv = -1,
        .payload = column_text (stmt, 10),
        .cancel_reason = column_text (stmt, 11),
        .details = sealed,
      };

      g_assert_true (tr_category_from_token (column_text (stmt, 15), &category));
      offer.category = category;
      tr_export_rows_append_row (out, &row);
      (*n_rows)++;
    }
  sqlite3_finalize (stmt);
  return g_string_free_to_bytes (out);
}

static char *
seal_day (Fixture *f, const char *day, const guint8 *office_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_sealed_member_free);
  g_autofree char *member_name = tr_export_file_name (KIOSK, day, "rows.jsonl");
  g_autofree char *name = tr_export_file_name (KIOSK, day, "sealed");
  char *path = g_build_filename (f->dir, name, NULL);
  guint n_rows = 0;
  g_autoptr(GBytes) rows = rows_of_day (f, day, office_key, &n_rows);

  g_ptr_array_add (members, tr_sealed_member_new (member_name, rows));
  g_assert_true (tr_sealed_file_write (path, KIOSK, day, n_rows, office_key, members, &error));
  g_assert_no_error (error);
  return path;
}

static TrExportRows *
open_sealed (Fixture *f, const char *path, GError **error)
{
  g_autoptr(TrSealedFile) file = tr_sealed_file_read (path, error);
  g_autoptr(TrExportRows) rows = NULL;

  if (file == NULL)
    return NULL;
  rows = tr_export_rows_from_sealed (file, path, f->key, error);
  if (rows == NULL || !tr_export_rows_open (rows, f->key, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static void
assert_same_as_golden (TrExportRows *rows, const char *day)
{
  const char *extensions[] = { "csv", "jsonl" };

  for (TrExportFormat format = TR_EXPORT_CSV; format <= TR_EXPORT_JSONL; format++)
    {
      g_autofree char *name = tr_export_file_name (KIOSK, day, extensions[format]);
      g_autofree char *golden_path = fixture_path (name);
      g_autoptr(GBytes) golden = read_bytes (golden_path);
      g_autoptr(GBytes) opened = tr_export_rows_to_table (rows, format);

      g_assert_cmpmem (g_bytes_get_data (opened, NULL), g_bytes_get_size (opened),
                       g_bytes_get_data (golden, NULL), g_bytes_get_size (golden));
    }
}

/* What the clear export of schema 3 wrote, the office gets back from the
 * sealed rows of the same registrations: every byte, every day. */
static void
test_golden (Fixture *f, gconstpointer data)
{
  const char *days[] = { "2026-11-28", "2026-10-25", "2026-11-29" };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = seal_day (f, days[i], f->public_key);
      g_autoptr(TrExportRows) rows = open_sealed (f, path, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (tr_export_rows_get_kiosk_id (rows), ==, KIOSK);
      g_assert_cmpstr (tr_export_rows_get_day (rows), ==, days[i]);
      assert_same_as_golden (rows, days[i]);

      /* The file holds no detail in clear. */
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_null (strstr (text, "Diallo"));
      g_assert_null (strstr (text, "Dupont"));
      g_assert_null (strstr (text, "612345678"));
    }
}

/* The rows file itself holds the clear columns and only sealed details. */
static void
test_rows_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_rows = 0;
  g_autoptr(GBytes) text = rows_of_day (f, "2026-11-28", f->public_key, &n_rows);
  g_autofree char *string = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_auto(GStrv) lines = g_strsplit (string, "\n", -1);
  g_autoptr(TrExportRows) rows = NULL;
  TrExportEntry entry;

  g_assert_cmpuint (n_rows, ==, 7);
  g_assert_cmpuint (g_strv_length (lines), ==, 9);
  g_assert_true (g_str_has_prefix (lines[0], "{\"format\":\"tremplin-sealed-rows-v1\",\"kiosk_id\":\"" KIOSK "\","
                                             "\"day\":\"2026-11-28\",\"person\":[\"last_name\",\"first_name\","));
  g_assert_nonnull (strstr (lines[0], "\"questions\":[\"birth_date\",\"postcode\",\"qpv\","));
  g_assert_nonnull (strstr (lines[0], "\"flags\":[\"qpv\",\"under_26\","));
  g_assert_nonnull (strstr (lines[0], "\"columns\":[\"kiosk_id\",\"code\",\"registered_at\","));
  g_assert_nonnull (strstr (lines[1], "\"status\":\"cancelled\""));
  g_assert_nonnull (strstr (lines[1], "\"age_band\":\"26-49\",\"woman\":true,\"qpv\":null"));
  g_assert_nonnull (strstr (lines[1], "\"details\":\""));
  g_assert_null (strstr (string, "Diallo"));
  g_assert_null (strstr (string, "awa.diallo"));
  g_assert_cmpstr (lines[8], ==, "");

  rows = tr_export_rows_parse (string, strlen (string), "rows.jsonl", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tr_export_rows_get_n_rows (rows), ==, 7);
  tr_export_rows_get_entry (rows, 0, &entry);
  g_assert_cmpstr (entry.kiosk_id, ==, KIOSK);
  g_assert_cmpstr (entry.local_date, ==, "2026-11-28");
  g_assert_cmpstr (entry.offer_id, ==, "MKT-3");
  g_assert_cmpstr (entry.status, ==, "cancelled");
  g_assert_true (entry.has_details);
  g_assert_null (entry.erased_at);
}

static GBytes *
pass_through (gconstpointer details, gsize length, gpointer user_data, GError **error)
{
  guint *calls = user_data;

  g_atomic_int_inc (calls);
  return g_bytes_new (details, length);
}

/* Rows whose details were never sealed read the same through open_with:
 * what the benchmark compares with and the fuzzer reaches the details by. */
static void
test_open_with (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) questions = question_ids (f->rules);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TrExportRows) rows = NULL;
  g_autoptr(GBytes) csv = NULL;
  const char *details = "{\"person\":{\"last_name\":\"Bâ\",\"phone\":\"+33612345678\"},"
                        "\"answers\":{\"unemployed_months\":14,\"in_training\":false,\"qpv\":true,"
                        "\"diploma\":null,\"gender\":[\"x\"],\"postcode\":2.0}}";
  g_autoptr(GBytes) clear = g_bytes_new_static (details, strlen (details));
  TrOfferData offer = { .title = "T", .category = TR_CATEGORY_WEB, .provider = "P", .postcode = "75001" };
  TrExportRowSource row = {
    .id = 1, .code = "7KQ2-M9XD", .created_at = "2026-11-28T13:03:12Z", .local_date = "2026-11-28",
    .kiosk_id = KIOSK, .offer_id = "O-1", .offer = &offer, .status = "registered", .verdict = "eligible",
    .flags_json = "[\"woman\"]", .woman = -1, .qpv = 0, .payload = "x", .details = clear,
  };
  guint calls = 0;

  tr_export_rows_append_header (text, KIOSK, "2026-11-28", (const char * const *) questions->pdata,
                                tr_rules_get_flag_ids (f->rules));
  for (guint i = 0; i < 300; i++)
    tr_export_rows_append_row (text, &row);
  rows = tr_export_rows_parse (text->str, text->len, "clear.jsonl", &error);
  g_assert_no_error (error);
  g_assert_true (tr_export_rows_open_with (rows, pass_through, &calls, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 300);
  csv = tr_export_rows_to_table (rows, TR_EXPORT_CSV);
  /* Values that are not strings read as SQLite's json_extract gave them. */
  g_assert_nonnull (strstr (g_bytes_get_data (csv, NULL),
                            "\r\n" KIOSK ";7KQ2-M9XD;2026-11-28T14:03:12+01:00;2026-11-28;registered;O-1;T;web;P;75001;"
                            "eligible;Bâ;;;06 12 34 56 78;;;;;2.0;1;;14;;\"[\"\"x\"\"]\";0;0;0;0;0;1;0;\r\n"));
  g_assert_cmpstr (tr_export_rows_get_person_value (rows, 299, "phone"), ==, "+33612345678");
  g_assert_null (tr_export_rows_get_person_value (rows, 299, "email"));
}

static void
test_find (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = seal_day (f, "2026-11-28", f->public_key);
  g_autoptr(TrExportRows) rows = open_sealed (f, path, &error);
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *code = NULL;
  TrExportEntry entry;
  guint found = 0;

  g_assert_no_error (error);
  email = tr_export_find_normalise (TR_EXPORT_FIND_EMAIL, "  WANG@例え.JP ", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tr_export_rows_get_n_rows (rows); i++)
    if (tr_export_rows_matches (rows, i, TR_EXPORT_FIND_EMAIL, email))
      {
        tr_export_rows_get_entry (rows, i, &entry);
        g_assert_cmpstr (entry.offer_id, ==, "DEV-7");
        found++;
      }
  g_assert_cmpuint (found, ==, 1);

  phone = tr_export_find_normalise (TR_EXPORT_FIND_PHONE, "06 12 34 56 78", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (phone, ==, "+33612345678");
  found = 0;
  for (guint i = 0; i < tr_export_rows_get_n_rows (rows); i++)
    found += tr_export_rows_matches (rows, i, TR_EXPORT_FIND_PHONE, phone);
  g_assert_cmpuint (found, ==, 6);   /* every row but the Belgian number */

  tr_export_rows_get_entry (rows, 3, &entry);
  code = tr_export_find_normalise (TR_EXPORT_FIND_CODE, entry.code, &error);
  g_assert_no_error (error);
  g_assert_true (tr_export_rows_matches (rows, 3, TR_EXPORT_FIND_CODE, code));
  g_assert_false (tr_export_rows_matches (rows, 2, TR_EXPORT_FIND_CODE, code));

  g_assert_null (tr_export_find_normalise (TR_EXPORT_FIND_EMAIL, "nobody", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tr_export_find_normalise (TR_EXPORT_FIND_PHONE, "12", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tr_export_find_normalise (TR_EXPORT_FIND_CODE, "ZZZZ-ZZZZ", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
}

static char **
lines_of (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_strsplit (text, "\n", -1);
}

/* Erasing a person: their row loses its details, a tombstone says when and
 * why; every other line, and so every other row opened, stays the same. */
static void
test_erase (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = seal_day (f, "2026-11-28", f->public_key);
  g_autoptr(TrExportRows) rows = open_sealed (f, path, &error);
  g_autoptr(TrExportRows) again = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) csv_before = NULL;
  g_autoptr(GBytes) csv_after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-01T10:00:00+01:00", NULL);
  g_auto(GStrv) lines_before = NULL;
  g_auto(GStrv) lines_after = NULL;
  g_auto(GStrv) csv_lines_before = NULL;
  g_auto(GStrv) csv_lines_after = NULL;
  g_autofree char *code = NULL;
  TrExportEntry entry;

  g_assert_no_error (error);
  tr_export_rows_get_entry (rows, 3, &entry);
  code = g_strdup (entry.code);
  before = tr_export_rows_to_text (rows);
  csv_before = tr_export_rows_to_table (rows, TR_EXPORT_CSV);

  g_assert_true (tr_export_rows_erase (rows, code, "Demande de la personne (courriel du 30/11)", now, &error));
  g_assert_no_error (error);
  g_assert_true (tr_export_rows_write_sealed (rows, path, f->public_key, &error));
  g_assert_no_error (error);

  again = open_sealed (f, path, &error);
  g_assert_no_error (error);
  after = tr_export_rows_to_text (again);
  lines_before = lines_of (before);
  lines_after = lines_of (after);
  g_assert_cmpuint (g_strv_length (lines_after), ==, g_strv_length (lines_before) + 1);
  for (guint i = 0; lines_before[i + 1] != NULL; i++)
    if (i != 4)
      g_assert_cmpstr (lines_after[i], ==, lines_before[i]);
  g_assert_nonnull (strstr (lines_after[4], "\"details\":null"));
  g_assert_nonnull (strstr (lines_after[4], code));
  {
    g_autofree char *tombstone = g_strdup_printf ("{\"tombstone\":\"erased\",\"code\":\"%s\","
                                                  "\"erased_at\":\"2026-12-01T09:00:00Z\","
                                                  "\"reason\":\"Demande de la personne (courriel du 30/11)\"}",
                                                  code);
    g_assert_cmpstr (lines_after[8], ==, tombstone);
  }
  g_assert_null (strstr (lines_after[8], "Diallo"));

  tr_export_rows_get_entry (again, 3, &entry);
  g_assert_cmpstr (entry.code, ==, code);
  g_assert_false (entry.has_details);
  g_assert_cmpstr (entry.erased_at, ==, "2026-12-01T09:00:00Z");
  g_assert_cmpstr (entry.erase_reason, ==, "Demande de la personne (courriel du 30/11)");
  g_assert_null (tr_export_rows_get_person_value (again, 3, "last_name"));

  /* The CSV: the same but for the erased row, which keeps its clear cells. */
  csv_after = tr_export_rows_to_table (again, TR_EXPORT_CSV);
  csv_lines_before = lines_of (csv_before);
  csv_lines_after = lines_of (csv_after);
  g_assert_cmpuint (g_strv_length (csv_lines_after), ==, g_strv_length (csv_lines_before));
  for (guint i = 0; csv_lines_before[i] != NULL; i++)
    if (i != 4)
      g_assert_cmpstr (csv_lines_after[i], ==, csv_lines_before[i]);
  g_assert_true (g_str_has_prefix (csv_lines_after[4], KIOSK ";"));
  g_assert_nonnull (strstr (csv_lines_after[4], code));
  g_assert_nonnull (strstr (csv_lines_after[4], ";eligible;;;;;;;;;;;;;;;;1;0;0;1;0;1;\r"));
  g_assert_null (strstr (csv_lines_after[4], "王小明"));

  /* Twice is refused; an unknown code is not found. */
  g_assert_false (tr_export_rows_erase (again, code, "again", now, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (tr_export_rows_erase (again, "7KQ2-M9XD", "x", now, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
}

static void
assert_open_fails (Fixture *f, const char *path, int code, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrExportRows) rows = open_sealed (f, path, &error);

  g_assert_null (rows);
  g_assert_error (error, TR_ERROR, code);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.key", NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *member_name = tr_export_file_name (KIOSK, "2026-11-28", "rows.jsonl");
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GBytes) rows_text = NULL;
  guint8 other_key[TR_OFFICE_KEY_BYTES];
  gsize length = 0;
  guint n_rows = 0;

  /* Sealed to another office key. */
  g_assert_true (tr_office_key_create (other_path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE, other_key, &error));
  path = seal_day (f, "2026-11-28", other_key);
  assert_open_fails (f, path, TR_ERROR_INVALID, "another office key");
  g_clear_pointer (&path, g_free);

  /* Cut short, or one character changed. */
  path = seal_day (f, "2026-11-28", f->public_key);
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (g_file_set_contents (path, text, length - 100, NULL));
  assert_open_fails (f, path, TR_ERROR_INVALID, "cut short or altered");
  text[length - 200] = text[length - 200] == 'A' ? 'B' : 'A';
  g_assert_true (g_file_set_contents (path, text, length, NULL));
  assert_open_fails (f, path, TR_ERROR_INVALID, "cut short or altered");

  /* A manifest that does not agree with the rows inside. */
  rows_text = rows_of_day (f, "2026-11-28", f->public_key, &n_rows);
  members = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_sealed_member_free);
  g_ptr_array_add (members, tr_sealed_member_new (member_name, rows_text));
  g_assert_true (tr_sealed_file_write (path, KIOSK, "2026-11-28", n_rows + 1, f->public_key, members, &error));
  assert_open_fails (f, path, TR_ERROR_INVALID, "do not agree with its manifest");
  g_assert_true (tr_sealed_file_write (path, KIOSK, "2026-11-29", n_rows, f->public_key, members, &error));
  assert_open_fails (f, path, TR_ERROR_PARSE, "does not hold a day's registrations");

  /* One row's details sealed to another key inside a file sealed to this one. */
  {
    g_autoptr(GBytes) mixed = rows_of_day (f, "2026-11-28", other_key, &n_rows);
    g_autoptr(TrSealedMember) member = tr_sealed_member_new (member_name, mixed);
    g_ptr_array_set_size (members, 0);
    g_ptr_array_add (members, g_steal_pointer (&member));
    g_assert_true (tr_sealed_file_write (path, KIOSK, "2026-11-28", n_rows, f->public_key, members, &error));
    assert_open_fails (f, path, TR_ERROR_INVALID, "the details of registration ");
  }
}

typedef struct {
  const char *text;
  const char *expected;
} Damaged;

/* The rows file read on its own: every kind of damage is one line naming
 * the file and the line. */
static void
test_damaged_rows (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) questions = question_ids (f->rules);
  g_autoptr(GString) header = g_string_new (NULL);
  g_autofree char *good_row = NULL;
  const char *row_start = "{\"code\":\"7KQ2-M9XD\",\"created_at\":\"2026-11-28T13:03:12Z\",\"local_date\":\"2026-11-28\","
                          "\"kiosk_id\":\"" KIOSK "\",\"offer_id\":\"O\",\"status\":\"registered\",\"verdict\":\"eligible\"";
  Damaged cases[] = {
    { "", "does not start as" },
    { "{\"format\":\"tremplin-sealed-rows-v2\"}\n", "does not start as" },
    { "not json\n", "does not start as" },
    { "{\"format\":\"tremplin-sealed-rows-v1\",\"kiosk_id\":\"../x\",\"day\":\"2026-11-28\"}\n", "line 1: the kiosk" },
    { "{\"format\":\"tremplin-sealed-rows-v1\",\"kiosk_id\":\"k\",\"day\":\"2026-11-28\",\"person\":[],"
      "\"questions\":[],\"flags\":[],\"columns\":[]}\n", "line 1: the columns are missing" },
    { NULL, "line 2: it is not a JSON object" },
    { NULL, "line 2: a registration lacks a column" },
    { NULL, "line 2: the sealed details are not base64" },
    { NULL, "line 2: the priority flags" },
    { NULL, "line 2: the last line is cut short" },
    { NULL, "line 2: an erasure is not complete" },
  };
  char *texts[6] = { NULL };

  tr_export_rows_append_header (header, KIOSK, "2026-11-28", (const char * const *) questions->pdata,
                                tr_rules_get_flag_ids (f->rules));
  good_row = g_strdup_printf ("%s,\"details\":null}\n", row_start);
  texts[0] = g_strconcat (header->str, "[1]\n", NULL);
  texts[1] = g_strconcat (header->str, "{\"code\":\"X\",\"details\":null}\n", NULL);
  texts[2] = g_strconcat (header->str, row_start, ",\"details\":\"not base64!\"}\n", NULL);
  texts[3] = g_strconcat (header->str, row_start, ",\"flags\":[1],\"details\":null}\n", NULL);
  texts[4] = g_strconcat (header->str, row_start, ",\"details\":null}", NULL);
  texts[5] = g_strconcat (header->str, "{\"tombstone\":\"erased\",\"code\":\"X\"}\n", NULL);
  for (guint i = 0; i < 6; i++)
    cases[5 + i].text = texts[i];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrExportRows) rows = tr_export_rows_parse (cases[i].text, strlen (cases[i].text), "day.rows.jsonl", &error);

      g_assert_null (rows);
      g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
      if (strstr (error->message, cases[i].expected) == NULL || !g_str_has_prefix (error->message, "day.rows.jsonl"))
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (texts[i]);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = g_strconcat (header->str, good_row, NULL);
    g_autoptr(TrExportRows) rows = tr_export_rows_parse (text, strlen (text), "day.rows.jsonl", &error);
    g_autoptr(GBytes) csv = NULL;

    g_assert_no_error (error);
    g_assert_true (tr_export_rows_open (rows, f->key, &error));
    csv = tr_export_rows_to_table (rows, TR_EXPORT_JSONL);
    g_assert_nonnull (strstr (g_bytes_get_data (csv, NULL), "\"last_name\":\"\",\"first_name\":\"\""));
  }
}

/* Rows gathered elsewhere (the hub) through the builder open into the table
 * the same rows give from a kiosk's file; the table with columns added and
 * rows left out is that table, line for line, the cells added at the end. */
static void
test_builder (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) questions = question_ids (f->rules);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TrExportRows) parsed = NULL;
  g_autoptr(TrExportRows) built = NULL;
  g_autoptr(GBytes) parsed_csv = NULL;
  g_autoptr(GBytes) built_csv = NULL;
  g_autoptr(GBytes) noted_csv = NULL;
  g_autoptr(GBytes) noted_jsonl = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) noted_lines = NULL;
  g_autofree char *expected_header = NULL;
  const char *details = "{\"person\":{\"last_name\":\"Diallo\",\"first_name\":\"Awa\"},\"answers\":{}}";
  g_autoptr(GBytes) sealed = tr_seal (f->public_key, details, strlen (details));
  TrOfferData offer = { .title = "T", .category = TR_CATEGORY_WEB, .provider = "P", .postcode = "75001" };
  const char *codes[] = { "7KQ2-M9XD", "8KQ2-M9XD", "9KQ2-M9XD" };
  const char * const columns[] = { "receipt_check", "same_person", NULL };
  const char * const cells[] = { "ok", "8KQ2-M9XD", "ok", NULL, "bad_signature", "=1;2" };
  const gboolean skip[] = { FALSE, TRUE, FALSE };
  TrExportTableExtra extra = { skip, columns, cells };
  TrExportRowsBuilder *builder;

  tr_export_rows_append_header (text, "hub", "2026-11-28", (const char * const *) questions->pdata,
                                tr_rules_get_flag_ids (f->rules));
  builder = tr_export_rows_builder_new ("hub", "2026-11-28", (const char * const *) questions->pdata,
                                        tr_rules_get_flag_ids (f->rules));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      TrExportRowSource row = {
        .code = codes[i], .created_at = "2026-11-28T13:03:12Z", .local_date = "2026-11-28",
        .kiosk_id = i == 2 ? "cite-19" : KIOSK, .offer_id = "O-1", .offer = i == 1 ? NULL : &offer,
        .status = "registered", .verdict = "eligible", .flags_json = "[\"woman\"]", .woman = -1,
        .qpv = -1, .payload = "x", .details = i == 2 ? NULL : sealed,
      };
      tr_export_rows_append_row (text, &row);
      tr_export_rows_builder_add (builder, &row);
    }
  parsed = tr_export_rows_parse (text->str, text->len, "parsed", &error);
  g_assert_no_error (error);
  built = tr_export_rows_builder_end (builder, "built", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tr_export_rows_get_n_rows (built), ==, 3);
  g_assert_true (tr_export_rows_open (parsed, f->key, &error));
  g_assert_true (tr_export_rows_open (built, f->key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tr_export_rows_get_person_value (built, 0, "first_name"), ==, "Awa");
  g_assert_null (tr_export_rows_get_person_value (built, 2, "first_name"));

  parsed_csv = tr_export_rows_to_table (parsed, TR_EXPORT_CSV);
  built_csv = tr_export_rows_to_table_with (built, TR_EXPORT_CSV, NULL);
  g_assert_true (g_bytes_equal (parsed_csv, built_csv));

  noted_csv = tr_export_rows_to_table_with (built, TR_EXPORT_CSV, &extra);
  lines = g_strsplit (g_bytes_get_data (built_csv, NULL), "\r\n", -1);
  noted_lines = g_strsplit (g_bytes_get_data (noted_csv, NULL), "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpuint (g_strv_length (noted_lines), ==, 4);
  expected_header = g_strconcat (lines[0], ";receipt_check;same_person", NULL);
  g_assert_cmpstr (noted_lines[0], ==, expected_header);
  {
    g_autofree char *first = g_strconcat (lines[1], ";ok;8KQ2-M9XD", NULL);
    /* The cells added are quoted and made inert as every other. */
    g_autofree char *third = g_strconcat (lines[3], ";bad_signature;\"'=1;2\"", NULL);
    g_assert_cmpstr (noted_lines[1], ==, first);
    g_assert_cmpstr (noted_lines[2], ==, third);
    g_assert_cmpstr (noted_lines[3], ==, "");
  }
  noted_jsonl = tr_export_rows_to_table_with (built, TR_EXPORT_JSONL, &extra);
  g_assert_nonnull (strstr (g_bytes_get_data (noted_jsonl, NULL),
                            "\"cancel_reason\":\"\",\"receipt_check\":\"bad_signature\",\"same_person\":\"=1;2\"}\n"));
  g_assert_null (strstr (g_bytes_get_data (noted_jsonl, NULL), "\"code\":\"8KQ2-M9XD\""));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/export-rows/golden", test_golden);
  ADD ("/export-rows/text", test_rows_text);
  ADD ("/export-rows/open-with", test_open_with);
  ADD ("/export-rows/builder", test_builder);
  ADD ("/export-rows/find", test_find);
  ADD ("/export-rows/erase", test_erase);
  ADD ("/export-rows/errors", test_errors);
  ADD ("/export-rows/damaged", test_damaged_rows);
  return g_test_run ();
}

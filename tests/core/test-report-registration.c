/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report-registration.c — tests of a registration counted from the store's or the hub's columns, and of its postcode opened from sealed details. */
#include "config.h"

#include <string.h>

#include "office-fixture.h"
#include "tr-details-residence.h"
#include "tr-error.h"
#include "tr-report.h"

static char *
residence_of (const char *details, GError **error)
{
  g_autoptr(GBytes) sealed = tr_seal (test_office ()->public_key, details, strlen (details));

  return tr_details_residence_postcode (test_office ()->key, g_bytes_get_data (sealed, NULL),
                                        g_bytes_get_size (sealed), error);
}

static void
test_residence_as_the_export_columns (void)
{
  struct { const char *details; const char *postcode; } cases[] = {
    /* The export's "postcode" column first, its answer_postcode when empty. */
    { "{\"person\": {\"last_name\": \"Diallo\", \"postcode\": \"75018\"}, \"answers\": {\"postcode\": \"75011\"}}", "75018" },
    { "{\"person\": {\"last_name\": \"Diallo\"}, \"answers\": {\"postcode\": \"75019\"}}", "75019" },
    { "{\"person\": {\"postcode\": \"\"}, \"answers\": {\"postcode\": \"75020\"}}", "75020" },
    { "{\"person\": null, \"answers\": {\"postcode\": 75116}}", "75116" },
    { "{\"person\": {\"last_name\": \"Diallo\"}, \"answers\": {}}", NULL },
    { "{}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *postcode = residence_of (cases[i].details, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (postcode, ==, cases[i].postcode);
    }
}

static void
test_residence_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-other-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "other.key", NULL);
  guint8 other_public[TR_OFFICE_KEY_BYTES];
  g_autoptr(TrOfficeKey) other = NULL;
  g_autoptr(GBytes) sealed = NULL;
  const char *details = "{\"person\": {\"postcode\": \"75018\"}}";
  char *postcode;
  guint8 *cut;
  gsize size;

  /* Not an object: it opens, but is no details the report can read. */
  postcode = residence_of ("[\"75018\"]", &error);
  g_assert_null (postcode);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_clear_error (&error);

  /* Sealed to another office key. */
  g_assert_true (tr_office_key_create (path, TEST_OFFICE_PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE,
                                       other_public, &error));
  other = tr_office_key_unlock (path, TEST_OFFICE_PASSPHRASE, &error);
  g_assert_no_error (error);
  sealed = tr_seal (other_public, details, strlen (details));
  postcode = tr_details_residence_postcode (test_office ()->key, g_bytes_get_data (sealed, NULL),
                                            g_bytes_get_size (sealed), &error);
  g_assert_null (postcode);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);

  /* Cut short, or altered. */
  size = g_bytes_get_size (sealed);
  cut = g_memdup2 (g_bytes_get_data (sealed, NULL), size);
  postcode = tr_details_residence_postcode (other, cut, size - 1, &error);
  g_assert_null (postcode);
  g_assert_nonnull (error);
  g_clear_error (&error);
  cut[size / 2] ^= 1;
  postcode = tr_details_residence_postcode (other, cut, size, &error);
  g_assert_null (postcode);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_free (cut);

  g_unlink (path);
  g_rmdir (dir);
}

/* Many at once, on every processor: each in its place, erased ones NULL,
 * and the first that does not open named. */
static void
test_residences_at_once (void)
{
  const guint n = 300;
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char **postcodes = g_new0 (char *, n);
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"person\": {\"postcode\": \"750%02u\"}}", i % 20 + 1);
      g_ptr_array_add (details, i % 7 == 3 ? NULL : tr_seal (test_office ()->public_key, text, strlen (text)));
    }
  g_assert_true (tr_details_residence_postcodes (test_office ()->key, (GBytes * const *) details->pdata, n,
                                                 postcodes, &failed, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected = i % 7 == 3 ? NULL : g_strdup_printf ("750%02u", i % 20 + 1);
      g_assert_cmpstr (postcodes[i], ==, expected);
      g_clear_pointer (&postcodes[i], g_free);
    }

  /* Two that do not open: the first of them is named, nothing is kept. */
  g_bytes_unref (details->pdata[250]);
  details->pdata[250] = g_bytes_new_static ("not sealed at all, and too short?", 33);
  g_bytes_unref (details->pdata[101]);
  details->pdata[101] = g_bytes_new_static ("not sealed", 10);
  g_assert_false (tr_details_residence_postcodes (test_office ()->key, (GBytes * const *) details->pdata, n,
                                                  postcodes, &failed, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (failed, ==, 101);
  for (guint i = 0; i < n; i++)
    g_assert_null (postcodes[i]);
}

static const char *
cell (TrReport *report, const char *table_id, const char *first, guint column)
{
  const TrReportTable *table = tr_report_get_table (report, table_id);

  for (guint i = 0; i < table->rows->len; i++)
    {
      char **cells = g_ptr_array_index (table->rows, i);
      if (strcmp (cells[0], first) == 0)
        return cells[column];
    }
  return NULL;
}

static void
test_registration_counted_as_its_export_row (void)
{
  TrReportSettings settings;
  g_autoptr(TrReport) report = NULL;
  const TrReportRegistration registrations[] = {
    { "k1", "2026-11-30", "A", "registered", FALSE, "[\"qpv\", \"woman\"]", "75018" },
    { "k1", "2026-11-30", "A", "waiting", FALSE, "[\"woman\"]", "75116" },
    { "k2", "2026-12-01", "B", "waiting_list", FALSE, "[]", NULL },
    /* Cancelled at the hub after it was sent: counted only as cancelled. */
    { "k2", "2026-12-01", "A", "registered", TRUE, "[\"qpv\"]", "75019" },
    { "k2", "2026-12-01", "B", "cancelled", FALSE, NULL, NULL },
    /* Flags the report cannot read count none, and stop nothing. */
    { "k2", "2026-12-02", "B", "registered", FALSE, "not json", "93200" },
    /* Outside the season. */
    { "k1", "2025-12-31", "A", "registered", FALSE, "[\"qpv\"]", "75018" },
  };

  tr_report_settings_init (&settings);
  settings.from_date = g_strdup ("2026-01-01");
  settings.to_date = g_strdup ("2026-12-31");
  report = tr_report_new (&settings, NULL, NULL);
  tr_report_settings_clear (&settings);
  for (guint i = 0; i < G_N_ELEMENTS (registrations); i++)
    tr_report_add_registration (report, &registrations[i]);
  tr_report_finish (report);

  g_assert_cmpuint (tr_report_get_n_rows (report), ==, 4);
  g_assert_cmpuint (tr_report_get_n_registered (report), ==, 2);
  g_assert_cmpuint (tr_report_get_n_waiting (report), ==, 2);
  g_assert_cmpuint (tr_report_get_n_cancelled (report), ==, 2);
  g_assert_cmpstr (cell (report, "audiences", "qpv", 2), ==, "1");
  g_assert_cmpstr (cell (report, "audiences", "woman", 2), ==, "2");
  g_assert_cmpstr (cell (report, "per-arrondissement", "75018", 1), ==, "1");
  g_assert_cmpstr (cell (report, "per-arrondissement", "75016", 1), ==, "1");
  g_assert_cmpstr (cell (report, "per-arrondissement", "75019", 1), ==, "0");
  g_assert_cmpstr (cell (report, "per-kiosk", "k1", 1), ==, "2");
  g_assert_cmpstr (cell (report, "per-kiosk", "k2", 1), ==, "2");
  g_assert_cmpstr (cell (report, "seats-per-offer", "A", 6), ==, "1");
  g_assert_cmpstr (cell (report, "seats-per-offer", "B", 6), ==, "1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-registration/residence", test_residence_as_the_export_columns);
  g_test_add_func ("/report-registration/residence-refused", test_residence_refused);
  g_test_add_func ("/report-registration/residences-at-once", test_residences_at_once);
  g_test_add_func ("/report-registration/counted", test_registration_counted_as_its_export_row);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-catalogue.c — tests of the catalogue reader: every malformed file named, and search. */
#include <glib/gstdio.h>
#include <string.h>

#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-csv.h"
#include "tr-error.h"

static char *
source_path (const char *first, ...)
{
  const char *root = g_getenv ("TREMPLIN_SOURCE_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

/* ------------------------------------------------------------------ */
/* Malformed catalogues: each fixture names the error it must give     */

static void
check_fixture (const char *dir,
               const char *csv_name)
{
  g_autofree char *csv_path = g_build_filename (dir, csv_name, NULL);
  g_autofree char *stem = g_strndup (csv_name, strlen (csv_name) - strlen (".csv"));
  g_autofree char *expected_name = g_strconcat (stem, ".expected", NULL);
  g_autofree char *expected_path = g_build_filename (dir, expected_name, NULL);
  g_autofree char *expected = NULL;
  g_auto(GStrv) wanted = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  g_test_message ("fixture %s", csv_name);
  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));

  offers = tr_catalogue_parse_file (csv_path, &error);
  g_assert_null (offers);
  g_assert_nonnull (error);
  g_assert_true (error->domain == TR_ERROR);
  g_assert_true (error->code == TR_ERROR_INVALID || error->code == TR_ERROR_PARSE);

  /* Each line of the .expected file must appear in the message. */
  wanted = g_strsplit (expected, "\n", -1);
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      if (*wanted[i] == '\0')
        continue;
      if (strstr (error->message, wanted[i]) == NULL)
        g_error ("%s: the error\n%s\ndoes not hold\n%s", csv_name, error->message, wanted[i]);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_malformed_fixtures (void)
{
  g_autofree char *dir = source_path ("tests", "fixtures", "catalogues", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_csv = 0, n_expected = 0;

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_suffix (name, ".csv"))
        {
          check_fixture (dir, name);
          n_csv++;
        }
      else if (g_str_has_suffix (name, ".expected"))
        n_expected++;
    }
  /* No fixture without its expectation, and none forgotten. */
  g_assert_cmpuint (n_csv, ==, n_expected);
  g_assert_cmpuint (n_csv, >=, 20);
}

static GPtrArray *
parse_fixture (const char *name, GError **error)
{
  g_autofree char *path = source_path ("tests", "fixtures", "catalogues", name, NULL);
  return tr_catalogue_parse_file (path, error);
}

static void
test_error_codes (void)
{
  g_autoptr(GError) value_error = NULL;
  g_autoptr(GError) shape_error = NULL;
  g_autoptr(GError) many_error = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_null (parse_fixture ("unknown-category.csv", &value_error));
  g_assert_error (value_error, TR_ERROR, TR_ERROR_INVALID);
  /* One problem, one line. */
  g_assert_null (strchr (value_error->message, '\n'));

  g_assert_null (parse_fixture ("unterminated-quote.csv", &shape_error));
  g_assert_error (shape_error, TR_ERROR, TR_ERROR_PARSE);

  /* Every problem of every row, one per line, in file order. */
  g_assert_null (parse_fixture ("many-errors.csv", &many_error));
  lines = g_strsplit (many_error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_suffix (lines[0], "many-errors.csv:3: category \"dev\" is not known; use one of "
                                   "developer, digital_marketing, project_manager, ecommerce, "
                                   "cybersecurity, data, web, iot, other"));
  g_assert_nonnull (strstr (lines[4], "many-errors.csv:6:"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tr-catalogue-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "absent.csv", NULL);

  g_assert_null (tr_catalogue_parse_file (path, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  g_clear_error (&error);
  /* A folder is not a catalogue either. */
  g_assert_null (tr_catalogue_parse_file (g_get_tmp_dir (), &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == TR_ERROR);
  g_assert_nonnull (strstr (error->message, g_get_tmp_dir ()));
}

/* ------------------------------------------------------------------ */
/* A catalogue as a spreadsheet saves it                               */

/* Commas, a BOM, CRLF, separators and quotes and line breaks inside
 * quoted cells, a blank spreadsheet row, and no line end at the end. */
static const char spreadsheet_csv[] =
  "\xEF\xBB\xBF"
  "id,title,category,provider,address,postcode,modality,audience,min_level,hours,"
  "start_date,end_date,seats,info_session,description\r\n"
  "PC17-0001,\"D\xC3\xA9veloppeuse web; mobile\",developer,\"Atelier \"\"Le Faubourg\"\"\","
  "\"12, rue Oberkampf\",75011,hybrid,women,bac,400,2027-03-01,2027-06-25,12,"
  "\"mardi 16 f\xC3\xA9vrier 2027 \xC3\xA0 10 h, 12 rue Oberkampf\","
  "\"Ligne un;\r\nligne \"\"deux\"\"\r\n\"\r\n"
  ",,,,,,,,,,,,,,\r\n"
  "PC17-0002, Data analyst ,data,Centre Octet,3 avenue du Maine,75014,remote,all,none,"
  "150,2027-01-04,2027-01-04,8,,\r\n"
  "\r\n"
  "PC17-0003,Webdesigner,web,Studio,1 rue Cler,75007,on_site,over_45,bac3plus,900,"
  "2027-12-27,2028-06-30,20,jeudi,fin";

static void
test_spreadsheet_values (void)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GError) error = NULL;
  const TrOfferData *first, *second, *third;

  offers = tr_catalogue_parse (spreadsheet_csv, sizeof spreadsheet_csv - 1, "sheet.csv", &error);
  g_assert_no_error (error);
  g_assert_nonnull (offers);
  g_assert_cmpuint (offers->len, ==, 3);

  first = tr_offer_get_data (g_ptr_array_index (offers, 0));
  g_assert_cmpstr (first->id, ==, "PC17-0001");
  g_assert_cmpstr (first->title, ==, "D\xC3\xA9veloppeuse web; mobile");
  g_assert_cmpint (first->category, ==, TR_CATEGORY_DEVELOPER);
  g_assert_cmpstr (first->provider, ==, "Atelier \"Le Faubourg\"");
  g_assert_cmpstr (first->address, ==, "12, rue Oberkampf");
  g_assert_cmpstr (first->postcode, ==, "75011");
  g_assert_cmpint (first->modality, ==, TR_MODALITY_HYBRID);
  g_assert_cmpint (first->audience, ==, TR_AUDIENCE_WOMEN);
  g_assert_cmpint (first->min_level, ==, TR_LEVEL_BAC);
  g_assert_cmpuint (first->hours, ==, 400);
  g_assert_cmpstr (first->start_date, ==, "2027-03-01");
  g_assert_cmpstr (first->end_date, ==, "2027-06-25");
  g_assert_cmpuint (first->seats, ==, 12);
  g_assert_cmpstr (first->info_session, ==, "mardi 16 f\xC3\xA9vrier 2027 \xC3\xA0 10 h, 12 rue Oberkampf");
  /* Line breaks inside a cell are kept (as "\n"); the trailing one is
   * trimmed like any blank around a cell. */
  g_assert_cmpstr (first->description, ==, "Ligne un;\nligne \"deux\"");
  g_assert_cmpuint (tr_offer_get_seats_left (g_ptr_array_index (offers, 0)), ==, 12);

  second = tr_offer_get_data (g_ptr_array_index (offers, 1));
  g_assert_cmpstr (second->id, ==, "PC17-0002");
  g_assert_cmpstr (second->title, ==, "Data analyst");
  g_assert_cmpint (second->modality, ==, TR_MODALITY_REMOTE);
  g_assert_cmpstr (second->start_date, ==, second->end_date);
  g_assert_cmpstr (second->info_session, ==, "");
  g_assert_cmpstr (second->description, ==, "");

  third = tr_offer_get_data (g_ptr_array_index (offers, 2));
  g_assert_cmpstr (third->id, ==, "PC17-0003");
  g_assert_cmpint (third->audience, ==, TR_AUDIENCE_OVER_45);
  g_assert_cmpint (third->min_level, ==, TR_LEVEL_BAC3PLUS);
  g_assert_cmpuint (third->hours, ==, 900);
  g_assert_cmpuint (third->seats, ==, 20);
  g_assert_cmpstr (third->description, ==, "fin");
}

/* The same rows, saved with ';' and LF, read from a real file. */
static void
test_semicolon_lf_file (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) commas = NULL;
  g_autoptr(GPtrArray) semicolons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tr-catalogue-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "offres.csv", NULL);

  commas = tr_catalogue_parse (spreadsheet_csv, sizeof spreadsheet_csv - 1, "sheet.csv", &error);
  g_assert_no_error (error);

  /* Written back with the project's own writer, the way exports are. */
  g_string_append (text, TR_CATALOGUE_HEADER "\n");
  for (guint i = 0; i < commas->len; i++)
    {
      const TrOfferData *d = tr_offer_get_data (g_ptr_array_index (commas, i));
      g_autofree char *hours = g_strdup_printf ("%u", d->hours);
      g_autofree char *seats = g_strdup_printf ("%u", d->seats);
      const char *cells[] = {
        d->id, d->title, tr_category_to_token (d->category), d->provider, d->address,
        d->postcode, tr_modality_to_token (d->modality), tr_audience_to_token (d->audience),
        tr_level_to_token (d->min_level), hours, d->start_date, d->end_date, seats,
        d->info_session, d->description,
      };
      tr_csv_append_row (text, cells, G_N_ELEMENTS (cells), ';');
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  semicolons = tr_catalogue_parse_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (semicolons->len, ==, commas->len);
  for (guint i = 0; i < commas->len; i++)
    {
      const TrOfferData *a = tr_offer_get_data (g_ptr_array_index (commas, i));
      const TrOfferData *b = tr_offer_get_data (g_ptr_array_index (semicolons, i));

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpstr (a->provider, ==, b->provider);
      g_assert_cmpstr (a->address, ==, b->address);
      g_assert_cmpstr (a->info_session, ==, b->info_session);
      g_assert_cmpstr (a->description, ==, b->description);
      g_assert_cmpuint (a->hours, ==, b->hours);
    }
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_header_only (void)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GError) error = NULL;

  offers = tr_catalogue_parse (TR_CATALOGUE_HEADER "\r\n", strlen (TR_CATALOGUE_HEADER) + 2,
                               "empty.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offers->len, ==, 0);
}

/* ------------------------------------------------------------------ */
/* The demo catalogue                                                  */

static char *
read_file (const char *path, gsize *length)
{
  char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_demo_is_generated (void)
{
  g_autofree char *script = source_path ("data", "catalogue", "generate-demo.py", NULL);
  g_autofree char *committed = source_path ("data", "catalogue", "demo-catalogue.csv", NULL);
  g_autofree char *dir = g_dir_make_tmp ("tr-demo-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (dir, "demo.csv", NULL);
  const char *argv[] = { "/usr/bin/python3", script, "--output", output, NULL };
  g_autofree char *generated = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  gsize generated_length, stored_length;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &errors, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("generate-demo.py failed: %s\n%s", error->message, errors);

  generated = read_file (output, &generated_length);
  stored = read_file (committed, &stored_length);
  /* A difference means the CSV was edited by hand, or the generator
   * changed without the file being made again. */
  g_assert_cmpuint (generated_length, ==, stored_length);
  g_assert_true (memcmp (generated, stored, stored_length) == 0);
  /* Saved as a French spreadsheet saves it. */
  g_assert_true (g_str_has_prefix (stored, "\xEF\xBB\xBF" TR_CATALOGUE_HEADER "\r\n"));

  g_assert_cmpint (g_unlink (output), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static double
share_of (const guint *counts, guint total, TrCategory category)
{
  return 100.0 * counts[category] / total;
}

static void
test_demo_contents (void)
{
  g_autofree char *committed = source_path ("data", "catalogue", "demo-catalogue.csv", NULL);
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) embedded = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[TR_N_CATEGORIES] = { 0 };
  gboolean arrondissements[21] = { FALSE };
  guint targeted = 0;
  double rest;

  offers = tr_catalogue_parse_file (committed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offers->len, >=, 950);
  g_assert_cmpuint (offers->len, <=, 1050);

  for (guint i = 0; i < offers->len; i++)
    {
      TrOffer *offer = g_ptr_array_index (offers, i);
      const TrOfferData *data = tr_offer_get_data (offer);

      counts[data->category]++;
      arrondissements[tr_offer_get_arrondissement (offer)] = TRUE;
      targeted += data->audience != TR_AUDIENCE_ALL;
      g_assert_true (strstr (data->description, "Offre fictive") != NULL);
      g_assert_true (g_str_has_prefix (data->start_date, "2027-"));
      g_assert_cmpuint (data->hours, >=, 150);
      g_assert_cmpuint (data->hours, <=, 900);
      g_assert_cmpuint (data->seats, >=, 8);
      g_assert_cmpuint (data->seats, <=, 20);
    }

  g_assert_cmpfloat_with_epsilon (share_of (counts, offers->len, TR_CATEGORY_DEVELOPER), 33, 1);
  g_assert_cmpfloat_with_epsilon (share_of (counts, offers->len, TR_CATEGORY_DIGITAL_MARKETING), 19, 1);
  g_assert_cmpfloat_with_epsilon (share_of (counts, offers->len, TR_CATEGORY_PROJECT_MANAGER), 17, 1);
  g_assert_cmpfloat_with_epsilon (share_of (counts, offers->len, TR_CATEGORY_ECOMMERCE), 11, 1);
  g_assert_cmpfloat_with_epsilon (share_of (counts, offers->len, TR_CATEGORY_CYBERSECURITY), 3, 1);
  rest = share_of (counts, offers->len, TR_CATEGORY_DATA) + share_of (counts, offers->len, TR_CATEGORY_WEB) +
         share_of (counts, offers->len, TR_CATEGORY_IOT) + share_of (counts, offers->len, TR_CATEGORY_OTHER);
  g_assert_cmpfloat_with_epsilon (rest, 17, 1);
  for (TrCategory c = TR_CATEGORY_DATA; c < TR_N_CATEGORIES; c++)
    g_assert_cmpuint (counts[c], >, 0);

  /* Every arrondissement has offers, and some are for a given public. */
  for (guint a = 1; a <= 20; a++)
    g_assert_true (arrondissements[a]);
  g_assert_false (arrondissements[0]);
  g_assert_cmpuint (targeted, >, 0);
  g_assert_cmpuint (targeted, <, offers->len / 2);

  /* The copy built into the core is the same catalogue. */
  embedded = tr_catalogue_parse_demo (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (embedded->len, ==, offers->len);
  g_assert_cmpstr (tr_offer_get_id (g_ptr_array_index (embedded, 0)), ==,
                   tr_offer_get_id (g_ptr_array_index (offers, 0)));
}

/* ------------------------------------------------------------------ */
/* Who an offer fits                                                   */

static TrOffer *
make_offer (const char *id,
            const char *title,
            TrCategory  category,
            const char *postcode,
            TrModality  modality,
            TrAudience  audience,
            TrLevel     min_level,
            const char *start_date)
{
  TrOfferData data = {
    .id = g_strdup (id),
    .title = g_strdup (title),
    .category = category,
    .provider = g_strdup ("Atelier Num\xC3\xA9rique du Faubourg"),
    .address = g_strdup ("12 rue Oberkampf"),
    .postcode = g_strdup (postcode),
    .modality = modality,
    .audience = audience,
    .min_level = min_level,
    .hours = 400,
    .start_date = g_strdup (start_date),
    .end_date = g_strdup ("2027-12-31"),
    .seats = 12,
    .info_session = g_strdup (""),
    .description = g_strdup ("Offre fictive de d\xC3\xA9monstration."),
  };

  return tr_offer_new (&data);
}

static GHashTable *
answers_new (const char *birth_date, const char *diploma, const char *gender)
{
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);

  if (birth_date != NULL)
    g_hash_table_insert (answers, (gpointer) "birth_date", (gpointer) birth_date);
  if (diploma != NULL)
    g_hash_table_insert (answers, (gpointer) "diploma", (gpointer) diploma);
  if (gender != NULL)
    g_hash_table_insert (answers, (gpointer) "gender", (gpointer) gender);
  return answers;
}

static void
test_profile_from_answers (void)
{
  GDate today;
  TrProfile profile;
  g_autoptr(GHashTable) full = answers_new ("2001-11-20", "bac", "woman");
  g_autoptr(GHashTable) day_before = answers_new ("2001-11-21", "bac2", NULL);
  g_autoptr(GHashTable) unknown = answers_new ("2001-02-30", "master", NULL);
  g_autoptr(GHashTable) empty = answers_new (NULL, NULL, NULL);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, 11, 2026);

  tr_profile_from_answers (&profile, full, &today);
  g_assert_cmpint (profile.age, ==, 25);  /* the birthday is today */
  g_assert_true (profile.diploma_known);
  g_assert_cmpint (profile.diploma, ==, TR_LEVEL_BAC);
  g_assert_cmpstr (profile.gender, ==, "woman");

  tr_profile_from_answers (&profile, day_before, &today);
  g_assert_cmpint (profile.age, ==, 24);
  g_assert_cmpint (profile.diploma, ==, TR_LEVEL_BAC2);
  g_assert_null (profile.gender);

  tr_profile_from_answers (&profile, unknown, &today);
  g_assert_cmpint (profile.age, ==, -1);
  g_assert_false (profile.diploma_known);

  tr_profile_from_answers (&profile, empty, &today);
  g_assert_cmpint (profile.age, ==, -1);
  g_assert_false (profile.diploma_known);
  g_assert_null (profile.gender);

  tr_profile_from_answers (&profile, NULL, &today);
  g_assert_cmpint (profile.age, ==, -1);
}

static void
assert_fits (TrOffer *offer, const TrProfile *profile, const char *refusal_words)
{
  g_autofree char *why_not = NULL;
  gboolean fits = tr_offer_fits_profile (offer, profile, &why_not);

  if (refusal_words == NULL)
    {
      g_assert_true (fits);
      g_assert_null (why_not);
    }
  else
    {
      g_assert_false (fits);
      g_assert_nonnull (why_not);
      g_assert_nonnull (strstr (why_not, refusal_words));
      g_assert_false (tr_offer_fits_profile (offer, profile, NULL));
    }
}

static void
test_offer_fits_profile (void)
{
  g_autoptr(TrOffer) women = make_offer ("W", "Data", TR_CATEGORY_DATA, "75020", TR_MODALITY_REMOTE,
                                         TR_AUDIENCE_WOMEN, TR_LEVEL_NONE, "2027-04-05");
  g_autoptr(TrOffer) young = make_offer ("Y", "CM", TR_CATEGORY_PROJECT_MANAGER, "75001", TR_MODALITY_ON_SITE,
                                         TR_AUDIENCE_UNDER_26, TR_LEVEL_NONE, "2027-05-03");
  g_autoptr(TrOffer) senior = make_offer ("S", "Java", TR_CATEGORY_DEVELOPER, "75011", TR_MODALITY_ON_SITE,
                                          TR_AUDIENCE_OVER_45, TR_LEVEL_NONE, "2027-03-22");
  g_autoptr(TrOffer) no_diploma = make_offer ("N", "Support", TR_CATEGORY_OTHER, "75018", TR_MODALITY_ON_SITE,
                                              TR_AUDIENCE_NO_DIPLOMA, TR_LEVEL_NONE, "2027-06-07");
  g_autoptr(TrOffer) bac = make_offer ("B", "Projet", TR_CATEGORY_PROJECT_MANAGER, "75116", TR_MODALITY_HYBRID,
                                       TR_AUDIENCE_ALL, TR_LEVEL_BAC, "2027-03-15");
  TrProfile man = { 30, TR_LEVEL_BAC2, TRUE, "man" };
  TrProfile woman = { 30, TR_LEVEL_NONE, TRUE, "woman" };
  TrProfile undisclosed = { 25, TR_LEVEL_CAP_BEP, TRUE, "undisclosed" };
  TrProfile unknown = { -1, TR_LEVEL_NONE, FALSE, NULL };
  TrProfile fifty = { 50, TR_LEVEL_BAC, TRUE, "other" };
  TrProfile twenty_six = { 26, TR_LEVEL_NONE, TRUE, "woman" };
  TrProfile forty_five = { 45, TR_LEVEL_NONE, TRUE, "man" };

  assert_fits (women, &man, "women");
  assert_fits (women, &woman, NULL);
  assert_fits (women, &undisclosed, NULL);
  assert_fits (women, &unknown, NULL);

  assert_fits (young, &undisclosed, NULL);
  assert_fits (young, &twenty_six, "under 26");
  assert_fits (young, &unknown, NULL);

  assert_fits (senior, &forty_five, NULL);
  assert_fits (senior, &fifty, NULL);
  assert_fits (senior, &man, "45");
  assert_fits (senior, &unknown, NULL);

  assert_fits (no_diploma, &woman, NULL);
  assert_fits (no_diploma, &undisclosed, "without a diploma");
  assert_fits (no_diploma, &unknown, NULL);

  assert_fits (bac, &woman, "diploma");
  assert_fits (bac, &undisclosed, "diploma");
  assert_fits (bac, &fifty, NULL);
  assert_fits (bac, &man, NULL);
  assert_fits (bac, &unknown, NULL);

  /* No profile: everything fits. */
  g_assert_true (tr_offer_fits_profile (women, NULL, NULL));
}

/* ------------------------------------------------------------------ */
/* Search                                                              */

static TrCatalogue *
small_catalogue (void)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  TrOffer *withdrawn;

  g_ptr_array_add (offers, make_offer ("PC-A", "D\xC3\xA9veloppeuse / d\xC3\xA9veloppeur web",
                                       TR_CATEGORY_DEVELOPER, "75011", TR_MODALITY_ON_SITE,
                                       TR_AUDIENCE_ALL, TR_LEVEL_NONE, "2027-03-01"));
  g_ptr_array_add (offers, make_offer ("PC-B", "Data analyst \xE2\x80\x94 promotion 100 % femmes",
                                       TR_CATEGORY_DATA, "75020", TR_MODALITY_REMOTE,
                                       TR_AUDIENCE_WOMEN, TR_LEVEL_NONE, "2027-04-05"));
  g_ptr_array_add (offers, make_offer ("PC-C", "Cheffe / chef de projet digital",
                                       TR_CATEGORY_PROJECT_MANAGER, "75116", TR_MODALITY_HYBRID,
                                       TR_AUDIENCE_ALL, TR_LEVEL_BAC, "2027-03-15"));
  g_ptr_array_add (offers, make_offer ("PC-D", "Community manager",
                                       TR_CATEGORY_PROJECT_MANAGER, "75001", TR_MODALITY_ON_SITE,
                                       TR_AUDIENCE_UNDER_26, TR_LEVEL_NONE, "2027-05-03"));
  g_ptr_array_add (offers, make_offer ("PC-E", "D\xC3\xA9veloppeur Java",
                                       TR_CATEGORY_DEVELOPER, "75011", TR_MODALITY_ON_SITE,
                                       TR_AUDIENCE_OVER_45, TR_LEVEL_BAC2, "2027-03-22"));
  withdrawn = make_offer ("PC-F", "Technicienne support", TR_CATEGORY_OTHER, "75018",
                          TR_MODALITY_ON_SITE, TR_AUDIENCE_NO_DIPLOMA, TR_LEVEL_NONE, "2027-06-07");
  tr_offer_set_withdrawn (withdrawn, TRUE);
  g_ptr_array_add (offers, withdrawn);

  return tr_catalogue_new (offers);
}

/* Runs @query and checks the ids found, in order, against @expected
 * (space-separated). */
static void
assert_search (TrCatalogue *catalogue, const TrOfferQuery *query, const char *expected)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) ids = g_string_new (NULL);

  tr_catalogue_search (catalogue, query, found);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", tr_offer_get_id (g_ptr_array_index (found, i)));
  g_assert_cmpstr (ids->str, ==, expected);
}

static void
assert_text_search (TrCatalogue *catalogue, const char *text, const char *expected)
{
  TrOfferQuery query = TR_OFFER_QUERY_INIT;

  query.text = text;
  assert_search (catalogue, &query, expected);
}

static void
test_search_text (void)
{
  g_autoptr(TrCatalogue) catalogue = small_catalogue ();

  assert_text_search (catalogue, "developpeuse", "PC-A");
  assert_text_search (catalogue, "D\xC3\x89VELOPPEUSE", "PC-A");
  assert_text_search (catalogue, "D\xC3\xA9veloppeuse", "PC-A");
  assert_text_search (catalogue, "develop", "PC-A PC-E");
  /* Every word must be found, in any order. */
  assert_text_search (catalogue, "web developpeur", "PC-A");
  assert_text_search (catalogue, "java web", "");
  /* Provider, category label and token, and the district. */
  assert_text_search (catalogue, "faubourg", "PC-A PC-B PC-C PC-D PC-E");
  assert_text_search (catalogue, "analysis", "PC-B");
  assert_text_search (catalogue, "project_manager", "PC-C PC-D");
  assert_text_search (catalogue, "java 11e", "PC-E");
  assert_text_search (catalogue, "Paris 20", "PC-B");
  assert_text_search (catalogue, "75016", "PC-C");
  assert_text_search (catalogue, "75116", "PC-C");
  assert_text_search (catalogue, "1er", "PC-D");
  /* Blank text means no text filter. */
  assert_text_search (catalogue, "  ", "PC-A PC-B PC-C PC-D PC-E");
  assert_text_search (catalogue, NULL, "PC-A PC-B PC-C PC-D PC-E");
  assert_text_search (catalogue, "zzz", "");
  assert_text_search (catalogue, "caf\xE9", "");
}

static void
test_search_filters (void)
{
  g_autoptr(TrCatalogue) catalogue = small_catalogue ();
  TrOfferQuery query = TR_OFFER_QUERY_INIT;

  assert_search (catalogue, NULL, "PC-A PC-B PC-C PC-D PC-E");

  query.category = TR_CATEGORY_DEVELOPER;
  assert_search (catalogue, &query, "PC-A PC-E");
  query.text = "java";
  assert_search (catalogue, &query, "PC-E");

  query = (TrOfferQuery) TR_OFFER_QUERY_INIT;
  query.arrondissement = 11;
  assert_search (catalogue, &query, "PC-A PC-E");
  query.arrondissement = 16;
  assert_search (catalogue, &query, "PC-C");
  query.arrondissement = 19;
  assert_search (catalogue, &query, "");

  query = (TrOfferQuery) TR_OFFER_QUERY_INIT;
  query.modality = TR_MODALITY_REMOTE;
  assert_search (catalogue, &query, "PC-B");

  query = (TrOfferQuery) TR_OFFER_QUERY_INIT;
  query.start_month = "2027-03";
  assert_search (catalogue, &query, "PC-A PC-C PC-E");
  query.start_month = "2027-06";
  assert_search (catalogue, &query, "");
  query.include_withdrawn = TRUE;
  assert_search (catalogue, &query, "PC-F");

  query = (TrOfferQuery) TR_OFFER_QUERY_INIT;
  query.include_withdrawn = TRUE;
  assert_search (catalogue, &query, "PC-A PC-B PC-C PC-D PC-E PC-F");
}

static void
test_search_profile (void)
{
  g_autoptr(TrCatalogue) catalogue = small_catalogue ();
  TrOfferQuery query = TR_OFFER_QUERY_INIT;
  TrProfile man = { 30, TR_LEVEL_BAC, TRUE, "man" };
  TrProfile woman = { 30, TR_LEVEL_BAC, TRUE, "woman" };
  TrProfile no_diploma = { 20, TR_LEVEL_NONE, TRUE, "undisclosed" };
  TrProfile senior = { 50, TR_LEVEL_BAC3PLUS, TRUE, NULL };

  query.profile = &man;
  assert_search (catalogue, &query, "PC-A PC-C");
  query.profile = &woman;
  assert_search (catalogue, &query, "PC-A PC-B PC-C");
  /* Without the baccalauréat, the offer that needs it is not proposed. */
  query.profile = &no_diploma;
  assert_search (catalogue, &query, "PC-A PC-B PC-D");
  query.profile = &senior;
  assert_search (catalogue, &query, "PC-A PC-B PC-C PC-E");

  query.profile = &woman;
  query.text = "data";
  assert_search (catalogue, &query, "PC-B");
  query.profile = &man;
  assert_search (catalogue, &query, "");
}

static void
test_lookup (void)
{
  g_autoptr(TrCatalogue) catalogue = small_catalogue ();
  g_autoptr(TrCatalogue) empty = tr_catalogue_new (NULL);
  TrOffer *offer;

  g_assert_cmpuint (tr_catalogue_get_offers (catalogue)->len, ==, 6);
  offer = tr_catalogue_lookup (catalogue, "PC-C");
  g_assert_nonnull (offer);
  g_assert_cmpstr (tr_offer_get_data (offer)->title, ==, "Cheffe / chef de projet digital");
  /* Withdrawn offers are still found by id: their registrations name them. */
  g_assert_nonnull (tr_catalogue_lookup (catalogue, "PC-F"));
  g_assert_null (tr_catalogue_lookup (catalogue, "pc-c"));
  g_assert_null (tr_catalogue_lookup (catalogue, "PC-Z"));
  g_assert_null (tr_catalogue_lookup (catalogue, NULL));

  g_assert_cmpuint (tr_catalogue_get_offers (empty)->len, ==, 0);
  g_assert_null (tr_catalogue_lookup (empty, "PC-A"));
  assert_search (empty, NULL, "");
}

/* The catalogue holds its own references: it outlives the array it was
 * made from. */
static void
test_catalogue_keeps_offers (void)
{
  g_autoptr(TrCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *offers = tr_catalogue_parse_demo (&error);

  g_assert_no_error (error);
  catalogue = tr_catalogue_new (offers);
  g_ptr_array_unref (offers);
  g_assert_cmpstr (tr_offer_get_id (tr_catalogue_lookup (catalogue, "PC17-0001")), ==, "PC17-0001");
  assert_text_search (catalogue, "PC17-0001", "");  /* ids are not searched words */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue/parse/malformed-fixtures", test_malformed_fixtures);
  g_test_add_func ("/catalogue/parse/error-codes", test_error_codes);
  g_test_add_func ("/catalogue/parse/missing-file", test_missing_file);
  g_test_add_func ("/catalogue/parse/spreadsheet-values", test_spreadsheet_values);
  g_test_add_func ("/catalogue/parse/semicolon-lf-file", test_semicolon_lf_file);
  g_test_add_func ("/catalogue/parse/header-only", test_header_only);
  g_test_add_func ("/catalogue/demo/generated", test_demo_is_generated);
  g_test_add_func ("/catalogue/demo/contents", test_demo_contents);
  g_test_add_func ("/catalogue/profile/from-answers", test_profile_from_answers);
  g_test_add_func ("/catalogue/profile/fits", test_offer_fits_profile);
  g_test_add_func ("/catalogue/search/text", test_search_text);
  g_test_add_func ("/catalogue/search/filters", test_search_filters);
  g_test_add_func ("/catalogue/search/profile", test_search_profile);
  g_test_add_func ("/catalogue/lookup", test_lookup);
  g_test_add_func ("/catalogue/keeps-offers", test_catalogue_keeps_offers);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one path from answers to a stored registration, shared by the kiosk and
 * the command line: real rules, a real database, a real key. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "office-fixture.h"
#include "tr-catalogue.h"
#include "tr-enrol.h"
#include "tr-error.h"

typedef struct {
  char       *dir;
  TrStore    *store;
  TrRules    *rules;
  TrKeyPair  *keys;
  GDateTime  *now;
  GHashTable *answers;
  TrPerson   *person;
  guint       serial;
} Fixture;

static TrOffer *
make_offer (const char *id, TrAudience audience, TrLevel level)
{
  TrOfferData data = {
    .id = g_strdup (id), .title = g_strdup ("Développeuse web"), .category = TR_CATEGORY_DEVELOPER,
    .provider = g_strdup ("École du Code"), .address = g_strdup ("12 rue Ordener"),
    .postcode = g_strdup ("75018"), .modality = TR_MODALITY_ON_SITE, .audience = audience,
    .min_level = level, .hours = 400, .start_date = g_strdup ("2027-03-01"),
    .end_date = g_strdup ("2027-09-30"), .seats = 2,
    .info_session = g_strdup ("mardi 9 février 2027 à 10 h"), .description = g_strdup ("Offre fictive"),
  };
  return tr_offer_new (&data);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *db = NULL;
  g_autofree char *key = NULL;
  TrImportStats stats;

  f->dir = g_dir_make_tmp ("tremplin-enrol-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "t.db", NULL);
  key = g_build_filename (f->dir, "t.key", NULL);
  f->now = g_date_time_new_from_iso8601 ("2026-11-28T10:00:00Z", NULL);
  f->store = tr_store_open (db, TRUE, &error);
  g_assert_no_error (error);
  store_use_test_office (f->store);
  f->keys = tr_key_pair_create (key, &error);
  g_assert_no_error (error);
  g_assert_true (tr_store_set_identity (f->store, "k1", f->keys->public_key, &error));
  g_ptr_array_add (offers, make_offer ("O-ALL", TR_AUDIENCE_ALL, TR_LEVEL_NONE));
  g_ptr_array_add (offers, make_offer ("O-WOMEN", TR_AUDIENCE_WOMEN, TR_LEVEL_NONE));
  g_ptr_array_add (offers, make_offer ("O-BAC2", TR_AUDIENCE_ALL, TR_LEVEL_BAC2));
  g_assert_true (tr_store_import_offers (f->store, offers, f->now, &stats, &error));
  g_assert_no_error (error);
  f->rules = tr_rules_new_default (&error);
  g_assert_no_error (error);

  f->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (f->answers, g_strdup ("birth_date"), g_strdup ("1990-04-02"));
  g_hash_table_insert (f->answers, g_strdup ("postcode"), g_strdup ("75018"));
  g_hash_table_insert (f->answers, g_strdup ("qpv"), g_strdup ("yes"));
  g_hash_table_insert (f->answers, g_strdup ("job_status"), g_strdup ("registered"));
  g_hash_table_insert (f->answers, g_strdup ("unemployed_months"), g_strdup ("3"));
  g_hash_table_insert (f->answers, g_strdup ("diploma"), g_strdup ("bac"));
  g_hash_table_insert (f->answers, g_strdup ("gender"), g_strdup ("man"));
  g_hash_table_insert (f->answers, g_strdup ("in_training"), g_strdup ("no"));

  f->person = tr_person_new ();
  f->person->values[TR_FIELD_FIRST_NAME] = g_strdup ("Karim");
  f->person->values[TR_FIELD_LAST_NAME] = g_strdup ("Benali");
  f->person->values[TR_FIELD_BIRTH_DATE] = g_strdup ("1990-04-02");
  f->person->values[TR_FIELD_PHONE] = g_strdup ("+33612345678");
  f->person->values[TR_FIELD_POSTCODE] = g_strdup ("75018");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  g_clear_object (&f->rules);
  g_clear_pointer (&f->keys, tr_key_pair_free);
  g_clear_pointer (&f->now, g_date_time_unref);
  g_clear_pointer (&f->answers, g_hash_table_unref);
  g_clear_pointer (&f->person, tr_person_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static TrRegistration *
enrol (Fixture *f, const char *offer_id, TrVerdict **verdict, GError **error)
{
  g_autofree char *session = g_strdup_printf ("session-%u", ++f->serial);
  TrEnrolment enrolment = {
    .session_id = session, .offer_id = offer_id, .answers = f->answers, .person = f->person,
    .accept_waiting_list = TRUE, .now = f->now, .language = NULL,
  };
  return tr_enrol (f->store, f->rules, f->keys, &enrolment, verdict, error);
}

static void
answer (Fixture *f, const char *id, const char *value)
{
  if (value == NULL)
    g_hash_table_remove (f->answers, id);
  else
    g_hash_table_insert (f->answers, g_strdup (id), g_strdup (value));
}

static void
test_eligible_is_stored_with_flags (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrVerdict) verdict = NULL;
  g_autoptr(TrRegistration) registration = enrol (f, "O-ALL", &verdict, &error);
  g_autofree char *details = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (registration->status, ==, "registered");
  g_assert_cmpstr (registration->verdict, ==, "eligible");
  g_assert_cmpint (verdict->kind, ==, TR_VERDICT_ELIGIBLE);
  g_assert_true (g_strv_contains ((const char * const *) verdict->flags, "qpv"));
  g_assert_nonnull (strstr (registration->flags_json, "\"qpv\""));
  /* The coarse facts in clear: 36 on the day, a man, in a QPV. */
  g_assert_cmpstr (registration->age_band, ==, "26-49");
  g_assert_cmpint (registration->woman, ==, 0);
  g_assert_true (registration->qpv);
  /* The rest sealed: only the office's key opens it. */
  g_assert_nonnull (registration->details);
  g_assert_false (bytes_contain (g_bytes_get_data (registration->details, NULL),
                                 g_bytes_get_size (registration->details), "Benali"));
  details = open_details (registration);
  g_assert_nonnull (g_strstr_len (details, -1, "\"person\":{"));
  g_assert_nonnull (g_strstr_len (details, -1, "\"last_name\":\"Benali\""));
  g_assert_nonnull (g_strstr_len (details, -1, "\"answers\":{\"birth_date\":\"1990-04-02\""));
  g_assert_null (g_strstr_len (strstr (details, "\"answers\""), -1, "Benali"));
}

static void
test_skipped_answers_are_not_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autofree char *details = NULL;

  /* 75001 has no priority neighbourhood, so the QPV question is not asked. */
  answer (f, "postcode", "75001");
  g_free (f->person->values[TR_FIELD_POSTCODE]);
  f->person->values[TR_FIELD_POSTCODE] = g_strdup ("75001");
  registration = enrol (f, "O-ALL", NULL, &error);
  g_assert_no_error (error);
  details = open_details (registration);
  g_assert_null (strstr (details, "qpv"));
  g_assert_null (strstr (registration->flags_json, "qpv"));
  g_assert_false (registration->qpv);
}

static void
test_not_eligible_says_where_to_go (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autofree char *referral = tr_rules_get_decision_referral (f->rules, "too_young", NULL);

  answer (f, "birth_date", "2010-01-01");
  registration = enrol (f, "O-ALL", NULL, &error);
  g_assert_null (registration);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_ELIGIBLE);
  g_assert_nonnull (referral);
  g_assert_nonnull (strstr (error->message, referral));
}

static void
test_conditional_when_not_registered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = NULL;

  answer (f, "job_status", "not_registered");
  answer (f, "unemployed_months", NULL);
  registration = enrol (f, "O-ALL", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (registration->verdict, ==, "conditional");
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  const struct { const char *offer; const char *question; const char *value; int code; } cases[] = {
    { "O-WOMEN", NULL, NULL, TR_ERROR_NO_FIT },            /* the applicant is a man */
    { "O-BAC2", NULL, NULL, TR_ERROR_NO_FIT },             /* needs two years after the bac */
    { "O-NONE", NULL, NULL, TR_ERROR_NOT_FOUND },
    { "O-ALL", "diploma", "master", TR_ERROR_INVALID },
    { "O-ALL", "colour", "blue", TR_ERROR_INVALID },
    { "O-ALL", "birth_date", "1985-06-15", TR_ERROR_INVALID },  /* disagrees with the person */
    { "O-ALL", "in_training", NULL, -1 },                      /* unanswered */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) saved = g_steal_pointer (&f->answers);
      g_autoptr(GError) error = NULL;
      g_autoptr(TrRegistration) registration = NULL;
      GHashTableIter iter;
      gpointer key, value;

      f->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, saved);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (f->answers, g_strdup (key), g_strdup (value));
      if (cases[i].question != NULL)
        answer (f, cases[i].question, cases[i].value);

      registration = enrol (f, cases[i].offer, NULL, &error);
      g_assert_null (registration);
      g_assert_nonnull (error);
      if (cases[i].code >= 0)
        g_assert_error (error, TR_ERROR, cases[i].code);
      g_hash_table_unref (f->answers);
      f->answers = g_steal_pointer (&saved);
    }
  g_assert_cmpint (tr_store_get_seats_left (f->store, "O-ALL", NULL), ==, 2);
}

static void
test_full_offer_without_waiting_list (Fixture *f, gconstpointer data)
{
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(TrRegistration) registration = enrol (f, "O-ALL", NULL, NULL);
      g_assert_nonnull (registration);
    }
  {
    g_autoptr(GError) error = NULL;
    TrEnrolment enrolment = {
      .session_id = "late", .offer_id = "O-ALL", .answers = f->answers, .person = f->person,
      .accept_waiting_list = FALSE, .now = f->now,
    };
    g_autoptr(TrRegistration) registration = tr_enrol (f->store, f->rules, f->keys, &enrolment, NULL, &error);
    g_assert_null (registration);
    g_assert_error (error, TR_ERROR, TR_ERROR_FULL);
  }
}

#define FORM_PERSON "\"person\": {\"first_name\": \"Awa\", \"last_name\": \"Diallo\", " \
                    "\"phone\": \"0612345678\"}"
#define FORM_ANSWERS "\"answers\": {\"birth_date\": \"1990-03-14\", \"postcode\": \"75018\", " \
                     "\"unemployed_months\": 14}"

/* The register form: every member's type is checked, and a zero character
 * refused rather than cut at. */
static void
test_form_from_json (void)
{
  static const struct {
    const char *json;
    const char *message;   /* NULL: read */
  } cases[] = {
    { "{\"offer\": \"T-1\", \"session_id\": \"form-1\", " FORM_ANSWERS ", " FORM_PERSON "}", NULL },
    { "{\"offer\": \"T-1\", \"session_id\": null, " FORM_ANSWERS ", " FORM_PERSON "}", NULL },
    { "{\"offer\": \"T-1\", \"session_id\": \"\", " FORM_ANSWERS ", " FORM_PERSON "}", NULL },
    { "{\"offer\": \"T-1\", \"session_id\": 42, " FORM_ANSWERS ", " FORM_PERSON "}",
      "The registration needs “session_id” as a text between double quotes" },
    { "{\"offer\": \"T-1\", \"session_id\": [\"a\"], " FORM_ANSWERS ", " FORM_PERSON "}",
      "“session_id” as a text" },
    { "{\"offer\": 7, " FORM_ANSWERS ", " FORM_PERSON "}", "“offer” as a text" },
    { "{" FORM_ANSWERS ", " FORM_PERSON "}", "“offer” as a text" },
    { "{\"offer\": \"T-1\", \"answers\": [], " FORM_PERSON "}", "“answers” as a JSON object" },
    { "{\"offer\": \"T-1\", " FORM_ANSWERS ", \"person\": \"Awa\"}", "“person” as a JSON object" },
    { "{\"offer\": \"T-1\", \"answers\": {\"qpv\": true}, " FORM_PERSON "}",
      "The answer to “qpv” must be a text or a whole number" },
    { "{\"offer\": \"T-1\", " FORM_ANSWERS ", \"person\": {\"first_name\": 1}}",
      "first_name: write this value as text" },
    { "{\"offer\": \"T-1\", \"session_id\": \"a\\u0000b\", " FORM_ANSWERS ", " FORM_PERSON "}",
      "line 1, column 34: a text holds a zero character" },
    { "[]", "must be one JSON object" },
    { "{\"offer\": ", "not valid JSON" },
  };
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 14, 3, 2027);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrEnrolForm) form = tr_enrol_form_from_json (cases[i].json, &today, &error);

      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (form->offer_id, ==, "T-1");
          g_assert_cmpstr (form->session_id, ==, i == 0 ? "form-1" : NULL);
          g_assert_cmpstr (g_hash_table_lookup (form->answers, "unemployed_months"), ==, "14");
          g_assert_cmpstr (form->person->values[TR_FIELD_POSTCODE], ==, "75018");
          continue;
        }
      g_assert_null (form);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” lacks “%s”", (guint) i, error->message, cases[i].message);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/enrol/eligible", test_eligible_is_stored_with_flags);
  ADD ("/enrol/skipped-answers", test_skipped_answers_are_not_kept);
  ADD ("/enrol/not-eligible", test_not_eligible_says_where_to_go);
  ADD ("/enrol/conditional", test_conditional_when_not_registered);
  ADD ("/enrol/refusals", test_refusals);
  ADD ("/enrol/full", test_full_offer_without_waiting_list);
  g_test_add_func ("/enrol/form-from-json", test_form_from_json);
  return g_test_run ();
}

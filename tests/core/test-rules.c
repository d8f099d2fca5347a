/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-rules.c — tests of the rules file: loading, locales, and the verdicts it gives. */
#include <glib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-rules.h"

/* Every dated case is counted on this day. */
#define TODAY_DAY   15
#define TODAY_MONTH G_DATE_MARCH
#define TODAY_YEAR  2017

typedef struct {
  TrRules *rules;
  GDate    today;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->rules = tr_rules_new_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (f->rules);
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, TODAY_DAY, TODAY_MONTH, TODAY_YEAR);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->rules);
}

/* Answers as "id=value" pairs. */
static GHashTable *
answers_of (const char *first, ...)
{
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first);
  for (const char *pair = first; pair != NULL; pair = va_arg (args, const char *))
    {
      const char *equals = strchr (pair, '=');
      g_assert_nonnull (equals);
      g_hash_table_insert (answers, g_strndup (pair, equals - pair), g_strdup (equals + 1));
    }
  va_end (args);
  return answers;
}

/* Someone eligible with no priority: a 30-year-old registered job seeker of
 * the 1st arrondissement with the bac. */
static GHashTable *
eligible_answers (void)
{
  return answers_of ("birth_date=1987-01-10", "postcode=75001", "job_status=registered",
                     "unemployed_months=3", "diploma=bac", "gender=man",
                     "in_training=no", NULL);
}

static void
test_default_loads (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "birth_date", "postcode", "qpv", "job_status", "unemployed_months",
                        "diploma", "gender", "in_training", NULL };
  const TrQuestionType kinds[] = { TR_QUESTION_DATE, TR_QUESTION_POSTCODE, TR_QUESTION_CHOICE,
                                   TR_QUESTION_CHOICE, TR_QUESTION_NUMBER, TR_QUESTION_CHOICE,
                                   TR_QUESTION_CHOICE, TR_QUESTION_CHOICE };
  const char *flags[] = { "qpv", "under_26", "over_50", "no_diploma", "woman",
                          "long_term_unemployed", NULL };
  const char *job_tokens[] = { "registered", "not_registered", "employed", "student", "other", NULL };
  const char *diploma_tokens[] = { "none", "cap_bep", "bac", "bac2", "bac3plus", NULL };
  const char *gender_tokens[] = { "woman", "man", "other", "undisclosed", NULL };
  const char *qpv_tokens[] = { "yes", "no", "unknown", NULL };
  const TrQuestion *months;
  g_autofree char *name = tr_rules_get_programme_name (f->rules, NULL);

  g_assert_cmpstr (name, ==, "Paris Code");
  g_assert_cmpuint (tr_rules_get_n_questions (f->rules), ==, g_strv_length ((char **) ids));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const TrQuestion *question = tr_rules_get_question (f->rules, i);
      g_assert_cmpstr (tr_question_get_id (question), ==, ids[i]);
      g_assert_cmpint (tr_question_get_kind (question), ==, kinds[i]);
      g_assert_true (tr_rules_lookup_question (f->rules, ids[i]) == question);
    }
  g_assert_null (tr_rules_lookup_question (f->rules, "age"));
  g_assert_cmpstrv (tr_rules_get_flag_ids (f->rules), flags);
  g_assert_cmpstrv (tr_question_get_answers (tr_rules_lookup_question (f->rules, "job_status")), job_tokens);
  g_assert_cmpstrv (tr_question_get_answers (tr_rules_lookup_question (f->rules, "diploma")), diploma_tokens);
  g_assert_cmpstrv (tr_question_get_answers (tr_rules_lookup_question (f->rules, "gender")), gender_tokens);
  g_assert_cmpstrv (tr_question_get_answers (tr_rules_lookup_question (f->rules, "qpv")), qpv_tokens);
  months = tr_rules_lookup_question (f->rules, "unemployed_months");
  g_assert_cmpint (tr_question_get_min (months), ==, 0);
  g_assert_cmpint (tr_question_get_max (months), ==, 600);
  g_assert_null (tr_question_get_answers (months));
  g_assert_cmpstr (tr_rules_get_name (f->rules), ==, "paris-code-2017.ini");

  g_assert_cmpstr (tr_verdict_kind_to_token (TR_VERDICT_ELIGIBLE), ==, "eligible");
  g_assert_cmpstr (tr_verdict_kind_to_token (TR_VERDICT_CONDITIONAL), ==, "conditional");
  g_assert_cmpstr (tr_verdict_kind_to_token (TR_VERDICT_NOT_ELIGIBLE), ==, "not_eligible");
}

/* The shipped file and the one built into the core are the same rules. */
static void
test_source_file_loads (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (g_getenv ("TREMPLIN_SOURCE_DIR"), "data", "rules",
                                            "paris-code-2017.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = tr_rules_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (tr_rules_get_n_questions (rules), ==, tr_rules_get_n_questions (f->rules));
  g_assert_cmpstrv (tr_rules_get_flag_ids (rules), tr_rules_get_flag_ids (f->rules));
}

static int
index_of (Fixture *f, const char *id)
{
  for (guint i = 0; i < tr_rules_get_n_questions (f->rules); i++)
    if (strcmp (tr_question_get_id (tr_rules_get_question (f->rules, i)), id) == 0)
      return (int) i;
  g_assert_not_reached ();
}

static void
test_next_question (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) none = answers_of (NULL);
  g_autoptr(GHashTable) paris_1 = answers_of ("birth_date=1990-01-01", "postcode=75001", NULL);
  g_autoptr(GHashTable) paris_18 = answers_of ("birth_date=1990-01-01", "postcode=75018", NULL);
  g_autoptr(GHashTable) spaced = answers_of ("birth_date=1990-01-01", "postcode=75 018", NULL);
  g_autoptr(GHashTable) registered = answers_of ("job_status=registered", NULL);
  g_autoptr(GHashTable) employed = answers_of ("job_status=employed", NULL);
  g_autoptr(GHashTable) other = answers_of ("job_status=other", NULL);
  int postcode = index_of (f, "postcode");
  int qpv = index_of (f, "qpv");
  int job_status = index_of (f, "job_status");
  int months = index_of (f, "unemployed_months");
  int diploma = index_of (f, "diploma");
  int last = (int) tr_rules_get_n_questions (f->rules) - 1;

  g_assert_cmpint (tr_rules_next_question (f->rules, none, -1, &f->today), ==, 0);
  g_assert_cmpint (tr_rules_next_question (f->rules, none, 0, &f->today), ==, postcode);
  /* The 1st arrondissement has no QPV: the question is skipped. */
  g_assert_cmpint (tr_rules_next_question (f->rules, paris_1, postcode, &f->today), ==, job_status);
  /* The 18th has some: it is asked. */
  g_assert_cmpint (tr_rules_next_question (f->rules, paris_18, postcode, &f->today), ==, qpv);
  g_assert_cmpint (tr_rules_next_question (f->rules, spaced, postcode, &f->today), ==, qpv);
  g_assert_cmpint (tr_rules_next_question (f->rules, paris_18, qpv, &f->today), ==, job_status);
  /* With no postcode yet, the QPV question cannot be asked. */
  g_assert_cmpint (tr_rules_next_question (f->rules, none, postcode, &f->today), ==, job_status);

  /* Only a registered job seeker is asked how long. */
  g_assert_cmpint (tr_rules_next_question (f->rules, registered, job_status, &f->today), ==, months);
  g_assert_cmpint (tr_rules_next_question (f->rules, employed, job_status, &f->today), ==, diploma);
  g_assert_cmpint (tr_rules_next_question (f->rules, other, job_status, &f->today), ==, diploma);
  g_assert_cmpint (tr_rules_next_question (f->rules, none, job_status, &f->today), ==, diploma);

  g_assert_cmpint (tr_rules_next_question (f->rules, none, last, &f->today), ==, -1);
  g_assert_cmpint (tr_rules_next_question (f->rules, none, last + 10, &f->today), ==, -1);
}

static TrVerdict *
decide_ok (Fixture *f, GHashTable *answers)
{
  g_autoptr(GError) error = NULL;
  TrVerdict *verdict = tr_rules_decide (f->rules, answers, &f->today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (verdict);
  return verdict;
}

static void
assert_verdict (Fixture *f, GHashTable *answers, TrVerdictKind kind, const char *decision_id)
{
  g_autoptr(TrVerdict) verdict = decide_ok (f, answers);

  g_assert_cmpstr (tr_verdict_kind_to_token (verdict->kind), ==, tr_verdict_kind_to_token (kind));
  g_assert_cmpstr (verdict->decision_id, ==, decision_id);
}

static void
test_decide_eligible (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) answers = eligible_answers ();
  g_autoptr(TrVerdict) verdict = decide_ok (f, answers);

  g_assert_cmpint (verdict->kind, ==, TR_VERDICT_ELIGIBLE);
  g_assert_null (verdict->decision_id);
  g_assert_nonnull (verdict->flags);
  g_assert_cmpuint (g_strv_length (verdict->flags), ==, 0);
}

static void
test_decide_not_eligible (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *answer;
    const char *decision;
  } cases[] = {
    { "postcode=92100", "outside_paris" },
    { "postcode=75000", "outside_paris" },
    { "birth_date=2000-01-01", "too_young" },
    /* 18 tomorrow is still 17 today. */
    { "birth_date=1999-03-16", "too_young" },
    { "job_status=employed", "employed" },
    { "job_status=student", "student" },
    { "in_training=yes", "in_training" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) answers = eligible_answers ();
      const char *equals = strchr (cases[i].answer, '=');

      g_hash_table_insert (answers, g_strndup (cases[i].answer, equals - cases[i].answer),
                           g_strdup (equals + 1));
      g_test_message ("%s", cases[i].answer);
      assert_verdict (f, answers, TR_VERDICT_NOT_ELIGIBLE, cases[i].decision);
    }
}

static void
test_decide_boundaries (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) eighteen_today = eligible_answers ();
  g_autoptr(GHashTable) paris_16 = eligible_answers ();

  g_hash_table_insert (eighteen_today, g_strdup ("birth_date"), g_strdup ("1999-03-15"));
  assert_verdict (f, eighteen_today, TR_VERDICT_ELIGIBLE, NULL);
  /* The 16th arrondissement's second postcode is in Paris. */
  g_hash_table_insert (paris_16, g_strdup ("postcode"), g_strdup ("75116"));
  assert_verdict (f, paris_16, TR_VERDICT_ELIGIBLE, NULL);
}

static void
test_decide_conditional (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) not_registered = eligible_answers ();
  g_autoptr(GHashTable) other = eligible_answers ();

  /* unemployed_months is not asked of them: a left-over answer is ignored. */
  g_hash_table_insert (not_registered, g_strdup ("job_status"), g_strdup ("not_registered"));
  assert_verdict (f, not_registered, TR_VERDICT_CONDITIONAL, "not_registered");
  g_hash_table_insert (other, g_strdup ("job_status"), g_strdup ("other"));
  g_hash_table_remove (other, "unemployed_months");
  assert_verdict (f, other, TR_VERDICT_CONDITIONAL, "not_registered");
}

/* Not eligible wins over conditional, and the file's order decides among
 * not-eligible decisions. */
static void
test_decide_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) both = eligible_answers ();

  g_hash_table_insert (both, g_strdup ("job_status"), g_strdup ("not_registered"));
  g_hash_table_insert (both, g_strdup ("in_training"), g_strdup ("yes"));
  assert_verdict (f, both, TR_VERDICT_NOT_ELIGIBLE, "in_training");
  g_hash_table_insert (both, g_strdup ("postcode"), g_strdup ("93200"));
  g_hash_table_insert (both, g_strdup ("birth_date"), g_strdup ("2005-05-05"));
  assert_verdict (f, both, TR_VERDICT_NOT_ELIGIBLE, "outside_paris");
}

static void
test_decide_early (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) young = answers_of ("birth_date=2001-06-01", NULL);
  g_autoptr(GHashTable) adult = answers_of ("birth_date=1990-06-01", NULL);
  g_autoptr(GHashTable) outside = answers_of ("birth_date=1990-06-01", "postcode=69001", NULL);
  g_autoptr(GHashTable) student = answers_of ("birth_date=1990-06-01", "postcode=75018",
                                              "qpv=yes", "job_status=student", NULL);
  g_autoptr(TrVerdict) verdict = NULL;
  g_autoptr(GError) error = NULL;
  const char *young_flags[] = { "under_26", NULL };

  /* Under 18 with only the date of birth given: no need to go on. */
  verdict = decide_ok (f, young);
  g_assert_cmpint (verdict->kind, ==, TR_VERDICT_NOT_ELIGIBLE);
  g_assert_cmpstr (verdict->decision_id, ==, "too_young");
  g_assert_cmpstrv (verdict->flags, young_flags);
  g_clear_pointer (&verdict, tr_verdict_free);

  assert_verdict (f, outside, TR_VERDICT_NOT_ELIGIBLE, "outside_paris");
  assert_verdict (f, student, TR_VERDICT_NOT_ELIGIBLE, "student");

  /* An adult with only the date of birth: not decided yet. */
  verdict = tr_rules_decide (f->rules, adult, &f->today, &error);
  g_assert_null (verdict);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“postcode”"));
  g_assert_nonnull (strstr (error->message, "has no answer yet"));
}

static void
assert_missing (Fixture *f, GHashTable *answers, const char *missing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrVerdict) verdict = tr_rules_decide (f->rules, answers, &f->today, &error);
  g_autofree char *quoted = g_strdup_printf ("“%s”", missing);

  g_assert_null (verdict);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, quoted));
}

static void
test_decide_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) no_diploma = eligible_answers ();
  g_autoptr(GHashTable) no_months = eligible_answers ();
  g_autoptr(GHashTable) no_qpv = eligible_answers ();
  g_autoptr(GHashTable) not_registered = eligible_answers ();
  g_autoptr(GHashTable) empty_gender = eligible_answers ();

  g_hash_table_remove (no_diploma, "diploma");
  assert_missing (f, no_diploma, "diploma");
  g_hash_table_remove (no_months, "unemployed_months");
  assert_missing (f, no_months, "unemployed_months");
  g_hash_table_insert (no_qpv, g_strdup ("postcode"), g_strdup ("75019"));
  assert_missing (f, no_qpv, "qpv");
  g_hash_table_insert (empty_gender, g_strdup ("gender"), g_strdup (""));
  g_test_message ("an empty answer is no answer");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TrVerdict) verdict = tr_rules_decide (f->rules, empty_gender, &f->today, &error);
    g_assert_null (verdict);
    g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "gender"));
  }

  /* A question that is skipped needs no answer. */
  g_hash_table_insert (not_registered, g_strdup ("job_status"), g_strdup ("not_registered"));
  g_hash_table_remove (not_registered, "unemployed_months");
  assert_verdict (f, not_registered, TR_VERDICT_CONDITIONAL, "not_registered");
}

static void
test_decide_invalid_answer (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *id;
    const char *value;
    const char *message;
  } cases[] = {
    { "birth_date", "01/02/1990", "Answer to “birth_date”: Write the date as year-month-day" },
    { "postcode", "7501", "Answer to “postcode”: A postcode has exactly 5 digits" },
    { "unemployed_months", "lots", "Answer to “unemployed_months”: Write a whole number" },
    { "diploma", "phd", "Answer to “diploma”: “phd” is not one of the answers" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) answers = eligible_answers ();
      g_autoptr(GError) error = NULL;
      g_autoptr(TrVerdict) verdict = NULL;

      g_hash_table_insert (answers, g_strdup (cases[i].id), g_strdup (cases[i].value));
      verdict = tr_rules_decide (f->rules, answers, &f->today, &error);
      g_assert_null (verdict);
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

static void
test_flags (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) priority = answers_of ("birth_date=1993-01-10", "postcode=75018", "qpv=yes",
                                               "job_status=registered", "unemployed_months=14",
                                               "diploma=none", "gender=woman", "in_training=no", NULL);
  g_autoptr(GHashTable) senior = answers_of ("birth_date=1967-03-15", "postcode=75020", "qpv=unknown",
                                             "job_status=registered", "unemployed_months=12",
                                             "diploma=bac3plus", "gender=undisclosed",
                                             "in_training=no", NULL);
  g_autoptr(GHashTable) almost_senior = answers_of ("birth_date=1967-03-16", "postcode=75001",
                                                    "job_status=not_registered", "diploma=bac",
                                                    "gender=woman", "in_training=no", NULL);
  const char *priority_flags[] = { "qpv", "under_26", "no_diploma", "woman", "long_term_unemployed", NULL };
  const char *senior_flags[] = { "over_50", "long_term_unemployed", NULL };
  const char *almost_flags[] = { "woman", NULL };
  g_autoptr(TrVerdict) a = decide_ok (f, priority);
  g_autoptr(TrVerdict) b = decide_ok (f, senior);
  g_autoptr(TrVerdict) c = decide_ok (f, almost_senior);

  g_assert_cmpint (a->kind, ==, TR_VERDICT_ELIGIBLE);
  g_assert_cmpstrv (a->flags, priority_flags);
  /* 50 today; "unknown" is not "yes"; 12 months is enough. */
  g_assert_cmpstrv (b->flags, senior_flags);
  /* 49 until tomorrow; not asked how long, so not flagged. */
  g_assert_cmpint (c->kind, ==, TR_VERDICT_CONDITIONAL);
  g_assert_cmpstrv (c->flags, almost_flags);
}

/* A QPV answer given for a postcode without QPV does not count. */
static void
test_flags_ignore_skipped (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) answers = eligible_answers ();
  g_autoptr(TrVerdict) verdict = NULL;

  g_hash_table_insert (answers, g_strdup ("qpv"), g_strdup ("yes"));
  verdict = decide_ok (f, answers);
  g_assert_cmpuint (g_strv_length (verdict->flags), ==, 0);
}

static void
test_texts (Fixture *f, gconstpointer data)
{
  const TrQuestion *birth = tr_rules_lookup_question (f->rules, "birth_date");
  const TrQuestion *qpv = tr_rules_lookup_question (f->rules, "qpv");
  const TrQuestion *gender = tr_rules_lookup_question (f->rules, "gender");
  g_autofree char *en = tr_question_get_text (birth, NULL);
  g_autofree char *fr = tr_question_get_text (birth, "fr");
  g_autofree char *fr_fr = tr_question_get_text (birth, "fr_FR");
  g_autofree char *fr_dash = tr_question_get_text (birth, "fr-FR");
  g_autofree char *zh = tr_question_get_text (birth, "zh_CN");
  g_autofree char *ar = tr_question_get_text (birth, "ar");
  g_autofree char *de = tr_question_get_text (birth, "de");
  g_autofree char *help_fr = tr_question_get_help (birth, "fr");
  g_autofree char *no_help = tr_question_get_help (tr_rules_lookup_question (f->rules, "in_training"), "fr");
  g_autofree char *yes_fr = tr_question_get_answer_label (qpv, "yes", "fr");
  g_autofree char *unknown_en = tr_question_get_answer_label (qpv, "unknown", "de");
  g_autofree char *undisclosed = tr_question_get_answer_label (gender, "undisclosed", NULL);
  g_autofree char *bad_token = tr_question_get_answer_label (gender, "maybe", NULL);
  g_autofree char *reason_fr = tr_rules_get_decision_reason (f->rules, "too_young", "fr");
  g_autofree char *referral = tr_rules_get_decision_referral (f->rules, "too_young", NULL);
  g_autofree char *register_referral = tr_rules_get_decision_referral (f->rules, "not_registered", NULL);
  g_autofree char *no_decision = tr_rules_get_decision_reason (f->rules, "nonesuch", NULL);
  g_autofree char *label_fr = tr_rules_get_flag_label (f->rules, "qpv", "fr");
  g_autofree char *meaning = tr_rules_get_flag_meaning (f->rules, "over_50", NULL);
  g_autofree char *no_flag = tr_rules_get_flag_label (f->rules, "nonesuch", NULL);
  const char * const *names_18 = tr_rules_get_qpv_names (f->rules, "75018");

  g_assert_cmpstr (en, ==, "What is your date of birth?");
  g_assert_cmpstr (fr, ==, "Quelle est votre date de naissance ?");
  g_assert_cmpstr (fr_fr, ==, fr);
  g_assert_cmpstr (fr_dash, ==, fr);
  g_assert_cmpstr (zh, ==, "您的出生日期是哪一天？");
  g_assert_cmpstr (ar, ==, "ما هو تاريخ ميلادك؟");
  /* A language the file does not have falls back to English. */
  g_assert_cmpstr (de, ==, en);
  g_assert_cmpstr (help_fr, ==, "Elle sert seulement à connaître votre âge.");
  g_assert_null (no_help);
  g_assert_cmpstr (yes_fr, ==, "Oui");
  g_assert_cmpstr (unknown_en, ==, "I don't know");
  g_assert_cmpstr (undisclosed, ==, "I prefer not to say");
  g_assert_null (bad_token);
  g_assert_cmpstr (reason_fr, ==, "Paris Code est réservé aux personnes de 18 ans ou plus.");
  g_assert_nonnull (strstr (referral, "Mission locale"));
  g_assert_nonnull (strstr (register_referral, "3949"));
  g_assert_null (no_decision);
  g_assert_cmpstr (label_fr, ==, "Quartier prioritaire (QPV)");
  g_assert_nonnull (strstr (meaning, "50"));
  g_assert_null (no_flag);

  g_assert_nonnull (names_18);
  g_assert_true (g_strv_contains (names_18, "Goutte d'Or"));
  g_assert_true (g_strv_contains (names_18, "Blémont"));
  g_assert_null (tr_rules_get_qpv_names (f->rules, "75001"));
  /* Every postcode that asks the QPV question has names to show. */
  for (guint n = 1; n <= 20; n++)
    {
      g_autofree char *postcode = g_strdup_printf ("750%02u", n);
      g_autoptr(GHashTable) answers = answers_of ("birth_date=1990-01-01", NULL);
      gboolean asked;

      g_hash_table_insert (answers, g_strdup ("postcode"), g_strdup (postcode));
      asked = tr_rules_next_question (f->rules, answers, 1, &f->today) == 2;
      g_assert_cmpint (asked, ==, tr_rules_get_qpv_names (f->rules, postcode) != NULL);
    }
}

/* zh_CN falls back to zh, then to the untranslated text. */
static void
test_locale_fallback (void)
{
  static const char data[] =
    "[Programme]\nName=P\nName[zh]=P-zh\n"
    "[Question birth_date]\nType=date\nText=Born?\nText[zh]=ZH\nText[zh_TW]=TW\nText[pt_BR]=BR\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = tr_rules_new_from_data (data, strlen (data), "inline.ini", &error);
  const TrQuestion *question;
  g_autofree char *zh_cn = NULL, *zh_tw = NULL, *pt = NULL, *pt_br = NULL, *name = NULL;

  g_assert_no_error (error);
  question = tr_rules_get_question (rules, 0);
  zh_cn = tr_question_get_text (question, "zh_CN");
  zh_tw = tr_question_get_text (question, "zh_TW");
  pt = tr_question_get_text (question, "pt");
  pt_br = tr_question_get_text (question, "pt_BR.UTF-8");
  name = tr_rules_get_programme_name (rules, "zh_CN");
  g_assert_cmpstr (zh_cn, ==, "ZH");
  g_assert_cmpstr (zh_tw, ==, "TW");
  g_assert_cmpstr (pt, ==, "Born?");
  g_assert_cmpstr (pt_br, ==, "BR");
  g_assert_cmpstr (name, ==, "P-zh");
}

static void
test_check_answer (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *id;
    const char *value;
    const char *normalised;   /* or NULL for an error */
    const char *message;
  } cases[] = {
    { "birth_date", "1990-04-23", "1990-04-23", NULL },
    { "birth_date", " 1990-04-23 ", "1990-04-23", NULL },
    { "birth_date", "1917-03-16", "1917-03-16", NULL },
    { "birth_date", "1917-03-15", NULL, "This date of birth would make you over 99 years old. Please check the year." },
    { "birth_date", "2017-03-15", "2017-03-15", NULL },
    { "birth_date", "23/04/1990", NULL, "Write the date as year-month-day, for example 1990-04-23." },
    { "birth_date", "1990-4-23", NULL, "Write the date as year-month-day" },
    { "birth_date", "1990-02-30", NULL, "There is no such day in the calendar. Check the day and the month." },
    { "birth_date", "2017-03-16", NULL, "This date is in the future. Check the year." },
    { "birth_date", "", NULL, "Please give an answer." },
    { "postcode", "75018", "75018", NULL },
    { "postcode", "75 018", "75018", NULL },
    { "postcode", "92100", "92100", NULL },
    { "postcode", "7501", NULL, "A postcode has exactly 5 digits, like 75011." },
    { "postcode", "750188", NULL, "A postcode has exactly 5 digits" },
    { "postcode", "75O18", NULL, "A postcode has exactly 5 digits" },
    { "unemployed_months", "12", "12", NULL },
    { "unemployed_months", "007", "7", NULL },
    { "unemployed_months", "0", "0", NULL },
    { "unemployed_months", "600", "600", NULL },
    { "unemployed_months", "601", NULL, "Write a number from 0 to 600." },
    { "unemployed_months", "-1", NULL, "Write a number from 0 to 600." },
    { "unemployed_months", "1.5", NULL, "Write a whole number with digits only, for example 6." },
    { "unemployed_months", "six", NULL, "Write a whole number with digits only" },
    { "unemployed_months", "99999999999999999999999", NULL, "Write a number from 0 to 600." },
    { "job_status", "registered", "registered", NULL },
    { "job_status", "Registered", NULL, "“Registered” is not one of the answers. Choose one of: registered, not_registered, employed, student, other." },
    { "gender", "undisclosed", "undisclosed", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalised = tr_rules_check_answer_on (f->rules, cases[i].id, cases[i].value,
                                                              &f->today, &error);

      g_test_message ("%s=%s", cases[i].id, cases[i].value);
      if (cases[i].normalised != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (normalised, ==, cases[i].normalised);
        }
      else
        {
          g_assert_null (normalised);
          g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, cases[i].message));
        }
    }
}

static void
test_check_answer_unknown_question (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = tr_rules_check_answer (f->rules, "shoe_size", "42", &error);

  g_assert_null (value);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
}

/* A huge bad answer or question id is quoted cut short, not repeated whole;
 * bytes that are not UTF-8 are refused before any check reads them. */
static void
test_check_answer_quotes_briefly (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = g_strnfill (10 * 1024 * 1024, 'x');
  const char *ids[] = { "job_status", huge };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = tr_rules_check_answer (f->rules, ids[i], huge, &error);

      g_assert_null (value);
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), <, 400);
      g_assert_nonnull (strstr (error->message, "xxxxxxxxxx…"));
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *value = tr_rules_check_answer (f->rules, "job_status", "regist\xe9red", &error);

    g_assert_null (value);
    g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "not UTF-8"));
  }
}

/* Without a day given, the clock's (pinned by TREMPLIN_NOW) is used. */
static void
test_check_answer_clock (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *future = NULL;
  g_autofree char *past = NULL;

  g_setenv ("TREMPLIN_NOW", "2017-03-15T10:00:00+01:00", TRUE);
  future = tr_rules_check_answer (f->rules, "birth_date", "2017-03-16", &error);
  g_assert_null (future);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  past = tr_rules_check_answer (f->rules, "birth_date", "2017-03-15", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (past, ==, "2017-03-15");
  g_unsetenv ("TREMPLIN_NOW");
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Each tests/fixtures/rules/<name>.ini must fail to load with an error
 * containing the text of <name>.expected (file, line and what is wrong). */
static void
test_malformed_files (void)
{
  g_autofree char *dir_path = g_build_filename (g_getenv ("TREMPLIN_SOURCE_DIR"),
                                                "tests", "fixtures", "rules", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".ini"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 10);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, file, NULL);
      g_autofree char *stem = g_strndup (file, strlen (file) - strlen (".ini"));
      g_autofree char *expected_path = g_strdup_printf ("%s/%s.expected", dir_path, stem);
      g_autofree char *expected = NULL;
      g_autoptr(GError) load_error = NULL;
      g_autoptr(TrRules) rules = NULL;

      g_assert_true (g_file_get_contents (expected_path, &expected, NULL, &error));
      g_assert_no_error (error);
      g_strchomp (expected);
      g_assert_cmpstr (expected, !=, "");

      rules = tr_rules_new_from_file (path, &load_error);
      g_test_message ("%s: %s", file, load_error != NULL ? load_error->message : "(loaded)");
      g_assert_null (rules);
      g_assert_error (load_error, TR_ERROR, TR_ERROR_PARSE);
      /* The message names the file it came from. */
      g_assert_true (g_str_has_prefix (load_error->message, path));
      if (strstr (load_error->message, expected) == NULL)
        {
          g_test_message ("%s: expected “%s”", file, expected);
          g_test_fail ();
        }
    }
}

/* A flag may state the programme's target share (the season report reads
 * it); the kiosk loads such a file and refuses a share that is none. */
static void
test_flag_target (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("TREMPLIN_SOURCE_DIR"), "data", "rules",
                                            "paris-code-2017.ini", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *targets[] = { "0", "30", "100" };

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "[Flag qpv]\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *line = g_strdup_printf ("[Flag qpv]\nTarget=%s\n", targets[i]);
      g_auto(GStrv) parts = g_strsplit (text, "[Flag qpv]\n", 2);
      g_autofree char *with_target = g_strjoin (line, parts[0], parts[1], NULL);
      g_autoptr(TrRules) rules = tr_rules_new_from_data (with_target, strlen (with_target), "x.ini", &error);

      g_assert_no_error (error);
      g_assert_nonnull (rules);
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = tr_rules_new_from_file ("/nonexistent/rules.ini", &error);

  g_assert_null (rules);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/rules.ini"));
}

static void
test_bad_data (void)
{
  static const struct {
    const char *data;
    const char *message;
  } cases[] = {
    { "", "x.ini:1: there is no [Programme] group" },
    { "Name=x\n[Programme]\n", "x.ini:1: Name= comes before any [Group] header" },
    { "[Programme]\nName=P\nthis is not a key\n", "x.ini:3: this line is neither a [Group] header" },
    { "[Programme]\nName=P\n=value\n", "x.ini:3: this line has no key name before '='" },
    { "[Programme]\nName=P\n[]\n", "x.ini:3: a group header is written [Name]" },
    { "[Programme]\nName=P\nName=Q\n", "x.ini:3: [Programme] Name= is written twice (first at line 2)" },
    { "[Programme]\nName=P\r\n[Question a]\r\nType=date\r\nText=A?\r\n[Question a]\r\n",
      "x.ini:6: [Question a] is written twice (first at line 3)" },
    { "[Programme]\nName=P\n", "x.ini: there is no [Question <id>] group" },
    { "[Programme]\nName=\n[Question a]\nType=date\nText=A\n", "x.ini:1: [Programme] has no Name=" },
    { "[Programme]\nName=P\n[Question 1a]\nType=date\nText=A\n", "x.ini:3: [Question 1a] “1a” cannot be an id" },
    { "[Programme]\nName=P\n[Question and]\nType=date\nText=A\n", "x.ini:3: [Question and] “and” cannot be an id" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nType[fr]=date\nText=A\n",
      "x.ini:5: [Question a] Type[fr]=: Type= is not a text and cannot be translated" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText[]=A\nText=A\n",
      "x.ini:5: [Question a] Text[]=: a translation is written Key[language]=" },
    { "[Programme]\nName=P\n[Question a]\nType=number\nText=A\nMin=5\n",
      "x.ini:3: [Question a] a number question needs Max=" },
    { "[Programme]\nName=P\n[Question a]\nType=number\nText=A\nMin=5\nMax=four\n",
      "x.ini:7: [Question a] Max=: “four” is not a whole number" },
    { "[Programme]\nName=P\n[Question a]\nType=number\nText=A\nMin=5\nMax=4\n",
      "x.ini:7: [Question a] Max=: Max= is smaller than Min=" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\nMin=5\n",
      "x.ini:6: [Question a] Min=: only a number question has Min=" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\nAnswers=x;y\n",
      "x.ini:6: [Question a] Answers=: only a choice question has Answers=" },
    { "[Programme]\nName=P\n[Question a]\nType=choice\nText=A\nAnswers=x;y\nAnswer-x=X\n",
      "x.ini:3: [Question a] has no Answer-y=" },
    { "[Programme]\nName=P\n[Question a]\nType=choice\nText=A\nAnswers=x\nAnswer-x=X\nAnswer-z[fr]=Z\n",
      "x.ini:8: [Question a] Answer-z[fr]=: “z” is not in Answers=" },
    { "[Programme]\nName=P\n[Question a]\nType=choice\nText=A\nAnswers=x;x\nAnswer-x=X\n",
      "x.ini:6: [Question a] Answers=: “x” is listed twice" },
    { "[Programme]\nName=P\n[Question a]\nType=choice\nText=A\nAnswers=x y\nAnswer-x y=X\n",
      "x.ini:6: [Question a] Answers=: “x y” is not a valid answer token" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\nAskIf=b == 'x'\n"
      "[Question b]\nType=choice\nText=B\nAnswers=x\nAnswer-x=X\n",
      "x.ini:6: [Question a] AskIf=: it reads the answer to b, which is not asked before this question" },
    { "[Programme]\nName=P\n[Question birth_date]\nType=date\nText=A\nAskIf=age > 3\n",
      "x.ini:6: [Question birth_date] AskIf=: it reads the answer to birth_date" },
    { "[Programme]\nName=P\n[Lists]\na=x\n[Question a]\nType=date\nText=A\n",
      "x.ini:4: [Lists] a=: a question or variable already has this name" },
    { "[Programme]\nName=P\n[Lists]\nl=x;;y\n[Question a]\nType=date\nText=A\n",
      "x.ini:4: [Lists] l=: item 2 of the list is empty" },
    { "[Programme]\nName=P\n[QPV]\n7501=Somewhere\n[Question a]\nType=date\nText=A\n",
      "x.ini:4: [QPV] 7501=: A postcode has exactly 5 digits, like 75011." },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Decision d]\nVerdict=conditional\nReason=R\nReferral=F\n",
      "x.ini:6: [Decision d] has no If=" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Decision d]\nVerdict=conditional\nIf=a == '1'\nReason=R\n",
      "x.ini:6: [Decision d] has no Referral=" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Flag f]\nIf=a == '1'\nLabel=L\n",
      "x.ini:6: [Flag f] has no Meaning=" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Flag f]\nIf=a < 3\nLabel=L\nMeaning=M\n",
      "x.ini:7: [Flag f] If=: column 3: cannot compare a text with a number" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Flag f]\nIf=a < \"2000-01-01\"\nLabel=L\nMeaning=M\nTarget=30%\n",
      "x.ini:10: [Flag f] Target=: “30%” is not a share in percent" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Flag f]\nIf=a < \"2000-01-01\"\nLabel=L\nMeaning=M\nTarget=-5\n",
      "x.ini:10: [Flag f] Target=: “-5” is not a share in percent" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Flag f]\nIf=a\nLabel=L\nMeaning=M\n",
      "x.ini:7: [Flag f] If=: column 1: expected a condition" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\n[Decision d]\nVerdict=not_eligible\nIf=  a == 'x' and\nReason=R\nReferral=F\n",
      "x.ini:8: [Decision d] If=: column 13: expected a value" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=\xc3(\n", "x.ini:5: this line is not valid UTF-8 text" },
    /* GKeyFile warns on an unknown escape followed by a final backslash. */
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=abc\\q\\\n",
      "x.ini:5: [Question a] Text=: a backslash (\\) here starts no escape" },
    { "[Programme]\nName=P\n[Question a]\nType=date\nText=A\nText[fr]=\\q\\\n",
      "x.ini:6: [Question a] Text[fr]=: a backslash" },
    { "[Programme]\nName=P\\\n[Question a]\nType=date\nText=A\n",
      "x.ini:2: [Programme] Name=: a backslash" },
    { "[Programme]\nName=P\n[Question a]\nType=choice\nText=A\nAnswers=x\\q\\;y\nAnswer-y=Y\n",
      "x.ini:6: [Question a] Answers=: a backslash" },
    /* In [Lists] and [QPV], If= and AskIf= are values like the others. */
    { "[Programme]\nName=P\n[Lists]\nAskIf=a \\do b \\\n[Question a]\nType=date\nText=A\n",
      "x.ini:4: [Lists] AskIf=: a backslash" },
    { "[Programme]\nName=P\n[QPV]\nIf=\\q\\\n[Question a]\nType=date\nText=A\n",
      "x.ini:4: [QPV] If=: a backslash" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrRules) rules = tr_rules_new_from_data (cases[i].data, strlen (cases[i].data),
                                                         "x.ini", &error);

      g_assert_null (rules);
      g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
      if (strstr (error->message, cases[i].message) == NULL)
        {
          g_test_message ("case %u gave “%s”, expected “%s”", (guint) i, error->message, cases[i].message);
          g_test_fail ();
        }
    }
}

/* A condition far longer than any written by hand (100,000 terms) is
 * refused with its line, not read into a tree that overflows the stack. */
static void
test_long_condition (void)
{
  g_autoptr(GString) data = g_string_new ("[Programme]\nName=P\n[Question qpv]\nType=choice\n"
                                          "Text=Q\nAnswers=yes;no\nAnswer-yes=Y\nAnswer-no=N\n"
                                          "[Decision d]\nVerdict=not_eligible\nReason=R\n"
                                          "Referral=F\nIf=qpv == 'yes'");
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = NULL;

  for (guint i = 1; i < 100000; i++)
    g_string_append (data, " and qpv == 'yes'");
  g_string_append_c (data, '\n');
  rules = tr_rules_new_from_data (data->str, data->len, "x.ini", &error);
  g_assert_null (rules);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "x.ini:13: [Decision d] If=: column 1: the condition is "));
  g_assert_cmpuint (strlen (error->message), <, 200);
}

/* A backslash in a condition belongs to its quoted texts, not to GKeyFile:
 * the escape check leaves If= and AskIf= alone. */
static void
test_condition_backslash (void)
{
  static const char data[] =
    "[Programme]\nName=P\\sQ\n[Question a]\nType=postcode\nText=A\\nB\n"
    "[Question b]\nType=date\nText=B\nAskIf=a != \"75\\\"01\"\n"
    "[Flag f]\nIf=a == '75\\'018'\nLabel=L\nMeaning=M\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = tr_rules_new_from_data (data, sizeof data - 1, "x.ini", &error);
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  name = tr_rules_get_programme_name (rules, NULL);
  g_assert_cmpstr (name, ==, "P Q");
}

/* A file with a zero byte is not text; it must not be half-read. */
static void
test_binary_data (void)
{
  static const char data[] = "[Programme]\nName=P\0[Question a]\nType=date\nText=A\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = tr_rules_new_from_data (data, sizeof data - 1, "bin.ini", &error);

  g_assert_null (rules);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "bin.ini"));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/rules/default-loads", test_default_loads);
  ADD ("/rules/source-file-loads", test_source_file_loads);
  ADD ("/rules/next-question", test_next_question);
  ADD ("/rules/decide/eligible", test_decide_eligible);
  ADD ("/rules/decide/not-eligible", test_decide_not_eligible);
  ADD ("/rules/decide/boundaries", test_decide_boundaries);
  ADD ("/rules/decide/conditional", test_decide_conditional);
  ADD ("/rules/decide/order", test_decide_order);
  ADD ("/rules/decide/early", test_decide_early);
  ADD ("/rules/decide/missing", test_decide_missing);
  ADD ("/rules/decide/invalid-answer", test_decide_invalid_answer);
  ADD ("/rules/flags", test_flags);
  ADD ("/rules/flags-ignore-skipped", test_flags_ignore_skipped);
  ADD ("/rules/texts", test_texts);
  g_test_add_func ("/rules/locale-fallback", test_locale_fallback);
  g_test_add_func ("/rules/flag-target", test_flag_target);
  ADD ("/rules/check-answer", test_check_answer);
  ADD ("/rules/check-answer-quotes-briefly", test_check_answer_quotes_briefly);
  ADD ("/rules/check-answer/unknown-question", test_check_answer_unknown_question);
  ADD ("/rules/check-answer/clock", test_check_answer_clock);
  g_test_add_func ("/rules/malformed-files", test_malformed_files);
  g_test_add_func ("/rules/missing-file", test_missing_file);
  g_test_add_func ("/rules/bad-data", test_bad_data);
  g_test_add_func ("/rules/binary-data", test_binary_data);
  g_test_add_func ("/rules/long-condition", test_long_condition);
  g_test_add_func ("/rules/condition-backslash", test_condition_backslash);
  return g_test_run ();
}

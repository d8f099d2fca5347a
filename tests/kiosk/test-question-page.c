/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The question and verdict pages, in process, on the default Paris Code
 * rules: what they store in the session, which questions the walk skips,
 * and what the verdict lets the person do next. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tr-kiosk.h"
#include "tr-question-page.h"
#include "tr-verdict-page.h"
#include "kiosk-fixture.h"

typedef struct {
  char      *directory;
  TrKiosk   *kiosk;
  TrSession *session;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  TrConfig *config = tr_config_new_default ();
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("tremplin-question-XXXXXX", &error);
  g_assert_no_error (error);
  g_free (config->database);
  config->database = g_build_filename (fixture->directory, "tremplin.db", NULL);
  fixture->kiosk = tr_kiosk_new (kiosk_test_give_office_key (config));
  g_assert_false (tr_kiosk_is_faulty (fixture->kiosk));
  g_assert_nonnull (tr_kiosk_get_rules (fixture->kiosk));
  fixture->session = tr_session_new ("en");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->kiosk);
  kiosk_test_remove_tree (fixture->directory);
  g_free (fixture->directory);
}

static guint
question_index (Fixture *fixture, const char *id)
{
  TrRules *rules = tr_kiosk_get_rules (fixture->kiosk);

  for (guint i = 0; i < tr_rules_get_n_questions (rules); i++)
    if (g_strcmp0 (tr_question_get_id (tr_rules_get_question (rules, i)), id) == 0)
      return i;
  g_assert_not_reached ();
}

static TrPage *
question_page (Fixture *fixture, const char *id)
{
  return g_object_ref_sink (tr_question_page_new (fixture->kiosk, fixture->session,
                                                  question_index (fixture, id)));
}

static GtkWidget *
template_child (TrPage *page, GType type, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
set_entry (TrPage *page, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (template_child (page, TR_TYPE_QUESTION_PAGE, name)), text);
}

static void
answer (Fixture *fixture, const char *id, const char *value)
{
  tr_session_set_answer (fixture->session, id, value);
}

static void
test_name_is_question_id (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = question_page (fixture, "job_status");

  g_assert_cmpstr (tr_page_get_name (page), ==, "question-job_status");
  /* Choice questions move on with their answer buttons, not Next. */
  g_assert_null (tr_page_get_next_label (page));
}

static void
test_date_fields (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = question_page (fixture, "birth_date");
  GtkWidget *error_box = template_child (page, TR_TYPE_QUESTION_PAGE, "error_box");
  GtkLabel *error_label = GTK_LABEL (template_child (page, TR_TYPE_QUESTION_PAGE, "error_label"));

  tr_page_shown (page);
  g_assert_nonnull (tr_page_get_next_label (page));
  g_assert_false (tr_page_get_complete (page));

  /* Not complete until all three fields hold something. */
  set_entry (page, "day_entry", "31");
  set_entry (page, "month_entry", "2");
  g_assert_false (tr_page_get_complete (page));
  set_entry (page, "year_entry", "1990");
  g_assert_true (tr_page_get_complete (page));

  /* No 31 February: the error shows next to the fields and nothing is kept. */
  g_assert_false (tr_page_apply (page));
  g_assert_true (gtk_widget_get_visible (error_box));
  g_assert_cmpstr (gtk_label_get_label (error_label), !=, "");
  g_assert_null (tr_session_get_answer (fixture->session, "birth_date"));

  /* Typing again clears the error. */
  set_entry (page, "day_entry", "3");
  g_assert_false (gtk_widget_get_visible (error_box));

  /* A year of two digits is ambiguous. */
  set_entry (page, "year_entry", "90");
  g_assert_false (tr_page_apply (page));
  g_assert_true (strstr (gtk_label_get_label (error_label), "4 digits") != NULL);

  set_entry (page, "year_entry", "abcd");
  g_assert_false (tr_page_apply (page));
  g_assert_null (tr_session_get_answer (fixture->session, "birth_date"));

  /* Day and month of one digit are written as people say them. */
  set_entry (page, "year_entry", "1990");
  set_entry (page, "month_entry", "6");
  g_assert_true (tr_page_apply (page));
  g_assert_false (gtk_widget_get_visible (error_box));
  g_assert_cmpstr (tr_session_get_answer (fixture->session, "birth_date"), ==, "1990-06-03");
}

static void
test_date_in_future (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = question_page (fixture, "birth_date");

  tr_page_shown (page);
  set_entry (page, "day_entry", "1");
  set_entry (page, "month_entry", "1");
  set_entry (page, "year_entry", "2030");
  g_assert_false (tr_page_apply (page));
  g_assert_null (tr_session_get_answer (fixture->session, "birth_date"));
}

static void
test_date_comes_back (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = question_page (fixture, "birth_date");

  answer (fixture, "birth_date", "1985-11-07");
  tr_page_shown (page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (page, TR_TYPE_QUESTION_PAGE, "day_entry"))), ==, "7");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (page, TR_TYPE_QUESTION_PAGE, "month_entry"))), ==, "11");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (template_child (page, TR_TYPE_QUESTION_PAGE, "year_entry"))), ==, "1985");
  g_assert_true (tr_page_get_complete (page));
}

static void
test_postcode (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = question_page (fixture, "postcode");
  GtkWidget *error_box = template_child (page, TR_TYPE_QUESTION_PAGE, "error_box");
  GtkEntry *entry = GTK_ENTRY (template_child (page, TR_TYPE_QUESTION_PAGE, "value_entry"));

  tr_page_shown (page);
  g_assert_cmpint (gtk_entry_get_input_purpose (entry), ==, GTK_INPUT_PURPOSE_DIGITS);
  g_assert_false (tr_page_get_complete (page));

  set_entry (page, "value_entry", "7501");
  g_assert_true (tr_page_get_complete (page));
  g_assert_false (tr_page_apply (page));
  g_assert_true (gtk_widget_get_visible (error_box));
  g_assert_null (tr_session_get_answer (fixture->session, "postcode"));

  set_entry (page, "value_entry", "75018");
  g_assert_true (tr_page_apply (page));
  g_assert_cmpstr (tr_session_get_answer (fixture->session, "postcode"), ==, "75018");
}

static void
test_number_out_of_range (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = question_page (fixture, "unemployed_months");

  tr_page_shown (page);
  set_entry (page, "value_entry", "601");
  g_assert_false (tr_page_apply (page));
  g_assert_null (tr_session_get_answer (fixture->session, "unemployed_months"));
  set_entry (page, "value_entry", "14");
  g_assert_true (tr_page_apply (page));
  g_assert_cmpstr (tr_session_get_answer (fixture->session, "unemployed_months"), ==, "14");
}

static GtkWidget *
answer_button (TrPage *page, guint position)
{
  GtkWidget *button = gtk_widget_get_first_child (template_child (page, TR_TYPE_QUESTION_PAGE, "answers_box"));

  for (guint i = 0; i < position && button != NULL; i++)
    button = gtk_widget_get_next_sibling (button);
  g_assert_nonnull (button);
  return button;
}

static void
test_choice_stores_and_marks (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = question_page (fixture, "diploma");

  tr_page_shown (page);
  g_assert_false (tr_page_apply (page));  /* nothing chosen yet */
  g_assert_false (tr_page_get_complete (page));

  g_signal_emit_by_name (answer_button (page, 2), "clicked");
  g_assert_cmpstr (tr_session_get_answer (fixture->session, "diploma"), ==, "bac");
  g_assert_true (tr_page_apply (page));

  /* Coming back, the chosen answer is marked, and only that one. */
  answer (fixture, "diploma", "none");
  tr_page_shown (page);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (answer_button (page, 0))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (answer_button (page, 2))));
}

static void
test_skip_by_ask_if (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) qpv = question_page (fixture, "qpv");
  g_autoptr(TrPage) months = question_page (fixture, "unemployed_months");

  answer (fixture, "birth_date", "1990-06-15");
  answer (fixture, "postcode", "75015");  /* no priority neighbourhood there */
  g_assert_true (tr_page_should_skip (qpv));
  answer (fixture, "postcode", "75018");
  g_assert_false (tr_page_should_skip (qpv));

  answer (fixture, "job_status", "not_registered");
  g_assert_true (tr_page_should_skip (months));
  answer (fixture, "job_status", "registered");
  g_assert_false (tr_page_should_skip (months));
}

static void
test_skip_once_not_eligible (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) postcode = question_page (fixture, "postcode");
  g_autoptr(TrPage) job = question_page (fixture, "job_status");
  g_autoptr(TrPage) diploma = question_page (fixture, "diploma");

  answer (fixture, "birth_date", "1990-06-15");
  answer (fixture, "postcode", "92100");  /* outside Paris */
  g_assert_false (tr_page_should_skip (postcode));  /* its own answer does not hide it */
  g_assert_true (tr_page_should_skip (job));
  g_assert_true (tr_page_should_skip (diploma));

  /* A later answer left from another path does not hide an earlier question. */
  answer (fixture, "postcode", "75018");
  answer (fixture, "in_training", "yes");
  g_assert_false (tr_page_should_skip (job));
  g_assert_false (tr_page_should_skip (diploma));
}

static TrPage *
verdict_page (Fixture *fixture)
{
  return g_object_ref_sink (g_object_new (TR_TYPE_VERDICT_PAGE, "kiosk", fixture->kiosk,
                                          "session", fixture->session, "name", "verdict", NULL));
}

static void
answer_eligible (Fixture *fixture)
{
  answer (fixture, "birth_date", "1990-06-15");
  answer (fixture, "postcode", "75018");
  answer (fixture, "qpv", "yes");
  answer (fixture, "job_status", "registered");
  answer (fixture, "unemployed_months", "14");
  answer (fixture, "diploma", "none");
  answer (fixture, "gender", "woman");
  answer (fixture, "in_training", "no");
}

static void
test_verdict_eligible (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = verdict_page (fixture);
  const TrVerdict *verdict;

  answer_eligible (fixture);
  tr_page_shown (page);
  verdict = tr_session_get_verdict (fixture->session);
  g_assert_nonnull (verdict);
  g_assert_cmpint (verdict->kind, ==, TR_VERDICT_ELIGIBLE);
  g_assert_true (g_strv_contains ((const char * const *) verdict->flags, "qpv"));
  g_assert_cmpstr (tr_page_get_next_label (page), ==, "Choose a training");
  g_assert_true (tr_page_get_complete (page));
  g_assert_true (tr_page_apply (page));
  g_assert_true (gtk_widget_get_visible (template_child (page, TR_TYPE_VERDICT_PAGE, "flags_box")));
  g_assert_false (gtk_widget_get_visible (template_child (page, TR_TYPE_VERDICT_PAGE, "finish_button")));
}

static void
test_verdict_conditional (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = verdict_page (fixture);

  answer_eligible (fixture);
  answer (fixture, "job_status", "not_registered");
  tr_page_shown (page);
  g_assert_cmpint (tr_session_get_verdict (fixture->session)->kind, ==, TR_VERDICT_CONDITIONAL);
  g_assert_true (gtk_widget_get_visible (template_child (page, TR_TYPE_VERDICT_PAGE, "referral_box")));
  g_assert_cmpstr (tr_page_get_next_label (page), ==, "Choose a training");
  g_assert_true (tr_page_apply (page));
}

static void
test_verdict_not_eligible (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = verdict_page (fixture);
  GtkLabel *referral;

  /* Stopped early: the questions after the postcode were never asked. */
  answer (fixture, "birth_date", "1990-06-15");
  answer (fixture, "postcode", "92100");
  tr_page_shown (page);
  g_assert_cmpint (tr_session_get_verdict (fixture->session)->kind, ==, TR_VERDICT_NOT_ELIGIBLE);
  g_assert_null (tr_page_get_next_label (page));
  g_assert_false (tr_page_get_complete (page));
  g_assert_false (tr_page_apply (page));
  g_assert_true (gtk_widget_get_visible (template_child (page, TR_TYPE_VERDICT_PAGE, "finish_button")));
  referral = GTK_LABEL (template_child (page, TR_TYPE_VERDICT_PAGE, "referral_label"));
  g_assert_true (strstr (gtk_label_get_label (referral), "3949") != NULL);

  /* Changing the answer and coming back decides again. */
  answer_eligible (fixture);
  tr_page_shown (page);
  g_assert_cmpint (tr_session_get_verdict (fixture->session)->kind, ==, TR_VERDICT_ELIGIBLE);
  g_assert_false (gtk_widget_get_visible (template_child (page, TR_TYPE_VERDICT_PAGE, "finish_button")));
  g_assert_true (tr_page_apply (page));
}

static void
test_verdict_missing_answer (Fixture *fixture, gconstpointer data)
{
  g_autoptr(TrPage) page = verdict_page (fixture);
  GtkWidget *missing = template_child (page, TR_TYPE_VERDICT_PAGE, "missing_button");

  answer_eligible (fixture);
  answer (fixture, "diploma", NULL);
  tr_page_shown (page);
  g_assert_null (tr_session_get_verdict (fixture->session));
  g_assert_null (tr_page_get_next_label (page));
  g_assert_false (tr_page_get_complete (page));
  g_assert_false (tr_page_apply (page));
  g_assert_true (gtk_widget_get_visible (missing));
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (missing)), NULL),
                   ==, "question-diploma");
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  /* Ages are counted on a pinned day. */
  g_setenv ("TREMPLIN_NOW", "2017-09-01T10:00:00+02:00", TRUE);
  kiosk_test_init (&argc, &argv);

  ADD ("/question-page/name", test_name_is_question_id);
  ADD ("/question-page/date-fields", test_date_fields);
  ADD ("/question-page/date-in-future", test_date_in_future);
  ADD ("/question-page/date-comes-back", test_date_comes_back);
  ADD ("/question-page/postcode", test_postcode);
  ADD ("/question-page/number-out-of-range", test_number_out_of_range);
  ADD ("/question-page/choice", test_choice_stores_and_marks);
  ADD ("/question-page/skip-by-ask-if", test_skip_by_ask_if);
  ADD ("/question-page/skip-once-not-eligible", test_skip_once_not_eligible);
  ADD ("/verdict-page/eligible", test_verdict_eligible);
  ADD ("/verdict-page/conditional", test_verdict_conditional);
  ADD ("/verdict-page/not-eligible", test_verdict_not_eligible);
  ADD ("/verdict-page/missing-answer", test_verdict_missing_answer);
  return g_test_run ();
}

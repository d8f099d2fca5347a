/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules file loader: a rules file as the kiosk reads it at start, then,
 * when it loads, one walk through its questions to a verdict. */
#include "fuzz-common.h"
#include "tr-rules.h"

static const char * const languages[] = { NULL, "fr", "zh_CN" };
static char *rules_path;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  rules_path = fuzz_path ("rules.ini");
  return 0;
}

/* One plausible answer per kind of question; a choice takes its first. */
static char *
pick_answer (const TrQuestion *question)
{
  const char * const *answers;

  switch (tr_question_get_kind (question))
    {
    case TR_QUESTION_DATE:
      return g_strdup ("1990-05-17");
    case TR_QUESTION_POSTCODE:
      return g_strdup ("75018");
    case TR_QUESTION_NUMBER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, tr_question_get_min (question));
    case TR_QUESTION_CHOICE:
    default:
      answers = tr_question_get_answers (question);
      return answers != NULL && answers[0] != NULL ? g_strdup (answers[0]) : g_strdup ("");
    }
}

static void
read_texts (TrRules *rules, const TrQuestion *question)
{
  const char * const *answers = tr_question_get_answers (question);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *text = tr_question_get_text (question, languages[l]);

      if (text == NULL)
        abort ();
      g_free (tr_question_get_help (question, languages[l]));

      for (guint a = 0; answers != NULL && answers[a] != NULL; a++)
        g_free (tr_question_get_answer_label (question, answers[a], languages[l]));
    }
}

static void
read_verdict (TrRules *rules, const TrVerdict *verdict)
{
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      if (verdict->decision_id != NULL)
        {
          g_free (tr_rules_get_decision_reason (rules, verdict->decision_id, languages[l]));
          g_free (tr_rules_get_decision_referral (rules, verdict->decision_id, languages[l]));
        }
      for (guint f = 0; verdict->flags != NULL && verdict->flags[f] != NULL; f++)
        {
          g_free (tr_rules_get_flag_label (rules, verdict->flags[f], languages[l]));
          g_free (tr_rules_get_flag_meaning (rules, verdict->flags[f], languages[l]));
        }
    }
}

/* Answers every question the rules ask, in order, as the kiosk does, then
 * asks for the verdict. */
static void
walk (TrRules *rules)
{
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(TrVerdict) verdict = NULL;
  GDate today;
  int index = -1;

  fuzz_today (&today);
  while ((index = tr_rules_next_question (rules, answers, index, &today)) >= 0)
    {
      const TrQuestion *question = tr_rules_get_question (rules, index);
      const char *id = tr_question_get_id (question);
      g_autofree char *answer = pick_answer (question);
      g_autofree char *checked = NULL;

      if (tr_rules_lookup_question (rules, id) != question)
        abort ();
      read_texts (rules, question);
      checked = tr_rules_check_answer_on (rules, id, answer, &today, NULL);
      if (checked == NULL)
        return;
      g_hash_table_insert (answers, g_strdup (id), g_steal_pointer (&checked));
    }
  verdict = tr_rules_decide (rules, answers, &today, NULL);
  if (verdict != NULL)
    read_verdict (rules, verdict);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(TrRules) rules = NULL;
  const char * const *flags;

  fuzz_write (rules_path, data, size);
  rules = tr_rules_new_from_file (rules_path, NULL);
  if (rules == NULL)
    return 0;
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    g_free (tr_rules_get_programme_name (rules, languages[l]));
  flags = tr_rules_get_flag_ids (rules);
  for (guint f = 0; flags != NULL && flags[f] != NULL; f++)
    g_free (tr_rules_get_flag_label (rules, flags[f], "fr"));
  (void) tr_rules_get_qpv_names (rules, "75018");
  (void) tr_rules_get_n_questions (rules);
  walk (rules);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-rules.c — the rules as read: questions, decisions and flags, their
 * texts, and the checking of one answer. Reading the file is in
 * tr-rules-loader.c, deciding in tr-rules-decide.c. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-birth-date.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-rules-private.h"
#include "tr-text.h"


G_DEFINE_FINAL_TYPE (TrRules, tr_rules, G_TYPE_OBJECT)

static void
question_free (TrQuestion *question)
{
  g_free (question->id);
  g_free (question->group);
  g_strfreev (question->answers);
  tr_expr_free (question->ask_if);
  g_strfreev (question->ask_if_inputs);
  g_free (question);
}

static void
decision_free (Decision *decision)
{
  g_free (decision->id);
  g_free (decision->group);
  tr_expr_free (decision->condition);
  g_strfreev (decision->inputs);
  g_free (decision);
}

static void
flag_free (Flag *flag)
{
  g_free (flag->id);
  g_free (flag->group);
  tr_expr_free (flag->condition);
  g_free (flag);
}

static void
tr_rules_finalize (GObject *object)
{
  TrRules *self = TR_RULES (object);

  g_free (self->name);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->question_by_id, g_hash_table_unref);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_strfreev (self->flag_ids);
  g_clear_pointer (&self->lists, g_hash_table_unref);
  g_clear_pointer (&self->qpv_names, g_hash_table_unref);
  G_OBJECT_CLASS (tr_rules_parent_class)->finalize (object);
}

static void
tr_rules_class_init (TrRulesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_rules_finalize;
}

static void
tr_rules_init (TrRules *self)
{
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  self->question_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_free);
  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) flag_free);
  self->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) tr_value_unref);
  self->qpv_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_strfreev);
}

const char *
tr_verdict_kind_to_token (TrVerdictKind kind)
{
  switch (kind)
    {
    case TR_VERDICT_ELIGIBLE:
      return "eligible";
    case TR_VERDICT_CONDITIONAL:
      return "conditional";
    case TR_VERDICT_NOT_ELIGIBLE:
      return "not_eligible";
    }
  return NULL;
}

void
tr_verdict_free (TrVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->decision_id);
  g_strfreev (verdict->flags);
  g_free (verdict);
}

/* ------------------------------------------------------ localized texts */

/* Text[zh_CN], then Text[zh], then Text= — the .desktop file rule. */
static char *
localized_string (GKeyFile *keyfile, const char *group, const char *key, const char *lang)
{
  g_autofree char *locale = NULL;

  if (group == NULL || !g_key_file_has_key (keyfile, group, key, NULL))
    return NULL;
  if (lang == NULL || *lang == '\0')
    return g_key_file_get_string (keyfile, group, key, NULL);
  locale = g_strdup (lang);
  g_strdelimit (locale, "-", '_');
  return g_key_file_get_locale_string (keyfile, group, key, locale, NULL);
}

const char *
tr_question_get_id (const TrQuestion *question)
{
  return question->id;
}

TrQuestionType
tr_question_get_kind (const TrQuestion *question)
{
  return question->kind;
}

char *
tr_question_get_text (const TrQuestion *question, const char *lang)
{
  return localized_string (question->keyfile, question->group, "Text", lang);
}

char *
tr_question_get_help (const TrQuestion *question, const char *lang)
{
  return localized_string (question->keyfile, question->group, "Help", lang);
}

const char * const *
tr_question_get_answers (const TrQuestion *question)
{
  return (const char * const *) question->answers;
}

char *
tr_question_get_answer_label (const TrQuestion *question, const char *token, const char *lang)
{
  g_autofree char *key = NULL;

  if (question->answers == NULL || token == NULL ||
      !g_strv_contains ((const char * const *) question->answers, token))
    return NULL;
  key = g_strconcat ("Answer-", token, NULL);
  return localized_string (question->keyfile, question->group, key, lang);
}

gint64
tr_question_get_min (const TrQuestion *question)
{
  return question->min;
}

gint64
tr_question_get_max (const TrQuestion *question)
{
  return question->max;
}

static const Decision *
lookup_decision (TrRules *self, const char *id)
{
  for (guint i = 0; id != NULL && i < self->decisions->len; i++)
    {
      const Decision *decision = g_ptr_array_index (self->decisions, i);
      if (strcmp (decision->id, id) == 0)
        return decision;
    }
  return NULL;
}

const char *
tr_rules_get_only_decision (TrRules *self, TrVerdictKind kind)
{
  const char *found = NULL;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);

  for (guint i = 0; i < self->decisions->len; i++)
    {
      const Decision *decision = g_ptr_array_index (self->decisions, i);

      if (decision->verdict != kind)
        continue;
      if (found != NULL)
        return NULL;
      found = decision->id;
    }
  return found;
}

static const Flag *
lookup_flag (TrRules *self, const char *id)
{
  for (guint i = 0; id != NULL && i < self->flags->len; i++)
    {
      const Flag *flag = g_ptr_array_index (self->flags, i);
      if (strcmp (flag->id, id) == 0)
        return flag;
    }
  return NULL;
}

char *
tr_rules_get_programme_name (TrRules *self, const char *lang)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return localized_string (self->keyfile, "Programme", "Name", lang);
}

static char *
decision_text (TrRules *self, const char *decision_id, const char *key, const char *lang)
{
  const Decision *decision = lookup_decision (self, decision_id);

  return decision != NULL ? localized_string (self->keyfile, decision->group, key, lang) : NULL;
}

static char *
flag_text (TrRules *self, const char *flag_id, const char *key, const char *lang)
{
  const Flag *flag = lookup_flag (self, flag_id);

  return flag != NULL ? localized_string (self->keyfile, flag->group, key, lang) : NULL;
}

char *
tr_rules_get_decision_reason (TrRules *self, const char *decision_id, const char *lang)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return decision_text (self, decision_id, "Reason", lang);
}

char *
tr_rules_get_decision_referral (TrRules *self, const char *decision_id, const char *lang)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return decision_text (self, decision_id, "Referral", lang);
}

char *
tr_rules_get_flag_label (TrRules *self, const char *flag_id, const char *lang)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return flag_text (self, flag_id, "Label", lang);
}

char *
tr_rules_get_flag_meaning (TrRules *self, const char *flag_id, const char *lang)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return flag_text (self, flag_id, "Meaning", lang);
}

const char * const *
tr_rules_get_flag_ids (TrRules *self)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return (const char * const *) self->flag_ids;
}

const char * const *
tr_rules_get_qpv_names (TrRules *self, const char *postcode)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  if (postcode == NULL)
    return NULL;
  return g_hash_table_lookup (self->qpv_names, postcode);
}

const char *
tr_rules_get_name (TrRules *self)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return self->name;
}

guint
tr_rules_get_n_questions (TrRules *self)
{
  g_return_val_if_fail (TR_IS_RULES (self), 0);
  return self->questions->len;
}

const TrQuestion *
tr_rules_get_question (TrRules *self, guint index)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);
  return g_ptr_array_index (self->questions, index);
}

const TrQuestion *
tr_rules_lookup_question (TrRules *self, const char *id)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->question_by_id, id) : NULL;
}

/* ------------------------------------------------------------ questions */

gboolean
tr_rules_has_age (TrRules *self)
{
  const TrQuestion *birth = g_hash_table_lookup (self->question_by_id, BIRTH_DATE_ID);
  return birth != NULL && birth->kind == TR_QUESTION_DATE;
}

int
tr_rules_question_index (TrRules *self, const char *id)
{
  for (guint i = 0; i < self->questions->len; i++)
    if (strcmp (((TrQuestion *) g_ptr_array_index (self->questions, i))->id, id) == 0)
      return (int) i;
  return -1;
}

/* --------------------------------------------------------------- answers */

void
tr_rules_resolve_today (const GDate *today, GDate *out)
{
  if (today != NULL && g_date_valid (today))
    *out = *today;
  else
    tr_clock_today (out);
}

static char *
check_date (const char *value, const GDate *today, GError **error)
{
  GDate date;

  if (!tr_clock_parse_date (value, &date))
    {
      gboolean shaped = strlen (value) == 10 && value[4] == '-' && value[7] == '-';
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           shaped ? _("There is no such day in the calendar. Check the day and the month.")
                                  : _("Write the date as year-month-day, for example 1990-04-23."));
      return NULL;
    }
  /* Every date the rules ask is a date of birth ("age" is counted from
   * it): one rule for it, the same the details page applies. */
  if (!tr_birth_date_check (&date, today, error))
    return NULL;
  return g_strdup (value);
}

static char *
check_number (const TrQuestion *question, const char *value, GError **error)
{
  gint64 number;

  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(p == value && *p == '-'))
      {
        g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                             _("Write a whole number with digits only, for example 6."));
        return NULL;
      }
  if (!g_ascii_string_to_signed (value, 10, question->min, question->max, &number, NULL))
    {
      /* Numbers as text: a translator's string cannot hold G_GINT64_FORMAT. */
      g_autofree char *min = g_strdup_printf ("%" G_GINT64_FORMAT, question->min);
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, question->max);

      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("Write a number from %s to %s."), min, max);
      return NULL;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, number);
}

static char *
check_choice (const TrQuestion *question, const char *value, GError **error)
{
  g_autofree char *answers = NULL;
  g_autofree char *shown = NULL;

  if (g_strv_contains ((const char * const *) question->answers, value))
    return g_strdup (value);
  answers = g_strjoinv (", ", question->answers);
  shown = tr_text_excerpt (value);
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("“%s” is not one of the answers. Choose one of: %s."), shown, answers);
  return NULL;
}

char *
tr_rules_check_question_answer (const TrQuestion *question, const char *value,
                                const GDate *today, GError **error)
{
  g_autofree char *trimmed = NULL;

  if (!tr_text_check_utf8 (value, _("This answer"), error))
    return NULL;
  trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID, _("Please give an answer."));
      return NULL;
    }
  switch (question->kind)
    {
    case TR_QUESTION_DATE:
      return check_date (trimmed, today, error);
    case TR_QUESTION_POSTCODE:
      return tr_text_check_postcode (trimmed, error);
    case TR_QUESTION_NUMBER:
      return check_number (question, trimmed, error);
    case TR_QUESTION_CHOICE:
      return check_choice (question, trimmed, error);
    }
  g_assert_not_reached ();
}

char *
tr_rules_check_answer_on (TrRules *self, const char *question_id, const char *value,
                          const GDate *today, GError **error)
{
  const TrQuestion *question;
  GDate day;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  question = tr_rules_lookup_question (self, question_id);
  if (question == NULL)
    {
      g_autofree char *shown = tr_text_excerpt (question_id);
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("There is no question “%s” in the eligibility rules."), shown);
      return NULL;
    }
  tr_rules_resolve_today (today, &day);
  return tr_rules_check_question_answer (question, value, &day, error);
}

char *
tr_rules_check_answer (TrRules *self, const char *question_id, const char *value, GError **error)
{
  return tr_rules_check_answer_on (self, question_id, value, NULL, error);
}

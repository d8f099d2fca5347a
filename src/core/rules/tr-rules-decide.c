/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-rules-decide.c — walking the answers in the order the kiosk asks:
 * which question comes next, and the verdict. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-rules-private.h"

typedef enum {
  STATE_PENDING,    /* to be asked, or cannot tell yet whether it will be */
  STATE_ANSWERED,
  STATE_SKIPPED,    /* its AskIf= is known to be false */
} AnswerState;

typedef struct {
  GHashTable  *env;
  AnswerState *states;
} Walk;

static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->env, g_hash_table_unref);
  g_clear_pointer (&walk->states, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Walk, walk_clear)

static gboolean
inputs_known (TrRules *self, const Walk *walk, char **inputs)
{
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      int index = tr_rules_question_index (self, inputs[i]);
      if (index < 0 || walk->states[index] == STATE_PENDING)
        return FALSE;
    }
  return TRUE;
}

static TrValue *
answer_value (const TrQuestion *question, const char *normalised)
{
  if (question->kind == TR_QUESTION_NUMBER)
    return tr_value_new_int (g_ascii_strtoll (normalised, NULL, 10));
  return tr_value_new_string (normalised);
}

static void
add_answer (TrRules *self, Walk *walk, const TrQuestion *question,
            const char *normalised, const GDate *today)
{
  tr_expr_env_take (walk->env, question->id, answer_value (question, normalised));
  if (strcmp (question->id, BIRTH_DATE_ID) == 0 && tr_rules_has_age (self))
    {
      GDate birth;
      if (tr_clock_parse_date (normalised, &birth))
        tr_expr_env_take (walk->env, AGE_VARIABLE,
                          tr_value_new_int (tr_clock_age_on (&birth, today)));
    }
}

/* Whether @question is asked, given the answers before it. */
static gboolean
is_asked (const TrQuestion *question, Walk *walk, GError **error)
{
  gboolean asked = TRUE;

  if (question->ask_if != NULL &&
      !tr_expr_evaluate_condition (question->ask_if, walk->env, &asked, error))
    return FALSE;
  return asked;
}

/* Goes through the questions in order, as the kiosk asks them, keeping only
 * the answers to questions that are asked: an answer left over from a path
 * the person went back on does not count. With @strict, an answer that is
 * not valid is an error; otherwise it counts as not given. */
static gboolean
walk_answers (TrRules *self, GHashTable *answers, const GDate *today,
              gboolean strict, Walk *walk, GError **error)
{
  GHashTableIter iter;
  gpointer name, list;

  walk->env = tr_expr_env_new ();
  walk->states = g_new0 (AnswerState, MAX (self->questions->len, 1));
  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, &name, &list))
    tr_expr_env_take (walk->env, name, tr_value_ref (list));

  for (guint i = 0; i < self->questions->len; i++)
    {
      const TrQuestion *question = g_ptr_array_index (self->questions, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *normalised = NULL;
      const char *raw = answers != NULL ? g_hash_table_lookup (answers, question->id) : NULL;
      gboolean asked = is_asked (question, walk, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!asked)
        {
          walk->states[i] = inputs_known (self, walk, question->ask_if_inputs)
                            ? STATE_SKIPPED : STATE_PENDING;
          continue;
        }
      if (raw == NULL)
        continue;
      normalised = tr_rules_check_question_answer (question, raw, today, &local_error);
      if (normalised == NULL)
        {
          if (!strict)
            continue;
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("Answer to “%s”: %s"),
                       question->id, local_error->message);
          return FALSE;
        }
      walk->states[i] = STATE_ANSWERED;
      add_answer (self, walk, question, normalised, today);
    }
  return TRUE;
}

int
tr_rules_next_question (TrRules *self, GHashTable *answers, int after, const GDate *today)
{
  g_auto(Walk) walk = { 0 };
  GDate day;

  g_return_val_if_fail (TR_IS_RULES (self), -1);
  tr_rules_resolve_today (today, &day);
  if (!walk_answers (self, answers, &day, FALSE, &walk, NULL))
    return -1;
  for (guint i = (guint) MAX (after + 1, 0); i < self->questions->len; i++)
    {
      const TrQuestion *question = g_ptr_array_index (self->questions, i);
      gboolean asked = is_asked (question, &walk, NULL);
      if (asked)
        return (int) i;
    }
  return -1;
}

static char **
applying_flags (TrRules *self, GHashTable *env, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->flags->len; i++)
    {
      const Flag *flag = g_ptr_array_index (self->flags, i);
      gboolean applies = FALSE;

      if (!tr_expr_evaluate_condition (flag->condition, env, &applies, error))
        return NULL;
      if (applies)
        g_ptr_array_add (ids, g_strdup (flag->id));
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_steal (ids, NULL);
}

static TrVerdict *
make_verdict (TrRules *self, TrVerdictKind kind, const char *decision_id,
              GHashTable *env, GError **error)
{
  char **flags = applying_flags (self, env, error);
  TrVerdict *verdict;

  if (flags == NULL)
    return NULL;
  verdict = g_new0 (TrVerdict, 1);
  verdict->kind = kind;
  verdict->decision_id = g_strdup (decision_id);
  verdict->flags = flags;
  return verdict;
}

/* The first decision of @kind that applies, or NULL; with @need_known, only
 * decisions whose every input is known count. */
static const Decision *
first_applying (TrRules *self, const Walk *walk, TrVerdictKind kind,
                gboolean need_known, GError **error)
{
  for (guint i = 0; i < self->decisions->len; i++)
    {
      const Decision *decision = g_ptr_array_index (self->decisions, i);
      gboolean applies = FALSE;

      if (decision->verdict != kind || (need_known && !inputs_known (self, walk, decision->inputs)))
        continue;
      if (!tr_expr_evaluate_condition (decision->condition, walk->env, &applies, error))
        return NULL;
      if (applies)
        return decision;
    }
  return NULL;
}

TrVerdict *
tr_rules_decide (TrRules *self, GHashTable *answers, const GDate *today, GError **error)
{
  g_auto(Walk) walk = { 0 };
  g_autoptr(GError) local_error = NULL;
  const Decision *decision;
  GDate day;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  tr_rules_resolve_today (today, &day);
  if (!walk_answers (self, answers, &day, TRUE, &walk, error))
    return NULL;

  decision = first_applying (self, &walk, TR_VERDICT_NOT_ELIGIBLE, TRUE, &local_error);
  if (local_error != NULL)
    goto failed;
  if (decision != NULL)
    return make_verdict (self, TR_VERDICT_NOT_ELIGIBLE, decision->id, walk.env, error);

  for (guint i = 0; i < self->questions->len; i++)
    if (walk.states[i] == STATE_PENDING)
      {
        const TrQuestion *question = g_ptr_array_index (self->questions, i);
        g_autofree char *text = tr_question_get_text (question, NULL);
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("The question “%s” (%s) has no answer yet."), question->id, text);
        return NULL;
      }

  decision = first_applying (self, &walk, TR_VERDICT_CONDITIONAL, FALSE, &local_error);
  if (local_error != NULL)
    goto failed;
  if (decision != NULL)
    return make_verdict (self, TR_VERDICT_CONDITIONAL, decision->id, walk.env, error);
  return make_verdict (self, TR_VERDICT_ELIGIBLE, NULL, walk.env, error);

failed:
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", self->name);
  return NULL;
}

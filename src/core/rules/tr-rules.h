/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-rules.h — the eligibility questions and decisions, read from a rules file.
 *
 * The file is a GKeyFile (see data/rules/paris-code-2017.ini): questions in
 * order with their skip conditions, decisions (not eligible / eligible with a
 * condition) and priority flags, all written in a small expression language
 * (tr-expr.h). Texts are localized like a .desktop file: Text=, Text[fr]=.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TR_QUESTION_DATE,      /* YYYY-MM-DD */
  TR_QUESTION_POSTCODE,  /* 5 digits */
  TR_QUESTION_NUMBER,    /* a whole number, Min= and Max= */
  TR_QUESTION_CHOICE,    /* one of Answers= tokens */
} TrQuestionType;

typedef enum {
  TR_VERDICT_ELIGIBLE,
  TR_VERDICT_CONDITIONAL,    /* eligible once a condition is met */
  TR_VERDICT_NOT_ELIGIBLE,
} TrVerdictKind;

const char *tr_verdict_kind_to_token (TrVerdictKind kind);  /* eligible|conditional|not_eligible */

typedef struct _TrQuestion TrQuestion;

const char     *tr_question_get_id      (const TrQuestion *question);
TrQuestionType  tr_question_get_kind    (const TrQuestion *question);
/* Localized texts; @lang is a language code ("fr", "ar", "zh_CN"), NULL for
 * the file's default. Fallback: the language without territory, then Text=. */
char           *tr_question_get_text    (const TrQuestion *question, const char *lang);
char           *tr_question_get_help    (const TrQuestion *question, const char *lang); /* or NULL */
/* For choice questions: the answer tokens in order, and each one's label. */
const char * const *tr_question_get_answers (const TrQuestion *question);
char           *tr_question_get_answer_label (const TrQuestion *question,
                                              const char       *token,
                                              const char       *lang);
/* For number questions: the bounds of Min= and Max=. */
gint64          tr_question_get_min     (const TrQuestion *question);
gint64          tr_question_get_max     (const TrQuestion *question);

/* The outcome of a set of answers. */
typedef struct {
  TrVerdictKind  kind;
  char          *decision_id;  /* the [Decision …] that applied, or NULL when eligible */
  char         **flags;        /* priority flag ids that apply, NULL-terminated */
} TrVerdict;

void tr_verdict_free (TrVerdict *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrVerdict, tr_verdict_free)

#define TR_TYPE_RULES (tr_rules_get_type ())
G_DECLARE_FINAL_TYPE (TrRules, tr_rules, TR, RULES, GObject)

/* Load and check a rules file. Any error names the file, the line and what is
 * wrong (an unknown key, a bad expression with its column, an undefined
 * question id in a condition, …). */
TrRules          *tr_rules_new_from_file  (const char *path, GError **error);
TrRules          *tr_rules_new_from_data  (const char *data, gsize length,
                                           const char *name, GError **error);
/* The default rules embedded in the core (Paris Code 2017). */
TrRules          *tr_rules_new_default    (GError **error);

char             *tr_rules_get_programme_name (TrRules *self, const char *lang);
guint             tr_rules_get_n_questions    (TrRules *self);
const TrQuestion *tr_rules_get_question       (TrRules *self, guint index);
const TrQuestion *tr_rules_lookup_question    (TrRules *self, const char *id);

/* Checks one answer against its question (a real date, 5 digits, a whole
 * number in range, a known token). Returns the value normalised, or NULL with
 * @error in words for the person. */
char             *tr_rules_check_answer       (TrRules *self, const char *question_id,
                                               const char *value, GError **error);
/* The same on a given day (a date of birth cannot be after @today); NULL
 * @today: the day of tr_clock_now(). */
char             *tr_rules_check_answer_on    (TrRules *self, const char *question_id,
                                               const char *value, const GDate *today,
                                               GError **error);

/* The index of the next question to ask after @after (-1: from the start),
 * skipping those whose AskIf= is false for @answers; -1 when none is left.
 * @answers maps question ids to answer tokens. */
int               tr_rules_next_question      (TrRules *self, GHashTable *answers,
                                               int after, const GDate *today);

/* The verdict for @answers, counted on @today. A not-eligible decision
 * applies as soon as every value it reads is known, so a kiosk can stop
 * early; the other outcomes need every question that is asked answered —
 * tr_rules_decide returns NULL with @error naming the first missing answer. */
TrVerdict        *tr_rules_decide             (TrRules *self, GHashTable *answers,
                                               const GDate *today, GError **error);
/* Texts of a decision (the reason, and where to go instead) and of a flag
 * (its name, and what it means for the person). */
char             *tr_rules_get_decision_reason   (TrRules *self, const char *decision_id, const char *lang);
char             *tr_rules_get_decision_referral (TrRules *self, const char *decision_id, const char *lang);
/* The id of the one decision that gives @kind, or NULL when the rules have
 * none or several: what a stored verdict says when the answers behind it
 * are sealed. */
const char       *tr_rules_get_only_decision     (TrRules *self, TrVerdictKind kind);
char             *tr_rules_get_flag_label        (TrRules *self, const char *flag_id, const char *lang);
char             *tr_rules_get_flag_meaning      (TrRules *self, const char *flag_id, const char *lang);
/* All flag ids, in file order (for export columns and statistics). */
const char * const *tr_rules_get_flag_ids        (TrRules *self);
/* The names of the priority neighbourhoods ([QPV]) of @postcode, to show
 * with the qpv question; NULL when it has none. */
const char * const *tr_rules_get_qpv_names       (TrRules *self, const char *postcode);
/* The file name the rules were read from, as errors name it. */
const char       *tr_rules_get_name              (TrRules *self);

G_END_DECLS

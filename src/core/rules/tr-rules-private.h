/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-rules-private.h — what the parts of TrRules (tr-rules*.c) share. */
#pragma once

#include "tr-expr.h"
#include "tr-rules.h"

G_BEGIN_DECLS

/* The one derived variable: whole years since the answer to birth_date. */
#define AGE_VARIABLE      "age"
#define BIRTH_DATE_ID     "birth_date"

struct _TrQuestion {
  char            *id;
  char            *group;
  TrQuestionType   kind;
  char           **answers;      /* choice tokens, or NULL */
  gint64           min;
  gint64           max;
  TrExpr          *ask_if;       /* or NULL: always asked */
  char           **ask_if_inputs;
  GKeyFile        *keyfile;      /* the rules' own, for the texts */
};

typedef struct {
  char          *id;
  char          *group;
  TrVerdictKind  verdict;
  TrExpr        *condition;
  char         **inputs;         /* question ids the condition depends on */
} Decision;

typedef struct {
  char   *id;
  char   *group;
  TrExpr *condition;
} Flag;

struct _TrRules {
  GObject      parent_instance;

  char        *name;             /* the file, as errors name it */
  GKeyFile    *keyfile;
  GPtrArray   *questions;        /* TrQuestion *, in file order */
  GHashTable  *question_by_id;
  GPtrArray   *decisions;        /* Decision * */
  GPtrArray   *flags;            /* Flag * */
  char       **flag_ids;
  GHashTable  *lists;            /* name → TrValue (list of strings) */
  GHashTable  *qpv_names;        /* postcode → char ** */
};

/* tr-rules.c */

/* Whether the rules ask birth_date as a date, and so know "age". */
gboolean  tr_rules_has_age               (TrRules          *self);
/* The position of question @id, or -1. */
int       tr_rules_question_index        (TrRules          *self,
                                          const char       *id);
/* Exactly 5 digits. */
/* @today, or the day of tr_clock_now() when it is NULL or not valid. */
void      tr_rules_resolve_today         (const GDate      *today,
                                          GDate            *out);
/* The answer @value normalised, or NULL with @error in words for the person. */
char     *tr_rules_check_question_answer (const TrQuestion *question,
                                          const char       *value,
                                          const GDate      *today,
                                          GError          **error);

G_END_DECLS

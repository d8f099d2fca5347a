/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place that gives the walk's order. */
#include "config.h"

#include "tr-consent-page.h"
#include "tr-details-page.h"
#include "tr-offers-page.h"
#include "tr-pages.h"
#include "tr-question-page.h"
#include "tr-receipt-page.h"
#include "tr-review-page.h"
#include "tr-verdict-page.h"
#include "tr-welcome-page.h"

static void
spec_free (gpointer data)
{
  TrPageSpec *spec = data;

  g_free (spec->name);
  g_free (spec);
}

static void
add (GPtrArray *plan, GType type, char *name, int question, gboolean in_progress)
{
  TrPageSpec *spec = g_new0 (TrPageSpec, 1);

  spec->type = type;
  spec->name = name;
  spec->question = question;
  spec->in_progress = in_progress;
  g_ptr_array_add (plan, spec);
}

GPtrArray *
tr_pages_plan (TrKiosk *kiosk)
{
  GPtrArray *plan = g_ptr_array_new_with_free_func (spec_free);
  TrRules *rules = tr_kiosk_get_rules (kiosk);

  add (plan, TR_TYPE_WELCOME_PAGE, g_strdup ("welcome"), -1, FALSE);
  add (plan, TR_TYPE_CONSENT_PAGE, g_strdup ("consent"), -1, TRUE);
  /* One page per question of the rules file, in its order. */
  for (guint i = 0; rules != NULL && i < tr_rules_get_n_questions (rules); i++)
    add (plan, TR_TYPE_QUESTION_PAGE,
         g_strdup_printf ("question-%s", tr_question_get_id (tr_rules_get_question (rules, i))),
         (int) i, TRUE);
  add (plan, TR_TYPE_VERDICT_PAGE, g_strdup ("verdict"), -1, TRUE);
  add (plan, TR_TYPE_OFFERS_PAGE, g_strdup ("offers"), -1, TRUE);
  add (plan, TR_TYPE_DETAILS_PAGE, g_strdup ("details"), -1, TRUE);
  add (plan, TR_TYPE_REVIEW_PAGE, g_strdup ("review"), -1, TRUE);
  add (plan, TR_TYPE_RECEIPT_PAGE, g_strdup ("receipt"), -1, FALSE);
  return plan;
}

TrPage *
tr_pages_create (const TrPageSpec *spec, TrKiosk *kiosk, TrSession *session)
{
  if (spec->question >= 0)
    return g_object_ref_sink (tr_question_page_new (kiosk, session, (guint) spec->question));
  return g_object_ref_sink (g_object_new (spec->type,
                                          "kiosk", kiosk,
                                          "session", session,
                                          "name", spec->name,
                                          "in-progress", spec->in_progress,
                                          NULL));
}

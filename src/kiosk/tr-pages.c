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

typedef void (*AddPages) (GPtrArray *walk, TrKiosk *kiosk, TrSession *session);

#define SINGLE_PAGE(func, type, page_name)                               \
  static void func (GPtrArray *walk, TrKiosk *kiosk, TrSession *session) \
  {                                                                      \
    g_ptr_array_add (walk, g_object_ref_sink (g_object_new (type,        \
                       "kiosk", kiosk, "session", session,               \
                       "name", page_name, NULL)));                       \
  }

SINGLE_PAGE (add_welcome, TR_TYPE_WELCOME_PAGE, "welcome")
SINGLE_PAGE (add_consent, TR_TYPE_CONSENT_PAGE, "consent")
SINGLE_PAGE (add_verdict, TR_TYPE_VERDICT_PAGE, "verdict")
SINGLE_PAGE (add_offers, TR_TYPE_OFFERS_PAGE, "offers")
SINGLE_PAGE (add_details, TR_TYPE_DETAILS_PAGE, "details")
SINGLE_PAGE (add_review, TR_TYPE_REVIEW_PAGE, "review")
SINGLE_PAGE (add_receipt, TR_TYPE_RECEIPT_PAGE, "receipt")

/* One page per question of the rules file, in its order. */
static void
add_questions (GPtrArray *walk, TrKiosk *kiosk, TrSession *session)
{
  TrRules *rules = tr_kiosk_get_rules (kiosk);

  for (guint i = 0; rules != NULL && i < tr_rules_get_n_questions (rules); i++)
    g_ptr_array_add (walk, g_object_ref_sink (tr_question_page_new (kiosk, session, i)));
}

static const AddPages walk_order[] = {
  add_welcome,
  add_consent,
  add_questions,
  add_verdict,
  add_offers,
  add_details,
  add_review,
  add_receipt,
};

GPtrArray *
tr_pages_build (TrKiosk *kiosk, TrSession *session)
{
  GPtrArray *walk = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (walk_order); i++)
    walk_order[i] (walk, kiosk, session);
  return walk;
}

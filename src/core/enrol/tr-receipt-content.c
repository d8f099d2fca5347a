/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt-content.c — what a receipt says, the same on screen, on paper
 * and in a PDF; how it looks is src/render's (tr-receipt-layout.c). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tr-clock.h"
#include "tr-receipt-content.h"

const char *
tr_receipt_next_steps (void)
{
  return _("Go to the information session; bring this receipt and an identity document.");
}

char *
tr_receipt_content_status_text (const TrReceiptContent *content)
{
  if (g_strcmp0 (content->status, "registered") == 0)
    return g_strdup (_("Registered"));
  if (g_strcmp0 (content->status, "waiting_list") == 0)
    return g_strdup (_("On the waiting list: you will be called if a seat frees up"));
  if (content->cancel_reason != NULL && content->cancel_reason[0] != '\0')
    return g_strdup_printf (_("Cancelled: %s"), content->cancel_reason);
  return g_strdup (_("Cancelled"));
}

void
tr_receipt_content_init (TrReceiptContent     *content,
                         const TrRegistration *registration,
                         TrOffer              *offer,
                         const char           *condition)
{
  const TrOfferData *d = tr_offer_get_data (offer);

  *content = (TrReceiptContent) {
    .code = registration->code,
    .status = registration->status,
    .cancel_reason = registration->cancel_reason,
    .registered_on = registration->local_date,
    .kiosk_id = registration->kiosk_id,
    .offer_id = d->id,
    .offer_title = d->title,
    .provider = d->provider,
    .address = d->address,
    .postcode = d->postcode,
    .info_session = d->info_session,
    .start_date = d->start_date,
    .end_date = d->end_date,
    .hours = d->hours,
    .next_steps = tr_receipt_next_steps (),
    .condition = condition,
    .payload = registration->payload,
  };
}

/* The answers behind a conditional verdict are sealed: the condition is
 * the one the rules can set, when there is only one. */
char *
tr_receipt_condition (TrRules              *rules,
                      const TrRegistration *registration,
                      const char           *language)
{
  const char *decision_id;

  if (g_strcmp0 (registration->verdict, "conditional") != 0)
    return NULL;
  decision_id = tr_rules_get_only_decision (rules, TR_VERDICT_CONDITIONAL);
  if (decision_id == NULL)
    return NULL;
  return tr_rules_get_decision_reason (rules, decision_id, language);
}

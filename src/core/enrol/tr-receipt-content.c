/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt-content.c — what a receipt says, the same on screen, on paper
 * and in a PDF; how it looks is src/render's (tr-receipt-layout.c). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

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

/* The reason of a conditional verdict, decided again from the stored answers. */
char *
tr_receipt_condition (TrRules              *rules,
                      const TrRegistration *registration,
                      const char           *language)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(TrVerdict) verdict = NULL;
  g_autoptr(GDateTime) created = NULL;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  GDate day;

  if (!json_parser_load_from_data (parser, registration->answers_json, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &id, &node))
    if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
      g_hash_table_insert (answers, (char *) id, (char *) json_node_get_string (node));
  created = g_date_time_new_from_iso8601 (registration->created_at, NULL);
  if (created == NULL)
    return NULL;
  tr_clock_local_gdate (created, &day);
  verdict = tr_rules_decide (rules, answers, &day, NULL);
  if (verdict == NULL || verdict->kind != TR_VERDICT_CONDITIONAL)
    return NULL;
  return tr_rules_get_decision_reason (rules, verdict->decision_id, language);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt-content.h — what a receipt says: its fields, taken from a
 * stored registration and its offer, and the lines worded from them.
 *
 * No drawing here: src/render lays the same content out on paper or in a
 * PDF (tr-receipt-layout.h), the kiosk shows it on screen.
 */
#pragma once

#include <glib.h>

#include "tr-rules.h"
#include "tr-store.h"

G_BEGIN_DECLS

/* What the receipt says; the strings are borrowed, none may be NULL except
 * @cancel_reason and @condition. */
typedef struct {
  const char *code;          /* "7KQ2-M9XD" */
  const char *status;        /* "registered", "waiting_list" or "cancelled" */
  const char *cancel_reason;
  const char *registered_on; /* YYYY-MM-DD */
  const char *kiosk_id;
  const char *offer_id;
  const char *offer_title;
  const char *provider;
  const char *address;
  const char *postcode;
  const char *info_session;
  const char *start_date;
  const char *end_date;
  guint       hours;
  const char *next_steps;
  const char *condition;     /* what to settle before the training, or NULL */
  const char *payload;       /* the signed QR text */
} TrReceiptContent;

/* What the person is told to do next, the same on screen, paper and PDF. */
const char *tr_receipt_next_steps    (void);
/* Fills @content from a stored registration and its offer (borrowed, not
 * copied); @condition is the verdict's condition, or NULL. */
void        tr_receipt_content_init  (TrReceiptContent     *content,
                                      const TrRegistration *registration,
                                      TrOffer              *offer,
                                      const char           *condition);
/* The status line under the title: registered, waiting list or cancelled
 * (with its reason when there is one). */
char       *tr_receipt_content_status_text (const TrReceiptContent *content);

/* What a conditional verdict asks the person to settle: the reason of the
 * rules' one conditional decision (the answers that chose it are sealed);
 * NULL when the verdict was not conditional, or the rules have several
 * conditional decisions and the stored verdict cannot tell which. */
char       *tr_receipt_condition     (TrRules              *rules,
                                      const TrRegistration *registration,
                                      const char           *language);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* walk-in-driver.h — one walk-in through the real window, Welcome to the
 * receipt: what the walk-ins test and the kiosk benchmark both drive. The
 * caller gives the step that activates an action and waits for the frame
 * that shows it, as each measures frames its own way. */
#pragma once

#include <gtk/gtk.h>

#include "tr-details-page.h"
#include "tr-offers-page.h"
#include "tr-window.h"

/* Activates @action on @window's current page and returns once the result
 * is painted; FALSE when the action is not there or nothing was painted. */
typedef gboolean (*WalkInStep) (TrWindow *window, const char *action);

/* Answers that make the walk-in eligible on the day TREMPLIN_NOW pins
 * (2026-06-01): 30 then, in a QPV, registered and unemployed for 14 months. */
static const char *const walk_in_eligible_answers[][2] = {
  { "birth_date", "1996-03-14" },   /* 30 on the pinned day */
  { "postcode", "75018" },
  { "qpv", "yes" },
  { "job_status", "registered" },
  { "unemployed_months", "14" },
  { "diploma", "bac" },
  { "gender", "woman" },
  { "in_training", "no" },
};

static inline const char *
walk_in_page_name (TrWindow *window)
{
  return tr_page_get_name (tr_window_get_page (window));
}

/* An open offer with a seat: each walk-in takes another one. */
static inline TrOffer *
walk_in_offer_with_seat (TrOffersPage *page, guint walk_in)
{
  GListModel *results = tr_offers_page_get_results (page);
  guint n = g_list_model_get_n_items (results);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TrOffer) offer = g_list_model_get_item (results, (walk_in * 7 + i) % n);

      if (tr_offer_get_seats_left (offer) > 0)
        return offer;  /* the page's list keeps it */
    }
  return NULL;
}

/* A name that differs from one walk-in to the next, a phone, no email and
 * no Pôle emploi identifier. */
static inline void
walk_in_type_details (TrDetailsPage *page, guint walk_in)
{
  static const char *const first_names[] = { "Awa", "Karim", "Lucie", "Mamadou", "Sofia", "Thanh" };
  g_autofree char *last_name = g_strdup_printf ("Diallo-%c%c", 'A' + walk_in % 26, 'a' + walk_in / 26 % 26);

  gtk_editable_set_text (tr_details_page_get_entry (page, TR_FIELD_FIRST_NAME),
                         first_names[walk_in % G_N_ELEMENTS (first_names)]);
  gtk_editable_set_text (tr_details_page_get_entry (page, TR_FIELD_LAST_NAME), last_name);
  gtk_editable_set_text (tr_details_page_get_entry (page, TR_FIELD_PHONE), "06 12 34 56 78");
  gtk_editable_set_text (tr_details_page_get_entry (page, TR_FIELD_EMAIL), "");
  gtk_editable_set_text (tr_details_page_get_entry (page, TR_FIELD_POLE_EMPLOI_ID), "");
}

/* Walk-in @number from Welcome to the receipt, registered: answers, chooses
 * an offer, types details, confirms. The caller finishes. FALSE when the
 * walk stopped somewhere, with that page's name in @stuck_on. */
static inline gboolean
walk_in_to_receipt (TrWindow *window, guint number, WalkInStep step, const char **stuck_on)
{
  TrSession *session = tr_window_get_session (window);
  TrOffersPage *offers;
  TrOffer *offer;

  for (guint i = 0; i < G_N_ELEMENTS (walk_in_eligible_answers); i++)
    tr_session_set_answer (session, walk_in_eligible_answers[i][0], walk_in_eligible_answers[i][1]);

  /* Welcome, consent, the questions (their pages read the answers), the verdict. */
  for (guint steps = 0; g_strcmp0 (walk_in_page_name (window), "offers") != 0; steps++)
    if (steps >= 20 || !step (window, "walk.next"))
      goto stuck;

  offers = TR_OFFERS_PAGE (tr_window_get_page (window));
  tr_offers_page_show_category (offers, -1);
  offer = walk_in_offer_with_seat (offers, number);
  if (offer == NULL)
    goto stuck;
  tr_offers_page_show_offer (offers, offer);
  if (!step (window, "offers.choose") || g_strcmp0 (walk_in_page_name (window), "details") != 0)
    goto stuck;

  walk_in_type_details (TR_DETAILS_PAGE (tr_window_get_page (window)), number);
  if (!step (window, "walk.next") || g_strcmp0 (walk_in_page_name (window), "review") != 0)
    goto stuck;
  /* Confirming stores the registration (tr_session_commit). */
  if (!step (window, "walk.next") || g_strcmp0 (walk_in_page_name (window), "receipt") != 0 ||
      tr_session_get_registration (session) == NULL)
    goto stuck;
  *stuck_on = NULL;
  return TRUE;

stuck:
  *stuck_on = walk_in_page_name (window);
  return FALSE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offer-row.h — one offer in the offers list: title, place, dates, seats left. */
#pragma once

#include <gtk/gtk.h>

#include "tr-offer.h"

G_BEGIN_DECLS

#define TR_TYPE_OFFER_ROW (tr_offer_row_get_type ())
G_DECLARE_FINAL_TYPE (TrOfferRow, tr_offer_row, TR, OFFER_ROW, GtkButton)

GtkWidget *tr_offer_row_new         (void);
TrOffer   *tr_offer_row_get_offer   (TrOfferRow *self);
void       tr_offer_row_set_offer   (TrOfferRow *self,
                                     TrOffer    *offer);

/* Texts for people, shared with the offer's detail view. */
char      *tr_offer_row_format_seats          (guint       seats_left);
char      *tr_offer_row_format_arrondissement (guint       arrondissement);
char      *tr_offer_row_format_place          (TrOffer    *offer);

G_END_DECLS

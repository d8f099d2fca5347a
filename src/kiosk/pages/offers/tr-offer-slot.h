/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offer-slot.h — a place in the offers list, which the search gives an offer. */
#pragma once

#include "tr-offer.h"

G_BEGIN_DECLS

#define TR_TYPE_OFFER_SLOT (tr_offer_slot_get_type ())
G_DECLARE_FINAL_TYPE (TrOfferSlot, tr_offer_slot, TR, OFFER_SLOT, GObject)

TrOfferSlot *tr_offer_slot_new       (TrOffer     *offer);
TrOffer     *tr_offer_slot_get_offer (TrOfferSlot *self);
void         tr_offer_slot_set_offer (TrOfferSlot *self,
                                      TrOffer     *offer);

G_END_DECLS

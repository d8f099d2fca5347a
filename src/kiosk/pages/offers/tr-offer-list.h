/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offer-list.h — the offers a search found, as a list model over their array. */
#pragma once

#include <gio/gio.h>

#include "tr-offer.h"

G_BEGIN_DECLS

#define TR_TYPE_OFFER_LIST (tr_offer_list_get_type ())
G_DECLARE_FINAL_TYPE (TrOfferList, tr_offer_list, TR, OFFER_LIST, GObject)

TrOfferList *tr_offer_list_new     (void);
void         tr_offer_list_replace (TrOfferList *self,
                                    GPtrArray   *offers,
                                    guint        position,
                                    guint        removed,
                                    guint        added);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offers-page.h — the offers: category tiles, the list that fits the
 * person, search, filters, and one offer's detail with "Choose this training". */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_OFFERS_PAGE (tr_offers_page_get_type ())
G_DECLARE_FINAL_TYPE (TrOffersPage, tr_offers_page, TR, OFFERS_PAGE, TrPage)

/* -1 for every category. */
void        tr_offers_page_show_category   (TrOffersPage *self,
                                            int           category);
void        tr_offers_page_search          (TrOffersPage *self,
                                            const char   *text);
gboolean    tr_offers_page_filter          (TrOffersPage *self,
                                            guint         arrondissement,
                                            int           modality,
                                            const char   *start_month);
GListModel *tr_offers_page_get_results     (TrOffersPage *self);
void        tr_offers_page_show_offer      (TrOffersPage *self,
                                            TrOffer      *offer);
TrOffer    *tr_offers_page_get_shown_offer (TrOffersPage *self);
guint       tr_offers_page_get_count       (TrOffersPage *self,
                                            int           category);

G_END_DECLS

#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_OFFERS_PAGE (tr_offers_page_get_type ())
G_DECLARE_FINAL_TYPE (TrOffersPage, tr_offers_page, TR, OFFERS_PAGE, TrPage)

G_END_DECLS

#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_DETAILS_PAGE (tr_details_page_get_type ())
G_DECLARE_FINAL_TYPE (TrDetailsPage, tr_details_page, TR, DETAILS_PAGE, TrPage)

G_END_DECLS

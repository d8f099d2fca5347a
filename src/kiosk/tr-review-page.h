#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_REVIEW_PAGE (tr_review_page_get_type ())
G_DECLARE_FINAL_TYPE (TrReviewPage, tr_review_page, TR, REVIEW_PAGE, TrPage)

G_END_DECLS

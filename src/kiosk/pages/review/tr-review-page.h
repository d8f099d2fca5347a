/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-review-page.h — "Check and confirm": everything on one screen, each part
 * with "Change", then the commit. A full training is told before the commit,
 * with the choice of the waiting list or another training; a database that
 * cannot be written is told calmly, and no receipt is shown. */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_REVIEW_PAGE (tr_review_page_get_type ())
G_DECLARE_FINAL_TYPE (TrReviewPage, tr_review_page, TR, REVIEW_PAGE, TrPage)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_VERDICT_PAGE (tr_verdict_page_get_type ())
G_DECLARE_FINAL_TYPE (TrVerdictPage, tr_verdict_page, TR, VERDICT_PAGE, TrPage)

G_END_DECLS

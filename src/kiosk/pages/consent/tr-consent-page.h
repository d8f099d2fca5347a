/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_CONSENT_PAGE (tr_consent_page_get_type ())
G_DECLARE_FINAL_TYPE (TrConsentPage, tr_consent_page, TR, CONSENT_PAGE, TrPage)

G_END_DECLS

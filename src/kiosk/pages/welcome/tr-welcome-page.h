/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-welcome-page.h — the attract screen: Start, the language, large text. */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_WELCOME_PAGE (tr_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (TrWelcomePage, tr_welcome_page, TR, WELCOME_PAGE, TrPage)

G_END_DECLS

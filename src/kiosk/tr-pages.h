/* tr-pages.h — the walk's pages, in order, for one session. */
#pragma once

#include "tr-kiosk.h"
#include "tr-page.h"
#include "tr-session.h"

G_BEGIN_DECLS

/* New pages for @session, in the order of the walk (an array of TrPage,
 * each referenced once). */
GPtrArray *tr_pages_build (TrKiosk *kiosk, TrSession *session);

G_END_DECLS

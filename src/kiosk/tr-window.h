/* tr-window.h — the kiosk's one window: the walk's pages, the navigation
 * bar, and the watch for a walk-in who has gone away. */
#pragma once

#include <adwaita.h>

#include "tr-kiosk.h"
#include "tr-page.h"
#include "tr-session.h"

G_BEGIN_DECLS

#define TR_TYPE_WINDOW (tr_window_get_type ())
G_DECLARE_FINAL_TYPE (TrWindow, tr_window, TR, WINDOW, AdwApplicationWindow)

/* @kiosk_mode: full screen, no closing, no inspector. */
TrWindow  *tr_window_new          (GtkApplication *application,
                                   TrKiosk        *kiosk,
                                   gboolean        kiosk_mode);
TrSession *tr_window_get_session  (TrWindow *self);
TrPage    *tr_window_get_page     (TrWindow *self);
/* Ends the walk-in's session, wiping it, and shows Welcome again. */
void       tr_window_finish       (TrWindow *self);

G_END_DECLS

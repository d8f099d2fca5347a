/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-window.h — the kiosk's one window: the walk's pages, the navigation
 * bar, and the watch for a walk-in who has gone away. */
#pragma once

#include <adwaita.h>

#include "tr-kiosk.h"
#include "tr-page.h"
#include "tr-session.h"

G_BEGIN_DECLS

typedef enum {
  TR_WINDOW_WALK,          /* a walk-in's pages */
  TR_WINDOW_STAFF_UNLOCK,  /* the staff password asked */
  TR_WINDOW_STAFF_PANEL,   /* unlocked */
} TrWindowMode;

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

/* Wipes the walk-in's session and asks for the staff password (also the
 * "staff.open" action: Ctrl+Alt+S, a long press on Welcome's logo). */
void         tr_window_open_staff             (TrWindow *self);
/* Leaves staff mode for a fresh Welcome ("Lock", Cancel, or idle). */
void         tr_window_lock_staff             (TrWindow *self);
TrWindowMode tr_window_get_mode               (TrWindow *self);
/* The TrStaffUnlockView or TrStaffPanel showing; NULL in the walk. */
GtkWidget   *tr_window_get_staff_view         (TrWindow *self);
/* Staff mode locks itself after this long without a touch (120 s). */
void         tr_window_set_staff_idle_seconds (TrWindow *self,
                                               guint     seconds);

G_END_DECLS

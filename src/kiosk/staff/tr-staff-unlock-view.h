/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-unlock-view.h — the staff password asked inside the kiosk window.
 *
 * Shown by Ctrl+Alt+S or a long press on Welcome's logo; emits "unlocked"
 * when the password is right and "cancelled" on Cancel. The lock-out is the
 * core's (tr-staff.h): this view only says how long to wait.
 */
#pragma once

#include <adwaita.h>

#include "tr-staff.h"

G_BEGIN_DECLS

#define TR_TYPE_STAFF_UNLOCK_VIEW (tr_staff_unlock_view_get_type ())
G_DECLARE_FINAL_TYPE (TrStaffUnlockView, tr_staff_unlock_view, TR, STAFF_UNLOCK_VIEW, AdwBin)

/* @store may be NULL when the kiosk could not open its database. */
GtkWidget    *tr_staff_unlock_view_new         (TrStore           *store);
/* Tries @password as if typed and Unlock pressed. */
TrStaffUnlock tr_staff_unlock_view_try         (TrStaffUnlockView *self,
                                                const char        *password);
/* What the view says under the field ("" when nothing). */
const char   *tr_staff_unlock_view_get_message (TrStaffUnlockView *self);

G_END_DECLS

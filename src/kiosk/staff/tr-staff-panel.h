/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-panel.h — what staff see once unlocked, instead of the walk:
 * today's figures, registrations closed or open for the day, a registration
 * found by its code (cancelled, or its receipt printed again), the day's
 * export, and "Lock". It shows no personal details: they are sealed to the
 * programme office, and a registration is found by its receipt code.
 */
#pragma once

#include <adwaita.h>

#include "tr-kiosk.h"
#include "tr-staff-export.h"

G_BEGIN_DECLS

#define TR_TYPE_STAFF_PANEL (tr_staff_panel_get_type ())
G_DECLARE_FINAL_TYPE (TrStaffPanel, tr_staff_panel, TR, STAFF_PANEL, AdwBin)

/* Why a registration is cancelled, as staff pick it (English, as stored). */
extern const char * const tr_staff_cancel_reasons[];

GtkWidget  *tr_staff_panel_new            (TrKiosk      *kiosk);
/* Reads today's figures again. */
void        tr_staff_panel_refresh        (TrStaffPanel *self);
/* Every line of the figures, joined by newlines. */
char       *tr_staff_panel_dup_figures    (TrStaffPanel *self);
/* As if @code were typed and Find pressed: whether a registration shows. */
gboolean    tr_staff_panel_find           (TrStaffPanel *self,
                                           const char   *code);
/* As if "Cancel this registration", reason @reason_index of
 * tr_staff_cancel_reasons, then "Confirm the cancellation" were pressed. */
gboolean    tr_staff_panel_cancel_found   (TrStaffPanel *self,
                                           guint         reason_index);
/* As if "Close registrations for today" (or "Open registrations again")
 * were pressed. */
gboolean    tr_staff_panel_set_closed_today (TrStaffPanel *self,
                                             gboolean      closed);
TrStaffExport *tr_staff_panel_get_export  (TrStaffPanel *self);
/* What the panel last said about a search or a cancellation. */
const char *tr_staff_panel_get_message    (TrStaffPanel *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-qr-view.h — a QR code drawn crisply on screen, for a phone camera to read.
 *
 * Each module is a whole number of pixels, black on white with its quiet
 * zone, as large as the space given allows. A screen reader hears the
 * accessible description set with tr_qr_view_set_description.
 */
#pragma once

#include <gtk/gtk.h>

#include "tr-qr.h"

G_BEGIN_DECLS

#define TR_TYPE_QR_VIEW (tr_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (TrQrView, tr_qr_view, TR, QR_VIEW, GtkWidget)

GtkWidget  *tr_qr_view_new             (void);
/* Takes @qr (NULL shows nothing). */
void        tr_qr_view_set_qr          (TrQrView *self, TrQr *qr);
const TrQr *tr_qr_view_get_qr          (TrQrView *self);
/* Encodes @text; on failure shows nothing and sets @error. */
gboolean    tr_qr_view_set_text        (TrQrView *self, const char *text, GError **error);
/* What a screen reader says of the code, such as its human code. */
void        tr_qr_view_set_description (TrQrView *self, const char *description);
/* Pixels per module at the current size (0 when nothing is shown). */
int         tr_qr_view_get_module_size (TrQrView *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-qr.h — a QR code's modules (libqrencode), with its quiet zone; a PNG of
 * them is src/render's (tr-qr-png.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TR_QR_QUIET_ZONE 4

typedef struct {
  int     version;  /* 1–40 */
  int     size;     /* modules per side, quiet zone included */
  guint8 *dark;     /* size × size, 1 for a dark module */
} TrQr;

/* Encodes @text at error-correction level M, choosing modes per segment
 * (alphanumeric where it can). */
TrQr     *tr_qr_encode    (const char *text, GError **error);
void      tr_qr_free      (TrQr *qr);
gboolean  tr_qr_is_dark   (const TrQr *qr, int x, int y);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrQr, tr_qr_free)

G_END_DECLS

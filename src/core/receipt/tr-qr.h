/* tr-qr.h — a QR code's modules (libqrencode), with its quiet zone. */
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
/* Writes a black-on-white PNG, @scale pixels per module, atomically. */
gboolean  tr_qr_write_png (const TrQr *qr, int scale, const char *path, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrQr, tr_qr_free)

G_END_DECLS

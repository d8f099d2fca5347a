/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-qr-png.h — a QR code's modules as a PNG picture (libpng). */
#pragma once

#include <glib.h>

#include "tr-qr.h"

G_BEGIN_DECLS

/* Writes a black-on-white PNG, @scale pixels per module, atomically. */
gboolean  tr_qr_write_png (const TrQr *qr, int scale, const char *path, GError **error);

G_END_DECLS

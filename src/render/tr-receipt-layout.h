/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt-layout.h — the printed receipt: one layout, drawn with cairo,
 * for 80 mm thermal paper or A4, to a PDF file or to a printer's page.
 *
 * No GTK: the command line renders the same page as the kiosk prints. What
 * the receipt says is the core's (tr-receipt-content.h); this only draws it.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "tr-receipt-content.h"

G_BEGIN_DECLS

/* Thermal rolls are 80 mm wide; their printheads reach about 72 mm. */
#define TR_RECEIPT_80MM_WIDTH_PT (80.0 / 25.4 * 72.0)
#define TR_RECEIPT_A4_WIDTH_PT   (210.0 / 25.4 * 72.0)
#define TR_RECEIPT_A4_HEIGHT_PT  (297.0 / 25.4 * 72.0)

typedef enum {
  TR_PAPER_80MM,
  TR_PAPER_A4,
} TrPaper;

/* "80mm" or "a4"; FALSE for any other name. */
gboolean tr_paper_from_name          (const char *name, TrPaper *paper);

/* The height the receipt takes on a page @width_pt points wide, margins
 * included; 0 when the QR text cannot be encoded. */
double   tr_receipt_layout_height    (double width_pt, const TrReceiptContent *content);
/* Draws the receipt from the top left corner of @cr's user space, in
 * points. Does nothing when the QR text cannot be encoded. */
void     tr_receipt_layout_draw      (cairo_t *cr, double width_pt, const TrReceiptContent *content);

/* Renders the receipt to a one-page PDF at @path, replaced whole: 80 mm
 * wide and as tall as the receipt, or an A4 page. */
gboolean tr_receipt_write_pdf        (const TrReceiptContent *content,
                                      TrPaper                 paper,
                                      const char             *path,
                                      GError                **error);

G_END_DECLS

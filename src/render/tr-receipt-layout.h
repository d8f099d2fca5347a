/* tr-receipt-layout.h — the printed receipt: one layout, drawn with cairo,
 * for 80 mm thermal paper or A4, to a PDF file or to a printer's page.
 *
 * No GTK: the command line renders the same page as the kiosk prints.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "tr-rules.h"
#include "tr-store.h"

G_BEGIN_DECLS

/* Thermal rolls are 80 mm wide; their printheads reach about 72 mm. */
#define TR_RECEIPT_80MM_WIDTH_PT (80.0 / 25.4 * 72.0)
#define TR_RECEIPT_A4_WIDTH_PT   (210.0 / 25.4 * 72.0)
#define TR_RECEIPT_A4_HEIGHT_PT  (297.0 / 25.4 * 72.0)

typedef enum {
  TR_PAPER_80MM,
  TR_PAPER_A4,
} TrPaper;

/* What the receipt says; the strings are borrowed, none may be NULL except
 * @cancel_reason and @condition. */
typedef struct {
  const char *code;          /* "7KQ2-M9XD" */
  const char *status;        /* "registered", "waiting_list" or "cancelled" */
  const char *cancel_reason;
  const char *registered_on; /* YYYY-MM-DD */
  const char *kiosk_id;
  const char *offer_id;
  const char *offer_title;
  const char *provider;
  const char *address;
  const char *postcode;
  const char *info_session;
  const char *start_date;
  const char *end_date;
  guint       hours;
  const char *next_steps;
  const char *condition;     /* what to settle before the training, or NULL */
  const char *payload;       /* the signed QR text */
} TrReceiptContent;

/* "80mm" or "a4"; FALSE for any other name. */
gboolean tr_paper_from_name          (const char *name, TrPaper *paper);

/* What the person is told to do next, the same on screen, paper and PDF. */
const char *tr_receipt_next_steps    (void);
/* Fills @content from a stored registration and its offer (borrowed, not
 * copied); @condition is the verdict's condition, or NULL. */
void        tr_receipt_content_init  (TrReceiptContent     *content,
                                      const TrRegistration *registration,
                                      TrOffer              *offer,
                                      const char           *condition);

/* What a conditional verdict asks the person to settle, decided again from
 * the registration's stored answers on the day it was made; NULL when the
 * verdict was not conditional. */
char       *tr_receipt_condition     (TrRules              *rules,
                                      const TrRegistration *registration,
                                      const char           *language);

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

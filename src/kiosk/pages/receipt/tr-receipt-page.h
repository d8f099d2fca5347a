/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt-page.h — the receipt, shown only once the registration is
 * stored: a QR code a job-centre adviser scans, the human code, the training
 * and what to do next; then "Finish". */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_RECEIPT_PAGE (tr_receipt_page_get_type ())
G_DECLARE_FINAL_TYPE (TrReceiptPage, tr_receipt_page, TR, RECEIPT_PAGE, TrPage)

G_END_DECLS

/* placeholder: being written */
#include "config.h"
#include "tr-receipt-page.h"

struct _TrReceiptPage { TrPage parent_instance; };
G_DEFINE_FINAL_TYPE (TrReceiptPage, tr_receipt_page, TR_TYPE_PAGE)
static void tr_receipt_page_class_init (TrReceiptPageClass *klass) { }
static void tr_receipt_page_init (TrReceiptPage *self) { adw_bin_set_child (ADW_BIN (self), gtk_label_new ("receipt")); tr_page_set_next_label (TR_PAGE (self), "Next"); }

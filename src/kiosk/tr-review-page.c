/* placeholder: being written */
#include "config.h"
#include "tr-review-page.h"

struct _TrReviewPage { TrPage parent_instance; };
G_DEFINE_FINAL_TYPE (TrReviewPage, tr_review_page, TR_TYPE_PAGE)
static void tr_review_page_class_init (TrReviewPageClass *klass) { }
static void tr_review_page_init (TrReviewPage *self) { adw_bin_set_child (ADW_BIN (self), gtk_label_new ("review")); tr_page_set_next_label (TR_PAGE (self), "Next"); }

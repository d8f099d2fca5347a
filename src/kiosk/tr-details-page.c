/* placeholder: being written */
#include "config.h"
#include "tr-details-page.h"

struct _TrDetailsPage { TrPage parent_instance; };
G_DEFINE_FINAL_TYPE (TrDetailsPage, tr_details_page, TR_TYPE_PAGE)
static void tr_details_page_class_init (TrDetailsPageClass *klass) { }
static void tr_details_page_init (TrDetailsPage *self) { adw_bin_set_child (ADW_BIN (self), gtk_label_new ("details")); tr_page_set_next_label (TR_PAGE (self), "Next"); }

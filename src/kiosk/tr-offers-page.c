/* placeholder: being written */
#include "config.h"
#include "tr-offers-page.h"

struct _TrOffersPage { TrPage parent_instance; };
G_DEFINE_FINAL_TYPE (TrOffersPage, tr_offers_page, TR_TYPE_PAGE)
static void tr_offers_page_class_init (TrOffersPageClass *klass) { }
static void tr_offers_page_init (TrOffersPage *self) { adw_bin_set_child (ADW_BIN (self), gtk_label_new ("offers")); tr_page_set_next_label (TR_PAGE (self), "Next"); }

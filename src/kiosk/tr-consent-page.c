/* placeholder: being written */
#include "config.h"
#include "tr-consent-page.h"

struct _TrConsentPage { TrPage parent_instance; };
G_DEFINE_FINAL_TYPE (TrConsentPage, tr_consent_page, TR_TYPE_PAGE)
static void tr_consent_page_class_init (TrConsentPageClass *klass) { }
static void tr_consent_page_init (TrConsentPage *self) { adw_bin_set_child (ADW_BIN (self), gtk_label_new ("consent")); tr_page_set_next_label (TR_PAGE (self), "Next"); }

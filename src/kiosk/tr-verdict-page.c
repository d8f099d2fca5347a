/* placeholder: being written */
#include "config.h"
#include "tr-verdict-page.h"

struct _TrVerdictPage { TrPage parent_instance; };
G_DEFINE_FINAL_TYPE (TrVerdictPage, tr_verdict_page, TR_TYPE_PAGE)
static void tr_verdict_page_class_init (TrVerdictPageClass *klass) { }
static void tr_verdict_page_init (TrVerdictPage *self) { adw_bin_set_child (ADW_BIN (self), gtk_label_new ("verdict")); tr_page_set_next_label (TR_PAGE (self), "Next"); }

/* placeholder: being written */
#include "config.h"
#include "tr-question-page.h"

struct _TrQuestionPage { TrPage parent_instance; };
G_DEFINE_FINAL_TYPE (TrQuestionPage, tr_question_page, TR_TYPE_PAGE)
static void tr_question_page_class_init (TrQuestionPageClass *klass) { }
static void tr_question_page_init (TrQuestionPage *self) { tr_page_set_next_label (TR_PAGE (self), "Next"); }
TrPage *tr_question_page_new (TrKiosk *kiosk, TrSession *session, guint index)
{
  g_autofree char *name = g_strdup_printf ("question-%u", index);
  return g_object_new (TR_TYPE_QUESTION_PAGE, "kiosk", kiosk, "session", session, "name", name, NULL);
}

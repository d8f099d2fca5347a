/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-consent-page.c — the consent page: what is kept, by whom and why, and the person's agreement. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-consent-page.h"

struct _TrConsentPage
{
  TrPage     parent_instance;

  GtkWidget *agree_button;
  GtkLabel  *kiosk_keeps_label;
};

G_DEFINE_FINAL_TYPE (TrConsentPage, tr_consent_page, TR_TYPE_PAGE)

/* Enter agrees; "No thanks" is one Tab away. */
static gboolean
tr_consent_page_focus_first (TrPage *page)
{
  return gtk_widget_grab_focus (TR_CONSENT_PAGE (page)->agree_button);
}

/* How long this kiosk keeps the sealed details: its own KeepDays=. */
static void
tr_consent_page_constructed (GObject *object)
{
  TrConsentPage *self = TR_CONSENT_PAGE (object);
  guint keep_days = tr_kiosk_get_config (tr_page_get_kiosk (TR_PAGE (self)))->keep_days;
  g_autofree char *text = NULL;

  G_OBJECT_CLASS (tr_consent_page_parent_class)->constructed (object);

  /* TRANSLATORS: %u is a number of days (KeepDays= in kiosk.conf, 30 by
   * default). "Locked": sealed, encrypted for the programme office. */
  text = g_strdup_printf (ngettext ("On this kiosk, your information is locked as soon as you confirm: only the "
                                    "Paris Code programme office of the City of Paris can open it. The kiosk "
                                    "deletes it %u day after sending it to the office.",
                                    "On this kiosk, your information is locked as soon as you confirm: only the "
                                    "Paris Code programme office of the City of Paris can open it. The kiosk "
                                    "deletes it %u days after sending it to the office.",
                                    keep_days),
                          keep_days);
  gtk_label_set_label (self->kiosk_keeps_label, text);
}

static void
tr_consent_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_CONSENT_PAGE);
  G_OBJECT_CLASS (tr_consent_page_parent_class)->dispose (object);
}

static void
tr_consent_page_class_init (TrConsentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tr_consent_page_constructed;
  object_class->dispose = tr_consent_page_dispose;
  TR_PAGE_CLASS (klass)->focus_first = tr_consent_page_focus_first;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrConsentPage, agree_button);
  gtk_widget_class_bind_template_child (widget_class, TrConsentPage, kiosk_keeps_label);
}

static void
tr_consent_page_init (TrConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

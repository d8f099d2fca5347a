/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-consent-page.c — the consent page: what is kept, by whom and why, and the person's agreement. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-consent-page.h"

struct _TrConsentPage
{
  TrPage     parent_instance;

  GtkWidget *agree_button;
};

G_DEFINE_FINAL_TYPE (TrConsentPage, tr_consent_page, TR_TYPE_PAGE)

/* Enter agrees; "No thanks" is one Tab away. */
static gboolean
tr_consent_page_focus_first (TrPage *page)
{
  return gtk_widget_grab_focus (TR_CONSENT_PAGE (page)->agree_button);
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

  object_class->dispose = tr_consent_page_dispose;
  TR_PAGE_CLASS (klass)->focus_first = tr_consent_page_focus_first;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrConsentPage, agree_button);
}

static void
tr_consent_page_init (TrConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

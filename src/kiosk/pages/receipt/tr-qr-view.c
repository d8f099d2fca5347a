/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-qr-view.c — a QR code drawn on whole pixels for a phone camera to read. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-qr-view.h"

/* Below this a phone camera at arm's length misses modules. */
#define MIN_MODULE_PIXELS 3
/* What the view asks for when the page has room. */
#define NATURAL_MODULE_PIXELS 8

struct _TrQrView
{
  GtkWidget  parent_instance;
  TrQr      *qr;
};

G_DEFINE_FINAL_TYPE (TrQrView, tr_qr_view, GTK_TYPE_WIDGET)

static int
module_size_for (const TrQr *qr, int width, int height)
{
  if (qr == NULL || qr->size <= 0)
    return 0;
  return MIN (width, height) / qr->size;
}

int
tr_qr_view_get_module_size (TrQrView *self)
{
  g_return_val_if_fail (TR_IS_QR_VIEW (self), 0);

  return module_size_for (self->qr,
                          gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
tr_qr_view_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  TrQrView *self = TR_QR_VIEW (widget);
  int modules = self->qr != NULL ? self->qr->size : 0;

  *minimum = modules * MIN_MODULE_PIXELS;
  *natural = modules * NATURAL_MODULE_PIXELS;
}

static void
tr_qr_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  TrQrView *self = TR_QR_VIEW (widget);
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA black = { 0, 0, 0, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int module = module_size_for (self->qr, width, height);
  int side, left, top;

  if (module == 0)
    return;

  /* Whole pixels only: a module that straddles pixels blurs its edges, and
   * blurred edges are what make a scanner give up. */
  side = module * self->qr->size;
  left = (width - side) / 2;
  top = (height - side) / 2;
  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (left, top, side, side));
  for (int y = 0; y < self->qr->size; y++)
    for (int x = 0; x < self->qr->size; x++)
      if (tr_qr_is_dark (self->qr, x, y))
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (left + x * module, top + y * module,
                                                        module, module));
}

static void
tr_qr_view_finalize (GObject *object)
{
  TrQrView *self = TR_QR_VIEW (object);

  g_clear_pointer (&self->qr, tr_qr_free);
  G_OBJECT_CLASS (tr_qr_view_parent_class)->finalize (object);
}

static void
tr_qr_view_class_init (TrQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tr_qr_view_finalize;
  widget_class->measure = tr_qr_view_measure;
  widget_class->snapshot = tr_qr_view_snapshot;
  gtk_widget_class_set_css_name (widget_class, "qrview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tr_qr_view_init (TrQrView *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "qr-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("QR code"),
                                  -1);
}

GtkWidget *
tr_qr_view_new (void)
{
  return g_object_new (TR_TYPE_QR_VIEW, NULL);
}

void
tr_qr_view_set_qr (TrQrView *self, TrQr *qr)
{
  g_return_if_fail (TR_IS_QR_VIEW (self));

  g_clear_pointer (&self->qr, tr_qr_free);
  self->qr = qr;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const TrQr *
tr_qr_view_get_qr (TrQrView *self)
{
  g_return_val_if_fail (TR_IS_QR_VIEW (self), NULL);

  return self->qr;
}

gboolean
tr_qr_view_set_text (TrQrView *self, const char *text, GError **error)
{
  TrQr *qr;

  g_return_val_if_fail (TR_IS_QR_VIEW (self), FALSE);

  qr = tr_qr_encode (text, error);
  tr_qr_view_set_qr (self, qr);
  return qr != NULL;
}

void
tr_qr_view_set_description (TrQrView *self, const char *description)
{
  g_return_if_fail (TR_IS_QR_VIEW (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

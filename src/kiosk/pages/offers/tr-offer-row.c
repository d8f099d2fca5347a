/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offer-row.c — one row of the offers list: title, place, dates and seats left. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tr-clock.h"
#include "tr-offer-row.h"

struct _TrOfferRow
{
  GtkButton  parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *where_label;
  GtkLabel  *when_label;
  GtkLabel  *seats_label;

  TrOffer   *offer;
};

G_DEFINE_FINAL_TYPE (TrOfferRow, tr_offer_row, GTK_TYPE_BUTTON)

char *
tr_offer_row_format_seats (guint seats_left)
{
  if (seats_left == 0)
    return g_strdup (_("Full — waiting list"));
  return g_strdup_printf (ngettext ("%u seat left", "%u seats left", seats_left), seats_left);
}

char *
tr_offer_row_format_arrondissement (guint arrondissement)
{
  if (arrondissement == 1)
    /* Translators: the 1st district of Paris, as written on signs. */
    return g_strdup (_("Paris 1er"));
  /* Translators: a district of Paris, as written on signs: "Paris 18e". */
  return g_strdup_printf (_("Paris %ue"), arrondissement);
}

char *
tr_offer_row_format_place (TrOffer *offer)
{
  guint arrondissement = tr_offer_get_arrondissement (offer);

  if (arrondissement == 0)
    return g_strdup (tr_offer_get_data (offer)->postcode);
  return tr_offer_row_format_arrondissement (arrondissement);
}

/* The button's name is what a screen reader (and an end-to-end test) finds
 * the row by; the rest of what the row shows goes in its description. */
static void
update_accessible (TrOfferRow *self, const char *seats, const char *where, const char *when)
{
  const TrOfferData *data = tr_offer_get_data (self->offer);
  /* Translators: a training in the list, as read by a screen reader:
   * its title, then how many seats are left. */
  g_autofree char *name = g_strdup_printf (C_("offer row", "%s, %s"), data->title, seats);
  g_autofree char *description = g_strdup_printf ("%s. %s", where, when);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
show_offer (TrOfferRow *self)
{
  const TrOfferData *data = tr_offer_get_data (self->offer);
  guint seats_left = tr_offer_get_seats_left (self->offer);
  g_autofree char *place = tr_offer_row_format_place (self->offer);
  g_autofree char *start = tr_clock_format_date (data->start_date);
  g_autofree char *seats = tr_offer_row_format_seats (seats_left);
  /* Translators: the provider of a training, then where it is ("Paris 18e"). */
  g_autofree char *where = g_strdup_printf (C_("offer row", "%s · %s"), data->provider, place);
  /* Translators: when a training starts, then how it is taught ("On site"). */
  g_autofree char *when = g_strdup_printf (C_("offer row", "Starts %s · %s"), start,
                                           tr_modality_label (data->modality));

  gtk_label_set_label (self->title_label, data->title);
  gtk_label_set_label (self->where_label, where);
  gtk_label_set_label (self->when_label, when);
  gtk_label_set_label (self->seats_label, seats);
  if (seats_left == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->seats_label), "full");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->seats_label), "full");
  update_accessible (self, seats, where, when);
}

TrOffer *
tr_offer_row_get_offer (TrOfferRow *self)
{
  g_return_val_if_fail (TR_IS_OFFER_ROW (self), NULL);
  return self->offer;
}

void
tr_offer_row_set_offer (TrOfferRow *self,
                        TrOffer    *offer)
{
  g_return_if_fail (TR_IS_OFFER_ROW (self));
  g_return_if_fail (offer == NULL || TR_IS_OFFER (offer));

  if (!g_set_object (&self->offer, offer) || offer == NULL)
    return;
  show_offer (self);
}

static void
tr_offer_row_dispose (GObject *object)
{
  TrOfferRow *self = TR_OFFER_ROW (object);

  g_clear_object (&self->offer);
  G_OBJECT_CLASS (tr_offer_row_parent_class)->dispose (object);
}

static void
tr_offer_row_class_init (TrOfferRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tr_offer_row_dispose;
}

static GtkLabel *
new_text_label (GtkGrid *grid, int row, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  return GTK_LABEL (label);
}

/* Built in code, not from a template, and with one grid rather than nested
 * boxes: GTK 4.8's list view builds a row for every offer that comes near the
 * top of the list, so a keystroke that changes the results builds many, and
 * a template is parsed again for each. */
static void
tr_offer_row_init (TrOfferRow *self)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 24);
  gtk_widget_set_valign (GTK_WIDGET (grid), GTK_ALIGN_CENTER);
  self->title_label = new_text_label (grid, 0, "offer-title");
  self->where_label = new_text_label (grid, 1, NULL);
  self->when_label = new_text_label (grid, 2, "dim-label");

  self->seats_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->seats_label), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->seats_label), "seats-badge");
  gtk_grid_attach (grid, GTK_WIDGET (self->seats_label), 1, 0, 1, 3);

  gtk_button_set_child (GTK_BUTTON (self), GTK_WIDGET (grid));
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "offer-row");
}

GtkWidget *
tr_offer_row_new (void)
{
  return g_object_new (TR_TYPE_OFFER_ROW, NULL);
}

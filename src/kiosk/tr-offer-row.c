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

static const char *const month_names[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

static const char *
month_name (guint month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, "");
  return g_dpgettext2 (NULL, "month", month_names[month - 1]);
}

char *
tr_offer_row_format_date (const char *iso_date)
{
  GDate date;

  if (!tr_clock_parse_date (iso_date, &date))
    return g_strdup (iso_date != NULL ? iso_date : "");
  /* Translators: a day as "20 December 2027": the day of the month, the
   * month's name, the year. */
  return g_strdup_printf (C_("date", "%u %s %u"), (guint) g_date_get_day (&date),
                          month_name (g_date_get_month (&date)), (guint) g_date_get_year (&date));
}

char *
tr_offer_row_format_month (const char *year_month)
{
  guint year, month;

  if (year_month == NULL || sscanf (year_month, "%4u-%2u", &year, &month) != 2 || month < 1 || month > 12)
    return g_strdup (year_month != NULL ? year_month : "");
  /* Translators: a month of a year, as "January 2027". */
  return g_strdup_printf (C_("month and year", "%s %u"), month_name (month), year);
}

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
  g_autofree char *start = tr_offer_row_format_date (data->start_date);
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
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_OFFER_ROW);
  G_OBJECT_CLASS (tr_offer_row_parent_class)->dispose (object);
}

static void
tr_offer_row_class_init (TrOfferRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_offer_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-offer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TrOfferRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TrOfferRow, where_label);
  gtk_widget_class_bind_template_child (widget_class, TrOfferRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, TrOfferRow, seats_label);
}

static void
tr_offer_row_init (TrOfferRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tr_offer_row_new (void)
{
  return g_object_new (TR_TYPE_OFFER_ROW, NULL);
}

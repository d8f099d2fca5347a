/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt-page.c — the receipt page, shown once the registration is stored, with its QR code. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-print.h"
#include "tr-qr-view.h"
#include "tr-receipt-page.h"

struct _TrReceiptPage
{
  TrPage      parent_instance;

  GtkGrid    *layout;
  GtkWidget  *qr_column;
  GtkWidget  *header;
  GtkWidget  *details;
  TrQrView   *qr_view;
  GtkLabel   *status_label;
  GtkLabel   *code_label;
  GtkLabel   *offer_title;
  GtkLabel   *offer_provider;
  GtkLabel   *offer_address;
  GtkLabel   *offer_info_session;
  GtkBox     *steps;
  GtkWidget  *finish_button;
  GtkWidget  *print_box;
  GtkWidget  *print_button;
  GtkLabel   *print_status;

  /* Cancelled when the page goes: a job still running no longer reports here. */
  GCancellable *printing;
};

G_DEFINE_FINAL_TYPE (TrReceiptPage, tr_receipt_page, TR_TYPE_PAGE)

static void
place (GtkGrid *grid, GtkWidget *child, int column, int row, int row_span)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (grid));
  GtkGridLayoutChild *cell = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, child));

  gtk_grid_layout_child_set_column (cell, column);
  gtk_grid_layout_child_set_row (cell, row);
  gtk_grid_layout_child_set_row_span (cell, row_span);
}

/* Side by side on a landscape screen; on a portrait one, the status and code
 * first, the QR code under them as wide as the screen allows, then the rest.
 * The QR code is as large as fits: a phone held at arm's length reads it. */
static void
arrange_for_screen (TrReceiptPage *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  int width = root != NULL ? gtk_widget_get_width (root) : 0;
  int height = root != NULL ? gtk_widget_get_height (root) : 0;
  gboolean portrait;
  int side;

  if (width <= 0 || height <= 0)
    {
      width = 1280;
      height = 800;
    }
  portrait = height > width;
  if (portrait)
    {
      place (self->layout, self->header, 0, 0, 1);
      place (self->layout, self->qr_column, 0, 1, 1);
      place (self->layout, self->details, 0, 2, 1);
      side = MIN (width * 7 / 10, height * 4 / 10);
    }
  else
    {
      place (self->layout, self->qr_column, 0, 0, 2);
      place (self->layout, self->header, 1, 0, 1);
      place (self->layout, self->details, 1, 1, 1);
      side = MIN (width * 4 / 10, height * 6 / 10);
    }
  gtk_widget_set_size_request (GTK_WIDGET (self->qr_view), side, side);
}

static void
add_step (TrReceiptPage *self, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "receipt-step");
  gtk_box_append (self->steps, label);
}

static void
clear_steps (TrReceiptPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps))) != NULL)
    gtk_box_remove (self->steps, child);
}

static void
fill_steps (TrReceiptPage *self, const TrRegistration *registration)
{
  gboolean waiting = g_strcmp0 (registration->status, "waiting_list") == 0;

  clear_steps (self);
  if (g_strcmp0 (registration->verdict, "conditional") == 0)
    add_step (self, _("Before the training starts, register as a job seeker with Pôle emploi (France Travail): "
                      "on francetravail.fr or by phone at 3949 (free). Bring the proof to the information session."));
  if (waiting)
    add_step (self, _("You are on the waiting list: if a seat frees up, the training provider will call you "
                      "on the phone number you gave."));
  else
    add_step (self, _("Go to the information session. Bring this code and an identity document."));
  add_step (self, _("Show this code to your Pôle emploi (France Travail) adviser: they can follow your "
                    "registration with it."));
}

static void
fill_offer (TrReceiptPage *self, TrOffer *offer)
{
  const TrOfferData *data = offer != NULL ? tr_offer_get_data (offer) : NULL;
  g_autofree char *provider = NULL;
  g_autofree char *address = NULL;
  g_autofree char *session = NULL;

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->offer_title)), data != NULL);
  if (data == NULL)
    return;
  provider = g_strdup_printf (_("Given by %s"), data->provider);
  address = g_strdup_printf (_("Address: %s, %s"), data->address, data->postcode);
  session = g_strdup_printf (_("Information session: %s"), data->info_session);
  gtk_label_set_label (self->offer_title, data->title);
  gtk_label_set_label (self->offer_provider, provider);
  gtk_label_set_label (self->offer_address, address);
  gtk_label_set_label (self->offer_info_session, session);
}

static void
fill_code (TrReceiptPage *self, const TrRegistration *registration)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (!tr_qr_view_set_text (self->qr_view, registration->payload, &error))
    g_warning ("Cannot draw the receipt's QR code: %s", error->message);
  /* TRANSLATORS: what a screen reader says of the QR code; %s is the code. */
  description = g_strdup_printf (_("QR code of your receipt, code %s"), registration->code);
  tr_qr_view_set_description (self->qr_view, description);
  gtk_label_set_label (self->code_label, registration->code);
}

static void
show_print_status (TrReceiptPage *self, const char *text)
{
  gtk_label_set_label (self->print_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->print_status), text != NULL);
}

/* The condition to settle before the training, in the person's language. */
static char *
condition_text (TrReceiptPage *self, const TrRegistration *registration)
{
  TrPage *page = TR_PAGE (self);
  const TrVerdict *verdict = tr_session_get_verdict (tr_page_get_session (page));

  if (g_strcmp0 (registration->verdict, "conditional") != 0 || verdict == NULL ||
      verdict->decision_id == NULL)
    return NULL;
  return tr_rules_get_decision_reason (tr_kiosk_get_rules (tr_page_get_kiosk (page)),
                                       verdict->decision_id, tr_page_get_language (page));
}

static void
on_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TrReceiptPage *self = TR_RECEIPT_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (tr_print_receipt_finish (result, &error))
    {
      show_print_status (self, _("Printed"));
      gtk_widget_set_sensitive (self->print_button, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_message ("Cannot print the receipt: %s", error->message);
  show_print_status (self, _("The printer did not answer: ask a member of staff"));
  gtk_widget_set_sensitive (self->print_button, TRUE);
}

static void
on_print_clicked (TrReceiptPage *self)
{
  TrSession *session = tr_page_get_session (TR_PAGE (self));
  const TrRegistration *registration = tr_session_get_registration (session);
  TrOffer *offer = tr_session_get_offer (session);
  const TrConfig *config = tr_kiosk_get_config (tr_page_get_kiosk (TR_PAGE (self)));
  g_autofree char *condition = NULL;

  if (registration == NULL || offer == NULL || config == NULL || config->printer == NULL)
    return;
  condition = condition_text (self, registration);

  /* One job at a time: a second press would print a second receipt. */
  gtk_widget_set_sensitive (self->print_button, FALSE);
  show_print_status (self, _("Printing…"));
  tr_print_registration_async (G_OBJECT (self), config, registration, offer, condition, self->printing,
                               on_printed, NULL);
}

/* The Print button only where a printer is set up, for a stored registration. */
static void
offer_printing (TrReceiptPage *self, const TrRegistration *registration)
{
  const TrConfig *config = tr_kiosk_get_config (tr_page_get_kiosk (TR_PAGE (self)));
  gboolean can_print = config != NULL && config->printer != NULL && config->printer[0] != '\0' && registration != NULL &&
                       tr_session_get_offer (tr_page_get_session (TR_PAGE (self))) != NULL;

  gtk_widget_set_visible (self->print_box, can_print);
}

static void
tr_receipt_page_shown (TrPage *page)
{
  TrReceiptPage *self = TR_RECEIPT_PAGE (page);
  TrSession *session = tr_page_get_session (page);
  const TrRegistration *registration = tr_session_get_registration (session);

  arrange_for_screen (self);
  offer_printing (self, registration);
  gtk_widget_set_visible (self->qr_column, registration != NULL);
  gtk_widget_set_visible (self->details, TRUE);
  if (registration == NULL)
    {
      /* Never a receipt for what was not stored. */
      gtk_label_set_label (self->status_label, _("There is no registration to show"));
      gtk_label_set_label (self->code_label, "");
      fill_offer (self, NULL);
      clear_steps (self);
      add_step (self, _("Please ask a member of staff."));
    }
  else
    {
      gboolean waiting = g_strcmp0 (registration->status, "waiting_list") == 0;

      gtk_label_set_label (self->status_label, waiting ? _("You are on the waiting list")
                                                       : _("You are registered"));
      fill_code (self, registration);
      fill_offer (self, tr_session_get_offer (session));
      fill_steps (self, registration);
    }
}

/* Enter finishes: the next person should find Welcome. */
static gboolean
tr_receipt_page_focus_first (TrPage *page)
{
  return gtk_widget_grab_focus (TR_RECEIPT_PAGE (page)->finish_button);
}

static void
tr_receipt_page_dispose (GObject *object)
{
  TrReceiptPage *self = TR_RECEIPT_PAGE (object);

  if (self->printing != NULL)
    g_cancellable_cancel (self->printing);
  g_clear_object (&self->printing);
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_RECEIPT_PAGE);
  G_OBJECT_CLASS (tr_receipt_page_parent_class)->dispose (object);
}

static void
tr_receipt_page_class_init (TrReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_receipt_page_dispose;
  TR_PAGE_CLASS (klass)->focus_first = tr_receipt_page_focus_first;
  TR_PAGE_CLASS (klass)->shown = tr_receipt_page_shown;

  g_type_ensure (TR_TYPE_QR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, layout);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, qr_column);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, header);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, details);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, offer_title);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, offer_provider);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, offer_address);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, offer_info_session);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, steps);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, finish_button);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, print_box);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, TrReceiptPage, print_status);
  gtk_widget_class_bind_template_callback (widget_class, on_print_clicked);
}

static void
tr_receipt_page_init (TrReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->printing = g_cancellable_new ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-panel.c — staff mode once unlocked: the day's figures, registrations, export and lock. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-print.h"
#include "tr-receipt-content.h"
#include "tr-staff-export.h"
#include "tr-staff-figures.h"
#include "tr-staff-panel.h"

struct _TrStaffPanel
{
  AdwBin          parent_instance;

  TrKiosk        *kiosk;
  GtkBox         *figures;
  GtkLabel       *day_label;
  GtkWidget      *day_button;
  GtkWidget      *export;
  GtkWidget      *code_entry;
  GtkBox         *found;
  GtkWidget      *cancel_button;
  GtkWidget      *reasons;
  GtkBox         *reason_buttons;
  GtkWidget      *reprint_button;
  GCancellable   *printing;
  GtkLabel       *message;
  char           *found_code;
  char           *cancel_reason;  /* the reason chosen, or NULL */
};

G_DEFINE_FINAL_TYPE (TrStaffPanel, tr_staff_panel, ADW_TYPE_BIN)

enum { PROP_0, PROP_CANCEL_REASON, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_LOCK, N_SIGNALS };
static guint signals[N_SIGNALS];

const char * const tr_staff_cancel_reasons[] = {
  N_("Asked by the person"),
  N_("Registered twice"),
  N_("Not eligible after checking the documents"),
  N_("Did not come to the information session"),
  NULL
};

static void
show_message (TrStaffPanel *self, const char *text)
{
  gtk_label_set_label (self->message, text);
  gtk_widget_set_visible (GTK_WIDGET (self->message), text[0] != '\0');
}

const char *
tr_staff_panel_get_message (TrStaffPanel *self)
{
  return gtk_label_get_label (self->message);
}

static void
refresh_day (TrStaffPanel *self)
{
  gboolean by_settings = !tr_kiosk_get_config (self->kiosk)->open;
  gboolean closed = tr_kiosk_is_closed_today (self->kiosk);

  gtk_label_set_label (self->day_label,
                       by_settings ? _("Registrations are closed by the kiosk's settings (Open=false in kiosk.conf).")
                       : closed ? _("Registrations are closed for today: Welcome says so. They open again tomorrow.")
                       : _("Registrations are open today."));
  gtk_button_set_label (GTK_BUTTON (self->day_button),
                        closed ? _("Open registrations again") : _("Close registrations for today"));
  gtk_widget_set_visible (self->day_button, !by_settings && tr_kiosk_get_store (self->kiosk) != NULL);
}

gboolean
tr_staff_panel_set_closed_today (TrStaffPanel *self, gboolean closed)
{
  g_autoptr(GError) error = NULL;

  if (!tr_kiosk_set_closed_today (self->kiosk, closed, &error))
    {
      g_message ("Cannot %s registrations: %s", closed ? "close" : "open", error->message);
      refresh_day (self);
      gtk_label_set_label (self->day_label, error->message);
      return FALSE;
    }
  refresh_day (self);
  return TRUE;
}

static void
close_or_open (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrStaffPanel *self = TR_STAFF_PANEL (widget);

  tr_staff_panel_set_closed_today (self, !tr_kiosk_is_closed_today (self->kiosk));
}

TrStaffExport *
tr_staff_panel_get_export (TrStaffPanel *self)
{
  return TR_STAFF_EXPORT (self->export);
}

void
tr_staff_panel_refresh (TrStaffPanel *self)
{
  tr_staff_figures_fill (self->figures, self->kiosk);
  refresh_day (self);
}

char *
tr_staff_panel_dup_figures (TrStaffPanel *self)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->figures)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (child)));
  return g_string_free (text, FALSE);
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "registered") == 0)
    return _("Registered");
  if (g_strcmp0 (status, "waiting_list") == 0)
    return _("On the waiting list");
  return _("Cancelled");
}

/* The reason buttons follow the "panel.reason" action, which sets this. */
static void
set_cancel_reason (TrStaffPanel *self, const char *reason)
{
  if (reason != NULL && reason[0] == '\0')
    reason = NULL;
  if (g_strcmp0 (self->cancel_reason, reason) == 0)
    return;
  g_free (self->cancel_reason);
  self->cancel_reason = g_strdup (reason);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.confirm-cancel", reason != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCEL_REASON]);
}

static void
hide_reasons (TrStaffPanel *self)
{
  gtk_widget_set_visible (self->reasons, FALSE);
  set_cancel_reason (self, NULL);
}

static void
show_registration (TrStaffPanel *self, const TrRegistration *registration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOffer) offer = tr_store_lookup_offer (tr_kiosk_get_store (self->kiosk),
                                                    registration->offer_id, &error);
  g_autofree char *when = tr_clock_time_for_people (registration->created_at);
  g_autofree char *code = g_strdup_printf (_("Code: %s"), registration->code);
  g_autofree char *status = g_strdup_printf (_("Status: %s"), status_label (registration->status));
  g_autofree char *training = g_strdup_printf (_("Training: %s — %s"), registration->offer_id,
                                               offer != NULL ? tr_offer_get_data (offer)->title : "");
  g_autofree char *time = g_strdup_printf (_("Registered at: %s"), when);

  tr_staff_remove_lines (self->found);
  tr_staff_add_line (self->found, code, "title-3");
  tr_staff_add_line (self->found, status, NULL);
  if (registration->cancel_reason != NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Reason: %s"), _(registration->cancel_reason));
      tr_staff_add_line (self->found, reason, NULL);
    }
  tr_staff_add_line (self->found, training, NULL);
  tr_staff_add_line (self->found, time, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->found), TRUE);
  gtk_widget_set_visible (self->cancel_button, g_strcmp0 (registration->status, "cancelled") != 0);
  gtk_widget_set_visible (self->reprint_button, tr_kiosk_get_config (self->kiosk)->printer != NULL);
  hide_reasons (self);
}

static void
forget_found (TrStaffPanel *self)
{
  g_clear_pointer (&self->found_code, g_free);
  tr_staff_remove_lines (self->found);
  gtk_widget_set_visible (GTK_WIDGET (self->found), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->reprint_button, FALSE);
  hide_reasons (self);
}

gboolean
tr_staff_panel_find (TrStaffPanel *self, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autofree char *typed = g_strstrip (g_strdup (code != NULL ? code : ""));

  forget_found (self);
  if (tr_kiosk_get_store (self->kiosk) == NULL)
    return FALSE;
  if (typed[0] == '\0')
    {
      show_message (self, _("Type the code printed on the receipt"));
      return FALSE;
    }
  registration = tr_store_find_by_code (tr_kiosk_get_store (self->kiosk), typed, &error);
  if (registration == NULL)
    {
      show_message (self, error->message);
      return FALSE;
    }
  show_message (self, "");
  self->found_code = g_strdup (registration->code);
  show_registration (self, registration);
  return TRUE;
}

static gboolean
cancel_found (TrStaffPanel *self, const char *reason)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = g_strdup (self->found_code);
  g_autofree char *done = NULL;

  if (code == NULL)
    return FALSE;
  if (!tr_store_cancel (tr_kiosk_get_store (self->kiosk), code, reason, now, &error))
    {
      show_message (self, error->message);
      return FALSE;
    }
  /* The freed seat is offered to the next walk-in. */
  tr_kiosk_reload_catalogue (self->kiosk);
  tr_staff_panel_refresh (self);
  tr_staff_panel_find (self, code);
  done = g_strdup_printf (_("Registration %s is cancelled"), code);
  show_message (self, done);
  return TRUE;
}

gboolean
tr_staff_panel_cancel_found (TrStaffPanel *self, guint reason_index)
{
  g_return_val_if_fail (reason_index < g_strv_length ((char **) tr_staff_cancel_reasons), FALSE);
  return cancel_found (self, tr_staff_cancel_reasons[reason_index]);
}

static void
on_reprinted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TrStaffPanel *self = TR_STAFF_PANEL (source);
  g_autoptr(GError) error = NULL;

  if (tr_print_receipt_finish (result, &error))
    show_message (self, _("The receipt is printed."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("The receipt could not be printed: %s"), error->message);
      g_message ("Reprint: %s", error->message);
      show_message (self, text);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.reprint", TRUE);
}

/* Printed as it stands now: a cancelled registration's receipt says so. */
static void
reprint (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrStaffPanel *self = TR_STAFF_PANEL (widget);
  const TrConfig *config = tr_kiosk_get_config (self->kiosk);
  TrStore *store = tr_kiosk_get_store (self->kiosk);
  TrRules *rules = tr_kiosk_get_rules (self->kiosk);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(TrOffer) offer = NULL;
  g_autofree char *condition = NULL;

  if (self->found_code == NULL || store == NULL || config->printer == NULL)
    return;
  if ((registration = tr_store_find_by_code (store, self->found_code, &error)) == NULL ||
      (offer = tr_store_lookup_offer (store, registration->offer_id, &error)) == NULL)
    {
      show_message (self, error->message);
      return;
    }
  if (rules != NULL)
    condition = tr_receipt_condition (rules, registration, tr_config_get_staff_language (config));
  /* One job at a time: a second press would print a second receipt. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.reprint", FALSE);
  show_message (self, _("Printing…"));
  tr_print_registration_async (G_OBJECT (self), config, registration, offer, condition, self->printing,
                               on_reprinted, NULL);
}

static void
find (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrStaffPanel *self = TR_STAFF_PANEL (widget);

  tr_staff_panel_find (self, gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));
}

static void
on_code_activate (TrStaffPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "panel.find", NULL);
}

static void
ask_reason (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrStaffPanel *self = TR_STAFF_PANEL (widget);

  gtk_widget_set_visible (self->reasons, TRUE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  /* The focus brings the reasons into view on a small screen. */
  gtk_widget_grab_focus (gtk_widget_get_first_child (GTK_WIDGET (self->reason_buttons)));
}

static void
confirm_cancel (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrStaffPanel *self = TR_STAFF_PANEL (widget);
  g_autofree char *reason = g_strdup (self->cancel_reason);

  if (reason != NULL)
    cancel_found (self, reason);
}

static void
keep (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrStaffPanel *self = TR_STAFF_PANEL (widget);

  hide_reasons (self);
  gtk_widget_set_visible (self->cancel_button, self->found_code != NULL);
}

static void
lock (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_LOCK], 0);
}

/* The reasons are data (stored in English): a button each, in their order. */
static void
add_reason_buttons (TrStaffPanel *self)
{
  for (guint i = 0; tr_staff_cancel_reasons[i] != NULL; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(tr_staff_cancel_reasons[i]));
      GtkLabel *label = GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button)));

      /* On two lines rather than wider than a 1024-pixel screen. */
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_justify (label, GTK_JUSTIFY_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "panel.reason");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tr_staff_cancel_reasons[i]);
      gtk_box_append (self->reason_buttons, button);
    }
}

static void
tr_staff_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TrStaffPanel *self = TR_STAFF_PANEL (object);

  switch (prop_id)
    {
    case PROP_CANCEL_REASON:
      g_value_set_string (value, self->cancel_reason != NULL ? self->cancel_reason : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_staff_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TrStaffPanel *self = TR_STAFF_PANEL (object);

  switch (prop_id)
    {
    case PROP_CANCEL_REASON:
      set_cancel_reason (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_staff_panel_dispose (GObject *object)
{
  TrStaffPanel *self = TR_STAFF_PANEL (object);

  g_clear_pointer (&self->found_code, g_free);
  g_clear_pointer (&self->cancel_reason, g_free);
  g_cancellable_cancel (self->printing);
  g_clear_object (&self->printing);
  gtk_widget_dispose_template (GTK_WIDGET (self), TR_TYPE_STAFF_PANEL);
  g_clear_object (&self->kiosk);
  G_OBJECT_CLASS (tr_staff_panel_parent_class)->dispose (object);
}

static void
tr_staff_panel_class_init (TrStaffPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_staff_panel_dispose;
  object_class->get_property = tr_staff_panel_get_property;
  object_class->set_property = tr_staff_panel_set_property;

  /* One of tr_staff_cancel_reasons, or "" before staff pick one. */
  properties[PROP_CANCEL_REASON] = g_param_spec_string ("cancel-reason", NULL, NULL, "",
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOCK] = g_signal_new ("lock", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (TR_TYPE_STAFF_EXPORT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/staff/tr-staff-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, figures);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, day_label);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, day_button);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, export);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, code_entry);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, message);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, found);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, reprint_button);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, reasons);
  gtk_widget_class_bind_template_child (widget_class, TrStaffPanel, reason_buttons);
  gtk_widget_class_bind_template_callback (widget_class, on_code_activate);

  gtk_widget_class_install_action (widget_class, "panel.lock", NULL, lock);
  gtk_widget_class_install_action (widget_class, "panel.close-or-open", NULL, close_or_open);
  gtk_widget_class_install_action (widget_class, "panel.find", NULL, find);
  gtk_widget_class_install_action (widget_class, "panel.reprint", NULL, reprint);
  gtk_widget_class_install_action (widget_class, "panel.ask-reason", NULL, ask_reason);
  gtk_widget_class_install_property_action (widget_class, "panel.reason", "cancel-reason");
  gtk_widget_class_install_action (widget_class, "panel.keep", NULL, keep);
  gtk_widget_class_install_action (widget_class, "panel.confirm-cancel", NULL, confirm_cancel);
}

static void
tr_staff_panel_init (TrStaffPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_reason_buttons (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.confirm-cancel", FALSE);
  self->printing = g_cancellable_new ();
}

/* The hub's lines follow each round of the sync while staff look. */
static void
on_sync_state_changed (TrStaffPanel *self)
{
  tr_staff_figures_fill (self->figures, self->kiosk);
}

GtkWidget *
tr_staff_panel_new (TrKiosk *kiosk)
{
  TrStaffPanel *self = g_object_new (TR_TYPE_STAFF_PANEL, NULL);

  self->kiosk = g_object_ref (kiosk);
  tr_staff_export_set_kiosk (TR_STAFF_EXPORT (self->export), kiosk);
  if (tr_kiosk_get_sync (kiosk) != NULL)
    g_signal_connect_object (tr_kiosk_get_sync (kiosk), "state-changed", G_CALLBACK (on_sync_state_changed),
                             self, G_CONNECT_SWAPPED);
  tr_staff_panel_refresh (self);
  return GTK_WIDGET (self);
}

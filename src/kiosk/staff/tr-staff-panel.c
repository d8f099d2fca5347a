#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tr-clock.h"
#include "tr-print.h"
#include "tr-receipt-layout.h"
#include "tr-staff-export.h"
#include "tr-staff-figures.h"
#include "tr-staff-panel.h"

struct _TrStaffPanel
{
  AdwBin          parent_instance;

  TrKiosk        *kiosk;
  GtkBox         *actions;
  GtkBox         *figures;
  GtkLabel       *day_label;
  GtkWidget      *day_button;
  GtkWidget      *export;
  GtkWidget      *code_entry;
  GtkBox         *found;
  GtkWidget      *found_card;
  GtkWidget      *cancel_button;
  GtkWidget      *reasons;
  GtkWidget      *confirm_button;
  GtkWidget      *reprint_button;
  GCancellable   *printing;
  GtkToggleButton *reason_buttons[8];
  GtkLabel       *message;
  char           *found_code;
};

G_DEFINE_FINAL_TYPE (TrStaffPanel, tr_staff_panel, ADW_TYPE_BIN)

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
on_day_clicked (TrStaffPanel *self)
{
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

/* "Awa D.": enough for staff to tell people apart, and no more. */
static char *
short_name (const char *person_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *person;
  const char *first, *last;

  if (person_json == NULL || !json_parser_load_from_data (parser, person_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup ("—");
  person = json_node_get_object (json_parser_get_root (parser));
  first = json_object_get_string_member_with_default (person, "first_name", "");
  last = json_object_get_string_member_with_default (person, "last_name", "");
  if (last[0] == '\0' || !g_utf8_validate (last, -1, NULL))
    return g_strdup (first);
  return g_strdup_printf ("%s %.*s.", first, (int) (g_utf8_next_char (last) - last), last);
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

static char *
local_time (const char *created_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (created_at, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (created_at);
  local = g_date_time_to_timezone (utc, tr_clock_local_zone ());
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

static void
hide_reasons (TrStaffPanel *self)
{
  gtk_widget_set_visible (self->reasons, FALSE);
  for (guint i = 0; tr_staff_cancel_reasons[i] != NULL; i++)
    gtk_toggle_button_set_active (self->reason_buttons[i], FALSE);
  gtk_widget_set_sensitive (self->confirm_button, FALSE);
}

static void
show_registration (TrStaffPanel *self, const TrRegistration *registration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOffer) offer = tr_store_lookup_offer (tr_kiosk_get_store (self->kiosk),
                                                    registration->offer_id, &error);
  g_autofree char *name = short_name (registration->person_json);
  g_autofree char *when = local_time (registration->created_at);
  g_autofree char *code = g_strdup_printf (_("Code: %s"), registration->code);
  g_autofree char *status = g_strdup_printf (_("Status: %s"), status_label (registration->status));
  g_autofree char *training = g_strdup_printf (_("Training: %s — %s"), registration->offer_id,
                                               offer != NULL ? tr_offer_get_data (offer)->title : "");
  g_autofree char *time = g_strdup_printf (_("Registered at: %s"), when);
  g_autofree char *person = g_strdup_printf (_("Name: %s"), name);

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
  tr_staff_add_line (self->found, person, NULL);
  gtk_widget_set_visible (self->found_card, TRUE);
  gtk_widget_set_visible (self->cancel_button, g_strcmp0 (registration->status, "cancelled") != 0);
  gtk_widget_set_visible (self->reprint_button, tr_kiosk_get_config (self->kiosk)->printer != NULL);
  hide_reasons (self);
}

static void
forget_found (TrStaffPanel *self)
{
  g_clear_pointer (&self->found_code, g_free);
  tr_staff_remove_lines (self->found);
  gtk_widget_set_visible (self->found_card, FALSE);
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
  gtk_widget_set_sensitive (self->reprint_button, TRUE);
}

/* Printed as it stands now: a cancelled registration's receipt says so. */
static void
on_reprint (TrStaffPanel *self)
{
  const TrConfig *config = tr_kiosk_get_config (self->kiosk);
  TrStore *store = tr_kiosk_get_store (self->kiosk);
  TrRules *rules = tr_kiosk_get_rules (self->kiosk);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(TrOffer) offer = NULL;
  g_autofree char *condition = NULL;
  TrPaper paper = TR_PAPER_80MM;
  TrReceiptContent content;

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
  tr_paper_from_name (config->paper, &paper);
  tr_receipt_content_init (&content, registration, offer, condition);
  /* One job at a time: a second press would print a second receipt. */
  gtk_widget_set_sensitive (self->reprint_button, FALSE);
  show_message (self, _("Printing…"));
  tr_print_receipt_async (G_OBJECT (self), &content, config->printer, paper, self->printing,
                          on_reprinted, NULL);
}

static void
on_find (TrStaffPanel *self)
{
  tr_staff_panel_find (self, gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));
}

static void
on_cancel_asked (TrStaffPanel *self)
{
  gtk_widget_set_visible (self->reasons, TRUE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  /* The focus brings the reasons into view on a small screen. */
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_buttons[0]));
}

static void
on_reason_toggled (TrStaffPanel *self)
{
  gboolean chosen = FALSE;

  for (guint i = 0; tr_staff_cancel_reasons[i] != NULL; i++)
    chosen |= gtk_toggle_button_get_active (self->reason_buttons[i]);
  gtk_widget_set_sensitive (self->confirm_button, chosen);
}

static void
on_confirm (TrStaffPanel *self)
{
  for (guint i = 0; tr_staff_cancel_reasons[i] != NULL; i++)
    if (gtk_toggle_button_get_active (self->reason_buttons[i]))
      {
        cancel_found (self, tr_staff_cancel_reasons[i]);
        return;
      }
}

static void
on_keep (TrStaffPanel *self)
{
  hide_reasons (self);
  gtk_widget_set_visible (self->cancel_button, self->found_code != NULL);
}

static void
on_lock (TrStaffPanel *self)
{
  g_signal_emit (self, signals[SIGNAL_LOCK], 0);
}

static GtkWidget *
new_button (const char *label, const char *css_class, GCallback callback, gpointer data)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_size_request (button, -1, 48);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

static GtkWidget *
build_reasons (TrStaffPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *question = gtk_label_new (_("Why is it cancelled?"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);

  gtk_label_set_xalign (GTK_LABEL (question), 0);
  gtk_widget_add_css_class (question, "title-4");
  gtk_box_append (GTK_BOX (box), question);
  for (guint i = 0; tr_staff_cancel_reasons[i] != NULL; i++)
    {
      self->reason_buttons[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_(tr_staff_cancel_reasons[i])));
      gtk_widget_set_size_request (GTK_WIDGET (self->reason_buttons[i]), -1, 48);
      if (i > 0)
        gtk_toggle_button_set_group (self->reason_buttons[i], self->reason_buttons[0]);
      g_signal_connect_swapped (self->reason_buttons[i], "toggled", G_CALLBACK (on_reason_toggled), self);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->reason_buttons[i]));
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_RELATION_LABELLED_BY, question, NULL, -1);
  self->confirm_button = new_button (_("Confirm the cancellation"), "destructive-action",
                                     G_CALLBACK (on_confirm), self);
  gtk_box_append (GTK_BOX (buttons), new_button (_("Keep it"), NULL, G_CALLBACK (on_keep), self));
  gtk_box_append (GTK_BOX (buttons), self->confirm_button);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static GtkWidget *
build_find (TrStaffPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (_("Find a registration"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);

  self->code_entry = gtk_entry_new ();
  gtk_widget_set_hexpand (self->code_entry, TRUE);
  gtk_widget_set_size_request (self->code_entry, -1, 48);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->code_entry), _("Receipt code"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->code_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Receipt code"), -1);
  g_signal_connect_swapped (self->code_entry, "activate", G_CALLBACK (on_find), self);
  gtk_box_append (GTK_BOX (row), self->code_entry);
  gtk_box_append (GTK_BOX (row), new_button (_("Find"), "suggested-action", G_CALLBACK (on_find), self));
  gtk_box_append (GTK_BOX (box), row);

  self->message = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->code_entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->message, NULL, -1);

  self->found_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->found_card, "card");
  gtk_widget_set_visible (self->found_card, FALSE);
  self->found = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  g_object_set (self->found, "margin-top", 16, "margin-bottom", 16, "margin-start", 16, "margin-end", 16, NULL);
  gtk_box_append (GTK_BOX (self->found_card), GTK_WIDGET (self->found));
  gtk_box_append (GTK_BOX (box), self->found_card);

  self->cancel_button = new_button (_("Cancel this registration"), "destructive-action",
                                    G_CALLBACK (on_cancel_asked), self);
  self->reprint_button = new_button (_("Print the receipt again"), NULL, G_CALLBACK (on_reprint), self);
  gtk_widget_set_visible (self->reprint_button, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  /* One above the other: side by side they would make the column too wide
   * for a 1280-pixel screen. */
  {
    GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    gtk_widget_set_halign (self->reprint_button, GTK_ALIGN_START);
    gtk_widget_set_halign (self->cancel_button, GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (actions), self->reprint_button);
    gtk_box_append (GTK_BOX (actions), self->cancel_button);
    gtk_box_append (GTK_BOX (box), actions);
  }

  self->reasons = build_reasons (self);
  gtk_box_append (GTK_BOX (box), self->reasons);
  return box;
}

static GtkWidget *
build_day (TrStaffPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (_("Registrations today"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);
  self->day_label = GTK_LABEL (tr_staff_add_line (GTK_BOX (box), "", NULL));
  self->day_button = new_button ("", NULL, G_CALLBACK (on_day_clicked), self);
  gtk_widget_set_halign (self->day_button, GTK_ALIGN_START);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->day_button), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->day_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), self->day_button);
  return box;
}

static void
tr_staff_panel_dispose (GObject *object)
{
  TrStaffPanel *self = TR_STAFF_PANEL (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_pointer (&self->found_code, g_free);
  g_cancellable_cancel (self->printing);
  g_clear_object (&self->printing);
  g_clear_object (&self->kiosk);
  G_OBJECT_CLASS (tr_staff_panel_parent_class)->dispose (object);
}

static void
tr_staff_panel_class_init (TrStaffPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tr_staff_panel_dispose;

  signals[SIGNAL_LOCK] = g_signal_new ("lock", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tr_staff_panel_init (TrStaffPanel *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 32);
  GtkWidget *header = gtk_center_box_new ();
  GtkWidget *title = gtk_label_new (_("Staff mode"));

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1400);
  gtk_widget_add_css_class (content, "page-content");

  gtk_widget_add_css_class (title, "title-1");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (header), title);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (header),
                                 new_button (_("Lock"), "suggested-action", G_CALLBACK (on_lock), self));
  gtk_box_append (GTK_BOX (content), header);

  /* Two columns: the day's figures to read, and what staff came to do. */
  {
    GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);
    GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 40);

    gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
    self->figures = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
    gtk_box_append (GTK_BOX (columns), GTK_WIDGET (self->figures));
    gtk_box_append (GTK_BOX (actions), build_day (self));
    gtk_box_append (GTK_BOX (actions), build_find (self));
    gtk_box_append (GTK_BOX (columns), actions);
    gtk_box_append (GTK_BOX (content), columns);
    self->actions = GTK_BOX (actions);
  }
  self->printing = g_cancellable_new ();

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
tr_staff_panel_new (TrKiosk *kiosk)
{
  TrStaffPanel *self = g_object_new (TR_TYPE_STAFF_PANEL, NULL);

  self->kiosk = g_object_ref (kiosk);
  self->export = tr_staff_export_new (kiosk);
  /* The day's export is what staff come for most: right under the day. */
  gtk_box_insert_child_after (self->actions, self->export,
                              gtk_widget_get_first_child (GTK_WIDGET (self->actions)));
  tr_staff_panel_refresh (self);
  return GTK_WIDGET (self);
}

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tr-clock.h"
#include "tr-staff-panel.h"

struct _TrStaffPanel
{
  AdwBin          parent_instance;

  TrKiosk        *kiosk;
  GtkBox         *figures;
  GtkWidget      *code_entry;
  GtkBox         *found;
  GtkWidget      *found_card;
  GtkWidget      *cancel_button;
  GtkWidget      *reasons;
  GtkWidget      *confirm_button;
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
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
add_line (GtkBox *box, const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

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

static guint
count_of (GPtrArray *counts, const char *key)
{
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TrCount *count = g_ptr_array_index (counts, i);
      if (g_strcmp0 (count->key, key) == 0)
        return count->count;
    }
  return 0;
}

static GPtrArray *
count (TrStaffPanel *self, const char *date, TrCountBy by)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *counts = tr_store_count (tr_kiosk_get_store (self->kiosk), date, by, &error);

  if (counts == NULL)
    {
      g_warning ("Staff figures: %s", error->message);
      add_line (self->figures, error->message, "error");
    }
  return counts;
}

static void
add_status_lines (TrStaffPanel *self, const char *date)
{
  g_autoptr(GPtrArray) by_status = count (self, date, TR_COUNT_BY_STATUS);
  struct { const char *key; const char *format; } lines[] = {
    { "registered", N_("Registrations today: %u") },
    { "waiting_list", N_("Waiting list today: %u") },
    { "cancelled", N_("Cancelled today: %u") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *text = g_strdup_printf (_(lines[i].format), count_of (by_status, lines[i].key));
      add_line (self->figures, text, "title-3");
    }
}

static void
add_category_lines (TrStaffPanel *self, const char *date)
{
  g_autoptr(GPtrArray) counts = count (self, date, TR_COUNT_BY_CATEGORY);

  add_line (self->figures, _("By category"), "title-4");
  if (counts == NULL || counts->len == 0)
    add_line (self->figures, _("None yet"), "dim-label");
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TrCount *c = g_ptr_array_index (counts, i);
      TrCategory category;
      const char *name = tr_category_from_token (c->key, &category) ? tr_category_label (category) : c->key;
      g_autofree char *text = g_strdup_printf ("%s: %u", name, c->count);

      add_line (self->figures, text, NULL);
    }
}

static void
add_offer_lines (TrStaffPanel *self, const char *date)
{
  g_autoptr(GPtrArray) counts = count (self, date, TR_COUNT_BY_OFFER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = tr_store_load_offers (tr_kiosk_get_store (self->kiosk), TRUE, &error);

  add_line (self->figures, _("By training"), "title-4");
  if (counts == NULL || counts->len == 0)
    add_line (self->figures, _("None yet"), "dim-label");
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TrCount *c = g_ptr_array_index (counts, i);
      TrOffer *offer = NULL;
      g_autofree char *text = NULL;

      for (guint j = 0; offers != NULL && j < offers->len && offer == NULL; j++)
        if (g_strcmp0 (tr_offer_get_id (g_ptr_array_index (offers, j)), c->key) == 0)
          offer = g_ptr_array_index (offers, j);
      if (offer != NULL)
        text = g_strdup_printf (_("%s — %s: %u (seats left: %u)"), c->key, tr_offer_get_data (offer)->title,
                                c->count, tr_offer_get_seats_left (offer));
      else
        text = g_strdup_printf ("%s: %u", c->key, c->count);
      add_line (self->figures, text, NULL);
    }
}

static void
add_flag_lines (TrStaffPanel *self, const char *date)
{
  g_autoptr(GPtrArray) counts = count (self, date, TR_COUNT_BY_FLAG);
  TrRules *rules = tr_kiosk_get_rules (self->kiosk);
  const char *language = tr_kiosk_get_config (self->kiosk)->language;

  add_line (self->figures, _("Priority flags"), "title-4");
  if (counts == NULL || counts->len == 0)
    add_line (self->figures, _("None yet"), "dim-label");
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TrCount *c = g_ptr_array_index (counts, i);
      g_autofree char *label = rules != NULL ? tr_rules_get_flag_label (rules, c->key, language) : NULL;
      g_autofree char *text = g_strdup_printf ("%s: %u", label != NULL ? label : c->key, c->count);

      add_line (self->figures, text, NULL);
    }
}

void
tr_staff_panel_refresh (TrStaffPanel *self)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *date = tr_clock_local_date (now);
  g_autofree char *day = tr_clock_date_for_people (date);
  g_autofree char *heading = g_strdup_printf (_("Today, %s"), day);

  remove_children (self->figures);
  add_line (self->figures, heading, "title-2");
  if (tr_kiosk_get_store (self->kiosk) == NULL)
    {
      add_line (self->figures, _("The kiosk could not open its database: see its log"), "error");
      return;
    }
  add_status_lines (self, date);
  add_category_lines (self, date);
  add_offer_lines (self, date);
  add_flag_lines (self, date);
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

  remove_children (self->found);
  add_line (self->found, code, "title-3");
  add_line (self->found, status, NULL);
  if (registration->cancel_reason != NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Reason: %s"), _(registration->cancel_reason));
      add_line (self->found, reason, NULL);
    }
  add_line (self->found, training, NULL);
  add_line (self->found, time, NULL);
  add_line (self->found, person, NULL);
  gtk_widget_set_visible (self->found_card, TRUE);
  gtk_widget_set_visible (self->cancel_button, g_strcmp0 (registration->status, "cancelled") != 0);
  hide_reasons (self);
}

static void
forget_found (TrStaffPanel *self)
{
  g_clear_pointer (&self->found_code, g_free);
  remove_children (self->found);
  gtk_widget_set_visible (self->found_card, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
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
  gtk_widget_set_halign (self->cancel_button, GTK_ALIGN_START);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->cancel_button);

  self->reasons = build_reasons (self);
  gtk_box_append (GTK_BOX (box), self->reasons);
  return box;
}

static void
tr_staff_panel_dispose (GObject *object)
{
  TrStaffPanel *self = TR_STAFF_PANEL (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_pointer (&self->found_code, g_free);
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
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  gtk_widget_add_css_class (content, "page-content");

  gtk_widget_add_css_class (title, "title-1");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (header), title);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (header),
                                 new_button (_("Lock"), "suggested-action", G_CALLBACK (on_lock), self));
  gtk_box_append (GTK_BOX (content), header);

  self->figures = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->figures));
  gtk_box_append (GTK_BOX (content), build_find (self));

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
tr_staff_panel_new (TrKiosk *kiosk)
{
  TrStaffPanel *self = g_object_new (TR_TYPE_STAFF_PANEL, NULL);

  self->kiosk = g_object_ref (kiosk);
  tr_staff_panel_refresh (self);
  return GTK_WIDGET (self);
}

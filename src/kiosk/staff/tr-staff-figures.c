/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-figures.c — the day's figures at the top of the staff panel. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-staff-figures.h"

void
tr_staff_remove_lines (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

GtkWidget *
tr_staff_add_line (GtkBox *box, const char *text, const char *css_class)
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
count (TrKiosk *kiosk, GtkBox *figures, const char *date, TrCountBy by)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *counts = tr_store_count (tr_kiosk_get_store (kiosk), date, by, &error);

  if (counts == NULL)
    {
      g_warning ("Staff figures: %s", error->message);
      tr_staff_add_line (figures, error->message, "error");
    }
  return counts;
}

static void
add_status_lines (TrKiosk *kiosk, GtkBox *figures, const char *date)
{
  g_autoptr(GPtrArray) by_status = count (kiosk, figures, date, TR_COUNT_BY_STATUS);
  struct { const char *key; const char *format; } lines[] = {
    { "registered", N_("Registrations today: %u") },
    { "waiting_list", N_("Waiting list today: %u") },
    { "cancelled", N_("Cancelled today: %u") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *text = g_strdup_printf (_(lines[i].format), count_of (by_status, lines[i].key));
      tr_staff_add_line (figures, text, "title-3");
    }
}

static void
add_category_lines (TrKiosk *kiosk, GtkBox *figures, const char *date)
{
  g_autoptr(GPtrArray) counts = count (kiosk, figures, date, TR_COUNT_BY_CATEGORY);

  tr_staff_add_line (figures, _("By category"), "title-4");
  if (counts == NULL || counts->len == 0)
    tr_staff_add_line (figures, _("None yet"), "dim-label");
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TrCount *c = g_ptr_array_index (counts, i);
      TrCategory category;
      const char *name = tr_category_from_token (c->key, &category) ? tr_category_label (category) : c->key;
      g_autofree char *text = g_strdup_printf ("%s: %u", name, c->count);

      tr_staff_add_line (figures, text, NULL);
    }
}

/* With a hub, the seats the kiosk may still give for each offer: its
 * lease's (an offer without a lease has none here). */
static GHashTable *
leased_seats (TrKiosk *kiosk, GtkBox *figures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leases = NULL;
  GHashTable *held;

  if (tr_kiosk_get_sync (kiosk) == NULL)
    return NULL;
  if ((leases = tr_store_get_leases (tr_kiosk_get_store (kiosk), &error)) == NULL)
    {
      tr_staff_add_line (figures, error->message, "error");
      return NULL;
    }
  held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < leases->len; i++)
    {
      TrLease *lease = g_ptr_array_index (leases, i);

      g_hash_table_insert (held, g_strdup (lease->offer_id), GUINT_TO_POINTER (lease->held));
    }
  return held;
}

static char *
offer_line (TrOffer *offer, guint count, GHashTable *held)
{
  const char *id = tr_offer_get_id (offer);
  const char *title = tr_offer_get_data (offer)->title;

  if (held != NULL)
    return g_strdup_printf (_("%s — %s: %u (seats held for this kiosk: %u)"), id, title, count,
                            GPOINTER_TO_UINT (g_hash_table_lookup (held, id)));
  return g_strdup_printf (_("%s — %s: %u (seats left: %u)"), id, title, count, tr_offer_get_seats_left (offer));
}

static void
add_offer_lines (TrKiosk *kiosk, GtkBox *figures, const char *date)
{
  g_autoptr(GPtrArray) counts = count (kiosk, figures, date, TR_COUNT_BY_OFFER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = tr_store_load_offers (tr_kiosk_get_store (kiosk), TRUE, &error);
  g_autoptr(GHashTable) held = leased_seats (kiosk, figures);

  tr_staff_add_line (figures, _("By training"), "title-4");
  if (counts == NULL || counts->len == 0)
    tr_staff_add_line (figures, _("None yet"), "dim-label");
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TrCount *c = g_ptr_array_index (counts, i);
      TrOffer *offer = NULL;
      g_autofree char *text = NULL;

      for (guint j = 0; offers != NULL && j < offers->len && offer == NULL; j++)
        if (g_strcmp0 (tr_offer_get_id (g_ptr_array_index (offers, j)), c->key) == 0)
          offer = g_ptr_array_index (offers, j);
      if (offer != NULL)
        text = offer_line (offer, c->count, held);
      else
        text = g_strdup_printf ("%s: %u", c->key, c->count);
      tr_staff_add_line (figures, text, NULL);
    }
}

static void
add_flag_lines (TrKiosk *kiosk, GtkBox *figures, const char *date)
{
  g_autoptr(GPtrArray) counts = count (kiosk, figures, date, TR_COUNT_BY_FLAG);
  TrRules *rules = tr_kiosk_get_rules (kiosk);
  const char *language = tr_config_get_staff_language (tr_kiosk_get_config (kiosk));

  tr_staff_add_line (figures, _("Priority flags"), "title-4");
  if (counts == NULL || counts->len == 0)
    tr_staff_add_line (figures, _("None yet"), "dim-label");
  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TrCount *c = g_ptr_array_index (counts, i);
      g_autofree char *label = rules != NULL ? tr_rules_get_flag_label (rules, c->key, language) : NULL;
      g_autofree char *text = g_strdup_printf ("%s: %u", label != NULL ? label : c->key, c->count);

      tr_staff_add_line (figures, text, NULL);
    }
}

/* The link to the programme's hub: when it last worked, what waits to be
 * sent, why the last attempt failed. */
static void
add_hub_lines (TrKiosk *kiosk, GtkBox *figures)
{
  g_autoptr(TrSyncState) state = tr_sync_get_state (tr_kiosk_get_sync (kiosk));
  g_autofree char *last = NULL;
  g_autofree char *unsent = NULL;

  tr_staff_add_line (figures, _("Programme hub"), "title-4");
  if (state->last_success != NULL)
    {
      g_autofree char *when = tr_clock_time_for_people (state->last_success);
      last = g_strdup_printf (_("Last sync: %s"), when);
    }
  tr_staff_add_line (figures, last != NULL ? last : _("Last sync: never"), NULL);
  unsent = g_strdup_printf (ngettext ("Not yet sent: %u registration", "Not yet sent: %u registrations",
                                      state->unsent),
                            state->unsent);
  tr_staff_add_line (figures, unsent, NULL);
  if (state->unsent_cancellations > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Not yet sent: %u cancellation",
                                                         "Not yet sent: %u cancellations",
                                                         state->unsent_cancellations),
                                               state->unsent_cancellations);
      tr_staff_add_line (figures, text, NULL);
    }
  if (state->last_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Last attempt failed: %s"), state->last_error);
      tr_staff_add_line (figures, text, "error");
    }
}

void
tr_staff_figures_fill (GtkBox *figures, TrKiosk *kiosk)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *date = tr_clock_local_date (now);
  g_autofree char *day = tr_clock_date_for_people (date);
  g_autofree char *heading = g_strdup_printf (_("Today, %s"), day);

  tr_staff_remove_lines (figures);
  tr_staff_add_line (figures, heading, "title-2");
  if (tr_kiosk_get_store (kiosk) == NULL)
    {
      tr_staff_add_line (figures, _("The kiosk could not open its database: see its log"), "error");
      return;
    }
  add_status_lines (kiosk, figures, date);
  if (tr_kiosk_get_sync (kiosk) != NULL)
    add_hub_lines (kiosk, figures);
  add_category_lines (kiosk, figures, date);
  add_offer_lines (kiosk, figures, date);
  add_flag_lines (kiosk, figures, date);
}


/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offers-page.c — the offers page: category tiles, search, filters and one offer's detail. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-offer-list.h"
#include "tr-offer-row.h"
#include "tr-offer-slot.h"
#include "tr-offers-page.h"
#include "tr-stack.h"

#define ANY_CATEGORY (-1)
#define N_ARRONDISSEMENTS 20

/* GTK 4.8's list view keeps a row for each of the first 200 or so items, and
 * building, laying out and destroying a row cost a few tenths of a
 * millisecond: a keystroke that changed them all would take several frames. So the view holds only the first offers found: one screen's at
 * once, then more in the next frames, down to a little below what is scrolled
 * to (the rest follow as the person scrolls). */
#define ROW_MIN_HEIGHT      100   /* px: .offer-row's min-height and its row's padding, rounded down */
#define TALLEST_LIST        2000  /* px: before the list is laid out, as on a portrait screen */
#define SCREENS_AHEAD       1
#define ROWS_PER_FRAME      16

struct _TrOffersPage
{
  TrPage             parent_instance;

  GtkStack          *views;
  AdwBin            *all_tile_slot;
  GtkFlowBox        *tiles;
  GtkWidget         *categories_button;
  GtkLabel          *category_title;
  GtkLabel          *count_label;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *place_filter;
  GtkDropDown       *modality_filter;
  GtkDropDown       *month_filter;
  GtkStack          *results_stack;
  GtkScrolledWindow *results_scroller;
  GtkListView       *results_view;
  GtkScrolledWindow *detail_scroller;
  GtkLabel          *detail_category;
  GtkLabel          *detail_title;
  GtkLabel          *detail_provider;
  GtkLabel          *detail_seats;
  GtkWidget         *detail_waiting;
  GtkWidget         *choose_button;
  GtkLabel          *detail_address;
  GtkLabel          *detail_dates;
  GtkLabel          *detail_hours;
  GtkLabel          *detail_modality;
  GtkLabel          *detail_audience;
  GtkLabel          *detail_level;
  GtkLabel          *detail_info_session;
  GtkLabel          *detail_description;

  TrOfferList       *results;        /* reads the shown array */
  GListStore        *listed;         /* TrOfferSlot: what the view shows, the first offers of results */
  guint              fill_tick;
  gint64             fill_from_frame;
  GPtrArray         *shown;          /* what results holds, to compare the next search with */
  GPtrArray         *found;          /* every search fills this one array */
  char              *searched_text;  /* the text of the last search */

  TrProfile          profile;
  char              *gender;         /* profile.gender points here */
  gboolean           has_profile;
  guint              counts[TR_N_CATEGORIES + 1];  /* the last: every category */

  int                category;
  gboolean           list_ready;
  GArray            *places;         /* the arrondissement of each place choice; 0: all */
  GPtrArray         *months;         /* "YYYY-MM" of each month choice; NULL: any */
  gboolean           resetting;      /* filters set together: one search at the end */
  TrOffer           *shown_offer;
};

G_DEFINE_FINAL_TYPE (TrOffersPage, tr_offers_page, TR_TYPE_PAGE)

static TrCatalogue *
get_catalogue (TrOffersPage *self)
{
  return tr_kiosk_get_catalogue (tr_page_get_kiosk (TR_PAGE (self)));
}

static char *
format_count (guint count)
{
  return g_strdup_printf (ngettext ("%u training", "%u trainings", count), count);
}

static const char *
category_name (int category)
{
  return category == ANY_CATEGORY ? _("All trainings") : tr_category_label ((TrCategory) category);
}

/* The profile: who the answers say this person is */

static gboolean
profiles_equal (const TrProfile *a, const TrProfile *b)
{
  return a->age == b->age && a->diploma == b->diploma &&
         a->diploma_known == b->diploma_known && g_strcmp0 (a->gender, b->gender) == 0;
}

/* Reads the answers again (Back may have changed them); TRUE when the
 * profile is not the one the page was showing. */
static gboolean
update_profile (TrOffersPage *self)
{
  TrProfile profile;
  GDate today;

  tr_clock_today (&today);
  tr_profile_from_answers (&profile, tr_session_get_answers (tr_page_get_session (TR_PAGE (self))), &today);
  if (self->has_profile && profiles_equal (&profile, &self->profile))
    return FALSE;

  /* The answers' strings can be replaced while the page waits: keep a copy. */
  g_free (self->gender);
  self->gender = g_strdup (profile.gender);
  self->profile = profile;
  self->profile.gender = self->gender;
  self->has_profile = TRUE;
  return TRUE;
}

/* The kinds of job, as tiles */

static void
on_tile_clicked (GtkButton *button, TrOffersPage *self)
{
  int category = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "category"));

  tr_offers_page_show_category (self, category);
}

static GtkWidget *
new_tile (TrOffersPage *self, int category, guint count)
{
  const char *name = category_name (category);
  g_autofree char *count_text = format_count (count);
  /* Translators: a tile as read by a screen reader: "Developer, 312 trainings". */
  g_autofree char *accessible = g_strdup_printf (C_("tile", "%s, %s"), name, count_text);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *count_label = gtk_label_new (count_text);

  gtk_label_set_wrap (GTK_LABEL (name_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (name_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (name_label, "tile-name");
  gtk_widget_add_css_class (count_label, "tile-count");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "category-tile");
  if (category == ANY_CATEGORY)
    gtk_widget_add_css_class (button, "all-trainings");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "category", GINT_TO_POINTER (category));
  g_signal_connect (button, "clicked", G_CALLBACK (on_tile_clicked), self);
  return button;
}

static void
fill_tiles (TrOffersPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_flow_box_remove (self->tiles, child);

  adw_bin_set_child (self->all_tile_slot, new_tile (self, ANY_CATEGORY, self->counts[TR_N_CATEGORIES]));
  /* A kind with nothing for this person would only lead to an empty list. */
  for (int category = 0; category < TR_N_CATEGORIES; category++)
    if (self->counts[category] > 0)
      gtk_flow_box_append (self->tiles, new_tile (self, category, self->counts[category]));
}

/* The filters */

static void
fill_place_filter (TrOffersPage *self, const gboolean *present)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  guint all = 0;

  g_array_set_size (self->places, 0);
  gtk_string_list_append (choices, _("All of Paris"));
  g_array_append_val (self->places, all);
  for (guint arrondissement = 1; arrondissement <= N_ARRONDISSEMENTS; arrondissement++)
    if (present[arrondissement])
      {
        g_autofree char *label = tr_offer_row_format_arrondissement (arrondissement);

        gtk_string_list_append (choices, label);
        g_array_append_val (self->places, arrondissement);
      }
  gtk_drop_down_set_model (self->place_filter, G_LIST_MODEL (choices));
}

static void
fill_modality_filter (TrOffersPage *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  gtk_string_list_append (choices, _("On site or remote"));
  for (int modality = 0; modality < TR_N_MODALITIES; modality++)
    gtk_string_list_append (choices, tr_modality_label ((TrModality) modality));
  gtk_drop_down_set_model (self->modality_filter, G_LIST_MODEL (choices));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
fill_month_filter (TrOffersPage *self, GHashTable *months)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GHashTableIter iter;
  gpointer month;

  g_ptr_array_set_size (self->months, 0);
  g_hash_table_iter_init (&iter, months);
  while (g_hash_table_iter_next (&iter, &month, NULL))
    g_ptr_array_add (self->months, g_strdup (month));
  g_ptr_array_sort (self->months, compare_strings);
  g_ptr_array_insert (self->months, 0, NULL);

  gtk_string_list_append (choices, _("Any start date"));
  for (guint i = 1; i < self->months->len; i++)
    {
      g_autofree char *name = tr_clock_format_month (g_ptr_array_index (self->months, i));
      /* Translators: a choice of the start-month filter: "Starts in January 2027". */
      g_autofree char *label = g_strdup_printf (_("Starts in %s"), name);

      gtk_string_list_append (choices, label);
    }
  gtk_drop_down_set_model (self->month_filter, G_LIST_MODEL (choices));
}

/* One pass over the offers open to this person gives the tiles' counts and
 * the places and months worth offering as filters. */
static void
collect_choices (TrOffersPage *self, gboolean with_filters)
{
  TrCatalogue *catalogue = get_catalogue (self);
  TrOfferQuery query = TR_OFFER_QUERY_INIT;
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean places[N_ARRONDISSEMENTS + 1] = { FALSE };

  query.profile = &self->profile;
  if (catalogue != NULL)
    tr_catalogue_search (catalogue, &query, open);

  memset (self->counts, 0, sizeof self->counts);
  for (guint i = 0; i < open->len; i++)
    {
      TrOffer *offer = g_ptr_array_index (open, i);
      const TrOfferData *data = tr_offer_get_data (offer);

      self->counts[data->category]++;
      places[tr_offer_get_arrondissement (offer)] = TRUE;
      g_hash_table_add (months, g_strndup (data->start_date, 7));
    }
  self->counts[TR_N_CATEGORIES] = open->len;

  fill_tiles (self);
  if (!with_filters)
    return;
  self->resetting = TRUE;
  fill_place_filter (self, places);
  fill_modality_filter (self);
  fill_month_filter (self, months);
  self->resetting = FALSE;
}

/* The list */

static void
update_count (TrOffersPage *self, guint count)
{
  g_autofree char *text = format_count (count);

  gtk_label_set_label (self->count_label, text);
  tr_stack_show_only (self->results_stack, count > 0 ? "found" : "empty");
}

static guint
selected_place (TrOffersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->place_filter);

  return selected < self->places->len ? g_array_index (self->places, guint, selected) : 0;
}

static const char *
selected_month (TrOffersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->month_filter);

  return selected < self->months->len ? g_ptr_array_index (self->months, selected) : NULL;
}

static int
selected_modality (TrOffersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->modality_filter);

  return selected >= 1 && selected <= TR_N_MODALITIES ? (int) selected - 1 : -1;
}

static double
list_height (TrOffersPage *self)
{
  double height = gtk_adjustment_get_page_size (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->results_view)));

  return height > 0 ? height : TALLEST_LIST;
}

/* Enough rows to fill the list's height from the top, and a little more. */
static guint
rows_on_screen (TrOffersPage *self)
{
  return (guint) (list_height (self) / ROW_MIN_HEIGHT) + 2;
}

/* Rows down to some screens below what is scrolled to: a swipe does not reach
 * the end before the next frames add more. */
static guint
rows_wanted (TrOffersPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->results_view));
  double bottom = gtk_adjustment_get_value (adjustment) + (1 + SCREENS_AHEAD) * list_height (self);

  return MIN ((guint) (bottom / ROW_MIN_HEIGHT) + 2, self->shown->len);
}

/* Slots for the offers shown from @from on, at the end of the view. */
static void
add_slots (TrOffersPage *self, guint from, guint n)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = from; i < from + n; i++)
    g_ptr_array_add (slots, tr_offer_slot_new (g_ptr_array_index (self->shown, i)));
  g_list_store_splice (self->listed, from, 0, slots->pdata, n);
}

/* Adds the next rows to the view, from the frame after the one that shows a
 * search's first rows: that one stays as quick as they allow. */
static gboolean
fill_list (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  TrOffersPage *self = TR_OFFERS_PAGE (data);
  guint listed = g_list_model_get_n_items (G_LIST_MODEL (self->listed));
  guint wanted = rows_wanted (self);

  if (gdk_frame_clock_get_frame_counter (clock) <= self->fill_from_frame + 1)
    return G_SOURCE_CONTINUE;

  if (listed < wanted)
    {
      guint added = MIN (wanted - listed, ROWS_PER_FRAME);

      add_slots (self, listed, added);
      if (listed + added < wanted)
        return G_SOURCE_CONTINUE;
    }
  self->fill_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
start_filling (TrOffersPage *self)
{
  if (self->fill_tick == 0 && g_list_model_get_n_items (G_LIST_MODEL (self->listed)) < rows_wanted (self))
    self->fill_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->results_view), fill_list, self, NULL);
}

static void
stop_filling (TrOffersPage *self)
{
  if (self->fill_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->results_view), self->fill_tick);
  self->fill_tick = 0;
}

/* The view keeps its rows for the offers that stay at the top (@same_start:
 * how many the previous and the new results share) and for the first
 * screen, which its slots show the new offers in; the other rows go, and
 * come back frame after frame. */
static void
list_first_rows (TrOffersPage *self, guint same_start)
{
  guint listed = g_list_model_get_n_items (G_LIST_MODEL (self->listed));
  guint keep = MIN (same_start, listed);
  guint wanted = MIN (self->shown->len, MAX (keep, rows_on_screen (self)));
  guint reused = MIN (listed, wanted);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->results_view));

  for (guint i = keep; i < reused; i++)
    {
      g_autoptr(TrOfferSlot) slot = g_list_model_get_item (G_LIST_MODEL (self->listed), i);

      tr_offer_slot_set_offer (slot, g_ptr_array_index (self->shown, i));
    }
  if (listed > wanted)
    g_list_store_splice (self->listed, wanted, listed - wanted, NULL, 0);
  else if (wanted > listed)
    add_slots (self, listed, wanted - listed);
  self->fill_from_frame = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : 0;
  start_filling (self);
}

/* Replaces the list's offers with those found, announcing only the middle that
 * differs, and gives the view's slots the first ones. */
static void
show_found (TrOffersPage *self)
{
  GPtrArray *old = self->shown;
  guint same_start = 0, same_end = 0;
  guint most = MIN (old->len, self->found->len);

  while (same_start < most &&
         g_ptr_array_index (old, same_start) == g_ptr_array_index (self->found, same_start))
    same_start++;
  while (same_end < most - same_start &&
         g_ptr_array_index (old, old->len - 1 - same_end) ==
         g_ptr_array_index (self->found, self->found->len - 1 - same_end))
    same_end++;
  tr_offer_list_replace (self->results, self->found, same_start, old->len - same_start - same_end,
                         self->found->len - same_start - same_end);

  /* The found array becomes the shown one; the other keeps its room for the
   * next search. */
  self->shown = self->found;
  self->found = old;
  g_ptr_array_set_size (self->found, 0);
  list_first_rows (self, same_start);
}

/* The list's own scrolling: setting its adjustment right after a splice,
 * before the rows are laid out again, makes GTK 4.8 warn and may leave the
 * list scrolled. */
static void
scroll_to_top (TrOffersPage *self)
{
  if (self->shown->len > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", 0);
}

/* A keystroke's whole cost: one pass of the catalogue's prepared search and
 * one splice of what changed. GTK 4.8's list view builds a new row for each
 * added offer among the ~200 it keeps around the top, and that is most of it. */
static void
refresh_results (TrOffersPage *self)
{
  TrCatalogue *catalogue = get_catalogue (self);
  TrOfferQuery query = TR_OFFER_QUERY_INIT;
  guint count;

  g_free (self->searched_text);
  self->searched_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query.text = self->searched_text;
  query.category = self->category;
  query.arrondissement = selected_place (self);
  query.modality = selected_modality (self);
  query.start_month = selected_month (self);
  query.profile = &self->profile;

  if (catalogue != NULL)
    tr_catalogue_search (catalogue, &query, self->found);
  count = self->found->len;
  show_found (self);
  update_count (self, count);
  scroll_to_top (self);
}

static void
on_search_changed (TrOffersPage *self)
{
  /* The entry's delayed signal after a search already made for this text. */
  if (self->resetting ||
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), self->searched_text) == 0)
    return;
  refresh_results (self);
}

static void
on_filter_changed (TrOffersPage *self)
{
  if (!self->resetting)
    refresh_results (self);
}

static void
on_search_activate (TrOffersPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->results_view));
}

static void
clear_query (TrOffersPage *self)
{
  self->resetting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->place_filter, 0);
  gtk_drop_down_set_selected (self->modality_filter, 0);
  gtk_drop_down_set_selected (self->month_filter, 0);
  self->resetting = FALSE;
  refresh_results (self);
}

static void
prepare_list (TrOffersPage *self, int category)
{
  self->category = category >= 0 && category < TR_N_CATEGORIES ? category : ANY_CATEGORY;
  gtk_label_set_label (self->category_title, category_name (self->category));
  clear_query (self);
  self->list_ready = TRUE;
}

/* The rows */

static void
on_row_clicked (TrOfferRow *row, TrOffersPage *self)
{
  TrOffer *offer = tr_offer_row_get_offer (row);

  if (offer != NULL)
    tr_offers_page_show_offer (self, offer);
}

static void
on_slot_changed (TrOfferSlot *slot, GParamSpec *pspec, TrOfferRow *row)
{
  tr_offer_row_set_offer (row, tr_offer_slot_get_offer (slot));
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, TrOffersPage *self)
{
  GtkWidget *row = tr_offer_row_new ();

  g_signal_connect (row, "clicked", G_CALLBACK (on_row_clicked), self);
  gtk_list_item_set_child (item, row);
}

/* The row follows its slot's offer. Unbinding leaves it the offer: GTK 4.8
 * unbinds and binds a row again whenever its slot moves in the list, and a
 * row that still has the offer then costs nothing. */
static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, TrOffersPage *self)
{
  TrOfferSlot *slot = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  tr_offer_row_set_offer (TR_OFFER_ROW (row), tr_offer_slot_get_offer (slot));
  g_signal_connect_object (slot, "notify::offer", G_CALLBACK (on_slot_changed), row, 0);
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *item, TrOffersPage *self)
{
  TrOfferSlot *slot = gtk_list_item_get_item (item);

  if (slot != NULL)
    g_signal_handlers_disconnect_by_func (slot, on_slot_changed, gtk_list_item_get_child (item));
}

static void
on_results_activate (GtkListView *view, guint position, TrOffersPage *self)
{
  g_autoptr(TrOffer) offer = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (offer != NULL)
    tr_offers_page_show_offer (self, offer);
}

/* The detail */

static char *
format_address (const TrOfferData *data, guint arrondissement)
{
  if (arrondissement == 0)
    return g_strdup_printf ("%s, %s", data->address, data->postcode);
  /* Translators: a street address in Paris, then its postcode: "3 avenue Daumesnil, 75012 Paris". */
  return g_strdup_printf (C_("address", "%s, %s Paris"), data->address, data->postcode);
}

static char *
format_dates (const TrOfferData *data)
{
  g_autofree char *start = tr_clock_format_date (data->start_date);
  g_autofree char *end = tr_clock_format_date (data->end_date);

  /* Translators: when a training takes place: "From 20 December 2027 to 24 March 2028". */
  return g_strdup_printf (_("From %s to %s"), start, end);
}

static void
fill_detail (TrOffersPage *self, TrOffer *offer)
{
  const TrOfferData *data = tr_offer_get_data (offer);
  guint seats_left = tr_offer_get_seats_left (offer);
  g_autofree char *seats = tr_offer_row_format_seats (seats_left);
  g_autofree char *address = format_address (data, tr_offer_get_arrondissement (offer));
  g_autofree char *dates = format_dates (data);
  g_autofree char *hours = g_strdup_printf (ngettext ("%u hour", "%u hours", data->hours), data->hours);
  const char *info_session = data->info_session != NULL && *data->info_session != '\0'
                             ? data->info_session : _("None planned: the training centre will call you.");

  gtk_label_set_label (self->detail_category, tr_category_label (data->category));
  gtk_label_set_label (self->detail_title, data->title);
  gtk_label_set_label (self->detail_provider, data->provider);
  gtk_label_set_label (self->detail_seats, seats);
  if (seats_left == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_seats), "full");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_seats), "full");
  gtk_widget_set_visible (self->detail_waiting, seats_left == 0);
  gtk_label_set_label (self->detail_address, address);
  gtk_label_set_label (self->detail_dates, dates);
  gtk_label_set_label (self->detail_hours, hours);
  gtk_label_set_label (self->detail_modality, tr_modality_label (data->modality));
  gtk_label_set_label (self->detail_audience, tr_audience_label (data->audience));
  gtk_label_set_label (self->detail_level, tr_level_label (data->min_level));
  gtk_label_set_label (self->detail_info_session, info_session);
  gtk_label_set_label (self->detail_description, data->description);
}

/* Actions */

static void
choose_offer (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrOffersPage *self = TR_OFFERS_PAGE (widget);

  if (self->shown_offer == NULL)
    return;
  tr_session_set_offer (tr_page_get_session (TR_PAGE (self)), self->shown_offer);
  /* Complete first: the window enables walk.next from it. */
  tr_page_set_complete (TR_PAGE (self), TRUE);
  gtk_widget_activate_action (widget, "walk.next", NULL);
}

static void
back_to_list (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrOffersPage *self = TR_OFFERS_PAGE (widget);

  g_clear_object (&self->shown_offer);
  tr_stack_show_only (self->views, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->results_view));
}

static void
back_to_categories (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrOffersPage *self = TR_OFFERS_PAGE (widget);
  GtkWidget *all = adw_bin_get_child (self->all_tile_slot);

  g_clear_object (&self->shown_offer);
  tr_stack_show_only (self->views, "categories");
  if (all != NULL)
    gtk_widget_grab_focus (all);
}

static void
clear_search (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  clear_query (TR_OFFERS_PAGE (widget));
}

/* The page */

/* @offer as the catalogue has it now: seats left may have changed since. */
static TrOffer *
current_version (TrOffersPage *self, TrOffer *offer)
{
  TrCatalogue *catalogue = get_catalogue (self);
  TrOffer *current;

  if (offer == NULL || catalogue == NULL)
    return offer;
  current = tr_catalogue_lookup (catalogue, tr_offer_get_id (offer));
  return current != NULL ? current : offer;
}

/* Reads the profile, and when it changed, what is open to it. */
static gboolean
ensure_profile (TrOffersPage *self)
{
  gboolean changed = update_profile (self);

  collect_choices (self, changed);
  return changed;
}

static void
tr_offers_page_shown (TrPage *page)
{
  TrOffersPage *self = TR_OFFERS_PAGE (page);
  gboolean profile_changed;
  TrOffer *chosen;

  /* Seats left change as other people register, here and at other kiosks. */
  tr_kiosk_reload_catalogue (tr_page_get_kiosk (page));
  profile_changed = ensure_profile (self);

  chosen = current_version (self, tr_session_get_offer (tr_page_get_session (page)));
  tr_page_set_complete (page, chosen != NULL);
  if (chosen != NULL)
    {
      if (profile_changed || !self->list_ready)
        prepare_list (self, tr_offer_get_data (chosen)->category);
      else
        refresh_results (self);
      tr_offers_page_show_offer (self, chosen);
      return;
    }

  if (profile_changed || !self->list_ready)
    {
      if (self->list_ready)
        prepare_list (self, self->category);
      tr_stack_show_only (self->views, "categories");
      g_clear_object (&self->shown_offer);
      return;
    }
  refresh_results (self);
  if (self->shown_offer != NULL)
    tr_offers_page_show_offer (self, current_version (self, self->shown_offer));
}

/* Back walks the page's own views first: detail, then list, then tiles. */
static gboolean
tr_offers_page_go_back (TrPage *page)
{
  TrOffersPage *self = TR_OFFERS_PAGE (page);
  const char *view = gtk_stack_get_visible_child_name (self->views);

  if (g_strcmp0 (view, "detail") == 0)
    back_to_list (GTK_WIDGET (self), NULL, NULL);
  else if (g_strcmp0 (view, "list") == 0)
    back_to_categories (GTK_WIDGET (self), NULL, NULL);
  else
    return FALSE;
  return TRUE;
}

static gboolean
tr_offers_page_apply (TrPage *page)
{
  return tr_session_get_offer (tr_page_get_session (page)) != NULL;
}

static void
tr_offers_page_dispose (GObject *object)
{
  TrOffersPage *self = TR_OFFERS_PAGE (object);

  stop_filling (self);
  if (self->results_scroller != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->results_scroller), self);
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_OFFERS_PAGE);
  g_clear_object (&self->shown_offer);
  g_clear_object (&self->results);
  g_clear_object (&self->listed);
  G_OBJECT_CLASS (tr_offers_page_parent_class)->dispose (object);
}

static void
tr_offers_page_finalize (GObject *object)
{
  TrOffersPage *self = TR_OFFERS_PAGE (object);

  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->found);
  g_array_unref (self->places);
  g_ptr_array_unref (self->months);
  g_free (self->searched_text);
  g_free (self->gender);
  G_OBJECT_CLASS (tr_offers_page_parent_class)->finalize (object);
}

static void
tr_offers_page_class_init (TrOffersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_offers_page_dispose;
  object_class->finalize = tr_offers_page_finalize;
  TR_PAGE_CLASS (klass)->shown = tr_offers_page_shown;
  TR_PAGE_CLASS (klass)->apply = tr_offers_page_apply;
  TR_PAGE_CLASS (klass)->go_back = tr_offers_page_go_back;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-offers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, all_tile_slot);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, tiles);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, categories_button);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, category_title);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, place_filter);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, modality_filter);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, month_filter);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_category);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_provider);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_seats);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_waiting);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_address);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_dates);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_hours);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_modality);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_audience);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_level);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_info_session);
  gtk_widget_class_bind_template_child (widget_class, TrOffersPage, detail_description);

  gtk_widget_class_install_action (widget_class, "offers.choose", NULL, choose_offer);
  gtk_widget_class_install_action (widget_class, "offers.back-to-list", NULL, back_to_list);
  gtk_widget_class_install_action (widget_class, "offers.categories", NULL, back_to_categories);
  gtk_widget_class_install_action (widget_class, "offers.clear", NULL, clear_search);
}

static void
tr_offers_page_init (TrOffersPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child, not a bound one: the bin unparents it, and
   * disposing the template must not do it first. */
  self->views = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  tr_page_set_next_label (TR_PAGE (self), NULL);
  tr_page_set_complete (TR_PAGE (self), FALSE);

  self->category = ANY_CATEGORY;
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->found = g_ptr_array_new_with_free_func (g_object_unref);
  self->places = g_array_new (FALSE, FALSE, sizeof (guint));
  self->months = g_ptr_array_new_with_free_func (g_free);
  self->results = tr_offer_list_new ();
  self->listed = g_list_store_new (TR_TYPE_OFFER_SLOT);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->listed)));
  gtk_list_view_set_factory (self->results_view, factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_object_unref (factory);
  g_signal_connect (self->results_view, "activate", G_CALLBACK (on_results_activate), self);
  /* Scrolled, or a taller window: rows are wanted further down. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->results_scroller);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (start_filling), self);
  g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (start_filling), self);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->place_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->modality_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->month_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
}

/* Public */

void
tr_offers_page_show_category (TrOffersPage *self,
                              int           category)
{
  g_return_if_fail (TR_IS_OFFERS_PAGE (self));

  if (!self->has_profile)
    ensure_profile (self);
  prepare_list (self, category);
  g_clear_object (&self->shown_offer);
  tr_stack_show_only (self->views, "list");
  /* Not the search entry: on a touch screen it would raise the on-screen
   * keyboard over the list. */
  gtk_widget_grab_focus (self->categories_button);
}

void
tr_offers_page_search (TrOffersPage *self,
                       const char   *text)
{
  g_return_if_fail (TR_IS_OFFERS_PAGE (self));

  self->resetting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  self->resetting = FALSE;
  refresh_results (self);
}

static gboolean
find_place (TrOffersPage *self, guint arrondissement, guint *position)
{
  for (guint i = 0; i < self->places->len; i++)
    if (g_array_index (self->places, guint, i) == arrondissement)
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
find_month (TrOffersPage *self, const char *month, guint *position)
{
  for (guint i = 0; i < self->months->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->months, i), month) == 0)
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
tr_offers_page_filter (TrOffersPage *self,
                       guint         arrondissement,
                       int           modality,
                       const char   *start_month)
{
  guint place_position, month_position;

  g_return_val_if_fail (TR_IS_OFFERS_PAGE (self), FALSE);

  if (!find_place (self, arrondissement, &place_position) ||
      !find_month (self, start_month, &month_position) ||
      modality < -1 || modality >= TR_N_MODALITIES)
    return FALSE;
  self->resetting = TRUE;
  gtk_drop_down_set_selected (self->place_filter, place_position);
  gtk_drop_down_set_selected (self->modality_filter, (guint) (modality + 1));
  gtk_drop_down_set_selected (self->month_filter, month_position);
  self->resetting = FALSE;
  refresh_results (self);
  return TRUE;
}

GListModel *
tr_offers_page_get_results (TrOffersPage *self)
{
  g_return_val_if_fail (TR_IS_OFFERS_PAGE (self), NULL);
  return G_LIST_MODEL (self->results);
}

void
tr_offers_page_show_offer (TrOffersPage *self,
                           TrOffer      *offer)
{
  g_return_if_fail (TR_IS_OFFERS_PAGE (self));
  g_return_if_fail (TR_IS_OFFER (offer));

  g_set_object (&self->shown_offer, offer);
  fill_detail (self, offer);
  tr_stack_show_only (self->views, "detail");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), 0);
  gtk_widget_grab_focus (self->choose_button);
}

TrOffer *
tr_offers_page_get_shown_offer (TrOffersPage *self)
{
  g_return_val_if_fail (TR_IS_OFFERS_PAGE (self), NULL);
  return self->shown_offer;
}

guint
tr_offers_page_get_count (TrOffersPage *self,
                          int           category)
{
  g_return_val_if_fail (TR_IS_OFFERS_PAGE (self), 0);

  if (category >= 0 && category < TR_N_CATEGORIES)
    return self->counts[category];
  return self->counts[TR_N_CATEGORIES];
}

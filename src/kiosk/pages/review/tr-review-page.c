/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-review-page.c — "Check and confirm": everything on one screen, then the commit. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-offer-row.h"
#include "tr-hub.h"
#include "tr-review-page.h"
#include "tr-text.h"

struct _TrReviewPage
{
  TrPage      parent_instance;

  GtkWidget  *full_box;
  GtkLabel   *full_title;
  GtkLabel   *full_message;
  GtkWidget  *waiting_list_button;
  GtkWidget  *other_offer_button;
  GtkLabel   *problem_label;
  GtkGrid    *offer_grid;
  GtkGrid    *details_grid;
  GtkGrid    *answers_grid;
  GtkWidget  *change_offer_button;
  GtkWidget  *change_details_button;
  GtkWidget  *change_answers_button;

  /* The person chose the waiting list after being told the offer is full. */
  gboolean    accept_waiting_list;
  /* With a hub: the empty lease was refilled on the spot (or the hub did
   * not answer in time), once per confirmation. */
  GCancellable *refill;
  gboolean      refilled;
  gboolean      hub_unreachable;
};

G_DEFINE_FINAL_TYPE (TrReviewPage, tr_review_page, TR_TYPE_PAGE)

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
new_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* One "what: value" pair, @pairs of them a row; the value follows its name
 * for a screen reader too. */
static void
add_row (GtkGrid *grid, guint pairs, const char *name, const char *value)
{
  guint index = 0;
  GtkWidget *name_label = new_label (name, "review-name");
  GtkWidget *value_label = new_label (value != NULL && *value != '\0' ? value : _("not given"),
                                      "review-value");

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (grid));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    index++;
  index /= 2;
  gtk_widget_set_valign (name_label, GTK_ALIGN_START);
  /* Short names keep to one line; a question's text wraps. */
  gtk_label_set_wrap (GTK_LABEL (name_label), g_utf8_strlen (name, -1) > 30);
  gtk_widget_set_valign (value_label, GTK_ALIGN_START);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (grid, name_label, (int) (index % pairs) * 2, (int) (index / pairs), 1, 1);
  gtk_grid_attach (grid, value_label, (int) (index % pairs) * 2 + 1, (int) (index / pairs), 1, 1);
}

static char *
answer_for_people (const TrQuestion *question, const char *answer, const char *lang)
{
  switch (tr_question_get_kind (question))
    {
    case TR_QUESTION_CHOICE:
      return tr_question_get_answer_label (question, answer, lang);
    case TR_QUESTION_DATE:
      return tr_clock_date_for_people (answer);
    case TR_QUESTION_POSTCODE:
    case TR_QUESTION_NUMBER:
    default:
      return g_strdup (answer);
    }
}

/* The questions the walk asked, in order, with what the person answered. */
static void
fill_answers (TrReviewPage *self)
{
  TrPage *page = TR_PAGE (self);
  TrRules *rules = tr_kiosk_get_rules (tr_page_get_kiosk (page));
  GHashTable *answers = tr_session_get_answers (tr_page_get_session (page));
  const char *lang = tr_page_get_language (page);
  GDate today;

  clear_grid (self->answers_grid);
  if (rules == NULL)
    return;
  tr_clock_today (&today);
  for (int i = tr_rules_next_question (rules, answers, -1, &today);
       i >= 0;
       i = tr_rules_next_question (rules, answers, i, &today))
    {
      const TrQuestion *question = tr_rules_get_question (rules, (guint) i);
      const char *answer = g_hash_table_lookup (answers, tr_question_get_id (question));
      g_autofree char *text = NULL;
      g_autofree char *label = NULL;

      if (answer == NULL)
        continue;
      text = tr_question_get_text (question, lang);
      label = answer_for_people (question, answer, lang);
      add_row (self->answers_grid, 1, text, label);
    }
}

static void
fill_offer (TrReviewPage *self)
{
  TrOffer *offer = tr_session_get_offer (tr_page_get_session (TR_PAGE (self)));
  const TrOfferData *data;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *address = NULL;

  clear_grid (self->offer_grid);
  if (offer == NULL)
    {
      add_row (self->offer_grid, 1, _("Training"), _("No training chosen yet"));
      return;
    }
  data = tr_offer_get_data (offer);
  /* In words, in the walk-in's language, as on the offer they chose. */
  start = tr_clock_format_date (data->start_date);
  end = tr_clock_format_date (data->end_date);
  /* TRANSLATORS: the dates of a training, then its length in hours. */
  dates = g_strdup_printf (ngettext ("From %s to %s (%u hour)", "From %s to %s (%u hours)", data->hours),
                           start, end, data->hours);
  address = g_strdup_printf ("%s, %s", data->address, data->postcode);
  add_row (self->offer_grid, 1, _("Training"), data->title);
  add_row (self->offer_grid, 1, _("Given by"), data->provider);
  add_row (self->offer_grid, 1, _("Address"), address);
  add_row (self->offer_grid, 1, _("Dates"), dates);
  add_row (self->offer_grid, 1, _("Where it happens"), tr_modality_label (data->modality));
  add_row (self->offer_grid, 1, _("Information session"), data->info_session);
}

/* The details take two pairs a row where the screen is wide enough, so that
 * the training and the details show at once without scrolling. */
static guint
detail_pairs_per_row (TrReviewPage *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  int width = root != NULL ? gtk_widget_get_width (root) : 0;

  return width > 0 && width < 1000 ? 1 : 2;
}

static void
fill_details (TrReviewPage *self)
{
  TrSession *session = tr_page_get_session (TR_PAGE (self));
  g_autoptr(TrPerson) person = NULL;
  g_autoptr(TrWipedText) name = NULL;
  g_autoptr(TrWipedText) birth = NULL;
  g_autoptr(TrWipedText) phone = NULL;
  guint pairs = detail_pairs_per_row (self);
  GDate today;

  clear_grid (self->details_grid);
  tr_clock_today (&today);
  /* The details page let the person through only with every field right. */
  person = tr_session_build_person (session, &today, NULL, NULL);
  if (person == NULL)
    {
      add_row (self->details_grid, 1, _("Details"), _("Some details are missing or wrong"));
      return;
    }
  name = g_strdup_printf ("%s %s", person->values[TR_FIELD_FIRST_NAME], person->values[TR_FIELD_LAST_NAME]);
  birth = tr_clock_date_for_people (person->values[TR_FIELD_BIRTH_DATE]);
  phone = tr_phone_to_national (person->values[TR_FIELD_PHONE]);
  add_row (self->details_grid, pairs, _("Name"), name);
  add_row (self->details_grid, pairs, _("Date of birth"), birth);
  add_row (self->details_grid, pairs, _("Phone number"), phone);
  add_row (self->details_grid, pairs, _("Email address"), person->values[TR_FIELD_EMAIL]);
  add_row (self->details_grid, pairs, _("Postcode"), person->values[TR_FIELD_POSTCODE]);
  add_row (self->details_grid, pairs, _("Pôle emploi identifier"), person->values[TR_FIELD_POLE_EMPLOI_ID]);
}

static void
scroll_to_top (TrReviewPage *self)
{
  /* The template's top widget is not bound: AdwBin owns it as its child. */
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
show_problem (TrReviewPage *self, const char *message)
{
  gtk_label_set_label (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
  if (message != NULL)
    scroll_to_top (self);
}

/* Told before the commit, in the page: the person decides. */
static void
offer_full_choice (TrReviewPage *self)
{
  show_problem (self, NULL);
  /* Out of the hub's reach, the kiosk cannot know whether the training is
   * full: it says so rather than that someone took the last seat. */
  gtk_label_set_label (self->full_title, self->hub_unreachable ? _("No seat can be confirmed right now")
                                                                : _("This training has just filled up"));
  gtk_label_set_label (self->full_message,
                       self->hub_unreachable
                       ? _("This kiosk cannot reach the programme's office to check the seats left. You can join the "
                           "waiting list: the office will call you if a seat is free. Or you can choose another training.")
                       : _("While you were answering, someone else took the last seat. You can join its waiting list: "
                           "if a seat frees up, you will be called. Or you can choose another training."));
  self->accept_waiting_list = FALSE;
  gtk_widget_set_visible (self->full_box, TRUE);
  tr_page_set_next_label (TR_PAGE (self), NULL);
  scroll_to_top (self);
  gtk_widget_grab_focus (self->waiting_list_button);
}

static void
on_waiting_list_clicked (TrReviewPage *self)
{
  self->accept_waiting_list = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self), "walk.next", NULL);
}

static void
on_other_offer_clicked (TrReviewPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "walk.go-to", "s", "offers");
}

static void
on_change_offer_clicked (TrReviewPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "walk.go-to", "s", "offers");
}

static void
on_change_details_clicked (TrReviewPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "walk.go-to", "s", "details");
}

static void
on_change_answers_clicked (TrReviewPage *self)
{
  TrPage *page = TR_PAGE (self);
  TrRules *rules = tr_kiosk_get_rules (tr_page_get_kiosk (page));
  g_autofree char *name = NULL;
  GDate today;
  int first;

  tr_clock_today (&today);
  first = rules != NULL ? tr_rules_next_question (rules, tr_session_get_answers (tr_page_get_session (page)),
                                                  -1, &today)
                        : -1;
  if (first < 0)
    return;
  name = g_strdup_printf ("question-%s", tr_question_get_id (tr_rules_get_question (rules, (guint) first)));
  gtk_widget_activate_action (GTK_WIDGET (self), "walk.go-to", "s", name);
}

static void
tr_review_page_shown (TrPage *page)
{
  TrReviewPage *self = TR_REVIEW_PAGE (page);

  self->accept_waiting_list = FALSE;
  self->refilled = FALSE;
  self->hub_unreachable = FALSE;
  gtk_widget_set_visible (self->full_box, FALSE);
  show_problem (self, NULL);
  tr_page_set_next_label (page, _("Confirm my registration"));
  fill_offer (self);
  fill_details (self);
  fill_answers (self);
  scroll_to_top (self);
  /* While the person reads, the costly half of sealing their details is
   * done, so that Confirm waits only for the database. */
  if (tr_kiosk_get_store (tr_page_get_kiosk (page)) != NULL)
    tr_store_prepare_sealing (tr_kiosk_get_store (tr_page_get_kiosk (page)));
}

/* Whether the offer still has a seat; FALSE with @error when the database
 * cannot say. */
/* With a hub, the seats this kiosk may give are those the hub leased to
 * it, not the offer's own count. */
static gboolean
lease_has_seat (TrStore *store, const char *offer_id, gboolean *has_seat, GError **error)
{
  g_autoptr(GPtrArray) leases = tr_store_get_leases (store, error);
  g_autoptr(GDateTime) now = tr_clock_now ();

  if (leases == NULL)
    return FALSE;
  *has_seat = FALSE;
  for (guint i = 0; i < leases->len; i++)
    {
      TrLease *lease = g_ptr_array_index (leases, i);

      if (g_strcmp0 (lease->offer_id, offer_id) == 0)
        *has_seat = lease->held > 0 && lease->expires_at > g_date_time_to_unix (now);
    }
  return TRUE;
}

static gboolean
offer_has_seat (TrReviewPage *self, TrStore *store, gboolean *has_seat, GError **error)
{
  TrOffer *offer = tr_session_get_offer (tr_page_get_session (TR_PAGE (self)));
  int seats_left;

  if (tr_store_get_seat_leases (store))
    return lease_has_seat (store, tr_offer_get_id (offer), has_seat, error);
  seats_left = tr_store_get_seats_left (store, tr_offer_get_id (offer), error);
  if (seats_left < 0)
    return FALSE;
  *has_seat = seats_left > 0;
  return TRUE;
}

static void
on_refilled (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TrReviewPage) self = data;
  g_autoptr(GError) error = NULL;
  guint held = 0;

  if (!tr_sync_refill_finish (TR_SYNC (source), result, &held, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->refill);
  /* Whatever the hub answered is in the lease now: confirm again, which
   * registers on a seat or offers the waiting list. */
  self->refilled = TRUE;
  self->hub_unreachable = error != NULL && g_error_matches (error, TR_HUB_ERROR, TR_HUB_ERROR_UNREACHABLE);
  if (error != NULL)
    g_message ("No seat could be asked of the hub before confirming: %s", error->message);
  tr_page_set_complete (TR_PAGE (self), TRUE);
  /* Not if the person went back meanwhile: Next would act on that page. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "walk.next", NULL);
}

/* The kiosk's lease for the offer is spent: the hub, when it answers within
 * a couple of seconds, may lease it another seat before anyone is told the
 * training is full. Confirm waits, disabled, in the meantime. */
static void
refill_then_confirm (TrReviewPage *self, TrSync *sync)
{
  TrOffer *offer = tr_session_get_offer (tr_page_get_session (TR_PAGE (self)));

  self->refill = g_cancellable_new ();
  tr_page_set_complete (TR_PAGE (self), FALSE);
  tr_sync_refill_async (sync, tr_offer_get_id (offer), self->refill, on_refilled, g_object_ref (self));
}

static void
explain_failure (TrReviewPage *self, const GError *error)
{
  if (g_error_matches (error, TR_ERROR, TR_ERROR_FULL))
    {
      offer_full_choice (self);
      return;
    }
  /* The receipt is a promise: without a stored registration there is none,
   * and the walk-in needs a person, not SQLite's words. A refused answer or
   * detail may quote what the person typed: the log never holds it. */
  if (g_error_matches (error, TR_ERROR, TR_ERROR_INVALID) || g_error_matches (error, TR_ERROR, TR_ERROR_PARSE))
    g_message ("The registration was not stored: an answer or a personal detail was refused");
  else
    g_message ("The registration was not stored: %s", error->message);
  if (g_error_matches (error, TR_ERROR, TR_ERROR_STORAGE) || error->domain != TR_ERROR)
    show_problem (self, _("Your registration could not be saved. Please ask a member of staff."));
  else if (g_error_matches (error, TR_ERROR, TR_ERROR_NOT_FOUND))
    show_problem (self, _("This training is no longer offered. Please touch “Change” next to your training "
                          "to choose another one."));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Your registration could not be saved: %s. "
                                                 "Please correct it, or ask a member of staff."),
                                               error->message);
      show_problem (self, text);
    }
}

/* Staff learn of the registration by its training and seats left: nothing
 * that names the person. */
static void
notify_registration (TrReviewPage *self, TrStore *store)
{
  TrKiosk *kiosk = tr_page_get_kiosk (TR_PAGE (self));
  TrOffer *offer = tr_session_get_offer (tr_page_get_session (TR_PAGE (self)));
  TrNotifier *notifier = tr_kiosk_get_notifier (kiosk);
  const char *title = tr_offer_get_data (offer)->title;
  g_autoptr(GError) error = NULL;
  int seats_left;

  if (!tr_notifier_is_available (notifier))
    return;
  seats_left = tr_store_get_seats_left (store, tr_offer_get_id (offer), &error);
  if (seats_left < 0)
    {
      /* The registration is stored; only the count is unknown. */
      g_message ("Cannot count the seats left after a registration: %s", error->message);
      return;
    }
  tr_notifier_registration_completed (notifier, title, seats_left);
  /* A waiting-list registration finds the offer already full. */
  if (seats_left == 0 && !self->accept_waiting_list)
    tr_notifier_offer_full (notifier, title);
}

static gboolean
tr_review_page_apply (TrPage *page)
{
  TrReviewPage *self = TR_REVIEW_PAGE (page);
  TrKiosk *kiosk = tr_page_get_kiosk (page);
  TrSession *session = tr_page_get_session (page);
  TrStore *store = tr_kiosk_get_store (kiosk);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  gboolean has_seat = TRUE;

  if (tr_session_get_registration (session) != NULL)
    return TRUE;
  if (store == NULL || tr_session_get_offer (session) == NULL)
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_STORAGE, "The kiosk has no database, or no offer is chosen");
      explain_failure (self, error);
      return FALSE;
    }
  if (!self->accept_waiting_list)
    {
      if (!offer_has_seat (self, store, &has_seat, &error))
        {
          explain_failure (self, error);
          return FALSE;
        }
      if (!has_seat && tr_kiosk_get_sync (kiosk) != NULL && !self->refilled)
        {
          if (self->refill == NULL)
            refill_then_confirm (self, tr_kiosk_get_sync (kiosk));
          return FALSE;
        }
      self->refilled = FALSE;
      if (!has_seat)
        {
          offer_full_choice (self);
          return FALSE;
        }
    }

  now = tr_clock_now ();
  if (tr_session_commit (session, store, tr_kiosk_get_rules (kiosk), tr_kiosk_get_keys (kiosk),
                         now, self->accept_waiting_list, &error) == NULL)
    {
      if (g_error_matches (error, TR_ERROR, TR_ERROR_STORAGE))
        tr_kiosk_report_storage_failure (kiosk, error);
      explain_failure (self, error);
      return FALSE;
    }
  notify_registration (self, store);
  if (tr_kiosk_get_sync (kiosk) != NULL)
    tr_sync_wake (tr_kiosk_get_sync (kiosk));
  /* The next walk-in should see this seat gone. */
  tr_kiosk_reload_catalogue (kiosk);
  return TRUE;
}

/* The choice when the training is full; otherwise the window's Next button
 * ("Confirm") takes the focus, so that Enter confirms. */
static gboolean
tr_review_page_focus_first (TrPage *page)
{
  TrReviewPage *self = TR_REVIEW_PAGE (page);

  if (gtk_widget_get_visible (self->full_box))
    return gtk_widget_grab_focus (self->waiting_list_button);
  return FALSE;
}

static void
tr_review_page_dispose (GObject *object)
{
  TrReviewPage *self = TR_REVIEW_PAGE (object);

  /* The labels' copies of the details go now, not whenever the grid is
   * freed (GTK frees a label's text without overwriting it). */
  if (self->details_grid != NULL)
    clear_grid (self->details_grid);
  if (self->refill != NULL)
    g_cancellable_cancel (self->refill);
  g_clear_object (&self->refill);
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_REVIEW_PAGE);
  G_OBJECT_CLASS (tr_review_page_parent_class)->dispose (object);
}

static void
tr_review_page_class_init (TrReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_review_page_dispose;
  TR_PAGE_CLASS (klass)->focus_first = tr_review_page_focus_first;
  TR_PAGE_CLASS (klass)->shown = tr_review_page_shown;
  TR_PAGE_CLASS (klass)->apply = tr_review_page_apply;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, full_box);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, full_title);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, full_message);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, waiting_list_button);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, other_offer_button);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, offer_grid);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, details_grid);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, answers_grid);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, change_offer_button);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, change_details_button);
  gtk_widget_class_bind_template_child (widget_class, TrReviewPage, change_answers_button);
}

static void
tr_review_page_init (TrReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->waiting_list_button, "clicked", G_CALLBACK (on_waiting_list_clicked), self);
  g_signal_connect_swapped (self->other_offer_button, "clicked", G_CALLBACK (on_other_offer_clicked), self);
  g_signal_connect_swapped (self->change_offer_button, "clicked", G_CALLBACK (on_change_offer_clicked), self);
  g_signal_connect_swapped (self->change_details_button, "clicked", G_CALLBACK (on_change_details_clicked), self);
  g_signal_connect_swapped (self->change_answers_button, "clicked", G_CALLBACK (on_change_answers_clicked), self);
  tr_page_set_next_label (TR_PAGE (self), _("Confirm my registration"));
  tr_page_enter_goes_next (TR_PAGE (self));
}

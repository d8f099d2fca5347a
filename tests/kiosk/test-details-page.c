/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end of the walk: the details form with its errors next to each field,
 * the review and its commit (a full training, a locked database), and the
 * receipt with a QR code that reads back. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-details-page.h"
#include "tr-error.h"
#include "tr-kiosk.h"
#include "tr-qr-view.h"
#include "tr-window.h"
#include "kiosk-fixture.h"

typedef struct {
  char     *dir;
  TrKiosk  *kiosk;
  TrWindow *window;
  TrOffer  *offer;
} Fixture;

static TrSession *
session_of (Fixture *f)
{
  return tr_window_get_session (f->window);
}

static const char *
page_name (Fixture *f)
{
  return tr_page_get_name (tr_window_get_page (f->window));
}

/* A walk-in who has answered (conditional: not registered with Pôle emploi)
 * and chosen an offer. */
static void
answer_and_choose (Fixture *f)
{
  TrSession *session = session_of (f);
  g_autoptr(GDateTime) now = tr_clock_now ();
  GDate today;

  tr_clock_local_gdate (now, &today);
  tr_session_set_answer (session, "birth_date", "1990-03-14");
  tr_session_set_answer (session, "postcode", "75018");
  tr_session_set_answer (session, "qpv", "yes");
  tr_session_set_answer (session, "job_status", "not_registered");
  tr_session_set_answer (session, "diploma", "bac");
  tr_session_set_answer (session, "gender", "woman");
  tr_session_set_answer (session, "in_training", "no");
  tr_session_set_verdict (session, tr_rules_decide (tr_kiosk_get_rules (f->kiosk),
                                                    tr_session_get_answers (session), &today, NULL));
  f->offer = kiosk_test_find_offer (f->kiosk, session_of (f));
  tr_session_set_offer (session, f->offer);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  TrConfig *config;

  f->dir = g_dir_make_tmp ("tremplin-details-XXXXXX", NULL);
  config = kiosk_test_config (f->dir, "en");
  f->kiosk = tr_kiosk_new (config);
  g_assert_false (tr_kiosk_is_faulty (f->kiosk));
  f->window = tr_window_new (NULL, f->kiosk, FALSE);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_spin ();
  answer_and_choose (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->offer);
  kiosk_test_close (f->window, &f->kiosk, &f->dir);
}

static void
go_to (Fixture *f, const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "walk.go-to", "s", name));
  kiosk_test_spin ();
  g_assert_cmpstr (page_name (f), ==, name);
}

static void
next (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "walk.next", NULL));
  kiosk_test_spin ();
}

static TrDetailsPage *
details_page (Fixture *f)
{
  go_to (f, "details");
  return TR_DETAILS_PAGE (tr_window_get_page (f->window));
}

static void
type (TrDetailsPage *page, TrField field, const char *text)
{
  gtk_editable_set_text (tr_details_page_get_entry (page, field), text);
  kiosk_test_spin ();
}

/* Enter in a field checks it, as leaving it does. */
static void
press_enter (TrDetailsPage *page, TrField field)
{
  g_signal_emit_by_name (tr_details_page_get_entry (page, field), "activate");
  kiosk_test_spin ();
}

static const char *
error_of (TrDetailsPage *page, TrField field)
{
  GtkLabel *label = tr_details_page_get_error_label (page, field);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : NULL;
}

static char *
expected_error (TrField field, const char *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *value = NULL;
  GDate today;

  tr_clock_local_gdate (now, &today);
  value = tr_person_check_field (field, input, &today, &error);
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

static void
fill_good_details (TrDetailsPage *page)
{
  type (page, TR_FIELD_FIRST_NAME, "Marie");
  type (page, TR_FIELD_LAST_NAME, "Dupont-Lefèvre");
  type (page, TR_FIELD_PHONE, "06 12 34 56 78");
  type (page, TR_FIELD_EMAIL, "");
  type (page, TR_FIELD_POLE_EMPLOI_ID, "");
}

static void
test_prefilled_from_answers (Fixture *f, gconstpointer data)
{
  TrDetailsPage *page = details_page (f);

  g_assert_cmpstr (gtk_editable_get_text (tr_details_page_get_entry (page, TR_FIELD_BIRTH_DATE)), ==, "14/03/1990");
  g_assert_cmpstr (gtk_editable_get_text (tr_details_page_get_entry (page, TR_FIELD_POSTCODE)), ==, "75018");
  g_assert_cmpstr (tr_session_get_detail (session_of (f), TR_FIELD_BIRTH_DATE), ==, "14/03/1990");
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    g_assert_null (error_of (page, field));
}

static void
test_focus_on_first_field_to_fill (Fixture *f, gconstpointer data)
{
  TrDetailsPage *page = details_page (f);

  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 gtk_widget_get_first_child (GTK_WIDGET (tr_details_page_get_entry (page, TR_FIELD_FIRST_NAME)))
                 || gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 GTK_WIDGET (tr_details_page_get_entry (page, TR_FIELD_FIRST_NAME)));
}

static void
test_error_shows_then_clears (Fixture *f, gconstpointer data)
{
  TrDetailsPage *page = details_page (f);
  g_autofree char *phone_error = expected_error (TR_FIELD_PHONE, "06 12 34");
  GtkWidget *phone = GTK_WIDGET (tr_details_page_get_entry (page, TR_FIELD_PHONE));

  type (page, TR_FIELD_PHONE, "06 12 34");
  /* Typing alone shows nothing: the person is not done yet. */
  g_assert_null (error_of (page, TR_FIELD_PHONE));
  g_assert_cmpstr (tr_session_get_detail (session_of (f), TR_FIELD_PHONE), ==, "06 12 34");

  press_enter (page, TR_FIELD_PHONE);
  g_assert_cmpstr (error_of (page, TR_FIELD_PHONE), ==, phone_error);
  g_assert_true (gtk_widget_has_css_class (phone, "error"));

  /* Still wrong while typing: still shown; right: gone at once. */
  type (page, TR_FIELD_PHONE, "06 12 34 56");
  g_assert_nonnull (error_of (page, TR_FIELD_PHONE));
  type (page, TR_FIELD_PHONE, "06 12 34 56 78");
  g_assert_null (error_of (page, TR_FIELD_PHONE));
  g_assert_false (gtk_widget_has_css_class (phone, "error"));
  g_assert_cmpstr (tr_session_get_detail (session_of (f), TR_FIELD_PHONE), ==, "06 12 34 56 78");
}

static void
test_error_shows_when_field_is_left (Fixture *f, gconstpointer data)
{
  TrDetailsPage *page = details_page (f);
  g_autofree char *name_error = expected_error (TR_FIELD_FIRST_NAME, "Marie3");

  gtk_widget_grab_focus (GTK_WIDGET (tr_details_page_get_entry (page, TR_FIELD_FIRST_NAME)));
  kiosk_test_spin ();
  type (page, TR_FIELD_FIRST_NAME, "Marie3");
  g_assert_null (error_of (page, TR_FIELD_FIRST_NAME));
  gtk_widget_grab_focus (GTK_WIDGET (tr_details_page_get_entry (page, TR_FIELD_LAST_NAME)));
  kiosk_test_spin ();
  g_assert_cmpstr (error_of (page, TR_FIELD_FIRST_NAME), ==, name_error);
  /* Passing through an untouched field is not a mistake. */
  gtk_widget_grab_focus (GTK_WIDGET (tr_details_page_get_entry (page, TR_FIELD_BIRTH_DATE)));
  kiosk_test_spin ();
  g_assert_null (error_of (page, TR_FIELD_LAST_NAME));
}

static void
test_apply_shows_every_error (Fixture *f, gconstpointer data)
{
  TrDetailsPage *page = details_page (f);
  g_autofree char *name_error = expected_error (TR_FIELD_FIRST_NAME, "");
  g_autofree char *email_error = expected_error (TR_FIELD_EMAIL, "marie@");
  g_autofree char *id_error = expected_error (TR_FIELD_POLE_EMPLOI_ID, "12AB");

  fill_good_details (page);
  type (page, TR_FIELD_FIRST_NAME, "");
  type (page, TR_FIELD_EMAIL, "marie@");
  type (page, TR_FIELD_POLE_EMPLOI_ID, "12AB");
  next (f);

  g_assert_cmpstr (page_name (f), ==, "details");
  g_assert_cmpstr (error_of (page, TR_FIELD_FIRST_NAME), ==, name_error);
  g_assert_cmpstr (error_of (page, TR_FIELD_EMAIL), ==, email_error);
  g_assert_cmpstr (error_of (page, TR_FIELD_POLE_EMPLOI_ID), ==, id_error);
  g_assert_null (error_of (page, TR_FIELD_PHONE));
  g_assert_null (error_of (page, TR_FIELD_LAST_NAME));
}

static void
test_details_must_agree_with_answers (Fixture *f, gconstpointer data)
{
  TrDetailsPage *page = details_page (f);

  fill_good_details (page);
  type (page, TR_FIELD_BIRTH_DATE, "15/03/1990");
  type (page, TR_FIELD_POSTCODE, "75011");
  next (f);
  g_assert_cmpstr (page_name (f), ==, "details");
  g_assert_nonnull (strstr (error_of (page, TR_FIELD_BIRTH_DATE), "14/03/1990"));
  g_assert_nonnull (strstr (error_of (page, TR_FIELD_POSTCODE), "75018"));

  type (page, TR_FIELD_BIRTH_DATE, "14/03/1990");
  type (page, TR_FIELD_POSTCODE, "75018");
  g_assert_null (error_of (page, TR_FIELD_BIRTH_DATE));
  g_assert_null (error_of (page, TR_FIELD_POSTCODE));
  next (f);
  g_assert_cmpstr (page_name (f), ==, "review");
}

/* A widget under @widget: a button with @label, or a label showing @text. */
static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows_label (GtkWidget *widget, const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  kiosk_test_spin ();
}

static void
to_review (Fixture *f)
{
  fill_good_details (details_page (f));
  next (f);
  g_assert_cmpstr (page_name (f), ==, "review");
}

static void
take_every_seat (Fixture *f)
{
  TrStore *store = tr_kiosk_get_store (f->kiosk);
  g_autoptr(GDateTime) now = tr_clock_now ();
  int left = tr_store_get_seats_left (store, tr_offer_get_id (f->offer), NULL);

  for (int i = 0; i < left; i++)
    {
      g_autofree char *session_id = g_uuid_string_random ();
      TrRegistrationRequest request = { session_id, tr_offer_get_id (f->offer), now, "eligible", "{}",
                                        NULL, "{\"first_name\": \"Someone\"}", FALSE };
      g_autoptr(TrRegistration) taken = tr_store_register (store, &request, tr_kiosk_get_keys (f->kiosk), NULL);

      g_assert_nonnull (taken);
    }
  g_assert_cmpint (tr_store_get_seats_left (store, tr_offer_get_id (f->offer), NULL), ==, 0);
}

static void
test_review_shows_everything (Fixture *f, gconstpointer data)
{
  GtkWidget *page;

  to_review (f);
  page = GTK_WIDGET (tr_window_get_page (f->window));
  g_assert_true (shows_label (page, tr_offer_get_data (f->offer)->title));
  g_assert_true (shows_label (page, "Marie Dupont-Lefèvre"));
  g_assert_true (shows_label (page, "06 12 34 56 78"));
  g_assert_true (shows_label (page, "14/03/1990"));
  g_assert_cmpstr (tr_page_get_next_label (TR_PAGE (page)), ==, "Confirm my registration");
  /* Nothing is stored before the person confirms. */
  g_assert_null (tr_session_get_registration (session_of (f)));

  click (find_button (page, "Change"));
  kiosk_test_spin ();
  g_assert_cmpstr (page_name (f), ==, "offers");
}

static void
test_commit_then_receipt (Fixture *f, gconstpointer data)
{
  TrStore *store = tr_kiosk_get_store (f->kiosk);
  int before = tr_store_get_seats_left (store, tr_offer_get_id (f->offer), NULL);
  const TrRegistration *registration;
  g_autofree char *description = NULL;
  TrQrView *qr_view;
  g_autoptr(TrQr) expected = NULL;

  to_review (f);
  next (f);
  registration = tr_session_get_registration (session_of (f));
  g_assert_nonnull (registration);
  g_assert_cmpstr (registration->status, ==, "registered");
  g_assert_cmpint (tr_store_get_seats_left (store, tr_offer_get_id (f->offer), NULL), ==, before - 1);
  /* The catalogue was read again: the next walk-in sees the seat gone. */
  g_assert_cmpuint (tr_offer_get_seats_left (tr_catalogue_lookup (tr_kiosk_get_catalogue (f->kiosk),
                                                                  tr_offer_get_id (f->offer))),
                    ==, (guint) before - 1);

  g_assert_cmpstr (page_name (f), ==, "receipt");
  g_assert_false (tr_page_get_in_progress (tr_window_get_page (f->window)));
  /* Enter finishes. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 find_button (GTK_WIDGET (tr_window_get_page (f->window)), "Finish"));
  g_assert_true (shows_label (GTK_WIDGET (tr_window_get_page (f->window)), registration->code));
  g_assert_true (shows_label (GTK_WIDGET (tr_window_get_page (f->window)), "You are registered"));
  qr_view = TR_QR_VIEW (kiosk_test_find (GTK_WIDGET (tr_window_get_page (f->window)), TR_TYPE_QR_VIEW));
  g_assert_nonnull (qr_view);
  expected = tr_qr_encode (registration->payload, NULL);
  g_assert_cmpint (tr_qr_view_get_qr (qr_view)->size, ==, expected->size);
  g_assert_cmpmem (tr_qr_view_get_qr (qr_view)->dark, expected->size * expected->size,
                   expected->dark, expected->size * expected->size);
  /* Big enough for a phone: at least 3 pixels a module, once laid out. */
  for (int i = 0; i < 300 && gtk_widget_get_width (GTK_WIDGET (qr_view)) == 0; i++)
    {
      g_usleep (10000);
      kiosk_test_spin ();
    }
  g_assert_cmpint (tr_qr_view_get_module_size (qr_view), >=, 3);

  /* A second confirm cannot register twice. */
  g_assert_true (tr_page_apply (tr_window_get_page (f->window)));
}

static void
test_full_offer_gives_the_choice (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  const TrRegistration *registration;

  to_review (f);
  take_every_seat (f);
  next (f);

  page = GTK_WIDGET (tr_window_get_page (f->window));
  g_assert_cmpstr (page_name (f), ==, "review");
  g_assert_null (tr_session_get_registration (session_of (f)));
  g_assert_null (tr_page_get_next_label (TR_PAGE (page)));
  g_assert_true (shows_label (page, "This training has just filled up"));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == find_button (page, "Join the waiting list"));
  g_assert_nonnull (find_button (page, "Choose another training"));

  click (find_button (page, "Join the waiting list"));
  kiosk_test_spin ();
  registration = tr_session_get_registration (session_of (f));
  g_assert_nonnull (registration);
  g_assert_cmpstr (registration->status, ==, "waiting_list");
  g_assert_cmpstr (page_name (f), ==, "receipt");
  g_assert_true (shows_label (GTK_WIDGET (tr_window_get_page (f->window)), "You are on the waiting list"));
}

static void
test_full_offer_choose_another (Fixture *f, gconstpointer data)
{
  to_review (f);
  take_every_seat (f);
  next (f);
  click (find_button (GTK_WIDGET (tr_window_get_page (f->window)), "Choose another training"));
  kiosk_test_spin ();
  g_assert_cmpstr (page_name (f), ==, "offers");
  g_assert_null (tr_session_get_registration (session_of (f)));
}

/* Another program holds the database: no receipt, a calm message, and the
 * person can try again once it is free. */
static void
test_locked_database (Fixture *f, gconstpointer data)
{
  sqlite3 *db = NULL;
  GtkWidget *page;

  to_review (f);
  g_assert_cmpint (sqlite3_open (tr_store_get_path (tr_kiosk_get_store (f->kiosk)), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  next (f);

  page = GTK_WIDGET (tr_window_get_page (f->window));
  g_assert_cmpstr (page_name (f), ==, "review");
  g_assert_null (tr_session_get_registration (session_of (f)));
  g_assert_true (shows_label (page, "Your registration could not be saved. Please ask a member of staff."));

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  next (f);
  g_assert_nonnull (tr_session_get_registration (session_of (f)));
  g_assert_cmpstr (page_name (f), ==, "receipt");
}

static void
test_receipt_without_registration (Fixture *f, gconstpointer data)
{
  TrQrView *qr_view;

  go_to (f, "receipt");
  qr_view = TR_QR_VIEW (kiosk_test_find (GTK_WIDGET (tr_window_get_page (f->window)), TR_TYPE_QR_VIEW));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (qr_view))));
  g_assert_null (tr_qr_view_get_qr (qr_view));
}

static void
test_qr_view_refuses_empty_text (void)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = g_object_ref_sink (tr_qr_view_new ());

  g_assert_false (tr_qr_view_set_text (TR_QR_VIEW (view), "", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_null (tr_qr_view_get_qr (TR_QR_VIEW (view)));
  g_object_unref (view);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "en", TRUE);
  kiosk_test_init (&argc, &argv);

  ADD ("/details/prefilled-from-answers", test_prefilled_from_answers);
  ADD ("/details/focus-on-first-field", test_focus_on_first_field_to_fill);
  ADD ("/details/error-shows-then-clears", test_error_shows_then_clears);
  ADD ("/details/error-shows-when-left", test_error_shows_when_field_is_left);
  ADD ("/details/apply-shows-every-error", test_apply_shows_every_error);
  ADD ("/details/must-agree-with-answers", test_details_must_agree_with_answers);
  ADD ("/review/shows-everything", test_review_shows_everything);
  ADD ("/review/commit-then-receipt", test_commit_then_receipt);
  ADD ("/review/full-offer-waiting-list", test_full_offer_gives_the_choice);
  ADD ("/review/full-offer-choose-another", test_full_offer_choose_another);
  ADD ("/review/locked-database", test_locked_database);
  ADD ("/receipt/without-registration", test_receipt_without_registration);
  g_test_add_func ("/qr-view/refuses-empty-text", test_qr_view_refuses_empty_text);
  return g_test_run ();
}

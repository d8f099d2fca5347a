/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Staff mode inside the kiosk window: the password with its lock-out, the
 * day's figures, a registration found and cancelled (its seat freed), and
 * the lock, by hand or after a while without a touch. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "tr-clock.h"
#include "tr-kiosk.h"
#include "tr-language.h"
#include "tr-staff-panel.h"
#include "tr-staff-unlock-view.h"
#include "tr-window.h"
#include "kiosk-fixture.h"

#define PASSWORD "Quatre-Saisons-2026"

typedef struct {
  char     *dir;
  TrKiosk  *kiosk;
  TrWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer with_password)
{
  TrConfig *config;

  f->dir = g_dir_make_tmp ("tremplin-staff-XXXXXX", NULL);
  /* A non-empty @with_password is the walk-ins' language; staff read English. */
  config = kiosk_test_config (f->dir, with_password != NULL && *(const char *) with_password != '\0'
                                      ? with_password : "en");
  config->staff_language = g_strdup ("en");
  f->kiosk = tr_kiosk_new (config);
  g_assert_nonnull (tr_kiosk_get_store (f->kiosk));
  if (with_password != NULL)
    {
      g_autoptr(GDateTime) now = tr_clock_now ();
      g_autoptr(GError) error = NULL;

      g_assert_true (tr_staff_set_password (tr_kiosk_get_store (f->kiosk), PASSWORD, now, &error));
      g_assert_no_error (error);
    }
  f->window = tr_window_new (NULL, f->kiosk, FALSE);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_spin ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_test_close (f->window, &f->kiosk, &f->dir);
}

static TrStaffUnlockView *
open_staff (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.open", NULL));
  kiosk_test_spin ();
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_STAFF_UNLOCK);
  return TR_STAFF_UNLOCK_VIEW (tr_window_get_staff_view (f->window));
}

static TrStaffPanel *
unlock (Fixture *f)
{
  g_assert_cmpint (tr_staff_unlock_view_try (open_staff (f), PASSWORD), ==, TR_STAFF_UNLOCK_OK);
  kiosk_test_spin ();
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_STAFF_PANEL);
  return TR_STAFF_PANEL (tr_window_get_staff_view (f->window));
}

static TrRegistration *
register_one (Fixture *f, const char *offer_id, const char * const *flags)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autofree char *session_id = g_uuid_string_random ();
  TrRegistrationRequest request = {
    .session_id = session_id,
    .offer_id = offer_id,
    .now = now,
    .verdict = "eligible",
    .answers_json = "{}",
    .flags = flags,
    .person_json = "{\"first_name\": \"Awa\", \"last_name\": \"Diallo\", \"email\": \"awa@example.org\"}",
  };
  TrRegistration *registration = tr_store_register (tr_kiosk_get_store (f->kiosk), &request,
                                                    tr_kiosk_get_keys (f->kiosk), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (registration->status, ==, "registered");
  return registration;
}

static char *
first_offer_with_seats (Fixture *f)
{
  g_autoptr(GPtrArray) offers = tr_store_load_offers (tr_kiosk_get_store (f->kiosk), FALSE, NULL);

  for (guint i = 0; offers != NULL && i < offers->len; i++)
    if (tr_offer_get_seats_left (g_ptr_array_index (offers, i)) >= 3)
      return g_strdup (tr_offer_get_id (g_ptr_array_index (offers, i)));
  g_assert_not_reached ();
}

static void
test_no_password (Fixture *f, gconstpointer data)
{
  TrStaffUnlockView *view = open_staff (f);

  g_assert_cmpstr (tr_staff_unlock_view_get_message (view), ==,
                   "No staff password is set: run tremplin-admin staff-password");
  g_assert_cmpint (tr_staff_unlock_view_try (view, "anything-At-All-1"), ==, TR_STAFF_UNLOCK_NO_PASSWORD);
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_STAFF_UNLOCK);
}

static void
test_wrong_then_right (Fixture *f, gconstpointer data)
{
  TrSession *walk_in = tr_window_get_session (f->window);
  TrStaffUnlockView *view;

  tr_session_set_answer (walk_in, "postcode", "75018");
  g_object_add_weak_pointer (G_OBJECT (walk_in), (gpointer *) &walk_in);
  view = open_staff (f);
  /* The walk-in's session went the moment staff mode opened. */
  g_assert_null (walk_in);
  g_assert_cmpuint (g_hash_table_size (tr_session_get_answers (tr_window_get_session (f->window))), ==, 0);

  g_assert_cmpint (tr_staff_unlock_view_try (view, "Quatre-Saisons-2025"), ==, TR_STAFF_UNLOCK_WRONG);
  g_assert_cmpstr (tr_staff_unlock_view_get_message (view), ==, "Wrong password");
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_STAFF_UNLOCK);
  g_assert_cmpint (tr_staff_unlock_view_try (view, PASSWORD), ==, TR_STAFF_UNLOCK_OK);
  kiosk_test_spin ();
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_STAFF_PANEL);
  g_assert_true (TR_IS_STAFF_PANEL (tr_window_get_staff_view (f->window)));
}

static void
test_locked_out (Fixture *f, gconstpointer data)
{
  TrStaffUnlockView *view = open_staff (f);
  guint tries = 0;

  while (!g_str_has_prefix (tr_staff_unlock_view_get_message (view), "Wrong password. Too many tries"))
    {
      g_assert_cmpint (tr_staff_unlock_view_try (view, "not-The-Password-1"), ==, TR_STAFF_UNLOCK_WRONG);
      g_assert_cmpuint (++tries, <=, TR_STAFF_FREE_TRIES + 1);
    }
  /* Even the right password waits now. */
  g_assert_cmpint (tr_staff_unlock_view_try (view, PASSWORD), ==, TR_STAFF_UNLOCK_LOCKED_OUT);
  g_assert_true (g_str_has_prefix (tr_staff_unlock_view_get_message (view), "Too many tries: wait "));
  g_assert_true (g_str_has_suffix (tr_staff_unlock_view_get_message (view), " seconds"));
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_STAFF_UNLOCK);

  /* Cancel goes back to Welcome. */
  tr_window_lock_staff (f->window);
  kiosk_test_spin ();
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_WALK);
  g_assert_cmpstr (tr_page_get_name (tr_window_get_page (f->window)), ==, "welcome");
}

static void
test_figures_find_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *offer_id = first_offer_with_seats (f);
  const char *qpv[] = { "qpv", NULL };
  g_autoptr(TrRegistration) kept = register_one (f, offer_id, qpv);
  g_autoptr(TrRegistration) cancelled = register_one (f, offer_id, NULL);
  g_autoptr(TrRegistration) after = NULL;
  int seats_before = tr_store_get_seats_left (tr_kiosk_get_store (f->kiosk), offer_id, NULL);
  TrStaffPanel *panel = unlock (f);
  g_autofree char *figures = tr_staff_panel_dup_figures (panel);
  g_autofree char *found = NULL;
  g_autofree char *figures_after = NULL;
  g_autofree char *seats_line = g_strdup_printf ("%s — ", offer_id);

  g_assert_nonnull (strstr (figures, "Registrations today: 2\n"));
  g_assert_nonnull (strstr (figures, "Waiting list today: 0\n"));
  g_assert_nonnull (strstr (figures, "Cancelled today: 0\n"));
  g_assert_nonnull (strstr (figures, seats_line));
  {
    g_autofree char *seats = g_strdup_printf (": 2 (seats left: %d)\n", seats_before);
    g_assert_nonnull (strstr (figures, seats));
  }
  /* The one QPV flag: the line after the heading. */
  g_assert_nonnull (strstr (figures, "Priority flags\n"));
  {
    const char *flags = strstr (figures, "Priority flags\n") + strlen ("Priority flags\n");
    g_autofree char *line = g_strndup (flags, strcspn (flags, "\n"));
    g_assert_true (g_str_has_suffix (line, ": 1"));
  }

  g_assert_false (tr_staff_panel_find (panel, "ZZZZ-ZZZZ"));
  g_assert_cmpstr (tr_staff_panel_get_message (panel), !=, "");
  g_assert_false (tr_staff_panel_find (panel, "   "));

  g_assert_true (tr_staff_panel_find (panel, cancelled->code));
  found = kiosk_test_shown_text (GTK_WIDGET (panel));
  g_assert_nonnull (strstr (found, cancelled->code));
  g_assert_nonnull (strstr (found, "Status: Registered"));
  /* Nothing personal: the details are sealed to the office. */
  g_assert_null (strstr (found, "Name:"));
  g_assert_null (strstr (found, "Awa"));
  g_assert_null (strstr (found, "Diallo"));
  g_assert_null (strstr (found, "awa@example.org"));

  g_assert_true (tr_staff_panel_cancel_found (panel, 1));
  kiosk_test_spin ();
  after = tr_store_find_by_code (tr_kiosk_get_store (f->kiosk), cancelled->code, NULL);
  g_assert_cmpstr (after->status, ==, "cancelled");
  g_assert_cmpstr (after->cancel_reason, ==, tr_staff_cancel_reasons[1]);
  g_assert_cmpint (tr_store_get_seats_left (tr_kiosk_get_store (f->kiosk), offer_id, NULL), ==, seats_before + 1);
  figures_after = tr_staff_panel_dup_figures (panel);
  g_assert_nonnull (strstr (figures_after, "Registrations today: 1\n"));
  g_assert_nonnull (strstr (figures_after, "Cancelled today: 1\n"));
  g_assert_true (g_str_has_suffix (tr_staff_panel_get_message (panel), "is cancelled"));
  /* Cancelling twice is refused with a message. */
  g_assert_false (tr_staff_panel_cancel_found (panel, 0));
}

static void
test_lock (Fixture *f, gconstpointer data)
{
  GtkWidget *panel = GTK_WIDGET (unlock (f));

  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  g_signal_emit_by_name (panel, "lock");
  kiosk_test_spin ();
  g_assert_null (panel);
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_WALK);
  g_assert_null (tr_window_get_staff_view (f->window));
  g_assert_cmpstr (tr_page_get_name (tr_window_get_page (f->window)), ==, "welcome");
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
test_locks_when_idle (Fixture *f, gconstpointer data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  unlock (f);
  tr_window_set_staff_idle_seconds (f->window, 1);
  g_timeout_add (500, quit_loop, loop);
  g_main_loop_run (loop);
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_STAFF_PANEL);
  /* A timeout in seconds may fire up to a second late. */
  for (guint waited = 0; waited < 30 && tr_window_get_mode (f->window) != TR_WINDOW_WALK; waited++)
    {
      g_timeout_add (100, quit_loop, loop);
      g_main_loop_run (loop);
    }
  kiosk_test_spin ();
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_WALK);
  g_assert_null (tr_window_get_staff_view (f->window));
}

static void
lock (Fixture *f, TrStaffPanel *panel)
{
  g_signal_emit_by_name (panel, "lock");
  kiosk_test_spin ();
  g_assert_cmpint (tr_window_get_mode (f->window), ==, TR_WINDOW_WALK);
}

static void
test_close_and_open_the_day (Fixture *f, gconstpointer data)
{
  TrStaffPanel *panel = unlock (f);
  g_autofree char *open_text = kiosk_test_shown_text (GTK_WIDGET (panel));
  g_autofree char *closed_text = NULL;
  g_autofree char *welcome_closed = NULL;
  g_autofree char *welcome_open = NULL;

  g_assert_nonnull (strstr (open_text, "Registrations are open today."));
  g_assert_true (tr_staff_panel_set_closed_today (panel, TRUE));
  closed_text = kiosk_test_shown_text (GTK_WIDGET (panel));
  g_assert_nonnull (strstr (closed_text, "Registrations are closed for today"));
  g_assert_nonnull (strstr (closed_text, "Open registrations again"));
  g_assert_true (tr_kiosk_is_closed_today (f->kiosk));

  /* Welcome, built again when staff lock, says so and offers no Start. */
  lock (f, panel);
  welcome_closed = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));
  g_assert_nonnull (strstr (welcome_closed, "Registrations are closed today."));
  g_assert_null (strstr (welcome_closed, "Start"));

  panel = unlock (f);
  g_assert_true (tr_staff_panel_set_closed_today (panel, FALSE));
  g_assert_false (tr_kiosk_is_closed_today (f->kiosk));
  lock (f, panel);
  welcome_open = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));
  g_assert_null (strstr (welcome_open, "Registrations are closed"));
  g_assert_nonnull (strstr (welcome_open, "Start"));
}

static void
test_staff_language (Fixture *f, gconstpointer data)
{
  g_autofree char *welcome_before = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));
  TrStaffPanel *panel = unlock (f);
  g_autofree char *figures = tr_staff_panel_dup_figures (panel);
  g_autofree char *welcome_after = NULL;

  g_assert_nonnull (strstr (welcome_before, "Commencer"));
  g_assert_nonnull (strstr (figures, "Registrations today: 0"));
  lock (f, panel);
  welcome_after = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));
  g_assert_nonnull (strstr (welcome_after, "Commencer"));
}

/* The kiosk left on Welcome overnight opens by itself at midnight. */
static void
test_closed_day_ends_at_midnight (Fixture *f, gconstpointer data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *closed = NULL;
  g_autofree char *open = NULL;
  TrStaffPanel *panel;

  g_setenv ("TREMPLIN_NOW", "2026-11-28T23:59:58+01:00", TRUE);
  panel = unlock (f);
  g_assert_true (tr_staff_panel_set_closed_today (panel, TRUE));
  lock (f, panel);
  closed = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));
  g_assert_nonnull (strstr (closed, "Registrations are closed today."));

  g_setenv ("TREMPLIN_NOW", "2026-11-29T00:00:01+01:00", TRUE);
  g_assert_false (tr_kiosk_is_closed_today (f->kiosk));
  /* The timer was set for about 3 seconds: Welcome is built again then. */
  for (guint waited = 0; waited < 80; waited++)
    {
      g_free (open);
      open = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));
      if (strstr (open, "Start") != NULL)
        break;
      g_timeout_add (100, quit_loop, loop);
      g_main_loop_run (loop);
    }
  g_unsetenv ("TREMPLIN_NOW");
  g_assert_null (strstr (open, "Registrations are closed"));
  g_assert_nonnull (strstr (open, "Start"));
}

static char *
read_text (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_export_to_the_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *offer_id = first_offer_with_seats (f);
  g_autoptr(TrRegistration) registration = register_one (f, offer_id, NULL);
  TrStaffPanel *panel = unlock (f);
  TrStaffExport *export = tr_staff_panel_get_export (panel);
  const char *folder = tr_kiosk_get_config (f->kiosk)->export_directory;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *today = tr_clock_local_date (now);
  g_autofree char *name = g_strdup_printf ("tremplin-%s-%s", tr_store_get_kiosk_id (tr_kiosk_get_store (f->kiosk)), today);
  g_autofree char *sealed_name = g_strdup_printf ("%s.sealed", name);
  g_autofree char *sealed_path = g_strdup_printf ("%s/%s.sealed", folder, name);
  g_autofree char *kiosk = g_strdup_printf ("from kiosk %s ", tr_store_get_kiosk_id (tr_kiosk_get_store (f->kiosk)));
  g_autofree char *sealed = NULL;
  g_autofree char *manifest = NULL;

  /* No drive here: the folder is the one place, already chosen. What staff
   * read is the manifest of the file as written: kiosk, day, count. */
  g_assert_true (tr_staff_export_run (export));
  g_assert_nonnull (strstr (tr_staff_export_get_message (export), "1 registration of "));
  g_assert_nonnull (strstr (tr_staff_export_get_message (export), kiosk));
  g_assert_nonnull (strstr (tr_staff_export_get_message (export), folder));
  g_assert_nonnull (strstr (tr_staff_export_get_message (export), "sealed for the programme office"));
  g_assert_true (g_str_has_suffix (tr_staff_export_get_message (export), sealed_name));
  sealed = read_text (sealed_path);
  manifest = g_strdup_printf ("day: %s\nregistrations: 1\n", today);
  g_assert_nonnull (strstr (sealed, manifest));
  /* Sealed: not even the receipt code shows. */
  g_assert_null (strstr (sealed, registration->code));
  g_assert_true (tr_staff_export_choose (export, folder));
  g_assert_false (tr_staff_export_choose (export, "NO-SUCH-DRIVE"));
}

static void
test_export_failures_write_nothing (Fixture *f, gconstpointer data)
{
  TrStaffPanel *panel = unlock (f);
  TrStaffExport *export = tr_staff_panel_get_export (panel);
  GtkWidget *day_entry = NULL;
  const char *folder = tr_kiosk_get_config (f->kiosk)->export_directory;

  /* The day as staff type it: a day that does not exist is refused. */
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (export)));
       w != NULL && day_entry == NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_ENTRY (w))
      day_entry = w;
  g_assert_nonnull (day_entry);
  gtk_editable_set_text (GTK_EDITABLE (day_entry), "31/02/2026");
  g_assert_false (tr_staff_export_run (export));
  g_assert_nonnull (strstr (tr_staff_export_get_message (export), "DD/MM/YYYY"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  /* A file where the folder should be: nothing written, and it says why.
   * (Read-only and full drives: the end-to-end test mounts real ones.) */
  gtk_editable_set_text (GTK_EDITABLE (day_entry), "28/11/2026");
  g_assert_true (g_file_set_contents (folder, "not a folder", -1, NULL));
  g_assert_false (tr_staff_export_run (export));
  g_assert_nonnull (strstr (tr_staff_export_get_message (export), "Nothing was exported to Export folder"));
  g_assert_nonnull (strstr (tr_staff_export_get_message (export), "Not a directory"));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_REGULAR));
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "en", TRUE);
  tr_language_init ();
  kiosk_test_init (&argc, &argv);
#define ADD(path, func, password) \
  g_test_add (path, Fixture, password, fixture_set_up, func, fixture_tear_down)
  ADD ("/staff/unlock/no-password", test_no_password, NULL);
  ADD ("/staff/unlock/wrong-then-right", test_wrong_then_right, "");
  ADD ("/staff/unlock/locked-out", test_locked_out, "");
  ADD ("/staff/panel/figures-find-cancel", test_figures_find_cancel, "");
  ADD ("/staff/panel/lock", test_lock, "");
  ADD ("/staff/panel/staff-language", test_staff_language, "fr");
  ADD ("/staff/panel/close-and-open-the-day", test_close_and_open_the_day, "");
  ADD ("/staff/panel/closed-day-ends-at-midnight", test_closed_day_ends_at_midnight, "");
  ADD ("/staff/panel/export-to-the-folder", test_export_to_the_folder, "");
  ADD ("/staff/panel/export-failures-write-nothing", test_export_failures_write_nothing, "");
  ADD ("/staff/panel/locks-when-idle", test_locks_when_idle, "");
  return g_test_run ();
}

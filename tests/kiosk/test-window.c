/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk window around the walk: a fresh session per walk-in, language
 * changes that restart it, navigation, and nothing left after Finish. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tr-kiosk.h"
#include "tr-language.h"
#include "tr-window.h"
#include "kiosk-fixture.h"

typedef struct {
  char     *dir;
  TrKiosk  *kiosk;
  TrWindow *window;
} Fixture;

typedef enum {
  KIOSK_OPEN,
  KIOSK_CLOSED,        /* registrations closed in kiosk.conf */
  KIOSK_BROKEN_RULES,  /* a rules file with a mistake */
  KIOSK_NO_LANGUAGE,   /* kiosk.conf names a language the kiosk does not have */
  KIOSK_FULL_SCREEN,   /* kiosk mode, as a walk-in meets it */
  KIOSK_NO_OFFICE_KEY, /* no office key to seal personal details to */
  KIOSK_KEEP_45_DAYS,  /* KeepDays=45 */
} Setting;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  Setting setting = GPOINTER_TO_INT (data);
  TrConfig *config;

  f->dir = g_dir_make_tmp ("tremplin-window-XXXXXX", NULL);
  config = kiosk_test_config (f->dir, NULL);
  config->open = setting != KIOSK_CLOSED;
  if (setting == KIOSK_BROKEN_RULES)
    {
      config->rules = g_build_filename (g_getenv ("TREMPLIN_SOURCE_DIR"), "tests", "fixtures",
                                        "rules", "bad-expression.ini", NULL);
      /* The reason goes to the log; the walk-in sees "temporarily closed". */
      g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_WARNING, "The kiosk is closed: *bad-expression.ini:*");
    }
  if (setting == KIOSK_NO_LANGUAGE)
    {
      g_free (config->language);
      config->language = g_strdup ("de");
      g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_WARNING,
                             "The kiosk is closed: Language=de * fr, en, ar, es, pt, zh_CN, ta, tr");
    }
  if (setting == KIOSK_NO_OFFICE_KEY)
    {
      config->has_office_key = FALSE;
      /* The log says what to do, in full. */
      g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_MESSAGE, "First run: *");
      g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_MESSAGE,
                             "No office key: this kiosk takes no registration *Add OfficeKey=office:… to *"
                             "or run “tremplin-admin office-key office:…”*");
    }
  if (setting == KIOSK_KEEP_45_DAYS)
    config->keep_days = 45;
  f->kiosk = tr_kiosk_new (config);
  g_test_assert_expected_messages ();
  f->window = tr_window_new (NULL, f->kiosk, setting == KIOSK_FULL_SCREEN);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_spin ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_test_close (f->window, &f->kiosk, &f->dir);
}

static const char *
page_name (Fixture *f)
{
  return tr_page_get_name (tr_window_get_page (f->window));
}

static void
activate (Fixture *f, const char *action, GVariant *parameter)
{
  /* GTK consumes a floating parameter for a GAction's, not for a widget
   * class's action (walk.*): hold it, and drop it here. */
  GVariant *held = parameter != NULL ? g_variant_ref_sink (parameter) : NULL;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), action, held));
  kiosk_test_spin ();
  g_clear_pointer (&held, g_variant_unref);
}

/* A visible button with @label somewhere under @widget. */
static gboolean
shows_button (GtkWidget *widget, const char *label)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_button (child, label))
      return TRUE;
  return FALSE;
}

static void
test_first_run_opens_on_welcome (Fixture *f, gconstpointer data)
{
  TrCatalogue *catalogue = tr_kiosk_get_catalogue (f->kiosk);

  g_assert_false (tr_kiosk_is_faulty (f->kiosk));
  g_assert_true (tr_kiosk_is_open (f->kiosk));
  /* First run imported the demo catalogue into a new database. */
  g_assert_cmpuint (tr_catalogue_get_offers (catalogue)->len, >=, 950);
  g_assert_cmpstr (page_name (f), ==, "welcome");
  g_assert_cmpstr (tr_session_get_language (tr_window_get_session (f->window)), ==, "fr");
  g_assert_true (shows_button (GTK_WIDGET (tr_window_get_page (f->window)), "Commencer"));
}

static void
test_language_restarts_the_session (Fixture *f, gconstpointer data)
{
  TrSession *first = tr_window_get_session (f->window);
  TrSession *second;

  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  activate (f, "walk.language", g_variant_new_string ("en"));
  second = tr_window_get_session (f->window);
  g_assert_null (first);  /* the first session is gone, not just hidden */
  g_assert_cmpstr (tr_session_get_language (second), ==, "en");
  g_assert_true (shows_button (GTK_WIDGET (tr_window_get_page (f->window)), "Start"));
  activate (f, "walk.language", g_variant_new_string ("xx"));
  g_assert_true (tr_window_get_session (f->window) == second);
}

static void
test_next_and_back (Fixture *f, gconstpointer data)
{
  activate (f, "walk.next", NULL);
  g_assert_cmpstr (page_name (f), ==, "consent");
  activate (f, "walk.back", NULL);
  g_assert_cmpstr (page_name (f), ==, "welcome");
}

static void
test_finish_leaves_nothing (Fixture *f, gconstpointer data)
{
  TrSession *session = tr_window_get_session (f->window);
  GtkWidget *page;

  activate (f, "walk.large-text", NULL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "large-text"));
  tr_session_set_answer (session, "postcode", "75018");
  tr_session_set_detail (session, TR_FIELD_LAST_NAME, "Diallo");
  g_object_ref (session);
  page = GTK_WIDGET (tr_window_get_page (f->window));
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);

  tr_window_finish (f->window);
  kiosk_test_spin ();
  /* The old session was wiped and its pages destroyed. */
  g_assert_cmpuint (g_hash_table_size (tr_session_get_answers (session)), ==, 0);
  g_assert_null (tr_session_get_detail (session, TR_FIELD_LAST_NAME));
  g_assert_null (page);
  g_assert_true (tr_window_get_session (f->window) != session);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->window), "large-text"));
  g_assert_cmpstr (page_name (f), ==, "welcome");
  g_object_unref (session);
}

static void
test_closed_offers_no_start (Fixture *f, gconstpointer data)
{
  GtkWidget *page = GTK_WIDGET (tr_window_get_page (f->window));

  g_assert_false (tr_kiosk_is_open (f->kiosk));
  g_assert_false (shows_button (page, "Commencer"));
}

static void
test_broken_rules_close_the_kiosk (Fixture *f, gconstpointer data)
{
  GtkWidget *page = GTK_WIDGET (tr_window_get_page (f->window));

  g_assert_true (tr_kiosk_is_faulty (f->kiosk));
  g_assert_cmpstr (page_name (f), ==, "welcome");
  g_assert_false (shows_button (page, "Commencer"));
}

/* No office key: Welcome sends the walk-in to staff; once staff set the
 * key (tremplin-admin office-key, here through the store), the next
 * walk-in can start, with no restart. */
static void
test_no_office_key_is_not_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *shown = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));

  g_assert_false (tr_kiosk_is_faulty (f->kiosk));
  g_assert_false (tr_kiosk_has_office_key (f->kiosk));
  g_assert_false (tr_kiosk_is_open (f->kiosk));
  g_assert_false (shows_button (GTK_WIDGET (tr_window_get_page (f->window)), "Commencer"));
  /* In the walk-in's language, whichever the translations hold. */
  g_assert_nonnull (strstr (shown, g_dgettext ("tremplin", "This kiosk is not set up yet. Please ask a member of "
                                                           "staff for help.")));

  g_assert_true (tr_store_save_office_key (tr_kiosk_get_store (f->kiosk), test_office ()->public_key, now, &error));
  g_assert_no_error (error);
  g_assert_true (tr_kiosk_is_open (f->kiosk));
  activate (f, "walk.language", g_variant_new_string ("en"));
  g_assert_true (shows_button (GTK_WIDGET (tr_window_get_page (f->window)), "Start"));
}

/* A walk-in cannot close the kiosk (the inspector's keys are tested end to
 * end, with real key presses). */
static void
test_full_screen_cannot_be_closed (Fixture *f, gconstpointer data)
{
  gtk_window_close (GTK_WINDOW (f->window));
  kiosk_test_spin ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (f->window)));
}

/* The window is compact (style.css, window.compact) below 720 px of height.
 * It knows which before GTK first measures it, as it is realized, not only
 * once its surface has its real size: Welcome is laid out once, not once
 * for the wrong size and again. Both ways, full screen (the monitor's
 * height) and in a window (its default height, 800). */
static void
test_compact_known_when_realized (void)
{
  for (int kiosk_mode = 0; kiosk_mode <= 1; kiosk_mode++)
    {
      char *dir = g_dir_make_tmp ("tremplin-window-XXXXXX", NULL);
      TrKiosk *kiosk = tr_kiosk_new (kiosk_test_config (dir, NULL));
      TrWindow *window = tr_window_new (NULL, kiosk, kiosk_mode);
      GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
      GdkMonitor *monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
      GdkRectangle geometry;
      gboolean compact;
      GdkSurface *surface;
      gint64 deadline;

      gdk_monitor_get_geometry (monitor, &geometry);
      g_object_unref (monitor);
      compact = (kiosk_mode ? geometry.height : 800) < 720;

      gtk_widget_realize (GTK_WIDGET (window));
      g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (window), "compact"), ==, compact);

      /* Then the real height comes, and agrees. */
      gtk_window_present (GTK_WINDOW (window));
      surface = gtk_native_get_surface (GTK_NATIVE (window));
      deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      while (gdk_surface_get_height (surface) <= 1 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      kiosk_test_spin ();
      g_assert_cmpint (gdk_surface_get_height (surface), >, 1);
      g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (window), "compact"), ==,
                       gdk_surface_get_height (surface) < 720);
      kiosk_test_close (window, &kiosk, &dir);
    }
}

/* The consent page says who keeps the details, for what, and how long:
 * KeepDays= on the kiosk, then the office's own time. */
static void
test_consent_says_how_long (Fixture *f, gconstpointer data)
{
  g_autofree char *shown = NULL;
  g_autofree char *kiosk_keeps = NULL;

  activate (f, "walk.next", NULL);
  g_assert_cmpstr (page_name (f), ==, "consent");
  shown = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (f->window)));
  kiosk_keeps = g_strdup_printf (g_dngettext ("tremplin",
                                              "On this kiosk, your information is locked as soon as you confirm: only the "
                                              "Paris Code programme office of the City of Paris can open it. The kiosk "
                                              "deletes it %u day after sending it to the office.",
                                              "On this kiosk, your information is locked as soon as you confirm: only the "
                                              "Paris Code programme office of the City of Paris can open it. The kiosk "
                                              "deletes it %u days after sending it to the office.", 45), 45);
  g_assert_nonnull (strstr (shown, kiosk_keeps));
  g_assert_nonnull (strstr (shown, g_dgettext ("tremplin",
                                               "The programme office keeps it to follow your registration with France "
                                               "Travail, until 12 months after your training ends, then deletes it. If you "
                                               "stop before the end of these screens, nothing is kept.")));
}

/* At start the kiosk deletes the sealed details of days exported more than
 * KeepDays ago, and says so in the log. */
static void
test_retention_at_start (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-window-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) old = NULL;
  g_autoptr(TrRegistration) found = NULL;
  g_autoptr(GDateTime) then = g_date_time_new_from_iso8601 ("2026-01-05T10:00:00Z", NULL);
  TrKiosk *kiosk;
  TrOffer *offer;

  g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_MESSAGE, "First run: *");
  kiosk = tr_kiosk_new (kiosk_test_config (dir, NULL));
  g_test_assert_expected_messages ();
  offer = g_ptr_array_index (tr_catalogue_get_offers (tr_kiosk_get_catalogue (kiosk)), 0);
  {
    TrRegistrationRequest request = {
      .session_id = "old", .offer_id = tr_offer_get_id (offer), .now = then, .verdict = "eligible",
      .answers_json = "{}", .person_json = "{\"last_name\":\"Diallo\"}", .accept_waiting_list = TRUE,
    };
    old = tr_store_register (tr_kiosk_get_store (kiosk), &request, tr_kiosk_get_keys (kiosk), &error);
    g_assert_no_error (error);
  }
  g_assert_true (tr_store_add_event (tr_kiosk_get_store (kiosk), then, "export",
                                     "{\"date\":\"2026-01-05\",\"format\":\"csv\",\"rows\":1}", &error));
  g_assert_no_error (error);
  g_object_unref (kiosk);

  g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_MESSAGE,
                         "Deleted the sealed personal details of 1 registration(s) exported more than 30 days ago");
  kiosk = tr_kiosk_new (kiosk_test_config (dir, NULL));
  g_test_assert_expected_messages ();
  found = tr_store_find_by_code (tr_kiosk_get_store (kiosk), old->code, &error);
  g_assert_no_error (error);
  g_assert_null (found->details);
  g_object_unref (kiosk);
  kiosk_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "fr", TRUE);
  tr_language_init ();
  kiosk_test_init (&argc, &argv);
#define ADD(path, func, setting) \
  g_test_add (path, Fixture, GINT_TO_POINTER (setting), fixture_set_up, func, fixture_tear_down)
  ADD ("/window/first-run", test_first_run_opens_on_welcome, KIOSK_OPEN);
  ADD ("/window/language", test_language_restarts_the_session, KIOSK_OPEN);
  ADD ("/window/next-back", test_next_and_back, KIOSK_OPEN);
  ADD ("/window/finish", test_finish_leaves_nothing, KIOSK_OPEN);
  ADD ("/window/closed", test_closed_offers_no_start, KIOSK_CLOSED);
  ADD ("/window/broken-rules", test_broken_rules_close_the_kiosk, KIOSK_BROKEN_RULES);
  ADD ("/window/unknown-language", test_broken_rules_close_the_kiosk, KIOSK_NO_LANGUAGE);
  ADD ("/window/full-screen", test_full_screen_cannot_be_closed, KIOSK_FULL_SCREEN);
  g_test_add_func ("/window/compact-known-when-realized", test_compact_known_when_realized);
  ADD ("/window/no-office-key", test_no_office_key_is_not_set_up, KIOSK_NO_OFFICE_KEY);
  g_test_add_func ("/window/retention-at-start", test_retention_at_start);
  ADD ("/window/consent-says-how-long", test_consent_says_how_long, KIOSK_KEEP_45_DAYS);
  return g_test_run ();
}

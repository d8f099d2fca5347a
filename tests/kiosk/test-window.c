/* The kiosk window around the walk: a fresh session per walk-in, language
 * changes that restart it, navigation, and nothing left after Finish. */
#include <adwaita.h>
#include <glib/gstdio.h>

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
  return g_test_run ();
}

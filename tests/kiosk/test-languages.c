/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The walk-in's choices on Welcome: eight languages that switch the whole
 * session at once (right to left for Arabic), large text and high contrast,
 * all kept for the session and gone for the next walk-in. */
#include <adwaita.h>
#include <glib/gi18n.h>
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

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  TrConfig *config;

  f->dir = g_dir_make_tmp ("tremplin-languages-XXXXXX", NULL);
  config = kiosk_test_config (f->dir, NULL);
  config->idle_seconds = 3600;
  f->kiosk = tr_kiosk_new (config);
  f->window = tr_window_new (NULL, f->kiosk, FALSE);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_spin ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_test_close (f->window, &f->kiosk, &f->dir);
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

static TrSession *
session_of (Fixture *f)
{
  return tr_window_get_session (f->window);
}

/* The first widget of @type under @widget whose label is @label. */
static GtkWidget *
find_labelled (GtkWidget *widget, GType type, const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
    {
      const char *text = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                                                : GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget))
                                                                        : NULL;
      if (g_strcmp0 (text, label) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled (child, type, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static double
left_edge (Fixture *f, GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->window), &bounds));
  return bounds.origin.x;
}

static void
test_every_language_named_in_itself (void)
{
  const char *expected[][2] = {
    { "fr", "Français" }, { "en", "English" }, { "ar", "العربية" }, { "es", "Español" },
    { "pt", "Português" }, { "zh_CN", "简体中文" }, { "ta", "தமிழ்" }, { "tr", "Türkçe" },
  };
  const TrLanguage *list = tr_language_list ();
  guint n = 0;

  for (; list[n].code != NULL; n++)
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (list[n].code, ==, expected[n][0]);
      g_assert_cmpstr (list[n].native_name, ==, expected[n][1]);
      g_assert_true (tr_language_is_known (list[n].code));
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  g_assert_cmpint (tr_language_get_direction ("ar"), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (tr_language_get_direction ("zh_CN"), ==, GTK_TEXT_DIR_LTR);
  /* What the kiosk does not offer reads left to right, and is refused. */
  g_assert_cmpint (tr_language_get_direction ("xx"), ==, GTK_TEXT_DIR_LTR);
  g_assert_false (tr_language_is_known ("zh"));
  g_assert_false (tr_language_is_known (NULL));
  g_assert_null (tr_language_find ("AR"));
}

/* Each language's Welcome shows a button for every language, and Start in
 * that language's words: the catalogue follows without a restart. */
static void
test_switch_to_each_language (Fixture *f, gconstpointer data)
{
  for (const TrLanguage *l = tr_language_list (); l->code != NULL; l++)
    {
      GtkWidget *page;

      activate (f, "walk.language", g_variant_new_string (l->code));
      g_assert_cmpstr (tr_session_get_language (session_of (f)), ==, l->code);
      g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, l->code);
      page = GTK_WIDGET (tr_window_get_page (f->window));
      for (const TrLanguage *m = tr_language_list (); m->code != NULL; m++)
        g_assert_nonnull (find_labelled (page, GTK_TYPE_TOGGLE_BUTTON, m->native_name));
      g_assert_nonnull (find_labelled (page, GTK_TYPE_BUTTON, _("Start")));
      if (!g_str_equal (l->code, "en"))
        g_assert_cmpstr (_("Start"), !=, "Start");
      g_assert_cmpint (gtk_widget_get_direction (page), ==, l->direction);
    }
  /* The last was Turkish; Chinese month names come from the same catalogue. */
  activate (f, "walk.language", g_variant_new_string ("zh_CN"));
  g_assert_cmpstr (g_dpgettext2 (NULL, "month", "January"), !=, "January");
  g_assert_true (g_utf8_validate (g_dpgettext2 (NULL, "month", "January"), -1, NULL));
}

static void
test_arabic_mirrors_then_french_again (Fixture *f, gconstpointer data)
{
  GtkWidget *back, *next;

  activate (f, "walk.language", g_variant_new_string ("ar"));
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (f->window)), ==, GTK_TEXT_DIR_RTL);
  activate (f, "walk.next", NULL);
  activate (f, "walk.next", NULL);  /* past consent, to the first question */
  kiosk_test_spin ();
  back = find_labelled (GTK_WIDGET (f->window), GTK_TYPE_LABEL, _("Back"));
  next = find_labelled (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, _("Next"));
  g_assert_nonnull (back);
  g_assert_nonnull (next);
  /* Back is at the start of the line: on the right in Arabic. */
  g_assert_cmpfloat (left_edge (f, back), >, left_edge (f, next));

  tr_window_finish (f->window);
  kiosk_test_spin ();
  g_assert_cmpstr (tr_session_get_language (session_of (f)), ==, "fr");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (f->window)), ==, GTK_TEXT_DIR_LTR);
}

static void
test_display_options_last_one_session (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  g_assert_false (gtk_widget_has_css_class (window, "high-contrast"));
  activate (f, "walk.high-contrast", NULL);
  activate (f, "walk.large-text", NULL);
  g_assert_true (tr_session_get_high_contrast (session_of (f)));
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));
  g_assert_true (gtk_widget_has_css_class (window, "large-text"));

  /* A new language is a new session, with the same display. */
  activate (f, "walk.language", g_variant_new_string ("zh_CN"));
  g_assert_true (tr_session_get_high_contrast (session_of (f)));
  g_assert_true (tr_session_get_large_text (session_of (f)));
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));
  g_assert_true (gtk_widget_has_css_class (window, "large-text"));
  activate (f, "walk.next", NULL);
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));

  /* Switching it off again on Welcome. */
  activate (f, "walk.back", NULL);
  activate (f, "walk.high-contrast", NULL);
  g_assert_false (gtk_widget_has_css_class (window, "high-contrast"));
  activate (f, "walk.high-contrast", NULL);

  /* The next walk-in starts plain, in the kiosk's language. */
  tr_window_finish (f->window);
  kiosk_test_spin ();
  g_assert_false (tr_session_get_high_contrast (session_of (f)));
  g_assert_false (tr_session_get_large_text (session_of (f)));
  g_assert_false (gtk_widget_has_css_class (window, "high-contrast"));
  g_assert_false (gtk_widget_has_css_class (window, "large-text"));
  g_assert_cmpstr (tr_session_get_language (session_of (f)), ==, "fr");
}

/* The @nth switch under @widget, in the order of the tree. */
static GtkSwitch *
find_switch (GtkWidget *widget, guint *nth)
{
  if (GTK_IS_SWITCH (widget) && (*nth)-- == 0)
    return GTK_SWITCH (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSwitch *found = find_switch (child, nth);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkSwitch *
welcome_switch (Fixture *f, guint nth)
{
  GtkSwitch *found = find_switch (GTK_WIDGET (tr_window_get_page (f->window)), &nth);

  g_assert_nonnull (found);
  return found;
}

/* Welcome's switches are the session's own: set either, the other follows,
 * and so does the window's look. */
static void
test_welcome_switches_follow_session (Fixture *f, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkSwitch *large_text = welcome_switch (f, 0);
  GtkSwitch *high_contrast = welcome_switch (f, 1);

  g_assert_cmpstr (tr_page_get_name (tr_window_get_page (f->window)), ==, "welcome");
  g_assert_false (gtk_switch_get_active (large_text));
  g_assert_false (gtk_switch_get_active (high_contrast));

  gtk_switch_set_active (large_text, TRUE);
  kiosk_test_spin ();
  g_assert_true (tr_session_get_large_text (session_of (f)));
  g_assert_false (tr_session_get_high_contrast (session_of (f)));
  g_assert_true (gtk_widget_has_css_class (window, "large-text"));

  tr_session_set_high_contrast (session_of (f), TRUE);
  kiosk_test_spin ();
  g_assert_true (gtk_switch_get_active (high_contrast));
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));
  activate (f, "walk.large-text", NULL);
  g_assert_false (gtk_switch_get_active (large_text));
  g_assert_false (gtk_widget_has_css_class (window, "large-text"));

  /* A new language's Welcome starts with the session's look. */
  activate (f, "walk.language", g_variant_new_string ("en"));
  g_assert_false (gtk_switch_get_active (welcome_switch (f, 0)));
  g_assert_true (gtk_switch_get_active (welcome_switch (f, 1)));
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "fr", TRUE);
  tr_language_init ();
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/languages/list", test_every_language_named_in_itself);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/languages/switch", test_switch_to_each_language);
  ADD ("/languages/arabic-right-to-left", test_arabic_mirrors_then_french_again);
  ADD ("/languages/display-options", test_display_options_last_one_session);
  ADD ("/languages/welcome-switches", test_welcome_switches_follow_session);
  return g_test_run ();
}

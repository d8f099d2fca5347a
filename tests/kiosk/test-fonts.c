/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fonts.c — Welcome's first frame finds its fonts already loaded: GTK
 * draws with the font map loaded while it started, set up as that map's
 * fonts were loaded, in fonts the loading covers. */
#include "config.h"

#include <pango/pangocairo.h>

#include "kiosk-fixture.h"
#include "tr-fonts.h"

typedef struct {
  PangoContext *loaded;   /* set up as the fonts were loaded */
  GPtrArray    *missing;  /* what Welcome draws in a font not loaded */
  guint         labels;
} Check;

static gboolean
same_font_options (PangoContext *a, PangoContext *b)
{
  return cairo_font_options_equal (pango_cairo_context_get_font_options (a),
                                   pango_cairo_context_get_font_options (b));
}

/* Checks each label on screen under @widget. */
static void
check_labels (GtkWidget *widget, Check *check)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      PangoContext *context = gtk_widget_get_pango_context (widget);
      const PangoFontDescription *description = pango_context_get_font_description (context);

      check->labels++;
      g_assert_true (pango_context_get_font_map (context) == pango_context_get_font_map (check->loaded));
      g_assert_true (same_font_options (context, check->loaded));
      g_assert_cmpfloat (pango_cairo_context_get_resolution (context), ==,
                         pango_cairo_context_get_resolution (check->loaded));
      g_assert_true (pango_context_get_language (context) == pango_context_get_language (check->loaded));
      if (!tr_fonts_loads (description))
        {
          g_autofree char *font = pango_font_description_to_string (description);

          g_ptr_array_add (check->missing, g_strdup_printf ("“%s” in %s", gtk_label_get_text (GTK_LABEL (widget)), font));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (child, check);
}

/* Shows Welcome, open or closed, and checks each label it shows. */
static void
check_welcome (gboolean open, guint at_least)
{
  const char *screen = g_getenv ("SCREEN") != NULL ? g_getenv ("SCREEN") : "1280x800";
  g_autofree char *dir = g_dir_make_tmp ("tremplin-fonts-XXXXXX", NULL);
  TrConfig *config = kiosk_test_config (dir, NULL);
  TrKiosk *kiosk;
  TrWindow *window;
  Check check = {
    .loaded = tr_fonts_new_context (pango_cairo_font_map_get_default ()),
    .missing = g_ptr_array_new_with_free_func (g_free),
  };

  config->open = open;
  kiosk = tr_kiosk_new (config);
  window = tr_window_new (NULL, kiosk, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (tr_window_get_page (window))))
    g_main_context_iteration (NULL, TRUE);
  kiosk_test_spin ();
  g_assert_cmpstr (tr_page_get_name (tr_window_get_page (window)), ==, "welcome");
  check_labels (GTK_WIDGET (window), &check);
  g_assert_cmpuint (check.labels, >=, at_least);
  if (check.missing->len > 0)
    {
      g_ptr_array_add (check.missing, NULL);
      g_error ("On a %s screen, Welcome draws text in a font that tr-fonts.c does not load before the first "
               "frame: %s. Add its size and weight to welcome_text there.",
               screen, g_strjoinv ("; ", (char **) check.missing->pdata));
    }
  g_ptr_array_unref (check.missing);
  g_object_unref (check.loaded);
  kiosk_test_close (window, &kiosk, &dir);
}

static void
test_welcome_fonts_loaded (void)
{
  /* The title, the tagline, Start, eight languages, two display options. */
  check_welcome (TRUE, 13);
  /* The closed message instead of Start. */
  check_welcome (FALSE, 13);
}

static void
test_settings_given_to_gtk (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font = NULL;
  int dpi = 0;

  /* The desktop's settings do not change how the kiosk draws text. */
  g_object_get (settings, "gtk-font-name", &font, "gtk-xft-dpi", &dpi, NULL);
  g_assert_cmpstr (font, ==, "Sans 10");
  g_assert_cmpint (dpi, ==, 96 * 1024);
}

static void
test_loads_only_what_it_says (void)
{
  g_autoptr(PangoFontDescription) title = pango_font_description_from_string ("Sans Ultra-Bold 60px");
  g_autoptr(PangoFontDescription) other_size = pango_font_description_from_string ("Sans Ultra-Bold 61px");
  g_autoptr(PangoFontDescription) other_family = pango_font_description_from_string ("Serif Ultra-Bold 60px");

  g_assert_true (tr_fonts_loads (title));
  g_assert_false (tr_fonts_loads (other_size));
  g_assert_false (tr_fonts_loads (other_family));
}

int
main (int argc, char **argv)
{
  /* As the kiosk: the loading starts before GTK does. */
  GThread *loading = tr_fonts_start_loading ();
  g_autoptr(GtkCssProvider) style = NULL;

  kiosk_test_init (&argc, &argv);
  tr_fonts_apply (loading);
  style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (style, "/org/tremplin/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/fonts/welcome-fonts-loaded", test_welcome_fonts_loaded);
  g_test_add_func ("/fonts/settings-given-to-gtk", test_settings_given_to_gtk);
  g_test_add_func ("/fonts/loads-only-what-it-says", test_loads_only_what_it_says);
  return g_test_run ();
}

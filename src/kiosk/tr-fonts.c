/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-fonts.c — the kiosk's text: drawn the same way on every machine, and
 * the fonts of Welcome's first frame loaded while GTK starts. */
#include "config.h"

#include <pango/pangocairo.h>

#include "tr-fonts.h"
#include "tr-language.h"

/* How the kiosk draws text whatever the desktop's settings say, as its
 * documented screenshots show it. The fonts are loaded for exactly these,
 * so GTK must use the same: tr_fonts_apply() gives them to GTK. */
#define FONT "Sans 10"          /* the family; sizes are the style sheet's */
#define DPI 96

/* Welcome's text, open or closed, from ui/style.css: the window's 20 px
 * times each class's em, at its weight. Text in another size is drawn all
 * the same; its font is loaded when first drawn. */
#define WINDOW_PX 20
static const struct {
  double      em;
  PangoWeight weight;
} welcome_text[] = {
  { 1.0, PANGO_WEIGHT_NORMAL },     /* the window's text */
  { 1.0, PANGO_WEIGHT_BOLD },       /* the language buttons */
  { 1.1, PANGO_WEIGHT_BOLD },       /* .display-option */
  { 1.2, PANGO_WEIGHT_NORMAL },     /* .closed-message */
  { 1.3, PANGO_WEIGHT_NORMAL },     /* .welcome-tagline */
  { 1.6, PANGO_WEIGHT_BOLD },       /* .start-button */
  { 2.2, PANGO_WEIGHT_ULTRABOLD },  /* .welcome-title on a small screen */
  { 3.0, PANGO_WEIGHT_ULTRABOLD },  /* .welcome-title */
};

static PangoFontDescription *
new_description (double em, PangoWeight weight)
{
  PangoFontDescription *description = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (description, WINDOW_PX * em * PANGO_SCALE);
  pango_font_description_set_weight (description, weight);
  return description;
}

PangoContext *
tr_fonts_new_context (PangoFontMap *map)
{
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *description = pango_font_description_from_string (FONT);

  /* What GTK makes of the settings that tr_fonts_apply() gives it. */
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_MEDIUM);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, DPI);
  /* GTK's language: the locale's (gtk_get_default_language), not LANGUAGE. */
  pango_context_set_language (context, pango_language_get_default ());
  pango_context_set_font_description (context, description);
  pango_font_description_free (description);
  cairo_font_options_destroy (options);
  return context;
}

/* Loads each of Welcome's fonts, with the names of the languages in it: the
 * Chinese and Tamil names bring in the fonts they fall back to. Pango keeps
 * what it loads in @map. Runs in a thread: a font map may be made and used
 * in any thread, one at a time. */
static gpointer
load_welcome_fonts (gpointer unused)
{
  PangoFontMap *map = pango_cairo_font_map_new ();
  PangoContext *context = tr_fonts_new_context (map);
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(GString) sample = g_string_new ("0123456789");

  for (const TrLanguage *language = tr_language_list (); language->code != NULL; language++)
    g_string_append_printf (sample, " %s", language->native_name);
  pango_layout_set_text (layout, sample->str, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (welcome_text); i++)
    {
      PangoFontDescription *description = new_description (welcome_text[i].em, welcome_text[i].weight);

      pango_layout_set_font_description (layout, description);
      pango_layout_get_extents (layout, NULL, NULL);
      pango_font_metrics_unref (pango_context_get_metrics (context, description, NULL));
      pango_font_description_free (description);
    }
  g_object_unref (layout);
  g_object_unref (context);
  return map;
}

GThread *
tr_fonts_start_loading (void)
{
  return g_thread_new ("tr-fonts", load_welcome_fonts, NULL);
}

void
tr_fonts_apply (GThread *loading)
{
  g_autoptr(PangoFontMap) map = g_thread_join (loading);

  g_object_set (gtk_settings_get_default (),
                "gtk-font-name", FONT,
                "gtk-xft-dpi", DPI * 1024,
                "gtk-xft-antialias", 1,
                "gtk-xft-hinting", 1,
                "gtk-xft-hintstyle", "hintmedium",
                "gtk-xft-rgba", "none",
                NULL);
  /* The default of this thread, the one GTK draws in. */
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (map));
}

void
tr_fonts_discard (GThread *loading)
{
  g_object_unref (g_thread_join (loading));
}

gboolean
tr_fonts_loads (const PangoFontDescription *description)
{
  for (gsize i = 0; i < G_N_ELEMENTS (welcome_text); i++)
    {
      g_autoptr(PangoFontDescription) loaded = new_description (welcome_text[i].em, welcome_text[i].weight);

      if (pango_font_description_equal (loaded, description))
        return TRUE;
    }
  return FALSE;
}

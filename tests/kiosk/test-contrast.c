/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contrast of every text a walk-in sees, measured on the pixels the
 * kiosk actually draws: each page of the walk is rendered, and for every
 * label on screen the background (the commonest colour behind its text) and
 * the text (the colour furthest from it) must differ by at least 4.5:1, the
 * WCAG 2.1 AA ratio, in the normal style and in high contrast.
 *
 * TREMPLIN_CONTRAST_SHOTS=DIR saves each rendered page there as a PNG. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-details-page.h"
#include "tr-kiosk.h"
#include "tr-language.h"
#include "tr-offers-page.h"
#include "tr-window.h"
#include "kiosk-fixture.h"

#define MINIMUM_RATIO 4.5

typedef struct {
  char     *dir;
  TrKiosk  *kiosk;
  TrWindow *window;
  gboolean  high_contrast;
  /* The worst label seen so far, for the report. */
  double    worst_ratio;
  char     *worst;
  GString  *failures;
} Fixture;

typedef struct {
  const guchar *pixels;  /* B8G8R8A8 premultiplied (GDK_MEMORY_DEFAULT) */
  gsize         stride;
  int           width;
  int           height;
} Picture;

/* WCAG 2.1 relative luminance of an sRGB colour 0xRRGGBB. */
static double
luminance (guint32 rgb)
{
  double channel[3];

  for (int i = 0; i < 3; i++)
    {
      double c = ((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
      channel[i] = c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
    }
  return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2];
}

static double
contrast_ratio (guint32 a, guint32 b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The window is opaque: every pixel is a plain colour. */
static guint32
pixel_at (const Picture *picture, int x, int y)
{
  const guchar *p = picture->pixels + (gsize) y * picture->stride + (gsize) x * 4;

  return ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* Where @label's text is drawn, in the window's coordinates, cut to what its
 * scrolled windows and other ancestors let show. FALSE when none shows. */
static gboolean
text_area (TrWindow *window, GtkLabel *label, GdkRectangle *area)
{
  PangoRectangle logical;
  graphene_point_t origin, corner;
  int x, y;

  gtk_label_get_layout_offsets (label, &x, &y);
  pango_layout_get_pixel_extents (gtk_label_get_layout (label), NULL, &logical);
  if (!gtk_widget_compute_point (GTK_WIDGET (label), GTK_WIDGET (window),
                                 &GRAPHENE_POINT_INIT (x + logical.x, y + logical.y), &origin) ||
      !gtk_widget_compute_point (GTK_WIDGET (label), GTK_WIDGET (window),
                                 &GRAPHENE_POINT_INIT (x + logical.x + logical.width,
                                                       y + logical.y + logical.height), &corner))
    return FALSE;
  area->x = (int) ceil (MIN (origin.x, corner.x));
  area->y = (int) ceil (origin.y);
  area->width = (int) floor (MAX (origin.x, corner.x)) - area->x;
  area->height = (int) floor (corner.y) - area->y;
  for (GtkWidget *w = GTK_WIDGET (label); w != NULL; w = gtk_widget_get_parent (w))
    {
      graphene_rect_t bounds;
      GdkRectangle visible;

      if (!gtk_widget_compute_bounds (w, GTK_WIDGET (window), &bounds))
        return FALSE;
      visible = (GdkRectangle) { (int) ceil (bounds.origin.x), (int) ceil (bounds.origin.y),
                                 (int) floor (bounds.size.width), (int) floor (bounds.size.height) };
      if (!gdk_rectangle_intersect (area, &visible, area))
        return FALSE;
    }
  return area->width >= 4 && area->height >= 4;
}

/* A label a walk-in can see: mapped, with text, not faded out, and not the
 * label of a control that is switched off (WCAG leaves those out). */
static gboolean
is_seen (GtkWidget *widget)
{
  double opacity = 1.0;
  const char *text;

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  text = gtk_label_get_text (GTK_LABEL (widget));
  while (text != NULL && g_ascii_isspace (*text))
    text++;
  if (text == NULL || *text == '\0')
    return FALSE;
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    opacity *= gtk_widget_get_opacity (w);
  return opacity > 0.05;
}

static void
measure_label (Fixture *f, const Picture *picture, const char *where, GtkLabel *label)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  GdkRectangle area, screen = { 0, 0, picture->width, picture->height };
  guint32 background = 0, text = 0;
  guint best_count = 0;
  double ratio = 1.0;
  GHashTableIter iter;
  gpointer key, value;

  if (!text_area (f->window, label, &area) || !gdk_rectangle_intersect (&area, &screen, &area))
    return;
  for (int y = area.y; y < area.y + area.height; y++)
    for (int x = area.x; x < area.x + area.width; x++)
      {
        gpointer colour = GUINT_TO_POINTER (pixel_at (picture, x, y) | 0x1000000);
        g_hash_table_insert (counts, colour,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, colour)) + 1));
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best_count)
      {
        best_count = GPOINTER_TO_UINT (value);
        background = GPOINTER_TO_UINT (key) & 0xffffff;
      }
  /* The text's own colour is where its strokes are solid: the pixel that
   * stands furthest from the background. */
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint32 colour = GPOINTER_TO_UINT (key) & 0xffffff;
      double r = contrast_ratio (colour, background);

      if (r > ratio)
        {
          ratio = r;
          text = colour;
        }
    }
  if (ratio < f->worst_ratio)
    {
      f->worst_ratio = ratio;
      g_free (f->worst);
      f->worst = g_strdup_printf ("%s: “%s” %.2f:1 (#%06x on #%06x)", where,
                                  gtk_label_get_text (label), ratio, text, background);
    }
  if (ratio < MINIMUM_RATIO)
    {
      g_autofree char *classes = g_strjoinv (".", gtk_widget_get_css_classes (GTK_WIDGET (label)));
      g_string_append_printf (f->failures, "%s: “%s” (label.%s) %.2f:1, #%06x on #%06x\n",
                              where, gtk_label_get_text (label), classes, ratio, text, background);
    }
}

static void
measure_labels (Fixture *f, const Picture *picture, const char *where, GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && is_seen (widget))
    measure_label (f, picture, where, GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    measure_labels (f, picture, where, child);
}

static void
on_after_paint (GdkFrameClock *clock, guint *painted)
{
  (*painted)++;
}

/* Waits until the window has been drawn as it now is: what it shows, not
 * what it will show once laid out. */
static void
wait_for_frames (GtkWidget *window, guint frames)
{
  GdkFrameClock *clock;
  guint painted = 0;
  gulong handler;

  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  for (guint i = 1; i <= frames; i++)
    {
      gtk_widget_queue_draw (window);
      while (painted < i)
        g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
}

/* Renders the window as the screen shows it and measures every label. */
static void
check_screen (Fixture *f, const char *where)
{
  GtkWidget *widget = GTK_WIDGET (f->window);
  int width, height;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  const char *shots = g_getenv ("TREMPLIN_CONTRAST_SHOTS");
  Picture picture;

  wait_for_frames (widget, 2);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  picture.width = gdk_texture_get_width (texture);
  picture.height = gdk_texture_get_height (texture);
  picture.stride = (gsize) picture.width * 4;
  pixels = g_malloc (picture.stride * picture.height);
  gdk_texture_download (texture, pixels, picture.stride);
  picture.pixels = pixels;
  if (shots != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s%s.png", where, f->high_contrast ? "-hc" : "");
      g_autofree char *path = g_build_filename (shots, name, NULL);
      gdk_texture_save_to_png (texture, path);
    }
  measure_labels (f, &picture, where, widget);
}

static const char *
page_name (Fixture *f)
{
  return tr_page_get_name (tr_window_get_page (f->window));
}

static void
go_to (Fixture *f, const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "walk.go-to", "s", name));
  kiosk_test_spin ();
  g_assert_cmpstr (page_name (f), ==, name);
}

static void
activate (Fixture *f, const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  kiosk_test_spin ();
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  TrConfig *config;

  f->high_contrast = GPOINTER_TO_INT (data);
  f->dir = g_dir_make_tmp ("tremplin-contrast-XXXXXX", NULL);
  config = kiosk_test_config (f->dir, "en");
  /* "Are you still there?" would dim the page being measured. */
  config->idle_seconds = 3600;
  f->kiosk = tr_kiosk_new (config);
  g_assert_false (tr_kiosk_is_faulty (f->kiosk));
  f->window = tr_window_new (NULL, f->kiosk, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_spin ();
  f->worst_ratio = G_MAXDOUBLE;
  f->failures = g_string_new (NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_test_close (f->window, &f->kiosk, &f->dir);
  g_free (f->worst);
  g_string_free (f->failures, TRUE);
}

/* A fresh walk-in in the fixture's style, who gave @job_status (which
 * decides the verdict's colour) and the other answers of an eligible person. */
static TrSession *
new_walk_in (Fixture *f, const char *job_status, const char *birth_date)
{
  TrSession *session;
  g_autoptr(GDateTime) now = tr_clock_now ();
  GDate today;

  tr_window_finish (f->window);
  kiosk_test_spin ();
  if (f->high_contrast)
    activate (f, "walk.high-contrast");
  session = tr_window_get_session (f->window);
  g_assert_cmpint (tr_session_get_high_contrast (session), ==, f->high_contrast);
  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (f->window), "high-contrast"), ==, f->high_contrast);
  tr_clock_local_gdate (now, &today);
  tr_session_set_answer (session, "birth_date", birth_date);
  tr_session_set_answer (session, "postcode", "75018");
  tr_session_set_answer (session, "qpv", "yes");
  tr_session_set_answer (session, "job_status", job_status);
  tr_session_set_answer (session, "unemployed_months", "14");
  tr_session_set_answer (session, "diploma", "bac");
  tr_session_set_answer (session, "gender", "woman");
  tr_session_set_answer (session, "in_training", "no");
  tr_session_set_verdict (session, tr_rules_decide (tr_kiosk_get_rules (f->kiosk),
                                                    tr_session_get_answers (session), &today, NULL));
  return session;
}

static void
check_verdict (Fixture *f, const char *job_status, const char *birth_date, const char *where)
{
  new_walk_in (f, job_status, birth_date);
  go_to (f, "verdict");
  check_screen (f, where);
}

static void
check_offers (Fixture *f, TrSession *session)
{
  TrOffersPage *offers;
  GListModel *results;
  g_autoptr(TrOffer) offer = NULL;

  go_to (f, "offers");
  offers = TR_OFFERS_PAGE (tr_window_get_page (f->window));
  check_screen (f, "offers-categories");
  tr_offers_page_show_category (offers, -1);
  kiosk_test_spin ();
  check_screen (f, "offers-list");
  results = tr_offers_page_get_results (offers);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  offer = g_list_model_get_item (results, 0);
  tr_offers_page_show_offer (offers, offer);
  kiosk_test_spin ();
  check_screen (f, "offer");
  tr_session_set_offer (session, offer);
}

static void
fill_details (TrSession *session)
{
  tr_session_set_detail (session, TR_FIELD_FIRST_NAME, "Awa");
  tr_session_set_detail (session, TR_FIELD_LAST_NAME, "Diallo");
  tr_session_set_detail (session, TR_FIELD_BIRTH_DATE, "14/03/1990");
  tr_session_set_detail (session, TR_FIELD_PHONE, "06 12 34 56 78");
  tr_session_set_detail (session, TR_FIELD_EMAIL, "awa.diallo@example.org");
  tr_session_set_detail (session, TR_FIELD_POSTCODE, "75018");
}

static void
test_every_screen (Fixture *f, gconstpointer data)
{
  TrRules *rules = tr_kiosk_get_rules (f->kiosk);
  TrSession *session;

  session = new_walk_in (f, "registered", "1990-03-14");
  check_screen (f, "welcome");
  go_to (f, "consent");
  check_screen (f, "consent");
  for (guint i = 0; i < tr_rules_get_n_questions (rules); i++)
    {
      g_autofree char *name = g_strdup_printf ("question-%s",
                                               tr_question_get_id (tr_rules_get_question (rules, i)));
      go_to (f, name);
      check_screen (f, name);
    }
  go_to (f, "verdict");
  check_screen (f, "verdict-eligible");
  check_offers (f, session);

  go_to (f, "details");
  /* Next on an empty form shows every field's error. */
  activate (f, "walk.next");
  g_assert_cmpstr (page_name (f), ==, "details");
  g_assert_nonnull (gtk_label_get_label (tr_details_page_get_error_label (
                      TR_DETAILS_PAGE (tr_window_get_page (f->window)), TR_FIELD_FIRST_NAME)));
  check_screen (f, "details-errors");

  fill_details (session);
  go_to (f, "review");
  check_screen (f, "review");
  activate (f, "walk.next");
  g_assert_cmpstr (page_name (f), ==, "receipt");
  g_assert_nonnull (tr_session_get_registration (session));
  check_screen (f, "receipt");

  check_verdict (f, "not_registered", "1990-03-14", "verdict-conditional");
  check_verdict (f, "registered", "2015-03-14", "verdict-not-eligible");

  g_test_message ("lowest contrast: %s", f->worst);
  if (f->failures->len > 0)
    {
      g_auto(GStrv) lines = g_strsplit (f->failures->str, "\n", -1);

      for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
        g_test_message ("too faint: %s", lines[i]);
      g_test_fail_printf ("%u texts below %.1f:1 (WCAG 2.1 AA), the worst %s",
                          g_strv_length (lines) - 1, MINIMUM_RATIO, f->worst);
    }
}

/* The measure itself, on colours whose ratios are known. */
static void
test_ratio_formula (void)
{
  g_assert_cmpfloat_with_epsilon (contrast_ratio (0x000000, 0xffffff), 21.0, 0.01);
  g_assert_cmpfloat_with_epsilon (contrast_ratio (0xffffff, 0xffffff), 1.0, 0.001);
  /* #767676 on white is the classic grey that just passes AA. */
  g_assert_cmpfloat_with_epsilon (contrast_ratio (0x767676, 0xffffff), 4.54, 0.01);
  g_assert_cmpfloat_with_epsilon (contrast_ratio (0xffffff, 0x777777), 4.48, 0.01);
}

int
main (int argc, char **argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "en", TRUE);
  tr_language_init ();
  kiosk_test_init (&argc, &argv);
  /* Measure each page as it settles, not halfway through a cross-fade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/tremplin/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_test_add_func ("/contrast/ratio", test_ratio_formula);
  g_test_add ("/contrast/normal", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_every_screen,
              fixture_tear_down);
  g_test_add ("/contrast/high-contrast", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_every_screen,
              fixture_tear_down);
  return g_test_run ();
}

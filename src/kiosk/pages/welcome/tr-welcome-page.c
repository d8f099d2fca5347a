/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-welcome-page.c — the attract screen: Start, the language, large text and high contrast. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-language.h"
#include "tr-welcome-page.h"

struct _TrWelcomePage
{
  TrPage      parent_instance;

  GtkLabel   *programme_label;
  GtkLabel   *closed_label;
  GtkWidget  *start_button;
  GtkGrid    *languages;
  GtkSwitch  *large_text_switch;
  GtkSwitch  *high_contrast_switch;
  GtkWidget  *logo;
  AdwBin     *centred;
  guint       logo_hold_source;
};

/* Eight languages make two rows of four: wide enough for every name in
 * large text, narrow enough for a portrait screen. */
#define LANGUAGES_PER_ROW 4

/* Staff hold the logo this long to reach staff mode: longer than any
 * walk-in's tap or rest of a finger. */
#define STAFF_PRESS_MILLISECONDS 3000

G_DEFINE_FINAL_TYPE (TrWelcomePage, tr_welcome_page, TR_TYPE_PAGE)

/* Why nobody can start now, in words for a walk-in; NULL when open. */
static const char *
closed_reason (TrKiosk *kiosk)
{
  if (tr_kiosk_is_faulty (kiosk))
    return _("This kiosk is temporarily closed. Please ask a member of staff for help.");
  if (!tr_kiosk_has_office_key (kiosk))
    return _("This kiosk is not set up yet. Please ask a member of staff for help.");
  if (tr_kiosk_is_closed_today (kiosk))
    return _("Registrations are closed today. Please come back another day, or ask a member of staff.");
  if (!tr_kiosk_is_open (kiosk))
    return _("There is no training to offer at the moment. Please come back soon.");
  return NULL;
}

static void
on_language_clicked (GtkButton *button, TrWelcomePage *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "language");

  gtk_widget_activate_action (GTK_WIDGET (self), "walk.language", "s", code);
}

/* One button per language, each named in itself, the session's pressed. */
static void
add_language_buttons (TrWelcomePage *self)
{
  const char *current = tr_page_get_language (TR_PAGE (self));
  guint n = 0, rows, per_row;

  for (const TrLanguage *l = tr_language_list (); l->code != NULL; l++)
    n++;
  /* Rows as even as can be: 8 as 4 + 4, 5 as 3 + 2. */
  rows = MAX ((n + LANGUAGES_PER_ROW - 1) / LANGUAGES_PER_ROW, 1);
  per_row = MAX ((n + rows - 1) / rows, 1);
  n = 0;
  for (const TrLanguage *l = tr_language_list (); l->code != NULL; l++, n++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (l->native_name);

      gtk_widget_add_css_class (button, "language-button");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), g_strcmp0 (l->code, current) == 0);
      g_object_set_data (G_OBJECT (button), "language", (gpointer) l->code);
      g_signal_connect (button, "clicked", G_CALLBACK (on_language_clicked), self);
      gtk_grid_attach (self->languages, button, (int) (n % per_row), (int) (n / per_row), 1, 1);
    }
}

/* The logo is the application's icon drawn at 128 px, at 1× and 2× scale,
 * from PNGs made from ui/icons/…/org.tremplin.Kiosk.svg (tests/kiosk/
 * test-logo.c checks they still match it, and remakes them). Taken by its
 * icon name, the SVG cost the first frame about 10 ms: GdkPixbuf's module
 * list, the MIME database and librsvg, loaded for this one picture; GTK
 * reads a PNG itself. The pixels are those the icon theme drew. */
static void
show_logo (GtkWidget *logo)
{
  const char *path = gtk_widget_get_scale_factor (logo) > 1 ? "/org/tremplin/Kiosk/logo/logo-256.png"
                                                            : "/org/tremplin/Kiosk/logo/logo-128.png";
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_resource (path);

  gtk_image_set_from_paintable (GTK_IMAGE (logo), GDK_PAINTABLE (texture));
}

/* The content in the middle of the page's height when it is shorter, at
 * the top (and scrolled) when taller: what valign=center on the content
 * showed, pixel for pixel, without the cost GTK 4.8 gives that alignment.
 * Allocating an aligned height-for-width widget, it asked the content for
 * its width for a given height, and so searched, width after width, for the
 * narrowest one whose wrapped title and tagline still fitted: some forty
 * layouts of each, a tenth of Welcome's first frame. Centred here, the
 * content is measured once, at its width. */
static GtkSizeRequestMode
centred_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
centred_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
centred_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  int minimum, natural, y = 0;

  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  /* As GTK centres: the spare height halved, rounded down. */
  if (height > natural)
    {
      y = (height - natural) / 2;
      height = natural;
    }
  gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, height }, -1);
}

static gboolean
on_logo_held (gpointer data)
{
  TrWelcomePage *self = data;

  self->logo_hold_source = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "staff.open", NULL);
  return G_SOURCE_REMOVE;
}

/* GtkGestureLongPress waits at most twice gtk-long-press-time (its delay
 * factor stops at 2): the rest of the hold is timed here, and lifting the
 * finger before the end stops it. */
static void
on_logo_long_press (GtkGestureLongPress *press, double x, double y, TrWelcomePage *self)
{
  int waited = (int) (gtk_gesture_long_press_get_delay_factor (press) *
                      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (press), "long-press-time")));

  g_clear_handle_id (&self->logo_hold_source, g_source_remove);
  self->logo_hold_source = g_timeout_add (MAX (STAFF_PRESS_MILLISECONDS - waited, 1), on_logo_held, self);
}

static void
on_logo_released (TrWelcomePage *self)
{
  g_clear_handle_id (&self->logo_hold_source, g_source_remove);
}

static void
watch_logo_press (TrWelcomePage *self)
{
  GtkGesture *press = gtk_gesture_long_press_new ();
  int long_press_time = 500;

  g_object_get (gtk_widget_get_settings (self->logo), "gtk-long-press-time", &long_press_time, NULL);
  long_press_time = MAX (long_press_time, 1);
  g_object_set_data (G_OBJECT (press), "long-press-time", GINT_TO_POINTER (long_press_time));
  gtk_gesture_long_press_set_delay_factor (GTK_GESTURE_LONG_PRESS (press),
                                           CLAMP ((double) STAFF_PRESS_MILLISECONDS / long_press_time, 0.5, 2.0));
  g_signal_connect (press, "pressed", G_CALLBACK (on_logo_long_press), self);
  g_signal_connect_swapped (press, "end", G_CALLBACK (on_logo_released), self);
  g_signal_connect_swapped (press, "cancelled", G_CALLBACK (on_logo_released), self);
  gtk_widget_add_controller (self->logo, GTK_EVENT_CONTROLLER (press));
}

static void
tr_welcome_page_constructed (GObject *object)
{
  TrWelcomePage *self = TR_WELCOME_PAGE (object);
  TrPage *page = TR_PAGE (self);
  TrKiosk *kiosk = tr_page_get_kiosk (page);
  TrRules *rules = tr_kiosk_get_rules (kiosk);
  g_autofree char *programme = rules != NULL
                               ? tr_rules_get_programme_name (rules, tr_page_get_language (page))
                               : g_strdup ("Tremplin");
  const char *reason = closed_reason (kiosk);

  G_OBJECT_CLASS (tr_welcome_page_parent_class)->constructed (object);

  gtk_label_set_label (self->programme_label, programme);
  gtk_label_set_label (self->closed_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->closed_label), reason != NULL);
  gtk_widget_set_visible (self->start_button, reason == NULL);

  add_language_buttons (self);

  /* The switches are the session's: the window follows it. */
  g_object_bind_property (tr_page_get_session (page), "large-text", self->large_text_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (tr_page_get_session (page), "high-contrast", self->high_contrast_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  show_logo (self->logo);
  g_signal_connect (self->logo, "notify::scale-factor", G_CALLBACK (show_logo), NULL);
  watch_logo_press (self);
}

static void
tr_welcome_page_shown (TrPage *page)
{
  TrWelcomePage *self = TR_WELCOME_PAGE (page);

  if (gtk_widget_get_visible (self->start_button))
    gtk_widget_grab_focus (self->start_button);
}

static void
tr_welcome_page_dispose (GObject *object)
{
  g_clear_handle_id (&TR_WELCOME_PAGE (object)->logo_hold_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_WELCOME_PAGE);
  G_OBJECT_CLASS (tr_welcome_page_parent_class)->dispose (object);
}

static void
tr_welcome_page_class_init (TrWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tr_welcome_page_constructed;
  object_class->dispose = tr_welcome_page_dispose;
  TR_PAGE_CLASS (klass)->shown = tr_welcome_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, programme_label);
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, languages);
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, large_text_switch);
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, high_contrast_switch);
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, logo);
  gtk_widget_class_bind_template_child (widget_class, TrWelcomePage, centred);
}

static void
tr_welcome_page_init (TrWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self->centred),
                                 gtk_custom_layout_new (centred_request_mode, centred_measure, centred_allocate));
}

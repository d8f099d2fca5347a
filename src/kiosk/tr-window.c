/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-window.c — the kiosk's one window: the walk's pages, the bar, and the idle watch. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-language.h"
#include "tr-osk.h"
#include "tr-pages.h"
#include "tr-staff-panel.h"
#include "tr-staff-unlock-view.h"
#include "tr-stack.h"
#include "tr-window.h"

/* How long "Are you still there?" waits before wiping the session. */
#define IDLE_COUNTDOWN_SECONDS 20

struct _TrWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *pages;
  GtkWidget            *navigation;
  GtkWidget            *back_button;
  AdwButtonContent     *back_content;
  GtkButton            *next_button;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *idle_warning;
  GtkLabel             *idle_title;
  GtkLabel             *idle_countdown;
  GtkButton            *still_here_button;
  GtkStack             *modes;
  AdwBin               *staff_bin;
  TrOsk                *osk;

  TrKiosk              *kiosk;
  TrSession            *session;
  GPtrArray            *plan;      /* TrPageSpec: the walk's order */
  GPtrArray            *walk;      /* the session's pages, NULL until first needed */
  GArray               *history;   /* indices of the pages visited, for Back */
  guint                 current;
  gboolean              kiosk_mode;

  guint                 idle_source;
  guint                 countdown_source;
  guint                 countdown;

  TrWindowMode          mode;
  guint                 staff_idle_source;
  guint                 new_day_source;
  guint                 staff_idle_seconds;
};

G_DEFINE_FINAL_TYPE (TrWindow, tr_window, ADW_TYPE_APPLICATION_WINDOW)

static void show_page (TrWindow *self, guint index, gboolean remember);
static void restart_idle_timer (TrWindow *self);
static void restart_staff_idle_timer (TrWindow *self);

/* Pages not built yet are NULL in the walk. */
static void
unref_page (gpointer page)
{
  if (page != NULL)
    g_object_unref (page);
}

/* Builds a page the first time the walk reaches it. */
static TrPage *
page_at (TrWindow *self, guint index)
{
  TrPage *page = g_ptr_array_index (self->walk, index);

  if (page == NULL)
    {
      const TrPageSpec *spec = g_ptr_array_index (self->plan, index);

      page = tr_pages_create (spec, self->kiosk, self->session);
      gtk_widget_set_visible (GTK_WIDGET (page), FALSE);
      gtk_stack_add_named (self->pages, GTK_WIDGET (page), spec->name);
      g_ptr_array_index (self->walk, index) = page;
    }
  return page;
}

static const TrPageSpec *
spec_at (TrWindow *self, guint index)
{
  return g_ptr_array_index (self->plan, index);
}

/* Only question pages can be skipped: other pages need not be built to know. */
static gboolean
skips (TrWindow *self, guint index)
{
  return spec_at (self, index)->question >= 0 && tr_page_should_skip (page_at (self, index));
}

TrPage *
tr_window_get_page (TrWindow *self)
{
  return self->walk != NULL ? page_at (self, self->current) : NULL;
}

TrSession *
tr_window_get_session (TrWindow *self)
{
  return self->session;
}

/* Drops the pages of the last walk-in: their widgets held what was typed. */
static void
clear_walk (TrWindow *self)
{
  /* The focus must not stay on a widget of a page being dropped. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  if (self->walk != NULL)
    for (guint i = 0; i < self->walk->len; i++)
      if (g_ptr_array_index (self->walk, i) != NULL)
        gtk_stack_remove (self->pages, g_ptr_array_index (self->walk, i));
  g_clear_pointer (&self->walk, g_ptr_array_unref);
  g_array_set_size (self->history, 0);
  if (self->session != NULL)
    {
      /* Wiping resets the look: the next session sets it again. */
      g_signal_handlers_disconnect_by_data (self->session, self);
      tr_session_wipe (self->session);
    }
  g_clear_object (&self->session);
}

/* The window outlives the sessions: its own texts follow each session's
 * language, like the pages built for it. */
static void
set_window_texts (TrWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Tremplin"));
  adw_button_content_set_label (self->back_content, _("Back"));
  gtk_label_set_label (self->idle_title, _("Are you still there?"));
  gtk_button_set_label (self->still_here_button, _("Yes, I am still here"));
}

static void
set_css_class (GtkWidget *widget, const char *name, gboolean on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* The session's large text and high contrast, on the whole window. */
static void
show_session_look (TrWindow *self)
{
  set_css_class (GTK_WIDGET (self), "large-text", tr_session_get_large_text (self->session));
  set_css_class (GTK_WIDGET (self), "high-contrast", tr_session_get_high_contrast (self->session));
}

/* Welcome's switches (or walk.large-text, walk.high-contrast) changed the
 * look: a person is there. */
static void
on_session_look_changed (TrWindow *self)
{
  show_session_look (self);
  restart_idle_timer (self);
}

static void
load_icon_theme (GTask *task, gpointer icon_theme, gpointer data, GCancellable *cancellable)
{
  gtk_icon_theme_has_icon (icon_theme, "switch-on-symbolic");
  g_task_return_boolean (task, TRUE);
}

/* Welcome's switches draw GTK's switch-on and switch-off icons, and the
 * first icon a process looks up has the icon theme read (Adwaita's and
 * hicolor's index files, caches and folders): 10 ms and more. GTK starts
 * reading it in a thread at start-up, but each resource path added to the
 * theme afterwards (libadwaita's, then the application's) throws that away,
 * and the main thread read it all again in gtk_window_present(), before the
 * first frame. It is read again here, in a thread, once, while Welcome is
 * built and the window presented: once set up on the main thread,
 * GtkIconTheme's lookups are thread-safe, and a lookup made meanwhile waits
 * for this one. */
static void
preload_icon_theme (void)
{
  static gboolean started;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (started || display == NULL)
    return;
  started = TRUE;
  task = g_task_new (gtk_icon_theme_get_for_display (display), NULL, NULL, NULL);
  g_task_run_in_thread (task, load_icon_theme);
}

static void
start_session (TrWindow *self, const char *language, gboolean large_text, gboolean high_contrast)
{
  clear_walk (self);
  /* No page left of the last walk-in: the walk may change with the rules. */
  if (tr_kiosk_take_published_rules (self->kiosk))
    {
      g_ptr_array_unref (self->plan);
      self->plan = tr_pages_plan (self->kiosk);
    }
  tr_language_apply (language);
  /* After the language: LANGUAGE is set in the environment, which no
   * thread may be reading then. */
  preload_icon_theme ();
  self->session = tr_session_new (language);
  tr_session_set_large_text (self->session, large_text);
  tr_session_set_high_contrast (self->session, high_contrast);
  show_session_look (self);
  g_signal_connect_swapped (self->session, "notify::large-text", G_CALLBACK (on_session_look_changed), self);
  g_signal_connect_swapped (self->session, "notify::high-contrast", G_CALLBACK (on_session_look_changed), self);

  set_window_texts (self);
  self->walk = g_ptr_array_new_with_free_func (unref_page);
  g_ptr_array_set_size (self->walk, self->plan->len);
  show_page (self, 0, FALSE);
}

/* New rules are for the next walk-in: at once when Welcome waits for one. */
static void
on_rules_published (TrWindow *self)
{
  if (self->mode == TR_WINDOW_WALK && self->current == 0)
    tr_window_finish (self);
}

static gboolean
on_new_day (gpointer data)
{
  TrWindow *self = data;

  self->new_day_source = 0;
  if (self->mode == TR_WINDOW_WALK && self->current == 0)
    tr_window_finish (self);
  return G_SOURCE_REMOVE;
}

void
tr_window_finish (TrWindow *self)
{
  start_session (self, tr_kiosk_get_config (self->kiosk)->language, FALSE, FALSE);
  /* Closed by staff for the day: Welcome opens again by itself at midnight. */
  g_clear_handle_id (&self->new_day_source, g_source_remove);
  if (tr_kiosk_is_closed_today (self->kiosk) && tr_kiosk_get_config (self->kiosk)->open)
    {
      g_autoptr(GDateTime) now = tr_clock_now ();
      self->new_day_source = g_timeout_add_seconds (tr_clock_seconds_to_midnight (now) + 1, on_new_day, self);
    }
}

static void
update_progress (TrWindow *self)
{
  guint step = 0, steps = 0;

  for (guint i = 0; i < self->plan->len; i++)
    {
      if (!spec_at (self, i)->in_progress || (i != self->current && skips (self, i)))
        continue;
      steps++;
      if (i <= self->current)
        step = steps;
    }
  if (steps == 0)
    return;
  {
    g_autofree char *label = g_strdup_printf (_("Step %u of %u"), step, steps);
    gtk_label_set_label (self->progress_label, label);
  }
  gtk_progress_bar_set_fraction (self->progress_bar, (double) step / steps);
}

static void
update_navigation (TrWindow *self)
{
  TrPage *page = tr_window_get_page (self);
  const char *next_label = tr_page_get_next_label (page);
  gboolean in_progress = tr_page_get_in_progress (page);

  gtk_widget_set_visible (self->navigation, in_progress || next_label != NULL);
  gtk_widget_set_visible (self->back_button, in_progress && self->history->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), in_progress);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), in_progress);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next_label != NULL);
  if (next_label != NULL)
    gtk_button_set_label (self->next_button, next_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walk.next", tr_page_get_complete (page));
  if (in_progress)
    update_progress (self);
}

static void
on_page_changed (TrWindow *self)
{
  update_navigation (self);
}

static void
show_page (TrWindow *self, guint index, gboolean remember)
{
  TrPage *old = tr_window_get_page (self);
  TrPage *page;

  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, on_page_changed, self);
  if (remember)
    g_array_append_val (self->history, self->current);
  self->current = index;
  page = page_at (self, index);
  g_signal_connect_swapped (page, "notify::complete", G_CALLBACK (on_page_changed), self);
  g_signal_connect_swapped (page, "notify::next-label", G_CALLBACK (on_page_changed), self);
  tr_page_shown (page);
  tr_stack_show_only (self->pages, tr_page_get_name (page));
  update_navigation (self);
  /* A page with nothing of its own to focus lets Next have it: Enter goes on.
   * (Focusing the page widget itself kept old pages alive in GTK 4.8.) */
  if (!tr_page_focus_first (page) && gtk_widget_get_visible (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  restart_idle_timer (self);
}

static void
walk_next (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrWindow *self = TR_WINDOW (widget);

  if (!tr_page_apply (tr_window_get_page (self)))
    return;
  for (guint i = self->current + 1; i < self->plan->len; i++)
    if (!skips (self, i))
      {
        show_page (self, i, TRUE);
        return;
      }
  tr_window_finish (self);
}

static void
walk_back (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrWindow *self = TR_WINDOW (widget);
  guint previous;

  if (tr_page_go_back (tr_window_get_page (self)) || self->history->len == 0)
    return;
  previous = g_array_index (self->history, guint, self->history->len - 1);
  g_array_set_size (self->history, self->history->len - 1);
  show_page (self, previous, FALSE);
}

static void
walk_go_to (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrWindow *self = TR_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < self->plan->len; i++)
    if (g_strcmp0 (spec_at (self, i)->name, name) == 0)
      {
        show_page (self, i, TRUE);
        return;
      }
  g_warning ("No page named %s", name);
}

static void
walk_finish (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  tr_window_finish (TR_WINDOW (widget));
}

/* Changing the language starts the session again in that language. */
static void
walk_language (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrWindow *self = TR_WINDOW (widget);
  const char *language = g_variant_get_string (parameter, NULL);

  if (!tr_language_is_known (language))
    return;
  start_session (self, language, tr_session_get_large_text (self->session),
                 tr_session_get_high_contrast (self->session));
}

static void
walk_large_text (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrWindow *self = TR_WINDOW (widget);

  tr_session_set_large_text (self->session, !tr_session_get_large_text (self->session));
}

static void
walk_high_contrast (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrWindow *self = TR_WINDOW (widget);

  tr_session_set_high_contrast (self->session, !tr_session_get_high_contrast (self->session));
}

/* Idle: nothing to wipe on a fresh Welcome; elsewhere, ask, then wipe. */

static gboolean
is_pristine (TrWindow *self)
{
  return self->current == 0 && self->history->len == 0 &&
         !tr_session_get_large_text (self->session) &&
         !tr_session_get_high_contrast (self->session) &&
         g_strcmp0 (tr_session_get_language (self->session),
                    tr_kiosk_get_config (self->kiosk)->language) == 0;
}

static void
stop_countdown (TrWindow *self)
{
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  gtk_widget_set_visible (self->idle_warning, FALSE);
}

static void
update_countdown_label (TrWindow *self)
{
  g_autofree char *text =
    g_strdup_printf (ngettext ("Everything you entered will be erased in %u second.",
                               "Everything you entered will be erased in %u seconds.",
                               self->countdown), self->countdown);
  gtk_label_set_label (self->idle_countdown, text);
}

static gboolean
on_countdown_tick (gpointer data)
{
  TrWindow *self = data;

  if (--self->countdown > 0)
    {
      update_countdown_label (self);
      return G_SOURCE_CONTINUE;
    }
  self->countdown_source = 0;
  gtk_widget_set_visible (self->idle_warning, FALSE);
  tr_window_finish (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_idle (gpointer data)
{
  TrWindow *self = data;

  self->idle_source = 0;
  self->countdown = IDLE_COUNTDOWN_SECONDS;
  update_countdown_label (self);
  gtk_widget_set_visible (self->idle_warning, TRUE);
  self->countdown_source = g_timeout_add_seconds (1, on_countdown_tick, self);
  return G_SOURCE_REMOVE;
}

static void
restart_idle_timer (TrWindow *self)
{
  const TrConfig *config = tr_kiosk_get_config (self->kiosk);
  const char *name;
  guint seconds;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->mode != TR_WINDOW_WALK || self->countdown_source != 0 || self->walk == NULL || is_pristine (self))
    return;
  name = tr_page_get_name (tr_window_get_page (self));
  seconds = g_strcmp0 (name, "receipt") == 0 ? config->receipt_idle_seconds : config->idle_seconds;
  self->idle_source = g_timeout_add_seconds (seconds, on_idle, self);
}

static void
walk_still_here (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrWindow *self = TR_WINDOW (widget);

  stop_countdown (self);
  restart_idle_timer (self);
}

/* Staff mode */

static gboolean
on_staff_idle (gpointer data)
{
  TrWindow *self = data;

  self->staff_idle_source = 0;
  tr_window_lock_staff (self);
  return G_SOURCE_REMOVE;
}

static void
restart_staff_idle_timer (TrWindow *self)
{
  g_clear_handle_id (&self->staff_idle_source, g_source_remove);
  if (self->mode != TR_WINDOW_WALK)
    self->staff_idle_source = g_timeout_add_seconds (self->staff_idle_seconds, on_staff_idle, self);
}

static gboolean
drop_staff_view (gpointer view)
{
  g_object_unref (view);
  return G_SOURCE_REMOVE;
}

/* The view being replaced may be the one whose signal is running: it is
 * dropped once that emission is over. */
static void
show_staff_view (TrWindow *self, GtkWidget *view)
{
  GtkWidget *old = adw_bin_get_child (self->staff_bin);

  gtk_root_set_focus (GTK_ROOT (self), NULL);
  if (old != NULL)
    {
      g_object_ref (old);
      adw_bin_set_child (self->staff_bin, NULL);
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, drop_staff_view, old, NULL);
    }
  adw_bin_set_child (self->staff_bin, view);
}

static void
on_staff_unlocked (TrWindow *self)
{
  GtkWidget *panel = tr_staff_panel_new (self->kiosk);

  g_signal_connect_swapped (panel, "lock", G_CALLBACK (tr_window_lock_staff), self);
  self->mode = TR_WINDOW_STAFF_PANEL;
  show_staff_view (self, panel);
  restart_staff_idle_timer (self);
}

void
tr_window_open_staff (TrWindow *self)
{
  GtkWidget *view;

  if (self->mode != TR_WINDOW_WALK)
    return;
  /* Nothing a walk-in typed stays behind staff mode. */
  stop_countdown (self);
  tr_window_finish (self);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  /* Locking starts a new walk-in, in the walk-ins' language again. */
  tr_language_apply (tr_config_get_staff_language (tr_kiosk_get_config (self->kiosk)));
  view = tr_staff_unlock_view_new (tr_kiosk_get_store (self->kiosk));
  g_signal_connect_swapped (view, "unlocked", G_CALLBACK (on_staff_unlocked), self);
  g_signal_connect_swapped (view, "cancelled", G_CALLBACK (tr_window_lock_staff), self);
  self->mode = TR_WINDOW_STAFF_UNLOCK;
  show_staff_view (self, view);
  gtk_stack_set_visible_child_name (self->modes, "staff");
  restart_staff_idle_timer (self);
}

void
tr_window_lock_staff (TrWindow *self)
{
  if (self->mode == TR_WINDOW_WALK)
    return;
  self->mode = TR_WINDOW_WALK;
  g_clear_handle_id (&self->staff_idle_source, g_source_remove);
  show_staff_view (self, NULL);
  gtk_stack_set_visible_child_name (self->modes, "walk");
  /* Staff may have closed or freed seats: Welcome is built afresh. */
  tr_window_finish (self);
}

TrWindowMode
tr_window_get_mode (TrWindow *self)
{
  return self->mode;
}

GtkWidget *
tr_window_get_staff_view (TrWindow *self)
{
  return adw_bin_get_child (self->staff_bin);
}

void
tr_window_set_staff_idle_seconds (TrWindow *self, guint seconds)
{
  self->staff_idle_seconds = MAX (seconds, 1);
  restart_staff_idle_timer (self);
}

static void
staff_open (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  tr_window_open_staff (TR_WINDOW (widget));
}

static gboolean
on_any_event (GtkEventControllerLegacy *controller, GdkEvent *event, TrWindow *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_SCROLL:
      if (self->mode != TR_WINDOW_WALK)
        {
          restart_staff_idle_timer (self);
          break;
        }
      /* While the warning shows, only its button says the person is here. */
      if (self->countdown_source == 0)
        restart_idle_timer (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* In kiosk mode the inspector's shortcuts are swallowed before the window's
 * own bindings see them. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, TrWindow *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (self->kiosk_mode && mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK) &&
      (gdk_keyval_to_upper (keyval) == GDK_KEY_I || gdk_keyval_to_upper (keyval) == GDK_KEY_D))
    return GDK_EVENT_STOP;
  if (mods == (GDK_CONTROL_MASK | GDK_ALT_MASK) && gdk_keyval_to_lower (keyval) == GDK_KEY_s)
    {
      tr_window_open_staff (self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Escape && self->mode == TR_WINDOW_STAFF_UNLOCK)
    {
      tr_window_lock_staff (self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Escape && self->mode == TR_WINDOW_WALK && self->history->len > 0 && tr_page_get_in_progress (tr_window_get_page (self)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "walk.back", NULL);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
tr_window_close_request (GtkWindow *window)
{
  TrWindow *self = TR_WINDOW (window);

  /* A walk-in cannot close the kiosk. */
  if (self->kiosk_mode)
    return TRUE;
  return GTK_WINDOW_CLASS (tr_window_parent_class)->close_request (window);
}

/* Below this height (a 1024×600 panel), margins, titles and the navigation
 * bar tighten (style.css, window.compact) so that a page, its buttons and
 * the on-screen keyboard share the screen. */
#define COMPACT_HEIGHT 720

static void
on_surface_height (GdkSurface *surface, GParamSpec *pspec, TrWindow *self)
{
  set_css_class (GTK_WIDGET (self), "compact", gdk_surface_get_height (surface) < COMPACT_HEIGHT);
}

/* The height the window is about to have, as it is realized. GTK 4.8
 * creates the X surface 1×1 and gives it its size once mapped, after
 * gtk_window_present() has measured every widget: judged on that, every
 * kiosk started compact, Welcome was laid out for a small screen, and then
 * again, from its style up, when the real height came, in the same first
 * frame (about a third of the widgets' measuring at start-up, on a
 * 1280×800 screen). A full-screen kiosk will be as tall as its monitor, a
 * window as its default height; the real height still decides, as soon as
 * it comes (on_surface_height). */
static int
expected_height (TrWindow *self, GdkSurface *surface)
{
  int width = 0, height = 0;

  if (gdk_surface_get_mapped (surface))
    return gdk_surface_get_height (surface);
  if (self->kiosk_mode)
    {
      GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
      GdkRectangle geometry;

      if (monitor != NULL)
        {
          gdk_monitor_get_geometry (monitor, &geometry);
          return geometry.height;
        }
    }
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  return height > 0 ? height : gdk_surface_get_height (surface);
}

static void
tr_window_realize (GtkWidget *widget)
{
  TrWindow *self = TR_WINDOW (widget);
  GdkSurface *surface;

  GTK_WIDGET_CLASS (tr_window_parent_class)->realize (widget);
  surface = gtk_native_get_surface (GTK_NATIVE (widget));
  g_signal_connect_object (surface, "notify::height", G_CALLBACK (on_surface_height), widget, 0);
  set_css_class (widget, "compact", expected_height (self, surface) < COMPACT_HEIGHT);
}

static void
tr_window_unrealize (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_native_get_surface (GTK_NATIVE (widget)), on_surface_height, widget);
  GTK_WIDGET_CLASS (tr_window_parent_class)->unrealize (widget);
}

/* GTK 4.8.3's GtkScrolledWindow connects to its GtkSettings'
 * notify::gtk-overlay-scrolling each time it is realized, and disconnects
 * neither when unrealized nor when disposed. The settings live as long as
 * the display: every scrolled window of every walk-in's pages (17 a walk-in)
 * left a handler there, memory that grew with the walk-ins, and a call into
 * a freed widget had the setting ever changed. Every widget of the process
 * is unrealized through GtkWidget::unrealize, so this hook, added once,
 * removes a scrolled window's handler (its data is the widget) as it goes. */
static gboolean
drop_overlay_scrolling_handler (GSignalInvocationHint *hint,
                                guint                  n_values,
                                const GValue          *values,
                                gpointer               data)
{
  GObject *widget = g_value_get_object (&values[0]);

  if (GTK_IS_SCROLLED_WINDOW (widget))
    g_signal_handlers_disconnect_matched (gtk_widget_get_settings (GTK_WIDGET (widget)),
                                          G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DETAIL | G_SIGNAL_MATCH_DATA,
                                          g_signal_lookup ("notify", G_TYPE_OBJECT),
                                          g_quark_from_static_string ("gtk-overlay-scrolling"),
                                          NULL, NULL, widget);
  return TRUE;  /* stays for the next one */
}

static void
tr_window_dispose (GObject *object)
{
  TrWindow *self = TR_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  g_clear_handle_id (&self->staff_idle_source, g_source_remove);
  g_clear_handle_id (&self->new_day_source, g_source_remove);
  clear_walk (self);
  g_clear_object (&self->kiosk);
  G_OBJECT_CLASS (tr_window_parent_class)->dispose (object);
}

static void
tr_window_finalize (GObject *object)
{
  TrWindow *self = TR_WINDOW (object);

  g_array_unref (self->history);
  g_clear_pointer (&self->plan, g_ptr_array_unref);
  G_OBJECT_CLASS (tr_window_parent_class)->finalize (object);
}

static void
tr_window_class_init (TrWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_window_dispose;
  object_class->finalize = tr_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = tr_window_close_request;
  widget_class->realize = tr_window_realize;
  widget_class->unrealize = tr_window_unrealize;

  g_signal_add_emission_hook (g_signal_lookup ("unrealize", GTK_TYPE_WIDGET), 0,
                              drop_overlay_scrolling_handler, NULL, NULL);

  g_type_ensure (TR_TYPE_OSK);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TrWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, navigation);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, back_content);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, idle_warning);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, idle_title);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, idle_countdown);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, still_here_button);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, modes);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, staff_bin);
  gtk_widget_class_bind_template_child (widget_class, TrWindow, osk);

  gtk_widget_class_install_action (widget_class, "walk.next", NULL, walk_next);
  gtk_widget_class_install_action (widget_class, "walk.back", NULL, walk_back);
  gtk_widget_class_install_action (widget_class, "walk.go-to", "s", walk_go_to);
  gtk_widget_class_install_action (widget_class, "walk.finish", NULL, walk_finish);
  gtk_widget_class_install_action (widget_class, "walk.language", "s", walk_language);
  gtk_widget_class_install_action (widget_class, "walk.large-text", NULL, walk_large_text);
  gtk_widget_class_install_action (widget_class, "walk.high-contrast", NULL, walk_high_contrast);
  gtk_widget_class_install_action (widget_class, "walk.still-here", NULL, walk_still_here);
  gtk_widget_class_install_action (widget_class, "staff.open", NULL, staff_open);
}

static void
tr_window_init (TrWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->history = g_array_new (FALSE, FALSE, sizeof (guint));

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_any_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

TrWindow *
tr_window_new (GtkApplication *application,
               TrKiosk        *kiosk,
               gboolean        kiosk_mode)
{
  TrWindow *self = g_object_new (TR_TYPE_WINDOW, "application", application, NULL);

  self->kiosk = g_object_ref (kiosk);
  self->plan = tr_pages_plan (kiosk);
  g_signal_connect_object (kiosk, "rules-published", G_CALLBACK (on_rules_published), self, G_CONNECT_SWAPPED);
  self->kiosk_mode = kiosk_mode;
  self->staff_idle_seconds = tr_kiosk_get_config (kiosk)->staff_idle_seconds;
  tr_osk_set_enabled (self->osk, tr_kiosk_get_config (kiosk)->on_screen_keyboard);
  if (kiosk_mode)
    {
      gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  tr_window_finish (self);
  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-kiosk — the kiosk's performance targets, each beside a baseline,
 * measured in one run on the display it is given (tests/with-display).
 *
 * Prints a report and exits 0 whatever the times; it fails only when a
 * measurement could not be made. The targets of the issue are printed as
 * "met" or "NOT met" next to the figures:
 *   - start-up: process start to the first painted frame of Welcome, at most
 *     1.15 times the same for a minimal libadwaita window. Both are child
 *     processes of this program (bench-kiosk --child=kiosk|minimal), started
 *     alternately, so that exec, dynamic linking and GTK's own start count;
 *     the kiosk's database is made once beforehand, so a start is a normal
 *     morning start, not the first run's catalogue import;
 *   - a search keystroke over 10,000 offers, typed on a still screen: from
 *     the search to the end of the paint of the frame that shows it, at most
 *     16 ms (one frame at 60 Hz);
 *   - memory: resident size after 200 walk-ins less that after 10, under
 *     5 MB. Each walk-in goes through the real window and pages, chooses an
 *     offer, types details and registers.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tr-catalogue.h"
#include "tr-details-page.h"
#include "tr-fonts.h"
#include "tr-kiosk.h"
#include "tr-language.h"
#include "tr-office-key-text.h"
#include "tr-offers-page.h"
#include "tr-text.h"
#include "tr-window.h"
#include "../big-catalogue.h"
#include "../core/office-fixture.h"
#include "../kiosk/walk-in-driver.h"

#define STARTUP_TARGET        1.15
#define KEYSTROKE_TARGET_MS   16.0
#define GROWTH_TARGET_MB      5.0
#define N_STARTS              10
#define N_OFFERS              10000
#define FEW_WALK_INS          10
#define MANY_WALK_INS         200
#define FRAME_TIMEOUT_US      (2 * G_USEC_PER_SEC)
/* Three frames at 60 Hz without a paint: the screen is still. */
#define STILL_US              50000

/* The child reads when it was spawned, and where the prepared database is. */
#define SPAWNED_VAR           "TREMPLIN_BENCH_SPAWNED_US"
#define DATABASE_VAR          "TREMPLIN_BENCH_DATABASE"
/* The office's public key, as kiosk.conf's OfficeKey= gives it to a kiosk. */
#define OFFICE_KEY_VAR        "TREMPLIN_BENCH_OFFICE_KEY"

/* The day the demo catalogue's offers are all still to start. */
#define PINNED_NOW            "2026-06-01T10:00:00+02:00"

static const char *
verdict (gboolean met)
{
  return met ? "met" : "NOT met";
}

/* The same clock in every process: the child subtracts the parent's reading. */
static gint64
monotonic_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The value below which @fraction of @values lie (sorts @values). */
static double
quantile (GArray *values, double fraction)
{
  guint index;

  g_return_val_if_fail (values->len > 0, 0);
  g_array_sort (values, compare_doubles);
  index = (guint) (fraction * (values->len - 1) + 0.5);
  return g_array_index (values, double, MIN (index, values->len - 1));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static TrKiosk *
open_kiosk_sealing_to (const char *database, const char *catalogue, const guint8 *office_key)
{
  TrConfig *config = tr_config_new_default ();

  g_free (config->database);
  config->database = g_strdup (database);
  if (catalogue != NULL)
    {
      g_free (config->catalogue);
      config->catalogue = g_strdup (catalogue);
    }
  /* The kiosk seals each walk-in's details to the office key. */
  config->has_office_key = TRUE;
  memcpy (config->office_key, office_key, TR_OFFICE_KEY_BYTES);
  return tr_kiosk_new (config);
}

static TrKiosk *
open_kiosk (const char *database, const char *catalogue)
{
  return open_kiosk_sealing_to (database, catalogue, test_office ()->public_key);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------- the child processes */

typedef struct {
  gint64   spawned;
  gboolean real_kiosk;
  GThread *opening;
  GThread *loading_fonts;
  int      status;
} Child;

static void
on_first_frame (GdkFrameClock *clock, GApplication *application)
{
  Child *child = g_object_get_data (G_OBJECT (application), "child");

  g_print ("%" G_GINT64_FORMAT "\n", monotonic_us () - child->spawned);
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, application);
  g_application_quit (application);
}

/* A window outside an AdwApplication (the memory benchmark's) loads the
 * style sheet itself; AdwApplication loads it for the kiosk's. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/org/tremplin/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* As tr-application.c opens the kiosk: in a thread of its own, while GTK
 * starts. NULL when the parent gave no office key. */
static gpointer
open_child_kiosk (gpointer unused)
{
  guint8 office_key[TR_OFFICE_KEY_BYTES] = { 0 };

  /* The public key from the parent, as a kiosk reads it from kiosk.conf:
   * test_office () here would make and unlock an office key pair (two
   * Argon2id hashes, about half the start-up) inside the measured time. */
  if (!tr_office_key_from_text (g_getenv (OFFICE_KEY_VAR), office_key, NULL))
    return NULL;
  return open_kiosk_sealing_to (g_getenv (DATABASE_VAR), NULL, office_key);
}

static GtkWindow *
new_kiosk_window (GtkApplication *application, Child *child)
{
  g_autoptr(TrKiosk) kiosk = g_thread_join (g_steal_pointer (&child->opening));
  TrWindow *window;

  if (kiosk == NULL)
    {
      g_printerr ("bench-kiosk: no office key from the parent\n");
      child->status = EXIT_FAILURE;
      return NULL;
    }
  tr_fonts_apply (g_steal_pointer (&child->loading_fonts));
  window = tr_window_new (application, kiosk, TRUE);
  /* A closed kiosk's Welcome is a lighter page: it would flatter the figure. */
  if (!tr_kiosk_is_open (kiosk) ||
      g_strcmp0 (tr_page_get_name (tr_window_get_page (window)), "welcome") != 0)
    {
      g_printerr ("bench-kiosk: the kiosk did not open on Welcome\n");
      child->status = EXIT_FAILURE;
    }
  return GTK_WINDOW (window);
}

static GtkWindow *
new_minimal_window (GtkApplication *application)
{
  GtkWidget *window = adw_application_window_new (application);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      gtk_label_new ("Bienvenue"));
  gtk_window_fullscreen (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
on_child_activate (GApplication *application, Child *child)
{
  GtkWindow *window = child->real_kiosk ? new_kiosk_window (GTK_APPLICATION (application), child)
                                        : new_minimal_window (GTK_APPLICATION (application));

  if (child->status != EXIT_SUCCESS)
    {
      g_application_quit (application);
      return;
    }
  gtk_window_present (window);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_first_frame), application);
}

/* Prints the microseconds from the parent's spawn to the first painted frame. */
static int
run_child (const char *kind)
{
  Child child = { 0 };
  g_autoptr(AdwApplication) application = NULL;
  const char *spawned = g_getenv (SPAWNED_VAR);

  if (spawned == NULL || (strcmp (kind, "kiosk") != 0 && strcmp (kind, "minimal") != 0))
    {
      g_printerr ("bench-kiosk: --child=kiosk|minimal, started by bench-kiosk itself\n");
      return EXIT_FAILURE;
    }
  child.spawned = g_ascii_strtoll (spawned, NULL, 10);
  child.real_kiosk = strcmp (kind, "kiosk") == 0;
  child.status = EXIT_SUCCESS;

  if (child.real_kiosk)
    {
      /* As main.c starts, with the application's own id (AdwApplication loads
       * the style sheet from it). */
      tr_language_init ();
      application = adw_application_new ("org.tremplin.Kiosk", G_APPLICATION_NON_UNIQUE);
      tr_text_prepare_threads ();
      child.opening = g_thread_new ("tr-kiosk-open", open_child_kiosk, NULL);
      child.loading_fonts = tr_fonts_start_loading ();
    }
  else
    application = adw_application_new ("org.tremplin.BenchMinimal", G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (application), "child", &child);
  g_signal_connect (application, "activate", G_CALLBACK (on_child_activate), &child);
  if (g_application_run (G_APPLICATION (application), 0, NULL) != 0 || child.opening != NULL)
    child.status = EXIT_FAILURE;
  g_clear_pointer (&child.loading_fonts, tr_fonts_discard);
  return child.status;
}

/* -------------------------------------------------------------- 1. start-up */

/* Starts this program as a child of @kind; its first frame's time, or -1. */
static double
time_one_start (const char *self_path, const char *kind, const char *database)
{
  g_autofree char *flag = g_strdup_printf ("--child=%s", kind);
  char *argv[] = { (char *) self_path, flag, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spawned = NULL;
  int status;

  env = g_environ_setenv (env, DATABASE_VAR, database, TRUE);
  env = g_environ_setenv (env, OFFICE_KEY_VAR, test_office ()->text, TRUE);
  spawned = g_strdup_printf ("%" G_GINT64_FORMAT, monotonic_us ());
  env = g_environ_setenv (env, SPAWNED_VAR, spawned, TRUE);
  if (!g_spawn_sync (NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-kiosk: the %s child failed: %s\n", kind, error->message);
      return -1;
    }
  return g_ascii_strtod (out, NULL) / 1000.0;
}

typedef struct {
  double kiosk_ms;
  double minimal_ms;
  double ratio;
} StartUp;

static gboolean
bench_startup (StartUp *result)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_dir_make_tmp ("bench-kiosk-start-XXXXXX", NULL);
  g_autofree char *database = NULL;
  g_autoptr(GArray) kiosk = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) minimal = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean ok = TRUE;

  if (self_path == NULL || dir == NULL)
    {
      g_printerr ("bench-kiosk: cannot find itself or make a temporary folder\n");
      return FALSE;
    }
  database = g_build_filename (dir, "kiosk.db", NULL);
  {
    /* The first run: database, identity, key and demo catalogue, once. */
    g_autoptr(TrKiosk) first = open_kiosk (database, NULL);

    if (!tr_kiosk_is_open (first))
      {
        g_printerr ("bench-kiosk: the kiosk's database could not be prepared\n");
        remove_tree (dir);
        return FALSE;
      }
  }

  g_print ("1. Start-up to the first painted frame (child processes, alternating)\n");
  /* One of each first, not counted: the files come into the page cache. */
  ok = time_one_start (self_path, "kiosk", database) >= 0 &&
       time_one_start (self_path, "minimal", database) >= 0;
  for (guint i = 0; ok && i < N_STARTS; i++)
    {
      double k = time_one_start (self_path, "kiosk", database);
      double m = time_one_start (self_path, "minimal", database);

      ok = k >= 0 && m >= 0;
      g_array_append_val (kiosk, k);
      g_array_append_val (minimal, m);
    }
  remove_tree (dir);
  if (!ok)
    return FALSE;

  result->kiosk_ms = quantile (kiosk, 0.5);
  result->minimal_ms = quantile (minimal, 0.5);
  result->ratio = result->kiosk_ms / result->minimal_ms;
  g_print ("  %u starts of each, after one of each not counted; a database made beforehand\n", N_STARTS);
  g_print ("    kiosk, Welcome (TrKiosk + TrWindow)  median %7.1f ms   (min %7.1f, max %7.1f)\n",
           result->kiosk_ms, g_array_index (kiosk, double, 0), g_array_index (kiosk, double, kiosk->len - 1));
  g_print ("    minimal AdwApplicationWindow         median %7.1f ms   (min %7.1f, max %7.1f)\n",
           result->minimal_ms, g_array_index (minimal, double, 0),
           g_array_index (minimal, double, minimal->len - 1));
  g_print ("    ratio kiosk / minimal                %7.2f×\n", result->ratio);
  g_print ("  target: ≤ %.2f×: %s\n\n", STARTUP_TARGET, verdict (result->ratio <= STARTUP_TARGET));
  return TRUE;
}

/* -------------------------------------------------------------- frames */

/* When the frame after a change began (before-paint, which every frame
 * emits) and when it was painted. */
typedef struct {
  gint64 began;
  gint64 painted;
} Frame;

static void
on_before_paint (GdkFrameClock *clock, Frame *frame)
{
  if (frame->began == 0)
    frame->began = monotonic_us ();
}

static void
on_after_paint (GdkFrameClock *clock, Frame *frame)
{
  if (frame->began != 0 && frame->painted == 0)
    frame->painted = monotonic_us ();
}

static void
watch_frames (GtkWidget *widget, Frame *frame, gboolean watch)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (watch)
    {
      g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), frame);
      g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), frame);
    }
  else
    {
      g_signal_handlers_disconnect_by_func (clock, on_before_paint, frame);
      g_signal_handlers_disconnect_by_func (clock, on_after_paint, frame);
    }
}

/* Runs the main loop until the frame @frame watches is painted. A frame is
 * asked for, without drawing anything, in case the change damaged nothing. */
static gboolean
wait_for_frame (GtkWidget *widget, Frame *frame)
{
  gint64 deadline = monotonic_us () + FRAME_TIMEOUT_US;

  gdk_frame_clock_request_phase (gtk_widget_get_frame_clock (widget), GDK_FRAME_CLOCK_PHASE_PAINT);
  while (frame->painted == 0 && monotonic_us () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return frame->painted != 0;
}

/* Lets whatever the last change started finish, as between two keystrokes. */
static void
settle (guint ms)
{
  gint64 until = monotonic_us () + ms * 1000;

  while (monotonic_us () < until)
    {
      spin ();
      g_usleep (1000);
    }
}

static void
on_still_paint (GdkFrameClock *clock, gint64 *last_paint)
{
  *last_paint = monotonic_us ();
}

/* Lets the last keystroke's work end (the list fills in its rows frame
 * after frame) until no frame has been painted for three frames' time, as
 * a walk-in's next touch finds the screen. A search made while the frame
 * clock still runs waits for its next tick, up to one frame, whatever the
 * search costs: that would measure when the keystroke came, not its work. */
static void
settle_until_still (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 last_paint = monotonic_us ();
  gint64 deadline = last_paint + FRAME_TIMEOUT_US;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_still_paint), &last_paint);

  while (monotonic_us () - last_paint < STILL_US && monotonic_us () < deadline)
    {
      spin ();
      g_usleep (1000);
    }
  g_signal_handler_disconnect (clock, handler);
}

/* "d", "de", … "developpeuse web", then back one character at a time to "". */
static GPtrArray *
keystrokes (const char *word)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  gsize length = strlen (word);

  for (gsize i = 1; i <= length; i++)
    g_ptr_array_add (texts, g_strndup (word, i));
  for (gsize i = length; i-- > 0;)
    g_ptr_array_add (texts, g_strndup (word, i));
  return texts;
}

typedef struct {
  double median_ms;
  double p95_ms;
  double max_ms;
} Keystroke;

/* One keystroke's figures, to name the slowest. */
typedef struct {
  const char *text;
  guint       before;
  guint       after;
  double      total_ms;
  double      search_ms;
  double      frame_ms;
} Stroke;

static int
slowest_first (gconstpointer a, gconstpointer b)
{
  return compare_doubles (&((const Stroke *) b)->total_ms, &((const Stroke *) a)->total_ms);
}

static void
print_slowest (GArray *strokes, guint n)
{
  g_array_sort (strokes, slowest_first);
  for (guint i = 0; i < MIN (n, strokes->len); i++)
    {
      const Stroke *stroke = &g_array_index (strokes, Stroke, i);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", stroke->text);

      g_print ("    slowest %u: %-18s %5u → %5u offers  %6.2f ms (search call %5.2f, frame %5.2f)\n",
               i + 1, quoted, stroke->before, stroke->after, stroke->total_ms,
               stroke->search_ms, stroke->frame_ms);
    }
}

static void
print_spread (const char *what, GArray *values)
{
  g_print ("    %-34s median %6.2f ms   p95 %6.2f ms   max %6.2f ms\n", what,
           quantile (values, 0.5), quantile (values, 0.95), quantile (values, 1.0));
}

static gboolean
measure_keystrokes (TrOffersPage *page, GtkWidget *window, GPtrArray *texts, Keystroke *result)
{
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) waited = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) strokes = g_array_new (FALSE, FALSE, sizeof (Stroke));
  Frame frame = { 0, 0 };
  gboolean ok = TRUE;
  guint min_found = G_MAXUINT, max_found = 0;

  watch_frames (window, &frame, TRUE);
  for (guint i = 0; ok && i < texts->len; i++)
    {
      gint64 start, searched;
      guint before = g_list_model_get_n_items (tr_offers_page_get_results (page));
      guint found;
      double value;
      Stroke stroke;

      settle_until_still (window);
      frame.began = frame.painted = 0;
      start = monotonic_us ();
      tr_offers_page_search (page, g_ptr_array_index (texts, i));
      searched = monotonic_us ();
      ok = wait_for_frame (window, &frame) && frame.began >= searched;
      if (!ok)
        break;

      found = g_list_model_get_n_items (tr_offers_page_get_results (page));
      min_found = MIN (min_found, found);
      max_found = MAX (max_found, found);
      value = (frame.painted - start) / 1000.0;
      g_array_append_val (total, value);
      value = (searched - start) / 1000.0;
      g_array_append_val (search, value);
      value = (frame.began - searched) / 1000.0;
      g_array_append_val (waited, value);
      value = (frame.painted - frame.began) / 1000.0;
      g_array_append_val (frames, value);
      stroke = (Stroke) { g_ptr_array_index (texts, i), before, found, (frame.painted - start) / 1000.0,
                          (searched - start) / 1000.0, value };
      g_array_append_val (strokes, stroke);
    }
  watch_frames (window, &frame, FALSE);
  if (!ok)
    {
      g_printerr ("bench-kiosk: no frame came after a search\n");
      return FALSE;
    }

  g_print ("  %u keystrokes (\"%s\" typed, then deleted), %u to %u offers listed\n",
           texts->len, (const char *) g_ptr_array_index (texts, texts->len / 2 - 1), min_found, max_found);
  print_spread ("search call to frame painted", total);
  print_spread ("  of which the search call", search);
  print_spread ("  of which waiting for the tick", waited);
  print_spread ("  of which the frame (layout+paint)", frames);
  print_slowest (strokes, 4);
  result->median_ms = quantile (total, 0.5);
  result->p95_ms = quantile (total, 0.95);
  result->max_ms = quantile (total, 1.0);
  return TRUE;
}

static gboolean
bench_keystroke (Keystroke *result)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-kiosk-search-XXXXXX", NULL);
  g_autofree char *database = NULL;
  g_autofree char *catalogue = NULL;
  g_autoptr(TrKiosk) kiosk = NULL;
  g_autoptr(TrSession) session = NULL;
  g_autoptr(GPtrArray) texts = keystrokes ("developpeuse web");
  TrOffersPage *page;
  GtkWidget *window;
  gint64 start;
  gboolean ok;

  g_print ("2. A search keystroke to the list painted, over %u offers\n", N_OFFERS);
  if (dir == NULL || (catalogue = big_catalogue_write (dir, N_OFFERS)) == NULL)
    {
      g_printerr ("bench-kiosk: the big catalogue could not be written\n");
      return FALSE;
    }
  database = g_build_filename (dir, "kiosk.db", NULL);
  start = monotonic_us ();
  kiosk = open_kiosk (database, catalogue);
  if (!tr_kiosk_is_open (kiosk) || tr_catalogue_get_offers (tr_kiosk_get_catalogue (kiosk))->len != N_OFFERS)
    {
      g_printerr ("bench-kiosk: the %u offers were not imported\n", N_OFFERS);
      remove_tree (dir);
      return FALSE;
    }
  g_print ("  catalogue imported in %.0f ms; the page in a 1280×800 window, every category,\n"
           "  a walk-in who has not said who they are (every offer but those for women is open)\n",
           (monotonic_us () - start) / 1000.0);

  /* No answers: the profile is unknown and the lists are the longest. */
  session = tr_session_new ("fr");
  page = g_object_new (TR_TYPE_OFFERS_PAGE, "kiosk", kiosk, "session", session, "name", "offers", NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  tr_page_shown (TR_PAGE (page));
  tr_offers_page_show_category (page, -1);
  settle (300);

  ok = measure_keystrokes (page, window, texts, result);
  if (ok)
    g_print ("  target: ≤ %.0f ms (one frame), worst keystroke: %s (max %.2f ms)\n\n",
             KEYSTROKE_TARGET_MS, verdict (result->max_ms <= KEYSTROKE_TARGET_MS), result->max_ms);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_clear_object (&kiosk);
  remove_tree (dir);
  return ok;
}

/* ------------------------------------------------ 3. memory over walk-ins */

/* Changes page with a window action, and lets the new page be painted. */
static gboolean
act (TrWindow *window, const char *action)
{
  Frame frame = { 0, 0 };
  gboolean painted;

  if (!gtk_widget_activate_action (GTK_WIDGET (tr_window_get_page (window)), action, NULL))
    return FALSE;
  watch_frames (GTK_WIDGET (window), &frame, TRUE);
  painted = wait_for_frame (GTK_WIDGET (window), &frame);
  watch_frames (GTK_WIDGET (window), &frame, FALSE);
  return painted;
}

/* The pages of a walk-in still alive after Finish, by type: none should be. */
static GHashTable *survivors;

static void
on_page_finalized (gpointer type_name, GObject *where_the_page_was)
{
  guint alive;

  if (survivors == NULL)
    return;
  alive = GPOINTER_TO_UINT (g_hash_table_lookup (survivors, type_name));
  g_hash_table_insert (survivors, type_name, GUINT_TO_POINTER (alive - 1));
}

static void
watch_pages (TrWindow *window)
{
  GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (tr_window_get_page (window)));

  for (GtkWidget *page = gtk_widget_get_first_child (stack); page != NULL;
       page = gtk_widget_get_next_sibling (page))
    {
      gpointer type_name = (gpointer) G_OBJECT_TYPE_NAME (page);
      guint alive = GPOINTER_TO_UINT (g_hash_table_lookup (survivors, type_name));

      g_hash_table_insert (survivors, type_name, GUINT_TO_POINTER (alive + 1));
      g_object_weak_ref (G_OBJECT (page), on_page_finalized, type_name);
    }
}

static void
print_survivors (void)
{
  GHashTableIter iter;
  gpointer type_name, alive;
  guint total = 0;

  g_hash_table_iter_init (&iter, survivors);
  while (g_hash_table_iter_next (&iter, &type_name, &alive))
    total += GPOINTER_TO_UINT (alive);
  g_print ("    pages of finished walk-ins still alive: %u\n", total);
  g_hash_table_iter_init (&iter, survivors);
  while (g_hash_table_iter_next (&iter, &type_name, &alive))
    if (GPOINTER_TO_UINT (alive) > 0)
      g_print ("      %-22s %u\n", (const char *) type_name, GPOINTER_TO_UINT (alive));
}

/* Welcome to the receipt, registered, then Finish. FALSE when the walk
 * stopped somewhere, with that page's name in @stuck_on. */
static gboolean
walk_in (TrWindow *window, guint number, const char **stuck_on)
{
  if (!walk_in_to_receipt (window, number, act, stuck_on))
    return FALSE;
  watch_pages (window);
  tr_window_finish (window);
  return g_strcmp0 (walk_in_page_name (window), "welcome") == 0;
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  /* Everything the walk-ins left to free is freed, and given back. */
  for (guint i = 0; i < 5; i++)
    {
      spin ();
      g_usleep (2000);
    }
  malloc_trim (0);
  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  fields = g_strsplit (statm, " ", 0);
  if (g_strv_length (fields) < 2)
    return 0;
  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

typedef struct {
  double after_few_mb;
  double after_many_mb;
  double growth_mb;
} Memory;

static gboolean
bench_memory (Memory *result)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-kiosk-walk-XXXXXX", NULL);
  g_autofree char *database = NULL;
  g_autoptr(TrKiosk) kiosk = NULL;
  TrWindow *window;
  const char *stuck_on = NULL;
  gsize after_few = 0, after_many = 0;
  gint64 start = 0;
  double few_seconds = 0, many_seconds = 0;
  gboolean ok = TRUE;

  g_print ("3. Resident memory after %u walk-ins and after %u, in one process\n",
           FEW_WALK_INS, MANY_WALK_INS);
  if (dir == NULL)
    return FALSE;
  database = g_build_filename (dir, "kiosk.db", NULL);
  kiosk = open_kiosk (database, NULL);
  if (!tr_kiosk_is_open (kiosk))
    {
      g_printerr ("bench-kiosk: the kiosk did not open\n");
      remove_tree (dir);
      return FALSE;
    }
  load_style ();
  survivors = g_hash_table_new (g_str_hash, g_str_equal);
  window = tr_window_new (NULL, kiosk, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  settle (200);

  for (guint i = 0; ok && i < MANY_WALK_INS; i++)
    {
      if (i == 0)
        start = monotonic_us ();
      ok = walk_in (window, i, &stuck_on);
      if (i + 1 == FEW_WALK_INS)
        {
          few_seconds = (monotonic_us () - start) / (double) G_USEC_PER_SEC;
          after_few = resident_bytes ();
          start = monotonic_us ();
        }
    }
  many_seconds = (monotonic_us () - start) / (double) G_USEC_PER_SEC;
  if (ok)
    after_many = resident_bytes ();
  else
    g_printerr ("bench-kiosk: a walk-in stopped on the page “%s”\n", stuck_on != NULL ? stuck_on : "?");
  if (ok && after_few != 0 && after_many != 0)
    {
      result->after_few_mb = after_few / (1024.0 * 1024.0);
      result->after_many_mb = after_many / (1024.0 * 1024.0);
      result->growth_mb = result->after_many_mb - result->after_few_mb;
      g_print ("  each walk-in: every page painted, answers, an offer, details, registered, Finish\n"
               "  (%u walk-ins in %.1f s, then %u in %.1f s)\n", FEW_WALK_INS, few_seconds,
               MANY_WALK_INS - FEW_WALK_INS, many_seconds);
      g_print ("    after %3u walk-ins   %7.1f MB resident\n", FEW_WALK_INS, result->after_few_mb);
      g_print ("    after %3u walk-ins   %7.1f MB resident\n", MANY_WALK_INS, result->after_many_mb);
      g_print ("    growth               %+7.2f MB   (%+.1f kB per walk-in)\n", result->growth_mb,
               result->growth_mb * 1024.0 / (MANY_WALK_INS - FEW_WALK_INS));
      print_survivors ();
      g_print ("  target: under %.0f MB of growth: %s\n\n", GROWTH_TARGET_MB,
               verdict (result->growth_mb < GROWTH_TARGET_MB));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_clear_pointer (&survivors, g_hash_table_unref);
  g_clear_object (&kiosk);
  remove_tree (dir);
  return ok && after_few != 0 && after_many != 0;
}

/* ------------------------------------------------------------------ main */

int
main (int argc, char **argv)
{
  StartUp startup = { 0 };
  Keystroke keystroke = { 0 };
  Memory memory = { 0 };
  const char *only;
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");
  g_setenv ("TREMPLIN_NOW", PINNED_NOW, FALSE);
  /* Without a GPU (Xvfb) GL is software; cairo is what the tests use there. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (argc == 2 && g_str_has_prefix (argv[1], "--child="))
    return run_child (argv[1] + strlen ("--child="));
  if (argc > 2 || (argc == 2 && !g_str_has_prefix (argv[1], "--only=")))
    {
      g_printerr ("Usage: bench-kiosk [--only=startup|keystroke|memory] (under tests/with-display)\n");
      return EXIT_FAILURE;
    }
  only = argc == 2 ? argv[1] + strlen ("--only=") : NULL;

  g_print ("Tremplin kiosk benchmark (GTK %u.%u.%u, libadwaita %u.%u.%u, GSK_RENDERER=%s)\n\n",
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
           g_getenv ("GSK_RENDERER"));
  if (only == NULL || strcmp (only, "startup") == 0)
    ok = bench_startup (&startup);

  tr_language_init ();
  gtk_init ();
  adw_init ();
  /* Memory first: a clean heap, not the one the 10,000 offers leave. */
  if (only == NULL || strcmp (only, "memory") == 0)
    ok = bench_memory (&memory) && ok;
  if (only == NULL || strcmp (only, "keystroke") == 0)
    ok = bench_keystroke (&keystroke) && ok;

  /* A summary of one part would show the others as missed. */
  if (only != NULL)
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
  g_print ("Summary\n");
  g_print ("  start-up to Welcome / minimal window   %6.2f×  (%.1f / %.1f ms)   target ≤ %.2f×: %s\n",
           startup.ratio, startup.kiosk_ms, startup.minimal_ms, STARTUP_TARGET,
           verdict (startup.ratio > 0 && startup.ratio <= STARTUP_TARGET));
  g_print ("  keystroke over %u offers              median %.2f, p95 %.2f, max %.2f ms   target ≤ %.0f ms: %s\n",
           N_OFFERS, keystroke.median_ms, keystroke.p95_ms, keystroke.max_ms, KEYSTROKE_TARGET_MS,
           verdict (keystroke.max_ms > 0 && keystroke.max_ms <= KEYSTROKE_TARGET_MS));
  g_print ("  memory growth %u → %u walk-ins       %+.2f MB (%.1f → %.1f MB)   target < %.0f MB: %s\n",
           FEW_WALK_INS, MANY_WALK_INS, memory.growth_mb, memory.after_few_mb, memory.after_many_mb,
           GROWTH_TARGET_MB, verdict (memory.after_many_mb > 0 && memory.growth_mb < GROWTH_TARGET_MB));
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

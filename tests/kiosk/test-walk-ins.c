/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Many walk-ins through the real window and pages in one process, as a kiosk
 * lives all day: the heap must not grow with them. Each walk-in answers,
 * chooses an offer, types details, registers and finishes.
 *
 * The heap is counted in live bytes, not resident pages (which the allocator
 * keeps or gives back as it likes, and which AddressSanitizer's quarantine
 * fills): glibc's mallinfo2(), or the sanitizer allocator's own count in the
 * sanitizer build. Caches (GTK's, Pango's, fontconfig's, SQLite's pages) grow
 * at first and level off; a leak grows with every walk-in. So the growth over
 * the later walk-ins, four times as many as the first ones, must stay below
 * the growth over the first ones; and over a long enough run, the later
 * growth per walk-in, SQLite's own set apart (its page cache fills up to
 * cache_size as the database grows), must stay below MAX_GROWTH_PER_WALK_IN
 * in the median.
 * Blocks that something still points to escape LeakSanitizer: a handler left
 * on GtkSettings, which lives as long as the display, is one, so the
 * handlers GTK 4.8's scrolled windows connect there are counted too
 * (tr-window.c, drop_overlay_scrolling_handler). In the sanitizer build,
 * LeakSanitizer also looks for blocks nothing points to once the walk-ins
 * are done.
 *
 * TREMPLIN_WALK_INS sets how many walk-ins (default 1000, tests/meson.build
 * gives fewer to fit ./dev test's time); the first fifth
 * are the "first ones". */
#include "config.h"

#include <adwaita.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "tr-kiosk.h"
#include "tr-language.h"
#include "tr-window.h"
#include "kiosk-fixture.h"
#include "walk-in-driver.h"

/* How long a page change may take to be painted before the walk is stuck:
 * generous, for a slow machine and the sanitizer build. */
#define FRAME_TIMEOUT_US  (30 * G_USEC_PER_SEC)

/* Live bytes a later walk-in may add, SQLite's aside, in the median of the
 * walk-ins: 16 is measured (150 walk-ins); the handlers GTK 4.8.3's scrolled
 * windows left on GtkSettings added 1472 (and 3.8 kB on average, with the
 * tables that hold them growing now and then). The median, not the average:
 * a cache that fills or is emptied once in the run moves the average by up
 * to a kilobyte a walk-in over 150 walk-ins. Checked from this many walk-ins
 * on, as fewer are too few for the caches to have levelled off. */
#define MAX_GROWTH_PER_WALK_IN   512
#define MIN_WALK_INS_FOR_BOUND   100

/* The day the demo catalogue's offers are all still to start. */
#define PINNED_NOW        "2026-06-01T10:00:00+02:00"

static void
on_after_paint (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* Activates @action on the current page and runs the main loop until the
 * window has painted a frame after it. */
static gboolean
act (TrWindow *window, const char *action)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gint64 deadline = g_get_monotonic_time () + FRAME_TIMEOUT_US;
  gboolean painted = FALSE;
  gulong handler;

  if (!gtk_widget_activate_action (GTK_WIDGET (tr_window_get_page (window)), action, NULL))
    return FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  /* A frame is asked for in case the change damaged nothing. */
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  return painted;
}

/* Welcome to the receipt, registered, then Finish, back on Welcome. */
static void
walk_in (TrWindow *window, guint number)
{
  const char *stuck_on = NULL;

  walk_in_to_receipt (window, number, act, &stuck_on);
  g_assert_cmpstr (stuck_on, ==, NULL);
  tr_window_finish (window);
  g_assert_cmpstr (walk_in_page_name (window), ==, "welcome");
}

/* Bytes the program has allocated and not freed, once the main loop is idle. */
static gint64
live_heap_bytes (void)
{
  kiosk_test_spin ();
#ifdef WITH_ASAN
  return (gint64) __sanitizer_get_current_allocated_bytes ();
#else
  return (gint64) mallinfo2 ().uordblks;
#endif
}

/* The handlers on GtkSettings for notify::gtk-overlay-scrolling. GLib counts
 * matching handlers (g_signal_handlers_block_matched) only by closure,
 * function or data, none of which the test knows: they are found one by one
 * by signal and detail, each blocked so that the next search finds another,
 * then unblocked. */
static guint
overlay_scrolling_handlers (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  guint notify = g_signal_lookup ("notify", G_TYPE_OBJECT);
  GQuark detail = g_quark_from_static_string ("gtk-overlay-scrolling");
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gulong));
  gulong handler;

  while ((handler = g_signal_handler_find (settings, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DETAIL | G_SIGNAL_MATCH_UNBLOCKED,
                                           notify, detail, NULL, NULL, NULL)) != 0)
    {
      g_signal_handler_block (settings, handler);
      g_array_append_val (found, handler);
    }
  for (guint i = 0; i < found->len; i++)
    g_signal_handler_unblock (settings, g_array_index (found, gulong, i));
  return found->len;
}

/* SQLite's page cache, in bytes: all of it comes from malloc (no
 * SQLITE_CONFIG_PAGECACHE), where SQLite counts it as overflow. */
static gint64
sqlite_page_cache_bytes (void)
{
  sqlite3_int64 current = 0, highest = 0;

  sqlite3_status64 (SQLITE_STATUS_PAGECACHE_OVERFLOW, &current, &highest, FALSE);
  return current;
}

/* The size of @name in @dir: the database, or its write-ahead log (which
 * stays as large as it grew between checkpoints). */
static gint64
file_bytes (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

static int
compare_bytes (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The median of @steps: what most walk-ins added, whatever a cache that
 * filled or was emptied once in the run added or took away. */
static gint64
median_bytes (GArray *steps)
{
  g_array_sort (steps, compare_bytes);
  return g_array_index (steps, gint64, steps->len / 2);
}

static guint
walk_ins_wanted (void)
{
  const char *text = g_getenv ("TREMPLIN_WALK_INS");
  guint64 n = text != NULL ? g_ascii_strtoull (text, NULL, 10) : 1000;

  return (guint) CLAMP (n, 10, 100000);
}

static void
test_heap_does_not_grow_with_walk_ins (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-walk-ins-XXXXXX", NULL);
  g_autoptr(TrKiosk) kiosk = tr_kiosk_new (kiosk_test_config (dir, NULL));
  guint total = walk_ins_wanted (), first = total / 5;
  gint64 before, after_first = 0, after_all, first_growth, later_growth;
  gint64 sqlite_before, sqlite_after_first = 0, sqlite_after_all;
  gint64 per_walk_in, last = 0;
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint handlers_before;
  TrWindow *window;

  g_assert_true (tr_kiosk_is_open (kiosk));
  window = tr_window_new (NULL, kiosk, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  kiosk_test_spin ();

  handlers_before = overlay_scrolling_handlers ();
  before = live_heap_bytes ();
  sqlite_before = sqlite3_memory_used ();
  for (guint i = 0; i < total; i++)
    {
      walk_in (window, i);
      /* What each later walk-in added to the live heap, SQLite's aside. */
      if (i + 1 >= first)
        {
          gint64 now = live_heap_bytes () - sqlite3_memory_used ();

          if (i + 1 > first)
            g_array_append_val (steps, (gint64) { now - last });
          last = now;
        }
      if (i + 1 == first)
        {
          after_first = live_heap_bytes ();
          sqlite_after_first = sqlite3_memory_used ();
        }
      /* The curve, for whoever reads the log. */
      if ((i + 1) % first == 0)
        g_test_message ("after %u walk-ins: live heap %+.1f kB, SQLite's %+.1f kB (its page cache "
                        "%.1f kB; the database %.1f kB, its log %.1f kB), %u handlers on "
                        "notify::gtk-overlay-scrolling", i + 1, (live_heap_bytes () - before) / 1024.0,
                        (double) (sqlite3_memory_used () - sqlite_before) / 1024.0,
                        sqlite_page_cache_bytes () / 1024.0, file_bytes (dir, "t.db") / 1024.0,
                        file_bytes (dir, "t.db-wal") / 1024.0, overlay_scrolling_handlers ());
    }
  after_all = live_heap_bytes ();
  sqlite_after_all = sqlite3_memory_used ();

  first_growth = after_first - before;
  later_growth = after_all - after_first;
  g_test_message ("live heap: %.2f MB before, %+.1f kB over walk-ins 1-%u, %+.1f kB over %u-%u; "
                  "of which SQLite (its page cache, bounded by cache_size): %.2f MB, %+.1f kB, %+.1f kB",
                  before / 1048576.0, first_growth / 1024.0, first, later_growth / 1024.0, first + 1, total,
                  sqlite_before / 1048576.0, (sqlite_after_first - sqlite_before) / 1024.0,
                  (sqlite_after_all - sqlite_after_first) / 1024.0);
  per_walk_in = median_bytes (steps);
  g_test_message ("over walk-ins %u-%u, besides SQLite's: %" G_GINT64_FORMAT " bytes a walk-in on average, "
                  "%" G_GINT64_FORMAT " the median; handlers on notify::gtk-overlay-scrolling: %u before, "
                  "%u after", first + 1, total,
                  (later_growth - (sqlite_after_all - sqlite_after_first)) / (gint64) (total - first),
                  per_walk_in, handlers_before, overlay_scrolling_handlers ());
  g_assert_cmpint (later_growth, <, first_growth);
  /* No handler left behind by the walk-ins' scrolled windows. */
  g_assert_cmpuint (overlay_scrolling_handlers (), ==, handlers_before);
  if (total >= MIN_WALK_INS_FOR_BOUND)
    g_assert_cmpint (per_walk_in, <, MAX_GROWTH_PER_WALK_IN);

#ifdef WITH_ASAN
  /* Nothing of the walk-ins left that nothing points to (lsan.supp aside). */
  g_assert_cmpint (__lsan_do_recoverable_leak_check (), ==, 0);
#endif
  kiosk_test_close (window, &kiosk, &dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("TREMPLIN_NOW", PINNED_NOW, TRUE);
  tr_language_init ();
  kiosk_test_init (&argc, &argv);
  g_test_add_func ("/walk-ins/heap", test_heap_does_not_grow_with_walk_ins);
  return g_test_run ();
}

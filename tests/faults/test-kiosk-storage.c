/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk and its database at fault: one that is damaged or unreadable at
 * start closes the kiosk ("temporarily closed" for the walk-in, the reason
 * in the log) and is left byte for byte; a disk that fills up at the commit
 * keeps the window up, tells the walk-in to see staff, and the same
 * registration goes through once space is freed. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <pwd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tr-clock.h"
#include "tr-details-page.h"
#include "tr-kiosk.h"
#include "tr-window.h"
#include "../kiosk/kiosk-fixture.h"

static GString *closed_log;

/* The kiosk's warnings, kept to be read. (The default handler would abort
 * on a fatal warning before the fatal handler below is asked.) */
static void
on_kiosk_warning (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  g_printerr ("%s-WARNING: %s\n", domain, message);
  g_string_append_printf (closed_log, "%s\n", message);
}

/* The kiosk's "closed" warning is the behaviour under test, not a failure;
 * any other warning still is. */
static gboolean
on_fatal_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return !g_str_has_prefix (message, "The kiosk is closed: ");
}

static char *
file_digest (const char *path)
{
  g_autofree char *bytes = NULL;
  gsize length;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_strdup ("folder");
  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, length);
}

/* A sound database with registrations, to damage. */
static GBytes *
good_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-good-XXXXXX", NULL);
  TrConfig *config = kiosk_test_config (dir, "en");
  g_autofree char *path = g_strdup (config->database);
  mode_t old_umask = umask (022);
  g_autoptr(TrKiosk) kiosk = tr_kiosk_new (config);
  g_autofree char *bytes = NULL;
  g_autofree char *key = g_strconcat (path, ".key", NULL);
  gsize length;
  GStatBuf st;

  g_assert_false (tr_kiosk_is_faulty (kiosk));
  /* The first run made the database and the key for the owner only. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_clear_object (&kiosk);
  umask (old_umask);
  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  kiosk_test_remove_tree (dir);
  return g_bytes_new (bytes, length);
}

typedef enum { CUT_SHORT, PICTURE, EMPTY, FOLDER, UNREADABLE, N_DAMAGES } Damage;

static const struct {
  const char *name;
  const char *logged;  /* what the log must say */
} damages[] = {
  [CUT_SHORT] = { "cut short", "is damaged (cut short or overwritten" },
  [PICTURE] = { "a PNG picture", "is not a Tremplin database" },
  [EMPTY] = { "an empty file", "is an empty file (0 bytes)" },
  [FOLDER] = { "a folder", "is a folder, not a database file" },
  [UNREADABLE] = { "mode 000", "cannot be read or written by this user" },
};

static void
make_damage (Damage damage, const char *path, GBytes *good)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
  gsize length;
  const char *bytes = g_bytes_get_data (good, &length);

  switch (damage)
    {
    case CUT_SHORT:
      g_assert_true (g_file_set_contents (path, bytes, length / 2, NULL));
      break;
    case PICTURE:
      g_assert_true (g_file_set_contents (path, png, sizeof png, NULL));
      break;
    case EMPTY:
      g_assert_true (g_file_set_contents (path, "", 0, NULL));
      break;
    case FOLDER:
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      break;
    case UNREADABLE:
      g_assert_true (g_file_set_contents (path, bytes, length, NULL));
      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Root reads any file: the unreadable case runs as nobody, for the start. */
static gboolean
become_nobody (const char *dir)
{
  struct passwd *nobody = getpwnam ("nobody");

  if (geteuid () != 0)
    return TRUE;
  if (nobody == NULL || g_chmod (dir, 0755) != 0 || seteuid (nobody->pw_uid) != 0)
    return FALSE;
  return TRUE;
}

static void
test_damaged_database_at_start (void)
{
  g_autoptr(GBytes) good = good_database ();
  guint runs = 0, problems = 0;

  /* Set per test: GLib clears it before each one. */
  g_test_log_set_fatal_handler (on_fatal_log, NULL);

  for (Damage damage = 0; damage < N_DAMAGES; damage++)
    {
      g_autofree char *dir = g_dir_make_tmp ("tremplin-damaged-XXXXXX", NULL);
      TrConfig *config = kiosk_test_config (dir, "en");
      g_autofree char *path = g_strdup (config->database);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *welcome = NULL;
      g_autoptr(TrKiosk) kiosk = NULL;
      gboolean as_nobody = damage == UNREADABLE && geteuid () == 0;
      TrWindow *window;

      make_damage (damage, path, good);
      before = file_digest (path);
      if (as_nobody && !become_nobody (dir))
        {
          g_test_message ("%s: cannot act as nobody here, case left out", damages[damage].name);
          g_clear_pointer (&config, tr_config_free);
          kiosk_test_remove_tree (dir);
          continue;
        }
      g_string_truncate (closed_log, 0);
      kiosk = tr_kiosk_new (config);
      if (as_nobody)
        g_assert_cmpint (seteuid (0), ==, 0);
      runs++;
      g_test_message ("%s: %s", damages[damage].name, closed_log->str);
      g_assert_true (tr_kiosk_is_faulty (kiosk));
      g_assert_false (tr_kiosk_is_open (kiosk));
      g_assert_nonnull (strstr (closed_log->str, damages[damage].logged));
      g_assert_nonnull (strstr (closed_log->str, path));

      window = tr_window_new (NULL, kiosk, FALSE);
      gtk_window_present (GTK_WINDOW (window));
      kiosk_test_spin ();
      welcome = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (window)));
      g_assert_nonnull (strstr (welcome, "This kiosk is temporarily closed. Please ask a member of staff for help."));
      gtk_window_destroy (GTK_WINDOW (window));
      kiosk_test_spin ();
      g_clear_object (&kiosk);

      after = file_digest (path);
      g_assert_cmpstr (after, ==, before);
      g_chmod (path, 0600);
      kiosk_test_remove_tree (path);
      kiosk_test_remove_tree (dir);
    }
  g_print ("# damaged database at start: %u runs, %u problems found\n", runs, problems);
}

/* ---- a full disk at the commit ------------------------------------------ */

static void
fill_disk (const char *dir, const char *filler)
{
  static char chunk[65536];
  FILE *file = fopen (filler, "wb");

  g_assert_nonnull (file);
  setvbuf (file, NULL, _IONBF, 0);
  while (fwrite (chunk, 1, sizeof chunk, file) == sizeof chunk)
    ;
  while (fwrite (chunk, 1, 512, file) == 512)
    ;
  fclose (file);
}

static const char *
page_name (TrWindow *window)
{
  return tr_page_get_name (tr_window_get_page (window));
}

static void
walk_to_review (TrKiosk *kiosk, TrWindow *window)
{
  TrSession *session = tr_window_get_session (window);
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(TrOffer) offer = NULL;
  TrDetailsPage *details;
  GDate today;
  const char *answers[][2] = {
    { "birth_date", "1990-03-14" }, { "postcode", "75018" }, { "qpv", "yes" },
    { "job_status", "not_registered" }, { "diploma", "bac" }, { "gender", "woman" }, { "in_training", "no" },
  };

  tr_clock_local_gdate (now, &today);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    tr_session_set_answer (session, answers[i][0], answers[i][1]);
  tr_session_set_verdict (session, tr_rules_decide (tr_kiosk_get_rules (kiosk), tr_session_get_answers (session),
                                                    &today, NULL));
  offer = kiosk_test_find_offer (kiosk, session);
  tr_session_set_offer (session, offer);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "walk.go-to", "s", "details"));
  kiosk_test_spin ();
  details = TR_DETAILS_PAGE (tr_window_get_page (window));
  gtk_editable_set_text (tr_details_page_get_entry (details, TR_FIELD_FIRST_NAME), "Marie");
  gtk_editable_set_text (tr_details_page_get_entry (details, TR_FIELD_LAST_NAME), "Dupont-Lefèvre");
  gtk_editable_set_text (tr_details_page_get_entry (details, TR_FIELD_PHONE), "06 12 34 56 78");
  kiosk_test_spin ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "walk.next", NULL));
  kiosk_test_spin ();
  g_assert_cmpstr (page_name (window), ==, "review");
}

static void
test_disk_full_at_commit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-full-XXXXXX", NULL);
  g_autofree char *disk = g_build_filename (dir, "disk", NULL);
  g_autofree char *filler = g_build_filename (disk, "filler", NULL);
  g_autofree char *text = NULL;
  g_autoptr(TrKiosk) kiosk = NULL;
  TrConfig *config;
  TrWindow *window;

  g_assert_cmpint (g_mkdir (disk, 0700), ==, 0);
  if (mount ("tmpfs", disk, "tmpfs", 0, "size=8m,mode=0700") != 0)
    {
      g_autofree char *why = g_strdup_printf ("mounting a small tmpfs is not permitted here (%s): "
                                              "run as root to test a full disk", g_strerror (errno));
      kiosk_test_remove_tree (dir);
      g_test_skip (why);
      return;
    }
  config = kiosk_test_config (disk, "en");
  kiosk = tr_kiosk_new (config);
  g_assert_false (tr_kiosk_is_faulty (kiosk));
  window = tr_window_new (NULL, kiosk, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  kiosk_test_spin ();
  walk_to_review (kiosk, window);

  fill_disk (disk, filler);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "walk.next", NULL));
  kiosk_test_spin ();
  /* Still up, still on the review, no receipt: see staff. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (page_name (window), ==, "review");
  g_assert_null (tr_session_get_registration (tr_window_get_session (window)));
  text = kiosk_test_shown_text (GTK_WIDGET (tr_window_get_page (window)));
  g_assert_nonnull (strstr (text, "Your registration could not be saved. Please ask a member of staff."));

  /* Space again: the same walk-in's registration goes through. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "walk.next", NULL));
  kiosk_test_spin ();
  g_assert_nonnull (tr_session_get_registration (tr_window_get_session (window)));
  g_assert_cmpstr (page_name (window), ==, "receipt");
  g_print ("# full disk at the commit: 2 runs (full, then freed), 0 problems found\n");

  gtk_window_destroy (GTK_WINDOW (window));
  kiosk_test_spin ();
  g_clear_object (&kiosk);
  umount2 (disk, MNT_DETACH);
  kiosk_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "en", TRUE);
  kiosk_test_init (&argc, &argv);
  closed_log = g_string_new (NULL);
  g_log_set_handler ("TremplinKiosk", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, on_kiosk_warning, NULL);
  g_test_add_func ("/faults/kiosk/damaged-database-at-start", test_damaged_database_at_start);
  g_test_add_func ("/faults/kiosk/disk-full-at-commit", test_disk_full_at_commit);
  return g_test_run ();
}

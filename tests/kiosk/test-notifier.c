/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Staff notifications with no notification server: on a private session
 * bus where nothing owns org.freedesktop.Notifications, the kiosk goes on,
 * says so once in the log, and drops the rest silently. (What a real server
 * receives is tested end to end in tests/e2e/test_notifications.py.) */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "tr-error.h"
#include "tr-kiosk.h"
#include "tr-notifier.h"
#include "kiosk-fixture.h"

static guint messages_seen;

static void
count_message (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  if (g_str_has_prefix (message, "Staff notifications are off"))
    messages_seen++;
}

static void
send_one_of_each (TrNotifier *notifier)
{
  tr_notifier_registration_completed (notifier, "JavaScript full stack", 3);
  tr_notifier_offer_full (notifier, "JavaScript full stack");
  tr_notifier_export_written (notifier, 12, "/var/lib/tremplin/exports/2026-11-29.csv");
  tr_notifier_storage_failing (notifier, "the disk is full");
  tr_notifier_registration_completed (notifier, "Aide-soignant", 0);
}

static void
test_no_server_logged_once (void)
{
  g_autoptr(TrNotifier) notifier = tr_notifier_new (TRUE);

  messages_seen = 0;
  g_assert_true (tr_notifier_get_enabled (notifier));
  g_assert_true (tr_notifier_is_available (notifier));
  send_one_of_each (notifier);
  send_one_of_each (notifier);
  g_assert_cmpuint (messages_seen, ==, 1);
  g_assert_false (tr_notifier_is_available (notifier));
}

static void
test_disabled_sends_nothing (void)
{
  g_autoptr(TrNotifier) notifier = tr_notifier_new (FALSE);

  messages_seen = 0;
  g_assert_false (tr_notifier_get_enabled (notifier));
  g_assert_false (tr_notifier_is_available (notifier));
  send_one_of_each (notifier);
  /* Nothing was even tried: no server was found missing. */
  g_assert_cmpuint (messages_seen, ==, 0);
}

static char *
new_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tremplin-notifier-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* An open kiosk, told the database failed, with no server to tell: it stays
 * open, logs once, and the next failure is silent. */
static void
test_kiosk_keeps_working (void)
{
  g_autofree char *dir = new_dir ();
  TrConfig *config = tr_config_new_default ();
  g_autoptr(TrKiosk) kiosk = NULL;
  g_autoptr(GError) failure = g_error_new_literal (TR_ERROR, TR_ERROR_STORAGE, "disk I/O error");

  g_free (config->database);
  config->database = g_build_filename (dir, "t.db", NULL);
  g_assert_true (config->notifications);
  kiosk_test_give_office_key (config);
  messages_seen = 0;
  kiosk = tr_kiosk_new (config);
  g_assert_true (tr_kiosk_is_open (kiosk));
  g_assert_true (tr_notifier_is_available (tr_kiosk_get_notifier (kiosk)));

  tr_kiosk_report_storage_failure (kiosk, failure);
  tr_kiosk_report_storage_failure (kiosk, failure);
  g_assert_cmpuint (messages_seen, ==, 1);
  g_assert_true (tr_kiosk_is_open (kiosk));
  g_assert_nonnull (tr_kiosk_get_store (kiosk));
  g_assert_false (tr_notifier_is_available (tr_kiosk_get_notifier (kiosk)));

  g_clear_object (&kiosk);
  kiosk_test_remove_tree (dir);
}

/* A database that cannot be opened closes the kiosk; staff would be told,
 * and with no server the log says both things, in order. */
static void
test_kiosk_storage_fails_at_start (void)
{
  g_autofree char *dir = new_dir ();
  TrConfig *config = tr_config_new_default ();
  g_autoptr(TrKiosk) kiosk = NULL;

  g_free (config->database);
  /* A directory where the database file should be. */
  config->database = g_build_filename (dir, "t.db", NULL);
  g_assert_cmpint (g_mkdir (config->database, 0700), ==, 0);
  g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_WARNING, "The kiosk is closed: *");
  g_test_expect_message ("TremplinKiosk", G_LOG_LEVEL_MESSAGE, "Staff notifications are off*");
  kiosk = tr_kiosk_new (config);
  g_test_assert_expected_messages ();
  g_assert_true (tr_kiosk_is_faulty (kiosk));
  g_assert_false (tr_kiosk_is_open (kiosk));

  g_clear_object (&kiosk);
  g_autofree char *db_dir = g_build_filename (dir, "t.db", NULL);
  g_rmdir (db_dir);
  kiosk_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr(GTestDBus) bus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A session bus of our own, with no service on it: no notification
   * server, whatever runs on the machine's session. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  g_log_set_handler ("TremplinKiosk", G_LOG_LEVEL_MESSAGE, count_message, NULL);

  g_test_add_func ("/notifier/no-server-logged-once", test_no_server_logged_once);
  g_test_add_func ("/notifier/disabled-sends-nothing", test_disabled_sends_nothing);
  g_test_add_func ("/notifier/kiosk-keeps-working", test_kiosk_keeps_working);
  g_test_add_func ("/notifier/kiosk-storage-fails-at-start", test_kiosk_storage_fails_at_start);
  status = g_test_run ();
  g_test_dbus_down (bus);
  return status;
}

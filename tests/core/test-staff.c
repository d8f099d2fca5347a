/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-staff.c — tests of the staff password: its strength, hashing and lock-out delays. */
#include "config.h"

#include <glib.h>
#include <sodium.h>

#include "store-fixture.h"
#include "tr-staff.h"

#define RIGHT "Vélo-bleu-2027"
#define WRONG "Velo-bleu-2026"

static void
assert_weak (const char *password, const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tr_staff_check_password_strength (password, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s”: “%s” is not in “%s”", password, expected, error->message);
}

static void
test_strength (void)
{
  g_autoptr(GError) error = NULL;

  assert_weak ("aB1!", "at least 8 characters (it has 4)");
  assert_weak ("", "at least 8 characters (it has 0)");
  assert_weak ("abcdefghij", "(it has no capital letters, digits, other signs such as");
  assert_weak ("ABCDEFGH12", "(it has no lower-case letters, other signs such as");
  assert_weak ("abcdEFGHij", "(it has no digits, other signs such as");
  assert_weak ("abcd1234ef", "(it has no capital letters, other signs such as");
  assert_weak ("abcd-+!?ef", "(it has no capital letters, digits)");
  assert_weak ("abc", "at least 8 characters (it has 3); characters of at least 3 kinds");
  assert_weak ("aaaaaaaaaaaa", "not one character repeated");
  assert_weak ("Password1!", "most common");
  assert_weak ("aZERTY123!", "most common");
  assert_weak ("\xff\xfe" "abcDEF12!", "UTF-8");
  /* Characters are counted, not bytes: "éèàÉ1!" is 6 characters in 9 bytes. */
  assert_weak ("éèàÉ1!", "(it has 6)");

  g_assert_true (tr_staff_check_password_strength (RIGHT, &error));
  g_assert_no_error (error);
  g_assert_true (tr_staff_check_password_strength ("bleu vélo 2027", &error));
  g_assert_no_error (error);
  g_assert_true (tr_staff_check_password_strength ("ÉCOLE-é7x", &error));
  g_assert_no_error (error);
}

static void
test_delays (void)
{
  g_assert_cmpint (tr_staff_delay_after (0), ==, 0);
  g_assert_cmpint (tr_staff_delay_after (2), ==, 0);
  g_assert_cmpint (tr_staff_delay_after (3), ==, 30);
  g_assert_cmpint (tr_staff_delay_after (4), ==, 60);
  g_assert_cmpint (tr_staff_delay_after (5), ==, 120);
  g_assert_cmpint (tr_staff_delay_after (9), ==, 1920);
  g_assert_cmpint (tr_staff_delay_after (10), ==, 3600);
  g_assert_cmpint (tr_staff_delay_after (G_MAXUINT), ==, 3600);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_password_nowhere (StoreFixture *fixture, const char *password)
{
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  sqlite3 *db = raw_open (fixture->db_path);
  g_autofree char *events = raw_text (db, "SELECT coalesce (group_concat (detail, ' '), '') FROM events");
  g_autofree char *settings = raw_text (db, "SELECT coalesce (group_concat (value, ' '), '') FROM settings");

  sqlite3_close (db);
  g_assert_null (strstr (events, password));
  g_assert_null (strstr (settings, password));
  g_assert_false (file_contains (fixture->db_path, password));
  g_assert_false (file_contains (wal, password));
}

static void
test_hash (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-28T09:00:00Z");
  g_autofree char *hash = NULL;
  gboolean has_password = TRUE;
  sqlite3 *db;

  (void) data;
  g_assert_true (tr_staff_has_password (fixture->store, &has_password, &error));
  g_assert_false (has_password);

  /* A weak password is refused and nothing is written. */
  g_assert_false (tr_staff_set_password (fixture->store, "Azerty123!", now, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM settings WHERE key LIKE 'staff.%'"), ==, 0);
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM events WHERE kind LIKE 'staff%'"), ==, 0);

  g_assert_true (tr_staff_set_password (fixture->store, RIGHT, now, &error));
  g_assert_no_error (error);
  g_assert_true (tr_staff_has_password (fixture->store, &has_password, &error));
  g_assert_true (has_password);

  db = raw_open (fixture->db_path);
  hash = raw_text (db, "SELECT value FROM settings WHERE key = 'staff.password_hash'");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'staff-password-set' "
                                "AND at = '2026-11-28T09:00:00Z' AND detail = '{}'"), ==, 1);
  sqlite3_close (db);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, RIGHT));
  g_assert_cmpint (crypto_pwhash_str_verify (hash, RIGHT, strlen (RIGHT)), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_verify (hash, WRONG, strlen (WRONG)), !=, 0);
  assert_password_nowhere (fixture, RIGHT);
}

static TrStaffUnlock
try_at (TrStore *store, const char *password, GDateTime *start, int seconds, gint64 *wait)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_add_seconds (start, seconds);
  TrStaffUnlock outcome = tr_staff_try_unlock (store, password, now, wait, &error);

  g_assert_no_error (error);
  return outcome;
}

static void
assert_attempt (TrStore *store, const char *password, GDateTime *start, int seconds,
                TrStaffUnlock expected, gint64 expected_wait)
{
  gint64 wait = -1;

  g_assert_cmpint (try_at (store, password, start, seconds, &wait), ==, expected);
  g_assert_cmpint (wait, ==, expected_wait);
}

static void
test_lock_out (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = at ("2026-11-28T09:00:00Z");
  int t;
  gint64 wait;
  sqlite3 *db;

  (void) data;
  assert_attempt (fixture->store, RIGHT, start, 0, TR_STAFF_UNLOCK_NO_PASSWORD, 0);
  g_assert_true (tr_staff_set_password (fixture->store, RIGHT, start, &error));
  g_assert_no_error (error);

  /* Three free tries, then 30 s. */
  assert_attempt (fixture->store, WRONG, start, 1, TR_STAFF_UNLOCK_WRONG, 0);
  assert_attempt (fixture->store, "", start, 2, TR_STAFF_UNLOCK_WRONG, 0);
  assert_attempt (fixture->store, WRONG, start, 3, TR_STAFF_UNLOCK_WRONG, 30);
  /* Locked out: even the right password is refused, with the seconds left. */
  assert_attempt (fixture->store, RIGHT, start, 13, TR_STAFF_UNLOCK_LOCKED_OUT, 20);
  assert_attempt (fixture->store, WRONG, start, 32, TR_STAFF_UNLOCK_LOCKED_OUT, 1);
  /* Each further wrong try doubles the delay. */
  assert_attempt (fixture->store, WRONG, start, 33, TR_STAFF_UNLOCK_WRONG, 60);

  /* A restart keeps the count and the delay. */
  g_clear_object (&fixture->store);
  fixture->store = tr_store_open (fixture->db_path, FALSE, &error);
  g_assert_no_error (error);
  assert_attempt (fixture->store, RIGHT, start, 34, TR_STAFF_UNLOCK_LOCKED_OUT, 59);
  assert_attempt (fixture->store, WRONG, start, 93, TR_STAFF_UNLOCK_WRONG, 120);
  t = 93 + 120;
  for (gint64 expected = 240; expected <= 1920; expected *= 2)
    {
      assert_attempt (fixture->store, WRONG, start, t, TR_STAFF_UNLOCK_WRONG, expected);
      t += (int) expected;
    }
  /* Capped at an hour. */
  assert_attempt (fixture->store, WRONG, start, t, TR_STAFF_UNLOCK_WRONG, 3600);
  t += 3600;
  assert_attempt (fixture->store, WRONG, start, t, TR_STAFF_UNLOCK_WRONG, 3600);
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT value FROM settings WHERE key = 'staff.failed_tries'"), ==, 11);

  /* A clock set back a day does not stretch the delay past the hour. */
  g_assert_cmpint (try_at (fixture->store, RIGHT, start, t - 86400, &wait), ==, TR_STAFF_UNLOCK_LOCKED_OUT);
  g_assert_cmpint (wait, ==, 3600);

  /* The right password once the delay is over: in, and the count starts again. */
  t += 3600;
  assert_attempt (fixture->store, RIGHT, start, t, TR_STAFF_UNLOCK_OK, 0);
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM settings WHERE key LIKE 'staff.%'"), ==, 1);
  assert_attempt (fixture->store, WRONG, start, t + 1, TR_STAFF_UNLOCK_WRONG, 0);
  assert_attempt (fixture->store, WRONG, start, t + 2, TR_STAFF_UNLOCK_WRONG, 0);
  assert_attempt (fixture->store, RIGHT, start, t + 3, TR_STAFF_UNLOCK_OK, 0);

  /* Every attempt is an event with its outcome, and nothing more. */
  db = raw_open (fixture->db_path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'staff-unlock'"), ==, 20);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'staff-unlock' "
                                "AND detail ->> 'outcome' = 'ok'"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'staff-unlock' "
                                "AND detail ->> 'outcome' = 'locked-out'"), ==, 4);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'staff-unlock' "
                                "AND detail ->> 'outcome' = 'no-password'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'staff-unlock' "
                                "AND detail ->> 'outcome' = 'wrong'"), ==, 13);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events, json_each (events.detail) "
                                "WHERE kind = 'staff-unlock' "
                                "AND json_each.key NOT IN ('outcome', 'failed_tries', 'wait_seconds')"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind = 'staff-unlock' "
                                "AND at = '2026-11-28T09:00:33Z' AND detail ->> 'wait_seconds' = '60' "
                                "AND detail ->> 'failed_tries' = '4'"), ==, 1);
  sqlite3_close (db);
  assert_password_nowhere (fixture, RIGHT);
  assert_password_nowhere (fixture, WRONG);
}

static void
test_new_password_clears_lock_out (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = at ("2026-11-28T09:00:00Z");
  const char *other = "Bus 96, arrêt Mairie";

  (void) data;
  g_assert_true (tr_staff_set_password (fixture->store, RIGHT, start, &error));
  for (int i = 1; i <= 3; i++)
    g_assert_cmpint (try_at (fixture->store, WRONG, start, i, NULL), ==, TR_STAFF_UNLOCK_WRONG);
  assert_attempt (fixture->store, WRONG, start, 33, TR_STAFF_UNLOCK_WRONG, 60);
  assert_attempt (fixture->store, RIGHT, start, 34, TR_STAFF_UNLOCK_LOCKED_OUT, 59);

  g_assert_true (tr_staff_set_password (fixture->store, other, start, &error));
  g_assert_no_error (error);
  assert_attempt (fixture->store, RIGHT, start, 35, TR_STAFF_UNLOCK_WRONG, 0);
  assert_attempt (fixture->store, other, start, 36, TR_STAFF_UNLOCK_OK, 0);
  assert_password_nowhere (fixture, other);
}

static void
test_storage_failure (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-28T09:00:00Z");
  gint64 wait = -1;

  (void) data;
  g_assert_true (tr_staff_set_password (fixture->store, RIGHT, now, &error));
  /* The file taken away under the kiosk: an error, never an unlock. */
  g_assert_cmpint (g_unlink (fixture->db_path), ==, 0);
  g_assert_cmpint (tr_staff_try_unlock (fixture->store, RIGHT, now, &wait, &error), ==, TR_STAFF_UNLOCK_FAILED);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_cmpint (wait, ==, 0);
}

static void
set_up (StoreFixture *fixture, gconstpointer data)
{
  (void) data;
  store_fixture_set_up (fixture, "mairie-20-03");
}

static void
tear_down (StoreFixture *fixture, gconstpointer data)
{
  (void) data;
  store_fixture_tear_down (fixture);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/staff/strength", test_strength);
  g_test_add_func ("/staff/delays", test_delays);
  g_test_add ("/staff/hash", StoreFixture, NULL, set_up, test_hash, tear_down);
  g_test_add ("/staff/lock-out", StoreFixture, NULL, set_up, test_lock_out, tear_down);
  g_test_add ("/staff/new-password-clears-lock-out", StoreFixture, NULL, set_up,
              test_new_password_clears_lock_out, tear_down);
  g_test_add ("/staff/storage-failure", StoreFixture, NULL, set_up, test_storage_failure, tear_down);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-alert.c — tests of when staff are told the hub is out of reach. */
#include "tr-sync-alert.h"

static GDateTime *
at (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static void
test_hours (void)
{
  g_autoptr(GDateTime) since = at ("2027-03-01T08:00:00Z");
  g_autoptr(GDateTime) now = at ("2027-03-01T13:30:00Z");
  TrSyncState never = { .last_attempt = (char *) "2027-03-01T13:29:00Z", .last_error = (char *) "no route" };
  TrSyncState lost = { .last_success = (char *) "2027-03-01T10:00:00Z",
                       .last_attempt = (char *) "2027-03-01T13:29:00Z", .last_error = (char *) "no route" };
  TrSyncState before_start = { .last_success = (char *) "2027-02-28T17:00:00Z",
                               .last_attempt = (char *) "2027-03-01T13:29:00Z", .last_error = (char *) "no route" };
  TrSyncState fine = { .last_success = (char *) "2027-03-01T13:29:00Z",
                       .last_attempt = (char *) "2027-03-01T13:29:00Z" };
  TrSyncState not_tried = { 0 };

  g_assert_cmpuint (tr_sync_hours_out_of_reach (&never, since, now), ==, 5);
  g_assert_cmpuint (tr_sync_hours_out_of_reach (&lost, since, now), ==, 3);
  /* The night the kiosk was off does not count. */
  g_assert_cmpuint (tr_sync_hours_out_of_reach (&before_start, since, now), ==, 5);
  g_assert_cmpuint (tr_sync_hours_out_of_reach (&fine, since, now), ==, 0);
  g_assert_cmpuint (tr_sync_hours_out_of_reach (&not_tried, since, now), ==, 5);
}

/* Told once per outage, not at every failed round; told again after the
 * hub was reached and lost again. */
static void
test_told_once (void)
{
  g_autoptr(GDateTime) since = at ("2027-03-01T08:00:00Z");
  g_autoptr(GDateTime) early = at ("2027-03-01T11:59:00Z");
  g_autoptr(GDateTime) late = at ("2027-03-01T12:00:00Z");
  g_autoptr(GDateTime) later = at ("2027-03-01T15:00:00Z");
  g_autoptr(GDateTime) next_day = at ("2027-03-02T19:00:00Z");
  TrSyncState failing = { .last_attempt = (char *) "2027-03-01T11:00:00Z", .last_error = (char *) "timeout" };
  TrSyncState reached = { .last_success = (char *) "2027-03-02T09:00:00Z",
                          .last_attempt = (char *) "2027-03-02T09:00:00Z" };
  TrSyncState lost_again = { .last_success = (char *) "2027-03-02T09:00:00Z",
                             .last_attempt = (char *) "2027-03-02T18:00:00Z", .last_error = (char *) "timeout" };
  gboolean told = FALSE;

  g_assert_false (tr_sync_alert_due (&failing, since, early, 4, &told));
  g_assert_false (told);
  g_assert_true (tr_sync_alert_due (&failing, since, late, 4, &told));
  g_assert_true (told);
  g_assert_false (tr_sync_alert_due (&failing, since, later, 4, &told));
  g_assert_false (tr_sync_alert_due (&reached, since, next_day, 4, &told));
  g_assert_false (told);
  g_assert_true (tr_sync_alert_due (&lost_again, since, next_day, 4, &told));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-alert/hours", test_hours);
  g_test_add_func ("/sync-alert/told-once", test_told_once);
  return g_test_run ();
}

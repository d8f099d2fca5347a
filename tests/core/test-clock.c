/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clock.c — tests of dates as people write them and days in Paris. */
#include "tr-clock.h"

static void
assert_for_people (const char *iso, const char *expected)
{
  g_autofree char *shown = tr_clock_date_for_people (iso);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_date_for_people (void)
{
  assert_for_people ("1990-03-14", "14/03/1990");
  assert_for_people ("2027-01-05", "05/01/2027");
  assert_for_people ("0999-12-31", "31/12/0999");
  /* What is not a real day is shown as it was given, never dropped. */
  assert_for_people ("2027-02-29", "2027-02-29");
  assert_for_people ("14/03/1990", "14/03/1990");
  assert_for_people ("", "");
  assert_for_people (NULL, NULL);
}

/* Times are shown in Paris time, summer or winter. */
static void
test_time_for_people (void)
{
  g_autofree char *winter = tr_clock_time_for_people ("2027-03-05T13:20:00Z");
  g_autofree char *summer = tr_clock_time_for_people ("2027-07-14T22:05:09Z");
  g_autofree char *not_a_time = tr_clock_time_for_people ("yesterday");

  g_assert_cmpstr (winter, ==, "05/03/2027 14:20");
  g_assert_cmpstr (summer, ==, "15/07/2027 00:05");
  g_assert_cmpstr (not_a_time, ==, "yesterday");
  g_assert_null (tr_clock_time_for_people (NULL));
}

static void
assert_typed_date (const char *typed, const char *expected)
{
  g_autofree char *iso = tr_clock_parse_date_for_people (typed);

  g_assert_cmpstr (iso, ==, expected);
}

static void
test_parse_date_for_people (void)
{
  assert_typed_date ("28/11/2026", "2026-11-28");
  assert_typed_date (" 5/1/2027 ", "2027-01-05");
  assert_typed_date ("28.11.2026", "2026-11-28");
  assert_typed_date ("28-11-2026", "2026-11-28");
  assert_typed_date ("2026-11-28", "2026-11-28");
  assert_typed_date ("29/02/2028", "2028-02-29");
  /* Not a real day, or not clearly one: nothing is guessed. */
  assert_typed_date ("29/02/2027", NULL);
  assert_typed_date ("31/04/2026", NULL);
  assert_typed_date ("11/28/2026", NULL);
  assert_typed_date ("28/11/26", NULL);
  assert_typed_date ("28/11", NULL);
  assert_typed_date ("28//11/2026", NULL);
  assert_typed_date ("+8/11/2026", NULL);
  assert_typed_date ("aujourd'hui", NULL);
  assert_typed_date ("", NULL);
  assert_typed_date (NULL, NULL);
}

static guint
to_midnight (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  return tr_clock_seconds_to_midnight (time);
}

static void
test_seconds_to_midnight (void)
{
  /* Paris midnight, winter (UTC+1) and summer (UTC+2). */
  g_assert_cmpuint (to_midnight ("2026-11-28T22:59:30Z"), ==, 30);
  g_assert_cmpuint (to_midnight ("2026-11-28T22:59:59.5Z"), ==, 1);
  g_assert_cmpuint (to_midnight ("2026-11-28T23:00:00Z"), ==, 24 * 3600);
  g_assert_cmpuint (to_midnight ("2026-07-14T21:00:00Z"), ==, 3600);
  /* The night the clocks go back has a 25-hour day after it. */
  g_assert_cmpuint (to_midnight ("2026-10-24T22:00:00Z"), ==, 25 * 3600);
}

static void
test_is_date (void)
{
  g_assert_true (tr_clock_is_date ("2028-02-29"));
  g_assert_true (tr_clock_is_date ("1900-01-01"));
  g_assert_false (tr_clock_is_date ("2027-02-29"));
  g_assert_false (tr_clock_is_date ("2027-13-01"));
  g_assert_false (tr_clock_is_date ("2027-1-01"));
  g_assert_false (tr_clock_is_date ("2027-01-01 "));
  g_assert_false (tr_clock_is_date ("0000-01-01"));
  g_assert_false (tr_clock_is_date (""));
  g_assert_false (tr_clock_is_date (NULL));
}

static void
assert_today (const char *now, guint day, GDateMonth month, guint year)
{
  GDate today;

  g_setenv ("TREMPLIN_NOW", now, TRUE);
  tr_clock_today (&today);
  g_unsetenv ("TREMPLIN_NOW");
  g_assert_true (g_date_valid (&today));
  g_assert_cmpuint (g_date_get_day (&today), ==, day);
  g_assert_cmpuint (g_date_get_month (&today), ==, month);
  g_assert_cmpuint (g_date_get_year (&today), ==, year);
}

/* The day is Paris's, not UTC's: late evening in UTC is already tomorrow. */
static void
test_today (void)
{
  assert_today ("2026-11-28T12:00:00Z", 28, G_DATE_NOVEMBER, 2026);
  assert_today ("2026-11-28T23:30:00Z", 29, G_DATE_NOVEMBER, 2026);
  assert_today ("2026-12-31T23:00:00Z", 1, G_DATE_JANUARY, 2027);
  /* Summer time: two hours ahead of UTC. */
  assert_today ("2027-06-30T22:30:00Z", 1, G_DATE_JULY, 2027);
  assert_today ("2027-06-30T21:30:00Z", 30, G_DATE_JUNE, 2027);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clock/date-for-people", test_date_for_people);
  g_test_add_func ("/clock/time-for-people", test_time_for_people);
  g_test_add_func ("/clock/parse-date-for-people", test_parse_date_for_people);
  g_test_add_func ("/clock/is-date", test_is_date);
  g_test_add_func ("/clock/seconds-to-midnight", test_seconds_to_midnight);
  g_test_add_func ("/clock/today", test_today);
  return g_test_run ();
}

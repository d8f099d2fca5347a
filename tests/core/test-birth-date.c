/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-birth-date.c — tests of the one rule for a date of birth: past, and an age of at most 99. */
#include "tr-birth-date.h"
#include "tr-error.h"

static void
assert_check (const char *birth_iso, const char *message)
{
  g_autoptr(GError) error = NULL;
  GDate birth, today;

  g_date_clear (&birth, 1);
  g_date_clear (&today, 1);
  g_date_set_parse (&today, "2017-03-15");
  g_date_set_parse (&birth, birth_iso);
  g_assert_true (g_date_valid (&birth));
  if (message == NULL)
    {
      g_assert_true (tr_birth_date_check (&birth, &today, &error));
      g_assert_no_error (error);
    }
  else
    {
      g_assert_false (tr_birth_date_check (&birth, &today, &error));
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, message);
    }
}

static void
test_birth_date_bounds (void)
{
  assert_check ("1990-04-23", NULL);
  assert_check ("2017-03-15", NULL);   /* born today: the rules, not the date, say "too young" */
  assert_check ("1917-03-16", NULL);   /* 99 until tomorrow */
  assert_check ("2017-03-16", "This date is in the future. Check the year.");
  assert_check ("1917-03-15", "This date of birth would make you over 99 years old. Please check the year.");
  assert_check ("1850-01-01", "This date of birth would make you over 99 years old. Please check the year.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/birth-date/bounds", test_birth_date_bounds);
  return g_test_run ();
}

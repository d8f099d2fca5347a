/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-clock.c — the time now (pinned by tests), and the day and dates as Paris sees them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr-clock.h"

GDateTime *
tr_clock_now (void)
{
  const char *pinned = g_getenv ("TREMPLIN_NOW");

  if (pinned != NULL && *pinned != '\0')
    {
      GDateTime *parsed = g_date_time_new_from_iso8601 (pinned, NULL);
      if (parsed != NULL)
        {
          GDateTime *utc = g_date_time_to_utc (parsed);
          g_date_time_unref (parsed);
          return utc;
        }
      g_warning ("TREMPLIN_NOW=%s is not an ISO 8601 time with an offset; using the clock", pinned);
    }
  return g_date_time_new_now_utc ();
}

GTimeZone *
tr_clock_local_zone (void)
{
  static gsize paris;

  if (g_once_init_enter (&paris))
    {
      GTimeZone *zone = g_time_zone_new_identifier ("Europe/Paris");
      /* Without tzdata, fall back to the fixed winter offset rather than UTC:
       * a day boundary an hour off beats one two hours off. */
      if (zone == NULL)
        zone = g_time_zone_new_offset (3600);
      g_once_init_leave (&paris, (gsize) zone);
    }
  return (GTimeZone *) paris;
}

char *
tr_clock_local_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, tr_clock_local_zone ());
  return g_date_time_format (local, "%Y-%m-%d");
}

guint
tr_clock_seconds_to_midnight (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, tr_clock_local_zone ());
  g_autoptr(GDateTime) midnight = g_date_time_new (tr_clock_local_zone (), g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

  /* Rounded up: woken a second late rather than a moment early. */
  return (guint) ((g_date_time_difference (next, time) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
tr_clock_local_gdate (GDateTime *time, GDate *out)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, tr_clock_local_zone ());
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

void
tr_clock_today (GDate *out)
{
  g_autoptr(GDateTime) now = tr_clock_now ();

  tr_clock_local_gdate (now, out);
}

gboolean
tr_clock_parse_date (const char *text, GDate *out)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

gboolean
tr_clock_is_date (const char *text)
{
  GDate date;

  return tr_clock_parse_date (text, &date);
}

char *
tr_clock_date_for_people (const char *iso)
{
  GDate date;

  if (iso == NULL || !tr_clock_parse_date (iso, &date))
    return g_strdup (iso);
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (&date),
                          (guint) g_date_get_month (&date), g_date_get_year (&date));
}

char *
tr_clock_time_for_people (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_timezone (utc, tr_clock_local_zone ());
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

char *
tr_clock_parse_date_for_people (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  guint64 day, month, year;
  char *iso;

  if (tr_clock_is_date (trimmed))
    return g_steal_pointer (&trimmed);
  g_strdelimit (trimmed, ".-", '/');
  parts = g_strsplit (trimmed, "/", -1);
  if (g_strv_length (parts) != 3 || strlen (parts[0]) > 2 || strlen (parts[1]) > 2 || strlen (parts[2]) != 4 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 31, &day, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 9999, &year, NULL))
    return NULL;
  iso = g_strdup_printf ("%04u-%02u-%02u", (guint) year, (guint) month, (guint) day);
  if (!tr_clock_is_date (iso))
    g_clear_pointer (&iso, g_free);
  return iso;
}

int
tr_clock_age_on (const GDate *birth, const GDate *today)
{
  int age = g_date_get_year (today) - g_date_get_year (birth);

  if (g_date_get_month (today) < g_date_get_month (birth) ||
      (g_date_get_month (today) == g_date_get_month (birth) &&
       g_date_get_day (today) < g_date_get_day (birth)))
    age--;
  return age;
}

static const char *const month_names[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

static const char *
month_name (guint month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, "");
  return g_dpgettext2 (GETTEXT_PACKAGE, "month", month_names[month - 1]);
}

char *
tr_clock_format_date (const char *iso_date)
{
  GDate date;

  if (!tr_clock_parse_date (iso_date, &date))
    return g_strdup (iso_date != NULL ? iso_date : "");
  /* Translators: a day as "20 December 2027": the day of the month, the
   * month's name, the year. */
  return g_strdup_printf (C_("date", "%u %s %u"), (guint) g_date_get_day (&date),
                          month_name (g_date_get_month (&date)), (guint) g_date_get_year (&date));
}

char *
tr_clock_format_month (const char *year_month)
{
  guint year, month;

  if (year_month == NULL || sscanf (year_month, "%4u-%2u", &year, &month) != 2 || month < 1 || month > 12)
    return g_strdup (year_month != NULL ? year_month : "");
  /* Translators: a month of a year, as "January 2027". */
  return g_strdup_printf (C_("month and year", "%s %u"), month_name (month), year);
}

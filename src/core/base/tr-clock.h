/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-clock.h — what time it is, and what day it is in Paris.
 *
 * Core functions take the time as an argument so tests can pin it; only the
 * programs ask the clock, through tr_clock_now().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Now, in UTC. TREMPLIN_NOW (ISO 8601 with an offset) pins it for tests. */
GDateTime *tr_clock_now        (void);
/* The time zone of the programme's days (Europe/Paris). */
GTimeZone *tr_clock_local_zone (void);
/* "YYYY-MM-DD" of @time in Europe/Paris. */
char      *tr_clock_local_date (GDateTime *time);
/* Seconds from @time to the next local midnight (Paris), at least 1. */
guint      tr_clock_seconds_to_midnight (GDateTime *time);
/* The local day of @time as a GDate. */
void       tr_clock_local_gdate (GDateTime *time, GDate *out);
/* The local day now (tr_clock_now()) as a GDate. */
void       tr_clock_today      (GDate *out);
/* Parses a strict "YYYY-MM-DD" that names a real day. */
gboolean   tr_clock_parse_date (const char *text, GDate *out);
/* Whether @text is a strict "YYYY-MM-DD" that names a real day. */
gboolean   tr_clock_is_date    (const char *text);
/* "1990-03-14" → "14/03/1990", as people write dates in France; anything
 * that is not such a date comes back as a copy (NULL as NULL). */
char      *tr_clock_date_for_people (const char *iso);
/* A UTC time in ISO 8601 ("2027-03-05T13:20:00Z") in Paris time as people
 * read it: "05/03/2027 14:20"; anything else comes back as a copy. */
char      *tr_clock_time_for_people (const char *iso);
/* A day as people type it: "28/11/2026" (also 28.11.2026, 28-11-2026, one
 * digit for day or month) or "2026-11-28". Returns "YYYY-MM-DD", or NULL
 * when @text is not a real day. */
char      *tr_clock_parse_date_for_people (const char *text);
/* A day in words, in the current language: "20 December 2027". Anything
 * that is not a real day comes back as a copy ("" for NULL). */
char      *tr_clock_format_date (const char *iso);
/* "January 2027" from "2027-01"; anything else comes back as a copy. */
char      *tr_clock_format_month (const char *year_month);
/* Whole years from @birth to @today. */
int        tr_clock_age_on     (const GDate *birth, const GDate *today);

G_END_DECLS

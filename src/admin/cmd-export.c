/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export and stats: a day's registrations for the programme office. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "admin-context.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-export.h"
#include "tr-text.h"

/* The day asked for, or today in Paris. */
static char *
day_or_today (const char *date, GError **error)
{
  g_autoptr(GDateTime) now = NULL;

  if (date == NULL)
    {
      now = tr_clock_now ();
      return tr_clock_local_date (now);
    }
  if (!tr_clock_is_date (date))
    {
      g_autofree char *shown = tr_text_excerpt (date);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The date “%s” is not a real day of the form YYYY-MM-DD, like 2027-03-14"), shown);
      return NULL;
    }
  return g_strdup (date);
}

int
tr_admin_cmd_export (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *output = NULL;
  g_autofree char *day = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  TrStore *store;
  TrRules *rules;
  guint n_rows = 0;
  int status;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day to export (default: today)"), N_("YYYY-MM-DD") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The folder to write the file into"), N_("DIR") },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, "",
                       _("Write a day's registrations to tremplin-KIOSK-DAY.sealed and print its "
                         "path. The file shows in clear only its kiosk, day and number of "
                         "registrations: the people's details stay sealed to the office key, and "
                         "only the programme office opens them (“tremplin-office open”). A kiosk "
                         "has no clear export: it cannot read the details it sealed."),
                       entries, 0, 0, &status))
    return status;
  if (output == NULL)
    output = g_strdup (admin->config->export_directory);
  if ((day = day_or_today (date, &error)) == NULL ||
      (rules = tr_admin_get_rules (admin, &error)) == NULL ||
      (store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      (path = tr_export_day_sealed (store, rules, day, output, &n_rows, &error)) == NULL)
    return tr_admin_fail (error);

  g_print ("%s\n", path);
  g_printerr (ngettext ("%u registration\n", "%u registrations\n", n_rows), n_rows);
  return TR_EXIT_OK;
}

static gboolean
print_counts (TrStore *store, const char *date, TrCountBy by, const char *title, GError **error)
{
  g_autoptr(GPtrArray) counts = tr_store_count (store, date, by, error);

  if (counts == NULL)
    return FALSE;
  g_print ("%s\n", title);
  if (counts->len == 0)
    g_print ("  %s\n", _("none"));
  for (guint i = 0; i < counts->len; i++)
    {
      TrCount *count = counts->pdata[i];
      g_print ("  %-24s %u\n", count->key, count->count);
    }
  return TRUE;
}

int
tr_admin_cmd_stats (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  TrStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Only this day (default: every day)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, "", _("Count registrations by offer, category, status and priority."),
                       entries, 0, 0, &status))
    return status;
  if (date != NULL && !tr_clock_is_date (date))
    {
      g_autofree char *shown = tr_text_excerpt (date);
      return tr_admin_usage (_("stats: the date “%s” is not a real day of the form YYYY-MM-DD"), shown);
    }
  if ((store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      !print_counts (store, date, TR_COUNT_BY_STATUS, _("By status:"), &error) ||
      !print_counts (store, date, TR_COUNT_BY_CATEGORY, _("By category:"), &error) ||
      !print_counts (store, date, TR_COUNT_BY_FLAG, _("By priority flag:"), &error) ||
      !print_counts (store, date, TR_COUNT_BY_OFFER, _("By offer:"), &error))
    return tr_admin_fail (error);
  return TR_EXIT_OK;
}

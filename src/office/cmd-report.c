/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd-report.c — "tremplin-office report": the season's figures and charts from opened day exports or from the hub. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-report.h"
#include "office-context.h"
#include "report-hub.h"
#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-report.h"
#include "tr-report-draw.h"
#include "tr-store.h"

static int
fail (const char *message)
{
  g_printerr ("tremplin-office report: %s\n", message);
  return 1;
}

static int
usage (const char *message)
{
  g_printerr ("tremplin-office report: %s\n%s\n", message,
              _("Run “tremplin-office report --help” for the options."));
  return 2;
}

static GPtrArray *
load_offers (const char *catalogue, const char *db, GError **error)
{
  if (catalogue != NULL)
    return tr_catalogue_parse_file (catalogue, error);
  if (db != NULL)
    {
      g_autoptr(TrStore) store = NULL;

      if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                       _("%s is not a kiosk database: give the kiosk's tremplin.db with --db FILE"), db);
          return NULL;
        }
      store = tr_store_open (db, FALSE, error);
      return store != NULL ? tr_store_load_offers (store, TRUE, error) : NULL;
    }
  return g_ptr_array_new ();
}

/* --season 2026: the calendar year; the export's local_date decides. */
static gboolean
season_dates (const char *season, char **from, char **to)
{
  guint64 year;

  if (!g_ascii_string_to_unsigned (season, 10, 2000, 2999, &year, NULL))
    return FALSE;
  *from = g_strdup_printf ("%04u-01-01", (guint) year);
  *to = g_strdup_printf ("%04u-12-31", (guint) year);
  return TRUE;
}

static gboolean
parse_euros (const char *text, double *out)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(value >= 0))
    return FALSE;
  *out = value;
  return TRUE;
}

/* From the hub: the flags' names of the rules the office published (unless
 * --rules gave them), then the passphrase, then every registration of the
 * season, its postcode opened in memory. */
static gboolean
add_from_hub (TrReportHub *from_hub, TrReport *report, gboolean rules_given,
              const char *passphrase_file, GError **error)
{
  const TrReportSettings *settings = tr_report_get_settings (report);

  return (rules_given || tr_report_hub_read_rules (from_hub, report, error)) &&
         tr_report_hub_unlock (from_hub, passphrase_file, error) &&
         tr_report_hub_add_registrations (from_hub, report, settings->from_date, settings->to_date,
                                          NULL, error);
}

int
tr_office_cmd_report (int argc, char **argv)
{
  g_auto(GStrv) from = NULL;
  g_autofree char *season = NULL, *from_date = NULL, *to_date = NULL, *output = NULL;
  g_autofree char *catalogue = NULL, *db = NULL, *rules = NULL, *config = NULL, *title = NULL;
  g_autofree char *cost = NULL, *budget = NULL, *hub = NULL;
  g_autofree char *key_path = NULL, *passphrase_file = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  int target = -1;
  gboolean page_images = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &from, N_("A day export (.csv or .jsonl), opened; give it once per file, or list the files after the options"), N_("FILE") },
    { "hub", 0, 0, G_OPTION_ARG_STRING, &hub, N_("Read the registrations from the hub instead, with this libpq connection string (\"\" for the PG* variables); the offers and the flags' names come from what the office last published there"), N_("CONNINFO") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, key_help, N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("With --hub: read the office key's passphrase from the first line of FILE instead of asking for it"), N_("FILE") },
    { "season", 0, 0, G_OPTION_ARG_STRING, &season, N_("Only the registrations of this year"), N_("YYYY") },
    { "from-date", 0, 0, G_OPTION_ARG_STRING, &from_date, N_("Only the registrations from this day on"), N_("YYYY-MM-DD") },
    { "to-date", 0, 0, G_OPTION_ARG_STRING, &to_date, N_("Only the registrations up to this day"), N_("YYYY-MM-DD") },
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue, N_("The offers' catalogue (CSV), for seats and the offers nobody chose"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Read the catalogue from a kiosk's database"), N_("FILE") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules, N_("The rules file, for the audiences' names and targets"), N_("FILE") },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config, N_("The report's settings: [Report] Target=, CostPerPerson=, Budget=, Title=; [Audience targets]"), N_("FILE") },
    { "target", 0, 0, G_OPTION_ARG_INT, &target, N_("The season's target in places (default 1000)"), N_("N") },
    { "cost-per-person", 0, 0, G_OPTION_ARG_STRING, &cost, N_("What one trained person costs, in euros (default 7500)"), N_("EUROS") },
    { "budget", 0, 0, G_OPTION_ARG_STRING, &budget, N_("The season's budget, in euros (default 1000000)"), N_("EUROS") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The report's title"), N_("TEXT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The folder to write the report into (default: the current folder)"), N_("DIR") },
    { "page-images", 0, 0, G_OPTION_ARG_NONE, &page_images, N_("Also write each page as a PNG image"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[FILE…]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GHashTable) targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(TrReport) report = NULL;
  g_autoptr(TrReportHub) from_hub = NULL;
  TrReportSettings settings;
  guint skipped = 0;

  g_option_context_set_summary (context, _("The season report: an A4 PDF with charts, each chart as SVG and PNG, and the table behind each chart as CSV. Figures only, no names."));
  g_option_context_set_description (context, _("The registrations come either from the opened day exports (--from FILE…) or from the hub (--hub CONNINFO, logged in as the office). From the hub, the office key's passphrase is asked for: each registration's postcode of residence is opened in memory only, and nothing personal is written."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (error->message);
  for (guint i = 0; from != NULL && from[i] != NULL; i++)
    g_ptr_array_add (files, from[i]);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, argv[i]);
  if (hub != NULL && files->len > 0)
    return usage (_("give one source of registrations: either --hub CONNINFO or the opened day exports (--from FILE…), not both"));
  if (hub == NULL && files->len == 0)
    return usage (_("no export file given: give the opened day exports with --from FILE…, or read the hub with --hub CONNINFO"));
  if (hub == NULL && (key_path != NULL || passphrase_file != NULL))
    return usage (_("--key and --passphrase-file are for --hub: opened day exports need no key"));
  if (season != NULL && (from_date != NULL || to_date != NULL))
    return usage (_("give either --season or --from-date/--to-date, not both"));
  if ((from_date != NULL && !tr_clock_is_date (from_date)) || (to_date != NULL && !tr_clock_is_date (to_date)))
    return usage (_("a date is written YYYY-MM-DD, for example 2026-11-28"));
  if (catalogue != NULL && db != NULL)
    return usage (_("give the catalogue either with --catalogue or with --db, not both"));

  tr_report_settings_init (&settings);
  if (season != NULL && !season_dates (season, &settings.from_date, &settings.to_date))
    {
      tr_report_settings_clear (&settings);
      return usage (_("--season takes a year, for example --season 2026"));
    }
  if (from_date != NULL)
    settings.from_date = g_strdup (from_date);
  if (to_date != NULL)
    settings.to_date = g_strdup (to_date);
  if (config != NULL && !tr_report_settings_load (&settings, targets, config, &error))
    {
      tr_report_settings_clear (&settings);
      return fail (error->message);
    }
  if (target >= 0)
    settings.target = (guint) target;
  if (!parse_euros (cost, &settings.cost_per_person) || !parse_euros (budget, &settings.budget))
    {
      tr_report_settings_clear (&settings);
      return usage (_("an amount is written in euros with figures only, for example --cost-per-person 7500"));
    }
  if (title != NULL)
    {
      g_free (settings.title);
      settings.title = g_strdup (title);
    }

  /* The hub is reached, and the login's rights checked, before anything
   * else is read or the passphrase asked for. */
  if (hub != NULL && (from_hub = tr_report_hub_connect (hub, key_path, &error)) == NULL)
    {
      tr_report_settings_clear (&settings);
      return fail (error->message);
    }
  offers = from_hub != NULL && catalogue == NULL && db == NULL
           ? tr_report_hub_load_offers (from_hub, &error)
           : load_offers (catalogue, db, &error);
  if (offers == NULL)
    {
      tr_report_settings_clear (&settings);
      return fail (error->message);
    }
  report = tr_report_new (&settings, offers, targets);
  tr_report_settings_clear (&settings);
  if (rules != NULL && !tr_report_read_rules (report, rules, &error))
    return fail (error->message);
  if (from_hub != NULL && !add_from_hub (from_hub, report, rules != NULL, passphrase_file, &error))
    return fail (error->message);
  for (guint i = 0; i < files->len; i++)
    {
      gboolean was_skipped = FALSE;

      if (!tr_report_add_file (report, g_ptr_array_index (files, i), &was_skipped, &error))
        return fail (error->message);
      skipped += was_skipped;
    }
  if (skipped > 0)
    g_printerr (_("tremplin-office report: %u file(s) left out: the same kiosk and day as a file already read (a day's CSV and JSON Lines hold the same rows)\n"),
                skipped);
  tr_report_finish (report);

  if (output == NULL)
    output = g_strdup (".");
  if (g_mkdir_with_parents (output, 0755) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("the folder %s cannot be made: %s"), output, g_strerror (errno));
      return fail (message);
    }
  if (!tr_report_draw (report, output, page_images, &error))
    return fail (error->message);
  if (from_hub != NULL)
    g_print (_("Report of %u registrations from the hub written into %s\n"),
             tr_report_get_n_rows (report), output);
  else
    g_print (_("Report of %u registrations from %u files written into %s\n"),
             tr_report_get_n_rows (report), tr_report_get_n_files (report), output);
  return 0;
}

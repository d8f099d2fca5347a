/* SPDX-License-Identifier: GPL-3.0-or-later */
/* import-offers and offers: the catalogue. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "admin-context.h"
#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-json.h"
#include "tr-text.h"

int
tr_admin_cmd_import_offers (TrAdmin *admin, int argc, char **argv)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  TrImportStats stats = { 0 };
  TrStore *store;
  int status;

  if (!tr_admin_parse (&argc, &argv, _("FILE"), _("Import a catalogue CSV (see data/catalogue/README.md)."),
                       NULL, 1, 1, &status))
    return status;

  /* Parse the whole file before touching the database: a file with any bad
   * row changes nothing. */
  offers = tr_catalogue_parse_file (argv[1], &error);
  if (offers == NULL)
    return tr_admin_fail (error);
  /* A header alone is more likely a bad export than a season with no offer. */
  if (offers->len == 0)
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s has no offer in it; importing it would empty the catalogue, so nothing was changed"),
                   argv[1]);
      return tr_admin_fail (error);
    }
  store = tr_admin_open_store (admin, FALSE, &error);
  if (store == NULL)
    return tr_admin_fail (error);
  now = tr_clock_now ();
  if (!tr_store_import_offers (store, offers, now, &stats, &error))
    return tr_admin_fail (error);

  g_print (_("Imported %u offers: %u added, %u updated, %u unchanged, %u withdrawn (they have registrations), %u removed.\n"),
           offers->len, stats.added, stats.updated, stats.unchanged, stats.withdrawn, stats.deleted);
  return TR_EXIT_OK;
}

static void
add_offer_json (JsonBuilder *builder, TrOffer *offer)
{
  const TrOfferData *d = tr_offer_get_data (offer);

  json_builder_begin_object (builder);
  tr_json_add_text (builder, "id", d->id);
  tr_json_add_text (builder, "title", d->title);
  tr_json_add_text (builder, "category", tr_category_to_token (d->category));
  tr_json_add_text (builder, "provider", d->provider);
  tr_json_add_text (builder, "address", d->address);
  tr_json_add_text (builder, "postcode", d->postcode);
  tr_json_add_text (builder, "modality", tr_modality_to_token (d->modality));
  tr_json_add_text (builder, "audience", tr_audience_to_token (d->audience));
  tr_json_add_text (builder, "min_level", tr_level_to_token (d->min_level));
  tr_json_add_number (builder, "hours", d->hours);
  tr_json_add_text (builder, "start_date", d->start_date);
  tr_json_add_text (builder, "end_date", d->end_date);
  tr_json_add_number (builder, "seats", d->seats);
  tr_json_add_text (builder, "info_session", d->info_session);
  tr_json_add_text (builder, "description", d->description);
  tr_json_add_number (builder, "seats_left", tr_offer_get_seats_left (offer));
  json_builder_set_member_name (builder, "withdrawn");
  json_builder_add_boolean_value (builder, tr_offer_get_withdrawn (offer));
  json_builder_end_object (builder);
}

static void
print_json (GPtrArray *offers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < offers->len; i++)
    add_offer_json (builder, offers->pdata[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

static void
print_table (GPtrArray *offers)
{
  for (guint i = 0; i < offers->len; i++)
    {
      TrOffer *offer = offers->pdata[i];
      const TrOfferData *d = tr_offer_get_data (offer);

      g_print ("%-12s %3u/%-3u %-10s %-17s %s — %s (%s)%s\n",
               d->id, tr_offer_get_seats_left (offer), d->seats, d->start_date,
               tr_category_to_token (d->category), d->title, d->provider, d->postcode,
               tr_offer_get_withdrawn (offer) ? _(" [withdrawn]") : "");
    }
  g_printerr (ngettext ("%u offer\n", "%u offers\n", offers->len), offers->len);
}

/* Turns the filter options into a query; FALSE with @error on a bad value. */
static gboolean
build_query (TrOfferQuery *query,
             const char   *category,
             const char   *modality,
             int           arrondissement,
             const char   *month,
             GError      **error)
{
  TrCategory c;
  TrModality m;
  g_autofree char *first_day = NULL;

  if (category != NULL)
    {
      if (!tr_category_from_token (category, &c))
        {
          g_autofree char *shown = tr_text_excerpt (category);
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("Unknown category “%s”; use one of developer, digital_marketing, project_manager, ecommerce, cybersecurity, data, web, iot, other"),
                       shown);
          return FALSE;
        }
      query->category = c;
    }
  if (modality != NULL)
    {
      if (!tr_modality_from_token (modality, &m))
        {
          g_autofree char *shown = tr_text_excerpt (modality);
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("Unknown modality “%s”; use on_site, remote or hybrid"), shown);
          return FALSE;
        }
      query->modality = m;
    }
  if (arrondissement < 0 || arrondissement > 20)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The arrondissement must be a number from 1 to 20"));
      return FALSE;
    }
  query->arrondissement = (guint) arrondissement;
  if (month != NULL)
    {
      first_day = g_strconcat (month, "-01", NULL);
      if (!tr_clock_is_date (first_day))
        {
          g_autofree char *shown = tr_text_excerpt (month);
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("The month “%s” is not of the form YYYY-MM, like 2027-03"), shown);
          return FALSE;
        }
      query->start_month = month;
    }
  return TRUE;
}

int
tr_admin_cmd_offers (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *search = NULL;
  g_autofree char *category = NULL;
  g_autofree char *modality = NULL;
  g_autofree char *month = NULL;
  int arrondissement = 0;
  gboolean json = FALSE;
  gboolean all = FALSE;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TrCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  TrOfferQuery query = TR_OFFER_QUERY_INIT;
  TrStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Words to find (accents and case do not matter)"), N_("TEXT") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category (developer, data, …)"), N_("C") },
    { "arrondissement", 0, 0, G_OPTION_ARG_INT, &arrondissement, N_("Only this arrondissement of Paris"), N_("1–20") },
    { "modality", 0, 0, G_OPTION_ARG_STRING, &modality, N_("Only on_site, remote or hybrid"), N_("M") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("Only those starting this month"), N_("YYYY-MM") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include withdrawn offers"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, "", _("List the offers that match a search."),
                       entries, 0, 0, &status))
    return status;
  query.text = search;
  query.include_withdrawn = all;
  if (!build_query (&query, category, modality, arrondissement, month, &error))
    return tr_admin_fail (error);

  store = tr_admin_open_store (admin, FALSE, &error);
  if (store == NULL)
    return tr_admin_fail (error);
  offers = tr_store_load_offers (store, TRUE, &error);
  if (offers == NULL)
    return tr_admin_fail (error);
  catalogue = tr_catalogue_new (offers);
  tr_catalogue_search (catalogue, &query, found);

  if (json)
    print_json (found);
  else
    print_table (found);
  return TR_EXIT_OK;
}

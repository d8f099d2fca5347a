/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue importer: a CSV file as `tremplin-admin import-offers` reads
 * it, then, when it holds offers, searched and imported into a database. */
#include "fuzz-common.h"
#include "tr-catalogue.h"
#include "tr-store.h"

/* The database is made again after this many imports, so that its events
 * table does not grow through a long run. */
#define IMPORTS_PER_STORE 2048

static char *csv_path;
static char *db_path;
static TrStore *store;
static guint imports;
static GDateTime *now;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  csv_path = fuzz_path ("catalogue.csv");
  db_path = fuzz_path ("tremplin.db");
  now = g_date_time_new_utc (2027, 3, 14, 9, 0, 0);
  return 0;
}

static void
search (GPtrArray *offers)
{
  g_autoptr(TrCatalogue) catalogue = tr_catalogue_new (offers);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  TrProfile profile = { 30, TR_LEVEL_NONE, TRUE, "woman" };
  TrOfferQuery query = TR_OFFER_QUERY_INIT;

  query.text = "dev web";
  query.start_month = "2027-04";
  query.profile = &profile;
  tr_catalogue_search (catalogue, &query, found);
  for (guint i = 0; i < offers->len; i++)
    {
      g_autofree char *why_not = NULL;
      TrOffer *offer = g_ptr_array_index (offers, i);

      if (tr_catalogue_lookup (catalogue, tr_offer_get_id (offer)) != offer)
        abort ();
      (void) tr_offer_fits_profile (offer, &profile, &why_not);
    }
}

static TrStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;

  if (store != NULL && imports < IMPORTS_PER_STORE)
    return store;
  g_clear_object (&store);
  g_unlink (db_path);
  imports = 0;
  store = tr_store_open (db_path, TRUE, &error);
  if (store == NULL)
    {
      g_printerr ("fuzz: %s\n", error->message);
      abort ();
    }
  return store;
}

/* Imports @offers into an empty catalogue, then empties it again, so each
 * input meets the same database. */
static void
import (GPtrArray *offers)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  TrImportStats stats = { 0 };
  TrStore *db = open_store ();

  imports++;
  if (!tr_store_import_offers (db, offers, now, &stats, &error))
    return;
  if (stats.added != offers->len)
    abort ();
  loaded = tr_store_load_offers (db, TRUE, &error);
  if (loaded == NULL || loaded->len != offers->len)
    abort ();
  if (!tr_store_import_offers (db, none, now, &stats, NULL))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_write (csv_path, data, size);
  offers = tr_catalogue_parse_file (csv_path, &error);
  if (offers == NULL || offers->len == 0)
    return 0;
  search (offers);
  import (offers);
  return 0;
}

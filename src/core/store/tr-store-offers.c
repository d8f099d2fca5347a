/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-offers.c — the catalogue in the database: import, list, look up. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-text.h"
#include "tr-store-private.h"

#define OFFER_COLUMNS \
  "o.id, o.title, o.category, o.provider, o.address, o.postcode, o.modality, " \
  "o.audience, o.min_level, o.hours, o.start_date, o.end_date, o.seats, " \
  "o.info_session, o.description, o.withdrawn, " \
  "(SELECT count(*) FROM registrations t WHERE t.offer_id = o.id AND t.status = 'registered'), " \
  "o.hub_free, (SELECT l.held FROM leases l WHERE l.offer_id = o.id)"
#define SELECT_OFFER_BY_ID "SELECT " OFFER_COLUMNS " FROM offers o WHERE o.id = ?1"

/* The first columns of OFFER_COLUMNS are the ones an import writes, in the
 * order of the writes' parameters; two of them are numbers. */
#define N_WRITTEN_COLUMNS 15
#define HOURS_COLUMN 9
#define SEATS_COLUMN 12
#define WITHDRAWN_COLUMN 15

/* The written columns' texts, "" for a missing one, NULL at the numbers. */
static void
offer_texts (const TrOfferData *data,
             const char        *texts[N_WRITTEN_COLUMNS])
{
  const char *values[N_WRITTEN_COLUMNS] = {
    data->id, data->title, tr_category_to_token (data->category), data->provider,
    data->address, data->postcode, tr_modality_to_token (data->modality),
    tr_audience_to_token (data->audience), tr_level_to_token (data->min_level),
    [HOURS_COLUMN + 1] = data->start_date, data->end_date,
    [SEATS_COLUMN + 1] = data->info_session, data->description,
  };

  for (guint i = 0; i < N_WRITTEN_COLUMNS; i++)
    texts[i] = i == HOURS_COLUMN || i == SEATS_COLUMN ? NULL : values[i] != NULL ? values[i] : "";
}

static void
bind_offer (sqlite3_stmt      *stmt,
            const TrOfferData *data)
{
  const char *texts[N_WRITTEN_COLUMNS];

  offer_texts (data, texts);
  for (guint i = 0; i < N_WRITTEN_COLUMNS; i++)
    if (texts[i] != NULL)
      sqlite3_bind_text (stmt, i + 1, texts[i], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, HOURS_COLUMN + 1, data->hours);
  sqlite3_bind_int64 (stmt, SEATS_COLUMN + 1, data->seats);
}

/* Reads OFFER_COLUMNS starting at @first. */
static TrOffer *
offer_from_row (sqlite3_stmt  *stmt,
                int            first,
                GError       **error)
{
  TrOfferData data = { 0 };
  TrOffer *offer;
  gint64 seats, taken;

  if (!tr_category_from_token (tr_sqlite_column_text (stmt, first + 2), &data.category) ||
      !tr_modality_from_token (tr_sqlite_column_text (stmt, first + 6), &data.modality) ||
      !tr_audience_from_token (tr_sqlite_column_text (stmt, first + 7), &data.audience) ||
      !tr_level_from_token (tr_sqlite_column_text (stmt, first + 8), &data.min_level))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("Offer %s in the database has an unknown category, modality, audience or level: import the catalogue again"),
                   tr_sqlite_column_text (stmt, first));
      return NULL;
    }
  data.id = tr_sqlite_column_dup (stmt, first);
  data.title = tr_sqlite_column_dup (stmt, first + 1);
  data.provider = tr_sqlite_column_dup (stmt, first + 3);
  data.address = tr_sqlite_column_dup (stmt, first + 4);
  data.postcode = tr_sqlite_column_dup (stmt, first + 5);
  data.hours = (guint) MAX (sqlite3_column_int64 (stmt, first + 9), 0);
  data.start_date = tr_sqlite_column_dup (stmt, first + 10);
  data.end_date = tr_sqlite_column_dup (stmt, first + 11);
  seats = MAX (sqlite3_column_int64 (stmt, first + 12), 0);
  data.seats = (guint) seats;
  data.info_session = tr_sqlite_column_dup (stmt, first + 13);
  data.description = tr_sqlite_column_dup (stmt, first + 14);

  offer = tr_offer_new (&data);
  tr_offer_set_withdrawn (offer, sqlite3_column_int (stmt, first + 15) != 0);
  taken = sqlite3_column_int64 (stmt, first + 16);
  /* With a hub, the seats this kiosk can give: the programme's free ones
   * as the hub last said, and those of its own lease. */
  if (sqlite3_column_type (stmt, first + 17) != SQLITE_NULL)
    tr_offer_set_seats_left (offer, (guint) (MAX (sqlite3_column_int64 (stmt, first + 17), 0) +
                                             MAX (sqlite3_column_int64 (stmt, first + 18), 0)));
  else
    tr_offer_set_seats_left (offer, (guint) MAX (seats - taken, 0));
  return offer;
}

static gboolean
offer_row_equals (sqlite3_stmt      *stmt,
                  const TrOfferData *data)
{
  const char *texts[N_WRITTEN_COLUMNS];

  offer_texts (data, texts);
  for (guint i = 0; i < N_WRITTEN_COLUMNS; i++)
    if (texts[i] != NULL && strcmp (tr_sqlite_column_text (stmt, i), texts[i]) != 0)
      return FALSE;
  return sqlite3_column_int64 (stmt, HOURS_COLUMN) == data->hours &&
         sqlite3_column_int64 (stmt, SEATS_COLUMN) == data->seats &&
         sqlite3_column_int (stmt, WITHDRAWN_COLUMN) == 0;
}

typedef enum { UPSERT_ADDED, UPSERT_UPDATED, UPSERT_UNCHANGED, UPSERT_FAILED } UpsertResult;

static UpsertResult
upsert_offer (TrStore            *self,
              const TrOfferData  *data,
              GError            **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  gboolean exists;
  int rc;

  select = tr_sqlite_prepare (self->db, SELECT_OFFER_BY_ID, error);
  if (select == NULL)
    return UPSERT_FAILED;
  sqlite3_bind_text (select, 1, data->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not import the offers"), error);
      return UPSERT_FAILED;
    }
  exists = rc == SQLITE_ROW;
  if (exists && offer_row_equals (select, data))
    return UPSERT_UNCHANGED;

  write = tr_sqlite_prepare (self->db,
                             exists
                             ? "UPDATE offers SET title = ?2, category = ?3, provider = ?4, address = ?5, "
                               "postcode = ?6, modality = ?7, audience = ?8, min_level = ?9, hours = ?10, "
                               "start_date = ?11, end_date = ?12, seats = ?13, info_session = ?14, "
                               "description = ?15, withdrawn = 0 WHERE id = ?1"
                             : "INSERT INTO offers (id, title, category, provider, address, postcode, modality, "
                               "audience, min_level, hours, start_date, end_date, seats, info_session, description) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                             error);
  if (write == NULL)
    return UPSERT_FAILED;
  bind_offer (write, data);
  rc = sqlite3_step (write);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *doing = g_strdup_printf (_("Could not import offer %s"), data->id);
      tr_sqlite_set_error (self->db, rc, doing, error);
      return UPSERT_FAILED;
    }
  return exists ? UPSERT_UPDATED : UPSERT_ADDED;
}

/* Offers gone from the new catalogue: deleted, unless registrations point to
 * them, in which case they stay (withdrawn) so the registrations keep their
 * offer. */
static gboolean
retire_missing_offers (TrStore        *self,
                       GHashTable     *kept,
                       TrImportStats  *stats,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) withdraw = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  int rc;

  select = tr_sqlite_prepare (self->db,
                              "SELECT o.id, o.withdrawn, EXISTS (SELECT 1 FROM registrations r WHERE r.offer_id = o.id) "
                              "FROM offers o ORDER BY o.id", error);
  withdraw = tr_sqlite_prepare (self->db, "UPDATE offers SET withdrawn = 1 WHERE id = ?1", error);
  remove = tr_sqlite_prepare (self->db, "DELETE FROM offers WHERE id = ?1", error);
  if (select == NULL || withdraw == NULL || remove == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *id = tr_sqlite_column_text (select, 0);

      if (g_hash_table_contains (kept, id))
        continue;
      if (sqlite3_column_int (select, 2) == 0)
        g_ptr_array_add (gone, g_strdup (id));
      else if (sqlite3_column_int (select, 1) == 0)
        {
          sqlite3_reset (withdraw);
          sqlite3_bind_text (withdraw, 1, id, -1, SQLITE_TRANSIENT);
          if ((rc = sqlite3_step (withdraw)) != SQLITE_DONE)
            break;
          stats->withdrawn++;
        }
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not import the offers"), error);
      return FALSE;
    }

  for (guint i = 0; i < gone->len; i++)
    {
      sqlite3_reset (remove);
      sqlite3_bind_text (remove, 1, g_ptr_array_index (gone, i), -1, SQLITE_STATIC);
      if (!tr_sqlite_step_done (remove, _("Could not import the offers"), error))
        return FALSE;
      stats->deleted++;
    }
  return TRUE;
}

static char *
import_detail (const TrImportStats *stats)
{
  return g_strdup_printf ("{\"added\":%u,\"updated\":%u,\"withdrawn\":%u,\"deleted\":%u,\"unchanged\":%u}",
                          stats->added, stats->updated, stats->withdrawn, stats->deleted, stats->unchanged);
}

gboolean
tr_store_import_offers (TrStore        *self,
                        GPtrArray      *offers,
                        GDateTime      *now,
                        TrImportStats  *stats,
                        GError        **error)
{
  g_autoptr(GHashTable) kept = NULL;
  g_autofree char *detail = NULL;
  TrImportStats counted = { 0 };

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (offers != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  kept = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < offers->len; i++)
    {
      const char *id = tr_offer_get_id (g_ptr_array_index (offers, i));

      if (id == NULL || *id == '\0')
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("Offer number %u of the catalogue has no id: give every offer an id"), i + 1);
          return FALSE;
        }
      if (!g_hash_table_add (kept, (gpointer) id))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("The offer id %s appears twice in the catalogue: give each offer its own id"), id);
          return FALSE;
        }
    }

  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", _("Could not import the offers"), error))
    return FALSE;
  for (guint i = 0; i < offers->len; i++)
    {
      switch (upsert_offer (self, tr_offer_get_data (g_ptr_array_index (offers, i)), error))
        {
        case UPSERT_ADDED: counted.added++; break;
        case UPSERT_UPDATED: counted.updated++; break;
        case UPSERT_UNCHANGED: counted.unchanged++; break;
        case UPSERT_FAILED: goto failed;
        }
    }
  if (!retire_missing_offers (self, kept, &counted, error))
    goto failed;
  detail = import_detail (&counted);
  if (!tr_store_add_event (self, now, "import", detail, error))
    goto failed;
  if (!tr_sqlite_commit (self->db, _("Could not import the offers"), error))
    return FALSE;
  if (stats != NULL)
    *stats = counted;
  return TRUE;

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

GPtrArray *
tr_store_load_offers (TrStore   *self,
                      gboolean   include_withdrawn,
                      GError   **error)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  stmt = tr_sqlite_prepare (self->db,
                            "SELECT " OFFER_COLUMNS " FROM offers o WHERE ?1 OR o.withdrawn = 0 ORDER BY o.id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_withdrawn ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TrOffer *offer = offer_from_row (stmt, 0, error);
      if (offer == NULL)
        return NULL;
      g_ptr_array_add (offers, offer);
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the offers"), error);
      return NULL;
    }
  return g_steal_pointer (&offers);
}

gboolean
tr_store_has_offers (TrStore   *self,
                     gboolean  *has_offers,
                     GError   **error)
{
  gint64 found = 0;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (has_offers != NULL, FALSE);

  if (!tr_sqlite_read_int (self->db, "SELECT EXISTS (SELECT 1 FROM offers WHERE withdrawn = 0)",
                           &found, NULL, error))
    return FALSE;
  *has_offers = found != 0;
  return TRUE;
}

TrOffer *
tr_store_lookup_offer (TrStore     *self,
                       const char  *offer_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  stmt = tr_sqlite_prepare (self->db, SELECT_OFFER_BY_ID, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, offer_id != NULL ? offer_id : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return offer_from_row (stmt, 0, error);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *shown = tr_text_excerpt (offer_id);
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("There is no offer “%s” in the catalogue: check its id with “tremplin-admin offers”"),
                   shown);
    }
  else
    tr_sqlite_set_error (self->db, rc, _("Could not read the offer"), error);
  return NULL;
}

int
tr_store_get_seats_left (TrStore     *self,
                         const char  *offer_id,
                         GError     **error)
{
  g_autoptr(TrOffer) offer = tr_store_lookup_offer (self, offer_id, error);

  return offer != NULL ? (int) tr_offer_get_seats_left (offer) : -1;
}

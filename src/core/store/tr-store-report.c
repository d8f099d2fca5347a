/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-report.c — what the database holds, read for people: the walk
 * over a day's registrations that exports use, and the counts. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-text.h"
#include "tr-store-private.h"

/* ---- a day's registrations ------------------------------------------- */

static gboolean
check_date_argument (const char *date, GError **error)
{
  g_autofree char *shown = NULL;

  if (tr_clock_is_date (date))
    return TRUE;
  shown = tr_text_excerpt (date);
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-11-28"), shown);
  return FALSE;
}

/* The row as it lies in SQLite: the strings are SQLite's own, valid until
 * the next step, so a walk over a day copies nothing it does not keep. The
 * sealed details are borrowed too, in a GBytes that only points at them:
 * the caller drops it (borrowed_details_clear) before the next step. */
static void
borrow_registration_row (sqlite3_stmt   *stmt,
                         TrRegistration *registration)
{
  char **texts[] = {
    &registration->session_id, &registration->code, &registration->created_at,
    &registration->local_date, &registration->kiosk_id, &registration->offer_id,
    &registration->status, &registration->verdict, &registration->flags_json,
    &registration->payload, &registration->cancel_reason, &registration->age_band,
  };
  int column = G_N_ELEMENTS (texts) + 1;

  G_STATIC_ASSERT (G_N_ELEMENTS (texts) == N_REGISTRATION_TEXT_COLUMNS);
  G_STATIC_ASSERT (1 + N_REGISTRATION_TEXT_COLUMNS + 3 == N_REGISTRATION_COLUMNS);
  registration->id = sqlite3_column_int64 (stmt, 0);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    *texts[i] = (char *) sqlite3_column_text (stmt, i + 1);
  registration->woman = sqlite3_column_type (stmt, column) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, column);
  registration->qpv = sqlite3_column_int (stmt, column + 1) != 0;
  registration->details = sqlite3_column_type (stmt, column + 2) == SQLITE_NULL
                          ? NULL
                          : g_bytes_new_static (sqlite3_column_blob (stmt, column + 2),
                                                (gsize) sqlite3_column_bytes (stmt, column + 2));
}

/* Offers are few beside the rows: each is read once and kept for the walk. */
static TrOffer *
cached_offer (TrStore     *self,
              GHashTable  *cache,
              const char  *offer_id,
              GError     **error)
{
  TrOffer *offer = g_hash_table_lookup (cache, offer_id);

  if (offer == NULL)
    {
      offer = tr_store_lookup_offer (self, offer_id, error);
      if (offer == NULL)
        return NULL;
      g_hash_table_insert (cache, g_strdup (offer_id), offer);
    }
  return offer;
}

static gboolean
check_member_name (const char *key, GError **error)
{
  if (key == NULL || *key == '\0' || strpbrk (key, "\"\\") != NULL)
    {
      g_autofree char *shown = tr_text_excerpt (key);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("“%s” cannot be a column name: use letters, digits and '_'"), shown);
      return FALSE;
    }
  return TRUE;
}

/* Flags are stored as a JSON array of ids written by the store itself, and
 * ids hold no quote: the quoted id is found in the text exactly when the
 * array holds it, far faster than json_each on every row. */
static char *
quoted_flag (const char *flag_id, GError **error)
{
  return check_member_name (flag_id, error) ? g_strdup_printf ("\"%s\"", flag_id) : NULL;
}

/* Binds each flag id of @keys, from parameter @next on. */
static gboolean
bind_keys (sqlite3_stmt        *stmt,
           const char * const  *keys,
           int                 *next,
           GError             **error)
{
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      char *value = quoted_flag (keys[i], error);

      if (value == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, (*next)++, value, -1, g_free);
    }
  return TRUE;
}

/* The day's query, with one extra column per flag asked for. */
static sqlite3_stmt *
prepare_day_query (TrStore                     *self,
                   const char                  *date,
                   const TrRegistrationColumns *columns,
                   guint                       *n_flags_out,
                   GError                     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " REGISTRATION_COLUMNS);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n_flags = columns != NULL && columns->flag_ids ? g_strv_length ((char **) columns->flag_ids) : 0;
  int parameter = 2;

  for (guint i = 0; i < n_flags; i++)
    g_string_append_printf (sql, ", instr (r.flags, ?%d) > 0", parameter++);
  g_string_append (sql, " FROM registrations r WHERE r.local_date = ?1 ORDER BY r.created_at, r.id");

  stmt = tr_sqlite_prepare (self->db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  parameter = 2;
  if (columns != NULL && !bind_keys (stmt, columns->flag_ids, &parameter, error))
    return NULL;
  *n_flags_out = n_flags;
  return g_steal_pointer (&stmt);
}

static gboolean
check_member_names (const char * const *keys, GError **error)
{
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!check_member_name (keys[i], error))
      return FALSE;
  return TRUE;
}

/* Overwrites a value opened from the sealed details before freeing it. */
static void
free_opened (gpointer data)
{
  char *text = data;

  if (text != NULL)
    {
      sodium_memzero (text, strlen (text));
      g_free (text);
    }
}

gboolean
tr_store_foreach_registration_values (TrStore                     *self,
                                      const char                  *date,
                                      const TrRegistrationColumns *columns,
                                      TrRegistrationValuesFunc     func,
                                      gpointer                     user_data,
                                      GError                     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) offers = NULL;
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (free_opened);
  g_autofree const char **values = NULL;
  const char * const *person_keys = columns != NULL ? columns->person_keys : NULL;
  const char * const *answer_keys = columns != NULL ? columns->answer_keys : NULL;
  guint n_sealed, n_flags = 0;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!check_date_argument (date, error) ||
      !check_member_names (person_keys, error) || !check_member_names (answer_keys, error))
    return FALSE;
  stmt = prepare_day_query (self, date, columns, &n_flags, error);
  if (stmt == NULL)
    return FALSE;

  n_sealed = (person_keys != NULL ? g_strv_length ((char **) person_keys) : 0) +
             (answer_keys != NULL ? g_strv_length ((char **) answer_keys) : 0);
  offers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  values = g_new0 (const char *, n_sealed + n_flags + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TrRegistration registration = { 0 };
      TrOffer *offer;
      gboolean ok;

      borrow_registration_row (stmt, &registration);
      offer = cached_offer (self, offers, registration.offer_id != NULL ? registration.offer_id : "", error);
      /* A kiosk cannot read the sealed details: only the office's key can. */
      g_ptr_array_set_size (opened, 0);
      if (n_sealed > 0 && self->details_key != NULL)
        ok = tr_store_open_details_values (self->details_key, registration.code, registration.details,
                                           person_keys, answer_keys, opened, error);
      else
        {
          ok = TRUE;
          for (guint i = 0; i < n_sealed; i++)
            g_ptr_array_add (opened, NULL);
        }
      for (guint i = 0; ok && i < n_sealed; i++)
        values[i] = g_ptr_array_index (opened, i);
      for (guint i = 0; i < n_flags; i++)
        values[n_sealed + i] = (const char *) sqlite3_column_text (stmt, N_REGISTRATION_COLUMNS + i);
      ok = ok && offer != NULL && func (&registration, offer, values, user_data, error);
      g_clear_pointer (&registration.details, g_bytes_unref);
      if (!ok)
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the registrations"), error);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  TrRegistrationFunc func;
  gpointer           user_data;
} PlainWalk;

static gboolean
call_plain (const TrRegistration  *registration,
            TrOffer               *offer,
            const char * const    *values,
            gpointer               user_data,
            GError               **error)
{
  PlainWalk *walk = user_data;

  return walk->func (registration, offer, walk->user_data, error);
}

gboolean
tr_store_foreach_registration (TrStore            *self,
                               const char         *date,
                               TrRegistrationFunc  func,
                               gpointer            user_data,
                               GError            **error)
{
  PlainWalk walk = { func, user_data };

  g_return_val_if_fail (func != NULL, FALSE);
  return tr_store_foreach_registration_values (self, date, NULL, call_plain, &walk, error);
}

/* ---- counts ---------------------------------------------------------- */

void
tr_count_free (TrCount *count)
{
  if (count == NULL)
    return;
  g_free (count->key);
  g_free (count);
}

GPtrArray *
tr_store_count (TrStore     *self,
                const char  *date,
                TrCountBy    by,
                GError     **error)
{
  /* Cancelled registrations count only among the statuses. */
  static const char * const queries[] = {
    [TR_COUNT_BY_OFFER] =
      "SELECT r.offer_id, count(*) FROM registrations r "
      "WHERE r.status != 'cancelled' AND (?1 IS NULL OR r.local_date = ?1) GROUP BY 1",
    [TR_COUNT_BY_CATEGORY] =
      "SELECT o.category, count(*) FROM registrations r JOIN offers o ON o.id = r.offer_id "
      "WHERE r.status != 'cancelled' AND (?1 IS NULL OR r.local_date = ?1) GROUP BY 1",
    [TR_COUNT_BY_STATUS] =
      "SELECT r.status, count(*) FROM registrations r "
      "WHERE ?1 IS NULL OR r.local_date = ?1 GROUP BY 1",
    [TR_COUNT_BY_FLAG] =
      "SELECT j.value, count(*) FROM registrations r, json_each (r.flags) j "
      "WHERE r.status != 'cancelled' AND (?1 IS NULL OR r.local_date = ?1) GROUP BY 1",
  };
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_count_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) by < G_N_ELEMENTS (queries), NULL);

  if (date != NULL && !check_date_argument (date, error))
    return NULL;

  sql = g_strconcat (queries[by], " ORDER BY 2 DESC, 1", NULL);
  stmt = tr_sqlite_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (date != NULL)
    sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TrCount *count = g_new0 (TrCount, 1);
      count->key = g_strdup (tr_sqlite_column_text (stmt, 0));
      count->count = (guint) sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (counts, count);
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not count the registrations"), error);
      return NULL;
    }
  return g_steal_pointer (&counts);
}

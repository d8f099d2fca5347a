/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-hub.c — the store's side of the hub link: the outbox, the seat leases and the sync's record. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tr-error.h"
#include "tr-store-private.h"

/* Registration columns, then the time it was cancelled. */
#define OUTBOX_COLUMNS REGISTRATION_COLUMNS ", r.cancelled_at"

void
tr_store_set_seat_leases (TrStore  *self,
                          gboolean  leases)
{
  g_return_if_fail (TR_IS_STORE (self));
  self->seat_leases = !!leases;
}

gboolean
tr_store_get_seat_leases (TrStore *self)
{
  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  return self->seat_leases;
}

void
tr_lease_free (TrLease *lease)
{
  if (lease == NULL)
    return;
  g_free (lease->offer_id);
  g_free (lease);
}

void
tr_outbox_row_free (TrOutboxRow *row)
{
  if (row == NULL)
    return;
  g_clear_pointer (&row->registration, tr_registration_free);
  g_free (row->cancelled_at);
  g_free (row);
}

void
tr_sync_record_free (TrSyncRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->last_success);
  g_free (record->last_attempt);
  g_free (record->last_error);
  g_free (record->leases_returned_on);
  g_free (record);
}

/* ---- leases ---------------------------------------------------------- */

gboolean
tr_store_give_back_lease_seat (TrStore  *self,
                               gint64    id,
                               GError  **error)
{
  const char *doing = _("Could not cancel the registration");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = tr_sqlite_prepare (self->db,
                            "UPDATE leases SET held = held + 1 WHERE offer_id = "
                            "(SELECT offer_id FROM registrations WHERE id = ?1 AND lease_seat = 1 "
                            "AND hub_sending_at IS NULL AND hub_sent_at IS NULL)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!tr_sqlite_step_done (stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = tr_sqlite_prepare (self->db,
                            "UPDATE registrations SET lease_seat = 0 WHERE id = ?1 AND lease_seat = 1 "
                            "AND hub_sending_at IS NULL AND hub_sent_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return tr_sqlite_step_done (stmt, doing, error);
}

GPtrArray *
tr_store_get_leases (TrStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) leases = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_lease_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  stmt = tr_sqlite_prepare (self->db, "SELECT offer_id, held, expires_at FROM leases ORDER BY offer_id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TrLease *lease = g_new0 (TrLease, 1);

      lease->offer_id = tr_sqlite_column_dup (stmt, 0);
      lease->held = (guint) sqlite3_column_int64 (stmt, 1);
      lease->expires_at = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (leases, lease);
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the seats leased from the hub"), error);
      return NULL;
    }
  return g_steal_pointer (&leases);
}

gboolean
tr_store_set_hub_free_seats (TrStore     *self,
                             GHashTable  *free,
                             GError     **error)
{
  const char *doing = _("Could not save the seats free at the hub");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer offer_id, seats;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (free != NULL, FALSE);

  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  /* Only the offers whose figure changed are written: most rounds, none. */
  stmt = tr_sqlite_prepare (self->db, "UPDATE offers SET hub_free = ?2 WHERE id = ?1 AND hub_free IS NOT ?2", error);
  if (stmt == NULL)
    goto failed;
  g_hash_table_iter_init (&iter, free);
  while (g_hash_table_iter_next (&iter, &offer_id, &seats))
    {
      sqlite3_bind_text (stmt, 1, offer_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, GPOINTER_TO_UINT (seats));
      if (!tr_sqlite_step_done (stmt, doing, error))
        goto failed;
      sqlite3_reset (stmt);
    }
  return tr_sqlite_commit (self->db, doing, error);

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

gboolean
tr_store_update_lease (TrStore     *self,
                       const char  *offer_id,
                       guint        hub_held,
                       gint64       expires_at,
                       GDateTime   *now,
                       guint       *held,
                       GError     **error)
{
  const char *doing = _("Could not save the seats leased from the hub");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *updated_at = tr_store_utc_iso (now);
  gint64 pending = 0, usable;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (offer_id != NULL, FALSE);

  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  /* Seats used here that the hub has not counted yet are still in the
   * hub's figure: they are not to be used a second time. */
  stmt = tr_sqlite_prepare (self->db, "SELECT count(*) FROM registrations WHERE offer_id = ?1 AND lease_seat = 1",
                            error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, offer_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      tr_sqlite_set_error (self->db, sqlite3_errcode (self->db), doing, error);
      goto failed;
    }
  pending = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  usable = MAX ((gint64) hub_held - pending, 0);

  stmt = tr_sqlite_prepare (self->db,
                            "INSERT INTO leases (offer_id, held, expires_at, updated_at) VALUES (?1, ?2, ?3, ?4) "
                            "ON CONFLICT (offer_id) DO UPDATE SET held = excluded.held, "
                            "expires_at = excluded.expires_at, updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, offer_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, usable);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  sqlite3_bind_text (stmt, 4, updated_at, -1, SQLITE_STATIC);
  if (!tr_sqlite_step_done (stmt, doing, error))
    goto failed;
  if (!tr_sqlite_commit (self->db, doing, error))
    return FALSE;
  if (held != NULL)
    *held = (guint) usable;
  return TRUE;

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

gboolean
tr_store_release_lease (TrStore     *self,
                        const char  *offer_id,
                        guint        count,
                        guint       *released,
                        GError     **error)
{
  const char *doing = _("Could not save the seats leased from the hub");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 held;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);

  *released = 0;
  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  stmt = tr_sqlite_prepare (self->db, "SELECT held FROM leases WHERE offer_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, offer_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return tr_sqlite_commit (self->db, doing, error);
  held = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  *released = (guint) MIN ((gint64) count, held);
  stmt = tr_sqlite_prepare (self->db, "UPDATE leases SET held = held - ?2 WHERE offer_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, offer_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, *released);
  if (!tr_sqlite_step_done (stmt, doing, error))
    goto failed;
  return tr_sqlite_commit (self->db, doing, error);

failed:
  *released = 0;
  tr_sqlite_rollback (self->db);
  return FALSE;
}

gboolean
tr_store_count_unsent_seats (TrStore     *self,
                             const char  *offer_id,
                             guint       *count,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);

  *count = 0;
  stmt = tr_sqlite_prepare (self->db, "SELECT count(*) FROM registrations WHERE offer_id = ?1 AND lease_seat = 1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, offer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the registrations"), error);
      return FALSE;
    }
  *count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GStrv
tr_store_get_active_offers (TrStore     *self,
                            const char  *since_date,
                            GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  stmt = tr_sqlite_prepare (self->db,
                            "SELECT offer_id FROM registrations WHERE local_date >= ?1 "
                            "UNION SELECT offer_id FROM leases ORDER BY 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, since_date, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, tr_sqlite_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the registrations"), error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/* ---- the outbox ------------------------------------------------------ */

static GPtrArray *
read_outbox (TrStore     *self,
             const char  *sql,
             guint        max,
             gint64       after_id,
             GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_outbox_row_free);
  g_autoptr(sqlite3_stmt) stmt = tr_sqlite_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, max);
  sqlite3_bind_int64 (stmt, 2, after_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TrOutboxRow *row = g_new0 (TrOutboxRow, 1);

      row->registration = tr_store_registration_from_row (stmt, 0);
      row->cancelled_at = tr_sqlite_column_dup (stmt, N_REGISTRATION_COLUMNS);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the registrations to send to the hub"), error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
tr_store_outbox_claim (TrStore     *self,
                       gint64       after_id,
                       guint        max,
                       GDateTime   *now,
                       GError     **error)
{
  const char *doing = _("Could not read the registrations to send to the hub");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  at = tr_store_utc_iso (now);
  /* One transaction: a cancellation sees the row either before it was
   * handed over (and gives its seat back to the lease) or after (and
   * leaves it to the hub), never half-way. */
  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return NULL;
  rows = read_outbox (self, "SELECT " OUTBOX_COLUMNS " FROM registrations r "
                      "WHERE r.hub_sent_at IS NULL AND r.id > ?2 ORDER BY r.id LIMIT ?1", max, after_id, error);
  if (rows == NULL)
    goto failed;
  stmt = tr_sqlite_prepare (self->db,
                            "UPDATE registrations SET hub_sending_at = coalesce (hub_sending_at, ?2) WHERE id = ?1",
                            error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < rows->len; i++)
    {
      TrOutboxRow *row = g_ptr_array_index (rows, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, row->registration->id);
      sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
      if (!tr_sqlite_step_done (stmt, doing, error))
        goto failed;
    }
  if (!tr_sqlite_commit (self->db, doing, error))
    return NULL;
  return g_steal_pointer (&rows);

failed:
  tr_sqlite_rollback (self->db);
  return NULL;
}

gboolean
tr_store_outbox_mark_sent (TrStore     *self,
                           GPtrArray   *rows,
                           GDateTime   *now,
                           GError     **error)
{
  const char *doing = _("Could not record what the hub acknowledged");
  g_autoptr(sqlite3_stmt) credit = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  if (rows->len == 0)
    return TRUE;
  at = tr_store_utc_iso (now);
  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  /* A row that still held a lease seat and reached the hub cancelled, for
   * the first time, used no seat there: the hub still escrows it for this
   * kiosk, so it is this kiosk's to use again. */
  credit = tr_sqlite_prepare (self->db,
                              "UPDATE leases SET held = held + 1 WHERE offer_id = "
                              "(SELECT offer_id FROM registrations WHERE id = ?1 AND lease_seat = 1)", error);
  mark = tr_sqlite_prepare (self->db,
                            "UPDATE registrations SET hub_sent_at = ?2, hub_sending_at = NULL, lease_seat = 0, "
                            "hub_cancel_sent_at = CASE WHEN ?3 THEN ?2 ELSE hub_cancel_sent_at END "
                            "WHERE id = ?1 AND hub_sent_at IS NULL", error);
  if (credit == NULL || mark == NULL)
    goto failed;
  for (guint i = 0; i < rows->len; i++)
    {
      TrOutboxRow *row = g_ptr_array_index (rows, i);

      if (row->sent_cancelled && !row->duplicate)
        {
          sqlite3_reset (credit);
          sqlite3_bind_int64 (credit, 1, row->registration->id);
          if (!tr_sqlite_step_done (credit, doing, error))
            goto failed;
        }
      sqlite3_reset (mark);
      sqlite3_bind_int64 (mark, 1, row->registration->id);
      sqlite3_bind_text (mark, 2, at, -1, SQLITE_STATIC);
      sqlite3_bind_int (mark, 3, row->sent_cancelled ? 1 : 0);
      if (!tr_sqlite_step_done (mark, doing, error))
        goto failed;
    }
  return tr_sqlite_commit (self->db, doing, error);

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

GPtrArray *
tr_store_outbox_cancellations (TrStore  *self,
                               guint     max,
                               GError  **error)
{
  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  return read_outbox (self, "SELECT " OUTBOX_COLUMNS " FROM registrations r "
                      "WHERE r.status = 'cancelled' AND r.hub_cancel_sent_at IS NULL "
                      "AND r.hub_sent_at IS NOT NULL ORDER BY r.id LIMIT ?1", max, 0, error);
}

gboolean
tr_store_outbox_mark_cancel_sent (TrStore     *self,
                                  gint64       id,
                                  GDateTime   *now,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);

  at = tr_store_utc_iso (now);
  stmt = tr_sqlite_prepare (self->db, "UPDATE registrations SET hub_cancel_sent_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  return tr_sqlite_step_done (stmt, _("Could not record what the hub acknowledged"), error);
}

gboolean
tr_store_outbox_count (TrStore  *self,
                       guint    *registrations,
                       guint    *cancellations,
                       GError  **error)
{
  gint64 unsent = 0, cancels = 0;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);

  if (!tr_sqlite_read_int (self->db, "SELECT count(*) FROM registrations WHERE hub_sent_at IS NULL",
                           &unsent, NULL, error) ||
      !tr_sqlite_read_int (self->db, "SELECT count(*) FROM registrations WHERE status = 'cancelled' "
                           "AND hub_cancel_sent_at IS NULL", &cancels, NULL, error))
    return FALSE;
  if (registrations != NULL)
    *registrations = (guint) unsent;
  if (cancellations != NULL)
    *cancellations = (guint) cancels;
  return TRUE;
}

/* ---- the sync's record ----------------------------------------------- */

TrSyncRecord *
tr_store_get_sync_record (TrStore  *self,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  TrSyncRecord *record;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  stmt = tr_sqlite_prepare (self->db,
                            "SELECT last_success, last_attempt, last_error, publication_version, "
                            "leases_returned_on FROM sync_state", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  record = g_new0 (TrSyncRecord, 1);
  if (rc == SQLITE_ROW)
    {
      record->last_success = tr_sqlite_column_dup (stmt, 0);
      record->last_attempt = tr_sqlite_column_dup (stmt, 1);
      record->last_error = tr_sqlite_column_dup (stmt, 2);
      record->publication_version = sqlite3_column_int64 (stmt, 3);
      record->leases_returned_on = tr_sqlite_column_dup (stmt, 4);
    }
  else if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the state of the link to the hub"), error);
      tr_sync_record_free (record);
      return NULL;
    }
  return record;
}

static gboolean
update_record (TrStore     *self,
               const char  *sql,
               const char  *text,
               gint64       number,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = tr_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, number);
  return tr_sqlite_step_done (stmt, _("Could not save the state of the link to the hub"), error);
}

gboolean
tr_store_record_sync_attempt (TrStore     *self,
                              GDateTime   *now,
                              const char  *error_text,
                              GError     **error)
{
  const char *doing = _("Could not save the state of the link to the hub");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);

  at = tr_store_utc_iso (now);
  stmt = tr_sqlite_prepare (self->db,
                            "UPDATE sync_state SET last_attempt = ?1, last_error = ?2, "
                            "last_success = CASE WHEN ?2 IS NULL THEN ?1 ELSE last_success END", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_STATIC);
  if (error_text != NULL)
    sqlite3_bind_text (stmt, 2, error_text, -1, SQLITE_STATIC);
  return tr_sqlite_step_done (stmt, doing, error);
}

gboolean
tr_store_set_publication_version (TrStore  *self,
                                  gint64    version,
                                  GError  **error)
{
  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  return update_record (self, "UPDATE sync_state SET publication_version = max (publication_version, ?2)",
                        NULL, version, error);
}

gboolean
tr_store_set_leases_returned_on (TrStore     *self,
                                 const char  *date,
                                 GError     **error)
{
  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  return update_record (self, "UPDATE sync_state SET leases_returned_on = ?1 WHERE ?2 = ?2", date, 0, error);
}

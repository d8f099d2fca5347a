/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-settings.c — the kiosk's own settings kept in its database, and
 * the one staff change most: registrations closed for the day. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-text.h"
#include "tr-store-private.h"

#define SETTING_CLOSED_ON "registrations.closed_on"

gboolean
tr_store_read_setting (sqlite3     *db,
                       const char  *key,
                       char       **value,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *value = NULL;
  stmt = tr_sqlite_prepare (db, "SELECT value FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = tr_sqlite_column_dup (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (db, rc, _("Could not read the kiosk's settings"), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_store_write_setting (sqlite3     *db,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (value == NULL)
    stmt = tr_sqlite_prepare (db, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = tr_sqlite_prepare (db,
                              "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return tr_sqlite_step_done (stmt, _("Could not save the kiosk's settings"), error);
}

/* Only one day is ever kept: closing is for the day, and the next morning
 * the kiosk opens again without anyone having to remember it. */
gboolean
tr_store_set_closed_on (TrStore     *self,
                        const char  *date,
                        gboolean     closed,
                        GDateTime   *now,
                        GError     **error)
{
  const char *doing = _("Could not save whether registrations are open");
  g_autofree char *current = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (date == NULL || !tr_clock_is_date (date))
    {
      g_autofree char *shown = tr_text_excerpt (date);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-11-28."), shown);
      return FALSE;
    }
  if (!tr_store_check_file (self, error) ||
      !tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  if (!tr_store_read_setting (self->db, SETTING_CLOSED_ON, &current, error))
    goto failed;
  /* Opening another day than the one closed leaves that one closed. */
  if (!closed && g_strcmp0 (current, date) != 0)
    return tr_sqlite_commit (self->db, doing, error);
  detail = tr_store_event_detail ("date", date, NULL);
  if (!tr_store_write_setting (self->db, SETTING_CLOSED_ON, closed ? date : NULL, error) ||
      !tr_store_add_event (self, now, closed ? "registrations-closed" : "registrations-opened",
                           detail, error))
    goto failed;
  return tr_sqlite_commit (self->db, doing, error);

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

gboolean
tr_store_is_closed_on (TrStore     *self,
                       const char  *date,
                       gboolean    *closed,
                       GError     **error)
{
  g_autofree char *closed_on = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (closed != NULL, FALSE);

  *closed = FALSE;
  if (!tr_store_read_setting (self->db, SETTING_CLOSED_ON, &closed_on, error))
    return FALSE;
  *closed = g_strcmp0 (closed_on, date) == 0;
  return TRUE;
}

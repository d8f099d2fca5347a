/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-schema.c — the database's versions: the steps that bring a file
 * from one to the next, and the check that a file is ours and not newer. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tr-error.h"
#include "tr-store-private.h"

/* Step i brings user_version from i to i + 1. A shipped step is never
 * edited: a change of schema is a new step at the end. */
static const char * const migrations[] = {
  /* 0 → 1: the kiosk's identity, the keys it trusts, the catalogue and the
   * registrations. */
  "CREATE TABLE kiosk ("
  "  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),"
  "  kiosk_id   TEXT NOT NULL,"
  "  public_key BLOB NOT NULL CHECK (length (public_key) = 32));"
  "CREATE TABLE trusted_keys ("
  "  kiosk_id   TEXT PRIMARY KEY,"
  "  public_key BLOB NOT NULL CHECK (length (public_key) = 32),"
  "  added_at   TEXT NOT NULL);"
  "CREATE TABLE offers ("
  "  id           TEXT PRIMARY KEY,"
  "  title        TEXT NOT NULL,"
  "  category     TEXT NOT NULL,"
  "  provider     TEXT NOT NULL,"
  "  address      TEXT NOT NULL,"
  "  postcode     TEXT NOT NULL,"
  "  modality     TEXT NOT NULL,"
  "  audience     TEXT NOT NULL,"
  "  min_level    TEXT NOT NULL,"
  "  hours        INTEGER NOT NULL CHECK (hours >= 0),"
  "  start_date   TEXT NOT NULL,"
  "  end_date     TEXT NOT NULL,"
  "  seats        INTEGER NOT NULL CHECK (seats >= 0),"
  "  info_session TEXT NOT NULL DEFAULT '',"
  "  description  TEXT NOT NULL DEFAULT '',"
  "  withdrawn    INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)));"
  "CREATE TABLE registrations ("
  "  id            INTEGER PRIMARY KEY,"
  "  session_id    TEXT NOT NULL UNIQUE,"
  "  code          TEXT NOT NULL UNIQUE,"
  "  created_at    TEXT NOT NULL,"
  "  local_date    TEXT NOT NULL,"
  "  kiosk_id      TEXT NOT NULL,"
  "  offer_id      TEXT NOT NULL REFERENCES offers (id),"
  "  status        TEXT NOT NULL CHECK (status IN ('registered', 'waiting_list', 'cancelled')),"
  "  verdict       TEXT NOT NULL,"
  "  answers       TEXT NOT NULL CHECK (json_valid (answers)),"
  "  flags         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (flags) AND json_type (flags) = 'array'),"
  "  person        TEXT NOT NULL CHECK (json_valid (person)),"
  "  payload       TEXT NOT NULL,"
  "  cancelled_at  TEXT,"
  "  cancel_reason TEXT);",

  /* 1 → 2: what staff and automation did, and the indexes the day's
   * exports and the seat counts read through. */
  "CREATE TABLE events ("
  "  id     INTEGER PRIMARY KEY,"
  "  at     TEXT NOT NULL,"
  "  kind   TEXT NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (detail)));"
  "CREATE INDEX registrations_by_day ON registrations (local_date, created_at, id);"
  "CREATE INDEX registrations_by_offer ON registrations (offer_id, status);",

  /* 2 → 3: the kiosk's own settings, written by the programs: the staff
   * password's hash and its lock-out state, which must outlive a restart. */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);",

  /* 3 → 4: personal details sealed to the programme office's key. The
   * coarse facts the figures need stay in clear; the details and answers go
   * into one sealed blob (NULL once erased). seal_clear_rows (below) then
   * seals what the clear columns held, and drops them. */
  "ALTER TABLE registrations ADD COLUMN age_band TEXT"
  "  CHECK (age_band IN ('under-26', '26-49', '50-and-over'));"
  "ALTER TABLE registrations ADD COLUMN woman INTEGER CHECK (woman IN (0, 1));"
  "ALTER TABLE registrations ADD COLUMN qpv INTEGER NOT NULL DEFAULT 0 CHECK (qpv IN (0, 1));"
  "ALTER TABLE registrations ADD COLUMN details BLOB;",

  /* 4 → 5: the link to the programme's hub (src/sync/). The outbox is the
   * registrations themselves: hub_sent_at stays NULL until the hub has
   * acknowledged the row, so that the row and its place in the outbox are
   * one write, committed together. hub_sending_at marks a row handed to the
   * hub and not yet acknowledged; hub_cancel_sent_at the same for a
   * cancellation. lease_seat is 1 while the registration holds a seat of
   * this kiosk's lease that the hub has not yet counted. leases holds the
   * seats the hub escrowed for this kiosk and not used yet; sync_state what
   * the staff panel shows of the link. Rows of earlier versions stay in the
   * outbox: a kiosk that joins a hub sends what it holds. */
  "ALTER TABLE registrations ADD COLUMN hub_sending_at TEXT;"
  "ALTER TABLE registrations ADD COLUMN hub_sent_at TEXT;"
  "ALTER TABLE registrations ADD COLUMN hub_cancel_sent_at TEXT;"
  "ALTER TABLE registrations ADD COLUMN lease_seat INTEGER NOT NULL DEFAULT 0 CHECK (lease_seat IN (0, 1));"
  "CREATE INDEX registrations_unsent ON registrations (id) WHERE hub_sent_at IS NULL;"
  "CREATE INDEX registrations_cancel_unsent ON registrations (id) "
  "  WHERE status = 'cancelled' AND hub_cancel_sent_at IS NULL;"
  "CREATE TABLE leases ("
  "  offer_id   TEXT PRIMARY KEY,"
  "  held       INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),"
  "  expires_at INTEGER NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE TABLE sync_state ("
  "  singleton           INTEGER PRIMARY KEY CHECK (singleton = 1),"
  "  last_success        TEXT,"
  "  last_attempt        TEXT,"
  "  last_error          TEXT,"
  "  publication_version INTEGER NOT NULL DEFAULT 0 CHECK (publication_version >= 0),"
  "  leases_returned_on  TEXT);"
  "INSERT INTO sync_state (singleton) VALUES (1);",

  /* 5 → 6: what the hub last said of each offer's free seats (NULL: it
   * never did), so that a kiosk's offers list counts the programme's seats,
   * not only its own registrations. */
  "ALTER TABLE offers ADD COLUMN hub_free INTEGER CHECK (hub_free IS NULL OR hub_free >= 0);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == TR_STORE_SCHEMA_VERSION);

/* What a step does after its SQL, in C, in the same transaction: NULL for
 * the steps that are SQL alone. */
typedef gboolean (*MigrationHook) (sqlite3       *db,
                                   const guint8  *office_key,
                                   GError       **error);

static const MigrationHook migration_hooks[TR_STORE_SCHEMA_VERSION] = {
  [3] = tr_store_seal_clear_rows,
};

/* The pages that held the clear details are free pages now, or the WAL's
 * frames: VACUUM writes the file anew, and the checkpoint copies it back
 * and cuts the WAL to nothing, so that neither keeps the old text. The
 * sealing step leaves a setting that says this is still to do, removed only
 * once done, so that a program stopped in between, or kept from cutting the
 * WAL by another one reading, does it at a later start. */
static gboolean
rewrite_without_old_pages (sqlite3 *db, GError **error)
{
  const char *doing = _("Could not clear the old personal details from the database file");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pending = NULL;
  int rc, busy;

  if (!tr_store_read_setting (db, SETTING_CLEAR_PAGES_LEFT, &pending, error))
    return FALSE;
  if (pending == NULL)
    return TRUE;
  if (!tr_sqlite_exec (db, "VACUUM", doing, error))
    return FALSE;
  stmt = tr_sqlite_prepare (db, "PRAGMA wal_checkpoint (TRUNCATE)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (db, rc, doing, error);
      return FALSE;
    }
  busy = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (busy != 0)
    {
      g_message ("Another program is reading the database: the write-ahead log that held personal "
                 "details in clear is cut at the next start");
      return TRUE;
    }
  return tr_store_write_setting (db, SETTING_CLEAR_PAGES_LEFT, NULL, error);
}

/* One transaction per step. user_version is read again inside each one, so
 * two programs opening a fresh database at once never run a step twice. */
gboolean
tr_store_migrate (sqlite3       *db,
                  guint          target,
                  const guint8  *office_key,
                  GError       **error)
{
  g_return_val_if_fail (target <= TR_STORE_SCHEMA_VERSION, FALSE);

  for (;;)
    {
      gint64 version;
      g_autofree char *bump = NULL;

      if (!tr_sqlite_exec (db, "BEGIN IMMEDIATE", _("Could not update the database"), error))
        return FALSE;
      if (!tr_sqlite_read_int (db, "PRAGMA user_version", &version, NULL, error))
        goto failed;
      if (target >= 4 && !tr_store_check_can_seal (db, version, office_key, error))
        goto failed;
      if (version >= target)
        {
          if (!tr_sqlite_commit (db, _("Could not update the database"), error))
            return FALSE;
          return target < 4 || rewrite_without_old_pages (db, error);
        }

      if (version == 0)
        {
          g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                     TR_STORE_APPLICATION_ID);
          if (!tr_sqlite_exec (db, set_id, _("Could not create the database"), error))
            goto failed;
        }
      if (!tr_sqlite_exec (db, migrations[version], _("Could not update the database to this version of Tremplin"), error))
        goto failed;
      if (migration_hooks[version] != NULL && !migration_hooks[version] (db, office_key, error))
        goto failed;
      bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!tr_sqlite_exec (db, bump, _("Could not update the database"), error))
        goto failed;
      if (!tr_sqlite_commit (db, _("Could not update the database"), error))
        return FALSE;
    }

failed:
  tr_sqlite_rollback (db);
  return FALSE;
}

/* Reads one number of the header or the schema; a file that is not a
 * database, or a damaged one, is named as such. */
static gboolean
read_header_int (sqlite3     *db,
                 const char  *path,
                 const char  *sql,
                 gint64      *out,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  int rc;

  if (tr_sqlite_read_int (db, sql, out, &rc, &local_error))
    return TRUE;
  if ((rc & 0xff) == SQLITE_NOTADB)
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("%s is not a Tremplin database (it is not an SQLite file at all): check the path given with --db"),
                 path);
  else if ((rc & 0xff) == SQLITE_CORRUPT)
    g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                 _("The database %s is damaged (cut short or overwritten; SQLite: %s): restore the latest backup"),
                 path, sqlite3_errmsg (db));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Reads the header before changing anything, so that a file of another
 * program is left exactly as it was. */
gboolean
tr_store_check_schema (sqlite3     *db,
                       const char  *path,
                       GError     **error)
{
  gint64 application_id, version, n_objects = 0;

  if (!read_header_int (db, path, "PRAGMA application_id", &application_id, error))
    return FALSE;
  if (application_id != TR_STORE_APPLICATION_ID)
    {
      if (application_id == 0 &&
          !read_header_int (db, path, "SELECT count(*) FROM sqlite_master", &n_objects, error))
        return FALSE;
      if (application_id != 0 || n_objects > 0)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("%s is an SQLite database of another program, not a Tremplin database: check the path given with --db"),
                       path);
          return FALSE;
        }
    }

  if (!read_header_int (db, path, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version > TR_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s was made by a newer version of Tremplin (database version %lld, this program knows up to %d): install the newer Tremplin to use it"),
                   path, (long long) version, TR_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

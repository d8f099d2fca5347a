/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sqlite.c — SQLite calls whose failures are worded for people. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "tr-error.h"
#include "tr-file.h"
#include "tr-sqlite-private.h"

static const char *
storage_advice (sqlite3 *db, int rc)
{
  /* A full disk met while growing the -shm or the WAL comes back as an I/O
   * error; the system's own code tells it apart. */
  if ((rc & 0xff) == SQLITE_IOERR && db != NULL && sqlite3_system_errno (db) == ENOSPC)
    rc = SQLITE_FULL;
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return tr_file_write_failure_reason (ENOSPC);
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return _("the database cannot be written (read-only file, folder or disk): check its permissions");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return _("the database is locked by another program for too long: try again in a moment");
    case SQLITE_IOERR:
      return _("the disk could not be read or written: check the disk and its free space");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return _("the database is damaged: run “tremplin-admin check” and restore the latest backup");
    case SQLITE_CANTOPEN:
      return _("the database file cannot be opened: check that its folder exists and can be written");
    default:
      return NULL;
    }
}

void
tr_sqlite_set_error (sqlite3     *db,
                     int          rc,
                     const char  *doing,
                     GError     **error)
{
  const char *advice = storage_advice (db, rc);
  const char *sqlite_says = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (advice != NULL)
    g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("%s: %s (SQLite: %s)"), doing, advice, sqlite_says);
  else
    g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("%s: %s"), doing, sqlite_says);
}

sqlite3_stmt *
tr_sqlite_prepare (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      tr_sqlite_set_error (db, rc, _("Could not read the database"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

gboolean
tr_sqlite_exec (sqlite3     *db,
                const char  *sql,
                const char  *doing,
                GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      tr_sqlite_set_error (db, rc, doing, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_sqlite_step_done (sqlite3_stmt  *stmt,
                     const char    *doing,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (sqlite3_db_handle (stmt), rc, doing, error);
      return FALSE;
    }
  return TRUE;
}

/* Ends a failed transaction; the first error is the one worth reporting. */
void
tr_sqlite_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
tr_sqlite_commit (sqlite3     *db,
                  const char  *doing,
                  GError     **error)
{
  if (!tr_sqlite_exec (db, "COMMIT", doing, error))
    {
      tr_sqlite_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_sqlite_read_int (sqlite3     *db,
                    const char  *sql,
                    gint64      *out,
                    int         *rc_out,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc_out != NULL)
    *rc_out = rc;
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (db, rc, _("Could not read the database"), error);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

const char *
tr_sqlite_column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL ? (const char *) text : "";
}

char *
tr_sqlite_column_dup (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

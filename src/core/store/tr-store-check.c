/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-check.c — keeping the database sound: the checks and the online
 * backup. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "tr-code.h"
#include "tr-error.h"
#include "tr-file.h"
#include "tr-receipt.h"
#include "tr-store-private.h"

/* ---- check ----------------------------------------------------------- */

typedef void (*RowProblem) (sqlite3_stmt *stmt, GPtrArray *problems);

/* Runs @sql and turns each row into a sentence with @describe. */
static gboolean
collect_problems (TrStore     *self,
                  const char  *sql,
                  RowProblem   describe,
                  GPtrArray   *problems,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = tr_sqlite_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    describe (stmt, problems);
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not check the database"), error);
      return FALSE;
    }
  return TRUE;
}

static void
describe_integrity (sqlite3_stmt *stmt, GPtrArray *problems)
{
  const char *message = tr_sqlite_column_text (stmt, 0);

  if (g_strcmp0 (message, "ok") != 0)
    g_ptr_array_add (problems, g_strdup_printf (_("SQLite's integrity check: %s"), message));
}

static void
describe_foreign_key (sqlite3_stmt *stmt, GPtrArray *problems)
{
  g_ptr_array_add (problems,
                   g_strdup_printf (_("Row %lld of table %s points to a missing row of table %s"),
                                    (long long) sqlite3_column_int64 (stmt, 1), tr_sqlite_column_text (stmt, 0), tr_sqlite_column_text (stmt, 2)));
}

static void
describe_overbooked (sqlite3_stmt *stmt, GPtrArray *problems)
{
  g_ptr_array_add (problems,
                   g_strdup_printf (_("Offer %s is overbooked: %lld registered for %lld seats"),
                                    tr_sqlite_column_text (stmt, 0), (long long) sqlite3_column_int64 (stmt, 2),
                                    (long long) sqlite3_column_int64 (stmt, 1)));
}

static void
check_receipt (sqlite3_stmt *stmt,
               GHashTable   *own_key,
               GPtrArray    *problems)
{
  const char *code = tr_sqlite_column_text (stmt, 1);
  const char *status = tr_sqlite_column_text (stmt, 6);
  g_autoptr(TrReceiptFacts) facts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  if (!tr_code_is_valid (code))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Registration %lld has a malformed code “%s”"), (long long) id, code));

  facts = tr_receipt_verify (tr_sqlite_column_text (stmt, 2), own_key, &error);
  if (facts == NULL)
    {
      g_ptr_array_add (problems,
                       g_strdup_printf (_("The receipt of registration %lld (%s) does not verify: %s"),
                                        (long long) id, code, error->message));
      return;
    }
  if (g_strcmp0 (facts->code, code) != 0 ||
      g_strcmp0 (facts->kiosk_id, tr_sqlite_column_text (stmt, 3)) != 0 ||
      g_strcmp0 (facts->offer_id, tr_sqlite_column_text (stmt, 4)) != 0 ||
      g_strcmp0 (facts->date, tr_sqlite_column_text (stmt, 5)) != 0 ||
      /* A receipt keeps the status it was given; a later cancellation does
       * not make it wrong. */
      (g_strcmp0 (status, "cancelled") != 0 && g_strcmp0 (facts->status, status) != 0))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("The receipt of registration %lld (%s) does not say what the registration says"),
                                      (long long) id, code));
}

static gboolean
check_receipts (TrStore    *self,
                GPtrArray  *problems,
                GError    **error)
{
  g_autoptr(GHashTable) own_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_bytes_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = tr_sqlite_prepare (self->db,
                            "SELECT id, code, payload, kiosk_id, offer_id, local_date, status FROM registrations ORDER BY id",
                            error);
  if (stmt == NULL)
    return FALSE;
  if (self->kiosk_id != NULL)
    g_hash_table_insert (own_key, g_strdup (self->kiosk_id),
                         g_bytes_new (self->public_key, sizeof self->public_key));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (self->kiosk_id == NULL)
        {
          g_ptr_array_add (problems, g_strdup (_("The database holds registrations but no kiosk identity")));
          return TRUE;
        }
      check_receipt (stmt, own_key, problems);
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not check the database"), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_store_check (TrStore    *self,
                GPtrArray  *problems,
                GError    **error)
{
  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  return collect_problems (self, "PRAGMA integrity_check", describe_integrity, problems, error) &&
         collect_problems (self, "PRAGMA foreign_key_check", describe_foreign_key, problems, error) &&
         collect_problems (self,
                           "SELECT o.id, o.seats, count(*) FROM offers o JOIN registrations r "
                           "ON r.offer_id = o.id AND r.status = 'registered' "
                           "GROUP BY o.id HAVING count(*) > o.seats ORDER BY o.id",
                           describe_overbooked, problems, error) &&
         check_receipts (self, problems, error);
}

/* ---- backup ---------------------------------------------------------- */

static gboolean
same_file (const char *a, const char *b)
{
  GStatBuf sa, sb;

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  return FALSE;
}

static gboolean
is_live_database (TrStore *self, const char *destination)
{
  g_autofree char *live = g_canonicalize_filename (self->path, NULL);
  g_autofree char *dest = g_canonicalize_filename (destination, NULL);
  g_autofree char *wal = g_strconcat (live, "-wal", NULL);
  g_autofree char *shm = g_strconcat (live, "-shm", NULL);

  return same_file (self->path, destination) ||
         g_str_equal (live, dest) || g_str_equal (wal, dest) || g_str_equal (shm, dest);
}

static gboolean
sync_path (const char  *path,
           gboolean     directory,
           GError     **error)
{
  int fd = g_open (path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC, 0);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  tr_file_set_write_error (error, path, saved);
  return FALSE;
}

/* WAL lets one step copy a consistent snapshot while writers carry on; a
 * lock held by a checkpoint is waited out. */
static gboolean
copy_database (sqlite3     *source,
               sqlite3     *target,
               GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (target, "main", source, "main");
  int rc;

  if (backup == NULL)
    {
      tr_sqlite_set_error (target, sqlite3_extended_errcode (target), _("Could not start the backup"), error);
      return FALSE;
    }
  for (guint waited = 0;; waited++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_DONE || ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED &&
                                rc != SQLITE_OK))
        break;
      if (waited * 50 >= BUSY_TIMEOUT_MS)
        break;
      sqlite3_sleep (50);
    }
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (NULL, rc, _("Could not copy the database"), error);
      return FALSE;
    }
  /* The copy is one self-contained file, not a WAL database. */
  return tr_sqlite_exec (target, "PRAGMA journal_mode = DELETE", _("Could not finish the backup"), error);
}

gboolean
tr_store_backup (TrStore     *self,
                 const char  *destination,
                 GError     **error)
{
  g_autofree char *directory = NULL;
  g_autofree char *temporary = NULL;
  sqlite3 *target = NULL;
  int fd, rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (is_live_database (self, destination))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s is the database itself: give the backup another file name"), destination);
      return FALSE;
    }
  directory = g_path_get_dirname (destination);
  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The folder %s does not exist: create it or choose another place for the backup"), directory);
      return FALSE;
    }
  if (g_file_test (destination, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s is a folder: give the backup a file name, like %s/tremplin.db"), destination, destination);
      return FALSE;
    }

  temporary = g_strconcat (destination, ".XXXXXX.tmp", NULL);
  fd = g_mkstemp (temporary);
  if (fd < 0)
    {
      tr_file_set_write_error (error, destination, errno);
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (temporary, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      tr_sqlite_set_error (target, rc, _("Could not create the backup"), error);
      goto failed;
    }
  if (!copy_database (self->db, target, error))
    goto failed;
  rc = sqlite3_close (target);
  target = NULL;
  if (rc != SQLITE_OK)
    {
      tr_sqlite_set_error (NULL, rc, _("Could not finish the backup"), error);
      goto failed;
    }
  if (!sync_path (temporary, FALSE, error))
    goto failed;
  if (g_rename (temporary, destination) != 0)
    {
      int saved = errno;
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Could not name the backup %s: %s"),
                   destination, g_strerror (saved));
      goto failed;
    }
  return sync_path (directory, TRUE, error);

failed:
  if (target != NULL)
    sqlite3_close (target);
  g_unlink (temporary);
  return FALSE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store.c — the store object: opening the file, this kiosk's identity,
 * the keys it trusts, and the events. Offers, registrations, reports and
 * checks are in the other tr-store-*.c files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-file.h"
#include "tr-receipt.h"
#include "tr-store-private.h"

G_DEFINE_FINAL_TYPE (TrStore, tr_store, G_TYPE_OBJECT)

/* ---- opening --------------------------------------------------------- */

static gboolean
set_pragmas (sqlite3 *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *mode;
  int rc;

  stmt = tr_sqlite_prepare (db, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (db, rc, _("Could not open the database"), error);
      return FALSE;
    }
  mode = tr_sqlite_column_text (stmt, 0);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("The database cannot use write-ahead logging (journal mode stays “%s”): put it on a local disk that allows it"),
                   mode);
      return FALSE;
    }
  /* secure_delete: what is deleted or overwritten (erased details, a
   * registration's old row) is zeroed in the file, not left in free space. */
  return tr_sqlite_exec (db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
                         _("Could not open the database"), error);
}

/* A new database is made under a temporary name, 0600 whatever the umask
 * (it holds personal details, and SQLite gives its -wal and -shm the mode of
 * the database), and linked into place only once it is an SQLite file: a
 * crash never leaves an empty file at @path, and of two programs creating it
 * at once, the second opens the first's. */
static gboolean
create_database (const char  *path,
                 const char  *vfs,
                 GError     **error)
{
  g_autofree char *temporary = g_strconcat (path, ".XXXXXX.tmp", NULL);
  g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA journal_mode = WAL;",
                                             TR_STORE_APPLICATION_ID);
  sqlite3 *db = NULL;
  gboolean ok;
  int fd, rc;

  fd = g_mkstemp_full (temporary, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;
      g_autofree char *folder = g_path_get_dirname (path);

      if (fd >= 0)
        close (fd);
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("Could not create the database in the folder %s: %s. Check that it can be written and has free space"),
                   folder, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (temporary, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, vfs);
  ok = rc == SQLITE_OK && tr_sqlite_exec (db, set_id, _("Could not create the database"), error);
  if (rc != SQLITE_OK)
    tr_sqlite_set_error (db, rc, _("Could not create the database"), error);
  /* Closing checkpoints the WAL into the file: it is then whole by itself. */
  rc = sqlite3_close (db);
  if (ok && rc != SQLITE_OK)
    {
      tr_sqlite_set_error (NULL, rc, _("Could not create the database"), error);
      ok = FALSE;
    }
  if (ok && link (temporary, path) != 0 && errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Could not create the database %s: %s"),
                   path, g_strerror (saved));
      ok = FALSE;
    }
  g_unlink (temporary);
  /* The new name, like the content, must outlive a power cut. */
  if (ok && !tr_file_sync_folder_of (path))
    {
      int saved = errno;

      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Could not create the database %s: %s"),
                   path, g_strerror (saved));
      ok = FALSE;
    }
  return ok;
}

/* SQLite takes an empty file for an empty database and would build a new
 * one in it: an empty file where a database should be is a database lost
 * (cut short, or emptied), which only a backup brings back. */
static gboolean
check_not_empty (const char *path, GError **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > 0)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
               _("The database %s is an empty file (0 bytes): the database has been lost or damaged. "
                 "Restore the latest backup; only if this kiosk was never used, delete the file and run "
                 "“tremplin-admin init”"), path);
  return FALSE;
}

sqlite3 *
tr_store_open_connection (const char  *path,
                          gboolean     create,
                          const char  *vfs,
                          GError     **error)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!create)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                       _("There is no database at %s: run “tremplin-admin init” first"), path);
          return NULL;
        }
      if (!create_database (path, vfs, error))
        return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s is a folder, not a database file: give the path of the database file"), path);
      return NULL;
    }
  if (!check_not_empty (path, error))
    return NULL;
  /* SQLite would only say it "cannot open" it. */
  if (faccessat (AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) != 0 && (errno == EACCES || errno == EPERM))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("The database %s cannot be read or written by this user: check its owner and permissions "
                     "(it should belong to the kiosk's user, mode 0600)"), path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db, flags, vfs);
  if (rc != SQLITE_OK)
    {
      g_autofree char *doing = g_strdup_printf (_("Could not open the database %s"), path);
      tr_sqlite_set_error (db, rc, doing, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (!tr_store_check_schema (db, path, error) || !set_pragmas (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* ---- the object ------------------------------------------------------ */

static void
tr_store_finalize (GObject *object)
{
  TrStore *self = TR_STORE (object);

  /* sqlite3_close refuses a connection that still has statements. */
  for (guint i = 0; i < N_CACHED_STATEMENTS; i++)
    g_clear_pointer (&self->cached[i], sqlite3_finalize);
  /* Closing the last connection checkpoints the WAL back into the file. */
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->kiosk_id, g_free);
  g_clear_pointer (&self->prepared_seal, tr_seal_prepared_free);
  G_OBJECT_CLASS (tr_store_parent_class)->finalize (object);
}

static void
tr_store_class_init (TrStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_store_finalize;
}

static void
tr_store_init (TrStore *self)
{
}

/* The message below spells the limit out for translators. */
G_STATIC_ASSERT (TR_RECEIPT_MAX_ID_LENGTH == 32);

gboolean
tr_store_load_identity (TrStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = tr_sqlite_prepare (self->db, "SELECT kiosk_id, public_key FROM kiosk", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read this kiosk's identity"), error);
      return FALSE;
    }
  /* The id names the export files: one altered in the file must not send
   * them out of the folder chosen. */
  if (!tr_kiosk_id_check (tr_sqlite_column_text (stmt, 0), NULL))
    {
      g_autofree char *shown = g_strescape (tr_sqlite_column_text (stmt, 0), NULL);

      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("This kiosk's id in the database (“%s”) is not a valid kiosk id: the database has been "
                     "altered or damaged; restore the latest backup"), shown);
      return FALSE;
    }
  if (sqlite3_column_bytes (stmt, 1) != sizeof self->public_key)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("This kiosk's public key in the database is damaged: restore the latest backup"));
      return FALSE;
    }
  g_free (self->kiosk_id);
  self->kiosk_id = tr_sqlite_column_dup (stmt, 0);
  memcpy (self->public_key, sqlite3_column_blob (stmt, 1), sizeof self->public_key);
  return TRUE;
}

static gboolean
remember_file (TrStore *self, GError **error)
{
  GStatBuf opened;

  if (g_stat (self->path, &opened) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Cannot read the database %s: %s"),
                   self->path, g_strerror (errno));
      return FALSE;
    }
  self->device = opened.st_dev;
  self->inode = opened.st_ino;
  return TRUE;
}

TrStore *
tr_store_open (const char  *path,
               gboolean     create,
               GError     **error)
{
  TrStoreOptions options = { .create = create };

  return tr_store_open_full (path, &options, error);
}

TrStore *
tr_store_open_with_vfs (const char  *path,
                        gboolean     create,
                        const char  *vfs,
                        GError     **error)
{
  TrStoreOptions options = { .create = create, .vfs = vfs };

  return tr_store_open_full (path, &options, error);
}

TrStore *
tr_store_open_full (const char            *path,
                    const TrStoreOptions  *options,
                    GError               **error)
{
  g_autoptr(TrStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (TR_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (options->office_key != NULL)
    {
      self->office_key_from_config = TRUE;
      memcpy (self->office_key, options->office_key, TR_OFFICE_KEY_BYTES);
    }
  self->db = tr_store_open_connection (path, options->create, options->vfs, error);
  if (self->db == NULL)
    return NULL;
  if (!tr_store_migrate (self->db, TR_STORE_SCHEMA_VERSION, options->office_key, error) ||
      !tr_store_load_identity (self, error))
    return NULL;
  if (!remember_file (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
tr_store_check_file (TrStore *self, GError **error)
{
  GStatBuf now;

  if (g_stat (self->path, &now) == 0 && now.st_dev == self->device && now.st_ino == self->inode)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
               _("The database %s has been deleted or replaced since the kiosk opened it; "
                 "nothing more can be saved: restart the kiosk"), self->path);
  return FALSE;
}

const char *
tr_store_get_path (TrStore *self)
{
  g_return_val_if_fail (TR_IS_STORE (self), NULL);
  return self->path;
}

/* ---- identity and trust ---------------------------------------------- */

gboolean
tr_store_set_identity (TrStore       *self,
                       const char    *kiosk_id,
                       const guint8  *public_key,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (public_key != NULL, FALSE);

  if (!tr_kiosk_id_check (kiosk_id, error))
    return FALSE;
  if (!tr_store_load_identity (self, error))
    return FALSE;
  if (self->kiosk_id != NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                   _("This database already belongs to kiosk %s: a kiosk's identity is set once"),
                   self->kiosk_id);
      return FALSE;
    }

  stmt = tr_sqlite_prepare (self->db, "INSERT INTO kiosk (singleton, kiosk_id, public_key) VALUES (1, ?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, public_key, crypto_sign_PUBLICKEYBYTES, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        {
          tr_store_load_identity (self, NULL);
          g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                       _("This database already belongs to kiosk %s: a kiosk's identity is set once"),
                       self->kiosk_id != NULL ? self->kiosk_id : "?");
        }
      else
        tr_sqlite_set_error (self->db, rc, _("Could not save this kiosk's identity"), error);
      return FALSE;
    }
  return tr_store_load_identity (self, error);
}

const char *
tr_store_get_kiosk_id (TrStore *self)
{
  g_return_val_if_fail (TR_IS_STORE (self), NULL);
  return self->kiosk_id;
}

gboolean
tr_store_get_public_key (TrStore *self,
                         guint8  *public_key)
{
  g_return_val_if_fail (TR_IS_STORE (self), FALSE);

  if (self->kiosk_id == NULL)
    return FALSE;
  if (public_key != NULL)
    memcpy (public_key, self->public_key, sizeof self->public_key);
  return TRUE;
}

gboolean
tr_store_trust (TrStore       *self,
                const char    *kiosk_id,
                const guint8  *public_key,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *added_at = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (public_key != NULL, FALSE);

  if (!tr_kiosk_id_check (kiosk_id, error))
    return FALSE;
  if (g_strcmp0 (kiosk_id, self->kiosk_id) == 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                   _("%s is this kiosk itself: its own key is always trusted"), kiosk_id);
      return FALSE;
    }

  now = tr_clock_now ();
  added_at = tr_store_utc_iso (now);
  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", _("Could not save the trusted key"), error))
    return FALSE;
  stmt = tr_sqlite_prepare (self->db,
                            "INSERT INTO trusted_keys (kiosk_id, public_key, added_at) VALUES (?1, ?2, ?3) "
                            "ON CONFLICT (kiosk_id) DO UPDATE SET public_key = excluded.public_key, added_at = excluded.added_at",
                            error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, public_key, crypto_sign_PUBLICKEYBYTES, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, added_at, -1, SQLITE_TRANSIENT);
  if (!tr_sqlite_step_done (stmt, _("Could not save the trusted key"), error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  detail = tr_store_event_detail ("kiosk_id", kiosk_id, NULL);
  if (!tr_store_add_event (self, now, "trust", detail, error))
    goto failed;
  return tr_sqlite_commit (self->db, _("Could not save the trusted key"), error);

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

GHashTable *
tr_store_get_trusted_keys (TrStore  *self,
                           GError  **error)
{
  g_autoptr(GHashTable) keys = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  stmt = tr_sqlite_prepare (self->db, "SELECT kiosk_id, public_key FROM trusted_keys", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_bytes (stmt, 1) != crypto_sign_PUBLICKEYBYTES)
        continue;
      g_hash_table_replace (keys, tr_sqlite_column_dup (stmt, 0),
                            g_bytes_new (sqlite3_column_blob (stmt, 1), crypto_sign_PUBLICKEYBYTES));
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not read the trusted keys"), error);
      return NULL;
    }
  if (self->kiosk_id != NULL)
    g_hash_table_replace (keys, g_strdup (self->kiosk_id),
                          g_bytes_new (self->public_key, sizeof self->public_key));
  return g_steal_pointer (&keys);
}

char *
tr_store_publication_path (const char *database, const char *kind)
{
  return g_strdup_printf ("%s.hub-%s", database, kind);
}

/* ---- events ---------------------------------------------------------- */

char *
tr_store_event_detail (const char *first_key, ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

char *
tr_store_utc_iso (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
tr_store_add_event (TrStore     *self,
                    GDateTime   *now,
                    const char  *kind,
                    const char  *detail_json,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (kind != NULL && *kind != '\0', FALSE);

  if (detail_json == NULL)
    detail_json = "{}";
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, detail_json, -1, NULL))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("The details of a “%s” event are not valid JSON"), kind);
          return FALSE;
        }
    }

  at = tr_store_utc_iso (now);
  stmt = tr_sqlite_prepare (self->db, "INSERT INTO events (at, kind, detail) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, detail_json, -1, SQLITE_TRANSIENT);
  if (!tr_sqlite_step_done (stmt, _("Could not record what was done"), error))
    return FALSE;
  return TRUE;
}

gboolean
tr_store_add_events (TrStore             *self,
                     GDateTime           *now,
                     const char          *kind,
                     const char * const  *details,
                     GError             **error)
{
  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (details != NULL, FALSE);

  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", _("Could not record what was done"), error))
    return FALSE;
  for (guint i = 0; details[i] != NULL; i++)
    if (!tr_store_add_event (self, now, kind, details[i], error))
      {
        tr_sqlite_rollback (self->db);
        return FALSE;
      }
  return tr_sqlite_commit (self->db, _("Could not record what was done"), error);
}

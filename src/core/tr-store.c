#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "tr-store.h"
#include "tr-clock.h"
#include "tr-code.h"
#include "tr-error.h"
#include "tr-receipt.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define BUSY_TIMEOUT_MS 5000
#define MAX_CODE_DRAWS 32

/* The statements of the registration path, prepared once per connection:
 * parsing the SQL again on every registration costs more than the rest of
 * what the store adds to the insert. */
typedef enum {
  CACHED_BEGIN_IMMEDIATE,
  CACHED_COMMIT,
  CACHED_FIND_BY_SESSION,
  CACHED_READ_OFFER,
  CACHED_CODE_TAKEN,
  CACHED_INSERT_REGISTRATION,
  N_CACHED_STATEMENTS
} CachedStatement;

struct _TrStore
{
  GObject       parent_instance;
  sqlite3      *db;
  char         *path;
  char         *kiosk_id;
  guint8        public_key[crypto_sign_PUBLICKEYBYTES];
  sqlite3_stmt *cached[N_CACHED_STATEMENTS];
};

G_DEFINE_FINAL_TYPE (TrStore, tr_store, G_TYPE_OBJECT)

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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == TR_STORE_SCHEMA_VERSION);

#define REGISTRATION_COLUMNS \
  "r.id, r.session_id, r.code, r.created_at, r.local_date, r.kiosk_id, r.offer_id, " \
  "r.status, r.verdict, r.answers, r.flags, r.person, r.payload, r.cancel_reason"
#define N_REGISTRATION_COLUMNS 14

static const char * const cached_sql[N_CACHED_STATEMENTS] = {
  [CACHED_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
  [CACHED_COMMIT] = "COMMIT",
  [CACHED_FIND_BY_SESSION] =
    "SELECT " REGISTRATION_COLUMNS " FROM registrations r WHERE r.session_id = ?1",
  [CACHED_READ_OFFER] =
    "SELECT o.seats, o.withdrawn, (SELECT count(*) FROM registrations r "
    "WHERE r.offer_id = o.id AND r.status = 'registered') FROM offers o WHERE o.id = ?1",
  [CACHED_CODE_TAKEN] = "SELECT 1 FROM registrations WHERE code = ?1",
  [CACHED_INSERT_REGISTRATION] =
    "INSERT INTO registrations (session_id, code, created_at, local_date, kiosk_id, "
    "offer_id, status, verdict, answers, flags, person, payload) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
};

#define OFFER_COLUMNS \
  "o.id, o.title, o.category, o.provider, o.address, o.postcode, o.modality, " \
  "o.audience, o.min_level, o.hours, o.start_date, o.end_date, o.seats, " \
  "o.info_session, o.description, o.withdrawn, " \
  "(SELECT count(*) FROM registrations t WHERE t.offer_id = o.id AND t.status = 'registered')"

/* ---- errors ---------------------------------------------------------- */

static const char *
storage_advice (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return _("the disk is full: free some space, then try again");
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

static void
set_sqlite_error (sqlite3     *db,
                  int          rc,
                  const char  *doing,
                  GError     **error)
{
  const char *advice = storage_advice (rc);
  const char *sqlite_says = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (advice != NULL)
    g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("%s: %s (SQLite: %s)"), doing, advice, sqlite_says);
  else
    g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("%s: %s"), doing, sqlite_says);
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, _("Could not read the database"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/* A statement of the cache, ready to bind; give it back with
 * release_statement (g_autoptr (CachedStmt) does) so that it holds no row
 * and no pointer into the caller's strings. */
typedef sqlite3_stmt CachedStmt;

static CachedStmt *
use_statement (TrStore          *self,
               CachedStatement   which,
               GError          **error)
{
  int rc;

  if (self->cached[which] != NULL)
    return self->cached[which];
  rc = sqlite3_prepare_v3 (self->db, cached_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                           &self->cached[which], NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->db, rc, _("Could not read the database"), error);
      g_clear_pointer (&self->cached[which], sqlite3_finalize);
      return NULL;
    }
  return self->cached[which];
}

static void
release_statement (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, release_statement)

/* Runs a cached statement that returns no row. */
static gboolean
run_cached (TrStore          *self,
            CachedStatement   which,
            const char       *doing,
            GError          **error)
{
  g_autoptr(CachedStmt) stmt = use_statement (self, which, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, doing, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      const char  *doing,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, doing, error);
      return FALSE;
    }
  return TRUE;
}

/* Ends a failed transaction; the first error is the one worth reporting. */
static void
rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
commit (sqlite3     *db,
        const char  *doing,
        GError     **error)
{
  if (!exec (db, "COMMIT", doing, error))
    {
      rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_int_pragma (sqlite3     *db,
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
      set_sqlite_error (db, rc, _("Could not read the database"), error);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static char *
utc_iso (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
check_date_argument (const char *date, GError **error)
{
  GDate parsed;

  if (tr_clock_parse_date (date, &parsed))
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-11-28"),
               date != NULL ? date : "");
  return FALSE;
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL ? (const char *) text : "";
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* ---- migrations ------------------------------------------------------ */

/* One transaction per step. user_version is read again inside each one, so
 * two programs opening a fresh database at once never run a step twice. */
static gboolean
migrate (sqlite3     *db,
         guint        target,
         GError     **error)
{
  g_return_val_if_fail (target <= TR_STORE_SCHEMA_VERSION, FALSE);

  for (;;)
    {
      gint64 version;
      g_autofree char *bump = NULL;

      if (!exec (db, "BEGIN IMMEDIATE", _("Could not update the database"), error))
        return FALSE;
      if (!read_int_pragma (db, "PRAGMA user_version", &version, NULL, error))
        goto failed;
      if (version >= target)
        return commit (db, _("Could not update the database"), error);

      if (version == 0)
        {
          g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                     TR_STORE_APPLICATION_ID);
          if (!exec (db, set_id, _("Could not create the database"), error))
            goto failed;
        }
      if (!exec (db, migrations[version], _("Could not update the database to this version of Tremplin"), error))
        goto failed;
      bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!exec (db, bump, _("Could not update the database"), error))
        goto failed;
      if (!commit (db, _("Could not update the database"), error))
        return FALSE;
    }

failed:
  rollback (db);
  return FALSE;
}

static gboolean
database_is_blank (sqlite3 *db, GError **error)
{
  gint64 n_objects;

  if (!read_int_pragma (db, "SELECT count(*) FROM sqlite_master", &n_objects, NULL, error))
    return FALSE;
  return n_objects == 0;
}

/* Reads the header before changing anything, so that a file of another
 * program is left exactly as it was. */
static gboolean
check_foreign_or_newer (sqlite3     *db,
                        const char  *path,
                        GError     **error)
{
  gint64 application_id, version;
  int rc;
  g_autoptr(GError) local_error = NULL;

  if (!read_int_pragma (db, "PRAGMA application_id", &application_id, &rc, &local_error))
    {
      if ((rc & 0xff) == SQLITE_NOTADB)
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("%s is not a Tremplin database (it is not an SQLite file at all): check the path given with --db"),
                     path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (application_id != TR_STORE_APPLICATION_ID)
    {
      gboolean blank;

      if (application_id == 0)
        {
          blank = database_is_blank (db, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
      else
        blank = FALSE;
      if (!blank)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("%s is an SQLite database of another program, not a Tremplin database: check the path given with --db"),
                       path);
          return FALSE;
        }
    }

  if (!read_int_pragma (db, "PRAGMA user_version", &version, NULL, error))
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

static gboolean
set_pragmas (sqlite3 *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *mode;
  int rc;

  stmt = prepare (db, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (db, rc, _("Could not open the database"), error);
      return FALSE;
    }
  mode = column_text (stmt, 0);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("The database cannot use write-ahead logging (journal mode stays “%s”): put it on a local disk that allows it"),
                   mode);
      return FALSE;
    }
  return exec (db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
               _("Could not open the database"), error);
}

/* Opens a connection with the house settings, without migrating. */
static sqlite3 *
open_connection (const char  *path,
                 gboolean     create,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int rc;

  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("There is no database at %s: run “tremplin-admin init” first"), path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s is a folder, not a database file: give the path of the database file"), path);
      return NULL;
    }
  if (create)
    flags |= SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *doing = g_strdup_printf (_("Could not open the database %s"), path);
      set_sqlite_error (db, rc, doing, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (!check_foreign_or_newer (db, path, error) || !set_pragmas (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

gboolean
tr_store_create_at_version (const char  *path,
                            guint        version,
                            GError     **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (version <= TR_STORE_SCHEMA_VERSION, FALSE);

  db = open_connection (path, TRUE, error);
  if (db == NULL)
    return FALSE;
  ok = migrate (db, version, error);
  sqlite3_close (db);
  return ok;
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

static gboolean
load_identity (TrStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, "SELECT kiosk_id, public_key FROM kiosk", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self->db, rc, _("Could not read this kiosk's identity"), error);
      return FALSE;
    }
  if (sqlite3_column_bytes (stmt, 1) != sizeof self->public_key)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("This kiosk's public key in the database is damaged: restore the latest backup"));
      return FALSE;
    }
  g_free (self->kiosk_id);
  self->kiosk_id = column_dup (stmt, 0);
  memcpy (self->public_key, sqlite3_column_blob (stmt, 1), sizeof self->public_key);
  return TRUE;
}

TrStore *
tr_store_open (const char  *path,
               gboolean     create,
               GError     **error)
{
  g_autoptr(TrStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TR_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = open_connection (path, create, error);
  if (self->db == NULL)
    return NULL;
  if (!migrate (self->db, TR_STORE_SCHEMA_VERSION, error) || !load_identity (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
tr_store_get_path (TrStore *self)
{
  g_return_val_if_fail (TR_IS_STORE (self), NULL);
  return self->path;
}

/* ---- events ---------------------------------------------------------- */

/* A JSON object of string members, given as NULL-terminated key, value
 * pairs: event details are built only from ids and counts. */
static char *
event_detail (const char *first_key, ...)
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

/* ---- identity and trust ---------------------------------------------- */

/* Kiosk ids go into file names and receipts: plain ASCII only. */
static gboolean
check_kiosk_id (const char *kiosk_id, GError **error)
{
  gsize length = kiosk_id != NULL ? strlen (kiosk_id) : 0;
  gboolean ok = length > 0 && length <= 32 && kiosk_id[0] != '.' && kiosk_id[0] != '-';

  for (gsize i = 0; ok && i < length; i++)
    ok = g_ascii_isalnum (kiosk_id[i]) || strchr ("-_.", kiosk_id[i]) != NULL;
  if (!ok)
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("The kiosk id “%s” is not usable: use 1 to 32 letters, digits, '-', '_' or '.', like mairie-18-01"),
                 kiosk_id != NULL ? kiosk_id : "");
  return ok;
}

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

  if (!check_kiosk_id (kiosk_id, error))
    return FALSE;
  if (!load_identity (self, error))
    return FALSE;
  if (self->kiosk_id != NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                   _("This database already belongs to kiosk %s: a kiosk's identity is set once"),
                   self->kiosk_id);
      return FALSE;
    }

  stmt = prepare (self->db, "INSERT INTO kiosk (singleton, kiosk_id, public_key) VALUES (1, ?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, public_key, crypto_sign_PUBLICKEYBYTES, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        {
          load_identity (self, NULL);
          g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                       _("This database already belongs to kiosk %s: a kiosk's identity is set once"),
                       self->kiosk_id != NULL ? self->kiosk_id : "?");
        }
      else
        set_sqlite_error (self->db, rc, _("Could not save this kiosk's identity"), error);
      return FALSE;
    }
  return load_identity (self, error);
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
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (public_key != NULL, FALSE);

  if (!check_kiosk_id (kiosk_id, error))
    return FALSE;
  if (g_strcmp0 (kiosk_id, self->kiosk_id) == 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                   _("%s is this kiosk itself: its own key is always trusted"), kiosk_id);
      return FALSE;
    }

  now = tr_clock_now ();
  added_at = utc_iso (now);
  if (!exec (self->db, "BEGIN IMMEDIATE", _("Could not save the trusted key"), error))
    return FALSE;
  stmt = prepare (self->db,
                  "INSERT INTO trusted_keys (kiosk_id, public_key, added_at) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (kiosk_id) DO UPDATE SET public_key = excluded.public_key, added_at = excluded.added_at",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, public_key, crypto_sign_PUBLICKEYBYTES, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, added_at, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not save the trusted key"), error);
      goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  detail = event_detail ("kiosk_id", kiosk_id, NULL);
  if (!tr_store_add_event (self, now, "trust", detail, error))
    goto failed;
  return commit (self->db, _("Could not save the trusted key"), error);

failed:
  rollback (self->db);
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
  stmt = prepare (self->db, "SELECT kiosk_id, public_key FROM trusted_keys", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_bytes (stmt, 1) != crypto_sign_PUBLICKEYBYTES)
        continue;
      g_hash_table_replace (keys, column_dup (stmt, 0),
                            g_bytes_new (sqlite3_column_blob (stmt, 1), crypto_sign_PUBLICKEYBYTES));
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not read the trusted keys"), error);
      return NULL;
    }
  if (self->kiosk_id != NULL)
    g_hash_table_replace (keys, g_strdup (self->kiosk_id),
                          g_bytes_new (self->public_key, sizeof self->public_key));
  return g_steal_pointer (&keys);
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
  int rc;

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

  at = utc_iso (now);
  stmt = prepare (self->db, "INSERT INTO events (at, kind, detail) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, detail_json, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not record what was done"), error);
      return FALSE;
    }
  return TRUE;
}

/* ---- offers ---------------------------------------------------------- */

static gboolean
bind_offer (sqlite3_stmt      *stmt,
            const TrOfferData *data)
{
  const char *texts[] = {
    data->id, data->title, tr_category_to_token (data->category), data->provider,
    data->address, data->postcode, tr_modality_to_token (data->modality),
    tr_audience_to_token (data->audience), tr_level_to_token (data->min_level),
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    sqlite3_bind_text (stmt, i + 1, texts[i] != NULL ? texts[i] : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, data->hours);
  sqlite3_bind_text (stmt, 11, data->start_date != NULL ? data->start_date : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, data->end_date != NULL ? data->end_date : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 13, data->seats);
  sqlite3_bind_text (stmt, 14, data->info_session != NULL ? data->info_session : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, data->description != NULL ? data->description : "", -1, SQLITE_STATIC);
  return TRUE;
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

  if (!tr_category_from_token (column_text (stmt, first + 2), &data.category) ||
      !tr_modality_from_token (column_text (stmt, first + 6), &data.modality) ||
      !tr_audience_from_token (column_text (stmt, first + 7), &data.audience) ||
      !tr_level_from_token (column_text (stmt, first + 8), &data.min_level))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("Offer %s in the database has an unknown category, modality, audience or level: import the catalogue again"),
                   column_text (stmt, first));
      return NULL;
    }
  data.id = column_dup (stmt, first);
  data.title = column_dup (stmt, first + 1);
  data.provider = column_dup (stmt, first + 3);
  data.address = column_dup (stmt, first + 4);
  data.postcode = column_dup (stmt, first + 5);
  data.hours = (guint) MAX (sqlite3_column_int64 (stmt, first + 9), 0);
  data.start_date = column_dup (stmt, first + 10);
  data.end_date = column_dup (stmt, first + 11);
  seats = MAX (sqlite3_column_int64 (stmt, first + 12), 0);
  data.seats = (guint) seats;
  data.info_session = column_dup (stmt, first + 13);
  data.description = column_dup (stmt, first + 14);

  offer = tr_offer_new (&data);
  tr_offer_set_withdrawn (offer, sqlite3_column_int (stmt, first + 15) != 0);
  taken = sqlite3_column_int64 (stmt, first + 16);
  tr_offer_set_seats_left (offer, (guint) MAX (seats - taken, 0));
  return offer;
}

static gboolean
offer_row_equals (sqlite3_stmt      *stmt,
                  const TrOfferData *data)
{
  const char *texts[] = {
    data->id, data->title, tr_category_to_token (data->category), data->provider,
    data->address, data->postcode, tr_modality_to_token (data->modality),
    tr_audience_to_token (data->audience), tr_level_to_token (data->min_level),
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_strcmp0 (column_text (stmt, i), texts[i] != NULL ? texts[i] : "") != 0)
      return FALSE;
  return sqlite3_column_int64 (stmt, 9) == data->hours &&
         g_strcmp0 (column_text (stmt, 10), data->start_date ? data->start_date : "") == 0 &&
         g_strcmp0 (column_text (stmt, 11), data->end_date ? data->end_date : "") == 0 &&
         sqlite3_column_int64 (stmt, 12) == data->seats &&
         g_strcmp0 (column_text (stmt, 13), data->info_session ? data->info_session : "") == 0 &&
         g_strcmp0 (column_text (stmt, 14), data->description ? data->description : "") == 0 &&
         sqlite3_column_int (stmt, 15) == 0;
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

  select = prepare (self->db, "SELECT " OFFER_COLUMNS " FROM offers o WHERE o.id = ?1", error);
  if (select == NULL)
    return UPSERT_FAILED;
  sqlite3_bind_text (select, 1, data->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not import the offers"), error);
      return UPSERT_FAILED;
    }
  exists = rc == SQLITE_ROW;
  if (exists && offer_row_equals (select, data))
    return UPSERT_UNCHANGED;

  write = prepare (self->db,
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
      set_sqlite_error (self->db, rc, doing, error);
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

  select = prepare (self->db,
                    "SELECT o.id, o.withdrawn, EXISTS (SELECT 1 FROM registrations r WHERE r.offer_id = o.id) "
                    "FROM offers o ORDER BY o.id", error);
  withdraw = prepare (self->db, "UPDATE offers SET withdrawn = 1 WHERE id = ?1", error);
  remove = prepare (self->db, "DELETE FROM offers WHERE id = ?1", error);
  if (select == NULL || withdraw == NULL || remove == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *id = column_text (select, 0);

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
      set_sqlite_error (self->db, rc, _("Could not import the offers"), error);
      return FALSE;
    }

  for (guint i = 0; i < gone->len; i++)
    {
      sqlite3_reset (remove);
      sqlite3_bind_text (remove, 1, g_ptr_array_index (gone, i), -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (remove)) != SQLITE_DONE)
        {
          set_sqlite_error (self->db, rc, _("Could not import the offers"), error);
          return FALSE;
        }
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

  if (!exec (self->db, "BEGIN IMMEDIATE", _("Could not import the offers"), error))
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
  if (!commit (self->db, _("Could not import the offers"), error))
    return FALSE;
  if (stats != NULL)
    *stats = counted;
  return TRUE;

failed:
  rollback (self->db);
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

  stmt = prepare (self->db,
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
      set_sqlite_error (self->db, rc, _("Could not read the offers"), error);
      return NULL;
    }
  return g_steal_pointer (&offers);
}

TrOffer *
tr_store_lookup_offer (TrStore     *self,
                       const char  *offer_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  stmt = prepare (self->db, "SELECT " OFFER_COLUMNS " FROM offers o WHERE o.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, offer_id != NULL ? offer_id : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return offer_from_row (stmt, 0, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                 _("There is no offer “%s” in the catalogue: check its id with “tremplin-admin offers”"),
                 offer_id != NULL ? offer_id : "");
  else
    set_sqlite_error (self->db, rc, _("Could not read the offer"), error);
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

/* ---- registrations --------------------------------------------------- */

void
tr_registration_free (TrRegistration *registration)
{
  if (registration == NULL)
    return;
  g_free (registration->session_id);
  g_free (registration->code);
  g_free (registration->created_at);
  g_free (registration->local_date);
  g_free (registration->kiosk_id);
  g_free (registration->offer_id);
  g_free (registration->status);
  g_free (registration->verdict);
  g_free (registration->answers_json);
  g_free (registration->flags_json);
  g_free (registration->person_json);
  g_free (registration->payload);
  g_free (registration->cancel_reason);
  g_free (registration);
}

/* Reads REGISTRATION_COLUMNS starting at @first. */
static TrRegistration *
registration_from_row (sqlite3_stmt *stmt,
                       int           first)
{
  TrRegistration *registration = g_new0 (TrRegistration, 1);

  registration->id = sqlite3_column_int64 (stmt, first);
  registration->session_id = column_dup (stmt, first + 1);
  registration->code = column_dup (stmt, first + 2);
  registration->created_at = column_dup (stmt, first + 3);
  registration->local_date = column_dup (stmt, first + 4);
  registration->kiosk_id = column_dup (stmt, first + 5);
  registration->offer_id = column_dup (stmt, first + 6);
  registration->status = column_dup (stmt, first + 7);
  registration->verdict = column_dup (stmt, first + 8);
  registration->answers_json = column_dup (stmt, first + 9);
  registration->flags_json = column_dup (stmt, first + 10);
  registration->person_json = column_dup (stmt, first + 11);
  registration->payload = column_dup (stmt, first + 12);
  registration->cancel_reason = column_dup (stmt, first + 13);
  return registration;
}

/* The row as it lies in SQLite: the strings are SQLite's own, valid until
 * the next step, so a walk over a day copies nothing it does not keep. */
static void
borrow_registration_row (sqlite3_stmt   *stmt,
                         TrRegistration *registration)
{
  char **texts[] = {
    &registration->session_id, &registration->code, &registration->created_at,
    &registration->local_date, &registration->kiosk_id, &registration->offer_id,
    &registration->status, &registration->verdict, &registration->answers_json,
    &registration->flags_json, &registration->person_json, &registration->payload,
    &registration->cancel_reason,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (texts) + 1 == N_REGISTRATION_COLUMNS);
  registration->id = sqlite3_column_int64 (stmt, 0);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    *texts[i] = (char *) sqlite3_column_text (stmt, i + 1);
}

/* Returns the one registration @stmt (which binds ?1 to @key) finds: NULL
 * with no error when there is none. */
static TrRegistration *
read_one_registration (TrStore       *self,
                       sqlite3_stmt  *stmt,
                       const char    *key,
                       GError       **error)
{
  int rc;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return registration_from_row (stmt, 0);
  if (rc != SQLITE_DONE)
    set_sqlite_error (self->db, rc, _("Could not read the registrations"), error);
  return NULL;
}

static TrRegistration *
find_registration (TrStore     *self,
                   const char  *sql,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, sql, error);

  return stmt != NULL ? read_one_registration (self, stmt, key, error) : NULL;
}

static TrRegistration *
find_by_session (TrStore     *self,
                 const char  *session_id,
                 GError     **error)
{
  g_autoptr(CachedStmt) stmt = use_statement (self, CACHED_FIND_BY_SESSION, error);

  return stmt != NULL ? read_one_registration (self, stmt, session_id, error) : NULL;
}

static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Compact, as ["qpv","woman"]: exports and counts look for the quoted id in
 * this text. */
static char *
flags_to_json (const char * const *flags)
{
  GString *json = g_string_sized_new (64);

  g_string_append_c (json, '[');
  for (guint i = 0; flags != NULL && flags[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      append_json_string (json, flags[i]);
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* Only the shape is looked at here; whether the text is valid JSON at all
 * is checked by the table's json_valid () constraints as the row goes in,
 * so the text is parsed once, not twice. */
static gboolean
looks_like_json_object (const char *text)
{
  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  return *text == '{';
}

static void
set_not_json_objects (GError **error)
{
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("The answers and the personal details of a registration must be JSON objects"));
}

static gboolean
check_request (TrStore                     *self,
               const TrRegistrationRequest *request,
               const TrKeyPair             *keys,
               GError                     **error)
{
  /* Another program may have run init since this one opened the file. */
  if (self->kiosk_id == NULL && !load_identity (self, error))
    return FALSE;
  if (self->kiosk_id == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("This kiosk has no identity yet: run “tremplin-admin init” first"));
      return FALSE;
    }
  if (memcmp (keys->public_key, self->public_key, sizeof self->public_key) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The key file does not belong to kiosk %s: use the key file made by its “init”"),
                   self->kiosk_id);
      return FALSE;
    }
  if (request->session_id == NULL || *request->session_id == '\0' ||
      request->offer_id == NULL || *request->offer_id == '\0' ||
      request->now == NULL || request->verdict == NULL || *request->verdict == '\0')
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("A registration needs a session, an offer, a time and a verdict"));
      return FALSE;
    }
  if (!looks_like_json_object (request->answers_json) || !looks_like_json_object (request->person_json))
    {
      set_not_json_objects (error);
      return FALSE;
    }
  return TRUE;
}

/* Under the write lock: how many seats are taken, and can the offer be
 * chosen at all. */
static gboolean
read_offer_for_registration (TrStore     *self,
                             const char  *offer_id,
                             gint64      *seats,
                             gint64      *taken,
                             GError     **error)
{
  g_autoptr(CachedStmt) stmt = use_statement (self, CACHED_READ_OFFER, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, offer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("There is no offer “%s” in the catalogue: choose an offer from the list"), offer_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self->db, rc, _("Could not save the registration"), error);
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The offer “%s” has been withdrawn from the catalogue: choose another offer"), offer_id);
      return FALSE;
    }
  *seats = sqlite3_column_int64 (stmt, 0);
  *taken = sqlite3_column_int64 (stmt, 2);
  return TRUE;
}

/* Under the write lock, so a code found free stays free until the insert. */
static char *
draw_free_code (TrStore *self, GError **error)
{
  g_autoptr(CachedStmt) stmt = use_statement (self, CACHED_CODE_TAKEN, error);

  if (stmt == NULL)
    return NULL;
  for (guint attempt = 0; attempt < MAX_CODE_DRAWS; attempt++)
    {
      g_autofree char *code = tr_code_generate ();
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        return g_steal_pointer (&code);
      if (rc != SQLITE_ROW)
        {
          set_sqlite_error (self->db, rc, _("Could not save the registration"), error);
          return NULL;
        }
    }
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
               _("Could not draw a free receipt code after %d tries: check the random number source"),
               MAX_CODE_DRAWS);
  return NULL;
}

static gboolean
insert_registration (TrStore        *self,
                     TrRegistration *registration,
                     GError        **error)
{
  g_autoptr(CachedStmt) stmt = use_statement (self, CACHED_INSERT_REGISTRATION, error);
  const char *values[] = {
    registration->session_id, registration->code, registration->created_at,
    registration->local_date, registration->kiosk_id, registration->offer_id,
    registration->status, registration->verdict, registration->answers_json,
    registration->flags_json, registration->person_json, registration->payload,
  };
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_CHECK)
    {
      /* The store writes the status and the flags itself: only the
       * caller's answers or personal details can fail json_valid (). */
      set_not_json_objects (error);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not save the registration"), error);
      return FALSE;
    }
  registration->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static char *
sign_receipt (const TrRegistration  *registration,
              const TrKeyPair       *keys,
              GError               **error)
{
  /* The facts only borrow the registration's strings. */
  TrReceiptFacts facts = {
    .kiosk_id = registration->kiosk_id, .code = registration->code,
    .offer_id = registration->offer_id, .date = registration->local_date,
    .status = registration->status,
  };

  return tr_receipt_sign (&facts, keys, error);
}

static gboolean
commit_registration (TrStore *self, GError **error)
{
  if (!run_cached (self, CACHED_COMMIT, _("Could not save the registration"), error))
    {
      rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

TrRegistration *
tr_store_register (TrStore                     *self,
                   const TrRegistrationRequest *request,
                   const TrKeyPair             *keys,
                   GError                     **error)
{
  g_autoptr(TrRegistration) registration = NULL;
  GError *local_error = NULL;
  gint64 seats, taken;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  if (!check_request (self, request, keys, error))
    return NULL;

  /* IMMEDIATE takes the write lock before the seats are counted: a second
   * process waits here (busy timeout) and then counts this one's seat. */
  if (!run_cached (self, CACHED_BEGIN_IMMEDIATE, _("Could not save the registration"), error))
    return NULL;

  registration = find_by_session (self, request->session_id, &local_error);
  if (local_error != NULL)
    goto failed;
  if (registration != NULL)
    {
      /* A retried commit: the first registration stands. */
      rollback (self->db);
      return g_steal_pointer (&registration);
    }

  if (!read_offer_for_registration (self, request->offer_id, &seats, &taken, &local_error))
    goto failed;
  if (taken >= seats && !request->accept_waiting_list)
    {
      g_set_error (&local_error, TR_ERROR, TR_ERROR_FULL, _("This training has no seat left"));
      goto failed;
    }

  registration = g_new0 (TrRegistration, 1);
  registration->session_id = g_strdup (request->session_id);
  registration->created_at = utc_iso (request->now);
  registration->local_date = tr_clock_local_date (request->now);
  registration->kiosk_id = g_strdup (self->kiosk_id);
  registration->offer_id = g_strdup (request->offer_id);
  registration->status = g_strdup (taken < seats ? "registered" : "waiting_list");
  registration->verdict = g_strdup (request->verdict);
  registration->answers_json = g_strdup (request->answers_json);
  registration->flags_json = flags_to_json (request->flags);
  registration->person_json = g_strdup (request->person_json);
  registration->code = draw_free_code (self, &local_error);
  if (registration->code == NULL)
    goto failed;
  registration->payload = sign_receipt (registration, keys, &local_error);
  if (registration->payload == NULL)
    goto failed;

  /* No event: events are what staff and automation did, and the
   * registration row already says all there is to say about itself. */
  if (!insert_registration (self, registration, &local_error))
    goto failed;
  /* Only after this returns may a receipt be shown. */
  if (!commit_registration (self, error))
    return NULL;
  return g_steal_pointer (&registration);

failed:
  rollback (self->db);
  g_propagate_error (error, local_error);
  return NULL;
}

TrRegistration *
tr_store_find_by_code (TrStore     *self,
                       const char  *code,
                       GError     **error)
{
  g_autofree char *canonical = NULL;
  TrRegistration *registration;
  GError *local_error = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);

  canonical = tr_code_normalise (code, error);
  if (canonical == NULL)
    return NULL;
  registration = find_registration (self, "SELECT " REGISTRATION_COLUMNS " FROM registrations r WHERE r.code = ?1",
                                    canonical, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (registration == NULL)
    g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                 _("No registration has the code %s: check the code on the receipt"), canonical);
  return registration;
}

gboolean
tr_store_cancel (TrStore     *self,
                 const char  *code,
                 const char  *reason,
                 GDateTime   *now,
                 GError     **error)
{
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at = NULL;
  g_autofree char *detail = NULL;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  registration = tr_store_find_by_code (self, code, error);
  if (registration == NULL)
    return FALSE;
  if (g_strcmp0 (registration->status, "cancelled") == 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration %s is already cancelled"), registration->code);
      return FALSE;
    }

  at = utc_iso (now);
  if (!exec (self->db, "BEGIN IMMEDIATE", _("Could not cancel the registration"), error))
    return FALSE;
  stmt = prepare (self->db,
                  "UPDATE registrations SET status = 'cancelled', cancelled_at = ?2, cancel_reason = ?3 "
                  "WHERE id = ?1 AND status != 'cancelled'", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, registration->id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reason != NULL ? reason : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not cancel the registration"), error);
      goto failed;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      /* Another program cancelled it since it was read. */
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration %s is already cancelled"), registration->code);
      goto failed;
    }
  /* The reason is typed by staff and may name the person: it stays out of
   * the events. */
  detail = event_detail ("code", registration->code, "offer", registration->offer_id, NULL);
  if (!tr_store_add_event (self, now, "cancel", detail, error))
    goto failed;
  return commit (self->db, _("Could not cancel the registration"), error);

failed:
  rollback (self->db);
  return FALSE;
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
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("“%s” cannot be a column name: use letters, digits and '_'"), key != NULL ? key : "");
      return FALSE;
    }
  return TRUE;
}

/* A JSON path to one member, whatever its name holds. */
static char *
member_path (const char *key, GError **error)
{
  return check_member_name (key, error) ? g_strdup_printf ("$.\"%s\"", key) : NULL;
}

/* Flags are stored as a JSON array of ids written by the store itself, and
 * ids hold no quote: the quoted id is found in the text exactly when the
 * array holds it, far faster than json_each on every row. */
static char *
quoted_flag (const char *flag_id, GError **error)
{
  return check_member_name (flag_id, error) ? g_strdup_printf ("\"%s\"", flag_id) : NULL;
}

/* Binds each key of @keys, from parameter @next on, as a path (or a flag id
 * when @as_path is FALSE). */
static gboolean
bind_keys (sqlite3_stmt        *stmt,
           const char * const  *keys,
           gboolean             as_path,
           int                 *next,
           GError             **error)
{
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      char *value = as_path ? member_path (keys[i], error) : quoted_flag (keys[i], error);

      if (value == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, (*next)++, value, -1, g_free);
    }
  return TRUE;
}

/* The day's query, with one extra column per value asked for: SQLite reads
 * the JSON columns, so the caller parses nothing. */
static sqlite3_stmt *
prepare_day_query (TrStore                     *self,
                   const char                  *date,
                   const TrRegistrationColumns *columns,
                   guint                       *n_values,
                   GError                     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " REGISTRATION_COLUMNS);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n_person = columns != NULL && columns->person_keys ? g_strv_length ((char **) columns->person_keys) : 0;
  guint n_answers = columns != NULL && columns->answer_keys ? g_strv_length ((char **) columns->answer_keys) : 0;
  guint n_flags = columns != NULL && columns->flag_ids ? g_strv_length ((char **) columns->flag_ids) : 0;
  int parameter = 2;

  for (guint i = 0; i < n_person; i++)
    g_string_append_printf (sql, ", json_extract (r.person, ?%d)", parameter++);
  for (guint i = 0; i < n_answers; i++)
    g_string_append_printf (sql, ", json_extract (r.answers, ?%d)", parameter++);
  for (guint i = 0; i < n_flags; i++)
    g_string_append_printf (sql, ", instr (r.flags, ?%d) > 0", parameter++);
  g_string_append (sql, " FROM registrations r WHERE r.local_date = ?1 ORDER BY r.created_at, r.id");

  stmt = prepare (self->db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  parameter = 2;
  if (columns != NULL &&
      (!bind_keys (stmt, columns->person_keys, TRUE, &parameter, error) ||
       !bind_keys (stmt, columns->answer_keys, TRUE, &parameter, error) ||
       !bind_keys (stmt, columns->flag_ids, FALSE, &parameter, error)))
    return NULL;
  *n_values = n_person + n_answers + n_flags;
  return g_steal_pointer (&stmt);
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
  g_autofree const char **values = NULL;
  guint n_values = 0;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!check_date_argument (date, error))
    return FALSE;
  stmt = prepare_day_query (self, date, columns, &n_values, error);
  if (stmt == NULL)
    return FALSE;

  offers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  values = g_new0 (const char *, n_values + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TrRegistration registration = { 0 };
      TrOffer *offer;

      borrow_registration_row (stmt, &registration);
      offer = cached_offer (self, offers, registration.offer_id != NULL ? registration.offer_id : "", error);
      if (offer == NULL)
        return FALSE;
      for (guint i = 0; i < n_values; i++)
        values[i] = (const char *) sqlite3_column_text (stmt, N_REGISTRATION_COLUMNS + i);
      if (!func (&registration, offer, values, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not read the registrations"), error);
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
  stmt = prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (date != NULL)
    sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TrCount *count = g_new0 (TrCount, 1);
      count->key = g_strdup (column_text (stmt, 0));
      count->count = (guint) sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (counts, count);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not count the registrations"), error);
      return NULL;
    }
  return g_steal_pointer (&counts);
}

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
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    describe (stmt, problems);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("Could not check the database"), error);
      return FALSE;
    }
  return TRUE;
}

static void
describe_integrity (sqlite3_stmt *stmt, GPtrArray *problems)
{
  const char *message = column_text (stmt, 0);

  if (g_strcmp0 (message, "ok") != 0)
    g_ptr_array_add (problems, g_strdup_printf (_("SQLite's integrity check: %s"), message));
}

static void
describe_foreign_key (sqlite3_stmt *stmt, GPtrArray *problems)
{
  g_ptr_array_add (problems,
                   g_strdup_printf (_("Row %lld of table %s points to a missing row of table %s"),
                                    (long long) sqlite3_column_int64 (stmt, 1), column_text (stmt, 0), column_text (stmt, 2)));
}

static void
describe_overbooked (sqlite3_stmt *stmt, GPtrArray *problems)
{
  g_ptr_array_add (problems,
                   g_strdup_printf (_("Offer %s is overbooked: %lld registered for %lld seats"),
                                    column_text (stmt, 0), (long long) sqlite3_column_int64 (stmt, 2),
                                    (long long) sqlite3_column_int64 (stmt, 1)));
}

static void
check_receipt (sqlite3_stmt *stmt,
               GHashTable   *own_key,
               GPtrArray    *problems)
{
  const char *code = column_text (stmt, 1);
  const char *status = column_text (stmt, 6);
  g_autoptr(TrReceiptFacts) facts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  if (!tr_code_is_valid (code))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Registration %lld has a malformed code “%s”"), (long long) id, code));

  facts = tr_receipt_verify (column_text (stmt, 2), own_key, &error);
  if (facts == NULL)
    {
      g_ptr_array_add (problems,
                       g_strdup_printf (_("The receipt of registration %lld (%s) does not verify: %s"),
                                        (long long) id, code, error->message));
      return;
    }
  if (g_strcmp0 (facts->code, code) != 0 ||
      g_strcmp0 (facts->kiosk_id, column_text (stmt, 3)) != 0 ||
      g_strcmp0 (facts->offer_id, column_text (stmt, 4)) != 0 ||
      g_strcmp0 (facts->date, column_text (stmt, 5)) != 0 ||
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

  stmt = prepare (self->db,
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
      set_sqlite_error (self->db, rc, _("Could not check the database"), error);
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
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Could not write %s to the disk: %s"),
               path, g_strerror (saved));
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
      set_sqlite_error (target, sqlite3_extended_errcode (target), _("Could not start the backup"), error);
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
      set_sqlite_error (NULL, rc, _("Could not copy the database"), error);
      return FALSE;
    }
  /* The copy is one self-contained file, not a WAL database. */
  return exec (target, "PRAGMA journal_mode = DELETE", _("Could not finish the backup"), error);
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
      int saved = errno;
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("Could not write in the folder %s: %s. Check that it can be written and has free space"),
                   directory, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (temporary, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (target, rc, _("Could not create the backup"), error);
      goto failed;
    }
  if (!copy_database (self->db, target, error))
    goto failed;
  rc = sqlite3_close (target);
  target = NULL;
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (NULL, rc, _("Could not finish the backup"), error);
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

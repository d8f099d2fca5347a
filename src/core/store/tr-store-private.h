/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-private.h — what the parts of TrStore (tr-store*.c) share. */
#pragma once

#include <sodium.h>
#include <sys/stat.h>

#include "tr-seal.h"
#include "tr-sqlite-private.h"
#include "tr-store.h"

G_BEGIN_DECLS

#define BUSY_TIMEOUT_MS 5000

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
  CACHED_READ_DETAILS,
  N_CACHED_STATEMENTS
} CachedStatement;

struct _TrStore
{
  GObject       parent_instance;
  sqlite3      *db;
  char         *path;
  dev_t         device;  /* the file opened, to notice it deleted or replaced */
  ino_t         inode;
  char         *kiosk_id;
  guint8        public_key[crypto_sign_PUBLICKEYBYTES];
  /* kiosk.conf's OfficeKey=, given when opening; else the database's, as
   * last read (office_key_known), read again by tr_store_get_office_key. */
  gboolean      office_key_from_config;
  gboolean      office_key_known;
  guint8        office_key[TR_OFFICE_KEY_BYTES];
  /* The office's own key, to open details: never set on a kiosk. */
  const TrOfficeKey *details_key;
  /* The next registration's seal, prepared ahead (tr_store_prepare_sealing). */
  TrSealPrepared *prepared_seal;
  sqlite3_stmt *cached[N_CACHED_STATEMENTS];
};

/* The id, the text columns, then woman, qpv and the sealed details. */
#define REGISTRATION_COLUMNS \
  "r.id, r.session_id, r.code, r.created_at, r.local_date, r.kiosk_id, r.offer_id, " \
  "r.status, r.verdict, r.flags, r.payload, r.cancel_reason, r.age_band, " \
  "r.woman, r.qpv, r.details"
#define N_REGISTRATION_COLUMNS 16
#define N_REGISTRATION_TEXT_COLUMNS 12

/* The setting that holds the office key saved by `tremplin-admin office-key`. */
#define SETTING_OFFICE_KEY "office_key"
/* Set while free pages may still hold personal details that were in clear
 * (schema 3 and before): the file is vacuumed, then it is removed. */
#define SETTING_CLEAR_PAGES_LEFT "details.clear_pages_left"

/* tr-store.c */

/* Opens a connection with the house settings, without migrating. */
sqlite3  *tr_store_open_connection (const char  *path,
                                    gboolean     create,
                                    const char  *vfs,
                                    GError     **error);
/* FALSE with TR_ERROR_STORAGE when the file opened is no longer at its path
 * (deleted or replaced): SQLite would go on writing into a file nobody sees. */
gboolean  tr_store_check_file      (TrStore     *self,
                                    GError     **error);
/* Reads this kiosk's identity again; leaves it unset when there is none. */
gboolean  tr_store_load_identity   (TrStore     *self,
                                    GError     **error);
/* "2026-11-28T13:05:09Z": how the store writes a time. */
char     *tr_store_utc_iso         (GDateTime   *time);
/* A JSON object of string members, given as NULL-terminated key, value
 * pairs: event details are built only from ids and counts. */
char     *tr_store_event_detail    (const char  *first_key,
                                    ...) G_GNUC_NULL_TERMINATED;

/* tr-store-schema.c */

/* Refuses a file of another program, or of a newer Tremplin, before
 * anything is changed. */
gboolean  tr_store_check_schema    (sqlite3     *db,
                                    const char  *path,
                                    GError     **error);
/* Brings the database to schema version @target. Personal details held
 * in clear by an older version are sealed to @office_key (NULL: the one
 * saved in the database), and the file then vacuumed. */
gboolean  tr_store_migrate         (sqlite3       *db,
                                    guint          target,
                                    const guint8  *office_key,
                                    GError       **error);

/* tr-store-settings.c */

/* *@value gets NULL when the setting is absent. */
gboolean  tr_store_read_setting    (sqlite3     *db,
                                    const char  *key,
                                    char       **value,
                                    GError     **error);
/* A NULL @value removes the setting. */
gboolean  tr_store_write_setting   (sqlite3     *db,
                                    const char  *key,
                                    const char  *value,
                                    GError     **error);

/* tr-store-details.c */

/* The coarse facts kept in clear beside the sealed details. */
typedef struct {
  const char *age_band;  /* static, or NULL when unknown */
  int         woman;     /* 1, 0 or -1 */
  gboolean    qpv;
} TrCoarse;

/* Checks that @person_json and @answers_json are JSON objects, the way
 * the clear columns' json_valid () constraints did (TR_ERROR_INVALID when
 * not), and derives the coarse facts from them, @flags_json and the day
 * @local_date. @stmt is TR_STORE_READ_DETAILS_SQL prepared on @db. */
#define TR_STORE_READ_DETAILS_SQL \
  "SELECT CASE WHEN json_valid (?1) THEN json_type (?1) = 'object' ELSE 0 END, " \
  "CASE WHEN json_valid (?2) THEN json_type (?2) = 'object' ELSE 0 END, " \
  "CASE WHEN json_valid (?1) THEN json_extract (?1, '$.birth_date') END, " \
  "CASE WHEN json_valid (?2) THEN json_extract (?2, '$.birth_date') END, " \
  "CASE WHEN json_valid (?2) THEN json_extract (?2, '$.gender') END, " \
  "CASE WHEN json_valid (?2) THEN json_extract (?2, '$.qpv') END"
gboolean  tr_store_read_details    (sqlite3       *db,
                                    sqlite3_stmt  *stmt,
                                    const char    *person_json,
                                    const char    *answers_json,
                                    const char    *flags_json,
                                    const char    *local_date,
                                    TrCoarse      *coarse,
                                    GError       **error);
/* {"person": @person_json, "answers": @answers_json} sealed to @office_key,
 * with @prepared when not NULL (consumed; made for that key); the clear
 * text is wiped. */
GBytes   *tr_store_seal_details    (const guint8   *office_key,
                                    TrSealPrepared *prepared,
                                    const char     *person_json,
                                    const char     *answers_json);
/* Reads the office key saved in the database: FALSE with @error when it is
 * damaged; TRUE with *@found FALSE when there is none. */
gboolean  tr_store_read_office_key (sqlite3       *db,
                                    guint8        *office_key,
                                    gboolean      *found,
                                    GError       **error);
/* For the walk over a day with the office's key: appends to @values (of
 * char *, wiped by the caller) the members @person_keys of the person and
 * @answer_keys of the answers in @details, NULL for each when @details is
 * NULL (erased). @code names the registration in errors. */
gboolean  tr_store_open_details_values (const TrOfficeKey   *key,
                                        const char          *code,
                                        GBytes              *details,
                                        const char * const  *person_keys,
                                        const char * const  *answer_keys,
                                        GPtrArray           *values,
                                        GError             **error);
/* Before any step of a migration from @version: an older database that
 * holds registrations, whose details are in clear, is refused unchanged
 * when there is no office key to seal them to (@office_key NULL, and none
 * saved in the database). */
gboolean  tr_store_check_can_seal  (sqlite3       *db,
                                    gint64         version,
                                    const guint8  *office_key,
                                    GError       **error);
/* The migration's own step: seals every registration's clear person and
 * answers to @office_key (NULL: the database's), fills the coarse columns,
 * and drops the clear columns; when any row was sealed, sets
 * SETTING_CLEAR_PAGES_LEFT. Runs inside the migration's transaction. */
gboolean  tr_store_seal_clear_rows (sqlite3       *db,
                                    const guint8  *office_key,
                                    GError       **error);

G_END_DECLS

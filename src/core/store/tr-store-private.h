/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-private.h — what the parts of TrStore (tr-store*.c) share. */
#pragma once

#include <sodium.h>
#include <sys/stat.h>

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
  sqlite3_stmt *cached[N_CACHED_STATEMENTS];
};

#define REGISTRATION_COLUMNS \
  "r.id, r.session_id, r.code, r.created_at, r.local_date, r.kiosk_id, r.offer_id, " \
  "r.status, r.verdict, r.answers, r.flags, r.person, r.payload, r.cancel_reason"
#define N_REGISTRATION_COLUMNS 14

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
/* Brings the database to schema version @target. */
gboolean  tr_store_migrate         (sqlite3     *db,
                                    guint        target,
                                    GError     **error);

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

G_END_DECLS

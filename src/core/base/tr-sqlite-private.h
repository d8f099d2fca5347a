/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sqlite-private.h — SQLite calls whose failures are worded for people.
 *
 * Internal to the store (tr-store*.c). Every failure is a TR_ERROR_STORAGE
 * whose message says what was being done, what to do about it when SQLite's
 * code tells (a full disk, a read-only file, a lock held too long, …), and
 * SQLite's own words.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* @doing: what failed, as "Could not save the registration". @db may be
 * NULL when there is no connection to ask. */
void          tr_sqlite_set_error   (sqlite3     *db,
                                     int          rc,
                                     const char  *doing,
                                     GError     **error);
sqlite3_stmt *tr_sqlite_prepare     (sqlite3     *db,
                                     const char  *sql,
                                     GError     **error);
/* Runs @sql, which returns no row. */
gboolean      tr_sqlite_exec        (sqlite3     *db,
                                     const char  *sql,
                                     const char  *doing,
                                     GError     **error);
/* Steps @stmt, which returns no row. */
gboolean      tr_sqlite_step_done   (sqlite3_stmt *stmt,
                                     const char   *doing,
                                     GError      **error);
/* Ends a failed transaction, if one is open. */
void          tr_sqlite_rollback    (sqlite3     *db);
/* Commits, or rolls back when the commit fails. */
gboolean      tr_sqlite_commit      (sqlite3     *db,
                                     const char  *doing,
                                     GError     **error);
/* The first column of the one row of @sql (a pragma, a count); @rc_out, if
 * not NULL, gets SQLite's code. */
gboolean      tr_sqlite_read_int    (sqlite3     *db,
                                     const char  *sql,
                                     gint64      *out,
                                     int         *rc_out,
                                     GError     **error);
/* A text column: "" for NULL, or a copy (NULL for NULL). */
const char   *tr_sqlite_column_text (sqlite3_stmt *stmt, int column);
char         *tr_sqlite_column_dup  (sqlite3_stmt *stmt, int column);

G_END_DECLS

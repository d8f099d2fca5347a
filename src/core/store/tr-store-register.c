/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-register.c — registering, finding and cancelling registrations.
 *
 * The registration path runs on statements prepared once per connection. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-code.h"
#include "tr-error.h"
#include "tr-text.h"
#include "tr-receipt.h"
#include "tr-store-private.h"

#define MAX_CODE_DRAWS 32

/* ---- the statement cache --------------------------------------------- */

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
    "offer_id, status, verdict, flags, payload, age_band, woman, qpv, details) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
  [CACHED_READ_DETAILS] = TR_STORE_READ_DETAILS_SQL,
};

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
      tr_sqlite_set_error (self->db, rc, _("Could not read the database"), error);
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

  if (stmt == NULL)
    return FALSE;
  if (!tr_sqlite_step_done (stmt, doing, error))
    return FALSE;
  return TRUE;
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
  g_free (registration->flags_json);
  g_free (registration->age_band);
  g_clear_pointer (&registration->details, g_bytes_unref);
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
  registration->session_id = tr_sqlite_column_dup (stmt, first + 1);
  registration->code = tr_sqlite_column_dup (stmt, first + 2);
  registration->created_at = tr_sqlite_column_dup (stmt, first + 3);
  registration->local_date = tr_sqlite_column_dup (stmt, first + 4);
  registration->kiosk_id = tr_sqlite_column_dup (stmt, first + 5);
  registration->offer_id = tr_sqlite_column_dup (stmt, first + 6);
  registration->status = tr_sqlite_column_dup (stmt, first + 7);
  registration->verdict = tr_sqlite_column_dup (stmt, first + 8);
  registration->flags_json = tr_sqlite_column_dup (stmt, first + 9);
  registration->payload = tr_sqlite_column_dup (stmt, first + 10);
  registration->cancel_reason = tr_sqlite_column_dup (stmt, first + 11);
  registration->age_band = tr_sqlite_column_dup (stmt, first + 12);
  registration->woman = sqlite3_column_type (stmt, first + 13) == SQLITE_NULL
                        ? -1 : sqlite3_column_int (stmt, first + 13);
  registration->qpv = sqlite3_column_int (stmt, first + 14) != 0;
  if (sqlite3_column_type (stmt, first + 15) != SQLITE_NULL)
    registration->details = g_bytes_new (sqlite3_column_blob (stmt, first + 15),
                                         (gsize) sqlite3_column_bytes (stmt, first + 15));
  return registration;
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
    tr_sqlite_set_error (self->db, rc, _("Could not read the registrations"), error);
  return NULL;
}

static TrRegistration *
find_registration (TrStore     *self,
                   const char  *sql,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = tr_sqlite_prepare (self->db, sql, error);

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

/* Checks what the caller gives, and reads the office key to seal to into
 * @office_key. */
static gboolean
check_request (TrStore                     *self,
               const TrRegistrationRequest *request,
               const TrKeyPair             *keys,
               guint8                      *office_key,
               GError                     **error)
{
  /* Another program may have run init since this one opened the file. */
  if (self->kiosk_id == NULL && !tr_store_load_identity (self, error))
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
  if (request->answers_json == NULL || request->person_json == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The answers and the personal details of a registration must be JSON objects"));
      return FALSE;
    }
  /* The key last read serves; the kiosk reads it again before each
   * walk-in (tr_kiosk_is_open), so a new one is taken up without a restart. */
  if (self->office_key_from_config || self->office_key_known)
    memcpy (office_key, self->office_key, TR_OFFICE_KEY_BYTES);
  else if (tr_store_get_office_key (self, office_key, error) == TR_STORE_OFFICE_KEY_NONE)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("This kiosk has no office key, so it cannot seal personal details: set OfficeKey= in "
                       "kiosk.conf, or run “tremplin-admin office-key KEY”, with the key the programme office gave"));
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
      g_autofree char *shown = tr_text_excerpt (offer_id);
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("There is no offer “%s” in the catalogue: choose an offer from the list"), shown);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not save the registration"), error);
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
          tr_sqlite_set_error (self->db, rc, _("Could not save the registration"), error);
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
    registration->status, registration->verdict, registration->flags_json,
    registration->payload, registration->age_band,
  };
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_STATIC);
  if (registration->woman >= 0)
    sqlite3_bind_int (stmt, 12, registration->woman);
  sqlite3_bind_int (stmt, 13, registration->qpv ? 1 : 0);
  sqlite3_bind_blob (stmt, 14, g_bytes_get_data (registration->details, NULL),
                     (int) g_bytes_get_size (registration->details), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, _("Could not save the registration"), error);
      return FALSE;
    }
  registration->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* Checks that the answers and the details are JSON objects, derives the
 * coarse facts and seals the rest: before the write lock, so that the
 * sealing never makes another kiosk program wait. */
static gboolean
seal_request (TrStore                     *self,
              const TrRegistrationRequest *request,
              const guint8                *office_key,
              TrRegistration              *registration,
              GError                     **error)
{
  g_autoptr(CachedStmt) stmt = use_statement (self, CACHED_READ_DETAILS, error);
  TrCoarse coarse;

  if (stmt == NULL ||
      !tr_store_read_details (self->db, stmt, request->person_json, request->answers_json,
                              registration->flags_json, registration->local_date, &coarse, error))
    return FALSE;
  registration->age_band = g_strdup (coarse.age_band);
  registration->woman = coarse.woman;
  registration->qpv = coarse.qpv;
  /* The seal prepared ahead, if it was for this key; else made now. */
  if (self->prepared_seal != NULL &&
      sodium_memcmp (tr_seal_prepared_office_key (self->prepared_seal), office_key, TR_OFFICE_KEY_BYTES) != 0)
    g_clear_pointer (&self->prepared_seal, tr_seal_prepared_free);
  registration->details = tr_store_seal_details (office_key, g_steal_pointer (&self->prepared_seal),
                                                 request->person_json, request->answers_json);
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
      tr_sqlite_rollback (self->db);
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
  g_autoptr(TrRegistration) found = NULL;
  GError *local_error = NULL;
  guint8 office_key[TR_OFFICE_KEY_BYTES];
  gint64 seats, taken;

  g_return_val_if_fail (TR_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  if (!check_request (self, request, keys, office_key, error) || !tr_store_check_file (self, error))
    return NULL;

  registration = g_new0 (TrRegistration, 1);
  registration->local_date = tr_clock_local_date (request->now);
  registration->flags_json = flags_to_json (request->flags);
  if (!seal_request (self, request, office_key, registration, error))
    return NULL;

  /* IMMEDIATE takes the write lock before the seats are counted: a second
   * process waits here (busy timeout) and then counts this one's seat. */
  if (!run_cached (self, CACHED_BEGIN_IMMEDIATE, _("Could not save the registration"), error))
    return NULL;

  found = find_by_session (self, request->session_id, &local_error);
  if (local_error != NULL)
    goto failed;
  if (found != NULL)
    {
      /* A retried commit: the first registration stands. */
      tr_sqlite_rollback (self->db);
      return g_steal_pointer (&found);
    }

  if (!read_offer_for_registration (self, request->offer_id, &seats, &taken, &local_error))
    goto failed;
  if (taken >= seats && !request->accept_waiting_list)
    {
      g_set_error (&local_error, TR_ERROR, TR_ERROR_FULL, _("This training has no seat left"));
      goto failed;
    }

  registration->session_id = g_strdup (request->session_id);
  registration->created_at = tr_store_utc_iso (request->now);
  registration->kiosk_id = g_strdup (self->kiosk_id);
  registration->offer_id = g_strdup (request->offer_id);
  registration->status = g_strdup (taken < seats ? "registered" : "waiting_list");
  registration->verdict = g_strdup (request->verdict);
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
  tr_sqlite_rollback (self->db);
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

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!tr_text_check_utf8 (reason, _("The reason"), error))
    return FALSE;
  registration = tr_store_find_by_code (self, code, error);
  if (registration == NULL)
    return FALSE;
  if (g_strcmp0 (registration->status, "cancelled") == 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration %s is already cancelled"), registration->code);
      return FALSE;
    }

  at = tr_store_utc_iso (now);
  if (!tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", _("Could not cancel the registration"), error))
    return FALSE;
  stmt = tr_sqlite_prepare (self->db,
                            "UPDATE registrations SET status = 'cancelled', cancelled_at = ?2, cancel_reason = ?3 "
                            "WHERE id = ?1 AND status != 'cancelled'", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, registration->id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reason != NULL ? reason : "", -1, SQLITE_STATIC);
  if (!tr_sqlite_step_done (stmt, _("Could not cancel the registration"), error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      /* Another program cancelled it since it was read. */
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration %s is already cancelled"), registration->code);
      goto failed;
    }
  /* The reason is typed by staff and may name the person: it stays out of
   * the events. */
  detail = tr_store_event_detail ("code", registration->code, "offer", registration->offer_id, NULL);
  if (!tr_store_add_event (self, now, "cancel", detail, error))
    goto failed;
  return tr_sqlite_commit (self->db, _("Could not cancel the registration"), error);

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

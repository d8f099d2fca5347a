/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-details.c — a registration's personal details, sealed to the
 * office key as they are stored: the coarse facts kept beside them, the
 * office key a kiosk seals to, the sealing of an older database's clear
 * rows, and the opening that only the office's key can do. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-seal.h"
#include "tr-text.h"
#include "tr-store-private.h"

/* ---- the coarse facts ------------------------------------------------ */

/* Flags are a JSON array of ids written by the store: the quoted id is in
 * the text exactly when the array holds it. */
static gboolean
has_flag (const char *flags_json, const char *quoted_id)
{
  return flags_json != NULL && strstr (flags_json, quoted_id) != NULL;
}

static const char *
age_band (const char *birth_date, const char *local_date, const char *flags_json)
{
  GDate birth, day;

  if (birth_date != NULL && local_date != NULL &&
      tr_clock_parse_date (birth_date, &birth) && tr_clock_parse_date (local_date, &day))
    {
      int age = tr_clock_age_on (&birth, &day);

      if (age < 26)
        return "under-26";
      if (age < 50)
        return "26-49";
      return "50-and-over";
    }
  /* No birth date: the rules' age flags still tell the two ends. */
  if (has_flag (flags_json, "\"under_26\""))
    return "under-26";
  if (has_flag (flags_json, "\"over_50\""))
    return "50-and-over";
  return NULL;
}

static int
woman (const char *gender, const char *flags_json)
{
  if (g_strcmp0 (gender, "woman") == 0)
    return 1;
  if (g_strcmp0 (gender, "man") == 0 || g_strcmp0 (gender, "other") == 0)
    return 0;
  /* "undisclosed", or not asked: unknown, unless the rules flagged it. */
  return has_flag (flags_json, "\"woman\"") ? 1 : -1;
}

static void
set_not_json_objects (GError **error)
{
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("The answers and the personal details of a registration must be JSON objects"));
}

gboolean
tr_store_read_details (sqlite3       *db,
                       sqlite3_stmt  *stmt,
                       const char    *person_json,
                       const char    *answers_json,
                       const char    *flags_json,
                       const char    *local_date,
                       TrCoarse      *coarse,
                       GError       **error)
{
  gboolean objects;
  int rc;

  *coarse = (TrCoarse) { .age_band = age_band (NULL, NULL, flags_json),
                         .woman = woman (NULL, flags_json),
                         .qpv = has_flag (flags_json, "\"qpv\"") };
  sqlite3_bind_text (stmt, 1, person_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, answers_json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (db, rc, _("Could not save the registration"), error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }
  objects = sqlite3_column_int (stmt, 0) != 0 && sqlite3_column_int (stmt, 1) != 0;
  if (objects)
    {
      const char *birth_date = (const char *) sqlite3_column_text (stmt, 3);

      if (birth_date == NULL)
        birth_date = (const char *) sqlite3_column_text (stmt, 2);
      coarse->age_band = age_band (birth_date, local_date, flags_json);
      coarse->woman = woman ((const char *) sqlite3_column_text (stmt, 4), flags_json);
      coarse->qpv = coarse->qpv || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "yes") == 0;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (!objects)
    set_not_json_objects (error);
  return objects;
}

/* ---- sealing ---------------------------------------------------------- */

GBytes *
tr_store_seal_details (const guint8   *office_key,
                       TrSealPrepared *prepared,
                       const char     *person_json,
                       const char     *answers_json)
{
  static const char head[] = "{\"person\":", middle[] = ",\"answers\":", tail[] = "}";
  gsize person_length = strlen (person_json), answers_length = strlen (answers_json);
  gsize length = sizeof head - 1 + person_length + sizeof middle - 1 + answers_length + sizeof tail - 1;
  char *clear = g_malloc (length);
  char *p = clear;
  GBytes *sealed;

  /* The two texts are JSON objects already (tr_store_read_details): put
   * side by side, they make the one object the office opens. */
  memcpy (p, head, sizeof head - 1);
  p += sizeof head - 1;
  memcpy (p, person_json, person_length);
  p += person_length;
  memcpy (p, middle, sizeof middle - 1);
  p += sizeof middle - 1;
  memcpy (p, answers_json, answers_length);
  p += answers_length;
  memcpy (p, tail, sizeof tail - 1);
  sealed = prepared != NULL ? tr_seal_with_prepared (prepared, clear, length) : tr_seal (office_key, clear, length);
  sodium_memzero (clear, length);
  g_free (clear);
  return sealed;
}

GBytes *
tr_registration_open_details (const TrRegistration  *registration,
                              const TrOfficeKey     *key,
                              GError               **error)
{
  g_return_val_if_fail (registration != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (registration->details == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The personal details of registration %s have been erased"),
                   registration->code != NULL ? registration->code : "?");
      return NULL;
    }
  return tr_unseal (key, g_bytes_get_data (registration->details, NULL),
                    g_bytes_get_size (registration->details), error);
}

/* ---- the office key ---------------------------------------------------- */

gboolean
tr_store_read_office_key (sqlite3   *db,
                          guint8    *office_key,
                          gboolean  *found,
                          GError   **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  *found = FALSE;
  if (!tr_store_read_setting (db, SETTING_OFFICE_KEY, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!tr_office_key_from_text (text, office_key, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("The office key saved in the database is damaged (%s): set it again with "
                     "“tremplin-admin office-key KEY”"), local_error->message);
      return FALSE;
    }
  *found = TRUE;
  return TRUE;
}

TrStoreOfficeKeySource
tr_store_get_office_key (TrStore  *self,
                         guint8   *office_key,
                         GError  **error)
{
  guint8 key[TR_OFFICE_KEY_BYTES];
  gboolean found;

  g_return_val_if_fail (TR_IS_STORE (self), TR_STORE_OFFICE_KEY_NONE);

  if (self->office_key_from_config)
    {
      if (office_key != NULL)
        memcpy (office_key, self->office_key, TR_OFFICE_KEY_BYTES);
      return TR_STORE_OFFICE_KEY_CONFIG;
    }
  if (!tr_store_read_office_key (self->db, key, &found, error) || !found)
    {
      self->office_key_known = FALSE;
      return TR_STORE_OFFICE_KEY_NONE;
    }
  memcpy (self->office_key, key, TR_OFFICE_KEY_BYTES);
  self->office_key_known = TRUE;
  if (office_key != NULL)
    memcpy (office_key, key, TR_OFFICE_KEY_BYTES);
  return TR_STORE_OFFICE_KEY_DATABASE;
}

gboolean
tr_store_save_office_key (TrStore       *self,
                          const guint8  *office_key,
                          GDateTime     *now,
                          GError       **error)
{
  const char *doing = _("Could not save the office key");
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (office_key != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  text = tr_office_key_to_text (office_key);
  detail = tr_store_event_detail ("office_key", text, NULL);
  if (!tr_store_check_file (self, error) ||
      !tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  if (!tr_store_write_setting (self->db, SETTING_OFFICE_KEY, text, error) ||
      !tr_store_add_event (self, now, "office-key", detail, error))
    {
      tr_sqlite_rollback (self->db);
      return FALSE;
    }
  if (!tr_sqlite_commit (self->db, doing, error))
    return FALSE;
  if (!self->office_key_from_config)
    {
      memcpy (self->office_key, office_key, TR_OFFICE_KEY_BYTES);
      self->office_key_known = TRUE;
    }
  return TRUE;
}

void
tr_store_prepare_sealing (TrStore *self)
{
  guint8 key[TR_OFFICE_KEY_BYTES];

  g_return_if_fail (TR_IS_STORE (self));

  if (tr_store_get_office_key (self, key, NULL) == TR_STORE_OFFICE_KEY_NONE)
    return;
  if (self->prepared_seal != NULL &&
      sodium_memcmp (tr_seal_prepared_office_key (self->prepared_seal), key, TR_OFFICE_KEY_BYTES) == 0)
    return;
  g_clear_pointer (&self->prepared_seal, tr_seal_prepared_free);
  self->prepared_seal = tr_seal_prepare (key);
}

void
tr_store_set_details_key (TrStore           *self,
                          const TrOfficeKey *key)
{
  g_return_if_fail (TR_IS_STORE (self));
  self->details_key = key;
}

/* ---- keeping them no longer than needed --------------------------------- */

/* What was overwritten lies in old WAL frames until they are reused: the
 * checkpoint copies the pages back and cuts the log. Another program
 * reading keeps it from being cut; the next erasure tries again. */
static void
cut_wal (TrStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = tr_sqlite_prepare (self->db, "PRAGMA wal_checkpoint (TRUNCATE)", NULL);

  if (stmt != NULL)
    sqlite3_step (stmt);
}

gboolean
tr_store_forget_exported (TrStore     *self,
                          guint        keep_days,
                          GDateTime   *now,
                          guint       *n_forgotten,
                          GError     **error)
{
  const char *doing = _("Could not delete the personal details kept too long");
  g_autoptr(sqlite3_stmt) days = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cutoff = NULL;
  guint total = 0;
  GDate day;
  int rc;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (n_forgotten != NULL)
    *n_forgotten = 0;
  tr_clock_local_gdate (now, &day);
  g_date_subtract_days (&day, keep_days);
  cutoff = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&day), g_date_get_month (&day),
                            g_date_get_day (&day));

  if (!tr_store_check_file (self, error) ||
      !tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  /* A registration made after its day's last export was never exported. */
#define FORGETTABLE \
  "r.details IS NOT NULL AND r.local_date < ?1 AND EXISTS (SELECT 1 FROM events e " \
  "WHERE e.kind = 'export' AND json_extract (e.detail, '$.date') = r.local_date AND e.at >= r.created_at)"
  days = tr_sqlite_prepare (self->db, "SELECT r.local_date, count(*) FROM registrations r WHERE " FORGETTABLE
                                      " GROUP BY r.local_date ORDER BY r.local_date", error);
  forget = days != NULL ? tr_sqlite_prepare (self->db, "UPDATE registrations AS r SET details = NULL WHERE "
                                                       FORGETTABLE, error)
                        : NULL;
#undef FORGETTABLE
  if (forget == NULL)
    goto failed;
  sqlite3_bind_text (days, 1, cutoff, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (days)) == SQLITE_ROW)
    {
      g_autofree char *count = g_strdup_printf ("%d", sqlite3_column_int (days, 1));

      total += (guint) sqlite3_column_int (days, 1);
      g_ptr_array_add (details, tr_store_event_detail ("date", tr_sqlite_column_text (days, 0),
                                                       "count", count, "reason", "retention", NULL));
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (self->db, rc, doing, error);
      goto failed;
    }
  sqlite3_bind_text (forget, 1, cutoff, -1, SQLITE_STATIC);
  if (!tr_sqlite_step_done (forget, doing, error))
    goto failed;
  for (guint i = 0; i < details->len; i++)
    if (!tr_store_add_event (self, now, "forget", details->pdata[i], error))
      goto failed;
  g_clear_pointer (&days, sqlite3_finalize);
  g_clear_pointer (&forget, sqlite3_finalize);
  if (!tr_sqlite_commit (self->db, doing, error))
    return FALSE;
  if (total > 0)
    cut_wal (self);
  if (n_forgotten != NULL)
    *n_forgotten = total;
  return TRUE;

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

gboolean
tr_store_erase_details (TrStore     *self,
                        const char  *code,
                        const char  *reason,
                        GDateTime   *now,
                        GError     **error)
{
  const char *doing = _("Could not erase the personal details");
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *trimmed = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;

  g_return_val_if_fail (TR_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (trimmed == NULL || *trimmed == '\0')
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("Say why the details are erased (for example “asked by the person”), without naming "
                     "the person"));
      return FALSE;
    }
  if (!tr_text_check_utf8 (reason, _("The reason"), error))
    return FALSE;
  registration = tr_store_find_by_code (self, code, error);
  if (registration == NULL)
    return FALSE;
  if (registration->details == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The personal details of registration %s have been erased already"), registration->code);
      return FALSE;
    }
  detail = tr_store_event_detail ("code", registration->code, "reason", trimmed, NULL);
  if (!tr_store_check_file (self, error) ||
      !tr_sqlite_exec (self->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  stmt = tr_sqlite_prepare (self->db, "UPDATE registrations SET details = NULL WHERE id = ?1 AND details IS NOT NULL",
                            error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, registration->id);
  if (!tr_sqlite_step_done (stmt, doing, error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      /* Another program erased them since they were read. */
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The personal details of registration %s have been erased already"), registration->code);
      goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!tr_store_add_event (self, now, "erase", detail, error) ||
      !tr_sqlite_commit (self->db, doing, error))
    goto failed;
  cut_wal (self);
  return TRUE;

failed:
  tr_sqlite_rollback (self->db);
  return FALSE;
}

/* ---- an older database's clear rows ------------------------------------ */

static void
set_no_office_key_for_migration (GError **error)
{
  g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
               _("This database comes from an older Tremplin and holds personal details in clear: "
                 "they must be sealed to the programme office's key before it can be used. Set "
                 "OfficeKey= in kiosk.conf (or run “tremplin-admin office-key KEY”) first, with the "
                 "key the office gave, then start again"));
}

gboolean
tr_store_check_can_seal (sqlite3       *db,
                         gint64         version,
                         const guint8  *office_key,
                         GError       **error)
{
  guint8 saved_key[TR_OFFICE_KEY_BYTES];
  gint64 n_rows = 0;
  gboolean found = FALSE;

  /* Before version 1 there is no registrations table; from 4 on nothing is
   * in clear. */
  if (version < 1 || version >= 4 || office_key != NULL)
    return TRUE;
  if (!tr_sqlite_read_int (db, "SELECT count(*) FROM registrations", &n_rows, NULL, error))
    return FALSE;
  if (n_rows == 0)
    return TRUE;
  /* The settings, and so a saved office key, came with version 3. */
  if (version >= 3 && !tr_store_read_office_key (db, saved_key, &found, error))
    return FALSE;
  if (!found)
    {
      set_no_office_key_for_migration (error);
      return FALSE;
    }
  return TRUE;
}

/* Every row's id, read before any is changed. */
static GArray *
read_row_ids (sqlite3 *db, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = tr_sqlite_prepare (db, "SELECT id FROM registrations ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      tr_sqlite_set_error (db, rc, _("Could not update the database to this version of Tremplin"), error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
seal_one_row (sqlite3       *db,
              sqlite3_stmt  *select,
              sqlite3_stmt  *read_details,
              sqlite3_stmt  *update,
              const guint8  *office_key,
              gint64         id,
              GError       **error)
{
  const char *doing = _("Could not update the database to this version of Tremplin");
  const char *person, *answers, *flags, *local_date;
  g_autoptr(GBytes) sealed = NULL;
  TrCoarse coarse;
  gboolean ok;
  int rc;

  sqlite3_bind_int64 (select, 1, id);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW)
    {
      tr_sqlite_set_error (db, rc, doing, error);
      sqlite3_reset (select);
      return FALSE;
    }
  person = tr_sqlite_column_text (select, 0);
  answers = tr_sqlite_column_text (select, 1);
  flags = tr_sqlite_column_text (select, 2);
  local_date = tr_sqlite_column_text (select, 3);
  /* The old columns' constraints made both valid JSON; one that is not an
   * object is sealed as it is, with only the flags' coarse facts. */
  (void) tr_store_read_details (db, read_details, person, answers, flags, local_date, &coarse, NULL);
  sealed = tr_store_seal_details (office_key, NULL, person, answers);
  sqlite3_reset (select);

  if (coarse.age_band != NULL)
    sqlite3_bind_text (update, 1, coarse.age_band, -1, SQLITE_STATIC);
  if (coarse.woman >= 0)
    sqlite3_bind_int (update, 2, coarse.woman);
  sqlite3_bind_int (update, 3, coarse.qpv ? 1 : 0);
  sqlite3_bind_blob (update, 4, g_bytes_get_data (sealed, NULL), (int) g_bytes_get_size (sealed), SQLITE_STATIC);
  sqlite3_bind_int64 (update, 5, id);
  ok = tr_sqlite_step_done (update, doing, error);
  sqlite3_reset (update);
  sqlite3_clear_bindings (update);
  return ok;
}

gboolean
tr_store_seal_clear_rows (sqlite3       *db,
                          const guint8  *office_key,
                          GError       **error)
{
  const char *doing = _("Could not update the database to this version of Tremplin");
  g_autoptr(GArray) ids = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) read_details = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  guint8 saved_key[TR_OFFICE_KEY_BYTES];

  ids = read_row_ids (db, error);
  if (ids == NULL)
    return FALSE;
  if (ids->len > 0)
    {
      gboolean found = FALSE;

      if (office_key == NULL)
        {
          if (!tr_store_read_office_key (db, saved_key, &found, error))
            return FALSE;
          if (!found)
            {
              set_no_office_key_for_migration (error);
              return FALSE;
            }
          office_key = saved_key;
        }
      select = tr_sqlite_prepare (db, "SELECT person, answers, flags, local_date FROM registrations WHERE id = ?1",
                                  error);
      read_details = select != NULL ? tr_sqlite_prepare (db, TR_STORE_READ_DETAILS_SQL, error) : NULL;
      update = read_details != NULL
               ? tr_sqlite_prepare (db, "UPDATE registrations SET age_band = ?1, woman = ?2, qpv = ?3, details = ?4 "
                                        "WHERE id = ?5", error)
               : NULL;
      if (update == NULL)
        return FALSE;
      for (guint i = 0; i < ids->len; i++)
        if (!seal_one_row (db, select, read_details, update, office_key, g_array_index (ids, gint64, i), error))
          return FALSE;
      if (!tr_store_write_setting (db, SETTING_CLEAR_PAGES_LEFT, "1", error))
        return FALSE;
    }
  return tr_sqlite_exec (db,
                         "ALTER TABLE registrations DROP COLUMN person;"
                         "ALTER TABLE registrations DROP COLUMN answers;",
                         doing, error);
}

/* ---- the office reading details --------------------------------------- */

/* The text of a member as json_extract would give it: a string as it is,
 * a number or true/false as text, NULL for null or absent. */
static char *
member_text (JsonObject *object, const char *key)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "1" : "0");
      if (type == G_TYPE_DOUBLE)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];
          return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
        }
    }
  return json_to_string (node, FALSE);
}

static JsonObject *
object_member (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
tr_store_open_details_values (const TrOfficeKey   *key,
                              const char          *code,
                              GBytes              *details,
                              const char * const  *person_keys,
                              const char * const  *answer_keys,
                              GPtrArray           *values,
                              GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) clear = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root = NULL;

  if (details != NULL)
    {
      clear = tr_unseal (key, g_bytes_get_data (details, NULL), g_bytes_get_size (details), &local_error);
      if (clear == NULL)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("Registration %s: %s"), code, local_error->message);
          return FALSE;
        }
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, g_bytes_get_data (clear, NULL),
                                       (gssize) g_bytes_get_size (clear), NULL) ||
          json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("Registration %s: the sealed details are not the JSON object they should be"), code);
          return FALSE;
        }
      root = json_node_get_object (json_parser_get_root (parser));
    }
  for (guint i = 0; person_keys != NULL && person_keys[i] != NULL; i++)
    g_ptr_array_add (values, root != NULL ? member_text (object_member (root, "person"), person_keys[i]) : NULL);
  for (guint i = 0; answer_keys != NULL && answer_keys[i] != NULL; i++)
    g_ptr_array_add (values, root != NULL ? member_text (object_member (root, "answers"), answer_keys[i]) : NULL);
  return TRUE;
}

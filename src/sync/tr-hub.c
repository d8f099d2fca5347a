/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-hub.c — the hub client: connection, migrations, the kiosk's calls and the office's, over libpq. */
#include "config.h"

#include "tr-hub.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <string.h>

#include "tr-catalogue.h"
#include "tr-json.h"
#include "tr-offer.h"
#include "tr-receipt.h"
#include "tr-rules.h"

G_DEFINE_QUARK (tr-hub-error-quark, tr_hub_error)

struct _TrHub {
  PGconn *conn;
  char   *kiosk_id;
};

const char *
tr_hub_get_kiosk_id (TrHub *hub)
{
  return hub->kiosk_id;
}

/* What an error of SQLSTATE @state (NULL: none) means to the kiosk. */
static TrHubErrorCode
error_code_for (TrHub *hub, const char *state)
{
  if (PQstatus (hub->conn) != CONNECTION_OK || (state && g_str_has_prefix (state, "08")))
    return TR_HUB_ERROR_UNREACHABLE;
  if (g_strcmp0 (state, "TR001") == 0)
    return TR_HUB_ERROR_REVOKED;
  if (g_strcmp0 (state, "42501") == 0 || (state && g_str_has_prefix (state, "28")))
    return TR_HUB_ERROR_REFUSED;
  return TR_HUB_ERROR_FAILED;
}

/* One error from what libpq said: a failed connection or a refusal from the
 * hub's functions (their SQLSTATE), in one line. */
static void
set_error_from (TrHub *hub, PGresult *result, const char *doing, GError **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *message = g_strdup (primary ? primary : PQerrorMessage (hub->conn));

  g_strstrip (message);
  g_set_error (error, TR_HUB_ERROR, error_code_for (hub, state), "hub: %s: %s", doing, message);
}

TrHub *
tr_hub_connect (const char *conninfo, const char *kiosk_id, GError **error)
{
  g_autofree char *info = NULL;
  g_autoptr (TrHub) hub = g_new0 (TrHub, 1);

  if (kiosk_id && !tr_kiosk_id_check (kiosk_id, error))
    return NULL;
  info = g_strdup (conninfo ? conninfo : "");
  if (!strstr (info, "connect_timeout"))
    {
      /* A URI takes its options after '?', a key=value string after a space. */
      if (g_str_has_prefix (info, "postgres"))
        {
          char *longer = g_strconcat (info, strchr (info, '?') ? "&" : "?", "connect_timeout=5", NULL);
          g_free (info);
          info = longer;
        }
      else
        {
          char *longer = g_strconcat (info, " connect_timeout=5", NULL);
          g_free (info);
          info = longer;
        }
    }
  hub->kiosk_id = g_strdup (kiosk_id);
  hub->conn = PQconnectdb (info);
  if (PQstatus (hub->conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (hub->conn));
      TrHubErrorCode code = TR_HUB_ERROR_UNREACHABLE;

      g_strstrip (message);
      /* Only the server's own words tell a refusal from a network failure. */
      if (strstr (message, "is not permitted to log in"))
        code = TR_HUB_ERROR_REVOKED;
      else if (strstr (message, "authentication failed") || strstr (message, "no pg_hba.conf entry")
               || strstr (message, "permission denied"))
        code = TR_HUB_ERROR_REFUSED;
      g_set_error (error, TR_HUB_ERROR, code, "hub: cannot connect: %s", message);
      return NULL;
    }
  return g_steal_pointer (&hub);
}

void
tr_hub_free (TrHub *hub)
{
  if (!hub)
    return;
  if (hub->conn)
    PQfinish (hub->conn);
  g_free (hub->kiosk_id);
  g_free (hub);
}

const char *
tr_hub_default_sql_dir (void)
{
  const char *dir = g_getenv ("TREMPLIN_HUB_SQL_DIR");
  return dir && *dir ? dir : PKGDATADIR "/hub";
}

/* Runs @sql with text parameters (binary where @binary[i]); returns the
 * result on success (caller clears it), NULL with @error set. */
static PGresult *
run (TrHub *hub, const char *doing, const char *sql, int n,
     const char *const *values, const int *lengths, const int *binary, GError **error)
{
  PGresult *result = PQexecParams (hub->conn, sql, n, NULL, values, lengths, binary, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;
  set_error_from (hub, result, doing, error);
  PQclear (result);
  return NULL;
}

static gboolean
exec_simple (TrHub *hub, const char *doing, const char *sql, GError **error)
{
  /* PQexec: several statements at once, which PQexecParams refuses. */
  PGresult *result = PQexec (hub->conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_error_from (hub, result, doing, error);
      PQclear (result);
      return FALSE;
    }
  PQclear (result);
  return TRUE;
}

static gboolean
require_kiosk (TrHub *hub, GError **error)
{
  if (hub->kiosk_id)
    return TRUE;
  g_set_error_literal (error, TR_HUB_ERROR, TR_HUB_ERROR_FAILED,
                       "hub: this connection is the office's, not a kiosk's");
  return FALSE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

gboolean
tr_hub_migrate (TrHub *hub, const char *sql_dir, guint *applied, GError **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint count = 0;

  if (applied)
    *applied = 0;
  if (!sql_dir)
    sql_dir = tr_hub_default_sql_dir ();
  dir = g_dir_open (sql_dir, 0, error);
  if (!dir)
    return FALSE;
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".sql") && g_ascii_isdigit (name[0]) && g_ascii_isdigit (name[1])
        && g_ascii_isdigit (name[2]) && name[3] == '-')
      g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    {
      g_set_error (error, TR_HUB_ERROR, TR_HUB_ERROR_FAILED,
                   "hub: no NNN-*.sql migration in %s: point TREMPLIN_HUB_SQL_DIR at src/hub/sql", sql_dir);
      return FALSE;
    }
  g_ptr_array_sort (names, compare_names);

  if (!exec_simple (hub, "recording migrations",
                    "CREATE SCHEMA IF NOT EXISTS hub;"
                    "CREATE TABLE IF NOT EXISTS hub.schema_migrations ("
                    " version integer PRIMARY KEY, name text NOT NULL,"
                    " applied_at timestamptz NOT NULL DEFAULT now());"
                    "REVOKE ALL ON hub.schema_migrations FROM PUBLIC", error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (sql_dir, file, NULL);
      g_autofree char *sql = NULL;
      g_autofree char *version = g_strndup (file, 3);
      const char *values[2] = { version, file };
      PGresult *result;
      gboolean done;

      if (!exec_simple (hub, "starting a migration", "BEGIN", error))
        return FALSE;
      /* Two offices migrating at once: the second waits, then skips. */
      if (!exec_simple (hub, "locking the migrations",
                        "LOCK TABLE hub.schema_migrations IN EXCLUSIVE MODE", error))
        goto fail;
      result = run (hub, "reading the migrations",
                    "SELECT 1 FROM hub.schema_migrations WHERE version = $1::integer",
                    1, values, NULL, NULL, error);
      if (!result)
        goto fail;
      done = PQntuples (result) > 0;
      PQclear (result);
      if (done)
        {
          if (!exec_simple (hub, "ending a migration", "COMMIT", error))
            return FALSE;
          continue;
        }
      if (!g_file_get_contents (path, &sql, NULL, error))
        goto fail;
      result = PQexec (hub->conn, sql);
      if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        {
          g_autofree char *doing = g_strdup_printf ("migration %s", file);
          set_error_from (hub, result, doing, error);
          PQclear (result);
          goto fail;
        }
      PQclear (result);
      result = run (hub, "recording a migration",
                    "INSERT INTO hub.schema_migrations (version, name) VALUES ($1::integer, $2)",
                    2, values, NULL, NULL, error);
      if (!result)
        goto fail;
      PQclear (result);
      if (!exec_simple (hub, "ending a migration", "COMMIT", error))
        return FALSE;
      count++;
    }
  if (applied)
    *applied = count;
  return TRUE;

fail:
  PQclear (PQexec (hub->conn, "ROLLBACK"));
  return FALSE;
}

/* @rows as hub.submit_registrations takes them: a JSON array of objects
 * named after hub.store_registration's arguments. */
static char *
rows_json (const TrHubRow *rows, guint n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const TrHubRow *row = &rows[i];
      g_autofree char *details = NULL;

      if (row->details)
        {
          gsize size = 0;
          const guchar *data = g_bytes_get_data (row->details, &size);

          details = g_base64_encode (data, size);
        }
      json_builder_begin_object (builder);
      tr_json_add_text (builder, "session_id", row->session_id);
      tr_json_add_text (builder, "code", row->code);
      tr_json_add_number (builder, "local_id", row->local_id);
      tr_json_add_text (builder, "created_at", row->created_at);
      tr_json_add_text (builder, "local_date", row->local_date);
      tr_json_add_text (builder, "offer_id", row->offer_id);
      tr_json_add_text (builder, "status", row->status);
      tr_json_add_text (builder, "verdict", row->verdict);
      tr_json_add_text (builder, "flags", row->flags ? row->flags : "[]");
      tr_json_add_text (builder, "payload", row->payload);
      tr_json_add_text (builder, "age_band", row->age_band);
      json_builder_set_member_name (builder, "woman");
      if (row->woman < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, row->woman ? 1 : 0);
      tr_json_add_number (builder, "qpv", row->qpv ? 1 : 0);
      tr_json_add_text (builder, "details", details);
      tr_json_add_text (builder, "cancelled_at", row->cancelled_at);
      tr_json_add_text (builder, "cancel_reason", row->cancel_reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
tr_hub_submit_many (TrHub           *hub,
                    const TrHubRow  *rows,
                    guint            n,
                    gboolean        *duplicates,
                    GError         **row_errors,
                    GError         **error)
{
  g_autofree char *json = NULL;
  const char *values[2];
  GError *refusal = NULL;
  PGresult *result;
  int answers;

  if (!require_kiosk (hub, error))
    return FALSE;
  if (n == 0)
    return TRUE;
  json = rows_json (rows, n);
  values[0] = hub->kiosk_id;
  values[1] = json;
  memset (duplicates, 0, n * sizeof *duplicates);
  memset (row_errors, 0, n * sizeof *row_errors);
  result = run (hub, "sending registrations",
                "SELECT place, answer, error_state, error_message"
                " FROM hub.submit_registrations($1, $2::jsonb)",
                2, values, NULL, NULL, &refusal);
  if (result == NULL)
    {
      if (refusal->code == TR_HUB_ERROR_UNREACHABLE)
        {
          g_propagate_error (error, refusal);
          return FALSE;
        }
      /* The hub refused the kiosk itself (revoked…): every row, as when
       * each was sent alone. */
      for (guint i = 0; i < n; i++)
        row_errors[i] = g_error_copy (refusal);
      g_error_free (refusal);
      return TRUE;
    }
  answers = PQntuples (result);
  for (int a = 0; a < answers; a++)
    {
      gint64 place = g_ascii_strtoll (PQgetvalue (result, a, 0), NULL, 10);
      guint i = (guint) (place - 1);

      if (place < 1 || place > n)
        continue;
      if (PQgetisnull (result, a, 2))
        duplicates[i] = g_str_equal (PQgetvalue (result, a, 1), "duplicate");
      else
        g_set_error (&row_errors[i], TR_HUB_ERROR, error_code_for (hub, PQgetvalue (result, a, 2)),
                     "hub: sending a registration: %s", PQgetvalue (result, a, 3));
    }
  PQclear (result);
  if (answers != (int) n)
    {
      for (guint i = 0; i < n; i++)
        g_clear_error (&row_errors[i]);
      g_set_error (error, TR_HUB_ERROR, TR_HUB_ERROR_FAILED,
                   "hub: sending registrations: %d answers for %u registrations", answers, n);
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_hub_cancel (TrHub *hub, const char *code, const char *cancelled_at, const char *reason,
               gboolean *duplicate, GError **error)
{
  const char *values[4] = { hub->kiosk_id, code, cancelled_at, reason };
  PGresult *result;

  if (!require_kiosk (hub, error))
    return FALSE;
  result = run (hub, "sending a cancellation",
                "SELECT hub.cancel_registration($1, $2, $3::timestamptz, $4)",
                4, values, NULL, NULL, error);
  if (!result)
    return FALSE;
  if (duplicate)
    *duplicate = g_strcmp0 (PQgetvalue (result, 0, 0), "duplicate") == 0;
  PQclear (result);
  return TRUE;
}

gboolean
tr_hub_take_lease (TrHub *hub, const char *offer_id, guint wanted, guint *held,
                   gint64 *expires_at, GError **error)
{
  g_autofree char *wanted_text = g_strdup_printf ("%u", wanted);
  const char *values[3] = { hub->kiosk_id, offer_id, wanted_text };
  PGresult *result;

  if (!require_kiosk (hub, error))
    return FALSE;
  result = run (hub, "taking seats",
                "SELECT held, extract(epoch FROM expires_at)::bigint FROM hub.take_lease($1, $2, $3::integer)",
                3, values, NULL, NULL, error);
  if (!result)
    return FALSE;
  if (held)
    *held = (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
  if (expires_at)
    *expires_at = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
  PQclear (result);
  return TRUE;
}

gboolean
tr_hub_return_lease (TrHub *hub, const char *offer_id, guint count, guint *held, GError **error)
{
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  const char *values[3] = { hub->kiosk_id, offer_id, count_text };
  PGresult *result;

  if (!require_kiosk (hub, error))
    return FALSE;
  result = run (hub, "returning seats", "SELECT hub.return_lease($1, $2, $3::integer)",
                3, values, NULL, NULL, error);
  if (!result)
    return FALSE;
  if (held)
    *held = (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return TRUE;
}

GHashTable *
tr_hub_free_seats (TrHub *hub, GError **error)
{
  const char *values[1] = { hub->kiosk_id };
  g_autoptr(GHashTable) free = NULL;
  PGresult *result;

  if (!require_kiosk (hub, error))
    return NULL;
  result = run (hub, "reading the free seats", "SELECT offer_id, free FROM hub.free_seats($1)",
                1, values, NULL, NULL, error);
  if (!result)
    return NULL;
  free = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_replace (free, g_strdup (PQgetvalue (result, i, 0)),
                          GUINT_TO_POINTER ((guint) g_ascii_strtoull (PQgetvalue (result, i, 1), NULL, 10)));
  PQclear (result);
  return g_steal_pointer (&free);
}

gboolean
tr_hub_report_unsent (TrHub *hub, guint unsent, GError **error)
{
  g_autofree char *unsent_text = g_strdup_printf ("%u", unsent);
  const char *values[2] = { hub->kiosk_id, unsent_text };
  PGresult *result;

  if (!require_kiosk (hub, error))
    return FALSE;
  result = run (hub, "reporting what is not sent", "SELECT hub.report_unsent($1, $2::integer)",
                2, values, NULL, NULL, error);
  PQclear (result);
  return result != NULL;
}

void
tr_hub_publication_free (TrHubPublication *publication)
{
  if (!publication)
    return;
  g_free (publication->kind);
  g_clear_pointer (&publication->payload, g_bytes_unref);
  g_clear_error (&publication->problem);
  g_free (publication);
}

GBytes *
tr_hub_publication_message (gint64 version, const char *kind, GBytes *payload)
{
  g_autoptr (GByteArray) message = g_byte_array_new ();
  g_autofree char *head = g_strdup_printf ("tremplin-publication-v1\n%" G_GINT64_FORMAT "\n%s\n", version, kind);
  gsize size;
  const guint8 *data = g_bytes_get_data (payload, &size);

  g_byte_array_append (message, (const guint8 *) head, strlen (head));
  if (size)
    g_byte_array_append (message, data, size);
  return g_byte_array_free_to_bytes (g_steal_pointer (&message));
}

gboolean
tr_hub_publication_check (const char *kind, GBytes *payload, GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (payload, &size);
  g_autoptr (GError) local = NULL;

  if (g_strcmp0 (kind, "catalogue") == 0)
    {
      g_autoptr (GPtrArray) offers = NULL;
      g_autofree char *text = g_strndup (data ? data : "", size);

      offers = tr_catalogue_parse (text, size, "catalogue", &local);
      if (offers)
        return TRUE;
    }
  else if (g_strcmp0 (kind, "rules") == 0)
    {
      g_autoptr (TrRules) rules = tr_rules_new_from_data (data ? data : "", size, "rules", &local);
      if (rules)
        return TRUE;
    }
  else if (g_strcmp0 (kind, "trust-list") == 0)
    {
      if (g_utf8_validate (data ? data : "", size, NULL))
        return TRUE;
      local = g_error_new_literal (TR_HUB_ERROR, TR_HUB_ERROR_BAD_PUBLICATION, "not UTF-8 text");
    }
  else
    local = g_error_new (TR_HUB_ERROR, TR_HUB_ERROR_BAD_PUBLICATION, "unknown kind %s", kind);
  g_set_error (error, TR_HUB_ERROR, TR_HUB_ERROR_BAD_PUBLICATION,
               "hub: the %s publication does not load: %s", kind, local->message);
  return FALSE;
}

/* Row @i of a binary result (version, kind, payload, signature), checked
 * against @office_key and loaded once: its problem says why it must not be
 * used (and is logged, for a kiosk's journal, when @log). */
static TrHubPublication *
publication_from_row (PGresult *result, int i, const guint8 *office_key, gboolean log)
{
  TrHubPublication *publication = g_new0 (TrHubPublication, 1);
  const char *raw_version = PQgetvalue (result, i, 0);
  guint64 version = 0;
  g_autoptr (GBytes) message = NULL;
  gsize message_size;
  const guint8 *message_data;

  for (int b = 0; b < 8; b++)
    version = (version << 8) | (guint8) raw_version[b];
  publication->version = (gint64) version;
  publication->kind = g_strndup (PQgetvalue (result, i, 1), PQgetlength (result, i, 1));
  publication->payload = g_bytes_new (PQgetvalue (result, i, 2), PQgetlength (result, i, 2));
  message = tr_hub_publication_message (publication->version, publication->kind, publication->payload);
  message_data = g_bytes_get_data (message, &message_size);
  if (PQgetlength (result, i, 3) != TR_OFFICE_SIGNATURE_BYTES
      || !tr_office_key_verify (office_key, message_data, message_size,
                                (const guint8 *) PQgetvalue (result, i, 3)))
    publication->problem = g_error_new (TR_HUB_ERROR, TR_HUB_ERROR_BAD_SIGNATURE,
                                        "hub: publication %" G_GINT64_FORMAT " (%s) is not signed by the office key: it is ignored",
                                        publication->version, publication->kind);
  else
    tr_hub_publication_check (publication->kind, publication->payload, &publication->problem);
  if (publication->problem && log)
    g_message ("%s", publication->problem->message);
  return publication;
}

gboolean
tr_hub_latest_publication (TrHub *hub, const char *kind, const guint8 *office_key,
                           TrHubPublication **publication, guint *n_refused, GError **error)
{
  const char *values[1] = { kind };
  PGresult *result;

  *publication = NULL;
  if (n_refused)
    *n_refused = 0;
  /* Binary results: the payload and signature come as they were stored. */
  result = PQexecParams (hub->conn,
                         "SELECT version, kind, payload, signature FROM hub.publications"
                         " WHERE kind = $1 ORDER BY version DESC",
                         1, NULL, values, NULL, NULL, 1);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      set_error_from (hub, result, "reading publications", error);
      PQclear (result);
      return FALSE;
    }
  for (int i = 0; i < PQntuples (result) && *publication == NULL; i++)
    {
      g_autoptr (TrHubPublication) candidate = publication_from_row (result, i, office_key, FALSE);

      if (candidate->problem == NULL)
        *publication = g_steal_pointer (&candidate);
      else if (n_refused)
        (*n_refused)++;
    }
  PQclear (result);
  return TRUE;
}

/* A text column of a binary result: its bytes, which libpq ends with a NUL. */
static const char *
text_or_null (PGresult *result, int column)
{
  return PQgetisnull (result, 0, column) ? NULL : PQgetvalue (result, 0, column);
}

gboolean
tr_hub_foreach_registration (TrHub *hub, const char *from_date, const char *to_date,
                             TrHubRegistrationFunc func, gpointer user_data, GError **error)
{
  const char *values[2] = { from_date, to_date };
  GError *stopped = NULL;
  PGresult *result;

  /* Binary results (every column but the details cast to text, whose binary
   * form is its bytes), one row at a time: a season of registrations never
   * sits whole in memory. */
  if (!PQsendQueryParams (hub->conn,
                          "SELECT kiosk_id, code, local_date::text, offer_id, status, flags::text,"
                          " (cancelled_at IS NOT NULL)::text, details,"
                          " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                          " to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
                          " verdict, payload, cancel_reason FROM hub.registrations"
                          " WHERE ($1::date IS NULL OR local_date >= $1::date)"
                          " AND ($2::date IS NULL OR local_date <= $2::date)"
                          " ORDER BY local_date, created_at, kiosk_id, local_id, code",
                          2, NULL, values, NULL, NULL, 1)
      || !PQsetSingleRowMode (hub->conn))
    {
      set_error_from (hub, NULL, "reading the registrations", error);
      while ((result = PQgetResult (hub->conn)))
        PQclear (result);
      return FALSE;
    }
  /* Every result is read to the end, even after a failure: the connection
   * is usable again only then. */
  while ((result = PQgetResult (hub->conn)))
    {
      ExecStatusType status = PQresultStatus (result);

      if (status == PGRES_SINGLE_TUPLE && stopped == NULL)
        {
          TrHubRegistration registration = {
            .kiosk_id = text_or_null (result, 0),
            .code = text_or_null (result, 1),
            .local_date = text_or_null (result, 2),
            .offer_id = text_or_null (result, 3),
            .status = text_or_null (result, 4),
            .flags = text_or_null (result, 5),
            .cancelled = g_strcmp0 (text_or_null (result, 6), "true") == 0,
            .details = PQgetisnull (result, 0, 7) ? NULL : PQgetvalue (result, 0, 7),
            .details_size = PQgetisnull (result, 0, 7) ? 0 : (gsize) PQgetlength (result, 0, 7),
            .created_at = text_or_null (result, 8),
            .received_at = text_or_null (result, 9),
            .verdict = text_or_null (result, 10),
            .payload = text_or_null (result, 11),
            .cancel_reason = text_or_null (result, 12),
          };

          if (!func (&registration, user_data, &stopped) && stopped == NULL)
            stopped = g_error_new_literal (TR_HUB_ERROR, TR_HUB_ERROR_FAILED, "hub: reading the registrations stopped");
        }
      else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && stopped == NULL)
        set_error_from (hub, result, "reading the registrations", &stopped);
      PQclear (result);
    }
  if (stopped != NULL)
    {
      g_propagate_error (error, stopped);
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_hub_fetch_publications (TrHub *hub, gint64 since, const guint8 *office_key,
                           GPtrArray **publications, GError **error)
{
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  const char *values[2] = { hub->kiosk_id, since_text };
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_hub_publication_free);
  PGresult *result;

  if (!require_kiosk (hub, error))
    return FALSE;
  /* Binary results: the payload and signature come as they were stored. */
  result = PQexecParams (hub->conn,
                         "SELECT version, kind, payload, signature FROM hub.publications_since($1, $2::bigint)",
                         2, NULL, values, NULL, NULL, 1);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      set_error_from (hub, result, "reading publications", error);
      PQclear (result);
      return FALSE;
    }
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (list, publication_from_row (result, i, office_key, TRUE));
  PQclear (result);
  *publications = g_steal_pointer (&list);
  return TRUE;
}

gboolean
tr_hub_publish (TrHub *hub, const TrOfficeKey *key, const char *kind, GBytes *payload,
                gint64 *version, GError **error)
{
  g_autoptr (GString) seats = NULL;
  guint8 signature[TR_OFFICE_SIGNATURE_BYTES];

  if (!tr_hub_publication_check (kind, payload, error))
    return FALSE;
  if (g_strcmp0 (kind, "catalogue") == 0)
    {
      gsize size;
      const char *data = g_bytes_get_data (payload, &size);
      g_autofree char *text = g_strndup (data, size);
      g_autoptr (GPtrArray) offers = tr_catalogue_parse (text, size, "catalogue", NULL);

      seats = g_string_new ("{");
      for (guint i = 0; i < offers->len; i++)
        {
          TrOffer *offer = g_ptr_array_index (offers, i);
          g_autofree char *id = g_strescape (tr_offer_get_id (offer), NULL);
          g_string_append_printf (seats, "%s\"%s\":%u", i ? "," : "", id, tr_offer_get_data (offer)->seats);
        }
      g_string_append_c (seats, '}');
    }

  /* Two offices publishing at once: the loser is told to publish again. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr (GBytes) message = NULL;
      g_autofree char *version_text = NULL;
      const char *values[5];
      int lengths[5] = { 0 };
      int binary[5] = { 0, 0, 1, 1, 0 };
      gsize size;
      g_autoptr (GError) local = NULL;
      PGresult *result = run (hub, "reading the next version", "SELECT hub.next_version()",
                              0, NULL, NULL, NULL, error);
      gint64 next;

      if (!result)
        return FALSE;
      next = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      PQclear (result);
      message = tr_hub_publication_message (next, kind, payload);
      tr_office_key_sign (key, g_bytes_get_data (message, NULL), g_bytes_get_size (message), signature);
      version_text = g_strdup_printf ("%" G_GINT64_FORMAT, next);
      values[0] = version_text;
      values[1] = kind;
      values[2] = g_bytes_get_data (payload, &size);
      lengths[2] = (int) size;
      values[3] = (const char *) signature;
      lengths[3] = TR_OFFICE_SIGNATURE_BYTES;
      values[4] = seats ? seats->str : NULL;
      result = run (hub, "publishing", "SELECT hub.publish($1::bigint, $2, $3::bytea, $4::bytea, $5::jsonb)",
                    5, values, lengths, binary, &local);
      if (result)
        {
          PQclear (result);
          if (version)
            *version = next;
          return TRUE;
        }
      if (!strstr (local->message, "is not the next one"))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  g_set_error_literal (error, TR_HUB_ERROR, TR_HUB_ERROR_FAILED,
                       "hub: another office kept publishing at the same time; publish again");
  return FALSE;
}

gboolean
tr_hub_enrol_kiosk (TrHub *hub, const char *kiosk_id, const char *public_key,
                    char **password, GError **error)
{
  guint8 random[18];
  g_autofree char *secret = NULL;
  g_autofree char *role = NULL;
  char *verifier;
  const char *values[3];
  PGresult *result;

  if (!tr_kiosk_id_check (kiosk_id, error))
    return FALSE;
  for (gsize i = 0; i < sizeof random; i++)
    random[i] = (guint8) g_random_int_range (0, 256);
  /* GRand is no CSPRNG: read the kernel's instead when it answers. */
  {
    FILE *urandom = fopen ("/dev/urandom", "rb");
    if (urandom)
      {
        if (fread (random, 1, sizeof random, urandom) != sizeof random)
          g_warning ("short read from /dev/urandom");
        fclose (urandom);
      }
  }
  secret = g_base64_encode (random, sizeof random);
  for (char *c = secret; *c; c++)
    if (*c == '+' || *c == '/')
      *c = 'x';
  role = g_strconcat ("kiosk_", kiosk_id, NULL);
  verifier = PQencryptPasswordConn (hub->conn, secret, role, "scram-sha-256");
  if (!verifier)
    {
      set_error_from (hub, NULL, "making the kiosk's password", error);
      return FALSE;
    }
  values[0] = kiosk_id;
  values[1] = public_key;
  values[2] = verifier;
  result = run (hub, "enrolling the kiosk", "SELECT hub.enrol_kiosk($1, $2, $3)",
                3, values, NULL, NULL, error);
  PQfreemem (verifier);
  if (!result)
    return FALSE;
  PQclear (result);
  *password = g_steal_pointer (&secret);
  return TRUE;
}

gboolean
tr_hub_revoke_kiosk (TrHub *hub, const char *kiosk_id, const char *reason, GError **error)
{
  const char *values[2] = { kiosk_id, reason };
  PGresult *result = run (hub, "revoking the kiosk", "SELECT hub.revoke_kiosk($1, $2)",
                          2, values, NULL, NULL, error);
  if (!result)
    return FALSE;
  PQclear (result);
  return TRUE;
}

GPtrArray *
tr_hub_query_rows (TrHub *hub, const char *sql, GError **error)
{
  PGresult *result = run (hub, "reading", sql, 0, NULL, NULL, NULL, error);
  GPtrArray *rows;

  if (!result)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (int i = 0; i < PQntuples (result); i++)
    {
      char **row = g_new0 (char *, PQnfields (result) + 1);
      for (int j = 0; j < PQnfields (result); j++)
        row[j] = g_strdup (PQgetvalue (result, i, j));
      g_ptr_array_add (rows, row);
    }
  PQclear (result);
  return rows;
}

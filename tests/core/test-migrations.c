/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-migrations.c — tests that every older database version migrates to the current one. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "store-fixture.h"
#include "tr-code.h"
#include "tr-receipt.h"
#include "tr-staff.h"

#define KIOSK "mairie-20-03"

#define OLD_PERSON "{\"first_name\":\"Inès\",\"last_name\":\"Martin\"}"
#define OLD_PERSON_NOW "{\"first_name\":\"Inès\",\"last_name\":\"Martin\",\"phone\":\"+33611223344\"}"
#define OLD_ANSWERS "{\"qpv\":\"yes\",\"birth_date\":\"1970-06-01\"}"

/* What an older version kept in clear, as a thief would search the files. */
static const char * const old_clear_texts[] = {
  "Inès", "Martin", "+33611223344", "1970-06-01", NULL
};

/* Data a database of schema @version can hold, written with raw SQL as that
 * version's program would have. Returns the code of the registration it
 * holds, or NULL when that version has no registrations table. The row is
 * in the file, and changed again in the write-ahead log, which is left
 * there as a program stopped without closing would leave it: both must
 * lose the clear text. */
static char *
fill_version (const char *path, guint version, const TrKeyPair *keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrReceiptFacts) facts = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *code = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  if (version < 1)
    return NULL;

  code = tr_code_generate ();
  facts = g_new0 (TrReceiptFacts, 1);
  facts->kiosk_id = g_strdup (KIOSK);
  facts->code = g_strdup (code);
  facts->offer_id = g_strdup ("OLD-1");
  facts->date = g_strdup ("2025-03-30");
  facts->status = g_strdup ("registered");
  payload = tr_receipt_sign (facts, keys, &error);
  g_assert_no_error (error);

  db = raw_open (path);
  /* Many more, committed, then deleted (as a technician would remove test
   * rows): their pages are free pages now, which still hold the text where
   * SQLite was built without SECURE_DELETE (Debian's has it). */
  raw_exec (db, "PRAGMA secure_delete = OFF");
  raw_exec (db, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
                "INSERT INTO registrations (session_id, code, created_at, local_date, kiosk_id, offer_id, status, "
                "verdict, answers, flags, person, payload) SELECT 'filler-' || i, 'FILLER' || i, "
                "'2025-03-30T10:00:00Z', '2025-03-30', '" KIOSK "', 'OLD-2', 'cancelled', 'eligible', "
                "'" OLD_ANSWERS "', '[]', json_object ('first_name', 'Inès', 'last_name', 'Martin', "
                "'email', 'ines.martin.' || i || '@example.org', 'phone', '+33611223344'), 'x' FROM n");
  raw_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)");
  raw_exec (db, "DELETE FROM registrations WHERE session_id LIKE 'filler-%'");
  raw_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)");
  raw_exec (db, "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO kiosk (singleton, kiosk_id, public_key) VALUES (1, ?1, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, KIOSK, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, keys->public_key, 32, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  raw_exec (db, "INSERT INTO offers (id, title, category, provider, address, postcode, modality, audience, "
                "min_level, hours, start_date, end_date, seats, info_session, description) VALUES "
                "('OLD-1', 'Chargée de projet numérique', 'project_manager', 'Atelier Belleville', "
                "'3 rue Ramponeau', '75020', 'hybrid', 'women', 'bac', 300, '2025-04-01', '2025-09-30', 4, "
                "'2025-03-25 10:00', 'Une saison passée.'),"
                "('OLD-2', 'Data', 'data', 'Atelier Belleville', '3 rue Ramponeau', '75020', 'remote', 'all', "
                "'none', 200, '2025-04-01', '2025-06-30', 2, '', '')");

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO registrations (session_id, code, created_at, local_date, kiosk_id, "
                                       "offer_id, status, verdict, answers, flags, person, payload) VALUES "
                                       "('old-session', ?1, '2025-03-30T21:30:00Z', '2025-03-30', ?2, 'OLD-1', "
                                       "'registered', 'eligible', '" OLD_ANSWERS "', '[\"qpv\",\"woman\"]', "
                                       "'" OLD_PERSON "', ?3)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, KIOSK, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, payload, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  if (version >= 2)
    raw_exec (db, "INSERT INTO events (at, kind, detail) VALUES "
                  "('2025-03-30T21:31:00Z', 'cancel', '{\"code\":\"old\"}')");
  raw_exec (db, "COMMIT");
  raw_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)");
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  raw_exec (db, "UPDATE registrations SET person = '" OLD_PERSON_NOW "'");
  sqlite3_close (db);
  return g_steal_pointer (&code);
}

static void
assert_data_kept (TrStore *store, const char *code, const TrKeyPair *keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) flags = NULL;
  g_autofree char *details = NULL;
  TrOffer *offer;
  guint8 key[32];

  g_assert_cmpstr (tr_store_get_kiosk_id (store), ==, KIOSK);
  g_assert_true (tr_store_get_public_key (store, key));
  g_assert_cmpmem (key, 32, keys->public_key, 32);

  offers = tr_store_load_offers (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offers->len, ==, 2);
  offer = g_ptr_array_index (offers, 0);
  g_assert_cmpstr (tr_offer_get_id (offer), ==, "OLD-1");
  g_assert_cmpstr (tr_offer_get_data (offer)->title, ==, "Chargée de projet numérique");
  g_assert_cmpint (tr_offer_get_data (offer)->audience, ==, TR_AUDIENCE_WOMEN);
  g_assert_cmpint (tr_offer_get_data (offer)->min_level, ==, TR_LEVEL_BAC);
  g_assert_cmpuint (tr_offer_get_seats_left (offer), ==, 3);

  registration = tr_store_find_by_code (store, code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (registration->session_id, ==, "old-session");
  g_assert_cmpstr (registration->local_date, ==, "2025-03-30");
  /* Sealed, and opened again by the office just as it was. */
  details = open_details (registration);
  g_assert_cmpstr (details, ==, "{\"person\":" OLD_PERSON_NOW ",\"answers\":" OLD_ANSWERS "}");
  /* The coarse facts, from the answers (54 on the day) and the flags. */
  g_assert_cmpstr (registration->age_band, ==, "50-and-over");
  g_assert_cmpint (registration->woman, ==, 1);
  g_assert_true (registration->qpv);

  /* What later steps added works on the old rows. */
  flags = tr_store_count (store, "2025-03-30", TR_COUNT_BY_FLAG, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 2);

  g_assert_true (tr_store_check (store, problems, &error));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
assert_no_clear_text (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (file, &contents, &length, NULL))
        continue;
      for (guint j = 0; old_clear_texts[j] != NULL; j++)
        if (bytes_contain (contents, length, old_clear_texts[j]))
          g_error ("%s still holds “%s”", file, old_clear_texts[j]);
    }
}

/* The database @from and its write-ahead log, copied to @to. */
static void
copy_files (const char *from, const char *to)
{
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *source = g_strconcat (from, suffixes[i], NULL);
      g_autofree char *destination = g_strconcat (to, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (source, &contents, &length, NULL))
        {
          g_autoptr(GError) error = NULL;
          g_file_set_contents (destination, contents, (gssize) length, &error);
          g_assert_no_error (error);
        }
    }
}

/* The refusal changed no data: the clear text is still there (in the file,
 * or in the log the refusing connection folded back into it). */
static void
assert_clear_text_there (const char *path)
{
  const char *suffixes[] = { "", "-wal" };
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &contents, &length, NULL))
        g_string_append_len (all, contents, (gssize) length);
    }
  g_assert_true (bytes_contain (all->str, all->len, "Martin"));
  g_assert_true (bytes_contain (all->str, all->len, "+33611223344"));
}

static void
test_from_version (gconstpointer data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tremplin.db", NULL);
  g_autofree char *first_path = g_build_filename (dir, "first.db", NULL);
  g_autofree char *key_path = g_build_filename (dir, "kiosk.key", NULL);
  g_autoptr(TrKeyPair) keys = tr_key_pair_create (key_path, &error);
  g_autofree char *code = NULL;
  g_autoptr(TrStore) store = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-28T10:00:00Z");

  g_assert_no_error (error);
  g_assert_true (tr_store_create_at_version (path, version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int_at (path, "PRAGMA user_version"), ==, version);
  g_assert_cmpint (raw_int_at (path, "SELECT count(*) FROM sqlite_master WHERE name = 'events'"), ==, version >= 2);
  g_assert_cmpint (raw_int_at (path, "SELECT count(*) FROM sqlite_master WHERE name = 'settings'"), ==, version >= 3);

  code = fill_version (path, version, keys);
  copy_files (path, first_path);

  /* Without an office key, details in clear cannot be sealed: the file is
   * refused, and left as it was. */
  store = tr_store_open (path, FALSE, &error);
  if (code != NULL)
    {
      TrStoreOptions options = { .office_key = test_office ()->public_key };

      g_assert_null (store);
      g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "OfficeKey="));
      g_clear_error (&error);
      g_assert_cmpint (raw_int_at (path, "PRAGMA user_version"), ==, version);
      assert_clear_text_there (path);
      /* With the key: the files as the old program left them (its
       * write-ahead log not folded back) are sealed, the clear text gone. */
      store = tr_store_open_full (first_path, &options, &error);
      g_assert_no_error (error);
      assert_no_clear_text (first_path);
      g_clear_object (&store);
      store = tr_store_open_full (path, &options, &error);
    }
  g_assert_no_error (error);
  assert_no_clear_text (path);

  g_assert_cmpint (raw_int_at (path, "PRAGMA user_version"), ==, TR_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int_at (path, "PRAGMA application_id"), ==, TR_STORE_APPLICATION_ID);
  /* The clear columns are gone. */
  g_assert_cmpint (raw_int_at (path, "SELECT count(*) FROM pragma_table_info ('registrations') "
                                     "WHERE name IN ('person', 'answers')"), ==, 0);

  if (code != NULL)
    assert_data_kept (store, code, keys);
  else
    g_assert_null (tr_store_get_kiosk_id (store));
  g_assert_cmpint (raw_int_at (path, "SELECT count(*) FROM events WHERE kind = 'cancel' "
                                     "AND at = '2025-03-30T21:31:00Z'"), ==, version >= 2);

  /* What later steps added works on the old file: the staff password. */
  g_assert_true (tr_staff_set_password (store, "Vélo-bleu-2027", now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tr_staff_try_unlock (store, "Vélo-bleu-2027", now, NULL, &error), ==, TR_STAFF_UNLOCK_OK);
  g_assert_no_error (error);

  /* The migrated database takes new events. */
  g_assert_true (tr_store_add_event (store, now, "check", "{}", &error));
  g_assert_no_error (error);

  /* Opening again is a no-op. */
  g_clear_object (&store);
  store = tr_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int_at (path, "PRAGMA user_version"), ==, TR_STORE_SCHEMA_VERSION);
  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_every_step_is_its_own_transaction (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tremplin.db", NULL);
  g_autoptr(TrStore) store = NULL;
  sqlite3 *db;

  /* A database stopped half-way (version 1, and a table of the same name
   * the next step creates) refuses to move on, and stays at version 1. */
  g_assert_true (tr_store_create_at_version (path, 1, &error));
  db = raw_open (path);
  raw_exec (db, "CREATE TABLE events (x)");
  sqlite3_close (db);

  store = tr_store_open (path, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_cmpint (raw_int_at (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int_at (path, "SELECT count(*) FROM sqlite_master WHERE name = 'registrations_by_day'"), ==, 0);
  remove_tree (dir);
}

/* A version 4 database, as the last program without a hub left it: its
 * registrations are sealed already. Version 5 puts every one of them in the
 * outbox (a kiosk that joins a hub sends what it holds), with no lease and
 * no seat held, and the sync's record empty. */
static void
test_from_version_4 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tremplin.db", NULL);
  const char *details = "{\"person\":" OLD_PERSON ",\"answers\":" OLD_ANSWERS "}";
  g_autoptr(GBytes) sealed = tr_seal (test_office ()->public_key, details, strlen (details));
  g_autoptr(TrStore) store = NULL;
  g_autoptr(GPtrArray) leases = NULL;
  g_autoptr(TrSyncRecord) record = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-28T10:00:00Z");
  g_autofree char *opened = NULL;
  TrOutboxRow *row;
  guint unsent = 99, cancels = 99;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  g_assert_true (tr_store_create_at_version (path, 4, &error));
  g_assert_no_error (error);
  db = raw_open (path);
  raw_exec (db, "INSERT INTO offers (id, title, category, provider, address, postcode, modality, audience, "
                "min_level, hours, start_date, end_date, seats) VALUES ('OLD-1', 'Data', 'data', 'Atelier', "
                "'3 rue Ramponeau', '75020', 'remote', 'all', 'none', 200, '2025-04-01', '2025-06-30', 2)");
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO registrations (session_id, code, created_at, local_date, kiosk_id, "
                                       "offer_id, status, verdict, flags, payload, age_band, woman, qpv, details) VALUES "
                                       "('v4-a', 'AAAA-BBBB', '2025-03-30T10:00:00Z', '2025-03-30', '" KIOSK "', 'OLD-1', "
                                       "'registered', 'eligible', '[\"qpv\"]', 'x', '50-and-over', 1, 1, ?1), "
                                       "('v4-b', 'CCCC-DDDD', '2025-03-30T11:00:00Z', '2025-03-30', '" KIOSK "', 'OLD-1', "
                                       "'cancelled', 'eligible', '[]', 'x', NULL, NULL, 0, NULL)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (sealed, NULL), (int) g_bytes_get_size (sealed), SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  raw_exec (db, "UPDATE registrations SET cancelled_at = '2025-03-30T12:00:00Z' WHERE session_id = 'v4-b'");
  sqlite3_close (db);

  store = tr_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int_at (path, "PRAGMA user_version"), ==, TR_STORE_SCHEMA_VERSION);
  g_assert_false (tr_store_get_seat_leases (store));
  /* Version 6: the hub has said nothing of any offer yet. */
  g_assert_cmpint (raw_int_at (path, "SELECT count(*) FROM offers WHERE hub_free IS NULL"), ==, 1);
  g_assert_cmpint (tr_store_get_seats_left (store, "OLD-1", &error), ==, 1);

  g_assert_true (tr_store_outbox_count (store, &unsent, &cancels, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unsent, ==, 2);
  g_assert_cmpuint (cancels, ==, 1);
  g_assert_cmpint (raw_int_at (path, "SELECT count(*) FROM registrations WHERE lease_seat = 1 "
                                     "OR hub_sending_at IS NOT NULL OR hub_sent_at IS NOT NULL"), ==, 0);
  leases = tr_store_get_leases (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leases->len, ==, 0);
  record = tr_store_get_sync_record (store, &error);
  g_assert_no_error (error);
  g_assert_null (record->last_success);
  g_assert_null (record->last_error);
  g_assert_cmpint (record->publication_version, ==, 0);

  /* The old rows go out as they were: sealed details untouched, the
   * cancelled one with its time. */
  rows = tr_store_outbox_claim (store, 0, 10, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->registration->code, ==, "AAAA-BBBB");
  g_assert_null (row->cancelled_at);
  opened = open_details (row->registration);
  g_assert_cmpstr (opened, ==, details);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row->registration->status, ==, "cancelled");
  g_assert_cmpstr (row->cancelled_at, ==, "2025-03-30T12:00:00Z");
  g_assert_null (row->registration->details);

  g_clear_object (&store);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (TR_STORE_SCHEMA_VERSION, >=, 3);
  /* From version 4 on, details are sealed: fill_version writes the clear
   * columns of the versions before. */
  for (guint version = 0; version < 4; version++)
    {
      g_autofree char *name = g_strdup_printf ("/migrations/from-version-%u", version);
      g_test_add_data_func (name, GUINT_TO_POINTER (version), test_from_version);
    }
  g_test_add_func ("/migrations/from-version-4", test_from_version_4);
  g_test_add_func ("/migrations/step-is-atomic", test_every_step_is_its_own_transaction);
  return g_test_run ();
}

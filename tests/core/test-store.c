/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c — tests of the database: opening, registering, seats, cancels and checks. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "store-fixture.h"
#include "tr-code.h"
#include "tr-receipt.h"

#define KIOSK "mairie-19-01"

static const char * const no_flags[] = { NULL };

/* ---- opening --------------------------------------------------------- */

static void
test_open_create_and_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tremplin.db", NULL);
  g_autofree char *mode = NULL;
  TrStore *store;
  sqlite3 *db;

  store = tr_store_open (path, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "tremplin-admin init"));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = tr_store_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tr_store_get_path (store), ==, path);
  g_assert_null (tr_store_get_kiosk_id (store));
  g_assert_false (tr_store_get_public_key (store, NULL));
  g_clear_object (&store);

  db = raw_open (path);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, TR_STORE_APPLICATION_ID);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, TR_STORE_SCHEMA_VERSION);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                "('kiosk', 'trusted_keys', 'offers', 'registrations', 'events')"), ==, 5);
  sqlite3_close (db);

  /* Existing now: opened without asking to create. */
  store = tr_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_object (&store);
  remove_tree (dir);
}

static void
assert_refused (const char *path, const char *words)
{
  g_autoptr(GError) error = NULL;
  TrStore *store = tr_store_open (path, FALSE, &error);

  g_assert_null (store);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_nonnull (strstr (error->message, path));

  g_clear_error (&error);

  /* Asking to create changes nothing either. */
  store = tr_store_open (path, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
}

static void
test_open_refuses_text_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  const char *text = "id;title\nthis is a spreadsheet export, not a database\n";
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  assert_refused (path, "not a Tremplin database");
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
  remove_tree (dir);
}

static void
test_open_refuses_other_application (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-store-XXXXXX", NULL);
  g_autofree char *foreign = g_build_filename (dir, "other.db", NULL);
  g_autofree char *unmarked = g_build_filename (dir, "unmarked.db", NULL);
  sqlite3 *db;

  db = raw_open (foreign);
  raw_exec (db, "PRAGMA application_id = 1234; CREATE TABLE notes (body TEXT);");
  sqlite3_close (db);
  assert_refused (foreign, "another program");
  g_assert_cmpint (raw_int_at (foreign, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (raw_int_at (foreign, "SELECT count(*) FROM sqlite_master"), ==, 1);

  /* No application id but tables of its own: not a blank database either. */
  db = raw_open (unmarked);
  raw_exec (db, "CREATE TABLE offers (x); INSERT INTO offers VALUES (1);");
  sqlite3_close (db);
  assert_refused (unmarked, "another program");
  g_assert_cmpint (raw_int_at (unmarked, "SELECT count(*) FROM offers"), ==, 1);
  remove_tree (dir);
}

static void
test_open_refuses_newer_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tremplin.db", NULL);
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", TR_STORE_SCHEMA_VERSION + 1);
  TrStore *store = tr_store_open (path, TRUE, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  g_clear_object (&store);
  db = raw_open (path);
  raw_exec (db, bump);
  sqlite3_close (db);

  assert_refused (path, "newer version of Tremplin");
  g_assert_cmpint (raw_int_at (path, "PRAGMA user_version"), ==, TR_STORE_SCHEMA_VERSION + 1);
  remove_tree (dir);
}

static void
test_open_refuses_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tremplin-store-XXXXXX", NULL);
  TrStore *store = tr_store_open (dir, TRUE, &error);

  g_assert_null (store);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "folder"));
  remove_tree (dir);
}

/* ---- identity -------------------------------------------------------- */

/* The one rule for kiosk ids: what names the export files and goes on the
 * receipts, as long as a receipt holds and no longer. */
static void
test_kiosk_id_rule (void)
{
  g_autofree char *longest = g_strnfill (TR_RECEIPT_MAX_ID_LENGTH, 'k');
  g_autofree char *too_long = g_strnfill (TR_RECEIPT_MAX_ID_LENGTH + 1, 'k');
  const char *good[] = { "mairie-18-01", "k", "a.b", "Kiosk_2", "7", longest };
  const char *bad[] = { NULL, "", ".hidden", "-x", "x/../../escaped", "..", "a/b", "a b", "é", "a|b",
                        "a\tb", too_long };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (tr_kiosk_id_check (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) refused = NULL;

      g_assert_false (tr_kiosk_id_check (bad[i], &refused));
      g_assert_error (refused, TR_ERROR, TR_ERROR_INVALID);
      g_assert_nonnull (strstr (refused->message, "use 1 to 32 letters, digits, '-', '_' or '.'"));
    }
  g_assert_false (tr_kiosk_id_check ("../x", &error));
  g_assert_cmpstr (error->message, ==,
                   "The kiosk id “../x” is not usable: use 1 to 32 letters, digits, '-', '_' or '.', "
                   "not starting with '-' or '.', like mairie-18-01");
}

static void
test_identity (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) trusted = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  guint8 key[32], other_key[32];
  GBytes *bytes;

  store_fixture_set_up (&fixture, NULL);
  offers = offer_list (make_offer ("DEV-1", 3, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);

  /* No receipt can be signed before init. */
  registration = register_person (&fixture, "s1", "DEV-1", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_null (registration);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "init"));
  g_clear_error (&error);

  g_assert_false (tr_store_set_identity (fixture.store, "mairie du 19e", fixture.keys->public_key, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tr_store_set_identity (fixture.store, "bad|id", fixture.keys->public_key, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tr_store_get_kiosk_id (fixture.store));

  g_assert_true (tr_store_set_identity (fixture.store, KIOSK, fixture.keys->public_key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tr_store_get_kiosk_id (fixture.store), ==, KIOSK);
  g_assert_true (tr_store_get_public_key (fixture.store, key));
  g_assert_cmpmem (key, 32, fixture.keys->public_key, 32);

  g_assert_false (tr_store_set_identity (fixture.store, "mairie-19-02", fixture.keys->public_key, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, KIOSK));
  g_clear_error (&error);

  memset (other_key, 7, sizeof other_key);
  g_assert_true (tr_store_trust (fixture.store, "mairie-11-02", other_key, &error));
  g_assert_no_error (error);
  g_assert_false (tr_store_trust (fixture.store, KIOSK, other_key, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_EXISTS);
  g_clear_error (&error);

  /* The identity and the trusted keys survive a reopen. */
  g_clear_object (&fixture.store);
  fixture.store = tr_store_open (fixture.db_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tr_store_get_kiosk_id (fixture.store), ==, KIOSK);
  trusted = tr_store_get_trusted_keys (fixture.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (trusted), ==, 2);
  bytes = g_hash_table_lookup (trusted, KIOSK);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), fixture.keys->public_key, 32);
  bytes = g_hash_table_lookup (trusted, "mairie-11-02");
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), other_key, 32);
  store_fixture_tear_down (&fixture);
}

/* ---- the catalogue --------------------------------------------------- */

static TrOffer *
find_offer (GPtrArray *offers, const char *id)
{
  for (guint i = 0; i < offers->len; i++)
    if (g_str_equal (tr_offer_get_id (g_ptr_array_index (offers, i)), id))
      return g_ptr_array_index (offers, i);
  return NULL;
}

static void
test_import_and_reimport (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GPtrArray) duplicated = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) everything = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(TrOffer) withdrawn = NULL;
  TrImportStats stats = { 0 };
  TrOffer *offer;

  store_fixture_set_up (&fixture, KIOSK);
  first = offer_list (make_offer ("A", 10, TR_CATEGORY_DEVELOPER, "Développeuse web"),
                      make_offer ("B", 5, TR_CATEGORY_DATA, "Analyste de données"),
                      make_offer ("C", 8, TR_CATEGORY_WEB, "Intégrateur web"),
                      make_offer ("E", 4, TR_CATEGORY_IOT, "Objets connectés"),
                      NULL);
  import_or_fail (fixture.store, first, &stats);
  g_assert_cmpuint (stats.added, ==, 4);
  g_assert_cmpuint (stats.updated + stats.unchanged + stats.withdrawn + stats.deleted, ==, 0);

  registration = register_person (&fixture, "s1", "B", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);

  /* A changes, C stays, D is new, B (registered) and E (not) are gone. */
  second = offer_list (make_offer ("A", 12, TR_CATEGORY_DEVELOPER, "Développeuse web et mobile"),
                       make_offer ("C", 8, TR_CATEGORY_WEB, "Intégrateur web"),
                       make_offer ("D", 6, TR_CATEGORY_ECOMMERCE, "E-commerce"),
                       NULL);
  import_or_fail (fixture.store, second, &stats);
  g_assert_cmpuint (stats.added, ==, 1);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.unchanged, ==, 1);
  g_assert_cmpuint (stats.withdrawn, ==, 1);
  g_assert_cmpuint (stats.deleted, ==, 1);

  loaded = tr_store_load_offers (fixture.store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  offer = find_offer (loaded, "A");
  g_assert_cmpstr (tr_offer_get_data (offer)->title, ==, "Développeuse web et mobile");
  g_assert_cmpuint (tr_offer_get_data (offer)->seats, ==, 12);
  g_assert_cmpuint (tr_offer_get_seats_left (offer), ==, 12);
  g_assert_cmpstr (tr_offer_get_data (offer)->provider, ==, "École du Code");
  g_assert_cmpint (tr_offer_get_data (offer)->category, ==, TR_CATEGORY_DEVELOPER);
  g_assert_null (find_offer (loaded, "B"));
  g_assert_null (find_offer (loaded, "E"));

  everything = tr_store_load_offers (fixture.store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everything->len, ==, 4);
  offer = find_offer (everything, "B");
  g_assert_true (tr_offer_get_withdrawn (offer));
  g_assert_cmpuint (tr_offer_get_seats_left (offer), ==, 4);

  /* A withdrawn offer takes no more registrations. */
  g_clear_pointer (&registration, tr_registration_free);
  registration = register_person (&fixture, "s2", "B", "2026-11-28T10:05:00Z", NULL, no_flags, TRUE, &error);
  g_assert_null (registration);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "withdrawn"));
  g_clear_error (&error);

  /* Back in the catalogue: un-withdrawn, its registration still counted. */
  third = offer_list (make_offer ("A", 12, TR_CATEGORY_DEVELOPER, "Développeuse web et mobile"),
                      make_offer ("B", 5, TR_CATEGORY_DATA, "Analyste de données"),
                      NULL);
  import_or_fail (fixture.store, third, &stats);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.unchanged, ==, 1);
  g_assert_cmpuint (stats.deleted, ==, 2);
  withdrawn = tr_store_lookup_offer (fixture.store, "B", &error);
  g_assert_no_error (error);
  g_assert_false (tr_offer_get_withdrawn (withdrawn));
  g_assert_cmpint (tr_store_get_seats_left (fixture.store, "B", &error), ==, 4);

  /* A catalogue naming one id twice changes nothing. */
  duplicated = offer_list (make_offer ("Z", 1, TR_CATEGORY_OTHER, NULL),
                           make_offer ("Z", 2, TR_CATEGORY_OTHER, NULL), NULL);
  {
    g_autoptr(GDateTime) now = at ("2026-11-21T09:00:00Z");
    g_assert_false (tr_store_import_offers (fixture.store, duplicated, now, &stats, &error));
    g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Z"));
    g_clear_error (&error);
  }
  g_assert_cmpint (tr_store_get_seats_left (fixture.store, "Z", &error), ==, -1);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM offers"), ==, 2);
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM events WHERE kind = 'import'"), ==, 3);
  g_assert_cmpint (raw_int_at (fixture.db_path,
                               "SELECT count(*) FROM events WHERE kind = 'import' AND "
                               "json_extract (detail, '$.withdrawn') = 1 AND json_extract (detail, '$.deleted') = 1"), ==, 1);
  store_fixture_tear_down (&fixture);
}

/* Welcome asks whether there is an offer without reading the catalogue:
 * the same answer as the catalogue, withdrawn offers left out. */
static void
test_has_offers (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  TrImportStats stats = { 0 };
  gboolean has = TRUE;

  store_fixture_set_up (&fixture, KIOSK);
  g_assert_true (tr_store_has_offers (fixture.store, &has, &error));
  g_assert_no_error (error);
  g_assert_false (has);

  two = offer_list (make_offer ("A", 10, TR_CATEGORY_DEVELOPER, "Développeuse web"),
                    make_offer ("B", 5, TR_CATEGORY_DATA, "Analyste de données"),
                    NULL);
  import_or_fail (fixture.store, two, &stats);
  g_assert_true (tr_store_has_offers (fixture.store, &has, &error));
  g_assert_true (has);

  /* A is deleted, B (registered) withdrawn: nothing left to choose. */
  registration = register_person (&fixture, "s1", "B", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);
  none = offer_list (NULL);
  import_or_fail (fixture.store, none, &stats);
  g_assert_cmpuint (stats.withdrawn, ==, 1);
  g_assert_true (tr_store_has_offers (fixture.store, &has, &error));
  g_assert_false (has);
  loaded = tr_store_load_offers (fixture.store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 0);
  store_fixture_tear_down (&fixture);
}

/* ---- registering ----------------------------------------------------- */

static void
assert_receipt_matches (StoreFixture *fixture, const TrRegistration *registration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) trusted = tr_store_get_trusted_keys (fixture->store, &error);
  g_autoptr(TrReceiptFacts) facts = tr_receipt_verify (registration->payload, trusted, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (facts->kiosk_id, ==, KIOSK);
  g_assert_cmpstr (facts->code, ==, registration->code);
  g_assert_cmpstr (facts->offer_id, ==, registration->offer_id);
  g_assert_cmpstr (facts->date, ==, registration->local_date);
  g_assert_cmpstr (facts->status, ==, registration->status);
}

static void
test_register_to_capacity (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *expected[] = { "registered", "registered", "waiting_list", "waiting_list" };

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("DEV-2", 2, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *session = g_strdup_printf ("session-%u", i);
      g_autoptr(TrRegistration) registration =
        register_person (&fixture, session, "DEV-2", "2026-11-28T13:05:09Z", NULL, no_flags, TRUE, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (registration->status, ==, expected[i]);
      g_assert_true (tr_code_is_valid (registration->code));
      g_assert_true (g_hash_table_add (codes, g_strdup (registration->code)));
      g_assert_cmpstr (registration->created_at, ==, "2026-11-28T13:05:09Z");
      g_assert_cmpstr (registration->local_date, ==, "2026-11-28");
      g_assert_cmpstr (registration->kiosk_id, ==, KIOSK);
      g_assert_cmpstr (registration->flags_json, ==, "[]");
      g_assert_cmpint (registration->id, >, 0);
      assert_receipt_matches (&fixture, registration);
      g_assert_cmpint (tr_store_get_seats_left (fixture.store, "DEV-2", &error), ==, i < 2 ? 1 - (int) i : 0);
    }

  /* Found again by its code, also as a person types it. */
  {
    g_autoptr(TrRegistration) registration =
      register_person (&fixture, "session-0", "DEV-2", "2026-11-28T13:05:09Z", NULL, no_flags, TRUE, &error);
    g_autofree char *typed = g_ascii_strdown (registration->code, -1);
    g_autoptr(TrRegistration) found = tr_store_find_by_code (fixture.store, typed, &error);

    g_assert_no_error (error);
    g_assert_cmpint (found->id, ==, registration->id);
    g_assert_true (g_bytes_equal (found->details, registration->details));
    g_assert_cmpstr (found->payload, ==, registration->payload);
  }
  {
    g_autofree char *unknown = NULL;
    g_autoptr(TrRegistration) found = NULL;

    do
      {
        g_free (unknown);
        unknown = tr_code_generate ();
      }
    while (g_hash_table_contains (codes, unknown));
    found = tr_store_find_by_code (fixture.store, unknown, &error);
    g_assert_null (found);
    g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  }
  store_fixture_tear_down (&fixture);
}

static void
test_register_full_refused (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) first = NULL;
  g_autoptr(TrRegistration) second = NULL;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("WEB-1", 1, TR_CATEGORY_WEB, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);

  first = register_person (&fixture, "a", "WEB-1", "2026-11-28T10:00:00Z", NULL, no_flags, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->status, ==, "registered");

  second = register_person (&fixture, "b", "WEB-1", "2026-11-28T10:01:00Z", NULL, no_flags, FALSE, &error);
  g_assert_null (second);
  g_assert_error (error, TR_ERROR, TR_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "no seat left"));
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations"), ==, 1);
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations WHERE session_id = 'b'"), ==, 0);
  /* A registration is not an event: only what staff and automation did is. */
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM events WHERE kind NOT IN ('import', 'office-key')"), ==, 0);
  store_fixture_tear_down (&fixture);
}

/* A database deleted (or replaced) under a running kiosk: SQLite would go on
 * writing into a file nobody sees, so registering must fail instead. */
static void
test_register_file_gone (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) lost = NULL;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("WEB-1", 5, TR_CATEGORY_WEB, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);

  g_assert_cmpint (g_unlink (fixture.db_path), ==, 0);
  lost = register_person (&fixture, "a", "WEB-1", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_null (lost);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "deleted or replaced"));
  store_fixture_tear_down (&fixture);
}

static void
test_register_same_session_twice (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) first = NULL;
  g_autoptr(TrRegistration) retry = NULL;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("PM-1", 3, TR_CATEGORY_PROJECT_MANAGER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);

  first = register_person (&fixture, "walk-in-42", "PM-1", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);
  retry = register_person (&fixture, "walk-in-42", "PM-1", "2026-11-28T10:00:03Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retry->id, ==, first->id);
  g_assert_cmpstr (retry->code, ==, first->code);
  g_assert_cmpstr (retry->payload, ==, first->payload);
  g_assert_cmpstr (retry->created_at, ==, "2026-11-28T10:00:00Z");
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations"), ==, 1);
  g_assert_cmpint (tr_store_get_seats_left (fixture.store, "PM-1", &error), ==, 2);
  store_fixture_tear_down (&fixture);
}

static void
test_register_bad_requests (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrKeyPair) stranger = NULL;
  g_autofree char *stranger_path = NULL;
  TrRegistration *registration;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("DEV-1", 3, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);

  registration = register_person (&fixture, "s1", "NOPE", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_null (registration);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOPE"));
  g_clear_error (&error);

  registration = register_person (&fixture, "s2", "DEV-1", "2026-11-28T10:00:00Z", "{not json", no_flags, TRUE, &error);
  g_assert_null (registration);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "JSON objects"));
  g_clear_error (&error);

  /* Valid JSON, but not an object. */
  registration = register_person (&fixture, "s2", "DEV-1", "2026-11-28T10:00:00Z", "[\"Awa\", \"Diallo\"]", no_flags, TRUE, &error);
  g_assert_null (registration);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "JSON objects"));
  g_clear_error (&error);

  /* Malformed answers are caught as the row goes in, and leave no
   * transaction open behind them. */
  {
    g_autoptr(GDateTime) now = at ("2026-11-28T10:00:00Z");
    const char * const bad_answers[] = { "{\"qpv\": yes}", "{\"qpv\":\"yes\"} trailing" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_answers); i++)
      {
        TrRegistrationRequest request = {
          .session_id = "s2b", .offer_id = "DEV-1", .now = now, .verdict = "eligible",
          .answers_json = bad_answers[i], .flags = no_flags, .person_json = "{}", .accept_waiting_list = TRUE,
        };
        registration = tr_store_register (fixture.store, &request, fixture.keys, &error);
        g_assert_null (registration);
        g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, "JSON objects"));
        g_clear_error (&error);
      }
  }

  registration = register_person (&fixture, "", "DEV-1", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_null (registration);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);

  /* Another kiosk's key would sign receipts nobody can check. */
  stranger_path = g_build_filename (fixture.dir, "stranger.key", NULL);
  stranger = tr_key_pair_create (stranger_path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) now = at ("2026-11-28T10:00:00Z");
    TrRegistrationRequest request = {
      .session_id = "s3", .offer_id = "DEV-1", .now = now, .verdict = "eligible",
      .answers_json = "{}", .flags = no_flags, .person_json = "{}", .accept_waiting_list = TRUE,
    };
    registration = tr_store_register (fixture.store, &request, stranger, &error);
    g_assert_null (registration);
    g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, KIOSK));
    g_clear_error (&error);
  }

  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations"), ==, 0);

  /* The refusals left the store usable: a good request goes through. */
  registration = register_person (&fixture, "s4", "DEV-1", "2026-11-28T10:05:00Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (registration->status, ==, "registered");
  tr_registration_free (registration);
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations"), ==, 1);
  store_fixture_tear_down (&fixture);
}

/* The store keeps its registration statements prepared; closing it must
 * still close the database (the last connection to close checkpoints the
 * WAL into the file and removes it). */
static void
test_register_then_close (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *first_code = NULL;
  const char * const flags[] = { "qpv", "woman", NULL };

  store_fixture_set_up (&fixture, KIOSK);
  wal = g_strconcat (fixture.db_path, "-wal", NULL);
  offers = offer_list (make_offer ("DEV-1", 2, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);
  /* Enough registrations to use every statement more than once, the
   * waiting list included. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *session = g_strdup_printf ("close-%u", i);
      g_autoptr(TrRegistration) registration =
        register_person (&fixture, session, "DEV-1", "2026-11-28T10:00:00Z", NULL, flags, TRUE, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (registration->status, ==, i < 2 ? "registered" : "waiting_list");
      g_assert_cmpstr (registration->flags_json, ==, "[\"qpv\",\"woman\"]");
      if (i == 0)
        first_code = g_strdup (registration->code);
    }
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_clear_object (&fixture.store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* And what was written is all there when opened again. */
  fixture.store = tr_store_open (fixture.db_path, FALSE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(TrRegistration) found = tr_store_find_by_code (fixture.store, first_code, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (found->session_id, ==, "close-0");
  }
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations"), ==, 4);
  store_fixture_tear_down (&fixture);
}

/* Two connections (as two kiosk processes would have) racing for the seats:
 * BEGIN IMMEDIATE makes each count the other's seats. */
typedef struct {
  const char *db_path;
  TrKeyPair  *keys;
  guint       worker;
  guint       n_registered;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autoptr(GError) error = NULL;
  StoreFixture fixture = { .keys = racer->keys };

  fixture.store = tr_store_open (racer->db_path, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *session = g_strdup_printf ("racer-%u-%u", racer->worker, i);
      g_autoptr(TrRegistration) registration =
        register_person (&fixture, session, "LAST", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);

      g_assert_no_error (error);
      if (g_str_equal (registration->status, "registered"))
        racer->n_registered++;
    }
  g_clear_object (&fixture.store);
  return NULL;
}

static void
test_register_race_between_connections (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GPtrArray) offers = NULL;
  Racer racers[3];
  GThread *threads[G_N_ELEMENTS (racers)];
  guint n_registered = 0;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("LAST", 5, TR_CATEGORY_CYBERSECURITY, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      racers[i] = (Racer) { .db_path = fixture.db_path, .keys = fixture.keys, .worker = i };
      threads[i] = g_thread_new ("racer", race, &racers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      g_thread_join (threads[i]);
      n_registered += racers[i].n_registered;
    }
  g_assert_cmpuint (n_registered, ==, 5);
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations WHERE status = 'registered'"), ==, 5);
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations WHERE status = 'waiting_list'"), ==, 31);
  store_fixture_tear_down (&fixture);
}

/* ---- counts and events ----------------------------------------------- */

static guint
count_of (GPtrArray *counts, const char *key)
{
  for (guint i = 0; i < counts->len; i++)
    {
      TrCount *count = g_ptr_array_index (counts, i);
      if (g_str_equal (count->key, key))
        return count->count;
    }
  return 0;
}

static GPtrArray *
counts (StoreFixture *fixture, const char *date, TrCountBy by)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *result = tr_store_count (fixture->store, date, by, &error);

  g_assert_no_error (error);
  return result;
}

static void
test_counts (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) by_offer = NULL;
  g_autoptr(GPtrArray) by_category = NULL;
  g_autoptr(GPtrArray) by_status = NULL;
  g_autoptr(GPtrArray) by_flag = NULL;
  g_autoptr(GPtrArray) all_offers = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  const char * const qpv[] = { "qpv", "under_26", NULL };
  const char * const woman[] = { "woman", "qpv", NULL };
  struct { const char *session, *offer, *when; const char * const *flags; } rows[] = {
    { "1", "DEV", "2026-11-28T09:00:00Z", qpv },
    { "2", "DEV", "2026-11-28T09:10:00Z", woman },
    { "3", "DEV", "2026-11-28T09:20:00Z", no_flags },   /* waiting list */
    { "4", "MKT", "2026-11-28T09:30:00Z", woman },
    { "5", "MKT", "2026-11-29T09:30:00Z", qpv },        /* another day */
  };
  g_autofree char *cancel_code = NULL;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("DEV", 2, TR_CATEGORY_DEVELOPER, NULL),
                       make_offer ("MKT", 9, TR_CATEGORY_DIGITAL_MARKETING, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(TrRegistration) registration =
        register_person (&fixture, rows[i].session, rows[i].offer, rows[i].when, NULL, rows[i].flags, TRUE, &error);
      g_assert_no_error (error);
      if (i == 3)
        cancel_code = g_strdup (registration->code);
    }
  {
    g_autoptr(GDateTime) now = at ("2026-11-28T15:00:00Z");
    /* Staff type the reason; bytes that are not UTF-8 are not stored. */
    g_assert_false (tr_store_cancel (fixture.store, cancel_code, "a chang\xe9 d'avis", now, &error));
    g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "not UTF-8"));
    g_clear_error (&error);
    g_assert_true (tr_store_cancel (fixture.store, cancel_code, "a changé d'avis", now, &error));
    g_assert_no_error (error);
    g_assert_false (tr_store_cancel (fixture.store, cancel_code, "twice", now, &error));
    g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
    g_clear_error (&error);
  }

  by_offer = counts (&fixture, "2026-11-28", TR_COUNT_BY_OFFER);
  g_assert_cmpuint (by_offer->len, ==, 1);
  g_assert_cmpuint (count_of (by_offer, "DEV"), ==, 3);
  g_assert_cmpuint (count_of (by_offer, "MKT"), ==, 0);

  by_category = counts (&fixture, "2026-11-28", TR_COUNT_BY_CATEGORY);
  g_assert_cmpuint (count_of (by_category, "developer"), ==, 3);

  by_status = counts (&fixture, "2026-11-28", TR_COUNT_BY_STATUS);
  g_assert_cmpuint (count_of (by_status, "registered"), ==, 2);
  g_assert_cmpuint (count_of (by_status, "waiting_list"), ==, 1);
  g_assert_cmpuint (count_of (by_status, "cancelled"), ==, 1);
  /* Largest first. */
  g_assert_cmpstr (((TrCount *) g_ptr_array_index (by_status, 0))->key, ==, "registered");

  by_flag = counts (&fixture, "2026-11-28", TR_COUNT_BY_FLAG);
  g_assert_cmpuint (count_of (by_flag, "qpv"), ==, 2);
  g_assert_cmpuint (count_of (by_flag, "woman"), ==, 1);
  g_assert_cmpuint (count_of (by_flag, "under_26"), ==, 1);

  all_offers = counts (&fixture, NULL, TR_COUNT_BY_OFFER);
  g_assert_cmpuint (count_of (all_offers, "DEV"), ==, 3);
  g_assert_cmpuint (count_of (all_offers, "MKT"), ==, 1);
  g_assert_cmpstr (((TrCount *) g_ptr_array_index (all_offers, 0))->key, ==, "DEV");

  /* The cancelled seat is free again. */
  g_assert_cmpint (tr_store_get_seats_left (fixture.store, "MKT", &error), ==, 8);

  bad = tr_store_count (fixture.store, "2026-02-30", TR_COUNT_BY_OFFER, &error);
  g_assert_null (bad);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  store_fixture_tear_down (&fixture);
}

static void
test_events_hold_no_personal_details (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autofree char *events = NULL;
  const char *person = "{\"first_name\":\"Zoé\",\"last_name\":\"Testperson\",\"birth_date\":\"1988-03-14\","
                       "\"phone\":\"+33698765432\",\"email\":\"zoe.testperson@example.org\",\"postcode\":\"75018\"}";
  const char * const forbidden[] = {
    "Zoé", "Zo\\u00e9", "Testperson", "testperson", "+33698765432", "0698765432", "06 98 76 54 32",
    "698765432", "1988-03-14", "example.org",
  };

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("DEV", 2, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);
  registration = register_person (&fixture, "zoe", "DEV", "2026-11-28T10:00:00Z", person, no_flags, TRUE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) now = at ("2026-11-28T11:00:00Z");
    g_assert_true (tr_store_cancel (fixture.store, registration->code, "Zoé Testperson a trouvé un emploi", now, &error));
    g_assert_no_error (error);
  }

  /* The personal details are sealed in the registration… */
  {
    g_autofree char *details = open_details (registration);
    g_assert_nonnull (strstr (details, "\"last_name\":\"Testperson\""));
  }
  /* …and nowhere in what the events say. */
  {
    sqlite3 *db = raw_open (fixture.db_path);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind IN ('import', 'cancel')"), ==, 2);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE kind NOT IN ('import', 'cancel', 'office-key')"), ==, 0);
    events = raw_text (db, "SELECT group_concat (at || ' ' || kind || ' ' || detail, char (10)) FROM events");
    sqlite3_close (db);
  }
  g_assert_nonnull (strstr (events, registration->code));
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (events, forbidden[i]) != NULL)
      g_error ("the events hold “%s”:\n%s", forbidden[i], events);

  store_fixture_tear_down (&fixture);
}

static void
test_add_event_refuses_bad_json (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-28T10:00:00Z");

  store_fixture_set_up (&fixture, KIOSK);
  g_assert_false (tr_store_add_event (fixture.store, now, "export", "{\"rows\": ", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tr_store_add_event (fixture.store, now, "export", "{\"rows\":3}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT json_extract (detail, '$.rows') FROM events WHERE kind = 'export'"), ==, 3);
  store_fixture_tear_down (&fixture);
}

/* ---- closed for the day ---------------------------------------------- */

static gboolean
closed_on (StoreFixture *fixture, const char *date)
{
  g_autoptr(GError) error = NULL;
  gboolean closed = TRUE;

  g_assert_true (tr_store_is_closed_on (fixture->store, date, &closed, &error));
  g_assert_no_error (error);
  return closed;
}

static void
test_closed_for_the_day (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-28T10:00:00Z");

  store_fixture_set_up (&fixture, KIOSK);
  g_assert_false (closed_on (&fixture, "2026-11-28"));

  g_assert_true (tr_store_set_closed_on (fixture.store, "2026-11-28", TRUE, now, &error));
  g_assert_no_error (error);
  g_assert_true (closed_on (&fixture, "2026-11-28"));
  /* The next morning opens by itself. */
  g_assert_false (closed_on (&fixture, "2026-11-29"));

  /* Kept in the file, for a kiosk that restarts. */
  g_clear_object (&fixture.store);
  fixture.store = tr_store_open (fixture.db_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (closed_on (&fixture, "2026-11-28"));

  /* Opening another day leaves the closed one closed. */
  g_assert_true (tr_store_set_closed_on (fixture.store, "2026-11-27", FALSE, now, &error));
  g_assert_true (closed_on (&fixture, "2026-11-28"));
  g_assert_true (tr_store_set_closed_on (fixture.store, "2026-11-28", FALSE, now, &error));
  g_assert_no_error (error);
  g_assert_false (closed_on (&fixture, "2026-11-28"));

  g_assert_cmpint (raw_int_at (fixture.db_path,
                               "SELECT count(*) FROM events WHERE kind = 'registrations-closed' "
                               "AND json_extract (detail, '$.date') = '2026-11-28'"), ==, 1);
  g_assert_cmpint (raw_int_at (fixture.db_path,
                               "SELECT count(*) FROM events WHERE kind = 'registrations-opened'"), ==, 1);

  g_assert_false (tr_store_set_closed_on (fixture.store, "28/11/2026", TRUE, now, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
  g_assert_false (closed_on (&fixture, "2026-11-28"));
  store_fixture_tear_down (&fixture);
}

/* ---- check ----------------------------------------------------------- */

static GPtrArray *
run_check (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (tr_store_check (fixture->store, problems, &error));
  g_assert_no_error (error);
  return problems;
}

static gboolean
has_problem (GPtrArray *problems, const char *first, const char *second)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);
      if (strstr (problem, first) != NULL && (second == NULL || strstr (problem, second) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
test_check (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(TrRegistration) tampered = NULL;
  g_autofree char *tamper = NULL;
  sqlite3 *db;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("FULL", 2, TR_CATEGORY_DEVELOPER, NULL),
                       make_offer ("OTHER", 5, TR_CATEGORY_DATA, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *session = g_strdup_printf ("s%u", i);
      g_autoptr(TrRegistration) registration =
        register_person (&fixture, session, "FULL", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
      g_assert_no_error (error);
    }
  tampered = register_person (&fixture, "t", "OTHER", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);

  clean = run_check (&fixture);
  for (guint i = 0; i < clean->len; i++)
    g_test_message ("unexpected: %s", (char *) g_ptr_array_index (clean, i));
  g_assert_cmpuint (clean->len, ==, 0);

  /* Overbook with raw SQL, and change what a registration says behind its
   * receipt's back. */
  db = raw_open (fixture.db_path);
  raw_exec (db, "UPDATE registrations SET status = 'registered' WHERE status = 'waiting_list'");
  tamper = g_strdup_printf ("UPDATE registrations SET local_date = '2026-11-27' WHERE code = '%s'", tampered->code);
  raw_exec (db, tamper);
  raw_exec (db, "INSERT INTO registrations (session_id, code, created_at, local_date, kiosk_id, offer_id, status, "
                "verdict, flags, payload) VALUES ('x', 'NOT-A-CODE', '2026-11-28T10:00:00Z', "
                "'2026-11-28', '" KIOSK "', 'OTHER', 'waiting_list', 'eligible', '[]', 'garbage')");
  raw_exec (db, "PRAGMA foreign_keys = OFF; INSERT INTO registrations (session_id, code, created_at, local_date, "
                "kiosk_id, offer_id, status, verdict, flags, payload) VALUES ('y', 'Y', "
                "'2026-11-28T10:00:00Z', '2026-11-28', '" KIOSK "', 'GHOST', 'waiting_list', 'eligible', "
                "'[]', 'garbage')");
  sqlite3_close (db);

  problems = run_check (&fixture);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("found: %s", (char *) g_ptr_array_index (problems, i));
  g_assert_true (has_problem (problems, "FULL", "overbooked"));
  g_assert_true (has_problem (problems, "3 registered for 2 seats", NULL));
  g_assert_false (has_problem (problems, "OTHER", "overbooked"));
  g_assert_true (has_problem (problems, tampered->code, "does not say what"));
  g_assert_true (has_problem (problems, "NOT-A-CODE", "malformed"));
  g_assert_true (has_problem (problems, "NOT-A-CODE", "does not verify"));
  g_assert_true (has_problem (problems, "missing row of table offers", NULL));
  store_fixture_tear_down (&fixture);
}

/* ---- backup ---------------------------------------------------------- */

typedef struct {
  const char    *db_path;
  TrKeyPair     *keys;
  gint           stop;
  gint           n_written;
} Writer;

static gpointer
keep_registering (gpointer data)
{
  Writer *writer = data;
  g_autoptr(GError) error = NULL;
  StoreFixture fixture = { .keys = writer->keys };

  fixture.store = tr_store_open (writer->db_path, FALSE, &error);
  g_assert_no_error (error);
  while (!g_atomic_int_get (&writer->stop) || g_atomic_int_get (&writer->n_written) < 20)
    {
      g_autofree char *session = g_strdup_printf ("busy-%d", g_atomic_int_get (&writer->n_written));
      g_autoptr(TrRegistration) registration =
        register_person (&fixture, session, "BIG", "2026-11-28T10:00:00Z", NULL, no_flags, TRUE, &error);
      g_assert_no_error (error);
      g_atomic_int_inc (&writer->n_written);
    }
  g_clear_object (&fixture.store);
  return NULL;
}

static void
assert_backup_sound (const char *path, gint64 at_most)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrStore) copy = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *mode = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = raw_open (path);
  gint64 rows;

  integrity = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  rows = raw_int (db, "SELECT count(*) FROM registrations");
  g_assert_cmpint (rows, <=, at_most);
  sqlite3_close (db);

  copy = tr_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tr_store_get_kiosk_id (copy), ==, KIOSK);
  g_assert_true (tr_store_check (copy, problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
}

static guint
count_entries (const char *dir)
{
  GDir *listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (listing) != NULL)
    n++;
  g_dir_close (listing);
  return n;
}

static void
test_backup_while_writing (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autofree char *backups = NULL;
  g_autofree char *destination = NULL;
  g_autofree char *missing = NULL;
  Writer writer;
  GThread *thread;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("BIG", 10000, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);
  backups = g_build_filename (fixture.dir, "backups", NULL);
  g_assert_cmpint (g_mkdir (backups, 0700), ==, 0);
  destination = g_build_filename (backups, "tremplin-backup.db", NULL);

  writer = (Writer) { .db_path = fixture.db_path, .keys = fixture.keys };
  thread = g_thread_new ("writer", keep_registering, &writer);
  while (g_atomic_int_get (&writer.n_written) < 3)
    g_usleep (1000);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (tr_store_backup (fixture.store, destination, &error));
      g_assert_no_error (error);
      g_usleep (5000);
    }
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_assert_cmpint (writer.n_written, >=, 20);

  assert_backup_sound (destination, writer.n_written);
  /* Only the backup itself: no temporary file left beside it. */
  g_assert_cmpuint (count_entries (backups), ==, 1);

  /* Once the writer is done, a backup holds every row. */
  g_assert_true (tr_store_backup (fixture.store, destination, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int_at (destination, "SELECT count(*) FROM registrations"), ==, writer.n_written);

  /* Never over the live database. */
  g_assert_false (tr_store_backup (fixture.store, fixture.db_path, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "database itself"));
  g_clear_error (&error);
  {
    g_autofree char *roundabout = g_build_filename (fixture.dir, "backups", "..", "tremplin.db", NULL);
    g_assert_false (tr_store_backup (fixture.store, roundabout, &error));
    g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations"), ==, writer.n_written);

  missing = g_build_filename (fixture.dir, "no-such-folder", "backup.db", NULL);
  g_assert_false (tr_store_backup (fixture.store, missing, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  store_fixture_tear_down (&fixture);
}

/* ---- retention and erasure ------------------------------------------ */

static gboolean
details_erased (StoreFixture *fixture, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = tr_store_find_by_code (fixture->store, code, &error);

  g_assert_no_error (error);
  return registration->details == NULL;
}

static void
record_export (StoreFixture *fixture, const char *date, const char *at_iso)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = at (at_iso);
  g_autofree char *detail = g_strdup_printf ("{\"date\":\"%s\",\"format\":\"csv\",\"rows\":1}", date);

  g_assert_true (tr_store_add_event (fixture->store, when, "export", detail, &error));
  g_assert_no_error (error);
}

static void
test_retention_after_export (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) old_exported = NULL;
  g_autoptr(TrRegistration) old_late = NULL;
  g_autoptr(TrRegistration) old_not_exported = NULL;
  g_autoptr(TrRegistration) recent = NULL;
  g_autoptr(GDateTime) now = at ("2026-12-31T10:00:00Z");
  guint n = 99;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("DEV", 50, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);
  old_exported = register_person (&fixture, "a", "DEV", "2026-11-02T09:00:00Z", NULL, no_flags, TRUE, &error);
  /* Registered on the same day, after that day's export. */
  old_late = register_person (&fixture, "b", "DEV", "2026-11-02T17:00:00Z", NULL, no_flags, TRUE, &error);
  old_not_exported = register_person (&fixture, "c", "DEV", "2026-11-03T09:00:00Z", NULL, no_flags, TRUE, &error);
  recent = register_person (&fixture, "d", "DEV", "2026-12-20T09:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);
  record_export (&fixture, "2026-11-02", "2026-11-02T16:00:00Z");
  record_export (&fixture, "2026-12-20", "2026-12-20T18:00:00Z");

  /* 60 days: nothing is old enough. */
  g_assert_true (tr_store_forget_exported (fixture.store, 60, now, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  g_assert_true (tr_store_forget_exported (fixture.store, 30, now, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (details_erased (&fixture, old_exported->code));
  g_assert_false (details_erased (&fixture, old_late->code));
  g_assert_false (details_erased (&fixture, old_not_exported->code));
  g_assert_false (details_erased (&fixture, recent->code));
  /* The registration itself stays: receipts still verify, figures count it. */
  g_assert_cmpint (raw_int_at (fixture.db_path, "SELECT count(*) FROM registrations"), ==, 4);
  g_assert_cmpint (raw_int_at (fixture.db_path,
                               "SELECT count(*) FROM events WHERE kind = 'forget' AND "
                               "detail = '{\"date\":\"2026-11-02\",\"count\":\"1\",\"reason\":\"retention\"}'"), ==, 1);
  /* The old blob is gone from the file and its log. */
  {
    g_autofree char *wal = g_strconcat (fixture.db_path, "-wal", NULL);
    const char *files[] = { fixture.db_path, wal };
    gsize sealed_length;
    const guint8 *sealed = g_bytes_get_data (old_exported->details, &sealed_length);

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *contents = NULL;
        gsize length = 0;

        if (!g_file_get_contents (files[i], &contents, &length, NULL))
          continue;
        for (gsize j = 0; j + 24 <= length; j++)
          g_assert_false (memcmp (contents + j, sealed + sealed_length / 2, 24) == 0);
      }
  }

  /* Running again finds nothing more; once the late one is exported, it goes. */
  g_assert_true (tr_store_forget_exported (fixture.store, 30, now, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  record_export (&fixture, "2026-11-02", "2026-11-03T08:00:00Z");
  g_assert_true (tr_store_forget_exported (fixture.store, 30, now, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (details_erased (&fixture, old_late->code));
  store_fixture_tear_down (&fixture);
}

static void
test_erase_on_request (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-30T10:00:00Z");
  g_autofree char *detail = NULL;
  g_autofree char *expected = NULL;
  sqlite3 *db;

  store_fixture_set_up (&fixture, KIOSK);
  offers = offer_list (make_offer ("DEV", 5, TR_CATEGORY_DEVELOPER, NULL), NULL);
  import_or_fail (fixture.store, offers, NULL);
  registration = register_person (&fixture, "a", "DEV", "2026-11-28T09:00:00Z", NULL, no_flags, TRUE, &error);
  g_assert_no_error (error);

  g_assert_false (tr_store_erase_details (fixture.store, registration->code, "  ", now, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *unknown = tr_code_generate ();
    g_assert_false (tr_store_erase_details (fixture.store, unknown, "asked by the person", now, &error));
    g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  }
  g_clear_error (&error);
  g_assert_false (details_erased (&fixture, registration->code));

  g_assert_true (tr_store_erase_details (fixture.store, registration->code, " asked by the person ", now, &error));
  g_assert_no_error (error);
  g_assert_true (details_erased (&fixture, registration->code));
  g_assert_false (tr_store_erase_details (fixture.store, registration->code, "again", now, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_clear_error (&error);

  /* The tombstone: when, why and the code, nothing else. */
  db = raw_open (fixture.db_path);
  detail = raw_text (db, "SELECT at || ' ' || detail FROM events WHERE kind = 'erase'");
  sqlite3_close (db);
  expected = g_strdup_printf ("2026-11-30T10:00:00Z {\"code\":\"%s\",\"reason\":\"asked by the person\"}",
                              registration->code);
  g_assert_cmpstr (detail, ==, expected);
  /* Opening erased details says so. */
  {
    g_autoptr(TrRegistration) erased = tr_store_find_by_code (fixture.store, registration->code, &error);
    g_autoptr(GBytes) clear = tr_registration_open_details (erased, test_office ()->key, &error);

    g_assert_null (clear);
    g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  store_fixture_tear_down (&fixture);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/create-and-reopen", test_open_create_and_reopen);
  g_test_add_func ("/store/open/refuses-text-file", test_open_refuses_text_file);
  g_test_add_func ("/store/open/refuses-other-application", test_open_refuses_other_application);
  g_test_add_func ("/store/open/refuses-newer-version", test_open_refuses_newer_version);
  g_test_add_func ("/store/open/refuses-folder", test_open_refuses_folder);
  g_test_add_func ("/store/identity/kiosk-id-rule", test_kiosk_id_rule);
  g_test_add_func ("/store/identity", test_identity);
  g_test_add_func ("/store/import/reimport", test_import_and_reimport);
  g_test_add_func ("/store/import/has-offers", test_has_offers);
  g_test_add_func ("/store/register/to-capacity", test_register_to_capacity);
  g_test_add_func ("/store/register/full-refused", test_register_full_refused);
  g_test_add_func ("/store/register/same-session-twice", test_register_same_session_twice);
  g_test_add_func ("/store/register/file-gone", test_register_file_gone);
  g_test_add_func ("/store/register/bad-requests", test_register_bad_requests);
  g_test_add_func ("/store/register/then-close", test_register_then_close);
  g_test_add_func ("/store/register/race-between-connections", test_register_race_between_connections);
  g_test_add_func ("/store/counts", test_counts);
  g_test_add_func ("/store/events/no-personal-details", test_events_hold_no_personal_details);
  g_test_add_func ("/store/events/refuses-bad-json", test_add_event_refuses_bad_json);
  g_test_add_func ("/store/closed-for-the-day", test_closed_for_the_day);
  g_test_add_func ("/store/check", test_check);
  g_test_add_func ("/store/backup/while-writing", test_backup_while_writing);
  g_test_add_func ("/store/retention/after-export", test_retention_after_export);
  g_test_add_func ("/store/retention/erase", test_erase_on_request);
  return g_test_run ();
}

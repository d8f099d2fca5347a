/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store-fixture.h — what the store, migration and export tests share: a
 * scratch folder, offers made in code, the test's office key, a store with
 * an identity that seals to that key, and raw SQL through a connection of
 * the test's own. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "tr-error.h"
#include "tr-keys.h"
#include "tr-offer.h"
#include "office-fixture.h"
#include "tr-store.h"

typedef struct {
  char      *dir;
  char      *db_path;
  TrKeyPair *keys;
  TrStore   *store;
} StoreFixture;

static inline void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static inline TrOffer *
make_offer (const char *id,
            guint       seats,
            TrCategory  category,
            const char *title)
{
  TrOfferData data = {
    .id = g_strdup (id),
    .title = g_strdup (title != NULL ? title : "Développeuse web"),
    .category = category,
    .provider = g_strdup ("École du Code"),
    .address = g_strdup ("12 rue des Lilas"),
    .postcode = g_strdup ("75020"),
    .modality = TR_MODALITY_ON_SITE,
    .audience = TR_AUDIENCE_ALL,
    .min_level = TR_LEVEL_NONE,
    .hours = 400,
    .start_date = g_strdup ("2027-01-04"),
    .end_date = g_strdup ("2027-06-30"),
    .seats = seats,
    .info_session = g_strdup ("2026-12-10 14:00, 12 rue des Lilas"),
    .description = g_strdup ("Une formation intensive."),
  };
  return tr_offer_new (&data);
}

static inline GPtrArray *
offer_list (TrOffer *first, ...)
{
  GPtrArray *offers = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (TrOffer *offer = first; offer != NULL; offer = va_arg (args, TrOffer *))
    g_ptr_array_add (offers, offer);
  va_end (args);
  return offers;
}

static inline GDateTime *
at (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (time);
  return time;
}

static inline void
import_or_fail (TrStore *store, GPtrArray *offers, TrImportStats *stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-20T09:00:00Z");

  g_assert_true (tr_store_import_offers (store, offers, now, stats, &error));
  g_assert_no_error (error);
}

static inline void
store_fixture_set_up (StoreFixture *fixture, const char *kiosk_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = NULL;

  fixture->dir = g_dir_make_tmp ("tremplin-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "tremplin.db", NULL);
  key_path = g_build_filename (fixture->dir, "kiosk.key", NULL);
  fixture->keys = tr_key_pair_create (key_path, &error);
  g_assert_no_error (error);
  fixture->store = tr_store_open (fixture->db_path, TRUE, &error);
  g_assert_no_error (error);
  store_use_test_office (fixture->store);
  if (kiosk_id != NULL)
    {
      g_assert_true (tr_store_set_identity (fixture->store, kiosk_id, fixture->keys->public_key, &error));
      g_assert_no_error (error);
    }
}

static inline void
store_fixture_tear_down (StoreFixture *fixture)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->keys, tr_key_pair_free);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
}

static inline TrRegistration *
register_person (StoreFixture *fixture,
                 const char   *session_id,
                 const char   *offer_id,
                 const char   *when,
                 const char   *person_json,
                 const char * const *flags,
                 gboolean      accept_waiting_list,
                 GError      **error)
{
  g_autoptr(GDateTime) now = at (when);
  TrRegistrationRequest request = {
    .session_id = session_id,
    .offer_id = offer_id,
    .now = now,
    .verdict = "eligible",
    .answers_json = "{\"postcode\":\"75019\",\"qpv\":\"yes\",\"job_status\":\"registered\"}",
    .flags = flags,
    .person_json = person_json != NULL ? person_json
                   : "{\"first_name\":\"Awa\",\"last_name\":\"Diallo\",\"birth_date\":\"1990-04-02\","
                     "\"phone\":\"+33612345678\",\"postcode\":\"75019\"}",
    .accept_waiting_list = accept_waiting_list,
  };
  return tr_store_register (fixture->store, &request, fixture->keys, error);
}

/* A connection of the test's own, to look at or damage what the store wrote. */
static inline sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static inline void
raw_exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static inline gint64
raw_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static inline char *
raw_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static inline gint64
raw_int_at (const char *path, const char *sql)
{
  sqlite3 *db = raw_open (path);
  gint64 value = raw_int (db, sql);

  sqlite3_close (db);
  return value;
}

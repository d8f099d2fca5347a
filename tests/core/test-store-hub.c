/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-hub.c — tests the store's side of the hub: seats against leases, the outbox, the sync's record. */
#include "config.h"

#include <glib.h>

#include "store-fixture.h"

#define KIOSK "mairie-19-01"
#define FAR_FUTURE G_GINT64_CONSTANT (4102444800) /* 2100-01-01 */

static void
set_up (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) offers = offer_list (make_offer ("DEV-1", 10, TR_CATEGORY_DEVELOPER, NULL),
                                            make_offer ("DEV-2", 10, TR_CATEGORY_DEVELOPER, NULL), NULL);

  store_fixture_set_up (fixture, KIOSK);
  import_or_fail (fixture->store, offers, NULL);
}

static void
tear_down (StoreFixture *fixture, gconstpointer data)
{
  store_fixture_tear_down (fixture);
}

static char *
register_ok (StoreFixture *fixture, const char *session, const char *offer, const char *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = register_person (fixture, session, offer, when, NULL, NULL, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (registration);
  return g_strdup (registration->status);
}

static guint
lease_held (StoreFixture *fixture, const char *offer)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce ((SELECT held FROM leases WHERE offer_id = '%s'), -1)", offer);
  return (guint) raw_int_at (fixture->db_path, sql);
}

static void
set_lease (StoreFixture *fixture, const char *offer, guint hub_held, gint64 expires_at, guint expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2027, 3, 14, 9, 0, 0);
  guint held = 999;

  g_assert_true (tr_store_update_lease (fixture->store, offer, hub_held, expires_at, now, &held, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (held, ==, expected);
}

/* Without a hub, the offer's own seats count as always, leases or not. */
static void
test_without_hub (StoreFixture *fixture, gconstpointer data)
{
  g_autofree char *status = NULL;

  g_assert_false (tr_store_get_seat_leases (fixture->store));
  status = register_ok (fixture, "s1", "DEV-1", "2026-12-01T10:00:00Z");
  g_assert_cmpstr (status, ==, "registered");
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT lease_seat FROM registrations"), ==, 0);
  /* It is in the outbox all the same, from its own transaction. */
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM registrations WHERE hub_sent_at IS NULL"), ==, 1);
}

/* With a hub: registered only on a seat of an unexpired lease, taken in
 * the same transaction; the rest on the waiting list. */
static void
test_seats_from_lease (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) refused = NULL;
  const char *expected[] = { "registered", "registered", "waiting_list", "waiting_list" };

  tr_store_set_seat_leases (fixture->store, TRUE);
  /* No lease at all: the waiting list, or FULL for one who will not wait. */
  refused = register_person (fixture, "s0", "DEV-1", "2026-12-01T09:00:00Z", NULL, NULL, FALSE, &error);
  g_assert_error (error, TR_ERROR, TR_ERROR_FULL);
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM registrations"), ==, 0);

  set_lease (fixture, "DEV-1", 2, FAR_FUTURE, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *session = g_strdup_printf ("s%u", i + 1);
      g_autofree char *status = register_ok (fixture, session, "DEV-1", "2026-12-01T10:00:00Z");

      g_assert_cmpstr (status, ==, expected[i]);
    }
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 0);
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM registrations WHERE lease_seat = 1"), ==, 2);
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM registrations WHERE status = 'registered' "
                                                 "AND lease_seat = 1"), ==, 2);
  /* Another offer's lease is another offer's. */
  {
    g_autofree char *status = register_ok (fixture, "s9", "DEV-2", "2026-12-01T10:00:00Z");
    g_assert_cmpstr (status, ==, "waiting_list");
  }
  /* The same walk-in again: the first registration stands, no seat taken. */
  set_lease (fixture, "DEV-1", 5, FAR_FUTURE, 3);
  {
    g_autofree char *status = register_ok (fixture, "s3", "DEV-1", "2026-12-01T10:05:00Z");
    g_assert_cmpstr (status, ==, "waiting_list");
  }
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 3);
}

static void
test_expired_lease (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GDateTime) expiry = at ("2026-12-01T12:00:00Z");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  tr_store_set_seat_leases (fixture->store, TRUE);
  set_lease (fixture, "DEV-1", 3, g_date_time_to_unix (expiry), 3);
  before = register_ok (fixture, "s1", "DEV-1", "2026-12-01T11:59:59Z");
  after = register_ok (fixture, "s2", "DEV-1", "2026-12-01T12:00:00Z");
  g_assert_cmpstr (before, ==, "registered");
  g_assert_cmpstr (after, ==, "waiting_list");
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 2);
}

static char *
code_of (StoreFixture *fixture, const char *session)
{
  g_autofree char *sql = g_strdup_printf ("SELECT code FROM registrations WHERE session_id = '%s'", session);
  sqlite3 *db = raw_open (fixture->db_path);
  char *code = raw_text (db, sql);

  sqlite3_close (db);
  return code;
}

static void
cancel (StoreFixture *fixture, const char *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-12-01T15:00:00Z");
  g_autofree char *code = code_of (fixture, session);

  g_assert_true (tr_store_cancel (fixture->store, code, "changed their mind", now, &error));
  g_assert_no_error (error);
}

static void
ack (StoreFixture *fixture, GPtrArray *rows, gboolean duplicate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-12-01T16:00:00Z");

  for (guint i = 0; i < rows->len; i++)
    {
      TrOutboxRow *row = g_ptr_array_index (rows, i);

      row->sent_cancelled = row->cancelled_at != NULL;
      row->duplicate = duplicate;
    }
  g_assert_true (tr_store_outbox_mark_sent (fixture->store, rows, now, &error));
  g_assert_no_error (error);
}

static GPtrArray *
claim (StoreFixture *fixture, guint max)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-12-01T15:30:00Z");
  GPtrArray *rows = tr_store_outbox_claim (fixture->store, 0, max, now, &error);

  g_assert_no_error (error);
  return rows;
}

static void
assert_outbox (StoreFixture *fixture, guint registrations, guint cancellations)
{
  g_autoptr(GError) error = NULL;
  guint r = 999, c = 999;

  g_assert_true (tr_store_outbox_count (fixture->store, &r, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r, ==, registrations);
  g_assert_cmpuint (c, ==, cancellations);
}

/* A cancellation gives the seat back to the lease while the hub has not
 * counted it; once handed to the hub, the hub frees it for every kiosk. */
static void
test_cancel_gives_seat_back (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) cancels = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-12-01T17:00:00Z");

  tr_store_set_seat_leases (fixture->store, TRUE);
  set_lease (fixture, "DEV-1", 3, FAR_FUTURE, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *session = g_strdup_printf ("s%u", i + 1);
      g_autofree char *status = register_ok (fixture, session, "DEV-1", "2026-12-01T10:00:00Z");
      g_assert_cmpstr (status, ==, "registered");
    }
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 0);

  /* Not sent: back to the lease, and it goes to the hub as cancelled. */
  cancel (fixture, "s1");
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 1);
  {
    g_autofree char *status = register_ok (fixture, "s4", "DEV-1", "2026-12-01T15:10:00Z");
    g_assert_cmpstr (status, ==, "registered");
  }
  assert_outbox (fixture, 4, 1);

  /* Handed to the hub (claimed), then cancelled: the seat is the hub's. */
  rows = claim (fixture, 2);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_nonnull (((TrOutboxRow *) g_ptr_array_index (rows, 0))->cancelled_at);
  g_assert_null (((TrOutboxRow *) g_ptr_array_index (rows, 1))->cancelled_at);
  cancel (fixture, "s2");
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 0);
  ack (fixture, rows, FALSE);
  /* s1 went cancelled (its cancellation with it); s2 went before it was
   * cancelled: its cancellation waits for the hub. */
  assert_outbox (fixture, 2, 1);
  cancels = tr_store_outbox_cancellations (fixture->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cancels->len, ==, 1);
  {
    TrOutboxRow *row = g_ptr_array_index (cancels, 0);
    g_autofree char *code = code_of (fixture, "s2");

    g_assert_cmpstr (row->registration->code, ==, code);
    g_assert_cmpstr (row->cancelled_at, ==, "2026-12-01T15:00:00Z");
    g_assert_true (tr_store_outbox_mark_cancel_sent (fixture->store, row->registration->id, now, &error));
    g_assert_no_error (error);
  }
  assert_outbox (fixture, 2, 0);
  g_clear_pointer (&cancels, g_ptr_array_unref);
  cancels = tr_store_outbox_cancellations (fixture->store, 10, &error);
  g_assert_cmpuint (cancels->len, ==, 0);

  /* A cancellation not yet sent of a row not yet sent is sent with it. */
  g_assert_cmpint (raw_int_at (fixture->db_path, "SELECT count(*) FROM registrations WHERE lease_seat = 1"), ==, 2);
}

/* The hub's figure for a lease counts seats this kiosk used that the hub
 * has not heard of yet: they are taken off. */
static void
test_update_lease_counts_unsent (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = NULL;

  tr_store_set_seat_leases (fixture->store, TRUE);
  set_lease (fixture, "DEV-1", 3, FAR_FUTURE, 3);
  g_free (register_ok (fixture, "s1", "DEV-1", "2026-12-01T10:00:00Z"));
  g_free (register_ok (fixture, "s2", "DEV-1", "2026-12-01T10:00:00Z"));
  /* The hub still says 3 (nothing sent): 1 may be used. */
  set_lease (fixture, "DEV-1", 3, FAR_FUTURE, 1);
  /* Topped up to 5 at the hub: 3. */
  set_lease (fixture, "DEV-1", 5, FAR_FUTURE, 3);
  /* Both sent: the hub's figure is the kiosk's. */
  rows = claim (fixture, 10);
  ack (fixture, rows, FALSE);
  set_lease (fixture, "DEV-1", 3, FAR_FUTURE, 3);
  /* Never below nothing. */
  g_free (register_ok (fixture, "s3", "DEV-1", "2026-12-01T10:00:00Z"));
  set_lease (fixture, "DEV-1", 0, FAR_FUTURE, 0);
}

/* A row claimed, cancelled, then (the sync killed before the hub answered)
 * claimed again goes as cancelled: the hub never counted its seat, so it
 * comes back to the lease once, and not on a duplicate. */
static void
test_resent_cancelled (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;

  tr_store_set_seat_leases (fixture->store, TRUE);
  set_lease (fixture, "DEV-1", 2, FAR_FUTURE, 2);
  g_free (register_ok (fixture, "s1", "DEV-1", "2026-12-01T10:00:00Z"));
  g_free (register_ok (fixture, "s2", "DEV-1", "2026-12-01T10:00:00Z"));
  first = claim (fixture, 10);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDateTime) now = at ("2026-12-01T15:30:00Z");
    g_autoptr(GPtrArray) later = tr_store_outbox_claim (fixture->store, ((TrOutboxRow *) g_ptr_array_index (first, 0))->registration->id,
                                                        10, now, &error);
    guint unsent = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (later->len, ==, 1);
    g_assert_true (tr_store_count_unsent_seats (fixture->store, "DEV-1", &unsent, &error));
    g_assert_cmpuint (unsent, ==, 2);
  }
  cancel (fixture, "s1");
  cancel (fixture, "s2");
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 0);
  again = claim (fixture, 10);
  g_assert_cmpuint (again->len, ==, 2);
  ((TrOutboxRow *) g_ptr_array_index (again, 1))->duplicate = TRUE;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDateTime) now = at ("2026-12-01T16:00:00Z");

    for (guint i = 0; i < again->len; i++)
      ((TrOutboxRow *) g_ptr_array_index (again, i))->sent_cancelled = TRUE;
    g_assert_true (tr_store_outbox_mark_sent (fixture->store, again, now, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 1);
  assert_outbox (fixture, 0, 0);
  /* Marking again changes nothing. */
  ack (fixture, first, FALSE);
  g_assert_cmpuint (lease_held (fixture, "DEV-1"), ==, 1);
}

static void
test_release_and_active (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) active = NULL;
  g_autoptr(GPtrArray) leases = NULL;
  guint released = 99;

  tr_store_set_seat_leases (fixture->store, TRUE);
  set_lease (fixture, "DEV-2", 4, FAR_FUTURE, 4);
  g_assert_true (tr_store_release_lease (fixture->store, "DEV-2", 3, &released, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (released, ==, 3);
  g_assert_true (tr_store_release_lease (fixture->store, "DEV-2", 3, &released, &error));
  g_assert_cmpuint (released, ==, 1);
  g_assert_true (tr_store_release_lease (fixture->store, "NONE", 3, &released, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (released, ==, 0);
  leases = tr_store_get_leases (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leases->len, ==, 1);
  g_assert_cmpstr (((TrLease *) g_ptr_array_index (leases, 0))->offer_id, ==, "DEV-2");
  g_assert_cmpuint (((TrLease *) g_ptr_array_index (leases, 0))->held, ==, 0);
  g_assert_cmpint (((TrLease *) g_ptr_array_index (leases, 0))->expires_at, ==, FAR_FUTURE);

  g_free (register_ok (fixture, "old", "DEV-1", "2026-11-01T10:00:00Z"));
  active = tr_store_get_active_offers (fixture->store, "2026-11-25", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (active), ==, 1);
  g_assert_cmpstr (active[0], ==, "DEV-2");
  g_free (register_ok (fixture, "new", "DEV-1", "2026-11-30T10:00:00Z"));
  g_clear_pointer (&active, g_strfreev);
  active = tr_store_get_active_offers (fixture->store, "2026-11-25", &error);
  g_assert_cmpuint (g_strv_length (active), ==, 2);
}

static void
test_sync_record (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = at ("2026-12-01T10:00:00Z");
  g_autoptr(GDateTime) second = at ("2026-12-01T10:05:00Z");
  g_autoptr(TrSyncRecord) record = NULL;

  g_assert_true (tr_store_record_sync_attempt (fixture->store, first, NULL, &error));
  g_assert_true (tr_store_record_sync_attempt (fixture->store, second, "the hub is out of reach", &error));
  g_assert_true (tr_store_set_publication_version (fixture->store, 7, &error));
  g_assert_true (tr_store_set_publication_version (fixture->store, 5, &error));
  g_assert_true (tr_store_set_leases_returned_on (fixture->store, "2026-12-01", &error));
  g_assert_no_error (error);
  record = tr_store_get_sync_record (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->last_success, ==, "2026-12-01T10:00:00Z");
  g_assert_cmpstr (record->last_attempt, ==, "2026-12-01T10:05:00Z");
  g_assert_cmpstr (record->last_error, ==, "the hub is out of reach");
  g_assert_cmpint (record->publication_version, ==, 7);
  g_assert_cmpstr (record->leases_returned_on, ==, "2026-12-01");
}

static int
seats_left (StoreFixture *fixture, const char *offer)
{
  g_autoptr(GError) error = NULL;
  int left = tr_store_get_seats_left (fixture->store, offer, &error);

  g_assert_no_error (error);
  return left;
}

/* The offers list with a hub: once the hub has said how many seats of an
 * offer are free in the programme, those and this kiosk's own lease are
 * what it can give, whatever the catalogue's seats and its own
 * registrations; an offer the hub has not named counts as before. */
static void
test_seats_left_from_hub (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GHashTable) free = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  tr_store_set_seat_leases (fixture->store, TRUE);
  set_lease (fixture, "DEV-1", 2, FAR_FUTURE, 2);
  status = register_ok (fixture, "s1", "DEV-1", "2026-12-01T10:00:00Z");
  g_assert_cmpstr (status, ==, "registered");
  /* The hub has said nothing yet: the catalogue's 10, less the one here. */
  g_assert_cmpint (seats_left (fixture, "DEV-1"), ==, 9);

  /* Other kiosks sold most of the programme's seats: 3 free at the hub,
   * and the one left on this kiosk's lease. */
  g_hash_table_insert (free, "DEV-1", GUINT_TO_POINTER (3));
  g_assert_true (tr_store_set_hub_free_seats (fixture->store, free, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seats_left (fixture, "DEV-1"), ==, 4);
  g_assert_cmpint (seats_left (fixture, "DEV-2"), ==, 10);
  /* The lease's last seat used here: one fewer at once. */
  g_free (status);
  status = register_ok (fixture, "s2", "DEV-1", "2026-12-01T10:05:00Z");
  g_assert_cmpstr (status, ==, "registered");
  g_assert_cmpint (seats_left (fixture, "DEV-1"), ==, 3);
  /* The programme full: none, though the catalogue says 10. */
  g_hash_table_insert (free, "DEV-1", GUINT_TO_POINTER (0));
  g_assert_true (tr_store_set_hub_free_seats (fixture->store, free, &error));
  g_assert_cmpint (seats_left (fixture, "DEV-1"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, StoreFixture, NULL, set_up, func, tear_down)
  ADD ("/store-hub/seats-left-from-hub", test_seats_left_from_hub);
  ADD ("/store-hub/without-hub", test_without_hub);
  ADD ("/store-hub/seats-from-lease", test_seats_from_lease);
  ADD ("/store-hub/expired-lease", test_expired_lease);
  ADD ("/store-hub/cancel-gives-seat-back", test_cancel_gives_seat_back);
  ADD ("/store-hub/update-lease-counts-unsent", test_update_lease_counts_unsent);
  ADD ("/store-hub/resent-cancelled", test_resent_cancelled);
  ADD ("/store-hub/release-and-active", test_release_and_active);
  ADD ("/store-hub/sync-record", test_sync_record);
#undef ADD
  return g_test_run ();
}

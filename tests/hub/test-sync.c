/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync.c — tests TrSync without a hub: its configuration's checks, its state in the caller's main context, back-off, and the refill's time-out against a hub that never answers. */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tr-error.h"
#include "tr-hub.h"
#include "tr-keys.h"
#include "tr-office-key.h"
#include "tr-sync.h"

#define KIOSK "mairie-19-01"

typedef struct {
  char      *dir;
  char      *db;
  TrKeyPair *keys;
  TrStore   *store;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *office_path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint8 office_key[TR_OFFICE_KEY_BYTES];

  fixture->dir = g_dir_make_tmp ("tremplin-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "tremplin.db", NULL);
  key_path = g_build_filename (fixture->dir, "kiosk.key", NULL);
  office_path = g_build_filename (fixture->dir, "office.key", NULL);
  fixture->keys = tr_key_pair_create (key_path, &error);
  g_assert_no_error (error);
  g_assert_true (tr_office_key_create (office_path, "les quatre saisons du code", TR_OFFICE_KEY_COST_INTERACTIVE,
                                       office_key, &error));
  fixture->store = tr_store_open (fixture->db, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (tr_store_set_identity (fixture->store, KIOSK, fixture->keys->public_key, &error));
  g_assert_true (tr_store_save_office_key (fixture->store, office_key, now, &error));
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->keys, tr_key_pair_free);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

/* Hub= checked word by word: the role added, the password added and
 * quoted, and each mistake said with what to do. */
static void
test_conninfo (void)
{
  TrSyncConfig config = { .conninfo = (char *) "host=/tmp/x dbname=tremplin", .password = (char *) "it's\\n" };
  g_autoptr(GError) error = NULL;
  g_autofree char *info = tr_sync_config_conninfo (&config, KIOSK, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (info, "host='/tmp/x'"));
  g_assert_nonnull (strstr (info, "user='kiosk_" KIOSK "'"));
  g_assert_nonnull (strstr (info, "password='it\\'s\\\\n'"));
  g_assert_nonnull (strstr (info, "tcp_user_timeout='30000'"));
  g_assert_nonnull (strstr (info, "keepalives_idle='30'"));
  g_clear_pointer (&info, g_free);
  /* Hub= may say otherwise. */
  config.conninfo = (char *) "host=/tmp/x tcp_user_timeout=5000";
  info = tr_sync_config_conninfo (&config, KIOSK, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (info, "tcp_user_timeout='5000'"));
  g_assert_null (strstr (info, "tcp_user_timeout='30000'"));
  g_clear_pointer (&info, g_free);

  /* A URI, with its own password and the right role. */
  config.conninfo = (char *) "postgresql://kiosk_" KIOSK ":pw@hub.example.org/tremplin";
  config.password = NULL;
  info = tr_sync_config_conninfo (&config, KIOSK, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (info, "password='pw'"));
  g_clear_pointer (&info, g_free);
  /* HubPassword= wins over one in Hub=. */
  config.password = (char *) "new";
  info = tr_sync_config_conninfo (&config, KIOSK, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (info, "password='pw'"));
  g_assert_nonnull (strstr (info, "password='new'"));
  g_clear_pointer (&info, g_free);
  config.password = NULL;

  config.conninfo = (char *) "host=hub.example.org";
  info = tr_sync_config_conninfo (&config, KIOSK, &error);
  g_assert_null (info);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "HubPassword= is missing"));
  g_clear_error (&error);
  /* A client certificate instead: no password asked for, none given. */
  config.conninfo = (char *) "host=hub.example.org sslmode=verify-full sslcert=/etc/tremplin/kiosk.crt "
                             "sslkey=/etc/tremplin/kiosk.key";
  info = tr_sync_config_conninfo (&config, KIOSK, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (info, "sslcert='/etc/tremplin/kiosk.crt'"));
  g_assert_null (strstr (info, "password="));
  g_clear_pointer (&info, g_free);

  config.conninfo = (char *) "host=hub.example.org user=kiosk_other password=x";
  info = tr_sync_config_conninfo (&config, KIOSK, &error);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "logs in as “kiosk_other”"));
  g_clear_error (&error);

  config.conninfo = (char *) "host=hub.example.org colour=blue";
  info = tr_sync_config_conninfo (&config, KIOSK, &error);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "Hub= is not a connection line"));
  g_clear_error (&error);

  /* From kiosk.conf: Hub=, HubPassword=, HubLeaseSeats=, HubCloseHour=, OfficeKey=. */
  {
    g_autoptr(TrConfig) kiosk = tr_config_new_default ();
    g_autoptr(TrSyncConfig) from = NULL;

    kiosk->hub = g_strdup ("host=hub.example.org");
    kiosk->hub_password = g_strdup ("pw");
    kiosk->hub_lease_seats = 5;
    kiosk->hub_close_hour = 17;
    kiosk->has_office_key = TRUE;
    memset (kiosk->office_key, 7, sizeof kiosk->office_key);
    from = tr_sync_config_new (kiosk, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (from->conninfo, ==, "host=hub.example.org");
    g_assert_cmpstr (from->password, ==, "pw");
    g_assert_cmpstr (from->database, ==, kiosk->database);
    g_assert_cmpuint (from->lease_seats, ==, 5);
    g_assert_cmpuint (from->close_hour, ==, 17);
    g_assert_true (from->top_up);
    g_assert_true (from->has_office_key);
    g_assert_cmpmem (from->office_key, TR_OFFICE_KEY_BYTES, kiosk->office_key, TR_OFFICE_KEY_BYTES);
  }
  /* No Hub=: no sync, no error. */
  {
    g_autoptr(TrConfig) kiosk = tr_config_new_default ();
    g_autoptr(TrSyncConfig) none = tr_sync_config_new (kiosk, &error);

    g_assert_no_error (error);
    g_assert_null (none);
  }
}

static void
register_one (Fixture *fixture, const char *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TrRegistration) registration = NULL;
  TrOfferData data = {
    .id = g_strdup ("DEV-1"), .title = g_strdup ("Développeuse web"), .category = TR_CATEGORY_DEVELOPER,
    .provider = g_strdup ("École du Code"), .address = g_strdup ("12 rue des Lilas"), .postcode = g_strdup ("75020"),
    .hours = 400, .start_date = g_strdup ("2027-01-04"), .end_date = g_strdup ("2027-06-30"), .seats = 10,
    .info_session = g_strdup (""), .description = g_strdup (""),
  };
  TrRegistrationRequest request = {
    .session_id = session, .offer_id = "DEV-1", .now = now, .verdict = "eligible",
    .answers_json = "{}", .person_json = "{\"first_name\":\"Awa\"}", .accept_waiting_list = TRUE,
  };

  g_ptr_array_add (offers, tr_offer_new (&data));
  g_assert_true (tr_store_import_offers (fixture->store, offers, now, NULL, &error));
  tr_store_set_seat_leases (fixture->store, TRUE);
  registration = tr_store_register (fixture->store, &request, fixture->keys, &error);
  g_assert_no_error (error);
  /* No lease: the waiting list. */
  g_assert_cmpstr (registration->status, ==, "waiting_list");
}

typedef struct {
  GThread *main_thread;
  guint    changes;
  gboolean other_thread;
} Watch;

static void
on_state_changed (TrSync *sync, gpointer data)
{
  Watch *watch = data;

  watch->changes++;
  watch->other_thread |= g_thread_self () != watch->main_thread;
}

static void
wait_for_changes (Watch *watch, guint changes, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (watch->changes < changes && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
}

/* The hub out of reach: the thread's first round fails at once, the state
 * reaches the main context with the error and the outbox count; a wake does
 * not cut the back-off short; the next round comes after it. */
static void
test_unreachable (Fixture *fixture, gconstpointer data)
{
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nowhere", NULL);
  g_autofree char *conninfo = g_strdup_printf ("host=%s dbname=tremplin password=x", nowhere);
  TrSyncConfig config = { .database = fixture->db, .conninfo = conninfo };
  g_autoptr(GError) error = NULL;
  g_autoptr(TrSync) sync = NULL;
  g_autoptr(TrSyncState) state = NULL;
  Watch watch = { .main_thread = g_thread_self () };
  gint64 started;

  g_mkdir (nowhere, 0700);
  register_one (fixture, "s1");
  sync = tr_sync_new (&config, &error);
  g_assert_no_error (error);
  g_signal_connect (sync, "state-changed", G_CALLBACK (on_state_changed), &watch);
  started = g_get_monotonic_time ();
  tr_sync_start (sync);
  wait_for_changes (&watch, 1, 10);
  g_assert_cmpuint (watch.changes, ==, 1);
  g_assert_false (watch.other_thread);
  state = tr_sync_get_state (sync);
  g_assert_true (state->running);
  g_assert_cmpuint (state->unsent, ==, 1);
  g_assert_nonnull (state->last_error);
  g_assert_nonnull (strstr (state->last_error, "cannot connect"));
  g_assert_null (state->last_success);
  g_assert_nonnull (state->last_attempt);

  /* Backing off: a commit's wake waits for it. */
  tr_sync_wake (sync);
  wait_for_changes (&watch, 2, 2);
  g_assert_cmpuint (watch.changes, ==, 1);
  wait_for_changes (&watch, 2, 10);
  g_assert_cmpuint (watch.changes, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, (TR_SYNC_BACKOFF_FIRST_SECONDS - 1) * G_USEC_PER_SEC);
  tr_sync_stop (sync);
  g_clear_pointer (&state, tr_sync_state_free);
  /* Kept across restarts, for the staff panel. */
  {
    g_autoptr(TrSyncRecord) record = tr_store_get_sync_record (fixture->store, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (record->last_error, "cannot connect"));
  }
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  guint     ticks;
  gint64    took;
  GError   *error;
} Refill;

static void
refilled (GObject *source, GAsyncResult *result, gpointer data)
{
  Refill *refill = data;
  guint held = 0;

  refill->ok = tr_sync_refill_finish (TR_SYNC (source), result, &held, &refill->error);
  refill->done = TRUE;
}

static gboolean
tick (gpointer data)
{
  ((Refill *) data)->ticks++;
  return G_SOURCE_CONTINUE;
}

/* A hub that takes the connection and never says a word: the refill
 * answers "out of reach" after its time-out, and the caller's main loop
 * turned all along. */
static void
test_refill_times_out (Fixture *fixture, gconstpointer data)
{
  g_autofree char *silent = g_build_filename (fixture->dir, "silent", NULL);
  g_autofree char *socket_path = g_build_filename (silent, ".s.PGSQL.5432", NULL);
  g_autofree char *conninfo = g_strdup_printf ("host=%s dbname=tremplin password=x", silent);
  TrSyncConfig config = { .database = fixture->db, .conninfo = conninfo, .refill_timeout_ms = 500 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(TrSync) sync = NULL;
  Refill refill = { 0 };
  guint timer;
  gint64 start;

  g_mkdir (silent, 0700);
  listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (socket_path);
  g_assert_true (g_socket_bind (listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  g_assert_no_error (error);

  sync = tr_sync_new (&config, &error);
  g_assert_no_error (error);
  timer = g_timeout_add (50, tick, &refill);
  start = g_get_monotonic_time ();
  tr_sync_refill_async (sync, "DEV-1", NULL, refilled, &refill);
  while (!refill.done)
    g_main_context_iteration (NULL, TRUE);
  refill.took = g_get_monotonic_time () - start;
  g_source_remove (timer);
  g_assert_false (refill.ok);
  g_assert_error (refill.error, TR_HUB_ERROR, TR_HUB_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (refill.error->message, "did not answer within 1 second:"));
  g_assert_cmpint (refill.took, >=, 450 * 1000);
  g_assert_cmpint (refill.took, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (refill.ticks, >=, 5);
  g_clear_error (&refill.error);
  /* Finalizing waits for the worker still stuck in the connection (libpq
   * gives up after its own connect_timeout). */
}

/* The caller gives up (the walk-in left the page): the refill answers at
 * once, cancelled. */
static void
test_refill_cancelled (Fixture *fixture, gconstpointer data)
{
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nowhere", NULL);
  g_autofree char *conninfo = g_strdup_printf ("host=%s dbname=tremplin password=x", nowhere);
  TrSyncConfig config = { .database = fixture->db, .conninfo = conninfo };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TrSync) sync = NULL;
  Refill refill = { 0 };

  sync = tr_sync_new (&config, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  tr_sync_refill_async (sync, "DEV-1", cancellable, refilled, &refill);
  while (!refill.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (refill.ok);
  g_assert_error (refill.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&refill.error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!tr_crypto_init (NULL))
    return 1;

  g_test_add_func ("/sync/conninfo", test_conninfo);
  g_test_add ("/sync/unreachable", Fixture, NULL, fixture_set_up, test_unreachable, fixture_tear_down);
  g_test_add ("/sync/refill-cancelled", Fixture, NULL, fixture_set_up, test_refill_cancelled, fixture_tear_down);
  g_test_add ("/sync/refill-times-out", Fixture, NULL, fixture_set_up, test_refill_times_out, fixture_tear_down);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-hub.c — one simulated kiosk for the hub benchmark (fill, push, leases, live) and the plain libpq baseline. */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr-hub.h"
#include "tr-keys.h"
#include "tr-office-key.h"
#include "tr-store.h"
#include "tr-sync.h"

typedef struct {
  TrStore   *store;
  TrKeyPair *keys;
  TrSync    *sync;
} Kiosk;

static void
die (const char *what, const GError *error)
{
  g_printerr ("bench-hub: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* The kiosk in DIR, made the first time, sealing to $HUB_OFFICE_KEY. */
static void
kiosk_open (Kiosk *kiosk, const char *dir, const char *kiosk_id, const char *conninfo, guint lease_seats)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "tremplin.db", NULL);
  g_autofree char *key_path = g_build_filename (dir, "kiosk.key", NULL);
  guint8 office_key[TR_OFFICE_KEY_BYTES];
  TrSyncConfig config = { 0 };

  if (!tr_office_key_from_text (g_getenv ("HUB_OFFICE_KEY"), office_key, &error))
    die ("HUB_OFFICE_KEY", error);
  g_mkdir_with_parents (dir, 0700);
  kiosk->keys = g_file_test (key_path, G_FILE_TEST_EXISTS) ? tr_key_pair_load (key_path, &error)
                                                            : tr_key_pair_create (key_path, &error);
  if (kiosk->keys == NULL || !(kiosk->store = tr_store_open (db, TRUE, &error)))
    die (dir, error);
  if (tr_store_get_kiosk_id (kiosk->store) == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (!tr_store_set_identity (kiosk->store, kiosk_id, kiosk->keys->public_key, &error) ||
          !tr_store_save_office_key (kiosk->store, office_key, now, &error))
        die (dir, error);
    }
  tr_store_set_seat_leases (kiosk->store, TRUE);
  config.database = db;
  config.conninfo = (char *) conninfo;
  config.lease_seats = lease_seats;
  config.top_up = FALSE;
  if (!(kiosk->sync = tr_sync_new (&config, &error)))
    die ("sync", error);
}

static void
kiosk_close (Kiosk *kiosk)
{
  g_clear_object (&kiosk->sync);
  g_clear_object (&kiosk->store);
  g_clear_pointer (&kiosk->keys, tr_key_pair_free);
}

static TrRegistration *
register_one (Kiosk *kiosk, const char *offer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *session = g_uuid_string_random ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  TrRegistrationRequest request = {
    .session_id = session,
    .offer_id = offer,
    .now = now,
    .verdict = "eligible",
    .answers_json = "{\"qpv\":\"yes\",\"birth_date\":\"2001-02-03\",\"gender\":\"woman\"}",
    .flags = (const char * const[]) { "qpv", NULL },
    .person_json = "{\"first_name\":\"Awa\",\"last_name\":\"Diallo\",\"phone\":\"+33612345678\"}",
    .accept_waiting_list = TRUE,
  };
  TrRegistration *registration = tr_store_register (kiosk->store, &request, kiosk->keys, &error);

  if (registration == NULL)
    die ("register", error);
  return registration;
}

/* fill DIR KIOSK CONNINFO OFFER N: the catalogue, a lease of N seats, N
 * registrations committed while nothing is sent. */
static int
cmd_fill (char **argv)
{
  g_autoptr(GError) error = NULL;
  guint n = (guint) atoi (argv[6]), held = 0;
  Kiosk kiosk = { 0 };

  kiosk_open (&kiosk, argv[2], argv[3], argv[4], n);
  if (!tr_sync_run_round (kiosk.sync, NULL, &error) || !tr_sync_refill (kiosk.sync, argv[5], &held, &error))
    die ("fill", error);
  for (guint i = 0; i < n; i++)
    tr_registration_free (register_one (&kiosk, argv[5]));
  g_print ("held=%u\n", held);
  kiosk_close (&kiosk);
  return 0;
}

/* push DIR KIOSK CONNINFO: the outbox through the sync (logging in
 * included); prints "ready" once its store is open, starts on a line read
 * from standard input (so that every kiosk starts at once, none measured
 * while the others are still starting), then prints when it started and
 * ended (Unix µs). */
static int
cmd_push (char **argv)
{
  g_autoptr(GError) error = NULL;
  TrSyncRound round = { 0 };
  Kiosk kiosk = { 0 };
  gint64 start, end;

  kiosk_open (&kiosk, argv[2], argv[3], argv[4], 1);
  g_print ("ready\n");
  fflush (stdout);
  if (getchar () == EOF)
    die ("push", NULL);
  start = g_get_real_time ();
  if (!tr_sync_push (kiosk.sync, &round, &error) || round.unsent != 0)
    die ("push", error);
  end = g_get_real_time ();
  g_print ("push %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " sent %u\n", start, end, round.sent);
  kiosk_close (&kiosk);
  return 0;
}

/* leases DIR KIOSK CONNINFO OFFER K: K refills on the spot, each after
 * the seats were given back; prints each one's time. */
static int
cmd_leases (char **argv)
{
  g_autoptr(GError) error = NULL;
  guint k = (guint) atoi (argv[6]);
  Kiosk kiosk = { 0 };

  kiosk_open (&kiosk, argv[2], argv[3], argv[4], 2);
  for (guint i = 0; i < k; i++)
    {
      gint64 start = g_get_monotonic_time ();
      guint held = 0;

      if (!tr_sync_refill (kiosk.sync, argv[5], &held, &error))
        die ("refill", error);
      g_print ("lease_us %" G_GINT64_FORMAT "\n", g_get_monotonic_time () - start);
      if (!tr_sync_close_day (kiosk.sync, &error))
        die ("close", error);
    }
  kiosk_close (&kiosk);
  return 0;
}

/* live DIR KIOSK CONNINFO OFFER K INTERVAL_MS: the sync's thread running,
 * K registrations INTERVAL_MS apart, each waking it; prints each one's
 * commit time (Unix µs), then waits for the outbox to empty. */
static int
cmd_live (char **argv)
{
  g_autoptr(GError) error = NULL;
  guint k = (guint) atoi (argv[6]), interval = (guint) atoi (argv[7]), unsent = 1;
  Kiosk kiosk = { 0 };
  gint64 deadline;

  kiosk_open (&kiosk, argv[2], argv[3], argv[4], k);
  tr_sync_start (kiosk.sync);
  for (guint i = 0; i < k; i++)
    {
      g_autoptr(TrRegistration) registration = register_one (&kiosk, argv[5]);

      g_print ("commit %s %" G_GINT64_FORMAT "\n", registration->code, g_get_real_time ());
      tr_sync_wake (kiosk.sync);
      g_usleep (interval * 1000);
    }
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      if (!tr_store_outbox_count (kiosk.store, &unsent, NULL, &error))
        die ("count", error);
      if (unsent == 0)
        break;
      g_usleep (20000);
    }
  tr_sync_stop (kiosk.sync);
  kiosk_close (&kiosk);
  return unsent == 0 ? 0 : 1;
}

/* baseline CONNINFO PATTERN: the hub's registrations for the offers LIKE
 * PATTERN inserted again, by one plain
 * libpq client, one transaction each, into a table of the same shape
 * (constraints and unique indexes, no function, no seat counting). */
static int
cmd_baseline (char **argv)
{
  PGconn *conn = PQconnectdb (argv[2]);
  PGresult *rows, *result;
  const char *insert =
    "INSERT INTO bench_registrations (code, kiosk_id, session_id, local_id, created_at, local_date, offer_id, "
    "status, verdict, flags, payload, age_band, woman, qpv, details) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
  gint64 start;
  int n;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_printerr ("bench-hub: %s", PQerrorMessage (conn));
      return 1;
    }
  result = PQexec (conn, "DROP TABLE IF EXISTS bench_registrations; "
                         "CREATE TABLE bench_registrations (LIKE hub.registrations INCLUDING ALL)");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_printerr ("bench-hub: %s", PQerrorMessage (conn));
      return 1;
    }
  PQclear (result);
  {
    const char *pattern = argv[3];

    rows = PQexecParams (conn, "SELECT code, kiosk_id, session_id, local_id, created_at, local_date, offer_id, "
                               "status, verdict, flags, payload, age_band, woman, qpv, details "
                               "FROM hub.registrations WHERE offer_id LIKE $1",
                         1, NULL, &pattern, NULL, NULL, 0);
  }
  n = PQntuples (rows);
  start = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    {
      const char *values[15];

      for (int c = 0; c < 15; c++)
        values[c] = PQgetisnull (rows, i, c) ? NULL : PQgetvalue (rows, i, c);
      result = PQexecParams (conn, insert, 15, NULL, values, NULL, NULL, 0);
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          g_printerr ("bench-hub: %s", PQerrorMessage (conn));
          return 1;
        }
      PQclear (result);
    }
  g_print ("baseline_us %" G_GINT64_FORMAT " rows %d\n", g_get_monotonic_time () - start, n);
  PQclear (rows);
  PQfinish (conn);
  return 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (!tr_crypto_init (NULL))
    return 1;
  if (argc == 7 && strcmp (argv[1], "fill") == 0)
    return cmd_fill (argv);
  if (argc == 5 && strcmp (argv[1], "push") == 0)
    return cmd_push (argv);
  if (argc == 7 && strcmp (argv[1], "leases") == 0)
    return cmd_leases (argv);
  if (argc == 8 && strcmp (argv[1], "live") == 0)
    return cmd_live (argv);
  if (argc == 4 && strcmp (argv[1], "baseline") == 0)
    return cmd_baseline (argv);
  g_printerr ("usage: bench-hub fill DIR KIOSK CONNINFO OFFER N | push DIR KIOSK CONNINFO |"
              " leases DIR KIOSK CONNINFO OFFER K | live DIR KIOSK CONNINFO OFFER K INTERVAL_MS |"
              " baseline CONNINFO PATTERN\n");
  return 2;
}

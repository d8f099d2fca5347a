/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub-kiosk — a kiosk process for the hub tests: a real kiosk store in DIR, registrations through tr_store_register on leased seats, and TrSync sending them; also raw hub calls. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-hub.h"
#include "tr-keys.h"
#include "tr-office-key.h"
#include "tr-store.h"
#include "tr-sync.h"

static const char *
error_name (const GError *error)
{
  static const char *names[] = { "unreachable", "refused", "revoked", "bad-signature", "bad-publication", "failed" };
  if (error->domain == TR_HUB_ERROR && error->code >= 0 && error->code < (int) G_N_ELEMENTS (names))
    return names[error->code];
  return "other";
}

/* The kiosk in DIR: its store (DIR/tremplin.db, made with this kiosk's
 * identity the first time), its key, the office key of $HUB_OFFICE_KEY
 * (the hub fixture's), registering on leased seats as a kiosk with a hub. */
typedef struct {
  TrStore   *store;
  TrKeyPair *keys;
  TrSync    *sync;
} Kiosk;

static void
kiosk_close (Kiosk *kiosk)
{
  g_clear_object (&kiosk->sync);
  g_clear_object (&kiosk->store);
  g_clear_pointer (&kiosk->keys, tr_key_pair_free);
}

static void
kiosk_open (Kiosk *kiosk, const char *conninfo, const char *kiosk_id, const char *dir,
            guint lease_seats, gboolean top_up)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "tremplin.db", NULL);
  g_autofree char *key_path = g_build_filename (dir, "kiosk.key", NULL);
  const char *office_text = g_getenv ("HUB_OFFICE_KEY");
  guint8 office_key[TR_OFFICE_KEY_BYTES];
  TrSyncConfig config = { 0 };

  if (office_text == NULL || !tr_office_key_from_text (office_text, office_key, &error))
    g_error ("HUB_OFFICE_KEY: %s", error != NULL ? error->message : "not set");
  g_mkdir_with_parents (dir, 0700);
  kiosk->keys = g_file_test (key_path, G_FILE_TEST_EXISTS) ? tr_key_pair_load (key_path, &error)
                                                            : tr_key_pair_create (key_path, &error);
  if (kiosk->keys == NULL || !(kiosk->store = tr_store_open (db, TRUE, &error)))
    g_error ("%s: %s", dir, error->message);
  if (tr_store_get_kiosk_id (kiosk->store) == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (!tr_store_set_identity (kiosk->store, kiosk_id, kiosk->keys->public_key, &error) ||
          !tr_store_save_office_key (kiosk->store, office_key, now, &error))
        g_error ("%s: %s", dir, error->message);
    }
  tr_store_set_seat_leases (kiosk->store, TRUE);
  config.database = db;
  config.conninfo = (char *) conninfo;
  config.lease_seats = lease_seats;
  config.top_up = top_up;
  /* Generous under a loaded test machine: the tests count seats, not speed. */
  config.refill_timeout_ms = 10000;
  kiosk->sync = tr_sync_new (&config, &error);
  if (kiosk->sync == NULL)
    {
      g_print ("error config: %s\n", error->message);
      exit (1);
    }
}

static guint
usable_seats (Kiosk *kiosk, const char *offer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leases = tr_store_get_leases (kiosk->store, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (leases == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < leases->len; i++)
    {
      TrLease *lease = g_ptr_array_index (leases, i);
      if (g_str_equal (lease->offer_id, offer))
        return lease->expires_at > now ? lease->held : 0;
    }
  return 0;
}

typedef struct {
  gboolean  done;
  guint     held;
  GError   *error;
} RefillWait;

static void
refilled (GObject *source, GAsyncResult *result, gpointer data)
{
  RefillWait *wait = data;

  tr_sync_refill_finish (TR_SYNC (source), result, &wait->held, &wait->error);
  wait->done = TRUE;
}

/* What the review page does when the lease is empty: ask the hub on the
 * spot, the main loop turning meanwhile. */
static void
refill_on_the_spot (Kiosk *kiosk, const char *kiosk_id, const char *offer)
{
  RefillWait wait = { 0 };

  tr_sync_refill_async (kiosk->sync, offer, NULL, refilled, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error != NULL)
    {
      g_printerr ("hub-kiosk %s: %s\n", kiosk_id, wait.error->message);
      g_error_free (wait.error);
    }
}

static void
print_round (const TrSyncRound *round, const GError *error)
{
  g_print ("sent=%u duplicates=%u unsent=%u cancellations=%u publications=%u bad=%u refused=%u\n",
           round->sent, round->duplicates, round->unsent, round->cancellations,
           round->publications, round->bad_publications, round->refused);
  if (error != NULL)
    g_print ("error %s: %s\n", error_name (error), error->message);
}

/* day CONNINFO KIOSK OFFER N DIR [SEATS [top-up]]: a kiosk's day, as the
 * kiosk runs it: the sync's thread started, and for each walk-in the
 * lease refilled on the spot when empty, the registration committed, the
 * sync woken. Then the sync stopped and the outbox pushed once more. */
static int
cmd_day (int argc, char **argv)
{
  const char *conninfo = argv[2], *kiosk_id = argv[3], *offer = argv[4], *dir = argv[6];
  guint walk_ins = (guint) atoi (argv[5]);
  guint seats = argc > 7 ? (guint) atoi (argv[7]) : 1;
  gboolean top_up = argc > 8 && strcmp (argv[8], "top-up") == 0;
  g_autoptr(GError) error = NULL;
  TrSyncRound round = { 0 };
  guint registered = 0, waiting = 0, unsent = 0;
  Kiosk kiosk = { 0 };

  kiosk_open (&kiosk, conninfo, kiosk_id, dir, seats, top_up);
  /* The catalogue first (the hub may be out of reach: then the one the
   * store has). */
  if (!tr_sync_run_round (kiosk.sync, &round, &error))
    g_clear_error (&error);
  tr_sync_start (kiosk.sync);
  for (guint i = 0; i < walk_ins; i++)
    {
      g_autofree char *session = g_uuid_string_random ();
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(TrRegistration) registration = NULL;
      TrRegistrationRequest request = {
        .session_id = session,
        .offer_id = offer,
        .verdict = "eligible",
        .answers_json = "{\"qpv\":\"yes\",\"birth_date\":\"2001-02-03\",\"gender\":\"woman\"}",
        .flags = (const char * const[]) { "qpv", NULL },
        .person_json = "{\"first_name\":\"Awa\",\"last_name\":\"Diallo\",\"phone\":\"+33612345678\"}",
        .accept_waiting_list = TRUE,
      };

      if (usable_seats (&kiosk, offer) == 0)
        refill_on_the_spot (&kiosk, kiosk_id, offer);
      now = g_date_time_new_now_utc ();
      request.now = now;
      registration = tr_store_register (kiosk.store, &request, kiosk.keys, &error);
      if (registration == NULL)
        g_error ("%s: %s", kiosk_id, error->message);
      if (g_str_equal (registration->status, "registered"))
        registered++;
      else
        waiting++;
      g_print ("%s %s\n", g_str_equal (registration->status, "registered") ? "registered" : "waiting",
               registration->code);
      tr_sync_wake (kiosk.sync);
    }
  tr_sync_stop (kiosk.sync);
  if (!tr_sync_push (kiosk.sync, &round, &error))
    g_printerr ("hub-kiosk %s: %s\n", kiosk_id, error->message);
  if (!tr_store_outbox_count (kiosk.store, &unsent, NULL, &error) && error != NULL)
    g_error ("%s", error->message);
  g_print ("summary registered=%u waiting=%u sent=%u unsent=%u\n", registered, waiting, walk_ins - unsent, unsent);
  kiosk_close (&kiosk);
  return 0;
}

/* push CONNINFO KIOSK DIR: the outbox, once. */
static int
cmd_push (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  TrSyncRound round = { 0 };
  Kiosk kiosk = { 0 };
  gboolean ok;

  kiosk_open (&kiosk, argv[2], argv[3], argv[4], 1, FALSE);
  ok = tr_sync_push (kiosk.sync, &round, &error);
  print_round (&round, error);
  kiosk_close (&kiosk);
  return ok && round.unsent == 0 ? 0 : 1;
}

/* sync CONNINFO KIOSK DIR: one whole round, leases left alone. */
static int
cmd_sync (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  TrSyncRound round = { 0 };
  Kiosk kiosk = { 0 };
  gboolean ok;

  kiosk_open (&kiosk, argv[2], argv[3], argv[4], 1, FALSE);
  ok = tr_sync_run_round (kiosk.sync, &round, &error);
  print_round (&round, error);
  kiosk_close (&kiosk);
  return ok ? 0 : 1;
}

/* close CONNINFO KIOSK DIR: close of day, the unused seats given back. */
static int
cmd_close (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  Kiosk kiosk = { 0 };
  gboolean ok;

  kiosk_open (&kiosk, argv[2], argv[3], argv[4], 1, FALSE);
  ok = tr_sync_close_day (kiosk.sync, &error);
  if (!ok)
    g_print ("error %s: %s\n", error_name (error), error->message);
  kiosk_close (&kiosk);
  return ok ? 0 : 1;
}

/* take CONNINFO KIOSK OFFER N [DIR]: with DIR, the kiosk syncs (the
 * catalogue) and refills its lease up to N seats (none for 0); without,
 * the raw call. */
static int
cmd_take (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrHub) hub = NULL;
  guint held = 0;

  if (argc > 6)
    {
      Kiosk kiosk = { 0 };
      TrSyncRound round;
      gboolean ok;

      kiosk_open (&kiosk, argv[2], argv[3], argv[6], (guint) atoi (argv[5]), FALSE);
      /* N = 0: the catalogue only, no lease. */
      ok = tr_sync_run_round (kiosk.sync, &round, &error) &&
           (atoi (argv[5]) == 0 || tr_sync_refill (kiosk.sync, argv[4], &held, &error));
      kiosk_close (&kiosk);
      if (!ok)
        {
          g_print ("error %s: %s\n", error_name (error), error->message);
          return 1;
        }
      g_print ("held=%u\n", held);
      return 0;
    }
  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_take_lease (hub, argv[4], (guint) atoi (argv[5]), &held, NULL, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  g_print ("held=%u\n", held);
  return 0;
}

static int
cmd_return (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  guint held = 0;

  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_return_lease (hub, argv[4], (guint) atoi (argv[5]), &held, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  g_print ("held=%u\n", held);
  return 0;
}

static int
cmd_cancel (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  gboolean duplicate = FALSE;

  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_cancel (hub, argv[4], "2026-12-05T10:00:00Z", "changed their mind", &duplicate, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  g_print ("%s\n", duplicate ? "duplicate" : "stored");
  return 0;
}

static int
cmd_fetch (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  g_autoptr (GPtrArray) publications = NULL;
  guint8 key[TR_OFFICE_KEY_BYTES];

  if (!tr_office_key_from_text (argv[4], key, &error))
    g_error ("%s", error->message);
  if (!(hub = tr_hub_connect (argv[2], argv[3], &error))
      || !tr_hub_fetch_publications (hub, g_ascii_strtoll (argv[5], NULL, 10), key, &publications, &error))
    {
      g_print ("error %s: %s\n", error_name (error), error->message);
      return 1;
    }
  for (guint i = 0; i < publications->len; i++)
    {
      TrHubPublication *p = publications->pdata[i];
      if (p->problem)
        g_print ("%lld %s refused %s: %s\n", (long long) p->version, p->kind, error_name (p->problem), p->problem->message);
      else
        g_print ("%lld %s ok %zu\n", (long long) p->version, p->kind, g_bytes_get_size (p->payload));
    }
  return 0;
}

/* push-store: a real kiosk store's registrations of the days given, sent
 * as the store holds them (details sealed at commit), so that a test can
 * compare what reaches the hub with the same days exported. A registration
 * cancelled in the store goes as cancelled before it was sent. */
typedef struct {
  TrHub *hub;
  guint  sent;
  guint  duplicates;
} StorePush;

static gboolean
push_registration (const TrRegistration *registration, TrOffer *offer, gpointer user_data, GError **error)
{
  StorePush *push = user_data;
  gboolean cancelled = g_strcmp0 (registration->status, "cancelled") == 0;
  gboolean duplicate = FALSE;
  GError *refusal = NULL;
  TrHubRow row = {
    .session_id = registration->session_id,
    .code = registration->code,
    .local_id = registration->id,
    .created_at = registration->created_at,
    .local_date = registration->local_date,
    .offer_id = registration->offer_id,
    .status = g_strcmp0 (registration->status, "waiting_list") == 0 ? "waiting" : "registered",
    .verdict = registration->verdict,
    .flags = registration->flags_json,
    .payload = registration->payload,
    .age_band = registration->age_band,
    .woman = registration->woman,
    .qpv = registration->qpv,
    .details = registration->details,
    .cancelled_at = cancelled ? registration->created_at : NULL,
    .cancel_reason = cancelled ? registration->cancel_reason : NULL,
  };

  if (!tr_hub_submit_many (push->hub, &row, 1, &duplicate, &refusal, error))
    return FALSE;
  if (refusal != NULL)
    {
      g_propagate_error (error, refusal);
      return FALSE;
    }
  push->sent++;
  push->duplicates += duplicate;
  return TRUE;
}

static int
cmd_push_store (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrStore) store = NULL;
  StorePush push = { NULL, 0, 0 };

  if (!(store = tr_store_open (argv[4], FALSE, &error)) || !(push.hub = tr_hub_connect (argv[2], argv[3], &error)))
    {
      g_print ("error %s: %s\n", error->domain == TR_HUB_ERROR ? error_name (error) : "store", error->message);
      return 1;
    }
  for (int i = 5; i < argc; i++)
    if (!tr_store_foreach_registration (store, argv[i], push_registration, &push, &error))
      {
        g_print ("error %s: %s\n", error->domain == TR_HUB_ERROR ? error_name (error) : "store", error->message);
        tr_hub_free (push.hub);
        return 1;
      }
  tr_hub_free (push.hub);
  g_print ("sent=%u duplicates=%u\n", push.sent, push.duplicates);
  return 0;
}

/* cancel-store: staff cancelling a registration in a real kiosk store (the
 * kiosk's staff panel does it on a kiosk; tremplin-admin has no command). */
static int
cmd_cancel_store (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrStore) store = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  if (!(store = tr_store_open (argv[2], FALSE, &error))
      || !tr_store_cancel (store, argv[3], "changed their mind", now, &error))
    {
      g_print ("error store: %s\n", error->message);
      return 1;
    }
  g_print ("cancelled\n");
  return 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (!tr_crypto_init (NULL))
    return 1;
  if (argc >= 7 && strcmp (argv[1], "day") == 0)
    return cmd_day (argc, argv);
  if (argc == 5 && strcmp (argv[1], "push") == 0)
    return cmd_push (argc, argv);
  if (argc >= 6 && strcmp (argv[1], "take") == 0)
    return cmd_take (argc, argv);
  if (argc == 5 && strcmp (argv[1], "sync") == 0)
    return cmd_sync (argc, argv);
  if (argc == 5 && strcmp (argv[1], "close") == 0)
    return cmd_close (argc, argv);
  if (argc == 6 && strcmp (argv[1], "return") == 0)
    return cmd_return (argc, argv);
  if (argc == 5 && strcmp (argv[1], "cancel") == 0)
    return cmd_cancel (argc, argv);
  if (argc == 6 && strcmp (argv[1], "fetch") == 0)
    return cmd_fetch (argc, argv);
  if (argc >= 6 && strcmp (argv[1], "push-store") == 0)
    return cmd_push_store (argc, argv);
  if (argc == 4 && strcmp (argv[1], "cancel-store") == 0)
    return cmd_cancel_store (argc, argv);
  g_printerr ("usage: hub-kiosk day CONNINFO KIOSK OFFER N DIR [SEATS [top-up]] | push CONNINFO KIOSK DIR |"
              " sync CONNINFO KIOSK DIR | close CONNINFO KIOSK DIR | take CONNINFO KIOSK OFFER N [DIR] | return CONNINFO KIOSK OFFER N |"
              " cancel CONNINFO KIOSK CODE | fetch CONNINFO KIOSK OFFICE-KEY SINCE |"
              " push-store CONNINFO KIOSK DB DAY… | cancel-store DB CODE\n");
  return 2;
}

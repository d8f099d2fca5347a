/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sync.h — the kiosk's side of the hub: the outbox sent, seat leases
 * kept topped up, the office's publications applied, all in a thread of its
 * own so that the walk-in's screens never wait for the network.
 *
 * The kiosk (TrKiosk) does, when kiosk.conf has Hub=:
 *
 *   config = tr_sync_config_new (kiosk_config, &error);   // NULL, no error: no hub
 *   sync = tr_sync_new (config, &error);                  // its own store connection
 *   tr_store_set_seat_leases (kiosk_store, TRUE);          // register on leased seats
 *   g_signal_connect (sync, "state-changed", …);           // the staff panel
 *   tr_sync_start (sync);
 *   … after every tr_session_commit: tr_sync_wake (sync);
 *   … on the review page, when tr_store_get_leases shows the offer's lease
 *     empty: tr_sync_refill_async (sync, offer_id, …) before committing;
 *     whatever it answers (seats, none, or the hub out of reach after ≈2 s),
 *     the commit then registers or puts on the waiting list.
 *   … at exit: g_object_unref (sync) (stops the thread).
 *
 * One round: every registration not yet acknowledged goes to the hub
 * (tr_hub_submit_many), oldest first, and is marked sent only once the hub
 * answered; the hub keeps one copy per code and per kiosk session, so a
 * round cut anywhere (even by SIGKILL) sends again what it must and nothing
 * twice. Then the cancellations of rows already sent; then the office's
 * publications since the last one looked at, each checked against the
 * office key (a bad one changes nothing and is logged); then the leases are
 * topped up; at close of day the unused seats go back to the hub.
 *
 * Lease policy: for every offer this kiosk registered for in the last 7
 * days, or holds a lease for, it keeps HubLeaseSeats= seats (2 by default)
 * leased, and the hub grants at most a quarter of an offer's free seats to
 * one lease. Why small: a seat leased to one kiosk is a seat the others
 * cannot sell, and a kiosk registers a few people an hour while rounds run
 * every 30 s; two seats cover the walk-ins between rounds and while the hub
 * is briefly out of reach, and the refill on the spot covers a burst. When
 * registrations close for the day (staff close them, or 20:00 Paris time
 * passes) the unused seats are given back, and not taken again that day.
 *
 * Rounds run every 30 s, at once after tr_sync_wake (a local commit), and
 * after a failure with a back-off of 5 s doubling to 5 min, back to normal
 * on the first success (a wake does not cut a back-off short).
 */
#pragma once

#include <gio/gio.h>

#include "tr-config.h"
#include "tr-store.h"

G_BEGIN_DECLS

#define TR_SYNC_BACKOFF_FIRST_SECONDS 5
#define TR_SYNC_BACKOFF_MAX_SECONDS   300
#define TR_SYNC_INTERVAL_SECONDS      30
#define TR_SYNC_REFILL_TIMEOUT_MS     2000

typedef struct {
  char     *database;      /* the kiosk's store (Database=) */
  char     *conninfo;      /* Hub=: a libpq connection string or URI */
  char     *password;      /* HubPassword=; NULL when @conninfo holds it */
  guint     lease_seats;   /* HubLeaseSeats= */
  gboolean  top_up;        /* rounds top leases up (TRUE); FALSE: only tr_sync_refill* */
  guint     close_hour;    /* local hour (Europe/Paris) at which the day closes (HubCloseHour=) */
  guint     refill_timeout_ms; /* TR_SYNC_REFILL_TIMEOUT_MS */
  /* OfficeKey=, which publications are checked against; without it, the
   * one saved in the database (`tremplin-admin office-key`). */
  gboolean  has_office_key;
  guint8    office_key[TR_OFFICE_KEY_BYTES];
} TrSyncConfig;

/* The sync's configuration from kiosk.conf: NULL without error when there
 * is no Hub= (the kiosk works alone). */
TrSyncConfig *tr_sync_config_new  (const TrConfig *config, GError **error);
void          tr_sync_config_free (TrSyncConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrSyncConfig, tr_sync_config_free)
/* A copy, with the defaults in place of the fields left 0. */
TrSyncConfig *tr_sync_config_copy (const TrSyncConfig *config);
/* The connection string tr_hub_connect gets for kiosk @kiosk_id: Hub=
 * checked word by word, logged in as kiosk_<id>, HubPassword= added.
 * TR_ERROR_PARSE naming the key and what to do when it will not do. */
char         *tr_sync_config_conninfo (const TrSyncConfig *config, const char *kiosk_id,
                                       GError **error);


/* What the staff panel shows; every field is a copy. */
typedef struct {
  char      *last_success;  /* UTC ISO 8601, NULL: never */
  char      *last_attempt;
  char      *last_error;    /* NULL when the last attempt succeeded */
  guint      unsent;        /* registrations the hub has not acknowledged */
  guint      unsent_cancellations;
  gint64     publication_version;
  GPtrArray *leases;        /* TrLease, by offer id */
  gboolean   running;       /* the thread is started */
} TrSyncState;

void          tr_sync_state_free (TrSyncState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrSyncState, tr_sync_state_free)

/* What one round (or push) did. */
typedef struct {
  guint sent;             /* registrations acknowledged (duplicates included) */
  guint duplicates;       /* the hub held them already */
  guint refused;          /* the hub refused them: left in the outbox, said in last_error */
  guint cancellations;    /* cancellations acknowledged */
  guint publications;     /* applied */
  guint bad_publications; /* refused, logged, nothing changed */
  guint unsent;           /* left in the outbox after the round */
} TrSyncRound;

#define TR_TYPE_SYNC (tr_sync_get_type ())
G_DECLARE_FINAL_TYPE (TrSync, tr_sync, TR, SYNC, GObject)

/* Opens the sync's own connection to the store (which must have an
 * identity) and checks the configuration; connects to nothing yet. Signals
 * are emitted in the thread-default main context of the caller. */
TrSync       *tr_sync_new         (const TrSyncConfig *config, GError **error);
/* Starts the thread (a first round at once); stopping joins it, after the
 * round or call under way. Both idempotent; finalizing stops it. */
void          tr_sync_start       (TrSync *self);
void          tr_sync_stop        (TrSync *self);
/* A local commit happened: run a round now unless backing off. */
void          tr_sync_wake        (TrSync *self);
/* The state last reported ("state-changed" was emitted for it): a copy. */
TrSyncState  *tr_sync_get_state   (TrSync *self);

/* Synchronous, in the caller's thread (tools and tests; the kiosk uses the
 * thread): one whole round, or the outbox only, or the close of day. */
gboolean      tr_sync_run_round   (TrSync *self, TrSyncRound *round, GError **error);
gboolean      tr_sync_push        (TrSync *self, TrSyncRound *round, GError **error);
gboolean      tr_sync_close_day   (TrSync *self, GError **error);

/* Asks the hub, now, for seats of @offer_id's lease up to HubLeaseSeats=
 * (beyond the seats already used and not yet sent) and records them;
 * @held gets the seats the kiosk may use. */
gboolean      tr_sync_refill      (TrSync *self, const char *offer_id, guint *held, GError **error);
/* The same in a worker thread, for the review page: the callback comes in
 * the caller's main context after the hub answered, or after
 * refill_timeout_ms with TR_HUB_ERROR_UNREACHABLE, whichever comes first. */
void          tr_sync_refill_async  (TrSync              *self,
                                     const char          *offer_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean      tr_sync_refill_finish (TrSync        *self,
                                     GAsyncResult  *result,
                                     guint         *held,
                                     GError       **error);

G_END_DECLS

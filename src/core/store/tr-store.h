/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store.h — the kiosk's one SQLite file: offers, registrations, events.
 *
 * WAL, synchronous=FULL, secure_delete, foreign keys, a busy timeout,
 * application_id set, migrations keyed on user_version. A registration is
 * durable when tr_store_register returns: only then may a receipt be shown.
 *
 * A person's details and answers are never stored in clear: they are sealed
 * to the programme office's public key (tr-seal.h) in the transaction that
 * stores the registration, and the kiosk cannot read them back. Only coarse
 * facts stay in clear, for the figures: age band, woman, priority
 * neighbourhood.
 */
#pragma once

#include <gio/gio.h>
#include "tr-keys.h"
#include "tr-offer.h"
#include "tr-office-key.h"

G_BEGIN_DECLS

#define TR_STORE_APPLICATION_ID 0x54726d70  /* "Trmp" */
#define TR_STORE_SCHEMA_VERSION 6

typedef struct {
  gint64  id;
  char   *session_id;
  char   *code;
  char   *created_at;    /* UTC, ISO 8601: "2026-11-28T13:05:09Z" */
  char   *local_date;    /* Europe/Paris, YYYY-MM-DD */
  char   *kiosk_id;
  char   *offer_id;
  char   *status;        /* "registered", "waiting_list" or "cancelled" */
  char   *verdict;       /* "eligible" or "conditional" */
  char   *flags_json;    /* ["qpv", …] */
  char   *age_band;      /* "under-26", "26-49", "50-and-over", or NULL when unknown */
  int     woman;         /* 1, 0, or -1 when not answered */
  gboolean qpv;          /* lives in a priority neighbourhood */
  GBytes *details;       /* sealed to the office key: {"person": {…}, "answers": {…}};
                          * NULL once erased */
  char   *payload;       /* the signed QR text */
  char   *cancel_reason; /* or NULL */
} TrRegistration;

void tr_registration_free (TrRegistration *registration);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrRegistration, tr_registration_free)

typedef struct {
  const char         *session_id;   /* unique per walk-in: a retry returns the first registration */
  const char         *offer_id;
  GDateTime          *now;
  const char         *verdict;      /* "eligible" or "conditional" */
  const char         *answers_json; /* {"question id": "answer", …}: sealed with the person */
  const char * const *flags;        /* NULL-terminated priority flag ids */
  const char         *person_json;  /* the personal details (tr_person_to_json): sealed */
  gboolean            accept_waiting_list;  /* FALSE: fail with TR_ERROR_FULL when full */
} TrRegistrationRequest;

typedef struct {
  guint added, updated, withdrawn, deleted, unchanged;
} TrImportStats;

typedef struct {
  char  *key;
  guint  count;
} TrCount;

void tr_count_free (TrCount *count);

typedef enum {
  TR_COUNT_BY_OFFER,
  TR_COUNT_BY_CATEGORY,
  TR_COUNT_BY_STATUS,
  TR_COUNT_BY_FLAG,
} TrCountBy;

/* Where the office key a store seals to comes from. */
typedef enum {
  TR_STORE_OFFICE_KEY_NONE,      /* none: the kiosk cannot take registrations */
  TR_STORE_OFFICE_KEY_CONFIG,    /* kiosk.conf's OfficeKey=, given when opening */
  TR_STORE_OFFICE_KEY_DATABASE,  /* saved in the database by `tremplin-admin office-key` */
} TrStoreOfficeKeySource;

typedef struct {
  gboolean      create;      /* create the database when it is missing */
  const char   *vfs;         /* the SQLite VFS to go through; NULL: the default */
  const guint8 *office_key;  /* TR_OFFICE_KEY_BYTES, kiosk.conf's OfficeKey=: wins over
                              * the one saved in the database; NULL: that one */
} TrStoreOptions;

#define TR_TYPE_STORE (tr_store_get_type ())
G_DECLARE_FINAL_TYPE (TrStore, tr_store, TR, STORE, GObject)

/* Opens (creating when @create and missing) and migrates the database. A
 * file that is not a Tremplin database, or is from a newer version, is
 * refused with a message that says so. A database of an older Tremplin
 * that holds personal details in clear is sealed to the office key as it
 * migrates, then vacuumed so that no old page keeps the text; without an
 * office key it is refused, unchanged (TR_ERROR_NOT_FOUND). */
TrStore    *tr_store_open            (const char *path, gboolean create, GError **error);
/* The same, through the SQLite VFS named @vfs (NULL: the default): the
 * fault tests open the store through one that fails on purpose. */
TrStore    *tr_store_open_with_vfs   (const char *path, gboolean create, const char *vfs,
                                      GError **error);
/* The same, with every option. */
TrStore    *tr_store_open_full       (const char *path, const TrStoreOptions *options,
                                      GError **error);
const char *tr_store_get_path        (TrStore *self);
/* Creates (or brings) the database at @path to schema @version, an older one
 * included, without going further: the migration tests build every past
 * version with it. */
gboolean    tr_store_create_at_version (const char *path, guint version, GError **error);

/* This kiosk's identity: set once by `init`. */
gboolean    tr_store_set_identity    (TrStore *self, const char *kiosk_id,
                                      const guint8 *public_key, GError **error);
/* NULL (and FALSE) until init. */
const char *tr_store_get_kiosk_id    (TrStore *self);
gboolean    tr_store_get_public_key  (TrStore *self, guint8 *public_key);
/* Another kiosk whose receipts `verify` accepts. */
gboolean    tr_store_trust           (TrStore *self, const char *kiosk_id,
                                      const guint8 *public_key, GError **error);
/* kiosk id → GBytes (32-byte public key), this kiosk's own included. */
GHashTable *tr_store_get_trusted_keys (TrStore *self, GError **error);
/* Where the last rules file or trust list the office published at the hub
 * (@kind "rules" or "trust-list"), checked by the kiosk's sync, is kept for
 * the kiosk to take up: beside the database @database. */
char       *tr_store_publication_path (const char *database, const char *kind);

/* The office key that registrations are sealed to, and where it comes
 * from: the key given when opening (kiosk.conf) wins, else the one saved in
 * the database (read again on each call, so a kiosk sees one set by
 * `tremplin-admin office-key` while it runs). @office_key (may be NULL)
 * gets TR_OFFICE_KEY_BYTES. NONE with @error only when the saved key
 * cannot be read. */
TrStoreOfficeKeySource tr_store_get_office_key (TrStore *self, guint8 *office_key,
                                                GError **error);
/* Saves @office_key in the database (the one kiosk.conf's OfficeKey=, when
 * set, still overrides) and records an "office-key" event. */
gboolean    tr_store_save_office_key (TrStore *self, const guint8 *office_key,
                                      GDateTime *now, GError **error);
/* Prepares the next registration's seal now (tr_seal_prepare: the two
 * X25519 multiplications), so that tr_store_register only encrypts: the
 * kiosk calls it while the person reads their summary. Does nothing without
 * an office key, or when one is ready for it. */
void        tr_store_prepare_sealing (TrStore *self);
/* For the office only, never a kiosk: with @key (borrowed: it must outlive
 * the store, or be taken back with NULL), tr_store_foreach_registration_values
 * opens each row's sealed details to give the person's and answers' members.
 * A backup brought to the office, and the tests, are read so. */
void        tr_store_set_details_key (TrStore *self, const TrOfficeKey *key);

/* Opens @registration's sealed details with the office key: the JSON text
 * {"person": {…}, "answers": {…}}, NUL-terminated, in bytes wiped when the
 * last reference goes. TR_ERROR_NOT_FOUND when they were erased,
 * TR_ERROR_INVALID when sealed to another key or altered. */
GBytes     *tr_registration_open_details (const TrRegistration *registration,
                                          const TrOfficeKey *key, GError **error);

/* Replaces the catalogue in one transaction: offers are added or updated by
 * id; an offer missing from @offers is deleted, or withdrawn when it has
 * registrations. Records an "import" event. */
gboolean    tr_store_import_offers   (TrStore *self, GPtrArray *offers, GDateTime *now,
                                      TrImportStats *stats, GError **error);
/* The offers with their seats left (an array of TrOffer). */
GPtrArray  *tr_store_load_offers     (TrStore *self, gboolean include_withdrawn, GError **error);
/* Whether tr_store_load_offers (self, FALSE, …) would give any offer, without
 * reading them (Welcome's question, asked before the first frame). */
gboolean    tr_store_has_offers      (TrStore *self, gboolean *has_offers, GError **error);
TrOffer    *tr_store_lookup_offer    (TrStore *self, const char *offer_id, GError **error);
/* Seats left now; -1 with @error when there is no such offer. */
int         tr_store_get_seats_left  (TrStore *self, const char *offer_id, GError **error);

/* Registers in one BEGIN IMMEDIATE transaction: counts the seats taken,
 * chooses registered or waiting_list, draws a unique code, signs the receipt
 * with @keys, seals the person's details and answers to the office key,
 * inserts, commits. Without an office key, fails with TR_ERROR_NOT_FOUND
 * before anything is written. */
TrRegistration *tr_store_register    (TrStore *self, const TrRegistrationRequest *request,
                                      const TrKeyPair *keys, GError **error);
/* @code as a person types it (normalised first). */
TrRegistration *tr_store_find_by_code (TrStore *self, const char *code, GError **error);
/* Marks a registration cancelled, freeing its seat; records a "cancel" event
 * (code and offer only: @reason stays in the registration). */
gboolean    tr_store_cancel          (TrStore *self, const char *code, const char *reason,
                                      GDateTime *now, GError **error);

/* Retention: sets to NULL the sealed details of the registrations of the
 * local days before @now's day minus @keep_days, once their day has been
 * exported after they were made (an "export" event for that date, later
 * than the registration). Records one "forget" event per day (date, count,
 * reason "retention"); @n_forgotten (may be NULL) gets how many. */
gboolean    tr_store_forget_exported (TrStore *self, guint keep_days, GDateTime *now,
                                      guint *n_forgotten, GError **error);
/* A person's request: sets to NULL the sealed details of the registration
 * @code and records an "erase" event, the tombstone: when, the code and
 * @reason, which must not name the person. TR_ERROR_NOT_FOUND for an
 * unknown code, TR_ERROR_INVALID when already erased. */
gboolean    tr_store_erase_details   (TrStore *self, const char *code, const char *reason,
                                      GDateTime *now, GError **error);

/* Calls @func for each registration of the local day @date (YYYY-MM-DD) in
 * time order, one row in memory at a time. The callback gets the offer too
 * (which may be withdrawn); the registration's strings and details are
 * borrowed, valid during the call only. Returning FALSE from @func stops
 * with its error. */
typedef gboolean (*TrRegistrationFunc) (const TrRegistration *registration,
                                        TrOffer              *offer,
                                        gpointer              user_data,
                                        GError              **error);
gboolean    tr_store_foreach_registration (TrStore *self, const char *date,
                                           TrRegistrationFunc func, gpointer user_data,
                                           GError **error);

/* The same walk, for exports: also reads, for each row, the members
 * @person_keys of the personal details and @answer_keys of the answers (the
 * text of the value, NULL when absent), and whether each of @flag_ids is set
 * ("1" or "0"). @func gets them in that order in @values; they are valid
 * during the call only. Member names may not hold a double quote or a
 * backslash. The personal details and answers are sealed: their values
 * are NULL unless the office's key was given (tr_store_set_details_key). */
typedef struct {
  const char * const *person_keys;  /* NULL-terminated, or NULL */
  const char * const *answer_keys;
  const char * const *flag_ids;
} TrRegistrationColumns;

typedef gboolean (*TrRegistrationValuesFunc) (const TrRegistration *registration,
                                              TrOffer              *offer,
                                              const char * const   *values,
                                              gpointer              user_data,
                                              GError              **error);
gboolean    tr_store_foreach_registration_values (TrStore *self, const char *date,
                                                  const TrRegistrationColumns *columns,
                                                  TrRegistrationValuesFunc func, gpointer user_data,
                                                  GError **error);

/* Counts for a local day (or all days when @date is NULL), largest first.
 * Cancelled registrations are counted only by status. */
GPtrArray  *tr_store_count           (TrStore *self, const char *date, TrCountBy by, GError **error);

/* Closes registrations for the local day @date (YYYY-MM-DD), or opens them
 * again; records a "registrations-closed" or "-opened" event. Only one day
 * is closed at a time: the next day is open again by itself. */
gboolean    tr_store_set_closed_on   (TrStore *self, const char *date, gboolean closed,
                                      GDateTime *now, GError **error);
gboolean    tr_store_is_closed_on    (TrStore *self, const char *date, gboolean *closed,
                                      GError **error);

/* What staff and automation did; @detail_json must hold no personal details. */
gboolean    tr_store_add_event       (TrStore *self, GDateTime *now, const char *kind,
                                      const char *detail_json, GError **error);

/* Several events of one @kind, one per detail of the NULL-terminated
 * @details, recorded in one transaction: all or none. */
gboolean    tr_store_add_events      (TrStore *self, GDateTime *now, const char *kind,
                                      const char * const *details, GError **error);

/* SQLite's integrity check, foreign keys, and the app's own checks (no offer
 * overbooked, codes well formed, receipts that verify). Problems found are
 * appended to @problems as sentences; returns FALSE only when the check itself
 * could not run. */
gboolean    tr_store_check           (TrStore *self, GPtrArray *problems, GError **error);
/* Online backup (SQLite backup API) to @destination, written to a temporary
 * file and renamed, while other connections keep writing. */
gboolean    tr_store_backup          (TrStore *self, const char *destination, GError **error);

/* ---- the link to the programme's hub (src/sync/ drives it) -----------
 *
 * Every registration is in the outbox from the transaction that makes it
 * until the hub acknowledges it; a cancellation of a registration already
 * sent is in it until the hub acknowledges the cancellation. A kiosk with a
 * hub registers against its seat leases: the seats the hub escrowed for it,
 * recorded here by the sync. Without a hub none of this changes anything. */

/* With @leases TRUE (the kiosk has a hub), tr_store_register gives the
 * status "registered" only when this kiosk's unexpired lease for the offer
 * holds a seat, and takes that seat in the registration's transaction;
 * otherwise "waiting_list" (or TR_ERROR_FULL). A cancelled registration
 * whose seat the hub has not counted yet gives the seat back to the lease.
 * FALSE (the default, no hub): the offer's own seats count, as always. A
 * setting of this connection, not of the file: every program that
 * registers sets it from its configuration. */
void        tr_store_set_seat_leases (TrStore *self, gboolean leases);
gboolean    tr_store_get_seat_leases (TrStore *self);

typedef struct {
  char   *offer_id;
  guint   held;        /* seats this kiosk may still use */
  gint64  expires_at;  /* Unix seconds: not usable from then on */
} TrLease;

void        tr_lease_free            (TrLease *lease);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrLease, tr_lease_free)

/* Records the free seats the hub has for each offer (@free: offer id →
 * GUINT_TO_POINTER (seats)), which the offers' seats_left then counts with
 * this kiosk's lease; offers the hub did not name are left as they were. */
gboolean    tr_store_set_hub_free_seats (TrStore *self, GHashTable *free, GError **error);
/* The leases recorded, by offer id (an array of TrLease). */
GPtrArray  *tr_store_get_leases      (TrStore *self, GError **error);
/* Records what the hub said this kiosk holds for @offer_id (@hub_held,
 * until @expires_at): the seats of registrations the hub has not counted
 * yet are taken off, in one transaction with the registrations, so the
 * kiosk never uses a seat twice, and stamped @now. @held (may be NULL)
 * gets what it may use. */
gboolean    tr_store_update_lease    (TrStore *self, const char *offer_id, guint hub_held,
                                      gint64 expires_at, GDateTime *now, guint *held, GError **error);
/* Takes up to @count unused seats off the lease before they are given back
 * to the hub (close of day); @released gets how many. Seats taken off and
 * not given back (the hub out of reach) are found again by the next
 * tr_store_update_lease. */
gboolean    tr_store_release_lease   (TrStore *self, const char *offer_id, guint count,
                                      guint *released, GError **error);
/* Seats of @offer_id's lease this kiosk used that the hub has not counted
 * yet (registrations not acknowledged): what it asks for on top. */
gboolean    tr_store_count_unsent_seats (TrStore *self, const char *offer_id, guint *count,
                                         GError **error);
/* Offers registered for since the local day @since_date (YYYY-MM-DD) and
 * offers with a lease recorded, without repeats: what the sync tops up. */
GStrv       tr_store_get_active_offers (TrStore *self, const char *since_date, GError **error);

/* One row of the outbox: the registration as stored, and when it was
 * cancelled (NULL when it was not). */
typedef struct {
  TrRegistration *registration;
  char           *cancelled_at;
  /* Filled by the sync before tr_store_outbox_mark_sent: */
  gboolean        sent_cancelled;  /* it went to the hub as cancelled */
  gboolean        duplicate;       /* the hub already held it */
} TrOutboxRow;

void        tr_outbox_row_free       (TrOutboxRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrOutboxRow, tr_outbox_row_free)

/* Up to @max registrations the hub has not acknowledged, after the id
 * @after_id (0: from the first), oldest first
 * (an array of TrOutboxRow), marked as handed to the hub in the same
 * transaction: a cancellation from then on leaves the seat to the hub. */
GPtrArray  *tr_store_outbox_claim    (TrStore *self, gint64 after_id, guint max, GDateTime *now,
                                      GError **error);
/* Marks @rows (TrOutboxRow) acknowledged by the hub, in one transaction;
 * a row that reached the hub cancelled also has its cancellation sent. */
gboolean    tr_store_outbox_mark_sent (TrStore *self, GPtrArray *rows, GDateTime *now,
                                       GError **error);
/* Up to @max cancellations of registrations already at the hub that the
 * hub has not acknowledged (an array of TrOutboxRow). */
GPtrArray  *tr_store_outbox_cancellations (TrStore *self, guint max, GError **error);
gboolean    tr_store_outbox_mark_cancel_sent (TrStore *self, gint64 id, GDateTime *now,
                                              GError **error);
/* How many registrations and cancellations wait for the hub. */
gboolean    tr_store_outbox_count    (TrStore *self, guint *registrations, guint *cancellations,
                                      GError **error);

/* What the staff panel shows of the link, kept across restarts. */
typedef struct {
  char   *last_success;        /* UTC ISO 8601, or NULL: never */
  char   *last_attempt;
  char   *last_error;          /* of the last attempt; NULL when it succeeded */
  gint64  publication_version; /* the newest publication of the office looked at */
  char   *leases_returned_on;  /* the local day the unused seats were last given back */
} TrSyncRecord;

void        tr_sync_record_free      (TrSyncRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrSyncRecord, tr_sync_record_free)

TrSyncRecord *tr_store_get_sync_record (TrStore *self, GError **error);
/* An attempt to reach the hub at @now: a success when @error_text is NULL. */
gboolean    tr_store_record_sync_attempt (TrStore *self, GDateTime *now, const char *error_text,
                                          GError **error);
gboolean    tr_store_set_publication_version (TrStore *self, gint64 version, GError **error);
gboolean    tr_store_set_leases_returned_on (TrStore *self, const char *date, GError **error);

G_END_DECLS

/* tr-store.h — the kiosk's one SQLite file: offers, registrations, events.
 *
 * WAL, synchronous=FULL, foreign keys, a busy timeout, application_id set,
 * migrations keyed on user_version. A registration is durable when
 * tr_store_register returns: only then may a receipt be shown.
 */
#pragma once

#include <gio/gio.h>
#include "tr-keys.h"
#include "tr-offer.h"

G_BEGIN_DECLS

#define TR_STORE_APPLICATION_ID 0x54726d70  /* "Trmp" */
#define TR_STORE_SCHEMA_VERSION 3

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
  char   *answers_json;  /* {"question id": "answer", …} */
  char   *flags_json;    /* ["qpv", …] */
  char   *person_json;   /* personal details, in a column of their own */
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
  const char         *answers_json;
  const char * const *flags;        /* NULL-terminated priority flag ids */
  const char         *person_json;
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

#define TR_TYPE_STORE (tr_store_get_type ())
G_DECLARE_FINAL_TYPE (TrStore, tr_store, TR, STORE, GObject)

/* Opens (creating when @create and missing) and migrates the database. A
 * file that is not a Tremplin database, or is from a newer version, is
 * refused with a message that says so. */
TrStore    *tr_store_open            (const char *path, gboolean create, GError **error);
/* The same, through the SQLite VFS named @vfs (NULL: the default): the
 * fault tests open the store through one that fails on purpose. */
TrStore    *tr_store_open_with_vfs   (const char *path, gboolean create, const char *vfs,
                                      GError **error);
const char *tr_store_get_path        (TrStore *self);
/* Creates (or brings) the database at @path to schema @version, an older one
 * included, without going further: the migration tests build every past
 * version with it. */
gboolean    tr_store_create_at_version (const char *path, guint version, GError **error);

/* The one rule for kiosk ids, which go into file names and receipts: 1 to
 * TR_RECEIPT_MAX_ID_LENGTH (32) ASCII letters, digits, '-', '_' or '.', not
 * starting with '-' or '.'. Every id given or read back goes through it. */
gboolean    tr_kiosk_id_check        (const char *kiosk_id, GError **error);

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
 * with @keys, inserts, commits. */
TrRegistration *tr_store_register    (TrStore *self, const TrRegistrationRequest *request,
                                      const TrKeyPair *keys, GError **error);
/* @code as a person types it (normalised first). */
TrRegistration *tr_store_find_by_code (TrStore *self, const char *code, GError **error);
/* Marks a registration cancelled, freeing its seat; records a "cancel" event
 * (code and offer only: @reason stays in the registration). */
gboolean    tr_store_cancel          (TrStore *self, const char *code, const char *reason,
                                      GDateTime *now, GError **error);

/* Calls @func for each registration of the local day @date (YYYY-MM-DD) in
 * time order, one row in memory at a time. The callback gets the offer too
 * (which may be withdrawn). Returning FALSE from @func stops with its error. */
typedef gboolean (*TrRegistrationFunc) (const TrRegistration *registration,
                                        TrOffer              *offer,
                                        gpointer              user_data,
                                        GError              **error);
gboolean    tr_store_foreach_registration (TrStore *self, const char *date,
                                           TrRegistrationFunc func, gpointer user_data,
                                           GError **error);

/* The same walk, for exports: SQLite also reads, for each row, the members
 * @person_keys of the personal details and @answer_keys of the answers (the
 * text of the value, NULL when absent), and whether each of @flag_ids is set
 * ("1" or "0"). @func gets them in that order in @values; they are valid
 * during the call only. Member names may not hold a double quote or a
 * backslash. */
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

G_END_DECLS

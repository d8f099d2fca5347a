/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-hub.h — the programme's hub (PostgreSQL), as kiosks and the office
 * program reach it through libpq.
 *
 * The database is the API: a kiosk logs in as its own role kiosk_<id> and
 * may only call the hub's SECURITY DEFINER functions (src/hub/sql/); the
 * office logs in as a member of tremplin_office. Each call is one short
 * transaction and blocks its caller: the kiosk calls it from a worker
 * thread, never from the walk-in's screens (docs/hub.md, "The sync loop").
 *
 * Every failure is a GError in TR_HUB_ERROR whose code says what the caller
 * should do: try again later (UNREACHABLE), stop and tell staff (REFUSED,
 * REVOKED), or keep what it had (BAD_SIGNATURE, BAD_PUBLICATION).
 */
#pragma once

#include <glib.h>

#include "tr-office-key.h"

G_BEGIN_DECLS

#define TR_HUB_ERROR (tr_hub_error_quark ())

typedef enum {
  TR_HUB_ERROR_UNREACHABLE,     /* no connection, or it broke: try again later */
  TR_HUB_ERROR_REFUSED,         /* the hub said no: wrong password, another kiosk's id, no right */
  TR_HUB_ERROR_REVOKED,         /* this kiosk was revoked by the office */
  TR_HUB_ERROR_BAD_SIGNATURE,   /* a publication not signed by the office key */
  TR_HUB_ERROR_BAD_PUBLICATION, /* a signed publication whose content does not load */
  TR_HUB_ERROR_FAILED,          /* anything else the hub reported (the message says what) */
} TrHubErrorCode;

GQuark tr_hub_error_quark (void);

typedef struct _TrHub TrHub;

/* Connects with a libpq connection string (NULL or "" for the PG*
 * variables alone). @kiosk_id is the kiosk this connection writes for, NULL
 * for the office. A connect_timeout of 5 s applies unless @conninfo sets
 * one. */
TrHub      *tr_hub_connect      (const char  *conninfo,
                                 const char  *kiosk_id,
                                 GError     **error);
void        tr_hub_free         (TrHub *hub);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrHub, tr_hub_free)
const char *tr_hub_get_kiosk_id (TrHub *hub);

/* Office: applies every NNN-*.sql of @sql_dir not yet recorded in
 * hub.schema_migrations, in order, each in its own transaction; @applied
 * (may be NULL) gets how many were. Running it again applies nothing. */
gboolean    tr_hub_migrate      (TrHub       *hub,
                                 const char  *sql_dir,
                                 guint       *applied,
                                 GError     **error);
/* The installed migrations' folder (/usr/share/tremplin/hub), or
 * $TREMPLIN_HUB_SQL_DIR when set. */
const char *tr_hub_default_sql_dir (void);

/* One registration as the hub stores it: the clear columns of store schema
 * v4 and the sealed details, exactly as the kiosk holds them. Times are
 * ISO 8601 text as the store keeps them. */
typedef struct {
  const char *session_id;
  const char *code;
  gint64      local_id;
  const char *created_at;
  const char *local_date;     /* YYYY-MM-DD */
  const char *offer_id;
  const char *status;         /* "registered" or "waiting" */
  const char *verdict;
  const char *flags;          /* JSON array; NULL for [] */
  const char *payload;        /* the signed QR text */
  const char *age_band;       /* NULL when unknown */
  int         woman;          /* 1, 0, -1 unknown */
  gboolean    qpv;
  GBytes     *details;        /* sealed; NULL once erased */
  const char *cancelled_at;   /* NULL unless cancelled before it was sent */
  const char *cancel_reason;
} TrHubRow;

/* Kiosk: sends @n registrations in one statement (hub.submit_registrations:
 * one check of the kiosk, one commit): for each row, @duplicates[i] is TRUE
 * when the hub held it already (a resend: the kiosk marks it sent either
 * way), and @row_errors[i] (NULL when the hub holds it; to be freed
 * by the caller) when the hub refused that row, which leaves the others
 * stored. FALSE with @error when the connection failed: then nothing is
 * known of any row (send them again; the hub answers "duplicate" for those
 * it stored). */
gboolean    tr_hub_submit_many  (TrHub          *hub,
                                 const TrHubRow *rows,
                                 guint           n,
                                 gboolean       *duplicates,
                                 GError        **row_errors,
                                 GError        **error);
/* Kiosk: sends the cancellation of one of its registrations. */
gboolean    tr_hub_cancel       (TrHub       *hub,
                                 const char  *code,
                                 const char  *cancelled_at,
                                 const char  *reason,
                                 gboolean    *duplicate,
                                 GError     **error);
/* Kiosk: tops its lease for @offer_id up towards @wanted seats; @held gets
 * the seats it now holds (0 when none is free), @expires_at (may be NULL)
 * the time after which it may no longer use them (Unix seconds). */
gboolean    tr_hub_take_lease   (TrHub       *hub,
                                 const char  *offer_id,
                                 guint        wanted,
                                 guint       *held,
                                 gint64      *expires_at,
                                 GError     **error);
/* Kiosk: gives back @count unused seats; @held gets what it still holds. */
gboolean    tr_hub_return_lease (TrHub       *hub,
                                 const char  *offer_id,
                                 guint        count,
                                 guint       *held,
                                 GError     **error);

/* Kiosk: every offer's seats still free at the hub: offer id →
 * GUINT_TO_POINTER (seats). */
GHashTable *tr_hub_free_seats   (TrHub      *hub,
                                 GError    **error);
/* Kiosk: tells the hub how many registrations it has not sent yet (its
 * outbox, refused rows included), for the office's `hub status`. */
gboolean    tr_hub_report_unsent (TrHub      *hub,
                                  guint       unsent,
                                  GError    **error);

/* A publication of the office: kind "catalogue", "rules" or "trust-list". */
typedef struct {
  gint64  version;
  char   *kind;
  GBytes *payload;
  GError *problem;    /* NULL when it may be used; else why it must not be */
} TrHubPublication;

void        tr_hub_publication_free (TrHubPublication *publication);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrHubPublication, tr_hub_publication_free)

/* The bytes the office key signs for one publication. */
GBytes     *tr_hub_publication_message (gint64      version,
                                        const char *kind,
                                        GBytes     *payload);
/* Checks a publication's content loads (a catalogue's every row, a rules
 * file): FALSE with TR_HUB_ERROR_BAD_PUBLICATION saying where otherwise. */
gboolean    tr_hub_publication_check   (const char  *kind,
                                        GBytes      *payload,
                                        GError     **error);

/* Kiosk: what the office published after @since, oldest first, each checked
 * against @office_key (TR_OFFICE_KEY_BYTES) and loaded once: one whose
 * signature or content is bad has its problem set (and is logged) and must
 * change nothing. @publications gets a new array of TrHubPublication. */
gboolean    tr_hub_fetch_publications (TrHub         *hub,
                                       gint64         since,
                                       const guint8  *office_key,
                                       GPtrArray    **publications,
                                       GError       **error);

/* Office: the newest publication of @kind that @office_key signed and that
 * loads, as a kiosk would use it (one the key did not sign, or that does
 * not load, is passed over: the kiosks keep the one before it too).
 * *@publication is NULL when the hub holds none; @n_refused (may be NULL)
 * gets how many newer ones were passed over. */
gboolean    tr_hub_latest_publication (TrHub             *hub,
                                       const char        *kind,
                                       const guint8      *office_key,
                                       TrHubPublication **publication,
                                       guint             *n_refused,
                                       GError           **error);

/* One registration as the office reads it back from the hub: the clear
 * columns and the sealed details, borrowed for the call. */
typedef struct {
  const char    *kiosk_id;
  const char    *code;
  const char    *local_date;    /* YYYY-MM-DD */
  const char    *offer_id;
  const char    *status;        /* "registered" or "waiting" */
  const char    *flags;         /* JSON array of flag ids */
  gboolean       cancelled;
  gconstpointer  details;       /* sealed; NULL once erased */
  gsize          details_size;
  /* What the office's export adds to the report's columns. Times are UTC:
   * @created_at as the store writes it (YYYY-MM-DDTHH:MM:SSZ), @received_at
   * to the microsecond (YYYY-MM-DDTHH:MM:SS.ffffffZ). */
  const char    *created_at;
  const char    *received_at;
  const char    *verdict;
  const char    *payload;       /* the signed QR text */
  const char    *cancel_reason; /* NULL unless cancelled */
} TrHubRegistration;

typedef gboolean (*TrHubRegistrationFunc) (const TrHubRegistration *registration,
                                           gpointer                 user_data,
                                           GError                 **error);

/* Office: calls @func for every registration of the days from @from_date
 * to @to_date (YYYY-MM-DD, either NULL for no bound), one row in memory at
 * a time, in day and time order (then each kiosk's own order). Returning FALSE from @func stops with its
 * error. */
gboolean    tr_hub_foreach_registration (TrHub                 *hub,
                                         const char            *from_date,
                                         const char            *to_date,
                                         TrHubRegistrationFunc  func,
                                         gpointer               user_data,
                                         GError               **error);

/* Office: publishes @payload (checked with tr_hub_publication_check
 * first) under the next version, signed with @key; a catalogue also sets
 * the offers' seats at the hub. @version (may be NULL) gets its version. */
gboolean    tr_hub_publish      (TrHub             *hub,
                                 const TrOfficeKey *key,
                                 const char        *kind,
                                 GBytes            *payload,
                                 gint64            *version,
                                 GError           **error);
/* Office: enrols kiosk @kiosk_id with its receipt public key (as
 * `tremplin-admin public-key` prints it): creates its role kiosk_<id> with a
 * new random password, returned in @password (the only copy: it goes into
 * that kiosk's kiosk.conf). */
gboolean    tr_hub_enrol_kiosk  (TrHub       *hub,
                                 const char  *kiosk_id,
                                 const char  *public_key,
                                 char       **password,
                                 GError     **error);
/* Office: revokes a kiosk (stolen, retired): it can no longer log in nor
 * write, and the seats it held are free again. */
gboolean    tr_hub_revoke_kiosk (TrHub       *hub,
                                 const char  *kiosk_id,
                                 const char  *reason,
                                 GError     **error);
/* Office: runs @sql (no parameters) and returns its rows, each a NULL-
 * terminated strv of the columns' text (NULL for SQL NULL is "" here). */
GPtrArray  *tr_hub_query_rows   (TrHub       *hub,
                                 const char  *sql,
                                 GError     **error);

G_END_DECLS

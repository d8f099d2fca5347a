/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub-rows.h — the hub's registrations of some days as the office's rows,
 * for `hub export` and `hub provider-lists`.
 *
 * The registrations are gathered into the rows a sealed export holds
 * (tr-export-rows.h), with the offers of the catalogue and the columns of
 * the rules the office last published at the hub (or given as files), so
 * that they open into the very table `tremplin-office open` writes. Each is
 * checked on the way:
 *
 * - its receipt (the signed QR text the hub keeps) must verify with the
 *   public key of its kiosk in the hub's registry and say the same code,
 *   kiosk, offer, day and status as the row; otherwise it is flagged
 *   "bad_signature";
 * - a kiosk revoked at the hub vouches for nothing made or received from
 *   the moment of its revocation: such a row is flagged "revoked_kiosk";
 * - the same person registered twice or more for the same offer (at two
 *   kiosks, or twice at one) is kept once and the other registrations are
 *   named beside it. The same person is: the same date of birth and the
 *   same first and last names once accents, case, spaces, hyphens and
 *   apostrophes are set aside (the two names in either order, for a name
 *   typed in the other field). E-mail and phone are not used: a family
 *   often shares one address or one phone. Cancelled registrations and
 *   those without details (erased) are never duplicates. The one kept is
 *   the first whose receipt checks, a seat before a waiting list, then the
 *   earliest.
 *
 * Nothing is dropped silently: flagged rows stay in the rows, and the
 * caller says what it does with them.
 */
#pragma once

#include <glib.h>

#include "tr-export-rows.h"
#include "tr-offer.h"

G_BEGIN_DECLS

typedef enum {
  TR_HUB_ROW_BAD_SIGNATURE = 1 << 0,
  TR_HUB_ROW_REVOKED_KIOSK = 1 << 1,
} TrHubRowProblem;

/* What was found about one row, by index in the rows. */
typedef struct {
  guint       problems;        /* TrHubRowProblem bits */
  char       *revoked_at;      /* the kiosk's revocation (UTC) when flagged so */
  int         kept;            /* -1, or the row kept in its place (same person) */
  GPtrArray  *same_person;     /* on the row kept: the codes left out for it */
} TrHubRowCheck;

typedef struct _TrHubRows TrHubRows;

/* The options both commands take: the days (--day, or --from and --to),
 * the folder written to, the office key and its passphrase, and the
 * catalogue and rules that win over the hub's. */
typedef struct {
  char     *day, *from_date, *to_date;
  char     *output_folder;   /* "." when not given */
  gboolean  force;
  char     *key_path, *passphrase_file;
  char     *catalogue, *rules_path;
  /* Set by tr_hub_rows_parse_options from the above. */
  char     *from, *to;       /* the first and last days, checked */
  char     *label;           /* "2026-11-28", or "2026-11-28_2026-12-04": for names */
} TrHubRowsOptions;

/* Parses the --hub option and the options above, with @output_help and
 * @rules_help (untranslated, N_) saying what this command writes and reads
 * them for; checks the days (real dates, the last not before the first).
 * On a mistake prints one line and sets *@exit_status to 2. */
gboolean     tr_hub_rows_parse_options (TrHubRowsOptions *options,
                                        int              *argc,
                                        char           ***argv,
                                        const char       *summary,
                                        const char       *output_help,
                                        const char       *rules_help,
                                        int              *exit_status);
void         tr_hub_rows_options_clear (TrHubRowsOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrHubRowsOptions, tr_hub_rows_options_clear)

/* Connects with the --hub connection (tr_hub_cmd_parse) as the office and
 * checks the login may read the registrations; reads the public half of the
 * office key at @key_path (NULL for the default). */
TrHubRows   *tr_hub_rows_connect (const char  *key_path,
                                  GError     **error);
void         tr_hub_rows_free    (TrHubRows *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrHubRows, tr_hub_rows_free)

/* The kiosks' registry, the catalogue and the rules: @catalogue_path and
 * @rules_path (may be NULL) win over what the hub holds. Without a
 * catalogue the offers' cells stay empty, unless @need_catalogue. */
gboolean     tr_hub_rows_prepare (TrHubRows   *self,
                                  const char  *catalogue_path,
                                  const char  *rules_path,
                                  gboolean     need_catalogue,
                                  GError     **error);
/* Asks for the passphrase (or reads @passphrase_file) and unlocks the key. */
gboolean     tr_hub_rows_unlock  (TrHubRows   *self,
                                  const char  *passphrase_file,
                                  GError     **error);
/* Reads the registrations of the days @from_date to @to_date, opens their
 * details and checks them (above). */
gboolean     tr_hub_rows_read    (TrHubRows   *self,
                                  const char  *from_date,
                                  const char  *to_date,
                                  GError     **error);

TrExportRows        *tr_hub_rows_get_rows  (TrHubRows *self);
guint                tr_hub_rows_get_n_rows (TrHubRows *self);
const TrHubRowCheck *tr_hub_rows_get_check (TrHubRows *self,
                                            guint      index);
/* The offer @offer_id of the catalogue, or NULL. */
const TrOfferData   *tr_hub_rows_get_offer (TrHubRows  *self,
                                            const char *offer_id);
/* The codes of @check's same_person, separated by a space, or NULL. */
char                *tr_hub_row_check_same_person (const TrHubRowCheck *check);
/* Prints on stderr one line for each row flagged or left out for the same
 * person, saying what the office should do. */
void                 tr_hub_rows_tell_problems (TrHubRows *self);

G_END_DECLS

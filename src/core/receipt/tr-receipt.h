/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt.h — the signed QR text of a registration.
 *
 * Two lines, no final newline:
 *   Paris Code - inscription 7KQ2-M9XD - formation PC17-0042 - 2027-03-14
 *   TR1:<base45 of kiosk id ‖ "|" ‖ 64-byte Ed25519 signature>
 * Line 1, for any phone camera, says the programme, the code, the offer and
 * the date in plain words (ASCII, so every reader shows it right); a waiting
 * list place reads "Paris Code - liste d'attente 7KQ2-M9XD - formation …".
 * The signature covers the facts "1|kiosk|code|offer|date|status"; the
 * verifier takes code, offer, date and status from line 1, the kiosk from
 * line 2, checks the signature over the facts so rebuilt, and that line 1 is
 * exactly what those facts give. No personal details.
 *
 * Why the facts are not repeated in line 2: the signature alone is 96
 * base45 characters, and with 32-character ids the facts would push the
 * code past QR version 10 at level M; line 1 already carries them.
 */
#pragma once

#include <glib.h>
#include "tr-keys.h"

G_BEGIN_DECLS

/* Ids longer than this would not fit QR version 10 at level M. */
#define TR_RECEIPT_MAX_ID_LENGTH 32

typedef struct {
  char *kiosk_id;
  char *code;       /* "7KQ2-M9XD" */
  char *offer_id;
  char *date;       /* local date of the registration, YYYY-MM-DD */
  char *status;     /* "registered" or "waiting_list" */
} TrReceiptFacts;

void            tr_receipt_facts_free (TrReceiptFacts *facts);
TrReceiptFacts *tr_receipt_facts_copy (const TrReceiptFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrReceiptFacts, tr_receipt_facts_free)

/* The one rule for kiosk ids, which go into file names and receipts: 1 to
 * TR_RECEIPT_MAX_ID_LENGTH (32) ASCII letters, digits, '-', '_' or '.', not
 * starting with '-' or '.'. Every id given or read back goes through it. */
gboolean        tr_kiosk_id_check (const char *kiosk_id, GError **error);

/* The QR text for @facts, signed with @keys. Fails (TR_ERROR_INVALID) when a
 * fact cannot go on a receipt: ids of 1 to TR_RECEIPT_MAX_ID_LENGTH printable
 * ASCII characters other than '|' and space, a valid code, a real date, a
 * known status. */
char           *tr_receipt_sign   (const TrReceiptFacts *facts,
                                   const TrKeyPair      *keys,
                                   GError              **error);
/* Checks @payload against the public keys in @trusted (kiosk id → GBytes of
 * 32 bytes). Returns the facts, or NULL with TR_ERROR_FORGED (bad signature,
 * malformed, readable line disagreeing) or TR_ERROR_UNKNOWN_KIOSK. */
TrReceiptFacts *tr_receipt_verify (const char *payload,
                                   GHashTable *trusted,
                                   GError    **error);

/* Line 1 alone, as a phone shows it; NULL when @facts are not valid. */
char           *tr_receipt_readable_line (const TrReceiptFacts *facts);

G_END_DECLS

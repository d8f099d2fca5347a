/* tr-receipt.h — the signed QR text of a registration.
 *
 * Line 1, for any phone camera: the programme, the code, the offer and the
 * date in plain words (ASCII, so every reader shows it right).
 * Line 2: "TR1:" then base45 of the signed facts (kiosk, code, offer, date,
 * status) followed by the kiosk's Ed25519 signature. No personal details.
 * Verification checks the signature and that line 1 says what the facts say.
 */
#pragma once

#include <glib.h>
#include "tr-keys.h"

G_BEGIN_DECLS

typedef struct {
  char *kiosk_id;
  char *code;       /* "7KQ2-M9XD" */
  char *offer_id;
  char *date;       /* local date of the registration, YYYY-MM-DD */
  char *status;     /* "registered" or "waiting_list" */
} TrReceiptFacts;

void  tr_receipt_facts_free (TrReceiptFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrReceiptFacts, tr_receipt_facts_free)

/* The QR text for @facts, signed with @keys. Fails (TR_ERROR_INVALID) when a
 * fact holds a character that the format cannot carry (the facts are joined
 * with '|'; ids are printable ASCII). */
char           *tr_receipt_sign   (const TrReceiptFacts *facts,
                                   const TrKeyPair      *keys,
                                   GError              **error);
/* Checks @payload against the public keys in @trusted (kiosk id → GBytes of
 * 32 bytes). Returns the facts, or NULL with TR_ERROR_FORGED (bad signature,
 * malformed, readable line disagreeing) or TR_ERROR_UNKNOWN_KIOSK. */
TrReceiptFacts *tr_receipt_verify (const char *payload,
                                   GHashTable *trusted,
                                   GError    **error);

G_END_DECLS

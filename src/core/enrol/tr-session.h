/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-session.h — one walk-in, from Welcome to the receipt.
 *
 * Everything a person enters lives here and nowhere else, so that ending the
 * session (tr_session_wipe, then dropping it) leaves nothing of them for the
 * next person. The kiosk's pages read and write it; the commit goes through
 * the same path as the command line (tr-enrol.h).
 *
 * Properties, notified only when they change: "language" (construct-only),
 * "large-text", "high-contrast", "offer" and "verdict" (read-only, a const
 * TrVerdict *).
 */
#pragma once

#include "tr-enrol.h"
#include "tr-offer.h"
#include "tr-person.h"
#include "tr-rules.h"

G_BEGIN_DECLS

#define TR_TYPE_SESSION (tr_session_get_type ())
G_DECLARE_FINAL_TYPE (TrSession, tr_session, TR, SESSION, GObject)

TrSession       *tr_session_new           (const char *language);
const char      *tr_session_get_id        (TrSession *self);
const char      *tr_session_get_language  (TrSession *self);
gboolean         tr_session_get_large_text (TrSession *self);
void             tr_session_set_large_text (TrSession *self, gboolean large_text);
/* Black and white, strong borders: chosen on Welcome, for this walk-in only. */
gboolean         tr_session_get_high_contrast (TrSession *self);
void             tr_session_set_high_contrast (TrSession *self, gboolean high_contrast);

/* Eligibility answers, keyed by question id. */
GHashTable      *tr_session_get_answers   (TrSession *self);
const char      *tr_session_get_answer    (TrSession *self, const char *question_id);
void             tr_session_set_answer    (TrSession *self, const char *question_id, const char *value);

/* The verdict, once decided (owned by the session). */
const TrVerdict *tr_session_get_verdict   (TrSession *self);
void             tr_session_set_verdict   (TrSession *self, TrVerdict *verdict);

TrOffer         *tr_session_get_offer     (TrSession *self);
void             tr_session_set_offer     (TrSession *self, TrOffer *offer);

/* What the person typed in each field, as typed; checked when committed. */
const char      *tr_session_get_detail    (TrSession *self, TrField field);
void             tr_session_set_detail    (TrSession *self, TrField field, const char *text);
/* Checks every field; on the first bad one sets @bad_field and @error. */
TrPerson        *tr_session_build_person  (TrSession *self, const GDate *today,
                                           TrField *bad_field, GError **error);

/* Stores the registration (tr_enrol). A retry after a failure reuses the
 * session id, so it can never register the person twice. */
const TrRegistration *tr_session_commit        (TrSession       *self,
                                           TrStore         *store,
                                           TrRules         *rules,
                                           const TrKeyPair *keys,
                                           GDateTime       *now,
                                           gboolean         accept_waiting_list,
                                           GError         **error);
/* The stored registration after a commit, or NULL. */
const TrRegistration *tr_session_get_registration (TrSession *self);

/* Overwrites and forgets everything the person entered. */
void             tr_session_wipe          (TrSession *self);

G_END_DECLS

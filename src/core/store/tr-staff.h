/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff.h — the staff password that unlocks staff mode at the kiosk.
 *
 * Kept as an Argon2id hash (libsodium crypto_pwhash_str) in the settings
 * table, never in clear. After TR_STAFF_FREE_TRIES wrong tries every further
 * try waits a delay that doubles (30 s, 60 s, 120 s… up to an hour); the count
 * and the end of the delay are in the database, so a restart keeps them.
 * Every attempt is recorded as a "staff-unlock" event with its outcome only.
 */
#pragma once

#include "tr-store.h"

G_BEGIN_DECLS

#define TR_STAFF_MIN_LENGTH       8
#define TR_STAFF_MIN_KINDS        3
#define TR_STAFF_FREE_TRIES       3
#define TR_STAFF_FIRST_DELAY      30    /* seconds */
#define TR_STAFF_MAX_DELAY        3600  /* seconds */

typedef enum {
  TR_STAFF_UNLOCK_FAILED = -1,  /* the database could not be read or written: see the error */
  TR_STAFF_UNLOCK_OK,
  TR_STAFF_UNLOCK_WRONG,
  TR_STAFF_UNLOCK_LOCKED_OUT,   /* refused without looking at the password */
  TR_STAFF_UNLOCK_NO_PASSWORD,  /* none set yet: `tremplin-admin staff-password` */
} TrStaffUnlock;

/* About 50 bits, as the French data-protection authority asks of a password
 * with a lock-out: at least 8 characters of at least 3 kinds (lower-case,
 * capitals, digits, other signs), not one character repeated, not one of the
 * passwords tried first. FALSE with TR_ERROR_INVALID saying what is missing. */
gboolean      tr_staff_check_password_strength (const char  *password,
                                                GError     **error);

/* Checks @password's strength, stores its hash in place of any earlier one,
 * clears the lock-out and records a "staff-password-set" event. */
gboolean      tr_staff_set_password            (TrStore     *store,
                                                const char  *password,
                                                GDateTime   *now,
                                                GError     **error);

/* Whether a staff password has been set. */
gboolean      tr_staff_has_password            (TrStore     *store,
                                                gboolean    *has_password,
                                                GError     **error);

/* One attempt at @now. @wait_seconds (may be NULL) gets, for
 * TR_STAFF_UNLOCK_LOCKED_OUT, the seconds left before the next try is
 * looked at; for TR_STAFF_UNLOCK_WRONG, the delay this wrong try imposed
 * (0 while tries are free); 0 otherwise. A right password clears the count. */
TrStaffUnlock tr_staff_try_unlock              (TrStore     *store,
                                                const char  *password,
                                                GDateTime   *now,
                                                gint64      *wait_seconds,
                                                GError     **error);

/* The delay imposed after @failed_tries wrong tries in a row, in seconds. */
gint64        tr_staff_delay_after             (guint        failed_tries);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sync-alert.h — when a kiosk tells staff that the hub has been out of
 * reach too long (kiosk.conf's HubAlertHours=).
 *
 * A kiosk out of reach still registers, within its seat leases, and keeps
 * every registration in its outbox; but its leases run out, the office sees
 * nothing of it, and a cable or a password may be at fault: staff should
 * know, once, and not at every failed round.
 */
#pragma once

#include "tr-sync.h"

G_BEGIN_DECLS

/* Whole hours the hub has been out of reach at @now: since the last
 * success, or since @since (the sync's start) when there never was one or
 * it is older. 0 while the last attempt succeeded. */
guint    tr_sync_hours_out_of_reach (const TrSyncState *state,
                                     GDateTime         *since,
                                     GDateTime         *now);

/* Whether staff should be told now: out of reach for @alert_hours or more
 * and not yet told (*@told); a success makes the next outage told again. */
gboolean tr_sync_alert_due          (const TrSyncState *state,
                                     GDateTime         *since,
                                     GDateTime         *now,
                                     guint              alert_hours,
                                     gboolean          *told);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-kiosk.h — what the kiosk's pages share across walk-ins: the
 * configuration, the database, the rules, the kiosk's keys and the catalogue.
 *
 * Starting never aborts: whatever goes wrong (a broken rules file, a missing
 * key, a database that cannot be opened) closes the kiosk with the error in
 * the log, and Welcome says "temporarily closed".
 */
#pragma once

#include <glib-object.h>

#include "tr-catalogue.h"
#include "tr-config.h"
#include "tr-keys.h"
#include "tr-notifier.h"
#include "tr-rules.h"
#include "tr-store.h"
#include "tr-sync.h"

G_BEGIN_DECLS

#define TR_TYPE_KIOSK (tr_kiosk_get_type ())
G_DECLARE_FINAL_TYPE (TrKiosk, tr_kiosk, TR, KIOSK, GObject)

/* Takes @config. Opens the database, creating it, the kiosk's identity and
 * key, and importing the configured (or demo) catalogue on first run. */
TrKiosk         *tr_kiosk_new            (TrConfig *config);
const TrConfig  *tr_kiosk_get_config     (TrKiosk *self);
/* NULL when the kiosk could not start. */
TrStore         *tr_kiosk_get_store      (TrKiosk *self);
TrRules         *tr_kiosk_get_rules      (TrKiosk *self);
/* Rules the office published since the kiosk started ("rules-published")
 * become the kiosk's: TRUE when there were some. Between two walk-ins only:
 * the pages are built from the rules. */
gboolean         tr_kiosk_take_published_rules (TrKiosk *self);
const TrKeyPair *tr_kiosk_get_keys       (TrKiosk *self);
/* Read from the database at its first use (the offers page), not at start:
 * NULL when it cannot be read. */
TrCatalogue     *tr_kiosk_get_catalogue  (TrKiosk *self);
/* Reads the offers and their seats left again (after a registration). */
void             tr_kiosk_reload_catalogue (TrKiosk *self);
/* Why no walk-in can start now: a start-up fault, registrations closed, an
 * empty catalogue. NULL when open. */
gboolean         tr_kiosk_is_open        (TrKiosk *self);
gboolean         tr_kiosk_is_faulty      (TrKiosk *self);
/* Whether the programme office's key is known (kiosk.conf's OfficeKey=,
 * or saved by `tremplin-admin office-key`): without it the kiosk is not
 * set up, and takes no registration, since it could not seal them. */
gboolean         tr_kiosk_has_office_key (TrKiosk *self);
/* Registrations closed for today: by kiosk.conf's Open=false, or by staff
 * until midnight. */
gboolean         tr_kiosk_is_closed_today (TrKiosk *self);
gboolean         tr_kiosk_set_closed_today (TrKiosk *self, gboolean closed, GError **error);
/* The link to the programme's hub (kiosk.conf's Hub=), its rounds in a
 * thread of their own; NULL when the kiosk works alone. */
TrSync          *tr_kiosk_get_sync       (TrKiosk *self);
/* Staff notifications; never NULL (a disabled notifier sends nothing). */
TrNotifier      *tr_kiosk_get_notifier   (TrKiosk *self);
/* The database failed a write or read that registrations need: staff are
 * notified that the kiosk has stopped taking registrations. */
void             tr_kiosk_report_storage_failure (TrKiosk      *self,
                                                  const GError *error);

G_END_DECLS

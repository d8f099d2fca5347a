/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report-hub.h — the season report's registrations read from the hub
 * rather than from opened day exports.
 *
 * The hub keeps each registration's clear columns (kiosk, day, offer,
 * status, flags) and its details sealed to the office key. The report needs
 * one thing from inside those details, the postcode of residence, so the
 * office key is unlocked and each registration's details are opened in
 * memory, that postcode kept and the rest wiped: nothing personal is
 * written, and the report stays figures only. The offers' titles, providers
 * and seats, and the flags' names, come from what the office last
 * published to the hub, checked against the office key as a kiosk checks
 * them.
 *
 * Everything that can fail without the passphrase (the connection, the
 * login's rights, the key file, the publications) fails first.
 */
#pragma once

#include <glib.h>

#include "tr-report.h"

G_BEGIN_DECLS

typedef struct _TrReportHub TrReportHub;

/* Connects as the office with @conninfo (a libpq connection string; "" for
 * the PG* variables) and checks that the login may read the registrations;
 * reads the public half of the office key at @key_path. */
TrReportHub *tr_report_hub_connect (const char  *conninfo,
                                    const char  *key_path,
                                    GError     **error);
void         tr_report_hub_free    (TrReportHub *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrReportHub, tr_report_hub_free)

/* The offers (TrOffer) of the catalogue the office last published, or an
 * empty array when the hub holds none signed by the office key. */
GPtrArray   *tr_report_hub_load_offers (TrReportHub  *self,
                                        GError      **error);
/* The flags' names and targets of the rules the office last published, read
 * into @report; nothing when the hub holds none. */
gboolean     tr_report_hub_read_rules  (TrReportHub  *self,
                                        TrReport     *report,
                                        GError      **error);
/* Unlocks the office key with the passphrase (@passphrase_file's first
 * line, or asked). */
gboolean     tr_report_hub_unlock      (TrReportHub  *self,
                                        const char   *passphrase_file,
                                        GError      **error);
/* Counts into @report every registration of the days from @from_date to
 * @to_date (either NULL for no bound); @count gets how many were read. */
gboolean     tr_report_hub_add_registrations (TrReportHub  *self,
                                              TrReport     *report,
                                              const char   *from_date,
                                              const char   *to_date,
                                              guint        *count,
                                              GError      **error);

G_END_DECLS

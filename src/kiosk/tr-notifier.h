/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-notifier.h — desktop notifications for staff (libnotify): a
 * registration completed, an offer now full, the day's export written,
 * storage failing, the hub out of reach.
 *
 * Never a personal detail in them: a notification shows on a screen anyone
 * near the kiosk may see, and the notification server may keep a history.
 * Only offer titles, counts, paths and what went wrong.
 *
 * With no notification server, the first notification says so once in the
 * log and the others are dropped: the kiosk goes on as before.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TR_TYPE_NOTIFIER (tr_notifier_get_type ())
G_DECLARE_FINAL_TYPE (TrNotifier, tr_notifier, TR, NOTIFIER, GObject)

/* A disabled notifier (kiosk.conf's Notifications=false) sends nothing. */
TrNotifier *tr_notifier_new                       (gboolean    enabled);
gboolean    tr_notifier_get_enabled               (TrNotifier *self);
/* Whether notifications still go out: enabled, and no missing server seen. */
gboolean    tr_notifier_is_available              (TrNotifier *self);

void        tr_notifier_registration_completed    (TrNotifier *self,
                                                   const char *offer_title,
                                                   int         seats_left);
void        tr_notifier_offer_full                (TrNotifier *self,
                                                   const char *offer_title);
void        tr_notifier_export_written            (TrNotifier *self,
                                                   guint       rows,
                                                   const char *where);
/* @what_failed: what went wrong with the database, in plain words. */
void        tr_notifier_storage_failing           (TrNotifier *self,
                                                   const char *what_failed);
/* The programme's hub out of reach for @hours (HubAlertHours=), with
 * @unsent registrations waiting; @what_failed: the last attempt's error. */
void        tr_notifier_hub_out_of_reach          (TrNotifier *self,
                                                   guint       hours,
                                                   guint       unsent,
                                                   const char *what_failed);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-config.h — the kiosk's configuration, kiosk.conf (a GKeyFile).
 *
 * Looked up as tremplin/kiosk.conf in the XDG system config dirs (and the
 * build's sysconfdir), unless a path is given. Without any file, defaults
 * that need no set-up: a database under the user's data directory, the
 * embedded rules and demo catalogue. See data/kiosk.conf.example.
 */
#pragma once

#include <glib.h>

#include "tr-office-key-text.h"

G_BEGIN_DECLS

/* KeepDays=: a month by default; at most a year on the kiosk (the office
 * keeps what it needs longer). */
#define TR_CONFIG_DEFAULT_KEEP_DAYS 30
#define TR_CONFIG_MAX_KEEP_DAYS 365

/* HubLeaseSeats=: seats of one offer the kiosk asks the hub to hold. */
#define TR_CONFIG_DEFAULT_HUB_LEASE_SEATS 2
#define TR_CONFIG_MAX_HUB_LEASE_SEATS 50
/* HubAlertHours=: staff are told once the hub has been out of reach this
 * long (half a working day by default; a week at most). */
#define TR_CONFIG_DEFAULT_HUB_ALERT_HOURS 4
#define TR_CONFIG_MAX_HUB_ALERT_HOURS 168
/* HubCloseHour=: the hour (Paris time) the kiosk's day closes by itself and
 * its unused seats go back to the hub for other kiosks to sell; 24, at
 * midnight: only staff close it earlier. */
#define TR_CONFIG_DEFAULT_HUB_CLOSE_HOUR 20
#define TR_CONFIG_MAX_HUB_CLOSE_HOUR 24

typedef struct {
  char     *path;               /* the file read, or NULL when defaults only */
  char     *kiosk_id;           /* NULL: the one the database was initialised with */
  char     *database;
  char     *key_file;           /* NULL: <database>.key, see tr_config_dup_key_file */
  char     *rules;              /* NULL: the embedded Paris Code 2017 rules */
  char     *catalogue;          /* imported on first run; NULL: the demo catalogue */
  char     *export_directory;
  char     *language;           /* language of the welcome screen */
  char     *staff_language;     /* of the staff panel; NULL: Language= */
  guint     idle_seconds;
  guint     receipt_idle_seconds;
  guint     staff_idle_seconds;  /* staff mode locks itself after this long untouched */
  gboolean  open;               /* FALSE: registrations closed */
  gboolean  notifications;      /* staff notifications (libnotify) */
  gboolean  on_screen_keyboard; /* FALSE: a physical keyboard, the kiosk's own never shows */
  char     *printer;            /* CUPS printer for receipts; NULL: no Print button */
  char     *paper;              /* "80mm" (thermal) or "a4" */
  /* OfficeKey=: the programme office's public key, which personal details
   * are sealed to; wins over the one saved in the database. */
  gboolean  has_office_key;
  guint8    office_key[TR_OFFICE_KEY_BYTES];
  guint     keep_days;          /* sealed details kept this long once exported */
  /* Hub=: the programme's hub, a libpq connection string; NULL: none (the
   * kiosk works alone). HubPassword=: its kiosk role's password, as
   * `tremplin-office hub enrol-kiosk` printed it. */
  char     *hub;
  char     *hub_password;
  guint     hub_lease_seats;    /* HubLeaseSeats= */
  guint     hub_alert_hours;    /* HubAlertHours= */
  guint     hub_close_hour;     /* HubCloseHour= */
} TrConfig;

/* Reads @path, or the first kiosk.conf found when @path is NULL. A missing
 * @path, an unknown group or key, or a value of the wrong kind is an error
 * naming the file and the key. */
TrConfig *tr_config_load (const char *path, GError **error);
/* The defaults alone, as if no file existed. */
TrConfig *tr_config_new_default (void);
void      tr_config_free (TrConfig *config);
/* The staff panel's language: StaffLanguage=, or Language=. */
const char *tr_config_get_staff_language (const TrConfig *config);
/* The private key's file: KeyFile=, or beside the database. */
char     *tr_config_dup_key_file (const TrConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrConfig, tr_config_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* admin-context.h — what every tremplin-admin command shares: the
 * configuration, the database, the rules and the kiosk's keys, opened on
 * demand, and one way to report a failure. */
#pragma once

#include "tr-command-line.h"
#include "tr-config.h"
#include "tr-keys.h"
#include "tr-rules.h"
#include "tr-store.h"

G_BEGIN_DECLS

typedef struct {
  TrConfig *config;
  TrStore  *store;
  TrRules  *rules;
} TrAdmin;

typedef int (*TrAdminCommand) (TrAdmin *admin, int argc, char **argv);

TrAdmin   *tr_admin_new         (const char *config_path, const char *db_path, GError **error);
void       tr_admin_free        (TrAdmin *admin);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrAdmin, tr_admin_free)

/* Opens the database with kiosk.conf's OfficeKey=, or else @office_key
 * (may be NULL) to seal what an older database holds in clear. */
TrStore   *tr_admin_open_store  (TrAdmin *admin, gboolean create, GError **error);
TrStore   *tr_admin_open_store_with_key (TrAdmin *admin, gboolean create,
                                         const guint8 *office_key, GError **error);
TrRules   *tr_admin_get_rules   (TrAdmin *admin, GError **error);
TrKeyPair *tr_admin_load_keys   (TrAdmin *admin, GError **error);
/* The language for texts from the rules: the one the messages are in. */
const char *tr_admin_language   (void);

/* Parses a command's options (--help prints them and exits) and checks that
 * between @min_args and @max_args arguments remain, in (*argv)[1…]. On a
 * mistake prints one line, sets *@exit_status to 2 and returns FALSE. */
gboolean   tr_admin_parse       (int *argc, char ***argv,
                                 const char *parameters, const char *summary,
                                 const GOptionEntry *entries,
                                 int min_args, int max_args, int *exit_status);
/* Prints "tremplin-admin: MESSAGE" on stderr; returns TR_EXIT_FAILED. */
int        tr_admin_fail        (const GError *error);
int        tr_admin_usage       (const char *format, ...) G_GNUC_PRINTF (1, 2);

int tr_admin_cmd_init          (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_import_offers (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_offers        (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_register      (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_receipt       (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_verify        (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_export        (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_stats         (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_public_key    (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_trust         (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_check         (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_backup        (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_staff_password (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_office_key    (TrAdmin *admin, int argc, char **argv);
int tr_admin_cmd_erase         (TrAdmin *admin, int argc, char **argv);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd-hub.h — tremplin-office's hub commands (one entry function each, as
 * tremplin-office's other commands) and what they share: the --hub option,
 * the office key for publishing, one way to report a failure. */
#pragma once

#include <glib.h>

#include "tr-command-line.h"
#include "tr-hub.h"
#include "tr-office-key.h"

G_BEGIN_DECLS

/* "tremplin-office hub COMMAND …": runs one of the commands below. */
int tr_office_cmd_hub                   (int argc, char **argv);
int tr_office_cmd_hub_init              (int argc, char **argv);
int tr_office_cmd_hub_enrol_kiosk       (int argc, char **argv);
int tr_office_cmd_hub_revoke_kiosk      (int argc, char **argv);
int tr_office_cmd_hub_publish_catalogue (int argc, char **argv);
int tr_office_cmd_hub_publish_rules     (int argc, char **argv);
int tr_office_cmd_hub_status            (int argc, char **argv);
int tr_office_cmd_hub_trust_list        (int argc, char **argv);
int tr_office_cmd_hub_export            (int argc, char **argv);
int tr_office_cmd_hub_provider_lists    (int argc, char **argv);

/* The --hub option every hub command takes (a libpq connection string; the
 * PG* variables when absent), added to @entries' copy. */
gboolean tr_hub_cmd_parse   (int *argc, char ***argv, const char *parameters,
                             const char *summary, const GOptionEntry *entries,
                             int min_args, int max_args, int *exit_status);
/* Connects as the office with the --hub text parsed above. */
TrHub   *tr_hub_cmd_connect (GError **error);
/* Connects as the office with @conninfo (NULL: the --hub text parsed
 * above) and checks that the login may read the registrations, so that one
 * that may not is told before the passphrase is asked for. Errors come
 * explained (tr_hub_cmd_explain_error). */
TrHub   *tr_hub_cmd_connect_reader (const char *conninfo, GError **error);
/* Rewords a TR_HUB_ERROR for the office (what to check first, the hub's
 * own words kept on one line); other errors are left as they are. */
void     tr_hub_cmd_explain_error (GError **error);
/* Prints "tremplin-office: MESSAGE" on stderr; returns TR_EXIT_FAILED. */
int      tr_hub_cmd_fail    (const GError *error);
int      tr_hub_cmd_usage   (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Unlocks the office key at @key_path (NULL: $XDG_DATA_HOME/tremplin/
 * office.key) with the passphrase from @passphrase_file's first line, or
 * standard input's. */
TrOfficeKey *tr_hub_cmd_unlock (const char *key_path, const char *passphrase_file, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office-context.h — what every tremplin-office command shares: where the
 * office key lies, how its passphrase is asked, the sealed files given on
 * the command line, and one way to report a failure. */
#pragma once

#include <glib.h>

#include "tr-command-line.h"
#include "tr-export-rows.h"
#include "tr-office-key.h"
#include "tr-sealed-file.h"

G_BEGIN_DECLS

typedef int (*TrOfficeCommand) (int argc, char **argv);

/* $XDG_DATA_HOME/tremplin/office.key (~/.local/share/tremplin/office.key). */
char        *tr_office_default_key_path (void);
/* The --key option's text for --help, naming that default. */
char        *tr_office_key_option_help  (void);

/* Parses a command's options (--help prints them and exits) and checks that
 * between @min_args and @max_args arguments remain; on a mistake prints one
 * line, sets *@exit_status to 2 and returns FALSE. @description (may be
 * NULL) goes at the end of --help. */
gboolean     tr_office_parse (int *argc, char ***argv,
                              const char *parameters, const char *summary,
                              const char *description,
                              const GOptionEntry *entries,
                              int min_args, int max_args, int *exit_status);
/* Prints "tremplin-office: MESSAGE" on stderr; returns TR_EXIT_FAILED. */
int          tr_office_fail  (const GError *error);
int          tr_office_usage (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* The passphrase: from @passphrase_file (its first line) when given; else
 * asked on the terminal without echo when standard input is one (@confirm:
 * asked twice, and both must match); else the first line of standard input.
 * Wipe it with tr_office_passphrase_free. */
char        *tr_office_read_passphrase (const char  *passphrase_file,
                                        const char  *prompt,
                                        gboolean     confirm,
                                        GError     **error);
void         tr_office_passphrase_free (char *passphrase);

/* Reads the passphrase (as above) and unlocks the key at @key_path. */
TrOfficeKey *tr_office_unlock (const char  *key_path,
                               const char  *passphrase_file,
                               GError     **error);

/* Reads and checks every sealed file of @paths (manifest and hash, no key
 * needed) and that each is sealed to the key at @key_path, so that nothing
 * is asked before a file that cannot be opened is named. An array of
 * TrSealedFile, in order. */
GPtrArray   *tr_office_read_sealed_files (char       **paths,
                                          const char  *key_path,
                                          GError     **error);

/* Opens one file's rows with @key; with @details, the details too. */
TrExportRows *tr_office_open_rows (const TrSealedFile  *file,
                                   const char          *path,
                                   const TrOfficeKey   *key,
                                   gboolean             details,
                                   GError             **error);

int tr_office_cmd_init_key   (int argc, char **argv);
int tr_office_cmd_public_key (int argc, char **argv);
int tr_office_cmd_open       (int argc, char **argv);
int tr_office_cmd_find       (int argc, char **argv);
int tr_office_cmd_erase      (int argc, char **argv);
int tr_office_cmd_trust_list (int argc, char **argv);

G_END_DECLS

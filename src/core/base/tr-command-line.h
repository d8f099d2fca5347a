/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-command-line.h — what tremplin-admin's and tremplin-office's commands
 * share: their exit statuses, and how a command's options and arguments are
 * read and checked, in the same words for every command. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 0 done, 1 failed (a forged receipt, a wrong passphrase, a damaged file,
 * …), 2 the command line itself was wrong. */
enum { TR_EXIT_OK = 0, TR_EXIT_FAILED = 1, TR_EXIT_USAGE = 2 };

/* Parses @context's options from @argc/@argv (--help prints them and
 * exits) and checks that between @min_args and @max_args arguments remain
 * (@max_args -1: no limit). @parameters is what @context was made with, to
 * name what is missing. On a mistake, sets @error to one line that begins
 * with the command's name, and returns FALSE. */
gboolean tr_command_line_parse (GOptionContext   *context,
                                const char       *parameters,
                                int              *argc,
                                char           ***argv,
                                int               min_args,
                                int               max_args,
                                GError          **error);

G_END_DECLS

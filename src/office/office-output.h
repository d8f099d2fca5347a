/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office-output.h — the files a tremplin-office command writes, all of them
 * or none: each written to a hidden temporary file beside its place (mode
 * 0600: they hold personal details), synced, and renamed only once every
 * one is there; a failure removes what it wrote. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *path;
  GBytes *contents;    /* set before writing */
  char   *temporary;   /* while written */
} TrOfficeOutput;

TrOfficeOutput *tr_office_output_new  (const char *path);
void            tr_office_output_free (TrOfficeOutput *output);

/* A new array of TrOfficeOutput, freed with it. */
GPtrArray      *tr_office_outputs_new (void);

/* FALSE, saying what to do, unless @folder is a folder this user may write
 * into. */
gboolean tr_office_check_output_folder (const char *folder, GError **error);
/* FALSE, saying what to do, when @output's file is there already and
 * @force is not given. */
gboolean tr_office_check_output_free   (const TrOfficeOutput *output,
                                        gboolean              force,
                                        GError              **error);
/* Writes every output, all or none (see above). */
gboolean tr_office_write_outputs       (GPtrArray  *outputs,
                                        gboolean    force,
                                        GError    **error);

G_END_DECLS

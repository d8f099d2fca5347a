/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-rows-private.h — the rows file of a sealed export as the kiosk
 * writes it, line by line (tr-export-rows.h reads it back). */
#pragma once

#include "tr-export-rows.h"

G_BEGIN_DECLS


/* The first line: the format, the kiosk and day, and the table's columns
 * (@question_ids and @flag_ids in the rules' order, NULL-terminated). */
void tr_export_rows_append_header (GString            *out,
                                   const char         *kiosk_id,
                                   const char         *day,
                                   const char * const *question_ids,
                                   const char * const *flag_ids);
/* One registration's line. */
void tr_export_rows_append_row    (GString                 *out,
                                   const TrExportRowSource *row);

G_END_DECLS

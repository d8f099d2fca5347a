/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export.h — a day's registrations as a file for the programme office.
 *
 * CSV for French spreadsheets (UTF-8 with BOM, ';', CRLF, RFC 4180 quoting,
 * formula-looking cells made inert) or JSON Lines with the same columns.
 * Written to a temporary file, synced and renamed: never a half file. The
 * same day exported twice gives the same bytes.
 */
#pragma once

#include "tr-store.h"
#include "tr-rules.h"

G_BEGIN_DECLS

typedef enum {
  TR_EXPORT_CSV,
  TR_EXPORT_JSONL,
} TrExportFormat;

gboolean tr_export_format_from_token (const char *token, TrExportFormat *out);

/* Writes "tremplin-<kiosk id>-<date>.csv" (or .jsonl) into @directory,
 * records an "export" event and returns its path (a file that cannot be
 * recorded is removed again); @n_rows (may be NULL) gets the number of
 * registrations.
 * @rules gives the answer columns, in question order, and the flag columns. */
char *tr_export_day (TrStore       *store,
                     TrRules       *rules,
                     const char    *date,
                     TrExportFormat format,
                     const char    *directory,
                     guint         *n_rows,
                     GError       **error);

/* Removes the unfinished files that an export stopped midway (killed, or
 * the power cut) left in @directory: hidden temporary copies of a day's
 * personal details. An export under way keeps its own. Returns how many
 * were removed. Each export does it first; the kiosk also does it when a
 * drive is plugged in. */
guint tr_export_remove_stale (const char *directory);

/* Creates @directory (and its parents) for exports, as a drive's own
 * folder; the error says why not, in the same words as a failed export. */
gboolean tr_export_make_folder (const char *directory, GError **error);

/* Both files of the day, the CSV and the JSON Lines, into @directory, and
 * their two events in one transaction: all are written or none is (a CSV
 * written before a failing JSON Lines is removed again, with an earlier
 * JSON Lines of the day). Returns their paths, NULL-terminated. */
char **tr_export_day_files (TrStore     *store,
                            TrRules     *rules,
                            const char  *date,
                            const char  *directory,
                            guint       *n_rows,
                            GError     **error);

G_END_DECLS

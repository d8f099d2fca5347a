/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export.h — a day's registrations, sealed for the programme office.
 *
 * A kiosk cannot read the details it sealed at commit, so what it exports
 * is sealed too: one file a day, "tremplin-<kiosk id>-<date>.sealed"
 * (tr-sealed-file.h), with a clear manifest (kiosk, day, how many
 * registrations) that staff can read, and the day's rows (tr-export-rows.h)
 * sealed to the office key, each registration's details exactly as the
 * store sealed them. `tremplin-office open` turns it into the CSV for
 * French spreadsheets (UTF-8 with BOM, ';', CRLF, RFC 4180 quoting,
 * formula-looking cells made inert) and the JSON Lines of docs/export.md.
 * Written to a temporary file, synced and renamed: never a half file.
 */
#pragma once

#include "tr-store.h"
#include "tr-rules.h"

G_BEGIN_DECLS

/* The two files the office opens a day into. */
typedef enum {
  TR_EXPORT_CSV,
  TR_EXPORT_JSONL,
} TrExportFormat;

/* Writes the day's sealed file into @directory, sealed to the store's
 * office key, records an "export" event and returns its path (a file that
 * cannot be recorded is removed again); @n_rows (may be NULL) gets the
 * number of registrations. @rules gives the columns the office's CSV will
 * have: the answers, in question order, and the flags. Fails
 * (TR_ERROR_NOT_FOUND) when the kiosk has no office key. */
char *tr_export_day_sealed (TrStore     *store,
                            TrRules     *rules,
                            const char  *date,
                            const char  *directory,
                            guint       *n_rows,
                            GError     **error);

/* Removes the unfinished files that an export stopped midway (killed, or
 * the power cut) left in @directory. An export under way keeps its own.
 * Returns how many were removed. Each export does it first; the kiosk also
 * does it when a drive is plugged in. */
guint tr_export_remove_stale (const char *directory);

/* Creates @directory (and its parents) for exports, as a drive's own
 * folder; the error says why not, in the same words as a failed export. */
gboolean tr_export_make_folder (const char *directory, GError **error);

G_END_DECLS

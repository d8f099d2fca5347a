/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-table-private.h — the day's table as the office reads it: the
 * columns of docs/export.md and one registration's row, as CSV for French
 * spreadsheets or as JSON Lines.
 *
 * The rows come from wherever they are read (the rows of a sealed export,
 * opened by the office; a test's own): the table only formats them, so the
 * same registrations give the same bytes whatever their source.
 */
#pragma once

#include "tr-export.h"

G_BEGIN_DECLS

/* The personal details' columns, in file order. */
#define TR_EXPORT_N_PERSON 7

/* One registration's cells, all borrowed for the call. NULL texts are
 * empty cells. */
typedef struct {
  const char          *kiosk_id;
  const char          *code;
  const char          *created_at;     /* UTC, as the store writes it */
  const char          *local_date;
  const char          *status;
  const char          *offer_id;
  const char          *offer_title;
  const char          *offer_category;
  const char          *offer_provider;
  const char          *offer_postcode;
  const char          *verdict;
  const char * const  *person;         /* TR_EXPORT_N_PERSON values, in column order */
  const char * const  *answers;        /* one per question, in question order */
  const gboolean      *flags;          /* one per flag, in flag order */
  const char          *cancel_reason;
  const char * const  *extra;          /* one per column added, or NULL */
} TrExportRow;

typedef struct _TrExportTable TrExportTable;

/* The person keys ("last_name", …) in column order, NULL-terminated. */
const char * const *tr_export_person_keys (void);

/* A table whose answer and flag columns are @question_ids and @flag_ids
 * (NULL-terminated, in the rules' order). */
TrExportTable *tr_export_table_new     (TrExportFormat      format,
                                        const char * const *question_ids,
                                        const char * const *flag_ids);
void           tr_export_table_free    (TrExportTable *table);
/* Columns after cancel_reason (NULL-terminated names), for what the office
 * adds to a table of its own; their cells are the rows' @extra. */
void           tr_export_table_add_columns (TrExportTable      *table,
                                            const char * const *names);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrExportTable, tr_export_table_free)

guint          tr_export_table_get_n_questions (TrExportTable *table);
guint          tr_export_table_get_n_flags     (TrExportTable *table);
/* The column names, in file order. */
GPtrArray     *tr_export_table_get_columns     (TrExportTable *table);

/* What comes before the rows: the BOM and the header row for CSV, nothing
 * for JSON Lines. */
void           tr_export_table_append_header (TrExportTable *table,
                                              GString       *out);
void           tr_export_table_append_row    (TrExportTable     *table,
                                              const TrExportRow *row,
                                              GString           *out);

/* Appends @text as a JSON string (text that is not UTF-8 made valid): the
 * export's and the rows file's lines are written by hand, so that keys keep
 * their order and the bytes never depend on a library's choices. */
void           tr_export_json_append_string  (GString    *out,
                                              const char *text);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report.h — the season's figures, counted from the day exports.
 *
 * A TrReport reads the files that `tremplin-admin export` writes (CSV or
 * JSON Lines, docs/export.md), keeps only counts (never a name: the report
 * can be mailed around) and gives every figure as a table: the table behind
 * each chart, written as CSV beside the drawing. Memory depends on the
 * catalogue and the number of days, not on the number of rows.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *title;            /* e.g. "Paris Code 2017"; may be NULL */
  char   *from_date;        /* YYYY-MM-DD or NULL: rows before are left out */
  char   *to_date;          /* YYYY-MM-DD or NULL: rows after are left out */
  guint   target;           /* places the season aims at (1,000) */
  double  cost_per_person;  /* euros (7,500) */
  double  budget;           /* euros (1,000,000) */
} TrReportSettings;

void tr_report_settings_init  (TrReportSettings *settings);
void tr_report_settings_clear (TrReportSettings *settings);
/* Reads the [Report] group of @path (Target=, CostPerPerson=, Budget=,
 * Title=) and its [Audience targets] group (flag id = percent). */
gboolean tr_report_settings_load (TrReportSettings *settings,
                                  GHashTable       *audience_targets,
                                  const char       *path,
                                  GError          **error);

/* One table: a header and rows of cells, numbers written with a '.'. */
typedef struct {
  char       *id;       /* file name without extension, e.g. "per-kiosk" */
  char       *title;
  guint       n_columns;
  char      **columns;  /* NULL-terminated */
  GPtrArray  *rows;     /* of char ** (NULL-terminated, n_columns cells) */
} TrReportTable;

typedef struct _TrReport TrReport;

/* @offers: the catalogue (an array of TrOffer), for seats, providers and the
 * offers nobody chose; may be NULL (then only the offers met in the rows).
 * @audience_targets: flag id → percent (a string), may be NULL. */
TrReport *tr_report_new            (const TrReportSettings *settings,
                                    GPtrArray              *offers,
                                    GHashTable             *audience_targets);
void      tr_report_free           (TrReport *self);

/* Flag labels and targets from a rules file ([Flag id] Label=, and
 * Target= when the file states one). */
gboolean  tr_report_read_rules     (TrReport *self, const char *path, GError **error);

/* The rules as text (a rules file published at the hub, say); @name is how
 * errors call it. */
gboolean  tr_report_read_rules_data (TrReport   *self,
                                     const char *data,
                                     gsize       length,
                                     const char *name,
                                     GError    **error);

/* One registration as the kiosk's store and the hub keep it, rather than as
 * an export row: the status the store gave it, whether it was cancelled
 * since, its priority flags as the store's JSON array of ids, and the
 * postcode of residence (opened from its sealed details, or NULL). The
 * texts are borrowed for the call. */
typedef struct {
  const char *kiosk_id;
  const char *local_date;   /* YYYY-MM-DD */
  const char *offer_id;
  const char *status;       /* "registered", "waiting" or "waiting_list", "cancelled" */
  gboolean    cancelled;
  const char *flags_json;   /* ["qpv", …], or NULL */
  const char *postcode;
} TrReportRegistration;

/* Counts @registration exactly as its row in the day's export would be
 * counted (a cancelled one only as cancelled). */
void      tr_report_add_registration (TrReport                   *self,
                                      const TrReportRegistration *registration);

/* Adds one export file's rows (.csv or .jsonl, by content). A second file
 * of the same kiosk and day (the CSV and the JSON Lines of one export) is
 * left out, *@skipped set to TRUE. */
gboolean  tr_report_add_file       (TrReport   *self,
                                    const char *path,
                                    gboolean   *skipped,
                                    GError    **error);

/* Counts every table; call once, after the last file. */
void      tr_report_finish         (TrReport *self);

/* The tables, in the order of the report (valid after finish). */
GPtrArray          *tr_report_get_tables (TrReport *self);
const TrReportTable *tr_report_get_table (TrReport *self, const char *id);

/* Headline figures. */
guint  tr_report_get_n_rows        (TrReport *self);  /* registered + waiting list */
guint  tr_report_get_n_registered  (TrReport *self);
guint  tr_report_get_n_waiting     (TrReport *self);
guint  tr_report_get_n_cancelled   (TrReport *self);
guint  tr_report_get_n_files       (TrReport *self);
const TrReportSettings *tr_report_get_settings (TrReport *self);
/* The first and last day of the rows, or NULL. */
const char *tr_report_get_first_day (TrReport *self);
const char *tr_report_get_last_day  (TrReport *self);

/* Writes each table as <id>.csv into @directory (UTF-8 with BOM, ';'). */
gboolean tr_report_write_tables    (TrReport   *self,
                                    const char *directory,
                                    GError    **error);

/* A number as the tables write it: "12", "33.3". */
char    *tr_report_format_number   (double value);
/* Reads a cell back as a number (0 when empty). */
double   tr_report_cell_number     (const char *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrReport, tr_report_free)

G_END_DECLS

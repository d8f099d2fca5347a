/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report-private.h — one export row as the report counts it. */
#pragma once

#include "tr-report.h"

G_BEGIN_DECLS

#define TR_REPORT_MAX_FLAGS 32

/* The cells the report reads; borrowed for the time of one row. */
typedef struct {
  const char *kiosk_id;
  const char *status;
  const char *local_date;
  const char *offer_id;
  const char *offer_title;
  const char *offer_category;
  const char *offer_provider;
  const char *postcode;
  guint       n_flags;
  const char *flag_ids[TR_REPORT_MAX_FLAGS];  /* without "flag_" */
  gboolean    flags[TR_REPORT_MAX_FLAGS];
} TrReportRow;

void     tr_report_add_row   (TrReport *self, const TrReportRow *row);
/* Reads one file, CSV or JSON Lines, into tr_report_add_row. */
gboolean tr_report_read_file (TrReport *self, const char *path, GError **error);

G_END_DECLS

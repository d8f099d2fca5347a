/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report-draw.h — the season report written out: an A4 PDF, each chart as SVG and PNG, each table as CSV. */
#pragma once

#include "tr-report.h"

G_BEGIN_DECLS

/* Writes into @directory: report.pdf (A4), <chart>.svg and <chart>.png for
 * each chart, <table>.csv for each table (tr_report_write_tables), and,
 * when @page_images, page-<n>.png for each page of the PDF. @report must be
 * finished. */
gboolean tr_report_draw (TrReport   *report,
                         const char *directory,
                         gboolean    page_images,
                         GError    **error);

G_END_DECLS

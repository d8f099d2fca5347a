/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report-charts.h — the report's chart kinds, drawn with Pango on any cairo surface.
 *
 * Made to be read in black and white and by colour-blind people: each
 * series has its own pattern (solid, hatched, empty) as well as its colour
 * (Okabe–Ito blue and orange), and every bar carries its own value. Names
 * in any script are laid out by Pango (Arabic right to left, Chinese and
 * Tamil with the kiosk's fonts); names too long for their column end in "…".
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define TR_CHART_MAX_SERIES 3

typedef enum {
  TR_CHART_GROUPED,   /* one bar per series, side by side */
  TR_CHART_STACKED,   /* the series one after the other in one bar */
} TrChartMode;

typedef struct {
  char    *label;
  double   values[TR_CHART_MAX_SERIES];
  char    *value_text;   /* written after the bar; NULL: the values */
  double   marker;       /* a target tick on the value axis */
  gboolean has_marker;
} TrChartBar;

typedef struct {
  char        *title;
  char        *note;        /* one line under the title, or NULL */
  TrChartMode  mode;
  guint        n_series;
  char        *series[TR_CHART_MAX_SERIES];
  char        *unit;        /* after the axis numbers: "%" or NULL */
  char        *marker_name; /* what the tick means: "target", or NULL */
  GArray      *bars;        /* of TrChartBar */
} TrBarChart;

TrBarChart *tr_bar_chart_new   (const char *title, TrChartMode mode, guint n_series, ...);
void        tr_bar_chart_free  (TrBarChart *chart);
TrChartBar *tr_bar_chart_add   (TrBarChart *chart, const char *label, double v0, double v1, double v2);
void        tr_bar_chart_draw  (TrBarChart *chart, cairo_t *cr, double width, double height);
/* The height the chart needs to give each bar room. */
double      tr_bar_chart_height (TrBarChart *chart);

typedef struct {
  char   *title;
  char   *note;
  GArray *days;        /* of char * (YYYY-MM-DD) */
  GArray *values;      /* of double, cumulated */
  double  target;
} TrLineChart;

TrLineChart *tr_line_chart_new  (const char *title, double target);
void         tr_line_chart_free (TrLineChart *chart);
void         tr_line_chart_add  (TrLineChart *chart, const char *day, double value);
void         tr_line_chart_draw (TrLineChart *chart, cairo_t *cr, double width, double height);

/* A figure as the charts write it: 12, 33.3, 1 000 000. */
char *tr_chart_number (double value);

/* Text helpers shared by the page layout. */
void tr_chart_text (cairo_t *cr, const char *text, double x, double y, double width,
                    double size, gboolean bold, int align /* -1 left, 0 centre, 1 right */);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrBarChart, tr_bar_chart_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrLineChart, tr_line_chart_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report-draw.c — the season report's pages and chart files, from the report's tables. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "tr-report-draw.h"
#include "tr-report-charts.h"
#include "tr-error.h"

#define PAGE_WIDTH 595.0   /* A4 in points */
#define PAGE_HEIGHT 842.0
#define MARGIN 40.0
#define CHART_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define MAX_BARS 18
#define PNG_SCALE 2.0

typedef enum { CHART_BAR, CHART_LINE } ChartKind;

typedef struct {
  ChartKind    kind;
  char        *id;
  TrBarChart  *bar;
  TrLineChart *line;
  double       height;
} Chart;

static void
chart_free (Chart *chart)
{
  g_free (chart->id);
  g_clear_pointer (&chart->bar, tr_bar_chart_free);
  g_clear_pointer (&chart->line, tr_line_chart_free);
  g_free (chart);
}

static void
chart_draw (Chart *chart, cairo_t *cr)
{
  if (chart->kind == CHART_LINE)
    tr_line_chart_draw (chart->line, cr, CHART_WIDTH, chart->height);
  else
    tr_bar_chart_draw (chart->bar, cr, CHART_WIDTH, chart->height);
}

static Chart *
bar_chart (const char *id, TrBarChart *bar)
{
  Chart *chart = g_new0 (Chart, 1);

  chart->kind = CHART_BAR;
  chart->id = g_strdup (id);
  chart->bar = bar;
  chart->height = tr_bar_chart_height (bar);
  return chart;
}

static const char *
cell (const TrReportTable *table, guint row, guint column)
{
  return ((char **) g_ptr_array_index (table->rows, row))[column];
}

static double
number (const TrReportTable *table, guint row, guint column)
{
  return tr_report_cell_number (cell (table, row, column));
}

static Chart *
days_chart (TrReport *report)
{
  const TrReportTable *table = tr_report_get_table (report, "registrations-per-day");
  Chart *chart = g_new0 (Chart, 1);

  chart->kind = CHART_LINE;
  chart->id = g_strdup (table->id);
  chart->line = tr_line_chart_new (table->title, tr_report_get_settings (report)->target);
  chart->line->note = g_strdup_printf (_("Registrations and waiting lists, cumulated day by day; the dashed line is the season's target of %u places."),
                                       tr_report_get_settings (report)->target);
  for (guint i = 0; i < table->rows->len; i++)
    tr_line_chart_add (chart->line, cell (table, i, 0), number (table, i, 2));
  chart->height = 250;
  return chart;
}

/* A count per name, the largest first; past MAX_BARS the rest go into one
 * bar, so that a programme with many kiosks still fits its page. */
static Chart *
counts_chart (TrReport *report, const char *id, gboolean keep_order)
{
  const TrReportTable *table = tr_report_get_table (report, id);
  TrBarChart *bar = tr_bar_chart_new (table->title, TR_CHART_GROUPED, 1, _("registrations"));
  double rest = 0, rest_share = 0;
  guint n_rest = 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      TrChartBar *added;
      double value = number (table, i, 1);

      if (!keep_order && i >= MAX_BARS - 1 && table->rows->len > MAX_BARS)
        {
          rest += value;
          rest_share += number (table, i, 2);
          n_rest++;
          continue;
        }
      added = tr_bar_chart_add (bar, *cell (table, i, 0) != '\0' ? cell (table, i, 0) : _("not given"), value, 0, 0);
      added->value_text = NULL;
    }
  if (n_rest > 0)
    {
      g_autofree char *label = g_strdup_printf (_("%u others"), n_rest);
      tr_bar_chart_add (bar, label, rest, 0, 0);
    }
  return bar_chart (id, bar);
}

static Chart *
categories_chart (TrReport *report)
{
  const TrReportTable *table = tr_report_get_table (report, "categories");
  TrBarChart *bar = tr_bar_chart_new (table->title, TR_CHART_GROUPED, 2, _("this season"), _("season 1 (1,270 trained)"));

  bar->unit = g_strdup ("%");
  for (guint i = 0; i < table->rows->len; i++)
    tr_bar_chart_add (bar, cell (table, i, 1), number (table, i, 3), number (table, i, 4), 0);
  return bar_chart (table->id, bar);
}

static Chart *
audiences_chart (TrReport *report)
{
  const TrReportTable *table = tr_report_get_table (report, "audiences");
  TrBarChart *bar = tr_bar_chart_new (table->title, TR_CHART_GROUPED, 1, _("share of registrations"));
  gboolean any_target = FALSE;

  bar->unit = g_strdup ("%");
  for (guint i = 0; i < table->rows->len; i++)
    {
      TrChartBar *added = tr_bar_chart_add (bar, cell (table, i, 1), number (table, i, 3), 0, 0);

      added->value_text = NULL;
      if (*cell (table, i, 4) != '\0')
        {
          added->marker = number (table, i, 4);
          added->has_marker = TRUE;
          any_target = TRUE;
        }
    }
  if (any_target)
    bar->marker_name = g_strdup (_("target"));
  bar->note = g_strdup (_("Share of registrations (registered or on a waiting list); the count is in the table beside the chart."));
  return bar_chart (table->id, bar);
}

static Chart *
providers_chart (TrReport *report)
{
  const TrReportTable *table = tr_report_get_table (report, "seats-per-provider");
  TrBarChart *bar = tr_bar_chart_new (table->title, TR_CHART_STACKED, 3, _("filled"), _("waiting list"), _("empty"));

  for (guint i = 0; i < table->rows->len && i < MAX_BARS; i++)
    tr_bar_chart_add (bar, cell (table, i, 0), number (table, i, 3), number (table, i, 4), number (table, i, 5));
  if (table->rows->len > MAX_BARS)
    bar->note = g_strdup_printf (_("The %u providers with the most seats; all %u are in seats-per-provider.csv."),
                                 MAX_BARS, table->rows->len);
  return bar_chart (table->id, bar);
}

static Chart *
waiting_chart (TrReport *report)
{
  const TrReportTable *table = tr_report_get_table (report, "longest-waiting-lists");
  TrBarChart *bar = tr_bar_chart_new (table->title, TR_CHART_GROUPED, 1, _("on the waiting list"));

  for (guint i = 0; i < table->rows->len; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s %s", cell (table, i, 0), cell (table, i, 1));
      tr_bar_chart_add (bar, label, number (table, i, 3), 0, 0);
    }
  return bar_chart (table->id, bar);
}

static Chart *
money_chart (TrReport *report)
{
  const TrReportTable *table = tr_report_get_table (report, "money");
  TrBarChart *bar = tr_bar_chart_new (table->title, TR_CHART_GROUPED, 1, "€");
  TrChartBar *added;

  bar->unit = g_strdup ("€");
  {
    g_autofree char *cost = tr_chart_number (number (table, 0, 1));
    g_autofree char *committed = tr_chart_number (number (table, 0, 2));
    g_autofree char *budget = tr_chart_number (number (table, 0, 3));
    g_autofree char *places = tr_chart_number (number (table, 0, 5));

    bar->note = g_strdup_printf (_("%s registered × %s € per person = %s € committed, %s %% of the %s € budget, which pays for %s places."),
                                 cell (table, 0, 0), cost, committed, cell (table, 0, 4), budget, places);
  }
  added = tr_bar_chart_add (bar, _("committed"), number (table, 0, 2), 0, 0);
  added->value_text = NULL;
  tr_bar_chart_add (bar, _("budget"), number (table, 0, 3), 0, 0);
  return bar_chart (table->id, bar);
}

/* ---- files ---------------------------------------------------------------- */

static gboolean
check_status (cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("%s could not be written: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_chart_files (Chart *chart, const char *directory, GError **error)
{
  g_autofree char *svg_name = g_strconcat (chart->id, ".svg", NULL);
  g_autofree char *png_name = g_strconcat (chart->id, ".png", NULL);
  g_autofree char *svg_path = g_build_filename (directory, svg_name, NULL);
  g_autofree char *png_path = g_build_filename (directory, png_name, NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_svg_surface_create (svg_path, CHART_WIDTH + 20, chart->height + 20);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, 10, 10);
  chart_draw (chart, cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, svg_path, error))
    return FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ((CHART_WIDTH + 20) * PNG_SCALE),
                                        (int) ((chart->height + 20) * PNG_SCALE));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, PNG_SCALE, PNG_SCALE);
  cairo_translate (cr, 10, 10);
  chart_draw (chart, cr);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, png_path);
  cairo_surface_destroy (surface);
  return check_status (status, png_path, error);
}

static char *
headline (TrReport *report)
{
  const TrReportSettings *settings = tr_report_get_settings (report);
  const TrReportTable *money = tr_report_get_table (report, "money");
  const TrReportTable *unchosen = tr_report_get_table (report, "offers-nobody-chose");
  const TrReportTable *offers = tr_report_get_table (report, "seats-per-offer");
  guint n = tr_report_get_n_rows (report);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Registrations: %u (registered: %u; waiting list: %u). Cancelled, not counted: %u."),
                          n, tr_report_get_n_registered (report), tr_report_get_n_waiting (report),
                          tr_report_get_n_cancelled (report));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Target: %u places; reached: %s %%."), settings->target,
                          cell (tr_report_get_table (report, "summary"), 5, 1));
  g_string_append_c (text, '\n');
  {
    g_autofree char *committed = tr_chart_number (tr_report_cell_number (cell (money, 0, 2)));
    g_autofree char *budget = tr_chart_number (tr_report_cell_number (cell (money, 0, 3)));

    g_string_append_printf (text, _("Money: %s € committed of a %s € budget (%s %%)."),
                            committed, budget, cell (money, 0, 4));
  }
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Offers nobody chose: %u of %u."), unchosen->rows->len, offers->rows->len);
  return g_string_free (text, FALSE);
}

static void
draw_lines (cairo_t *cr, const char *text, double x, double y, double size)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    tr_chart_text (cr, lines[i], x, y + i * size * 1.5, CHART_WIDTH, size, FALSE, -1);
}

typedef struct {
  GPtrArray *charts;   /* of Chart, borrowed */
  char      *heading;  /* page 1 only */
} Page;

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->charts);
  g_free (page->heading);
  g_free (page);
}

static void
draw_page (TrReport *report, Page *page, guint number, guint n_pages, cairo_t *cr)
{
  const TrReportSettings *settings = tr_report_get_settings (report);
  double y = MARGIN;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (page->heading != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("%s — the season at a glance"),
                                                settings->title != NULL ? settings->title : "Tremplin");
      g_autofree char *range = NULL;
      const char *first = settings->from_date != NULL ? settings->from_date : tr_report_get_first_day (report);
      const char *last = settings->to_date != NULL ? settings->to_date : tr_report_get_last_day (report);

      range = first != NULL ? g_strdup_printf (_("From %s to %s; %u export files; figures only, no names."),
                                               first, last, tr_report_get_n_files (report))
                            : g_strdup_printf (_("No registration in these files; %u export files."),
                                               tr_report_get_n_files (report));
      cairo_set_source_rgb (cr, 0, 0, 0);
      tr_chart_text (cr, title, MARGIN, y, CHART_WIDTH, 18, TRUE, -1);
      y += 26;
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      tr_chart_text (cr, range, MARGIN, y, CHART_WIDTH, 9, FALSE, -1);
      y += 18;
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_lines (cr, page->heading, MARGIN, y, 10);
      y += 4 * 15 + 14;
    }
  for (guint i = 0; i < page->charts->len; i++)
    {
      Chart *chart = g_ptr_array_index (page->charts, i);

      cairo_save (cr);
      cairo_translate (cr, MARGIN, y);
      chart_draw (chart, cr);
      cairo_restore (cr);
      y += chart->height + 24;
    }
  {
    g_autofree char *footer = g_strdup_printf (_("Page %u of %u"), number, n_pages);
    cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
    tr_chart_text (cr, footer, MARGIN, PAGE_HEIGHT - MARGIN + 10, CHART_WIDTH, 8, FALSE, 1);
  }
}

/* Charts in order, a new page when the next would not fit. */
static GPtrArray *
lay_out (GPtrArray *charts, char *heading)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  Page *page = NULL;
  double y = 0;

  for (guint i = 0; i < charts->len; i++)
    {
      Chart *chart = g_ptr_array_index (charts, i);
      double room = PAGE_HEIGHT - 2 * MARGIN - 10;

      if (chart->height > room)
        chart->height = room;
      if (page == NULL || y + chart->height > room)
        {
          page = g_new0 (Page, 1);
          page->charts = g_ptr_array_new ();
          y = 0;
          if (pages->len == 0)
            {
              page->heading = g_steal_pointer (&heading);
              y = 26 + 18 + 4 * 15 + 14;
            }
          g_ptr_array_add (pages, page);
        }
      g_ptr_array_add (page->charts, chart);
      y += chart->height + 24;
    }
  g_free (heading);
  return pages;
}

gboolean
tr_report_draw (TrReport   *report,
                const char *directory,
                gboolean    page_images,
                GError    **error)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new_with_free_func ((GDestroyNotify) chart_free);
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *pdf_path = g_build_filename (directory, "report.pdf", NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (!tr_report_write_tables (report, directory, error))
    return FALSE;

  g_ptr_array_add (charts, days_chart (report));
  g_ptr_array_add (charts, money_chart (report));
  g_ptr_array_add (charts, categories_chart (report));
  g_ptr_array_add (charts, audiences_chart (report));
  g_ptr_array_add (charts, counts_chart (report, "per-kiosk", FALSE));
  g_ptr_array_add (charts, counts_chart (report, "per-arrondissement", TRUE));
  g_ptr_array_add (charts, providers_chart (report));
  g_ptr_array_add (charts, waiting_chart (report));

  for (guint i = 0; i < charts->len; i++)
    if (!write_chart_files (g_ptr_array_index (charts, i), directory, error))
      return FALSE;

  pages = lay_out (charts, headline (report));
  surface = cairo_pdf_surface_create (pdf_path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Tremplin");
  cr = cairo_create (surface);
  for (guint i = 0; i < pages->len; i++)
    {
      draw_page (report, g_ptr_array_index (pages, i), i + 1, pages->len, cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, pdf_path, error))
    return FALSE;

  for (guint i = 0; page_images && i < pages->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%u.png", i + 1);
      g_autofree char *path = g_build_filename (directory, name, NULL);
      const double scale = 1.5;

      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (PAGE_WIDTH * scale), (int) (PAGE_HEIGHT * scale));
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
      draw_page (report, g_ptr_array_index (pages, i), i + 1, pages->len, cr);
      cairo_destroy (cr);
      status = cairo_surface_write_to_png (surface, path);
      cairo_surface_destroy (surface);
      if (!check_status (status, path, error))
        return FALSE;
    }
  return TRUE;
}

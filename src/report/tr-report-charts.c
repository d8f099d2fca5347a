/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report-charts.c — bar and line charts for the season report, with Pango on cairo. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "tr-report-charts.h"

#define TEXT_FONT "DejaVu Sans, Noto Sans, Lohit Tamil, WenQuanYi Micro Hei, sans-serif"

/* Okabe–Ito: told apart by every kind of colour vision; the patterns do it
 * on a black-and-white print. */
static const double series_colours[TR_CHART_MAX_SERIES][3] = {
  { 0.0, 0.447, 0.698 },   /* blue */
  { 0.902, 0.624, 0.0 },   /* orange */
  { 1.0, 1.0, 1.0 },       /* white, outlined */
};

static void
ink (cairo_t *cr, double grey)
{
  cairo_set_source_rgb (cr, grey, grey, grey);
}

static PangoLayout *
new_layout (cairo_t *cr, const char *text, double size, gboolean bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (TEXT_FONT);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  /* The page runs left to right; a name in Arabic keeps its own order
   * inside it (Pango's bidi) but is aligned as every other label. */
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (cairo_t *cr, const char *text, double size, gboolean bold)
{
  PangoLayout *layout = new_layout (cr, text, size, bold);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  g_object_unref (layout);
  return width;
}

void
tr_chart_text (cairo_t *cr, const char *text, double x, double y, double width,
               double size, gboolean bold, int align)
{
  PangoLayout *layout = new_layout (cr, text, size, bold);
  int shown_width;

  /* One line: a name too long ends in "…" rather than running over. */
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_get_pixel_size (layout, &shown_width, NULL);
  pango_layout_set_alignment (layout, align < 0 ? PANGO_ALIGN_LEFT : align == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* Solid, hatched or empty: the series' own look, whatever the printer. */
static void
fill_series (cairo_t *cr, guint series, double x, double y, double w, double h)
{
  if (w <= 0 || h <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, series_colours[series][0], series_colours[series][1], series_colours[series][2]);
  cairo_fill_preserve (cr);
  cairo_clip_preserve (cr);
  if (series == 1)
    {
      ink (cr, 0.15);
      cairo_set_line_width (cr, 0.8);
      for (double d = -h; d < w; d += 4)
        {
          cairo_move_to (cr, x + d, y + h);
          cairo_line_to (cr, x + d + h, y);
        }
      cairo_stroke (cr);
      cairo_rectangle (cr, x, y, w, h);
    }
  ink (cr, series == 0 ? 0.0 : 0.2);
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A round step for the value axis: 1, 2 or 5 times a power of ten. */
static double
axis_step (double max, int ticks)
{
  double raw = max / ticks, power = pow (10, floor (log10 (raw))), fraction = raw / power;

  return power * (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10);
}

/* 12, 33.3, 1 000 000: figures as people read them (a plain space between
 * thousands, which pdftotext and every reader keep). */
char *
tr_chart_number (double value)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char digits[64];
  gsize length, lead;

  if (value != floor (value))
    return g_strdup_printf ("%.1f", value);
  g_snprintf (digits, sizeof digits, "%.0f", fabs (value));
  length = strlen (digits);
  if (value < 0)
    g_string_append_c (text, '-');
  if (length <= 4)
    {
      g_string_append (text, digits);
      return g_strdup (text->str);
    }
  lead = length % 3 == 0 ? 3 : length % 3;
  g_string_append_len (text, digits, lead);
  for (gsize i = lead; i < length; i += 3)
    {
      g_string_append_c (text, ' ');
      g_string_append_len (text, digits + i, 3);
    }
  return g_strdup (text->str);
}

static char *
axis_number (double value, const char *unit)
{
  g_autofree char *number = NULL;

  if (value >= 1e6 && fmod (value, 1e5) == 0)
    return g_strdup_printf ("%g M%s%s", value / 1e6, unit != NULL ? " " : "", unit != NULL ? unit : "");
  number = tr_chart_number (value);
  return g_strdup_printf ("%s%s%s", number, unit != NULL ? " " : "", unit != NULL ? unit : "");
}

TrBarChart *
tr_bar_chart_new (const char *title, TrChartMode mode, guint n_series, ...)
{
  TrBarChart *chart = g_new0 (TrBarChart, 1);
  va_list args;

  g_return_val_if_fail (n_series >= 1 && n_series <= TR_CHART_MAX_SERIES, NULL);
  chart->title = g_strdup (title);
  chart->mode = mode;
  chart->n_series = n_series;
  va_start (args, n_series);
  for (guint i = 0; i < n_series; i++)
    chart->series[i] = g_strdup (va_arg (args, const char *));
  va_end (args);
  chart->bars = g_array_new (FALSE, TRUE, sizeof (TrChartBar));
  return chart;
}

void
tr_bar_chart_free (TrBarChart *chart)
{
  if (chart == NULL)
    return;
  for (guint i = 0; i < chart->bars->len; i++)
    {
      TrChartBar *bar = &g_array_index (chart->bars, TrChartBar, i);
      g_free (bar->label);
      g_free (bar->value_text);
    }
  g_array_unref (chart->bars);
  for (guint i = 0; i < chart->n_series; i++)
    g_free (chart->series[i]);
  g_free (chart->title);
  g_free (chart->note);
  g_free (chart->unit);
  g_free (chart->marker_name);
  g_free (chart);
}

TrChartBar *
tr_bar_chart_add (TrBarChart *chart, const char *label, double v0, double v1, double v2)
{
  TrChartBar bar = { g_strdup (label), { v0, v1, v2 }, NULL, 0, FALSE };

  g_array_append_val (chart->bars, bar);
  return &g_array_index (chart->bars, TrChartBar, chart->bars->len - 1);
}

#define TITLE_SIZE 12.0
#define TEXT_SIZE 8.0

static double
row_height (TrBarChart *chart)
{
  return chart->mode == TR_CHART_GROUPED && chart->n_series > 1 ? 11.0 * chart->n_series + 6 : 14.0;
}

double
tr_bar_chart_height (TrBarChart *chart)
{
  return 62 + (chart->note != NULL ? 12 : 0) + MAX (chart->bars->len, 1) * row_height (chart) + 24;
}

static double
bar_total (TrBarChart *chart, const TrChartBar *bar)
{
  double total = 0;

  for (guint s = 0; s < chart->n_series; s++)
    total = chart->mode == TR_CHART_STACKED ? total + bar->values[s] : MAX (total, bar->values[s]);
  return total;
}

static char *
bar_value_text (TrBarChart *chart, const TrChartBar *bar, guint series)
{
  g_autofree char *number = tr_chart_number (round (bar->values[series] * 10) / 10);

  return g_strdup_printf ("%s%s%s", number, chart->unit != NULL ? " " : "", chart->unit != NULL ? chart->unit : "");
}

/* The legend: each series' swatch with its name, under the title. */
static double
draw_legend (TrBarChart *chart, cairo_t *cr, double x, double y, double width)
{
  if (chart->n_series < 2 && chart->marker_name == NULL)
    return y;
  for (guint s = 0; s < chart->n_series; s++)
    {
      fill_series (cr, s, x, y + 2, 14, 9);
      ink (cr, 0.1);
      tr_chart_text (cr, chart->series[s], x + 18, y, width / 3, TEXT_SIZE, FALSE, -1);
      x += 26 + text_width (cr, chart->series[s], TEXT_SIZE, FALSE);
    }
  if (chart->marker_name != NULL)
    {
      cairo_set_source_rgb (cr, 0.8, 0.0, 0.0);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x + 4, y);
      cairo_line_to (cr, x + 4, y + 12);
      cairo_stroke (cr);
      ink (cr, 0.1);
      tr_chart_text (cr, chart->marker_name, x + 10, y, width / 3, TEXT_SIZE, FALSE, -1);
    }
  return y + 16;
}

/* Where a bar's figure goes: just after the bar's end (@end), or after the
 * bar's target marker (at @marker) when the figure would sit across it. */
static double
value_x (const TrChartBar *bar, double marker, double end)
{
  if (bar->has_marker && marker >= end - 3 && marker < end + 60)
    return marker + 4;
  return end + 3;
}

void
tr_bar_chart_draw (TrBarChart *chart, cairo_t *cr, double width, double height)
{
  double y = 0, max = 0, step, label_width, plot_x, plot_width, rh, value_room;
  guint n = chart->bars->len;

  ink (cr, 0.0);
  tr_chart_text (cr, chart->title, 0, y, width, TITLE_SIZE, TRUE, -1);
  y += 18;
  if (chart->note != NULL)
    {
      ink (cr, 0.25);
      tr_chart_text (cr, chart->note, 0, y, width, TEXT_SIZE, FALSE, -1);
      y += 12;
    }
  y = draw_legend (chart, cr, 0, y + 2, width) + 4;

  for (guint i = 0; i < n; i++)
    {
      TrChartBar *bar = &g_array_index (chart->bars, TrChartBar, i);
      max = MAX (max, bar_total (chart, bar));
      if (bar->has_marker)
        max = MAX (max, bar->marker);
    }
  if (n == 0)
    {
      ink (cr, 0.3);
      tr_chart_text (cr, "—", 0, y + 4, width, TEXT_SIZE * 1.5, FALSE, -1);
      return;
    }
  if (max < 5 && chart->unit == NULL)
    max = 5;  /* whole numbers on the axis of a count */
  else if (max <= 0)
    max = 10;  /* an axis even when every value is 0 */
  step = axis_step (max, 5);
  max = ceil (max / step) * step;

  label_width = chart->mode == TR_CHART_STACKED ? width * 0.30 : width * 0.40;
  value_room = chart->mode == TR_CHART_STACKED ? width * 0.34 : 44;
  plot_x = label_width + 6;
  plot_width = width - plot_x - value_room;
  rh = MIN (row_height (chart), (height - y - 22) / n);

  /* Grid and axis numbers. */
  cairo_set_line_width (cr, 0.4);
  for (double v = 0; v <= max + step / 2; v += step)
    {
      double gx = plot_x + v / max * plot_width;
      g_autofree char *number = axis_number (v, chart->unit);

      ink (cr, 0.8);
      cairo_move_to (cr, gx, y);
      cairo_line_to (cr, gx, y + n * rh);
      cairo_stroke (cr);
      ink (cr, 0.25);
      tr_chart_text (cr, number, gx - 30, y + n * rh + 3, 60, TEXT_SIZE - 1, FALSE, 0);
    }

  for (guint i = 0; i < n; i++)
    {
      TrChartBar *bar = &g_array_index (chart->bars, TrChartBar, i);
      double ry = y + i * rh, x = plot_x;
      double label_size = MIN (TEXT_SIZE, rh * 0.7);
      g_autoptr(GString) values = g_string_new (NULL);

      ink (cr, 0.0);
      tr_chart_text (cr, bar->label, 0, ry + (rh - label_size * 1.3) / 2, label_width, label_size, FALSE, 1);
      for (guint s = 0; s < chart->n_series; s++)
        {
          double w = bar->values[s] / max * plot_width;
          g_autofree char *text = bar_value_text (chart, bar, s);

          if (chart->mode == TR_CHART_STACKED)
            {
              fill_series (cr, s, x, ry + 2, w, rh - 4);
              x += w;
              /* Each figure named beside the bar: no legend needed to read it. */
              g_string_append_printf (values, "%s%s %s", s > 0 ? " · " : "", text, chart->series[s]);
            }
          else
            {
              double bh = (rh - 6) / chart->n_series;
              double by = ry + 3 + s * bh;

              fill_series (cr, s, plot_x, by, w, bh - 1);
              ink (cr, 0.1);
              tr_chart_text (cr, text, value_x (bar, plot_x + bar->marker / max * plot_width, plot_x + w), by + (bh - MIN (TEXT_SIZE, bh) * 1.3) / 2,
                             60, MIN (TEXT_SIZE, bh), FALSE, -1);
            }
        }
      if (chart->mode == TR_CHART_STACKED)
        {
          ink (cr, 0.1);
          double vx = value_x (bar, plot_x + bar->marker / max * plot_width, x);

          tr_chart_text (cr, bar->value_text != NULL ? bar->value_text : values->str,
                         vx, ry + (rh - label_size * 1.2) / 2, width - vx, label_size - 1, FALSE, -1);
        }
      if (bar->has_marker)
        {
          double mx = plot_x + bar->marker / max * plot_width;

          cairo_set_source_rgb (cr, 0.8, 0.0, 0.0);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, mx, ry + 1);
          cairo_line_to (cr, mx, ry + rh - 1);
          cairo_stroke (cr);
        }
    }
}

/* ---- the line chart ------------------------------------------------------ */

static void
free_day (char **day)
{
  g_free (*day);
}

TrLineChart *
tr_line_chart_new (const char *title, double target)
{
  TrLineChart *chart = g_new0 (TrLineChart, 1);

  chart->title = g_strdup (title);
  chart->target = target;
  chart->days = g_array_new (FALSE, FALSE, sizeof (char *));
  g_array_set_clear_func (chart->days, (GDestroyNotify) free_day);
  chart->values = g_array_new (FALSE, FALSE, sizeof (double));
  return chart;
}

void
tr_line_chart_free (TrLineChart *chart)
{
  if (chart == NULL)
    return;
  g_free (chart->title);
  g_free (chart->note);
  g_array_unref (chart->days);
  g_array_unref (chart->values);
  g_free (chart);
}

void
tr_line_chart_add (TrLineChart *chart, const char *day, double value)
{
  char *copy = g_strdup (day);

  g_array_append_val (chart->days, copy);
  g_array_append_val (chart->values, value);
}

/* "2026-11-28" → "28/11" */
static char *
short_day (const char *day)
{
  return strlen (day) == 10 ? g_strdup_printf ("%.2s/%.2s", day + 8, day + 5) : g_strdup (day);
}

void
tr_line_chart_draw (TrLineChart *chart, cairo_t *cr, double width, double height)
{
  guint n = chart->values->len;
  double last = n > 0 ? g_array_index (chart->values, double, n - 1) : 0;
  double max = MAX (MAX (chart->target, last), 1), step, y = 0, plot_x = 46, plot_top, plot_bottom, plot_width;
  guint every;

  ink (cr, 0.0);
  tr_chart_text (cr, chart->title, 0, y, width, TITLE_SIZE, TRUE, -1);
  y += 18;
  if (chart->note != NULL)
    {
      ink (cr, 0.25);
      tr_chart_text (cr, chart->note, 0, y, width, TEXT_SIZE, FALSE, -1);
      y += 12;
    }
  step = axis_step (max, 5);
  max = ceil (max * 1.05 / step) * step;
  plot_top = y + 8;
  plot_bottom = height - 20;
  plot_width = width - plot_x - 70;

  cairo_set_line_width (cr, 0.4);
  for (double v = 0; v <= max + step / 2; v += step)
    {
      double gy = plot_bottom - v / max * (plot_bottom - plot_top);
      g_autofree char *number = axis_number (v, NULL);

      ink (cr, 0.8);
      cairo_move_to (cr, plot_x, gy);
      cairo_line_to (cr, plot_x + plot_width, gy);
      cairo_stroke (cr);
      ink (cr, 0.25);
      tr_chart_text (cr, number, 0, gy - 6, plot_x - 4, TEXT_SIZE - 1, FALSE, 1);
    }

  /* The target: a dashed line named where it ends. */
  {
    double ty = plot_bottom - chart->target / max * (plot_bottom - plot_top);
    double dashes[] = { 5, 3 };
    g_autofree char *label = g_strdup_printf ("%g", chart->target);

    cairo_set_source_rgb (cr, 0.8, 0.0, 0.0);
    cairo_set_line_width (cr, 1.5);
    cairo_set_dash (cr, dashes, 2, 0);
    cairo_move_to (cr, plot_x, ty);
    cairo_line_to (cr, plot_x + plot_width, ty);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
    tr_chart_text (cr, label, plot_x + plot_width + 4, ty - 6, 66, TEXT_SIZE, TRUE, -1);
  }

  if (n == 0)
    return;
  every = MAX (1, (n + 5) / 6);
  for (guint i = 0; i < n; i++)
    {
      double x = plot_x + (n == 1 ? plot_width / 2 : i * plot_width / (n - 1));
      double v = g_array_index (chart->values, double, i);
      double py = plot_bottom - v / max * (plot_bottom - plot_top);

      if (i == 0)
        cairo_move_to (cr, x, py);
      else
        cairo_line_to (cr, x, py);
    }
  cairo_set_source_rgb (cr, series_colours[0][0], series_colours[0][1], series_colours[0][2]);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  if (n == 1)
    {
      cairo_arc (cr, plot_x + plot_width / 2, plot_bottom - last / max * (plot_bottom - plot_top), 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  for (guint i = 0; i < n; i += every)
    {
      double x = plot_x + (n == 1 ? plot_width / 2 : i * plot_width / (n - 1));
      g_autofree char *label = short_day (g_array_index (chart->days, char *, i));

      ink (cr, 0.25);
      tr_chart_text (cr, label, x - 25, plot_bottom + 4, 50, TEXT_SIZE - 1, FALSE, 0);
    }
  {
    g_autofree char *label = g_strdup_printf ("%g", last);
    double ly = plot_bottom - last / max * (plot_bottom - plot_top);

    ink (cr, 0.0);
    tr_chart_text (cr, label, plot_x + plot_width + 4, ly - 6, 66, TEXT_SIZE + 1, TRUE, -1);
  }
  ink (cr, 0.3);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, plot_x, plot_top);
  cairo_line_to (cr, plot_x, plot_bottom);
  cairo_line_to (cr, plot_x + plot_width, plot_bottom);
  cairo_stroke (cr);
}

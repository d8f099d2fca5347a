/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt-layout.c — the printed receipt: text laid out by Pango, so that
 * Arabic is joined and runs right to left and Chinese or Tamil find a font,
 * in the language of the person's session; the QR code as filled squares
 * so that every printer keeps it sharp. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <errno.h>
#include <stdio.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-file.h"
#include "tr-qr.h"
#include "tr-receipt-layout.h"

#define MM (72.0 / 25.4)
/* Fontconfig finds the scripts these lack (Arabic, Tamil, Chinese). */
#define TEXT_FONT "DejaVu Sans, Noto Sans, sans-serif"
#define CODE_FONT "DejaVu Sans Mono, monospace"
/* A phone camera and a handheld scanner both read 0.5 mm modules; bigger
 * modules forgive a worn printhead, up to a QR that leaves room for text. */
#define MIN_MODULE (0.5 * MM)
#define MAX_QR_SIDE (45.0 * MM)

typedef enum { ALIGN_LEFT, ALIGN_CENTRE } Align;

/* Where the next line goes; with @paint FALSE it only measures. */
typedef struct {
  cairo_t              *cr;
  gboolean              paint;
  double                left;
  double                width;
  double                y;
  double                scale;  /* type grows with the paper */
  PangoContext         *pango;
  PangoFontDescription *font;
} Pen;

gboolean
tr_paper_from_name (const char *name, TrPaper *paper)
{
  if (g_ascii_strcasecmp (name, "80mm") == 0)
    *paper = TR_PAPER_80MM;
  else if (g_ascii_strcasecmp (name, "a4") == 0)
    *paper = TR_PAPER_A4;
  else
    return FALSE;
  return TRUE;
}

static void
set_font (Pen *pen, const char *family, PangoWeight weight, double size)
{
  g_clear_pointer (&pen->font, pango_font_description_free);
  pen->font = pango_font_description_new ();
  pango_font_description_set_family (pen->font, family);
  pango_font_description_set_weight (pen->font, weight);
  pango_font_description_set_absolute_size (pen->font, size * pen->scale * PANGO_SCALE);
}

/* Wrapped to the column, a word wider than it cut between characters so a
 * long address or id never runs off the paper; "\n" starts a paragraph.
 * Left means the start of the line: the right edge for Arabic. */
static void
write_text (Pen *pen, const char *text, Align align)
{
  PangoLayout *layout;
  PangoRectangle logical;

  pango_cairo_update_context (pen->cr, pen->pango);
  layout = pango_layout_new (pen->pango);

  pango_layout_set_font_description (layout, pen->font);
  pango_layout_set_width (layout, (int) (pen->width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align == ALIGN_CENTRE ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text, -1);
  if (pen->paint)
    {
      cairo_move_to (pen->cr, pen->left, pen->y);
      pango_cairo_show_layout (pen->cr, layout);
    }
  pango_layout_get_extents (layout, NULL, &logical);
  pen->y += (double) logical.height / PANGO_SCALE;
  g_object_unref (layout);
}

static void
skip (Pen *pen, double points)
{
  pen->y += points * pen->scale;
}

static void
draw_rule (Pen *pen)
{
  skip (pen, 4);
  if (pen->paint)
    {
      cairo_save (pen->cr);
      cairo_set_line_width (pen->cr, 0.6);
      cairo_move_to (pen->cr, pen->left, pen->y);
      cairo_line_to (pen->cr, pen->left + pen->width, pen->y);
      cairo_stroke (pen->cr);
      cairo_restore (pen->cr);
    }
  skip (pen, 6);
}

static void
write_label (Pen *pen, const char *label)
{
  set_font (pen, TEXT_FONT, PANGO_WEIGHT_BOLD, 7.5);
  write_text (pen, label, ALIGN_LEFT);
  skip (pen, 1);
}

static void
write_field (Pen *pen, const char *label, const char *value)
{
  write_label (pen, label);
  set_font (pen, TEXT_FONT, PANGO_WEIGHT_NORMAL, 9);
  write_text (pen, value, ALIGN_LEFT);
  skip (pen, 6);
}

/* The title is what the person looks for on the slip; the id is for staff. */
static void
write_training (Pen *pen, const TrReceiptContent *content)
{
  write_label (pen, _("Training"));
  set_font (pen, TEXT_FONT, PANGO_WEIGHT_BOLD, 9.5);
  write_text (pen, content->offer_title, ALIGN_LEFT);
  set_font (pen, TEXT_FONT, PANGO_WEIGHT_NORMAL, 9);
  write_text (pen, content->offer_id, ALIGN_LEFT);
  skip (pen, 6);
}

/* The quiet zone is painted white too, for paper that is not. Every dark
 * module is one square of a single path, filled at once and without
 * antialiasing, so no hairline shows between neighbours. */
static void
draw_qr (Pen *pen, const TrQr *qr)
{
  double side = MIN (pen->width, MAX_QR_SIDE * pen->scale);
  double module = MAX (side / qr->size, MIN_MODULE);
  double x0, y0;

  side = module * qr->size;
  x0 = pen->left + (pen->width - side) / 2;
  y0 = pen->y;
  pen->y += side;
  if (!pen->paint)
    return;

  cairo_save (pen->cr);
  cairo_set_antialias (pen->cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb (pen->cr, 1, 1, 1);
  cairo_rectangle (pen->cr, x0, y0, side, side);
  cairo_fill (pen->cr);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  for (int y = 0; y < qr->size; y++)
    for (int x = 0; x < qr->size; x++)
      if (tr_qr_is_dark (qr, x, y))
        cairo_rectangle (pen->cr, x0 + x * module, y0 + y * module, module, module);
  cairo_fill (pen->cr);
  cairo_restore (pen->cr);
}

static void
write_details (Pen *pen, const TrReceiptContent *content)
{
  g_autofree char *provider = g_strdup_printf ("%s\n%s %s", content->provider,
                                               content->address, content->postcode);
  g_autofree char *start = tr_clock_format_date (content->start_date);
  g_autofree char *end = tr_clock_format_date (content->end_date);
  g_autofree char *registered_on = tr_clock_format_date (content->registered_on);
  g_autofree char *dates = g_strdup_printf (_("%s to %s, %u hours"), start, end, content->hours);
  g_autofree char *registered = g_strdup_printf (_("%s at kiosk %s"), registered_on, content->kiosk_id);

  write_training (pen, content);
  write_field (pen, _("Provider"), provider);
  write_field (pen, _("Information session"), content->info_session);
  write_field (pen, _("Dates"), dates);
  write_field (pen, _("Next steps"), content->next_steps);
  if (content->condition != NULL)
    write_field (pen, _("Before the training starts"), content->condition);
  write_field (pen, _("Registered on"), registered);
}

/* Thermal paper gets the 72 mm its printhead reaches; A4 a usual margin. */
static void
lay_out (Pen *pen, double width_pt, const TrReceiptContent *content, const TrQr *qr)
{
  g_autofree char *status = tr_receipt_content_status_text (content);
  double margin = width_pt < 100 * MM ? (width_pt - 72 * MM) / 2 : 20 * MM;

  pen->left = MAX (margin, 2 * MM);
  pen->width = width_pt - 2 * pen->left;
  pen->scale = width_pt < 100 * MM ? 1.0 : 1.4;
  pen->y = (width_pt < 100 * MM ? 4 * MM : 20 * MM);

  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  set_font (pen, TEXT_FONT, PANGO_WEIGHT_BOLD, 12);
  write_text (pen, _("Registration receipt"), ALIGN_CENTRE);
  skip (pen, 2);
  set_font (pen, TEXT_FONT, PANGO_WEIGHT_NORMAL, 9.5);
  write_text (pen, status, ALIGN_CENTRE);
  skip (pen, 6);
  draw_qr (pen, qr);
  skip (pen, 4);
  set_font (pen, TEXT_FONT, PANGO_WEIGHT_NORMAL, 7.5);
  write_text (pen, _("Receipt code"), ALIGN_CENTRE);
  set_font (pen, CODE_FONT, PANGO_WEIGHT_BOLD, 22);
  write_text (pen, content->code, ALIGN_CENTRE);
  draw_rule (pen);
  write_details (pen, content);
  /* Room for the tear bar of a thermal printer. */
  pen->y += width_pt < 100 * MM ? 8 * MM : 20 * MM;
}

/* The same metrics whatever the target (the measuring surface, a PDF, a
 * printer), so the measured height fits. */
static void
pen_start (Pen *pen, cairo_t *cr, gboolean paint)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  pen->cr = cr;
  pen->paint = paint;
  pen->pango = pango_cairo_create_context (cr);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pen->pango, options);
  pango_context_set_round_glyph_positions (pen->pango, FALSE);
  cairo_font_options_destroy (options);
}

static void
pen_finish (Pen *pen)
{
  g_clear_pointer (&pen->font, pango_font_description_free);
  g_clear_object (&pen->pango);
}

double
tr_receipt_layout_height (double width_pt, const TrReceiptContent *content)
{
  g_autoptr(TrQr) qr = NULL;
  cairo_surface_t *surface;
  Pen pen = { NULL };

  g_return_val_if_fail (content != NULL, 0);

  qr = tr_qr_encode (content->payload, NULL);
  if (qr == NULL)
    return 0;
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  pen_start (&pen, cairo_create (surface), FALSE);
  lay_out (&pen, width_pt, content, qr);
  cairo_destroy (pen.cr);
  pen_finish (&pen);
  cairo_surface_destroy (surface);
  return pen.y;
}

void
tr_receipt_layout_draw (cairo_t *cr, double width_pt, const TrReceiptContent *content)
{
  g_autoptr(TrQr) qr = NULL;
  Pen pen = { NULL };

  g_return_if_fail (cr != NULL && content != NULL);

  qr = tr_qr_encode (content->payload, NULL);
  if (qr == NULL)
    return;
  cairo_save (cr);
  pen_start (&pen, cr, TRUE);
  lay_out (&pen, width_pt, content, qr);
  pen_finish (&pen);
  cairo_restore (cr);
}

typedef struct {
  const TrReceiptContent *content;
  TrPaper                 paper;
  const char             *path;
} PdfJob;

static cairo_status_t
write_to_file (void *closure, const unsigned char *data, unsigned int length)
{
  return fwrite (data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static gboolean
write_pdf (FILE *file, gpointer user_data, GError **error)
{
  PdfJob *job = user_data;
  double width = job->paper == TR_PAPER_A4 ? TR_RECEIPT_A4_WIDTH_PT : TR_RECEIPT_80MM_WIDTH_PT;
  double height = job->paper == TR_PAPER_A4 ? TR_RECEIPT_A4_HEIGHT_PT
                                            : tr_receipt_layout_height (width, job->content);
  g_autofree char *title = g_strdup_printf (_("Receipt %s"), job->content->code);
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_file, file, width, height);
  cairo_status_t status;
  cairo_t *cr;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tremplin");
  cr = cairo_create (surface);
  tr_receipt_layout_draw (cr, width, job->content);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      if (status == CAIRO_STATUS_WRITE_ERROR)
        tr_file_set_write_error (error, job->path, errno);
      else
        tr_file_set_write_error_reason (error, job->path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
on_write_failed (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  PdfJob *job = user_data;

  /* At TR_FILE_SYNC the receipt is complete; it can be rendered again. */
  if (step != TR_FILE_SYNC)
    tr_file_set_write_error (error, job->path, saved_errno);
}

gboolean
tr_receipt_write_pdf (const TrReceiptContent *content,
                      TrPaper                 paper,
                      const char             *path,
                      GError                **error)
{
  g_autoptr(TrQr) qr = NULL;
  PdfJob job = { content, paper, path };

  g_return_val_if_fail (content != NULL && path != NULL, FALSE);

  /* Said here, since the layout has no way to report it. */
  qr = tr_qr_encode (content->payload, error);
  if (qr == NULL)
    return FALSE;
  return tr_file_write_atomically (path, 0644, write_pdf, on_write_failed, &job, error);
}

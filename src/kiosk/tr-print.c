/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-print.c — the receipt printed at once on the kiosk's printer, with no dialog. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "tr-error.h"
#include "tr-print.h"
#include "tr-receipt-layout.h"

/* GtkPrintJob rather than GtkPrintOperation: GTK 4.8's operation, asked to
 * print to a named printer without its dialog, may free the printer it found
 * twice and crash the kiosk (fixed in later GTK). The job is what the
 * operation would send: the same CUPS queue, paper and cairo page. */

typedef struct {
  /* The job outlives the page that asked for it: its own copy of the texts. */
  GStrv             texts;
  TrReceiptContent  content;
  TrPaper           paper;
  char             *printer_name;
  GtkPrinter       *printer;
  GtkPrintSettings *settings;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->printer_name);
  g_clear_object (&job->printer);
  g_clear_object (&job->settings);
  g_strfreev (job->texts);
  g_free (job);
}

/* Copies @from into @job: every string of the content lands in job->texts. */
static void
copy_content (PrintJob *job, const TrReceiptContent *from)
{
  const char *fields[] = {
    from->code, from->status, from->cancel_reason, from->registered_on, from->kiosk_id,
    from->offer_id, from->offer_title, from->provider, from->address, from->postcode,
    from->info_session, from->start_date, from->end_date, from->next_steps, from->condition,
    from->payload,
  };
  guint n = G_N_ELEMENTS (fields);
  guint i;

  job->texts = g_new0 (char *, n + 1);
  for (i = 0; i < n; i++)
    job->texts[i] = g_strdup (fields[i]);
  job->content = (TrReceiptContent) {
    .code = job->texts[0],
    .status = job->texts[1],
    .cancel_reason = job->texts[2],
    .registered_on = job->texts[3],
    .kiosk_id = job->texts[4],
    .offer_id = job->texts[5],
    .offer_title = job->texts[6],
    .provider = job->texts[7],
    .address = job->texts[8],
    .postcode = job->texts[9],
    .info_session = job->texts[10],
    .start_date = job->texts[11],
    .end_date = job->texts[12],
    .hours = from->hours,
    .next_steps = job->texts[13],
    .condition = job->texts[14],
    .payload = job->texts[15],
  };
}

static double
paper_width (TrPaper paper)
{
  return paper == TR_PAPER_A4 ? TR_RECEIPT_A4_WIDTH_PT : TR_RECEIPT_80MM_WIDTH_PT;
}

/* A roll is cut where the receipt ends; A4 is a sheet. The layout draws its
 * own margins, so the page has none. */
static GtkPageSetup *
page_setup_for (const PrintJob *job)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = NULL;

  if (job->paper == TR_PAPER_A4)
    size = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    size = gtk_paper_size_new_custom ("tremplin-receipt-80mm", _("Receipt roll, 80 mm"),
                                      TR_RECEIPT_80MM_WIDTH_PT,
                                      tr_receipt_layout_height (TR_RECEIPT_80MM_WIDTH_PT, &job->content),
                                      GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, size);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  return setup;
}

static void
on_sent (GtkPrintJob *print_job, gpointer user_data, const GError *sent_error)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (sent_error != NULL)
    g_task_return_new_error (task, TR_ERROR, TR_ERROR_NOT_FOUND,
                             _("The printer did not take the receipt: %s"), sent_error->message);
  else
    g_task_return_boolean (task, TRUE);
}

/* Draws the one page on the job's own surface, then hands it to CUPS. */
static void
send_to (GTask *task, GtkPrinter *printer)
{
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GtkPageSetup) setup = page_setup_for (job);
  g_autoptr(GtkPrintJob) print_job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf (_("Receipt %s"), job->content.code);
  cairo_surface_t *surface;
  cairo_t *cr;

  print_job = gtk_print_job_new (title, printer, job->settings, setup);
  surface = gtk_print_job_get_surface (print_job, &error);
  if (surface == NULL)
    {
      g_task_return_new_error (task, TR_ERROR, TR_ERROR_NOT_FOUND,
                               _("The printer did not take the receipt: %s"), error->message);
      return;
    }
  cr = cairo_create (surface);
  tr_receipt_layout_draw (cr, paper_width (job->paper), &job->content);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  gtk_print_job_send (print_job, on_sent, g_object_ref (task), g_object_unref);
}

static gboolean
on_printer (GtkPrinter *printer, gpointer user_data)
{
  PrintJob *job = g_task_get_task_data (G_TASK (user_data));

  if (g_strcmp0 (gtk_printer_get_name (printer), job->printer_name) != 0)
    return FALSE;
  g_set_object (&job->printer, printer);
  return TRUE;
}

/* Every printer has been seen, or the one wanted was found. */
static void
on_printers_listed (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintJob *job = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->printer == NULL)
    g_task_return_new_error (task, TR_ERROR, TR_ERROR_NOT_FOUND,
                             _("There is no printer named “%s”: check Printer= in kiosk.conf "
                               "and that CUPS is running (lpstat -p)."), job->printer_name);
  else if (!gtk_printer_accepts_pdf (job->printer) && !gtk_printer_accepts_ps (job->printer))
    g_task_return_new_error (task, TR_ERROR, TR_ERROR_NOT_FOUND,
                             _("The printer “%s” takes neither PDF nor PostScript."), job->printer_name);
  else
    send_to (task, job->printer);
}

static GtkPrintSettings *
settings_for (const char *printer)
{
  GtkPrintSettings *settings = gtk_print_settings_new ();

  gtk_print_settings_set_printer (settings, printer);
  gtk_print_settings_set_n_copies (settings, 1);
  return settings;
}

/* Sends @content, copied, to the CUPS printer @printer on @paper. @source
 * is kept alive until @callback runs; cancelling @cancellable abandons the
 * job if it has not been sent yet. */
static void
print_content_async (GObject                *source,
                     const TrReceiptContent *content,
                     const char             *printer,
                     TrPaper                 paper,
                     GCancellable           *cancellable,
                     GAsyncReadyCallback     callback,
                     gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  PrintJob *job = g_new0 (PrintJob, 1);

  g_return_if_fail (content != NULL && printer != NULL);

  g_task_set_source_tag (task, print_content_async);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  copy_content (job, content);
  job->paper = paper;
  job->printer_name = g_strdup (printer);
  job->settings = settings_for (printer);
  /* Without waiting: the page keeps answering while CUPS lists its queues. */
  gtk_enumerate_printers (on_printer, g_object_ref (task), on_printers_listed, FALSE);
}

void
tr_print_registration_async (GObject              *source,
                             const TrConfig       *config,
                             const TrRegistration *registration,
                             TrOffer              *offer,
                             const char           *condition,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  TrPaper paper = TR_PAPER_80MM;
  TrReceiptContent content;

  g_return_if_fail (config != NULL && config->printer != NULL);
  g_return_if_fail (registration != NULL && offer != NULL);

  tr_paper_from_name (config->paper, &paper);
  tr_receipt_content_init (&content, registration, offer, condition);
  print_content_async (source, &content, config->printer, paper, cancellable, callback, user_data);
}

gboolean
tr_print_receipt_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

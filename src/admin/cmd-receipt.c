/* SPDX-License-Identifier: GPL-3.0-or-later */
/* receipt and verify: the registration's proof, for the person and for
 * whoever checks it. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "admin-context.h"
#include "tr-clock.h"
#include "tr-code.h"
#include "tr-error.h"
#include "tr-qr.h"
#include "tr-qr-png.h"
#include "tr-receipt.h"
#include "tr-receipt-layout.h"
#include "tr-text.h"
#include "tr-trust-list.h"

static void
print_receipt (const TrReceiptContent *c)
{
  g_print (_("Receipt %s\n"), c->code);
  if (g_strcmp0 (c->status, "registered") == 0)
    g_print (_("Status: registered\n"));
  else if (g_strcmp0 (c->status, "waiting_list") == 0)
    g_print (_("Status: on the waiting list (you will be called if a seat frees up)\n"));
  else
    g_print (_("Status: cancelled (%s)\n"), c->cancel_reason ? c->cancel_reason : "");
  g_print (_("Registered on: %s at kiosk %s\n"), c->registered_on, c->kiosk_id);
  g_print (_("Training: %s — %s\n"), c->offer_id, c->offer_title);
  g_print (_("Provider: %s, %s %s\n"), c->provider, c->address, c->postcode);
  g_print (_("Dates: %s to %s, %u hours\n"), c->start_date, c->end_date, c->hours);
  g_print (_("Information session: %s\n"), c->info_session);
  g_print ("%s\n", _("Next steps: go to the information session; bring this receipt and an identity document."));
  if (c->condition != NULL)
    g_print (_("Before the training starts: %s\n"), c->condition);
  g_print ("\n%s\n", c->payload);
}

int
tr_admin_cmd_receipt (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *png = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *paper_name = NULL;
  g_autofree char *code = NULL;
  g_autofree char *condition = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(TrOffer) offer = NULL;
  g_autoptr(TrQr) qr = NULL;
  g_autoptr(GError) error = NULL;
  TrReceiptContent content;
  TrPaper paper = TR_PAPER_80MM;
  TrRules *rules;
  TrStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("Also write the QR code as a PNG image"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Also write the printed receipt as a PDF file"), N_("FILE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_name,
      N_("Paper of the PDF: 80mm (thermal receipt printer, the default) or a4"), N_("PAPER") },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, _("CODE"), _("Print the receipt of a registration."),
                       entries, 1, 1, &status))
    return status;
  if (paper_name != NULL && !tr_paper_from_name (paper_name, &paper))
    {
      g_autofree char *shown = tr_text_excerpt (paper_name);
      return tr_admin_usage (_("%s: unknown paper “%s”: use 80mm or a4"), argv[0], shown);
    }
  if (paper_name != NULL && pdf == NULL)
    return tr_admin_usage (_("%s: --paper goes with --pdf FILE"), argv[0]);
  if ((code = tr_code_normalise (argv[1], &error)) == NULL ||
      (store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      (registration = tr_store_find_by_code (store, code, &error)) == NULL ||
      (offer = tr_store_lookup_offer (store, registration->offer_id, &error)) == NULL)
    return tr_admin_fail (error);

  if ((rules = tr_admin_get_rules (admin, NULL)) != NULL)
    condition = tr_receipt_condition (rules, registration, tr_admin_language ());
  tr_receipt_content_init (&content, registration, offer, condition);
  if (png != NULL)
    {
      qr = tr_qr_encode (registration->payload, &error);
      if (qr == NULL || !tr_qr_write_png (qr, 8, png, &error))
        return tr_admin_fail (error);
    }
  if (pdf != NULL && !tr_receipt_write_pdf (&content, paper, pdf, &error))
    return tr_admin_fail (error);
  print_receipt (&content);
  return TR_EXIT_OK;
}

/* Standard input as a QR reader gives it: drop one final newline. */
static char *
read_stdin (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gsize length;
  char *text;

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) < 0 ||
      !g_output_stream_write_all (out, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)) - 1;
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  if (length > 0 && text[length - 1] == '\n')
    text[length - 1] = '\0';
  return text;
}

/* The trust list the office last published at the hub, as this kiosk's
 * sync kept it beside the database, checked again against the office key:
 * NULL when there is none (a kiosk without a hub), or, said on standard
 * error, when it cannot be used. */
static TrTrustList *
programme_trust_list (TrAdmin *admin, TrStore *store)
{
  g_autofree char *path = tr_store_publication_path (admin->config->database, "trust-list");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint8 office_key[TR_OFFICE_KEY_BYTES];
  TrTrustList *list = NULL;
  gsize length;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (g_file_get_contents (path, &text, &length, &error) &&
      tr_store_get_office_key (store, office_key, &error) != TR_STORE_OFFICE_KEY_NONE)
    list = tr_trust_list_parse (text, length, office_key, &error);
  else if (error == NULL)
    g_set_error_literal (&error, TR_ERROR, TR_ERROR_NOT_FOUND, _("this kiosk has no office key to check it with"));
  if (list == NULL)
    g_printerr (_("The programme's trust list (%s) is not used: %s\n"), path, error->message);
  return list;
}

/* What the programme's list says of the receipt's kiosk, as the web
 * verifier does: a key declared lost or stolen makes none of its receipts
 * genuine, whatever their date (whoever took it can date one as they
 * like); a receipt dated outside the kiosk's service is not genuine. */
static gboolean
check_in_service (const TrTrustList *list, const TrReceiptFacts *facts, GError **error)
{
  for (guint i = 0; i < list->kiosks->len; i++)
    {
      const TrTrustedKiosk *kiosk = g_ptr_array_index (list->kiosks, i);

      if (!g_str_equal (kiosk->id, facts->kiosk_id))
        continue;
      if (kiosk->revoked_on != NULL)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                       _("Not a genuine receipt: the key of kiosk %s was declared lost or stolen on %s, "
                         "so none of its receipts can be trusted"), kiosk->id, kiosk->revoked_on);
          return FALSE;
        }
      if (strcmp (facts->date, kiosk->valid_from) < 0 ||
          (kiosk->valid_until != NULL && strcmp (facts->date, kiosk->valid_until) > 0))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                       _("Not a genuine receipt: it is dated %s, when kiosk %s was not in service "
                         "(from %s to %s)"),
                       facts->date, kiosk->id, kiosk->valid_from,
                       kiosk->valid_until != NULL ? kiosk->valid_until : "…");
          return FALSE;
        }
    }
  return TRUE;
}

int
tr_admin_cmd_verify (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *payload = NULL;
  g_autoptr(GHashTable) trusted = NULL;
  g_autoptr(TrTrustList) list = NULL;
  g_autoptr(TrReceiptFacts) facts = NULL;
  g_autoptr(GError) error = NULL;
  TrStore *store;
  int status;

  if (!tr_admin_parse (&argc, &argv, _("[PAYLOAD]"),
                       _("Check a receipt's QR text (read from standard input when not given): "
                         "a receipt of this kiosk, of a kiosk trusted here, or, with a hub, of any "
                         "kiosk of the programme's trust list."),
                       NULL, 0, 1, &status))
    return status;
  payload = argc > 1 ? g_strdup (argv[1]) : read_stdin (&error);
  if (payload == NULL ||
      (store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      (trusted = tr_store_get_trusted_keys (store, &error)) == NULL)
    return tr_admin_fail (error);
  /* The office's list names every kiosk of the programme, and its word on
   * a key wins over one trusted here by hand. */
  if ((list = programme_trust_list (admin, store)) != NULL)
    for (guint i = 0; i < list->kiosks->len; i++)
      {
        const TrTrustedKiosk *kiosk = g_ptr_array_index (list->kiosks, i);

        g_hash_table_replace (trusted, g_strdup (kiosk->id),
                              g_bytes_new (kiosk->public_key, sizeof kiosk->public_key));
      }

  facts = tr_receipt_verify (payload, trusted, &error);
  if (facts == NULL || (list != NULL && !check_in_service (list, facts, &error)))
    return tr_admin_fail (error);
  g_print (_("Genuine receipt\n"));
  g_print (_("Kiosk: %s\nCode: %s\nOffer: %s\nDate: %s\nStatus: %s\n"),
           facts->kiosk_id, facts->code, facts->offer_id, facts->date, facts->status);
  return TR_EXIT_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub export: the registrations of a day or of several, from every kiosk at the hub, as the CSV and JSON Lines that open writes, each receipt checked and each person once. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"
#include "hub-rows.h"
#include "office-context.h"
#include "office-output.h"

/* The columns the hub's export adds after those of a kiosk's day. */
#define N_EXTRA 2
static const char * const extra_columns[N_EXTRA + 1] = { "receipt_check", "same_person", NULL };

static char *
receipt_check (const TrHubRowCheck *check)
{
  GString *text = g_string_new (NULL);

  if (check->problems & TR_HUB_ROW_BAD_SIGNATURE)
    g_string_append (text, "bad_signature");
  if (check->problems & TR_HUB_ROW_REVOKED_KIOSK)
    g_string_append (text, text->len > 0 ? " revoked_kiosk" : "revoked_kiosk");
  if (text->len == 0)
    g_string_append (text, "ok");
  return g_string_free (text, FALSE);
}

/* The two files' bytes: each registration once, with what was found. */
static void
make_tables (TrHubRows *rows, TrOfficeOutput *csv, TrOfficeOutput *jsonl,
             guint *n_listed, guint *n_flagged, guint *n_left_out)
{
  guint n = tr_hub_rows_get_n_rows (rows);
  g_autofree gboolean *skip = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  TrExportTableExtra extra = { skip, extra_columns, NULL };

  *n_listed = *n_flagged = *n_left_out = 0;
  for (guint i = 0; i < n; i++)
    {
      const TrHubRowCheck *check = tr_hub_rows_get_check (rows, i);

      skip[i] = check->kept >= 0;
      *n_left_out += skip[i];
      *n_listed += !skip[i];
      *n_flagged += check->problems != 0;
      g_ptr_array_add (cells, receipt_check (check));
      g_ptr_array_add (cells, tr_hub_row_check_same_person (check));
    }
  extra.cells = (const char * const *) cells->pdata;
  csv->contents = tr_export_rows_to_table_with (tr_hub_rows_get_rows (rows), TR_EXPORT_CSV, &extra);
  jsonl->contents = tr_export_rows_to_table_with (tr_hub_rows_get_rows (rows), TR_EXPORT_JSONL, &extra);
}

int
tr_office_cmd_hub_export (int argc, char **argv)
{
  g_auto(TrHubRowsOptions) options = { 0 };
  g_autoptr(GPtrArray) outputs = tr_office_outputs_new ();
  g_autoptr(TrHubRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *extensions[] = { "csv", "jsonl" };
  guint n_listed, n_flagged, n_left_out;
  int status;

  if (!tr_hub_rows_parse_options (&options, &argc, &argv,
                                  _("Export the registrations of a day, or of several, from every kiosk at the hub, "
                                    "into the CSV for spreadsheets and the JSON Lines that “tremplin-office open” writes, "
                                    "with two columns more: receipt_check (ok, bad_signature, revoked_kiosk) and "
                                    "same_person (the other codes of a person registered twice for the same offer, "
                                    "listed once). The files hold personal details: readable by their owner only."),
                                  N_("The folder to write the CSV and JSON Lines files into (default: the current folder)"),
                                  N_("The rules file, for the answer and flag columns, instead of the one the office last published at the hub"),
                                  &status))
    return status;

  /* Everything that can be said without the passphrase is said first. */
  if (!tr_office_check_output_folder (options.output_folder, &error))
    return tr_hub_cmd_fail (error);
  for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
    {
      g_autofree char *name = g_strdup_printf ("tremplin-hub-%s.%s", options.label, extensions[e]);
      g_autofree char *path = g_build_filename (options.output_folder, name, NULL);
      TrOfficeOutput *output = tr_office_output_new (path);

      g_ptr_array_add (outputs, output);
      if (!tr_office_check_output_free (output, options.force, &error))
        return tr_hub_cmd_fail (error);
    }
  if ((rows = tr_hub_rows_connect (options.key_path, &error)) == NULL ||
      !tr_hub_rows_prepare (rows, options.catalogue, options.rules_path, FALSE, &error) ||
      !tr_hub_rows_unlock (rows, options.passphrase_file, &error) ||
      !tr_hub_rows_read (rows, options.from, options.to, &error))
    return tr_hub_cmd_fail (error);

  make_tables (rows, g_ptr_array_index (outputs, 0), g_ptr_array_index (outputs, 1),
               &n_listed, &n_flagged, &n_left_out);
  if (!tr_office_write_outputs (outputs, options.force, &error))
    return tr_hub_cmd_fail (error);

  tr_hub_rows_tell_problems (rows);
  g_printerr (_("tremplin-office: %u registrations at the hub from %s to %s: %u listed, %u flagged in receipt_check, %u left out as the same person as one listed\n"),
              tr_hub_rows_get_n_rows (rows), options.from, options.to, n_listed, n_flagged, n_left_out);
  for (guint i = 0; i < outputs->len; i++)
    g_print ("%s\n", ((TrOfficeOutput *) g_ptr_array_index (outputs, i))->path);
  return TR_EXIT_OK;
}

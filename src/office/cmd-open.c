/* SPDX-License-Identifier: GPL-3.0-or-later */
/* open: the kiosks' sealed exports turned back into the day's CSV and JSON Lines, all of them or none. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "office-context.h"
#include "office-output.h"
#include "tr-error.h"

/* The CSV and JSON Lines each file becomes, in @folder; an error when two
 * files are the same day of the same kiosk, or (without @force) when one
 * would replace a file already there. */
static GPtrArray *
plan_outputs (GPtrArray *files, char **paths, const char *folder, gboolean force, GError **error)
{
  g_autoptr(GPtrArray) outputs = tr_office_outputs_new ();
  const char *extensions[] = { "csv", "jsonl" };

  for (guint i = 0; i < files->len; i++)
    {
      const TrSealedFile *file = g_ptr_array_index (files, i);

      for (guint j = 0; j < i; j++)
        {
          const TrSealedFile *earlier = g_ptr_array_index (files, j);
          if (g_str_equal (earlier->kiosk_id, file->kiosk_id) && g_str_equal (earlier->day, file->day))
            {
              g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                           _("%s and %s are both kiosk %s's export of %s: give only one of them."),
                           paths[j], paths[i], file->kiosk_id, file->day);
              return NULL;
            }
        }
      for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
        {
          g_autofree char *name = tr_export_file_name (file->kiosk_id, file->day, extensions[e]);
          g_autofree char *path = g_build_filename (folder, name, NULL);
          TrOfficeOutput *output = tr_office_output_new (path);

          g_ptr_array_add (outputs, output);
          if (!tr_office_check_output_free (output, force, error))
            return NULL;
        }
    }
  return g_steal_pointer (&outputs);
}

int
tr_office_cmd_open (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autofree char *output_folder = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(TrOfficeKey) key = NULL;
  g_autoptr(GError) error = NULL;
  gboolean force = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, key_help, N_("FILE") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_folder,
      N_("The folder to write the CSV and JSON Lines files into (default: the current folder)"), N_("DIR") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace files of the same names already there"), NULL },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE instead of asking for it"), N_("FILE") },
    { NULL }
  };

  if (!tr_office_parse (&argc, &argv, _("FILE…"),
                        _("Open the kiosks' sealed exports (tremplin-KIOSK-DAY.sealed) into the "
                          "day's CSV for spreadsheets and JSON Lines."),
                        _("The passphrase is asked once for every file. Nothing is written unless "
                          "every file opens: a wrong passphrase, a damaged file or one sealed to "
                          "another office key stops the whole run. The files written hold "
                          "personal details: they are readable by their owner only."),
                        entries, 1, -1, &status))
    return status;
  if (key_path == NULL)
    key_path = tr_office_default_key_path ();
  if (output_folder == NULL)
    output_folder = g_strdup (".");

  /* Everything that can be said without the passphrase is said first. */
  if (!tr_office_check_output_folder (output_folder, &error) ||
      (files = tr_office_read_sealed_files (argv + 1, key_path, &error)) == NULL ||
      (outputs = plan_outputs (files, argv + 1, output_folder, force, &error)) == NULL ||
      (key = tr_office_unlock (key_path, passphrase_file, &error)) == NULL)
    return tr_office_fail (error);

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(TrExportRows) rows = tr_office_open_rows (g_ptr_array_index (files, i), argv[i + 1],
                                                          key, TRUE, &error);
      TrOfficeOutput *csv = g_ptr_array_index (outputs, 2 * i);
      TrOfficeOutput *jsonl = g_ptr_array_index (outputs, 2 * i + 1);

      if (rows == NULL)
        return tr_office_fail (error);
      csv->contents = tr_export_rows_to_table (rows, TR_EXPORT_CSV);
      jsonl->contents = tr_export_rows_to_table (rows, TR_EXPORT_JSONL);
    }
  if (!tr_office_write_outputs (outputs, force, &error))
    return tr_office_fail (error);

  for (guint i = 0; i < files->len; i++)
    {
      const TrSealedFile *file = g_ptr_array_index (files, i);
      g_printerr (g_dngettext (NULL, "%s: %u registration of kiosk %s on %s\n",
                               "%s: %u registrations of kiosk %s on %s\n", file->n_registrations),
                  argv[i + 1], file->n_registrations, file->kiosk_id, file->day);
    }
  for (guint i = 0; i < outputs->len; i++)
    g_print ("%s\n", ((TrOfficeOutput *) g_ptr_array_index (outputs, i))->path);
  return TR_EXIT_OK;
}

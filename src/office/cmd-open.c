/* SPDX-License-Identifier: GPL-3.0-or-later */
/* open: the kiosks' sealed exports turned back into the day's CSV and JSON Lines, all of them or none. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "office-context.h"
#include "tr-error.h"
#include "tr-file.h"

/* One file the run writes: where, what, and its temporary copy. */
typedef struct {
  char   *path;
  GBytes *contents;
  char   *temporary;
} Output;

static void
output_free (Output *output)
{
  if (output->temporary != NULL)
    g_unlink (output->temporary);
  g_free (output->temporary);
  g_free (output->path);
  g_bytes_unref (output->contents);
  g_free (output);
}

static gboolean
check_output_folder (const char *folder, GError **error)
{
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
               g_file_test (folder, G_FILE_TEST_EXISTS)
               ? _("%s is a file, not a folder: give the folder to write into with --output DIR.")
               : _("The folder %s does not exist: create it, or give another with --output DIR."),
               folder);
  return FALSE;
}

/* The CSV and JSON Lines each file becomes, in @folder; an error when two
 * files are the same day of the same kiosk, or (without @force) when one
 * would replace a file already there. */
static GPtrArray *
plan_outputs (GPtrArray *files, char **paths, const char *folder, gboolean force, GError **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) output_free);
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
          Output *output = g_new0 (Output, 1);

          output->path = g_build_filename (folder, name, NULL);
          g_ptr_array_add (outputs, output);
          if (!force && g_file_test (output->path, G_FILE_TEST_EXISTS))
            {
              g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                           _("%s already exists: give --force to replace it, or another folder "
                             "with --output DIR."), output->path);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&outputs);
}

static gboolean
write_temporary (Output *output, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (output->path);
  gsize size = 0;
  const char *data = g_bytes_get_data (output->contents, &size);
  int fd, saved_errno;

  output->temporary = g_build_filename (folder, ".tremplin-office-XXXXXX.tmp", NULL);
  /* The files hold personal details: readable by their owner only. */
  fd = g_mkstemp_full (output->temporary, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_clear_pointer (&output->temporary, g_free);
      tr_file_set_write_error (error, output->path, saved_errno);
      return FALSE;
    }
  for (gsize at = 0; at < size;)
    {
      ssize_t n = write (fd, data + at, size - at);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved_errno = n < 0 ? errno : ENOSPC;
          close (fd);
          tr_file_set_write_error (error, output->path, saved_errno);
          return FALSE;
        }
      at += (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      tr_file_set_write_error (error, output->path, errno);
      return FALSE;
    }
  return TRUE;
}

/* Every file written to a temporary copy first; only when all are there do
 * they take their names, so a failure leaves none of them. */
static gboolean
write_outputs (GPtrArray *outputs, gboolean force, GError **error)
{
  for (guint i = 0; i < outputs->len; i++)
    if (!write_temporary (g_ptr_array_index (outputs, i), error))
      return FALSE;
  for (guint i = 0; i < outputs->len; i++)
    {
      Output *output = g_ptr_array_index (outputs, i);
      if (!force && g_file_test (output->path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
                       _("%s appeared while the exports were opened: nothing was written. "
                         "Run the command again."), output->path);
          return FALSE;
        }
    }
  for (guint i = 0; i < outputs->len; i++)
    {
      Output *output = g_ptr_array_index (outputs, i);
      if (g_rename (output->temporary, output->path) != 0)
        {
          int saved_errno = errno;
          /* Those already renamed go too: all or none. */
          for (guint j = 0; j < i; j++)
            g_unlink (((Output *) g_ptr_array_index (outputs, j))->path);
          tr_file_set_write_error (error, output->path, saved_errno);
          return FALSE;
        }
      g_clear_pointer (&output->temporary, g_free);
    }
  if (outputs->len > 0)
    tr_file_sync_folder_of (((Output *) g_ptr_array_index (outputs, 0))->path);
  return TRUE;
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
  if (!check_output_folder (output_folder, &error) ||
      (files = tr_office_read_sealed_files (argv + 1, key_path, &error)) == NULL ||
      (outputs = plan_outputs (files, argv + 1, output_folder, force, &error)) == NULL ||
      (key = tr_office_unlock (key_path, passphrase_file, &error)) == NULL)
    return tr_office_fail (error);

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(TrExportRows) rows = tr_office_open_rows (g_ptr_array_index (files, i), argv[i + 1],
                                                          key, TRUE, &error);
      Output *csv = g_ptr_array_index (outputs, 2 * i);
      Output *jsonl = g_ptr_array_index (outputs, 2 * i + 1);

      if (rows == NULL)
        return tr_office_fail (error);
      csv->contents = tr_export_rows_to_table (rows, TR_EXPORT_CSV);
      jsonl->contents = tr_export_rows_to_table (rows, TR_EXPORT_JSONL);
    }
  if (!write_outputs (outputs, force, &error))
    return tr_office_fail (error);

  for (guint i = 0; i < files->len; i++)
    {
      const TrSealedFile *file = g_ptr_array_index (files, i);
      g_printerr (g_dngettext (NULL, "%s: %u registration of kiosk %s on %s\n",
                               "%s: %u registrations of kiosk %s on %s\n", file->n_registrations),
                  argv[i + 1], file->n_registrations, file->kiosk_id, file->day);
    }
  for (guint i = 0; i < outputs->len; i++)
    g_print ("%s\n", ((Output *) g_ptr_array_index (outputs, i))->path);
  return TR_EXIT_OK;
}

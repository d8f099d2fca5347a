/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office-output.c — a command's files written whole and all together, or none of them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "office-output.h"
#include "tr-error.h"
#include "tr-file.h"

TrOfficeOutput *
tr_office_output_new (const char *path)
{
  TrOfficeOutput *output = g_new0 (TrOfficeOutput, 1);

  output->path = g_strdup (path);
  return output;
}

void
tr_office_output_free (TrOfficeOutput *output)
{
  if (output == NULL)
    return;
  if (output->temporary != NULL)
    g_unlink (output->temporary);
  g_free (output->temporary);
  g_free (output->path);
  g_clear_pointer (&output->contents, g_bytes_unref);
  g_free (output);
}

GPtrArray *
tr_office_outputs_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tr_office_output_free);
}

gboolean
tr_office_check_output_folder (const char *folder, GError **error)
{
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   g_file_test (folder, G_FILE_TEST_EXISTS)
                   ? _("%s is a file, not a folder: give the folder to write into with --output DIR.")
                   : _("The folder %s does not exist: create it, or give another with --output DIR."),
                   folder);
      return FALSE;
    }
  if (access (folder, W_OK | X_OK) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("The folder %s cannot be written into (%s): give another with --output DIR, "
                     "or ask for the right to write there."),
                   folder, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_office_check_output_free (const TrOfficeOutput *output, gboolean force, GError **error)
{
  if (force || !g_file_test (output->path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_EXISTS,
               _("%s already exists: give --force to replace it, or another folder "
                 "with --output DIR."), output->path);
  return FALSE;
}

static gboolean
write_temporary (TrOfficeOutput *output, GError **error)
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
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      tr_file_set_write_error (error, output->path, saved_errno);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      tr_file_set_write_error (error, output->path, errno);
      return FALSE;
    }
  return TRUE;
}

/* Every file written to a temporary copy first; only when all are there do
 * they take their names, so a failure leaves none of them. */
gboolean
tr_office_write_outputs (GPtrArray *outputs, gboolean force, GError **error)
{
  for (guint i = 0; i < outputs->len; i++)
    if (!write_temporary (g_ptr_array_index (outputs, i), error))
      return FALSE;
  for (guint i = 0; i < outputs->len; i++)
    {
      TrOfficeOutput *output = g_ptr_array_index (outputs, i);
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
      TrOfficeOutput *output = g_ptr_array_index (outputs, i);
      if (g_rename (output->temporary, output->path) != 0)
        {
          int saved_errno = errno;
          /* Those already renamed go too: all or none. */
          for (guint j = 0; j < i; j++)
            g_unlink (((TrOfficeOutput *) g_ptr_array_index (outputs, j))->path);
          tr_file_set_write_error (error, output->path, saved_errno);
          return FALSE;
        }
      g_clear_pointer (&output->temporary, g_free);
    }
  if (outputs->len > 0)
    tr_file_sync_folder_of (((TrOfficeOutput *) g_ptr_array_index (outputs, 0))->path);
  return TRUE;
}

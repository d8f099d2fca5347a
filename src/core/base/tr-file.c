/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-file.c — files replaced whole: a temporary file, synced, renamed. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tr-error.h"
#include "tr-file.h"

const char *
tr_file_write_failure_reason (int saved_errno)
{
  switch (saved_errno)
    {
    case ENOENT:
      return _("its folder does not exist: create it or choose another folder");
    case ENOSPC:
    case EDQUOT:
      return _("the disk is full: free some space, then try again");
    case EACCES:
    case EPERM:
    case EROFS:
      return _("the folder is read-only or not yours: choose a folder you can write to");
    default:
      return g_strerror (saved_errno);
    }
}

void
tr_file_set_write_error_reason (GError     **error,
                                const char  *path,
                                const char  *reason)
{
  /* Translators: a file's path, then why it could not be written. */
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Could not write %s: %s"), path, reason);
}

void
tr_file_set_write_error (GError     **error,
                         const char  *path,
                         int          saved_errno)
{
  tr_file_set_write_error_reason (error, path, tr_file_write_failure_reason (saved_errno));
}

gboolean
tr_file_sync_folder_of (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok = fd >= 0 && fsync (fd) == 0;
  int saved = errno;

  if (fd >= 0)
    close (fd);
  /* Some file systems (FAT on a USB key) cannot sync a folder; the rename
   * itself is done, so only a real I/O error counts. */
  if (ok || saved == EINVAL || saved == ENOTSUP)
    return TRUE;
  errno = saved;
  return FALSE;
}

/* Whether @name is "." + a target name matching @pattern + ".XXXXXX.tmp". */
static gboolean
is_temporary_of (const char *name, GPatternSpec *pattern)
{
  gsize length = strlen (name);
  const gsize tail = strlen (".XXXXXX.tmp");
  g_autofree char *target = NULL;

  if (name[0] != '.' || length <= 1 + tail || !g_str_has_suffix (name, ".tmp"))
    return FALSE;
  target = g_strndup (name + 1, length - 1 - tail);
  return name[length - tail] == '.' && g_pattern_spec_match_string (pattern, target);
}

/* Removes @path if no living writer holds its lock. */
static gboolean
remove_if_abandoned (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0);
  struct stat st;
  gboolean removed = FALSE;

  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && flock (fd, LOCK_EX | LOCK_NB) == 0)
    removed = g_unlink (path) == 0;
  close (fd);
  return removed;
}

guint
tr_file_remove_stale (const char *folder,
                      const char *target_pattern)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPatternSpec) pattern = g_pattern_spec_new (target_pattern);
  const char *name;
  guint removed = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (is_temporary_of (name, pattern))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        if (remove_if_abandoned (path))
          removed++;
      }
  return removed;
}

/* Flushes the buffer and the disk's cache, then closes: after this the
 * bytes are on the disk or errno says why not. */
static gboolean
finish_file (FILE *file)
{
  gboolean ok = fflush (file) == 0 && fsync (fileno (file)) == 0;
  int saved = errno;

  if (fclose (file) != 0 && ok)
    return FALSE;
  errno = saved;
  return ok;
}

/* Words a failure and says whether it stands. */
static gboolean
failed (TrFileStep step, int saved_errno, TrFileFailFunc fail, gpointer user_data, GError **error)
{
  GError *local_error = NULL;

  fail (step, saved_errno, user_data, &local_error);
  if (local_error == NULL)
    return FALSE;
  g_propagate_error (error, local_error);
  return TRUE;
}

gboolean
tr_file_write_atomically (const char       *path,
                          int               mode,
                          TrFileWriteFunc   write,
                          TrFileFailFunc    fail,
                          gpointer          user_data,
                          GError          **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *temporary = NULL;
  FILE *file;
  int fd;

  g_return_val_if_fail (path != NULL && write != NULL && fail != NULL, FALSE);

  folder = g_path_get_dirname (path);
  name = g_path_get_basename (path);
  temporary = g_strdup_printf ("%s/.%s.XXXXXX.tmp", folder, name);
  fd = g_mkstemp_full (temporary, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    {
      failed (TR_FILE_CREATE, errno, fail, user_data, error);
      return FALSE;
    }
  /* Tells tr_file_remove_stale that this file is being written; the lock
   * goes with the process. A folder that cannot lock just goes without. */
  flock (fd, LOCK_EX | LOCK_NB);
  file = fdopen (fd, "wb");
  if (file == NULL)
    {
      int saved = errno;

      close (fd);
      failed (TR_FILE_CREATE, saved, fail, user_data, error);
      goto abandon;
    }
  if (!write (file, user_data, error))
    {
      fclose (file);
      goto abandon;
    }
  if (!finish_file (file))
    {
      failed (TR_FILE_WRITE, errno, fail, user_data, error);
      goto abandon;
    }
  if (g_rename (temporary, path) != 0)
    {
      failed (TR_FILE_RENAME, errno, fail, user_data, error);
      goto abandon;
    }
  if (!tr_file_sync_folder_of (path) && failed (TR_FILE_SYNC, errno, fail, user_data, error))
    return FALSE;
  return TRUE;

abandon:
  g_unlink (temporary);
  return FALSE;
}

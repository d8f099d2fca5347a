/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one wording of a file that could not be written. */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tr-error.h"
#include "tr-file.h"

static void
assert_write_error (int saved_errno, const char *expected)
{
  g_autoptr(GError) error = NULL;

  tr_file_set_write_error (&error, "/media/usb/tremplin.csv", saved_errno);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_cmpstr (error->message, ==, expected);
}

/* Each usual cause says what to do about it; any other names the cause. */
static void
test_write_error_reasons (void)
{
  g_autofree char *other = g_strdup_printf ("Could not write /media/usb/tremplin.csv: %s", g_strerror (EIO));
  g_autoptr(GError) error = NULL;

  assert_write_error (ENOENT, "Could not write /media/usb/tremplin.csv: its folder does not exist: "
                              "create it or choose another folder");
  assert_write_error (ENOSPC, "Could not write /media/usb/tremplin.csv: the disk is full: "
                              "free some space, then try again");
  assert_write_error (EDQUOT, "Could not write /media/usb/tremplin.csv: the disk is full: "
                              "free some space, then try again");
  for (guint i = 0; i < 3; i++)
    assert_write_error ((int[]) { EACCES, EPERM, EROFS }[i],
                        "Could not write /media/usb/tremplin.csv: the folder is read-only or not "
                        "yours: choose a folder you can write to");
  assert_write_error (EIO, other);

  tr_file_set_write_error_reason (&error, "r.pdf", "out of memory");
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_cmpstr (error->message, ==, "Could not write r.pdf: out of memory");
}

static gboolean
write_nothing (FILE *file, gpointer user_data, GError **error)
{
  return TRUE;
}

static void
fail_as_written (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  tr_file_set_write_error (error, user_data, saved_errno);
}

/* A file put into a folder that is not there says so, and makes nothing. */
static void
test_missing_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-file-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (dir, "missing", NULL);
  g_autofree char *path = g_build_filename (folder, "tremplin.csv", NULL);
  g_autofree char *expected = g_strdup_printf ("Could not write %s: its folder does not exist: "
                                               "create it or choose another folder", path);
  g_autoptr(GError) error = NULL;

  g_assert_false (tr_file_write_atomically (path, 0600, write_nothing, fail_as_written, path, &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/file/write-error/reasons", test_write_error_reasons);
  g_test_add_func ("/file/write-error/missing-folder", test_missing_folder);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-qr-png.c — a QR code's modules drawn as a PNG (libpng). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

#include "tr-error.h"
#include "tr-file.h"
#include "tr-qr-png.h"

#define MAX_SCALE 64

typedef struct {
  char *message;
} PngFailure;

static void
on_png_error (png_structp png, png_const_charp message)
{
  PngFailure *failure = png_get_error_ptr (png);

  g_free (failure->message);
  failure->message = g_strdup (message);
  png_longjmp (png, 1);
}

static void
on_png_warning (png_structp png, png_const_charp message)
{
  g_debug ("libpng: %s", message);
}

/* Kept free of automatic cleanups: libpng reports errors with longjmp. */
static gboolean
encode_png (FILE *file, const TrQr *qr, int scale, PngFailure *failure)
{
  png_uint_32 width = (png_uint_32) (qr->size * scale);
  png_structp png;
  png_infop info;
  png_bytep row;

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, failure, on_png_error, on_png_warning);
  if (png == NULL)
    return FALSE;
  info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      return FALSE;
    }
  row = g_malloc (width);

  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_free (row);
      return FALSE;
    }

  png_init_io (png, file);
  png_set_IHDR (png, info, width, width, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < qr->size; y++)
    {
      for (int x = 0; x < qr->size; x++)
        memset (row + x * scale, tr_qr_is_dark (qr, x, y) ? 0x00 : 0xff, (gsize) scale);
      for (int k = 0; k < scale; k++)
        png_write_row (png, row);
    }
  png_write_end (png, NULL);

  png_destroy_write_struct (&png, &info);
  g_free (row);
  return TRUE;
}

typedef struct {
  const TrQr *qr;
  int         scale;
  const char *path;
} PngJob;

static gboolean
write_png (FILE *file, gpointer user_data, GError **error)
{
  PngJob *job = user_data;
  PngFailure failure = { NULL };
  gboolean ok;

  errno = 0;
  ok = encode_png (file, job->qr, job->scale, &failure);
  /* libpng fails on a write that fails, and leaves errno saying why. */
  if (!ok && errno != 0)
    tr_file_set_write_error (error, job->path, errno);
  else if (!ok)
    tr_file_set_write_error_reason (error, job->path,
                                    failure.message != NULL ? failure.message : g_strerror (ENOMEM));
  g_free (failure.message);
  return ok;
}

static void
on_write_failed (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  PngJob *job = user_data;

  /* At TR_FILE_SYNC the picture is complete; it can be drawn again. */
  if (step != TR_FILE_SYNC)
    tr_file_set_write_error (error, job->path, saved_errno);
}

gboolean
tr_qr_write_png (const TrQr *qr, int scale, const char *path, GError **error)
{
  PngJob job = { qr, scale, path };

  g_return_val_if_fail (qr != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (scale < 1 || scale > MAX_SCALE)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The QR picture's scale must be 1 to %d pixels per module, not %d."),
                   MAX_SCALE, scale);
      return FALSE;
    }
  /* A crash leaves the old picture or the new one, never half of one. */
  return tr_file_write_atomically (path, 0644, write_png, on_write_failed, &job, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-qr.c — a QR code's modules (libqrencode); src/render draws them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "tr-error.h"
#include "tr-qr.h"

TrQr *
tr_qr_encode (const char *text, GError **error)
{
  QRcode *code;
  TrQr *qr;
  int saved_errno;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("There is no text to put in the QR code."));
      return NULL;
    }

  /* Case-sensitive with the 8-bit hint lets libqrencode split the text into
   * segments, so the base45 line goes in the denser alphanumeric mode. */
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      saved_errno = errno;
      if (saved_errno == ERANGE)
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("The text is too long for a QR code (%zu bytes)."), strlen (text));
      else
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("The text cannot be made into a QR code: %s."), g_strerror (saved_errno));
      return NULL;
    }

  qr = g_new0 (TrQr, 1);
  qr->version = code->version;
  qr->size = code->width + 2 * TR_QR_QUIET_ZONE;
  qr->dark = g_malloc0 ((gsize) qr->size * (gsize) qr->size);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      qr->dark[(y + TR_QR_QUIET_ZONE) * qr->size + x + TR_QR_QUIET_ZONE] =
        code->data[y * code->width + x] & 1;
  QRcode_free (code);
  return qr;
}

void
tr_qr_free (TrQr *qr)
{
  if (qr == NULL)
    return;
  g_free (qr->dark);
  g_free (qr);
}

gboolean
tr_qr_is_dark (const TrQr *qr, int x, int y)
{
  g_return_val_if_fail (qr != NULL, FALSE);

  if (x < 0 || y < 0 || x >= qr->size || y >= qr->size)
    return FALSE;
  return qr->dark[y * qr->size + x] != 0;
}

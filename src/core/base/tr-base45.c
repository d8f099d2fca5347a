/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-base45.c — Base45 (RFC 9285). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-base45.h"
#include "tr-error.h"

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

char *
tr_base45_encode (const guint8 *data, gsize length)
{
  GString *out = g_string_sized_new (length / 2 * 3 + 3);

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  for (gsize i = 0; i + 1 < length; i += 2)
    {
      guint n = data[i] * 256u + data[i + 1];
      g_string_append_c (out, alphabet[n % 45]);
      g_string_append_c (out, alphabet[n / 45 % 45]);
      g_string_append_c (out, alphabet[n / (45 * 45)]);
    }
  if (length % 2 == 1)
    {
      guint n = data[length - 1];
      g_string_append_c (out, alphabet[n % 45]);
      g_string_append_c (out, alphabet[n / 45]);
    }
  return g_string_free (out, FALSE);
}

static int
digit_value (char c)
{
  const char *found;

  /* strchr would also "find" the terminating NUL. */
  if (c == '\0')
    return -1;
  found = strchr (alphabet, c);
  return found != NULL ? (int) (found - alphabet) : -1;
}

static gboolean
decode_group (const char *group, gsize n_chars, gsize position,
              guint *value, GError **error)
{
  guint factor = 1;

  *value = 0;
  for (gsize k = 0; k < n_chars; k++)
    {
      int digit = digit_value (group[k]);
      if (digit < 0)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                       _("Character %zu of the Base45 text is not a Base45 character; "
                         "only digits, capital letters and \" $%%*+-./:\" can appear"),
                       position + k + 1);
          return FALSE;
        }
      *value += (guint) digit * factor;
      factor *= 45;
    }
  return TRUE;
}

GBytes *
tr_base45_decode (const char *text, GError **error)
{
  gsize length;
  GByteArray *bytes;

  g_return_val_if_fail (text != NULL, NULL);

  length = strlen (text);
  if (length % 3 == 1)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("The Base45 text has %zu characters, which no data gives: "
                     "a character is missing or one too many"), length);
      return NULL;
    }

  bytes = g_byte_array_sized_new (length / 3 * 2 + 1);
  for (gsize i = 0; i < length; i += 3)
    {
      gsize n_chars = MIN (3, length - i);
      guint value;

      if (!decode_group (text + i, n_chars, i, &value, error))
        goto fail;
      if (value > (n_chars == 3 ? 65535u : 255u))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                       _("Characters %zu to %zu of the Base45 text stand for a value too large "
                         "to be data; the text was changed or mistyped"),
                       i + 1, i + n_chars);
          goto fail;
        }
      if (n_chars == 3)
        {
          guint8 pair[2] = { value >> 8, value & 0xff };
          g_byte_array_append (bytes, pair, 2);
        }
      else
        {
          guint8 single = value;
          g_byte_array_append (bytes, &single, 1);
        }
    }
  return g_byte_array_free_to_bytes (bytes);

fail:
  g_byte_array_unref (bytes);
  return NULL;
}

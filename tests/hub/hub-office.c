/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub-office — what the hub tests need beside tremplin-office: a quick office key (make-key) and a signature put by hand (sign). */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "tr-hub.h"
#include "tr-office-key.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc >= 4 && strcmp (argv[1], "make-key") == 0)
    {
      g_autoptr (GError) error = NULL;
      guint8 key[TR_OFFICE_KEY_BYTES];
      g_autofree char *text = NULL;

      if (!tr_office_key_create (argv[2], argv[3], TR_OFFICE_KEY_COST_INTERACTIVE, key, &error))
        {
          g_printerr ("hub-office: %s\n", error->message);
          return 1;
        }
      text = tr_office_key_to_text (key);
      g_print ("%s\n", text);
      return 0;
    }
  /* sign KEY PASSPHRASE VERSION KIND FILE: the signature a publication
   * would carry, in hex, so that a test can put a signed bad file at the
   * hub behind the office command's checks. */
  if (argc == 7 && strcmp (argv[1], "sign") == 0)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TrOfficeKey) key = tr_office_key_unlock (argv[2], argv[3], &error);
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr (GBytes) payload = NULL;
      g_autoptr (GBytes) message = NULL;
      guint8 signature[TR_OFFICE_SIGNATURE_BYTES];

      if (!key || !g_file_get_contents (argv[6], &contents, &length, &error))
        {
          g_printerr ("hub-office: %s\n", error->message);
          return 1;
        }
      payload = g_bytes_new_take (g_steal_pointer (&contents), length);
      message = tr_hub_publication_message (g_ascii_strtoll (argv[4], NULL, 10), argv[5], payload);
      tr_office_key_sign (key, g_bytes_get_data (message, NULL), g_bytes_get_size (message), signature);
      for (gsize i = 0; i < sizeof signature; i++)
        g_print ("%02x", signature[i]);
      g_print ("\n");
      return 0;
    }
  g_printerr ("usage: hub-office make-key KEY PASSPHRASE | sign KEY PASSPHRASE VERSION KIND FILE\n");
  return 2;
}

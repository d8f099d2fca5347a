/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub-office — runs tremplin-office's hub commands for the hub tests, as tremplin-office's main will, plus make-key. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "cmd-hub.h"
#include "tr-office-key.h"

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
} commands[] = {
  { "init", tr_office_cmd_hub_init },
  { "enrol-kiosk", tr_office_cmd_hub_enrol_kiosk },
  { "revoke-kiosk", tr_office_cmd_hub_revoke_kiosk },
  { "publish-catalogue", tr_office_cmd_hub_publish_catalogue },
  { "publish-rules", tr_office_cmd_hub_publish_rules },
  { "status", tr_office_cmd_hub_status },
};

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
  for (gsize i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  g_printerr ("usage: hub-office init|enrol-kiosk|revoke-kiosk|publish-catalogue|publish-rules|status|make-key …\n");
  return 2;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub enrol-kiosk: registers a kiosk's id and receipt key at the hub and makes its login. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"

#include <string.h>
#include "tr-keys.h"

int
tr_office_cmd_hub_enrol_kiosk (int argc, char **argv)
{
  g_autofree char *key_text = NULL;
  g_autofree char *password = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  guint8 key[TR_PUBLIC_KEY_BYTES];
  int status;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_STRING, &key_text,
      N_("The kiosk's public key, as “tremplin-admin public-key” prints it"), N_("KEY") },
    { NULL }
  };

  if (!tr_hub_cmd_parse (&argc, &argv, _("KIOSK-ID"),
                         _("Enrol a kiosk at the hub: its receipts are trusted and it may send registrations."),
                         entries, 1, 1, &status))
    return status;
  if (!key_text)
    return tr_hub_cmd_usage ("%s", _("enrol-kiosk: give the kiosk's public key with --key KEY"));
  if (!tr_public_key_from_text (key_text, key, &error)
      || !(hub = tr_hub_cmd_connect (&error))
      || !tr_hub_enrol_kiosk (hub, argv[1], key_text, &password, &error))
    return tr_hub_cmd_fail (error);
  /* The password exists only here: it goes into the kiosk's kiosk.conf. */
  /* The kiosk logs in as kiosk_<id> by itself (tr_sync_config_conninfo):
   * its kiosk.conf needs the hub's address (Hub=) and this password. */
  g_print (_("Kiosk %s is enrolled. Put this line in its kiosk.conf, beside Hub= (the hub's connection line):\n"),
           argv[1]);
  g_print ("HubPassword=%s\n", password);
  memset (password, 0, strlen (password));
  return TR_EXIT_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub publish-rules: checks a rules file, signs it with the office key and publishes it to every kiosk. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"

int
tr_office_cmd_hub_publish_rules (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  g_autoptr (TrOfficeKey) key = NULL;
  g_autoptr (GBytes) payload = NULL;
  gsize length;
  gint64 version;
  int status;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("The office key file (default: ~/.local/share/tremplin/office.key)"), N_("PATH") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from this file's first line"), N_("FILE") },
    { NULL }
  };

  if (!tr_hub_cmd_parse (&argc, &argv, _("FILE"),
                         _("Publish a rules file to every kiosk, signed with the office key."), entries, 1, 1, &status))
    return status;
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return tr_hub_cmd_fail (error);
  payload = g_bytes_new_take (g_steal_pointer (&contents), length);
  /* A bad file is named before the passphrase is asked. */
  if (!tr_hub_publication_check ("rules", payload, &error)
      || !(key = tr_hub_cmd_unlock (key_path, passphrase_file, &error))
      || !(hub = tr_hub_cmd_connect (&error))
      || !tr_hub_publish (hub, key, "rules", payload, &version, &error))
    return tr_hub_cmd_fail (error);
  g_print (_("The rules are published as version %lld.\n"), (long long) version);
  return TR_HUB_EXIT_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub publish-catalogue and publish-rules: check a file, sign it with the office key and publish it to every kiosk. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"
#include "office-context.h"

/* Publishes the file given as the one argument as a publication of @kind;
 * @done is the message that says so, with the version's place. */
static int
publish (int argc, char **argv, const char *kind, const char *summary, const char *done)
{
  g_autofree char *key_path = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  g_autoptr (TrOfficeKey) key = NULL;
  g_autoptr (GBytes) payload = NULL;
  gsize length;
  gint64 version;
  int status;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, key_help, N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE instead of asking for it"), N_("FILE") },
    { NULL }
  };

  if (!tr_hub_cmd_parse (&argc, &argv, _("FILE"), summary, entries, 1, 1, &status))
    return status;
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return tr_hub_cmd_fail (error);
  payload = g_bytes_new_take (g_steal_pointer (&contents), length);
  /* A bad file is named before the passphrase is asked. */
  if (!tr_hub_publication_check (kind, payload, &error)
      || !(key = tr_hub_cmd_unlock (key_path, passphrase_file, &error))
      || !(hub = tr_hub_cmd_connect (&error))
      || !tr_hub_publish (hub, key, kind, payload, &version, &error))
    return tr_hub_cmd_fail (error);
  g_print (done, (long long) version);
  return TR_EXIT_OK;
}

int
tr_office_cmd_hub_publish_catalogue (int argc, char **argv)
{
  return publish (argc, argv, "catalogue",
                  _("Publish a catalogue CSV to every kiosk, signed with the office key; the hub takes its seats."),
                  _("The catalogue is published as version %lld.\n"));
}

int
tr_office_cmd_hub_publish_rules (int argc, char **argv)
{
  return publish (argc, argv, "rules",
                  _("Publish a rules file to every kiosk, signed with the office key."),
                  _("The rules are published as version %lld.\n"));
}

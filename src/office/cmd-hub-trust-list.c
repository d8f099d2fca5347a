/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub trust-list: the trust list signed from the hub's kiosk registry, revocations included, for the web verifier and published to every kiosk. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"
#include "cmd-trust-list.h"
#include "office-context.h"
#include "tr-trust-list.h"

/* The hub's kiosks as a kiosk registry: in service from the day they were
 * enrolled (Paris time, as the receipts' dates), revoked from the day the
 * office revoked them. Read through the registry's own parser, so a key the
 * hub holds but no verifier could use is said, not signed. */
static GPtrArray *
load_hub_registry (TrHub *hub, GError **error)
{
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GString) csv = g_string_new ("id;public_key;valid_from;valid_until;revoked_on\n");

  rows = tr_hub_query_rows (hub,
    "SELECT id, public_key, to_char(enrolled_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD'),"
    " coalesce(to_char(revoked_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD'), '')"
    " FROM hub.kiosks ORDER BY id", error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_string_append_printf (csv, "%s;%s;%s;;%s\n", row[0], row[1], row[2], row[3]);
    }
  return tr_kiosk_registry_parse (csv->str, csv->len, "hub.kiosks", error);
}

int
tr_office_cmd_hub_trust_list (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autoptr (GPtrArray) kiosks = NULL;
  g_autoptr (TrHub) hub = NULL;
  g_autoptr (GError) error = NULL;
  int status;
  const GOptionEntry entries[] = {
    TR_TRUST_LIST_OPTIONS (key_path, key_help, passphrase_file, config_path),
    { NULL }
  };

  if (!tr_hub_cmd_parse (&argc, &argv, _("OUTPUT"),
                         _("Sign the trust list from the hub's kiosks (each one's receipt key, the day "
                           "it was enrolled and the day it was revoked), write it to OUTPUT for the web "
                           "verifier and publish it to every kiosk, whose “tremplin-admin verify” then "
                           "knows every kiosk of the programme."),
                         entries, 1, 1, &status))
    return status;
  /* The hub is read before the passphrase is asked. */
  if (!(hub = tr_hub_cmd_connect (&error)) || !(kiosks = load_hub_registry (hub, &error)))
    return tr_hub_cmd_fail (error);
  return tr_office_write_trust_list (kiosks, key_path, passphrase_file, argv[1], config_path, hub);
}

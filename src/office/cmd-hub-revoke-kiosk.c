/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub revoke-kiosk: a stolen or retired kiosk can no longer log in nor write, and its seats are freed. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"

int
tr_office_cmd_hub_revoke_kiosk (int argc, char **argv)
{
  g_autofree char *reason = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (kept with the revocation)"), N_("TEXT") },
    { NULL }
  };

  if (!tr_hub_cmd_parse (&argc, &argv, _("KIOSK-ID"),
                         _("Revoke a kiosk: it may no longer log in or send anything, and the seats it held are free again."),
                         entries, 1, 1, &status))
    return status;
  if (!(hub = tr_hub_cmd_connect (&error)) || !tr_hub_revoke_kiosk (hub, argv[1], reason, &error))
    return tr_hub_cmd_fail (error);
  g_print (_("Kiosk %s is revoked.\n"), argv[1]);
  return TR_EXIT_OK;
}

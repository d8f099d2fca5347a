/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub init: creates the hub's schema and roles, or brings them up to date (re-runnable). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"

int
tr_office_cmd_hub_init (int argc, char **argv)
{
  g_autofree char *sql_dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  guint applied = 0;
  int status;
  const GOptionEntry entries[] = {
    { "sql-dir", 0, 0, G_OPTION_ARG_FILENAME, &sql_dir,
      N_("Take the migrations from this folder"), N_("DIR") },
    { NULL }
  };

  if (!tr_hub_cmd_parse (&argc, &argv, "",
                         _("Create the hub's tables, functions and roles, or migrate them to this version."),
                         entries, 0, 0, &status))
    return status;
  if (!(hub = tr_hub_cmd_connect (&error)) || !tr_hub_migrate (hub, sql_dir, &applied, &error))
    return tr_hub_cmd_fail (error);
  if (applied)
    g_print (g_dngettext (GETTEXT_PACKAGE, "The hub is ready: %u migration applied.\n",
                          "The hub is ready: %u migrations applied.\n", applied), applied);
  else
    g_print ("%s\n", _("The hub is ready: it was already up to date."));
  return TR_EXIT_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* erase: a person's sealed details deleted at their request, with a tombstone that names nobody. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "admin-context.h"
#include "tr-clock.h"
#include "tr-code.h"

int
tr_admin_cmd_erase (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  TrStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why, as the record of the erasure keeps it: never the person's name"), N_("TEXT") },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, _("CODE"),
                       _("Erase the personal details of the registration CODE, at the person's request. The "
                         "registration stays (its receipt still verifies, the figures still count it); a record "
                         "keeps when, why and the code."),
                       entries, 1, 1, &status))
    return status;
  if (reason == NULL)
    return tr_admin_usage ("%s", _("erase: say why with --reason TEXT (for example --reason \"asked by the person\")"));
  if ((code = tr_code_normalise (argv[1], &error)) == NULL ||
      (store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      !tr_store_erase_details (store, code, reason, now, &error))
    return tr_admin_fail (error);
  g_print (_("The personal details of registration %s are erased.\n"), code);
  return TR_EXIT_OK;
}

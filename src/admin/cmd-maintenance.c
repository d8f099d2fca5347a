/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check and backup: keeping the database sound. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "admin-context.h"

int
tr_admin_cmd_check (TrAdmin *admin, int argc, char **argv)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  TrStore *store;
  int status;

  if (!tr_admin_parse (&argc, &argv, "",
                       _("Run SQLite's integrity check and Tremplin's own consistency checks."),
                       NULL, 0, 0, &status))
    return status;
  if ((store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      !tr_store_check (store, problems, &error))
    return tr_admin_fail (error);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("tremplin-admin: %s\n", (char *) problems->pdata[i]);
  if (problems->len > 0)
    return TR_EXIT_FAILED;
  g_print (_("The database %s is sound.\n"), tr_store_get_path (store));
  return TR_EXIT_OK;
}

int
tr_admin_cmd_backup (TrAdmin *admin, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  TrStore *store;
  int status;

  if (!tr_admin_parse (&argc, &argv, _("DEST"),
                       _("Copy the database to DEST while the kiosk keeps registering."),
                       NULL, 1, 1, &status))
    return status;
  if ((store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      !tr_store_backup (store, argv[1], &error))
    return tr_admin_fail (error);
  g_print ("%s\n", argv[1]);
  return TR_EXIT_OK;
}

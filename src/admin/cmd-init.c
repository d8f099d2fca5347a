/* SPDX-License-Identifier: GPL-3.0-or-later */
/* init: create the database and this kiosk's key pair. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "admin-context.h"
#include "tr-error.h"
#include "tr-receipt.h"

int
tr_admin_cmd_init (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *kiosk_id = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *public_text = NULL;
  g_autoptr(TrKeyPair) keys = NULL;
  g_autoptr(GError) error = NULL;
  TrStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "kiosk-id", 0, 0, G_OPTION_ARG_STRING, &kiosk_id, N_("This kiosk's id, like mairie-18-01"), N_("ID") },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, "", _("Create the database and this kiosk's key pair."),
                       entries, 0, 0, &status))
    return status;
  if (kiosk_id == NULL)
    kiosk_id = g_strdup (admin->config->kiosk_id);
  if (kiosk_id == NULL)
    return tr_admin_usage ("%s", _("init: give the kiosk's id with --kiosk-id ID"));
  if (!tr_kiosk_id_check (kiosk_id, &error))
    return tr_admin_fail (error);

  store = tr_admin_open_store (admin, TRUE, &error);
  if (store == NULL)
    return tr_admin_fail (error);
  if (tr_store_get_kiosk_id (store) != NULL)
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_EXISTS,
                   _("The database %s is already set up for kiosk %s; nothing changed"),
                   tr_store_get_path (store), tr_store_get_kiosk_id (store));
      return tr_admin_fail (error);
    }

  /* The key file first: if the database then refuses, no identity points to
   * a key that does not exist. */
  key_path = tr_config_dup_key_file (admin->config);
  keys = tr_key_pair_create (key_path, &error);
  if (keys == NULL)
    return tr_admin_fail (error);
  if (!tr_store_set_identity (store, kiosk_id, keys->public_key, &error))
    {
      g_unlink (key_path);
      return tr_admin_fail (error);
    }

  public_text = tr_public_key_to_text (keys->public_key);
  g_print (_("Kiosk %s is ready.\n"), kiosk_id);
  g_print (_("Database: %s\n"), tr_store_get_path (store));
  g_print (_("Private key: %s (keep it on this machine only)\n"), key_path);
  g_print (_("Public key: %s\n"), public_text);
  return TR_EXIT_OK;
}

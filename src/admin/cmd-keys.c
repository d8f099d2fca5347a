/* SPDX-License-Identifier: GPL-3.0-or-later */
/* public-key and trust: which kiosks' receipts are genuine. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "admin-context.h"
#include "tr-error.h"

int
tr_admin_cmd_public_key (TrAdmin *admin, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint8 key[TR_PUBLIC_KEY_BYTES];
  TrStore *store;
  int status;

  if (!tr_admin_parse (&argc, &argv, "",
                       _("Print this kiosk's id and public key, for “tremplin-admin trust” elsewhere."),
                       NULL, 0, 0, &status))
    return status;
  if ((store = tr_admin_open_store (admin, FALSE, &error)) == NULL)
    return tr_admin_fail (error);
  if (!tr_store_get_public_key (store, key))
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("This database has no kiosk identity yet: run tremplin-admin init first"));
      return tr_admin_fail (error);
    }
  text = tr_public_key_to_text (key);
  g_print ("%s %s\n", tr_store_get_kiosk_id (store), text);
  return TR_EXIT_OK;
}

int
tr_admin_cmd_trust (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *kiosk_id = NULL;
  g_autofree char *key_text = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[TR_PUBLIC_KEY_BYTES];
  TrStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "kiosk-id", 0, 0, G_OPTION_ARG_STRING, &kiosk_id, N_("The other kiosk's id"), N_("ID") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key_text, N_("Its public key, as “public-key” prints it"), N_("KEY") },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, "", _("Accept the receipts of another kiosk."),
                       entries, 0, 0, &status))
    return status;
  if (kiosk_id == NULL || key_text == NULL)
    return tr_admin_usage ("%s", _("trust: give both --kiosk-id ID and --key KEY"));
  if (!tr_public_key_from_text (key_text, key, &error) ||
      (store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      !tr_store_trust (store, kiosk_id, key, &error))
    return tr_admin_fail (error);
  g_print (_("Receipts from kiosk %s are now accepted.\n"), kiosk_id);
  return TR_EXIT_OK;
}

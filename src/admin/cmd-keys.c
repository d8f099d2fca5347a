/* SPDX-License-Identifier: GPL-3.0-or-later */
/* public-key and trust: which kiosks' receipts are genuine; office-key:
 * whom the personal details are sealed to. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "admin-context.h"
#include "tr-clock.h"
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

/* Without KEY: the key in use, and where it comes from. */
static int
show_office_key (TrAdmin *admin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint8 key[TR_OFFICE_KEY_BYTES];
  TrStoreOfficeKeySource source;
  TrStore *store;

  if ((store = tr_admin_open_store (admin, FALSE, &error)) == NULL)
    return tr_admin_fail (error);
  source = tr_store_get_office_key (store, key, &error);
  if (source == TR_STORE_OFFICE_KEY_NONE)
    {
      if (error == NULL)
        g_set_error (&error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("This kiosk has no office key: it takes no registration until one is set. Run "
                       "“tremplin-admin office-key KEY” with the key the programme office gave, or set "
                       "OfficeKey= in kiosk.conf"));
      return tr_admin_fail (error);
    }
  text = tr_office_key_to_text (key);
  g_print ("%s\n", text);
  if (source == TR_STORE_OFFICE_KEY_CONFIG)
    g_print (_("(from OfficeKey= in %s)\n"), admin->config->path);
  else
    g_print (_("(saved in the database %s by “tremplin-admin office-key”)\n"), tr_store_get_path (store));
  return TR_EXIT_OK;
}

int
tr_admin_cmd_office_key (TrAdmin *admin, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *text = NULL;
  guint8 key[TR_OFFICE_KEY_BYTES];
  TrStore *store;
  int status;

  if (!tr_admin_parse (&argc, &argv, _("[KEY]"),
                       _("Save the programme office's public key (“office:…”, as the office gives it) in the "
                         "database: every person's details are sealed to it as they register, and only the "
                         "office can open them. Without KEY, print the key in use and where it comes from."),
                       NULL, 0, 1, &status))
    return status;
  if (argc < 2)
    return show_office_key (admin);
  if (!tr_office_key_from_text (argv[1], key, &error) ||
      /* The office key may come first on a new kiosk: the database is made
       * for it, and init or the kiosk's first run set up the rest. */
      (store = tr_admin_open_store_with_key (admin, TRUE, key, &error)) == NULL ||
      !tr_store_save_office_key (store, key, now, &error))
    return tr_admin_fail (error);
  text = tr_office_key_to_text (key);
  g_print (_("Personal details are now sealed to the office key %s.\n"), text);
  if (admin->config->has_office_key && memcmp (admin->config->office_key, key, TR_OFFICE_KEY_BYTES) != 0)
    {
      g_autofree char *used = tr_office_key_to_text (admin->config->office_key);
      g_printerr (_("tremplin-admin: warning: OfficeKey= in %s (%s) still wins over the key saved: "
                    "change or remove that line\n"), admin->config->path, used);
    }
  return TR_EXIT_OK;
}

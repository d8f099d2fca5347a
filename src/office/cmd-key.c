/* SPDX-License-Identifier: GPL-3.0-or-later */
/* init-key and public-key: the office key pair, made once and given to every kiosk. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "office-context.h"
#include "tr-error.h"
#include "tr-text.h"

static gboolean
make_folder_of (const char *path, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) == 0)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
               _("Could not create the folder %s for the office key: %s. Create it, or give "
                 "another place with --key FILE."), folder, g_strerror (errno));
  return FALSE;
}

int
tr_office_cmd_init_key (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *cost_name = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autofree char *public_text = NULL;
  g_autoptr(GError) error = NULL;
  TrOfficeKeyCost cost = TR_OFFICE_KEY_COST_MODERATE;
  guint8 public_key[TR_OFFICE_KEY_BYTES];
  char *passphrase;
  gboolean made;
  int status;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, key_help, N_("FILE") },
    { "cost", 0, 0, G_OPTION_ARG_STRING, &cost_name,
      N_("How hard the passphrase is made to guess: moderate (default, 256 MiB and about a "
         "second to open) or interactive (64 MiB, for a small computer)"), N_("COST") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE instead of asking for it"), N_("FILE") },
    { NULL }
  };

  if (!tr_office_parse (&argc, &argv, "",
                        _("Make the office key pair: the private half under a passphrase, the "
                          "public half for every kiosk."),
                        _("The passphrase is asked twice on a terminal, or read from the first "
                          "line of standard input when it is not one. Without the passphrase, "
                          "or without the key file, nobody can ever open a sealed detail again: "
                          "keep both safe."),
                        entries, 0, 0, &status))
    return status;
  if (cost_name != NULL && !tr_office_key_cost_from_token (cost_name, &cost))
    {
      g_autofree char *shown = tr_text_excerpt (cost_name);
      return tr_office_usage (_("init-key: unknown cost “%s”; use moderate or interactive"), shown);
    }
  if (key_path == NULL)
    key_path = tr_office_default_key_path ();
  if (g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_EXISTS,
                   _("An office key file already exists at %s and is kept: every detail "
                     "sealed to it needs it. Choose another path for a new key."), key_path);
      return tr_office_fail (error);
    }

  g_printerr ("%s\n", _("The passphrase protects every person's details that the kiosks seal. "
                        "If it is lost, those details are lost for good: nobody, not even "
                        "Tremplin's authors, can recover them."));
  passphrase = tr_office_read_passphrase (passphrase_file, _("New passphrase for the office key: "),
                                          TRUE, &error);
  if (passphrase == NULL)
    return tr_office_fail (error);
  made = tr_office_passphrase_check (passphrase, &error) &&
         make_folder_of (key_path, &error) &&
         tr_office_key_create (key_path, passphrase, cost, public_key, &error);
  tr_office_passphrase_free (passphrase);
  if (!made)
    return tr_office_fail (error);

  public_text = tr_office_key_to_text (public_key);
  g_printerr (_("The office key is in %s.\n"), key_path);
  g_printerr (_("Back it up now, on another drive kept safe: if this file is lost, every sealed "
                "detail is lost with it, whatever the passphrase.\n"));
  g_printerr (_("Give this public key to every kiosk (OfficeKey= in kiosk.conf, or "
                "“tremplin-admin office-key KEY”):\n"));
  g_print ("%s\n", public_text);
  return TR_EXIT_OK;
}

int
tr_office_cmd_public_key (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autofree char *public_text = NULL;
  g_autoptr(GError) error = NULL;
  guint8 public_key[TR_OFFICE_KEY_BYTES];
  int status;
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, key_help, N_("FILE") },
    { NULL }
  };

  if (!tr_office_parse (&argc, &argv, "",
                        _("Print the office key's public half, for OfficeKey= in every kiosk's "
                          "kiosk.conf. No passphrase is needed."),
                        NULL, entries, 0, 0, &status))
    return status;
  if (key_path == NULL)
    key_path = tr_office_default_key_path ();
  if (!tr_office_key_read_public (key_path, public_key, &error))
    return tr_office_fail (error);
  public_text = tr_office_key_to_text (public_key);
  g_print ("%s\n", public_text);
  return TR_EXIT_OK;
}

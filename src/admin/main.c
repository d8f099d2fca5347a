/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tremplin-admin — the command line for staff and automation. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>
#include <sys/prctl.h>

#include "admin-context.h"
#include "tr-locale.h"
#include "tr-text.h"

typedef struct {
  const char     *name;
  TrAdminCommand  run;
  const char     *summary;
} Command;

static const Command commands[] = {
  { "init", tr_admin_cmd_init, N_("Create the database and this kiosk's key pair") },
  { "import-offers", tr_admin_cmd_import_offers, N_("Import a catalogue CSV") },
  { "offers", tr_admin_cmd_offers, N_("List the offers that match a search") },
  { "register", tr_admin_cmd_register, N_("Register an applicant from a JSON file") },
  { "receipt", tr_admin_cmd_receipt, N_("Print a registration's receipt; write its QR code") },
  { "verify", tr_admin_cmd_verify, N_("Check that a receipt's QR text is genuine") },
  { "export", tr_admin_cmd_export, N_("Write a day's registrations, sealed for the programme office") },
  { "stats", tr_admin_cmd_stats, N_("Count registrations by offer, category, status and priority") },
  { "public-key", tr_admin_cmd_public_key, N_("Print this kiosk's id and public key") },
  { "trust", tr_admin_cmd_trust, N_("Accept the receipts of another kiosk") },
  { "office-key", tr_admin_cmd_office_key, N_("Set or show the office key personal details are sealed to") },
  { "erase", tr_admin_cmd_erase, N_("Erase a registration's personal details at the person's request") },
  { "check", tr_admin_cmd_check, N_("Check the database for damage and inconsistencies") },
  { "backup", tr_admin_cmd_backup, N_("Copy the database safely while the kiosk runs") },
  { "staff-password", tr_admin_cmd_staff_password, N_("Set the password that unlocks staff mode") },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-15s %s", commands[i].name, _(commands[i].summary));
  g_string_append_printf (text, "\n\n%s", _("Run “tremplin-admin COMMAND --help” for a command's options."));
  return g_string_free (text, FALSE);
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TrAdmin) admin = NULL;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, N_("Read this kiosk.conf"), N_("PATH") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Use this database"), N_("PATH") },
    { NULL }
  };

  /* `register` holds a person's details in clear until they are sealed: no
   * core dump of this process, and no other one may read its memory. */
  prctl (PR_SET_DUMPABLE, 0);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, tr_locale_translations_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_summary (context, _("Tremplin kiosk administration."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tr_admin_usage ("%s", error->message);
  if (argc < 2)
    return tr_admin_usage ("%s", _("no command given"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) != 0)
        continue;
      admin = tr_admin_new (config_path, db_path, &error);
      if (admin == NULL)
        return tr_admin_fail (error);
      return commands[i].run (admin, argc - 1, argv + 1);
    }
  {
    g_autofree char *shown = tr_text_excerpt (argv[1]);
    return tr_admin_usage (_("unknown command “%s”"), shown);
  }
}

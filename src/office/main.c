/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tremplin-office — the programme office's command line: its key, and the kiosks' sealed exports opened. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "cmd-hub.h"
#include "cmd-report.h"
#include "office-context.h"
#include "tr-locale.h"
#include "tr-text.h"

typedef struct {
  const char      *name;
  TrOfficeCommand  run;
  const char      *summary;
} Command;

static const Command commands[] = {
  { "init-key", tr_office_cmd_init_key, N_("Make the office key, under a passphrase") },
  { "public-key", tr_office_cmd_public_key, N_("Print the office key's public half, for the kiosks") },
  { "open", tr_office_cmd_open, N_("Open the kiosks' sealed exports into CSV and JSON Lines") },
  { "find", tr_office_cmd_find, N_("List every registration of one person in sealed exports") },
  { "erase", tr_office_cmd_erase, N_("Erase one person's details from sealed exports") },
  { "trust-list", tr_office_cmd_trust_list, N_("Sign the web verifier's list of trusted kiosks") },
  { "report", tr_office_cmd_report, N_("Make the season report: a PDF with charts, and its tables as CSV") },
  { "hub", tr_office_cmd_hub, N_("Run the hub: set it up, enrol kiosks, publish, see its state") },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-12s %s", commands[i].name, _(commands[i].summary));
  g_string_append_printf (text, "\n\n%s", _("Run “tremplin-office COMMAND --help” for a command's options."));
  return g_string_free (text, FALSE);
}

int
main (int argc, char **argv)
{
  g_autofree char *description = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, tr_locale_translations_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_summary (context, _("Tremplin programme office: the office key and the kiosks' sealed exports."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tr_office_usage ("%s", error->message);
  if (argc < 2)
    return tr_office_usage ("%s", _("no command given"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  {
    g_autofree char *shown = tr_text_excerpt (argv[1]);
    return tr_office_usage (_("unknown command “%s”"), shown);
  }
}

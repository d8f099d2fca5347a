/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the hub commands share: option parsing with --hub, the connection, the office key, errors. */
#include "config.h"

#include "cmd-hub.h"
#include "tr-error.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

static char *hub_conninfo;

gboolean
tr_hub_cmd_parse (int *argc, char ***argv, const char *parameters, const char *summary,
                  const GOptionEntry *entries, int min_args, int max_args, int *exit_status)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameters);
  g_autoptr (GError) error = NULL;
  const GOptionEntry hub_entries[] = {
    { "hub", 0, 0, G_OPTION_ARG_STRING, &hub_conninfo,
      N_("The hub's libpq connection string (default: the PG* variables)"), N_("CONNINFO") },
    { NULL }
  };

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, hub_entries, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tr_command_line_parse (context, parameters, argc, argv, min_args, max_args, &error))
    {
      *exit_status = tr_hub_cmd_usage ("%s (see --help)", error->message);
      return FALSE;
    }
  return TRUE;
}

TrHub *
tr_hub_cmd_connect (GError **error)
{
  return tr_hub_connect (hub_conninfo, NULL, error);
}

TrHub *
tr_hub_cmd_connect_reader (const char *conninfo, GError **error)
{
  g_autoptr(TrHub) hub = tr_hub_connect (conninfo != NULL ? conninfo : hub_conninfo, NULL, error);
  g_autoptr(GPtrArray) rows = NULL;

  if (hub == NULL ||
      (rows = tr_hub_query_rows (hub, "SELECT 1 FROM hub.registrations LIMIT 0", error)) == NULL)
    {
      tr_hub_cmd_explain_error (error);
      return NULL;
    }
  return g_steal_pointer (&hub);
}

void
tr_hub_cmd_explain_error (GError **error)
{
  g_autofree char *message = NULL;
  GError *hub_error;

  if (error == NULL || *error == NULL || (*error)->domain != TR_HUB_ERROR)
    return;
  hub_error = *error;
  *error = NULL;
  message = g_strdup (hub_error->message);
  g_strdelimit (g_strstrip (message), "\r\n", ' ');
  if (hub_error->code == TR_HUB_ERROR_UNREACHABLE)
    g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                 _("The hub cannot be reached: check the connection string given with --hub (or the PG* variables) and that the hub is running (%s)"),
                 message);
  else if (hub_error->code == TR_HUB_ERROR_REFUSED || hub_error->code == TR_HUB_ERROR_REVOKED)
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("The hub refused this login: reading the registrations needs an office login, a member of tremplin_office (%s)"),
                 message);
  else
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID, "%s", message);
  g_error_free (hub_error);
}

int
tr_hub_cmd_fail (const GError *error)
{
  g_printerr ("tremplin-office: %s\n", error->message);
  return TR_EXIT_FAILED;
}

int
tr_hub_cmd_usage (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("tremplin-office: %s\n", message);
  return TR_EXIT_USAGE;
}

TrOfficeKey *
tr_hub_cmd_unlock (const char *key_path, const char *passphrase_file, GError **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *text = NULL;
  char line[1024];
  TrOfficeKey *key;

  if (!key_path)
    key_path = default_path = g_build_filename (g_get_user_data_dir (), "tremplin", "office.key", NULL);
  if (passphrase_file)
    {
      if (!g_file_get_contents (passphrase_file, &text, NULL, error))
        return NULL;
    }
  else
    {
      if (!fgets (line, sizeof line, stdin))
        {
          g_set_error (error, TR_HUB_ERROR, TR_HUB_ERROR_FAILED,
                       _("No passphrase for the office key: give --passphrase-file FILE or type it on standard input"));
          return NULL;
        }
      text = g_strdup (line);
      memset (line, 0, sizeof line);
    }
  text[strcspn (text, "\r\n")] = '\0';
  key = tr_office_key_unlock (key_path, text, error);
  memset (text, 0, strlen (text));
  return key;
}

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} hub_commands[] = {
  { "init", tr_office_cmd_hub_init, N_("Make or bring up to date the hub's schema and roles") },
  { "enrol-kiosk", tr_office_cmd_hub_enrol_kiosk, N_("Give a kiosk its role and its place at the hub") },
  { "revoke-kiosk", tr_office_cmd_hub_revoke_kiosk, N_("Shut a kiosk out of the hub") },
  { "publish-catalogue", tr_office_cmd_hub_publish_catalogue, N_("Publish a catalogue to every kiosk") },
  { "publish-rules", tr_office_cmd_hub_publish_rules, N_("Publish a rules file to every kiosk") },
  { "status", tr_office_cmd_hub_status, N_("Show the kiosks, their last contact and the seats") },
  { "trust-list", tr_office_cmd_hub_trust_list, N_("Sign the trust list from the hub's kiosks, for the web verifier and every kiosk") },
  { "export", tr_office_cmd_hub_export, N_("Export days of registrations from every kiosk, checked, to CSV and JSON Lines") },
  { "provider-lists", tr_office_cmd_hub_provider_lists, N_("Write each training provider's list of people to invite") },
};

int
tr_office_cmd_hub (int argc, char **argv)
{
  g_autoptr (GString) usage = NULL;

  for (gsize i = 0; argc >= 2 && i < G_N_ELEMENTS (hub_commands); i++)
    if (strcmp (argv[1], hub_commands[i].name) == 0)
      return hub_commands[i].run (argc - 1, argv + 1);

  usage = g_string_new (argc >= 2 && strcmp (argv[1], "--help") != 0
                        ? _("unknown hub command; the hub commands are:")
                        : _("the hub commands are:"));
  for (gsize i = 0; i < G_N_ELEMENTS (hub_commands); i++)
    g_string_append_printf (usage, "\n  hub %-18s %s", hub_commands[i].name, _(hub_commands[i].summary));
  g_string_append_printf (usage, "\n%s", _("Run “tremplin-office hub COMMAND --help” for a command's options."));
  return tr_hub_cmd_usage ("%s", usage->str);
}

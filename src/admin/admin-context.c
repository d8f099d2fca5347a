/* SPDX-License-Identifier: GPL-3.0-or-later */
/* admin-context.c — what every tremplin-admin command shares: the configuration, database, rules and keys, opened on demand. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

#include "admin-context.h"
#include "tr-error.h"

TrAdmin *
tr_admin_new (const char  *config_path,
              const char  *db_path,
              GError     **error)
{
  g_autoptr(TrAdmin) admin = g_new0 (TrAdmin, 1);

  admin->config = tr_config_load (config_path, error);
  if (admin->config == NULL)
    return NULL;
  if (db_path != NULL)
    {
      g_free (admin->config->database);
      admin->config->database = g_strdup (db_path);
    }
  return g_steal_pointer (&admin);
}

void
tr_admin_free (TrAdmin *admin)
{
  if (admin == NULL)
    return;
  g_clear_object (&admin->store);
  g_clear_object (&admin->rules);
  g_clear_pointer (&admin->config, tr_config_free);
  g_free (admin);
}

TrStore *
tr_admin_open_store (TrAdmin   *admin,
                     gboolean   create,
                     GError   **error)
{
  return tr_admin_open_store_with_key (admin, create, NULL, error);
}

TrStore *
tr_admin_open_store_with_key (TrAdmin       *admin,
                              gboolean       create,
                              const guint8  *office_key,
                              GError       **error)
{
  if (admin->store == NULL)
    {
      if (create)
        {
          g_autofree char *dir = g_path_get_dirname (admin->config->database);
          if (g_mkdir_with_parents (dir, 0700) != 0)
            {
              g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                           _("Cannot create the folder %s: %s"), dir, g_strerror (errno));
              return NULL;
            }
        }
      /* kiosk.conf's OfficeKey= wins; the key given is for a database that
       * has none yet, whose clear rows it may have to seal as it opens. */
      TrStoreOptions options = {
        .create = create,
        .office_key = admin->config->has_office_key ? admin->config->office_key : office_key,
      };
      admin->store = tr_store_open_full (admin->config->database, &options, error);
      /* A kiosk with a hub registers on the seats the hub leased to it,
       * from its screen (TrKiosk) or from here alike; the kiosk's sync
       * sends what this registers at its next round. */
      if (admin->store != NULL && admin->config->hub != NULL)
        tr_store_set_seat_leases (admin->store, TRUE);
    }
  return admin->store;
}

TrRules *
tr_admin_get_rules (TrAdmin  *admin,
                    GError  **error)
{
  if (admin->rules == NULL)
    admin->rules = admin->config->rules != NULL
                   ? tr_rules_new_from_file (admin->config->rules, error)
                   : tr_rules_new_default (error);
  return admin->rules;
}

TrKeyPair *
tr_admin_load_keys (TrAdmin  *admin,
                    GError  **error)
{
  g_autofree char *path = tr_config_dup_key_file (admin->config);

  return tr_key_pair_load (path, error);
}

const char *
tr_admin_language (void)
{
  /* The first name gettext would use, without encoding: "fr_FR.UTF-8" → "fr_FR". */
  static char language[32];
  const char *name = g_get_language_names ()[0];
  gsize n = strcspn (name, ".@");

  if (g_strcmp0 (name, "C") == 0 || n >= sizeof language)
    return NULL;
  memcpy (language, name, n);
  language[n] = '\0';
  return language;
}

gboolean
tr_admin_parse (int                 *argc,
                char              ***argv,
                const char          *parameters,
                const char          *summary,
                const GOptionEntry  *entries,
                int                  min_args,
                int                  max_args,
                int                 *exit_status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tr_command_line_parse (context, parameters, argc, argv, min_args, max_args, &error))
    {
      *exit_status = tr_admin_usage ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

int
tr_admin_fail (const GError *error)
{
  g_printerr ("tremplin-admin: %s\n", error->message);
  return TR_EXIT_FAILED;
}

int
tr_admin_usage (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("tremplin-admin: %s (see --help)\n", message);
  return TR_EXIT_USAGE;
}

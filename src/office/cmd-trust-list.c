/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trust-list: the web verifier's list of trusted kiosks, signed with the office key, and the page's pinned key. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cmd-trust-list.h"
#include "office-context.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-trust-list.h"

static guint
count_revoked (GPtrArray *kiosks)
{
  guint n = 0;

  for (guint i = 0; i < kiosks->len; i++)
    if (((TrTrustedKiosk *) g_ptr_array_index (kiosks, i))->revoked_on != NULL)
      n++;
  return n;
}

/* Reads back what was written, as the page will: a list that does not check
 * out is never left published. */
static gboolean
check_written (const char *text, const TrOfficeKey *key, GError **error)
{
  g_autoptr(TrTrustList) list = tr_trust_list_parse (text, strlen (text),
                                                     tr_office_key_get_public (key), error);

  return list != NULL;
}

/* Signs the trust list of @kiosks with the office key, checks it reads back,
 * and writes it to @output (and the verifier's config.json to @config_path,
 * when given); publishes it to every kiosk through @hub, when given.
 * Returns the exit status. */
int
tr_office_write_trust_list (GPtrArray *kiosks, const char *key_path, const char *passphrase_file,
                            const char *output, const char *config_path, TrHub *hub)
{
  g_autofree char *default_key_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *config = NULL;
  g_autoptr(TrOfficeKey) key = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  if (key_path == NULL)
    key_path = default_key_path = tr_office_default_key_path ();
  if ((key = tr_office_unlock (key_path, passphrase_file, &error)) == NULL)
    return tr_office_fail (error);

  now = tr_clock_now ();
  text = tr_trust_list_build (kiosks, now, key);
  if (!check_written (text, key, &error) || !tr_trust_list_save (output, text, &error))
    return tr_office_fail (error);
  if (config_path != NULL)
    {
      config = tr_trust_list_verifier_config (tr_office_key_get_public (key));
      if (!tr_trust_list_save (config_path, config, &error))
        return tr_office_fail (error);
    }

  g_print (ngettext ("Trust list of %u kiosk (%u revoked) written to %s.\n",
                     "Trust list of %u kiosks (%u revoked) written to %s.\n", kiosks->len),
           kiosks->len, count_revoked (kiosks), output);
  if (config_path != NULL)
    g_print (_("The verifier's configuration, pinning this office key, written to %s.\n"), config_path);
  if (hub != NULL)
    {
      /* The same bytes as the file, final newline included. */
      g_autofree char *line = g_strconcat (text, "\n", NULL);
      g_autoptr(GBytes) payload = g_bytes_new (line, strlen (line));
      gint64 version;

      if (!tr_hub_publish (hub, key, "trust-list", payload, &version, &error))
        return tr_office_fail (error);
      g_print (_("The trust list is published to every kiosk as version %lld.\n"), (long long) version);
    }
  return TR_EXIT_OK;
}

int
tr_office_cmd_trust_list (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autoptr(GPtrArray) kiosks = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const GOptionEntry entries[] = {
    TR_TRUST_LIST_OPTIONS (key_path, key_help, passphrase_file, config_path),
    { NULL }
  };

  if (!tr_office_parse (&argc, &argv, _("REGISTRY OUTPUT"),
                        _("Sign the web verifier's trust list: the kiosks of the registry (a CSV "
                          "file: id;public_key;valid_from;valid_until;revoked_on) with their "
                          "keys, service dates and revocations."),
                        _("Publish OUTPUT as trust-list.json beside the verifier's page, and "
                          "again whenever a kiosk is added, retired or its key revoked: the "
                          "advisors' phones take it when they are online, and warn when theirs "
                          "is more than 7 days old."),
                        entries, 2, 2, &status))
    return status;
  /* A bad registry is said before the passphrase is asked. */
  if ((kiosks = tr_kiosk_registry_load (argv[1], &error)) == NULL)
    return tr_office_fail (error);
  return tr_office_write_trust_list (kiosks, key_path, passphrase_file, argv[2], config_path, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* make-trust-list.c — the browser tests' stand-in for the office program: an office key, trust lists and the page's config. */
#include "config.h"

#include <string.h>

#include "tr-office-key.h"
#include "tr-trust-list.h"

/* Test keys only: the tests make and throw away their own office key. */
#define PASSPHRASE "browser tests passphrase"

static int
fail (GError *error)
{
  g_printerr ("make-trust-list: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* key FILE: a new office key; prints its printable public half. */
static int
make_key (const char *path)
{
  GError *error = NULL;
  guint8 public_key[TR_OFFICE_KEY_BYTES];
  g_autofree char *text = NULL;

  if (!tr_office_key_create (path, PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE, public_key, &error))
    return fail (error);
  text = tr_office_key_to_text (public_key);
  g_print ("%s\n", text);
  return 0;
}

/* list KEY REGISTRY OUTPUT ISSUED-AT: the trust list, as the office's command makes it. */
static int
make_list (const char *key_path, const char *registry, const char *output, const char *issued_at)
{
  GError *error = NULL;
  g_autoptr(TrOfficeKey) key = NULL;
  g_autoptr(GPtrArray) kiosks = NULL;
  g_autoptr(GDateTime) issued = g_date_time_new_from_iso8601 (issued_at, NULL);
  g_autofree char *text = NULL;

  if (issued == NULL)
    {
      g_printerr ("make-trust-list: %s is not an ISO 8601 time with an offset\n", issued_at);
      return 2;
    }
  if ((key = tr_office_key_unlock (key_path, PASSPHRASE, &error)) == NULL ||
      (kiosks = tr_kiosk_registry_load (registry, &error)) == NULL)
    return fail (error);
  text = tr_trust_list_build (kiosks, issued, key);
  if (!tr_trust_list_save (output, text, &error))
    return fail (error);
  return 0;
}

/* config KEY OUTPUT: the page's config.json, pinning the office key. */
static int
make_config (const char *key_path, const char *output)
{
  GError *error = NULL;
  guint8 public_key[TR_OFFICE_KEY_BYTES];
  g_autofree char *config = NULL;

  if (!tr_office_key_read_public (key_path, public_key, &error))
    return fail (error);
  config = tr_trust_list_verifier_config (public_key);
  if (!tr_trust_list_save (output, config, &error))
    return fail (error);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "key") == 0)
    return make_key (argv[2]);
  if (argc == 6 && strcmp (argv[1], "list") == 0)
    return make_list (argv[2], argv[3], argv[4], argv[5]);
  if (argc == 4 && strcmp (argv[1], "config") == 0)
    return make_config (argv[2], argv[3]);
  g_printerr ("usage: make-trust-list key FILE | list KEY REGISTRY OUTPUT ISSUED-AT | config KEY OUTPUT\n");
  return 2;
}

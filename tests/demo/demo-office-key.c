/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo-office-key — a demo programme-office key, for trying Tremplin and for its tests.
 *
 *   demo-office-key FOLDER
 *   demo-office-key FOLDER open DATABASE CODE
 *
 * Makes FOLDER/office.key (once: an existing one is kept) with the demo
 * passphrase below, and prints its public key, "office:…", on standard
 * output, for kiosk.conf's OfficeKey= or `tremplin-admin office-key`. What
 * it is, where its private half lies and its passphrase go to standard
 * error. `./dev run`, `./dev demo` and the GUI tests use it so that a kiosk
 * needs nothing set up; a real kiosk gets the office's own key, whose
 * private half never leaves the office. With "open", the demo key opens
 * the sealed details of the registration CODE in DATABASE and prints them
 * ({"person": {…}, "answers": {…}}): for tests that check what was stored.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "tr-error.h"
#include "tr-office-key.h"
#include "tr-seal.h"
#include "tr-store.h"

#define DEMO_PASSPHRASE "demo office key, never for real people"

static int
open_details (const char *key_path, const char *database, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOfficeKey) key = NULL;
  g_autoptr(TrStore) store = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(GBytes) details = NULL;

  if ((key = tr_office_key_unlock (key_path, DEMO_PASSPHRASE, &error)) == NULL ||
      (store = tr_store_open (database, FALSE, &error)) == NULL ||
      (registration = tr_store_find_by_code (store, code, &error)) == NULL ||
      (details = tr_registration_open_details (registration, key, &error)) == NULL)
    {
      g_printerr ("demo-office-key: %s\n", error->message);
      return 1;
    }
  /* As bytes: g_print would recode the UTF-8 to the C locale's ASCII. */
  fwrite (g_bytes_get_data (details, NULL), 1, g_bytes_get_size (details), stdout);
  fputc ('\n', stdout);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  guint8 public_key[TR_OFFICE_KEY_BYTES];

  if (argc == 5 && g_strcmp0 (argv[2], "open") == 0)
    {
      g_autofree char *key_path = g_build_filename (argv[1], "office.key", NULL);
      return open_details (key_path, argv[3], argv[4]);
    }
  if (argc != 2)
    {
      g_printerr ("usage: demo-office-key FOLDER [open DATABASE CODE]\n");
      return 2;
    }
  if (g_mkdir_with_parents (argv[1], 0700) != 0)
    {
      g_printerr ("demo-office-key: cannot create %s: %s\n", argv[1], g_strerror (errno));
      return 1;
    }
  path = g_build_filename (argv[1], "office.key", NULL);
  /* Two tests starting at once: the second finds the first's file. */
  if (!tr_office_key_create (path, DEMO_PASSPHRASE, TR_OFFICE_KEY_COST_INTERACTIVE, public_key, &error))
    {
      if (!g_error_matches (error, TR_ERROR, TR_ERROR_EXISTS))
        {
          g_printerr ("demo-office-key: %s\n", error->message);
          return 1;
        }
      /* The other may still be writing it: the file exists before its text. */
      for (guint tries = 0; ; tries++)
        {
          g_clear_error (&error);
          if (tr_office_key_read_public (path, public_key, &error) || tries >= 40)
            break;
          g_usleep (50000);
        }
      if (error != NULL)
        {
          g_printerr ("demo-office-key: %s\n", error->message);
          return 1;
        }
    }
  text = tr_office_key_to_text (public_key);
  g_print ("%s\n", text);
  g_printerr ("demo-office-key: this is a DEMO office key, for trying Tremplin only, never for real "
              "people's details.\n"
              "  public key:   %s\n"
              "  private half: %s (kept apart from the kiosk's data)\n"
              "  passphrase:   %s\n",
              text, path, DEMO_PASSPHRASE);
  return 0;
}

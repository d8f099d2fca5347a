/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo-office-key — a demo programme-office key, for trying Tremplin and for its tests.
 *
 *   demo-office-key FOLDER
 *
 * Makes FOLDER/office.key (once: an existing one is kept) with the demo
 * passphrase below, and prints its public key, "office:…", on standard
 * output, for kiosk.conf's OfficeKey= or `tremplin-admin office-key`. What
 * it is, where its private half lies and its passphrase go to standard
 * error. `./dev run`, `./dev demo` and the GUI tests use it so that a kiosk
 * needs nothing set up; a real kiosk gets the office's own key, whose
 * private half never leaves the office.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdlib.h>

#include "tr-error.h"
#include "tr-office-key.h"

#define DEMO_PASSPHRASE "demo office key, never for real people"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  guint8 public_key[TR_OFFICE_KEY_BYTES];

  if (argc != 2)
    {
      g_printerr ("usage: demo-office-key FOLDER\n");
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

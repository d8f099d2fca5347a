/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-locale.c — where the programs find their translations. */
#include "config.h"

#include <glib.h>

#include "tr-locale.h"

/* The folder of the program's translations: TREMPLIN_LOCALEDIR when set;
 * else the installed one; else, for a build run before `meson install`, the
 * build tree's, so that a kiosk started from its build greets in French as
 * an installed one does, not in the English of the sources. */
const char *
tr_locale_translations_dir (void)
{
  const char *dirs[] = { g_getenv ("TREMPLIN_LOCALEDIR"), LOCALEDIR, BUILD_LOCALEDIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *french = NULL;

      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      french = g_build_filename (dirs[i], "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      if (i == 0 || g_file_test (french, G_FILE_TEST_IS_REGULAR))
        return dirs[i];
    }
  return LOCALEDIR;
}

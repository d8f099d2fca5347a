/* tremplin-kiosk — the touch-screen application a walk-in uses. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tr-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(TrApplication) application = NULL;

  /* On a public screen GTK_DEBUG=interactive would open the inspector; only
   * a developer's --windowed run keeps it. */
  if (!g_strv_contains ((const char * const *) argv, "--windowed"))
    g_unsetenv ("GTK_DEBUG");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = tr_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}

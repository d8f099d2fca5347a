/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tremplin-kiosk — the touch-screen application a walk-in uses. */
#include "config.h"

#include <sys/prctl.h>

#include "tr-application.h"
#include "tr-language.h"

int
main (int argc, char **argv)
{
  g_autoptr(TrApplication) application = NULL;

  /* On a public screen GTK_DEBUG=interactive would open the inspector; only
   * a developer's --windowed run keeps it. */
  if (!g_strv_contains ((const char * const *) argv, "--windowed"))
    g_unsetenv ("GTK_DEBUG");

  /* What a person types is in this process's memory before it is sealed:
   * no core dump of it, and no other process of the kiosk's user may read
   * it (ptrace, /proc/PID/mem). */
  prctl (PR_SET_DUMPABLE, 0);

  tr_language_init ();

  application = tr_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report-tool.c — runs "tremplin-office report" (src/office/cmd-report.c) on its own, for the report's tests. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "cmd-report.h"
#include "tr-locale.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, tr_locale_translations_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return tr_office_cmd_report (argc, argv);
}

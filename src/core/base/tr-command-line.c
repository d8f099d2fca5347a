/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-command-line.c — a command's options parsed and its arguments counted, with one wording for every program. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tr-command-line.h"
#include "tr-error.h"
#include "tr-text.h"

gboolean
tr_command_line_parse (GOptionContext   *context,
                       const char       *parameters,
                       int              *argc,
                       char           ***argv,
                       int               min_args,
                       int               max_args,
                       GError          **error)
{
  g_autoptr(GError) option_error = NULL;
  int n_args;

  if (!g_option_context_parse (context, argc, argv, &option_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, "%s: %s", (*argv)[0], option_error->message);
      return FALSE;
    }
  n_args = *argc - 1;
  if (n_args < min_args)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("%s: missing argument %s"), (*argv)[0], parameters);
      return FALSE;
    }
  if (max_args >= 0 && n_args > max_args)
    {
      g_autofree char *shown = tr_text_excerpt ((*argv)[max_args + 1]);

      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("%s: unexpected argument “%s”"), (*argv)[0], shown);
      return FALSE;
    }
  return TRUE;
}

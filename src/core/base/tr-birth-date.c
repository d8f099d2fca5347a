/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-birth-date.c — whether a date can be someone's date of birth: the one home of that rule. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tr-birth-date.h"
#include "tr-clock.h"
#include "tr-error.h"

gboolean
tr_birth_date_check (const GDate *birth, const GDate *today, GError **error)
{
  g_return_val_if_fail (birth != NULL && g_date_valid (birth), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (g_date_compare (birth, today) > 0)
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("This date is in the future. Check the year."));
      return FALSE;
    }
  /* An age past any walk-in's is a mistyped year (1927 for 1972), not a
   * person: say so rather than let the rules decide on it. */
  if (tr_clock_age_on (birth, today) > TR_BIRTH_DATE_AGE_MAX)
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("This date of birth would make you over 99 years old. Please "
                             "check the year."));
      return FALSE;
    }
  return TRUE;
}

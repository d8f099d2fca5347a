/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sync-alert.c — how long the hub has been out of reach, and when staff are told. */
#include "config.h"

#include "tr-sync-alert.h"

guint
tr_sync_hours_out_of_reach (const TrSyncState *state, GDateTime *since, GDateTime *now)
{
  g_autoptr(GDateTime) success = NULL;
  GDateTime *from = since;

  if (state->last_attempt != NULL && state->last_error == NULL)
    return 0;
  if (state->last_success != NULL)
    success = g_date_time_new_from_iso8601 (state->last_success, NULL);
  /* Hours while the kiosk was off are no outage: the count starts again
   * with the sync. */
  if (success != NULL && g_date_time_compare (success, since) > 0)
    from = success;
  return (guint) MAX (g_date_time_difference (now, from) / G_TIME_SPAN_HOUR, 0);
}

gboolean
tr_sync_alert_due (const TrSyncState *state,
                   GDateTime         *since,
                   GDateTime         *now,
                   guint              alert_hours,
                   gboolean          *told)
{
  guint hours = tr_sync_hours_out_of_reach (state, since, now);

  if (hours == 0 || hours < alert_hours)
    {
      if (hours == 0)
        *told = FALSE;
      return FALSE;
    }
  if (*told)
    return FALSE;
  *told = TRUE;
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub status: the kiosks (last seen, revoked, registrations, not yet sent), the publications, the seats per offer and the registrations that found none. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cmd-hub.h"

int
tr_office_cmd_hub_status (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrHub) hub = NULL;
  g_autoptr (GPtrArray) kiosks = NULL;
  g_autoptr (GPtrArray) publications = NULL;
  g_autoptr (GPtrArray) offers = NULL;
  g_autoptr (GPtrArray) over = NULL;
  gboolean all = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "all-offers", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("List every offer, not only those with seats taken or held"), NULL },
    { NULL }
  };

  if (!tr_hub_cmd_parse (&argc, &argv, "",
                         _("Show the kiosks, what the office published and the seats of each offer."),
                         entries, 0, 0, &status))
    return status;
  if (!(hub = tr_hub_cmd_connect (&error))
      || !(kiosks = tr_hub_query_rows (hub,
             "SELECT k.id, coalesce(to_char(k.last_seen, 'YYYY-MM-DD HH24:MI'), '-'),"
             " CASE WHEN k.revoked_at IS NULL THEN '' ELSE 'revoked' END,"
             " (SELECT count(*) FROM hub.registrations r WHERE r.kiosk_id = k.id),"
             " (SELECT count(*) FROM hub.registrations r WHERE r.kiosk_id = k.id AND r.cancelled_at IS NOT NULL),"
             " coalesce(k.unsent::text, '-')"
             " FROM hub.kiosks k ORDER BY k.id", &error))
      || !(publications = tr_hub_query_rows (hub,
             "SELECT kind, max(version), to_char(max(published_at), 'YYYY-MM-DD HH24:MI')"
             " FROM hub.publications GROUP BY kind ORDER BY kind", &error))
      || !(offers = tr_hub_query_rows (hub, all
             ? "SELECT id, seats, registered, escrowed, greatest(seats - registered - escrowed, 0),"
               " (SELECT count(*) FROM hub.registrations r WHERE r.offer_id = o.id AND r.status = 'waiting')"
               " FROM hub.offers o ORDER BY id"
             : "SELECT id, seats, registered, escrowed, greatest(seats - registered - escrowed, 0),"
               " (SELECT count(*) FROM hub.registrations r WHERE r.offer_id = o.id AND r.status = 'waiting')"
               " FROM hub.offers o WHERE registered > 0 OR escrowed > 0"
               " OR EXISTS (SELECT 1 FROM hub.registrations r WHERE r.offer_id = o.id) ORDER BY id", &error))
      /* Made on a lease the hub had taken back once it was an hour past
       * its end (003-seat-pool.sql), when the offer had no seat left. */
      || !(over = tr_hub_query_rows (hub,
             "SELECT code, offer_id, kiosk_id, to_char(created_at, 'YYYY-MM-DD HH24:MI')"
             " FROM hub.registrations WHERE over_seats AND cancelled_at IS NULL"
             " ORDER BY created_at, code", &error)))
    return tr_hub_cmd_fail (error);

  g_print ("%s\n", _("Kiosks (id, last seen, registrations, cancelled, not yet sent at the last contact):"));
  for (guint i = 0; i < kiosks->len; i++)
    {
      char **row = g_ptr_array_index (kiosks, i);
      g_print ("  %-20s %-16s %6s %6s %6s %s\n", row[0], row[1], row[3], row[4], row[5], row[2]);
    }
  g_print ("%s\n", _("Publications (kind, latest version, when):"));
  for (guint i = 0; i < publications->len; i++)
    {
      char **row = g_ptr_array_index (publications, i);
      g_print ("  %-20s %6s %s\n", row[0], row[1], row[2]);
    }
  g_print ("%s\n", _("Seats (offer, seats, registered, held by kiosks, free, waiting):"));
  for (guint i = 0; i < offers->len; i++)
    {
      char **row = g_ptr_array_index (offers, i);
      g_print ("  %-20s %6s %6s %6s %6s %6s\n", row[0], row[1], row[2], row[3], row[4], row[5]);
    }
  if (over->len > 0)
    g_print ("%s\n", _("Registered with no seat left (code, offer, kiosk, when): add seats to the offer, "
                       "or offer these people another training:"));
  for (guint i = 0; i < over->len; i++)
    {
      char **row = g_ptr_array_index (over, i);
      g_print ("  %-10s %-20s %-20s %s\n", row[0], row[1], row[2], row[3]);
    }
  return TR_EXIT_OK;
}

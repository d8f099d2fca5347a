/* SPDX-License-Identifier: GPL-3.0-or-later */
/* notify-each — sends one staff notification of each kind, with the texts
 * test_notifications.py expects, to whatever notification server the session
 * bus has. Exits 1 if no server took them. */
#include "tr-notifier.h"

int
main (int argc, char **argv)
{
  g_autoptr(TrNotifier) notifier = tr_notifier_new (TRUE);

  tr_notifier_registration_completed (notifier, "Soudeur TIG", 4);
  tr_notifier_registration_completed (notifier, "Soudeur TIG", 1);
  tr_notifier_offer_full (notifier, "Aide-soignant");
  tr_notifier_export_written (notifier, 17, "/srv/exports/tremplin-2026-11-29.csv");
  tr_notifier_storage_failing (notifier, "disk I/O error");
  return tr_notifier_is_available (notifier) ? 0 : 1;
}

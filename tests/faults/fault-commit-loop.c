/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fault-commit-loop DATABASE KEY OFFER [COUNT]: registers walk-ins one
 * after the other through the kiosk's own commit (tr_session_commit, as the
 * review page does) and prints each receipt code only once the commit has
 * returned, as the kiosk shows the receipt only then. Runs COUNT times, or
 * until killed: test_crash.py kills it at random moments. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "tr-clock.h"
#include "tr-session.h"

static const char *answers[][2] = {
  { "birth_date", "1990-04-02" }, { "postcode", "75019" }, { "qpv", "no" },
  { "job_status", "registered" }, { "unemployed_months", "2" }, { "diploma", "bac" },
  { "gender", "undisclosed" }, { "in_training", "no" },
};

static gboolean
commit_one (TrStore *store, TrRules *rules, const TrKeyPair *keys, TrOffer *offer, GError **error)
{
  g_autoptr(TrSession) session = tr_session_new ("fr");
  g_autoptr(GDateTime) now = tr_clock_now ();
  const TrRegistration *registration;

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    tr_session_set_answer (session, answers[i][0], answers[i][1]);
  tr_session_set_offer (session, offer);
  tr_session_set_detail (session, TR_FIELD_FIRST_NAME, "Inès");
  tr_session_set_detail (session, TR_FIELD_LAST_NAME, "Haddad");
  tr_session_set_detail (session, TR_FIELD_PHONE, "07 98 76 54 32");
  registration = tr_session_commit (session, store, rules, keys, now, TRUE, error);
  if (registration == NULL)
    return FALSE;
  printf ("%s\n", registration->code);
  fflush (stdout);
  tr_session_wipe (session);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrStore) store = NULL;
  g_autoptr(TrRules) rules = NULL;
  g_autoptr(TrOffer) offer = NULL;
  TrKeyPair *keys;
  long count;

  if (argc < 4)
    {
      fprintf (stderr, "usage: %s DATABASE KEY OFFER [COUNT]\n", argv[0]);
      return 2;
    }
  count = argc > 4 ? strtol (argv[4], NULL, 10) : -1;
  if ((store = tr_store_open (argv[1], FALSE, &error)) == NULL ||
      (keys = tr_key_pair_load (argv[2], &error)) == NULL ||
      (rules = tr_rules_new_default (&error)) == NULL ||
      (offer = tr_store_lookup_offer (store, argv[3], &error)) == NULL)
    {
      fprintf (stderr, "fault-commit-loop: %s\n", error->message);
      return 1;
    }
  for (long i = 0; count < 0 || i < count; i++)
    if (!commit_one (store, rules, keys, offer, &error))
      {
        fprintf (stderr, "fault-commit-loop: %s\n", error->message);
        tr_key_pair_free (keys);
        return 1;
      }
  tr_key_pair_free (keys);
  return 0;
}

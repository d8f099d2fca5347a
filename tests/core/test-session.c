/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One walk-in's session: what it keeps, what it forgets, and a commit that
 * can be retried without registering twice. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "office-fixture.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-catalogue.h"
#include "tr-session.h"

typedef struct {
  char      *dir;
  TrStore   *store;
  TrRules   *rules;
  TrKeyPair *keys;
  TrSession *session;
  GDateTime *now;
} Fixture;

static const char *answers[][2] = {
  { "birth_date", "1990-04-02" }, { "postcode", "75019" }, { "qpv", "no" },
  { "job_status", "registered" }, { "unemployed_months", "2" }, { "diploma", "bac" },
  { "gender", "undisclosed" }, { "in_training", "no" },
};

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  TrImportStats stats;

  f->dir = g_dir_make_tmp ("tremplin-session-XXXXXX", NULL);
  db = g_build_filename (f->dir, "t.db", NULL);
  key = g_build_filename (f->dir, "t.key", NULL);
  f->now = g_date_time_new_from_iso8601 ("2026-11-28T10:00:00Z", NULL);
  f->store = tr_store_open (db, TRUE, &error);
  g_assert_no_error (error);
  store_use_test_office (f->store);
  f->keys = tr_key_pair_create (key, &error);
  g_assert_no_error (error);
  g_assert_true (tr_store_set_identity (f->store, "k1", f->keys->public_key, &error));
  offers = tr_catalogue_parse_demo (&error);
  g_assert_no_error (error);
  g_assert_true (tr_store_import_offers (f->store, offers, f->now, &stats, &error));
  f->rules = tr_rules_new_default (&error);
  g_assert_no_error (error);

  f->session = tr_session_new ("fr");
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    tr_session_set_answer (f->session, answers[i][0], answers[i][1]);
  tr_session_set_offer (f->session, tr_store_lookup_offer (f->store, "PC17-0002", &error));
  g_object_unref (tr_session_get_offer (f->session));  /* the session holds its own reference */
  tr_session_set_detail (f->session, TR_FIELD_FIRST_NAME, "Inès");
  tr_session_set_detail (f->session, TR_FIELD_LAST_NAME, "Haddad");
  tr_session_set_detail (f->session, TR_FIELD_PHONE, "07 98 76 54 32");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_clear_object (&f->rules);
  g_clear_pointer (&f->keys, tr_key_pair_free);
  g_clear_pointer (&f->now, g_date_time_unref);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
test_person_takes_answers_already_given (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrPerson) person = NULL;
  GDate today;

  tr_clock_local_gdate (f->now, &today);
  person = tr_session_build_person (f->session, &today, NULL, &error);
  g_assert_no_error (error);
  /* Not typed again: taken from the eligibility answers. */
  g_assert_cmpstr (person->values[TR_FIELD_BIRTH_DATE], ==, "1990-04-02");
  g_assert_cmpstr (person->values[TR_FIELD_POSTCODE], ==, "75019");
  g_assert_cmpstr (person->values[TR_FIELD_PHONE], ==, "+33798765432");
  g_assert_null (person->values[TR_FIELD_EMAIL]);
}

static void
test_bad_detail_names_its_field (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrPerson) person = NULL;
  TrField bad = TR_N_FIELDS;
  GDate today;

  tr_clock_local_gdate (f->now, &today);
  tr_session_set_detail (f->session, TR_FIELD_EMAIL, "ines@");
  person = tr_session_build_person (f->session, &today, &bad, &error);
  g_assert_null (person);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_cmpint (bad, ==, TR_FIELD_EMAIL);
}

static void
test_commit_twice_registers_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  const TrRegistration *registration;
  int seats_before = tr_store_get_seats_left (f->store, "PC17-0002", NULL);

  registration = tr_session_commit (f->session, f->store, f->rules, f->keys, f->now, FALSE, &error);
  g_assert_no_error (error);
  code = g_strdup (registration->code);
  g_assert_true (tr_session_get_registration (f->session) == registration);
  /* A retry after, say, a screen that froze: the same registration. */
  registration = tr_session_commit (f->session, f->store, f->rules, f->keys, f->now, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (registration->code, ==, code);
  g_assert_cmpint (tr_store_get_seats_left (f->store, "PC17-0002", NULL), ==, seats_before - 1);
}

static void
test_wipe_forgets_everything (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  tr_session_set_large_text (f->session, TRUE);
  tr_session_set_high_contrast (f->session, TRUE);
  g_assert_nonnull (tr_session_commit (f->session, f->store, f->rules, f->keys, f->now, FALSE, &error));
  tr_session_wipe (f->session);
  g_assert_cmpuint (g_hash_table_size (tr_session_get_answers (f->session)), ==, 0);
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    g_assert_null (tr_session_get_detail (f->session, field));
  g_assert_null (tr_session_get_offer (f->session));
  g_assert_null (tr_session_get_verdict (f->session));
  g_assert_null (tr_session_get_registration (f->session));
  g_assert_false (tr_session_get_large_text (f->session));
  g_assert_false (tr_session_get_high_contrast (f->session));
  /* Only the language and the id remain: they say nothing of the person. */
  g_assert_cmpstr (tr_session_get_language (f->session), ==, "fr");
}

static void
test_sessions_have_their_own_ids (void)
{
  g_autoptr(TrSession) a = tr_session_new ("fr");
  g_autoptr(TrSession) b = tr_session_new ("fr");

  g_assert_true (g_uuid_string_is_valid (tr_session_get_id (a)));
  g_assert_cmpstr (tr_session_get_id (a), !=, tr_session_get_id (b));
}

static void
count_notify (GObject *object, GParamSpec *pspec, GHashTable *counts)
{
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (counts, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

static guint
notified (GHashTable *counts, const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

/* The window and pages follow the session's properties: each says when it
 * changes, and only then. */
static void
test_properties_notify_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrOffer) other = tr_store_lookup_offer (f->store, "PC17-0003", &error);
  g_autofree char *language = NULL;
  g_autoptr(TrOffer) offer = NULL;
  gboolean large_text = TRUE;
  gpointer verdict = &large_text;
  TrVerdict *decided;
  GDate today;

  g_assert_no_error (error);
  g_object_get (f->session, "language", &language, "large-text", &large_text, "offer", &offer,
                "verdict", &verdict, NULL);
  g_assert_cmpstr (language, ==, "fr");
  g_assert_false (large_text);
  g_assert_true (offer == tr_session_get_offer (f->session));
  g_assert_null (verdict);
  g_signal_connect (f->session, "notify", G_CALLBACK (count_notify), counts);

  tr_session_set_large_text (f->session, FALSE);
  tr_session_set_high_contrast (f->session, FALSE);
  tr_session_set_offer (f->session, offer);
  tr_session_set_verdict (f->session, NULL);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);

  g_object_set (f->session, "large-text", TRUE, NULL);
  tr_session_set_large_text (f->session, TRUE);
  g_assert_true (tr_session_get_large_text (f->session));
  g_assert_cmpuint (notified (counts, "large-text"), ==, 1);
  tr_session_set_high_contrast (f->session, TRUE);
  g_object_set (f->session, "high-contrast", TRUE, NULL);
  g_assert_cmpuint (notified (counts, "high-contrast"), ==, 1);
  g_object_set (f->session, "offer", other, NULL);
  g_assert_true (tr_session_get_offer (f->session) == other);
  g_assert_cmpuint (notified (counts, "offer"), ==, 1);

  g_date_set_dmy (&today, 28, 11, 2026);
  decided = tr_rules_decide (f->rules, tr_session_get_answers (f->session), &today, &error);
  g_assert_no_error (error);
  tr_session_set_verdict (f->session, decided);
  tr_session_set_verdict (f->session, decided);
  g_object_get (f->session, "verdict", &verdict, NULL);
  g_assert_true (verdict == tr_session_get_verdict (f->session));
  g_assert_cmpuint (notified (counts, "verdict"), ==, 1);

  /* Wiping tells of each that it takes back, once. */
  tr_session_wipe (f->session);
  g_assert_cmpuint (notified (counts, "large-text"), ==, 2);
  g_assert_cmpuint (notified (counts, "high-contrast"), ==, 2);
  g_assert_cmpuint (notified (counts, "offer"), ==, 2);
  g_assert_cmpuint (notified (counts, "verdict"), ==, 2);
  g_assert_cmpuint (notified (counts, "language"), ==, 0);
  tr_session_wipe (f->session);
  g_assert_cmpuint (notified (counts, "large-text"), ==, 2);
  g_assert_cmpuint (notified (counts, "offer"), ==, 2);
  g_signal_handlers_disconnect_by_data (f->session, counts);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/session/person-from-answers", test_person_takes_answers_already_given);
  ADD ("/session/bad-detail", test_bad_detail_names_its_field);
  ADD ("/session/commit-twice", test_commit_twice_registers_once);
  ADD ("/session/wipe", test_wipe_forgets_everything);
  ADD ("/session/properties", test_properties_notify_changes);
  g_test_add_func ("/session/ids", test_sessions_have_their_own_ids);
  return g_test_run ();
}

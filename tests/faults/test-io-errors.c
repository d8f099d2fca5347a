/* SPDX-License-Identifier: GPL-3.0-or-later */
/* I/O errors: a registration and an export run once cleanly to count their
 * reads, writes and syncs, then again with the Nth of each failing (once,
 * or from then on), for every N. Each time the operation happened whole or
 * not at all, with a clear error, and the store takes the next one. */
#include <glib.h>
#include <glib/gstdio.h>

#include "../core/store-fixture.h"
#include "fault-vfs.h"
#include "tr-export.h"
#include "tr-export-rows.h"
#include "tr-sealed-file.h"

#define DAY "2026-11-28"

typedef struct {
  char    *dir;
  char    *template_db;
  char    *db;
  TrKeyPair *keys;
  TrRules *rules;
  guint    runs, failed_ops, problems;
} Bench;

static TrRegistration *
register_session (TrStore *store, const TrKeyPair *keys, const char *session_id, GError **error)
{
  g_autoptr(GDateTime) now = at (DAY "T10:00:00Z");
  TrRegistrationRequest request = {
    .session_id = session_id, .offer_id = "PC-1", .now = now, .verdict = "eligible",
    .answers_json = "{\"postcode\":\"75019\"}",
    .person_json = "{\"first_name\":\"Awa\",\"last_name\":\"Diallo\",\"phone\":\"+33612345678\"}",
    .accept_waiting_list = FALSE,
  };
  return tr_store_register (store, &request, keys, error);
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *bytes = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (to, bytes, length, NULL));
}

/* A database with a kiosk, one offer of 3 seats and @n_registered taken. */
static void
bench_set_up (Bench *b, guint n_registered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrStore) store = NULL;
  g_autofree char *key = NULL;

  b->dir = g_dir_make_tmp ("tremplin-ioerr-XXXXXX", &error);
  g_assert_no_error (error);
  b->template_db = g_build_filename (b->dir, "template.db", NULL);
  b->db = g_build_filename (b->dir, "tremplin.db", NULL);
  key = g_build_filename (b->dir, "kiosk.key", NULL);
  b->keys = tr_key_pair_create (key, &error);
  g_assert_no_error (error);
  b->rules = tr_rules_new_default (&error);
  g_assert_no_error (error);
  store = tr_store_open (b->template_db, TRUE, &error);
  g_assert_no_error (error);
  store_use_test_office (store);
  g_assert_true (tr_store_set_identity (store, "k1", b->keys->public_key, &error));
  {
    g_autoptr(GPtrArray) offers = offer_list (make_offer ("PC-1", n_registered + 1, TR_CATEGORY_DEVELOPER, NULL), NULL);

    import_or_fail (store, offers, NULL);
  }
  for (guint i = 0; i < n_registered; i++)
    {
      g_autofree char *session = g_strdup_printf ("before-%u", i);
      g_autoptr(TrRegistration) r = register_session (store, b->keys, session, &error);
      g_assert_no_error (error);
    }
  /* Closing checkpoints: the template is one self-contained file. */
}

static void
bench_tear_down (Bench *b)
{
  tr_key_pair_free (b->keys);
  g_object_unref (b->rules);
  remove_tree (b->dir);
  g_free (b->dir);
  g_free (b->template_db);
  g_free (b->db);
}

static void
remove_db (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
}

static TrStore *
open_fresh_copy (Bench *b, const char *vfs)
{
  g_autoptr(GError) error = NULL;
  TrStore *store;

  remove_db (b->db);
  copy_file (b->template_db, b->db);
  store = tr_store_open_with_vfs (b->db, FALSE, vfs, &error);
  g_assert_no_error (error);
  return store;
}

/* The store's own check, SQLite's integrity check among them. */
static guint
check_sound (const char *db, TrStore **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TrStore) store = tr_store_open (db, FALSE, &error);

  g_assert_no_error (error);
  g_assert_true (tr_store_check (store, problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *) problems->pdata[i]);
  if (out != NULL)
    *out = g_steal_pointer (&store);
  return problems->len;
}

static void
assert_clear_error (const GError *error)
{
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "the disk could not be read or written"));
}

static gint64
rows_of (TrStore *store, const char *session_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM registrations WHERE session_id = '%s'", session_id);

  return raw_int_at (tr_store_get_path (store), sql);
}

/* ---- registration ------------------------------------------------------ */

static void
run_registration (Bench *b, FaultKind kind, guint n, gboolean persist)
{
  g_autoptr(TrStore) store = open_fresh_copy (b, FAULT_VFS_NAME);
  g_autoptr(TrStore) after = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(TrRegistration) retried = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) retry_error = NULL;
  gboolean happened;
  int seats;

  fault_arm (kind, n, persist);
  registration = register_session (store, b->keys, "walk-in", &error);
  fault_disarm ();
  b->runs++;
  happened = registration != NULL;
  if (!happened)
    {
      b->failed_ops++;
      assert_clear_error (error);
    }
  /* What another connection sees now: the registration whole, or nothing. */
  g_assert_cmpint (rows_of (store, "walk-in"), ==, happened ? 1 : 0);
  seats = tr_store_get_seats_left (store, "PC-1", NULL);
  g_assert_cmpint (seats, ==, happened ? 0 : 1);

  /* The kiosk retries with the same session: one registration, never two. */
  retried = register_session (store, b->keys, "walk-in", &retry_error);
  g_assert_no_error (retry_error);
  if (happened)
    g_assert_cmpstr (retried->code, ==, registration->code);
  g_clear_object (&store);

  b->problems += check_sound (b->db, &after);
  g_assert_cmpint (rows_of (after, "walk-in"), ==, 1);
  g_assert_cmpint (tr_store_get_seats_left (after, "PC-1", NULL), ==, 0);
}

static guint
count_registration_calls (Bench *b, FaultKind kind)
{
  g_autoptr(TrStore) store = open_fresh_copy (b, FAULT_VFS_NAME);
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  fault_arm (kind, 0, FALSE);
  registration = register_session (store, b->keys, "walk-in", &error);
  fault_disarm ();
  g_assert_no_error (error);
  return fault.count[kind];
}

static void
test_registration (void)
{
  Bench b = { 0 };

  bench_set_up (&b, 2);
  for (FaultKind kind = 0; kind < N_FAULT_KINDS; kind++)
    {
      guint calls = count_registration_calls (&b, kind);

      g_assert_cmpuint (calls, >, 0);
      for (int persist = 0; persist <= 1; persist++)
        for (guint n = 1; n <= calls; n++)
          run_registration (&b, kind, n, persist);
      g_test_message ("registration, %s: %u calls in a clean run, each failed once and from then on",
                      fault_kind_names[kind], calls);
    }
  g_print ("# registration under I/O errors: %u runs, %u operations failed cleanly, %u problems found\n",
           b.runs, b.failed_ops, b.problems);
  g_assert_cmpuint (b.problems, ==, 0);
  bench_tear_down (&b);
}

/* ---- export ------------------------------------------------------------ */

typedef struct {
  char  *out;
  char  *sealed;
  char  *clean_csv;    /* what the office opens a clean run's file into */
} ExportFiles;

static gint64
export_events (const char *db)
{
  return raw_int_at (db, "SELECT count(*) FROM events WHERE kind = 'export'");
}

static guint
files_in (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
contents (const char *path)
{
  char *bytes = NULL;

  return g_file_get_contents (path, &bytes, NULL, NULL) ? bytes : NULL;
}

static void
fresh_out (Bench *b, ExportFiles *e)
{
  remove_tree (e->out);
  g_assert_cmpint (g_mkdir (e->out, 0700), ==, 0);
}

#define EARLIER "an earlier export of the day\n"

/* The office's CSV of the sealed file at @path (each export seals anew,
 * so the file's bytes differ from run to run; what it opens to may not). */
static char *
opened_csv (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrSealedFile) file = tr_sealed_file_read (path, &error);
  g_autoptr(TrExportRows) rows = NULL;
  g_autoptr(GBytes) csv = NULL;

  g_assert_no_error (error);
  rows = tr_export_rows_from_sealed (file, path, test_office ()->key, &error);
  g_assert_no_error (error);
  g_assert_true (tr_export_rows_open (rows, test_office ()->key, &error));
  csv = tr_export_rows_to_table (rows, TR_EXPORT_CSV);
  return g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
}

/* The day's file whole, or none: with @earlier, the file an earlier export
 * left may also still be there, whole. */
static void
assert_one_file (ExportFiles *e, gboolean earlier)
{
  g_autofree char *sealed = contents (e->sealed);

  g_assert_cmpuint (files_in (e->out), ==, sealed != NULL ? 1 : 0);
  if (sealed != NULL && !(earlier && g_str_equal (sealed, EARLIER)))
    {
      g_autofree char *csv = opened_csv (e->sealed);
      g_assert_cmpstr (csv, ==, e->clean_csv);
    }
}

static void
run_export (Bench *b, ExportFiles *e, FaultKind kind, guint n, gboolean persist, gboolean earlier)
{
  g_autoptr(TrStore) store = open_fresh_copy (b, FAULT_VFS_NAME);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 events_before = export_events (b->db);
  gboolean happened;

  fresh_out (b, e);
  if (earlier)
    g_assert_true (g_file_set_contents (e->sealed, EARLIER, -1, NULL));
  fault_arm (kind, n, persist);
  path = tr_export_day_sealed (store, b->rules, DAY, e->out, NULL, &error);
  fault_disarm ();
  g_clear_object (&store);
  b->runs++;
  happened = path != NULL;
  /* No hidden temporary file either: files_in counts them. */
  assert_one_file (e, earlier);
  if (happened)
    {
      g_autofree char *csv = opened_csv (e->sealed);

      g_assert_cmpstr (csv, ==, e->clean_csv);
      g_assert_cmpint (export_events (b->db), ==, events_before + 1);
    }
  else
    {
      b->failed_ops++;
      assert_clear_error (error);
      if (!earlier)
        g_assert_cmpuint (files_in (e->out), ==, 0);
      g_assert_cmpint (export_events (b->db), ==, events_before);
    }
  b->problems += check_sound (b->db, NULL);
}

static guint
count_export_calls (Bench *b, ExportFiles *e, FaultKind kind)
{
  g_autoptr(TrStore) store = open_fresh_copy (b, FAULT_VFS_NAME);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fresh_out (b, e);
  fault_arm (kind, 0, FALSE);
  path = tr_export_day_sealed (store, b->rules, DAY, e->out, NULL, &error);
  fault_disarm ();
  g_assert_no_error (error);
  g_free (e->clean_csv);
  e->clean_csv = opened_csv (path);
  return fault.count[kind];
}

static void
test_export (void)
{
  Bench b = { 0 };
  ExportFiles e = { 0 };

  bench_set_up (&b, 12);
  e.out = g_build_filename (b.dir, "usb", NULL);
  e.sealed = g_build_filename (e.out, "tremplin-k1-" DAY ".sealed", NULL);
  for (FaultKind kind = 0; kind < N_FAULT_KINDS; kind++)
    {
      guint calls = count_export_calls (&b, &e, kind);

      g_assert_cmpuint (calls, >, 0);
      for (int persist = 0; persist <= 1; persist++)
        for (int earlier = 0; earlier <= 1; earlier++)
          for (guint n = 1; n <= calls; n++)
            run_export (&b, &e, kind, n, persist, earlier);
      g_test_message ("export, %s: %u calls in a clean run, each failed once and from then on, "
                      "into an empty folder and over an earlier export",
                      fault_kind_names[kind], calls);
    }
  g_print ("# export under I/O errors: %u runs, %u operations failed cleanly, %u problems found\n",
           b.runs, b.failed_ops, b.problems);
  g_assert_cmpuint (b.problems, ==, 0);
  g_free (e.out);
  g_free (e.sealed);
  g_free (e.clean_csv);
  bench_tear_down (&b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fault_vfs_register ();
  g_test_add_func ("/faults/io-errors/registration", test_registration);
  g_test_add_func ("/faults/io-errors/export", test_export);
  return g_test_run ();
}

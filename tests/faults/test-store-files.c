/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The database's files and the export's leftovers: who may read them, what
 * an empty file is, and a kiosk id altered in the file that must not lead
 * out of its folder. */
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/store-fixture.h"
#include "tr-export.h"

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
register_one (StoreFixture *f, const char *session_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRegistration) registration = NULL;

  registration = register_person (f, session_id, "PC-1", "2026-11-28T10:00:00Z", NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
}

/* Whatever the umask, the database and its -wal and -shm (SQLite gives
 * them the database's mode) are the owner's only; so is the key. */
static void
test_new_database_is_private (void)
{
  const guint umasks[] = { 022, 002, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (umasks); i++)
    {
      StoreFixture f = { 0 };
      mode_t old = umask (umasks[i]);
      g_autofree char *wal = NULL;
      g_autofree char *shm = NULL;
      g_autofree char *key = NULL;

      store_fixture_set_up (&f, "k1");
      {
        g_autoptr(GPtrArray) offers = offer_list (make_offer ("PC-1", 5, TR_CATEGORY_DEVELOPER, NULL), NULL);

        import_or_fail (f.store, offers, NULL);
      }
      register_one (&f, "s1");
      wal = g_strconcat (f.db_path, "-wal", NULL);
      shm = g_strconcat (f.db_path, "-shm", NULL);
      key = g_build_filename (f.dir, "kiosk.key", NULL);
      g_test_message ("umask %03o: database %04o, -wal %04o, -shm %04o, key %04o", umasks[i],
                      mode_of (f.db_path), mode_of (wal), mode_of (shm), mode_of (key));
      g_assert_cmpuint (mode_of (f.db_path), ==, 0600);
      g_assert_cmpuint (mode_of (wal), ==, 0600);
      g_assert_cmpuint (mode_of (shm), ==, 0600);
      g_assert_cmpuint (mode_of (key), ==, 0600);
      store_fixture_tear_down (&f);
      umask (old);
    }
  g_print ("# file modes: %u umasks, 4 files each, 0 problems found\n", (guint) G_N_ELEMENTS (umasks));
}

/* Creating leaves no temporary file beside the database. */
static void
test_creation_leaves_one_file (void)
{
  StoreFixture f = { 0 };
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  store_fixture_set_up (&f, "k1");
  g_clear_object (&f.store);
  dir = g_dir_open (f.dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_test_message ("left: %s", name);
      g_assert_false (g_str_has_suffix (name, ".tmp"));
      n++;
    }
  g_assert_cmpuint (n, ==, 2);  /* tremplin.db and kiosk.key */
  store_fixture_tear_down (&f);
}

/* An empty file where the database should be is a database lost: refused,
 * whether or not the caller may create one, and left as it is. */
static void
test_empty_file_is_damage (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-empty-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tremplin.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  const gboolean creates[] = { FALSE, TRUE };

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (creates); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrStore) store = tr_store_open (path, creates[i], &error);
      GStatBuf st;

      g_assert_null (store);
      g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
      g_test_message ("create=%d: %s", creates[i], error->message);
      g_assert_nonnull (strstr (error->message, "is an empty file (0 bytes)"));
      g_assert_nonnull (strstr (error->message, "Restore the latest backup"));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 0);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    }
  g_print ("# empty database file: 2 runs (create or not), 0 problems found\n");
  remove_tree (dir);
}

/* An id altered in the file would name the export "tremplin-x/../../…":
 * the store refuses to open rather than write outside the folder. */
static void
test_kiosk_id_checked_when_read (void)
{
  StoreFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TrStore) reopened = NULL;
  sqlite3 *db;

  store_fixture_set_up (&f, "k1");
  g_clear_object (&f.store);
  db = raw_open (f.db_path);
  raw_exec (db, "UPDATE kiosk SET kiosk_id = 'x/../../escaped'");
  sqlite3_close (db);

  reopened = tr_store_open (f.db_path, FALSE, &error);
  g_assert_null (reopened);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "x/../../escaped"));
  g_assert_nonnull (strstr (error->message, "is not a valid kiosk id"));
  store_fixture_tear_down (&f);
}

static void
write_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "code;last_name\r\nABCD;Diallo\r\n", -1, NULL));
}

/* A killed export leaves hidden copies of the day's details beside its
 * target: the next export removes them, but not one being written now (its
 * lock is held), nor any other file. */
static void
test_stale_export_files_removed (void)
{
  StoreFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = tr_rules_new_default (&error);
  g_autofree char *out = NULL;
  g_autofree char *busy = NULL;
  g_autofree char *path = NULL;
  /* The sealed file's, and the clear files older versions wrote. */
  const char *stale[] = { ".tremplin-k1-2026-11-28.sealed.AbC123.tmp", ".tremplin-k1-2026-11-28.csv.AbC123.tmp",
                          ".tremplin-k1-2026-11-27.jsonl.x1y2z3.tmp", ".tremplin-other-2026-11-28.sealed.QwErTy.tmp" };
  const char *kept[] = { ".other.csv.AbC123.tmp", "notes.tmp", "tremplin-k1-2026-11-20.csv",
                         ".tremplin-k1-2026-11-28.pdf.AbC123.tmp" };
  int busy_fd;

  g_assert_no_error (error);
  store_fixture_set_up (&f, "k1");
  {
    g_autoptr(GPtrArray) offers = offer_list (make_offer ("PC-1", 5, TR_CATEGORY_DEVELOPER, NULL), NULL);

    import_or_fail (f.store, offers, NULL);
  }
  register_one (&f, "s1");
  out = g_build_filename (f.dir, "usb", NULL);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    write_file (out, stale[i]);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    write_file (out, kept[i]);
  busy = g_build_filename (out, ".tremplin-k1-2026-11-28.sealed.BuSy00.tmp", NULL);
  write_file (out, ".tremplin-k1-2026-11-28.sealed.BuSy00.tmp");
  busy_fd = g_open (busy, O_RDONLY, 0);
  g_assert_cmpint (flock (busy_fd, LOCK_EX), ==, 0);

  path = tr_export_day_sealed (f.store, rules, "2026-11-28", out, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *stale_path = g_build_filename (out, stale[i], NULL);
      g_assert_false (g_file_test (stale_path, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *kept_path = g_build_filename (out, kept[i], NULL);
      g_assert_true (g_file_test (kept_path, G_FILE_TEST_EXISTS));
    }
  g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));

  /* Once its writer is gone, it goes too. */
  close (busy_fd);
  g_assert_cmpuint (tr_export_remove_stale (out), ==, 1);
  g_assert_false (g_file_test (busy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (tr_export_remove_stale (out), ==, 0);
  g_print ("# stale export files: %u left by a killed export, %u others, 1 busy, 0 problems found\n",
           (guint) G_N_ELEMENTS (stale), (guint) G_N_ELEMENTS (kept));
  store_fixture_tear_down (&f);
}

static gboolean
folder_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  g_assert_nonnull (dir);
  return g_dir_read_name (dir) == NULL;
}

static gsize
size_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Over an earlier export of the day, an export that cannot be written
 * whole (here: a file size limit halfway through the sealed file) leaves the
 * earlier file as it was, no part of the new one, and no event. */
static void
test_export_whole_or_nothing (void)
{
  StoreFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TrRules) rules = tr_rules_new_default (&error);
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char *again;
  struct rlimit saved, limit;
  gsize size;

  store_fixture_set_up (&f, "k1");
  {
    g_autoptr(GPtrArray) offers = offer_list (make_offer ("PC-1", 50, TR_CATEGORY_DEVELOPER, NULL), NULL);

    import_or_fail (f.store, offers, NULL);
  }
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *session = g_strdup_printf ("s%u", i);
      register_one (&f, session);
    }
  out = g_build_filename (f.dir, "usb", NULL);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  path = tr_export_day_sealed (f.store, rules, "2026-11-28", out, NULL, &error);
  g_assert_no_error (error);
  size = size_of (path);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = size / 2;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  again = tr_export_day_sealed (f.store, rules, "2026-11-28", out, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_DFL);

  g_assert_null (again);
  g_assert_error (error, TR_ERROR, TR_ERROR_STORAGE);
  g_test_message ("%s", error->message);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (raw_int_at (f.db_path, "SELECT count(*) FROM events WHERE kind = 'export'"), ==, 1);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (folder_is_empty (out));
  g_print ("# export whole or nothing: sealed file %zu bytes, limit at half: 0 problems found\n", size);
  store_fixture_tear_down (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/faults/files/new-database-is-private", test_new_database_is_private);
  g_test_add_func ("/faults/files/creation-leaves-one-file", test_creation_leaves_one_file);
  g_test_add_func ("/faults/files/empty-file-is-damage", test_empty_file_is_damage);
  g_test_add_func ("/faults/files/kiosk-id-checked-when-read", test_kiosk_id_checked_when_read);
  g_test_add_func ("/faults/files/stale-export-files-removed", test_stale_export_files_removed);
  g_test_add_func ("/faults/files/export-whole-or-nothing", test_export_whole_or_nothing);
  return g_test_run ();
}

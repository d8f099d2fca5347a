/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The registration JSON of `tremplin-admin register --json FILE`: the real
 * command, on a database of the demo catalogue with a fixed clock. Most
 * inputs stop at the JSON, the answers or the person; those that get
 * through are registered, which is why the database is made again now and
 * then, before its offers fill up. */
#include "fuzz-common.h"
#include "admin-context.h"
#include "tr-catalogue.h"
#include "tr-store.h"

#define RUNS_PER_DATABASE 4096

static char *json_path;
static char *db_path;
static char *key_path;
static char *config_path;
static TrAdmin *admin;
static guint runs;

static void
print_nothing (const char *text)
{
}

static void
check (gboolean ok, GError *error)
{
  if (!ok)
    {
      g_printerr ("fuzz: %s\n", error != NULL ? error->message : "cannot set up");
      abort ();
    }
}

/* An initialised kiosk database holding the demo catalogue, as `init` and
 * `import-offers` leave it. */
static void
make_database (void)
{
  g_autoptr(TrStore) store = NULL;
  g_autoptr(TrKeyPair) keys = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2027, 3, 1, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_unlink (path);
    }
  store = tr_store_open (db_path, TRUE, &error);
  check (store != NULL, error);
  keys = tr_key_pair_load (key_path, NULL);
  if (keys == NULL)
    keys = tr_key_pair_create (key_path, &error);
  check (keys != NULL, error);
  check (tr_store_set_identity (store, "fuzz-kiosk", keys->public_key, &error), error);
  offers = tr_catalogue_parse_demo (&error);
  check (offers != NULL, error);
  check (tr_store_import_offers (store, offers, now, NULL, &error), error);
}

/* The database as make_database() left it, written back on each renewal:
 * importing the catalogue again takes seconds, and would count against an
 * input's time limit. */
static char *template_data;
static gsize template_length;

static void
open_admin (void)
{
  g_autoptr(GError) error = NULL;
  const char *suffixes[] = { "-wal", "-shm" };

  if (admin != NULL && runs < RUNS_PER_DATABASE)
    return;
  g_clear_pointer (&admin, tr_admin_free);
  if (template_data == NULL)
    {
      make_database ();
      check (g_file_get_contents (db_path, &template_data, &template_length, &error), error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_unlink (path);
    }
  fuzz_write (db_path, (const guint8 *) template_data, template_length);
  admin = tr_admin_new (config_path, NULL, &error);
  check (admin != NULL, error);
  runs = 0;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *config = NULL;

  fuzz_init ();
  json_path = fuzz_path ("registration.json");
  db_path = fuzz_path ("tremplin.db");
  key_path = fuzz_path ("tremplin.db.key");
  config_path = fuzz_path ("kiosk.conf");
  config = g_strdup_printf ("[Kiosk]\nDatabase=%s\nKeyFile=%s\n", db_path, key_path);
  fuzz_write (config_path, (const guint8 *) config, strlen (config));
  /* The command says what it did or what was wrong on every run. */
  g_set_print_handler (print_nothing);
  g_set_printerr_handler (print_nothing);
  /* Now rather than on the first input, so that the set-up does not count
   * against that input's time limit. */
  open_admin ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *command[] = { "register", "--json", json_path, NULL };
  g_auto(GStrv) owned = g_strdupv ((char **) command);
  /* GOption takes the options out of argv without freeing them. */
  g_autofree char **argv = g_memdup2 (owned, sizeof command);

  open_admin ();
  runs++;
  fuzz_write (json_path, data, size);
  (void) tr_admin_cmd_register (admin, G_N_ELEMENTS (command) - 1, argv);
  return 0;
}

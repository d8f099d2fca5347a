/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The registration JSON of `tremplin-admin register --json FILE`: the real
 * command, on a database of the demo catalogue with a fixed clock. Most
 * inputs stop at the JSON, the answers or the person; those that get
 * through are registered, which is why the database is made again now and
 * then, before its offers fill up. */
#include "fuzz-common.h"
#include "admin-context.h"
#include "tr-catalogue.h"
#include "tr-office-key.h"
#include "tr-office-key-text.h"
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

static int
run_register (const guint8 *data, gsize size)
{
  const char *command[] = { "register", "--json", json_path, NULL };
  g_auto(GStrv) owned = g_strdupv ((char **) command);
  /* GOption takes the options out of argv without freeing them. */
  g_autofree char **argv = g_memdup2 (owned, sizeof command);

  open_admin ();
  runs++;
  fuzz_write (json_path, data, size);
  return tr_admin_cmd_register (admin, G_N_ELEMENTS (command) - 1, argv);
}

/* A harness that the command refuses before it reads the JSON (a kiosk.conf
 * missing what the command needs) fuzzes nothing: one good registration
 * must go through first. */
static void
check_reaches_registration (void)
{
  static const char good[] =
    "{\"offer\": \"PC17-0009\", \"answers\": {\"birth_date\": \"1990-05-17\", \"postcode\": \"75018\", "
    "\"qpv\": \"yes\", \"job_status\": \"registered\", \"unemployed_months\": 14, \"diploma\": \"bac\", "
    "\"gender\": \"woman\", \"in_training\": \"no\"}, "
    "\"person\": {\"first_name\": \"Awa\", \"last_name\": \"Diallo\", \"phone\": \"06 12 34 56 78\"}}";

  if (run_register ((const guint8 *) good, strlen (good)) != TR_EXIT_OK)
    {
      g_printerr ("fuzz: a good registration was refused: the harness does not reach the register command\n");
      abort ();
    }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  guint8 office_key[TR_OFFICE_KEY_BYTES];
  g_autofree char *office_key_text = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  json_path = fuzz_path ("registration.json");
  db_path = fuzz_path ("tremplin.db");
  key_path = fuzz_path ("tremplin.db.key");
  config_path = fuzz_path ("kiosk.conf");
  /* Without an office key the command refuses before it reads the JSON. */
  check (tr_office_key_read_public (FUZZ_OFFICE_KEY, office_key, &error), error);
  office_key_text = tr_office_key_to_text (office_key);
  config = g_strdup_printf ("[Kiosk]\nDatabase=%s\nKeyFile=%s\nOfficeKey=%s\n",
                            db_path, key_path, office_key_text);
  fuzz_write (config_path, (const guint8 *) config, strlen (config));
  /* Now rather than on the first input, so that the set-up does not count
   * against that input's time limit. */
  open_admin ();
  g_set_print_handler (print_nothing);
  check_reaches_registration ();
  /* The command says what it did or what was wrong on every run. */
  g_set_printerr_handler (print_nothing);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  (void) run_register (data, size);
  return 0;
}

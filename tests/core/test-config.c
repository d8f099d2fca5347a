/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk.conf: found where the XDG dirs say, read strictly, defaults without it. */
#include <glib.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tr-config.h"
#include "tr-error.h"

static char *config_root;   /* XDG_CONFIG_DIRS for this test program */

static char *
write_conf (const char *dir, const char *text)
{
  char *path = g_build_filename (dir, "kiosk.conf", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_defaults_without_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrConfig) config = tr_config_load (NULL, &error);
  g_autofree char *key = NULL;
  g_autofree char *expected_key = NULL;

  g_assert_no_error (error);
  g_assert_null (config->path);
  g_assert_true (g_str_has_prefix (config->database, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (config->database, "/tremplin/tremplin.db"));
  g_assert_cmpuint (config->idle_seconds, ==, 90);
  g_assert_cmpuint (config->receipt_idle_seconds, ==, 30);
  g_assert_cmpuint (config->staff_idle_seconds, ==, 120);
  g_assert_cmpstr (config->language, ==, "fr");
  g_assert_cmpstr (tr_config_get_staff_language (config), ==, "fr");
  g_assert_true (config->open);
  g_assert_true (config->notifications);
  g_assert_false (config->has_office_key);
  g_assert_cmpuint (config->keep_days, ==, 30);
  g_assert_null (config->printer);
  g_assert_cmpstr (config->paper, ==, "80mm");
  g_assert_null (config->rules);
  key = tr_config_dup_key_file (config);
  expected_key = g_strconcat (config->database, ".key", NULL);
  g_assert_cmpstr (key, ==, expected_key);
}

static void
test_found_in_xdg_config_dirs (void)
{
  g_autofree char *dir = g_build_filename (config_root, "tremplin", NULL);
  g_autofree char *path = NULL;
  g_autoptr(TrConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = write_conf (dir, "[Kiosk]\nId=mairie-18-01\nDatabase=/srv/t.db\nIdleSeconds=120\nOpen=false\n");
  config = tr_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->path, ==, path);
  g_assert_cmpstr (config->kiosk_id, ==, "mairie-18-01");
  g_assert_cmpstr (config->database, ==, "/srv/t.db");
  g_assert_cmpuint (config->idle_seconds, ==, 120);
  g_assert_false (config->open);
  g_unlink (path);
}

static void
test_explicit_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-config-XXXXXX", NULL);
  g_autofree char *path = write_conf (dir, "# comment\n[Kiosk]\nKeyFile=/keys/k\nLanguage=ar\nStaffLanguage=fr\n"
                                           "ExportDirectory=/media/usb\nRules=/r.ini\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(TrConfig) config = tr_config_load (path, &error);
  g_autofree char *key = NULL;

  g_assert_no_error (error);
  key = tr_config_dup_key_file (config);
  g_assert_cmpstr (key, ==, "/keys/k");
  g_assert_cmpstr (config->language, ==, "ar");
  g_assert_cmpstr (tr_config_get_staff_language (config), ==, "fr");
  g_assert_cmpstr (config->export_directory, ==, "/media/usb");
  g_assert_cmpstr (config->rules, ==, "/r.ini");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_errors_name_file_and_key (void)
{
  const struct { const char *text; const char *expected; } cases[] = {
    { "[Kiosk]\nIdelSeconds=90\n", "unknown key IdelSeconds" },
    { "[Kiosk]\nIdleSeconds=soon\n", "IdleSeconds must be a number of seconds" },
    { "[Kiosk]\nReceiptIdleSeconds=100000\n", "ReceiptIdleSeconds must be" },
    { "[Kiosk]\nStaffIdleSeconds=2\n", "StaffIdleSeconds must be a number of seconds between 5 and 3600" },
    { "[Kiosk]\nOpen=perhaps\n", "Open must be true or false" },
    { "[Kiosk]\nNotifications=often\n", "Notifications must be true or false" },
    { "[Kiosk]\nPaper=letter\n", "Paper must be 80mm or a4" },
    { "[Kiosk]\nDatabase=\n", "Database must not be empty" },
    { "[Kiosk]\nId=\\q\\\n", "Id has a backslash" },
    { "[Kiosk]\nDatabase=C:\\tremplin\\db\n", "Database has a backslash" },
    { "[Staff]\nPin=1234\n", "unknown section [Staff]" },
    { "Id=x\n", "Cannot read the configuration" },
    /* GKeyFile warns on an unknown escape followed by a final backslash. */
    { "[Kiosk]\nId=x\nPrinter=abc\\q\\\n", ":3: the value of Printer has a backslash (\\) that starts no escape" },
    { "[Kiosk]\nPrinter=ok\n  Id = a\\\n", ":3: the value of Id has a backslash" },
    { "[Kiosk]\nLanguage=\xff\n", ":2: the value of Language is not UTF-8 text" },
  };
  g_autofree char *dir = g_dir_make_tmp ("tremplin-config-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_conf (dir, cases[i].text);
      g_autoptr(GError) error = NULL;
      g_autoptr(TrConfig) config = tr_config_load (path, &error);

      g_assert_null (config);
      g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_assert_nonnull (strstr (error->message, path));
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_missing_explicit_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrConfig) config = tr_config_load ("/nonexistent/kiosk.conf", &error);

  g_assert_null (config);
  g_assert_error (error, TR_ERROR, TR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/kiosk.conf"));
}

/* OfficeKey= is checked as the file is read: a key that does not check is
 * refused with its line; KeepDays= too. */
static void
test_office_key_and_keep_days (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-config-XXXXXX", NULL);
  guint8 key[TR_OFFICE_KEY_BYTES];
  g_autofree char *text = NULL;
  g_autofree char *typo = NULL;

  guint8 seed[crypto_sign_SEEDBYTES] = { 7 };
  guint8 secret[crypto_sign_SECRETKEYBYTES];

  /* An office key is an Ed25519 public key: one made from a fixed seed. */
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_seed_keypair (key, secret, seed);
  text = tr_office_key_to_text (key);
  typo = g_strdup (text);
  typo[10] = typo[10] == 'A' ? 'B' : 'A';
  {
    g_autofree char *conf = g_strdup_printf ("[Kiosk]\nOfficeKey=%s\nKeepDays=45\n", text);
    g_autofree char *path = write_conf (dir, conf);
    g_autoptr(GError) error = NULL;
    g_autoptr(TrConfig) config = tr_config_load (path, &error);

    g_assert_no_error (error);
    g_assert_true (config->has_office_key);
    g_assert_cmpmem (config->office_key, sizeof key, key, sizeof key);
    g_assert_cmpuint (config->keep_days, ==, 45);
    g_unlink (path);
  }
  {
    g_autofree char *conf = g_strdup_printf ("[Kiosk]\nLanguage=fr\n\nOfficeKey=%s\n", typo);
    g_autofree char *path = write_conf (dir, conf);
    g_autofree char *where = g_strdup_printf ("%s:4: OfficeKey: ", path);
    g_autoptr(GError) error = NULL;
    g_autoptr(TrConfig) config = tr_config_load (path, &error);

    g_assert_null (config);
    g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
    g_assert_true (g_str_has_prefix (error->message, where));
    g_assert_nonnull (strstr (error->message, "typing mistake"));
    g_unlink (path);
  }
  {
    g_autofree char *path = write_conf (dir, "[Kiosk]\nKeepDays=0\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(TrConfig) config = tr_config_load (path, &error);

    g_assert_null (config);
    g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, ":2: KeepDays must be a number of days between 1 and 365"));
    g_unlink (path);
  }
  g_rmdir (dir);
}

/* Hub= and HubPassword= go together; HubLeaseSeats=, HubAlertHours= and
 * HubCloseHour= within bounds. */
static void
test_hub (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-config-XXXXXX", NULL);
  struct { const char *text; const char *problem; } bad[] = {
    { "[Kiosk]\nHubPassword=secret\n", ":2: HubPassword is set but Hub is not" },
    { "[Kiosk]\nHub=host=hub\nHubLeaseSeats=0\n", ":3: HubLeaseSeats must be a number of seats between 1 and 50" },
    { "[Kiosk]\nHub=host=hub\nHubLeaseSeats=many\n", ":3: HubLeaseSeats must be" },
    { "[Kiosk]\nHub=host=hub\nHubAlertHours=0\n", ":3: HubAlertHours must be a number of hours between 1 and 168" },
    { "[Kiosk]\nHub=host=hub\n\nHubAlertHours=2.5\n", ":4: HubAlertHours must be" },
    { "[Kiosk]\nHub=host=hub\nHubCloseHour=25\n", ":3: HubCloseHour must be an hour between 1 and 24" },
    { "[Kiosk]\nHub=host=hub\nHubCloseHour=17h\n", ":3: HubCloseHour must be" },
  };

  {
    g_autoptr(TrConfig) config = tr_config_new_default ();

    g_assert_null (config->hub);
    g_assert_null (config->hub_password);
    g_assert_cmpuint (config->hub_lease_seats, ==, TR_CONFIG_DEFAULT_HUB_LEASE_SEATS);
    g_assert_cmpuint (config->hub_alert_hours, ==, TR_CONFIG_DEFAULT_HUB_ALERT_HOURS);
    g_assert_cmpuint (config->hub_close_hour, ==, TR_CONFIG_DEFAULT_HUB_CLOSE_HOUR);
  }
  {
    g_autofree char *path = write_conf (dir, "[Kiosk]\nHub=host=hub.example.org dbname=tremplin\n"
                                             "HubPassword=s3cret \nHubLeaseSeats=4\nHubAlertHours=12\n"
                                             "HubCloseHour=17\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(TrConfig) config = tr_config_load (path, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (config->hub, ==, "host=hub.example.org dbname=tremplin");
    g_assert_cmpstr (config->hub_password, ==, "s3cret");
    g_assert_cmpuint (config->hub_lease_seats, ==, 4);
    g_assert_cmpuint (config->hub_alert_hours, ==, 12);
    g_assert_cmpuint (config->hub_close_hour, ==, 17);
    g_unlink (path);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = write_conf (dir, bad[i].text);
      g_autoptr(GError) error = NULL;
      g_autoptr(TrConfig) config = tr_config_load (path, &error);

      g_assert_null (config);
      g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
      if (strstr (error->message, bad[i].problem) == NULL)
        g_error ("%s: %s", bad[i].text, error->message);
      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *config_dir = NULL;
  int status;

  /* Before GLib caches the XDG dirs: nothing of the machine's own config. */
  config_root = g_dir_make_tmp ("tremplin-xdg-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_DIRS", config_root, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/defaults", test_defaults_without_file);
  g_test_add_func ("/config/xdg", test_found_in_xdg_config_dirs);
  g_test_add_func ("/config/explicit", test_explicit_path);
  g_test_add_func ("/config/errors", test_errors_name_file_and_key);
  g_test_add_func ("/config/missing", test_missing_explicit_file);
  g_test_add_func ("/config/office-key-keep-days", test_office_key_and_keep_days);
  g_test_add_func ("/config/hub", test_hub);
  status = g_test_run ();
  config_dir = g_build_filename (config_root, "tremplin", NULL);
  g_rmdir (config_dir);
  g_rmdir (config_root);
  g_free (config_root);
  return status;
}

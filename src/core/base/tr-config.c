/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-config.c — kiosk.conf found in the XDG dirs and read strictly, every key checked. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-config.h"
#include "tr-error.h"
#include "tr-text.h"

#define GROUP "Kiosk"

static const char * const known_keys[] = {
  "Id", "Database", "KeyFile", "Rules", "Catalogue", "ExportDirectory",
  "Language", "IdleSeconds", "ReceiptIdleSeconds", "Open", "Notifications", "Printer", "Paper", "OnScreenKeyboard",
  "StaffLanguage", "StaffIdleSeconds", "OfficeKey", "KeepDays",
  "Hub", "HubPassword", "HubLeaseSeats", "HubAlertHours", "HubCloseHour", NULL
};

static char *
find_system_file (void)
{
  const char * const *dirs = g_get_system_config_dirs ();

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (dirs[i], "tremplin", "kiosk.conf", NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&candidate);
    }
  {
    g_autofree char *candidate = g_build_filename (SYSCONFDIR, "tremplin", "kiosk.conf", NULL);
    if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
      return g_steal_pointer (&candidate);
  }
  return NULL;
}

static void
set_defaults (TrConfig *config)
{
  config->database = g_build_filename (g_get_user_data_dir (), "tremplin", "tremplin.db", NULL);
  config->export_directory = g_build_filename (g_get_user_data_dir (), "tremplin", "exports", NULL);
  config->language = g_strdup ("fr");
  config->idle_seconds = 90;
  config->receipt_idle_seconds = 30;
  config->staff_idle_seconds = 120;
  config->open = TRUE;
  config->notifications = TRUE;
  config->on_screen_keyboard = TRUE;
  config->paper = g_strdup ("80mm");
  config->keep_days = TR_CONFIG_DEFAULT_KEEP_DAYS;
  config->hub_lease_seats = TR_CONFIG_DEFAULT_HUB_LEASE_SEATS;
  config->hub_alert_hours = TR_CONFIG_DEFAULT_HUB_ALERT_HOURS;
  config->hub_close_hour = TR_CONFIG_DEFAULT_HUB_CLOSE_HOUR;
}

static gboolean
check_keys (GKeyFile *file, const char *path, GError **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);
  g_auto(GStrv) keys = NULL;

  for (guint i = 0; groups[i] != NULL; i++)
    if (g_strcmp0 (groups[i], GROUP) != 0)
      {
        g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                     _("%s: unknown section [%s]; the only section is [%s]"),
                     path, groups[i], GROUP);
        return FALSE;
      }
  keys = g_key_file_get_keys (file, GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known_keys, keys[i]))
      {
        g_autofree char *allowed = g_strjoinv (", ", (char **) known_keys);
        g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                     _("%s: unknown key %s; the known keys are %s"),
                     path, keys[i], allowed);
        return FALSE;
      }
  return TRUE;
}

/* The line of the last "@key=" in @text, the one GKeyFile keeps; 0 if none. */
static guint
line_of_key (const char *text, const char *key)
{
  gsize length = strlen (key);
  guint found = 0;
  guint line = 1;

  for (const char *p = text; p != NULL; line++)
    {
      const char *q = p + strspn (p, " \t");

      if (strncmp (q, key, length) == 0 && q[length + strspn (q + length, " \t")] == '=')
        found = line;
      p = strchr (p, '\n');
      if (p != NULL)
        p++;
    }
  return found;
}

/* Every value is UTF-8 and its backslashes start escapes GKeyFile knows:
 * GLib would otherwise drop the value without a word, or warn while
 * reading it. */
static gboolean
check_values (GKeyFile *file, const char *text, const char *path, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (file, GROUP, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *raw = g_key_file_get_value (file, GROUP, keys[i], NULL);
      guint line = line_of_key (text, keys[i]);

      if (raw != NULL && !g_utf8_validate (raw, -1, NULL))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                       _("%s:%u: the value of %s is not UTF-8 text; save the file as UTF-8"),
                       path, line, keys[i]);
          return FALSE;
        }
      if (raw != NULL && tr_text_find_bad_escape (raw) != NULL)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                       _("%s:%u: the value of %s has a backslash (\\) that starts no escape; "
                         "write \\\\ for a backslash"), path, line, keys[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Replaces *@field with the key's string when the key is present. */
static void
read_string (GKeyFile *file, const char *key, char **field)
{
  g_autofree char *value = g_key_file_get_string (file, GROUP, key, NULL);

  if (value == NULL)
    return;
  g_strstrip (value);
  g_free (*field);
  *field = *value != '\0' ? g_steal_pointer (&value) : NULL;
}

static gboolean
read_seconds (GKeyFile *file, const char *path, const char *key,
              guint *field, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  int value;

  if (!g_key_file_has_key (file, GROUP, key, NULL))
    return TRUE;
  value = g_key_file_get_integer (file, GROUP, key, &local_error);
  if (local_error != NULL || value < 5 || value > 3600)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s: %s must be a number of seconds between 5 and 3600"), path, key);
      return FALSE;
    }
  *field = (guint) value;
  return TRUE;
}

static gboolean
read_boolean (GKeyFile *file, const char *path, const char *key,
              gboolean *field, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean value;

  if (!g_key_file_has_key (file, GROUP, key, NULL))
    return TRUE;
  value = g_key_file_get_boolean (file, GROUP, key, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("%s: %s must be true or false"), path, key);
      return FALSE;
    }
  *field = value;
  return TRUE;
}

/* A key that does not check is refused here, with its line: details sealed
 * to a mistyped key could never be opened. */
static gboolean
read_office_key (GKeyFile *file, const char *text, const char *path, TrConfig *config, GError **error)
{
  g_autofree char *value = g_key_file_get_string (file, GROUP, "OfficeKey", NULL);
  g_autoptr(GError) local_error = NULL;

  if (value == NULL || *g_strstrip (value) == '\0')
    return TRUE;
  if (!tr_office_key_from_text (value, config->office_key, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("%s:%u: OfficeKey: %s"),
                   path, line_of_key (text, "OfficeKey"), local_error->message);
      return FALSE;
    }
  config->has_office_key = TRUE;
  return TRUE;
}

/* @key, when the file has it: a whole number from 1 to @max. @problem says
 * what the key is for, from the file's path, the key's line and @max. */
static gboolean
read_count (GKeyFile *file, const char *text, const char *path, const char *key, int max,
            const char *problem, guint *value, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  int read;

  if (!g_key_file_has_key (file, GROUP, key, NULL))
    return TRUE;
  read = g_key_file_get_integer (file, GROUP, key, &local_error);
  if (local_error != NULL || read < 1 || read > max)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, problem, path, line_of_key (text, key), max);
      return FALSE;
    }
  *value = (guint) read;
  return TRUE;
}

/* Hub= and HubPassword= go together; the connection string itself is
 * checked by the sync, which knows libpq's words (tr_sync_config_check). */
static gboolean
read_hub (GKeyFile *file, const char *text, const char *path, TrConfig *config, GError **error)
{
  read_string (file, "Hub", &config->hub);
  read_string (file, "HubPassword", &config->hub_password);
  if (config->hub_password != NULL && config->hub == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s:%u: HubPassword is set but Hub is not: add the hub's connection line (Hub=) that the "
                     "programme office gave, or remove HubPassword"),
                   path, line_of_key (text, "HubPassword"));
      return FALSE;
    }
  return read_count (file, text, path, "HubLeaseSeats", TR_CONFIG_MAX_HUB_LEASE_SEATS,
                     _("%s:%u: HubLeaseSeats must be a number of seats between 1 and %d (how many seats of an "
                       "offer the kiosk asks the hub to hold for it)"),
                     &config->hub_lease_seats, error) &&
         read_count (file, text, path, "HubAlertHours", TR_CONFIG_MAX_HUB_ALERT_HOURS,
                     _("%s:%u: HubAlertHours must be a number of hours between 1 and %d (how long the kiosk "
                       "may go without reaching the hub before it tells staff)"),
                     &config->hub_alert_hours, error) &&
         read_count (file, text, path, "HubCloseHour", TR_CONFIG_MAX_HUB_CLOSE_HOUR,
                     _("%s:%u: HubCloseHour must be an hour between 1 and %d (when the kiosk's day closes "
                       "and its unused seats go back to the hub, Paris time)"),
                     &config->hub_close_hour, error);
}

static gboolean
read_file (TrConfig *config, const char *path, GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  /* The text is kept to name the line of a bad value. */
  if (!g_file_get_contents (path, &text, &length, &local_error) ||
      !g_key_file_load_from_data (file, text, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("Cannot read the configuration %s: %s"), path, local_error->message);
      return FALSE;
    }
  if (!check_keys (file, path, error) || !check_values (file, text, path, error))
    return FALSE;

  read_string (file, "Id", &config->kiosk_id);
  read_string (file, "Database", &config->database);
  read_string (file, "KeyFile", &config->key_file);
  read_string (file, "Rules", &config->rules);
  read_string (file, "Catalogue", &config->catalogue);
  read_string (file, "ExportDirectory", &config->export_directory);
  read_string (file, "Language", &config->language);
  read_string (file, "StaffLanguage", &config->staff_language);
  if (config->database == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s: Database must not be empty"), path);
      return FALSE;
    }
  if (!read_seconds (file, path, "IdleSeconds", &config->idle_seconds, error) ||
      !read_seconds (file, path, "ReceiptIdleSeconds", &config->receipt_idle_seconds, error) ||
      !read_seconds (file, path, "StaffIdleSeconds", &config->staff_idle_seconds, error))
    return FALSE;
  if (!read_boolean (file, path, "Open", &config->open, error) ||
      !read_boolean (file, path, "Notifications", &config->notifications, error) ||
      !read_boolean (file, path, "OnScreenKeyboard", &config->on_screen_keyboard, error))
    return FALSE;
  if (!read_office_key (file, text, path, config, error) ||
      !read_count (file, text, path, "KeepDays", TR_CONFIG_MAX_KEEP_DAYS,
                   _("%s:%u: KeepDays must be a number of days between 1 and %d (how long the kiosk keeps "
                     "a person's sealed details once the day is exported)"),
                   &config->keep_days, error) ||
      !read_hub (file, text, path, config, error))
    return FALSE;
  read_string (file, "Printer", &config->printer);
  read_string (file, "Paper", &config->paper);
  if (config->paper == NULL || (g_strcmp0 (config->paper, "80mm") != 0 && g_strcmp0 (config->paper, "a4") != 0))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("%s: Paper must be 80mm or a4"), path);
      return FALSE;
    }
  return TRUE;
}

TrConfig *
tr_config_new_default (void)
{
  TrConfig *config = g_new0 (TrConfig, 1);

  set_defaults (config);
  return config;
}

TrConfig *
tr_config_load (const char  *path,
                GError     **error)
{
  g_autoptr(TrConfig) config = tr_config_new_default ();

  if (path != NULL)
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                       _("There is no configuration file at %s"), path);
          return NULL;
        }
      config->path = g_strdup (path);
    }
  else
    config->path = find_system_file ();

  if (config->path != NULL && !read_file (config, config->path, error))
    return NULL;
  return g_steal_pointer (&config);
}

void
tr_config_free (TrConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_free (config->kiosk_id);
  g_free (config->database);
  g_free (config->key_file);
  g_free (config->rules);
  g_free (config->catalogue);
  g_free (config->export_directory);
  g_free (config->language);
  g_free (config->staff_language);
  g_free (config->printer);
  g_free (config->paper);
  g_free (config->hub);
  if (config->hub_password != NULL)
    memset (config->hub_password, 0, strlen (config->hub_password));
  g_free (config->hub_password);
  g_free (config);
}

const char *
tr_config_get_staff_language (const TrConfig *config)
{
  return config->staff_language != NULL ? config->staff_language : config->language;
}

char *
tr_config_dup_key_file (const TrConfig *config)
{
  if (config->key_file != NULL)
    return g_strdup (config->key_file);
  return g_strconcat (config->database, ".key", NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-kiosk.c — what the pages share across walk-ins: configuration, database, rules, keys, catalogue. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-kiosk.h"
#include "tr-language.h"
#include "tr-receipt.h"
#include "tr-sync-alert.h"

struct _TrKiosk
{
  GObject      parent_instance;
  TrConfig    *config;
  TrStore     *store;
  TrRules     *rules;
  TrRules     *published_rules;  /* came while a walk-in was on the way */
  GStatBuf     published_stat;   /* of the published rules file last read */
  TrKeyPair   *keys;
  TrCatalogue *catalogue;
  TrNotifier  *notifier;
  TrSync      *sync;            /* NULL without Hub= */
  GDateTime   *sync_started;
  gboolean     hub_alert_told;
  gboolean     faulty;
  guint        retention_source;
};

G_DEFINE_FINAL_TYPE (TrKiosk, tr_kiosk, G_TYPE_OBJECT)

enum { RULES_PUBLISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
tr_kiosk_finalize (GObject *object)
{
  TrKiosk *self = TR_KIOSK (object);

  g_clear_handle_id (&self->retention_source, g_source_remove);
  g_clear_object (&self->catalogue);
  /* Joins the sync's thread, which has its own store connection. */
  g_clear_object (&self->sync);
  g_clear_pointer (&self->sync_started, g_date_time_unref);
  g_clear_object (&self->notifier);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_object (&self->published_rules);
  g_clear_pointer (&self->keys, tr_key_pair_free);
  g_clear_pointer (&self->config, tr_config_free);
  G_OBJECT_CLASS (tr_kiosk_parent_class)->finalize (object);
}

static void
tr_kiosk_class_init (TrKioskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_kiosk_finalize;

  /* The office published new rules and they load: the next walk-in gets
   * them (tr_kiosk_take_published_rules). */
  signals[RULES_PUBLISHED] = g_signal_new ("rules-published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tr_kiosk_init (TrKiosk *self)
{
}

/* A kiosk id for a machine set up with no configuration. */
static char *
default_kiosk_id (void)
{
  g_autofree char *host = g_ascii_strdown (g_get_host_name (), -1);
  GString *id = g_string_new ("kiosk-");

  for (const char *p = host; *p != '\0' && id->len < TR_RECEIPT_MAX_ID_LENGTH; p++)
    g_string_append_c (id, g_ascii_isalnum (*p) ? *p : '-');
  return g_string_free (id, FALSE);
}

static gboolean
import_first_catalogue (TrKiosk *self, GError **error)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  TrImportStats stats;

  offers = self->config->catalogue != NULL
           ? tr_catalogue_parse_file (self->config->catalogue, error)
           : tr_catalogue_parse_demo (error);
  return offers != NULL && tr_store_import_offers (self->store, offers, now, &stats, error);
}

/* First run: a database with no identity gets one, with a new key. */
static gboolean
set_up_identity (TrKiosk *self, GError **error)
{
  g_autofree char *key_path = tr_config_dup_key_file (self->config);
  g_autofree char *kiosk_id = NULL;

  if (tr_store_get_kiosk_id (self->store) != NULL)
    {
      self->keys = tr_key_pair_load (key_path, error);
      return self->keys != NULL;
    }
  kiosk_id = self->config->kiosk_id != NULL ? g_strdup (self->config->kiosk_id) : default_kiosk_id ();
  self->keys = tr_key_pair_create (key_path, error);
  if (self->keys == NULL)
    return FALSE;
  if (!tr_store_set_identity (self->store, kiosk_id, self->keys->public_key, error))
    {
      g_unlink (key_path);
      return FALSE;
    }
  g_message ("First run: kiosk %s set up in %s", kiosk_id, self->config->database);
  return import_first_catalogue (self, error);
}

/* A language the kiosk does not have would show English to everyone. */
static gboolean
check_languages (const TrConfig *config, GError **error)
{
  const char *keys[] = { "Language", "StaffLanguage" };
  const char *codes[] = { config->language, tr_config_get_staff_language (config) };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!tr_language_is_known (codes[i]))
      {
        g_autoptr(GString) known = g_string_new (NULL);

        for (const TrLanguage *l = tr_language_list (); l->code != NULL; l++)
          g_string_append_printf (known, "%s%s", known->len > 0 ? ", " : "", l->code);
        g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                     _("%s=%s in kiosk.conf is not a language of the kiosk: use one of %s"),
                     keys[i], codes[i] != NULL ? codes[i] : "", known->str);
        return FALSE;
      }
  return TRUE;
}

/* With a hub, the rules the office last published (the sync checked their
 * signature and that they load before it wrote them) win over kiosk.conf's
 * Rules=. Reads them when the file is new since the last look (the sync
 * replaces it whole for each publication); NULL when it is not, when there
 * are none, or when they do not load. */
static TrRules *
read_published_rules (TrKiosk *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf now;
  TrRules *rules;

  if (self->config->hub == NULL)
    return NULL;
  path = tr_store_publication_path (self->config->database, "rules");
  if (g_stat (path, &now) != 0 ||
      (now.st_ino == self->published_stat.st_ino && now.st_size == self->published_stat.st_size &&
       now.st_mtim.tv_sec == self->published_stat.st_mtim.tv_sec &&
       now.st_mtim.tv_nsec == self->published_stat.st_mtim.tv_nsec))
    return NULL;
  self->published_stat = now;
  if ((rules = tr_rules_new_from_file (path, &error)) == NULL)
    g_message ("The rules the office published (%s) do not load; the kiosk keeps the ones it has: %s",
               path, error->message);
  return rules;
}

static void
on_sync_state_changed (TrKiosk *self)
{
  g_autoptr(TrSyncState) state = tr_sync_get_state (self->sync);
  g_autoptr(GDateTime) now = tr_clock_now ();
  TrRules *rules;

  if (tr_sync_alert_due (state, self->sync_started, now, self->config->hub_alert_hours, &self->hub_alert_told))
    tr_notifier_hub_out_of_reach (self->notifier, tr_sync_hours_out_of_reach (state, self->sync_started, now),
                                  state->unsent, state->last_error);
  if ((rules = read_published_rules (self)) != NULL)
    {
      g_message ("Rules: the office published new ones; they apply from the next walk-in");
      g_clear_object (&self->published_rules);
      self->published_rules = rules;
      g_signal_emit (self, signals[RULES_PUBLISHED], 0);
    }
}

/* With Hub=, a registration counts against the seats the hub leased to
 * this kiosk, even when the sync cannot run: never a seat the programme
 * does not have. A Hub= the sync cannot use closes the kiosk, as any other
 * fault of kiosk.conf: the log says what to change. */
static gboolean
start_sync (TrKiosk *self, GError **error)
{
  g_autoptr(TrSyncConfig) sync_config = NULL;

  if (self->config->hub == NULL)
    return TRUE;
  tr_store_set_seat_leases (self->store, TRUE);
  if ((sync_config = tr_sync_config_new (self->config, error)) == NULL ||
      (self->sync = tr_sync_new (sync_config, error)) == NULL)
    return FALSE;
  self->sync_started = tr_clock_now ();
  g_signal_connect_object (self->sync, "state-changed", G_CALLBACK (on_sync_state_changed), self,
                           G_CONNECT_SWAPPED);
  tr_sync_start (self->sync);
  return TRUE;
}

static gboolean
start (TrKiosk *self, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (self->config->database);

  if (!check_languages (self->config, error))
    return FALSE;

  if ((self->rules = read_published_rules (self)) != NULL)
    g_message ("Rules: the ones the office published at the hub");
  else
    self->rules = self->config->rules != NULL
                  ? tr_rules_new_from_file (self->config->rules, error)
                  : tr_rules_new_default (error);
  if (self->rules == NULL)
    return FALSE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  {
    TrStoreOptions options = {
      .create = TRUE,
      .office_key = self->config->has_office_key ? self->config->office_key : NULL,
    };
    self->store = tr_store_open_full (self->config->database, &options, error);
  }
  if (self->store == NULL || !set_up_identity (self, error) || !start_sync (self, error))
    return FALSE;
  /* The catalogue is not read here: Welcome needs only to know whether there
   * is an offer (has_offers), and the offers page reads it again each time
   * it is shown. Reading its 1,000 demo offers cost the first frame 2 ms,
   * more with a bigger catalogue. */
  if (!tr_kiosk_has_office_key (self))
    g_message ("No office key: this kiosk takes no registration until it has the programme office's "
               "public key, which every person's details are sealed to. Add OfficeKey=office:… to %s, "
               "or run “tremplin-admin office-key office:…” (the key the office gave: "
               "“tremplin-office public-key” prints it); the kiosk then opens by itself",
               self->config->path != NULL ? self->config->path : "kiosk.conf");
  return TRUE;
}

/* Retention: the sealed details of days exported more than KeepDays ago
 * are deleted at start, then every night just after midnight. */
static gboolean
forget_old_details (gpointer data)
{
  TrKiosk *self = data;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!tr_store_forget_exported (self->store, self->config->keep_days, now, &n, &error))
    g_message ("Could not delete the personal details kept longer than %u days: %s",
               self->config->keep_days, error->message);
  else if (n > 0)
    g_message ("Deleted the sealed personal details of %u registration(s) exported more than %u days ago",
               n, self->config->keep_days);
  /* From one midnight to the next, whatever the clock did meanwhile. */
  self->retention_source = g_timeout_add_seconds (tr_clock_seconds_to_midnight (now) + 60,
                                                  forget_old_details, self);
  return G_SOURCE_REMOVE;
}

TrKiosk *
tr_kiosk_new (TrConfig *config)
{
  TrKiosk *self = g_object_new (TR_TYPE_KIOSK, NULL);
  g_autoptr(GError) error = NULL;

  self->config = config;
  self->notifier = tr_notifier_new (config->notifications);
  if (!start (self, &error))
    {
      g_warning ("The kiosk is closed: %s", error->message);
      self->faulty = TRUE;
      /* Past the rules, with no database: the database could not be
       * created or opened. */
      if ((self->rules != NULL && self->store == NULL) || g_error_matches (error, TR_ERROR, TR_ERROR_STORAGE))
        tr_notifier_storage_failing (self->notifier, error->message);
    }
  else
    forget_old_details (self);
  return self;
}

const TrConfig *
tr_kiosk_get_config (TrKiosk *self)
{
  return self->config;
}

TrStore *
tr_kiosk_get_store (TrKiosk *self)
{
  return self->store;
}

TrRules *
tr_kiosk_get_rules (TrKiosk *self)
{
  return self->rules;
}

gboolean
tr_kiosk_take_published_rules (TrKiosk *self)
{
  if (self->published_rules == NULL)
    return FALSE;
  g_clear_object (&self->rules);
  self->rules = g_steal_pointer (&self->published_rules);
  g_message ("Rules: the ones the office published at the hub, from this walk-in");
  return TRUE;
}

const TrKeyPair *
tr_kiosk_get_keys (TrKiosk *self)
{
  return self->keys;
}

TrCatalogue *
tr_kiosk_get_catalogue (TrKiosk *self)
{
  if (self->catalogue == NULL)
    tr_kiosk_reload_catalogue (self);
  return self->catalogue;
}

void
tr_kiosk_reload_catalogue (TrKiosk *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = NULL;

  if (self->store == NULL)
    return;
  offers = tr_store_load_offers (self->store, FALSE, &error);
  if (offers == NULL)
    {
      /* Keep the catalogue we had: the walk-in can go on choosing; the
       * commit will tell if the database is really gone. */
      g_warning ("Cannot read the offers: %s", error->message);
      return;
    }
  g_clear_object (&self->catalogue);
  self->catalogue = tr_catalogue_new (offers);
}

TrSync *
tr_kiosk_get_sync (TrKiosk *self)
{
  return self->sync;
}

TrNotifier *
tr_kiosk_get_notifier (TrKiosk *self)
{
  return self->notifier;
}

void
tr_kiosk_report_storage_failure (TrKiosk *self, const GError *error)
{
  tr_notifier_storage_failing (self->notifier, error->message);
}

gboolean
tr_kiosk_is_faulty (TrKiosk *self)
{
  return self->faulty;
}

gboolean
tr_kiosk_is_closed_today (TrKiosk *self)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *today = tr_clock_local_date (now);
  g_autoptr(GError) error = NULL;
  gboolean closed = FALSE;

  if (!self->config->open)
    return TRUE;
  if (self->store == NULL)
    return FALSE;
  /* A database that cannot say stays open: the registration itself will
   * meet the failure and say so. */
  if (!tr_store_is_closed_on (self->store, today, &closed, &error))
    g_warning ("Cannot tell whether registrations are closed today: %s", error->message);
  return closed;
}

gboolean
tr_kiosk_set_closed_today (TrKiosk *self, gboolean closed, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *today = tr_clock_local_date (now);

  if (self->store == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("The kiosk could not open its database: see its log"));
      return FALSE;
    }
  return tr_store_set_closed_on (self->store, today, closed, now, error);
}

/* Whether there is an offer to choose: in the catalogue once it has been
 * read, else in the database, asked without reading the offers. */
static gboolean
has_offers (TrKiosk *self)
{
  g_autoptr(GError) error = NULL;
  gboolean has = FALSE;

  if (self->catalogue != NULL)
    return tr_catalogue_get_offers (self->catalogue)->len > 0;
  if (self->store == NULL)
    return FALSE;
  if (!tr_store_has_offers (self->store, &has, &error))
    {
      g_warning ("Cannot read the offers: %s", error->message);
      return FALSE;
    }
  return has;
}

gboolean
tr_kiosk_has_office_key (TrKiosk *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return self->config->has_office_key;
  /* Read again each time: `tremplin-admin office-key` may set it while the
   * kiosk runs. */
  if (tr_store_get_office_key (self->store, NULL, &error) != TR_STORE_OFFICE_KEY_NONE)
    return TRUE;
  if (error != NULL)
    g_message ("Cannot read the office key: %s", error->message);
  return FALSE;
}

gboolean
tr_kiosk_is_open (TrKiosk *self)
{
  return !self->faulty && tr_kiosk_has_office_key (self) && has_offers (self) &&
         !tr_kiosk_is_closed_today (self);
}

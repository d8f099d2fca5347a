/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-report.c — the season report's figures: export rows counted into the tables behind the charts. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tr-report-private.h"
#include "tr-catalogue.h"
#include "tr-csv.h"
#include "tr-error.h"
#include "tr-file.h"
#include "tr-offer.h"

/* Season 1 (1,270 trained), as the programme announced it: percent by
 * category; "other" gathers data, web, connected objects and the rest. */
static const struct { const char *token; double share; } season_1[] = {
  { "developer", 33 }, { "digital_marketing", 19 }, { "project_manager", 17 },
  { "ecommerce", 11 }, { "cybersecurity", 3 }, { "other", 17 },
};

typedef struct {
  char    *id;
  char    *title;
  char    *provider;
  char    *category;
  guint    seats;
  gboolean in_catalogue;
  guint    registered;
  guint    waiting;
  guint    cancelled;
} OfferCount;

typedef struct {
  char  *id;
  char  *label;
  char  *target;   /* percent, or NULL */
  guint  count;
} Flag;

struct _TrReport {
  TrReportSettings settings;
  GHashTable *offers;        /* id → OfferCount */
  GHashTable *days;          /* date → count */
  GHashTable *kiosks;        /* id → count */
  GHashTable *postcodes;     /* postcode or "" → count */
  GHashTable *categories;    /* token → count */
  GHashTable *seen_files;    /* "kiosk day" of each file read */
  GHashTable *audience_targets;
  GPtrArray  *flags;         /* of Flag, in the order met */
  GPtrArray  *tables;
  guint       n_rows, n_registered, n_waiting, n_cancelled, n_files;
  char       *first_day, *last_day;
};

void
tr_report_settings_init (TrReportSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->target = 1000;
  settings->cost_per_person = 7500;
  settings->budget = 1000000;
}

void
tr_report_settings_clear (TrReportSettings *settings)
{
  g_clear_pointer (&settings->title, g_free);
  g_clear_pointer (&settings->from_date, g_free);
  g_clear_pointer (&settings->to_date, g_free);
}

static gboolean
positive_number (GKeyFile *keys, const char *key, double *out, const char *path, GError **error)
{
  g_autofree char *text = g_key_file_get_string (keys, "Report", key, NULL);
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (g_strstrip (text), &end);
  if (end == text || *end != '\0' || !(value >= 0))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s: [Report] %s=%s is not a number: write it in figures, for example %s=7500"),
                   path, key, text, key);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
tr_report_settings_load (TrReportSettings *settings,
                         GHashTable       *audience_targets,
                         const char       *path,
                         GError          **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) flags = NULL;
  double target = settings->target;

  if (!g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s cannot be read as a configuration file: %s"), path, local_error->message);
      return FALSE;
    }
  if (!positive_number (keys, "Target", &target, path, error) ||
      !positive_number (keys, "CostPerPerson", &settings->cost_per_person, path, error) ||
      !positive_number (keys, "Budget", &settings->budget, path, error))
    return FALSE;
  settings->target = (guint) target;
  if (g_key_file_has_key (keys, "Report", "Title", NULL))
    {
      g_free (settings->title);
      settings->title = g_key_file_get_locale_string (keys, "Report", "Title", NULL, NULL);
    }
  flags = g_key_file_get_keys (keys, "Audience targets", NULL, NULL);
  for (guint i = 0; audience_targets != NULL && flags != NULL && flags[i] != NULL; i++)
    g_hash_table_replace (audience_targets, g_strdup (flags[i]),
                          g_strstrip (g_key_file_get_string (keys, "Audience targets", flags[i], NULL)));
  return TRUE;
}

static void
offer_count_free (OfferCount *offer)
{
  g_free (offer->id);
  g_free (offer->title);
  g_free (offer->provider);
  g_free (offer->category);
  g_free (offer);
}

static void
flag_free (Flag *flag)
{
  g_free (flag->id);
  g_free (flag->label);
  g_free (flag->target);
  g_free (flag);
}

static void
table_free (TrReportTable *table)
{
  g_free (table->id);
  g_free (table->title);
  g_strfreev (table->columns);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/* key → guint*, counted in place: a row allocates nothing once its keys
 * have been met. */
static GHashTable *
new_counts (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

TrReport *
tr_report_new (const TrReportSettings *settings,
               GPtrArray              *offers,
               GHashTable             *audience_targets)
{
  TrReport *self = g_new0 (TrReport, 1);

  self->settings = *settings;
  self->settings.title = g_strdup (settings->title);
  self->settings.from_date = g_strdup (settings->from_date);
  self->settings.to_date = g_strdup (settings->to_date);
  self->offers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) offer_count_free);
  self->days = new_counts ();
  self->kiosks = new_counts ();
  self->postcodes = new_counts ();
  self->categories = new_counts ();
  self->seen_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->audience_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) flag_free);
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);

  if (audience_targets != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, audience_targets);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (self->audience_targets, g_strdup (key), g_strdup (value));
    }
  for (guint i = 0; offers != NULL && i < offers->len; i++)
    {
      const TrOfferData *data = tr_offer_get_data (g_ptr_array_index (offers, i));
      OfferCount *offer = g_new0 (OfferCount, 1);

      offer->id = g_strdup (data->id);
      offer->title = g_strdup (data->title);
      offer->provider = g_strdup (data->provider);
      offer->category = g_strdup (tr_category_to_token (data->category));
      offer->seats = data->seats;
      offer->in_catalogue = TRUE;
      g_hash_table_replace (self->offers, offer->id, offer);
    }
  return self;
}

void
tr_report_free (TrReport *self)
{
  if (self == NULL)
    return;
  tr_report_settings_clear (&self->settings);
  g_hash_table_unref (self->offers);
  g_hash_table_unref (self->days);
  g_hash_table_unref (self->kiosks);
  g_hash_table_unref (self->postcodes);
  g_hash_table_unref (self->categories);
  g_hash_table_unref (self->seen_files);
  g_hash_table_unref (self->audience_targets);
  g_ptr_array_unref (self->flags);
  g_ptr_array_unref (self->tables);
  g_free (self->first_day);
  g_free (self->last_day);
  g_free (self);
}

static Flag *
find_flag (TrReport *self, const char *id)
{
  Flag *flag;

  for (guint i = 0; i < self->flags->len; i++)
    if (strcmp (((Flag *) g_ptr_array_index (self->flags, i))->id, id) == 0)
      return g_ptr_array_index (self->flags, i);
  flag = g_new0 (Flag, 1);
  flag->id = g_strdup (id);
  g_ptr_array_add (self->flags, flag);
  return flag;
}

static gboolean
read_rules_keys (TrReport *self, GKeyFile *keys)
{
  g_auto(GStrv) groups = NULL;

  groups = g_key_file_get_groups (keys, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      Flag *flag;
      char *target;

      if (!g_str_has_prefix (groups[i], "Flag "))
        continue;
      flag = find_flag (self, groups[i] + 5);
      g_free (flag->label);
      flag->label = g_key_file_get_locale_string (keys, groups[i], "Label", NULL, NULL);
      target = g_key_file_get_string (keys, groups[i], "Target", NULL);
      if (target != NULL)
        {
          g_free (flag->target);
          flag->target = g_strstrip (target);
        }
    }
  return TRUE;
}

gboolean
tr_report_read_rules (TrReport *self, const char *path, GError **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s cannot be read as a rules file: %s"), path, local_error->message);
      return FALSE;
    }
  return read_rules_keys (self, keys);
}

gboolean
tr_report_read_rules_data (TrReport   *self,
                           const char *data,
                           gsize       length,
                           const char *name,
                           GError    **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_data (keys, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s cannot be read as a rules file: %s"), name, local_error->message);
      return FALSE;
    }
  return read_rules_keys (self, keys);
}

static void
count (GHashTable *counts, const char *key)
{
  guint *value = g_hash_table_lookup (counts, key);

  if (value == NULL)
    {
      value = g_new0 (guint, 1);
      g_hash_table_insert (counts, g_strdup (key), value);
    }
  (*value)++;
}

static OfferCount *
offer_of_row (TrReport *self, const TrReportRow *row)
{
  OfferCount *offer = g_hash_table_lookup (self->offers, row->offer_id);

  if (offer != NULL)
    return offer;
  /* An offer the catalogue given does not hold (or no catalogue): what the
   * row says of it, its seats unknown. */
  offer = g_new0 (OfferCount, 1);
  offer->id = g_strdup (row->offer_id);
  offer->title = g_strdup (row->offer_title != NULL ? row->offer_title : "");
  offer->provider = g_strdup (row->offer_provider != NULL ? row->offer_provider : "");
  offer->category = g_strdup (row->offer_category != NULL ? row->offer_category : "");
  g_hash_table_replace (self->offers, offer->id, offer);
  return offer;
}

static gboolean
in_range (TrReport *self, const char *date)
{
  return (self->settings.from_date == NULL || strcmp (date, self->settings.from_date) >= 0) &&
         (self->settings.to_date == NULL || strcmp (date, self->settings.to_date) <= 0);
}

void
tr_report_add_row (TrReport *self, const TrReportRow *row)
{
  OfferCount *offer;

  if (!in_range (self, row->local_date))
    return;
  offer = offer_of_row (self, row);
  if (strcmp (row->status, "cancelled") == 0)
    {
      offer->cancelled++;
      self->n_cancelled++;
      return;
    }
  if (strcmp (row->status, "waiting_list") == 0)
    {
      offer->waiting++;
      self->n_waiting++;
    }
  else
    {
      offer->registered++;
      self->n_registered++;
    }
  self->n_rows++;
  count (self->days, row->local_date);
  count (self->kiosks, row->kiosk_id != NULL ? row->kiosk_id : "");
  count (self->postcodes, row->postcode != NULL ? row->postcode : "");
  count (self->categories, row->offer_category != NULL ? row->offer_category : offer->category);
  for (guint i = 0; i < row->n_flags; i++)
    if (row->flags[i])
      find_flag (self, row->flag_ids[i])->count++;
    else if (self->flags->len < TR_REPORT_MAX_FLAGS)
      find_flag (self, row->flag_ids[i]);
}

/* "tremplin-<kiosk>-<YYYY-MM-DD>.<ext>" → "<kiosk> <date>", or NULL. */
static char *
file_day_key (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  char *dot = strrchr (name, '.');
  gsize length;

  if (!g_str_has_prefix (name, "tremplin-") || dot == NULL)
    return NULL;
  *dot = '\0';
  length = strlen (name);
  if (length < 9 + 1 + 11 || name[length - 11] != '-')
    return NULL;
  name[length - 11] = ' ';
  return g_strdup (name + 9);
}

gboolean
tr_report_add_file (TrReport   *self,
                    const char *path,
                    gboolean   *skipped,
                    GError    **error)
{
  g_autofree char *key = file_day_key (path);

  if (skipped != NULL)
    *skipped = FALSE;
  if (key != NULL && g_hash_table_contains (self->seen_files, key))
    {
      if (skipped != NULL)
        *skipped = TRUE;
      return TRUE;
    }
  if (!tr_report_read_file (self, path, error))
    return FALSE;
  if (key != NULL)
    g_hash_table_add (self->seen_files, g_steal_pointer (&key));
  self->n_files++;
  return TRUE;
}

/* ---- numbers and tables ----------------------------------------------- */

char *
tr_report_format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* One decimal at most: 43.96 is written 44, as the charts show it. */
  value = round (value * 10) / 10;
  if (value == (double) (gint64) value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", value));
}

double
tr_report_cell_number (const char *cell)
{
  return cell != NULL && *cell != '\0' ? g_ascii_strtod (cell, NULL) : 0;
}

static double
percent (guint part, guint whole)
{
  return whole == 0 ? 0 : (double) part * 100.0 / whole;
}

static TrReportTable *
new_table (TrReport *self, const char *id, const char *title, const char *columns)
{
  TrReportTable *table = g_new0 (TrReportTable, 1);

  table->id = g_strdup (id);
  table->title = g_strdup (title);
  table->columns = g_strsplit (columns, ";", -1);
  table->n_columns = g_strv_length (table->columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (self->tables, table);
  return table;
}

/* Adds a row; each cell is given as "s" (a string) or "n" (a double) in @kinds. */
static void
add_row (TrReportTable *table, const char *kinds, ...)
{
  char **cells = g_new0 (char *, table->n_columns + 1);
  va_list args;

  g_assert (strlen (kinds) == table->n_columns);
  va_start (args, kinds);
  for (guint i = 0; i < table->n_columns; i++)
    if (kinds[i] == 's')
      cells[i] = g_strdup (va_arg (args, const char *));
    else if (kinds[i] == 'u')
      cells[i] = g_strdup_printf ("%u", va_arg (args, guint));
    else
      cells[i] = tr_report_format_number (va_arg (args, double));
  va_end (args);
  g_ptr_array_add (table->rows, cells);
}

typedef struct {
  const char *key;
  guint       count;
} Entry;

static GArray *
sorted_entries (GHashTable *counts)
{
  GArray *entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), g_hash_table_size (counts));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry entry = { key, *(guint *) value };
      g_array_append_val (entries, entry);
    }
  return entries;
}

static int
by_key (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Entry *) a)->key, ((const Entry *) b)->key);
}

static int
by_count_then_key (gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->key, y->key);
}

static void
days_table (TrReport *self)
{
  TrReportTable *table = new_table (self, "registrations-per-day", _("Registrations per day, cumulated, against the target"),
                                    "date;registrations;cumulated;target");
  g_autoptr(GArray) days = sorted_entries (self->days);
  guint total = 0;

  g_array_sort (days, by_key);
  for (guint i = 0; i < days->len; i++)
    {
      Entry *day = &g_array_index (days, Entry, i);

      total += day->count;
      add_row (table, "suuu", day->key, day->count, total, self->settings.target);
    }
  if (days->len > 0)
    {
      self->first_day = g_strdup (g_array_index (days, Entry, 0).key);
      self->last_day = g_strdup (g_array_index (days, Entry, days->len - 1).key);
    }
}

static void
counts_table (TrReport *self, GHashTable *counts, const char *id, const char *title,
              const char *columns, gboolean by_count)
{
  TrReportTable *table = new_table (self, id, title, columns);
  g_autoptr(GArray) entries = sorted_entries (counts);

  g_array_sort (entries, by_count ? by_count_then_key : by_key);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      add_row (table, "sun", entry->key, entry->count, percent (entry->count, self->n_rows));
    }
}

/* Residence: Paris's arrondissements by postcode (75116 is the 16th). */
static void
arrondissements_table (TrReport *self)
{
  TrReportTable *table = new_table (self, "per-arrondissement", _("Registrations per arrondissement of residence"),
                                    "arrondissement;registrations;share");
  guint counts[20] = { 0 };
  guint outside = 0, unknown = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->postcodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *postcode = key;
      guint n = *(guint *) value;
      guint64 number = 0;

      if (*postcode == '\0')
        unknown += n;
      else if (strlen (postcode) == 5 && g_ascii_string_to_unsigned (postcode, 10, 0, 99999, &number, NULL) &&
               ((number >= 75001 && number <= 75020) || number == 75116))
        counts[number == 75116 ? 15 : number - 75001] += n;
      else
        outside += n;
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *label = g_strdup_printf ("750%02u", i + 1);
      add_row (table, "sun", label, counts[i], percent (counts[i], self->n_rows));
    }
  add_row (table, "sun", _("outside Paris"), outside, percent (outside, self->n_rows));
  if (unknown > 0)
    add_row (table, "sun", _("not given"), unknown, percent (unknown, self->n_rows));
}

static const char *
category_label (const char *token)
{
  TrCategory category;

  if (strcmp (token, "other") == 0)
    return _("Other (data, web, connected objects…)");
  return tr_category_from_token (token, &category) ? tr_category_label (category) : token;
}

static void
categories_tables (TrReport *self)
{
  TrReportTable *table = new_table (self, "categories", _("Share by trade category, beside season 1"),
                                    "category;label;registrations;share;season_1_share");
  TrReportTable *detail = new_table (self, "categories-detail", _("Registrations by trade category"),
                                     "category;label;registrations;share");
  g_autoptr(GArray) entries = sorted_entries (self->categories);
  guint main_counts[G_N_ELEMENTS (season_1)] = { 0 };

  g_array_sort (entries, by_count_then_key);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      guint group = G_N_ELEMENTS (season_1) - 1;

      for (guint j = 0; j < G_N_ELEMENTS (season_1) - 1; j++)
        if (strcmp (entry->key, season_1[j].token) == 0)
          group = j;
      main_counts[group] += entry->count;
      add_row (detail, "ssun", entry->key, *entry->key != '\0' ? category_label (entry->key) : _("not given"),
               entry->count, percent (entry->count, self->n_rows));
    }
  for (guint j = 0; j < G_N_ELEMENTS (season_1); j++)
    add_row (table, "ssunn", season_1[j].token, category_label (season_1[j].token), main_counts[j],
             percent (main_counts[j], self->n_rows), season_1[j].share);
}

static void
audiences_table (TrReport *self)
{
  TrReportTable *table = new_table (self, "audiences", _("The audiences the programme is made for"),
                                    "flag;label;count;share;target");

  for (guint i = 0; i < self->flags->len; i++)
    {
      Flag *flag = g_ptr_array_index (self->flags, i);
      const char *target = g_hash_table_lookup (self->audience_targets, flag->id);

      if (target == NULL)
        target = flag->target;
      add_row (table, "ssuns", flag->id, flag->label != NULL ? flag->label : flag->id, flag->count,
               percent (flag->count, self->n_rows), target != NULL ? target : "");
    }
}

static guint
filled (const OfferCount *offer)
{
  return offer->in_catalogue ? MIN (offer->registered, offer->seats) : offer->registered;
}

static int
offer_by_id (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(OfferCount * const *) a)->id, (*(OfferCount * const *) b)->id);
}

static int
offer_by_waiting (gconstpointer a, gconstpointer b)
{
  const OfferCount *x = *(OfferCount * const *) a, *y = *(OfferCount * const *) b;

  if (x->waiting != y->waiting)
    return x->waiting > y->waiting ? -1 : 1;
  return strcmp (x->id, y->id);
}

typedef struct {
  const char *provider;
  guint offers, seats, filled, waiting, empty;
  gboolean seats_known;
} ProviderCount;

static int
provider_by_seats (gconstpointer a, gconstpointer b)
{
  const ProviderCount *x = a, *y = b;
  guint wx = x->seats + x->waiting, wy = y->seats + y->waiting;

  if (wx != wy)
    return wx > wy ? -1 : 1;
  return strcmp (x->provider, y->provider);
}

static char *
seats_cell (const OfferCount *offer, guint value)
{
  return offer->in_catalogue ? g_strdup_printf ("%u", value) : g_strdup ("");
}

static void
seats_tables (TrReport *self)
{
  TrReportTable *per_offer = new_table (self, "seats-per-offer", _("Seats per offer"),
                                        "offer_id;title;provider;category;seats;filled;waiting_list;empty");
  TrReportTable *per_provider = new_table (self, "seats-per-provider", _("Seats per training provider"),
                                           "provider;offers;seats;filled;waiting_list;empty");
  TrReportTable *unchosen = new_table (self, "offers-nobody-chose", _("Offers nobody chose"),
                                       "offer_id;title;provider;category;seats");
  TrReportTable *waiting = new_table (self, "longest-waiting-lists", _("The longest waiting lists: where to open more sessions"),
                                      "offer_id;title;provider;waiting_list;seats");
  g_autoptr(GPtrArray) offers = g_ptr_array_sized_new (g_hash_table_size (self->offers));
  g_autoptr(GHashTable) providers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) provider_counts = g_array_new (FALSE, TRUE, sizeof (ProviderCount));

  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->offers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (offers, value);
  g_ptr_array_sort (offers, offer_by_id);
  for (guint i = 0; i < offers->len; i++)
    {
      OfferCount *offer = g_ptr_array_index (offers, i);
      guint full = filled (offer), empty = offer->in_catalogue ? offer->seats - full : 0;
      gpointer index;
      ProviderCount *provider;
      char **cells = g_new0 (char *, 9);

      cells[0] = g_strdup (offer->id);
      cells[1] = g_strdup (offer->title);
      cells[2] = g_strdup (offer->provider);
      cells[3] = g_strdup (offer->category);
      cells[4] = seats_cell (offer, offer->seats);
      cells[5] = g_strdup_printf ("%u", full);
      cells[6] = g_strdup_printf ("%u", offer->waiting);
      cells[7] = seats_cell (offer, empty);
      g_ptr_array_add (per_offer->rows, cells);

      if (offer->in_catalogue && offer->registered == 0 && offer->waiting == 0)
        add_row (unchosen, "ssssu", offer->id, offer->title, offer->provider, offer->category, offer->seats);

      if (!g_hash_table_lookup_extended (providers, offer->provider, NULL, &index))
        {
          ProviderCount blank = { offer->provider, 0, 0, 0, 0, 0, FALSE };
          index = GUINT_TO_POINTER (provider_counts->len);
          g_array_append_val (provider_counts, blank);
          g_hash_table_insert (providers, offer->provider, index);
        }
      provider = &g_array_index (provider_counts, ProviderCount, GPOINTER_TO_UINT (index));
      provider->offers++;
      provider->seats += offer->in_catalogue ? offer->seats : 0;
      provider->seats_known |= offer->in_catalogue;
      provider->filled += full;
      provider->waiting += offer->waiting;
      provider->empty += empty;
    }
  g_array_sort (provider_counts, provider_by_seats);
  for (guint i = 0; i < provider_counts->len; i++)
    {
      ProviderCount *provider = &g_array_index (provider_counts, ProviderCount, i);
      add_row (per_provider, "suuuuu", provider->provider, provider->offers, provider->seats,
               provider->filled, provider->waiting, provider->empty);
    }
  g_ptr_array_sort (offers, offer_by_waiting);
  for (guint i = 0; i < offers->len && i < 15; i++)
    {
      OfferCount *offer = g_ptr_array_index (offers, i);
      g_autofree char *seats = seats_cell (offer, offer->seats);

      if (offer->waiting == 0)
        break;
      add_row (waiting, "sssus", offer->id, offer->title, offer->provider, offer->waiting, seats);
    }
}

static void
money_table (TrReport *self)
{
  TrReportTable *table = new_table (self, "money", _("Money: registered people × cost per person, against the budget"),
                                    "registered;cost_per_person;committed;budget;share_of_budget;places_the_budget_pays");
  double committed = self->n_registered * self->settings.cost_per_person;

  add_row (table, "unnnnn", self->n_registered, self->settings.cost_per_person, committed,
           self->settings.budget,
           self->settings.budget > 0 ? committed * 100.0 / self->settings.budget : 0.0,
           self->settings.cost_per_person > 0 ? (double) (gint64) (self->settings.budget / self->settings.cost_per_person) : 0.0);
}

static void
summary_table (TrReport *self)
{
  TrReportTable *table = new_table (self, "summary", _("The season in figures"), "figure;value");

  add_row (table, "su", "registrations", self->n_rows);
  add_row (table, "su", "registered", self->n_registered);
  add_row (table, "su", "waiting_list", self->n_waiting);
  add_row (table, "su", "cancelled", self->n_cancelled);
  add_row (table, "su", "target", self->settings.target);
  add_row (table, "sn", "share_of_target", percent (self->n_rows, self->settings.target));
  add_row (table, "su", "kiosks", g_hash_table_size (self->kiosks));
  add_row (table, "su", "days", g_hash_table_size (self->days));
  add_row (table, "su", "files", self->n_files);
}

void
tr_report_finish (TrReport *self)
{
  g_return_if_fail (self->tables->len == 0);

  summary_table (self);
  days_table (self);
  counts_table (self, self->kiosks, "per-kiosk", _("Registrations per kiosk"), "kiosk;registrations;share", TRUE);
  arrondissements_table (self);
  categories_tables (self);
  audiences_table (self);
  seats_tables (self);
  money_table (self);
}

GPtrArray *
tr_report_get_tables (TrReport *self)
{
  return self->tables;
}

const TrReportTable *
tr_report_get_table (TrReport *self, const char *id)
{
  for (guint i = 0; i < self->tables->len; i++)
    if (strcmp (((TrReportTable *) g_ptr_array_index (self->tables, i))->id, id) == 0)
      return g_ptr_array_index (self->tables, i);
  return NULL;
}

guint tr_report_get_n_rows (TrReport *self) { return self->n_rows; }
guint tr_report_get_n_registered (TrReport *self) { return self->n_registered; }
guint tr_report_get_n_waiting (TrReport *self) { return self->n_waiting; }
guint tr_report_get_n_cancelled (TrReport *self) { return self->n_cancelled; }
guint tr_report_get_n_files (TrReport *self) { return self->n_files; }
const TrReportSettings *tr_report_get_settings (TrReport *self) { return &self->settings; }
const char *tr_report_get_first_day (TrReport *self) { return self->first_day; }
const char *tr_report_get_last_day (TrReport *self) { return self->last_day; }

static gboolean
write_table (FILE *file, gpointer user_data, GError **error)
{
  const TrReportTable *table = user_data;
  g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF");

  tr_csv_append_row (text, (const char * const *) table->columns, table->n_columns, ';');
  for (guint i = 0; i < table->rows->len; i++)
    tr_csv_append_row (text, g_ptr_array_index (table->rows, i), table->n_columns, ';');
  if (fwrite (text->str, 1, text->len, file) != text->len)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, "%s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static void
on_table_failed (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  if (error != NULL && *error == NULL)
    g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, "%s", g_strerror (saved_errno));
}

gboolean
tr_report_write_tables (TrReport   *self,
                        const char *directory,
                        GError    **error)
{
  for (guint i = 0; i < self->tables->len; i++)
    {
      const TrReportTable *table = g_ptr_array_index (self->tables, i);
      g_autofree char *name = g_strconcat (table->id, ".csv", NULL);
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (!tr_file_write_atomically (path, 0644, write_table, on_table_failed, (gpointer) table, error))
        {
          g_prefix_error (error, _("%s could not be written: "), path);
          return FALSE;
        }
    }
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub provider-lists: for each training provider, the people to invite to its information sessions, from the hub's registrations of some days. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cmd-hub.h"
#include "hub-rows.h"
#include "office-context.h"
#include "office-output.h"
#include "tr-csv.h"
#include "tr-person.h"
#include "tr-seal.h"

/* Longest part of a file name a provider gives: names stay well under any
 * file system's limit, the days and a checksum added. */
#define SLUG_MAX 60

static const char * const columns[] = {
  "offer_id", "offer_title", "start_date", "end_date", "info_session", "status", "position",
  "last_name", "first_name", "phone", "email", "code", "kiosk_id", "same_person",
};

/* One provider's list: its name and the rows to invite, in order. */
typedef struct {
  const char *provider;
  GArray     *rows;       /* guint */
  char       *slug;
  gboolean    shortened;
} List;

static void
list_free (List *list)
{
  g_array_unref (list->rows);
  g_free (list->slug);
  g_free (list);
}

/* The provider's name as letters, digits and dashes, in lower case and
 * without accents: safe in any folder, on any system. */
static char *
slug (const char *provider, gboolean *shortened)
{
  g_autofree char *ascii = g_str_to_ascii (provider, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  *shortened = out->len > SLUG_MAX;
  if (*shortened)
    g_string_truncate (out, SLUG_MAX);
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, "provider");
  return g_string_free (out, FALSE);
}

static int
status_rank (const char *status)
{
  return g_strcmp0 (status, "registered") == 0 ? 0 : 1;
}

/* By the offer's start, then the offer, then a seat before the waiting
 * list, then the order of registration. */
static int
compare_rows (gconstpointer a, gconstpointer b, gpointer user_data)
{
  TrHubRows *rows = user_data;
  guint index_a = *(const guint *) a, index_b = *(const guint *) b;
  TrExportEntry entry_a, entry_b;
  const TrOfferData *offer_a, *offer_b;
  int order;

  tr_export_rows_get_entry (tr_hub_rows_get_rows (rows), index_a, &entry_a);
  tr_export_rows_get_entry (tr_hub_rows_get_rows (rows), index_b, &entry_b);
  offer_a = tr_hub_rows_get_offer (rows, entry_a.offer_id);
  offer_b = tr_hub_rows_get_offer (rows, entry_b.offer_id);
  if ((order = g_strcmp0 (offer_a->start_date, offer_b->start_date)) != 0 ||
      (order = g_strcmp0 (entry_a.offer_id, entry_b.offer_id)) != 0 ||
      (order = status_rank (entry_a.status) - status_rank (entry_b.status)) != 0)
    return order;
  return index_a < index_b ? -1 : index_a > index_b;
}

/* The lists, one per provider with someone to invite; @n_flagged and
 * @n_unknown get the registrations left out for their receipt or for an
 * offer the catalogue does not hold. */
static GPtrArray *
gather (TrHubRows *rows, guint *n_flagged, guint *n_unknown)
{
  g_autoptr(GHashTable) by_provider = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *lists = g_ptr_array_new_with_free_func ((GDestroyNotify) list_free);

  *n_flagged = *n_unknown = 0;
  for (guint i = 0; i < tr_hub_rows_get_n_rows (rows); i++)
    {
      const TrHubRowCheck *check = tr_hub_rows_get_check (rows, i);
      const TrOfferData *offer;
      TrExportEntry entry;
      List *list;

      tr_export_rows_get_entry (tr_hub_rows_get_rows (rows), i, &entry);
      if (g_strcmp0 (entry.status, "cancelled") == 0 || check->kept >= 0)
        continue;
      if (check->problems != 0)
        {
          (*n_flagged)++;
          continue;
        }
      if ((offer = tr_hub_rows_get_offer (rows, entry.offer_id)) == NULL)
        {
          g_printerr (_("tremplin-office: registration %s is for offer %s, which the catalogue does not hold: it is in no list\n"),
                      entry.code, entry.offer_id);
          (*n_unknown)++;
          continue;
        }
      list = g_hash_table_lookup (by_provider, offer->provider);
      if (list == NULL)
        {
          list = g_new0 (List, 1);
          list->provider = offer->provider;
          list->rows = g_array_new (FALSE, FALSE, sizeof (guint));
          list->slug = slug (offer->provider, &list->shortened);
          g_hash_table_insert (by_provider, (gpointer) offer->provider, list);
          g_ptr_array_add (lists, list);
        }
      g_array_append_val (list->rows, i);
    }
  for (guint i = 0; i < lists->len; i++)
    {
      List *list = g_ptr_array_index (lists, i);
      g_array_sort_with_data (list->rows, compare_rows, rows);
    }
  return lists;
}

/* Two providers whose names give the same slug, or a name shortened, get
 * the start of their full name's checksum added: names never clash. */
static void
settle_names (GPtrArray *lists)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gboolean *longer = g_new0 (gboolean, MAX (lists->len, 1));

  for (guint i = 0; i < lists->len; i++)
    {
      List *list = g_ptr_array_index (lists, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, list->slug));
      g_hash_table_replace (counts, g_strdup (list->slug), GUINT_TO_POINTER (count + 1));
    }
  for (guint i = 0; i < lists->len; i++)
    {
      List *list = g_ptr_array_index (lists, i);
      longer[i] = list->shortened || GPOINTER_TO_UINT (g_hash_table_lookup (counts, list->slug)) > 1;
    }
  for (guint i = 0; i < lists->len; i++)
    {
      List *list = g_ptr_array_index (lists, i);
      g_autofree char *checksum = NULL;
      char *name;

      if (!longer[i])
        continue;
      checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, list->provider, -1);
      name = g_strdup_printf ("%s-%.8s", list->slug, checksum);
      g_free (list->slug);
      list->slug = name;
    }
}

/* One provider's CSV, as the export's: UTF-8 with a BOM, ';', CRLF. */
static GBytes *
list_table (TrHubRows *rows, const List *list)
{
  TrExportRows *export_rows = tr_hub_rows_get_rows (rows);
  GString *out = g_string_new ("\xEF\xBB\xBF");
  const char *previous_offer = NULL, *previous_status = NULL;
  guint position = 0;
  gsize length;

  tr_csv_append_row (out, columns, G_N_ELEMENTS (columns), ';');
  for (guint i = 0; i < list->rows->len; i++)
    {
      guint index = g_array_index (list->rows, guint, i);
      const TrHubRowCheck *check = tr_hub_rows_get_check (rows, index);
      g_autofree char *position_text = NULL, *phone = NULL, *same_person = NULL;
      const TrOfferData *offer;
      TrExportEntry entry;

      tr_export_rows_get_entry (export_rows, index, &entry);
      offer = tr_hub_rows_get_offer (rows, entry.offer_id);
      if (g_strcmp0 (previous_offer, entry.offer_id) != 0 || g_strcmp0 (previous_status, entry.status) != 0)
        position = 0;
      previous_offer = entry.offer_id;
      previous_status = entry.status;
      position_text = g_strdup_printf ("%u", ++position);
      phone = tr_phone_to_national (tr_export_rows_get_person_value (export_rows, index, "phone"));
      same_person = tr_hub_row_check_same_person (check);
      {
        const char *cells[] = {
          entry.offer_id, offer->title, offer->start_date, offer->end_date, offer->info_session,
          entry.status, position_text,
          tr_export_rows_get_person_value (export_rows, index, "last_name"),
          tr_export_rows_get_person_value (export_rows, index, "first_name"),
          phone, tr_export_rows_get_person_value (export_rows, index, "email"),
          entry.code, entry.kiosk_id, same_person,
        };
        G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (columns));

        for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
          if (cells[c] == NULL)
            cells[c] = "";
        tr_csv_append_row (out, cells, G_N_ELEMENTS (cells), ';');
      }
    }
  length = out->len;
  return tr_bytes_new_wiped (g_string_free (out, FALSE), length);
}

int
tr_office_cmd_hub_provider_lists (int argc, char **argv)
{
  g_auto(TrHubRowsOptions) options = { 0 };
  g_autoptr(GPtrArray) outputs = tr_office_outputs_new ();
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(TrHubRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n_flagged, n_unknown, n_invited = 0;
  int status;

  if (!tr_hub_rows_parse_options (&options, &argc, &argv,
                                  _("Write, for each training provider, the people to invite to its information "
                                    "sessions: the registrations of those days at the hub that are not cancelled, "
                                    "registered then on the waiting list, offer by offer, each person once. A "
                                    "registration whose receipt does not check is left out and named. One CSV per "
                                    "provider, for spreadsheets, readable by its owner only."),
                                  N_("The folder to write the lists into (default: the current folder)"),
                                  N_("The rules file, instead of the one the office last published at the hub"),
                                  &status))
    return status;

  if (!tr_office_check_output_folder (options.output_folder, &error) ||
      (rows = tr_hub_rows_connect (options.key_path, &error)) == NULL ||
      !tr_hub_rows_prepare (rows, options.catalogue, options.rules_path, TRUE, &error) ||
      !tr_hub_rows_unlock (rows, options.passphrase_file, &error) ||
      !tr_hub_rows_read (rows, options.from, options.to, &error))
    return tr_hub_cmd_fail (error);

  lists = gather (rows, &n_flagged, &n_unknown);
  settle_names (lists);
  for (guint i = 0; i < lists->len; i++)
    {
      List *list = g_ptr_array_index (lists, i);
      g_autofree char *name = g_strdup_printf ("%s_%s.csv", list->slug, options.label);
      g_autofree char *path = g_build_filename (options.output_folder, name, NULL);
      TrOfficeOutput *output = tr_office_output_new (path);

      g_ptr_array_add (outputs, output);
      if (!tr_office_check_output_free (output, options.force, &error))
        return tr_hub_cmd_fail (error);
      output->contents = list_table (rows, list);
      n_invited += list->rows->len;
    }
  if (!tr_office_write_outputs (outputs, options.force, &error))
    return tr_hub_cmd_fail (error);

  tr_hub_rows_tell_problems (rows);
  if (n_flagged > 0)
    g_printerr (_("tremplin-office: %u registrations whose receipt does not check are in no list (see above, and “tremplin-office hub export”)\n"),
                n_flagged);
  if (lists->len == 0)
    g_printerr (_("tremplin-office: nobody to invite from %s to %s: no list written\n"), options.from, options.to);
  else
    g_printerr (_("tremplin-office: %u people to invite, in %u lists of providers\n"), n_invited, lists->len);
  for (guint i = 0; i < outputs->len; i++)
    g_print ("%s\n", ((TrOfficeOutput *) g_ptr_array_index (outputs, i))->path);
  return TR_EXIT_OK;
}

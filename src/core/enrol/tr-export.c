/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export.c — a day's registrations written as one sealed file for the office, whole or not at all. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tr-export.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-file.h"
#include "tr-json.h"
#include "tr-receipt.h"
#include "tr-sealed-file.h"
#include "tr-text.h"
#include "tr-export-rows-private.h"

/* ---- the rows --------------------------------------------------------- */

typedef struct {
  GString *text;
  guint    n_rows;
} DayRows;

static gboolean
append_registration (const TrRegistration  *registration,
                     TrOffer               *offer,
                     gpointer               user_data,
                     GError               **error)
{
  DayRows *rows = user_data;
  TrExportRowSource row = {
    .id = registration->id,
    .session_id = registration->session_id,
    .code = registration->code,
    .created_at = registration->created_at,
    .local_date = registration->local_date,
    .kiosk_id = registration->kiosk_id,
    .offer_id = registration->offer_id,
    .offer = tr_offer_get_data (offer),
    .status = registration->status,
    .verdict = registration->verdict,
    .flags_json = registration->flags_json,
    .age_band = registration->age_band,
    .woman = registration->woman,
    .qpv = registration->qpv ? 1 : 0,
    .payload = registration->payload,
    .cancel_reason = registration->cancel_reason,
    .details = registration->details,
  };

  tr_export_rows_append_row (rows->text, &row);
  rows->n_rows++;
  return TRUE;
}

/* The day's rows file: the header, then every registration in time order. */
static GBytes *
day_rows (TrStore *store, TrRules *rules, const char *date, guint *n_rows, GError **error)
{
  g_autoptr(GPtrArray) question_ids = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  DayRows rows = { text, 0 };

  for (guint i = 0; i < tr_rules_get_n_questions (rules); i++)
    g_ptr_array_add (question_ids, (gpointer) tr_question_get_id (tr_rules_get_question (rules, i)));
  g_ptr_array_add (question_ids, NULL);
  tr_export_rows_append_header (text, tr_store_get_kiosk_id (store), date,
                                (const char * const *) question_ids->pdata,
                                tr_rules_get_flag_ids (rules));
  if (!tr_store_foreach_registration (store, date, append_registration, &rows, error))
    return NULL;
  *n_rows = rows.n_rows;
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/* ---- the file --------------------------------------------------------- */

static gboolean
check_directory (const char *directory, GError **error)
{
  if (!g_file_test (directory, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The folder %s does not exist: plug in the USB key or create the folder, then export again"),
                   directory);
      return FALSE;
    }
  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("%s is a file, not a folder: give the folder to export into"), directory);
      return FALSE;
    }
  return TRUE;
}

static char *
export_detail (const char *date, guint n_rows, const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  tr_json_add_text (builder, "date", date);
  tr_json_add_text (builder, "format", "sealed");
  tr_json_add_number (builder, "rows", n_rows);
  tr_json_add_text (builder, "file", name);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
check_arguments (TrStore *store, const char *date, guint8 *office_key, GError **error)
{
  g_autoptr(GError) key_error = NULL;

  if (!tr_clock_is_date (date))
    {
      g_autofree char *shown = tr_text_excerpt (date);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("“%s” is not a date: write the day to export as YYYY-MM-DD, for example 2026-11-28"),
                   shown);
      return FALSE;
    }
  if (tr_store_get_kiosk_id (store) == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("This kiosk has no identity yet: run “tremplin-admin init” first"));
      return FALSE;
    }
  /* It names the file: it must not lead out of the folder. */
  if (!tr_kiosk_id_check (tr_store_get_kiosk_id (store), error))
    return FALSE;
  if (tr_store_get_office_key (store, office_key, &key_error) == TR_STORE_OFFICE_KEY_NONE)
    {
      if (key_error != NULL)
        g_propagate_error (error, g_steal_pointer (&key_error));
      else
        g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("This kiosk has no office key, so there is nobody to seal the export to: "
                       "set OfficeKey= in kiosk.conf, or run “tremplin-admin office-key KEY” "
                       "with the key “tremplin-office public-key” prints."));
      return FALSE;
    }
  return TRUE;
}

/* An export is its file and its record: a file without the record would
 * be a copy of personal details the kiosk does not know it gave out. */
static gboolean
record_export (TrStore *store, const char *detail, const char *path, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  const char *details[2] = { detail, NULL };

  if (tr_store_add_events (store, now, "export", details, error))
    return TRUE;
  g_unlink (path);
  g_prefix_error (error, _("The export could not be recorded, so its file was removed again: "));
  return FALSE;
}

char *
tr_export_day_sealed (TrStore     *store,
                      TrRules     *rules,
                      const char  *date,
                      const char  *directory,
                      guint       *n_rows,
                      GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_sealed_member_free);
  g_autoptr(GBytes) rows = NULL;
  g_autofree char *name = NULL;
  g_autofree char *member_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *detail = NULL;
  guint8 office_key[TR_OFFICE_KEY_BYTES];
  guint n = 0;

  g_return_val_if_fail (TR_IS_STORE (store), NULL);
  g_return_val_if_fail (TR_IS_RULES (rules), NULL);
  g_return_val_if_fail (directory != NULL, NULL);

  if (!check_arguments (store, date, office_key, error) || !check_directory (directory, error))
    return NULL;

  tr_export_remove_stale (directory);
  rows = day_rows (store, rules, date, &n, error);
  if (rows == NULL)
    return NULL;
  name = tr_export_file_name (tr_store_get_kiosk_id (store), date, "sealed");
  member_name = tr_export_file_name (tr_store_get_kiosk_id (store), date, "rows.jsonl");
  path = g_build_filename (directory, name, NULL);
  g_ptr_array_add (members, tr_sealed_member_new (member_name, rows));
  if (!tr_sealed_file_write (path, tr_store_get_kiosk_id (store), date, n, office_key, members, error))
    return NULL;

  detail = export_detail (date, n, name);
  if (!record_export (store, detail, path, error))
    return NULL;
  if (n_rows != NULL)
    *n_rows = n;
  return g_steal_pointer (&path);
}

guint
tr_export_remove_stale (const char *directory)
{
  /* The sealed file, and the clear files older versions wrote. */
  const char *patterns[] = { "tremplin-*.sealed", "tremplin-*.csv", "tremplin-*.jsonl" };
  guint removed = 0;

  g_return_val_if_fail (directory != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    removed += tr_file_remove_stale (directory, patterns[i]);
  if (removed > 0)
    g_message ("Removed %u unfinished export file(s) left in %s by an export that was stopped",
               removed, directory);
  return removed;
}

gboolean
tr_export_make_folder (const char  *directory,
                       GError     **error)
{
  if (g_mkdir_with_parents (directory, 0700) == 0)
    return TRUE;
  tr_file_set_write_error (error, directory, errno);
  return FALSE;
}

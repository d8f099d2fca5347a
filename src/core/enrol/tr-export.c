/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export.c — a day's registrations written as CSV or JSON Lines, whole or not at all. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tr-export.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-text.h"
#include "tr-file.h"
#include "tr-export-table-private.h"
#include "tr-receipt.h"

#define WRITE_BUFFER_SIZE (256 * 1024)

gboolean
tr_export_format_from_token (const char     *token,
                             TrExportFormat *out)
{
  TrExportFormat format;

  if (g_strcmp0 (token, "csv") == 0)
    format = TR_EXPORT_CSV;
  else if (g_strcmp0 (token, "jsonl") == 0)
    format = TR_EXPORT_JSONL;
  else
    return FALSE;
  if (out != NULL)
    *out = format;
  return TRUE;
}

static const char *
format_extension (TrExportFormat format)
{
  return format == TR_EXPORT_CSV ? "csv" : "jsonl";
}

/* ---- rows from the store ---------------------------------------------- */

/* The table and where its rows go: gathered in memory and written a large
 * block at a time, so the block stays the same size whatever the day holds. */
typedef struct {
  TrExportTable  *table;
  GPtrArray      *question_ids;  /* NULL-terminated, const */
  GPtrArray      *flag_ids;      /* NULL-terminated, const */
  gboolean       *flags;         /* this row's, one per flag */
  GString        *line;          /* rows waiting to be written */
  FILE           *file;          /* borrowed while the day is written */
  const char     *path;          /* of that file, for the messages */
  guint           n_rows;
} Writer;

static gboolean
write_pending (Writer *writer, GError **error)
{
  if (fwrite (writer->line->str, 1, writer->line->len, writer->file) != writer->line->len)
    {
      tr_file_set_write_error (error, writer->path, errno);
      return FALSE;
    }
  g_string_truncate (writer->line, 0);
  return TRUE;
}

/* @values: the personal details, the answers, then the flags, as
 * tr_store_foreach_registration_values reads them. */
static gboolean
write_registration (const TrRegistration  *registration,
                    TrOffer               *offer,
                    const char * const    *values,
                    gpointer               user_data,
                    GError               **error)
{
  Writer *writer = user_data;
  const TrOfferData *data = tr_offer_get_data (offer);
  guint n_questions = tr_export_table_get_n_questions (writer->table);
  guint n_flags = tr_export_table_get_n_flags (writer->table);
  TrExportRow row = {
    .kiosk_id = registration->kiosk_id,
    .code = registration->code,
    .created_at = registration->created_at,
    .local_date = registration->local_date,
    .status = registration->status,
    .offer_id = data->id,
    .offer_title = data->title,
    .offer_category = tr_category_to_token (data->category),
    .offer_provider = data->provider,
    .offer_postcode = data->postcode,
    .verdict = registration->verdict,
    .person = values,
    .answers = values + TR_EXPORT_N_PERSON,
    .flags = writer->flags,
    .cancel_reason = registration->cancel_reason,
  };

  for (guint i = 0; i < n_flags; i++)
    writer->flags[i] = g_strcmp0 (values[TR_EXPORT_N_PERSON + n_questions + i], "1") == 0;
  tr_export_table_append_row (writer->table, &row, writer->line);
  writer->n_rows++;
  return writer->line->len < WRITE_BUFFER_SIZE || write_pending (writer, error);
}

static void
writer_init (Writer        *writer,
             TrRules       *rules,
             TrExportFormat format)
{
  const char * const *flag_ids = tr_rules_get_flag_ids (rules);
  guint n_questions = tr_rules_get_n_questions (rules);

  memset (writer, 0, sizeof *writer);
  writer->question_ids = g_ptr_array_new ();
  writer->flag_ids = g_ptr_array_new ();
  for (guint i = 0; i < n_questions; i++)
    g_ptr_array_add (writer->question_ids, (gpointer) tr_question_get_id (tr_rules_get_question (rules, i)));
  for (guint i = 0; flag_ids != NULL && flag_ids[i] != NULL; i++)
    g_ptr_array_add (writer->flag_ids, (gpointer) flag_ids[i]);
  g_ptr_array_add (writer->question_ids, NULL);
  g_ptr_array_add (writer->flag_ids, NULL);
  writer->table = tr_export_table_new (format, (const char * const *) writer->question_ids->pdata,
                                       (const char * const *) writer->flag_ids->pdata);
  writer->flags = g_new0 (gboolean, writer->flag_ids->len);
  /* Room for a full block and the row that overflows it. */
  writer->line = g_string_sized_new (WRITE_BUFFER_SIZE + 4096);
}

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->table, tr_export_table_free);
  g_clear_pointer (&writer->question_ids, g_ptr_array_unref);
  g_clear_pointer (&writer->flag_ids, g_ptr_array_unref);
  g_clear_pointer (&writer->flags, g_free);
  if (writer->line != NULL)
    g_string_free (g_steal_pointer (&writer->line), TRUE);
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
export_detail (const char *date, TrExportFormat format, guint n_rows, const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format_extension (format));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, n_rows);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
check_arguments (TrStore *store, const char *date, GError **error)
{
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
  return tr_kiosk_id_check (tr_store_get_kiosk_id (store), error);
}

typedef struct {
  TrStore    *store;
  Writer     *writer;
  const char *date;
  const char *path;
} Export;

/* Streams the day into the file. */
static gboolean
write_day (FILE *file, gpointer user_data, GError **error)
{
  Export *export = user_data;
  Writer *writer = export->writer;
  TrRegistrationColumns columns = {
    .person_keys = tr_export_person_keys (),
    .answer_keys = (const char * const *) writer->question_ids->pdata,
    .flag_ids = (const char * const *) writer->flag_ids->pdata,
  };

  writer->file = file;
  writer->path = export->path;
  setvbuf (file, NULL, _IOFBF, WRITE_BUFFER_SIZE);
  tr_export_table_append_header (writer->table, writer->line);
  return write_pending (writer, error) &&
         tr_store_foreach_registration_values (export->store, export->date, &columns,
                                               write_registration, writer, error) &&
         write_pending (writer, error);
}

static void
on_write_failed (TrFileStep step, int saved_errno, gpointer user_data, GError **error)
{
  Export *export = user_data;

  tr_file_set_write_error (error, export->path, saved_errno);
}

/* Writes the day's file; *@detail gets what its event should record. */
static char *
write_day_file (TrStore        *store,
                TrRules        *rules,
                const char     *date,
                TrExportFormat  format,
                const char     *directory,
                guint          *n_rows,
                char          **detail,
                GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  Writer writer;
  Export export = { store, &writer, date, NULL };

  g_return_val_if_fail (TR_IS_STORE (store), NULL);
  g_return_val_if_fail (TR_IS_RULES (rules), NULL);
  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (format == TR_EXPORT_CSV || format == TR_EXPORT_JSONL, NULL);

  if (!check_arguments (store, date, error) || !check_directory (directory, error))
    return NULL;

  tr_export_remove_stale (directory);
  name = g_strdup_printf ("tremplin-%s-%s.%s", tr_store_get_kiosk_id (store), date, format_extension (format));
  path = g_build_filename (directory, name, NULL);
  export.path = path;
  writer_init (&writer, rules, format);
  if (!tr_file_write_atomically (path, 0600, write_day, on_write_failed, &export, error))
    {
      writer_clear (&writer);
      return NULL;
    }

  if (n_rows != NULL)
    *n_rows = writer.n_rows;
  *detail = export_detail (date, format, writer.n_rows, name);
  writer_clear (&writer);
  return g_steal_pointer (&path);
}

/* An export is its files and its record: files without the record would
 * be copies of personal details the kiosk does not know it gave out. */
static gboolean
record_export (TrStore *store, const char * const *details, char **paths, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();

  if (tr_store_add_events (store, now, "export", details, error))
    return TRUE;
  for (guint i = 0; paths[i] != NULL; i++)
    g_unlink (paths[i]);
  g_prefix_error (error, _("The export could not be recorded, so its files were removed again: "));
  return FALSE;
}

char *
tr_export_day (TrStore       *store,
               TrRules       *rules,
               const char    *date,
               TrExportFormat format,
               const char    *directory,
               guint         *n_rows,
               GError       **error)
{
  g_autofree char *detail = NULL;
  char *paths[2] = { NULL, NULL };
  const char *details[2] = { NULL, NULL };

  paths[0] = write_day_file (store, rules, date, format, directory, n_rows, &detail, error);
  if (paths[0] == NULL)
    return NULL;
  details[0] = detail;
  if (!record_export (store, details, paths, error))
    g_clear_pointer (&paths[0], g_free);
  return paths[0];
}

guint
tr_export_remove_stale (const char *directory)
{
  guint removed = 0;

  g_return_val_if_fail (directory != NULL, 0);

  for (TrExportFormat format = TR_EXPORT_CSV; format <= TR_EXPORT_JSONL; format++)
    {
      g_autofree char *pattern = g_strdup_printf ("tremplin-*.%s", format_extension (format));
      removed += tr_file_remove_stale (directory, pattern);
    }
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

char **
tr_export_day_files (TrStore     *store,
                     TrRules     *rules,
                     const char  *date,
                     const char  *directory,
                     guint       *n_rows,
                     GError     **error)
{
  g_autofree char *csv_detail = NULL;
  g_autofree char *jsonl_detail = NULL;
  g_auto(GStrv) paths = g_new0 (char *, 3);
  const char *details[3] = { NULL, NULL, NULL };

  paths[0] = write_day_file (store, rules, date, TR_EXPORT_CSV, directory, n_rows, &csv_detail, error);
  if (paths[0] == NULL)
    return NULL;
  paths[1] = write_day_file (store, rules, date, TR_EXPORT_JSONL, directory, NULL, &jsonl_detail, error);
  if (paths[1] == NULL)
    {
      g_autofree char *name = g_strdup_printf ("tremplin-%s-%s.jsonl", tr_store_get_kiosk_id (store), date);
      g_autofree char *old_jsonl = g_build_filename (directory, name, NULL);

      /* Half an export would pass for a whole one in the office: the CSV
       * just written goes, and an earlier JSON Lines of the day with it,
       * which no longer has its CSV. */
      g_unlink (paths[0]);
      g_unlink (old_jsonl);
      return NULL;
    }
  details[0] = csv_detail;
  details[1] = jsonl_detail;
  if (!record_export (store, details, paths, error))
    return NULL;
  return g_steal_pointer (&paths);
}

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "tr-export.h"
#include "tr-clock.h"
#include "tr-csv.h"
#include "tr-error.h"
#include "tr-person.h"

#define CSV_SEPARATOR ';'
#define WRITE_BUFFER_SIZE (64 * 1024)

/* The columns before the answers, in file order (docs/export.md). */
static const char * const fixed_columns[] = {
  "kiosk_id", "code", "registered_at", "local_date", "status",
  "offer_id", "offer_title", "offer_category", "offer_provider", "offer_postcode",
  "verdict",
  "last_name", "first_name", "birth_date", "phone", "email", "postcode", "pole_emploi_id",
};

/* The personal details, in the order of their columns above. */
static const TrField person_columns[] = {
  TR_FIELD_LAST_NAME, TR_FIELD_FIRST_NAME, TR_FIELD_BIRTH_DATE, TR_FIELD_PHONE,
  TR_FIELD_EMAIL, TR_FIELD_POSTCODE, TR_FIELD_POLE_EMPLOI_ID,
};

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

/* ---- one row ---------------------------------------------------------- */

/* The cells of one row, in column order; reused from row to row so that
 * memory does not grow with the day. */
typedef struct {
  TrExportFormat  format;
  GPtrArray      *columns;       /* column names */
  GPtrArray      *cells;         /* owned strings, one per column */
  GPtrArray      *person_keys;   /* NULL-terminated, const */
  GPtrArray      *question_ids;  /* NULL-terminated, const */
  GPtrArray      *flag_ids;      /* NULL-terminated, const */
  guint           n_questions;
  guint           n_flags;
  guint           first_flag;
  GString        *line;
  FILE           *file;
  guint           n_rows;
} Writer;

static void
set_cell (Writer *writer, guint column, char *value)
{
  g_free (g_ptr_array_index (writer->cells, column));
  g_ptr_array_index (writer->cells, column) = value != NULL ? value : g_strdup ("");
}

static char *
registered_at_local (const char *created_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (created_at, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (created_at);
  local = g_date_time_to_timezone (utc, tr_clock_local_zone ());
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* @values: the personal details, the answers, then the flags, as
 * tr_store_foreach_registration_values reads them. */
static void
fill_cells (Writer               *writer,
            const TrRegistration *registration,
            TrOffer              *offer,
            const char * const   *values)
{
  const TrOfferData *data = tr_offer_get_data (offer);
  guint column = 0, value = 0;

  set_cell (writer, column++, g_strdup (registration->kiosk_id));
  set_cell (writer, column++, g_strdup (registration->code));
  set_cell (writer, column++, registered_at_local (registration->created_at));
  set_cell (writer, column++, g_strdup (registration->local_date));
  set_cell (writer, column++, g_strdup (registration->status));
  set_cell (writer, column++, g_strdup (data->id));
  set_cell (writer, column++, g_strdup (data->title));
  set_cell (writer, column++, g_strdup (tr_category_to_token (data->category)));
  set_cell (writer, column++, g_strdup (data->provider));
  set_cell (writer, column++, g_strdup (data->postcode));
  set_cell (writer, column++, g_strdup (registration->verdict));

  for (guint i = 0; i < G_N_ELEMENTS (person_columns); i++, value++)
    {
      const char *text = values[value];
      char *national;

      /* The phone is kept as +33…; people read and dial 06 12 34 56 78. */
      if (person_columns[i] == TR_FIELD_PHONE && text != NULL &&
          (national = tr_phone_to_national (text)) != NULL)
        set_cell (writer, column++, national);
      else
        set_cell (writer, column++, g_strdup (text));
    }
  for (guint i = 0; i < writer->n_questions; i++, value++)
    set_cell (writer, column++, g_strdup (values[value]));
  for (guint i = 0; i < writer->n_flags; i++, value++)
    set_cell (writer, column++, g_strdup (g_strcmp0 (values[value], "1") == 0 ? "1" : "0"));
  set_cell (writer, column, g_strdup (registration->cancel_reason));
}

/* ---- formats ---------------------------------------------------------- */

static void
csv_line (Writer *writer, GPtrArray *values)
{
  tr_csv_append_row (writer->line, (const char * const *) values->pdata, values->len, CSV_SEPARATOR);
}

static void
json_append_string (GString *out, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* Written by hand rather than through a generator so that the keys keep the
 * column order and the bytes never depend on a library's choices. */
static void
jsonl_line (Writer *writer)
{
  g_string_append_c (writer->line, '{');
  for (guint i = 0; i < writer->columns->len; i++)
    {
      const char *value = g_ptr_array_index (writer->cells, i);

      if (i > 0)
        g_string_append_c (writer->line, ',');
      json_append_string (writer->line, g_ptr_array_index (writer->columns, i));
      g_string_append_c (writer->line, ':');
      if (i >= writer->first_flag && i < writer->first_flag + writer->n_flags)
        g_string_append (writer->line, g_str_equal (value, "1") ? "true" : "false");
      else
        json_append_string (writer->line, value);
    }
  g_string_append (writer->line, "}\n");
}

static gboolean
write_line (Writer *writer, GError **error)
{
  if (fwrite (writer->line->str, 1, writer->line->len, writer->file) != writer->line->len)
    {
      int saved = errno;
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Could not write the export: %s"),
                   saved == ENOSPC ? _("the disk is full") : g_strerror (saved));
      return FALSE;
    }
  g_string_truncate (writer->line, 0);
  return TRUE;
}

static gboolean
write_header (Writer *writer, GError **error)
{
  if (writer->format != TR_EXPORT_CSV)
    return TRUE;
  /* The BOM tells French Excel the file is UTF-8. */
  g_string_append (writer->line, "\xEF\xBB\xBF");
  csv_line (writer, writer->columns);
  return write_line (writer, error);
}

static gboolean
write_registration (const TrRegistration  *registration,
                    TrOffer               *offer,
                    const char * const    *values,
                    gpointer               user_data,
                    GError               **error)
{
  Writer *writer = user_data;

  fill_cells (writer, registration, offer, values);
  if (writer->format == TR_EXPORT_CSV)
    csv_line (writer, writer->cells);
  else
    jsonl_line (writer);
  writer->n_rows++;
  return write_line (writer, error);
}

/* ---- columns ---------------------------------------------------------- */

static void
writer_init (Writer        *writer,
             TrRules       *rules,
             TrExportFormat format)
{
  const char * const *flag_ids = tr_rules_get_flag_ids (rules);

  memset (writer, 0, sizeof *writer);
  writer->format = format;
  writer->columns = g_ptr_array_new_with_free_func (g_free);
  writer->person_keys = g_ptr_array_new ();
  writer->question_ids = g_ptr_array_new ();
  writer->flag_ids = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
    g_ptr_array_add (writer->columns, g_strdup (fixed_columns[i]));
  for (guint i = 0; i < G_N_ELEMENTS (person_columns); i++)
    g_ptr_array_add (writer->person_keys, (gpointer) tr_field_to_key (person_columns[i]));

  writer->n_questions = tr_rules_get_n_questions (rules);
  for (guint i = 0; i < writer->n_questions; i++)
    {
      const char *id = tr_question_get_id (tr_rules_get_question (rules, i));
      g_ptr_array_add (writer->question_ids, (gpointer) id);
      g_ptr_array_add (writer->columns, g_strconcat ("answer_", id, NULL));
    }

  writer->first_flag = writer->columns->len;
  for (guint i = 0; flag_ids != NULL && flag_ids[i] != NULL; i++)
    {
      g_ptr_array_add (writer->flag_ids, (gpointer) flag_ids[i]);
      g_ptr_array_add (writer->columns, g_strconcat ("flag_", flag_ids[i], NULL));
    }
  writer->n_flags = writer->flag_ids->len;
  g_ptr_array_add (writer->columns, g_strdup ("cancel_reason"));

  g_ptr_array_add (writer->person_keys, NULL);
  g_ptr_array_add (writer->question_ids, NULL);
  g_ptr_array_add (writer->flag_ids, NULL);

  writer->cells = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < writer->columns->len; i++)
    g_ptr_array_add (writer->cells, g_strdup (""));
  writer->line = g_string_sized_new (1024);
}

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->columns, g_ptr_array_unref);
  g_clear_pointer (&writer->cells, g_ptr_array_unref);
  g_clear_pointer (&writer->person_keys, g_ptr_array_unref);
  g_clear_pointer (&writer->question_ids, g_ptr_array_unref);
  g_clear_pointer (&writer->flag_ids, g_ptr_array_unref);
  if (writer->line != NULL)
    g_string_free (g_steal_pointer (&writer->line), TRUE);
  if (writer->file != NULL)
    fclose (g_steal_pointer (&writer->file));
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

static void
set_write_error (GError **error, const char *directory, int saved_errno)
{
  const char *why;

  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      why = _("the disk is full: free some space or use another USB key");
      break;
    case EACCES:
    case EPERM:
    case EROFS:
      why = _("the folder is read-only or not yours: choose a folder you can write to");
      break;
    default:
      why = g_strerror (saved_errno);
    }
  g_set_error (error, TR_ERROR, TR_ERROR_STORAGE, _("Could not write the export in %s: %s"), directory, why);
}

static gboolean
sync_directory (const char *directory, GError **error)
{
  int fd = g_open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok = fd >= 0 && fsync (fd) == 0;
  int saved = errno;

  if (fd >= 0)
    close (fd);
  /* Some file systems (FAT on a USB key) cannot sync a folder; the rename
   * itself is done, so only a real I/O error counts. */
  if (!ok && saved != EINVAL && saved != ENOTSUP)
    {
      set_write_error (error, directory, saved);
      return FALSE;
    }
  return TRUE;
}

/* Flushes the buffer and the disk's cache, then closes: after this the
 * bytes are on the disk or an error says why not. */
static gboolean
finish_file (Writer *writer, const char *directory, GError **error)
{
  FILE *file = g_steal_pointer (&writer->file);
  gboolean ok = fflush (file) == 0 && fsync (fileno (file)) == 0;
  int saved = errno;

  if (fclose (file) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    set_write_error (error, directory, saved);
  return ok;
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
  GDate parsed;

  if (!tr_clock_parse_date (date, &parsed))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("“%s” is not a date: write the day to export as YYYY-MM-DD, for example 2026-11-28"),
                   date != NULL ? date : "");
      return FALSE;
    }
  if (tr_store_get_kiosk_id (store) == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("This kiosk has no identity yet: run “tremplin-admin init” first"));
      return FALSE;
    }
  return TRUE;
}

/* Streams the day into an open temporary file. */
static gboolean
write_day (TrStore     *store,
           Writer      *writer,
           const char  *date,
           const char  *directory,
           GError     **error)
{
  TrRegistrationColumns columns = {
    .person_keys = (const char * const *) writer->person_keys->pdata,
    .answer_keys = (const char * const *) writer->question_ids->pdata,
    .flag_ids = (const char * const *) writer->flag_ids->pdata,
  };

  setvbuf (writer->file, NULL, _IOFBF, WRITE_BUFFER_SIZE);
  return write_header (writer, error) &&
         tr_store_foreach_registration_values (store, date, &columns, write_registration, writer, error) &&
         finish_file (writer, directory, error);
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
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *temporary = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GDateTime) now = NULL;
  Writer writer;
  int fd;

  g_return_val_if_fail (TR_IS_STORE (store), NULL);
  g_return_val_if_fail (TR_IS_RULES (rules), NULL);
  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (format == TR_EXPORT_CSV || format == TR_EXPORT_JSONL, NULL);

  if (!check_arguments (store, date, error) || !check_directory (directory, error))
    return NULL;

  name = g_strdup_printf ("tremplin-%s-%s.%s", tr_store_get_kiosk_id (store), date, format_extension (format));
  path = g_build_filename (directory, name, NULL);
  /* A dot name, so a file browser on the USB key does not show it half
   * written; the same folder, so the rename is atomic. */
  temporary = g_strdup_printf ("%s/.%s.XXXXXX.tmp", directory, name);
  fd = g_mkstemp (temporary);
  if (fd < 0)
    {
      set_write_error (error, directory, errno);
      return NULL;
    }

  writer_init (&writer, rules, format);
  writer.file = fdopen (fd, "wb");
  if (writer.file == NULL)
    {
      set_write_error (error, directory, errno);
      close (fd);
      goto failed;
    }
  if (!write_day (store, &writer, date, directory, error))
    goto failed;
  if (g_rename (temporary, path) != 0)
    {
      set_write_error (error, directory, errno);
      goto failed;
    }
  if (!sync_directory (directory, error))
    {
      writer_clear (&writer);
      return NULL;
    }

  if (n_rows != NULL)
    *n_rows = writer.n_rows;
  now = tr_clock_now ();
  detail = export_detail (date, format, writer.n_rows, name);
  writer_clear (&writer);
  if (!tr_store_add_event (store, now, "export", detail, error))
    {
      g_prefix_error (error, _("The file %s was written, but the export could not be recorded: "), path);
      return NULL;
    }
  return g_steal_pointer (&path);

failed:
  writer_clear (&writer);
  g_unlink (temporary);
  return NULL;
}

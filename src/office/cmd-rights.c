/* SPDX-License-Identifier: GPL-3.0-or-later */
/* find and erase: a person's right to see what is kept about them, and to have it erased. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "office-context.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-text.h"

/* A reason longer than this is a letter, not a reason: it belongs in the
 * office's own files, the tombstone only says why. */
#define MAX_REASON_LENGTH 300

/* The one way of looking up that was given, and its value normalised. */
static gboolean
choose_lookup (const char *code, const char *email, const char *phone,
               TrExportFindBy *by, char **value, int *exit_status)
{
  g_autoptr(GError) error = NULL;
  int given = (code != NULL) + (email != NULL) + (phone != NULL);

  if (given != 1)
    {
      *exit_status = tr_office_usage ("%s", _("find: give one of --code CODE, --email ADDRESS or --phone NUMBER"));
      return FALSE;
    }
  *by = code != NULL ? TR_EXPORT_FIND_CODE : email != NULL ? TR_EXPORT_FIND_EMAIL : TR_EXPORT_FIND_PHONE;
  *value = tr_export_find_normalise (*by, code != NULL ? code : email != NULL ? email : phone, &error);
  if (*value == NULL)
    {
      *exit_status = tr_office_fail (error);
      return FALSE;
    }
  return TRUE;
}

static void
append_entry (GString *out, const TrExportEntry *entry, const char *path)
{
  g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s", entry->code, entry->kiosk_id,
                          entry->local_date, entry->offer_id, entry->status, path);
  if (entry->erased_at != NULL)
    {
      g_autofree char *reason = tr_text_excerpt (entry->erase_reason);
      g_string_append (out, "\t");
      g_string_append_printf (out, _("erased on %s: %s"), entry->erased_at, reason);
    }
  else if (!entry->has_details)
    {
      g_string_append (out, "\t");
      g_string_append (out, _("details removed after the retention period"));
    }
  g_string_append_c (out, '\n');
}

int
tr_office_cmd_find (int argc, char **argv)
{
  g_autofree char *code = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *value = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autofree char *passphrase_file = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(TrOfficeKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) found = g_string_new (NULL);
  TrExportFindBy by;
  guint n_found = 0;
  int status;
  const GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The receipt code, like 7KQ2-M9XD"), N_("CODE") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The person's e-mail address"), N_("ADDRESS") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("The person's phone number, like 06 12 34 56 78"), N_("NUMBER") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, key_help, N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE instead of asking for it"), N_("FILE") },
    { NULL }
  };

  if (!tr_office_parse (&argc, &argv, _("(--code CODE | --email ADDRESS | --phone NUMBER) FILE…"),
                        _("List every registration of one person in the kiosks' sealed exports: "
                          "receipt code, kiosk, day, offer, status and file, one per line."),
                        _("By e-mail or phone every file's details are opened, so it takes as "
                          "long as opening them. A registration whose details were erased is "
                          "found by its code only."),
                        entries, 1, -1, &status) ||
      !choose_lookup (code, email, phone, &by, &value, &status))
    return status;
  if (key_path == NULL)
    key_path = tr_office_default_key_path ();
  if ((files = tr_office_read_sealed_files (argv + 1, key_path, &error)) == NULL ||
      (key = tr_office_unlock (key_path, passphrase_file, &error)) == NULL)
    return tr_office_fail (error);

  /* Every file is read before anything is printed: a list that stops at a
   * damaged file would look complete. */
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(TrExportRows) rows = tr_office_open_rows (g_ptr_array_index (files, i), argv[i + 1], key,
                                                          by != TR_EXPORT_FIND_CODE, &error);
      if (rows == NULL)
        return tr_office_fail (error);
      for (guint r = 0; r < tr_export_rows_get_n_rows (rows); r++)
        if (tr_export_rows_matches (rows, r, by, value))
          {
            TrExportEntry entry;
            tr_export_rows_get_entry (rows, r, &entry);
            append_entry (found, &entry, argv[i + 1]);
            n_found++;
          }
    }
  g_print ("%s", found->str);
  if (n_found == 0)
    g_printerr ("%s\n", _("No registration of this person in these files."));
  else
    g_printerr (g_dngettext (NULL, "%u registration found.\n", "%u registrations found.\n", n_found), n_found);
  return TR_EXIT_OK;
}

static char *
check_reason (const char *reason, GError **error)
{
  g_autofree char *trimmed = NULL;

  if (!tr_text_check_utf8 (reason, _("The reason"), error))
    return NULL;
  trimmed = g_strstrip (g_strdup (reason));
  if (trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > MAX_REASON_LENGTH)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("Give the reason in one line of at most %d characters, without the "
                     "person's name: for example “request by e-mail of 30/11/2026”."),
                   MAX_REASON_LENGTH);
      return NULL;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("Give the reason in one line of at most %d characters, without the "
                       "person's name: for example “request by e-mail of 30/11/2026”."),
                     MAX_REASON_LENGTH);
        return NULL;
      }
  return g_steal_pointer (&trimmed);
}

int
tr_office_cmd_erase (int argc, char **argv)
{
  g_autofree char *code_given = NULL;
  g_autofree char *reason_given = NULL;
  g_autofree char *code = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *key_help = tr_office_key_option_help ();
  g_autofree char *passphrase_file = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_export_rows_free);
  g_autoptr(GPtrArray) changed_paths = g_ptr_array_new ();
  g_autoptr(TrOfficeKey) key = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  guint n_held = 0;
  int status;
  const GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code_given, N_("The receipt code of the registration to erase"), N_("CODE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason_given,
      N_("Why, in one line and without the person's name (it is kept in the tombstone)"), N_("TEXT") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, key_help, N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE instead of asking for it"), N_("FILE") },
    { NULL }
  };

  if (!tr_office_parse (&argc, &argv, _("--code CODE --reason TEXT FILE…"),
                        _("Erase one person's details from every sealed export that holds their "
                          "registration, leaving a tombstone: the code, when and why."),
                        _("Each file is rewritten whole (a new file renamed over the old one); "
                          "every other registration in it stays exactly as it was. Erase the "
                          "same code in every copy the office keeps: a copy left aside still "
                          "holds the details."),
                        entries, 1, -1, &status))
    return status;
  if (code_given == NULL || reason_given == NULL)
    return tr_office_usage ("%s", _("erase: give both --code CODE and --reason TEXT"));
  if ((code = tr_export_find_normalise (TR_EXPORT_FIND_CODE, code_given, &error)) == NULL ||
      (reason = check_reason (reason_given, &error)) == NULL)
    return tr_office_fail (error);
  if (key_path == NULL)
    key_path = tr_office_default_key_path ();
  if ((files = tr_office_read_sealed_files (argv + 1, key_path, &error)) == NULL ||
      (key = tr_office_unlock (key_path, passphrase_file, &error)) == NULL)
    return tr_office_fail (error);

  /* Every file is checked before one is rewritten. */
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(TrExportRows) rows = tr_office_open_rows (g_ptr_array_index (files, i), argv[i + 1], key,
                                                          FALSE, &error);
      if (rows == NULL)
        return tr_office_fail (error);
      if (tr_export_rows_erase (rows, code, reason, now, &error))
        {
          g_ptr_array_add (changed, g_steal_pointer (&rows));
          g_ptr_array_add (changed_paths, argv[i + 1]);
          n_held++;
        }
      else if (g_error_matches (error, TR_ERROR, TR_ERROR_EXISTS))
        {
          g_printerr ("%s\n", error->message);
          g_clear_error (&error);
          n_held++;
        }
      else if (g_error_matches (error, TR_ERROR, TR_ERROR_NOT_FOUND))
        g_clear_error (&error);
      else
        return tr_office_fail (error);
    }
  if (n_held == 0)
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("None of these files holds registration %s: check the code, or give the "
                     "export of the kiosk and day it was made (“tremplin-office find --code”)."),
                   code);
      return tr_office_fail (error);
    }

  for (guint i = 0; i < changed->len; i++)
    {
      const char *path = g_ptr_array_index (changed_paths, i);

      if (!tr_export_rows_write_sealed (g_ptr_array_index (changed, i), path,
                                        tr_office_key_get_public (key), &error))
        return tr_office_fail (error);
      g_printerr (_("Registration %s erased from %s: its details are gone, a tombstone keeps "
                    "when and why.\n"), code, path);
      g_print ("%s\n", path);
    }
  return TR_EXIT_OK;
}

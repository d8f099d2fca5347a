/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office-context.c — the office key's place, its passphrase asked or read, the sealed files read, and failures reported in one line. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#include "office-context.h"
#include "tr-error.h"

/* Longer than any passphrase a person types, short enough to keep in one
 * buffer that is wiped. */
#define PASSPHRASE_MAX 1024

char *
tr_office_default_key_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "tremplin", "office.key", NULL);
}

char *
tr_office_key_option_help (void)
{
  g_autofree char *path = tr_office_default_key_path ();

  return g_strdup_printf (_("The office key file (default: %s)"), path);
}

gboolean
tr_office_parse (int                 *argc,
                 char              ***argv,
                 const char          *parameters,
                 const char          *summary,
                 const char          *description,
                 const GOptionEntry  *entries,
                 int                  min_args,
                 int                  max_args,
                 int                 *exit_status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tr_command_line_parse (context, parameters, argc, argv, min_args, max_args, &error))
    {
      *exit_status = tr_office_usage ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

int
tr_office_fail (const GError *error)
{
  g_printerr ("tremplin-office: %s\n", error->message);
  return TR_EXIT_FAILED;
}

int
tr_office_usage (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("tremplin-office: %s (see --help)\n", message);
  return TR_EXIT_USAGE;
}

/* ---- the passphrase --------------------------------------------------- */

void
tr_office_passphrase_free (char *passphrase)
{
  if (passphrase == NULL)
    return;
  sodium_memzero (passphrase, PASSPHRASE_MAX + 1);
  g_free (passphrase);
}

/* A passphrase's buffer (PASSPHRASE_MAX + 1 bytes), wiped when it goes. */
typedef char *Passphrase;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (Passphrase, tr_office_passphrase_free, NULL)

/* The terminal as it was, while echo is off: a Ctrl-C puts it back. */
static struct termios saved_terminal;
static volatile sig_atomic_t echo_is_off;

static void
restore_echo_and_stop (int signal_number)
{
  if (echo_is_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

static gboolean
set_echo (gboolean on)
{
  struct termios quiet;

  if (on)
    {
      if (echo_is_off)
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_terminal);
      echo_is_off = 0;
      signal (SIGINT, SIG_DFL);
      signal (SIGTERM, SIG_DFL);
      return TRUE;
    }
  if (tcgetattr (STDIN_FILENO, &saved_terminal) != 0)
    return FALSE;
  quiet = saved_terminal;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ECHONL;
  signal (SIGINT, restore_echo_and_stop);
  signal (SIGTERM, restore_echo_and_stop);
  echo_is_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  return echo_is_off;
}

/* One line from @fd, without its line end, into a buffer of
 * PASSPHRASE_MAX + 1 bytes; NULL at once at the end of the input. */
static char *
read_line (int fd, gboolean *too_long)
{
  g_auto(Passphrase) line = g_malloc0 (PASSPHRASE_MAX + 1);
  gsize length = 0;
  gboolean read_any = FALSE;

  *too_long = FALSE;
  for (;;)
    {
      char c;
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || c == '\n')
        {
          read_any = read_any || n > 0;
          break;
        }
      read_any = TRUE;
      if (length == PASSPHRASE_MAX)
        *too_long = TRUE;
      else
        line[length++] = c;
    }
  if (!read_any)
    return NULL;
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  return g_steal_pointer (&line);
}

static char *
read_passphrase_file (const char *path, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(Passphrase) passphrase = NULL;
  gsize length = 0, line_length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("Could not read the passphrase file %s: %s"), path, local_error->message);
      return NULL;
    }
  line_length = strcspn (contents, "\r\n");
  if (line_length > PASSPHRASE_MAX)
    {
      sodium_memzero (contents, length);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The first line of %s is longer than %d bytes: it is not a passphrase."),
                   path, PASSPHRASE_MAX);
      return NULL;
    }
  passphrase = g_malloc0 (PASSPHRASE_MAX + 1);
  memcpy (passphrase, contents, line_length);
  sodium_memzero (contents, length);
  return g_steal_pointer (&passphrase);
}

static char *
ask (const char *prompt, GError **error)
{
  char *line;
  gboolean too_long = FALSE;

  /* Echo goes off before the prompt shows: nothing typed after it is seen. */
  set_echo (FALSE);
  g_printerr ("%s", prompt);
  line = read_line (STDIN_FILENO, &too_long);
  set_echo (TRUE);
  if (line == NULL)
    {
      g_printerr ("\n");
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("No passphrase was typed: nothing was done."));
    }
  else if (too_long)
    {
      tr_office_passphrase_free (g_steal_pointer (&line));
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("That passphrase is longer than %d bytes: type a shorter one."), PASSPHRASE_MAX);
    }
  return line;
}

char *
tr_office_read_passphrase (const char  *passphrase_file,
                           const char  *prompt,
                           gboolean     confirm,
                           GError     **error)
{
  g_auto(Passphrase) first = NULL;
  g_auto(Passphrase) second = NULL;
  gboolean too_long = FALSE;

  if (passphrase_file != NULL)
    return read_passphrase_file (passphrase_file, error);

  if (!isatty (STDIN_FILENO))
    {
      first = read_line (STDIN_FILENO, &too_long);
      if (first == NULL)
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("No passphrase on standard input: type it on a terminal, pipe it in, or "
                       "give --passphrase-file FILE."));
      else if (too_long)
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("The first line of standard input is longer than %d bytes: it is not a "
                       "passphrase."), PASSPHRASE_MAX);
      return too_long ? NULL : g_steal_pointer (&first);
    }

  first = ask (prompt, error);
  if (first == NULL || !confirm)
    return g_steal_pointer (&first);
  second = ask (_("Type the passphrase again: "), error);
  if (second == NULL)
    return NULL;
  if (strcmp (first, second) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The two passphrases differ: nothing was done. Run the command again."));
      return NULL;
    }
  return g_steal_pointer (&first);
}

TrOfficeKey *
tr_office_unlock (const char *key_path, const char *passphrase_file, GError **error)
{
  g_autofree char *prompt = g_strdup_printf (_("Passphrase of the office key %s: "), key_path);
  g_auto(Passphrase) passphrase = NULL;
  guint8 public_key[TR_OFFICE_KEY_BYTES];

  /* A missing or damaged key file is said before the passphrase is asked. */
  if (!tr_office_key_read_public (key_path, public_key, error))
    return NULL;
  passphrase = tr_office_read_passphrase (passphrase_file, prompt, FALSE, error);
  if (passphrase == NULL)
    return NULL;
  return tr_office_key_unlock (key_path, passphrase, error);
}

/* ---- sealed files ----------------------------------------------------- */

GPtrArray *
tr_office_read_sealed_files (char **paths, const char *key_path, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_sealed_file_free);
  guint8 public_key[TR_OFFICE_KEY_BYTES];

  if (!tr_office_key_read_public (key_path, public_key, error))
    return NULL;
  for (guint i = 0; paths[i] != NULL; i++)
    {
      TrSealedFile *file = tr_sealed_file_read (paths[i], error);

      if (file == NULL)
        return NULL;
      g_ptr_array_add (files, file);
      if (sodium_memcmp (file->office_key, public_key, TR_OFFICE_KEY_BYTES) != 0)
        {
          g_autofree char *sealed_to = tr_office_key_to_text (file->office_key);
          g_autofree char *ours = tr_office_key_to_text (public_key);
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("%s is sealed to another office key (%s), not to the key in %s (%s): "
                         "open it with that key's file, given with --key FILE."),
                       paths[i], sealed_to, key_path, ours);
          return NULL;
        }
    }
  return g_steal_pointer (&files);
}

TrExportRows *
tr_office_open_rows (const TrSealedFile  *file,
                     const char          *path,
                     const TrOfficeKey   *key,
                     gboolean             details,
                     GError             **error)
{
  g_autoptr(TrExportRows) rows = tr_export_rows_from_sealed (file, path, key, error);

  if (rows == NULL || (details && !tr_export_rows_open (rows, key, error)))
    return NULL;
  return g_steal_pointer (&rows);
}

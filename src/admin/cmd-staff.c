/* SPDX-License-Identifier: GPL-3.0-or-later */
/* staff-password: sets the password that unlocks staff mode at the kiosk. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "admin-context.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-staff.h"

/* Longer than anyone types; a longer line is refused rather than cut. */
#define LINE_MAX_BYTES 1024

static struct termios saved_terminal;
static volatile sig_atomic_t echo_is_off;

/* Ctrl+C while the password is being typed must not leave the terminal
 * without echo. */
static void
restore_echo_and_exit (int signal_number)
{
  if (echo_is_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

static gboolean
hide_echo (void)
{
  struct termios terminal;

  if (tcgetattr (STDIN_FILENO, &saved_terminal) != 0)
    return FALSE;
  terminal = saved_terminal;
  terminal.c_lflag &= ~(tcflag_t) ECHO;
  terminal.c_lflag |= ECHONL;
  echo_is_off = TRUE;
  signal (SIGINT, restore_echo_and_exit);
  signal (SIGTERM, restore_echo_and_exit);
  return tcsetattr (STDIN_FILENO, TCSAFLUSH, &terminal) == 0;
}

/* Only after hide_echo () read the terminal's settings. */
static void
restore_echo (void)
{
  tcsetattr (STDIN_FILENO, TCSANOW, &saved_terminal);
  echo_is_off = FALSE;
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
}

/* Reads one line into @line (LINE_MAX_BYTES), without its end of line. */
static gboolean
read_line (char *line, GError **error)
{
  size_t length;

  if (fgets (line, LINE_MAX_BYTES, stdin) == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("No password was given: type it, or give it as one line on standard input."));
      return FALSE;
    }
  length = strlen (line);
  if (length > 0 && line[length - 1] == '\n')
    line[--length] = '\0';
  else if (!feof (stdin))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The password is longer than %d bytes: choose a shorter one."), LINE_MAX_BYTES - 2);
      return FALSE;
    }
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  return TRUE;
}

static gboolean
read_hidden (const char *prompt, char *line, GError **error)
{
  gboolean ok;

  /* The prompt comes once the echo is off: what is typed after it is hidden. */
  if (!hide_echo ())
    {
      if (echo_is_off)
        restore_echo ();
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("Could not hide the password as it is typed on this terminal: give it on standard input instead."));
      return FALSE;
    }
  g_printerr ("%s", prompt);
  ok = read_line (line, error);
  restore_echo ();
  return ok;
}

/* On a terminal: typed twice, hidden, and checked before the second time
 * so that a weak one is not typed twice for nothing. Otherwise one line. */
static gboolean
read_new_password (char *password, char *again, GError **error)
{
  /* No stdio buffer: it would keep a copy of the password nobody wipes. */
  setvbuf (stdin, NULL, _IONBF, 0);
  if (!isatty (STDIN_FILENO))
    return read_line (password, error);

  if (!read_hidden (_("New staff password: "), password, error) ||
      !tr_staff_check_password_strength (password, error) ||
      !read_hidden (_("The same password again: "), again, error))
    return FALSE;
  if (strcmp (password, again) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The two passwords typed differ: nothing was changed. Run the command again."));
      return FALSE;
    }
  return TRUE;
}

int
tr_admin_cmd_staff_password (TrAdmin *admin, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  char *password = NULL;
  char *again = NULL;
  TrStore *store;
  gboolean ok;
  int status;

  if (!tr_admin_parse (&argc, &argv, "",
                       _("Set the password that unlocks staff mode at the kiosk. It is read from the "
                         "terminal without showing it, or as one line on standard input."),
                       NULL, 0, 0, &status))
    return status;
  if ((store = tr_admin_open_store (admin, FALSE, &error)) == NULL || !tr_crypto_init (&error))
    return tr_admin_fail (error);

  /* Kept out of swap, and wiped when done. */
  password = sodium_malloc (LINE_MAX_BYTES);
  again = sodium_malloc (LINE_MAX_BYTES);
  if (password == NULL || again == NULL)
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_STORAGE,
                   _("Could not set memory aside for the password: the system is short of memory."));
      ok = FALSE;
    }
  else
    {
      now = tr_clock_now ();
      ok = read_new_password (password, again, &error) &&
           tr_staff_set_password (store, password, now, &error);
    }
  if (password != NULL)
    sodium_free (password);  /* zeroes it first */
  if (again != NULL)
    sodium_free (again);
  if (!ok)
    return tr_admin_fail (error);

  g_print (_("The staff password is set: staff mode at the kiosk opens with it from now on.\n"));
  return TR_EXIT_OK;
}

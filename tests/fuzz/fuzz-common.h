/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h — what every libFuzzer harness of the core shares.
 *
 * A harness must give the same result for the same bytes (no clock, no
 * randomness, no state carried from one input to the next) and free all it
 * allocates, so that LeakSanitizer and a replay of a saved input both mean
 * something. Warnings and criticals abort, as they do in the unit tests
 * (G_DEBUG=fatal-warnings): a GLib critical reached from untrusted bytes is
 * a bug to find, not noise. */
#pragma once

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *fuzz_dir;

static void
fuzz_remove_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (fuzz_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fuzz_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fuzz_dir);
  g_clear_pointer (&fuzz_dir, g_free);
}

/* Messages below warnings are dropped: the fuzzer's own output is the one
 * to read, and some inputs make the core explain itself at length. A
 * warning or worse is a finding. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      /* GLib itself would stop on SIGTRAP, which libFuzzer does not catch:
       * abort, so the input is saved. */
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

/* Once per process: C.UTF-8 as the tests run, fatal warnings, a private
 * directory for the files that path-taking functions read (on /dev/shm when
 * there is one, so a store's fsync costs nothing). */
static void
fuzz_init (void)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *template = g_build_filename (base, "tremplin-fuzz-XXXXXX", NULL);

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TREMPLIN_NOW", "2027-03-14T10:00:00+01:00", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  fuzz_dir = g_mkdtemp (g_steal_pointer (&template));
  if (fuzz_dir == NULL)
    {
      g_printerr ("fuzz: cannot make a scratch directory in %s\n", base);
      abort ();
    }
  atexit (fuzz_remove_dir);
}

/* A path in the scratch directory, the same for every input. */
static inline char *
fuzz_path (const char *name)
{
  return g_build_filename (fuzz_dir, name, NULL);
}

/* Writes the input to @path, replacing the previous one. */
static inline void
fuzz_write (const char *path, const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, size, &error))
    {
      g_printerr ("fuzz: %s\n", error->message);
      abort ();
    }
}

/* The input as a C string: functions that take one stop at the first NUL,
 * just as they would on text read from a file or typed. */
static inline char *
fuzz_string (const uint8_t *data, size_t size)
{
  return g_strndup ((const char *) data, size);
}

/* A fixed day, so that ages and "not in the future" never depend on when a
 * crash is replayed. */
static inline void
fuzz_today (GDate *today)
{
  g_date_clear (today, 1);
  g_date_set_dmy (today, 14, G_DATE_MARCH, 2027);
}

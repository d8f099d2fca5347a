/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-numbers-in-threads.c — two threads read their process's first number at the same moment,
 * after tr_text_prepare_threads (). Not a GTest: g_test_init () reads numbers itself, which would
 * hide what is tested. */
#include <stdlib.h>
#include <string.h>

#include "tr-text.h"

/* Without the preparation, GLib 2.74 refused a good number in about one
 * process in twenty-five. */
#define PROCESSES 100

/* Waits for the start, then reads "0". */
static gpointer
read_zero (gpointer start)
{
  gint64 value = -1;

  while (!g_atomic_int_get ((int *) start))
    ;
  return GINT_TO_POINTER (g_ascii_string_to_signed ("0", 10, 0, 9, &value, NULL) && value == 0);
}

static int
race (void)
{
  int start = 0;
  GThread *threads[2];
  gboolean all_read = TRUE;

  tr_text_prepare_threads ();
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("read", read_zero, &start);
  g_atomic_int_set (&start, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    all_read &= GPOINTER_TO_INT (g_thread_join (threads[i]));
  return all_read ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
main (int argc, char **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (argc == 2 && strcmp (argv[1], "--race") == 0)
    return race ();
  for (guint i = 0; i < PROCESSES; i++)
    {
      char *child[] = { self, (char *) "--race", NULL };
      g_autoptr(GError) error = NULL;
      int status;

      if (!g_spawn_sync (NULL, child, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("process %u of %u: a thread did not read \"0\" (%s)\n", i + 1, PROCESSES, error->message);
          return EXIT_FAILURE;
        }
    }
  g_print ("%u processes, each with two threads reading their first number at once: all read\n", PROCESSES);
  return EXIT_SUCCESS;
}

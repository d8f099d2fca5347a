/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-command-line.c — tests of how every command's options and arguments are checked, and in which words. */
#include <string.h>

#include "tr-command-line.h"
#include "tr-error.h"

static char *day;

static const GOptionEntry entries[] = {
  { "day", 0, 0, G_OPTION_ARG_STRING, &day, "The day", "YYYY-MM-DD" },
  { NULL }
};

/* Parses @words as the command line of "export FILE [OUTPUT]" (@max_args 2,
 * or -1 for no limit); returns the error's message, or NULL when it parsed,
 * with the arguments left in @left. */
static char *
parse (const char *words, int max_args, char ***left)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE [OUTPUT]");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words_given = g_strsplit (words, " ", -1);
  int argc = (int) g_strv_length (words_given);
  /* Parsing takes the options out of the array it is given, as out of
   * main's argv: give it a copy, so that every word is freed. */
  g_autofree char **args = g_memdup2 (words_given, (argc + 1) * sizeof (char *));

  g_clear_pointer (&day, g_free);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!tr_command_line_parse (context, "FILE [OUTPUT]", &argc, &args, 1, max_args, &error))
    {
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_assert_null (strchr (error->message, '\n'));
      return g_strdup (error->message);
    }
  *left = g_strdupv (args + 1);
  g_assert_cmpint (argc - 1, ==, (int) g_strv_length (*left));
  return NULL;
}

static void
test_arguments_counted (void)
{
  g_auto(GStrv) left = NULL;
  g_autofree char *missing = parse ("export --day 2026-12-07", 2, &left);
  g_autofree char *extra = parse ("export a.sealed out extra", 2, &left);
  g_autofree char *long_extra = parse ("export a.sealed out "
                                       "0123456789012345678901234567890123456789012345678901234567890123456789"
                                       "0123456789012345678901234567890123456789", 2, &left);

  /* The command's name, what is missing, as --help names it. */
  g_assert_cmpstr (missing, ==, "export: missing argument FILE [OUTPUT]");
  /* The first argument too many, cut short when long. */
  g_assert_cmpstr (extra, ==, "export: unexpected argument “extra”");
  g_assert_nonnull (strstr (long_extra, "export: unexpected argument “0123"));
  g_assert_cmpuint (strlen (long_extra), <, 120);
}

static void
test_good_lines_parsed (void)
{
  g_auto(GStrv) one = NULL;
  g_auto(GStrv) two = NULL;
  g_auto(GStrv) many = NULL;

  g_assert_null (parse ("export a.sealed", 2, &one));
  g_assert_cmpstrv (one, ((const char *[]) { "a.sealed", NULL }));
  g_assert_null (parse ("export --day 2026-12-07 a.sealed out", 2, &two));
  g_assert_cmpstrv (two, ((const char *[]) { "a.sealed", "out", NULL }));
  g_assert_cmpstr (day, ==, "2026-12-07");
  /* No limit. */
  g_assert_null (parse ("export a b c d", -1, &many));
  g_assert_cmpuint (g_strv_length (many), ==, 4);
}

static void
test_bad_option (void)
{
  g_auto(GStrv) left = NULL;
  g_autofree char *unknown = parse ("export --colour a.sealed", 2, &left);
  g_autofree char *no_value = parse ("export a.sealed --day", 2, &left);

  g_assert_true (g_str_has_prefix (unknown, "export: "));
  g_assert_nonnull (strstr (unknown, "--colour"));
  g_assert_true (g_str_has_prefix (no_value, "export: "));
  g_assert_nonnull (strstr (no_value, "--day"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/command-line/arguments-counted", test_arguments_counted);
  g_test_add_func ("/command-line/good-lines-parsed", test_good_lines_parsed);
  g_test_add_func ("/command-line/bad-option", test_bad_option);
  return g_test_run ();
}

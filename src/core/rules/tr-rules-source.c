/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-rules-source.c — where each group and key of a rules file is. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "tr-error.h"
#include "tr-rules-source-private.h"
#include "tr-text.h"

void
tr_rules_source_clear (TrRulesSource *source)
{
  g_clear_pointer (&source->group_lines, g_hash_table_unref);
  g_clear_pointer (&source->key_lines, g_hash_table_unref);
}

static char *
key_path (const char *group, const char *key)
{
  return g_strconcat (group, "\n", key, NULL);
}

static guint
group_line (const TrRulesSource *source, const char *group)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (source->group_lines, group));
}

static guint
key_line (const TrRulesSource *source, const char *group, const char *key)
{
  g_autofree char *path = key_path (group, key);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (source->key_lines, path));
  return line != 0 ? line : group_line (source, group);
}

/* "name:line: " @where, then the message: every message of a rules file
 * starts with where to look. */
static void G_GNUC_PRINTF (5, 0)
fail_at (const TrRulesSource *source, guint line, const char *where,
         GError **error, const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_set_error (error, TR_ERROR, TR_ERROR_PARSE, "%s:%u: %s%s", source->name, line, where, message);
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_at_line (const TrRulesSource *source, guint line, GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fail_at (source, line, "", error, format, args);
  va_end (args);
  return FALSE;
}

gboolean
tr_rules_fail_at_group (const TrRulesSource *source, const char *group,
                        GError **error, const char *format, ...)
{
  g_autofree char *shown_group = tr_text_excerpt (group);
  g_autofree char *where = g_strdup_printf ("[%s] ", shown_group);
  va_list args;

  va_start (args, format);
  fail_at (source, group_line (source, group), where, error, format, args);
  va_end (args);
  return FALSE;
}

gboolean
tr_rules_fail_at_key (const TrRulesSource *source, const char *group, const char *key,
                      GError **error, const char *format, ...)
{
  g_autofree char *shown_group = tr_text_excerpt (group);
  g_autofree char *shown_key = tr_text_excerpt (key);
  g_autofree char *where = g_strdup_printf ("[%s] %s=: ", shown_group, shown_key);
  va_list args;

  va_start (args, format);
  fail_at (source, key_line (source, group, key), where, error, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
scan_group_header (TrRulesSource *source, const char *line, guint number,
                   char **current_group, GError **error)
{
  const char *close = strrchr (line, ']');
  g_autofree char *group = NULL;
  guint first;

  if (close == NULL || close == line + 1)
    return fail_at_line (source, number, error,
                         _("a group header is written [Name], with a name between the brackets"));
  group = g_strndup (line + 1, close - line - 1);
  first = group_line (source, group);
  if (first != 0)
    {
      g_autofree char *shown = tr_text_excerpt (group);
      return fail_at_line (source, number, error,
                           _("[%s] is written twice (first at line %u); each question, decision "
                             "and flag needs an id of its own"), shown, first);
    }
  g_hash_table_insert (source->group_lines, g_strdup (group), GUINT_TO_POINTER (number));
  g_free (*current_group);
  *current_group = g_steal_pointer (&group);
  return TRUE;
}

static gboolean
scan_key (TrRulesSource *source, const char *line, guint number,
          const char *current_group, GError **error)
{
  const char *equals = strchr (line, '=');
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown_key = NULL;
  guint first;

  if (equals == NULL)
    return fail_at_line (source, number, error,
                         _("this line is neither a [Group] header, a Key=value line nor a # comment"));
  key = g_strndup (line, equals - line);
  g_strchomp (key);
  if (*key == '\0')
    return fail_at_line (source, number, error, _("this line has no key name before '='"));
  /* Messages quote the key cut short: a line of the file can be huge. */
  shown_key = tr_text_excerpt (key);
  if (current_group == NULL)
    return fail_at_line (source, number, error,
                         _("%s= comes before any [Group] header"), shown_key);
  path = key_path (current_group, key);
  first = GPOINTER_TO_UINT (g_hash_table_lookup (source->key_lines, path));
  if (first != 0)
    {
      g_autofree char *shown_group = tr_text_excerpt (current_group);
      return fail_at_line (source, number, error,
                           _("[%s] %s= is written twice (first at line %u); keep one"),
                           shown_group, shown_key, first);
    }
  g_hash_table_insert (source->key_lines, g_steal_pointer (&path), GUINT_TO_POINTER (number));
  return TRUE;
}

gboolean
tr_rules_source_scan (TrRulesSource *source, const char *text, GError **error)
{
  /* Cut in place, line by line: g_strsplit looks for each separator with
   * strstr, which the sanitizers make scan the rest of the text every time. */
  g_autofree char *copy = g_strdup (text);
  g_autofree char *current_group = NULL;
  char *next = copy;

  source->group_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  source->key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint number = 1; next != NULL; number++)
    {
      char *line = next;
      char *end = strchr (line, '\n');
      gsize length;

      next = end != NULL ? end + 1 : NULL;
      if (end != NULL)
        *end = '\0';
      if (!g_utf8_validate (line, -1, NULL))
        return fail_at_line (source, number, error,
                             _("this line is not valid UTF-8 text; save the file as UTF-8"));
      while (g_ascii_isspace (*line))
        line++;
      length = strlen (line);
      while (length > 0 && (line[length - 1] == '\r' || line[length - 1] == ' ' || line[length - 1] == '\t'))
        line[--length] = '\0';
      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          if (!scan_group_header (source, line, number, &current_group, error))
            return FALSE;
        }
      else if (!scan_key (source, line, number, current_group, error))
        return FALSE;
    }
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-text.c — folding text for search, and the checks every text from a person or a file passes. */
#include "config.h"

#include <sodium.h>

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tr-error.h"
#include "tr-text.h"

#define EXCERPT_MAX_CHARS 60

/* Letters that carry no combining mark to drop but that a person types
 * without their special form: "oeuvre" must find "œuvre". */
static const char *
spelled_out (gunichar c)
{
  switch (c)
    {
    case 0x00E6: return "ae";  /* æ */
    case 0x0153: return "oe";  /* œ */
    case 0x00DF: return "ss";  /* ß (when casefolding left it) */
    case 0x00F8: return "o";   /* ø */
    case 0x0142: return "l";   /* ł */
    case 0x0111: return "d";   /* đ */
    default: return NULL;
    }
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

/* Accents shared by many scripts (Latin, Greek, Cyrillic diacritics, Arabic
 * short vowels) belong to no script of their own; people leave them out
 * when typing. A mark of a given script, such as a Devanagari or Thai vowel
 * sign, is part of the spelling: it stays, and keeps the word whole. */
static gboolean
is_dropped_mark (gunichar c)
{
  return is_mark (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_INHERITED;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || is_mark (c);
}

char *
tr_text_fold (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* Compatibility decomposition (a superset of NFD) also turns "ﬁ" into
   * "fi" and "11ᵉ" into "11e", which is how people type them. */
  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return NULL;

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *spelled;

      if (is_dropped_mark (c))
        continue;
      if (!is_word_char (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
        }
      spelled = spelled_out (c);
      if (spelled != NULL)
        g_string_append (out, spelled);
      else
        g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

gboolean
tr_text_check_utf8 (const char *text, const char *what, GError **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("%s holds bytes that are not UTF-8 text: type it again, or save the file "
                 "as UTF-8."), what);
  return FALSE;
}

gboolean
tr_text_is_postcode (const char *text)
{
  if (text == NULL || strlen (text) != 5)
    return FALSE;
  for (int i = 0; i < 5; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
tr_text_is_blank (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

char *
tr_text_check_postcode (const char *input, GError **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  if (input != NULL && g_utf8_validate (input, -1, NULL))
    for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (!tr_text_is_blank (c))
          g_string_append_unichar (digits, c);
      }
  if (!tr_text_is_postcode (digits->str))
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("A postcode has exactly 5 digits, like 75011."));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

char *
tr_text_excerpt (const char *value)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n = 0;

  if (value == NULL)
    return g_strdup ("");
  /* Only the start matters: the rest of a huge value is not looked at. */
  valid = g_utf8_make_valid (value, strnlen (value, EXCERPT_MAX_CHARS * 4 + 4));
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == EXCERPT_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }
  return g_string_free (out, FALSE);
}

const char *
tr_text_find_bad_escape (const char *raw)
{
  for (const char *p = raw; p != NULL && *p != '\0'; p++)
    if (*p == '\\')
      {
        if (p[1] == '\0' || strchr ("sntr\\;", p[1]) == NULL)
          return p;
        p++;
      }
  return NULL;
}

/* A backslash only ever starts an escape in valid JSON (anywhere else the
 * parser refuses the text), so no string state needs tracking. */
gboolean
tr_text_check_json_has_no_nul (const char *json, const char *what, GError **error)
{
  guint line = 1;
  const char *line_start = json;

  for (const char *p = json; p != NULL && *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          line++;
          line_start = p + 1;
        }
      else if (*p == '\\' && p[1] != '\0')
        {
          if (g_ascii_strncasecmp (p + 1, "u0000", 5) == 0)
            {
              g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                           _("%s, line %u, column %u: a text holds a zero character (\\u0000), "
                             "which has no place in it; remove it"),
                           what, line, (guint) g_utf8_strlen (line_start, p - line_start) + 1);
              return FALSE;
            }
          p++;
        }
    }
  return TRUE;
}

void
tr_text_free_wiped (gpointer text)
{
  if (text == NULL)
    return;
  sodium_memzero (text, strlen (text));
  g_free (text);
}

/* GLib 2.74 makes the C locale of its g_ascii_strto* functions on their
 * first call, once, under a lock. A thread that waited there for another
 * thread's first call comes back with errno set (the futex's EAGAIN), and
 * g_ascii_string_to_signed () then refuses a good number: "“0” is not a
 * signed number". Made here, before there is a second thread. */
void
tr_text_prepare_threads (void)
{
  g_ascii_strtoll ("0", NULL, 10);
}

#include "config.h"

#include <string.h>

#include "tr-text.h"

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

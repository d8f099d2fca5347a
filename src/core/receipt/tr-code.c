/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-code.c — the human receipt code.
 *
 * Why the check catches every single error and every neighbour swap:
 *
 * Let q = 31 (the alphabet's size, a prime) and v_1 … v_8 the values of the
 * eight characters (their index in TR_CODE_ALPHABET). The check character is
 *     v_8 = (1·v_1 + 2·v_2 + … + 7·v_7) mod q,
 * that is, a code is valid exactly when  Σ w_i·v_i ≡ 0 (mod q)  with the
 * weights w = (1, 2, 3, 4, 5, 6, 7, q − 1).
 *
 * - Changing one character from a to b (a ≠ b, both in 0 … q−1) changes the
 *   sum by w_i·(b − a). Since q is prime, 0 < |b − a| < q and w_i ≢ 0, the
 *   product is not ≡ 0: the changed code is invalid.
 * - Swapping neighbours i, i+1 holding a ≠ b changes the sum by
 *   (w_i − w_{i+1})·(b − a). The neighbouring weights differ mod q (1…7 are
 *   consecutive, and 7 ≢ q − 1), so again the product is not ≡ 0. This also
 *   covers the swap across the dash (positions 4 and 5) and the swap of the
 *   last data character with the check character (positions 7 and 8).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "tr-code.h"
#include "tr-error.h"
#include "tr-keys.h"

#define CODE_LENGTH 8
#define ALPHABET_SIZE 31

G_STATIC_ASSERT (sizeof TR_CODE_ALPHABET - 1 == ALPHABET_SIZE);

static int
value_of (char c)
{
  const char *found;

  if (c == '\0')
    return -1;
  found = strchr (TR_CODE_ALPHABET, c);
  return found != NULL ? (int) (found - TR_CODE_ALPHABET) : -1;
}

char
tr_code_check_character (const char *first_seven)
{
  guint sum = 0;

  g_return_val_if_fail (first_seven != NULL, '\0');

  for (int i = 0; i < CODE_LENGTH - 1; i++)
    {
      int v = value_of (first_seven[i]);
      if (v < 0)
        return '\0';
      sum += (guint) (i + 1) * (guint) v;
    }
  return TR_CODE_ALPHABET[sum % ALPHABET_SIZE];
}

static char *
format_code (const char *chars)
{
  return g_strdup_printf ("%.4s-%.4s", chars, chars + 4);
}

char *
tr_code_generate (void)
{
  char chars[CODE_LENGTH + 1] = { 0 };

  /* libsodium wants initialising before any use; randombytes_uniform then
   * draws without the bias a plain modulo would give. */
  tr_crypto_init (NULL);
  for (int i = 0; i < CODE_LENGTH - 1; i++)
    chars[i] = TR_CODE_ALPHABET[randombytes_uniform (ALPHABET_SIZE)];
  chars[CODE_LENGTH - 1] = tr_code_check_character (chars);
  return format_code (chars);
}

gboolean
tr_code_is_valid (const char *code)
{
  char chars[CODE_LENGTH + 1] = { 0 };

  if (code == NULL || strlen (code) != CODE_LENGTH + 1 || code[4] != '-')
    return FALSE;
  memcpy (chars, code, 4);
  memcpy (chars + 4, code + 5, 4);
  for (int i = 0; i < CODE_LENGTH; i++)
    if (value_of (chars[i]) < 0)
      return FALSE;
  return tr_code_check_character (chars) == chars[CODE_LENGTH - 1];
}

static gboolean
is_separator (gunichar c)
{
  /* Phones turn "-" into typographic dashes; people type spaces. */
  return g_unichar_isspace (c) || c == '-' ||
         (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x00A0 || c == 0x202F;
}

static void
set_bad_character_error (GError **error, gunichar c)
{
  char utf8[8] = { 0 };

  g_unichar_to_utf8 (c, utf8);
  if (strchr ("01OIL", (int) g_unichar_toupper (c)) != NULL && c < 0x80)
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("Receipt codes have no “%s”: they never use 0, 1, O, I or L, so that "
                   "nothing can be misread. Please check this character on the receipt."),
                 utf8);
  else
    g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                 _("“%s” cannot be in a receipt code: codes use only the digits 2 to 9 "
                   "and capital letters, like 7KQ2-M9XD."),
                 utf8);
}

char *
tr_code_normalise (const char *input, GError **error)
{
  char chars[CODE_LENGTH + 1] = { 0 };
  int n = 0;

  if (input == NULL || !g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("Please type the receipt code, like 7KQ2-M9XD."));
      return NULL;
    }

  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_separator (c))
        continue;
      if (c >= 0x80 || value_of (g_ascii_toupper ((char) c)) < 0)
        {
          set_bad_character_error (error, c);
          return NULL;
        }
      if (n == CODE_LENGTH)
        {
          n++;
          break;
        }
      chars[n++] = g_ascii_toupper ((char) c);
    }

  if (n != CODE_LENGTH)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   n < CODE_LENGTH
                   ? _("A receipt code has 8 characters, like 7KQ2-M9XD; this one is too short.")
                   : _("A receipt code has 8 characters, like 7KQ2-M9XD; this one is too long."));
      return NULL;
    }
  if (tr_code_check_character (chars) != chars[CODE_LENGTH - 1])
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This receipt code does not check out: a character is wrong or two "
                     "are swapped. Please compare it with the receipt again."));
      return NULL;
    }
  return format_code (chars);
}

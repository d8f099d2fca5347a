/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-code.c — receipt codes: form, check character, what a person types. */
#include <string.h>

#include "tr-code.h"
#include "tr-error.h"

#define N_CODES 3000

static void
assert_canonical_form (const char *code)
{
  g_assert_cmpuint (strlen (code), ==, 9);
  g_assert_cmpint (code[4], ==, '-');
  for (int i = 0; i < 9; i++)
    if (i != 4)
      g_assert_nonnull (strchr (TR_CODE_ALPHABET, code[i]));
}

static void
test_alphabet_has_no_look_alikes (void)
{
  g_assert_cmpuint (strlen (TR_CODE_ALPHABET), ==, 31);
  for (const char *p = "01OIL"; *p != '\0'; p++)
    g_assert_null (strchr (TR_CODE_ALPHABET, *p));
  for (int i = 0; i < 31; i++)
    g_assert_null (strchr (TR_CODE_ALPHABET + i + 1, TR_CODE_ALPHABET[i]));
}

static void
test_generate (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint counts[256] = { 0 };

  for (int i = 0; i < N_CODES; i++)
    {
      char *code = tr_code_generate ();
      assert_canonical_form (code);
      g_assert_true (tr_code_is_valid (code));
      for (int k = 0; k < 4; k++)
        counts[(guchar) code[k]]++;
      g_assert_true (g_hash_table_add (seen, code));
    }
  /* Every character turns up in the random part: 12,000 draws over 31
   * characters give each about 387; below 250 would mean a bias. */
  for (int i = 0; i < 31; i++)
    g_assert_cmpuint (counts[(guchar) TR_CODE_ALPHABET[i]], >, 250);
}

static void
test_check_character (void)
{
  /* '2' is worth 0, so the sum is 0: check '2'. */
  g_assert_cmpint (tr_code_check_character ("2222222"), ==, '2');
  /* '3' is worth 1: 1 + 2 + … + 7 = 28 → 'X'. */
  g_assert_cmpint (tr_code_check_character ("3333333"), ==, 'X');
  /* Only the seventh is worth 1: 7·1 → '9'. */
  g_assert_cmpint (tr_code_check_character ("2222223"), ==, '9');
  /* 7·30 = 210 ≡ 24 (mod 31) → 'T'. */
  g_assert_cmpint (tr_code_check_character ("222222Z"), ==, 'T');
  g_assert_cmpint (tr_code_check_character ("222O222"), ==, '\0');
  g_assert_cmpint (tr_code_check_character ("22222"), ==, '\0');
}

static void
test_is_valid_wants_canonical_form (void)
{
  g_assert_true (tr_code_is_valid ("3333-333X"));
  g_assert_false (tr_code_is_valid ("3333333X"));
  g_assert_false (tr_code_is_valid ("3333-333x"));
  g_assert_false (tr_code_is_valid (" 3333-333X"));
  g_assert_false (tr_code_is_valid ("3333-333X "));
  g_assert_false (tr_code_is_valid ("333-3333X"));
  g_assert_false (tr_code_is_valid (""));
  g_assert_false (tr_code_is_valid (NULL));
}

static void
set_char_at (char *code, int position, char c)
{
  code[position < 4 ? position : position + 1] = c;
}

static char
char_at (const char *code, int position)
{
  return code[position < 4 ? position : position + 1];
}

static void
assert_refused (const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalised = tr_code_normalise (code, &error);

  g_assert_false (tr_code_is_valid (code));
  g_assert_null (normalised);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
}

static void
test_every_substitution_is_caught (void)
{
  for (int n = 0; n < N_CODES; n++)
    {
      g_autofree char *code = tr_code_generate ();

      for (int position = 0; position < 8; position++)
        {
          char original = char_at (code, position);
          for (int k = 0; k < 31; k++)
            {
              if (TR_CODE_ALPHABET[k] == original)
                continue;
              set_char_at (code, position, TR_CODE_ALPHABET[k]);
              g_assert_false (tr_code_is_valid (code));
            }
          set_char_at (code, position, original);
        }
      g_assert_true (tr_code_is_valid (code));
    }

  /* tr_code_normalise applies the same check; one round through it. */
  {
    g_autofree char *code = tr_code_generate ();
    set_char_at (code, 2, char_at (code, 2) == '2' ? '3' : '2');
    assert_refused (code);
  }
}

static void
test_every_neighbour_swap_is_caught (void)
{
  guint swaps = 0;

  for (int n = 0; n < N_CODES; n++)
    {
      g_autofree char *code = tr_code_generate ();

      for (int position = 0; position < 7; position++)
        {
          char a = char_at (code, position);
          char b = char_at (code, position + 1);
          if (a == b)
            continue;
          set_char_at (code, position, b);
          set_char_at (code, position + 1, a);
          assert_refused (code);
          swaps++;
          set_char_at (code, position, a);
          set_char_at (code, position + 1, b);
        }
      g_assert_true (tr_code_is_valid (code));
    }
  g_assert_cmpuint (swaps, >, N_CODES * 6);
}

/* Every pair of distinct values, at every pair of neighbours, the rest
 * fixed: the whole space the proof in tr-code.c covers. */
static void
test_all_swaps_of_all_pairs (void)
{
  for (int position = 0; position < 7; position++)
    for (int a = 0; a < 31; a++)
      for (int b = 0; b < 31; b++)
        {
          char chars[9] = "2345678";
          char check;
          g_autofree char *code = NULL;

          if (a == b)
            continue;
          if (position < 6)
            {
              chars[position] = TR_CODE_ALPHABET[a];
              chars[position + 1] = TR_CODE_ALPHABET[b];
              chars[7] = tr_code_check_character (chars);
            }
          else
            {
              /* The last data character and the check itself. */
              chars[6] = TR_CODE_ALPHABET[a];
              chars[7] = tr_code_check_character (chars);
              if (chars[7] == chars[6])
                continue;
            }
          check = chars[7];
          g_assert_cmpint (check, !=, '\0');
          code = g_strdup_printf ("%.4s-%.4s", chars, chars + 4);
          g_assert_true (tr_code_is_valid (code));
          set_char_at (code, position, chars[position + 1]);
          set_char_at (code, position + 1, chars[position]);
          g_assert_false (tr_code_is_valid (code));
        }
}

static void
assert_normalises (const char *typed, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = tr_code_normalise (typed, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, expected);
}

static void
test_normalise_accepts_what_people_type (void)
{
  assert_normalises ("3333-333X", "3333-333X");
  assert_normalises ("3333333x", "3333-333X");
  assert_normalises ("  3333 333x ", "3333-333X");
  assert_normalises ("33-33-33-3X", "3333-333X");
  assert_normalises ("-3333--333X-", "3333-333X");
  assert_normalises ("3333 – 333X", "3333-333X");  /* en dash, as phones write it */
  assert_normalises ("3333\t333X\n", "3333-333X");
  assert_normalises ("3 3 3 3 3 3 3 x", "3333-333X");
}

static void
assert_normalise_error (const char *typed, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = tr_code_normalise (typed, &error);

  g_assert_null (code);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s”: message “%s” does not contain “%s”", typed, error->message, needle);
}

static void
test_normalise_refuses_and_says_why (void)
{
  /* Look-alikes name the character and say why it cannot be there. */
  assert_normalise_error ("3333-O33X", "“O”");
  assert_normalise_error ("3333-o33X", "“o”");
  assert_normalise_error ("3333-033X", "“0”");
  assert_normalise_error ("3333-133X", "never use 0, 1, O, I or L");
  assert_normalise_error ("3333-I33X", "“I”");
  assert_normalise_error ("3l33-333X", "“l”");
  /* Other characters are named too. */
  assert_normalise_error ("3333-3#3X", "“#”");
  assert_normalise_error ("3333-3é3X", "“é”");
  assert_normalise_error ("3333_333X", "“_”");
  /* Length. */
  assert_normalise_error ("3333-33X", "too short");
  assert_normalise_error ("3333-333X3", "too long");
  assert_normalise_error ("", "too short");
  assert_normalise_error ("   ", "too short");
  /* Wrong check. */
  assert_normalise_error ("3333-333Y", "does not check out");
  assert_normalise_error ("3333-33X3", "does not check out");
  /* Not text at all. */
  assert_normalise_error ("3333-\xff""33X", "type the receipt code");
  assert_normalise_error (NULL, "type the receipt code");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/code/alphabet-has-no-look-alikes", test_alphabet_has_no_look_alikes);
  g_test_add_func ("/code/generate", test_generate);
  g_test_add_func ("/code/check-character", test_check_character);
  g_test_add_func ("/code/is-valid-wants-canonical-form", test_is_valid_wants_canonical_form);
  g_test_add_func ("/code/every-substitution-is-caught", test_every_substitution_is_caught);
  g_test_add_func ("/code/every-neighbour-swap-is-caught", test_every_neighbour_swap_is_caught);
  g_test_add_func ("/code/all-swaps-of-all-pairs", test_all_swaps_of_all_pairs);
  g_test_add_func ("/code/normalise-accepts-what-people-type", test_normalise_accepts_what_people_type);
  g_test_add_func ("/code/normalise-refuses-and-says-why", test_normalise_refuses_and_says_why);

  return g_test_run ();
}

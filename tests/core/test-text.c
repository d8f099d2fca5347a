/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c — tests of search folding and the checks on text from people and files. */
#include <string.h>

#include "tr-error.h"
#include "tr-text.h"

static void
assert_fold (const char *text, const char *expected)
{
  g_autofree char *folded = tr_text_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_accents_and_case (void)
{
  assert_fold ("Développeuse Web", "developpeuse web");
  assert_fold ("DÉVELOPPEUSE", "developpeuse");
  assert_fold ("Ça été élevé à Noël", "ca ete eleve a noel");
  /* Already decomposed input (e + combining acute) folds the same. */
  assert_fold ("De\xCC\x81veloppeuse", "developpeuse");
  assert_fold ("Ångström ñandú", "angstrom nandu");
}

static void
test_ligatures (void)
{
  assert_fold ("Œuvre cœur", "oeuvre coeur");
  assert_fold ("Ægis nævus", "aegis naevus");
  assert_fold ("Straße", "strasse");
  assert_fold ("STRASSE", "strasse");
  assert_fold ("\xEF\xAC\x81" "chier", "fichier");  /* the "ﬁ" ligature */
}

static void
test_separators (void)
{
  assert_fold ("  developpeuse   web  ", "developpeuse web");
  assert_fold ("Chef·fe de projet — web/mobile", "chef fe de projet web mobile");
  assert_fold ("l’école d'été", "l ecole d ete");
  assert_fold ("C#, .NET & SQL!", "c net sql");
  assert_fold ("Paris 11ᵉ", "paris 11e");
  assert_fold ("a\tb\r\nc", "a b c");
}

static void
test_empty_and_blank (void)
{
  assert_fold ("", "");
  assert_fold (" -- ;; ", "");
}

static void
test_other_scripts (void)
{
  /* Chinese has no case and no accents: it stays as it is. */
  assert_fold ("北京 开发者", "北京 开发者");
  /* Arabic letters stay; the short-vowel marks (harakat) are dropped, as
   * people usually type without them. */
  assert_fold ("مُطَوِّر ويب", "مطور ويب");
  /* Greek and Cyrillic are lower-cased and lose their accents. */
  assert_fold ("ΆΘΗΝΑ", "αθηνα");
  assert_fold ("ПРОГРАММИСТ Ёлка", "программист елка");
  /* Devanagari vowel signs are part of the word, not separators. */
  assert_fold ("डेवलपर", "डेवलपर");
}

static void
test_same_fold_for_what_people_type (void)
{
  const char *variants[] = { "Développeuse", "developpeuse", "DEVELOPPEUSE", "dévelOPPeuse " };
  g_autofree char *first = tr_text_fold (variants[0]);

  for (guint i = 1; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *other = tr_text_fold (variants[i]);
      g_assert_cmpstr (other, ==, first);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *folded = tr_text_fold ("caf\xE9");

  g_assert_null (folded);
  g_assert_null (tr_text_fold (NULL));
}

/* At most 60 characters, cut between characters, readable in a message. */
static void
test_excerpt (void)
{
  g_autofree char *huge = g_strnfill (10 * 1024 * 1024, 'a');
  g_autofree char *sixty = g_strnfill (60, 'b');
  g_autoptr(GString) accents = g_string_new (NULL);
  g_autofree char *cut = NULL;
  g_autofree char *whole = tr_text_excerpt (sixty);
  g_autofree char *bad = tr_text_excerpt ("Ab\xff\ncd\xe2\x82");
  g_autofree char *none = tr_text_excerpt (NULL);
  g_autofree char *short_huge = tr_text_excerpt (huge);

  for (int i = 0; i < 100; i++)
    g_string_append (accents, "é😀");
  cut = tr_text_excerpt (accents->str);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (cut, -1), ==, 61);
  g_assert_true (g_str_has_suffix (cut, "é😀…"));
  g_assert_cmpstr (whole, ==, sixty);
  g_assert_cmpint (g_utf8_strlen (short_huge, -1), ==, 61);
  g_assert_true (g_str_has_suffix (short_huge, "a…"));
  g_assert_cmpstr (bad, ==, "Ab\xef\xbf\xbd\xef\xbf\xbd" "cd\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpstr (none, ==, "");
}

static void
test_check_utf8 (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tr_text_check_utf8 ("Awa Diallo", "x", &error));
  g_assert_true (tr_text_check_utf8 (NULL, "x", &error));
  g_assert_no_error (error);
  g_assert_false (tr_text_check_utf8 ("Awa\xc3", "The name", &error));
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "The name holds bytes that are not UTF-8"));
}

static void
test_postcode (void)
{
  const char *message = "A postcode has exactly 5 digits, like 75011.";
  const struct {
    const char *input;
    const char *postcode;
  } good[] = {
    { "75011", "75011" }, { "93200", "93200" }, { " 75 011 ", "75011" },
    { "75\u00a0011", "75011" } /* no-break space */, { "75\u202f011", "75011" } /* narrow one */,
    { "\t75011\n", "75011" },
  };
  const char *bad[] = { NULL, "", "  ", "7501", "750111", "75O11", "75011a", "75-011", "-7501",
                        "７５０１１" /* full-width digits */, "7501\xc3" /* not UTF-8 */ };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *postcode = tr_text_check_postcode (good[i].input, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (postcode, ==, good[i].postcode);
      g_assert_true (tr_text_is_postcode (postcode));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (tr_text_check_postcode (bad[i], &error));
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, message);
      g_assert_false (tr_text_is_postcode (bad[i]));
    }
  /* The plain test takes the text as it is: blanks are the check's to drop. */
  g_assert_false (tr_text_is_postcode ("75 011"));
}

static void
test_bad_escape (void)
{
  const char *good[] = { "", "abc", "a\\sb\\n\\t\\r\\\\", "x\\;y", "\\\\" };
  const char *bad[] = { "abc\\q\\", "abc\\", "\\q", "a\\\\\\" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_null (tr_text_find_bad_escape (good[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_nonnull (tr_text_find_bad_escape (bad[i]));
  g_assert_cmpstr (tr_text_find_bad_escape ("ab\\sc\\qd"), ==, "\\qd");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold/accents-and-case", test_accents_and_case);
  g_test_add_func ("/text/fold/ligatures", test_ligatures);
  g_test_add_func ("/text/fold/separators", test_separators);
  g_test_add_func ("/text/fold/empty", test_empty_and_blank);
  g_test_add_func ("/text/fold/other-scripts", test_other_scripts);
  g_test_add_func ("/text/fold/same-fold", test_same_fold_for_what_people_type);
  g_test_add_func ("/text/fold/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text/excerpt", test_excerpt);
  g_test_add_func ("/text/check-utf8", test_check_utf8);
  g_test_add_func ("/text/bad-escape", test_bad_escape);
  g_test_add_func ("/text/postcode", test_postcode);

  return g_test_run ();
}

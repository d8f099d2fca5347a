/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-person.c — personal details: what people type, what is kept. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-person.h"

static GDate today;

static void
set_today (int year, int month, int day)
{
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, day, month, year);
}

static void
assert_accepts (TrField field, const char *input, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = tr_person_check_field (field, input, &today, &error);

  if (error != NULL)
    g_error ("%s “%s” refused: %s", tr_field_to_key (field), input, error->message);
  g_assert_cmpstr (value, ==, expected);
}

static void
assert_refuses (TrField field, const char *input, const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = tr_person_check_field (field, input, &today, &error);

  if (value != NULL)
    g_error ("%s “%s” accepted as “%s”", tr_field_to_key (field), input, value);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  if (strstr (error->message, message_part) == NULL)
    g_error ("%s “%s”: message “%s” lacks “%s”", tr_field_to_key (field), input,
             error->message, message_part);
}

static void
test_field_keys (void)
{
  const char *keys[] = { "first_name", "last_name", "birth_date", "phone", "email",
                         "postcode", "pole_emploi_id" };

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == TR_N_FIELDS);
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      TrField back = TR_N_FIELDS;
      g_assert_cmpstr (tr_field_to_key (field), ==, keys[field]);
      g_assert_true (tr_field_from_key (keys[field], &back));
      g_assert_cmpint (back, ==, field);
      g_assert_cmpint (tr_field_is_optional (field), ==,
                       field == TR_FIELD_EMAIL || field == TR_FIELD_POLE_EMPLOI_ID);
    }
  g_assert_false (tr_field_from_key ("nir", NULL));
  g_assert_false (tr_field_from_key ("First_Name", NULL));
  g_assert_false (tr_field_from_key (NULL, NULL));
}

static void
test_names_accepted (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Awa", "Awa" },
    { "  Jean-Éric  ", "Jean-Éric" },
    { "N'Diaye", "N'Diaye" },
    { "O’Connor", "O’Connor" },
    { "Marie   Claire", "Marie Claire" },
    { "Marie\u00a0Claire", "Marie Claire" },       /* no-break space */
    { "Marie \u202f Claire", "Marie Claire" },     /* narrow no-break space */
    { "محمد", "محمد" },                             /* Arabic */
    { "عبد الله", "عبد الله" },
    { "王秀英", "王秀英" },                          /* Chinese */
    { "Ελένη", "Ελένη" },                           /* Greek */
    { "Наталья", "Наталья" },                       /* Cyrillic */
    { "Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai" },
    { "प्रिया", "प्रिया" },                             /* Devanagari, with vowel marks */
    { "Fatoumata Binta", "Fatoumata Binta" },
    { "Zoë", "Zoë" },
    { "A", "A" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      assert_accepts (TR_FIELD_FIRST_NAME, cases[i].in, cases[i].out);
      assert_accepts (TR_FIELD_LAST_NAME, cases[i].in, cases[i].out);
    }
}

static void
test_names_normalised_to_nfc (void)
{
  /* "E" + combining acute, as some keyboards and Macs send it. */
  g_autofree char *value = tr_person_check_field (TR_FIELD_FIRST_NAME, "E\u0301ric", &today, NULL);
  g_autofree char *nfd_long = NULL;
  g_autofree char *nfc_long = NULL;
  GString *builder = g_string_new (NULL);

  g_assert_cmpstr (value, ==, "\u00c9ric");
  g_assert_cmpuint (strlen (value), ==, 5);

  /* 80 é typed decomposed are 160 code points, but 80 characters once NFC. */
  for (int i = 0; i < 80; i++)
    g_string_append (builder, "e\u0301");
  nfd_long = g_string_free (builder, FALSE);
  nfc_long = tr_person_check_field (TR_FIELD_LAST_NAME, nfd_long, &today, NULL);
  g_assert_nonnull (nfc_long);
  g_assert_cmpint (g_utf8_strlen (nfc_long, -1), ==, 80);
  g_assert_true (g_str_has_prefix (nfc_long, "\u00e9\u00e9"));
}

static void
test_names_refused (void)
{
  const char *letters_only = "letters only";
  g_autofree char *eighty = g_strnfill (80, 'a');
  g_autofree char *eighty_one = g_strnfill (81, 'a');
  g_autofree char *eighty_one_words = NULL;
  const char *bad[] = {
    "Jean2", "R2D2", "😀", "Jean 😀", "Jean\tPaul", "Jean\nPaul", "Jean\x01", "Jean\x7f",
    "-", "'", "- '", "Jean.Paul", "Jean,Paul", "<script>", "awa@example.fr", "Jean_Paul",
    "Jean\u200bPaul" /* zero-width space */, "١٢٣" /* Arabic digits */, "Ⅻ",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      assert_refuses (TR_FIELD_FIRST_NAME, bad[i], letters_only);
      assert_refuses (TR_FIELD_LAST_NAME, bad[i], letters_only);
    }
  assert_refuses (TR_FIELD_FIRST_NAME, "Jean2", "first name");
  assert_refuses (TR_FIELD_LAST_NAME, "Jean2", "last name");

  assert_refuses (TR_FIELD_FIRST_NAME, "", "Please type your first name.");
  assert_refuses (TR_FIELD_FIRST_NAME, "   ", "Please type your first name.");
  assert_refuses (TR_FIELD_FIRST_NAME, NULL, "Please type your first name.");
  assert_refuses (TR_FIELD_LAST_NAME, "", "Please type your last name.");

  assert_accepts (TR_FIELD_LAST_NAME, eighty, eighty);
  assert_refuses (TR_FIELD_LAST_NAME, eighty_one, "80");
  /* Blanks collapse before counting: 81 typed, 80 kept, is fine. */
  eighty_one_words = g_strconcat ("a  ", eighty + 2, NULL);
  g_assert_cmpuint (strlen (eighty_one_words), ==, 81);
  {
    g_autofree char *kept = g_strconcat ("a ", eighty + 2, NULL);
    assert_accepts (TR_FIELD_LAST_NAME, eighty_one_words, kept);
  }
}

static void
test_birth_date (void)
{
  set_today (2027, 3, 14);

  assert_accepts (TR_FIELD_BIRTH_DATE, "1990-03-14", "1990-03-14");
  assert_accepts (TR_FIELD_BIRTH_DATE, "14/03/1990", "1990-03-14");
  assert_accepts (TR_FIELD_BIRTH_DATE, "4/3/1990", "1990-03-04");
  assert_accepts (TR_FIELD_BIRTH_DATE, "14.03.1990", "1990-03-14");
  assert_accepts (TR_FIELD_BIRTH_DATE, "14-03-1990", "1990-03-14");
  assert_accepts (TR_FIELD_BIRTH_DATE, "  14/03/1990 ", "1990-03-14");
  assert_accepts (TR_FIELD_BIRTH_DATE, "29/02/2000", "2000-02-29");

  assert_refuses (TR_FIELD_BIRTH_DATE, "", "date of birth");
  assert_refuses (TR_FIELD_BIRTH_DATE, NULL, "date of birth");
  assert_refuses (TR_FIELD_BIRTH_DATE, "1990-02-30", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "30/02/1990", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "29/02/1999", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "1990/03/14", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "14/03/90", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "14/03-1990", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "1990-3-14", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "14 mars 1990", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "00/03/1990", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "14/13/1990", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "123/03/1990", "14/03/1990");
  assert_refuses (TR_FIELD_BIRTH_DATE, "2028-01-01", "future");
}

static void
test_age_bounds (void)
{
  set_today (2027, 3, 14);
  /* 16 today: in. One day short of 16: out. */
  assert_accepts (TR_FIELD_BIRTH_DATE, "2011-03-14", "2011-03-14");
  assert_refuses (TR_FIELD_BIRTH_DATE, "2011-03-15", "16 or older");
  assert_refuses (TR_FIELD_BIRTH_DATE, "2027-03-14", "16 or older");
  /* 99 until tomorrow: in. 100 today: out. */
  assert_accepts (TR_FIELD_BIRTH_DATE, "1927-03-15", "1927-03-15");
  assert_refuses (TR_FIELD_BIRTH_DATE, "1927-03-14", "over 99");
  assert_refuses (TR_FIELD_BIRTH_DATE, "1850-01-01", "over 99");

  /* Born on 29 February: 16 on the 29th in a leap year, not the 28th. */
  set_today (2024, 2, 28);
  assert_refuses (TR_FIELD_BIRTH_DATE, "29/02/2008", "16 or older");
  set_today (2024, 2, 29);
  assert_accepts (TR_FIELD_BIRTH_DATE, "29/02/2008", "2008-02-29");
  /* In a common year, on 1 March. */
  set_today (2025, 2, 28);
  assert_refuses (TR_FIELD_BIRTH_DATE, "2009-03-01", "16 or older");
  set_today (2025, 3, 1);
  assert_accepts (TR_FIELD_BIRTH_DATE, "2009-03-01", "2009-03-01");
  set_today (2027, 3, 14);
}

static void
test_phone (void)
{
  const char *forms[] = {
    "06 12 34 56 78", "0612345678", "06.12.34.56.78", "06-12-34-56-78", " 06 12 34 56 78 ",
    "+33 6 12 34 56 78", "+33612345678", "0033 6 12 34 56 78", "0033612345678",
    "+33 (0)6 12 34 56 78", "+33(0)612345678", "+33 06 12 34 56 78", "06\u00a012\u00a034\u00a056\u00a078",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    assert_accepts (TR_FIELD_PHONE, forms[i], "+33612345678");
  assert_accepts (TR_FIELD_PHONE, "01 44 55 66 77", "+33144556677");
  assert_accepts (TR_FIELD_PHONE, "09 87 65 43 21", "+33987654321");
  assert_accepts (TR_FIELD_PHONE, "07 00 00 00 00", "+33700000000");

  const char *ten_digits = "10 digits, like 06 12 34 56 78";
  assert_refuses (TR_FIELD_PHONE, "00 12 34 56 78", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "6 12 34 56 78", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "06 12 34 56 789", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "06 12 34 56 7", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "06 12 34 56 7a", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "06/12/34/56/78", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "(06) 12 34 56 78", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "33612345678", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "+33 0 0 12 34 56 78", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "+33 6 12 34 56 7", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "+33 (0)", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "+33 (1)6 12 34 56 78", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "06 12 34 (0)56 78", ten_digits);
  assert_refuses (TR_FIELD_PHONE, "０６１２３４５６７８", ten_digits);  /* full-width */
  assert_refuses (TR_FIELD_PHONE, "", "Please type your phone number");
  assert_refuses (TR_FIELD_PHONE, "  ", "Please type your phone number");
  assert_refuses (TR_FIELD_PHONE, NULL, "Please type your phone number");
  assert_refuses (TR_FIELD_PHONE, "+44 20 7946 0958", "French phone number");
  assert_refuses (TR_FIELD_PHONE, "0044 20 7946 0958", "French phone number");
  assert_refuses (TR_FIELD_PHONE, "++33612345678", "French phone number");
}

static void
test_phone_to_national (void)
{
  struct { const char *in, *out; } cases[] = {
    { "+33612345678", "06 12 34 56 78" },
    { "+33144556677", "01 44 55 66 77" },
    { "+33987654321", "09 87 65 43 21" },
    /* Not a French number in E.164: shown as it is kept. */
    { "+442079460958", "+442079460958" },
    { "+3361234567", "+3361234567" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *national = tr_phone_to_national (cases[i].in);
      g_assert_cmpstr (national, ==, cases[i].out);
    }
  g_assert_null (tr_phone_to_national (NULL));

  /* Each typed form comes back the same. */
  {
    g_autofree char *e164 = tr_person_check_field (TR_FIELD_PHONE, "+33 (0)7.11.22.33.44",
                                                   &today, NULL);
    g_autofree char *national = tr_phone_to_national (e164);
    g_assert_cmpstr (national, ==, "07 11 22 33 44");
  }
}

static void
test_email (void)
{
  g_autofree char *local_242 = g_strnfill (242, 'a');
  g_autofree char *local_243 = g_strnfill (243, 'a');
  g_autofree char *len_254 = g_strconcat (local_242, "@example.com", NULL);
  g_autofree char *len_255 = g_strconcat (local_243, "@example.com", NULL);
  g_autofree char *label_63 = g_strnfill (63, 'b');
  g_autofree char *label_64 = g_strnfill (64, 'b');
  g_autofree char *ok_label = g_strconcat ("a@", label_63, ".fr", NULL);
  g_autofree char *long_label = g_strconcat ("a@", label_64, ".fr", NULL);
  const char *message = "name@example.fr";
  const char *good[] = {
    "awa@example.fr", "awa.diop@mail.example.com", "a+tag@x.io", "user@localhost",
    "x@a-b.fr", "o'connor@example.ie", "1@2.3", "Awa.Diop@Example.FR",
    "!#$%&'*+/=?^_`{|}~-@example.org",
  };
  const char *bad[] = {
    "awa", "awa@", "@example.fr", "awa@@example.fr", "awa@exa mple.fr", "awa @example.fr",
    "awa@-example.fr", "awa@example-.fr", "awa@example..fr", "awa@.fr", "awa@example.fr.",
    "élise@example.fr", "awa@exämple.fr", "awa@example.fr\nx", "awa@example.fr\n@b",
    "awa@exa_mple.fr", "\"awa\"@example.fr", "awa@[127.0.0.1]", "awa@example.fr,b@c.fr",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    assert_accepts (TR_FIELD_EMAIL, good[i], good[i]);
  assert_accepts (TR_FIELD_EMAIL, "  awa@example.fr \n", "awa@example.fr");
  assert_accepts (TR_FIELD_EMAIL, len_254, len_254);
  assert_accepts (TR_FIELD_EMAIL, ok_label, ok_label);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refuses (TR_FIELD_EMAIL, bad[i], message);
  assert_refuses (TR_FIELD_EMAIL, len_255, message);
  assert_refuses (TR_FIELD_EMAIL, long_label, message);

  /* Optional: nothing typed is no value and no error. */
  assert_accepts (TR_FIELD_EMAIL, "", NULL);
  assert_accepts (TR_FIELD_EMAIL, "   ", NULL);
  assert_accepts (TR_FIELD_EMAIL, NULL, NULL);
}

static void
test_postcode (void)
{
  assert_accepts (TR_FIELD_POSTCODE, "75011", "75011");
  assert_accepts (TR_FIELD_POSTCODE, " 75 011 ", "75011");
  assert_accepts (TR_FIELD_POSTCODE, "93200", "93200");

  const char *message = "A postcode has exactly 5 digits, like 75011.";
  const char *bad[] = { "7501", "750111", "75O11", "", "  ", "75011a", "７５０１１", "75-011",
                        "-7501" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refuses (TR_FIELD_POSTCODE, bad[i], message);
  assert_refuses (TR_FIELD_POSTCODE, NULL, message);
}

static void
test_pole_emploi_id (void)
{
  assert_accepts (TR_FIELD_POLE_EMPLOI_ID, "1234567A", "1234567A");
  assert_accepts (TR_FIELD_POLE_EMPLOI_ID, "1234567a", "1234567A");
  assert_accepts (TR_FIELD_POLE_EMPLOI_ID, " 123 4567 a ", "1234567A");
  assert_accepts (TR_FIELD_POLE_EMPLOI_ID, "12345678", "12345678");
  assert_accepts (TR_FIELD_POLE_EMPLOI_ID, "", NULL);
  assert_accepts (TR_FIELD_POLE_EMPLOI_ID, "  ", NULL);
  assert_accepts (TR_FIELD_POLE_EMPLOI_ID, NULL, NULL);

  const char *message = "7 digits and then one letter or digit, like 1234567A";
  const char *bad[] = { "123456A7", "1234567", "123456789", "1234567-", "1234567É",
                        "ABCDEFGH", "1234567AB", "123-4567A" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refuses (TR_FIELD_POLE_EMPLOI_ID, bad[i], message);
}

static TrPerson *
full_person (void)
{
  TrPerson *person = tr_person_new ();

  person->values[TR_FIELD_FIRST_NAME] = g_strdup ("Jean-Éric");
  person->values[TR_FIELD_LAST_NAME] = g_strdup ("N'Diaye");
  person->values[TR_FIELD_BIRTH_DATE] = g_strdup ("1990-03-14");
  person->values[TR_FIELD_PHONE] = g_strdup ("+33612345678");
  person->values[TR_FIELD_EMAIL] = g_strdup ("jean-eric@example.fr");
  person->values[TR_FIELD_POSTCODE] = g_strdup ("75019");
  person->values[TR_FIELD_POLE_EMPLOI_ID] = g_strdup ("1234567A");
  return person;
}

static void
test_json_round_trip (void)
{
  g_autoptr(TrPerson) person = full_person ();
  g_autofree char *json = tr_person_to_json (person);
  g_autoptr(GError) error = NULL;
  TrField bad = TR_FIELD_FIRST_NAME;
  g_autoptr(TrPerson) back = tr_person_from_json (json, &today, &bad, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, TR_N_FIELDS);
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    g_assert_cmpstr (back->values[field], ==, person->values[field]);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, TR_N_FIELDS);
  g_assert_cmpstr (json_object_get_string_member (object, "last_name"), ==, "N'Diaye");
  g_assert_cmpstr (json_object_get_string_member (object, "phone"), ==, "+33612345678");

  /* Empty optional fields are left out, and read back as empty. */
  g_clear_pointer (&person->values[TR_FIELD_EMAIL], g_free);
  g_clear_pointer (&person->values[TR_FIELD_POLE_EMPLOI_ID], g_free);
  {
    g_autofree char *short_json = tr_person_to_json (person);
    g_autoptr(TrPerson) short_back = tr_person_from_json (short_json, &today, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (strstr (short_json, "email"));
    g_assert_null (strstr (short_json, "pole_emploi_id"));
    g_assert_null (short_back->values[TR_FIELD_EMAIL]);
    g_assert_null (short_back->values[TR_FIELD_POLE_EMPLOI_ID]);
    g_assert_cmpstr (short_back->values[TR_FIELD_PHONE], ==, "+33612345678");
  }
}

static void
test_json_normalises_typed_values (void)
{
  const char *json =
    "{\"first_name\": \"  E\\u0301ric \", \"last_name\": \"O’Connor\", "
    "\"birth_date\": \"14/03/1990\", \"phone\": \"06 12 34 56 78\", \"email\": \"\", "
    "\"postcode\": \"75 011\", \"pole_emploi_id\": null}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TrPerson) person = tr_person_from_json (json, &today, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (person->values[TR_FIELD_FIRST_NAME], ==, "Éric");
  g_assert_cmpstr (person->values[TR_FIELD_BIRTH_DATE], ==, "1990-03-14");
  g_assert_cmpstr (person->values[TR_FIELD_PHONE], ==, "+33612345678");
  g_assert_null (person->values[TR_FIELD_EMAIL]);
  g_assert_cmpstr (person->values[TR_FIELD_POSTCODE], ==, "75011");
  g_assert_null (person->values[TR_FIELD_POLE_EMPLOI_ID]);
}

static void
assert_json_bad_field (const char *json, TrField expected_field, const char *prefix)
{
  g_autoptr(GError) error = NULL;
  TrField bad = TR_FIELD_POLE_EMPLOI_ID;
  g_autoptr(TrPerson) person = tr_person_from_json (json, &today, &bad, &error);

  g_assert_null (person);
  g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
  g_assert_cmpint (bad, ==, expected_field);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("message “%s” does not start with “%s”", error->message, prefix);
}

static void
test_json_reports_bad_field (void)
{
  assert_json_bad_field ("{\"last_name\": \"Diop\", \"birth_date\": \"1990-03-14\", "
                         "\"phone\": \"0612345678\", \"postcode\": \"75011\"}",
                         TR_FIELD_FIRST_NAME, "first_name: Please type your first name.");
  assert_json_bad_field ("{\"first_name\": \"Awa\", \"last_name\": \"Diop\", "
                         "\"birth_date\": \"1990-03-14\", \"phone\": \"12345\", "
                         "\"postcode\": \"75011\"}",
                         TR_FIELD_PHONE, "phone: Please type your phone number with 10 digits");
  assert_json_bad_field ("{\"first_name\": \"Awa\", \"last_name\": \"Diop\", "
                         "\"birth_date\": \"2020-01-01\", \"phone\": \"0612345678\", "
                         "\"postcode\": \"75011\"}",
                         TR_FIELD_BIRTH_DATE, "birth_date: You must be 16 or older");
  assert_json_bad_field ("{\"first_name\": \"Awa\", \"last_name\": \"Diop\", "
                         "\"birth_date\": \"1990-03-14\", \"phone\": \"0612345678\", "
                         "\"postcode\": 75011}",
                         TR_FIELD_POSTCODE, "postcode: write this value as text");
  assert_json_bad_field ("{\"first_name\": \"Awa\", \"last_name\": \"Diop\", "
                         "\"birth_date\": \"1990-03-14\", \"phone\": \"0612345678\", "
                         "\"postcode\": \"75011\", \"email\": \"awa@\"}",
                         TR_FIELD_EMAIL, "email: Please check your email address");
  assert_json_bad_field ("{\"first_name\": \"Awa\", \"last_name\": [\"Diop\"], "
                         "\"birth_date\": \"1990-03-14\", \"phone\": \"0612345678\", "
                         "\"postcode\": \"75011\"}",
                         TR_FIELD_LAST_NAME, "last_name: ");
  /* The NIR, or anything else not asked for, is refused. */
  assert_json_bad_field ("{\"first_name\": \"Awa\", \"last_name\": \"Diop\", "
                         "\"birth_date\": \"1990-03-14\", \"phone\": \"0612345678\", "
                         "\"postcode\": \"75011\", \"nir\": \"290037512345678\"}",
                         TR_N_FIELDS, "nir: this detail is not collected");
}

static void
test_json_not_an_object (void)
{
  const char *bad[] = { "", "{", "[]", "\"Awa\"", "42", "null", "{\"first_name\": }" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      TrField field = TR_FIELD_PHONE;
      g_autoptr(TrPerson) person = tr_person_from_json (bad[i], &today, &field, &error);

      g_assert_null (person);
      g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
      g_assert_cmpint (field, ==, TR_N_FIELDS);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (tr_person_from_json (NULL, &today, NULL, &error));
    g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  }
}

/* Bytes that are not UTF-8 never reach GLib's text functions, which trust
 * them (a name cut inside a character once made them read past its end). */
static void
test_invalid_utf8 (void)
{
  const char *bad[] = { "\xff\xfe", "Awa\xc3", "Jean\xe2\x82", "Di\xf0\x9f\x98", "\xc0\xaf",
                        "75011\xff", "06 12 34 56 78\xe2" };

  for (TrField field = 0; field < TR_N_FIELDS; field++)
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      assert_refuses (field, bad[i], "not UTF-8");

  /* JSON carries only UTF-8: such bytes make it unreadable. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TrPerson) person =
      tr_person_from_json ("{\"first_name\": \"Awa\xc3\"}", &today, NULL, &error);
    g_assert_null (person);
    g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  }
}

/* JSON-GLib cuts a text at an escaped zero character: "Dia\u0000llo" would
 * be stored as "Dia". */
static void
test_json_zero_character (void)
{
  const char *bad[] = {
    "{\"first_name\": \"Awa\", \"last_name\": \"Dia\\u0000llo\", "
    "\"birth_date\": \"1990-03-14\", \"phone\": \"0612345678\", \"postcode\": \"75011\"}",
    "{\"first_name\": \"Awa\",\n \"last_name\": \"Diallo\", \"email\": \"a\\U0000@b.fr\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrPerson) person = tr_person_from_json (bad[i], &today, NULL, &error);

      g_assert_null (person);
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "zero character"));
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TrPerson) person = tr_person_from_json (bad[0], &today, NULL, &error);
    g_assert_nonnull (strstr (error->message, "line 1, column 40"));
  }
  {
    /* An escaped backslash followed by "u0000" is text, not a zero. */
    g_autoptr(GError) error = NULL;
    g_autoptr(TrPerson) person =
      tr_person_from_json ("{\"first_name\": \"Awa\", \"last_name\": \"Diallo\", "
                           "\"birth_date\": \"1990-03-14\", \"phone\": \"0612345678\", "
                           "\"postcode\": \"75011\", \"email\": \"a\\\\u0000@b.fr\"}",
                           &today, NULL, &error);
    g_assert_null (person);
    g_assert_nonnull (strstr (error->message, "email: "));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  set_today (2027, 3, 14);

  g_test_add_func ("/person/field-keys", test_field_keys);
  g_test_add_func ("/person/names-accepted", test_names_accepted);
  g_test_add_func ("/person/names-normalised-to-nfc", test_names_normalised_to_nfc);
  g_test_add_func ("/person/names-refused", test_names_refused);
  g_test_add_func ("/person/birth-date", test_birth_date);
  g_test_add_func ("/person/age-bounds", test_age_bounds);
  g_test_add_func ("/person/phone", test_phone);
  g_test_add_func ("/person/phone-to-national", test_phone_to_national);
  g_test_add_func ("/person/email", test_email);
  g_test_add_func ("/person/postcode", test_postcode);
  g_test_add_func ("/person/pole-emploi-id", test_pole_emploi_id);
  g_test_add_func ("/person/json-round-trip", test_json_round_trip);
  g_test_add_func ("/person/json-normalises-typed-values", test_json_normalises_typed_values);
  g_test_add_func ("/person/json-reports-bad-field", test_json_reports_bad_field);
  g_test_add_func ("/person/json-not-an-object", test_json_not_an_object);
  g_test_add_func ("/person/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/person/json-zero-character", test_json_zero_character);

  return g_test_run ();
}

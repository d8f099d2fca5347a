/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-person.c — the personal details of an applicant, checked and normalised. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "tr-birth-date.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-person.h"
#include "tr-text.h"

#define NAME_MAX_CHARS 80
#define EMAIL_MAX_BYTES 254
#define AGE_MIN 16

static const char *const field_keys[TR_N_FIELDS] = {
  [TR_FIELD_FIRST_NAME] = "first_name",
  [TR_FIELD_LAST_NAME] = "last_name",
  [TR_FIELD_BIRTH_DATE] = "birth_date",
  [TR_FIELD_PHONE] = "phone",
  [TR_FIELD_EMAIL] = "email",
  [TR_FIELD_POSTCODE] = "postcode",
  [TR_FIELD_POLE_EMPLOI_ID] = "pole_emploi_id",
};

const char *
tr_field_to_key (TrField field)
{
  g_return_val_if_fail (field < TR_N_FIELDS, NULL);
  return field_keys[field];
}

gboolean
tr_field_from_key (const char *key, TrField *out)
{
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    if (g_strcmp0 (key, field_keys[field]) == 0)
      {
        if (out != NULL)
          *out = field;
        return TRUE;
      }
  return FALSE;
}

gboolean
tr_field_is_optional (TrField field)
{
  return field == TR_FIELD_EMAIL || field == TR_FIELD_POLE_EMPLOI_ID;
}

TrPerson *
tr_person_new (void)
{
  return g_new0 (TrPerson, 1);
}

void
tr_person_free (TrPerson *person)
{
  if (person == NULL)
    return;
  /* What a person typed is wiped, not only freed. */
  for (int i = 0; i < TR_N_FIELDS; i++)
    tr_text_free_wiped (person->values[i]);
  g_free (person);
}

static void
set_invalid (GError **error, const char *message)
{
  g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID, message);
}

/* ----- names ----- */

static gboolean
is_name_punctuation (gunichar c)
{
  return c == '\'' || c == 0x2019 /* ’ */ ||
         c == '-' || c == 0x2010 || c == 0x2011 /* hyphens */ ||
         c == 0x200C || c == 0x200D /* joiners, which Persian and Indic names need */;
}

/* NFC, blanks trimmed and collapsed; NULL when a character has no place in
 * a name. Sets @has_letter. */
static char *
normalise_name (const char *input, gboolean *has_letter)
{
  g_autofree char *nfc = g_utf8_normalize (input, -1, G_NORMALIZE_NFC);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean pending_blank = FALSE;

  *has_letter = FALSE;
  if (nfc == NULL)
    return NULL;

  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Tabs and newlines are control characters: refused, not blanks. */
      if (g_unichar_iscntrl (c))
        return NULL;
      if (tr_text_is_blank (c))
        {
          pending_blank = out->len > 0;
          continue;
        }
      if (!g_unichar_isalpha (c) && !g_unichar_ismark (c) && !is_name_punctuation (c))
        return NULL;
      if (g_unichar_isalpha (c))
        *has_letter = TRUE;
      if (pending_blank)
        g_string_append_c (out, ' ');
      pending_blank = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
check_name (TrField field, const char *input, GError **error)
{
  gboolean first = field == TR_FIELD_FIRST_NAME;
  g_autofree char *name = NULL;
  gboolean has_letter = FALSE;

  name = input != NULL ? normalise_name (input, &has_letter) : g_strdup ("");
  if (name != NULL && *name == '\0')
    {
      set_invalid (error, first ? _("Please type your first name.")
                                : _("Please type your last name."));
      return NULL;
    }
  if (name == NULL || !has_letter)
    {
      set_invalid (error,
                   first ? _("Please type your first name with letters only. Spaces, hyphens "
                             "(-) and apostrophes (') are fine; numbers and symbols are not.")
                         : _("Please type your last name with letters only. Spaces, hyphens "
                             "(-) and apostrophes (') are fine; numbers and symbols are not."));
      return NULL;
    }
  if (g_utf8_strlen (name, -1) > NAME_MAX_CHARS)
    {
      set_invalid (error, first ? _("Your first name is too long: please keep it to 80 letters.")
                                : _("Your last name is too long: please keep it to 80 letters."));
      return NULL;
    }
  return g_steal_pointer (&name);
}

/* ----- birth date ----- */

static gboolean
read_number (const char **p, int min_digits, int max_digits, int *value)
{
  int n = 0;

  *value = 0;
  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      *value = *value * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  return n >= min_digits && !g_ascii_isdigit (**p);
}

/* "14/03/1990", "14.03.1990", "14-03-1990", "4/3/1990": the French order. */
static gboolean
parse_french_date (const char *text, GDate *out)
{
  const char *p = text;
  int day, month, year;
  char separator;

  if (!read_number (&p, 1, 2, &day))
    return FALSE;
  separator = *p;
  if (separator != '/' && separator != '.' && separator != '-')
    return FALSE;
  p++;
  if (!read_number (&p, 1, 2, &month) || *p != separator)
    return FALSE;
  p++;
  if (!read_number (&p, 4, 4, &year) || *p != '\0')
    return FALSE;
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

static char *
check_birth_date (const char *input, const GDate *today, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (input != NULL ? input : ""));
  GDate birth;

  if (*text == '\0')
    {
      set_invalid (error, _("Please type your date of birth, like 14/03/1990."));
      return NULL;
    }
  if (!tr_clock_parse_date (text, &birth) && !parse_french_date (text, &birth))
    {
      set_invalid (error, _("This is not a date we can read. Please type your date of birth "
                            "as day/month/year, like 14/03/1990."));
      return NULL;
    }
  if (!tr_birth_date_check (&birth, today, error))
    return NULL;
  /* Registration's own floor, not the date's validity: younger people are
   * sent to the Mission locale by the rules before they get here. */
  if (tr_clock_age_on (&birth, today) < AGE_MIN)
    {
      set_invalid (error, _("You must be 16 or older to register. Please check your date "
                            "of birth."));
      return NULL;
    }
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&birth),
                          g_date_get_month (&birth), g_date_get_day (&birth));
}

/* ----- phone ----- */

static gboolean
starts_with_digits (const char *text, gsize count)
{
  for (gsize i = 0; i < count; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
all_digits (const char *text, gsize count)
{
  return strlen (text) == count && starts_with_digits (text, count);
}

/* The nine digits after the country code: the first is never 0. */
static gboolean
is_national_significant (const char *digits)
{
  return all_digits (digits, 9) && digits[0] != '0';
}

/* What remains once the blanks, dots and hyphens people type are gone, and
 * the "(0)" of "+33 (0)6 …" is dropped. NULL on any other character. */
static char *
compact_phone (const char *input)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (tr_text_is_blank (c) || c == '.' || c == '-')
        continue;
      if (!(g_ascii_isdigit (c) || c == '+' || c == '(' || c == ')'))
        return NULL;
      g_string_append_c (out, (char) c);
    }
  if (g_str_has_prefix (out->str, "+33(0)") || g_str_has_prefix (out->str, "0033(0)"))
    g_string_erase (out, out->str[0] == '+' ? 3 : 4, 3);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "+44 …" or "0044 …": worth telling apart from a mistyped French number.
 * Ten digits starting "00" are more likely the latter. */
static gboolean
looks_international (const char *compact)
{
  return compact[0] == '+' || (g_str_has_prefix (compact, "00") && strlen (compact) != 10);
}

static char *
check_phone (const char *input, GError **error)
{
  g_autofree char *compact = NULL;
  const char *rest = NULL;

  if (input == NULL || !g_utf8_validate (input, -1, NULL))
    input = "";
  compact = compact_phone (input);

  if (compact != NULL && *compact == '\0')
    {
      set_invalid (error, _("Please type your phone number, like 06 12 34 56 78."));
      return NULL;
    }
  if (compact != NULL)
    {
      if (g_str_has_prefix (compact, "+33"))
        rest = compact + 3;
      else if (g_str_has_prefix (compact, "0033"))
        rest = compact + 4;
      else if (compact[0] == '0')
        rest = compact + 1;
      /* "+33 06 …" mixes both forms; its meaning is still clear. */
      if (rest != NULL && rest != compact + 1 && strlen (rest) == 10 && rest[0] == '0')
        rest++;
    }
  if (rest != NULL && is_national_significant (rest))
    return g_strconcat ("+33", rest, NULL);

  if (compact != NULL && looks_international (compact) &&
      !g_str_has_prefix (compact, "+33") && !g_str_has_prefix (compact, "0033"))
    set_invalid (error, _("Please give a French phone number, like 06 12 34 56 78 or "
                          "+33 6 12 34 56 78."));
  else
    set_invalid (error, _("Please type your phone number with 10 digits, like "
                          "06 12 34 56 78."));
  return NULL;
}

char *
tr_phone_to_national (const char *e164)
{
  if (e164 == NULL)
    return NULL;
  if (!g_str_has_prefix (e164, "+33") || !is_national_significant (e164 + 3))
    return g_strdup (e164);
  return g_strdup_printf ("0%c %.2s %.2s %.2s %.2s", e164[3], e164 + 4, e164 + 6,
                          e164 + 8, e164 + 10);
}

/* ----- email ----- */

/* The HTML living standard's "valid e-mail address", anchored with \A and \z
 * because PCRE's $ would also accept a final newline. */
#define WHATWG_EMAIL_PATTERN \
  "\\A[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?" \
  "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\z"

static GRegex *
email_regex (void)
{
  static gsize regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *compiled = g_regex_new (WHATWG_EMAIL_PATTERN, 0, 0, NULL);
      g_assert (compiled != NULL);
      g_once_init_leave (&regex, (gsize) compiled);
    }
  return (GRegex *) regex;
}

static char *
check_email (const char *input, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (input != NULL ? input : ""));

  if (*text == '\0')
    return NULL;
  if (strlen (text) > EMAIL_MAX_BYTES || !g_utf8_validate (text, -1, NULL) ||
      !g_regex_match (email_regex (), text, 0, NULL))
    {
      set_invalid (error, _("Please check your email address: it should look like "
                            "name@example.fr. You may also leave it empty."));
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* ----- postcode and Pôle emploi identifier ----- */

/* NULL when @input is not UTF-8 at all. */
static char *
without_blanks (const char *input)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (input != NULL && !g_utf8_validate (input, -1, NULL))
    return NULL;
  for (const char *p = input != NULL ? input : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!tr_text_is_blank (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
check_pole_emploi_id (const char *input, GError **error)
{
  g_autofree char *raw = without_blanks (input);
  g_autofree char *text = raw != NULL ? g_ascii_strup (raw, -1) : NULL;

  if (text != NULL && *text == '\0')
    return NULL;
  if (text == NULL || strlen (text) != 8 || !starts_with_digits (text, 7) ||
      !(g_ascii_isdigit (text[7]) || g_ascii_isupper (text[7])))
    {
      set_invalid (error, _("Your Pôle emploi (France Travail) identifier has 7 digits and "
                            "then one letter or digit, like 1234567A. You may also leave it "
                            "empty."));
      return NULL;
    }
  return g_steal_pointer (&text);
}

char *
tr_person_check_field (TrField field, const char *input, const GDate *today, GError **error)
{
  g_return_val_if_fail (field < TR_N_FIELDS, NULL);
  g_return_val_if_fail (field != TR_FIELD_BIRTH_DATE || (today != NULL && g_date_valid (today)),
                        NULL);

  /* The checks below hand the text to GLib's UTF-8 functions, which trust
   * it to be valid. */
  if (!tr_text_check_utf8 (input, _("What you typed"), error))
    return NULL;

  switch (field)
    {
    case TR_FIELD_FIRST_NAME:
    case TR_FIELD_LAST_NAME:
      return check_name (field, input, error);
    case TR_FIELD_BIRTH_DATE:
      return check_birth_date (input, today, error);
    case TR_FIELD_PHONE:
      return check_phone (input, error);
    case TR_FIELD_EMAIL:
      return check_email (input, error);
    case TR_FIELD_POSTCODE:
      return tr_text_check_postcode (input, error);
    case TR_FIELD_POLE_EMPLOI_ID:
      return check_pole_emploi_id (input, error);
    case TR_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ----- JSON ----- */

char *
tr_person_to_json (const TrPerson *person)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (person != NULL, NULL);

  json_builder_begin_object (builder);
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    if (person->values[field] != NULL)
      {
        json_builder_set_member_name (builder, field_keys[field]);
        json_builder_add_string_value (builder, person->values[field]);
      }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
fail_field (GError **error, TrField *bad_field, TrField field, const char *key,
            GError *cause, const char *message)
{
  g_autofree char *shown = tr_text_excerpt (key);

  if (bad_field != NULL)
    *bad_field = field;
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID, "%s: %s", shown,
               cause != NULL ? cause->message : message);
}

/* The text of @key in @object: NULL (absent, null) counts as empty. */
static gboolean
member_text (JsonObject *object, const char *key, const char **text)
{
  JsonNode *node = json_object_get_member (object, key);

  *text = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *text = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_fields (JsonObject *object, const GDate *today, TrPerson *person,
             TrField *bad_field, GError **error)
{
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      g_autoptr(GError) cause = NULL;
      const char *text;

      if (!member_text (object, field_keys[field], &text))
        {
          fail_field (error, bad_field, field, field_keys[field], NULL,
                      _("write this value as text between double quotes."));
          return FALSE;
        }
      person->values[field] = tr_person_check_field (field, text, today, &cause);
      if (cause != NULL)
        {
          fail_field (error, bad_field, field, field_keys[field], cause, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

/* Details we do not ask for are refused, not silently dropped: the NIR,
 * for one, must never be collected. */
static gboolean
check_no_other_members (JsonObject *object, TrField *bad_field, GError **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!tr_field_from_key (l->data, NULL))
      {
        fail_field (error, bad_field, TR_N_FIELDS, l->data, NULL,
                    _("this detail is not collected; remove it. The personal details are "
                      "first_name, last_name, birth_date, phone, email, postcode and "
                      "pole_emploi_id."));
        return FALSE;
      }
  return TRUE;
}

TrPerson *
tr_person_from_json (const char *json, const GDate *today, TrField *bad_field, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TrPerson) person = tr_person_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (bad_field != NULL)
    *bad_field = TR_N_FIELDS;

  if (json != NULL && !tr_text_check_json_has_no_nul (json, _("The personal details"), error))
    return NULL;
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, &parse_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("The personal details are not valid JSON: %s"),
                   parse_error != NULL ? parse_error->message : _("there is no text"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("The personal details must be a JSON object, like "
                     "{\"first_name\": \"Awa\", …}."));
      return NULL;
    }

  if (!read_fields (json_node_get_object (root), today, person, bad_field, error) ||
      !check_no_other_members (json_node_get_object (root), bad_field, error))
    return NULL;
  return g_steal_pointer (&person);
}

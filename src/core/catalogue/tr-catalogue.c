/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-catalogue.c — reading the catalogue CSV into offers, and searching them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-core-resources.h"
#include "tr-csv.h"
#include "tr-error.h"
#include "tr-receipt.h"
#include "tr-text.h"

#define DEMO_RESOURCE "/org/tremplin/core/catalogue/demo-catalogue.csv"

typedef enum {
  COL_ID,
  COL_TITLE,
  COL_CATEGORY,
  COL_PROVIDER,
  COL_ADDRESS,
  COL_POSTCODE,
  COL_MODALITY,
  COL_AUDIENCE,
  COL_MIN_LEVEL,
  COL_HOURS,
  COL_START_DATE,
  COL_END_DATE,
  COL_SEATS,
  COL_INFO_SESSION,
  COL_DESCRIPTION,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  "id", "title", "category", "provider", "address", "postcode", "modality",
  "audience", "min_level", "hours", "start_date", "end_date", "seats",
  "info_session", "description",
};

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

/* Everything wrong with a file, gathered so a person can fix it all in
 * one pass rather than one error per import. */
typedef struct {
  const char *name;
  char        separator;
  GString    *problems;
  gboolean    unreadable;  /* the file's shape, not just its values, is wrong */
  GHashTable *id_lines;    /* id → line where it was first seen */
} Parse;

static void
add_problem (Parse      *parse,
             guint       line,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (Parse      *parse,
             guint       line,
             const char *format,
             ...)
{
  va_list args;

  if (parse->problems->len > 0)
    g_string_append_c (parse->problems, '\n');
  g_string_append_printf (parse->problems, "%s:%u: ", parse->name, line);
  va_start (args, format);
  g_string_append_vprintf (parse->problems, format, args);
  va_end (args);
}

static gboolean
check_header (Parse     *parse,
              GPtrArray *fields,
              guint      line)
{
  if (fields->len != N_COLUMNS)
    {
      add_problem (parse, line,
                   _("the header has %u columns where %u are expected; the first line must be "
                     "exactly: %s (or the same names separated by commas)"),
                   fields->len, (guint) N_COLUMNS, TR_CATALOGUE_HEADER);
      return FALSE;
    }
  for (guint i = 0; i < N_COLUMNS; i++)
    if (strcmp (g_ptr_array_index (fields, i), column_names[i]) != 0)
      {
        g_autofree char *shown = tr_text_excerpt (g_ptr_array_index (fields, i));
        add_problem (parse, line,
                     _("column %u of the header is \"%s\" where \"%s\" is expected; the first line "
                       "must be exactly: %s (or the same names separated by commas)"),
                     i + 1, shown, column_names[i],
                     TR_CATALOGUE_HEADER);
        return FALSE;
      }
  return TRUE;
}

static gboolean
is_blank_row (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (*(const char *) g_ptr_array_index (fields, i) != '\0')
      return FALSE;
  return TRUE;
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static char *
check_id (Parse      *parse,
          const char *id,
          guint       line)
{
  gpointer first_line;
  g_autofree char *shown = tr_text_excerpt (id);

  if (*id == '\0')
    {
      add_problem (parse, line,
                   _("id is empty; give every offer its own short id, such as PC17-0001"));
      return NULL;
    }
  /* The id goes on receipts: no longer than they hold. */
  if (strlen (id) > TR_RECEIPT_MAX_ID_LENGTH)
    {
      add_problem (parse, line, _("id \"%s\" is %u characters long; use at most %u"),
                   shown, (guint) strlen (id), (guint) TR_RECEIPT_MAX_ID_LENGTH);
      return NULL;
    }
  for (const char *p = id; *p != '\0'; p++)
    if (!is_id_char (*p))
      {
        add_problem (parse, line,
                     _("id \"%s\" may hold only letters A to Z without accents, digits, "
                       "\"-\" and \"_\"; change it, such as PC17-0001"), shown);
        return NULL;
      }
  if (g_hash_table_lookup_extended (parse->id_lines, id, NULL, &first_line))
    {
      add_problem (parse, line, _("id \"%s\" is already used on line %u; give every offer its own id"),
                   shown, GPOINTER_TO_UINT (first_line));
      return NULL;
    }
  g_hash_table_insert (parse->id_lines, g_strdup (id), GUINT_TO_POINTER (line));
  return g_strdup (id);
}

static char *
check_text (Parse      *parse,
            const char *value,
            Column      column,
            guint       line)
{
  if (*value != '\0')
    return g_strdup (value);

  switch (column)
    {
    case COL_TITLE:
      add_problem (parse, line, _("title is empty; write the name of the training"));
      break;
    case COL_PROVIDER:
      add_problem (parse, line, _("provider is empty; write the name of the training centre"));
      break;
    case COL_ADDRESS:
      add_problem (parse, line,
                   _("address is empty; write the street address where the training takes place"));
      break;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static char *
check_postcode (Parse      *parse,
                const char *value,
                guint       line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *postcode = tr_text_check_postcode (value, &error);
  g_autofree char *shown = NULL;

  if (postcode != NULL)
    return g_steal_pointer (&postcode);
  shown = tr_text_excerpt (value);
  /* Translators: a problem in the catalogue file: the postcode as written, then why it is not one. */
  add_problem (parse, line, _("postcode \"%s\": %s"), shown, error->message);
  return NULL;
}

typedef const char *(*TokenName) (int value);

static const char *category_token (int value) { return tr_category_to_token ((TrCategory) value); }
static const char *modality_token (int value) { return tr_modality_to_token ((TrModality) value); }
static const char *audience_token (int value) { return tr_audience_to_token ((TrAudience) value); }
static const char *level_token (int value) { return tr_level_to_token ((TrLevel) value); }

static gboolean
check_token (Parse      *parse,
             const char *value,
             Column      column,
             guint       line,
             TokenName   token_name,
             int         n_tokens,
             int        *out)
{
  g_autoptr(GString) allowed = g_string_new (NULL);

  for (int i = 0; i < n_tokens; i++)
    if (strcmp (token_name (i), value) == 0)
      {
        *out = i;
        return TRUE;
      }

  for (int i = 0; i < n_tokens; i++)
    g_string_append_printf (allowed, "%s%s", i > 0 ? ", " : "", token_name (i));
  if (*value == '\0')
    add_problem (parse, line, _("%s is empty; use one of %s"), column_names[column], allowed->str);
  else
    {
      g_autofree char *shown = tr_text_excerpt (value);
      add_problem (parse, line, _("%s \"%s\" is not known; use one of %s"),
                   column_names[column], shown, allowed->str);
    }
  return FALSE;
}

/* Whole numbers only: a spreadsheet cell formatted "400,0" or "environ 400"
 * must be fixed in the file, not guessed at. */
static gboolean
check_count (Parse      *parse,
             const char *value,
             Column      column,
             guint       line,
             guint      *out)
{
  guint64 number = 0;
  gboolean digits = *value != '\0' && strlen (value) <= 6;

  for (const char *p = value; digits && *p != '\0'; p++)
    digits = g_ascii_isdigit (*p);
  if (!digits)
    {
      g_autofree char *shown = tr_text_excerpt (value);

      if (column == COL_HOURS)
        add_problem (parse, line,
                     _("hours \"%s\" is not a whole number; write the length of the training "
                       "in hours, such as 400"), shown);
      else
        add_problem (parse, line,
                     _("seats \"%s\" is not a whole number; write how many people the training "
                       "takes, such as 12"), shown);
      return FALSE;
    }
  number = g_ascii_strtoull (value, NULL, 10);
  if (number < 1)
    {
      add_problem (parse, line, _("%s is 0; it must be at least 1"), column_names[column]);
      return FALSE;
    }
  *out = (guint) number;
  return TRUE;
}

static char *
check_date (Parse      *parse,
            const char *value,
            Column      column,
            guint       line,
            GDate      *out)
{
  g_autofree char *shown = NULL;

  if (tr_clock_parse_date (value, out))
    return g_strdup (value);
  shown = tr_text_excerpt (value);
  add_problem (parse, line,
               _("%s \"%s\" is not a real date written YYYY-MM-DD; write it such as 2027-03-15"),
               column_names[column], shown);
  return NULL;
}

#define FIELD(column) ((const char *) g_ptr_array_index (fields, column))

/* Checks every field of one row, reporting each problem; returns the offer
 * only when the row is entirely right. */
static TrOffer *
parse_row (Parse     *parse,
           GPtrArray *fields,
           guint      line)
{
  TrOfferData data = { 0 };
  GDate start, end;
  int category = 0, modality = 0, audience = 0, level = 0;
  gsize problems_before = parse->problems->len;

  if (fields->len > N_COLUMNS)
    {
      add_problem (parse, line,
                   _("this row has %u fields where %u are expected; a text holding \"%c\" "
                     "must be put inside quotes, and no cell may be added after description"),
                   fields->len, (guint) N_COLUMNS, parse->separator);
      return NULL;
    }
  if (fields->len < N_COLUMNS)
    {
      add_problem (parse, line,
                   _("this row has %u fields where %u are expected; fill in the missing "
                     "columns, leaving a cell empty rather than removing it"),
                   fields->len, (guint) N_COLUMNS);
      return NULL;
    }

  data.id = check_id (parse, FIELD (COL_ID), line);
  data.title = check_text (parse, FIELD (COL_TITLE), COL_TITLE, line);
  check_token (parse, FIELD (COL_CATEGORY), COL_CATEGORY, line,
               category_token, TR_N_CATEGORIES, &category);
  data.provider = check_text (parse, FIELD (COL_PROVIDER), COL_PROVIDER, line);
  data.address = check_text (parse, FIELD (COL_ADDRESS), COL_ADDRESS, line);
  data.postcode = check_postcode (parse, FIELD (COL_POSTCODE), line);
  check_token (parse, FIELD (COL_MODALITY), COL_MODALITY, line,
               modality_token, TR_N_MODALITIES, &modality);
  check_token (parse, FIELD (COL_AUDIENCE), COL_AUDIENCE, line,
               audience_token, TR_N_AUDIENCES, &audience);
  check_token (parse, FIELD (COL_MIN_LEVEL), COL_MIN_LEVEL, line,
               level_token, TR_N_LEVELS, &level);
  check_count (parse, FIELD (COL_HOURS), COL_HOURS, line, &data.hours);
  data.start_date = check_date (parse, FIELD (COL_START_DATE), COL_START_DATE, line, &start);
  data.end_date = check_date (parse, FIELD (COL_END_DATE), COL_END_DATE, line, &end);
  if (data.start_date != NULL && data.end_date != NULL && g_date_compare (&end, &start) < 0)
    add_problem (parse, line,
                 _("end_date %s is before start_date %s; the training must end on or after "
                   "the day it starts"), data.end_date, data.start_date);
  check_count (parse, FIELD (COL_SEATS), COL_SEATS, line, &data.seats);
  data.info_session = g_strdup (FIELD (COL_INFO_SESSION));
  data.description = g_strdup (FIELD (COL_DESCRIPTION));

  if (parse->problems->len != problems_before)
    {
      tr_offer_data_clear (&data);
      return NULL;
    }
  data.category = (TrCategory) category;
  data.modality = (TrModality) modality;
  data.audience = (TrAudience) audience;
  data.min_level = (TrLevel) level;
  return tr_offer_new (&data);
}

#undef FIELD

/* Spreadsheets pad cells with spaces that nobody sees. */
static void
strip_fields (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    g_strstrip ((char *) g_ptr_array_index (fields, i));
}

static gboolean
read_header (Parse       *parse,
             TrCsvReader *reader)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) csv_error = NULL;
  guint line = 1;

  if (!tr_csv_reader_next (reader, &fields, &line, &csv_error))
    {
      if (csv_error != NULL)
        add_problem (parse, line, "%s", tr_csv_reader_get_problem (reader));
      else
        add_problem (parse, 1, _("the file is empty; its first line must be the header: %s"),
                     TR_CATALOGUE_HEADER);
      return FALSE;
    }
  return check_header (parse, fields, line);
}

static void
read_rows (Parse       *parse,
           TrCsvReader *reader,
           GPtrArray   *offers)
{
  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GError) csv_error = NULL;
      TrOffer *offer;
      guint line = 0;

      if (!tr_csv_reader_next (reader, &fields, &line, &csv_error))
        {
          if (csv_error == NULL)
            return;
          add_problem (parse, line, "%s", tr_csv_reader_get_problem (reader));
          parse->unreadable = TRUE;
          continue;
        }
      strip_fields (fields);
      if (is_blank_row (fields))
        continue;
      offer = parse_row (parse, fields, line);
      if (offer != NULL)
        g_ptr_array_add (offers, offer);
    }
}

GPtrArray *
tr_catalogue_parse (const char *data,
                    gsize       length,
                    const char *name,
                    GError    **error)
{
  g_autoptr(TrCsvReader) reader = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GHashTable) id_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Parse parse = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = tr_csv_reader_new (data, length);
  parse.name = name != NULL ? name : _("catalogue");
  parse.separator = tr_csv_reader_get_separator (reader);
  parse.problems = problems;
  parse.id_lines = id_lines;

  offers = g_ptr_array_new_with_free_func (g_object_unref);
  if (!read_header (&parse, reader))
    parse.unreadable = TRUE;
  else
    read_rows (&parse, reader, offers);

  if (problems->len > 0)
    {
      g_set_error_literal (error, TR_ERROR,
                           parse.unreadable ? TR_ERROR_PARSE : TR_ERROR_INVALID,
                           problems->str);
      return NULL;
    }
  return g_steal_pointer (&offers);
}

GPtrArray *
tr_catalogue_parse_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) file_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &file_error))
    {
      gboolean missing = g_error_matches (file_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

      g_set_error (error, TR_ERROR, missing ? TR_ERROR_NOT_FOUND : TR_ERROR_PARSE,
                   missing ? _("The catalogue %s does not exist; check the file name and folder")
                           : _("The catalogue %s cannot be read (%s); check that it is a file "
                               "you are allowed to read"),
                   path, file_error->message);
      return NULL;
    }
  return tr_catalogue_parse (contents, length, path, error);
}

GPtrArray *
tr_catalogue_parse_demo (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  /* Asking the bundle by name keeps its object file linked in from the
   * static library, which also registers it. */
  bytes = g_resource_lookup_data (tr_core_get_resource (), DEMO_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The demo catalogue is missing from this build; rebuild Tremplin"));
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  return tr_catalogue_parse (data, length, "demo-catalogue.csv", error);
}

/* ------------------------------------------------------------------ */
/* Who an offer is for                                                 */

void
tr_profile_from_answers (TrProfile   *profile,
                         GHashTable  *answers,
                         const GDate *today)
{
  const char *birth_date = NULL;
  const char *diploma = NULL;
  GDate birth;

  g_return_if_fail (profile != NULL);

  profile->age = -1;
  profile->diploma = TR_LEVEL_NONE;
  profile->diploma_known = FALSE;
  profile->gender = NULL;
  if (answers == NULL)
    return;

  birth_date = g_hash_table_lookup (answers, "birth_date");
  if (today != NULL && g_date_valid (today) && tr_clock_parse_date (birth_date, &birth) &&
      g_date_compare (&birth, today) <= 0)
    profile->age = tr_clock_age_on (&birth, today);

  diploma = g_hash_table_lookup (answers, "diploma");
  profile->diploma_known = tr_level_from_token (diploma, &profile->diploma);
  if (!profile->diploma_known)
    profile->diploma = TR_LEVEL_NONE;

  profile->gender = g_hash_table_lookup (answers, "gender");
}

/* Translated only when someone will read it: a search tests thousands of
 * offers and wants only the yes or no. */
static gboolean
refuse (char **why_not, const char *sentence)
{
  if (why_not != NULL)
    *why_not = g_strdup (_(sentence));
  return FALSE;
}

/* What is unknown never closes an offer: the person chose not to say, and
 * the training centre checks on the day. The one exception is the women-only
 * offers, closed only to someone who said "man". */
static gboolean
data_fits_profile (const TrOfferData  *data,
                   const TrProfile    *profile,
                   char              **why_not)
{
  switch (data->audience)
    {
    case TR_AUDIENCE_WOMEN:
      if (g_strcmp0 (profile->gender, "man") == 0)
        return refuse (why_not, N_("This training is reserved for women."));
      break;
    case TR_AUDIENCE_UNDER_26:
      if (profile->age >= 26)
        return refuse (why_not, N_("This training is for people under 26."));
      break;
    case TR_AUDIENCE_OVER_45:
      if (profile->age >= 0 && profile->age < 45)
        return refuse (why_not, N_("This training is for people aged 45 and over."));
      break;
    case TR_AUDIENCE_NO_DIPLOMA:
      if (profile->diploma_known && profile->diploma != TR_LEVEL_NONE)
        return refuse (why_not, N_("This training is for people without a diploma."));
      break;
    case TR_AUDIENCE_ALL:
    case TR_N_AUDIENCES:
      break;
    }

  if (profile->diploma_known && profile->diploma < data->min_level)
    {
      if (why_not != NULL)
        *why_not = g_strdup_printf (_("This training asks for a higher diploma: %s."),
                                    tr_level_label (data->min_level));
      return FALSE;
    }
  return TRUE;
}

gboolean
tr_offer_fits_profile (TrOffer          *offer,
                       const TrProfile  *profile,
                       char            **why_not)
{
  g_return_val_if_fail (TR_IS_OFFER (offer), FALSE);

  if (why_not != NULL)
    *why_not = NULL;
  if (profile == NULL)
    return TRUE;
  return data_fits_profile (tr_offer_get_data (offer), profile, why_not);
}

/* ------------------------------------------------------------------ */
/* The catalogue and its search                                        */

typedef struct {
  TrOffer           *offer;
  const TrOfferData *data;   /* lives inside the offer */
  gsize              text_offset;
  guint              arrondissement;
} Entry;

struct _TrCatalogue
{
  GObject     parent_instance;
  GPtrArray  *offers;
  GHashTable *by_id;
  /* Per offer, prepared at the first search: the folded search text (all
   * in one block so a query walks memory in order) and what the filters
   * look at. NULL until then. */
  char       *search_block;
  Entry      *entries;
};

G_DEFINE_FINAL_TYPE (TrCatalogue, tr_catalogue, G_TYPE_OBJECT)

static void
tr_catalogue_finalize (GObject *object)
{
  TrCatalogue *self = TR_CATALOGUE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->offers, g_ptr_array_unref);
  g_clear_pointer (&self->search_block, g_free);
  g_clear_pointer (&self->entries, g_free);
  G_OBJECT_CLASS (tr_catalogue_parent_class)->finalize (object);
}

static void
tr_catalogue_class_init (TrCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_catalogue_finalize;
}

static void
tr_catalogue_init (TrCatalogue *self)
{
}

/* How people name a Paris district: "75011", "11e", "Paris 11"; the 1st is
 * "1er", and the 16th has two postcodes. */
static void
append_arrondissement_words (GString    *text,
                             const char *postcode,
                             guint       arrondissement)
{
  g_string_append_printf (text, " %s", postcode);
  if (arrondissement == 0)
    return;
  if (arrondissement == 1)
    g_string_append (text, " 1er");
  if (arrondissement == 16)
    g_string_append (text, strcmp (postcode, "75116") == 0 ? " 75016" : " 75116");
  g_string_append_printf (text, " %ue paris %u", arrondissement, arrondissement);
}

static char *
search_text_for (TrOffer *offer,
                 guint    arrondissement)
{
  const TrOfferData *data = tr_offer_get_data (offer);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s %s %s %s",
                          data->title, data->provider,
                          tr_category_label (data->category),
                          tr_category_to_token (data->category));
  append_arrondissement_words (text, data->postcode, arrondissement);
  return tr_text_fold (text->str);
}

/* Not when the catalogue is made: the kiosk loads one at start-up only to
 * know whether it has offers, before its first frame, and loads it again
 * before each list of offers. The category names in the text are those of
 * the language of the first search, as the list of offers shows them. */
static void
prepare_search (TrCatalogue *self)
{
  g_autoptr(GString) block = NULL;
  guint n = self->offers->len;

  if (self->entries != NULL)
    return;
  block = g_string_new (NULL);
  self->entries = g_new0 (Entry, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      TrOffer *offer = g_ptr_array_index (self->offers, i);
      guint arrondissement = tr_offer_get_arrondissement (offer);
      g_autofree char *folded = search_text_for (offer, arrondissement);

      self->entries[i].offer = offer;
      self->entries[i].data = tr_offer_get_data (offer);
      self->entries[i].arrondissement = arrondissement;
      self->entries[i].text_offset = block->len;
      g_string_append (block, folded != NULL ? folded : "");
      g_string_append_c (block, '\0');
    }
  self->search_block = g_string_free (g_steal_pointer (&block), FALSE);
}

TrCatalogue *
tr_catalogue_new (GPtrArray *offers)
{
  TrCatalogue *self;

  for (guint i = 0; offers != NULL && i < offers->len; i++)
    g_return_val_if_fail (TR_IS_OFFER (g_ptr_array_index (offers, i)), NULL);

  self = g_object_new (TR_TYPE_CATALOGUE, NULL);
  self->offers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; offers != NULL && i < offers->len; i++)
    {
      TrOffer *offer = g_ptr_array_index (offers, i);

      g_ptr_array_add (self->offers, g_object_ref (offer));
      /* The id string lives as long as the offer, which the array holds. */
      if (!g_hash_table_contains (self->by_id, tr_offer_get_id (offer)))
        g_hash_table_insert (self->by_id, (gpointer) tr_offer_get_id (offer), offer);
    }
  return self;
}

GPtrArray *
tr_catalogue_get_offers (TrCatalogue *self)
{
  g_return_val_if_fail (TR_IS_CATALOGUE (self), NULL);
  return self->offers;
}

TrOffer *
tr_catalogue_lookup (TrCatalogue *self,
                     const char  *id)
{
  g_return_val_if_fail (TR_IS_CATALOGUE (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

static gboolean
contains_every_word (const char         *text,
                     const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
passes_filters (const Entry        *entry,
                const TrOfferQuery *query,
                gsize               month_length)
{
  const TrOfferData *data = entry->data;

  if (query->category >= 0 && (int) data->category != query->category)
    return FALSE;
  if (query->modality >= 0 && (int) data->modality != query->modality)
    return FALSE;
  if (query->arrondissement != 0 && entry->arrondissement != query->arrondissement)
    return FALSE;
  if (month_length > 0 && strncmp (data->start_date, query->start_month, month_length) != 0)
    return FALSE;
  if (query->profile != NULL && !data_fits_profile (data, query->profile, NULL))
    return FALSE;
  if (!query->include_withdrawn && tr_offer_get_withdrawn (entry->offer))
    return FALSE;
  return TRUE;
}

void
tr_catalogue_search (TrCatalogue        *self,
                     const TrOfferQuery *query,
                     GPtrArray          *out)
{
  static const TrOfferQuery any = TR_OFFER_QUERY_INIT;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  gsize month_length;

  g_return_if_fail (TR_IS_CATALOGUE (self));
  g_return_if_fail (out != NULL);

  if (query == NULL)
    query = &any;
  folded = query->text != NULL ? tr_text_fold (query->text) : NULL;
  if (query->text != NULL && folded == NULL)
    return;  /* not text at all: nothing can hold it */
  words = folded != NULL && *folded != '\0' ? g_strsplit (folded, " ", -1) : g_new0 (char *, 1);
  month_length = query->start_month != NULL ? strlen (query->start_month) : 0;

  prepare_search (self);
  for (guint i = 0; i < self->offers->len; i++)
    {
      const Entry *entry = &self->entries[i];

      if (!passes_filters (entry, query, month_length))
        continue;
      if (!contains_every_word (self->search_block + entry->text_offset,
                                (const char * const *) words))
        continue;
      g_ptr_array_add (out, g_object_ref (entry->offer));
    }
}

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdarg.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-core-resources.h"
#include "tr-error.h"
#include "tr-expr.h"
#include "tr-rules.h"

#define DEFAULT_RULES_RESOURCE "/org/tremplin/core/rules/paris-code-2017.ini"
#define DEFAULT_RULES_NAME     "paris-code-2017.ini"

/* The one derived variable: whole years since the answer to birth_date. */
#define AGE_VARIABLE      "age"
#define BIRTH_DATE_ID     "birth_date"
#define EARLIEST_BIRTH_YEAR 1900

struct _TrQuestion {
  char            *id;
  char            *group;
  TrQuestionType   kind;
  char           **answers;      /* choice tokens, or NULL */
  gint64           min;
  gint64           max;
  TrExpr          *ask_if;       /* or NULL: always asked */
  char           **ask_if_inputs;
  GKeyFile        *keyfile;      /* the rules' own, for the texts */
};

typedef struct {
  char          *id;
  char          *group;
  TrVerdictKind  verdict;
  TrExpr        *condition;
  char         **inputs;         /* question ids the condition depends on */
} Decision;

typedef struct {
  char   *id;
  char   *group;
  TrExpr *condition;
} Flag;

struct _TrRules {
  GObject      parent_instance;

  char        *name;             /* the file, as errors name it */
  GKeyFile    *keyfile;
  GPtrArray   *questions;        /* TrQuestion *, in file order */
  GHashTable  *question_by_id;
  GPtrArray   *decisions;        /* Decision * */
  GPtrArray   *flags;            /* Flag * */
  char       **flag_ids;
  GHashTable  *lists;            /* name → TrValue (list of strings) */
  GHashTable  *qpv_names;        /* postcode → char ** */
};

G_DEFINE_FINAL_TYPE (TrRules, tr_rules, G_TYPE_OBJECT)

static void
question_free (TrQuestion *question)
{
  g_free (question->id);
  g_free (question->group);
  g_strfreev (question->answers);
  tr_expr_free (question->ask_if);
  g_strfreev (question->ask_if_inputs);
  g_free (question);
}

static void
decision_free (Decision *decision)
{
  g_free (decision->id);
  g_free (decision->group);
  tr_expr_free (decision->condition);
  g_strfreev (decision->inputs);
  g_free (decision);
}

static void
flag_free (Flag *flag)
{
  g_free (flag->id);
  g_free (flag->group);
  tr_expr_free (flag->condition);
  g_free (flag);
}

static void
tr_rules_finalize (GObject *object)
{
  TrRules *self = TR_RULES (object);

  g_free (self->name);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->question_by_id, g_hash_table_unref);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_strfreev (self->flag_ids);
  g_clear_pointer (&self->lists, g_hash_table_unref);
  g_clear_pointer (&self->qpv_names, g_hash_table_unref);
  G_OBJECT_CLASS (tr_rules_parent_class)->finalize (object);
}

static void
tr_rules_class_init (TrRulesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_rules_finalize;
}

static void
tr_rules_init (TrRules *self)
{
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  self->question_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_free);
  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) flag_free);
  self->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) tr_value_unref);
  self->qpv_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_strfreev);
}

const char *
tr_verdict_kind_to_token (TrVerdictKind kind)
{
  switch (kind)
    {
    case TR_VERDICT_ELIGIBLE:
      return "eligible";
    case TR_VERDICT_CONDITIONAL:
      return "conditional";
    case TR_VERDICT_NOT_ELIGIBLE:
      return "not_eligible";
    }
  return NULL;
}

void
tr_verdict_free (TrVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->decision_id);
  g_strfreev (verdict->flags);
  g_free (verdict);
}

/* ------------------------------------------------------ localized texts */

/* Text[zh_CN], then Text[zh], then Text= — the .desktop file rule. */
static char *
localized_string (GKeyFile *keyfile, const char *group, const char *key, const char *lang)
{
  g_autofree char *locale = NULL;

  if (group == NULL || !g_key_file_has_key (keyfile, group, key, NULL))
    return NULL;
  if (lang == NULL || *lang == '\0')
    return g_key_file_get_string (keyfile, group, key, NULL);
  locale = g_strdup (lang);
  g_strdelimit (locale, "-", '_');
  return g_key_file_get_locale_string (keyfile, group, key, locale, NULL);
}

const char *
tr_question_get_id (const TrQuestion *question)
{
  return question->id;
}

TrQuestionType
tr_question_get_kind (const TrQuestion *question)
{
  return question->kind;
}

char *
tr_question_get_text (const TrQuestion *question, const char *lang)
{
  return localized_string (question->keyfile, question->group, "Text", lang);
}

char *
tr_question_get_help (const TrQuestion *question, const char *lang)
{
  return localized_string (question->keyfile, question->group, "Help", lang);
}

const char * const *
tr_question_get_answers (const TrQuestion *question)
{
  return (const char * const *) question->answers;
}

char *
tr_question_get_answer_label (const TrQuestion *question, const char *token, const char *lang)
{
  g_autofree char *key = NULL;

  if (question->answers == NULL || token == NULL ||
      !g_strv_contains ((const char * const *) question->answers, token))
    return NULL;
  key = g_strconcat ("Answer-", token, NULL);
  return localized_string (question->keyfile, question->group, key, lang);
}

gint64
tr_question_get_min (const TrQuestion *question)
{
  return question->min;
}

gint64
tr_question_get_max (const TrQuestion *question)
{
  return question->max;
}

static const Decision *
lookup_decision (TrRules *self, const char *id)
{
  for (guint i = 0; id != NULL && i < self->decisions->len; i++)
    {
      const Decision *decision = g_ptr_array_index (self->decisions, i);
      if (strcmp (decision->id, id) == 0)
        return decision;
    }
  return NULL;
}

static const Flag *
lookup_flag (TrRules *self, const char *id)
{
  for (guint i = 0; id != NULL && i < self->flags->len; i++)
    {
      const Flag *flag = g_ptr_array_index (self->flags, i);
      if (strcmp (flag->id, id) == 0)
        return flag;
    }
  return NULL;
}

char *
tr_rules_get_programme_name (TrRules *self, const char *lang)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return localized_string (self->keyfile, "Programme", "Name", lang);
}

char *
tr_rules_get_decision_reason (TrRules *self, const char *decision_id, const char *lang)
{
  const Decision *decision;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  decision = lookup_decision (self, decision_id);
  return decision != NULL ? localized_string (self->keyfile, decision->group, "Reason", lang) : NULL;
}

char *
tr_rules_get_decision_referral (TrRules *self, const char *decision_id, const char *lang)
{
  const Decision *decision;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  decision = lookup_decision (self, decision_id);
  return decision != NULL ? localized_string (self->keyfile, decision->group, "Referral", lang) : NULL;
}

char *
tr_rules_get_flag_label (TrRules *self, const char *flag_id, const char *lang)
{
  const Flag *flag;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  flag = lookup_flag (self, flag_id);
  return flag != NULL ? localized_string (self->keyfile, flag->group, "Label", lang) : NULL;
}

char *
tr_rules_get_flag_meaning (TrRules *self, const char *flag_id, const char *lang)
{
  const Flag *flag;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  flag = lookup_flag (self, flag_id);
  return flag != NULL ? localized_string (self->keyfile, flag->group, "Meaning", lang) : NULL;
}

const char * const *
tr_rules_get_flag_ids (TrRules *self)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return (const char * const *) self->flag_ids;
}

const char * const *
tr_rules_get_qpv_names (TrRules *self, const char *postcode)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  if (postcode == NULL)
    return NULL;
  return g_hash_table_lookup (self->qpv_names, postcode);
}

const char *
tr_rules_get_name (TrRules *self)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return self->name;
}

guint
tr_rules_get_n_questions (TrRules *self)
{
  g_return_val_if_fail (TR_IS_RULES (self), 0);
  return self->questions->len;
}

const TrQuestion *
tr_rules_get_question (TrRules *self, guint index)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);
  return g_ptr_array_index (self->questions, index);
}

const TrQuestion *
tr_rules_lookup_question (TrRules *self, const char *id)
{
  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->question_by_id, id) : NULL;
}

/* --------------------------------------------------------- the source map
 *
 * GKeyFile neither gives line numbers nor notices a group or key written
 * twice (it merges them), so the text is read once here the way GKeyFile
 * reads it, to remember where each group and key is.
 */

typedef struct {
  const char *name;
  GHashTable *group_lines;   /* group → line */
  GHashTable *key_lines;     /* "group\nkey" → line */
} Source;

static void
source_clear (Source *source)
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
group_line (const Source *source, const char *group)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (source->group_lines, group));
}

static guint
key_line (const Source *source, const char *group, const char *key)
{
  g_autofree char *path = key_path (group, key);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (source->key_lines, path));
  return line != 0 ? line : group_line (source, group);
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_at_line (const Source *source, guint line, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE, "%s:%u: %s", source->name, line, message);
  return FALSE;
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_at_group (const Source *source, const char *group, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE, "%s:%u: [%s] %s",
               source->name, group_line (source, group), group, message);
  return FALSE;
}

static gboolean G_GNUC_PRINTF (5, 6)
fail_at_key (const Source *source, const char *group, const char *key,
             GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE, "%s:%u: [%s] %s=: %s",
               source->name, key_line (source, group, key), group, key, message);
  return FALSE;
}

static gboolean
scan_group_header (Source *source, const char *line, guint number,
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
    return fail_at_line (source, number, error,
                         _("[%s] is written twice (first at line %u); each question, decision "
                           "and flag needs an id of its own"), group, first);
  g_hash_table_insert (source->group_lines, g_strdup (group), GUINT_TO_POINTER (number));
  g_free (*current_group);
  *current_group = g_steal_pointer (&group);
  return TRUE;
}

static gboolean
scan_key (Source *source, const char *line, guint number,
          const char *current_group, GError **error)
{
  const char *equals = strchr (line, '=');
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  guint first;

  if (equals == NULL)
    return fail_at_line (source, number, error,
                         _("this line is neither a [Group] header, a Key=value line nor a # comment"));
  key = g_strndup (line, equals - line);
  g_strchomp (key);
  if (*key == '\0')
    return fail_at_line (source, number, error, _("this line has no key name before '='"));
  if (current_group == NULL)
    return fail_at_line (source, number, error,
                         _("%s= comes before any [Group] header"), key);
  path = key_path (current_group, key);
  first = GPOINTER_TO_UINT (g_hash_table_lookup (source->key_lines, path));
  if (first != 0)
    return fail_at_line (source, number, error,
                         _("[%s] %s= is written twice (first at line %u); keep one"),
                         current_group, key, first);
  g_hash_table_insert (source->key_lines, g_steal_pointer (&path), GUINT_TO_POINTER (number));
  return TRUE;
}

static gboolean
scan_source (Source *source, const char *text, GError **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *current_group = NULL;

  source->group_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  source->key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint number = i + 1;
      char *line = lines[i];
      gsize length;

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

/* --------------------------------------------------------------- loading */

typedef struct {
  TrRules     *rules;
  Source       source;
  GKeyFile    *keyfile;
  TrExprScope *scope;
} Loader;

typedef struct {
  const char *key;
  gboolean    translatable;
} KeySpec;

static const KeySpec programme_keys[] = {
  { "Name", TRUE }, { "Season", FALSE }, { NULL, FALSE },
};
static const KeySpec question_keys[] = {
  { "Type", FALSE }, { "Text", TRUE }, { "Help", TRUE }, { "Answers", FALSE },
  { "Min", FALSE }, { "Max", FALSE }, { "AskIf", FALSE }, { NULL, FALSE },
};
static const KeySpec decision_keys[] = {
  { "Verdict", FALSE }, { "If", FALSE }, { "Reason", TRUE }, { "Referral", TRUE }, { NULL, FALSE },
};
static const KeySpec flag_keys[] = {
  { "If", FALSE }, { "Label", TRUE }, { "Meaning", TRUE }, { NULL, FALSE },
};

static gboolean
is_identifier (const char *text)
{
  static const char * const reserved[] = { "and", "or", "not", "in", "true", "false", NULL };

  if (text == NULL || !(g_ascii_isalpha (*text) || *text == '_'))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return !g_strv_contains (reserved, text);
}

static gboolean
is_locale_code (const char *text, gsize length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && strchr ("_-@.", text[i]) == NULL)
      return FALSE;
  return TRUE;
}

static char *
describe_keys (const KeySpec *specs, gboolean answer_labels)
{
  GString *out = g_string_new (NULL);

  for (const KeySpec *spec = specs; spec->key != NULL; spec++)
    g_string_append_printf (out, "%s%s=", out->len > 0 ? ", " : "", spec->key);
  if (answer_labels)
    g_string_append (out, ", Answer-<answer>=");
  return g_string_free (out, FALSE);
}

/* Every key of @group is one of @specs (or Answer-<token> for a question),
 * and only texts carry a [language]. */
static gboolean
check_keys (Loader *loader, const char *group, const KeySpec *specs,
            gboolean answer_labels, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (loader->keyfile, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      const char *bracket = strchr (key, '[');
      g_autofree char *base = bracket != NULL ? g_strndup (key, bracket - key) : g_strdup (key);
      const KeySpec *found = NULL;
      g_autofree char *known = NULL;

      if (bracket != NULL &&
          (!g_str_has_suffix (key, "]") || !is_locale_code (bracket + 1, strlen (bracket + 1) - 1)))
        return fail_at_key (&loader->source, group, key, error,
                            _("a translation is written Key[language]=, for example Text[fr]="));
      if (answer_labels && g_str_has_prefix (base, "Answer-"))
        continue;
      for (const KeySpec *spec = specs; spec->key != NULL; spec++)
        if (strcmp (spec->key, base) == 0)
          found = spec;
      if (found == NULL)
        {
          known = describe_keys (specs, answer_labels);
          return fail_at_key (&loader->source, group, key, error,
                              _("unknown key; the keys here are %s"), known);
        }
      if (bracket != NULL && !found->translatable)
        return fail_at_key (&loader->source, group, key, error,
                            _("%s= is not a text and cannot be translated"), base);
    }
  return TRUE;
}

/* A key that must be there with something in it. */
static char *
require_string (Loader *loader, const char *group, const char *key, const char *why, GError **error)
{
  g_autofree char *value = g_key_file_get_string (loader->keyfile, group, key, NULL);

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      fail_at_group (&loader->source, group, error, _("has no %s=; %s"), key, why);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* Expressions are read raw, so that columns count in the file's own text. */
static char *
raw_value (Loader *loader, const char *group, const char *key)
{
  char *value = g_key_file_get_value (loader->keyfile, group, key, NULL);
  return value != NULL ? g_strstrip (value) : NULL;
}

static gboolean
load_programme (Loader *loader, GError **error)
{
  g_autofree char *name = NULL;

  if (!g_key_file_has_group (loader->keyfile, "Programme"))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s:1: there is no [Programme] group; start the file with [Programme] and Name="),
                   loader->source.name);
      return FALSE;
    }
  if (!check_keys (loader, "Programme", programme_keys, FALSE, error))
    return FALSE;
  name = require_string (loader, "Programme", "Name", _("the programme needs a name"), error);
  return name != NULL;
}

static gboolean
load_lists (Loader *loader, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (loader->keyfile, "Lists", NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_auto(GStrv) items = NULL;
      gsize n_items = 0;

      if (!is_identifier (keys[i]))
        return fail_at_key (&loader->source, "Lists", keys[i], error,
                            _("a list name uses letters, digits and '_' and starts with a letter"));
      items = g_key_file_get_string_list (loader->keyfile, "Lists", keys[i], &n_items, NULL);
      if (items == NULL || n_items == 0)
        return fail_at_key (&loader->source, "Lists", keys[i], error,
                            _("the list is empty; write its items separated by ';'"));
      for (gsize j = 0; j < n_items; j++)
        if (*g_strstrip (items[j]) == '\0')
          return fail_at_key (&loader->source, "Lists", keys[i], error,
                              _("item %u of the list is empty"), (guint) j + 1);
      g_hash_table_insert (loader->rules->lists, g_strdup (keys[i]),
                           tr_value_new_string_list ((const char * const *) items));
    }
  return TRUE;
}

static gboolean
is_postcode (const char *text)
{
  if (strlen (text) != 5)
    return FALSE;
  for (int i = 0; i < 5; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
load_qpv (Loader *loader, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (loader->keyfile, "QPV", NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_auto(GStrv) names = NULL;
      gsize n_names = 0;

      if (!is_postcode (keys[i]))
        return fail_at_key (&loader->source, "QPV", keys[i], error,
                            _("each key here is a postcode of 5 digits"));
      names = g_key_file_get_string_list (loader->keyfile, "QPV", keys[i], &n_names, NULL);
      if (names == NULL || n_names == 0)
        return fail_at_key (&loader->source, "QPV", keys[i], error,
                            _("no neighbourhood names; write them separated by ';'"));
      for (gsize j = 0; j < n_names; j++)
        g_strstrip (names[j]);
      g_hash_table_insert (loader->rules->qpv_names, g_strdup (keys[i]), g_steal_pointer (&names));
    }
  return TRUE;
}

static gboolean
parse_question_type (const char *text, TrQuestionType *kind)
{
  static const struct {
    const char     *token;
    TrQuestionType  kind;
  } types[] = {
    { "date", TR_QUESTION_DATE }, { "postcode", TR_QUESTION_POSTCODE },
    { "number", TR_QUESTION_NUMBER }, { "choice", TR_QUESTION_CHOICE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (strcmp (text, types[i].token) == 0)
      {
        *kind = types[i].kind;
        return TRUE;
      }
  return FALSE;
}

static gboolean
load_choice_answers (Loader *loader, TrQuestion *question, GError **error)
{
  const char *group = question->group;
  g_auto(GStrv) keys = NULL;
  gsize n = 0;

  question->answers = g_key_file_get_string_list (loader->keyfile, group, "Answers", &n, NULL);
  if (question->answers == NULL || n == 0)
    return fail_at_group (&loader->source, group, error,
                          _("a choice needs Answers=, its answer tokens separated by ';'"));
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *label_key = NULL;
      g_autofree char *label = NULL;

      g_strstrip (question->answers[i]);
      if (!is_identifier (question->answers[i]))
        return fail_at_key (&loader->source, group, "Answers", error,
                            _("“%s” is not a valid answer token; use letters, digits and '_'"),
                            question->answers[i]);
      for (gsize j = 0; j < i; j++)
        if (strcmp (question->answers[i], question->answers[j]) == 0)
          return fail_at_key (&loader->source, group, "Answers", error,
                              _("“%s” is listed twice"), question->answers[i]);
      label_key = g_strconcat ("Answer-", question->answers[i], NULL);
      label = require_string (loader, group, label_key,
                              _("every answer needs a label to show on its button"), error);
      if (label == NULL)
        return FALSE;
    }

  /* A label for an answer that does not exist is a typo waiting to bite. */
  keys = g_key_file_get_keys (loader->keyfile, group, NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    if (g_str_has_prefix (keys[i], "Answer-"))
      {
        g_autofree char *token = g_strndup (keys[i] + strlen ("Answer-"),
                                            strcspn (keys[i] + strlen ("Answer-"), "["));
        if (!g_strv_contains ((const char * const *) question->answers, token))
          return fail_at_key (&loader->source, group, keys[i], error,
                              _("“%s” is not in Answers="), token);
      }
  return TRUE;
}

static gboolean
read_bound (Loader *loader, const char *group, const char *key, gint64 *out, GError **error)
{
  g_autofree char *text = raw_value (loader, group, key);

  if (text == NULL)
    return fail_at_group (&loader->source, group, error,
                          _("a number question needs %s=, a whole number"), key);
  if (!g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, out, NULL))
    return fail_at_key (&loader->source, group, key, error,
                        _("“%s” is not a whole number"), text);
  return TRUE;
}

static gboolean
load_number_bounds (Loader *loader, TrQuestion *question, GError **error)
{
  if (!read_bound (loader, question->group, "Min", &question->min, error) ||
      !read_bound (loader, question->group, "Max", &question->max, error))
    return FALSE;
  if (question->min > question->max)
    return fail_at_key (&loader->source, question->group, "Max", error,
                        _("Max= is smaller than Min="));
  return TRUE;
}

/* Keys that belong to one type only, so a leftover is caught. */
static gboolean
reject_foreign_key (Loader *loader, const char *group, const char *key,
                    const char *type, GError **error)
{
  if (!g_key_file_has_key (loader->keyfile, group, key, NULL))
    return TRUE;
  return fail_at_key (&loader->source, group, key, error,
                      _("only a %s question has %s="), type, key);
}

static gboolean
load_question (Loader *loader, const char *group, const char *id, GError **error)
{
  TrQuestion *question;
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;

  if (!check_keys (loader, group, question_keys, TRUE, error))
    return FALSE;
  type = require_string (loader, group, "Type", _("write Type=date, postcode, number or choice"), error);
  if (type == NULL)
    return FALSE;
  text = require_string (loader, group, "Text", _("every question needs the words to ask it"), error);
  if (text == NULL)
    return FALSE;

  question = g_new0 (TrQuestion, 1);
  question->id = g_strdup (id);
  question->group = g_strdup (group);
  question->keyfile = loader->keyfile;
  g_ptr_array_add (loader->rules->questions, question);
  g_hash_table_insert (loader->rules->question_by_id, question->id, question);

  if (!parse_question_type (type, &question->kind))
    return fail_at_key (&loader->source, group, "Type", error,
                        _("unknown type “%s”; write date, postcode, number or choice"), type);
  if (question->kind == TR_QUESTION_CHOICE)
    {
      if (!load_choice_answers (loader, question, error))
        return FALSE;
    }
  else
    {
      g_auto(GStrv) keys = g_key_file_get_keys (loader->keyfile, group, NULL, NULL);
      if (!reject_foreign_key (loader, group, "Answers", "choice", error))
        return FALSE;
      for (guint i = 0; keys[i] != NULL; i++)
        if (g_str_has_prefix (keys[i], "Answer-"))
          return fail_at_key (&loader->source, group, keys[i], error,
                              _("only a choice question has answer labels"));
    }
  if (question->kind == TR_QUESTION_NUMBER)
    return load_number_bounds (loader, question, error);
  return reject_foreign_key (loader, group, "Min", "number", error) &&
         reject_foreign_key (loader, group, "Max", "number", error);
}

static gboolean
parse_verdict (const char *text, TrVerdictKind *kind)
{
  if (strcmp (text, "not_eligible") == 0)
    *kind = TR_VERDICT_NOT_ELIGIBLE;
  else if (strcmp (text, "conditional") == 0)
    *kind = TR_VERDICT_CONDITIONAL;
  else
    return FALSE;
  return TRUE;
}

static gboolean
load_decision (Loader *loader, const char *group, const char *id, GError **error)
{
  g_autofree char *verdict = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *referral = NULL;
  Decision *decision;

  if (!check_keys (loader, group, decision_keys, FALSE, error))
    return FALSE;
  verdict = require_string (loader, group, "Verdict", _("write Verdict=not_eligible or Verdict=conditional"), error);
  if (verdict == NULL)
    return FALSE;
  decision = g_new0 (Decision, 1);
  decision->id = g_strdup (id);
  decision->group = g_strdup (group);
  g_ptr_array_add (loader->rules->decisions, decision);
  if (!parse_verdict (verdict, &decision->verdict))
    return fail_at_key (&loader->source, group, "Verdict", error,
                        _("unknown verdict “%s”; write not_eligible or conditional "
                          "(eligible is what remains when no decision applies)"), verdict);
  reason = require_string (loader, group, "Reason", _("say in plain words why"), error);
  if (reason == NULL)
    return FALSE;
  referral = require_string (loader, group, "Referral",
                             _("say where to go or what to do instead, so that no answer is a dead end"),
                             error);
  return referral != NULL;
}

static gboolean
load_flag (Loader *loader, const char *group, const char *id, GError **error)
{
  g_autofree char *label = NULL;
  g_autofree char *meaning = NULL;
  Flag *flag;

  if (!check_keys (loader, group, flag_keys, FALSE, error))
    return FALSE;
  flag = g_new0 (Flag, 1);
  flag->id = g_strdup (id);
  flag->group = g_strdup (group);
  g_ptr_array_add (loader->rules->flags, flag);
  label = require_string (loader, group, "Label", _("a flag needs a short name for staff"), error);
  if (label == NULL)
    return FALSE;
  meaning = require_string (loader, group, "Meaning", _("say what the flag means for the person"), error);
  return meaning != NULL;
}

static gboolean
load_group (Loader *loader, const char *group, GError **error)
{
  static const struct {
    const char *prefix;
    gboolean  (*load) (Loader *, const char *, const char *, GError **);
  } kinds[] = {
    { "Question ", load_question }, { "Decision ", load_decision }, { "Flag ", load_flag },
  };

  if (strcmp (group, "Programme") == 0 || strcmp (group, "Lists") == 0 || strcmp (group, "QPV") == 0)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_prefix (group, kinds[i].prefix))
      {
        const char *id = group + strlen (kinds[i].prefix);
        if (!is_identifier (id))
          return fail_at_group (&loader->source, group, error,
                                _("“%s” cannot be an id: use letters, digits and '_', "
                                  "starting with a letter"), id);
        return kinds[i].load (loader, group, id, error);
      }
  return fail_at_group (&loader->source, group, error,
                        _("unknown group; the groups are [Programme], [Lists], [QPV], "
                          "[Question <id>], [Decision <id>] and [Flag <id>]"));
}

/* ------------------------------------------------------------ conditions */

static TrValueKind
question_value_kind (const TrQuestion *question)
{
  return question->kind == TR_QUESTION_NUMBER ? TR_VALUE_INT : TR_VALUE_STRING;
}

static gboolean
has_age (TrRules *self)
{
  const TrQuestion *birth = g_hash_table_lookup (self->question_by_id, BIRTH_DATE_ID);
  return birth != NULL && birth->kind == TR_QUESTION_DATE;
}

static gboolean
build_scope (Loader *loader, GError **error)
{
  TrRules *self = loader->rules;
  GHashTableIter iter;
  gpointer name;

  loader->scope = tr_expr_scope_new ();
  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      if (g_hash_table_contains (self->question_by_id, name) ||
          (has_age (self) && strcmp (name, AGE_VARIABLE) == 0))
        return fail_at_key (&loader->source, "Lists", name, error,
                            _("a question or variable already has this name; rename the list"));
      tr_expr_scope_add_list (loader->scope, name, TR_VALUE_STRING);
    }
  for (guint i = 0; i < self->questions->len; i++)
    {
      const TrQuestion *question = g_ptr_array_index (self->questions, i);

      if (has_age (self) && strcmp (question->id, AGE_VARIABLE) == 0)
        return fail_at_group (&loader->source, question->group, error,
                              _("“age” is counted from birth_date; give this question another id"));
      if (question->kind == TR_QUESTION_CHOICE)
        tr_expr_scope_add_choice (loader->scope, question->id,
                                  (const char * const *) question->answers);
      else
        tr_expr_scope_add_variable (loader->scope, question->id, question_value_kind (question));
    }
  if (has_age (self))
    tr_expr_scope_add_variable (loader->scope, AGE_VARIABLE, TR_VALUE_INT);
  return TRUE;
}

static TrExpr *
load_condition (Loader *loader, const char *group, const char *key, GError **error)
{
  g_autofree char *text = raw_value (loader, group, key);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TrExpr) expr = NULL;

  if (text == NULL || *text == '\0')
    {
      fail_at_group (&loader->source, group, error,
                     _("has no %s=; write the condition, for example %s=age < 18"), key, key);
      return NULL;
    }
  expr = tr_expr_parse (text, &local_error);
  if (expr == NULL || !tr_expr_check (expr, loader->scope, &local_error))
    {
      fail_at_key (&loader->source, group, key, error, "%s", local_error->message);
      return NULL;
    }
  return g_steal_pointer (&expr);
}

/* The questions whose answers a condition reads ("age" reads birth_date). */
static char **
condition_inputs (const TrExpr *expr)
{
  g_auto(GStrv) names = tr_expr_collect_identifiers (expr);
  GPtrArray *inputs = g_ptr_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *id = strcmp (names[i], AGE_VARIABLE) == 0 ? BIRTH_DATE_ID : names[i];
      if (!g_ptr_array_find_with_equal_func (inputs, id, g_str_equal, NULL))
        g_ptr_array_add (inputs, g_strdup (id));
    }
  g_ptr_array_add (inputs, NULL);
  return (char **) g_ptr_array_free (inputs, FALSE);
}

static int
question_index (TrRules *self, const char *id)
{
  for (guint i = 0; i < self->questions->len; i++)
    if (strcmp (((TrQuestion *) g_ptr_array_index (self->questions, i))->id, id) == 0)
      return (int) i;
  return -1;
}

/* A question may only depend on the answers given before it: the kiosk
 * asks in order, and cannot know a later answer yet. */
static gboolean
load_ask_if (Loader *loader, TrQuestion *question, guint index, GError **error)
{
  char **inputs;

  if (!g_key_file_has_key (loader->keyfile, question->group, "AskIf", NULL))
    return TRUE;
  question->ask_if = load_condition (loader, question->group, "AskIf", error);
  if (question->ask_if == NULL)
    return FALSE;
  inputs = question->ask_if_inputs = condition_inputs (question->ask_if);
  for (guint i = 0; inputs[i] != NULL; i++)
    if (question_index (loader->rules, inputs[i]) >= (int) index)
      return fail_at_key (&loader->source, question->group, "AskIf", error,
                          _("it reads the answer to %s, which is not asked before this question; "
                            "a question can only depend on earlier answers"), inputs[i]);
  return TRUE;
}

static gboolean
load_conditions (Loader *loader, GError **error)
{
  TrRules *self = loader->rules;

  for (guint i = 0; i < self->questions->len; i++)
    if (!load_ask_if (loader, g_ptr_array_index (self->questions, i), i, error))
      return FALSE;
  for (guint i = 0; i < self->decisions->len; i++)
    {
      Decision *decision = g_ptr_array_index (self->decisions, i);
      decision->condition = load_condition (loader, decision->group, "If", error);
      if (decision->condition == NULL)
        return FALSE;
      decision->inputs = condition_inputs (decision->condition);
    }
  for (guint i = 0; i < self->flags->len; i++)
    {
      Flag *flag = g_ptr_array_index (self->flags, i);
      flag->condition = load_condition (loader, flag->group, "If", error);
      if (flag->condition == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_all (Loader *loader, const char *text, gsize length, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  GPtrArray *flag_ids;

  if (!scan_source (&loader->source, text, error))
    return FALSE;
  if (!g_key_file_load_from_data (loader->keyfile, text, length,
                                  G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, "%s: %s", loader->source.name, local_error->message);
      return FALSE;
    }
  if (!load_programme (loader, error) ||
      !load_lists (loader, error) ||
      !load_qpv (loader, error))
    return FALSE;
  groups = g_key_file_get_groups (loader->keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (!load_group (loader, groups[i], error))
      return FALSE;
  if (loader->rules->questions->len == 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s: there is no [Question <id>] group; the rules need at least one question"),
                   loader->source.name);
      return FALSE;
    }
  if (!build_scope (loader, error) || !load_conditions (loader, error))
    return FALSE;

  flag_ids = g_ptr_array_new ();
  for (guint i = 0; i < loader->rules->flags->len; i++)
    g_ptr_array_add (flag_ids, g_strdup (((Flag *) g_ptr_array_index (loader->rules->flags, i))->id));
  g_ptr_array_add (flag_ids, NULL);
  loader->rules->flag_ids = (char **) g_ptr_array_free (flag_ids, FALSE);
  return TRUE;
}

TrRules *
tr_rules_new_from_data (const char *data, gsize length, const char *name, GError **error)
{
  g_autoptr(TrRules) self = g_object_new (TR_TYPE_RULES, NULL);
  g_autofree char *text = NULL;
  Loader loader = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  if (length == (gsize) -1)
    length = strlen (data);
  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s: this is not a text file (it holds a zero byte)"), name ? name : "rules");
      return NULL;
    }
  text = g_strndup (data, length);
  self->name = g_strdup (name != NULL ? name : "rules");
  self->keyfile = g_key_file_new ();
  loader.rules = self;
  loader.keyfile = self->keyfile;
  loader.source.name = self->name;
  ok = load_all (&loader, text, length, error);
  source_clear (&loader.source);
  tr_expr_scope_free (loader.scope);
  return ok ? g_steal_pointer (&self) : NULL;
}

TrRules *
tr_rules_new_from_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("Cannot read the rules file: %s"), local_error->message);
      return NULL;
    }
  return tr_rules_new_from_data (contents, length, path, error);
}

TrRules *
tr_rules_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;

  /* Asking the core's own resource, rather than the global table, also makes
   * the linker keep it when the core is a static library. */
  bytes = g_resource_lookup_data (tr_core_get_resource (), DEFAULT_RULES_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The built-in rules are missing (%s); reinstall Tremplin"), local_error->message);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  return tr_rules_new_from_data (data, length, DEFAULT_RULES_NAME, error);
}

/* --------------------------------------------------------------- answers */

static void
resolve_today (const GDate *today, GDate *out)
{
  if (today != NULL && g_date_valid (today))
    {
      *out = *today;
      return;
    }
  g_autoptr(GDateTime) now = tr_clock_now ();
  tr_clock_local_gdate (now, out);
}

static char *
check_date (const char *value, const GDate *today, GError **error)
{
  GDate date;

  if (!tr_clock_parse_date (value, &date))
    {
      gboolean shaped = strlen (value) == 10 && value[4] == '-' && value[7] == '-';
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           shaped ? _("There is no such day in the calendar. Check the day and the month.")
                                  : _("Write the date as year-month-day, for example 1990-04-23."));
      return NULL;
    }
  if (g_date_compare (&date, today) > 0)
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("This date is in the future. Check the year."));
      return NULL;
    }
  if (g_date_get_year (&date) < EARLIEST_BIRTH_YEAR)
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("This date is too long ago. Check the year."));
      return NULL;
    }
  return g_strdup (value);
}

static char *
check_postcode (const char *value, GError **error)
{
  GString *digits = g_string_new (NULL);

  /* People often write "75 018"; the spaces carry no meaning. */
  for (const char *p = value; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (digits, *p);
  if (!is_postcode (digits->str))
    {
      g_string_free (digits, TRUE);
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("A postcode has exactly 5 digits, for example 75018."));
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

static char *
check_number (const TrQuestion *question, const char *value, GError **error)
{
  gint64 number;

  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(p == value && *p == '-'))
      {
        g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                             _("Write a whole number with digits only, for example 6."));
        return NULL;
      }
  if (!g_ascii_string_to_signed (value, 10, question->min, question->max, &number, NULL))
    {
      /* Numbers as text: a translator's string cannot hold G_GINT64_FORMAT. */
      g_autofree char *min = g_strdup_printf ("%" G_GINT64_FORMAT, question->min);
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, question->max);

      g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("Write a number from %s to %s."), min, max);
      return NULL;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, number);
}

static char *
check_choice (const TrQuestion *question, const char *value, GError **error)
{
  g_autofree char *answers = NULL;

  if (g_strv_contains ((const char * const *) question->answers, value))
    return g_strdup (value);
  answers = g_strjoinv (", ", question->answers);
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("“%s” is not one of the answers. Choose one of: %s."), value, answers);
  return NULL;
}

static char *
check_question_answer (const TrQuestion *question, const char *value,
                       const GDate *today, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID, _("Please give an answer."));
      return NULL;
    }
  switch (question->kind)
    {
    case TR_QUESTION_DATE:
      return check_date (trimmed, today, error);
    case TR_QUESTION_POSTCODE:
      return check_postcode (trimmed, error);
    case TR_QUESTION_NUMBER:
      return check_number (question, trimmed, error);
    case TR_QUESTION_CHOICE:
      return check_choice (question, trimmed, error);
    }
  g_assert_not_reached ();
}

char *
tr_rules_check_answer_on (TrRules *self, const char *question_id, const char *value,
                          const GDate *today, GError **error)
{
  const TrQuestion *question;
  GDate day;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  question = tr_rules_lookup_question (self, question_id);
  if (question == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("There is no question “%s” in the eligibility rules."),
                   question_id != NULL ? question_id : "");
      return NULL;
    }
  resolve_today (today, &day);
  return check_question_answer (question, value, &day, error);
}

char *
tr_rules_check_answer (TrRules *self, const char *question_id, const char *value, GError **error)
{
  return tr_rules_check_answer_on (self, question_id, value, NULL, error);
}

/* ------------------------------------------------------------- deciding */

typedef enum {
  STATE_PENDING,    /* to be asked, or cannot tell yet whether it will be */
  STATE_ANSWERED,
  STATE_SKIPPED,    /* its AskIf= is known to be false */
} AnswerState;

typedef struct {
  GHashTable  *env;
  AnswerState *states;
} Walk;

static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->env, g_hash_table_unref);
  g_clear_pointer (&walk->states, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Walk, walk_clear)

static gboolean
inputs_known (TrRules *self, const Walk *walk, char **inputs)
{
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      int index = question_index (self, inputs[i]);
      if (index < 0 || walk->states[index] == STATE_PENDING)
        return FALSE;
    }
  return TRUE;
}

static TrValue *
answer_value (const TrQuestion *question, const char *normalised)
{
  if (question->kind == TR_QUESTION_NUMBER)
    return tr_value_new_int (g_ascii_strtoll (normalised, NULL, 10));
  return tr_value_new_string (normalised);
}

static void
add_answer (TrRules *self, Walk *walk, const TrQuestion *question,
            const char *normalised, const GDate *today)
{
  tr_expr_env_take (walk->env, question->id, answer_value (question, normalised));
  if (strcmp (question->id, BIRTH_DATE_ID) == 0 && has_age (self))
    {
      GDate birth;
      if (tr_clock_parse_date (normalised, &birth))
        tr_expr_env_take (walk->env, AGE_VARIABLE,
                          tr_value_new_int (tr_clock_age_on (&birth, today)));
    }
}

/* Whether @question is asked, given the answers before it. */
static gboolean
is_asked (const TrQuestion *question, Walk *walk, GError **error)
{
  gboolean asked = TRUE;

  if (question->ask_if != NULL &&
      !tr_expr_evaluate_condition (question->ask_if, walk->env, &asked, error))
    return FALSE;
  return asked;
}

/* Goes through the questions in order, as the kiosk asks them, keeping only
 * the answers to questions that are asked: an answer left over from a path
 * the person went back on does not count. With @strict, an answer that is
 * not valid is an error; otherwise it counts as not given. */
static gboolean
walk_answers (TrRules *self, GHashTable *answers, const GDate *today,
              gboolean strict, Walk *walk, GError **error)
{
  GHashTableIter iter;
  gpointer name, list;

  walk->env = tr_expr_env_new ();
  walk->states = g_new0 (AnswerState, MAX (self->questions->len, 1));
  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, &name, &list))
    tr_expr_env_take (walk->env, name, tr_value_ref (list));

  for (guint i = 0; i < self->questions->len; i++)
    {
      const TrQuestion *question = g_ptr_array_index (self->questions, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *normalised = NULL;
      const char *raw = answers != NULL ? g_hash_table_lookup (answers, question->id) : NULL;
      gboolean asked = is_asked (question, walk, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!asked)
        {
          walk->states[i] = inputs_known (self, walk, question->ask_if_inputs)
                            ? STATE_SKIPPED : STATE_PENDING;
          continue;
        }
      if (raw == NULL)
        continue;
      normalised = check_question_answer (question, raw, today, &local_error);
      if (normalised == NULL)
        {
          if (!strict)
            continue;
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID, _("Answer to “%s”: %s"),
                       question->id, local_error->message);
          return FALSE;
        }
      walk->states[i] = STATE_ANSWERED;
      add_answer (self, walk, question, normalised, today);
    }
  return TRUE;
}

int
tr_rules_next_question (TrRules *self, GHashTable *answers, int after, const GDate *today)
{
  g_auto(Walk) walk = { 0 };
  GDate day;

  g_return_val_if_fail (TR_IS_RULES (self), -1);
  resolve_today (today, &day);
  if (!walk_answers (self, answers, &day, FALSE, &walk, NULL))
    return -1;
  for (guint i = (guint) MAX (after + 1, 0); i < self->questions->len; i++)
    {
      const TrQuestion *question = g_ptr_array_index (self->questions, i);
      gboolean asked = is_asked (question, &walk, NULL);
      if (asked)
        return (int) i;
    }
  return -1;
}

static char **
applying_flags (TrRules *self, GHashTable *env, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->flags->len; i++)
    {
      const Flag *flag = g_ptr_array_index (self->flags, i);
      gboolean applies = FALSE;

      if (!tr_expr_evaluate_condition (flag->condition, env, &applies, error))
        return NULL;
      if (applies)
        g_ptr_array_add (ids, g_strdup (flag->id));
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_steal (ids, NULL);
}

static TrVerdict *
make_verdict (TrRules *self, TrVerdictKind kind, const char *decision_id,
              GHashTable *env, GError **error)
{
  char **flags = applying_flags (self, env, error);
  TrVerdict *verdict;

  if (flags == NULL)
    return NULL;
  verdict = g_new0 (TrVerdict, 1);
  verdict->kind = kind;
  verdict->decision_id = g_strdup (decision_id);
  verdict->flags = flags;
  return verdict;
}

/* The first decision of @kind that applies, or NULL; with @need_known, only
 * decisions whose every input is known count. */
static const Decision *
first_applying (TrRules *self, const Walk *walk, TrVerdictKind kind,
                gboolean need_known, GError **error)
{
  for (guint i = 0; i < self->decisions->len; i++)
    {
      const Decision *decision = g_ptr_array_index (self->decisions, i);
      gboolean applies = FALSE;

      if (decision->verdict != kind || (need_known && !inputs_known (self, walk, decision->inputs)))
        continue;
      if (!tr_expr_evaluate_condition (decision->condition, walk->env, &applies, error))
        return NULL;
      if (applies)
        return decision;
    }
  return NULL;
}

TrVerdict *
tr_rules_decide (TrRules *self, GHashTable *answers, const GDate *today, GError **error)
{
  g_auto(Walk) walk = { 0 };
  g_autoptr(GError) local_error = NULL;
  const Decision *decision;
  GDate day;

  g_return_val_if_fail (TR_IS_RULES (self), NULL);
  resolve_today (today, &day);
  if (!walk_answers (self, answers, &day, TRUE, &walk, error))
    return NULL;

  decision = first_applying (self, &walk, TR_VERDICT_NOT_ELIGIBLE, TRUE, &local_error);
  if (local_error != NULL)
    goto failed;
  if (decision != NULL)
    return make_verdict (self, TR_VERDICT_NOT_ELIGIBLE, decision->id, walk.env, error);

  for (guint i = 0; i < self->questions->len; i++)
    if (walk.states[i] == STATE_PENDING)
      {
        const TrQuestion *question = g_ptr_array_index (self->questions, i);
        g_autofree char *text = tr_question_get_text (question, NULL);
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                     _("The question “%s” (%s) has no answer yet."), question->id, text);
        return NULL;
      }

  decision = first_applying (self, &walk, TR_VERDICT_CONDITIONAL, FALSE, &local_error);
  if (local_error != NULL)
    goto failed;
  if (decision != NULL)
    return make_verdict (self, TR_VERDICT_CONDITIONAL, decision->id, walk.env, error);
  return make_verdict (self, TR_VERDICT_ELIGIBLE, NULL, walk.env, error);

failed:
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", self->name);
  return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-rules-loader.c — reading a rules file and checking all of it, so that
 * a mistake is reported with its line before any person is asked anything. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "tr-core-resources.h"
#include "tr-error.h"
#include "tr-rules-private.h"
#include "tr-rules-source-private.h"
#include "tr-text.h"

#define DEFAULT_RULES_RESOURCE "/org/tremplin/core/rules/paris-code-2017.ini"
#define DEFAULT_RULES_NAME     "paris-code-2017.ini"

/* --------------------------------------------------------------- loading */

typedef struct {
  TrRules       *rules;
  TrRulesSource  source;
  GKeyFile      *keyfile;
  TrExprScope   *scope;
  GPtrArray     *excerpts;   /* of what messages quote, freed with the loader */
} Loader;

/* @value as a message may quote it: a value of the file can be huge. */
static const char *
shown (Loader *loader, const char *value)
{
  char *excerpt = tr_text_excerpt (value);

  g_ptr_array_add (loader->excerpts, excerpt);
  return excerpt;
}

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
  { "If", FALSE }, { "Label", TRUE }, { "Meaning", TRUE }, { "Target", FALSE }, { NULL, FALSE },
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
        return tr_rules_fail_at_key (&loader->source, group, key, error,
                                     _("a translation is written Key[language]=, for example Text[fr]="));
      if (answer_labels && g_str_has_prefix (base, "Answer-"))
        continue;
      for (const KeySpec *spec = specs; spec->key != NULL; spec++)
        if (strcmp (spec->key, base) == 0)
          found = spec;
      if (found == NULL)
        {
          known = describe_keys (specs, answer_labels);
          return tr_rules_fail_at_key (&loader->source, group, key, error,
                                       _("unknown key; the keys here are %s"), known);
        }
      if (bracket != NULL && !found->translatable)
        return tr_rules_fail_at_key (&loader->source, group, key, error,
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
      tr_rules_fail_at_group (&loader->source, group, error, _("has no %s=; %s"), key, why);
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
        return tr_rules_fail_at_key (&loader->source, "Lists", keys[i], error,
                                     _("a list name uses letters, digits and '_' and starts with a letter"));
      items = g_key_file_get_string_list (loader->keyfile, "Lists", keys[i], &n_items, NULL);
      if (items == NULL || n_items == 0)
        return tr_rules_fail_at_key (&loader->source, "Lists", keys[i], error,
                                     _("the list is empty; write its items separated by ';'"));
      for (gsize j = 0; j < n_items; j++)
        if (*g_strstrip (items[j]) == '\0')
          return tr_rules_fail_at_key (&loader->source, "Lists", keys[i], error,
                                       _("item %u of the list is empty"), (guint) j + 1);
      g_hash_table_insert (loader->rules->lists, g_strdup (keys[i]),
                           tr_value_new_string_list ((const char * const *) items));
    }
  return TRUE;
}

static gboolean
load_qpv (Loader *loader, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (loader->keyfile, "QPV", NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_auto(GStrv) names = NULL;
      g_autoptr(GError) not_postcode = NULL;
      g_autofree char *postcode = tr_text_check_postcode (keys[i], &not_postcode);
      gsize n_names = 0;

      if (postcode == NULL)
        return tr_rules_fail_at_key (&loader->source, "QPV", keys[i], error, "%s", not_postcode->message);
      names = g_key_file_get_string_list (loader->keyfile, "QPV", keys[i], &n_names, NULL);
      if (names == NULL || n_names == 0)
        return tr_rules_fail_at_key (&loader->source, "QPV", keys[i], error,
                                     _("no neighbourhood names; write them separated by ';'"));
      for (gsize j = 0; j < n_names; j++)
        g_strstrip (names[j]);
      g_hash_table_insert (loader->rules->qpv_names, g_steal_pointer (&postcode), g_steal_pointer (&names));
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
    return tr_rules_fail_at_group (&loader->source, group, error,
                                   _("a choice needs Answers=, its answer tokens separated by ';'"));
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *label_key = NULL;
      g_autofree char *label = NULL;

      g_strstrip (question->answers[i]);
      if (!is_identifier (question->answers[i]))
        return tr_rules_fail_at_key (&loader->source, group, "Answers", error,
                                     _("“%s” is not a valid answer token; use letters, digits and '_'"),
                                     shown (loader, question->answers[i]));
      for (gsize j = 0; j < i; j++)
        if (strcmp (question->answers[i], question->answers[j]) == 0)
          return tr_rules_fail_at_key (&loader->source, group, "Answers", error,
                                       _("“%s” is listed twice"), shown (loader, question->answers[i]));
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
          return tr_rules_fail_at_key (&loader->source, group, keys[i], error,
                                       _("“%s” is not in Answers="), shown (loader, token));
      }
  return TRUE;
}

static gboolean
read_bound (Loader *loader, const char *group, const char *key, gint64 *out, GError **error)
{
  g_autofree char *text = raw_value (loader, group, key);

  if (text == NULL)
    return tr_rules_fail_at_group (&loader->source, group, error,
                                   _("a number question needs %s=, a whole number"), key);
  if (!g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, out, NULL))
    return tr_rules_fail_at_key (&loader->source, group, key, error,
                                 _("“%s” is not a whole number"), shown (loader, text));
  return TRUE;
}

static gboolean
load_number_bounds (Loader *loader, TrQuestion *question, GError **error)
{
  if (!read_bound (loader, question->group, "Min", &question->min, error) ||
      !read_bound (loader, question->group, "Max", &question->max, error))
    return FALSE;
  if (question->min > question->max)
    return tr_rules_fail_at_key (&loader->source, question->group, "Max", error,
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
  return tr_rules_fail_at_key (&loader->source, group, key, error,
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
    return tr_rules_fail_at_key (&loader->source, group, "Type", error,
                                 _("unknown type “%s”; write date, postcode, number or choice"),
                                 shown (loader, type));
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
          return tr_rules_fail_at_key (&loader->source, group, keys[i], error,
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
    return tr_rules_fail_at_key (&loader->source, group, "Verdict", error,
                                 _("unknown verdict “%s”; write not_eligible or conditional "
                                   "(eligible is what remains when no decision applies)"),
                                 shown (loader, verdict));
  reason = require_string (loader, group, "Reason", _("say in plain words why"), error);
  if (reason == NULL)
    return FALSE;
  referral = require_string (loader, group, "Referral",
                             _("say where to go or what to do instead, so that no answer is a dead end"),
                             error);
  return referral != NULL;
}

/* Target= is the programme's aim for the flag's share of registrations, in
 * percent: only the season report reads it, the kiosk checks it is one. */
static gboolean
check_target (Loader *loader, const char *group, GError **error)
{
  g_autofree char *text = raw_value (loader, group, "Target");

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, 100, NULL, NULL))
    return tr_rules_fail_at_key (&loader->source, group, "Target", error,
                                 _("“%s” is not a share in percent: write a whole number from 0 to 100, as Target=30"),
                                 shown (loader, text));
  return TRUE;
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
  return meaning != NULL && check_target (loader, group, error);
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
          return tr_rules_fail_at_group (&loader->source, group, error,
                                         _("“%s” cannot be an id: use letters, digits and '_', "
                                           "starting with a letter"), shown (loader, id));
        return kinds[i].load (loader, group, id, error);
      }
  return tr_rules_fail_at_group (&loader->source, group, error,
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
          (tr_rules_has_age (self) && strcmp (name, AGE_VARIABLE) == 0))
        return tr_rules_fail_at_key (&loader->source, "Lists", name, error,
                                     _("a question or variable already has this name; rename the list"));
      tr_expr_scope_add_list (loader->scope, name, TR_VALUE_STRING);
    }
  for (guint i = 0; i < self->questions->len; i++)
    {
      const TrQuestion *question = g_ptr_array_index (self->questions, i);

      if (tr_rules_has_age (self) && strcmp (question->id, AGE_VARIABLE) == 0)
        return tr_rules_fail_at_group (&loader->source, question->group, error,
                                       _("“age” is counted from birth_date; give this question another id"));
      if (question->kind == TR_QUESTION_CHOICE)
        tr_expr_scope_add_choice (loader->scope, question->id,
                                  (const char * const *) question->answers);
      else
        tr_expr_scope_add_variable (loader->scope, question->id, question_value_kind (question));
    }
  if (tr_rules_has_age (self))
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
      tr_rules_fail_at_group (&loader->source, group, error,
                              _("has no %s=; write the condition, for example %s=age < 18"), key, key);
      return NULL;
    }
  expr = tr_expr_parse (text, &local_error);
  if (expr == NULL || !tr_expr_check (expr, loader->scope, &local_error))
    {
      tr_rules_fail_at_key (&loader->source, group, key, error, "%s", local_error->message);
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
    if (tr_rules_question_index (loader->rules, inputs[i]) >= (int) index)
      return tr_rules_fail_at_key (&loader->source, question->group, "AskIf", error,
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

/* Whether @key of @group is read raw as a condition: AskIf= of a question,
 * If= of a decision or a flag. In [Lists] or [QPV] the same names are
 * values like any other there. */
static gboolean
is_condition (const char *group, const char *key)
{
  if (strcmp (key, "AskIf") == 0)
    return g_str_has_prefix (group, "Question ");
  if (strcmp (key, "If") == 0)
    return g_str_has_prefix (group, "Decision ") || g_str_has_prefix (group, "Flag ");
  return FALSE;
}

/* GKeyFile reads a value with a backslash that starts no escape as missing,
 * or, after an unknown escape, a final backslash with a warning of its own:
 * such a value is a mistake in the file, said with its line. Conditions are
 * read raw, and a backslash there belongs to their own quoted texts. */
static gboolean
check_escapes (Loader *loader, GError **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (loader->keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (loader->keyfile, groups[i], NULL, NULL);

      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *raw = NULL;

          if (is_condition (groups[i], keys[j]))
            continue;
          raw = g_key_file_get_value (loader->keyfile, groups[i], keys[j], NULL);
          if (tr_text_find_bad_escape (raw) != NULL)
            return tr_rules_fail_at_key (&loader->source, groups[i], keys[j], error,
                                         _("a backslash (\\) here starts no escape; write \\\\ "
                                           "for a backslash, \\s \\n \\t for a space, a new "
                                           "line, a tab"));
        }
    }
  return TRUE;
}

static gboolean
load_all (Loader *loader, const char *text, gsize length, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  GPtrArray *flag_ids;

  if (!tr_rules_source_scan (&loader->source, text, error))
    return FALSE;
  if (!g_key_file_load_from_data (loader->keyfile, text, length,
                                  G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, "%s: %s", loader->source.name, local_error->message);
      return FALSE;
    }
  if (!check_escapes (loader, error) ||
      !load_programme (loader, error) ||
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
  loader.excerpts = g_ptr_array_new_with_free_func (g_free);
  ok = load_all (&loader, text, length, error);
  tr_rules_source_clear (&loader.source);
  tr_expr_scope_free (loader.scope);
  g_ptr_array_unref (loader.excerpts);
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

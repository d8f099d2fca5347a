/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-enrol.c — the one path from a walk-in's answers to a stored, signed registration. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-enrol.h"
#include "tr-error.h"
#include "tr-text.h"

GHashTable *
tr_enrol_check_answers (TrRules      *rules,
                        GHashTable   *answers,
                        const GDate  *today,
                        GError      **error)
{
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tr_text_free_wiped);
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tr_text_free_wiped);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) local_error = NULL;
      char *normalised;

      if (tr_rules_lookup_question (rules, key) == NULL)
        {
          g_autofree char *shown = tr_text_excerpt (key);
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("There is no question “%s” in the eligibility rules"), shown);
          return NULL;
        }
      normalised = tr_rules_check_answer (rules, key, value, &local_error);
      if (normalised == NULL)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("Answer to “%s”: %s"), (char *) key, local_error->message);
          return NULL;
        }
      g_hash_table_insert (checked, g_strdup (key), normalised);
    }

  /* Walk the questions as the kiosk would: an answer to a question that these
   * answers skip (a QPV answer for a postcode without one) is not kept. */
  for (int i = tr_rules_next_question (rules, asked, -1, today);
       i >= 0;
       i = tr_rules_next_question (rules, asked, i, today))
    {
      const char *id = tr_question_get_id (tr_rules_get_question (rules, (guint) i));
      const char *answer = g_hash_table_lookup (checked, id);

      if (answer != NULL)
        g_hash_table_insert (asked, g_strdup (id), g_strdup (answer));
    }
  return g_steal_pointer (&asked);
}

static gboolean
set_not_eligible (TrRules          *rules,
                  const TrVerdict  *verdict,
                  const char       *language,
                  GError          **error)
{
  g_autofree char *reason = tr_rules_get_decision_reason (rules, verdict->decision_id, language);
  g_autofree char *referral = tr_rules_get_decision_referral (rules, verdict->decision_id, language);

  g_set_error (error, TR_ERROR, TR_ERROR_NOT_ELIGIBLE, "%s %s",
               reason != NULL ? reason : verdict->decision_id,
               referral != NULL ? referral : "");
  return FALSE;
}

static gboolean
check_agrees (const TrPerson *person,
              TrField         field,
              GHashTable     *answers,
              const char     *question_id,
              GError        **error)
{
  const char *detail = person->values[field];
  const char *answer = g_hash_table_lookup (answers, question_id);

  if (detail == NULL || answer == NULL || g_strcmp0 (detail, answer) == 0)
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("The %s in the personal details (%s) differs from the eligibility answer (%s); correct one of them"),
               tr_field_to_key (field), detail, answer);
  return FALSE;
}

static char *
answers_to_json (GHashTable *answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (answers), (GCompareFunc) g_strcmp0);

  json_builder_begin_object (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (answers, l->data));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
check_offer (TrStore          *store,
             const char       *offer_id,
             GHashTable       *answers,
             const GDate      *today,
             GError          **error)
{
  g_autoptr(TrOffer) offer = NULL;
  g_autofree char *why_not = NULL;
  TrProfile profile;

  if (!tr_text_check_utf8 (offer_id, _("The offer's id"), error))
    return FALSE;
  offer = tr_store_lookup_offer (store, offer_id, error);
  if (offer == NULL)
    return FALSE;
  if (tr_offer_get_withdrawn (offer))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The training %s is no longer in the catalogue; choose another one"), offer_id);
      return FALSE;
    }
  tr_profile_from_answers (&profile, answers, today);
  if (!tr_offer_fits_profile (offer, &profile, &why_not))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NO_FIT,
                   _("The training %s is not open to this person: %s"), offer_id,
                   why_not != NULL ? why_not : "");
      return FALSE;
    }
  return TRUE;
}

TrRegistration *
tr_enrol (TrStore           *store,
          TrRules           *rules,
          const TrKeyPair   *keys,
          const TrEnrolment *enrolment,
          TrVerdict        **verdict_out,
          GError           **error)
{
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(TrVerdict) verdict = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(TrWipedText) answers_json = NULL;
  g_autoptr(TrWipedText) person_json = NULL;
  TrRegistrationRequest request = { 0 };
  GDate today;

  if (!tr_text_check_utf8 (enrolment->session_id, _("The session id"), error))
    return NULL;
  tr_clock_local_gdate (enrolment->now, &today);
  answers = tr_enrol_check_answers (rules, enrolment->answers, &today, error);
  if (answers == NULL)
    return NULL;
  verdict = tr_rules_decide (rules, answers, &today, error);
  if (verdict == NULL)
    return NULL;
  if (verdict->kind == TR_VERDICT_NOT_ELIGIBLE)
    {
      set_not_eligible (rules, verdict, enrolment->language, error);
      return NULL;
    }
  if (!check_agrees (enrolment->person, TR_FIELD_BIRTH_DATE, answers, "birth_date", error) ||
      !check_agrees (enrolment->person, TR_FIELD_POSTCODE, answers, "postcode", error) ||
      !check_offer (store, enrolment->offer_id, answers, &today, error))
    return NULL;

  answers_json = answers_to_json (answers);
  person_json = tr_person_to_json (enrolment->person);
  request.session_id = enrolment->session_id;
  request.offer_id = enrolment->offer_id;
  request.now = enrolment->now;
  request.verdict = tr_verdict_kind_to_token (verdict->kind);
  request.answers_json = answers_json;
  request.flags = (const char * const *) verdict->flags;
  request.person_json = person_json;
  request.accept_waiting_list = enrolment->accept_waiting_list;

  registration = tr_store_register (store, &request, keys, error);
  if (registration == NULL)
    return NULL;
  if (verdict_out != NULL)
    *verdict_out = g_steal_pointer (&verdict);
  return g_steal_pointer (&registration);
}

/* ----- the registration form as JSON ----- */

void
tr_enrol_form_free (TrEnrolForm *form)
{
  if (form == NULL)
    return;
  g_free (form->offer_id);
  g_free (form->session_id);
  g_clear_pointer (&form->answers, g_hash_table_unref);
  tr_person_free (form->person);
  g_free (form);
}

static GType
node_value_type (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                      : G_TYPE_INVALID;
}

/* The text of @member: absent or null gives NULL when @optional. */
static gboolean
read_text_member (JsonObject *object, const char *member, gboolean optional,
                  const char *what, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (optional && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;
  if (node_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration needs “%s” as a text between double quotes: %s"),
                   member, what);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static JsonObject *
read_object_member (JsonObject *object, const char *member, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration needs “%s” as a JSON object"), member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* Answers are tokens; a number is accepted for numeric questions. */
static GHashTable *
read_form_answers (JsonObject *object, GError **error)
{
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tr_text_free_wiped);
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &id, &node))
    {
      GType type = node_value_type (node);
      char *value;

      if (type == G_TYPE_STRING)
        value = g_strdup (json_node_get_string (node));
      else if (type == G_TYPE_INT64)
        value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        {
          g_autofree char *shown = tr_text_excerpt (id);
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("The answer to “%s” must be a text or a whole number"), shown);
          return NULL;
        }
      g_hash_table_insert (answers, g_strdup (id), value);
    }
  return g_steal_pointer (&answers);
}

/* The form may leave out the birth date and postcode already answered. */
static TrPerson *
read_form_person (JsonObject *person, GHashTable *answers, const GDate *today, GError **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(TrWipedText) text = NULL;
  const char *repeated[] = { "birth_date", "postcode" };
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, person);
  while (json_object_iter_next (&iter, &key, &value))
    json_object_set_member (copy, key, json_node_copy (value));
  for (guint i = 0; i < G_N_ELEMENTS (repeated); i++)
    if (!json_object_has_member (copy, repeated[i]) && g_hash_table_contains (answers, repeated[i]))
      json_object_set_string_member (copy, repeated[i], g_hash_table_lookup (answers, repeated[i]));
  json_node_set_object (node, copy);
  text = json_to_string (node, FALSE);
  return tr_person_from_json (text, today, NULL, error);
}

TrEnrolForm *
tr_enrol_form_from_json (const char *json, const GDate *today, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(TrEnrolForm) form = g_new0 (TrEnrolForm, 1);
  JsonObject *object, *answers, *person;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (!tr_text_check_utf8 (json, _("The registration"), error) ||
      !tr_text_check_json_has_no_nul (json, _("The registration"), error))
    return NULL;
  if (!json_parser_load_from_data (parser, json, -1, &parse_error))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("The registration is not valid JSON: %s"), parse_error->message);
      return NULL;
    }
  /* An empty text parses, with no root at all. */
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("The registration must be one JSON object with “offer”, “answers” and “person”"));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (!read_text_member (object, "offer", FALSE, _("the offer's id"), &form->offer_id, error) ||
      !read_text_member (object, "session_id", TRUE,
                         _("an id that a retry of the same form repeats"), &form->session_id, error) ||
      (answers = read_object_member (object, "answers", error)) == NULL ||
      (person = read_object_member (object, "person", error)) == NULL ||
      (form->answers = read_form_answers (answers, error)) == NULL ||
      (form->person = read_form_person (person, form->answers, today, error)) == NULL)
    return NULL;
  if (form->session_id != NULL && *form->session_id == '\0')
    g_clear_pointer (&form->session_id, g_free);
  return g_steal_pointer (&form);
}

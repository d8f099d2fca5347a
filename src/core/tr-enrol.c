#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-enrol.h"
#include "tr-error.h"

GHashTable *
tr_enrol_check_answers (TrRules      *rules,
                        GHashTable   *answers,
                        const GDate  *today,
                        GError      **error)
{
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) local_error = NULL;
      char *normalised;

      if (tr_rules_lookup_question (rules, key) == NULL)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("There is no question “%s” in the eligibility rules"), (char *) key);
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
  g_autoptr(TrOffer) offer = tr_store_lookup_offer (store, offer_id, error);
  g_autofree char *why_not = NULL;
  TrProfile profile;

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
  g_autofree char *answers_json = NULL;
  g_autofree char *person_json = NULL;
  TrRegistrationRequest request = { 0 };
  GDate today;

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

#include "config.h"

#include <string.h>

#include "tr-clock.h"
#include "tr-session.h"

struct _TrSession
{
  GObject         parent_instance;
  char           *id;
  char           *language;
  gboolean        large_text;
  gboolean        high_contrast;
  GHashTable     *answers;
  TrVerdict      *verdict;
  TrOffer        *offer;
  char           *details[TR_N_FIELDS];
  TrRegistration *registration;
};

G_DEFINE_FINAL_TYPE (TrSession, tr_session, G_TYPE_OBJECT)

/* Overwrite before freeing: a person's details should not linger in freed
 * memory that the next allocation might show. */
static void
free_secret (gpointer data)
{
  char *text = data;

  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

static void
tr_session_finalize (GObject *object)
{
  TrSession *self = TR_SESSION (object);

  tr_session_wipe (self);
  g_hash_table_unref (self->answers);
  g_free (self->id);
  g_free (self->language);
  G_OBJECT_CLASS (tr_session_parent_class)->finalize (object);
}

static void
tr_session_class_init (TrSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_session_finalize;
}

static void
tr_session_init (TrSession *self)
{
  self->id = g_uuid_string_random ();
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_secret);
}

TrSession *
tr_session_new (const char *language)
{
  TrSession *self = g_object_new (TR_TYPE_SESSION, NULL);

  self->language = g_strdup (language);
  return self;
}

const char *
tr_session_get_id (TrSession *self)
{
  return self->id;
}

const char *
tr_session_get_language (TrSession *self)
{
  return self->language;
}

gboolean
tr_session_get_large_text (TrSession *self)
{
  return self->large_text;
}

void
tr_session_set_large_text (TrSession *self, gboolean large_text)
{
  self->large_text = !!large_text;
}

gboolean
tr_session_get_high_contrast (TrSession *self)
{
  return self->high_contrast;
}

void
tr_session_set_high_contrast (TrSession *self, gboolean high_contrast)
{
  self->high_contrast = !!high_contrast;
}

GHashTable *
tr_session_get_answers (TrSession *self)
{
  return self->answers;
}

const char *
tr_session_get_answer (TrSession *self, const char *question_id)
{
  return g_hash_table_lookup (self->answers, question_id);
}

void
tr_session_set_answer (TrSession *self, const char *question_id, const char *value)
{
  if (value == NULL)
    g_hash_table_remove (self->answers, question_id);
  else
    g_hash_table_insert (self->answers, g_strdup (question_id), g_strdup (value));
}

const TrVerdict *
tr_session_get_verdict (TrSession *self)
{
  return self->verdict;
}

void
tr_session_set_verdict (TrSession *self, TrVerdict *verdict)
{
  g_clear_pointer (&self->verdict, tr_verdict_free);
  self->verdict = verdict;
}

TrOffer *
tr_session_get_offer (TrSession *self)
{
  return self->offer;
}

void
tr_session_set_offer (TrSession *self, TrOffer *offer)
{
  g_set_object (&self->offer, offer);
}

const char *
tr_session_get_detail (TrSession *self, TrField field)
{
  g_return_val_if_fail (field < TR_N_FIELDS, NULL);
  return self->details[field];
}

void
tr_session_set_detail (TrSession *self, TrField field, const char *text)
{
  g_return_if_fail (field < TR_N_FIELDS);
  free_secret (self->details[field]);
  self->details[field] = g_strdup (text);
}

TrPerson *
tr_session_build_person (TrSession    *self,
                         const GDate  *today,
                         TrField      *bad_field,
                         GError      **error)
{
  g_autoptr(TrPerson) person = tr_person_new ();

  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      g_autoptr(GError) local_error = NULL;
      const char *typed = self->details[field];

      /* The birth date and postcode were answered already. */
      if ((typed == NULL || *typed == '\0') && field == TR_FIELD_BIRTH_DATE)
        typed = tr_session_get_answer (self, "birth_date");
      if ((typed == NULL || *typed == '\0') && field == TR_FIELD_POSTCODE)
        typed = tr_session_get_answer (self, "postcode");

      person->values[field] = tr_person_check_field (field, typed != NULL ? typed : "", today, &local_error);
      if (local_error != NULL)
        {
          if (bad_field != NULL)
            *bad_field = field;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  return g_steal_pointer (&person);
}

const TrRegistration *
tr_session_commit (TrSession       *self,
                   TrStore         *store,
                   TrRules         *rules,
                   const TrKeyPair *keys,
                   GDateTime       *now,
                   gboolean         accept_waiting_list,
                   GError         **error)
{
  g_autoptr(TrPerson) person = NULL;
  TrEnrolment enrolment = { 0 };
  GDate today;

  g_return_val_if_fail (self->offer != NULL, NULL);

  tr_clock_local_gdate (now, &today);
  person = tr_session_build_person (self, &today, NULL, error);
  if (person == NULL)
    return NULL;
  enrolment.session_id = self->id;
  enrolment.offer_id = tr_offer_get_id (self->offer);
  enrolment.answers = self->answers;
  enrolment.person = person;
  enrolment.accept_waiting_list = accept_waiting_list;
  enrolment.now = now;
  enrolment.language = self->language;

  g_clear_pointer (&self->registration, tr_registration_free);
  self->registration = tr_enrol (store, rules, keys, &enrolment, NULL, error);
  return self->registration;
}

const TrRegistration *
tr_session_get_registration (TrSession *self)
{
  return self->registration;
}

void
tr_session_wipe (TrSession *self)
{
  g_hash_table_remove_all (self->answers);
  g_clear_pointer (&self->verdict, tr_verdict_free);
  g_clear_object (&self->offer);
  for (guint i = 0; i < TR_N_FIELDS; i++)
    g_clear_pointer (&self->details[i], free_secret);
  g_clear_pointer (&self->registration, tr_registration_free);
  self->large_text = FALSE;
  self->high_contrast = FALSE;
}

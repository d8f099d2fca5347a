/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-session.c — one walk-in's answers, offer and details, forgotten when the walk ends. */
#include "config.h"

#include <string.h>

#include "tr-clock.h"
#include "tr-text.h"
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

/* What the kiosk's window and pages follow (g_object_bind_property, or
 * notify::). Each notifies only when its value changes. */
enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_LARGE_TEXT,
  PROP_HIGH_CONTRAST,
  PROP_OFFER,
  PROP_VERDICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Overwrite before freeing: a person's details should not linger in freed
 * memory that the next allocation might show. */
#define free_secret tr_text_free_wiped

/* Overwrites and forgets everything the person entered; @notify is FALSE
 * while finalizing, when nobody may be told any more. */
static void
forget_person (TrSession *self, gboolean notify)
{
  gboolean had_verdict = self->verdict != NULL;
  gboolean had_offer = self->offer != NULL;
  gboolean had_large_text = self->large_text;
  gboolean had_high_contrast = self->high_contrast;

  g_hash_table_remove_all (self->answers);
  g_clear_pointer (&self->verdict, tr_verdict_free);
  g_clear_object (&self->offer);
  for (guint i = 0; i < TR_N_FIELDS; i++)
    g_clear_pointer (&self->details[i], free_secret);
  g_clear_pointer (&self->registration, tr_registration_free);
  self->large_text = FALSE;
  self->high_contrast = FALSE;
  if (!notify)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (had_verdict)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
  if (had_offer)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFER]);
  if (had_large_text)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LARGE_TEXT]);
  if (had_high_contrast)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
tr_session_finalize (GObject *object)
{
  TrSession *self = TR_SESSION (object);

  forget_person (self, FALSE);
  g_hash_table_unref (self->answers);
  g_free (self->id);
  g_free (self->language);
  G_OBJECT_CLASS (tr_session_parent_class)->finalize (object);
}

static void
tr_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TrSession *self = TR_SESSION (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE: g_value_set_string (value, self->language); break;
    case PROP_LARGE_TEXT: g_value_set_boolean (value, self->large_text); break;
    case PROP_HIGH_CONTRAST: g_value_set_boolean (value, self->high_contrast); break;
    case PROP_OFFER: g_value_set_object (value, self->offer); break;
    case PROP_VERDICT: g_value_set_pointer (value, self->verdict); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_session_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TrSession *self = TR_SESSION (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE: self->language = g_value_dup_string (value); break;
    case PROP_LARGE_TEXT: tr_session_set_large_text (self, g_value_get_boolean (value)); break;
    case PROP_HIGH_CONTRAST: tr_session_set_high_contrast (self, g_value_get_boolean (value)); break;
    case PROP_OFFER: tr_session_set_offer (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_session_class_init (TrSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tr_session_finalize;
  object_class->get_property = tr_session_get_property;
  object_class->set_property = tr_session_set_property;

  /* A new language is a new session: the window starts one. */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LARGE_TEXT] =
    g_param_spec_boolean ("large-text", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFER] =
    g_param_spec_object ("offer", NULL, NULL, TR_TYPE_OFFER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A const TrVerdict * owned by the session: set with
   * tr_session_set_verdict, which takes it. */
  properties[PROP_VERDICT] =
    g_param_spec_pointer ("verdict", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  return g_object_new (TR_TYPE_SESSION, "language", language, NULL);
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
  large_text = !!large_text;
  if (self->large_text == large_text)
    return;
  self->large_text = large_text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LARGE_TEXT]);
}

gboolean
tr_session_get_high_contrast (TrSession *self)
{
  return self->high_contrast;
}

void
tr_session_set_high_contrast (TrSession *self, gboolean high_contrast)
{
  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;
  self->high_contrast = high_contrast;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
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
  if (self->verdict == verdict)
    return;
  g_clear_pointer (&self->verdict, tr_verdict_free);
  self->verdict = verdict;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
}

TrOffer *
tr_session_get_offer (TrSession *self)
{
  return self->offer;
}

void
tr_session_set_offer (TrSession *self, TrOffer *offer)
{
  if (g_set_object (&self->offer, offer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFER]);
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
  forget_person (self, TRUE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-enrol.h — one applicant's registration, from answers to a stored receipt.
 *
 * The single path that the kiosk and the command line share, so that the same
 * eligibility rules and offer fit apply to a walk-in and to a paper form.
 */
#pragma once

#include "tr-keys.h"
#include "tr-person.h"
#include "tr-rules.h"
#include "tr-store.h"

G_BEGIN_DECLS

typedef struct {
  const char     *session_id;           /* unique per applicant; a retry reuses it */
  const char     *offer_id;
  GHashTable     *answers;              /* question id → answer, as given */
  const TrPerson *person;               /* already checked (tr-person.h) */
  gboolean        accept_waiting_list;
  GDateTime      *now;
  const char     *language;             /* for reasons in errors; NULL: the rules' default */
} TrEnrolment;

/* Checks every answer, keeps only the questions the rules ask for these
 * answers, decides, checks the offer is open and fits the person's profile and
 * that the person's details agree with the answers, then registers. Errors:
 * TR_ERROR_INVALID (a bad answer or a disagreement), TR_ERROR_NOT_ELIGIBLE
 * (with the reason and where to go instead), TR_ERROR_NOT_FOUND,
 * TR_ERROR_NO_FIT, TR_ERROR_FULL, TR_ERROR_STORAGE. @verdict (may be NULL)
 * receives the verdict when the registration is stored. */
TrRegistration *tr_enrol (TrStore           *store,
                          TrRules           *rules,
                          const TrKeyPair   *keys,
                          const TrEnrolment *enrolment,
                          TrVerdict        **verdict,
                          GError           **error);

/* The answers the rules actually ask for, checked and normalised: answers to
 * skipped questions are dropped. NULL with @error on the first bad answer or
 * an answer to an unknown question. */
GHashTable     *tr_enrol_check_answers (TrRules      *rules,
                                        GHashTable   *answers,
                                        const GDate  *today,
                                        GError      **error);

/* A registration written as JSON, as `tremplin-admin register` reads it:
 * {"offer": ID, "session_id": ID, "answers": {…}, "person": {…}}.
 * "session_id" may be left out (or empty); the person may leave out the
 * birth date and postcode already given in the answers. */
typedef struct {
  char       *offer_id;
  char       *session_id;   /* NULL when the form carries none */
  GHashTable *answers;      /* question id → answer, as given */
  TrPerson   *person;       /* checked */
} TrEnrolForm;

/* Reads @json, checking the type of every member: a message names the
 * member and the type it must have. A text holding a zero character
 * (\u0000) is refused rather than cut short. TR_ERROR_PARSE for JSON that
 * cannot be read, TR_ERROR_INVALID otherwise. */
TrEnrolForm    *tr_enrol_form_from_json (const char   *json,
                                         const GDate  *today,
                                         GError      **error);
void            tr_enrol_form_free      (TrEnrolForm  *form);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrEnrolForm, tr_enrol_form_free)

G_END_DECLS

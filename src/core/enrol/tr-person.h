/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-person.h — the personal details of an applicant, checked and normalised. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TR_FIELD_FIRST_NAME,
  TR_FIELD_LAST_NAME,
  TR_FIELD_BIRTH_DATE,
  TR_FIELD_PHONE,
  TR_FIELD_EMAIL,           /* optional */
  TR_FIELD_POSTCODE,
  TR_FIELD_POLE_EMPLOI_ID,  /* optional */
  TR_N_FIELDS
} TrField;

/* The JSON key of a field ("first_name", …), as in `register` and exports. */
const char *tr_field_to_key   (TrField field);
gboolean    tr_field_from_key (const char *key, TrField *out);
gboolean    tr_field_is_optional (TrField field);

typedef struct {
  char *values[TR_N_FIELDS];  /* normalised; NULL for an empty optional field */
} TrPerson;

TrPerson *tr_person_new  (void);
void      tr_person_free (TrPerson *person);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrPerson, tr_person_free)

/* Checks what a person typed in one field and returns it normalised:
 * names NFC with blanks trimmed and collapsed, the birth date YYYY-MM-DD
 * (typed so or as DD/MM/YYYY; age 16–99 on @today), the phone as E.164
 * (+33…; from 06 12 34 56 78, +33 6…, +33 (0)6…, 0033 6…), the email as typed
 * but trimmed, the postcode and the Pôle emploi identifier without blanks,
 * the latter upper-cased. An empty optional field
 * gives NULL with no error. On a bad value returns NULL and sets @error
 * (TR_ERROR_INVALID) to one sentence a walk-in understands. */
char     *tr_person_check_field (TrField      field,
                                 const char  *input,
                                 const GDate *today,
                                 GError     **error);

/* JSON object with the fields' keys; empty optional fields are omitted. */
char     *tr_person_to_json     (const TrPerson *person);
/* Reads back what tr_person_to_json wrote, or a `register` "person" object,
 * checking every field. On the first bad field, sets @bad_field (may be NULL)
 * and @error, which then starts with the field's name ("phone: Please …").
 * A member that is not one of the fields (a NIR, say) is refused too, with
 * @bad_field set to TR_N_FIELDS; so is JSON that is not an object
 * (TR_ERROR_PARSE). */
TrPerson *tr_person_from_json   (const char  *json,
                                 const GDate *today,
                                 TrField     *bad_field,
                                 GError     **error);

/* "+33612345678" → "06 12 34 56 78"; any other text is returned unchanged. */
char     *tr_phone_to_national  (const char *e164);

G_END_DECLS

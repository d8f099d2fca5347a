/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-birth-date.h — whether a date can be someone's date of birth: the one home of that rule. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The oldest age a date of birth may give: older, the year was mistyped. */
#define TR_BIRTH_DATE_AGE_MAX 99

/* TRUE when @birth is on or before @today and gives an age of at most
 * TR_BIRTH_DATE_AGE_MAX; else a TR_ERROR_INVALID saying to check the year.
 * Both the eligibility answer (rules) and the registration's details
 * (person) ask here, so they accept and refuse the same dates. */
gboolean tr_birth_date_check (const GDate *birth, const GDate *today, GError **error);

G_END_DECLS

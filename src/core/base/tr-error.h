/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-error.h — the one error domain of the core.
 *
 * Every failure a person or a file can cause is a GError in this domain; its
 * message says what was wrong and how to put it right, in plain words.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TR_ERROR (tr_error_quark ())

typedef enum {
  TR_ERROR_INVALID,        /* a value a person typed or a file holds is wrong */
  TR_ERROR_PARSE,          /* a file could not be read as its format requires */
  TR_ERROR_NOT_FOUND,      /* no such offer, registration, kiosk, file */
  TR_ERROR_STORAGE,        /* the database could not be read or written */
  TR_ERROR_FORGED,         /* a receipt whose signature or text does not check */
  TR_ERROR_UNKNOWN_KIOSK,  /* a receipt signed by a kiosk that is not trusted */
  TR_ERROR_NOT_ELIGIBLE,   /* the answers make the person not eligible */
  TR_ERROR_NO_FIT,         /* the offer is not open to this person's profile */
  TR_ERROR_FULL,           /* no seat left and the waiting list was not accepted */
  TR_ERROR_EXISTS,         /* something that must be created once already exists */
} TrErrorCode;

GQuark tr_error_quark (void);

G_END_DECLS

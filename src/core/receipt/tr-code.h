/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-code.h — the human receipt code: "7KQ2-M9XD".
 *
 * Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), in
 * two groups of four; the last is a check character that catches any single
 * wrong character and any swap of two neighbours.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TR_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/* A fresh random code, with its check character and dash. */
char     *tr_code_generate  (void);
/* Accepts what a person types (lower case, blanks, a missing, extra or
 * typographic dash) and returns the canonical code, or NULL with @error
 * (TR_ERROR_INVALID) naming the character that cannot be in a code, or saying
 * that the check character does not match. Look-alikes (0, 1, O, I, L) are
 * refused rather than guessed: the alphabet holds neither them nor their
 * twins, so there is nothing safe to read them as. */
char     *tr_code_normalise (const char *input, GError **error);
/* TRUE only for the canonical form "XXXX-XXXX" with the right check. */
gboolean  tr_code_is_valid  (const char *code);
/* The check character of seven characters of the alphabet, or '\0' when
 * @first_seven is not seven such characters. */
char      tr_code_check_character (const char *first_seven);

G_END_DECLS

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
/* Accepts what a person types (lower case, blanks, no dash, O for 0 …) and
 * returns the canonical code, or NULL with @error when it cannot be a code
 * or its check character is wrong. */
char     *tr_code_normalise (const char *input, GError **error);
gboolean  tr_code_is_valid  (const char *code);

G_END_DECLS

/* tr-text.h — text folding for search: case- and accent-insensitive. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-cased, accents removed, ligatures spelled out (œ → oe), runs of
 * blanks and punctuation collapsed to one space: "Développeuse Web" and
 * "developpeuse  web" fold to the same string. Letters of every script are
 * kept. Never NULL for valid UTF-8; NULL for NULL or invalid UTF-8. */
char *tr_text_fold (const char *text);

G_END_DECLS

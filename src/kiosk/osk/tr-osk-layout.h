/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-osk-layout.h — the keys of the on-screen keyboard, row by row.
 *
 * Rows are measured in units: every row of the letters and symbols pages is
 * TR_OSK_ROW_UNITS wide, so that keys line up from row to row. The numeric
 * pad is a grid of its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TR_OSK_ROW_UNITS 60

typedef enum {
  TR_OSK_KEY_END = 0,      /* ends a row */
  TR_OSK_KEY_TEXT,         /* types its text */
  TR_OSK_KEY_SPACE,
  TR_OSK_KEY_SHIFT,
  TR_OSK_KEY_BACKSPACE,
  TR_OSK_KEY_ENTER,
  TR_OSK_KEY_HIDE,
  TR_OSK_KEY_SYMBOLS,      /* to the page of digits and symbols */
  TR_OSK_KEY_LETTERS,      /* back to the letters */
  TR_OSK_KEY_EXTRA,        /* types what the field needs: + for a phone… */
} TrOskKeyKind;

typedef struct {
  TrOskKeyKind  kind;
  const char   *text;      /* what a TEXT key types; NULL for the others */
  guint         units;     /* width; on the numeric pad, columns */
} TrOskKey;

/* Rows of the letters page, below the accents or email row; NULL-terminated. */
extern const TrOskKey * const tr_osk_letter_rows[];
/* The accented letters of French, as a row above the letters. */
extern const TrOskKey tr_osk_accent_row[];
/* The row that replaces the accents in an email address field. */
extern const TrOskKey tr_osk_email_row[];
/* Rows of the digits and symbols page; NULL-terminated. */
extern const TrOskKey * const tr_osk_symbol_rows[];
/* Rows of the numeric pad, four columns, NULL-terminated. */
extern const TrOskKey * const tr_osk_numeric_rows[];

G_END_DECLS

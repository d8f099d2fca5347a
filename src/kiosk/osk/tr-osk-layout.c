/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-osk-layout.c — the on-screen keyboard's pages of keys, row by row, for each language. */
#include "config.h"

#include "tr-osk-layout.h"

#define T(text, units) { TR_OSK_KEY_TEXT, text, units }
#define K(kind, units) { TR_OSK_KEY_##kind, NULL, units }
#define END { TR_OSK_KEY_END, NULL, 0 }

/* AZERTY, as on French keyboards. The apostrophe and hyphen are in names
 * (N'Diaye, Dupont-Lefèvre), so they stay on the letters page. */

static const TrOskKey letters_top[] = {
  T ("a", 6), T ("z", 6), T ("e", 6), T ("r", 6), T ("t", 6),
  T ("y", 6), T ("u", 6), T ("i", 6), T ("o", 6), T ("p", 6), END
};

static const TrOskKey letters_middle[] = {
  T ("q", 6), T ("s", 6), T ("d", 6), T ("f", 6), T ("g", 6),
  T ("h", 6), T ("j", 6), T ("k", 6), T ("l", 6), T ("m", 6), END
};

static const TrOskKey letters_bottom[] = {
  K (SHIFT, 9), T ("w", 6), T ("x", 6), T ("c", 6), T ("v", 6), T ("b", 6),
  T ("n", 6), T ("'", 6), K (BACKSPACE, 9), END
};

static const TrOskKey letters_last[] = {
  K (SYMBOLS, 9), T ("-", 6), K (SPACE, 24), K (ENTER, 12), K (HIDE, 9), END
};

const TrOskKey * const tr_osk_letter_rows[] = {
  letters_top, letters_middle, letters_bottom, letters_last, NULL
};

const TrOskKey tr_osk_accent_row[] = {
  T ("é", 5), T ("è", 5), T ("ê", 5), T ("ë", 5), T ("à", 5), T ("â", 5),
  T ("ç", 5), T ("ù", 5), T ("û", 5), T ("ô", 5), T ("î", 5), T ("ï", 5), END
};

/* The hyphen is already on the letters page's last row. */
const TrOskKey tr_osk_email_row[] = {
  T ("@", 10), T (".", 10), T ("_", 10), T (".fr", 15), T (".com", 15), END
};

static const TrOskKey symbols_digits[] = {
  T ("1", 6), T ("2", 6), T ("3", 6), T ("4", 6), T ("5", 6),
  T ("6", 6), T ("7", 6), T ("8", 6), T ("9", 6), T ("0", 6), END
};

static const TrOskKey symbols_first[] = {
  T ("@", 6), T ("#", 6), T ("€", 6), T ("%", 6), T ("&", 6),
  T ("*", 6), T ("(", 6), T (")", 6), T ("+", 6), T ("=", 6), END
};

static const TrOskKey symbols_second[] = {
  T ("-", 6), T ("_", 6), T ("/", 6), T (":", 6), T (";", 6),
  T ("!", 6), T ("?", 6), T ("\"", 6), T ("'", 6), T ("°", 6), END
};

static const TrOskKey symbols_third[] = {
  T ("«", 6), T ("»", 6), T ("<", 6), T (">", 6), T ("$", 6),
  T ("£", 6), T ("§", 6), K (BACKSPACE, 18), END
};

static const TrOskKey symbols_last[] = {
  K (LETTERS, 9), T (",", 6), K (SPACE, 18), T (".", 6), K (ENTER, 12), K (HIDE, 9), END
};

const TrOskKey * const tr_osk_symbol_rows[] = {
  symbols_digits, symbols_first, symbols_second, symbols_third, symbols_last, NULL
};

static const TrOskKey numeric_first[] = {
  T ("1", 1), T ("2", 1), T ("3", 1), K (BACKSPACE, 1), END
};

static const TrOskKey numeric_second[] = {
  T ("4", 1), T ("5", 1), T ("6", 1), K (ENTER, 1), END
};

static const TrOskKey numeric_third[] = {
  T ("7", 1), T ("8", 1), T ("9", 1), K (HIDE, 1), END
};

static const TrOskKey numeric_last[] = {
  K (EXTRA, 1), T ("0", 1), K (EXTRA, 1), K (LETTERS, 1), END
};

const TrOskKey * const tr_osk_numeric_rows[] = {
  numeric_first, numeric_second, numeric_third, numeric_last, NULL
};

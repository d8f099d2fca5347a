/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-text.h — text folding for search (case- and accent-insensitive), and
 * the checks and quoting every text from a person or a file goes through. */
#pragma once

#include <glib.h>

/* A string wiped when it goes out of scope: g_autoptr (TrWipedText). */
typedef char TrWipedText;

G_BEGIN_DECLS

/* Lower-cased, accents removed, ligatures spelled out (œ → oe), runs of
 * blanks and punctuation collapsed to one space: "Développeuse Web" and
 * "developpeuse  web" fold to the same string. Letters of every script are
 * kept. Never NULL for valid UTF-8; NULL for NULL or invalid UTF-8. */
char *tr_text_fold (const char *text);

/* TRUE when @text (NUL-terminated) is valid UTF-8. Otherwise FALSE with a
 * TR_ERROR_INVALID "@what is not readable text …" that asks to type it again
 * or to save the file as UTF-8. Every public core function that takes text
 * from a person or a file checks it so, before any GLib text function sees
 * it. NULL is fine (the caller decides what NULL means). */
gboolean tr_text_check_utf8 (const char *text, const char *what, GError **error);

/* TRUE for a space of any kind, the no-break ones included: what people
 * type, or paste from an address, between the parts of a name or a number. */
gboolean tr_text_is_blank (gunichar c);

/* TRUE when @text is a postcode: exactly 5 ASCII digits, like 75011. */
gboolean tr_text_is_postcode (const char *text);

/* The postcode in @input, with the blanks people type ("75 011", a
 * no-break space) left out. NULL with a TR_ERROR_INVALID "A postcode has
 * exactly 5 digits, like 75011." when it is no postcode (NULL and text that
 * is not UTF-8 included). Every postcode, typed or read from a file, goes
 * through it. */
char *tr_text_check_postcode (const char *input, GError **error);

/* At most 60 characters of @value, for a message that repeats what was
 * given: cut on a character boundary, with "…" when cut; bytes that are not
 * UTF-8 and control characters become U+FFFD. Never NULL ("" for NULL). */
char *tr_text_excerpt (const char *value);

/* The first backslash of a raw GKeyFile value that does not start one of the
 * escapes GKeyFile reads (\s \n \t \r \\, and \; in lists), or NULL if
 * there is none: GLib reads such a value with a warning, or not at all. */
const char *tr_text_find_bad_escape (const char *raw);

/* FALSE with a TR_ERROR_INVALID naming the line and column when the JSON
 * text @json holds a zero character (\u0000) in a text: JSON-GLib would cut
 * the text short there without a word. @what names the JSON in the message. */
gboolean tr_text_check_json_has_no_nul (const char *json, const char *what, GError **error);

/* Overwrites @text (a NUL-terminated string from g_malloc, or NULL) with
 * zeros, then frees it: for anything that held a person's details or
 * answers, so that freed memory the next allocation gets shows nothing. A
 * GDestroyNotify. */
void tr_text_free_wiped (gpointer text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrWipedText, tr_text_free_wiped)

/* Makes GLib's number parsing safe to start in several threads at once:
 * call it before a program starts a thread. */
void tr_text_prepare_threads (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-language.h — the languages a walk-in can choose, and switching to one
 * without restarting. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  const char       *code;         /* gettext language: "fr", "en", "zh_CN", … */
  const char       *native_name;  /* the language named in itself */
  GtkTextDirection  direction;    /* how its script runs */
} TrLanguage;

/* Sets up gettext for the kiosk: the environment's locale, and the
 * translations from TREMPLIN_LOCALEDIR when set (an uninstalled build). */
void              tr_language_init    (void);
/* The kiosk's languages, NULL-terminated by an entry with code NULL. */
const TrLanguage *tr_language_list    (void);
gboolean          tr_language_is_known (const char *code);
/* The entry of @code, or NULL when the kiosk does not offer it. */
const TrLanguage *tr_language_find    (const char *code);
/* Right to left for Arabic, left to right for the others and for unknown
 * codes. */
GtkTextDirection  tr_language_get_direction (const char *code);
/* Makes gettext, GTK and the text direction follow @code from now on. */
void              tr_language_apply   (const char *code);

G_END_DECLS

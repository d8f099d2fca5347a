/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-language.c — the languages a walk-in can choose, switched without a restart. */
#include "config.h"

#include <gtk/gtk.h>
#include <libintl.h>
#include <locale.h>

#include "tr-locale.h"
#include "tr-language.h"

/* French first: the default of the kiosks and the language of the forms. */
static const TrLanguage languages[] = {
  { "fr", "Français", GTK_TEXT_DIR_LTR },
  { "en", "English", GTK_TEXT_DIR_LTR },
  { "ar", "العربية", GTK_TEXT_DIR_RTL },
  { "es", "Español", GTK_TEXT_DIR_LTR },
  { "pt", "Português", GTK_TEXT_DIR_LTR },
  { "zh_CN", "简体中文", GTK_TEXT_DIR_LTR },
  { "ta", "தமிழ்", GTK_TEXT_DIR_LTR },
  { "tr", "Türkçe", GTK_TEXT_DIR_LTR },
  { NULL, NULL, GTK_TEXT_DIR_NONE }
};

void
tr_language_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, tr_locale_translations_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* GLib decides once, at its first g_dgettext(), whether to translate at
   * all; under C.UTF-8 with our domain set and no LANGUAGE yet it would say
   * never. Ask before the domain is set, so the answer is yes. */
  g_dgettext (GETTEXT_PACKAGE, "");
  textdomain (GETTEXT_PACKAGE);
}

const TrLanguage *
tr_language_list (void)
{
  return languages;
}

const TrLanguage *
tr_language_find (const char *code)
{
  for (const TrLanguage *l = languages; l->code != NULL; l++)
    if (g_strcmp0 (l->code, code) == 0)
      return l;
  return NULL;
}

gboolean
tr_language_is_known (const char *code)
{
  return tr_language_find (code) != NULL;
}

GtkTextDirection
tr_language_get_direction (const char *code)
{
  const TrLanguage *language = tr_language_find (code);

  return language != NULL ? language->direction : GTK_TEXT_DIR_LTR;
}

void
tr_language_apply (const char *code)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  /* gettext ignores LANGUAGE under the plain "C" locale. */
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  g_setenv ("LANGUAGE", code, TRUE);
  /* textdomain() tells gettext its cached translations are stale. */
  textdomain (GETTEXT_PACKAGE);
  /* gtk_get_locale_direction() asks GTK's own catalogue, which follows
   * LANGUAGE only where GTK's translations are installed: the table knows. */
  gtk_widget_set_default_direction (tr_language_get_direction (code));
}

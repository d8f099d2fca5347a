/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-fonts.h — the kiosk's text: drawn the same way on every machine, and
 * the fonts of Welcome's first frame loaded while GTK starts. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Starts loading Welcome's fonts in a thread. Needs no display: call it
 * before GTK starts, so that the loading goes on meanwhile. */
GThread      *tr_fonts_start_loading (void);
/* Waits for @loading, then has GTK draw this thread's text with the fonts
 * loaded, and with the settings they were loaded for (family, resolution,
 * antialiasing, hinting). Call it after GTK started, before the first
 * window. */
void          tr_fonts_apply        (GThread *loading);
/* Waits for @loading and drops its fonts (GTK never started). */
void          tr_fonts_discard      (GThread *loading);

/* A context on @map set as GTK's widgets are after tr_fonts_apply(). */
PangoContext *tr_fonts_new_context  (PangoFontMap *map);
/* Whether tr_fonts_start_loading() loads the font of @description. */
gboolean      tr_fonts_loads        (const PangoFontDescription *description);

G_END_DECLS

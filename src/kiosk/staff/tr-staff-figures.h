/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-figures.h — today's figures for staff: registrations, waiting
 * list and cancellations, by category, by training with its seats left,
 * and the priority flags counted. Counts and titles only.
 */
#pragma once

#include <gtk/gtk.h>

#include "tr-kiosk.h"

G_BEGIN_DECLS

/* Empties @figures and fills it with one label per line. */
void       tr_staff_figures_fill (GtkBox     *figures,
                                  TrKiosk    *kiosk);
void       tr_staff_remove_lines (GtkBox     *box);
/* A left-aligned, wrapping line of the staff panel. */
GtkWidget *tr_staff_add_line     (GtkBox     *box,
                                  const char *text,
                                  const char *css_class);

G_END_DECLS

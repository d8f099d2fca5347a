/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-stack.h — a GtkStack whose hidden children are really hidden.
 *
 * GTK 4.8 keeps a stack's other children in the accessibility tree; a screen
 * reader would read, and a person could be sent to, a view that is not on
 * screen. Only the shown child stays visible.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tr_stack_show_only (GtkStack *stack, const char *name);

G_END_DECLS

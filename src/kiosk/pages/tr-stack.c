/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-stack.c — a GtkStack whose hidden pages are hidden from screen readers too. */
#include "config.h"

#include "tr-stack.h"

void
tr_stack_show_only (GtkStack *stack, const char *name)
{
  GtkWidget *shown = gtk_stack_get_child_by_name (stack, name);

  g_return_if_fail (shown != NULL);

  gtk_widget_set_visible (shown, TRUE);
  gtk_stack_set_visible_child (stack, shown);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != shown)
      gtk_widget_set_visible (child, FALSE);
}

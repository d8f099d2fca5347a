/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-parallel-private.h — one piece of work per item, shared between the processors.
 *
 * Internal to the core. Opening sealed details is one X25519 exchange per
 * registration, most of an office command's time: the items are handed out
 * a step at a time, in order, to one thread per processor (the caller is one
 * of them). After a failure no new step is taken, but every step already
 * taken runs to its own end or failure, so the failure reported is always
 * the one with the lowest index, whatever the threads did.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Does item @index with @worker (what tr_parallel_for's @worker_new made for
 * this thread, or NULL). Returns FALSE with @error set when the item fails. */
typedef gboolean (*TrParallelItemFunc) (guint      index,
                                        gpointer   worker,
                                        gpointer   user_data,
                                        GError   **error);

/* Runs @func on items 0 … @n_items-1, @items_per_step at a time. Each thread
 * has its own @worker_new (@user_data) (freed with @worker_free) when given.
 * On failure returns FALSE, the first failing item in @failed (may be NULL)
 * and its error. */
gboolean tr_parallel_for (guint               n_items,
                          guint               items_per_step,
                          const char         *thread_name,
                          gpointer          (*worker_new) (gpointer user_data),
                          GDestroyNotify      worker_free,
                          TrParallelItemFunc  func,
                          gpointer            user_data,
                          guint              *failed,
                          GError            **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-parallel.c — items shared between the processors a step at a time; the first failure by index is the one named. */
#include "config.h"

#include "tr-parallel-private.h"
#include "tr-text.h"

/* More threads than this would only wait on one another. */
#define MAX_THREADS 16

typedef struct {
  guint               n_items;
  guint               items_per_step;
  gpointer          (*worker_new) (gpointer user_data);
  GDestroyNotify      worker_free;
  TrParallelItemFunc  func;
  gpointer            user_data;
  gint                next;         /* the next step to take, atomically */
  gint                failed;       /* set, atomically, once an item failed */
  GMutex              lock;
  guint               error_index;  /* the first item that failed, under @lock */
  GError             *error;
} Run;

static void
note_failure (Run *run, guint index, GError *error)
{
  g_mutex_lock (&run->lock);
  if (run->error == NULL || index < run->error_index)
    {
      g_clear_error (&run->error);
      run->error = error;
      run->error_index = index;
    }
  else
    g_error_free (error);
  g_mutex_unlock (&run->lock);
  g_atomic_int_set (&run->failed, 1);
}

static gpointer
run_steps (gpointer user_data)
{
  Run *run = user_data;
  gpointer worker = run->worker_new != NULL ? run->worker_new (run->user_data) : NULL;

  while (!g_atomic_int_get (&run->failed))
    {
      guint step = (guint) g_atomic_int_add (&run->next, 1);
      guint first, end;

      if (step >= (run->n_items + run->items_per_step - 1) / run->items_per_step)
        break;
      first = step * run->items_per_step;
      end = MIN (first + run->items_per_step, run->n_items);
      for (guint i = first; i < end; i++)
        {
          GError *error = NULL;

          if (!run->func (i, worker, run->user_data, &error))
            {
              note_failure (run, i, error);
              break;
            }
        }
    }
  if (worker != NULL && run->worker_free != NULL)
    run->worker_free (worker);
  return NULL;
}

gboolean
tr_parallel_for (guint               n_items,
                 guint               items_per_step,
                 const char         *thread_name,
                 gpointer          (*worker_new) (gpointer user_data),
                 GDestroyNotify      worker_free,
                 TrParallelItemFunc  func,
                 gpointer            user_data,
                 guint              *failed,
                 GError            **error)
{
  Run run = { n_items, MAX (items_per_step, 1), worker_new, worker_free, func, user_data };
  guint n_steps = (n_items + run.items_per_step - 1) / run.items_per_step;
  guint n_threads = MIN (MIN ((guint) g_get_num_processors (), MAX_THREADS), MAX (n_steps, 1));
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_init (&run.lock);
  tr_text_prepare_threads ();
  /* The calling thread is one of them; a thread that cannot start leaves
   * its share to the others. */
  for (guint i = 1; i < n_threads; i++)
    {
      GThread *thread = g_thread_try_new (thread_name, run_steps, &run, NULL);
      if (thread != NULL)
        g_ptr_array_add (threads, thread);
    }
  run_steps (&run);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  g_mutex_clear (&run.lock);

  if (run.error == NULL)
    return TRUE;
  if (failed != NULL)
    *failed = run.error_index;
  g_propagate_error (error, run.error);
  return FALSE;
}

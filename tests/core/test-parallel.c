/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-parallel.c — tests of items shared between threads: each done once, the first failure by index named. */
#include "tr-error.h"
#include "tr-parallel-private.h"

typedef struct {
  gint   *done;          /* how many times each item ran */
  guint   n_failing;
  guint  *failing;       /* the items that fail */
  gint    workers_made;
  gint    workers_freed;
} Work;

/* What each thread is given: made and freed on that thread. */
typedef struct {
  GThread *thread;
  Work    *work;
} Worker;

static gpointer
worker_new (gpointer user_data)
{
  Work *work = user_data;
  Worker *worker = g_new (Worker, 1);

  worker->thread = g_thread_self ();
  worker->work = work;
  g_atomic_int_inc (&work->workers_made);
  return worker;
}

static void
worker_free (gpointer data)
{
  Worker *worker = data;

  g_assert_true (worker->thread == g_thread_self ());
  g_atomic_int_inc (&worker->work->workers_freed);
  g_free (worker);
}

static gboolean
do_item (guint index, gpointer data, gpointer user_data, GError **error)
{
  Worker *worker = data;
  Work *work = user_data;

  g_assert_true (worker->thread == g_thread_self ());
  g_atomic_int_inc (&work->done[index]);
  for (guint i = 0; i < work->n_failing; i++)
    if (work->failing[i] == index)
      {
        g_set_error (error, TR_ERROR, TR_ERROR_INVALID, "item %u failed", index);
        return FALSE;
      }
  return TRUE;
}

static gboolean
run (Work *work, guint n_items, guint per_step, guint *failed, GError **error)
{
  return tr_parallel_for (n_items, per_step, "test-parallel", worker_new, worker_free,
                          do_item, work, failed, error);
}

static void
test_every_item_once (void)
{
  guint n_items = 10007;
  g_autofree gint *done = g_new0 (gint, n_items);
  Work work = { done };
  g_autoptr(GError) error = NULL;

  g_assert_true (run (&work, n_items, 7, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n_items; i++)
    g_assert_cmpint (done[i], ==, 1);
  g_assert_cmpint (work.workers_made, >=, 1);
  g_assert_cmpint (work.workers_made, ==, work.workers_freed);
}

static void
test_no_items (void)
{
  Work work = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (run (&work, 0, 64, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (work.workers_made, ==, work.workers_freed);
}

/* Whatever the threads did, the failure named is the lowest failing item,
 * and every item before it ran. */
static void
test_first_failure_named (void)
{
  guint n_items = 20000;
  guint failing[] = { 19999, 4321, 777, 15000, 778 };
  g_autofree gint *done = NULL;

  for (guint round = 0; round < 50; round++)
    {
      Work work = { NULL, G_N_ELEMENTS (failing), failing };
      g_autoptr(GError) error = NULL;
      guint failed = G_MAXUINT;

      g_clear_pointer (&done, g_free);
      done = work.done = g_new0 (gint, n_items);
      g_assert_false (run (&work, n_items, 1 + round % 9, &failed, &error));
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "item 777 failed");
      g_assert_cmpuint (failed, ==, 777);
      for (guint i = 0; i <= 777; i++)
        g_assert_cmpint (done[i], ==, 1);
      g_assert_cmpint (work.workers_made, ==, work.workers_freed);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parallel/every-item-once", test_every_item_once);
  g_test_add_func ("/parallel/no-items", test_no_items);
  g_test_add_func ("/parallel/first-failure-named", test_first_failure_named);
  return g_test_run ();
}

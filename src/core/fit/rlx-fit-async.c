/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fit"

#include "config.h"

#include "rlx-fit.h"

#include "rlx-core.h"
#include "rlx-fit-private.h"

/*
 * Progress goes back to the caller's main context: the callback and its data are shared between
 * the task and every queued notification, and freed when the last of them is gone.
 */
typedef struct
{
  gatomicrefcount  ref;
  GMainContext    *context;
  gpointer         func;
  gpointer         data;
  GDestroyNotify   destroy;
} Relay;

typedef struct
{
  Relay  *relay;
  guint   a;
  guint   b;
  double  value;
} Notice;

static Relay *
relay_new (gpointer       func,
           gpointer       data,
           GDestroyNotify destroy)
{
  Relay *relay = g_new0 (Relay, 1);

  g_atomic_ref_count_init (&relay->ref);
  relay->context = g_main_context_ref_thread_default ();
  relay->func = func;
  relay->data = data;
  relay->destroy = destroy;
  return relay;
}

static Relay *
relay_ref (Relay *relay)
{
  g_atomic_ref_count_inc (&relay->ref);
  return relay;
}

static void
relay_unref (gpointer data)
{
  Relay *relay = data;

  if (relay == NULL || !g_atomic_ref_count_dec (&relay->ref))
    return;
  if (relay->destroy != NULL)
    relay->destroy (relay->data);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static void
notice_free (gpointer data)
{
  Notice *notice = data;
  relay_unref (notice->relay);
  g_free (notice);
}

static gboolean
deliver_fit_progress (gpointer data)
{
  Notice *notice = data;
  ((RlxFitProgressFunc) notice->relay->func) (notice->a, notice->value, notice->relay->data);
  return G_SOURCE_REMOVE;
}

static gboolean
deliver_batch_progress (gpointer data)
{
  Notice *notice = data;
  ((RlxFitBatchProgressFunc) notice->relay->func) (notice->a, notice->b, notice->relay->data);
  return G_SOURCE_REMOVE;
}

/* Not g_main_context_invoke(): that runs the callback in the worker when nobody holds the
   context at that moment. An attached source is always dispatched by the context's owner. */
static void
post (GMainContext *context,
      GSourceFunc   func,
      Notice       *notice)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, notice, notice_free);
  g_source_set_static_name (source, "[relaxun] fit progress");
  g_source_attach (source, context);
  g_source_unref (source);
}

static void
post_notice (Relay       *relay,
             GSourceFunc  deliver,
             guint        a,
             guint        b,
             double       value)
{
  Notice *notice = g_new0 (Notice, 1);

  notice->relay = relay_ref (relay);
  notice->a = a;
  notice->b = b;
  notice->value = value;
  post (relay->context, deliver, notice);
}

static void
post_fit_progress (guint    iteration,
                   double   chi2,
                   gpointer data)
{
  post_notice (data, deliver_fit_progress, iteration, 0, chi2);
}

static void
post_batch_progress (guint    n_done,
                     guint    n_total,
                     gpointer data)
{
  post_notice (data, deliver_batch_progress, n_done, n_total, 0.0);
}

typedef struct
{
  RlxFitRequest *request;
  GPtrArray     *requests;
  guint          n_threads;
  Relay         *relay;
} TaskData;

static void
task_data_free (gpointer data)
{
  TaskData *td = data;

  g_clear_pointer (&td->request, rlx_fit_request_free);
  g_clear_pointer (&td->requests, g_ptr_array_unref);
  g_clear_pointer (&td->relay, relay_unref);
  g_free (td);
}

/* Runs @worker on @td (taken) in a thread. Progress, when asked for, goes through a relay to
 * the caller's thread-default main context; otherwise its data is released at once. */
static void
run_in_thread (TaskData            *td,
               gpointer             progress,
               gpointer             progress_data,
               GDestroyNotify       progress_data_destroy,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag,
               GTaskThreadFunc      worker)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  if (progress != NULL)
    td->relay = relay_new (progress, progress_data, progress_data_destroy);
  else if (progress_data_destroy != NULL)
    progress_data_destroy (progress_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, td, task_data_free);
  /* The worker reports cancellation in the result itself. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, worker);
}

static void
rlx_fit_run_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TaskData *td = task_data;
  RlxFitResult *result;

  result = rlx_fit_run (td->request, cancellable,
                        td->relay != NULL ? post_fit_progress : NULL, td->relay);
  g_task_return_pointer (task, result, (GDestroyNotify) rlx_fit_result_free);
}

/**
 * rlx_fit_run_async:
 * @request: copied, so the caller may change or free it at once
 * @progress: (nullable): called in the caller's thread-default main context
 *
 * Fits in a worker thread. Cancelling @cancellable stops the fit before its next iteration;
 * the result then has the status "cancelled".
 */
void
rlx_fit_run_async (const RlxFitRequest *request,
                   GCancellable        *cancellable,
                   RlxFitProgressFunc   progress,
                   gpointer             progress_data,
                   GDestroyNotify       progress_data_destroy,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  TaskData *td = g_new0 (TaskData, 1);

  rlx_core_init ();
  td->request = rlx_fit_request_copy (request);
  run_in_thread (td, progress, progress_data, progress_data_destroy, cancellable, callback,
                 user_data, rlx_fit_run_async, rlx_fit_run_worker);
}

RlxFitResult *
rlx_fit_run_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GPtrArray               *requests;
  GPtrArray               *results;
  GCancellable            *cancellable;
  RlxFitBatchProgressFunc  progress;
  gpointer                 progress_data;
  GMutex                   lock;
  guint                    done;
} Batch;

static void
batch_item (gpointer item,
            gpointer data)
{
  Batch *batch = data;
  guint index = GPOINTER_TO_UINT (item) - 1;
  RlxFitResult *result;

  result = rlx_fit_run (g_ptr_array_index (batch->requests, index), batch->cancellable, NULL, NULL);
  g_mutex_lock (&batch->lock);
  g_ptr_array_index (batch->results, index) = result;
  batch->done++;
  if (batch->progress != NULL)
    batch->progress (batch->done, batch->requests->len, batch->progress_data);
  g_mutex_unlock (&batch->lock);
}

/**
 * rlx_fit_batch_run:
 * @requests: (element-type RlxFitRequest): the fits; not modified
 * @n_threads: worker threads; 0 for the number of processors
 * @progress: (nullable): called after each finished fit, from a worker thread, serialised
 *
 * Fits every request on a pool of worker threads and waits for all of them. After
 * cancellation the remaining fits return at once with the status "cancelled".
 *
 * Returns: (transfer full) (element-type RlxFitResult): one result per request, in order
 */
GPtrArray *
rlx_fit_batch_run (GPtrArray               *requests,
                   guint                    n_threads,
                   GCancellable            *cancellable,
                   RlxFitBatchProgressFunc  progress,
                   gpointer                 progress_data)
{
  Batch batch = { 0 };
  GThreadPool *pool;
  GPtrArray *results;

  rlx_core_init ();
  results = g_ptr_array_new_full (requests->len, (GDestroyNotify) rlx_fit_result_free);
  g_ptr_array_set_size (results, requests->len);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = MIN (n_threads, MAX (requests->len, 1));

  batch.requests = requests;
  batch.results = results;
  batch.cancellable = cancellable;
  batch.progress = progress;
  batch.progress_data = progress_data;
  g_mutex_init (&batch.lock);

  if (n_threads <= 1)
    {
      for (guint i = 0; i < requests->len; i++)
        batch_item (GUINT_TO_POINTER (i + 1), &batch);
    }
  else
    {
      pool = g_thread_pool_new (batch_item, &batch, (int) n_threads, TRUE, NULL);
      for (guint i = 0; i < requests->len; i++)
        g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
      g_thread_pool_free (pool, FALSE, TRUE);
    }
  g_mutex_clear (&batch.lock);
  return results;
}

static void
rlx_fit_batch_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  TaskData *td = task_data;
  GPtrArray *results;

  results = rlx_fit_batch_run (td->requests, td->n_threads, cancellable,
                               td->relay != NULL ? post_batch_progress : NULL, td->relay);
  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rlx_fit_batch_async:
 * @requests: (element-type RlxFitRequest): copied
 * @progress: (nullable): called in the caller's thread-default main context
 *
 * rlx_fit_batch_run() in the background.
 */
void
rlx_fit_batch_async (GPtrArray               *requests,
                     guint                    n_threads,
                     GCancellable            *cancellable,
                     RlxFitBatchProgressFunc  progress,
                     gpointer                 progress_data,
                     GDestroyNotify           progress_data_destroy,
                     GAsyncReadyCallback      callback,
                     gpointer                 user_data)
{
  TaskData *td = g_new0 (TaskData, 1);

  rlx_core_init ();
  td->requests = g_ptr_array_new_full (requests->len, (GDestroyNotify) rlx_fit_request_free);
  for (guint i = 0; i < requests->len; i++)
    g_ptr_array_add (td->requests, rlx_fit_request_copy (g_ptr_array_index (requests, i)));
  td->n_threads = n_threads;
  run_in_thread (td, progress, progress_data, progress_data_destroy, cancellable, callback,
                 user_data, rlx_fit_batch_async, rlx_fit_batch_worker);
}

GPtrArray *
rlx_fit_batch_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-batch.h"

#include <math.h>

#include "rlx-json.h"
#include "rlx-peak-fit.h"

void
rlx_batch_item_free (RlxBatchItem *item)
{
  if (item == NULL)
    return;
  g_free (item->status);
  g_free (item->message);
  g_free (item->sample_name);
  g_free (item);
}

static RlxBatchItem *
item_new (gint64 run_id)
{
  RlxBatchItem *item = g_new0 (RlxBatchItem, 1);

  item->run_id = run_id;
  item->anneal_temperature = NAN;
  item->anneal_time = NAN;
  item->tp = NAN;
  item->delta_h = NAN;
  item->e_fwhm = NAN;
  item->e_fit = NAN;
  item->e_fit_sigma = NAN;
  item->tp_fit = NAN;
  item->enthalpy_unit = "";
  return item;
}

static char *
recipe_json (const RlxRecipe *recipe,
             const char      *name)
{
  g_autoptr(JsonNode) node = rlx_recipe_to_node (recipe);

  if (name != NULL)
    json_object_set_string_member (json_node_get_object (node), "name", name);
  return rlx_json_to_string (node, FALSE);
}

static void
fill_from_peak (RlxBatchItem  *item,
                const RlxPeak *peak)
{
  item->reference_id = peak->reference_id;
  item->sample_name = g_strdup (peak->sample_name);
  item->anneal_temperature = peak->anneal_temperature;
  item->anneal_time = peak->anneal_time;
  item->tp = peak->metrics.tp;
  item->delta_h = peak->metrics.delta_h;
  item->enthalpy_unit = peak->enthalpy_unit;
  item->e_fwhm = peak->metrics.e_fwhm;
  item->n_warnings = peak->warnings->len;
}

static void
fill_from_fit (RlxBatchItem       *item,
               const RlxFitResult *result)
{
  const RlxFitParam *e = rlx_fit_result_get_param (result, "E");
  const RlxFitParam *tp = rlx_fit_result_get_param (result, "Tp");

  g_free (item->status);
  item->status = g_strdup (rlx_fit_status_to_string (result->status));
  if (!rlx_fit_result_is_success (result))
    {
      g_free (item->message);
      item->message = g_strdup (result->message);
    }
  if (e != NULL)
    {
      item->e_fit = e->value;
      item->e_fit_sigma = e->stderr;
    }
  if (tp != NULL)
    item->tp_fit = tp->value;
}

/* The texts of one run's analyses; made where the peak was made (a worker), so the writing
   thread only inserts rows. */
typedef struct
{
  gint64  run_id;
  gint64  reference_id;
  char   *recipe;
  char   *peak;
  char   *fit;
} Texts;

static void
texts_make (Texts              *texts,
            const RlxPeak      *peak,
            const RlxFitResult *result,
            const char         *recipe_text)
{
  texts->run_id = peak->run_id;
  texts->reference_id = peak->reference_id;
  texts->recipe = g_strdup (recipe_text);
  texts->peak = rlx_peak_to_json_string (peak, TRUE);
  texts->fit = NULL;
  if (result != NULL)
    {
      g_autoptr(JsonNode) fit_node = rlx_peak_fit_to_json (peak, result);
      texts->fit = rlx_json_to_string (fit_node, FALSE);
    }
}

static void
texts_clear (Texts *texts)
{
  g_clear_pointer (&texts->recipe, g_free);
  g_clear_pointer (&texts->peak, g_free);
  g_clear_pointer (&texts->fit, g_free);
}

static gboolean
texts_store (RlxStore    *store,
             const Texts *texts,
             gint64      *peak_id,
             gint64      *fit_id,
             GError     **error)
{
  gint64 id;

  if (peak_id != NULL)
    *peak_id = 0;
  if (fit_id != NULL)
    *fit_id = 0;
  id = rlx_store_add_analysis (store, texts->run_id, texts->reference_id, "peak", texts->recipe,
                               texts->peak, error);
  if (id <= 0)
    return FALSE;
  if (peak_id != NULL)
    *peak_id = id;
  if (texts->fit != NULL)
    {
      id = rlx_store_add_analysis (store, texts->run_id, texts->reference_id, "peak-fit",
                                   texts->recipe, texts->fit, error);
      if (id <= 0)
        return FALSE;
      if (fit_id != NULL)
        *fit_id = id;
    }
  return TRUE;
}

gboolean
rlx_batch_store_peak (RlxStore           *store,
                      const RlxPeak      *peak,
                      const RlxFitResult *result,
                      const RlxRecipe    *recipe,
                      const char         *recipe_name,
                      gint64             *peak_id,
                      gint64             *fit_id,
                      GError            **error)
{
  g_autofree char *recipe_text = recipe_json (recipe, recipe_name);
  Texts texts;
  gboolean ok;

  texts_make (&texts, peak, result, recipe_text);
  ok = texts_store (store, &texts, peak_id, fit_id, error);
  texts_clear (&texts);
  return ok;
}

typedef struct
{
  const char      *path;
  GPtrArray       *recipes;       /* RlxRecipe*: one copy per worker, sharing nothing */
  char            *recipe_text;   /* the recipe as stored with every analysis */
  const gint64    *run_ids;
  guint            n_runs;
  gint             next;          /* atomic: next index to take */
  GCancellable    *cancellable;
  GAsyncQueue     *done;          /* Outcome* */
} Shared;

typedef struct
{
  guint         index;
  RlxBatchItem *item;
  gboolean      has_texts;
  Texts         texts;
} Outcome;

typedef struct
{
  Shared          *shared;
  const RlxRecipe *recipe;        /* this worker's own copy */
} Worker;

static gpointer
worker (gpointer data)
{
  Worker *self = data;
  Shared *shared = self->shared;
  const RlxRecipe *recipe = self->recipe;
  g_autoptr(GError) open_error = NULL;
  RlxStore *store = rlx_store_open (shared->path, &open_error);
  g_autoptr(RlxPeakCache) cache = rlx_peak_cache_new ();

  for (;;)
    {
      guint index = (guint) g_atomic_int_add (&shared->next, 1);
      Outcome *outcome;
      g_autoptr(GError) error = NULL;

      if (index >= shared->n_runs)
        break;
      g_autoptr(RlxPeak) peak = NULL;
      g_autoptr(RlxFitResult) fit = NULL;

      outcome = g_new0 (Outcome, 1);
      outcome->index = index;
      outcome->item = item_new (shared->run_ids[index]);

      if (store == NULL)
        error = g_error_copy (open_error);
      else if (g_cancellable_set_error_if_cancelled (shared->cancellable, &error))
        ;
      else
        peak = rlx_peak_extract_cached (store, shared->run_ids[index], recipe, cache, &error);

      if (peak != NULL)
        {
          fill_from_peak (outcome->item, peak);
          outcome->item->ok = TRUE;
          outcome->item->status = g_strdup ("ok");
          if (recipe->fit)
            {
              fit = rlx_peak_fit (peak, recipe, shared->cancellable, &error);
              if (fit != NULL)
                fill_from_fit (outcome->item, fit);
              else
                {
                  g_free (outcome->item->status);
                  outcome->item->status = g_strdup ("fit-failed");
                  outcome->item->message = g_strdup (error->message);
                }
            }
          texts_make (&outcome->texts, peak, fit, shared->recipe_text);
          outcome->has_texts = TRUE;
        }
      else
        {
          outcome->item->status = g_strdup ("failed");
          outcome->item->message = g_strdup (error ? error->message : "failed");
        }
      g_async_queue_push (shared->done, outcome);
    }

  if (store != NULL)
    rlx_store_close (store);
  return NULL;
}

#define CHUNK_SIZE 32
#define CHUNK_WAIT_US (200 * 1000)

static void
store_failed (RlxBatchItem *item,
              const GError *error)
{
  item->ok = FALSE;
  g_free (item->status);
  item->status = g_strdup ("failed");
  g_free (item->message);
  item->message = g_strdup_printf ("The analysis could not be stored: %s", error->message);
}

/* One transaction for the chunk; should it fail, each run is stored on its own so that one bad
   run (deleted meanwhile, say) does not take the others with it. */
static void
write_chunk (RlxStore  *store,
             Outcome  **outcomes,
             guint      n)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (RlxAnalysisInput));
  g_autoptr(GError) error = NULL;
  guint k = 0;

  for (guint i = 0; i < n; i++)
    {
      const Texts *texts = &outcomes[i]->texts;
      RlxAnalysisInput input = { texts->run_id, texts->reference_id, "peak", texts->recipe,
                                 texts->peak, 0 };

      if (!outcomes[i]->has_texts)
        continue;
      g_array_append_val (inputs, input);
      if (texts->fit != NULL)
        {
          input.kind = "peak-fit";
          input.result_json = texts->fit;
          g_array_append_val (inputs, input);
        }
    }
  if (inputs->len == 0)
    return;

  if (rlx_store_add_analyses (store, (RlxAnalysisInput *) inputs->data, inputs->len, &error))
    {
      for (guint i = 0; i < n; i++)
        {
          RlxBatchItem *item = outcomes[i]->item;

          if (!outcomes[i]->has_texts)
            continue;
          item->peak_analysis_id = g_array_index (inputs, RlxAnalysisInput, k++).id;
          if (outcomes[i]->texts.fit != NULL)
            item->fit_analysis_id = g_array_index (inputs, RlxAnalysisInput, k++).id;
        }
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local = NULL;

      if (outcomes[i]->has_texts &&
          !texts_store (store, &outcomes[i]->texts, &outcomes[i]->item->peak_analysis_id,
                        &outcomes[i]->item->fit_analysis_id, &local))
        store_failed (outcomes[i]->item, local);
    }
}

GPtrArray *
rlx_batch_run (RlxStore             *store,
               const RlxRecipe      *recipe,
               const char           *recipe_name,
               const gint64         *run_ids,
               guint                 n_runs,
               guint                 n_jobs,
               GCancellable         *cancellable,
               RlxBatchProgressFunc  progress,
               gpointer              progress_data,
               GError              **error)
{
  Shared shared = { 0 };
  g_autofree Worker *workers = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_batch_item_free);

  if (rlx_store_get_path (store) == NULL)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "A batch needs a database file that worker threads can open.");
      return NULL;
    }
  if (n_jobs == 0)
    n_jobs = g_get_num_processors ();
  n_jobs = CLAMP (n_jobs, 1, MAX (n_runs, 1));

  shared.path = rlx_store_get_path (store);
  /* Every JSON object a worker touches must be its own (see rlx_recipe_copy()). */
  shared.recipe_text = recipe_json (recipe, recipe_name);
  shared.recipes = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_recipe_free);
  workers = g_new0 (Worker, MAX (n_jobs, 1));
  shared.run_ids = run_ids;
  shared.n_runs = n_runs;
  shared.cancellable = cancellable;
  shared.done = g_async_queue_new ();
  g_ptr_array_set_size (items, n_runs);

  for (guint i = 0; i < n_jobs && n_runs > 0; i++)
    {
      RlxRecipe *copy = rlx_recipe_copy (recipe);

      g_ptr_array_add (shared.recipes, copy);
      workers[i] = (Worker) { &shared, copy };
      g_ptr_array_add (threads, g_thread_new ("rlx-batch", worker, &workers[i]));
    }

  {
    g_autoptr(GPtrArray) pending = g_ptr_array_new ();
    gint64 first_pending = 0;
    guint received = 0, reported = 0;

    while (reported < n_runs)
      {
        Outcome *outcome = NULL;

        /* Results are written in chunks, one transaction (one disk sync) each: a chunk closes
           when it is full, when its first result has waited CHUNK_WAIT_US, or at the end. */
        if (received < n_runs)
          {
            if (pending->len == 0)
              outcome = g_async_queue_pop (shared.done);
            else
              {
                gint64 wait = first_pending + CHUNK_WAIT_US - g_get_monotonic_time ();
                outcome = wait > 0 ? g_async_queue_timeout_pop (shared.done, (guint64) wait) : NULL;
              }
          }
        if (outcome != NULL)
          {
            if (pending->len == 0)
              first_pending = g_get_monotonic_time ();
            g_ptr_array_add (pending, outcome);
            received++;
            if (pending->len < CHUNK_SIZE && received < n_runs)
              continue;
          }

        write_chunk (store, (Outcome **) pending->pdata, pending->len);
        for (guint i = 0; i < pending->len; i++)
          {
            Outcome *done = g_ptr_array_index (pending, i);

            items->pdata[done->index] = done->item;
            reported++;
            if (progress != NULL)
              progress (reported, n_runs, done->item, progress_data);
            texts_clear (&done->texts);
            g_free (done);
          }
        g_ptr_array_set_size (pending, 0);
      }
  }

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  g_async_queue_unref (shared.done);
  g_ptr_array_unref (shared.recipes);
  g_free (shared.recipe_text);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&items);
}

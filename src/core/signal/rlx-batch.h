/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rlx-fit.h"
#include "rlx-peak.h"
#include "rlx-recipe.h"
#include "rlx-store.h"

G_BEGIN_DECLS

/*
 * Applying a recipe to many runs. Each worker thread opens its own store connection (read
 * only use; WAL lets the readers and the one writer run side by side), keeps an RlxPeakCache
 * (the runs of each sample for pairing, the shared reference already cut and lag-corrected)
 * and makes the peak, the fit when the recipe asks, and the texts to store. The calling thread
 * only writes: in chunks of up to 32 runs, one transaction (one disk sync) per chunk, a chunk
 * closing when full or 0.2 s after its first result; progress is reported as a chunk is
 * written. One "peak" analysis per successful run (metrics and the curve, see
 * rlx_peak_to_json()) and one "peak-fit" analysis when the recipe fits (rlx_peak_fit_to_json()).
 */

/**
 * RlxBatchItem:
 * @status: "ok", "failed" (no peak), or the fit status ("converged", "max-iterations", …)
 * @message: the error or the fit's message, or NULL
 * @e_fit: E of the fit (J/mol) and @e_fit_sigma its standard error; NAN without a fit
 */
typedef struct
{
  gint64   run_id;
  gint64   reference_id;
  gboolean ok;
  char    *status;
  char    *message;
  char    *sample_name;
  double   anneal_temperature;
  double   anneal_time;
  double   tp;
  double   delta_h;
  const char *enthalpy_unit;
  double   e_fwhm;
  double   e_fit;
  double   e_fit_sigma;
  double   tp_fit;
  gint64   peak_analysis_id;
  gint64   fit_analysis_id;
  guint    n_warnings;
} RlxBatchItem;

/* Called in the calling thread after each run is written; item is borrowed. */
typedef void (*RlxBatchProgressFunc) (guint               n_done,
                                      guint               n_total,
                                      const RlxBatchItem *item,
                                      gpointer            user_data);

void       rlx_batch_item_free  (RlxBatchItem     *item);

/**
 * rlx_batch_run:
 * @store: the caller's connection; its file is opened again by every worker
 * @recipe_name: (nullable): stored in each analysis's recipe JSON as "name"
 * @n_jobs: worker threads (0: number of processors)
 *
 * Returns: (element-type RlxBatchItem): one item per run, in the order of @run_ids; NULL with
 *   @error only if the batch could not start (or was cancelled).
 */
GPtrArray *rlx_batch_run        (RlxStore             *store,
                                 const RlxRecipe      *recipe,
                                 const char           *recipe_name,
                                 const gint64         *run_ids,
                                 guint                 n_runs,
                                 guint                 n_jobs,
                                 GCancellable         *cancellable,
                                 RlxBatchProgressFunc  progress,
                                 gpointer              progress_data,
                                 GError              **error);

/**
 * rlx_batch_store_peak:
 * @result: (nullable): the fit, stored as a second analysis of kind "peak-fit"
 * @peak_id: (out) (optional): id of the "peak" analysis
 * @fit_id: (out) (optional): id of the "peak-fit" analysis, 0 without a fit
 *
 * Stores one run's peak (and fit) the way a batch does; used by `relaxun-cli peak`.
 */
gboolean   rlx_batch_store_peak (RlxStore           *store,
                                 const RlxPeak      *peak,
                                 const RlxFitResult *result,
                                 const RlxRecipe    *recipe,
                                 const char         *recipe_name,
                                 gint64             *peak_id,
                                 gint64             *fit_id,
                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxBatchItem, rlx_batch_item_free)

G_END_DECLS

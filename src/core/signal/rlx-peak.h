/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "rlx-baseline.h"
#include "rlx-peak-metrics.h"
#include "rlx-recipe.h"
#include "rlx-run-data.h"
#include "rlx-signal.h"
#include "rlx-store.h"

G_BEGIN_DECLS

/**
 * RlxPeak:
 * @run_id: the annealed run (0 when extracted from data not in a store)
 * @reference_id: the reference run, 0 when analysed against a baseline alone
 * @n: number of grid points
 * @t: the common temperature grid (K), uniform with step @grid_step, after lag correction
 * @annealed: the annealed run on the grid (@signal_unit)
 * @reference: the reference run on the grid, or NULL without a reference
 * @difference: annealed − reference (or the annealed run alone)
 * @baseline: the baseline of @difference
 * @peak: @difference − @baseline: the corrected peak (endothermic positive)
 * @smoothed: Savitzky–Golay smoothed @peak for display, or NULL when the recipe asks for none
 * @use: TRUE where the point is inside the window and not masked (what metrics and fits use)
 * @signal_unit: "J/(g·K)" (W/g ÷ rate), "W/g", "mJ/K" (mW ÷ rate) or "mW"
 * @enthalpy_unit: "J/g" or "mJ"
 * @heating_rate: K/s of the annealed run (from its metadata, else measured from T and t)
 * @ts: start temperature of the heating segment (K), for Q0 = Q∞·exp(−A(Ts))
 * @mass_mg: the mass used for normalisation, NAN when none
 * @metrics: the peak metrics
 * @warnings: (element-type utf8): things the user should know (different samples, …)
 *
 * A relaxation peak with everything needed to redraw it and to say how it was made.
 */
typedef struct
{
  gint64          run_id;
  gint64          reference_id;
  gsize           n;
  double         *t;
  double         *annealed;
  double         *reference;
  double         *difference;
  double         *baseline;
  double         *peak;
  double         *smoothed;
  gboolean       *use;
  double          grid_step;
  double          lag;
  double          heating_rate;
  double          ts;
  double          mass_mg;
  const char     *signal_unit;
  const char     *enthalpy_unit;
  gboolean        is_dqdt;
  RlxPeakMetrics  metrics;
  RlxBaselineSpec *baseline_spec;
  /* the annealing condition of the run, for tables and figures */
  char           *sample_name;
  double          anneal_temperature;  /* K, NAN when none */
  double          anneal_time;         /* s, NAN when none */
  GPtrArray      *warnings;
} RlxPeak;

void      rlx_peak_free          (RlxPeak         *peak);

/**
 * rlx_peak_extract_data:
 * @annealed: the annealed heating run (needs a temperature channel and a heat-flow channel)
 * @reference: (nullable): its reference, or NULL to analyse the run against a baseline alone
 *
 * The whole peak pipeline on plain data: heating segment of each run on the measured sample
 * temperature (program temperature when there is none), lag correction, mass normalisation,
 * conversion to dQ/dT, a common grid over the overlap, subtraction, baseline, window and masks,
 * metrics. The recipe's reference choice is ignored here (the caller passes the runs).
 */
RlxPeak  *rlx_peak_extract_data  (const RlxRunData *annealed,
                                  const RlxRunData *reference,
                                  const RlxRecipe  *recipe,
                                  GError          **error);

/**
 * rlx_peak_extract:
 * @store: an open store (used for reading only)
 * @run_id: the annealed run
 *
 * Loads the run and its reference as the recipe says (automatic pairing, an explicit id, or
 * none) and runs rlx_peak_extract_data(). Automatic pairing uses the run's stored reference
 * (rlx_store_set_reference) when it has one.
 */
RlxPeak  *rlx_peak_extract       (RlxStore        *store,
                                  gint64           run_id,
                                  const RlxRecipe *recipe,
                                  GError         **error);

/**
 * RlxPeakCache:
 *
 * What a batch worker keeps from one run to the next: the runs of each sample (for automatic
 * pairing) and each reference run it has loaded, cut to its heating ramp and lag-corrected.
 * It is valid while the runs in the store do not change (a batch only adds analyses) and
 * belongs to one thread.
 */
typedef struct _RlxPeakCache RlxPeakCache;

RlxPeakCache *rlx_peak_cache_new      (void);
void          rlx_peak_cache_free     (RlxPeakCache    *cache);

/**
 * rlx_peak_extract_cached:
 * @cache: (nullable): a cache kept across the runs of a batch, or NULL for none
 *
 * rlx_peak_extract() for many runs of one store: the same result, computed the same way, with
 * the shared work read from @cache.
 */
RlxPeak  *rlx_peak_extract_cached (RlxStore        *store,
                                   gint64           run_id,
                                   const RlxRecipe *recipe,
                                   RlxPeakCache    *cache,
                                   GError         **error);

/**
 * rlx_peak_to_json:
 * @with_curve: include the curve
 *
 * The result JSON of a "peak" analysis:
 *   { "run_id", "reference_id", "signal_unit", "enthalpy_unit", "heating_rate", "ts",
 *     "mass_mg", "grid_step", "lag", "baseline": {…}, "metrics": {…}, "warnings": […],
 *     "anneal": {"temperature", "time"},
 *     "curve": { "encoding": "base64-float32-le", "t0": K, "step": K, "n": N,
 *                "annealed": B64, "reference": B64 | null, "difference": B64, "baseline": B64,
 *                "peak": B64, "use": "0011…1100" } }
 * Each B64 is the base64 text of N little-endian IEEE float32 values (7 significant digits,
 * compact and fast); t[i] = t0 + i·step; "use" has '1' where the point is in the window and
 * not masked. Read it back with rlx_peak_from_json().
 */
JsonNode *rlx_peak_to_json       (const RlxPeak   *peak,
                                  gboolean         with_curve);

/* The same document as text (valid JSON), written without building the curve as a JSON tree:
   what a batch stores. */
char     *rlx_peak_to_json_string (const RlxPeak  *peak,
                                   gboolean        with_curve);

/* Reads back the curve and metrics of a "peak" analysis result written by rlx_peak_to_json(). */
RlxPeak  *rlx_peak_from_json     (const char      *result_json,
                                  GError         **error);

/* CSV with a header row: T (K), peak, difference, baseline, annealed, reference (each with its
   unit in parentheses), used. */
gboolean  rlx_peak_write_csv     (const RlxPeak   *peak,
                                  const char      *path,
                                  GError         **error);

/* The points of the peak used for fitting (window, masks): newly allocated x and y. */
gsize     rlx_peak_get_fit_data  (const RlxPeak   *peak,
                                  double         **t,
                                  double         **y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxPeak, rlx_peak_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxPeakCache, rlx_peak_cache_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rlx-spectrum-law.h"

G_BEGIN_DECLS

/*
 * Debye-spectrum decomposition (science.md §6): a peak y(T) is written as a non-negative sum of
 * unit-area Debye kernels K_j(T) on a grid of peak temperatures Tp_j, with E_j = E(Tp_j) from an
 * RlxSpectrumLaw:
 *
 *   min_w ‖K w − y‖² + λ²‖L w‖²,  w ≥ 0
 *
 * solved as the non-negative least-squares problem [K; λL] w ≈ [y; 0] (Lawson–Hanson). L is the
 * identity or the second difference; λ = 0 is plain NNLS (the sparsest set of discrete units).
 * The weights w_j are in the units of the area of y (J/g when y is dQ/dT in J/(g·K)).
 *
 * Cost: K is folded once into its n×n triangular factor; each λ of the L-curve or of the
 * discrepancy search is then an active-set solve on RᵀR + λ²LᵀL with updated Cholesky factors,
 * warm-started from the neighbouring λ, and only the chosen λ is refined by QR on [R; λL]. A
 * 300-column spectrum of a 2000-point peak takes a few tenths of a second.
 */

typedef enum
{
  RLX_SPECTRUM_REG_NONE,                /* plain NNLS, λ = 0 */
  RLX_SPECTRUM_REG_IDENTITY,            /* L = I: minimum norm */
  RLX_SPECTRUM_REG_SECOND_DIFFERENCE,   /* L = D2: smooth spectra */
} RlxSpectrumRegularisation;

typedef enum
{
  RLX_SPECTRUM_LAMBDA_FIXED,         /* options.lambda as given */
  RLX_SPECTRUM_LAMBDA_DISCREPANCY,   /* largest λ with ‖K w − y‖ ≤ √N·σ */
  RLX_SPECTRUM_LAMBDA_LCURVE,        /* corner of the (non-negative) L-curve; without a corner
                                        the discrepancy λ, with a warning */
  RLX_SPECTRUM_LAMBDA_GCV,           /* generalised cross-validation, unconstrained problem */
} RlxSpectrumLambdaMethod;

/**
 * RlxSpectrumOptions:
 * @regularisation: the operator L
 * @lambda_method: how λ is chosen (ignored for %RLX_SPECTRUM_REG_NONE)
 * @lambda: λ for %RLX_SPECTRUM_LAMBDA_FIXED, in the units of y (the kernels have unit area)
 * @sigma: noise σ of y; NAN: estimated from the data (rlx_spectrum_estimate_noise())
 * @grid_fraction: grid spacing as a fraction of the local kernel FWHM (default 0.25; values below
 *   0.2 are raised to 0.2, the resolution limit)
 * @grid_margin: the grid extends this many local FWHM beyond the data on each side (default 1)
 * @tp_grid: (nullable): an explicit grid of peak temperatures (K, ascending), overriding the above
 * @n_tp_grid: length of @tp_grid
 * @n_lcurve: number of λ scanned for the L-curve (default 24; 0 = no L-curve unless the method
 *   needs it); its corner, when it has one, is added as one more point
 * @max_columns: refuse grids with more columns (default 400)
 *
 * Initialise with rlx_spectrum_options_init().
 */
typedef struct
{
  RlxSpectrumRegularisation regularisation;
  RlxSpectrumLambdaMethod   lambda_method;
  double                    lambda;
  double                    sigma;
  double                    grid_fraction;
  double                    grid_margin;
  const double             *tp_grid;
  gsize                     n_tp_grid;
  guint                     n_lcurve;
  guint                     max_columns;
} RlxSpectrumOptions;

/* One component: a lobe of the spectrum (a run of positive weights, split at deep valleys). */
typedef struct
{
  double tp;        /* weight-averaged Tp, K */
  double e;         /* weight-averaged E, J/mol */
  double weight;    /* Σ w over the lobe (area units) */
  double fraction;  /* weight / total */
  double tp_min;    /* first and last grid Tp with positive weight, K */
  double tp_max;
} RlxSpectrumComponent;

/* The single-peak fits the spectrum is compared with (§6.4); NAN where absent. */
typedef struct
{
  gboolean has_debye;
  double   debye_e;        /* J/mol */
  double   debye_tp;       /* K */
  double   debye_area;     /* Q∞ */
  double   debye_chi2;
  double   debye_law_e;    /* E(Tp) of the law at the fitted Tp, J/mol */
  gboolean has_kww;
  double   kww_e;
  double   kww_tp;
  double   kww_beta;
  double   kww_chi2;
} RlxSpectrumComparison;

typedef struct
{
  char *code;      /* stable identifier, e.g. "kernel-too-broad" */
  char *message;   /* for a scientist: what it means, what to do */
} RlxSpectrumWarning;

/**
 * RlxSpectrumResult:
 *
 * Everything a spectrum computation produced; plain arrays a figure can draw. The L-curve is
 * ordered by decreasing λ; lcurve_corner indexes it (G_MAXSIZE when there is none). The corner
 * is the point of maximum curvature of (log ρ, log η) strictly inside the scan, and is a point
 * of its own: the NNLS solution at the corner λ sits among the options.n_lcurve scanned ones, so
 * n_lcurve is one more than the scan when there is a corner (unless it falls on a scanned λ).
 * lambda_method is the method that chose λ: %RLX_SPECTRUM_LAMBDA_DISCREPANCY when the L-curve
 * was asked for but had no corner (warning "lcurve-no-corner"); a corner that chose λ although
 * the curve turns by less than 20° there comes with the warning "lcurve-weak-corner".
 */
typedef struct
{
  RlxSpectrumLaw           *law;
  RlxSpectrumRegularisation regularisation;
  RlxSpectrumLambdaMethod   lambda_method;
  double                    lambda;
  double                    sigma;
  gboolean                  sigma_estimated;
  double                    grid_fraction;

  gsize    n_grid;
  double  *tp;              /* grid peak temperatures, K */
  double  *e;               /* E(Tp), J/mol */
  double  *w;               /* weights ≥ 0 */

  gsize    n_points;
  double  *t;               /* data abscissae, K */
  double  *y;               /* data */
  double  *fit;             /* K w */

  double   total;           /* Σ w */
  double   mean_tp;         /* Σ w·Tp / Σ w */
  double   mean_e;
  double   residual_norm;   /* ‖K w − y‖ */
  double   rms;             /* residual_norm / √N */
  double   rms_over_sigma;
  double   solution_seminorm; /* ‖L w‖ (‖w‖ for plain NNLS) */
  guint    nnls_iterations; /* summed over every solve */
  guint    n_clusters;      /* runs of positive weights, before pruning */
  GArray  *components;      /* RlxSpectrumComponent above 1 % of the total */

  gsize    n_lcurve;
  double  *lcurve_lambda;
  double  *lcurve_residual;
  double  *lcurve_solution;
  gsize    lcurve_corner;
  double   gcv_lambda;      /* NAN unless GCV ran */
  double   discrepancy_target; /* the ‖K w − y‖ the discrepancy λ aimed at; NAN otherwise */

  RlxSpectrumComparison comparison;
  GPtrArray *warnings;      /* RlxSpectrumWarning* */
} RlxSpectrumResult;

void                rlx_spectrum_options_init          (RlxSpectrumOptions *options);

const char         *rlx_spectrum_regularisation_to_string   (RlxSpectrumRegularisation reg);
gboolean            rlx_spectrum_regularisation_from_string (const char *string,
                                                             RlxSpectrumRegularisation *reg);
const char         *rlx_spectrum_lambda_method_to_string    (RlxSpectrumLambdaMethod method);
gboolean            rlx_spectrum_lambda_method_from_string  (const char *string,
                                                             RlxSpectrumLambdaMethod *method);

/**
 * rlx_spectrum_estimate_noise:
 *
 * σ of the noise of y from its high-pass filtered version: the second difference
 * y[i+1] − 2y[i] + y[i−1] of white noise has variance 6σ², and its median absolute deviation is
 * insensitive to the few points where the smooth peak itself curves. NAN for n < 5.
 */
double              rlx_spectrum_estimate_noise        (const double *y,
                                                        gsize         n);

/**
 * rlx_spectrum_make_grid:
 * @t_min: lowest data temperature, K
 * @t_max: highest data temperature, K
 * @n_grid: (out): number of grid points
 *
 * The grid of kernel peak temperatures: from t_min − margin·W(t_min) to t_max + margin·W(t_max)
 * with spacing fraction·W(Tp), where W is the kernel FWHM at E(Tp) (§2.6). Kernels with less
 * than 5 % of their area inside [t_min, t_max] are left out: on the low side the high-T flank of a
 * Debye peak falls double-exponentially, so a kernel one FWHM below the window touches only
 * a few points and its weight would be set by their noise. Returns a newly allocated array, or
 * %NULL with @error set.
 */
double             *rlx_spectrum_make_grid             (const RlxSpectrumLaw *law,
                                                        double        t_min,
                                                        double        t_max,
                                                        double        fraction,
                                                        double        margin,
                                                        guint         max_columns,
                                                        gsize        *n_grid,
                                                        GError      **error);

/**
 * rlx_spectrum_compute:
 * @t: temperatures of the peak, K (any order)
 * @y: the peak, dQ/dT (area units per K)
 * @n: number of points
 *
 * Decomposes the peak into a spectrum of Debye units. Returns the result, or %NULL with @error
 * set for bad input, a failed solve, or cancellation.
 */
RlxSpectrumResult  *rlx_spectrum_compute               (const double         *t,
                                                        const double         *y,
                                                        gsize                 n,
                                                        const RlxSpectrumLaw *law,
                                                        const RlxSpectrumOptions *options,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

/* The spectrum evaluated at temperatures t (the model curve K w), for drawing. */
void                rlx_spectrum_result_evaluate       (const RlxSpectrumResult *result,
                                                        const double *t,
                                                        double       *out,
                                                        gsize         n);
/* The curve of one grid unit j (w_j·K_j), for drawing the spectrum's units under the peak. */
double              rlx_spectrum_result_unit_value     (const RlxSpectrumResult *result,
                                                        gsize         j,
                                                        double        t);

/* Sets the comparison with single-peak fits and adds the §6.4 warnings it implies. */
void                rlx_spectrum_result_set_comparison (RlxSpectrumResult *result,
                                                        const RlxSpectrumComparison *comparison);
void                rlx_spectrum_result_add_warning    (RlxSpectrumResult *result,
                                                        const char   *code,
                                                        const char   *format,
                                                        ...) G_GNUC_PRINTF (3, 4);
gboolean            rlx_spectrum_result_has_warning    (const RlxSpectrumResult *result,
                                                        const char   *code);

/*
 * JSON, for the CLI and for analyses of kind "spectrum":
 * {"kind": "spectrum", "law": {…}, "regularisation", "lambda_method", "lambda", "sigma",
 *  "sigma_estimated", "grid_fraction",
 *  "grid": {"Tp_K": […], "E_J_per_mol": […], "weight": […]},
 *  "data": {"T_K": […], "y": […], "fit": […], "residual": […]},
 *  "total", "mean_Tp_K", "mean_E_J_per_mol", "residual_norm", "rms", "rms_over_sigma",
 *  "solution_seminorm", "nnls_iterations", "n_clusters", "n_components",
 *  "components": [{"Tp_K", "E_J_per_mol", "weight", "fraction", "Tp_min_K", "Tp_max_K"}],
 *  "lcurve": {"lambda": […], "residual_norm": […], "solution_norm": […], "corner": i|null},
 *  "gcv_lambda", "discrepancy_target", "comparison": {"debye": {…}|null, "kww": {…}|null},
 *  "warnings": [{"code", "message"}]}
 * Non-finite numbers are written as null.
 */
JsonNode           *rlx_spectrum_result_to_json        (const RlxSpectrumResult *result);
RlxSpectrumResult  *rlx_spectrum_result_from_json      (JsonNode     *node,
                                                        GError      **error);
void                rlx_spectrum_result_free           (RlxSpectrumResult *result);

/* Components: lobes of w (runs of positive weights split at valleys below half the smaller
   neighbouring maximum), keeping those above min_fraction of the total. Used by compute; public
   for tests and for re-analysis of stored results. */
GArray             *rlx_spectrum_find_components       (const double *tp,
                                                        const double *e,
                                                        const double *w,
                                                        gsize         n,
                                                        double        min_fraction,
                                                        guint        *n_clusters);

/*
 * Family mode: one spectrum per run of a series (e.g. annealing temperatures Ta), arranged for a
 * map of Ta against E (or Tp) with colour = weight. The map has n_runs columns (one per run, in
 * the given order) and n_bins rows on a common axis from axis_min to axis_max; cell values are
 * the weight per unit of the axis, divided by the largest cell of the map (0…1).
 */
typedef struct
{
  gsize    n_runs;
  double  *ta;            /* n_runs: the family variable, e.g. Ta in K */
  gboolean axis_is_e;     /* TRUE: rows are E (J/mol); FALSE: Tp (K) */
  gsize    n_bins;
  double  *axis;          /* n_bins bin centres */
  double   axis_min;
  double   axis_max;
  double  *values;        /* n_bins × n_runs, row-major (bin, run), 0…1 */
  double  *totals;        /* n_runs: Σ w of each spectrum */
  double  *mean_axis;     /* n_runs: weight-averaged E or Tp */
} RlxSpectrumFamilyMap;

RlxSpectrumFamilyMap *rlx_spectrum_family_map_new      (const RlxSpectrumResult * const *results,
                                                        const double *ta,
                                                        gsize         n_runs,
                                                        gboolean      axis_is_e,
                                                        gsize         n_bins);
JsonNode             *rlx_spectrum_family_map_to_json  (const RlxSpectrumFamilyMap *map);
void                  rlx_spectrum_family_map_free     (RlxSpectrumFamilyMap *map);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSpectrumResult, rlx_spectrum_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxSpectrumFamilyMap, rlx_spectrum_family_map_free)

G_END_DECLS

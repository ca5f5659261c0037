/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Array-level signal processing for heating scans: heating-segment extraction, thermal-lag
 * correction, common temperature grids, resampling, Savitzky–Golay smoothing. Everything works
 * on contiguous double arrays in canonical units (T in K, t in s, heat flow in mW or W/g).
 */

#define RLX_SIGNAL_ERROR (rlx_signal_error_quark ())

typedef enum
{
  RLX_SIGNAL_ERROR_FAILED,
  RLX_SIGNAL_ERROR_NO_DATA,        /* a channel is missing or has too few points */
  RLX_SIGNAL_ERROR_NOT_MONOTONIC,  /* the temperature of a heating segment goes back and forth */
  RLX_SIGNAL_ERROR_PAIRING,        /* annealed and reference runs do not belong together */
  RLX_SIGNAL_ERROR_OVERLAP,        /* their temperature ranges overlap too little */
  RLX_SIGNAL_ERROR_BASELINE,       /* a baseline description is invalid or cannot be applied */
  RLX_SIGNAL_ERROR_RECIPE,         /* a recipe is invalid */
  RLX_SIGNAL_ERROR_QUERY,          /* a selection query is invalid */
  RLX_SIGNAL_ERROR_PEAK,           /* no peak can be measured */
  RLX_SIGNAL_ERROR_CANCELLED,
} RlxSignalError;

/* A closed temperature interval [lo, hi] in K. */
typedef struct
{
  double lo;
  double hi;
} RlxRange;

GQuark   rlx_signal_error_quark      (void);

/**
 * rlx_signal_heating_segment:
 * @temperature: the temperature of every sample (K)
 * @n: number of samples
 * @start: (out): first index of the heating ramp
 * @end: (out): one past the last index of the heating ramp
 *
 * Finds the longest stretch where the temperature rises at a steady rate (at least half of the
 * scan's typical heating rate, measured over a short window so that sensor noise does not count),
 * which drops the isothermal start, the turnaround and any isothermal end of a heating scan.
 */
gboolean rlx_signal_heating_segment  (const double *temperature,
                                      gsize         n,
                                      gsize        *start,
                                      gsize        *end,
                                      GError      **error);

/**
 * rlx_signal_monotonic_filter:
 * @x: the abscissa (temperature) of @n samples
 * @keep: (out caller-allocates): @n flags, TRUE for the samples kept
 *
 * Keeps the samples whose temperature exceeds every earlier kept one, so that the kept part is
 * strictly increasing. Returns the number kept.
 */
gsize    rlx_signal_monotonic_filter (const double *x,
                                      gsize         n,
                                      gboolean     *keep);

/* Local derivative dy/dx by a least-squares line over ±half_window samples (clamped at the ends). */
void     rlx_signal_derivative       (const double *x,
                                      const double *y,
                                      gsize         n,
                                      gsize         half_window,
                                      double       *out);

/* Median of the positive successive differences of x; NAN when there are none. */
double   rlx_signal_median_spacing   (const double *x,
                                      gsize         n);

/* Mean slope of y against x by linear regression (e.g. the heating rate in K/s from T and t). */
double   rlx_signal_mean_slope       (const double *x,
                                      const double *y,
                                      gsize         n);

/**
 * rlx_signal_make_grid:
 * @lo: lower end (K)
 * @hi: upper end (K)
 * @step: grid step (K), > 0
 * @n_out: (out): number of grid points
 *
 * A uniform grid on whole multiples of @step inside [@lo, @hi], so that grids of the same step
 * line up between runs. Returns a g_malloc'ed array, or NULL when fewer than 2 points fit.
 */
double  *rlx_signal_make_grid        (double        lo,
                                      double        hi,
                                      double        step,
                                      gsize        *n_out);

/**
 * rlx_signal_resample:
 * @x: strictly increasing abscissa of @n data points
 * @y: ordinate
 * @grid: increasing, uniform grid of @n_grid points inside [x[0], x[n−1]]
 * @out: (out caller-allocates): @n_grid resampled values
 *
 * Linear interpolation when the grid is as fine as the data; when the grid step is more than
 * 1.5 times the data's median spacing, each grid point gets the least-squares line through the
 * data in its bin [g − h/2, g + h/2), evaluated at g: this averages the noise away like a bin mean
 * but stays exact for data that is linear in T and unbiased for uneven sampling. Bins with fewer
 * than 2 points fall back to interpolation.
 */
gboolean rlx_signal_resample         (const double *x,
                                      const double *y,
                                      gsize         n,
                                      const double *grid,
                                      gsize         n_grid,
                                      double       *out,
                                      GError      **error);

/* Linear interpolation at one point of strictly increasing x (clamped at the ends). */
double   rlx_signal_interpolate      (const double *x,
                                      const double *y,
                                      gsize         n,
                                      double        at);

/**
 * rlx_signal_lag_correct:
 * @temperature: (inout): measured temperature (K), corrected in place
 * @time: time (s) of every sample, or NULL to use @rate
 * @rate: heating rate (K/s) used when @time is NULL
 * @tau_lag: thermal-lag time constant (s)
 *
 * Relaxun's lag convention: T_corrected = T − τ_lag·dT/dt. On heating, a sample lags behind the
 * sensor (or the program), so a positive τ_lag moves every point to a lower temperature by
 * τ_lag·Rh (science.md §2.9: T_s = T_prog − τ_lag·Rh). dT/dt is the local slope over ±25 samples.
 */
void     rlx_signal_lag_correct      (double       *temperature,
                                      const double *time,
                                      gsize         n,
                                      double        rate,
                                      double        tau_lag);

/**
 * rlx_signal_savitzky_golay:
 * @y: equally spaced data
 * @half_window: m, the filter uses 2m+1 points
 * @order: polynomial order, < 2m+1
 * @out: (out caller-allocates): @n smoothed values (may not alias @y)
 *
 * Savitzky–Golay smoothing (for display and initial guesses only: fits use the raw data).
 * Polynomials up to @order are reproduced exactly; the ends use the same local polynomial fit
 * evaluated off-centre.
 */
gboolean rlx_signal_savitzky_golay   (const double *y,
                                      gsize         n,
                                      guint         half_window,
                                      guint         order,
                                      double       *out,
                                      GError      **error);

/* Parses "A:B" (two numbers, A < B) into a range; accepts a comma as decimal mark only if it
   cannot be a separator. */
gboolean rlx_range_parse             (const char   *text,
                                      RlxRange     *range,
                                      GError      **error);

G_END_DECLS

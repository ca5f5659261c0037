/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rlx-signal.h"
#include "signal-synth.h"

static double
zero (double t, gpointer data)
{
  return 0;
}

static void
test_heating_segment (void)
{
  SynthScan scan;
  g_autoptr(RlxRunData) run = NULL;
  RlxChannel *ts, *time;
  gsize start, end;
  g_autoptr(GError) error = NULL;

  synth_scan_init (&scan);
  scan.q = zero;
  run = synth_scan_make (&scan);
  ts = rlx_run_data_get_channel (run, RLX_QUANTITY_TEMPERATURE);
  time = rlx_run_data_get_channel (run, RLX_QUANTITY_TIME);
  g_assert_true (rlx_signal_heating_segment (ts->values, ts->n_values, &start, &end, &error));
  g_assert_no_error (error);
  /* the ramp runs from t = 5 ms to 265 ms; the ends lose at most the smoothing window */
  g_assert_cmpfloat (time->values[start], >=, scan.hold);
  g_assert_cmpfloat (time->values[start], <, scan.hold + 0.004);
  g_assert_cmpfloat (time->values[end - 1], <=, scan.hold + 0.26);
  g_assert_cmpfloat (time->values[end - 1], >, scan.hold + 0.256);
}

static void
test_heating_segment_errors (void)
{
  double flat[100], saw[400];
  gsize start, end;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100; i++)
    flat[i] = 300 - 0.1 * i;
  g_assert_false (rlx_signal_heating_segment (flat, 100, &start, &end, &error));
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC);
  g_assert_nonnull (strstr (error->message, "not a heating scan"));
  g_clear_error (&error);

  /* rises only 5 samples at a time */
  for (guint i = 0; i < 400; i++)
    saw[i] = 300 + (i % 10 < 5 ? (i % 10) : 10 - (i % 10));
  g_assert_false (rlx_signal_heating_segment (saw, 400, &start, &end, &error));
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC);
}

static void
test_monotonic_filter (void)
{
  const double x[] = { 1, 2, 1.5, 3, 3, 4, 3.9, 5 };
  gboolean keep[8];
  const gboolean expected[] = { TRUE, TRUE, FALSE, TRUE, FALSE, TRUE, FALSE, TRUE };

  g_assert_cmpuint (rlx_signal_monotonic_filter (x, 8, keep), ==, 5);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpint (keep[i], ==, expected[i]);
}

static void
test_grid (void)
{
  gsize n;
  g_autofree double *g = rlx_signal_make_grid (250.03, 260.0, 0.5, &n);

  g_assert_nonnull (g);
  g_assert_cmpuint (n, ==, 20);
  g_assert_cmpfloat_with_epsilon (g[0], 250.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (g[n - 1], 260.0, 1e-9);
  g_assert_null (rlx_signal_make_grid (1, 1.2, 0.5, &n));
}

/* Linear data must come through both resampling modes exactly, even unevenly sampled. */
static void
test_resample_linear (void)
{
  const gsize n = 5000;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  double steps[] = { 0.013, 0.5, 2.0 };

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 200 + 0.1 * i + 0.03 * sin (i * 1.7);
      y[i] = 3.5 - 0.02 * x[i];
    }
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      gsize m;
      g_autofree double *grid = rlx_signal_make_grid (x[0], x[n - 1], steps[s], &m);
      g_autofree double *out = g_new (double, m);
      g_autoptr(GError) error = NULL;

      g_assert_true (rlx_signal_resample (x, y, n, grid, m, out, &error));
      for (gsize k = 0; k < m; k++)
        g_assert_cmpfloat_with_epsilon (out[k], 3.5 - 0.02 * grid[k], 1e-10);
    }
}

/* Binning averages noise: the spread shrinks by about √(points per bin). */
static void
test_resample_bins_average (void)
{
  const gsize n = 20000;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize m;
  g_autofree double *grid = NULL, *out = NULL;
  double ss = 0;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 0.01 * i;
      y[i] = g_rand_double_range (rand, -1, 1);  /* σ = 0.577 */
    }
  grid = rlx_signal_make_grid (0.5, 199, 1.0, &m);
  out = g_new (double, m);
  g_assert_true (rlx_signal_resample (x, y, n, grid, m, out, NULL));
  for (gsize k = 0; k < m; k++)
    ss += out[k] * out[k];
  /* 100 points per bin, a line fitted: σ_centre ≈ 0.577/10 */
  g_assert_cmpfloat (sqrt (ss / m), <, 0.09);
}

static void
test_resample_not_monotonic (void)
{
  const double x[] = { 1, 2, 2, 3 }, y[] = { 0, 0, 0, 0 }, g[] = { 1.5, 2.5 };
  double out[2];
  g_autoptr(GError) error = NULL;

  g_assert_false (rlx_signal_resample (x, y, 4, g, 2, out, &error));
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC);
}

/* Savitzky–Golay of order k reproduces polynomials up to degree k everywhere, ends included. */
static void
test_savitzky_golay (void)
{
  const gsize n = 200;
  double y[200], out[200];

  for (guint order = 0; order <= 4; order++)
    {
      for (gsize i = 0; i < n; i++)
        {
          double u = 0.01 * i - 1;
          y[i] = 1 + 0.5 * (order >= 1) * u - 2 * (order >= 2) * u * u +
                 (order >= 3) * u * u * u + 0.3 * (order >= 4) * u * u * u * u;
        }
      g_assert_true (rlx_signal_savitzky_golay (y, n, 7, order, out, NULL));
      for (gsize i = 0; i < n; i++)
        g_assert_cmpfloat_with_epsilon (out[i], y[i], 1e-9);
    }
  /* smoothing works: a quadratic filter flattens alternating noise */
  for (gsize i = 0; i < n; i++)
    y[i] = (i % 2) ? 1 : -1;
  g_assert_true (rlx_signal_savitzky_golay (y, n, 10, 2, out, NULL));
  g_assert_cmpfloat (fabs (out[100]), <, 0.1);
}

static void
test_lag_correct (void)
{
  double t[100], s[100];

  for (guint i = 0; i < 100; i++)
    {
      s[i] = 1e-4 * i;
      t[i] = 300 + 1000 * s[i];
    }
  rlx_signal_lag_correct (t, s, 100, NAN, 0.002);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpfloat_with_epsilon (t[i], 300 + 1000 * s[i] - 2.0, 1e-9);
}

static void
test_range_parse (void)
{
  RlxRange r;
  g_autoptr(GError) error = NULL;

  g_assert_true (rlx_range_parse ("250:300.5", &r, NULL));
  g_assert_cmpfloat (r.lo, ==, 250);
  g_assert_cmpfloat (r.hi, ==, 300.5);
  g_assert_false (rlx_range_parse ("300:250", &r, &error));
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
  g_assert_false (rlx_range_parse ("abc", &r, &error));
  g_assert_nonnull (strstr (error->message, "LOW:HIGH"));
}

/* The running-sum derivative, the selection median and the walking interpolation against their
   direct definitions, on an irregular noisy scan long enough for several restarts of the sums. */
static double
direct_slope (const double *x, const double *y, gsize n, gsize half, gsize i)
{
  gsize lo = i > half ? i - half : 0, hi = MIN (n - 1, i + half);
  double sx = 0, sy = 0, sxx = 0, sxy = 0, m = (double) (hi - lo + 1), den;

  for (gsize j = lo; j <= hi; j++)
    {
      double dx = x[j] - x[i];
      sx += dx;
      sy += y[j];
      sxx += dx * dx;
      sxy += dx * y[j];
    }
  den = m * sxx - sx * sx;
  return den > 0 ? (m * sxy - sx * sy) / den : 0;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
test_fast_paths (void)
{
  const gsize n = 3001;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *d = g_new (double, n);
  g_autofree double *sorted = g_new (double, n);
  g_autofree double *grid = NULL, *out = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize n_grid, m = 0;
  double median;

  x[0] = 200;
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0)
        x[i] = x[i - 1] + (i % 5 == 0 ? 0.2 : 0.05 + 0.01 * g_rand_double (rand));
      y[i] = 400 + 3 * x[i] + 0.01 * x[i] * x[i] + g_rand_double_range (rand, -0.5, 0.5);
    }
  for (gsize half = 1; half <= 40; half += 13)
    {
      rlx_signal_derivative (x, y, n, half, d);
      for (gsize i = 0; i < n; i++)
        {
          double want = direct_slope (x, y, n, half, i);
          g_assert_cmpfloat (fabs (d[i] - want), <=, 1e-9 * (fabs (want) + 1));
        }
    }
  /* constant x over a window: no slope, not a division by rounding */
  {
    double cx[6] = { 5, 5, 5, 5, 5, 5 }, cy[6] = { 1, 2, 3, 4, 5, 6 }, cd[6];
    rlx_signal_derivative (cx, cy, 6, 2, cd);
    for (guint i = 0; i < 6; i++)
      g_assert_cmpfloat (cd[i], ==, 0);
  }

  for (gsize i = 1; i < n; i++)
    sorted[m++] = x[i] - x[i - 1];
  qsort (sorted, m, sizeof (double), compare_doubles);
  median = m % 2 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
  g_assert_cmpfloat (rlx_signal_median_spacing (x, n), ==, median);
  {
    /* odd and even counts, many ties */
    double t1[] = { 0, 1, 2, 3, 5, 6, 7 };      /* spacings 1 1 1 2 1 1 → 1 */
    double t2[] = { 0, 1, 3, 6, 10 };           /* 1 2 3 4 → 2.5 */
    g_assert_cmpfloat (rlx_signal_median_spacing (t1, 7), ==, 1);
    g_assert_cmpfloat (rlx_signal_median_spacing (t2, 5), ==, 2.5);
  }

  grid = rlx_signal_make_grid (190, 330, 0.05, &n_grid);
  out = g_new (double, n_grid);
  g_assert_true (rlx_signal_resample (x, y, n, grid, n_grid, out, NULL));
  for (gsize k = 0; k < n_grid; k++)
    g_assert_cmpfloat (out[k], ==, rlx_signal_interpolate (x, y, n, grid[k]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/signal/heating-segment", test_heating_segment);
  g_test_add_func ("/relaxun/signal/heating-segment-errors", test_heating_segment_errors);
  g_test_add_func ("/relaxun/signal/monotonic-filter", test_monotonic_filter);
  g_test_add_func ("/relaxun/signal/grid", test_grid);
  g_test_add_func ("/relaxun/signal/resample-linear", test_resample_linear);
  g_test_add_func ("/relaxun/signal/resample-bins-average", test_resample_bins_average);
  g_test_add_func ("/relaxun/signal/resample-not-monotonic", test_resample_not_monotonic);
  g_test_add_func ("/relaxun/signal/savitzky-golay", test_savitzky_golay);
  g_test_add_func ("/relaxun/signal/lag-correct", test_lag_correct);
  g_test_add_func ("/relaxun/signal/range-parse", test_range_parse);
  g_test_add_func ("/relaxun/signal/fast-paths", test_fast_paths);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-signal.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (rlx-signal-error-quark, rlx_signal_error)

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

void
rlx_signal_derivative (const double *x,
                       const double *y,
                       gsize         n,
                       gsize         half_window,
                       double       *out)
{
  for (gsize i = 0; i < n; i++)
    {
      gsize lo = i > half_window ? i - half_window : 0;
      gsize hi = MIN (n - 1, i + half_window);
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      double m = (double) (hi - lo + 1);

      if (hi == lo)
        {
          out[i] = 0;
          continue;
        }
      for (gsize j = lo; j <= hi; j++)
        {
          double dx = x[j] - x[i];
          sx += dx;
          sy += y[j];
          sxx += dx * dx;
          sxy += dx * y[j];
        }
      {
        double den = m * sxx - sx * sx;
        out[i] = den > 0 ? (m * sxy - sx * sy) / den : 0;
      }
    }
}

double
rlx_signal_median_spacing (const double *x,
                           gsize         n)
{
  g_autofree double *d = NULL;
  gsize m = 0;

  if (n < 2)
    return NAN;
  d = g_new (double, n - 1);
  for (gsize i = 1; i < n; i++)
    if (x[i] - x[i - 1] > 0)
      d[m++] = x[i] - x[i - 1];
  if (m == 0)
    return NAN;
  qsort (d, m, sizeof (double), compare_doubles);
  return m % 2 ? d[m / 2] : 0.5 * (d[m / 2 - 1] + d[m / 2]);
}

double
rlx_signal_mean_slope (const double *x,
                       const double *y,
                       gsize         n)
{
  double mx = 0, my = 0, sxx = 0, sxy = 0;

  if (n < 2)
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (gsize i = 0; i < n; i++)
    {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
    }
  return sxx > 0 ? sxy / sxx : NAN;
}

gboolean
rlx_signal_heating_segment (const double *temperature,
                            gsize         n,
                            gsize        *start,
                            gsize        *end,
                            GError      **error)
{
  g_autofree double *index = NULL;
  g_autofree double *slope = NULL;
  g_autofree double *sorted = NULL;
  gsize half, best_start = 0, best_len = 0, run_start = 0;
  gboolean in_run = FALSE;
  double typical;

  if (n < 8)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                   "The scan has only %" G_GSIZE_FORMAT " points; a heating segment needs at least 8.",
                   n);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    if (!isfinite (temperature[i]))
      {
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                     "The temperature at point %" G_GSIZE_FORMAT " is not a number; "
                     "check the temperature column of the run.", i + 1);
        return FALSE;
      }

  /* A window of ~1 % of the scan (2–25 samples each side) averages sensor noise out of the
     local rate without smearing the turnarounds. */
  half = CLAMP (n / 100, 2, 25);
  index = g_new (double, n);
  slope = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    index[i] = (double) i;
  rlx_signal_derivative (index, temperature, n, half, slope);

  sorted = g_memdup2 (slope, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);
  typical = sorted[(gsize) (0.9 * (n - 1))];
  if (!(typical > 0))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC,
                   "The temperature never rises steadily (%.4g to %.4g K): this is not a heating scan.",
                   temperature[0], temperature[n - 1]);
      return FALSE;
    }

  for (gsize i = 0; i <= n; i++)
    {
      gboolean rising = i < n && slope[i] > 0.5 * typical;

      if (rising && !in_run)
        {
          in_run = TRUE;
          run_start = i;
        }
      else if (!rising && in_run)
        {
          in_run = FALSE;
          if (i - run_start > best_len)
            {
              best_len = i - run_start;
              best_start = run_start;
            }
        }
    }

  if (best_len < 8)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC,
                   "The scan has no steady heating ramp longer than %" G_GSIZE_FORMAT
                   " points: the temperature goes back and forth.", best_len);
      return FALSE;
    }

  *start = best_start;
  *end = best_start + best_len;
  return TRUE;
}

gsize
rlx_signal_monotonic_filter (const double *x,
                             gsize         n,
                             gboolean     *keep)
{
  double last = -INFINITY;
  gsize kept = 0;

  for (gsize i = 0; i < n; i++)
    {
      keep[i] = x[i] > last;
      if (keep[i])
        {
          last = x[i];
          kept++;
        }
    }
  return kept;
}

double *
rlx_signal_make_grid (double  lo,
                      double  hi,
                      double  step,
                      gsize  *n_out)
{
  double first, last;
  gsize n;
  double *grid;

  *n_out = 0;
  if (!(step > 0) || !(hi > lo) || !isfinite (lo) || !isfinite (hi))
    return NULL;
  /* A hair of tolerance so that an end lying exactly on a multiple of the step is kept. */
  first = ceil (lo / step - 1e-9) * step;
  last = floor (hi / step + 1e-9) * step;
  if (first < lo)
    first = lo;
  if (last > hi)
    last = hi;
  if (!(last > first))
    return NULL;
  n = (gsize) floor ((last - first) / step + 1e-9) + 1;
  if (n < 2)
    return NULL;
  grid = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    grid[i] = first + step * (double) i;
  *n_out = n;
  return grid;
}

double
rlx_signal_interpolate (const double *x,
                        const double *y,
                        gsize         n,
                        double        at)
{
  gsize lo = 0, hi = n - 1;

  if (n == 0)
    return NAN;
  if (n == 1 || at <= x[0])
    return y[0];
  if (at >= x[n - 1])
    return y[n - 1];
  while (hi - lo > 1)
    {
      gsize mid = (lo + hi) / 2;
      if (x[mid] <= at)
        lo = mid;
      else
        hi = mid;
    }
  return y[lo] + (y[hi] - y[lo]) * (at - x[lo]) / (x[hi] - x[lo]);
}

gboolean
rlx_signal_resample (const double *x,
                     const double *y,
                     gsize         n,
                     const double *grid,
                     gsize         n_grid,
                     double       *out,
                     GError      **error)
{
  double spacing, step;
  gsize j = 0;

  if (n < 2 || n_grid < 1)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                   "Resampling needs at least 2 data points and 1 grid point.");
      return FALSE;
    }
  for (gsize i = 1; i < n; i++)
    if (!(x[i] > x[i - 1]))
      {
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC,
                     "The temperature is not increasing at point %" G_GSIZE_FORMAT
                     " (%.4f K after %.4f K).", i + 1, x[i], x[i - 1]);
        return FALSE;
      }

  spacing = rlx_signal_median_spacing (x, n);
  step = n_grid > 1 ? (grid[n_grid - 1] - grid[0]) / (double) (n_grid - 1) : 0;

  if (!(step > 1.5 * spacing))
    {
      for (gsize k = 0; k < n_grid; k++)
        out[k] = rlx_signal_interpolate (x, y, n, grid[k]);
      return TRUE;
    }

  for (gsize k = 0; k < n_grid; k++)
    {
      double lo = grid[k] - 0.5 * step, hi = grid[k] + 0.5 * step;
      double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0, den;

      while (j < n && x[j] < lo)
        j++;
      for (gsize i = j; i < n && x[i] < hi; i++)
        {
          double dx = x[i] - grid[k];
          sx += dx;
          sy += y[i];
          sxx += dx * dx;
          sxy += dx * y[i];
          m += 1;
        }
      den = m * sxx - sx * sx;
      if (m >= 2 && den > 1e-12 * m * m * step * step)
        {
          double slope = (m * sxy - sx * sy) / den;
          out[k] = (sy - slope * sx) / m;
        }
      else
        out[k] = rlx_signal_interpolate (x, y, n, grid[k]);
    }
  return TRUE;
}

void
rlx_signal_lag_correct (double       *temperature,
                        const double *time,
                        gsize         n,
                        double        rate,
                        double        tau_lag)
{
  g_autofree double *slope = NULL;

  if (tau_lag == 0 || n == 0)
    return;
  if (time == NULL)
    {
      for (gsize i = 0; i < n; i++)
        temperature[i] -= tau_lag * rate;
      return;
    }
  slope = g_new (double, n);
  rlx_signal_derivative (time, temperature, n, MIN ((gsize) 25, n / 2), slope);
  for (gsize i = 0; i < n; i++)
    temperature[i] -= tau_lag * slope[i];
}

gboolean
rlx_signal_savitzky_golay (const double *y,
                           gsize         n,
                           guint         half_window,
                           guint         order,
                           double       *out,
                           GError      **error)
{
  guint m = half_window, width = 2 * half_window + 1, p = order + 1;
  g_autoptr(GPtrArray) rows = NULL;

  if (order >= width)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "A Savitzky–Golay filter of order %u needs more than %u points; widen the window.",
                   order, width);
      return FALSE;
    }
  if (n < width)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                   "The curve has %" G_GSIZE_FORMAT " points, fewer than the %u of the smoothing window.",
                   n, width);
      return FALSE;
    }
  if (m == 0)
    {
      memcpy (out, y, n * sizeof (double));
      return TRUE;
    }

  /* Row r of the pseudo-inverse weights evaluated at offset s = position − window centre:
     coefficients c_s[j] with value = Σ_j c_s[j]·y[j]. Centre row for the interior, off-centre
     rows for the first and last m points. */
  rows = g_ptr_array_new_with_free_func (g_free);
  {
    gsl_matrix *a = gsl_matrix_alloc (width, p);
    gsl_matrix *ata = gsl_matrix_alloc (p, p);
    gsl_vector *e = gsl_vector_alloc (p);
    gsl_vector *c = gsl_vector_alloc (p);
    gboolean ok = TRUE;

    for (guint i = 0; i < width; i++)
      for (guint k = 0; k < p; k++)
        gsl_matrix_set (a, i, k, pow (((double) i - m) / (double) m, k));
    gsl_matrix_set_zero (ata);
    for (guint k = 0; k < p; k++)
      for (guint l = 0; l < p; l++)
        {
          double s = 0;
          for (guint i = 0; i < width; i++)
            s += gsl_matrix_get (a, i, k) * gsl_matrix_get (a, i, l);
          gsl_matrix_set (ata, k, l, s);
        }
    if (gsl_linalg_cholesky_decomp1 (ata) != GSL_SUCCESS)
      ok = FALSE;

    for (guint s = 0; ok && s < width; s++)
      {
        double *w = g_new (double, width);
        double xs = ((double) s - m) / (double) m;

        for (guint k = 0; k < p; k++)
          gsl_vector_set (e, k, pow (xs, k));
        if (gsl_linalg_cholesky_solve (ata, e, c) != GSL_SUCCESS)
          {
            g_free (w);
            ok = FALSE;
            break;
          }
        for (guint i = 0; i < width; i++)
          {
            double v = 0;
            for (guint k = 0; k < p; k++)
              v += gsl_matrix_get (a, i, k) * gsl_vector_get (c, k);
            w[i] = v;
          }
        g_ptr_array_add (rows, w);
      }
    gsl_matrix_free (a);
    gsl_matrix_free (ata);
    gsl_vector_free (e);
    gsl_vector_free (c);
    if (!ok)
      {
        g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                     "The Savitzky–Golay filter (window %u, order %u) is singular.", width, order);
        return FALSE;
      }
  }

  for (gsize i = 0; i < n; i++)
    {
      gsize first;
      guint s;
      const double *w;
      double v = 0;

      if (i < m)
        {
          first = 0;
          s = (guint) i;
        }
      else if (i + m >= n)
        {
          first = n - width;
          s = (guint) (i - first);
        }
      else
        {
          first = i - m;
          s = m;
        }
      w = g_ptr_array_index (rows, s);
      for (guint k = 0; k < width; k++)
        v += w[k] * y[first + k];
      out[i] = v;
    }
  return TRUE;
}

gboolean
rlx_range_parse (const char *text,
                 RlxRange   *range,
                 GError    **error)
{
  g_auto(GStrv) parts = NULL;
  char *end = NULL;
  double lo, hi;

  if (text == NULL || strchr (text, ':') == NULL)
    goto bad;
  parts = g_strsplit (text, ":", 2);
  lo = g_ascii_strtod (g_strstrip (parts[0]), &end);
  if (end == parts[0] || *end != '\0')
    goto bad;
  hi = g_ascii_strtod (g_strstrip (parts[1]), &end);
  if (end == parts[1] || *end != '\0')
    goto bad;
  if (!(hi > lo) || !isfinite (lo) || !isfinite (hi))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
                   "The range “%s” is empty: write the lower temperature first, e.g. 250:300 (K).",
                   text);
      return FALSE;
    }
  range->lo = lo;
  range->hi = hi;
  return TRUE;

bad:
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_FAILED,
               "“%s” is not a temperature range; write LOW:HIGH in K, e.g. 250:300.",
               text ? text : "");
  return FALSE;
}

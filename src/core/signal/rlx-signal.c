/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-signal.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (rlx-signal-error-quark, rlx_signal_error)

/* The k-th smallest of a[0..n-1] (0-based), reordering a: quickselect with a three-way
   partition, so the many equal spacings of a uniformly sampled scan cost nothing extra.
   Afterwards every element before k is ≤ a[k]. */
static double
select_kth (double *a,
            gsize   n,
            gsize   k)
{
  gsize lo = 0, hi = n;

  while (hi - lo > 1)
    {
      double p0 = a[lo], p1 = a[lo + (hi - lo) / 2], p2 = a[hi - 1];
      double pivot = MAX (MIN (p0, p1), MIN (MAX (p0, p1), p2));
      gsize lt = lo, i = lo, gt = hi;

      while (i < gt)
        {
          double v = a[i];

          if (v < pivot)
            {
              a[i++] = a[lt];
              a[lt++] = v;
            }
          else if (v > pivot)
            {
              a[i] = a[--gt];
              a[gt] = v;
            }
          else
            i++;
        }
      if (k < lt)
        hi = lt;
      else if (k >= gt)
        lo = gt;
      else
        return pivot;
    }
  return a[lo];
}

/* Local least-squares slope dy/dx over ±half_window samples. Running sums make it O(n) whatever
   the window; they are restarted every DERIVATIVE_BLOCK samples about a local origin, so
   rounding cannot pile up along a long scan and the sums stay small (no cancellation). */
#define DERIVATIVE_BLOCK 256

void
rlx_signal_derivative (const double *x,
                       const double *y,
                       gsize         n,
                       gsize         half_window,
                       double       *out)
{
  for (gsize b = 0; b < n; b += DERIVATIVE_BLOCK)
    {
      gsize b_end = MIN (n, b + DERIVATIVE_BLOCK);
      double x0 = x[b], y0 = y[b];
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      gsize lo = b > half_window ? b - half_window : 0;
      gsize hi = MIN (n - 1, b + half_window);

      for (gsize j = lo; j <= hi; j++)
        {
          double dx = x[j] - x0, dy = y[j] - y0;
          sx += dx;
          sy += dy;
          sxx += dx * dx;
          sxy += dx * dy;
        }
      for (gsize i = b; i < b_end; i++)
        {
          gsize new_lo = i > half_window ? i - half_window : 0;
          gsize new_hi = MIN (n - 1, i + half_window);
          double m, den;

          for (; lo < new_lo; lo++)
            {
              double dx = x[lo] - x0, dy = y[lo] - y0;
              sx -= dx;
              sy -= dy;
              sxx -= dx * dx;
              sxy -= dx * dy;
            }
          while (hi < new_hi)
            {
              double dx, dy;

              hi++;
              dx = x[hi] - x0;
              dy = y[hi] - y0;
              sx += dx;
              sy += dy;
              sxx += dx * dx;
              sxy += dx * dy;
            }
          if (hi == lo)
            {
              out[i] = 0;
              continue;
            }
          m = (double) (hi - lo + 1);
          den = m * sxx - sx * sx;
          /* relative test: x constant over the window leaves only rounding in den */
          out[i] = den > 1e-12 * m * sxx ? (m * sxy - sx * sy) / den : 0;
        }
    }
}

double
rlx_signal_median_spacing (const double *x,
                           gsize         n)
{
  g_autofree double *d = NULL;
  gsize m = 0;
  double upper, lower;

  if (n < 2)
    return NAN;
  d = g_new (double, n - 1);
  for (gsize i = 1; i < n; i++)
    if (x[i] - x[i - 1] > 0)
      d[m++] = x[i] - x[i - 1];
  if (m == 0)
    return NAN;
  upper = select_kth (d, m, m / 2);
  if (m % 2)
    return upper;
  lower = d[0];
  for (gsize i = 1; i < m / 2; i++)
    lower = MAX (lower, d[i]);
  return 0.5 * (lower + upper);
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
  g_autofree double *scratch = NULL;
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

  scratch = g_memdup2 (slope, n * sizeof (double));
  typical = select_kth (scratch, n, (gsize) (0.9 * (n - 1)));
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
      gsize lo = 0;

      /* The same arithmetic as rlx_signal_interpolate(), walking along an increasing grid
         instead of searching for every point. */
      for (gsize k = 0; k < n_grid; k++)
        {
          double at = grid[k];

          if (!(at > x[0]) || !(at < x[n - 1]) || (k > 0 && at < grid[k - 1]))
            {
              out[k] = rlx_signal_interpolate (x, y, n, at);
              lo = 0;
              continue;
            }
          while (x[lo + 1] <= at)
            lo++;
          out[k] = y[lo] + (y[lo + 1] - y[lo]) * (at - x[lo]) / (x[lo + 1] - x[lo]);
        }
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-spectrum-private.h"

#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_spline.h>

/*
 * The corner of the non-negative L-curve.
 *
 * Why not gsl_multifit_linear_lcorner on the scanned points: it takes the curvature of the circle
 * through three consecutive points. With w ≥ 0 the solution stops changing once λ is small
 * enough for positivity alone to hold the spectrum (typically below λ ≈ 1e-2 for a Flash DSC
 * peak), so the last third of a scan down to 1e-7·s_max is one point repeated; circles through
 * (nearly) coincident points have radius ~0, and the "corner" lands on that flat end.
 *
 * Why not the corner of the unconstrained Tikhonov L-curve (then NNLS at its λ): without the
 * constraint, small λ buys residual with negative weights, so when the residual is dominated by
 * misfit rather than noise (rms/σ ≫ 1) that corner sits at λ where the NNLS solution is already
 * on its plateau — the same flat end again.
 *
 * So the corner is the point of maximum curvature (Hansen's definition) of the curve the user
 * sees: (ln ρ, ln η) of the NNLS solutions as smooth functions of ln λ (natural cubic splines
 * through the scan), after trimming the repeated points at either end, and looked for only
 * strictly between the first and last remaining scan points. Positive curvature means the
 * curve bends like an L (anticlockwise as λ grows); a curve that bends only the other way has
 * no corner. The tangent turns through the angle returned in *turning across the
 * positive-curvature lobe around the corner: a few degrees is a barely visible bend, a clear L
 * turns by 40–90°.
 */

/* Segments shorter than this fraction of the whole curve's length, at either end, are the
   repeated points of a saturated scan. */
#define TRIM_FRACTION 1e-3
/* Curvature samples per scan interval. */
#define SAMPLES_PER_INTERVAL 16
/* A bend of less than this is no corner (a straight stretch, up to rounding in the splines). */
#define MIN_TURNING_DEGREES 1.0

typedef struct
{
  gsl_spline *sx;
  gsl_spline *sy;
  gsl_interp_accel *ax;
  gsl_interp_accel *ay;
} Curve;

static void
curve_tangent (const Curve *c,
               double       t,
               double      *x1,
               double      *y1,
               double      *kappa)
{
  double dx = gsl_spline_eval_deriv (c->sx, t, c->ax);
  double dy = gsl_spline_eval_deriv (c->sy, t, c->ay);
  double ddx = gsl_spline_eval_deriv2 (c->sx, t, c->ax);
  double ddy = gsl_spline_eval_deriv2 (c->sy, t, c->ay);
  double speed2 = dx * dx + dy * dy;

  *x1 = dx;
  *y1 = dy;
  *kappa = speed2 > 0.0 ? (dx * ddy - ddx * dy) / (speed2 * sqrt (speed2)) : 0.0;
}

gboolean
rlx_spectrum_lcurve_corner (const double *lambda,
                            const double *rho,
                            const double *eta,
                            gsize         n,
                            double       *corner,
                            double       *turning)
{
  g_autofree double *t = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree double *kappa = NULL;
  g_autofree double *ts = NULL;
  Curve c = { NULL, NULL, NULL, NULL };
  double length = 0.0, x1, y1, k, angle_lo, angle_hi, turn;
  gsize start, end, k_points, n_samples, best = 0, lo, hi;
  gboolean found = FALSE;

  *corner = NAN;
  *turning = 0.0;
  if (n < 4)
    return FALSE;

  /* Increasing λ, whatever order the scan has. */
  t = g_new (double, n);
  x = g_new (double, n);
  y = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      gsize j = lambda[0] > lambda[n - 1] ? n - 1 - i : i;

      if (!(lambda[j] > 0.0) || !(rho[j] > 0.0) || !(eta[j] > 0.0) ||
          !isfinite (lambda[j]) || !isfinite (rho[j]) || !isfinite (eta[j]))
        return FALSE;
      t[i] = log (lambda[j]);
      x[i] = log (rho[j]);
      y[i] = log (eta[j]);
      if (i > 0 && !(t[i] > t[i - 1]))
        return FALSE;
    }

  for (gsize i = 1; i < n; i++)
    length += hypot (x[i] - x[i - 1], y[i] - y[i - 1]);
  if (!(length > 0.0))
    return FALSE;
  start = 0;
  while (start + 1 < n && hypot (x[start + 1] - x[start], y[start + 1] - y[start]) < TRIM_FRACTION * length)
    start++;
  end = n - 1;
  while (end > start && hypot (x[end] - x[end - 1], y[end] - y[end - 1]) < TRIM_FRACTION * length)
    end--;
  /* The corner must lie strictly between the second and the last-but-one remaining point. */
  if (end < start + 3)
    return FALSE;
  k_points = end - start + 1;

  c.sx = gsl_spline_alloc (gsl_interp_cspline, k_points);
  c.sy = gsl_spline_alloc (gsl_interp_cspline, k_points);
  c.ax = gsl_interp_accel_alloc ();
  c.ay = gsl_interp_accel_alloc ();
  if (gsl_spline_init (c.sx, t + start, x + start, k_points) != GSL_SUCCESS ||
      gsl_spline_init (c.sy, t + start, y + start, k_points) != GSL_SUCCESS)
    goto out;

  n_samples = (k_points - 3) * SAMPLES_PER_INTERVAL + 1;
  kappa = g_new (double, n_samples);
  ts = g_new (double, n_samples);
  for (gsize i = 0; i < n_samples; i++)
    {
      ts[i] = t[start + 1] + (t[end - 1] - t[start + 1]) * (double) i / (double) (n_samples - 1);
      curve_tangent (&c, ts[i], &x1, &y1, &kappa[i]);
      if (kappa[i] > kappa[best])
        best = i;
    }
  /* A maximum on the edge of the searched range means the curve keeps bending beyond it. */
  if (!(kappa[best] > 0.0) || best == 0 || best == n_samples - 1)
    goto out;

  lo = best;
  while (lo > 0 && kappa[lo - 1] > 0.0)
    lo--;
  hi = best;
  while (hi + 1 < n_samples && kappa[hi + 1] > 0.0)
    hi++;
  curve_tangent (&c, ts[lo], &x1, &y1, &k);
  angle_lo = atan2 (y1, x1);
  curve_tangent (&c, ts[hi], &x1, &y1, &k);
  angle_hi = atan2 (y1, x1);
  /* Curvature is positive throughout, so the tangent turns anticlockwise by less than a turn. */
  turn = fmod (angle_hi - angle_lo + 4.0 * G_PI, 2.0 * G_PI);

  if (turn * 180.0 / G_PI < MIN_TURNING_DEGREES)
    goto out;
  *corner = exp (ts[best]);
  *turning = turn * 180.0 / G_PI;
  found = TRUE;

out:
  gsl_spline_free (c.sx);
  gsl_spline_free (c.sy);
  gsl_interp_accel_free (c.ax);
  gsl_interp_accel_free (c.ay);
  return found;
}

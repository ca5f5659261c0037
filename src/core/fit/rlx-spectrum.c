/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-spectrum.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-nnls.h"
#include "rlx-spectrum-private.h"

/* Bisection of the discrepancy equation stops at this relative width of the λ bracket. */
#define DISCREPANCY_RTOL 0.01
/* Kernels with less of their area inside the data window than this are left out of the grid:
   their weight would be fixed by a few points of noise at the window's edge. */
#define MIN_AREA_IN_WINDOW 0.05
/* rms/σ above this means the residual is structured, not noise (§6.3: 7–14 when E is 20–50 %
   too small; a unit between grid columns at W/4 spacing alone gives up to ~1.5 at 1 % noise). */
#define STRUCTURED_RMS_OVER_SIGMA 2.0
/* An L-curve whose tangent turns by less than this across its corner has no clear corner: a
   noise-limited peak on kernels that fit turns by 35–80°, misfit-dominated peaks by 2–25°. */
#define CLEAR_CORNER_DEGREES 20.0

void
rlx_spectrum_options_init (RlxSpectrumOptions *options)
{
  memset (options, 0, sizeof *options);
  options->regularisation = RLX_SPECTRUM_REG_SECOND_DIFFERENCE;
  options->lambda_method = RLX_SPECTRUM_LAMBDA_DISCREPANCY;
  options->lambda = 0.0;
  options->sigma = NAN;
  options->grid_fraction = 0.25;
  options->grid_margin = 1.0;
  options->n_lcurve = 24;
  options->max_columns = 400;
}

static const char * const reg_names[] = { "none", "identity", "second-difference" };
static const char * const lambda_names[] = { "fixed", "discrepancy", "lcurve", "gcv" };

const char *
rlx_spectrum_regularisation_to_string (RlxSpectrumRegularisation reg)
{
  return (guint) reg < G_N_ELEMENTS (reg_names) ? reg_names[reg] : "unknown";
}

gboolean
rlx_spectrum_regularisation_from_string (const char                *string,
                                         RlxSpectrumRegularisation *reg)
{
  for (guint i = 0; i < G_N_ELEMENTS (reg_names); i++)
    if (g_strcmp0 (string, reg_names[i]) == 0)
      {
        *reg = (RlxSpectrumRegularisation) i;
        return TRUE;
      }
  return FALSE;
}

const char *
rlx_spectrum_lambda_method_to_string (RlxSpectrumLambdaMethod method)
{
  return (guint) method < G_N_ELEMENTS (lambda_names) ? lambda_names[method] : "unknown";
}

gboolean
rlx_spectrum_lambda_method_from_string (const char              *string,
                                        RlxSpectrumLambdaMethod *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (lambda_names); i++)
    if (g_strcmp0 (string, lambda_names[i]) == 0)
      {
        *method = (RlxSpectrumLambdaMethod) i;
        return TRUE;
      }
  return FALSE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
rlx_spectrum_estimate_noise (const double *y,
                             gsize         n)
{
  g_autofree double *d = NULL;
  double median;

  if (y == NULL || n < 5)
    return NAN;

  d = g_new (double, n - 2);
  for (gsize i = 1; i + 1 < n; i++)
    d[i - 1] = fabs (y[i + 1] - 2.0 * y[i] + y[i - 1]);
  qsort (d, n - 2, sizeof (double), compare_doubles);
  median = (n - 2) % 2 == 1 ? d[(n - 2) / 2] : 0.5 * (d[(n - 2) / 2 - 1] + d[(n - 2) / 2]);

  /* MAD → σ for a normal distribution, then the 1/√6 of the second-difference filter. */
  return 1.482602218505602 * median / sqrt (6.0);
}

double *
rlx_spectrum_make_grid (const RlxSpectrumLaw *law,
                        double                t_min,
                        double                t_max,
                        double                fraction,
                        double                margin,
                        guint                 max_columns,
                        gsize                *n_grid,
                        GError              **error)
{
  g_autoptr(GArray) grid = g_array_new (FALSE, FALSE, sizeof (double));
  double w_lo, w_hi, lo, hi, tp;

  if (!(t_min > 0.0) || !(t_max > t_min) || !isfinite (t_max))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "The peak must span a positive temperature range in K (got %g–%g K)",
                   t_min, t_max);
      return NULL;
    }
  if (!(fraction > 0.0))
    fraction = 0.25;
  fraction = MAX (fraction, 0.2);
  if (!(margin >= 0.0))
    margin = 1.0;
  if (max_columns == 0)
    max_columns = 400;

  w_lo = rlx_debye_fwhm (t_min, rlx_spectrum_law_energy (law, t_min));
  w_hi = rlx_debye_fwhm (t_max, rlx_spectrum_law_energy (law, t_max));
  if (!isfinite (w_lo) || !isfinite (w_hi))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "The E(Tp) law gives no valid activation energy over %g–%g K; check τ0 and "
                   "the heating rate", t_min, t_max);
      return NULL;
    }
  lo = MAX (t_min - margin * w_lo, 0.5 * t_min);
  hi = t_max + margin * w_hi;

  for (tp = lo; tp <= hi + 1e-9; )
    {
      double e = rlx_spectrum_law_energy (law, tp);
      double w = rlx_debye_fwhm (tp, e);

      if (!isfinite (w) || w <= 0.0)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "The E(Tp) law gives no valid activation energy at Tp = %.2f K", tp);
          return NULL;
        }
      {
        double b = e / RLX_GAS_CONSTANT;
        double inside = exp (-rlx_debye_reduced_time (t_min, b, tp, 0.0)) -
                        exp (-rlx_debye_reduced_time (t_max, b, tp, 0.0));

        if (inside >= MIN_AREA_IN_WINDOW)
          g_array_append_val (grid, tp);
      }
      if (grid->len > max_columns)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "The kernel grid over %.1f–%.1f K needs more than %u columns at %.2f of "
                       "the kernel width; narrow the window or coarsen the grid",
                       lo, hi, max_columns, fraction);
          return NULL;
        }
      tp += fraction * w;
    }

  if (grid->len < 2)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "The window %.1f–%.1f K is too narrow for kernels of width %.1f K; widen it",
                   t_min, t_max, w_lo);
      return NULL;
    }
  *n_grid = grid->len;
  return (double *) g_array_free (g_steal_pointer (&grid), FALSE);
}

/* ---- compute ------------------------------------------------------------------------ */

typedef struct
{
  double t;
  double y;
} Sample;

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const Sample *sa = a;
  const Sample *sb = b;

  return (sa->t > sb->t) - (sa->t < sb->t);
}

/* Starts p->w from the stored L-curve solution nearest to λ (in log λ); FALSE if there is none. */
static gboolean
warm_from_lcurve (RlxSpectrumProblem *p,
                  const RlxSpectrumResult *r,
                  double             lambda)
{
  gsize best = 0;

  if (p->lcurve_w == NULL || !(lambda > 0.0))
    return FALSE;
  for (gsize i = 1; i < p->n_lcurve; i++)
    if (fabs (log (r->lcurve_lambda[i] / lambda)) < fabs (log (r->lcurve_lambda[best] / lambda)))
      best = i;
  memcpy (p->w->data, &p->lcurve_w[best * p->n], p->n * sizeof (double));
  return TRUE;
}

/*
 * The NNLS L-curve at n_points λ from hi down to lo, then its corner (rlx-spectrum-lcurve.c):
 * the NNLS solution at the corner λ is added to the curve as one more point, so that the
 * corner drawn is a solution, not an interpolation. *turning is how far the curve bends there
 * (degrees), NAN without a corner.
 */
static gboolean
compute_lcurve (RlxSpectrumProblem *p,
                RlxSpectrumResult *r,
                double             lo,
                double             hi,
                guint              n_points,
                double            *turning,
                GError           **error)
{
  double corner = NAN, rho, eta;
  gsize at;

  *turning = NAN;
  n_points = MAX (n_points, 3);
  r->n_lcurve = n_points;
  /* One spare row for the corner. */
  r->lcurve_lambda = g_new (double, n_points + 1);
  r->lcurve_residual = g_new (double, n_points + 1);
  r->lcurve_solution = g_new (double, n_points + 1);
  p->n_lcurve = n_points;
  p->lcurve_w = g_new (double, (gsize) (n_points + 1) * p->n);
  p->lcurve_passive = g_new (guint, n_points + 1);

  /* Decreasing λ, as GSL orders its L-curves; each solve starts from the previous one. */
  gsl_vector_set_zero (p->w);
  for (guint i = 0; i < n_points; i++)
    {
      double lambda = hi * pow (lo / hi, (double) i / (double) (n_points - 1));

      r->lcurve_lambda[i] = lambda;
      if (!rlx_spectrum_problem_solve (p, lambda, i > 0, FALSE, &r->lcurve_residual[i],
                                       &r->lcurve_solution[i], error))
        return FALSE;
      memcpy (&p->lcurve_w[(gsize) i * p->n], p->w->data, p->n * sizeof (double));
      p->lcurve_passive[i] = p->n_passive;
    }

  if (!rlx_spectrum_lcurve_corner (r->lcurve_lambda, r->lcurve_residual, r->lcurve_solution,
                                   n_points, &corner, turning))
    {
      *turning = NAN;
      return TRUE;
    }

  /* Scan index of the first λ below the corner; the corner goes just before it. */
  at = 0;
  while (at < n_points && r->lcurve_lambda[at] >= corner)
    at++;
  /* A corner on a scanned λ (to rounding) is that point. */
  for (gsize j = at > 0 ? at - 1 : 0; j <= at && j < n_points; j++)
    if (fabs (log (r->lcurve_lambda[j] / corner)) < 1e-9)
      {
        r->lcurve_corner = j;
        return TRUE;
      }
  warm_from_lcurve (p, r, corner);
  if (!rlx_spectrum_problem_solve (p, corner, TRUE, FALSE, &rho, &eta, error))
    return FALSE;
  memmove (&r->lcurve_lambda[at + 1], &r->lcurve_lambda[at], (n_points - at) * sizeof (double));
  memmove (&r->lcurve_residual[at + 1], &r->lcurve_residual[at], (n_points - at) * sizeof (double));
  memmove (&r->lcurve_solution[at + 1], &r->lcurve_solution[at], (n_points - at) * sizeof (double));
  memmove (&p->lcurve_passive[at + 1], &p->lcurve_passive[at], (n_points - at) * sizeof (guint));
  memmove (&p->lcurve_w[(at + 1) * p->n], &p->lcurve_w[at * p->n],
           (n_points - at) * p->n * sizeof (double));
  r->lcurve_lambda[at] = corner;
  r->lcurve_residual[at] = rho;
  r->lcurve_solution[at] = eta;
  p->lcurve_passive[at] = p->n_passive;
  memcpy (&p->lcurve_w[at * p->n], p->w->data, p->n * sizeof (double));
  r->n_lcurve = n_points + 1;
  p->n_lcurve = n_points + 1;
  r->lcurve_corner = at;
  return TRUE;
}

/*
 * ρ(λ) = ‖K w_λ − y‖ grows with λ. The discrepancy λ is the largest with ρ ≤ target, found to a
 * relative bracket of DISCREPANCY_RTOL with a feasible lower end. The L-curve (when computed)
 * already brackets it between two neighbouring λ; otherwise bisection in log λ narrows [lo, hi].
 * Inside a narrow bracket ln ρ is a smooth function of ln λ, so secant steps converge in a few
 * solves, each warm-started from the feasible end.
 */
static gboolean
discrepancy_lambda (RlxSpectrumProblem *p,
                    RlxSpectrumResult *r,
                    double             lo,
                    double             hi,
                    double            *lambda,
                    gsl_vector        *w_lambda,
                    GError           **error)
{
  double target = sqrt ((double) p->m) * r->sigma;
  double rho_lo, rho_hi, rho, eta, a, b, fa, fb, x_prev, f_prev, x_last, f_last;
  guint passive_lo;
  const double step = log1p (DISCREPANCY_RTOL);

  if (p->lcurve_w != NULL)
    {
      rho_lo = r->lcurve_residual[p->n_lcurve - 1];
      passive_lo = p->lcurve_passive[p->n_lcurve - 1];
    }
  else
    {
      gsl_vector_set_zero (p->w);
      if (!rlx_spectrum_problem_solve (p, lo, FALSE, FALSE, &rho_lo, &eta, error))
        return FALSE;
      passive_lo = p->n_passive;
      gsl_vector_memcpy (w_lambda, p->w);
    }

  /* The least regularised fit leaves ‖r‖ ≈ √(N − p)·σ, only p/2N below √N·σ, while a σ estimated
     from N points is uncertain by about 1/√(2N): a slightly low estimate would make the target
     unreachable. So an estimated σ is raised to what that fit's residual implies; the rms/σ
     diagnostic keeps the independent high-pass σ. */
  if (r->sigma_estimated && p->m > passive_lo)
    target = MAX (target, sqrt ((double) p->m) * rho_lo / sqrt ((double) (p->m - passive_lo)));
  r->discrepancy_target = target;

  if (rho_lo > target)
    {
      rlx_spectrum_result_add_warning (r, "discrepancy-unreachable",
        "Even the least regularised spectrum leaves a residual of %.3g, above √N·σ = %.3g: "
        "either σ is underestimated or the kernels cannot describe the peak (E(Tp) too large "
        "a width, i.e. E too small?). The smallest λ was used.", rho_lo, target);
      *lambda = lo;
      if (warm_from_lcurve (p, r, lo))
        gsl_vector_memcpy (w_lambda, p->w);
      return TRUE;
    }

  if (p->lcurve_w != NULL)
    rho_hi = r->lcurve_residual[0];
  else if (!rlx_spectrum_problem_solve (p, hi, TRUE, FALSE, &rho_hi, &eta, error))
    return FALSE;
  if (rho_hi <= target)
    {
      rlx_spectrum_result_add_warning (r, "discrepancy-saturated",
        "Even the most regularised spectrum fits within √N·σ = %.3g: σ is probably "
        "overestimated. The largest λ was used.", target);
      *lambda = hi;
      /* Without an L-curve, p->w is already the solution at hi. */
      warm_from_lcurve (p, r, hi);
      gsl_vector_memcpy (w_lambda, p->w);
      return TRUE;
    }

  /* Bracket [a, b] with ρ(a) ≤ target < ρ(b), in log λ; w_lambda holds the solution at a. */
  a = log (lo);
  b = log (hi);
  fa = log (rho_lo / target);
  fb = log (rho_hi / target);
  if (p->lcurve_w != NULL)
    {
      gsize i = 1;

      while (i + 1 < p->n_lcurve && r->lcurve_residual[i] > target)
        i++;
      a = log (r->lcurve_lambda[i]);
      fa = log (r->lcurve_residual[i] / target);
      b = log (r->lcurve_lambda[i - 1]);
      fb = log (r->lcurve_residual[i - 1] / target);
      memcpy (w_lambda->data, &p->lcurve_w[i * p->n], p->n * sizeof (double));
    }

  /* Secant steps through the two latest points, aimed half a tolerance below the root so that
     the feasible end lands next to it and one more solve a tolerance above closes the bracket;
     any step that would leave the bracket is a bisection. */
  x_prev = b;
  f_prev = fb;
  x_last = a;
  f_last = fa;
  while (b - a > step * (1.0 + 1e-9))
    {
      double x = 0.5 * (a + b), fx;

      if (b - a < log (4.0) && f_last != f_prev)
        {
          x = x_last - f_last * (x_last - x_prev) / (f_last - f_prev) - 0.5 * step;
          if (x <= a)
            x = MIN (a + step, 0.5 * (a + b));
          else if (x >= b)
            x = 0.5 * (a + b);
        }

      gsl_vector_memcpy (p->w, w_lambda);
      if (!rlx_spectrum_problem_solve (p, exp (x), TRUE, FALSE, &rho, &eta, error))
        return FALSE;
      fx = log (rho / target);
      if (rho <= target)
        {
          a = x;
          gsl_vector_memcpy (w_lambda, p->w);
        }
      else
        b = x;
      x_prev = x_last;
      f_prev = f_last;
      x_last = x;
      f_last = fx;
    }
  *lambda = exp (a);
  return TRUE;
}

RlxSpectrumResult *
rlx_spectrum_compute (const double             *t,
                      const double             *y,
                      gsize                     n,
                      const RlxSpectrumLaw     *law,
                      const RlxSpectrumOptions *options,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_autoptr(RlxSpectrumResult) r = NULL;
  g_autoptr(GArray) samples = NULL;
  RlxSpectrumOptions defaults;
  RlxSpectrumProblem p = { 0 };
  double lo = 0.0, hi = 0.0, lambda = 0.0, rho = 0.0, eta = 0.0, turning = NAN;
  gboolean ok = FALSE, warm = FALSE;
  gsl_vector *w_start = NULL;

  g_return_val_if_fail (law != NULL, NULL);

  if (options == NULL)
    {
      rlx_spectrum_options_init (&defaults);
      options = &defaults;
    }

  if (t == NULL || y == NULL || n < 5)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "A spectrum needs a peak of at least 5 points (got %zu)", n);
      return NULL;
    }

  samples = g_array_sized_new (FALSE, FALSE, sizeof (Sample), n);
  for (gsize i = 0; i < n; i++)
    {
      Sample s = { t[i], y[i] };

      if (!isfinite (s.t) || !isfinite (s.y) || s.t <= 0.0)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "Peak point %zu (T = %g K, y = %g) is not usable: T must be a positive "
                       "temperature in K and both values finite", i + 1, s.t, s.y);
          return NULL;
        }
      g_array_append_val (samples, s);
    }
  g_array_sort (samples, compare_samples);

  r = g_new0 (RlxSpectrumResult, 1);
  r->law = rlx_spectrum_law_copy (law);
  r->regularisation = options->regularisation;
  r->lambda_method = options->regularisation == RLX_SPECTRUM_REG_NONE ?
                     RLX_SPECTRUM_LAMBDA_FIXED : options->lambda_method;
  r->grid_fraction = MAX (options->grid_fraction > 0.0 ? options->grid_fraction : 0.25, 0.2);
  r->lcurve_corner = G_MAXSIZE;
  r->gcv_lambda = NAN;
  r->discrepancy_target = NAN;
  r->warnings = g_ptr_array_new ();
  r->components = g_array_new (FALSE, FALSE, sizeof (RlxSpectrumComponent));
  memset (&r->comparison, 0, sizeof r->comparison);

  r->n_points = n;
  r->t = g_new (double, n);
  r->y = g_new (double, n);
  r->fit = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      r->t[i] = g_array_index (samples, Sample, i).t;
      r->y[i] = g_array_index (samples, Sample, i).y;
    }

  if (options->tp_grid != NULL && options->n_tp_grid > 0)
    {
      r->n_grid = options->n_tp_grid;
      r->tp = g_memdup2 (options->tp_grid, r->n_grid * sizeof (double));
      r->grid_fraction = NAN;
    }
  else
    {
      r->tp = rlx_spectrum_make_grid (law, r->t[0], r->t[n - 1], r->grid_fraction,
                                      options->grid_margin, options->max_columns, &r->n_grid, error);
      if (r->tp == NULL)
        return NULL;
    }
  r->e = g_new (double, r->n_grid);
  r->w = g_new0 (double, r->n_grid);
  for (gsize j = 0; j < r->n_grid; j++)
    {
      r->e[j] = rlx_spectrum_law_energy (law, r->tp[j]);
      if (!(r->e[j] > 0.0) || !isfinite (r->e[j]) || !(r->tp[j] > 0.0))
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "Grid column %zu (Tp = %g K) has no valid activation energy", j + 1, r->tp[j]);
          return NULL;
        }
    }

  r->sigma = options->sigma;
  if (!(r->sigma > 0.0) || !isfinite (r->sigma))
    {
      r->sigma = rlx_spectrum_estimate_noise (r->y, n);
      r->sigma_estimated = TRUE;
      if (!(r->sigma > 0.0))
        {
          /* Noise-free (e.g. synthetic) data: anything relative is meaningless; keep a tiny
             floor so the discrepancy principle still has a target. */
          double ymax = 0.0;

          for (gsize i = 0; i < n; i++)
            ymax = MAX (ymax, fabs (r->y[i]));
          r->sigma = MAX (ymax, G_MINDOUBLE) * 1e-12;
        }
    }

  p.cancellable = cancellable;
  if (!rlx_spectrum_problem_init (&p, r->t, r->y, n, r->tp, r->e, r->n_grid, r->regularisation, error))
    goto out;

  if (r->regularisation == RLX_SPECTRUM_REG_NONE)
    lambda = 0.0;
  else
    {
      /* GCV's SVD gives the λ range too. */
      if (r->lambda_method == RLX_SPECTRUM_LAMBDA_GCV)
        {
          if (!rlx_spectrum_problem_gcv (&p, &r->gcv_lambda, error))
            goto out;
        }
      if (!rlx_spectrum_problem_lambda_range (&p, &lo, &hi, error))
        goto out;

      if (options->n_lcurve > 0 || r->lambda_method == RLX_SPECTRUM_LAMBDA_LCURVE)
        if (!compute_lcurve (&p, r, lo, hi, options->n_lcurve > 0 ? options->n_lcurve : 24,
                             &turning, error))
          goto out;

      switch (r->lambda_method)
        {
        case RLX_SPECTRUM_LAMBDA_FIXED:
          lambda = options->lambda;
          if (!(lambda >= 0.0) || !isfinite (lambda))
            {
              g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                           "λ = %g is not a non-negative number", lambda);
              goto out;
            }
          break;
        case RLX_SPECTRUM_LAMBDA_DISCREPANCY:
          w_start = gsl_vector_alloc (p.n);
          if (!discrepancy_lambda (&p, r, lo, hi, &lambda, w_start, error))
            goto out;
          break;
        case RLX_SPECTRUM_LAMBDA_LCURVE:
          if (r->lcurve_corner == G_MAXSIZE)
            {
              rlx_spectrum_result_add_warning (r, "lcurve-no-corner",
                "The L-curve has no corner: it does not bend towards an L anywhere inside the "
                "scanned λ range (%.3g–%.3g), so it cannot pick λ. The discrepancy λ was used "
                "instead.", lo, hi);
              r->lambda_method = RLX_SPECTRUM_LAMBDA_DISCREPANCY;
              w_start = gsl_vector_alloc (p.n);
              if (!discrepancy_lambda (&p, r, lo, hi, &lambda, w_start, error))
                goto out;
              break;
            }
          lambda = r->lcurve_lambda[r->lcurve_corner];
          if (turning < CLEAR_CORNER_DEGREES)
            rlx_spectrum_result_add_warning (r, "lcurve-weak-corner",
              "The L-curve bends by only %.0f° at its corner (λ = %.3g): the corner is poorly "
              "defined, usually because the residual is set by misfit rather than noise or "
              "because positivity alone already regularises the spectrum. Prefer the "
              "discrepancy λ.", turning, lambda);
          break;
        case RLX_SPECTRUM_LAMBDA_GCV:
          lambda = r->gcv_lambda;
          break;
        default:
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "Unknown λ selection method");
          goto out;
        }
    }
  r->lambda = lambda;

  /* The final solve starts from the nearest solution already found and ends with the QR
     refinement. */
  if (w_start != NULL)
    {
      gsl_vector_memcpy (p.w, w_start);
      warm = TRUE;
    }
  else
    warm = warm_from_lcurve (&p, r, lambda);
  if (!warm)
    gsl_vector_set_zero (p.w);
  if (!rlx_spectrum_problem_solve (&p, lambda, warm, TRUE, &rho, &eta, error))
    goto out;
  for (gsize j = 0; j < r->n_grid; j++)
    r->w[j] = gsl_vector_get (p.w, j);
  r->residual_norm = rho;
  r->solution_seminorm = eta;
  r->nnls_iterations = p.iterations;
  rlx_spectrum_problem_fit (&p, r->w, r->fit);
  ok = TRUE;

out:
  rlx_spectrum_problem_clear (&p);
  g_clear_pointer (&w_start, gsl_vector_free);
  if (!ok)
    return NULL;

  {
    double sum = 0.0, stp = 0.0, se = 0.0;

    for (gsize j = 0; j < r->n_grid; j++)
      {
        sum += r->w[j];
        stp += r->w[j] * r->tp[j];
        se += r->w[j] * r->e[j];
      }
    r->total = sum;
    r->mean_tp = sum > 0.0 ? stp / sum : NAN;
    r->mean_e = sum > 0.0 ? se / sum : NAN;
  }
  r->rms = r->residual_norm / sqrt ((double) n);
  r->rms_over_sigma = r->rms / r->sigma;

  g_array_unref (r->components);
  r->components = rlx_spectrum_find_components (r->tp, r->e, r->w, r->n_grid, 0.01, &r->n_clusters);

  if (!(r->total > 0.0))
    rlx_spectrum_result_add_warning (r, "empty-spectrum",
      "All weights are zero: the peak is not positive anywhere the kernels reach. Check the sign "
      "convention (endothermic positive) and the baseline.");
  if (r->rms_over_sigma > STRUCTURED_RMS_OVER_SIGMA)
    rlx_spectrum_result_add_warning (r, "structured-residuals",
      "rms/σ = %.2f ≫ 1: the residual is structured. The peak is narrower than the kernels allow "
      "(assumed E too small), or σ is underestimated.", r->rms_over_sigma);
  if (r->total > 0.0 && r->n_grid > 1 &&
      (r->w[0] > 0.01 * r->total || r->w[r->n_grid - 1] > 0.01 * r->total))
    rlx_spectrum_result_add_warning (r, "edge-weight",
      "The spectrum has weight at the edge of the grid (%.1f or %.1f K): part of the relaxation "
      "lies outside the window; widen it.", r->tp[0], r->tp[r->n_grid - 1]);
  if (r->n_clusters > r->components->len)
    rlx_spectrum_result_add_warning (r, "satellites-pruned",
      "%u small cluster(s) below 1 %% of the area were not counted as components.",
      r->n_clusters - r->components->len);

  return g_steal_pointer (&r);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fit"

#include "config.h"

#include "rlx-fit.h"

#include <math.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_rng.h>

#include "rlx-core.h"
#include "rlx-fit-private.h"

/* A residual this large makes the trust region reject a step outside the model's domain. */
#define OUT_OF_DOMAIN 1e100

typedef enum
{
  XFORM_NONE,
  XFORM_LOWER,
  XFORM_UPPER,
  XFORM_BOTH,
} Xform;

typedef struct
{
  const RlxFitRequest *req;
  const RlxModel      *model;
  gsize                n;
  double              *x;
  double              *y;
  double              *sw;        /* √weight */
  guint                np;
  double              *p;         /* full parameter vector, original scale */
  guint                n_nl;
  guint               *nl;        /* indices of the parameters the trust region moves */
  Xform               *xform;
  guint                n_lin;
  guint               *lin;       /* indices eliminated by variable projection */
  int                 *nl_amp;    /* per moved parameter: position in lin of its component's
                                     amplitude, or −1 when that amplitude is not projected */
  double              *f;         /* n */
  double              *jac;       /* n × np */
  /* variable projection */
  gsl_matrix          *qr;
  gsl_vector          *tau;
  gsl_vector          *rhs;
  gsl_vector          *coef;
  gsl_vector          *lsres;
  gsl_vector          *work;
  double              *cache_theta;
  gboolean             cache_valid;
  gboolean             cache_ok;
} Ctx;

static double
to_param (Xform   x,
          double  lo,
          double  hi,
          double  theta,
          double *dp)
{
  switch (x)
    {
    case XFORM_LOWER:
      {
        double r = sqrt (theta * theta + 1.0);
        if (dp) *dp = theta / r;
        return lo - 1.0 + r;
      }
    case XFORM_UPPER:
      {
        double r = sqrt (theta * theta + 1.0);
        if (dp) *dp = -theta / r;
        return hi + 1.0 - r;
      }
    case XFORM_BOTH:
      if (dp) *dp = 0.5 * (hi - lo) * cos (theta);
      return lo + 0.5 * (hi - lo) * (sin (theta) + 1.0);
    case XFORM_NONE:
    default:
      if (dp) *dp = 1.0;
      return theta;
    }
}

static double
to_theta (Xform  x,
          double lo,
          double hi,
          double p)
{
  switch (x)
    {
    case XFORM_LOWER:
      {
        double d = p - lo + 1.0;
        return sqrt (MAX (d * d - 1.0, 0.0));
      }
    case XFORM_UPPER:
      {
        double d = hi - p + 1.0;
        return sqrt (MAX (d * d - 1.0, 0.0));
      }
    case XFORM_BOTH:
      return asin (CLAMP (2.0 * (p - lo) / (hi - lo) - 1.0, -1.0, 1.0));
    case XFORM_NONE:
    default:
      return p;
    }
}

/* Starting values sit strictly inside their bounds, where the transformation is not flat. */
static double
nudge_inside (double p,
              double lo,
              double hi)
{
  double span = (isfinite (lo) && isfinite (hi)) ? hi - lo : MAX (fabs (p), 1.0);
  double margin = 1e-3 * span;

  if (isfinite (lo) && p < lo + margin)
    p = lo + margin;
  if (isfinite (hi) && p > hi - margin)
    p = hi - margin;
  return p;
}

static void
set_theta (Ctx              *ctx,
           const gsl_vector *theta,
           double           *dp)
{
  for (guint k = 0; k < ctx->n_nl; k++)
    {
      guint i = ctx->nl[k];
      ctx->p[i] = to_param (ctx->xform[k], ctx->req->lower[i], ctx->req->upper[i],
                            gsl_vector_get (theta, k), dp != NULL ? &dp[k] : NULL);
    }
}

/* Solves the projected linear parameters for the current nonlinear ones; fills the residual
   √w·(f − y) when r is given. */
static gboolean
project (Ctx        *ctx,
         gsl_vector *r)
{
  gsize n = ctx->n;

  /* With every projected coefficient at 1, one evaluation gives the basis (their Jacobian
     columns), the rest of the model (f minus the basis) and, kept in ctx->jac for
     residual_df(), the nonlinear columns up to the factor of their component's amplitude. */
  for (guint k = 0; k < ctx->n_lin; k++)
    ctx->p[ctx->lin[k]] = 1.0;
  if (!rlx_model_evaluate (ctx->model, ctx->p, ctx->x, n, ctx->f, ctx->jac))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      double f0 = ctx->f[i];
      for (guint k = 0; k < ctx->n_lin; k++)
        {
          double phi = ctx->jac[i * ctx->np + ctx->lin[k]];
          gsl_matrix_set (ctx->qr, i, k, ctx->sw[i] * phi);
          f0 -= phi;
        }
      gsl_vector_set (ctx->rhs, i, ctx->sw[i] * (ctx->y[i] - f0));
    }
  if (gsl_linalg_QR_decomp (ctx->qr, ctx->tau) != GSL_SUCCESS ||
      gsl_linalg_QR_lssolve (ctx->qr, ctx->tau, ctx->rhs, ctx->coef, ctx->lsres) != GSL_SUCCESS)
    return FALSE;
  for (guint k = 0; k < ctx->n_lin; k++)
    {
      double c = gsl_vector_get (ctx->coef, k);
      if (!isfinite (c))
        return FALSE;
      ctx->p[ctx->lin[k]] = c;
    }
  if (r != NULL)
    for (gsize i = 0; i < n; i++)
      gsl_vector_set (r, i, -gsl_vector_get (ctx->lsres, i));
  return TRUE;
}

static int
residual_f (const gsl_vector *theta,
            void             *data,
            gsl_vector       *r)
{
  Ctx *ctx = data;
  gboolean ok;

  set_theta (ctx, theta, NULL);
  if (ctx->n_lin > 0)
    {
      ok = project (ctx, r);
      for (guint k = 0; k < ctx->n_nl; k++)
        ctx->cache_theta[k] = gsl_vector_get (theta, k);
      ctx->cache_valid = TRUE;
      ctx->cache_ok = ok;
    }
  else
    {
      ok = rlx_model_evaluate (ctx->model, ctx->p, ctx->x, ctx->n, ctx->f, NULL);
      if (ok)
        for (gsize i = 0; i < ctx->n; i++)
          gsl_vector_set (r, i, ctx->sw[i] * (ctx->f[i] - ctx->y[i]));
    }

  if (!ok)
    gsl_vector_set_all (r, OUT_OF_DOMAIN);
  if (getenv ("RLX_TRACE")) { double nn = gsl_blas_dnrm2 (r); fprintf (stderr, "f: E=%.10g Tp=%.10g chi2=%.10g\n", ctx->p[1], ctx->p[2], nn*nn); }
  return GSL_SUCCESS;
}

static int
residual_df (const gsl_vector *theta,
             void             *data,
             gsl_matrix       *jmat)
{
  Ctx *ctx = data;
  if (getenv ("RLX_TRACE")) fprintf (stderr, "df\n");
  g_autofree double *dp = g_new (double, MAX (ctx->n_nl, 1));
  gboolean same = ctx->cache_valid;

  if (ctx->n_lin > 0)
    {
      for (guint k = 0; k < ctx->n_nl && same; k++)
        same = ctx->cache_theta[k] == gsl_vector_get (theta, k);
      if (!same)
        {
          set_theta (ctx, theta, NULL);
          ctx->cache_ok = project (ctx, NULL);
          for (guint k = 0; k < ctx->n_nl; k++)
            ctx->cache_theta[k] = gsl_vector_get (theta, k);
          ctx->cache_valid = TRUE;
        }
      if (!ctx->cache_ok)
        return GSL_EDOM;
    }

  set_theta (ctx, theta, dp);
  if (ctx->n_lin > 0)
    {
      /* ctx->jac holds the columns at unit amplitudes (see project()) */
      for (guint k = 0; k < ctx->n_nl; k++)
        if (ctx->nl_amp[k] >= 0)
          dp[k] *= gsl_vector_get (ctx->coef, ctx->nl_amp[k]);
    }
  else if (!rlx_model_evaluate (ctx->model, ctx->p, ctx->x, ctx->n, ctx->f, ctx->jac))
    return GSL_EDOM;

  for (gsize i = 0; i < ctx->n; i++)
    for (guint k = 0; k < ctx->n_nl; k++)
      gsl_matrix_set (jmat, i, k, ctx->sw[i] * ctx->jac[i * ctx->np + ctx->nl[k]] * dp[k]);

  /* Kaufman's variable-projection Jacobian: the part orthogonal to the span of the linear
     basis, P⊥·√W·∂f/∂θ. */
  if (ctx->n_lin > 0)
    for (guint k = 0; k < ctx->n_nl; k++)
      {
        gsl_vector_view col = gsl_matrix_column (jmat, k);
        gsl_vector_memcpy (ctx->work, &col.vector);
        gsl_linalg_QR_QTvec (ctx->qr, ctx->tau, ctx->work);
        for (guint m = 0; m < ctx->n_lin; m++)
          gsl_vector_set (ctx->work, m, 0.0);
        gsl_linalg_QR_Qvec (ctx->qr, ctx->tau, ctx->work);
        gsl_vector_memcpy (&col.vector, ctx->work);
      }
  return GSL_SUCCESS;
}

static void
ctx_clear (Ctx *ctx)
{
  g_free (ctx->x);
  g_free (ctx->y);
  g_free (ctx->sw);
  g_free (ctx->p);
  g_free (ctx->nl);
  g_free (ctx->xform);
  g_free (ctx->lin);
  g_free (ctx->nl_amp);
  g_free (ctx->f);
  g_free (ctx->jac);
  g_free (ctx->cache_theta);
  g_clear_pointer (&ctx->qr, gsl_matrix_free);
  g_clear_pointer (&ctx->tau, gsl_vector_free);
  g_clear_pointer (&ctx->rhs, gsl_vector_free);
  g_clear_pointer (&ctx->coef, gsl_vector_free);
  g_clear_pointer (&ctx->lsres, gsl_vector_free);
  g_clear_pointer (&ctx->work, gsl_vector_free);
}

static RlxFitResult *
fail_result (const RlxFitRequest *req,
             const double        *p,
             RlxFitStatus         status,
             const char          *format,
             ...) G_GNUC_PRINTF (4, 5);

static RlxFitResult *
fail_result (const RlxFitRequest *req,
             const double        *p,
             RlxFitStatus         status,
             const char          *format,
             ...)
{
  RlxFitResult *result = rlx_fit_result_new_empty (req->model);
  guint np = rlx_model_get_n_params (req->model);
  g_autofree double *values = g_new (double, np);
  va_list args;

  for (guint i = 0; i < np; i++)
    values[i] = req->fixed[i] ? req->fixed_value[i] : p != NULL ? p[i] : NAN;
  rlx_fit_result_set_params (result, req->model, values, NULL, req->fixed, NULL);
  result->status = status;
  va_start (args, format);
  result->message = g_strdup_vprintf (format, args);
  va_end (args);
  return result;
}

static gboolean
in_use (const RlxFitRequest *req,
        double               x)
{
  if (isfinite (req->window_lo) && x < req->window_lo)
    return FALSE;
  if (isfinite (req->window_hi) && x > req->window_hi)
    return FALSE;
  for (guint k = 0; k + 1 < req->masks->len; k += 2)
    if (x >= g_array_index (req->masks, double, k) && x <= g_array_index (req->masks, double, k + 1))
      return FALSE;
  return TRUE;
}

typedef struct
{
  RlxFitStatus  status;
  guint         iterations;
  double        chi2;
  char         *message;
} RunOutcome;

/* One trust-region run from the current ctx->p; leaves the solution in ctx->p. */
static RunOutcome
run_once (Ctx                *ctx,
          GCancellable       *cancellable,
          RlxFitProgressFunc  progress,
          gpointer            progress_data,
          guint              *iteration_base)
{
  RunOutcome out = { RLX_FIT_STATUS_MAX_ITERATIONS, 0, NAN, NULL };
  gsl_multifit_nlinear_parameters fparams = gsl_multifit_nlinear_default_parameters ();
  gsl_multifit_nlinear_fdf fdf = { 0 };
  gsl_multifit_nlinear_workspace *w;
  g_autofree double *previous = NULL;
  guint still_count = 0;
  gsl_vector *theta0;
  int status;

  fparams.trs = ctx->req->method == RLX_FIT_METHOD_LM_ACCEL
                ? gsl_multifit_nlinear_trs_lmaccel : gsl_multifit_nlinear_trs_lm;
  fdf.f = residual_f;
  fdf.df = residual_df;
  fdf.fvv = NULL;
  fdf.n = ctx->n;
  fdf.p = ctx->n_nl;
  fdf.params = ctx;

  theta0 = gsl_vector_alloc (ctx->n_nl);
  for (guint k = 0; k < ctx->n_nl; k++)
    {
      guint i = ctx->nl[k];
      gsl_vector_set (theta0, k, to_theta (ctx->xform[k], ctx->req->lower[i], ctx->req->upper[i], ctx->p[i]));
    }

  w = gsl_multifit_nlinear_alloc (gsl_multifit_nlinear_trust, &fparams, ctx->n, ctx->n_nl);
  ctx->cache_valid = FALSE;
  status = gsl_multifit_nlinear_init (theta0, &fdf, w);
  gsl_vector_free (theta0);
  if (status != GSL_SUCCESS)
    {
      gsl_multifit_nlinear_free (w);
      out.status = RLX_FIT_STATUS_FAILED;
      out.message = g_strdup_printf ("The fit could not start: %s.", gsl_strerror (status));
      return out;
    }

  previous = g_new (double, ctx->n_nl);
  for (guint k = 0; k < ctx->n_nl; k++)
    previous[k] = ctx->p[ctx->nl[k]];

  for (guint iter = 1; iter <= ctx->req->max_iterations; iter++)
    {
      int info = 0;
      double chi2;

      if (g_cancellable_is_cancelled (cancellable))
        {
          out.status = RLX_FIT_STATUS_CANCELLED;
          out.message = g_strdup ("The fit was cancelled.");
          break;
        }

      status = gsl_multifit_nlinear_iterate (w);
      out.iterations = iter;
      if (status == GSL_ENOPROG)
        {
          if (iter == 1)
            {
              out.status = RLX_FIT_STATUS_NO_PROGRESS;
              out.message = g_strdup ("No step from the starting values lowers χ²: check the "
                                      "starting values, the fit window and the model.");
              break;
            }
          /* Earlier steps succeeded and none lowers χ² any more. That is a minimum reached to
             machine precision only if the gradient and the last step are small; otherwise the
             solver is stuck and says so. */
          if (gsl_multifit_nlinear_test (1e-8, 1e-8, 0.0, &info, w) == GSL_SUCCESS)
            out.status = RLX_FIT_STATUS_CONVERGED;
          else
            {
              out.status = RLX_FIT_STATUS_NO_PROGRESS;
              out.message = g_strdup_printf ("The fit stalled at iteration %u: no step lowers χ² "
                                             "but the gradient is not small. Try other starting "
                                             "values or the other trust-region method.", iter);
            }
          break;
        }
      if (status != GSL_SUCCESS)
        {
          out.status = RLX_FIT_STATUS_FAILED;
          out.message = g_strdup_printf ("The trust-region step failed (%s) at iteration %u; the "
                                         "model could not be evaluated there.", gsl_strerror (status), iter);
          break;
        }

      {
        double norm = gsl_blas_dnrm2 (gsl_multifit_nlinear_residual (w));
        chi2 = norm * norm;
      }
      if (progress != NULL)
        progress (*iteration_base + iter, chi2, progress_data);

      status = gsl_multifit_nlinear_test (ctx->req->xtol, ctx->req->gtol, ctx->req->ftol, &info, w);
      if (status == GSL_SUCCESS)
        {
          out.status = RLX_FIT_STATUS_CONVERGED;
          break;
        }

      /* At a bound the transformation is flat, so θ may wobble around the bound while the
         parameters themselves no longer move: test the step on the original scale there. */
      {
        gboolean near_bound = FALSE, still = TRUE;

        set_theta (ctx, gsl_multifit_nlinear_position (w), NULL);
        for (guint k = 0; k < ctx->n_nl; k++)
          {
            guint i = ctx->nl[k];
            double lo = ctx->req->lower[i], hi = ctx->req->upper[i], p = ctx->p[i];
            double span = (isfinite (lo) && isfinite (hi)) ? hi - lo : MAX (fabs (p), 1.0);

            if ((isfinite (lo) && p - lo <= 1e-6 * span) || (isfinite (hi) && hi - p <= 1e-6 * span))
              near_bound = TRUE;
            if (fabs (p - previous[k]) > 1e-8 * (fabs (p) + 1e-8))
              still = FALSE;
            previous[k] = p;
          }
        still_count = (near_bound && still) ? still_count + 1 : 0;
        if (still_count >= 3)
          {
            out.status = RLX_FIT_STATUS_CONVERGED;
            break;
          }
      }
    }
  if (out.status == RLX_FIT_STATUS_MAX_ITERATIONS)
    out.message = g_strdup_printf ("Stopped after the maximum of %u iterations without meeting "
                                   "the convergence tests; the values are the last iterate.",
                                   ctx->req->max_iterations);
  *iteration_base += out.iterations;

  /* Leave the final position (and the projected amplitudes) in ctx->p. */
  {
    gsl_vector *theta = gsl_multifit_nlinear_position (w);
    gsl_vector *r = gsl_vector_alloc (ctx->n);
    double norm;

    gboolean same = TRUE;

    /* The last evaluation may have been a rejected trial; reuse it only if it is the position. */
    if (ctx->n_lin > 0)
      {
        same = ctx->cache_valid && ctx->cache_ok;
        for (guint k = 0; k < ctx->n_nl && same; k++)
          same = ctx->cache_theta[k] == gsl_vector_get (theta, k);
      }
    if (same)
      {
        set_theta (ctx, theta, NULL);
        for (guint k = 0; k < ctx->n_lin; k++)
          ctx->p[ctx->lin[k]] = gsl_vector_get (ctx->coef, k);
        norm = gsl_blas_dnrm2 (gsl_multifit_nlinear_residual (w));
      }
    else
      {
        residual_f (theta, ctx, r);
        norm = gsl_blas_dnrm2 (r);
      }
    out.chi2 = norm * norm;
    gsl_vector_free (r);
  }
  gsl_multifit_nlinear_free (w);
  return out;
}

/* Covariance over the free parameters (original scale), unscaled (JᵀWJ)⁻¹; FALSE if singular. */
static gboolean
covariance (Ctx            *ctx,
            const gboolean *free_param,
            double         *cov,
            gboolean       *evaluated)
{
  guint np = ctx->np, k = 0;
  g_autofree guint *idx = g_new (guint, np);
  gsl_matrix *m;
  g_autofree double *d = NULL;
  gboolean ok = TRUE;

  memset (cov, 0, sizeof (double) * np * np);
  for (guint i = 0; i < np; i++)
    if (free_param[i])
      idx[k++] = i;
  /* ctx->f is the model at the solution afterwards, for the result */
  *evaluated = rlx_model_evaluate (ctx->model, ctx->p, ctx->x, ctx->n, ctx->f, ctx->jac);
  if (!*evaluated)
    return FALSE;
  if (k == 0)
    return TRUE;

  m = gsl_matrix_calloc (k, k);
  for (gsize i = 0; i < ctx->n; i++)
    {
      double w = ctx->sw[i] * ctx->sw[i];
      const double *row = ctx->jac + i * np;
      for (guint a = 0; a < k; a++)
        for (guint b = 0; b <= a; b++)
          *gsl_matrix_ptr (m, a, b) += w * row[idx[a]] * row[idx[b]];
    }
  d = g_new (double, k);
  for (guint a = 0; a < k; a++)
    {
      double diag = gsl_matrix_get (m, a, a);
      if (!(diag > 0.0) || !isfinite (diag))
        ok = FALSE;
      d[a] = diag > 0.0 ? 1.0 / sqrt (diag) : 0.0;
    }
  /* Scaling to unit diagonal makes the Cholesky test a test of correlation, not of units. */
  for (guint a = 0; a < k && ok; a++)
    for (guint b = 0; b <= a; b++)
      {
        double v = gsl_matrix_get (m, a, b) * d[a] * d[b];
        gsl_matrix_set (m, a, b, v);
        gsl_matrix_set (m, b, a, v);
      }
  if (ok && gsl_linalg_cholesky_decomp1 (m) != GSL_SUCCESS)
    ok = FALSE;
  if (ok)
    {
      /* reject near-singular: condition ≳ 1e14 of the scaled matrix */
      double dmin = INFINITY, dmax = 0.0;
      for (guint a = 0; a < k; a++)
        {
          double v = gsl_matrix_get (m, a, a);
          dmin = MIN (dmin, v);
          dmax = MAX (dmax, v);
        }
      if (!(dmin > 1e-7 * dmax))
        ok = FALSE;
    }
  if (ok && gsl_linalg_cholesky_invert (m) != GSL_SUCCESS)
    ok = FALSE;
  if (ok)
    for (guint a = 0; a < k; a++)
      for (guint b = 0; b < k; b++)
        cov[idx[a] * np + idx[b]] = gsl_matrix_get (m, a, b) * d[a] * d[b];
  gsl_matrix_free (m);
  return ok;
}

static RlxFitResult *
finish_result (Ctx            *ctx,
               RunOutcome     *outcome,
               const gboolean *free_param,
               guint           n_free)
{
  const RlxFitRequest *req = ctx->req;
  RlxFitResult *result = rlx_fit_result_new_empty (req->model);
  guint np = ctx->np;
  g_autofree double *cov = g_new0 (double, np * np);
  g_autofree double *stderrs = g_new (double, np);
  g_autofree gboolean *fixed = g_new (gboolean, np);
  g_autofree gboolean *at_bound = g_new0 (gboolean, np);
  g_autoptr(GString) bound_names = g_string_new (NULL);
  g_autoptr(GString) message = g_string_new (outcome->message);
  double chi2 = 0.0, ss_tot = 0.0, wsum = 0.0, ymean = 0.0, scale;
  gboolean cov_ok, evaluated = FALSE;
  gsize n = ctx->n;

  for (guint i = 0; i < np; i++)
    fixed[i] = !free_param[i];

  result->n_points = n;
  result->x = g_memdup2 (ctx->x, n * sizeof (double));
  result->y = g_memdup2 (ctx->y, n * sizeof (double));
  result->residuals = g_new (double, n);
  cov_ok = covariance (ctx, free_param, cov, &evaluated);
  result->fit = g_memdup2 (ctx->f, n * sizeof (double));
  if (!evaluated)
    {
      outcome->status = RLX_FIT_STATUS_FAILED;
      g_string_append (message, message->len ? " " : "");
      g_string_append (message, "The model is not finite at the final parameters.");
    }
  for (gsize i = 0; i < n; i++)
    {
      double w = ctx->sw[i] * ctx->sw[i];
      result->residuals[i] = ctx->y[i] - result->fit[i];
      chi2 += w * result->residuals[i] * result->residuals[i];
      wsum += w;
      ymean += w * ctx->y[i];
    }
  ymean /= wsum;
  for (gsize i = 0; i < n; i++)
    ss_tot += ctx->sw[i] * ctx->sw[i] * (ctx->y[i] - ymean) * (ctx->y[i] - ymean);

  result->dof = (int) n - (int) n_free;
  result->chi2 = chi2;
  result->reduced_chi2 = result->dof > 0 ? chi2 / result->dof : NAN;
  result->aic = n * log (chi2 / n) + 2.0 * n_free;
  result->bic = n * log (chi2 / n) + n_free * log ((double) n);
  result->r2 = ss_tot > 0.0 ? 1.0 - chi2 / ss_tot : NAN;
  result->iterations = outcome->iterations;

  scale = req->scale_covariance ? result->reduced_chi2 : 1.0;
  for (guint i = 0; i < np * np; i++)
    cov[i] *= scale;
  for (guint i = 0; i < np; i++)
    stderrs[i] = (free_param[i] && cov_ok) ? sqrt (cov[i * np + i]) : NAN;
  if (!cov_ok && n_free > 0)
    {
      g_string_append (message, message->len ? " " : "");
      g_string_append (message, "The data do not determine all free parameters (singular "
                       "covariance), so no standard errors are given: fix a parameter, widen "
                       "the fit window or use a simpler model.");
    }

  for (guint k = 0; k < ctx->n_nl; k++)
    {
      guint i = ctx->nl[k];
      double lo = req->lower[i], hi = req->upper[i], p = ctx->p[i];
      double span = (isfinite (lo) && isfinite (hi)) ? hi - lo : MAX (fabs (p), 1.0);
      double tol = 1e-6 * span;

      if ((isfinite (lo) && p - lo <= tol) || (isfinite (hi) && hi - p <= tol))
        {
          at_bound[i] = TRUE;
          g_string_append_printf (bound_names, "%s%s", bound_names->len ? ", " : "",
                                  rlx_model_get_param (req->model, i)->name);
        }
    }
  if (bound_names->len > 0 && outcome->status == RLX_FIT_STATUS_CONVERGED)
    {
      outcome->status = RLX_FIT_STATUS_AT_BOUND;
      g_string_append (message, message->len ? " " : "");
      g_string_append_printf (message, "Converged with %s at a bound: the data push past the "
                              "allowed range; widen the bounds or reconsider the model.",
                              bound_names->str);
    }

  rlx_fit_result_set_params (result, req->model, ctx->p, stderrs, fixed, at_bound);
  result->n_params = np;
  result->covariance = g_memdup2 (cov, np * np * sizeof (double));
  result->correlation = g_new (double, np * np);
  for (guint a = 0; a < np; a++)
    for (guint b = 0; b < np; b++)
      result->correlation[a * np + b] = (free_param[a] && free_param[b] && cov_ok)
        ? cov[a * np + b] / sqrt (cov[a * np + a] * cov[b * np + b]) : NAN;
  result->derived = rlx_model_compute_derived (req->model, ctx->p, cov_ok ? cov : NULL);

  if (!isfinite (chi2) && outcome->status == RLX_FIT_STATUS_CONVERGED)
    {
      outcome->status = RLX_FIT_STATUS_FAILED;
      g_string_append (message, " χ² is not finite.");
    }
  if (outcome->status == RLX_FIT_STATUS_CONVERGED && message->len == 0)
    g_string_append_printf (message, "Converged after %u iterations.", outcome->iterations);
  result->status = outcome->status;
  result->message = g_string_free (g_steal_pointer (&message), FALSE);
  return result;
}

/**
 * rlx_fit_run:
 * @progress: (nullable): called after every iteration in this thread; it may cancel
 *
 * Fits synchronously. Invalid input, cancellation and numerical trouble are reported in the
 * result's status and message, never by a crash or a silent NaN.
 *
 * Returns: (transfer full): the result, never %NULL
 */
RlxFitResult *
rlx_fit_run (const RlxFitRequest *req,
             GCancellable        *cancellable,
             RlxFitProgressFunc   progress,
             gpointer             progress_data)
{
  Ctx ctx = { 0 };
  RlxModel *model = req->model;
  guint np = rlx_model_get_n_params (model), n_free = 0;
  g_autofree double *guess = g_new0 (double, np);
  g_autofree double *best = NULL;
  g_autofree gboolean *free_param = g_new0 (gboolean, np);
  g_autoptr(GError) error = NULL;
  RunOutcome outcome = { RLX_FIT_STATUS_CONVERGED, 0, NAN, NULL };
  RlxFitResult *result;
  double best_chi2 = INFINITY;
  guint iteration_base = 0;
  gsize m = 0;

  rlx_core_init ();
  ctx.req = req;
  ctx.model = model;
  ctx.np = np;

  if (g_cancellable_is_cancelled (cancellable))
    return fail_result (req, NULL, RLX_FIT_STATUS_CANCELLED, "The fit was cancelled.");

  /* The points to fit: window, masks; every one of them must be a number. */
  ctx.x = g_new (double, MAX (req->n, 1));
  ctx.y = g_new (double, MAX (req->n, 1));
  ctx.sw = g_new (double, MAX (req->n, 1));
  for (gsize i = 0; i < req->n; i++)
    {
      if (isnan (req->x[i]) || !in_use (req, req->x[i]))
        {
          if (isnan (req->x[i]))
            {
              ctx_clear (&ctx);
              return fail_result (req, NULL, RLX_FIT_STATUS_INVALID_INPUT,
                                  "Point %" G_GSIZE_FORMAT " has no abscissa (NaN); remove it "
                                  "or mask it before fitting.", i + 1);
            }
          continue;
        }
      if (!isfinite (req->x[i]) || !isfinite (req->y[i]))
        {
          ctx_clear (&ctx);
          return fail_result (req, NULL, RLX_FIT_STATUS_INVALID_INPUT,
                              "Point %" G_GSIZE_FORMAT " (x = %g) is not a finite number; "
                              "remove it or mask it before fitting.", i + 1, req->x[i]);
        }
      if (req->sigma != NULL && !(req->sigma[i] > 0.0 && isfinite (req->sigma[i])))
        {
          ctx_clear (&ctx);
          return fail_result (req, NULL, RLX_FIT_STATUS_INVALID_INPUT,
                              "The uncertainty of point %" G_GSIZE_FORMAT " is %g; weights need "
                              "a positive, finite σ.", i + 1, req->sigma[i]);
        }
      ctx.x[m] = req->x[i];
      ctx.y[m] = req->y[i];
      ctx.sw[m] = req->sigma != NULL ? 1.0 / req->sigma[i] : 1.0;
      m++;
    }
  ctx.n = m;

  /* Which parameters move, and how. */
  ctx.nl = g_new (guint, np);
  ctx.xform = g_new (Xform, np);
  ctx.lin = g_new (guint, np);
  for (guint i = 0; i < np; i++)
    {
      const RlxParamSpec *spec = rlx_model_get_param (model, i);
      double lo = req->lower[i], hi = req->upper[i];

      if (req->fixed[i] || spec->constant)
        continue;
      if (!(lo < hi))
        {
          ctx_clear (&ctx);
          return fail_result (req, NULL, RLX_FIT_STATUS_INVALID_INPUT,
                              "The bounds of %s are empty (%g … %g).", spec->name, lo, hi);
        }
      free_param[i] = TRUE;
      n_free++;
      if (spec->linear && req->linear_mode == RLX_FIT_LINEAR_PROJECT && isinf (lo) && isinf (hi))
        ctx.lin[ctx.n_lin++] = i;
      else
        {
          ctx.xform[ctx.n_nl] = isfinite (lo) ? (isfinite (hi) ? XFORM_BOTH : XFORM_LOWER)
                                              : (isfinite (hi) ? XFORM_UPPER : XFORM_NONE);
          ctx.nl[ctx.n_nl++] = i;
        }
    }

  /* The amplitude each moved parameter scales with, when that amplitude is projected. */
  ctx.nl_amp = g_new (int, MAX (ctx.n_nl, 1));
  for (guint k = 0; k < ctx.n_nl; k++)
    {
      int comp = rlx_model_get_param (model, ctx.nl[k])->component;
      ctx.nl_amp[k] = -1;
      for (guint l = 0; l < ctx.n_lin && comp > 0; l++)
        {
          const RlxParamSpec *spec = rlx_model_get_param (model, ctx.lin[l]);
          if (spec->component == comp && !spec->baseline)
            ctx.nl_amp[k] = (int) l;
        }
    }

  if (m <= n_free)
    {
      ctx_clear (&ctx);
      return fail_result (req, NULL, RLX_FIT_STATUS_INVALID_INPUT,
                          "Only %" G_GSIZE_FORMAT " points are inside the fit window for %u free "
                          "parameters; widen the window, remove masks or fix parameters.",
                          m, n_free);
    }

  /* Starting values: the model's guess, then the caller's values, then the fixed ones. */
  {
    gboolean need_guess = FALSE;
    for (guint i = 0; i < np; i++)
      if (!req->fixed[i] && !req->has_initial[i])
        need_guess = TRUE;
    if (need_guess && !rlx_model_guess (model, ctx.x, ctx.y, m, guess, &error))
      {
        ctx_clear (&ctx);
        return fail_result (req, NULL, RLX_FIT_STATUS_INVALID_INPUT, "%s", error->message);
      }
  }
  ctx.p = g_new (double, np);
  for (guint i = 0; i < np; i++)
    {
      ctx.p[i] = req->fixed[i] ? req->fixed_value[i] : req->has_initial[i] ? req->initial[i] : guess[i];
      if (free_param[i])
        ctx.p[i] = nudge_inside (ctx.p[i], req->lower[i], req->upper[i]);
    }

  ctx.f = g_new (double, m);
  ctx.jac = g_new (double, m * np);
  ctx.cache_theta = g_new (double, MAX (ctx.n_nl, 1));
  if (ctx.n_lin > 0)
    {
      ctx.qr = gsl_matrix_alloc (m, ctx.n_lin);
      ctx.tau = gsl_vector_alloc (ctx.n_lin);
      ctx.rhs = gsl_vector_alloc (m);
      ctx.coef = gsl_vector_alloc (ctx.n_lin);
      ctx.lsres = gsl_vector_alloc (m);
      ctx.work = gsl_vector_alloc (m);
    }

  if (!rlx_model_evaluate (model, ctx.p, ctx.x, m, ctx.f, NULL))
    {
      result = fail_result (req, ctx.p, RLX_FIT_STATUS_INVALID_INPUT,
                            "The model “%s” cannot be evaluated at the starting values; give "
                            "starting values inside its domain.", rlx_model_get_id (model));
      ctx_clear (&ctx);
      return result;
    }

  if (ctx.n_nl == 0)
    {
      /* Only linear parameters: one linear least-squares solve is the exact answer. */
      if (ctx.n_lin > 0 && !project (&ctx, NULL))
        {
          result = fail_result (req, ctx.p, RLX_FIT_STATUS_FAILED,
                                "The linear parameters could not be solved (degenerate data).");
          ctx_clear (&ctx);
          return result;
        }
      outcome.status = RLX_FIT_STATUS_CONVERGED;
      outcome.message = g_strdup ("Solved exactly by linear least squares.");
    }
  else
    {
      g_autofree double *start = g_memdup2 (ctx.p, np * sizeof (double));
      gsl_rng *rng = NULL;

      if (req->n_starts > 1)
        {
          rng = gsl_rng_alloc (gsl_rng_mt19937);
          gsl_rng_set (rng, (unsigned long) req->seed);
        }
      for (guint s = 0; s < req->n_starts; s++)
        {
          RunOutcome o;

          memcpy (ctx.p, start, np * sizeof (double));
          if (s > 0)
            for (guint k = 0; k < ctx.n_nl; k++)
              {
                guint i = ctx.nl[k];
                double lo = req->lower[i], hi = req->upper[i], u = gsl_rng_uniform (rng);
                ctx.p[i] = (isfinite (lo) && isfinite (hi) && req->spread <= 0.0)
                           ? lo + u * (hi - lo)
                           : start[i] * (1.0 + req->spread * (2.0 * u - 1.0));
                ctx.p[i] = nudge_inside (ctx.p[i], lo, hi);
              }
          o = run_once (&ctx, cancellable, progress, progress_data, &iteration_base);
          if (o.status == RLX_FIT_STATUS_CANCELLED || best == NULL ||
              (isfinite (o.chi2) && o.chi2 < best_chi2 &&
               (o.status == RLX_FIT_STATUS_CONVERGED || outcome.status != RLX_FIT_STATUS_CONVERGED)))
            {
              g_free (outcome.message);
              outcome = o;
              best_chi2 = o.chi2;
              g_free (best);
              best = g_memdup2 (ctx.p, np * sizeof (double));
            }
          else
            g_free (o.message);
          if (o.status == RLX_FIT_STATUS_CANCELLED)
            break;
        }
      if (rng != NULL)
        gsl_rng_free (rng);
      memcpy (ctx.p, best, np * sizeof (double));
    }

  if (outcome.status == RLX_FIT_STATUS_CANCELLED)
    {
      result = fail_result (req, ctx.p, RLX_FIT_STATUS_CANCELLED, "%s", outcome.message);
      result->iterations = outcome.iterations;
    }
  else if (outcome.status == RLX_FIT_STATUS_FAILED)
    {
      result = fail_result (req, ctx.p, RLX_FIT_STATUS_FAILED, "%s", outcome.message);
      result->iterations = outcome.iterations;
    }
  else
    result = finish_result (&ctx, &outcome, free_param, n_free);

  g_free (outcome.message);
  ctx_clear (&ctx);
  return result;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fit"

#include "config.h"

#include "rlx-fit.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_rng.h>

#include "rlx-core.h"
#include "rlx-fit-ctx.h"
#include "rlx-fit-private.h"

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

static int
residual_f (const gsl_vector *theta,
            void             *data,
            gsl_vector       *r)
{
  Ctx *ctx = data;

  if (!rlx_fit_ctx_eval (ctx, theta))
    gsl_vector_set_all (r, OUT_OF_DOMAIN);
  else
    for (gsize i = 0; i < ctx->n; i++)
      r->data[i * r->stride] = ctx->res[i];
  return GSL_SUCCESS;
}

static int
residual_df (const gsl_vector *theta,
             void             *data,
             gsl_matrix       *jmat)
{
  Ctx *ctx = data;
  double *dp = ctx->dp;

  if (!rlx_fit_ctx_eval (ctx, theta))
    return GSL_EDOM;
  ctx->cache_is_pos = TRUE;

  rlx_fit_ctx_set_theta (ctx, theta, dp);
  /* ctx->jac holds the columns at unit projected amplitudes (see rlx_fit_ctx_project()) */
  for (guint k = 0; k < ctx->n_nl; k++)
    if (ctx->n_lin > 0 && ctx->nl_amp[k] >= 0)
      dp[k] *= ctx->coef[ctx->nl_amp[k]];

  for (gsize i = 0; i < ctx->n; i++)
    {
      const double *row = ctx->jac + i * ctx->np;
      double *out = jmat->data + i * jmat->tda;

      for (guint k = 0; k < ctx->n_nl; k++)
        out[k] = ctx->sw[i] * row[ctx->nl[k]] * dp[k];
    }

  /* Kaufman's variable-projection Jacobian: the part orthogonal to the span of the linear
     basis, P⊥·√W·∂f/∂θ. */
  if (ctx->n_lin > 0)
    for (guint k = 0; k < ctx->n_nl; k++)
      rlx_fit_ctx_remove_basis (ctx, jmat->data + k, jmat->tda, NULL);
  return GSL_SUCCESS;
}

/*
 * TRUE when the Gauss–Newton correction at the current point, −(JᵀJ)⁻¹Jᵀr, is already below
 * xtol by GSL's own measure |δ_k| ≤ xtol·(|θ_k| + xtol). GSL's test looks at the step just
 * taken; near the solution the next step is smaller by the (linear) convergence factor, and
 * once it is below the tolerance taking it changes nothing the caller asked for, while trying
 * it costs an evaluation and, at round-off level, a series of rejected trial steps.
 */
static gboolean
gauss_newton_converged (Ctx                            *ctx,
                        gsl_multifit_nlinear_workspace *w,
                        double                          xtol)
{
  const gsl_matrix *jm = gsl_multifit_nlinear_jac (w);
  const gsl_vector *r = gsl_multifit_nlinear_residual (w);
  const gsl_vector *theta = gsl_multifit_nlinear_position (w);
  guint p = ctx->n_nl;
  gsl_matrix_view a = gsl_matrix_view_array (ctx->gn, p, p);
  gsl_vector_view g = gsl_vector_view_array (ctx->gn + p * p, p);

  /* JᵀJ column by column (few columns, long ones); Jᵀr is GSL's gradient at this point */
  for (guint k = 0; k < p; k++)
    {
      for (guint l = 0; l <= k; l++)
        {
          const double *ck = jm->data + k, *cl = jm->data + l;
          double sum = 0.0;

          for (gsize i = 0; i < ctx->n; i++)
            sum += ck[i * jm->tda] * cl[i * jm->tda];
          ctx->gn[k * p + l] = ctx->gn[l * p + k] = sum;
        }
      ctx->gn[p * p + k] = gsl_vector_get (w->g, k);
    }
  if (gsl_linalg_cholesky_decomp1 (&a.matrix) != GSL_SUCCESS)
    return FALSE;
  memcpy (ctx->gn + p * p + p, ctx->gn + p * p, sizeof (double) * p);
  if (gsl_linalg_cholesky_svx (&a.matrix, &g.vector) != GSL_SUCCESS)
    return FALSE;

  /* The χ² decrease the step promises, δᵀJᵀr; below the rounding of χ² itself no trial step
     can be told better or worse, and GSL would spend evaluations rejecting them. */
  {
    double promised = 0.0, chi2 = 0.0;

    for (guint k = 0; k < p; k++)
      promised += ctx->gn[p * p + k] * ctx->gn[p * p + p + k];
    for (gsize i = 0; i < ctx->n; i++)
      chi2 += r->data[i * r->stride] * r->data[i * r->stride];
    if (fabs (promised) <= 8.0 * DBL_EPSILON * chi2)
      return TRUE;
  }

  for (guint k = 0; k < p; k++)
    {
      double delta = gsl_vector_get (&g.vector, k), t = gsl_vector_get (theta, k);
      if (!(fabs (delta) <= xtol * (fabs (t) + xtol)))
        return FALSE;
    }
  return TRUE;
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
  g_free (ctx->res);
  g_free (ctx->dp);
  g_free (ctx->gn);
  g_free (ctx->cache_theta);
  g_free (ctx->spare_theta);
  g_free (ctx->spare_f);
  g_free (ctx->spare_jac);
  g_free (ctx->spare_res);
  g_free (ctx->spare_q);
  g_free (ctx->spare_rmat);
  g_free (ctx->spare_coef);
  g_clear_pointer (&ctx->theta_start, gsl_vector_free);
  g_free (ctx->q);
  g_free (ctx->rmat);
  g_free (ctx->coef);
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

gboolean
rlx_fit_request_uses_point (const RlxFitRequest *req,
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

  fparams.solver = gsl_multifit_nlinear_solver_cholesky;
  fparams.trs = ctx->req->method == RLX_FIT_METHOD_LM_ACCEL
                ? gsl_multifit_nlinear_trs_lmaccel : gsl_multifit_nlinear_trs_lm;
  fdf.f = residual_f;
  fdf.df = residual_df;
  fdf.fvv = NULL;
  fdf.n = ctx->n;
  fdf.p = ctx->n_nl;
  fdf.params = ctx;

  theta0 = gsl_vector_alloc (ctx->n_nl);
  if (ctx->theta_start != NULL)
    {
      /* exactly the point evaluated by the starting check, not a round trip through p */
      gsl_vector_memcpy (theta0, ctx->theta_start);
      g_clear_pointer (&ctx->theta_start, gsl_vector_free);
    }
  else
    rlx_fit_ctx_theta_from_p (ctx, theta0);

  w = gsl_multifit_nlinear_alloc (gsl_multifit_nlinear_trust, &fparams, ctx->n, ctx->n_nl);
  ctx->solution_cached = FALSE;
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

      if (progress != NULL)
        {
          gsl_vector *r = gsl_multifit_nlinear_residual (w);
          gsl_blas_ddot (r, r, &chi2);
          progress (*iteration_base + iter, chi2, progress_data);
        }

      status = gsl_multifit_nlinear_test (ctx->req->xtol, ctx->req->gtol, ctx->req->ftol, &info, w);
      if (status == GSL_SUCCESS || gauss_newton_converged (ctx, w, ctx->req->xtol))
        {
          out.status = RLX_FIT_STATUS_CONVERGED;
          break;
        }

      /* At a bound the transformation is flat, so θ may wobble around the bound while the
         parameters themselves no longer move: test the step on the original scale there. */
      {
        gboolean near_bound = FALSE, still = TRUE;

        rlx_fit_ctx_set_theta (ctx, gsl_multifit_nlinear_position (w), NULL);
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

  /* Leave the final position (and the projected amplitudes) in ctx->p; the last evaluation
     may have been a rejected trial, then this evaluates once more. */
  {
    gsl_vector *theta = gsl_multifit_nlinear_position (w);
    double chi2 = 0.0;

    if (rlx_fit_ctx_eval (ctx, theta))
      {
        rlx_fit_ctx_set_theta (ctx, theta, NULL);
        for (guint k = 0; k < ctx->n_lin; k++)
          ctx->p[ctx->lin[k]] = ctx->coef[k];
        for (gsize i = 0; i < ctx->n; i++)
          chi2 += ctx->res[i] * ctx->res[i];
        ctx->solution_cached = TRUE;
      }
    else
      chi2 = NAN;
    out.chi2 = chi2;
  }
  gsl_multifit_nlinear_free (w);
  return out;
}

/* One fit as the request says, from the guess or the caller's start values. */
RlxFitResult *
rlx_fit_run_direct (const RlxFitRequest *req,
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
      if (isnan (req->x[i]) || !rlx_fit_request_uses_point (req, req->x[i]))
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
  ctx.res = g_new (double, m);
  ctx.dp = g_new (double, MAX (ctx.n_nl, 1));
  ctx.gn = g_new (double, ctx.n_nl * (ctx.n_nl + 2) + 1);
  ctx.cache_theta = g_new (double, MAX (ctx.n_nl, 1));
  ctx.spare_f = g_new (double, m);
  ctx.spare_jac = g_new (double, m * np);
  ctx.spare_res = g_new (double, m);
  ctx.spare_theta = g_new (double, MAX (ctx.n_nl, 1));
  if (ctx.n_lin > 0)
    {
      ctx.q = g_new (double, m * ctx.n_lin);
      ctx.rmat = g_new (double, ctx.n_lin * ctx.n_lin);
      ctx.coef = g_new (double, ctx.n_lin);
      ctx.spare_q = g_new (double, m * ctx.n_lin);
      ctx.spare_rmat = g_new (double, ctx.n_lin * ctx.n_lin);
      ctx.spare_coef = g_new (double, ctx.n_lin);
    }

  /* The model must be finite at the start; with moved parameters this first evaluation is
     cached and is the one the trust region starts from. */
  if (ctx.n_nl > 0)
    {
      ctx.theta_start = gsl_vector_alloc (ctx.n_nl);
      rlx_fit_ctx_theta_from_p (&ctx, ctx.theta_start);
      if (!rlx_fit_ctx_eval (&ctx, ctx.theta_start))
        {
          result = fail_result (req, ctx.p, RLX_FIT_STATUS_INVALID_INPUT,
                                "The model “%s” cannot be evaluated at the starting values; give "
                                "starting values inside its domain.", rlx_model_get_id (model));
          ctx_clear (&ctx);
          return result;
        }
    }
  else if (!rlx_model_evaluate (model, ctx.p, ctx.x, m, ctx.f, NULL))
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
      if (ctx.n_lin > 0 && !rlx_fit_ctx_project (&ctx))
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
      gboolean best_is_last = FALSE;

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
              best_is_last = TRUE;
            }
          else
            {
              g_free (o.message);
              best_is_last = FALSE;
            }
          if (o.status == RLX_FIT_STATUS_CANCELLED)
            break;
        }
      if (rng != NULL)
        gsl_rng_free (rng);
      memcpy (ctx.p, best, np * sizeof (double));
      ctx.solution_cached = ctx.solution_cached && best_is_last;
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
    result = rlx_fit_ctx_finish (&ctx, &outcome, free_param, n_free);

  g_free (outcome.message);
  ctx_clear (&ctx);
  return result;
}

/**
 * rlx_fit_run:
 * @progress: (nullable): called after every iteration in this thread; it may cancel
 *
 * Fits synchronously. Invalid input, cancellation and numerical trouble are reported in the
 * result's status and message, never by a crash or a silent NaN. A free parameter that has a
 * limit (β of "kww") is fitted with the limit and a profile first (rlx-fit-limit.c).
 *
 * Returns: (transfer full): the result, never %NULL
 */
RlxFitResult *
rlx_fit_run (const RlxFitRequest *req,
             GCancellable        *cancellable,
             RlxFitProgressFunc   progress,
             gpointer             progress_data)
{
  int k;

  rlx_core_init ();
  k = rlx_fit_limited_param (req);
  if (k < 0)
    return rlx_fit_run_direct (req, cancellable, progress, progress_data);
  return rlx_fit_run_with_limit (req, (guint) k, cancellable, progress, progress_data);
}

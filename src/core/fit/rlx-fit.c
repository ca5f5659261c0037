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
  double              *res;       /* n: √w·(f − y) at cache_theta */
  double              *dp;        /* n_nl: dp/dθ */
  double              *gn;        /* n_nl·(n_nl + 2): Gauss–Newton test scratch */
  /* variable projection: √W·basis = Q·R with orthonormal columns q_k = q + k·n */
  double              *q;
  double              *rmat;      /* n_lin × n_lin, upper triangle */
  double              *coef;      /* n_lin projected coefficients */
  /* f, jac, res (and q, rmat, coef when projecting) belong to cache_theta; a second set
     (spare_*) keeps the accepted position while the trust region tries a step */
  double              *cache_theta;
  gboolean             cache_valid;
  gboolean             cache_ok;
  double              *spare_theta;
  gboolean             spare_valid;
  gboolean             spare_ok;
  double              *spare_f;
  double              *spare_jac;
  double              *spare_res;
  double              *spare_q;
  double              *spare_rmat;
  double              *spare_coef;
  gboolean             solution_cached;   /* the cache is at the final ctx->p */
  gboolean             cache_is_pos;      /* the cache is the trust region's accepted point */
  gsl_vector          *theta_start;       /* where the first run starts (already evaluated) */
} Ctx;

#define SWAP_PTR(a, b) G_STMT_START { gpointer tmp_ = (a); (a) = (b); (b) = tmp_; } G_STMT_END

/* Exchanges the current evaluation with the spare one. */
static void
swap_cache (Ctx *ctx)
{
  gboolean tv = ctx->cache_valid, to = ctx->cache_ok;

  SWAP_PTR (ctx->cache_theta, ctx->spare_theta);
  SWAP_PTR (ctx->f, ctx->spare_f);
  SWAP_PTR (ctx->jac, ctx->spare_jac);
  SWAP_PTR (ctx->res, ctx->spare_res);
  SWAP_PTR (ctx->q, ctx->spare_q);
  SWAP_PTR (ctx->rmat, ctx->spare_rmat);
  SWAP_PTR (ctx->coef, ctx->spare_coef);
  ctx->cache_valid = ctx->spare_valid;
  ctx->cache_ok = ctx->spare_ok;
  ctx->spare_valid = tv;
  ctx->spare_ok = to;
}

static gboolean
cache_matches (const double     *key,
               gboolean          valid,
               const gsl_vector *theta,
               guint             n_nl)
{
  if (!valid)
    return FALSE;
  for (guint k = 0; k < n_nl; k++)
    if (key[k] != gsl_vector_get (theta, k))
      return FALSE;
  return TRUE;
}

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

static void
theta_from_p (const Ctx  *ctx,
              gsl_vector *theta)
{
  for (guint k = 0; k < ctx->n_nl; k++)
    {
      guint i = ctx->nl[k];
      gsl_vector_set (theta, k, to_theta (ctx->xform[k], ctx->req->lower[i], ctx->req->upper[i], ctx->p[i]));
    }
}

/* v minus its part in the span of the basis (stride: distance between elements of v).
   Sequential (modified Gram–Schmidt) order, stable with the orthonormal q. */
static void
remove_basis (const Ctx *ctx,
              double    *v,
              gsize      stride,
              double    *proj)
{
  for (guint k = 0; k < ctx->n_lin; k++)
    {
      const double *qk = ctx->q + k * ctx->n;
      double d = 0.0;

      for (gsize i = 0; i < ctx->n; i++)
        d += qk[i] * v[i * stride];
      for (gsize i = 0; i < ctx->n; i++)
        v[i * stride] -= d * qk[i];
      if (proj != NULL)
        proj[k] = d;
    }
}

/*
 * Solves the projected linear parameters for the current nonlinear ones and leaves the
 * residual √w·(f − y) in ctx->res. The weighted basis is orthonormalised by Gram–Schmidt with
 * a second pass (twice is enough for full orthogonality in floating point); with one to a few
 * columns this is much cheaper than a general QR and as accurate.
 */
static gboolean
project (Ctx *ctx)
{
  gsize n = ctx->n;
  guint nl = ctx->n_lin;
  double *b = ctx->res;

  /* With every projected coefficient at 1, one evaluation gives the basis (their Jacobian
     columns), the rest of the model (f minus the basis) and, kept in ctx->jac for
     residual_df(), the nonlinear columns up to the factor of their component's amplitude. */
  for (guint k = 0; k < nl; k++)
    ctx->p[ctx->lin[k]] = 1.0;
  if (!rlx_model_evaluate (ctx->model, ctx->p, ctx->x, n, ctx->f, ctx->jac))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      const double *row = ctx->jac + i * ctx->np;
      double f0 = ctx->f[i];

      for (guint k = 0; k < nl; k++)
        {
          double phi = row[ctx->lin[k]];
          ctx->q[k * n + i] = ctx->sw[i] * phi;
          f0 -= phi;
        }
      b[i] = ctx->sw[i] * (ctx->y[i] - f0);
    }

  memset (ctx->rmat, 0, sizeof (double) * nl * nl);
  for (guint k = 0; k < nl; k++)
    {
      double *qk = ctx->q + k * n, norm0 = 0.0, norm = 0.0;

      for (gsize i = 0; i < n; i++)
        norm0 += qk[i] * qk[i];
      for (int pass = 0; pass < 2; pass++)
        for (guint j = 0; j < k; j++)
          {
            const double *qj = ctx->q + j * n;
            double d = 0.0;

            for (gsize i = 0; i < n; i++)
              d += qj[i] * qk[i];
            for (gsize i = 0; i < n; i++)
              qk[i] -= d * qj[i];
            ctx->rmat[j * nl + k] += d;
          }
      for (gsize i = 0; i < n; i++)
        norm += qk[i] * qk[i];
      norm = sqrt (norm);
      /* a basis function that is zero, or a combination of the others, in the window */
      if (!(norm > 1e-13 * sqrt (norm0)) || !isfinite (norm))
        return FALSE;
      ctx->rmat[k * nl + k] = norm;
      for (gsize i = 0; i < n; i++)
        qk[i] /= norm;
    }

  /* b − Q·Qᵀb is the weighted residual y − f; R·c = Qᵀb gives the coefficients */
  remove_basis (ctx, b, 1, ctx->coef);
  for (guint k = nl; k-- > 0;)
    {
      double c = ctx->coef[k];

      for (guint j = k + 1; j < nl; j++)
        c -= ctx->rmat[k * nl + j] * ctx->coef[j];
      c /= ctx->rmat[k * nl + k];
      if (!isfinite (c))
        return FALSE;
      ctx->coef[k] = c;
    }
  for (guint k = 0; k < nl; k++)
    ctx->p[ctx->lin[k]] = ctx->coef[k];
  for (gsize i = 0; i < n; i++)
    b[i] = -b[i];
  return TRUE;
}

/*
 * The model, its Jacobian and the residual at θ, computed once per θ: GSL asks for f and then
 * for df at the same accepted point, and the final position, the starting check and the
 * covariance ask again. One evaluation with the Jacobian costs little more than one without,
 * because the special function and the exponentials dominate and are shared.
 */
static gboolean
eval_theta (Ctx              *ctx,
            const gsl_vector *theta)
{
  gboolean ok;

  if (cache_matches (ctx->cache_theta, ctx->cache_valid, theta, ctx->n_nl))
    return ctx->cache_ok;
  /* GSL asks for f at trial points and for df only at accepted ones; the spare holds the last
     accepted point, which is often asked for again after a rejected trial */
  if (cache_matches (ctx->spare_theta, ctx->spare_valid, theta, ctx->n_nl))
    {
      swap_cache (ctx);
      ctx->cache_is_pos = TRUE;
      return ctx->cache_ok;
    }
  if (ctx->cache_is_pos && ctx->cache_valid)
    swap_cache (ctx);
  ctx->cache_is_pos = FALSE;

  set_theta (ctx, theta, NULL);
  if (ctx->n_lin > 0)
    ok = project (ctx);
  else
    {
      ok = rlx_model_evaluate (ctx->model, ctx->p, ctx->x, ctx->n, ctx->f, ctx->jac);
      if (ok)
        for (gsize i = 0; i < ctx->n; i++)
          ctx->res[i] = ctx->sw[i] * (ctx->f[i] - ctx->y[i]);
    }
  for (guint k = 0; k < ctx->n_nl; k++)
    ctx->cache_theta[k] = gsl_vector_get (theta, k);
  ctx->cache_valid = TRUE;
  ctx->cache_ok = ok;
  return ok;
}

static int
residual_f (const gsl_vector *theta,
            void             *data,
            gsl_vector       *r)
{
  Ctx *ctx = data;

  if (!eval_theta (ctx, theta))
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

  if (!eval_theta (ctx, theta))
    return GSL_EDOM;
  ctx->cache_is_pos = TRUE;

  set_theta (ctx, theta, dp);
  /* ctx->jac holds the columns at unit projected amplitudes (see project()) */
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
      remove_basis (ctx, jmat->data + k, jmat->tda, NULL);
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
    theta_from_p (ctx, theta0);

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

  /* Leave the final position (and the projected amplitudes) in ctx->p; the last evaluation
     may have been a rejected trial, then this evaluates once more. */
  {
    gsl_vector *theta = gsl_multifit_nlinear_position (w);
    double chi2 = 0.0;

    if (eval_theta (ctx, theta))
      {
        set_theta (ctx, theta, NULL);
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

/* ctx->f and ctx->jac: the model and its Jacobian at ctx->p. After a fit they are usually in the
   cache already, at unit projected amplitudes: scaling them is exact and saves an evaluation. */
static gboolean
model_at_solution (Ctx *ctx)
{
  guint np = ctx->np;

  if (!ctx->solution_cached || !ctx->cache_valid || !ctx->cache_ok)
    {
      ctx->cache_valid = FALSE;
      return rlx_model_evaluate (ctx->model, ctx->p, ctx->x, ctx->n, ctx->f, ctx->jac);
    }
  ctx->solution_cached = FALSE;
  if (ctx->n_lin == 0)
    return TRUE;
  ctx->cache_valid = FALSE;
  for (gsize i = 0; i < ctx->n; i++)
    {
      double *row = ctx->jac + i * np;
      double fi = ctx->f[i];

      for (guint k = 0; k < ctx->n_lin; k++)
        fi += (ctx->coef[k] - 1.0) * row[ctx->lin[k]];
      for (guint k = 0; k < ctx->n_nl; k++)
        if (ctx->nl_amp[k] >= 0)
          row[ctx->nl[k]] *= ctx->coef[ctx->nl_amp[k]];
      ctx->f[i] = fi;
      if (!isfinite (fi))
        return FALSE;
    }
  return TRUE;
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
  *evaluated = model_at_solution (ctx);
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
        {
          double wa = w * row[idx[a]];
          double *mrow = m->data + a * m->tda;
          for (guint b = 0; b <= a; b++)
            mrow[b] += wa * row[idx[b]];
        }
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

/* One fit as the request says, from the guess or the caller's start values. */
static RlxFitResult *
fit_direct (const RlxFitRequest *req,
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
      theta_from_p (&ctx, ctx.theta_start);
      if (!eval_theta (&ctx, ctx.theta_start))
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
      if (ctx.n_lin > 0 && !project (&ctx))
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
    result = finish_result (&ctx, &outcome, free_param, n_free);

  g_free (outcome.message);
  ctx_clear (&ctx);
  return result;
}

/*
 * A parameter with a limit (β of "kww": at β = 1 the model is the Debye unit) is hard for a
 * trust region when the data sit at or near that limit:
 *
 * - the limit is a bound, where the bounds transformation is flat, so the steps towards it
 *   shrink and the fit crawls until the iteration limit;
 * - the shape depends on the limited parameter mostly through one combination with another
 *   (for KWW on heating ξ^β ≈ C·exp(−β·E/RT), so β·E sets the width and β alone only a small
 *   asymmetry), a long, curved valley along which the iterates creep, or drift to the far end
 *   when the data are noisy.
 *
 * So the fitter treats the limit as the special case it is: first the fit at the limit (the
 * simpler model), then a profile over fixed values of the parameter, each fit warm-started by
 * extrapolating the previous ones along the valley, and a free fit from the best of them. When
 * the fit at the limit is best, the Gauss–Newton step from there with the parameter free decides
 * (the first-order condition for a bound): pointing out of the range means the answer is at the
 * limit, and the result says so.
 */

/* The free parameter whose limit the fitter has to handle, or −1. */
static int
limited_param (const RlxFitRequest *req)
{
  guint np = rlx_model_get_n_params (req->model);

  if (req->n_starts > 1)
    return -1;
  for (guint i = 0; i < np; i++)
    {
      const RlxParamSpec *spec = rlx_model_get_param (req->model, i);

      if (req->fixed[i] || spec->constant || spec->linear || req->has_initial[i] || !isfinite (spec->limit))
        continue;
      if (spec->limit == req->lower[i] || spec->limit == req->upper[i])
        return (int) i;
    }
  return -1;
}

/*
 * The Gauss–Newton step of parameter k from the solution of a fit that held it fixed, with
 * every parameter the caller left free moving (all jointly, so correlations count). NAN when
 * it cannot be computed.
 */
static double
free_step (const RlxFitRequest *req,
           const RlxFitResult  *res,
           guint                k)
{
  RlxModel *model = req->model;
  guint np = rlx_model_get_n_params (model), q = 0, kq = 0;
  gsize n = res->n_points, m = 0;
  g_autofree double *values = rlx_fit_result_dup_values (res);
  g_autofree double *w = g_new (double, MAX (n, 1));
  g_autofree double *f = g_new (double, MAX (n, 1));
  g_autofree double *jac = g_new (double, MAX (n, 1) * np);
  g_autofree guint *idx = g_new (guint, np);
  g_autofree double *a = NULL, *g = NULL, *d = NULL;
  gsl_matrix_view av;
  gsl_vector_view gv;

  for (gsize i = 0; i < req->n && m < n; i++)
    if (!isnan (req->x[i]) && in_use (req, req->x[i]))
      {
        w[m] = req->sigma != NULL ? 1.0 / (req->sigma[i] * req->sigma[i]) : 1.0;
        m++;
      }
  if (m != n || !rlx_model_evaluate (model, values, res->x, n, f, jac))
    return NAN;
  for (guint i = 0; i < np; i++)
    if (!req->fixed[i] && !rlx_model_get_param (model, i)->constant)
      {
        if (i == k)
          kq = q;
        idx[q++] = i;
      }
  a = g_new0 (double, q * q);
  g = g_new0 (double, q);
  d = g_new (double, q);
  for (gsize i = 0; i < n; i++)
    {
      const double *row = jac + i * np;
      double r = f[i] - res->y[i];

      for (guint s = 0; s < q; s++)
        {
          for (guint t = 0; t <= s; t++)
            a[s * q + t] += w[i] * row[idx[s]] * row[idx[t]];
          g[s] -= w[i] * row[idx[s]] * r;
        }
    }
  for (guint s = 0; s < q; s++)
    {
      if (!(a[s * q + s] > 0.0))
        return NAN;
      d[s] = 1.0 / sqrt (a[s * q + s]);
    }
  for (guint s = 0; s < q; s++)
    {
      for (guint t = 0; t <= s; t++)
        a[t * q + s] = a[s * q + t] = a[s * q + t] * d[s] * d[t];
      g[s] *= d[s];
    }
  av = gsl_matrix_view_array (a, q, q);
  gv = gsl_vector_view_array (g, q);
  if (gsl_linalg_cholesky_decomp1 (&av.matrix) != GSL_SUCCESS ||
      gsl_linalg_cholesky_svx (&av.matrix, &gv.vector) != GSL_SUCCESS)
    return NAN;
  return g[kq] * d[kq];
}

/* A copy of req with parameter k fixed at v and the other free ones starting at start. */
static RlxFitRequest *
sub_request (const RlxFitRequest *req,
             guint                k,
             double               v,
             const double        *start)
{
  RlxFitRequest *sub = rlx_fit_request_copy (req);
  guint np = rlx_model_get_n_params (req->model);

  if (start != NULL)
    for (guint i = 0; i < np; i++)
      if (!req->fixed[i] && !rlx_model_get_param (req->model, i)->linear && isfinite (start[i]))
        {
          sub->has_initial[i] = TRUE;
          sub->initial[i] = CLAMP (start[i], req->lower[i], req->upper[i]);
        }
  if (isfinite (v))
    {
      sub->fixed[k] = TRUE;
      sub->fixed_value[k] = v;
    }
  return sub;
}

static gboolean
usable (const RlxFitResult *r)
{
  return (r->status == RLX_FIT_STATUS_CONVERGED || r->status == RLX_FIT_STATUS_AT_BOUND ||
          r->status == RLX_FIT_STATUS_MAX_ITERATIONS) && isfinite (r->chi2);
}

/* The fit at the limit, reported as that: the parameter was not fixed by the caller, it sits at
   its bound, without σ. */
static RlxFitResult *
limit_answer (RlxFitResult       *limit_result,
              guint               k,
              guint               iterations,
              const char         *why)
{
  RlxFitParam *pk = &g_array_index (limit_result->params, RlxFitParam, k);
  g_autofree char *old = limit_result->message;

  pk->fixed = FALSE;
  pk->at_bound = TRUE;
  pk->stderr = NAN;
  limit_result->iterations = iterations;
  if (limit_result->status == RLX_FIT_STATUS_CONVERGED)
    limit_result->status = RLX_FIT_STATUS_AT_BOUND;
  limit_result->message = g_strdup_printf ("%s is at its limit %g, where the model becomes the "
                                           "simpler one: %s %s", pk->name, pk->value, why, old);
  return limit_result;
}

static RlxFitResult *
fit_with_limit (const RlxFitRequest *req,
                guint                k,
                GCancellable        *cancellable,
                RlxFitProgressFunc   progress,
                gpointer             progress_data)
{
  const RlxParamSpec *spec = rlx_model_get_param (req->model, k);
  double lim = spec->limit, lo = req->lower[k], hi = req->upper[k], span = hi - lo;
  double dir = lim == hi ? -1.0 : 1.0;
  guint np = rlx_model_get_n_params (req->model), iterations = 0, rises = 0;
  g_autoptr(RlxFitRequest) at_limit = sub_request (req, k, lim, NULL);
  g_autoptr(RlxFitResult) limit_result = NULL;
  g_autoptr(RlxFitResult) best = NULL;      /* best profile point inside, if better */
  g_autoptr(RlxFitResult) free_fit = NULL;
  g_autofree double *prev = NULL, *prev2 = NULL, *start = NULL;
  double prev_v = NAN, prev2_v = NAN, best_chi2, floor_chi2 = 0.0;

  /* 1. the simpler model */
  limit_result = fit_direct (at_limit, cancellable, progress, progress_data);
  iterations += limit_result->iterations;
  if (!usable (limit_result))
    return fit_direct (req, cancellable, progress, progress_data);
  best_chi2 = limit_result->chi2;
  prev = rlx_fit_result_dup_values (limit_result);
  prev_v = lim;
  /* χ² of a fit at the rounding level of the data: no smaller value means a better fit */
  for (gsize i = 0; i < limit_result->n_points; i++)
    floor_chi2 += limit_result->y[i] * limit_result->y[i];
  floor_chi2 *= 1e-24;

  /* 2. the profile, until χ² has risen twice past its lowest value */
  for (int j = 1; j < 20 && rises < 2; j++)
    {
      double v = lim + dir * 0.15 * j * span;
      g_autofree double *guess = g_memdup2 (prev, np * sizeof (double));
      g_autoptr(RlxFitRequest) sub = NULL;
      RlxFitResult *r;

      if (v <= lo + 0.05 * span || v >= hi - 0.05 * span)
        break;
      /* along the valley: extrapolate from the last two profile points */
      if (prev2 != NULL)
        for (guint i = 0; i < np; i++)
          guess[i] = prev[i] + (prev[i] - prev2[i]) * (v - prev_v) / (prev_v - prev2_v);
      sub = sub_request (req, k, v, guess);
      r = fit_direct (sub, cancellable, progress, progress_data);
      iterations += r->iterations;
      if (r->status == RLX_FIT_STATUS_CANCELLED)
        {
          r->iterations = iterations;
          return r;
        }
      if (!usable (r))
        {
          rlx_fit_result_free (r);
          break;
        }
      g_free (prev2);
      prev2 = g_steal_pointer (&prev);
      prev2_v = prev_v;
      prev = rlx_fit_result_dup_values (r);
      prev_v = v;
      if (r->chi2 < best_chi2)
        {
          g_clear_pointer (&best, rlx_fit_result_free);
          best = r;
          best_chi2 = r->chi2;
          rises = 0;
        }
      else
        {
          rlx_fit_result_free (r);
          rises++;
        }
    }

  /* 3. a free fit from the best point; from the limit only if the step from there goes inside */
  if (best == NULL)
    {
      double dk = free_step (req, limit_result, k);

      if (!isfinite (dk) || dk * dir <= 1e-6 * span || limit_result->chi2 <= floor_chi2)
        return limit_answer (g_steal_pointer (&limit_result), k, iterations,
                             "the step from there with it free points out of its range.");
      start = rlx_fit_result_dup_values (limit_result);
      start[k] = lim + dir * MIN (dk * dir, 0.15 * span);
    }
  else
    start = rlx_fit_result_dup_values (best);
  start[k] = CLAMP (start[k], lo + 1e-3 * span, hi - 1e-3 * span);
  {
    g_autoptr(RlxFitRequest) sub = sub_request (req, k, NAN, start);

    sub->has_initial[k] = TRUE;
    sub->initial[k] = start[k];
    free_fit = fit_direct (sub, cancellable, progress, progress_data);
    iterations += free_fit->iterations;
  }
  if (free_fit->status == RLX_FIT_STATUS_CANCELLED)
    return g_steal_pointer (&free_fit);

  /* 4. the limit stays unless freeing the parameter pays for itself (science.md §2.7: model
     choice by AIC, n·ln(χ²_limit/χ²_free) > 2) and the data pin it away from the limit; on
     noisy data the valley is so flat that the least-squares point along it is otherwise
     arbitrary (β → 0.05 with E → 1 MJ/mol). */
  {
    double chi2_free = usable (free_fit) ? free_fit->chi2 : INFINITY;
    double n = (double) limit_result->n_points;

    if (best != NULL && best->chi2 < chi2_free)
      {
        /* a profile point beats the free fit that started there: report it, held */
        RlxFitParam *pk = &g_array_index (best->params, RlxFitParam, k);
        g_autofree char *old = best->message;

        chi2_free = best->chi2;
        g_clear_pointer (&free_fit, rlx_fit_result_free);
        pk->fixed = FALSE;
        pk->stderr = NAN;
        best->message = g_strdup_printf ("The best fit found holds %s at %g (a profile point; "
                                         "its uncertainty is not estimated). %s", pk->name,
                                         pk->value, old);
        free_fit = g_steal_pointer (&best);
      }
    if (limit_result->chi2 <= floor_chi2 ||
        !(n * log (limit_result->chi2 / chi2_free) > 2.0))
      return limit_answer (g_steal_pointer (&limit_result), k, iterations,
                           "freeing it lowers χ² by less than the one-parameter AIC penalty, "
                           "so the data do not ask for it.");
    /* ... and unless the limit lies outside the free fit's 95 % interval (§2.7's other test):
       otherwise the free value is one point of a valley the data cannot resolve */
    {
      const RlxFitParam *pk = &g_array_index (free_fit->params, RlxFitParam, k);

      if (!(isfinite (pk->stderr) && fabs (lim - pk->value) > 2.0 * pk->stderr))
        {
          g_autofree char *why = g_strdup_printf ("the free fit gives %s = %.3g ± %.2g, which "
                                                  "does not exclude the limit.", pk->name,
                                                  pk->value, pk->stderr);
          return limit_answer (g_steal_pointer (&limit_result), k, iterations, why);
        }
    }
    free_fit->iterations = iterations;
    return g_steal_pointer (&free_fit);
  }
}

/**
 * rlx_fit_run:
 * @progress: (nullable): called after every iteration in this thread; it may cancel
 *
 * Fits synchronously. Invalid input, cancellation and numerical trouble are reported in the
 * result's status and message, never by a crash or a silent NaN. A free parameter that has a
 * limit (β of "kww") is fitted with the limit and a profile first (see fit_with_limit()).
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
  k = limited_param (req);
  if (k < 0)
    return fit_direct (req, cancellable, progress, progress_data);
  return fit_with_limit (req, (guint) k, cancellable, progress, progress_data);
}

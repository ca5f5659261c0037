/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fit"

#include "config.h"

#include "rlx-fit-ctx.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "rlx-fit-private.h"

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

void
rlx_fit_ctx_set_theta (Ctx              *ctx,
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

void
rlx_fit_ctx_theta_from_p (const Ctx  *ctx,
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
void
rlx_fit_ctx_remove_basis (const Ctx *ctx,
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
gboolean
rlx_fit_ctx_project (Ctx *ctx)
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
  rlx_fit_ctx_remove_basis (ctx, b, 1, ctx->coef);
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
gboolean
rlx_fit_ctx_eval (Ctx              *ctx,
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

  rlx_fit_ctx_set_theta (ctx, theta, NULL);
  if (ctx->n_lin > 0)
    ok = rlx_fit_ctx_project (ctx);
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

/* A peak whose fitted temperature lies outside the data was not measured: the optimiser can
   always find some such tail that fits, and calling it converged would be a lie. */
static void
check_peaks_inside_data (Ctx          *ctx,
                         GString      *message,
                         RlxFitStatus *status)
{
  const RlxFitRequest *req = ctx->req;
  double lo = INFINITY, hi = -INFINITY;

  if (g_strcmp0 (rlx_model_get_x_unit (req->model), "K") != 0)
    return;
  for (gsize i = 0; i < ctx->n; i++)
    {
      lo = MIN (lo, ctx->x[i]);
      hi = MAX (hi, ctx->x[i]);
    }
  if (!(lo < hi))
    return;

  for (guint i = 0; i < ctx->np; i++)
    {
      const RlxParamSpec *spec = rlx_model_get_param (req->model, i);
      double tp = ctx->p[i];

      if (!g_str_has_prefix (spec->name, "Tp") || g_strcmp0 (spec->unit, "K") != 0)
        continue;
      if (tp >= lo && tp <= hi)
        continue;
      *status = RLX_FIT_STATUS_OUTSIDE_DATA;
      g_string_append (message, message->len ? " " : "");
      g_string_append_printf (message, "%s = %.6g K lies outside the fitted data (%.6g–%.6g K), "
                              "so the data do not define this peak: check the signal column, "
                              "the window and the baseline.", spec->name, tp, lo, hi);
    }
}

RlxFitResult *
rlx_fit_ctx_finish (Ctx            *ctx,
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
  g_ptr_array_unref (result->derived);
  result->derived = rlx_model_compute_derived (req->model, ctx->p, cov_ok ? cov : NULL);

  if (!isfinite (chi2) && outcome->status == RLX_FIT_STATUS_CONVERGED)
    {
      outcome->status = RLX_FIT_STATUS_FAILED;
      g_string_append (message, " χ² is not finite.");
    }
  if (outcome->status == RLX_FIT_STATUS_CONVERGED)
    check_peaks_inside_data (ctx, message, &outcome->status);
  if (outcome->status == RLX_FIT_STATUS_CONVERGED && message->len == 0)
    g_string_append_printf (message, "Converged after %u iterations.", outcome->iterations);
  result->status = outcome->status;
  result->message = g_string_free (g_steal_pointer (&message), FALSE);
  return result;
}

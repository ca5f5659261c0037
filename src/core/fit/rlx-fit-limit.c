/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fit"

#include "config.h"

#include "rlx-fit.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "rlx-fit-private.h"

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
int
rlx_fit_limited_param (const RlxFitRequest *req)
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
    if (!isnan (req->x[i]) && rlx_fit_request_uses_point (req, req->x[i]))
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

RlxFitResult *
rlx_fit_run_with_limit (const RlxFitRequest *req,
                        guint                k,
                        GCancellable        *cancellable,
                        RlxFitProgressFunc   progress,
                        gpointer             progress_data)
{
  const RlxParamSpec *spec = rlx_model_get_param (req->model, k);
  double lim = spec->limit, lo = req->lower[k], hi = req->upper[k], span = hi - lo;
  double dir = lim == hi ? -1.0 : 1.0;
  guint np = rlx_model_get_n_params (req->model), iterations = 0;
  g_autoptr(RlxFitRequest) at_limit = sub_request (req, k, lim, NULL);
  g_autoptr(RlxFitResult) limit_result = NULL;
  g_autoptr(RlxFitResult) best = NULL;      /* best profile point inside, if better */
  g_autoptr(RlxFitResult) free_fit = NULL;
  g_autofree double *prev = NULL, *prev2 = NULL, *start = NULL;
  double prev_v = NAN, prev2_v = NAN, best_chi2, floor_chi2 = 0.0;

  /* 1. the simpler model */
  limit_result = rlx_fit_run_direct (at_limit, cancellable, progress, progress_data);
  iterations += limit_result->iterations;
  if (!usable (limit_result))
    return rlx_fit_run_direct (req, cancellable, progress, progress_data);
  best_chi2 = limit_result->chi2;
  prev = rlx_fit_result_dup_values (limit_result);
  prev_v = lim;
  /* χ² of a fit at the rounding level of the data: no smaller value means a better fit */
  for (gsize i = 0; i < limit_result->n_points; i++)
    floor_chi2 += limit_result->y[i] * limit_result->y[i];
  floor_chi2 *= 1e-24;

  /* 2. the whole profile: along the flat valley χ² need not fall monotonically towards its
     lowest point, so every grid value is tried (a handful of short fits) */
  for (int j = 1; j < 20; j++)
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
      r = rlx_fit_run_direct (sub, cancellable, progress, progress_data);
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
        }
      else
        rlx_fit_result_free (r);
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
    free_fit = rlx_fit_run_direct (sub, cancellable, progress, progress_data);
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
    /* ... and unless the limit lies outside the free fit's 1σ interval (§2.7's other test).
       Where χ² is quadratic in the parameter, passing the AIC test already puts the limit
       1.4σ away; a limit within 1σ despite it means a valley so flat and curved that σ is
       meaningless (the demo data: β = 0.05 ± 5 with E at its bound) */
    {
      const RlxFitParam *pk = &g_array_index (free_fit->params, RlxFitParam, k);

      if (!(isfinite (pk->stderr) && fabs (lim - pk->value) > pk->stderr))
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


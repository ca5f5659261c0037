/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-models"

#include "config.h"

#include "rlx-debye.h"

#include <float.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_expint.h>

#include "rlx-core.h"

/* exp() of anything below this is zero in double precision. */
#define EXP_UNDERFLOW (-745.0)

/*
 * e^u·E_n(u) for n = 1, 2. For u ≥ 2 a modified-Lentz continued fraction converges in a few
 * terms to full precision and is several times faster than the general GSL routine, which
 * matters because every point of every fit iteration needs it; below that GSL does the work.
 * The test suite compares both against each other and against quadrature.
 */
static gboolean
expint_scaled (int     n,
               double  u,
               double *value)
{
  gsl_sf_result r;
  double b, c, d, h;

  if (!(u >= 2.0) || !isfinite (u))
    {
      int status = n == 1 ? gsl_sf_expint_E1_scaled_e (u, &r) : gsl_sf_expint_E2_scaled_e (u, &r);
      *value = r.val;
      return status == GSL_SUCCESS;
    }

  b = u + n;
  c = 1.0 / DBL_MIN;
  d = 1.0 / b;
  h = d;
  for (int i = 1; i < 200; i++)
    {
      double a = -i * (double) (n - 1 + i), del;
      b += 2.0;
      d = 1.0 / (a * d + b);
      c = b + a / c;
      del = c * d;
      h *= del;
      if (fabs (del - 1.0) < 1e-16)
        break;
    }
  *value = h;
  return TRUE;
}

double
rlx_debye_expint_scaled (int    n,
                         double u)
{
  double v;
  return expint_scaled (n, u, &v) ? v : NAN;
}

static gboolean
params_valid (double b,
              double tp,
              double t0)
{
  return isfinite (b) && isfinite (tp) && isfinite (t0) && b > 0.0 && tp > t0;
}

/**
 * rlx_debye_terms:
 * @t: temperature (K)
 * @b: B (K)
 * @tp: exact peak temperature (K)
 * @t0: T0 (K), 0 for Arrhenius
 * @with_derivatives: also fill the ∂A/∂p members
 * @terms: (out): the terms at @t
 *
 * Evaluates the O(1) building blocks of §2.3 with the scaled exponential integrals, so nothing
 * overflows even for α units whose τ0 is around 1e-56 s.
 *
 * Returns: %FALSE when the parameters are invalid or @t ≤ T0 (then @terms is zeroed).
 */
gboolean
rlx_debye_terms (double         t,
                 double         b,
                 double         tp,
                 double         t0,
                 gboolean       with_derivatives,
                 RlxDebyeTerms *terms)
{
  double g, h, ex;

  *terms = (RlxDebyeTerms) { 0 };
  if (!params_valid (b, tp, t0) || !isfinite (t) || t <= t0)
    return FALSE;

  terms->s = t - t0;
  terms->sp = tp - t0;
  terms->k = b / (terms->sp * terms->sp);
  terms->u = b / terms->s;
  terms->x = b / terms->sp - terms->u;

  if (!expint_scaled (2, terms->u, &g))
    return FALSE;

  /* Far below the peak e^x underflows: the unit has not started to relax, A = 0 exactly enough. */
  ex = terms->x < EXP_UNDERFLOW ? 0.0 : exp (terms->x);
  terms->rate = terms->k * ex;
  terms->a = terms->rate * terms->s * g;

  if (with_derivatives)
    {
      double lk = 2.0 / terms->sp + b / (terms->sp * terms->sp);

      if (ex > 0.0)
        {
          /* E2(u) = e^−u − u·E1(u) gives e^u·E1 = (1 − e^u·E2)/u without cancellation for
             u ≥ 2, where e^u·E2 < 0.4: one continued fraction serves both. */
          if (terms->u >= 2.0)
            h = (1.0 - g) / terms->u;
          else if (!expint_scaled (1, terms->u, &h))
            return FALSE;
          terms->e1_rate = terms->rate * h;
        }
      terms->da_db = terms->a * (1.0 / b + 1.0 / terms->sp) - terms->e1_rate;
      terms->da_dtp = -terms->a * lk;
      terms->da_dt0 = terms->a * lk - terms->rate;
    }

  return TRUE;
}

double
rlx_debye_reduced_time (double t,
                        double b,
                        double tp,
                        double t0)
{
  RlxDebyeTerms terms;

  if (!rlx_debye_terms (t, b, tp, t0, FALSE, &terms))
    return (params_valid (b, tp, t0) && isfinite (t)) ? 0.0 : NAN;
  return terms.a;
}

/**
 * rlx_debye_heating_gradient:
 * @grad: (out) (nullable): ∂f/∂(Q∞, B, Tp, T0)
 *
 * dQ/dT = Q∞·k·exp(x − A(T)) and its analytic gradient (science.md §2.4 with the Ts terms set to
 * zero, because Q∞ absorbs exp(A(Ts))).
 *
 * Returns: dQ/dT, or NAN for invalid parameters.
 */
double
rlx_debye_heating_gradient (double  t,
                            double  q_inf,
                            double  b,
                            double  tp,
                            double  t0,
                            double  ts,
                            double  grad[4])
{
  RlxDebyeTerms terms;
  double expo, f;

  if (grad != NULL)
    grad[0] = grad[1] = grad[2] = grad[3] = 0.0;

  if (!params_valid (b, tp, t0) || !isfinite (q_inf) || !isfinite (t))
    {
      if (grad != NULL)
        grad[0] = grad[1] = grad[2] = grad[3] = NAN;
      return NAN;
    }

  if ((isfinite (ts) && t < ts) || t <= t0)
    return 0.0;

  if (!rlx_debye_terms (t, b, tp, t0, grad != NULL, &terms))
    return NAN;

  expo = terms.x - terms.a;
  if (expo < EXP_UNDERFLOW)
    return 0.0;

  f = terms.k * exp (expo);
  if (grad != NULL)
    {
      double lk = 2.0 / terms.sp + b / (terms.sp * terms.sp);
      double fq = q_inf * f;

      grad[0] = f;
      grad[1] = fq * (1.0 / b + 1.0 / terms.sp - 1.0 / terms.s - terms.da_db);
      grad[2] = fq * (-lk) * (1.0 - terms.a);
      grad[3] = fq * (lk - b / (terms.s * terms.s) - terms.da_dt0);
    }

  return q_inf * f;
}

double
rlx_debye_heating_dqdt (double t,
                        double q_inf,
                        double b,
                        double tp,
                        double t0,
                        double ts)
{
  return rlx_debye_heating_gradient (t, q_inf, b, tp, t0, ts, NULL);
}

double
rlx_debye_arrhenius_gradient (double  t,
                              double  q_inf,
                              double  e,
                              double  tp,
                              double  ts,
                              double  grad[3])
{
  double g4[4];
  double f;

  f = rlx_debye_heating_gradient (t, q_inf, e / RLX_GAS_CONSTANT, tp, 0.0, ts,
                                  grad != NULL ? g4 : NULL);
  if (grad != NULL)
    {
      grad[0] = g4[0];
      grad[1] = g4[1] / RLX_GAS_CONSTANT;
      grad[2] = g4[2];
    }
  return f;
}

double
rlx_debye_vft_gradient (double  t,
                        double  q_inf,
                        double  d,
                        double  tp,
                        double  t0,
                        double  ts,
                        double  grad[4])
{
  double g4[4];
  double f;

  f = rlx_debye_heating_gradient (t, q_inf, d * t0, tp, t0, ts, grad != NULL ? g4 : NULL);
  if (grad != NULL)
    {
      grad[0] = g4[0];
      grad[1] = g4[1] * t0;
      grad[2] = g4[2];
      grad[3] = g4[3] + d * g4[1];
    }
  return f;
}

double
rlx_debye_ln_tau0 (double b,
                   double tp,
                   double t0,
                   double rate)
{
  double sp = tp - t0;

  if (!params_valid (b, tp, t0) || !(rate > 0.0) || !isfinite (rate))
    return NAN;
  return 2.0 * log (sp) - log (b * rate) - b / sp;
}

double
rlx_debye_tau0 (double b,
                double tp,
                double t0,
                double rate)
{
  return exp (rlx_debye_ln_tau0 (b, tp, t0, rate));
}

/*
 * With u = B/(Tp − T0) the peak condition B·Rh·τ0·e^u = (Tp − T0)² becomes
 * u + 2·ln u = ln B − ln Rh − ln τ0 =: c, whose left side is strictly increasing: bracket and
 * Newton with a bisection fallback always converge to the single root.
 */
double
rlx_debye_peak_temperature_ln (double b,
                               double ln_tau0,
                               double t0,
                               double rate)
{
  double c, lo, hi, u;

  if (!(b > 0.0) || !isfinite (b) || !isfinite (ln_tau0) || !isfinite (t0) ||
      !(rate > 0.0) || !isfinite (rate))
    return NAN;

  c = log (b) - log (rate) - ln_tau0;
  hi = MAX (c, 1.0) + 1.0;
  lo = c > 1.0 ? 1.0 : exp ((c - 1.0) / 2.0);
  if (!(lo > 0.0))
    return NAN;
  u = c > 1.0 ? MAX (c - 2.0 * log (c), 1.0) : lo;

  for (int i = 0; i < 200; i++)
    {
      double phi = u + 2.0 * log (u) - c;
      double step, next;

      if (phi < 0.0)
        lo = u;
      else
        hi = u;

      step = phi / (1.0 + 2.0 / u);
      next = u - step;
      if (!(next > lo && next < hi))
        next = 0.5 * (lo + hi);
      if (fabs (next - u) <= 1e-16 * u)
        {
          u = next;
          break;
        }
      u = next;
    }

  return t0 + b / u;
}

double
rlx_debye_peak_temperature (double b,
                            double tau0,
                            double t0,
                            double rate)
{
  if (!(tau0 > 0.0))
    return NAN;
  return rlx_debye_peak_temperature_ln (b, log (tau0), t0, rate);
}

/**
 * rlx_debye_q0_factor:
 * @dlog: (out) (nullable): ∂ ln(Q0/Q∞)/∂(B, Tp, T0)
 *
 * Returns: exp(−A(Ts)), the fraction of Q∞ recovered above the scan start Ts.
 */
double
rlx_debye_q0_factor (double  ts,
                     double  b,
                     double  tp,
                     double  t0,
                     double  dlog[3])
{
  RlxDebyeTerms terms;

  if (dlog != NULL)
    dlog[0] = dlog[1] = dlog[2] = 0.0;
  if (!params_valid (b, tp, t0) || !isfinite (ts))
    return NAN;
  if (ts <= t0)
    return 1.0;
  if (!rlx_debye_terms (ts, b, tp, t0, dlog != NULL, &terms))
    return NAN;
  if (dlog != NULL)
    {
      dlog[0] = -terms.da_db;
      dlog[1] = -terms.da_dtp;
      dlog[2] = -terms.da_dt0;
    }
  return exp (-terms.a);
}

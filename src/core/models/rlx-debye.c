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
 * Depth of the continued fraction for e^u·E_n(u) (n = 1, 2) that brings its truncation error
 * below 1e-16, found once with 34-digit arithmetic for u from 2 to 2000 (the depth needed falls
 * monotonically with u), plus one term of margin.
 */
static const struct
{
  double u_min;
  int    depth;
} cf_depth[] = {
  { 300.0, 4 }, { 130.0, 5 }, { 73.0, 6 }, { 51.0, 7 }, { 36.0, 8 }, { 28.0, 9 }, { 24.0, 10 },
  { 20.0, 11 }, { 17.0, 12 }, { 15.0, 13 }, { 12.0, 15 }, { 10.7, 16 }, { 9.5, 17 }, { 8.5, 19 },
  { 7.0, 21 }, { 6.0, 24 }, { 5.0, 28 }, { 4.0, 33 }, { 3.0, 41 }, { 2.5, 48 }, { 2.0, 58 },
};

/*
 * e^u·E_n(u) for u ≥ 2 from the continued fraction 1/(u+n − 1·n/(u+n+2 − 2(n+1)/(u+n+4 − …)))
 * evaluated forward to a fixed depth: numerator and denominator follow the same three-term
 * recurrence, so there is one division in all instead of two per term as in Lentz's method.
 * Every point of every fit iteration needs this, so it is the hot spot of the Debye models.
 * The recurrence grows like (u + 2·depth)^depth, below 1e130 for every u up to 1e10 and the
 * depths of the table, so it needs no rescaling.
 */
static inline int
cf_depth_for (double u)
{
  for (guint i = 0; i < G_N_ELEMENTS (cf_depth); i++)
    if (u >= cf_depth[i].u_min)
      return cf_depth[i].depth;
  return cf_depth[G_N_ELEMENTS (cf_depth) - 1].depth;
}

/* depth: at least cf_depth_for (u) */
static inline double
expint_scaled_cf (int    n,
                  double u,
                  int    depth)
{
  double b = u + n;
  double a_prev = 1.0, a_cur = b, b_prev = 0.0, b_cur = 1.0;
  double coef = 0.0, step = n;   /* coef_k = −k·(n − 1 + k) = coef_{k−1} − (2k + n − 2) */

  if (u > 1e10)
    return 1.0 / b;   /* the next term is n/u² relative */
  for (int k = 1; k <= depth; k++)
    {
      double an, bn;

      coef -= step;
      step += 2.0;
      b += 2.0;
      an = b * a_cur + coef * a_prev;
      bn = b * b_cur + coef * b_prev;
      a_prev = a_cur;
      a_cur = an;
      b_prev = b_cur;
      b_cur = bn;
    }
  return b_cur / a_cur;
}

/* e^u·E_n(u) for n = 1, 2; GSL below u = 2, where the continued fraction needs too many terms. */
static gboolean
expint_scaled (int     n,
               double  u,
               double *value)
{
  gsl_sf_result r;
  int status;

  if (u >= 2.0 && u <= DBL_MAX)
    {
      *value = expint_scaled_cf (n, u, cf_depth_for (u));
      return TRUE;
    }
  status = n == 1 ? gsl_sf_expint_E1_scaled_e (u, &r) : gsl_sf_expint_E2_scaled_e (u, &r);
  *value = r.val;
  return status == GSL_SUCCESS;
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

/* What stays the same over all temperatures of one evaluation. */
typedef struct
{
  double   b, inv_b, t0, ts, sp, k, b_sp, lk, inv_b_sp;
  gboolean has_ts;
} UnitConst;

static void
unit_const_init (UnitConst *c,
                 double     b,
                 double     tp,
                 double     t0,
                 double     ts)
{
  c->b = b;
  c->inv_b = 1.0 / b;
  c->t0 = t0;
  c->ts = ts;
  c->has_ts = isfinite (ts);
  c->sp = tp - t0;
  c->k = b / (c->sp * c->sp);
  c->b_sp = b / c->sp;
  c->lk = 2.0 / c->sp + c->k;
  c->inv_b_sp = 1.0 / b + 1.0 / c->sp;
}

/*
 * dQ/dT at unit amplitude, k·exp(x − A(T)), and when grad is given ∂/∂(B, Tp, T0) of it
 * (science.md §2.4 with the Ts terms zero, because Q∞ absorbs exp(A(Ts))). The same algebra as
 * rlx_debye_terms(), with one special function per point: e^u·E1 = (1 − e^u·E2)/u for u ≥ 2.
 * Returns NAN only where the special function fails.
 */
static inline double
unit_point (const UnitConst *c,
            double           t,
            int              depth,    /* enough for this t, or 0 to choose */
            double           grad[3])
{
  double s, inv_s, u, x, g, ex, rate, a, expo, f;

  if (grad != NULL)
    grad[0] = grad[1] = grad[2] = 0.0;
  if ((c->has_ts && t < c->ts) || t <= c->t0)
    return 0.0;

  s = t - c->t0;
  inv_s = 1.0 / s;
  u = c->b * inv_s;
  x = c->b_sp - u;
  /* Far below the peak e^x underflows: the unit has not started to relax and f = 0. */
  if (x < EXP_UNDERFLOW)
    return 0.0;
  if (depth > 0 && u >= 2.0 && u <= DBL_MAX)
    g = expint_scaled_cf (2, u, depth);
  else if (!expint_scaled (2, u, &g))
    return NAN;
  ex = exp (x);
  rate = c->k * ex;
  a = rate * s * g;
  expo = x - a;
  if (expo < EXP_UNDERFLOW)
    return 0.0;
  f = c->k * exp (expo);

  if (grad != NULL)
    {
      double h, da_db, da_dt0;

      if (u >= 2.0)
        h = (1.0 - g) * s * c->inv_b;   /* (1 − g)/u */
      else if (!expint_scaled (1, u, &h))
        return NAN;
      da_db = a * c->inv_b_sp - rate * h;
      da_dt0 = a * c->lk - rate;
      grad[0] = f * (c->inv_b_sp - inv_s - da_db);
      grad[1] = -f * c->lk * (1.0 - a);
      grad[2] = f * (c->lk - u * inv_s - da_dt0);
    }
  return f;
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
  UnitConst c;
  double f;

  if (!params_valid (b, tp, t0) || !isfinite (q_inf) || !isfinite (t))
    {
      if (grad != NULL)
        grad[0] = grad[1] = grad[2] = grad[3] = NAN;
      return NAN;
    }
  unit_const_init (&c, b, tp, t0, ts);
  f = unit_point (&c, t, 0, grad != NULL ? grad + 1 : NULL);
  if (grad != NULL)
    {
      grad[0] = f;
      for (int k = 1; k < 4; k++)
        grad[k] *= q_inf;
    }
  return q_inf * f;
}

/**
 * rlx_debye_heating_block:
 * @t: (array length=n): temperatures (K)
 * @f: (out) (array length=n): dQ/dT
 * @grad: (out) (nullable): n rows of ∂f/∂(Q∞, B, Tp, T0), row i at grad + 4·i
 *
 * rlx_debye_heating_gradient() at many temperatures with the per-curve constants computed once;
 * what the fitter calls.
 *
 * Returns: %FALSE for invalid parameters or a failed special function (then some f are NAN).
 */
gboolean
rlx_debye_heating_block (const double *t,
                         gsize         n,
                         double        q_inf,
                         double        b,
                         double        tp,
                         double        t0,
                         double        ts,
                         double       *f,
                         double       *grad)
{
  UnitConst c;
  gboolean ok = TRUE;
  int depth;

  if (!params_valid (b, tp, t0) || !isfinite (q_inf))
    {
      for (gsize i = 0; i < n; i++)
        {
          f[i] = NAN;
          if (grad != NULL)
            grad[4 * i] = grad[4 * i + 1] = grad[4 * i + 2] = grad[4 * i + 3] = NAN;
        }
      return FALSE;
    }
  unit_const_init (&c, b, tp, t0, ts);
  /* The depth of the continued fraction falls with u = B/(T − T0): the highest temperature of
     the block sets one that is enough for every point of it. */
  {
    double t_max = -INFINITY;
    for (gsize i = 0; i < n; i++)
      if (t[i] > t_max)
        t_max = t[i];
    depth = t_max > t0 && isfinite (t_max) ? cf_depth_for (b / (t_max - t0)) : 0;
  }
  for (gsize i = 0; i < n; i++)
    {
      double *row = grad != NULL ? grad + 4 * i : NULL;
      double v = unit_point (&c, t[i], depth, row != NULL ? row + 1 : NULL);

      if (!isfinite (v))
        ok = FALSE;
      f[i] = q_inf * v;
      if (row != NULL)
        {
          row[0] = v;
          row[1] *= q_inf;
          row[2] *= q_inf;
          row[3] *= q_inf;
        }
    }
  return ok;
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

/* Fits to the exact widths over u_p = E/(R·Tp) from 10 to 200: below 0.3 % (FWHM) and 0.01 %
   (high half width) in E. */
double
rlx_debye_energy_from_fwhm (double tp,
                            double fwhm)
{
  if (!(fwhm > 0.0) || !(tp > 0.0))
    return NAN;
  return 2.4426 * RLX_GAS_CONSTANT * tp * tp / fwhm - 1.2729 * RLX_GAS_CONSTANT * tp;
}

double
rlx_debye_energy_from_high_half (double tp,
                                 double half_width)
{
  if (!(half_width > 0.0) || !(tp > 0.0))
    return NAN;
  return 0.9852 * RLX_GAS_CONSTANT * tp * tp / half_width - 0.1745 * RLX_GAS_CONSTANT * tp;
}

double
rlx_debye_energy_from_low_half (double tp,
                                double half_width)
{
  if (!(half_width > 0.0) || !(tp > 0.0))
    return NAN;
  return 1.4599 * RLX_GAS_CONSTANT * tp * tp / half_width - 2.1509 * RLX_GAS_CONSTANT * tp;
}

double
rlx_debye_fwhm (double tp,
                double e)
{
  if (!(tp > 0.0) || !(e > 0.0))
    return NAN;
  return 2.4426 * RLX_GAS_CONSTANT * tp * tp / (e + 1.2729 * RLX_GAS_CONSTANT * tp);
}

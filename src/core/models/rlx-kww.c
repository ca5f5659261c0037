/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-models"

#include "config.h"

#include "rlx-kww.h"

#include <math.h>

#include "rlx-debye.h"

double
rlx_kww_heating_dqdt (double t,
                      double q_inf,
                      double b,
                      double tp,
                      double t0,
                      double beta,
                      double grad[5])
{
  RlxDebyeTerms terms;
  double xi, lxi, xib, f;

  if (grad != NULL)
    for (int i = 0; i < 5; i++)
      grad[i] = 0.0;

  if (!isfinite (t) || !isfinite (q_inf) || !(beta > 0.0) || !isfinite (beta) ||
      !isfinite (b) || !isfinite (tp) || !isfinite (t0) || !(b > 0.0) || !(tp > t0))
    {
      if (grad != NULL)
        for (int i = 0; i < 5; i++)
          grad[i] = NAN;
      return NAN;
    }
  if (t <= t0)
    return 0.0;
  if (!rlx_debye_terms (t, b, tp, t0, grad != NULL, &terms))
    return NAN;

  xi = terms.a;
  if (!(xi > 0.0) || !(terms.rate > 0.0))
    return 0.0;

  lxi = log (xi);
  xib = exp (beta * lxi);
  /* ln f = ln Q + ln β + (β−1)·ln ξ − ξ^β + ln ξ′ */
  {
    double lnf = log (beta) + (beta - 1.0) * lxi - xib + log (terms.rate);
    if (lnf < -745.0)
      return 0.0;
    f = exp (lnf);
  }

  if (grad != NULL)
    {
      double fq = q_inf * f;
      double c = (beta - 1.0) / xi - beta * xib / xi;
      double lk = 2.0 / terms.sp + b / (terms.sp * terms.sp);

      grad[0] = f;
      grad[1] = fq * (c * terms.da_db + 1.0 / b + 1.0 / terms.sp - 1.0 / terms.s);
      grad[2] = fq * (c * terms.da_dtp - lk);
      grad[3] = fq * (c * terms.da_dt0 + lk - b / (terms.s * terms.s));
      grad[4] = fq * (1.0 / beta + lxi - xib * lxi);
    }
  return q_inf * f;
}

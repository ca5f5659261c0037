/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-models"

#include "config.h"

#include "rlx-dma.h"

#include <complex.h>
#include <math.h>

#include "rlx-core.h"

gboolean
rlx_dma_hn (double  y,
            double  a,
            double  b,
            double *re,
            double *im,
            double  d_re[3],
            double  d_im[3])
{
  double complex phase, log1pz, p, w;

  if (!isfinite (y) || !(a > 0.0 && a <= 1.0) || !(b > 0.0 && b <= 1.0))
    return FALSE;

  phase = y + I * (M_PI / 2.0);
  /* Far on the high-ωτ side z overflows: log(1 + z) = log z + log(1 + 1/z), and z/(1+z) likewise. */
  if (a * y > 30.0)
    {
      double complex zinv = cexp (-a * phase);
      log1pz = a * phase + clog (1.0 + zinv);
      w = 1.0 / (1.0 + zinv);
    }
  else
    {
      double complex z = cexp (a * phase);
      log1pz = clog (1.0 + z);
      w = z / (1.0 + z);
    }
  p = cexp (-b * log1pz);

  if (re != NULL)
    *re = creal (p);
  if (im != NULL)
    *im = cimag (p);

  if (d_re != NULL || d_im != NULL)
    {
      double complex dy = -a * b * w * p;
      double complex da = -b * phase * w * p;
      double complex db = -log1pz * p;

      if (d_re != NULL)
        {
          d_re[0] = creal (dy);
          d_re[1] = creal (da);
          d_re[2] = creal (db);
        }
      if (d_im != NULL)
        {
          d_im[0] = cimag (dy);
          d_im[1] = cimag (da);
          d_im[2] = cimag (db);
        }
    }
  return TRUE;
}

double
rlx_dma_loss (double y,
              double a,
              double b)
{
  double im;

  if (isinf (y) && (a > 0.0 && a <= 1.0) && (b > 0.0 && b <= 1.0))
    return 0.0;
  if (!rlx_dma_hn (y, a, b, NULL, &im, NULL, NULL))
    return NAN;
  return -im;
}

double
rlx_dma_storage_fraction (double y,
                          double a,
                          double b)
{
  double re;

  if (isinf (y) && (a > 0.0 && a <= 1.0) && (b > 0.0 && b <= 1.0))
    return y > 0 ? 0.0 : 1.0;
  if (!rlx_dma_hn (y, a, b, &re, NULL, NULL, NULL))
    return NAN;
  return re;
}

/* Half-maximum crossing of L between y_in (L > half) and y_out (L < half), by bisection. */
static double
half_crossing (double y_in,
               double y_out,
               double half,
               double a,
               double b)
{
  for (int i = 0; i < 200 && fabs (y_out - y_in) > 1e-13; i++)
    {
      double mid = 0.5 * (y_in + y_out);
      if (rlx_dma_loss (mid, a, b) > half)
        y_in = mid;
      else
        y_out = mid;
    }
  return 0.5 * (y_in + y_out);
}

void
rlx_dma_loss_peak (double  a,
                   double  b,
                   double *y_max,
                   double *l_max,
                   double *width)
{
  double ym, lm, lo, hi;

  if (!(a > 0.0 && a <= 1.0) || !(b > 0.0 && b <= 1.0))
    {
      if (y_max) *y_max = NAN;
      if (l_max) *l_max = NAN;
      if (width) *width = NAN;
      return;
    }

  /* ω_max·τ = [sin(aπ/(2b+2)) / sin(abπ/(2b+2))]^(1/a) (§3.1). */
  ym = log (sin (a * M_PI / (2.0 * b + 2.0)) / sin (a * b * M_PI / (2.0 * b + 2.0))) / a;
  lm = rlx_dma_loss (ym, a, b);

  lo = ym - 1.0;
  while (rlx_dma_loss (lo, a, b) > 0.5 * lm && lo > ym - 1e4)
    lo -= 1.0;
  hi = ym + 1.0;
  while (rlx_dma_loss (hi, a, b) > 0.5 * lm && hi < ym + 1e4)
    hi += 1.0;

  if (y_max) *y_max = ym;
  if (l_max) *l_max = lm;
  if (width)
    *width = half_crossing (ym, hi, 0.5 * lm, a, b) - half_crossing (ym, lo, 0.5 * lm, a, b);
}

double
rlx_dma_y_arrhenius (double t,
                     double e,
                     double t1,
                     double grad[2])
{
  double inv = 1.0 / t - 1.0 / t1;

  if (grad != NULL)
    {
      grad[0] = inv / RLX_GAS_CONSTANT;
      grad[1] = e / (RLX_GAS_CONSTANT * t1 * t1);
    }
  return e / RLX_GAS_CONSTANT * inv;
}

double
rlx_dma_y_vft (double t,
               double d,
               double t1,
               double t0,
               double grad[3])
{
  double b = d * t0;
  double s, s1;

  if (grad != NULL)
    grad[0] = grad[1] = grad[2] = 0.0;
  if (t <= t0)
    return INFINITY;

  s = t - t0;
  s1 = t1 - t0;
  if (grad != NULL)
    {
      grad[0] = t0 * (1.0 / s - 1.0 / s1);
      grad[1] = b / (s1 * s1);
      grad[2] = d * (1.0 / s - 1.0 / s1) + b * (1.0 / (s * s) - 1.0 / (s1 * s1));
    }
  return b * (1.0 / s - 1.0 / s1);
}

double
rlx_dma_peak_temperature_arrhenius (double e,
                                    double t1,
                                    double a,
                                    double b)
{
  double ym;

  rlx_dma_loss_peak (a, b, &ym, NULL, NULL);
  return 1.0 / (1.0 / t1 + ym * RLX_GAS_CONSTANT / e);
}

double
rlx_dma_peak_temperature_vft (double d,
                              double t1,
                              double t0,
                              double a,
                              double b)
{
  double ym, bb = d * t0;

  rlx_dma_loss_peak (a, b, &ym, NULL, NULL);
  return t0 + bb / (ym + bb / (t1 - t0));
}

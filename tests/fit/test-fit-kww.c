/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-fit-kww"

#include "config.h"

#include <math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-fit.h"
#include "rlx-kww.h"

/*
 * The stretched exponential on heating ("kww", science.md §2.7) fitted to
 * - exact Debye peaks of §7.1: β must come back at its limit 1 (the model is then the Debye
 *   unit) with E within 1 %, not crawl along the E–β valley to the iteration limit or to
 *   β ≈ 0.05;
 * - exact KWW peaks with β = 0.5 and 0.7 at the two conditions of the §2.7 table, whose peak
 *   temperature and FWHM are checked against that table first;
 * - a Debye peak with 1 % noise, where β is nearly undetermined and the simpler model must win.
 */

#define RATE 1000.0
#define TS 173.15

static const struct
{
  const char *id;
  double e, tp;
} units[] = {
  { "A01", 40, 260 }, { "A02", 44, 273 }, { "A03", 40, 300 }, { "A04", 50, 280 },
  { "A05", 80, 300 }, { "A06", 86, 320 }, { "A07", 100, 330 }, { "A08", 120, 350 },
  { "A09", 100, 360 }, { "A10", 350, 380 }, { "A11", 380, 400 }, { "A12", 420, 410 },
  { "A13", 400, 420 }, { "A14", 350, 420 },
};

/* §2.7: E (kJ/mol), Tp_D (K), β, FWHM (K), peak T (K) */
static const struct
{
  double e, tp, beta, fwhm, peak;
} stretched[] = {
  { 100, 330, 0.7, 30.629, 329.525 }, { 100, 330, 0.5, 43.048, 328.620 },
  { 380, 400, 0.7, 12.111, 399.938 }, { 380, 400, 0.5, 16.996, 399.820 },
};

static RlxModel *
kww_model (void)
{
  RlxModelOptions o;

  rlx_model_options_init (&o);
  o.heating_rate = RATE;
  o.scan_start = TS;
  return rlx_model_new ("kww", &o, NULL);
}

static RlxFitResult *
fit (const double *x,
     const double *y,
     gsize         n)
{
  g_autoptr(RlxModel) model = kww_model ();
  g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);

  return rlx_fit_run (req, NULL, NULL, NULL);
}

/* A §7.1 unit, Q0 = 1 J/g above Ts, 0.1 K grid from max(Tp − 3·W, Ts) to Tp + 2·W. */
static void
test_debye_peak (gconstpointer data)
{
  guint k = GPOINTER_TO_UINT (data);
  double b = units[k].e * 1e3 / RLX_GAS_CONSTANT, tp = units[k].tp;
  double w = 2.4464 * tp * tp / b, lo = MAX (tp - 3.0 * w, TS), hi = tp + 2.0 * w;
  gsize n = (gsize) ((hi - lo) / 0.1) + 1;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  g_autoptr(RlxFitResult) r = NULL;
  const RlxFitParam *beta;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = lo + 0.1 * i;
      y[i] = rlx_debye_heating_dqdt (x[i], 1.0, b, tp, 0.0, TS);
    }
  r = fit (x, y, n);
  beta = rlx_fit_result_get_param (r, "beta");
  g_test_message ("%s: %s β = %.6f, E = %.2f, Tp = %.4f, %u iterations", units[k].id, r->message,
                  beta->value, rlx_fit_result_get_value (r, "E"), rlx_fit_result_get_value (r, "Tp"),
                  r->iterations);
  g_assert_true (rlx_fit_result_is_success (r));
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_AT_BOUND);
  g_assert_cmpfloat (fabs (beta->value - 1.0), <=, 0.02);
  g_assert_true (beta->at_bound);
  g_assert_false (beta->fixed);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (r, "E") / (units[k].e * 1e3) - 1.0), <=, 0.01);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (r, "Tp") - tp), <=, 0.05);
}

/* Peak temperature and FWHM of a sampled curve, refined by bisection on the model itself. */
static void
kww_shape (double  b,
           double  tp,
           double  beta,
           double *peak,
           double *fwhm)
{
  double lo = tp - 60.0, hi = tp + 20.0, a, c, fmax, half;

  for (int i = 0; i < 200; i++)
    {
      double m1 = lo + (hi - lo) / 3.0, m2 = hi - (hi - lo) / 3.0;
      if (rlx_kww_heating_dqdt (m1, 1, b, tp, 0, beta, NULL) > rlx_kww_heating_dqdt (m2, 1, b, tp, 0, beta, NULL))
        hi = m2;
      else
        lo = m1;
    }
  *peak = 0.5 * (lo + hi);
  fmax = rlx_kww_heating_dqdt (*peak, 1, b, tp, 0, beta, NULL);
  half = 0.5 * fmax;
  a = *peak - 200.0;
  c = *peak;
  for (int i = 0; i < 200; i++)
    {
      double m = 0.5 * (a + c);
      if (rlx_kww_heating_dqdt (m, 1, b, tp, 0, beta, NULL) > half) c = m; else a = m;
    }
  *fwhm = -0.5 * (a + c);
  a = *peak;
  c = *peak + 200.0;
  for (int i = 0; i < 200; i++)
    {
      double m = 0.5 * (a + c);
      if (rlx_kww_heating_dqdt (m, 1, b, tp, 0, beta, NULL) > half) a = m; else c = m;
    }
  *fwhm += 0.5 * (a + c);
}

static void
test_stretched (gconstpointer data)
{
  guint k = GPOINTER_TO_UINT (data);
  double b = stretched[k].e * 1e3 / RLX_GAS_CONSTANT, tp = stretched[k].tp, beta = stretched[k].beta;
  double peak, fwhm, lo, hi;
  gsize n;
  g_autofree double *x = NULL, *y = NULL;
  g_autoptr(RlxFitResult) r = NULL;

  /* the curve is the one of the §2.7 table */
  kww_shape (b, tp, beta, &peak, &fwhm);
  g_assert_cmpfloat (fabs (peak - stretched[k].peak), <=, 0.002);
  g_assert_cmpfloat (fabs (fwhm - stretched[k].fwhm), <=, 0.002);

  lo = peak - 3.0 * fwhm;
  hi = peak + 2.0 * fwhm;
  n = (gsize) ((hi - lo) / 0.1) + 1;
  x = g_new (double, n);
  y = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      x[i] = lo + 0.1 * i;
      y[i] = rlx_kww_heating_dqdt (x[i], 1.0, b, tp, 0.0, beta, NULL);
    }
  r = fit (x, y, n);
  g_test_message ("E %.0f, β %.1f: %s β = %.6f, E = %.2f, Tp = %.4f, %u iterations", stretched[k].e, beta,
                  r->message, rlx_fit_result_get_value (r, "beta"), rlx_fit_result_get_value (r, "E"),
                  rlx_fit_result_get_value (r, "Tp"), r->iterations);
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (r, "beta") - beta), <=, 0.005);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (r, "E") / (stretched[k].e * 1e3) - 1.0), <=, 0.005);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (r, "Tp") - tp), <=, 0.05);
  g_assert_true (isfinite (rlx_fit_result_get_param (r, "beta")->stderr));
}

/* A07 with 1 % noise: along the flat E–β valley the least-squares point is arbitrary; the
   Debye limit must be kept (AIC), with the Debye E. */
static void
test_noisy_debye (void)
{
  double b = 100e3 / RLX_GAS_CONSTANT, tp = 330.0, w = 2.4464 * tp * tp / b, fmax;
  gsize n = (gsize) (5.0 * w / 0.1) + 1;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  g_autoptr(RlxFitResult) r = NULL;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, 2);
  fmax = rlx_debye_heating_dqdt (tp, 1.0, b, tp, 0.0, NAN);
  for (gsize i = 0; i < n; i++)
    {
      x[i] = tp - 3.0 * w + 0.1 * i;
      y[i] = rlx_debye_heating_dqdt (x[i], 1.0, b, tp, 0.0, NAN) + gsl_ran_gaussian (rng, 0.01 * fmax);
    }
  gsl_rng_free (rng);
  r = fit (x, y, n);
  g_test_message ("%s β = %.4f, E = %.1f", r->message, rlx_fit_result_get_value (r, "beta"),
                  rlx_fit_result_get_value (r, "E"));
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_AT_BOUND);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (r, "beta") - 1.0), <=, 0.02);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (r, "E") / 100e3 - 1.0), <=, 0.01);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relaxun/fit/kww/debye-peak/%s", units[i].id);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_debye_peak);
    }
  for (guint i = 0; i < G_N_ELEMENTS (stretched); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relaxun/fit/kww/stretched/E%.0f-beta%.1f",
                                               stretched[i].e, stretched[i].beta);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_stretched);
    }
  g_test_add_func ("/relaxun/fit/kww/noisy-debye", test_noisy_debye);
  return g_test_run ();
}

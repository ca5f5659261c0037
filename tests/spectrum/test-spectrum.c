/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "rlx-json.h"
#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-kww.h"
#include "rlx-spectrum.h"
#include "rlx-spectrum-compare.h"
#include "rlx-spectrum-private.h"
#include "rlx-test-util.h"

/* Every case of science.md §6.3 uses E(Tp) from τ0 = 1e-13 s at 1000 K/s. */
#define TAU0 1e-13
#define RATE 1000.0

typedef struct
{
  gsize   n;
  double *t;
  double *y;
  double  sigma;   /* the noise actually added */
} Peak;

static void
peak_free (Peak *p)
{
  g_free (p->t);
  g_free (p->y);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peak, peak_free)

static double
kernel (double t,
        double tp,
        double e)
{
  return rlx_debye_heating_dqdt (t, 1.0, e / RLX_GAS_CONSTANT, tp, 0.0, NAN);
}

static Peak *
peak_new (double t_lo,
          double t_hi,
          double step)
{
  Peak *p = g_new0 (Peak, 1);

  p->n = (gsize) floor ((t_hi - t_lo) / step + 1e-9) + 1;
  p->t = g_new (double, p->n);
  p->y = g_new0 (double, p->n);
  for (gsize i = 0; i < p->n; i++)
    p->t[i] = t_lo + step * (double) i;
  return p;
}

/* Gaussian noise of relative_noise × the peak maximum, with a fixed seed. */
static void
peak_add_noise (Peak   *p,
                double  relative_noise,
                gulong  seed)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  double ymax = 0.0;

  gsl_rng_set (rng, seed);
  for (gsize i = 0; i < p->n; i++)
    ymax = MAX (ymax, p->y[i]);
  p->sigma = relative_noise * ymax;
  for (gsize i = 0; i < p->n; i++)
    p->y[i] += gsl_ran_gaussian (rng, p->sigma);
  gsl_rng_free (rng);
}

static RlxSpectrumResult *
compute (const Peak                *p,
         const RlxSpectrumLaw      *law,
         RlxSpectrumRegularisation  reg,
         RlxSpectrumLambdaMethod    method)
{
  RlxSpectrumOptions options;
  g_autoptr(GError) error = NULL;
  RlxSpectrumResult *r;

  rlx_spectrum_options_init (&options);
  options.regularisation = reg;
  options.lambda_method = method;
  r = rlx_spectrum_compute (p->t, p->y, p->n, law, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

/* The grid column nearest to tp (the validation cases put units on grid points, so that what is
   tested is the decomposition, not the interpolation between columns). */
static gsize
nearest_column (const double *grid,
                gsize         n,
                double        tp)
{
  gsize best = 0;

  for (gsize j = 1; j < n; j++)
    if (fabs (grid[j] - tp) < fabs (grid[best] - tp))
      best = j;
  return best;
}

/* ---- law and grid ------------------------------------------------------------------- */

static void
test_law_tau0 (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double tps[] = { 260.0, 330.0, 400.0, 450.0 };

  for (guint i = 0; i < G_N_ELEMENTS (tps); i++)
    {
      double e = rlx_spectrum_law_energy (law, tps[i]);
      double b = e / RLX_GAS_CONSTANT;

      /* The peak condition of §2.3 holds, and the models' τ0 gives back the fixed one. */
      g_assert_cmpfloat_with_epsilon (e / (RLX_GAS_CONSTANT * tps[i] * tps[i]) /
                                      (exp (-b / tps[i]) / (RATE * TAU0)), 1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (rlx_debye_tau0 (b, tps[i], 0.0, RATE) / TAU0, 1.0, 1e-9);
      /* E ≈ 25–26·R·Tp for τ0 = 1e-13 s (§6.1). */
      g_assert_cmpfloat (e / (RLX_GAS_CONSTANT * tps[i]), >, 24.5);
      g_assert_cmpfloat (e / (RLX_GAS_CONSTANT * tps[i]), <, 26.5);
    }
  /* W ≈ 30 K at 330 K (§6.3). */
  g_assert_cmpfloat_with_epsilon (rlx_debye_fwhm (330.0, rlx_spectrum_law_energy (law, 330.0)),
                                  30.0, 0.3);
  g_assert_true (isnan (rlx_spectrum_law_energy (law, -1.0)));
}

static void
test_kernel_fwhm (void)
{
  /* The FWHM column of §7.1: the width relation is good to 0.3 % in E, so ≈ 0.3 % in W. */
  const struct { double e, tp, fwhm; } rows[] = {
    { 40e3, 260.0, 32.081 }, { 100e3, 330.0, 21.354 }, { 380e3, 400.0, 8.462 }, { 350e3, 420.0, 10.112 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpfloat_with_epsilon (rlx_debye_fwhm (rows[i].tp, rows[i].e) / rows[i].fwhm,
                                    1.0, 0.004);
}

static void
test_law_calibration (void)
{
  const double tp[] = { 370.0, 273.0, 330.0 };
  const double e[] = { 380e3, 44e3, 100e3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_calibration (tp, e, 3, &error);
  g_autoptr(RlxSpectrumLaw) parsed = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *spec = NULL;

  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (law, 273.0), 44e3, 1e-9);
  g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (law, 301.5), 72e3, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (law, 350.0), 240e3, 1e-6);
  /* Held constant outside the table. */
  g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (law, 200.0), 44e3, 1e-9);
  g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (law, 500.0), 380e3, 1e-9);

  good = rlx_test_write_tmp_file (dir, "calibration.txt",
                                  "# Tp/K  E/(kJ/mol)\nTp E\n273 44\n330, 100\n\n370\t380\n", -1);
  spec = g_strconcat ("calibration:", good, NULL);
  parsed = rlx_spectrum_law_parse (spec, RATE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (parsed, 301.5), 72e3, 1e-6);

  bad = rlx_test_write_tmp_file (dir, "bad.txt", "273 44\n330 oops\n", -1);
  g_free (spec);
  spec = g_strconcat ("calibration:", bad, NULL);
  g_assert_null (rlx_spectrum_law_parse (spec, RATE, &error));
  g_assert_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  g_assert_null (rlx_spectrum_law_parse ("tau0:-3", RATE, &error));
  g_assert_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (rlx_spectrum_law_parse ("banana:3", RATE, &error));
  g_clear_error (&error);
  {
    g_autoptr(RlxSpectrumLaw) prop = rlx_spectrum_law_parse ("proportional:86@320", RATE, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (prop, 320.0), 86e3, 1e-9);
    g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (prop, 400.0), 107.5e3, 1e-9);
  }
}

static void
test_grid (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  g_autoptr(GError) error = NULL;
  gsize n = 0, n_fine = 0;
  g_autofree double *grid = rlx_spectrum_make_grid (law, 260.0, 450.0, 0.25, 1.0, 400, &n, &error);
  g_autofree double *fine = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 20);
  g_assert_cmpfloat (grid[0], <, 260.0);
  g_assert_cmpfloat (grid[n - 1], >, 450.0);
  for (gsize j = 1; j < n; j++)
    {
      double w = rlx_debye_fwhm (grid[j - 1], rlx_spectrum_law_energy (law, grid[j - 1]));

      g_assert_cmpfloat_with_epsilon ((grid[j] - grid[j - 1]) / w, 0.25, 1e-9);
    }
  /* Never finer than W/5. */
  fine = rlx_spectrum_make_grid (law, 260.0, 450.0, 0.05, 1.0, 400, &n_fine, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon ((fine[1] - fine[0]) /
                                  rlx_debye_fwhm (fine[0], rlx_spectrum_law_energy (law, fine[0])),
                                  0.2, 1e-9);
  /* Too many columns is an error, not a silent truncation. */
  g_assert_null (rlx_spectrum_make_grid (law, 260.0, 450.0, 0.25, 1.0, 10, &n, &error));
  g_assert_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID);
}

static void
test_noise_estimate (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  g_autoptr(Peak) p = peak_new (250.0, 420.0, 0.25);
  double e = rlx_spectrum_law_energy (law, 340.0);

  for (gsize i = 0; i < p->n; i++)
    p->y[i] = kernel (p->t[i], 340.0, e);
  peak_add_noise (p, 0.01, 3);
  g_assert_cmpfloat_with_epsilon (rlx_spectrum_estimate_noise (p->y, p->n) / p->sigma, 1.0, 0.1);
  g_assert_true (isnan (rlx_spectrum_estimate_noise (p->y, 3)));
}

/* ---- §6.3 validation ---------------------------------------------------------------- */

/* Two Gaussian lobes in Tp: heights 1 : 0.5, at 330 K (σ 15 K) and 400 K (σ 8 K); area 0.4763,
   mean Tp 344.74 K. The data are the exact integral over Tp (0.05 K quadrature). */
static Peak *
two_lobe_peak (const RlxSpectrumLaw *law,
               double               *area,
               double               *mean_tp)
{
  Peak *p = peak_new (240.0, 470.0, 0.25);
  double a = 0.0, m = 0.0;

  for (double tp = 200.0; tp <= 480.0; tp += 0.05)
    {
      double g = 0.01 * (exp (-(tp - 330.0) * (tp - 330.0) / (2.0 * 15.0 * 15.0)) +
                         0.5 * exp (-(tp - 400.0) * (tp - 400.0) / (2.0 * 8.0 * 8.0)));
      double e = rlx_spectrum_law_energy (law, tp);

      a += g * 0.05;
      m += g * 0.05 * tp;
      for (gsize i = 0; i < p->n; i++)
        p->y[i] += g * 0.05 * kernel (p->t[i], tp, e);
    }
  *area = a;
  *mean_tp = m / a;
  return p;
}

static void
test_two_lobe (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  double area, mean_tp;
  g_autoptr(Peak) p = two_lobe_peak (law, &area, &mean_tp);
  g_autoptr(RlxSpectrumResult) r = NULL;

  g_assert_cmpfloat_with_epsilon (area, 0.4763, 1e-3);
  g_assert_cmpfloat_with_epsilon (mean_tp, 344.74, 0.01);

  peak_add_noise (p, 0.01, 42);
  r = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
  g_test_message ("two-lobe: area %.4f (true %.4f), mean Tp %.2f K (true %.2f K), rms/σ %.3f, "
                  "λ %.3g, %u components", r->total, area, r->mean_tp, mean_tp, r->rms_over_sigma,
                  r->lambda, r->components->len);
  g_assert_cmpfloat_with_epsilon (r->total / area, 1.0, 0.01);
  g_assert_cmpfloat_with_epsilon (r->mean_tp, mean_tp, 1.0);
  g_assert_cmpfloat (r->rms_over_sigma, >=, 0.8);
  g_assert_cmpfloat (r->rms_over_sigma, <=, 1.2);
  g_assert_true (r->sigma_estimated);
  g_assert_cmpfloat_with_epsilon (r->sigma / p->sigma, 1.0, 0.1);
  /* Both lobes are found, with about the right share (0.79 : 0.21). */
  g_assert_cmpuint (r->components->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->components, RlxSpectrumComponent, 0).tp, 330.0, 3.0);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->components, RlxSpectrumComponent, 1).tp, 400.0, 3.0);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->components, RlxSpectrumComponent, 1).fraction, 0.21, 0.04);
  /* The L-curve is part of the result: 24 scanned λ and the solution at its corner. */
  g_assert_cmpuint (r->n_lcurve, ==, 25);
  g_assert_cmpuint (r->lcurve_corner, >, 0);
  g_assert_cmpuint (r->lcurve_corner + 1, <, r->n_lcurve);
}

/* Two equal units (0.5 J/g each) on grid columns 4·s apart (s·W at W/4 spacing), near 330 K. */
static Peak *
two_unit_peak (const RlxSpectrumLaw *law,
               double                s,
               double                noise,
               gulong                seed,
               double               *tp1,
               double               *tp2)
{
  Peak *p = peak_new (260.0, 460.0, 0.25);
  g_autoptr(GError) error = NULL;
  gsize n = 0, j1;
  g_autofree double *grid = rlx_spectrum_make_grid (law, p->t[0], p->t[p->n - 1], 0.25, 1.0, 400,
                                                    &n, &error);

  g_assert_no_error (error);
  j1 = nearest_column (grid, n, 330.0);
  *tp1 = grid[j1];
  *tp2 = grid[j1 + (gsize) lround (4.0 * s)];
  for (gsize i = 0; i < p->n; i++)
    p->y[i] = 0.5 * kernel (p->t[i], *tp1, rlx_spectrum_law_energy (law, *tp1)) +
              0.5 * kernel (p->t[i], *tp2, rlx_spectrum_law_energy (law, *tp2));
  peak_add_noise (p, noise, seed);
  return p;
}

static void
test_two_units (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double separations[] = { 0.5, 1.0, 2.0 };
  const double noises[] = { 0.005, 0.02 };

  for (guint k = 0; k < G_N_ELEMENTS (separations); k++)
    for (guint q = 0; q < G_N_ELEMENTS (noises); q++)
      {
        double s = separations[k], tp1, tp2;
        g_autoptr(Peak) p = two_unit_peak (law, s, noises[q], 100 + 10 * k + q, &tp1, &tp2);
        g_autoptr(RlxSpectrumResult) plain = compute (p, law, RLX_SPECTRUM_REG_NONE,
                                                      RLX_SPECTRUM_LAMBDA_FIXED);
        g_autoptr(RlxSpectrumResult) smooth = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE,
                                                       RLX_SPECTRUM_LAMBDA_DISCREPANCY);

        g_test_message ("s = %.1f (%.1f and %.1f K), noise %.1f %%: NNLS %u components, rms/σ %.2f; "
                        "Tikhonov-2 %u components, rms/σ %.2f, λ %.3g",
                        s, tp1, tp2, 100.0 * noises[q], plain->components->len,
                        plain->rms_over_sigma, smooth->components->len, smooth->rms_over_sigma,
                        smooth->lambda);
        if (g_getenv ("RLX_SPECTRUM_DUMP"))
          for (gsize j = 0; j < smooth->n_grid; j++)
            g_test_message ("  %.1f %.5f %.5f", smooth->tp[j], smooth->w[j], plain->w[j]);

        /* Plain NNLS separates every s into two roughly equal units at the right places. */
        g_assert_cmpuint (plain->components->len, ==, 2);
        for (guint c = 0; c < 2; c++)
          {
            const RlxSpectrumComponent *comp = &g_array_index (plain->components, RlxSpectrumComponent, c);

            g_assert_cmpfloat (comp->fraction, >, 0.35);
            g_assert_cmpfloat (comp->fraction, <, 0.65);
            g_assert_cmpfloat_with_epsilon (comp->tp, c == 0 ? tp1 : tp2, 0.25 * (tp2 - tp1) + 1.0);
          }
        g_assert_cmpfloat_with_epsilon (plain->total, 1.0, 0.03);
        g_assert_cmpfloat (plain->rms_over_sigma, <, 1.2);

        /* Tikhonov-2 with the discrepancy λ fits to the noise and keeps the area; units on grid
           columns are resolved even at s = 0.5 (see two-units-tikhonov for merging). */
        g_assert_cmpfloat_with_epsilon (smooth->total, 1.0, 0.03);
        g_assert_cmpfloat_with_epsilon (smooth->rms_over_sigma, 1.0, 0.2);
        g_assert_cmpuint (smooth->components->len, >=, 2);
      }
}

/*
 * Tikhonov-2 + discrepancy on two units at 330 K and 330 K + s·W (off the grid, as real units
 * are), 2 % noise, ten noise realisations each. The discrepancy slack ‖r‖² − ‖r_min‖² is only
 * about p·σ² (p ≈ 10 active columns) against a realisation scatter of √(2N)·σ², so at the
 * resolution limit s = 0.5 merging depends on the noise: it must merge in at least 4 of 10
 * (6 of 10 at the time of writing) and never merge s ≥ 1.
 */
static void
test_two_units_tikhonov (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double separations[] = { 0.5, 1.0, 2.0 };
  double w = rlx_debye_fwhm (330.0, rlx_spectrum_law_energy (law, 330.0));

  for (guint k = 0; k < G_N_ELEMENTS (separations); k++)
    {
      double s = separations[k], tp1 = 330.0, tp2 = 330.0 + s * w;
      guint merged = 0, separated = 0;

      for (guint seed = 1; seed <= 10; seed++)
        {
          g_autoptr(Peak) p = peak_new (260.0, 460.0, 0.25);
          g_autoptr(RlxSpectrumResult) r = NULL;
          g_autoptr(GError) error = NULL;
          RlxSpectrumOptions options;

          for (gsize i = 0; i < p->n; i++)
            p->y[i] = 0.5 * kernel (p->t[i], tp1, rlx_spectrum_law_energy (law, tp1)) +
                      0.5 * kernel (p->t[i], tp2, rlx_spectrum_law_energy (law, tp2));
          peak_add_noise (p, 0.02, seed * 31 + k);
          rlx_spectrum_options_init (&options);
          options.n_lcurve = 0;
          r = rlx_spectrum_compute (p->t, p->y, p->n, law, &options, NULL, &error);
          g_assert_no_error (error);
          /* Off-grid units leave a small interpolation residual on top of the noise. */
          g_assert_cmpfloat_with_epsilon (r->total, 1.0, 0.05);
          g_assert_cmpfloat (r->rms_over_sigma, >=, 0.8);
          g_assert_cmpfloat (r->rms_over_sigma, <=, 1.35);
          if (r->components->len == 1)
            merged++;
          else
            {
              /* Separated means the two largest lobes sit near the two units. */
              const RlxSpectrumComponent *c0 = &g_array_index (r->components, RlxSpectrumComponent, 0);
              const RlxSpectrumComponent *c1 = &g_array_index (r->components, RlxSpectrumComponent, 1);

              for (guint c = 2; c < r->components->len; c++)
                g_assert_cmpfloat (g_array_index (r->components, RlxSpectrumComponent, c).fraction, <, 0.1);
              if (fabs (c0->tp - tp1) < 0.3 * (tp2 - tp1) + 2.0 &&
                  fabs (c1->tp - tp2) < 0.3 * (tp2 - tp1) + 2.0)
                separated++;
            }
        }
      g_test_message ("Tikhonov-2, s = %.1f: merged %u, separated %u of 10", s, merged, separated);
      if (s < 0.75)
        g_assert_cmpuint (merged, >=, 4);
      else
        {
          g_assert_cmpuint (merged, ==, 0);
          g_assert_cmpuint (separated, ==, 10);
        }
    }
}

static void
test_misspecified (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double ratios[] = { 0.7, 0.85, 1.0, 1.2, 1.5 };
  double tp, w_kernel, last_rms = 0.0;
  gsize n = 0;
  g_autoptr(GError) error = NULL;
  g_autofree double *grid = rlx_spectrum_make_grid (law, 250.0, 430.0, 0.25, 1.0, 400, &n, &error);

  g_assert_no_error (error);
  tp = grid[nearest_column (grid, n, 340.0)];
  w_kernel = rlx_debye_fwhm (tp, rlx_spectrum_law_energy (law, tp));

  for (guint k = 0; k < G_N_ELEMENTS (ratios); k++)
    {
      double e_true = ratios[k] * rlx_spectrum_law_energy (law, tp);
      g_autoptr(Peak) p = peak_new (250.0, 430.0, 0.25);
      g_autoptr(RlxSpectrumResult) r = NULL;
      double largest = 0.0, lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
      guint n_units = 0;

      for (gsize i = 0; i < p->n; i++)
        p->y[i] = kernel (p->t[i], tp, e_true);
      peak_add_noise (p, 0.01, 200 + k);
      r = compute (p, law, RLX_SPECTRUM_REG_NONE, RLX_SPECTRUM_LAMBDA_FIXED);
      for (guint c = 0; c < r->components->len; c++)
        largest = MAX (largest, g_array_index (r->components, RlxSpectrumComponent, c).fraction);
      /* Discrete units (grid columns) above 1 % of the area, and the Tp range they span. */
      for (gsize j = 0; j < r->n_grid; j++)
        if (r->w[j] > 0.01 * r->total)
          {
            n_units++;
            lo = MIN (lo, r->tp[j]);
            hi = MAX (hi, r->tp[j]);
          }
      g_test_message ("E_true/E_assumed = %.2f (unit at %.1f K): %u units above 1 %% over "
                      "%.1f–%.1f K, %u components (largest %.3f), rms/σ %.2f",
                      ratios[k], tp, n_units, lo, hi, r->components->len, largest, r->rms_over_sigma);

      if (ratios[k] < 1.0)
        {
          /* Assumed E too large: one unit splits into several spurious ones spread over more
             than a kernel width, and the fit still looks perfect. */
          g_assert_cmpuint (n_units, >=, 4);
          g_assert_cmpfloat (hi - lo, >, 1.0 * w_kernel);
          g_assert_cmpfloat (largest, <, 0.97);
          g_assert_cmpfloat (r->rms_over_sigma, >=, 0.8);
          g_assert_cmpfloat (r->rms_over_sigma, <=, 1.2);
          g_assert_false (rlx_spectrum_result_has_warning (r, "structured-residuals"));
        }
      else if (ratios[k] == 1.0)
        {
          /* The right law: one unit holds (almost) everything; noise may leave a satellite
             of a percent or so at the window edge. */
          g_assert_cmpfloat (largest, >=, 0.98);
          g_assert_cmpuint (n_units, <=, 2);
          g_assert_cmpfloat_with_epsilon (r->total, 1.0, 0.02);
          g_assert_cmpfloat (r->rms_over_sigma, <=, 1.2);
        }
      else
        {
          /* Assumed E too small: the kernel cannot be as narrow as the peak. */
          g_assert_cmpfloat (r->rms_over_sigma, >, 3.0);
          g_assert_cmpfloat (r->rms_over_sigma, >, last_rms);
          g_assert_true (rlx_spectrum_result_has_warning (r, "structured-residuals"));
        }
      last_rms = r->rms_over_sigma;
    }
}

/* ---- λ selectors, L-curve ------------------------------------------------------------ */

static void
test_lambda_selectors (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  double area, mean_tp;
  g_autoptr(Peak) p = two_lobe_peak (law, &area, &mean_tp);
  g_autoptr(RlxSpectrumResult) disc = NULL;
  g_autoptr(RlxSpectrumResult) lcurve = NULL;
  g_autoptr(RlxSpectrumResult) gcv = NULL;
  g_autoptr(RlxSpectrumResult) ident = NULL;

  peak_add_noise (p, 0.01, 43);
  disc = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
  lcurve = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_LCURVE);
  gcv = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_GCV);
  ident = compute (p, law, RLX_SPECTRUM_REG_IDENTITY, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
  g_test_message ("λ: discrepancy %.3g, L-curve %.3g, GCV %.3g; rms/σ %.2f %.2f %.2f",
                  disc->lambda, lcurve->lambda, gcv->lambda,
                  disc->rms_over_sigma, lcurve->rms_over_sigma, gcv->rms_over_sigma);

  /* The discrepancy λ meets its definition: ‖r‖ ≤ √N·σ, and a 5 % larger λ would not. */
  g_assert_cmpfloat (disc->residual_norm, <=, disc->discrepancy_target * (1.0 + 1e-9));
  g_assert_cmpfloat (disc->discrepancy_target, >=, sqrt ((double) p->n) * disc->sigma);
  g_assert_cmpfloat (disc->rms_over_sigma, >, 0.97);
  {
    /* λ is found to within 1 %: a λ 1 % larger leaves a residual above the target. */
    RlxSpectrumOptions options;
    g_autoptr(GError) error = NULL;
    g_autoptr(RlxSpectrumResult) above = NULL;

    rlx_spectrum_options_init (&options);
    options.lambda_method = RLX_SPECTRUM_LAMBDA_FIXED;
    options.lambda = disc->lambda * 1.0101;
    options.sigma = disc->sigma;
    options.n_lcurve = 0;
    above = rlx_spectrum_compute (p->t, p->y, p->n, law, &options, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (above->residual_norm, >, disc->discrepancy_target);
  }

  /* The three selectors agree within two decades on a well-posed case, and each spectrum
     fits to within noise and keeps the area. */
  g_assert_cmpfloat (fabs (log10 (lcurve->lambda / disc->lambda)), <, 2.0);
  g_assert_cmpfloat (fabs (log10 (gcv->lambda / disc->lambda)), <, 2.0);
  g_assert_true (isfinite (gcv->gcv_lambda));
  g_assert_cmpfloat (lcurve->lambda, ==, lcurve->lcurve_lambda[lcurve->lcurve_corner]);
  for (guint k = 0; k < 3; k++)
    {
      const RlxSpectrumResult *r = k == 0 ? disc : k == 1 ? lcurve : gcv;

      g_assert_cmpfloat (r->rms_over_sigma, <, 1.3);
      g_assert_cmpfloat_with_epsilon (r->total / area, 1.0, 0.03);
    }

  /* The L-curve: λ decreasing, residual non-increasing, seminorm non-decreasing (to rounding
     of the constrained solves). */
  for (gsize i = 1; i < disc->n_lcurve; i++)
    {
      g_assert_cmpfloat (disc->lcurve_lambda[i], <, disc->lcurve_lambda[i - 1]);
      g_assert_cmpfloat (disc->lcurve_residual[i], <=, disc->lcurve_residual[i - 1] * (1.0 + 1e-6));
      g_assert_cmpfloat (disc->lcurve_solution[i], >=, disc->lcurve_solution[i - 1] * (1.0 - 1e-6));
    }

  g_assert_cmpfloat_with_epsilon (ident->total / area, 1.0, 0.03);
  g_assert_cmpfloat (ident->residual_norm, <=, ident->discrepancy_target * (1.0 + 1e-9));
}

/*
 * The solver never sees the m data rows after the start: K is folded into its triangular factor
 * a block of rows at a time. ‖R w − c‖² + δ0² must equal ‖K w − y‖² for any w, and RᵀR = KᵀK;
 * 501 rows leave a partial last block.
 */
static void
test_problem_reduction (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  g_autoptr(Peak) p = peak_new (250.0, 430.0, 0.36);
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  g_autofree double *grid = rlx_spectrum_make_grid (law, p->t[0], p->t[p->n - 1], 0.25, 1.0, 400,
                                                    &n, &error);
  g_autofree double *e = g_new (double, n);
  RlxSpectrumProblem prob = { 0 };
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_matrix *ktk;

  g_assert_cmpuint (p->n, ==, 501);
  g_assert_no_error (error);
  gsl_rng_set (rng, 17);
  for (gsize i = 0; i < p->n; i++)
    p->y[i] = kernel (p->t[i], 330.0, rlx_spectrum_law_energy (law, 330.0)) + gsl_ran_gaussian (rng, 0.01);
  for (gsize j = 0; j < n; j++)
    e[j] = rlx_spectrum_law_energy (law, grid[j]);
  g_assert_true (rlx_spectrum_problem_init (&prob, p->t, p->y, p->n, grid, e, n,
                                            RLX_SPECTRUM_REG_SECOND_DIFFERENCE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (prob.r->size1, ==, n);

  for (guint rep = 0; rep < 5; rep++)
    {
      gsl_vector *w = gsl_vector_alloc (n);
      gsl_vector *rk = gsl_vector_alloc (p->n);
      gsl_vector *rr = gsl_vector_alloc (n);
      double full, reduced;

      for (gsize j = 0; j < n; j++)
        gsl_vector_set (w, j, rep == 0 ? 0.0 : gsl_rng_uniform (rng) * 0.05);
      gsl_vector_memcpy (rk, prob.y);
      gsl_blas_dgemv (CblasNoTrans, 1.0, prob.k, w, -1.0, rk);
      gsl_vector_memcpy (rr, prob.c);
      gsl_blas_dgemv (CblasNoTrans, 1.0, prob.r, w, -1.0, rr);
      full = gsl_blas_dnrm2 (rk);
      reduced = sqrt (pow (gsl_blas_dnrm2 (rr), 2.0) + prob.delta0_sq);
      g_assert_cmpfloat_with_epsilon (reduced / full, 1.0, 1e-10);
      gsl_vector_free (w);
      gsl_vector_free (rk);
      gsl_vector_free (rr);
    }

  ktk = gsl_matrix_alloc (n, n);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, prob.k, prob.k, 0.0, ktk);
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      g_assert_cmpfloat_with_epsilon (gsl_matrix_get (prob.rtr, i, j), gsl_matrix_get (ktk, i, j),
                                      1e-12 * gsl_matrix_get (ktk, i, i) + 1e-300);
  gsl_matrix_free (ktk);
  rlx_spectrum_problem_clear (&prob);
  gsl_rng_free (rng);
}

/*
 * λ range and GCV run on the n-row reduced problem; they must reproduce GSL's standard-form SVD
 * and GCV on the full m-row problem: λ_max = 10·s_max, λ_min = max(s_min, 1e-7·s_max) and the
 * same GCV minimum.
 */
static void
test_reduced_svd_and_gcv (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  double area, mean_tp;
  g_autoptr(Peak) p = two_lobe_peak (law, &area, &mean_tp);
  g_autoptr(RlxSpectrumResult) r = NULL;
  gsize m, n, ml;
  gsl_matrix *k, *l, *lqr, *xs, *mm;
  gsl_vector *y, *ltau, *ys, *reg, *gv;
  gsl_multifit_linear_workspace *work, *work_s;
  double lambda_gcv, g_min, smax, smin;

  peak_add_noise (p, 0.01, 45);
  r = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_GCV);
  m = r->n_points;
  n = r->n_grid;
  ml = n - 2;
  k = gsl_matrix_alloc (m, n);
  y = gsl_vector_alloc (m);
  for (gsize i = 0; i < m; i++)
    {
      gsl_vector_set (y, i, r->y[i]);
      for (gsize j = 0; j < n; j++)
        gsl_matrix_set (k, i, j, kernel (r->t[i], r->tp[j], r->e[j]));
    }
  l = gsl_matrix_alloc (ml, n);
  lqr = gsl_matrix_alloc (ml, n);
  ltau = gsl_vector_alloc (ml);
  xs = gsl_matrix_alloc (m - n + ml, ml);
  ys = gsl_vector_alloc (m - n + ml);
  mm = gsl_matrix_alloc (m, n);
  work = gsl_multifit_linear_alloc (m, n);
  work_s = gsl_multifit_linear_alloc (m - n + ml, ml);
  reg = gsl_vector_alloc (100);
  gv = gsl_vector_alloc (100);
  g_assert_cmpint (gsl_multifit_linear_Lk (n, 2, l), ==, GSL_SUCCESS);
  gsl_matrix_memcpy (lqr, l);
  g_assert_cmpint (gsl_multifit_linear_L_decomp (lqr, ltau), ==, GSL_SUCCESS);
  g_assert_cmpint (gsl_multifit_linear_stdform2 (lqr, ltau, k, y, xs, ys, mm, work), ==, GSL_SUCCESS);
  g_assert_cmpint (gsl_multifit_linear_svd (xs, work_s), ==, GSL_SUCCESS);
  g_assert_cmpint (gsl_multifit_linear_gcv (ys, reg, gv, &lambda_gcv, &g_min, work_s), ==, GSL_SUCCESS);
  smax = gsl_vector_get (work_s->S, 0);
  smin = gsl_vector_get (work_s->S, ml - 1);

  g_test_message ("GCV λ %.6g (full problem, GSL) vs %.6g; s_max %.6g, s_min %.3g", lambda_gcv,
                  r->gcv_lambda, smax, smin);
  g_assert_cmpfloat_with_epsilon (r->gcv_lambda / lambda_gcv, 1.0, 2e-3);
  g_assert_cmpfloat_with_epsilon (r->lcurve_lambda[0] / (10.0 * smax), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->lcurve_lambda[r->n_lcurve - 1] / MAX (smin, 1e-7 * smax), 1.0, 1e-6);
  /* Without GCV the range comes from bisection on the bidiagonal form instead of an SVD. */
  {
    g_autoptr(RlxSpectrumResult) d = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE,
                                              RLX_SPECTRUM_LAMBDA_DISCREPANCY);

    g_assert_cmpfloat_with_epsilon (d->lcurve_lambda[0] / (10.0 * smax), 1.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (d->lcurve_lambda[d->n_lcurve - 1] / MAX (smin, 1e-7 * smax), 1.0, 1e-6);
  }

  gsl_matrix_free (k);
  gsl_matrix_free (l);
  gsl_matrix_free (lqr);
  gsl_matrix_free (xs);
  gsl_matrix_free (mm);
  gsl_vector_free (y);
  gsl_vector_free (ltau);
  gsl_vector_free (ys);
  gsl_vector_free (reg);
  gsl_vector_free (gv);
  gsl_multifit_linear_free (work);
  gsl_multifit_linear_free (work_s);
}

/* ---- results ------------------------------------------------------------------------ */

static void
test_comparison_warning (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  g_autoptr(Peak) p = peak_new (250.0, 430.0, 0.5);
  g_autoptr(RlxSpectrumResult) r = NULL;
  double e = rlx_spectrum_law_energy (law, 340.0);
  RlxSpectrumComparison c = { 0 };

  for (gsize i = 0; i < p->n; i++)
    p->y[i] = kernel (p->t[i], 340.0, e);
  peak_add_noise (p, 0.01, 5);
  r = compute (p, law, RLX_SPECTRUM_REG_NONE, RLX_SPECTRUM_LAMBDA_FIXED);

  c.has_debye = TRUE;
  c.debye_tp = 340.0;
  c.debye_e = 1.05 * e;
  rlx_spectrum_result_set_comparison (r, &c);
  g_assert_false (rlx_spectrum_result_has_warning (r, "kernel-too-broad"));
  g_assert_cmpfloat_with_epsilon (r->comparison.debye_law_e, e, 1e-6);

  c.debye_e = 1.2 * e;
  rlx_spectrum_result_set_comparison (r, &c);
  g_assert_true (rlx_spectrum_result_has_warning (r, "kernel-too-broad"));
}

/* Through the fit engine: a peak narrower than the kernels (E_true = 1.2·E_law) must raise
   "kernel-too-broad"; with the right law it must not, and KWW finds β ≈ 1. */
static void
test_compare_fits (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double ratios[] = { 1.0, 1.2 };

  for (guint k = 0; k < G_N_ELEMENTS (ratios); k++)
    {
      g_autoptr(Peak) p = peak_new (250.0, 430.0, 0.5);
      g_autoptr(RlxSpectrumResult) r = NULL;
      double e_law = rlx_spectrum_law_energy (law, 340.0);

      for (gsize i = 0; i < p->n; i++)
        p->y[i] = kernel (p->t[i], 340.0, ratios[k] * e_law);
      peak_add_noise (p, 0.01, 400 + k);
      r = compute (p, law, RLX_SPECTRUM_REG_NONE, RLX_SPECTRUM_LAMBDA_FIXED);
      rlx_spectrum_compare_fits (r, RATE, NULL);
      g_test_message ("E_true/E_law %.1f: Debye E %.1f kJ/mol (law %.1f), KWW β %.3f",
                      ratios[k], r->comparison.debye_e / 1000.0, r->comparison.debye_law_e / 1000.0,
                      r->comparison.kww_beta);
      for (guint w = 0; w < r->warnings->len; w++)
        g_test_message ("  warning %s: %s", ((RlxSpectrumWarning *) g_ptr_array_index (r->warnings, w))->code,
                        ((RlxSpectrumWarning *) g_ptr_array_index (r->warnings, w))->message);
      g_assert_true (r->comparison.has_debye);
      g_assert_cmpfloat_with_epsilon (r->comparison.debye_e / (ratios[k] * e_law), 1.0, 0.02);
      g_assert_cmpfloat_with_epsilon (r->comparison.debye_tp, 340.0, 0.2);
      g_assert_cmpfloat_with_epsilon (r->comparison.debye_area, 1.0, 0.02);
      g_assert_cmpint (rlx_spectrum_result_has_warning (r, "kernel-too-broad"), ==, ratios[k] > 1.1);
      /* Both comparison fits converge on a Debye peak; KWW finds β ≈ 1 and then is the Debye
         unit itself (same E, same Tp). */
      g_assert_false (rlx_spectrum_result_has_warning (r, "comparison-failed"));
      g_assert_true (r->comparison.has_kww);
      g_assert_cmpfloat_with_epsilon (r->comparison.kww_beta, 1.0, 0.05);
      g_assert_cmpfloat_with_epsilon (r->comparison.kww_e / r->comparison.debye_e, 1.0, 0.05);
      g_assert_cmpfloat_with_epsilon (r->comparison.kww_tp, 340.0, 1.0);
      g_assert_true (isfinite (r->comparison.kww_chi2));
    }
  {
    /* A genuinely stretched peak (β = 0.6). On heating, KWW with free E is nearly degenerate
       along constant β·E (the width goes as 1/(β·E), §2.7), so what the comparison must get
       right is a clearly stretched β, the product β·E and Tp. */
    g_autoptr(Peak) p = peak_new (220.0, 460.0, 0.5);
    g_autoptr(RlxSpectrumResult) r = NULL;
    double e = rlx_spectrum_law_energy (law, 340.0);

    for (gsize i = 0; i < p->n; i++)
      p->y[i] = rlx_kww_heating_dqdt (p->t[i], 1.0, e / RLX_GAS_CONSTANT, 340.0, 0.0, 0.6, NULL);
    peak_add_noise (p, 0.01, 420);
    r = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
    rlx_spectrum_compare_fits (r, RATE, NULL);
    g_test_message ("KWW β = 0.6 peak: KWW β %.3f, E %.1f kJ/mol, Tp %.1f K; single Debye E %.1f kJ/mol; "
                    "spectrum %u components", r->comparison.kww_beta, r->comparison.kww_e / 1000.0,
                    r->comparison.kww_tp, r->comparison.debye_e / 1000.0, r->components->len);
    g_assert_true (r->comparison.has_kww);
    g_assert_cmpfloat (r->comparison.kww_beta, <, 0.8);
    g_assert_cmpfloat_with_epsilon (r->comparison.kww_beta * r->comparison.kww_e / (0.6 * e), 1.0, 0.08);
    g_assert_cmpfloat_with_epsilon (r->comparison.kww_tp, 340.0, 2.0);
    /* A broad peak: the single free-E Debye unit needs a smaller E than the law. */
    g_assert_true (r->comparison.has_debye);
    g_assert_cmpfloat (r->comparison.debye_e, <, e);
  }
  {
    g_autoptr(Peak) p = peak_new (250.0, 430.0, 0.5);
    g_autoptr(GError) error = NULL;
    g_autoptr(RlxSpectrumLaw) fitted = NULL;

    for (gsize i = 0; i < p->n; i++)
      p->y[i] = kernel (p->t[i], 340.0, 80e3);
    peak_add_noise (p, 0.01, 410);
    fitted = rlx_spectrum_law_new_from_fit (p->t, p->y, p->n, RATE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (rlx_spectrum_law_get_kind (fitted), ==, RLX_SPECTRUM_LAW_PROPORTIONAL);
    g_assert_cmpfloat_with_epsilon (rlx_spectrum_law_energy (fitted, 340.0) / 80e3, 1.0, 0.02);
  }
}

static void
test_json_round_trip (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  double area, mean_tp;
  g_autoptr(Peak) p = two_lobe_peak (law, &area, &mean_tp);
  g_autoptr(RlxSpectrumResult) r = NULL;
  g_autoptr(RlxSpectrumResult) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  RlxSpectrumComparison c = { 0 };

  peak_add_noise (p, 0.01, 44);
  r = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
  c.has_kww = TRUE;
  c.kww_beta = 0.6;
  c.kww_e = 70e3;
  c.kww_tp = 340.0;
  c.kww_chi2 = 1.5;
  rlx_spectrum_result_set_comparison (r, &c);
  rlx_spectrum_result_add_warning (r, "test", "a warning with “quotes”");

  node = rlx_spectrum_result_to_json (r);
  text = rlx_json_to_string (node, FALSE);
  back = rlx_spectrum_result_from_json (node, &error);
  g_assert_no_error (error);
  node2 = rlx_spectrum_result_to_json (back);
  text2 = rlx_json_to_string (node2, FALSE);
  g_assert_cmpstr (text, ==, text2);

  g_assert_cmpuint (back->n_grid, ==, r->n_grid);
  g_assert_cmpfloat (back->w[r->n_grid / 2], ==, r->w[r->n_grid / 2]);
  g_assert_cmpuint (back->components->len, ==, r->components->len);
  g_assert_cmpuint (back->lcurve_corner, ==, r->lcurve_corner);
  g_assert_true (back->comparison.has_kww);
  g_assert_false (back->comparison.has_debye);
  g_assert_cmpfloat (back->comparison.kww_beta, ==, 0.6);
  g_assert_true (rlx_spectrum_result_has_warning (back, "test"));
  g_assert_cmpfloat (rlx_spectrum_law_energy (back->law, 333.0), ==, rlx_spectrum_law_energy (law, 333.0));

  /* Not a spectrum. */
  {
    g_autoptr(JsonNode) other = json_from_string ("{\"kind\": \"peak-fit\"}", NULL);

    g_assert_null (rlx_spectrum_result_from_json (other, &error));
    g_assert_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID);
  }
}

static void
test_components (void)
{
  const double tp[] = { 300, 310, 320, 330, 340, 350, 360, 370, 380, 390 };
  const double e[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  /* A lobe, a shallow dip (kept together), a deep valley (split), a lone tiny satellite. */
  const double w[] = { 0.0, 1.0, 3.0, 2.2, 3.0, 0.5, 2.0, 0.0, 0.0, 0.05 };
  guint n_clusters = 0;
  g_autoptr(GArray) comps = rlx_spectrum_find_components (tp, e, w, 10, 0.01, &n_clusters);

  g_assert_cmpuint (n_clusters, ==, 3);
  g_assert_cmpuint (comps->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (comps, RlxSpectrumComponent, 0).weight, 9.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (comps, RlxSpectrumComponent, 1).weight, 2.0, 1e-12);
  g_assert_cmpfloat (g_array_index (comps, RlxSpectrumComponent, 0).tp_min, ==, 310.0);
  g_assert_cmpfloat (g_array_index (comps, RlxSpectrumComponent, 0).tp_max, ==, 350.0);
}

static void
test_family_map (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double ta[] = { 273.0, 293.0, 313.0 };
  const double tps[] = { 310.0, 330.0, 350.0 };
  RlxSpectrumResult *results[3];
  g_autoptr(RlxSpectrumFamilyMap) map = NULL;
  g_autoptr(JsonNode) node = NULL;

  for (guint k = 0; k < 3; k++)
    {
      g_autoptr(Peak) p = peak_new (250.0, 430.0, 0.5);
      double e = rlx_spectrum_law_energy (law, tps[k]);

      for (gsize i = 0; i < p->n; i++)
        p->y[i] = (1.0 + k) * kernel (p->t[i], tps[k], e);
      peak_add_noise (p, 0.01, 300 + k);
      results[k] = compute (p, law, RLX_SPECTRUM_REG_SECOND_DIFFERENCE, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
    }

  map = rlx_spectrum_family_map_new ((const RlxSpectrumResult * const *) results, ta, 3, TRUE, 80);
  g_assert_cmpuint (map->n_bins, ==, 80);
  g_assert_true (map->axis_is_e);
  {
    double vmax = 0.0;
    gsize argmax[3] = { 0, 0, 0 };

    for (gsize i = 0; i < 3; i++)
      {
        double best = -1.0;

        for (gsize k = 0; k < map->n_bins; k++)
          {
            double v = map->values[k * 3 + i];

            g_assert_cmpfloat (v, >=, 0.0);
            g_assert_cmpfloat (v, <=, 1.0);
            vmax = MAX (vmax, v);
            if (v > best)
              {
                best = v;
                argmax[i] = k;
              }
          }
        g_assert_cmpfloat_with_epsilon (map->totals[i], 1.0 + i, 0.05);
        g_assert_cmpfloat_with_epsilon (map->mean_axis[i], rlx_spectrum_law_energy (law, tps[i]), 3e3);
      }
    g_assert_cmpfloat (vmax, ==, 1.0);
    /* The ridge moves to larger E with the unit's Tp. */
    g_assert_cmpuint (argmax[0], <, argmax[1]);
    g_assert_cmpuint (argmax[1], <, argmax[2]);
  }
  node = rlx_spectrum_family_map_to_json (map);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  for (guint k = 0; k < 3; k++)
    rlx_spectrum_result_free (results[k]);
}

static void
test_cancel_and_invalid (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  g_autoptr(Peak) p = peak_new (250.0, 430.0, 0.5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  RlxSpectrumOptions options;
  double e = rlx_spectrum_law_energy (law, 340.0);

  for (gsize i = 0; i < p->n; i++)
    p->y[i] = kernel (p->t[i], 340.0, e);
  rlx_spectrum_options_init (&options);
  g_cancellable_cancel (cancellable);
  g_assert_null (rlx_spectrum_compute (p->t, p->y, p->n, law, &options, cancellable, &error));
  g_assert_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_CANCELLED);
  g_clear_error (&error);

  p->y[10] = NAN;
  g_assert_null (rlx_spectrum_compute (p->t, p->y, p->n, law, &options, NULL, &error));
  g_assert_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "11"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/relaxun/spectrum/law/tau0", test_law_tau0);
  g_test_add_func ("/relaxun/spectrum/law/kernel-fwhm", test_kernel_fwhm);
  g_test_add_func ("/relaxun/spectrum/law/calibration", test_law_calibration);
  g_test_add_func ("/relaxun/spectrum/grid", test_grid);
  g_test_add_func ("/relaxun/spectrum/noise-estimate", test_noise_estimate);
  g_test_add_func ("/relaxun/spectrum/validation/two-lobe", test_two_lobe);
  g_test_add_func ("/relaxun/spectrum/validation/two-units", test_two_units);
  g_test_add_func ("/relaxun/spectrum/validation/two-units-tikhonov", test_two_units_tikhonov);
  g_test_add_func ("/relaxun/spectrum/validation/misspecified-law", test_misspecified);
  g_test_add_func ("/relaxun/spectrum/lambda-selectors", test_lambda_selectors);
  g_test_add_func ("/relaxun/spectrum/problem-reduction", test_problem_reduction);
  g_test_add_func ("/relaxun/spectrum/reduced-svd-and-gcv", test_reduced_svd_and_gcv);
  g_test_add_func ("/relaxun/spectrum/components", test_components);
  g_test_add_func ("/relaxun/spectrum/comparison-warning", test_comparison_warning);
  g_test_add_func ("/relaxun/spectrum/compare-fits", test_compare_fits);
  g_test_add_func ("/relaxun/spectrum/json-round-trip", test_json_round_trip);
  g_test_add_func ("/relaxun/spectrum/family-map", test_family_map);
  g_test_add_func ("/relaxun/spectrum/cancel-and-invalid", test_cancel_and_invalid);

  return g_test_run ();
}

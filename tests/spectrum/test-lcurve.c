/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-spectrum.h"
#include "rlx-spectrum-private.h"
#include "rlx-test-util.h"

/*
 * The L-curve corner: the corner finder on curves with a known corner, and the corner λ of
 * whole spectra against the discrepancy λ (science.md §6.2–6.3; τ0 = 1e-13 s at 1000 K/s).
 */

#define TAU0 1e-13
#define RATE 1000.0

typedef struct
{
  gsize   n;
  double *t;
  double *y;
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

/*
 * A peak made of Gaussian lobes of the spectrum in Tp (height h, centre c, width s; exact
 * integral over Tp at 0.05 K), on t_lo…t_hi every step K, with Gaussian noise of
 * relative_noise × the maximum. Returns the true area and mean Tp.
 */
static Peak *
lobe_peak (const RlxSpectrumLaw *law,
           double                t_lo,
           double                t_hi,
           double                step,
           const double         *lobes,
           guint                 n_lobes,
           double                relative_noise,
           gulong                seed,
           double               *area,
           double               *mean_tp)
{
  Peak *p = g_new0 (Peak, 1);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  double a = 0.0, m = 0.0, ymax = 0.0;

  p->n = (gsize) floor ((t_hi - t_lo) / step + 1e-9) + 1;
  p->t = g_new (double, p->n);
  p->y = g_new0 (double, p->n);
  for (gsize i = 0; i < p->n; i++)
    p->t[i] = t_lo + step * (double) i;
  for (double tp = 200.0; tp <= 480.0; tp += 0.05)
    {
      double g = 0.0, e = rlx_spectrum_law_energy (law, tp);

      for (guint k = 0; k < n_lobes; k++)
        g += lobes[3 * k] * exp (-(tp - lobes[3 * k + 1]) * (tp - lobes[3 * k + 1]) /
                                 (2.0 * lobes[3 * k + 2] * lobes[3 * k + 2]));
      a += g * 0.05;
      m += g * 0.05 * tp;
      for (gsize i = 0; i < p->n; i++)
        p->y[i] += g * 0.05 * kernel (p->t[i], tp, e);
    }
  for (gsize i = 0; i < p->n; i++)
    ymax = MAX (ymax, p->y[i]);
  gsl_rng_set (rng, seed);
  for (gsize i = 0; i < p->n; i++)
    p->y[i] += gsl_ran_gaussian (rng, relative_noise * ymax);
  gsl_rng_free (rng);
  *area = a;
  *mean_tp = m / a;
  return p;
}

static RlxSpectrumResult *
compute (const Peak              *p,
         const RlxSpectrumLaw    *law,
         RlxSpectrumLambdaMethod  method)
{
  RlxSpectrumOptions options;
  g_autoptr(GError) error = NULL;
  RlxSpectrumResult *r;

  rlx_spectrum_options_init (&options);
  options.lambda_method = method;
  r = rlx_spectrum_compute (p->t, p->y, p->n, law, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

/* The corner is a computed point strictly inside the scan, it is the λ used, and the scan
   stays ordered around it. */
static void
assert_interior_corner (const RlxSpectrumResult *r)
{
  gsize c = r->lcurve_corner;

  g_assert_cmpuint (c, >, 0);
  g_assert_cmpuint (c + 1, <, r->n_lcurve);
  g_assert_cmpfloat (r->lambda, ==, r->lcurve_lambda[c]);
  g_assert_cmpfloat (r->lambda, <, r->lcurve_lambda[0] / 10.0);
  g_assert_cmpfloat (r->lambda, >, r->lcurve_lambda[r->n_lcurve - 1] * 10.0);
  /* The stored point is the solution at that λ (Gram solve vs the final QR refinement). */
  g_assert_cmpfloat_with_epsilon (r->lcurve_residual[c] / r->residual_norm, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (r->lcurve_solution[c] / r->solution_seminorm, 1.0, 1e-4);
  for (gsize i = 1; i < r->n_lcurve; i++)
    {
      g_assert_cmpfloat (r->lcurve_lambda[i], <, r->lcurve_lambda[i - 1]);
      g_assert_cmpfloat (r->lcurve_residual[i], <=, r->lcurve_residual[i - 1] * (1.0 + 1e-6));
      g_assert_cmpfloat (r->lcurve_solution[i], >=, r->lcurve_solution[i - 1] * (1.0 - 1e-6));
    }
}

/* ---- the corner finder on known curves ------------------------------------------------ */

/*
 * ln ρ = softplus(u), ln η = softplus(−u), u = ln(λ/λc): an L symmetric about ln ρ = ln η,
 * vertical for λ ≪ λc and horizontal for λ ≫ λc, with its maximum curvature at λc by
 * symmetry. plateau_below freezes the curve for smaller λ, as positivity freezes NNLS.
 */
static void
softplus_curve (double  lambda_c,
                double  plateau_below,
                gboolean mirrored,
                double *lambda,
                double *rho,
                double *eta,
                gsize   n)
{
  for (gsize i = 0; i < n; i++)
    {
      double l = 1e3 * pow (1e-8 / 1e3, (double) i / (double) (n - 1));
      double u = log (MAX (l, plateau_below) / lambda_c);
      double x = log1p (exp (u)), y = log1p (exp (-u));

      lambda[i] = l;
      /* Mirrored: the same curve reflected in ln ρ, bending the wrong way (clockwise). */
      rho[i] = exp (mirrored ? -x : x);
      eta[i] = exp (y);
    }
}

static void
test_corner_known_curves (void)
{
  const gsize n = 34;     /* 3 per decade over 1e3…1e-8, as a 24-point scan over 8 decades */
  double lambda[34], rho[34], eta[34], corner, turning;
  const double centres[] = { 3e-3, 0.02, 0.5, 7.0 };

  for (guint k = 0; k < G_N_ELEMENTS (centres); k++)
    {
      softplus_curve (centres[k], 0.0, FALSE, lambda, rho, eta, n);
      g_assert_true (rlx_spectrum_lcurve_corner (lambda, rho, eta, n, &corner, &turning));
      g_test_message ("softplus L at %g: corner %g, turning %.1f°", centres[k], corner, turning);
      /* To a fifth of the scan spacing (ln 10 / 3): the splines through 3 points per decade
         bias the peak of the curvature a little towards the knots. */
      g_assert_cmpfloat_with_epsilon (log (corner / centres[k]), 0.0, 0.15);
      g_assert_cmpfloat (turning, >, 60.0);
      g_assert_cmpfloat (turning, <=, 90.0);

      /* Frozen below λc/1000, like an NNLS scan that saturates: the repeated points must not
         attract the corner (three-point circles through them have radius ~0). */
      softplus_curve (centres[k], centres[k] * 1e-3, FALSE, lambda, rho, eta, n);
      g_assert_true (rlx_spectrum_lcurve_corner (lambda, rho, eta, n, &corner, &turning));
      g_assert_cmpfloat_with_epsilon (log (corner / centres[k]), 0.0, 0.15);

      /* Increasing λ gives the same corner. */
      {
        double l2[34], r2[34], e2[34], corner2;

        for (gsize i = 0; i < n; i++)
          {
            l2[i] = lambda[n - 1 - i];
            r2[i] = rho[n - 1 - i];
            e2[i] = eta[n - 1 - i];
          }
        g_assert_true (rlx_spectrum_lcurve_corner (l2, r2, e2, n, &corner2, &turning));
        g_assert_cmpfloat_with_epsilon (corner2 / corner, 1.0, 1e-12);
      }
    }

  /* Frozen below λ = 0.1, far above a corner at 1e-4: only the horizontal branch is left, whose
     slight bend grows towards the frozen end, so there is no interior corner. */
  softplus_curve (1e-4, 0.1, FALSE, lambda, rho, eta, n);
  g_assert_false (rlx_spectrum_lcurve_corner (lambda, rho, eta, n, &corner, &turning));
  /* Bending the wrong way only. */
  softplus_curve (0.02, 0.0, TRUE, lambda, rho, eta, n);
  g_assert_false (rlx_spectrum_lcurve_corner (lambda, rho, eta, n, &corner, &turning));
  /* A straight line in log–log. */
  for (gsize i = 0; i < n; i++)
    {
      rho[i] = pow (lambda[i], 0.3);
      eta[i] = pow (lambda[i], -0.8);
    }
  g_assert_false (rlx_spectrum_lcurve_corner (lambda, rho, eta, n, &corner, &turning));
  /* Too short, not positive, not ordered. */
  softplus_curve (0.02, 0.0, FALSE, lambda, rho, eta, n);
  g_assert_false (rlx_spectrum_lcurve_corner (lambda, rho, eta, 3, &corner, &turning));
  eta[5] = 0.0;
  g_assert_false (rlx_spectrum_lcurve_corner (lambda, rho, eta, n, &corner, &turning));
  softplus_curve (0.02, 0.0, FALSE, lambda, rho, eta, n);
  lambda[7] = lambda[6];
  g_assert_false (rlx_spectrum_lcurve_corner (lambda, rho, eta, n, &corner, &turning));
}

/* ---- whole spectra --------------------------------------------------------------------- */

/* §6.3 two-lobe spectrum with 1 % noise: the L-curve λ is an interior point within a factor of
   10 of the discrepancy λ, and area and mean Tp meet the discrepancy result's tolerances. */
static void
test_two_lobe_corner (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double lobes[] = { 0.01, 330.0, 15.0, 0.005, 400.0, 8.0 };

  for (gulong seed = 42; seed <= 44; seed++)
    {
      double area, mean_tp;
      g_autoptr(Peak) p = lobe_peak (law, 240.0, 470.0, 0.25, lobes, 2, 0.01, seed, &area, &mean_tp);
      g_autoptr(RlxSpectrumResult) disc = compute (p, law, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
      g_autoptr(RlxSpectrumResult) lc = compute (p, law, RLX_SPECTRUM_LAMBDA_LCURVE);

      g_test_message ("two-lobe seed %lu: λ corner %.3g (index %zu of %zu), discrepancy %.3g; "
                      "area %.4f / %.4f (true %.4f), mean Tp %.2f / %.2f K (true %.2f K)",
                      seed, lc->lambda, lc->lcurve_corner, lc->n_lcurve, disc->lambda,
                      lc->total, disc->total, area, lc->mean_tp, disc->mean_tp, mean_tp);
      g_assert_cmpint (lc->lambda_method, ==, RLX_SPECTRUM_LAMBDA_LCURVE);
      assert_interior_corner (lc);
      g_assert_cmpfloat (fabs (log10 (lc->lambda / disc->lambda)), <, 1.0);
      /* A clear corner: no warning about it. */
      g_assert_false (rlx_spectrum_result_has_warning (lc, "lcurve-weak-corner"));
      g_assert_false (rlx_spectrum_result_has_warning (lc, "lcurve-no-corner"));
      /* The tolerances of the discrepancy case (science.md §6.3). */
      g_assert_cmpfloat_with_epsilon (lc->total / area, 1.0, 0.01);
      g_assert_cmpfloat_with_epsilon (lc->mean_tp, mean_tp, 1.0);
      g_assert_cmpfloat (lc->rms_over_sigma, <, 1.2);
      g_assert_cmpuint (lc->components->len, ==, 2);
      /* The discrepancy spectrum marks the same corner on its L-curve. */
      g_assert_cmpuint (disc->lcurve_corner, <, disc->n_lcurve);
      g_assert_cmpfloat_with_epsilon (disc->lcurve_lambda[disc->lcurve_corner] / lc->lambda, 1.0, 1e-12);
    }
}

/* A demo-like run: one broad lobe at 340 K on 193.2–492.8 K every 0.4 K (750 points, as the demo runs), 1 % noise,
   for several widths. */
static void
test_single_peak_corner (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double widths[] = { 8.0, 12.0, 20.0 };

  for (guint k = 0; k < G_N_ELEMENTS (widths); k++)
    {
      const double lobe[] = { 0.01, 340.0, widths[k] };
      double area, mean_tp;
      g_autoptr(Peak) p = lobe_peak (law, 193.2, 492.8, 0.4, lobe, 1, 0.01, 7 + k, &area, &mean_tp);
      g_autoptr(RlxSpectrumResult) disc = compute (p, law, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
      g_autoptr(RlxSpectrumResult) lc = compute (p, law, RLX_SPECTRUM_LAMBDA_LCURVE);

      g_assert_cmpuint (p->n, ==, 750);
      g_test_message ("single lobe σ = %.0f K: λ corner %.3g (index %zu of %zu), discrepancy %.3g; "
                      "area %.4f (true %.4f), mean Tp %.2f K (true %.2f K)", widths[k], lc->lambda,
                      lc->lcurve_corner, lc->n_lcurve, disc->lambda, lc->total, area, lc->mean_tp,
                      mean_tp);
      g_assert_cmpint (lc->lambda_method, ==, RLX_SPECTRUM_LAMBDA_LCURVE);
      assert_interior_corner (lc);
      g_assert_false (rlx_spectrum_result_has_warning (lc, "lcurve-no-corner"));
      g_assert_false (rlx_spectrum_result_has_warning (lc, "lcurve-weak-corner"));
      g_assert_cmpfloat (fabs (log10 (lc->lambda / disc->lambda)), <, 1.0);
      g_assert_cmpfloat_with_epsilon (lc->total / area, 1.0, 0.01);
      g_assert_cmpfloat_with_epsilon (lc->mean_tp, mean_tp, 1.0);
    }
}

/* One Debye unit on a grid column: plain NNLS is already the answer and the L-curve runs
   straight into its plateau. Without a corner the L-curve method falls back to the discrepancy
   λ and says so. */
static void
test_no_corner_fallback (void)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (TAU0, RATE);
  const double lobe[] = { 0.01, 340.0, 3.0 };
  double area, mean_tp;
  g_autoptr(Peak) p = lobe_peak (law, 240.0, 470.0, 0.25, lobe, 1, 0.003, 7, &area, &mean_tp);
  g_autoptr(RlxSpectrumResult) disc = compute (p, law, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
  g_autoptr(RlxSpectrumResult) lc = compute (p, law, RLX_SPECTRUM_LAMBDA_LCURVE);
  double corner, turning;

  g_test_message ("narrow lobe: λ %.3g (%s), discrepancy %.3g, corner index %zu",
                  lc->lambda, rlx_spectrum_lambda_method_to_string (lc->lambda_method),
                  disc->lambda, lc->lcurve_corner);
  g_assert_false (rlx_spectrum_lcurve_corner (lc->lcurve_lambda, lc->lcurve_residual,
                                              lc->lcurve_solution, lc->n_lcurve, &corner, &turning));
  g_assert_cmpuint (lc->lcurve_corner, ==, G_MAXSIZE);
  g_assert_cmpuint (lc->n_lcurve, ==, 24);
  g_assert_true (rlx_spectrum_result_has_warning (lc, "lcurve-no-corner"));
  g_assert_cmpint (lc->lambda_method, ==, RLX_SPECTRUM_LAMBDA_DISCREPANCY);
  g_assert_cmpfloat_with_epsilon (lc->lambda / disc->lambda, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lc->total / disc->total, 1.0, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/relaxun/spectrum/lcurve/known-curves", test_corner_known_curves);
  g_test_add_func ("/relaxun/spectrum/lcurve/two-lobe", test_two_lobe_corner);
  g_test_add_func ("/relaxun/spectrum/lcurve/single-peak", test_single_peak_corner);
  g_test_add_func ("/relaxun/spectrum/lcurve/no-corner-fallback", test_no_corner_fallback);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-models"

#include "config.h"

#include <math.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_expint.h>

#include "rlx-core.h"
#include "rlx-debye.h"

#define RATE 1000.0

typedef struct
{
  const char *id;
  double      b;
  double      tau0;
  double      t0;
  double      ts;
  double      q0;         /* amplitude recovered above ts */
  double      t[5];
  double      f[5];
} Golden;

/* science.md §7.3 */
static const Golden golden[] = {
  { "A02", 5291.983622, 5.3715715111e-11, 0.0, 173.15, 1.0,
    { 253, 268, 273, 275, 278 },
    { 1.2941648115e-02, 2.6821647008e-02, 2.8577305449e-02, 2.8248946788e-02, 2.6470356260e-02 } },
  { "A07", 12027.235504, 1.3442880284e-18, 0.0, 173.15, 1.0,
    { 310, 325, 330, 332, 335 },
    { 9.7096156549e-03, 3.7258423204e-02, 4.2746810758e-02, 4.1586874203e-02, 3.5321142092e-02 } },
  { "A11", 45703.494917, 8.3604846847e-53, 0.0, 173.15, 1.0,
    { 380, 395, 400, 402, 405 },
    { 6.9695633040e-04, 5.3663041969e-02, 1.0689170232e-01, 8.7404558034e-02, 1.8847632553e-02 } },
  { "A02-Ts253", 5291.983622, 5.3715715111e-11, 0.0, 253.0, 1.0,
    { 253, 268, 273, 275, 278 },
    { 1.5338779027e-02, 3.1789715880e-02, 3.3870568073e-02, 3.3481388821e-02, 3.1373356919e-02 } },
  { "V03", 3047.8, 3.4999301299e-14, 311.0, 331.0, 1.0,
    { 410, 425, 430, 432, 435 },
    { 1.2139796796e-03, 5.2987426469e-02, 8.4929978199e-02, 7.5840309027e-02, 3.5754822098e-02 } },
};

static void
test_golden (gconstpointer data)
{
  const Golden *g = data;
  double tp = rlx_debye_peak_temperature (g->b, g->tau0, g->t0, RATE);
  double q_inf;

  g_assert_true (isfinite (tp));
  q_inf = g->q0 / rlx_debye_q0_factor (g->ts, g->b, tp, g->t0, NULL);
  g_assert_cmpfloat_with_epsilon (rlx_debye_tau0 (g->b, tp, g->t0, RATE) / g->tau0, 1.0, 1e-12);

  for (guint i = 0; i < 5; i++)
    {
      double f = rlx_debye_heating_dqdt (g->t[i], q_inf, g->b, tp, g->t0, g->ts);
      g_test_message ("%s f(%g) = %.10e (golden %.10e)", g->id, g->t[i], f, g->f[i]);
      /* The published values are good to about 1e-9; A07 f(310) is 1.4e-9 off an independent
         30-digit quadrature, which the closed form matches to 1e-12. */
      g_assert_cmpfloat_with_epsilon (f / g->f[i], 1.0, 3e-9);
    }
  /* Nothing before the scan starts. */
  g_assert_cmpfloat (rlx_debye_heating_dqdt (g->ts - 1.0, q_inf, g->b, tp, g->t0, g->ts), ==, 0.0);
}

/* science.md §7.1: E (kJ/mol), log10 τ0, Tp, τ(Tp), f_max, FWHM, low half, high half, f_eq, ΔS/R */
typedef struct
{
  const char *id;
  double e, log10_tau0, tp, tau_tp, f_max, fwhm, low, high, f_eq, ds;
} TableRow;

static const TableRow table[] = {
  { "A01", 40, -9.8882, 260.000, 1.4051e-2, 0.02875, 32.081, 18.368, 13.713, 11.33, -7.17 },
  { "A02", 44, -10.2699, 273.000, 1.4083e-2, 0.02858, 32.247, 18.497, 13.750, 11.30, -6.29 },
  { "A03", 40, -8.6925, 300.000, 1.8708e-2, 0.02186, 42.304, 24.072, 18.231, 8.51, -9.92 },
  { "A04", 50, -11.2123, 280.000, 1.3037e-2, 0.03063, 30.030, 17.290, 12.740, 12.21, -4.12 },
  { "A05", 80, -15.9580, 300.000, 9.3538e-3, 0.04164, 21.956, 12.791, 9.165, 17.02, 6.81 },
  { "A06", 86, -16.0421, 320.000, 9.9000e-3, 0.03933, 23.245, 13.544, 9.701, 16.08, 7.00 },
  { "A07", 100, -17.8715, 330.000, 9.0544e-3, 0.04275, 21.354, 12.477, 8.878, 17.58, 11.22 },
  { "A08", 120, -19.9799, 350.000, 8.4877e-3, 0.04535, 20.099, 11.773, 8.327, 18.75, 16.07 },
  { "A09", 100, -16.4769, 360.000, 1.0776e-2, 0.03607, 25.333, 14.773, 10.560, 14.77, 8.01 },
  { "A10", 350, -50.5746, 380.000, 3.4303e-3, 0.10915, 8.288, 4.914, 3.374, 46.40, 86.52 },
  { "A11", 380, -52.0778, 400.000, 3.5008e-3, 0.10689, 8.462, 5.018, 3.444, 45.46, 89.98 },
  { "A12", 420, -55.9855, 410.000, 3.3278e-3, 0.11231, 8.050, 4.776, 3.274, 47.83, 98.98 },
  { "A13", 400, -52.1820, 420.000, 3.6667e-3, 0.10205, 8.863, 5.256, 3.607, 43.41, 90.22 },
  { "A14", 350, -45.9058, 420.000, 4.1905e-3, 0.08951, 10.112, 5.991, 4.121, 37.98, 75.77 },
};

static double
half_point (double b, double tp, double q_inf, double half, double t_in, double t_out)
{
  for (int i = 0; i < 200; i++)
    {
      double mid = 0.5 * (t_in + t_out);
      if (rlx_debye_heating_dqdt (mid, q_inf, b, tp, 0.0, NAN) > half)
        t_in = mid;
      else
        t_out = mid;
    }
  return 0.5 * (t_in + t_out);
}

static void
test_table (gconstpointer data)
{
  const TableRow *row = data;
  double b = row->e * 1e3 / RLX_GAS_CONSTANT;
  double ln_tau0 = rlx_debye_ln_tau0 (b, row->tp, 0.0, RATE);
  double tp_back = rlx_debye_peak_temperature_ln (b, ln_tau0, 0.0, RATE);
  double q_inf = 1.0 / rlx_debye_q0_factor (173.15, b, row->tp, 0.0, NULL);
  double f_max = rlx_debye_heating_dqdt (row->tp, q_inf, b, row->tp, 0.0, 173.15);
  double lo, hi, tau_tp = row->tp * row->tp / (b * RATE);
  double h = 1e-4;

  g_assert_cmpfloat_with_epsilon (ln_tau0 / G_LN10, row->log10_tau0, 1e-4);
  g_assert_cmpfloat_with_epsilon (tp_back, row->tp, 1e-9);
  g_assert_cmpfloat_with_epsilon (tau_tp / row->tau_tp, 1.0, 1e-4);
  g_assert_cmpfloat_with_epsilon (f_max / row->f_max, 1.0, 2e-4);
  /* Tp is the exact maximum */
  g_assert_cmpfloat (rlx_debye_heating_dqdt (row->tp - h, q_inf, b, row->tp, 0.0, 173.15), <, f_max);
  g_assert_cmpfloat (rlx_debye_heating_dqdt (row->tp + h, q_inf, b, row->tp, 0.0, 173.15), <, f_max);
  lo = half_point (b, row->tp, q_inf, 0.5 * f_max, row->tp, row->tp - 100.0);
  hi = half_point (b, row->tp, q_inf, 0.5 * f_max, row->tp, row->tp + 100.0);
  g_assert_cmpfloat_with_epsilon (hi - lo, row->fwhm, 1.5e-3);
  g_assert_cmpfloat_with_epsilon (row->tp - lo, row->low, 1.5e-3);
  g_assert_cmpfloat_with_epsilon (hi - row->tp, row->high, 1.5e-3);
  g_assert_cmpfloat_with_epsilon (1.0 / (2.0 * G_PI * tau_tp), row->f_eq, 0.006);
  g_assert_cmpfloat_with_epsilon (log (1e-13) - ln_tau0, row->ds, 0.006);
  /* The shape does not depend on Ts: a scan from Tp − 30 K only rescales the curve. */
  {
    double ts = row->tp - 30.0;
    double r1 = rlx_debye_heating_dqdt (row->tp + 3.0, 1.0, b, row->tp, 0.0, ts) /
                rlx_debye_heating_dqdt (row->tp - 5.0, 1.0, b, row->tp, 0.0, ts);
    double r2 = rlx_debye_heating_dqdt (row->tp + 3.0, 1.0, b, row->tp, 0.0, NAN) /
                rlx_debye_heating_dqdt (row->tp - 5.0, 1.0, b, row->tp, 0.0, NAN);
    g_assert_cmpfloat_with_epsilon (r1 / r2, 1.0, 1e-14);
  }
}

typedef struct
{
  double b, ln_tau0, t0;
} QuadParams;

static double
quad_rate (double t, void *data)
{
  const QuadParams *q = data;
  if (t <= q->t0)
    return 0.0;
  return exp (-q->b / (t - q->t0) - q->ln_tau0 - log (RATE));
}

/* I(T) = A(T) − A(Ts) must equal ∫ dT′/(Rh·τ(T′)) over the whole §7.1 range and for VFT. */
static void
test_quadrature (void)
{
  static const struct { double b, tp, t0, ts; } cases[] = {
    { 40e3 / RLX_GAS_CONSTANT, 260, 0, 173.15 }, { 44e3 / RLX_GAS_CONSTANT, 273, 0, 173.15 },
    { 100e3 / RLX_GAS_CONSTANT, 330, 0, 173.15 }, { 120e3 / RLX_GAS_CONSTANT, 350, 0, 250 },
    { 350e3 / RLX_GAS_CONSTANT, 380, 0, 173.15 }, { 420e3 / RLX_GAS_CONSTANT, 410, 0, 300 },
    { 3047.8, 430.0, 311.0, 331.0 }, { 9.8 * 250, 380, 250, 270 },
  };
  gsl_integration_workspace *ws = gsl_integration_workspace_alloc (1000);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      QuadParams qp = { cases[c].b, rlx_debye_ln_tau0 (cases[c].b, cases[c].tp, cases[c].t0, RATE), cases[c].t0 };
      gsl_function fn = { quad_rate, &qp };
      double a_s = rlx_debye_reduced_time (cases[c].ts, cases[c].b, cases[c].tp, cases[c].t0);

      for (double dt = -40.0; dt <= 25.0; dt += 5.0)
        {
          double t = cases[c].tp + dt, integral, abserr;
          double closed = rlx_debye_reduced_time (t, cases[c].b, cases[c].tp, cases[c].t0) - a_s;

          if (t <= cases[c].ts)
            continue;
          g_assert_cmpint (gsl_integration_qag (&fn, cases[c].ts, t, 0.0, 1e-13, 1000,
                                                GSL_INTEG_GAUSS61, ws, &integral, &abserr), ==, 0);
          g_assert_cmpfloat (fabs (closed - integral), <=, 1e-10 * fabs (integral) + 1e-300);
        }
    }
  gsl_integration_workspace_free (ws);
}

/* Analytic gradient vs central differences in (Q∞, B, Tp, T0), Arrhenius and VFT. */
static void
test_jacobian (void)
{
  static const double sets[][4] = {
    { 1.0, 40e3 / RLX_GAS_CONSTANT, 260, 0 }, { 0.7, 100e3 / RLX_GAS_CONSTANT, 330, 0 },
    { 2.0, 420e3 / RLX_GAS_CONSTANT, 410, 0 }, { 1.0, 3047.8, 430, 311 },
    { 1.5, 9.8 * 250, 380, 250 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      const double *p0 = sets[s];
      double width = 3.0 * RLX_GAS_CONSTANT * p0[2] * p0[2] / (RLX_GAS_CONSTANT * p0[1] * p0[2] * p0[2] / ((p0[2] - p0[3]) * (p0[2] - p0[3])));

      for (int k = -8; k <= 6; k++)
        {
          double t = p0[2] + k * width / 3.0, g[4];
          double f = rlx_debye_heating_gradient (t, p0[0], p0[1], p0[2], p0[3], NAN, g);

          g_assert_true (isfinite (f));
          /* Central differences lose their digits in the double-exponential far tail. */
          if (f < 1e-12 * rlx_debye_heating_dqdt (p0[2], p0[0], p0[1], p0[2], p0[3], NAN))
            continue;
          for (int j = 0; j < 4; j++)
            {
              double p[4] = { p0[0], p0[1], p0[2], p0[3] }, h, fp, fm, num;

              if (j == 3 && p0[3] == 0.0)
                continue;
              h = 1e-6 * fabs (p0[j]);
              p[j] = p0[j] + h;
              fp = rlx_debye_heating_dqdt (t, p[0], p[1], p[2], p[3], NAN);
              p[j] = p0[j] - h;
              fm = rlx_debye_heating_dqdt (t, p[0], p[1], p[2], p[3], NAN);
              num = (fp - fm) / (2.0 * h);
              if (fabs (g[j] - num) > 1e-6 * fabs (g[j]) + 1e-9 * fabs (f / p0[j]) + 1e-300)
                g_error ("set %u, T = %g, parameter %d: analytic %.12g, numeric %.12g", s, t, j, g[j], num);
            }
        }
    }
}

/* The fast continued fraction for e^u·E_n(u) agrees with GSL's general routines (whose E2 is
   good to about 1e-14 here) and with 30-digit values (mpmath) to 1e-15. */
static void
test_expint (void)
{
  static const double exact[][2] = {
    { 29.328224149619761, 0.031981676076094587899 }, { 31.381199840093146, 0.030008030553789925873 },
    { 44.013756147165218, 0.021752372621535665112 }, { 80.917495461970148, 0.012063610356122334185 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    g_assert_cmpfloat (fabs (rlx_debye_expint_scaled (2, exact[i][0]) / exact[i][1] - 1.0), <, 1e-15);
  for (double u = 0.01; u < 2000.0; u *= 1.07)
    {
      double e1 = gsl_sf_expint_E1_scaled (u), e2 = gsl_sf_expint_E2_scaled (u);
      g_assert_cmpfloat (fabs (rlx_debye_expint_scaled (1, u) / e1 - 1.0), <, 2e-14);
      g_assert_cmpfloat (fabs (rlx_debye_expint_scaled (2, u) / e2 - 1.0), <, 2e-14);
    }
}

/* The continued fraction's depth changes at these u (rlx-debye.c): each side of every step must
   be as accurate as anywhere else. */
static void
test_expint_depth_steps (void)
{
  static const double steps[] = { 300.0, 130.0, 73.0, 51.0, 36.0, 28.0, 24.0, 20.0, 17.0, 15.0,
                                  12.0, 10.7, 9.5, 8.5, 7.0, 6.0, 5.0, 4.0, 3.0, 2.5, 2.0 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    for (int side = -1; side <= 1; side++)
      {
        double u = steps[i] * (1.0 + side * 1e-9);
        for (int n = 1; n <= 2; n++)
          {
            double ref = n == 1 ? gsl_sf_expint_E1_scaled (u) : gsl_sf_expint_E2_scaled (u);
            g_assert_cmpfloat (fabs (rlx_debye_expint_scaled (n, u) / ref - 1.0), <, 2e-14);
          }
      }
  /* far out the value is 1/(u + n) to double precision */
  g_assert_cmpfloat (fabs (rlx_debye_expint_scaled (2, 1e12) * (1e12 + 2.0) - 1.0), <, 1e-15);
  g_assert_cmpfloat (fabs (rlx_debye_expint_scaled (2, 1e9) / gsl_sf_expint_E2_scaled (1e9) - 1.0), <, 1e-14);
}

/* The block form the fitter uses gives the point-by-point values and gradients (its continued
   fraction may go one term deeper, hence not bit for bit). */
static void
test_block (void)
{
  const double b = 12027.235504, tp = 330.0;
  double t[300], f[300], g[1200];

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    t[i] = 150.0 + 0.7 * i;   /* from far below the peak (f = 0) to far above it */
  g_assert_true (rlx_debye_heating_block (t, G_N_ELEMENTS (t), 0.8, b, tp, 0.0, 173.15, f, g));
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      double g4[4], v = rlx_debye_heating_gradient (t[i], 0.8, b, tp, 0.0, 173.15, g4);

      g_assert_cmpfloat (fabs (f[i] - v), <=, 1e-14 * fabs (v));
      for (int k = 0; k < 4; k++)
        g_assert_cmpfloat (fabs (g[4 * i + k] - g4[k]), <=, 1e-12 * fabs (g4[k]));
    }
  g_assert_cmpfloat (f[0], ==, 0.0);   /* below Ts */
  g_assert_false (rlx_debye_heating_block (t, 3, 1.0, -1.0, tp, 0.0, NAN, f, NULL));
  g_assert_true (isnan (f[0]));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();

  for (guint i = 0; i < G_N_ELEMENTS (golden); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relaxun/models/debye/golden/%s", golden[i].id);
      g_test_add_data_func (path, &golden[i], test_golden);
    }

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relaxun/models/debye/table/%s", table[i].id);
      g_test_add_data_func (path, &table[i], test_table);
    }
  g_test_add_func ("/relaxun/models/debye/expint", test_expint);
  g_test_add_func ("/relaxun/models/debye/expint-depth-steps", test_expint_depth_steps);
  g_test_add_func ("/relaxun/models/debye/block", test_block);
  g_test_add_func ("/relaxun/models/debye/quadrature", test_quadrature);
  g_test_add_func ("/relaxun/models/debye/jacobian", test_jacobian);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-fit"

#include "config.h"

#include <math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-dma.h"
#include "rlx-fit.h"
#include "rlx-kww.h"

#define RATE 1000.0
#define TS 173.15

/* science.md §7.1: id, E (kJ/mol), Tp (K), log10 τ0, f_eq, ΔS/R */
static const struct
{
  const char *id;
  double e, tp, log10_tau0, f_eq, ds;
} units[] = {
  { "A01", 40, 260, -9.8882, 11.33, -7.17 }, { "A02", 44, 273, -10.2699, 11.30, -6.29 },
  { "A03", 40, 300, -8.6925, 8.51, -9.92 }, { "A04", 50, 280, -11.2123, 12.21, -4.12 },
  { "A05", 80, 300, -15.9580, 17.02, 6.81 }, { "A06", 86, 320, -16.0421, 16.08, 7.00 },
  { "A07", 100, 330, -17.8715, 17.58, 11.22 }, { "A08", 120, 350, -19.9799, 18.75, 16.07 },
  { "A09", 100, 360, -16.4769, 14.77, 8.01 }, { "A10", 350, 380, -50.5746, 46.40, 86.52 },
  { "A11", 380, 400, -52.0778, 45.46, 89.98 }, { "A12", 420, 410, -55.9855, 47.83, 98.98 },
  { "A13", 400, 420, -52.1820, 43.41, 90.22 }, { "A14", 350, 420, -45.9058, 37.98, 75.77 },
};

/* Curve of a §7.1 unit (Q0 = 1 J/g above Ts) on a 0.2 K grid over −6…+4 FWHM-ish. */
static gsize
make_peak (double  e,
           double  tp,
           double  noise,
           guint64 seed,
           double **x_out,
           double **y_out,
           double  *q_inf_out)
{
  double b = e * 1e3 / RLX_GAS_CONSTANT;
  double w = 2.4464 * tp * tp / b;
  double q_inf = 1.0 / rlx_debye_q0_factor (TS, b, tp, 0.0, NULL);
  double lo = MAX (tp - 3.0 * w, TS), hi = tp + 2.0 * w, step = 0.1;
  gsize n = (gsize) ((hi - lo) / step) + 1;
  double *x = g_new (double, n), *y = g_new (double, n), fmax;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, seed);
  fmax = rlx_debye_heating_dqdt (tp, q_inf, b, tp, 0.0, TS);
  for (gsize i = 0; i < n; i++)
    {
      x[i] = lo + step * i;
      y[i] = rlx_debye_heating_dqdt (x[i], q_inf, b, tp, 0.0, TS);
      if (noise > 0.0)
        y[i] += gsl_ran_gaussian (rng, noise * fmax);
    }
  gsl_rng_free (rng);
  *x_out = x;
  *y_out = y;
  *q_inf_out = q_inf;
  return n;
}

static RlxModel *
debye_model (RlxBaseline baseline)
{
  RlxModelOptions o;

  rlx_model_options_init (&o);
  o.heating_rate = RATE;
  o.scan_start = TS;
  o.baseline = baseline;
  return rlx_model_new ("debye", &o, NULL);
}

static void
test_noise_free (gconstpointer data)
{
  guint k = GPOINTER_TO_UINT (data);
  g_autofree double *x = NULL, *y = NULL;
  double q_inf;
  gsize n = make_peak (units[k].e, units[k].tp, 0.0, 1, &x, &y, &q_inf);
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_NONE);
  g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
  g_autoptr(RlxFitResult) r = rlx_fit_run (req, NULL, NULL, NULL);

  g_test_message ("%s: %s (%u iterations)", units[k].id, r->message, r->iterations);
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E") / (units[k].e * 1e3), 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Tp") / units[k].tp, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Q_inf") / q_inf, 1.0, 1e-6);
  /* derived quantities against the §7.1 columns */
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Q0"), 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "log10_tau0"), units[k].log10_tau0, 1e-4);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "f_eq"), units[k].f_eq, 0.006);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "dS_R"), units[k].ds, 0.006);
  g_assert_cmpfloat (r->r2, >, 1.0 - 1e-12);
}

static void
test_noisy (gconstpointer data)
{
  guint k = GPOINTER_TO_UINT (data);
  g_autofree double *x = NULL, *y = NULL;
  double q_inf, e_tol = units[k].e > 300 ? 0.005 : 0.01;
  gsize n = make_peak (units[k].e, units[k].tp, 0.01, 42 + k, &x, &y, &q_inf);
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_NONE);
  g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
  g_autoptr(RlxFitResult) r = rlx_fit_run (req, NULL, NULL, NULL);
  const RlxFitParam *e = rlx_fit_result_get_param (r, "E");
  const RlxFitParam *tp = rlx_fit_result_get_param (r, "Tp");
  const RlxFitParam *q = rlx_fit_result_get_param (r, "Q_inf");

  g_test_message ("%s: E = %.1f ± %.1f, Tp = %.4f ± %.4f, Q∞ = %.5f ± %.5f (true %.5f)", units[k].id,
                  e->value, e->stderr, tp->value, tp->stderr, q->value, q->stderr, q_inf);
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
  g_assert_cmpfloat (fabs (tp->value - units[k].tp), <=, 0.05);
  g_assert_cmpfloat (fabs (e->value / (units[k].e * 1e3) - 1.0), <=, e_tol);
  g_assert_cmpfloat (fabs (q->value / q_inf - 1.0), <=, 0.01);
  /* honest σ: the truth lies within 4σ and σ is finite and positive */
  g_assert_cmpfloat (e->stderr, >, 0.0);
  g_assert_cmpfloat (fabs (e->value - units[k].e * 1e3), <=, 4.0 * e->stderr);
  g_assert_cmpfloat (fabs (tp->value - units[k].tp), <=, 4.0 * tp->stderr);
  g_assert_cmpfloat (r->reduced_chi2, >, 0.0);
  g_assert_cmpint (r->dof, ==, (int) n - 3);
  g_assert_true (isfinite (rlx_fit_result_get_derived (r, "tau0")->stderr));
}

/* A linear baseline under the peak, eliminated by variable projection or fitted jointly. */
static void
test_baseline (void)
{
  g_autofree double *x = NULL, *y = NULL;
  double q_inf;
  gsize n = make_peak (100, 330, 0.0, 1, &x, &y, &q_inf);

  for (gsize i = 0; i < n; i++)
    y[i] += 0.004 + 2e-5 * (x[i] - 300.0);

  for (int mode = 0; mode < 2; mode++)
    {
      g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_LINEAR);
      g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
      g_autoptr(RlxFitResult) r = NULL;
      double xref;

      rlx_fit_request_set_linear_mode (req, mode == 0 ? RLX_FIT_LINEAR_PROJECT : RLX_FIT_LINEAR_JOINT);
      r = rlx_fit_run (req, NULL, NULL, NULL);
      g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
      xref = rlx_fit_result_get_value (r, "x_ref");
      g_assert_true (rlx_fit_result_get_param (r, "x_ref")->fixed);
      g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E") / 100e3, 1.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Tp"), 330.0, 1e-5);
      g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "c1"), 2e-5, 1e-10);
      g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "c0"), 0.004 + 2e-5 * (xref - 300.0), 1e-9);
      g_assert_true (isfinite (rlx_fit_result_get_param (r, "Q_inf")->stderr));
    }
}

/* Two units on one baseline (multi-step annealing) */
static void
test_sum (void)
{
  RlxModelOptions o;
  g_autoptr(RlxModel) model = NULL;
  g_autoptr(RlxFitRequest) req = NULL;
  g_autoptr(RlxFitResult) r = NULL;
  gsize n = 900;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 220.0 + 0.2 * i;
      y[i] = rlx_debye_heating_dqdt (x[i], 0.4, 44e3 / RLX_GAS_CONSTANT, 273, 0, NAN) +
             rlx_debye_heating_dqdt (x[i], 1.0, 100e3 / RLX_GAS_CONSTANT, 340, 0, NAN) + 0.002;
    }
  rlx_model_options_init (&o);
  o.n_components = 2;
  o.baseline = RLX_BASELINE_CONSTANT;
  o.heating_rate = RATE;
  model = rlx_model_new ("debye-sum", &o, NULL);
  req = rlx_fit_request_new (model, x, y, NULL, n);
  r = rlx_fit_run (req, NULL, NULL, NULL);
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Tp_1"), 273.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Tp_2"), 340.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E_1") / 44e3, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E_2") / 100e3, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Q_inf_1"), 0.4, 1e-6);
  g_assert_nonnull (rlx_fit_result_get_derived (r, "f_eq_2"));
}

static void
test_kww (void)
{
  RlxModelOptions o;
  g_autoptr(RlxModel) model = NULL;
  g_autoptr(RlxFitRequest) req = NULL;
  g_autoptr(RlxFitResult) r = NULL;
  gsize n = 700;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 250.0 + 0.15 * i;
      y[i] = rlx_kww_heating_dqdt (x[i], 1.0, 100e3 / RLX_GAS_CONSTANT, 330, 0, 0.6, NULL);
    }
  rlx_model_options_init (&o);
  o.heating_rate = RATE;
  model = rlx_model_new ("kww", &o, NULL);
  req = rlx_fit_request_new (model, x, y, NULL, n);
  r = rlx_fit_run (req, NULL, NULL, NULL);
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "beta"), 0.6, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E") / 100e3, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Tp"), 330.0, 1e-5);
}

/* DMA: α + β Havriliak–Negami loss at 2 Hz, and the matching storage modulus. */
static void
test_dma (void)
{
  RlxModelOptions o;
  gsize n = 400;
  g_autofree double *x = g_new (double, n), *loss = g_new (double, n), *storage = g_new (double, n);
  const double truth[] = { 800, 340e3, 405, 0.8, 0.45, 40, 86e3, 300, 0.6, 0.9 };
  g_autoptr(RlxModel) lm = NULL, sm = NULL;
  double sp[11];

  rlx_model_options_init (&o);
  o.frequency = 2.0;
  o.n_components = 2;
  lm = rlx_model_new ("dma-hn", &o, NULL);
  sm = rlx_model_new ("dma-storage", &o, NULL);
  for (gsize i = 0; i < n; i++)
    x[i] = 220.0 + 0.5 * i;
  g_assert_true (rlx_model_evaluate (lm, truth, x, n, loss, NULL));
  sp[0] = 30000;
  for (int k = 0; k < 10; k++)
    sp[k + 1] = truth[k];
  g_assert_true (rlx_model_evaluate (sm, sp, x, n, storage, NULL));

  {
    g_autoptr(RlxFitRequest) req = rlx_fit_request_new (lm, x, loss, NULL, n);
    g_autoptr(RlxFitResult) r = NULL;
    /* start near the truth as the "fit Debye first, then free a and b" strategy would */
    const char *names[] = { "E_1", "T1_1", "E_2", "T1_2" };
    const double starts[] = { 300e3, 400, 100e3, 305 };
    for (int k = 0; k < 4; k++)
      g_assert_true (rlx_fit_request_set_initial (req, names[k], starts[k], NULL));
    r = rlx_fit_run (req, NULL, NULL, NULL);
    g_test_message ("dma-hn: %s", r->message);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E_1") / 340e3, 1.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "a_1"), 0.8, 1e-6);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "b_1"), 0.45, 1e-6);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "dE_2"), 40.0, 1e-5);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "T_peak_1"),
                                    rlx_dma_peak_temperature_arrhenius (340e3, 405, 0.8, 0.45), 1e-6);
  }
  {
    RlxModelOptions o1 = o;
    g_autoptr(RlxModel) sm1 = NULL;
    g_autoptr(RlxFitRequest) req = NULL;
    g_autoptr(RlxFitResult) r = NULL;
    const double one[] = { 30000, 25000, 340e3, 405, 0.8, 0.45 };
    o1.n_components = 1;
    sm1 = rlx_model_new ("dma-storage", &o1, NULL);
    g_assert_true (rlx_model_evaluate (sm1, one, x, n, storage, NULL));
    req = rlx_fit_request_new (sm1, x, storage, NULL, n);
    r = rlx_fit_run (req, NULL, NULL, NULL);
    g_test_message ("dma-storage: %s", r->message);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Eu") / 30000, 1.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E") / 340e3, 1.0, 1e-5);
  }
}

/* Heat flow (W/g) against time: dQ/dt = Rh·dQ/dT, T = T(0) + Rh·t. */
static void
test_time_heat_flow (void)
{
  RlxModelOptions o;
  g_autoptr(RlxModel) model = NULL;
  g_autoptr(RlxFitRequest) req = NULL;
  g_autoptr(RlxFitResult) r = NULL;
  gsize n = 600;
  g_autofree double *t = g_new (double, n), *hf = g_new (double, n);
  double b = 86e3 / RLX_GAS_CONSTANT;

  for (gsize i = 0; i < n; i++)
    {
      t[i] = 0.100 + 1e-4 * i;   /* s; T from 273.15 to 333 K */
      hf[i] = RATE * rlx_debye_heating_dqdt (TS + RATE * t[i], 0.5, b, 320, 0, NAN);
    }
  rlx_model_options_init (&o);
  o.heating_rate = RATE;
  o.signal_per_time = TRUE;
  o.x_is_time = TRUE;
  o.time_zero_temperature = TS;
  o.y_unit = "W/g";
  model = rlx_model_new ("debye", &o, NULL);
  req = rlx_fit_request_new (model, t, hf, NULL, n);
  r = rlx_fit_run (req, NULL, NULL, NULL);
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Q_inf"), 0.5, 1e-6);
  g_assert_cmpstr (rlx_fit_result_get_param (r, "Q_inf")->unit, ==, "J/g");
  g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "Tp"), 320.0, 1e-5);
  g_assert_cmpstr (r->x_unit, ==, "s");
}

static void
test_fixed_bounds_mask (void)
{
  g_autofree double *x = NULL, *y = NULL;
  double q_inf;
  gsize n = make_peak (100, 330, 0.0, 1, &x, &y, &q_inf);
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_NONE);

  /* fixed: E stays exactly, reported fixed without σ */
  {
    g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
    g_autoptr(RlxFitResult) r = NULL;
    g_assert_true (rlx_fit_request_fix (req, "E", 100e3, NULL));
    r = rlx_fit_run (req, NULL, NULL, NULL);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
    g_assert_true (rlx_fit_result_get_param (r, "E")->fixed);
    g_assert_cmpfloat (rlx_fit_result_get_value (r, "E"), ==, 100e3);
    g_assert_true (isnan (rlx_fit_result_get_param (r, "E")->stderr));
    g_assert_cmpint (r->dof, ==, (int) n - 2);
  }
  /* a bound that excludes the truth: at-bound, named */
  {
    g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
    g_autoptr(RlxFitResult) r = NULL;
    g_assert_true (rlx_fit_request_set_bounds (req, "E", 5e3, 90e3, NULL));
    r = rlx_fit_run (req, NULL, NULL, NULL);
    g_test_message ("bounded: %s, E = %.6f after %u iterations", r->message, rlx_fit_result_get_value (r, "E"), r->iterations);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_AT_BOUND);
    g_assert_true (rlx_fit_result_get_param (r, "E")->at_bound);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E"), 90e3, 1.0);
    g_assert_nonnull (strstr (r->message, "E"));
  }
  /* a spike inside a masked range and outside the window changes nothing */
  {
    g_autoptr(RlxFitRequest) req = NULL;
    g_autoptr(RlxFitResult) r = NULL;
    g_autofree double *yy = g_memdup2 (y, n * sizeof (double));
    gsize used = 0;
    for (gsize i = 0; i < n; i++)
      {
        if (x[i] > 335 && x[i] < 336)
          yy[i] += 5.0;
        if (x[i] < 300)
          yy[i] = -7.0;
        if (x[i] >= 300 && !(x[i] >= 334.9 && x[i] <= 336.1))
          used++;
      }
    req = rlx_fit_request_new (model, x, yy, NULL, n);
    rlx_fit_request_set_window (req, 300, 1000);
    rlx_fit_request_add_mask (req, 334.9, 336.1);
    r = rlx_fit_run (req, NULL, NULL, NULL);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CONVERGED);
    g_assert_cmpuint (r->n_points, ==, used);
    g_assert_cmpfloat_with_epsilon (rlx_fit_result_get_value (r, "E") / 100e3, 1.0, 1e-6);
  }
  /* unknown parameter names are refused */
  {
    g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
    g_autoptr(GError) error = NULL;
    g_assert_false (rlx_fit_request_fix (req, "Ea", 1, &error));
    g_assert_error (error, RLX_FIT_ERROR, RLX_FIT_ERROR_UNKNOWN_PARAMETER);
  }
}

static void
test_invalid (void)
{
  g_autofree double *x = NULL, *y = NULL;
  double q_inf;
  gsize n = make_peak (100, 330, 0.0, 1, &x, &y, &q_inf);
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_NONE);

  {
    g_autoptr(RlxFitRequest) req = NULL;
    g_autoptr(RlxFitResult) r = NULL;
    g_autoptr(JsonNode) json = NULL;
    y[n / 2] = NAN;
    req = rlx_fit_request_new (model, x, y, NULL, n);
    r = rlx_fit_run (req, NULL, NULL, NULL);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_INVALID_INPUT);
    g_assert_false (rlx_fit_result_is_success (r));
    g_assert_nonnull (strstr (r->message, "not a finite number"));
    json = rlx_fit_result_to_json (r);
    g_assert_nonnull (json);
  }
  {
    g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, 3);
    g_autoptr(RlxFitResult) r = rlx_fit_run (req, NULL, NULL, NULL);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_INVALID_INPUT);
  }
  {
    g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, 0);
    g_autoptr(RlxFitResult) r = rlx_fit_run (req, NULL, NULL, NULL);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_INVALID_INPUT);
  }
  {
    /* window with nothing in it */
    g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
    g_autoptr(RlxFitResult) r = NULL;
    rlx_fit_request_set_window (req, 1000, 2000);
    r = rlx_fit_run (req, NULL, NULL, NULL);
    g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_INVALID_INPUT);
  }
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelData;

static void
cancel_at_two (guint iteration, double chi2, gpointer data)
{
  CancelData *cd = data;
  cd->calls++;
  if (iteration == 2)
    g_cancellable_cancel (cd->cancellable);
}

static void
test_cancel (void)
{
  g_autofree double *x = NULL, *y = NULL;
  double q_inf;
  gsize n = make_peak (100, 330, 0.01, 3, &x, &y, &q_inf);
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_NONE);
  g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
  g_autoptr(RlxFitResult) r = NULL;
  CancelData cd = { g_cancellable_new (), 0 };

  /* far from the answer, so the fit needs many iterations */
  rlx_fit_request_set_initial (req, "E", 30e3, NULL);
  rlx_fit_request_set_initial (req, "Tp", 300, NULL);
  rlx_fit_request_set_linear_mode (req, RLX_FIT_LINEAR_JOINT);
  rlx_fit_request_set_initial (req, "Q_inf", 0.1, NULL);
  r = rlx_fit_run (req, cd.cancellable, cancel_at_two, &cd);
  g_assert_cmpint (r->status, ==, RLX_FIT_STATUS_CANCELLED);
  g_assert_cmpuint (r->iterations, <=, 3);
  g_assert_cmpuint (cd.calls, ==, 2);
  g_object_unref (cd.cancellable);
}

static void
test_json (void)
{
  g_autofree double *x = NULL, *y = NULL;
  double q_inf;
  gsize n = make_peak (86, 320, 0.01, 5, &x, &y, &q_inf);
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_LINEAR);
  g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
  g_autoptr(RlxFitResult) r = rlx_fit_run (req, NULL, NULL, NULL);
  g_autoptr(JsonNode) node = rlx_fit_result_to_json (r);
  g_autoptr(JsonNode) recipe = rlx_fit_request_to_json (req);
  g_autoptr(RlxFitResult) back = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o = json_node_get_object (node), *e;
  static const char *keys[] = { "model", "status", "message", "parameters", "derived", "chi2",
                                "reduced_chi2", "dof", "aic", "bic", "r2", "iterations",
                                "n_points", "correlation", "parameter_order", "x_unit", "y_unit" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (o, keys[i]));
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "converged");
  e = json_object_get_object_member (json_object_get_object_member (o, "parameters"), "E");
  g_assert_cmpstr (json_object_get_string_member (e, "unit"), ==, "J/mol");
  g_assert_false (json_object_get_boolean_member (e, "fixed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "correlation")), ==, 6);
  g_assert_true (json_object_has_member (json_object_get_object_member (o, "derived"), "f_eq"));

  back = rlx_fit_result_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (rlx_fit_result_get_value (back, "E"), ==, rlx_fit_result_get_value (r, "E"));
  g_assert_cmpfloat (rlx_fit_result_get_param (back, "Tp")->stderr, ==, rlx_fit_result_get_param (r, "Tp")->stderr);
  g_assert_cmpfloat (rlx_fit_result_get_derived (back, "tau0")->value, ==, rlx_fit_result_get_derived (r, "tau0")->value);
  g_assert_cmpint (back->status, ==, r->status);
  g_assert_cmpint (back->dof, ==, r->dof);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (recipe), "model"), ==, "debye");
}

static void
test_batch (void)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_fit_request_free);
  g_autoptr(GPtrArray) parallel = NULL;
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_NONE);
  guint n_fits = 200;

  for (guint i = 0; i < n_fits; i++)
    {
      g_autofree double *x = NULL, *y = NULL;
      double q_inf;
      gsize n = make_peak (units[i % 14].e, units[i % 14].tp, 0.01, 100 + i, &x, &y, &q_inf);
      g_ptr_array_add (requests, rlx_fit_request_new (model, x, y, NULL, n));
    }
  parallel = rlx_fit_batch_run (requests, 2, NULL, NULL, NULL);
  g_assert_cmpuint (parallel->len, ==, n_fits);
  for (guint i = 0; i < n_fits; i += 7)   /* sequential spot checks, bit for bit */
    {
      g_autoptr(RlxFitResult) seq = rlx_fit_run (g_ptr_array_index (requests, i), NULL, NULL, NULL);
      RlxFitResult *par = g_ptr_array_index (parallel, i);
      g_assert_cmpint (par->status, ==, RLX_FIT_STATUS_CONVERGED);
      g_assert_cmpfloat (rlx_fit_result_get_value (par, "E"), ==, rlx_fit_result_get_value (seq, "E"));
      g_assert_cmpfloat (rlx_fit_result_get_value (par, "Tp"), ==, rlx_fit_result_get_value (seq, "Tp"));
      g_assert_cmpfloat (par->chi2, ==, seq->chi2);
    }
}

typedef struct
{
  GMainLoop    *loop;
  RlxFitResult *result;
  guint         progress_calls;
  GThread      *main_thread;
} AsyncData;

static void
on_async_progress (guint iteration, double chi2, gpointer data)
{
  AsyncData *ad = data;
  g_assert_true (g_thread_self () == ad->main_thread);
  ad->progress_calls++;
}

static void
on_async_done (GObject *source, GAsyncResult *res, gpointer data)
{
  AsyncData *ad = data;
  g_autoptr(GError) error = NULL;
  ad->result = rlx_fit_run_finish (res, &error);
  g_assert_no_error (error);
  g_main_loop_quit (ad->loop);
}

static void
test_async (void)
{
  g_autofree double *x = NULL, *y = NULL;
  double q_inf;
  gsize n = make_peak (380, 400, 0.01, 9, &x, &y, &q_inf);
  g_autoptr(RlxModel) model = debye_model (RLX_BASELINE_NONE);
  g_autoptr(RlxFitRequest) req = rlx_fit_request_new (model, x, y, NULL, n);
  AsyncData ad = { g_main_loop_new (NULL, FALSE), NULL, 0, g_thread_self () };

  rlx_fit_run_async (req, NULL, on_async_progress, &ad, NULL, on_async_done, &ad);
  rlx_fit_request_free (g_steal_pointer (&req));   /* the worker has its own copy */
  g_main_loop_run (ad.loop);
  /* deliver the progress notices still queued */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_nonnull (ad.result);
  g_assert_cmpint (ad.result->status, ==, RLX_FIT_STATUS_CONVERGED);
  g_assert_cmpuint (ad.progress_calls, ==, ad.result->iterations);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (ad.result, "Tp") - 400.0), <, 0.05);
  rlx_fit_result_free (ad.result);
  g_main_loop_unref (ad.loop);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *p1 = g_strdup_printf ("/relaxun/fit/debye/noise-free/%s", units[i].id);
      g_autofree char *p2 = g_strdup_printf ("/relaxun/fit/debye/noise-1pc/%s", units[i].id);
      g_test_add_data_func (p1, GUINT_TO_POINTER (i), test_noise_free);
      g_test_add_data_func (p2, GUINT_TO_POINTER (i), test_noisy);
    }
  g_test_add_func ("/relaxun/fit/baseline", test_baseline);
  g_test_add_func ("/relaxun/fit/debye-sum", test_sum);
  g_test_add_func ("/relaxun/fit/kww", test_kww);
  g_test_add_func ("/relaxun/fit/dma", test_dma);
  g_test_add_func ("/relaxun/fit/time-heat-flow", test_time_heat_flow);
  g_test_add_func ("/relaxun/fit/fixed-bounds-mask", test_fixed_bounds_mask);
  g_test_add_func ("/relaxun/fit/invalid", test_invalid);
  g_test_add_func ("/relaxun/fit/cancel", test_cancel);
  g_test_add_func ("/relaxun/fit/json", test_json);
  g_test_add_func ("/relaxun/fit/batch", test_batch);
  g_test_add_func ("/relaxun/fit/async", test_async);
  return g_test_run ();
}

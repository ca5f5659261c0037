/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-sim"

#include "config.h"

#include <math.h>
#include <gsl/gsl_rng.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-sim.h"

static RlxSimScan *
run (const RlxSimMaterial *material,
     const RlxSimProtocol *protocol,
     gsl_rng              *rng)
{
  g_autoptr (GError) error = NULL;
  RlxSimScan *scan = rlx_sim_run (material, protocol, rng, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scan);
  return scan;
}

/* A02 of science.md §7.1/§7.3: E = 44 kJ/mol, τ0 = 5.3715715111e-11 s, Tp = 273 K at 1000 K/s. */
static void
test_unit_closed_form (void)
{
  g_autoptr (RlxSimMaterial) material = rlx_sim_material_new ();
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  g_autoptr (RlxSimProtocol) reference = NULL;
  g_autoptr (RlxSimScan) ann = NULL;
  g_autoptr (RlxSimScan) ref = NULL;
  const double e = 44000.0, tau0 = 5.3715715111e-11, ts = 173.15, rh = 1000.0;
  double b = e / RLX_GAS_CONSTANT, tp, q0, q_inf, worst = 0.0, peak = 0.0;
  double golden[][2] = { { 253, 1.2941648115e-02 }, { 268, 2.6821647008e-02 },
                         { 273, 2.8577305449e-02 }, { 275, 2.8248946788e-02 },
                         { 278, 2.6470356260e-02 } };

  rlx_sim_material_add_unit (material, 0.01, e, log (tau0));
  protocol->instrument.sample_interval = 1e-4;
  protocol->instrument.max_step_k = 0.02;
  rlx_sim_protocol_add_equilibrate (protocol, 400.0);
  rlx_sim_protocol_add_ramp (protocol, 253.0, 10000.0, FALSE);
  rlx_sim_protocol_add_hold (protocol, 1.0, TRUE);
  rlx_sim_protocol_add_ramp (protocol, ts, 10000.0, FALSE);
  rlx_sim_protocol_add_ramp (protocol, 400.0, rh, TRUE);
  reference = rlx_sim_protocol_dup_reference (protocol);

  ann = run (material, protocol, NULL);
  ref = run (material, reference, NULL);
  g_assert_true (ann->per_gram);
  g_assert_cmpuint (ann->n_units, ==, 1);

  /* The enthalpy the anneal took out and that heating gives back above Ts. */
  q0 = ref->unit_excess[0] - ann->unit_excess[0];
  g_assert_cmpfloat (q0, >, 0.05);
  tp = rlx_debye_peak_temperature (b, tau0, 0.0, rh);
  g_assert_cmpfloat_with_epsilon (tp, 273.0, 1e-3);
  q_inf = q0 * exp (rlx_debye_reduced_time (ts, b, tp, 0.0));

  for (gsize p = 0; p < ann->n; p++)
    peak = MAX (peak, rlx_debye_heating_dqdt (ann->t_sample[p], q_inf, b, tp, 0.0, ts));
  for (gsize p = 1; p + 1 < ann->n; p++)
    {
      double t = ann->t_sample[p];
      double sim = (ann->heat_flow[p] - ref->heat_flow[p]) / rh;
      double closed = rlx_debye_heating_dqdt (t, q_inf, b, tp, 0.0, ts);

      worst = MAX (worst, fabs (sim - closed));
      for (guint g = 0; g < G_N_ELEMENTS (golden); g++)
        if (fabs (t - golden[g][0]) < 1e-6)
          g_assert_cmpfloat_with_epsilon (sim / q0, golden[g][1], 2e-4 * golden[g][1] + 1e-7);
    }
  g_test_message ("Q0 = %.5f J/g, worst |sim − closed| = %.3g of a peak of %.4g J/(g·K)",
                  q0, worst, peak);
  g_assert_cmpfloat (worst, <, 2e-4 * peak);
}

/* Several holds compose: each relaxes the fraction 1 − exp(−ta/τ(Ta)) of what is left. */
static void
test_multi_step (void)
{
  g_autoptr (RlxSimMaterial) material = rlx_sim_material_new ();
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  g_autoptr (RlxSimScan) scan = NULL;
  const double e = 100000.0, c = 0.02;
  double ln_tau0 = -e / (RLX_GAS_CONSTANT * 300.0);   /* τ(300 K) = 1 s */
  double tau1 = exp (ln_tau0 + e / (RLX_GAS_CONSTANT * 320.0));
  double tau2 = exp (ln_tau0 + e / (RLX_GAS_CONSTANT * 300.0));
  double tf, expected;

  rlx_sim_material_add_unit (material, c, e, ln_tau0);
  protocol->instrument.sample_interval = 1e-3;
  rlx_sim_protocol_add_equilibrate (protocol, 330.0);
  /* Ramps so fast that the unit freezes: only the holds relax it. */
  rlx_sim_protocol_add_ramp (protocol, 320.0, 1e9, FALSE);
  rlx_sim_protocol_add_hold (protocol, 0.05, TRUE);
  rlx_sim_protocol_add_ramp (protocol, 300.0, 1e9, FALSE);
  rlx_sim_protocol_add_hold (protocol, 1.0, TRUE);
  rlx_sim_protocol_add_ramp (protocol, 250.0, 1e9, FALSE);
  rlx_sim_protocol_add_ramp (protocol, 251.0, 100.0, TRUE);
  scan = run (material, protocol, NULL);

  tf = 320.0 + (330.0 - 320.0) * exp (-0.05 / tau1);
  tf = 300.0 + (tf - 300.0) * exp (-1.0 / tau2);
  expected = c * (tf - 250.0);
  g_test_message ("τ(320 K) = %.4g s, Tf after both holds %.4f K", tau1, tf);
  g_assert_cmpfloat_with_epsilon (scan->unit_excess[0], expected, 1e-5);

  {
    GArray *steps = rlx_sim_protocol_dup_anneal_steps (protocol);

    g_assert_cmpuint (steps->len, ==, 2);
    g_assert_cmpfloat (g_array_index (steps, RlxAnnealStep, 0).temperature, ==, 320.0);
    g_assert_cmpfloat (g_array_index (steps, RlxAnnealStep, 1).duration, ==, 1.0);
    g_array_unref (steps);
  }
}

/* Mass, baseline, lag and noise: the instrument, not the sample. */
static void
test_instrument (void)
{
  g_autoptr (RlxSimMaterial) material = rlx_sim_material_new_p1 ();
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  g_autoptr (RlxSimProtocol) plain = NULL;
  g_autoptr (RlxSimScan) a = NULL;
  g_autoptr (RlxSimScan) b = NULL;
  g_autoptr (RlxSimScan) c = NULL;
  gsl_rng *rng1 = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng *rng2 = gsl_rng_alloc (gsl_rng_mt19937);
  double sum = 0.0, sum2 = 0.0;
  gsize n_flat = 0;

  rlx_sim_material_add_unit (material, 0.002, 44000.0, rlx_sim_compensation_ln_tau0 (44000.0));
  rlx_sim_protocol_add_equilibrate (protocol, 500.0);
  rlx_sim_protocol_add_ramp (protocol, 300.0, 10000.0, FALSE);
  rlx_sim_protocol_add_hold (protocol, 5.0, TRUE);
  rlx_sim_protocol_add_ramp (protocol, 193.15, 10000.0, FALSE);
  rlx_sim_protocol_add_hold (protocol, 0.05, FALSE);
  rlx_sim_protocol_add_ramp (protocol, 493.15, 1000.0, TRUE);
  protocol->instrument.sample_interval = 2e-4;
  protocol->instrument.max_step_k = 0.05;
  plain = rlx_sim_protocol_copy (protocol);

  protocol->instrument.mass_ng = 50.0;
  protocol->instrument.lag_s = 2e-4;
  protocol->instrument.baseline[0] = 2e-6;
  protocol->instrument.baseline[1] = 1e-8;
  protocol->instrument.baseline[2] = 2e-11;
  protocol->instrument.noise_mw = 1e-5;
  gsl_rng_set (rng1, 7);
  gsl_rng_set (rng2, 7);
  a = run (material, protocol, rng1);
  b = run (material, protocol, rng2);
  g_assert_false (a->per_gram);
  for (gsize p = 0; p < a->n; p++)
    g_assert_cmpfloat (a->heat_flow[p], ==, b->heat_flow[p]);

  /* Steady heating: the sample lags the program by Rh·τ_lag. */
  g_assert_cmpfloat_with_epsilon (a->t_program[a->n - 1] - a->t_sample[a->n - 1], 0.2, 1e-6);

  /* In the glass far below any relaxation the flow is Rh·(m·Cp_g + addenda) ± noise. */
  c = run (material, plain, NULL);
  for (gsize p = 0; p < a->n; p++)
    if (a->t_sample[p] > 200.0 && a->t_sample[p] < 215.0)
      {
        double ts = a->t_sample[p], d = ts - 300.0;
        double cp = 0.20 * 50e-6 + 2e-6 + 1e-8 * d + 2e-11 * d * d;
        double r = a->heat_flow[p] - 1000.0 * cp;

        sum += r;
        sum2 += r * r;
        n_flat++;
      }
  g_assert_cmpuint (n_flat, >, 30);
  g_test_message ("glass: mean residual %.3g mW, rms %.3g mW", sum / n_flat,
                  sqrt (sum2 / n_flat));
  g_assert_cmpfloat (fabs (sum / n_flat), <, 5e-6);
  g_assert_cmpfloat_with_epsilon (sqrt (sum2 / n_flat), 1e-5, 4e-6);
  /* Without mass the flow is W/g: 1000 K/s × 0.2 J/(g·K) in the glass. */
  g_assert_true (c->per_gram);
  g_assert_cmpfloat_with_epsilon (c->heat_flow[c->n / 20], 1000.0 * 0.20, 0.5);

  gsl_rng_free (rng1);
  gsl_rng_free (rng2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/sim/units/closed-form", test_unit_closed_form);
  g_test_add_func ("/relaxun/sim/units/multi-step", test_multi_step);
  g_test_add_func ("/relaxun/sim/units/instrument", test_instrument);
  return g_test_run ();
}

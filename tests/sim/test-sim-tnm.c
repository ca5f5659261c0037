/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-sim"

#include "config.h"

#include <math.h>

#include "rlx-sim.h"

/* science.md §5.4: P1 (TNM), Cp_n difference annealed − reference after: equilibrium at 500 K,
   cool at 10000 K/s to Ta, hold ta, cool at 10000 K/s to 223.15 K, heat at 1000 K/s to 500 K. */
typedef struct
{
  double ta_k;
  double ta_s;
  double tf_glass;
  double peak_t;     /* NAN: no effect */
  double peak_max;
  double area;
} P1Row;

static const P1Row p1_rows[] = {
  { 253, 0.1, 437.55, NAN, 0.0000, 0.000 },
  { 253, 100, 437.55, NAN, 0.0000, 0.000 },
  { 300, 1, 437.55, NAN, 0.0001, 0.002 },
  { 300, 100, 437.42, 353.07, 0.0066, 0.134 },
  { 300, 10000, 435.69, 374.00, 0.0480, 1.861 },
  { 350, 1, 436.25, 382.34, 0.0317, 1.301 },
  { 350, 100, 426.18, 412.02, 0.3173, 11.377 },
  { 350, 10000, 405.32, 442.78, 2.6972, 32.237 },
  { 380, 1, 429.49, 413.90, 0.2155, 8.069 },
  { 380, 100, 410.55, 443.66, 1.9969, 27.008 },
  { 380, 10000, 391.39, 462.56, 51.056, 46.165 },
};

static RlxSimProtocol *
p1_protocol (double ta_k,
             double ta_s)
{
  RlxSimProtocol *protocol = rlx_sim_protocol_new ();

  protocol->instrument.max_step_k = 0.02;
  protocol->instrument.sample_interval = 0.02 / 1000.0;
  rlx_sim_protocol_add_equilibrate (protocol, 500.0);
  rlx_sim_protocol_add_ramp (protocol, ta_k, 10000.0, FALSE);
  rlx_sim_protocol_add_hold (protocol, ta_s, TRUE);
  rlx_sim_protocol_add_ramp (protocol, 223.15, 10000.0, FALSE);
  rlx_sim_protocol_add_ramp (protocol, 500.0, 1000.0, TRUE);
  return protocol;
}

static RlxSimScan *
run (const RlxSimMaterial *material,
     const RlxSimProtocol *protocol)
{
  g_autoptr (GError) error = NULL;
  RlxSimScan *scan = rlx_sim_run (material, protocol, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scan);
  return scan;
}

static void
test_p1_reference (void)
{
  g_autoptr (RlxSimMaterial) p1 = rlx_sim_material_new_p1 ();
  g_autoptr (RlxSimProtocol) protocol = p1_protocol (300.0, 0.0);
  g_autoptr (RlxSimProtocol) reference = rlx_sim_protocol_dup_reference (protocol);
  g_autoptr (RlxSimScan) scan = run (p1, reference);
  double best = -1.0, best_t = NAN;

  g_assert_cmpfloat_with_epsilon (scan->tf_alpha_start, 437.55, 0.02);
  for (gsize p = 0; p + 1 < scan->n; p++)
    {
      double cpn = (scan->tf_alpha[p + 1] - scan->tf_alpha[p])
                   / (scan->t_sample[p + 1] - scan->t_sample[p]);

      if (cpn > best)
        {
          best = cpn;
          best_t = 0.5 * (scan->t_sample[p + 1] + scan->t_sample[p]);
        }
    }
  g_test_message ("reference: Tf' %.3f K, overshoot %.4f at %.2f K",
                  scan->tf_alpha_start, best, best_t);
  g_assert_cmpfloat_with_epsilon (best, 1.092, 0.002);
  g_assert_cmpfloat_with_epsilon (best_t, 451.58, 0.2);
  /* Heated to 500 K the glass is back in equilibrium. */
  g_assert_cmpfloat_with_epsilon (scan->tf_alpha[scan->n - 1], scan->t_sample[scan->n - 1], 0.01);
}

static void
test_p1_table (void)
{
  g_autoptr (RlxSimMaterial) p1 = rlx_sim_material_new_p1 ();
  g_autoptr (RlxSimProtocol) base = p1_protocol (300, 1);
  g_autoptr (RlxSimProtocol) ref_protocol = rlx_sim_protocol_dup_reference (base);
  g_autoptr (RlxSimScan) ref = run (p1, ref_protocol);

  for (guint r = 0; r < G_N_ELEMENTS (p1_rows); r++)
    {
      const P1Row *row = &p1_rows[r];
      g_autoptr (RlxSimProtocol) protocol = p1_protocol (row->ta_k, row->ta_s);
      g_autoptr (RlxSimScan) ann = run (p1, protocol);
      double best = -INFINITY, peak_t = NAN, area;
      gsize best_p = 0;

      g_assert_cmpuint (ann->n, ==, ref->n);
      for (gsize p = 0; p + 1 < ann->n; p++)
        {
          double dt = ann->t_sample[p + 1] - ann->t_sample[p];
          double d = (ann->tf_alpha[p + 1] - ann->tf_alpha[p]
                      - (ref->tf_alpha[p + 1] - ref->tf_alpha[p])) / dt;

          if (d > best)
            {
              best = d;
              best_p = p;
            }
        }
      peak_t = 0.5 * (ann->t_sample[best_p] + ann->t_sample[best_p + 1]);
      area = (ann->tf_alpha[ann->n - 1] - ann->tf_alpha_start)
             - (ref->tf_alpha[ref->n - 1] - ref->tf_alpha_start);

      g_test_message ("Ta %.0f K ta %g s: Tf %.3f (%.2f)  peak %.2f K (%.2f)  max %.4f (%.4f)  "
                      "area %.4f (%.3f)", row->ta_k, row->ta_s,
                      ann->tf_alpha_start, row->tf_glass, peak_t, row->peak_t, best,
                      row->peak_max, area, row->area);

      g_assert_cmpfloat_with_epsilon (ann->tf_alpha_start, row->tf_glass, 0.02);
      /* ±0.05 % of the area; the table's last digit (0.001 K) limits the small ones. */
      g_assert_cmpfloat_with_epsilon (area, row->area, MAX (5e-4 * row->area, 0.0015));
      if (isnan (row->peak_t))
        g_assert_cmpfloat (best, <, 0.0005);
      else
        {
          g_assert_cmpfloat_with_epsilon (peak_t, row->peak_t, 0.25);
          g_assert_cmpfloat_with_epsilon (best, row->peak_max, MAX (0.01 * row->peak_max, 2e-4));
        }
    }
}

/* Without a hold the annealed protocol is its own reference: zero difference everywhere. */
static void
test_zero_hold (void)
{
  g_autoptr (RlxSimMaterial) p1 = rlx_sim_material_new_p1 ();
  g_autoptr (RlxSimProtocol) protocol = p1_protocol (350, 0.0);
  g_autoptr (RlxSimProtocol) reference = rlx_sim_protocol_dup_reference (protocol);
  g_autoptr (RlxSimScan) a = run (p1, protocol);
  g_autoptr (RlxSimScan) b = run (p1, reference);

  g_assert_cmpuint (a->n, ==, b->n);
  for (gsize p = 0; p < a->n; p++)
    g_assert_cmpfloat_with_epsilon (a->heat_flow[p], b->heat_flow[p], 1e-9);
}

static void
test_invalid (void)
{
  g_autoptr (RlxSimMaterial) p1 = rlx_sim_material_new_p1 ();
  g_autoptr (RlxSimProtocol) protocol = rlx_sim_protocol_new ();
  g_autoptr (GError) error = NULL;
  RlxSimScan *scan;

  rlx_sim_protocol_add_ramp (protocol, 500.0, 1000.0, TRUE);
  scan = rlx_sim_run (p1, protocol, NULL, &error);
  g_assert_null (scan);
  g_assert_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID);
  g_clear_error (&error);

  p1->alpha.beta = 0.37;
  g_assert_false (rlx_sim_material_validate (p1, &error));
  g_assert_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/sim/tnm/p1-reference", test_p1_reference);
  g_test_add_func ("/relaxun/sim/tnm/p1-table", test_p1_table);
  g_test_add_func ("/relaxun/sim/tnm/zero-hold", test_zero_hold);
  g_test_add_func ("/relaxun/sim/tnm/invalid", test_invalid);
  return g_test_run ();
}

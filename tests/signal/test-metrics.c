/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rlx-peak-metrics.h"
#include "rlx-signal.h"
#include "signal-synth.h"

/* science.md §7.1: E (kJ/mol), Tp, FWHM, low half, high half, E(W) (kJ/mol). */
static const struct
{
  const char *id;
  double e, tp, fwhm, low, high, e_w;
} table[] = {
  { "A02", 44, 273, 32.247, 18.497, 13.750, 44.05 },
  { "A05", 80, 300, 21.956, 12.791, 9.165, 80.07 },
  { "A07", 100, 330, 21.354, 12.477, 8.878, 100.08 },
  { "A09", 100, 360, 25.333, 14.773, 10.560, 100.09 },
  { "A11", 380, 400, 8.462, 5.018, 3.444, 379.78 },
  { "A14", 350, 420, 10.112, 5.991, 4.121, 349.84 },
};

static void
test_table (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (table); k++)
    {
      SynthDebye unit = { 1.0, table[k].e * 1000, table[k].tp };
      const double step = 0.05;
      double lo = table[k].tp - 6 * table[k].fwhm, hi = table[k].tp + 4 * table[k].fwhm;
      gsize n = (gsize) ((hi - lo) / step) + 1;
      g_autofree double *t = g_new (double, n), *y = g_new (double, n);
      RlxPeakMetrics m;
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < n; i++)
        {
          t[i] = lo + step * i;
          y[i] = synth_debye (t[i], &unit);
        }
      g_assert_true (rlx_peak_metrics_compute (t, y, NULL, n, NAN, &m, &error));
      g_assert_no_error (error);
      g_test_message ("%s: Tp %.4f FWHM %.4f low %.4f high %.4f E(W) %.2f E(hi) %.3f ratio %.4f",
                      table[k].id, m.tp, m.fwhm, m.half_low, m.half_high, m.e_fwhm / 1000,
                      m.e_high / 1000, m.width_ratio);
      /* Tp (and so the half widths) from a local cubic: within 0.001·R·Tp²/E, i.e. ≤ 0.02 K */
      g_assert_cmpfloat (fabs (m.tp - table[k].tp), <, 0.02);
      g_assert_cmpfloat (fabs (m.fwhm - table[k].fwhm), <, 0.02);
      g_assert_cmpfloat (fabs (m.half_low - table[k].low), <, 0.02);
      g_assert_cmpfloat (fabs (m.half_high - table[k].high), <, 0.02);
      /* E(W) column to its printed precision plus the FWHM rounding */
      g_assert_cmpfloat (fabs (m.e_fwhm / 1000 - table[k].e_w), <, 0.002 * table[k].e);
      /* the high-side formula is good to 0.01 %; the cubic Tp adds up to 0.15 % */
      g_assert_cmpfloat (fabs (m.e_high / 1000 - table[k].e), <, 0.002 * table[k].e);
      g_assert_cmpfloat (fabs (m.e_low / 1000 - table[k].e), <, 0.003 * table[k].e);
      g_assert_cmpfloat (fabs (m.width_ratio - 1), <, 0.005);
      /* Q∞ = 1: nearly all of it lies in the range */
      g_assert_cmpfloat (fabs (m.area - 1), <, 2e-3);
      g_assert_cmpfloat (m.delta_h, ==, m.area);
      /* the onset lies on the rising flank, below the low half-height point */
      g_assert_cmpfloat (m.onset, <, m.t_half_low);
      g_assert_cmpfloat (m.onset, >, m.t_half_low - table[k].fwhm);
    }
}

/* Two units 15 K apart do not have the shape of one: the index leaves 1. */
static void
test_width_ratio_broad (void)
{
  const gsize n = 4000;
  g_autofree double *t = g_new (double, n), *y = g_new (double, n);
  RlxPeakMetrics m;

  for (gsize i = 0; i < n; i++)
    {
      SynthDebye a = { 0.5, 100e3, 315 }, b = { 0.5, 100e3, 330 };
      t[i] = 200 + 0.05 * i;
      y[i] = synth_debye (t[i], &a) + synth_debye (t[i], &b);
    }
  g_assert_true (rlx_peak_metrics_compute (t, y, NULL, n, NAN, &m, NULL));
  g_test_message ("two units: width ratio %.3f", m.width_ratio);
  g_assert_cmpfloat (fabs (m.width_ratio - 1), >, 0.1);
}

/* Heat flow (W/g) area turns into enthalpy by the rate; a masked flank leaves the width NAN. */
static void
test_rate_and_mask (void)
{
  const gsize n = 3000;
  g_autofree double *t = g_new (double, n), *y = g_new (double, n);
  g_autofree gboolean *use = g_new (gboolean, n);
  SynthDebye unit = { 2.0, 100e3, 330 };
  RlxPeakMetrics m;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < n; i++)
    {
      t[i] = 250 + 0.05 * i;
      y[i] = 1000 * synth_debye (t[i], &unit);
      use[i] = t[i] < 335;
    }
  g_assert_true (rlx_peak_metrics_compute (t, y, NULL, n, 1000, &m, NULL));
  g_assert_cmpfloat (fabs (m.delta_h - 2.0), <, 4e-3);
  g_assert_true (rlx_peak_metrics_compute (t, y, use, n, 1000, &m, NULL));
  g_assert_true (isnan (m.fwhm));
  g_assert_true (isnan (m.t_half_high));
  g_assert_true (isfinite (m.t_half_low));

  for (gsize i = 0; i < n; i++)
    y[i] = -y[i];
  g_assert_false (rlx_peak_metrics_compute (t, y, NULL, n, 1000, &m, &error));
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PEAK);
}

static void
test_json (void)
{
  RlxPeakMetrics m = { 0 }, back;
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < sizeof m / sizeof (double); i++)
    ((double *) &m)[i] = 1.5 + i;
  m.onset = NAN;
  node = rlx_peak_metrics_to_json (&m);
  rlx_peak_metrics_from_json (json_node_get_object (node), &back);
  g_assert_true (isnan (back.onset));
  g_assert_cmpfloat (back.tp, ==, m.tp);
  g_assert_cmpfloat (back.width_ratio, ==, m.width_ratio);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/signal/metrics-table", test_table);
  g_test_add_func ("/relaxun/signal/metrics-broad", test_width_ratio_broad);
  g_test_add_func ("/relaxun/signal/metrics-rate-mask", test_rate_and_mask);
  g_test_add_func ("/relaxun/signal/metrics-json", test_json);
  return g_test_run ();
}

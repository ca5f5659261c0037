/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-core.h"
#include "rlx-json.h"
#include "rlx-pairing.h"
#include "rlx-peak-fit.h"
#include "rlx-peak.h"
#include "rlx-test-util.h"
#include "signal-synth.h"

/*
 * The whole pipeline on synthetic annealed/reference scans: a Debye unit (β-like: 100 kJ/mol at
 * 330 K, Q∞ = 1 J/g) on top of a Cp-like reference background, plus a residual background that
 * each baseline type is made to remove, plus 1 % Gaussian noise (σ = 4e-4 J/(g·K) against a peak
 * of 0.043 J/(g·K)). Tolerances: Tp ±0.2 K, area ±2 % of the true area in the window, E from the
 * Debye fit ±2 %.
 */

static const SynthDebye unit = { 1.0, 100e3, 330 };

#define LO1 240.0
#define HI1 265.0
#define LO2 395.0
#define HI2 440.0

static double
line1 (double t)
{
  return 0.004 + 2e-5 * (t - 330);
}

static double
line2 (double t)
{
  return 0.006 - 1e-5 * (t - 330);
}

static double
reference_q (double t, gpointer data)
{
  return 0.35 + 4e-4 * (t - 300);
}

typedef double (*Residual) (double t);

static double res_zero (double t) { return 0; }
static double res_linear (double t) { return line1 (t); }
static double res_quadratic (double t) { return line1 (t) + 1e-6 * (t - 330) * (t - 330); }
static double res_gentle (double t) { return line1 (t) + 2e-7 * (t - 330) * (t - 330); }

static double
res_tangent (double t)
{
  if (t <= HI1)
    return line1 (t);
  if (t >= LO2)
    return line2 (t);
  return line1 (HI1) + (line2 (LO2) - line1 (HI1)) * (t - HI1) / (LO2 - HI1);
}

static double
res_sigmoidal (double t)
{
  double a = t <= HI1 ? 0 : t >= LO2 ? 1 :
             synth_debye_area (&unit, HI1, t) / synth_debye_area (&unit, HI1, LO2);
  return (1 - a) * line1 (t) + a * line2 (t);
}

static double
annealed_q (double t, gpointer data)
{
  Residual residual = data;
  return reference_q (t, NULL) + synth_debye (t, &unit) + residual (t);
}

static void
make_pair (Residual     residual,
           double       noise,
           RlxRunData **annealed,
           RlxRunData **reference)
{
  SynthScan scan;

  synth_scan_init (&scan);
  scan.noise_q = noise;
  scan.q = annealed_q;
  scan.q_data = residual;
  scan.seed = 11;
  *annealed = synth_scan_make (&scan);
  rlx_run_data_add_anneal_step (*annealed, 300, 10);
  scan.q = reference_q;
  scan.role = RLX_RUN_ROLE_REFERENCE;
  scan.seed = 12;
  *reference = synth_scan_make (&scan);
}

static const struct
{
  const char *name;
  const char *spec;
  Residual    residual;
} cases[] = {
  { "none", "none", res_zero },
  { "linear", "linear:240:265,395:440", res_linear },
  { "polynomial", "{\"type\":\"polynomial\",\"order\":2,\"ranges\":[[240,265],[395,440]]}", res_quadratic },
  { "anchors-linear", "{\"type\":\"anchors\",\"interpolation\":\"linear\",\"points\":[[245],[262],[400],[435]],\"half_width\":3}", res_linear },
  { "anchors-spline", "{\"type\":\"anchors\",\"interpolation\":\"spline\",\"points\":[[236],[258],[402],[432]],\"half_width\":6}", res_gentle },
  { "tangent", "tangent:240:265,395:440", res_tangent },
  { "sigmoidal", "sigmoidal:240:265,395:440", res_sigmoidal },
  { "auto", "auto", res_quadratic },
};

static void
test_baseline_recovery (gconstpointer data)
{
  guint k = GPOINTER_TO_UINT (data);
  g_autoptr(RlxRunData) annealed = NULL, reference = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(RlxPeak) peak = NULL;
  g_autoptr(RlxFitResult) fit = NULL;
  g_autoptr(GError) error = NULL;
  double area, e_fit;

  make_pair (cases[k].residual, 4e-4, &annealed, &reference);
  rlx_recipe_set_baseline (recipe, rlx_baseline_spec_parse (cases[k].spec, &error));
  g_assert_no_error (error);
  recipe->has_window = TRUE;
  recipe->window.lo = 270;
  recipe->window.hi = 390;
  peak = rlx_peak_extract_data (annealed, reference, recipe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (peak);
  g_assert_cmpstr (peak->signal_unit, ==, "J/(g·K)");
  g_assert_cmpfloat_with_epsilon (peak->grid_step, 0.1, 1e-12);

  area = synth_debye_area (&unit, 270, 390);
  g_test_message ("%s: Tp %.3f K (330), area %.4f (%.4f), E(W) %.1f kJ/mol", cases[k].name,
                  peak->metrics.tp, peak->metrics.area, area, peak->metrics.e_fwhm / 1000);
  g_assert_cmpfloat (fabs (peak->metrics.tp - 330), <, 0.2);
  g_assert_cmpfloat (fabs (peak->metrics.area / area - 1), <, 0.02);
  g_assert_cmpfloat (fabs (peak->metrics.delta_h / area - 1), <, 0.02);

  recipe->fit = TRUE;
  fit = rlx_peak_fit (peak, recipe, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fit);
  g_assert_true (rlx_fit_result_is_success (fit));
  e_fit = rlx_fit_result_get_value (fit, "E");
  g_test_message ("%s: fit E %.2f kJ/mol, Tp %.3f K, Q_inf %.4f", cases[k].name, e_fit / 1000,
                  rlx_fit_result_get_value (fit, "Tp"), rlx_fit_result_get_value (fit, "Q_inf"));
  g_assert_cmpfloat (fabs (e_fit / 100e3 - 1), <, 0.02);
  g_assert_cmpfloat (fabs (rlx_fit_result_get_value (fit, "Tp") - 330), <, 0.2);
}

/* Without a reference the run's own background must be removed by the baseline. */
static void
test_no_reference (void)
{
  g_autoptr(RlxRunData) annealed = NULL, reference = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(RlxPeak) peak = NULL;
  g_autoptr(GError) error = NULL;

  make_pair (res_linear, 4e-4, &annealed, &reference);
  rlx_recipe_set_baseline (recipe, rlx_baseline_spec_parse ("linear:240:265,395:440", NULL));
  peak = rlx_peak_extract_data (annealed, NULL, recipe, &error);
  g_assert_no_error (error);
  g_assert_null (peak->reference);
  g_assert_cmpfloat (fabs (peak->metrics.tp - 330), <, 0.2);
  g_assert_cmpfloat (fabs (peak->metrics.area / synth_debye_area (&unit, 200, 460) - 1), <, 0.02);
}

/* mW, no mass normalisation, no dQ/dT: ΔH = area/rate in mJ. */
static void
test_units (void)
{
  g_autoptr(RlxRunData) annealed = NULL, reference = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(RlxPeak) peak = NULL;

  make_pair (res_zero, 0, &annealed, &reference);
  recipe->normalise_mass = FALSE;
  recipe->dqdt = FALSE;
  peak = rlx_peak_extract_data (annealed, reference, recipe, NULL);
  g_assert_nonnull (peak);
  g_assert_cmpstr (peak->signal_unit, ==, "mW");
  g_assert_cmpstr (peak->enthalpy_unit, ==, "mJ");
  /* Q∞ = 1 J/g × 2e-4 mg = 2e-4 mJ */
  g_assert_cmpfloat (fabs (peak->metrics.delta_h / 2e-4 - 1), <, 0.01);
  g_assert_cmpfloat (fabs (peak->metrics.height / (2e-4 * 1000 * 0.04275) - 1), <, 0.01);
}

/* Subtraction is exact on linear data, whatever grid. */
static void
test_subtraction_exact (void)
{
  g_autoptr(RlxRunData) annealed = NULL, reference = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(RlxPeak) peak = NULL;

  make_pair (res_zero, 0, &annealed, &reference);
  recipe->grid_step = 0.5;
  peak = rlx_peak_extract_data (annealed, reference, recipe, NULL);
  g_assert_nonnull (peak);
  for (gsize i = 0; i < peak->n; i++)
    {
      /* the sensor noise of 2 mK moves points by 2e-3 K on a slope of 4e-4 /K */
      g_assert_cmpfloat (fabs (peak->reference[i] - reference_q (peak->t[i], NULL)), <, 1e-5);
      g_assert_cmpfloat (fabs (peak->difference[i] - synth_debye (peak->t[i], &unit)), <, 2e-4);
    }
}

/* Thermal lag: a sensor reading 3 K high during the ramp, corrected with τ = 3 ms at 1000 K/s. */
static void
test_lag (void)
{
  SynthScan scan;
  g_autoptr(RlxRunData) run = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(RlxPeak) peak = NULL;

  synth_scan_init (&scan);
  scan.q = annealed_q;
  scan.q_data = res_zero;
  scan.sensor_shift = 3.0;
  run = synth_scan_make (&scan);
  recipe->lag = 0.003;
  rlx_recipe_set_baseline (recipe, rlx_baseline_spec_parse ("linear:240:265,395:440", NULL));
  peak = rlx_peak_extract_data (run, NULL, recipe, NULL);
  g_assert_nonnull (peak);
  g_assert_cmpfloat (fabs (peak->metrics.tp - 330), <, 0.05);
  rlx_recipe_free (g_steal_pointer (&recipe));
  rlx_peak_free (g_steal_pointer (&peak));
  recipe = rlx_recipe_new ();
  rlx_recipe_set_baseline (recipe, rlx_baseline_spec_parse ("linear:243:268,398:443", NULL));
  peak = rlx_peak_extract_data (run, NULL, recipe, NULL);
  g_assert_cmpfloat (fabs (peak->metrics.tp - 333), <, 0.05);
}

static void
test_bad_pairings (void)
{
  g_autoptr(RlxRunData) annealed = NULL, reference = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(GError) error = NULL;
  RlxPeak *peak;
  SynthScan scan;

  make_pair (res_zero, 0, &annealed, &reference);
  reference->heating_rate = 2000;
  peak = rlx_peak_extract_data (annealed, reference, recipe, &error);
  g_assert_null (peak);
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PAIRING);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "1000 K/s"));
  g_assert_nonnull (strstr (error->message, "2000 K/s"));
  g_clear_error (&error);

  reference->heating_rate = 1000;
  annealed->cooling_rate = 10000;
  reference->cooling_rate = 1000;
  g_assert_null (rlx_peak_extract_data (annealed, reference, recipe, &error));
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PAIRING);
  g_assert_nonnull (strstr (error->message, "cooling"));
  g_clear_error (&error);
  reference->cooling_rate = NAN;

  /* a reference covering only 445–460 K */
  rlx_run_data_free (reference);
  synth_scan_init (&scan);
  scan.q = reference_q;
  scan.t_start = 445;
  scan.role = RLX_RUN_ROLE_REFERENCE;
  reference = synth_scan_make (&scan);
  g_assert_null (rlx_peak_extract_data (annealed, reference, recipe, &error));
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_OVERLAP);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "overlap only"));
  g_assert_nonnull (strstr (error->message, "at least 20.0 K"));
  g_clear_error (&error);

  /* a sample temperature that jumps back and forth inside the ramp */
  {
    RlxChannel *ts = rlx_run_data_get_channel (annealed, RLX_QUANTITY_TEMPERATURE);
    for (gsize i = 200; i < ts->n_values - 200; i += 3)
      ts->values[i] -= 0.5;
  }
  g_assert_null (rlx_peak_extract_data (annealed, NULL, recipe, &error));
  g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NOT_MONOTONIC);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not monotonic"));
}

static void
test_json_round_trip (void)
{
  g_autoptr(RlxRunData) annealed = NULL, reference = NULL;
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(RlxPeak) peak = NULL, back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *csv = g_build_filename (dir, "peak.csv", NULL);
  g_autofree char *contents = NULL;

  make_pair (res_linear, 4e-4, &annealed, &reference);
  rlx_recipe_set_baseline (recipe, rlx_baseline_spec_parse ("linear:240:265,395:440", NULL));
  rlx_recipe_add_mask (recipe, 380, 390);
  peak = rlx_peak_extract_data (annealed, reference, recipe, NULL);
  node = rlx_peak_to_json (peak, TRUE);
  text = rlx_json_to_string (node, FALSE);
  /* the text a batch stores, written without a JSON tree, is the same document byte for byte */
  {
    g_autofree char *fast = rlx_peak_to_json_string (peak, TRUE);
    g_autoptr(RlxPeak) alone = rlx_peak_extract_data (annealed, NULL, recipe, NULL);
    g_autoptr(JsonNode) alone_node = rlx_peak_to_json (alone, TRUE);
    g_autofree char *alone_text = rlx_json_to_string (alone_node, FALSE);
    g_autofree char *alone_fast = rlx_peak_to_json_string (alone, TRUE);

    g_assert_cmpstr (fast, ==, text);
    g_assert_cmpstr (alone_fast, ==, alone_text);
    g_assert_nonnull (strstr (alone_fast, "\"reference\":null"));
  }
  back = rlx_peak_from_json (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n, ==, peak->n);
  g_assert_cmpfloat (back->metrics.tp, ==, peak->metrics.tp);
  g_assert_cmpstr (back->signal_unit, ==, peak->signal_unit);
  for (gsize i = 0; i < peak->n; i += 97)
    {
      g_assert_cmpfloat_with_epsilon (back->t[i], peak->t[i], 1e-9);
      g_assert_cmpfloat (fabs (back->peak[i] - peak->peak[i]), <=, 1e-6 * fabs (peak->peak[i]) + 1e-12);
      g_assert_cmpint (back->use[i], ==, peak->use[i]);
    }
  g_assert_false (back->use[(gsize) ((385 - peak->t[0]) / peak->grid_step)]);
  g_assert_cmpfloat (back->anneal_temperature, ==, 300);

  g_assert_true (rlx_peak_write_csv (peak, csv, &error));
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "T_K,annealed_J/(g·K),reference_J/(g·K),difference"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *path = g_strdup_printf ("/relaxun/signal/peak-baseline/%s", cases[k].name);
      g_test_add_data_func (path, GUINT_TO_POINTER (k), test_baseline_recovery);
    }
  g_test_add_func ("/relaxun/signal/peak-no-reference", test_no_reference);
  g_test_add_func ("/relaxun/signal/peak-units", test_units);
  g_test_add_func ("/relaxun/signal/peak-subtraction-exact", test_subtraction_exact);
  g_test_add_func ("/relaxun/signal/peak-lag", test_lag);
  g_test_add_func ("/relaxun/signal/peak-bad-pairings", test_bad_pairings);
  g_test_add_func ("/relaxun/signal/peak-json", test_json_round_trip);
  return g_test_run ();
}

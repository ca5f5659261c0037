/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rlx-core.h"
#include "rlx-import.h"
#include "rlx-peak-fit.h"
#include "rlx-peak.h"
#include "rlx-batch.h"
#include "rlx-test-util.h"

/*
 * The real Flash DSC pair (polymer 90814, 30 min at 20 °C, 2000 K/s): annealed Segment58 and
 * its as-cooled reference Segment62. Looking at the raw difference (1 K bins) it is a broad
 * recovery peak rising from ≈ 290 K, with its maximum near 355–365 K (≈ 0.008 mW) and back to
 * zero by ≈ 420 K; the noise is ≈ 0.001 mW. Sane metrics therefore: a positive area, Tp in
 * 335–385 K (the data's maximum ± the noise-limited spread), a FWHM of 30–120 K, and a Debye
 * fit that converges.
 */

static gint64
import_one (RlxStore   *store,
            const char *name)
{
  g_autofree char *relative = g_build_filename ("mettler-stare-flashdsc", name, NULL);
  g_autofree char *path = rlx_test_fixture_path (relative);
  RlxImportResult result = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (path == NULL)
    return 0;
  g_assert_true (rlx_import_file_into_store (store, path, "90814", NULL, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.run_ids->len, ==, 1);
  id = g_array_index (result.run_ids, gint64, 0);
  rlx_import_result_clear (&result);
  return id;
}

static void
test_fixture_pair (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "fixture.rlx", NULL);
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRecipe) recipe = NULL;
  g_autoptr(RlxPeak) peak = NULL;
  g_autoptr(RlxFitResult) fit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) analyses = NULL;
  gint64 annealed, reference, peak_id, fit_id;

  store = rlx_store_open (db, &error);
  g_assert_no_error (error);
  annealed = import_one (store, "fDSC_90814_Segment58_20deg.txt");
  if (annealed == 0)
    return;
  reference = import_one (store, "fDSC_90814_Segment62_20deg_ref.txt");
  g_assert_cmpint (reference, >, 0);

  /* automatic pairing finds the _ref scan */
  recipe = rlx_recipe_from_json ("{\"reference\":\"auto\",\"grid_step\":1.0,"
                                 "\"baseline\":{\"type\":\"linear\",\"ranges\":[[220,270],[430,500]]},"
                                 "\"window\":[250,450],\"fit\":{\"enabled\":true,\"model\":\"debye\"}}",
                                 &error);
  g_assert_no_error (error);
  peak = rlx_peak_extract (store, annealed, recipe, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peak->reference_id, ==, reference);
  g_test_message ("fixture: Tp %.2f K, FWHM %.2f K, area %.4g %s, ΔH %.4g %s, E(W) %.1f kJ/mol, "
                  "rate %.1f K/s, unit %s", peak->metrics.tp, peak->metrics.fwhm,
                  peak->metrics.area, peak->signal_unit, peak->metrics.delta_h,
                  peak->enthalpy_unit, peak->metrics.e_fwhm / 1000, peak->heating_rate,
                  peak->signal_unit);
  g_assert_cmpfloat (fabs (peak->heating_rate - 2000), <, 20);
  g_assert_cmpfloat (peak->metrics.area, >, 0);
  g_assert_cmpfloat (peak->metrics.tp, >, 335);
  g_assert_cmpfloat (peak->metrics.tp, <, 385);
  g_assert_cmpfloat (peak->metrics.fwhm, >, 30);
  g_assert_cmpfloat (peak->metrics.fwhm, <, 120);

  fit = rlx_peak_fit (peak, recipe, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("fixture fit: %s, E %.1f kJ/mol, Tp %.2f K", rlx_fit_status_to_string (fit->status),
                  rlx_fit_result_get_value (fit, "E") / 1000, rlx_fit_result_get_value (fit, "Tp"));
  g_assert_true (rlx_fit_result_is_success (fit));
  g_assert_cmpfloat (rlx_fit_result_get_value (fit, "Tp"), >, 320);
  g_assert_cmpfloat (rlx_fit_result_get_value (fit, "Tp"), <, 400);

  g_assert_true (rlx_batch_store_peak (store, peak, fit, recipe, "fixture", &peak_id, &fit_id, &error));
  g_assert_no_error (error);
  analyses = rlx_store_list_analyses (store, annealed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (analyses->len, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();
  g_test_add_func ("/relaxun/signal/fixture-pair", test_fixture_pair);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-batch.h"
#include "rlx-core.h"
#include "rlx-pairing.h"
#include "rlx-selection.h"
#include "rlx-test-util.h"
#include "signal-synth.h"

/* Pairing, selection, recipes and batches on a store of synthetic Flash DSC runs. */

typedef struct
{
  double ta;
  double tp;
} AnnealUnit;

static double
reference_q (double t, gpointer data)
{
  return 0.35 + 4e-4 * (t - 300);
}

static double
annealed_q (double t, gpointer data)
{
  const AnnealUnit *a = data;
  SynthDebye unit = { 0.5, 80e3, a->tp };
  return reference_q (t, NULL) + synth_debye (t, &unit);
}

static gint64
add_run (RlxStore   *store,
         const char *sample,
         RlxRunRole  role,
         int         segment,
         double      rate,
         double      ta,
         double      duration)
{
  SynthScan scan;
  AnnealUnit unit = { ta, ta + 40 };
  g_autoptr(RlxRunData) run = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  synth_scan_init (&scan);
  scan.rate = rate;
  scan.dt = 1e-4 * 1000 / rate;
  scan.role = role;
  scan.q = role == RLX_RUN_ROLE_REFERENCE ? reference_q : annealed_q;
  scan.q_data = &unit;
  scan.noise_q = 2e-4;
  scan.seed = (guint32) (segment + 1);
  run = synth_scan_make (&scan);
  run->segment = segment;
  run->title = g_strdup_printf ("Segment%d", segment);
  if (role == RLX_RUN_ROLE_ANNEALED)
    rlx_run_data_add_anneal_step (run, ta, duration);
  id = rlx_store_add_run (store, sample, run, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static RlxStore *
open_store (char **path_out)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  char *path = g_build_filename (dir, "batch.rlx", NULL);
  g_autoptr(GError) error = NULL;
  RlxStore *store = rlx_store_open (path, &error);

  g_assert_no_error (error);
  *path_out = path;
  return store;
}

static void
test_pairing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RlxStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  gint64 ref_far, ref_near, ref_fast, annealed, other, lonely;

  ref_far = add_run (store, "chip-A", RLX_RUN_ROLE_REFERENCE, 10, 1000, 0, 0);
  annealed = add_run (store, "chip-A", RLX_RUN_ROLE_ANNEALED, 20, 1000, 300, 10);
  ref_fast = add_run (store, "chip-A", RLX_RUN_ROLE_REFERENCE, 21, 2000, 0, 0);
  ref_near = add_run (store, "chip-A", RLX_RUN_ROLE_REFERENCE, 22, 1000, 0, 0);
  other = add_run (store, "chip-B", RLX_RUN_ROLE_REFERENCE, 20, 1000, 0, 0);
  lonely = add_run (store, "chip-C", RLX_RUN_ROLE_ANNEALED, 1, 1000, 300, 10);
  (void) ref_far;
  (void) other;

  /* nearest segment with the same rate, same sample; the faster one is skipped */
  g_assert_cmpint (rlx_pairing_find_reference (store, annealed, 0.05, 20, &why, &error), ==, ref_near);
  g_assert_no_error (error);
  g_assert_cmpint (rlx_pairing_find_reference (store, lonely, 0.05, 20, &why, &error), ==, 0);
  g_assert_nonnull (strstr (why, "no run marked as reference"));

  /* the user's choice wins over the automatic one, and a bad one is refused clearly */
  {
    g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
    g_autoptr(RlxPeak) peak = NULL;

    g_assert_true (rlx_store_set_reference (store, annealed, ref_fast, &error));
    peak = rlx_peak_extract (store, annealed, recipe, &error);
    g_assert_null (peak);
    g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PAIRING);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "1000 K/s"));
    g_assert_nonnull (strstr (error->message, "2000 K/s"));
    g_assert_nonnull (strstr (error->message, "Segment21"));
    g_clear_error (&error);

    g_assert_true (rlx_store_set_reference (store, annealed, 0, &error));
    peak = rlx_peak_extract (store, annealed, recipe, &error);
    g_assert_no_error (error);
    g_assert_cmpint (peak->reference_id, ==, ref_near);
    rlx_peak_free (g_steal_pointer (&peak));

    /* no reference: analysed against the baseline alone, with a note */
    peak = rlx_peak_extract (store, lonely, recipe, &error);
    g_assert_no_error (error);
    g_assert_cmpint (peak->reference_id, ==, 0);
    g_assert_cmpuint (peak->warnings->len, ==, 1);

    recipe->reference_mode = RLX_REFERENCE_ID;
    recipe->reference_id = annealed;
    rlx_peak_free (g_steal_pointer (&peak));
    g_assert_null (rlx_peak_extract (store, annealed, recipe, &error));
    g_assert_nonnull (strstr (error->message, "its own reference"));
  }
}

static void
test_selection (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RlxStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  static const struct { const char *query; guint n; } cases[] = {
    { "role=annealed", 3 },
    { "role=reference", 1 },
    { "sample=chip-A role=annealed", 2 },
    { "sample=chip-*,role=annealed", 3 },
    { "Ta=290:310", 2 },
    { "Ta=290:310 ta=5", 1 },
    { "Ta=350:", 1 },
    { "ta=5", 2 },
    { "ids=1,3-4", 3 },
    { "ids=2-3,role=annealed", 2 },
    { "kind=flash-dsc-heating", 4 },
    { "rate=900:1100", 4 },
    { "segment=2:3", 2 },
    { "", 4 },
  };
  static const char *bad[] = { "role=cooked", "Tx=3", "ta=abc", "ids=5-2", "sample", "kind=dsc", "TA=300" };

  add_run (store, "chip-A", RLX_RUN_ROLE_ANNEALED, 1, 1000, 300, 5);
  add_run (store, "chip-A", RLX_RUN_ROLE_ANNEALED, 2, 1000, 360, 5);
  add_run (store, "chip-B", RLX_RUN_ROLE_ANNEALED, 3, 1000, 300, 100);
  add_run (store, "chip-A", RLX_RUN_ROLE_REFERENCE, 4, 1000, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RlxSelection) selection = rlx_selection_parse (cases[i].query, &error);
      g_autoptr(GArray) ids = NULL;

      g_assert_no_error (error);
      ids = rlx_selection_select (selection, store, &error);
      g_assert_no_error (error);
      g_test_message ("%s → %u", cases[i].query, ids->len);
      g_assert_cmpuint (ids->len, ==, cases[i].n);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (rlx_selection_parse (bad[i], &error));
      g_assert_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_QUERY);
      g_test_message ("%s: %s", bad[i], error->message);
      g_clear_error (&error);
    }
  {
    g_autoptr(RlxSelection) selection = rlx_selection_parse ("ids=3,5-9 role=annealed", NULL);
    g_autofree char *text = rlx_selection_to_string (selection);
    g_assert_cmpstr (text, ==, "ids=3,5-9 role=annealed");
  }
}

static void
test_recipe_round_trip (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RlxStore) store = open_store (&path);
  g_autoptr(RlxRecipe) recipe = rlx_recipe_new ();
  g_autoptr(RlxRecipe) back = NULL;
  g_autofree char *json = NULL, *stored = NULL, *again = NULL;
  g_autoptr(GError) error = NULL;
  static const char *specs[] = {
    "none", "auto", "linear:240:265,395:440", "poly:3:240:265,395:440", "tangent:240:265,395:440",
    "sigmoidal:240:265,395:440", "spline:250,300=0.01,400", "anchors:250,400",
    "{\"type\":\"auto\",\"lambda\":1e6,\"p\":0.02,\"exclude\":[[300,360]]}",
  };

  g_assert_true (rlx_recipe_set_option (recipe, "reference", "12", NULL));
  g_assert_true (rlx_recipe_set_option (recipe, "window", "260:420", NULL));
  g_assert_true (rlx_recipe_set_option (recipe, "mask", "380:395", NULL));
  g_assert_true (rlx_recipe_set_option (recipe, "grid", "0.25", NULL));
  g_assert_true (rlx_recipe_set_option (recipe, "lag", "0.002", NULL));
  g_assert_true (rlx_recipe_set_option (recipe, "mass", "1.5e-4", NULL));
  g_assert_false (rlx_recipe_set_option (recipe, "grid", "-1", &error));
  g_clear_error (&error);
  recipe->fit = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(RlxBaselineSpec) spec = rlx_baseline_spec_parse (specs[i], &error);
      g_autoptr(RlxBaselineSpec) spec_back = NULL;
      g_autofree char *a = NULL, *b = NULL;

      g_assert_no_error (error);
      a = rlx_baseline_spec_to_string (spec);
      spec_back = rlx_baseline_spec_parse (a, &error);
      g_assert_no_error (error);
      b = rlx_baseline_spec_to_string (spec_back);
      g_test_message ("%s → %s", specs[i], a);
      g_assert_cmpstr (a, ==, b);
      rlx_recipe_set_baseline (recipe, g_steal_pointer (&spec));

      g_clear_pointer (&json, g_free);
      json = rlx_recipe_to_json (recipe);
      g_assert_true (rlx_store_save_recipe (store, "standard", json, &error));
      g_assert_no_error (error);
      g_clear_pointer (&stored, g_free);
      stored = rlx_store_dup_recipe (store, "standard", &error);
      g_clear_pointer (&back, rlx_recipe_free);
      back = rlx_recipe_from_json (stored, &error);
      g_assert_no_error (error);
      g_clear_pointer (&again, g_free);
      again = rlx_recipe_to_json (back);
      g_assert_cmpstr (again, ==, json);
    }
  g_assert_cmpint (back->reference_mode, ==, RLX_REFERENCE_ID);
  g_assert_cmpint (back->reference_id, ==, 12);
  g_assert_cmpfloat (back->masks->len, ==, 1);
  g_assert_true (back->fit);

  /* bad baselines and recipes say what is wrong */
  g_assert_null (rlx_baseline_spec_parse ("linear:270:250", &error));
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
  g_assert_null (rlx_baseline_spec_parse ("tangent:240:265", &error));
  g_assert_nonnull (strstr (error->message, "exactly 2"));
  g_clear_error (&error);
  g_assert_null (rlx_baseline_spec_parse ("wiggly", &error));
  g_clear_error (&error);
  g_assert_null (rlx_recipe_from_json ("{\"grid_step\":\"fine\"}", &error));
  g_assert_nonnull (strstr (error->message, "grid_step"));
}

static void
on_progress (guint n_done, guint n_total, const RlxBatchItem *item, gpointer data)
{
  guint *calls = data;
  (*calls)++;
  g_assert_cmpuint (n_done, ==, *calls);
  g_assert_cmpuint (n_total, ==, 6);
}

static void
test_batch (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RlxStore) store = open_store (&path);
  g_autoptr(RlxRecipe) recipe = NULL;
  g_autoptr(RlxSelection) selection = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  for (int i = 0; i < 5; i++)
    add_run (store, "chip-A", RLX_RUN_ROLE_ANNEALED, 2 * i + 1, 1000, 260 + 20 * i, 10);
  add_run (store, "chip-A", RLX_RUN_ROLE_REFERENCE, 20, 1000, 0, 0);
  /* this one has the wrong rate for every reference: it fails alone, with the reason */
  add_run (store, "chip-A", RLX_RUN_ROLE_ANNEALED, 30, 1000, 300, 10);
  g_assert_true (rlx_store_set_reference (store, 7, 6, NULL));
  {
    g_autoptr(RlxRunRecord) r = rlx_store_load_run (store, 6, FALSE, NULL);
    r->data->heating_rate = 3000;
    g_assert_true (rlx_store_update_run (store, r, &error));
    g_assert_no_error (error);
  }
  add_run (store, "chip-A", RLX_RUN_ROLE_REFERENCE, 21, 1000, 0, 0);

  recipe = rlx_recipe_from_json ("{\"baseline\":\"linear:210:240,440:455\",\"fit\":{\"enabled\":true}}", &error);
  g_assert_no_error (error);
  selection = rlx_selection_parse ("role=annealed", NULL);
  ids = rlx_selection_select (selection, store, NULL);
  g_assert_cmpuint (ids->len, ==, 6);
  items = rlx_batch_run (store, recipe, "std", (gint64 *) ids->data, ids->len, 2, NULL,
                         on_progress, &calls, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 6);
  for (guint i = 0; i < items->len; i++)
    {
      RlxBatchItem *item = g_ptr_array_index (items, i);

      g_test_message ("run %" G_GINT64_FORMAT ": %s Ta %.0f Tp %.2f E(fit) %.1f ± %.1f %s",
                      item->run_id, item->status, item->anneal_temperature, item->tp,
                      item->e_fit / 1000, item->e_fit_sigma / 1000, item->message ? item->message : "");
      g_assert_cmpint (item->run_id, ==, g_array_index (ids, gint64, i));
      if (item->run_id == 7)
        {
          g_assert_false (item->ok);
          g_assert_nonnull (strstr (item->message, "3000 K/s"));
          continue;
        }
      g_assert_true (item->ok);
      g_assert_cmpstr (item->status, ==, "converged");
      g_assert_cmpint (item->reference_id, ==, 8);
      g_assert_cmpfloat (fabs (item->tp - (item->anneal_temperature + 40)), <, 0.3);
      g_assert_cmpfloat (fabs (item->e_fit / 80e3 - 1), <, 0.03);
      g_assert_cmpint (item->peak_analysis_id, >, 0);
      g_assert_cmpint (item->fit_analysis_id, >, 0);
    }
  current = rlx_store_list_current_analyses (store, "peak", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->len, ==, 5);
  g_clear_pointer (&current, g_ptr_array_unref);
  current = rlx_store_list_current_analyses (store, "peak-fit", &error);
  g_assert_cmpuint (current->len, ==, 5);
  {
    RlxAnalysisRecord *a = g_ptr_array_index (current, 0);
    g_autoptr(RlxAnalysisRecord) peak_record = rlx_store_get_current_analysis (store, a->run_id, "peak", NULL);
    g_autoptr(RlxPeak) back = rlx_peak_from_json (peak_record->result_json, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (back->n, >, 1000);
    g_assert_nonnull (strstr (a->recipe_json, "\"name\":\"std\""));
    g_assert_nonnull (strstr (a->result_json, "\"apparent_beta\""));
  }

  /* The batch's cache (sample runs, the reference cut and lag-corrected once) changes nothing:
     every stored peak is, byte for byte, what a lone rlx_peak_extract() gives. Again with a lag
     correction, which the cached reference carries. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GPtrArray) again = NULL;

      if (pass == 1)
        {
          recipe->lag = 0.002;
          recipe->fit = FALSE;
          again = rlx_batch_run (store, recipe, "lag", (gint64 *) ids->data, ids->len, 1, NULL,
                                 NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (again->len, ==, ids->len);
        }
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          g_autoptr(RlxAnalysisRecord) stored = rlx_store_get_current_analysis (store, id, "peak", NULL);
          g_autoptr(RlxPeak) alone = rlx_peak_extract (store, id, recipe, NULL);
          g_autofree char *text = NULL;

          if (alone == NULL)
            continue;
          g_assert_nonnull (stored);
          text = rlx_peak_to_json_string (alone, TRUE);
          g_assert_cmpstr (stored->result_json, ==, text);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();
  g_test_add_func ("/relaxun/signal/pairing", test_pairing);
  g_test_add_func ("/relaxun/signal/selection", test_selection);
  g_test_add_func ("/relaxun/signal/recipe-round-trip", test_recipe_round_trip);
  g_test_add_func ("/relaxun/signal/batch", test_batch);
  return g_test_run ();
}

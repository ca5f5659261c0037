/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-sim"

#include "config.h"

#include "rlx-demo.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <json-glib/json-glib.h>

#include "rlx-batch.h"
#include "rlx-fit.h"
#include "rlx-import.h"
#include "rlx-json.h"
#include "rlx-model.h"
#include "rlx-recipe.h"
#include "rlx-selection.h"
#include "rlx-sim.h"
#include "rlx-sim-export.h"
#include "rlx-sim-json.h"
#include "rlx-store.h"

#define DEMO_MASS_NG 50.0
#define DEMO_T_HIGH 500.0
#define DEMO_T_LOW 193.15
#define DEMO_T_END 493.15
#define DEMO_QUENCH 10000.0
#define DEMO_HEAT 1000.0

/* The paper's series of annealing times at four temperatures (s). */
static const double series_ta[] = { 0.1, 1.0, 10.0, 100.0, 1000.0 };
static const double series_temperatures[] = { 253.0, 303.0, 318.0, 363.0 };
/* Fig. 4-like three-step protocol: each colder step relaxes faster units and leaves what the
   hotter steps did in place, so one scan shows three recovery peaks. */
static const double three_step[][2] = { { 353.0, 5.0 }, { 313.0, 5.0 }, { 273.0, 5.0 } };

static RlxSimProtocol *
demo_protocol (const double (*steps)[2],
               guint         n_steps)
{
  RlxSimProtocol *protocol = rlx_sim_protocol_new ();
  RlxSimInstrument *inst = &protocol->instrument;

  inst->mass_ng = DEMO_MASS_NG;
  inst->noise_mw = 2e-5;
  inst->lag_s = 1e-4;
  inst->baseline[0] = 2e-6;
  inst->baseline[1] = 8e-9;
  inst->baseline[2] = 3e-11;
  /* 0.4 K between points at 1000 K/s keeps the folder small; the integrator still steps 0.05 K. */
  inst->sample_interval = 4e-4;
  inst->max_step_k = 0.05;

  rlx_sim_protocol_add_equilibrate (protocol, DEMO_T_HIGH);
  for (guint i = 0; i < n_steps; i++)
    {
      rlx_sim_protocol_add_ramp (protocol, steps[i][0], DEMO_QUENCH, FALSE);
      rlx_sim_protocol_add_hold (protocol, steps[i][1], TRUE);
    }
  rlx_sim_protocol_add_ramp (protocol, DEMO_T_LOW, DEMO_QUENCH, FALSE);
  rlx_sim_protocol_add_hold (protocol, 0.05, FALSE);
  rlx_sim_protocol_add_ramp (protocol, DEMO_T_END, DEMO_HEAT, TRUE);
  return protocol;
}

static gboolean
write_scan (const char           *dir,
            const RlxSimMaterial *material,
            const RlxSimProtocol *protocol,
            gsl_rng              *rng,
            JsonBuilder          *manifest,
            GError              **error)
{
  g_autoptr (GArray) steps = rlx_sim_protocol_dup_anneal_steps (protocol);
  g_autofree char *stem = rlx_sim_condition_stem (steps);
  g_autofree char *file = g_strdup_printf ("fdsc_%s.txt", stem);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *curve = g_strdup_printf ("Relaxun demo %s %s", RLX_DEMO_SAMPLE_NAME, stem);
  g_autoptr (RlxSimScan) scan = rlx_sim_run (material, protocol, rng, error);
  g_autoptr (GBytes) bytes = NULL;

  if (scan == NULL)
    return FALSE;
  bytes = rlx_sim_format_stare_dsc (scan, curve);
  if (!rlx_sim_write_bytes (path, bytes, error))
    return FALSE;

  json_builder_begin_object (manifest);
  json_builder_set_member_name (manifest, "file");
  json_builder_add_string_value (manifest, file);
  json_builder_set_member_name (manifest, "role");
  json_builder_add_string_value (manifest, steps->len == 0 ? "reference" : "annealed");
  json_builder_set_member_name (manifest, "anneal_steps");
  json_builder_begin_array (manifest);
  for (guint i = 0; i < steps->len; i++)
    {
      json_builder_begin_array (manifest);
      rlx_sim_json_add_double (manifest, g_array_index (steps, RlxAnnealStep, i).temperature);
      rlx_sim_json_add_double (manifest, g_array_index (steps, RlxAnnealStep, i).duration);
      json_builder_end_array (manifest);
    }
  json_builder_end_array (manifest);
  json_builder_set_member_name (manifest, "protocol");
  json_builder_add_value (manifest, rlx_sim_protocol_to_json (protocol, NULL));
  json_builder_end_object (manifest);
  return TRUE;
}

gboolean
rlx_demo_write_exports (const char  *dir,
                        guint64      seed,
                        GError     **error)
{
  g_autoptr (RlxSimMaterial) material = rlx_sim_material_new_demo ();
  g_autoptr (JsonBuilder) manifest = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *text = NULL;
  gsl_rng *rng;
  gboolean ok = FALSE;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_IO,
                   "Could not create the folder %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, (unsigned long) seed);

  json_builder_begin_object (manifest);
  json_builder_set_member_name (manifest, "sample");
  json_builder_add_string_value (manifest, RLX_DEMO_SAMPLE_NAME);
  json_builder_set_member_name (manifest, "mass_ng");
  rlx_sim_json_add_double (manifest, DEMO_MASS_NG);
  json_builder_set_member_name (manifest, "seed");
  json_builder_add_int_value (manifest, (gint64) seed);
  json_builder_set_member_name (manifest, "material");
  {
    g_autoptr (RlxSimProtocol) empty = rlx_sim_protocol_new ();
    g_autoptr (JsonNode) both = rlx_sim_protocol_to_json (empty, material);

    json_builder_add_value (manifest,
                            json_node_copy (json_object_get_member (json_node_get_object (both),
                                                                     "material")));
  }
  json_builder_set_member_name (manifest, "files");
  json_builder_begin_array (manifest);

  /* The as-cooled reference first, then the 5 K family at 5 s, the time series, three steps. */
  {
    g_autoptr (RlxSimProtocol) reference = demo_protocol (NULL, 0);

    if (!write_scan (dir, material, reference, rng, manifest, error))
      goto out;
  }
  for (double ta = 273.0; ta <= 393.0 + 1e-9; ta += 5.0)
    {
      double step[1][2] = { { ta, 5.0 } };
      g_autoptr (RlxSimProtocol) protocol = demo_protocol (step, 1);

      if (!write_scan (dir, material, protocol, rng, manifest, error))
        goto out;
    }
  for (guint i = 0; i < G_N_ELEMENTS (series_temperatures); i++)
    for (guint k = 0; k < G_N_ELEMENTS (series_ta); k++)
      {
        double step[1][2] = { { series_temperatures[i], series_ta[k] } };
        g_autoptr (RlxSimProtocol) protocol = demo_protocol (step, 1);

        if (!write_scan (dir, material, protocol, rng, manifest, error))
          goto out;
      }
  {
    g_autoptr (RlxSimProtocol) protocol = demo_protocol (three_step, G_N_ELEMENTS (three_step));

    if (!write_scan (dir, material, protocol, rng, manifest, error))
      goto out;
  }

  /* DMA temperature sweep at 2 Hz. */
  {
    RlxSimDmaParams params;
    g_autoptr (RlxSimDmaSweep) sweep = NULL;
    g_autoptr (GBytes) bytes = NULL;
    g_autofree char *path = g_build_filename (dir, "dma_2Hz_sweep.txt", NULL);

    rlx_sim_dma_params_init_demo (&params);
    sweep = rlx_sim_dma_run (&params, rng, error);
    if (sweep == NULL)
      goto out;
    bytes = rlx_sim_format_stare_dma (sweep, params.frequency,
                                      "Relaxun demo " RLX_DEMO_SAMPLE_NAME " DMA 2Hz");
    if (!rlx_sim_write_bytes (path, bytes, error))
      goto out;
    json_builder_begin_object (manifest);
    json_builder_set_member_name (manifest, "file");
    json_builder_add_string_value (manifest, "dma_2Hz_sweep.txt");
    json_builder_set_member_name (manifest, "role");
    json_builder_add_string_value (manifest, "dma");
    json_builder_set_member_name (manifest, "dma");
    json_builder_begin_object (manifest);
#define MEMBER(name, value) \
    json_builder_set_member_name (manifest, name); rlx_sim_json_add_double (manifest, value)
    MEMBER ("frequency_hz", params.frequency);
    MEMBER ("eu0_mpa", params.eu0);
    MEMBER ("alpha_e_kj_mol", params.alpha_e / 1000.0);
    MEMBER ("alpha_t1_k", params.alpha_t1);
    MEMBER ("alpha_a", params.alpha_a);
    MEMBER ("alpha_b", params.alpha_b);
    MEMBER ("beta_e_kj_mol", params.beta_e / 1000.0);
    MEMBER ("beta_t1_k", params.beta_t1);
    MEMBER ("beta_a", params.beta_a);
    MEMBER ("beta_b", params.beta_b);
    MEMBER ("beta_fraction", params.beta_fraction);
    MEMBER ("heating_rate_k_s", params.heating_rate);
#undef MEMBER
    json_builder_end_object (manifest);
    json_builder_end_object (manifest);
  }

  json_builder_end_array (manifest);
  json_builder_end_object (manifest);
  root = json_builder_get_root (manifest);
  text = rlx_json_to_string (root, TRUE);
  manifest_path = g_build_filename (dir, "manifest.json", NULL);
  {
    g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

    ok = rlx_sim_write_bytes (manifest_path, bytes, error);
  }

out:
  gsl_rng_free (rng);
  return ok;
}

char *
rlx_demo_find_exports_dir (void)
{
  const char *candidates[] = { PKGDATADIR "/demo", SOURCE_DATADIR "/demo" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *manifest = g_build_filename (candidates[i], "manifest.json", NULL);

      if (g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

/* Marks one imported run as simulated with its protocol, condition, mass and role. */
static gboolean
annotate_run (RlxStore   *store,
              gint64      run_id,
              JsonObject *entry,
              JsonNode   *material,
              double      mass_ng,
              GError    **error)
{
  g_autoptr (RlxRunRecord) record = rlx_store_load_run (store, run_id, FALSE, error);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;
  const char *role;
  JsonArray *steps;

  if (record == NULL)
    return FALSE;
  role = json_object_get_string_member_with_default (entry, "role", "annealed");
  record->data->simulated = TRUE;
  if (g_strcmp0 (role, "reference") == 0)
    record->data->role = RLX_RUN_ROLE_REFERENCE;
  else if (g_strcmp0 (role, "annealed") == 0)
    record->data->role = RLX_RUN_ROLE_ANNEALED;
  if (isnan (record->data->mass_mg) && mass_ng > 0.0)
    record->data->mass_mg = mass_ng * 1e-6;
  g_free (record->data->material);
  record->data->material = g_strdup (RLX_DEMO_SAMPLE_NAME);

  steps = json_object_has_member (entry, "anneal_steps")
          ? json_object_get_array_member (entry, "anneal_steps") : NULL;
  if (steps != NULL)
    {
      g_array_set_size (record->data->anneal_steps, 0);
      for (guint i = 0; i < json_array_get_length (steps); i++)
        {
          JsonArray *pair = json_array_get_array_element (steps, i);

          rlx_run_data_add_anneal_step (record->data, json_array_get_double_element (pair, 0),
                                        json_array_get_double_element (pair, 1));
        }
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "generator");
  json_builder_add_string_value (b, "relaxun-cli demo");
  json_builder_set_member_name (b, "material");
  json_builder_add_value (b, json_node_copy (material));
  if (json_object_has_member (entry, "protocol"))
    {
      json_builder_set_member_name (b, "protocol");
      json_builder_add_value (b, json_node_copy (json_object_get_member (entry, "protocol")));
    }
  if (json_object_has_member (entry, "dma"))
    {
      json_builder_set_member_name (b, "dma");
      json_builder_add_value (b, json_node_copy (json_object_get_member (entry, "dma")));
    }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  json = rlx_json_to_string (node, FALSE);
  rlx_run_data_set_metadata (record->data, "simulation", json);
  return rlx_store_update_run (store, record, error);
}

/* The demo's peak recipe. The addenda and the vibrational Cp are the same in every scan, so the
   difference needs only a straight line through its two quiet ends; the window keeps the γ/β′
   peaks near 265 K and the α peaks near 410 K, and stops short of the α overshoot of the
   reference above 470 K. One Debye unit per peak, as in Song et al. */
static const char demo_recipe_json[] =
  "{\"reference\":\"auto\",\"grid_step\":0,\"normalise_mass\":true,\"dqdt\":true,"
  "\"baseline\":{\"type\":\"linear\",\"ranges\":[[203,223],[468,488]]},"
  "\"window\":[213,418],"
  "\"fit\":{\"enabled\":true,\"model\":\"debye\",\"baseline\":\"none\","
  "\"bounds\":{\"E\":[20000,1000000]}}}";

/* Saves the recipe and applies it to the annealed scans: one "peak" and one "peak-fit"
   analysis per run, exactly as `relaxun-cli batch --recipe demo-debye` would. */
static gboolean
analyse_peaks (RlxStore     *store,
               GArray       *annealed,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr (RlxRecipe) recipe = rlx_recipe_from_json (demo_recipe_json, error);
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *text = NULL;

  if (recipe == NULL)
    return FALSE;
  text = rlx_recipe_to_json (recipe);
  if (!rlx_store_save_recipe (store, RLX_DEMO_RECIPE_NAME, text, error))
    return FALSE;
  if (annealed->len == 0)
    return TRUE;
  items = rlx_batch_run (store, recipe, RLX_DEMO_RECIPE_NAME, (const gint64 *) annealed->data,
                         annealed->len, 0, cancellable, NULL, NULL, error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      const RlxBatchItem *item = g_ptr_array_index (items, i);

      /* The demo files are ours: a scan without a measurable peak is a bug, not data. */
      if (!item->ok)
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                       "The demo peak of run %" G_GINT64_FORMAT " could not be analysed: %s",
                       item->run_id, item->message != NULL ? item->message : item->status);
          return FALSE;
        }
    }
  return TRUE;
}

/* Fits the DMA sweep with two Havriliak–Negami processes (α and the β shoulder) and stores
   the result as a "dma-fit" analysis. The simulated noise is relative, so each point is
   weighted by its own size: the β shoulder, two orders of magnitude below the α peak, still
   counts. */
static gboolean
fit_dma (RlxStore  *store,
         gint64     run_id,
         GError   **error)
{
  g_autoptr (RlxRunRecord) record = rlx_store_load_run (store, run_id, TRUE, error);
  g_autoptr (RlxModel) model = NULL;
  g_autoptr (RlxFitRequest) request = NULL;
  g_autoptr (RlxFitResult) result = NULL;
  g_autoptr (JsonNode) recipe = NULL;
  g_autoptr (JsonNode) fit = NULL;
  g_autofree double *sigma = NULL;
  g_autofree char *recipe_text = NULL;
  g_autofree char *result_text = NULL;
  RlxModelOptions options;
  RlxChannel *t, *loss;
  double largest = 0.0;

  if (record == NULL)
    return FALSE;
  t = rlx_run_data_get_channel (record->data, RLX_QUANTITY_TEMPERATURE);
  if (t == NULL)
    t = rlx_run_data_get_channel (record->data, RLX_QUANTITY_PROGRAM_TEMPERATURE);
  loss = rlx_run_data_get_channel (record->data, RLX_QUANTITY_LOSS_MODULUS);
  if (t == NULL || loss == NULL || t->n_values != loss->n_values || t->n_values < 20 ||
      !(record->data->frequency > 0.0))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                   "The demo DMA run %" G_GINT64_FORMAT " has no temperature, loss modulus or "
                   "frequency to fit", run_id);
      return FALSE;
    }

  rlx_model_options_init (&options);
  options.n_components = 2;
  options.frequency = record->data->frequency;
  options.y_unit = "MPa";
  model = rlx_model_new ("dma-hn", &options, error);
  if (model == NULL)
    return FALSE;
  for (gsize i = 0; i < loss->n_values; i++)
    largest = MAX (largest, fabs (loss->values[i]));
  sigma = g_new (double, loss->n_values);
  for (gsize i = 0; i < loss->n_values; i++)
    sigma[i] = MAX (fabs (loss->values[i]), 1e-6 * largest);
  request = rlx_fit_request_new (model, t->values, loss->values, sigma, loss->n_values);
  result = rlx_fit_run (request, NULL, NULL, NULL);
  if (!rlx_fit_result_is_success (result))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_INVALID,
                   "The two-process fit of the demo DMA sweep failed: %s",
                   result->message != NULL ? result->message : rlx_fit_status_to_string (result->status));
      return FALSE;
    }

  recipe = rlx_fit_request_to_json (request);
  if (JSON_NODE_HOLDS_OBJECT (recipe))
    {
      JsonObject *object = json_node_get_object (recipe);

      json_object_set_string_member (object, "name", "demo-dma-hn");
      json_object_set_string_member (object, "weights", "relative");
    }
  recipe_text = rlx_json_to_string (recipe, FALSE);
  fit = rlx_fit_result_to_json (result);
  result_text = rlx_json_to_string (fit, FALSE);
  return rlx_store_add_analysis (store, run_id, 0, "dma-fit", recipe_text, result_text, error) > 0;
}

gboolean
rlx_demo_build_database (const char    *db_path,
                         const char    *exports_dir,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (RlxStore) store = NULL;
  g_autoptr (GArray) annealed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *manifest_path = g_build_filename (exports_dir, "manifest.json", NULL);
  g_autoptr (GError) local = NULL;
  JsonObject *root;
  JsonArray *files;
  JsonNode *material;
  const char *sample;
  double mass_ng;
  gint64 reference_id = 0;
  gint64 dma_id = 0;

  if (!json_parser_load_from_file (parser, manifest_path, &local))
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "Could not read the demo manifest %s: %s. Generate the demo files with "
                   "relaxun-cli demo --write-exports DIR", manifest_path, local->message);
      return FALSE;
    }
  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
         ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  files = root != NULL && json_object_has_member (root, "files")
          ? json_object_get_array_member (root, "files") : NULL;
  material = root != NULL ? json_object_get_member (root, "material") : NULL;
  if (files == NULL || material == NULL)
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "%s has no \"files\" list or no \"material\"", manifest_path);
      return FALSE;
    }
  sample = json_object_get_string_member_with_default (root, "sample", RLX_DEMO_SAMPLE_NAME);
  mass_ng = json_object_get_double_member_with_default (root, "mass_ng", NAN);

  store = rlx_store_open (db_path, error);
  if (store == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *entry = json_array_get_object_element (files, i);
      const char *file = entry != NULL
                         ? json_object_get_string_member_with_default (entry, "file", NULL) : NULL;
      const char *role = entry != NULL
                         ? json_object_get_string_member_with_default (entry, "role", "") : "";
      g_autofree char *path = NULL;
      RlxImportResult result = { 0 };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (file == NULL)
        {
          g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                       "%s: entry %u has no \"file\"", manifest_path, i + 1);
          return FALSE;
        }
      path = g_build_filename (exports_dir, file, NULL);
      if (!rlx_import_file_into_store (store, path, sample, NULL, &result, NULL, error))
        return FALSE;
      for (guint r = 0; r < result.run_ids->len; r++)
        {
          gint64 id = g_array_index (result.run_ids, gint64, r);

          if (!annotate_run (store, id, entry, material, mass_ng, error))
            {
              rlx_import_result_clear (&result);
              return FALSE;
            }
          if (g_strcmp0 (role, "reference") == 0 && reference_id == 0)
            reference_id = id;
          else if (g_strcmp0 (role, "annealed") == 0)
            g_array_append_val (annealed, id);
          else if (g_strcmp0 (role, "dma") == 0 && dma_id == 0)
            dma_id = id;
        }
      rlx_import_result_clear (&result);
    }

  if (reference_id == 0)
    {
      g_set_error (error, RLX_SIM_ERROR, RLX_SIM_ERROR_PARSE,
                   "%s lists no reference scan to pair the annealed scans with", manifest_path);
      return FALSE;
    }
  for (guint i = 0; i < annealed->len; i++)
    if (!rlx_store_set_reference (store, g_array_index (annealed, gint64, i), reference_id,
                                  error))
      return FALSE;

  if (!analyse_peaks (store, annealed, cancellable, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (dma_id != 0 && !fit_dma (store, dma_id, error))
    return FALSE;
  return TRUE;
}

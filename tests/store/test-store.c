/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "rlx-store.h"
#include "rlx-store-test-data.h"
#include "rlx-test-util.h"

typedef struct
{
  char     *dir;
  char     *path;
  RlxStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = rlx_test_tmp_dir ();
  /* A folder that does not exist yet: opening creates it. */
  fixture->path = g_build_filename (fixture->dir, "lab", "notebook.relaxun", NULL);
  fixture->store = rlx_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *lab = g_path_get_dirname (fixture->path);

  g_clear_pointer (&fixture->store, rlx_store_close);
  rlx_store_test_remove_db (fixture->path);
  g_rmdir (lab);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static GBytes *
export_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* Values that a careless encoding would change: NaN payloads, signed zero, infinities, denormals. */
static const guint64 special_bits[] = {
  G_GUINT64_CONSTANT (0x7ff8000000000000), /* quiet NaN */
  G_GUINT64_CONSTANT (0x7ff8000000000123), /* NaN with a payload */
  G_GUINT64_CONSTANT (0xfff8000000000001), /* negative NaN */
  G_GUINT64_CONSTANT (0x7ff0000000000000), /* +Inf */
  G_GUINT64_CONSTANT (0xfff0000000000000), /* -Inf */
  G_GUINT64_CONSTANT (0x8000000000000000), /* -0 */
  G_GUINT64_CONSTANT (0x0000000000000001), /* smallest denormal */
  G_GUINT64_CONSTANT (0x000fffffffffffff), /* largest denormal */
  G_GUINT64_CONSTANT (0x7fefffffffffffff), /* DBL_MAX */
  G_GUINT64_CONSTANT (0x3ff0000000000001), /* 1 + ulp */
};

static RlxRunData *
make_special_run (void)
{
  RlxRunData *run = rlx_store_test_make_run ("Glass A", 64, 3, 523.15, 3600.0);
  RlxChannel *heat_flow = g_ptr_array_index (run->channels, 2);

  for (guint i = 0; i < G_N_ELEMENTS (special_bits); i++)
    memcpy (&heat_flow->values[i * 3], &special_bits[i], sizeof (double));

  rlx_run_data_add_anneal_step (run, 533.15, 60.0);  /* two-step protocol */
  run->material = g_strdup ("Pd40Ni10Cu30P20");
  run->mass_mg = 0.000123;
  run->frequency = NAN;
  run->notes = g_strdup ("chip 7, second scan");
  rlx_run_data_set_metadata (run, "Curve name", "DSC Heating 1000K/s");
  rlx_run_data_set_metadata (run, "Operator", "Ånne");
  rlx_run_data_set_metadata (run, "Empty", "");
  return run;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRunData) annealed = make_special_run ();
  g_autoptr(RlxRunData) reference = rlx_store_test_make_run ("Glass A", 50, 3, NAN, NAN);
  g_autoptr(RlxRunData) unnamed = rlx_store_test_make_run (NULL, 10, 2, NAN, NAN);
  RlxRunData *runs[] = { annealed, reference };
  g_autoptr(GBytes) original = export_bytes ("Curve Values:\n  Index  t  Ts  Value\n  [s] [°C] [mW]\n");
  g_autoptr(GBytes) loaded_bytes = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(RlxRunRecord) record = NULL;
  g_autoptr(RlxRunRecord) light = NULL;
  g_autoptr(RlxSampleRecord) sample = NULL;
  g_autofree char *file_name = NULL;
  RlxImportResult result = { 0 };
  RlxImportResult result2 = { 0 };
  gint64 annealed_id, reference_id;

  g_assert_cmpint (rlx_store_get_schema_version (fixture->store), ==,
                   rlx_store_get_latest_schema_version ());
  g_assert_cmpstr (rlx_store_get_path (fixture->store), ==, fixture->path);

  g_assert_true (rlx_store_import (fixture->store, "/some/where/GlassA_Ta250.txt", original, NULL,
                                   runs, G_N_ELEMENTS (runs), &result, &error));
  g_assert_no_error (error);
  g_assert_false (result.duplicate);
  g_assert_cmpint (result.source_id, >, 0);
  g_assert_cmpuint (result.run_ids->len, ==, 2);
  annealed_id = g_array_index (result.run_ids, gint64, 0);
  reference_id = g_array_index (result.run_ids, gint64, 1);
  g_assert_cmpint (annealed_id, <, reference_id);  /* file order */

  /* Source: the original bytes come back exactly, under the file's base name. */
  loaded_bytes = rlx_store_dup_source_bytes (fixture->store, result.source_id, &file_name, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded_bytes, original));
  g_assert_cmpstr (file_name, ==, "GlassA_Ta250.txt");

  /* Run with channels: every field, every bit. */
  record = rlx_store_load_run (fixture->store, annealed_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->id, ==, annealed_id);
  g_assert_cmpint (record->source_id, ==, result.source_id);
  g_assert_cmpint (record->reference_id, ==, 0);
  g_assert_cmpstr (record->sample_name, ==, "Glass A");
  g_assert_cmpstr (record->source_name, ==, "GlassA_Ta250.txt");
  g_assert_null (record->tags);
  g_assert_nonnull (record->imported_at);
  g_assert_cmpuint (record->n_points, ==, 64);
  g_assert_cmpfloat (record->t_start, ==, 300.0);
  g_assert_cmpfloat (record->t_end, ==, 300.0 + 200.0 * 63.0 / 64.0);
  g_assert_cmpstr (record->data->sample_name, ==, "Glass A");
  rlx_store_test_assert_runs_equal (annealed, record->data, TRUE);

  light = rlx_store_load_run (fixture->store, reference_id, FALSE, &error);
  g_assert_no_error (error);
  rlx_store_test_assert_runs_equal (reference, light->data, FALSE);
  g_assert_cmpuint (light->data->anneal_steps->len, ==, 0);

  /* Sample created from the first run: material and mass. */
  samples = rlx_store_list_samples (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, 1);
  sample = rlx_store_get_sample (fixture->store, ((RlxSampleRecord *) samples->pdata[0])->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sample->name, ==, "Glass A");
  g_assert_cmpstr (sample->material, ==, "Pd40Ni10Cu30P20");
  g_assert_cmpfloat (sample->mass, ==, 0.000123);
  g_assert_cmpstr (sample->mass_unit, ==, "mg");
  g_assert_cmpuint (sample->n_runs, ==, 2);

  /* Without any sample name the file's base name names the sample. */
  {
    g_autoptr(GBytes) other = export_bytes ("another export");
    RlxRunData *one[] = { unnamed };
    g_autoptr(RlxRunRecord) r = NULL;

    g_assert_true (rlx_store_import (fixture->store, "B7-ref.csv", other, NULL, one, 1,
                                     &result2, &error));
    g_assert_no_error (error);
    r = rlx_store_load_run (fixture->store, g_array_index (result2.run_ids, gint64, 0), FALSE,
                            &error);
    g_assert_no_error (error);
    g_assert_cmpstr (r->sample_name, ==, "B7-ref");
  }

  /* The sample_name argument overrides the runs' own. */
  {
    g_autoptr(GBytes) third = export_bytes ("third export");
    RlxRunData *one[] = { annealed };
    RlxImportResult r3 = { 0 };
    g_autoptr(RlxRunRecord) r = NULL;

    g_assert_true (rlx_store_import (fixture->store, "x.txt", third, "Override", one, 1, &r3,
                                     &error));
    r = rlx_store_load_run (fixture->store, g_array_index (r3.run_ids, gint64, 0), FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (r->sample_name, ==, "Override");
    rlx_import_result_clear (&r3);
  }

  listed = rlx_store_list_runs (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 4);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = rlx_store_list_runs (fixture->store, sample->id, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpint (((RlxRunRecord *) listed->pdata[0])->id, ==, annealed_id);
  g_assert_cmpuint (((RlxRunRecord *) listed->pdata[0])->data->channels->len, ==, 0);
  g_assert_cmpuint (((RlxRunRecord *) listed->pdata[0])->n_points, ==, 64);
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* Runs by annealing condition: the last step counts. */
  listed = rlx_store_list_runs_by_anneal (fixture->store, 533.15, 60.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = rlx_store_list_runs_by_anneal (fixture->store, 523.15, 3600.0, &error);
  g_assert_cmpuint (listed->len, ==, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = rlx_store_list_runs_by_anneal (fixture->store, 533.15, NAN, &error);
  g_assert_cmpuint (listed->len, ==, 2);

  g_assert_null (rlx_store_load_run (fixture->store, 9999, FALSE, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND);

  rlx_import_result_clear (&result);
  rlx_import_result_clear (&result2);
  g_assert_null (result.run_ids);
}

static void
test_add_run_and_edit (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRunData) sim = rlx_store_test_make_run ("Demo glass", 100, 3, 500.0, 100.0);
  g_autoptr(RlxRunData) ref = rlx_store_test_make_run ("Demo glass", 100, 3, NAN, NAN);
  g_autoptr(RlxRunRecord) record = NULL;
  g_autoptr(RlxRunRecord) again = NULL;
  g_autoptr(RlxSampleRecord) sample = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 sim_id, ref_id, other_sample;
  RlxHistoryRecord *last;

  sim->simulated = TRUE;
  sim_id = rlx_store_add_run (fixture->store, NULL, sim, &error);
  g_assert_no_error (error);
  ref_id = rlx_store_add_run (fixture->store, NULL, ref, &error);
  g_assert_no_error (error);

  record = rlx_store_load_run (fixture->store, sim_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->source_id, ==, 0);
  g_assert_null (record->source_name);
  rlx_store_test_assert_runs_equal (sim, record->data, TRUE);

  /* Edit: tags, notes, annealing protocol, reference, metadata, move to another sample. */
  other_sample = rlx_store_ensure_sample (fixture->store, "Demo glass 2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rlx_store_ensure_sample (fixture->store, "Demo glass 2", &error), ==, other_sample);
  g_free (record->tags);
  record->tags = g_strdup ("demo,simulated");
  g_free (record->data->notes);
  record->data->notes = g_strdup ("edited");
  g_array_set_size (record->data->anneal_steps, 0);
  rlx_run_data_add_anneal_step (record->data, 510.0, 1000.0);
  rlx_run_data_set_metadata (record->data, "key", "value");
  record->reference_id = ref_id;
  record->sample_id = other_sample;
  g_assert_true (rlx_store_update_run (fixture->store, record, &error));
  g_assert_no_error (error);

  again = rlx_store_load_run (fixture->store, sim_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->tags, ==, "demo,simulated");
  g_assert_cmpint (again->reference_id, ==, ref_id);
  g_assert_cmpint (again->sample_id, ==, other_sample);
  g_assert_cmpstr (again->sample_name, ==, "Demo glass 2");
  rlx_store_test_assert_runs_equal (record->data, again->data, TRUE);
  {
    g_autoptr(GPtrArray) by_anneal = rlx_store_list_runs_by_anneal (fixture->store, 510.0, 1000.0,
                                                                    &error);
    g_assert_cmpuint (by_anneal->len, ==, 1);
  }

  /* A run cannot be its own reference, nor point at a missing one. */
  g_assert_false (rlx_store_set_reference (fixture->store, sim_id, sim_id, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rlx_store_set_reference (fixture->store, sim_id, 4242, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (rlx_store_set_reference (fixture->store, sim_id, 0, &error));
  g_clear_pointer (&again, rlx_run_record_free);
  again = rlx_store_load_run (fixture->store, sim_id, FALSE, &error);
  g_assert_cmpint (again->reference_id, ==, 0);

  /* Sample edits. */
  sample = rlx_store_get_sample (fixture->store, other_sample, &error);
  g_assert_no_error (error);
  g_free (sample->material);
  sample->material = g_strdup ("Vit105");
  sample->mass = 1.5;
  g_free (sample->mass_unit);
  sample->mass_unit = g_strdup ("µg");
  g_assert_true (rlx_store_update_sample (fixture->store, sample, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sample, rlx_sample_record_free);
  sample = rlx_store_get_sample (fixture->store, other_sample, &error);
  g_assert_cmpstr (sample->material, ==, "Vit105");
  g_assert_cmpfloat (sample->mass, ==, 1.5);
  g_assert_cmpstr (sample->mass_unit, ==, "µg");
  g_free (sample->name);
  sample->name = g_strdup ("Demo glass");  /* taken */
  g_assert_false (rlx_store_update_sample (fixture->store, sample, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_clear_error (&error);

  history = rlx_store_list_history (fixture->store, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (last->action, ==, "edit");
  g_assert_cmpstr (last->entity, ==, "sample");
  g_assert_nonnull (strstr (last->payload_json, "\"before\""));
  g_assert_nonnull (strstr (last->payload_json, "Vit105"));
}

static void
test_analyses_and_recipes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRunData) run1 = rlx_store_test_make_run ("S", 10, 2, 500.0, 10.0);
  g_autoptr(RlxRunData) run2 = rlx_store_test_make_run ("S", 10, 2, 480.0, 10.0);
  g_autoptr(RlxRunData) ref = rlx_store_test_make_run ("S", 10, 2, NAN, NAN);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(RlxAnalysisRecord) cur = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *recipe = NULL;
  gint64 id1, id2, idr, a1, a2, a3, a4;

  id1 = rlx_store_add_run (fixture->store, NULL, run1, &error);
  id2 = rlx_store_add_run (fixture->store, NULL, run2, &error);
  idr = rlx_store_add_run (fixture->store, NULL, ref, &error);
  g_assert_no_error (error);

  g_assert_null (rlx_store_get_current_analysis (fixture->store, id1, "peak-fit", &error));
  g_assert_no_error (error);

  a1 = rlx_store_add_analysis (fixture->store, id1, idr, "peak-fit", "{\"model\":\"debye\"}",
                               "{\"E\":300000,\"status\":\"converged\"}", &error);
  g_assert_no_error (error);
  a2 = rlx_store_add_analysis (fixture->store, id1, idr, "peak-fit", "{\"model\":\"debye\",\"w\":2}",
                               "{\"E\":310000}", &error);
  a3 = rlx_store_add_analysis (fixture->store, id1, 0, "spectrum", "{}", "{\"n\":5}", &error);
  a4 = rlx_store_add_analysis (fixture->store, id2, idr, "peak-fit", "{}", "{\"E\":290000}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (a1, <, a2);
  g_assert_cmpint (a2, <, a3);

  /* Refits add rows; the newest is current. */
  cur = rlx_store_get_current_analysis (fixture->store, id1, "peak-fit", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cur->id, ==, a2);
  g_assert_true (cur->current);
  g_assert_cmpint (cur->reference_id, ==, idr);
  g_assert_cmpstr (cur->result_json, ==, "{\"E\":310000}");
  g_assert_cmpstr (cur->recipe_json, ==, "{\"model\":\"debye\",\"w\":2}");
  g_assert_cmpfloat (cur->anneal_ta, ==, 500.0);
  g_assert_cmpfloat (cur->anneal_time, ==, 10.0);

  list = rlx_store_list_analyses (fixture->store, id1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_false (((RlxAnalysisRecord *) list->pdata[0])->current);
  g_assert_true (((RlxAnalysisRecord *) list->pdata[1])->current);
  g_assert_true (((RlxAnalysisRecord *) list->pdata[2])->current);
  g_assert_cmpstr (((RlxAnalysisRecord *) list->pdata[0])->result_json, ==,
                   "{\"E\":300000,\"status\":\"converged\"}");

  /* Across runs, ordered by annealing temperature. */
  current = rlx_store_list_current_analyses (fixture->store, "peak-fit", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->len, ==, 2);
  g_assert_cmpint (((RlxAnalysisRecord *) current->pdata[0])->id, ==, a4);
  g_assert_cmpint (((RlxAnalysisRecord *) current->pdata[1])->id, ==, a2);
  g_assert_true (((RlxAnalysisRecord *) current->pdata[0])->current);

  /* Bad input is refused without writing. */
  g_assert_cmpint (rlx_store_add_analysis (fixture->store, 777, 0, "peak-fit", "{}", "{}", &error),
                   ==, -1);
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (rlx_store_add_analysis (fixture->store, id1, 0, "peak-fit", "{not json", "{}",
                                           &error), ==, -1);
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM analysis"), ==, 4);

  /* Recipes: save, overwrite (old version kept in the history), list, read. */
  g_assert_true (rlx_store_save_recipe (fixture->store, "debye-default", "{\"model\":\"debye\"}",
                                        &error));
  g_assert_true (rlx_store_save_recipe (fixture->store, "an-hn", "{\"model\":\"hn\"}", &error));
  g_assert_true (rlx_store_save_recipe (fixture->store, "debye-default",
                                        "{\"model\":\"debye\",\"window\":[400,600]}", &error));
  g_assert_no_error (error);
  names = rlx_store_list_recipes (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "an-hn");
  g_assert_cmpstr (names[1], ==, "debye-default");
  recipe = rlx_store_dup_recipe (fixture->store, "debye-default", &error);
  g_assert_cmpstr (recipe, ==, "{\"model\":\"debye\",\"window\":[400,600]}");
  g_assert_null (rlx_store_dup_recipe (fixture->store, "nope", &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rlx_store_save_recipe (fixture->store, "bad", "[1,", &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Every change left a history row: 3 runs (+1 sample), 4 analyses, 3 recipe saves. */
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM history"), ==,
                   1 + 3 + 4 + 3);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM history WHERE "
                                         "action = 'fit' AND entity = 'analysis'"), ==, 4);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM history WHERE "
                                         "entity = 'recipe' AND payload_json LIKE "
                                         "'%\"before\":\"{\\\"model\\\":\\\"debye\\\"}\"%'"), ==, 1);
  {
    g_autoptr(GPtrArray) tail = rlx_store_list_history_tail (fixture->store, 2, &error);
    RlxHistoryRecord *h0, *h1;

    g_assert_cmpuint (tail->len, ==, 2);
    h0 = tail->pdata[0];
    h1 = tail->pdata[1];
    g_assert_cmpint (h0->id, <, h1->id);
    g_assert_cmpstr (h1->entity, ==, "recipe");
    g_assert_cmpstr (h1->action, ==, "save");
    g_assert_nonnull (h1->at);
    g_assert_cmpstr (h1->summary, ==, "Changed recipe “debye-default”");
  }
}

static void
test_duplicate_source (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRunData) a = rlx_store_test_make_run ("S", 20, 3, 500.0, 10.0);
  g_autoptr(RlxRunData) b = rlx_store_test_make_run ("S", 20, 3, NAN, NAN);
  RlxRunData *runs[] = { a, b };
  g_autoptr(GBytes) bytes = export_bytes ("identical bytes\n1 2 3\n");
  RlxImportResult first = { 0 }, second = { 0 };
  gint64 n_history;

  g_assert_true (rlx_store_import (fixture->store, "first.txt", bytes, NULL, runs, 2, &first,
                                   &error));
  g_assert_no_error (error);
  n_history = rlx_store_test_count (fixture->path, "SELECT count(*) FROM history");

  /* Same bytes under another name: recognised, nothing written, earlier runs given back. */
  g_assert_true (rlx_store_import (fixture->store, "renamed copy.txt", bytes, "Other", runs, 2,
                                   &second, &error));
  g_assert_no_error (error);
  g_assert_true (second.duplicate);
  g_assert_cmpint (second.source_id, ==, first.source_id);
  g_assert_cmpuint (second.run_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (second.run_ids, gint64, 0), ==, g_array_index (first.run_ids, gint64, 0));
  g_assert_cmpint (g_array_index (second.run_ids, gint64, 1), ==, g_array_index (first.run_ids, gint64, 1));
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM source"), ==, 1);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM run"), ==, 2);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM sample"), ==, 1);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM history"), ==, n_history);

  rlx_import_result_clear (&first);
  rlx_import_result_clear (&second);
}

static const char *count_everything =
  "SELECT (SELECT count(*) FROM sample) * 1000000000 + (SELECT count(*) FROM source) * 1000000"
  " + (SELECT count(*) FROM run) * 10000 + (SELECT count(*) FROM channel) * 100"
  " + (SELECT count(*) FROM history)";

static void
test_failure_half_way (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRunData) good = rlx_store_test_make_run ("Half", 1000, 3, 500.0, 10.0);
  g_autoptr(RlxRunData) bad = rlx_store_test_make_run ("Half way", 1000, 3, NAN, NAN);
  RlxRunData *runs[] = { good, bad };
  g_autoptr(GBytes) bytes = export_bytes ("two runs, the second one fails\n");
  RlxImportResult result = { 0 };
  RlxChannel *boom = g_ptr_array_index (bad->channels, 2);
  gint64 before;

  /* The database itself refuses the last channel of the second run, after the source, a new
   * sample, the first run with its channels and the second run's row were written. */
  g_free (boom->name);
  boom->name = g_strdup ("Boom");
  rlx_store_test_exec (fixture->path,
                       "CREATE TRIGGER test_boom BEFORE INSERT ON channel WHEN NEW.name = 'Boom' "
                       "BEGIN SELECT RAISE (ABORT, 'injected failure'); END");
  before = rlx_store_test_count (fixture->path, count_everything);
  g_assert_cmpint (before, ==, 0);

  g_assert_false (rlx_store_import (fixture->store, "half.txt", bytes, NULL, runs, 2, &result,
                                    &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Boom"));
  g_clear_error (&error);
  g_assert_null (result.run_ids);
  g_assert_cmpint (rlx_store_test_count (fixture->path, count_everything), ==, before);

  g_assert_cmpint (rlx_store_add_run (fixture->store, NULL, bad, &error), ==, -1);
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (rlx_store_test_count (fixture->path, count_everything), ==, before);

  /* The store still works, and the same bytes are not taken for a duplicate. */
  rlx_store_test_exec (fixture->path, "DROP TRIGGER test_boom");
  g_assert_true (rlx_store_import (fixture->store, "half.txt", bytes, NULL, runs, 2, &result,
                                   &error));
  g_assert_no_error (error);
  g_assert_false (result.duplicate);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM channel"), ==, 6);
  g_assert_cmpstr (rlx_store_test_integrity (fixture->path), ==, "ok");
  rlx_import_result_clear (&result);
}

static void
test_delete_restore (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxRunData) run = make_special_run ();
  g_autoptr(RlxRunData) ref = rlx_store_test_make_run ("Glass A", 30, 3, NAN, NAN);
  g_autoptr(RlxRunData) other = rlx_store_test_make_run ("Glass A", 30, 3, 400.0, 5.0);
  g_autoptr(RlxRunData) plain = rlx_store_test_make_run ("Glass A", 5, 1, NAN, NAN);
  RlxRunData *runs[] = { ref, run };
  g_autoptr(GBytes) bytes = export_bytes ("reference then annealed");
  g_autoptr(RlxRunRecord) restored = NULL;
  g_autoptr(RlxRunRecord) other_record = NULL;
  g_autoptr(GPtrArray) analyses = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(RlxAnalysisRecord) other_analysis = NULL;
  RlxImportResult result = { 0 };
  RlxHistoryRecord *deletion;
  gint64 ref_id, run_id, other_id, plain_id, a1, a2, a_other, n_before;

  g_assert_true (rlx_store_import (fixture->store, "pair.txt", bytes, NULL, runs, 2, &result,
                                   &error));
  g_assert_no_error (error);
  ref_id = g_array_index (result.run_ids, gint64, 0);
  run_id = g_array_index (result.run_ids, gint64, 1);
  other_id = rlx_store_add_run (fixture->store, NULL, other, &error);
  plain_id = rlx_store_add_run (fixture->store, NULL, plain, &error);
  g_assert_no_error (error);
  g_assert_true (rlx_store_set_reference (fixture->store, run_id, ref_id, &error));
  /* Another run and its analysis use the run that will be deleted as their reference. */
  g_assert_true (rlx_store_set_reference (fixture->store, other_id, run_id, &error));
  a1 = rlx_store_add_analysis (fixture->store, run_id, ref_id, "peak-fit", "{\"a\":1}", "{\"E\":1}", &error);
  a2 = rlx_store_add_analysis (fixture->store, run_id, ref_id, "peak-fit", "{\"a\":2}", "{\"E\":2}", &error);
  a_other = rlx_store_add_analysis (fixture->store, other_id, run_id, "peak-fit", "{}", "{}", &error);
  g_assert_no_error (error);

  /* Refused without confirmation, naming how many analyses; nothing changes. */
  n_before = rlx_store_test_count (fixture->path, count_everything);
  g_assert_false (rlx_store_delete_run (fixture->store, run_id, RLX_STORE_DELETE_NONE, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_HAS_ANALYSES);
  g_assert_nonnull (strstr (error->message, "2 analyses"));
  g_clear_error (&error);
  g_assert_cmpint (rlx_store_test_count (fixture->path, count_everything), ==, n_before);

  g_assert_false (rlx_store_delete_run (fixture->store, 31337, RLX_STORE_DELETE_WITH_ANALYSES, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Confirmed: run, channels and analyses go in one transaction; references become NULL. */
  g_assert_true (rlx_store_delete_run (fixture->store, run_id, RLX_STORE_DELETE_WITH_ANALYSES, &error));
  g_assert_no_error (error);
  g_assert_null (rlx_store_load_run (fixture->store, run_id, FALSE, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM channel WHERE run_id NOT IN (SELECT id FROM run)"), ==, 0);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM analysis"), ==, 1);
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM source"), ==, 1);
  other_record = rlx_store_load_run (fixture->store, other_id, FALSE, &error);
  g_assert_cmpint (other_record->reference_id, ==, 0);
  other_analysis = rlx_store_get_current_analysis (fixture->store, other_id, "peak-fit", &error);
  g_assert_cmpint (other_analysis->reference_id, ==, 0);
  g_clear_pointer (&other_record, rlx_run_record_free);
  g_clear_pointer (&other_analysis, rlx_analysis_record_free);

  history = rlx_store_list_history (fixture->store, &error);
  deletion = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (deletion->action, ==, "delete");
  g_assert_cmpstr (deletion->entity, ==, "run");
  g_assert_cmpint (deletion->entity_id, ==, run_id);
  g_assert_nonnull (deletion->payload_json);

  /* Restore: every row back under its old id, channels bit for bit, references re-paired. */
  g_assert_true (rlx_store_restore (fixture->store, deletion->id, &error));
  g_assert_no_error (error);
  restored = rlx_store_load_run (fixture->store, run_id, TRUE, &error);
  g_assert_no_error (error);
  rlx_store_test_assert_runs_equal (run, restored->data, TRUE);
  g_assert_cmpint (restored->reference_id, ==, ref_id);
  g_assert_cmpint (restored->source_id, ==, result.source_id);
  g_assert_cmpstr (restored->sample_name, ==, "Glass A");
  analyses = rlx_store_list_analyses (fixture->store, run_id, &error);
  g_assert_cmpuint (analyses->len, ==, 2);
  g_assert_cmpint (((RlxAnalysisRecord *) analyses->pdata[0])->id, ==, a1);
  g_assert_cmpint (((RlxAnalysisRecord *) analyses->pdata[1])->id, ==, a2);
  g_assert_true (((RlxAnalysisRecord *) analyses->pdata[1])->current);
  g_assert_cmpstr (((RlxAnalysisRecord *) analyses->pdata[1])->recipe_json, ==, "{\"a\":2}");
  other_record = rlx_store_load_run (fixture->store, other_id, FALSE, &error);
  g_assert_cmpint (other_record->reference_id, ==, run_id);
  other_analysis = rlx_store_get_current_analysis (fixture->store, other_id, "peak-fit", &error);
  g_assert_cmpint (other_analysis->id, ==, a_other);
  g_assert_cmpint (other_analysis->reference_id, ==, run_id);

  /* Twice is refused; so is restoring something that was not a deletion. */
  g_assert_false (rlx_store_restore (fixture->store, deletion->id, &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rlx_store_restore (fixture->store, ((RlxHistoryRecord *) history->pdata[0])->id,
                                     &error));
  g_assert_error (error, RLX_STORE_ERROR, RLX_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* New rows never take a deleted row's id, so a later restore cannot collide. */
  g_assert_true (rlx_store_delete_run (fixture->store, plain_id, RLX_STORE_DELETE_NONE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(RlxRunData) next = rlx_store_test_make_run ("Glass A", 5, 1, NAN, NAN);
    gint64 next_id = rlx_store_add_run (fixture->store, NULL, next, &error);

    g_assert_cmpint (next_id, >, plain_id);
  }
  g_clear_pointer (&history, g_ptr_array_unref);
  history = rlx_store_list_history_tail (fixture->store, 3, &error);
  g_assert_cmpstr (((RlxHistoryRecord *) history->pdata[0])->action, ==, "restore");
  g_assert_cmpstr (((RlxHistoryRecord *) history->pdata[1])->action, ==, "delete");
  g_assert_true (rlx_store_restore (fixture->store, ((RlxHistoryRecord *) history->pdata[1])->id,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rlx_store_test_integrity (fixture->path), ==, "ok");
  g_assert_cmpint (rlx_store_test_count (fixture->path, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  rlx_import_result_clear (&result);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/relaxun/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("round-trip", test_round_trip);
  ADD ("add-run-and-edit", test_add_run_and_edit);
  ADD ("analyses-and-recipes", test_analyses_and_recipes);
  ADD ("duplicate-source", test_duplicate_source);
  ADD ("failure-half-way", test_failure_half_way);
  ADD ("delete-restore", test_delete_restore);
#undef ADD

  return g_test_run ();
}

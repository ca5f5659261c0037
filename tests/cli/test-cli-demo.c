/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cli-test-util.h"
#include "rlx-test-util.h"

/*
 * The demo workflow as a user runs it: build the demo database, list it, re-apply the saved
 * recipe to a selection, export the E*–Ta figure, read the stored analyses back. The database
 * is built once; the cases run in order and the later ones build on the earlier ones.
 */

static char *tmp_dir;
static char *demo_db;

static JsonNode *
load_manifest (void)
{
  g_autofree char *path = rlx_test_source_path ("data/demo/manifest.json");
  g_autofree char *text = cli_read_file (path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
demo_runs (void)
{
  g_autofree char *text = cli_runs_json (demo_db);

  return cli_parse_json (text, "runs --json");
}

static JsonObject *
find_run_by_source (GPtrArray  *runs,
                    const char *file)
{
  for (guint i = 0; i < runs->len; i++)
    {
      JsonObject *run = g_ptr_array_index (runs, i);

      if (g_strcmp0 (json_object_get_string_member (run, "source"), file) == 0)
        return run;
    }
  return NULL;
}

static gint64
current_analysis (JsonObject *run,
                  const char *kind)
{
  JsonArray *list = json_object_get_array_member (run, "current_analyses");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *analysis = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (analysis, "kind"), kind) == 0)
        return json_object_get_int_member (analysis, "id");
    }
  return 0;
}

static void
test_demo_build (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cli_run (&out, &err, "demo", "--db", demo_db, NULL);
  if (status != 0)
    g_test_message ("demo failed: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (demo_db, G_FILE_TEST_IS_REGULAR));
  g_assert_true (cli_contains (out, demo_db));

  /* building again into the same file recognises every export as a duplicate: no new runs */
  {
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;
    g_autoptr(JsonNode) manifest = load_manifest ();
    guint n_files = json_array_get_length (json_object_get_array_member (json_node_get_object (manifest),
                                                                         "files"));

    g_assert_cmpint (cli_run (&out2, &err2, "demo", "--db", demo_db, NULL), ==, 0);
    g_assert_cmpuint (cli_count_runs (demo_db), ==, n_files);
  }
}

static void
test_demo_runs (void)
{
  g_autoptr(JsonNode) manifest = load_manifest ();
  g_autoptr(JsonNode) root = demo_runs ();
  g_autoptr(GPtrArray) runs = cli_runs_from_json (root);
  JsonArray *files = json_object_get_array_member (json_node_get_object (manifest), "files");
  JsonObject *reference = find_run_by_source (runs, "fdsc_ref.txt");
  gint64 reference_id;

  g_assert_cmpuint (runs->len, ==, json_array_get_length (files));
  g_assert_nonnull (reference);
  g_assert_cmpstr (json_object_get_string_member (reference, "role"), ==, "reference");
  reference_id = json_object_get_int_member (reference, "id");

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      const char *name = json_object_get_string_member (file, "file");
      const char *role = json_object_get_string_member (file, "role");
      JsonArray *steps = json_object_has_member (file, "anneal_steps") ?
                         json_object_get_array_member (file, "anneal_steps") : NULL;
      JsonObject *run = find_run_by_source (runs, name);
      JsonArray *run_steps;

      g_test_message ("run of %s", name);
      g_assert_nonnull (run);
      g_assert_true (json_object_get_boolean_member (run, "simulated"));
      run_steps = json_object_get_array_member (run, "anneal_steps");
      g_assert_cmpuint (json_array_get_length (run_steps), ==, steps ? json_array_get_length (steps) : 0);

      if (g_strcmp0 (role, "annealed") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (run, "role"), ==, "annealed");
          /* every annealed scan is paired with the reference and was analysed */
          g_assert_cmpint (json_object_get_int_member (run, "reference_id"), ==, reference_id);
          g_assert_cmpint (current_analysis (run, "peak"), >, 0);
          g_assert_cmpint (current_analysis (run, "peak-fit"), >, 0);
          g_assert_cmpuint (json_array_get_length (run_steps), >=, 1);
          for (guint k = 0; k < json_array_get_length (steps); k++)
            {
              /* the manifest writes a step as [Ta, ta] */
              JsonArray *want = json_array_get_array_element (steps, k);
              JsonObject *got = json_array_get_object_element (run_steps, k);

              g_assert_cmpfloat_with_epsilon (json_object_get_double_member (got, "Ta"),
                                              json_array_get_double_element (want, 0), 1e-9);
              g_assert_cmpfloat_with_epsilon (json_object_get_double_member (got, "ta"),
                                              json_array_get_double_element (want, 1), 1e-9);
            }
        }
      else if (g_strcmp0 (role, "reference") == 0)
        {
          g_assert_true (json_object_get_null_member (run, "reference_id"));
        }
    }
}

static void
test_demo_recipe (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *show = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) recipe = NULL;
  JsonObject *fit;

  g_assert_cmpint (cli_run (&out, &err, "recipe", "list", "--db", demo_db, "--json", NULL), ==, 0);
  list = cli_parse_json (out, "recipe list --json");
  g_assert_true (cli_contains (out, "\"demo-debye\""));

  g_assert_cmpint (cli_run (&show, NULL, "recipe", "show", "demo-debye", "--db", demo_db, "--json", NULL), ==, 0);
  recipe = cli_parse_json (show, "recipe show --json");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (recipe));
  fit = json_object_get_object_member (json_node_get_object (recipe), "fit");
  g_assert_nonnull (fit);
  g_assert_true (json_object_get_boolean_member (fit, "enabled"));
  g_assert_cmpstr (json_object_get_string_member (fit, "model"), ==, "debye");
}

/* Saving a recipe and reading it back: values that json-glib alone would write as "1e+20.0"
   come back as strict JSON, and the recipe is listed. */
static void
test_demo_recipe_save (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *show = NULL;
  g_autoptr(JsonNode) recipe = NULL;
  JsonObject *object;
  int status;

  status = cli_run (&out, &err, "recipe", "save", "qa-extreme", "--db", demo_db, "--grid", "1e20",
                    "--lag", "1e-5", "--window", "213:418", "--mask", "300:305", "--fit", NULL);
  if (status != 0)
    g_test_message ("recipe save failed: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (cli_run (&show, NULL, "recipe", "show", "qa-extreme", "--db", demo_db, "--json", NULL), ==, 0);
  recipe = cli_parse_json (show, "recipe show --json");
  object = json_node_get_object (recipe);
  g_assert_cmpfloat (json_object_get_double_member (object, "grid_step"), ==, 1e20);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "lag"), 1e-5, 1e-20);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "masks")), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_run (&out, NULL, "recipe", "list", "--db", demo_db, "--json", NULL), ==, 0);
  cli_assert_strict_json (out, "recipe list --json");
  g_assert_true (cli_contains (out, "\"qa-extreme\""));
}

typedef struct
{
  gint64 run_id;
  double ta_temperature;
  double e_fit;
  gint64 fit_analysis;
} BatchRow;

static void
test_demo_batch (void)
{
  g_autoptr(JsonNode) before_root = demo_runs ();
  g_autoptr(GPtrArray) before = cli_runs_from_json (before_root);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (BatchRow));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  const BatchRow *coldest = NULL, *hottest = NULL;
  gint64 max_old_analysis = 0;
  int status;

  /* the runs annealed 5 s (every step), as the user sees them in `runs --json` */
  for (guint i = 0; i < before->len; i++)
    {
      JsonObject *run = g_ptr_array_index (before, i);
      JsonArray *steps = json_object_get_array_member (run, "anneal_steps");
      gboolean all_5s = json_array_get_length (steps) > 0;

      if (g_strcmp0 (json_object_get_string_member (run, "role"), "annealed") != 0)
        continue;
      max_old_analysis = MAX (max_old_analysis, current_analysis (run, "peak-fit"));
      for (guint k = 0; k < json_array_get_length (steps); k++)
        if (fabs (json_object_get_double_member (json_array_get_object_element (steps, k), "ta") - 5.0) > 1e-9)
          all_5s = FALSE;
      if (all_5s)
        {
          gint64 id = json_object_get_int_member (run, "id");

          g_hash_table_add (expected, g_memdup2 (&id, sizeof id));
        }
    }
  g_assert_cmpuint (g_hash_table_size (expected), >=, 20);

  status = cli_run (&out, &err, "batch", "--db", demo_db, "--recipe", "demo-debye",
                    "--select", "role=annealed ta=5", "--json", "-j", "2", NULL);
  if (status != 0)
    g_test_message ("batch failed: %s", err);
  g_assert_cmpint (status, ==, 0);
  root = cli_parse_json (out, "batch --json");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), ==, g_hash_table_size (expected));

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *row = json_array_get_object_element (results, i);
      const char *state = json_object_get_string_member (row, "status");
      BatchRow r = { 0 };

      r.run_id = json_object_get_int_member (row, "run_id");
      g_assert_true (g_hash_table_contains (expected, &r.run_id));
      g_assert_true (g_strcmp0 (state, "converged") == 0 || g_strcmp0 (state, "at-bound") == 0);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "ta"), 5.0, 1e-9);
      r.ta_temperature = json_object_get_double_member (row, "Ta");
      r.e_fit = json_object_get_double_member (row, "E_fit");
      r.fit_analysis = json_object_get_int_member (row, "fit_analysis");
      /* a refit adds analyses, it never overwrites the ones made by the demo */
      g_assert_cmpint (r.fit_analysis, >, max_old_analysis);
      g_array_append_val (rows, r);
    }

  /* E* against Ta: the γ/β′ range at the coldest Ta, α at the hottest */
  for (guint i = 0; i < rows->len; i++)
    {
      const BatchRow *r = &g_array_index (rows, BatchRow, i);

      if (coldest == NULL || r->ta_temperature < coldest->ta_temperature)
        coldest = r;
      if (hottest == NULL || r->ta_temperature > hottest->ta_temperature)
        hottest = r;
    }
  g_assert_nonnull (coldest);
  g_test_message ("E*(Ta = %.0f K) = %.1f kJ/mol, E*(Ta = %.0f K) = %.1f kJ/mol",
                  coldest->ta_temperature, coldest->e_fit / 1e3, hottest->ta_temperature, hottest->e_fit / 1e3);
  g_assert_cmpfloat (coldest->e_fit, <, 70e3);
  g_assert_cmpfloat (coldest->e_fit, >, 20e3);
  g_assert_cmpfloat (hottest->e_fit, >, 300e3);

  /* the stored analyses agree: `show --json` of both ends, current peak-fit = the new one */
  for (guint end = 0; end < 2; end++)
    {
      const BatchRow *r = end == 0 ? coldest : hottest;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, r->run_id);
      g_autofree char *show = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonArray *analyses;
      guint n_fits = 0;
      gboolean found = FALSE;

      g_assert_cmpint (cli_run (&show, NULL, "show", id, "--db", demo_db, "--json", NULL), ==, 0);
      node = cli_parse_json (show, "show --json");
      analyses = json_object_get_array_member (json_node_get_object (node), "analyses");
      for (guint k = 0; k < json_array_get_length (analyses); k++)
        {
          JsonObject *a = json_array_get_object_element (analyses, k);
          JsonObject *result;

          if (g_strcmp0 (json_object_get_string_member (a, "kind"), "peak-fit") != 0)
            continue;
          n_fits++;
          if (json_object_get_int_member (a, "id") != r->fit_analysis)
            {
              g_assert_false (json_object_get_boolean_member (a, "current"));
              continue;
            }
          found = TRUE;
          g_assert_true (json_object_get_boolean_member (a, "current"));
          result = json_object_get_object_member (a, "result");
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (
                                            json_object_get_object_member (
                                              json_object_get_object_member (result, "parameters"), "E"),
                                            "value"),
                                          r->e_fit, 1e-6 * r->e_fit);
        }
      g_assert_true (found);
      g_assert_cmpuint (n_fits, >=, 2);
    }
}

static void
check_png_size (const char *path,
                guint       width,
                guint       height)
{
  gsize length = 0;
  g_autofree guchar *data = (guchar *) cli_read_file (path, &length);
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint w, h;

  g_assert_cmpuint (length, >, 33);
  g_assert_cmpmem (data, 8, signature, 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  w = ((guint) data[16] << 24) | ((guint) data[17] << 16) | ((guint) data[18] << 8) | data[19];
  h = ((guint) data[20] << 24) | ((guint) data[21] << 16) | ((guint) data[22] << 8) | data[23];
  g_assert_cmpuint (w, ==, width);
  g_assert_cmpuint (h, ==, height);
}

static void
markup_start (GMarkupParseContext *context,
              const char          *element,
              const char         **names,
              const char         **values,
              gpointer             user_data,
              GError             **error)
{
  guint *n_elements = user_data;

  (*n_elements)++;
}

static void
test_demo_export_svg (void)
{
  g_autofree char *svg = g_build_filename (tmp_dir, "estar-ta.svg", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = demo_runs ();
  g_autoptr(GPtrArray) runs = cli_runs_from_json (root);
  g_autoptr(GMarkupParseContext) markup = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { markup_start, NULL, NULL, NULL, NULL };
  guint n_annealed = 0, n_elements = 0;

  /* E* against Ta shows the single anneals of the Ta series' time, 5 s */
  for (guint i = 0; i < runs->len; i++)
    {
      JsonObject *run = g_ptr_array_index (runs, i);
      JsonArray *steps = json_object_get_array_member (run, "anneal_steps");

      if (g_strcmp0 (json_object_get_string_member (run, "role"), "annealed") == 0 &&
          json_array_get_length (steps) == 1 &&
          json_object_get_double_member (json_array_get_object_element (steps, 0), "ta") == 5.0)
        n_annealed++;
    }
  g_assert_cmpuint (n_annealed, ==, 25);

  g_assert_cmpint (cli_run (NULL, &err, "export", "--db", demo_db, "--figure", "estar-ta",
                            "--format", "svg", "-o", svg, NULL), ==, 0);
  text = cli_read_file (svg, NULL);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_true (cli_contains (text, "<svg"));
  /* one marker per analysed annealed run of that series */
  g_test_message ("%u circles for %u annealed runs", cli_count_substring (text, "<circle"), n_annealed);
  g_assert_cmpuint (cli_count_substring (text, "<circle"), >=, n_annealed);
  g_assert_true (cli_contains (text, "E*"));
  g_assert_true (cli_contains (text, "kJ mol"));

  /* well-formed XML */
  markup = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &n_elements, NULL);
  g_markup_parse_context_parse (markup, text, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (markup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_elements, >, n_annealed);
}

static void
test_demo_export_raster (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "estar-ta.png", NULL);
  g_autofree char *png2 = g_build_filename (tmp_dir, "estar-ta-print.png", NULL);
  g_autofree char *pdf = g_build_filename (tmp_dir, "estar-ta.pdf", NULL);
  g_autofree char *eps = g_build_filename (tmp_dir, "estar-ta.eps", NULL);
  g_autofree char *head = NULL;

  g_assert_cmpint (cli_run (NULL, NULL, "export", "--db", demo_db, "--figure", "estar-ta",
                            "--format", "png", "--size", "800x600", "-o", png, NULL), ==, 0);
  check_png_size (png, 800, 600);

  /* 8.5 cm × 6 cm at 300 dpi = 1003.9 × 708.7 px */
  g_assert_cmpint (cli_run (NULL, NULL, "export", "--db", demo_db, "--figure", "estar-ta",
                            "--size", "8.5x6cm", "--dpi", "300", "-o", png2, NULL), ==, 0);
  check_png_size (png2, 1004, 709);

  g_assert_cmpint (cli_run (NULL, NULL, "export", "--db", demo_db, "--figure", "estar-ta", "-o", pdf, NULL), ==, 0);
  head = cli_read_file (pdf, NULL);
  g_assert_true (g_str_has_prefix (head, "%PDF-"));
  g_clear_pointer (&head, g_free);

  g_assert_cmpint (cli_run (NULL, NULL, "export", "--db", demo_db, "--figure", "estar-ta", "-o", eps, NULL), ==, 0);
  head = cli_read_file (eps, NULL);
  g_assert_true (g_str_has_prefix (head, "%!PS"));
}

static void
test_demo_export_data (void)
{
  g_autoptr(JsonNode) root = demo_runs ();
  g_autoptr(GPtrArray) runs = cli_runs_from_json (root);
  JsonObject *run = find_run_by_source (runs, "fdsc_Ta303K_ta5s.txt");
  g_autofree char *id = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (run);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (run, "id"));
  g_assert_cmpint (cli_run (&csv, &err, "export-data", id, "--db", demo_db, NULL), ==, 0);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "Index,t [s],Heat Flow [mW],Ts [K],Tr [K]");
  g_assert_cmpuint (cli_count_lines (csv), ==, (guint) json_object_get_int_member (run, "n_points") + 1);
  /* canonical units: the first Ts is 193.15 K (−80 °C), not −80 */
  {
    g_auto(GStrv) fields = g_strsplit (lines[1], ",", -1);

    g_assert_cmpuint (g_strv_length (fields), ==, 5);
    g_assert_cmpfloat (g_ascii_strtod (fields[3], NULL), >, 190.0);
    g_assert_cmpfloat (g_ascii_strtod (fields[3], NULL), <, 200.0);
  }
}

static void
test_demo_history (void)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (cli_run (&out, NULL, "history", "--db", demo_db, "--json", "--limit", "20", NULL), ==, 0);
  root = cli_parse_json (out, "history --json");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root) || JSON_NODE_HOLDS_OBJECT (root));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = rlx_test_tmp_dir ();
  demo_db = g_build_filename (tmp_dir, "d.relaxun", NULL);

  g_test_add_func ("/relaxun/cli/demo/build", test_demo_build);
  g_test_add_func ("/relaxun/cli/demo/runs", test_demo_runs);
  g_test_add_func ("/relaxun/cli/demo/recipe", test_demo_recipe);
  g_test_add_func ("/relaxun/cli/demo/batch", test_demo_batch);
  g_test_add_func ("/relaxun/cli/demo/recipe-save", test_demo_recipe_save);
  g_test_add_func ("/relaxun/cli/demo/export-svg", test_demo_export_svg);
  g_test_add_func ("/relaxun/cli/demo/export-raster", test_demo_export_raster);
  g_test_add_func ("/relaxun/cli/demo/export-data", test_demo_export_data);
  g_test_add_func ("/relaxun/cli/demo/history", test_demo_history);

  status = g_test_run ();
  cli_remove_tree (tmp_dir);
  g_free (demo_db);
  g_free (tmp_dir);

  return status;
}

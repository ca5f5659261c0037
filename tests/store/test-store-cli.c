/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "rlx-store.h"
#include "rlx-store-test-data.h"
#include "rlx-test-util.h"

/* relaxun-cli runs, show, export-data and history on a database made through the store API. */

typedef struct
{
  char  *dir;
  char  *path;
  gint64 annealed_id;
  gint64 reference_id;
  gint64 simulated_id;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static gboolean
have_cli (void)
{
  const char *cli = g_getenv ("RLX_CLI");

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("RLX_CLI does not name the built relaxun-cli");
      return FALSE;
    }
  return TRUE;
}

static void
run_cli (Result     *result,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("RLX_CLI"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRunData) annealed = rlx_store_test_make_run ("Glass A", 200, 3, 523.15, 3600.0);
  g_autoptr(RlxRunData) reference = rlx_store_test_make_run ("Glass A", 150, 3, NAN, NAN);
  g_autoptr(RlxRunData) simulated = rlx_store_test_make_run ("Sim, \"quoted\"", 5, 2, 480.0, 10.0);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("an export file\n", 15);
  RlxRunData *runs[] = { annealed, reference };
  RlxImportResult result = { 0 };
  RlxChannel *heat_flow = g_ptr_array_index (annealed->channels, 2);

  heat_flow->values[7] = NAN;
  rlx_run_data_set_metadata (annealed, "Curve name", "Heating 2");
  simulated->simulated = TRUE;
  g_free (((RlxChannel *) simulated->channels->pdata[1])->name);
  ((RlxChannel *) simulated->channels->pdata[1])->name = g_strdup ("Time, \"corrected\"");

  fixture->dir = rlx_test_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "cli.relaxun", NULL);
  store = rlx_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (rlx_store_import (store, "GlassA.txt", bytes, NULL, runs, 2, &result, &error));
  g_assert_no_error (error);
  fixture->annealed_id = g_array_index (result.run_ids, gint64, 0);
  fixture->reference_id = g_array_index (result.run_ids, gint64, 1);
  rlx_import_result_clear (&result);
  fixture->simulated_id = rlx_store_add_run (store, NULL, simulated, &error);
  g_assert_no_error (error);
  g_assert_true (rlx_store_set_reference (store, fixture->annealed_id, fixture->reference_id, &error));
  rlx_store_add_analysis (store, fixture->annealed_id, fixture->reference_id, "peak-fit",
                          "{\"model\":\"debye-arrhenius\"}",
                          "{\"status\":\"diverged\",\"parameters\":{}}", &error);
  rlx_store_add_analysis (store, fixture->annealed_id, fixture->reference_id, "peak-fit",
                          "{\"model\":\"debye-arrhenius\"}",
                          "{\"model\":\"debye-arrhenius\",\"status\":\"converged\",\"parameters\":"
                          "{\"E\":{\"value\":312000.5,\"stderr\":4100,\"unit\":\"J/mol\"},"
                          "\"Tp\":{\"value\":545.25,\"stderr\":0.12,\"unit\":\"K\"}}}", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rlx_store_test_remove_db (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_runs (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Result) text = { 0 };
  g_auto(Result) json = { 0 };
  g_auto(Result) filtered = { 0 };
  g_auto(Result) missing = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *annealed = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *samples, *runs;
  JsonObject *first;

  if (!have_cli ())
    return;

  run_cli (&text, "runs", "--db", fixture->path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  lines = g_strsplit (text.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "ID"));
  g_assert_nonnull (strstr (lines[0], "CURRENT ANALYSES"));
  /* Aligned: the KIND column starts at the same character in every row. */
  {
    const char *h = strstr (lines[0], "KIND");
    const char *r = strstr (lines[1], "flash-dsc-heating");

    g_assert_nonnull (r);
    g_assert_cmpint (g_utf8_pointer_to_offset (lines[0], h), ==, g_utf8_pointer_to_offset (lines[1], r));
  }
  annealed = g_strdup_printf ("%" G_GINT64_FORMAT " ", fixture->annealed_id);
  g_assert_true (g_str_has_prefix (lines[1], annealed));
  g_assert_nonnull (strstr (lines[1], "523.15 K / 3600 s"));
  g_assert_nonnull (strstr (lines[1], "1000 K/s"));
  g_assert_nonnull (strstr (lines[1], "peak-fit #2"));
  g_assert_nonnull (strstr (lines[1], "300.0–499.0 K"));

  run_cli (&json, "runs", "--db", fixture->path, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse (json.out);
  samples = json_object_get_array_member (json_node_get_object (root), "samples");
  g_assert_cmpuint (json_array_get_length (samples), ==, 2);
  first = json_array_get_object_element (samples, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Glass A");
  runs = json_object_get_array_member (first, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  {
    JsonObject *run = json_array_get_object_element (runs, 0);
    JsonArray *current = json_object_get_array_member (run, "current_analyses");

    g_assert_cmpint (json_object_get_int_member (run, "id"), ==, fixture->annealed_id);
    g_assert_cmpint (json_object_get_int_member (run, "n_points"), ==, 200);
    g_assert_cmpint (json_object_get_int_member (run, "reference_id"), ==, fixture->reference_id);
    g_assert_cmpuint (json_array_get_length (current), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (current, 0), "id"), ==, 2);
    g_assert_cmpfloat (json_object_get_double_member (
                         json_array_get_object_element (json_object_get_array_member (run, "anneal_steps"), 0),
                         "Ta"), ==, 523.15);
  }

  run_cli (&filtered, "runs", "--db", fixture->path, "--sample", "Sim, \"quoted\"", NULL);
  g_assert_cmpint (filtered.status, ==, 0);
  g_assert_null (strstr (filtered.out, "Glass A"));
  g_assert_nonnull (strstr (filtered.out, "Sim, \"quoted\""));
  g_assert_nonnull (strstr (filtered.out, "480 K / 10 s"));

  run_cli (&missing, "runs", "--db", fixture->path, "--sample", "Nope", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "Nope"));
}

static void
test_show (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->annealed_id);
  g_autofree char *sim = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->simulated_id);
  g_auto(Result) text = { 0 };
  g_auto(Result) json = { 0 };
  g_auto(Result) simulated = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *run;
  JsonArray *channels, *analyses;

  if (!have_cli ())
    return;

  run_cli (&text, "show", "--db", fixture->path, id, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Heating 1000 K/s"));
  g_assert_nonnull (strstr (text.out, "Glass A"));
  g_assert_nonnull (strstr (text.out, "523.15 K for 3600 s"));
  g_assert_nonnull (strstr (text.out, "Curve name: Heating 2"));
  g_assert_nonnull (strstr (text.out, "Heat flow"));
  g_assert_nonnull (strstr (text.out, "GlassA.txt (source 1, 15 bytes, SHA-256 "));
  g_assert_nonnull (strstr (text.out, "converged"));
  g_assert_nonnull (strstr (text.out, "diverged"));
  g_assert_nonnull (strstr (text.out, "E=312000±4100 J/mol, Tp=545.25±0.12 K"));
  g_assert_nonnull (strstr (text.out, "Tp=545.25±0.12 K"));

  run_cli (&json, "show", "--db", fixture->path, "--json", id, NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse (json.out);
  run = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (run, "n_points"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (run, "role"), ==, "annealed");
  g_assert_cmpfloat (json_object_get_double_member (run, "t_start"), ==, 300.0);
  channels = json_object_get_array_member (run, "channels");
  g_assert_cmpuint (json_array_get_length (channels), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (channels, 0), "unit"),
                   ==, "K");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (channels, 0), "min"),
                     ==, 300.0);
  analyses = json_object_get_array_member (run, "analyses");
  g_assert_cmpuint (json_array_get_length (analyses), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (analyses, 0), "current"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (analyses, 1), "current"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_array_get_object_element (analyses, 1), "result"),
                     "status"), ==, "converged");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (run, "source"), "size"),
                   ==, 15);

  run_cli (&simulated, "show", "--db", fixture->path, sim, NULL);
  g_assert_cmpint (simulated.status, ==, 0);
  g_assert_nonnull (strstr (simulated.out, "none (simulated)"));
}

static void
test_export_data (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->annealed_id);
  g_autofree char *sim = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->simulated_id);
  g_autofree char *out_path = g_build_filename (fixture->dir, "run.csv", NULL);
  g_autofree char *file_contents = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRunRecord) run = NULL;
  g_auto(Result) csv = { 0 };
  g_auto(Result) to_file = { 0 };
  g_auto(Result) quoted = { 0 };
  g_auto(GStrv) lines = NULL;

  if (!have_cli ())
    return;

  run_cli (&csv, "export-data", "--db", fixture->path, id, "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  lines = g_strsplit (csv.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 200 + 1);
  g_assert_cmpstr (lines[0], ==, "Temperature [K],Time [s],Heat flow [mW]");

  /* %.10g: every value comes back to 10 significant digits; the NaN stays NaN. */
  store = rlx_store_open (fixture->path, &error);
  run = rlx_store_load_run (store, fixture->annealed_id, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i + 1], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 3);
      for (guint c = 0; c < 3; c++)
        {
          double expected = ((RlxChannel *) run->data->channels->pdata[c])->values[i];
          double got = g_ascii_strtod (cells[c], NULL);

          if (isnan (expected))
            g_assert_true (isnan (got));
          else
            g_assert_cmpfloat_with_epsilon (got, expected, 1e-9 * fabs (expected) + 1e-300);
        }
    }

  run_cli (&to_file, "export-data", "--db", fixture->path, id, "-o", out_path, NULL);
  g_assert_cmpint (to_file.status, ==, 0);
  g_assert_cmpstr (to_file.out, ==, "");
  g_file_get_contents (out_path, &file_contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_contents, ==, csv.out);
  g_remove (out_path);

  run_cli (&quoted, "export-data", "--db", fixture->path, sim, NULL);
  g_assert_cmpint (quoted.status, ==, 0);
  g_assert_true (g_str_has_prefix (quoted.out,
                                   "Temperature [K],\"Time, \"\"corrected\"\" [s]\"\n300,0\n340,0.04\n"));
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Result) all = { 0 };
  g_auto(Result) last = { 0 };
  g_auto(Result) json = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *entries;

  if (!have_cli ())
    return;

  run_cli (&all, "history", "--db", fixture->path, NULL);
  g_assert_cmpint (all.status, ==, 0);
  g_assert_nonnull (strstr (all.out, "import"));
  g_assert_nonnull (strstr (all.out, "Imported 2 runs from “GlassA.txt”"));
  /* create sample, import, create sample, add run, pair, two fits: 7 entries + header. */
  lines = g_strsplit (all.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 7 + 1);

  run_cli (&last, "history", "--db", fixture->path, "--limit", "1", NULL);
  g_assert_cmpint (last.status, ==, 0);
  g_assert_nonnull (strstr (last.out, "Added peak-fit analysis 2"));
  g_assert_null (strstr (last.out, "import"));

  run_cli (&json, "history", "--db", fixture->path, "--json", "--limit", "3", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse (json.out);
  entries = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 2), "action"),
                   ==, "fit");
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (json_array_get_object_element (entries, 2), "payload"),
                     "run_id"), ==, fixture->annealed_id);
}

typedef struct
{
  int         status;
  const char *words;  /* expected on stderr */
  const char *args[6];
} ErrorCase;

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *nowhere = g_build_filename (fixture->dir, "missing.relaxun", NULL);
  const ErrorCase cases[] = {
    { 1, "no run with id 999", { "show", "--db", fixture->path, "999" } },
    { 1, "no run with id 999", { "export-data", "--db", fixture->path, "999" } },
    { 2, "not a run id", { "show", "--db", fixture->path, "abc" } },
    { 2, "which run", { "show", "--db", fixture->path } },
    { 2, "Unknown option", { "runs", "--db", fixture->path, "--bogus" } },
    { 2, "Unknown option", { "history", "--frobnicate" } },
    { 2, "Unknown option", { "show", "--db", fixture->path, "--x", "1" } },
    { 2, "unknown format", { "export-data", "--db", fixture->path, "1", "--format", "xlsx" } },
    { 2, "--limit", { "history", "--db", fixture->path, "--limit", "-1" } },
    { 1, "no database", { "runs", "--db", nowhere } },
    { 1, "no database", { "history", "--db", nowhere } },
  };

  if (!have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) result = { 0 };

      run_cli (&result, cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
               cases[i].args[4], cases[i].args[5], NULL);
      g_test_message ("%s %s: exit %d: %s", cases[i].args[0], cases[i].args[1], result.status,
                      result.err);
      g_assert_cmpint (result.status, ==, cases[i].status);
      g_assert_nonnull (strstr (result.err, cases[i].words));
      g_assert_cmpstr (result.out, ==, "");
    }

  /* The read-only commands never create a database by mistake. */
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/relaxun/store/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("runs", test_runs);
  ADD ("show", test_show);
  ADD ("export-data", test_export_data);
  ADD ("history", test_history);
  ADD ("errors", test_errors);
#undef ADD

  return g_test_run ();
}

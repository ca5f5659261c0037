/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cli-test-util.h"
#include "rlx-test-util.h"

/*
 * `relaxun-cli import` end to end: the real instrument exports (when ../shared/fixtures is
 * there), small files of every importable format written here, and broken input, which must
 * fail with the file (and line) named and leave the database as it was.
 */

static char *
import_json (const char  *db,
             const char  *path,
             const char  *sample,
             int          expected_status,
             JsonNode   **root)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (sample != NULL)
    status = cli_run (&out, &err, "import", "--db", db, "--sample", sample, "--json", path, NULL);
  else
    status = cli_run (&out, &err, "import", "--db", db, "--json", path, NULL);
  if (status != expected_status)
    g_test_message ("import %s: exit %d, stderr: %s", path, status, err);
  g_assert_cmpint (status, ==, expected_status);
  *root = cli_parse_json (out, "import --json");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (*root)), ==, 1);

  return g_steal_pointer (&err);
}

static JsonObject *
only_file (JsonNode *root)
{
  return json_array_get_object_element (json_node_get_array (root), 0);
}

static JsonObject *
only_run (JsonNode *root)
{
  JsonArray *runs = json_object_get_array_member (only_file (root), "runs");

  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  return json_array_get_object_element (runs, 0);
}

static void
test_fixture_flash_pair (void)
{
  g_autofree char *annealed = rlx_test_fixture_path ("mettler-stare-flashdsc/fDSC_90814_Segment58_20deg.txt");
  g_autofree char *reference = rlx_test_fixture_path ("mettler-stare-flashdsc/fDSC_90814_Segment62_20deg_ref.txt");
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *run_arg = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(JsonNode) peak = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonObject *run, *fit, *step;
  gint64 annealed_id, reference_id, n_points;
  guint n_runs;

  if (annealed == NULL || reference == NULL)
    return;
  dir = rlx_test_tmp_dir ();
  db = g_build_filename (dir, "flash.relaxun", NULL);

  g_free (import_json (db, annealed, "90814", 0, &a));
  g_assert_true (json_object_get_boolean_member (only_file (a), "ok"));
  g_assert_cmpstr (json_object_get_string_member (only_file (a), "format"), ==, "stare-curve");
  g_assert_false (json_object_get_boolean_member (only_file (a), "duplicate"));
  run = only_run (a);
  annealed_id = json_object_get_int_member (run, "id");
  n_points = json_object_get_int_member (run, "n_points");
  g_assert_cmpstr (json_object_get_string_member (run, "kind"), ==, "flash-dsc-heating");
  g_assert_cmpstr (json_object_get_string_member (run, "role"), ==, "annealed");
  g_assert_cmpint (n_points, ==, 2556);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "heating_rate_K_s"), 2000.0, 1.0);
  step = json_array_get_object_element (json_object_get_array_member (run, "anneal_steps"), 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (step, "temperature_K"), 293.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (step, "duration_s"), 1800.0, 1e-9);

  g_free (import_json (db, reference, "90814", 0, &r));
  run = only_run (r);
  reference_id = json_object_get_int_member (run, "id");
  g_assert_cmpstr (json_object_get_string_member (run, "role"), ==, "reference");
  g_assert_cmpuint (cli_count_runs (db), ==, 2);

  /* the peak of the pair, found by automatic pairing, fitted with one Debye unit */
  run_arg = g_strdup_printf ("%" G_GINT64_FORMAT, annealed_id);
  g_assert_cmpint (cli_run (&out, &err, "peak", "--db", db, "--run", run_arg, "--fit", "--json", NULL), ==, 0);
  peak = cli_parse_json (out, "peak --fit --json");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (peak), "peak"),
                                               "reference_id"), ==, reference_id);
  fit = json_object_get_object_member (json_node_get_object (peak), "fit");
  g_assert_nonnull (fit);
  g_assert_cmpstr (json_object_get_string_member (fit, "status"), ==, "converged");
  {
    JsonObject *e = json_object_get_object_member (json_object_get_object_member (fit, "parameters"), "E");
    double value = json_object_get_double_member (e, "value");

    g_assert_cmpstr (json_object_get_string_member (e, "unit"), ==, "J/mol");
    g_assert_true (isfinite (value));
    g_assert_cmpfloat (value, >, 10e3);
    g_assert_cmpfloat (value, <, 1000e3);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* export-data: the header in canonical units and one row per point */
  g_assert_cmpint (cli_run (&out, &err, "export-data", run_arg, "--db", db, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Index,t [s],Heat Flow [mW],Ts [K],Tr [K]\n"));
  g_assert_cmpuint (cli_count_lines (out), ==, (guint) n_points + 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the same file again: a duplicate, nothing added */
  n_runs = cli_count_runs (db);
  g_free (import_json (db, annealed, NULL, 0, &again));
  g_assert_true (json_object_get_boolean_member (only_file (again), "duplicate"));
  g_assert_cmpuint (cli_count_runs (db), ==, n_runs);
  g_assert_cmpint (cli_run (&out, &err, "import", "--db", db, annealed, NULL), ==, 0);
  g_assert_true (cli_contains (out, "already imported"));
  g_assert_cmpuint (cli_count_runs (db), ==, n_runs);

  cli_remove_tree (dir);
}

static void
test_fixture_dma (void)
{
  g_autofree char *path = rlx_test_fixture_path ("mettler-stare-dma/DMAsuite_T40.txt");
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *id = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *run;
  JsonArray *channels;
  gboolean has_loss = FALSE, has_frequency = FALSE;

  if (path == NULL)
    return;
  dir = rlx_test_tmp_dir ();
  db = g_build_filename (dir, "dma.relaxun", NULL);

  g_free (import_json (db, path, NULL, 0, &root));
  run = only_run (root);
  g_assert_cmpstr (json_object_get_string_member (run, "kind"), ==, "dma-frequency-sweep");
  g_assert_cmpint (json_object_get_int_member (run, "n_points"), ==, 60);
  /* T40: an isothermal sweep at about 37 °C */
  g_assert_cmpfloat (fabs (json_object_get_double_member (run, "t_min_K") - 310.6), <, 1.0);
  channels = json_object_get_array_member (run, "channels");
  for (guint i = 0; i < json_array_get_length (channels); i++)
    {
      const char *quantity = json_object_get_string_member (json_array_get_object_element (channels, i), "quantity");

      has_loss |= g_strcmp0 (quantity, "loss-modulus") == 0;
      has_frequency |= g_strcmp0 (quantity, "frequency") == 0;
    }
  g_assert_true (has_loss);
  g_assert_true (has_frequency);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (run, "id"));
  g_assert_cmpint (cli_run (&csv, NULL, "export-data", id, "--db", db, NULL), ==, 0);
  g_assert_cmpuint (cli_count_lines (csv), ==, 61);
  g_assert_true (cli_contains (csv, "E\"") || cli_contains (csv, "E''") || cli_contains (csv, "E″"));

  cli_remove_tree (dir);
}

/* --- small generated files of each format ------------------------------------------------ */

static char *
stare_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.5e", value));

  for (char *p = text; *p != '\0'; p++)
    if (*p == '.')
      *p = ',';
  return text;
}

/* STARe curve: fixed width, decimal comma, latin-1 degree sign, footer line. 200 points,
   −80 … 119 °C at 1000 K/s. */
static GBytes *
make_stare (void)
{
  GString *s = g_string_new (NULL);

  g_string_append (s, "         Index             t     Heat Flow            Ts            Tr\n");
  g_string_append (s, "           [#]           [s]          [mW]          [\xb0" "C]          [\xb0" "C]\n");
  for (int i = 0; i < 200; i++)
    {
      double t = i * 1e-3, tr = -80.0 + 1000.0 * t;
      double hf = 0.01 + 0.001 * exp (-pow ((tr - 20.0) / 15.0, 2));
      g_autofree char *ct = stare_number (t);
      g_autofree char *chf = stare_number (hf);
      g_autofree char *cts = stare_number (tr + 0.2);
      g_autofree char *ctr = stare_number (tr);

      g_string_append_printf (s, "%14d%14s%14s%14s%14s\n", i, ct, chf, cts, ctr);
    }
  g_string_append (s, "QA glass curve, 01.06.2023 12:00:00\n");

  return g_string_free_to_bytes (s);
}

static GBytes *
make_csv_kelvin (void)
{
  GString *s = g_string_new ("T [K],dQ/dT [J/(g K)]\n");

  for (int i = 0; i < 150; i++)
    {
      double t = 250.0 + i;
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%s,%s\n", g_ascii_formatd (a, sizeof a, "%.3f", t),
                              g_ascii_formatd (b, sizeof b, "%.6e", 0.01 * exp (-pow ((t - 320.0) / 12.0, 2))));
    }
  return g_string_free_to_bytes (s);
}

static GBytes *
make_ta_universal (void)
{
  GString *s = g_string_new (NULL);

  g_string_append (s, "CLOSED\r\nVersion\t2.0\r\nInstrument\tDSC Q2000 V24.11 Build 124\r\n"
                      "Module\tDSC Standard Cell RC\r\nSample\tQA glass\r\nSize\t10.0000\tmg\r\n"
                      "Method\tRamp\r\nExotherm\tUp\r\nNsig\t3\r\nSig1\tTime (min)\r\n"
                      "Sig2\tTemperature (\xc2\xb0" "C)\r\nSig3\tHeat Flow (mW)\r\n"
                      "OrgMethod\t1: Ramp 10.00 \xc2\xb0" "C/min to 120.00 \xc2\xb0" "C\r\nStartOfData\r\n");
  for (int i = 0; i < 120; i++)
    {
      double t = i / 60.0, temp = 20.0 + 10.0 * t;
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%s\t%s\t%s\r\n", g_ascii_formatd (a, sizeof a, "%.6f", t),
                              g_ascii_formatd (b, sizeof b, "%.4f", temp),
                              g_ascii_formatd (c, sizeof c, "%.6f", -0.5 + 0.01 * temp));
    }
  return g_string_free_to_bytes (s);
}

static GBytes *
make_netzsch (void)
{
  GString *s = g_string_new (NULL);

  g_string_append (s, "#EXPORTTYPE:DATA SINGLE\r\n#FILE:qa.ngb-ss3\r\n#FORMAT:NETZSCH5\r\n#FTYPE:ANSI\r\n"
                      "#IDENTITY:\r\n#DECIMAL:POINT\r\n#SEPARATOR:SEMICOLON\r\n#MTYPE:DSC\r\n"
                      "#INSTRUMENT:NETZSCH DSC 214\r\n#SAMPLE:QA netzsch\r\n#SAMPLE MASS /mg:5.000\r\n"
                      "#SEGMENT:S1/1\r\n#SEG. 1:20\xb0" "C/10.0(K/min)/200\xb0" "C\r\n\r\n"
                      "##Temp./\xb0" "C;Time/min;DSC/(mW/mg)\r\n");
  for (int i = 0; i < 100; i++)
    {
      double temp = 20.0 + 1.8 * i;
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%10s;%10s;%10s\r\n", g_ascii_formatd (a, sizeof a, "%.5f", temp),
                              g_ascii_formatd (b, sizeof b, "%.5f", i * 0.18),
                              g_ascii_formatd (c, sizeof c, "%.5f", 0.1 + 0.001 * temp));
    }
  return g_string_free_to_bytes (s);
}

typedef struct
{
  const char *name;
  const char *file_name;
  GBytes *(*make) (void);
  const char *format;
  const char *kind;
  gint64 n_points;
  double t_min;
  double t_max;
  const char *sample;     /* from the file, or NULL */
} Generated;

static const Generated generated[] = {
  { "stare-comma-latin1", "qa_stare.txt", make_stare, "stare-curve", "flash-dsc-heating", 200, 193.35, 392.35, NULL },
  { "csv-kelvin", "qa_two.csv", make_csv_kelvin, "generic", NULL, 150, 250.0, 399.0, NULL },
  { "ta-universal", "qa_ta.txt", make_ta_universal, "ta-ua", "dsc-heating", 120, 293.15, 312.9833, "QA glass" },
  { "netzsch-semicolon", "qa_netzsch.csv", make_netzsch, "netzsch", "dsc-heating", 100, 293.15, 471.35, "QA netzsch" },
};

static void
test_generated (gconstpointer data)
{
  const Generated *g = data;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "gen.relaxun", NULL);
  g_autoptr(GBytes) bytes = g->make ();
  g_autofree char *path = rlx_test_write_tmp_file (dir, g->file_name, g_bytes_get_data (bytes, NULL),
                                                   (gssize) g_bytes_get_size (bytes));
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *runs_text = NULL;
  g_autoptr(JsonNode) runs_root = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  JsonObject *run;

  g_free (import_json (db, path, NULL, 0, &root));
  g_assert_true (json_object_get_boolean_member (only_file (root), "ok"));
  g_assert_cmpstr (json_object_get_string_member (only_file (root), "format"), ==, g->format);
  run = only_run (root);
  if (g->kind != NULL)
    g_assert_cmpstr (json_object_get_string_member (run, "kind"), ==, g->kind);
  g_assert_cmpint (json_object_get_int_member (run, "n_points"), ==, g->n_points);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "t_min_K"), g->t_min, 1e-3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "t_max_K"), g->t_max, 1e-3);

  /* and `runs` lists it under its sample */
  runs_text = cli_runs_json (db);
  runs_root = cli_parse_json (runs_text, "runs --json");
  runs = cli_runs_from_json (runs_root);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (runs, 0), "n_points"), ==, g->n_points);
  if (g->sample != NULL)
    {
      JsonArray *samples = json_object_get_array_member (json_node_get_object (runs_root), "samples");

      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (samples, 0), "name"), ==,
                       g->sample);
    }

  cli_remove_tree (dir);
}

/* --- broken input ------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *file_name;      /* written into the test directory, or a path that is not written */
  const char *contents;       /* NULL: make nothing (missing) */
  gssize length;
  gboolean directory;
  const char *line;           /* the stderr must name this line, or NULL */
} Broken;

static const char truncated_stare[] =
  "         Index             t     Heat Flow            Ts            Tr\n"
  "           [#]           [s]          [mW]          [\xb0" "C]          [\xb0" "C]\n"
  "             0   0,00000e+00   1,00000e-02  -7,98000e+01  -8,00000e+01\n"
  "             1   1,00000e-03   1,00000e-02  -7,88000e+01  -7,90000e+01\n"
  "             2   2,00000e-03   1,00000e-02  -7,78000e+01  -7,80000e+01\n"
  "             3   3,00000e-03   1,00000e";

static const char nan_csv[] =
  "T [K],dQ/dT [J/(g K)]\n"
  "300.0,0.001\n"
  "301.0,0.002\n"
  "302.0,nan\n"
  "303.0,0.002\n"
  "304.0,0.001\n";

static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xff" "a";

static const Broken broken[] = {
  { "empty", "empty.txt", "", 0, FALSE, NULL },
  { "binary", "binary.txt", binary, sizeof binary - 1, FALSE, NULL },
  { "truncated-stare", "cut.txt", truncated_stare, -1, FALSE, "line 6" },
  { "nan", "nan.csv", nan_csv, -1, FALSE, "line 4" },
  { "directory", "a-folder", NULL, 0, TRUE, NULL },
  { "missing", "no-such-file.txt", NULL, 0, FALSE, NULL },
};

static void
test_broken (gconstpointer data)
{
  const Broken *b = data;
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "b.relaxun", NULL);
  g_autoptr(GBytes) good = make_csv_kelvin ();
  g_autofree char *good_path = rlx_test_write_tmp_file (dir, "good.csv", g_bytes_get_data (good, NULL),
                                                        (gssize) g_bytes_get_size (good));
  g_autofree char *path = g_build_filename (dir, b->file_name, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (cli_run (NULL, NULL, "import", "--db", db, good_path, NULL), ==, 0);
  before = cli_runs_json (db);

  if (b->directory)
    g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  else if (b->contents != NULL)
    g_free (rlx_test_write_tmp_file (dir, b->file_name, b->contents, b->length));

  g_assert_cmpint (cli_run (&out, &err, "import", "--db", db, path, NULL), ==, 1);
  g_test_message ("stderr: %s", err);
  g_assert_true (cli_contains (err, b->file_name));
  if (b->line != NULL)
    g_assert_true (cli_contains (err, b->line));
  after = cli_runs_json (db);
  g_assert_cmpstr (after, ==, before);

  /* with --json: a JSON report saying what failed, still exit 1 */
  g_clear_pointer (&err, g_free);
  err = import_json (db, path, NULL, 1, &root);
  g_assert_false (json_object_get_boolean_member (only_file (root), "ok"));
  g_assert_true (cli_contains (json_object_get_string_member (only_file (root), "error"), b->file_name));
  g_clear_pointer (&after, g_free);
  after = cli_runs_json (db);
  g_assert_cmpstr (after, ==, before);

  cli_remove_tree (dir);
}

/* --- a --db that is not a Relaxun database ------------------------------------------------- */

static GBytes *
make_foreign_sqlite (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "other.sqlite", NULL);
  const char *python = g_getenv ("PYTHON");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *contents;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, python ? python : "/usr/bin/python3", "-c",
                              "import sqlite3, sys\n"
                              "c = sqlite3.connect(sys.argv[1])\n"
                              "c.execute('create table notes (id integer primary key, body text)')\n"
                              "c.execute(\"insert into notes (body) values ('lab notes')\")\n"
                              "c.commit()\n", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  contents = cli_read_file (path, &length);

  return g_bytes_new_take (contents, length);
}

static void
check_foreign_db (const char *dir,
                  const char *name,
                  GBytes     *bytes)
{
  g_autofree char *db = rlx_test_write_tmp_file (dir, name, g_bytes_get_data (bytes, NULL),
                                                 (gssize) g_bytes_get_size (bytes));
  g_autofree char *svg = g_build_filename (dir, "figure.svg", NULL);
  g_autoptr(GBytes) good = make_csv_kelvin ();
  g_autofree char *good_path = rlx_test_write_tmp_file (dir, "good.csv", g_bytes_get_data (good, NULL),
                                                        (gssize) g_bytes_get_size (good));
  const char *commands[][8] = {
    { "import", good_path, NULL },
    { "runs", NULL },
    { "runs", "--json", NULL },
    { "show", "1", NULL },
    { "export-data", "1", NULL },
    { "history", NULL },
    { "peak", "--run", "1", NULL },
    { "recipe", "list", NULL },
    { "batch", "--recipe", "x", "--select", "role=annealed", NULL },
    { "export", "--figure", "estar-ta", "-o", svg, NULL },
    { "spectrum", "--run", "1", NULL },
    { "fit", "--model", "debye", "--run", "1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      gsize length = 0;
      g_autofree char *now = NULL;

      for (guint k = 0; commands[i][k] != NULL; k++)
        g_ptr_array_add (args, (gpointer) commands[i][k]);
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, db);
      g_ptr_array_add (args, NULL);

      g_test_message ("%s --db %s", commands[i][0], name);
      g_assert_cmpint (cli_runv ((const char * const *) args->pdata, &out, &err), ==, 1);
      g_assert_true (cli_contains (err, name));
      g_assert_cmpstr (out, ==, "");
      now = cli_read_file (db, &length);
      g_assert_cmpmem (now, length, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
    }
}

static void
test_foreign_db (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autoptr(GBytes) sqlite = make_foreign_sqlite (dir);
  g_autoptr(GBytes) text = g_bytes_new_static ("sample,mass\nA,1.0\n", 18);

  check_foreign_db (dir, "other.sqlite", sqlite);
  check_foreign_db (dir, "notes.db", text);
  cli_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/cli/import/fixture-flash-pair", test_fixture_flash_pair);
  g_test_add_func ("/relaxun/cli/import/fixture-dma", test_fixture_dma);
  for (guint i = 0; i < G_N_ELEMENTS (generated); i++)
    {
      g_autofree char *name = g_strdup_printf ("/relaxun/cli/import/generated/%s", generated[i].name);

      g_test_add_data_func (name, &generated[i], test_generated);
    }
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *name = g_strdup_printf ("/relaxun/cli/import/broken/%s", broken[i].name);

      g_test_add_data_func (name, &broken[i], test_broken);
    }
  g_test_add_func ("/relaxun/cli/import/foreign-db", test_foreign_db);

  return g_test_run ();
}

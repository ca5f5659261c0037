/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test-sim"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rlx-demo.h"
#include "rlx-import.h"
#include "rlx-run-data.h"
#include "rlx-test-util.h"

#define DEMO_POINTS 751      /* 193.15 → 493.15 K at 1000 K/s, one point per 0.4 ms */
#define DMA_POINTS  451      /* 223.15 → 448.15 K every 0.5 K */

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static char *
write_demo (guint64 seed)
{
  g_autoptr (GError) error = NULL;
  char *dir = rlx_test_tmp_dir ();

  g_assert_true (rlx_demo_write_exports (dir, seed, &error));
  g_assert_no_error (error);
  return dir;
}

/* The demo at the committed seed, written once and shared by the tests that only read it. */
static char *default_dir;

static const char *
default_demo (void)
{
  if (default_dir == NULL)
    default_dir = write_demo (RLX_DEMO_DEFAULT_SEED);
  return default_dir;
}

static JsonNode *
load_manifest (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "manifest.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return root;
}

static RlxChannel *
channel (RlxRunData *run,
         RlxQuantity quantity)
{
  RlxChannel *c = rlx_run_data_get_channel (run, quantity);

  g_assert_nonnull (c);
  return c;
}

/* Every file the writer makes is read back by the ordinary importer with the right columns,
   point count, rate and, from the file name alone, the annealing condition the manifest
   records (the last step for the multi-step file, whose full history is in the manifest). */
static void
test_import_round_trip (void)
{
  const char *dir = default_demo ();
  g_autoptr (JsonNode) root = load_manifest (dir);
  JsonObject *manifest = json_node_get_object (root);
  JsonArray *files = json_object_get_array_member (manifest, "files");
  guint n_reference = 0, n_annealed = 0, n_dma = 0, n_multi = 0;

  g_assert_cmpuint (json_array_get_length (files), ==, 48);
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *entry = json_array_get_object_element (files, i);
      const char *file = json_object_get_string_member (entry, "file");
      const char *role = json_object_get_string_member (entry, "role");
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *format = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) runs = rlx_import_read_file (path, NULL, &format, &error);
      RlxRunData *run;

      g_test_message ("%s (%s)", file, role);
      g_assert_no_error (error);
      g_assert_nonnull (runs);
      g_assert_cmpuint (runs->len, ==, 1);
      run = g_ptr_array_index (runs, 0);

      if (g_strcmp0 (role, "dma") == 0)
        {
          RlxChannel *t = channel (run, RLX_QUANTITY_TEMPERATURE);

          n_dma++;
          g_assert_cmpint (run->kind, ==, RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP);
          g_assert_cmpfloat_with_epsilon (run->frequency, 2.0, 1e-9);
          g_assert_cmpuint (t->n_values, ==, DMA_POINTS);
          g_assert_cmpuint (channel (run, RLX_QUANTITY_LOSS_MODULUS)->n_values, ==, DMA_POINTS);
          g_assert_cmpuint (channel (run, RLX_QUANTITY_STORAGE_MODULUS)->n_values, ==, DMA_POINTS);
          g_assert_cmpfloat_with_epsilon (t->values[0], 223.15, 1e-6);
          g_assert_cmpfloat_with_epsilon (t->values[DMA_POINTS - 1], 448.15, 1e-6);
          g_assert_cmpfloat_with_epsilon (run->heating_rate, 0.05, 1e-6);
          continue;
        }

      {
        RlxChannel *time = channel (run, RLX_QUANTITY_TIME);
        RlxChannel *hf = channel (run, RLX_QUANTITY_HEAT_FLOW);
        RlxChannel *ts = channel (run, RLX_QUANTITY_TEMPERATURE);
        RlxChannel *tr = channel (run, RLX_QUANTITY_PROGRAM_TEMPERATURE);
        JsonArray *steps = json_object_get_array_member (entry, "anneal_steps");
        guint n_steps = json_array_get_length (steps);

        g_assert_cmpstr (format, ==, "stare-curve");
        g_assert_cmpint (run->kind, ==, RLX_RUN_KIND_FLASH_DSC_HEATING);
        g_assert_cmpuint (time->n_values, ==, DEMO_POINTS);
        g_assert_cmpuint (hf->n_values, ==, DEMO_POINTS);
        g_assert_cmpuint (ts->n_values, ==, DEMO_POINTS);
        g_assert_cmpuint (tr->n_values, ==, DEMO_POINTS);
        /* Decimal comma and °C read correctly: the program starts at 193.15 K and the time
           step is 0.4 ms. */
        g_assert_cmpfloat_with_epsilon (tr->values[0], 193.15, 1e-6);
        g_assert_cmpfloat_with_epsilon (tr->values[DEMO_POINTS - 1], 493.15, 1e-6);
        g_assert_cmpfloat_with_epsilon (time->values[1] - time->values[0], 4e-4, 1e-9);
        g_assert_cmpfloat (fabs (run->heating_rate - 1000.0), <, 1.0);
        /* The heat flow is in mW of a 50 ng sample: tens of µW at most. */
        for (gsize k = 0; k < hf->n_values; k++)
          g_assert_cmpfloat (fabs (hf->values[k]), <, 0.5);

        if (g_strcmp0 (role, "reference") == 0)
          {
            n_reference++;
            g_assert_cmpuint (n_steps, ==, 0);
            g_assert_cmpint (run->role, ==, RLX_RUN_ROLE_REFERENCE);
            g_assert_cmpuint (run->anneal_steps->len, ==, 0);
          }
        else
          {
            JsonArray *last = json_array_get_array_element (steps, n_steps - 1);
            const RlxAnnealStep *step;

            g_assert_cmpstr (role, ==, "annealed");
            n_annealed++;
            if (n_steps > 1)
              n_multi++;
            g_assert_cmpint (run->role, ==, RLX_RUN_ROLE_ANNEALED);
            g_assert_cmpuint (run->anneal_steps->len, ==, 1);
            step = &g_array_index (run->anneal_steps, RlxAnnealStep, 0);
            g_assert_cmpfloat_with_epsilon (step->temperature,
                                            json_array_get_double_element (last, 0), 1e-9);
            g_assert_cmpfloat_with_epsilon (step->duration,
                                            json_array_get_double_element (last, 1), 1e-12);
          }
      }
    }
  g_assert_cmpuint (n_reference, ==, 1);
  g_assert_cmpuint (n_annealed, ==, 46);
  g_assert_cmpuint (n_multi, ==, 1);
  g_assert_cmpuint (n_dma, ==, 1);
}

static GBytes *
read_bytes (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;
  gsize length = 0;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (text, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* The same seed gives byte-identical files; another seed changes every noisy file but not the
   protocols. */
static void
test_determinism (void)
{
  const char *a = default_demo ();
  g_autofree char *b = write_demo (RLX_DEMO_DEFAULT_SEED);
  g_autofree char *c = write_demo (RLX_DEMO_DEFAULT_SEED + 1);
  g_autoptr (GPtrArray) names = list_files (a);
  g_autoptr (GPtrArray) names_b = list_files (b);
  g_autoptr (GPtrArray) names_c = list_files (c);

  g_assert_cmpuint (names->len, ==, 49);
  g_assert_cmpuint (names_b->len, ==, names->len);
  g_assert_cmpuint (names_c->len, ==, names->len);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr (GBytes) x = read_bytes (a, name);
      g_autoptr (GBytes) y = read_bytes (b, name);
      g_autoptr (GBytes) z = read_bytes (c, name);

      g_assert_cmpstr (name, ==, g_ptr_array_index (names_b, i));
      g_assert_cmpstr (name, ==, g_ptr_array_index (names_c, i));
      g_assert_true (g_bytes_equal (x, y));
      /* Every data file carries noise; the manifest differs only in its seed. */
      g_assert_false (g_bytes_equal (x, z));
    }
  remove_tree (b);
  remove_tree (c);
}

/* The committed data/demo is what the committed seed gives: nobody edited it by hand and the
   simulator has not drifted since it was generated. */
static void
test_committed_demo (void)
{
  g_autofree char *committed = rlx_test_source_path ("data/demo");
  const char *fresh = default_demo ();
  g_autoptr (GPtrArray) names = list_files (fresh);

  if (!g_file_test (committed, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("data/demo is not in the source tree");
      return;
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr (GBytes) x = read_bytes (fresh, name);
      g_autoptr (GBytes) y = read_bytes (committed, name);

      if (!g_bytes_equal (x, y))
        g_test_fail_printf ("data/demo/%s differs from a fresh `relaxun-cli demo "
                            "--write-exports` with the default seed; regenerate data/demo", name);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/sim/export/import-round-trip", test_import_round_trip);
  g_test_add_func ("/relaxun/sim/export/determinism", test_determinism);
  g_test_add_func ("/relaxun/sim/export/committed-demo", test_committed_demo);
  status = g_test_run ();
  if (default_dir != NULL)
    remove_tree (default_dir);
  g_free (default_dir);
  return status;
}

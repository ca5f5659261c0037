/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include "rlx-import.h"
#include "rlx-test-util.h"

static void
test_guess_table (void)
{
  static const struct { const char *paths[4]; const char *expected; } cases[] = {
    { { "/d/fDSC_90814_Segment58_20deg.txt", "/d/fDSC_90814_Segment62_20deg_ref.txt" }, "fDSC_90814" },
    { { "fdsc_Ta303K_ta5s.txt", "fdsc_ref.txt", "fdsc_Ta273K_ta5s.txt" }, "fdsc" },
    { { "MG-1_anneal_300K.txt", "MG-1_anneal_310K.txt" }, "MG-1_anneal" },
    { { "sample_ref.txt", "sample_refX.txt" }, "sample" },
    { { "run.txt" }, NULL },
    { { "a1.txt", "b1.txt" }, NULL },
    { { "ab_1.txt", "ab_2.txt" }, NULL },
    { { "Probe Zr 01.csv", "Probe Zr 02.csv" }, "Probe Zr" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *guess = rlx_import_guess_series_sample (cases[i].paths);

      g_assert_cmpstr (guess, ==, cases[i].expected);
    }
}

/* Files imported together without --sample land in one sample, so the annealed run can be
   paired with its reference. */
static void
test_async_import_uses_series_sample (void)
{
  g_autofree char *dir = rlx_test_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "series.relaxun", NULL);
  const char *csv_a = "T (K),dQ/dT (J/(g K))\n300,0.1\n301,0.2\n302,0.3\n303,0.2\n";
  const char *csv_b = "T (K),dQ/dT (J/(g K))\n300,0.1\n301,0.1\n302,0.1\n303,0.1\n";
  g_autofree char *a = rlx_test_write_tmp_file (dir, "glassA_Ta300K_ta5s.csv", csv_a, -1);
  g_autofree char *b = rlx_test_write_tmp_file (dir, "glassA_ref.csv", csv_b, -1);
  const char *paths[] = { a, b, NULL };
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  RlxImportOptions options;

  rlx_import_options_init (&options);
  options.default_sample = "glassA";

  store = rlx_store_open (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      RlxImportResult result = { 0 };

      g_assert_true (rlx_import_file_into_store_full (store, paths[i], NULL, NULL, &options, NULL,
                                                      &result, NULL, &error));
      g_assert_no_error (error);
      rlx_import_result_clear (&result);
    }

  runs = rlx_store_list_runs (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  for (guint i = 0; i < runs->len; i++)
    g_assert_cmpstr (((RlxRunRecord *) g_ptr_array_index (runs, i))->sample_name, ==, "glassA");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/io/series-sample/guess", test_guess_table);
  g_test_add_func ("/relaxun/io/series-sample/default-sample", test_async_import_uses_series_sample);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import.h"
#include "rlx-test-util.h"

/* Every format: own samples (tests/io/samples, always present) and the real exports in
 * ../shared/fixtures (skipped when absent). Each case checks the first run in detail and
 * the point count of every run. */

#define Q(x) RLX_QUANTITY_##x
#define END RLX_N_QUANTITIES

typedef struct
{
  const char  *path;
  gboolean     fixture;
  const char  *format;
  guint        n_runs;
  guint        points_total;
  guint        points_first;
  RlxRunKind   kind;
  RlxRunRole   role;
  int          segment;
  double       heating_rate;   /* K/s; NAN: must be unknown; 0: not checked */
  double       t_min;          /* K of the first run; 0: not checked */
  const char  *sample;
  double       mass;           /* mg; NAN: must be unknown */
  double       anneal_T;       /* K; NAN: no step */
  double       anneal_t;       /* s; NAN: unknown */
  const char  *unit_of_first_quantity;
  RlxQuantity  quantities[8];
} FormatCase;

static const FormatCase cases[] = {
  /* own samples */
  { "stare-flash_Ta303K_ta5s.txt", FALSE, "stare-curve", 2, 60, 30, RLX_RUN_KIND_FLASH_DSC_HEATING, RLX_RUN_ROLE_ANNEALED,
    1, 1000.0, 222.65, NULL, NAN, 303.0, 5.0, "mW", { Q(HEAT_FLOW), Q(TIME), Q(TEMPERATURE), Q(PROGRAM_TEMPERATURE), Q(INDEX), END } },
  { "stare-dma-shear.txt", FALSE, "stare-curve", 1, 24, 24, RLX_RUN_KIND_DMA_FREQUENCY_SWEEP, RLX_RUN_ROLE_OTHER,
    0, NAN, 333.35, NULL, NAN, NAN, NAN, "GPa", { Q(STORAGE_MODULUS), Q(LOSS_MODULUS), Q(COMPLEX_MODULUS), Q(TAN_DELTA), Q(FREQUENCY), END } },
  { "stare-report.txt", FALSE, "stare-report", 1, 40, 40, RLX_RUN_KIND_DSC_HEATING, RLX_RUN_ROLE_OTHER,
    0, 1.0 / 6.0, 297.15, "PS_film", 5.21, NAN, NAN, "mW", { Q(HEAT_FLOW), Q(TIME), Q(TEMPERATURE), END } },
  { "ta-ua-tga-utf16.txt", FALSE, "ta-ua", 2, 36, 20, RLX_RUN_KIND_TGA, RLX_RUN_ROLE_OTHER,
    1, 1.0 / 6.0, 303.15, "PET flakes", 12.5, NAN, NAN, "mg", { Q(MASS), Q(TIME), Q(TEMPERATURE), END } },
  { "ta-ua-dsc-oem.txt", FALSE, "ta-ua", 1, 30, 30, RLX_RUN_KIND_DSC_HEATING, RLX_RUN_ROLE_OTHER,
    0, 1.0 / 6.0, 373.15, "Indium", 5.1, NAN, NAN, "°C", { Q(TEMPERATURE), Q(HEAT_FLOW), Q(TIME), END } },
  { "trios-dsc-2row.txt", FALSE, "trios", 1, 30, 30, RLX_RUN_KIND_DSC_HEATING, RLX_RUN_ROLE_OTHER,
    0, 1.0 / 6.0, 313.15, NULL, NAN, NAN, NAN, "W/g", { Q(SPECIFIC_HEAT_FLOW), Q(TIME), Q(TEMPERATURE), END } },
  { "trios-dma-steps.txt", FALSE, "trios", 2, 40, 25, RLX_RUN_KIND_DMA_TEMPERATURE_SWEEP, RLX_RUN_ROLE_OTHER,
    1, 4.0 / 48.0, 303.15, "PMMA bar", NAN, NAN, NAN, "Pa", { Q(STORAGE_MODULUS), Q(LOSS_MODULUS), Q(TAN_DELTA), Q(FREQUENCY), END } },
  { "trios-lims.txt", FALSE, "trios-lims", 2, 24, 12, RLX_RUN_KIND_DMA_FREQUENCY_SWEEP, RLX_RUN_ROLE_OTHER,
    1, NAN, 353.15, "Epoxy E1", NAN, NAN, NAN, "Pa", { Q(STORAGE_MODULUS), Q(LOSS_MODULUS), Q(TAN_DELTA), Q(FREQUENCY), Q(TIME), END } },
  { "netzsch-ascii-segments.txt", FALSE, "netzsch", 2, 35, 20, RLX_RUN_KIND_DSC_HEATING, RLX_RUN_ROLE_OTHER,
    1, 10.0 / 60.0, 293.15, "PS pellet", 6.3, NAN, NAN, "mW/mg", { Q(SPECIFIC_HEAT_FLOW), Q(TEMPERATURE), Q(TIME), END } },
  { "pyris-dsc.txt", FALSE, "pyris", 2, 52, 12, RLX_RUN_KIND_DSC_ISOTHERMAL, RLX_RUN_ROLE_OTHER,
    1, NAN, 303.15, "Glass G1", 4.25, NAN, NAN, "mW", { Q(HEAT_FLOW), Q(PROGRAM_TEMPERATURE), Q(TEMPERATURE), Q(TIME), END } },
  { "setaram-semicolon-utf16.txt", FALSE, "setaram", 1, 30, 30, RLX_RUN_KIND_DSC_HEATING, RLX_RUN_ROLE_OTHER,
    0, 1.0 / 6.0, 302.65, "GlassX", 10.5, NAN, NAN, "mW", { Q(HEAT_FLOW), Q(TEMPERATURE), Q(TIME), END } },
  { "generic-two-column.txt", FALSE, "generic", 1, 40, 40, RLX_RUN_KIND_UNKNOWN, RLX_RUN_ROLE_OTHER,
    0, NAN, 300.0, NULL, NAN, NAN, NAN, "K", { Q(TEMPERATURE), END } },
  { "generic-header.csv", FALSE, "generic", 1, 35, 35, RLX_RUN_KIND_DSC_HEATING, RLX_RUN_ROLE_OTHER,
    0, 1.0 / 6.0, 298.15, NULL, NAN, NAN, NAN, "mW", { Q(HEAT_FLOW), Q(TIME), Q(TEMPERATURE), END } },
  { "generic-utf16be.txt", FALSE, "trios", 1, 20, 20, RLX_RUN_KIND_DSC_HEATING, RLX_RUN_ROLE_OTHER,
    0, NAN, 250.0, NULL, NAN, NAN, NAN, "W/g", { Q(SPECIFIC_HEAT_FLOW), Q(TEMPERATURE), END } },

  /* real exports */
  { "mettler-stare-flashdsc/fDSC_90814_FirstHeating.txt", TRUE, "stare-curve", 1, 2550, 2550, RLX_RUN_KIND_FLASH_DSC_HEATING,
    RLX_RUN_ROLE_OTHER, 0, 2000.0, 193.186, NULL, NAN, NAN, NAN, "mW", { Q(HEAT_FLOW), Q(TIME), Q(TEMPERATURE), Q(PROGRAM_TEMPERATURE), END } },
  { "mettler-stare-flashdsc/fDSC_90814_Cooling10000.txt", TRUE, "stare-curve", 1, 510, 510, RLX_RUN_KIND_FLASH_DSC_COOLING,
    RLX_RUN_ROLE_OTHER, 0, NAN, 0, NULL, NAN, NAN, NAN, "mW", { Q(HEAT_FLOW), Q(PROGRAM_TEMPERATURE), END } },
  { "mettler-stare-flashdsc/fDSC_90814_Segment58_20deg.txt", TRUE, "stare-curve", 1, 2556, 2556, RLX_RUN_KIND_FLASH_DSC_HEATING,
    RLX_RUN_ROLE_ANNEALED, 0, 2000.0, 0, NULL, NAN, 293.15, 1800.0, "mW", { Q(HEAT_FLOW), END } },
  { "mettler-stare-flashdsc/fDSC_90814_Segment62_20deg_ref.txt", TRUE, "stare-curve", 1, 2547, 2547, RLX_RUN_KIND_FLASH_DSC_HEATING,
    RLX_RUN_ROLE_REFERENCE, 0, 2000.0, 0, NULL, NAN, NAN, NAN, "mW", { Q(HEAT_FLOW), END } },
  { "mettler-stare-dma/DMAsuite_T40.txt", TRUE, "stare-curve", 1, 60, 60, RLX_RUN_KIND_DMA_FREQUENCY_SWEEP,
    RLX_RUN_ROLE_OTHER, 0, NAN, 310.214, NULL, NAN, NAN, NAN, "MPa", { Q(STORAGE_MODULUS), Q(LOSS_MODULUS), Q(COMPLEX_MODULUS), Q(TAN_DELTA), Q(FREQUENCY), Q(FORCE), Q(PHASE), END } },
  { "mettler-stare-report/pyTGA_blank_test_MT.txt", TRUE, "stare-report", 2, 25322, 12661, RLX_RUN_KIND_TGA,
    RLX_RUN_ROLE_OTHER, 1, 5.0 / 60.0, 0, "blank", NAN, NAN, NAN, "mg", { Q(MASS), Q(TIME), Q(TEMPERATURE), Q(PROGRAM_TEMPERATURE), END } },
  { "mettler-stare-report/datalab_mp2028_281122_LNO+C.txt", TRUE, "stare-report", 1, 4051, 4051, RLX_RUN_KIND_TGA,
    RLX_RUN_ROLE_OTHER, 0, 10.0 / 60.0, 0, "mp2028_281122_LNO", 4.1752, NAN, NAN, "mg", { Q(MASS), END } },
  { "ta-universal-analysis/pkynetics_sample_dsc_tainstruments_2920MDSC.txt", TRUE, "ta-ua", 2, 19000, 9500, RLX_RUN_KIND_DSC_HEATING,
    RLX_RUN_ROLE_OTHER, 1, 1.0 / 60.0, 0, "Eicosane", 9.0, NAN, NAN, "min", { Q(TIME), Q(TEMPERATURE), Q(HEAT_FLOW), END } },
  { "ta-trios-text/hermes_multi_technique_DHR.txt", TRUE, "trios", 3, 281, 29, RLX_RUN_KIND_RHEOLOGY,
    RLX_RUN_ROLE_OTHER, 1, NAN, 0, "Anonymous", NAN, NAN, NAN, "°C", { Q(TEMPERATURE), Q(TIME), Q(STORAGE_MODULUS), END } },
  { "ta-trios-lims-text/hermes_test_frequency_sweep_tts_ARES.txt", TRUE, "trios-lims", 20, 340, 17, RLX_RUN_KIND_DMA_FREQUENCY_SWEEP,
    RLX_RUN_ROLE_OTHER, 1, NAN, 0, "Anonymous", NAN, NAN, NAN, "Pa", { Q(STORAGE_MODULUS), Q(LOSS_MODULUS), Q(TAN_DELTA), Q(FREQUENCY), Q(TEMPERATURE), END } },
  { "netzsch-proteus-ascii/labetl_DF_FILED_DES_STA_N2_10K_231028_R1.csv", TRUE, "netzsch", 1, 6733, 6733, RLX_RUN_KIND_DSC_HEATING,
    RLX_RUN_ROLE_OTHER, 2, 10.0 / 60.0, 0, "DF_FILED", 4.05, NAN, NAN, "mW/mg", { Q(SPECIFIC_HEAT_FLOW), Q(MASS_PERCENT), Q(TEMPERATURE), Q(TIME), END } },
  { "netzsch-proteus-ascii/pyTGA_netzsch_example_file_TG209.txt", TRUE, "netzsch", 1, 270, 270, RLX_RUN_KIND_TGA,
    RLX_RUN_ROLE_OTHER, 1, 5.0 / 60.0, 0, "AlPyr", 8.91, NAN, NAN, "%", { Q(MASS_PERCENT), Q(TEMPERATURE), Q(TIME), END } },
  { "perkinelmer-pyris-ascii/pyTGA_PerkinElmer_example_file.txt", TRUE, "pyris", 10, 12098, 50, RLX_RUN_KIND_TGA,
    RLX_RUN_ROLE_OTHER, 1, NAN, 0, "SR_TGA_0082_Z06_P1-001-3-BM_ratio_04", 7.026, NAN, NAN, "mg", { Q(MASS), Q(PROGRAM_TEMPERATURE), Q(TEMPERATURE), Q(TIME), END } },
  { "setaram-calisto/pkynetics_sample_dsc_setaram_utf16.txt", TRUE, "setaram", 1, 13002, 13002, RLX_RUN_KIND_DSC_HEATING,
    RLX_RUN_ROLE_OTHER, 0, 0, 0, "MAC250-MS20", 34.04, NAN, NAN, "mW", { Q(HEAT_FLOW), Q(MASS), Q(TEMPERATURE), Q(TIME), END } },
};

static void
check_case (gconstpointer data)
{
  const FormatCase *c = data;
  g_autofree char *path = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  RlxRunData *run;
  guint total = 0;

  if (c->fixture)
    {
      path = rlx_test_fixture_path (c->path);
      if (path == NULL)
        return;
    }
  else
    {
      g_autofree char *relative = g_build_filename ("tests", "io", "samples", c->path, NULL);

      path = rlx_test_source_path (relative);
    }

  runs = rlx_import_read_file (path, NULL, &format, &error);
  g_assert_no_error (error);
  g_assert_nonnull (runs);
  g_assert_cmpstr (format, ==, c->format);
  g_assert_cmpuint (runs->len, ==, c->n_runs);
  for (guint i = 0; i < runs->len; i++)
    {
      RlxRunData *r = g_ptr_array_index (runs, i);

      total += rlx_run_data_get_n_points (r);
      g_assert_cmpstr (r->format, ==, c->format);
      for (guint k = 0; k < r->channels->len; k++)
        g_assert_cmpuint (((RlxChannel *) g_ptr_array_index (r->channels, k))->n_values, ==, rlx_run_data_get_n_points (r));
    }
  g_assert_cmpuint (total, ==, c->points_total);

  run = g_ptr_array_index (runs, 0);
  g_assert_cmpuint (rlx_run_data_get_n_points (run), ==, c->points_first);
  g_assert_cmpstr (rlx_run_kind_to_string (run->kind), ==, rlx_run_kind_to_string (c->kind));
  g_assert_cmpint (run->role, ==, c->role);
  g_assert_cmpint (run->segment, ==, c->segment);
  if (isnan (c->heating_rate))
    g_assert_true (isnan (run->heating_rate));
  else if (c->heating_rate > 0)
    g_assert_cmpfloat_with_epsilon (run->heating_rate, c->heating_rate, 0.02 * c->heating_rate);
  if (c->t_min > 0)
    {
      double lo, hi;

      g_assert_true (rlx_run_data_get_temperature_range (run, &lo, &hi));
      g_assert_cmpfloat_with_epsilon (lo, c->t_min, 1e-3);
    }
  g_assert_cmpstr (run->sample_name, ==, c->sample);
  if (isnan (c->mass))
    g_assert_true (isnan (run->mass_mg));
  else
    g_assert_cmpfloat_with_epsilon (run->mass_mg, c->mass, 1e-9);

  if (isnan (c->anneal_T))
    g_assert_cmpuint (run->anneal_steps->len, ==, 0);
  else
    {
      RlxAnnealStep *step;

      g_assert_cmpuint (run->anneal_steps->len, ==, 1);
      step = &g_array_index (run->anneal_steps, RlxAnnealStep, 0);
      g_assert_cmpfloat_with_epsilon (step->temperature, c->anneal_T, 1e-9);
      if (isnan (c->anneal_t))
        g_assert_true (isnan (step->duration));
      else
        g_assert_cmpfloat_with_epsilon (step->duration, c->anneal_t, 1e-9);
    }

  for (guint q = 0; c->quantities[q] != END; q++)
    {
      RlxChannel *channel = rlx_run_data_get_channel (run, c->quantities[q]);

      g_test_message ("quantity %s", rlx_quantity_to_string (c->quantities[q]));
      g_assert_nonnull (channel);
      if (q == 0)
        g_assert_cmpstr (channel->original_unit, ==, c->unit_of_first_quantity);
      for (gsize i = 0; i < channel->n_values; i++)
        g_assert_false (isinf (channel->values[i]));
    }
}

/* Values in canonical units, checked against the file's text. */
static void
test_values_converted (void)
{
  g_autofree char *path = rlx_test_source_path ("tests/io/samples/stare-dma-shear.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = rlx_import_read_file (path, NULL, NULL, &error);
  RlxRunData *run;
  RlxChannel *g1, *f;

  g_assert_no_error (error);
  run = g_ptr_array_index (runs, 0);
  g1 = rlx_run_data_get_channel (run, RLX_QUANTITY_STORAGE_MODULUS);
  f = rlx_run_data_get_channel (run, RLX_QUANTITY_FREQUENCY);
  /* 9.50000e-01 GPa in the file */
  g_assert_cmpfloat_with_epsilon (g1->values[0], 950.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->values[8], 1.0, 1e-5);
}

static void
test_force_format (void)
{
  g_autofree char *path = rlx_test_source_path ("tests/io/samples/generic-utf16be.txt");
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GPtrArray) runs = rlx_import_read_file (path, "generic", &format, &error);
  RlxRunData *run;

  g_assert_no_error (error);
  g_assert_cmpstr (format, ==, "generic");
  run = g_ptr_array_index (runs, 0);
  g_assert_nonnull (rlx_run_data_get_channel (run, RLX_QUANTITY_SPECIFIC_HEAT_FLOW));
  g_assert_cmpuint (rlx_run_data_get_n_points (run), ==, 20);
}

static void
test_explicit_generic_options (void)
{
  const char *text = "# my table\n0.0 25.0 1.0\n1.0 26.0 1.1\n2.0 27.0 1.3\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  RlxImportOptions options;
  RlxChannel *x, *y;

  rlx_import_options_init (&options);
  options.x_column = 1;
  options.x_quantity = RLX_QUANTITY_TEMPERATURE;
  options.x_unit = "°C";
  options.y_column = 2;
  options.y_quantity = RLX_QUANTITY_HEAT_FLOW;
  options.y_unit = "mW";
  runs = rlx_import_read_bytes_full (bytes, "table.txt", "generic", &options, NULL, &error);
  g_assert_no_error (error);
  x = rlx_run_data_get_channel (g_ptr_array_index (runs, 0), RLX_QUANTITY_TEMPERATURE);
  y = rlx_run_data_get_channel (g_ptr_array_index (runs, 0), RLX_QUANTITY_HEAT_FLOW);
  g_assert_nonnull (x);
  g_assert_nonnull (y);
  g_assert_cmpfloat_with_epsilon (x->values[2], 300.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (y->values[2], 1.3, 1e-12);

  options.x_unit = "furlong";
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = rlx_import_read_bytes_full (bytes, "table.txt", "generic", &options, NULL, &error);
  g_assert_null (runs);
  g_assert_error (error, RLX_IMPORT_ERROR, RLX_IMPORT_ERROR_INVALID_VALUE);
}

static void
test_list_formats (void)
{
  guint n = 0;
  const RlxFormatInfo *formats = rlx_import_list_formats (&n);
  const char *expected[] = { "stare-curve", "stare-report", "ta-ua", "trios", "trios-lims", "netzsch", "pyris", "setaram", "generic" };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < n; k++)
        found = found || strcmp (formats[k].id, expected[i]) == 0;
      g_assert_true (found);
      g_assert_true (rlx_import_has_format (expected[i]));
    }
  g_assert_false (rlx_import_has_format ("nope"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *base = g_path_get_basename (cases[i].path);
      g_autofree char *test_path = g_strdup_printf ("/relaxun/io/formats/%s/%s",
                                                    cases[i].fixture ? "fixture" : "sample", base);

      g_test_add_data_func (test_path, &cases[i], check_case);
    }
  g_test_add_func ("/relaxun/io/formats/values-converted", test_values_converted);
  g_test_add_func ("/relaxun/io/formats/force-format", test_force_format);
  g_test_add_func ("/relaxun/io/formats/explicit-generic-options", test_explicit_generic_options);
  g_test_add_func ("/relaxun/io/formats/list", test_list_formats);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rlx-import-private.h"

static void
test_split_header (void)
{
  static const struct { const char *header; gboolean trust; const char *name; const char *unit; } cases[] = {
    { "Time (min)",             FALSE, "Time", "min" },
    { "T/K",                    FALSE, "T", "K" },
    { "T [°C]",                 FALSE, "T", "°C" },
    { "T in K",                 FALSE, "T", "K" },
    { "Temp./°C",               TRUE,  "Temp.", "°C" },
    { "DSC(subtr.2)/(mW/mg)",   TRUE,  "DSC(subtr.2)", "mW/mg" },
    { "DTG/(%/min)",            TRUE,  "DTG", "%/min" },
    { "Tan(delta)",             FALSE, "Tan(delta)", NULL },
    { "Heat Flow (Normalized)", FALSE, "Heat Flow (Normalized)", NULL },
    { "1/temperature",          FALSE, "1/temperature", NULL },
    { "Segment",                TRUE,  "Segment", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = NULL, *unit = NULL;

      rlx_units_split_header (cases[i].header, cases[i].trust, &name, &unit);
      g_assert_cmpstr (name, ==, cases[i].name);
      g_assert_cmpstr (unit, ==, cases[i].unit);
    }
}

static void
test_map_column (void)
{
  static const struct { const char *name; const char *unit; RlxQuantity q; double in, out; } cases[] = {
    { "Ts",                 "°C",    RLX_QUANTITY_TEMPERATURE, 20.0, 293.15 },
    { "Tr",                 "°C",    RLX_QUANTITY_PROGRAM_TEMPERATURE, -80.0, 193.15 },
    { "Temperature",        "K",     RLX_QUANTITY_TEMPERATURE, 300.0, 300.0 },
    { "Sample Temperature", "°F",    RLX_QUANTITY_TEMPERATURE, 32.0, 273.15 },
    { "t",                  "s",     RLX_QUANTITY_TIME, 2.0, 2.0 },
    { "Time",               "min",   RLX_QUANTITY_TIME, 2.0, 120.0 },
    { "time",               "ms",    RLX_QUANTITY_TIME, 2.0, 0.002 },
    { "T",                  "K",     RLX_QUANTITY_TEMPERATURE, 5.0, 5.0 },
    { "Heat Flow",          "mW",    RLX_QUANTITY_HEAT_FLOW, 1.5, 1.5 },
    { "Heat Flow",          "W",     RLX_QUANTITY_HEAT_FLOW, 1.5, 1500.0 },
    { "Heat Flow (Normalized)", "W/g", RLX_QUANTITY_SPECIFIC_HEAT_FLOW, 0.2, 0.2 },
    { "DSC(subtr.2)",       "mW/mg", RLX_QUANTITY_SPECIFIC_HEAT_FLOW, 0.2, 0.2 },
    { "DSC",                "mW/g",  RLX_QUANTITY_SPECIFIC_HEAT_FLOW, 200.0, 0.2 },
    { "E'",                 "MPa",   RLX_QUANTITY_STORAGE_MODULUS, 2.0, 2.0 },
    { "E\"",                "GPa",   RLX_QUANTITY_LOSS_MODULUS, 2.0, 2000.0 },
    { "E*",                 "kPa",   RLX_QUANTITY_COMPLEX_MODULUS, 2.0, 0.002 },
    { "Storage modulus",    "Pa",    RLX_QUANTITY_STORAGE_MODULUS, 2e6, 2.0 },
    { "Loss modulus",       "Pa",    RLX_QUANTITY_LOSS_MODULUS, 2e6, 2.0 },
    { "tan_delta",          "",      RLX_QUANTITY_TAN_DELTA, 0.1, 0.1 },
    { "Tan(delta)",         NULL,    RLX_QUANTITY_TAN_DELTA, 0.1, 0.1 },
    { "f",                  "Hz",    RLX_QUANTITY_FREQUENCY, 10.0, 10.0 },
    { "F",                  "N",     RLX_QUANTITY_FORCE, 1.0, 1.0 },
    { "Angular frequency",  "rad/s", RLX_QUANTITY_FREQUENCY, 2 * G_PI, 1.0 },
    { "Weight",             "mg",    RLX_QUANTITY_MASS, 3.0, 3.0 },
    { "Mass",               "%",     RLX_QUANTITY_MASS_PERCENT, 99.0, 99.0 },
    { "Mass(subtr.2)",      "%",     RLX_QUANTITY_MASS_PERCENT, 97.0, 97.0 },
    { "x",                  "µm",    RLX_QUANTITY_DISPLACEMENT, 2.0, 2.0 },
    { "Index",              "#",     RLX_QUANTITY_INDEX, 3.0, 3.0 },
    { "Heat Flow",          "furlong", RLX_QUANTITY_OTHER, 3.0, 3.0 },
    { "Sensit.",            "uV/mW", RLX_QUANTITY_OTHER, 3.0, 3.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RlxColumnMapping m = rlx_units_map_column (cases[i].name, cases[i].unit);

      g_test_message ("%s [%s]", cases[i].name, cases[i].unit);
      g_assert_cmpint (m.quantity, ==, cases[i].q);
      g_assert_cmpfloat_with_epsilon (cases[i].in * m.conversion.scale + m.conversion.offset, cases[i].out, 1e-9);
    }
}

static void
test_free_text_values (void)
{
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_rate ("10.00 °C/min"), 10.0 / 60.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_rate ("15,0(K/min)"), 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_rate ("2000 K/s"), 2000.0, 1e-12);
  g_assert_true (isnan (rlx_units_parse_rate ("fast")));
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_temperature ("25°C"), 298.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_temperature ("303 K"), 303.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_mass ("4.1752 mg"), 4.1752, 1e-12);
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_mass ("34.04mg"), 34.04, 1e-12);
  g_assert_cmpfloat_with_epsilon (rlx_units_parse_mass ("0.5 g"), 500.0, 1e-9);
  g_assert_true (isnan (rlx_units_parse_mass ("Alumina 150ul")));
}

static void
test_name_conditions (void)
{
  static const struct { const char *name; gboolean title; RlxRunRole role; double ta_K; double ta_s; } cases[] = {
    { "fDSC_90814_Segment58_20deg.txt",      FALSE, RLX_RUN_ROLE_OTHER, 293.15, NAN },
    { "fDSC_90814_Segment62_20deg_ref.txt",  FALSE, RLX_RUN_ROLE_REFERENCE, 293.15, NAN },
    { "chip3_minus40deg_30min.txt",          FALSE, RLX_RUN_ROLE_OTHER, 233.15, 1800.0 },
    { "PS Ta=303K ta=5s.txt",                FALSE, RLX_RUN_ROLE_OTHER, 303.0, 5.0 },
    { "PS_Ta303K_ta5s.csv",                  FALSE, RLX_RUN_ROLE_OTHER, 303.0, 5.0 },
    { "PS_Ta=30C_ta=2h",                     FALSE, RLX_RUN_ROLE_OTHER, 303.15, 7200.0 },
    { "glass_reference.txt",                 FALSE, RLX_RUN_ROLE_REFERENCE, NAN, NAN },
    { "Cooling10000.txt",                    FALSE, RLX_RUN_ROLE_OTHER, NAN, NAN },
    { "FirstHeating.txt",                    FALSE, RLX_RUN_ROLE_OTHER, NAN, NAN },
    { "jos_annealingPTQ10_30min_sub2k_baj2k_usf2_01s", TRUE, RLX_RUN_ROLE_OTHER, NAN, 1800.0 },
    { "glue_jos_7_01s",                      TRUE,  RLX_RUN_ROLE_OTHER, NAN, NAN },
    { "Tan_delta_sweep",                     FALSE, RLX_RUN_ROLE_OTHER, NAN, NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RlxNameCondition c;

      g_test_message ("%s", cases[i].name);
      rlx_import_parse_name_condition (cases[i].name, cases[i].title, &c);
      g_assert_cmpint (c.role, ==, cases[i].role);
      if (isnan (cases[i].ta_K))
        g_assert_true (isnan (c.anneal_temperature));
      else
        g_assert_cmpfloat_with_epsilon (c.anneal_temperature, cases[i].ta_K, 1e-9);
      if (isnan (cases[i].ta_s))
        g_assert_true (isnan (c.anneal_time));
      else
        g_assert_cmpfloat_with_epsilon (c.anneal_time, cases[i].ta_s, 1e-9);
    }
}

static void
test_rate (void)
{
  double t[400], T[400];

  /* 50 points held, then a 2000 K/s ramp with noise, then 50 held */
  for (int i = 0; i < 400; i++)
    {
      t[i] = i * 1e-4;
      T[i] = i < 50 ? 200.0 : i < 350 ? 200.0 + 2000.0 * (t[i] - 50e-4) : 200.0 + 2000.0 * 300e-4;
      T[i] += 0.01 * ((i * 7919) % 13 - 6);
    }
  g_assert_cmpfloat_with_epsilon (rlx_import_estimate_rate (t, T, 400), 2000.0, 20.0);
  for (int i = 0; i < 400; i++)
    T[i] = 500.0 - 10.0 * t[i] * 100;
  g_assert_cmpfloat_with_epsilon (rlx_import_estimate_rate (t, T, 400), -1000.0, 1e-6);
  for (int i = 0; i < 400; i++)
    T[i] = 300.0 + 0.01 * ((i * 31) % 5);
  g_assert_cmpfloat (rlx_import_estimate_rate (t, T, 400), ==, 0.0);
  g_assert_true (isnan (rlx_import_estimate_rate (t, T, 2)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/io/units/split-header", test_split_header);
  g_test_add_func ("/relaxun/io/units/map-column", test_map_column);
  g_test_add_func ("/relaxun/io/units/free-text-values", test_free_text_values);
  g_test_add_func ("/relaxun/io/units/name-conditions", test_name_conditions);
  g_test_add_func ("/relaxun/io/units/rate", test_rate);
  return g_test_run ();
}

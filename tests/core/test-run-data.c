/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>

#include "rlx-run-data.h"

static void
test_channels (void)
{
  g_autoptr(RlxRunData) run = rlx_run_data_new ();
  g_autoptr(RlxRunData) copy = NULL;
  const double t[] = { 300.0, 310.0, 290.0, NAN };
  double lo = 0, hi = 0;

  g_assert_false (rlx_run_data_get_temperature_range (run, &lo, &hi));
  rlx_run_data_add_channel (run, rlx_channel_new_copy ("Ts", "°C", RLX_QUANTITY_TEMPERATURE, t, 4));
  rlx_run_data_add_channel (run, rlx_channel_new_copy ("t", "s", RLX_QUANTITY_TIME, t, 3));
  rlx_run_data_add_anneal_step (run, 303.0, 5.0);
  rlx_run_data_set_metadata (run, "Instrument", "Flash DSC 2+");

  g_assert_cmpuint (rlx_run_data_get_n_points (run), ==, 4);
  g_assert_true (rlx_run_data_get_temperature_range (run, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 290.0);
  g_assert_cmpfloat (hi, ==, 310.0);
  g_assert_cmpstr (rlx_run_data_get_channel (run, RLX_QUANTITY_TIME)->name, ==, "t");
  g_assert_null (rlx_run_data_get_channel (run, RLX_QUANTITY_HEAT_FLOW));

  copy = rlx_run_data_copy (run);
  g_assert_cmpuint (copy->channels->len, ==, 2);
  g_assert_cmpuint (copy->anneal_steps->len, ==, 1);
  g_assert_cmpfloat (g_array_index (copy->anneal_steps, RlxAnnealStep, 0).duration, ==, 5.0);
  g_assert_cmpstr (g_hash_table_lookup (copy->metadata, "Instrument"), ==, "Flash DSC 2+");
  g_assert_true (rlx_run_data_get_channel_by_name (copy, "Ts")->values !=
                 rlx_run_data_get_channel_by_name (run, "Ts")->values);
  g_assert_true (isnan (copy->mass_mg));
}

static void
test_ids_round_trip (void)
{
  for (guint q = 0; q < RLX_N_QUANTITIES; q++)
    g_assert_cmpint (rlx_quantity_from_string (rlx_quantity_to_string (q)), ==, q);
  for (guint k = 0; k < RLX_N_RUN_KINDS; k++)
    g_assert_cmpint (rlx_run_kind_from_string (rlx_run_kind_to_string (k)), ==, k);
  for (guint r = 0; r < RLX_N_RUN_ROLES; r++)
    g_assert_cmpint (rlx_run_role_from_string (rlx_run_role_to_string (r)), ==, r);

  g_assert_cmpstr (rlx_quantity_get_unit (RLX_QUANTITY_TEMPERATURE), ==, "K");
  g_assert_cmpint (rlx_quantity_from_string ("no-such-thing"), ==, RLX_QUANTITY_OTHER);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relaxun/run-data/channels", test_channels);
  g_test_add_func ("/relaxun/run-data/ids-round-trip", test_ids_round_trip);

  return g_test_run ();
}

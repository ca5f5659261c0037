/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "signal-synth.h"

#include <math.h>

#include "rlx-core.h"
#include "rlx-debye.h"

void
synth_scan_init (SynthScan *scan)
{
  *scan = (SynthScan) {
    .rate = 1000, .t_start = 200, .t_end = 460, .dt = 1e-4, .hold = 0.005,
    .mass_mg = 2e-4, .noise_q = 0, .sensor_shift = 0, .seed = 1, .role = RLX_RUN_ROLE_ANNEALED,
  };
}

static double
gauss (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-300, 1.0), v = g_rand_double (rand);
  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

RlxRunData *
synth_scan_make (const SynthScan *scan)
{
  double ramp = (scan->t_end - scan->t_start) / scan->rate;
  double total = 2 * scan->hold + ramp;
  gsize n = (gsize) floor (total / scan->dt) + 1;
  double *time = g_new (double, n), *ts = g_new (double, n), *tr = g_new (double, n);
  double *hf = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (scan->seed);
  RlxRunData *run = rlx_run_data_new ();

  for (gsize i = 0; i < n; i++)
    {
      double t = i * scan->dt, temp;
      gboolean ramping = t > scan->hold && t < scan->hold + ramp;

      temp = t <= scan->hold ? scan->t_start :
             t >= scan->hold + ramp ? scan->t_end : scan->t_start + scan->rate * (t - scan->hold);
      time[i] = t;
      tr[i] = temp;
      ts[i] = temp + (ramping ? scan->sensor_shift : 0) + 0.002 * gauss (rand);
      hf[i] = scan->mass_mg * (ramping ? scan->rate : 0) *
              (scan->q (temp, scan->q_data) + scan->noise_q * gauss (rand));
    }
  rlx_run_data_add_channel (run, rlx_channel_new ("t", "s", RLX_QUANTITY_TIME, time, n));
  rlx_run_data_add_channel (run, rlx_channel_new ("Heat Flow", "mW", RLX_QUANTITY_HEAT_FLOW, hf, n));
  rlx_run_data_add_channel (run, rlx_channel_new ("Ts", "K", RLX_QUANTITY_TEMPERATURE, ts, n));
  rlx_run_data_add_channel (run, rlx_channel_new ("Tr", "K", RLX_QUANTITY_PROGRAM_TEMPERATURE, tr, n));
  run->kind = RLX_RUN_KIND_FLASH_DSC_HEATING;
  run->role = scan->role;
  run->heating_rate = scan->rate;
  run->mass_mg = scan->mass_mg;
  run->simulated = TRUE;
  run->sample_name = g_strdup ("synthetic");
  return run;
}

double
synth_debye (double t, const SynthDebye *unit)
{
  return rlx_debye_heating_dqdt (t, unit->q_inf, unit->e / RLX_GAS_CONSTANT, unit->tp, 0, NAN);
}

double
synth_debye_area (const SynthDebye *unit, double lo, double hi)
{
  gsize n = (gsize) ceil ((hi - lo) / 0.01);
  double h, sum;

  n += n % 2;
  h = (hi - lo) / n;
  sum = synth_debye (lo, unit) + synth_debye (hi, unit);
  for (gsize i = 1; i < n; i++)
    sum += (i % 2 ? 4 : 2) * synth_debye (lo + i * h, unit);
  return sum * h / 3;
}

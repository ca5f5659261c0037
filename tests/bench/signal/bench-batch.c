/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "rlx-batch.h"
#include "rlx-json.h"
#include "rlx-peak-fit.h"
#include "rlx-core.h"
#include "rlx-selection.h"
#include "rlx-test-util.h"
#include "signal-synth.h"

/*
 * 200 synthetic annealed Flash DSC scans (1000 K/s, 200–460 K, 2600 points each, one Debye unit
 * of 80 kJ/mol whose Tp walks from 300 to 400 K, 0.5 % noise) and one shared reference, through
 * automatic pairing, subtraction, a linear baseline, metrics and a Debye fit, each stored as two
 * analyses; with 1 and 2 workers. A Python peer (numpy/scipy: interpolation, subtraction,
 * linear baseline, curve_fit of the same closed form) runs the same work for a ratio.
 */

#define N_RUNS_DEFAULT 200

static double
reference_q (double t, gpointer data)
{
  return 0.35 + 4e-4 * (t - 300);
}

static double
annealed_q (double t, gpointer data)
{
  const SynthDebye *unit = data;
  return reference_q (t, NULL) + synth_debye (t, unit);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static const char peer[] =
  "import sys, time, numpy as np\n"
  "from scipy.special import expn\n"
  "from scipy.optimize import curve_fit\n"
  "R = 8.314462618\n"
  "def debye(T, q, E, Tp):\n"
  "    B = E / R; k = B / Tp**2; x = B / Tp - B / T; u = B / T\n"
  "    A = k * T * np.exp(u) * expn(2, u) * np.exp(x)\n"
  "    return q * k * np.exp(x - A)\n"
  "rng = np.random.default_rng(1)\n"
  "T = 200 + 0.1 * np.arange(2600)\n"
  "ref = 0.35 + 4e-4 * (T - 300)\n"
  "runs = [ref + debye(T, 0.5, 80e3, 300 + 0.5 * i) + 2e-4 * rng.standard_normal(T.size) for i in range(%d)]\n"
  "grid = np.arange(201, 459, 0.1)\n"
  "t0 = time.perf_counter(); c0 = time.process_time()\n"
  "for i, y in enumerate(runs):\n"
  "    d = np.interp(grid, T, y) - np.interp(grid, T, ref)\n"
  "    m = ((grid > 210) & (grid < 240)) | ((grid > 440) & (grid < 455))\n"
  "    d = d - np.polyval(np.polyfit(grid[m], d[m], 1), grid)\n"
  "    j = np.argmax(d)\n"
  "    p, c = curve_fit(debye, grid, d, p0=(d.sum() * 0.1, 70e3, grid[j]))\n"
  "print(%d / (time.perf_counter() - t0), 1e3 * (time.process_time() - c0) / %d)\n";

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RlxStore) store = NULL;
  g_autoptr(RlxRecipe) recipe = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  double rate[3] = { 0 };
  const char *python = g_getenv ("PYTHON");
  /* RLX_BENCH_RUNS and RLX_BENCH_JOBS make a smaller batch for profiling (callgrind). */
  const char *runs_env = g_getenv ("RLX_BENCH_RUNS");
  const char *jobs_env = g_getenv ("RLX_BENCH_JOBS");
  const int N_RUNS = runs_env ? CLAMP (atoi (runs_env), 1, 10000) : N_RUNS_DEFAULT;
  const guint max_jobs = jobs_env ? (guint) CLAMP (atoi (jobs_env), 1, 2) : 2;

  g_test_init (&argc, &argv, NULL);
  rlx_core_init ();
  dir = rlx_test_tmp_dir ();
  path = g_build_filename (dir, "bench.rlx", NULL);
  store = rlx_store_open (path, &error);
  g_assert_no_error (error);

  for (int i = 0; i <= N_RUNS; i++)
    {
      SynthScan scan;
      SynthDebye unit = { 0.5, 80e3, 300 + 0.5 * i };
      g_autoptr(RlxRunData) run = NULL;
      gint64 id;

      synth_scan_init (&scan);
      scan.noise_q = 2e-4;
      scan.seed = (guint32) i + 1;
      scan.q = i == N_RUNS ? reference_q : annealed_q;
      scan.q_data = &unit;
      scan.role = i == N_RUNS ? RLX_RUN_ROLE_REFERENCE : RLX_RUN_ROLE_ANNEALED;
      run = synth_scan_make (&scan);
      if (i < N_RUNS)
        rlx_run_data_add_anneal_step (run, 260 + 0.5 * i, 10);
      id = rlx_store_add_run (store, "bench", run, &error);
      g_assert_no_error (error);
      if (i < N_RUNS)
        g_array_append_val (ids, id);
    }

  recipe = rlx_recipe_from_json ("{\"baseline\":\"linear:210:240,440:455\",\"fit\":{\"enabled\":true}}", &error);
  g_assert_no_error (error);

  for (guint jobs = 1; jobs <= max_jobs; jobs++)
    {
      double cpu_start = cpu_seconds ();
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) items = rlx_batch_run (store, recipe, "bench", (gint64 *) ids->data,
                                                  ids->len, jobs, NULL, NULL, NULL, &error);
      double seconds = (g_get_monotonic_time () - start) / 1e6;
      guint ok = 0;

      g_assert_no_error (error);
      for (guint i = 0; i < items->len; i++)
        ok += ((RlxBatchItem *) g_ptr_array_index (items, i))->ok;
      rate[jobs] = N_RUNS / seconds;
      /* CPU time per run (all threads) says what the work costs even on a busy machine,
         where the wall-clock rate also measures the other programs. */
      printf ("# relaxun batch, %u worker%s: %d runs in %.2f s = %.1f runs/s (%u ok), "
              "CPU %.2f ms per run\n", jobs, jobs > 1 ? "s" : "", N_RUNS, seconds, rate[jobs], ok,
              1e3 * (cpu_seconds () - cpu_start) / N_RUNS);
    }
  if (max_jobs > 1)
    printf ("# speed-up with 2 workers: %.2f\n", rate[2] / rate[1]);

  /* Where one run's time goes, in this thread's CPU time (what a worker does, without the
     writing): the peak (load, pairing, preparation, subtraction, baseline, metrics), the fit,
     and the texts to store. */
  {
    g_autoptr(RlxPeakCache) cache = rlx_peak_cache_new ();
    double t_peak = 0, t_fit = 0, t_text = 0;

    for (guint i = 0; i < ids->len; i++)
      {
        double t0 = thread_cpu_seconds (), t1, t2;
        g_autoptr(RlxPeak) peak = rlx_peak_extract_cached (store, g_array_index (ids, gint64, i),
                                                           recipe, cache, &error);
        g_autoptr(RlxFitResult) fit = NULL;
        g_autoptr(JsonNode) fit_node = NULL;
        g_autofree char *peak_text = NULL, *fit_text = NULL;

        g_assert_no_error (error);
        t1 = thread_cpu_seconds ();
        fit = rlx_peak_fit (peak, recipe, NULL, &error);
        g_assert_no_error (error);
        t2 = thread_cpu_seconds ();
        peak_text = rlx_peak_to_json_string (peak, TRUE);
        fit_node = rlx_peak_fit_to_json (peak, fit);
        fit_text = rlx_json_to_string (fit_node, FALSE);
        t_text += thread_cpu_seconds () - t2;
        t_peak += t1 - t0;
        t_fit += t2 - t1;
      }
    printf ("# per run (CPU, one thread): peak %.2f ms, fit %.2f ms, JSON texts %.2f ms\n",
            1e3 * t_peak / ids->len, 1e3 * t_fit / ids->len, 1e3 * t_text / ids->len);
  }

  if (python != NULL && g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autofree char *script = g_strdup_printf (peer, N_RUNS, N_RUNS, N_RUNS);
      const char *args[] = { python, "-c", script, NULL };
      g_autofree char *out = NULL;
      int status = 0;
      g_auto(GStrv) env = g_get_environ ();

      /* one core for the peer too: numpy's BLAS would otherwise start threads */
      env = g_environ_setenv (env, "OPENBLAS_NUM_THREADS", "1", TRUE);
      env = g_environ_setenv (env, "OMP_NUM_THREADS", "1", TRUE);
      if (g_spawn_sync (NULL, (char **) args, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL))
        {
          char *end = NULL;
          double py = g_ascii_strtod (out, &end);
          double py_cpu = g_ascii_strtod (end, NULL);

          printf ("# python peer (numpy interp + polyfit + scipy curve_fit, no store, 1 core): "
                  "%.1f runs/s, CPU %.2f ms per run\n", py, py_cpu);
          printf ("# ratio relaxun(1 worker, with store) / python: %.2f\n", rate[1] / py);
        }
      else
        printf ("# python peer unavailable (numpy/scipy missing)\n");
    }
  printf ("1..0 # benchmark, no assertions on timing\n");
  return 0;
}

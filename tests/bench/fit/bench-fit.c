/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-bench-fit"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <glib/gstdio.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-fit.h"

/*
 * 100 Debye peaks from the §7.1 ranges (E 40–420 kJ/mol, Tp 260–420 K), 2 000 points, 1 %
 * Gaussian noise, fitted by Relaxun, scipy.optimize.curve_fit and lmfit on the same data; then a
 * batch of 1 000 fits on 1 and 2 threads. Prints agreement and timings; asserts nothing about
 * time. "--relaxun-only" runs just the 100 Relaxun fits (for callgrind or perf).
 */

#define N_PEAKS 100
#define N_POINTS 2000
#define RATE 1000.0

typedef struct
{
  double e, tp;
  double x[N_POINTS], y[N_POINTS];
} Peak;

static void
make_peaks (Peak *peaks, guint n, gulong seed)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, seed);
  for (guint p = 0; p < n; p++)
    {
      double e = 40e3 + gsl_rng_uniform (rng) * 380e3;
      double tp = 260.0 + gsl_rng_uniform (rng) * 160.0;
      double b = e / RLX_GAS_CONSTANT, w = 2.4464 * tp * tp / b;
      double lo = tp - 3.0 * w, hi = tp + 2.0 * w, fmax;

      peaks[p].e = e;
      peaks[p].tp = tp;
      fmax = rlx_debye_heating_dqdt (tp, 1.0, b, tp, 0.0, NAN);
      for (guint i = 0; i < N_POINTS; i++)
        {
          double t = lo + (hi - lo) * i / (N_POINTS - 1.0);
          peaks[p].x[i] = t;
          peaks[p].y[i] = rlx_debye_heating_dqdt (t, 1.0, b, tp, 0.0, NAN) + gsl_ran_gaussian (rng, 0.01 * fmax);
        }
    }
  gsl_rng_free (rng);
}

/* CPU seconds of this process: steadier than the wall clock when others load the machine */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static RlxFitRequest *
request_for (RlxModel *model, const Peak *peak)
{
  return rlx_fit_request_new (model, peak->x, peak->y, NULL, N_POINTS);
}

int
main (int    argc,
      char **argv)
{
  g_autofree Peak *peaks = g_new (Peak, N_PEAKS);
  g_autofree double *rlx_e = g_new (double, N_PEAKS), *rlx_tp = g_new (double, N_PEAKS);
  g_autoptr(RlxModel) model = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relaxun-bench-fit-XXXXXX", NULL);
  g_autofree char *peaks_path = g_build_filename (dir, "peaks.txt", NULL);
  g_autofree char *results_path = g_build_filename (dir, "results.txt", NULL);
  g_autofree char *script = NULL;
  const char *python = g_getenv ("PYTHON") ? g_getenv ("PYTHON") : "/usr/bin/python3";
  const char *srcdir = g_getenv ("RLX_SOURCE_DIR");
  RlxModelOptions o;
  gint64 t0;
  double t_rlx, t_cf = NAN, t_lm = NAN, c_rlx, c_cf = NAN, c_lm = NAN, c0;
  guint failures = 0, iterations = 0;
  gboolean relaxun_only = argc > 1 && g_strcmp0 (argv[1], "--relaxun-only") == 0;
  FILE *fh;

  rlx_core_init ();
  rlx_model_options_init (&o);
  o.heating_rate = RATE;
  model = rlx_model_new ("debye", &o, NULL);
  make_peaks (peaks, N_PEAKS, 2024);

  /* Relaxun, one fit after the other */
  t0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  for (guint p = 0; p < N_PEAKS; p++)
    {
      g_autoptr(RlxFitRequest) req = request_for (model, &peaks[p]);
      g_autoptr(RlxFitResult) r = rlx_fit_run (req, NULL, NULL, NULL);
      if (!rlx_fit_result_is_success (r))
        failures++;
      iterations += r->iterations;
      rlx_e[p] = rlx_fit_result_get_value (r, "E");
      rlx_tp[p] = rlx_fit_result_get_value (r, "Tp");
    }
  t_rlx = (g_get_monotonic_time () - t0) / 1e6 / N_PEAKS;
  c_rlx = (cpu_seconds () - c0) / N_PEAKS;
  printf ("Relaxun:   %.3f ms per fit (CPU %.3f ms), %.1f iterations on average (%u of %d did not "
          "converge)\n", t_rlx * 1e3, c_rlx * 1e3, (double) iterations / N_PEAKS, failures, N_PEAKS);
  if (relaxun_only)
    return 0;

  /* the same data for the Python peers */
  fh = fopen (peaks_path, "w");
  g_assert_nonnull (fh);
  fprintf (fh, "%d %d\n", N_PEAKS, N_POINTS);
  for (guint p = 0; p < N_PEAKS; p++)
    {
      fprintf (fh, "%.17g %.17g\n", peaks[p].e, peaks[p].tp);
      for (guint i = 0; i < N_POINTS; i++)
        fprintf (fh, "%.17g%c", peaks[p].x[i], i + 1 < N_POINTS ? ' ' : '\n');
      for (guint i = 0; i < N_POINTS; i++)
        fprintf (fh, "%.17g%c", peaks[p].y[i], i + 1 < N_POINTS ? ' ' : '\n');
    }
  fclose (fh);

  script = srcdir != NULL ? g_build_filename (srcdir, "tests", "bench", "fit", "bench_fit.py", NULL)
                          : g_strdup ("bench_fit.py");
  {
    const char *args[] = { python, script, peaks_path, results_path, NULL };
    g_autoptr(GError) error = NULL;
    int wait_status = 0;

    if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &wait_status, &error) || !g_spawn_check_wait_status (wait_status, &error))
      printf ("Python peers not run: %s\n", error->message);
    else
      {
        double max_cf_e = 0, max_cf_tp = 0, max_lm_e = 0, max_lm_tp = 0;
        fh = fopen (results_path, "r");
        g_assert_nonnull (fh);
        for (guint p = 0; p < N_PEAKS; p++)
          {
            double ce, ctp, le, ltp;
            if (fscanf (fh, "%lf %lf %lf %lf", &ce, &ctp, &le, &ltp) != 4)
              break;
            max_cf_e = MAX (max_cf_e, fabs (ce / rlx_e[p] - 1));
            max_cf_tp = MAX (max_cf_tp, fabs (ctp / rlx_tp[p] - 1));
            max_lm_e = MAX (max_lm_e, fabs (le / rlx_e[p] - 1));
            max_lm_tp = MAX (max_lm_tp, fabs (ltp / rlx_tp[p] - 1));
          }
        if (fscanf (fh, "%lf %lf %lf %lf", &t_cf, &t_lm, &c_cf, &c_lm) != 4)
          t_cf = t_lm = c_cf = c_lm = NAN;
        fclose (fh);
        printf ("curve_fit: %.3f ms per fit (CPU %.3f ms); max |ΔE/E| vs Relaxun %.2e, max |ΔTp/Tp| %.2e\n",
                t_cf * 1e3, c_cf * 1e3, max_cf_e, max_cf_tp);
        printf ("lmfit:     %.3f ms per fit (CPU %.3f ms); max |ΔE/E| vs Relaxun %.2e, max |ΔTp/Tp| %.2e\n",
                t_lm * 1e3, c_lm * 1e3, max_lm_e, max_lm_tp);
        printf ("Relaxun is %.1f× faster than curve_fit and %.1f× faster than lmfit (wall clock); "
                "%.1f× and %.1f× in CPU time\n", t_cf / t_rlx, t_lm / t_rlx, c_cf / c_rlx, c_lm / c_rlx);
      }
  }
  g_unlink (peaks_path);
  g_unlink (results_path);
  g_rmdir (dir);

  /* a batch of 1 000 fits on one and on two threads */
  {
    g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_fit_request_free);
    g_autofree Peak *many = g_new (Peak, 100);
    double t1 = NAN, t2 = NAN;

    make_peaks (many, 100, 7);
    for (guint i = 0; i < 1000; i++)
      g_ptr_array_add (requests, request_for (model, &many[i % 100]));
    for (guint threads = 1; threads <= 2; threads++)
      {
        g_autoptr(GPtrArray) results = NULL;
        t0 = g_get_monotonic_time ();
        results = rlx_fit_batch_run (requests, threads, NULL, NULL, NULL);
        if (threads == 1)
          t1 = (g_get_monotonic_time () - t0) / 1e6;
        else
          t2 = (g_get_monotonic_time () - t0) / 1e6;
      }
    printf ("Batch of 1000 fits: %.2f s on 1 thread, %.2f s on 2 threads (speed-up %.2f×)\n",
            t1, t2, t1 / t2);
  }
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-nnls.h"
#include "rlx-spectrum.h"

/*
 * A 300-column spectrum with λ selection for a 2000-point peak: time per peak for the
 * discrepancy λ (with the default 24-point L-curve), the L-curve corner and GCV; then the same
 * plain NNLS problem (2000 × 300) solved by rlx_nnls_solve (Gram phase + QR refinement), by the
 * QR-per-step Lawson–Hanson alone, and by scipy.optimize.nnls in the same run. Both wall-clock
 * and CPU time are printed: on a shared machine the CPU time is the comparable number. Prints
 * numbers; asserts nothing about time.
 */

#define N_POINTS 2000
#define N_GRID 300

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static double
kernel (double t, double tp, double e)
{
  return rlx_debye_heating_dqdt (t, 1.0, e / RLX_GAS_CONSTANT, tp, 0.0, NAN);
}

int
main (int argc, char **argv)
{
  g_autoptr(RlxSpectrumLaw) law = rlx_spectrum_law_new_tau0 (1e-13, 1000.0);
  double *t = g_new (double, N_POINTS), *y = g_new0 (double, N_POINTS), *grid = g_new (double, N_GRID);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const RlxSpectrumLambdaMethod methods[] = {
    RLX_SPECTRUM_LAMBDA_DISCREPANCY, RLX_SPECTRUM_LAMBDA_LCURVE, RLX_SPECTRUM_LAMBDA_GCV
  };
  /* Optional arguments, for profiling: repetitions, and one part to run (discrepancy, lcurve,
     gcv or nnls). */
  int reps_spectrum = argc > 1 ? MAX (atoi (argv[1]), 1) : 5;
  const char *only = argc > 2 ? argv[2] : NULL;
  double ymax = 0.0;
  g_autoptr(GError) error = NULL;

  gsl_set_error_handler_off ();
  gsl_rng_set (rng, 1);
  for (gsize i = 0; i < N_POINTS; i++)
    t[i] = 240.0 + 230.0 * (double) i / (N_POINTS - 1);
  for (double tp = 200.0; tp <= 480.0; tp += 0.1)
    {
      double g = 0.01 * (exp (-(tp - 330.0) * (tp - 330.0) / 450.0) + 0.5 * exp (-(tp - 400.0) * (tp - 400.0) / 128.0));
      double e = rlx_spectrum_law_energy (law, tp);

      for (gsize i = 0; i < N_POINTS; i++)
        y[i] += 0.1 * g * kernel (t[i], tp, e);
    }
  for (gsize i = 0; i < N_POINTS; i++)
    ymax = MAX (ymax, y[i]);
  for (gsize i = 0; i < N_POINTS; i++)
    y[i] += gsl_ran_gaussian (rng, 0.01 * ymax);
  /* 300 columns evenly over 225–480 K (finer than W/5 on purpose: the solver's stress case). */
  for (gsize j = 0; j < N_GRID; j++)
    grid[j] = 225.0 + 255.0 * (double) j / (N_GRID - 1);

  printf ("# spectrum of a %d-point peak on %d kernels (Tikhonov-2)\n", N_POINTS, N_GRID);
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      RlxSpectrumOptions options;
      const int reps = reps_spectrum;
      gint64 start;
      double per_peak, cpu_start, cpu_per_peak;
      RlxSpectrumResult *r = NULL;

      if (only != NULL && g_strcmp0 (only, rlx_spectrum_lambda_method_to_string (methods[m])) != 0)
        continue;
      rlx_spectrum_options_init (&options);
      options.tp_grid = grid;
      options.n_tp_grid = N_GRID;
      options.lambda_method = methods[m];
      start = g_get_monotonic_time ();
      cpu_start = cpu_seconds ();
      for (int k = 0; k < reps; k++)
        {
          g_clear_pointer (&r, rlx_spectrum_result_free);
          r = rlx_spectrum_compute (t, y, N_POINTS, law, &options, NULL, &error);
          if (r == NULL)
            {
              fprintf (stderr, "spectrum failed: %s\n", error->message);
              return 1;
            }
        }
      per_peak = (double) (g_get_monotonic_time () - start) / 1e6 / reps;
      cpu_per_peak = (cpu_seconds () - cpu_start) / reps;
      printf ("%-12s λ = %.4g: %.3f s CPU (%.3f s wall) per peak (%u NNLS steps, L-curve %zu "
              "points), total %.4f, mean Tp %.2f K, rms/σ %.3f\n",
              rlx_spectrum_lambda_method_to_string (methods[m]), r->lambda, cpu_per_peak, per_peak,
              r->nnls_iterations, r->n_lcurve, r->total, r->mean_tp, r->rms_over_sigma);
      rlx_spectrum_result_free (r);
    }

  /* The plain NNLS problem, ours against SciPy's. */
  if (only == NULL || g_strcmp0 (only, "nnls") == 0)
  {
    gsl_matrix *a = gsl_matrix_alloc (N_POINTS, N_GRID);
    gsl_vector_view b = gsl_vector_view_array (y, N_POINTS);
    gsl_vector *x = gsl_vector_alloc (N_GRID);
    g_autofree char *dir = g_dir_make_tmp ("rlx-bench-spectrum-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "problem.bin", NULL);
    g_autofree char *script = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *python = g_getenv ("PYTHON") != NULL ? g_getenv ("PYTHON") : "/usr/bin/python3";
    RlxNnlsInfo info, info_qr;
    FILE *f;
    gint64 start;
    double ours, ours_cpu, qr_cpu, cpu_start, theirs = NAN, theirs_cpu = NAN;
    int status = 0;
    const int reps = 5;

    for (gsize i = 0; i < N_POINTS; i++)
      for (gsize j = 0; j < N_GRID; j++)
        gsl_matrix_set (a, i, j, kernel (t[i], grid[j], rlx_spectrum_law_energy (law, grid[j])));
    cpu_start = cpu_seconds ();
    for (int k = 0; k < 2; k++)
      if (!rlx_nnls_solve (a, &b.vector, x, RLX_NNLS_FLAGS_QR_ONLY, &info_qr, &error))
        {
          fprintf (stderr, "nnls failed: %s\n", error->message);
          return 1;
        }
    qr_cpu = (cpu_seconds () - cpu_start) / 2;
    start = g_get_monotonic_time ();
    cpu_start = cpu_seconds ();
    for (int k = 0; k < reps; k++)
      if (!rlx_nnls_solve (a, &b.vector, x, RLX_NNLS_FLAGS_NONE, &info, &error))
        {
          fprintf (stderr, "nnls failed: %s\n", error->message);
          return 1;
        }
    ours = (double) (g_get_monotonic_time () - start) / 1e6 / reps;
    ours_cpu = (cpu_seconds () - cpu_start) / reps;
    printf ("# plain NNLS %d × %d\n", N_POINTS, N_GRID);
    printf ("relaxun QR per step  %.4f s CPU  (%u steps, %u positive, ‖r‖ = %.9g)\n",
            qr_cpu, info_qr.iterations, info_qr.n_passive, info_qr.residual_norm);
    printf ("relaxun              %.4f s CPU, %.4f s wall  (%u steps, %u positive, ‖r‖ = %.9g)\n",
            ours_cpu, ours, info.iterations, info.n_passive, info.residual_norm);

    f = fopen (path, "wb");
    fwrite (a->data, sizeof (double), (size_t) N_POINTS * N_GRID, f);
    fwrite (y, sizeof (double), N_POINTS, f);
    fclose (f);
    script = g_strdup_printf (
      "import numpy as np, time\n"
      "from scipy.optimize import nnls\n"
      "d = np.fromfile('%s', dtype='<f8')\n"
      "A = d[:%d*%d].reshape(%d, %d); b = d[%d*%d:]\n"
      "t0 = time.perf_counter(); c0 = time.process_time()\n"
      "for _ in range(%d): x, rn = nnls(A, b, maxiter=10*%d)\n"
      "dt = (time.perf_counter() - t0) / %d; dc = (time.process_time() - c0) / %d\n"
      "print('%%.6f %%.6f %%d %%.9g' %% (dc, dt, int((x > 0).sum()), rn))\n",
      path, N_POINTS, N_GRID, N_POINTS, N_GRID, N_POINTS, N_GRID, reps, N_GRID, reps, reps);
    {
      const char *args[] = { python, "-c", script, NULL };

      if (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL) &&
          status == 0 && sscanf (out, "%lf %lf", &theirs_cpu, &theirs) == 2)
        printf ("scipy.nnls           %.4f s CPU, %.4f s wall  (%s)\n"
                "ratio scipy/relaxun = %.2f (CPU), %.2f (wall)\n",
                theirs_cpu, theirs, g_strchomp (out), theirs_cpu / ours_cpu, theirs / ours);
      else
        printf ("scipy.nnls  not available (%s)\n", err != NULL ? err : "spawn failed");
    }
    g_unlink (path);
    g_rmdir (dir);
    gsl_matrix_free (a);
    gsl_vector_free (x);
  }

  gsl_rng_free (rng);
  g_free (t);
  g_free (y);
  g_free (grid);
  return 0;
}

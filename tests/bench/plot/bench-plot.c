/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "plot-test-figures.h"
#include "rlx-geometry.h"
#include "rlx-render.h"

/*
 * Screen-path timings at 1000 × 700 px: libplot (figure → SVG text) and librsvg (SVG → cairo
 * image) separately, median of several frames. Prints numbers; asserts nothing about time.
 * No Python plotting library is installed to compare with, so the one Python peer is the
 * min/max decimation of the 10⁶-point trace in numpy.
 */

#define WIDTH 1000
#define HEIGHT 700

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Wall time says what a user waits on this (shared, loaded) machine; the thread's CPU time
 * says what the frame costs, and varies much less with the load. */
static void
bench_figure (const char *name,
              RlxFigure  *figure,
              int         frames)
{
  g_autofree double *lp = g_new (double, frames);
  g_autofree double *rs = g_new (double, frames);
  g_autofree double *tot = g_new (double, frames);
  g_autofree double *cpu = g_new (double, frames);

  for (int i = 0; i < frames; i++)
    {
      g_autoptr(GError) error = NULL;
      RlxRenderTiming t = { 0 };
      gint64 t0 = g_get_monotonic_time ();
      double c0 = thread_cpu_ms ();
      cairo_surface_t *s = rlx_figure_render_image (figure, rlx_theme_get (RLX_THEME_LIGHT), WIDTH,
                                                    HEIGHT, 1.0, NULL, &t, &error);

      if (s == NULL)
        {
          g_printerr ("%s: %s\n", name, error->message);
          exit (1);
        }
      cairo_surface_destroy (s);
      cpu[i] = thread_cpu_ms () - c0;
      tot[i] = (g_get_monotonic_time () - t0) / 1000.0;
      lp[i] = t.libplot_ms;
      rs[i] = t.rsvg_ms;
    }
  qsort (lp, frames, sizeof (double), compare_double);
  qsort (rs, frames, sizeof (double), compare_double);
  qsort (tot, frames, sizeof (double), compare_double);
  qsort (cpu, frames, sizeof (double), compare_double);
  printf ("%-34s %8zu pts  libplot %6.2f ms  librsvg %6.2f ms  frame %6.2f ms wall, %6.2f ms CPU "
          "(%s 16 ms)\n", name, rlx_figure_get_n_points (figure), lp[frames / 2], rs[frames / 2],
          tot[frames / 2], cpu[frames / 2], cpu[frames / 2] < 16.0 ? "inside" : "OVER");
}

static double
python_decimation_ms (gsize n)
{
  g_autofree char *script = g_strdup_printf (
    "import numpy as np, time\n"
    "n=%zu; x=np.linspace(0,1,n); y=np.sin(40*x)+np.random.default_rng(1).normal(0,.1,n)\n"
    "best=1e9\n"
    "for _ in range(5):\n"
    "  t=time.perf_counter(); c=np.minimum((x*1000).astype(np.int64),999)\n"
    "  edges=np.flatnonzero(np.diff(c))+1; starts=np.r_[0,edges]\n"
    "  lo=np.minimum.reduceat(y,starts); hi=np.maximum.reduceat(y,starts)\n"
    "  best=min(best,time.perf_counter()-t)\n"
    "print(best*1000)\n", n);
  const char *python = g_getenv ("PYTHON");
  const char *argv[] = { python != NULL ? python : "/usr/bin/python3", "-c", script, NULL };
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, NULL) || status != 0 || out == NULL)
    return NAN;
  return g_ascii_strtod (out, NULL);
}

static RlxFigure *
build_trace (void)
{
  const gsize n = 1000000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  RlxFigure *trace = rlx_figure_new ();
  RlxPanel *panel = rlx_figure_add_panel (trace, "t (s)", "Heat flow (mW)");

  for (gsize i = 0; i < n; i++)
    {
      x[i] = (double) i / (n - 1);
      y[i] = sin (40 * x[i]) + 0.1 * sin (7919.0 * i);
    }
  rlx_panel_add_line (panel, NULL, x, y, n);
  return trace;
}

static const struct
{
  const char *name;
  const char *title;
  int         kind;             /* PlotKind, or -1 for the 10⁶-point trace */
  int         frames;
} figures[] = {
  { "trace", "10^6-point trace", -1, 11 },
  { "family", "30-peak family (log y, colour bar)", PLOT_KIND_FAMILY, 21 },
  { "peak", "typical: peak + fit + residual", PLOT_KIND_PEAK, 31 },
  { "dma", "DMA E'' with fits", PLOT_KIND_DMA, 31 },
  { "spectrum", "spectrum: stems + fit + residual", PLOT_KIND_SPECTRUM, 31 },
};

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return NAN;
  return g_ascii_strtod (text, NULL);
}

/*
 * bench-plot               every figure, then the decimation against numpy
 * bench-plot NAME [FRAMES] one figure only (trace, family, peak, dma, spectrum), e.g. under
 *                          valgrind --tool=callgrind, whose instruction counts do not depend on
 *                          the load of the machine as wall time does
 */
int
main (int    argc,
      char **argv)
{
  const char *only = argc > 1 ? argv[1] : NULL;
  int frames_override = argc > 2 ? atoi (argv[2]) : 0;
  gboolean found = FALSE;

  printf ("Relaxun figures, screen path at %d × %d px (median of the frames), load average %.2f "
          "on %u cores\n", WIDTH, HEIGHT, load_average (), g_get_num_processors ());
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autoptr(RlxFigure) figure = NULL;

      if (only != NULL && !g_str_equal (only, figures[i].name))
        continue;
      found = TRUE;
      figure = figures[i].kind < 0 ? build_trace () : plot_test_build (figures[i].kind);
      bench_figure (figures[i].title, figure, frames_override > 0 ? frames_override : figures[i].frames);
    }
  if (only != NULL)
    {
      if (!found)
        g_printerr ("bench-plot: no figure “%s”\n", only);
      return found ? 0 : 2;
    }
  printf ("load average after the figures %.2f\n", load_average ());

  /* Decimation alone, and the numpy peer. */
  {
    const gsize n = 1000000;
    g_autofree double *x = g_new (double, n);
    g_autofree double *y = g_new (double, n);
    g_autofree double *ox = g_new (double, n);
    g_autofree double *oy = g_new (double, n);
    double best = INFINITY, py;
    gsize k = 0;

    for (gsize i = 0; i < n; i++)
      {
        x[i] = (double) i / (n - 1);
        y[i] = sin (40 * x[i]) + 0.1 * sin (7919.0 * i);
      }
    for (int r = 0; r < 5; r++)
      {
        gint64 t0 = g_get_monotonic_time ();

        k = rlx_decimate_minmax (x, y, n, 0.0, 1.0, 1000, ox, oy);
        best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
      }
    py = python_decimation_ms (n);
    printf ("min/max decimation of 10^6 points to %zu: %.2f ms; numpy reduceat %.2f ms "
            "(ratio numpy/Relaxun %.1f)\n", k, best, py, py / best);
  }
  return 0;
}

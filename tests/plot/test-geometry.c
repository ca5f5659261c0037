/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot-test"

#include "config.h"

#include <math.h>

#include "rlx-geometry.h"

static const RlxBox box = { 0, 0, 10, 5 };

static void
test_clip_segment (void)
{
  static const struct
  {
    double x0, y0, x1, y1;
    gboolean visible;
    double ex0, ey0, ex1, ey1;
  } cases[] = {
    { 1, 1, 9, 4, TRUE, 1, 1, 9, 4 },            /* inside */
    { -5, 2, 15, 2, TRUE, 0, 2, 10, 2 },         /* through both sides */
    { 5, 2, 15, 2, TRUE, 5, 2, 10, 2 },          /* leaves on the right */
    { 5, -5, 5, 10, TRUE, 5, 0, 5, 5 },          /* vertical through */
    { -2, -1, 12, 6, TRUE, 0, 0, 10, 5 },        /* diagonal, corner to corner */
    { -5, 7, 15, 7, FALSE, 0, 0, 0, 0 },         /* above, parallel */
    { 11, -1, 11, 8, FALSE, 0, 0, 0, 0 },        /* right, vertical */
    { -4, 3, 1, 8, FALSE, 0, 0, 0, 0 },          /* misses the corner */
    { 3, 3, 3, 3, TRUE, 3, 3, 3, 3 },            /* a point inside */
    { 3, 6, 3, 6, FALSE, 0, 0, 0, 0 },           /* a point outside */
    { 0, 0, 10, 0, TRUE, 0, 0, 10, 0 },          /* along the edge */
    { NAN, 1, 2, 2, FALSE, 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double x0 = cases[i].x0, y0 = cases[i].y0, x1 = cases[i].x1, y1 = cases[i].y1;
      gboolean v = rlx_clip_segment (&box, &x0, &y0, &x1, &y1);

      g_test_message ("segment case %u", i);
      g_assert_cmpint (v, ==, cases[i].visible);
      if (!v)
        continue;
      g_assert_cmpfloat_with_epsilon (x0, cases[i].ex0, 1e-12);
      g_assert_cmpfloat_with_epsilon (y0, cases[i].ey0, 1e-12);
      g_assert_cmpfloat_with_epsilon (x1, cases[i].ex1, 1e-12);
      g_assert_cmpfloat_with_epsilon (y1, cases[i].ey1, 1e-12);
    }
}

static double
polygon_area (const double *x,
              const double *y,
              gsize         n)
{
  double a = 0.0;

  for (gsize i = 0; i < n; i++)
    a += x[i] * y[(i + 1) % n] - x[(i + 1) % n] * y[i];
  return fabs (a) / 2.0;
}

static void
test_clip_polygon (void)
{
  double ox[32], oy[32];

  {
    /* A square larger than the box leaves exactly the box. */
    double x[] = { -5, 20, 20, -5 }, y[] = { -5, -5, 20, 20 };
    gsize n = rlx_clip_polygon (&box, x, y, 4, ox, oy);

    g_assert_cmpuint (n, ==, 4);
    g_assert_cmpfloat_with_epsilon (polygon_area (ox, oy, n), 50.0, 1e-9);
    for (gsize i = 0; i < n; i++)
      {
        g_assert_cmpfloat (ox[i], >=, 0);
        g_assert_cmpfloat (ox[i], <=, 10);
        g_assert_cmpfloat (oy[i], >=, 0);
        g_assert_cmpfloat (oy[i], <=, 5);
      }
  }
  {
    /* A peak-shaped area poking out of the top: the part above y = 5 is cut off. */
    double x[] = { 0, 5, 10 }, y[] = { 0, 10, 0 };
    gsize n = rlx_clip_polygon (&box, x, y, 3, ox, oy);

    /* Triangle area 50 minus the top triangle (base 5, height 5) of 12.5. */
    g_assert_cmpfloat_with_epsilon (polygon_area (ox, oy, n), 37.5, 1e-9);
  }
  {
    /* Entirely outside. */
    double x[] = { 20, 30, 25 }, y[] = { 0, 0, 4 };

    g_assert_cmpuint (rlx_clip_polygon (&box, x, y, 3, ox, oy), ==, 0);
  }
}

static void
test_decimate (void)
{
  const gsize n = 100000;
  const guint columns = 100;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *ox = g_new (double, n);
  g_autofree double *oy = g_new (double, n);
  gsize k;
  double gmin = INFINITY, gmax = -INFINITY;
  guint32 seed = 7;

  for (gsize i = 0; i < n; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      x[i] = (double) i / (n - 1);
      y[i] = sin (20 * x[i]) + ((seed >> 8) / 16777216.0 - 0.5);
      gmin = MIN (gmin, y[i]);
      gmax = MAX (gmax, y[i]);
    }
  k = rlx_decimate_minmax (x, y, n, 0.0, 1.0, columns, ox, oy);

  g_assert_cmpuint (k, <=, 4 * (columns + 1));
  g_assert_cmpuint (k, >=, 2 * columns);
  /* First and last kept, order kept (x never goes back for a monotonic trace). */
  g_assert_cmpfloat (ox[0], ==, x[0]);
  g_assert_cmpfloat (oy[0], ==, y[0]);
  g_assert_cmpfloat (ox[k - 1], ==, x[n - 1]);
  g_assert_cmpfloat (oy[k - 1], ==, y[n - 1]);
  for (gsize i = 1; i < k; i++)
    g_assert_cmpfloat (ox[i], >=, ox[i - 1]);

  /* Every column keeps its true extremes. */
  for (guint c = 0; c < columns; c++)
    {
      double tmin = INFINITY, tmax = -INFINITY, dmin = INFINITY, dmax = -INFINITY;

      for (gsize i = 0; i < n; i++)
        if ((guint) floor (x[i] * columns) == c)
          {
            tmin = MIN (tmin, y[i]);
            tmax = MAX (tmax, y[i]);
          }
      for (gsize i = 0; i < k; i++)
        if ((guint) floor (ox[i] * columns) == c)
          {
            dmin = MIN (dmin, oy[i]);
            dmax = MAX (dmax, oy[i]);
          }
      g_assert_cmpfloat (dmin, ==, tmin);
      g_assert_cmpfloat (dmax, ==, tmax);
    }
  {
    double omin = INFINITY, omax = -INFINITY;

    for (gsize i = 0; i < k; i++)
      {
        omin = MIN (omin, oy[i]);
        omax = MAX (omax, oy[i]);
      }
    g_assert_cmpfloat (omin, ==, gmin);
    g_assert_cmpfloat (omax, ==, gmax);
  }
}

static void
test_decimate_order_and_breaks (void)
{
  /* In one column: max comes before min, and must stay before it. */
  double x[] = { 0.10, 0.11, 0.12, 0.13, 0.14, NAN, NAN, 0.5, 0.9 };
  double y[] = { 0.0, 5.0, 1.0, -3.0, 0.5, NAN, NAN, 2.0, 1.0 };
  double ox[9], oy[9];
  gsize k = rlx_decimate_minmax (x, y, 9, 0.0, 1.0, 2, ox, oy);
  double ex[] = { 0.10, 0.11, 0.13, 0.14, NAN, 0.5, 0.9 };
  double ey[] = { 0.0, 5.0, -3.0, 0.5, NAN, 2.0, 1.0 };

  g_assert_cmpuint (k, ==, G_N_ELEMENTS (ex));
  for (gsize i = 0; i < k; i++)
    {
      if (isnan (ex[i]))
        {
          g_assert_true (isnan (ox[i]) && isnan (oy[i]));
          continue;
        }
      g_assert_cmpfloat (ox[i], ==, ex[i]);
      g_assert_cmpfloat (oy[i], ==, ey[i]);
    }
}

static void
test_decimate_short (void)
{
  double x[] = { 0, 1, 2 }, y[] = { 3, 4, 5 }, ox[3], oy[3];

  g_assert_cmpuint (rlx_decimate_minmax (x, y, 3, 0, 2, 100, ox, oy), ==, 3);
  g_assert_cmpfloat (oy[1], ==, 4);
  /* A bad range copies the input. */
  g_assert_cmpuint (rlx_decimate_minmax (x, y, 3, 1, 1, 100, ox, oy), ==, 3);
  g_assert_cmpuint (rlx_decimate_minmax (x, y, 0, 0, 2, 100, ox, oy), ==, 0);
}

/* Data-space decimation of sorted data against a brute force over the same columns. */
static void
test_decimate_sorted (void)
{
  enum { N = 20000, COLS = 137 };
  g_autofree double *x = g_new (double, N);
  g_autofree double *y = g_new (double, N);
  g_autofree gsize *idx = g_new (gsize, 2 * COLS);
  guint32 seed = 7;
  double lo = 0.13, hi = 0.87;
  gsize before, after;
  guint k, c_seen = 0;

  for (gsize i = 0; i < N; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      x[i] = (double) i / N;
      y[i] = sin (30 * x[i]) + ((seed >> 8) / 16777216.0 - 0.5);
    }
  k = rlx_decimate_sorted (x, y, N, lo, hi, FALSE, COLS, idx, &before, &after);
  g_assert_cmpuint (k, ==, COLS);
  g_assert_cmpfloat (x[before], <, lo);
  g_assert_cmpfloat (x[before + 1], >=, lo);
  g_assert_cmpfloat (x[after], >, hi);
  g_assert_cmpfloat (x[after - 1], <=, hi);

  /* Column c holds the points with floor((x − lo) / (hi − lo) · COLS) == c. */
  for (guint c = 0; c < COLS; c++)
    {
      double ymin = INFINITY, ymax = -INFINITY;
      gsize a = idx[2 * c], b = idx[2 * c + 1];

      g_assert_cmpuint (a, <=, b);
      for (gsize i = before + 1; i < after; i++)
        {
          double f = (x[i] - lo) / (hi - lo) * COLS;
          guint col = (guint) MIN (floor (f), COLS - 1);

          /* Points on a column edge may fall either way by rounding; skip them. */
          if (fabs (f - round (f)) < 1e-9)
            continue;
          if (col == c)
            {
              ymin = MIN (ymin, y[i]);
              ymax = MAX (ymax, y[i]);
            }
        }
      g_assert_cmpfloat (MIN (y[a], y[b]), <=, ymin);
      g_assert_cmpfloat (MAX (y[a], y[b]), >=, ymax);
      g_assert_true (MIN (y[a], y[b]) == ymin || MAX (y[a], y[b]) == ymax);
      if (c > 0)
        g_assert_cmpuint (a, >, idx[2 * c - 1]);
      c_seen++;
    }
  g_assert_cmpuint (c_seen, ==, COLS);

  /* A log axis: columns equal in log10 x; nothing before a range that starts at the data. */
  for (gsize i = 0; i < N; i++)
    x[i] = pow (10.0, -2.0 + 4.0 * i / (N - 1));
  k = rlx_decimate_sorted (x, y, N, 1e-2, 1e2, TRUE, 4, idx, &before, &after);
  g_assert_cmpuint (k, ==, 4);
  g_assert_cmpuint (before, ==, G_MAXSIZE);
  g_assert_cmpuint (after, ==, G_MAXSIZE);
  /* Each decade is one column of N/4 points. */
  g_assert_cmpfloat (x[idx[2]], >=, 0.1 * (1 - 1e-12));
  g_assert_cmpfloat (x[idx[1]], <, 0.1 * (1 + 1e-12));

  /* Nothing usable: empty range, non-positive lower limit on a log axis. */
  g_assert_cmpuint (rlx_decimate_sorted (x, y, N, 1, 1, FALSE, 10, idx, &before, &after), ==, 0);
  g_assert_cmpuint (rlx_decimate_sorted (x, y, N, -1, 1, TRUE, 10, idx, &before, &after), ==, 0);
}

static void
test_simplify (void)
{
  /* A straight run keeps its ends; a corner stays; a NaN break stays and splits the runs. */
  double x[] = { 0, 1, 2, 3, 4, 5, 5, 5, NAN, 7, 8, 9 };
  double y[] = { 0, 0.01, 0, -0.01, 0, 0, 1, 2, NAN, 0, 0.5, 0 };
  double ox[12], oy[12];
  gsize k = rlx_simplify_polyline (x, y, 12, 0.05, ox, oy);
  static const double ex[] = { 0, 5, 5, NAN, 7, 8, 9 };
  static const double ey[] = { 0, 0, 2, NAN, 0, 0.5, 0 };

  g_assert_cmpuint (k, ==, G_N_ELEMENTS (ex));
  for (gsize i = 0; i < k; i++)
    {
      if (isnan (ex[i]))
        {
          g_assert_true (isnan (ox[i]) && isnan (oy[i]));
          continue;
        }
      g_assert_cmpfloat (ox[i], ==, ex[i]);
      g_assert_cmpfloat (oy[i], ==, ey[i]);
    }

  /* A line that turns back on itself keeps its turning point, though it is on the line. */
  {
    double bx[] = { 0, 10, 4 }, by[] = { 0, 0, 0 };

    g_assert_cmpuint (rlx_simplify_polyline (bx, by, 3, 0.1, ox, oy), ==, 3);
  }

  /* Every dropped point of a noisy sine is within the tolerance of the kept polyline. */
  {
    enum { M = 2000 };
    g_autofree double *sx = g_new (double, M);
    g_autofree double *sy = g_new (double, M);
    g_autofree double *kx = g_new (double, M);
    g_autofree double *ky = g_new (double, M);
    gsize n, j = 0;

    for (gsize i = 0; i < M; i++)
      {
        sx[i] = i * 0.5;
        sy[i] = 100 * sin (i * 0.003) + 0.02 * sin (i * 1.7);
      }
    n = rlx_simplify_polyline (sx, sy, M, 0.2, kx, ky);
    g_assert_cmpuint (n, <, M / 4);
    for (gsize i = 0; i < M; i++)
      {
        double t, d;

        while (j + 1 < n && kx[j + 1] < sx[i])
          j++;
        if (j + 1 >= n)
          break;
        t = (sx[i] - kx[j]) / (kx[j + 1] - kx[j]);
        d = fabs (sy[i] - (ky[j] + t * (ky[j + 1] - ky[j])));
        g_assert_cmpfloat (d, <=, 0.2 * 1.5);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relaxun/plot/clip/segment", test_clip_segment);
  g_test_add_func ("/relaxun/plot/clip/polygon", test_clip_polygon);
  g_test_add_func ("/relaxun/plot/decimate/minmax", test_decimate);
  g_test_add_func ("/relaxun/plot/decimate/order-and-breaks", test_decimate_order_and_breaks);
  g_test_add_func ("/relaxun/plot/decimate/short", test_decimate_short);
  g_test_add_func ("/relaxun/plot/decimate/sorted", test_decimate_sorted);
  g_test_add_func ("/relaxun/plot/simplify", test_simplify);
  return g_test_run ();
}

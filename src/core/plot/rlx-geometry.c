/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-plot"

#include "config.h"

#include "rlx-geometry.h"

#include <math.h>

gboolean
rlx_clip_segment (const RlxBox *box,
                  double       *x0,
                  double       *y0,
                  double       *x1,
                  double       *y1)
{
  double dx = *x1 - *x0;
  double dy = *y1 - *y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - box->x0, box->x1 - *x0, *y0 - box->y0, box->y1 - *y0 };
  double t0 = 0.0, t1 = 1.0;

  if (!isfinite (*x0) || !isfinite (*y0) || !isfinite (*x1) || !isfinite (*y1))
    return FALSE;

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0.0)
        {
          if (q[i] < 0.0)
            return FALSE;
          continue;
        }
      {
        double r = q[i] / p[i];

        if (p[i] < 0.0)
          {
            if (r > t1)
              return FALSE;
            if (r > t0)
              t0 = r;
          }
        else
          {
            if (r < t0)
              return FALSE;
            if (r < t1)
              t1 = r;
          }
      }
    }

  {
    double ax = *x0, ay = *y0;

    if (t1 < 1.0)
      {
        *x1 = ax + t1 * dx;
        *y1 = ay + t1 * dy;
      }
    if (t0 > 0.0)
      {
        *x0 = ax + t0 * dx;
        *y0 = ay + t0 * dy;
      }
  }
  return TRUE;
}

typedef enum { EDGE_LEFT, EDGE_RIGHT, EDGE_BOTTOM, EDGE_TOP } Edge;

static gboolean
inside (const RlxBox *box,
        Edge          edge,
        double        x,
        double        y)
{
  switch (edge)
    {
    case EDGE_LEFT:   return x >= box->x0;
    case EDGE_RIGHT:  return x <= box->x1;
    case EDGE_BOTTOM: return y >= box->y0;
    case EDGE_TOP:    return y <= box->y1;
    default:          return TRUE;
    }
}

static void
intersect (const RlxBox *box,
           Edge          edge,
           double ax, double ay, double bx, double by,
           double *ox, double *oy)
{
  double t;

  switch (edge)
    {
    case EDGE_LEFT:
    case EDGE_RIGHT:
      {
        double xe = edge == EDGE_LEFT ? box->x0 : box->x1;
        t = (xe - ax) / (bx - ax);
        *ox = xe;
        *oy = ay + t * (by - ay);
      }
      break;
    case EDGE_BOTTOM:
    case EDGE_TOP:
    default:
      {
        double ye = edge == EDGE_BOTTOM ? box->y0 : box->y1;
        t = (ye - ay) / (by - ay);
        *ox = ax + t * (bx - ax);
        *oy = ye;
      }
      break;
    }
}

gsize
rlx_clip_polygon (const RlxBox *box,
                  const double *x,
                  const double *y,
                  gsize         n,
                  double       *out_x,
                  double       *out_y)
{
  gsize cap = 2 * n + 4;
  g_autofree double *ax = g_new (double, cap);
  g_autofree double *ay = g_new (double, cap);
  g_autofree double *bx = g_new (double, cap);
  g_autofree double *by = g_new (double, cap);
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (x[i]) && isfinite (y[i]))
      {
        ax[m] = x[i];
        ay[m] = y[i];
        m++;
      }

  for (int e = EDGE_LEFT; e <= EDGE_TOP && m > 0; e++)
    {
      gsize k = 0;

      for (gsize i = 0; i < m; i++)
        {
          double cx = ax[i], cy = ay[i];
          double px = ax[(i + m - 1) % m], py = ay[(i + m - 1) % m];
          gboolean cin = inside (box, e, cx, cy);
          gboolean pin = inside (box, e, px, py);

          if (cin)
            {
              if (!pin && k < cap)
                {
                  intersect (box, e, px, py, cx, cy, &bx[k], &by[k]);
                  k++;
                }
              if (k < cap)
                {
                  bx[k] = cx;
                  by[k] = cy;
                  k++;
                }
            }
          else if (pin && k < cap)
            {
              intersect (box, e, px, py, cx, cy, &bx[k], &by[k]);
              k++;
            }
        }
      for (gsize i = 0; i < k; i++)
        {
          ax[i] = bx[i];
          ay[i] = by[i];
        }
      m = k;
    }

  for (gsize i = 0; i < m; i++)
    {
      out_x[i] = ax[i];
      out_y[i] = ay[i];
    }
  return m;
}

/* Emits the kept points of one column run in index order, without repeats. */
static gsize
flush_run (const double *x,
           const double *y,
           gsize         first,
           gsize         last,
           gsize         imin,
           gsize         imax,
           double       *out_x,
           double       *out_y,
           gsize         k)
{
  gsize idx[4] = { first, MIN (imin, imax), MAX (imin, imax), last };
  gsize prev = G_MAXSIZE;

  for (int j = 0; j < 4; j++)
    {
      if (idx[j] == prev)
        continue;
      out_x[k] = x[idx[j]];
      out_y[k] = y[idx[j]];
      k++;
      prev = idx[j];
    }
  return k;
}

gsize
rlx_decimate_minmax (const double *x,
                     const double *y,
                     gsize         n,
                     double        x_lo,
                     double        x_hi,
                     guint         n_columns,
                     double       *out_x,
                     double       *out_y)
{
  double scale;
  gsize k = 0;
  gboolean in_run = FALSE;
  gint64 column = 0;
  gsize first = 0, last = 0, imin = 0, imax = 0;

  if (n == 0)
    return 0;
  if (n_columns == 0 || !(x_hi > x_lo) || !isfinite (x_hi - x_lo))
    {
      for (gsize i = 0; i < n; i++)
        {
          out_x[i] = x[i];
          out_y[i] = y[i];
        }
      return n;
    }
  scale = n_columns / (x_hi - x_lo);

  for (gsize i = 0; i < n; i++)
    {
      gint64 c;

      if (!isfinite (x[i]) || !isfinite (y[i]))
        {
          if (in_run)
            k = flush_run (x, y, first, last, imin, imax, out_x, out_y, k);
          in_run = FALSE;
          /* One break is enough; a run of non-finite points stays one break. */
          if (k > 0 && isfinite (out_x[k - 1]) && isfinite (out_y[k - 1]))
            {
              out_x[k] = NAN;
              out_y[k] = NAN;
              k++;
            }
          continue;
        }

      c = (gint64) floor ((x[i] - x_lo) * scale);
      if (in_run && c == column)
        {
          last = i;
          if (y[i] < y[imin])
            imin = i;
          if (y[i] > y[imax])
            imax = i;
          continue;
        }
      if (in_run)
        k = flush_run (x, y, first, last, imin, imax, out_x, out_y, k);
      in_run = TRUE;
      column = c;
      first = last = imin = imax = i;
    }
  if (in_run)
    k = flush_run (x, y, first, last, imin, imax, out_x, out_y, k);

  return k;
}

/* The first index in [from, to) whose x is at least v (to if none). */
static gsize
lower_bound (const double *x,
             gsize         from,
             gsize         to,
             double        v)
{
  while (from < to)
    {
      gsize mid = from + (to - from) / 2;

      if (x[mid] < v)
        from = mid + 1;
      else
        to = mid;
    }
  return from;
}

guint
rlx_decimate_sorted (const double *x,
                     const double *y,
                     gsize         n,
                     double        x_lo,
                     double        x_hi,
                     gboolean      log_x,
                     guint         n_columns,
                     gsize        *out,
                     gsize        *before,
                     gsize        *after)
{
  guint k = 0;
  gsize start, end, i;
  double a, b;

  *before = *after = G_MAXSIZE;
  if (n == 0 || n_columns == 0 || !(x_hi > x_lo) || (log_x && !(x_lo > 0)))
    return 0;
  a = log_x ? log10 (x_lo) : x_lo;
  b = log_x ? log10 (x_hi) : x_hi;

  start = lower_bound (x, 0, n, x_lo);
  end = lower_bound (x, start, n, nextafter (x_hi, INFINITY));
  if (start > 0)
    *before = start - 1;
  if (end < n)
    *after = end;

  i = start;
  for (guint c = 0; c < n_columns && i < end; c++)
    {
      gsize j, imin, imax;
      double ymin, ymax;

      if (c + 1 == n_columns)
        j = end;
      else
        {
          double t = a + (b - a) * (c + 1) / n_columns;

          j = lower_bound (x, i, end, log_x ? pow (10.0, t) : t);
        }
      if (j == i)
        continue;

      imin = imax = i;
      ymin = ymax = y[i];
      for (gsize m = i + 1; m < j; m++)
        {
          if (y[m] < ymin)
            {
              ymin = y[m];
              imin = m;
            }
          else if (y[m] > ymax)
            {
              ymax = y[m];
              imax = m;
            }
        }
      out[2 * k] = MIN (imin, imax);
      out[2 * k + 1] = MAX (imin, imax);
      k++;
      i = j;
    }
  return k;
}

/* Marks the points of the finite run [first, last] to keep; an explicit stack, since a run can
 * be 10⁴ points long. */
static void
simplify_run (const double *x,
              const double *y,
              gsize         first,
              gsize         last,
              double        tol2,
              guint8       *keep,
              GArray       *stack)
{
  keep[first] = keep[last] = 1;
  g_array_set_size (stack, 0);
  g_array_append_val (stack, first);
  g_array_append_val (stack, last);
  while (stack->len > 0)
    {
      gsize b = g_array_index (stack, gsize, stack->len - 1);
      gsize a = g_array_index (stack, gsize, stack->len - 2);
      double dx = x[b] - x[a], dy = y[b] - y[a], len2 = dx * dx + dy * dy;
      double worst = -1.0;
      gsize at = a;

      g_array_set_size (stack, stack->len - 2);
      for (gsize i = a + 1; i < b; i++)
        {
          double ex = x[i] - x[a], ey = y[i] - y[a], d2;

          if (len2 > 0)
            {
              double cross = ex * dy - ey * dx;
              double t = (ex * dx + ey * dy) / len2;

              /* Beyond the ends the distance is to the end point: a line that turns back on
               * itself keeps its turning point. */
              if (t < 0)
                d2 = ex * ex + ey * ey;
              else if (t > 1)
                d2 = (x[i] - x[b]) * (x[i] - x[b]) + (y[i] - y[b]) * (y[i] - y[b]);
              else
                d2 = cross * cross / len2;
            }
          else
            d2 = ex * ex + ey * ey;
          if (d2 > worst)
            {
              worst = d2;
              at = i;
            }
        }
      if (worst > tol2)
        {
          keep[at] = 1;
          g_array_append_val (stack, a);
          g_array_append_val (stack, at);
          g_array_append_val (stack, at);
          g_array_append_val (stack, b);
        }
    }
}

gsize
rlx_simplify_polyline (const double *x,
                       const double *y,
                       gsize         n,
                       double        tolerance,
                       double       *out_x,
                       double       *out_y)
{
  g_autofree guint8 *keep = g_new0 (guint8, n > 0 ? n : 1);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize k = 0, i = 0;
  double tol2 = tolerance * tolerance;

  while (i < n)
    {
      gsize j;

      if (!isfinite (x[i]) || !isfinite (y[i]))
        {
          keep[i++] = 1;
          continue;
        }
      for (j = i; j + 1 < n && isfinite (x[j + 1]) && isfinite (y[j + 1]); j++)
        ;
      simplify_run (x, y, i, j, tol2, keep, stack);
      i = j + 1;
    }
  for (i = 0; i < n; i++)
    if (keep[i])
      {
        out_x[k] = x[i];
        out_y[k] = y[i];
        k++;
      }
  return k;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-peak-metrics.h"

#include "rlx-debye.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <string.h>

#include "rlx-core.h"
#include "rlx-signal.h"

#define R RLX_GAS_CONSTANT

/* Half-maximum crossing walking from index top in direction dir (−1 or +1); NAN when the
   walk leaves the used points before the curve drops below level. */
static double
find_crossing (const double   *t,
               const double   *y,
               const gboolean *use,
               gsize           n,
               gsize           top,
               int             dir,
               double          level)
{
  gsize i = top;

  for (;;)
    {
      gsize next;

      if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= n))
        return NAN;
      next = dir < 0 ? i - 1 : i + 1;
      if (use != NULL && !use[next])
        return NAN;
      if (y[next] < level)
        return t[i] + (t[next] - t[i]) * (y[i] - level) / (y[i] - y[next]);
      i = next;
    }
}

gboolean
rlx_peak_metrics_compute (const double    *t,
                          const double    *y,
                          const gboolean  *use,
                          gsize            n,
                          double           rate,
                          RlxPeakMetrics  *m,
                          GError         **error)
{
  g_autofree double *ys = NULL;
  g_autofree double *slope = NULL;
  gsize top = 0, n_used = 0;
  double best = -INFINITY, step, lo0, hi0, fwhm0;
  guint sg_half;

  for (gsize i = 0; i < sizeof (*m) / sizeof (double); i++)
    ((double *) m)[i] = NAN;

  if (n < 5)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PEAK,
                   "The peak has only %" G_GSIZE_FORMAT " points; widen the window.", n);
      return FALSE;
    }
  step = (t[n - 1] - t[0]) / (double) (n - 1);

  /* The top is located on a lightly smoothed copy so that a noise spike cannot be the peak;
     everything measured afterwards uses the data itself. */
  ys = g_new (double, n);
  sg_half = (guint) CLAMP (n / 200, 2, 25);
  if (n < 2 * sg_half + 1 || !rlx_signal_savitzky_golay (y, n, sg_half, 2, ys, NULL))
    memcpy (ys, y, n * sizeof (double));

  for (gsize i = 0; i < n; i++)
    if (use == NULL || use[i])
      {
        n_used++;
        if (ys[i] > best)
          {
            best = ys[i];
            top = i;
          }
      }
  {
    double scale = 0;
    for (gsize i = 0; i < n; i++)
      if (use == NULL || use[i])
        scale = MAX (scale, fabs (y[i]));
    /* rounding noise of the smoother on a flat or negative curve is not a peak */
    if (!(best > 1e-9 * scale))
      best = -INFINITY;
  }
  if (n_used < 5 || !(best > 0))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_PEAK,
                   "There is no positive peak in the window (%.1f–%.1f K): check the baseline "
                   "ranges, the window and the reference.", t[0], t[n - 1]);
      return FALSE;
    }

  lo0 = find_crossing (t, ys, use, n, top, -1, 0.5 * best);
  hi0 = find_crossing (t, ys, use, n, top, +1, 0.5 * best);
  fwhm0 = isfinite (lo0) && isfinite (hi0) ? hi0 - lo0 :
          isfinite (lo0) ? 2 * (t[top] - lo0) : isfinite (hi0) ? 2 * (hi0 - t[top]) : 10 * step;

  /* Local cubic through the top, ±0.2·FWHM: a parabola would be pulled by the skew of a Debye
     peak (≈ 0.02·R·Tp²/E); the cubic term absorbs most of it (what is left is < 0.001·R·Tp²/E)
     and the wide reach averages the noise. */
  {
    enum { DEG = 3 };
    double reach = MAX (3.01 * step, 0.2 * fwhm0);
    double tc = t[top];
    gsize count = 0, k = 0;

    m->tp = tc;
    m->height = y[top];
    for (gsize i = 0; i < n; i++)
      if (fabs (t[i] - tc) <= reach && (use == NULL || use[i]))
        count++;
    if (count >= 2 * (DEG + 1))
      {
        gsl_matrix *x = gsl_matrix_alloc (count, DEG + 1);
        gsl_vector *yy = gsl_vector_alloc (count);
        gsl_vector *c = gsl_vector_alloc (DEG + 1);
        gsl_matrix *cov = gsl_matrix_alloc (DEG + 1, DEG + 1);
        gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc (count, DEG + 1);
        double chisq;

        for (gsize i = 0; i < n; i++)
          if (fabs (t[i] - tc) <= reach && (use == NULL || use[i]))
            {
              double u = (t[i] - tc) / reach, p = 1;
              for (guint j = 0; j <= DEG; j++, p *= u)
                gsl_matrix_set (x, k, j, p);
              gsl_vector_set (yy, k, y[i]);
              k++;
            }
        if (gsl_multifit_linear (x, yy, c, cov, &chisq, work) == GSL_SUCCESS)
          {
            double a[DEG + 1], best_u = 0, best_v = -INFINITY;

            for (guint j = 0; j <= DEG; j++)
              a[j] = gsl_vector_get (c, j);
            /* coarse scan for the maximum, then Newton on p′(u) = 0 */
            for (int i = -100; i <= 100; i++)
              {
                double u = i / 100.0, v = 0;
                for (int j = DEG; j >= 0; j--)
                  v = v * u + a[j];
                if (v > best_v)
                  {
                    best_v = v;
                    best_u = u;
                  }
              }
            for (guint it = 0; it < 30; it++)
              {
                double d1 = 0, d2 = 0, u = best_u, step_u;
                for (int j = DEG; j >= 1; j--)
                  d1 = d1 * u + j * a[j];
                for (int j = DEG; j >= 2; j--)
                  d2 = d2 * u + j * (j - 1) * a[j];
                if (!(d2 < 0))
                  break;
                step_u = -d1 / d2;
                best_u = CLAMP (u + step_u, -1.0, 1.0);
                if (fabs (step_u) < 1e-12)
                  break;
              }
            if (fabs (best_u) < 1)
              {
                double v = 0;
                for (int j = DEG; j >= 0; j--)
                  v = v * best_u + a[j];
                m->tp = tc + best_u * reach;
                m->height = v;
              }
          }
        gsl_multifit_linear_free (work);
        gsl_matrix_free (x);
        gsl_matrix_free (cov);
        gsl_vector_free (yy);
        gsl_vector_free (c);
      }
  }

  /* Walking out from the top, the first noisy point below half height would come early and
     bias the width low; the crossings are searched on a cubic Savitzky–Golay copy over
     ±0.05·FWHM, which leaves an exact curve unchanged to < 0.001 K. */
  {
    g_autofree double *yc = g_new (double, n);
    guint half_cross = (guint) CLAMP (round (0.05 * fwhm0 / step), 2, 200);

    if (n < 2 * half_cross + 1 || !rlx_signal_savitzky_golay (y, n, half_cross, 3, yc, NULL))
      memcpy (yc, y, n * sizeof (double));
    m->t_half_low = find_crossing (t, yc, use, n, top, -1, 0.5 * m->height);
    m->t_half_high = find_crossing (t, yc, use, n, top, +1, 0.5 * m->height);
  }
  m->half_low = m->tp - m->t_half_low;
  m->half_high = m->t_half_high - m->tp;
  m->fwhm = m->t_half_high - m->t_half_low;

  m->area = 0;
  for (gsize i = 1; i < n; i++)
    if (use == NULL || (use[i] && use[i - 1]))
      m->area += 0.5 * (y[i] + y[i - 1]) * (t[i] - t[i - 1]);
  m->delta_h = isfinite (rate) ? (rate > 0 ? m->area / rate : NAN) : m->area;

  /* Onset: tangent at the steepest point of the rising flank (smoothed), met with zero. */
  slope = g_new (double, n);
  rlx_signal_derivative (t, ys, n, sg_half, slope);
  {
    double steepest = 0;
    gsize at = top;
    double from = isfinite (m->t_half_low) ? m->t_half_low - m->fwhm : t[0];

    for (gsize i = top; i-- > 0;)
      {
        if ((use != NULL && !use[i]) || t[i] < from)
          break;
        if (slope[i] > steepest)
          {
            steepest = slope[i];
            at = i;
          }
      }
    if (steepest > 0 && at < top)
      m->onset = t[at] - ys[at] / steepest;
  }

  m->e_fwhm = rlx_debye_energy_from_fwhm (m->tp, m->fwhm);
  m->e_high = rlx_debye_energy_from_high_half (m->tp, m->half_high);
  m->e_low = rlx_debye_energy_from_low_half (m->tp, m->half_low);
  m->width_ratio = m->fwhm / rlx_debye_fwhm (m->tp, m->e_high);
  return TRUE;
}

static const struct
{
  const char *name;
  gsize       offset;
} fields[] = {
  { "tp", G_STRUCT_OFFSET (RlxPeakMetrics, tp) },
  { "height", G_STRUCT_OFFSET (RlxPeakMetrics, height) },
  { "t_half_low", G_STRUCT_OFFSET (RlxPeakMetrics, t_half_low) },
  { "t_half_high", G_STRUCT_OFFSET (RlxPeakMetrics, t_half_high) },
  { "fwhm", G_STRUCT_OFFSET (RlxPeakMetrics, fwhm) },
  { "half_low", G_STRUCT_OFFSET (RlxPeakMetrics, half_low) },
  { "half_high", G_STRUCT_OFFSET (RlxPeakMetrics, half_high) },
  { "area", G_STRUCT_OFFSET (RlxPeakMetrics, area) },
  { "delta_h", G_STRUCT_OFFSET (RlxPeakMetrics, delta_h) },
  { "onset", G_STRUCT_OFFSET (RlxPeakMetrics, onset) },
  { "e_fwhm", G_STRUCT_OFFSET (RlxPeakMetrics, e_fwhm) },
  { "e_high", G_STRUCT_OFFSET (RlxPeakMetrics, e_high) },
  { "e_low", G_STRUCT_OFFSET (RlxPeakMetrics, e_low) },
  { "width_ratio", G_STRUCT_OFFSET (RlxPeakMetrics, width_ratio) },
};

JsonNode *
rlx_peak_metrics_to_json (const RlxPeakMetrics *metrics)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      double v = G_STRUCT_MEMBER (double, metrics, fields[i].offset);

      if (isfinite (v))
        json_object_set_double_member (object, fields[i].name, v);
      else
        json_object_set_null_member (object, fields[i].name);
    }
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

void
rlx_peak_metrics_from_json (JsonObject     *object,
                            RlxPeakMetrics *metrics)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *node = object ? json_object_get_member (object, fields[i].name) : NULL;
      double v = NAN;

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        v = json_node_get_double (node);
      G_STRUCT_MEMBER (double, metrics, fields[i].offset) = v;
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-models"

#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-dma.h"
#include "rlx-model.h"
#include "rlx-model-private.h"

#define R RLX_GAS_CONSTANT

typedef struct
{
  gsize   n;
  double *x;    /* sorted ascending */
  double *t;    /* temperature of x */
  double *y;    /* data minus the end-to-end line, smoothed, per kelvin for DSC */
  double *raw;  /* the same, not smoothed */
  double  line_at_ref;
  double  line_slope;
  double  x_ref;
} Prepared;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const double *pa = a, *pb = b;
  return (pa[0] > pb[0]) - (pa[0] < pb[0]);
}

static void
prepared_clear (Prepared *p)
{
  g_free (p->x);
  g_free (p->t);
  g_free (p->y);
  g_free (p->raw);
}

static gboolean
prepare (const RlxModel *model,
         const double   *x,
         const double   *y,
         gsize           n,
         gboolean        subtract_line,
         Prepared       *p,
         GError        **error)
{
  g_autofree double *pairs = NULL;
  double *raw;
  gboolean sorted = TRUE;
  gsize m = 0, edge, half;
  double xl = 0, yl = 0, xr = 0, yr = 0, scale = rlx_model_signal_scale (model);

  pairs = g_new (double, 2 * n);
  for (gsize i = 0; i < n; i++)
    if (isfinite (x[i]) && isfinite (y[i]))
      {
        pairs[2 * m] = x[i];
        pairs[2 * m + 1] = y[i];
        if (m > 0 && x[i] < pairs[2 * (m - 1)])
          sorted = FALSE;
        m++;
      }
  if (m < 5)
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_DATA,
                   "Only %" G_GSIZE_FORMAT " usable data points; a starting guess needs at least 5.", m);
      return FALSE;
    }
  if (!sorted)
    qsort (pairs, m, 2 * sizeof (double), compare_pairs);

  p->n = m;
  p->x = g_new (double, m);
  p->t = g_new (double, m);
  p->y = g_new (double, m);
  p->raw = raw = g_new (double, m);

  edge = MAX (m / 20, 1);
  for (gsize i = 0; i < edge; i++)
    {
      xl += pairs[2 * i];
      yl += pairs[2 * i + 1];
      xr += pairs[2 * (m - 1 - i)];
      yr += pairs[2 * (m - 1 - i) + 1];
    }
  xl /= edge; yl /= edge; xr /= edge; yr /= edge;
  p->x_ref = 0.5 * (pairs[0] + pairs[2 * (m - 1)]);
  p->line_slope = (subtract_line && xr > xl) ? (yr - yl) / (xr - xl) : 0.0;
  p->line_at_ref = subtract_line ? yl + p->line_slope * (p->x_ref - xl) : 0.0;

  for (gsize i = 0; i < m; i++)
    {
      p->x[i] = pairs[2 * i];
      p->t[i] = rlx_model_x_to_temperature (model, p->x[i]);
      raw[i] = (pairs[2 * i + 1] - p->line_at_ref - p->line_slope * (p->x[i] - p->x_ref)) / scale;
    }

  /* A short moving average is enough to find a peak and its half widths in noisy data; the
     estimates are then refined on the raw points. */
  half = MIN (MAX (m / 200, 1), 25);
  for (gsize i = 0; i < m; i++)
    {
      gsize lo = i >= half ? i - half : 0, hi = MIN (i + half, m - 1);
      double s = 0.0;
      for (gsize k = lo; k <= hi; k++)
        s += raw[k];
      p->y[i] = s / (double) (hi - lo + 1);
      /* inside, slide the window instead of summing it again */
      while (i + 1 < m && i + 1 >= half + 1 && i + 1 + half <= m - 1)
        {
          s += raw[i + 1 + half] - raw[i - half];
          i++;
          p->y[i] = s / (double) (2 * half + 1);
        }
    }
  return TRUE;
}

static gsize
argmax_abs (const double *y,
            gsize         n)
{
  gsize best = 0;
  for (gsize i = 1; i < n; i++)
    if (fabs (y[i]) > fabs (y[best]))
      best = i;
  return best;
}

/* Half-maximum crossings (in temperature) on either side of ipk; NAN when not reached. */
static void
half_widths (const double *t,
             const double *y,
             gsize         n,
             gsize         ipk,
             double       *t_left,
             double       *t_right)
{
  double half = 0.5 * y[ipk];

  *t_left = *t_right = NAN;
  for (gsize i = ipk; i > 0; i--)
    if (fabs (y[i - 1]) <= fabs (half))
      {
        double fr = (y[i] - half) / (y[i] - y[i - 1]);
        *t_left = t[i] - fr * (t[i] - t[i - 1]);
        break;
      }
  for (gsize i = ipk; i + 1 < n; i++)
    if (fabs (y[i + 1]) <= fabs (half))
      {
        double fr = (y[i] - half) / (y[i] - y[i + 1]);
        *t_right = t[i] + fr * (t[i + 1] - t[i]);
        break;
      }
}

static double
clamp (double v, double lo, double hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Refines the top of a peak: a cubic least-squares fit of ln(sign·y) over |t − tc| ≤ h of the
 * raw points (a Debye peak's logarithm is nearly cubic there, science.md §2.6: ln f ≈ −1 − y²/2
 * − y³/6 in reduced units) gives the maximum's position and height to a small fraction of the
 * noise of single points. FALSE, leaving the outputs alone, when the window has too few usable
 * points or the fit has no maximum near tc.
 */
static gboolean
refine_top (const double *t,
            const double *y,
            gsize         n,
            double        sign,
            double        tc,
            double        h,
            double       *t_max,
            double       *y_max)
{
  double ata[16] = { 0 }, atb[4] = { 0 }, c[4], z;
  gsize used = 0;
  gsl_matrix_view a = gsl_matrix_view_array (ata, 4, 4);
  gsl_vector_view b = gsl_vector_view_array (atb, 4);
  gsl_vector_view cv = gsl_vector_view_array (c, 4);
  gsl_permutation *perm;
  int signum, status;

  if (!(h > 0.0))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      double zi = (t[i] - tc) / h, v = sign * y[i], pw[4];

      if (zi < -1.0 || zi > 1.0)
        continue;
      if (!(v > 0.0))
        return FALSE;
      pw[0] = 1.0;
      for (int k = 1; k < 4; k++)
        pw[k] = pw[k - 1] * zi;
      for (int r = 0; r < 4; r++)
        {
          for (int q = 0; q < 4; q++)
            ata[4 * r + q] += pw[r] * pw[q];
          atb[r] += pw[r] * log (v);
        }
      used++;
    }
  if (used < 12)
    return FALSE;
  perm = gsl_permutation_alloc (4);
  status = gsl_linalg_LU_decomp (&a.matrix, perm, &signum);
  if (status == GSL_SUCCESS)
    status = gsl_linalg_LU_solve (&a.matrix, perm, &b.vector, &cv.vector);
  gsl_permutation_free (perm);
  if (status != GSL_SUCCESS || !(c[2] < 0.0))
    return FALSE;

  /* the maximum: root of c1 + 2·c2·z + 3·c3·z² next to z = 0, by Newton from the parabola's */
  z = -c[1] / (2.0 * c[2]);
  for (int it = 0; it < 20 && fabs (z) < 2.0; it++)
    {
      double d1 = c[1] + 2.0 * c[2] * z + 3.0 * c[3] * z * z, d2 = 2.0 * c[2] + 6.0 * c[3] * z;
      if (!(d2 < 0.0))
        return FALSE;
      z -= d1 / d2;
    }
  if (!(fabs (z) <= 0.5))
    return FALSE;
  *t_max = tc + z * h;
  *y_max = sign * exp (c[0] + z * (c[1] + z * (c[2] + z * c[3])));
  return TRUE;
}

/* Where a straight least-squares line through the raw points within ±h of tc reaches level;
   NAN when the window has too few points or the line is flat. */
static double
refine_crossing (const double *t,
                 const double *y,
                 gsize         n,
                 double        tc,
                 double        h,
                 double        level)
{
  double s0 = 0, s1 = 0, s2 = 0, sy = 0, sty = 0, det, a, slope;

  for (gsize i = 0; i < n; i++)
    {
      double d = t[i] - tc;
      if (fabs (d) > h)
        continue;
      s0 += 1.0;
      s1 += d;
      s2 += d * d;
      sy += y[i];
      sty += d * y[i];
    }
  det = s0 * s2 - s1 * s1;
  if (s0 < 4.0 || !(det > 0.0))
    return NAN;
  a = (s2 * sy - s1 * sty) / det;
  slope = (s0 * sty - s1 * sy) / det;
  if (slope == 0.0)
    return NAN;
  return tc + (level - a) / slope;
}

/*
 * E from the full width at half maximum W of a Debye peak at Tp: W·E/(R·Tp²) as a function of
 * 1/u_p = R·Tp/E (the table of science.md §2.6 and its Gumbel limit 2.4464), interpolated
 * linearly and solved by fixed-point iteration. Unlike the one-sided widths this does not
 * depend on where exactly the maximum is, which noise blurs most.
 */
static double
energy_from_fwhm (double w,
                  double tp)
{
  static const double inv_u[] = { 0.0, 1.0 / 200, 1.0 / 100, 1.0 / 50, 1.0 / 30, 1.0 / 20, 1.0 / 15, 1.0 / 10 };
  static const double ratio[] = { 2.4464, 2.4295, 2.4130, 2.3811, 2.3410, 2.2940, 2.2503, 2.1713 };
  double e = rlx_debye_energy_from_fwhm (tp, w);

  for (int it = 0; it < 4 && e > 0.0; it++)
    {
      double v = R * tp / e, c;
      guint k = 1;

      while (k + 1 < G_N_ELEMENTS (inv_u) && v > inv_u[k])
        k++;
      c = ratio[k - 1] + (ratio[k] - ratio[k - 1]) * (v - inv_u[k - 1]) / (inv_u[k] - inv_u[k - 1]);
      e = c * R * tp * tp / w;
    }
  return e;
}

/*
 * Debye peak: position and height from the smoothed data, refined on the raw points; E from the
 * half widths (science.md §2.6), Q from the height. On 1 % noise this puts E within a few
 * tenths of a percent, so the fit needs only a few iterations.
 */
static void
guess_debye_peak (const Prepared *p,
                  const double   *y,
                  const double   *raw,
                  double         *q,
                  double         *e,
                  double         *tp)
{
  gsize ipk = argmax_abs (y, p->n);
  double tl, tr, t = p->t[ipk], top = y[ipk], sign = y[ipk] < 0.0 ? -1.0 : 1.0;

  half_widths (p->t, y, p->n, ipk, &tl, &tr);
  for (int pass = 0; pass < 2; pass++)
    {
      double w = NAN, t_ref, top_ref;

      if (isfinite (tr) && tr > t)
        w = 2.4 * (tr - t);
      else if (isfinite (tl) && tl < t)
        w = 1.7 * (t - tl);
      /* ±0.7 reduced units about the top, where ln f stays close to a cubic */
      if (!isfinite (w) || !refine_top (p->t, raw, p->n, sign, t, 0.7 * w / 2.45, &t_ref, &top_ref))
        break;
      t = t_ref;
      top = top_ref;
      if (isfinite (tr) && tr > t)
        {
          double c = refine_crossing (p->t, raw, p->n, tr, 0.35 * (tr - t), 0.5 * top);
          if (isfinite (c) && c > t)
            tr = c;
        }
      if (isfinite (tl) && tl < t)
        {
          double c = refine_crossing (p->t, raw, p->n, tl, 0.1 * (t - tl), 0.5 * top);
          if (isfinite (c) && c < t)
            tl = c;
        }
    }

  if (isfinite (tr) && tr > t && isfinite (tl) && tl < t)
    *e = energy_from_fwhm (tr - tl, t);
  else if (isfinite (tr) && tr > t)
    *e = rlx_debye_energy_from_high_half (t, tr - t);
  else if (isfinite (tl) && tl < t)
    *e = rlx_debye_energy_from_low_half (t, t - tl);
  else
    *e = 25.0 * R * t;
  *e = clamp (*e, 8e3, 1.2e6);
  *tp = t;
  *q = top * R * t * t / (*e * 0.39);
}

static void
set_baseline (const RlxModel *model,
              const Prepared *p,
              double         *params)
{
  guint c = model->baseline_first;

  if (model->n_baseline == 0)
    return;
  params[c] = p->line_at_ref;
  if (model->n_baseline > 1)
    params[c + 1] = p->line_slope;
  if (model->n_baseline > 2)
    params[c + 2] = 0.0;
  params[c + model->n_baseline] = p->x_ref;
}

static void
guess_dsc (const RlxModel *model,
           Prepared       *p,
           double         *params)
{
  g_autofree double *work = g_memdup2 (p->y, p->n * sizeof (double));
  g_autofree double *work_raw = g_memdup2 (p->raw, p->n * sizeof (double));

  for (guint j = 0; j < model->n_components; j++)
    {
      double *cp = params + model->n_head + j * model->n_per_comp;
      double q, e, tp;

      guess_debye_peak (p, work, work_raw, &q, &e, &tp);
      cp[0] = q;
      cp[2] = tp;
      if (model->vft)
        {
          double t0 = 0.7 * tp, b = e * (tp - t0) * (tp - t0) / (R * tp * tp);
          cp[1] = b / t0;
          cp[3] = t0;
        }
      else if (model->klass->shape == SHAPE_KWW_HEATING)
        {
          cp[model->role[ROLE_BETA]] = 0.85;
          cp[1] = clamp (e / 0.85, 8e3, 1.4e6);
        }
      else
        cp[1] = e;

      /* Peel the unit off, so the next one is looked for in what is left. */
      for (gsize i = 0; j + 1 < model->n_components && i < p->n; i++)
        {
          double v = model->vft ? rlx_debye_heating_dqdt (p->t[i], q, cp[1] * cp[3], tp, cp[3], NAN)
                                : rlx_debye_heating_dqdt (p->t[i], q, e / R, tp, 0.0, NAN);
          if (isfinite (v))
            {
              work[i] -= v;
              work_raw[i] -= v;
            }
        }
    }

  /* Units in order of Tp, as science.md §2.8 suggests for sums. */
  if (model->n_components > 1)
    for (guint a = 0; a < model->n_components; a++)
      for (guint b = a + 1; b < model->n_components; b++)
        {
          double *pa = params + model->n_head + a * model->n_per_comp;
          double *pb = params + model->n_head + b * model->n_per_comp;
          if (pb[2] < pa[2])
            for (guint k = 0; k < model->n_per_comp; k++)
              {
                double tmp = pa[k];
                pa[k] = pb[k];
                pb[k] = tmp;
              }
        }
}

static void
set_dma_process (const RlxModel *model,
                 double         *cp,
                 double          height,
                 double          t_peak,
                 double          e)
{
  double a = model->role[ROLE_A] >= 0 ? 0.9 : 1.0;
  double b = model->role[ROLE_B] >= 0 ? 0.9 : 1.0;
  double ym, lm;

  rlx_dma_loss_peak (a, b, &ym, &lm, NULL);
  cp[0] = height / lm;
  if (model->role[ROLE_A] >= 0)
    cp[model->role[ROLE_A]] = a;
  if (model->role[ROLE_B] >= 0)
    cp[model->role[ROLE_B]] = b;
  if (model->vft)
    {
      double t0 = 0.7 * t_peak;
      double bb = e * (t_peak - t0) * (t_peak - t0) / (R * t_peak * t_peak);
      cp[1] = bb / t0;
      cp[2] = t0 + bb / (bb / (t_peak - t0) - ym);
      cp[3] = t0;
    }
  else
    {
      cp[1] = e;
      cp[2] = 1.0 / (1.0 / t_peak - ym * R / e);
    }
}

static void
guess_dma_loss (const RlxModel *model,
                Prepared       *p,
                double         *params)
{
  g_autofree double *work = g_memdup2 (p->y, p->n * sizeof (double));
  double a = model->role[ROLE_A] >= 0 ? 0.9 : 1.0;
  double b = model->role[ROLE_B] >= 0 ? 0.9 : 1.0;
  double width;

  rlx_dma_loss_peak (a, b, NULL, NULL, &width);
  for (guint j = 0; j < model->n_components; j++)
    {
      double *cp = params + model->n_head + j * model->n_per_comp;
      gsize ipk = argmax_abs (work, p->n);
      double tl, tr, t = p->t[ipk], dinv, e;
      g_autofree double *comp = g_new (double, p->n);

      half_widths (p->t, work, p->n, ipk, &tl, &tr);
      if (isfinite (tl) && isfinite (tr))
        dinv = 1.0 / tl - 1.0 / tr;
      else if (isfinite (tl))
        dinv = 2.0 * (1.0 / tl - 1.0 / t);
      else if (isfinite (tr))
        dinv = 2.0 * (1.0 / t - 1.0 / tr);
      else
        dinv = width * R / (25.0 * R * t);
      e = clamp (width * R / dinv, 8e3, 1.2e6);
      set_dma_process (model, cp, work[ipk], t, e);

      if (rlx_model_evaluate_component (model, params, j + 1, p->x, p->n, comp))
        for (gsize i = 0; i < p->n; i++)
          work[i] -= comp[i];
    }
}

static void
guess_dma_storage (const RlxModel *model,
                   Prepared       *p,
                   double         *params)
{
  gsize m = p->n, edge = MAX (m / 20, 1), imid = 0;
  double lo = 0.0, hi = 0.0, drop, target, slope, t1, e;

  /* Storage data are not baseline-corrected: p->y is the raw, smoothed signal here. */
  for (gsize i = 0; i < edge; i++)
    {
      lo += p->y[i];
      hi += p->y[m - 1 - i];
    }
  lo /= edge;
  hi /= edge;
  drop = lo - hi;
  target = lo - 0.5 * drop;
  for (gsize i = 0; i + 1 < m; i++)
    if ((p->y[i] - target) * (p->y[i + 1] - target) <= 0.0)
      {
        imid = i;
        break;
      }
  t1 = p->t[imid];
  {
    gsize span = MAX (m / 50, 1);
    gsize a = imid >= span ? imid - span : 0, b = MIN (imid + span, m - 1);
    slope = b > a ? (p->y[b] - p->y[a]) / (p->t[b] - p->t[a]) : 0.0;
  }
  e = drop != 0.0 && slope != 0.0 ? 2.0 * R * t1 * t1 * fabs (slope / drop) : 25.0 * R * t1;
  e = clamp (e, 8e3, 1.2e6);

  params[0] = lo;
  for (guint j = 0; j < model->n_components; j++)
    {
      double *cp = params + model->n_head + j * model->n_per_comp;
      double tj = t1 - 50.0 * j;
      double ej = j == 0 ? e : 0.3 * e;

      cp[0] = j == 0 ? drop : 0.05 * drop;
      if (model->role[ROLE_A] >= 0)
        cp[model->role[ROLE_A]] = 0.9;
      if (model->role[ROLE_B] >= 0)
        cp[model->role[ROLE_B]] = 0.9;
      if (model->vft)
        {
          double t0 = 0.7 * tj;
          cp[1] = ej * (tj - t0) * (tj - t0) / (R * tj * tj) / t0;
          cp[2] = tj;
          cp[3] = t0;
        }
      else
        {
          cp[1] = ej;
          cp[2] = tj;
        }
    }
}

/**
 * rlx_model_guess:
 * @params: (out): n_params values
 *
 * Starting values from the data: the extremum (after removing the straight line through the
 * ends), the half widths turned into an activation energy with the relations of science.md
 * §2.6 (DSC) or the loss-peak width in 1/T (§3.2, DMA), and the height for the amplitude.
 * Several components are found by peeling one off after the other.
 */
gboolean
rlx_model_guess (const RlxModel *model,
                 const double   *x,
                 const double   *y,
                 gsize           n,
                 double         *params,
                 GError        **error)
{
  Prepared p = { 0 };
  gboolean storage = model->klass->shape == SHAPE_DMA_STORAGE;

  if (model->klass->shape == SHAPE_CUSTOM)
    {
      g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_OPTIONS,
                   "Model “%s” has no automatic starting values; give every parameter one.",
                   model->id);
      return FALSE;
    }
  if (!prepare (model, x, y, n, !storage, &p, error))
    return FALSE;

  memset (params, 0, sizeof (double) * model->n_params);
  switch (model->klass->shape)
    {
    case SHAPE_DEBYE_HEATING:
    case SHAPE_KWW_HEATING:
      guess_dsc (model, &p, params);
      break;
    case SHAPE_DMA_LOSS:
      guess_dma_loss (model, &p, params);
      break;
    case SHAPE_DMA_STORAGE:
      guess_dma_storage (model, &p, params);
      break;
    case SHAPE_CUSTOM:
    default:
      break;
    }
  if (storage)
    {
      /* E′ carries its level in Eu, not in the baseline. */
      p.line_at_ref = 0.0;
      p.line_slope = 0.0;
    }
  set_baseline (model, &p, params);
  prepared_clear (&p);

  for (guint i = 0; i < model->n_params; i++)
    if (!isfinite (params[i]))
      {
        g_set_error (error, RLX_MODEL_ERROR, RLX_MODEL_ERROR_INVALID_DATA,
                     "Could not find a starting value for %s from the data; give one explicitly.",
                     model->specs[i].name);
        return FALSE;
      }
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-baseline.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rlx-baseline-private.h"

static const char *kind_ids[RLX_N_BASELINE_KINDS] = {
  [RLX_BASELINE_KIND_NONE]       = "none",
  [RLX_BASELINE_KIND_LINEAR]     = "linear",
  [RLX_BASELINE_KIND_POLYNOMIAL] = "polynomial",
  [RLX_BASELINE_KIND_ANCHORS]    = "anchors",
  [RLX_BASELINE_KIND_TANGENT]    = "tangent",
  [RLX_BASELINE_KIND_SIGMOIDAL]  = "sigmoidal",
  [RLX_BASELINE_KIND_AUTO]       = "auto",
};


static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

const char *
rlx_baseline_kind_to_string (RlxBaselineKind kind)
{
  if ((guint) kind >= RLX_N_BASELINE_KINDS)
    return "none";
  return kind_ids[kind];
}

RlxBaselineKind
rlx_baseline_kind_from_string (const char *id)
{
  if (id == NULL)
    return RLX_N_BASELINE_KINDS;
  for (guint i = 0; i < RLX_N_BASELINE_KINDS; i++)
    if (g_ascii_strcasecmp (id, kind_ids[i]) == 0)
      return (RlxBaselineKind) i;
  if (g_ascii_strcasecmp (id, "poly") == 0)
    return RLX_BASELINE_KIND_POLYNOMIAL;
  if (g_ascii_strcasecmp (id, "spline") == 0)
    return RLX_BASELINE_KIND_ANCHORS;
  return RLX_N_BASELINE_KINDS;
}

RlxBaselineSpec *
rlx_baseline_spec_new (RlxBaselineKind kind)
{
  RlxBaselineSpec *baseline = g_new0 (RlxBaselineSpec, 1);

  baseline->kind = kind;
  baseline->order = kind == RLX_BASELINE_KIND_POLYNOMIAL ? 2 : 1;
  baseline->ranges = g_array_new (FALSE, FALSE, sizeof (RlxRange));
  baseline->anchors = g_array_new (FALSE, FALSE, sizeof (RlxAnchor));
  baseline->half_width = 1.0;
  baseline->lambda = 0;
  baseline->asymmetry = 0.01;
  return baseline;
}

RlxBaselineSpec *
rlx_baseline_spec_copy (const RlxBaselineSpec *baseline)
{
  RlxBaselineSpec *copy = g_memdup2 (baseline, sizeof (RlxBaselineSpec));

  copy->ranges = g_array_copy (baseline->ranges);
  copy->anchors = g_array_copy (baseline->anchors);
  return copy;
}

void
rlx_baseline_spec_free (RlxBaselineSpec *baseline)
{
  if (baseline == NULL)
    return;
  g_array_unref (baseline->ranges);
  g_array_unref (baseline->anchors);
  g_free (baseline);
}

/* ---- Application -------------------------------------------------------------------------- */

static gboolean
in_ranges (GArray *ranges,
           double  t)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      RlxRange *r = &g_array_index (ranges, RlxRange, i);
      if (t >= r->lo && t <= r->hi)
        return TRUE;
    }
  return FALSE;
}

/* Least-squares polynomial on centred, scaled T through the used points inside the ranges;
   coef[] are in the scaled variable u = (t − centre)/scale. */
static gboolean
fit_polynomial (const double   *t,
                const double   *y,
                const gboolean *use,
                gsize           n,
                GArray         *ranges,
                guint           order,
                double         *centre,
                double         *scale,
                double         *coef,
                const char     *what,
                GError        **error)
{
  gsize m = 0;
  double lo = INFINITY, hi = -INFINITY;
  gsl_matrix *x, *cov;
  gsl_vector *yy, *c;
  gsl_multifit_linear_workspace *work;
  double chisq;
  int status;
  gsize k = 0;

  for (gsize i = 0; i < n; i++)
    if ((use == NULL || use[i]) && in_ranges (ranges, t[i]))
      {
        m++;
        lo = MIN (lo, t[i]);
        hi = MAX (hi, t[i]);
      }
  if (m < order + 2 || (order > 0 && !(hi > lo)))
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < ranges->len; i++)
        g_string_append_printf (list, "%s%g–%g K", i ? ", " : "",
                                g_array_index (ranges, RlxRange, i).lo,
                                g_array_index (ranges, RlxRange, i).hi);
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "The %s range%s %s hold%s %" G_GSIZE_FORMAT " usable points of the curve "
                   "(%.1f–%.1f K); an order-%u fit needs at least %u. Move the ranges inside the "
                   "curve and outside masked parts.",
                   what, ranges->len == 1 ? "" : "s", list->str, ranges->len == 1 ? "s" : "", m,
                   t[0], t[n - 1], order, order + 2);
      g_string_free (list, TRUE);
      return FALSE;
    }

  *centre = 0.5 * (lo + hi);
  *scale = hi > lo ? 0.5 * (hi - lo) : 1.0;
  x = gsl_matrix_alloc (m, order + 1);
  cov = gsl_matrix_alloc (order + 1, order + 1);
  yy = gsl_vector_alloc (m);
  c = gsl_vector_alloc (order + 1);
  work = gsl_multifit_linear_alloc (m, order + 1);
  for (gsize i = 0; i < n; i++)
    if ((use == NULL || use[i]) && in_ranges (ranges, t[i]))
      {
        double u = (t[i] - *centre) / *scale, p = 1;
        for (guint j = 0; j <= order; j++, p *= u)
          gsl_matrix_set (x, k, j, p);
        gsl_vector_set (yy, k, y[i]);
        k++;
      }
  status = gsl_multifit_linear (x, yy, c, cov, &chisq, work);
  for (guint j = 0; j <= order; j++)
    coef[j] = gsl_vector_get (c, j);
  gsl_multifit_linear_free (work);
  gsl_matrix_free (x);
  gsl_matrix_free (cov);
  gsl_vector_free (yy);
  gsl_vector_free (c);
  if (status != GSL_SUCCESS)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "The %s fit failed: %s.", what, gsl_strerror (status));
      return FALSE;
    }
  return TRUE;
}

static double
eval_polynomial (const double *coef,
                 guint         order,
                 double        centre,
                 double        scale,
                 double        t)
{
  double u = (t - centre) / scale, v = 0;

  for (int j = (int) order; j >= 0; j--)
    v = v * u + coef[j];
  return v;
}

static gboolean
apply_anchors (const RlxBaselineSpec *baseline,
               const double          *t,
               const double          *y,
               const gboolean        *use,
               gsize                  n,
               double                *out,
               GError               **error)
{
  guint m = baseline->anchors->len;
  g_autofree double *at = g_new (double, m);
  g_autofree double *ay = g_new (double, m);
  gsl_interp *interp = NULL;
  gsl_interp_accel *accel = NULL;
  double slope_lo, slope_hi;
  gboolean spline = baseline->spline && m >= 3;

  for (guint i = 0; i < m; i++)
    {
      RlxAnchor *a = &g_array_index (baseline->anchors, RlxAnchor, i);

      at[i] = a->t;
      ay[i] = a->y;
      if (!isfinite (a->y))
        {
          double sum = 0;
          gsize count = 0;

          if (a->t < t[0] - baseline->half_width || a->t > t[n - 1] + baseline->half_width)
            {
              g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                           "The baseline anchor at %g K lies outside the curve (%.1f–%.1f K); "
                           "give its value explicitly (T=y) or move it inside.",
                           a->t, t[0], t[n - 1]);
              return FALSE;
            }
          for (gsize j = 0; j < n; j++)
            if (fabs (t[j] - a->t) <= baseline->half_width && (use == NULL || use[j]))
              {
                sum += y[j];
                count++;
              }
          ay[i] = count > 0 ? sum / count : rlx_signal_interpolate (t, y, n, a->t);
        }
    }

  if (spline)
    {
      interp = gsl_interp_alloc (gsl_interp_cspline, m);
      accel = gsl_interp_accel_alloc ();
      if (gsl_interp_init (interp, at, ay, m) != GSL_SUCCESS)
        {
          gsl_interp_free (interp);
          gsl_interp_accel_free (accel);
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "The spline through the baseline anchors could not be built.");
          return FALSE;
        }
      slope_lo = gsl_interp_eval_deriv (interp, at, ay, at[0], accel);
      slope_hi = gsl_interp_eval_deriv (interp, at, ay, at[m - 1], accel);
    }
  else
    {
      slope_lo = (ay[1] - ay[0]) / (at[1] - at[0]);
      slope_hi = (ay[m - 1] - ay[m - 2]) / (at[m - 1] - at[m - 2]);
    }

  for (gsize i = 0; i < n; i++)
    {
      if (t[i] <= at[0])
        out[i] = ay[0] + slope_lo * (t[i] - at[0]);
      else if (t[i] >= at[m - 1])
        out[i] = ay[m - 1] + slope_hi * (t[i] - at[m - 1]);
      else if (spline)
        out[i] = gsl_interp_eval (interp, at, ay, t[i], accel);
      else
        out[i] = rlx_signal_interpolate (at, ay, m, t[i]);
    }
  if (interp != NULL)
    {
      gsl_interp_free (interp);
      gsl_interp_accel_free (accel);
    }
  return TRUE;
}

/* A tangent of fit_tangents(): coefficients, then centre and scale. */
static double
eval_line (const double line[4],
           double       t)
{
  return eval_polynomial (line, 1, line[2], line[3], t);
}

static gboolean
fit_tangents (const RlxBaselineSpec *baseline,
              const double          *t,
              const double          *y,
              const gboolean        *use,
              gsize                  n,
              double                 line[2][4],
              GError               **error)
{
  static const char *names[2] = { "low-temperature tangent", "high-temperature tangent" };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (RlxRange));

      g_array_append_val (one, g_array_index (baseline->ranges, RlxRange, k));
      if (!fit_polynomial (t, y, use, n, one, 1, &line[k][2], &line[k][3], line[k], names[k], error))
        return FALSE;
    }
  return TRUE;
}

static void
apply_tangent (const RlxBaselineSpec *baseline,
               double                 line[2][4],
               const double          *t,
               gsize                  n,
               double                *out)
{
  double b = g_array_index (baseline->ranges, RlxRange, 0).hi;
  double c = g_array_index (baseline->ranges, RlxRange, 1).lo;
  double yb = eval_line (line[0], b);
  double yc = eval_line (line[1], c);

  for (gsize i = 0; i < n; i++)
    {
      if (t[i] <= b)
        out[i] = eval_line (line[0], t[i]);
      else if (t[i] >= c)
        out[i] = eval_line (line[1], t[i]);
      else
        out[i] = c > b ? yb + (yc - yb) * (t[i] - b) / (c - b) : yb;
    }
}

static void
apply_sigmoidal (const RlxBaselineSpec *baseline,
                 double                 line[2][4],
                 const double          *t,
                 const double          *y,
                 gsize                  n,
                 double                *out)
{
  double b = g_array_index (baseline->ranges, RlxRange, 0).hi;
  double c = g_array_index (baseline->ranges, RlxRange, 1).lo;
  g_autofree double *alpha = g_new0 (double, n);
  double scale = 0;

  apply_tangent (baseline, line, t, n, out);
  for (gsize i = 0; i < n; i++)
    scale = MAX (scale, fabs (y[i]));

  /* Area-proportional mixing of the two tangents: the background steps in proportion to how
     much of the peak has passed. Each pass uses the peak left by the previous baseline. */
  for (guint iteration = 0; iteration < 100; iteration++)
    {
      double total = 0, change = 0;

      for (gsize i = 1; i < n; i++)
        {
          if (t[i] > b && t[i - 1] < c)
            {
              double p0 = MAX (0, y[i - 1] - out[i - 1]);
              double p1 = MAX (0, y[i] - out[i]);
              total += 0.5 * (p0 + p1) * (t[i] - t[i - 1]);
            }
          alpha[i] = total;
        }
      for (gsize i = 0; i < n; i++)
        {
          double a = t[i] <= b ? 0 : t[i] >= c ? 1 : total > 0 ? alpha[i] / total : (t[i] - b) / (c - b);
          double l1 = eval_line (line[0], t[i]);
          double l2 = eval_line (line[1], t[i]);
          double v = (1 - a) * l1 + a * l2;

          change = MAX (change, fabs (v - out[i]));
          out[i] = v;
        }
      if (change <= 1e-12 * MAX (scale, 1e-300))
        break;
    }
}

gboolean
rlx_baseline_whittaker (const double *y,
                        const double *w,
                        gsize         n,
                        double        lambda,
                        double       *z,
                        GError      **error)
{
  g_autofree double *d = NULL, *l1 = NULL, *l2 = NULL;
  g_autofree double *a0 = NULL, *a1 = NULL, *a2 = NULL;

  if (n < 3)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "An automatic baseline needs at least 3 points.");
      return FALSE;
    }

  /* A = W + λ·DᵀD stored by diagonals: a0[i] = A(i,i), a1[i] = A(i,i+1), a2[i] = A(i,i+2). */
  a0 = g_new0 (double, n);
  a1 = g_new0 (double, n);
  a2 = g_new0 (double, n);
  for (gsize k = 0; k + 2 < n; k++)
    {
      static const double c[3] = { 1, -2, 1 };
      for (guint a = 0; a < 3; a++)
        {
          a0[k + a] += lambda * c[a] * c[a];
          if (a + 1 < 3)
            a1[k + a] += lambda * c[a] * c[a + 1];
          if (a + 2 < 3)
            a2[k + a] += lambda * c[a] * c[a + 2];
        }
    }
  for (gsize i = 0; i < n; i++)
    a0[i] += w[i];

  /* Banded LDLᵀ: L unit lower triangular with two subdiagonals l1 (i,i−1) and l2 (i,i−2). */
  d = g_new0 (double, n);
  l1 = g_new0 (double, n);
  l2 = g_new0 (double, n);
  for (gsize i = 0; i < n; i++)
    {
      double di = a0[i];

      if (i >= 1)
        di -= l1[i] * l1[i] * d[i - 1];
      if (i >= 2)
        di -= l2[i] * l2[i] * d[i - 2];
      if (!(di > 1e-300 * MAX (1.0, lambda)) || !isfinite (di))
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                       "The automatic baseline is undetermined: too few unmasked points carry "
                       "weight. Shrink the masked or excluded ranges.");
          return FALSE;
        }
      d[i] = di;
      if (i + 1 < n)
        l1[i + 1] = (a1[i] - (i >= 1 ? l2[i + 1] * l1[i] * d[i - 1] : 0)) / di;
      if (i + 2 < n)
        l2[i + 2] = a2[i] / di;
    }

  for (gsize i = 0; i < n; i++)
    {
      double v = w[i] * y[i];
      if (i >= 1)
        v -= l1[i] * z[i - 1];
      if (i >= 2)
        v -= l2[i] * z[i - 2];
      z[i] = v;
    }
  for (gsize i = 0; i < n; i++)
    z[i] /= d[i];
  for (gsize k = n; k-- > 0;)
    {
      if (k + 1 < n)
        z[k] -= l1[k + 1] * z[k + 1];
      if (k + 2 < n)
        z[k] -= l2[k + 2] * z[k + 2];
    }
  return TRUE;
}

static gboolean
apply_auto (const RlxBaselineSpec *baseline,
            const double          *t,
            const double          *y,
            const gboolean        *use,
            gsize                  n,
            double                *out,
            GError               **error)
{
  g_autofree double *w = g_new (double, n);
  g_autofree double *r = g_new (double, n);
  g_autofree double *rs = g_new (double, n);
  double lambda = baseline->lambda, p = baseline->asymmetry;
  gsize used = 0;

  if (!(lambda > 0))
    {
      /* The smoother bends over about λ^(1/4) points: a twentieth of the curve keeps the baseline
         stiff under a peak but follows a curved background. */
      double length = MAX (3.0, (double) n / 20.0);
      lambda = length * length * length * length;
    }

  for (gsize i = 0; i < n; i++)
    {
      gboolean ok = (use == NULL || use[i]) && !in_ranges (baseline->ranges, t[i]);
      w[i] = ok ? 1.0 : 0.0;
      used += ok;
    }
  if (used < 3)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE,
                   "The automatic baseline has only %" G_GSIZE_FORMAT " unmasked points; shrink "
                   "the masks or excluded ranges.", used);
      return FALSE;
    }

  if (baseline->ranges->len == 0)
    {
      g_autofree double *base = g_memdup2 (w, n * sizeof (double));
      double best = -INFINITY, noise;
      gsize top = 0, lo, hi, width, m = 0;
      g_autofree double *diffs = g_new (double, n);

      /* Pass 1: asymmetric least squares; points above the curve get weight p, below 1 − p, so
         the smoother settles under the peak. */
      for (guint iteration = 0; iteration < 20; iteration++)
        {
          gboolean changed = FALSE;

          if (!rlx_baseline_whittaker (y, w, n, lambda, out, error))
            return FALSE;
          for (gsize i = 0; i < n; i++)
            {
              double nw = base[i] * (y[i] > out[i] ? p : 1 - p);
              changed |= nw != w[i];
              w[i] = nw;
            }
          if (!changed)
            break;
        }

      /* Find the peak in the residual (smoothed so noise cannot pick it) and mask it with a
         margin, then pass 2 is a symmetric smoother through the rest: unbiased by noise. */
      for (gsize i = 0; i < n; i++)
        r[i] = y[i] - out[i];
      if (!rlx_signal_savitzky_golay (r, n, (guint) CLAMP (n / 100, 2, 50), 2, rs, NULL))
        memcpy (rs, r, n * sizeof (double));
      for (gsize i = 0; i < n; i++)
        if (base[i] > 0 && rs[i] > best)
          {
            best = rs[i];
            top = i;
          }
      for (gsize i = 1; i < n; i++)
        if (base[i] > 0 && base[i - 1] > 0)
          diffs[m++] = fabs ((r[i] - rs[i]));
      noise = 0;
      if (m > 0)
        {
          /* median absolute high-pass residual ≈ 0.67σ */
          double *sorted = g_memdup2 (diffs, m * sizeof (double));

          qsort (sorted, m, sizeof (double), compare_doubles);
          noise = 1.4826 * sorted[m / 2];
          g_free (sorted);
        }
      if (best > 3 * noise)
        {
          double level = MAX (0.01 * best, 2 * noise);

          lo = top;
          while (lo > 0 && rs[lo - 1] > level)
            lo--;
          hi = top;
          while (hi + 1 < n && rs[hi + 1] > level)
            hi++;
          width = hi - lo + 1;
          lo = lo > width / 2 ? lo - width / 2 : 0;
          hi = MIN (n - 1, hi + width / 2);
          for (gsize i = 0; i < n; i++)
            w[i] = (i >= lo && i <= hi) ? 0.0 : base[i];
        }
      else
        memcpy (w, base, n * sizeof (double));
    }

  return rlx_baseline_whittaker (y, w, n, lambda, out, error);
}

gboolean
rlx_baseline_spec_apply (const RlxBaselineSpec *baseline,
                         const double          *t,
                         const double          *y,
                         const gboolean        *use,
                         gsize                  n,
                         double                *out,
                         GError               **error)
{
  double coef[MAX_ORDER + 1], centre, scale;
  double line[2][4];

  if (n < 2)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                   "The curve has too few points for a baseline.");
      return FALSE;
    }

  switch (baseline->kind)
    {
    case RLX_BASELINE_KIND_NONE:
      memset (out, 0, n * sizeof (double));
      return TRUE;
    case RLX_BASELINE_KIND_LINEAR:
    case RLX_BASELINE_KIND_POLYNOMIAL:
      {
        guint order = baseline->kind == RLX_BASELINE_KIND_LINEAR ? 1 : baseline->order;

        if (!fit_polynomial (t, y, use, n, baseline->ranges, order, &centre, &scale, coef,
                             "baseline", error))
          return FALSE;
        for (gsize i = 0; i < n; i++)
          out[i] = eval_polynomial (coef, order, centre, scale, t[i]);
        return TRUE;
      }
    case RLX_BASELINE_KIND_ANCHORS:
      return apply_anchors (baseline, t, y, use, n, out, error);
    case RLX_BASELINE_KIND_TANGENT:
    case RLX_BASELINE_KIND_SIGMOIDAL:
      if (!rlx_baseline_check_ranges ((RlxBaselineSpec *) baseline, 2, error) ||
          !fit_tangents (baseline, t, y, use, n, line, error))
        return FALSE;
      if (baseline->kind == RLX_BASELINE_KIND_TANGENT)
        apply_tangent (baseline, line, t, n, out);
      else
        apply_sigmoidal (baseline, line, t, y, n, out);
      return TRUE;
    case RLX_BASELINE_KIND_AUTO:
      return apply_auto (baseline, t, y, use, n, out, error);
    case RLX_N_BASELINE_KINDS:
    default:
      break;
    }
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_BASELINE, "Unknown baseline type.");
  return FALSE;
}

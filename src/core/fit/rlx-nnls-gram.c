/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-nnls.h"

#include <float.h>
#include <math.h>
#include <string.h>

/*
 * Lawson–Hanson on the Gram matrix (the "fast NNLS" arrangement): the passive least-squares
 * problem is G_PP z = h_P with h = Aᵀb. Its Cholesky factor L (G_PP = L Lᵀ) is kept up to date:
 * a column that enters adds one row to L (a triangular solve, O(p²)); a column that leaves
 * removes one row, and Givens rotations of neighbouring columns bring L back to lower-triangular
 * form (O(p²)). L is stored by rows (row i holds L[i][0..i]) so that both the forward and the
 * backward substitution run along rows.
 */

typedef struct
{
  const gsl_matrix *g;
  const gsl_vector *h;
  gsize n;
  gsize p;              /* number of passive columns */
  gboolean *passive;
  gsize *index;         /* passive columns in factor order */
  double *l;            /* n×n, row-major, lower Cholesky factor of G_PP in rows 0..p−1 */
  double *z;            /* packed trial solution */
  double *work;         /* n */
  double *gx;           /* G x */
  double *w;            /* h − G x: minus the gradient */
  double dependence;    /* relative pivot below which a column counts as dependent */
} Gram;

static void
gram_clear (Gram *s)
{
  g_clear_pointer (&s->passive, g_free);
  g_clear_pointer (&s->index, g_free);
  g_clear_pointer (&s->l, g_free);
  g_clear_pointer (&s->z, g_free);
  g_clear_pointer (&s->work, g_free);
  g_clear_pointer (&s->gx, g_free);
  g_clear_pointer (&s->w, g_free);
}

#define L(s, i, k) ((s)->l[(i) * (s)->n + (k)])

/* Σ a[k]·b[k] with four partial sums: the additions do not wait on each other. */
static inline double
dot (const double * restrict a,
     const double * restrict b,
     gsize                   len)
{
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  gsize k = 0;

  for (; k + 4 <= len; k += 4)
    {
      s0 += a[k] * b[k];
      s1 += a[k + 1] * b[k + 1];
      s2 += a[k + 2] * b[k + 2];
      s3 += a[k + 3] * b[k + 3];
    }
  for (; k < len; k++)
    s0 += a[k] * b[k];
  return (s0 + s1) + (s2 + s3);
}

/* y −= a·x */
static inline void
axpy_minus (double * restrict       y,
            const double * restrict x,
            double                  a,
            gsize                   len)
{
  gsize k = 0;

  for (; k + 4 <= len; k += 4)
    {
      y[k] -= a * x[k];
      y[k + 1] -= a * x[k + 1];
      y[k + 2] -= a * x[k + 2];
      y[k + 3] -= a * x[k + 3];
    }
  for (; k < len; k++)
    y[k] -= a * x[k];
}

/* Column j enters at position p. FALSE (and nothing changes) when it is numerically a
   combination of the passive columns: its pivot G_jj − ‖L⁻¹G_Pj‖² vanishes to rounding. */
static gboolean
gram_append (Gram  *s,
             gsize  j)
{
  const gsize p = s->p;
  double *row = &L (s, p, 0);
  const double *gj = gsl_matrix_const_ptr (s->g, j, 0);   /* row j = column j */
  double gjj = gj[j];
  double d = gjj;

  for (gsize i = 0; i < p; i++)
    {
      const double *li = &L (s, i, 0);
      double v = (gj[s->index[i]] - dot (li, row, i)) / li[i];

      row[i] = v;
      d -= v * v;
    }
  if (!(gjj > 0.0) || d <= s->dependence * gjj)
    return FALSE;
  row[p] = sqrt (d);
  s->index[p] = j;
  s->passive[j] = TRUE;
  s->p = p + 1;
  return TRUE;
}

/* The column at position k leaves. */
static void
gram_remove (Gram  *s,
             gsize  k)
{
  const gsize p = s->p;

  s->passive[s->index[k]] = FALSE;
  for (gsize r = k; r + 1 < p; r++)
    {
      memcpy (&L (s, r, 0), &L (s, r + 1, 0), (r + 2) * sizeof (double));
      s->index[r] = s->index[r + 1];
    }
  /* Rows k..p−2 now reach one column past the diagonal; rotate columns (i, i+1) to clear it. */
  for (gsize i = k; i + 1 < p; i++)
    {
      double a = L (s, i, i), b = L (s, i, i + 1);
      double r = hypot (a, b);
      double c = 1.0, sn = 0.0;

      if (r > 0.0)
        {
          c = a / r;
          sn = b / r;
        }
      for (gsize q = i; q + 1 < p; q++)
        {
          double *lq = &L (s, q, 0);
          double x = lq[i], y = lq[i + 1];

          lq[i] = c * x + sn * y;
          lq[i + 1] = -sn * x + c * y;
        }
      L (s, i, i + 1) = 0.0;
    }
  s->p = p - 1;
}

/* z = G_PP⁻¹ h_P through L y = h_P, Lᵀ z = y. */
static void
gram_solve (Gram *s)
{
  const gsize p = s->p;
  double *y = s->work;

  for (gsize i = 0; i < p; i++)
    {
      const double *li = &L (s, i, 0);

      y[i] = (gsl_vector_get (s->h, s->index[i]) - dot (li, y, i)) / li[i];
    }
  for (gsize i = p; i-- > 0; )
    {
      const double *li = &L (s, i, 0);
      double zi = y[i] / li[i];

      s->z[i] = zi;
      axpy_minus (y, li, zi, i);
    }
}

/* w = h − G x over the passive rows of G (G is symmetric); returns the rounding scale of w. */
static double
gram_gradient (Gram             *s,
               const gsl_vector *x)
{
  double scale = 0.0;

  memset (s->gx, 0, s->n * sizeof (double));
  for (gsize k = 0; k < s->p; k++)
    {
      gsize j = s->index[k];
      double xj = gsl_vector_get (x, j);

      if (xj != 0.0)
        axpy_minus (s->gx, gsl_matrix_const_ptr (s->g, j, 0), -xj, s->n);
    }
  for (gsize i = 0; i < s->n; i++)
    {
      double hi = gsl_vector_get (s->h, i);

      s->w[i] = hi - s->gx[i];
      scale = MAX (scale, MAX (fabs (hi), fabs (s->gx[i])));
    }
  return scale;
}

/* As in the QR version: move from the feasible x towards the passive solution, dropping
   columns that would turn negative, until the passive solution itself is positive. */
static gboolean
gram_inner_loop (Gram       *s,
                 gsl_vector *x,
                 gsize       just_added,
                 gboolean   *rejected,
                 guint      *iterations,
                 guint       max_iterations,
                 GError    **error)
{
  *rejected = FALSE;

  for (;;)
    {
      double alpha = 1.0;
      gboolean feasible = TRUE;

      if (++(*iterations) > max_iterations)
        {
          g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_MAX_ITER,
                       "Non-negative least squares did not converge in %u steps; the kernel "
                       "columns are probably too close together (use a coarser grid)",
                       max_iterations);
          return FALSE;
        }

      gram_solve (s);
      for (gsize k = 0; k < s->p; k++)
        {
          double zk = s->z[k];

          if (zk <= 0.0)
            {
              double xk = gsl_vector_get (x, s->index[k]);

              feasible = FALSE;
              if (xk - zk > 0.0)
                alpha = MIN (alpha, xk / (xk - zk));
            }
        }

      if (feasible)
        {
          gsl_vector_set_zero (x);
          for (gsize k = 0; k < s->p; k++)
            gsl_vector_set (x, s->index[k], s->z[k]);
          return TRUE;
        }

      if (just_added != G_MAXSIZE && gsl_vector_get (x, just_added) == 0.0)
        {
          gsize k;

          for (k = 0; k < s->p && s->index[k] != just_added; k++)
            ;
          if (k < s->p && s->z[k] <= 0.0)
            {
              /* Rounding made the entering column look attractive; reject it rather than
                 cycle. */
              gram_remove (s, k);
              *rejected = TRUE;
              return TRUE;
            }
        }

      for (gsize k = 0; k < s->p; k++)
        {
          gsize j = s->index[k];
          double xj = gsl_vector_get (x, j);
          double xn = xj + alpha * (s->z[k] - xj);

          if (xn <= 1e-15 * fabs (xj) || xn <= 0.0)
            xn = 0.0;
          gsl_vector_set (x, j, xn);
        }
      /* Remove from the back so that the positions still to visit stay valid. */
      for (gsize k = s->p; k-- > 0; )
        if (gsl_vector_get (x, s->index[k]) == 0.0)
          gram_remove (s, k);
      just_added = G_MAXSIZE;
    }
}

void
rlx_nnls_gram (const gsl_matrix *a,
               gsl_matrix       *gram)
{
  const gsize m = a->size1, n = a->size2;
  gsize i = 0;

  g_return_if_fail (gram->size1 == n && gram->size2 == n);

  /* Upper triangle as a sum of rank-4 updates: each pass over a row of G uses four rows of A. */
  gsl_matrix_set_zero (gram);
  for (; i + 4 <= m; i += 4)
    {
      const double *a0 = gsl_matrix_const_ptr (a, i, 0);
      const double *a1 = gsl_matrix_const_ptr (a, i + 1, 0);
      const double *a2 = gsl_matrix_const_ptr (a, i + 2, 0);
      const double *a3 = gsl_matrix_const_ptr (a, i + 3, 0);

      for (gsize j = 0; j < n; j++)
        {
          double *gj = gsl_matrix_ptr (gram, j, 0);
          double c0 = a0[j], c1 = a1[j], c2 = a2[j], c3 = a3[j];

          /* Triangular and banded matrices (R, L) have mostly zero rows here. */
          if (c0 == 0.0 && c1 == 0.0 && c2 == 0.0 && c3 == 0.0)
            continue;
          for (gsize k = j; k < n; k++)
            gj[k] += c0 * a0[k] + c1 * a1[k] + c2 * a2[k] + c3 * a3[k];
        }
    }
  for (; i < m; i++)
    {
      const double *a0 = gsl_matrix_const_ptr (a, i, 0);

      for (gsize j = 0; j < n; j++)
        {
          double *gj = gsl_matrix_ptr (gram, j, 0);
          double c0 = a0[j];

          if (c0 == 0.0)
            continue;
          for (gsize k = j; k < n; k++)
            gj[k] += c0 * a0[k];
        }
    }
  for (gsize j = 0; j < n; j++)
    for (gsize k = j + 1; k < n; k++)
      gsl_matrix_set (gram, k, j, gsl_matrix_get (gram, j, k));
}

gboolean
rlx_nnls_solve_gram (const gsl_matrix *gram,
                     const gsl_vector *atb,
                     gsl_vector       *x,
                     RlxNnlsFlags      flags,
                     RlxNnlsInfo      *info,
                     GError          **error)
{
  Gram s = { 0 };
  guint iterations = 0;
  guint max_iterations;
  g_autofree gboolean *rejected = NULL;
  gboolean ok = FALSE;
  gsize n;

  g_return_val_if_fail (gram != NULL && atb != NULL && x != NULL, FALSE);
  g_return_val_if_fail ((flags & RLX_NNLS_FLAGS_QR_ONLY) == 0, FALSE);

  n = gram->size1;
  if (n == 0 || gram->size2 != n || atb->size != n || x->size != n)
    {
      g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID,
                   "Non-negative least squares: a %zu×%zu Gram matrix needs Aᵀb and a solution "
                   "of length %zu (got %zu and %zu)", gram->size1, gram->size2, gram->size1,
                   atb->size, x->size);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      const double *gi = gsl_matrix_const_ptr (gram, i, 0);

      if (!isfinite (gsl_vector_get (atb, i)) || !(gi[i] >= 0.0))
        {
          g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID,
                       "Non-negative least squares: Gram row %zu is not usable (non-finite or a "
                       "negative diagonal)", i + 1);
          return FALSE;
        }
      for (gsize j = 0; j < n; j++)
        if (!isfinite (gi[j]))
          {
            g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID,
                         "Non-negative least squares: Gram entry (%zu, %zu) is not a finite "
                         "number; check the kernel grid", i + 1, j + 1);
            return FALSE;
          }
    }

  s.g = gram;
  s.h = atb;
  s.n = n;
  s.passive = g_new0 (gboolean, n);
  s.index = g_new0 (gsize, n);
  s.l = g_new (double, n * n);
  s.z = g_new0 (double, n);
  s.work = g_new0 (double, n);
  s.gx = g_new0 (double, n);
  s.w = g_new0 (double, n);
  /* The pivot is computed as a difference of O(‖G_jj‖) terms, each rounded to ε. */
  s.dependence = 64.0 * DBL_EPSILON * (double) n;
  rejected = g_new0 (gboolean, n);
  max_iterations = 3 * (guint) n + 100;

  if ((flags & RLX_NNLS_FLAGS_WARM_START) != 0)
    {
      gboolean dummy;

      for (gsize j = 0; j < n; j++)
        {
          double xj = gsl_vector_get (x, j);

          if (!(isfinite (xj) && xj > 0.0 && gram_append (&s, j)))
            gsl_vector_set (x, j, 0.0);
        }
      if (s.p > 0 && !gram_inner_loop (&s, x, G_MAXSIZE, &dummy, &iterations, max_iterations, error))
        goto out;
    }
  else
    gsl_vector_set_zero (x);

  for (;;)
    {
      gsize best = G_MAXSIZE;
      double best_value;
      gboolean was_rejected;

      best_value = 10.0 * DBL_EPSILON * (double) n * gram_gradient (&s, x);
      for (gsize j = 0; j < n; j++)
        if (!s.passive[j] && !rejected[j] && s.w[j] > best_value)
          {
            best_value = s.w[j];
            best = j;
          }
      if (best == G_MAXSIZE || s.p >= n)
        break;

      if (!gram_append (&s, best))
        {
          rejected[best] = TRUE;
          continue;
        }
      if (!gram_inner_loop (&s, x, best, &was_rejected, &iterations, max_iterations, error))
        goto out;
      if (was_rejected)
        rejected[best] = TRUE;
      else
        memset (rejected, 0, n * sizeof (gboolean));
    }

  ok = TRUE;

out:
  if (info != NULL)
    {
      info->iterations = iterations;
      info->n_passive = 0;
      for (gsize j = 0; j < n; j++)
        if (gsl_vector_get (x, j) > 0.0)
          info->n_passive++;
      info->residual_norm = NAN;
    }
  gram_clear (&s);
  return ok;
}

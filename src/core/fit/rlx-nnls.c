/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-nnls.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

G_DEFINE_QUARK (rlx-nnls-error-quark, rlx_nnls_error)

typedef struct
{
  const gsl_matrix *a;
  const gsl_vector *b;
  gsize m;
  gsize n;
  gboolean *passive;
  gsize *index;          /* passive columns, in the order they are packed */
  gsl_matrix *qr;        /* m×n storage; the first p columns are used */
  gsl_vector *tau;
  gsl_vector *z;         /* trial solution on the passive set (length n, packed) */
  gsl_vector *residual;
  gsl_vector *gradient;
  double rank_tolerance;
} Nnls;

static void
nnls_clear (Nnls *s)
{
  g_clear_pointer (&s->passive, g_free);
  g_clear_pointer (&s->index, g_free);
  g_clear_pointer (&s->qr, gsl_matrix_free);
  g_clear_pointer (&s->tau, gsl_vector_free);
  g_clear_pointer (&s->z, gsl_vector_free);
  g_clear_pointer (&s->residual, gsl_vector_free);
  g_clear_pointer (&s->gradient, gsl_vector_free);
}

/* g = Aᵀ(b − A x); also leaves b − A x in s->residual. */
static void
compute_gradient (Nnls             *s,
                  const gsl_vector *x)
{
  gsl_vector_memcpy (s->residual, s->b);
  gsl_blas_dgemv (CblasNoTrans, -1.0, s->a, x, 1.0, s->residual);
  gsl_blas_dgemv (CblasTrans, 1.0, s->a, s->residual, 0.0, s->gradient);
}

/*
 * Least squares on the passive columns by Householder QR. Returns the number p of passive
 * columns, the packed solution in s->z[0..p), or -1 when the passive columns are numerically
 * dependent (then *dependent is the column whose R diagonal collapsed).
 */
static gssize
solve_passive (Nnls   *s,
               gsize  *dependent,
               int    *status)
{
  gsize p = 0;

  for (gsize j = 0; j < s->n; j++)
    {
      if (!s->passive[j])
        continue;
      for (gsize i = 0; i < s->m; i++)
        gsl_matrix_set (s->qr, i, p, gsl_matrix_get (s->a, i, j));
      s->index[p++] = j;
    }

  *status = GSL_SUCCESS;
  if (p == 0)
    return 0;

  {
    gsl_matrix_view qr = gsl_matrix_submatrix (s->qr, 0, 0, s->m, p);
    gsl_vector_view tau = gsl_vector_subvector (s->tau, 0, p);
    gsl_vector_view z = gsl_vector_subvector (s->z, 0, p);
    double rmax = 0.0;

    *status = gsl_linalg_QR_decomp (&qr.matrix, &tau.vector);
    if (*status != GSL_SUCCESS)
      return -1;

    for (gsize k = 0; k < p; k++)
      rmax = MAX (rmax, fabs (gsl_matrix_get (&qr.matrix, k, k)));
    for (gsize k = 0; k < p; k++)
      {
        if (fabs (gsl_matrix_get (&qr.matrix, k, k)) <= s->rank_tolerance * rmax)
          {
            *dependent = s->index[k];
            return -1;
          }
      }

    *status = gsl_linalg_QR_lssolve (&qr.matrix, &tau.vector, s->b, &z.vector, s->residual);
    if (*status != GSL_SUCCESS)
      return -1;
  }

  return (gssize) p;
}

static gboolean
check_input (const gsl_matrix *a,
             const gsl_vector *b,
             const gsl_vector *x,
             GError          **error)
{
  if (a->size1 == 0 || a->size2 == 0 || b->size != a->size1 || x->size != a->size2)
    {
      g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID,
                   "Non-negative least squares: a %zu×%zu matrix needs a right-hand side of "
                   "length %zu and a solution of length %zu (got %zu and %zu)",
                   a->size1, a->size2, a->size1, a->size2, b->size, x->size);
      return FALSE;
    }

  for (gsize i = 0; i < a->size1; i++)
    {
      if (!isfinite (gsl_vector_get (b, i)))
        {
          g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID,
                       "Non-negative least squares: data value %zu is not a finite number", i + 1);
          return FALSE;
        }
      for (gsize j = 0; j < a->size2; j++)
        if (!isfinite (gsl_matrix_get (a, i, j)))
          {
            g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID,
                         "Non-negative least squares: matrix entry (%zu, %zu) is not a finite "
                         "number; check the kernel grid", i + 1, j + 1);
            return FALSE;
          }
    }

  return TRUE;
}

/*
 * The inner loop of Lawson–Hanson: x is feasible with x = 0 outside the passive set; move
 * towards the passive least-squares solution, dropping the columns that would turn negative,
 * until the passive solution itself is positive. just_added is the column that entered last
 * (or G_MAXSIZE); if it cannot stay, it is rejected so the outer loop tries another.
 */
static gboolean
inner_loop (Nnls       *s,
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
      gsize dependent = G_MAXSIZE;
      int status;
      gssize p;
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

      p = solve_passive (s, &dependent, &status);
      if (p < 0 && status != GSL_SUCCESS)
        {
          g_set_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_FAILED,
                       "Non-negative least squares: QR step failed (%s)", gsl_strerror (status));
          return FALSE;
        }
      if (p < 0)
        {
          /* A numerically dependent column carries no information: drop it (prefer the one
             that just entered, so the outer loop moves on). */
          gsize drop = just_added != G_MAXSIZE ? just_added : dependent;

          s->passive[drop] = FALSE;
          gsl_vector_set (x, drop, 0.0);
          if (drop == just_added)
            {
              *rejected = TRUE;
              return TRUE;
            }
          continue;
        }

      for (gssize k = 0; k < p; k++)
        {
          gsize j = s->index[k];
          double zj = gsl_vector_get (s->z, k);

          if (zj <= 0.0)
            {
              double xj = gsl_vector_get (x, j);

              feasible = FALSE;
              if (xj - zj > 0.0)
                alpha = MIN (alpha, xj / (xj - zj));
            }
        }

      if (feasible)
        {
          gsl_vector_set_zero (x);
          for (gssize k = 0; k < p; k++)
            gsl_vector_set (x, s->index[k], gsl_vector_get (s->z, k));
          return TRUE;
        }

      if (just_added != G_MAXSIZE && gsl_vector_get (x, just_added) == 0.0)
        {
          gsize k;

          for (k = 0; k < (gsize) p && s->index[k] != just_added; k++)
            ;
          if (k < (gsize) p && gsl_vector_get (s->z, k) <= 0.0)
            {
              /* The entering column's own coefficient is not positive: rounding made it look
                 attractive. Reject it rather than cycle. */
              s->passive[just_added] = FALSE;
              *rejected = TRUE;
              return TRUE;
            }
        }

      for (gssize k = 0; k < p; k++)
        {
          gsize j = s->index[k];
          double xj = gsl_vector_get (x, j);
          double xn = xj + alpha * (gsl_vector_get (s->z, k) - xj);

          if (xn <= 1e-15 * fabs (xj) || xn <= 0.0)
            {
              xn = 0.0;
              s->passive[j] = FALSE;
            }
          gsl_vector_set (x, j, xn);
        }
      just_added = G_MAXSIZE;
    }
}

/* Lawson–Hanson with a Householder QR per step. With refine, the first passive solve re-solves
   the start's passive set and is not counted as a step. */
static gboolean
nnls_qr (const gsl_matrix *a,
         const gsl_vector *b,
         gsl_vector       *x,
         gboolean          warm,
         gboolean          refine,
         RlxNnlsInfo      *info,
         GError          **error)
{
  Nnls s = { 0 };
  guint iterations = 0;
  guint max_iterations;
  g_autofree gboolean *rejected = NULL;
  double tolerance;
  gboolean ok = FALSE;

  s.a = a;
  s.b = b;
  s.m = a->size1;
  s.n = a->size2;
  s.passive = g_new0 (gboolean, s.n);
  s.index = g_new0 (gsize, s.n);
  s.qr = gsl_matrix_alloc (s.m, MIN (s.m, s.n));
  s.tau = gsl_vector_alloc (MIN (s.m, s.n));
  s.z = gsl_vector_alloc (s.n);
  s.residual = gsl_vector_alloc (s.m);
  s.gradient = gsl_vector_alloc (s.n);
  s.rank_tolerance = 64.0 * DBL_EPSILON * (double) MAX (s.m, s.n);
  rejected = g_new0 (gboolean, s.n);
  max_iterations = 3 * (guint) s.n + 100;

  {
    double anorm = 0.0;

    for (gsize j = 0; j < s.n; j++)
      {
        gsl_vector_const_view col = gsl_matrix_const_column (a, j);
        anorm = MAX (anorm, gsl_blas_dnrm2 (&col.vector));
      }
    tolerance = 10.0 * DBL_EPSILON * (double) MAX (s.m, s.n) * anorm * gsl_blas_dnrm2 (b);
  }

  if (warm)
    {
      gsize n_passive = 0;
      gboolean dummy;

      for (gsize j = 0; j < s.n; j++)
        {
          double xj = gsl_vector_get (x, j);

          if (isfinite (xj) && xj > 0.0 && n_passive < s.m)
            {
              s.passive[j] = TRUE;
              n_passive++;
            }
          else
            gsl_vector_set (x, j, 0.0);
        }
      if (n_passive > 0 && !inner_loop (&s, x, G_MAXSIZE, &dummy, &iterations, max_iterations, error))
        goto out;
      if (refine && n_passive > 0 && iterations > 0)
        iterations--;
    }
  else
    gsl_vector_set_zero (x);

  for (;;)
    {
      gsize best = G_MAXSIZE;
      double best_value = tolerance;
      gsize n_passive = 0;
      gboolean was_rejected;

      compute_gradient (&s, x);
      for (gsize j = 0; j < s.n; j++)
        {
          if (s.passive[j])
            {
              n_passive++;
              continue;
            }
          if (!rejected[j] && gsl_vector_get (s.gradient, j) > best_value)
            {
              best_value = gsl_vector_get (s.gradient, j);
              best = j;
            }
        }
      if (best == G_MAXSIZE || n_passive >= MIN (s.m, s.n))
        break;

      s.passive[best] = TRUE;
      if (!inner_loop (&s, x, best, &was_rejected, &iterations, max_iterations, error))
        goto out;
      if (was_rejected)
        rejected[best] = TRUE;
      else
        memset (rejected, 0, s.n * sizeof (gboolean));
    }

  ok = TRUE;

out:
  if (ok && info != NULL)
    {
      info->iterations = iterations;
      info->n_passive = 0;
      for (gsize j = 0; j < s.n; j++)
        if (gsl_vector_get (x, j) > 0.0)
          info->n_passive++;
      compute_gradient (&s, x);
      info->residual_norm = gsl_blas_dnrm2 (s.residual);
    }
  nnls_clear (&s);
  return ok;
}

gboolean
rlx_nnls_solve (const gsl_matrix *a,
                const gsl_vector *b,
                gsl_vector       *x,
                RlxNnlsFlags      flags,
                RlxNnlsInfo      *info,
                GError          **error)
{
  gsl_matrix *gram;
  gsl_vector *atb;
  RlxNnlsInfo gram_info = { 0 };
  gboolean warm = (flags & RLX_NNLS_FLAGS_WARM_START) != 0;
  gboolean ok;

  g_return_val_if_fail (a != NULL && b != NULL && x != NULL, FALSE);

  if (!check_input (a, b, x, error))
    return FALSE;
  if ((flags & RLX_NNLS_FLAGS_QR_ONLY) != 0)
    return nnls_qr (a, b, x, warm, warm, info, error);

  gram = gsl_matrix_alloc (a->size2, a->size2);
  atb = gsl_vector_alloc (a->size2);
  rlx_nnls_gram (a, gram);
  gsl_blas_dgemv (CblasTrans, 1.0, a, b, 0.0, atb);
  /* A Gram phase that stops early (rounding on a nearly singular G) still leaves a feasible x:
     the QR phase takes over from it. */
  rlx_nnls_solve_gram (gram, atb, x, flags, &gram_info, NULL);
  gsl_matrix_free (gram);
  gsl_vector_free (atb);

  ok = nnls_qr (a, b, x, TRUE, TRUE, info, error);
  if (ok && info != NULL)
    info->iterations += gram_info.iterations;
  return ok;
}

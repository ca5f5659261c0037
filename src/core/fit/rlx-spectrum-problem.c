/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-spectrum"

#include "config.h"

#include "rlx-spectrum-private.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multifit.h>

#include "rlx-core.h"
#include "rlx-debye.h"
#include "rlx-nnls.h"

/* Rows of K folded into R at a time: the block stays in cache while every reflector passes
   over it twice. */
#define QR_BLOCK_ROWS 64
/* Points of the GCV curve, and the relative tolerance of its minimisation. */
#define GCV_POINTS 100
#define GCV_RTOL 1e-4
/* Points of the curvature scan of the L-curve, and the absolute tolerance in ln λ of its
   maximisation. */
#define CORNER_POINTS 200
#define CORNER_LOG_TOL 1e-3

void
rlx_spectrum_problem_clear (RlxSpectrumProblem *p)
{
  g_clear_pointer (&p->k, gsl_matrix_free);
  g_clear_pointer (&p->y, gsl_vector_free);
  g_clear_pointer (&p->r, gsl_matrix_free);
  g_clear_pointer (&p->c, gsl_vector_free);
  g_clear_pointer (&p->l, gsl_matrix_free);
  g_clear_pointer (&p->aug, gsl_matrix_free);
  g_clear_pointer (&p->rhs, gsl_vector_free);
  g_clear_pointer (&p->rtr, gsl_matrix_free);
  g_clear_pointer (&p->ltl, gsl_matrix_free);
  g_clear_pointer (&p->rtc, gsl_vector_free);
  g_clear_pointer (&p->gram, gsl_matrix_free);
  g_clear_pointer (&p->lcurve_w, g_free);
  g_clear_pointer (&p->lcurve_passive, g_free);
  g_clear_pointer (&p->svd_s, g_free);
  g_clear_pointer (&p->svd_u, g_free);
  g_clear_pointer (&p->w, gsl_vector_free);
  g_clear_pointer (&p->tmp, gsl_vector_free);
  g_clear_pointer (&p->tmpl, gsl_vector_free);
}

/* y += a·x, unrolled: the compiler's default cost model does not vectorise loops of unknown
   length. */
static inline void
axpy (double * restrict       y,
      const double * restrict x,
      double                  a,
      gsize                   len)
{
  gsize k = 0;

  for (; k + 4 <= len; k += 4)
    {
      y[k] += a * x[k];
      y[k + 1] += a * x[k + 1];
      y[k + 2] += a * x[k + 2];
      y[k + 3] += a * x[k + 3];
    }
  for (; k < len; k++)
    y[k] += a * x[k];
}

/*
 * Folds the rows [B | b] (nb × (n + 1), row-major, destroyed) into the upper-triangular
 * [R | c] (n × (n + 1), row-major) by Householder reflections that each mix one row of R with
 * all rows of the block: afterwards [R | c] is the triangular factor of the stacked rows, and
 * what is left of b (the reflected right-hand side of rows that are now zero) adds to δ0².
 * This is Householder QR of K taken a block of rows at a time, with unit-stride inner loops.
 */
static void
qr_fold_rows (gsize   n,
              double *rc,
              double *blk,
              gsize   nb,
              double *v,
              double *s,
              double *delta0_sq)
{
  const gsize ld = n + 1;

  for (gsize j = 0; j < n; j++)
    {
      double *rj = rc + j * ld;
      double alpha = rj[j], sigma = 0.0, beta, tau, scale;
      gsize len = ld - (j + 1);

      for (gsize i = 0; i < nb; i++)
        {
          double x = blk[i * ld + j];

          v[i] = x;
          sigma += x * x;
        }
      if (sigma == 0.0)
        continue;

      beta = -copysign (sqrt (alpha * alpha + sigma), alpha);
      tau = (beta - alpha) / beta;
      scale = 1.0 / (alpha - beta);
      for (gsize i = 0; i < nb; i++)
        {
          v[i] *= scale;
          blk[i * ld + j] = 0.0;
        }
      rj[j] = beta;

      /* s = R[j, j+1:] + vᵀ B[:, j+1:]; then R[j, :] −= τ s and B −= τ v sᵀ. */
      memcpy (s, rj + j + 1, len * sizeof (double));
      for (gsize i = 0; i < nb; i++)
        axpy (s, blk + i * ld + j + 1, v[i], len);
      for (gsize k = 0; k < len; k++)
        {
          s[k] *= tau;
          rj[j + 1 + k] -= s[k];
        }
      for (gsize i = 0; i < nb; i++)
        axpy (blk + i * ld + j + 1, s, -v[i], len);
    }

  for (gsize i = 0; i < nb; i++)
    *delta0_sq += blk[i * ld + n] * blk[i * ld + n];
}

static void
reduce_by_qr (RlxSpectrumProblem *p)
{
  const gsize m = p->m, n = p->n, ld = n + 1;
  g_autofree double *rc = g_new0 (double, n * ld);
  g_autofree double *blk = g_new (double, QR_BLOCK_ROWS * ld);
  g_autofree double *v = g_new (double, QR_BLOCK_ROWS);
  g_autofree double *s = g_new (double, ld);

  p->delta0_sq = 0.0;
  for (gsize i0 = 0; i0 < m; i0 += QR_BLOCK_ROWS)
    {
      gsize nb = MIN (QR_BLOCK_ROWS, m - i0);

      for (gsize i = 0; i < nb; i++)
        {
          memcpy (blk + i * ld, gsl_matrix_const_ptr (p->k, i0 + i, 0), n * sizeof (double));
          blk[i * ld + n] = gsl_vector_get (p->y, i0 + i);
        }
      qr_fold_rows (n, rc, blk, nb, v, s, &p->delta0_sq);
    }

  p->r = gsl_matrix_calloc (n, n);
  p->c = gsl_vector_alloc (n);
  for (gsize i = 0; i < n; i++)
    {
      memcpy (gsl_matrix_ptr (p->r, i, i), rc + i * ld + i, (n - i) * sizeof (double));
      gsl_vector_set (p->c, i, rc[i * ld + n]);
    }
}

gboolean
rlx_spectrum_problem_init (RlxSpectrumProblem        *p,
                           const double              *t,
                           const double              *y,
                           gsize                      m,
                           const double              *tp,
                           const double              *e,
                           gsize                      n,
                           RlxSpectrumRegularisation  reg,
                           GError                   **error)
{
  g_autofree double *column = g_new (double, m);
  gsize mr;
  int status;

  p->m = m;
  p->n = n;
  p->k = gsl_matrix_alloc (m, n);
  p->y = gsl_vector_alloc (m);
  for (gsize i = 0; i < m; i++)
    gsl_vector_set (p->y, i, y[i]);
  for (gsize j = 0; j < n; j++)
    {
      gboolean ok = rlx_debye_heating_block (t, m, 1.0, e[j] / RLX_GAS_CONSTANT, tp[j], 0.0, NAN,
                                             column, NULL);

      for (gsize i = 0; i < m; i++)
        {
          if (!ok && !isfinite (column[i]))
            {
              g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                           "The Debye kernel at Tp = %.2f K, E = %.4g kJ/mol is not finite at "
                           "T = %.2f K", tp[j], e[j] / 1000.0, t[i]);
              return FALSE;
            }
          gsl_matrix_set (p->k, i, j, column[i]);
        }
    }

  /* ‖K w − y‖² = ‖R w − c‖² + δ0²: every later solve works on n rows, not m. */
  if (m >= n)
    {
      reduce_by_qr (p);
      mr = n;
    }
  else
    {
      mr = m;
      p->r = gsl_matrix_alloc (m, n);
      p->c = gsl_vector_alloc (m);
      gsl_matrix_memcpy (p->r, p->k);
      gsl_vector_memcpy (p->c, p->y);
      p->delta0_sq = 0.0;
    }

  switch (reg)
    {
    case RLX_SPECTRUM_REG_IDENTITY:
      p->nl = n;
      p->l = gsl_matrix_alloc (n, n);
      gsl_matrix_set_identity (p->l);
      break;
    case RLX_SPECTRUM_REG_SECOND_DIFFERENCE:
      if (n < 3)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                       "A second-difference regulariser needs at least 3 grid columns (got %zu)", n);
          return FALSE;
        }
      p->nl = n - 2;
      p->l = gsl_matrix_alloc (n - 2, n);
      status = gsl_multifit_linear_Lk (n, 2, p->l);
      if (status != GSL_SUCCESS)
        {
          g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                       "Could not build the second-difference operator (%s)", gsl_strerror (status));
          return FALSE;
        }
      break;
    case RLX_SPECTRUM_REG_NONE:
    default:
      p->nl = 0;
      break;
    }

  p->aug = gsl_matrix_calloc (mr + p->nl, n);
  p->rhs = gsl_vector_calloc (mr + p->nl);
  {
    gsl_matrix_view top = gsl_matrix_submatrix (p->aug, 0, 0, mr, n);
    gsl_vector_view rtop = gsl_vector_subvector (p->rhs, 0, mr);

    gsl_matrix_memcpy (&top.matrix, p->r);
    gsl_vector_memcpy (&rtop.vector, p->c);
  }

  /* The normal equations of every λ share RᵀR, LᵀL and Rᵀc: each solve then costs O(n·p) per
     active-set step instead of a QR of the (mr + nl)-row passive columns. */
  p->rtr = gsl_matrix_alloc (n, n);
  rlx_nnls_gram (p->r, p->rtr);
  p->rtc = gsl_vector_alloc (n);
  gsl_blas_dgemv (CblasTrans, 1.0, p->r, p->c, 0.0, p->rtc);
  if (p->nl > 0)
    {
      p->ltl = gsl_matrix_alloc (n, n);
      rlx_nnls_gram (p->l, p->ltl);
    }
  p->gram = gsl_matrix_alloc (n, n);
  p->w = gsl_vector_calloc (n);
  p->tmp = gsl_vector_alloc (mr);
  if (p->nl > 0)
    p->tmpl = gsl_vector_alloc (p->nl);
  return TRUE;
}

gboolean
rlx_spectrum_problem_solve (RlxSpectrumProblem *p,
                            double              lambda,
                            gboolean            warm,
                            gboolean            exact,
                            double             *residual_norm,
                            double             *seminorm,
                            GError            **error)
{
  RlxNnlsInfo info = { 0 };
  gsize mr = p->r->size1;
  double rho_sq;

  if (p->cancellable != NULL && g_cancellable_is_cancelled (p->cancellable))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_CANCELLED,
                   "The spectrum computation was cancelled");
      return FALSE;
    }

  gsl_matrix_memcpy (p->gram, p->rtr);
  if (p->nl > 0)
    {
      double l2 = lambda * lambda;

      for (gsize i = 0; i < p->n; i++)
        {
          double *gi = gsl_matrix_ptr (p->gram, i, 0);
          const double *li = gsl_matrix_const_ptr (p->ltl, i, 0);

          for (gsize j = 0; j < p->n; j++)
            gi[j] += l2 * li[j];
        }
    }

  /* A Gram phase that runs into rounding (nearly dependent columns at tiny λ) leaves a feasible
     iterate; the QR method finishes from there. */
  if (!rlx_nnls_solve_gram (p->gram, p->rtc, p->w,
                            warm ? RLX_NNLS_FLAGS_WARM_START : RLX_NNLS_FLAGS_NONE, &info, NULL))
    exact = TRUE;
  p->iterations += info.iterations;
  p->n_passive = info.n_passive;

  if (exact)
    {
      if (p->nl > 0)
        {
          gsl_matrix_view bottom = gsl_matrix_submatrix (p->aug, mr, 0, p->nl, p->n);

          gsl_matrix_memcpy (&bottom.matrix, p->l);
          gsl_matrix_scale (&bottom.matrix, lambda);
        }
      if (!rlx_nnls_solve (p->aug, p->rhs, p->w, RLX_NNLS_FLAGS_WARM_START | RLX_NNLS_FLAGS_QR_ONLY,
                           &info, error))
        return FALSE;
      p->iterations += info.iterations;
      p->n_passive = info.n_passive;
    }

  gsl_vector_memcpy (p->tmp, p->c);
  gsl_blas_dgemv (CblasNoTrans, 1.0, p->r, p->w, -1.0, p->tmp);
  rho_sq = gsl_blas_dnrm2 (p->tmp);
  rho_sq = rho_sq * rho_sq + p->delta0_sq;
  *residual_norm = sqrt (MAX (rho_sq, 0.0));

  if (p->nl > 0)
    {
      gsl_blas_dgemv (CblasNoTrans, 1.0, p->l, p->w, 0.0, p->tmpl);
      *seminorm = gsl_blas_dnrm2 (p->tmpl);
    }
  else
    *seminorm = gsl_blas_dnrm2 (p->w);
  return TRUE;
}

void
rlx_spectrum_problem_fit (RlxSpectrumProblem *p,
                          const double       *w,
                          double             *fit)
{
  gsl_vector_const_view wv = gsl_vector_const_view_array (w, p->n);
  gsl_vector_view fv = gsl_vector_view_array (fit, p->m);

  gsl_blas_dgemv (CblasNoTrans, 1.0, p->k, &wv.vector, 0.0, &fv.vector);
}

/*
 * The reduced problem (R, c) in standard form, min ‖X v − z‖² + λ²‖v‖² (GSL's transformation).
 * R is square, so X is nl×nl (or n×n for L = I). Its singular values are those of the full m-row
 * problem, and its z carries the same Uᵀz; only the part of y outside the range of K, δ0², is
 * missing, which the GCV below adds back.
 */
static gboolean
standard_form (RlxSpectrumProblem *p,
               gsl_matrix        **x_out,
               gsl_vector        **z_out,
               GError            **error)
{
  gsize n = p->n, mr = p->r->size1;
  gsl_matrix *x = NULL;
  gsl_vector *z = NULL;
  int status = GSL_SUCCESS;

  if (p->l->size1 == n)
    {
      x = gsl_matrix_alloc (mr, n);
      z = gsl_vector_alloc (mr);
      gsl_matrix_memcpy (x, p->r);
      gsl_vector_memcpy (z, p->c);
    }
  else
    {
      gsize ml = p->l->size1;
      gsize ms = mr - n + ml;
      gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc (mr, n);
      gsl_matrix *lqr = gsl_matrix_alloc (ml, n);
      gsl_vector *ltau = gsl_vector_alloc (MIN (ml, n));
      gsl_matrix *mm = gsl_matrix_alloc (mr, n);

      x = gsl_matrix_alloc (ms, ml);
      z = gsl_vector_alloc (ms);
      gsl_matrix_memcpy (lqr, p->l);
      status = gsl_multifit_linear_L_decomp (lqr, ltau);
      if (status == GSL_SUCCESS)
        status = gsl_multifit_linear_stdform2 (lqr, ltau, p->r, p->c, x, z, mm, work);
      gsl_multifit_linear_free (work);
      gsl_matrix_free (lqr);
      gsl_vector_free (ltau);
      gsl_matrix_free (mm);
    }

  if (status != GSL_SUCCESS)
    {
      gsl_matrix_free (x);
      gsl_vector_free (z);
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                   "Standard-form transformation of the regularised problem failed (%s)",
                   gsl_strerror (status));
      return FALSE;
    }
  *x_out = x;
  *z_out = z;
  return TRUE;
}

/*
 * Number of singular values of the upper bidiagonal B (diagonal d, superdiagonal e) below x,
 * from a Sturm count on the Golub–Kahan tridiagonal [0 d0 0 e0 …]: zero diagonal, off-diagonal
 * d0, e0, d1, e1, …, d_{N−1}, whose eigenvalues are ±σ_i. Bisection on it is accurate to about
 * ε·σ_max in every singular value without forming BᵀB.
 */
static gsize
bidiag_count_below (const double *d,
                    const double *e,
                    gsize         nd,
                    double        x)
{
  gsize negatives = 0;
  double q = -x;
  const double tiny = 1e-300;

  if (q < 0.0)
    negatives++;
  for (gsize k = 1; k < 2 * nd; k++)
    {
      double off = (k % 2 == 1) ? d[k / 2] : e[k / 2 - 1];

      if (q == 0.0)
        q = -tiny;
      q = -x - off * off / q;
      if (q < 0.0)
        negatives++;
    }
  /* Eigenvalues below x > 0: the nd non-positive ones and the σ_i < x. */
  return negatives > nd ? negatives - nd : 0;
}

/* The rank-th smallest singular value (1 = smallest, nd = largest) in (0, bound]; values below
   floor are only located to within floor. */
static double
bidiag_singular_value (const double *d,
                       const double *e,
                       gsize         nd,
                       gsize         rank,
                       double        bound,
                       double        floor)
{
  double a = 0.0, b = bound;

  for (guint it = 0; it < 200 && b - a > 4e-16 * b && b > floor; it++)
    {
      double mid = 0.5 * (a + b);

      if (bidiag_count_below (d, e, nd, mid) >= rank)
        b = mid;
      else
        a = mid;
    }
  return 0.5 * (a + b);
}

gboolean
rlx_spectrum_problem_lambda_range (RlxSpectrumProblem *p,
                                   double             *lo,
                                   double             *hi,
                                   GError            **error)
{
  gsl_matrix *x = NULL;
  gsl_vector *z = NULL;
  g_autofree double *d = NULL;
  g_autofree double *e = NULL;
  double smax, smin, bound = 0.0;
  gsize nd;
  int status;

  if (p->s_max > 0.0)
    {
      *hi = 10.0 * p->s_max;
      *lo = MAX (p->s_min, 1e-7 * p->s_max);
      return TRUE;
    }

  if (!standard_form (p, &x, &z, error))
    return FALSE;
  gsl_vector_free (z);

  /* Only the extreme singular values are needed: bidiagonalise and bisect, instead of a full
     SVD with both sets of singular vectors. */
  nd = MIN (x->size1, x->size2);
  if (x->size1 < x->size2)
    {
      gsl_matrix *xt = gsl_matrix_alloc (x->size2, x->size1);

      gsl_matrix_transpose_memcpy (xt, x);
      gsl_matrix_free (x);
      x = xt;
    }
  {
    gsl_vector *tau_u = gsl_vector_alloc (x->size2);
    gsl_vector *tau_v = gsl_vector_alloc (MAX (x->size2, 2) - 1);

    status = gsl_linalg_bidiag_decomp (x, tau_u, tau_v);
    gsl_vector_free (tau_u);
    gsl_vector_free (tau_v);
  }
  if (status != GSL_SUCCESS)
    {
      gsl_matrix_free (x);
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                   "Bidiagonalisation of the regularised problem failed (%s)", gsl_strerror (status));
      return FALSE;
    }
  d = g_new (double, nd);
  e = g_new0 (double, MAX (nd, 2) - 1);
  for (gsize i = 0; i < nd; i++)
    {
      d[i] = gsl_matrix_get (x, i, i);
      if (i + 1 < nd)
        e[i] = gsl_matrix_get (x, i, i + 1);
    }
  gsl_matrix_free (x);

  /* Gershgorin bound on the Golub–Kahan matrix. */
  for (gsize i = 0; i < nd; i++)
    bound = MAX (bound, fabs (d[i]) + (i > 0 ? fabs (e[i - 1]) : 0.0) +
                        (i + 1 < nd ? fabs (e[i]) : 0.0));
  for (gsize i = 0; i + 1 < nd; i++)
    bound = MAX (bound, fabs (e[i]) + fabs (d[i]) + fabs (d[i + 1]));
  bound *= 1.0 + 1e-12;

  smax = bound > 0.0 && isfinite (bound) ? bidiag_singular_value (d, e, nd, nd, bound, 0.0) : 0.0;
  /* s_min only matters above 1e-7·s_max. */
  smin = smax > 0.0 ? bidiag_singular_value (d, e, nd, 1, smax, 1e-9 * smax) : 0.0;

  if (!(smax > 0.0) || !isfinite (smax))
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                   "The kernel matrix is zero over the data; the grid does not cover the peak");
      return FALSE;
    }
  *hi = 10.0 * smax;
  *lo = MAX (smin, 1e-7 * smax);
  return TRUE;
}

/*
 * The SVD of the standard form, kept for GCV and the L-curve corner. X is square for the
 * reduced problem (or wide when there are fewer data points than columns: then Xᵀ is decomposed
 * and its right singular vectors are the left ones of X).
 */
gboolean
rlx_spectrum_problem_svd (RlxSpectrumProblem *p,
                          GError            **error)
{
  gsl_matrix *x = NULL, *v = NULL;
  gsl_vector *z = NULL, *sv = NULL, *work = NULL;
  gboolean wide;
  double unorm2 = 0.0, z2;
  gsize q;
  int status;

  if (p->svd_s != NULL)
    return TRUE;
  if (!standard_form (p, &x, &z, error))
    return FALSE;
  wide = x->size1 < x->size2;
  if (wide)
    {
      gsl_matrix *xt = gsl_matrix_alloc (x->size2, x->size1);

      gsl_matrix_transpose_memcpy (xt, x);
      gsl_matrix_free (x);
      x = xt;
    }
  q = x->size2;
  v = gsl_matrix_alloc (q, q);
  sv = gsl_vector_alloc (q);
  work = gsl_vector_alloc (q);
  status = gsl_linalg_SV_decomp (x, v, sv, work);
  gsl_vector_free (work);
  if (status != GSL_SUCCESS)
    {
      gsl_matrix_free (x);
      gsl_matrix_free (v);
      gsl_vector_free (z);
      gsl_vector_free (sv);
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                   "SVD of the regularised problem failed (%s)", gsl_strerror (status));
      return FALSE;
    }

  p->svd_p = q;
  p->svd_u = g_new (double, q);
  {
    gsl_vector_view uv = gsl_vector_view_array (p->svd_u, q);

    gsl_blas_dgemv (CblasTrans, 1.0, wide ? v : x, z, 0.0, &uv.vector);
  }
  for (gsize i = 0; i < q; i++)
    unorm2 += p->svd_u[i] * p->svd_u[i];
  z2 = gsl_blas_dnrm2 (z);
  p->svd_extra = MAX (z2 * z2 - unorm2, 0.0) + p->delta0_sq;
  p->svd_s = g_memdup2 (sv->data, q * sizeof (double));
  /* GSL orders singular values decreasingly. */
  p->s_max = p->svd_s[0];
  p->s_min = p->svd_s[q - 1];

  gsl_matrix_free (x);
  gsl_matrix_free (v);
  gsl_vector_free (z);
  gsl_vector_free (sv);
  return TRUE;
}

/* GCV(λ) = ‖y − K w_λ‖² / (m − trace H_λ)² for the unconstrained Tikhonov solution, through the
   standard-form singular values s and projections u = Uᵀz. */
typedef struct
{
  const double *s;
  const double *u;
  gsize p;
  double extra;     /* residual no λ changes: δ0² plus the part of z outside the range of U */
  double dof;       /* m − p: data points beyond the standard-form columns */
} GcvData;

static double
gcv_function (double  lambda,
              void   *data)
{
  const GcvData *g = data;
  double l2 = lambda * lambda, rss = g->extra, denominator = g->dof;

  for (gsize i = 0; i < g->p; i++)
    {
      double f = l2 / (g->s[i] * g->s[i] + l2);   /* 1 − filter factor */

      rss += f * f * g->u[i] * g->u[i];
      denominator += f;
    }
  return rss / (denominator * denominator);
}

gboolean
rlx_spectrum_problem_gcv (RlxSpectrumProblem *p,
                          double             *lambda,
                          GError            **error)
{
  gsl_vector *reg = NULL;
  g_autofree double *gv = NULL;
  GcvData g = { 0 };
  gsize best = 0;
  int status = GSL_SUCCESS;

  if (p->m < p->n)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_INVALID,
                   "Generalised cross-validation needs at least as many data points as grid "
                   "columns; use the discrepancy principle or the L-curve");
      return FALSE;
    }
  if (!rlx_spectrum_problem_svd (p, error))
    return FALSE;

  g.p = p->svd_p;
  g.s = p->svd_s;
  g.u = p->svd_u;
  g.extra = p->svd_extra;
  /* On all m data points: the standard form of the full problem has m − n + p rows. */
  g.dof = (double) p->m - (double) p->n;

  reg = gsl_vector_alloc (GCV_POINTS);
  gv = g_new (double, GCV_POINTS);
  gsl_multifit_linear_lreg (p->s_min, p->s_max, reg);
  for (gsize i = 0; i < GCV_POINTS; i++)
    {
      gv[i] = gcv_function (gsl_vector_get (reg, i), &g);
      if (gv[i] < gv[best])
        best = i;
    }

  if (best == 0 || best == GCV_POINTS - 1)
    *lambda = gsl_vector_get (reg, best);
  else
    {
      gsl_min_fminimizer *min = gsl_min_fminimizer_alloc (gsl_min_fminimizer_brent);
      gsl_function f = { gcv_function, &g };
      double a = gsl_vector_get (reg, best + 1), b = gsl_vector_get (reg, best - 1);
      guint it = 0;

      /* lreg orders λ decreasingly. A flat minimum over the three grid points (the minimiser
         then refuses the bracket) keeps the grid point. */
      *lambda = gsl_vector_get (reg, best);
      if (gsl_min_fminimizer_set (min, &f, *lambda, a, b) == GSL_SUCCESS)
        {
          do
            {
              status = gsl_min_fminimizer_iterate (min);
              if (status != GSL_SUCCESS)
                break;
              status = gsl_min_test_interval (gsl_min_fminimizer_x_lower (min),
                                              gsl_min_fminimizer_x_upper (min), 0.0, GCV_RTOL);
            }
          while (status == GSL_CONTINUE && ++it < 500);
          if (status == GSL_SUCCESS)
            *lambda = gsl_min_fminimizer_x_minimum (min);
          else if (status == GSL_CONTINUE)
            status = GSL_EMAXITER;
        }
      gsl_min_fminimizer_free (min);
    }

  gsl_vector_free (reg);
  if (status != GSL_SUCCESS || !isfinite (*lambda) || *lambda <= 0.0)
    {
      g_set_error (error, RLX_SPECTRUM_ERROR, RLX_SPECTRUM_ERROR_FAILED,
                   "Generalised cross-validation found no λ (%s); use the discrepancy principle "
                   "or the L-curve", gsl_strerror (status));
      return FALSE;
    }
  return TRUE;
}

/*
 * Curvature of the unconstrained L-curve, exactly from the filter factors (no differencing of
 * sampled points). With f_i = s_i²/(s_i² + λ²) and ξ_i = u_i/s_i:
 *   η² = Σ f² ξ²,  ρ² = Σ (1 − f)² u² + extra,  f′ = −2f(1 − f)/λ,  f″ = −f′(3 − 4f)/λ,
 * and the curvature of (log ρ, log η) as a plane curve in λ is
 *   κ = (X′Y″ − X″Y′) / (X′² + Y′²)^{3/2},  X = log ρ, Y = log η.
 * The constant part of the residual (δ0², the data no kernel combination reaches) is part of ρ,
 * so the curve is that of ‖K w − y‖ as the NNLS L-curve shows it.
 */
double
rlx_spectrum_problem_lcurve_curvature (const RlxSpectrumProblem *p,
                                       double                    lambda)
{
  double eta2 = 0.0, rho2 = p->svd_extra;
  double deta2 = 0.0, drho2 = 0.0, ddeta2 = 0.0, ddrho2 = 0.0;
  double x1, y1, x2, y2, speed2;

  for (gsize i = 0; i < p->svd_p; i++)
    {
      double s = p->svd_s[i], u2 = p->svd_u[i] * p->svd_u[i];
      double f, g, f1, f2, xi2;

      if (!(s > 0.0))
        {
          rho2 += u2;
          continue;
        }
      f = s * s / (s * s + lambda * lambda);
      g = lambda * lambda / (s * s + lambda * lambda);   /* 1 − f without cancellation */
      f1 = -2.0 * f * g / lambda;
      f2 = -f1 * (3.0 - 4.0 * f) / lambda;
      xi2 = u2 / (s * s);
      eta2 += f * f * xi2;
      rho2 += g * g * u2;
      /* Derivatives of η² and ρ² in λ. */
      deta2 += 2.0 * f * f1 * xi2;
      ddeta2 += 2.0 * (f1 * f1 + f * f2) * xi2;
      drho2 += -2.0 * g * f1 * u2;
      ddrho2 += 2.0 * (f1 * f1 - g * f2) * u2;
    }
  if (!(eta2 > 0.0) || !(rho2 > 0.0))
    return 0.0;

  /* X = ½ log ρ², so X′ = ½ (ρ²)′/ρ², X″ = ½ [(ρ²)″/ρ² − ((ρ²)′/ρ²)²]. */
  x1 = 0.5 * drho2 / rho2;
  x2 = 0.5 * (ddrho2 / rho2 - (drho2 / rho2) * (drho2 / rho2));
  y1 = 0.5 * deta2 / eta2;
  y2 = 0.5 * (ddeta2 / eta2 - (deta2 / eta2) * (deta2 / eta2));
  speed2 = x1 * x1 + y1 * y1;
  if (!(speed2 > 0.0) || !isfinite (speed2))
    return 0.0;
  return (x1 * y2 - x2 * y1) / (speed2 * sqrt (speed2));
}

static double
negative_curvature (double  log_lambda,
                    void   *data)
{
  return -rlx_spectrum_problem_lcurve_curvature (data, exp (log_lambda));
}

gboolean
rlx_spectrum_problem_lcurve_corner (RlxSpectrumProblem *p,
                                    double              lo,
                                    double              hi,
                                    double             *lambda,
                                    double             *curvature,
                                    GError            **error)
{
  double kappa[CORNER_POINTS];
  double a = log (lo), b = log (hi);
  gsize best = 0;
  int status = GSL_SUCCESS;

  *lambda = NAN;
  *curvature = NAN;
  if (!rlx_spectrum_problem_svd (p, error))
    return FALSE;
  if (!(hi > lo) || !(lo > 0.0))
    return FALSE;

  for (gsize i = 0; i < CORNER_POINTS; i++)
    {
      kappa[i] = rlx_spectrum_problem_lcurve_curvature (p, exp (a + (b - a) * (double) i /
                                                                 (CORNER_POINTS - 1)));
      if (kappa[i] > kappa[best])
        best = i;
    }
  *curvature = kappa[best];
  *lambda = exp (a + (b - a) * (double) best / (CORNER_POINTS - 1));
  /* A maximum at an end of the scan is no corner: the curve keeps bending beyond the range. */
  if (best == 0 || best == CORNER_POINTS - 1 || !(kappa[best] > 0.0))
    return FALSE;

  {
    gsl_min_fminimizer *min = gsl_min_fminimizer_alloc (gsl_min_fminimizer_brent);
    gsl_function f = { negative_curvature, p };
    double xa = a + (b - a) * (double) (best - 1) / (CORNER_POINTS - 1);
    double xb = a + (b - a) * (double) (best + 1) / (CORNER_POINTS - 1);
    double x0 = log (*lambda);
    guint it = 0;

    /* A flat maximum (the minimiser refuses the bracket) keeps the grid point. */
    if (gsl_min_fminimizer_set_with_values (min, &f, x0, -kappa[best], xa, -kappa[best - 1],
                                            xb, -kappa[best + 1]) == GSL_SUCCESS)
      {
        do
          {
            status = gsl_min_fminimizer_iterate (min);
            if (status != GSL_SUCCESS)
              break;
            status = gsl_min_test_interval (gsl_min_fminimizer_x_lower (min),
                                            gsl_min_fminimizer_x_upper (min), CORNER_LOG_TOL, 0.0);
          }
        while (status == GSL_CONTINUE && ++it < 100);
        if (status == GSL_SUCCESS)
          {
            *lambda = exp (gsl_min_fminimizer_x_minimum (min));
            *curvature = -gsl_min_fminimizer_f_minimum (min);
          }
      }
    gsl_min_fminimizer_free (min);
  }
  return TRUE;
}

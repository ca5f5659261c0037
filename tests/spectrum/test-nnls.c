/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "rlx-nnls.h"

static void
random_problem (gsl_rng     *rng,
                gsize        m,
                gsize        n,
                gsl_matrix **a,
                gsl_vector **b)
{
  *a = gsl_matrix_alloc (m, n);
  *b = gsl_vector_alloc (m);
  for (gsize i = 0; i < m; i++)
    {
      gsl_vector_set (*b, i, gsl_ran_gaussian (rng, 1.0));
      for (gsize j = 0; j < n; j++)
        gsl_matrix_set (*a, i, j, gsl_ran_gaussian (rng, 1.0));
    }
}

/* x ≥ 0, g = Aᵀ(b − Ax) ≤ tol where x = 0 and |g| ≤ tol where x > 0. */
static void
assert_kkt (const gsl_matrix *a,
            const gsl_vector *b,
            const gsl_vector *x,
            double            tol)
{
  gsl_vector *r = gsl_vector_alloc (a->size1);
  gsl_vector *g = gsl_vector_alloc (a->size2);

  gsl_vector_memcpy (r, b);
  gsl_blas_dgemv (CblasNoTrans, -1.0, a, x, 1.0, r);
  gsl_blas_dgemv (CblasTrans, 1.0, a, r, 0.0, g);
  for (gsize j = 0; j < x->size; j++)
    {
      double xj = gsl_vector_get (x, j), gj = gsl_vector_get (g, j);

      g_assert_cmpfloat (xj, >=, 0.0);
      if (xj > 0.0)
        g_assert_cmpfloat (fabs (gj), <=, tol);
      else
        g_assert_cmpfloat (gj, <=, tol);
    }
  gsl_vector_free (r);
  gsl_vector_free (g);
}

static void
test_known (void)
{
  /* Orthonormal columns: the answer is max(Aᵀb, 0). */
  double av[] = { 1, 0, 0,
                  0, 1, 0,
                  0, 0, 1,
                  0, 0, 0 };
  double bv[] = { 2.0, -1.0, 0.5, 3.0 };
  gsl_matrix_view a = gsl_matrix_view_array (av, 4, 3);
  gsl_vector_view b = gsl_vector_view_array (bv, 4);
  gsl_vector *x = gsl_vector_alloc (3);
  g_autoptr(GError) error = NULL;
  RlxNnlsInfo info;

  g_assert_true (rlx_nnls_solve (&a.matrix, &b.vector, x, RLX_NNLS_FLAGS_NONE, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (gsl_vector_get (x, 0), 2.0, 1e-14);
  g_assert_cmpfloat (gsl_vector_get (x, 1), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (gsl_vector_get (x, 2), 0.5, 1e-14);
  g_assert_cmpuint (info.n_passive, ==, 2);
  g_assert_cmpfloat_with_epsilon (info.residual_norm, sqrt (1.0 + 9.0), 1e-13);

  /* A textbook case where the unconstrained solution is negative in one entry:
     A = [[1, 1], [1, 2], [1, 3]], b = [3, 2, 1]: LS gives (4, −1); NNLS gives (2, 0). */
  {
    double a2[] = { 1, 1, 1, 2, 1, 3 };
    double b2[] = { 3, 2, 1 };
    gsl_matrix_view aa = gsl_matrix_view_array (a2, 3, 2);
    gsl_vector_view bb = gsl_vector_view_array (b2, 3);
    gsl_vector *x2 = gsl_vector_alloc (2);

    g_assert_true (rlx_nnls_solve (&aa.matrix, &bb.vector, x2, RLX_NNLS_FLAGS_NONE, NULL, &error));
    g_assert_cmpfloat_with_epsilon (gsl_vector_get (x2, 0), 2.0, 1e-13);
    g_assert_cmpfloat (gsl_vector_get (x2, 1), ==, 0.0);
    gsl_vector_free (x2);
  }
  gsl_vector_free (x);
}

static void
test_kkt (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const gsize sizes[][2] = { { 30, 10 }, { 60, 25 }, { 200, 80 }, { 25, 25 }, { 10, 30 } };

  gsl_rng_set (rng, 20240501);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    for (guint rep = 0; rep < 5; rep++)
      {
        gsl_matrix *a;
        gsl_vector *b, *x;
        g_autoptr(GError) error = NULL;
        RlxNnlsInfo info;

        random_problem (rng, sizes[k][0], sizes[k][1], &a, &b);
        x = gsl_vector_alloc (sizes[k][1]);
        g_assert_true (rlx_nnls_solve (a, b, x, RLX_NNLS_FLAGS_NONE, &info, &error));
        g_assert_no_error (error);
        assert_kkt (a, b, x, 1e-9);
        g_assert_cmpuint (info.n_passive, <=, MIN (sizes[k][0], sizes[k][1]));
        gsl_matrix_free (a);
        gsl_vector_free (b);
        gsl_vector_free (x);
      }
  gsl_rng_free (rng);
}

/* Exhaustive NNLS: the optimum is the unconstrained LS solution on some subset of columns that
   happens to be non-negative; try every subset. */
static double
exhaustive (const gsl_matrix *a,
            const gsl_vector *b,
            gsl_vector       *best_x)
{
  gsize m = a->size1, n = a->size2;
  double best = gsl_blas_dnrm2 (b);

  gsl_vector_set_zero (best_x);
  for (guint mask = 1; mask < (1u << n); mask++)
    {
      guint p = (guint) __builtin_popcount (mask);
      gsl_matrix *sub = gsl_matrix_alloc (m, p);
      gsl_vector *tau = gsl_vector_alloc (p);
      gsl_vector *z = gsl_vector_alloc (p);
      gsl_vector *res = gsl_vector_alloc (m);
      gboolean feasible = TRUE;
      guint k = 0;

      for (gsize j = 0; j < n; j++)
        if (mask & (1u << j))
          {
            gsl_vector_const_view col = gsl_matrix_const_column (a, j);
            gsl_matrix_set_col (sub, k++, &col.vector);
          }
      g_assert_cmpint (gsl_linalg_QR_decomp (sub, tau), ==, GSL_SUCCESS);
      g_assert_cmpint (gsl_linalg_QR_lssolve (sub, tau, b, z, res), ==, GSL_SUCCESS);
      for (k = 0; k < p; k++)
        if (gsl_vector_get (z, k) < 0.0)
          feasible = FALSE;
      if (feasible && gsl_blas_dnrm2 (res) < best)
        {
          best = gsl_blas_dnrm2 (res);
          gsl_vector_set_zero (best_x);
          k = 0;
          for (gsize j = 0; j < n; j++)
            if (mask & (1u << j))
              gsl_vector_set (best_x, j, gsl_vector_get (z, k++));
        }
      gsl_matrix_free (sub);
      gsl_vector_free (tau);
      gsl_vector_free (z);
      gsl_vector_free (res);
    }
  return best;
}

static void
test_exhaustive (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, 7);
  for (guint rep = 0; rep < 40; rep++)
    {
      gsize m = 6 + rep % 5, n = 3 + rep % 4;
      gsl_matrix *a;
      gsl_vector *b;
      gsl_vector *x = gsl_vector_alloc (n), *xe = gsl_vector_alloc (n);
      g_autoptr(GError) error = NULL;
      RlxNnlsInfo info;
      double best;

      random_problem (rng, m, n, &a, &b);
      best = exhaustive (a, b, xe);
      g_assert_true (rlx_nnls_solve (a, b, x, RLX_NNLS_FLAGS_NONE, &info, &error));
      g_assert_cmpfloat_with_epsilon (info.residual_norm, best, 1e-10 * MAX (best, 1.0));
      for (gsize j = 0; j < n; j++)
        g_assert_cmpfloat_with_epsilon (gsl_vector_get (x, j), gsl_vector_get (xe, j), 1e-9);
      gsl_matrix_free (a);
      gsl_vector_free (b);
      gsl_vector_free (x);
      gsl_vector_free (xe);
    }
  gsl_rng_free (rng);
}

static void
test_warm_start (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_matrix *a;
  gsl_vector *b, *x, *xw;
  g_autoptr(GError) error = NULL;
  RlxNnlsInfo cold, warm;

  gsl_rng_set (rng, 99);
  random_problem (rng, 120, 40, &a, &b);
  x = gsl_vector_alloc (40);
  xw = gsl_vector_alloc (40);
  g_assert_true (rlx_nnls_solve (a, b, x, RLX_NNLS_FLAGS_NONE, &cold, &error));

  /* Warm start from the solution, perturbed (some entries switched on, some off). */
  gsl_vector_memcpy (xw, x);
  for (gsize j = 0; j < 40; j += 3)
    gsl_vector_set (xw, j, gsl_vector_get (xw, j) > 0.0 ? 0.0 : 0.1);
  g_assert_true (rlx_nnls_solve (a, b, xw, RLX_NNLS_FLAGS_WARM_START, &warm, &error));
  g_assert_cmpfloat_with_epsilon (warm.residual_norm, cold.residual_norm, 1e-10);
  for (gsize j = 0; j < 40; j++)
    g_assert_cmpfloat_with_epsilon (gsl_vector_get (xw, j), gsl_vector_get (x, j), 1e-9);
  assert_kkt (a, b, xw, 1e-9);

  /* From the exact solution it needs at most one passive solve and one gradient check. */
  gsl_vector_memcpy (xw, x);
  g_assert_true (rlx_nnls_solve (a, b, xw, RLX_NNLS_FLAGS_WARM_START, &warm, &error));
  g_assert_cmpuint (warm.iterations, <=, 1);

  gsl_matrix_free (a);
  gsl_vector_free (b);
  gsl_vector_free (x);
  gsl_vector_free (xw);
  gsl_rng_free (rng);
}

static void
test_collinear (void)
{
  /* Two identical columns and one that is their sum: the fit must still be exact and
     non-negative, whatever split it picks. */
  gsl_matrix *a = gsl_matrix_alloc (20, 3);
  gsl_vector *b = gsl_vector_alloc (20);
  gsl_vector *x = gsl_vector_alloc (3);
  g_autoptr(GError) error = NULL;
  RlxNnlsInfo info;

  for (gsize i = 0; i < 20; i++)
    {
      double v = exp (-0.1 * (double) i);

      gsl_matrix_set (a, i, 0, v);
      gsl_matrix_set (a, i, 1, v);
      gsl_matrix_set (a, i, 2, 2.0 * v);
      gsl_vector_set (b, i, 3.0 * v);
    }
  g_assert_true (rlx_nnls_solve (a, b, x, RLX_NNLS_FLAGS_NONE, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (info.residual_norm, <, 1e-12);
  g_assert_cmpfloat_with_epsilon (gsl_vector_get (x, 0) + gsl_vector_get (x, 1) +
                                  2.0 * gsl_vector_get (x, 2), 3.0, 1e-12);
  gsl_matrix_free (a);
  gsl_vector_free (b);
  gsl_vector_free (x);
}

/* Gram form: x ≥ 0, w = Aᵀb − Gx ≤ tol where x = 0 and |w| ≤ tol where x > 0. */
static void
assert_kkt_gram (const gsl_matrix *g,
                 const gsl_vector *h,
                 const gsl_vector *x,
                 double            tol)
{
  gsl_vector *w = gsl_vector_alloc (h->size);

  gsl_vector_memcpy (w, h);
  gsl_blas_dgemv (CblasNoTrans, -1.0, g, x, 1.0, w);
  for (gsize j = 0; j < x->size; j++)
    {
      double xj = gsl_vector_get (x, j), wj = gsl_vector_get (w, j);

      g_assert_cmpfloat (xj, >=, 0.0);
      if (xj > 0.0)
        g_assert_cmpfloat (fabs (wj), <=, tol);
      else
        g_assert_cmpfloat (wj, <=, tol);
    }
  gsl_vector_free (w);
}

static void
gram_of (const gsl_matrix  *a,
         const gsl_vector  *b,
         gsl_matrix       **g,
         gsl_vector       **h)
{
  *g = gsl_matrix_alloc (a->size2, a->size2);
  *h = gsl_vector_alloc (a->size2);
  rlx_nnls_gram (a, *g);
  gsl_blas_dgemv (CblasTrans, 1.0, a, b, 0.0, *h);
}

static void
test_gram_matrix (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const gsize sizes[][2] = { { 1, 1 }, { 3, 5 }, { 7, 5 }, { 30, 11 }, { 65, 40 } };

  gsl_rng_set (rng, 11);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      gsl_matrix *a, *g = gsl_matrix_alloc (sizes[k][1], sizes[k][1]);
      gsl_matrix *ref = gsl_matrix_alloc (sizes[k][1], sizes[k][1]);
      gsl_vector *b;

      random_problem (rng, sizes[k][0], sizes[k][1], &a, &b);
      /* Some zero entries, as in triangular and banded matrices. */
      gsl_matrix_set (a, 0, 0, 0.0);
      rlx_nnls_gram (a, g);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, a, a, 0.0, ref);
      for (gsize i = 0; i < sizes[k][1]; i++)
        for (gsize j = 0; j < sizes[k][1]; j++)
          g_assert_cmpfloat_with_epsilon (gsl_matrix_get (g, i, j), gsl_matrix_get (ref, i, j),
                                          1e-12 * (double) sizes[k][0]);
      gsl_matrix_free (a);
      gsl_matrix_free (g);
      gsl_matrix_free (ref);
      gsl_vector_free (b);
    }
  gsl_rng_free (rng);
}

static void
test_gram_kkt (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const gsize sizes[][2] = { { 30, 10 }, { 60, 25 }, { 200, 80 }, { 25, 25 }, { 10, 30 } };

  gsl_rng_set (rng, 20240502);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    for (guint rep = 0; rep < 5; rep++)
      {
        gsl_matrix *a, *g;
        gsl_vector *b, *h, *x, *xq;
        g_autoptr(GError) error = NULL;
        RlxNnlsInfo info, info_qr;

        random_problem (rng, sizes[k][0], sizes[k][1], &a, &b);
        gram_of (a, b, &g, &h);
        x = gsl_vector_alloc (sizes[k][1]);
        xq = gsl_vector_alloc (sizes[k][1]);
        g_assert_true (rlx_nnls_solve_gram (g, h, x, RLX_NNLS_FLAGS_NONE, &info, &error));
        g_assert_no_error (error);
        g_assert_true (isnan (info.residual_norm));
        assert_kkt_gram (g, h, x, 1e-9);
        /* The Gram phase alone and the QR method agree when G is well conditioned (the wide
           10×30 case has many optimal x, so only square and tall cases are compared). */
        g_assert_true (rlx_nnls_solve (a, b, xq, RLX_NNLS_FLAGS_QR_ONLY, &info_qr, &error));
        if (sizes[k][0] >= sizes[k][1])
          for (gsize j = 0; j < sizes[k][1]; j++)
            g_assert_cmpfloat_with_epsilon (gsl_vector_get (x, j), gsl_vector_get (xq, j), 1e-8);
        gsl_matrix_free (a);
        gsl_matrix_free (g);
        gsl_vector_free (b);
        gsl_vector_free (h);
        gsl_vector_free (x);
        gsl_vector_free (xq);
      }
  gsl_rng_free (rng);
}

static void
test_gram_exhaustive (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, 8);
  for (guint rep = 0; rep < 40; rep++)
    {
      gsize m = 6 + rep % 5, n = 3 + rep % 4;
      gsl_matrix *a, *g;
      gsl_vector *b, *h;
      gsl_vector *x = gsl_vector_alloc (n), *xe = gsl_vector_alloc (n);
      g_autoptr(GError) error = NULL;

      random_problem (rng, m, n, &a, &b);
      gram_of (a, b, &g, &h);
      exhaustive (a, b, xe);
      g_assert_true (rlx_nnls_solve_gram (g, h, x, RLX_NNLS_FLAGS_NONE, NULL, &error));
      for (gsize j = 0; j < n; j++)
        g_assert_cmpfloat_with_epsilon (gsl_vector_get (x, j), gsl_vector_get (xe, j), 1e-9);

      /* Warm-started from the answer, one passive solve confirms it. */
      {
        RlxNnlsInfo info;

        g_assert_true (rlx_nnls_solve_gram (g, h, x, RLX_NNLS_FLAGS_WARM_START, &info, &error));
        g_assert_cmpuint (info.iterations, <=, 1);
        for (gsize j = 0; j < n; j++)
          g_assert_cmpfloat_with_epsilon (gsl_vector_get (x, j), gsl_vector_get (xe, j), 1e-9);
      }
      gsl_matrix_free (a);
      gsl_matrix_free (g);
      gsl_vector_free (b);
      gsl_vector_free (h);
      gsl_vector_free (x);
      gsl_vector_free (xe);
    }
  gsl_rng_free (rng);
}

/*
 * Strongly overlapping smooth columns (Gaussian bumps 30 grid steps wide, one step apart), the
 * situation of a Debye kernel on a fine grid: cond(G) is far beyond 1/ε. The default solve
 * (Gram phase + QR refinement) must reach the same optimum as the QR method alone.
 */
static void
test_ill_conditioned (void)
{
  const gsize m = 400, n = 120;
  gsl_matrix *a = gsl_matrix_alloc (m, n);
  gsl_vector *b = gsl_vector_alloc (m);
  gsl_vector *x = gsl_vector_alloc (n), *xq = gsl_vector_alloc (n);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  g_autoptr(GError) error = NULL;
  RlxNnlsInfo info, info_qr;
  double anorm = 0.0;

  gsl_rng_set (rng, 5);
  /* Data: a smooth non-negative mixture of the columns themselves, plus a little noise, so that
     many neighbouring (nearly dependent) columns compete for the passive set. */
  for (gsize i = 0; i < m; i++)
    {
      double ti = (double) i * (double) n / (double) m, yi = 0.0;

      for (gsize j = 0; j < n; j++)
        {
          double aij = exp (-0.5 * pow ((ti - (double) j) / 15.0, 2.0));
          double gj = exp (-0.5 * pow (((double) j - 40.0) / 8.0, 2.0)) +
                      0.5 * exp (-0.5 * pow (((double) j - 80.0) / 4.0, 2.0));

          gsl_matrix_set (a, i, j, aij);
          yi += gj * aij;
        }
      gsl_vector_set (b, i, yi + gsl_ran_gaussian (rng, 1e-3));
    }
  for (gsize j = 0; j < n; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (a, j);
      anorm = MAX (anorm, gsl_blas_dnrm2 (&col.vector));
    }

  g_assert_true (rlx_nnls_solve (a, b, x, RLX_NNLS_FLAGS_NONE, &info, &error));
  g_assert_no_error (error);
  g_assert_true (rlx_nnls_solve (a, b, xq, RLX_NNLS_FLAGS_QR_ONLY, &info_qr, &error));
  g_assert_no_error (error);
  g_test_message ("ill-conditioned: ‖r‖ %.12g (default, %u steps, %u positive) vs %.12g (QR, %u steps, %u positive)",
                  info.residual_norm, info.iterations, info.n_passive,
                  info_qr.residual_norm, info_qr.iterations, info_qr.n_passive);
  g_assert_cmpfloat_with_epsilon (info.residual_norm / info_qr.residual_norm, 1.0, 1e-9);
  assert_kkt (a, b, x, 1e-9 * anorm * gsl_blas_dnrm2 (b));

  gsl_matrix_free (a);
  gsl_vector_free (b);
  gsl_vector_free (x);
  gsl_vector_free (xq);
  gsl_rng_free (rng);
}

static void
test_invalid (void)
{
  gsl_matrix *a = gsl_matrix_calloc (4, 2);
  gsl_vector *b = gsl_vector_calloc (3);
  gsl_vector *b4 = gsl_vector_calloc (4);
  gsl_vector *x = gsl_vector_calloc (2);
  g_autoptr(GError) error = NULL;

  g_assert_false (rlx_nnls_solve (a, b, x, RLX_NNLS_FLAGS_NONE, NULL, &error));
  g_assert_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID);
  g_clear_error (&error);

  gsl_vector_set (b4, 2, NAN);
  g_assert_false (rlx_nnls_solve (a, b4, x, RLX_NNLS_FLAGS_NONE, NULL, &error));
  g_assert_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);

  {
    gsl_matrix *g = gsl_matrix_calloc (2, 2);
    gsl_vector *h = gsl_vector_calloc (3);

    g_assert_false (rlx_nnls_solve_gram (g, h, x, RLX_NNLS_FLAGS_NONE, NULL, &error));
    g_assert_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID);
    g_clear_error (&error);
    gsl_matrix_set (g, 1, 1, -1.0);
    g_assert_false (rlx_nnls_solve_gram (g, b4 /* wrong size too */, x, RLX_NNLS_FLAGS_NONE, NULL, &error));
    g_assert_error (error, RLX_NNLS_ERROR, RLX_NNLS_ERROR_INVALID);
    gsl_matrix_free (g);
    gsl_vector_free (h);
  }

  gsl_matrix_free (a);
  gsl_vector_free (b);
  gsl_vector_free (b4);
  gsl_vector_free (x);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsl_set_error_handler_off ();

  g_test_add_func ("/relaxun/spectrum/nnls/known", test_known);
  g_test_add_func ("/relaxun/spectrum/nnls/kkt", test_kkt);
  g_test_add_func ("/relaxun/spectrum/nnls/exhaustive", test_exhaustive);
  g_test_add_func ("/relaxun/spectrum/nnls/warm-start", test_warm_start);
  g_test_add_func ("/relaxun/spectrum/nnls/collinear", test_collinear);
  g_test_add_func ("/relaxun/spectrum/nnls/invalid", test_invalid);
  g_test_add_func ("/relaxun/spectrum/nnls/gram-matrix", test_gram_matrix);
  g_test_add_func ("/relaxun/spectrum/nnls/gram-kkt", test_gram_kkt);
  g_test_add_func ("/relaxun/spectrum/nnls/gram-exhaustive", test_gram_exhaustive);
  g_test_add_func ("/relaxun/spectrum/nnls/ill-conditioned", test_ill_conditioned);

  return g_test_run ();
}

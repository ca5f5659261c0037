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

  return g_test_run ();
}

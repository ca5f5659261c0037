/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

G_BEGIN_DECLS

/*
 * Non-negative least squares, min ‖A x − b‖ subject to x ≥ 0, by the Lawson–Hanson active-set
 * method. The least-squares problem on the passive (free) columns is solved by Householder QR
 * (GSL) at every step. Meant for the Debye-spectrum decomposition: up to a few hundred columns
 * and a few thousand rows.
 */

#define RLX_NNLS_ERROR (rlx_nnls_error_quark ())

typedef enum
{
  RLX_NNLS_ERROR_INVALID,    /* sizes do not match, or non-finite input */
  RLX_NNLS_ERROR_MAX_ITER,   /* the active-set loop did not terminate */
  RLX_NNLS_ERROR_FAILED,     /* a linear-algebra step failed */
} RlxNnlsError;

typedef enum
{
  RLX_NNLS_FLAGS_NONE       = 0,
  /* Start from the positive entries of x on input (a neighbouring problem's solution). */
  RLX_NNLS_FLAGS_WARM_START = 1 << 0,
} RlxNnlsFlags;

/**
 * RlxNnlsInfo:
 * @iterations: number of passive-set least-squares solves
 * @n_passive: number of strictly positive entries of the solution
 * @residual_norm: ‖A x − b‖ at the solution
 *
 * What a solve did, for diagnostics and benchmarks.
 */
typedef struct
{
  guint  iterations;
  guint  n_passive;
  double residual_norm;
} RlxNnlsInfo;

GQuark   rlx_nnls_error_quark (void);

/**
 * rlx_nnls_solve:
 * @a: the m×n design matrix (not modified)
 * @b: the right-hand side, length m
 * @x: (inout): the solution, length n; read as a starting guess with %RLX_NNLS_FLAGS_WARM_START
 * @flags: #RlxNnlsFlags
 * @info: (out) (optional): what the solve did
 * @error: return location for a #GError
 *
 * Solves min ‖A x − b‖ with x ≥ 0. On return the Karush–Kuhn–Tucker conditions hold to
 * rounding: x ≥ 0, the gradient g = Aᵀ(b − A x) is ≤ 0 where x = 0 and ≈ 0 where x > 0.
 *
 * Returns: %TRUE on success
 */
gboolean rlx_nnls_solve       (const gsl_matrix *a,
                               const gsl_vector *b,
                               gsl_vector       *x,
                               RlxNnlsFlags      flags,
                               RlxNnlsInfo      *info,
                               GError          **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

G_BEGIN_DECLS

/*
 * Non-negative least squares, min ‖A x − b‖ subject to x ≥ 0, by the Lawson–Hanson active-set
 * method. Meant for the Debye-spectrum decomposition: up to a few hundred columns and a few
 * thousand rows.
 *
 * The active-set steps run on the Gram matrix G = AᵀA (formed once, O(m·n²)) with a Cholesky
 * factor of G restricted to the passive set that is updated when a column enters or leaves, so a
 * step costs O(n·p) instead of a fresh QR of the m×p passive columns. Because G squares the
 * condition number, the Gram phase is followed by a Householder-QR refinement on A itself: the
 * passive set found is re-solved by QR and the Karush–Kuhn–Tucker conditions are checked with
 * the exact gradient; if they fail, the classical QR-per-step Lawson–Hanson continues from there.
 * So the answer is that of the QR method; only the path to it is cheaper.
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
  /* Skip the Gram phase: a Householder QR of the passive columns at every step (slow; with
     WARM_START it refines a near-optimal start, e.g. one found by rlx_nnls_solve_gram()). */
  RLX_NNLS_FLAGS_QR_ONLY    = 1 << 1,
} RlxNnlsFlags;

/**
 * RlxNnlsInfo:
 * @iterations: number of active-set steps (passive-set solves); the one QR re-solve that
 *   refines a Gram-phase or warm-start passive set is not counted
 * @n_passive: number of strictly positive entries of the solution
 * @residual_norm: ‖A x − b‖ at the solution (NAN from rlx_nnls_solve_gram(), which does not
 *   know b)
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

/**
 * rlx_nnls_solve_gram:
 * @gram: the n×n Gram matrix G = AᵀA (symmetric positive semi-definite; not modified)
 * @atb: Aᵀb, length n
 * @x: (inout): the solution, length n; read as a starting guess with %RLX_NNLS_FLAGS_WARM_START
 * @flags: #RlxNnlsFlags (%RLX_NNLS_FLAGS_QR_ONLY is not allowed)
 * @info: (out) (optional): what the solve did
 * @error: return location for a #GError
 *
 * The Gram phase alone: minimises ½xᵀGx − (Aᵀb)ᵀx over x ≥ 0 by Lawson–Hanson steps on updated
 * Cholesky factors of the passive block of G. For a sequence of problems that share most of
 * G — Tikhonov regularisation, G = RᵀR + λ²LᵀL, at many λ — this avoids touching the m rows of
 * A at all. Accurate to about cond(G)·ε: when that matters, refine the result with
 * rlx_nnls_solve() and %RLX_NNLS_FLAGS_WARM_START | %RLX_NNLS_FLAGS_QR_ONLY on A itself.
 * Columns that are numerically dependent on the passive ones are not let in.
 *
 * Returns: %TRUE on success; on failure @x is still non-negative (the last feasible iterate) and
 * @info is filled in.
 */
gboolean rlx_nnls_solve_gram  (const gsl_matrix *gram,
                               const gsl_vector *atb,
                               gsl_vector       *x,
                               RlxNnlsFlags      flags,
                               RlxNnlsInfo      *info,
                               GError          **error);

/**
 * rlx_nnls_gram:
 * @a: an m×n matrix
 * @gram: (out caller-allocates): n×n, receives AᵀA (both triangles)
 *
 * AᵀA by blocks of rows (cache-friendly, without relying on an optimised BLAS).
 */
void     rlx_nnls_gram        (const gsl_matrix *a,
                               gsl_matrix       *gram);

G_END_DECLS

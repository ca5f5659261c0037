/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "rlx-spectrum.h"

G_BEGIN_DECLS

/*
 * The regularised problem behind rlx_spectrum_compute(): min ‖K w − y‖² + λ²‖L w‖², w ≥ 0.
 * K (m×n) is reduced once to its triangular factor, ‖K w − y‖² = ‖R w − c‖² + δ0², and the
 * normal-equation pieces RᵀR, LᵀL, Rᵀc are kept, so that a solve at a new λ never touches the m
 * data rows again.
 */
typedef struct
{
  gsize m;              /* data points */
  gsize n;              /* grid columns */
  gsize nl;             /* rows of L (0 for plain NNLS) */
  gsl_matrix *k;        /* m×n kernels */
  gsl_vector *y;        /* m */
  gsl_matrix *r;        /* mr×n: R of K = QR when m ≥ n, else K itself */
  gsl_vector *c;        /* mr: Qᵀy (first n) or y */
  double delta0_sq;     /* ‖y‖² − ‖c‖²: the part of y no spectrum can reach */
  gsl_matrix *l;        /* nl×n */
  gsl_matrix *aug;      /* (mr + nl)×n: [R; λL] for the QR refinement */
  gsl_vector *rhs;      /* [c; 0] */
  gsl_matrix *rtr;      /* RᵀR = KᵀK */
  gsl_matrix *ltl;      /* LᵀL (nl > 0) */
  gsl_vector *rtc;      /* Rᵀc = Kᵀy */
  gsl_matrix *gram;     /* RᵀR + λ²LᵀL for the current λ */
  gsl_vector *w;        /* the last solution, a warm start for the next λ */
  gsl_vector *tmp;      /* mr */
  gsl_vector *tmpl;     /* nl */
  double *lcurve_w;     /* the solution at every L-curve λ (n_lcurve × n), for warm starts */
  guint *lcurve_passive;
  gsize n_lcurve;
  double s_max;         /* extreme standard-form singular values once known (SVD), else 0 */
  double s_min;
  double *svd_s;        /* standard-form singular values, decreasing (svd_p of them), once known */
  double *svd_u;        /* their projections Uᵀz */
  gsize svd_p;
  double svd_extra;     /* residual no λ changes: δ0² plus the part of z outside the range of U */
  guint iterations;     /* active-set steps over every solve */
  guint n_passive;      /* positive weights in the last solution */
  GCancellable *cancellable;
} RlxSpectrumProblem;

gboolean rlx_spectrum_problem_init         (RlxSpectrumProblem        *p,
                                            const double              *t,
                                            const double              *y,
                                            gsize                      m,
                                            const double              *tp,
                                            const double              *e,
                                            gsize                      n,
                                            RlxSpectrumRegularisation  reg,
                                            GError                   **error);
void     rlx_spectrum_problem_clear        (RlxSpectrumProblem        *p);

/* Solves at λ from p->w (warm) or from zero; exact adds the QR refinement on [R; λL].
   Returns ‖K w − y‖ and ‖L w‖ (‖w‖ without L). */
gboolean rlx_spectrum_problem_solve        (RlxSpectrumProblem        *p,
                                            double                     lambda,
                                            gboolean                   warm,
                                            gboolean                   exact,
                                            double                    *residual_norm,
                                            double                    *seminorm,
                                            GError                   **error);

/* K w at the data points, for the fitted curve. */
void     rlx_spectrum_problem_fit          (RlxSpectrumProblem        *p,
                                            const double              *w,
                                            double                    *fit);

/* The λ range of the L-curve: 10·s_max down to max(s_min, 1e-7·s_max), with s the singular
   values of the problem in standard form. */
gboolean rlx_spectrum_problem_lambda_range (RlxSpectrumProblem        *p,
                                            double                    *lo,
                                            double                    *hi,
                                            GError                   **error);

/* The λ minimising the generalised cross-validation function of the unconstrained problem on
   all m data points. Its SVD also fixes the λ range, so call it before the range when both are
   needed. */
gboolean rlx_spectrum_problem_gcv          (RlxSpectrumProblem        *p,
                                            double                    *lambda,
                                            GError                   **error);

/* Curvature of the unconstrained Tikhonov L-curve (log ‖K w_λ − y‖, log ‖L w_λ‖) at λ, from the
   SVD (rlx_spectrum_problem_svd() first); positive where the curve bends like an L. */
double   rlx_spectrum_problem_lcurve_curvature (const RlxSpectrumProblem *p,
                                                double                    lambda);

/* The corner of that L-curve: the λ of maximum curvature inside (lo, hi). Returns FALSE without
   an error when the curve has no interior maximum of positive curvature (no corner);
   *curvature receives the curvature found. */
gboolean rlx_spectrum_problem_lcurve_corner    (RlxSpectrumProblem        *p,
                                                double                     lo,
                                                double                     hi,
                                                double                    *lambda,
                                                double                    *curvature,
                                                GError                   **error);

/* The SVD of the problem in standard form (cached): singular values and projections. */
gboolean rlx_spectrum_problem_svd          (RlxSpectrumProblem        *p,
                                            GError                   **error);

/* The corner of an L-curve (λ, ρ = ‖K w − y‖, η = ‖L w‖; λ in either order): the λ of maximum
   curvature of (ln ρ, ln η) as splines in ln λ, strictly inside the scan once repeated points
   at its ends are trimmed (rlx-spectrum-lcurve.c says why). FALSE when the curve has no such
   interior point of positive curvature, or bends there by less than a degree. *turning: how far the tangent turns (degrees) across
   the bend around the corner. */
gboolean rlx_spectrum_lcurve_corner        (const double              *lambda,
                                            const double              *rho,
                                            const double              *eta,
                                            gsize                      n,
                                            double                    *corner,
                                            double                    *turning);

G_END_DECLS

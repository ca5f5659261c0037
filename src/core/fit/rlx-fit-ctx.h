/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gsl/gsl_vector.h>

#include "rlx-fit.h"

G_BEGIN_DECLS

/*
 * The state of one fit shared by the trust-region driver (rlx-fit.c) and the evaluation side
 * (rlx-fit-eval.c: bounds transformation, cached model evaluations, variable projection,
 * covariance and the result).
 */

/* A residual this large makes the trust region reject a step outside the model's domain. */
#define OUT_OF_DOMAIN 1e100

typedef enum
{
  XFORM_NONE,
  XFORM_LOWER,
  XFORM_UPPER,
  XFORM_BOTH,
} Xform;

typedef struct
{
  const RlxFitRequest *req;
  const RlxModel      *model;
  gsize                n;
  double              *x;
  double              *y;
  double              *sw;        /* √weight */
  guint                np;
  double              *p;         /* full parameter vector, original scale */
  guint                n_nl;
  guint               *nl;        /* indices of the parameters the trust region moves */
  Xform               *xform;
  guint                n_lin;
  guint               *lin;       /* indices eliminated by variable projection */
  int                 *nl_amp;    /* per moved parameter: position in lin of its component's
                                     amplitude, or −1 when that amplitude is not projected */
  double              *f;         /* n */
  double              *jac;       /* n × np */
  double              *res;       /* n: √w·(f − y) at cache_theta */
  double              *dp;        /* n_nl: dp/dθ */
  double              *gn;        /* n_nl·(n_nl + 2): Gauss–Newton test scratch */
  /* variable projection: √W·basis = Q·R with orthonormal columns q_k = q + k·n */
  double              *q;
  double              *rmat;      /* n_lin × n_lin, upper triangle */
  double              *coef;      /* n_lin projected coefficients */
  /* f, jac, res (and q, rmat, coef when projecting) belong to cache_theta; a second set
     (spare_*) keeps the accepted position while the trust region tries a step */
  double              *cache_theta;
  gboolean             cache_valid;
  gboolean             cache_ok;
  double              *spare_theta;
  gboolean             spare_valid;
  gboolean             spare_ok;
  double              *spare_f;
  double              *spare_jac;
  double              *spare_res;
  double              *spare_q;
  double              *spare_rmat;
  double              *spare_coef;
  gboolean             solution_cached;   /* the cache is at the final ctx->p */
  gboolean             cache_is_pos;      /* the cache is the trust region's accepted point */
  gsl_vector          *theta_start;       /* where the first run starts (already evaluated) */
} Ctx;

#define SWAP_PTR(a, b) G_STMT_START { gpointer tmp_ = (a); (a) = (b); (b) = tmp_; } G_STMT_END

typedef struct
{
  RlxFitStatus  status;
  guint         iterations;
  double        chi2;
  char         *message;
} RunOutcome;

void          rlx_fit_ctx_set_theta     (Ctx              *ctx,
                                         const gsl_vector *theta,
                                         double           *dp);
void          rlx_fit_ctx_theta_from_p  (const Ctx        *ctx,
                                         gsl_vector       *theta);
void          rlx_fit_ctx_remove_basis  (const Ctx        *ctx,
                                         double           *v,
                                         gsize             stride,
                                         double           *proj);
gboolean      rlx_fit_ctx_project       (Ctx              *ctx);
gboolean      rlx_fit_ctx_eval          (Ctx              *ctx,
                                         const gsl_vector *theta);
RlxFitResult *rlx_fit_ctx_finish        (Ctx              *ctx,
                                         RunOutcome       *outcome,
                                         const gboolean   *free_param,
                                         guint             n_free);

G_END_DECLS

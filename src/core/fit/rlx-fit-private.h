/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rlx-fit.h"

G_BEGIN_DECLS

struct _RlxFitRequest
{
  RlxModel         *model;
  gsize             n;
  double           *x;
  double           *y;
  double           *sigma;          /* NULL: unit weights */
  double            window_lo;      /* NAN: open */
  double            window_hi;
  GArray           *masks;          /* pairs of double */
  gboolean         *fixed;          /* per parameter */
  double           *fixed_value;
  double           *lower;
  double           *upper;
  gboolean         *has_initial;
  double           *initial;
  RlxFitMethod      method;
  RlxFitLinearMode  linear_mode;
  guint             max_iterations;
  double            xtol;
  double            gtol;
  double            ftol;
  guint             n_starts;
  double            spread;
  guint64           seed;
  gboolean          scale_covariance;
};

RlxFitResult *rlx_fit_result_new_empty (const RlxModel *model);
/* A member @name (none when NULL) holding @value, or null when it is not finite. */
void          rlx_fit_json_add_number   (JsonBuilder    *builder,
                                         const char     *name,
                                         double          value);
void          rlx_fit_result_set_params (RlxFitResult   *result,
                                         const RlxModel *model,
                                         const double   *values,
                                         const double   *stderrs,
                                         const gboolean *fixed,
                                         const gboolean *at_bound);

/* rlx-fit.c: one fit exactly as requested; whether a point is inside the window and masks */
RlxFitResult *rlx_fit_run_direct         (const RlxFitRequest *req,
                                          GCancellable        *cancellable,
                                          RlxFitProgressFunc   progress,
                                          gpointer             progress_data);
gboolean      rlx_fit_request_uses_point (const RlxFitRequest *req,
                                          double               x);

/* rlx-fit-limit.c: the free parameter with a limit the fitter handles specially (−1: none),
   and the fit that does (limit, profile, free fit, choice). */
int           rlx_fit_limited_param      (const RlxFitRequest *req);
RlxFitResult *rlx_fit_run_with_limit     (const RlxFitRequest *req,
                                          guint                k,
                                          GCancellable        *cancellable,
                                          RlxFitProgressFunc   progress,
                                          gpointer             progress_data);

G_END_DECLS

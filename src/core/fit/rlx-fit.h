/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rlx-model.h"

G_BEGIN_DECLS

/*
 * The fitting engine: GSL gsl_multifit_nlinear trust region driven by our own iterate/test loop,
 * so a fit reports progress (iteration, χ²) and can be cancelled between iterations.
 *
 * - Linear parameters (amplitudes, baseline coefficients) that are free and unbounded are
 *   eliminated by variable projection (RLX_FIT_LINEAR_PROJECT, the default): for each trial of
 *   the nonlinear parameters they are solved by weighted linear least squares, and the trust
 *   region works on the nonlinear ones only (Kaufman's Jacobian). RLX_FIT_LINEAR_JOINT fits
 *   everything together. Either way the final covariance is the full one, over all free
 *   parameters, so σ of an amplitude includes its correlation with E and Tp.
 * - Bounds act through a smooth transformation (log for one-sided, arcsine-type for two-sided);
 *   values, σ and the covariance are reported on the original scale.
 * - σ comes from the covariance (JᵀWJ)⁻¹ scaled by χ²/dof (when weights were given as σ of the
 *   data, the unscaled covariance is also a choice: rlx_fit_request_set_scale_covariance()).
 * - A free parameter with a limit (RlxParamSpec.limit: β = 1 of "kww" is the Debye unit) is
 *   fitted at the limit first, then along a profile of fixed values, then freely from the best
 *   of them. The result stays at the limit (status "at-bound", the parameter's at_bound set, no
 *   σ) when the Gauss–Newton step from there points out of the range, when freeing it does not
 *   lower the AIC, or when the free value is within 1σ of the limit; "iterations" counts all
 *   these fits.
 * - Convergence: GSL's tests, or the Gauss–Newton correction at the current point below xtol by
 *   the same measure, or a promised χ² decrease below the rounding of χ².
 */

#define RLX_FIT_ERROR (rlx_fit_error_quark ())

typedef enum
{
  RLX_FIT_ERROR_INVALID_INPUT,
  RLX_FIT_ERROR_UNKNOWN_PARAMETER,
  RLX_FIT_ERROR_FAILED,
  RLX_FIT_ERROR_CANCELLED,
} RlxFitError;

typedef enum
{
  RLX_FIT_STATUS_CONVERGED,
  RLX_FIT_STATUS_MAX_ITERATIONS,
  RLX_FIT_STATUS_NO_PROGRESS,
  RLX_FIT_STATUS_AT_BOUND,       /* converged with ≥ 1 parameter at a bound (see at_bound) */
  RLX_FIT_STATUS_CANCELLED,
  RLX_FIT_STATUS_INVALID_INPUT,
  RLX_FIT_STATUS_FAILED,         /* numerical failure: model not finite, singular, … */
  RLX_FIT_STATUS_OUTSIDE_DATA,   /* converged, but a peak temperature lies outside the data, so
                                    the data do not define that peak */
} RlxFitStatus;

typedef enum
{
  RLX_FIT_METHOD_LM,
  RLX_FIT_METHOD_LM_ACCEL,       /* Levenberg–Marquardt with geodesic acceleration */
} RlxFitMethod;

typedef enum
{
  RLX_FIT_LINEAR_PROJECT,
  RLX_FIT_LINEAR_JOINT,
} RlxFitLinearMode;

typedef struct _RlxFitRequest RlxFitRequest;

typedef struct
{
  char     *name;
  char     *unit;
  double    value;
  double    stderr;     /* NAN for fixed parameters and when the covariance is singular */
  gboolean  fixed;
  gboolean  at_bound;
} RlxFitParam;

typedef struct
{
  char         *model_id;
  RlxFitStatus  status;
  char         *message;       /* for people: what happened, what to do */
  GArray       *params;        /* RlxFitParam, in model order */
  GPtrArray    *derived;       /* RlxDerived* */
  double        chi2;          /* Σ w·r² */
  double        reduced_chi2;  /* chi2 / dof */
  int           dof;           /* n_points − n_free */
  double        aic;           /* n·ln(χ²/n) + 2k (k = free parameters) */
  double        bic;           /* n·ln(χ²/n) + k·ln n */
  double        r2;            /* 1 − SS_res/SS_tot (weighted) */
  guint         iterations;    /* trust-region iterations (the best start with multi-start) */
  gsize         n_points;      /* points used (window and masks applied) */
  guint         n_params;
  double       *covariance;    /* n_params², row-major, original scale; 0 for fixed rows */
  double       *correlation;   /* n_params², NAN rows for fixed parameters */
  double       *x;             /* n_points: the used abscissae, */
  double       *y;             /*           data, */
  double       *fit;           /*           model, */
  double       *residuals;     /*           y − fit (unweighted) */
  char         *x_unit;
  char         *y_unit;
} RlxFitResult;

/* Progress: iteration (1-based) and χ² after it. Called in the fitting thread for
   rlx_fit_run(), in the caller's main context for rlx_fit_run_async(). */
typedef void (*RlxFitProgressFunc) (guint    iteration,
                                    double   chi2,
                                    gpointer user_data);

/* Batch progress: number of finished fits of n_total; called in the caller's main context for
   rlx_fit_batch_async(), from worker threads (serialised) for rlx_fit_batch_run(). */
typedef void (*RlxFitBatchProgressFunc) (guint    n_done,
                                         guint    n_total,
                                         gpointer user_data);

GQuark          rlx_fit_error_quark               (void);
const char     *rlx_fit_status_to_string          (RlxFitStatus      status);
RlxFitStatus    rlx_fit_status_from_string        (const char       *string);

/* Request: copies x, y and sigma (nullable: unit weights); sigma_i > 0 gives weight 1/σ². */
RlxFitRequest  *rlx_fit_request_new               (RlxModel         *model,
                                                   const double     *x,
                                                   const double     *y,
                                                   const double     *sigma,
                                                   gsize             n);
RlxFitRequest  *rlx_fit_request_copy              (const RlxFitRequest *request);
void            rlx_fit_request_free              (RlxFitRequest    *request);
RlxModel       *rlx_fit_request_get_model         (const RlxFitRequest *request);

void            rlx_fit_request_set_window        (RlxFitRequest    *request,
                                                   double            lo,
                                                   double            hi);
void            rlx_fit_request_add_mask          (RlxFitRequest    *request,
                                                   double            lo,
                                                   double            hi);
gboolean        rlx_fit_request_fix               (RlxFitRequest    *request,
                                                   const char       *name,
                                                   double            value,
                                                   GError          **error);
gboolean        rlx_fit_request_set_bounds        (RlxFitRequest    *request,
                                                   const char       *name,
                                                   double            lower,
                                                   double            upper,
                                                   GError          **error);
/* Start value; parameters without one come from rlx_model_guess(). */
gboolean        rlx_fit_request_set_initial       (RlxFitRequest    *request,
                                                   const char       *name,
                                                   double            value,
                                                   GError          **error);
void            rlx_fit_request_set_method        (RlxFitRequest    *request,
                                                   RlxFitMethod      method);
void            rlx_fit_request_set_linear_mode   (RlxFitRequest    *request,
                                                   RlxFitLinearMode  mode);
void            rlx_fit_request_set_max_iterations (RlxFitRequest   *request,
                                                   guint             max_iterations);
void            rlx_fit_request_set_tolerances    (RlxFitRequest    *request,
                                                   double            xtol,
                                                   double            gtol,
                                                   double            ftol);
/* n_starts > 1: extra starts drawn (fixed seed) within ±spread·|value| of the guess, or within
   the bounds when both are finite; the lowest χ² wins. */
void            rlx_fit_request_set_multi_start   (RlxFitRequest    *request,
                                                   guint             n_starts,
                                                   double            spread,
                                                   guint64           seed);
void            rlx_fit_request_set_scale_covariance (RlxFitRequest *request,
                                                   gboolean          scale);
/* Recipe: model, options, window, masks, fixed, bounds, initial values, engine settings. */
JsonNode       *rlx_fit_request_to_json           (const RlxFitRequest *request);

/* Synchronous; never returns NULL; progress may call g_cancellable_cancel(). */
RlxFitResult   *rlx_fit_run                       (const RlxFitRequest *request,
                                                   GCancellable     *cancellable,
                                                   RlxFitProgressFunc progress,
                                                   gpointer          progress_data);

void            rlx_fit_run_async                 (const RlxFitRequest *request,
                                                   GCancellable     *cancellable,
                                                   RlxFitProgressFunc progress,
                                                   gpointer          progress_data,
                                                   GDestroyNotify    progress_data_destroy,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
/* Returns the result (status may be a failure), or NULL with error only if the task itself
   failed. */
RlxFitResult   *rlx_fit_run_finish                (GAsyncResult     *result,
                                                   GError          **error);

/* Batch: fits requests (RlxFitRequest*) on up to n_threads worker threads (0: number of cores).
   Returns RlxFitResult* in request order (owned by the array). */
GPtrArray      *rlx_fit_batch_run                 (GPtrArray        *requests,
                                                   guint             n_threads,
                                                   GCancellable     *cancellable,
                                                   RlxFitBatchProgressFunc progress,
                                                   gpointer          progress_data);
void            rlx_fit_batch_async               (GPtrArray        *requests,
                                                   guint             n_threads,
                                                   GCancellable     *cancellable,
                                                   RlxFitBatchProgressFunc progress,
                                                   gpointer          progress_data,
                                                   GDestroyNotify    progress_data_destroy,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
GPtrArray      *rlx_fit_batch_finish              (GAsyncResult     *result,
                                                   GError          **error);

/* Results */
RlxFitResult   *rlx_fit_result_copy               (const RlxFitResult *result);
void            rlx_fit_result_free               (RlxFitResult     *result);
gboolean        rlx_fit_result_is_success         (const RlxFitResult *result);
const RlxFitParam *rlx_fit_result_get_param       (const RlxFitResult *result,
                                                   const char       *name);
const RlxDerived  *rlx_fit_result_get_derived     (const RlxFitResult *result,
                                                   const char       *name);
double          rlx_fit_result_get_value          (const RlxFitResult *result,
                                                   const char       *name);
/* Parameter values in model order, for rlx_model_evaluate(); free with g_free(). */
double         *rlx_fit_result_dup_values         (const RlxFitResult *result);

/*
 * JSON (what the CLI prints with --json and what analyses store as result_json):
 * {"model", "status", "message",
 *  "parameters": {NAME: {"value", "stderr", "unit", "fixed", "at_bound"}},
 *  "derived": {NAME: {"value", "stderr", "unit"}},
 *  "chi2", "reduced_chi2", "dof", "aic", "bic", "r2", "iterations", "n_points",
 *  "correlation": [[…]] (parameter_order × parameter_order, null for fixed rows),
 *  "parameter_order": [NAME…], "x_unit", "y_unit"}
 * Non-finite numbers are written as null. Units are SI-canonical (E in J/mol, T in K, τ in s).
 */
JsonNode       *rlx_fit_result_to_json            (const RlxFitResult *result);
RlxFitResult   *rlx_fit_result_from_json          (JsonNode         *node,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxFitRequest, rlx_fit_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlxFitResult, rlx_fit_result_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fit"

#include "config.h"

#include "rlx-fit.h"

#include <math.h>

#include "rlx-fit-private.h"

G_DEFINE_QUARK (rlx-fit-error-quark, rlx_fit_error)

static const char *status_names[] = {
  [RLX_FIT_STATUS_CONVERGED] = "converged",
  [RLX_FIT_STATUS_MAX_ITERATIONS] = "max-iterations",
  [RLX_FIT_STATUS_NO_PROGRESS] = "no-progress",
  [RLX_FIT_STATUS_AT_BOUND] = "at-bound",
  [RLX_FIT_STATUS_CANCELLED] = "cancelled",
  [RLX_FIT_STATUS_INVALID_INPUT] = "invalid-input",
  [RLX_FIT_STATUS_FAILED] = "failed",
  [RLX_FIT_STATUS_OUTSIDE_DATA] = "outside-data",
};

const char *
rlx_fit_status_to_string (RlxFitStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "failed";
}

RlxFitStatus
rlx_fit_status_from_string (const char *string)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status_names[i], string) == 0)
      return (RlxFitStatus) i;
  return RLX_FIT_STATUS_FAILED;
}

/**
 * rlx_fit_request_new:
 * @model: the model (a reference is taken)
 * @sigma: (nullable): standard deviation of each point; NULL for unit weights
 *
 * Returns: (transfer full): a request with the model's default bounds and the engine defaults
 *   (LM, variable projection, 200 iterations, xtol 1e-10, gtol 1e-12).
 */
RlxFitRequest *
rlx_fit_request_new (RlxModel     *model,
                     const double *x,
                     const double *y,
                     const double *sigma,
                     gsize         n)
{
  RlxFitRequest *req = g_new0 (RlxFitRequest, 1);
  guint np = rlx_model_get_n_params (model);

  req->model = rlx_model_ref (model);
  req->n = n;
  req->x = g_memdup2 (x, MAX (n, 1) * sizeof (double));
  req->y = g_memdup2 (y, MAX (n, 1) * sizeof (double));
  req->sigma = sigma != NULL ? g_memdup2 (sigma, MAX (n, 1) * sizeof (double)) : NULL;
  req->window_lo = NAN;
  req->window_hi = NAN;
  req->masks = g_array_new (FALSE, FALSE, sizeof (double));
  req->fixed = g_new0 (gboolean, np);
  req->fixed_value = g_new0 (double, np);
  req->lower = g_new (double, np);
  req->upper = g_new (double, np);
  req->has_initial = g_new0 (gboolean, np);
  req->initial = g_new0 (double, np);
  for (guint i = 0; i < np; i++)
    {
      const RlxParamSpec *spec = rlx_model_get_param (model, i);
      req->lower[i] = spec->lower;
      req->upper[i] = spec->upper;
    }
  req->method = RLX_FIT_METHOD_LM;
  req->linear_mode = RLX_FIT_LINEAR_PROJECT;
  req->max_iterations = 200;
  req->xtol = 1e-10;
  req->gtol = 1e-12;
  req->ftol = 0.0;
  req->n_starts = 1;
  req->spread = 0.2;
  req->seed = 1;
  req->scale_covariance = TRUE;
  return req;
}

RlxFitRequest *
rlx_fit_request_copy (const RlxFitRequest *request)
{
  RlxFitRequest *req = g_new0 (RlxFitRequest, 1);
  guint np = rlx_model_get_n_params (request->model);
  gsize n = MAX (request->n, 1);

  *req = *request;
  req->model = rlx_model_ref (request->model);
  req->x = g_memdup2 (request->x, n * sizeof (double));
  req->y = g_memdup2 (request->y, n * sizeof (double));
  req->sigma = request->sigma != NULL ? g_memdup2 (request->sigma, n * sizeof (double)) : NULL;
  req->masks = g_array_copy (request->masks);
  req->fixed = g_memdup2 (request->fixed, np * sizeof (gboolean));
  req->fixed_value = g_memdup2 (request->fixed_value, np * sizeof (double));
  req->lower = g_memdup2 (request->lower, np * sizeof (double));
  req->upper = g_memdup2 (request->upper, np * sizeof (double));
  req->has_initial = g_memdup2 (request->has_initial, np * sizeof (gboolean));
  req->initial = g_memdup2 (request->initial, np * sizeof (double));
  return req;
}

void
rlx_fit_request_free (RlxFitRequest *request)
{
  if (request == NULL)
    return;
  rlx_model_unref (request->model);
  g_free (request->x);
  g_free (request->y);
  g_free (request->sigma);
  g_array_unref (request->masks);
  g_free (request->fixed);
  g_free (request->fixed_value);
  g_free (request->lower);
  g_free (request->upper);
  g_free (request->has_initial);
  g_free (request->initial);
  g_free (request);
}

RlxModel *
rlx_fit_request_get_model (const RlxFitRequest *request)
{
  return request->model;
}

void
rlx_fit_request_set_window (RlxFitRequest *request,
                            double         lo,
                            double         hi)
{
  request->window_lo = MIN (lo, hi);
  request->window_hi = MAX (lo, hi);
}

void
rlx_fit_request_add_mask (RlxFitRequest *request,
                          double         lo,
                          double         hi)
{
  double pair[2] = { MIN (lo, hi), MAX (lo, hi) };
  g_array_append_vals (request->masks, pair, 2);
}

static int
lookup (const RlxFitRequest *request,
        const char          *name,
        GError             **error)
{
  int i = rlx_model_find_param (request->model, name);

  if (i < 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      for (guint k = 0; k < rlx_model_get_n_params (request->model); k++)
        g_string_append_printf (names, "%s%s", k ? ", " : "", rlx_model_get_param (request->model, k)->name);
      g_set_error (error, RLX_FIT_ERROR, RLX_FIT_ERROR_UNKNOWN_PARAMETER,
                   "Model “%s” has no parameter “%s”; its parameters are %s.",
                   rlx_model_get_id (request->model), name, names->str);
    }
  return i;
}

/* Marks parameter @name in @flags and keeps its finite @value in @values; @what names the
 * value in the message. */
static gboolean
set_param_value (RlxFitRequest *request,
                 const char    *name,
                 double         value,
                 gboolean      *flags,
                 double        *values,
                 const char    *what,
                 GError       **error)
{
  int i = lookup (request, name, error);

  if (i < 0)
    return FALSE;
  if (!isfinite (value))
    {
      g_set_error (error, RLX_FIT_ERROR, RLX_FIT_ERROR_INVALID_INPUT,
                   "The %s of %s must be a finite number.", what, name);
      return FALSE;
    }
  flags[i] = TRUE;
  values[i] = value;
  return TRUE;
}

gboolean
rlx_fit_request_fix (RlxFitRequest *request,
                     const char    *name,
                     double         value,
                     GError       **error)
{
  return set_param_value (request, name, value, request->fixed, request->fixed_value,
                          "fixed value", error);
}

gboolean
rlx_fit_request_set_bounds (RlxFitRequest *request,
                            const char    *name,
                            double         lower,
                            double         upper,
                            GError       **error)
{
  int i = lookup (request, name, error);

  if (i < 0)
    return FALSE;
  if (isnan (lower) || isnan (upper) || !(lower < upper))
    {
      g_set_error (error, RLX_FIT_ERROR, RLX_FIT_ERROR_INVALID_INPUT,
                   "The bounds of %s must satisfy lower < upper (got %g and %g).", name, lower, upper);
      return FALSE;
    }
  request->lower[i] = lower;
  request->upper[i] = upper;
  return TRUE;
}

gboolean
rlx_fit_request_set_initial (RlxFitRequest *request,
                             const char    *name,
                             double         value,
                             GError       **error)
{
  return set_param_value (request, name, value, request->has_initial, request->initial,
                          "starting value", error);
}

void
rlx_fit_request_set_method (RlxFitRequest *request,
                            RlxFitMethod   method)
{
  request->method = method;
}

void
rlx_fit_request_set_linear_mode (RlxFitRequest    *request,
                                 RlxFitLinearMode  mode)
{
  request->linear_mode = mode;
}

void
rlx_fit_request_set_max_iterations (RlxFitRequest *request,
                                    guint          max_iterations)
{
  request->max_iterations = MAX (max_iterations, 1);
}

void
rlx_fit_request_set_tolerances (RlxFitRequest *request,
                                double         xtol,
                                double         gtol,
                                double         ftol)
{
  request->xtol = xtol;
  request->gtol = gtol;
  request->ftol = ftol;
}

void
rlx_fit_request_set_multi_start (RlxFitRequest *request,
                                 guint          n_starts,
                                 double         spread,
                                 guint64        seed)
{
  request->n_starts = MAX (n_starts, 1);
  request->spread = spread;
  request->seed = seed;
}

void
rlx_fit_request_set_scale_covariance (RlxFitRequest *request,
                                      gboolean       scale)
{
  request->scale_covariance = scale;
}

/* [lo, hi], null for a side that is open. */
static void
add_range (JsonBuilder *b,
           double       lo,
           double       hi)
{
  json_builder_begin_array (b);
  rlx_fit_json_add_number (b, NULL, lo);
  rlx_fit_json_add_number (b, NULL, hi);
  json_builder_end_array (b);
}

/**
 * rlx_fit_request_to_json:
 *
 * The recipe of a fit: {"model", "options": {…}, "window": [lo, hi] | null,
 * "masks": [[lo, hi]…], "fixed": {NAME: value}, "bounds": {NAME: [lo, hi]} (only where they
 * differ from the model's defaults; null for an infinite side), "initial": {NAME: value},
 * "engine": {"method", "linear", "max_iterations", "xtol", "gtol", "ftol", "starts", "spread",
 * "seed", "scale_covariance"}}.
 */
JsonNode *
rlx_fit_request_to_json (const RlxFitRequest *request)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const RlxModel *model = request->model;
  const RlxModelOptions *o = rlx_model_get_options (model);
  guint np = rlx_model_get_n_params (model);
  static const char *baselines[] = { "none", "constant", "linear", "quadratic" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, rlx_model_get_id (model));

  json_builder_set_member_name (b, "options");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n_components");
  json_builder_add_int_value (b, rlx_model_get_n_components (model));
  json_builder_set_member_name (b, "baseline");
  json_builder_add_string_value (b, baselines[MIN ((guint) o->baseline, 3)]);
  json_builder_set_member_name (b, "tau_law");
  json_builder_add_string_value (b, o->tau_law == RLX_TAU_LAW_VFT ? "vft" : "arrhenius");
  rlx_fit_json_add_number (b, "heating_rate", o->heating_rate);
  rlx_fit_json_add_number (b, "scan_start", o->scan_start);
  rlx_fit_json_add_number (b, "frequency", o->frequency);
  json_builder_set_member_name (b, "signal_per_time");
  json_builder_add_boolean_value (b, o->signal_per_time);
  json_builder_set_member_name (b, "x_is_time");
  json_builder_add_boolean_value (b, o->x_is_time);
  rlx_fit_json_add_number (b, "time_zero_temperature", o->time_zero_temperature);
  json_builder_set_member_name (b, "y_unit");
  json_builder_add_string_value (b, rlx_model_get_y_unit (model));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "window");
  if (isfinite (request->window_lo) || isfinite (request->window_hi))
    add_range (b, request->window_lo, request->window_hi);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "masks");
  json_builder_begin_array (b);
  for (guint i = 0; i + 1 < request->masks->len; i += 2)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, g_array_index (request->masks, double, i));
      json_builder_add_double_value (b, g_array_index (request->masks, double, i + 1));
      json_builder_end_array (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "fixed");
  json_builder_begin_object (b);
  for (guint i = 0; i < np; i++)
    if (request->fixed[i])
      rlx_fit_json_add_number (b, rlx_model_get_param (model, i)->name, request->fixed_value[i]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "bounds");
  json_builder_begin_object (b);
  for (guint i = 0; i < np; i++)
    {
      const RlxParamSpec *spec = rlx_model_get_param (model, i);
      if (spec->lower == request->lower[i] && spec->upper == request->upper[i])
        continue;
      json_builder_set_member_name (b, spec->name);
      add_range (b, request->lower[i], request->upper[i]);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "initial");
  json_builder_begin_object (b);
  for (guint i = 0; i < np; i++)
    if (request->has_initial[i])
      rlx_fit_json_add_number (b, rlx_model_get_param (model, i)->name, request->initial[i]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "engine");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, request->method == RLX_FIT_METHOD_LM_ACCEL ? "lm-accel" : "lm");
  json_builder_set_member_name (b, "linear");
  json_builder_add_string_value (b, request->linear_mode == RLX_FIT_LINEAR_JOINT ? "joint" : "projection");
  json_builder_set_member_name (b, "max_iterations");
  json_builder_add_int_value (b, request->max_iterations);
  rlx_fit_json_add_number (b, "xtol", request->xtol);
  rlx_fit_json_add_number (b, "gtol", request->gtol);
  rlx_fit_json_add_number (b, "ftol", request->ftol);
  json_builder_set_member_name (b, "starts");
  json_builder_add_int_value (b, request->n_starts);
  rlx_fit_json_add_number (b, "spread", request->spread);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) request->seed);
  json_builder_set_member_name (b, "scale_covariance");
  json_builder_add_boolean_value (b, request->scale_covariance);
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-signal"

#include "config.h"

#include "rlx-peak-fit.h"

#include "rlx-debye.h"

#include <math.h>

static gboolean
baseline_from_string (const char  *text,
                      RlxBaseline *baseline,
                      GError     **error)
{
  static const struct { const char *id; RlxBaseline value; } table[] = {
    { "none", RLX_BASELINE_NONE },
    { "constant", RLX_BASELINE_CONSTANT },
    { "linear", RLX_BASELINE_LINEAR },
    { "quadratic", RLX_BASELINE_QUADRATIC },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (text, table[i].id) == 0)
      {
        *baseline = table[i].value;
        return TRUE;
      }
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
               "Unknown fit baseline “%s”; use none, constant, linear or quadratic.", text);
  return FALSE;
}

typedef gboolean (*ApplyFunc) (RlxFitRequest *request,
                               const char    *name,
                               JsonNode      *value,
                               GError       **error);

static gboolean
apply_fixed (RlxFitRequest *request,
             const char    *name,
             JsonNode      *value,
             GError       **error)
{
  if (!JSON_NODE_HOLDS_VALUE (value))
    goto bad;
  return rlx_fit_request_fix (request, name, json_node_get_double (value), error);
bad:
  g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
               "The fixed value of %s must be a number.", name);
  return FALSE;
}

static gboolean
apply_initial (RlxFitRequest *request,
               const char    *name,
               JsonNode      *value,
               GError       **error)
{
  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The start value of %s must be a number.", name);
      return FALSE;
    }
  return rlx_fit_request_set_initial (request, name, json_node_get_double (value), error);
}

static gboolean
apply_bounds (RlxFitRequest *request,
              const char    *name,
              JsonNode      *value,
              GError       **error)
{
  JsonArray *pair;
  double lo, hi;

  if (!JSON_NODE_HOLDS_ARRAY (value) || json_array_get_length (pair = json_node_get_array (value)) != 2)
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The bounds of %s must be [lower, upper] (null for none).", name);
      return FALSE;
    }
  lo = JSON_NODE_HOLDS_NULL (json_array_get_element (pair, 0)) ? -INFINITY :
       json_array_get_double_element (pair, 0);
  hi = JSON_NODE_HOLDS_NULL (json_array_get_element (pair, 1)) ? INFINITY :
       json_array_get_double_element (pair, 1);
  return rlx_fit_request_set_bounds (request, name, lo, hi, error);
}

static gboolean
apply_members (RlxFitRequest *request,
               JsonObject    *options,
               const char    *member,
               ApplyFunc      func,
               GError       **error)
{
  JsonNode *node = json_object_get_member (options, member);
  JsonObject *object;
  g_autoptr(GList) names = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "The fit’s “%s” must be an object of parameter names.", member);
      return FALSE;
    }
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!func (request, l->data, json_object_get_member (object, l->data), error))
      return FALSE;
  return TRUE;
}

RlxFitRequest *
rlx_peak_fit_request_new (const RlxPeak   *peak,
                          const RlxRecipe *recipe,
                          GError         **error)
{
  RlxModelOptions options;
  g_autoptr(RlxModel) model = NULL;
  g_autoptr(RlxFitRequest) request = NULL;
  JsonObject *fit = recipe->fit_options;
  const char *model_id = recipe->fit_model ? recipe->fit_model : "debye";

  if (rlx_model_id_is_dma (model_id))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                   "“%s” is a DMA model; a DSC relaxation peak needs debye, debye-vft, debye-sum or kww.",
                   model_id);
      return NULL;
    }

  rlx_model_options_init (&options);
  options.heating_rate = peak->heating_rate;
  options.scan_start = peak->ts;
  options.signal_per_time = !peak->is_dqdt;
  options.y_unit = peak->signal_unit;
  if (options.signal_per_time && !(peak->heating_rate > 0))
    {
      g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_NO_DATA,
                   "The heating rate is unknown, so a heat-flow peak cannot be fitted; set the "
                   "run’s heating rate.");
      return NULL;
    }
  if (fit != NULL)
    {
      const char *baseline = json_object_get_string_member_with_default (fit, "baseline", "none");
      gint64 n = json_object_get_int_member_with_default (fit, "n_components", 1);

      if (!baseline_from_string (baseline, &options.baseline, error))
        return NULL;
      if (n < 1 || n > 20)
        {
          g_set_error (error, RLX_SIGNAL_ERROR, RLX_SIGNAL_ERROR_RECIPE,
                       "The number of fit components must be 1–20 (got %" G_GINT64_FORMAT ").", n);
          return NULL;
        }
      options.n_components = (guint) n;
    }

  model = rlx_model_new (model_id, &options, error);
  if (model == NULL)
    return NULL;
  request = rlx_fit_request_new (model, peak->t, peak->peak, NULL, peak->n);
  if (recipe->has_window)
    rlx_fit_request_set_window (request, recipe->window.lo, recipe->window.hi);
  for (guint i = 0; i < recipe->masks->len; i++)
    {
      RlxRange *r = &g_array_index (recipe->masks, RlxRange, i);
      rlx_fit_request_add_mask (request, r->lo, r->hi);
    }
  if (fit != NULL)
    {
      gint64 starts = json_object_get_int_member_with_default (fit, "multi_start", 1);

      if (!apply_members (request, fit, "fixed", apply_fixed, error) ||
          !apply_members (request, fit, "initial", apply_initial, error) ||
          !apply_members (request, fit, "bounds", apply_bounds, error))
        return NULL;
      if (starts > 1)
        rlx_fit_request_set_multi_start (request, (guint) MIN (starts, 100), 0.3, 1);
    }
  return g_steal_pointer (&request);
}

RlxFitResult *
rlx_peak_fit (const RlxPeak   *peak,
              const RlxRecipe *recipe,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autoptr(RlxFitRequest) request = rlx_peak_fit_request_new (peak, recipe, error);

  if (request == NULL)
    return NULL;
  return rlx_fit_run (request, cancellable, NULL, NULL);
}

JsonNode *
rlx_peak_fit_to_json (const RlxPeak      *peak,
                      const RlxFitResult *result)
{
  JsonNode *node = rlx_fit_result_to_json (result);
  JsonObject *object = json_node_get_object (node);
  double e = rlx_fit_result_get_value (result, "E");
  double tp = rlx_fit_result_get_value (result, "Tp");
  double beta = NAN;

  if (isfinite (e) && isfinite (tp) && peak->metrics.fwhm > 0)
    beta = rlx_debye_fwhm (tp, e) / peak->metrics.fwhm;
  json_object_set_member (object, "peak_metrics", rlx_peak_metrics_to_json (&peak->metrics));
  json_object_set_string_member (object, "signal_unit", peak->signal_unit);
  json_object_set_string_member (object, "enthalpy_unit", peak->enthalpy_unit);
  if (isfinite (peak->heating_rate))
    json_object_set_double_member (object, "heating_rate", peak->heating_rate);
  if (isfinite (peak->ts))
    json_object_set_double_member (object, "ts", peak->ts);
  if (isfinite (beta))
    json_object_set_double_member (object, "apparent_beta", beta);
  else
    json_object_set_null_member (object, "apparent_beta");
  return node;
}

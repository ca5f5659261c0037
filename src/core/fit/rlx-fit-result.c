/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relaxun-fit"

#include "config.h"

#include "rlx-fit.h"

#include <math.h>
#include <string.h>

#include "rlx-fit-private.h"
#include "rlx-json.h"

static void
clear_param (gpointer data)
{
  RlxFitParam *p = data;
  g_free (p->name);
  g_free (p->unit);
}

static RlxFitResult *
result_alloc (void)
{
  RlxFitResult *result = g_new0 (RlxFitResult, 1);

  result->params = g_array_new (FALSE, TRUE, sizeof (RlxFitParam));
  g_array_set_clear_func (result->params, clear_param);
  result->derived = g_ptr_array_new_with_free_func ((GDestroyNotify) rlx_derived_free);
  result->chi2 = result->reduced_chi2 = result->aic = result->bic = result->r2 = NAN;
  return result;
}

RlxFitResult *
rlx_fit_result_new_empty (const RlxModel *model)
{
  RlxFitResult *result = result_alloc ();

  result->model_id = g_strdup (rlx_model_get_id (model));
  result->x_unit = g_strdup (rlx_model_get_x_unit (model));
  result->y_unit = g_strdup (rlx_model_get_y_unit (model));
  result->status = RLX_FIT_STATUS_FAILED;
  return result;
}

void
rlx_fit_result_set_params (RlxFitResult   *result,
                           const RlxModel *model,
                           const double   *values,
                           const double   *stderrs,
                           const gboolean *fixed,
                           const gboolean *at_bound)
{
  guint np = rlx_model_get_n_params (model);

  g_array_set_size (result->params, 0);
  for (guint i = 0; i < np; i++)
    {
      const RlxParamSpec *spec = rlx_model_get_param (model, i);
      RlxFitParam p = {
        .name = g_strdup (spec->name),
        .unit = g_strdup (spec->unit),
        .value = values[i],
        .stderr = stderrs != NULL ? stderrs[i] : NAN,
        .fixed = (fixed != NULL && fixed[i]) || spec->constant,
        .at_bound = at_bound != NULL && at_bound[i],
      };
      g_array_append_val (result->params, p);
    }
  result->n_params = np;
}

RlxFitResult *
rlx_fit_result_copy (const RlxFitResult *result)
{
  RlxFitResult *copy = result_alloc ();
  guint np = result->n_params;
  gsize n = result->n_points;

  copy->model_id = g_strdup (result->model_id);
  copy->status = result->status;
  copy->message = g_strdup (result->message);
  for (guint i = 0; i < result->params->len; i++)
    {
      RlxFitParam p = g_array_index (result->params, RlxFitParam, i);
      p.name = g_strdup (p.name);
      p.unit = g_strdup (p.unit);
      g_array_append_val (copy->params, p);
    }
  for (guint i = 0; i < result->derived->len; i++)
    {
      const RlxDerived *d = g_ptr_array_index (result->derived, i);
      RlxDerived *c = g_new0 (RlxDerived, 1);
      c->name = g_strdup (d->name);
      c->unit = g_strdup (d->unit);
      c->value = d->value;
      c->stderr = d->stderr;
      g_ptr_array_add (copy->derived, c);
    }
  copy->chi2 = result->chi2;
  copy->reduced_chi2 = result->reduced_chi2;
  copy->dof = result->dof;
  copy->aic = result->aic;
  copy->bic = result->bic;
  copy->r2 = result->r2;
  copy->iterations = result->iterations;
  copy->n_points = n;
  copy->n_params = np;
  if (result->covariance != NULL)
    copy->covariance = g_memdup2 (result->covariance, np * np * sizeof (double));
  if (result->correlation != NULL)
    copy->correlation = g_memdup2 (result->correlation, np * np * sizeof (double));
  if (n > 0 && result->x != NULL)
    {
      copy->x = g_memdup2 (result->x, n * sizeof (double));
      copy->y = g_memdup2 (result->y, n * sizeof (double));
      copy->fit = g_memdup2 (result->fit, n * sizeof (double));
      copy->residuals = g_memdup2 (result->residuals, n * sizeof (double));
    }
  copy->x_unit = g_strdup (result->x_unit);
  copy->y_unit = g_strdup (result->y_unit);
  return copy;
}

void
rlx_fit_result_free (RlxFitResult *result)
{
  if (result == NULL)
    return;
  g_free (result->model_id);
  g_free (result->message);
  g_array_unref (result->params);
  g_ptr_array_unref (result->derived);
  g_free (result->covariance);
  g_free (result->correlation);
  g_free (result->x);
  g_free (result->y);
  g_free (result->fit);
  g_free (result->residuals);
  g_free (result->x_unit);
  g_free (result->y_unit);
  g_free (result);
}

/**
 * rlx_fit_result_is_success:
 *
 * Returns: %TRUE when the fit converged (possibly with a parameter at a bound).
 */
gboolean
rlx_fit_result_is_success (const RlxFitResult *result)
{
  return result->status == RLX_FIT_STATUS_CONVERGED || result->status == RLX_FIT_STATUS_AT_BOUND;
}

const RlxFitParam *
rlx_fit_result_get_param (const RlxFitResult *result,
                          const char         *name)
{
  for (guint i = 0; i < result->params->len; i++)
    if (g_strcmp0 (g_array_index (result->params, RlxFitParam, i).name, name) == 0)
      return &g_array_index (result->params, RlxFitParam, i);
  return NULL;
}

const RlxDerived *
rlx_fit_result_get_derived (const RlxFitResult *result,
                            const char         *name)
{
  for (guint i = 0; i < result->derived->len; i++)
    {
      const RlxDerived *d = g_ptr_array_index (result->derived, i);
      if (g_strcmp0 (d->name, name) == 0)
        return d;
    }
  return NULL;
}

double
rlx_fit_result_get_value (const RlxFitResult *result,
                          const char         *name)
{
  const RlxFitParam *p = rlx_fit_result_get_param (result, name);
  const RlxDerived *d;

  if (p != NULL)
    return p->value;
  d = rlx_fit_result_get_derived (result, name);
  return d != NULL ? d->value : NAN;
}

double *
rlx_fit_result_dup_values (const RlxFitResult *result)
{
  double *v = g_new (double, MAX (result->params->len, 1));
  for (guint i = 0; i < result->params->len; i++)
    v[i] = g_array_index (result->params, RlxFitParam, i).value;
  return v;
}

void
rlx_fit_json_add_number (JsonBuilder *builder,
                         const char  *name,
                         double       value)
{
  if (name != NULL)
    json_builder_set_member_name (builder, name);
  rlx_json_builder_add_double (builder, value);
}

JsonNode *
rlx_fit_result_to_json (const RlxFitResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint np = result->params->len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, result->model_id);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, rlx_fit_status_to_string (result->status));
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, result->message != NULL ? result->message : "");

  json_builder_set_member_name (b, "parameters");
  json_builder_begin_object (b);
  for (guint i = 0; i < np; i++)
    {
      const RlxFitParam *p = &g_array_index (result->params, RlxFitParam, i);
      json_builder_set_member_name (b, p->name);
      json_builder_begin_object (b);
      rlx_fit_json_add_number (b, "value", p->value);
      rlx_fit_json_add_number (b, "stderr", p->stderr);
      json_builder_set_member_name (b, "unit");
      json_builder_add_string_value (b, p->unit);
      json_builder_set_member_name (b, "fixed");
      json_builder_add_boolean_value (b, p->fixed);
      json_builder_set_member_name (b, "at_bound");
      json_builder_add_boolean_value (b, p->at_bound);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "derived");
  json_builder_begin_object (b);
  for (guint i = 0; i < result->derived->len; i++)
    {
      const RlxDerived *d = g_ptr_array_index (result->derived, i);
      json_builder_set_member_name (b, d->name);
      json_builder_begin_object (b);
      rlx_fit_json_add_number (b, "value", d->value);
      rlx_fit_json_add_number (b, "stderr", d->stderr);
      json_builder_set_member_name (b, "unit");
      json_builder_add_string_value (b, d->unit);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  rlx_fit_json_add_number (b, "chi2", result->chi2);
  rlx_fit_json_add_number (b, "reduced_chi2", result->reduced_chi2);
  json_builder_set_member_name (b, "dof");
  json_builder_add_int_value (b, result->dof);
  rlx_fit_json_add_number (b, "aic", result->aic);
  rlx_fit_json_add_number (b, "bic", result->bic);
  rlx_fit_json_add_number (b, "r2", result->r2);
  json_builder_set_member_name (b, "iterations");
  json_builder_add_int_value (b, result->iterations);
  json_builder_set_member_name (b, "n_points");
  json_builder_add_int_value (b, (gint64) result->n_points);

  json_builder_set_member_name (b, "correlation");
  json_builder_begin_array (b);
  for (guint a = 0; a < np; a++)
    {
      json_builder_begin_array (b);
      for (guint c = 0; c < np; c++)
        rlx_fit_json_add_number (b, NULL, result->correlation != NULL ? result->correlation[a * np + c] : NAN);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "parameter_order");
  json_builder_begin_array (b);
  for (guint i = 0; i < np; i++)
    json_builder_add_string_value (b, g_array_index (result->params, RlxFitParam, i).name);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "x_unit");
  json_builder_add_string_value (b, result->x_unit != NULL ? result->x_unit : "");
  json_builder_set_member_name (b, "y_unit");
  json_builder_add_string_value (b, result->y_unit != NULL ? result->y_unit : "");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static double
get_number (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return NAN;
  if (!JSON_NODE_HOLDS_VALUE (n))
    return NAN;
  return json_node_get_double (n);
}

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/**
 * rlx_fit_result_from_json:
 *
 * Reads what rlx_fit_result_to_json() wrote (e.g. a stored analysis). The data arrays (x, y,
 * fit, residuals) are not part of the JSON and stay empty; the covariance is rebuilt from the
 * correlation and σ.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
RlxFitResult *
rlx_fit_result_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(RlxFitResult) result = NULL;
  JsonObject *root, *params, *derived;
  JsonArray *order, *corr;
  guint np;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  root = json_node_get_object (node);
  if (!json_object_has_member (root, "parameters") || !json_object_has_member (root, "parameter_order") ||
      get_string (root, "model") == NULL)
    goto bad;
  params = json_object_get_object_member (root, "parameters");
  order = json_object_get_array_member (root, "parameter_order");
  if (params == NULL || order == NULL)
    goto bad;

  result = result_alloc ();
  result->model_id = g_strdup (get_string (root, "model"));
  result->status = rlx_fit_status_from_string (get_string (root, "status"));
  result->message = g_strdup (get_string (root, "message"));
  result->x_unit = g_strdup (get_string (root, "x_unit"));
  result->y_unit = g_strdup (get_string (root, "y_unit"));

  np = json_array_get_length (order);
  for (guint i = 0; i < np; i++)
    {
      const char *name = json_array_get_string_element (order, i);
      JsonObject *po = name != NULL ? json_object_get_object_member (params, name) : NULL;
      RlxFitParam p = { 0 };

      if (po == NULL)
        goto bad;
      p.name = g_strdup (name);
      p.unit = g_strdup (get_string (po, "unit"));
      p.value = get_number (po, "value");
      p.stderr = get_number (po, "stderr");
      p.fixed = json_object_has_member (po, "fixed") && json_object_get_boolean_member (po, "fixed");
      p.at_bound = json_object_has_member (po, "at_bound") && json_object_get_boolean_member (po, "at_bound");
      g_array_append_val (result->params, p);
    }
  result->n_params = np;

  derived = json_object_has_member (root, "derived") ? json_object_get_object_member (root, "derived") : NULL;
  if (derived != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (derived);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonObject *dobj = json_object_get_object_member (derived, l->data);
          RlxDerived *d;
          if (dobj == NULL)
            continue;
          d = g_new0 (RlxDerived, 1);
          d->name = g_strdup (l->data);
          d->unit = g_strdup (get_string (dobj, "unit"));
          d->value = get_number (dobj, "value");
          d->stderr = get_number (dobj, "stderr");
          g_ptr_array_add (result->derived, d);
        }
    }

  result->chi2 = get_number (root, "chi2");
  result->reduced_chi2 = get_number (root, "reduced_chi2");
  result->dof = json_object_has_member (root, "dof") ? (int) json_object_get_int_member (root, "dof") : 0;
  result->aic = get_number (root, "aic");
  result->bic = get_number (root, "bic");
  result->r2 = get_number (root, "r2");
  result->iterations = json_object_has_member (root, "iterations") ? (guint) json_object_get_int_member (root, "iterations") : 0;
  result->n_points = json_object_has_member (root, "n_points") ? (gsize) json_object_get_int_member (root, "n_points") : 0;

  corr = json_object_has_member (root, "correlation") ? json_object_get_array_member (root, "correlation") : NULL;
  result->correlation = g_new (double, MAX (np * np, 1));
  result->covariance = g_new (double, MAX (np * np, 1));
  for (guint a = 0; a < np; a++)
    {
      JsonArray *row = corr != NULL && a < json_array_get_length (corr)
                       ? json_array_get_array_element (corr, a) : NULL;
      for (guint c = 0; c < np; c++)
        {
          JsonNode *e = row != NULL && c < json_array_get_length (row) ? json_array_get_element (row, c) : NULL;
          double v = (e != NULL && JSON_NODE_HOLDS_VALUE (e)) ? json_node_get_double (e) : NAN;
          double sa = g_array_index (result->params, RlxFitParam, a).stderr;
          double sc = g_array_index (result->params, RlxFitParam, c).stderr;
          result->correlation[a * np + c] = v;
          result->covariance[a * np + c] = isfinite (v) ? v * sa * sc : 0.0;
        }
    }
  return g_steal_pointer (&result);

bad:
  g_set_error (error, RLX_FIT_ERROR, RLX_FIT_ERROR_INVALID_INPUT,
               "This is not a Relaxun fit result: it needs “model”, “parameters” and "
               "“parameter_order”.");
  return NULL;
}
